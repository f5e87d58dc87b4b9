//! The shop's HTML forms over plain HTTP: errors in place with values kept,
//! redirects after success, CSRF and origin checks, sign-in walls.

use hoptac_tests::users::{PASSWORD, client};
use hoptac_tests::{TestApp, spawn_app};

use crate::announce;

async fn post_form(
    app: &TestApp,
    c: &reqwest::Client,
    path: &str,
    fields: &[(&str, &str)],
) -> (u16, String, String) {
    let response = c.post(app.url(path)).form(fields).send().await.unwrap();
    hoptac_tests::users::form_answer(response).await
}

#[tokio::test]
async fn a_form_with_errors_comes_back_422_with_values_kept_but_never_the_password() {
    announce("a_form_with_errors_comes_back_422_with_values_kept_but_never_the_password");
    let app = spawn_app().await;
    let c = client();
    let (status, _, html) = post_form(
        &app,
        &c,
        "/account/register",
        &[
            ("name", "Nguyễn <b>Lan</b>"),
            ("email", "not-an-address"),
            ("password", "secret-typed"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        html.contains("class=\"error-summary\""),
        "the problems are summarised"
    );
    assert!(
        html.contains("value=\"Nguyễn &lt;b&gt;Lan&lt;/b&gt;\""),
        "the name is kept, escaped"
    );
    assert!(
        html.contains("value=\"not-an-address\""),
        "the e-mail is kept"
    );
    assert!(
        !html.contains("secret-typed"),
        "the password is never sent back"
    );
    assert!(
        html.contains("không phải là địa chỉ email"),
        "the problem is shown in Vietnamese"
    );
}

#[tokio::test]
async fn registering_by_form_signs_in_and_redirects_with_303() {
    announce("registering_by_form_signs_in_and_redirects_with_303");
    let app = spawn_app().await;
    let c = client();
    let (status, location, _) = post_form(
        &app,
        &c,
        "/account/register",
        &[
            ("name", "Lan"),
            ("email", "lan@example.vn"),
            ("password", PASSWORD),
            ("locale", "vi"),
        ],
    )
    .await;
    assert_eq!(
        (status, location.as_str()),
        (303, "/account?notice=registered")
    );
    let account = c
        .get(app.url("/account?notice=registered"))
        .send()
        .await
        .unwrap();
    assert_eq!(account.status().as_u16(), 200);
    let html = account.text().await.unwrap();
    assert!(html.contains("lan@example.vn"));
    assert!(!html.contains("argon2"), "no hash in the page");
}

#[tokio::test]
async fn signing_in_by_form_goes_back_only_to_this_sites_own_pages() {
    announce("signing_in_by_form_goes_back_only_to_this_sites_own_pages");
    let app = spawn_app().await;
    app.person("lan@example.vn", true).await;
    for (next, expected) in [
        ("/sell", "/sell"),
        ("https://evil.example/x", "/account"),
        ("//evil.example", "/account"),
    ] {
        let (status, location, _) = post_form(
            &app,
            &client(),
            "/account/login",
            &[
                ("email", "lan@example.vn"),
                ("password", PASSWORD),
                ("next", next),
            ],
        )
        .await;
        assert_eq!((status, location.as_str()), (303, expected), "next={next}");
    }
    let (status, _, html) = post_form(
        &app,
        &client(),
        "/account/login",
        &[("email", "lan@example.vn"), ("password", "wrong password!")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        html.contains("Email hoặc mật khẩu chưa đúng"),
        "the error is in place"
    );
}

#[tokio::test]
async fn a_signed_in_form_without_its_csrf_token_or_from_elsewhere_is_refused() {
    announce("a_signed_in_form_without_its_csrf_token_or_from_elsewhere_is_refused");
    let app = spawn_app().await;
    let lan = app.person("lan@example.vn", true).await;
    let (status, _, html) = post_form(
        &app,
        &lan.client,
        "/account",
        &[("name", "Lan mới"), ("locale", "vi")],
    )
    .await;
    assert_eq!(status, 403);
    assert!(
        html.contains("<html") && html.contains("form could not be sent"),
        "a page, not JSON"
    );
    let forged = lan
        .client
        .post(app.url("/account"))
        .header("origin", "https://evil.example")
        .form(&[
            ("name", "Lan mới"),
            ("locale", "vi"),
            ("csrf_token", lan.csrf.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status().as_u16(), 403);
    let (status, location, _) = post_form(
        &app,
        &lan.client,
        "/account",
        &[
            ("name", "Lan mới"),
            ("locale", "en"),
            ("csrf_token", lan.csrf.as_str()),
        ],
    )
    .await;
    assert_eq!(
        (status, location.as_str()),
        (303, "/account?notice=profile-saved")
    );
    let (_, me) = lan.get("/api/v1/auth/me").await;
    assert_eq!(me["user"]["name"], "Lan mới");
    assert_eq!(me["user"]["locale"], "en");
}

#[tokio::test]
async fn private_pages_send_visitors_to_sign_in_and_shoppers_away_from_staff_pages() {
    announce("private_pages_send_visitors_to_sign_in_and_shoppers_away_from_staff_pages");
    let app = spawn_app().await;
    for path in [
        "/account",
        "/sell",
        "/seller",
        "/moderation",
        "/moderation/audit-log",
    ] {
        let response = client().get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 303, "{path}");
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        assert!(
            location.starts_with("/account/login?next="),
            "{path} → {location}"
        );
    }
    let shopper = app.person("shopper@example.vn", true).await;
    for path in ["/moderation", "/moderation/audit-log", "/moderation/outbox"] {
        let response = shopper.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 403, "{path}");
    }
    let staff = app.union_staff("staff@hoptac.vn").await;
    for path in ["/moderation", "/moderation/audit-log", "/moderation/outbox"] {
        let response = staff.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 200, "{path}");
    }
}
