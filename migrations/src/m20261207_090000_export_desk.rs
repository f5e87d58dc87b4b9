//! The export desk: importers' company accounts, requests for quote with
//! their lines and messages, quotes (every version kept), export orders
//! with their timeline, their deposit and balance payments and their
//! shipping documents. The ledger learns to name the export order a
//! booking belongs to.

use sea_orm_migration::prelude::*;

use crate::util::{a, add_columns, drop_columns, fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn id() -> ColumnDef {
    ColumnDef::new(a("id"))
        .uuid()
        .not_null()
        .primary_key()
        .to_owned()
}

fn at(name: &str) -> ColumnDef {
    ColumnDef::new(a(name))
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

fn text(name: &str) -> ColumnDef {
    ColumnDef::new(a(name)).text().not_null().to_owned()
}

fn text_null(name: &str) -> ColumnDef {
    ColumnDef::new(a(name)).text().null().to_owned()
}

fn short(name: &str, len: u32) -> ColumnDef {
    ColumnDef::new(a(name))
        .string_len(len)
        .not_null()
        .to_owned()
}

fn vnd(name: &str) -> ColumnDef {
    ColumnDef::new(a(name))
        .big_integer()
        .not_null()
        .check(Expr::col(a(name)).gte(0))
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // an importer's company, one per person
        manager
            .create_table(
                Table::create()
                    .table(a("export_buyers"))
                    .col(ColumnDef::new(a("user_id")).uuid().not_null().primary_key())
                    .col(text("company_name"))
                    .col(short("country", 2))
                    .col(text_null("tax_number"))
                    .col(short("language", 2))
                    .col(short("currency", 3))
                    .col(text_null("phone"))
                    .col(at("created_at"))
                    .col(at("updated_at"))
                    .foreign_key(
                        &mut ForeignKey::create()
                            .name("fk_export_buyers_user_id")
                            .from(a("export_buyers"), a("user_id"))
                            .to(a("users"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade)
                            .to_owned(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("quote_requests"))
                    .col(id())
                    .col(short("number", 24).unique_key())
                    .col(ColumnDef::new(a("cooperative_id")).uuid().not_null())
                    .col(ColumnDef::new(a("buyer_id")).uuid().not_null())
                    .col(text("company_name"))
                    .col(short("country", 2))
                    .col(text("destination_port"))
                    .col(short("incoterm", 3))
                    .col(text("named_place"))
                    .col(ColumnDef::new(a("wanted_by")).date().null())
                    .col(ColumnDef::new(a("samples_wanted")).boolean().not_null())
                    .col(ColumnDef::new(a("target_price_vnd")).big_integer().null())
                    .col(text_null("packaging_notes"))
                    .col(short("language", 2))
                    .col(short("currency", 3))
                    // open | quoted | accepted | withdrawn
                    .col(short("status", 16))
                    .col(at("created_at"))
                    .col(at("updated_at"))
                    .foreign_key(&mut fk(
                        "quote_requests",
                        "cooperative_id",
                        "cooperatives",
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "quote_requests",
                        "buyer_id",
                        "users",
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("quote_requests", &["cooperative_id", "created_at"]))
            .await?;
        manager
            .create_index(index("quote_requests", &["buyer_id", "created_at"]))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("quote_request_lines"))
                    .col(id())
                    .col(ColumnDef::new(a("request_id")).uuid().not_null())
                    .col(ColumnDef::new(a("position")).integer().not_null())
                    .col(ColumnDef::new(a("product_id")).uuid().null())
                    .col(ColumnDef::new(a("variant_id")).uuid().null())
                    .col(text_null("sku"))
                    .col(text("description"))
                    .col(
                        ColumnDef::new(a("quantity"))
                            .integer()
                            .not_null()
                            .check(Expr::col(a("quantity")).gt(0)),
                    )
                    .col(
                        ColumnDef::new(a("target_unit_price_vnd"))
                            .big_integer()
                            .null(),
                    )
                    .foreign_key(&mut fk(
                        "quote_request_lines",
                        "request_id",
                        "quote_requests",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("quote_request_lines", &["request_id", "position"])
                    .unique()
                    .to_owned(),
            )
            .await?;
        // every version of a quote is a row of its own, never changed
        manager
            .create_table(
                Table::create()
                    .table(a("quotes"))
                    .col(id())
                    .col(ColumnDef::new(a("request_id")).uuid().not_null())
                    .col(ColumnDef::new(a("version")).integer().not_null())
                    .col(ColumnDef::new(a("lines")).json_binary().not_null())
                    .col(short("incoterm", 3))
                    .col(text("named_place"))
                    .col(text_null("packing"))
                    .col(ColumnDef::new(a("sample_price_vnd")).big_integer().null())
                    .col(ColumnDef::new(a("sample_days")).integer().null())
                    .col(
                        ColumnDef::new(a("deposit_percent"))
                            .integer()
                            .not_null()
                            .check(Expr::col(a("deposit_percent")).between(0, 100)),
                    )
                    .col(ColumnDef::new(a("valid_until")).date().not_null())
                    .col(text_null("notes"))
                    .col(vnd("total_vnd"))
                    .col(short("currency", 3))
                    .col(ColumnDef::new(a("vnd_per_unit_milli")).big_integer().null())
                    .col(ColumnDef::new(a("created_by")).uuid().null())
                    .col(at("created_at"))
                    .foreign_key(&mut fk(
                        "quotes",
                        "request_id",
                        "quote_requests",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("quotes", &["request_id", "version"])
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("quote_messages"))
                    .col(id())
                    .col(ColumnDef::new(a("request_id")).uuid().not_null())
                    .col(ColumnDef::new(a("author_id")).uuid().null())
                    // buyer | cooperative | staff
                    .col(short("side", 16))
                    .col(text("body"))
                    .col(at("created_at"))
                    .foreign_key(&mut fk(
                        "quote_messages",
                        "request_id",
                        "quote_requests",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("quote_messages", &["request_id", "created_at"]))
            .await?;
        // accepting a quote makes the one export order of its request
        manager
            .create_table(
                Table::create()
                    .table(a("export_orders"))
                    .col(id())
                    .col(short("number", 24).unique_key())
                    .col(
                        ColumnDef::new(a("request_id"))
                            .uuid()
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(a("quote_id")).uuid().not_null())
                    .col(ColumnDef::new(a("cooperative_id")).uuid().not_null())
                    .col(ColumnDef::new(a("buyer_id")).uuid().not_null())
                    .col(vnd("total_vnd"))
                    .col(vnd("deposit_vnd"))
                    .col(vnd("balance_vnd"))
                    // awaiting_deposit | deposit_paid | in_production | ready
                    // | balance_paid | shipped | delivered
                    .col(short("status", 20))
                    .col(text_null("carrier"))
                    .col(text_null("transport_ref"))
                    .col(at("created_at"))
                    .col(at("updated_at"))
                    .foreign_key(&mut fk(
                        "export_orders",
                        "request_id",
                        "quote_requests",
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "export_orders",
                        "quote_id",
                        "quotes",
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "export_orders",
                        "cooperative_id",
                        "cooperatives",
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("export_orders", &["cooperative_id", "created_at"]))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("export_events"))
                    .col(id())
                    .col(ColumnDef::new(a("export_order_id")).uuid().not_null())
                    .col(short("status", 20))
                    .col(text_null("note"))
                    .col(ColumnDef::new(a("photos")).json_binary().not_null())
                    .col(ColumnDef::new(a("created_by")).uuid().null())
                    .col(at("created_at"))
                    .foreign_key(&mut fk(
                        "export_events",
                        "export_order_id",
                        "export_orders",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("export_events", &["export_order_id", "created_at"]))
            .await?;
        // the deposit and the balance: one row each, paid once
        manager
            .create_table(
                Table::create()
                    .table(a("export_payments"))
                    .col(id())
                    .col(ColumnDef::new(a("export_order_id")).uuid().not_null())
                    // deposit | balance
                    .col(short("part", 8))
                    .col(vnd("amount_vnd"))
                    .col(short("reference", 24).unique_key())
                    // pending | paid
                    .col(short("status", 8))
                    .col(text_null("method"))
                    .col(text_null("bank_reference"))
                    .col(
                        ColumnDef::new(a("paid_at"))
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(ColumnDef::new(a("recorded_by")).uuid().null())
                    .col(at("created_at"))
                    .foreign_key(&mut fk(
                        "export_payments",
                        "export_order_id",
                        "export_orders",
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("export_payments", &["export_order_id", "part"])
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("export_documents"))
                    .col(id())
                    .col(ColumnDef::new(a("export_order_id")).uuid().not_null())
                    .col(short("kind", 32))
                    .col(text("filename"))
                    .col(ColumnDef::new(a("size_bytes")).big_integer().not_null())
                    .col(text("storage_key"))
                    .col(ColumnDef::new(a("uploaded_by")).uuid().null())
                    .col(at("created_at"))
                    .foreign_key(&mut fk(
                        "export_documents",
                        "export_order_id",
                        "export_orders",
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("export_documents", &["export_order_id", "kind"])
                    .unique()
                    .to_owned(),
            )
            .await?;
        add_columns(
            manager,
            "ledger_transactions",
            vec![
                ColumnDef::new(a("export_order_id"))
                    .uuid()
                    .null()
                    .to_owned(),
            ],
        )
        .await?;
        manager
            .create_index(index("ledger_transactions", &["export_order_id"]))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_ledger_transactions_export_order_id")
                    .table(a("ledger_transactions"))
                    .to_owned(),
            )
            .await?;
        drop_columns(manager, "ledger_transactions", &["export_order_id"]).await?;
        for table in [
            "export_documents",
            "export_payments",
            "export_events",
            "export_orders",
            "quote_messages",
            "quotes",
            "quote_request_lines",
            "quote_requests",
            "export_buyers",
        ] {
            manager
                .drop_table(Table::drop().table(a(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
