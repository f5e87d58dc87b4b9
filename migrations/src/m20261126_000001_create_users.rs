//! People with an account: shoppers, cooperative members, union staff, admins.

use sea_orm_migration::prelude::*;

use crate::util::{index, timestamps};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Email,
    Name,
    PasswordHash,
    Locale,
    Role,
    EmailVerifiedAt,
    DisabledAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                timestamps(
                    Table::create()
                        .table(Users::Table)
                        .col(ColumnDef::new(Users::Id).uuid().not_null().primary_key())
                        // stored lower-cased, so the unique index is case-insensitive
                        .col(
                            ColumnDef::new(Users::Email)
                                .string_len(320)
                                .not_null()
                                .unique_key(),
                        )
                        .col(ColumnDef::new(Users::Name).string_len(200).not_null())
                        .col(
                            ColumnDef::new(Users::PasswordHash)
                                .string_len(255)
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(Users::Locale)
                                .string_len(8)
                                .not_null()
                                .default("vi"),
                        )
                        // platform role: shopper, staff (Cooperative Union) or admin
                        .col(
                            ColumnDef::new(Users::Role)
                                .string_len(16)
                                .not_null()
                                .default("shopper"),
                        )
                        .col(
                            ColumnDef::new(Users::EmailVerifiedAt)
                                .timestamp_with_time_zone()
                                .null(),
                        )
                        .col(
                            ColumnDef::new(Users::DisabledAt)
                                .timestamp_with_time_zone()
                                .null(),
                        ),
                )
                .to_owned(),
            )
            .await?;
        manager.create_index(index("users", &["role"])).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Users::Table).to_owned())
            .await
    }
}
