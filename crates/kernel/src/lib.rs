//! The shared vocabulary of Hợp Tác.
//!
//! Every other crate speaks in these types: typed ids (UUIDv7), money in
//! integer minor units, the locales the market writes in, text written in
//! several languages, pages of results, and the error codes and field
//! problem codes that make up the HTTP contract.

pub mod error;
pub mod id;
pub mod locale;
pub mod money;
pub mod number;
pub mod page;
pub mod problem;
mod problems;
pub mod text;
pub mod time;
pub mod whole;

pub use error::{Code, ErrorCode, ErrorKind, FieldErrors};
pub use id::*;
pub use locale::Locale;
pub use money::{Currency, Money, Rate};
pub use page::{Page, PageRequest};
pub use problem::Problem;
pub use text::{I18nText, fold, slugify};
