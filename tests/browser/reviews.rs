//! Reviews in Chromium with JavaScript off, on a 390 px phone: a shopper
//! buys a Bao La basket; once it is delivered she opens "review what you
//! bought" from her order, sends a review with a blank text and a file
//! that is no picture (both refused beside their fields, her stars kept),
//! then with text and a photo; the listing's page shows it with its
//! stars and schema.org data; Bao La replies from its reviews tab; a
//! visitor reports it; union staff hide it with a reason, the listing's
//! page forgets it and the shopper is e-mailed why. Every page fits the
//! phone; screenshots of each.

use fantoccini::Locator;
use hoptac_tests::browser::Browser;
use hoptac_tests::users::{PASSWORD, Person};
use hoptac_tests::{Seed, TestApp, spawn_app_with};
use sea_orm::EntityTrait;
use serde_json::json;

use crate::steps::{count, fits_the_width, photo, place_order, problems, sign_in_with, sign_out};

const SHOPPER: &str = "ngoc.tran@example.vn";
const WEAVER: &str = "ho.thi.sen@baola.example.vn";
const STAFF: &str = "kiemduyet@hoptac.vn";

/// Bao La's id and its first listing's slug, with the weaver added as
/// its owner (signed in for the API).
async fn bao_la(app: &TestApp) -> (String, String, Person) {
    let weaver = app.person(WEAVER, true).await;
    let coop = app.get_json("/api/v1/cooperatives/bao-la", 200).await;
    let id = coop["id"].as_str().unwrap().to_owned();
    accounts::add_member(
        &app.db.conn,
        kernel::CooperativeId(id.parse().unwrap()),
        kernel::UserId(weaver.id.parse().unwrap()),
        accounts::MemberRole::Owner,
    )
    .await
    .unwrap();
    let slug = crate::steps::first_product(app, &id).await;
    (id, slug, weaver)
}

#[tokio::test]
async fn a_shopper_reviews_with_a_photo_bao_la_replies_and_staff_hide_it_when_reported() {
    eprintln!(
        "[{}] browser: buy → delivered → review refused then sent with a photo → listing shows it → reply → report → hidden, at 390 px",
        testkit::Backend::current().name()
    );
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let (coop, slug, weaver) = bao_la(&app).await;
    app.person(SHOPPER, true).await;
    let staff = app.union_staff(STAFF).await;
    let b = Browser::start()
        .await
        .expect("chromium and chromedriver start");
    b.resize(390, 844).await.unwrap();

    // the shopper buys a basket; Bao La delivers it
    sign_in_with(&b, &app, SHOPPER, PASSWORD, "/").await;
    let confirmation = place_order(&b, &app, &slug, "cod").await;
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
    for body in [
        json!({"to": "packed"}),
        json!({"to": "shipped", "carrier": "Viettel Post", "tracking": "VTP2612001"}),
        json!({"to": "delivered"}),
    ] {
        let (status, answer) = weaver
            .post(&format!("/api/v1/orders/{order_id}/transition"), body)
            .await;
        assert_eq!(status, 200, "{answer}");
    }

    // from her order to the review form
    b.goto(&app.url(&order)).await.unwrap();
    b.click("a[href$='/reviews'].button").await.unwrap();
    assert_eq!(b.path().await.unwrap(), format!("{order}/reviews"));
    fits_the_width(&b).await;
    b.screenshot("reviews-390-1-form").await.unwrap();

    // a blank text and a file that is no picture: said beside the fields
    b.click("input[name=rating][value='5']").await.unwrap();
    b.fill("textarea[name=body]", "   ").await.unwrap();
    let note = std::env::temp_dir().join(format!("ghi-chu-{}.txt", std::process::id()));
    std::fs::write(&note, "không phải ảnh").unwrap();
    b.attach("input[name=pictures]", &note).await.unwrap();
    b.submit("form[enctype='multipart/form-data'] button[type=submit]")
        .await
        .unwrap();
    let refused = problems(&b).await;
    assert!(!refused.is_empty(), "the form says what is wrong");
    assert_eq!(count(&b, ".field-error").await, 2, "{refused}");
    assert_eq!(
        count(&b, "input[name=rating][value='5']:checked").await,
        1,
        "the stars chosen are kept"
    );
    fits_the_width(&b).await;
    b.screenshot("reviews-390-2-refused").await.unwrap();

    // then text and a photo
    b.fill(
        "textarea[name=body]",
        "Giỏ đan khéo, nan đều, thơm mùi mây. Đựng trái cây rất đẹp.",
    )
    .await
    .unwrap();
    b.attach("input[name=pictures]", &photo("review"))
        .await
        .unwrap();
    b.submit("form[enctype='multipart/form-data'] button[type=submit]")
        .await
        .unwrap();
    assert!(
        b.path().await.unwrap().contains("notice=review-written"),
        "{}",
        problems(&b).await
    );
    assert_eq!(count(&b, ".buyer-review .review-pictures img").await, 1);
    b.screenshot("reviews-390-3-written").await.unwrap();

    // the listing's page shows it, its stars and the structured data
    b.goto(&app.url(&format!("/products/{slug}#reviews")))
        .await
        .unwrap();
    let section = b.text("#reviews").await.unwrap();
    assert!(section.contains("Giỏ đan khéo"), "{section}");
    assert!(section.contains("5.0"), "{section}");
    let data = b
        .client
        .find(Locator::Css("script[type='application/ld+json']"))
        .await
        .unwrap()
        .prop("textContent")
        .await
        .unwrap()
        .unwrap_or_default();
    let data: serde_json::Value = serde_json::from_str(&data).unwrap();
    assert_eq!(data["aggregateRating"]["reviewCount"], 1);
    assert_eq!(data["review"][0]["reviewRating"]["ratingValue"], 5);
    fits_the_width(&b).await;
    b.screenshot("reviews-390-4-listing").await.unwrap();
    // and the cooperative's page its rating over everything it sold
    b.goto(&app.url("/cooperatives/bao-la")).await.unwrap();
    let rating = b.text(".coop-rating").await.unwrap();
    assert!(rating.contains("5.0"), "{rating}");
    let cards = b.text(".products").await.unwrap();
    assert!(
        cards.contains("5.0"),
        "the basket's card shows its stars: {cards}"
    );
    sign_out(&b).await;

    // Bao La answers from its reviews tab
    sign_in_with(
        &b,
        &app,
        WEAVER,
        PASSWORD,
        &format!("/seller/cooperatives/{coop}/reviews"),
    )
    .await;
    b.fill(
        "textarea[name=body]",
        "Cảm ơn chị Ngọc! Tổ đan ở Bao La rất vui khi chị thích giỏ.",
    )
    .await
    .unwrap();
    b.submit("form[action*='/reply'] button").await.unwrap();
    assert!(
        b.path().await.unwrap().contains("notice=review-replied"),
        "{}",
        problems(&b).await
    );
    fits_the_width(&b).await;
    b.screenshot("reviews-390-5-replied").await.unwrap();
    sign_out(&b).await;

    // a visitor reports it from the listing's page
    b.goto(&app.url(&format!("/products/{slug}")))
        .await
        .unwrap();
    assert!(
        b.text("#reviews .reply")
            .await
            .unwrap()
            .contains("Tổ đan ở Bao La")
    );
    b.click("#reviews details.report summary").await.unwrap();
    b.fill(
        "#reviews details.report textarea[name=reason]",
        "Nhận xét này có vẻ do người bán tự viết.",
    )
    .await
    .unwrap();
    b.submit("#reviews details.report button").await.unwrap();
    assert!(
        b.path().await.unwrap().contains("notice=review-reported"),
        "{}",
        problems(&b).await
    );

    // union staff hide it with a reason
    let (status, queue) = staff.get("/api/v1/moderation/reviews").await;
    assert_eq!(status, 200);
    assert_eq!(queue["total"], 1, "{queue}");
    sign_in_with(&b, &app, STAFF, PASSWORD, "/moderation/reviews").await;
    assert!(b.text("main").await.unwrap().contains("người bán tự viết"));
    fits_the_width(&b).await;
    b.screenshot("reviews-390-6-queue").await.unwrap();
    b.fill(
        "input[name=reason]",
        "Liên minh đã kiểm tra đơn hàng: người mua là thật, nhưng ảnh có biển số xe.",
    )
    .await
    .unwrap();
    b.submit("form:has(input[value=hide]) button")
        .await
        .unwrap();
    assert!(
        b.path().await.unwrap().contains("notice=review-decided"),
        "{}",
        problems(&b).await
    );
    b.goto(&app.url(&format!("/products/{slug}")))
        .await
        .unwrap();
    assert_eq!(count(&b, "#reviews .buyer-review").await, 0);
    b.screenshot("reviews-390-7-hidden").await.unwrap();
    let told = entity::outbox::Entity::find()
        .all(&app.db.conn)
        .await
        .unwrap()
        .into_iter()
        .filter(|j| j.payload["template"] == "review_hidden" && j.payload["to_email"] == SHOPPER)
        .count();
    assert_eq!(told, 1, "the shopper is told why");
    b.close().await.unwrap();
}
