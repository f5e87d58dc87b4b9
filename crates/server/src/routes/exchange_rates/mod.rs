//! `/api/v1/exchange-rates`: what a dollar, a yen and a yuan are worth in
//! đồng, for showing prices beside the đồng.

pub mod get;
pub mod set;
