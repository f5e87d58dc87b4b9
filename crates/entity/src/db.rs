//! Opening the database, the same way for the server, the tools and the
//! tests.

use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};

/// Pool settings.
#[derive(Clone, Debug)]
pub struct DbOptions {
    /// Most connections the pool opens.
    pub max_connections: u32,
    /// Connections kept open when idle.
    pub min_connections: u32,
    /// Time to open one connection before giving up.
    pub connect_timeout: Duration,
    /// Time to wait for a free connection before giving up.
    pub acquire_timeout: Duration,
}

impl Default for DbOptions {
    fn default() -> Self {
        Self {
            max_connections: 10,
            min_connections: 0,
            connect_timeout: Duration::from_secs(5),
            acquire_timeout: Duration::from_secs(10),
        }
    }
}

/// Opens a pool on a `sqlite://` or `postgres://` URL. SQLite files are
/// created when missing and run in WAL mode with foreign keys enforced and a
/// busy timeout, so that concurrent writers wait for each other instead of
/// failing at once.
pub async fn connect(url: &str, options: &DbOptions) -> Result<DatabaseConnection, DbErr> {
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.max_connections(options.max_connections)
        .min_connections(options.min_connections)
        .connect_timeout(options.connect_timeout)
        .acquire_timeout(options.acquire_timeout)
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|o| {
            o.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(30))
        });
    Database::connect(opts).await
}

/// The URL with any password replaced by `***`, fit for logs and messages.
pub fn redact_url(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => match rest.split_once('@') {
            Some((credentials, host)) => {
                let user = credentials.split(':').next().unwrap_or_default();
                if credentials.contains(':') {
                    format!("{scheme}://{user}:***@{host}")
                } else {
                    format!("{scheme}://{user}@{host}")
                }
            }
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

/// Begins a transaction that will write. On SQLite it takes the write lock
/// at once (`BEGIN IMMEDIATE`): a transaction that reads first and writes
/// later would otherwise fail with "database is locked" as soon as another
/// writer commits in between, instead of waiting its turn. PostgreSQL
/// ignores the setting.
pub async fn begin_write(db: &DatabaseConnection) -> Result<sea_orm::DatabaseTransaction, DbErr> {
    use sea_orm::{SqliteTransactionMode, TransactionOptions, TransactionTrait};
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::redact_url;

    #[test]
    fn passwords_in_database_urls_are_masked() {
        assert_eq!(
            redact_url("postgres://hoptac:s3cret@db:5432/hoptac"),
            "postgres://hoptac:***@db:5432/hoptac"
        );
        assert_eq!(
            redact_url("postgres://hoptac@db/hoptac"),
            "postgres://hoptac@db/hoptac"
        );
        assert_eq!(
            redact_url("sqlite://data/hoptac.db"),
            "sqlite://data/hoptac.db"
        );
    }
}
