//! The market's sales summed per day, for the union's dashboard: a year of
//! a million orders reads the day sums (a few hundred rows a day) instead
//! of every order. The orders crate keeps them up to date from the orders
//! changed since its last refresh, found by `orders.updated_at`.

use sea_orm_migration::prelude::*;

use crate::util::{a, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn count(name: &str) -> ColumnDef {
    ColumnDef::new(a(name)).big_integer().not_null().to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(a("market_days"))
                    .col(ColumnDef::new(a("day")).date().not_null())
                    .col(ColumnDef::new(a("dimension")).string_len(16).not_null())
                    .col(ColumnDef::new(a("key")).text().not_null())
                    .col(count("orders"))
                    .col(count("gmv_vnd"))
                    .primary_key(
                        Index::create()
                            .col(a("day"))
                            .col(a("dimension"))
                            .col(a("key")),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("market_delivery_days"))
                    .col(ColumnDef::new(a("day")).date().not_null().primary_key())
                    .col(count("delivered"))
                    .col(count("seconds"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("market_summary"))
                    .col(ColumnDef::new(a("id")).integer().not_null().primary_key())
                    .col(
                        ColumnDef::new(a("refreshed_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        // the orders changed since the last refresh
        manager.create_index(index("orders", &["updated_at"])).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_orders_updated_at")
                    .table(a("orders"))
                    .to_owned(),
            )
            .await?;
        for table in ["market_summary", "market_delivery_days", "market_days"] {
            manager
                .drop_table(Table::drop().table(a(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
