//! Product search over HTTP on the embedded index: the demo queries
//! shoppers type (and what they must leave out), facets that add up, the
//! index following the catalogue through the outbox, and queries that must
//! never break the server. The cases live in `hoptac_tests::search`;
//! `tests/api_meilisearch/` runs them on Meilisearch.

use std::time::Duration;

use hoptac_tests::search::{SearchBackend, cases, search_until};
use serde_json::json;

use crate::announce;
use crate::listings::{complete_listing, shop};

macro_rules! on_tantivy {
    ($($name:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $name() {
                announce(stringify!($name));
                cases::$name(SearchBackend::Tantivy).await;
            }
        )*
    };
}

on_tantivy!(
    the_demo_queries_find_what_shoppers_mean,
    the_demo_queries_leave_out_what_shoppers_did_not_mean,
    products_with_words_go_through_the_same_index,
    facet_counts_add_up_to_the_total,
    filters_and_sorts_narrow_and_order_the_results,
    suggestions_complete_what_is_typed,
    hostile_queries_give_a_normal_result_or_a_4xx_never_a_5xx,
    a_suspended_cooperative_leaves_search_with_all_its_listings,
);

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
