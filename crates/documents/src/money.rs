//! Numbers as the documents print them: đồng the Vietnamese way
//! (`1.250.000 ₫`, from [`kernel::Money`]), other currencies as the shop
//! shows them (`$12.40`, `¥2,480`, `CN¥123.40`), weights in kilograms.
//! Grouping and decimal marks of plain numbers follow the reader's
//! language: `1.234,5` for Vietnamese, `1,234.5` for the others.

use kernel::{Locale, Money, Rate};

use crate::Error;

/// An amount in đồng: `1.250.000 ₫` (a no-break space before the sign).
pub fn vnd(amount: i64) -> String {
    Money::vnd(amount).to_string()
}

/// An amount in đồng in the rate's currency, marked as approximate:
/// `≈ $12.40`. `None` for a rate that cannot convert.
pub fn approx(rate: Rate, amount_vnd: i64) -> Option<String> {
    rate.convert(Money::vnd(amount_vnd))
        .map(|money| format!("≈\u{a0}{money}"))
}

/// The rate as "1 USD = 25.400 ₫" (thousandths of a đồng shown when
/// there are any: "1 JPY = 170,35 ₫").
pub fn rate(rate: Rate) -> String {
    let milli = rate.vnd_per_unit_milli;
    let whole = group(milli.unsigned_abs() / 1000, '.');
    let fraction = milli.unsigned_abs() % 1000;
    let number = if fraction == 0 {
        whole
    } else {
        let digits = format!("{fraction:03}");
        format!("{whole},{}", digits.trim_end_matches('0'))
    };
    format!("1 {} = {number}\u{a0}₫", rate.currency.code())
}

/// The deposit of `percent` on `total`, rounded to the nearest đồng.
pub fn deposit(total: i64, percent: u8) -> Result<i64, Error> {
    let exact = i128::from(total) * i128::from(percent);
    let rounded = (exact * 2 + exact.signum() * 100) / 200;
    i64::try_from(rounded).map_err(|_| Error::Overflow)
}

/// A whole number grouped by thousands for a reader of `locale`.
pub fn integer(n: u64, locale: Locale) -> String {
    group(n, thousands(locale))
}

/// Grams as kilograms with two decimals: `1.25 kg` (`1,25 kg` for a
/// Vietnamese reader).
pub fn kilograms(grams: u64, locale: Locale) -> String {
    let centi = (grams + 5) / 10;
    let decimal = if locale == Locale::Vi { ',' } else { '.' };
    format!(
        "{}{decimal}{:02}\u{a0}kg",
        group(centi / 100, thousands(locale)),
        centi % 100
    )
}

/// Grams as they are, up to a kilogram, else in kilograms: `850 g`, `1.25 kg`.
pub fn weight(grams: u64, locale: Locale) -> String {
    if grams < 1000 {
        format!("{grams}\u{a0}g")
    } else {
        kilograms(grams, locale)
    }
}

fn thousands(locale: Locale) -> char {
    if locale == Locale::Vi { '.' } else { ',' }
}

fn group(n: u64, separator: char) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use kernel::Currency;

    use super::*;

    #[test]
    fn dong_and_foreign_amounts_are_written_as_the_shop_writes_them() {
        assert_eq!(vnd(1_250_000), "1.250.000\u{a0}₫");
        let usd = Rate {
            currency: Currency::Usd,
            vnd_per_unit_milli: 25_000_000,
        };
        assert_eq!(approx(usd, 310_000).as_deref(), Some("≈\u{a0}$12.40"));
        let jpy = Rate {
            currency: Currency::Jpy,
            vnd_per_unit_milli: 170_350,
        };
        assert_eq!(approx(jpy, 420_000).as_deref(), Some("≈\u{a0}¥2,466"));
        assert_eq!(rate(jpy), "1 JPY = 170,35\u{a0}₫");
        assert_eq!(rate(usd), "1 USD = 25.000\u{a0}₫");
    }

    #[test]
    fn a_deposit_is_rounded_to_the_nearest_dong() {
        assert_eq!(deposit(1_000_005, 30).unwrap(), 300_002);
        assert_eq!(deposit(1_000_015, 30).unwrap(), 300_005);
        assert_eq!(deposit(12_345_000, 30).unwrap(), 3_703_500);
    }

    #[test]
    fn weights_follow_the_readers_decimal_mark() {
        assert_eq!(kilograms(1_254, Locale::En), "1.25\u{a0}kg");
        assert_eq!(kilograms(1_234_567, Locale::Vi), "1.234,57\u{a0}kg");
        assert_eq!(weight(850, Locale::Ja), "850\u{a0}g");
        assert_eq!(integer(12_000, Locale::Vi), "12.000");
        assert_eq!(integer(12_000, Locale::Zh), "12,000");
    }
}
