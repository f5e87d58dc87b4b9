//! A real Meilisearch server for tests, started on a free port with a
//! random master key and a data directory of its own, and stopped
//! afterwards.
//!
//! The binary is found through `MEILI_BIN` (the server binary itself, or
//! the `.gz` the project ships for CI under `shared/tools/meilisearch/`,
//! unpacked once into `$HOPTAC_TOOLS/meilisearch/`) or, failing that, as
//! `meilisearch` on `PATH`. [`binary`] says whether there is one;
//! [`Meilisearch::shared`] is one server for the whole test process,
//! [`Meilisearch::start`] one of the caller's own (for a test that stops or
//! shares it between processes).
//!
//! Each server runs under a small `sh` watcher whose standard input is a
//! pipe from the test process: when the test process drops the server, or
//! ends in any way (a panic, a `kill -9`), the pipe closes and the watcher
//! stops the server and removes its data directory. A server started once
//! per process for every test thus never outlives the process.
#![expect(clippy::expect_used, reason = "test support fails loudly")]

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use sha2::{Digest as _, Sha256};

/// The environment variable naming the binary (or its `.gz`).
pub const BIN_VAR: &str = "MEILI_BIN";

/// The line tests print when there is no binary and the run does not
/// require one.
pub const SKIPPED: &str = "skipped: no Meilisearch binary (MEILI_BIN or PATH)";

/// Archives we know, with the sha256 of the binary inside.
const KNOWN_ARCHIVES: &[(&str, &str)] = &[(
    "meilisearch-1.50.0-linux-x86_64.gz",
    "6d34df978c991a81dd220a8232068c7c267df9a96b63daa92fdbd5715bdd32b6",
)];

/// How long a server may take to answer `/health`.
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// Whether this test run must have every outside tool (`make test` and CI
/// set `HOPTAC_REQUIRE_TOOLS=1`): then a missing binary fails the tests
/// instead of skipping them.
pub fn required() -> bool {
    std::env::var("HOPTAC_REQUIRE_TOOLS").is_ok_and(|v| v == "1")
}

/// Why the Meilisearch tests are to be listed as ignored (printed after
/// [`SKIPPED`]), or `None` when they run. They are skipped only when no
/// binary is found, none was named, and the run does not require every
/// tool: a `MEILI_BIN` that cannot be used fails them, since the backend
/// was asked for.
pub fn skip_reason() -> Option<String> {
    let why = binary().err()?;
    let named = std::env::var_os(BIN_VAR).is_some_and(|v| !v.is_empty());
    (!named && !required()).then_some(why)
}

/// Where unpacked tools are kept (`$HOPTAC_TOOLS`, else
/// `~/.cache/hoptac/tools`).
fn tools_dir() -> PathBuf {
    std::env::var("HOPTAC_TOOLS").map_or_else(
        |_| {
            let home = std::env::var("HOME").unwrap_or_else(|_| "/root".into());
            PathBuf::from(home).join(".cache/hoptac/tools")
        },
        PathBuf::from,
    )
}

/// The Meilisearch binary to run, unpacked when `MEILI_BIN` names a `.gz`;
/// `Err` says why there is none.
pub fn binary() -> Result<PathBuf, String> {
    static FOUND: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    FOUND.get_or_init(find).clone()
}

fn find() -> Result<PathBuf, String> {
    if let Some(given) = std::env::var_os(BIN_VAR).filter(|v| !v.is_empty()) {
        let given = PathBuf::from(given);
        if !given.is_file() {
            return Err(format!("{BIN_VAR}={} is not a file", given.display()));
        }
        return if given.extension().is_some_and(|e| e == "gz") {
            unpack(&given)
        } else {
            Ok(given)
        };
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join("meilisearch"))
        .find(|candidate| candidate.is_file())
        .ok_or_else(|| format!("{BIN_VAR} is not set and no `meilisearch` is on PATH"))
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Size and modification time of a file, to tell whether it changed.
fn fingerprint(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    let modified = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some(format!("{}:{}", meta.len(), modified.as_nanos()))
}

/// What `stamp` records: the archive and the binary unpacked from it.
fn stamp_of(archive: &Path, binary: &Path) -> Option<String> {
    Some(format!(
        "{} {}\n",
        fingerprint(archive)?,
        fingerprint(binary)?
    ))
}

/// Unpacks `archive` once into `$HOPTAC_TOOLS/meilisearch/<name>/` and
/// checks the binary against the known sha256. A stamp beside the binary
/// records both files as they were then, so that later test processes
/// reuse it without reading 60 MB again; a changed archive or binary is
/// unpacked anew. Concurrent test processes each write a file of their own
/// and rename it into place.
fn unpack(archive: &Path) -> Result<PathBuf, String> {
    let name = archive
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let expected = KNOWN_ARCHIVES
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(_, sha)| *sha);
    let stem = name.trim_end_matches(".gz");
    let dir = tools_dir().join("meilisearch").join(stem);
    let target = dir.join("meilisearch");
    let stamp = dir.join("meilisearch.stamp");
    // no stamp and no binary (a fresh machine) must not count as a match
    if let (Ok(recorded), Some(now)) = (std::fs::read_to_string(&stamp), stamp_of(archive, &target))
        && recorded == now
    {
        return Ok(target);
    }
    let file =
        std::fs::File::open(archive).map_err(|e| format!("open {}: {e}", archive.display()))?;
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("unpack {}: {e}", archive.display()))?;
    if let Some(sha) = expected {
        let found = sha256_hex(&bytes);
        if found != sha {
            return Err(format!(
                "{} unpacks to a binary with sha256 {found}, expected {sha}",
                archive.display()
            ));
        }
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("create {}: {e}", dir.display()))?;
    let partial = dir.join(format!(".meilisearch.{}", std::process::id()));
    std::fs::write(&partial, &bytes).map_err(|e| format!("write {}: {e}", partial.display()))?;
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&partial, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| format!("chmod {}: {e}", partial.display()))?;
    }
    std::fs::rename(&partial, &target)
        .map_err(|e| format!("rename into {}: {e}", target.display()))?;
    if let Some(recorded) = stamp_of(archive, &target) {
        let partial = dir.join(format!(".meilisearch.stamp.{}", std::process::id()));
        // without a stamp the next process unpacks again: slower, not wrong
        if std::fs::write(&partial, recorded).is_ok() {
            let _ = std::fs::rename(&partial, &stamp);
        }
    }
    Ok(target)
}

/// A running Meilisearch; stopped, and its data removed, when dropped (or
/// when the test process ends, for [`Meilisearch::shared`]).
pub struct Meilisearch {
    /// Its port on 127.0.0.1.
    pub port: u16,
    key: String,
    binary: PathBuf,
    watcher: Child,
    /// Closing it tells the watcher to stop the server.
    lifeline: Option<ChildStdin>,
}

/// Stops the server and removes its directory when standard input closes.
/// `$1` is the directory; the rest is the command. The server's exit status
/// is written to `exited` when it ends by itself (a port taken meanwhile, a
/// bad flag), so that [`Meilisearch::start`] need not wait for a time-out.
const WATCHER: &str = r#"root=$1; shift
( "$@" </dev/null >"$root/meilisearch.log" 2>&1 & server=$!
  echo "$server" >"$root/pid"
  wait "$server"; echo "$?" >"$root/exited.tmp"; mv "$root/exited.tmp" "$root/exited" ) 2>/dev/null &
while [ ! -s "$root/pid" ]; do sleep 0.01; done
server=$(cat "$root/pid")
# standard input is a pipe from the test process: it closes when the test
# drops the server or ends, however it ends (a panic, an abort, kill -9)
cat >/dev/null
kill "$server" 2>/dev/null
i=0
while kill -0 "$server" 2>/dev/null && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
kill -9 "$server" 2>/dev/null
wait
rm -rf "$root"
"#;

/// Starts before giving up when the server ends at once (most likely a
/// port taken between choosing it and binding it).
const START_ATTEMPTS: u32 = 3;

/// Why a start did not give a healthy server.
enum Failed {
    /// It ended by itself; worth another port.
    Exited(String),
    /// It did not answer in time.
    TimedOut(String),
}

impl Meilisearch {
    /// One server for the whole test process, started on first use. Panics
    /// when there is no binary: callers check [`binary`] first, and skip
    /// (saying [`SKIPPED`]) only when the run does not require it.
    ///
    /// It is never dropped (a static): the watcher's pipe closes when the
    /// process ends, which stops it. (`PR_SET_PDEATHSIG` would not do: it
    /// fires when the *thread* that started the child ends, and the first
    /// test thread to use the server ends long before the process.)
    pub fn shared() -> &'static Meilisearch {
        static SHARED: OnceLock<Meilisearch> = OnceLock::new();
        SHARED.get_or_init(Self::start)
    }

    /// Starts a server of the caller's own and waits until it is healthy
    /// (blocking, well under a second).
    pub fn start() -> Self {
        let binary = binary().unwrap_or_else(|why| {
            panic!(
                "a Meilisearch server is needed and cannot be started: {why}. Set {BIN_VAR} to \
                 the meilisearch binary or to shared/tools/meilisearch/meilisearch-*.gz, or put \
                 `meilisearch` on PATH"
            )
        });
        let mut attempt = 1;
        loop {
            match Self::try_start(&binary) {
                Ok(server) => return server,
                Err(Failed::Exited(why)) if attempt < START_ATTEMPTS => {
                    eprintln!("meilisearch: {why}; trying another port");
                    attempt += 1;
                }
                Err(Failed::Exited(why) | Failed::TimedOut(why)) => panic!("{why}"),
            }
        }
    }

    fn try_start(binary: &Path) -> Result<Self, Failed> {
        let root = tempfile::Builder::new()
            .prefix("hoptac-meili-")
            .tempdir()
            .expect("a data directory")
            .keep();
        let port = crate::free_port();
        let key = format!(
            "{}{}",
            uuid::Uuid::new_v4().simple(),
            uuid::Uuid::new_v4().simple()
        );
        let mut watcher = Command::new("sh")
            .arg("-c")
            .arg(WATCHER)
            .arg("hoptac-meilisearch")
            .arg(&root)
            .arg(binary)
            .args(["--db-path", "data.ms", "--http-addr"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["--no-analytics", "--env", "development"])
            // in the environment rather than the arguments, out of `ps`
            .env("MEILI_MASTER_KEY", &key)
            // dumps and snapshots default to the working directory
            .current_dir(&root)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("sh runs");
        let lifeline = watcher.stdin.take();
        let server = Self {
            port,
            key,
            binary: binary.to_owned(),
            watcher,
            lifeline,
        };
        let log_tail = || {
            let log = std::fs::read_to_string(root.join("meilisearch.log")).unwrap_or_default();
            let tail: Vec<&str> = log.lines().rev().take(20).collect();
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        };
        let started = Instant::now();
        while !server.healthy() {
            if let Ok(status) = std::fs::read_to_string(root.join("exited")) {
                return Err(Failed::Exited(format!(
                    "Meilisearch ({}) ended with status {} before answering on port {port}; \
                     the end of its log:\n{}",
                    binary.display(),
                    status.trim(),
                    log_tail()
                )));
            }
            if started.elapsed() > START_TIMEOUT {
                return Err(Failed::TimedOut(format!(
                    "Meilisearch ({}) did not answer on port {port} within {START_TIMEOUT:?}; \
                     the end of its log:\n{}",
                    binary.display(),
                    log_tail()
                )));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        crate::report(&format!(
            "meilisearch started on port {port} in {:.2} s ({})",
            started.elapsed().as_secs_f64(),
            binary.display()
        ));
        Ok(server)
    }

    /// Its base URL, for `search.meilisearch_url`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Its master key.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The binary it runs.
    pub fn binary(&self) -> &Path {
        &self.binary
    }

    /// Whether `GET /health` answers 200 (a plain HTTP/1.0 request, so that
    /// it works in and out of async code).
    pub fn healthy(&self) -> bool {
        let Ok(mut stream) = TcpStream::connect(("127.0.0.1", self.port)) else {
            return false;
        };
        let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
        let request = format!(
            "GET /health HTTP/1.0\r\nHost: 127.0.0.1:{}\r\n\r\n",
            self.port
        );
        if stream.write_all(request.as_bytes()).is_err() {
            return false;
        }
        let mut answer = String::new();
        let _ = stream.read_to_string(&mut answer);
        answer
            .lines()
            .next()
            .is_some_and(|status| status.contains(" 200"))
    }
}

impl Drop for Meilisearch {
    fn drop(&mut self) {
        // closing the pipe makes the watcher stop the server and clean up
        drop(self.lifeline.take());
        let _ = self.watcher.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_written_in_lower_case_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
