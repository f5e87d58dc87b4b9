//! A shopper searches the shop through the search index: typed words with
//! the matches marked, facets narrowed with the sidebar's form and links, a
//! misspelling forgiven, odd input answered with a normal page. All in
//! Chromium with JavaScript off.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use fantoccini::key::Key;
use hoptac_tests::browser::Browser;
use hoptac_tests::{Seed, spawn_app_with};

/// Loads `url` again and again until the element `css` holds `wanted` (the
/// index is fed asynchronously, so a change shows up a moment later), and
/// returns that element's text.
async fn until_shown(b: &Browser, url: &str, css: &str, wanted: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        b.goto(url).await.unwrap();
        let text = b.text(css).await.unwrap_or_default();
        if wanted(&text) {
            return text;
        }
        assert!(
            Instant::now() < deadline,
            "{url}: `{css}` still reads {text:?} after 10 s"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The number at the start of the result count ("12 sản phẩm …").
fn count(text: &str) -> u64 {
    text.split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

async fn checked(b: &Browser, css: &str) -> bool {
    b.client
        .find(Locator::Css(css))
        .await
        .unwrap()
        .prop("checked")
        .await
        .unwrap()
        .as_deref()
        == Some("true")
}

#[tokio::test]
async fn a_shopper_searches_narrows_with_facets_and_is_forgiven_a_typo() {
    eprintln!(
        "[{}] browser: search → facets → typo → odd input",
        testkit::Backend::current().name()
    );
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let b = Browser::start()
        .await
        .expect("chromium and chromedriver start");

    // the header's box: `gio may` without diacritics finds the rattan baskets
    b.goto(&app.url("/")).await.unwrap();
    b.fill("#q", "gio may").await.unwrap();
    b.submit("form.search button[type=submit]").await.unwrap();
    let url = app.url(&b.path().await.unwrap());
    assert!(url.ends_with("/search?q=gio+may"), "{url}");
    let found = until_shown(&b, &url, ".grid.products", |t| t.contains("Giỏ mây")).await;
    assert!(found.contains("Giỏ mây đan tay có nắp"), "{found}");
    let heading = b.text(".result-count").await.unwrap();
    assert!(
        heading.contains("gio may") && count(&heading) > 0,
        "{heading}"
    );
    let marked = b.text(".product-card h3 mark").await.unwrap();
    let marked = marked.to_lowercase();
    assert!(
        marked.contains("giỏ") || marked.contains("mây"),
        "the matched word is marked: {marked}"
    );
    assert!(
        b.text(".facets .facet .count").await.is_ok(),
        "the facets show their counts"
    );
    assert_eq!(
        b.client
            .find(Locator::Css("#q"))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("gio may"),
        "the box keeps the words"
    );
    b.screenshot("30-search-gio-may").await.unwrap();

    // browsing everything, then ticking VietGAP in the sidebar's form
    let all = until_shown(&b, &app.url("/search"), ".result-count", |t| count(t) > 0).await;
    let everything = count(&all);
    b.click("input[name=certification][value=vietgap]")
        .await
        .unwrap();
    b.submit(".facet-form button[type=submit]").await.unwrap();
    let path = b.path().await.unwrap();
    assert!(path.contains("certification=vietgap"), "{path}");
    let narrowed = b.text(".result-count").await.unwrap();
    assert!(
        count(&narrowed) > 0 && count(&narrowed) < everything,
        "{narrowed} of {everything}"
    );
    let results = b.text(".grid.products").await.unwrap();
    assert!(
        results.contains("A Lưới") && !results.contains("Giỏ mây"),
        "{results}"
    );
    assert!(checked(&b, "input[name=certification][value=vietgap]").await);
    let facet = b.text(".facet-certification").await.unwrap();
    assert!(
        facet.contains("VietGAP") && facet.contains(&count(&narrowed).to_string()),
        "{facet}"
    );
    b.screenshot("31-search-facets").await.unwrap();

    // each value is a link too: a category narrows further, VietGAP's link
    // switches it off again
    b.submit(".facet-category a[href*='category=gao-ngu-coc']")
        .await
        .unwrap();
    let path = b.path().await.unwrap();
    assert!(
        path.contains("certification=vietgap") && path.contains("category=gao-ngu-coc"),
        "{path}"
    );
    let rice = b.text(".grid.products").await.unwrap();
    assert!(
        rice.contains("Gạo cẩm A Lưới") && !rice.contains("Gừng"),
        "{rice}"
    );
    b.submit(".facet-certification a[aria-current]")
        .await
        .unwrap();
    let path = b.path().await.unwrap();
    assert!(
        !path.contains("vietgap") && path.contains("category=gao-ngu-coc"),
        "{path}"
    );
    assert!(
        b.text(".grid.products")
            .await
            .unwrap()
            .contains("Gạo ra dư A Sò"),
        "rice from other cooperatives is back"
    );

    // the pager keeps every filter, repeated ones too
    b.goto(
        &app.url("/search?category=nong-san&category=thu-cong-my-nghe&per_page=5&sort=price_asc"),
    )
    .await
    .unwrap();
    let next = b
        .client
        .find(Locator::Css(".pager a[rel=next]"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(
        next.contains("category=nong-san&category=thu-cong-my-nghe")
            && next.contains("per_page=5")
            && next.contains("sort=price_asc")
            && next.contains("page=2"),
        "{next}"
    );
    b.submit(".pager a[rel=next]").await.unwrap();
    assert!(checked(&b, "input[name=category][value=nong-san]").await);
    assert!(checked(&b, "input[name=category][value=thu-cong-my-nghe]").await);

    // a misspelling still finds the baskets, or offers the right word
    let typo = app.url("/search?q=baskte");
    let page = until_shown(&b, &typo, "main", |t| {
        t.contains("Giỏ mây") || t.contains("Có phải bạn muốn tìm")
    })
    .await;
    if let Ok(suggested) = b.text(".did-you-mean a").await {
        assert!(!suggested.is_empty() && suggested != "baskte", "{page}");
    } else {
        assert!(page.contains("Giỏ mây"), "{page}");
    }
    b.screenshot("32-search-typo").await.unwrap();

    // odd input is just words: a normal page, never an error
    b.goto(&app.url("/search?q=%22%5C*%3A(")).await.unwrap();
    assert_eq!(b.text("h1").await.unwrap(), "Tìm kiếm");
    assert!(b.text(".result-count").await.unwrap().contains("\"\\*:("));
    let res = app.get("/search?q=%22%5C*%3A(&sort=newest").await;
    assert_eq!(res.status().as_u16(), 200);
    b.goto(&app.url("/search?q=%3C%2Ftitle%3E%3Cb%3Ex%26amp;"))
        .await
        .unwrap();
    let title = b.client.title().await.unwrap();
    assert!(title.starts_with("</title><b>x&amp; ·"), "{title}");

    // parameters the page cannot read are named and left out, with 422
    let res = app.get("/search?q=gio+may&sort=bogus&page=0").await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("error-summary") && html.contains("class=\"card product-card\""),
        "the search still runs without them"
    );
    let res = app
        .get("/search?q=gio+may&category=khong-co-danh-muc-nay")
        .await;
    assert_eq!(res.status().as_u16(), 422, "an unknown category is named");
    b.goto(&app.url("/search?q=gio+may&category=khong-co-danh-muc-nay"))
        .await
        .unwrap();
    let problems = b.text(".error-summary").await.unwrap();
    assert!(problems.contains("Danh mục"), "{problems}");
    assert!(b.text(".grid.products").await.unwrap().contains("Giỏ mây"));

    // the suggestion script is served from the shop, cached by its hash
    let src = b
        .client
        .find(Locator::Css("script[src^='/assets/suggest.js']"))
        .await
        .unwrap()
        .attr("src")
        .await
        .unwrap()
        .expect("the script has a src");
    let script = app.get(&src).await;
    assert_eq!(script.status().as_u16(), 200, "{src}");
    assert!(
        script.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );

    // on a phone the facets come before the results
    b.resize(390, 844).await.unwrap();
    b.goto(&app.url("/search?q=gio+may")).await.unwrap();
    b.screenshot("33-search-phone").await.unwrap();

    // in English, titles, facets and counts follow
    b.resize(1280, 1000).await.unwrap();
    b.goto(&app.url("/search?q=basket&lang=en")).await.unwrap();
    assert_eq!(b.text(".facets h2").await.unwrap(), "Narrow the results");
    let heading = b.text(".result-count").await.unwrap();
    assert!(heading.contains("for “basket”"), "{heading}");
    let marked = b.text(".product-card h3 mark").await.unwrap();
    assert!(marked.to_lowercase().starts_with("basket"), "{marked}");

    b.close().await.unwrap();
}

#[tokio::test]
async fn with_javascript_the_search_box_suggests_listings_while_typing() {
    eprintln!(
        "[{}] browser (JavaScript on): search suggestions",
        testkit::Backend::current().name()
    );
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let b = Browser::start_with_javascript()
        .await
        .expect("chromium and chromedriver start");
    b.goto(&app.url("/")).await.unwrap();
    let q = b.client.find(Locator::Css("#q")).await.unwrap();
    q.send_keys("gio m").await.unwrap();

    // the list fills in a moment after typing stops
    let deadline = Instant::now() + Duration::from_secs(10);
    let list = loop {
        let shown = match b.client.find(Locator::Css("#q-suggestions")).await {
            Ok(list) => list.is_displayed().await.unwrap_or(false),
            Err(_) => false,
        };
        let text = b.text("#q-suggestions").await.unwrap_or_default();
        if shown && text.contains("Giỏ mây") {
            break text;
        }
        assert!(
            Instant::now() < deadline,
            "no suggestions after 10 s: {text:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let marked = b
        .text("#q-suggestions a mark")
        .await
        .unwrap()
        .to_lowercase();
    assert!(
        marked.contains("giỏ") || marked.contains("mây") || marked.starts_with('m'),
        "{list}: {marked}"
    );
    b.screenshot("34-search-suggestions").await.unwrap();

    // the keyboard reaches them: ↓ to the first, Enter to open it
    q.send_keys(&Key::Down.to_string()).await.unwrap();
    let first = b.text("#q-suggestions a").await.unwrap();
    let focused = b.client.active_element().await.unwrap();
    assert_eq!(focused.text().await.unwrap(), first);
    focused.send_keys(&Key::Enter.to_string()).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !b.path().await.unwrap().starts_with("/products/") {
        assert!(Instant::now() < deadline, "the suggestion did not open");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(b.text("h1").await.unwrap(), first);

    b.close().await.unwrap();
}
