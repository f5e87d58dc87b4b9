//! Stock, which the catalogue owns: taken by a checkout and given back by a
//! cancellation, inside the caller's transaction.
//!
//! Each line is one conditional update (`stock = stock - n WHERE stock >=
//! n`, the row count checked), with the table's `CHECK (stock >= 0)` behind
//! it; lines are taken in variant order, so that two checkouts lock rows in
//! the same order (no deadlock on PostgreSQL). Made-to-order variants take
//! no stock. The listings touched get their summary (price range, in stock)
//! refreshed and a search-index job, in the same transaction.

use chrono::Utc;
use entity::{product_variants, products};
use kernel::{ProductId, VariantId};
use sea_orm::sea_query::{Expr, ExprTrait as _};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::search_feed::{self, IndexJob};
use crate::{Catalog, Error, Result};

/// A quantity of one variant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StockLine {
    /// The variant.
    pub variant: VariantId,
    /// Its listing.
    pub product: ProductId,
    /// Its SKU (named when it runs short).
    pub sku: String,
    /// How many.
    pub quantity: i32,
    /// Made after ordering: takes no stock.
    pub made_to_order: bool,
}

impl Catalog {
    /// Takes the stock of `lines` through `conn`, the caller's transaction;
    /// the first line short of stock fails with what is left of it, and the
    /// caller's rollback undoes the rest.
    pub async fn take_stock<C: ConnectionTrait>(conn: &C, lines: &[StockLine]) -> Result<()> {
        let now = Utc::now();
        let mut touched = Vec::new();
        for line in in_variant_order(lines) {
            let taken = product_variants::Entity::update_many()
                .col_expr(
                    product_variants::Column::Stock,
                    Expr::col(product_variants::Column::Stock).sub(line.quantity),
                )
                .col_expr(product_variants::Column::UpdatedAt, Expr::value(now))
                .filter(product_variants::Column::Id.eq(line.variant.uuid()))
                .filter(product_variants::Column::Stock.gte(line.quantity))
                .exec(conn)
                .await?;
            if taken.rows_affected != 1 {
                let available = product_variants::Entity::find_by_id(line.variant.uuid())
                    .one(conn)
                    .await?
                    .map_or(0, |v| v.stock);
                return Err(Error::InsufficientStock {
                    sku: line.sku.clone(),
                    available,
                });
            }
            touched.push(line.product);
        }
        listings_changed(conn, touched).await
    }

    /// Gives the stock of `lines` back through `conn`, the caller's
    /// transaction (which makes sure it happens once).
    pub async fn give_back_stock<C: ConnectionTrait>(conn: &C, lines: &[StockLine]) -> Result<()> {
        let now = Utc::now();
        let mut touched = Vec::new();
        for line in in_variant_order(lines) {
            product_variants::Entity::update_many()
                .col_expr(
                    product_variants::Column::Stock,
                    Expr::col(product_variants::Column::Stock).add(line.quantity),
                )
                .col_expr(product_variants::Column::UpdatedAt, Expr::value(now))
                .filter(product_variants::Column::Id.eq(line.variant.uuid()))
                .exec(conn)
                .await?;
            touched.push(line.product);
        }
        listings_changed(conn, touched).await
    }
}

/// The lines that hold stock, in variant order.
fn in_variant_order(lines: &[StockLine]) -> Vec<&StockLine> {
    let mut held: Vec<&StockLine> = lines.iter().filter(|l| !l.made_to_order).collect();
    held.sort_by_key(|l| l.variant.uuid());
    held
}

/// Refreshes the summaries of the listings whose stock moved and queues
/// their search-index update.
async fn listings_changed<C: ConnectionTrait>(conn: &C, mut touched: Vec<ProductId>) -> Result<()> {
    touched.sort_by_key(|p| p.0);
    touched.dedup();
    if touched.is_empty() {
        return Ok(());
    }
    for product in &touched {
        products::refresh_summary(conn, product.0).await?;
    }
    search_feed::enqueue(conn, IndexJob::Products { ids: touched }).await
}
