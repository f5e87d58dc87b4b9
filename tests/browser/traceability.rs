//! A lot from the field to the buyer, in Chromium with JavaScript off: A
//! Lưới's safe-agriculture cooperative records a lot of black rice with
//! its VietGAP certification and a field diary (fertiliser with its
//! pre-harvest interval, irrigation, harvest), prints a sheet of labels
//! whose QR codes the test reads back from the printed page; a shopper on
//! a phone scans one (opens the decoded address), reads the lot's page and
//! buys the rice; the cooperative packs the order with that lot; union
//! staff recall the lot and the shopper is e-mailed; the union's dashboard
//! shows the sale, the scans and the recall. Screenshots of each page.

use fantoccini::Locator;
use hoptac_tests::browser::Browser;
use hoptac_tests::users::PASSWORD;
use hoptac_tests::{Seed, TestApp, spawn_app_with};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::steps::{fits_the_width, place_order, problems, set, sign_in_with, sign_out, value};

const GROWER: &str = "hovanluc@aluoi.example.vn";
const SHOPPER: &str = "mai.nguyen@example.vn";
const STAFF: &str = "nhanvien@hoptac.vn";
const RICE: &str = "gao-cam-a-luoi";
const LOT: &str = "AL-CAM-2612-R5";

/// A Lưới's id, with the grower added as its owner.
async fn a_luoi_grower(app: &TestApp) -> String {
    let grower = app.person(GROWER, true).await;
    let coop = app
        .get_json("/api/v1/cooperatives/a-luoi-nong-nghiep-an-toan", 200)
        .await;
    let id = coop["id"].as_str().unwrap().to_owned();
    accounts::add_member(
        &app.db.conn,
        kernel::CooperativeId(id.parse().unwrap()),
        kernel::UserId(grower.id.parse().unwrap()),
        accounts::MemberRole::Owner,
    )
    .await
    .unwrap();
    id
}

/// The e-mails of `template` queued for `to`.
async fn emails_to(app: &TestApp, template: &str, to: &str) -> Vec<serde_json::Value> {
    entity::outbox::Entity::find()
        .filter(entity::outbox::Column::Topic.eq("email"))
        .all(&app.db.conn)
        .await
        .unwrap()
        .into_iter()
        .map(|j| j.payload)
        .filter(|p| p["template"] == template && p["to_email"] == to)
        .collect()
}

#[tokio::test]
async fn a_luoi_labels_a_rice_lot_a_shopper_scans_and_buys_it_and_its_recall_reaches_her() {
    eprintln!(
        "[{}] browser: rice lot + VietGAP + diary → labels printed, QR read back → scan on a phone → buy → packed with the lot → recall → e-mail",
        testkit::Backend::current().name()
    );
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let coop = a_luoi_grower(&app).await;
    app.person(SHOPPER, true).await;
    let staff = app.union_staff(STAFF).await;
    let (before, waiting_before) = (
        staff
            .get("/api/v1/moderation/dashboard?period=this_month")
            .await
            .1,
        staff.get("/api/v1/moderation/waiting").await.1,
    );
    let b = Browser::start()
        .await
        .expect("chromium and chromedriver start");

    // the grower records the lot of black rice, with its VietGAP certificate
    b.resize(1280, 1000).await.unwrap();
    sign_in_with(&b, &app, GROWER, PASSWORD, "/seller").await;
    b.goto(&app.url(&format!("/seller/cooperatives/{coop}/lots")))
        .await
        .unwrap();
    let rice = b
        .client
        .find(Locator::XPath(
            "//select[@id='f-product_id']/option[contains(., 'Gạo cẩm')]",
        ))
        .await
        .unwrap()
        .attr("value")
        .await
        .unwrap()
        .unwrap();
    set(&b, "#f-product_id", &rice).await;
    b.fill("#f-lot_number", LOT).await.unwrap();
    b.fill("#f-quantity", "300").await.unwrap();
    set(&b, "#f-harvested_on", "2026-11-20").await;
    set(&b, "#f-packed_on", "2026-12-01").await;
    set(&b, "#f-best_before", "2027-10-01").await;
    b.fill("#f-commune", "Xã A Lưới 3").await.unwrap();
    b.fill("#f-place", "Ruộng bậc thang R5, thôn Pa Ring")
        .await
        .unwrap();
    b.fill(
        "#f-makers",
        "Hộ ông Hồ Văn Lực: cấy và gặt\nHộ bà Căn Thị Nhung: phơi và xay",
    )
    .await
    .unwrap();
    b.fill("#f-materials", "Giống lúa cẩm địa phương: A Lưới")
        .await
        .unwrap();
    b.click("input[name^='cert-']").await.unwrap();
    b.screenshot("b0-rice-lot-form").await.unwrap();
    b.submit("form.lot-form button").await.unwrap();
    let lot_page = b
        .path()
        .await
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    assert!(
        lot_page.starts_with("/seller/lots/"),
        "{lot_page}: {}",
        problems(&b).await
    );
    let lot = b.text("main").await.unwrap();
    assert!(lot.contains("VietGAP"), "{lot}");

    // its field diary: fertiliser (7 days before harvest), water, harvest
    for (kind, day, title, input) in [
        (
            "input",
            "2026-09-15",
            "Bón thúc đẻ nhánh",
            Some(("Phân hữu cơ vi sinh", "30 kg / 1.000 m²", "30")),
        ),
        ("irrigation", "2026-10-01", "Dẫn nước suối vào ruộng", None),
        ("harvest", "2026-11-20", "Gặt tay khi 85% hạt chín", None),
    ] {
        set(&b, "#f-kind", kind).await;
        set(&b, "#f-happened_on", day).await;
        b.fill("#f-title", title).await.unwrap();
        if let Some((name, dose, interval)) = input {
            b.fill("#f-input_name", name).await.unwrap();
            b.fill("#f-dose", dose).await.unwrap();
            b.fill("#f-pre_harvest_interval_days", interval)
                .await
                .unwrap();
        }
        b.submit("form.diary-form button").await.unwrap();
        assert!(
            b.text("#diary").await.unwrap().contains(title),
            "{title}: {}",
            problems(&b).await
        );
    }
    b.screenshot("b1-rice-lot-diary").await.unwrap();

    // a sheet of 24 labels, printed and read back: every code is the
    // lot's page
    let labels = b
        .client
        .find(Locator::Css("a[href*='labels.pdf?layout=3x8']"))
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
    let sheet = reqwest::Client::new()
        .get(app.url(&labels))
        .header("cookie", format!("hoptac_session={session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(sheet.status().as_u16(), 200);
    let sheet = sheet.bytes().await.unwrap();
    let codes = hoptac_tests::labels::qr_codes(&sheet, 3, 8, 70.0, 37.0);
    assert_eq!(codes.len(), 24, "every label has its code: {codes:?}");
    let scanned = codes[0].clone();
    assert!(
        codes.iter().all(|c| *c == scanned) && scanned.contains("/t/"),
        "{codes:?}"
    );
    sign_out(&b).await;

    // a shopper on a phone scans a label: the lot's page, then buys
    b.resize(360, 800).await.unwrap();
    sign_in_with(&b, &app, SHOPPER, PASSWORD, "/").await;
    // the code holds the shop's public address; this shop runs on a test port
    let path = &scanned[scanned.find("/t/").unwrap()..];
    b.goto(&app.url(path)).await.unwrap();
    let public = b.path().await.unwrap();
    let page = b.text("main").await.unwrap();
    for text in [
        LOT,
        "Hộ ông Hồ Văn Lực",
        "VietGAP",
        "Bón thúc đẻ nhánh",
        "Gặt tay",
    ] {
        assert!(page.contains(text), "{text} on the lot's page: {page}");
    }
    fits_the_width(&b).await;
    b.screenshot("b2-rice-lot-scanned-phone").await.unwrap();
    let confirmation = place_order(&b, &app, RICE, "cod").await;
    let order = b
        .client
        .find(Locator::Css(".receipt-order a[href^='/orders/']"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    assert!(confirmation.starts_with("/checkout/"));
    let order_id = order.trim_start_matches("/orders/").to_owned();
    sign_out(&b).await;

    // the grower packs the order with the lot
    b.resize(1280, 1000).await.unwrap();
    sign_in_with(
        &b,
        &app,
        GROWER,
        PASSWORD,
        &format!("/seller/orders/{order_id}"),
    )
    .await;
    let lot_id = lot_page.trim_start_matches("/seller/lots/");
    set(&b, "select[name='lines[0].lot_id']", lot_id).await;
    b.submit("form.lots-form button").await.unwrap();
    assert_eq!(
        value(&b, "select[name='lines[0].lot_id']").await.as_deref(),
        Some(lot_id),
        "{}: {}",
        b.path().await.unwrap(),
        problems(&b).await
    );
    b.submit("#step-packed button").await.unwrap();
    b.screenshot("b3-order-packed-with-lot").await.unwrap();
    sign_out(&b).await;

    // the shopper's order links the lot's page
    b.resize(360, 800).await.unwrap();
    sign_in_with(&b, &app, SHOPPER, PASSWORD, &order).await;
    assert_eq!(b.path().await.unwrap(), order);
    b.submit(&format!("a[href='{public}']")).await.unwrap();
    assert_eq!(b.path().await.unwrap(), public);
    sign_out(&b).await;

    // union staff recall the lot: its page says so, the shopper is e-mailed
    b.resize(1280, 1000).await.unwrap();
    sign_in_with(&b, &app, STAFF, PASSWORD, &lot_page).await;
    b.fill(
        "#f-reason",
        "Mẫu lưu phát hiện độ ẩm vượt mức; thu hồi để kiểm tra lại",
    )
    .await
    .unwrap();
    b.click("#f-confirm").await.unwrap();
    b.submit("form.recall-form button").await.unwrap();
    assert!(
        b.text(".recall-banner").await.unwrap().contains("độ ẩm"),
        "{}",
        problems(&b).await
    );
    let told = emails_to(&app, "lot_recalled", SHOPPER).await;
    assert_eq!(told.len(), 1, "the shopper is told once: {told:?}");
    assert!(
        told[0]["text"].as_str().unwrap().contains(LOT),
        "{}",
        told[0]["text"]
    );
    b.goto(&app.url(&public)).await.unwrap();
    assert!(b.text(".recall-banner").await.unwrap().contains("độ ẩm"));
    b.screenshot("b4-rice-lot-recalled").await.unwrap();

    // the union's dashboard: the sale, three visits of the lot's page (the
    // scan, the order's link, after the recall) and the recall
    let (after, waiting_after) = (
        staff
            .get("/api/v1/moderation/dashboard?period=this_month")
            .await
            .1,
        staff.get("/api/v1/moderation/waiting").await.1,
    );
    let a_luoi_orders = |d: &serde_json::Value| {
        d["by_cooperative"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["key"] == coop.as_str())
            .map_or(0, |r| r["orders"].as_i64().unwrap())
    };
    assert_eq!(a_luoi_orders(&after), a_luoi_orders(&before) + 1, "{after}");
    assert_eq!(
        after["orders"].as_i64().unwrap(),
        before["orders"].as_i64().unwrap() + 1
    );
    assert_eq!(
        after["scans"]["scans"].as_i64().unwrap(),
        before["scans"]["scans"].as_i64().unwrap() + 3,
        "{}",
        after["scans"]
    );
    assert_eq!(
        waiting_after["recalls"].as_i64().unwrap(),
        waiting_before["recalls"].as_i64().unwrap() + 1
    );
    b.goto(&app.url("/moderation")).await.unwrap();
    let market = b.text(".market").await.unwrap();
    assert!(
        market.contains("nông nghiệp an toàn A Lưới"),
        "the sale's cooperative in the figures: {market}"
    );
    assert!(
        market.contains(&after["scans"]["scans"].to_string()),
        "{market}"
    );
    let glance = b.text(".glance").await.unwrap();
    assert!(
        glance.contains(&waiting_after["recalls"].to_string()),
        "{glance}"
    );
    b.screenshot("b5-dashboard-after-the-recall").await.unwrap();
    b.close().await.unwrap();
}
