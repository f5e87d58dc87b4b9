//! Product search over HTTP, as cases that run on either search backend:
//! the embedded Tantivy index, or a real Meilisearch this test process
//! starts ([`testkit::meilisearch`]). `tests/api/search.rs` runs them on
//! Tantivy, `tests/api_meilisearch/` on Meilisearch, and
//! [`cases::both_backends_answer_the_same_listings`] on both at once.
#![expect(clippy::unwrap_used, reason = "a test fails loudly")]

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::{Seed, TestApp, spawn_app_configured};

/// Which index the application searches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SearchBackend {
    /// The embedded index under the test's data directory.
    Tantivy,
    /// An index of the test's own on the test process's Meilisearch.
    Meilisearch,
}

/// Starts the application on `backend`, with an index of its own.
pub async fn spawn_search_app(seed: Seed, backend: SearchBackend) -> TestApp {
    match backend {
        SearchBackend::Tantivy => spawn_app_configured(seed, Vec::new()).await,
        SearchBackend::Meilisearch => {
            let server = testkit::meilisearch::Meilisearch::shared();
            let index = format!("hoptac_api_{}", uuid::Uuid::new_v4().simple());
            spawn_app_configured(
                seed,
                vec![
                    ("search.meilisearch_url", server.url().into()),
                    ("search.meilisearch_api_key", server.key().into()),
                    ("search.index_name", index.into()),
                    ("search.task_timeout_secs", 60.into()),
                ],
            )
            .await
        }
    }
}

/// The Vietnamese titles of a result page.
pub fn titles(body: &Value) -> Vec<String> {
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

/// A field of every item of a result page.
pub fn slugs_of(body: &Value, key: &str) -> Vec<String> {
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i[key].as_str().unwrap().to_owned())
        .collect()
}

/// Polls a search until `done` holds, for at most `limit`; returns the last
/// answer and how long it took.
pub async fn search_until(
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

pub mod cases {
    //! The cases, each on a fresh application.
    use super::*;

    /// The demo queries find what shoppers mean.
    pub async fn the_demo_queries_find_what_shoppers_mean(backend: SearchBackend) {
        let app = spawn_search_app(Seed::DemoWithoutPictures, backend).await;

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

    /// Products with words go through the same index.
    pub async fn products_with_words_go_through_the_same_index(backend: SearchBackend) {
        let app = spawn_search_app(Seed::DemoWithoutPictures, backend).await;
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

    /// Facet counts add up to the total.
    pub async fn facet_counts_add_up_to_the_total(backend: SearchBackend) {
        let app = spawn_search_app(Seed::DemoWithoutPictures, backend).await;
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

    /// Filters and sorts narrow and order the results.
    pub async fn filters_and_sorts_narrow_and_order_the_results(backend: SearchBackend) {
        let app = spawn_search_app(Seed::DemoWithoutPictures, backend).await;
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

    /// Suggestions complete what is typed.
    pub async fn suggestions_complete_what_is_typed(backend: SearchBackend) {
        let app = spawn_search_app(Seed::DemoWithoutPictures, backend).await;
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

    /// Hostile queries give a normal result or a 4xx never a 5xx.
    pub async fn hostile_queries_give_a_normal_result_or_a_4xx_never_a_5xx(backend: SearchBackend) {
        let app = spawn_search_app(Seed::DemoWithoutPictures, backend).await;
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

    /// A suspended cooperative leaves search with all its listings.
    pub async fn a_suspended_cooperative_leaves_search_with_all_its_listings(
        backend: SearchBackend,
    ) {
        let app = spawn_search_app(Seed::DemoWithoutPictures, backend).await;
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
        let (rattan, took) =
            search_until(&app, "/api/v1/search?q=may", Duration::from_secs(5), |b| {
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

    /// Bamboo, honey and hats find those, and not what merely shares a
    /// word with their seller or with one of the words.
    pub async fn the_demo_queries_leave_out_what_shoppers_did_not_mean(backend: SearchBackend) {
        let app = spawn_search_app(Seed::DemoWithoutPictures, backend).await;
        let bamboo = titles(
            &app.get_json("/api/v1/search?q=bamboo&per_page=100", 200)
                .await,
        );
        // rattan pieces of "HTX … mây tre đan Bao La" that say neither tre
        // nor bamboo
        for rattan in [
            "Lồng bàn mây nan nhỏ",
            "Giỏ mây đan tay có nắp",
            "Hộp mây đựng đồ có nắp",
            "Đĩa mây đựng trái cây",
            "Giỏ mây đựng quần áo",
            "Khay mây chữ nhật có quai",
        ] {
            assert!(!bamboo.iter().any(|t| t == rattan), "{rattan}: {bamboo:?}");
        }
        assert!(
            bamboo.iter().any(|t| t == "Lồng bàn tre truyền thống"),
            "{bamboo:?}"
        );

        let honey = titles(&app.get_json("/api/v1/search?q=mat%20ong", 200).await);
        assert_eq!(honey, ["Mật ong rừng A Lưới"]);

        // the demo sells no nón lá; young (non) bamboo shoots are no hat
        let young = titles(&app.get_json("/api/v1/search?q=non&per_page=100", 200).await);
        assert!(
            young.iter().any(|t| t == "Măng tre khô A Lưới"),
            "{young:?}"
        );
        let hats = titles(
            &app.get_json("/api/v1/search?q=non%20la&per_page=100", 200)
                .await,
        );
        assert!(
            !hats.iter().any(|t| t == "Măng tre khô A Lưới"),
            "young (non) bamboo shoots are no hat: {hats:?}"
        );
    }

    /// The same queries on Tantivy and on Meilisearch, over the demo data:
    /// the same listings, totals and facet counts.
    pub async fn both_backends_answer_the_same_listings() {
        let tantivy = spawn_search_app(Seed::DemoWithoutPictures, SearchBackend::Tantivy).await;
        let meili = spawn_search_app(Seed::DemoWithoutPictures, SearchBackend::Meilisearch).await;
        let queries = [
            "",
            "gio may",
            "gio%20may%20",
            "bamboo",
            "tre",
            "non%20la",
            "mat%20ong",
            "tho%20cam",
            "baskte",
            "rattan",
            "honey",
            "hue",
            "bao%20la",
            "zeng",
            "lua",
            "tea",
            "tra",
            "gao",
            "cotton",
            "website",
            "may",
            "g",
            "ba",
            "xyzzy",
            "mat%20ongxyz%20",
            "ma%20y",
            "hand%20woven",
            "vi%20zeng",
        ];
        let filters = [
            "",
            "&certification=vietgap",
            "&category=may-tre-dan",
            "&in_stock=true&price=from_100k_to_300k",
        ];
        for q in queries {
            for filter in filters {
                let path = format!("/api/v1/search?q={q}{filter}&per_page=100");
                let (t, m) = (
                    tantivy.get_json(&path, 200).await,
                    meili.get_json(&path, 200).await,
                );
                let mut ts = slugs_of(&t, "slug");
                let mut ms = slugs_of(&m, "slug");
                ts.sort();
                ms.sort();
                assert_eq!(ts, ms, "{path}");
                assert_eq!(t["total"], m["total"], "{path}");
                for facet in [
                    "category",
                    "cooperative",
                    "certification",
                    "province",
                    "price_range",
                    "in_stock",
                ] {
                    let counts = |body: &Value| {
                        let mut c: Vec<String> = body["facets"][facet]
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(|v| format!("{}={}", v["value"], v["count"]))
                            .collect();
                        c.sort();
                        c
                    };
                    assert_eq!(counts(&t), counts(&m), "{facet} of {path}");
                }
            }
        }
    }
}
