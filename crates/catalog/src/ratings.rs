//! A listing's rating, which the catalogue keeps beside the listing (the
//! count and the sum of its visible reviews' stars) for pages, lists and
//! the search index. Reviews change it inside their own transaction; the
//! listing is re-indexed through the outbox.

use entity::products;
use kernel::ProductId;
use sea_orm::sea_query::{Expr, ExprTrait as _};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::{Catalog, Result, search_feed};

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
