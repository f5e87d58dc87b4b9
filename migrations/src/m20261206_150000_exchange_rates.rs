//! The exchange rates union staff set, to show prices in dollars, yen and
//! yuan beside the đồng. Each setting is a row of its own (the history is
//! kept: a quote later fixes the rate of its day); the latest row of each
//! currency is the one shown. Public pages show converted prices, so a new
//! rate tells every process that what shoppers see changed, like a
//! catalogue change.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

use crate::util;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("exchange_rates"))
                    .col(
                        ColumnDef::new(Alias::new("id"))
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(Alias::new("currency"))
                            .string_len(3)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Alias::new("vnd_per_unit_milli"))
                            .big_integer()
                            .not_null()
                            .check(Expr::col(Alias::new("vnd_per_unit_milli")).gt(0)),
                    )
                    .col(ColumnDef::new(Alias::new("set_by")).uuid().null())
                    .col(
                        ColumnDef::new(Alias::new("set_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(&mut util::fk(
                        "exchange_rates",
                        "set_by",
                        "users",
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(util::index("exchange_rates", &["currency", "set_at"]))
            .await?;
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE TRIGGER exchange_rates_catalog_changed \
                     AFTER INSERT OR UPDATE OR DELETE ON exchange_rates \
                     FOR EACH STATEMENT EXECUTE FUNCTION hoptac_catalog_changed();",
                )
                .await?;
            }
            _ => {
                for op in ["INSERT", "UPDATE", "DELETE"] {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER exchange_rates_catalog_{op} AFTER {op} ON exchange_rates \
                         BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;"
                    ))
                    .await?;
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared(
                    "DROP TRIGGER IF EXISTS exchange_rates_catalog_changed ON exchange_rates;",
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table(Alias::new("exchange_rates")).to_owned())
            .await
    }
}
