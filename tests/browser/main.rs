//! The shop in a real Chromium with JavaScript off, clicking through what a
//! shopper does; screenshots of each key page go to `target/screenshots/`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly"
)]

mod bookings;
mod catalogue;
mod exports;
mod money;
mod onboarding;
mod orders;
mod payments;
mod phone;
mod reviews;
mod search;
mod steps;
mod traceability;
mod union;

use hoptac_tests::browser::Browser;
use hoptac_tests::{Seed, spawn_app_with};

#[tokio::test]
async fn a_shopper_browses_from_the_home_page_to_a_product_and_switches_language() {
    eprintln!(
        "[{}] browser: home → cooperative → product → English",
        testkit::Backend::current().name()
    );
    let app = spawn_app_with(Seed::Demo).await;
    let b = Browser::start()
        .await
        .expect("chromium and chromedriver start");

    b.goto(&app.url("/")).await.unwrap();
    assert_eq!(b.text("h1").await.unwrap(), "Hàng thật, người làm thật");
    b.screenshot("01-home-vi").await.unwrap();

    // follow the Bao La cooperative from the home page
    b.submit("a[href='/cooperatives/bao-la']:not(.card-image)")
        .await
        .unwrap();
    let name = b.text("h1").await.unwrap();
    assert!(name.contains("Bao La"), "{name}");
    let figures = b.text(".impact").await.unwrap();
    assert!(figures.contains("88 thành viên"), "{figures}");
    b.screenshot("02-cooperative-bao-la").await.unwrap();

    // follow its first product
    let title = b.text(".product-card h3 a").await.unwrap();
    b.submit(".product-card h3 a").await.unwrap();
    assert_eq!(b.text("h1").await.unwrap(), title);
    let price = b.text(".price.big").await.unwrap();
    assert!(price.ends_with('₫'), "{price}");
    let src = b
        .client
        .find(fantoccini::Locator::Css(".gallery img"))
        .await
        .unwrap()
        .attr("src")
        .await
        .unwrap()
        .expect("the picture has a src");
    let picture = app.get(&src).await;
    assert_eq!(picture.status().as_u16(), 200, "{src}");
    assert_eq!(picture.headers()["content-type"], "image/jpeg");
    b.screenshot("03-product-vi").await.unwrap();

    // switch to English
    b.submit("nav.lang a[hreflang='en']").await.unwrap();
    let url = b.client.current_url().await.unwrap();
    assert!(url.as_str().contains("lang=en"), "{url}");
    let lang = b
        .client
        .find(fantoccini::Locator::Css("html"))
        .await
        .unwrap()
        .attr("lang")
        .await
        .unwrap();
    assert_eq!(lang.as_deref(), Some("en"));
    let by = b.text(".buy .by").await.unwrap();
    assert!(by.starts_with("By"), "{by}");
    b.screenshot("04-product-en").await.unwrap();

    // the choice sticks: the home page is now in English
    b.goto(&app.url("/")).await.unwrap();
    assert_eq!(
        b.text("h1").await.unwrap(),
        "Real goods, made by real people"
    );
    b.screenshot("05-home-en").await.unwrap();

    // a phone-sized window gets one column
    b.resize(390, 844).await.unwrap();
    b.goto(&app.url("/cooperatives/bao-la")).await.unwrap();
    b.screenshot("06-cooperative-phone-en").await.unwrap();

    // an unknown page is the shop's own 404 page
    b.goto(&app.url("/no-such-page")).await.unwrap();
    assert_eq!(b.text("h1").await.unwrap(), "Page not found");
    b.screenshot("07-not-found").await.unwrap();

    b.close().await.unwrap();
}
