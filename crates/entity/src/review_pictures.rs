//! `review_pictures`: Up to four pictures of a review, stored in the public
//! media under `reviews/{review}/{picture}/` in three sizes.

use sea_orm::entity::prelude::*;

/// A row of `review_pictures`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "review_pictures")]
pub struct Model {
    /// UUIDv7, also the folder of its files.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The review.
    pub review_id: Uuid,
    /// Its place among the review's pictures, from 0.
    pub position: i32,
    /// Uploaded.
    pub created_at: DateTimeUtc,
}

/// Relations of `review_pictures`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
