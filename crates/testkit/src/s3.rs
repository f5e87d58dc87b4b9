//! An S3 API server for tests: moto (PyPI) in server mode. `make test`
//! installs it (scripts/install-test-deps) into `$HOPTAC_TOOLS/moto`.
//!
//! One moto process serves a whole test process: the first test that asks
//! for S3 starts it on a free port, and it stops when the test process ends,
//! however that ends: moto runs under a watchdog that exits as soon as its
//! standard input (a pipe that only this process holds) closes. A server
//! left running by someone else is never used.
//!
//! Each test gets an [`S3Server`] of its own: a bucket with a fresh name,
//! whose `media/` prefix anyone may read (as the shop's bucket policy has it)
//! and whose `private/` prefix only signed requests reach, and a small TCP
//! relay of ours in front of moto. The application is pointed at the relay,
//! so that a test can make its bucket unreachable for a while
//! ([`S3Server::disconnect`]: the port refuses connections) and bring it
//! back ([`S3Server::reconnect`]) with everything it stored still there
//! (moto keeps objects in memory, so stopping moto itself would lose them),
//! without disturbing the other tests that share moto.
//!
//! [`S3Server::settings`] gives the `[media]` settings that point the
//! application at the bucket (for `spawn_app_configured`).

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path;
use object_store::{Attribute, ObjectStore, ObjectStoreExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OnceCell, watch};

/// The region the buckets are in.
pub const REGION: &str = "us-east-1";
/// The access key id tests give the application.
pub const ACCESS_KEY_ID: &str = "hoptac-test-key";
/// The secret access key tests give the application.
pub const SECRET_ACCESS_KEY: &str = "hoptac-test-secret";
/// The version `scripts/install-test-deps` installs.
pub const MOTO_VERSION: &str = "5.2.5";

/// Where `scripts/install-test-deps` puts moto's virtualenv.
pub fn virtualenv() -> PathBuf {
    crate::tools_dir().join("moto")
}

/// Where `scripts/install-test-deps` puts `moto_server`.
pub fn executable() -> PathBuf {
    virtualenv().join("bin/moto_server")
}

/// A file as the bucket holds it.
#[derive(Clone, Debug)]
pub struct StoredObject {
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// Its `Content-Type`, as stored.
    pub content_type: Option<String>,
    /// Its `Cache-Control`, as stored.
    pub cache_control: Option<String>,
}

/// The test process's moto. Never dropped: it ends with the process (see
/// [`WATCHDOG`]).
struct Moto {
    port: u16,
    _child: Child,
    _stdin: ChildStdin,
    _dir: tempfile::TempDir,
}

/// Runs moto's server after starting a thread that ends the Python process
/// when standard input reaches its end, i.e. when the test process that
/// holds the other end of the pipe is gone.
const WATCHDOG: &str = "\
import os, sys, threading
def watch():
    sys.stdin.buffer.read()
    os._exit(0)
threading.Thread(target=watch, daemon=True).start()
from moto.server import main
main(sys.argv[1:])
";

static MOTO: OnceCell<Result<Moto, String>> = OnceCell::const_new();

impl Moto {
    async fn shared() -> &'static Self {
        match MOTO.get_or_init(Self::start).await {
            Ok(moto) => moto,
            Err(why) => panic!("{why}"),
        }
    }

    async fn start() -> Result<Self, String> {
        let python = virtualenv().join("bin/python");
        let dir = tempfile::tempdir().map_err(|e| format!("moto's working directory: {e}"))?;
        let log = dir.path().join("moto.log");
        let log_file = std::fs::File::create(&log)
            .map_err(|e| format!("moto's log {}: {e}", log.display()))?;
        let port = crate::free_port();
        let mut child = Command::new(&python)
            .args(["-c", WATCHDOG, "-H", "127.0.0.1", "-p", &port.to_string()])
            .current_dir(dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::from(log_file))
            .spawn()
            .map_err(|e| {
                format!(
                    "moto runs with {} (`make test` installs it: scripts/install-test-deps): {e}",
                    python.display()
                )
            })?;
        let Some(stdin) = child.stdin.take() else {
            let _ = child.kill();
            return Err("moto's standard input".to_owned());
        };
        let moto = Self {
            port,
            _child: child,
            _stdin: stdin,
            _dir: dir,
        };
        let started = Instant::now();
        loop {
            let answer = reqwest::get(moto.url("/")).await;
            if answer.is_ok_and(|r| r.status().is_success()) {
                break;
            }
            if started.elapsed() > Duration::from_secs(60) {
                let log = std::fs::read_to_string(&log).unwrap_or_default();
                return Err(format!("moto did not start on port {port} in 60 s: {log}"));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        crate::report(&format!(
            "moto started on port {port} for this test process ({}), {:.1} s",
            executable().display(),
            started.elapsed().as_secs_f32()
        ));
        Ok(moto)
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

/// A bucket of one test's own in the test process's moto, reached through
/// a relay that can be cut; the relay stops when dropped.
pub struct S3Server {
    moto: &'static Moto,
    bucket: String,
    relay_port: u16,
    up: watch::Sender<bool>,
    relay: tokio::task::JoinHandle<()>,
}

impl S3Server {
    /// A bucket for the test `what`, or, when moto is not installed, a
    /// plain word that the test is skipped and `None`. Under
    /// `HOPTAC_REQUIRE_TOOLS=1` (as `make test` runs) a missing moto fails
    /// the test instead.
    pub async fn start_or_skip(what: &str) -> Option<Self> {
        let exe = executable();
        if !exe.is_file() {
            let message = format!(
                "moto is not installed at {} (scripts/install-test-deps installs it)",
                exe.display()
            );
            assert!(
                !crate::tools_required(),
                "{what}: {message}, and HOPTAC_REQUIRE_TOOLS=1"
            );
            let line = format!("skipped: {what} did not run against S3: {message}");
            // straight to the terminal: the test harness keeps what a
            // passing test prints with eprintln! to itself
            let _ = writeln!(std::io::stderr(), "{line}");
            crate::report(&line);
            return None;
        }
        Some(Self::start().await)
    }

    /// A bucket of its own in moto (started if this test process has none
    /// yet) and a relay in front; panics when moto is missing or does not
    /// start.
    pub async fn start() -> Self {
        let moto = Moto::shared().await;
        let bucket = format!("hoptac-{}", uuid::Uuid::new_v4().simple());
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a port for the relay");
        let relay_port = listener.local_addr().expect("relay address").port();
        let (up, watching) = watch::channel(true);
        let relay = tokio::spawn(relay(listener, relay_port, moto.port, watching));
        let server = Self {
            moto,
            bucket,
            relay_port,
            up,
            relay,
        };
        server.make_bucket().await;
        server
    }

    // moto takes these set-up requests unsigned (it checks no signature
    // unless told to); the policy is the one the README gives for the shop's
    // bucket: pictures public, documents not.
    async fn make_bucket(&self) {
        let made = reqwest::Client::new()
            .put(self.moto.url(&format!("/{}", self.bucket)))
            .send()
            .await
            .expect("moto answers");
        assert!(made.status().is_success(), "bucket made: {made:?}");
        self.set_policy(None).await;
    }

    async fn set_policy(&self, refused_uploads: Option<&str>) {
        let bucket = &self.bucket;
        let mut statements = vec![serde_json::json!({
            "Sid": "PublicPictures",
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": format!("arn:aws:s3:::{bucket}/media/*"),
        })];
        if let Some(pattern) = refused_uploads {
            statements.push(serde_json::json!({
                "Sid": "RefusedUploads",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:PutObject",
                "Resource": format!("arn:aws:s3:::{bucket}/{pattern}"),
            }));
        }
        let policy = serde_json::json!({ "Version": "2012-10-17", "Statement": statements });
        let set = reqwest::Client::new()
            .put(self.moto.url(&format!("/{bucket}?policy")))
            .header("content-type", "application/json")
            .body(policy.to_string())
            .send()
            .await
            .expect("moto answers");
        assert!(set.status().is_success(), "bucket policy set: {set:?}");
    }

    /// Has the bucket refuse (403) uploads to keys matching `pattern` (a
    /// bucket policy's `*` wildcards, e.g. `media/products/*/medium.jpg`)
    /// while it still takes the others and deletions; `None` lifts it.
    pub async fn refuse_uploads(&self, pattern: Option<&str>) {
        self.set_policy(pattern).await;
    }

    /// The address the application is given (`media.s3_endpoint`): the
    /// relay, which [`Self::disconnect`] cuts.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.relay_port)
    }

    /// The bucket's name.
    pub fn bucket(&self) -> &str {
        &self.bucket
    }

    /// Where anyone reads the bucket's `media/` files
    /// (`media.public_base_url`), path-style.
    pub fn public_base_url(&self) -> String {
        format!("{}/{}/media", self.endpoint(), self.bucket)
    }

    /// The `[media]` settings that put the application's pictures and
    /// documents in this bucket, for `spawn_app_configured`.
    pub fn settings(&self) -> Vec<(&'static str, serde_json::Value)> {
        vec![
            ("media.s3_bucket", self.bucket.clone().into()),
            ("media.s3_region", REGION.into()),
            ("media.s3_endpoint", self.endpoint().into()),
            ("media.s3_allow_http", true.into()),
            ("media.s3_access_key_id", ACCESS_KEY_ID.into()),
            ("media.s3_secret_access_key", SECRET_ACCESS_KEY.into()),
            ("media.public_base_url", self.public_base_url().into()),
        ]
    }

    /// Makes the bucket unreachable: open connections are cut and the
    /// endpoint refuses new ones until [`Self::reconnect`]. What the bucket
    /// holds stays.
    pub async fn disconnect(&self) {
        self.up.send_replace(false);
        self.wait_for_port(false).await;
    }

    /// Makes the bucket reachable again at the same endpoint.
    pub async fn reconnect(&self) {
        self.up.send_replace(true);
        self.wait_for_port(true).await;
    }

    async fn wait_for_port(&self, open: bool) {
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", self.relay_port))
            .await
            .is_ok()
            != open
        {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "the relay on port {} did not {} in 10 s",
                self.relay_port,
                if open { "open" } else { "close" }
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// A client on the bucket with the test's credentials, straight to moto
    /// (it works while the relay is cut).
    pub fn store(&self) -> AmazonS3 {
        AmazonS3Builder::new()
            .with_bucket_name(&self.bucket)
            .with_region(REGION)
            .with_endpoint(self.moto.url(""))
            .with_allow_http(true)
            .with_access_key_id(ACCESS_KEY_ID)
            .with_secret_access_key(SECRET_ACCESS_KEY)
            .build()
            .expect("an S3 client on moto")
    }

    /// The file at `key` (the whole key in the bucket, e.g.
    /// `media/products/…/small.jpg`), read with credentials; `None` when
    /// there is none.
    pub async fn object(&self, key: &str) -> Option<StoredObject> {
        let found = match self.store().get(&Path::from(key)).await {
            Ok(found) => found,
            Err(object_store::Error::NotFound { .. }) => return None,
            Err(e) => panic!("moto reads {key}: {e}"),
        };
        let attribute = |a: &Attribute| found.attributes.get(a).map(|v| v.to_string());
        let content_type = attribute(&Attribute::ContentType);
        let cache_control = attribute(&Attribute::CacheControl);
        let bytes = found.bytes().await.expect("moto sends the bytes");
        Some(StoredObject {
            bytes: bytes.to_vec(),
            content_type,
            cache_control,
        })
    }

    /// Every key in the bucket under `prefix` (e.g. `private/`; `""` for
    /// all), sorted.
    pub async fn keys(&self, prefix: &str) -> Vec<String> {
        use futures::TryStreamExt as _;
        let store = self.store();
        let prefix = (!prefix.is_empty()).then(|| Path::from(prefix));
        let mut keys: Vec<String> = store
            .list(prefix.as_ref())
            .map_ok(|meta| meta.location.to_string())
            .try_collect()
            .await
            .expect("moto lists the bucket");
        keys.sort();
        keys
    }

    /// The status an anonymous `GET` of `key` gets from the bucket's public
    /// address (path-style, as a browser would ask).
    pub async fn anonymous_status(&self, key: &str) -> u16 {
        reqwest::get(format!("{}/{}/{key}", self.endpoint(), self.bucket))
            .await
            .expect("the bucket answers")
            .status()
            .as_u16()
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        self.relay.abort();
    }
}

/// Relays connections from `listener` to moto while `up` says so; when it
/// turns false, drops the listener (the port refuses connections) and cuts
/// the connections open, then binds the same port again once it turns true.
async fn relay(listener: TcpListener, port: u16, moto_port: u16, mut up: watch::Receiver<bool>) {
    let mut listener = Some(listener);
    loop {
        if up.wait_for(|up| *up).await.is_err() {
            return;
        }
        let bound = match listener.take() {
            Some(bound) => bound,
            None => match rebind(port).await {
                Some(bound) => bound,
                None => return,
            },
        };
        let for_pipes = up.clone();
        loop {
            tokio::select! {
                accepted = bound.accept() => {
                    let Ok((client, _)) = accepted else { continue };
                    tokio::spawn(pipe(client, moto_port, for_pipes.clone()));
                }
                down = up.wait_for(|up| !*up) => {
                    if down.is_err() {
                        return;
                    }
                    break;
                }
            }
        }
    }
}

/// Binds the relay's port again (another process may hold it for a moment).
async fn rebind(port: u16) -> Option<TcpListener> {
    let started = Instant::now();
    loop {
        match TcpListener::bind(("127.0.0.1", port)).await {
            Ok(listener) => return Some(listener),
            Err(e) if started.elapsed() > Duration::from_secs(10) => {
                eprintln!("the S3 relay could not bind port {port} again: {e}");
                return None;
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
}

/// Copies one connection both ways until either side closes or the relay
/// is cut.
async fn pipe(mut client: TcpStream, moto_port: u16, mut up: watch::Receiver<bool>) {
    let Ok(mut server) = TcpStream::connect(("127.0.0.1", moto_port)).await else {
        return;
    };
    tokio::select! {
        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
        _ = up.wait_for(|up| !*up) => {}
    }
}
