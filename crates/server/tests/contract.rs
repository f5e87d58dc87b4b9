//! The API contract, checked by a tool that did not write it: schemathesis
//! (PyPI, installed by `scripts/install-test-deps` into
//! `$HOPTAC_TOOLS/schemathesis`) reads `/api/openapi.json` from a running
//! `hoptac serve` with the demo data (the real binary, on the test run's
//! backend) and walks every documented operation with generated valid and
//! invalid requests. It fails on any 5xx, any status the document does not
//! list for the operation, a content type other than the documented one, or
//! a body that does not match the documented schema.
//!
//! It walks the document three times, as three callers, so that every
//! operation is tried signed out, with a session and with an API token:
//! - union staff with the session cookie and its `X-CSRF-Token`;
//! - the Bao La cooperative's owner with an API token (`Authorization:
//!   Bearer`), the cooperative's, listing's and picture's ids put in the
//!   paths that take them so that its own resources are found, not only
//!   refused as missing;
//! - nobody.
//!
//! Left out, and only from the staff run: `POST /auth/logout`,
//! `POST /auth/sessions/revoke-all` and `DELETE /auth/sessions/{id}`, which
//! would end the very session that run rides on. The token and anonymous
//! runs walk them. Nothing else is left out: the Stripe webhook is walked
//! too (without a valid `Stripe-Signature` it must answer 400).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly; helpers outside #[test] functions too"
)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde_json::{Value, json};

mod common;

/// Test cases per operation and phase; with two workers a run over the
/// whole document takes well under a minute.
const MAX_EXAMPLES: &str = "5";
/// Seconds one request may take before it counts as a failure.
const REQUEST_TIMEOUT: &str = "10";
/// The demo accounts' password (README).
const DEMO_PASSWORD: &str = "demo-hop-tac-2026";

fn tools_dir() -> PathBuf {
    std::env::var("HOPTAC_TOOLS").map_or_else(
        |_| {
            let home = std::env::var("HOME").unwrap_or_else(|_| "/root".into());
            PathBuf::from(home).join(".cache/hoptac/tools")
        },
        PathBuf::from,
    )
}

/// Where `scripts/install-test-deps` puts schemathesis.
fn schemathesis() -> PathBuf {
    tools_dir().join("schemathesis/bin/schemathesis")
}

/// A demo account's session: its cookie value, CSRF token and answer.
async fn sign_in(base: &str, email: &str) -> (String, String, Value) {
    let answer = reqwest::Client::new()
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": email, "password": DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 200, "{email} signs in");
    let cookie = answer
        .cookies()
        .find(|c| c.name() == "hoptac_session")
        .map(|c| c.value().to_owned())
        .expect("a session cookie");
    let body: Value = answer.json().await.unwrap();
    let csrf = body["csrf_token"].as_str().unwrap().to_owned();
    (cookie, csrf, body)
}

async fn get_json(base: &str, path: &str, token: &str) -> Value {
    let answer = reqwest::Client::new()
        .get(format!("{base}{path}"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 200, "GET {path}");
    answer.json().await.unwrap()
}

/// What one schemathesis run found.
struct Walk {
    operations: u64,
    requests: u64,
    failures: u64,
    passed: bool,
    output: String,
}

/// Runs schemathesis over the whole document as one caller.
fn walk(base: &str, who: &str, extra: &[String], config: Option<&Path>) -> Walk {
    let reports = tempfile::tempdir().unwrap();
    let mut command = Command::new(schemathesis());
    if let Some(config) = config {
        command.arg("--config-file").arg(config);
    }
    command
        .arg("run")
        .arg(format!("{base}/api/openapi.json"))
        .args([
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
            "--phases",
            "examples,coverage,fuzzing",
            "--max-examples",
            MAX_EXAMPLES,
            "--workers",
            "2",
            "--request-timeout",
            REQUEST_TIMEOUT,
            "--max-failures",
            "50",
            "--no-color",
            "--report",
            "json",
            "--report-dir",
        ])
        .arg(reports.path())
        .args(extra)
        .env(
            "SCHEMATHESIS_HOOKS",
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemathesis/schemathesis_hooks.py"),
        )
        .env("SCHEMATHESIS_TELEMETRY", "false")
        .env("NO_COLOR", "1")
        // its cache (.schemathesis/) goes with the reports, not into the checkout
        .current_dir(reports.path());
    let output = command.output().unwrap_or_else(|e| {
        panic!(
            "schemathesis runs from {} (`make test` installs it: scripts/install-test-deps): {e}",
            schemathesis().display()
        )
    });
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let report_path = std::fs::read_dir(reports.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "json"))
        .unwrap_or_else(|| panic!("schemathesis ({who}) wrote no report:\n{text}"));
    let report = serde_json::from_slice::<Value>(&std::fs::read(&report_path).unwrap()).unwrap();
    let mut text = text;
    if !output.status.success() {
        // the report holds each failing request in full; keep it past the run
        let dir = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".to_owned());
        let slug: String = who
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let kept = std::path::Path::new(&dir).join(format!("contract-failure-{slug}.json"));
        if std::fs::create_dir_all(&dir).is_ok() && std::fs::copy(&report_path, &kept).is_ok() {
            text.push_str(&format!(
                "\nschemathesis' report, with the failing requests in full: {}\n",
                kept.display()
            ));
        }
    }
    let number = |v: &Value| v.as_u64().unwrap_or(0);
    Walk {
        operations: number(&report["operations"]["tested"]),
        requests: number(&report["test_cases"]["generated"]),
        failures: number(&report["test_cases"]["unique_failures"])
            + report["errors"].as_array().map_or(0, |e| e.len() as u64),
        passed: output.status.success(),
        output: text,
    }
}

#[tokio::test]
async fn every_documented_operation_answers_as_its_contract_says() {
    let backend = testkit::Backend::current().name();
    if !schemathesis().exists() {
        let message = format!(
            "schemathesis is not installed at {} (scripts/install-test-deps installs it)",
            schemathesis().display()
        );
        if std::env::var("HOPTAC_REQUIRE_TOOLS").as_deref() == Ok("1") {
            panic!("{message}, and HOPTAC_REQUIRE_TOOLS=1");
        }
        eprintln!("skipped: the API contract test did not run: {message}");
        return;
    }
    let started = Instant::now();
    let shop = common::serve_with(true).await;
    let base = shop.base().to_owned();

    let (staff_cookie, staff_csrf, _) = sign_in(&base, "nhanvien@hoptac.demo").await;
    let (owner_cookie, owner_csrf, owner) = sign_in(&base, "baola@hoptac.demo").await;
    let coop = owner["user"]["memberships"][0]["cooperative_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let made = reqwest::Client::new()
        .post(format!("{}/api/v1/auth/tokens", base))
        .header("cookie", format!("hoptac_session={owner_cookie}"))
        .header("x-csrf-token", &owner_csrf)
        .json(&json!({"cooperative_id": coop, "name": "contract test"}))
        .send()
        .await
        .unwrap();
    assert_eq!(made.status().as_u16(), 201, "the owner makes an API token");
    let token = made.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let listings = get_json(
        &base,
        &format!("/api/v1/cooperatives/{coop}/products?per_page=100"),
        &token,
    )
    .await;
    let product = listings["items"][0]["id"].as_str().unwrap().to_owned();
    let listing = get_json(
        &base,
        &format!("/api/v1/products/{product}/listing"),
        &token,
    )
    .await;
    let image = listing["images"][0]["id"].as_str().unwrap().to_owned();

    // the owner's own cooperative, listing and picture in the paths that
    // take them (`path.id` per group of paths)
    let config_dir = tempfile::tempdir().unwrap();
    let config = config_dir.path().join("schemathesis.toml");
    std::fs::write(
        &config,
        format!(
            "[[operations]]\n\
             include-path-regex = '^/api/v1/cooperatives/\\{{id\\}}'\n\
             parameters = {{ \"path.id\" = \"{coop}\" }}\n\n\
             [[operations]]\n\
             include-path-regex = '^/api/v1/products/\\{{id\\}}'\n\
             parameters = {{ \"path.id\" = \"{product}\", \"path.image_id\" = \"{image}\" }}\n"
        ),
    )
    .unwrap();

    let header = |name: &str, value: &str| vec!["-H".to_owned(), format!("{name}: {value}")];
    let mut staff_args = header("Cookie", &format!("hoptac_session={staff_cookie}"));
    staff_args.extend(header("X-CSRF-Token", &staff_csrf));
    for path in [
        "/api/v1/auth/logout",
        "/api/v1/auth/sessions/revoke-all",
        "/api/v1/auth/sessions/{id}",
    ] {
        staff_args.extend(["--exclude-path".to_owned(), path.to_owned()]);
    }
    let runs = [
        ("union staff (session cookie)", staff_args, None),
        (
            "cooperative owner (API token)",
            header("Authorization", &format!("Bearer {token}")),
            Some(config.as_path()),
        ),
        ("nobody signed in", Vec::new(), None),
    ];
    let mut failed = Vec::new();
    let (mut operations, mut requests, mut failures) = (0, 0, 0);
    for (who, args, config) in runs {
        let walked = walk(&base, who, &args, config);
        eprintln!(
            "[{backend}] contract as {who}: {} operations, {} requests, {} failures",
            walked.operations, walked.requests, walked.failures
        );
        operations = operations.max(walked.operations);
        requests += walked.requests;
        failures += walked.failures;
        if !walked.passed {
            failed.push(format!("=== schemathesis as {who} ===\n{}", walked.output));
        }
    }
    testkit::report(&format!(
        "API contract (schemathesis): {operations} operations walked as 3 callers, {requests} requests, {failures} failures, {:.0}s",
        started.elapsed().as_secs_f64()
    ));
    assert!(
        failed.is_empty(),
        "the API does not answer as its OpenAPI document says:\n{}",
        failed.join("\n")
    );
}
