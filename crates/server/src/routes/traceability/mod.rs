//! `/api/v1` of lots and traceability: a cooperative's lots, their field
//! diary, label sheets, scans and recalls; union staff's list of every
//! lot; the public page of a lot by its code; the lots packed for an
//! order's lines.

pub mod add_diary_entry;
pub mod all_lots;
pub mod choose_lots;
pub mod cooperative_lots;
pub mod create_lot;
pub mod get_lot;
pub mod labels;
pub mod packing;
pub mod public_lot;
pub mod recall;
pub mod recall_report;
pub mod scans;

use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::ApiError;
use crate::routes::views::PageParams;

/// `?status=&page=&per_page=` of the lists of lots.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LotListParams {
    /// Only `open` or `recalled` lots.
    pub status: Option<String>,
    /// 1-based page number.
    #[param(value_type = Option<u64>)]
    pub page: Option<String>,
    /// Items a page (at most 100).
    #[param(value_type = Option<u64>)]
    pub per_page: Option<String>,
    /// The language of titles: vi, en, ja or zh.
    pub locale: Option<String>,
}

impl LotListParams {
    /// The filter and page, or the problems.
    pub fn parse(self) -> Result<(traceability::LotFilter, kernel::PageRequest), ApiError> {
        let mut errors = kernel::FieldErrors::new();
        let page = PageParams {
            page: self.page,
            per_page: self.per_page,
        }
        .parse(&mut errors);
        if !errors.is_empty() {
            return Err(ApiError::invalid(errors));
        }
        let status = self.status.filter(|s| !s.trim().is_empty());
        Ok((traceability::LotFilter { status }, page))
    }
}
