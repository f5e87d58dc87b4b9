//! Test support shared by every crate's tests: a throwaway database on the
//! backend the test run was asked for, free ports, and outside services
//! (maildev, localstripe, an S3 API server).
//!
//! The backend comes from `HOPTAC_TEST_DB` (`sqlite`, the default, or
//! `postgres`). For PostgreSQL, `HOPTAC_TEST_PG_URL` points at the
//! administrative database of a cluster the test run started
//! (`scripts/with-postgres`); each [`TestDb`] creates its own database there
//! and drops it when it goes out of scope, so tests never share state.
#![expect(clippy::expect_used, reason = "test support fails loudly")]

pub mod fixtures;
pub mod localstripe;
pub mod maildev;
pub mod meilisearch;
pub mod relay;
pub mod s3;

use std::net::TcpListener;

use sea_orm::{ConnectionTrait, DatabaseConnection};

/// The database backend a test run uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file in a temporary directory.
    Sqlite,
    /// A fresh database in the test run's PostgreSQL cluster.
    Postgres,
}

impl Backend {
    /// The backend this test run was asked for.
    pub fn current() -> Self {
        match std::env::var("HOPTAC_TEST_DB").as_deref() {
            Ok("postgres") | Ok("postgresql") | Ok("pg") => Self::Postgres,
            Ok("sqlite") | Err(_) => Self::Sqlite,
            Ok(other) => panic!("HOPTAC_TEST_DB={other}: expected sqlite or postgres"),
        }
    }

    /// Its name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Self::Sqlite => "sqlite",
            Self::Postgres => "postgres",
        }
    }
}

/// A database of its own for one test, with the schema migrated; dropped with
/// the value.
pub struct TestDb {
    /// The URL to connect to it.
    pub url: String,
    /// An open pool on it.
    pub conn: DatabaseConnection,
    backend: Backend,
    admin_url: Option<String>,
    name: String,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    /// A migrated database on the current backend.
    pub async fn new() -> Self {
        let db = Self::empty().await;
        migration::migrate_up(&db.conn)
            .await
            .expect("migrations apply");
        db
    }

    /// An empty database (no migrations) on the current backend.
    pub async fn empty() -> Self {
        let backend = Backend::current();
        let name = format!("t_{}", uuid::Uuid::new_v4().simple());
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite://{}", dir.path().join("test.db").display());
                let conn = connect(&url).await;
                Self {
                    url,
                    conn,
                    backend,
                    admin_url: None,
                    name,
                    _dir: Some(dir),
                }
            }
            Backend::Postgres => {
                let admin_url = std::env::var("HOPTAC_TEST_PG_URL").expect(
                    "HOPTAC_TEST_DB=postgres needs HOPTAC_TEST_PG_URL: run the tests through \
                     `make test` or `scripts/with-postgres cargo test`",
                );
                let admin = connect(&admin_url).await;
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .expect("create test database");
                admin.close().await.ok();
                let url = replace_database(&admin_url, &name);
                let conn = connect(&url).await;
                Self {
                    url,
                    conn,
                    backend,
                    admin_url: Some(admin_url),
                    name,
                    _dir: None,
                }
            }
        }
    }

    /// Which backend it is on.
    pub fn backend(&self) -> Backend {
        self.backend
    }
}

async fn connect(url: &str) -> DatabaseConnection {
    let options = entity::db::DbOptions {
        max_connections: 8,
        ..entity::db::DbOptions::default()
    };
    entity::db::connect(url, &options)
        .await
        .unwrap_or_else(|e| panic!("connect to {}: {e}", entity::db::redact_url(url)))
}

/// The same server URL with another database name.
pub fn replace_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let prefix = match base.rfind('/') {
        Some(i) if base[..i].contains("://") && i > base.find("://").map_or(0, |j| j + 2) => {
            &base[..i]
        }
        _ => base,
    };
    match query {
        Some(query) => format!("{prefix}/{database}?{query}"),
        None => format!("{prefix}/{database}"),
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some(admin_url) = self.admin_url.take() else {
            return;
        };
        let name = self.name.clone();
        // Drop runs outside async code: drop the database from a thread with
        // its own small runtime. WITH (FORCE) closes connections still open.
        let dropper = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            runtime.block_on(async {
                let admin = entity::db::connect(&admin_url, &entity::db::DbOptions::default())
                    .await
                    .ok()?;
                admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .await
                    .ok()?;
                admin.close().await.ok()
            })
        });
        let _ = dropper.join();
    }
}

/// Where `scripts/install-test-deps` puts the tools tests run (localstripe,
/// moto…): `$HOPTAC_TOOLS`, by default `~/.cache/hoptac/tools`.
pub fn tools_dir() -> std::path::PathBuf {
    std::env::var("HOPTAC_TOOLS").map_or_else(
        |_| {
            let home = std::env::var("HOME").unwrap_or_else(|_| "/root".into());
            std::path::PathBuf::from(home).join(".cache/hoptac/tools")
        },
        std::path::PathBuf::from,
    )
}

/// Whether the tools tests need must be there (`HOPTAC_REQUIRE_TOOLS=1`, as
/// `make test` runs): a missing one then fails a test instead of skipping it.
pub fn tools_required() -> bool {
    std::env::var("HOPTAC_REQUIRE_TOOLS").as_deref() == Ok("1")
}

/// A TCP port that was free a moment ago on 127.0.0.1.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Waits until the outbox holds no due job of `topic` still to be carried
/// out (at most 30 s), e.g. until the search index has taken in every
/// change made so far.
pub async fn outbox_settled(conn: &sea_orm::DatabaseConnection, topic: &str) {
    use entity::outbox::{Column, Entity, Status};
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let started = std::time::Instant::now();
    loop {
        let pending = Entity::find()
            .filter(Column::Topic.eq(topic))
            .filter(Column::Status.is_in([Status::Queued, Status::Running]))
            .filter(Column::RunAt.lte(chrono::Utc::now()))
            .count(conn)
            .await
            .expect("outbox readable");
        if pending == 0 {
            return;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "{pending} {topic} jobs still pending after 30 s"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// Records a result a test measured (a race's outcome, a count), so that
/// `make test` prints it after the suite even though the test's own output
/// is captured: one line appended to `$CARGO_TARGET_DIR/test-report.txt`.
pub fn report(line: &str) {
    use std::io::Write as _;
    eprintln!("{line}");
    let dir = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".to_owned());
    let _ = std::fs::create_dir_all(&dir);
    if let Ok(mut file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(std::path::Path::new(&dir).join("test-report.txt"))
    {
        let _ = writeln!(file, "[{}] {line}", Backend::current().name());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_names_are_replaced_in_server_urls() {
        assert_eq!(
            replace_database("postgres://postgres@127.0.0.1:5433/postgres", "t_1"),
            "postgres://postgres@127.0.0.1:5433/t_1"
        );
        assert_eq!(
            replace_database("postgres://u:p@h:1/postgres?sslmode=disable", "t_2"),
            "postgres://u:p@h:1/t_2?sslmode=disable"
        );
    }
}
