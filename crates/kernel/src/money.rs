//! Money as integer minor units of an ISO 4217 currency. The đồng has no
//! minor unit, so 350 000 ₫ is stored as `350000`; a US dollar has cents.
//! No floating point ever touches an amount.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The currencies of the market: it settles in đồng (and US dollars for
/// export buyers' cards) and shows prices in yen and yuan beside them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
pub enum Currency {
    /// Vietnamese đồng: every price is set in it.
    #[serde(rename = "VND")]
    Vnd,
    /// US dollar, for card payments by export buyers.
    #[serde(rename = "USD")]
    Usd,
    /// Japanese yen, shown to buyers from Japan.
    #[serde(rename = "JPY")]
    Jpy,
    /// Chinese yuan (renminbi), shown to buyers from China.
    #[serde(rename = "CNY")]
    Cny,
}

impl Currency {
    /// The currencies a price can be shown in beside the đồng.
    pub const FOREIGN: [Currency; 3] = [Currency::Usd, Currency::Jpy, Currency::Cny];

    /// The ISO 4217 code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Vnd => "VND",
            Self::Usd => "USD",
            Self::Jpy => "JPY",
            Self::Cny => "CNY",
        }
    }

    /// Digits after the decimal point in the currency's minor unit.
    pub fn decimals(self) -> u32 {
        match self {
            Self::Vnd | Self::Jpy => 0,
            Self::Usd | Self::Cny => 2,
        }
    }

    /// The currency a reader of `locale` is shown beside the đồng, when
    /// they chose none: yen for Japanese, yuan for Chinese, dollars for
    /// English, none for Vietnamese.
    pub fn for_locale(locale: crate::Locale) -> Option<Currency> {
        match locale {
            crate::Locale::Vi => None,
            crate::Locale::En => Some(Self::Usd),
            crate::Locale::Ja => Some(Self::Jpy),
            crate::Locale::Zh => Some(Self::Cny),
        }
    }
}

impl std::str::FromStr for Currency {
    type Err = ();

    /// `usd`, `JPY`... (any case).
    fn from_str(s: &str) -> Result<Self, ()> {
        match s.trim().to_ascii_uppercase().as_str() {
            "VND" => Ok(Self::Vnd),
            "USD" => Ok(Self::Usd),
            "JPY" => Ok(Self::Jpy),
            "CNY" => Ok(Self::Cny),
            _ => Err(()),
        }
    }
}

/// How many đồng one unit of a foreign currency is worth, in thousandths
/// of a đồng (`25_400_000` for 25.400 ₫ per dollar), as union staff set it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Rate {
    /// The foreign currency.
    pub currency: Currency,
    /// Thousandths of a đồng per unit of it.
    pub vnd_per_unit_milli: i64,
}

impl Rate {
    /// An amount in đồng in the rate's currency, rounded to its minor
    /// unit (half away from zero); `None` for a rate of zero or less.
    pub fn convert(self, vnd: Money) -> Option<Money> {
        if vnd.currency != Currency::Vnd || self.vnd_per_unit_milli <= 0 {
            return None;
        }
        let minor_per_unit = 10i128.pow(self.currency.decimals());
        let numerator = i128::from(vnd.amount) * 1000 * minor_per_unit;
        let denominator = i128::from(self.vnd_per_unit_milli);
        let rounded = (numerator * 2 + numerator.signum() * denominator) / (2 * denominator);
        Some(Money {
            amount: i64::try_from(rounded).ok()?,
            currency: self.currency,
        })
    }
}

/// An amount of money in integer minor units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Money {
    /// Minor units (đồng for VND, cents for USD).
    #[serde(deserialize_with = "crate::whole::deserialize")]
    pub amount: i64,
    /// ISO 4217 code.
    pub currency: Currency,
}

impl Money {
    /// An amount in đồng.
    pub const fn vnd(amount: i64) -> Self {
        Self {
            amount,
            currency: Currency::Vnd,
        }
    }

    /// Adds two amounts of the same currency; `None` on overflow or when the
    /// currencies differ.
    pub fn checked_add(self, other: Self) -> Option<Self> {
        (self.currency == other.currency).then_some(())?;
        Some(Self {
            amount: self.amount.checked_add(other.amount)?,
            currency: self.currency,
        })
    }

    /// Multiplies by a quantity; `None` on overflow.
    pub fn checked_mul(self, quantity: i64) -> Option<Self> {
        Some(Self {
            amount: self.amount.checked_mul(quantity)?,
            currency: self.currency,
        })
    }
}

/// Nothing, in đồng.
impl Default for Money {
    fn default() -> Self {
        Self::vnd(0)
    }
}

/// Writes the amount the Vietnamese way: `350.000 ₫`, `1.250.000 ₫` (with a
/// no-break space, so the sign never wraps away from the number), and
/// dollars as `$12.50`.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.amount < 0 { "-" } else { "" };
        let abs = self.amount.unsigned_abs();
        let scale = 10u64.pow(self.currency.decimals());
        let (units, minor) = (abs / scale, abs % scale);
        match self.currency {
            Currency::Vnd => write!(f, "{sign}{}\u{a0}₫", group_thousands(units, '.')),
            Currency::Usd => write!(f, "{sign}${}.{minor:02}", group_thousands(units, ',')),
            Currency::Jpy => write!(f, "{sign}¥{}", group_thousands(units, ',')),
            Currency::Cny => write!(f, "{sign}CN¥{}.{minor:02}", group_thousands(units, ',')),
        }
    }
}

fn group_thousands(n: u64, sep: char) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dong_are_written_with_dots_between_thousands() {
        assert_eq!(Money::vnd(350_000).to_string(), "350.000\u{a0}₫");
        assert_eq!(Money::vnd(1_250_000).to_string(), "1.250.000\u{a0}₫");
        assert_eq!(Money::vnd(999).to_string(), "999\u{a0}₫");
        assert_eq!(Money::vnd(0).to_string(), "0\u{a0}₫");
        assert_eq!(Money::vnd(-45_000).to_string(), "-45.000\u{a0}₫");
    }

    #[test]
    fn dollars_keep_their_cents() {
        let m = Money {
            amount: 123_405,
            currency: Currency::Usd,
        };
        assert_eq!(m.to_string(), "$1,234.05");
    }

    #[test]
    fn a_price_in_dong_is_shown_in_yen_yuan_and_dollars_at_the_rate_set() {
        let yen = Rate {
            currency: Currency::Jpy,
            vnd_per_unit_milli: 170_350,
        };
        // 420.000 ₫ / 170,35 ₫ = 2.465,5 ¥ → 2.466 ¥
        assert_eq!(
            yen.convert(Money::vnd(420_000)).unwrap().to_string(),
            "¥2,466"
        );
        let yuan = Rate {
            currency: Currency::Cny,
            vnd_per_unit_milli: 3_520_000,
        };
        assert_eq!(
            yuan.convert(Money::vnd(185_000)).unwrap().to_string(),
            "CN¥52.56"
        );
        let dollar = Rate {
            currency: Currency::Usd,
            vnd_per_unit_milli: 25_400_000,
        };
        assert_eq!(
            dollar.convert(Money::vnd(350_000)).unwrap().to_string(),
            "$13.78"
        );
        assert_eq!(dollar.convert(Money::vnd(0)).unwrap().amount, 0);
        let broken = Rate {
            currency: Currency::Usd,
            vnd_per_unit_milli: 0,
        };
        assert_eq!(broken.convert(Money::vnd(1)), None);
        assert_eq!("jpy".parse::<Currency>(), Ok(Currency::Jpy));
    }

    #[test]
    fn money_serialises_as_amount_and_currency_code() {
        let json = serde_json::to_value(Money::vnd(350_000)).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"amount": 350000, "currency": "VND"})
        );
    }

    #[test]
    fn adding_different_currencies_is_refused() {
        let usd = Money {
            amount: 1,
            currency: Currency::Usd,
        };
        assert_eq!(Money::vnd(1).checked_add(usd), None);
        assert_eq!(
            Money::vnd(1).checked_add(Money::vnd(2)),
            Some(Money::vnd(3))
        );
        assert_eq!(Money::vnd(i64::MAX).checked_mul(2), None);
    }
}
