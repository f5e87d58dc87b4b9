//! The `hoptac` binary as an operator meets it: bad configuration stops it
//! with one line that names the key, secrets never print, and a second shop
//! runs from any directory on its own data directory.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly; helpers outside #[test] functions too"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn checkout() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// `hoptac` with a clean environment: only what the test sets.
fn hoptac(cwd: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hoptac"));
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOPTAC_CONFIG_DIR", checkout().join("config"))
        .env("HOPTAC__LOG__FILTER", "warn")
        .current_dir(cwd);
    command
}

fn run(command: &mut Command) -> Output {
    command.stdin(Stdio::null()).output().expect("hoptac runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).trim().to_owned()
}

#[test]
fn a_port_that_is_not_a_number_stops_start_up_with_one_line_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(hoptac(dir.path())
        .env("HOPTAC__SERVER__PORT", "abc")
        .arg("serve"));
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("server.port"), "{err}");
    assert!(err.contains("HOPTAC__SERVER__PORT"), "{err}");
}

#[test]
fn an_unknown_key_stops_start_up_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(hoptac(dir.path())
        .env("HOPTAC__SERVER__PROT", "9000")
        .arg("serve"));
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("prot"), "{err}");
}

#[test]
fn an_unreachable_postgresql_stops_start_up_naming_the_backend_without_the_password() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(hoptac(dir.path())
        .env("HOPTAC__DATA_DIR", dir.path())
        .env(
            "HOPTAC__DATABASE__URL",
            "postgres://hoptac:hunter2@127.0.0.1:1/hoptac",
        )
        .env("HOPTAC__DATABASE__CONNECT_TIMEOUT_SECS", "2")
        .arg("serve"));
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    let last = err.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("hoptac: database: cannot reach PostgreSQL"),
        "{err}"
    );
    assert!(!err.contains("hunter2"), "the password leaked: {err}");
}

#[test]
fn check_config_prints_the_configuration_with_secrets_masked() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(hoptac(dir.path())
        .env("HOPTAC__PAYMENTS__STRIPE_SECRET_KEY", "sk_test_very_secret")
        .env("HOPTAC__PAYMENTS__STRIPE_PUBLISHABLE_KEY", "pk_test_shown")
        .env(
            "HOPTAC__PAYMENTS__STRIPE_WEBHOOK_SECRET",
            "whsec_very_secret",
        )
        .env("HOPTAC__MAIL__SMTP_URL", "smtp://user:pw@127.0.0.1:2525")
        .arg("check-config"));
    assert!(output.status.success(), "{}", stderr(&output));
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(out.contains("port = 8080"), "{out}");
    assert!(out.contains("stripe_secret_key = \"********\""), "{out}");
    assert!(
        out.contains("stripe_publishable_key = \"pk_test_shown\""),
        "{out}"
    );
    assert!(
        !out.contains("very_secret") && !out.contains("user:pw"),
        "{out}"
    );
}

/// The backend this test run uses: a fresh PostgreSQL database when asked,
/// else the default SQLite file under the data directory.
async fn database_url() -> (Option<testkit::TestDb>, Option<String>) {
    match testkit::Backend::current() {
        testkit::Backend::Postgres => {
            let db = testkit::TestDb::empty().await;
            let url = db.url.clone();
            (Some(db), Some(url))
        }
        testkit::Backend::Sqlite => (None, None),
    }
}

#[tokio::test]
async fn a_second_shop_runs_from_any_directory_on_its_own_data_dir() {
    eprintln!(
        "[{}] a_second_shop_runs_from_any_directory",
        testkit::Backend::current().name()
    );
    let (_db, url) = database_url().await;
    let cwd = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let port = testkit::free_port();
    let with_env = |command: &mut Command| {
        command
            .env("HOPTAC__DATA_DIR", data.path())
            .env("HOPTAC__SERVER__PORT", port.to_string());
        if let Some(url) = &url {
            command.env("HOPTAC__DATABASE__URL", url);
        }
    };

    let mut seed = hoptac(cwd.path());
    with_env(&mut seed);
    let output = run(seed.args(["seed", "--demo"]));
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(String::from_utf8_lossy(&output.stdout).contains("8 cooperatives"));
    let mut again = hoptac(cwd.path());
    with_env(&mut again);
    let output = run(again.args(["seed", "--demo"]));
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("0 cooperatives, 0 products"),
        "seeding twice adds nothing"
    );

    let mut serve = hoptac(cwd.path());
    with_env(&mut serve);
    let mut child = serve
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let client = reqwest::Client::new();
    let url = format!("http://127.0.0.1:{port}/api/v1/cooperatives");
    let started = Instant::now();
    let body: serde_json::Value = loop {
        if let Ok(response) = client.get(&url).send().await {
            break response.json().await.unwrap();
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the server did not start"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(body["total"], 8);
    let health = client
        .get(format!("http://127.0.0.1:{port}/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status().as_u16(), 200);

    // SIGTERM stops it gracefully, with a zero exit status
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(30);
    let exit = loop {
        if let Some(exit) = child.try_wait().unwrap() {
            break exit;
        }
        assert!(
            Instant::now() < deadline,
            "the server did not stop on SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(exit.success(), "{exit:?}");

    // every piece of embedded state is under the data directory, none in the working directory
    assert!(data.path().join("media/products").is_dir());
    if testkit::Backend::current() == testkit::Backend::Sqlite {
        assert!(data.path().join("hoptac.db").is_file());
    }
    assert_eq!(
        std::fs::read_dir(cwd.path()).unwrap().count(),
        0,
        "nothing was written to the working directory"
    );
}

#[test]
fn migrate_status_lists_every_migration() {
    let data = tempfile::tempdir().unwrap();
    let output = run(hoptac(data.path())
        .env("HOPTAC__DATA_DIR", data.path())
        .args(["migrate", "up"]));
    assert!(output.status.success(), "{}", stderr(&output));
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(
        out.contains("Applied") && out.contains("m20261126_000001_create_users"),
        "{out}"
    );
    assert!(!out.contains("Pending"), "{out}");
}
