//! A cooperative joins the market: a new user registers and applies with a
//! document, union staff approve the application, the applicant finds their
//! seller dashboard. All in Chromium with JavaScript off.

use hoptac_tests::browser::Browser;
use hoptac_tests::spawn_app;
use hoptac_tests::users::PASSWORD;

#[tokio::test]
async fn a_new_user_applies_staff_approve_and_the_applicant_sees_the_seller_dashboard() {
    eprintln!(
        "[{}] browser: register → apply → staff approve → seller dashboard",
        testkit::Backend::current().name()
    );
    let app = spawn_app().await;
    let staff = app.union_staff("staff@hoptac.vn").await;
    drop(staff);
    let b = Browser::start()
        .await
        .expect("chromium and chromedriver start");

    // register
    b.goto(&app.url("/account/register")).await.unwrap();
    b.fill("#f-name", "Trần Thị Hoa").await.unwrap();
    b.fill("#f-email", "hoa@example.vn").await.unwrap();
    b.fill("#f-password", "short").await.unwrap();
    b.submit("form[action='/account/register'] button[type=submit]")
        .await
        .unwrap();
    let summary = b.text(".error-summary").await.unwrap();
    assert!(summary.contains("Mật khẩu"), "{summary}");
    assert_eq!(
        b.client
            .find(fantoccini::Locator::Css("#f-name"))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("Trần Thị Hoa"),
        "the name is kept"
    );
    b.screenshot("10-register-error").await.unwrap();
    b.fill("#f-password", PASSWORD).await.unwrap();
    b.submit("form[action='/account/register'] button[type=submit]")
        .await
        .unwrap();
    assert!(
        b.path()
            .await
            .unwrap()
            .starts_with("/account?notice=registered")
    );
    b.screenshot("11-account-unverified").await.unwrap();

    // confirm the address with the e-mailed link
    let token = app.token_mailed_to("hoa@example.vn").await;
    b.goto(&app.url(&format!("/account/verify?token={token}")))
        .await
        .unwrap();
    b.submit("form[action='/account/verify'] button")
        .await
        .unwrap();
    assert_eq!(b.path().await.unwrap(), "/account?notice=email-verified");

    // apply with a document
    b.goto(&app.url("/sell")).await.unwrap();
    b.fill("#f-legal_name", "HTX Mây tre đan Phú Vang")
        .await
        .unwrap();
    b.fill("#f-registration_number", "3301234567")
        .await
        .unwrap();
    b.fill("#f-tax_code", "3301234567").await.unwrap();
    b.fill("#f-representative", "Trần Thị Hoa").await.unwrap();
    b.fill("#f-phone", "0912 345 678").await.unwrap();
    b.fill("#f-ward", "Xã Phú Mỹ").await.unwrap();
    b.fill("#f-members_count", "24").await.unwrap();
    b.fill(
        "#f-story_vi",
        "Hai mươi bốn hộ đan mây tre cùng nhau từ năm 2010, làm giỏ và khay cho các chợ quanh Huế.",
    )
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("giay-phep-kinh-doanh.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n% giay phep kinh doanh\n").unwrap();
    b.attach("#f-documents", &pdf).await.unwrap();
    b.screenshot("12-application-form").await.unwrap();
    b.submit("form[action='/sell'] button[type=submit]")
        .await
        .unwrap();
    let path = b.path().await.unwrap();
    assert!(
        path.starts_with("/seller/applications/") && path.ends_with("notice=application-sent"),
        "{path}"
    );
    assert!(
        b.text(".status-panel")
            .await
            .unwrap()
            .contains("Đang chờ duyệt")
    );
    assert!(
        b.text("body")
            .await
            .unwrap()
            .contains("giay-phep-kinh-doanh.pdf")
    );
    b.screenshot("13-application-pending").await.unwrap();

    // union staff approve it
    b.submit("nav.main-nav form.inline button").await.unwrap();
    b.goto(&app.url("/account/login?next=/moderation"))
        .await
        .unwrap();
    b.fill("#f-email", "staff@hoptac.vn").await.unwrap();
    b.fill("#f-password", PASSWORD).await.unwrap();
    b.submit("form[action='/account/login'] button")
        .await
        .unwrap();
    assert_eq!(b.path().await.unwrap(), "/moderation");
    b.screenshot("14-moderation-queue").await.unwrap();
    b.submit("table.dense a").await.unwrap();
    assert!(b.text("h1").await.unwrap().contains("Phú Vang"));
    assert!(
        b.text("body")
            .await
            .unwrap()
            .contains("giay-phep-kinh-doanh.pdf")
    );
    b.screenshot("15-moderation-review").await.unwrap();
    // a decision needs its confirm box ticked
    let approve_form = "form.decision:first-of-type";
    b.click(&format!("{approve_form} input[name=confirm]"))
        .await
        .unwrap();
    b.submit(&format!("{approve_form} button")).await.unwrap();
    assert!(b.path().await.unwrap().ends_with("notice=decided"));
    assert!(b.text("p .status").await.unwrap().contains("Đã duyệt"));
    b.screenshot("16-moderation-approved").await.unwrap();

    // the applicant sees the seller dashboard
    b.submit("nav.main-nav form.inline button").await.unwrap();
    b.goto(&app.url("/account/login?next=/seller"))
        .await
        .unwrap();
    b.fill("#f-email", "hoa@example.vn").await.unwrap();
    b.fill("#f-password", PASSWORD).await.unwrap();
    b.submit("form[action='/account/login'] button")
        .await
        .unwrap();
    assert_eq!(b.path().await.unwrap(), "/seller");
    let dashboard = b.text("main").await.unwrap();
    assert!(
        dashboard.contains("HTX Mây tre đan Phú Vang") && dashboard.contains("Đã duyệt"),
        "{dashboard}"
    );
    b.screenshot("17-seller-dashboard").await.unwrap();
    b.submit("table.dense a.button").await.unwrap();
    assert!(b.text("#team").await.unwrap().contains("Chủ sở hữu"));
    b.screenshot("18-seller-cooperative").await.unwrap();

    b.close().await.unwrap();
}
