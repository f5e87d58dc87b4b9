//! Whole numbers in JSON bodies, read the same way everywhere.
//!
//! Many clients (JavaScript above all) write numbers as floats, so a
//! quantity may arrive as `216.0`. Such a number is read as the integer it
//! is; `216.5`, `1e20` for an `i32`, `-1` for a `u32` or a string are refused
//! with the same message: "invalid value: …, expected a whole number from
//! MIN to MAX". Use it on every integer a client sends:
//!
//! ```
//! #[derive(serde::Deserialize)]
//! struct AddToCart {
//!     #[serde(deserialize_with = "kernel::whole::deserialize")]
//!     quantity: i32,
//!     #[serde(default, deserialize_with = "kernel::whole::option")]
//!     stock: Option<i64>,
//! }
//! let line: AddToCart = serde_json::from_str(r#"{"quantity": 216.0}"#).unwrap();
//! assert_eq!(line.quantity, 216);
//! assert!(serde_json::from_str::<AddToCart>(r#"{"quantity": 216.5}"#).is_err());
//! ```

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Unexpected, Visitor};

/// An integer type a whole number can be read into.
pub trait Whole: Sized + Copy {
    /// The smallest value.
    const MIN: i128;
    /// The largest value.
    const MAX: i128;
    /// The value, known to lie between `MIN` and `MAX`.
    fn from_i128(n: i128) -> Option<Self>;
}

macro_rules! whole {
    ($($t:ty),+) => {$(
        impl Whole for $t {
            const MIN: i128 = <$t>::MIN as i128;
            const MAX: i128 = <$t>::MAX as i128;
            fn from_i128(n: i128) -> Option<Self> {
                <$t>::try_from(n).ok()
            }
        }
    )+};
}

whole!(i8, i16, i32, i64, u8, u16, u32, u64, usize, isize);

struct Expected<T>(PhantomData<T>);

impl<T: Whole> de::Expected for Expected<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a whole number from {} to {}", T::MIN, T::MAX)
    }
}

struct WholeVisitor<T>(PhantomData<T>);

impl<T: Whole> WholeVisitor<T> {
    fn fit<E: de::Error>(n: i128, unexpected: Unexpected<'_>) -> Result<T, E> {
        T::from_i128(n).ok_or_else(|| E::invalid_value(unexpected, &Expected::<T>(PhantomData)))
    }
}

impl<'de, T: Whole> Visitor<'de> for WholeVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        de::Expected::fmt(&Expected::<T>(PhantomData), f)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        Self::fit(i128::from(v), Unexpected::Signed(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        Self::fit(i128::from(v), Unexpected::Unsigned(v))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<T, E> {
        Self::fit(v, Unexpected::Other("a 128-bit integer"))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<T, E> {
        let n = i128::try_from(v).unwrap_or(i128::MAX);
        Self::fit(n, Unexpected::Other("a 128-bit integer"))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        let refuse = || E::invalid_value(Unexpected::Float(v), &Expected::<T>(PhantomData));
        // beyond ±2^63 a float no longer says which integer it is
        if !v.is_finite() || v.fract() != 0.0 || v.abs() > 9.223_372_036_854_775e18 {
            return Err(refuse());
        }
        // a finite whole float under 2^63 converts exactly
        let n = v as i128;
        T::from_i128(n).ok_or_else(refuse)
    }
}

/// Reads a whole number: an integer, or a float with no fraction.
pub fn deserialize<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Whole,
{
    deserializer.deserialize_any(WholeVisitor(PhantomData))
}

struct OptionVisitor<T>(PhantomData<T>);

impl<'de, T: Whole> Visitor<'de> for OptionVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "null or ")?;
        de::Expected::fmt(&Expected::<T>(PhantomData), f)
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        deserialize(deserializer).map(Some)
    }
}

/// Reads an optional whole number: `null` (or, with `#[serde(default)]`,
/// a missing field) is `None`.
pub fn option<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Whole,
{
    deserializer.deserialize_option(OptionVisitor(PhantomData))
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    struct Line {
        #[serde(deserialize_with = "super::deserialize")]
        quantity: i32,
        #[serde(default, deserialize_with = "super::option")]
        stock: Option<u32>,
    }

    fn read(json: &str) -> Result<Line, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn a_float_with_no_fraction_is_read_as_the_integer_it_is() {
        let line = read(r#"{"quantity": 216.0, "stock": 3.0}"#).unwrap();
        assert_eq!((line.quantity, line.stock), (216, Some(3)));
        assert_eq!(read(r#"{"quantity": -2}"#).unwrap().quantity, -2);
    }

    #[test]
    fn null_and_a_missing_field_are_no_value() {
        assert_eq!(
            read(r#"{"quantity": 1, "stock": null}"#).unwrap().stock,
            None
        );
        assert_eq!(read(r#"{"quantity": 1}"#).unwrap().stock, None);
    }

    #[test]
    fn fractions_overflows_and_strings_are_refused_with_one_message() {
        let err = read(r#"{"quantity": 216.5}"#).unwrap_err();
        assert!(
            err.contains(
                "floating point `216.5`, expected a whole number from -2147483648 to 2147483647"
            ),
            "{err}"
        );
        let err = read(r#"{"quantity": 1e20}"#).unwrap_err();
        assert!(err.contains("expected a whole number from"), "{err}");
        let err = read(r#"{"quantity": 3000000000}"#).unwrap_err();
        assert!(err.contains("expected a whole number from"), "{err}");
        let err = read(r#"{"quantity": 1, "stock": -1}"#).unwrap_err();
        assert!(
            err.contains("expected a whole number from 0 to 4294967295"),
            "{err}"
        );
        assert!(read(r#"{"quantity": "2"}"#).is_err());
    }
}
