//! Response shapes shared by several routes, and the request's locale.
//!
//! Text that sellers write in several languages is answered in the request's
//! locale (`?locale=en` or `Accept-Language`) as a plain field, with every
//! language kept under `translations`.

use std::collections::BTreeMap;

use actix_web::{FromRequest, HttpRequest};
use chrono::NaiveDate;
use kernel::{
    CategoryId, CertificationId, CooperativeId, FieldErrors, I18nText, ImageId, Locale, Page,
    PageRequest, ProductId, problem,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::ApiError;

/// The locale a request asked for.
#[derive(Clone, Copy, Debug)]
pub struct RequestLocale(pub Locale);

impl FromRequest for RequestLocale {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        std::future::ready(request_locale(req).map(RequestLocale))
    }
}

fn request_locale(req: &HttpRequest) -> Result<Locale, ApiError> {
    let from_query = req
        .query_string()
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == "locale")
        .map(|(_, v)| v);
    if let Some(code) = from_query {
        return code.parse().map_err(|_: kernel::locale::UnknownLocale| {
            ApiError::invalid(FieldErrors::single(
                "locale",
                problem::not_one_of(&Locale::CODES),
            ))
        });
    }
    Ok(req
        .headers()
        .get(actix_web::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Locale::from_accept_language)
        .unwrap_or_default())
}

/// `?page=&per_page=`, read as text so that a bad number is answered with the
/// field's name.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// 1-based page number (default 1).
    #[param(value_type = Option<u64>, minimum = 1)]
    pub page: Option<String>,
    /// Items a page (default 24, at most 100).
    #[param(value_type = Option<u64>, minimum = 1, maximum = 100)]
    pub per_page: Option<String>,
}

impl PageParams {
    /// The page asked for, or the fields that are wrong.
    pub fn parse(&self, errors: &mut FieldErrors) -> PageRequest {
        let page = parse_number(errors, "page", self.page.as_deref());
        let per_page = parse_number(errors, "per_page", self.per_page.as_deref());
        match PageRequest::new(page, per_page) {
            Ok(request) => request,
            Err(problems) => {
                errors.merge(problems);
                PageRequest::default()
            }
        }
    }
}

/// Parses an optional whole number, recording a problem under `field`: a
/// parameter that is sent must say a number (`per_page=` is refused like
/// `per_page=abc`, not read as absent).
pub fn parse_number(errors: &mut FieldErrors, field: &str, value: Option<&str>) -> Option<u64> {
    let value = value?.trim();
    if value.is_empty() {
        errors.add(field, problem::whole_number_empty());
        return None;
    }
    match value.parse::<u64>() {
        Ok(n) => Some(n),
        Err(_) => {
            errors.add(field, problem::not_a_whole_number());
            None
        }
    }
}

/// Parses an optional whole number that a 64-bit signed column holds
/// (prices, amounts), recording a problem under `field`.
pub fn parse_amount(errors: &mut FieldErrors, field: &str, value: Option<&str>) -> Option<i64> {
    let n = parse_number(errors, field, value)?;
    match i64::try_from(n) {
        Ok(n) => Some(n),
        Err(_) => {
            errors.add(field, problem::at_most(i64::MAX));
            None
        }
    }
}

/// Problems with the parameters among `fields` that are sent empty
/// (`?min_price=`), for routes that read the query string as pairs.
pub fn empty_values(pairs: &[(String, String)], fields: &[&str]) -> FieldErrors {
    let mut errors = FieldErrors::new();
    for (key, value) in pairs {
        if fields.contains(&key.as_str()) && value.trim().is_empty() {
            errors.add(key.clone(), problem::whole_number_empty());
        }
    }
    errors
}

/// A page of items, as every list answers.
#[derive(Serialize, ToSchema)]
pub struct PageResponse<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// The 1-based page number.
    pub page: u64,
    /// Items a page.
    pub per_page: u64,
    /// Items in the whole list.
    pub total: u64,
    /// For lists that read on from an item: pass as `after` for the next
    /// page (absent on the last page, and on lists that only count pages).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

impl<T> PageResponse<T> {
    /// Shapes a domain page.
    pub fn from_page<U>(page: Page<U>, f: impl FnMut(U) -> T) -> Self {
        let page = page.map(f);
        Self {
            items: page.items,
            page: page.page,
            per_page: page.per_page,
            total: page.total,
            next: page.next,
        }
    }
}

/// Text in every language written (`vi` always).
pub type Translations = I18nText;

/// A picture.
#[derive(Serialize, ToSchema)]
pub struct ImageResponse {
    /// Id.
    pub id: ImageId,
    /// Width of the original, in pixels.
    pub width: i32,
    /// Height of the original, in pixels.
    pub height: i32,
    /// Alternative text in the request's locale.
    pub alt: String,
    /// URL per size: `small` (320 px), `medium` (640 px), `large` (up to 1280 px).
    pub urls: BTreeMap<String, String>,
}

impl ImageResponse {
    /// Shapes a catalogue picture.
    pub fn new(image: catalog::Image, locale: Locale) -> Self {
        Self {
            id: image.id,
            width: image.width,
            height: image.height,
            alt: image.alt.get(locale).to_owned(),
            urls: image
                .urls
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
        }
    }
}

/// A verified, unexpired certification.
#[derive(Serialize, ToSchema)]
pub struct CertificationResponse {
    /// Id.
    pub id: CertificationId,
    /// `vietgap`, `ocop`, `organic` or `award`.
    pub kind: String,
    /// The award's or standard's name.
    pub name: Option<String>,
    /// Certificate number.
    pub number: Option<String>,
    /// Certifying body.
    pub issuer: Option<String>,
    /// OCOP level.
    pub level: Option<String>,
    /// OCOP stars.
    pub stars: Option<i16>,
    /// Issued.
    pub issued_on: Option<NaiveDate>,
    /// Expires.
    pub expires_on: Option<NaiveDate>,
    /// The one listing it covers, if not the whole cooperative.
    pub product_id: Option<ProductId>,
}

impl From<catalog::Certification> for CertificationResponse {
    fn from(c: catalog::Certification) -> Self {
        Self {
            id: c.id,
            kind: c.kind.as_str().to_owned(),
            name: c.name,
            number: c.number,
            issuer: c.issuer,
            level: c.level,
            stars: c.stars,
            issued_on: c.issued_on,
            expires_on: c.expires_on,
            product_id: c.product_id,
        }
    }
}

/// A cooperative named in another answer.
#[derive(Serialize, ToSchema)]
pub struct CooperativeRefResponse {
    /// Id.
    pub id: CooperativeId,
    /// URL name.
    pub slug: String,
    /// Name.
    pub name: String,
}

impl From<catalog::CooperativeRef> for CooperativeRefResponse {
    fn from(c: catalog::CooperativeRef) -> Self {
        Self {
            id: c.id,
            slug: c.slug,
            name: c.name,
        }
    }
}

/// A category named in another answer.
#[derive(Serialize, ToSchema)]
pub struct CategoryRefResponse {
    /// Id.
    pub id: CategoryId,
    /// URL name.
    pub slug: String,
    /// Name in the request's locale.
    pub name: String,
}

impl CategoryRefResponse {
    /// Shapes a category reference.
    pub fn new(c: catalog::CategoryRef, locale: Locale) -> Self {
        Self {
            id: c.id,
            slug: c.slug,
            name: c.name.get(locale).to_owned(),
        }
    }
}
