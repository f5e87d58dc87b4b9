//! `products`: listings.

use kernel::I18nText;
use sea_orm::entity::prelude::*;

use crate::json::StringList;

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
