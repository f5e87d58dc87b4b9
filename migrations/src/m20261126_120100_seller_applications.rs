//! Seller applications: why a cooperative is where it is, when it applied,
//! and the documents it sent as evidence.

use sea_orm_migration::prelude::*;

use crate::util::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Cooperatives {
    Table,
    StatusReason,
    StatusChangedAt,
    SubmittedAt,
}

#[derive(DeriveIden)]
enum CooperativeDocuments {
    Table,
    Id,
    CooperativeId,
    Filename,
    ContentType,
    SizeBytes,
    StorageKey,
    UploadedBy,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // one column per statement: SQLite adds one at a time
        for column in [
            ColumnDef::new(Cooperatives::StatusReason)
                .text()
                .null()
                .to_owned(),
            ColumnDef::new(Cooperatives::StatusChangedAt)
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
            ColumnDef::new(Cooperatives::SubmittedAt)
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Cooperatives::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        use CooperativeDocuments as T;
        manager
            .create_table(
                Table::create()
                    .table(T::Table)
                    .col(ColumnDef::new(T::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(T::CooperativeId).uuid().not_null())
                    .col(ColumnDef::new(T::Filename).string_len(255).not_null())
                    // checked against the file's first bytes, not the client's word
                    .col(ColumnDef::new(T::ContentType).string_len(64).not_null())
                    .col(ColumnDef::new(T::SizeBytes).big_integer().not_null())
                    .col(ColumnDef::new(T::StorageKey).string_len(255).not_null())
                    .col(ColumnDef::new(T::UploadedBy).uuid().null())
                    .col(
                        ColumnDef::new(T::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(&mut fk(
                        "cooperative_documents",
                        "cooperative_id",
                        "cooperatives",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "cooperative_documents",
                        "uploaded_by",
                        "users",
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("cooperative_documents", &["cooperative_id"]))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CooperativeDocuments::Table).to_owned())
            .await?;
        for column in [
            Cooperatives::SubmittedAt.into_iden(),
            Cooperatives::StatusChangedAt.into_iden(),
            Cooperatives::StatusReason.into_iden(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Cooperatives::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
