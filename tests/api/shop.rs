//! The shop's pages over plain HTTP: language choice, status codes, content.

use hoptac_tests::{Seed, spawn_app_with};

use crate::announce;

async fn page(app: &hoptac_tests::TestApp, path: &str) -> (u16, String) {
    let response = app.get(path).await;
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

#[tokio::test]
async fn the_home_page_shows_the_cooperatives_in_vietnamese_and_in_english() {
    announce("the_home_page_shows_the_cooperatives_in_vietnamese_and_in_english");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let (status, vi) = page(&app, "/?lang=vi").await;
    assert_eq!(status, 200);
    assert!(vi.contains("<html lang=\"vi\""));
    assert!(vi.contains("Các hợp tác xã"), "Vietnamese heading");
    assert!(vi.contains("HTX Sản xuất – Dịch vụ mây tre đan Bao La"));
    let (status, en) = page(&app, "/?lang=en").await;
    assert_eq!(status, 200);
    assert!(en.contains("<html lang=\"en\""));
    assert!(en.contains("The cooperatives"), "English heading");
    assert!(en.contains("88 members"));
}

#[tokio::test]
async fn a_chosen_language_is_remembered_in_a_cookie() {
    announce("a_chosen_language_is_remembered_in_a_cookie");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let first = app.get("/?lang=en").await;
    let cookie = first
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("lang=en"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"));
    let (_, next) = page(&app, "/cooperatives").await;
    assert!(
        next.contains("<html lang=\"en\""),
        "the cookie carries the choice"
    );
}

#[tokio::test]
async fn accept_language_picks_the_language_when_none_was_chosen() {
    announce("accept_language_picks_the_language_when_none_was_chosen");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let en = app
        .client
        .get(app.url("/cooperatives"))
        .header("accept-language", "en-GB,en;q=0.8")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(en.contains("<html lang=\"en\""));
    let (_, default) = page(&app, "/cooperatives").await;
    assert!(
        default.contains("<html lang=\"vi\""),
        "Vietnamese by default"
    );
}

#[tokio::test]
async fn an_unknown_page_answers_the_shops_404_page() {
    announce("an_unknown_page_answers_the_shops_404_page");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    for path in [
        "/no-such-page",
        "/products/no-such-product",
        "/cooperatives/no-such-coop",
        "/categories/nope",
    ] {
        let (status, html) = page(&app, path).await;
        assert_eq!(status, 404, "{path}");
        assert!(
            html.contains("Không tìm thấy trang"),
            "{path} shows the shop's 404 page"
        );
        assert!(
            html.contains("class=\"site-header\""),
            "{path} keeps the layout"
        );
    }
}

#[tokio::test]
async fn the_cooperative_category_product_and_search_pages_render() {
    announce("the_cooperative_category_product_and_search_pages_render");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let (status, coop) = page(&app, "/cooperatives/bao-la?lang=en").await;
    assert_eq!(status, 200);
    assert!(
        coop.contains("88 members")
            && coop.contains("150 local jobs")
            && coop.contains("Founded in 2008")
    );
    assert!(coop.contains("Mai An Tiêm"));
    let (status, category) = page(&app, "/categories/may-tre-dan").await;
    assert_eq!(status, 200);
    // the language chosen above is kept by the cookie
    assert!(category.contains("Bamboo &amp; rattan"));
    let products = app
        .get_json("/api/v1/products?cooperative=bao-la&per_page=1", 200)
        .await;
    let slug = products["items"][0]["slug"].as_str().unwrap();
    let title = products["items"][0]["translations"]["title"]["en"]
        .as_str()
        .unwrap();
    let (status, product) = page(&app, &format!("/products/{slug}")).await;
    assert_eq!(status, 200);
    assert!(product.contains(title));
    assert!(product.contains("₫"));
    let (status, search) = page(&app, "/search?q=mat+ong").await;
    assert_eq!(status, 200);
    assert!(search.contains("for “mat ong”"), "result count is shown");
    let (status, categories) = page(&app, "/categories").await;
    assert_eq!(status, 200);
    assert!(categories.contains("/categories/may-tre-dan"));
}

#[tokio::test]
async fn pages_need_no_script_and_stay_within_the_size_budget() {
    announce("pages_need_no_script_and_stay_within_the_size_budget");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let (_, home) = page(&app, "/").await;
    // one small script enhances the search box; the page works without it
    let scripts: Vec<&str> = home
        .match_indices("<script")
        .map(|(i, _)| &home[i..])
        .collect();
    assert_eq!(scripts.len(), 1, "only the suggestions script");
    assert!(
        scripts[0].starts_with("<script src=\"/assets/suggest.js?v=")
            && scripts[0].contains("defer"),
        "{}",
        &scripts[0][..scripts[0].len().min(120)]
    );
    for attribute in ["src=\"http", "href=\"http", "srcset=\"http"] {
        assert!(
            !home.contains(attribute),
            "every asset is served by the shop itself ({attribute})"
        );
    }
    let css = app.get("/assets/main.css").await.text().await.unwrap();
    // 50 KB compressed budget for HTML + CSS; uncompressed is a safe upper bound
    assert!(
        home.len() + css.len() < 150_000,
        "{} + {}",
        home.len(),
        css.len()
    );
    let raw = reqwest::Client::builder().no_gzip().build().unwrap();
    let compressed = raw
        .get(app.url("/"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let css_compressed = raw
        .get(app.url("/assets/main.css"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(
        compressed.len() + css_compressed.len() < 50_000,
        "home page {} B + stylesheet {} B compressed",
        compressed.len(),
        css_compressed.len()
    );
}

#[tokio::test]
async fn pages_end_at_the_closing_html_tag_with_no_inline_script() {
    announce("pages_end_at_the_closing_html_tag_with_no_inline_script");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    for path in ["/", "/cooperatives/bao-la", "/no-such-page"] {
        let response = app.get(path).await;
        assert_eq!(
            response.headers()["content-type"],
            "text/html; charset=utf-8",
            "{path}"
        );
        let csp = response.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(csp.contains("script-src 'self'"), "{csp}");
        let html = response.text().await.unwrap();
        assert!(
            html.trim_end().ends_with("</html>"),
            "{path} has something after </html>"
        );
        let inline = html
            .match_indices("<script")
            .filter(|(i, _)| !html[*i..].starts_with("<script src=\"/assets/suggest.js?v="))
            .count();
        assert_eq!(inline, 0, "{path} carries a script of its own");
    }
}
