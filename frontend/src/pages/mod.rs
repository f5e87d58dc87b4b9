//! The shop's pages.

pub mod account;
pub mod cart;
pub mod categories;
pub mod category;
pub mod certifications;
pub mod checkout;
pub mod collections;
pub mod cooperative;
pub mod cooperatives;
pub mod exchange_rates;
pub mod experience;
pub mod export;
pub mod figures;
pub mod home;
pub mod ledger;
pub mod listing_review;
pub mod listings;
pub mod market;
pub mod moderation;
pub mod not_found;
pub mod orders;
pub mod payments;
pub mod payouts;
pub mod product;
pub mod refunds;
pub mod reviews;
pub mod search;
pub mod seller;
pub mod seller_orders;
pub mod trace;

use actix_web::http::StatusCode;
use kernel::{ErrorCode, ErrorKind, PageRequest};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::Services;
use crate::i18n::t;

/// The app was rendered without its services: a wiring bug.
#[derive(Debug, thiserror::Error)]
#[error("the domain services are missing from the page context")]
struct MissingServices;

impl ErrorCode for MissingServices {
    fn code(&self) -> kernel::Code {
        kernel::Code::INTERNAL
    }
}

/// The services the pages read from.
fn services() -> Result<Services, MissingServices> {
    use_context::<Services>().ok_or(MissingServices)
}

/// A path parameter.
fn param(name: &str) -> String {
    use_params_map()
        .get_untracked()
        .get(name)
        .unwrap_or_default()
}

/// A query parameter, trimmed.
fn query(name: &str) -> String {
    use_query_map()
        .get_untracked()
        .get(name)
        .map(|v| v.trim().to_owned())
        .unwrap_or_default()
}

/// The `?page=` asked for, 24 a page; a bad number shows the first page.
fn page_request() -> PageRequest {
    let page = query("page").parse::<u64>().ok();
    PageRequest::new(page, None).unwrap_or_default()
}

/// Sets the response status.
fn set_status(status: StatusCode) {
    if let Some(res) = use_context::<leptos_actix::ResponseOptions>() {
        res.set_status(status);
    }
}

/// The page for a failed load: "not found" with 404, or an apology with the
/// status the error calls for (the cause is logged, never shown).
fn failure(err: impl ErrorCode) -> AnyView {
    let kind = err.code().kind();
    if kind == ErrorKind::NotFound {
        return not_found::NotFoundPage().into_any();
    }
    if kind == ErrorKind::Unauthenticated {
        redirect_to(&crate::session::sign_in_link());
        return ().into_any();
    }
    if kind == ErrorKind::Forbidden {
        set_status(StatusCode::FORBIDDEN);
        return view! {
            <section class="message">
                <h1>{t("forbidden-title")}</h1>
                <p>{t("forbidden-body")}</p>
                <p><a href="/">{t("not-found-home")}</a></p>
            </section>
        }
        .into_any();
    }
    tracing::error!(error = %err, "page failed to load");
    set_status(if kind == ErrorKind::Unavailable {
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::INTERNAL_SERVER_ERROR
    });
    view! {
        <section class="message">
            <h1>{t("error-title")}</h1>
            <p>{t("error-body")}</p>
            <p><a href="/">{t("not-found-home")}</a></p>
        </section>
    }
    .into_any()
}

/// The signed-in actor, or a redirect to the sign-in page that comes back
/// here afterwards.
fn signed_in() -> Option<accounts::Actor> {
    let actor = crate::session::actor();
    if actor.is_none() {
        redirect_to(&crate::session::sign_in_link());
    }
    actor
}

/// Answers with a redirect (303) to `path`, whatever the client accepts.
fn redirect_to(path: &str) {
    if let Some(res) = use_context::<leptos_actix::ResponseOptions>()
        && let Ok(location) = actix_web::http::header::HeaderValue::from_str(path)
    {
        res.set_status(StatusCode::SEE_OTHER);
        res.insert_header(actix_web::http::header::LOCATION, location);
    }
}

/// Sets 422 when a form came back with problems.
fn mark_failed(state: &Option<crate::forms::FormState>) {
    if state.is_some() {
        set_status(StatusCode::UNPROCESSABLE_ENTITY);
    }
}

/// A status as a word and a colour.
#[component]
fn StatusBadge(
    /// The status name.
    status: String,
) -> impl IntoView {
    let label = t(&format!("status-{}", status.replace('_', "-")));
    view! { <span class=format!("status status-{status}")>{label}</span> }
}

/// A date and time as people in Vietnam read it.
fn when(at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&kernel::time::VIETNAM)
        .format("%d/%m/%Y %H:%M")
        .to_string()
}

/// The shop's list filters as read from the query string: certification,
/// in stock only, price bounds (đồng) and order.
#[derive(Clone, Debug, Default)]
struct ListFilters {
    certification: String,
    in_stock: bool,
    min_price: String,
    max_price: String,
    sort: String,
}

impl ListFilters {
    /// The filters of this page's URL; values the shop does not know are
    /// dropped.
    fn from_query() -> Self {
        let certification = query("certification");
        let sort = query("sort");
        let price = |name: &str| {
            let digits: String = query(name)
                .chars()
                .filter(|c| !matches!(c, '.' | ',' | ' ' | '\u{a0}'))
                .collect();
            digits
                .parse::<i64>()
                .ok()
                .filter(|n| *n >= 0)
                .map(|n| n.to_string())
                .unwrap_or_default()
        };
        Self {
            certification: if catalog::CertificationKind::parse(&certification).is_some() {
                certification
            } else {
                String::new()
            },
            in_stock: matches!(query("in_stock").as_str(), "true" | "1" | "yes" | "on"),
            min_price: price("min_price"),
            max_price: price("max_price"),
            sort: if catalog::ProductSort::parse(&sort).is_some() {
                sort
            } else {
                String::new()
            },
        }
    }

    /// The filters put on a product query.
    fn apply(&self, mut q: catalog::ProductQuery) -> catalog::ProductQuery {
        q.certification = catalog::CertificationKind::parse(&self.certification);
        q.in_stock = self.in_stock;
        q.min_price = self.min_price.parse().ok();
        q.max_price = self.max_price.parse().ok();
        q.sort = catalog::ProductSort::parse(&self.sort).unwrap_or_default();
        q
    }

    /// The filters as query parameters, for the pager's links.
    fn params(&self) -> Vec<(&'static str, String)> {
        vec![
            ("certification", self.certification.clone()),
            (
                "in_stock",
                if self.in_stock {
                    "true".into()
                } else {
                    String::new()
                },
            ),
            ("min_price", self.min_price.clone()),
            ("max_price", self.max_price.clone()),
            ("sort", self.sort.clone()),
        ]
    }

    /// Whether any filter is set.
    fn any(&self) -> bool {
        !self.certification.is_empty()
            || self.in_stock
            || !self.min_price.is_empty()
            || !self.max_price.is_empty()
    }
}

/// The filters of a product list as a plain GET form.
#[component]
fn FilterForm(
    /// The list's path.
    action: String,
    /// The filters in force.
    filters: ListFilters,
    /// The search words to keep.
    #[prop(optional)]
    q: Option<String>,
) -> impl IntoView {
    let certs = std::iter::once((String::new(), t("filter-any-certification")))
        .chain(catalog::CertificationKind::ALL.into_iter().map(|k| {
            (
                k.as_str().to_owned(),
                t(&format!("cert-kind-{}", k.as_str())),
            )
        }))
        .map(|(value, label)| {
            let selected = value == filters.certification;
            view! { <option value=value selected=selected>{label}</option> }
        })
        .collect_view();
    let sorts = catalog::ProductSort::ALL
        .into_iter()
        .map(|s| {
            let value = s.as_str();
            let selected = value == filters.sort
                || (filters.sort.is_empty() && s == catalog::ProductSort::Relevance);
            view! { <option value=value selected=selected>{t(&format!("sort-{}", value.replace('_', "-")))}</option> }
        })
        .collect_view();
    let reset = action.clone();
    let reset = match &q {
        Some(q) => crate::format::link(&reset, &[("q", q.as_str())]),
        None => reset,
    };
    view! {
        <form method="get" action=action class="form filters product-filters" aria-label=t("filter-title")>
            {q.map(|q| view! { <input type="hidden" name="q" value=q/> })}
            <div class="field">
                <label for="filter-certification">{t("filter-certification")}</label>
                <select id="filter-certification" name="certification">{certs}</select>
            </div>
            <div class="field">
                <label for="filter-min">{t("filter-min-price")}</label>
                <input id="filter-min" name="min_price" type="number" min="0" step="1000" inputmode="numeric" value=filters.min_price.clone()/>
            </div>
            <div class="field">
                <label for="filter-max">{t("filter-max-price")}</label>
                <input id="filter-max" name="max_price" type="number" min="0" step="1000" inputmode="numeric" value=filters.max_price.clone()/>
            </div>
            <div class="field">
                <label for="filter-sort">{t("filter-sort")}</label>
                <select id="filter-sort" name="sort">{sorts}</select>
            </div>
            <div class="field check-field">
                <label class="check">
                    <input type="checkbox" name="in_stock" value="true" checked=filters.in_stock/>
                    " " {t("filter-in-stock")}
                </label>
            </div>
            <div class="field">
                <button type="submit" class="button">{t("filter-apply")}</button>
                {filters.any().then(|| view! { <a href=reset class="reset">{t("filter-reset")}</a> })}
            </div>
        </form>
    }
}
