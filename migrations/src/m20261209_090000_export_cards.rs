//! Export payments by card: the PaymentIntent a deposit or balance is
//! charged through (one per payment, in US dollars), the amount and rate
//! fixed when it was made, and why a card failed.

use sea_orm_migration::prelude::*;

use crate::util::{a, add_columns, drop_columns};

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLE: &str = "export_payments";
const COLUMNS: [&str; 5] = [
    "provider_ref",
    "card_currency",
    "card_amount_minor",
    "card_vnd_per_usd_milli",
    "failure",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_columns(
            manager,
            TABLE,
            vec![
                ColumnDef::new(a("provider_ref"))
                    .string_len(80)
                    .null()
                    .to_owned(),
                ColumnDef::new(a("card_currency"))
                    .string_len(3)
                    .null()
                    .to_owned(),
                ColumnDef::new(a("card_amount_minor"))
                    .big_integer()
                    .null()
                    .to_owned(),
                ColumnDef::new(a("card_vnd_per_usd_milli"))
                    .big_integer()
                    .null()
                    .to_owned(),
                ColumnDef::new(a("failure"))
                    .string_len(400)
                    .null()
                    .to_owned(),
            ],
        )
        .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_export_payments_provider_ref")
                    .table(a(TABLE))
                    .col(a("provider_ref"))
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ux_export_payments_provider_ref")
                    .table(a(TABLE))
                    .to_owned(),
            )
            .await?;
        drop_columns(manager, TABLE, &COLUMNS).await
    }
}
