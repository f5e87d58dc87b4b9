//! The export desk in Japanese, in Chromium with JavaScript off, on a phone
//! (360 px) for the importer and at a desk for the cooperative and union
//! staff: an Osaka importer makes a company account and asks Bao La for
//! 2,000 lidded baskets (1,200 small, 800 medium) FOB Đà Nẵng with a
//! sample and their own tag (a missing port first); Bao La's owner quotes
//! and revises once; the importer accepts version 2 and pays the 30 %
//! deposit by card in dollars (the card page says it needs JavaScript; the
//! card is confirmed at localstripe, as Stripe.js would); Bao La starts production and marks the goods ready
//! with a photo; staff record the balance; shipping is refused until the
//! certificate of origin (Form VJ) and the fumigation certificate are
//! uploaded through the page; Bao La ships with the carrier and B/L number
//! and marks it delivered; the importer follows the timeline. The ledger
//! books the deposit and the balance once each.

use fantoccini::Locator;
use hoptac_tests::browser::Browser;
use hoptac_tests::users::PASSWORD;
use hoptac_tests::{Seed, TestApp, spawn_app_configured};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use testkit::localstripe::{self, Localstripe};

use crate::steps::{count, fits_the_width, problems, sign_in_with, sign_out, value};

const IMPORTER: &str = "tanaka@kansai-zakka.example.jp";
const OWNER: &str = "chunhiem@baola.example.vn";
const STAFF: &str = "nhanvien@hoptac.vn";
const PRODUCT: &str = "gio-may-dan-tay-co-nap";
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

/// `350.000 ₫` as WebDriver reads it (a plain space before ₫).
fn dong(vnd: i64) -> String {
    kernel::Money::vnd(vnd).to_string().replace('\u{a0}', " ")
}

/// Scrolls the page to the element with `id` (a link to it, as without
/// JavaScript), for a screenshot of that part of the page.
async fn scroll_to(b: &Browser, id: &str) {
    let url = b.client.current_url().await.unwrap();
    let mut url = url.clone();
    url.set_fragment(Some(id));
    b.goto(url.as_str()).await.unwrap();
}

/// The page's main text.
async fn main_text(b: &Browser) -> String {
    b.text("main").await.unwrap()
}

async fn as_person(b: &Browser, app: &TestApp, email: &str, next: &str) {
    sign_in_with(b, app, email, PASSWORD, next).await;
}

/// Bao La's owner: a person added to the cooperative as its owner.
async fn bao_la_owner(app: &TestApp) {
    let owner = app.person(OWNER, true).await;
    let coop = app.get_json("/api/v1/cooperatives/bao-la", 200).await;
    accounts::add_member(
        &app.db.conn,
        kernel::CooperativeId(coop["id"].as_str().unwrap().parse().unwrap()),
        kernel::UserId(owner.id.parse().unwrap()),
        accounts::MemberRole::Owner,
    )
    .await
    .unwrap();
}

/// A small PDF named `name` in `dir`.
fn pdf(dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, PDF).unwrap();
    path
}

#[tokio::test]
async fn an_osaka_importer_buys_two_thousand_baskets_in_japanese_from_quote_to_delivery() {
    eprintln!(
        "[{}] browser: export desk in Japanese — company → request → quote, revision → accept → deposit → ready → documents → balance → shipped → delivered",
        testkit::Backend::current().name()
    );
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
        ],
    )
    .await;
    stripe
        .deliver_webhooks_to(&app.url("/api/v1/payments/stripe/webhook"))
        .await;
    app.person(IMPORTER, true).await;
    bao_la_owner(&app).await;
    app.union_staff(STAFF).await;
    let b = Browser::start()
        .await
        .expect("chromium and chromedriver start");
    // Japanese for everyone in this browser: the language cookie
    b.goto(&app.url("/?lang=ja")).await.unwrap();

    // the importer, on a phone, is asked for the company first
    b.resize(360, 800).await.unwrap();
    as_person(&b, &app, IMPORTER, "/export").await;
    assert_eq!(b.path().await.unwrap(), "/export");
    assert_eq!(b.text(".company-first h2").await.unwrap(), "貴社の情報");
    b.fill("#f-company_name", "Kansai Zakka Trading Co., Ltd.")
        .await
        .unwrap();
    b.fill("#f-country", "jp").await.unwrap();
    b.fill("#f-tax_number", "T1234567890123").await.unwrap();
    b.click("#f-language option[value=ja]").await.unwrap();
    b.click("#f-currency option[value=JPY]").await.unwrap();
    b.screenshot("90-export-company-phone").await.unwrap();
    b.submit(".company-form button[type=submit]").await.unwrap();
    assert_eq!(
        b.path().await.unwrap(),
        "/export?notice=export-company-saved",
        "{}",
        problems(&b).await
    );
    let desk = main_text(&b).await;
    assert!(desk.contains("会社情報を保存しました"), "{desk}");
    assert!(desk.contains("Kansai Zakka Trading Co., Ltd."), "{desk}");
    assert!(desk.contains("まだ見積依頼はありません"), "{desk}");

    // from the product page to the request form: both sizes, the port
    // forgotten first
    b.goto(&app.url(&format!("/products/{PRODUCT}")))
        .await
        .unwrap();
    assert_eq!(
        b.text("a.export-link").await.unwrap(),
        "見積を依頼する(輸出)"
    );
    b.submit("a.export-link").await.unwrap();
    assert_eq!(
        b.path().await.unwrap(),
        format!("/export/requests/new?product={PRODUCT}")
    );
    // three sizes: 1,200 small and 800 medium; the large one left empty
    assert_eq!(count(&b, ".variant-line").await, 3, "one line per size");
    b.fill("[id='f-lines[0].quantity']", "1200").await.unwrap();
    b.fill("[id='f-lines[1].quantity']", "800").await.unwrap();
    b.fill("[id='f-lines[1].description']", "with our own hang tag")
        .await
        .unwrap();
    b.click("#f-samples_wanted").await.unwrap();
    b.fill(
        "#f-packaging_notes",
        "Own hang tag in Japanese; 10 baskets a carton",
    )
    .await
    .unwrap();
    b.fill("#f-message", "Could you send a sample of each size first?")
        .await
        .unwrap();
    b.submit(".request-form button[type=submit]").await.unwrap();
    let port_error = b
        .text(".field.invalid:has(#f-destination_port) .field-error")
        .await
        .unwrap();
    assert!(port_error.contains("必須です"), "{port_error}");
    assert!(problems(&b).await.contains("仕向港"));
    assert_eq!(
        value(&b, "[id='f-lines[0].quantity']").await.as_deref(),
        Some("1200"),
        "what was typed is kept"
    );
    assert!(
        b.client
            .find(Locator::Css("#f-samples_wanted"))
            .await
            .unwrap()
            .is_selected()
            .await
            .unwrap(),
        "the sample box stays ticked"
    );
    b.screenshot("91-export-request-refused-phone")
        .await
        .unwrap();
    b.fill("#f-destination_port", "Osaka").await.unwrap();
    b.submit(".request-form button[type=submit]").await.unwrap();
    let path = b.path().await.unwrap();
    assert!(
        path.starts_with("/export/requests/") && path.ends_with("?notice=export-request-sent"),
        "{path}: {}",
        problems(&b).await
    );
    let request_page = path.split('?').next().unwrap().to_owned();
    let number = b.text("h1 .order-number").await.unwrap();
    assert!(number.starts_with("RFQ-"), "{number}");
    let asked = main_text(&b).await;
    for text in [
        "見積待ち",
        "FOB Đà Nẵng",
        "Osaka",
        "BL-GIONAP-S",
        "BL-GIONAP-M",
        "1200",
        "800",
        "先にサンプルを希望",
        "Own hang tag in Japanese",
        "Could you send a sample of each size first?",
    ] {
        assert!(asked.contains(text), "{text} in {asked}");
    }
    assert!(!asked.contains("BL-GIONAP-L"), "an empty line is left out");
    let lines = b.text("table.request-lines").await.unwrap();
    assert!(
        lines.contains("手編み籐のふた付きバスケット") && lines.contains("— with our own hang tag"),
        "the listing's title in the reader's language, the note apart: {lines}"
    );
    fits_the_width(&b).await;
    scroll_to(&b, "asked").await;
    b.screenshot("92-export-request-sent-phone").await.unwrap();
    sign_out(&b).await;

    // Bao La's owner, at a desk, finds it and quotes, then revises
    b.resize(1280, 1000).await.unwrap();
    as_person(&b, &app, OWNER, "/seller").await;
    b.submit("a[href='/seller/export']").await.unwrap();
    let list = b.text("table.export-requests").await.unwrap();
    assert!(
        list.contains(&number) && list.contains("Kansai Zakka"),
        "{list}"
    );
    b.submit(&format!("table.export-requests a[href='{request_page}']"))
        .await
        .unwrap();
    for (field, text) in [
        ("lines[0].unit_price_vnd", "160.000"),
        ("lines[0].min_qty", "500"),
        ("lines[0].lead_time_days", "45"),
        ("lines[1].unit_price_vnd", "240000"),
        ("lines[1].min_qty", "300"),
        ("lines[1].lead_time_days", "45"),
        ("sample_price_vnd", "400000"),
        ("sample_days", "10"),
        ("packing", "10 a carton, 60×60×45 cm"),
        ("notes", "Price includes the buyer's own tag."),
    ] {
        b.fill(&format!("[id='f-{field}']"), text).await.unwrap();
    }
    assert_eq!(value(&b, "#f-deposit_percent").await.as_deref(), Some("30"));
    b.submit(".quote-form button[type=submit]").await.unwrap();
    assert!(
        b.path().await.unwrap().contains("notice=export-quote-sent"),
        "{}",
        problems(&b).await
    );
    let v1 = b.text("#quote-v1").await.unwrap();
    assert!(v1.contains("第 1 版"), "{v1}");
    assert!(v1.contains(&dong(1200 * 160_000 + 800 * 240_000)), "{v1}");
    b.screenshot("93-export-quote-v1").await.unwrap();
    // the revision starts from version 1
    assert_eq!(
        value(&b, "[id='f-lines[0].unit_price_vnd']")
            .await
            .as_deref(),
        Some("160000")
    );
    b.fill("[id='f-lines[0].unit_price_vnd']", "150000")
        .await
        .unwrap();
    b.fill("[id='f-lines[1].unit_price_vnd']", "235000")
        .await
        .unwrap();
    b.submit(".quote-form button[type=submit]").await.unwrap();
    let total: i64 = 1200 * 150_000 + 800 * 235_000;
    let v2 = b.text("#quote-v2").await.unwrap();
    assert!(
        v2.contains("第 2 版") && v2.contains("最新") && v2.contains(&dong(total)),
        "{v2}"
    );
    assert!(
        v2.contains("≈ ¥") && v2.contains("1 JPY ="),
        "the yen at the rate fixed on the quote: {v2}"
    );
    assert_eq!(count(&b, ".quote-version").await, 2, "every version kept");
    b.screenshot("94-export-quote-revised").await.unwrap();
    sign_out(&b).await;

    // the importer, on the phone, accepts version 2
    b.resize(360, 800).await.unwrap();
    as_person(&b, &app, IMPORTER, "/export").await;
    let mine = b.text("table.export-requests").await.unwrap();
    assert!(mine.contains("見積済み") && mine.contains("¥"), "{mine}");
    b.submit(&format!("table.export-requests a[href='{request_page}']"))
        .await
        .unwrap();
    assert_eq!(
        count(&b, "form.accept-form").await,
        1,
        "one accept form, for the latest version"
    );
    assert_eq!(
        b.text("form.accept-form h3").await.unwrap(),
        "第 2 版を承諾する"
    );
    fits_the_width(&b).await;
    scroll_to(&b, "accept").await;
    b.screenshot("95-export-accept-phone").await.unwrap();
    b.click("form.accept-form #f-confirm").await.unwrap();
    b.submit("form.accept-form button[type=submit]")
        .await
        .unwrap();
    let path = b.path().await.unwrap();
    assert!(
        path.starts_with("/export/orders/") && path.ends_with("?notice=export-quote-accepted"),
        "{path}: {}",
        problems(&b).await
    );
    let order_page = path.split('?').next().unwrap().to_owned();
    let order_id: uuid::Uuid = order_page
        .trim_start_matches("/export/orders/")
        .parse()
        .unwrap();
    let deposit = (total * 30 + 50) / 100;
    let order = main_text(&b).await;
    for text in [
        "前払金待ち".to_owned(),
        dong(total),
        dong(deposit),
        dong(total - deposit),
        "SWIFT".to_owned(),
        "-D".to_owned(),
    ] {
        assert!(order.contains(&text), "{text} in {order}");
    }
    let origin = b.text(".document-certificate_of_origin").await.unwrap();
    assert!(
        origin.contains("原産地証明書") && origin.contains("Form VJ / AJ"),
        "{origin}"
    );
    assert!(
        main_text(&b).await.contains("燻蒸証明書"),
        "rattan needs its fumigation certificate"
    );
    assert_eq!(
        count(&b, "form.document-upload").await,
        0,
        "the importer uploads nothing"
    );
    fits_the_width(&b).await;
    scroll_to(&b, "payment").await;
    b.screenshot("96-export-order-payment-phone").await.unwrap();

    // the deposit by card, in dollars at 25,000 ₫: the card page says the
    // card field needs JavaScript; the card is confirmed at localstripe
    // (what Stripe.js does in the browser) and the page reads it back paid
    b.submit(".export-payments a.pay-card").await.unwrap();
    let card_page = b.path().await.unwrap();
    assert!(card_page.ends_with("/card"), "{card_page}");
    let cents = (deposit * 100 + 24_999) / 25_000;
    let dollars = kernel::Money {
        amount: cents,
        currency: kernel::Currency::Usd,
    }
    .to_string();
    let said = main_text(&b).await;
    assert!(
        said.contains(&dong(deposit)) && said.contains(&dollars),
        "{dollars} for {}: {said}",
        dong(deposit)
    );
    assert!(
        b.text(".card-needs-js")
            .await
            .unwrap()
            .contains("JavaScript"),
        "{said}"
    );
    fits_the_width(&b).await;
    b.screenshot("96b-export-card-page-phone").await.unwrap();
    let intent = b
        .client
        .find(Locator::Css("#card-form input[name=payment_intent]"))
        .await
        .unwrap()
        .attr("value")
        .await
        .unwrap()
        .unwrap();
    let (status, paid) = stripe.pay(&intent, localstripe::cards::VISA).await;
    assert_eq!(status, 200, "{paid}");
    b.goto(&app.url(&format!("{card_page}?payment_intent={intent}")))
        .await
        .unwrap();
    assert!(
        b.text(".card-page")
            .await
            .unwrap()
            .contains("お支払いを受け取りました"),
        "{}",
        main_text(&b).await
    );
    b.screenshot("96c-export-card-paid-phone").await.unwrap();
    b.submit(".card-page a.button").await.unwrap();
    assert!(
        b.text(".order-head")
            .await
            .unwrap()
            .contains("前払金入金済み"),
        "{}",
        main_text(&b).await
    );
    assert!(
        b.text(".export-payments")
            .await
            .unwrap()
            .contains("カードで支払い済み")
    );
    sign_out(&b).await;

    // union staff see the desk; nothing is due from them now
    b.resize(1280, 1000).await.unwrap();
    as_person(&b, &app, STAFF, "/moderation").await;
    b.submit("nav.tabs a[href='/moderation/export']")
        .await
        .unwrap();
    let figures = b.text(".export-figures").await.unwrap();
    assert!(
        figures.contains("JP") && figures.contains(&dong(total)),
        "{figures}"
    );
    assert!(
        b.text("table.export-requests")
            .await
            .unwrap()
            .contains(&number)
    );
    b.screenshot("97-export-staff-desk").await.unwrap();
    b.goto(&app.url(&order_page)).await.unwrap();
    assert_eq!(
        count(&b, "form.record-payment").await,
        0,
        "the deposit came by card; the balance is not due yet"
    );
    assert!(
        b.text(".export-payments").await.unwrap().contains(&intent),
        "staff see the card's PaymentIntent"
    );
    sign_out(&b).await;

    // Bao La makes the baskets and shows them ready
    as_person(&b, &app, OWNER, &order_page).await;
    b.submit("#step-in_production button[type=submit]")
        .await
        .unwrap();
    assert!(b.text(".order-head").await.unwrap().contains("生産中"));
    b.fill("#step-ready #f-photos", "/media/demo/ready.jpg")
        .await
        .unwrap();
    b.fill("#step-ready [id='f-note']", "2,000 baskets packed")
        .await
        .unwrap();
    b.submit("#step-ready button[type=submit]").await.unwrap();
    assert!(
        b.text(".order-head")
            .await
            .unwrap()
            .contains("出荷準備完了"),
        "{}",
        problems(&b).await
    );
    assert_eq!(
        count(&b, ".export-timeline img[src='/media/demo/ready.jpg']").await,
        1
    );
    assert_eq!(
        count(&b, "form.step-form").await,
        0,
        "the balance comes before shipping"
    );
    b.screenshot("98-export-ready").await.unwrap();
    sign_out(&b).await;

    // staff record the balance
    as_person(&b, &app, STAFF, &order_page).await;
    b.click("form.record-payment #f-confirm").await.unwrap();
    b.submit("form.record-payment button[type=submit]")
        .await
        .unwrap();
    assert!(
        b.text(".order-head")
            .await
            .unwrap()
            .contains("全額入金済み")
    );
    sign_out(&b).await;

    // Bao La: shipping waits for the certificate of origin and the
    // fumigation certificate
    as_person(&b, &app, OWNER, &order_page).await;
    b.fill("#step-shipped [id='f-carrier']", "ONE")
        .await
        .unwrap();
    b.fill("#step-shipped [id='f-transport_ref']", "ONEYDAD12345678")
        .await
        .unwrap();
    b.submit("#step-shipped button[type=submit]").await.unwrap();
    let missing = b.text(".missing-documents").await.unwrap();
    assert!(
        missing.contains("原産地証明書 (Form VJ / AJ)") && missing.contains("燻蒸証明書"),
        "{missing}"
    );
    assert!(
        !missing.contains("植物検疫"),
        "a handicraft needs no phytosanitary certificate"
    );
    assert!(
        missing.contains("必要な書類がすべてアップロードされるまで出荷できません"),
        "documents_missing, translated: {missing}"
    );
    assert_eq!(
        value(&b, "#step-shipped [id='f-transport_ref']")
            .await
            .as_deref(),
        Some("ONEYDAD12345678"),
        "what was typed is kept"
    );
    scroll_to(&b, "next-step").await;
    b.screenshot("99-export-shipping-refused").await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    b.attach(
        "#f-file-certificate_of_origin",
        &pdf(dir.path(), "form-vj.pdf"),
    )
    .await
    .unwrap();
    b.submit("#upload-certificate_of_origin button[type=submit]")
        .await
        .unwrap();
    assert!(
        b.path()
            .await
            .unwrap()
            .contains("notice=export-document-uploaded"),
        "{}",
        main_text(&b).await
    );
    assert!(
        b.text(".document-certificate_of_origin")
            .await
            .unwrap()
            .contains("form-vj.pdf")
    );
    b.fill("#step-shipped [id='f-carrier']", "ONE")
        .await
        .unwrap();
    b.fill("#step-shipped [id='f-transport_ref']", "ONEYDAD12345678")
        .await
        .unwrap();
    b.submit("#step-shipped button[type=submit]").await.unwrap();
    let missing = b.text(".missing-documents").await.unwrap();
    assert!(
        missing.contains("燻蒸証明書") && !missing.contains("原産地証明書"),
        "{missing}"
    );
    b.attach("#f-file-fumigation", &pdf(dir.path(), "fumigation.pdf"))
        .await
        .unwrap();
    b.submit("#upload-fumigation button[type=submit]")
        .await
        .unwrap();
    assert!(
        b.text(".documents")
            .await
            .unwrap()
            .contains("必要な書類はすべてそろっています")
    );
    b.fill("#step-shipped [id='f-carrier']", "ONE")
        .await
        .unwrap();
    b.fill("#step-shipped [id='f-transport_ref']", "ONEYDAD12345678")
        .await
        .unwrap();
    b.submit("#step-shipped button[type=submit]").await.unwrap();
    assert!(
        b.text(".order-head").await.unwrap().contains("出荷済み"),
        "{}",
        problems(&b).await
    );
    b.submit("#step-delivered button[type=submit]")
        .await
        .unwrap();
    assert!(b.text(".order-head").await.unwrap().contains("到着済み"));
    assert_eq!(
        count(&b, "form.document-upload").await,
        0,
        "nothing to upload once shipped"
    );
    b.screenshot("99a-export-delivered").await.unwrap();
    sign_out(&b).await;

    // the importer follows it all on the phone
    b.resize(360, 800).await.unwrap();
    as_person(&b, &app, IMPORTER, &order_page).await;
    assert_eq!(count(&b, ".export-timeline > li").await, 7);
    let timeline = b.text(".export-timeline").await.unwrap();
    for text in [
        "前払金待ち",
        "第 2 版の見積を承諾",
        "前払金入金済み",
        "生産中",
        "出荷準備完了",
        "2,000 baskets packed",
        "全額入金済み",
        "出荷済み",
        "ONE · ONEYDAD12345678",
        "到着済み",
    ] {
        assert!(timeline.contains(text), "{text} in {timeline}");
    }
    assert!(
        b.text(".document-fumigation")
            .await
            .unwrap()
            .contains("ダウンロード"),
        "the importer downloads the certificates"
    );
    fits_the_width(&b).await;
    scroll_to(&b, "timeline").await;
    b.screenshot("99b-export-timeline-phone").await.unwrap();

    // the ledger: the deposit and the balance, once each, as export sales
    let booked = entity::ledger_transactions::Entity::find()
        .filter(entity::ledger_transactions::Column::ExportOrderId.eq(order_id))
        .all(&app.db.conn)
        .await
        .unwrap();
    assert_eq!(
        booked.len(),
        2,
        "deposit and balance, once each: {booked:?}"
    );
    assert!(booked.iter().all(|t| t.kind == "export_sale"), "{booked:?}");

    b.close().await.unwrap();
}
