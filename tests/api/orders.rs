//! Carts, checkout and orders over HTTP: one cart across cooperatives, one
//! order per cooperative, stock that cannot oversell, idempotent checkout,
//! and each order's steps with its timeline.

use std::collections::BTreeMap;

use entity::{cooperatives, product_variants, products};
use hoptac_tests::users::{Person, admitted_cooperative, client};
use hoptac_tests::{TestApp, spawn_app};
use sea_orm::EntityTrait;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::announce;

/// A guest: a browser of their own, no account.
pub(crate) struct Guest {
    pub(crate) client: reqwest::Client,
    base: String,
}

impl Guest {
    pub(crate) fn new(app: &TestApp) -> Self {
        Self {
            client: client(),
            base: app.address.clone(),
        }
    }

    pub(crate) async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
        key: Option<&str>,
    ) -> (u16, Value) {
        let mut request = self.client.request(method, format!("{}{path}", self.base));
        if let Some(body) = body {
            request = request.json(&body);
        }
        if let Some(key) = key {
            request = request.header("idempotency-key", key);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    pub(crate) async fn add(&self, variant: Uuid, quantity: i32) -> (u16, Value) {
        self.send(
            reqwest::Method::POST,
            "/api/v1/cart/items",
            Some(json!({"variant_id": variant, "quantity": quantity})),
            None,
        )
        .await
    }

    pub(crate) async fn checkout(&self, body: &Value, key: Option<&str>) -> (u16, Value) {
        self.send(
            reqwest::Method::POST,
            "/api/v1/checkout",
            Some(body.clone()),
            key,
        )
        .await
    }

    /// Checks out under `key` as a careful client does: when the connection
    /// drops before the answer comes, it sends the same request again with
    /// the same key, which the market answers without acting twice. The
    /// answer, and how many times it was sent again.
    pub(crate) async fn checkout_retrying(&self, body: &Value, key: &str) -> ((u16, Value), u32) {
        for retries in 0..5 {
            let sent = self
                .client
                .post(format!("{}/api/v1/checkout", self.base))
                .header("idempotency-key", key)
                .json(body)
                .send()
                .await;
            let Ok(response) = sent else { continue };
            let status = response.status().as_u16();
            let Ok(text) = response.text().await else {
                continue;
            };
            return (
                (status, serde_json::from_str(&text).unwrap_or(Value::Null)),
                retries,
            );
        }
        panic!("checkout {key}: the connection dropped five times");
    }
}

pub(crate) fn domestic(method: &str) -> Value {
    json!({
        "contact": {"name": "Nguyễn Thị Hoa", "email": "hoa@example.vn", "phone": "0905 123 456"},
        "shipping_address": {"province": "Hà Nội", "district": "Ba Đình", "ward": "Kim Mã", "street": "12 Kim Mã"},
        "payment_method": method
    })
}

/// Two admitted cooperatives, each with a published listing.
pub(crate) struct Market {
    pub(crate) app: TestApp,
    pub(crate) staff: Person,
    pub(crate) seller_a: Person,
    pub(crate) coop_a: Uuid,
    pub(crate) basket: Uuid,
    pub(crate) tea: Uuid,
}

pub(crate) async fn market_with_stock(basket_stock: i32, tea_stock: i32) -> Market {
    market_on(spawn_app().await, basket_stock, tea_stock).await
}

/// Two admitted cooperatives with a listing each, in `app`.
pub(crate) async fn market_on(app: TestApp, basket_stock: i32, tea_stock: i32) -> Market {
    let staff = app.union_staff("staff@hoptac.vn").await;
    let seller_a = app.person("lan@example.vn", true).await;
    let seller_b = app.person("minh@example.vn", true).await;
    let coop_a: Uuid = admitted_cooperative(&seller_a, &staff, "HTX Mây Tre Bao La")
        .await
        .parse()
        .unwrap();
    let coop_b: Uuid = admitted_cooperative(&seller_b, &staff, "HTX Trà A Lưới")
        .await
        .parse()
        .unwrap();
    let db = &app.db.conn;
    let p_a =
        testkit::fixtures::product(db, coop_a, "Giỏ mây có nắp", products::Status::Published).await;
    let basket = testkit::fixtures::variant(db, p_a, coop_a, "GM-01", basket_stock).await;
    let p_b =
        testkit::fixtures::product(db, coop_b, "Trà vằng sẻ", products::Status::Published).await;
    let tea = testkit::fixtures::variant(db, p_b, coop_b, "TV-01", tea_stock).await;
    Market {
        app,
        staff,
        seller_a,
        coop_a,
        basket,
        tea,
    }
}

async fn stock(app: &TestApp, variant: Uuid) -> i32 {
    product_variants::Entity::find_by_id(variant)
        .one(&app.db.conn)
        .await
        .unwrap()
        .unwrap()
        .stock
}

async fn templates_to(app: &TestApp, email: &str) -> Vec<String> {
    entity::outbox::Entity::find()
        .all(&app.db.conn)
        .await
        .unwrap()
        .into_iter()
        .filter(|j| j.payload["to_email"] == email)
        .map(|j| {
            j.payload["template"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect()
}

#[tokio::test]
async fn a_guest_checks_out_two_cooperatives_and_gets_one_order_each() {
    announce("a_guest_checks_out_two_cooperatives_and_gets_one_order_each");
    let m = market_with_stock(5, 10).await;
    let guest = Guest::new(&m.app);
    assert_eq!(guest.add(m.basket, 2).await.0, 200);
    let (status, cart) = guest.add(m.tea, 3).await;
    assert_eq!(status, 200, "{cart}");
    assert_eq!(cart["groups"].as_array().unwrap().len(), 2, "{cart}");
    assert_eq!(cart["item_count"], 5);
    assert_eq!(cart["total"]["amount"], 5 * 150_000);
    assert_eq!(cart["ready"], true);

    let (status, receipt) = guest.checkout(&domestic("cod"), Some("k-1")).await;
    assert_eq!(status, 201, "{receipt}");
    let orders = receipt["orders"].as_array().unwrap();
    assert_eq!(orders.len(), 2, "one order per cooperative");
    for order in orders {
        assert_eq!(
            order["status"], "confirmed",
            "cash on delivery confirms at once"
        );
        assert_eq!(
            order["shipping_fee"]["amount"], 30_000,
            "the default domestic fee"
        );
        assert!(order["number"].as_str().unwrap().starts_with("HT-"));
    }
    assert_eq!(receipt["total"]["amount"], 5 * 150_000 + 2 * 30_000);
    assert_eq!(stock(&m.app, m.basket).await, 3);
    assert_eq!(stock(&m.app, m.tea).await, 7);
    let (_, cart) = guest
        .send(reqwest::Method::GET, "/api/v1/cart", None, None)
        .await;
    assert_eq!(cart["item_count"], 0, "the cart empties: {cart}");

    assert!(
        templates_to(&m.app, "hoa@example.vn")
            .await
            .contains(&"order_placed".to_owned())
    );
    assert!(
        templates_to(&m.app, "lan@example.vn")
            .await
            .contains(&"order_new".to_owned())
    );
    assert!(
        templates_to(&m.app, "minh@example.vn")
            .await
            .contains(&"order_new".to_owned())
    );

    // the guest finds the order by number and e-mail; anyone else does not
    let number = orders[0]["number"].as_str().unwrap();
    let found = m
        .app
        .get_json(
            &format!("/api/v1/orders/lookup?number={number}&email=hoa@example.vn"),
            200,
        )
        .await;
    assert_eq!(found["number"], number);
    assert!(found["items"][0]["quantity"].as_i64().unwrap() > 0);
    let (status, _) = m
        .app
        .get_json_status(&format!(
            "/api/v1/orders/lookup?number={number}&email=someone@example.vn"
        ))
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn checkout_names_every_bad_field_and_refuses_cash_on_delivery_abroad() {
    announce("checkout_names_every_bad_field_and_refuses_cash_on_delivery_abroad");
    let m = market_with_stock(5, 10).await;
    let guest = Guest::new(&m.app);
    guest.add(m.basket, 1).await;
    let (status, body) = guest
        .checkout(&json!({"contact": {"name": "", "email": "no", "phone": "12"}, "payment_method": "gold"}), None)
        .await;
    assert_eq!(status, 422, "{body}");
    for field in [
        "contact.name",
        "contact.email",
        "contact.phone",
        "shipping_address.street",
        "payment_method",
    ] {
        assert!(body["error"]["fields"][field].is_array(), "{field}: {body}");
    }
    let abroad = json!({
        "contact": {"name": "Yuki Tanaka", "email": "yuki@example.jp", "phone": "+81 6 1234 5678"},
        "shipping_address": {"country": "JP", "city": "Osaka", "postal_code": "530-0001", "street": "1-1 Umeda"},
        "payment_method": "cod"
    });
    let (status, body) = guest.checkout(&abroad, None).await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["error"]["fields"]["payment_method"].is_array(),
        "{body}"
    );
    assert_eq!(stock(&m.app, m.basket).await, 5, "nothing taken");

    // by bank transfer it goes, with the shipping quoted by the cooperative
    let mut transfer = abroad.clone();
    transfer["payment_method"] = json!("bank_transfer");
    let (status, receipt) = guest.checkout(&transfer, None).await;
    assert_eq!(status, 201, "{receipt}");
    assert_eq!(receipt["orders"][0]["status"], "pending_payment");
    assert!(
        receipt["orders"][0]["shipping_fee"].is_null(),
        "quoted later: {receipt}"
    );
    assert!(
        receipt["payment"]["reference"]
            .as_str()
            .unwrap()
            .starts_with("HT")
    );
}

#[tokio::test]
async fn checkout_returns_409_when_stock_runs_out_and_takes_nothing() {
    announce("checkout_returns_409_when_stock_runs_out_and_takes_nothing");
    let m = market_with_stock(2, 10).await;
    let first = Guest::new(&m.app);
    let second = Guest::new(&m.app);
    first.add(m.basket, 2).await;
    first.add(m.tea, 1).await;
    second.add(m.basket, 1).await;
    assert_eq!(second.checkout(&domestic("cod"), None).await.0, 201);
    let (status, body) = first.checkout(&domestic("cod"), None).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "insufficient_stock");
    assert_eq!(stock(&m.app, m.basket).await, 1);
    assert_eq!(
        stock(&m.app, m.tea).await,
        10,
        "the tea line was not taken either"
    );
    let (_, cart) = first
        .send(reqwest::Method::GET, "/api/v1/cart", None, None)
        .await;
    let flagged: Vec<&Value> = cart["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["lines"].as_array().unwrap())
        .filter(|l| !l["problem"].is_null())
        .collect();
    assert_eq!(
        flagged.len(),
        1,
        "the short line is flagged, not dropped: {cart}"
    );
    assert_eq!(flagged[0]["problem"]["kind"], "not_enough_stock");
    assert_eq!(flagged[0]["problem"]["available"], 1);
}

#[tokio::test]
async fn the_same_idempotency_key_makes_one_order_and_another_body_is_409() {
    announce("the_same_idempotency_key_makes_one_order_and_another_body_is_409");
    let m = market_with_stock(50, 50).await;
    let guest = Guest::new(&m.app);
    guest.add(m.basket, 1).await;
    let body = domestic("cod");
    // twenty at once with one key
    let answers =
        futures::future::join_all((0..20).map(|_| guest.checkout(&body, Some("same-key-1")))).await;
    let mut statuses = BTreeMap::new();
    for (status, _) in &answers {
        *statuses.entry(*status).or_insert(0) += 1;
    }
    let ids: std::collections::HashSet<String> = answers
        .iter()
        .filter_map(|(_, b)| b["checkout_id"].as_str().map(str::to_owned))
        .collect();
    testkit::report(&format!(
        "idempotency: 20 concurrent checkouts with one key → statuses {statuses:?}, {} checkout(s)",
        ids.len()
    ));
    assert_eq!(statuses.get(&201), Some(&20), "{answers:?}");
    assert_eq!(ids.len(), 1, "one checkout answered twenty times");
    let orders = entity::orders::Entity::find()
        .all(&m.app.db.conn)
        .await
        .unwrap();
    assert_eq!(orders.len(), 1);
    assert_eq!(stock(&m.app, m.basket).await, 49);

    // the same key with another body
    guest.add(m.basket, 1).await;
    let (status, err) = guest
        .checkout(&domestic("bank_transfer"), Some("same-key-1"))
        .await;
    assert_eq!(status, 409, "{err}");
    assert_eq!(err["error"]["code"], "idempotency_key_reused");
}

#[tokio::test]
async fn the_last_units_go_to_exactly_as_many_buyers_as_there_are_units() {
    announce("the_last_units_go_to_exactly_as_many_buyers_as_there_are_units");
    let m = market_with_stock(5, 10).await;
    let guests: Vec<Guest> = (0..200).map(|_| Guest::new(&m.app)).collect();
    for g in &guests {
        assert_eq!(g.add(m.basket, 1).await.0, 200);
    }
    let body = domestic("cod");
    let keys: Vec<String> = (0..guests.len()).map(|i| format!("race-{i}")).collect();
    let sent = futures::future::join_all(
        guests
            .iter()
            .zip(&keys)
            .map(|(g, key)| g.checkout_retrying(&body, key)),
    )
    .await;
    let retries: u32 = sent.iter().map(|(_, r)| r).sum();
    let answers: Vec<(u16, Value)> = sent.into_iter().map(|(answer, _)| answer).collect();
    let mut statuses = BTreeMap::new();
    for (status, b) in &answers {
        *statuses.entry(*status).or_insert(0) += 1;
        assert!(*status < 500, "{status}: {b}");
        if *status == 409 {
            assert_eq!(b["error"]["code"], "insufficient_stock", "{b}");
        }
    }
    let orders = entity::orders::Entity::find()
        .all(&m.app.db.conn)
        .await
        .unwrap()
        .len();
    let left = stock(&m.app, m.basket).await;
    testkit::report(&format!(
        "race in one process: 200 concurrent checkouts for 5 units → {orders} orders, stock {left}, statuses {statuses:?}, {retries} sent again after a dropped connection"
    ));
    assert_eq!(statuses.get(&201), Some(&5));
    assert_eq!(statuses.get(&409), Some(&195));
    assert_eq!(orders, 5);
    assert_eq!(left, 0);
}

#[tokio::test]
async fn a_cooperative_ships_an_order_and_the_buyer_sees_the_timeline() {
    announce("a_cooperative_ships_an_order_and_the_buyer_sees_the_timeline");
    let m = market_with_stock(5, 10).await;
    let buyer = m.app.person("hoa@example.vn", true).await;
    let (status, _) = buyer
        .post(
            "/api/v1/cart/items",
            json!({"variant_id": m.basket, "quantity": 2}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, receipt) = buyer.post("/api/v1/checkout", domestic("cod")).await;
    assert_eq!(status, 201, "{receipt}");
    let order = receipt["orders"][0]["id"].as_str().unwrap().to_owned();

    // the cooperative's list and steps
    let (status, list) = m
        .seller_a
        .get(&format!(
            "/api/v1/cooperatives/{}/orders?status=confirmed",
            m.coop_a
        ))
        .await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(list["total"], 1);
    let step = |to: &str, extra: Value| {
        let mut body = json!({"to": to});
        if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
            b.extend(e.clone());
        }
        body
    };
    let path = format!("/api/v1/orders/{order}/transition");
    let (status, body) = m.seller_a.post(&path, step("shipped", json!({}))).await;
    assert_eq!(status, 409, "confirmed cannot skip packing: {body}");
    assert_eq!(body["error"]["code"], "invalid_transition");
    assert_eq!(
        m.seller_a.post(&path, step("packed", json!({}))).await.0,
        200
    );
    let (status, body) = m.seller_a.post(&path, step("shipped", json!({}))).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["error"]["fields"]["tracking"].is_array());
    let (status, body) = m
        .seller_a
        .post(
            &path,
            step(
                "shipped",
                json!({"carrier": "Viettel Post", "tracking": "VTP123456789"}),
            ),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["tracking_number"], "VTP123456789");

    // the buyer may no longer cancel, and sees each step
    let (status, body) = buyer
        .post(&format!("/api/v1/orders/{order}/cancel"), json!({}))
        .await;
    assert_eq!(status, 409, "{body}");
    let (status, mine) = buyer.get(&format!("/api/v1/orders/{order}")).await;
    assert_eq!(status, 200);
    let steps: Vec<&str> = mine["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["to"].as_str().unwrap())
        .collect();
    assert_eq!(steps, ["confirmed", "packed", "shipped"]);
    assert!(
        templates_to(&m.app, "hoa@example.vn")
            .await
            .contains(&"order_shipped".to_owned())
    );

    // other people see nothing of it
    let stranger = m.app.person("khach@example.vn", true).await;
    assert_eq!(
        stranger.get(&format!("/api/v1/orders/{order}")).await.0,
        404
    );
    assert_eq!(
        stranger.post(&path, step("delivered", json!({}))).await.0,
        404
    );
    let (status, all) = m.staff.get("/api/v1/moderation/orders?q=hoa@example").await;
    assert_eq!(status, 200);
    assert_eq!(all["total"], 1, "staff find it: {all}");

    // the cooperative's steps are in the audit log, the order named by its number
    let (status, log) = m
        .staff
        .get(&format!(
            "/api/v1/moderation/audit-log?target_type=order&target_id={order}"
        ))
        .await;
    assert_eq!(status, 200, "{log}");
    let steps: Vec<(&str, &str, &str)> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap(),
                e["actor_name"].as_str().unwrap_or_default(),
                e["target_name"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    let number = receipt["orders"][0]["number"].as_str().unwrap();
    let seller = "Người lan@example.vn";
    assert_eq!(
        steps,
        [
            ("order.shipped", seller, number),
            ("order.packed", seller, number)
        ],
        "{log}"
    );
    let (status, csv) = {
        let r = m
            .seller_a
            .client
            .get(
                m.app
                    .url(&format!("/api/v1/cooperatives/{}/orders.csv", m.coop_a)),
            )
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    };
    assert_eq!(status, 200);
    assert!(
        csv.contains("VTP123456789") && csv.contains("GM-01"),
        "{csv}"
    );
}

#[tokio::test]
async fn a_cancelled_order_gives_its_stock_back_exactly_once() {
    announce("a_cancelled_order_gives_its_stock_back_exactly_once");
    let m = market_with_stock(5, 10).await;
    let guest = Guest::new(&m.app);
    guest.add(m.basket, 3).await;
    let (_, receipt) = guest.checkout(&domestic("cod"), None).await;
    let order = receipt["orders"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(stock(&m.app, m.basket).await, 2);
    let cancel = json!({"email": "hoa@example.vn", "reason": "đặt nhầm"});
    let (status, body) = guest
        .send(
            reqwest::Method::POST,
            &format!("/api/v1/orders/{order}/cancel"),
            Some(cancel.clone()),
            None,
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "cancelled");
    assert_eq!(stock(&m.app, m.basket).await, 5);
    let (status, _) = guest
        .send(
            reqwest::Method::POST,
            &format!("/api/v1/orders/{order}/cancel"),
            Some(cancel),
            None,
        )
        .await;
    assert_eq!(status, 409, "a second cancel is an illegal step");
    assert_eq!(
        stock(&m.app, m.basket).await,
        5,
        "and gives nothing back twice"
    );
}

#[tokio::test]
async fn an_unpaid_transfer_lapses_and_gives_its_stock_back() {
    announce("an_unpaid_transfer_lapses_and_gives_its_stock_back");
    let m = market_with_stock(5, 10).await;
    let guest = Guest::new(&m.app);
    guest.add(m.basket, 4).await;
    let (status, receipt) = guest.checkout(&domestic("bank_transfer"), None).await;
    assert_eq!(status, 201, "{receipt}");
    assert_eq!(stock(&m.app, m.basket).await, 1);
    let orders = server::services::orders(
        &m.app.settings,
        m.app.db.conn.clone(),
        std::sync::Arc::new(catalog::LocalMedia::new(std::env::temp_dir(), "/media")),
    )
    .unwrap();
    assert_eq!(
        orders.expire_unpaid(chrono::Utc::now()).await.unwrap(),
        0,
        "not due yet"
    );
    let later = chrono::Utc::now() + chrono::Duration::hours(73);
    assert_eq!(orders.expire_unpaid(later).await.unwrap(), 1);
    assert_eq!(orders.expire_unpaid(later).await.unwrap(), 0, "once");
    assert_eq!(stock(&m.app, m.basket).await, 5);
    let id: Uuid = receipt["orders"][0]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let row = entity::orders::Entity::find_by_id(id)
        .one(&m.app.db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.status, "cancelled");
}

#[tokio::test]
async fn a_guest_cart_joins_the_shoppers_cart_at_sign_in() {
    announce("a_guest_cart_joins_the_shoppers_cart_at_sign_in");
    let m = market_with_stock(5, 10).await;
    let buyer = m.app.person("hoa@example.vn", true).await;
    buyer
        .post(
            "/api/v1/cart/items",
            json!({"variant_id": m.basket, "quantity": 1}),
        )
        .await;
    let browser = client();
    browser
        .post(m.app.url("/api/v1/cart/items"))
        .json(&json!({"variant_id": m.basket, "quantity": 2}))
        .send()
        .await
        .unwrap();
    browser
        .post(m.app.url("/api/v1/cart/items"))
        .json(&json!({"variant_id": m.tea, "quantity": 1}))
        .send()
        .await
        .unwrap();
    let login = browser
        .post(m.app.url("/api/v1/auth/login"))
        .json(&json!({"email": "hoa@example.vn", "password": hoptac_tests::users::PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
    let (_, cart) = buyer.get("/api/v1/cart").await;
    assert_eq!(cart["item_count"], 4, "1 + 2 baskets and a tea: {cart}");
    assert_eq!(cart["groups"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_suspended_sellers_lines_are_flagged_and_cannot_be_checked_out() {
    announce("a_suspended_sellers_lines_are_flagged_and_cannot_be_checked_out");
    let m = market_with_stock(5, 10).await;
    let guest = Guest::new(&m.app);
    guest.add(m.basket, 1).await;
    use sea_orm::{ActiveModelTrait as _, ActiveValue::Set, IntoActiveModel as _};
    let coop = cooperatives::Entity::find_by_id(m.coop_a)
        .one(&m.app.db.conn)
        .await
        .unwrap()
        .unwrap();
    let mut coop = coop.into_active_model();
    coop.status = Set(cooperatives::Status::Suspended);
    coop.update(&m.app.db.conn).await.unwrap();
    let (_, cart) = guest
        .send(reqwest::Method::GET, "/api/v1/cart", None, None)
        .await;
    assert_eq!(
        cart["groups"][0]["lines"][0]["problem"]["kind"], "unavailable",
        "{cart}"
    );
    assert_eq!(cart["ready"], false);
    let (status, body) = guest.checkout(&domestic("cod"), None).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "cart_changed");
    let (status, body) = guest.add(m.basket, 1).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "product_unavailable");
}

#[tokio::test]
async fn a_cooperatives_shipping_rules_set_the_fee_of_its_orders() {
    announce("a_cooperatives_shipping_rules_set_the_fee_of_its_orders");
    let m = market_with_stock(50, 10).await;
    let path = format!("/api/v1/cooperatives/{}/shipping-rules", m.coop_a);
    let (status, body) = m
        .seller_a
        .send(
            reqwest::Method::PUT,
            &path,
            Some(json!({"rules": [{"zone": "domestic", "kind": "teleport", "fee_vnd": -5}]})),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["error"]["fields"]["rules[0].kind"].is_array(),
        "{body}"
    );
    assert!(
        body["error"]["fields"]["rules[0].fee_vnd"].is_array(),
        "{body}"
    );
    let rules = json!({"rules": [
        {"zone": "domestic", "kind": "flat", "fee_vnd": 35000},
        {"zone": "domestic", "kind": "free_over", "threshold_vnd": 600000},
    ]});
    let (status, body) = m
        .seller_a
        .send(reqwest::Method::PUT, &path, Some(rules))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["rules"].as_array().unwrap().len(), 2);

    // 2 baskets: 300.000 ₫, below the threshold → the flat fee
    let guest = Guest::new(&m.app);
    guest.add(m.basket, 2).await;
    let (_, receipt) = guest.checkout(&domestic("cod"), None).await;
    assert_eq!(
        receipt["orders"][0]["shipping_fee"]["amount"], 35_000,
        "{receipt}"
    );
    // 4 baskets: 600.000 ₫ → free
    let guest = Guest::new(&m.app);
    guest.add(m.basket, 4).await;
    let (_, receipt) = guest.checkout(&domestic("cod"), None).await;
    assert_eq!(
        receipt["orders"][0]["shipping_fee"]["amount"], 0,
        "{receipt}"
    );
    // staff of another cooperative cannot see or change them
    let (status, _) = Person::get(&m.staff, &path).await;
    assert_eq!(status, 200, "union staff read them");
}

/// A market behind a proxy that tells the client's address, with one order
/// placed by a guest: its number.
async fn market_with_a_guest_order() -> (Market, String) {
    let app = hoptac_tests::spawn_app_configured(
        hoptac_tests::Seed::Nothing,
        vec![("server.trust_proxy_headers", json!(true))],
    )
    .await;
    let m = market_on(app, 5, 10).await;
    let guest = Guest::new(&m.app);
    guest.add(m.basket, 1).await;
    let (status, receipt) = guest.checkout(&domestic("cod"), None).await;
    assert_eq!(status, 201, "{receipt}");
    let number = receipt["orders"][0]["number"].as_str().unwrap().to_owned();
    (m, number)
}

async fn look_up_from(app: &TestApp, ip: &str, number: &str, email: &str) -> reqwest::Response {
    client()
        .get(app.url(&format!(
            "/api/v1/orders/lookup?number={number}&email={email}"
        )))
        .header("x-forwarded-for", ip)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn guest_look_ups_that_find_nothing_answer_429_with_a_growing_retry_after() {
    announce("guest_look_ups_that_find_nothing_answer_429_with_a_growing_retry_after");
    let (m, number) = market_with_a_guest_order().await;
    let guesser = "203.0.113.66";
    for n in 1..=5 {
        let response =
            look_up_from(&m.app, guesser, &number, &format!("guess{n}@example.vn")).await;
        assert_eq!(response.status().as_u16(), 404, "miss {n} is free");
    }
    let mut waits = Vec::new();
    for n in 6..=7 {
        let response =
            look_up_from(&m.app, guesser, &number, &format!("guess{n}@example.vn")).await;
        assert_eq!(response.status().as_u16(), 429);
        waits.push(crate::accounts::retry_after(&response));
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "rate_limited", "{body}");
        // while it waits, even the right e-mail is refused there
        let right = look_up_from(&m.app, guesser, &number, "hoa@example.vn").await;
        assert_eq!(right.status().as_u16(), 429);
        crate::accounts::the_waits_run_out(&m.app).await;
    }
    assert!(
        (28..=30).contains(&waits[0]) && (58..=60).contains(&waits[1]),
        "the wait doubles: {waits:?}"
    );
    let found = look_up_from(&m.app, "198.51.100.7", &number, "hoa@example.vn").await;
    assert_eq!(
        found.status().as_u16(),
        200,
        "the buyer, elsewhere, finds it"
    );
    let body: Value = found.json().await.unwrap();
    assert_eq!(body["number"], number.as_str());
}

#[tokio::test]
async fn the_look_up_page_says_how_long_to_wait_beside_the_form() {
    announce("the_look_up_page_says_how_long_to_wait_beside_the_form");
    let (m, number) = market_with_a_guest_order().await;
    let guesser = client();
    let post = |email: String| {
        guesser
            .post(m.app.url("/orders/lookup?lang=en"))
            .header("x-forwarded-for", "203.0.113.66")
            .form(&[("number", number.as_str()), ("email", email.as_str())])
            .send()
    };
    for n in 1..=5 {
        let response = post(format!("guess{n}@example.vn")).await.unwrap();
        assert_eq!(
            response.status().as_u16(),
            422,
            "miss {n} is shown in place"
        );
    }
    let response = post("guess6@example.vn".to_owned()).await.unwrap();
    assert_eq!(response.status().as_u16(), 429);
    assert_eq!(crate::accounts::retry_after(&response), 30);
    let html = response.text().await.unwrap();
    assert!(html.contains("class=\"error-summary\""), "{html}");
    assert!(
        html.contains("You can try again in 30 seconds."),
        "the wait is said in words"
    );
    assert!(
        html.contains(&format!("value=\"{number}\"")),
        "what was typed is kept"
    );
    let buyer = client()
        .post(m.app.url("/orders/lookup"))
        .header("x-forwarded-for", "198.51.100.7")
        .form(&[("number", number.as_str()), ("email", "hoa@example.vn")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        buyer.status().as_u16(),
        303,
        "the buyer, elsewhere, gets in"
    );
}

#[tokio::test]
async fn a_signed_in_buyer_is_written_to_in_the_language_of_her_account() {
    announce("a_signed_in_buyer_is_written_to_in_the_language_of_her_account");
    let m = market_with_stock(10, 10).await;
    let buyer = m.app.person("yuki.tanaka@example.jp", true).await;
    let (status, me) = buyer
        .patch("/api/v1/auth/me", json!({"locale": "ja"}))
        .await;
    assert_eq!(status, 200, "{me}");
    let (status, cart) = buyer
        .post(
            "/api/v1/cart/items",
            json!({"variant_id": m.basket, "quantity": 1}),
        )
        .await;
    assert_eq!(status, 200, "{cart}");
    let (status, receipt) = buyer
        .post("/api/v1/checkout", domestic("bank_transfer"))
        .await;
    assert_eq!(status, 201, "{receipt}");
    let payment = receipt["payment"]["id"].as_str().unwrap();
    let (status, body) = m
        .staff
        .post(&format!("/api/v1/payments/{payment}/confirm"), json!({}))
        .await;
    assert_eq!(status, 200, "{body}");
    // the e-mail her payment's arrival sends is in Japanese
    let received: Vec<Value> = entity::outbox::Entity::find()
        .all(&m.app.db.conn)
        .await
        .unwrap()
        .into_iter()
        .filter(|j| j.payload["template"] == "payment_received")
        .map(|j| j.payload)
        .collect();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0]["locale"], "ja", "{}", received[0]["subject"]);
}
