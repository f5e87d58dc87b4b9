//! Reading the catalogue over HTTP: cooperatives, categories, listings.

use hoptac_tests::{Seed, spawn_app_with};

use crate::announce;

#[tokio::test]
async fn the_eight_seeded_cooperatives_are_listed_by_name() {
    announce("the_eight_seeded_cooperatives_are_listed_by_name");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let body = app.get_json("/api/v1/cooperatives", 200).await;
    assert_eq!(body["total"], 8);
    let names: Vec<&str> = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    assert!(names.iter().any(|n| n.contains("Bao La")), "{names:?}");
    let bao_la = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == "bao-la")
        .unwrap();
    assert_eq!(bao_la["members_count"], 88);
    assert_eq!(bao_la["local_jobs"], 150);
    assert_eq!(bao_la["founded_year"], 2008);
    assert!(bao_la["product_count"].as_u64().unwrap() >= 10);
}

#[tokio::test]
async fn cooperatives_are_paged() {
    announce("cooperatives_are_paged");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let page3 = app
        .get_json("/api/v1/cooperatives?page=3&per_page=3", 200)
        .await;
    assert_eq!(page3["page"], 3);
    assert_eq!(page3["per_page"], 3);
    assert_eq!(page3["total"], 8);
    assert_eq!(page3["items"].as_array().unwrap().len(), 2);
    let beyond = app
        .get_json("/api/v1/cooperatives?page=9&per_page=3", 200)
        .await;
    assert_eq!(beyond["items"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn a_cooperative_profile_answers_by_slug_and_by_id_in_the_asked_language() {
    announce("a_cooperative_profile_answers_by_slug_and_by_id_in_the_asked_language");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let vi = app.get_json("/api/v1/cooperatives/bao-la", 200).await;
    let id = vi["id"].as_str().unwrap().to_owned();
    let en = app
        .get_json(&format!("/api/v1/cooperatives/{id}?locale=en"), 200)
        .await;
    assert_eq!(vi["slug"], en["slug"]);
    assert_ne!(
        vi["story"], en["story"],
        "the story is told in each language"
    );
    assert_eq!(en["story"], en["translations"]["story"]["en"]);
    assert_eq!(vi["story"], vi["translations"]["story"]["vi"]);
    assert!(vi["story_html"].as_str().unwrap().contains("<p>"));
    let award = vi["certifications"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "award")
        .unwrap();
    assert!(award["name"].as_str().unwrap().contains("Mai An Tiêm"));
    assert!(vi["products"]["total"].as_u64().unwrap() >= 10);
    let accept = app
        .client
        .get(app.url("/api/v1/cooperatives/bao-la"))
        .header("accept-language", "en-US,en;q=0.9")
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    assert_eq!(accept["summary"], en["summary"]);
}

#[tokio::test]
async fn the_category_tree_nests_sub_categories() {
    announce("the_category_tree_nests_sub_categories");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let tree = app.get_json("/api/v1/categories?locale=en", 200).await;
    let crafts = tree
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == "thu-cong-my-nghe")
        .unwrap();
    assert_eq!(crafts["name"], "Handicrafts");
    let children: Vec<&str> = crafts["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["slug"].as_str().unwrap())
        .collect();
    assert_eq!(children, ["may-tre-dan", "det-tho-cam"]);
}

#[tokio::test]
async fn products_filter_by_category_including_sub_categories_and_by_cooperative() {
    announce("products_filter_by_category_including_sub_categories_and_by_cooperative");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let all = app.get_json("/api/v1/products?per_page=100", 200).await;
    assert!(all["total"].as_u64().unwrap() >= 40);
    let crafts = app
        .get_json(
            "/api/v1/products?category=thu-cong-my-nghe&per_page=100",
            200,
        )
        .await;
    let rattan = app
        .get_json("/api/v1/products?category=may-tre-dan&per_page=100", 200)
        .await;
    let brocade = app
        .get_json("/api/v1/products?category=det-tho-cam&per_page=100", 200)
        .await;
    assert_eq!(
        crafts["total"].as_u64().unwrap(),
        rattan["total"].as_u64().unwrap() + brocade["total"].as_u64().unwrap()
    );
    let bao_la = app
        .get_json("/api/v1/products?cooperative=bao-la&per_page=100", 200)
        .await;
    assert!(
        bao_la["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["cooperative"]["slug"] == "bao-la")
    );
    assert_eq!(bao_la["total"], bao_la["items"].as_array().unwrap().len());
}

#[tokio::test]
async fn products_page_through_the_whole_list_without_repeats() {
    announce("products_page_through_the_whole_list_without_repeats");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let mut seen = std::collections::HashSet::new();
    let mut total = 0;
    for page in 1..=10 {
        let body = app
            .get_json(&format!("/api/v1/products?page={page}&per_page=7"), 200)
            .await;
        total = body["total"].as_u64().unwrap();
        for item in body["items"].as_array().unwrap() {
            assert!(
                seen.insert(item["id"].as_str().unwrap().to_owned()),
                "repeated {}",
                item["id"]
            );
        }
    }
    assert_eq!(seen.len() as u64, total);
}

#[tokio::test]
async fn a_product_answers_with_variants_stock_pictures_and_its_cooperative() {
    announce("a_product_answers_with_variants_stock_pictures_and_its_cooperative");
    let app = spawn_app_with(Seed::Demo).await;
    let list = app
        .get_json("/api/v1/products?cooperative=bao-la&per_page=1", 200)
        .await;
    let slug = list["items"][0]["slug"].as_str().unwrap().to_owned();
    let product = app
        .get_json(&format!("/api/v1/products/{slug}?locale=en"), 200)
        .await;
    assert_eq!(product["cooperative"]["slug"], "bao-la");
    assert_eq!(product["cooperative_profile"]["members_count"], 88);
    let variants = product["variants"].as_array().unwrap();
    assert!(!variants.is_empty());
    for v in variants {
        assert_eq!(v["price"]["currency"], "VND");
        assert!(v["price"]["amount"].as_i64().unwrap() > 0);
        assert!(v["sku"].as_str().unwrap().starts_with("BL-"));
    }
    assert_eq!(product["title"], product["translations"]["title"]["en"]);
    assert_eq!(product["category_path"][0]["slug"], "thu-cong-my-nghe");
    let image = &product["images"][0];
    for size in ["small", "medium", "large"] {
        let url = image["urls"][size].as_str().unwrap();
        let response = app.get(url).await;
        assert_eq!(response.status().as_u16(), 200, "{url}");
        assert_eq!(response.headers()["content-type"], "image/jpeg");
        assert!(
            response.headers()["cache-control"]
                .to_str()
                .unwrap()
                .contains("immutable")
        );
    }
    let by_id = app
        .get_json(
            &format!("/api/v1/products/{}", product["id"].as_str().unwrap()),
            200,
        )
        .await;
    assert_eq!(by_id["slug"], product["slug"]);
}

#[tokio::test]
async fn a_search_query_matches_titles_without_diacritics() {
    announce("a_search_query_matches_titles_without_diacritics");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let honey = app
        .get_json("/api/v1/products?q=mat%20ong&locale=vi", 200)
        .await;
    assert!(honey["total"].as_u64().unwrap() >= 1);
    for item in honey["items"].as_array().unwrap() {
        let title = item["translations"]["title"]["vi"]
            .as_str()
            .unwrap()
            .to_lowercase();
        let en = item["translations"]["title"]["en"]
            .as_str()
            .unwrap_or_default()
            .to_lowercase();
        assert!(
            title.contains("mật ong")
                || en.contains("honey")
                || item["tags"].to_string().contains("honey"),
            "{title}"
        );
    }
    let none = app.get_json("/api/v1/products?q=xyzzy", 200).await;
    assert_eq!(none["total"], 0);
}
