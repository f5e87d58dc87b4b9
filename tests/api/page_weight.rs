//! The shop's pages stay light for phones on slow networks: the HTML of
//! every page of the sitemap at most 50 KB, the stylesheet at most 30 KB
//! (as served, before compression), and no script that blocks rendering.
//! Prints the figures.

use hoptac_tests::{Seed, spawn_app_with};

use crate::announce;

const HTML_BUDGET: usize = 50 * 1024;
const CSS_BUDGET: usize = 30 * 1024;

/// The `<script …>` tags of `html` that stop the page from rendering until
/// they load: an external script without `defer` or `async`.
fn blocking_scripts(html: &str) -> Vec<String> {
    html.match_indices("<script")
        .filter_map(|(at, _)| html[at..].find('>').map(|end| &html[at..=at + end]))
        .filter(|tag| tag.contains(" src="))
        .filter(|tag| {
            !tag.contains(" defer") && !tag.contains(" async") && !tag.contains("type=\"module\"")
        })
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn every_shop_page_and_the_stylesheet_stay_within_their_budget() {
    announce("every_shop_page_and_the_stylesheet_stay_within_their_budget");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let paths = hoptac_tests::sitemap::paths(&app).await;
    let (status, listings) = {
        let r = app.get("/api/v1/products?per_page=1").await;
        (
            r.status().as_u16(),
            r.json::<serde_json::Value>().await.unwrap(),
        )
    };
    assert_eq!(status, 200);
    assert_eq!(
        paths.iter().filter(|p| p.starts_with("/products/")).count() as u64,
        listings["total"].as_u64().unwrap(),
        "the sitemap lists every visible listing once"
    );

    let mut sizes = Vec::new();
    let mut stylesheet = None;
    for path in &paths {
        let answer = app.get(path).await;
        assert_eq!(answer.status(), 200, "{path}");
        let html = answer.text().await.unwrap();
        assert_eq!(blocking_scripts(&html), Vec::<String>::new(), "{path}");
        stylesheet = stylesheet.or_else(|| {
            html.split("rel=\"stylesheet\" href=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .map(str::to_owned)
        });
        sizes.push((html.len(), path.clone()));
    }
    sizes.sort();
    let (largest, largest_path) = sizes.last().cloned().unwrap();
    let median = sizes[sizes.len() / 2].0;
    let href = stylesheet.expect("the pages link their stylesheet");
    let css = app
        .get(&href.replace("&amp;", "&"))
        .await
        .text()
        .await
        .unwrap();
    testkit::report(&format!(
        "page weight: {} pages, HTML median {:.1} KB, largest {:.1} KB ({largest_path}), budget {} KB; CSS {:.1} KB, budget {} KB",
        sizes.len(),
        median as f64 / 1024.0,
        largest as f64 / 1024.0,
        HTML_BUDGET / 1024,
        css.len() as f64 / 1024.0,
        CSS_BUDGET / 1024
    ));
    let heavy: Vec<_> = sizes
        .iter()
        .filter(|(size, _)| *size > HTML_BUDGET)
        .collect();
    assert!(
        heavy.is_empty(),
        "pages over {HTML_BUDGET} bytes: {heavy:?}"
    );
    assert!(
        css.len() <= CSS_BUDGET,
        "the stylesheet is {} bytes",
        css.len()
    );
    assert!(css.contains(".button"), "the stylesheet is the shop's");
}

#[test]
fn a_deferred_script_does_not_block_and_a_plain_one_does() {
    let html = r#"<head><script src="/a.js" defer></script><script src="/b.js"></script><script>let x = 1;</script></head>"#;
    assert_eq!(blocking_scripts(html), ["<script src=\"/b.js\">"]);
}
