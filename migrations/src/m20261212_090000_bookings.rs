//! Community-tourism bookings: a listing can be an experience (how long,
//! where to meet, languages, what is included, group size, child price,
//! cancellation policy) with dated sessions, each with its places; a cart
//! line and an order line can book a session for some adults and children,
//! and the order line keeps the booking's time and what became of it
//! (booked, arrived, no-show, completed, cancelled).

use sea_orm_migration::prelude::*;

use crate::util::{a, add_columns, at, at_null, drop_columns, fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn count(name: &str) -> ColumnDef {
    ColumnDef::new(a(name))
        .integer()
        .not_null()
        .default(0)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(a("experiences"))
                    .col(
                        ColumnDef::new(a("product_id"))
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(a("cooperative_id")).uuid().not_null())
                    .col(ColumnDef::new(a("minutes")).integer().not_null())
                    .col(ColumnDef::new(a("meeting_point")).text().not_null())
                    .col(ColumnDef::new(a("map_url")).text().null())
                    // language codes separated by commas: "vi,en"
                    .col(ColumnDef::new(a("languages")).string_len(64).not_null())
                    .col(ColumnDef::new(a("included")).text().not_null())
                    .col(ColumnDef::new(a("min_people")).integer().not_null())
                    .col(ColumnDef::new(a("max_people")).integer().not_null())
                    // the variant's price is for the whole group, not each person
                    .col(
                        ColumnDef::new(a("per_group"))
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .col(ColumnDef::new(a("child_price_vnd")).big_integer().null())
                    // free cancellation until this many days before
                    .col(ColumnDef::new(a("free_cancel_days")).integer().not_null())
                    // the share refunded after that
                    .col(
                        ColumnDef::new(a("late_refund_percent"))
                            .integer()
                            .not_null(),
                    )
                    .col(at("created_at"))
                    .col(at("updated_at"))
                    .foreign_key(&mut fk(
                        "experiences",
                        "product_id",
                        "products",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("experience_sessions"))
                    .col(ColumnDef::new(a("id")).uuid().not_null().primary_key())
                    .col(ColumnDef::new(a("product_id")).uuid().not_null())
                    .col(ColumnDef::new(a("cooperative_id")).uuid().not_null())
                    .col(at("starts_at"))
                    .col(ColumnDef::new(a("capacity")).integer().not_null().check((
                        "ck_experience_sessions_capacity",
                        Expr::col(a("capacity")).gte(1),
                    )))
                    // places booked; never below zero, never above capacity
                    // (every booking is a conditional update)
                    .col(
                        count("taken")
                            .check(("ck_experience_sessions_taken", Expr::col(a("taken")).gte(0))),
                    )
                    .col(at_null("closed_at"))
                    .col(ColumnDef::new(a("closed_reason")).text().null())
                    .col(at("created_at"))
                    .col(at("updated_at"))
                    .foreign_key(&mut fk(
                        "experience_sessions",
                        "product_id",
                        "products",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("experience_sessions", &["product_id", "starts_at"])
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "experience_sessions",
                &["cooperative_id", "starts_at"],
            ))
            .await?;
        // a cart may book one experience on several dates: its lines are
        // one per variant and session
        manager
            .drop_index(
                Index::drop()
                    .name("ix_cart_items_cart_id_variant_id")
                    .table(a("cart_items"))
                    .to_owned(),
            )
            .await?;
        add_columns(
            manager,
            "cart_items",
            vec![
                ColumnDef::new(a("session_id")).uuid().null().to_owned(),
                count("children"),
            ],
        )
        .await?;
        manager
            .create_index(
                index("cart_items", &["cart_id", "variant_id", "session_id"])
                    .unique()
                    .to_owned(),
            )
            .await?;
        add_columns(
            manager,
            "order_items",
            vec![
                ColumnDef::new(a("session_id")).uuid().null().to_owned(),
                at_null("starts_at"),
                ColumnDef::new(a("minutes")).integer().null().to_owned(),
                count("children"),
                // booked | arrived | no_show | completed | cancelled
                ColumnDef::new(a("booking_status"))
                    .string_len(16)
                    .null()
                    .to_owned(),
                // moved by the cooperative to another date: cancelling it
                // then refunds everything
                ColumnDef::new(a("booking_moved"))
                    .boolean()
                    .not_null()
                    .default(false)
                    .to_owned(),
            ],
        )
        .await?;
        manager
            .create_index(index("order_items", &["session_id"]))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_order_items_session_id")
                    .table(a("order_items"))
                    .to_owned(),
            )
            .await?;
        drop_columns(
            manager,
            "order_items",
            &[
                "booking_moved",
                "booking_status",
                "children",
                "minutes",
                "starts_at",
                "session_id",
            ],
        )
        .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("ix_cart_items_cart_id_variant_id_session_id")
                    .table(a("cart_items"))
                    .to_owned(),
            )
            .await?;
        drop_columns(manager, "cart_items", &["children", "session_id"]).await?;
        manager
            .create_index(
                index("cart_items", &["cart_id", "variant_id"])
                    .unique()
                    .to_owned(),
            )
            .await?;
        for table in ["experience_sessions", "experiences"] {
            manager
                .drop_table(Table::drop().table(a(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
