//! Listings as cooperatives keep them: why a listing is where it is, edits
//! of a published listing waiting for review, the price range and stock kept
//! on the listing so lists can filter and sort on them, tiered wholesale
//! prices, pictures waiting for review, old slugs that redirect, and the
//! evidence of certifications.

use sea_orm_migration::prelude::*;

use crate::util::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Products {
    Table,
    StatusReason,
    TakenDown,
    PendingContent,
    AwaitingReview,
    SubmittedAt,
    MinPriceVnd,
    MaxPriceVnd,
    InStock,
}

#[derive(DeriveIden, Clone, Copy)]
enum ProductVariants {
    Table,
    PriceTiers,
}

#[derive(DeriveIden, Clone, Copy)]
enum ProductImages {
    Table,
    Pending,
}

#[derive(DeriveIden, Clone, Copy)]
enum ProductSlugs {
    Table,
    Slug,
    ProductId,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Certifications {
    Table,
    EvidenceFilename,
    EvidenceContentType,
    SubmittedBy,
}

async fn add_columns(
    manager: &SchemaManager<'_>,
    table: impl IntoIden + Clone,
    columns: Vec<ColumnDef>,
) -> Result<(), DbErr> {
    // one column per statement: SQLite adds one at a time
    for column in columns {
        manager
            .alter_table(
                Table::alter()
                    .table(table.clone())
                    .add_column(column)
                    .to_owned(),
            )
            .await?;
    }
    Ok(())
}

async fn drop_columns(
    manager: &SchemaManager<'_>,
    table: impl IntoIden + Clone,
    columns: Vec<DynIden>,
) -> Result<(), DbErr> {
    for column in columns {
        manager
            .alter_table(
                Table::alter()
                    .table(table.clone())
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_columns(
            manager,
            Products::Table,
            vec![
                // why it was rejected or taken down
                ColumnDef::new(Products::StatusReason)
                    .text()
                    .null()
                    .to_owned(),
                // taken down by union staff: only a review brings it back
                ColumnDef::new(Products::TakenDown)
                    .boolean()
                    .not_null()
                    .default(false)
                    .to_owned(),
                // text edits of an approved listing, shown after review
                ColumnDef::new(Products::PendingContent)
                    .json_binary()
                    .null()
                    .to_owned(),
                // in the union's review queue (a new listing or pending edits)
                ColumnDef::new(Products::AwaitingReview)
                    .boolean()
                    .not_null()
                    .default(false)
                    .to_owned(),
                ColumnDef::new(Products::SubmittedAt)
                    .timestamp_with_time_zone()
                    .null()
                    .to_owned(),
                // kept from the variants, so lists filter and sort by price
                // and stock without reading every variant
                ColumnDef::new(Products::MinPriceVnd)
                    .big_integer()
                    .null()
                    .to_owned(),
                ColumnDef::new(Products::MaxPriceVnd)
                    .big_integer()
                    .null()
                    .to_owned(),
                ColumnDef::new(Products::InStock)
                    .boolean()
                    .not_null()
                    .default(false)
                    .to_owned(),
            ],
        )
        .await?;
        let db = manager.get_connection();
        db.execute_unprepared(
            "UPDATE products SET \
             min_price_vnd = (SELECT MIN(v.price_vnd) FROM product_variants v WHERE v.product_id = products.id), \
             max_price_vnd = (SELECT MAX(v.price_vnd) FROM product_variants v WHERE v.product_id = products.id), \
             in_stock = EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = products.id \
                                AND (v.stock > 0 OR v.made_to_order))",
        )
        .await?;
        manager
            .create_index(index("products", &["status", "min_price_vnd"]))
            .await?;
        manager
            .create_index(index("products", &["awaiting_review", "submitted_at"]))
            .await?;
        manager
            .create_index(index("products", &["origin_province", "status"]))
            .await?;

        // [{"min_qty": 10, "price_vnd": 95000}, ...]; none means one price
        add_columns(
            manager,
            ProductVariants::Table,
            vec![
                ColumnDef::new(ProductVariants::PriceTiers)
                    .json_binary()
                    .null()
                    .to_owned(),
            ],
        )
        .await?;

        // added to an approved listing: shown once staff have seen it
        add_columns(
            manager,
            ProductImages::Table,
            vec![
                ColumnDef::new(ProductImages::Pending)
                    .boolean()
                    .not_null()
                    .default(false)
                    .to_owned(),
            ],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(ProductSlugs::Table)
                    .col(
                        ColumnDef::new(ProductSlugs::Slug)
                            .string_len(100)
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(ProductSlugs::ProductId).uuid().not_null())
                    .col(
                        ColumnDef::new(ProductSlugs::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(&mut fk(
                        "product_slugs",
                        "product_id",
                        "products",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("product_slugs", &["product_id"]))
            .await?;

        add_columns(
            manager,
            Certifications::Table,
            vec![
                ColumnDef::new(Certifications::EvidenceFilename)
                    .string_len(255)
                    .null()
                    .to_owned(),
                ColumnDef::new(Certifications::EvidenceContentType)
                    .string_len(64)
                    .null()
                    .to_owned(),
                ColumnDef::new(Certifications::SubmittedBy)
                    .uuid()
                    .null()
                    .to_owned(),
            ],
        )
        .await?;
        manager
            .create_index(index("certifications", &["status", "created_at"]))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_certifications_status_created_at")
                    .table(Certifications::Table)
                    .to_owned(),
            )
            .await?;
        drop_columns(
            manager,
            Certifications::Table,
            vec![
                Certifications::SubmittedBy.into_iden(),
                Certifications::EvidenceContentType.into_iden(),
                Certifications::EvidenceFilename.into_iden(),
            ],
        )
        .await?;
        manager
            .drop_table(Table::drop().table(ProductSlugs::Table).to_owned())
            .await?;
        drop_columns(
            manager,
            ProductImages::Table,
            vec![ProductImages::Pending.into_iden()],
        )
        .await?;
        drop_columns(
            manager,
            ProductVariants::Table,
            vec![ProductVariants::PriceTiers.into_iden()],
        )
        .await?;
        for name in [
            "ix_products_origin_province_status",
            "ix_products_awaiting_review_submitted_at",
            "ix_products_status_min_price_vnd",
        ] {
            manager
                .drop_index(Index::drop().name(name).table(Products::Table).to_owned())
                .await?;
        }
        drop_columns(
            manager,
            Products::Table,
            vec![
                Products::InStock.into_iden(),
                Products::MaxPriceVnd.into_iden(),
                Products::MinPriceVnd.into_iden(),
                Products::SubmittedAt.into_iden(),
                Products::AwaitingReview.into_iden(),
                Products::PendingContent.into_iden(),
                Products::TakenDown.into_iden(),
                Products::StatusReason.into_iden(),
            ],
        )
        .await
    }
}
