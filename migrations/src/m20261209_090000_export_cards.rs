//! Export payments by card: the PaymentIntent a deposit or balance is
//! charged through (one per payment, in US dollars), the amount and rate
//! fixed when it was made, and why a card failed.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLE: &str = "export_payments";

fn columns() -> Vec<ColumnDef> {
    vec![
        ColumnDef::new(Alias::new("provider_ref"))
            .string_len(80)
            .null()
            .to_owned(),
        ColumnDef::new(Alias::new("card_currency"))
            .string_len(3)
            .null()
            .to_owned(),
        ColumnDef::new(Alias::new("card_amount_minor"))
            .big_integer()
            .null()
            .to_owned(),
        ColumnDef::new(Alias::new("card_vnd_per_usd_milli"))
            .big_integer()
            .null()
            .to_owned(),
        ColumnDef::new(Alias::new("failure"))
            .string_len(400)
            .null()
            .to_owned(),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // one column per statement: SQLite adds one at a time
        for column in columns() {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new(TABLE))
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("ux_export_payments_provider_ref")
                    .table(Alias::new(TABLE))
                    .col(Alias::new("provider_ref"))
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
                    .table(Alias::new(TABLE))
                    .to_owned(),
            )
            .await?;
        for column in columns() {
            let name = column.get_column_name();
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new(TABLE))
                        .drop_column(Alias::new(name))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
