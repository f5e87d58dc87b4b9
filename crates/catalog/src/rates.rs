//! Exchange rates: what a dollar, a yen and a yuan are worth in đồng, as
//! union staff set them, so that export buyers see prices in their own
//! currency beside the đồng ("≈ ¥2,466"). The đồng stays the currency of
//! record: a rate here never charges anyone (a quote fixes its own).
//!
//! Each setting is kept with its day and who set it; the latest of each
//! currency is the one shown. Rates are read with the catalogue's
//! reference data (once per catalogue generation), and setting one moves
//! the generation, so every process shows the new rate at once.

use accounts::{Action, Actor, authorize};
use chrono::{DateTime, Utc};
use entity::audit::{self, Entry};
use entity::exchange_rates;
use kernel::{Currency, FieldErrors, Money, Rate, problem};
use sea_orm::{ActiveValue::Set, EntityTrait, QueryOrder, TransactionTrait};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{Catalog, Error, Result};

/// The most a unit of a currency may be said to be worth (a sanity bound:
/// ten million đồng).
const MAX_VND_PER_UNIT_MILLI: i64 = 10_000_000_000;

/// A rate as set, with its day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ExchangeRate {
    /// USD, JPY or CNY.
    pub currency: Currency,
    /// Đồng per unit, as written (`25400`, `170.35`).
    pub vnd_per_unit: String,
    /// The same in thousandths of a đồng.
    pub vnd_per_unit_milli: i64,
    /// When it was set.
    pub set_at: DateTime<Utc>,
}

impl ExchangeRate {
    fn rate(&self) -> Rate {
        Rate {
            currency: self.currency,
            vnd_per_unit_milli: self.vnd_per_unit_milli,
        }
    }
}

/// The rates shown now: the latest of each currency that has one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ExchangeRates {
    /// One per currency, in the order USD, JPY, CNY.
    pub rates: Vec<ExchangeRate>,
}

impl ExchangeRates {
    /// The rate of `currency`, if staff set one.
    pub fn get(&self, currency: Currency) -> Option<&ExchangeRate> {
        self.rates.iter().find(|r| r.currency == currency)
    }

    /// A price in đồng shown in `currency`, when it has a rate.
    pub fn convert(&self, vnd: Money, currency: Currency) -> Option<Money> {
        self.get(currency)?.rate().convert(vnd)
    }

    /// The latest row of each currency among `rows` (newest first).
    pub(crate) fn latest(rows: &[exchange_rates::Model]) -> Self {
        let rates = Currency::FOREIGN
            .into_iter()
            .filter_map(|currency| {
                rows.iter()
                    .find(|row| row.currency == currency.code())
                    .map(|row| ExchangeRate {
                        currency,
                        vnd_per_unit: write_milli(row.vnd_per_unit_milli),
                        vnd_per_unit_milli: row.vnd_per_unit_milli,
                        set_at: row.set_at,
                    })
            })
            .collect();
        Self { rates }
    }
}

/// New rates as typed: đồng per unit, a plain number with at most three
/// decimals after a point (`25400`, `170.35`); a currency left empty keeps
/// its rate.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RatesInput {
    /// Đồng per US dollar.
    pub usd: String,
    /// Đồng per yen.
    pub jpy: String,
    /// Đồng per yuan.
    pub cny: String,
}

impl RatesInput {
    fn typed(&self) -> [(Currency, &'static str, &str); 3] {
        [
            (Currency::Usd, "usd", self.usd.as_str()),
            (Currency::Jpy, "jpy", self.jpy.as_str()),
            (Currency::Cny, "cny", self.cny.as_str()),
        ]
    }

    /// The rates given, checked: each is a number of đồng more than 0 with
    /// at most three decimals.
    pub fn validate(&self) -> std::result::Result<Vec<(Currency, i64)>, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut given = Vec::new();
        for (currency, field, text) in self.typed() {
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            match parse_milli(text) {
                Some(milli) if milli > 0 && milli <= MAX_VND_PER_UNIT_MILLI => {
                    given.push((currency, milli));
                }
                Some(milli) if milli <= 0 => errors.add(field, problem::must_be_positive()),
                Some(_) => errors.add(field, problem::too_large()),
                None => errors.add(field, problem::not_a_rate()),
            }
        }
        if given.is_empty() && errors.is_empty() {
            errors.add("usd", problem::required());
        }
        errors.into_result(given)
    }
}

/// `170.35` → 170_350 thousandths; `None` when it is not such a number.
fn parse_milli(text: &str) -> Option<i64> {
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let (units, decimals) = match text.split_once('.') {
        Some((units, decimals)) if digits(decimals) && decimals.len() <= 3 => (units, decimals),
        Some(_) => return None,
        None => (text, ""),
    };
    if !digits(units) {
        return None;
    }
    let units: i64 = units.parse().ok()?;
    let decimals: i64 = format!("{decimals:0<3}").parse().ok()?;
    units.checked_mul(1000)?.checked_add(decimals)
}

/// 170_350 → `170.35`; 25_400_000 → `25400`.
fn write_milli(milli: i64) -> String {
    let (units, decimals) = (milli / 1000, milli % 1000);
    if decimals == 0 {
        units.to_string()
    } else {
        format!("{units}.{decimals:03}")
            .trim_end_matches('0')
            .to_owned()
    }
}

impl Catalog {
    /// The rates shown now.
    pub async fn exchange_rates(&self) -> Result<ExchangeRates> {
        Ok(self.reference().await?.rates.clone())
    }

    /// The rates as of the last catalogue read of this process, without
    /// waiting (for a page that writes prices while it renders; the page's
    /// own reads came first). Empty before any read.
    pub fn rates_now(&self) -> ExchangeRates {
        self.reference
            .rates
            .read()
            .map(|rates| rates.clone())
            .unwrap_or_default()
    }

    /// Union staff set new rates (those given; the others stay); the
    /// setting is written to the audit log.
    pub async fn set_exchange_rates(
        &self,
        actor: &Actor,
        input: &RatesInput,
    ) -> Result<ExchangeRates> {
        authorize(Some(actor), Action::Moderate)?;
        let given = input.validate().map_err(Error::Invalid)?;
        let now = Utc::now();
        let txn = self.db.begin().await?;
        for (currency, milli) in &given {
            exchange_rates::Entity::insert(exchange_rates::ActiveModel {
                id: Set(Uuid::now_v7()),
                currency: Set(currency.code().to_owned()),
                vnd_per_unit_milli: Set(*milli),
                set_by: Set(Some(actor.user_id.uuid())),
                set_at: Set(now),
            })
            .exec(&txn)
            .await?;
        }
        audit::record(
            &txn,
            Entry {
                actor_id: Some(actor.user_id.uuid()),
                action: "exchange_rates.set".into(),
                target_type: "exchange_rates".into(),
                target_id: now.date_naive().to_string(),
                reason: None,
                request_id: actor.request_id.clone(),
                data: Some(serde_json::json!(
                    given
                        .iter()
                        .map(|(c, milli)| (c.code(), write_milli(*milli)))
                        .collect::<std::collections::BTreeMap<_, _>>()
                )),
            },
        )
        .await?;
        txn.commit().await?;
        self.freshness.advance();
        self.read_rates().await
    }

    /// The rates as stored now, without the reference cache.
    pub(crate) async fn read_rates(&self) -> Result<ExchangeRates> {
        let rows = exchange_rates::Entity::find()
            .order_by_desc(exchange_rates::Column::SetAt)
            .order_by_desc(exchange_rates::Column::Id)
            .all(&self.db)
            .await?;
        Ok(ExchangeRates::latest(&rows))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_plain_numbers_with_at_most_three_decimals() {
        assert_eq!(parse_milli("25400"), Some(25_400_000));
        assert_eq!(parse_milli("170.35"), Some(170_350));
        assert_eq!(parse_milli("3520.125"), Some(3_520_125));
        for wrong in ["25.400.5", "170,35", "1.2345", "-5", "abc", ".5", "5."] {
            assert_eq!(parse_milli(wrong), None, "{wrong}");
        }
        assert_eq!(write_milli(170_350), "170.35");
        assert_eq!(write_milli(25_400_000), "25400");
    }

    #[test]
    fn a_rate_of_zero_or_nothing_at_all_is_refused_by_field() {
        let zero = RatesInput {
            jpy: "0".into(),
            ..RatesInput::default()
        };
        assert!(zero.validate().unwrap_err().get("jpy").is_some());
        let nothing = RatesInput::default();
        assert!(nothing.validate().unwrap_err().get("usd").is_some());
        let comma = RatesInput {
            usd: "25,400".into(),
            ..RatesInput::default()
        };
        assert!(comma.validate().unwrap_err().get("usd").is_some());
    }
}
