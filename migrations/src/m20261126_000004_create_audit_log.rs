//! The append-only audit log: who did what to what, when, and why.

use sea_orm_migration::prelude::*;

use crate::util::{allow_changes, forbid_changes, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    ActorId,
    Action,
    TargetType,
    TargetId,
    Reason,
    RequestId,
    Data,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use AuditLog as T;
        manager
            .create_table(
                Table::create()
                    .table(T::Table)
                    .col(ColumnDef::new(T::Id).uuid().not_null().primary_key())
                    // no foreign key: the record outlives the account
                    .col(ColumnDef::new(T::ActorId).uuid().null())
                    // e.g. cooperative.approve, product.reject
                    .col(ColumnDef::new(T::Action).string_len(64).not_null())
                    .col(ColumnDef::new(T::TargetType).string_len(32).not_null())
                    .col(ColumnDef::new(T::TargetId).string_len(64).not_null())
                    .col(ColumnDef::new(T::Reason).text().null())
                    .col(ColumnDef::new(T::RequestId).string_len(64).null())
                    .col(ColumnDef::new(T::Data).json_binary().null())
                    .col(
                        ColumnDef::new(T::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("audit_log", &["target_type", "target_id"]))
            .await?;
        manager
            .create_index(index("audit_log", &["actor_id", "created_at"]))
            .await?;
        manager
            .create_index(index("audit_log", &["created_at"]))
            .await?;
        forbid_changes(manager, "audit_log").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        allow_changes(manager, "audit_log").await?;
        manager
            .drop_table(Table::drop().table(AuditLog::Table).to_owned())
            .await
    }
}
