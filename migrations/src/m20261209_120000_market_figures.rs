//! Indexes for the union's dashboard, whose figures are grouped by the
//! database over a period: orders by the day they were placed (the
//! existing indexes start with the cooperative or the buyer), delivery
//! events by their step and time, cooperatives by the day they were
//! admitted, listings by their first publication, certifications by
//! status and last valid day, and scans by day.

use sea_orm_migration::prelude::*;

use crate::util::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEXES: [(&str, &[&str]); 6] = [
    ("orders", &["created_at", "status"]),
    ("order_events", &["to_status", "created_at"]),
    ("cooperatives", &["approved_at"]),
    ("products", &["published_at"]),
    ("certifications", &["status", "expires_on"]),
    ("lot_scans", &["day"]),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, columns) in INDEXES {
            manager.create_index(index(table, columns)).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, columns) in INDEXES {
            manager
                .drop_index(
                    Index::drop()
                        .name(format!("ix_{table}_{}", columns.join("_")))
                        .table(Alias::new(table))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
