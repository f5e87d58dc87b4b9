//! The day sums behind the market's figures: per day (Vietnam time) and
//! group, the orders that count as sales and their value, and per day the
//! deliveries and the time they took. A year then reads a few hundred rows
//! a day instead of every order of the year.
//!
//! **How they stay exact**: a refresh sums again every day that holds an
//! order changed since the last refresh (`orders.updated_at`), or a
//! delivery made since; other days cannot have changed. A change written
//! by a transaction still open during a refresh must not be missed, so the
//! refresh records as its time the start of the oldest transaction then
//! open (PostgreSQL; on SQLite the refresh holds the one write lock, so
//! none is), and the next one looks from a [`MARGIN`] before that, for
//! clocks a little apart. Summing a day again is idempotent (the day's rows
//! are replaced). The dashboard refreshes
//! before it reads, and the minute job of every `hoptac serve` refreshes
//! too, so a read seldom finds much to do. With no record of a refresh
//! (a new database, or after [`Orders::forget_market_days`]) everything
//! is summed again.
//!
//! Several processes may refresh at once: each takes the same lock first
//! (an advisory lock on PostgreSQL; SQLite's write lock), then looks again.
//!
//! **Categories** are the listing's category when the day is summed: a
//! listing moved to another category later stays counted in the old one
//! for past days.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use entity::report::{day_in_vietnam, json_text, seconds_between, statement, sum};
use entity::{market_days, market_delivery_days, market_summary};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter,
    QueryResult, Value,
};
use uuid::Uuid;

use super::SALE_STATUSES;
use crate::{Orders, Result};

/// How far before the last refresh a refresh looks for changed orders:
/// `updated_at` is taken by the application a moment before its
/// transaction begins, maybe on another machine's clock.
pub const MARGIN: Duration = Duration::seconds(30);

/// Rows written per statement.
const CHUNK: usize = 1_000;

/// The groups a day is summed by, as stored in `market_days.dimension`.
pub mod dimension {
    /// All sales of the day (key empty).
    pub const TOTAL: &str = "total";
    /// The month of the day (`YYYY-MM`), so a period sums its months.
    pub const MONTH: &str = "month";
    /// The cooperative (its id).
    pub const COOPERATIVE: &str = "cooperative";
    /// The listing's category (its id; empty for none).
    pub const CATEGORY: &str = "category";
    /// The province of delivery, for orders in Vietnam (empty if none).
    pub const PROVINCE: &str = "province";
    /// The country of delivery (ISO code; empty if none).
    pub const COUNTRY: &str = "country";
    /// The payment method.
    pub const PAYMENT_METHOD: &str = "payment_method";
}

/// Which orders or deliveries a summing covers.
#[derive(Clone, Copy)]
enum Span {
    /// Every day.
    All,
    /// The days from the first to the last, both included.
    Days(NaiveDate, NaiveDate),
}

impl Span {
    /// A condition on the timestamp `column`, and its values.
    fn filter(self, column: &str) -> (String, Vec<Value>) {
        match self {
            Self::All => ("1 = 1".to_owned(), Vec::new()),
            Self::Days(first, last) => (
                format!("{column} >= $1 AND {column} < $2"),
                vec![
                    kernel::time::start_of_day_in_vietnam(first).into(),
                    kernel::time::start_of_day_in_vietnam(last + Duration::days(1)).into(),
                ],
            ),
        }
    }
}

/// How a group's key is read from a row.
#[derive(Clone, Copy)]
enum Key {
    Text,
    Id,
    OptionalId,
}

impl Key {
    fn read(self, row: &QueryResult) -> Result<String> {
        Ok(match self {
            Self::Text => row.try_get::<Option<String>>("", "k")?.unwrap_or_default(),
            Self::Id => row.try_get::<Uuid>("", "k")?.to_string(),
            Self::OptionalId => row
                .try_get::<Option<Uuid>>("", "k")?
                .map(|id| id.to_string())
                .unwrap_or_default(),
        })
    }
}

impl Orders {
    /// Brings the day sums up to date; answers how many days were summed
    /// again (none when nothing changed). The market's figures call it
    /// before they read; the minute job calls it too.
    pub async fn refresh_market_days(&self) -> Result<usize> {
        // a quick look first, without the lock: most times nothing changed
        if let Some(last) = market_summary::Entity::find_by_id(1).one(&self.db).await?
            && self
                .changed_days(&self.db, last.refreshed_at)
                .await?
                .is_empty()
        {
            return Ok(0);
        }
        let started = Utc::now();
        let txn = entity::db::begin_write(&self.db).await?;
        if txn.get_database_backend() == DatabaseBackend::Postgres {
            txn.execute_unprepared("SELECT pg_advisory_xact_lock(722620261210)")
                .await?;
        }
        let started = oldest_open_transaction(&txn)
            .await?
            .map_or(started, |t| t.min(started));
        let last = market_summary::Entity::find_by_id(1).one(&txn).await?;
        let summed = match last {
            None => {
                market_days::Entity::delete_many().exec(&txn).await?;
                market_delivery_days::Entity::delete_many()
                    .exec(&txn)
                    .await?;
                self.sum_days(&txn, Span::All).await?
            }
            Some(last) => {
                let days = self.changed_days(&txn, last.refreshed_at).await?;
                let mut summed = 0;
                for (first, last) in runs(&days) {
                    market_days::Entity::delete_many()
                        .filter(market_days::Column::Day.between(first, last))
                        .exec(&txn)
                        .await?;
                    market_delivery_days::Entity::delete_many()
                        .filter(market_delivery_days::Column::Day.between(first, last))
                        .exec(&txn)
                        .await?;
                    summed += self.sum_days(&txn, Span::Days(first, last)).await?;
                }
                summed
            }
        };
        market_summary::Entity::insert(market_summary::ActiveModel {
            id: Set(1),
            refreshed_at: Set(started),
        })
        .on_conflict(
            sea_orm::sea_query::OnConflict::column(market_summary::Column::Id)
                .update_column(market_summary::Column::RefreshedAt)
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
        txn.commit().await?;
        tracing::debug!(days = summed, "market day sums refreshed");
        Ok(summed)
    }

    /// Makes the next refresh sum every day again: for whoever rewrites
    /// orders' history behind the shop's back (the demo's past sales, a
    /// data import).
    pub async fn forget_market_days(&self) -> Result<()> {
        market_summary::Entity::delete_many().exec(&self.db).await?;
        Ok(())
    }

    /// The days holding an order changed, or a delivery made, since
    /// [`MARGIN`] before `since`.
    async fn changed_days<C: ConnectionTrait>(
        &self,
        conn: &C,
        since: DateTime<Utc>,
    ) -> Result<BTreeSet<NaiveDate>> {
        let backend = conn.get_database_backend();
        let since = since - MARGIN;
        let placed = day_in_vietnam(backend, "o.created_at");
        let delivered = day_in_vietnam(backend, "e.created_at");
        let rows = conn
            .query_all_raw(statement(
                backend,
                &format!(
                    "SELECT DISTINCT {placed} AS d FROM orders o WHERE o.updated_at > $1 \
                     UNION SELECT DISTINCT {delivered} AS d FROM order_events e \
                     WHERE e.to_status = 'delivered' AND e.created_at > $1"
                ),
                vec![since.into()],
            ))
            .await?;
        rows.iter()
            .map(|r| Ok(r.try_get::<NaiveDate>("", "d")?))
            .collect()
    }

    /// Sums the days of `span` into the day tables (whose rows for those
    /// days are gone); answers how many days have sales or deliveries.
    async fn sum_days<C: ConnectionTrait>(&self, conn: &C, span: Span) -> Result<usize> {
        let backend = conn.get_database_backend();
        let (when, values) = span.filter("o.created_at");
        let day = day_in_vietnam(backend, "o.created_at");
        let sale = format!(
            "o.status IN ({})",
            SALE_STATUSES.map(|s| format!("'{s}'")).join(", ")
        );
        let figures = format!("COUNT(*) AS orders, {} AS gmv", sum("o.total_vnd"));
        let province = json_text(backend, "o.address", "province");
        let country = json_text(backend, "o.address", "country");
        let groups: [(&str, String, String, Key); 5] = [
            (dimension::TOTAL, String::new(), String::new(), Key::Text),
            (
                dimension::COOPERATIVE,
                "o.cooperative_id".to_owned(),
                String::new(),
                Key::Id,
            ),
            (
                dimension::PROVINCE,
                province.clone(),
                format!(" AND {country} = 'VN'"),
                Key::Text,
            ),
            (dimension::COUNTRY, country, String::new(), Key::Text),
            (
                dimension::PAYMENT_METHOD,
                "o.payment_method".to_owned(),
                String::new(),
                Key::Text,
            ),
        ];
        let mut rows: Vec<market_days::ActiveModel> = Vec::new();
        let mut days = BTreeSet::new();
        for (dimension, group, only, key) in groups {
            // the total has no group but the day (PostgreSQL refuses a
            // constant in GROUP BY)
            let (select, group_by) = if group.is_empty() {
                ("NULL".to_owned(), String::new())
            } else {
                (group.clone(), format!(", {group}"))
            };
            let found = conn
                .query_all_raw(statement(
                    backend,
                    &format!(
                        "SELECT {day} AS d, {select} AS k, {figures} FROM orders o \
                         WHERE {when} AND {sale}{only} GROUP BY {day}{group_by}"
                    ),
                    values.clone(),
                ))
                .await?;
            for row in &found {
                let sums = Summed::read(row, key)?;
                if dimension == dimension::TOTAL {
                    days.insert(sums.day);
                    rows.push(sums.row(dimension::MONTH, sums.day.format("%Y-%m").to_string()));
                }
                rows.push(sums.row(dimension, sums.key.clone()));
            }
        }
        // the goods per category: an order with lines in two counts in both
        let found = conn
            .query_all_raw(statement(
                backend,
                &format!(
                    "SELECT {day} AS d, p.category_id AS k, COUNT(DISTINCT o.id) AS orders, \
                     {} AS gmv FROM order_items i JOIN orders o ON o.id = i.order_id \
                     LEFT JOIN products p ON p.id = i.product_id \
                     WHERE {when} AND {sale} GROUP BY {day}, p.category_id",
                    sum("i.line_total_vnd")
                ),
                values,
            ))
            .await?;
        for row in &found {
            let sums = Summed::read(row, Key::OptionalId)?;
            rows.push(sums.row(dimension::CATEGORY, sums.key.clone()));
        }
        for chunk in rows.chunks(CHUNK) {
            market_days::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(conn)
                .await?;
        }

        let deliveries = self.sum_deliveries(conn, span).await?;
        days.extend(deliveries.iter().map(|d| d.day));
        for chunk in deliveries.chunks(CHUNK) {
            market_delivery_days::Entity::insert_many(
                chunk
                    .iter()
                    .cloned()
                    .map(market_delivery_days::ActiveModel::from),
            )
            .exec_without_returning(conn)
            .await?;
        }
        Ok(days.len())
    }

    /// The deliveries of the days of `span`, per day.
    async fn sum_deliveries<C: ConnectionTrait>(
        &self,
        conn: &C,
        span: Span,
    ) -> Result<Vec<market_delivery_days::Model>> {
        let backend = conn.get_database_backend();
        let (when, values) = span.filter("e.created_at");
        let day = day_in_vietnam(backend, "e.created_at");
        let rows = conn
            .query_all_raw(statement(
                backend,
                &format!(
                    "SELECT {day} AS d, COUNT(*) AS delivered, \
                     CAST(ROUND(SUM({})) AS BIGINT) AS seconds \
                     FROM order_events e JOIN orders o ON o.id = e.order_id \
                     WHERE e.to_status = 'delivered' AND {when} GROUP BY {day}",
                    seconds_between(backend, "o.created_at", "e.created_at")
                ),
                values,
            ))
            .await?;
        rows.iter()
            .map(|r| {
                Ok(market_delivery_days::Model {
                    day: r.try_get("", "d")?,
                    delivered: r.try_get("", "delivered")?,
                    seconds: r.try_get("", "seconds")?,
                })
            })
            .collect()
    }
}

/// One group's sums on one day, as read.
struct Summed {
    day: NaiveDate,
    key: String,
    orders: i64,
    gmv: i64,
}

impl Summed {
    fn read(row: &QueryResult, key: Key) -> Result<Self> {
        Ok(Self {
            day: row.try_get("", "d")?,
            key: key.read(row)?,
            orders: row.try_get("", "orders")?,
            gmv: row.try_get("", "gmv")?,
        })
    }

    fn row(&self, dimension: &str, key: String) -> market_days::ActiveModel {
        market_days::ActiveModel {
            day: Set(self.day),
            dimension: Set(dimension.to_owned()),
            key: Set(key),
            orders: Set(self.orders),
            gmv_vnd: Set(self.gmv),
        }
    }
}

/// When the oldest transaction still open on the database began (another
/// than `conn`'s; PostgreSQL only).
async fn oldest_open_transaction<C: ConnectionTrait>(conn: &C) -> Result<Option<DateTime<Utc>>> {
    if conn.get_database_backend() != DatabaseBackend::Postgres {
        return Ok(None);
    }
    let row = conn
        .query_one_raw(sea_orm::Statement::from_string(
            DatabaseBackend::Postgres,
            "SELECT min(xact_start) AS oldest FROM pg_stat_activity \
             WHERE datname = current_database() AND pid <> pg_backend_pid() \
             AND xact_start IS NOT NULL",
        ))
        .await?;
    Ok(match row {
        Some(row) => row.try_get::<Option<DateTime<Utc>>>("", "oldest")?,
        None => None,
    })
}

/// `days` as runs of consecutive days (first, last).
fn runs(days: &BTreeSet<NaiveDate>) -> Vec<(NaiveDate, NaiveDate)> {
    let mut out: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    for &day in days {
        match out.last_mut() {
            Some((_, last)) if *last + Duration::days(1) == day => *last = day,
            _ => out.push((day, day)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::runs;
    use chrono::NaiveDate;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, day).unwrap_or_default()
    }

    #[test]
    fn changed_days_are_summed_in_runs_of_consecutive_days() {
        let days = [d(1), d(2), d(3), d(7), d(9), d(10)].into_iter().collect();
        assert_eq!(runs(&days), vec![(d(1), d(3)), (d(7), d(7)), (d(9), d(10))]);
    }
}
