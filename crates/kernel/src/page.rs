//! Pages of results: `?page=1&per_page=24` (at most 100 a page).

use serde::{Deserialize, Serialize};

use crate::{FieldErrors, problem};

/// The default number of items a page.
pub const DEFAULT_PER_PAGE: u64 = 24;
/// The largest page a client may ask for.
pub const MAX_PER_PAGE: u64 = 100;

/// A validated request for one page of a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageRequest {
    page: u64,
    per_page: u64,
}

impl Default for PageRequest {
    fn default() -> Self {
        Self {
            page: 1,
            per_page: DEFAULT_PER_PAGE,
        }
    }
}

impl PageRequest {
    /// Checks the numbers a client sent; each missing one takes its default.
    pub fn new(page: Option<u64>, per_page: Option<u64>) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let page = page.unwrap_or(1);
        let per_page = per_page.unwrap_or(DEFAULT_PER_PAGE);
        if page == 0 {
            errors.add("page", problem::at_least(1));
        }
        if !(1..=MAX_PER_PAGE).contains(&per_page) {
            errors.add("per_page", problem::number_between(1, MAX_PER_PAGE as i64));
        }
        if page.saturating_mul(per_page) > i64::MAX as u64 {
            errors.add("page", problem::too_large());
        }
        errors.into_result(Self { page, per_page })
    }

    /// The 1-based page number.
    pub fn page(self) -> u64 {
        self.page
    }

    /// Items a page.
    pub fn per_page(self) -> u64 {
        self.per_page
    }

    /// Items to skip before this page.
    pub fn offset(self) -> u64 {
        (self.page - 1) * self.per_page
    }
}

/// One page of a list, with the total number of items in the whole list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// The 1-based page number.
    pub page: u64,
    /// Items a page.
    pub per_page: u64,
    /// Items in the whole list.
    pub total: u64,
    /// Where the next page starts, for lists that read on from a listing
    /// (`?after=`) instead of counting pages: the cheapest way through a
    /// long list. None on the last page and on other lists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

impl<T> Page<T> {
    /// A page of `items` out of `total`.
    pub fn new(items: Vec<T>, request: PageRequest, total: u64) -> Self {
        Self {
            items,
            page: request.page,
            per_page: request.per_page,
            total,
            next: None,
        }
    }

    /// The number of pages in the whole list (at least 1).
    pub fn pages(&self) -> u64 {
        self.total.div_ceil(self.per_page.max(1)).max(1)
    }

    /// The same page with each item changed by `f`.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            page: self.page,
            per_page: self.per_page,
            total: self.total,
            next: self.next,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_requests_default_to_the_first_page_of_24() {
        let p = PageRequest::new(None, None).unwrap();
        assert_eq!((p.page(), p.per_page(), p.offset()), (1, 24, 0));
        assert_eq!(PageRequest::new(Some(3), Some(10)).unwrap().offset(), 20);
    }

    #[test]
    fn page_requests_name_each_bad_number() {
        let errors = PageRequest::new(Some(0), Some(101)).unwrap_err();
        assert_eq!(errors.codes("page"), ["at_least"]);
        assert_eq!(errors.codes("per_page"), ["number_between"]);
        assert_eq!(
            errors.get("per_page").unwrap()[0].message,
            "must be between 1 and 100"
        );
    }

    #[test]
    fn pages_count_their_last_partial_page() {
        let request = PageRequest::new(Some(1), Some(24)).unwrap();
        assert_eq!(Page::<u8>::new(vec![], request, 0).pages(), 1);
        assert_eq!(Page::<u8>::new(vec![], request, 48).pages(), 2);
        assert_eq!(Page::<u8>::new(vec![], request, 49).pages(), 3);
    }
}
