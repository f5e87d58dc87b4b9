//! Accounts over HTTP: registration, sign-in, throttling, CSRF, sessions,
//! password reset, API tokens — and no secret ever in an answer.

use hoptac_tests::users::{PASSWORD, application, client};
use hoptac_tests::{Seed, TestApp, spawn_app, spawn_app_configured};
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

const WRONG: &str = "not my password!";
/// Where an attacker tries from.
const ATTACKER: &str = "203.0.113.66";
/// Where the owner signs in from.
const HOME: &str = "198.51.100.7";

/// The shop as production runs it, behind a proxy that tells the client's
/// address in `X-Forwarded-For`.
async fn behind_a_proxy() -> TestApp {
    spawn_app_configured(
        Seed::Nothing,
        vec![("server.trust_proxy_headers", json!(true))],
    )
    .await
}

/// A sign-in, from `ip` as the proxy says (or from the test's own address).
async fn sign_in_response(
    c: &reqwest::Client,
    app: &TestApp,
    ip: Option<&str>,
    email: &str,
    password: &str,
) -> reqwest::Response {
    let mut request = c
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": email, "password": password}));
    if let Some(ip) = ip {
        request = request.header("x-forwarded-for", ip);
    }
    request.send().await.unwrap()
}

async fn sign_in_from(
    c: &reqwest::Client,
    app: &TestApp,
    ip: Option<&str>,
    email: &str,
    password: &str,
) -> (u16, Value) {
    let response = sign_in_response(c, app, ip, email, password).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// The seconds of `Retry-After`.
pub(crate) fn retry_after(response: &reqwest::Response) -> u64 {
    response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

/// Time passes until every wait is over (the throttle's clock moves back).
pub(crate) async fn the_waits_run_out(app: &TestApp) {
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, IntoActiveModel};
    let back = chrono::Duration::minutes(15) + chrono::Duration::seconds(1);
    for row in entity::login_throttle::Entity::find()
        .all(&app.db.conn)
        .await
        .unwrap()
    {
        let window_start = row.window_start - back;
        let locked_until = row.locked_until.map(|t| t - back);
        let mut row = row.into_active_model();
        row.window_start = Set(window_start);
        row.locked_until = Set(locked_until);
        row.update(&app.db.conn).await.unwrap();
    }
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
async fn bad_passwords_from_one_address_answer_429_with_a_retry_after_that_grows() {
    announce("bad_passwords_from_one_address_answer_429_with_a_retry_after_that_grows");
    let app = spawn_app().await;
    register(&app, "lan@example.vn", PASSWORD).await;
    let c = client();
    let mut statuses = Vec::new();
    for _ in 0..5 {
        let (status, _) = sign_in_from(&c, &app, None, "lan@example.vn", WRONG).await;
        statuses.push(status);
    }
    assert_eq!(statuses, [401; 5], "five free failures");
    let mut waits = Vec::new();
    for _ in 0..3 {
        let response = sign_in_response(&c, &app, None, "lan@example.vn", WRONG).await;
        assert_eq!(response.status().as_u16(), 429);
        waits.push(retry_after(&response));
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "rate_limited");
        // at once again: refused, not counted, even with the right password
        let response = sign_in_response(&c, &app, None, "lan@example.vn", PASSWORD).await;
        assert_eq!(response.status().as_u16(), 429);
        assert!(retry_after(&response) <= *waits.last().unwrap());
        the_waits_run_out(&app).await;
    }
    for (wait, expected) in waits.iter().zip([30, 60, 120]) {
        assert!(
            (expected - 2..=expected).contains(wait),
            "the wait doubles: {waits:?}"
        );
    }
}

#[tokio::test]
async fn the_owner_signs_in_from_a_fresh_address_after_an_attacker_failed_twelve_times() {
    announce("the_owner_signs_in_from_a_fresh_address_after_an_attacker_failed_twelve_times");
    let app = behind_a_proxy().await;
    register(&app, "lan@example.vn", PASSWORD).await;
    let attacker = client();
    for _ in 0..12 {
        sign_in_from(&attacker, &app, Some(ATTACKER), "lan@example.vn", WRONG).await;
        the_waits_run_out(&app).await;
    }
    let response = sign_in_response(&attacker, &app, Some(ATTACKER), "lan@example.vn", WRONG).await;
    assert_eq!(response.status().as_u16(), 429);
    assert!(
        retry_after(&response) > 850,
        "the attacker waits 15 minutes"
    );
    let (status, body) =
        sign_in_from(&client(), &app, Some(HOME), "lan@example.vn", PASSWORD).await;
    assert_eq!(status, 200, "the owner gets in from home: {body}");
    assert_eq!(body["user"]["email"], "lan@example.vn");
}

#[tokio::test]
async fn union_staff_sign_in_from_their_office_while_an_attacker_hammers_their_account() {
    announce("union_staff_sign_in_from_their_office_while_an_attacker_hammers_their_account");
    let app = behind_a_proxy().await;
    app.union_staff("canbo@hoptac.vn").await;
    let attacker = client();
    for _ in 0..10 {
        sign_in_from(&attacker, &app, Some(ATTACKER), "canbo@hoptac.vn", WRONG).await;
        the_waits_run_out(&app).await;
    }
    let (status, _) = sign_in_from(&attacker, &app, Some(ATTACKER), "canbo@hoptac.vn", WRONG).await;
    assert_eq!(status, 429);
    let (status, body) = sign_in_from(
        &client(),
        &app,
        Some("192.0.2.10"),
        "canbo@hoptac.vn",
        PASSWORD,
    )
    .await;
    assert_eq!(status, 200, "staff get in from the office: {body}");
    assert_eq!(body["user"]["role"], "staff");
}

#[tokio::test]
async fn an_attacker_with_many_addresses_is_slowed_at_each_and_forged_forwarded_entries_do_not_help()
 {
    announce(
        "an_attacker_with_many_addresses_is_slowed_at_each_and_forged_forwarded_entries_do_not_help",
    );
    let app = behind_a_proxy().await;
    register(&app, "lan@example.vn", PASSWORD).await;
    let attacker = client();
    for n in 1..=3 {
        let ip = format!("203.0.113.{n}");
        let mut statuses = Vec::new();
        for _ in 0..7 {
            let (status, _) =
                sign_in_from(&attacker, &app, Some(&ip), "lan@example.vn", WRONG).await;
            statuses.push(status);
        }
        assert_eq!(statuses, [401, 401, 401, 401, 401, 429, 429], "{ip}");
    }
    // the proxy appends the address it saw; what the client wrote before it is ignored
    let mut statuses = Vec::new();
    for n in 1..=7 {
        let forged = format!("10.0.0.{n}, 203.0.113.99");
        let (status, _) =
            sign_in_from(&attacker, &app, Some(&forged), "lan@example.vn", WRONG).await;
        statuses.push(status);
    }
    assert_eq!(statuses, [401, 401, 401, 401, 401, 429, 429]);
    let (status, _) = sign_in_from(&client(), &app, Some(HOME), "lan@example.vn", PASSWORD).await;
    assert_eq!(status, 200, "the owner still gets in from home");
}

#[tokio::test]
async fn the_reset_link_signs_the_owner_in_while_their_address_waits() {
    announce("the_reset_link_signs_the_owner_in_while_their_address_waits");
    let app = behind_a_proxy().await;
    register(&app, "lan@example.vn", PASSWORD).await;
    let owner = client();
    for _ in 0..6 {
        sign_in_from(&owner, &app, Some(HOME), "lan@example.vn", WRONG).await;
    }
    let (status, _) = sign_in_from(&owner, &app, Some(HOME), "lan@example.vn", PASSWORD).await;
    assert_eq!(status, 429, "the owner's own mistakes made home wait");
    let requested = owner
        .post(app.url("/api/v1/auth/password-reset"))
        .header("x-forwarded-for", HOME)
        .json(&json!({"email": "lan@example.vn"}))
        .send()
        .await
        .unwrap();
    assert_eq!(requested.status().as_u16(), 202);
    let token = app.token_mailed_to("lan@example.vn").await;
    let confirmed = owner
        .post(app.url("/api/v1/auth/password-reset/confirm"))
        .header("x-forwarded-for", HOME)
        .json(&json!({"token": token, "password": "an entirely new passphrase"}))
        .send()
        .await
        .unwrap();
    assert_eq!(confirmed.status().as_u16(), 200);
    let body: Value = confirmed.json().await.unwrap();
    assert_eq!(body["user"]["email"], "lan@example.vn");
    assert_eq!(body["csrf_token"].as_str().unwrap().len(), 43);
    let me = owner.get(app.url("/api/v1/auth/me")).send().await.unwrap();
    assert_eq!(me.status().as_u16(), 200, "signed in by the link");
    let (status, _) = sign_in_from(
        &client(),
        &app,
        Some(HOME),
        "lan@example.vn",
        "an entirely new passphrase",
    )
    .await;
    assert_eq!(status, 200, "home's failures for the account are forgotten");
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
    let body: Value = confirm.json().await.unwrap();
    assert_eq!(
        body["user"]["email"], "lan@example.vn",
        "the link signs its owner in"
    );
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

#[tokio::test]
async fn the_reset_page_signs_the_owner_in_and_says_so() {
    announce("the_reset_page_signs_the_owner_in_and_says_so");
    let app = spawn_app().await;
    register(&app, "lan@example.vn", PASSWORD).await;
    let owner = client();
    for _ in 0..6 {
        sign_in_from(&owner, &app, None, "lan@example.vn", WRONG).await;
    }
    owner
        .post(app.url("/account/reset"))
        .form(&[("email", "lan@example.vn")])
        .send()
        .await
        .unwrap();
    let token = app.token_mailed_to("lan@example.vn").await;
    let new_password = "an entirely new passphrase";
    let confirmed = owner
        .post(app.url("/account/reset/confirm"))
        .form(&[
            ("token", token.as_str()),
            ("password", new_password),
            ("password_confirm", new_password),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(confirmed.status().as_u16(), 303);
    assert_eq!(
        confirmed.headers()["location"],
        "/account?notice=password-changed"
    );
    let page = owner
        .get(app.url("/account?notice=password-changed&lang=en"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status().as_u16(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("Your password is changed, and you are signed in."),
        "{html}"
    );
}
