//! The shop in a real Chromium with JavaScript off, clicking through what a
//! shopper does; screenshots of each key page go to `target/screenshots/`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly; helpers outside #[test] functions too"
)]

use fantoccini::Locator;
use hoptac_tests::browser::Browser;
use hoptac_tests::{Seed, spawn_app_with};

#[tokio::test]
async fn a_shopper_browses_from_the_home_page_to_a_product_and_switches_language() {
    eprintln!(
        "[{}] browser: home → cooperative → product → English",
        testkit::Backend::current().name()
    );
    let app = spawn_app_with(Seed::Demo).await;
    let browser = Browser::start()
        .await
        .expect("chromium and chromedriver start");
    let c = &browser.client;

    c.goto(&app.url("/")).await.unwrap();
    let heading = c
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(heading, "Hàng thật, người làm thật");
    browser.screenshot("01-home-vi").await.unwrap();

    // follow the Bao La cooperative from the home page
    c.find(Locator::Css(
        "a[href='/cooperatives/bao-la']:not(.card-image)",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    let name = c
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(name.contains("Bao La"), "{name}");
    let figures = c
        .find(Locator::Css(".impact"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(figures.contains("88 thành viên"), "{figures}");
    browser.screenshot("02-cooperative-bao-la").await.unwrap();

    // follow its first product
    let first = c.find(Locator::Css(".product-card h3 a")).await.unwrap();
    let title = first.text().await.unwrap();
    first.click().await.unwrap();
    let product_title = c
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(product_title, title);
    let price = c
        .find(Locator::Css(".price.big"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(price.ends_with('₫'), "{price}");
    let image = c.find(Locator::Css(".gallery img")).await.unwrap();
    let src = image
        .attr("src")
        .await
        .unwrap()
        .expect("the picture has a src");
    let picture = app.get(&src).await;
    assert_eq!(picture.status().as_u16(), 200, "{src}");
    assert_eq!(picture.headers()["content-type"], "image/jpeg");
    browser.screenshot("03-product-vi").await.unwrap();

    // switch to English
    c.find(Locator::Css("nav.lang a[hreflang='en']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let url = c.current_url().await.unwrap();
    assert!(url.as_str().contains("lang=en"), "{url}");
    let lang = c
        .find(Locator::Css("html"))
        .await
        .unwrap()
        .attr("lang")
        .await
        .unwrap();
    assert_eq!(lang.as_deref(), Some("en"));
    let by = c
        .find(Locator::Css(".buy .by"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(by.starts_with("By"), "{by}");
    browser.screenshot("04-product-en").await.unwrap();

    // the choice sticks: the home page is now in English
    c.goto(&app.url("/")).await.unwrap();
    let heading = c
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(heading, "Real goods, made by real people");
    browser.screenshot("05-home-en").await.unwrap();

    // a phone-sized window gets one column
    browser.resize(390, 844).await.unwrap();
    c.goto(&app.url("/cooperatives/bao-la")).await.unwrap();
    browser.screenshot("06-cooperative-phone-en").await.unwrap();

    // an unknown page is the shop's own 404 page
    c.goto(&app.url("/no-such-page")).await.unwrap();
    let heading = c
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(heading, "Page not found");
    browser.screenshot("07-not-found").await.unwrap();

    browser.close().await.unwrap();
}
