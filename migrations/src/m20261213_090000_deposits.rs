//! Deposits for bookings: an experience may let a buyer pay a share now
//! and the rest on arrival. A booked order line keeps the part of it left
//! to pay on arrival; its order keeps the sum (so the money asked online is
//! `total − balance`) and what the cooperative collected of it.

use sea_orm_migration::prelude::*;

use crate::util::{a, add_columns, drop_columns};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn vnd(name: &str) -> ColumnDef {
    ColumnDef::new(a(name))
        .big_integer()
        .not_null()
        .default(0)
        .check(Expr::col(a(name)).gte(0))
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_columns(
            manager,
            "experiences",
            // the share paid at checkout when the buyer pays a deposit
            // (10 to 90); none: paid in full
            vec![
                ColumnDef::new(a("deposit_percent"))
                    .integer()
                    .null()
                    .to_owned(),
            ],
        )
        .await?;
        add_columns(manager, "order_items", vec![vnd("balance_vnd")]).await?;
        add_columns(
            manager,
            "orders",
            vec![vnd("balance_vnd"), vnd("balance_collected_vnd")],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_columns(manager, "orders", &["balance_collected_vnd", "balance_vnd"]).await?;
        drop_columns(manager, "order_items", &["balance_vnd"]).await?;
        drop_columns(manager, "experiences", &["deposit_percent"]).await
    }
}
