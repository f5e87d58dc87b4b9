//! Lots and traceability: a cooperative's production or harvest batches
//! with their makers, materials and field diary, their public codes, the
//! scans of their pages counted per day, and recalls with the buyers told.
//! An order's line learns which lot was packed for it.

use sea_orm_migration::prelude::*;

use crate::util::{a, add_columns, drop_columns, fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn at(name: &str) -> ColumnDef {
    ColumnDef::new(a(name))
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

fn at_null(name: &str) -> ColumnDef {
    ColumnDef::new(a(name))
        .timestamp_with_time_zone()
        .null()
        .to_owned()
}

fn text(name: &str) -> ColumnDef {
    ColumnDef::new(a(name)).text().not_null().to_owned()
}

fn text_null(name: &str) -> ColumnDef {
    ColumnDef::new(a(name)).text().null().to_owned()
}

fn day_null(name: &str) -> ColumnDef {
    ColumnDef::new(a(name)).date().null().to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(a("lots"))
                    .col(ColumnDef::new(a("id")).uuid().not_null().primary_key())
                    .col(ColumnDef::new(a("cooperative_id")).uuid().not_null())
                    // null once the listing is deleted: the lot and its page
                    // stay, with the title it had
                    .col(ColumnDef::new(a("product_id")).uuid().null())
                    .col(ColumnDef::new(a("product_title")).json_binary().not_null())
                    .col(ColumnDef::new(a("variant_id")).uuid().null())
                    // the public code of its page: /t/{code}
                    .col(
                        ColumnDef::new(a("code"))
                            .string_len(16)
                            .not_null()
                            .unique_key(),
                    )
                    // the cooperative's own lot number, printed on labels
                    .col(ColumnDef::new(a("lot_number")).string_len(40).not_null())
                    .col(ColumnDef::new(a("gtin")).string_len(14).null())
                    .col(
                        ColumnDef::new(a("quantity"))
                            .integer()
                            .not_null()
                            .check(Expr::col(a("quantity")).gt(0)),
                    )
                    .col(ColumnDef::new(a("unit")).string_len(16).not_null())
                    .col(day_null("harvested_on"))
                    .col(day_null("produced_on"))
                    .col(day_null("packed_on"))
                    .col(day_null("best_before"))
                    .col(text_null("commune"))
                    .col(text_null("place"))
                    .col(ColumnDef::new(a("makers")).json_binary().not_null())
                    .col(ColumnDef::new(a("materials")).json_binary().not_null())
                    .col(
                        ColumnDef::new(a("certification_ids"))
                            .json_binary()
                            .not_null(),
                    )
                    .col(text_null("notes"))
                    // open | recalled
                    .col(ColumnDef::new(a("status")).string_len(16).not_null())
                    .col(at_null("recalled_at"))
                    .col(text_null("recall_reason"))
                    .col(ColumnDef::new(a("recalled_by")).uuid().null())
                    .col(ColumnDef::new(a("created_by")).uuid().null())
                    .col(at("created_at"))
                    .col(at("updated_at"))
                    .foreign_key(&mut fk(
                        "lots",
                        "cooperative_id",
                        "cooperatives",
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "lots",
                        "product_id",
                        "products",
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("lots", &["cooperative_id", "lot_number"])
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("lots", &["cooperative_id", "created_at"]))
            .await?;
        manager
            .create_index(index("lots", &["gtin", "lot_number"]))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("lot_diary_entries"))
                    .col(ColumnDef::new(a("id")).uuid().not_null().primary_key())
                    .col(ColumnDef::new(a("lot_id")).uuid().not_null())
                    // input | irrigation | harvest | processing | making | note
                    .col(ColumnDef::new(a("kind")).string_len(16).not_null())
                    .col(ColumnDef::new(a("happened_on")).date().not_null())
                    .col(text("title"))
                    .col(text_null("detail"))
                    .col(text_null("input_name"))
                    .col(text_null("dose"))
                    .col(
                        ColumnDef::new(a("pre_harvest_interval_days"))
                            .integer()
                            .null(),
                    )
                    .col(text_null("photo_url"))
                    .col(ColumnDef::new(a("created_by")).uuid().null())
                    .col(at("created_at"))
                    .foreign_key(&mut fk(
                        "lot_diary_entries",
                        "lot_id",
                        "lots",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("lot_diary_entries", &["lot_id", "happened_on"]))
            .await?;
        // scans of a lot's page, counted per day in Vietnam: no one's data
        manager
            .create_table(
                Table::create()
                    .table(a("lot_scans"))
                    .col(ColumnDef::new(a("lot_id")).uuid().not_null())
                    .col(ColumnDef::new(a("day")).date().not_null())
                    .col(ColumnDef::new(a("count")).integer().not_null())
                    .primary_key(Index::create().col(a("lot_id")).col(a("day")))
                    .foreign_key(&mut fk(
                        "lot_scans",
                        "lot_id",
                        "lots",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        // the buyers told of a recall: the recall report
        manager
            .create_table(
                Table::create()
                    .table(a("lot_recall_notices"))
                    .col(ColumnDef::new(a("id")).uuid().not_null().primary_key())
                    .col(ColumnDef::new(a("lot_id")).uuid().not_null())
                    .col(ColumnDef::new(a("order_id")).uuid().not_null())
                    .col(ColumnDef::new(a("order_number")).string_len(32).not_null())
                    .col(text("buyer_name"))
                    .col(text("buyer_email"))
                    .col(ColumnDef::new(a("quantity")).integer().not_null())
                    .col(at("notified_at"))
                    .foreign_key(&mut fk(
                        "lot_recall_notices",
                        "lot_id",
                        "lots",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("lot_recall_notices", &["lot_id", "order_id"])
                    .unique()
                    .to_owned(),
            )
            .await?;
        add_columns(
            manager,
            "order_items",
            vec![
                ColumnDef::new(a("lot_id")).uuid().null().to_owned(),
                ColumnDef::new(a("trace_code"))
                    .string_len(16)
                    .null()
                    .to_owned(),
            ],
        )
        .await?;
        manager
            .create_index(index("order_items", &["lot_id"]))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_order_items_lot_id")
                    .table(a("order_items"))
                    .to_owned(),
            )
            .await?;
        drop_columns(manager, "order_items", &["lot_id", "trace_code"]).await?;
        for table in [
            "lot_recall_notices",
            "lot_scans",
            "lot_diary_entries",
            "lots",
        ] {
            manager
                .drop_table(Table::drop().table(a(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
