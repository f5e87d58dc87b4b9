//! Cooperatives, cooperative groups and household businesses that sell.

use sea_orm_migration::prelude::*;

use crate::util::{fk, index, timestamps};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Cooperatives {
    Table,
    Id,
    Slug,
    Name,
    Kind,
    Status,
    RegistrationNumber,
    TaxCode,
    Province,
    District,
    Ward,
    Street,
    Representative,
    Phone,
    Email,
    MembersCount,
    LocalJobs,
    FoundedYear,
    Summary,
    Story,
    OwnerId,
    ApprovedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Cooperatives as C;
        manager
            .create_table(
                timestamps(
                    Table::create()
                        .table(C::Table)
                        .col(ColumnDef::new(C::Id).uuid().not_null().primary_key())
                        .col(
                            ColumnDef::new(C::Slug)
                                .string_len(100)
                                .not_null()
                                .unique_key(),
                        )
                        .col(ColumnDef::new(C::Name).string_len(200).not_null())
                        // cooperative, cooperative_group or household_business
                        .col(ColumnDef::new(C::Kind).string_len(32).not_null())
                        // pending, approved, changes_requested, rejected, suspended
                        .col(ColumnDef::new(C::Status).string_len(24).not_null())
                        .col(ColumnDef::new(C::RegistrationNumber).string_len(64).null())
                        .col(ColumnDef::new(C::TaxCode).string_len(13).null())
                        .col(ColumnDef::new(C::Province).string_len(100).not_null())
                        .col(ColumnDef::new(C::District).string_len(100).null())
                        .col(ColumnDef::new(C::Ward).string_len(100).null())
                        .col(ColumnDef::new(C::Street).string_len(200).null())
                        .col(ColumnDef::new(C::Representative).string_len(200).null())
                        .col(ColumnDef::new(C::Phone).string_len(20).null())
                        .col(ColumnDef::new(C::Email).string_len(320).null())
                        .col(ColumnDef::new(C::MembersCount).integer().null().check((
                            "ck_cooperatives_members_count",
                            Expr::col(C::MembersCount).gte(0),
                        )))
                        .col(
                            ColumnDef::new(C::LocalJobs).integer().null().check((
                                "ck_cooperatives_local_jobs",
                                Expr::col(C::LocalJobs).gte(0),
                            )),
                        )
                        .col(ColumnDef::new(C::FoundedYear).integer().null())
                        // {"vi": ..., "en": ...}
                        .col(ColumnDef::new(C::Summary).json_binary().not_null())
                        .col(ColumnDef::new(C::Story).json_binary().not_null())
                        .col(ColumnDef::new(C::OwnerId).uuid().null())
                        .col(
                            ColumnDef::new(C::ApprovedAt)
                                .timestamp_with_time_zone()
                                .null(),
                        )
                        .foreign_key(&mut fk(
                            "cooperatives",
                            "owner_id",
                            "users",
                            ForeignKeyAction::SetNull,
                        )),
                )
                .to_owned(),
            )
            .await?;
        manager
            .create_index(index("cooperatives", &["status", "name"]))
            .await?;
        manager
            .create_index(index("cooperatives", &["owner_id"]))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Cooperatives::Table).to_owned())
            .await
    }
}
