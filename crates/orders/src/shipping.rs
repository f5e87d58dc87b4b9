//! Shipping fees per cooperative: flat per order, by weight bands, free
//! above a threshold. Inside Vietnam a cooperative without rules charges the
//! market's default fee; abroad, a parcel no rule covers is quoted by the
//! cooperative after the order (the fee stays open).

use accounts::{Action, Actor, authorize};
use chrono::Utc;
use entity::shipping_rules;
use kernel::{CooperativeId, FieldErrors, problem};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{Error, Orders, Result};

/// The most rules a cooperative keeps.
pub const MAX_RULES: usize = 20;
/// The highest fee a rule may charge (50 million đồng): a guard against typos.
pub const MAX_FEE_VND: i64 = 50_000_000;

/// One shipping rule as the cooperative writes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShippingRule {
    /// `domestic` or `international`.
    pub zone: String,
    /// `flat` (per order), `weight` (a band of parcel weights) or
    /// `free_over` (free from an order total).
    pub kind: String,
    /// The fee in đồng (0 for `free_over`).
    #[serde(default, deserialize_with = "kernel::whole::deserialize")]
    pub fee_vnd: i64,
    /// Band from, grams (weight rules).
    #[serde(default, deserialize_with = "kernel::whole::option")]
    pub min_grams: Option<i32>,
    /// Band up to, grams, inclusive (weight rules).
    #[serde(default, deserialize_with = "kernel::whole::option")]
    pub max_grams: Option<i32>,
    /// Free from this order total, đồng (free_over rules).
    #[serde(default, deserialize_with = "kernel::whole::option")]
    pub threshold_vnd: Option<i64>,
}

fn check_rules(rules: &[ShippingRule]) -> Result<()> {
    let mut errors = FieldErrors::new();
    if rules.len() > MAX_RULES {
        errors.add("rules", problem::too_many_rules(MAX_RULES as i64));
    }
    for (i, r) in rules.iter().enumerate() {
        let field = |name: &str| format!("rules[{i}].{name}");
        if !matches!(r.zone.as_str(), "domestic" | "international") {
            errors.add(
                field("zone"),
                problem::not_one_of(&["domestic", "international"]),
            );
        }
        if !(0..=MAX_FEE_VND).contains(&r.fee_vnd) {
            errors.add(field("fee_vnd"), problem::fee_out_of_range(MAX_FEE_VND));
        }
        match r.kind.as_str() {
            "flat" => {}
            "weight" => {
                if r.min_grams.is_none() && r.max_grams.is_none() {
                    errors.add(field("max_grams"), problem::weight_band_unbounded());
                }
                if r.min_grams.is_some_and(|g| g < 0) {
                    errors.add(field("min_grams"), problem::at_least(0));
                }
                if let (Some(min), Some(max)) = (r.min_grams, r.max_grams)
                    && min > max
                {
                    errors.add(field("max_grams"), problem::below_field("min_grams"));
                }
            }
            "free_over" => {
                if r.threshold_vnd.is_none_or(|t| t <= 0) {
                    errors.add(
                        field("threshold_vnd"),
                        problem::free_over_threshold_missing(),
                    );
                }
            }
            _ => errors.add(
                field("kind"),
                problem::not_one_of(&["flat", "weight", "free_over"]),
            ),
        }
    }
    errors.into_result(()).map_err(Error::Invalid)
}

impl Orders {
    /// A cooperative's shipping rules.
    pub async fn shipping_rules(
        &self,
        actor: &Actor,
        cooperative: CooperativeId,
    ) -> Result<Vec<ShippingRule>> {
        authorize(Some(actor), Action::ViewCooperative(cooperative))?;
        Ok(shipping_rules::Entity::find()
            .filter(shipping_rules::Column::CooperativeId.eq(cooperative.0))
            .order_by_asc(shipping_rules::Column::Zone)
            .order_by_asc(shipping_rules::Column::Kind)
            .order_by_asc(shipping_rules::Column::MinGrams)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|r| ShippingRule {
                zone: r.zone,
                kind: r.kind,
                fee_vnd: r.fee_vnd,
                min_grams: r.min_grams,
                max_grams: r.max_grams,
                threshold_vnd: r.threshold_vnd,
            })
            .collect())
    }

    /// Replaces a cooperative's shipping rules (managers and owners).
    pub async fn set_shipping_rules(
        &self,
        actor: &Actor,
        cooperative: CooperativeId,
        rules: Vec<ShippingRule>,
    ) -> Result<Vec<ShippingRule>> {
        authorize(Some(actor), Action::EditCooperative(cooperative))?;
        check_rules(&rules)?;
        let txn = entity::db::begin_write(&self.db).await?;
        shipping_rules::Entity::delete_many()
            .filter(shipping_rules::Column::CooperativeId.eq(cooperative.0))
            .exec(&txn)
            .await?;
        let now = Utc::now();
        for r in &rules {
            shipping_rules::Entity::insert(shipping_rules::ActiveModel {
                id: Set(Uuid::now_v7()),
                cooperative_id: Set(cooperative.0),
                zone: Set(r.zone.clone()),
                kind: Set(r.kind.clone()),
                fee_vnd: Set(if r.kind == "free_over" { 0 } else { r.fee_vnd }),
                min_grams: Set(r.min_grams.filter(|_| r.kind == "weight")),
                max_grams: Set(r.max_grams.filter(|_| r.kind == "weight")),
                threshold_vnd: Set(r.threshold_vnd.filter(|_| r.kind == "free_over")),
                created_at: Set(now),
                updated_at: Set(now),
            })
            .exec_without_returning(&txn)
            .await?;
        }
        txn.commit().await?;
        self.shipping_rules(actor, cooperative).await
    }
}

/// Where a parcel goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Zone {
    /// Inside Vietnam.
    Domestic,
    /// Abroad.
    International,
}

impl Zone {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Domestic => "domestic",
            Self::International => "international",
        }
    }
}

/// The fee for a parcel of `weight_grams` worth `subtotal_vnd`, by `rules`
/// (one cooperative's); `None` when the cooperative has to quote it.
///
/// A `free_over` rule whose threshold the subtotal reaches wins; else the
/// cheapest weight band that holds the parcel; else a flat rule; else the
/// default (inside Vietnam) or a quote (abroad).
pub fn fee(
    rules: &[shipping_rules::Model],
    zone: Zone,
    weight_grams: i32,
    subtotal_vnd: i64,
    default_domestic_vnd: i64,
) -> Option<i64> {
    let rules: Vec<&shipping_rules::Model> =
        rules.iter().filter(|r| r.zone == zone.as_str()).collect();
    if rules
        .iter()
        .any(|r| r.kind == "free_over" && r.threshold_vnd.is_some_and(|t| subtotal_vnd >= t))
    {
        return Some(0);
    }
    let band = rules
        .iter()
        .filter(|r| r.kind == "weight")
        .filter(|r| {
            r.min_grams.is_none_or(|min| weight_grams >= min)
                && r.max_grams.is_none_or(|max| weight_grams <= max)
        })
        .map(|r| r.fee_vnd)
        .min();
    if let Some(fee) = band {
        return Some(fee);
    }
    if let Some(flat) = rules
        .iter()
        .filter(|r| r.kind == "flat")
        .map(|r| r.fee_vnd)
        .min()
    {
        return Some(flat);
    }
    match zone {
        // with weight bands set but none holding the parcel, it is quoted
        Zone::Domestic if rules.iter().all(|r| r.kind != "weight") => Some(default_domestic_vnd),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use uuid::Uuid;

    fn rule(
        zone: Zone,
        kind: &str,
        fee: i64,
        band: (Option<i32>, Option<i32>),
        threshold: Option<i64>,
    ) -> shipping_rules::Model {
        let now = Utc::now();
        shipping_rules::Model {
            id: Uuid::now_v7(),
            cooperative_id: Uuid::nil(),
            zone: zone.as_str().into(),
            kind: kind.into(),
            fee_vnd: fee,
            min_grams: band.0,
            max_grams: band.1,
            threshold_vnd: threshold,
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn bad_rules_are_named_by_their_position() {
        let bad = ShippingRule {
            zone: "moon".into(),
            kind: "weight".into(),
            fee_vnd: -1,
            min_grams: Some(500),
            max_grams: Some(100),
            threshold_vnd: None,
        };
        let Err(Error::Invalid(fields)) = check_rules(&[bad]) else {
            panic!("must be refused");
        };
        for f in ["rules[0].zone", "rules[0].fee_vnd", "rules[0].max_grams"] {
            assert!(fields.get(f).is_some(), "{f}: {fields:?}");
        }
    }

    #[test]
    fn a_cooperative_without_rules_charges_the_default_at_home_and_quotes_abroad() {
        assert_eq!(fee(&[], Zone::Domestic, 500, 100_000, 30_000), Some(30_000));
        assert_eq!(fee(&[], Zone::International, 500, 100_000, 30_000), None);
    }

    #[test]
    fn free_shipping_above_a_threshold_beats_every_fee() {
        let rules = [
            rule(Zone::Domestic, "flat", 25_000, (None, None), None),
            rule(Zone::Domestic, "free_over", 0, (None, None), Some(500_000)),
        ];
        assert_eq!(
            fee(&rules, Zone::Domestic, 900, 499_999, 30_000),
            Some(25_000)
        );
        assert_eq!(fee(&rules, Zone::Domestic, 900, 500_000, 30_000), Some(0));
    }

    #[test]
    fn weight_bands_pick_the_band_that_holds_the_parcel() {
        let rules = [
            rule(
                Zone::Domestic,
                "weight",
                20_000,
                (Some(0), Some(1_000)),
                None,
            ),
            rule(
                Zone::Domestic,
                "weight",
                35_000,
                (Some(1_001), Some(5_000)),
                None,
            ),
            rule(
                Zone::International,
                "weight",
                450_000,
                (Some(0), Some(2_000)),
                None,
            ),
        ];
        assert_eq!(fee(&rules, Zone::Domestic, 1_000, 0, 30_000), Some(20_000));
        assert_eq!(fee(&rules, Zone::Domestic, 1_001, 0, 30_000), Some(35_000));
        assert_eq!(
            fee(&rules, Zone::Domestic, 9_000, 0, 30_000),
            None,
            "too heavy: quoted"
        );
        assert_eq!(
            fee(&rules, Zone::International, 1_500, 0, 30_000),
            Some(450_000)
        );
        assert_eq!(fee(&rules, Zone::International, 2_500, 0, 30_000), None);
    }
}
