//! Collections (design families): a cooperative groups its listings —
//! "Lidded baskets", "2024 Mai An Tiêm award" — shown on its page and used
//! for lookbooks and requests for quote. Shoppers see them, so a change
//! tells every process that the catalogue changed.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

use crate::util::{a, fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: [&str; 2] = ["collections", "collection_products"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(a("collections"))
                    .col(ColumnDef::new(a("id")).uuid().not_null().primary_key())
                    .col(ColumnDef::new(a("cooperative_id")).uuid().not_null())
                    .col(ColumnDef::new(a("slug")).string_len(120).not_null())
                    .col(ColumnDef::new(a("name")).json_binary().not_null())
                    .col(ColumnDef::new(a("description")).json_binary().null())
                    .col(ColumnDef::new(a("position")).integer().not_null())
                    .col(
                        ColumnDef::new(a("created_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(a("updated_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(&mut fk(
                        "collections",
                        "cooperative_id",
                        "cooperatives",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("collections", &["cooperative_id", "slug"])
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("collection_products"))
                    .col(ColumnDef::new(a("id")).uuid().not_null().primary_key())
                    .col(ColumnDef::new(a("collection_id")).uuid().not_null())
                    .col(ColumnDef::new(a("product_id")).uuid().not_null())
                    .col(ColumnDef::new(a("position")).integer().not_null())
                    .foreign_key(&mut fk(
                        "collection_products",
                        "collection_id",
                        "collections",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "collection_products",
                        "product_id",
                        "products",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("collection_products", &["collection_id", "product_id"])
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("collection_products", &["product_id"]))
            .await?;
        let db = manager.get_connection();
        for table in TABLES {
            match manager.get_database_backend() {
                DatabaseBackend::Postgres => {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {table}_catalog_changed \
                         AFTER INSERT OR UPDATE OR DELETE ON {table} \
                         FOR EACH STATEMENT EXECUTE FUNCTION hoptac_catalog_changed();"
                    ))
                    .await?;
                }
                _ => {
                    for op in ["INSERT", "UPDATE", "DELETE"] {
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER {table}_catalog_{op} AFTER {op} ON {table} \
                             BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;"
                        ))
                        .await?;
                    }
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES.into_iter().rev() {
            if manager.get_database_backend() == DatabaseBackend::Postgres {
                manager
                    .get_connection()
                    .execute_unprepared(&format!(
                        "DROP TRIGGER IF EXISTS {table}_catalog_changed ON {table};"
                    ))
                    .await?;
            }
            manager
                .drop_table(Table::drop().table(a(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
