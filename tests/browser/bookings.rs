//! Community tourism in Chromium with JavaScript off, on a 390 px phone:
//! a shopper books Kazan's weaving day for 4 people on a date with 5
//! places, puts a Bao La basket in the same cart and pays by transfer,
//! and gets the booking's calendar file; a second shopper cannot book 2
//! more on that date (said beside the date); Kazan closes that date for
//! a flood and moves the booking to a later one; it marks the booking
//! completed, and the shopper reviews it with a photo. A couple pays only
//! the deposit of a homestay night, and Kazan records the rest collected
//! when they come. Every page fits the phone; screenshots of each.

use entity::{experience_sessions, outbox, product_variants, products};
use hoptac_tests::browser::Browser;
use hoptac_tests::users::{PASSWORD, Person};
use hoptac_tests::{Seed, TestApp, spawn_app_with};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::steps::{
    count, fill_contact_and_address, fits_the_width, photo, place_order, problems, sign_in_with,
    sign_out,
};

const SHOPPER: &str = "mai.nguyen@example.vn";
const SECOND: &str = "duc.le@example.vn";
const HOST: &str = "hanh.kazan@example.vn";

/// Kazan's id, the weaving day's slug and its sessions, soonest first, with
/// the host added as Kazan's owner.
async fn kazan(app: &TestApp) -> (String, String, Vec<uuid::Uuid>) {
    let host = app.person(HOST, true).await;
    let coop = app.get_json("/api/v1/cooperatives/kazan", 200).await;
    let id = coop["id"].as_str().unwrap().to_owned();
    accounts::add_member(
        &app.db.conn,
        kernel::CooperativeId(id.parse().unwrap()),
        kernel::UserId(host.id.parse().unwrap()),
        accounts::MemberRole::Owner,
    )
    .await
    .unwrap();
    let (slug, sessions) = experience(app, "KZ-DET-1").await;
    (id, slug, sessions)
}

/// The slug and the sessions, soonest first, of the experience whose first
/// variant is `sku`.
async fn experience(app: &TestApp, sku: &str) -> (String, Vec<uuid::Uuid>) {
    let db = &app.db.conn;
    let variant = product_variants::Entity::find()
        .filter(product_variants::Column::Sku.eq(sku))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let slug = products::Entity::find_by_id(variant.product_id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .slug;
    let sessions = experience_sessions::Entity::find()
        .filter(experience_sessions::Column::ProductId.eq(variant.product_id))
        .order_by_asc(experience_sessions::Column::StartsAt)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    (slug, sessions)
}

/// The booked line `which` picks, its order and its checkout's payment.
async fn booked(
    app: &TestApp,
    which: sea_orm::sea_query::SimpleExpr,
) -> (
    entity::order_items::Model,
    entity::orders::Model,
    entity::payments::Model,
) {
    let line = entity::order_items::Entity::find()
        .filter(which)
        .one(&app.db.conn)
        .await
        .unwrap()
        .unwrap();
    let order = entity::orders::Entity::find_by_id(line.order_id)
        .one(&app.db.conn)
        .await
        .unwrap()
        .unwrap();
    let payment = entity::payments::Entity::find()
        .filter(entity::payments::Column::CheckoutId.eq(order.checkout_id))
        .one(&app.db.conn)
        .await
        .unwrap()
        .unwrap();
    (line, order, payment)
}

/// Union staff confirm that the transfer of `payment` arrived.
async fn confirm(staff: &Person, payment: uuid::Uuid) {
    let (status, body) = staff
        .post(
            &format!("/api/v1/payments/{payment}/confirm"),
            serde_json::json!({}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
}

/// Books `adults` on `session` from the experience's page.
async fn book(b: &Browser, app: &TestApp, slug: &str, session: uuid::Uuid, adults: &str) {
    b.goto(&app.url(&format!("/products/{slug}")))
        .await
        .unwrap();
    b.click(&format!("input[name=session_id][value='{session}']"))
        .await
        .unwrap();
    b.fill("form.book-form input[name=adults]", adults)
        .await
        .unwrap();
    b.submit("form.book-form button[type=submit]")
        .await
        .unwrap();
}

#[tokio::test]
async fn a_shopper_books_a_weaving_day_with_a_basket_kazan_moves_it_and_she_reviews_it() {
    eprintln!(
        "[{}] browser: book 4 of 5 places + basket → transfer → .ics → second shopper refused → date closed, booking moved → completed → reviewed, at 390 px",
        testkit::Backend::current().name()
    );
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let (kazan, weaving, sessions) = kazan(&app).await;
    let (first, second) = (sessions[0], sessions[1]);
    let bao_la = app.get_json("/api/v1/cooperatives/bao-la", 200).await;
    let basket = crate::steps::first_product(&app, bao_la["id"].as_str().unwrap()).await;
    app.person(SHOPPER, true).await;
    app.person(SECOND, true).await;
    let b = Browser::start()
        .await
        .expect("chromium and chromedriver start");
    b.resize(390, 844).await.unwrap();

    // the weaving day's page: its terms and open dates, then 4 of 5 places
    sign_in_with(&b, &app, SHOPPER, PASSWORD, "/").await;
    b.goto(&app.url(&format!("/products/{weaving}")))
        .await
        .unwrap();
    assert_eq!(count(&b, "section.experience").await, 1);
    assert!(count(&b, "form.book-form input[name=session_id]").await >= 2);
    fits_the_width(&b).await;
    b.screenshot("bookings-390-1-experience").await.unwrap();
    book(&b, &app, &weaving, first, "4").await;
    assert_eq!(
        b.path().await.unwrap(),
        "/cart?notice=cart-added",
        "{}",
        problems(&b).await
    );

    // a basket in the same cart; paid by transfer
    let confirmation = place_order(&b, &app, &basket, "bank_transfer").await;
    assert!(confirmation.starts_with("/checkout/"));
    fits_the_width(&b).await;
    b.screenshot("bookings-390-2-placed").await.unwrap();
    // two orders, one per cooperative: Kazan's holds the booking
    assert_eq!(count(&b, ".receipt-order").await, 2);
    let item = entity::order_items::Entity::find()
        .filter(entity::order_items::Column::SessionId.is_not_null())
        .one(&app.db.conn)
        .await
        .unwrap()
        .unwrap();
    let order = format!("/orders/{}", item.order_id);
    assert_eq!(
        count(&b, &format!(".receipt-order a[href='{order}']")).await,
        1
    );
    let taken = experience_sessions::Entity::find_by_id(first)
        .one(&app.db.conn)
        .await
        .unwrap()
        .unwrap()
        .taken;
    assert_eq!(taken, 4);

    // the booking's e-mail carries its calendar file; the order links it
    let mails: Vec<outbox::Model> = outbox::Entity::find()
        .all(&app.db.conn)
        .await
        .unwrap()
        .into_iter()
        .filter(|j| {
            j.payload["template"] == "booking_confirmed" && j.payload["to_email"] == SHOPPER
        })
        .collect();
    assert_eq!(mails.len(), 1);
    let ics = mails[0].payload["attachments"][0]["body"].as_str().unwrap();
    assert!(ics.contains("DTSTART;TZID=Asia/Ho_Chi_Minh:"), "{ics}");
    b.goto(&app.url(&order)).await.unwrap();
    assert_eq!(count(&b, "a[href$='calendar.ics']").await, 1);
    fits_the_width(&b).await;
    b.screenshot("bookings-390-3-order").await.unwrap();

    // a second shopper cannot book 2 more of the 1 place left
    sign_out(&b).await;
    sign_in_with(&b, &app, SECOND, PASSWORD, "/").await;
    book(&b, &app, &weaving, first, "2").await;
    assert_ne!(b.path().await.unwrap(), "/cart?notice=cart-added");
    assert_eq!(count(&b, "form.book-form .field-error").await, 1);
    assert_eq!(
        count(
            &b,
            &format!("input[name=session_id][value='{first}']:checked")
        )
        .await,
        1,
        "the date chosen is kept"
    );
    fits_the_width(&b).await;
    b.screenshot("bookings-390-4-refused").await.unwrap();

    // Kazan closes that date for a flood and moves the booking
    sign_out(&b).await;
    sign_in_with(&b, &app, HOST, PASSWORD, "/").await;
    let calendar = format!("/seller/cooperatives/{kazan}/bookings");
    b.goto(&app.url(&calendar)).await.unwrap();
    assert_eq!(
        count(&b, &format!("#session-{first} li[id^='booking-']")).await,
        1
    );
    fits_the_width(&b).await;
    b.screenshot("bookings-390-5-calendar").await.unwrap();
    b.click(&format!("#session-{first} details.close-date summary"))
        .await
        .unwrap();
    b.fill(
        &format!("#session-{first} input[name=reason]"),
        "Mưa lũ, đường vào thôn bị sạt lở",
    )
    .await
    .unwrap();
    b.click(&format!(
        "#session-{first} select[name=move_to] option[value='{second}']"
    ))
    .await
    .unwrap();
    b.submit(&format!(
        "#session-{first} details.close-date button[type=submit]"
    ))
    .await
    .unwrap();
    assert!(
        b.path().await.unwrap().contains("notice=session-closed"),
        "{}",
        problems(&b).await
    );
    assert_eq!(
        count(&b, &format!("#session-{second} li[id^='booking-']")).await,
        1,
        "the booking moved"
    );
    let moved = outbox::Entity::find()
        .all(&app.db.conn)
        .await
        .unwrap()
        .into_iter()
        .filter(|j| j.payload["template"] == "booking_moved" && j.payload["to_email"] == SHOPPER)
        .count();
    assert_eq!(moved, 1, "the shopper is told");
    fits_the_width(&b).await;
    b.screenshot("bookings-390-6-moved").await.unwrap();

    // after the day, Kazan marks it completed
    b.submit(&format!(
        "#session-{second} form[action$='/attendance']:has(input[name=status][value=completed]) button"
    ))
    .await
    .unwrap();
    assert!(b.path().await.unwrap().starts_with(&calendar));

    // the shopper reviews it with a photo
    sign_out(&b).await;
    sign_in_with(&b, &app, SHOPPER, PASSWORD, "/").await;
    let item = item.id;
    b.goto(&app.url(&format!("{order}/reviews"))).await.unwrap();
    let booked = format!("form[action$='/reviews/{item}']");
    b.click(&format!("{booked} input[name=rating][value='5']"))
        .await
        .unwrap();
    b.fill(
        &format!("{booked} textarea[name=body]"),
        "Chị Hạnh dạy dệt rất kiên nhẫn, bữa trưa ngon, con gái tôi mang về dải zèng đầu tiên.",
    )
    .await
    .unwrap();
    b.attach(&format!("{booked} input[name=pictures]"), &photo("booking"))
        .await
        .unwrap();
    b.submit(&format!("{booked} button[type=submit]"))
        .await
        .unwrap();
    assert!(
        b.path().await.unwrap().contains("notice=review-written"),
        "{}",
        problems(&b).await
    );
    assert_eq!(count(&b, ".buyer-review .review-pictures img").await, 1);
    fits_the_width(&b).await;
    b.screenshot("bookings-390-7-reviewed").await.unwrap();
}

#[tokio::test]
async fn kazan_edits_its_terms_and_a_shopper_cancels_a_paid_booking_for_the_policys_refund() {
    eprintln!(
        "[{}] browser: terms refused then saved → book → paid → cancelled from the order with its refund, at 390 px",
        testkit::Backend::current().name()
    );
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let (kazan, weaving, sessions) = kazan(&app).await;
    app.person(SHOPPER, true).await;
    let staff = app.union_staff("thu.ngan@hoptac.vn").await;
    let b = Browser::start()
        .await
        .expect("chromium and chromedriver start");
    b.resize(390, 844).await.unwrap();

    // Kazan's host opens the weaving day's terms, sends a two-week
    // duration (refused beside it, the rest kept), then a good one
    sign_in_with(&b, &app, HOST, PASSWORD, "/").await;
    let weaving_id = products::Entity::find()
        .filter(products::Column::Slug.eq(weaving.clone()))
        .one(&app.db.conn)
        .await
        .unwrap()
        .unwrap()
        .id;
    b.goto(&app.url(&format!(
        "/seller/cooperatives/{kazan}/bookings?terms={weaving_id}"
    )))
    .await
    .unwrap();
    let terms = "#experience-terms form[method=post]";
    b.fill(&format!("{terms} input[name=minutes]"), "20000")
        .await
        .unwrap();
    b.fill(
        &format!("{terms} textarea[name=included]"),
        "Bữa trưa, nước uống, sợi, khung dệt và một chiếc khăn zèng nhỏ",
    )
    .await
    .unwrap();
    b.submit(&format!("{terms} button[type=submit]"))
        .await
        .unwrap();
    assert!(count(&b, &format!("{terms} .field-error")).await >= 1);
    let kept = b
        .text(&format!("{terms} textarea[name=included]"))
        .await
        .unwrap();
    assert!(kept.contains("khăn zèng"), "{kept}");
    fits_the_width(&b).await;
    b.screenshot("bookings-390-8-terms-refused").await.unwrap();
    b.fill(&format!("{terms} input[name=minutes]"), "450")
        .await
        .unwrap();
    b.submit(&format!("{terms} button[type=submit]"))
        .await
        .unwrap();
    assert!(
        b.path().await.unwrap().contains("notice=experience-saved"),
        "{}",
        problems(&b).await
    );
    let saved = entity::experiences::Entity::find_by_id(weaving_id)
        .one(&app.db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(saved.minutes, 450);
    assert!(saved.included.contains("khăn zèng"));

    // a shopper books 2 places and pays by transfer; the union sees it
    sign_out(&b).await;
    sign_in_with(&b, &app, SHOPPER, PASSWORD, "/").await;
    // four weeks ahead: inside the free cancellation
    let later = *sessions.last().unwrap();
    book(&b, &app, &weaving, later, "2").await;
    assert_eq!(b.path().await.unwrap(), "/cart?notice=cart-added");
    b.submit("a.checkout-button").await.unwrap();
    fill_contact_and_address(&b).await;
    b.click("input[name=payment_method][value=cod]")
        .await
        .unwrap();
    b.submit("button.place-order").await.unwrap();
    assert_eq!(
        count(&b, ".field-error").await,
        1,
        "cash on delivery is refused beside the choice"
    );
    b.click("input[name=payment_method][value=bank_transfer]")
        .await
        .unwrap();
    b.submit("button.place-order").await.unwrap();
    assert!(b.path().await.unwrap().starts_with("/checkout/"));
    let (line, order, payment) =
        booked(&app, entity::order_items::Column::SessionId.is_not_null()).await;
    confirm(&staff, payment.id).await;

    // from her order she cancels the booking: free cancellation, all back
    b.goto(&app.url(&format!("/orders/{}", order.id)))
        .await
        .unwrap();
    let form = format!("form[action$='/bookings/{}/cancel']", line.id);
    assert_eq!(count(&b, &form).await, 1);
    fits_the_width(&b).await;
    b.screenshot("bookings-390-9-cancel").await.unwrap();
    b.submit(&format!("{form} button")).await.unwrap();
    assert!(
        b.path().await.unwrap().contains("notice=booking-cancelled"),
        "{}",
        problems(&b).await
    );
    let after = entity::orders::Entity::find_by_id(order.id)
        .one(&app.db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.refunded_vnd, line.line_total_vnd);
    assert_eq!(count(&b, &form).await, 0, "cancelled once");
    fits_the_width(&b).await;
    b.screenshot("bookings-390-10-cancelled").await.unwrap();
}

#[tokio::test]
async fn a_shopper_pays_a_homestays_deposit_and_kazan_collects_the_rest_on_arrival() {
    eprintln!(
        "[{}] browser: homestay booked paying the 30% deposit → confirmed → Kazan collects the rest → its ledger, at 390 px",
        testkit::Backend::current().name()
    );
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let (kazan, _, _) = kazan(&app).await;
    let (homestay, sessions) = experience(&app, "KZ-HOME-1").await;
    app.person(SHOPPER, true).await;
    let staff = app.union_staff("thu.ngan@hoptac.vn").await;
    let b = Browser::start()
        .await
        .expect("chromium and chromedriver start");
    b.resize(390, 844).await.unwrap();

    // the listing says a deposit is taken; she books two for a night
    sign_in_with(&b, &app, SHOPPER, PASSWORD, "/").await;
    let night = sessions[3];
    book(&b, &app, &homestay, night, "2").await;
    assert_eq!(b.path().await.unwrap(), "/cart?notice=cart-added");
    b.goto(&app.url(&format!("/products/{homestay}")))
        .await
        .unwrap();
    let section = b.text("section.experience").await.unwrap();
    assert!(section.contains("30%"), "{section}");
    b.goto(&app.url("/checkout")).await.unwrap();
    fill_contact_and_address(&b).await;
    b.click("input[name=payment_method][value=bank_transfer]")
        .await
        .unwrap();
    assert_eq!(count(&b, "#f-deposit input[name=deposit]").await, 1);
    b.click("#f-deposit input[name=deposit]").await.unwrap();
    fits_the_width(&b).await;
    b.screenshot("bookings-390-11-deposit-choice")
        .await
        .unwrap();
    b.submit("button.place-order").await.unwrap();
    assert!(
        b.path().await.unwrap().starts_with("/checkout/"),
        "{}",
        problems(&b).await
    );
    let (line, order, payment) =
        booked(&app, entity::order_items::Column::SessionId.eq(night)).await;
    // 30 % now, rounded up to the đồng; the rest on arrival
    let deposit = (order.total_vnd * 30 + 99) / 100;
    assert_eq!(
        payment.amount_vnd, deposit,
        "the transfer asks for the deposit"
    );
    assert_eq!(order.balance_vnd, order.total_vnd - deposit);
    let amount = b.text(".payment-panel").await.unwrap();
    assert!(
        amount.contains(&deposit.to_string()),
        "the page asks for the deposit: {amount}"
    );
    fits_the_width(&b).await;
    b.screenshot("bookings-390-12-deposit-transfer")
        .await
        .unwrap();
    confirm(&staff, payment.id).await;

    // her order says what she pays on arrival
    b.goto(&app.url(&format!("/orders/{}", order.id)))
        .await
        .unwrap();
    let digits = |text: &str| {
        text.chars()
            .filter(char::is_ascii_digit)
            .collect::<String>()
    };
    let rest = order.balance_vnd.to_string();
    let on_arrival = b.text("dd.on-arrival").await.unwrap();
    assert_eq!(digits(&on_arrival), rest);
    fits_the_width(&b).await;
    b.screenshot("bookings-390-13-deposit-order").await.unwrap();

    // Kazan's host sees what to collect on the night's day and records it
    sign_out(&b).await;
    sign_in_with(&b, &app, HOST, PASSWORD, "/").await;
    let starts = experience_sessions::Entity::find_by_id(night)
        .one(&app.db.conn)
        .await
        .unwrap()
        .unwrap()
        .starts_at;
    let from = kernel::time::today_in_vietnam(starts).format("%Y-%m-%d");
    // at the booking, so that the screenshot shows it
    b.goto(&app.url(&format!(
        "/seller/cooperatives/{kazan}/bookings?from={from}#booking-{}",
        line.id
    )))
    .await
    .unwrap();
    let booking = format!("#booking-{}", line.id);
    let told = b.text(&format!("{booking} .on-arrival")).await.unwrap();
    assert_eq!(digits(&told), rest, "{told}");
    let collect = format!("{booking} form[action$='/balance-collected']");
    assert_eq!(count(&b, &collect).await, 1);
    fits_the_width(&b).await;
    b.screenshot("bookings-390-14-collect").await.unwrap();
    b.submit(&format!("{collect} button")).await.unwrap();
    assert!(
        b.path().await.unwrap().contains("notice=balance-collected"),
        "{}",
        problems(&b).await
    );
    let after = entity::orders::Entity::find_by_id(order.id)
        .one(&app.db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.balance_collected_vnd, order.balance_vnd);
    assert_eq!(count(&b, &collect).await, 0, "collected once");

    // its ledger shows the commission taken on what it collected
    b.goto(&app.url(&format!("/seller/cooperatives/{kazan}/ledger")))
        .await
        .unwrap();
    assert_eq!(count(&b, ".kind-on_arrival").await, 1);
    fits_the_width(&b).await;
    b.screenshot("bookings-390-15-ledger").await.unwrap();
}
