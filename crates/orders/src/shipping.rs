//! Shipping fees per cooperative: flat per order, by weight bands, free
//! above a threshold. Inside Vietnam a cooperative without rules charges the
//! market's default fee; abroad, a parcel no rule covers is quoted by the
//! cooperative after the order (the fee stays open).

use entity::shipping_rules;

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
