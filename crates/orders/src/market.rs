//! The market's sales for a period, for the union's dashboard: orders and
//! their value (GMV) per cooperative, category, month, buyers' province and
//! country, and payment method, and how long delivery takes. Each figure is
//! one grouped query, so the work in Rust grows with the number of groups
//! (cooperatives, categories, provinces), never with the number of orders.
//!
//! **What counts as a sale**: an order placed in the period (Vietnam time)
//! whose status is one of [`SALE_STATUSES`] — paid, or accepted on cash on
//! delivery, and on from there. Orders still waiting for their money
//! (`pending_payment`) and cancelled orders are left out. GMV is the
//! orders' totals (goods and shipping) as placed; refunds are not taken off
//! (they are money movements, shown in the ledger, not the size of the
//! market).

use accounts::{Action, Actor, authorize};
use entity::report::{json_text, month_in_vietnam, seconds_between, statement, sum};
use kernel::time::Period;
use sea_orm::{ConnectionTrait, QueryResult, Value};
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
    /// Different buyers (by e-mail) among its orders.
    pub buyers: i64,
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

fn get<T: sea_orm::TryGetable>(row: &QueryResult, column: &str) -> Result<T> {
    Ok(row.try_get::<T>("", column)?)
}

fn grouped<K>(
    rows: &[QueryResult],
    key: impl Fn(&QueryResult) -> Result<K>,
) -> Result<Vec<SalesBy<K>>> {
    rows.iter()
        .map(|row| {
            Ok(SalesBy {
                key: key(row)?,
                sales: Sales {
                    orders: get(row, "orders")?,
                    gmv_vnd: get(row, "gmv")?,
                },
                buyers: get(row, "buyers")?,
            })
        })
        .collect()
}

impl Orders {
    /// The market's sales in `period` (union staff).
    #[tracing::instrument(skip_all, fields(from = %period.from, to = %period.to))]
    pub async fn market_sales(&self, actor: &Actor, period: Period) -> Result<MarketSales> {
        authorize(Some(actor), Action::Moderate)?;
        let backend = self.db.get_database_backend();
        let sale = format!(
            "o.status IN ({})",
            SALE_STATUSES.map(|s| format!("'{s}'")).join(", ")
        );
        let when = "o.created_at >= $1 AND o.created_at < $2";
        let values = || -> Vec<Value> { vec![period.start().into(), period.end().into()] };
        let figures = format!(
            "COUNT(*) AS orders, {} AS gmv, COUNT(DISTINCT o.buyer_email) AS buyers",
            sum("o.total_vnd")
        );
        let query = |group: &str, order: &str| {
            let (select, group_by) = if group.is_empty() {
                (String::new(), String::new())
            } else {
                (format!("{group} AS k, "), format!(" GROUP BY {group}"))
            };
            statement(
                backend,
                &format!(
                    "SELECT {select}{figures} FROM orders o WHERE {when} AND {sale}{group_by}{order}"
                ),
                values(),
            )
        };
        let largest = " ORDER BY gmv DESC, orders DESC";

        let total = self
            .db
            .query_one_raw(query("", ""))
            .await?
            .map(|row| -> Result<Sales> {
                Ok(Sales {
                    orders: get(&row, "orders")?,
                    gmv_vnd: get(&row, "gmv")?,
                })
            })
            .transpose()?
            .unwrap_or_default();

        let rows = self
            .db
            .query_all_raw(query("o.cooperative_id", largest))
            .await?;
        let by_cooperative = grouped(&rows, |r| get::<Uuid>(r, "k"))?;

        let month = month_in_vietnam(backend, "o.created_at");
        let rows = self.db.query_all_raw(query(&month, " ORDER BY k")).await?;
        let by_month = grouped(&rows, |r| get::<String>(r, "k"))?;

        let province = format!(
            "COALESCE({}, '')",
            json_text(backend, "o.address", "province")
        );
        let country = json_text(backend, "o.address", "country");
        let rows = self
            .db
            .query_all_raw(statement(
                backend,
                &format!(
                    "SELECT {province} AS k, {figures} FROM orders o \
                     WHERE {when} AND {sale} AND {country} = 'VN' GROUP BY {province}{largest}"
                ),
                values(),
            ))
            .await?;
        let by_province = grouped(&rows, |r| get::<String>(r, "k"))?;

        let rows = self
            .db
            .query_all_raw(query(&format!("COALESCE({country}, '')"), largest))
            .await?;
        let by_country = grouped(&rows, |r| get::<String>(r, "k"))?;

        let rows = self
            .db
            .query_all_raw(query("o.payment_method", largest))
            .await?;
        let by_payment_method = grouped(&rows, |r| get::<String>(r, "k"))?;

        let rows = self
            .db
            .query_all_raw(statement(
                backend,
                &format!(
                    "SELECT p.category_id AS k, COUNT(DISTINCT o.id) AS orders, {} AS gmv, \
                     COUNT(DISTINCT o.buyer_email) AS buyers \
                     FROM order_items i JOIN orders o ON o.id = i.order_id \
                     LEFT JOIN products p ON p.id = i.product_id \
                     WHERE {when} AND {sale} GROUP BY p.category_id{largest}",
                    sum("i.line_total_vnd")
                ),
                values(),
            ))
            .await?;
        let by_category = grouped(&rows, |r| get::<Option<Uuid>>(r, "k"))?;

        let delivery = self
            .db
            .query_one_raw(statement(
                backend,
                &format!(
                    "SELECT COUNT(*) AS delivered, AVG({}) AS average \
                     FROM order_events e JOIN orders o ON o.id = e.order_id \
                     WHERE e.to_status = 'delivered' AND e.created_at >= $1 AND e.created_at < $2",
                    seconds_between(backend, "o.created_at", "e.created_at")
                ),
                values(),
            ))
            .await?
            .map(|row| -> Result<Delivery> {
                Ok(Delivery {
                    delivered: get(&row, "delivered")?,
                    average_hours: get::<Option<f64>>(&row, "average")?.map(|s| s / 3600.0),
                })
            })
            .transpose()?
            .unwrap_or_default();

        Ok(MarketSales {
            total,
            by_cooperative,
            by_category,
            by_month,
            by_province,
            by_country,
            by_payment_method,
            delivery,
        })
    }
}
