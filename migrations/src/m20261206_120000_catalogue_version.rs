//! The catalogue tells every server process when what shoppers see has
//! changed, so that their in-process caches of public reads are dropped
//! the moment a change commits — whoever made it (a page, the API, a CLI
//! import, a checkout taking stock).
//!
//! Triggers on the tables public reads come from (listings, variants,
//! pictures, slugs, cooperatives, certifications, categories):
//! - PostgreSQL: `NOTIFY hoptac_catalog`, which is delivered only when the
//!   change commits and takes no lock, so concurrent writers never queue
//!   behind one another;
//! - SQLite (one process, one writer at a time): the single row of
//!   `catalog_version` counts up, and the process reads it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The tables whose rows public catalogue reads are made of.
const WATCHED: [&str; 7] = [
    "products",
    "product_variants",
    "product_images",
    "product_slugs",
    "cooperatives",
    "certifications",
    "categories",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE FUNCTION hoptac_catalog_changed() RETURNS trigger LANGUAGE plpgsql AS $$ \
                     BEGIN PERFORM pg_notify('hoptac_catalog', ''); RETURN NULL; END $$;",
                )
                .await?;
                for table in WATCHED {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {table}_catalog_changed \
                         AFTER INSERT OR UPDATE OR DELETE ON {table} \
                         FOR EACH STATEMENT EXECUTE FUNCTION hoptac_catalog_changed();"
                    ))
                    .await?;
                }
            }
            _ => {
                manager
                    .create_table(
                        Table::create()
                            .table(Alias::new("catalog_version"))
                            .col(
                                ColumnDef::new(Alias::new("id"))
                                    .integer()
                                    .not_null()
                                    .primary_key(),
                            )
                            .col(
                                ColumnDef::new(Alias::new("version"))
                                    .big_integer()
                                    .not_null(),
                            )
                            .to_owned(),
                    )
                    .await?;
                db.execute_unprepared("INSERT INTO catalog_version (id, version) VALUES (1, 0)")
                    .await?;
                for table in WATCHED {
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
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                for table in WATCHED {
                    db.execute_unprepared(&format!(
                        "DROP TRIGGER IF EXISTS {table}_catalog_changed ON {table};"
                    ))
                    .await?;
                }
                db.execute_unprepared("DROP FUNCTION IF EXISTS hoptac_catalog_changed();")
                    .await?;
            }
            _ => {
                for table in WATCHED {
                    for op in ["INSERT", "UPDATE", "DELETE"] {
                        db.execute_unprepared(&format!(
                            "DROP TRIGGER IF EXISTS {table}_catalog_{op};"
                        ))
                        .await?;
                    }
                }
                manager
                    .drop_table(
                        Table::drop()
                            .table(Alias::new("catalog_version"))
                            .to_owned(),
                    )
                    .await?;
            }
        }
        Ok(())
    }
}
