//! Lots, yearly figures and the opening pages, in Chromium with JavaScript
//! off, on a phone (360 px): Bao La's owner finds the work waiting on
//! `/seller`, records a lot of lidded baskets with a making step, opens
//! its public page (a scan), reports last year's figures and groups two
//! listings in a collection; union staff open `/moderation` on what waits,
//! verify the figures — which the cooperative's page then shows — and
//! recall the lot, whose public page says so at once. Every page fits the
//! phone's width; screenshots of each.

use fantoccini::Locator;
use hoptac_tests::browser::Browser;
use hoptac_tests::users::PASSWORD;
use hoptac_tests::{Seed, TestApp, spawn_app_with};

use crate::steps::{fits_the_width, problems, set, sign_in_with, sign_out};

const OWNER: &str = "chunhiem@baola.example.vn";
const STAFF: &str = "nhanvien@hoptac.vn";

/// Bao La's id, with a person added as its owner.
async fn bao_la_owner(app: &TestApp) -> String {
    let owner = app.person(OWNER, true).await;
    let coop = app.get_json("/api/v1/cooperatives/bao-la", 200).await;
    let id = coop["id"].as_str().unwrap().to_owned();
    accounts::add_member(
        &app.db.conn,
        kernel::CooperativeId(id.parse().unwrap()),
        kernel::UserId(owner.id.parse().unwrap()),
        accounts::MemberRole::Owner,
    )
    .await
    .unwrap();
    id
}

#[tokio::test]
async fn bao_la_records_a_lot_and_its_figures_on_a_phone_and_the_union_verifies_and_recalls() {
    eprintln!(
        "[{}] browser: /seller at a glance → lot → diary → public page → figures → collection; /moderation → verify → recall (360 px)",
        testkit::Backend::current().name()
    );
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let coop = bao_la_owner(&app).await;
    app.union_staff(STAFF).await;
    let b = Browser::start()
        .await
        .expect("chromium and chromedriver start");
    b.resize(360, 800).await.unwrap();

    // the seller's page opens on the work waiting
    sign_in_with(&b, &app, OWNER, PASSWORD, "/seller").await;
    assert_eq!(b.path().await.unwrap(), "/seller");
    let glance = b.text(".glance").await.unwrap();
    assert!(glance.contains("đơn cần đóng gói"), "{glance}");
    assert!(glance.contains("Tháng này:"), "{glance}");
    fits_the_width(&b).await;
    b.screenshot("a0-seller-glance-phone").await.unwrap();

    // a lot of lidded baskets, with a making step
    b.goto(&app.url(&format!("/seller/cooperatives/{coop}/lots")))
        .await
        .unwrap();
    fits_the_width(&b).await;
    b.client
        .execute(
            "const s = document.querySelector('#f-product_id'); s.selectedIndex = s.options.length > 1 ? 1 : 0;",
            vec![],
        )
        .await
        .unwrap();
    b.fill("#f-lot_number", "BL-2026-12-A").await.unwrap();
    b.fill("#f-quantity", "120").await.unwrap();
    set(&b, "#f-produced_on", "2026-11-28").await;
    b.fill("#f-commune", "Xã Phong Điền").await.unwrap();
    b.fill("#f-makers", "Hộ bà Nguyễn Thị Lài: đan thân giỏ")
        .await
        .unwrap();
    b.fill("#f-materials", "Mây nước: xã A Lưới 2")
        .await
        .unwrap();
    b.screenshot("a1-lot-form-phone").await.unwrap();
    b.submit("form.lot-form button").await.unwrap();
    let path = b.path().await.unwrap();
    assert!(
        path.starts_with("/seller/lots/"),
        "{path}: {}",
        problems(&b).await
    );
    fits_the_width(&b).await;
    b.client
        .execute(
            "document.querySelector('#f-kind').value = 'making';",
            vec![],
        )
        .await
        .unwrap();
    set(&b, "#f-happened_on", "2026-11-29").await;
    b.fill("#f-title", "Đan và hấp khử trùng mây")
        .await
        .unwrap();
    b.submit("form.diary-form button").await.unwrap();
    assert!(
        b.text("#diary")
            .await
            .unwrap()
            .contains("Đan và hấp khử trùng mây"),
        "{}",
        problems(&b).await
    );
    b.screenshot("a2-lot-page-phone").await.unwrap();
    let lot_page = b.path().await.unwrap();

    // its public page, as a buyer who scanned the label sees it
    b.submit("a[href^='/t/']").await.unwrap();
    let public = b.path().await.unwrap();
    assert!(public.starts_with("/t/"), "{public}");
    let text = b.text("main").await.unwrap();
    assert!(text.contains("BL-2026-12-A"), "{text}");
    assert!(text.contains("Hộ bà Nguyễn Thị Lài"), "{text}");
    fits_the_width(&b).await;
    b.screenshot("a3-trace-page-phone").await.unwrap();

    // last year's figures, reported
    b.goto(&app.url(&format!("/seller/cooperatives/{coop}/figures")))
        .await
        .unwrap();
    fits_the_width(&b).await;
    b.fill("#f-year", "2026").await.unwrap();
    b.fill("#f-members", "92").await.unwrap();
    b.fill("#f-members_women", "60").await.unwrap();
    b.fill("#f-workers_regular", "115").await.unwrap();
    b.fill("#f-workers_seasonal", "40").await.unwrap();
    b.fill("#f-average_monthly_income_vnd", "5.200.000")
        .await
        .unwrap();
    b.submit("#report form button").await.unwrap();
    assert!(
        b.text(".notice")
            .await
            .unwrap_or_default()
            .contains("Đã gửi số liệu"),
        "{}",
        problems(&b).await
    );
    b.screenshot("a4-figures-phone").await.unwrap();

    // two listings in a collection
    b.goto(&app.url(&format!("/seller/cooperatives/{coop}/collections")))
        .await
        .unwrap();
    fits_the_width(&b).await;
    b.fill("#new #f-name\\.vi", "Quà Tết 2027").await.unwrap();
    b.click("#new input[name='products.000']").await.unwrap();
    b.click("#new input[name='products.001']").await.unwrap();
    b.submit("#new form button").await.unwrap();
    assert!(
        b.text("#collection-qua-tet-2027")
            .await
            .unwrap()
            .contains("2"),
        "{}",
        problems(&b).await
    );
    b.screenshot("a5-collections-phone").await.unwrap();
    sign_out(&b).await;

    // union staff: what waits, the figures verified, the lot recalled
    sign_in_with(&b, &app, STAFF, PASSWORD, "/moderation").await;
    assert_eq!(b.path().await.unwrap(), "/moderation");
    let waiting = b.text(".glance").await.unwrap();
    assert!(waiting.contains("số liệu HTX chờ xác minh"), "{waiting}");
    fits_the_width(&b).await;
    b.screenshot("a6-moderation-waiting-phone").await.unwrap();
    b.submit("a[href='/moderation/figures'] strong")
        .await
        .unwrap();
    assert_eq!(b.path().await.unwrap(), "/moderation/figures");
    fits_the_width(&b).await;
    let bao_la = b
        .client
        .find(Locator::XPath(
            "//section[contains(@class,'figures-year')][.//a[contains(.,'Bao La')]]",
        ))
        .await
        .unwrap();
    let id = bao_la.attr("id").await.unwrap().unwrap();
    b.click(&format!(
        "#{id} select[name='decision'] option[value='verify']"
    ))
    .await
    .unwrap();
    b.submit(&format!("#{id} form button")).await.unwrap();
    assert!(
        b.text(".notice")
            .await
            .unwrap_or_default()
            .contains("Đã ghi quyết định"),
        "{}",
        problems(&b).await
    );
    b.goto(&app.url("/cooperatives/bao-la")).await.unwrap();
    let impact = b.text(".impact").await.unwrap();
    assert!(impact.contains("92 thành viên"), "{impact}");
    assert!(impact.contains("155 việc làm"), "{impact}");
    assert!(impact.contains("Số liệu năm 2026"), "{impact}");
    fits_the_width(&b).await;
    b.screenshot("a7-cooperative-verified-figures-phone")
        .await
        .unwrap();

    b.goto(&app.url(&lot_page)).await.unwrap();
    b.fill("#f-reason", "Mẫu thử nấm mốc dương tính ở lô này")
        .await
        .unwrap();
    b.click("#f-confirm").await.unwrap();
    b.submit("form.recall-form button").await.unwrap();
    assert!(
        b.text(".recall-banner").await.unwrap().contains("nấm mốc"),
        "{}",
        problems(&b).await
    );
    b.goto(&app.url(&public)).await.unwrap();
    let banner = b.text(".recall-banner").await.unwrap();
    assert!(banner.contains("nấm mốc"), "{banner}");
    fits_the_width(&b).await;
    b.screenshot("a8-trace-recalled-phone").await.unwrap();
    b.close().await.unwrap();
}
