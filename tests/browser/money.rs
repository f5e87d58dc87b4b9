//! The story of one bank transfer for two cooperatives, in Chromium with
//! JavaScript off, at desktop and phone width: a guest buys from Bao La
//! and A Sò and is asked for one transfer of the whole amount; Bao La's
//! owner sees that amount and reference, is told the union confirms it and
//! why the order may not be packed yet, and has no "money received" to
//! press; union staff import the bank statement; both orders are paid and
//! booked, each cooperative's ledger shows its sale, the trial balance
//! shows what was received, and Bao La may pack and ship. Then money for an
//! order the buyer cancelled is held and given back from the staff's list.

use fantoccini::Locator;
use hoptac_tests::browser::Browser;
use hoptac_tests::{Seed, TestApp, spawn_app_with};

use crate::steps::{count, first_product, people, sign_in, sign_out};

const OWNER: &str = "baola@hoptac.demo";
const STAFF: &str = "nhanvien@hoptac.demo";
const BUYER: &str = "hoa.tran@example.vn";

/// `350.000 ₫` as WebDriver reads it (a plain space before ₫).
fn dong(vnd: i64) -> String {
    kernel::Money::vnd(vnd).to_string().replace('\u{a0}', " ")
}

async fn add_to_cart(b: &Browser, app: &TestApp, slug: &str) {
    b.goto(&app.url(&format!("/products/{slug}")))
        .await
        .unwrap();
    b.submit("form.add-to-cart:has(button:not([disabled])) button")
        .await
        .unwrap();
    assert_eq!(b.path().await.unwrap(), "/cart?notice=cart-added");
}

/// A guest checks out the cart by bank transfer: the confirmation's path.
async fn check_out_by_transfer(b: &Browser) -> String {
    b.submit("a.checkout-button").await.unwrap();
    for (field, text) in [
        ("contact.name", "Trần Thị Hoa"),
        ("contact.email", BUYER),
        ("contact.phone", "0905 214 377"),
        ("shipping_address.province", "Thành phố Huế"),
        ("shipping_address.district", "Quận Thuận Hóa"),
        ("shipping_address.ward", "Phường Vĩnh Ninh"),
        ("shipping_address.street", "18 Nguyễn Huệ"),
    ] {
        b.fill(&format!("[id='f-{field}']"), text).await.unwrap();
    }
    b.click("input[name=payment_method][value=bank_transfer]")
        .await
        .unwrap();
    b.submit("button.place-order").await.unwrap();
    b.path().await.unwrap()
}

/// The orders on a confirmation page, in its order: (what the receipt
/// says of it, its id).
async fn receipt_orders(b: &Browser) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for order in b
        .client
        .find_all(Locator::Css(".receipt-order"))
        .await
        .unwrap()
    {
        let href = order
            .find(Locator::Css("a[href^='/orders/']"))
            .await
            .unwrap()
            .attr("href")
            .await
            .unwrap()
            .unwrap();
        out.push((
            order.text().await.unwrap(),
            href.trim_start_matches("/orders/").to_owned(),
        ));
    }
    out
}

/// The amount to transfer on a confirmation page, in đồng.
async fn amount_to_pay(b: &Browser) -> i64 {
    b.text(".payment-panel .amount-to-pay .digits")
        .await
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// Sends `csv` as a bank statement from the staff page, applied.
async fn import_statement(b: &Browser, app: &TestApp, csv: &str, name: &str) {
    let file = std::env::temp_dir().join(format!("{name}-{}.csv", uuid::Uuid::now_v7()));
    std::fs::write(&file, csv).unwrap();
    b.goto(&app.url("/moderation/bank-statements"))
        .await
        .unwrap();
    b.attach("#f-file", &file).await.unwrap();
    b.click(".statement-form input[name=apply]").await.unwrap();
    b.submit(".statement-form button[type=submit]")
        .await
        .unwrap();
    let _ = std::fs::remove_file(&file);
}

#[tokio::test]
async fn one_transfer_for_two_cooperatives_is_confirmed_by_the_union_and_pays_both() {
    eprintln!(
        "[{}] browser: one transfer for Bao La and A Sò → union imports the statement → both paid and booked",
        testkit::Backend::current().name()
    );
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    people(&app).await;
    let bao_la = first_product(&app, "bao-la").await;
    let a_so = first_product(&app, "a-so").await;
    let b = Browser::start()
        .await
        .expect("chromium and chromedriver start");

    // a guest buys from both and is asked for one transfer
    add_to_cart(&b, &app, &bao_la).await;
    add_to_cart(&b, &app, &a_so).await;
    let confirmation = check_out_by_transfer(&b).await;
    assert!(
        confirmation.starts_with("/checkout/") && !confirmation.contains('?'),
        "no e-mail address in the URL: {confirmation}"
    );
    let reference = b.text(".payment-panel code.reference").await.unwrap();
    let total = amount_to_pay(&b).await;
    let orders = receipt_orders(&b).await;
    assert_eq!(orders.len(), 2, "one order per cooperative");
    let receipt_total: i64 = {
        let mut sum = 0;
        for total in b
            .client
            .find_all(Locator::Css(".receipt-order .totals dd.grand"))
            .await
            .unwrap()
        {
            let text = total.text().await.unwrap();
            sum += text
                .chars()
                .filter(char::is_ascii_digit)
                .collect::<String>()
                .parse::<i64>()
                .unwrap();
        }
        sum
    };
    assert_eq!(total, receipt_total, "one transfer for both orders");
    let bao_la_order = orders
        .iter()
        .find(|(text, _)| text.contains("Bao La"))
        .map(|(_, id)| id.clone())
        .expect("Bao La's order");
    b.resize(360, 800).await.unwrap();
    b.screenshot("80-transfer-two-cooperatives-phone")
        .await
        .unwrap();
    b.resize(1280, 1000).await.unwrap();
    // the guest's order opens from the cookie alone
    b.goto(&app.url(&format!("/orders/{bao_la_order}")))
        .await
        .unwrap();
    assert!(
        b.text("#payment").await.unwrap().contains(&dong(total)),
        "the buyer's order page asks for the whole transfer"
    );

    // Bao La's owner: the whole amount, the reference, who confirms, and
    // no way to pack or say the money arrived
    sign_in(&b, &app, OWNER, &format!("/seller/orders/{bao_la_order}")).await;
    let payment = b.text("#payment").await.unwrap();
    assert!(
        payment.contains(&dong(total)) && payment.contains(&reference),
        "the seller sees the amount and reference the buyer was given: {payment}"
    );
    assert!(
        payment.contains("Cán bộ Liên minh xác nhận"),
        "and who confirms it: {payment}"
    );
    let hold = b.text("#payment .hold").await.unwrap();
    assert!(
        hold.contains("Chưa đóng gói") && hold.contains("0905214377"),
        "why it may not be packed, and how to reach the buyer: {hold}"
    );
    assert_eq!(count(&b, "#money-received").await, 0);
    assert_eq!(count(&b, "#step-packed").await, 0);
    assert_eq!(count(&b, "#step-shipped").await, 0);
    assert_eq!(count(&b, "#step-confirmed").await, 0);
    assert_eq!(
        count(&b, "#step-cancelled").await,
        1,
        "cancelling stays possible"
    );
    b.screenshot("81-seller-transfer-awaiting-union")
        .await
        .unwrap();
    b.resize(360, 800).await.unwrap();
    b.screenshot("82-seller-transfer-awaiting-union-phone")
        .await
        .unwrap();
    b.resize(1280, 1000).await.unwrap();
    sign_out(&b).await;

    // union staff import the statement with the one credit
    sign_in(&b, &app, STAFF, "/moderation/bank-statements").await;
    import_statement(
        &b,
        &app,
        &format!(
            "Ngày giao dịch;Số tiền ghi có;Nội dung\n05/12/2026;{total};{reference} TRAN THI HOA chuyen tien\n"
        ),
        "story",
    )
    .await;
    assert_eq!(count(&b, "table.matched tbody tr").await, 1);
    b.goto(&app.url("/moderation/payouts")).await.unwrap();
    assert_eq!(
        b.text(".trial-balance dd.received").await.unwrap(),
        dong(total)
    );
    assert_eq!(b.text(".trial-balance dd.held").await.unwrap(), dong(0));
    b.screenshot("83-trial-balance-received").await.unwrap();
    let owed = b.text("#owed").await.unwrap();
    assert!(
        owed.contains("Bao La") && owed.contains("A Sò"),
        "both cooperatives are owed their share: {owed}"
    );
    sign_out(&b).await;

    // Bao La's order is paid and may now be packed and shipped
    sign_in(&b, &app, OWNER, &format!("/seller/orders/{bao_la_order}")).await;
    let payment = b.text("#payment").await.unwrap();
    assert!(payment.contains("đã thanh toán"), "{payment}");
    assert_eq!(count(&b, "#payment .hold").await, 0);
    b.submit("#step-packed button[type=submit]").await.unwrap();
    b.fill("#step-shipped [name=carrier]", "Viettel Post")
        .await
        .unwrap();
    b.fill("#step-shipped [name=tracking]", "VTP6201184537")
        .await
        .unwrap();
    b.submit("#step-shipped button[type=submit]").await.unwrap();
    assert!(
        b.path().await.unwrap().ends_with("notice=order-shipped"),
        "shipped once paid"
    );
    b.close().await.unwrap();
}

#[tokio::test]
async fn money_for_a_cancelled_order_is_held_and_given_back_from_the_staff_list() {
    eprintln!(
        "[{}] browser: a transfer after the buyer cancelled → held → given back in one click",
        testkit::Backend::current().name()
    );
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    people(&app).await;
    let bao_la = first_product(&app, "bao-la").await;
    let b = Browser::start()
        .await
        .expect("chromium and chromedriver start");
    add_to_cart(&b, &app, &bao_la).await;
    check_out_by_transfer(&b).await;
    let reference = b.text(".payment-panel code.reference").await.unwrap();
    let total = amount_to_pay(&b).await;
    let order = receipt_orders(&b).await.remove(0).1;

    // the guest cancels, then pays anyway
    b.goto(&app.url(&format!("/orders/{order}"))).await.unwrap();
    b.click("#cancel input[name=confirm]").await.unwrap();
    b.submit("#cancel button[type=submit]").await.unwrap();
    assert!(b.path().await.unwrap().ends_with("notice=order-cancelled"));

    sign_in(&b, &app, STAFF, "/moderation/bank-statements").await;
    import_statement(
        &b,
        &app,
        &format!("Ngày giao dịch;Số tiền ghi có;Nội dung\n05/12/2026;{total};{reference}\n"),
        "late",
    )
    .await;
    let held = b.text(".statement-held").await.unwrap();
    assert!(held.contains(&dong(total)), "{held}");

    // the staff's list to refund, and one click
    b.goto(&app.url("/moderation/refunds")).await.unwrap();
    let entry = b.text(".held-entry").await.unwrap();
    assert!(
        entry.contains(&dong(total)) && entry.contains("đơn đã huỷ") && entry.contains(BUYER),
        "{entry}"
    );
    b.screenshot("84-refunds-held").await.unwrap();
    b.resize(360, 800).await.unwrap();
    b.screenshot("85-refunds-held-phone").await.unwrap();
    b.resize(1280, 1000).await.unwrap();
    // forgetting the box first: the form says so and keeps the note
    b.fill(".held-form [name=note]", "Vietcombank FT26340123")
        .await
        .unwrap();
    b.submit(".held-form button[type=submit]").await.unwrap();
    assert!(b.text(".held-form .error-summary").await.is_ok());
    assert_eq!(
        crate::steps::value(&b, ".held-form [name=note]")
            .await
            .as_deref(),
        Some("Vietcombank FT26340123")
    );
    b.click(".held-form input[name=confirm]").await.unwrap();
    b.submit(".held-form button[type=submit]").await.unwrap();
    assert!(b.path().await.unwrap().ends_with("notice=held-returned"));
    assert_eq!(count(&b, ".held-entry").await, 0);
    b.goto(&app.url("/moderation/payouts")).await.unwrap();
    assert_eq!(b.text(".trial-balance dd.held").await.unwrap(), dong(0));
    assert_eq!(
        b.text(".trial-balance dd.returned").await.unwrap(),
        dong(total)
    );
    b.close().await.unwrap();
}
