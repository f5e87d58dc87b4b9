//! Public catalogue reads kept in memory until the catalogue changes: a
//! second read of the same thing is answered from memory; a change made
//! through the app is seen by the very next read, one made behind its back
//! (another process, straight in the database) as soon as the database's
//! word arrives; a signed-in visitor or a cart is never answered from
//! memory; and a long list is read on page after page from a cursor.

use std::time::{Duration, Instant};

use hoptac_tests::{Seed, TestApp, spawn_app_with};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;

use crate::announce;

const CACHE: &str = "x-hoptac-cache";

async fn read(app: &TestApp, path: &str) -> (String, Value) {
    let response = reqwest::Client::new()
        .get(app.url(path))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{path}");
    let cache = response
        .headers()
        .get(CACHE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (cache, response.json().await.unwrap())
}

/// Reads `path` until `check` holds (at most 2 s): changes made behind the
/// app's back arrive with the database's notification.
async fn read_until(app: &TestApp, path: &str, what: &str, check: impl Fn(&Value) -> bool) {
    let started = Instant::now();
    loop {
        let (_, body) = read(app, path).await;
        if check(&body) {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{path} never showed {what}: {body}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_public_read_is_kept_until_the_catalogue_changes_whoever_changes_it() {
    announce("a_public_read_is_kept_until_the_catalogue_changes_whoever_changes_it");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let slug = "gio-may-dan-tay-co-nap";
    let path = format!("/api/v1/products/{slug}");
    let (first, product) = read(&app, &path).await;
    assert_eq!(first, "miss");
    let (second, again) = read(&app, &path).await;
    assert_eq!(second, "hit", "the same read is answered from memory");
    assert_eq!(product, again);

    // a change straight in the database, as another process makes it
    let variant: uuid::Uuid = product["variants"][0]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    entity::product_variants::Entity::update_many()
        .col_expr(
            entity::product_variants::Column::PriceVnd,
            Expr::value(199_000i64),
        )
        .filter(entity::product_variants::Column::Id.eq(variant))
        .exec(&app.db.conn)
        .await
        .unwrap();
    read_until(&app, &path, "the new price", |p| {
        p["variants"][0]["price"]["amount"] == 199_000
    })
    .await;

    // the cooperative suspended: its listing is gone from every read
    let coop: uuid::Uuid = product["cooperative"]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let (_, list) = read(&app, "/api/v1/products?per_page=100").await;
    assert!(list.to_string().contains(slug));
    entity::cooperatives::Entity::update_many()
        .col_expr(
            entity::cooperatives::Column::Status,
            Expr::value(entity::cooperatives::Status::Suspended),
        )
        .filter(entity::cooperatives::Column::Id.eq(coop))
        .exec(&app.db.conn)
        .await
        .unwrap();
    read_until(
        &app,
        "/api/v1/products?per_page=100",
        "the listing gone",
        |l| !l.to_string().contains(slug),
    )
    .await;
    let response = reqwest::Client::new()
        .get(app.url(&path))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn a_listing_taken_down_through_the_app_leaves_the_very_next_read() {
    announce("a_listing_taken_down_through_the_app_leaves_the_very_next_read");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let staff = app.union_staff("nhanvien@hoptac.vn").await;
    let slug = "gio-may-dan-tay-co-nap";
    let (_, product) = read(&app, &format!("/api/v1/products/{slug}")).await;
    let id = product["id"].as_str().unwrap();
    read(&app, "/api/v1/products?per_page=100").await;
    let (cache, list) = read(&app, "/api/v1/products?per_page=100").await;
    assert_eq!(cache, "hit");
    assert!(list.to_string().contains(slug));
    let (status, body) = staff
        .post(
            &format!("/api/v1/moderation/products/{id}/take-down"),
            serde_json::json!({"reason": "ảnh sản phẩm không đúng"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (cache, list) = read(&app, "/api/v1/products?per_page=100").await;
    assert_eq!(cache, "miss", "the change dropped what was kept");
    assert!(!list.to_string().contains(slug), "gone at once");
}

#[tokio::test]
async fn a_signed_in_visitor_or_a_cart_is_never_answered_from_memory() {
    announce("a_signed_in_visitor_or_a_cart_is_never_answered_from_memory");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let shopper = app.person("lan@example.vn", true).await;
    for _ in 0..2 {
        let response = shopper
            .client
            .get(app.url("/products/gio-may-dan-tay-co-nap"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert!(response.headers().get(CACHE).is_none());
    }
    let anonymous = reqwest::Client::new();
    for expected in ["miss", "hit"] {
        let response = anonymous
            .get(app.url("/products/gio-may-dan-tay-co-nap"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.headers()[CACHE], expected);
    }
    let with_cart = anonymous
        .get(app.url("/products/gio-may-dan-tay-co-nap"))
        .header("cookie", "hoptac_cart=cart_abc")
        .send()
        .await
        .unwrap();
    assert!(with_cart.headers().get(CACHE).is_none());
    // a copy the browser has is confirmed without its bytes
    let etag = anonymous
        .get(app.url("/api/v1/categories"))
        .send()
        .await
        .unwrap()
        .headers()["etag"]
        .clone();
    let again = anonymous
        .get(app.url("/api/v1/categories"))
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()[CACHE], "hit");
}

#[tokio::test]
async fn a_long_list_is_read_on_from_its_cursor_as_its_pages_list_it() {
    announce("a_long_list_is_read_on_from_its_cursor_as_its_pages_list_it");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let mut by_pages = Vec::new();
    let mut page = 1;
    loop {
        let (_, body) = read(&app, &format!("/api/v1/products?per_page=7&page={page}")).await;
        let items = body["items"].as_array().unwrap();
        if items.is_empty() {
            break;
        }
        by_pages.extend(items.iter().map(|i| i["id"].clone()));
        page += 1;
    }
    let (_, first) = read(&app, "/api/v1/products?per_page=7").await;
    let total = first["total"].as_u64().unwrap();
    assert_eq!(by_pages.len() as u64, total);
    let mut by_cursor: Vec<Value> = first["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].clone())
        .collect();
    let mut next = first["next"].as_str().map(str::to_owned);
    while let Some(after) = next {
        let (_, body) = read(&app, &format!("/api/v1/products?per_page=7&after={after}")).await;
        by_cursor.extend(
            body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["id"].clone()),
        );
        next = body["next"].as_str().map(str::to_owned);
    }
    assert_eq!(by_cursor, by_pages, "the same listings in the same order");
    let response = reqwest::Client::new()
        .get(app.url("/api/v1/products?after=not-a-cursor"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
}
