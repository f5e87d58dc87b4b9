//! Money in the shop, with JavaScript off: a shopper pays by bank transfer
//! from the VietQR code on the confirmation; union staff match the bank
//! statement to the order; the cooperative's manager sees the sale in the
//! cooperative's ledger, less the Union's commission; a manager gives part
//! of an order back; staff pay every cooperative what it is owed and the
//! balance comes to nothing.

use fantoccini::Locator;
use hoptac_tests::browser::Browser;
use hoptac_tests::{Seed, TestApp, spawn_app_with};

use crate::steps::{count, first_product, people, place_order, problems, sign_in, sign_out};

const SHOPPER: &str = "khach@hoptac.demo";
const STAFF: &str = "nhanvien@hoptac.demo";
const MANAGER: &str = "baola@hoptac.demo";

/// `350.000 ₫`, as the pages write đồng (and WebDriver reads them: the
/// no-break space before ₫ comes back as a plain one).
fn dong(vnd: i64) -> String {
    kernel::Money::vnd(vnd).to_string().replace('\u{a0}', " ")
}

/// The đồng in a text such as `350.000 ₫`.
fn read_dong(text: &str) -> i64 {
    let negative = text.trim().starts_with('-');
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let n: i64 = digits
        .parse()
        .unwrap_or_else(|_| panic!("no amount in {text:?}"));
    if negative { -n } else { n }
}

/// The Union's commission on `goods` đồng of a product, at its category's
/// configured rate (or the nearest ancestor's, else the default), rounded
/// half up.
async fn commission(app: &TestApp, slug: &str, goods: i64) -> i64 {
    let product = app.get_json(&format!("/api/v1/products/{slug}"), 200).await;
    let nearest_first: Vec<String> = product["category_path"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .map(|c| c["slug"].as_str().unwrap().to_owned())
        .collect();
    let rates = app.settings.payments.commission();
    let bp = i64::from(rates.rate_for(nearest_first.iter().map(String::as_str)));
    (goods * bp + 5_000) / 10_000
}

/// An order placed and paid for by bank transfer, as its confirmation
/// shows it.
struct Placed {
    /// The confirmation page.
    page: String,
    /// The order.
    id: String,
    number: String,
    reference: String,
    goods: i64,
    total: i64,
}

/// The signed-in shopper buys one of `slug` and pays by bank transfer.
async fn checkout_by_transfer(b: &Browser, app: &TestApp, slug: &str) -> Placed {
    let page = place_order(b, app, slug, "bank_transfer").await;
    let link = b
        .client
        .find(Locator::Css(".receipt-order a[href^='/orders/']"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    let totals = b
        .client
        .find_all(Locator::Css(".receipt-order .totals dd"))
        .await
        .unwrap();
    let goods = read_dong(&totals[0].text().await.unwrap());
    Placed {
        page,
        id: link.trim_start_matches("/orders/").to_owned(),
        number: b.text(".receipt-order .order-number").await.unwrap(),
        reference: b.text(".payment-panel code.reference").await.unwrap(),
        goods,
        total: read_dong(&b.text(".receipt-order .totals dd.grand").await.unwrap()),
    }
}

/// A bank statement with one credit line.
fn statement(dir: &std::path::Path, amount: i64, reference: &str) -> std::path::PathBuf {
    let path = dir.join("sao-ke.csv");
    let today = chrono::Utc::now().format("%d/%m/%Y");
    std::fs::write(
        &path,
        format!(
            "Ngày giao dịch,Số tiền,Nội dung\n\
             {today},{amount},\"NGUYEN VAN KHACH chuyen tien {reference} mua hang\"\n\
             {today},50000,\"TIEN DIEN THANG 11\"\n"
        ),
    )
    .unwrap();
    path
}

#[tokio::test]
async fn a_shopper_pays_by_bank_transfer_staff_confirm_it_and_the_cooperative_balance_grows() {
    eprintln!(
        "[{}] browser: VietQR on the confirmation → statement matched → the cooperative's ledger",
        testkit::Backend::current().name()
    );
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    people(&app).await;
    let slug = first_product(&app, "bao-la").await;
    let b = Browser::start()
        .await
        .expect("chromium and chromedriver start");

    // the shopper checks out and sees how to pay: the QR code, with the
    // account, amount and reference written out beside it
    sign_in(&b, &app, SHOPPER, "/").await;
    let placed = checkout_by_transfer(&b, &app, &slug).await;
    assert!(placed.reference.starts_with("HT"), "{}", placed.reference);
    assert_eq!(count(&b, ".payment-panel .qr-code svg").await, 1);
    let panel = b.text(".payment-panel").await.unwrap();
    for text in [
        "Vietcombank",
        "0071000888999",
        "LIEN MINH HTX TP HUE",
        "đang chờ tiền về",
    ] {
        assert!(panel.contains(text), "{text} in {panel}");
    }
    assert!(
        b.text(".payment-panel .amount-to-pay")
            .await
            .unwrap()
            .contains(&dong(placed.total)),
        "the amount to transfer is the order's total"
    );
    b.screenshot("60-transfer-qr").await.unwrap();
    // cards are not offered here: the card page says so, and is not there
    let checkout = placed
        .page
        .trim_start_matches("/checkout/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let session = b
        .client
        .get_named_cookie("hoptac_session")
        .await
        .unwrap()
        .value()
        .to_owned();
    let card_page = reqwest::Client::new()
        .get(app.url(&format!("/checkout/{checkout}/card")))
        .header("cookie", format!("hoptac_session={session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(card_page.status().as_u16(), 404);
    b.goto(&app.url(&format!("/checkout/{checkout}/card")))
        .await
        .unwrap();
    assert_eq!(b.text("h1").await.unwrap(), "Chưa thanh toán được bằng thẻ");
    sign_out(&b).await;

    // union staff check the bank statement, then apply it
    let dir = tempfile::tempdir().unwrap();
    let file = statement(dir.path(), placed.total, &placed.reference);
    sign_in(&b, &app, STAFF, "/moderation").await;
    b.submit("nav.tabs a[href='/moderation/bank-statements']")
        .await
        .unwrap();
    b.attach("#f-file", &file).await.unwrap();
    b.submit(".statement-form button[type=submit]")
        .await
        .unwrap();
    let report = b.text(".statement-report").await.unwrap();
    assert!(report.contains("Chưa thay đổi gì"), "{report}");
    let matched = b.text("table.matched").await.unwrap();
    assert!(
        matched.contains(&placed.number)
            && matched.contains(&placed.reference)
            && matched.contains(&dong(placed.total)),
        "{matched}"
    );
    assert!(
        b.text("table.unmatched")
            .await
            .unwrap()
            .contains("TIEN DIEN"),
        "a line for something else is reported, not matched"
    );
    b.screenshot("61-statement-checked").await.unwrap();
    b.attach("#f-file", &file).await.unwrap();
    b.click(".statement-form input[name=apply]").await.unwrap();
    b.submit(".statement-form button[type=submit]")
        .await
        .unwrap();
    let report = b.text(".statement-report").await.unwrap();
    assert!(report.contains("Đã áp dụng"), "{report}");
    b.screenshot("62-statement-applied").await.unwrap();
    // the same statement again changes nothing
    b.attach("#f-file", &file).await.unwrap();
    b.click(".statement-form input[name=apply]").await.unwrap();
    b.submit(".statement-form button[type=submit]")
        .await
        .unwrap();
    assert!(
        b.text(".already-lines").await.unwrap().contains("2, 3"),
        "both lines were imported before"
    );
    assert_eq!(count(&b, "table.matched").await, 0);
    b.goto(&app.url(&format!("/moderation/orders?q={}", placed.number)))
        .await
        .unwrap();
    let row = b.text("table.staff-orders tbody tr").await.unwrap();
    assert!(row.contains("Đã xác nhận"), "{row}");
    sign_out(&b).await;

    // the shopper's confirmation now says it is paid
    sign_in(&b, &app, SHOPPER, &placed.page).await;
    let panel = b.text(".payment-panel").await.unwrap();
    assert!(panel.contains("Đã nhận được tiền"), "{panel}");
    assert_eq!(count(&b, ".payment-panel .qr-code").await, 0);
    sign_out(&b).await;

    // Bao La's manager finds the sale in the ledger, less the commission
    let fee = commission(&app, &slug, placed.goods).await;
    assert!(fee > 0, "a commission is taken on {}", placed.goods);
    sign_in(&b, &app, MANAGER, "/seller").await;
    b.submit("table.dense a[href$='/ledger']").await.unwrap();
    let path = b.path().await.unwrap();
    assert!(
        path.starts_with("/seller/cooperatives/") && path.ends_with("/ledger"),
        "{path}"
    );
    assert_eq!(
        b.text(".balance-owed").await.unwrap(),
        dong(placed.total - fee),
        "the order's total ({}) less the commission ({fee})",
        placed.total
    );
    assert_eq!(
        b.text(".ledger-sums .sales").await.unwrap(),
        dong(placed.total)
    );
    assert_eq!(
        b.text(".ledger-sums .commission").await.unwrap(),
        dong(-fee)
    );
    let line = b.text("table.ledger-lines tbody tr").await.unwrap();
    assert!(
        line.contains(&placed.number) && line.contains("Bán hàng"),
        "{line}"
    );
    b.screenshot("63-ledger").await.unwrap();
    // the order number leads to the order
    b.submit("table.ledger-lines a.order-number").await.unwrap();
    assert_eq!(
        b.path().await.unwrap(),
        format!("/seller/orders/{}", placed.id)
    );

    b.close().await.unwrap();
}

#[tokio::test]
async fn a_manager_refunds_part_of_an_order_and_staff_pay_out_everything_owed_leaving_nothing() {
    eprintln!(
        "[{}] browser: transfer confirmed → partial refund → payouts of everything owed → balance 0",
        testkit::Backend::current().name()
    );
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    people(&app).await;
    let slug = first_product(&app, "bao-la").await;
    let b = Browser::start()
        .await
        .expect("chromium and chromedriver start");

    sign_in(&b, &app, SHOPPER, "/").await;
    let placed = checkout_by_transfer(&b, &app, &slug).await;
    sign_out(&b).await;

    // Bao La's manager cannot say a transfer arrived: it goes to the
    // union's account, and the page says who confirms it
    sign_in(&b, &app, MANAGER, &format!("/seller/orders/{}", placed.id)).await;
    assert_eq!(count(&b, "#refunds").await, 0, "nothing to refund yet");
    assert_eq!(count(&b, "#money-received").await, 0);
    let payment = b.text("#payment").await.unwrap();
    assert!(
        payment.contains(&placed.reference) && payment.contains("Cán bộ Liên minh xác nhận"),
        "{payment}"
    );
    sign_out(&b).await;

    // union staff see the money in the account and say so on the order
    sign_in(&b, &app, STAFF, &format!("/seller/orders/{}", placed.id)).await;
    b.submit("#money-received button[type=submit]")
        .await
        .unwrap();
    let problem = b.text("#money-received .error-summary").await.unwrap();
    assert!(
        problem.contains("Xác nhận"),
        "the box must be ticked: {problem}"
    );
    b.click("#money-received input[name=confirm]")
        .await
        .unwrap();
    b.submit("#money-received button[type=submit]")
        .await
        .unwrap();
    assert_eq!(
        b.path().await.unwrap(),
        format!("/seller/orders/{}?notice=payment-confirmed", placed.id),
        "{}",
        problems(&b).await
    );
    assert!(b.text(".order-head").await.unwrap().contains("Đã xác nhận"));
    sign_out(&b).await;

    // the manager gives 10.000 ₫ back, forgetting the reason first
    sign_in(&b, &app, MANAGER, &format!("/seller/orders/{}", placed.id)).await;
    b.fill("#refund-form [name=amount_vnd]", "10.000")
        .await
        .unwrap();
    b.click("#refund-form input[name=confirm]").await.unwrap();
    b.submit("#refund-form button[type=submit]").await.unwrap();
    let problem = b
        .text("#refund-form .field.invalid .field-error")
        .await
        .unwrap();
    assert!(
        problem.contains("lý do") || problem.contains("vì sao"),
        "{problem}"
    );
    assert_eq!(
        b.client
            .find(Locator::Css("#refund-form [name=amount_vnd]"))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("10.000"),
        "what was typed is kept"
    );
    b.fill("#refund-form [name=reason]", "Giỏ bị móp một góc khi giao")
        .await
        .unwrap();
    b.click("#refund-form input[name=confirm]").await.unwrap();
    b.submit("#refund-form button[type=submit]").await.unwrap();
    assert!(
        b.path().await.unwrap().ends_with("notice=refund-recorded"),
        "redirected after the refund"
    );
    let refunds = b.text("#refunds").await.unwrap();
    assert!(
        refunds.contains(&format!(
            "Đã hoàn {} trên {}",
            dong(10_000),
            dong(placed.total)
        )) && refunds.contains("Giỏ bị móp")
            && refunds.contains("đã hoàn"),
        "{refunds}"
    );
    b.screenshot("64-refund").await.unwrap();

    // the payout account cannot be left broken
    b.goto(&app.url("/seller")).await.unwrap();
    b.submit("table.dense a[href$='/ledger']").await.unwrap();
    let ledger_page = b.path().await.unwrap();
    let owed = read_dong(&b.text(".balance-owed").await.unwrap());
    let fee = commission(&app, &slug, placed.goods).await;
    assert!(
        owed >= placed.total - fee - 10_000 && owed < placed.total - fee,
        "the refund comes off the balance, less its share of the commission: {owed}"
    );
    b.fill("#f-bank_bin", "9704").await.unwrap();
    b.submit(".payout-account-form button[type=submit]")
        .await
        .unwrap();
    let problem = b
        .text(".payout-account-form .field.invalid .field-error")
        .await
        .unwrap();
    assert!(problem.contains("6 chữ số"), "{problem}");
    b.fill("#f-bank_bin", "970405").await.unwrap();
    b.submit(".payout-account-form button[type=submit]")
        .await
        .unwrap();
    assert_eq!(
        b.path().await.unwrap(),
        format!("{ledger_page}?notice=payout-account-saved")
    );
    sign_out(&b).await;

    // union staff pay everything owed as one batch
    sign_in(&b, &app, STAFF, "/moderation/payouts").await;
    assert!(
        b.text(".trial-balance").await.unwrap().contains("đều cân"),
        "the ledger balances"
    );
    let row = b.text("table.owed-table tbody tr").await.unwrap();
    assert!(row.contains("Bao La") && row.contains(&dong(owed)), "{row}");
    b.screenshot("65-payouts-owed").await.unwrap();
    b.fill("#pay-all [name=note]", "Chi trả tháng 11")
        .await
        .unwrap();
    b.click("#pay-all input[name=confirm]").await.unwrap();
    b.submit("#pay-all button[type=submit]").await.unwrap();
    assert!(
        b.path()
            .await
            .unwrap()
            .starts_with("/moderation/payouts?notice=payouts-recorded"),
        "redirected after recording"
    );
    assert!(
        b.text("#owed")
            .await
            .unwrap()
            .contains("không nợ hợp tác xã nào"),
        "nobody is owed anything now"
    );
    let batch = b.text(".batch").await.unwrap();
    assert!(
        batch.contains("Bao La")
            && batch.contains(&dong(owed))
            && batch.contains("4000205123456")
            && batch.contains("Chi trả tháng 11"),
        "{batch}"
    );
    b.screenshot("66-payouts-recorded").await.unwrap();
    // the bank's file, read with the staff member's session
    let csv = b
        .client
        .find(Locator::Css(".batch a.csv-link"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    let session = b
        .client
        .get_named_cookie("hoptac_session")
        .await
        .unwrap()
        .value()
        .to_owned();
    let file = reqwest::Client::new()
        .get(app.url(&csv))
        .header("cookie", format!("hoptac_session={session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(file.status().as_u16(), 200, "{csv}");
    let file = file.text().await.unwrap();
    assert!(
        file.contains(&format!(
            "970405,4000205123456,HTX MAY TRE DAN BAO LA,{owed},"
        )),
        "{file}"
    );
    sign_out(&b).await;

    // the cooperative is owed nothing now
    sign_in(&b, &app, MANAGER, &ledger_page).await;
    assert_eq!(b.text(".balance-owed").await.unwrap(), dong(0));
    let lines = b.text("table.ledger-lines").await.unwrap();
    assert!(
        lines.contains("Chi trả") && lines.contains("Hoàn tiền") && lines.contains("Bán hàng"),
        "{lines}"
    );
    b.screenshot("67-ledger-paid-out").await.unwrap();
    sign_out(&b).await;

    // the buyer sees the money given back, and why
    sign_in(&b, &app, SHOPPER, &format!("/orders/{}", placed.id)).await;
    let refunds = b.text("#refunds").await.unwrap();
    assert!(
        refunds.contains(&dong(10_000)) && refunds.contains("Giỏ bị móp"),
        "{refunds}"
    );
    b.screenshot("68-buyer-refund").await.unwrap();

    b.close().await.unwrap();
}

/// The card page's PaymentIntent, its client secret, and the return page
/// the card form goes to.
async fn card_form(b: &Browser, confirmation: &str) -> (String, String, String) {
    let form = b.client.find(Locator::Css("#card-form")).await.unwrap();
    let intent = form
        .find(Locator::Css("input[name=payment_intent]"))
        .await
        .unwrap()
        .attr("value")
        .await
        .unwrap()
        .unwrap();
    assert!(intent.starts_with("pi_"), "{intent}");
    let secret = form.attr("data-client-secret").await.unwrap().unwrap();
    let checkout = confirmation
        .trim_start_matches("/checkout/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let back = format!("/checkout/{checkout}/card/return?payment_intent={intent}");
    (intent, secret, back)
}

#[tokio::test]
async fn a_card_payment_needs_javascript_says_why_a_card_was_declined_and_confirms_after_3d_secure()
{
    eprintln!(
        "[{}] browser: card page without JavaScript → declined → 3-D Secure → paid (localstripe)",
        testkit::Backend::current().name()
    );
    let stripe = testkit::localstripe::Localstripe::start().await;
    let app = hoptac_tests::spawn_app_configured(
        Seed::DemoWithoutPictures,
        vec![
            (
                "payments.stripe_secret_key",
                testkit::localstripe::SECRET_KEY.into(),
            ),
            (
                "payments.stripe_webhook_secret",
                testkit::localstripe::WEBHOOK_SECRET.into(),
            ),
            (
                "payments.stripe_publishable_key",
                testkit::localstripe::PUBLISHABLE_KEY.into(),
            ),
            ("payments.stripe_api_base", stripe.base().into()),
            (
                "payments.stripe_js_url",
                format!("{}/js.stripe.com/v3/", stripe.base()).into(),
            ),
        ],
    )
    .await;
    people(&app).await;
    let slug = first_product(&app, "bao-la").await;
    let b = Browser::start()
        .await
        .expect("chromium and chromedriver start");
    sign_in(&b, &app, SHOPPER, "/").await;

    // the card page says plainly that it needs JavaScript
    let confirmation = place_order(&b, &app, &slug, "card").await;
    let total = read_dong(&b.text(".receipt-order .totals dd.grand").await.unwrap());
    b.submit(".payment-panel a.pay-card").await.unwrap();
    let card_page = b.path().await.unwrap();
    assert!(card_page.contains("/card"), "{card_page}");
    let needs = b.text(".card-needs-js").await.unwrap();
    assert!(needs.contains("JavaScript"), "{needs}");
    assert!(
        !b.client
            .find(Locator::Css("#card-form"))
            .await
            .unwrap()
            .is_displayed()
            .await
            .unwrap(),
        "the card form waits for the script"
    );
    assert!(
        b.text(".amount-to-pay")
            .await
            .unwrap()
            .contains(&dong(total)),
        "the amount is on the page"
    );
    b.screenshot("69-card-page-without-javascript")
        .await
        .unwrap();
    // only this page lets Stripe.js in
    let session = b
        .client
        .get_named_cookie("hoptac_session")
        .await
        .unwrap()
        .value()
        .to_owned();
    let page = reqwest::Client::new()
        .get(app.url(&card_page))
        .header("cookie", format!("hoptac_session={session}"))
        .send()
        .await
        .unwrap();
    let policy = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        policy.contains(&format!("script-src 'self' {}", stripe.base())),
        "{policy}"
    );
    let (intent, _, back) = card_form(&b, &confirmation).await;

    // Stripe.js confirms the payment in the browser: a declined card
    let (status, _) = stripe
        .pay(&intent, testkit::localstripe::cards::DECLINED)
        .await;
    assert_eq!(status, 402);
    b.goto(&app.url(&back)).await.unwrap();
    let said = b.text(".card-return").await.unwrap();
    assert!(
        said.contains("Thẻ chưa bị trừ tiền") && said.contains("từ chối"),
        "{said}"
    );
    b.screenshot("70-card-declined").await.unwrap();
    b.submit("a.try-again").await.unwrap();
    assert_eq!(b.path().await.unwrap(), card_page);

    // another order, with a card whose bank asks for 3-D Secure
    let confirmation = place_order(&b, &app, &slug, "card").await;
    b.submit(".payment-panel a.pay-card").await.unwrap();
    let (intent, secret, back) = card_form(&b, &confirmation).await;
    let (status, _) = stripe
        .pay(&intent, testkit::localstripe::cards::THREE_D_SECURE)
        .await;
    assert_eq!(status, 200);
    b.goto(&app.url(&back)).await.unwrap();
    let said = b.text(".card-return").await.unwrap();
    assert!(said.contains("3-D Secure"), "{said}");
    // the shopper approves it at the bank (what Stripe.js's window does)
    let approved = reqwest::Client::new()
        .post(format!(
            "{}/v1/payment_intents/{intent}/_authenticate?success=true",
            stripe.base()
        ))
        .body(
            serde_json::json!({
                "key": testkit::localstripe::PUBLISHABLE_KEY,
                "client_secret": secret,
            })
            .to_string(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(approved.status().as_u16(), 200);
    b.goto(&app.url(&back)).await.unwrap();
    let said = b.text(".card-return").await.unwrap();
    assert!(said.contains("Đã nhận được tiền"), "{said}");
    b.screenshot("71-card-paid").await.unwrap();
    b.submit(".card-return a.button").await.unwrap();
    assert!(
        b.text(".payment-panel")
            .await
            .unwrap()
            .contains("Đã nhận được tiền"),
        "the confirmation says it is paid"
    );
    assert!(
        b.text(".receipt-order")
            .await
            .unwrap()
            .contains("Đã xác nhận"),
        "the order went to the cooperative"
    );

    b.close().await.unwrap();
}
