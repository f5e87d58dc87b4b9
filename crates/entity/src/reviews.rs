//! `reviews`: A buyer's review of one delivered order line: stars, text,
//! and the cooperative's public reply; union staff may hide it.

use sea_orm::entity::prelude::*;

/// A row of `reviews`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "reviews")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The order line reviewed (one review each).
    #[sea_orm(unique)]
    pub order_item_id: Uuid,
    /// Its order.
    pub order_id: Uuid,
    /// The listing, while it exists.
    pub product_id: Option<Uuid>,
    /// The cooperative that sold it.
    pub cooperative_id: Uuid,
    /// The author's account; none for a guest's order.
    pub author_id: Option<Uuid>,
    /// The author as shown: given name and the initial of the family name.
    pub author_name: String,
    /// 1 to 5 stars.
    pub rating: i16,
    /// The text, in the author's language.
    pub body: String,
    /// `visible` or `hidden`.
    pub status: String,
    /// Why staff hid it (told to the author).
    pub hidden_reason: Option<String>,
    /// When it was hidden.
    pub hidden_at: Option<DateTimeUtc>,
    /// Who hid it.
    pub hidden_by: Option<Uuid>,
    /// The cooperative's public reply.
    pub reply: Option<String>,
    /// When it replied.
    pub replied_at: Option<DateTimeUtc>,
    /// Who replied.
    pub replied_by: Option<Uuid>,
    /// Reports staff have not resolved yet.
    pub open_reports: i32,
    /// Written.
    pub created_at: DateTimeUtc,
    /// Last changed (reply, report, hidden).
    pub updated_at: DateTimeUtc,
}

/// Relations of `reviews`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
