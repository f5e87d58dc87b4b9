//! Steps the browser tests share: signing in through the login form,
//! reading the page, and finding a listing to buy.

use fantoccini::Locator;
use hoptac_tests::TestApp;
use hoptac_tests::browser::Browser;

/// Signs `email` in with `password` through the login form, going on to
/// `next`.
pub async fn sign_in_with(b: &Browser, app: &TestApp, email: &str, password: &str, next: &str) {
    b.goto(&app.url(&format!("/account/login?next={next}")))
        .await
        .unwrap();
    b.fill("#f-email", email).await.unwrap();
    b.fill("#f-password", password).await.unwrap();
    b.submit("form[action='/account/login'] button")
        .await
        .unwrap();
}

/// Signs one of the demo people in (they share the demo password).
pub async fn sign_in(b: &Browser, app: &TestApp, email: &str, next: &str) {
    sign_in_with(b, app, email, catalog::demo::DEMO_PASSWORD, next).await;
}

/// The value of the form field `css` finds.
pub async fn value(b: &Browser, css: &str) -> Option<String> {
    b.client
        .find(Locator::Css(css))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
}

/// How many elements `css` finds.
pub async fn count(b: &Browser, css: &str) -> usize {
    b.client.find_all(Locator::Css(css)).await.unwrap().len()
}

/// The first listing of a cooperative.
pub async fn first_product(app: &TestApp, cooperative: &str) -> String {
    let products = app
        .get_json(
            &format!("/api/v1/products?cooperative={cooperative}&per_page=1"),
            200,
        )
        .await;
    products["items"][0]["slug"].as_str().unwrap().to_owned()
}

/// The demo's people (owners, staff, shoppers) added to a shop seeded
/// without them.
pub async fn people(app: &TestApp) {
    let catalog = server::startup::catalog(&app.settings, app.db.conn.clone()).unwrap();
    let accounts = server::services::accounts(&app.settings, app.db.conn.clone()).unwrap();
    catalog::demo::seed_people(&catalog, &accounts)
        .await
        .expect("demo people");
}

/// Everything the demo people do, as `hoptac seed --demo` adds it: their
/// accounts, orders, the export desk and lots.
pub async fn demo_activity(app: &TestApp) {
    let catalog = server::startup::catalog(&app.settings, app.db.conn.clone()).unwrap();
    server::cli::seed_demo_activity(&app.settings, app.db.conn.clone(), &catalog)
        .await
        .expect("the demo people's activity");
}

/// Signs out through the button in the main navigation.
pub async fn sign_out(b: &Browser) {
    b.submit("nav.main-nav form.inline button").await.unwrap();
}

/// The signed-in shopper buys one of `slug` and places the order to pay by
/// `method`: the confirmation page's path.
pub async fn place_order(b: &Browser, app: &TestApp, slug: &str, method: &str) -> String {
    b.goto(&app.url(&format!("/products/{slug}")))
        .await
        .unwrap();
    b.submit("form.add-to-cart:has(button:not([disabled])) button")
        .await
        .unwrap();
    assert_eq!(b.path().await.unwrap(), "/cart?notice=cart-added");
    b.submit("a.checkout-button").await.unwrap();
    fill_contact_and_address(b).await;
    b.click(&format!("input[name=payment_method][value={method}]"))
        .await
        .unwrap();
    b.submit("button.place-order").await.unwrap();
    let confirmation = b.path().await.unwrap();
    assert!(confirmation.starts_with("/checkout/"), "{confirmation}");
    confirmation
}

/// Fills the checkout form's phone and address in Huế (the signed-in
/// shopper's name and e-mail are there already).
pub async fn fill_contact_and_address(b: &Browser) {
    for (field, value) in [
        ("contact.phone", "0905 123 456"),
        ("shipping_address.province", "Thành phố Huế"),
        ("shipping_address.district", "Quận Thuận Hóa"),
        ("shipping_address.ward", "Phường Vĩnh Ninh"),
        ("shipping_address.street", "12 Lê Lợi"),
    ] {
        b.fill(&format!("[id='f-{field}']"), value).await.unwrap();
    }
}

/// A PNG photo on disk named after `what`, for a file input.
pub fn photo(what: &str) -> std::path::PathBuf {
    let img = image::RgbImage::from_fn(640, 480, |x, y| {
        image::Rgb([(x % 200) as u8 + 40, (y % 120) as u8 + 80, 60])
    });
    let path = std::env::temp_dir().join(format!("{what}-{}.png", std::process::id()));
    img.save(&path).unwrap();
    path
}

/// The problems a form came back with, to say why a step failed.
pub async fn problems(b: &Browser) -> String {
    match b.client.find(Locator::Css(".error-summary")).await {
        Ok(summary) => summary.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// That nothing on the page is wider than the window (no sideways
/// scrolling on a phone).
pub async fn fits_the_width(b: &Browser) {
    let widths = b
        .client
        .execute(
            "return [document.documentElement.scrollWidth, window.innerWidth];",
            vec![],
        )
        .await
        .unwrap();
    let (page, window) = (widths[0].as_i64().unwrap(), widths[1].as_i64().unwrap());
    let path = b.path().await.unwrap();
    assert!(
        page <= window,
        "{path} is {page} px wide in a {window} px window"
    );
}

/// Sets a form field's value directly (dates and selects, whatever the
/// browser's locale).
pub async fn set(b: &Browser, css: &str, value: &str) {
    b.client
        .execute(
            "document.querySelector(arguments[0]).value = arguments[1];",
            vec![css.into(), value.into()],
        )
        .await
        .unwrap();
}
