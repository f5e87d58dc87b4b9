//! The security bars against a running `hoptac serve` (the real binary, on
//! the test run's backend): CSRF, origin, throttling, no secret in answers.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly; helpers outside #[test] functions too"
)]

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

struct Served {
    child: Child,
    base: String,
    _data: tempfile::TempDir,
    _db: Option<testkit::TestDb>,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

async fn serve() -> Served {
    let data = tempfile::tempdir().unwrap();
    let db = match testkit::Backend::current() {
        testkit::Backend::Postgres => Some(testkit::TestDb::empty().await),
        testkit::Backend::Sqlite => None,
    };
    let port = testkit::free_port();
    let mut command = Command::new(env!("CARGO_BIN_EXE_hoptac"));
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env(
            "HOPTAC_CONFIG_DIR",
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../config"),
        )
        .env("HOPTAC__LOG__FILTER", "warn")
        .env("HOPTAC__DATA_DIR", data.path())
        .env("HOPTAC__SERVER__PORT", port.to_string())
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if let Some(db) = &db {
        command.env("HOPTAC__DATABASE__URL", &db.url);
    }
    let child = command.spawn().unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    while reqwest::get(format!("{base}/healthz")).await.is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "hoptac serve did not start"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Served {
        child,
        base,
        _data: data,
        _db: db,
    }
}

#[tokio::test]
async fn the_security_bars_hold_against_a_running_server() {
    eprintln!(
        "[{}] hoptac serve: csrf, origin, throttling, no secrets",
        testkit::Backend::current().name()
    );
    let s = serve().await;
    let c = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let url = |p: &str| format!("{}{p}", s.base);
    let mut bodies = String::new();
    let registered = c
        .post(url("/api/v1/auth/register"))
        .json(
            &json!({"email": "lan@example.vn", "password": "mây tre đan Bao La 88", "name": "Lan"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(registered.status().as_u16(), 201);
    bodies.push_str(&registered.text().await.unwrap());
    let duplicate = c
        .post(url("/api/v1/auth/register"))
        .json(
            &json!({"email": "lan@example.vn", "password": "mây tre đan Bao La 88", "name": "Lan"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(duplicate.status().as_u16(), 409);
    let login = c
        .post(url("/api/v1/auth/login"))
        .json(&json!({"email": "lan@example.vn", "password": "mây tre đan Bao La 88"}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status().as_u16(), 200);
    let body = login.text().await.unwrap();
    bodies.push_str(&body);
    let csrf = serde_json::from_str::<Value>(&body).unwrap()["csrf_token"]
        .as_str()
        .unwrap()
        .to_owned();

    let without = c
        .post(url("/api/v1/auth/verify-email/resend"))
        .send()
        .await
        .unwrap();
    assert_eq!(without.status().as_u16(), 403);
    assert_eq!(
        without.json::<Value>().await.unwrap()["error"]["code"],
        "csrf_failed"
    );
    let foreign = c
        .post(url("/api/v1/auth/verify-email/resend"))
        .header("x-csrf-token", &csrf)
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status().as_u16(), 403);
    let with = c
        .post(url("/api/v1/auth/verify-email/resend"))
        .header("x-csrf-token", &csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(with.status().as_u16(), 202);
    let me = c
        .get(url("/api/v1/auth/me"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    bodies.push_str(&me);
    bodies.push_str(
        &c.get(url("/account"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );

    let stranger = reqwest::Client::new();
    let mut last = 0;
    for _ in 0..10 {
        last = stranger
            .post(url("/api/v1/auth/login"))
            .json(&json!({"email": "lan@example.vn", "password": "wrong wrong wrong"}))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16();
    }
    assert_eq!(last, 429, "the tenth wrong password is refused with 429");
    assert!(
        !bodies.contains("argon2") && !bodies.contains("password_hash"),
        "a hash leaked"
    );
}
