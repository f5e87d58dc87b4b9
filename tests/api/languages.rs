//! The shop in four languages for export buyers, listings read in the
//! buyer's language with the fallback marked, and prices shown in the
//! buyer's currency at the rates union staff set.

use hoptac_tests::users::client;
use hoptac_tests::{Seed, TestApp, spawn_app_with};
use reqwest::Method;
use serde_json::json;

use crate::announce;

async fn page(app: &TestApp, c: &reqwest::Client, path: &str) -> (u16, String) {
    let response = c.get(app.url(path)).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

/// The opening tag of the element whose text starts with `text`.
fn tag_around<'a>(html: &'a str, text: &str) -> &'a str {
    let at = html
        .find(text)
        .unwrap_or_else(|| panic!("{text:?} is on the page"));
    let open = html[..at].rfind('<').unwrap_or(0);
    &html[open..at]
}

#[tokio::test]
async fn the_shop_speaks_japanese_and_chinese_and_links_every_language() {
    announce("the_shop_speaks_japanese_and_chinese_and_links_every_language");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let (status, ja) = page(&app, &client(), "/cooperatives?lang=ja").await;
    assert_eq!(status, 200);
    assert!(
        ja.contains("<html lang=\"ja\""),
        "the page says it is Japanese"
    );
    assert!(ja.contains(">カート<"), "the cart is named in Japanese");
    assert!(
        ja.contains(">日本語<") && ja.contains(">中文<"),
        "the switch offers all four"
    );
    for lang in ["vi", "en", "ja", "zh-Hans"] {
        assert!(
            ja.contains(&format!("hreflang=\"{lang}\" rel=\"alternate\"")),
            "an alternate in {lang}"
        );
    }
    let zh = client()
        .get(app.url("/cooperatives"))
        .header("accept-language", "zh-CN,zh;q=0.9,en;q=0.5")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        zh.contains("<html lang=\"zh-Hans\""),
        "Accept-Language picks Chinese"
    );
    assert!(zh.contains(">购物车<"));
    // the choice is kept in the cookie
    let buyer = client();
    page(&app, &buyer, "/?lang=ja").await;
    let (_, next) = page(&app, &buyer, "/categories").await;
    assert!(next.contains("<html lang=\"ja\""));
}

#[tokio::test]
async fn a_listing_is_read_in_the_buyers_language_and_a_fallback_is_marked() {
    announce("a_listing_is_read_in_the_buyers_language_and_a_fallback_is_marked");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let (status, ja) = page(&app, &client(), "/products/gio-may-dan-tay-co-nap?lang=ja").await;
    assert_eq!(status, 200);
    assert!(
        ja.contains("<h1>手編み籐のふた付きバスケット</h1>"),
        "the title Bao La wrote in Japanese, unmarked"
    );
    assert!(
        tag_around(&ja, "Wipe with a damp cloth").contains("lang=\"en\""),
        "the care text falls back to English, marked as English"
    );
    let (_, zh) = page(&app, &client(), "/products/ao-dai-lua-tim-hue?lang=zh").await;
    assert!(
        zh.contains("<h1 lang=\"en\">"),
        "a title never written in Chinese is shown in English, marked"
    );
    let (_, vi) = page(&app, &client(), "/products/gio-may-dan-tay-co-nap").await;
    assert!(vi.contains("<h1>Giỏ mây đan tay có nắp</h1>"));
}

#[tokio::test]
async fn union_staff_set_exchange_rates_and_buyers_see_prices_in_their_currency() {
    announce("union_staff_set_exchange_rates_and_buyers_see_prices_in_their_currency");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let rates = app.get_json("/api/v1/exchange-rates", 200).await;
    let currencies: Vec<&str> = rates["rates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["currency"].as_str().unwrap())
        .collect();
    assert_eq!(currencies, ["USD", "JPY", "CNY"], "the demo sets all three");

    let shopper = app.person("khach@example.vn", true).await;
    let staff = app.union_staff("nhanvien@hoptac.vn").await;
    let path = "/api/v1/moderation/exchange-rates";
    let (status, _) = shopper
        .send(Method::PUT, path, Some(json!({"jpy": "200"})))
        .await;
    assert_eq!(status, 403, "a shopper sets no rate");
    let (status, refused) = staff
        .send(
            Method::PUT,
            path,
            Some(json!({"usd": "25,400", "cny": "0"})),
        )
        .await;
    assert_eq!(status, 422, "{refused}");
    assert!(refused["error"]["fields"]["usd"].is_array(), "{refused}");
    assert!(refused["error"]["fields"]["cny"].is_array(), "{refused}");
    let (status, set) = staff
        .send(Method::PUT, path, Some(json!({"jpy": "200"})))
        .await;
    assert_eq!(status, 200, "{set}");
    assert_eq!(set["rates"][1]["currency"], "JPY");
    assert_eq!(set["rates"][1]["vnd_per_unit"], "200");
    assert_eq!(
        set["rates"][0]["vnd_per_unit"], rates["rates"][0]["vnd_per_unit"],
        "a currency left out keeps its rate"
    );

    // the S size costs 185.000 ₫: ¥925 at 200 ₫ a yen
    let buyer = client();
    let (_, ja) = page(&app, &buyer, "/products/gio-may-dan-tay-co-nap?lang=ja").await;
    assert!(
        ja.contains("≈\u{a0}¥925"),
        "the price in yen beside the đồng"
    );
    let (_, chosen) = page(
        &app,
        &buyer,
        "/products/gio-may-dan-tay-co-nap?currency=vnd",
    )
    .await;
    assert!(!chosen.contains('≈'), "đồng only, as chosen");
    let (_, kept) = page(&app, &buyer, "/products/gio-may-dan-tay-co-nap").await;
    assert!(!kept.contains('≈'), "the choice is kept in a cookie");
    let (_, vi) = page(&app, &client(), "/products/gio-may-dan-tay-co-nap").await;
    assert!(!vi.contains('≈'), "a Vietnamese reader sees đồng only");
    let (_, usd) = page(
        &app,
        &client(),
        "/products/gio-may-dan-tay-co-nap?currency=usd",
    )
    .await;
    assert!(usd.contains("≈\u{a0}$"), "dollars when asked");
}

#[tokio::test]
async fn a_rate_typed_wrong_on_the_staff_page_comes_back_beside_its_field() {
    announce("a_rate_typed_wrong_on_the_staff_page_comes_back_beside_its_field");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let staff = app.union_staff("nhanvien@hoptac.vn").await;
    let (status, html) = page(&app, &staff.client, "/moderation/exchange-rates").await;
    assert_eq!(status, 200);
    assert!(html.contains("name=\"jpy\""), "a field per currency");
    let response = staff
        .client
        .post(app.url("/moderation/exchange-rates"))
        .form(&[
            ("csrf_token", staff.csrf.as_str()),
            ("usd", "25400"),
            ("jpy", "1,5"),
            ("cny", "3512"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("value=\"1,5\""), "the value typed is kept");
    assert!(
        html.contains("dấu chấm trước"),
        "the problem, in Vietnamese"
    );
    let saved = staff
        .client
        .post(app.url("/moderation/exchange-rates"))
        .form(&[("csrf_token", staff.csrf.as_str()), ("jpy", "170.5")])
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status().as_u16(), 303);
    let rates = app.get_json("/api/v1/exchange-rates", 200).await;
    assert_eq!(rates["rates"][1]["vnd_per_unit"], "170.5");
}
