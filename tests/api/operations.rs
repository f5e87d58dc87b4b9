//! Health, readiness, metrics, request ids, the OpenAPI document.

use hoptac_tests::spawn_app;

use crate::announce;

#[tokio::test]
async fn healthz_answers_200_with_a_request_id() {
    announce("healthz_answers_200_with_a_request_id");
    let app = spawn_app().await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status().as_u16(), 200);
    let id = response
        .headers()
        .get("x-request-id")
        .expect("x-request-id")
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(uuid_version(&id), Some(7), "{id}");
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
}

fn uuid_version(id: &str) -> Option<usize> {
    let hex: String = id.chars().filter(|c| *c != '-').collect();
    (hex.len() == 32)
        .then(|| usize::from_str_radix(&hex[12..13], 16).ok())
        .flatten()
}

#[tokio::test]
async fn a_sane_incoming_request_id_is_kept_and_a_hostile_one_replaced() {
    announce("a_sane_incoming_request_id_is_kept_and_a_hostile_one_replaced");
    let app = spawn_app().await;
    let kept = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "lb-1234_abc")
        .send()
        .await
        .unwrap();
    assert_eq!(kept.headers()["x-request-id"], "lb-1234_abc");
    let replaced = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "<script>alert(1)</script>")
        .send()
        .await
        .unwrap();
    assert_ne!(
        replaced.headers()["x-request-id"],
        "<script>alert(1)</script>"
    );
}

#[tokio::test]
async fn readyz_answers_200_when_the_database_answers() {
    announce("readyz_answers_200_when_the_database_answers");
    let app = spawn_app().await;
    let body = app.get_json("/readyz", 200).await;
    assert_eq!(body["status"], "ready");
    assert_eq!(body["checks"]["database"], "ok");
}

#[tokio::test]
async fn readyz_answers_503_with_the_envelope_when_the_database_is_gone() {
    announce("readyz_answers_503_with_the_envelope_when_the_database_is_gone");
    if testkit::Backend::current() != testkit::Backend::Postgres {
        // an open SQLite file cannot be taken away from a running process
        eprintln!("skipped on sqlite: the database can only vanish under a server on PostgreSQL");
        return;
    }
    let app = spawn_app().await;
    use sea_orm::ConnectionTrait;
    let admin = std::env::var("HOPTAC_TEST_PG_URL").unwrap();
    let admin = entity::db::connect(&admin, &entity::db::DbOptions::default())
        .await
        .unwrap();
    let name = app.db.url.rsplit('/').next().unwrap().to_owned();
    admin
        .execute_unprepared(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .await
        .unwrap();
    let response = app.get("/readyz").await;
    assert_eq!(response.status().as_u16(), 503);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_ready");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("database")
    );
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_status() {
    announce("metrics_count_requests_by_route_and_status");
    let app = spawn_app().await;
    app.get("/api/v1/categories").await;
    let text = app.get("/metrics").await.text().await.unwrap();
    assert!(text.contains("http_requests_total"), "{text}");
    assert!(text.contains("route=\"/api/v1/categories\""), "{text}");
    assert!(text.contains("http_request_duration_seconds"), "{text}");
}

#[tokio::test]
async fn the_openapi_document_describes_the_read_endpoints() {
    announce("the_openapi_document_describes_the_read_endpoints");
    let app = spawn_app().await;
    let doc = app.get_json("/api/openapi.json", 200).await;
    for path in [
        "/api/v1/cooperatives",
        "/api/v1/cooperatives/{id_or_slug}",
        "/api/v1/categories",
        "/api/v1/products",
        "/api/v1/products/{id_or_slug}",
    ] {
        assert!(
            doc["paths"][path]["get"].is_object(),
            "{path} is not documented"
        );
    }
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());
    let docs = app.get("/api/docs").await;
    assert_eq!(docs.status().as_u16(), 200);
    let html = docs.text().await.unwrap();
    assert!(html.contains("/api/v1/products/{id_or_slug}"));
    assert!(!html.contains("<script"), "the docs page needs no script");
}

#[tokio::test]
async fn answers_are_compressed_when_the_client_accepts_gzip() {
    announce("answers_are_compressed_when_the_client_accepts_gzip");
    let app = spawn_app().await;
    let raw = reqwest::Client::builder().no_gzip().build().unwrap();
    let response = raw
        .get(app.url("/api/openapi.json"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(
        response
            .headers()
            .get("content-encoding")
            .map(|v| v.to_str().unwrap()),
        Some("gzip")
    );
}
