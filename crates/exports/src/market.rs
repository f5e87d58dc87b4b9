//! The export desk's side of the union's dashboard: export orders whose
//! deposit came in, per buyer's country, in a period. One grouped query.

use accounts::{Action, Actor, authorize};
use entity::report::{statement, sum};
use kernel::time::Period;
use sea_orm::{ConnectionTrait, QueryResult};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{Exports, Result};

/// Export orders to one country.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ExportCountry {
    /// The buyer's country (ISO code).
    pub country: String,
    /// Export orders made in the period whose deposit was paid.
    pub orders: i64,
    /// Their value in đồng.
    pub value_vnd: i64,
}

fn get<T: sea_orm::TryGetable>(row: &QueryResult, column: &str) -> Result<T> {
    Ok(row.try_get::<T>("", column)?)
}

impl Exports {
    /// Export orders made in `period` whose deposit was paid (an order
    /// still awaiting its deposit is not a sale yet), per buyer's country,
    /// largest first (union staff).
    pub async fn export_sales(&self, actor: &Actor, period: Period) -> Result<Vec<ExportCountry>> {
        authorize(Some(actor), Action::Moderate)?;
        let backend = self.db.get_database_backend();
        let rows = self
            .db
            .query_all_raw(statement(
                backend,
                &format!(
                    "SELECT b.country AS country, COUNT(*) AS orders, {} AS value \
                     FROM export_orders o JOIN export_buyers b ON b.user_id = o.buyer_id \
                     WHERE o.created_at >= $1 AND o.created_at < $2 \
                     AND o.status <> 'awaiting_deposit' \
                     GROUP BY b.country ORDER BY value DESC, orders DESC",
                    sum("o.total_vnd")
                ),
                vec![period.start().into(), period.end().into()],
            ))
            .await?;
        rows.iter()
            .map(|r| {
                Ok(ExportCountry {
                    country: get(r, "country")?,
                    orders: get(r, "orders")?,
                    value_vnd: get(r, "value")?,
                })
            })
            .collect()
    }
}
