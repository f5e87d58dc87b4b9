//! The processes a benchmark runs: the release `hoptac` binary (commands
//! and `hoptac serve`) and a Meilisearch server, each stopped when its
//! handle is dropped (SIGTERM, then SIGKILL), so that a failing or panicking
//! benchmark leaves nothing behind.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long a server gets to answer after it starts.
const START_WITHIN: Duration = Duration::from_secs(60);

/// How long a server gets to finish after SIGTERM before it is killed.
const STOP_WITHIN: Duration = Duration::from_secs(10);

/// A TCP port that was free a moment ago on 127.0.0.1.
pub fn free_port() -> Result<u16, String> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free port: {e}"))
}

/// Resident memory of a process in KiB (`VmRSS` of `/proc/<pid>/status`).
pub fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
}

/// A child process that is stopped when dropped.
#[derive(Debug)]
pub struct Running {
    name: String,
    child: Option<Child>,
    log: PathBuf,
}

impl Running {
    /// Starts `command` with its stdout and stderr appended to `log`.
    pub fn spawn(name: &str, mut command: Command, log: &Path) -> Result<Self, String> {
        let out = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .map_err(|e| format!("{}: {e}", log.display()))?;
        let err = out
            .try_clone()
            .map_err(|e| format!("{}: {e}", log.display()))?;
        let child = command
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .map_err(|e| format!("start {name}: {e}"))?;
        Ok(Self {
            name: name.to_owned(),
            child: Some(child),
            log: log.to_owned(),
        })
    }

    /// Its process id.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// Its resident memory in KiB.
    pub fn rss_kib(&self) -> Option<u64> {
        self.pid().and_then(rss_kib)
    }

    /// The end of its log, for an error message.
    pub fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(40)..].join("\n")
    }

    /// Waits until `url` answers with success; fails with the log when the
    /// process exits or does not answer in time.
    pub async fn wait_until_answering(&mut self, url: &str) -> Result<(), String> {
        let client = reqwest::Client::new();
        let started = Instant::now();
        loop {
            if let Ok(response) = client.get(url).send().await
                && response.status().is_success()
            {
                return Ok(());
            }
            let child = self.child.as_mut().ok_or("not running")?;
            if let Ok(Some(status)) = child.try_wait() {
                return Err(format!(
                    "{} exited with {status}:\n{}",
                    self.name,
                    self.log_tail()
                ));
            }
            if started.elapsed() > START_WITHIN {
                return Err(format!(
                    "{} did not answer {url} within {START_WITHIN:?}:\n{}",
                    self.name,
                    self.log_tail()
                ));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Stops it: SIGTERM, then SIGKILL if it has not ended in time.
    pub fn stop(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let asked = Instant::now();
        while asked.elapsed() < STOP_WITHIN {
            if let Ok(Some(_)) = child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = child.kill();
        let _ = child.wait();
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The `hoptac` binary with the environment of one benchmarked shop.
#[derive(Clone, Debug)]
pub struct Hoptac {
    bin: PathBuf,
    env: Vec<(String, String)>,
    /// Where its state and logs go.
    pub data: PathBuf,
    /// The port `hoptac serve` listens on.
    pub port: u16,
}

impl Hoptac {
    /// The binary at `bin` on the configuration in `config_dir`, the
    /// database at `database_url`, with `data` as its data directory, on a
    /// free port, logging only warnings. `HOPTAC__*` variables of the
    /// benchmark's own environment are passed on (to tune a run), under the
    /// ones set here.
    pub fn new(
        bin: &Path,
        config_dir: &Path,
        database_url: &str,
        data: &Path,
    ) -> Result<Self, String> {
        if !bin.is_file() {
            return Err(format!(
                "no hoptac binary at {} (build it: cargo build --release -p server --bin hoptac, or set HOPTAC_BIN)",
                bin.display()
            ));
        }
        std::fs::create_dir_all(data).map_err(|e| format!("{}: {e}", data.display()))?;
        let port = free_port()?;
        let mut env: Vec<(String, String)> = std::env::vars()
            .filter(|(k, _)| k.starts_with("HOPTAC__"))
            .collect();
        for (k, v) in [
            ("HOPTAC_CONFIG_DIR", config_dir.display().to_string()),
            ("HOPTAC__LOG__FILTER", "warn".to_owned()),
            ("HOPTAC__DATA_DIR", data.display().to_string()),
            ("HOPTAC__SERVER__PORT", port.to_string()),
            (
                "HOPTAC__SERVER__PUBLIC_URL",
                format!("http://127.0.0.1:{port}"),
            ),
            ("HOPTAC__DATABASE__URL", database_url.to_owned()),
        ] {
            env.retain(|(key, _)| key != k);
            env.push((k.to_owned(), v));
        }
        Ok(Self {
            bin: bin.to_owned(),
            env,
            data: data.to_owned(),
            port,
        })
    }

    /// The same shop with one more setting (`HOPTAC__…`).
    pub fn with_setting(mut self, key: &str, value: &str) -> Self {
        self.env.retain(|(k, _)| k != key);
        self.env.push((key.to_owned(), value.to_owned()));
        self
    }

    /// The same shop keeping no public reads in memory: every request is
    /// answered from the database and the search index.
    pub fn without_read_cache(self) -> Self {
        self.with_setting("HOPTAC__SERVER__READ_CACHE_MB", "0")
    }

    /// The same shop searching through Meilisearch at `url` with `key`.
    pub fn on_meilisearch(mut self, url: &str, key: &str) -> Self {
        for (k, v) in [
            ("HOPTAC__SEARCH__MEILISEARCH_URL", url),
            ("HOPTAC__SEARCH__MEILISEARCH_API_KEY", key),
        ] {
            self.env.retain(|(key, _)| key != k);
            self.env.push((k.to_owned(), v.to_owned()));
        }
        self
    }

    /// The same shop on another data directory and port.
    pub fn elsewhere(mut self, data: &Path) -> Result<Self, String> {
        std::fs::create_dir_all(data).map_err(|e| format!("{}: {e}", data.display()))?;
        self.data = data.to_owned();
        self.port = free_port()?;
        for (k, v) in [
            ("HOPTAC__DATA_DIR", data.display().to_string()),
            ("HOPTAC__SERVER__PORT", self.port.to_string()),
            (
                "HOPTAC__SERVER__PUBLIC_URL",
                format!("http://127.0.0.1:{}", self.port),
            ),
        ] {
            self.env.retain(|(key, _)| key != k);
            self.env.push((k.to_owned(), v));
        }
        Ok(self)
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn command(&self) -> Command {
        let mut command = Command::new(&self.bin);
        command
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        command
    }

    /// Runs `hoptac <args>` to the end; its output, or an error with it.
    pub async fn run(&self, args: &[&str]) -> Result<String, String> {
        let mut command = tokio::process::Command::from(self.command());
        command.args(args).kill_on_drop(true);
        let output = command
            .output()
            .await
            .map_err(|e| format!("hoptac {}: {e}", args.join(" ")))?;
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        if output.status.success() {
            Ok(text)
        } else {
            Err(format!(
                "hoptac {} exited with {}:\n{text}",
                args.join(" "),
                output.status
            ))
        }
    }

    /// Starts `hoptac serve` and waits until it answers `/healthz`.
    pub async fn serve(&self) -> Result<Running, String> {
        let mut command = self.command();
        command.arg("serve");
        let mut running = Running::spawn("hoptac serve", command, &self.data.join("serve.log"))?;
        running
            .wait_until_answering(&format!("{}/healthz", self.base()))
            .await?;
        Ok(running)
    }
}

/// A Meilisearch server on a free port with a random master key and a
/// temporary database, removed with it.
#[derive(Debug)]
pub struct Meilisearch {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    /// Its port.
    pub port: u16,
    /// Its master key.
    pub key: String,
    // declared before `_dir` so that the server stops before its files go
    process: Running,
    _dir: tempfile::TempDir,
}

impl Meilisearch {
    /// Starts the binary at `bin` and waits until it is available.
    pub async fn start(bin: &Path) -> Result<Self, String> {
        if !bin.is_file() {
            return Err(format!("MEILI_BIN={}: no such file", bin.display()));
        }
        let dir = tempfile::tempdir().map_err(|e| format!("temp dir: {e}"))?;
        let port = free_port()?;
        let key = uuid::Uuid::new_v4().simple().to_string();
        let mut command = Command::new(bin);
        command
            .arg("--db-path")
            .arg(dir.path().join("data.ms"))
            .arg("--dump-dir")
            .arg(dir.path().join("dumps"))
            .arg("--snapshot-dir")
            .arg(dir.path().join("snapshots"))
            .args(["--http-addr", &format!("127.0.0.1:{port}")])
            .args(["--master-key", &key])
            .args([
                "--no-analytics",
                "--env",
                "development",
                "--log-level",
                "WARN",
            ]);
        let mut process = Running::spawn("meilisearch", command, &dir.path().join("meili.log"))?;
        let url = format!("http://127.0.0.1:{port}");
        process
            .wait_until_answering(&format!("{url}/health"))
            .await?;
        Ok(Self {
            url,
            port,
            key,
            process,
            _dir: dir,
        })
    }

    /// Its version, as `/version` reports it.
    pub async fn version(&self) -> Option<String> {
        let response = reqwest::Client::new()
            .get(format!("{}/version", self.url))
            .bearer_auth(&self.key)
            .send()
            .await
            .ok()?;
        let body: serde_json::Value = response.json().await.ok()?;
        body["pkgVersion"].as_str().map(str::to_owned)
    }

    /// Its resident memory in KiB.
    pub fn rss_kib(&self) -> Option<u64> {
        self.process.rss_kib()
    }
}
