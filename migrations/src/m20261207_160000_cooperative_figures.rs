//! A cooperative's yearly figures — members (of whom women and ethnic
//! minorities), workers (regular and seasonal), average monthly income per
//! member — as it reports them and as union staff verify them, for its
//! public page and the union's reports to the city.

use sea_orm_migration::prelude::*;

use crate::util::{a, fk, index, timestamps};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let int = |name: &str| ColumnDef::new(a(name)).integer().not_null().to_owned();
        manager
            .create_table(
                timestamps(
                    Table::create()
                        .table(a("cooperative_figures"))
                        .col(ColumnDef::new(a("id")).uuid().not_null().primary_key())
                        .col(ColumnDef::new(a("cooperative_id")).uuid().not_null())
                        .col(int("year"))
                        .col(int("members"))
                        .col(int("members_women"))
                        .col(int("members_ethnic_minority"))
                        .col(int("workers_regular"))
                        .col(int("workers_seasonal"))
                        .col(
                            ColumnDef::new(a("average_monthly_income_vnd"))
                                .big_integer()
                                .not_null(),
                        )
                        .col(ColumnDef::new(a("founded_year")).integer().null())
                        .col(ColumnDef::new(a("reported_on")).date().not_null())
                        .col(ColumnDef::new(a("reported_by")).uuid().null())
                        .col(ColumnDef::new(a("status")).string_len(20).not_null())
                        .col(ColumnDef::new(a("review_note")).text().null())
                        .col(ColumnDef::new(a("reviewed_by")).uuid().null())
                        .col(
                            ColumnDef::new(a("reviewed_at"))
                                .timestamp_with_time_zone()
                                .null(),
                        )
                        .foreign_key(&mut fk(
                            "cooperative_figures",
                            "cooperative_id",
                            "cooperatives",
                            ForeignKeyAction::Cascade,
                        )),
                )
                .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("cooperative_figures", &["cooperative_id", "year"])
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("cooperative_figures", &["status", "reported_on"]).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(a("cooperative_figures")).to_owned())
            .await
    }
}
