//! Running the real `hoptac` binary for a test: a shop (its data directory
//! and, on PostgreSQL, its own database) served by one or more `hoptac serve`
//! processes, each of which can be killed and started again.
#![allow(
    dead_code,
    reason = "every test binary includes this module and uses its own part of it; \
              `expect` would fail in the binaries that happen to use all of it"
)]

use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long a `hoptac serve` gets to answer `/healthz` after it starts.
const START_WITHIN: Duration = Duration::from_secs(30);

/// How long a `hoptac serve` gets to finish after SIGTERM before it is killed.
const STOP_WITHIN: Duration = Duration::from_secs(5);

/// The `hoptac` binary with the environment of one test shop.
pub fn hoptac(data: &Path, port: u16, database_url: Option<&str>) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hoptac"));
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env(
            "HOPTAC_CONFIG_DIR",
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../config"),
        )
        .env("HOPTAC__LOG__FILTER", "warn")
        .env("HOPTAC__DATA_DIR", data)
        .env("HOPTAC__SERVER__PORT", port.to_string());
    if let Some(url) = database_url {
        command.env("HOPTAC__DATABASE__URL", url);
    }
    command
}

/// One `hoptac serve` (or `hoptac worker`) process on a port and data
/// directory of its own. It is stopped when dropped (SIGTERM, then SIGKILL
/// if it lingers), so a failing test leaves no server behind.
pub struct Server {
    child: Option<Child>,
    /// `serve` or `worker`.
    command: &'static str,
    /// Settings of this process's own (`HOPTAC__…` variables).
    env: Vec<(String, String)>,
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    /// The port it listens on, the same after every restart.
    pub port: u16,
    /// Its data directory, the same after every restart.
    pub data: tempfile::TempDir,
    database_url: Option<String>,
    started: u32,
}

impl Server {
    /// Starts `hoptac serve` on `port` and `data`, on the given database
    /// (none: the SQLite file in the data directory).
    fn spawn(data: tempfile::TempDir, port: u16, database_url: Option<String>) -> Self {
        Self::spawn_with("serve", data, port, database_url, Vec::new())
    }

    /// Starts `hoptac <command>` (`serve` or `worker`) on `port` and `data`,
    /// on the given database, with settings of its own in `env`
    /// (`HOPTAC__…` variables); a worker's port is unused.
    pub fn spawn_with(
        command: &'static str,
        data: tempfile::TempDir,
        port: u16,
        database_url: Option<String>,
        env: Vec<(String, String)>,
    ) -> Self {
        let mut server = Self {
            child: None,
            command,
            env,
            base: format!("http://127.0.0.1:{port}"),
            port,
            data,
            database_url,
            started: 0,
        };
        server.start();
        server
    }

    /// The `hoptac` command line on this server's data directory and database.
    pub fn hoptac(&self) -> Command {
        let mut command = hoptac(self.data.path(), self.port, self.database_url.as_deref());
        command.envs(self.env.iter().map(|(k, v)| (k, v)));
        command
    }

    /// What it wrote to its standard error, every start of it.
    pub fn log(&self) -> std::path::PathBuf {
        self.data.path().join(format!("{}.log", self.command))
    }

    /// Starts the process (again, after [`Self::stop`] or [`Self::kill_9`])
    /// without waiting for it: a worker answers no `/healthz`.
    pub fn start(&mut self) {
        assert!(self.child.is_none(), "hoptac serve is already running");
        self.started += 1;
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.log())
            .unwrap();
        let child = self
            .hoptac()
            .arg(self.command)
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap();
        self.child = Some(child);
    }

    /// Waits until it answers `/healthz`; fails with its log if it exits or
    /// does not answer in time.
    pub async fn healthy(&mut self) {
        let started = Instant::now();
        let url = format!("{}/healthz", self.base);
        loop {
            if let Ok(response) = reqwest::get(&url).await
                && response.status().is_success()
            {
                return;
            }
            let child = self.child.as_mut().expect("hoptac serve was started");
            if let Some(status) = child.try_wait().unwrap() {
                panic!(
                    "hoptac serve (start {}) exited with {status}:\n{}",
                    self.started,
                    std::fs::read_to_string(self.log()).unwrap_or_default()
                );
            }
            assert!(
                started.elapsed() < START_WITHIN,
                "hoptac serve (start {}) did not answer /healthz within {START_WITHIN:?}:\n{}",
                self.started,
                std::fs::read_to_string(self.log()).unwrap_or_default()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Kills it with SIGKILL, as a crash or an OOM killer would: no request
    /// is finished, no transaction committed, nothing flushed. Returns how
    /// it ended.
    pub fn kill_9(&mut self) -> ExitStatus {
        let mut child = self.child.take().expect("hoptac serve is running");
        // std's Child::kill is SIGKILL on Unix
        child.kill().unwrap();
        child.wait().unwrap()
    }

    /// Starts it again on the same port, data directory and database, and
    /// waits until it answers.
    pub async fn restart(&mut self) {
        self.start();
        self.healthy().await;
    }

    /// Stops it with SIGTERM (in-flight requests finish) and waits for it;
    /// SIGKILL if it has not ended within a few seconds.
    pub fn stop(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
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

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A shop served by the real binary: its `hoptac serve` processes (the
/// first one owns the SQLite file) and, on PostgreSQL, its database.
pub struct Served {
    /// The processes serving it; the first was started with the shop.
    /// Declared before `db` so that they stop before the database is dropped.
    pub servers: Vec<Server>,
    /// The shop's PostgreSQL database (none on SQLite).
    pub db: Option<testkit::TestDb>,
}

impl Served {
    /// The first process's address.
    pub fn base(&self) -> &str {
        &self.servers[0].base
    }

    /// The `hoptac` command line on the shop (the first process's data
    /// directory and port, the shop's database).
    pub fn hoptac(&self) -> Command {
        self.servers[0].hoptac()
    }

    /// Where the shop's database is, for a test to open it.
    pub fn database_url(&self) -> String {
        match &self.db {
            Some(db) => db.url.clone(),
            None => format!(
                "sqlite://{}",
                self.servers[0].data.path().join("hoptac.db").display()
            ),
        }
    }

    /// Another `hoptac serve` on its own port and data directory and the
    /// same database, as a second process behind a load balancer; returns
    /// once it answers.
    pub async fn add_process(&mut self) -> &mut Server {
        let url = self.db.as_ref().map(|db| db.url.clone());
        let mut server = Server::spawn(tempfile::tempdir().unwrap(), testkit::free_port(), url);
        server.healthy().await;
        self.servers.push(server);
        self.servers.last_mut().unwrap()
    }
}

/// `hoptac serve` on a free port with a database of its own.
pub async fn serve() -> Served {
    serve_with(false).await
}

/// `hoptac serve` on a free port with a database of its own, after
/// `hoptac seed --demo` when `demo` is set.
pub async fn serve_with(demo: bool) -> Served {
    let db = match testkit::Backend::current() {
        testkit::Backend::Postgres => Some(testkit::TestDb::empty().await),
        testkit::Backend::Sqlite => None,
    };
    let url = db.as_ref().map(|db| db.url.clone());
    let data = tempfile::tempdir().unwrap();
    let port = testkit::free_port();
    if demo {
        let seeded = hoptac(data.path(), port, url.as_deref())
            .args(["seed", "--demo"])
            .output()
            .unwrap();
        assert!(
            seeded.status.success(),
            "seed --demo: {}",
            String::from_utf8_lossy(&seeded.stderr)
        );
    }
    let mut server = Server::spawn(data, port, url);
    server.healthy().await;
    Served {
        servers: vec![server],
        db,
    }
}

/// A signed-in client of a served shop.
pub struct Member {
    /// Its client, with the session's cookie.
    pub client: reqwest::Client,
    csrf: String,
    base: String,
}

impl Member {
    /// Signs in at `base` (the address of one process).
    pub async fn sign_in(base: &str, email: &str, password: &str) -> Self {
        // an idle connection is dropped before the server's keep-alive
        // (5 s) could close it under a request sent after a long pause
        // (a command run between two requests)
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .pool_idle_timeout(std::time::Duration::from_secs(2))
            .build()
            .unwrap();
        let login = client
            .post(format!("{base}/api/v1/auth/login"))
            .json(&json!({"email": email, "password": password}))
            .send()
            .await
            .unwrap();
        assert_eq!(login.status().as_u16(), 200, "{email} signs in");
        let csrf = login.json::<Value>().await.unwrap()["csrf_token"]
            .as_str()
            .unwrap()
            .to_owned();
        Self {
            client,
            csrf,
            base: base.to_owned(),
        }
    }

    /// The same session at another process of the shop (`base`).
    pub fn at(&self, base: &str) -> Self {
        Self {
            client: self.client.clone(),
            csrf: self.csrf.clone(),
            base: base.to_owned(),
        }
    }

    /// Calls the API with the session and its CSRF token; the answer's
    /// status and JSON body (`null` when it is not JSON).
    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.base))
            .header("x-csrf-token", &self.csrf);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// Sends a multipart form with the session and its CSRF token.
    pub async fn upload(&self, path: &str, form: reqwest::multipart::Form) -> (u16, Value) {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header("x-csrf-token", &self.csrf)
            .multipart(form)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }
}

/// A multipart form of one file.
pub fn file(field: &str, name: &str, bytes: Vec<u8>) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new().part(
        field.to_owned(),
        reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
    )
}
