//! A listing's rating, which the catalogue keeps beside the listing (the
//! count and the sum of its visible reviews' stars) for pages, lists and
//! the search index. Reviews change it inside their own transaction; the
//! listing is re-indexed through the outbox.

use entity::products;
use kernel::ProductId;
use sea_orm::sea_query::{Expr, ExprTrait as _};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::{Catalog, Result, search_feed};

/// The average of `count` ratings summing to `sum` stars, in tenths of a
/// star rounded half up (17 stars from 4 reviews, 4.25, give 43); none
/// without ratings.
pub fn tenths_of_stars(count: i64, sum: i64) -> Option<i64> {
    // round(10 * sum / count) = (20 * sum + count) / (2 * count)
    (count > 0).then(|| {
        Ord::max(sum, 0)
            .saturating_mul(20)
            .saturating_add(count)
            .checked_div(count.saturating_mul(2))
            .unwrap_or(0)
    })
}

impl Catalog {
    /// Adds `count` reviews with `stars` stars in all to a listing's
    /// rating (negative to take a hidden review off), inside `conn`'s
    /// transaction.
    pub async fn rate<C: ConnectionTrait>(
        conn: &C,
        product: ProductId,
        count: i32,
        stars: i32,
    ) -> Result<()> {
        products::Entity::update_many()
            .col_expr(
                products::Column::RatingCount,
                Expr::col(products::Column::RatingCount).add(count),
            )
            .col_expr(
                products::Column::RatingSum,
                Expr::col(products::Column::RatingSum).add(stars),
            )
            .filter(products::Column::Id.eq(product.0))
            .exec(conn)
            .await?;
        search_feed::product_changed(conn, product).await?;
        Ok(())
    }
}
