//! How fresh the catalogue a process remembers is: a generation number that
//! moves as soon as a change to what shoppers see has committed, anywhere —
//! this process, another `hoptac serve`, a CLI import, a checkout taking
//! stock. Caches of public reads keep the generation they were filled at and
//! are dropped when it moves.
//!
//! The database says so itself (migration `catalogue_version`):
//! - PostgreSQL: triggers `NOTIFY hoptac_catalog`, delivered when the change
//!   commits and taking no lock; a listener of each process counts the
//!   notifications (a lost connection counts too, since notifications may
//!   have been missed while it was down). Another process's change is seen
//!   within the time a notification takes to arrive.
//! - SQLite (one process serves it): triggers count up the one row of
//!   `catalog_version`, read by each [`Freshness::current`] — a lookup of
//!   one row in a local file, so a read never sees a change older than
//!   itself.
//!
//! The generation also moves at midnight in Vietnam, when certifications
//! may expire without anyone touching a row.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::Duration;

use chrono::Utc;
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, Statement};

/// The channel PostgreSQL notifies on.
const CHANNEL: &str = "hoptac_catalog";

/// Where changes are learnt from.
#[derive(Clone, Debug)]
enum Source {
    /// Told by hand (tests, tools).
    Manual,
    /// PostgreSQL's notifications, counted by a background listener.
    Notified,
    /// SQLite's counter row, read on demand.
    Counter(DatabaseConnection),
}

/// The catalogue's generation, shared by the caches of one process.
#[derive(Clone, Debug)]
pub struct Freshness {
    generation: Arc<AtomicU64>,
    /// SQLite's counter as last read.
    counter: Arc<AtomicI64>,
    /// The Vietnamese day the generation was last checked in (days since
    /// the epoch).
    day: Arc<AtomicI64>,
    source: Source,
}

impl Freshness {
    fn new(source: Source) -> Self {
        Self {
            generation: Arc::new(AtomicU64::new(1)),
            counter: Arc::new(AtomicI64::new(i64::MIN)),
            day: Arc::new(AtomicI64::new(day_number())),
            source,
        }
    }

    /// A generation that moves only when told to (tests, tools).
    pub fn manual() -> Self {
        Self::new(Source::Manual)
    }

    /// Whether caches may keep anything: not when the generation is only
    /// told by hand, since nobody tells it.
    pub fn caches(&self) -> bool {
        !matches!(self.source, Source::Manual)
    }

    /// Moves the generation on: every cache filled before is stale.
    pub fn advance(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    /// Follows committed catalogue changes in `db`: on PostgreSQL a
    /// listener starts in the background, for as long as the process runs.
    pub fn watch(db: DatabaseConnection) -> Self {
        match db.get_database_backend() {
            DatabaseBackend::Postgres => {
                let freshness = Self::new(Source::Notified);
                let listener = freshness.clone();
                tokio::spawn(async move { listener.listen(&db).await });
                freshness
            }
            _ => Self::new(Source::Counter(db)),
        }
    }

    /// The generation now: a cache filled at another one is stale.
    pub async fn current(&self) -> u64 {
        if let Source::Counter(db) = &self.source {
            let version = db
                .query_one_raw(Statement::from_string(
                    DatabaseBackend::Sqlite,
                    "SELECT version FROM catalog_version WHERE id = 1",
                ))
                .await
                .ok()
                .flatten()
                .and_then(|row| row.try_get::<i64>("", "version").ok());
            match version {
                Some(v) => {
                    if self.counter.swap(v, Ordering::AcqRel) != v {
                        self.advance();
                    }
                }
                // unreadable: trust nothing remembered
                None => self.advance(),
            }
        }
        let today = day_number();
        if self.day.swap(today, Ordering::AcqRel) != today {
            self.advance();
        }
        self.generation.load(Ordering::Acquire)
    }

    /// PostgreSQL: the notifications, on a connection of their own.
    async fn listen(&self, db: &DatabaseConnection) {
        use sea_orm::sqlx::postgres::PgListener;
        loop {
            let listener = async {
                let mut listener =
                    PgListener::connect_with(db.get_postgres_connection_pool()).await?;
                listener.listen(CHANNEL).await?;
                Ok::<_, sea_orm::sqlx::Error>(listener)
            }
            .await;
            let mut listener = match listener {
                Ok(listener) => listener,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot listen for catalogue changes; retrying");
                    self.advance();
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    continue;
                }
            };
            // whatever changed before the listener was ready
            self.advance();
            loop {
                match listener.try_recv().await {
                    // a change committed
                    Ok(Some(_)) => self.advance(),
                    // the connection was lost and made again: changes may
                    // have been missed meanwhile
                    Ok(None) => self.advance(),
                    Err(e) => {
                        tracing::warn!(error = %e, "listening for catalogue changes failed");
                        self.advance();
                        break;
                    }
                }
            }
        }
    }
}

/// Tells every process that what shoppers see changed although no
/// catalogue row did (the search index was updated): a notification on
/// PostgreSQL, a step of the counter on SQLite.
pub async fn announce(db: &impl ConnectionTrait) -> Result<(), sea_orm::DbErr> {
    let sql = match db.get_database_backend() {
        DatabaseBackend::Postgres => "SELECT pg_notify('hoptac_catalog', '')",
        _ => "UPDATE catalog_version SET version = version + 1 WHERE id = 1",
    };
    db.execute_unprepared(sql).await?;
    Ok(())
}

/// Today in Vietnam, as days since 1970-01-01.
fn day_number() -> i64 {
    let today = kernel::time::today_in_vietnam(Utc::now());
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or(today);
    (today - epoch).num_days()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_generation_moves_only_forward_and_is_shared_by_clones() {
        let f = Freshness::manual();
        let before = f.current().await;
        f.advance();
        assert!(f.current().await > before);
        let shared = f.clone();
        shared.advance();
        assert_eq!(f.current().await, before + 2);
    }
}
