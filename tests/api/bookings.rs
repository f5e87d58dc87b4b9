//! Community-tourism bookings over HTTP: a cooperative describes an
//! experience and opens sessions; a guest books one beside goods in the
//! same cart, pays by transfer (never cash on delivery) and gets the
//! booking with its calendar file; places are taken at checkout and never
//! pass a session's capacity, even when many buyers check out at once;
//! the cooperative sees its calendar, closes a date (its bookings move),
//! marks who came, and a completed booking may be reviewed.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, Utc};
use entity::{experience_sessions, outbox};
use sea_orm::EntityTrait;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::announce;
use crate::orders::{Guest, Market, domestic, market_with_stock};

/// The weaving day of the market's first cooperative: terms and two
/// sessions (5 places each, starting in a week and in two weeks).
struct Workshop {
    product: Uuid,
    first: Uuid,
    second: Uuid,
}

/// A day `ahead` days from now, as the schedule form writes it.
fn day(ahead: i64) -> String {
    let d = kernel::time::today_in_vietnam(Utc::now()) + Duration::days(ahead);
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

fn terms() -> Value {
    json!({
        "minutes": 420,
        "meeting_point": "Nhà sinh hoạt cộng đồng Kazan, thôn Pa Ring, A Lưới",
        "map_url": "https://www.openstreetmap.org/?mlat=16.2185&mlon=107.2745",
        "languages": ["vi", "en"],
        "included": "Bữa trưa, sợi và khung dệt",
        "min_people": 1,
        "max_people": 6,
        "per_group": false,
        "child_price_vnd": 60_000,
        "free_cancel_days": 3,
        "late_refund_percent": 50
    })
}

async fn workshop(m: &Market) -> Workshop {
    let product = entity::product_variants::Entity::find_by_id(m.basket)
        .one(&m.app.db.conn)
        .await
        .unwrap()
        .unwrap()
        .product_id;
    let path = format!("/api/v1/products/{product}/experience");
    let (status, body) = m
        .seller_a
        .send(reqwest::Method::PUT, &path, Some(terms()))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["languages"], json!(["vi", "en"]));
    let sessions = format!("/api/v1/products/{product}/sessions");
    let (status, added) = m
        .seller_a
        .post(
            &sessions,
            json!({"from": day(7), "to": day(14), "weekdays": [], "times": ["08:00"], "capacity": 5}),
        )
        .await;
    assert_eq!(status, 201, "{added}");
    let added = added.as_array().unwrap().clone();
    assert_eq!(added.len(), 8, "each day of the eight, at 08:00");
    let id = |v: &Value| v["id"].as_str().unwrap().parse::<Uuid>().unwrap();
    Workshop {
        product,
        first: id(&added[0]),
        second: id(&added[7]),
    }
}

async fn taken(m: &Market, session: Uuid) -> i32 {
    experience_sessions::Entity::find_by_id(session)
        .one(&m.app.db.conn)
        .await
        .unwrap()
        .unwrap()
        .taken
}

async fn book(g: &Guest, session: Uuid, adults: i32, children: i32) -> (u16, Value) {
    g.send(
        reqwest::Method::POST,
        "/api/v1/cart/bookings",
        Some(json!({"session_id": session, "adults": adults, "children": children})),
        None,
    )
    .await
}

/// A request by the guest who holds the order's access token: status and
/// JSON body.
async fn with_token(
    g: &Guest,
    m: &Market,
    method: reqwest::Method,
    path: &str,
    token: &str,
) -> (u16, Value) {
    let answer = g
        .client
        .request(method, m.app.url(path))
        .header("X-Order-Access", token)
        .send()
        .await
        .unwrap();
    let status = answer.status().as_u16();
    (status, answer.json().await.unwrap_or(Value::Null))
}

fn field_codes(body: &Value, field: &str) -> Vec<String> {
    body["error"]["fields"][field]
        .as_array()
        .map(|ps| {
            ps.iter()
                .map(|p| p["code"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn a_guest_books_a_workshop_with_goods_pays_by_transfer_and_the_cooperative_moves_and_completes_it()
 {
    announce(
        "a_guest_books_a_workshop_with_goods_pays_by_transfer_and_the_cooperative_moves_and_completes_it",
    );
    let m = market_with_stock(10, 10).await;

    // the terms and the schedule say what is wrong, field by field
    let w = workshop(&m).await;
    let (status, body) = m
        .seller_a
        .send(
            reqwest::Method::PUT,
            &format!("/api/v1/products/{}/experience", w.product),
            Some(json!({"minutes": 5, "meeting_point": "", "languages": ["xx"], "min_people": 4, "max_people": 2, "per_group": true, "child_price_vnd": 1, "free_cancel_days": 0, "late_refund_percent": 150})),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    for (field, code) in [
        ("minutes", "whole_number_between"),
        ("meeting_point", "required"),
        ("languages", "not_one_of"),
        ("max_people", "below_field"),
        ("child_price_vnd", "not_for_group_price"),
        ("late_refund_percent", "whole_number_between"),
    ] {
        assert_eq!(field_codes(&body, field), vec![code], "{field}: {body}");
    }
    let (status, body) = m
        .seller_a
        .post(
            &format!("/api/v1/products/{}/sessions", w.product),
            json!({"from": "mai", "times": ["8 giờ"], "capacity": 0}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(field_codes(&body, "from"), vec!["not_a_date"]);
    assert_eq!(field_codes(&body, "times"), vec!["not_times_of_day"]);
    assert_eq!(field_codes(&body, "capacity"), vec!["whole_number_between"]);

    // the shop sees the terms and the open dates
    let guest = Guest::new(&m.app);
    let (status, experience) = guest
        .send(
            reqwest::Method::GET,
            &format!("/api/v1/products/{}/experience", w.product),
            None,
            None,
        )
        .await;
    assert_eq!(status, 200, "{experience}");
    assert_eq!(experience["sessions"].as_array().unwrap().len(), 8);
    assert_eq!(experience["sessions"][0]["places_left"], 5);

    // a group too large, or larger than the places, is refused beside its field
    let (status, body) = book(&guest, w.first, 5, 2).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(field_codes(&body, "adults"), vec!["people_between"]);
    let (status, body) = book(&guest, w.first, 4, 0).await;
    assert_eq!(status, 200, "{body}");
    let (status, cart) = guest.add(m.basket, 1).await;
    assert_eq!(status, 200, "{cart}");
    // the booking is one line of the same cart: 4 adults
    let lines: Vec<&Value> = cart["groups"][0]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .collect();
    let booked = lines.iter().find(|l| !l["booking"].is_null()).unwrap();
    assert_eq!(booked["booking"]["adults"], 4);
    assert_eq!(booked["line_total"]["amount"], 4 * 150_000);

    // cash on delivery does not apply to bookings
    let (status, body) = guest.checkout(&domestic("cod"), None).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        field_codes(&body, "payment_method"),
        vec!["not_for_bookings"]
    );
    assert_eq!(
        taken(&m, w.first).await,
        0,
        "nothing taken by a refused checkout"
    );

    let (status, receipt) = guest.checkout(&domestic("bank_transfer"), None).await;
    assert_eq!(status, 201, "{receipt}");
    assert_eq!(taken(&m, w.first).await, 4);
    let order = receipt["orders"][0]["id"].as_str().unwrap().to_owned();
    // goods and a booking: the goods ship, so the order has its fee
    assert_eq!(
        receipt["orders"][0]["items_total"]["amount"],
        5 * 150_000,
        "{receipt}"
    );
    let token = receipt["access_token"].as_str().unwrap().to_owned();

    // the buyer's e-mail carries the booking's calendar file
    let mails: Vec<outbox::Model> = outbox::Entity::find()
        .all(&m.app.db.conn)
        .await
        .unwrap()
        .into_iter()
        .filter(|j| j.payload["template"] == "booking_confirmed")
        .collect();
    assert_eq!(mails.len(), 1);
    let attachment = &mails[0].payload["attachments"][0];
    assert!(
        attachment["filename"].as_str().unwrap().ends_with(".ics"),
        "{attachment}"
    );
    let ics = attachment["body"].as_str().unwrap();
    assert!(ics.contains("DTSTART;TZID=Asia/Ho_Chi_Minh:"), "{ics}");
    assert!(ics.contains("T080000"), "08:00 in Huế: {ics}");

    // and the order page offers the same file, to the guest's token only
    let view = order_view(&guest, &m, &order, &token).await;
    let line = view["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| !l["booking"].is_null())
        .unwrap()
        .clone();
    let item = line["item_id"].as_str().unwrap().to_owned();
    assert_eq!(line["booking"]["status"], "booked");
    let file = format!("/api/v1/orders/{order}/items/{item}/calendar.ics");
    let answer = guest
        .client
        .get(m.app.url(&file))
        .header("X-Order-Access", &token)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 200);
    assert!(
        answer.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    assert!(answer.text().await.unwrap().contains("BEGIN:VEVENT"));
    let stranger = Guest::new(&m.app);
    let (status, _) = stranger.send(reqwest::Method::GET, &file, None, None).await;
    assert_eq!(status, 404);

    // a second buyer cannot book 2 more of the 1 place left
    let other = Guest::new(&m.app);
    let (status, body) = book(&other, w.first, 2, 0).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(field_codes(&body, "session_id"), vec!["no_places_left"]);
    assert_eq!(body["error"]["fields"]["session_id"][0]["left"], 1);

    // the cooperative's calendar shows who comes
    let calendar = format!(
        "/api/v1/cooperatives/{}/bookings?from={}&days=14",
        m.coop_a,
        day(0)
    );
    let (status, days) = m.seller_a.get(&calendar).await;
    assert_eq!(status, 200, "{days}");
    let first = days
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["session"]["id"] == w.first.to_string())
        .unwrap();
    assert_eq!(first["bookings"][0]["adults"], 4);
    assert_eq!(first["bookings"][0]["buyer_name"], "Nguyễn Thị Hoa");
    assert_eq!(first["session"]["taken"], 4);
    let (status, _) = m.staff.get(&calendar).await;
    assert!(
        [403, 404].contains(&status),
        "staff are not the cooperative"
    );

    // the cooperative closes the date and moves its booking to a later one
    let close = format!("/api/v1/sessions/{}/close", w.first);
    let (status, body) = m
        .seller_a
        .post(&close, json!({"reason": "Mưa lũ", "move_to": w.first}))
        .await;
    assert_eq!(status, 422, "not onto itself: {body}");
    assert_eq!(field_codes(&body, "move_to"), vec!["not_a_later_session"]);
    let (status, body) = m
        .seller_a
        .post(
            &close,
            json!({"reason": "Mưa lũ, đường vào thôn bị sạt", "move_to": w.second}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["moved"], 1);
    assert_eq!(taken(&m, w.first).await, 0);
    assert_eq!(taken(&m, w.second).await, 4);
    let moved: Vec<outbox::Model> = outbox::Entity::find()
        .all(&m.app.db.conn)
        .await
        .unwrap()
        .into_iter()
        .filter(|j| j.payload["template"] == "booking_moved")
        .collect();
    assert_eq!(moved.len(), 1, "the buyer is told");
    assert_eq!(
        moved[0].payload["attachments"][0]["filename"],
        attachment["filename"]
    );
    let (status, body) = m
        .seller_a
        .post(&close, json!({"reason": "lại", "move_to": w.second}))
        .await;
    assert_eq!(status, 409, "closed once: {body}");
    let (status, body) = book(&other, w.first, 1, 0).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(field_codes(&body, "session_id"), vec!["session_not_open"]);

    // not reviewable before it took place; the cooperative marks it
    let (status, lines) = with_token(
        &guest,
        &m,
        reqwest::Method::GET,
        &format!("/api/v1/orders/{order}/reviews"),
        &token,
    )
    .await;
    assert_eq!(status, 200, "{lines}");
    assert_eq!(lines["open"], false);
    let mark = format!("/api/v1/bookings/{item}/attendance");
    let (status, body) = m.seller_a.post(&mark, json!({"status": "gone"})).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(field_codes(&body, "status"), vec!["not_one_of"]);
    let (status, body) = m.staff.post(&mark, json!({"status": "arrived"})).await;
    assert!([403, 404].contains(&status), "{body}");
    for status_name in ["arrived", "completed"] {
        let (status, body) = m.seller_a.post(&mark, json!({"status": status_name})).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["status"], status_name);
    }
    // its booking took place, but the order has goods (and still waits
    // for its transfer): marking the booking does not move the order
    let row = order_row(&m, &order).await;
    assert_eq!(row.status, "pending_payment");
    let (status, lines) = with_token(
        &guest,
        &m,
        reqwest::Method::GET,
        &format!("/api/v1/orders/{order}/reviews"),
        &token,
    )
    .await;
    assert_eq!(status, 200, "{lines}");
    assert_eq!(lines["open"], true);
    let form = reqwest::multipart::Form::new()
        .text("rating", "5")
        .text("body", "Chị Hạnh dạy dệt rất kiên nhẫn, bữa trưa ngon.");
    let answer = guest
        .client
        .post(
            m.app
                .url(&format!("/api/v1/orders/{order}/items/{item}/review")),
        )
        .header("X-Order-Access", &token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(
        answer.status().as_u16(),
        201,
        "{}",
        answer.text().await.unwrap()
    );
}

#[tokio::test]
async fn the_last_places_of_a_session_go_to_exactly_as_many_groups_as_fit() {
    announce("the_last_places_of_a_session_go_to_exactly_as_many_groups_as_fit");
    let m = market_with_stock(10, 10).await;
    let w = workshop(&m).await;
    // 40 guests of 2 people each, for 5 places: two groups fit
    let guests: Vec<Guest> = (0..40).map(|_| Guest::new(&m.app)).collect();
    for g in &guests {
        let (status, body) = book(g, w.first, 2, 0).await;
        assert_eq!(status, 200, "{body}");
    }
    let body = domestic("bank_transfer");
    let keys: Vec<String> = (0..guests.len()).map(|i| format!("places-{i}")).collect();
    let sent = futures::future::join_all(
        guests
            .iter()
            .zip(&keys)
            .map(|(g, key)| g.checkout_retrying(&body, key)),
    )
    .await;
    let mut statuses = BTreeMap::new();
    for ((status, b), _) in &sent {
        *statuses.entry(*status).or_insert(0) += 1;
        assert!(*status < 500, "{status}: {b}");
        if *status == 409 {
            assert_eq!(b["error"]["code"], "no_places_left", "{b}");
        }
    }
    let left = taken(&m, w.first).await;
    testkit::report(&format!(
        "bookings race: 40 concurrent checkouts of 2 people for 5 places → statuses {statuses:?}, places taken {left} of 5"
    ));
    assert_eq!(statuses.get(&201), Some(&2));
    assert_eq!(statuses.get(&409), Some(&38));
    assert_eq!(left, 4);
}

/// The order as its guest buyer sees it, with the order's token.
async fn order_view(guest: &Guest, m: &Market, order: &str, token: &str) -> Value {
    let (status, view) = with_token(
        guest,
        m,
        reqwest::Method::GET,
        &format!("/api/v1/orders/{order}"),
        token,
    )
    .await;
    assert_eq!(status, 200, "{view}");
    view
}

/// A session of the workshop tomorrow at 16:00, with 6 places: inside the
/// 3 days of free cancellation.
async fn session_tomorrow(m: &Market, w: &Workshop) -> Uuid {
    let (status, added) = m
        .seller_a
        .post(
            &format!("/api/v1/products/{}/sessions", w.product),
            json!({"from": day(1), "times": ["16:00"], "capacity": 6}),
        )
        .await;
    assert_eq!(status, 201, "{added}");
    added[0]["id"].as_str().unwrap().parse().unwrap()
}

/// The id of the first line of `order`.
async fn first_line(m: &Market, order: &str) -> String {
    entity::order_items::Entity::find()
        .all(&m.app.db.conn)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.order_id.to_string() == order)
        .unwrap()
        .id
        .to_string()
}

async fn order_row(m: &Market, order: &str) -> entity::orders::Model {
    entity::orders::Entity::find_by_id(order.parse::<Uuid>().unwrap())
        .one(&m.app.db.conn)
        .await
        .unwrap()
        .unwrap()
}

/// A guest's paid booking of `session` for `adults`: the order, its
/// booked line and the guest's token.
async fn paid_booking(
    m: &Market,
    session: Uuid,
    adults: i32,
    pay: bool,
) -> (Guest, String, String, String) {
    let guest = Guest::new(&m.app);
    let (status, body) = book(&guest, session, adults, 0).await;
    assert_eq!(status, 200, "{body}");
    let (status, receipt) = guest.checkout(&domestic("bank_transfer"), None).await;
    assert_eq!(status, 201, "{receipt}");
    if pay {
        confirm(m, &receipt).await;
    }
    let order = receipt["orders"][0]["id"].as_str().unwrap().to_owned();
    let item = first_line(m, &order).await;
    let token = receipt["access_token"].as_str().unwrap().to_owned();
    (guest, order, item, token)
}

async fn cancel(g: &Guest, m: &Market, order: &str, item: &str, token: &str) -> (u16, Value) {
    with_token(
        g,
        m,
        reqwest::Method::POST,
        &format!("/api/v1/orders/{order}/items/{item}/cancel-booking"),
        token,
    )
    .await
}

#[tokio::test]
async fn a_late_cancellation_refunds_the_policys_share_and_a_date_closed_for_good_refunds_everything()
 {
    announce(
        "a_late_cancellation_refunds_the_policys_share_and_a_date_closed_for_good_refunds_everything",
    );
    let m = market_with_stock(10, 10).await;
    let w = workshop(&m).await;
    // a session tomorrow: inside the 3 days of free cancellation
    let tomorrow = session_tomorrow(&m, &w).await;

    // unpaid: cancelled as a whole order, not a booking at a time
    let (guest, order, item, token) = paid_booking(&m, tomorrow, 2, false).await;
    let (status, body) = cancel(&guest, &m, &order, &item, &token).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "order_not_paid");

    // paid, cancelled late: half of 2 × 150.000 back, places back, once
    let (guest, order, item, token) = paid_booking(&m, tomorrow, 2, true).await;
    assert_eq!(taken(&m, tomorrow).await, 4);
    let view = order_view(&guest, &m, &order, &token).await;
    assert_eq!(view["items"][0]["booking"]["cancellable"], true);
    assert_eq!(
        view["items"][0]["booking"]["refund_if_cancelled"]["amount"],
        150_000
    );
    let stranger = Guest::new(&m.app);
    let (status, _) = cancel(&stranger, &m, &order, &item, "no-token").await;
    assert_eq!(status, 404);
    let (status, body) = cancel(&guest, &m, &order, &item, &token).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["refund"]["amount"], 150_000);
    assert_eq!(taken(&m, tomorrow).await, 2);
    let row = order_row(&m, &order).await;
    assert_eq!(row.refunded_vnd, 150_000);
    assert_eq!(row.payment_status, "partially_refunded");
    let (status, body) = cancel(&guest, &m, &order, &item, &token).await;
    assert_eq!(status, 409, "never twice: {body}");
    assert_eq!(order_row(&m, &order).await.refunded_vnd, 150_000);
    let refunds: Vec<entity::refunds::Model> = entity::refunds::Entity::find()
        .all(&m.app.db.conn)
        .await
        .unwrap();
    assert_eq!(refunds.len(), 1);
    assert_eq!(refunds[0].status, "succeeded");

    // a date closed with nowhere to move: the paid booking is refunded in
    // full, the unpaid order cancelled, every place back
    let (_, paid_order, _, _) = paid_booking(&m, w.first, 3, true).await;
    let (_, unpaid_order, _, _) = paid_booking(&m, w.first, 1, false).await;
    assert_eq!(taken(&m, w.first).await, 4);
    let (status, body) = m
        .seller_a
        .post(
            &format!("/api/v1/sessions/{}/close", w.first),
            json!({"reason": "Lễ hội Katu, cả thôn đi dự"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["cancelled"], 2);
    assert_eq!(order_row(&m, &paid_order).await.refunded_vnd, 3 * 150_000);
    assert_eq!(order_row(&m, &unpaid_order).await.status, "cancelled");
    assert_eq!(taken(&m, w.first).await, 0);
    let mails: Vec<String> = outbox::Entity::find()
        .all(&m.app.db.conn)
        .await
        .unwrap()
        .into_iter()
        .map(|j| {
            j.payload["template"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    assert!(
        mails.iter().filter(|t| *t == "refund_issued").count() >= 2,
        "{mails:?}"
    );
}

/// A guest's booking of `session` for `adults`, checked out paying only
/// the deposit: the answer and the guest.
async fn deposit_checkout(m: &Market, session: Uuid, adults: i32) -> (Guest, u16, Value) {
    let guest = Guest::new(&m.app);
    let (status, body) = book(&guest, session, adults, 0).await;
    assert_eq!(status, 200, "{body}");
    let mut input = domestic("bank_transfer");
    input["deposit"] = json!(true);
    let (status, receipt) = guest.checkout(&input, None).await;
    (guest, status, receipt)
}

/// The workshop's terms again, taking a deposit of `percent`.
async fn takes_deposit(m: &Market, w: &Workshop, percent: i32) -> (u16, Value) {
    let mut with_deposit = terms();
    with_deposit["deposit_percent"] = json!(percent);
    m.seller_a
        .send(
            reqwest::Method::PUT,
            &format!("/api/v1/products/{}/experience", w.product),
            Some(with_deposit),
        )
        .await
}

/// Union staff confirm that the transfer of `receipt`'s checkout arrived.
async fn confirm(m: &Market, receipt: &Value) {
    let payment = receipt["payment"]["id"].as_str().unwrap();
    let (status, body) = m
        .staff
        .post(&format!("/api/v1/payments/{payment}/confirm"), json!({}))
        .await;
    assert_eq!(status, 200, "{body}");
}

async fn ledger_balance(m: &Market) -> Value {
    let (status, body) = m
        .seller_a
        .get(&format!("/api/v1/cooperatives/{}/ledger", m.coop_a))
        .await;
    assert_eq!(status, 200, "{body}");
    body["balance"].clone()
}

#[tokio::test]
async fn a_deposit_is_paid_online_and_the_rest_collected_on_arrival_each_booked_once() {
    announce("a_deposit_is_paid_online_and_the_rest_collected_on_arrival_each_booked_once");
    let m = market_with_stock(10, 10).await;
    let w = workshop(&m).await;

    // the weaving day takes no deposit yet: asking for one is refused
    // beside the choice, and nothing is taken
    let (_, status, body) = deposit_checkout(&m, w.first, 2).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(field_codes(&body, "deposit"), vec!["deposit_not_offered"]);
    assert_eq!(taken(&m, w.first).await, 0);

    // the cooperative takes 30 % (95 % is not a deposit)
    let (status, body) = takes_deposit(&m, &w, 95).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        field_codes(&body, "deposit_percent"),
        vec!["whole_number_between"]
    );
    let (status, body) = takes_deposit(&m, &w, 30).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["deposit_percent"], 30);

    // 2 × 150.000 ₫: 90.000 ₫ now, 210.000 ₫ on arrival
    let (guest, status, receipt) = deposit_checkout(&m, w.first, 2).await;
    assert_eq!(status, 201, "{receipt}");
    assert_eq!(receipt["total"]["amount"], 300_000);
    assert_eq!(receipt["pay_now"]["amount"], 90_000);
    assert_eq!(receipt["on_arrival"]["amount"], 210_000);
    assert_eq!(
        receipt["payment"]["amount_vnd"], 90_000,
        "the transfer asks for the deposit"
    );
    assert_eq!(receipt["orders"][0]["on_arrival"]["amount"], 210_000);
    assert_eq!(taken(&m, w.first).await, 2);
    // the e-mail tells the buyer to transfer the deposit
    let reference = receipt["payment"]["reference"].as_str().unwrap();
    let placed: Vec<String> = outbox::Entity::find()
        .all(&m.app.db.conn)
        .await
        .unwrap()
        .into_iter()
        .filter(|j| j.payload["template"] == "order_placed")
        .map(|j| j.payload["text"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(placed.len(), 1);
    let transfer = placed[0]
        .lines()
        .find(|l| l.contains(&format!("— {reference}")))
        .unwrap_or_default();
    assert!(transfer.contains("90.000"), "{transfer}");
    confirm(&m, &receipt).await;
    let order = receipt["orders"][0]["id"].as_str().unwrap().to_owned();
    let token = receipt["access_token"].as_str().unwrap().to_owned();
    let view = order_view(&guest, &m, &order, &token).await;
    assert_eq!(view["payment_status"], "paid");
    assert_eq!(view["deposit"]["paid_online"]["amount"], 90_000);
    assert_eq!(view["deposit"]["on_arrival"]["amount"], 210_000);
    assert_eq!(view["deposit"]["collected"]["amount"], 0);
    assert_eq!(view["items"][0]["booking"]["on_arrival"]["amount"], 210_000);

    // the sale booked is what arrived, its commission in proportion (5 %)
    let book = ledger_balance(&m).await;
    assert_eq!(book["sales_vnd"], 90_000, "{book}");
    assert_eq!(book["commission_vnd"], 4_500, "{book}");
    assert_eq!(book["balance_vnd"], 85_500, "{book}");

    // nothing more than the deposit can go back before the rest is paid
    let (status, body) = m
        .staff
        .post(
            &format!("/api/v1/orders/{order}/refunds"),
            json!({"amount_vnd": 100_000, "reason": "thử hoàn quá tiền cọc"}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(field_codes(&body, "amount_vnd"), vec!["refund_too_large"]);

    // the cooperative's calendar says what to collect
    let (status, calendar) = m
        .seller_a
        .get(&format!(
            "/api/v1/cooperatives/{}/bookings?from={}&days=1",
            m.coop_a,
            day(7)
        ))
        .await;
    assert_eq!(status, 200, "{calendar}");
    assert_eq!(calendar[0]["bookings"][0]["on_arrival"]["amount"], 210_000);

    // the guests come and pay the rest: recorded once, by the cooperative
    let collect = format!("/api/v1/orders/{order}/balance-collected");
    let (status, body) = m.staff.post(&collect, json!({})).await;
    assert_eq!(status, 404, "only the cooperative collects: {body}");
    let (status, body) = m.seller_a.post(&collect, json!({})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["collected"]["amount"], 210_000);
    assert_eq!(body["commission"]["amount"], 10_500);
    let (status, body) = m.seller_a.post(&collect, json!({})).await;
    assert_eq!(status, 409, "never twice: {body}");
    let row = order_row(&m, &order).await;
    assert_eq!(
        (row.balance_vnd, row.balance_collected_vnd),
        (210_000, 210_000)
    );

    // the cooperative kept the cash: the market took its commission from
    // what it owes, 5 % of the whole 300.000 ₫ in all
    let book = ledger_balance(&m).await;
    assert_eq!(book["sales_vnd"], 90_000, "{book}");
    assert_eq!(book["commission_vnd"], 15_000, "{book}");
    assert_eq!(book["balance_vnd"], 75_000, "{book}");
    let (status, payouts) = m.staff.get("/api/v1/moderation/payouts").await;
    assert_eq!(status, 200, "{payouts}");
    let tb = &payouts["trial_balance"];
    assert_eq!(tb["received_vnd"], 90_000, "{tb}");
    assert_eq!(tb["market_cash_vnd"], 90_000, "{tb}");
    assert!(tb["unbalanced"].as_array().unwrap().is_empty(), "{tb}");
    let view = order_view(&guest, &m, &order, &token).await;
    assert_eq!(view["deposit"]["on_arrival"]["amount"], 0);
    assert_eq!(view["deposit"]["collected"]["amount"], 210_000);

    // arrived is not yet over; completed ends the order of bookings
    let mark = format!(
        "/api/v1/bookings/{}/attendance",
        view["items"][0]["item_id"].as_str().unwrap()
    );
    let (status, body) = m.seller_a.post(&mark, json!({"status": "arrived"})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(order_row(&m, &order).await.status, "confirmed");
    let (status, body) = m.seller_a.post(&mark, json!({"status": "completed"})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(order_row(&m, &order).await.status, "completed");
}

#[tokio::test]
async fn a_cancelled_deposit_comes_back_early_and_pays_the_late_cancellations_cost() {
    announce("a_cancelled_deposit_comes_back_early_and_pays_the_late_cancellations_cost");
    let m = market_with_stock(10, 10).await;
    let w = workshop(&m).await;
    let (status, body) = takes_deposit(&m, &w, 30).await;
    assert_eq!(status, 200, "{body}");

    // two weeks ahead, before the free-cancellation days: the whole
    // deposit back, and nothing left to pay on arrival
    let (guest, status, receipt) = deposit_checkout(&m, w.second, 2).await;
    assert_eq!(status, 201, "{receipt}");
    confirm(&m, &receipt).await;
    let order = receipt["orders"][0]["id"].as_str().unwrap().to_owned();
    let token = receipt["access_token"].as_str().unwrap().to_owned();
    let item = first_line(&m, &order).await;
    let (status, body) = cancel(&guest, &m, &order, &item, &token).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["refund"]["amount"], 90_000);
    let row = order_row(&m, &order).await;
    assert_eq!(row.refunded_vnd, 90_000);
    assert_eq!(
        row.payment_status, "refunded",
        "all that was paid went back"
    );
    assert_eq!(taken(&m, w.second).await, 0);
    let view = order_view(&guest, &m, &order, &token).await;
    assert_eq!(view["deposit"]["on_arrival"]["amount"], 0);
    let (status, body) = m
        .seller_a
        .post(
            &format!("/api/v1/orders/{order}/balance-collected"),
            json!({}),
        )
        .await;
    assert_eq!(
        status, 409,
        "nothing to collect from a cancelled booking: {body}"
    );

    // tomorrow, late: half of 300.000 ₫ is kept, more than the 90.000 ₫
    // deposit, so nothing comes back, and nothing is owed either
    let tomorrow = session_tomorrow(&m, &w).await;
    let (guest, status, receipt) = deposit_checkout(&m, tomorrow, 2).await;
    assert_eq!(status, 201, "{receipt}");
    confirm(&m, &receipt).await;
    let order = receipt["orders"][0]["id"].as_str().unwrap().to_owned();
    let token = receipt["access_token"].as_str().unwrap().to_owned();
    let view = order_view(&guest, &m, &order, &token).await;
    assert_eq!(
        view["items"][0]["booking"]["refund_if_cancelled"]["amount"],
        0
    );
    let item = view["items"][0]["item_id"].as_str().unwrap().to_owned();
    let (status, body) = cancel(&guest, &m, &order, &item, &token).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["refund"]["amount"], 0);
    assert_eq!(order_row(&m, &order).await.refunded_vnd, 0);
    assert_eq!(taken(&m, tomorrow).await, 0);
}
