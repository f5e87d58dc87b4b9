//! Product search over HTTP: the demo queries shoppers type, facets that add
//! up, the index following the catalogue through the outbox, and queries
//! that must never break the server.

use std::time::{Duration, Instant};

use hoptac_tests::{Seed, TestApp, spawn_app_with};
use serde_json::{Value, json};

use crate::announce;
use crate::listings::{complete_listing, shop};

/// The Vietnamese titles of a result page.
fn titles(body: &Value) -> Vec<String> {
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            i["translations"]["title"]["vi"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

fn slugs_of(body: &Value, key: &str) -> Vec<String> {
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i[key].as_str().unwrap().to_owned())
        .collect()
}

/// Polls a search until `done` holds, for at most `limit`; returns the last
/// answer and how long it took.
async fn search_until(
    app: &TestApp,
    path: &str,
    limit: Duration,
    done: impl Fn(&Value) -> bool,
) -> (Value, Duration) {
    let started = Instant::now();
    loop {
        let body = app.get_json(path, 200).await;
        if done(&body) || started.elapsed() > limit {
            return (body, started.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn the_demo_queries_find_what_shoppers_mean() {
    announce("the_demo_queries_find_what_shoppers_mean");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;

    let rattan = app.get_json("/api/v1/search?q=gio%20may", 200).await;
    let found = titles(&rattan);
    assert!(found.len() >= 3, "{found:?}");
    for title in &found[..3] {
        assert!(
            title.starts_with("Giỏ mây"),
            "rattan baskets come first: {found:?}"
        );
    }
    let first = &rattan["items"][0]["highlighted_title"];
    assert!(
        first.as_str().unwrap().contains("<mark>Giỏ</mark>"),
        "{first}"
    );

    let bamboo = app.get_json("/api/v1/search?q=bamboo", 200).await;
    let found = titles(&bamboo);
    for expected in [
        "Lồng bàn tre truyền thống",
        "Mâm tre đan tròn",
        "Rổ tre đựng bánh mì",
    ] {
        assert!(found.iter().any(|t| t == expected), "{expected}: {found:?}");
    }
    assert!(
        found.iter().all(|t| !t.starts_with("Áo")),
        "no garments: {found:?}"
    );

    let typo = app.get_json("/api/v1/search?q=baskte", 200).await;
    let found = titles(&typo);
    assert!(
        found.iter().any(|t| t == "Giỏ mây đan tay có nắp"),
        "{found:?}"
    );
    assert!(
        found.iter().any(|t| t == "Giỏ tre nhỏ đựng quà"),
        "{found:?}"
    );

    let brocade = app.get_json("/api/v1/search?q=tho%20cam", 200).await;
    let found = titles(&brocade);
    assert!(found.len() >= 3, "{found:?}");
    assert!(
        found.iter().all(|t| t.contains("zèng")),
        "thổ cẩm is the zèng brocade: {found:?}"
    );
}

#[tokio::test]
async fn products_with_words_go_through_the_same_index() {
    announce("products_with_words_go_through_the_same_index");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let list = app
        .get_json("/api/v1/products?q=baskte&per_page=50", 200)
        .await;
    let search = app
        .get_json("/api/v1/search?q=baskte&per_page=50&facets=false", 200)
        .await;
    assert!(list["total"].as_u64().unwrap() > 0, "a typo is forgiven");
    assert_eq!(list["total"], search["total"]);
    assert_eq!(slugs_of(&list, "slug"), slugs_of(&search, "slug"));
    assert!(search["facets"].is_null(), "facets=false leaves them out");
}

#[tokio::test]
async fn facet_counts_add_up_to_the_total() {
    announce("facet_counts_add_up_to_the_total");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    for path in [
        "/api/v1/search",
        "/api/v1/search?q=may",
        "/api/v1/search?q=cotton",
        "/api/v1/search?q=tre&in_stock=true",
    ] {
        let body = app.get_json(path, 200).await;
        let total = body["total"].as_u64().unwrap();
        assert!(total > 0, "{path}");
        let sum = |facet: &str| -> u64 {
            body["facets"][facet]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v["count"].as_u64().unwrap())
                .sum()
        };
        for facet in ["cooperative", "province", "in_stock"] {
            assert_eq!(sum(facet), total, "{facet} of {path}: {}", body["facets"]);
        }
        // a listing counts once per category level and per price range it
        // touches, so these are at least the total
        assert!(sum("category") >= total, "{path}");
        assert!(sum("price_range") >= total, "{path}");
        // and filtering on a value returns exactly its count
        let coop = &body["facets"]["cooperative"][0];
        let sep = if path.contains('?') { '&' } else { '?' };
        let narrowed = app
            .get_json(
                &format!("{path}{sep}cooperative={}", coop["value"].as_str().unwrap()),
                200,
            )
            .await;
        assert_eq!(narrowed["total"], coop["count"], "{path} {coop}");
    }
}

#[tokio::test]
async fn filters_and_sorts_narrow_and_order_the_results() {
    announce("filters_and_sorts_narrow_and_order_the_results");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let cheap_first = app
        .get_json("/api/v1/search?sort=price_asc&per_page=100", 200)
        .await;
    let prices: Vec<i64> = cheap_first["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["price"]["amount"].as_i64().unwrap())
        .collect();
    assert!(prices.len() > 10);
    assert!(prices.windows(2).all(|w| w[0] <= w[1]), "{prices:?}");

    let vietgap = app
        .get_json("/api/v1/search?certification=vietgap", 200)
        .await;
    assert!(vietgap["total"].as_u64().unwrap() > 0);
    let coops: Vec<&str> = vietgap["facets"]["cooperative"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value"].as_str().unwrap())
        .collect();
    assert!(
        coops.contains(&"a-luoi-nong-nghiep-an-toan"),
        "the VietGAP cooperative: {coops:?}"
    );
    assert!(!coops.contains(&"bao-la"), "{coops:?}");

    let under = app
        .get_json("/api/v1/search?price=under_100k&per_page=100", 200)
        .await;
    for item in under["items"].as_array().unwrap() {
        assert!(
            item["price"]["amount"].as_i64().unwrap() < 100_000,
            "{item}"
        );
    }

    let category = app
        .get_json("/api/v1/search?category=may-tre-dan&per_page=100", 200)
        .await;
    assert!(category["total"].as_u64().unwrap() >= 10);
    assert!(
        titles(&category).iter().all(|t| !t.starts_with("Áo")),
        "{:?}",
        titles(&category)
    );

    let (status, body) = app
        .get_json_status("/api/v1/search?sort=cheapest&certification=gold&page=0")
        .await;
    assert_eq!(status, 422, "{body}");
    for field in ["sort", "certification", "page"] {
        assert!(body["error"]["fields"][field].is_array(), "{field}: {body}");
    }
    let (status, body) = app
        .get_json_status("/api/v1/search?category=khong-co")
        .await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["error"]["code"], "category_not_found");
}

#[tokio::test]
async fn suggestions_complete_what_is_typed() {
    announce("suggestions_complete_what_is_typed");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let body = app
        .get_json("/api/v1/search/suggest?q=gio%20m&limit=5", 200)
        .await;
    let items = body["items"].as_array().unwrap();
    assert!(!items.is_empty() && items.len() <= 5, "{body}");
    // titles that start as typed come first; `giỏ` also finds `basket`
    // through the synonyms, so English-titled baskets may follow
    let starting = items
        .iter()
        .take_while(|i| i["title"].as_str().unwrap().starts_with("Giỏ m"))
        .count();
    assert!(starting >= 3, "{body}");
    for item in items {
        assert!(
            item["highlighted"].as_str().unwrap().contains("<mark>"),
            "{item}"
        );
    }
    let empty = app.get_json("/api/v1/search/suggest?q=", 200).await;
    assert_eq!(empty["items"], json!([]));
    let (status, body) = app
        .get_json_status("/api/v1/search/suggest?q=gio&limit=0")
        .await;
    assert_eq!(status, 422, "{body}");
}

#[tokio::test]
async fn hostile_queries_give_a_normal_result_or_a_4xx_never_a_5xx() {
    announce("hostile_queries_give_a_normal_result_or_a_4xx_never_a_5xx");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let long = "gi%C3%B3%20".repeat(500);
    let xs = "x".repeat(5_000);
    let queries = [
        "%22gio%20may%22".to_owned(),
        "%22unclosed".to_owned(),
        "back%5Cslash%5C".to_owned(),
        "*".to_owned(),
        "gio*".to_owned(),
        "title:gio".to_owned(),
        ":::".to_owned(),
        "%28%28%28%5B1%20TO%202%5D".to_owned(),
        "%FF%FE%FD".to_owned(),
        "gio%E1%BB".to_owned(),
        "%00%07".to_owned(),
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E".to_owned(),
        "%27%3B%20DROP%20TABLE%20products%3B%20--".to_owned(),
        "%F0%9F%A7%BA".to_owned(),
        long,
        xs,
    ];
    for q in &queries {
        for path in [
            format!("/api/v1/search?q={q}"),
            format!("/api/v1/search/suggest?q={q}"),
            format!("/api/v1/products?q={q}"),
            format!("/search?q={q}"),
        ] {
            let response = app.get(&path).await;
            let status = response.status().as_u16();
            let body = response.text().await.unwrap();
            assert!(
                status == 200 || status == 400 || status == 422,
                "{status} for {}: {}",
                &path[..path.len().min(120)],
                &body[..body.len().min(300)]
            );
            // inside a quoted attribute (the search box's value) it is
            // text; anywhere else it would be an element
            assert!(
                body.match_indices("<script>alert")
                    .all(|(i, _)| body[..i].ends_with("=\"")),
                "{path}: {}",
                body.match_indices("<script>alert")
                    .map(|(i, _)| &body[i.saturating_sub(80)..i + 20])
                    .collect::<Vec<_>>()
                    .join(" | ")
            );
        }
    }
    let quoted = app.get_json("/api/v1/search?q=%22gio%20may%22", 200).await;
    assert!(
        titles(&quoted).iter().any(|t| t.starts_with("Giỏ mây")),
        "quotes are plain separators"
    );
}

#[tokio::test]
async fn an_unpublished_listing_leaves_search_within_two_seconds() {
    announce("an_unpublished_listing_leaves_search_within_two_seconds");
    let s = shop().await;
    let id = complete_listing(&s, "Giỏ cói Phú Vang", "GC").await;
    let (status, body) = s
        .owner
        .post(&format!("/api/v1/products/{id}/submit"), json!({}))
        .await;
    assert_eq!(status, 200, "{body}");
    let search = "/api/v1/search?q=gio%20coi%20phu%20vang";
    assert_eq!(
        s.app.get_json(search, 200).await["total"],
        0,
        "not yet approved"
    );
    let (status, body) = s
        .staff
        .post(
            &format!("/api/v1/moderation/products/{id}/approve"),
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (found, took) =
        search_until(&s.app, search, Duration::from_secs(2), |b| b["total"] == 1).await;
    assert_eq!(found["total"], 1, "approved, found within {took:?}");
    assert_eq!(found["items"][0]["id"], id.as_str());

    let (status, body) = s
        .owner
        .post(&format!("/api/v1/products/{id}/unpublish"), json!({}))
        .await;
    assert_eq!(status, 200, "{body}");
    let (gone, took) =
        search_until(&s.app, search, Duration::from_secs(2), |b| b["total"] == 0).await;
    assert_eq!(gone["total"], 0, "still found after {took:?}: {gone}");
    eprintln!("unpublished listing left search in {took:?}");
    let list = s.app.get_json("/api/v1/products?q=gio%20coi", 200).await;
    assert_eq!(list["total"], 0, "/products?q= too");
}

#[tokio::test]
async fn a_suspended_cooperative_leaves_search_with_all_its_listings() {
    announce("a_suspended_cooperative_leaves_search_with_all_its_listings");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let staff = app.union_staff("staff@hoptac.vn").await;
    let before = app
        .get_json("/api/v1/search?cooperative=bao-la&facets=false", 200)
        .await;
    let listings = before["total"].as_u64().unwrap();
    assert!(listings >= 10, "{before}");
    let coop = app.get_json("/api/v1/cooperatives/bao-la", 200).await;
    let id = coop["id"].as_str().unwrap();
    let (status, body) = staff
        .post(
            &format!("/api/v1/moderation/cooperatives/{id}/suspend"),
            json!({"reason": "Kiểm tra hàng giả"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (rattan, took) = search_until(&app, "/api/v1/search?q=may", Duration::from_secs(5), |b| {
        b["facets"]["cooperative"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["value"] != "bao-la")
    })
    .await;
    let coops = &rattan["facets"]["cooperative"];
    assert!(
        coops
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["value"] != "bao-la"),
        "after {took:?}: {coops}"
    );
    eprintln!("{listings} listings of a suspended cooperative left search in {took:?}");
    let (status, _) = app
        .get_json_status("/api/v1/search?cooperative=bao-la")
        .await;
    assert_eq!(status, 404, "a suspended cooperative cannot be filtered on");

    let (status, body) = staff
        .post(
            &format!("/api/v1/moderation/cooperatives/{id}/reinstate"),
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    app.search_settled().await;
    let back = app
        .get_json("/api/v1/search?cooperative=bao-la&facets=false", 200)
        .await;
    assert_eq!(back["total"], before["total"], "reinstated, all back");
}
