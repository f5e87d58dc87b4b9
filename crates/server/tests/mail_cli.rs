//! `hoptac mail test`, `hoptac mail status` and `hoptac worker` as an
//! operator meets them, against a real SMTP server (maildev).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly; helpers outside #[test] functions too"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use testkit::maildev::Maildev;

fn checkout() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// `hoptac` on its own data directory (and the test run's database).
struct Hoptac {
    data: tempfile::TempDir,
    db_url: Option<String>,
    _db: Option<testkit::TestDb>,
}

impl Hoptac {
    async fn new() -> Self {
        let (db, db_url) = match testkit::Backend::current() {
            testkit::Backend::Postgres => {
                let db = testkit::TestDb::empty().await;
                let url = db.url.clone();
                (Some(db), Some(url))
            }
            testkit::Backend::Sqlite => (None, None),
        };
        Self {
            data: tempfile::tempdir().unwrap(),
            db_url,
            _db: db,
        }
    }

    fn command(&self, smtp_url: Option<&str>) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_hoptac"));
        command
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOPTAC_CONFIG_DIR", checkout().join("config"))
            .env("HOPTAC__LOG__FILTER", "warn")
            .env("HOPTAC__DATA_DIR", self.data.path())
            .env("HOPTAC__JOBS__RETRY_BASE_SECS", "1")
            .env("HOPTAC__JOBS__RETRY_MAX_SECS", "1")
            .env("HOPTAC__JOBS__POLL_INTERVAL_MS", "100")
            .stdin(Stdio::null());
        if let Some(url) = &self.db_url {
            command.env("HOPTAC__DATABASE__URL", url);
        }
        if let Some(url) = smtp_url {
            command.env("HOPTAC__MAIL__SMTP_URL", url);
        }
        command
    }

    fn run(&self, smtp_url: Option<&str>, args: &[&str]) -> Output {
        self.command(smtp_url).args(args).output().unwrap()
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[tokio::test]
async fn mail_test_delivers_exactly_one_message_through_smtp() {
    eprintln!(
        "[{}] mail test through maildev",
        testkit::Backend::current().name()
    );
    let maildev = Maildev::start().await;
    let hoptac = Hoptac::new().await;
    let output = hoptac.run(
        Some(&maildev.smtp_url()),
        &["mail", "test", "--to", "someone@example.org"],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout(&output).contains("sent through SMTP server 127.0.0.1:"),
        "{}",
        stdout(&output)
    );
    let emails = maildev.wait_for(1).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(maildev.emails().await.len(), 1, "exactly one message");
    assert_eq!(emails[0]["to"][0]["address"], "someone@example.org");
    let status = stdout(&hoptac.run(Some(&maildev.smtp_url()), &["mail", "status"]));
    assert!(
        status.contains("queued 0  sending 0  sent 1  failed 0"),
        "{status}"
    );
}

#[tokio::test]
async fn with_smtp_down_mail_test_queues_and_the_worker_delivers_once_it_is_up() {
    eprintln!(
        "[{}] mail test with SMTP down",
        testkit::Backend::current().name()
    );
    let hoptac = Hoptac::new().await;
    let port = testkit::free_port();
    let smtp_url = format!("smtp://127.0.0.1:{port}");
    let output = hoptac.run(
        Some(&smtp_url),
        &[
            "mail",
            "test",
            "--to",
            "someone@example.org",
            "--locale",
            "en",
        ],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout(&output).contains("it stays queued"),
        "{}",
        stdout(&output)
    );
    let status = stdout(&hoptac.run(Some(&smtp_url), &["mail", "status"]));
    assert!(
        status.contains("queued 1  sending 0  sent 0  failed 0"),
        "{status}"
    );
    assert!(
        status.contains("someone@example.org") && status.contains("last error:"),
        "{status}"
    );

    let maildev = Maildev::start_on(port).await;
    let mut worker = hoptac
        .command(Some(&smtp_url))
        .arg("worker")
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let emails = maildev.wait_for(1).await;
    // give the worker time to (wrongly) send again before counting
    tokio::time::sleep(Duration::from_millis(1500)).await;
    Command::new("kill")
        .args(["-TERM", &worker.id().to_string()])
        .status()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while worker.try_wait().unwrap().is_none() {
        assert!(
            Instant::now() < deadline,
            "the worker did not stop on SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(emails.len(), 1);
    assert_eq!(maildev.emails().await.len(), 1, "delivered exactly once");
    let status = stdout(&hoptac.run(Some(&smtp_url), &["mail", "status"]));
    assert!(
        status.contains("queued 0  sending 0  sent 1  failed 0"),
        "{status}"
    );
}

#[tokio::test]
async fn without_an_smtp_url_a_message_is_one_eml_file_under_the_data_dir() {
    eprintln!(
        "[{}] mail test to a file",
        testkit::Backend::current().name()
    );
    let hoptac = Hoptac::new().await;
    let output = hoptac.run(None, &["mail", "test", "--to", "someone@example.org"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let outbox = hoptac.data.path().join("outbox");
    let files: Vec<PathBuf> = std::fs::read_dir(&outbox)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(files[0].extension().and_then(|e| e.to_str()), Some("eml"));
    let eml = std::fs::read_to_string(&files[0]).unwrap();
    assert!(
        eml.contains("To: ") && eml.contains("someone@example.org"),
        "{eml}"
    );
    assert!(eml.contains("Message-ID: <"), "{eml}");
}

#[tokio::test]
async fn serve_runs_the_worker_beside_the_api() {
    eprintln!(
        "[{}] serve carries out the outbox",
        testkit::Backend::current().name()
    );
    let maildev = Maildev::start().await;
    let hoptac = Hoptac::new().await;
    // queued while SMTP points nowhere, so only a worker can deliver it later
    let down = format!("smtp://127.0.0.1:{}", testkit::free_port());
    hoptac.run(Some(&down), &["mail", "test", "--to", "later@example.org"]);
    let port = testkit::free_port();
    let mut serve = hoptac
        .command(Some(&maildev.smtp_url()))
        .env("HOPTAC__SERVER__PORT", port.to_string())
        .arg("serve")
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let emails = maildev.wait_for(1).await;
    Command::new("kill")
        .args(["-TERM", &serve.id().to_string()])
        .status()
        .unwrap();
    let _ = serve.wait();
    assert_eq!(
        emails.len(),
        1,
        "the server's worker delivered the queued message"
    );
    assert_eq!(emails[0]["to"][0]["address"], "later@example.org");
}
