//! Every error answers with the envelope and a stable code; the codes and
//! bodies are part of the contract, so they are snapshot-tested.

use hoptac_tests::spawn_app;
use insta::assert_json_snapshot;
use serde_json::json;

use crate::announce;

#[tokio::test]
async fn an_unknown_api_route_answers_404_with_the_envelope() {
    announce("an_unknown_api_route_answers_404_with_the_envelope");
    let app = spawn_app().await;
    let body = app.get_json("/api/v1/nope", 404).await;
    assert_json_snapshot!(body);
    let outside_v1 = app.get_json("/api/nope", 404).await;
    assert_eq!(outside_v1["error"]["code"], "route_not_found");
}

#[tokio::test]
async fn a_missing_product_answers_404_product_not_found() {
    announce("a_missing_product_answers_404_product_not_found");
    let app = spawn_app().await;
    let body = app.get_json("/api/v1/products/no-such-product", 404).await;
    assert_json_snapshot!(body);
    let by_id = app
        .get_json("/api/v1/products/01a21788-5c5c-72d1-b104-558498dc09ca", 404)
        .await;
    assert_eq!(by_id["error"]["code"], "product_not_found");
}

#[tokio::test]
async fn a_missing_cooperative_answers_404_cooperative_not_found() {
    announce("a_missing_cooperative_answers_404_cooperative_not_found");
    let app = spawn_app().await;
    let body = app
        .get_json("/api/v1/cooperatives/no-such-cooperative", 404)
        .await;
    assert_json_snapshot!(body);
}

#[tokio::test]
async fn a_bad_page_size_answers_422_naming_the_field() {
    announce("a_bad_page_size_answers_422_naming_the_field");
    let app = spawn_app().await;
    let body = app.get_json("/api/v1/products?per_page=abc", 422).await;
    assert_json_snapshot!(body);
    let too_big = app
        .get_json("/api/v1/cooperatives?per_page=101&page=0", 422)
        .await;
    assert_json_snapshot!(too_big);
}

#[tokio::test]
async fn a_bad_locale_answers_422_naming_the_field() {
    announce("a_bad_locale_answers_422_naming_the_field");
    let app = spawn_app().await;
    let body = app.get_json("/api/v1/categories?locale=klingon", 422).await;
    assert_eq!(body["error"]["code"], "validation_failed");
    let problem = &body["error"]["fields"]["locale"][0];
    assert_eq!(problem["code"], "not_one_of", "{body}");
    assert_eq!(problem["choices"], "vi, en, ja, zh", "{body}");
    assert_eq!(problem["message"], "must be vi, en, ja or zh", "{body}");
}

#[tokio::test]
async fn a_filter_on_a_missing_category_answers_404() {
    announce("a_filter_on_a_missing_category_answers_404");
    let app = spawn_app().await;
    let body = app
        .get_json("/api/v1/products?category=no-such-category", 404)
        .await;
    assert_eq!(body["error"]["code"], "category_not_found");
}

#[tokio::test]
async fn a_method_the_path_does_not_serve_answers_405_with_the_envelope() {
    announce("a_method_the_path_does_not_serve_answers_405_with_the_envelope");
    let app = spawn_app().await;
    let response = app
        .client
        .delete(app.url("/api/v1/categories"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 405);
    assert_eq!(response.headers()["allow"], "GET");
    let body: serde_json::Value = response.json().await.unwrap();
    assert_json_snapshot!(body);
}

#[tokio::test]
async fn a_tier_price_that_does_not_fall_answers_422_with_its_code_and_argument() {
    announce("a_tier_price_that_does_not_fall_answers_422_with_its_code_and_argument");
    let s = crate::listings::shop().await;
    let mut listing = crate::listings::basket("Giỏ mây", "GM");
    // 250 000 ₫ each; from 10, 240 000 ₫; from 50 dearer again
    listing["variants"][0]["price_tiers"] = json!([
        {"min_qty": 10, "price_vnd": 240000},
        {"min_qty": 50, "price_vnd": 245000}
    ]);
    let (status, body) = s
        .owner
        .post(
            &format!("/api/v1/cooperatives/{}/products", s.coop),
            listing,
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "validation_failed");
    let problem = &body["error"]["fields"]["variants[0].price_tiers[1].price_vnd"][0];
    assert_eq!(problem["code"], "price_tier_not_falling", "{body}");
    assert_eq!(problem["min_qty"], 10, "{body}");
    assert_eq!(
        problem["message"], "must be less than the price before it (from 10)",
        "{body}"
    );
    assert_json_snapshot!(body);
}
