//! Lots and traceability over HTTP: a cooperative records a lot with its
//! makers, materials and field diary; anyone reads its page by code, with
//! its certifications as they stand on the day; labels carry QR codes that
//! decode back to the page; visits are counted per day; the seller packs an
//! order's lines from lots; a recall shows at once, stops packing and
//! e-mails every buyer through the outbox — and strangers and other
//! cooperatives are refused on the way.

use entity::certifications::{Kind, Status};
use hoptac_tests::TestApp;
use hoptac_tests::users::{Person, admitted_cooperative};
use reqwest::Method;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::announce;
use crate::orders::{Market, domestic, market_with_stock};

fn today() -> chrono::NaiveDate {
    kernel::time::today_in_vietnam(chrono::Utc::now())
}

fn days_ago(days: u64) -> String {
    (today() - chrono::Days::new(days)).to_string()
}

/// A second cooperative, with its owner.
async fn other_cooperative(m: &Market) -> (Person, Uuid) {
    let owner = m.app.person("owner.b@example.vn", true).await;
    let id = admitted_cooperative(&owner, &m.staff, "HTX Nón lá Phú Cam")
        .await
        .parse()
        .unwrap();
    (owner, id)
}

/// The listing of the market's basket.
async fn basket_listing(m: &Market) -> Uuid {
    entity::product_variants::Entity::find_by_id(m.basket)
        .one(&m.app.db.conn)
        .await
        .unwrap()
        .unwrap()
        .product_id
}

/// A lot of the basket with three makers and rattan from A Lưới.
async fn record_lot(m: &Market, number: &str, certifications: &[Uuid]) -> Value {
    let listing = basket_listing(m).await;
    let (status, lot) = m
        .seller_a
        .post(
            &format!("/api/v1/cooperatives/{}/lots", m.coop_a),
            json!({
                "product_id": listing,
                "variant_id": m.basket,
                "lot_number": number,
                "quantity": 120,
                "unit": "piece",
                "produced_on": days_ago(10),
                "packed_on": days_ago(3),
                "commune": "Xã Đan Điền",
                "place": "Xưởng đan làng Bao La",
                "makers": [
                    {"name": "Hộ bà Nguyễn Thị Hoa", "role": "đan thân giỏ"},
                    {"name": "Hộ chị Trần Thị Mai", "role": "đan nắp"}
                ],
                "materials": [{"name": "Mây nước", "origin": "A Lưới"}],
                "certification_ids": certifications
            }),
        )
        .await;
    assert_eq!(status, 201, "{lot}");
    lot
}

/// E-mails of `template` queued so far.
async fn emails(app: &TestApp, template: &str) -> Vec<Value> {
    entity::outbox::Entity::find()
        .filter(entity::outbox::Column::Topic.eq("email"))
        .all(&app.db.conn)
        .await
        .unwrap()
        .into_iter()
        .map(|j| j.payload)
        .filter(|p| p["template"] == template)
        .collect()
}

#[tokio::test]
async fn a_cooperative_records_a_lot_with_its_diary_and_anyone_reads_its_page() {
    announce("a_cooperative_records_a_lot_with_its_diary_and_anyone_reads_its_page");
    let m = market_with_stock(10, 10).await;
    let db = &m.app.db.conn;
    let vietgap = testkit::fixtures::certification(
        db,
        m.coop_a,
        Kind::Vietgap,
        Status::Verified,
        Some(today() + chrono::Days::new(1)),
    )
    .await;
    let ocop =
        testkit::fixtures::certification(db, m.coop_a, Kind::Ocop, Status::Verified, None).await;
    let (owner_b, coop_b) = other_cooperative(&m).await;
    let theirs =
        testkit::fixtures::certification(db, coop_b, Kind::Organic, Status::Verified, None).await;

    // what does not hold is named field by field
    let listing = basket_listing(&m).await;
    let (status, body) = m
        .seller_a
        .post(
            &format!("/api/v1/cooperatives/{}/lots", m.coop_a),
            json!({"product_id": listing, "lot_number": "", "quantity": 0,
                   "gtin": "8930000000001", "certification_ids": [theirs],
                   "produced_on": days_ago(1), "best_before": days_ago(5)}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let fields = &body["error"]["fields"];
    for (field, code) in [
        ("lot_number", "required"),
        ("quantity", "whole_number_between"),
        ("gtin", "not_a_gtin"),
        ("certification_ids", "not_this_cooperatives_certification"),
        ("best_before", "below_field"),
    ] {
        assert_eq!(fields[field][0]["code"], code, "{field}: {body}");
    }
    // another cooperative's listing is not one of theirs
    let theirs_listing = testkit::fixtures::product(
        db,
        coop_b,
        "Nón bài thơ",
        entity::products::Status::Published,
    )
    .await;
    let (status, body) = m
        .seller_a
        .post(
            &format!("/api/v1/cooperatives/{}/lots", m.coop_a),
            json!({"product_id": theirs_listing, "lot_number": "X-1", "quantity": 5}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        body["error"]["fields"]["product_id"][0]["code"],
        "not_this_cooperatives_listing"
    );

    let lot = record_lot(&m, "BL-GN-2611-01", &[vietgap, ocop]).await;
    let id = lot["id"].as_str().unwrap().to_owned();
    let code = lot["code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 8, "a short code: {code}");
    let url = lot["url"].as_str().unwrap();
    assert!(
        url.starts_with("http") && url.ends_with(&format!("/t/{code}")),
        "an absolute address: {url}"
    );
    assert_eq!(lot["status"], "open");
    assert_eq!(lot["makers"][1]["name"], "Hộ chị Trần Thị Mai");
    assert_eq!(lot["materials"][0]["origin"], "A Lưới");
    // the same lot number twice in one cooperative is refused
    let (status, body) = m
        .seller_a
        .post(
            &format!("/api/v1/cooperatives/{}/lots", m.coop_a),
            json!({"product_id": listing, "lot_number": "BL-GN-2611-01", "quantity": 5}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(
        body["error"]["fields"]["lot_number"][0]["code"],
        "lot_number_taken"
    );

    // the diary: a pesticide whose interval runs past the harvest is refused
    let produce = {
        let (status, lot) = m
            .seller_a
            .post(
                &format!("/api/v1/cooperatives/{}/lots", m.coop_a),
                json!({"product_id": listing, "lot_number": "RAU-B2", "quantity": 80,
                       "unit": "box", "harvested_on": days_ago(2)}),
            )
            .await;
        assert_eq!(status, 201, "{lot}");
        lot["id"].as_str().unwrap().to_owned()
    };
    let diary = format!("/api/v1/lots/{produce}/diary");
    let (status, body) = m
        .seller_a
        .post(
            &diary,
            json!({"kind": "input", "happened_on": days_ago(5), "title": "Phun thuốc trừ sâu",
                   "input_name": "Bacillus thuringiensis", "dose": "25 g / bình 16 lít",
                   "pre_harvest_interval_days": 7}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        body["error"]["fields"]["pre_harvest_interval_days"][0]["code"],
        "harvest_within_interval"
    );
    for entry in [
        json!({"kind": "harvest", "happened_on": days_ago(2), "title": "Thu hoạch sáng sớm"}),
        json!({"kind": "input", "happened_on": days_ago(20), "title": "Phun chế phẩm sinh học",
               "input_name": "Bacillus thuringiensis", "dose": "25 g / bình 16 lít",
               "pre_harvest_interval_days": 5}),
        json!({"kind": "irrigation", "happened_on": days_ago(10), "title": "Tưới phun mưa"}),
    ] {
        let (status, body) = m.seller_a.post(&diary, entry).await;
        assert_eq!(status, 201, "{body}");
    }
    let (status, body) = m
        .seller_a
        .post(
            &diary,
            json!({"kind": "planting", "title": "", "photo_url": "javascript:alert(1)"}),
        )
        .await;
    assert_eq!(status, 422);
    for field in ["kind", "happened_on", "title", "photo_url"] {
        assert!(body["error"]["fields"][field].is_array(), "{field}: {body}");
    }

    // anyone reads the page by code, in their language, diary oldest first
    let produce_code = m.seller_a.get(&format!("/api/v1/lots/{produce}")).await.1["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let page = m
        .app
        .get_json(&format!("/api/v1/traceability/{produce_code}"), 200)
        .await;
    let kinds: Vec<&str> = page["diary"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["input", "irrigation", "harvest"]);
    assert_eq!(page["diary"][0]["safe_from"], days_ago(15));
    let page = m
        .app
        .get_json(&format!("/api/v1/traceability/{code}?locale=en"), 200)
        .await;
    assert_eq!(page["lot_number"], "BL-GN-2611-01");
    assert_eq!(page["cooperative_name"], "HTX Mây Tre Bao La");
    assert_eq!(page["makers"][0]["role"], "đan thân giỏ");
    assert!(page["buy_url"].as_str().unwrap().starts_with("/products/"));
    let standing = |page: &Value, id: Uuid| {
        page["certifications"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id.to_string())
            .map(|c| c["standing"].as_str().unwrap().to_owned())
    };
    assert_eq!(standing(&page, vietgap).as_deref(), Some("valid"));
    assert_eq!(standing(&page, ocop).as_deref(), Some("valid"));
    // the day after it expires, and once union staff withdraw it, the page
    // says so without anyone touching the lot
    let mut cert: entity::certifications::ActiveModel =
        entity::certifications::Entity::find_by_id(vietgap)
            .one(db)
            .await
            .unwrap()
            .unwrap()
            .into();
    cert.expires_on = Set(Some(today() - chrono::Days::new(1)));
    cert.update(db).await.unwrap();
    let (status, _) = m
        .staff
        .post(
            &format!("/api/v1/moderation/certifications/{ocop}/reject"),
            json!({"reason": "Giấy chứng nhận đã bị cơ quan cấp thu hồi"}),
        )
        .await;
    assert_eq!(status, 200);
    let page = m
        .app
        .get_json(&format!("/api/v1/traceability/{code}"), 200)
        .await;
    assert_eq!(standing(&page, vietgap).as_deref(), Some("expired"));
    assert_eq!(standing(&page, ocop).as_deref(), Some("withdrawn"));
    assert_eq!(
        m.app
            .get_json_status("/api/v1/traceability/ZZZZZZZZ")
            .await
            .0,
        404
    );

    // the cooperative and union staff read the lot; others are told
    // there is no such lot, strangers to sign in
    let path = format!("/api/v1/lots/{id}");
    assert_eq!(m.seller_a.get(&path).await.0, 200);
    assert_eq!(m.staff.get(&path).await.0, 200);
    for who in [&owner_b, &m.app.person("hoa@example.vn", true).await] {
        let (status, body) = who.get(&path).await;
        assert_eq!(status, 404, "{body}");
        assert_eq!(body["error"]["code"], "lot_not_found");
        let (status, _) = who
            .post(
                &format!("{path}/diary"),
                json!({"kind": "note", "happened_on": days_ago(1), "title": "x"}),
            )
            .await;
        assert_eq!(status, 404);
        let (status, _) = who
            .post(&format!("{path}/recall"), json!({"reason": "x"}))
            .await;
        assert_eq!(status, 404);
    }
    assert_eq!(m.app.get_json_status(&path).await.0, 401);
    let (status, body) = owner_b
        .post(
            &format!("/api/v1/cooperatives/{}/lots", m.coop_a),
            json!({"product_id": listing, "lot_number": "B-1", "quantity": 1}),
        )
        .await;
    assert_eq!(
        status, 404,
        "another cooperative's lots are not theirs: {body}"
    );
    // union staff read every lot but record none
    let (status, _) = m
        .staff
        .post(
            &format!("{path}/diary"),
            json!({"kind": "note", "happened_on": days_ago(1), "title": "x"}),
        )
        .await;
    assert_eq!(status, 403);
    let (status, list) = m.staff.get("/api/v1/moderation/lots").await;
    assert_eq!(status, 200);
    assert_eq!(list["total"], 2);
    let (status, list) = m
        .seller_a
        .get(&format!("/api/v1/cooperatives/{}/lots", m.coop_a))
        .await;
    assert_eq!(status, 200);
    assert_eq!(list["items"][0]["lot_number"], "RAU-B2", "newest first");
    assert_eq!(owner_b.get("/api/v1/moderation/lots").await.0, 403);
}

async fn labels(m: &Market, id: &str, query: &str) -> Vec<u8> {
    let response = m
        .seller_a
        .client
        .get(m.app.url(&format!("/api/v1/lots/{id}/labels.pdf?{query}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200, "{query}");
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let bytes = response.bytes().await.unwrap().to_vec();
    assert!(bytes.starts_with(b"%PDF-"));
    bytes
}

#[tokio::test]
async fn labels_carry_qr_codes_that_decode_to_the_lots_page() {
    announce("labels_carry_qr_codes_that_decode_to_the_lots_page");
    let m = market_with_stock(10, 10).await;
    let lot = record_lot(&m, "BL-GN-2611-02", &[]).await;
    let id = lot["id"].as_str().unwrap();
    let url = lot["url"].as_str().unwrap();
    // both sheets are fetched before the slow decoding, so that no kept-alive
    // connection idles out between two requests
    let mut sheets = Vec::new();
    for (query, count, grid) in [
        ("layout=3x8", 24, (3, 8, 70.0, 37.0)),
        ("layout=2x5&locale=en", 10, (2, 5, 105.0, 57.0)),
    ] {
        sheets.push((query, count, grid, labels(&m, id, query).await));
    }
    let (status, body) = m
        .seller_a
        .get(&format!("/api/v1/lots/{id}/labels.pdf?layout=4x4"))
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        body["error"]["fields"]["layout"][0]["code"], "not_one_of",
        "{body}"
    );
    let (status, _) = m.staff.get(&format!("/api/v1/lots/{id}/labels.pdf")).await;
    assert_eq!(status, 403, "labels are the cooperative's to print");
    for (query, count, grid, pdf) in sheets {
        let codes = hoptac_tests::labels::qr_codes(&pdf, grid.0, grid.1, grid.2, grid.3);
        assert_eq!(codes.len(), count, "{query}: every label has its code");
        assert!(codes.iter().all(|c| c == url), "{query}: {codes:?}");
        let text: String = pdf_extract::extract_text_from_mem(&pdf)
            .unwrap()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        for expected in ["BL-GN-2611-02", "Giỏmâycónắp", "HTXMâyTreBaoLa"] {
            assert!(text.contains(expected), "{query}: {expected} in {text}");
        }
    }
}

#[tokio::test]
async fn visits_of_a_lots_page_are_counted_per_day_and_a_gs1_address_leads_there() {
    announce("visits_of_a_lots_page_are_counted_per_day_and_a_gs1_address_leads_there");
    let m = market_with_stock(10, 10).await;
    let listing = basket_listing(&m).await;
    let (status, lot) = m
        .seller_a
        .post(
            &format!("/api/v1/cooperatives/{}/lots", m.coop_a),
            json!({"product_id": listing, "lot_number": "BL/26-03", "quantity": 30,
                   "gtin": "4006381333931"}),
        )
        .await;
    assert_eq!(status, 201, "{lot}");
    let id = lot["id"].as_str().unwrap();
    let code = lot["code"].as_str().unwrap();
    let gs1 = lot["gs1_url"].as_str().unwrap();
    assert!(gs1.starts_with("http"), "{gs1}");
    let gs1_path = &gs1[gs1.find("/01/").unwrap()..];
    assert_eq!(gs1_path, "/01/4006381333931/10/BL%2F26-03");
    for _ in 0..3 {
        let response = m.app.get(&format!("/t/{code}")).await;
        assert_eq!(response.status().as_u16(), 200);
        let html = response.text().await.unwrap();
        assert!(html.contains("Giỏ mây có nắp") && html.contains("BL/26-03"));
    }
    // the JSON read is not a visit
    m.app
        .get_json(&format!("/api/v1/traceability/{code}"), 200)
        .await;
    let (status, scans) = m.seller_a.get(&format!("/api/v1/lots/{id}/scans")).await;
    assert_eq!(status, 200, "{scans}");
    assert_eq!(scans["total"], 3);
    assert_eq!(scans["days"][0]["day"], today().to_string());
    assert_eq!(scans["days"][0]["count"], 3);
    // union staff see them too; the lists count them
    assert_eq!(
        m.staff.get(&format!("/api/v1/lots/{id}/scans")).await.1["total"],
        3
    );
    let (_, list) = m.staff.get("/api/v1/moderation/lots").await;
    assert_eq!(list["items"][0]["scans_total"], 3);
    // nothing about the visitor is stored: a row is a lot, a day, a count
    let rows = entity::lot_scans::Entity::find()
        .all(&m.app.db.conn)
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].count, 3);

    // the GS1 Digital Link address leads to the page
    let response = hoptac_tests::users::client()
        .get(m.app.url(gs1_path))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 302);
    assert_eq!(response.headers()["location"], format!("/t/{code}"));
    assert_eq!(m.app.get("/t/ZZZZZZZZ").await.status().as_u16(), 404);

    // a listing taken down and deleted leaves its lot's page, with the
    // title it had
    let (status, body) = m
        .seller_a
        .post(&format!("/api/v1/products/{listing}/unpublish"), json!({}))
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = m
        .seller_a
        .send(Method::DELETE, &format!("/api/v1/products/{listing}"), None)
        .await;
    assert_eq!(status, 204, "{body}");
    let page = m
        .app
        .get_json(&format!("/api/v1/traceability/{code}"), 200)
        .await;
    assert_eq!(page["product_title"], "Giỏ mây có nắp");
    assert!(page["buy_url"].is_null());
    assert_eq!(
        m.app
            .get("/01/4006381333931/10/NO-SUCH-LOT")
            .await
            .status()
            .as_u16(),
        404
    );
}

/// A buyer's order of `quantity` baskets, cash on delivery.
async fn order(m: &Market, email: &str, quantity: i32) -> (Person, String) {
    let buyer = m.app.person(email, true).await;
    let (status, body) = buyer
        .post(
            "/api/v1/cart/items",
            json!({"variant_id": m.basket, "quantity": quantity}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let mut checkout = domestic("cod");
    checkout["contact"]["email"] = json!(email);
    let (status, receipt) = buyer.post("/api/v1/checkout", checkout).await;
    assert_eq!(status, 201, "{receipt}");
    let order = receipt["orders"][0]["id"].as_str().unwrap().to_owned();
    (buyer, order)
}

#[tokio::test]
async fn a_recall_shows_at_once_stops_packing_and_emails_every_buyer() {
    announce("a_recall_shows_at_once_stops_packing_and_emails_every_buyer");
    let m = market_with_stock(20, 10).await;
    let lot = record_lot(&m, "BL-GN-2611-04", &[]).await;
    let spare = record_lot(&m, "BL-GN-2611-05", &[]).await;
    let (id, code) = (
        lot["id"].as_str().unwrap().to_owned(),
        lot["code"].as_str().unwrap().to_owned(),
    );
    let (hoa, first) = order(&m, "hoa@example.vn", 2).await;
    let (_lan, second) = order(&m, "lan.buyer@example.vn", 1).await;
    let (_, untouched) = order(&m, "minh.buyer@example.vn", 1).await;

    // the seller picks the lot of each line when packing
    let (status, packing) = m
        .seller_a
        .get(&format!("/api/v1/orders/{first}/lots"))
        .await;
    assert_eq!(status, 200, "{packing}");
    let item = packing["lines"][0]["item_id"].as_str().unwrap().to_owned();
    let offered: Vec<&str> = packing["lines"][0]["lots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["lot_number"].as_str().unwrap())
        .collect();
    assert_eq!(offered, ["BL-GN-2611-05", "BL-GN-2611-04"]);
    for order in [&first, &second] {
        let (_, packing) = m
            .seller_a
            .get(&format!("/api/v1/orders/{order}/lots"))
            .await;
        let line = packing["lines"][0]["item_id"].clone();
        let (status, body) = m
            .seller_a
            .send(
                Method::PUT,
                &format!("/api/v1/orders/{order}/lots"),
                Some(json!({"lines": [{"item_id": line, "lot_id": id}]})),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["lines"][0]["lot_id"], id.as_str());
    }
    let (_, spare_order) = order(&m, "an.buyer@example.vn", 1).await;
    let (_, packing) = m
        .seller_a
        .get(&format!("/api/v1/orders/{spare_order}/lots"))
        .await;
    let (status, _) = m
        .seller_a
        .send(
            Method::PUT,
            &format!("/api/v1/orders/{spare_order}/lots"),
            Some(json!({"lines": [{"item_id": packing["lines"][0]["item_id"], "lot_id": spare["id"]}]})),
        )
        .await;
    assert_eq!(status, 200);
    // another cooperative's lot, or a line of another order, is refused
    let (owner_b, coop_b) = other_cooperative(&m).await;
    let hat = testkit::fixtures::product(
        &m.app.db.conn,
        coop_b,
        "Nón lá",
        entity::products::Status::Published,
    )
    .await;
    let (_, theirs) = owner_b
        .post(
            &format!("/api/v1/cooperatives/{coop_b}/lots"),
            json!({"product_id": hat, "lot_number": "NL-1", "quantity": 5}),
        )
        .await;
    let (status, body) = m
        .seller_a
        .send(
            Method::PUT,
            &format!("/api/v1/orders/{untouched}/lots"),
            Some(json!({"lines": [{"item_id": item, "lot_id": theirs["id"]}]})),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body["error"]["fields"]["lines[0].item_id"].is_array());
    assert_eq!(
        owner_b.get(&format!("/api/v1/orders/{first}/lots")).await.0,
        404
    );

    // the buyer's order links the lot's page, and so does the shipping e-mail
    let (status, view) = hoa.get(&format!("/api/v1/orders/{first}")).await;
    assert_eq!(status, 200);
    assert_eq!(view["items"][0]["trace_code"], code.as_str());
    let path = format!("/api/v1/orders/{first}/transition");
    assert_eq!(m.seller_a.post(&path, json!({"to": "packed"})).await.0, 200);
    let (status, _) = m
        .seller_a
        .post(
            &path,
            json!({"to": "shipped", "carrier": "Viettel Post", "tracking": "VTP1"}),
        )
        .await;
    assert_eq!(status, 200);
    let shipped = emails(&m.app, "order_shipped").await;
    assert_eq!(shipped.len(), 1);
    assert!(
        shipped[0]["text"]
            .as_str()
            .unwrap()
            .contains(&format!("/t/{code}\n")),
        "{}",
        shipped[0]["text"]
    );
    // once shipped, its lots stay as they were
    let (status, body) = m
        .seller_a
        .send(
            Method::PUT,
            &format!("/api/v1/orders/{first}/lots"),
            Some(json!({"lines": [{"item_id": item, "lot_id": spare["id"]}]})),
        )
        .await;
    assert_eq!(status, 409, "{body}");

    // union staff recall the lot
    let (status, body) = m
        .staff
        .post(&format!("/api/v1/lots/{id}/recall"), json!({"reason": " "}))
        .await;
    assert_eq!(status, 422, "a recall needs its reason: {body}");
    let reason = "Mây bị mốc do bảo quản ẩm; thu hồi cả lô";
    let (status, report) = m
        .staff
        .post(
            &format!("/api/v1/lots/{id}/recall"),
            json!({"reason": reason}),
        )
        .await;
    assert_eq!(status, 200, "{report}");
    let notified: Vec<&str> = report["notices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["buyer_email"].as_str().unwrap())
        .collect();
    assert_eq!(notified.len(), 2, "{report}");
    assert!(notified.contains(&"hoa@example.vn") && notified.contains(&"lan.buyer@example.vn"));
    assert_eq!(report["lot"]["buyers_notified"], 2);
    let recalled = emails(&m.app, "lot_recalled").await;
    let mut to: Vec<&str> = recalled
        .iter()
        .map(|e| e["to_email"].as_str().unwrap())
        .collect();
    to.sort();
    assert_eq!(to, ["hoa@example.vn", "lan.buyer@example.vn"]);
    for email in &recalled {
        let text = email["text"].as_str().unwrap();
        assert!(
            text.contains("BL-GN-2611-04") && text.contains(reason),
            "{text}"
        );
        assert!(text.contains(&format!("/t/{code}")));
    }
    let (status, body) = m
        .seller_a
        .post(
            &format!("/api/v1/lots/{id}/recall"),
            json!({"reason": "again"}),
        )
        .await;
    assert_eq!(status, 409);
    assert_eq!(body["error"]["code"], "lot_already_recalled");

    // the page says so at once and no longer sends anyone to buy it
    let page = m
        .app
        .get_json(&format!("/api/v1/traceability/{code}"), 200)
        .await;
    assert_eq!(page["recall"]["reason"], reason);
    assert!(page["buy_url"].is_null());
    let html = m.app.get(&format!("/t/{code}")).await.text().await.unwrap();
    assert!(html.contains("recall-banner") && html.contains(reason));
    // the lot is no longer offered, and cannot be packed
    let (_, packing) = m
        .seller_a
        .get(&format!("/api/v1/orders/{untouched}/lots"))
        .await;
    let offered: Vec<&str> = packing["lines"][0]["lots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["lot_number"].as_str().unwrap())
        .collect();
    assert_eq!(offered, ["BL-GN-2611-05"]);
    let line = packing["lines"][0]["item_id"].clone();
    let (status, body) = m
        .seller_a
        .send(
            Method::PUT,
            &format!("/api/v1/orders/{untouched}/lots"),
            Some(json!({"lines": [{"item_id": line, "lot_id": id}]})),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(
        body["error"]["fields"]["lines[0].lot_id"][0]["code"],
        "lot_recalled"
    );
    // the report stays for the cooperative and union staff
    let (status, again) = m.seller_a.get(&format!("/api/v1/lots/{id}/recall")).await;
    assert_eq!(status, 200);
    assert_eq!(again["notices"].as_array().unwrap().len(), 2);
    let (_, recalls) = m.staff.get("/api/v1/moderation/lots?status=recalled").await;
    assert_eq!(recalls["total"], 1);
    assert_eq!(recalls["items"][0]["lot_number"], "BL-GN-2611-04");
    // the recall is in the audit log, with its reason
    let (status, log) = m.staff.get("/api/v1/moderation/audit-log").await;
    assert_eq!(status, 200);
    let recall = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "lot.recall")
        .unwrap_or_else(|| panic!("the recall is logged: {log}"));
    assert_eq!(recall["target_name"], "BL-GN-2611-04", "{recall}");
}
