//! Payments and the sellers' ledger: what the payment providers said (card
//! intents, Stripe events seen, bank-statement lines read), refunds, the
//! append-only double-entry ledger of what the market owes each
//! cooperative, and payouts in batches.

use sea_orm_migration::prelude::*;

use crate::util::{a, allow_changes, fk, forbid_changes, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn id() -> ColumnDef {
    ColumnDef::new(a("id"))
        .uuid()
        .not_null()
        .primary_key()
        .to_owned()
}

fn at(name: &str) -> ColumnDef {
    ColumnDef::new(a(name))
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

async fn add_columns(
    manager: &SchemaManager<'_>,
    table: &str,
    columns: Vec<ColumnDef>,
) -> Result<(), DbErr> {
    // one column per statement: SQLite adds one at a time
    for column in columns {
        manager
            .alter_table(Table::alter().table(a(table)).add_column(column).to_owned())
            .await?;
    }
    Ok(())
}

async fn drop_columns(
    manager: &SchemaManager<'_>,
    table: &str,
    columns: &[&str],
) -> Result<(), DbErr> {
    for column in columns {
        manager
            .alter_table(
                Table::alter()
                    .table(a(table))
                    .drop_column(a(column))
                    .to_owned(),
            )
            .await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_columns(
            manager,
            "payments",
            vec![
                // the provider's id: a Stripe PaymentIntent (pi_…)
                ColumnDef::new(a("provider_ref"))
                    .string_len(255)
                    .null()
                    .to_owned(),
                // what the provider charges: vnd (zero-decimal) or usd (cents)
                ColumnDef::new(a("currency"))
                    .string_len(3)
                    .null()
                    .to_owned(),
                ColumnDef::new(a("amount_minor"))
                    .big_integer()
                    .null()
                    .to_owned(),
                // the provider's last word on a failed attempt, for the shopper
                ColumnDef::new(a("failure")).text().null().to_owned(),
                ColumnDef::new(a("paid_at"))
                    .timestamp_with_time_zone()
                    .null()
                    .to_owned(),
            ],
        )
        .await?;
        manager
            .create_index(index("payments", &["provider_ref"]).unique().to_owned())
            .await?;
        // payment_status gains partially_refunded (18 characters); SQLite
        // does not enforce lengths, PostgreSQL does
        if manager.get_database_backend() == sea_orm_migration::sea_orm::DatabaseBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared(
                    "ALTER TABLE orders ALTER COLUMN payment_status TYPE varchar(24)",
                )
                .await?;
        }
        add_columns(
            manager,
            "orders",
            vec![
                // what has been refunded (or is being refunded) of total_vnd
                ColumnDef::new(a("refunded_vnd"))
                    .big_integer()
                    .not_null()
                    .default(0)
                    .to_owned(),
            ],
        )
        .await?;
        add_columns(
            manager,
            "cooperatives",
            vec![
                // where payouts go: the bank's 6-digit BIN, account, holder
                ColumnDef::new(a("payout_bank_bin"))
                    .string_len(6)
                    .null()
                    .to_owned(),
                ColumnDef::new(a("payout_account"))
                    .string_len(19)
                    .null()
                    .to_owned(),
                ColumnDef::new(a("payout_account_name"))
                    .string_len(120)
                    .null()
                    .to_owned(),
            ],
        )
        .await?;

        // each Stripe event acts once
        manager
            .create_table(
                Table::create()
                    .table(a("stripe_events"))
                    .col(
                        ColumnDef::new(a("id"))
                            .string_len(255)
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(a("kind")).string_len(80).not_null())
                    .col(at("received_at"))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(a("refunds"))
                    .col(id())
                    .col(ColumnDef::new(a("order_id")).uuid().not_null())
                    .col(ColumnDef::new(a("payment_id")).uuid().not_null())
                    .col(
                        ColumnDef::new(a("amount_vnd"))
                            .big_integer()
                            .not_null()
                            .check(("ck_refunds_amount", Expr::col(a("amount_vnd")).gt(0))),
                    )
                    .col(ColumnDef::new(a("reason")).text().not_null())
                    // pending | succeeded | failed
                    .col(ColumnDef::new(a("status")).string_len(16).not_null())
                    // how the money goes back: card (Stripe) or bank_transfer
                    .col(ColumnDef::new(a("channel")).string_len(16).not_null())
                    .col(ColumnDef::new(a("provider_ref")).string_len(255).null())
                    .col(ColumnDef::new(a("failure")).text().null())
                    .col(ColumnDef::new(a("created_by")).uuid().null())
                    .col(at("created_at"))
                    .col(at("updated_at"))
                    .foreign_key(&mut fk(
                        "refunds",
                        "order_id",
                        "orders",
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "refunds",
                        "payment_id",
                        "payments",
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("refunds", &["order_id"]).to_owned())
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(a("payout_batches"))
                    .col(id())
                    .col(ColumnDef::new(a("note")).text().null())
                    .col(ColumnDef::new(a("total_vnd")).big_integer().not_null())
                    .col(ColumnDef::new(a("payouts_count")).integer().not_null())
                    .col(ColumnDef::new(a("created_by")).uuid().not_null())
                    .col(at("created_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("payout_batches", &["created_at"]).to_owned())
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("payouts"))
                    .col(id())
                    .col(ColumnDef::new(a("batch_id")).uuid().not_null())
                    .col(ColumnDef::new(a("cooperative_id")).uuid().not_null())
                    .col(
                        ColumnDef::new(a("amount_vnd"))
                            .big_integer()
                            .not_null()
                            .check(("ck_payouts_amount", Expr::col(a("amount_vnd")).gt(0))),
                    )
                    // the receiving account as it was when paid
                    .col(ColumnDef::new(a("bank_bin")).string_len(6).null())
                    .col(ColumnDef::new(a("account")).string_len(19).null())
                    .col(ColumnDef::new(a("account_name")).string_len(120).null())
                    .col(ColumnDef::new(a("memo")).string_len(120).not_null())
                    .col(at("created_at"))
                    .foreign_key(&mut fk(
                        "payouts",
                        "batch_id",
                        "payout_batches",
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "payouts",
                        "cooperative_id",
                        "cooperatives",
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("payouts", &["cooperative_id"]).to_owned())
            .await?;
        manager
            .create_index(index("payouts", &["batch_id"]).to_owned())
            .await?;

        // one ledger transaction per business event; `source` names the
        // event ("sale:<order>", "refund:<refund>", "payout:<payout>") and
        // is unique, so no event is booked twice
        manager
            .create_table(
                Table::create()
                    .table(a("ledger_transactions"))
                    .col(id())
                    .col(ColumnDef::new(a("source")).string_len(80).not_null())
                    // sale | refund | payout
                    .col(ColumnDef::new(a("kind")).string_len(16).not_null())
                    .col(ColumnDef::new(a("cooperative_id")).uuid().not_null())
                    .col(ColumnDef::new(a("order_id")).uuid().null())
                    .col(ColumnDef::new(a("refund_id")).uuid().null())
                    .col(ColumnDef::new(a("payout_id")).uuid().null())
                    .col(ColumnDef::new(a("memo")).text().null())
                    .col(ColumnDef::new(a("created_by")).uuid().null())
                    .col(at("created_at"))
                    .foreign_key(&mut fk(
                        "ledger_transactions",
                        "cooperative_id",
                        "cooperatives",
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("ledger_transactions", &["source"])
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("ledger_transactions", &["cooperative_id", "created_at"]).to_owned(),
            )
            .await?;
        manager
            .create_index(index("ledger_transactions", &["order_id"]).to_owned())
            .await?;
        // debits positive, credits negative: each transaction sums to zero
        manager
            .create_table(
                Table::create()
                    .table(a("ledger_entries"))
                    .col(id())
                    .col(ColumnDef::new(a("transaction_id")).uuid().not_null())
                    // market_cash | commission | cooperative_payable
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
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("ledger_entries", &["transaction_id"]).to_owned())
            .await?;
        manager
            .create_index(index("ledger_entries", &["cooperative_id", "account"]).to_owned())
            .await?;
        forbid_changes(manager, "ledger_transactions").await?;
        forbid_changes(manager, "ledger_entries").await?;

        // the lines of bank statements read, so a line imported twice is
        // recognised (fingerprint = SHA-256 of date, amount and text)
        manager
            .create_table(
                Table::create()
                    .table(a("bank_statement_lines"))
                    .col(id())
                    .col(ColumnDef::new(a("fingerprint")).string_len(64).not_null())
                    .col(ColumnDef::new(a("booked_on")).string_len(10).not_null())
                    .col(ColumnDef::new(a("amount_vnd")).big_integer().not_null())
                    .col(ColumnDef::new(a("description")).text().not_null())
                    .col(ColumnDef::new(a("reference")).string_len(16).null())
                    .col(ColumnDef::new(a("payment_id")).uuid().null())
                    // matched | paid_twice | amount_mismatch | unmatched
                    .col(ColumnDef::new(a("outcome")).string_len(20).not_null())
                    .col(ColumnDef::new(a("imported_by")).uuid().not_null())
                    .col(at("created_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("bank_statement_lines", &["fingerprint"])
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(a("bank_statement_lines")).to_owned())
            .await?;
        allow_changes(manager, "ledger_entries").await?;
        allow_changes(manager, "ledger_transactions").await?;
        for table in [
            "ledger_entries",
            "ledger_transactions",
            "payouts",
            "payout_batches",
            "refunds",
            "stripe_events",
        ] {
            manager
                .drop_table(Table::drop().table(a(table)).to_owned())
                .await?;
        }
        drop_columns(
            manager,
            "cooperatives",
            &["payout_bank_bin", "payout_account", "payout_account_name"],
        )
        .await?;
        drop_columns(manager, "orders", &["refunded_vnd"]).await?;
        if manager.get_database_backend() == sea_orm_migration::sea_orm::DatabaseBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared(
                    "UPDATE orders SET payment_status = 'paid' WHERE payment_status = 'partially_refunded'; \
                     ALTER TABLE orders ALTER COLUMN payment_status TYPE varchar(16)",
                )
                .await?;
        }
        manager
            .drop_index(
                Index::drop()
                    .name("ix_payments_provider_ref")
                    .table(a("payments"))
                    .to_owned(),
            )
            .await?;
        drop_columns(
            manager,
            "payments",
            &[
                "provider_ref",
                "currency",
                "amount_minor",
                "failure",
                "paid_at",
            ],
        )
        .await
    }
}
