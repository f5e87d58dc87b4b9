//! Accounts: sessions, one-time tokens (e-mail verification, password
//! reset), personal API tokens, login throttling, and who belongs to which
//! cooperative.

use sea_orm_migration::prelude::*;

use crate::util::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    UserId,
    TokenHash,
    CsrfToken,
    UserAgent,
    Ip,
    CreatedAt,
    LastSeenAt,
    ExpiresAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum OneTimeTokens {
    Table,
    Id,
    UserId,
    Purpose,
    TokenHash,
    ExpiresAt,
    UsedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ApiTokens {
    Table,
    Id,
    UserId,
    CooperativeId,
    Name,
    Prefix,
    TokenHash,
    CreatedAt,
    LastUsedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum LoginThrottle {
    Table,
    Key,
    Failures,
    WindowStart,
    LockedUntil,
}

#[derive(DeriveIden)]
enum CooperativeMembers {
    Table,
    CooperativeId,
    UserId,
    Role,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CooperativeInvitations {
    Table,
    Id,
    CooperativeId,
    Email,
    Role,
    TokenHash,
    InvitedBy,
    ExpiresAt,
    AcceptedAt,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        {
            use Sessions as T;
            manager
                .create_table(
                    Table::create()
                        .table(T::Table)
                        .col(ColumnDef::new(T::Id).uuid().not_null().primary_key())
                        .col(ColumnDef::new(T::UserId).uuid().not_null())
                        // SHA-256 of the cookie's secret: a leaked table opens no session
                        .col(
                            ColumnDef::new(T::TokenHash)
                                .string_len(64)
                                .not_null()
                                .unique_key(),
                        )
                        .col(ColumnDef::new(T::CsrfToken).string_len(64).not_null())
                        .col(ColumnDef::new(T::UserAgent).string_len(255).null())
                        .col(ColumnDef::new(T::Ip).string_len(64).null())
                        .col(
                            ColumnDef::new(T::CreatedAt)
                                .timestamp_with_time_zone()
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(T::LastSeenAt)
                                .timestamp_with_time_zone()
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(T::ExpiresAt)
                                .timestamp_with_time_zone()
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(T::RevokedAt)
                                .timestamp_with_time_zone()
                                .null(),
                        )
                        .foreign_key(&mut fk(
                            "sessions",
                            "user_id",
                            "users",
                            ForeignKeyAction::Cascade,
                        ))
                        .to_owned(),
                )
                .await?;
            manager
                .create_index(index("sessions", &["user_id"]))
                .await?;
        }
        {
            use OneTimeTokens as T;
            manager
                .create_table(
                    Table::create()
                        .table(T::Table)
                        .col(ColumnDef::new(T::Id).uuid().not_null().primary_key())
                        .col(ColumnDef::new(T::UserId).uuid().not_null())
                        // verify_email, password_reset
                        .col(ColumnDef::new(T::Purpose).string_len(32).not_null())
                        .col(
                            ColumnDef::new(T::TokenHash)
                                .string_len(64)
                                .not_null()
                                .unique_key(),
                        )
                        .col(
                            ColumnDef::new(T::ExpiresAt)
                                .timestamp_with_time_zone()
                                .not_null(),
                        )
                        .col(ColumnDef::new(T::UsedAt).timestamp_with_time_zone().null())
                        .col(
                            ColumnDef::new(T::CreatedAt)
                                .timestamp_with_time_zone()
                                .not_null(),
                        )
                        .foreign_key(&mut fk(
                            "one_time_tokens",
                            "user_id",
                            "users",
                            ForeignKeyAction::Cascade,
                        ))
                        .to_owned(),
                )
                .await?;
            manager
                .create_index(index("one_time_tokens", &["user_id", "purpose"]))
                .await?;
        }
        {
            use ApiTokens as T;
            manager
                .create_table(
                    Table::create()
                        .table(T::Table)
                        .col(ColumnDef::new(T::Id).uuid().not_null().primary_key())
                        .col(ColumnDef::new(T::UserId).uuid().not_null())
                        // a token acts for its user inside this cooperative only
                        .col(ColumnDef::new(T::CooperativeId).uuid().not_null())
                        .col(ColumnDef::new(T::Name).string_len(100).not_null())
                        // the first characters, to tell tokens apart in lists
                        .col(ColumnDef::new(T::Prefix).string_len(16).not_null())
                        .col(
                            ColumnDef::new(T::TokenHash)
                                .string_len(64)
                                .not_null()
                                .unique_key(),
                        )
                        .col(
                            ColumnDef::new(T::CreatedAt)
                                .timestamp_with_time_zone()
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(T::LastUsedAt)
                                .timestamp_with_time_zone()
                                .null(),
                        )
                        .col(
                            ColumnDef::new(T::RevokedAt)
                                .timestamp_with_time_zone()
                                .null(),
                        )
                        .foreign_key(&mut fk(
                            "api_tokens",
                            "user_id",
                            "users",
                            ForeignKeyAction::Cascade,
                        ))
                        .foreign_key(&mut fk(
                            "api_tokens",
                            "cooperative_id",
                            "cooperatives",
                            ForeignKeyAction::Cascade,
                        ))
                        .to_owned(),
                )
                .await?;
            manager
                .create_index(index("api_tokens", &["user_id"]))
                .await?;
        }
        {
            use LoginThrottle as T;
            manager
                .create_table(
                    Table::create()
                        .table(T::Table)
                        // "account:<email>" or "ip:<address>"
                        .col(
                            ColumnDef::new(T::Key)
                                .string_len(400)
                                .not_null()
                                .primary_key(),
                        )
                        .col(ColumnDef::new(T::Failures).integer().not_null())
                        .col(
                            ColumnDef::new(T::WindowStart)
                                .timestamp_with_time_zone()
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(T::LockedUntil)
                                .timestamp_with_time_zone()
                                .null(),
                        )
                        .to_owned(),
                )
                .await?;
        }
        {
            use CooperativeMembers as T;
            manager
                .create_table(
                    Table::create()
                        .table(T::Table)
                        .col(ColumnDef::new(T::CooperativeId).uuid().not_null())
                        .col(ColumnDef::new(T::UserId).uuid().not_null())
                        // owner, manager, staff
                        .col(ColumnDef::new(T::Role).string_len(16).not_null())
                        .col(
                            ColumnDef::new(T::CreatedAt)
                                .timestamp_with_time_zone()
                                .not_null(),
                        )
                        .primary_key(Index::create().col(T::CooperativeId).col(T::UserId))
                        .foreign_key(&mut fk(
                            "cooperative_members",
                            "cooperative_id",
                            "cooperatives",
                            ForeignKeyAction::Cascade,
                        ))
                        .foreign_key(&mut fk(
                            "cooperative_members",
                            "user_id",
                            "users",
                            ForeignKeyAction::Cascade,
                        ))
                        .to_owned(),
                )
                .await?;
            manager
                .create_index(index("cooperative_members", &["user_id"]))
                .await?;
        }
        {
            use CooperativeInvitations as T;
            manager
                .create_table(
                    Table::create()
                        .table(T::Table)
                        .col(ColumnDef::new(T::Id).uuid().not_null().primary_key())
                        .col(ColumnDef::new(T::CooperativeId).uuid().not_null())
                        .col(ColumnDef::new(T::Email).string_len(320).not_null())
                        .col(ColumnDef::new(T::Role).string_len(16).not_null())
                        .col(
                            ColumnDef::new(T::TokenHash)
                                .string_len(64)
                                .not_null()
                                .unique_key(),
                        )
                        .col(ColumnDef::new(T::InvitedBy).uuid().null())
                        .col(
                            ColumnDef::new(T::ExpiresAt)
                                .timestamp_with_time_zone()
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(T::AcceptedAt)
                                .timestamp_with_time_zone()
                                .null(),
                        )
                        .col(
                            ColumnDef::new(T::CreatedAt)
                                .timestamp_with_time_zone()
                                .not_null(),
                        )
                        .foreign_key(&mut fk(
                            "cooperative_invitations",
                            "cooperative_id",
                            "cooperatives",
                            ForeignKeyAction::Cascade,
                        ))
                        .foreign_key(&mut fk(
                            "cooperative_invitations",
                            "invited_by",
                            "users",
                            ForeignKeyAction::SetNull,
                        ))
                        .to_owned(),
                )
                .await?;
            manager
                .create_index(index(
                    "cooperative_invitations",
                    &["cooperative_id", "email"],
                ))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            CooperativeInvitations::Table.into_iden(),
            CooperativeMembers::Table.into_iden(),
            LoginThrottle::Table.into_iden(),
            ApiTokens::Table.into_iden(),
            OneTimeTokens::Table.into_iden(),
            Sessions::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
