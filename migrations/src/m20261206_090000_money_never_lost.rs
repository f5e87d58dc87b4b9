//! Money that always reaches the books.
//!
//! - `held_funds`: money that arrived but pays no order (a transfer for a
//!   cancelled order, more than was asked, less than was asked, a second
//!   transfer, a credit with no reference): held for the buyer until union
//!   staff give it back (or apply it), each booked in the ledger.
//! - `ledger_transactions.cooperative_id` becomes optional (money held for
//!   a buyer belongs to no cooperative) and a transaction may name the
//!   payment and the held money it books.
//! - `orders` remember a union staff member's release of an unpaid order
//!   for fulfilment (who, when, why).
//! - `idempotency_keys.resource_id`: what a keyed request made before it
//!   could answer (a refund), so that a retry after a crash resumes it.
//! - `checkout_access`: hashed tokens that let a guest's browser see its
//!   checkout without the e-mail address in the URL.
//!
//! SQLite cannot drop a NOT NULL constraint: there `ledger_transactions` is
//! rebuilt, and `ledger_entries` with it (its foreign key follows the old
//! table when that is renamed aside): both are renamed aside, made again,
//! copied, and given back their indexes and append-only triggers, in one
//! transaction, with every foreign key satisfied at every step.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

use crate::util::{a, add_columns, drop_columns, fk, forbid_changes, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn at(name: &str) -> ColumnDef {
    ColumnDef::new(a(name))
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

/// `ledger_transactions` as this migration leaves it (`held`: with the
/// optional cooperative and the payment and held-money columns) or as it
/// found it.
fn ledger_transactions(held: bool) -> TableCreateStatement {
    let mut cooperative = ColumnDef::new(a("cooperative_id"));
    cooperative.uuid();
    if held {
        cooperative.null();
    } else {
        cooperative.not_null();
    }
    let mut table = Table::create();
    table
        .table(a("ledger_transactions"))
        .col(
            ColumnDef::new(a("id"))
                .uuid()
                .not_null()
                .primary_key()
                .to_owned(),
        )
        .col(ColumnDef::new(a("source")).string_len(80).not_null())
        .col(ColumnDef::new(a("kind")).string_len(16).not_null())
        .col(cooperative)
        .col(ColumnDef::new(a("order_id")).uuid().null())
        .col(ColumnDef::new(a("refund_id")).uuid().null())
        .col(ColumnDef::new(a("payout_id")).uuid().null())
        .col(ColumnDef::new(a("memo")).text().null())
        .col(ColumnDef::new(a("created_by")).uuid().null())
        .col(at("created_at"));
    if held {
        table
            .col(ColumnDef::new(a("payment_id")).uuid().null())
            .col(ColumnDef::new(a("held_id")).uuid().null());
    }
    table
        .foreign_key(&mut fk(
            "ledger_transactions",
            "cooperative_id",
            "cooperatives",
            ForeignKeyAction::Restrict,
        ))
        .to_owned()
}

const COPIED: &str = "id, source, kind, cooperative_id, order_id, refund_id, payout_id, memo, created_by, created_at";

const ENTRY_COLUMNS: &str = "id, transaction_id, account, cooperative_id, amount_vnd, created_at";

/// `ledger_entries`, as the ledger's migration made it.
fn ledger_entries() -> TableCreateStatement {
    Table::create()
        .table(a("ledger_entries"))
        .col(
            ColumnDef::new(a("id"))
                .uuid()
                .not_null()
                .primary_key()
                .to_owned(),
        )
        .col(ColumnDef::new(a("transaction_id")).uuid().not_null())
        .col(ColumnDef::new(a("account")).string_len(32).not_null())
        .col(ColumnDef::new(a("cooperative_id")).uuid().null())
        .col(ColumnDef::new(a("amount_vnd")).big_integer().not_null())
        .col(at("created_at"))
        .foreign_key(&mut fk(
            "ledger_entries",
            "transaction_id",
            "ledger_transactions",
            ForeignKeyAction::Restrict,
        ))
        .to_owned()
}

/// Rebuilds the ledger's two tables on SQLite, `ledger_transactions` with
/// or without the held columns, keeping every row, index and trigger.
async fn rebuild_on_sqlite(manager: &SchemaManager<'_>, held: bool) -> Result<(), DbErr> {
    let m = manager.begin().await?;
    let db = m.get_connection();
    // aside: the entries' foreign key now names the transactions' old table
    db.execute_unprepared("ALTER TABLE ledger_transactions RENAME TO ledger_transactions_old")
        .await?;
    db.execute_unprepared("ALTER TABLE ledger_entries RENAME TO ledger_entries_old")
        .await?;
    m.create_table(ledger_transactions(held)).await?;
    db.execute_unprepared(&format!(
        "INSERT INTO ledger_transactions ({COPIED}) SELECT {COPIED} FROM ledger_transactions_old"
    ))
    .await?;
    m.create_table(ledger_entries()).await?;
    db.execute_unprepared(&format!(
        "INSERT INTO ledger_entries ({ENTRY_COLUMNS}) SELECT {ENTRY_COLUMNS} FROM ledger_entries_old"
    ))
    .await?;
    // children first; their triggers and indexes go with them
    db.execute_unprepared("DROP TABLE ledger_entries_old")
        .await?;
    db.execute_unprepared("DROP TABLE ledger_transactions_old")
        .await?;
    ledger_indexes(&m, held).await?;
    m.create_index(index("ledger_entries", &["transaction_id"]).to_owned())
        .await?;
    m.create_index(index("ledger_entries", &["cooperative_id", "account"]).to_owned())
        .await?;
    forbid_changes(&m, "ledger_transactions").await?;
    forbid_changes(&m, "ledger_entries").await?;
    m.commit().await
}

async fn ledger_indexes(manager: &SchemaManager<'_>, held: bool) -> Result<(), DbErr> {
    manager
        .create_index(
            index("ledger_transactions", &["source"])
                .unique()
                .to_owned(),
        )
        .await?;
    manager
        .create_index(index("ledger_transactions", &["cooperative_id", "created_at"]).to_owned())
        .await?;
    manager
        .create_index(index("ledger_transactions", &["order_id"]).to_owned())
        .await?;
    if held {
        manager
            .create_index(index("ledger_transactions", &["payment_id"]).to_owned())
            .await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                manager
                    .get_connection()
                    .execute_unprepared(
                        "ALTER TABLE ledger_transactions ALTER COLUMN cooperative_id DROP NOT NULL",
                    )
                    .await?;
                add_columns(
                    manager,
                    "ledger_transactions",
                    vec![
                        ColumnDef::new(a("payment_id")).uuid().null().to_owned(),
                        ColumnDef::new(a("held_id")).uuid().null().to_owned(),
                    ],
                )
                .await?;
                manager
                    .create_index(index("ledger_transactions", &["payment_id"]).to_owned())
                    .await?;
            }
            _ => rebuild_on_sqlite(manager, true).await?,
        }

        manager
            .create_table(
                Table::create()
                    .table(a("held_funds"))
                    .col(
                        ColumnDef::new(a("id"))
                            .uuid()
                            .not_null()
                            .primary_key()
                            .to_owned(),
                    )
                    // names the event that held it, so it is held once
                    // (`cancelled_order:<order>`, `line:<statement line>`…)
                    .col(ColumnDef::new(a("source")).string_len(80).not_null())
                    // cancelled_order | overpaid | underpaid | paid_twice |
                    // unidentified
                    .col(ColumnDef::new(a("kind")).string_len(24).not_null())
                    .col(
                        ColumnDef::new(a("amount_vnd"))
                            .big_integer()
                            .not_null()
                            .check(("ck_held_funds_amount", Expr::col(a("amount_vnd")).gt(0))),
                    )
                    // held | refunded | applied
                    .col(ColumnDef::new(a("status")).string_len(16).not_null())
                    .col(ColumnDef::new(a("payment_id")).uuid().null())
                    .col(ColumnDef::new(a("checkout_id")).uuid().null())
                    .col(ColumnDef::new(a("order_id")).uuid().null())
                    .col(ColumnDef::new(a("statement_line_id")).uuid().null())
                    // who to give it back to, when known
                    .col(ColumnDef::new(a("buyer_name")).string_len(120).null())
                    .col(ColumnDef::new(a("buyer_email")).string_len(254).null())
                    // what the bank wrote, or what happened
                    .col(ColumnDef::new(a("note")).text().null())
                    // a card refund's Stripe id, or what staff wrote
                    .col(ColumnDef::new(a("resolution")).text().null())
                    .col(ColumnDef::new(a("resolved_by")).uuid().null())
                    .col(
                        ColumnDef::new(a("resolved_at"))
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(at("created_at"))
                    .foreign_key(&mut fk(
                        "held_funds",
                        "payment_id",
                        "payments",
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "held_funds",
                        "order_id",
                        "orders",
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "held_funds",
                        "statement_line_id",
                        "bank_statement_lines",
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("held_funds", &["source"]).unique().to_owned())
            .await?;
        manager
            .create_index(index("held_funds", &["status", "created_at"]).to_owned())
            .await?;
        manager
            .create_index(index("held_funds", &["payment_id"]).to_owned())
            .await?;

        add_columns(
            manager,
            "orders",
            vec![
                // union staff let an unpaid order be prepared: when, who, why
                ColumnDef::new(a("released_at"))
                    .timestamp_with_time_zone()
                    .null()
                    .to_owned(),
                ColumnDef::new(a("released_by")).uuid().null().to_owned(),
                ColumnDef::new(a("release_reason")).text().null().to_owned(),
            ],
        )
        .await?;
        add_columns(
            manager,
            "idempotency_keys",
            vec![ColumnDef::new(a("resource_id")).uuid().null().to_owned()],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(a("checkout_access"))
                    // SHA-256 of the token, hex
                    .col(
                        ColumnDef::new(a("token_hash"))
                            .string_len(64)
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(a("checkout_id")).uuid().not_null())
                    .col(at("created_at"))
                    .foreign_key(&mut fk(
                        "checkout_access",
                        "checkout_id",
                        "checkouts",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("checkout_access", &["checkout_id"]).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // money held for buyers has no cooperative: the old schema cannot
        // keep it, and the ledger cannot lose it
        let held = manager
            .get_connection()
            .query_one_raw(sea_orm_migration::sea_orm::Statement::from_string(
                manager.get_database_backend(),
                "SELECT id FROM ledger_transactions WHERE cooperative_id IS NULL LIMIT 1",
            ))
            .await?;
        if held.is_some() {
            return Err(DbErr::Migration(
                "the ledger holds money for buyers (no cooperative): it cannot be rolled back"
                    .into(),
            ));
        }
        manager
            .drop_table(Table::drop().table(a("checkout_access")).to_owned())
            .await?;
        drop_columns(manager, "idempotency_keys", &["resource_id"]).await?;
        drop_columns(
            manager,
            "orders",
            &["released_at", "released_by", "release_reason"],
        )
        .await?;
        manager
            .drop_table(Table::drop().table(a("held_funds")).to_owned())
            .await?;
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                manager
                    .drop_index(
                        Index::drop()
                            .name("ix_ledger_transactions_payment_id")
                            .table(a("ledger_transactions"))
                            .to_owned(),
                    )
                    .await?;
                drop_columns(manager, "ledger_transactions", &["payment_id", "held_id"]).await?;
                manager
                    .get_connection()
                    .execute_unprepared(
                        "ALTER TABLE ledger_transactions ALTER COLUMN cooperative_id SET NOT NULL",
                    )
                    .await?;
                Ok(())
            }
            _ => rebuild_on_sqlite(manager, false).await,
        }
    }
}
