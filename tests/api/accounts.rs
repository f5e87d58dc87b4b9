//! Accounts over HTTP: registration, sign-in, throttling, CSRF, sessions,
//! password reset, API tokens — and no secret ever in an answer.

use hoptac_tests::users::{PASSWORD, application, client};
use hoptac_tests::{TestApp, spawn_app};
use serde_json::{Value, json};

use crate::announce;

async fn register(app: &TestApp, email: &str, password: &str) -> (u16, Value) {
    let response = client()
        .post(app.url("/api/v1/auth/register"))
        .json(&json!({"email": email, "password": password, "name": "Lan", "locale": "vi"}))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn no_secrets(body: &str) {
    assert!(!body.contains("argon2"), "a password hash leaked: {body}");
    assert!(!body.contains("password_hash"), "{body}");
}

#[tokio::test]
async fn registering_answers_201_without_any_password_hash() {
    announce("registering_answers_201_without_any_password_hash");
    let app = spawn_app().await;
    let (status, body) = register(&app, "lan@example.vn", PASSWORD).await;
    assert_eq!(status, 201);
    assert_eq!(body["email"], "lan@example.vn");
    assert_eq!(body["email_verified"], false);
    no_secrets(&body.to_string());
}

#[tokio::test]
async fn a_duplicate_registration_answers_409_and_a_weak_password_422() {
    announce("a_duplicate_registration_answers_409_and_a_weak_password_422");
    let app = spawn_app().await;
    assert_eq!(register(&app, "lan@example.vn", PASSWORD).await.0, 201);
    let (status, body) = register(&app, "LAN@example.vn", PASSWORD).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "email_taken");
    let (status, body) = register(&app, "minh@example.vn", "password123").await;
    assert_eq!(status, 422, "{body}");
    assert!(body["error"]["fields"]["password"].is_array(), "{body}");
    let malformed = client()
        .post(app.url("/api/v1/auth/register"))
        .header("content-type", "application/json")
        .body("{\"email\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status().as_u16(), 400);
    let body: Value = malformed.json().await.unwrap();
    assert_eq!(body["error"]["code"], "malformed_json");
}

#[tokio::test]
async fn signing_in_sets_an_http_only_lax_cookie_and_answers_a_csrf_token() {
    announce("signing_in_sets_an_http_only_lax_cookie_and_answers_a_csrf_token");
    let app = spawn_app().await;
    register(&app, "lan@example.vn", PASSWORD).await;
    let response = client()
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "lan@example.vn", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("hoptac_session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(
        !cookie.contains("Secure"),
        "not Secure outside production: {cookie}"
    );
    let body = response.text().await.unwrap();
    no_secrets(&body);
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["csrf_token"].as_str().unwrap().len(), 43);
}

#[tokio::test]
async fn ten_bad_passwords_in_a_row_answer_429_with_retry_after() {
    announce("ten_bad_passwords_in_a_row_answer_429_with_retry_after");
    let app = spawn_app().await;
    register(&app, "lan@example.vn", PASSWORD).await;
    let c = client();
    let mut statuses = Vec::new();
    let mut retry_after = None;
    for _ in 0..11 {
        let response = c
            .post(app.url("/api/v1/auth/login"))
            .json(&json!({"email": "lan@example.vn", "password": "not my password!"}))
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
        if response.status().as_u16() == 429 {
            retry_after = response
                .headers()
                .get("retry-after")
                .map(|v| v.to_str().unwrap().to_owned());
            let body: Value = response.json().await.unwrap();
            assert_eq!(body["error"]["code"], "rate_limited");
        }
    }
    assert_eq!(&statuses[..9], &[401; 9], "{statuses:?}");
    assert_eq!(&statuses[9..], &[429, 429], "{statuses:?}");
    let seconds: u64 = retry_after.expect("Retry-After").parse().unwrap();
    assert!((1..=900).contains(&seconds), "{seconds}");
}

#[tokio::test]
async fn a_cookie_request_without_the_csrf_token_or_from_another_origin_is_refused() {
    announce("a_cookie_request_without_the_csrf_token_or_from_another_origin_is_refused");
    let app = spawn_app().await;
    let lan = app.person("lan@example.vn", true).await;
    let without = lan
        .client
        .post(app.url("/api/v1/cooperatives"))
        .json(&application("HTX Không Token"))
        .send()
        .await
        .unwrap();
    assert_eq!(without.status().as_u16(), 403);
    let body: Value = without.json().await.unwrap();
    assert_eq!(body["error"]["code"], "csrf_failed");
    let wrong = lan
        .client
        .post(app.url("/api/v1/cooperatives"))
        .header("x-csrf-token", "guessed")
        .json(&application("HTX Đoán Token"))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status().as_u16(), 403);
    let foreign = lan
        .client
        .post(app.url("/api/v1/cooperatives"))
        .header("x-csrf-token", &lan.csrf)
        .header("origin", "https://evil.example")
        .json(&application("HTX Nơi Khác"))
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status().as_u16(), 403);
    let body: Value = foreign.json().await.unwrap();
    assert_eq!(body["error"]["code"], "csrf_failed");
    let own = lan
        .client
        .post(app.url("/api/v1/cooperatives"))
        .header("x-csrf-token", &lan.csrf)
        .header("origin", app.address.clone())
        .json(&application("HTX Đúng Chỗ"))
        .send()
        .await
        .unwrap();
    assert_eq!(own.status().as_u16(), 201, "{}", own.text().await.unwrap());
    // reading needs no token
    assert_eq!(
        lan.client
            .get(app.url("/api/v1/auth/me"))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        200
    );
}

#[tokio::test]
async fn a_password_reset_always_answers_202_and_its_link_sets_a_new_password() {
    announce("a_password_reset_always_answers_202_and_its_link_sets_a_new_password");
    let app = spawn_app().await;
    let lan = app.person("lan@example.vn", false).await;
    for email in ["lan@example.vn", "nobody@example.vn", "not-an-address"] {
        let response = client()
            .post(app.url("/api/v1/auth/password-reset"))
            .json(&json!({ "email": email }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 202, "{email}");
        assert_eq!(
            response.text().await.unwrap(),
            "",
            "the same empty answer for {email}"
        );
    }
    let token = app.token_mailed_to("lan@example.vn").await;
    let confirm = client()
        .post(app.url("/api/v1/auth/password-reset/confirm"))
        .json(&json!({"token": token, "password": "an entirely new passphrase"}))
        .send()
        .await
        .unwrap();
    assert_eq!(confirm.status().as_u16(), 200);
    assert_eq!(
        lan.get("/api/v1/auth/me").await.0,
        401,
        "the old session ended"
    );
    let again = client()
        .post(app.url("/api/v1/auth/password-reset/confirm"))
        .json(&json!({"token": token, "password": "yet another passphrase"}))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status().as_u16(), 422);
}

#[tokio::test]
async fn sessions_are_listed_and_signing_out_everywhere_ends_them() {
    announce("sessions_are_listed_and_signing_out_everywhere_ends_them");
    let app = spawn_app().await;
    let phone = app.person("lan@example.vn", true).await;
    let laptop = app.sign_in("lan@example.vn", client()).await;
    let (status, sessions) = laptop.get("/api/v1/auth/sessions").await;
    assert_eq!(status, 200);
    assert_eq!(sessions.as_array().unwrap().len(), 2);
    assert_eq!(
        sessions
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["current"] == true)
            .count(),
        1
    );
    let (status, _) = laptop
        .post("/api/v1/auth/sessions/revoke-all", json!({}))
        .await;
    assert_eq!(status, 204);
    assert_eq!(phone.get("/api/v1/auth/me").await.0, 401);
    assert_eq!(laptop.get("/api/v1/auth/me").await.0, 401);
}

#[tokio::test]
async fn an_api_token_works_without_csrf_only_inside_its_cooperative_until_revoked() {
    announce("an_api_token_works_without_csrf_only_inside_its_cooperative_until_revoked");
    let app = spawn_app().await;
    let staff = app.union_staff("staff@hoptac.vn").await;
    let owner = app.person("owner@example.vn", true).await;
    let coop = hoptac_tests::users::admitted_cooperative(&owner, &staff, "HTX Mây Tre A").await;
    let (status, created) = owner
        .post(
            "/api/v1/auth/tokens",
            json!({"cooperative_id": coop, "name": "kho"}),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let token = created["token"].as_str().unwrap().to_owned();
    let (_, listed) = owner.get("/api/v1/auth/tokens").await;
    assert!(
        !listed.to_string().contains(&token),
        "the secret is shown once only"
    );
    let bearer = reqwest::Client::new();
    let team = bearer
        .get(app.url(&format!("/api/v1/cooperatives/{coop}/members")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(team.status().as_u16(), 200);
    // a token cannot manage the account it belongs to
    let me_tokens = bearer
        .get(app.url("/api/v1/auth/tokens"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(me_tokens.status().as_u16(), 403);
    let id = created["id"].as_str().unwrap();
    let (status, _) = owner
        .send(
            reqwest::Method::DELETE,
            &format!("/api/v1/auth/tokens/{id}"),
            None,
        )
        .await;
    assert_eq!(status, 204);
    let revoked = bearer
        .get(app.url("/api/v1/auth/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status().as_u16(), 401);
    let body: Value = revoked.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_token");
}
