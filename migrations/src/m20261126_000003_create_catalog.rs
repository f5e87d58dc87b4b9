//! The catalogue: the category tree, listings, their variants (with stock
//! that can never go below zero), pictures and certifications.

use sea_orm_migration::prelude::*;

use crate::util::{fk, index, timestamps};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Categories {
    Table,
    Id,
    ParentId,
    Slug,
    Name,
    Position,
}

#[derive(DeriveIden)]
enum Products {
    Table,
    Id,
    CooperativeId,
    CategoryId,
    Slug,
    Title,
    Summary,
    Description,
    Tags,
    OriginCommune,
    OriginProvince,
    Maker,
    Care,
    Status,
    Featured,
    SearchText,
    PublishedAt,
}

#[derive(DeriveIden)]
enum ProductVariants {
    Table,
    Id,
    ProductId,
    CooperativeId,
    Sku,
    Options,
    PriceVnd,
    CompareAtVnd,
    Stock,
    WeightGrams,
    LengthMm,
    WidthMm,
    HeightMm,
    HsCode,
    MadeToOrder,
    LeadTimeDays,
    MinOrderQty,
    Position,
}

#[derive(DeriveIden)]
enum ProductImages {
    Table,
    Id,
    ProductId,
    Position,
    StorageKey,
    ContentType,
    Width,
    Height,
    Alt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Certifications {
    Table,
    Id,
    CooperativeId,
    ProductId,
    Kind,
    Name,
    Number,
    Issuer,
    Level,
    Stars,
    IssuedOn,
    ExpiresOn,
    Status,
    EvidenceKey,
    ReviewedBy,
    ReviewedAt,
    ReviewNote,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_categories(manager).await?;
        create_products(manager).await?;
        create_variants(manager).await?;
        create_images(manager).await?;
        create_certifications(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Certifications::Table.into_iden(),
            ProductImages::Table.into_iden(),
            ProductVariants::Table.into_iden(),
            Products::Table.into_iden(),
            Categories::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

async fn create_categories(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    use Categories as T;
    manager
        .create_table(
            timestamps(
                Table::create()
                    .table(T::Table)
                    .col(ColumnDef::new(T::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(T::ParentId).uuid().null())
                    .col(
                        ColumnDef::new(T::Slug)
                            .string_len(100)
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(T::Name).json_binary().not_null())
                    .col(ColumnDef::new(T::Position).integer().not_null().default(0))
                    .foreign_key(&mut fk(
                        "categories",
                        "parent_id",
                        "categories",
                        ForeignKeyAction::Restrict,
                    )),
            )
            .to_owned(),
        )
        .await?;
    manager
        .create_index(index("categories", &["parent_id", "position"]))
        .await
}

async fn create_products(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    use Products as T;
    manager
        .create_table(
            timestamps(
                Table::create()
                    .table(T::Table)
                    .col(ColumnDef::new(T::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(T::CooperativeId).uuid().not_null())
                    .col(ColumnDef::new(T::CategoryId).uuid().null())
                    .col(
                        ColumnDef::new(T::Slug)
                            .string_len(100)
                            .not_null()
                            .unique_key(),
                    )
                    // {"vi": ..., "en": ..., "ja": ..., "zh": ...}
                    .col(ColumnDef::new(T::Title).json_binary().not_null())
                    .col(ColumnDef::new(T::Summary).json_binary().not_null())
                    // Markdown, rendered and sanitised when shown
                    .col(ColumnDef::new(T::Description).json_binary().not_null())
                    // ["bamboo", "rattan", ...]
                    .col(ColumnDef::new(T::Tags).json_binary().not_null())
                    .col(ColumnDef::new(T::OriginCommune).string_len(100).null())
                    .col(ColumnDef::new(T::OriginProvince).string_len(100).null())
                    // the member household or artisan who made it
                    .col(ColumnDef::new(T::Maker).string_len(200).null())
                    .col(ColumnDef::new(T::Care).json_binary().null())
                    // draft, pending_review, published, unpublished, rejected
                    .col(ColumnDef::new(T::Status).string_len(24).not_null())
                    .col(
                        ColumnDef::new(T::Featured)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    // titles and tags folded (lower case, no diacritics) for plain
                    // database matching when no search index answers
                    .col(ColumnDef::new(T::SearchText).text().not_null())
                    .col(
                        ColumnDef::new(T::PublishedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .foreign_key(&mut fk(
                        "products",
                        "cooperative_id",
                        "cooperatives",
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "products",
                        "category_id",
                        "categories",
                        ForeignKeyAction::SetNull,
                    )),
            )
            .to_owned(),
        )
        .await?;
    manager
        .create_index(index("products", &["status", "published_at"]))
        .await?;
    manager
        .create_index(index("products", &["cooperative_id", "status"]))
        .await?;
    manager
        .create_index(index("products", &["category_id", "status"]))
        .await
}

async fn create_variants(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    use ProductVariants as T;
    manager
        .create_table(
            timestamps(
                Table::create()
                    .table(T::Table)
                    .col(ColumnDef::new(T::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(T::ProductId).uuid().not_null())
                    // copied from the product so that SKUs can be unique per cooperative
                    .col(ColumnDef::new(T::CooperativeId).uuid().not_null())
                    .col(ColumnDef::new(T::Sku).string_len(64).not_null())
                    // {"size": "M", "colour": "natural"}
                    .col(ColumnDef::new(T::Options).json_binary().not_null())
                    .col(
                        ColumnDef::new(T::PriceVnd)
                            .big_integer()
                            .not_null()
                            .check(("ck_product_variants_price", Expr::col(T::PriceVnd).gte(0))),
                    )
                    .col(ColumnDef::new(T::CompareAtVnd).big_integer().null())
                    .col(
                        ColumnDef::new(T::Stock)
                            .integer()
                            .not_null()
                            .default(0)
                            .check(("ck_product_variants_stock", Expr::col(T::Stock).gte(0))),
                    )
                    .col(ColumnDef::new(T::WeightGrams).integer().null())
                    .col(ColumnDef::new(T::LengthMm).integer().null())
                    .col(ColumnDef::new(T::WidthMm).integer().null())
                    .col(ColumnDef::new(T::HeightMm).integer().null())
                    .col(ColumnDef::new(T::HsCode).string_len(16).null())
                    .col(
                        ColumnDef::new(T::MadeToOrder)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .col(ColumnDef::new(T::LeadTimeDays).integer().null())
                    .col(
                        ColumnDef::new(T::MinOrderQty)
                            .integer()
                            .not_null()
                            .default(1)
                            .check((
                                "ck_product_variants_min_order_qty",
                                Expr::col(T::MinOrderQty).gte(1),
                            )),
                    )
                    .col(ColumnDef::new(T::Position).integer().not_null().default(0))
                    .foreign_key(&mut fk(
                        "product_variants",
                        "product_id",
                        "products",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "product_variants",
                        "cooperative_id",
                        "cooperatives",
                        ForeignKeyAction::Restrict,
                    )),
            )
            .to_owned(),
        )
        .await?;
    manager
        .create_index(
            index("product_variants", &["cooperative_id", "sku"])
                .unique()
                .to_owned(),
        )
        .await?;
    manager
        .create_index(index("product_variants", &["product_id", "position"]))
        .await
}

async fn create_images(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    use ProductImages as T;
    manager
        .create_table(
            Table::create()
                .table(T::Table)
                .col(ColumnDef::new(T::Id).uuid().not_null().primary_key())
                .col(ColumnDef::new(T::ProductId).uuid().not_null())
                .col(ColumnDef::new(T::Position).integer().not_null().default(0))
                // where the media store keeps it; sizes are derived from it
                .col(ColumnDef::new(T::StorageKey).string_len(255).not_null())
                .col(ColumnDef::new(T::ContentType).string_len(64).not_null())
                .col(ColumnDef::new(T::Width).integer().not_null())
                .col(ColumnDef::new(T::Height).integer().not_null())
                .col(ColumnDef::new(T::Alt).json_binary().not_null())
                .col(
                    ColumnDef::new(T::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(&mut fk(
                    "product_images",
                    "product_id",
                    "products",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
    manager
        .create_index(index("product_images", &["product_id", "position"]))
        .await
}

async fn create_certifications(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    use Certifications as T;
    manager
        .create_table(
            timestamps(
                Table::create()
                    .table(T::Table)
                    .col(ColumnDef::new(T::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(T::CooperativeId).uuid().not_null())
                    // set when it covers one product rather than the whole cooperative
                    .col(ColumnDef::new(T::ProductId).uuid().null())
                    // vietgap, ocop, organic, award
                    .col(ColumnDef::new(T::Kind).string_len(16).not_null())
                    // the award's or standard's name
                    .col(ColumnDef::new(T::Name).string_len(200).null())
                    .col(ColumnDef::new(T::Number).string_len(100).null())
                    .col(ColumnDef::new(T::Issuer).string_len(200).null())
                    // OCOP: district, province or national
                    .col(ColumnDef::new(T::Level).string_len(16).null())
                    .col(
                        ColumnDef::new(T::Stars)
                            .small_integer()
                            .null()
                            .check(("ck_certifications_stars", Expr::col(T::Stars).between(1, 5))),
                    )
                    .col(ColumnDef::new(T::IssuedOn).date().null())
                    .col(ColumnDef::new(T::ExpiresOn).date().null())
                    // pending, verified, rejected
                    .col(ColumnDef::new(T::Status).string_len(16).not_null())
                    .col(ColumnDef::new(T::EvidenceKey).string_len(255).null())
                    .col(ColumnDef::new(T::ReviewedBy).uuid().null())
                    .col(
                        ColumnDef::new(T::ReviewedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(ColumnDef::new(T::ReviewNote).text().null())
                    .foreign_key(&mut fk(
                        "certifications",
                        "cooperative_id",
                        "cooperatives",
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "certifications",
                        "product_id",
                        "products",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "certifications",
                        "reviewed_by",
                        "users",
                        ForeignKeyAction::SetNull,
                    )),
            )
            .to_owned(),
        )
        .await?;
    manager
        .create_index(index("certifications", &["cooperative_id", "status"]))
        .await?;
    manager
        .create_index(index("certifications", &["product_id"]))
        .await
}
