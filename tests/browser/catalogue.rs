//! A cooperative lists a product: a member writes it with two options (one
//! with a wholesale price) and a picture, sends it for review, union staff
//! approve it, and shoppers find it in the shop. All in Chromium with
//! JavaScript off.

use fantoccini::Locator;
use hoptac_tests::browser::Browser;
use hoptac_tests::users::{PASSWORD, admitted_cooperative};
use hoptac_tests::{Seed, spawn_app_with};

use crate::steps::{sign_in_with, value};

/// A small PNG picture (a purple gradient), written by hand: stored deflate
/// blocks need no compressor.
fn png(width: u32, height: u32) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xffff_ffff_u32;
        for &byte in bytes {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                let mask = (crc & 1).wrapping_neg();
                crc = (crc >> 1) ^ (0xedb8_8320 & mask);
            }
        }
        !crc
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend(data);
        out.extend(&body);
        out.extend(crc32(&body).to_be_bytes());
    }
    let mut raw = Vec::new();
    for y in 0..height {
        raw.push(0); // no filter
        for x in 0..width {
            raw.extend([(x * 255 / width) as u8, 0x2a, (y * 255 / height) as u8]);
        }
    }
    let mut zlib = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (i, block) in blocks.iter().enumerate() {
        zlib.push(u8::from(i + 1 == blocks.len()));
        let len = block.len() as u16;
        zlib.extend(len.to_le_bytes());
        zlib.extend((!len).to_le_bytes());
        zlib.extend(*block);
    }
    let (mut a, mut b) = (1_u32, 0_u32);
    for &byte in &raw {
        a = (a + u32::from(byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    zlib.extend(((b << 16) | a).to_be_bytes());
    let mut header = Vec::new();
    header.extend(width.to_be_bytes());
    header.extend(height.to_be_bytes());
    header.extend([8, 2, 0, 0, 0]); // 8-bit RGB
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &header);
    chunk(&mut out, b"IDAT", &zlib);
    chunk(&mut out, b"IEND", &[]);
    out
}

#[tokio::test]
async fn a_member_lists_a_product_staff_approve_it_and_shoppers_find_it() {
    eprintln!(
        "[{}] browser: new listing → picture → review → approve → shop",
        testkit::Backend::current().name()
    );
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let staff = app.union_staff("staff@hoptac.vn").await;
    let member = app.person("lan@example.vn", true).await;
    let coop = admitted_cooperative(&member, &staff, "HTX Mây tre đan Phú Vang").await;
    drop((staff, member));
    let dir = tempfile::tempdir().unwrap();
    let picture = dir.path().join("gio-may.png");
    std::fs::write(&picture, png(120, 120)).unwrap();
    let b = Browser::start()
        .await
        .expect("chromium and chromedriver start");

    // the member finds the cooperative's products, none yet
    let products = format!("/seller/cooperatives/{coop}/products");
    sign_in_with(&b, &app, "lan@example.vn", PASSWORD, &products).await;
    assert_eq!(b.path().await.unwrap(), products);
    assert!(b.text(".empty").await.unwrap().contains("chưa có sản phẩm"));
    b.screenshot("20-seller-products-empty").await.unwrap();

    // a new listing with two options, the first with a wholesale price that
    // is wrongly higher than its price
    b.submit(&format!("a[href='{products}/new']"))
        .await
        .unwrap();
    b.fill("[name='title.vi']", "Giỏ mây đan tay Phú Vang")
        .await
        .unwrap();
    b.fill("[name='title.en']", "Hand-woven rattan basket")
        .await
        .unwrap();
    b.fill("[name='summary.vi']", "Giỏ mây tròn, đan tay từng sợi.")
        .await
        .unwrap();
    b.fill(
        "[name='description.vi']",
        "Đan từ mây rừng phơi khô, **bền** và nhẹ.\n\n- Hai cỡ\n- Làm trong hai ngày",
    )
    .await
    .unwrap();
    b.client
        .find(Locator::Css("select[name='category']"))
        .await
        .unwrap()
        .select_by_value("may-tre-dan")
        .await
        .unwrap();
    b.fill("[name='tags']", "mây, quà tặng").await.unwrap();
    b.fill("[name='maker']", "Hộ bà Trần Thị Lan")
        .await
        .unwrap();
    b.fill("[name='variants[0].sku']", "PV-GIO-NHO")
        .await
        .unwrap();
    b.fill("[name='variants[0].options.size']", "Nhỏ")
        .await
        .unwrap();
    b.fill("[name='variants[0].price_vnd']", "120.000")
        .await
        .unwrap();
    b.fill("[name='variants[0].stock']", "8").await.unwrap();
    b.fill("[name='variants[0].price_tiers[0].min_qty']", "10")
        .await
        .unwrap();
    b.fill("[name='variants[0].price_tiers[0].price_vnd']", "130000")
        .await
        .unwrap();
    b.fill("[name='variants[1].sku']", "PV-GIO-LON")
        .await
        .unwrap();
    b.fill("[name='variants[1].options.size']", "Lớn")
        .await
        .unwrap();
    b.fill("[name='variants[1].price_vnd']", "180000")
        .await
        .unwrap();
    b.fill("[name='variants[1].stock']", "3").await.unwrap();
    b.submit("form.listing-form button[type=submit]")
        .await
        .unwrap();
    let summary = b.text(".error-summary").await.unwrap();
    assert!(summary.contains("Giá sỉ 1"), "{summary}");
    assert_eq!(
        value(&b, "[name='variants[1].sku']").await.as_deref(),
        Some("PV-GIO-LON"),
        "what was typed is kept"
    );
    assert!(
        b.text("#variant-0 .field.invalid").await.is_ok(),
        "the problem is shown beside its input"
    );
    b.screenshot("21-listing-form-error").await.unwrap();
    b.fill("[name='variants[0].price_tiers[0].price_vnd']", "100.000")
        .await
        .unwrap();
    b.submit("form.listing-form button[type=submit]")
        .await
        .unwrap();
    let path = b.path().await.unwrap();
    assert!(
        path.starts_with("/seller/products/") && path.ends_with("notice=listing-created"),
        "{path}"
    );
    let edit = path.split('?').next().unwrap().to_owned();
    let status = b.text("#status").await.unwrap();
    assert!(
        status.contains("Bản nháp") && status.contains("thêm ít nhất một ảnh"),
        "{status}"
    );
    b.screenshot("22-listing-draft").await.unwrap();

    // a picture
    b.attach("#f-image", &picture).await.unwrap();
    b.fill("#f-alt_vi", "Giỏ mây tròn màu mật ong")
        .await
        .unwrap();
    b.submit(".upload-form button[type=submit]").await.unwrap();
    assert_eq!(
        b.path().await.unwrap(),
        format!("{edit}?notice=picture-added")
    );
    let alt = b
        .client
        .find(Locator::Css(".picture-card img"))
        .await
        .unwrap()
        .attr("alt")
        .await
        .unwrap();
    assert_eq!(alt.as_deref(), Some("Giỏ mây tròn màu mật ong"));
    b.screenshot("23-listing-picture").await.unwrap();

    // sent for review
    b.submit(&format!("form[action='{edit}/submit'] button"))
        .await
        .unwrap();
    assert_eq!(
        b.path().await.unwrap(),
        format!("{edit}?notice=listing-submitted")
    );
    assert!(
        b.text("#status .status")
            .await
            .unwrap()
            .contains("Chờ duyệt")
    );
    b.screenshot("24-listing-submitted").await.unwrap();

    // union staff find it in the queue and approve it
    b.submit("nav.main-nav form.inline button").await.unwrap();
    sign_in_with(
        &b,
        &app,
        "staff@hoptac.vn",
        PASSWORD,
        "/moderation/products",
    )
    .await;
    assert_eq!(b.path().await.unwrap(), "/moderation/products");
    let queue = b.text("table.listings").await.unwrap();
    assert!(
        queue.contains("Giỏ mây đan tay Phú Vang") && queue.contains("Sản phẩm mới"),
        "{queue}"
    );
    b.screenshot("25-staff-product-queue").await.unwrap();
    b.submit("table.listings a[href^='/moderation/products/']")
        .await
        .unwrap();
    let review = b.text("main").await.unwrap();
    assert!(
        review.contains("PV-GIO-NHO") && review.contains("10+ 100.000"),
        "{review}"
    );
    b.screenshot("26-staff-product-review").await.unwrap();
    b.click("#decide-approve input[name=confirm]")
        .await
        .unwrap();
    b.submit("#decide-approve button").await.unwrap();
    assert!(
        b.path().await.unwrap().ends_with("notice=listing-decided"),
        "{}",
        b.path().await.unwrap()
    );
    assert!(
        b.text(".status-panel .status")
            .await
            .unwrap()
            .contains("Đang bán")
    );
    b.screenshot("27-staff-product-approved").await.unwrap();

    // shoppers find it: by search, with the shop's filters, as soon as the
    // search index has caught up (it is fed asynchronously)
    b.submit("nav.main-nav form.inline button").await.unwrap();
    let search = app.url("/search?q=gio+may+phu+vang&min_price=150000");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let found = loop {
        b.goto(&search).await.unwrap();
        let found = b.text(".grid.products").await.unwrap();
        if found.contains("Giỏ mây đan tay Phú Vang") {
            break found;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "not found by search 10 s after approval: {found}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    };
    assert!(found.contains("Giỏ mây đan tay Phú Vang"), "{found}");
    b.screenshot("28-search-filtered").await.unwrap();
    b.goto(&app.url("/search?q=gio+may+phu+vang&max_price=50000"))
        .await
        .unwrap();
    // (the index may still find other, cheaper things for those words)
    let cheaper = b.text("main").await.unwrap();
    assert!(
        !cheaper.contains("Giỏ mây đan tay Phú Vang"),
        "a price bound below every option leaves it out: {cheaper}"
    );
    b.goto(&app.url("/categories/may-tre-dan?sort=newest&in_stock=true"))
        .await
        .unwrap();
    b.submit(".product-card h3 a[href^='/products/gio-may-dan-tay-phu-vang']")
        .await
        .unwrap();
    assert_eq!(b.text("h1").await.unwrap(), "Giỏ mây đan tay Phú Vang");
    let variants = b.text("table.variants").await.unwrap();
    assert!(
        variants.contains("Nhỏ") && variants.contains("Lớn") && variants.contains("10+ 100.000"),
        "{variants}"
    );
    assert!(
        b.text(".maker")
            .await
            .unwrap()
            .contains("Hộ bà Trần Thị Lan")
    );
    let src = b
        .client
        .find(Locator::Css(".gallery img"))
        .await
        .unwrap()
        .attr("src")
        .await
        .unwrap()
        .expect("the picture has a src");
    assert_eq!(app.get(&src).await.status().as_u16(), 200, "{src}");
    b.screenshot("29-product-page").await.unwrap();

    b.close().await.unwrap();
}
