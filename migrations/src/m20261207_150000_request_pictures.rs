//! Pictures on a request for quote: the importer's sketches and photos of
//! a custom design, the cooperative's photos of a sample, kept in the
//! private document store.

use sea_orm_migration::prelude::*;

use crate::util::{a, fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(a("quote_request_pictures"))
                    .col(ColumnDef::new(a("id")).uuid().not_null().primary_key())
                    .col(ColumnDef::new(a("request_id")).uuid().not_null())
                    .col(ColumnDef::new(a("side")).string_len(16).not_null())
                    .col(ColumnDef::new(a("filename")).string_len(200).not_null())
                    .col(ColumnDef::new(a("content_type")).string_len(40).not_null())
                    .col(ColumnDef::new(a("size_bytes")).big_integer().not_null())
                    .col(ColumnDef::new(a("storage_key")).string_len(200).not_null())
                    .col(ColumnDef::new(a("uploaded_by")).uuid().not_null())
                    .col(
                        ColumnDef::new(a("created_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(&mut fk(
                        "quote_request_pictures",
                        "request_id",
                        "quote_requests",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("quote_request_pictures", &["request_id", "created_at"]).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(a("quote_request_pictures")).to_owned())
            .await
    }
}
