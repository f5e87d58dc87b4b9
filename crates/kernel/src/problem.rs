//! What is wrong with one input field: a stable snake_case code with named
//! arguments, and the same said in English for API users.
//!
//! ```json
//! {"code": "price_tier_not_falling", "min_qty": 50, "message": "must be less than the price before it (from 50)"}
//! ```
//!
//! Every code is made by a constructor of the one table in `problems.rs`
//! (`kernel::problem::too_long(150)`); [`CODES`] lists them with the names
//! of their arguments. Pages translate a problem by its code
//! (`problem-too-long` with `$max`), never by its English message.
//!
//! An argument is a whole number or a text. A number whose name ends in
//! `_vnd` is an amount of đồng: the English message writes it as money
//! (`10.000 ₫`) and pages do the same in their language.

use std::collections::BTreeMap;
use std::fmt;

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::Money;

pub use crate::problems::*;

/// The value of a named argument of a problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    /// A whole number (a JSON number).
    Number(i64),
    /// A text (a JSON string).
    Text(String),
}

impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Self::Number(n)
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}

impl fmt::Display for Arg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Number(n) => write!(f, "{n}"),
            Self::Text(t) => f.write_str(t),
        }
    }
}

impl Serialize for Arg {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Number(n) => serializer.serialize_i64(*n),
            Self::Text(t) => serializer.serialize_str(t),
        }
    }
}

/// An amount of đồng as an argument: a number for machines, `10.000 ₫` in
/// the English message. Its argument's name ends in `_vnd`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Vnd(pub i64);

impl From<i64> for Vnd {
    fn from(amount: i64) -> Self {
        Self(amount)
    }
}

impl fmt::Display for Vnd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Money::vnd(self.0).fmt(f)
    }
}

impl From<Vnd> for Arg {
    fn from(amount: Vnd) -> Self {
        Self::Number(amount.0)
    }
}

/// The values a field accepts, as an argument: `a, b, c` for machines,
/// `a, b or c` in the English message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choices(Vec<&'static str>);

impl From<&'static [&'static str]> for Choices {
    fn from(choices: &'static [&'static str]) -> Self {
        Self(choices.to_vec())
    }
}

impl<const N: usize> From<&'static [&'static str; N]> for Choices {
    fn from(choices: &'static [&'static str; N]) -> Self {
        Self(choices.to_vec())
    }
}

impl fmt::Display for Choices {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.split_last() {
            None => Ok(()),
            Some((last, [])) => f.write_str(last),
            Some((last, rest)) => write!(f, "{} or {last}", rest.join(", ")),
        }
    }
}

impl From<Choices> for Arg {
    fn from(choices: Choices) -> Self {
        Self::Text(choices.0.join(", "))
    }
}

/// One problem with one field: its code, its named arguments and its
/// English message. Serialised flat:
/// `{"code": "too_long", "max": 150, "message": "must be at most 150 characters"}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The stable snake_case code clients and pages match on.
    pub code: &'static str,
    /// The named arguments of the code (see [`CODES`]).
    pub args: BTreeMap<&'static str, Arg>,
    /// The problem in English, for API users.
    pub message: String,
}

impl Problem {
    /// The argument called `name`, if the code has it.
    pub fn arg(&self, name: &str) -> Option<&Arg> {
        self.args.get(name)
    }

    /// The same problem with the English message told about `context`
    /// first (`stock: cannot be negative`), where the field's name alone
    /// does not say enough.
    #[must_use]
    pub fn in_context(self, context: &str) -> Self {
        Self {
            message: format!("{context}: {}", self.message),
            ..self
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Serialize for Problem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.args.len() + 2))?;
        map.serialize_entry("code", self.code)?;
        for (name, value) in &self.args {
            map.serialize_entry(name, value)?;
        }
        map.serialize_entry("message", &self.message)?;
        map.end()
    }
}

impl utoipa::PartialSchema for Problem {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
        ObjectBuilder::new()
            .description(Some(
                "A problem with one field: a stable snake_case `code`, its named arguments \
                 (whole numbers or texts; a name ending in `_vnd` is an amount of đồng) \
                 and an English `message`.",
            ))
            .property(
                "code",
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .description(Some("Stable snake_case code to translate or match on."))
                    .examples([serde_json::json!("price_tier_not_falling")]),
            )
            .required("code")
            .property(
                "message",
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .description(Some("The problem in English.")),
            )
            .required("message")
            .additional_properties(Some(
                ObjectBuilder::new()
                    .schema_type(SchemaType::from_iter([Type::Integer, Type::String]))
                    .description(Some("A named argument of the code.")),
            ))
            .examples([serde_json::json!({
                "code": "price_tier_not_falling",
                "min_qty": 50,
                "message": "must be less than the price before it (from 50)"
            })])
            .into()
    }
}

impl utoipa::ToSchema for Problem {}

/// Declares the table of problem codes: for each, a constructor named like
/// the code taking its arguments in order, and a line of [`CODES`].
macro_rules! problems {
    ($(
        $(#[doc = $doc:literal])*
        $code:ident $({ $($arg:ident : $ty:ty),+ $(,)? })? => $message:literal
    ),+ $(,)?) => {
        $(
            #[doc = concat!("`", stringify!($code), "`: \"", $message, "\".")]
            $(#[doc = ""] #[doc = $doc])*
            pub fn $code($($($arg: impl Into<$ty>),+)?) -> $crate::problem::Problem {
                $($(let $arg: $ty = $arg.into();)+)?
                let message = format_args!($message).to_string();
                $crate::problem::Problem {
                    code: stringify!($code),
                    args: ::std::collections::BTreeMap::from([
                        $($((stringify!($arg), $crate::problem::Arg::from($arg))),+)?
                    ]),
                    message,
                }
            }
        )+

        /// Every problem code with the names of its arguments, in the
        /// order of the table.
        pub const CODES: &[(&str, &[&str])] = &[
            $((stringify!($code), &[$($(stringify!($arg)),+)?])),+
        ];
    };
}
pub(crate) use problems;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_is_serialised_flat_with_its_arguments_between_code_and_message() {
        let json = serde_json::to_string(&price_tier_not_falling(50)).unwrap();
        assert_eq!(
            json,
            r#"{"code":"price_tier_not_falling","min_qty":50,"message":"must be less than the price before it (from 50)"}"#
        );
        assert_eq!(
            serde_json::to_value(required()).unwrap(),
            serde_json::json!({"code": "required", "message": "is required"})
        );
    }

    #[test]
    fn the_english_message_writes_money_and_choices_for_people() {
        let p = refund_too_large(250_000);
        assert_eq!(p.arg("max_vnd"), Some(&Arg::Number(250_000)));
        assert_eq!(
            p.message,
            "at most 250.000\u{a0}₫ (what has not been refunded yet)"
        );
        let p = not_one_of(&["pending", "verified", "rejected"]);
        assert_eq!(p.to_string(), "must be pending, verified or rejected");
        assert_eq!(
            p.arg("choices"),
            Some(&Arg::Text("pending, verified, rejected".into()))
        );
        assert_eq!(
            not_one_of(&["true", "false"]).message,
            "must be true or false"
        );
    }

    #[test]
    fn codes_are_snake_case_unique_and_name_their_arguments() {
        let mut seen = std::collections::BTreeSet::new();
        for (code, args) in CODES {
            assert!(seen.insert(*code), "{code} twice");
            let snake = |s: &str| {
                !s.is_empty()
                    && s.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                    && !s.starts_with('_')
                    && !s.ends_with('_')
                    && !s.contains("__")
            };
            assert!(snake(code), "{code} is not snake_case");
            for arg in *args {
                assert!(snake(arg), "{code}: argument {arg} is not snake_case");
                assert!(
                    !["code", "message"].contains(arg),
                    "{code}: argument {arg} would hide a key of the problem"
                );
            }
        }
        assert!(CODES.len() > 100, "{} codes", CODES.len());
    }

    #[test]
    fn a_problem_in_context_keeps_its_code_and_arguments() {
        let p = too_long(150).in_context("title_vi");
        assert_eq!(p.code, "too_long");
        assert_eq!(p.arg("max"), Some(&Arg::Number(150)));
        assert_eq!(p.message, "title_vi: must be at most 150 characters");
    }
}
