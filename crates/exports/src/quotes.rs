//! Quoting and accepting: a cooperative's manager answers a request with a
//! quote (each revision a new version, every version kept, each fixing the
//! exchange rate of its day); the importer accepts the latest version
//! before it expires, which makes the request's one export order with its
//! deposit and balance to pay.

use std::collections::HashMap;

use accounts::Actor;
use chrono::{NaiveDate, Utc};
use entity::json::{QuoteLine, QuoteLines};
use entity::{
    exchange_rates, export_events, export_orders, export_payments, quote_request_lines,
    quote_requests, quotes,
};
use kernel::{Currency, FieldErrors, Money, Rate, problem};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::access::{Side, may_quote, side_of};
use crate::buyers::optional;
use crate::mail::Event;
use crate::model::{ExportStatus, Incoterm, Part, RequestStatus};
use crate::{Error, Exports, Result};

/// The price of one line of the request.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct QuoteLineInput {
    /// The request's line.
    pub line_id: Uuid,
    /// Price of one unit, in đồng.
    pub unit_price_vnd: i64,
    /// The quantity quoted (defaults to the quantity asked).
    pub quantity: Option<i64>,
    /// The fewest units at this price.
    pub min_qty: Option<i64>,
    /// Days from the deposit to ready.
    pub lead_time_days: i64,
}

/// A quote, as written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct QuoteInput {
    /// One per line of the request.
    pub lines: Vec<QuoteLineInput>,
    /// EXW, FCA, FOB, CFR or CIF.
    pub incoterm: String,
    /// The named place (defaults to the request's).
    pub named_place: Option<String>,
    /// How the goods are packed.
    pub packing: Option<String>,
    /// The price of a sample, in đồng.
    pub sample_price_vnd: Option<i64>,
    /// Days to make a sample.
    pub sample_days: Option<i64>,
    /// The deposit to pay on acceptance, in percent (0–100).
    pub deposit_percent: i64,
    /// The last day it may be accepted.
    pub valid_until: Option<NaiveDate>,
    /// Notes.
    pub notes: Option<String>,
}

/// A quote's line, for reading.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct QuoteLineView {
    /// The request's line.
    pub line_id: Uuid,
    /// What it is, as asked.
    pub description: String,
    /// The listing's title in every language, for a listed line.
    pub title: Option<kernel::I18nText>,
    /// The importer's note on a listed line, apart from its title.
    pub note: Option<String>,
    /// Its SKU, for a listed variant.
    pub sku: Option<String>,
    /// How many.
    pub quantity: i32,
    /// One unit.
    pub unit_price: Money,
    /// The line.
    pub amount: Money,
    /// The fewest units at this price.
    pub min_qty: i32,
    /// Days from the deposit to ready.
    pub lead_time_days: i32,
}

/// One version of a quote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct QuoteView {
    /// Id.
    pub id: Uuid,
    /// 1, 2, …
    pub version: i32,
    /// Its lines.
    pub lines: Vec<QuoteLineView>,
    /// EXW, FCA, FOB, CFR or CIF.
    pub incoterm: Incoterm,
    /// The named place.
    pub named_place: String,
    /// How it is packed.
    pub packing: Option<String>,
    /// The price of a sample.
    pub sample_price: Option<Money>,
    /// Days to make a sample.
    pub sample_days: Option<i32>,
    /// The deposit, in percent.
    pub deposit_percent: i32,
    /// The deposit.
    pub deposit: Money,
    /// The last day it may be accepted.
    pub valid_until: NaiveDate,
    /// Past its validity date.
    pub expired: bool,
    /// Notes.
    pub notes: Option<String>,
    /// The whole.
    pub total: Money,
    /// The rate fixed on the quote, when the buyer's currency is foreign.
    pub rate: Option<Rate>,
    /// The whole in the buyer's currency at that rate.
    pub total_in_currency: Option<Money>,
    /// Sent.
    pub created_at: chrono::DateTime<Utc>,
}

/// The deposit of `total` at `percent`, rounded to the đồng.
pub fn deposit_of(total: i64, percent: i32) -> i64 {
    let n = i128::from(total) * i128::from(percent.clamp(0, 100)) + 50;
    i64::try_from(n / 100).unwrap_or(total)
}

pub(crate) fn view(
    row: &quotes::Model,
    lines: &HashMap<Uuid, quote_request_lines::Model>,
    titles: &HashMap<Uuid, kernel::I18nText>,
    today: NaiveDate,
) -> QuoteView {
    let rate = row.vnd_per_unit_milli.and_then(|milli| {
        let currency: Currency = row.currency.parse().ok()?;
        (currency != Currency::Vnd).then_some(Rate {
            currency,
            vnd_per_unit_milli: milli,
        })
    });
    QuoteView {
        id: row.id,
        version: row.version,
        lines: row
            .lines
            .0
            .iter()
            .map(|l| {
                let asked = lines.get(&l.request_line_id);
                let (title, note) = asked
                    .map(|a| crate::names::named(a, titles))
                    .unwrap_or_default();
                QuoteLineView {
                    line_id: l.request_line_id,
                    description: asked.map(|a| a.description.clone()).unwrap_or_default(),
                    title,
                    note,
                    sku: asked.and_then(|a| a.sku.clone()),
                    quantity: l.quantity,
                    unit_price: Money::vnd(l.unit_price_vnd),
                    amount: Money::vnd(l.unit_price_vnd.saturating_mul(i64::from(l.quantity))),
                    min_qty: l.min_qty,
                    lead_time_days: l.lead_time_days,
                }
            })
            .collect(),
        incoterm: Incoterm::parse(&row.incoterm).unwrap_or(Incoterm::Fob),
        named_place: row.named_place.clone(),
        packing: row.packing.clone(),
        sample_price: row.sample_price_vnd.map(Money::vnd),
        sample_days: row.sample_days,
        deposit_percent: row.deposit_percent,
        deposit: Money::vnd(deposit_of(row.total_vnd, row.deposit_percent)),
        valid_until: row.valid_until,
        expired: row.valid_until < today,
        notes: row.notes.clone(),
        total: Money::vnd(row.total_vnd),
        rate,
        total_in_currency: rate.and_then(|r| r.convert(Money::vnd(row.total_vnd))),
        created_at: row.created_at,
    }
}

fn whole(value: i64, field: &str, min: i64, max: i64, errors: &mut FieldErrors) -> i32 {
    if value < min || value > max {
        errors.add(field, problem::whole_number_between(min, max));
    }
    i32::try_from(value.clamp(min, max)).unwrap_or(0)
}

/// The latest rate union staff set for `currency`.
async fn rate_now<C: ConnectionTrait>(conn: &C, currency: Currency) -> Result<Option<i64>> {
    if currency == Currency::Vnd {
        return Ok(None);
    }
    Ok(exchange_rates::Entity::find()
        .filter(exchange_rates::Column::Currency.eq(currency.code()))
        .order_by_desc(exchange_rates::Column::SetAt)
        .one(conn)
        .await?
        .map(|r| r.vnd_per_unit_milli))
}

impl Exports {
    /// A manager of the cooperative asked sends a quote (or a revision:
    /// a new version; the earlier ones are kept). The importer is e-mailed.
    pub async fn send_quote(
        &self,
        actor: &Actor,
        request: Uuid,
        input: &QuoteInput,
    ) -> Result<i32> {
        let row = self.request_row(request).await?;
        may_quote(actor, &row)?;
        if RequestStatus::parse(&row.status) == Some(RequestStatus::Accepted) {
            return Err(Error::AlreadyAccepted);
        }
        let asked: Vec<quote_request_lines::Model> = quote_request_lines::Entity::find()
            .filter(quote_request_lines::Column::RequestId.eq(row.id))
            .order_by_asc(quote_request_lines::Column::Position)
            .all(&self.db)
            .await?;
        let mut errors = FieldErrors::new();
        let mut lines = Vec::with_capacity(asked.len());
        let mut total: i64 = 0;
        for (i, line) in input.lines.iter().enumerate() {
            let at = |field: &str| format!("lines[{i}].{field}");
            let Some(request_line) = asked.iter().find(|a| a.id == line.line_id) else {
                errors.add(at("line_id"), problem::not_a_line_of_request());
                continue;
            };
            if lines
                .iter()
                .any(|l: &QuoteLine| l.request_line_id == line.line_id)
            {
                errors.add(at("line_id"), problem::variant_given_twice());
                continue;
            }
            if line.unit_price_vnd <= 0 {
                errors.add(at("unit_price_vnd"), problem::must_be_positive());
            }
            let quantity = whole(
                line.quantity.unwrap_or(i64::from(request_line.quantity)),
                &at("quantity"),
                1,
                1_000_000,
                &mut errors,
            );
            let min_qty = whole(
                line.min_qty.unwrap_or(1),
                &at("min_qty"),
                1,
                1_000_000,
                &mut errors,
            );
            let lead = whole(
                line.lead_time_days,
                &at("lead_time_days"),
                1,
                365,
                &mut errors,
            );
            total = total.saturating_add(
                line.unit_price_vnd
                    .max(0)
                    .saturating_mul(i64::from(quantity)),
            );
            lines.push(QuoteLine {
                request_line_id: line.line_id,
                unit_price_vnd: line.unit_price_vnd,
                quantity,
                min_qty,
                lead_time_days: lead,
            });
        }
        if asked
            .iter()
            .any(|a| !lines.iter().any(|l| l.request_line_id == a.id))
        {
            errors.add("lines", problem::quote_line_missing());
        }
        let incoterm = Incoterm::parse(&input.incoterm);
        if incoterm.is_none() {
            errors.add("incoterm", problem::not_one_of(Incoterm::CHOICES));
        }
        let place = optional(
            input.named_place.as_deref(),
            "named_place",
            120,
            &mut errors,
        )
        .unwrap_or_else(|| row.named_place.clone());
        let packing = optional(input.packing.as_deref(), "packing", 2000, &mut errors);
        let notes = optional(input.notes.as_deref(), "notes", 4000, &mut errors);
        if input.sample_price_vnd.is_some_and(|p| p < 0) {
            errors.add("sample_price_vnd", problem::must_not_be_negative());
        }
        let sample_days = input
            .sample_days
            .map(|d| whole(d, "sample_days", 1, 365, &mut errors));
        let deposit = whole(
            input.deposit_percent,
            "deposit_percent",
            0,
            100,
            &mut errors,
        );
        let today = kernel::time::today_in_vietnam(Utc::now());
        match input.valid_until {
            None => errors.add("valid_until", problem::required()),
            Some(d) if d < today => errors.add("valid_until", problem::date_not_ahead()),
            Some(_) => {}
        }
        errors.into_result(()).map_err(Error::Invalid)?;
        let (Some(incoterm), Some(valid_until)) = (incoterm, input.valid_until) else {
            return Err(Error::Corrupt("checked above".into()));
        };

        let txn = entity::db::begin_write(&self.db).await?;
        let currency: Currency = row.currency.parse().unwrap_or(Currency::Usd);
        let rate = rate_now(&txn, currency).await?;
        let version = i32::try_from(
            quotes::Entity::find()
                .filter(quotes::Column::RequestId.eq(row.id))
                .count(&txn)
                .await?,
        )
        .unwrap_or(i32::MAX - 1)
            + 1;
        // two managers quoting at once: the unique (request, version) index
        // refuses the second, which is told to reload
        quotes::Entity::insert(quotes::ActiveModel {
            id: Set(Uuid::now_v7()),
            request_id: Set(row.id),
            version: Set(version),
            lines: Set(QuoteLines(lines)),
            incoterm: Set(incoterm.as_str().to_owned()),
            named_place: Set(place),
            packing: Set(packing),
            sample_price_vnd: Set(input.sample_price_vnd),
            sample_days: Set(sample_days),
            deposit_percent: Set(deposit),
            valid_until: Set(valid_until),
            notes: Set(notes),
            total_vnd: Set(total),
            currency: Set(currency.code().to_owned()),
            vnd_per_unit_milli: Set(rate),
            created_by: Set(Some(actor.user_id.uuid())),
            created_at: Set(Utc::now()),
        })
        .exec_without_returning(&txn)
        .await?;
        let changed = quote_requests::Entity::update_many()
            .col_expr(
                quote_requests::Column::Status,
                Expr::value(RequestStatus::Quoted.as_str()),
            )
            .col_expr(quote_requests::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(quote_requests::Column::Id.eq(row.id))
            .filter(quote_requests::Column::Status.ne(RequestStatus::Accepted.as_str()))
            .exec(&txn)
            .await?;
        if changed.rows_affected != 1 {
            return Err(Error::AlreadyAccepted);
        }
        self.tell_buyer(
            &txn,
            &row,
            if version == 1 {
                Event::QuoteSent
            } else {
                Event::QuoteRevised
            },
            Some(format!("v{version}")),
        )
        .await?;
        txn.commit().await?;
        tracing::info!(request = %row.number, version, "quote sent");
        Ok(version)
    }

    /// The importer accepts version `version` of the quote on `request`: it
    /// must be the latest and not expired, and the request must have no
    /// order yet (a second acceptance, even at the same moment, is
    /// refused). Makes the export order and its deposit and balance to pay.
    pub async fn accept_quote(&self, actor: &Actor, request: Uuid, version: i32) -> Result<Uuid> {
        let row = self.request_row(request).await?;
        if side_of(Some(actor), &row)? != Side::Buyer {
            return Err(accounts::Denied::Forbidden.into());
        }
        let versions = quotes::Entity::find()
            .filter(quotes::Column::RequestId.eq(row.id))
            .order_by_desc(quotes::Column::Version)
            .all(&self.db)
            .await?;
        let latest = versions.first().map_or(0, |q| q.version);
        let quote = versions
            .iter()
            .find(|q| q.version == version)
            .ok_or(Error::QuoteNotFound)?;
        if RequestStatus::parse(&row.status) == Some(RequestStatus::Accepted) {
            return Err(Error::AlreadyAccepted);
        }
        if quote.version != latest {
            return Err(Error::QuoteSuperseded(latest));
        }
        let today = kernel::time::today_in_vietnam(Utc::now());
        if quote.valid_until < today {
            return Err(Error::QuoteExpired(quote.valid_until));
        }

        let txn = entity::db::begin_write(&self.db).await?;
        let flipped = quote_requests::Entity::update_many()
            .col_expr(
                quote_requests::Column::Status,
                Expr::value(RequestStatus::Accepted.as_str()),
            )
            .col_expr(quote_requests::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(quote_requests::Column::Id.eq(row.id))
            .filter(quote_requests::Column::Status.eq(RequestStatus::Quoted.as_str()))
            .exec(&txn)
            .await?;
        if flipped.rows_affected != 1 {
            return Err(Error::AlreadyAccepted);
        }
        let id = Uuid::now_v7();
        let now = Utc::now();
        let deposit = deposit_of(quote.total_vnd, quote.deposit_percent);
        let status = if deposit > 0 {
            ExportStatus::AwaitingDeposit
        } else {
            ExportStatus::DepositPaid
        };
        let number = crate::number("EX")?;
        export_orders::Entity::insert(export_orders::ActiveModel {
            id: Set(id),
            number: Set(number.clone()),
            request_id: Set(row.id),
            quote_id: Set(quote.id),
            cooperative_id: Set(row.cooperative_id),
            buyer_id: Set(row.buyer_id),
            total_vnd: Set(quote.total_vnd),
            deposit_vnd: Set(deposit),
            balance_vnd: Set(quote.total_vnd - deposit),
            status: Set(status.as_str().to_owned()),
            carrier: Set(None),
            transport_ref: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec_without_returning(&txn)
        .await?;
        let mut payments = Vec::new();
        for (part, amount) in [
            (Part::Deposit, deposit),
            (Part::Balance, quote.total_vnd - deposit),
        ] {
            if amount > 0 {
                payments.push(export_payments::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    export_order_id: Set(id),
                    part: Set(part.as_str().to_owned()),
                    amount_vnd: Set(amount),
                    reference: Set(format!(
                        "{}-{}",
                        number,
                        if part == Part::Deposit { "D" } else { "B" }
                    )),
                    status: Set("pending".into()),
                    method: Set(None),
                    bank_reference: Set(None),
                    paid_at: Set(None),
                    recorded_by: Set(None),
                    created_at: Set(now),
                    provider_ref: Set(None),
                    card_currency: Set(None),
                    card_amount_minor: Set(None),
                    card_vnd_per_usd_milli: Set(None),
                    failure: Set(None),
                });
            }
        }
        if !payments.is_empty() {
            export_payments::Entity::insert_many(payments)
                .exec_without_returning(&txn)
                .await?;
        }
        export_events::Entity::insert(export_events::ActiveModel {
            id: Set(Uuid::now_v7()),
            export_order_id: Set(id),
            status: Set(status.as_str().to_owned()),
            note: Set(Some(format!("quote v{} accepted", quote.version))),
            photos: Set(entity::json::StringList::default()),
            created_by: Set(Some(actor.user_id.uuid())),
            created_at: Set(now),
        })
        .exec_without_returning(&txn)
        .await?;
        let coop = self.cooperative(&txn, row.cooperative_id).await?;
        self.tell_cooperative(
            &txn,
            &coop,
            &row,
            Event::QuoteAccepted,
            Some(number.clone()),
        )
        .await?;
        txn.commit().await?;
        tracing::info!(request = %row.number, order = %number, "quote accepted");
        Ok(id)
    }
}
