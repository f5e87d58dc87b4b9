//! `/api/v1/…/figures`: a cooperative's yearly figures (members, workers,
//! incomes) as it reports them and union staff verify them.

pub mod list;
pub mod queue;
pub mod report;
pub mod review;
