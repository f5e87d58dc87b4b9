//! The schema of Hợp Tác, as sea-orm-migration steps written in the
//! backend-neutral DSL so that the same steps build SQLite and PostgreSQL.
//!
//! A migration is never edited once it has landed: later changes are new
//! migrations. This crate never imports `entity`, so that old migrations keep
//! compiling whatever the entities become.

pub use sea_orm_migration::prelude::*;

mod m20261126_000001_create_users;
mod m20261126_000002_create_cooperatives;
mod m20261126_000003_create_catalog;
mod m20261126_000004_create_audit_log;
mod m20261126_000005_create_outbox;
mod m20261126_120000_create_accounts;
mod m20261126_120100_seller_applications;
mod m20261126_140000_listings;
mod m20261126_160000_orders;
mod m20261126_180000_payments_ledger;
mod m20261206_000000_throttle_pairs;
mod m20261206_090000_money_never_lost;
mod m20261206_120000_catalogue_version;
mod m20261206_150000_exchange_rates;
mod m20261207_090000_export_desk;
mod m20261207_120000_collections;
mod m20261207_150000_request_pictures;
mod m20261207_160000_cooperative_figures;
mod m20261208_090000_traceability;
mod m20261209_090000_export_cards;
mod m20261209_120000_market_figures;
mod m20261210_090000_market_days;
mod m20261211_090000_reviews;
mod m20261212_090000_bookings;
mod m20261213_090000_deposits;
mod util;

/// Every migration, oldest first.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261126_000001_create_users::Migration),
            Box::new(m20261126_000002_create_cooperatives::Migration),
            Box::new(m20261126_000003_create_catalog::Migration),
            Box::new(m20261126_000004_create_audit_log::Migration),
            Box::new(m20261126_000005_create_outbox::Migration),
            Box::new(m20261126_120000_create_accounts::Migration),
            Box::new(m20261126_120100_seller_applications::Migration),
            Box::new(m20261126_140000_listings::Migration),
            Box::new(m20261126_160000_orders::Migration),
            Box::new(m20261126_180000_payments_ledger::Migration),
            Box::new(m20261206_000000_throttle_pairs::Migration),
            Box::new(m20261206_090000_money_never_lost::Migration),
            Box::new(m20261206_120000_catalogue_version::Migration),
            Box::new(m20261206_150000_exchange_rates::Migration),
            Box::new(m20261207_090000_export_desk::Migration),
            Box::new(m20261207_120000_collections::Migration),
            Box::new(m20261207_150000_request_pictures::Migration),
            Box::new(m20261207_160000_cooperative_figures::Migration),
            Box::new(m20261208_090000_traceability::Migration),
            Box::new(m20261209_090000_export_cards::Migration),
            Box::new(m20261209_120000_market_figures::Migration),
            Box::new(m20261210_090000_market_days::Migration),
            Box::new(m20261211_090000_reviews::Migration),
            Box::new(m20261212_090000_bookings::Migration),
            Box::new(m20261213_090000_deposits::Migration),
        ]
    }
}

/// Applies every pending migration. On PostgreSQL it first takes an advisory
/// lock inside one transaction, so that several `hoptac serve` processes
/// starting together apply each migration exactly once.
pub async fn migrate_up(db: &sea_orm::DatabaseConnection) -> Result<(), DbErr> {
    use sea_orm::TransactionTrait;
    match db.get_database_backend() {
        sea_orm::DatabaseBackend::Postgres => {
            let txn = db.begin().await?;
            txn.execute_unprepared("SELECT pg_advisory_xact_lock(722620261126)")
                .await?;
            Migrator::up(&txn, None).await?;
            txn.commit().await
        }
        _ => Migrator::up(db, None).await,
    }
}
