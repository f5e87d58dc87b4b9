//! Every API route walked with every kind of person: the authorization table
//! over HTTP. A new route that is not in the table fails the test, so no
//! route escapes the policy by being forgotten.

use std::collections::BTreeSet;

use hoptac_tests::users::{Person, admitted_cooperative, application, client};
use hoptac_tests::{TestApp, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};

use crate::announce;

/// What a person gets from a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Want {
    /// Let through (whatever the outcome: done, invalid input, conflict...).
    Ok,
    /// 401: sign in first.
    SignIn,
    /// 403: not allowed.
    No,
    /// 404: not theirs to know about.
    Hidden,
}

use Want::{Hidden, No, Ok as Yes, SignIn};

/// The people, in the table's column order.
const PEOPLE: [&str; 9] = [
    "anonymous",
    "shopper",
    "owner A",
    "manager A",
    "staff A",
    "owner B",
    "union staff",
    "admin",
    "token of A",
];

struct World {
    app: TestApp,
    people: Vec<Option<Person>>,
    token: String,
    a: String,
    pending: String,
    /// A published listing of A.
    listing_a: String,
    /// A draft listing of B.
    listing_b: String,
    /// A certification of A, waiting.
    cert_a: String,
    /// A certification of B.
    cert_b: String,
    /// The shopper's order from A (cash on delivery).
    order_a: String,
    /// Its checkout.
    checkout_a: String,
    /// Its number.
    number_a: String,
    /// Its payment.
    payment_a: String,
    /// The shopper's request for quote to A, quoted and accepted.
    rfq_a: String,
    /// Its export order.
    export_a: String,
    /// A collection of A.
    collection_a: String,
    /// The export order's deposit.
    deposit_a: String,
    /// A lot of A's listing.
    lot_a: String,
    /// Its public code.
    code_a: String,
    /// A lot of A, recalled.
    recalled_a: String,
}

async fn world() -> World {
    let app = spawn_app().await;
    let union = app.union_staff("staff@hoptac.vn").await;
    let admin = app.admin("admin@hoptac.vn").await;
    let owner_a = app.person("owner.a@example.vn", true).await;
    let owner_b = app.person("owner.b@example.vn", true).await;
    let manager_a = app.person("manager.a@example.vn", true).await;
    let staff_a = app.person("staff.a@example.vn", true).await;
    let shopper = app.person("shopper@example.vn", true).await;
    let a = admitted_cooperative(&owner_a, &union, "HTX A").await;
    let b = admitted_cooperative(&owner_b, &union, "HTX B").await;
    let (a_id, b_id): (uuid::Uuid, uuid::Uuid) = (a.parse().unwrap(), b.parse().unwrap());
    use entity::{certifications::Kind, certifications::Status, products::Status as P};
    let db = &app.db.conn;
    let listing_a = testkit::fixtures::product(db, a_id, "Giỏ mây của A", P::Published).await;
    testkit::fixtures::variant(db, listing_a, a_id, "A-1", 3).await;
    let listing_b = testkit::fixtures::product(db, b_id, "Nón lá của B", P::Draft).await;
    let cert_a =
        testkit::fixtures::certification(db, a_id, Kind::Vietgap, Status::Pending, None).await;
    let cert_b =
        testkit::fixtures::certification(db, b_id, Kind::Organic, Status::Pending, None).await;
    for (person, role) in [
        (&manager_a, accounts::MemberRole::Manager),
        (&staff_a, accounts::MemberRole::Staff),
    ] {
        let user = kernel::UserId(person.id.parse().unwrap());
        accounts::add_member(
            &app.db.conn,
            kernel::CooperativeId(a.parse().unwrap()),
            user,
            role,
        )
        .await
        .unwrap();
    }
    let (_, body) = shopper
        .post("/api/v1/cooperatives", application("HTX Đang Chờ"))
        .await;
    let pending = body["id"].as_str().unwrap().to_owned();
    let (_, created) = owner_a
        .post(
            "/api/v1/auth/tokens",
            json!({"cooperative_id": a, "name": "tích hợp"}),
        )
        .await;
    let token = created["token"].as_str().unwrap().to_owned();
    // the shopper's order from A
    use sea_orm::EntityTrait as _;
    let variant = entity::product_variants::Entity::find()
        .one(&app.db.conn)
        .await
        .unwrap()
        .unwrap()
        .id;
    let (status, _) = shopper
        .post(
            "/api/v1/cart/items",
            json!({"variant_id": variant, "quantity": 1}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, receipt) = shopper
        .post(
            "/api/v1/checkout",
            json!({
                "contact": {"name": "Khách", "email": "shopper@example.vn", "phone": "0905123456"},
                "shipping_address": {"province": "Huế", "district": "Phú Vang", "ward": "Phú Mỹ", "street": "1 Lê Lợi"},
                "payment_method": "cod"
            }),
        )
        .await;
    assert_eq!(status, 201, "{receipt}");
    let order_a = receipt["orders"][0]["id"].as_str().unwrap().to_owned();
    let checkout_a = receipt["checkout_id"].as_str().unwrap().to_owned();
    let number_a = receipt["orders"][0]["number"].as_str().unwrap().to_owned();
    let payment_a = receipt["payment"]["id"].as_str().unwrap().to_owned();
    // the shopper, as an importer, asks A for a quote, which A's owner
    // sends and the shopper accepts
    let (status, _) = shopper
        .send(
            Method::PUT,
            "/api/v1/account/company",
            Some(json!({"company_name": "Shopper KK", "country": "JP", "language": "ja", "currency": "JPY"})),
        )
        .await;
    assert_eq!(status, 200);
    let (status, rfq) = shopper
        .post(
            "/api/v1/quote-requests",
            json!({"cooperative": a, "destination_port": "Osaka", "incoterm": "FOB",
                   "lines": [{"description": "Giỏ mây theo mẫu", "quantity": 100}]}),
        )
        .await;
    assert_eq!(status, 201, "{rfq}");
    let rfq_a = rfq["id"].as_str().unwrap().to_owned();
    let line = rfq["lines"][0]["id"].as_str().unwrap().to_owned();
    let (status, quoted) = owner_a
        .post(
            &format!("/api/v1/quote-requests/{rfq_a}/quotes"),
            json!({"lines": [{"line_id": line, "unit_price_vnd": 100000, "lead_time_days": 30}],
                   "incoterm": "FOB", "deposit_percent": 30,
                   "valid_until": (chrono::Utc::now().date_naive() + chrono::Days::new(30)).to_string()}),
        )
        .await;
    assert_eq!(status, 201, "{quoted}");
    let (status, order) = shopper
        .post(
            &format!("/api/v1/quote-requests/{rfq_a}/quotes/1/accept"),
            Value::Null,
        )
        .await;
    assert_eq!(status, 201, "{order}");
    let export_a = order["id"].as_str().unwrap().to_owned();
    let deposit_a = order["payments"][0]["id"].as_str().unwrap().to_owned();
    let (status, collection) = owner_a
        .post(
            &format!("/api/v1/cooperatives/{a}/collections"),
            json!({"name": {"vi": "Giỏ của A"}, "products": [listing_a.to_string()]}),
        )
        .await;
    assert_eq!(status, 201, "{collection}");
    let collection_a = collection["id"].as_str().unwrap().to_owned();
    let mut lots = Vec::new();
    for number in ["A-2612-01", "A-2612-02"] {
        let (status, lot) = owner_a
            .post(
                &format!("/api/v1/cooperatives/{a}/lots"),
                json!({"product_id": listing_a, "lot_number": number, "quantity": 50}),
            )
            .await;
        assert_eq!(status, 201, "{lot}");
        lots.push(lot);
    }
    let recalled_a = lots[1]["id"].as_str().unwrap().to_owned();
    let (status, report) = owner_a
        .post(
            &format!("/api/v1/lots/{recalled_a}/recall"),
            json!({"reason": "Mẫu kiểm tra bị mốc"}),
        )
        .await;
    assert_eq!(status, 200, "{report}");
    World {
        lot_a: lots[0]["id"].as_str().unwrap().to_owned(),
        code_a: lots[0]["code"].as_str().unwrap().to_owned(),
        recalled_a,
        collection_a,
        rfq_a,
        export_a,
        deposit_a,
        number_a,
        payment_a,
        order_a,
        checkout_a,
        people: vec![
            None,
            Some(shopper),
            Some(owner_a),
            Some(manager_a),
            Some(staff_a),
            Some(owner_b),
            Some(union),
            Some(admin),
            None,
        ],
        app,
        token,
        a,
        pending,
        listing_a: listing_a.to_string(),
        listing_b: listing_b.to_string(),
        cert_a: cert_a.to_string(),
        cert_b: cert_b.to_string(),
    }
}

impl World {
    /// The status and error code `who` gets.
    async fn call(&self, who: usize, method: &Method, path: &str, body: &Value) -> (u16, String) {
        let url = self.app.url(path);
        let response = match (&self.people[who], who) {
            (Some(person), _) => {
                let mut request = person
                    .client
                    .request(method.clone(), url)
                    .header("x-csrf-token", &person.csrf);
                if !body.is_null() {
                    request = request.json(body);
                }
                request.send().await.unwrap()
            }
            (None, 8) => {
                let mut request = client()
                    .request(method.clone(), url)
                    .bearer_auth(&self.token);
                if !body.is_null() {
                    request = request.json(body);
                }
                request.send().await.unwrap()
            }
            (None, _) => {
                let mut request = client().request(method.clone(), url);
                if !body.is_null() {
                    request = request.json(body);
                }
                request.send().await.unwrap()
            }
        };
        let status = response.status().as_u16();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        (
            status,
            body["error"]["code"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        )
    }
}

fn classify(status: u16, code: &str) -> Want {
    match (status, code) {
        (401, "not_signed_in" | "invalid_token") => SignIn,
        (403, "forbidden" | "email_not_verified") => No,
        (
            404,
            "not_found"
            | "cooperative_not_found"
            | "product_not_found"
            | "certification_not_found"
            | "order_not_found"
            | "payment_not_found"
            | "quote_request_not_found"
            | "collection_not_found"
            | "lot_not_found"
            | "export_order_not_found",
        ) => Hidden,
        _ => Yes,
    }
}

#[tokio::test]
async fn every_route_answers_every_kind_of_person_as_the_policy_says() {
    announce("every_route_answers_every_kind_of_person_as_the_policy_says");
    let w = world().await;
    let a = w.a.clone();
    let p = w.pending.clone();
    let nobody = uuid::Uuid::now_v7();
    let get = Method::GET;
    let post = Method::POST;
    let patch = Method::PATCH;
    let delete = Method::DELETE;
    let profile =
        json!({"story_vi": "Câu chuyện đủ dài của hợp tác xã, kể về những người làm ra sản phẩm."});
    let public = [Yes; 9];
    let signed_in = [SignIn, Yes, Yes, Yes, Yes, Yes, Yes, Yes, Yes];
    let own_account = [SignIn, Yes, Yes, Yes, Yes, Yes, Yes, Yes, No];
    let view_a = [SignIn, Hidden, Yes, Yes, Yes, Hidden, Yes, Yes, Yes];
    let edit_a = [SignIn, Hidden, Yes, Yes, No, Hidden, Hidden, Hidden, Yes];
    let tokens_a = [SignIn, Hidden, Yes, Yes, No, Hidden, Hidden, Hidden, No];
    let staff_only = [SignIn, No, No, No, No, No, Yes, Yes, No];
    let manage_a = [SignIn, Hidden, Yes, Yes, Yes, Hidden, Hidden, Hidden, Yes];
    // a cooperative's lots: its members write; union staff read them all,
    // so they are refused rather than told there is nothing
    let lot_write = [SignIn, Hidden, Yes, Yes, Yes, Hidden, No, No, Yes];
    let manage_b = [
        SignIn, Hidden, Hidden, Hidden, Hidden, Yes, Hidden, Hidden, Hidden,
    ];
    let view_b = [
        SignIn, Hidden, Hidden, Hidden, Hidden, Yes, Yes, Yes, Hidden,
    ];
    let (la, lb, ca, cb) = (
        w.listing_a.clone(),
        w.listing_b.clone(),
        w.cert_a.clone(),
        w.cert_b.clone(),
    );
    let bad_title = json!({"title": {"vi": ""}});
    let (oa, ka) = (w.order_a.clone(), w.checkout_a.clone());
    let buyer_only = [
        Hidden, Yes, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden,
    ];
    // the ledger: the cooperative's managers and union staff; its payout
    // account: its managers only
    let ledger_a = [SignIn, Hidden, Yes, Yes, No, Hidden, Yes, Yes, Yes];
    let payout_account_a = [SignIn, Hidden, Yes, Yes, No, Hidden, No, No, Yes];
    // a request for quote to A: its importer (the shopper), A's members and
    // union staff read it; quoting is for A's managers; accepting for the
    // importer; an export order is worked by A's members
    let rfq = [SignIn, Yes, Yes, Yes, Yes, Hidden, Yes, Yes, Yes];
    let quote_a = [SignIn, Hidden, Yes, Yes, No, Hidden, Hidden, Hidden, Yes];
    let importer_only = [SignIn, Yes, No, No, No, Hidden, No, No, No];
    let (ra, xa, da) = (w.rfq_a.clone(), w.export_a.clone(), w.deposit_a.clone());
    // (method, path template, concrete path, body, expected per person)
    #[rustfmt::skip]
    let table: Vec<(Method, &str, String, Value, [Want; 9])> = vec![
        (get.clone(), "/api/v1/cooperatives", "/api/v1/cooperatives".into(), Value::Null, public),
        (get.clone(), "/api/v1/cooperatives/{id_or_slug}", format!("/api/v1/cooperatives/{a}"), Value::Null, public),
        (get.clone(), "/api/v1/categories", "/api/v1/categories".into(), Value::Null, public),
        (get.clone(), "/api/v1/exchange-rates", "/api/v1/exchange-rates".into(), Value::Null, public),
        (Method::PUT, "/api/v1/moderation/exchange-rates", "/api/v1/moderation/exchange-rates".into(), json!({"usd": "0"}), staff_only),
        (get.clone(), "/api/v1/products", "/api/v1/products".into(), Value::Null, public),
        (get.clone(), "/api/v1/search", "/api/v1/search?q=gio".into(), Value::Null, public),
        (get.clone(), "/api/v1/search/suggest", "/api/v1/search/suggest?q=gio".into(), Value::Null, public),
        (get.clone(), "/api/v1/products/{id_or_slug}", format!("/api/v1/products/{la}"), Value::Null, public),
        (get.clone(), "/healthz", "/healthz".into(), Value::Null, public),
        (get.clone(), "/readyz", "/readyz".into(), Value::Null, public),
        (get.clone(), "/metrics", "/metrics".into(), Value::Null, public),
        (post.clone(), "/api/v1/auth/register", "/api/v1/auth/register".into(), json!({"email": "x"}), public),
        (post.clone(), "/api/v1/auth/login", "/api/v1/auth/login".into(), json!({"email": "x@example.vn", "password": "wrong password"}), public),
        (get.clone(), "/api/v1/auth/me", "/api/v1/auth/me".into(), Value::Null, signed_in),
        (patch.clone(), "/api/v1/auth/me", "/api/v1/auth/me".into(), json!({"name": "Tên", "locale": "vi"}), own_account),
        (post.clone(), "/api/v1/auth/verify-email", "/api/v1/auth/verify-email".into(), json!({"token": "x"}), public),
        (post.clone(), "/api/v1/auth/verify-email/resend", "/api/v1/auth/verify-email/resend".into(), Value::Null, own_account),
        (post.clone(), "/api/v1/auth/password-reset", "/api/v1/auth/password-reset".into(), json!({"email": "x@example.vn"}), public),
        (post.clone(), "/api/v1/auth/password-reset/confirm", "/api/v1/auth/password-reset/confirm".into(), json!({"token": "x", "password": "whatever long"}), public),
        (get.clone(), "/api/v1/auth/sessions", "/api/v1/auth/sessions".into(), Value::Null, own_account),
        (delete.clone(), "/api/v1/auth/sessions/{id}", format!("/api/v1/auth/sessions/{nobody}"), Value::Null, own_account),
        (get.clone(), "/api/v1/auth/tokens", "/api/v1/auth/tokens".into(), Value::Null, own_account),
        (post.clone(), "/api/v1/auth/tokens", "/api/v1/auth/tokens".into(), json!({"cooperative_id": a, "name": "t"}), tokens_a),
        (delete.clone(), "/api/v1/auth/tokens/{id}", format!("/api/v1/auth/tokens/{nobody}"), Value::Null, own_account),
        (post.clone(), "/api/v1/cooperatives", "/api/v1/cooperatives".into(), json!({}), own_account),
        (get.clone(), "/api/v1/me/cooperatives", "/api/v1/me/cooperatives".into(), Value::Null, own_account),
        (get.clone(), "/api/v1/cooperatives/{id}/application", format!("/api/v1/cooperatives/{a}/application"), Value::Null, view_a),
        (patch.clone(), "/api/v1/cooperatives/{id}/application", format!("/api/v1/cooperatives/{a}/application"), json!({}), edit_a),
        (post.clone(), "/api/v1/cooperatives/{id}/resubmit", format!("/api/v1/cooperatives/{a}/resubmit"), Value::Null, edit_a),
        (post.clone(), "/api/v1/cooperatives/{id}/documents", format!("/api/v1/cooperatives/{a}/documents"), json!({}), edit_a),
        (get.clone(), "/api/v1/cooperatives/{id}/documents/{document_id}", format!("/api/v1/cooperatives/{a}/documents/{nobody}"), Value::Null, view_a),
        (get.clone(), "/api/v1/cooperatives/{id}/members", format!("/api/v1/cooperatives/{a}/members"), Value::Null, view_a),
        (post.clone(), "/api/v1/cooperatives/{id}/members", format!("/api/v1/cooperatives/{a}/members"), json!({"email": "new@example.vn", "role": "staff"}), edit_a),
        (delete.clone(), "/api/v1/cooperatives/{id}/members/{user_id}", format!("/api/v1/cooperatives/{a}/members/{nobody}"), Value::Null, edit_a),
        (patch.clone(), "/api/v1/cooperatives/{id}", format!("/api/v1/cooperatives/{a}"), profile.clone(), edit_a),
        (post.clone(), "/api/v1/invitations/accept", "/api/v1/invitations/accept".into(), json!({"token": "x"}), own_account),
        (get.clone(), "/api/v1/moderation/cooperatives", "/api/v1/moderation/cooperatives".into(), Value::Null, staff_only),
        (get.clone(), "/api/v1/moderation/cooperatives/{id}", format!("/api/v1/moderation/cooperatives/{p}"), Value::Null, staff_only),
        (post.clone(), "/api/v1/moderation/cooperatives/{id}/{action}", format!("/api/v1/moderation/cooperatives/{p}/request-changes"), json!({"reason": "Bổ sung giấy tờ"}), staff_only),
        (get.clone(), "/api/v1/moderation/audit-log", "/api/v1/moderation/audit-log".into(), Value::Null, staff_only),
        (get.clone(), "/api/v1/moderation/outbox", "/api/v1/moderation/outbox".into(), Value::Null, staff_only),
        (get.clone(), "/api/v1/moderation/waiting", "/api/v1/moderation/waiting".into(), Value::Null, staff_only),
        (get.clone(), "/api/v1/moderation/dashboard", "/api/v1/moderation/dashboard?period=this_year".into(), Value::Null, staff_only),
        (get.clone(), "/api/v1/moderation/reports/monthly", "/api/v1/moderation/reports/monthly?month=2026-11".into(), Value::Null, staff_only),
        (get.clone(), "/api/v1/moderation/dashboard/{table}.csv", "/api/v1/moderation/dashboard/cooperatives.csv".into(), Value::Null, staff_only),
        (post.clone(), "/api/v1/moderation/outbox/{id}/retry", format!("/api/v1/moderation/outbox/{nobody}/retry"), Value::Null, staff_only),
        // listings: A's published listing is never changed (bad input, steps
        // it cannot take); B's draft is deleted by B's owner
        (post.clone(), "/api/v1/cooperatives/{id}/products", format!("/api/v1/cooperatives/{a}/products"), bad_title.clone(), manage_a),
        (get.clone(), "/api/v1/cooperatives/{id}/products", format!("/api/v1/cooperatives/{a}/products"), Value::Null, view_a),
        (get.clone(), "/api/v1/products/{id}/listing", format!("/api/v1/products/{la}/listing"), Value::Null, view_a),
        (get.clone(), "/api/v1/products/{id}/listing", format!("/api/v1/products/{lb}/listing"), Value::Null, view_b),
        (patch.clone(), "/api/v1/products/{id}", format!("/api/v1/products/{la}"), bad_title.clone(), manage_a),
        (delete.clone(), "/api/v1/products/{id}", format!("/api/v1/products/{la}"), Value::Null, manage_a),
        (post.clone(), "/api/v1/products/{id}/submit", format!("/api/v1/products/{la}/submit"), Value::Null, manage_a),
        (post.clone(), "/api/v1/products/{id}/discard-changes", format!("/api/v1/products/{la}/discard-changes"), Value::Null, manage_a),
        (post.clone(), "/api/v1/products/{id}/images", format!("/api/v1/products/{la}/images"), json!({}), manage_a),
        (patch.clone(), "/api/v1/products/{id}/images/{image_id}", format!("/api/v1/products/{la}/images/{nobody}"), json!({"position": 0}), manage_a),
        (delete.clone(), "/api/v1/products/{id}/images/{image_id}", format!("/api/v1/products/{la}/images/{nobody}"), Value::Null, manage_a),
        (post.clone(), "/api/v1/cooperatives/{id}/products/import", format!("/api/v1/cooperatives/{a}/products/import"), json!({}), manage_a),
        (get.clone(), "/api/v1/cooperatives/{id}/products/export.csv", format!("/api/v1/cooperatives/{a}/products/export.csv"), Value::Null, view_a),
        (get.clone(), "/api/v1/moderation/products", "/api/v1/moderation/products".into(), Value::Null, staff_only),
        (post.clone(), "/api/v1/moderation/products/{id}/{action}", format!("/api/v1/moderation/products/{la}/approve"), Value::Null, staff_only),
        (delete.clone(), "/api/v1/products/{id}", format!("/api/v1/products/{lb}"), Value::Null, manage_b),
        // certifications
        (post.clone(), "/api/v1/cooperatives/{id}/certifications", format!("/api/v1/cooperatives/{a}/certifications"), json!({}), manage_a),
        (get.clone(), "/api/v1/cooperatives/{id}/certifications", format!("/api/v1/cooperatives/{a}/certifications"), Value::Null, view_a),
        (get.clone(), "/api/v1/certifications/{id}/evidence", format!("/api/v1/certifications/{ca}/evidence"), Value::Null, view_a),
        (get.clone(), "/api/v1/moderation/certifications", "/api/v1/moderation/certifications".into(), Value::Null, staff_only),
        (post.clone(), "/api/v1/moderation/certifications/{id}/{action}", format!("/api/v1/moderation/certifications/{ca}/reject"), json!({"reason": "Giấy chứng nhận không đọc được"}), staff_only),
        (delete.clone(), "/api/v1/certifications/{id}", format!("/api/v1/certifications/{cb}"), Value::Null, manage_b),
        (get.clone(), "/api/v1/cart", "/api/v1/cart".into(), Value::Null, public),
        (post.clone(), "/api/v1/cart/items", "/api/v1/cart/items".into(), json!({"variant_id": nobody}), public),
        (patch.clone(), "/api/v1/cart/items/{id}", format!("/api/v1/cart/items/{nobody}"), json!({"quantity": 2}), public),
        (delete.clone(), "/api/v1/cart/items/{id}", format!("/api/v1/cart/items/{nobody}"), Value::Null, public),
        (post.clone(), "/api/v1/checkout", "/api/v1/checkout".into(), json!({}), public),
        (get.clone(), "/api/v1/orders/lookup", format!("/api/v1/orders/lookup?number={}&email=shopper@example.vn", w.number_a), Value::Null, public),
        (get.clone(), "/api/v1/orders", "/api/v1/orders".into(), Value::Null, signed_in),
        (get.clone(), "/api/v1/orders/{id}", format!("/api/v1/orders/{oa}"), Value::Null, buyer_only),
        (get.clone(), "/api/v1/cooperatives/{id}/orders", format!("/api/v1/cooperatives/{a}/orders"), Value::Null, manage_a),
        (get.clone(), "/api/v1/cooperatives/{id}/orders.csv", format!("/api/v1/cooperatives/{a}/orders.csv"), Value::Null, manage_a),
        (get.clone(), "/api/v1/seller/orders/{id}", format!("/api/v1/seller/orders/{oa}"), Value::Null, view_a),
        (post.clone(), "/api/v1/orders/{id}/transition", format!("/api/v1/orders/{oa}/transition"), json!({"to": "bogus"}), manage_a),
        (post.clone(), "/api/v1/orders/{id}/cash-received", format!("/api/v1/orders/{oa}/cash-received"), Value::Null, manage_a),
        (get.clone(), "/api/v1/moderation/orders", "/api/v1/moderation/orders".into(), Value::Null, staff_only),
        (post.clone(), "/api/v1/moderation/checkouts/{id}/confirm-transfer", format!("/api/v1/moderation/checkouts/{ka}/confirm-transfer"), Value::Null, staff_only),
        // a cash-on-delivery order waits for no money: nothing to release
        (post.clone(), "/api/v1/moderation/orders/{id}/release", format!("/api/v1/moderation/orders/{oa}/release"), json!({"reason": "khách đã gửi biên lai"}), staff_only),
        (get.clone(), "/api/v1/moderation/refunds", "/api/v1/moderation/refunds".into(), Value::Null, staff_only),
        (post.clone(), "/api/v1/moderation/held-funds/{id}/refund", format!("/api/v1/moderation/held-funds/{nobody}/refund"), Value::Null, staff_only),
        (get.clone(), "/api/v1/cooperatives/{id}/shipping-rules", format!("/api/v1/cooperatives/{a}/shipping-rules"), Value::Null, view_a),
        (Method::PUT, "/api/v1/cooperatives/{id}/shipping-rules", format!("/api/v1/cooperatives/{a}/shipping-rules"), json!({"rules": []}), edit_a),
        // payments: nothing here is paid, so nothing changes
        (get.clone(), "/api/v1/checkouts/{id}/payment", format!("/api/v1/checkouts/{ka}/payment"), Value::Null, buyer_only),
        (post.clone(), "/api/v1/checkouts/{id}/card", format!("/api/v1/checkouts/{ka}/card"), Value::Null, buyer_only),
        (post.clone(), "/api/v1/payments/stripe/webhook", "/api/v1/payments/stripe/webhook".into(), json!({}), public),
        (post.clone(), "/api/v1/payments/{id}/confirm", format!("/api/v1/payments/{}/confirm", w.payment_a), Value::Null, view_a),
        (post.clone(), "/api/v1/orders/{id}/refunds", format!("/api/v1/orders/{oa}/refunds"), json!({"reason": ""}), view_a),
        (get.clone(), "/api/v1/cooperatives/{id}/ledger", format!("/api/v1/cooperatives/{a}/ledger"), Value::Null, ledger_a),
        (Method::PUT, "/api/v1/cooperatives/{id}/payout-account", format!("/api/v1/cooperatives/{a}/payout-account"), json!({}), payout_account_a),
        (get.clone(), "/api/v1/moderation/payouts", "/api/v1/moderation/payouts".into(), Value::Null, staff_only),
        (post.clone(), "/api/v1/moderation/payouts", "/api/v1/moderation/payouts".into(), json!({}), staff_only),
        (get.clone(), "/api/v1/moderation/payouts/{id}", format!("/api/v1/moderation/payouts/{nobody}"), Value::Null, staff_only),
        (get.clone(), "/api/v1/moderation/payouts/{id}/transfers.csv", format!("/api/v1/moderation/payouts/{nobody}/transfers.csv"), Value::Null, staff_only),
        (post.clone(), "/api/v1/moderation/bank-statements", "/api/v1/moderation/bank-statements".into(), Value::Null, staff_only),
        // the export desk
        (get.clone(), "/api/v1/account/company", "/api/v1/account/company".into(), Value::Null, own_account),
        (Method::PUT, "/api/v1/account/company", "/api/v1/account/company".into(), json!({}), own_account),
        (post.clone(), "/api/v1/quote-requests", "/api/v1/quote-requests".into(), json!({}), own_account),
        (get.clone(), "/api/v1/quote-requests", "/api/v1/quote-requests".into(), Value::Null, own_account),
        (get.clone(), "/api/v1/quote-requests/{id}", format!("/api/v1/quote-requests/{ra}"), Value::Null, rfq),
        (post.clone(), "/api/v1/quote-requests/{id}/messages", format!("/api/v1/quote-requests/{ra}/messages"), json!({}), rfq),
        (post.clone(), "/api/v1/quote-requests/{id}/pictures", format!("/api/v1/quote-requests/{ra}/pictures"), json!({}), [SignIn, Yes, Yes, Yes, Yes, Hidden, No, No, Yes]),
        (get.clone(), "/api/v1/quote-requests/{id}/pictures/{picture}", format!("/api/v1/quote-requests/{ra}/pictures/{nobody}"), Value::Null, rfq),
        (post.clone(), "/api/v1/quote-requests/{id}/quotes", format!("/api/v1/quote-requests/{ra}/quotes"), json!({}), quote_a),
        (post.clone(), "/api/v1/quote-requests/{id}/quotes/{version}/accept", format!("/api/v1/quote-requests/{ra}/quotes/1/accept"), Value::Null, importer_only),
        (get.clone(), "/api/v1/cooperatives/{id}/quote-requests", format!("/api/v1/cooperatives/{a}/quote-requests"), Value::Null, view_a),
        (get.clone(), "/api/v1/cooperatives/{id_or_slug}/lookbook.pdf", format!("/api/v1/cooperatives/{a}/lookbook.pdf?products=none"), Value::Null, signed_in),
        (get.clone(), "/api/v1/cooperatives/{id_or_slug}/collections", format!("/api/v1/cooperatives/{a}/collections"), Value::Null, public),
        (post.clone(), "/api/v1/cooperatives/{id}/collections", format!("/api/v1/cooperatives/{a}/collections"), json!({}), manage_a),
        (Method::PUT, "/api/v1/collections/{id}", format!("/api/v1/collections/{}", w.collection_a), json!({}), manage_a),
        (delete.clone(), "/api/v1/collections/{id}", format!("/api/v1/collections/{nobody}"), Value::Null, [SignIn, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden]),
        (get.clone(), "/api/v1/cooperatives/{id}/figures", format!("/api/v1/cooperatives/{a}/figures"), Value::Null, view_a),
        (Method::PUT, "/api/v1/cooperatives/{id}/figures/{year}", format!("/api/v1/cooperatives/{a}/figures/2025"), json!({"members": 40, "members_women": 50}), edit_a),
        (get.clone(), "/api/v1/moderation/figures", "/api/v1/moderation/figures".into(), Value::Null, staff_only),
        (post.clone(), "/api/v1/moderation/figures/{id}/review", format!("/api/v1/moderation/figures/{nobody}/review"), json!({"decision": "verify"}), staff_only),
        (get.clone(), "/api/v1/moderation/export-desk", "/api/v1/moderation/export-desk".into(), Value::Null, staff_only),
        (get.clone(), "/api/v1/export-orders/{id}", format!("/api/v1/export-orders/{xa}"), Value::Null, rfq),
        (post.clone(), "/api/v1/export-orders/{id}/steps", format!("/api/v1/export-orders/{xa}/steps"), json!({"to": "delivered"}), manage_a),
        (post.clone(), "/api/v1/export-orders/{id}/documents/{kind}", format!("/api/v1/export-orders/{xa}/documents/fumigation"), json!({}), manage_a),
        (get.clone(), "/api/v1/export-orders/{id}/documents/{kind}", format!("/api/v1/export-orders/{xa}/documents/fumigation"), Value::Null, rfq),
        (post.clone(), "/api/v1/export-payments/{id}/card", format!("/api/v1/export-payments/{da}/card"), Value::Null, importer_only),
        (post.clone(), "/api/v1/moderation/export-payments/{id}/received", format!("/api/v1/moderation/export-payments/{da}/received"), json!({}), staff_only),
        // lots and traceability: members write, union staff read (and
        // recall), anyone reads a lot's public page
        (post.clone(), "/api/v1/cooperatives/{id}/lots", format!("/api/v1/cooperatives/{a}/lots"), json!({}), lot_write),
        (get.clone(), "/api/v1/cooperatives/{id}/lots", format!("/api/v1/cooperatives/{a}/lots"), Value::Null, view_a),
        (get.clone(), "/api/v1/moderation/lots", "/api/v1/moderation/lots".into(), Value::Null, staff_only),
        (get.clone(), "/api/v1/lots/{id}", format!("/api/v1/lots/{}", w.lot_a), Value::Null, view_a),
        (post.clone(), "/api/v1/lots/{id}/diary", format!("/api/v1/lots/{}/diary", w.lot_a), json!({}), lot_write),
        (get.clone(), "/api/v1/lots/{id}/labels.pdf", format!("/api/v1/lots/{}/labels.pdf?count=1", w.lot_a), Value::Null, lot_write),
        (get.clone(), "/api/v1/lots/{id}/scans", format!("/api/v1/lots/{}/scans", w.lot_a), Value::Null, view_a),
        (post.clone(), "/api/v1/lots/{id}/recall", format!("/api/v1/lots/{}/recall", w.lot_a), json!({}), view_a),
        (get.clone(), "/api/v1/lots/{id}/recall", format!("/api/v1/lots/{}/recall", w.recalled_a), Value::Null, view_a),
        (get.clone(), "/api/v1/traceability/{code}", format!("/api/v1/traceability/{}", w.code_a), Value::Null, public),
        (get.clone(), "/api/v1/orders/{id}/lots", format!("/api/v1/orders/{oa}/lots"), Value::Null, manage_a),
        (Method::PUT, "/api/v1/orders/{id}/lots", format!("/api/v1/orders/{oa}/lots"), json!({}), manage_a),
        // reviews: the listing's and the cooperative's are anyone's; the
        // order's lines are its buyer's; replies and decisions need a
        // review (none here: they answer review_not_found past sign-in)
        (get.clone(), "/api/v1/products/{id}/reviews", format!("/api/v1/products/{la}/reviews"), Value::Null, public),
        (get.clone(), "/api/v1/cooperatives/{id}/rating", format!("/api/v1/cooperatives/{a}/rating"), Value::Null, public),
        (get.clone(), "/api/v1/cooperatives/{id}/reviews", format!("/api/v1/cooperatives/{a}/reviews"), Value::Null, manage_a),
        (get.clone(), "/api/v1/orders/{id}/reviews", format!("/api/v1/orders/{oa}/reviews"), Value::Null, buyer_only),
        (post.clone(), "/api/v1/orders/{id}/items/{item}/review", format!("/api/v1/orders/{oa}/items/{nobody}/review"), Value::Null, buyer_only),
        (post.clone(), "/api/v1/reviews/{id}/reply", format!("/api/v1/reviews/{nobody}/reply"), json!({"body": "Cảm ơn"}), signed_in),
        (post.clone(), "/api/v1/reviews/{id}/reports", format!("/api/v1/reviews/{nobody}/reports"), json!({"reason": "Quảng cáo"}), public),
        (get.clone(), "/api/v1/moderation/reviews", "/api/v1/moderation/reviews".into(), Value::Null, staff_only),
        (post.clone(), "/api/v1/moderation/reviews/{id}/decision", format!("/api/v1/moderation/reviews/{nobody}/decision"), json!({"decision": "keep"}), staff_only),
        // bookings: an experience's terms are anyone's (none here: the
        // listing is goods); its cooperative sets them and opens sessions;
        // closing a date and marking a booking need one (none here: they
        // answer not found past sign-in); the calendar file is the buyer's
        (get.clone(), "/api/v1/products/{id}/experience", format!("/api/v1/products/{la}/experience"), Value::Null, [Hidden; 9]),
        (Method::PUT, "/api/v1/products/{id}/experience", format!("/api/v1/products/{la}/experience"), json!({}), manage_a),
        (post.clone(), "/api/v1/products/{id}/sessions", format!("/api/v1/products/{la}/sessions"), json!({}), manage_a),
        (post.clone(), "/api/v1/sessions/{id}/close", format!("/api/v1/sessions/{nobody}/close"), json!({"reason": "Mưa lũ"}), signed_in),
        (get.clone(), "/api/v1/cooperatives/{id}/bookings", format!("/api/v1/cooperatives/{a}/bookings"), Value::Null, manage_a),
        (post.clone(), "/api/v1/bookings/{id}/attendance", format!("/api/v1/bookings/{nobody}/attendance"), json!({"status": "arrived"}), signed_in),
        (post.clone(), "/api/v1/orders/{id}/balance-collected", format!("/api/v1/orders/{oa}/balance-collected"), Value::Null, manage_a),
        (post.clone(), "/api/v1/cart/bookings", "/api/v1/cart/bookings".into(), json!({}), public),
        (get.clone(), "/api/v1/orders/{id}/items/{item}/calendar.ics", format!("/api/v1/orders/{oa}/items/{nobody}/calendar.ics"), Value::Null, buyer_only),
        (post.clone(), "/api/v1/orders/{id}/items/{item}/cancel-booking", format!("/api/v1/orders/{oa}/items/{nobody}/cancel-booking"), Value::Null, buyer_only),
        // the buyer cancels: the order's last step
        (post.clone(), "/api/v1/orders/{id}/cancel", format!("/api/v1/orders/{oa}/cancel"), Value::Null, buyer_only),
        // the last step a listing of A can take: out of the shop
        (post.clone(), "/api/v1/products/{id}/unpublish", format!("/api/v1/products/{la}/unpublish"), Value::Null, manage_a),
        // these end sessions, so they come last
        (post.clone(), "/api/v1/auth/sessions/revoke-all", "/api/v1/auth/sessions/revoke-all".into(), Value::Null, own_account),
        (post.clone(), "/api/v1/auth/logout", "/api/v1/auth/logout".into(), Value::Null, public),
    ];

    let mut failures = Vec::new();
    for (method, _, path, body, wants) in &table {
        for (who, want) in wants.iter().enumerate() {
            let (status, code) = w.call(who, method, path, body).await;
            assert!(
                status < 500,
                "{method} {path} as {}: {status} {code}",
                PEOPLE[who]
            );
            let got = classify(status, &code);
            if got != *want {
                failures.push(format!(
                    "{method} {path} as {}: wanted {want:?}, got {status} {code}",
                    PEOPLE[who]
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );

    // every documented operation is in the table
    let doc: Value = w.app.get("/api/openapi.json").await.json().await.unwrap();
    let documented: BTreeSet<String> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .map(move |m| format!("{} {path}", m.to_uppercase()))
        })
        .collect();
    let walked: BTreeSet<String> = table
        .iter()
        .map(|(m, template, ..)| format!("{m} {template}"))
        .collect();
    let missing: Vec<&String> = documented.difference(&walked).collect();
    assert!(
        missing.is_empty(),
        "routes not in the authorization table: {missing:?}"
    );
}

#[tokio::test]
async fn a_shopper_cannot_read_another_shoppers_or_cooperatives_private_things() {
    announce("a_shopper_cannot_read_another_shoppers_or_cooperatives_private_things");
    let app = spawn_app().await;
    let union = app.union_staff("staff@hoptac.vn").await;
    let lan = app.person("lan@example.vn", true).await;
    let minh = app.person("minh@example.vn", true).await;
    let (_, lan_app) = lan
        .post("/api/v1/cooperatives", application("HTX Của Lan"))
        .await;
    let lan_id = lan_app["id"].as_str().unwrap();
    // Minh cannot see Lan's pending application, its documents or its team
    for path in [
        format!("/api/v1/cooperatives/{lan_id}/application"),
        format!("/api/v1/cooperatives/{lan_id}/members"),
    ] {
        let (status, body) = minh.get(&path).await;
        assert_eq!(status, 404, "{path}: {body}");
        assert!(
            !body.to_string().contains("HTX Của Lan"),
            "{path} leaked data"
        );
    }
    let (_, lan_sessions) = lan.get("/api/v1/auth/sessions").await;
    let lan_session = lan_sessions[0]["id"].as_str().unwrap();
    let (status, _) = minh
        .send(
            Method::DELETE,
            &format!("/api/v1/auth/sessions/{lan_session}"),
            None,
        )
        .await;
    assert_eq!(status, 404, "Minh cannot end Lan's session");
    assert_eq!(lan.get("/api/v1/auth/me").await.0, 200);
    // two cooperatives: B's owner cannot touch A
    let a = admitted_cooperative(&lan, &union, "HTX A Riêng").await;
    let b_owner = app.person("b@example.vn", true).await;
    admitted_cooperative(&b_owner, &union, "HTX B Riêng").await;
    let (status, body) = b_owner
        .send(
            Method::PATCH,
            &format!("/api/v1/cooperatives/{a}"),
            Some(json!({"story_vi": "x".repeat(40)})),
        )
        .await;
    assert_eq!(status, 404, "{body}");
    let (_, public) = app
        .get(&format!("/api/v1/cooperatives/{a}"))
        .await
        .json::<Value>()
        .await
        .map(|v| (0, v))
        .unwrap();
    assert_ne!(public["story"], json!("x".repeat(40)));
}
