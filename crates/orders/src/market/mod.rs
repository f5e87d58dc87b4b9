//! The market's sales for a period, for the union's dashboard: orders and
//! their value (GMV) per cooperative, category, month, buyers' province and
//! country, and payment method, and how long delivery takes. They are read
//! from sums per day and group ([`days`]), so a year costs one grouped
//! read of its days' sums, whatever the number of orders.
//!
//! **No buyers per group**: a count of different buyers cannot be summed
//! over days (one buyer on two days would count twice), and counting it
//! from the orders would read every order of the period again; the figures
//! are orders and value only.
//!
//! **What counts as a sale**: an order placed in the period (Vietnam time)
//! whose status is one of [`SALE_STATUSES`] — paid, or accepted on cash on
//! delivery, and on from there. Orders still waiting for their money
//! (`pending_payment`) and cancelled orders are left out. GMV is the
//! orders' totals (goods and shipping) as placed; refunds are not taken off
//! (they are money movements, shown in the ledger, not the size of the
//! market).

pub mod days;

pub use days::{MARGIN, dimension};

use accounts::{Action, Actor, authorize};
use entity::report::{statement, sum};
use kernel::time::Period;
use sea_orm::{ConnectionTrait, Value};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{Orders, Result};

/// The statuses of an order that count as a sale.
pub const SALE_STATUSES: [&str; 5] = ["confirmed", "packed", "shipped", "delivered", "completed"];

/// Orders and their value in one group.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Sales {
    /// Orders.
    pub orders: i64,
    /// Their value in đồng.
    pub gmv_vnd: i64,
}

/// Sales of one cooperative, category, month, place or payment method.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SalesBy<K> {
    /// The group.
    pub key: K,
    /// Its sales.
    #[serde(flatten)]
    pub sales: Sales,
}

/// How long orders took from placed to delivered.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Delivery {
    /// Orders delivered in the period.
    pub delivered: i64,
    /// Their average time from placed to delivered, in hours.
    pub average_hours: Option<f64>,
}

/// The market's sales for a period.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MarketSales {
    /// All sales.
    pub total: Sales,
    /// Per cooperative (its id), largest first.
    pub by_cooperative: Vec<SalesBy<Uuid>>,
    /// Per listing category (its id; none for listings without one or no
    /// longer in the catalogue), largest first. The value is the goods
    /// (lines), without shipping; an order with lines in two categories
    /// counts in both.
    pub by_category: Vec<SalesBy<Option<Uuid>>>,
    /// Per month (`YYYY-MM`, Vietnam time), in order; months without sales
    /// are absent.
    pub by_month: Vec<SalesBy<String>>,
    /// Per province of the delivery address, for orders in Vietnam.
    pub by_province: Vec<SalesBy<String>>,
    /// Per country of the delivery address (ISO code), `VN` included.
    pub by_country: Vec<SalesBy<String>>,
    /// Per payment method (`cod`, `bank_transfer`, `card`).
    pub by_payment_method: Vec<SalesBy<String>>,
    /// Delivery times.
    pub delivery: Delivery,
}

impl Orders {
    /// The market's sales in `period` (union staff), read from the day
    /// sums once they are brought up to date.
    #[tracing::instrument(skip_all, fields(from = %period.from, to = %period.to))]
    pub async fn market_sales(&self, actor: &Actor, period: Period) -> Result<MarketSales> {
        authorize(Some(actor), Action::Moderate)?;
        self.refresh_market_days().await?;
        let backend = self.db.get_database_backend();
        let days = || -> Vec<Value> { vec![period.from.into(), period.to.into()] };
        let rows = self
            .db
            .query_all_raw(statement(
                backend,
                &format!(
                    "SELECT dimension, \"key\" AS k, {} AS orders, {} AS gmv FROM market_days \
                     WHERE day >= $1 AND day < $2 GROUP BY dimension, \"key\"",
                    sum("orders"),
                    sum("gmv_vnd")
                ),
                days(),
            ))
            .await?;
        let mut sales = MarketSales::default();
        for row in &rows {
            let dimension: String = row.try_get("", "dimension")?;
            let key: String = row.try_get("", "k")?;
            let figures = Sales {
                orders: row.try_get("", "orders")?,
                gmv_vnd: row.try_get("", "gmv")?,
            };
            let text = || SalesBy {
                key: key.clone(),
                sales: figures.clone(),
            };
            match dimension.as_str() {
                dimension::TOTAL => sales.total = figures,
                dimension::MONTH => sales.by_month.push(text()),
                dimension::PROVINCE => sales.by_province.push(text()),
                dimension::COUNTRY => sales.by_country.push(text()),
                dimension::PAYMENT_METHOD => sales.by_payment_method.push(text()),
                dimension::COOPERATIVE => {
                    if let Ok(id) = Uuid::parse_str(&key) {
                        sales.by_cooperative.push(SalesBy {
                            key: id,
                            sales: figures,
                        });
                    }
                }
                dimension::CATEGORY => sales.by_category.push(SalesBy {
                    key: Uuid::parse_str(&key).ok(),
                    sales: figures,
                }),
                _ => {}
            }
        }
        largest_first(&mut sales.by_cooperative);
        largest_first(&mut sales.by_category);
        largest_first(&mut sales.by_province);
        largest_first(&mut sales.by_country);
        largest_first(&mut sales.by_payment_method);
        sales.by_month.sort_by(|a, b| a.key.cmp(&b.key));

        if let Some(row) = self
            .db
            .query_one_raw(statement(
                backend,
                &format!(
                    "SELECT {} AS delivered, {} AS seconds FROM market_delivery_days \
                     WHERE day >= $1 AND day < $2",
                    sum("delivered"),
                    sum("seconds")
                ),
                days(),
            ))
            .await?
        {
            let delivered: i64 = row.try_get("", "delivered")?;
            let seconds: i64 = row.try_get("", "seconds")?;
            sales.delivery = Delivery {
                delivered,
                #[allow(clippy::cast_precision_loss)]
                average_hours: (delivered > 0).then(|| seconds as f64 / delivered as f64 / 3600.0),
            };
        }
        Ok(sales)
    }
}

/// Largest value first, then most orders; equal groups by key.
fn largest_first<K: Ord>(groups: &mut [SalesBy<K>]) {
    groups.sort_by(|a, b| {
        (b.sales.gmv_vnd, b.sales.orders)
            .cmp(&(a.sales.gmv_vnd, a.sales.orders))
            .then_with(|| a.key.cmp(&b.key))
    });
}
