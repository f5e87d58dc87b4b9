//! The union's view of the market: the figures of a period gathered from
//! the domains that own them — sales from `orders`, the catalogue's growth,
//! certifications and the cooperatives' people from `catalog`, scans from
//! `traceability`, the export desk from `exports` — labelled, cut to the
//! largest groups, and shaped as tables that the dashboard draws, CSV files
//! download and the monthly report prints. No SQL here: each figure is a
//! grouped query in the crate that owns the table.

mod csv_tables;
pub mod report;

use std::collections::HashMap;

use accounts::Actor;
use chrono::NaiveDate;
use kernel::time::Period;
use kernel::{Code, ErrorCode, FieldErrors, Locale, Money};
use orders::market::SalesBy;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use catalog::market::{ExpiringCertification, PeopleTotals};
pub use csv_tables::{TABLES, csv};
pub use traceability::market::ScanTotals;

/// Groups shown by name before the rest are summed as "others".
pub const TOP: usize = 10;

/// The key of the row that sums the groups after the [`TOP`] ones.
pub const OTHERS: &str = "others";

/// Expiring certifications listed (all are counted).
pub const EXPIRING_LISTED: u64 = 50;

/// Why the figures could not be gathered.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// From the catalogue.
    #[error(transparent)]
    Catalog(#[from] catalog::Error),
    /// From the orders.
    #[error(transparent)]
    Orders(#[from] orders::Error),
    /// From the export desk.
    #[error(transparent)]
    Exports(#[from] exports::Error),
    /// From traceability.
    #[error(transparent)]
    Traceability(#[from] traceability::Error),
    /// The PDF could not be made.
    #[error("the monthly report could not be made")]
    Document(#[from] documents::Error),
}

impl ErrorCode for Error {
    fn code(&self) -> Code {
        match self {
            Self::Catalog(e) => e.code(),
            Self::Orders(e) => e.code(),
            Self::Exports(e) => e.code(),
            Self::Traceability(e) => e.code(),
            Self::Document(_) => Code::new("document_failed", kernel::ErrorKind::Internal),
        }
    }

    fn fields(&self) -> Option<&FieldErrors> {
        match self {
            Self::Catalog(e) => e.fields(),
            Self::Orders(e) => e.fields(),
            Self::Exports(e) => e.fields(),
            Self::Traceability(e) => e.fields(),
            Self::Document(_) => None,
        }
    }
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The domains the figures come from.
#[derive(Clone, Copy)]
pub struct Sources<'a> {
    /// The catalogue.
    pub catalog: &'a catalog::Catalog,
    /// Orders.
    pub orders: &'a orders::Orders,
    /// The export desk.
    pub exports: &'a exports::Exports,
    /// Lots and scans.
    pub traceability: &'a traceability::Traceability,
}

/// One group's sales.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Row {
    /// What the group is: a cooperative's or category's id, a month
    /// (`YYYY-MM`), a province, a country code, a payment method;
    /// `others` for the groups after the largest ones, `none` for listings
    /// without a category, empty for an address without a province.
    pub key: String,
    /// Its name as people read it (empty when `key` says it all).
    pub label: String,
    /// Orders.
    pub orders: i64,
    /// Their value.
    pub value: Money,
}

/// How long orders took to be delivered.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DeliveryTime {
    /// Orders delivered in the period.
    pub delivered: i64,
    /// Their average time from placed to delivered, in hours (one
    /// decimal); none when nothing was delivered.
    pub average_hours: Option<f64>,
}

/// Certifications about to expire.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Expiring {
    /// How many expire within 60 days.
    pub total: i64,
    /// The soonest ones.
    pub items: Vec<ExpiringCertification>,
}

/// The market in figures for a period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Dashboard {
    /// The first day (Vietnam time).
    pub from: NaiveDate,
    /// The last day included.
    pub to: NaiveDate,
    /// Orders that count as sales (paid, or accepted on cash on delivery;
    /// not cancelled) placed in the period.
    pub orders: i64,
    /// Their value (GMV): goods and shipping as placed.
    pub gmv: Money,
    /// Per cooperative, the largest first, then `others`.
    pub by_cooperative: Vec<Row>,
    /// Per listing category (the value of the lines), largest first, then
    /// `others`.
    pub by_category: Vec<Row>,
    /// Per month of the period, every month.
    pub by_month: Vec<Row>,
    /// Per province of delivery in Vietnam, largest first, then `others`.
    pub by_province: Vec<Row>,
    /// Per country of delivery (`VN` is domestic), largest first.
    pub by_country: Vec<Row>,
    /// The export desk's orders (deposit paid) per buyer's country.
    pub export_desk: Vec<Row>,
    /// Per payment method.
    pub by_payment_method: Vec<Row>,
    /// Delivery time.
    pub delivery: DeliveryTime,
    /// Cooperatives admitted in the period.
    pub new_cooperatives: i64,
    /// Listings first published in the period.
    pub new_listings: i64,
    /// Verified certifications expiring in the next 60 days (from today,
    /// whatever the period).
    pub expiring_certifications: Expiring,
    /// Scans of traceability labels in the period.
    pub scans: ScanTotals,
    /// Members, jobs and incomes from the latest verified figures of each
    /// cooperative (whatever the period).
    pub people: PeopleTotals,
}

impl Dashboard {
    /// The orders in Vietnam and abroad (shop orders, by delivery
    /// country), as (domestic, abroad).
    pub fn domestic_and_abroad(&self) -> (Row, Row) {
        let (home, away): (Vec<&Row>, Vec<&Row>) =
            self.by_country.iter().partition(|r| r.key == "VN");
        (sum_rows("VN", home), sum_rows("abroad", away))
    }
}

fn sum_rows<'a>(key: &str, rows: impl IntoIterator<Item = &'a Row>) -> Row {
    let mut out = Row {
        key: key.to_owned(),
        label: String::new(),
        orders: 0,
        value: Money::vnd(0),
    };
    let mut value = 0;
    for row in rows {
        out.orders += row.orders;
        value += row.value.amount;
    }
    out.value = Money::vnd(value);
    out
}

fn row<K>(key: String, label: String, group: &SalesBy<K>) -> Row {
    Row {
        key,
        label,
        orders: group.sales.orders,
        value: Money::vnd(group.sales.gmv_vnd),
    }
}

/// The first [`TOP`] rows, then one `others` row summing the rest.
fn top(mut rows: Vec<Row>) -> Vec<Row> {
    if rows.len() > TOP + 1 {
        let rest = rows.split_off(TOP);
        rows.push(sum_rows(OTHERS, &rest));
    }
    rows
}

/// The market in figures for `period`, labelled in `locale` (union staff).
#[tracing::instrument(skip_all, fields(from = %period.from, to = %period.to))]
pub async fn dashboard(
    sources: Sources<'_>,
    actor: &Actor,
    period: Period,
    locale: Locale,
) -> Result<Dashboard> {
    let sales = sources.orders.market_sales(actor, period).await?;
    let growth = sources.catalog.catalogue_growth(actor, period).await?;
    let (expiring_total, expiring) = sources
        .catalog
        .expiring_certifications(actor, EXPIRING_LISTED)
        .await?;
    let people = sources.catalog.people_totals(actor).await?;
    let scans = sources.traceability.scan_totals(actor, period).await?;
    let export_desk = sources.exports.export_sales(actor, period).await?;

    let cooperative_ids = sales
        .by_cooperative
        .iter()
        .take(TOP + 1)
        .map(|g| g.key)
        .collect();
    let names = sources
        .catalog
        .any_cooperative_names(actor, cooperative_ids)
        .await?;
    let category_ids = sales
        .by_category
        .iter()
        .take(TOP + 1)
        .filter_map(|g| g.key)
        .collect();
    let categories = sources.catalog.category_names(category_ids, locale).await?;
    let label = |names: &HashMap<uuid::Uuid, String>, id: &uuid::Uuid| {
        names.get(id).cloned().unwrap_or_default()
    };

    let by_cooperative = top(sales
        .by_cooperative
        .iter()
        .map(|g| row(g.key.to_string(), label(&names, &g.key), g))
        .collect());
    let by_category = top(sales
        .by_category
        .iter()
        .map(|g| match g.key {
            Some(id) => row(id.to_string(), label(&categories, &id), g),
            None => row("none".to_owned(), String::new(), g),
        })
        .collect());
    let by_month = period
        .months()
        .into_iter()
        .map(
            |month| match sales.by_month.iter().find(|g| g.key == month) {
                Some(g) => row(month.clone(), month, g),
                None => Row {
                    key: month.clone(),
                    label: month,
                    orders: 0,
                    value: Money::vnd(0),
                },
            },
        )
        .collect();
    let plain = |groups: &[SalesBy<String>]| -> Vec<Row> {
        groups
            .iter()
            .map(|g| row(g.key.clone(), g.key.clone(), g))
            .collect()
    };
    let export_desk = export_desk
        .into_iter()
        .map(|c| Row {
            key: c.country.clone(),
            label: c.country,
            orders: c.orders,
            value: Money::vnd(c.value_vnd),
        })
        .collect();
    Ok(Dashboard {
        from: period.from,
        to: period.last_day(),
        orders: sales.total.orders,
        gmv: Money::vnd(sales.total.gmv_vnd),
        by_cooperative,
        by_category,
        by_month,
        by_province: top(plain(&sales.by_province)),
        by_country: top(plain(&sales.by_country)),
        export_desk,
        by_payment_method: plain(&sales.by_payment_method),
        delivery: DeliveryTime {
            delivered: sales.delivery.delivered,
            average_hours: sales
                .delivery
                .average_hours
                .map(|h| (h * 10.0).round() / 10.0),
        },
        new_cooperatives: growth.new_cooperatives,
        new_listings: growth.new_listings,
        expiring_certifications: Expiring {
            total: expiring_total,
            items: expiring,
        },
        scans,
        people,
    })
}

/// The periods staff pick from.
pub const PERIODS: [&str; 4] = ["this_month", "last_month", "this_year", "custom"];

/// The period asked for: `this_month` (when absent), `last_month`,
/// `this_year`, or `custom` from `from` to `to` (both `YYYY-MM-DD`, `to`
/// included), seen from `today`. Problems are per field.
pub fn parse_period(
    period: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
    today: NaiveDate,
) -> std::result::Result<Period, FieldErrors> {
    let mut errors = FieldErrors::new();
    match period.filter(|p| !p.is_empty()).unwrap_or("this_month") {
        "this_month" => Ok(Period::this_month(today)),
        "last_month" => Ok(Period::last_month(today)),
        "this_year" => Ok(Period::this_year(today)),
        "custom" => {
            let mut date = |field: &str, value: Option<&str>| match value
                .map(str::trim)
                .filter(|v| !v.is_empty())
            {
                None => {
                    errors.add(field, kernel::problem::required());
                    None
                }
                Some(v) => {
                    let parsed = NaiveDate::parse_from_str(v, "%Y-%m-%d").ok();
                    if parsed.is_none() {
                        errors.add(field, kernel::problem::not_a_date());
                    }
                    parsed
                }
            };
            let (from, to) = (date("from", from), date("to", to));
            if let (Some(from), Some(to)) = (from, to) {
                let end = to.succ_opt().unwrap_or(to);
                if to < from {
                    errors.add("to", kernel::problem::below_field("from"));
                } else if let Some(period) = Period::new(from, end) {
                    return errors.into_result(period);
                } else {
                    errors.add("to", kernel::problem::too_large());
                }
            }
            Err(errors)
        }
        _ => {
            errors.add("period", kernel::problem::not_one_of(&PERIODS));
            Err(errors)
        }
    }
}

/// The month `YYYY-MM` as a period.
pub fn parse_month(month: Option<&str>) -> std::result::Result<Period, FieldErrors> {
    let mut errors = FieldErrors::new();
    let parsed = month
        .map(str::trim)
        .and_then(|m| m.split_once('-'))
        .filter(|(y, m)| y.len() == 4 && m.len() == 2)
        .and_then(|(y, m)| Period::month(y.parse().ok()?, m.parse().ok()?));
    match (month.filter(|m| !m.trim().is_empty()), parsed) {
        (_, Some(period)) => Ok(period),
        (None, None) => {
            errors.add("month", kernel::problem::required());
            Err(errors)
        }
        (Some(_), None) => {
            errors.add("month", kernel::problem::not_a_month());
            Err(errors)
        }
    }
}

/// What waits for union staff, counted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Waiting {
    /// In the catalogue.
    pub catalogue: catalog::waiting::CatalogueWaiting,
    /// On the money side.
    pub money: orders::overview::MoneyWaiting,
    /// Lots recalled.
    pub recalls: i64,
    /// Reviews reported and not yet decided.
    pub reviews: i64,
}

/// What waits for union staff: applications, listings, certifications and
/// figures to check, transfers to confirm, money held, failed e-mails,
/// recalled lots, reported reviews.
pub async fn waiting(sources: Sources<'_>, actor: &Actor) -> Result<Waiting> {
    let catalogue = sources.catalog.waiting(actor).await?;
    let money = sources.orders.money_waiting(actor).await?;
    let recalled = traceability::model::LotFilter {
        status: Some("recalled".to_owned()),
    };
    let one = kernel::PageRequest::new(Some(1), Some(1)).unwrap_or_default();
    let recalls = sources
        .traceability
        .all_lots(actor, &recalled, one, Locale::Vi)
        .await?
        .total;
    let reviews = sources.orders.reported_reviews(actor, one).await?.total;
    Ok(Waiting {
        catalogue,
        money,
        recalls: i64::try_from(recalls).unwrap_or(i64::MAX),
        reviews: i64::try_from(reviews).unwrap_or(i64::MAX),
    })
}
