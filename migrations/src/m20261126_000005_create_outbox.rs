//! The outbox: side effects (e-mails, search index updates) written in the
//! same transaction as the change that causes them, and carried out by a
//! worker that claims due jobs with a lease.

use sea_orm_migration::prelude::*;

use crate::util::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    Topic,
    Payload,
    DedupeKey,
    Status,
    Attempts,
    MaxAttempts,
    RunAt,
    LockedUntil,
    LockedBy,
    LastError,
    CreatedAt,
    UpdatedAt,
    DoneAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Outbox as T;
        manager
            .create_table(
                Table::create()
                    .table(T::Table)
                    .col(ColumnDef::new(T::Id).uuid().not_null().primary_key())
                    // email, search_index, ...
                    .col(ColumnDef::new(T::Topic).string_len(32).not_null())
                    .col(ColumnDef::new(T::Payload).json_binary().not_null())
                    // lets a producer enqueue at most once per key
                    .col(
                        ColumnDef::new(T::DedupeKey)
                            .string_len(200)
                            .null()
                            .unique_key(),
                    )
                    // queued, running, done, failed
                    .col(ColumnDef::new(T::Status).string_len(16).not_null())
                    .col(ColumnDef::new(T::Attempts).integer().not_null().default(0))
                    .col(ColumnDef::new(T::MaxAttempts).integer().not_null())
                    // not before this time
                    .col(
                        ColumnDef::new(T::RunAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    // a claim expires, so a job whose worker died runs again
                    .col(
                        ColumnDef::new(T::LockedUntil)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(ColumnDef::new(T::LockedBy).string_len(64).null())
                    .col(ColumnDef::new(T::LastError).text().null())
                    .col(
                        ColumnDef::new(T::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(T::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(T::DoneAt).timestamp_with_time_zone().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("outbox", &["status", "run_at"]))
            .await?;
        manager
            .create_index(index("outbox", &["topic", "status"]))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Outbox::Table).to_owned())
            .await
    }
}
