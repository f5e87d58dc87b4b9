//! The contract's edges: what the OpenAPI document says about who may call
//! each operation holds; empty and out-of-range query values, whole-number
//! floats, unserved methods and partial updates answer the same everywhere.

use hoptac_tests::users::admitted_cooperative;
use hoptac_tests::{Seed, spawn_app, spawn_app_with};
use insta::assert_json_snapshot;
use serde_json::{Value, json};
use server::openapi::{Access, access};

use crate::announce;

const SOME_ID: &str = "01a21788-5c5c-72d1-b104-558498dc09ca";

#[tokio::test]
async fn every_operation_refuses_nobody_exactly_when_the_document_says_it_needs_sign_in() {
    announce("every_operation_refuses_nobody_exactly_when_the_document_says_it_needs_sign_in");
    let app = spawn_app().await;
    let doc = app.get_json("/api/openapi.json", 200).await;
    let anonymous = reqwest::Client::new();
    let mut wrong = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        if !path.starts_with("/api/v1/") {
            continue;
        }
        for (method, op) in item.as_object().unwrap() {
            let concrete = path
                .replace("{action}", "approve")
                .replace("{id_or_slug}", "no-such-thing")
                .split('/')
                // `{table}.csv` keeps its extension
                .map(
                    |s| match s.strip_prefix('{').and_then(|s| s.split_once('}')) {
                        Some((_, rest)) => format!("{SOME_ID}{rest}"),
                        None => s.to_owned(),
                    },
                )
                .collect::<Vec<_>>()
                .join("/");
            let status = anonymous
                .request(method.to_uppercase().parse().unwrap(), app.url(&concrete))
                .header("content-type", "application/json")
                .body("{}")
                .send()
                .await
                .unwrap()
                .status()
                .as_u16();
            let public = access(method, path) == Access::Public;
            let secured = op["security"].as_array().is_some_and(|s| {
                !s.iter()
                    .any(|r| r.as_object().is_some_and(|r| r.is_empty()))
            });
            if public == (status == 401) || public == secured {
                wrong.push(format!(
                    "{method} {path}: {status} to nobody, documented as {}",
                    if secured { "needing sign-in" } else { "public" }
                ));
            }
            let documented = op["responses"].get(status.to_string()).is_some();
            if !documented {
                wrong.push(format!("{method} {path}: {status} is not documented"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[tokio::test]
async fn the_document_names_its_security_schemes_and_constrains_the_shared_parameters() {
    announce("the_document_names_its_security_schemes_and_constrains_the_shared_parameters");
    let app = spawn_app().await;
    let doc = app.get_json("/api/openapi.json", 200).await;
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["bearer_token"]["scheme"], "bearer");
    assert_eq!(schemes["session_cookie"]["in"], "cookie");
    assert_eq!(schemes["session_cookie"]["name"], "hoptac_session");
    assert_eq!(schemes["csrf_token"]["name"], "X-CSRF-Token");
    let params = doc["paths"]["/api/v1/products"]["get"]["parameters"]
        .as_array()
        .unwrap();
    let param = |name: &str| {
        params
            .iter()
            .find(|p| p["name"] == name)
            .map(|p| p["schema"].clone())
            .unwrap()
    };
    assert_eq!(param("locale")["enum"], json!(["vi", "en", "ja", "zh"]));
    assert_eq!(param("page")["minimum"], 1);
    assert_eq!(param("per_page")["minimum"], 1);
    assert_eq!(param("per_page")["maximum"], 100);
    let login = &doc["paths"]["/api/v1/auth/login"]["post"]["responses"];
    for status in ["400", "401", "413", "415", "422", "429"] {
        assert_eq!(
            login[status]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/ErrorBody",
            "login documents {status}"
        );
    }
    let staff_write = &doc["paths"]["/api/v1/moderation/payouts"]["post"];
    assert_eq!(
        staff_write["security"],
        json!([{"bearer_token": []}, {"session_cookie": [], "csrf_token": []}])
    );
    assert!(staff_write["responses"]["403"].is_object());
}

#[tokio::test]
async fn an_empty_or_out_of_range_query_value_answers_422_naming_the_field() {
    announce("an_empty_or_out_of_range_query_value_answers_422_naming_the_field");
    let app = spawn_app().await;
    let buyer = app.person("lan@example.vn", true).await;
    let (status, per_page) = buyer.get("/api/v1/orders?per_page=").await;
    assert_eq!(status, 422);
    assert_json_snapshot!(per_page);
    let limit = app
        .get_json("/api/v1/search/suggest?q=gio&limit=", 422)
        .await;
    assert!(limit["error"]["fields"]["limit"].is_array(), "{limit}");
    let beyond = app
        .get_json("/api/v1/products?max_price=9223372036854775808", 422)
        .await;
    assert_json_snapshot!(beyond);
    let far_beyond = app
        .get_json("/api/v1/products?max_price=99999999999999999999999", 422)
        .await;
    assert!(far_beyond["error"]["fields"]["max_price"].is_array());
    for path in [
        "/api/v1/products?min_price=",
        "/api/v1/search?q=gio&min_price=",
        "/api/v1/search?q=gio&max_price=9223372036854775808",
        "/api/v1/cooperatives?page=",
        "/api/v1/categories?locale=",
    ] {
        let body = app.get_json(path, 422).await;
        assert_eq!(body["error"]["code"], "validation_failed", "{path}: {body}");
    }
    for path in [
        "/api/v1/moderation/audit-log?per_page=",
        "/api/v1/moderation/outbox?page=",
    ] {
        let staff = app
            .union_staff(&format!("staff{}@example.vn", path.len()))
            .await;
        let (status, body) = staff.get(path).await;
        assert_eq!(status, 422, "{path}: {body}");
    }
}

#[tokio::test]
async fn a_nul_character_in_a_path_or_query_is_refused_before_it_reaches_the_database() {
    announce("a_nul_character_in_a_path_or_query_is_refused_before_it_reaches_the_database");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    // the look-up schemathesis found answering 500 on PostgreSQL
    let lookup = app
        .get_json(
            "/api/v1/orders/lookup?number=HT%00-1&email=lan%40example.vn",
            422,
        )
        .await;
    assert_eq!(lookup["error"]["code"], "invalid_query", "{lookup}");
    for path in [
        "/api/v1/products/gio%00may",
        "/api/v1/cooperatives/bao%00la",
        "/products/gio%00may",
    ] {
        let body = app.get_json(path, 404).await;
        assert_eq!(body["error"]["code"], "invalid_path", "{path}: {body}");
    }
    for path in [
        "/api/v1/products?q=gi%00o",
        "/api/v1/search?q=gi%00o",
        "/search?q=gi%00o",
    ] {
        let body = app.get_json(path, 422).await;
        assert_eq!(body["error"]["code"], "invalid_query", "{path}: {body}");
    }
    // a percent sign written out is no NUL
    app.get_json("/api/v1/search?q=100%2500", 200).await;
}

#[tokio::test]
async fn a_whole_number_written_as_a_float_is_read_and_a_fraction_is_refused() {
    announce("a_whole_number_written_as_a_float_is_read_and_a_fraction_is_refused");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let page = app.get_json("/api/v1/products?per_page=1", 200).await;
    let slug = page["items"][0]["slug"].as_str().unwrap();
    let product = app.get_json(&format!("/api/v1/products/{slug}"), 200).await;
    let variant = &product["variants"][0];
    let quantity = variant["min_order_qty"].as_i64().unwrap_or(1);
    let add = |body: String| {
        app.client
            .post(app.url("/api/v1/cart/items"))
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    let variant_id = variant["id"].as_str().unwrap();
    let added = add(format!(
        r#"{{"variant_id": "{variant_id}", "quantity": {quantity}.0}}"#
    ))
    .await
    .unwrap();
    assert_eq!(added.status().as_u16(), 200);
    let cart: Value = added.json().await.unwrap();
    assert_eq!(cart["item_count"], quantity, "{cart}");

    let fraction = add(format!(
        r#"{{"variant_id": "{variant_id}", "quantity": 2.5}}"#
    ))
    .await
    .unwrap();
    assert_eq!(fraction.status().as_u16(), 422);
    let body: Value = fraction.json().await.unwrap();
    assert_json_snapshot!(body);
    let huge = add(format!(
        r#"{{"variant_id": "{variant_id}", "quantity": 1e400}}"#
    ))
    .await
    .unwrap();
    assert_eq!(huge.status().as_u16(), 422);
    let body: Value = huge.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_body");
}

#[tokio::test]
async fn a_method_a_path_does_not_serve_answers_405_with_allow_and_the_envelope() {
    announce("a_method_a_path_does_not_serve_answers_405_with_allow_and_the_envelope");
    let app = spawn_app().await;
    let trace = app
        .client
        .request(
            reqwest::Method::TRACE,
            app.url("/api/v1/products/no-such-product"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(trace.status().as_u16(), 405);
    assert_eq!(trace.headers()["allow"], "DELETE, GET, PATCH");
    let body: Value = trace.json().await.unwrap();
    assert_json_snapshot!(body);
    let put = app
        .client
        .put(app.url("/api/v1/categories"))
        .send()
        .await
        .unwrap();
    assert_eq!(put.status().as_u16(), 405);
    assert_eq!(put.headers()["allow"], "GET");
    let body: Value = put.json().await.unwrap();
    assert_eq!(body["error"]["code"], "method_not_allowed");
    let nowhere = app
        .client
        .request(reqwest::Method::TRACE, app.url("/api/v1/nowhere"))
        .send()
        .await
        .unwrap();
    assert_eq!(nowhere.status().as_u16(), 404);
    let body: Value = nowhere.json().await.unwrap();
    assert_eq!(body["error"]["code"], "route_not_found");
}

#[tokio::test]
async fn a_patch_changes_only_the_fields_it_sends() {
    announce("a_patch_changes_only_the_fields_it_sends");
    let app = spawn_app().await;
    let owner = app.person("an@example.vn", true).await;
    let staff = app.union_staff("staff@example.vn").await;

    let (status, me) = owner
        .patch("/api/v1/auth/me", json!({"locale": "en"}))
        .await;
    assert_eq!(status, 200, "{me}");
    assert_eq!(
        (me["name"].as_str(), me["locale"].as_str()),
        (Some("Người an@example.vn"), Some("en"))
    );
    let (status, me) = owner
        .patch("/api/v1/auth/me", json!({"name": "Trần An"}))
        .await;
    assert_eq!(status, 200, "{me}");
    assert_eq!(
        (me["name"].as_str(), me["locale"].as_str()),
        (Some("Trần An"), Some("en"))
    );

    let (status, applied) = owner
        .post(
            "/api/v1/cooperatives",
            hoptac_tests::users::application("HTX Phú Vang"),
        )
        .await;
    assert_eq!(status, 201, "{applied}");
    let pending = applied["id"].as_str().unwrap();
    let (status, changed) = owner
        .patch(
            &format!("/api/v1/cooperatives/{pending}/application"),
            json!({"phone": "0987 654 321"}),
        )
        .await;
    assert_eq!(status, 200, "{changed}");
    let phone = changed["phone"].as_str().unwrap_or_default();
    assert!(
        phone.replace(' ', "").ends_with("987654321"),
        "the phone changed: {phone}"
    );
    for field in ["name", "street", "members_count", "story", "ward"] {
        assert_eq!(changed[field], applied[field], "{field} stays as it was");
    }
    let (status, unknown) = owner
        .patch(
            &format!("/api/v1/cooperatives/{pending}/application"),
            json!({"phone_number": "0987 654 321"}),
        )
        .await;
    assert_eq!(status, 422, "an unknown field is refused: {unknown}");

    let admitted = admitted_cooperative(&owner, &staff, "HTX Bao La mới").await;
    let (_, before) = owner
        .get(&format!("/api/v1/cooperatives/{admitted}/application"))
        .await;
    let (status, after) = owner
        .patch(
            &format!("/api/v1/cooperatives/{admitted}"),
            json!({"members_count": "30", "street": null}),
        )
        .await;
    assert_eq!(status, 200, "{after}");
    assert_eq!(after["members_count"], 30);
    assert_eq!(after["street"], Value::Null, "null clears the street");
    for field in ["story", "summary", "phone", "local_jobs"] {
        assert_eq!(after[field], before[field], "{field} stays as it was");
    }
}
