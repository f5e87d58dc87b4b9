//! Reviews by buyers: one per order line once it is delivered, with stars,
//! text, up to four pictures and the cooperative's public reply; reports by
//! anyone, which union staff resolve by hiding the review (with a reason)
//! or keeping it. A listing keeps its rating's count and sum, so pages and
//! the search index read it without counting reviews.

use sea_orm_migration::prelude::*;

use crate::util::{a, add_columns, at, at_null, drop_columns, fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn uuid_null(name: &str) -> ColumnDef {
    ColumnDef::new(a(name)).uuid().null().to_owned()
}

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
                    .table(a("reviews"))
                    .col(ColumnDef::new(a("id")).uuid().not_null().primary_key())
                    // one review per order line
                    .col(
                        ColumnDef::new(a("order_item_id"))
                            .uuid()
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(a("order_id")).uuid().not_null())
                    // null once the listing is deleted
                    .col(uuid_null("product_id"))
                    .col(ColumnDef::new(a("cooperative_id")).uuid().not_null())
                    .col(uuid_null("author_id"))
                    .col(ColumnDef::new(a("author_name")).string_len(120).not_null())
                    .col(ColumnDef::new(a("rating")).small_integer().not_null())
                    .col(ColumnDef::new(a("body")).text().not_null())
                    // visible | hidden
                    .col(ColumnDef::new(a("status")).string_len(16).not_null())
                    .col(ColumnDef::new(a("hidden_reason")).text().null())
                    .col(at_null("hidden_at"))
                    .col(uuid_null("hidden_by"))
                    .col(ColumnDef::new(a("reply")).text().null())
                    .col(at_null("replied_at"))
                    .col(uuid_null("replied_by"))
                    // reports not yet resolved by staff
                    .col(count("open_reports"))
                    .col(at("created_at"))
                    .col(at("updated_at"))
                    .foreign_key(&mut fk(
                        "reviews",
                        "order_item_id",
                        "order_items",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        for columns in [
            &["product_id", "status", "created_at"][..],
            &["cooperative_id", "created_at"],
            &["open_reports", "created_at"],
        ] {
            manager.create_index(index("reviews", columns)).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(a("review_pictures"))
                    .col(ColumnDef::new(a("id")).uuid().not_null().primary_key())
                    .col(ColumnDef::new(a("review_id")).uuid().not_null())
                    .col(ColumnDef::new(a("position")).integer().not_null())
                    .col(at("created_at"))
                    .foreign_key(&mut fk(
                        "review_pictures",
                        "review_id",
                        "reviews",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("review_pictures", &["review_id", "position"]))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("review_reports"))
                    .col(ColumnDef::new(a("id")).uuid().not_null().primary_key())
                    .col(ColumnDef::new(a("review_id")).uuid().not_null())
                    .col(ColumnDef::new(a("reason")).text().not_null())
                    .col(uuid_null("reporter_id"))
                    .col(at("created_at"))
                    .col(at_null("resolved_at"))
                    .foreign_key(&mut fk(
                        "review_reports",
                        "review_id",
                        "reviews",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("review_reports", &["review_id", "resolved_at"]))
            .await?;
        add_columns(
            manager,
            "products",
            vec![count("rating_count"), count("rating_sum")],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_columns(manager, "products", &["rating_sum", "rating_count"]).await?;
        for table in ["review_reports", "review_pictures", "reviews"] {
            manager
                .drop_table(Table::drop().table(a(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
