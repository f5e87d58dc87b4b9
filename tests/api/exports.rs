//! The export desk over HTTP: an importer from Osaka asks Bao La for 2,000
//! lidded baskets FOB Đà Nẵng, Bao La quotes and revises, the importer
//! accepts, union staff record the deposit and the balance (booked once
//! each), Bao La makes, readies and ships once the documents are there —
//! and every refusal on the way.

use hoptac_tests::users::Person;
use hoptac_tests::{Seed, TestApp, spawn_app_configured, spawn_app_with};
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use testkit::localstripe::{self, Localstripe, cards};

use crate::announce;

/// An amount in đồng as the papers write it.
struct Money(i64);

impl std::fmt::Display for Money {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        kernel::Money::vnd(self.0).fmt(f)
    }
}

/// The people of the story.
struct Desk {
    app: TestApp,
    importer: Person,
    baola: Person,
    staff: Person,
    bao_la_id: String,
}

async fn desk() -> Desk {
    desk_on(spawn_app_with(Seed::DemoWithoutPictures).await).await
}

async fn desk_on(app: TestApp) -> Desk {
    let importer = app.person("tanaka@kansai-zakka.example.jp", true).await;
    let baola = app.person("chunhiem@baola.example.vn", true).await;
    let staff = app.union_staff("nhanvien@hoptac.vn").await;
    let coop = app.get_json("/api/v1/cooperatives/bao-la", 200).await;
    let bao_la_id = coop["id"].as_str().unwrap().to_owned();
    accounts::add_member(
        &app.db.conn,
        kernel::CooperativeId(bao_la_id.parse().unwrap()),
        kernel::UserId(baola.id.parse().unwrap()),
        accounts::MemberRole::Owner,
    )
    .await
    .unwrap();
    // sign in again so that the session knows the membership
    let baola = app
        .sign_in("chunhiem@baola.example.vn", hoptac_tests::users::client())
        .await;
    Desk {
        app,
        importer,
        baola,
        staff,
        bao_la_id,
    }
}

fn in_days(days: u64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Days::new(days)).to_string()
}

/// The two sizes of Bao La's lidded basket.
async fn basket_sizes(app: &TestApp) -> (String, String) {
    let product = app
        .get_json("/api/v1/products/gio-may-dan-tay-co-nap", 200)
        .await;
    let variants = product["variants"].as_array().unwrap();
    assert!(variants.len() >= 2, "the basket comes in two sizes");
    (
        variants[0]["id"].as_str().unwrap().to_owned(),
        variants[1]["id"].as_str().unwrap().to_owned(),
    )
}

async fn company(person: &Person, name: &str) {
    let (status, body) = person
        .send(
            Method::PUT,
            "/api/v1/account/company",
            Some(
                json!({"company_name": name, "country": "JP", "tax_number": "T1234567890123",
                        "language": "ja", "currency": "JPY"}),
            ),
        )
        .await;
    assert_eq!(status, 200, "{body}");
}

/// The Osaka request: 1,200 small and 800 large lidded baskets.
async fn ask(d: &Desk) -> Value {
    let (small, large) = basket_sizes(&d.app).await;
    let (status, body) = d
        .importer
        .post(
            "/api/v1/quote-requests",
            json!({
                "cooperative": "bao-la",
                "lines": [
                    {"variant_id": small, "quantity": 1200, "target_unit_price_vnd": 150000},
                    {"variant_id": large, "quantity": 800, "description": "with our own hang tag"}
                ],
                "destination_port": "Osaka",
                "incoterm": "FOB",
                "wanted_by": in_days(120),
                "samples_wanted": true,
                "packaging_notes": "Own hang tag in Japanese; 10 baskets a carton",
                "message": "Could you send a sample of each size first?"
            }),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    body
}

/// A quote for every line of `request` at `small`/`large` đồng.
fn quote(request: &Value, small: i64, large: i64, valid_until: &str) -> Value {
    let lines = request["lines"].as_array().unwrap();
    json!({
        "lines": [
            {"line_id": lines[0]["id"], "unit_price_vnd": small, "min_qty": 500, "lead_time_days": 45},
            {"line_id": lines[1]["id"], "unit_price_vnd": large, "min_qty": 300, "lead_time_days": 45}
        ],
        "incoterm": "FOB",
        "named_place": "Đà Nẵng",
        "packing": "10 a carton, 60×60×45 cm",
        "sample_price_vnd": 400000,
        "sample_days": 10,
        "deposit_percent": 30,
        "valid_until": valid_until,
        "notes": "Price includes the buyer's own tag."
    })
}

/// The export desk's e-mails queued so far.
async fn emails(app: &TestApp) -> Vec<Value> {
    entity::outbox::Entity::find()
        .filter(entity::outbox::Column::Topic.eq("email"))
        .all(&app.db.conn)
        .await
        .unwrap()
        .into_iter()
        .map(|j| j.payload)
        .filter(|p| p["template"] == "export_update")
        .collect()
}

async fn emails_to(app: &TestApp, email: &str) -> Vec<Value> {
    emails(app)
        .await
        .into_iter()
        .filter(|p| p["to_email"] == email)
        .collect()
}

/// The text of a PDF the person downloads, white space squeezed out (a
/// reader may split words where lines wrap).
async fn pdf_text(app: &TestApp, person: &Person, path: &str) -> String {
    let response = person.client.get(app.url(path)).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200, "{path}");
    assert_eq!(
        response.headers()["content-type"].to_str().unwrap(),
        "application/pdf"
    );
    let bytes = response.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    pdf_extract::extract_text_from_mem(&bytes)
        .expect("the PDF reads back")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn squeezed(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

async fn upload(
    person: &Person,
    order: &str,
    kind: &str,
    name: &str,
    bytes: &[u8],
) -> (u16, Value) {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_owned()),
    );
    person
        .upload(
            &format!("/api/v1/export-orders/{order}/documents/{kind}"),
            form,
        )
        .await
}

#[tokio::test]
async fn an_osaka_importer_buys_two_thousand_baskets_from_quote_to_delivery() {
    announce("an_osaka_importer_buys_two_thousand_baskets_from_quote_to_delivery");
    let d = desk().await;
    company(&d.importer, "Kansai Zakka Trading Co., Ltd.").await;
    let request = ask(&d).await;
    let id = request["id"].as_str().unwrap();
    assert_eq!(request["status"], "open");
    assert_eq!(request["incoterm"], "FOB");
    assert_eq!(request["named_place"], "Đà Nẵng", "FOB's usual port");
    assert_eq!(request["messages"][0]["side"], "buyer");
    assert_eq!(
        request["lines"][0]["title"]["ja"], "手編み籐のふた付きバスケット",
        "a listed line carries its listing's title in every language"
    );
    assert_eq!(request["lines"][1]["note"], "with our own hang tag");
    let to_coop: Vec<Value> = emails(&d.app)
        .await
        .into_iter()
        .filter(|m| {
            m["subject"]
                .as_str()
                .unwrap()
                .starts_with("Yêu cầu báo giá mới")
        })
        .collect();
    assert_eq!(to_coop.len(), 1, "Bao La hears of it, in Vietnamese");

    // Bao La sees it on its list
    let (status, list) = d
        .baola
        .get(&format!(
            "/api/v1/cooperatives/{}/quote-requests",
            d.bao_la_id
        ))
        .await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(list[0]["id"], id);

    // a quote, a message, a revision
    let (status, quoted) = d
        .baola
        .post(
            &format!("/api/v1/quote-requests/{id}/quotes"),
            quote(&request, 160_000, 240_000, &in_days(30)),
        )
        .await;
    assert_eq!(status, 201, "{quoted}");
    assert_eq!(quoted["status"], "quoted");
    assert_eq!(
        quoted["quotes"][0]["total"]["amount"],
        1200 * 160_000 + 800 * 240_000
    );
    assert!(
        quoted["quotes"][0]["rate"]["currency"] == "JPY",
        "the day's yen rate is fixed on the quote: {}",
        quoted["quotes"][0]
    );
    let (status, _) = d
        .importer
        .post(
            &format!("/api/v1/quote-requests/{id}/messages"),
            json!({"body": "Can you do 150,000 ₫ for the small size?"}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, revised) = d
        .baola
        .post(
            &format!("/api/v1/quote-requests/{id}/quotes"),
            quote(&request, 150_000, 235_000, &in_days(30)),
        )
        .await;
    assert_eq!(status, 201, "{revised}");
    let quotes = revised["quotes"].as_array().unwrap();
    assert_eq!(quotes.len(), 2, "every version is kept");
    assert_eq!(quotes[0]["lines"][0]["unit_price"]["amount"], 160_000);
    assert_eq!(quotes[1]["version"], 2);
    let total: i64 = 1200 * 150_000 + 800 * 235_000;
    assert_eq!(quotes[1]["total"]["amount"], total);
    let importer_mail = emails_to(&d.app, "tanaka@kansai-zakka.example.jp").await;
    assert!(
        importer_mail
            .iter()
            .any(|m| m["subject"].as_str().unwrap().contains("見積")),
        "the importer hears of the quotes in Japanese: {importer_mail:?}"
    );

    // the older version cannot be accepted; the latest can, once
    let (status, body) = d
        .importer
        .post(
            &format!("/api/v1/quote-requests/{id}/quotes/1/accept"),
            Value::Null,
        )
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("quote_superseded"))
    );
    let (status, order) = d
        .importer
        .post(
            &format!("/api/v1/quote-requests/{id}/quotes/2/accept"),
            Value::Null,
        )
        .await;
    assert_eq!(status, 201, "{order}");
    let (status, body) = d
        .importer
        .post(
            &format!("/api/v1/quote-requests/{id}/quotes/2/accept"),
            Value::Null,
        )
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("quote_already_accepted"))
    );
    let order_id = order["id"].as_str().unwrap();
    let deposit = (total * 30 + 50) / 100;
    assert_eq!(order["status"], "awaiting_deposit");
    assert_eq!(order["deposit"]["amount"], deposit);
    assert_eq!(order["balance"]["amount"], total - deposit);
    let deposit_id = order["payments"][0]["id"].as_str().unwrap().to_owned();
    let balance_id = order["payments"][1]["id"].as_str().unwrap().to_owned();
    assert_eq!(order["payments"][0]["part"], "deposit");

    // the proforma invoice, in Japanese and English, read back
    let number = order["number"].as_str().unwrap();
    let proforma = pdf_text(
        &d.app,
        &d.importer,
        &format!("/api/v1/export-orders/{order_id}/documents/proforma_invoice"),
    )
    .await;
    let skus: Vec<&str> = request["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["sku"].as_str().unwrap())
        .collect();
    for needle in [
        format!("PI-{}", number.trim_start_matches("EX-")),
        "KansaiZakkaTradingCo.,Ltd.".into(),
        "HTXSảnxuất–DịchvụmâytređanBaoLa".into(),
        "FOBĐàNẵng".into(),
        "4602".into(),
        skus[0].into(),
        skus[1].into(),
        "手編み籐のふた付きバスケット".into(),
        "30%".into(),
        "BFTVVNVX".into(),
    ] {
        assert!(
            proforma.contains(&squeezed(&needle)),
            "{needle:?} in the proforma: {proforma}"
        );
    }
    assert!(
        proforma.contains(&squeezed(&Money(total).to_string())),
        "the total in đồng: {proforma}"
    );

    // production waits for the deposit
    let step = |to: &str| json!({"to": to});
    let path = format!("/api/v1/export-orders/{order_id}/steps");
    let (status, body) = d.baola.post(&path, step("in_production")).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("invalid_transition"))
    );

    // staff record the deposit; recording it again changes nothing
    let received = format!("/api/v1/moderation/export-payments/{deposit_id}/received");
    let (status, paid) = d
        .staff
        .post(&received, json!({"bank_reference": "SMBC 0412-7781"}))
        .await;
    assert_eq!(status, 200, "{paid}");
    assert_eq!(paid["status"], "deposit_paid");
    let (status, again) = d.staff.post(&received, json!({})).await;
    assert_eq!((status, &again["status"]), (200, &json!("deposit_paid")));

    // the balance is not due before the goods are ready
    let balance = format!("/api/v1/moderation/export-payments/{balance_id}/received");
    let (status, body) = d.staff.post(&balance, json!({})).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("payment_not_due"))
    );

    let (status, _) = d.baola.post(&path, step("in_production")).await;
    assert_eq!(status, 200);
    let (status, ready) = d
        .baola
        .post(
            &path,
            json!({"to": "ready", "note": "2,000 baskets packed", "photos": ["/media/demo/ready.jpg"]}),
        )
        .await;
    assert_eq!(status, 200, "{ready}");
    assert_eq!(
        ready["timeline"].as_array().unwrap().last().unwrap()["photos"][0],
        "/media/demo/ready.jpg"
    );
    let (status, body) = d.baola.post(&path, step("shipped")).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("invalid_transition")),
        "the balance comes before shipping"
    );
    let (status, paid) = d.staff.post(&balance, json!({})).await;
    assert_eq!((status, &paid["status"]), (200, &json!("balance_paid")));

    // shipping waits for the certificate of origin and the fumigation
    // certificate (rattan is plant material)
    let ship = json!({"to": "shipped", "carrier": "ONE", "transport_ref": "ONEYDAD12345678"});
    let (status, body) = d.baola.post(&path, ship.clone()).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("documents_missing")),
        "{body}"
    );
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("certificate_of_origin") && message.contains("fumigation"),
        "{message}"
    );
    assert!(
        !message.contains("phytosanitary"),
        "a handicraft needs no phytosanitary certificate"
    );
    let slots = ready["documents"].as_array().unwrap();
    let origin = slots
        .iter()
        .find(|s| s["kind"] == "certificate_of_origin")
        .unwrap();
    assert_eq!(origin["form"], "Form VJ / AJ", "Japan's preferential form");
    let (status, body) = upload(
        &d.baola,
        order_id,
        "certificate_of_origin",
        "form-vj.pdf",
        PDF,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = d.baola.post(&path, ship.clone()).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("documents_missing"))
    );
    let (status, _) = upload(&d.baola, order_id, "fumigation", "fumigation.pdf", PDF).await;
    assert_eq!(status, 200);
    let (status, shipped) = d.baola.post(&path, ship).await;
    assert_eq!(status, 200, "{shipped}");
    assert_eq!(shipped["status"], "shipped");
    assert_eq!(shipped["transport_ref"], "ONEYDAD12345678");
    assert!(shipped["documents_complete"].as_bool().unwrap());
    let packing = pdf_text(
        &d.app,
        &d.baola,
        &format!("/api/v1/export-orders/{order_id}/documents/packing_list"),
    )
    .await;
    assert!(
        packing.contains(&squeezed(&format!(
            "PL-{}",
            number.trim_start_matches("EX-")
        ))),
        "{packing}"
    );
    assert!(
        packing.contains("200"),
        "120 + 80 cartons of ten: {packing}"
    );
    let invoice = pdf_text(
        &d.app,
        &d.staff,
        &format!("/api/v1/export-orders/{order_id}/documents/commercial_invoice"),
    )
    .await;
    assert!(
        invoice.contains(&squeezed(&format!(
            "CI-{}",
            number.trim_start_matches("EX-")
        ))),
        "{invoice}"
    );
    let (status, delivered) = d.baola.post(&path, step("delivered")).await;
    assert_eq!((status, &delivered["status"]), (200, &json!("delivered")));
    let steps: Vec<&str> = delivered["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        steps,
        [
            "awaiting_deposit",
            "deposit_paid",
            "in_production",
            "ready",
            "balance_paid",
            "shipped",
            "delivered"
        ]
    );

    // the importer downloads the certificate as uploaded
    let response = d
        .importer
        .client
        .get(d.app.url(&format!(
            "/api/v1/export-orders/{order_id}/documents/fumigation"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.bytes().await.unwrap().as_ref(), PDF);

    // the ledger: deposit and balance booked once each, as Bao La's sales
    let exports = entity::ledger_transactions::Entity::find()
        .filter(
            entity::ledger_transactions::Column::ExportOrderId
                .eq(order_id.parse::<uuid::Uuid>().unwrap()),
        )
        .all(&d.app.db.conn)
        .await
        .unwrap();
    assert_eq!(exports.len(), 2, "deposit and balance, once each");
    let (status, ledger) = d
        .baola
        .get(&format!("/api/v1/cooperatives/{}/ledger", d.bao_la_id))
        .await;
    assert_eq!(status, 200, "{ledger}");
    assert_eq!(ledger["balance"]["sales_vnd"], total);
    assert_eq!(
        ledger["balance"]["commission_vnd"],
        (deposit * 500 + 5_000) / 10_000 + ((total - deposit) * 500 + 5_000) / 10_000
    );

    // union staff see it all, with the figures
    let (status, desk) = d
        .staff
        .get("/api/v1/moderation/export-desk?country=JP")
        .await;
    assert_eq!(status, 200, "{desk}");
    assert_eq!(desk["requests"][0]["id"], id);
    assert_eq!(desk["figures"]["accepted"], 1);
    assert_eq!(desk["figures"]["acceptance_rate_percent"], 100);
    assert_eq!(desk["figures"]["by_country"][0]["country"], "JP");
    assert_eq!(desk["figures"]["by_country"][0]["value"]["amount"], total);
    let (status, read) = d.staff.get(&format!("/api/v1/quote-requests/{id}")).await;
    assert_eq!(
        (status, read["side"].as_str()),
        (200, Some("staff")),
        "staff read the messages"
    );
    assert_eq!(read["messages"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_request_needs_a_company_and_says_what_is_wrong_by_code() {
    announce("a_request_needs_a_company_and_says_what_is_wrong_by_code");
    let d = desk().await;
    let (status, body) = d
        .importer
        .post("/api/v1/quote-requests", json!({"cooperative": "bao-la"}))
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("company_account_required"))
    );
    let (status, body) = d
        .importer
        .send(
            Method::PUT,
            "/api/v1/account/company",
            Some(json!({"company_name": "", "country": "Japan", "language": "fr", "currency": "EUR"})),
        )
        .await;
    assert_eq!(status, 422);
    let fields = &body["error"]["fields"];
    assert_eq!(fields["company_name"][0]["code"], "required");
    assert_eq!(fields["country"][0]["code"], "not_a_country");
    assert_eq!(fields["language"][0]["code"], "not_one_of");
    assert_eq!(fields["currency"][0]["code"], "not_one_of");
    company(&d.importer, "Kansai Zakka Trading Co., Ltd.").await;
    let (status, body) = d
        .importer
        .post(
            "/api/v1/quote-requests",
            json!({"cooperative": "bao-la", "lines": [{"quantity": 0}, {"variant_id": uuid::Uuid::now_v7(), "quantity": 5}],
                   "destination_port": "", "incoterm": "DDP", "wanted_by": "2020-01-01"}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let fields = &body["error"]["fields"];
    insta::assert_json_snapshot!("a_request_for_quote_with_every_field_wrong", fields);
}

#[tokio::test]
async fn strangers_and_other_companies_cannot_read_or_answer_a_request() {
    announce("strangers_and_other_companies_cannot_read_or_answer_a_request");
    let d = desk().await;
    company(&d.importer, "Kansai Zakka Trading Co., Ltd.").await;
    let request = ask(&d).await;
    let id = request["id"].as_str().unwrap();
    let rival = d.app.person("buyer@rival-import.example.cn", true).await;
    company(&rival, "Rival Import Ltd.").await;
    let stranger = d.app.person("nguoila@example.vn", true).await;
    for person in [&rival, &stranger] {
        let (status, body) = person.get(&format!("/api/v1/quote-requests/{id}")).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (404, Some("quote_request_not_found"))
        );
        let (status, _) = person
            .post(
                &format!("/api/v1/quote-requests/{id}/messages"),
                json!({"body": "xin chào"}),
            )
            .await;
        assert_eq!(status, 404);
        let (status, _) = person
            .post(
                &format!("/api/v1/quote-requests/{id}/quotes"),
                quote(&request, 1, 1, &in_days(5)),
            )
            .await;
        assert_eq!(status, 404, "only Bao La's managers quote");
    }
    // the importer cannot quote their own request
    let (status, _) = d
        .importer
        .post(
            &format!("/api/v1/quote-requests/{id}/quotes"),
            quote(&request, 1, 1, &in_days(5)),
        )
        .await;
    assert_eq!(status, 404);
    // Bao La quotes; a rival company cannot accept it
    let (status, _) = d
        .baola
        .post(
            &format!("/api/v1/quote-requests/{id}/quotes"),
            quote(&request, 150_000, 235_000, &in_days(5)),
        )
        .await;
    assert_eq!(status, 201);
    let (status, _) = rival
        .post(
            &format!("/api/v1/quote-requests/{id}/quotes/1/accept"),
            Value::Null,
        )
        .await;
    assert_eq!(status, 404);
    let (status, body) = d
        .baola
        .post(
            &format!("/api/v1/quote-requests/{id}/quotes/1/accept"),
            Value::Null,
        )
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("forbidden")),
        "the seller cannot accept for the buyer"
    );
    let (status, list) = rival.get("/api/v1/quote-requests").await;
    assert_eq!((status, list.as_array().map(Vec::len)), (200, Some(0)));
}

#[tokio::test]
async fn an_expired_quote_cannot_be_accepted_and_a_bad_quote_is_refused_by_field() {
    announce("an_expired_quote_cannot_be_accepted_and_a_bad_quote_is_refused_by_field");
    let d = desk().await;
    company(&d.importer, "Kansai Zakka Trading Co., Ltd.").await;
    let request = ask(&d).await;
    let id = request["id"].as_str().unwrap();
    let mut bad = quote(&request, -5, 235_000, "2020-01-01");
    bad["deposit_percent"] = json!(150);
    bad["lines"].as_array_mut().unwrap().pop();
    let (status, body) = d
        .baola
        .post(&format!("/api/v1/quote-requests/{id}/quotes"), bad)
        .await;
    assert_eq!(status, 422, "{body}");
    let fields = &body["error"]["fields"];
    assert_eq!(
        fields["lines[0].unit_price_vnd"][0]["code"],
        "must_be_positive"
    );
    assert_eq!(fields["lines"][0]["code"], "quote_line_missing");
    assert_eq!(fields["deposit_percent"][0]["code"], "whole_number_between");
    assert_eq!(fields["valid_until"][0]["code"], "date_not_ahead");

    let (status, _) = d
        .baola
        .post(
            &format!("/api/v1/quote-requests/{id}/quotes"),
            quote(&request, 150_000, 235_000, &in_days(1)),
        )
        .await;
    assert_eq!(status, 201);
    // two days pass
    let yesterday = chrono::Utc::now().date_naive() - chrono::Days::new(1);
    entity::quotes::Entity::update_many()
        .col_expr(
            entity::quotes::Column::ValidUntil,
            sea_orm::sea_query::Expr::value(yesterday),
        )
        .filter(entity::quotes::Column::RequestId.eq(id.parse::<uuid::Uuid>().unwrap()))
        .exec(&d.app.db.conn)
        .await
        .unwrap();
    let (status, body) = d
        .importer
        .post(
            &format!("/api/v1/quote-requests/{id}/quotes/1/accept"),
            Value::Null,
        )
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("quote_expired"))
    );
    let (_, read) = d
        .importer
        .get(&format!("/api/v1/quote-requests/{id}"))
        .await;
    assert_eq!(read["quotes"][0]["expired"], true);
    assert!(read["order"].is_null());
}

#[tokio::test]
async fn a_shipping_document_must_be_a_pdf_and_only_the_cooperative_uploads_it() {
    announce("a_shipping_document_must_be_a_pdf_and_only_the_cooperative_uploads_it");
    let d = desk().await;
    company(&d.importer, "Kansai Zakka Trading Co., Ltd.").await;
    let request = ask(&d).await;
    let id = request["id"].as_str().unwrap();
    let (status, _) = d
        .baola
        .post(
            &format!("/api/v1/quote-requests/{id}/quotes"),
            quote(&request, 150_000, 235_000, &in_days(9)),
        )
        .await;
    assert_eq!(status, 201);
    let (_, order) = d
        .importer
        .post(
            &format!("/api/v1/quote-requests/{id}/quotes/1/accept"),
            Value::Null,
        )
        .await;
    let order_id = order["id"].as_str().unwrap();
    let (status, body) = upload(
        &d.baola,
        order_id,
        "fumigation",
        "photo.jpg",
        b"\xFF\xD8\xFF\xE0 not a pdf",
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["fields"]["file"][0]["code"], "not_a_pdf");
    let (status, body) = upload(&d.baola, order_id, "packing_list", "list.pdf", PDF).await;
    assert_eq!(status, 422, "the market makes the packing list");
    assert_eq!(body["error"]["fields"]["kind"][0]["code"], "not_one_of");
    let (status, _) = upload(&d.importer, order_id, "fumigation", "mine.pdf", PDF).await;
    assert_eq!(status, 404, "the importer uploads nothing");
    let (status, body) = d
        .importer
        .get(&format!(
            "/api/v1/export-orders/{order_id}/documents/fumigation"
        ))
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (404, Some("document_not_found"))
    );
}

#[tokio::test]
async fn bao_las_lookbook_of_baskets_reads_back_in_japanese_with_its_skus() {
    announce("bao_las_lookbook_of_baskets_reads_back_in_japanese_with_its_skus");
    let d = desk().await;
    let path = "/api/v1/cooperatives/bao-la/lookbook.pdf?category=may-tre-dan&locale=ja";
    let anonymous = hoptac_tests::users::client()
        .get(d.app.url(path))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status().as_u16(), 401, "importers sign in first");
    let text = pdf_text(&d.app, &d.importer, path).await;
    let product = d
        .app
        .get_json("/api/v1/products/gio-may-dan-tay-co-nap", 200)
        .await;
    for needle in [
        "手編み籐のふた付きバスケット",
        product["variants"][0]["sku"].as_str().unwrap(),
        product["variants"][1]["sku"].as_str().unwrap(),
        "4602.12",
    ] {
        assert!(
            text.contains(&squeezed(needle)),
            "{needle:?} in the lookbook: {text}"
        );
    }
    let (status, body) = d
        .importer
        .get("/api/v1/cooperatives/bao-la/lookbook.pdf?category=khong-co")
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (404, Some("category_not_found"))
    );
}

#[tokio::test]
async fn bao_la_groups_its_baskets_in_a_collection_shown_to_all_and_made_into_a_lookbook() {
    announce("bao_la_groups_its_baskets_in_a_collection_shown_to_all_and_made_into_a_lookbook");
    let d = desk().await;
    let path = format!("/api/v1/cooperatives/{}/collections", d.bao_la_id);
    let (status, body) = d
        .baola
        .post(
            &path,
            json!({"name": {"vi": ""}, "slug": "Giỏ Có Nắp", "products": ["khong-co-san-pham"]}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let fields = &body["error"]["fields"];
    assert_eq!(fields["name.vi"][0]["code"], "required");
    assert_eq!(fields["slug"][0]["code"], "slug_invalid");
    assert_eq!(
        fields["products[0]"][0]["code"],
        "not_a_listing_of_cooperative"
    );
    // the demo's collections: lidded baskets and the award-winning cages
    let public = d
        .app
        .get_json("/api/v1/cooperatives/bao-la/collections", 200)
        .await;
    let names: Vec<&str> = public
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["slug"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["gio-co-nap", "giai-thuong-mai-an-tiem-2024"]);
    let (status, again) = d
        .baola
        .post(&path, json!({"name": {"vi": "Giỏ có nắp"}}))
        .await;
    assert_eq!(status, 422);
    assert_eq!(
        again["error"]["fields"]["slug"][0]["code"],
        "collection_slug_taken"
    );
    let (status, made) = d
        .baola
        .post(
            &path,
            json!({
                "name": {"vi": "Khay và hộp", "en": "Trays and boxes", "ja": "トレーと収納箱", "zh": "托盘与收纳盒"},
                "description": {"vi": "Khay, hộp mây cho khách sạn và quà tặng."},
                "products": ["hop-may-dung-do-co-nap", "khay-may-chu-nhat-co-quai"],
                "position": 5
            }),
        )
        .await;
    assert_eq!(status, 201, "{made}");
    assert_eq!(made["slug"], "khay-va-hop");
    let public = d
        .app
        .get_json("/api/v1/cooperatives/bao-la/collections", 200)
        .await;
    let slugs: Vec<&str> = public[2]["products"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["slug"].as_str().unwrap())
        .collect();
    assert_eq!(
        slugs,
        ["hop-may-dung-do-co-nap", "khay-may-chu-nhat-co-quai"]
    );
    // the cooperative's page shows them; a signed-in reader gets the lookbooks
    let page = d
        .app
        .get("/cooperatives/bao-la")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(">Giỏ có nắp</h3>") && page.contains(">Khay và hộp</h3>"),
        "{page}"
    );
    assert!(
        page.contains("/account/login?next=/cooperatives/bao-la"),
        "sign in for the lookbook"
    );
    let ja = d
        .importer
        .client
        .get(d.app.url("/cooperatives/bao-la?lang=ja"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(ja.contains(">ふた付きバスケット</h3>"), "{ja}");
    assert!(
        ja.contains("/api/v1/cooperatives/bao-la/lookbook.pdf?collection=gio-co-nap&amp;locale=ja"),
        "{ja}"
    );
    let text = pdf_text(
        &d.app,
        &d.importer,
        "/api/v1/cooperatives/bao-la/lookbook.pdf?collection=gio-co-nap&locale=ja",
    )
    .await;
    assert!(
        text.contains("ふた付きバスケット"),
        "the collection names the lookbook: {text}"
    );
    assert!(text.contains("手編み籐のふた付きバスケット"), "{text}");
    assert!(
        !text.contains(&squeezed("Traditional bamboo table cage")),
        "only the collection's listings: {text}"
    );
    let stranger = d.app.person("nguoila@example.vn", true).await;
    let id = made["id"].as_str().unwrap();
    let (status, _) = stranger
        .send(Method::DELETE, &format!("/api/v1/collections/{id}"), None)
        .await;
    assert_eq!(status, 404);
    let (status, _) = d
        .baola
        .send(Method::DELETE, &format!("/api/v1/collections/{id}"), None)
        .await;
    assert_eq!(status, 204);
}

/// The first bytes of a PNG file, then anything: pictures are known by
/// their first bytes.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR a sketch of a lidded basket";

async fn attach(person: &Person, request: &str, files: &[(&str, &[u8])]) -> (u16, Value) {
    let mut form = reqwest::multipart::Form::new();
    for (name, bytes) in files {
        form = form.part(
            "pictures",
            reqwest::multipart::Part::bytes(bytes.to_vec()).file_name((*name).to_owned()),
        );
    }
    person
        .upload(&format!("/api/v1/quote-requests/{request}/pictures"), form)
        .await
}

#[tokio::test]
async fn both_sides_share_pictures_of_a_design_and_nobody_else_sees_them() {
    announce("both_sides_share_pictures_of_a_design_and_nobody_else_sees_them");
    let d = desk().await;
    company(&d.importer, "Kansai Zakka Trading Co., Ltd.").await;
    let request = ask(&d).await;
    let id = request["id"].as_str().unwrap();

    let (status, pictures) = attach(&d.importer, id, &[("sketch.png", PNG)]).await;
    assert_eq!(status, 200, "{pictures}");
    let (status, pictures) =
        attach(&d.baola, id, &[("sample.jpg", b"\xFF\xD8\xFF\xE0 sample")]).await;
    assert_eq!(status, 200, "{pictures}");
    let sides: Vec<&str> = pictures
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["side"].as_str().unwrap())
        .collect();
    assert_eq!(sides, ["buyer", "cooperative"]);
    let (_, view) = d
        .importer
        .get(&format!("/api/v1/quote-requests/{id}"))
        .await;
    assert_eq!(view["pictures"], pictures, "the request shows them");

    let href = pictures[0]["href"].as_str().unwrap();
    let response = d.baola.client.get(d.app.url(href)).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["content-type"], "image/png");
    assert_eq!(
        response.bytes().await.unwrap().as_ref(),
        PNG,
        "as it was sent"
    );

    let rival = d.app.person("buyer@rival-import.example.cn", true).await;
    let (status, _) = rival.get(href).await;
    assert_eq!(status, 404, "another company sees nothing");
    let (status, _) = attach(&rival, id, &[("mine.png", PNG)]).await;
    assert_eq!(status, 404);
    let response = d.staff.client.get(d.app.url(href)).send().await.unwrap();
    assert_eq!(
        response.status().as_u16(),
        200,
        "union staff read the request"
    );
    let (status, _) = attach(&d.staff, id, &[("staff.png", PNG)]).await;
    assert_eq!(status, 403, "but send no pictures");

    let (status, body) = attach(&d.importer, id, &[("invoice.pdf", PDF)]).await;
    assert_eq!(status, 422);
    assert_eq!(
        body["error"]["fields"]["pictures"][0]["code"],
        "not_a_picture"
    );
    assert_eq!(
        body["error"]["fields"]["pictures"][0]["file"],
        "invoice.pdf"
    );
    let seven: Vec<(&str, &[u8])> = (0..7).map(|_| ("more.png", PNG)).collect();
    let (status, body) = attach(&d.importer, id, &seven).await;
    assert_eq!(status, 422, "two are there, eight at most");
    assert_eq!(
        body["error"]["fields"]["pictures"][0]["code"],
        "too_many_pictures"
    );
    let (_, view) = d
        .importer
        .get(&format!("/api/v1/quote-requests/{id}"))
        .await;
    assert_eq!(
        view["pictures"].as_array().unwrap().len(),
        2,
        "nothing half kept"
    );
}

/// The desk with cards through a localstripe started for the test (its
/// webhooks delivered to the application), charging dollars at 25,000 ₫,
/// and handicrafts (the baskets' parent category) at a 4 % commission.
async fn card_desk() -> (Desk, Localstripe) {
    let stripe = Localstripe::start().await;
    let app = spawn_app_configured(
        Seed::DemoWithoutPictures,
        vec![
            ("payments.stripe_secret_key", localstripe::SECRET_KEY.into()),
            (
                "payments.stripe_webhook_secret",
                localstripe::WEBHOOK_SECRET.into(),
            ),
            (
                "payments.stripe_publishable_key",
                localstripe::PUBLISHABLE_KEY.into(),
            ),
            ("payments.stripe_api_base", stripe.base().into()),
            (
                "payments.stripe_js_url",
                format!("{}/js.stripe.com/v3/", stripe.base()).into(),
            ),
            ("payments.vnd_per_usd", 25_000.into()),
            (
                "payments.commission_by_category.thu-cong-my-nghe",
                4.0.into(),
            ),
        ],
    )
    .await;
    stripe
        .deliver_webhooks_to(&app.url("/api/v1/payments/stripe/webhook"))
        .await;
    (desk_on(app).await, stripe)
}

/// The Osaka request quoted (in yen) and accepted: (order id, deposit id,
/// balance id, deposit in đồng).
async fn accepted_order(d: &Desk) -> (String, String, String, i64) {
    company(&d.importer, "Kansai Zakka Trading Co., Ltd.").await;
    let request = ask(d).await;
    let id = request["id"].as_str().unwrap();
    let (status, quoted) = d
        .baola
        .post(
            &format!("/api/v1/quote-requests/{id}/quotes"),
            quote(&request, 150_000, 235_000, &in_days(30)),
        )
        .await;
    assert_eq!(status, 201, "{quoted}");
    let (status, order) = d
        .importer
        .post(
            &format!("/api/v1/quote-requests/{id}/quotes/1/accept"),
            Value::Null,
        )
        .await;
    assert_eq!(status, 201, "{order}");
    (
        order["id"].as_str().unwrap().to_owned(),
        order["payments"][0]["id"].as_str().unwrap().to_owned(),
        order["payments"][1]["id"].as_str().unwrap().to_owned(),
        order["deposit"]["amount"].as_i64().unwrap(),
    )
}

/// The export order as its importer reads it, once `check` holds (20 s at most).
async fn wait_for_export_order(d: &Desk, order: &str, check: impl Fn(&Value) -> bool) -> Value {
    let started = std::time::Instant::now();
    loop {
        let (status, seen) = d
            .importer
            .get(&format!("/api/v1/export-orders/{order}"))
            .await;
        assert_eq!(status, 200, "{seen}");
        if check(&seen) {
            return seen;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "the export order never got there: {seen}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

async fn signed_webhook(app: &TestApp, event: &Value) -> (u16, Value) {
    let body = event.to_string();
    let signature = payments::stripe::sign(
        body.as_bytes(),
        localstripe::WEBHOOK_SECRET,
        chrono::Utc::now().timestamp(),
    );
    let response = hoptac_tests::users::client()
        .post(app.url("/api/v1/payments/stripe/webhook"))
        .header("content-type", "application/json")
        .header("stripe-signature", signature)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn an_importer_pays_the_deposit_by_card_in_dollars_and_it_is_booked_once() {
    announce("an_importer_pays_the_deposit_by_card_in_dollars_and_it_is_booked_once");
    let (d, stripe) = card_desk().await;
    let (order, deposit_id, balance_id, deposit) = accepted_order(&d).await;
    let card = |payment: &str| format!("/api/v1/export-payments/{payment}/card");

    // only the importer pays, and only what is due
    for (who, person) in [("Bao La", &d.baola), ("union staff", &d.staff)] {
        let (status, body) = person.post(&card(&deposit_id), Value::Null).await;
        assert_eq!(status, 403, "{who}: {body}");
    }
    let stranger = d.app.person("khach@example.vn", true).await;
    let (status, body) = stranger.post(&card(&deposit_id), Value::Null).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (404, Some("payment_not_found"))
    );
    let (status, body) = d.importer.post(&card(&balance_id), Value::Null).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("payment_not_due")),
        "the balance waits for the goods"
    );
    let (_, seen) = d
        .importer
        .get(&format!("/api/v1/export-orders/{order}"))
        .await;
    assert!(
        seen["may"].as_array().unwrap().contains(&json!("pay_card")),
        "{seen}"
    );

    // the deposit in dollars at 25,000 ₫, rounded up to the cent, one
    // PaymentIntent however often it is asked
    let (status, started) = d.importer.post(&card(&deposit_id), Value::Null).await;
    assert_eq!(status, 200, "{started}");
    let cents = (deposit * 100 + 24_999) / 25_000;
    assert_eq!(started["charge"]["currency"], "usd");
    assert_eq!(started["charge"]["amount_minor"], cents);
    assert_eq!(started["state"], "pending");
    let intent = started["payment_intent"].as_str().unwrap().to_owned();
    let (_, again) = d.importer.post(&card(&deposit_id), Value::Null).await;
    assert_eq!(again["payment_intent"], intent.as_str());
    let at_stripe = stripe.intent(&intent).await;
    assert_eq!(
        (at_stripe["amount"].as_i64(), at_stripe["currency"].as_str()),
        (Some(cents), Some("usd"))
    );

    // paid: Stripe's webhook books it and the order moves on
    let (status, paid) = stripe.pay(&intent, cards::VISA).await;
    assert_eq!(
        (status, paid["status"].as_str()),
        (200, Some("succeeded")),
        "{paid}"
    );
    let seen = wait_for_export_order(&d, &order, |o| o["status"] == "deposit_paid").await;
    assert_eq!(seen["payments"][0]["method"], "card");
    assert_eq!(seen["payments"][0]["bank_reference"], intent.as_str());
    assert!(!seen["may"].as_array().unwrap().contains(&json!("pay_card")));

    // the same event three more times, and staff recording a transfer
    // for it afterwards, book nothing more
    let events = reqwest::Client::new()
        .get(format!(
            "{}/v1/events?type=payment_intent.succeeded",
            stripe.base()
        ))
        .bearer_auth(localstripe::SECRET_KEY)
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    let event = events["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["data"]["object"]["id"] == intent.as_str())
        .cloned()
        .expect("localstripe kept the event");
    for _ in 0..3 {
        let (status, answer) = signed_webhook(&d.app, &event).await;
        assert_eq!(
            (status, &answer["duplicate"]),
            (200, &json!(true)),
            "{answer}"
        );
    }
    let (status, _) = d
        .staff
        .post(
            &format!("/api/v1/moderation/export-payments/{deposit_id}/received"),
            json!({"bank_reference": "SMBC 0412-7781"}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, body) = d.importer.post(&card(&deposit_id), Value::Null).await;
    assert_eq!(status, 200, "the paid card reads back: {body}");
    assert_eq!(body["state"], "paid");
    let booked = entity::ledger_transactions::Entity::find()
        .filter(
            entity::ledger_transactions::Column::ExportOrderId
                .eq(order.parse::<uuid::Uuid>().unwrap()),
        )
        .all(&d.app.db.conn)
        .await
        .unwrap();
    assert_eq!(booked.len(), 1, "the deposit, booked once");
    let (status, ledger) = d
        .baola
        .get(&format!("/api/v1/cooperatives/{}/ledger", d.bao_la_id))
        .await;
    assert_eq!(status, 200, "{ledger}");
    assert_eq!(ledger["balance"]["sales_vnd"], deposit);
    assert_eq!(
        ledger["balance"]["commission_vnd"],
        (deposit * 400 + 5_000) / 10_000,
        "the baskets' category rate (handicrafts, 4 %), not the default 5 %"
    );
    let paid_by: Vec<_> = d
        .importer
        .get(&format!("/api/v1/export-orders/{order}"))
        .await
        .1["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["status"] == "deposit_paid")
        .cloned()
        .collect();
    assert_eq!(paid_by.len(), 1, "one step on the timeline: {paid_by:?}");

    // the card page says so, in the importer's language
    let page = d
        .importer
        .client
        .get(
            d.app
                .url(&format!("/export/payments/{deposit_id}/card?lang=ja")),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(page.status().as_u16(), 200);
    let page = page.text().await.unwrap();
    assert!(page.contains("card-page card-paid"), "{page}");
    let dollars = kernel::Money {
        amount: cents,
        currency: kernel::Currency::Usd,
    };
    assert!(page.contains(&dollars.to_string()), "{page}");
}

#[tokio::test]
async fn a_market_without_cards_says_so_when_an_importer_asks_to_pay_by_card() {
    announce("a_market_without_cards_says_so_when_an_importer_asks_to_pay_by_card");
    let d = desk().await;
    let (order, deposit_id, _, _) = accepted_order(&d).await;
    let (status, body) = d
        .importer
        .post(
            &format!("/api/v1/export-payments/{deposit_id}/card"),
            Value::Null,
        )
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (422, Some("payment_method_disabled"))
    );
    let (_, seen) = d
        .importer
        .get(&format!("/api/v1/export-orders/{order}"))
        .await;
    assert!(
        !seen["may"].as_array().unwrap().contains(&json!("pay_card")),
        "{seen}"
    );
}
