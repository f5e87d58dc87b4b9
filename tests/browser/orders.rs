//! Buying from two cooperatives at once: a guest fills the cart from two
//! product pages, checks out with cash on delivery (a missing field first),
//! gets one order per cooperative; a member of one cooperative packs and
//! ships theirs with a tracking number; union staff see both orders; the
//! guest looks the order up by number and e-mail and follows its timeline.
//! All in Chromium with JavaScript off.

use fantoccini::Locator;
use hoptac_tests::browser::Browser;
use hoptac_tests::{Seed, TestApp, spawn_app_with};

use crate::steps::{count, first_product, people, sign_in, value};

const BUYER: &str = "an.nguyen@example.vn";

/// Puts the first variant that can be bought of a product in the cart.
async fn add_from_product_page(b: &Browser, app: &TestApp, slug: &str, quantity: &str) {
    b.goto(&app.url(&format!("/products/{slug}")))
        .await
        .unwrap();
    let form = b
        .client
        .find(Locator::Css("form.add-to-cart:has(button:not([disabled]))"))
        .await
        .unwrap();
    let input = form
        .find(Locator::Css("input[name=quantity]"))
        .await
        .unwrap();
    input.clear().await.unwrap();
    input.send_keys(quantity).await.unwrap();
    let old = b.client.find(Locator::Css("html")).await.unwrap();
    form.find(Locator::Css("button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    while old.tag_name().await.is_ok() {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(b.path().await.unwrap(), "/cart?notice=cart-added");
}

#[tokio::test]
async fn a_guest_buys_from_two_cooperatives_and_follows_the_order_a_member_ships() {
    eprintln!(
        "[{}] browser: cart → checkout → two orders → pack and ship → guest lookup",
        testkit::Backend::current().name()
    );
    let app = spawn_app_with(Seed::Demo).await;
    people(&app).await;
    let bao_la = first_product(&app, "bao-la").await;
    let thanh_binh = first_product(&app, "thanh-binh").await;
    let b = Browser::start()
        .await
        .expect("chromium and chromedriver start");

    // a guest fills the cart from two cooperatives' product pages
    add_from_product_page(&b, &app, &bao_la, "2").await;
    add_from_product_page(&b, &app, &thanh_binh, "1").await;
    assert_eq!(count(&b, ".cart-group").await, 2);
    assert_eq!(count(&b, ".cart-line").await, 2);
    assert_eq!(b.text(".cart-link .cart-count").await.unwrap(), "3");
    let cart = b.text("main").await.unwrap();
    assert!(
        cart.contains("Bao La") && cart.contains("Thanh Bình"),
        "{cart}"
    );
    b.screenshot("40-cart").await.unwrap();

    // checkout, forgetting the phone number
    b.submit("a.checkout-button").await.unwrap();
    assert_eq!(b.path().await.unwrap(), "/checkout");
    let key = value(&b, "input[name=idempotency_key]").await.unwrap();
    assert_eq!(key.len(), 36, "a UUID: {key}");
    b.fill("[id='f-contact.name']", "Nguyễn Văn An")
        .await
        .unwrap();
    b.fill("[id='f-contact.email']", BUYER).await.unwrap();
    b.fill("[id='f-shipping_address.province']", "Thành phố Huế")
        .await
        .unwrap();
    b.fill("[id='f-shipping_address.district']", "Quận Thuận Hóa")
        .await
        .unwrap();
    b.fill("[id='f-shipping_address.ward']", "Phường Vĩnh Ninh")
        .await
        .unwrap();
    b.fill("[id='f-shipping_address.street']", "12 Lê Lợi")
        .await
        .unwrap();
    b.click("input[name=payment_method][value=cod]")
        .await
        .unwrap();
    b.submit("button.place-order").await.unwrap();
    let summary = b.text(".error-summary").await.unwrap();
    assert!(summary.contains("Số điện thoại"), "{summary}");
    let phone_field = b
        .text(".field.invalid:has([id='f-contact.phone']) .field-error")
        .await
        .unwrap();
    assert!(phone_field.contains("0905 123 456"), "{phone_field}");
    assert_eq!(
        value(&b, "[id='f-contact.name']").await.as_deref(),
        Some("Nguyễn Văn An"),
        "what was typed is kept"
    );
    assert_eq!(
        value(&b, "input[name=idempotency_key]").await.as_deref(),
        Some(key.as_str()),
        "the same key comes back, so a second press orders once"
    );
    assert!(
        b.client
            .find(Locator::Css("input[name=payment_method][value=cod]"))
            .await
            .unwrap()
            .is_selected()
            .await
            .unwrap(),
        "the payment method is kept"
    );
    b.screenshot("41-checkout-error").await.unwrap();

    // with the phone number: one order per cooperative
    b.fill("[id='f-contact.phone']", "0905 123 456")
        .await
        .unwrap();
    b.submit("button.place-order").await.unwrap();
    let path = b.path().await.unwrap();
    assert!(
        path.starts_with("/checkout/") && !path.contains('?') && !path.contains("example.vn"),
        "the guest's confirmation carries no e-mail address in its URL: {path}"
    );
    assert_eq!(count(&b, ".receipt-order").await, 2);
    let payment = b.text(".payment-panel").await.unwrap();
    assert!(payment.contains("người giao hàng"), "{payment}");
    let (mut number, mut other) = (None, None);
    for order in b
        .client
        .find_all(Locator::Css(".receipt-order"))
        .await
        .unwrap()
    {
        let n = order.find(Locator::Css(".order-number")).await.unwrap();
        let n = Some(n.text().await.unwrap());
        if order.text().await.unwrap().contains("Bao La") {
            number = n;
        } else {
            other = n;
        }
    }
    let number = number.expect("an order from Bao La");
    let other = other.expect("an order from Thanh Bình");
    assert!(number.starts_with("HT-"), "{number}");
    assert!(
        b.text(".cart-link").await.unwrap().trim() == "Giỏ hàng",
        "the cart is empty now"
    );
    b.screenshot("42-confirmation").await.unwrap();

    // a member of Bao La finds the order and packs and ships it
    sign_in(&b, &app, "baola@hoptac.demo", "/seller").await;
    assert_eq!(b.path().await.unwrap(), "/seller");
    b.submit("table.dense a[href$='/orders']").await.unwrap();
    let list = b.text("table.orders").await.unwrap();
    assert!(list.contains(&number), "{list}");
    assert!(!list.contains("Thanh Bình"), "only Bao La's orders: {list}");
    b.submit("table.orders a[href^='/seller/orders/']")
        .await
        .unwrap();
    let order_page = b.path().await.unwrap();
    assert!(order_page.starts_with("/seller/orders/"), "{order_page}");
    assert!(b.text("h1").await.unwrap().contains(&number));
    let address = b.text("address").await.unwrap();
    assert!(
        address.contains("12 Lê Lợi") && address.contains("0905123456"),
        "{address}"
    );
    b.screenshot("43-seller-order").await.unwrap();
    b.submit("#step-packed button[type=submit]").await.unwrap();
    assert_eq!(
        b.path().await.unwrap(),
        format!("{order_page}?notice=order-packed")
    );
    assert!(b.text(".order-head").await.unwrap().contains("Đã đóng gói"));
    // shipping needs the tracking number
    b.fill("#f-carrier", "Viettel Post").await.unwrap();
    b.submit("#step-shipped button[type=submit]").await.unwrap();
    let problem = b.text("#step-shipped .error-summary").await.unwrap();
    assert!(problem.contains("Mã vận đơn"), "{problem}");
    assert_eq!(
        value(&b, "#f-carrier").await.as_deref(),
        Some("Viettel Post")
    );
    b.fill("#f-tracking", "VTP123456789").await.unwrap();
    b.submit("#step-shipped button[type=submit]").await.unwrap();
    assert_eq!(
        b.path().await.unwrap(),
        format!("{order_page}?notice=order-shipped")
    );
    assert!(
        b.text(".tracking").await.unwrap().contains("VTP123456789"),
        "the tracking number is shown"
    );
    let timeline = b.text("#timeline").await.unwrap();
    assert!(
        timeline.contains("Đã đóng gói") && timeline.contains("Đang giao"),
        "{timeline}"
    );
    b.screenshot("44-shipped").await.unwrap();

    // the packing slip prints the address and the lines
    b.submit(&format!("a[href='{order_page}/packing-slip']"))
        .await
        .unwrap();
    let slip = b.text(".packing-slip").await.unwrap();
    assert!(
        slip.contains(&number) && slip.contains("12 Lê Lợi") && slip.contains("BL-"),
        "{slip}"
    );
    b.submit("nav.main-nav form.inline button").await.unwrap();

    // union staff see both orders, and open one read-only
    sign_in(&b, &app, "nhanvien@hoptac.demo", "/moderation/orders").await;
    assert_eq!(b.path().await.unwrap(), "/moderation/orders");
    assert_eq!(count(&b, "table.staff-orders tbody tr").await, 2);
    b.fill("#orders-q", &number).await.unwrap();
    b.submit("form.order-filters button[type=submit]")
        .await
        .unwrap();
    assert_eq!(count(&b, "table.staff-orders tbody tr").await, 1);
    b.submit("table.staff-orders a[href^='/seller/orders/']")
        .await
        .unwrap();
    assert!(b.text(".banner").await.unwrap().contains("chỉ xem"));
    assert_eq!(count(&b, ".step-form").await, 0, "staff only read");
    b.submit("nav.main-nav form.inline button").await.unwrap();

    // the guest looks the order up and follows it
    b.goto(&app.url("/orders/lookup")).await.unwrap();
    b.fill("#f-number", &number).await.unwrap();
    b.fill("#f-email", "someone.else@example.vn").await.unwrap();
    b.submit("form[action='/orders/lookup'] button")
        .await
        .unwrap();
    let summary = b.text(".error-summary").await.unwrap();
    assert!(summary.contains("Không tìm thấy"), "{summary}");
    b.fill("#f-email", BUYER).await.unwrap();
    b.submit("form[action='/orders/lookup'] button")
        .await
        .unwrap();
    let path = b.path().await.unwrap();
    assert!(
        path.starts_with("/orders/") && !path.contains('?') && !path.contains("example.vn"),
        "the guest's order carries no e-mail address in its URL: {path}"
    );
    let timeline = b.text("#timeline").await.unwrap();
    assert!(
        timeline.contains("Đã đặt hàng")
            && timeline.contains("Đã đóng gói")
            && timeline.contains("Đang giao")
            && timeline.contains("Viettel Post VTP123456789"),
        "{timeline}"
    );
    assert_eq!(
        count(&b, "#cancel").await,
        0,
        "a packed order can no longer be cancelled by the buyer"
    );
    b.screenshot("45-buyer-timeline").await.unwrap();

    // the other order is not packed yet: the guest may still cancel it
    b.goto(&app.url("/orders/lookup")).await.unwrap();
    b.fill("#f-number", &other).await.unwrap();
    b.fill("#f-email", BUYER).await.unwrap();
    b.submit("form[action='/orders/lookup'] button")
        .await
        .unwrap();
    b.fill("#cancel [name=reason]", "Tôi đặt nhầm cỡ")
        .await
        .unwrap();
    b.click("#cancel input[name=confirm]").await.unwrap();
    b.submit("#cancel button[type=submit]").await.unwrap();
    let path = b.path().await.unwrap();
    assert!(path.ends_with("notice=order-cancelled"), "{path}");
    assert!(b.text(".order-head").await.unwrap().contains("Đã huỷ"));
    assert!(
        b.text("#timeline")
            .await
            .unwrap()
            .contains("Tôi đặt nhầm cỡ"),
        "the reason is on the timeline"
    );

    b.close().await.unwrap();
}

#[tokio::test]
async fn a_signed_in_shopper_pays_by_transfer_abroad_and_staff_confirm_the_money() {
    eprintln!(
        "[{}] browser: signed-in cart → abroad → bank transfer → staff confirm",
        testkit::Backend::current().name()
    );
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    people(&app).await;
    let bao_la = first_product(&app, "bao-la").await;
    let thanh_binh = first_product(&app, "thanh-binh").await;
    let b = Browser::start()
        .await
        .expect("chromium and chromedriver start");

    sign_in(&b, &app, "khach@hoptac.demo", "/orders").await;
    assert!(
        b.text(".message")
            .await
            .unwrap()
            .contains("chưa có đơn hàng")
    );
    add_from_product_page(&b, &app, &bao_la, "1").await;
    add_from_product_page(&b, &app, &thanh_binh, "1").await;
    assert_eq!(count(&b, ".cart-line").await, 2);

    // more than there is: flagged on the line, and no checkout
    b.fill(".cart-line:first-child input[name=quantity]", "999")
        .await
        .unwrap();
    b.submit(".cart-line:first-child .qty-form button")
        .await
        .unwrap();
    assert_eq!(b.path().await.unwrap(), "/cart?notice=cart-updated");
    let problem = b
        .text(".cart-line:first-child .line-problem")
        .await
        .unwrap();
    assert!(problem.contains("Chỉ còn"), "{problem}");
    assert_eq!(count(&b, "button.checkout-button[disabled]").await, 1);
    b.fill(".cart-line:first-child input[name=quantity]", "1")
        .await
        .unwrap();
    b.submit(".cart-line:first-child .qty-form button")
        .await
        .unwrap();
    assert_eq!(count(&b, ".line-problem").await, 0);
    // the second cooperative's product goes
    b.submit(".cart-groups .cart-group:last-child .remove-form button")
        .await
        .unwrap();
    assert_eq!(b.path().await.unwrap(), "/cart?notice=cart-removed");
    assert_eq!(count(&b, ".cart-line").await, 1);

    // to Japan: cash on delivery is refused there
    b.submit("a.checkout-button").await.unwrap();
    assert_eq!(
        value(&b, "[id='f-contact.email']").await.as_deref(),
        Some("khach@hoptac.demo"),
        "a signed-in shopper's address is filled in"
    );
    b.fill("[id='f-contact.phone']", "+81 6 1234 5678")
        .await
        .unwrap();
    b.click("input[name=destination][value=abroad]")
        .await
        .unwrap();
    b.fill("[id='f-shipping_address.country']", "JP")
        .await
        .unwrap();
    b.fill("[id='f-shipping_address.city']", "Osaka")
        .await
        .unwrap();
    b.fill("[id='f-shipping_address.postal_code']", "530-0001")
        .await
        .unwrap();
    b.fill("[id='f-shipping_address.street']", "1-1 Umeda, Kita-ku")
        .await
        .unwrap();
    b.click("input[name=payment_method][value=cod]")
        .await
        .unwrap();
    b.submit("button.place-order").await.unwrap();
    let problem = b.text(".radios.invalid .field-error").await.unwrap();
    assert!(problem.contains("trong Việt Nam"), "{problem}");
    assert!(
        b.client
            .find(Locator::Css("input[name=destination][value=abroad]"))
            .await
            .unwrap()
            .is_selected()
            .await
            .unwrap(),
        "still abroad"
    );
    b.click("input[name=payment_method][value=bank_transfer]")
        .await
        .unwrap();
    b.submit("button.place-order").await.unwrap();
    assert!(b.path().await.unwrap().starts_with("/checkout/"));
    let reference = b.text("code.reference").await.unwrap();
    assert!(reference.starts_with("HT"), "{reference}");
    assert!(b.text(".payment-panel").await.unwrap().contains("₫"));
    let number = b.text(".receipt-order .order-number").await.unwrap();

    // the shopper's orders
    b.goto(&app.url("/orders")).await.unwrap();
    let list = b.text("table.orders").await.unwrap();
    assert!(
        list.contains(&number) && list.contains("Chờ thanh toán"),
        "{list}"
    );
    b.submit("nav.main-nav form.inline button").await.unwrap();

    // staff see the transfer arrived and confirm it
    sign_in(&b, &app, "nhanvien@hoptac.demo", "/moderation/orders").await;
    let row = b.text("table.staff-orders tbody tr").await.unwrap();
    assert!(row.contains(&reference), "{row}");
    b.click("table.staff-orders .action-form input[name=confirm]")
        .await
        .unwrap();
    b.submit("table.staff-orders .action-form button")
        .await
        .unwrap();
    assert_eq!(
        b.path().await.unwrap(),
        "/moderation/orders?notice=transfer-confirmed"
    );
    let row = b.text("table.staff-orders tbody tr").await.unwrap();
    assert!(row.contains("Đã xác nhận"), "{row}");
    assert_eq!(count(&b, "table.staff-orders .action-form").await, 0);

    b.close().await.unwrap();
}
