//! `products`: listings.

use kernel::I18nText;
use sea_orm::entity::prelude::*;

use crate::json::{ListingContent, StringList};

/// Where a listing is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
pub enum Status {
    /// Being written; only its cooperative sees it.
    #[sea_orm(string_value = "draft")]
    Draft,
    /// Waiting for union staff.
    #[sea_orm(string_value = "pending_review")]
    PendingReview,
    /// In the shop.
    #[sea_orm(string_value = "published")]
    Published,
    /// Taken down by its cooperative or by staff.
    #[sea_orm(string_value = "unpublished")]
    Unpublished,
    /// Refused by staff, with a reason.
    #[sea_orm(string_value = "rejected")]
    Rejected,
}

/// A row of `products`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "products")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The seller.
    pub cooperative_id: Uuid,
    /// Its category.
    pub category_id: Option<Uuid>,
    /// URL name.
    #[sea_orm(unique)]
    pub slug: String,
    /// Title per locale.
    #[sea_orm(column_type = "JsonBinary")]
    pub title: I18nText,
    /// Short description per locale.
    #[sea_orm(column_type = "JsonBinary")]
    pub summary: I18nText,
    /// Long description (Markdown) per locale.
    #[sea_orm(column_type = "JsonBinary")]
    pub description: I18nText,
    /// Material and use tags.
    #[sea_orm(column_type = "JsonBinary")]
    pub tags: StringList,
    /// Commune of origin.
    pub origin_commune: Option<String>,
    /// Province of origin.
    pub origin_province: Option<String>,
    /// The household or artisan who made it.
    pub maker: Option<String>,
    /// Care instructions per locale.
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub care: Option<I18nText>,
    /// Where it is in its life.
    pub status: Status,
    /// Shown on the home page.
    pub featured: bool,
    /// Folded titles and tags for plain database matching.
    pub search_text: String,
    /// When it was first published.
    pub published_at: Option<DateTimeUtc>,
    /// Why it was rejected or taken down.
    pub status_reason: Option<String>,
    /// Taken down by union staff: only a review brings it back.
    pub taken_down: bool,
    /// Text edits of an approved listing, shown once staff approve them.
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub pending_content: Option<ListingContent>,
    /// In the union's review queue (a new listing or pending edits).
    pub awaiting_review: bool,
    /// When it last entered the review queue.
    pub submitted_at: Option<DateTimeUtc>,
    /// The lowest variant price, kept from the variants.
    pub min_price_vnd: Option<i64>,
    /// The highest variant price, kept from the variants.
    pub max_price_vnd: Option<i64>,
    /// Whether some variant can be bought now, kept from the variants.
    pub in_stock: bool,
    /// Visible reviews, kept by the reviews themselves.
    pub rating_count: i32,
    /// The stars of the visible reviews, summed.
    pub rating_sum: i32,
    /// Created.
    pub created_at: DateTimeUtc,
    /// Last changed.
    pub updated_at: DateTimeUtc,
}

/// Relations of `products`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The seller.
    #[sea_orm(
        belongs_to = "super::cooperatives::Entity",
        from = "Column::CooperativeId",
        to = "super::cooperatives::Column::Id"
    )]
    Cooperative,
    /// Its variants.
    #[sea_orm(has_many = "super::product_variants::Entity")]
    Variants,
}

impl Related<super::cooperatives::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Cooperative.def()
    }
}

impl Related<super::product_variants::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Variants.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

/// Recomputes the listing's price range and whether it can be bought now
/// from its variants. Call it in the transaction that changed the variants.
pub async fn refresh_summary(db: &impl ConnectionTrait, product: Uuid) -> Result<(), DbErr> {
    use crate::product_variants;
    let variants = product_variants::Entity::find()
        .filter(product_variants::Column::ProductId.eq(product))
        .all(db)
        .await?;
    let min = variants.iter().map(|v| v.price_vnd).min();
    let max = variants.iter().map(|v| v.price_vnd).max();
    let in_stock = variants.iter().any(|v| v.made_to_order || v.stock > 0);
    Entity::update_many()
        .col_expr(Column::MinPriceVnd, Expr::value(min))
        .col_expr(Column::MaxPriceVnd, Expr::value(max))
        .col_expr(Column::InStock, Expr::value(in_stock))
        .filter(Column::Id.eq(product))
        .exec(db)
        .await?;
    Ok(())
}
