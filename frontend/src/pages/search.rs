//! `/search?q=&category=&certification=&…`: the catalogue through the search
//! index. Words are matched without regard to diacritics and with typos
//! forgiven; the matched words are marked in the titles; a likely misspelling
//! gets a "did you mean" link. Beside the results, the facets (category,
//! certification, cooperative, province, price, stock) with their counts and
//! a "4★ and up" rating filter, as a plain GET form and as links, so
//! narrowing works without JavaScript. An empty query browses everything.
//!
//! Parameters the page cannot read (`sort=bogus`, `page=0`, an unknown
//! category) are left out and named at the top, with status 422; the rest of
//! the search still runs.

use crate::components::Title;
use actix_web::http::StatusCode;
use catalog::{CertificationKind, ProductSort};
use kernel::{FieldErrors, I18nText, Locale};
use leptos::prelude::*;
use search::{FacetGroups, FacetValue, MAX_RESULT_WINDOW, SearchRequest};

use super::{failure, services, set_status};
use crate::components::{Pager, ProductCardView};
use crate::format;
use crate::forms::{field_label_in, translate_problem};
use crate::i18n::{lang, t, t_with};

/// The query keys the page reads and carries in its links.
const KEYS: [&str; 13] = [
    "q",
    "category",
    "cooperative",
    "certification",
    "province",
    "price",
    "min_price",
    "max_price",
    "in_stock",
    "rating_min",
    "sort",
    "per_page",
    "page",
];

/// Keys that may repeat (any of several categories, all of several
/// certifications).
const MULTI: [&str; 2] = ["category", "certification"];

/// The page's query string as key–value pairs, repeated keys kept, values
/// trimmed, empty ones and keys the page does not know left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Params(Vec<(&'static str, String)>);

impl Params {
    /// The pairs of this request's query string.
    fn of_request() -> Self {
        let pairs: Vec<(String, String)> = match use_context::<leptos_actix::Request>() {
            Some(req) => serde_urlencoded::from_str(req.query_string()).unwrap_or_default(),
            None => leptos_router::hooks::use_query_map()
                .get_untracked()
                .into_iter()
                .map(|(k, v)| (k.into_owned(), v))
                .collect(),
        };
        Self::from_pairs(pairs)
    }

    fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        Self(
            pairs
                .into_iter()
                .filter_map(|(key, value)| {
                    let key = KEYS.into_iter().find(|k| *k == key)?;
                    let value = value.trim();
                    (!value.is_empty()).then(|| (key, value.to_owned()))
                })
                .collect(),
        )
    }

    /// The last value of `key`.
    fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Whether `key` has the value `value`.
    fn has(&self, key: &str, value: &str) -> bool {
        self.0.iter().any(|(k, v)| *k == key && v == value)
    }

    /// Every value of `key`.
    fn all(&self, key: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| *k == key)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// The same without `keys`.
    fn without(&self, keys: &[&str]) -> Self {
        Self(
            self.0
                .iter()
                .filter(|(k, _)| !keys.contains(k))
                .cloned()
                .collect(),
        )
    }

    /// The same without one value of `key`.
    fn without_value(&self, key: &str, value: &str) -> Self {
        Self(
            self.0
                .iter()
                .filter(|(k, v)| !(*k == key && v == value))
                .cloned()
                .collect(),
        )
    }

    /// The search with `value` of `key` switched on or off, from its first
    /// page: added to the others for a key that repeats, in place of the
    /// other for one that does not.
    fn toggled(&self, key: &'static str, value: &str) -> Self {
        let base = self.without(&["page"]);
        if base.has(key, value) {
            return base.without_value(key, value);
        }
        let mut next = if MULTI.contains(&key) {
            base
        } else {
            base.without(&[key])
        };
        next.0.push((key, value.to_owned()));
        next
    }

    /// Whether any filter is set (anything but the words, order and paging).
    fn any_filter(&self) -> bool {
        self.0
            .iter()
            .any(|(k, _)| !matches!(*k, "q" | "sort" | "per_page" | "page"))
    }

    /// The pairs as owned strings, as the search reads them.
    fn pairs(&self) -> Vec<(String, String)> {
        self.0
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect()
    }

    /// `/search?…` with these parameters.
    fn href(&self) -> String {
        format::link("/search", &self.0)
    }
}

/// The search this request asks for, with the parameters it could not read
/// left out (and named) rather than refused.
fn read_request(params: Params) -> (SearchRequest, Params, FieldErrors) {
    match SearchRequest::from_pairs(&params.pairs()) {
        Ok(request) => (request, params, FieldErrors::new()),
        Err(errors) => {
            let bad: Vec<&str> = errors.iter().map(|(field, _)| field).collect();
            let kept = params.without(&bad);
            let request =
                SearchRequest::from_pairs(&kept.pairs()).unwrap_or_else(|_| SearchRequest {
                    q: kept.get("q").unwrap_or_default().to_owned(),
                    ..SearchRequest::default()
                });
            (request, kept, errors)
        }
    }
}

/// How many pages of results can be shown (the index serves the first
/// [`MAX_RESULT_WINDOW`] only).
fn page_count(total: u64, per_page: u64) -> u64 {
    let per_page = per_page.max(1);
    let shown = total.min(u64::from(MAX_RESULT_WINDOW));
    shown.div_ceil(per_page)
}

/// `/search`
#[component]
pub fn SearchPage() -> impl IntoView {
    let locale = lang();
    let (mut request, mut params, mut problems) = read_request(Params::of_request());
    request.locale = locale;
    request.facets = true;
    let q = request.q.clone();
    let title = if q.is_empty() {
        format!("{} · {}", t("search-title"), t("site-name"))
    } else {
        // `Title` escapes what was typed
        format!("{q} · {} · {}", t("search-title"), t("site-name"))
    };
    let load = async move {
        let search = services().map_err(failure)?.search;
        loop {
            let unknown = match search.search(&request).await {
                Ok(found) => return Ok((found, params, problems)),
                Err(search::Error::Catalog(catalog::Error::CategoryNotFound(key))) => {
                    ("category", key, kernel::problem::category_unknown())
                }
                Err(search::Error::Catalog(catalog::Error::CooperativeNotFound(key))) => {
                    ("cooperative", key, kernel::problem::cooperative_unknown())
                }
                Err(e) => return Err(failure(e)),
            };
            // a filter naming nothing (an old link, a typo) is left out
            let (field, key, problem) = unknown;
            problems.add(field, problem);
            if field == "category" {
                let before = request.categories.len();
                request.categories.retain(|c| c.to_string() != key);
                if request.categories.len() == before {
                    request.categories.clear();
                    params = params.without(&["category"]);
                } else {
                    params = params.without_value("category", &key);
                }
            } else if request.cooperative.take().is_some() {
                params = params.without(&["cooperative"]);
            } else {
                return Err(failure(catalog::Error::CooperativeNotFound(key)));
            }
        }
    };
    view! {
        <Title text=title/>
        <h1>{t("search-title")}</h1>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (found, params, problems) = match load.await {
                    Ok(loaded) => loaded,
                    Err(view) => return view,
                };
                if !problems.is_empty() {
                    set_status(StatusCode::UNPROCESSABLE_ENTITY);
                }
                let q = params.get("q").unwrap_or_default().to_owned();
                let count = if q.is_empty() {
                    t_with("search-browse-count", &[("count", found.total.into())])
                } else {
                    t_with("search-results", &[("count", found.total.into()), ("query", q.clone().into())])
                };
                let pages = page_count(found.total, found.per_page);
                let did_you_mean = found.did_you_mean.clone().filter(|d| !d.trim().is_empty() && *d != q);
                let empty = found.items.is_empty();
                let filtered = params.any_filter();
                let reset = format::link("/search", &[("q", q.as_str())]);
                let pager_params = params.without(&["page"]).0;
                view! {
                    <Problems problems=problems/>
                    <p class="result-count" role="status">{count}</p>
                    {q.is_empty().then(|| view! { <p class="hint">{t("search-empty-query")}</p> })}
                    {did_you_mean.map(|d| {
                        let href = format::link("/search", &[("q", d.as_str())]);
                        view! {
                            <p class="did-you-mean">
                                {t("search-did-you-mean")} " " <a href=href>{d}</a> "?"
                            </p>
                        }
                        .into_any()
                    })}
                    {(found.total > 0).then(|| view! {
                        <p class="to-results">
                            <a href="#results">{t_with("search-skip-to-results", &[("count", found.total.into())])}</a>
                        </p>
                    })}
                    <div class="search-layout">
                        <FacetForm facets=found.facets.clone().unwrap_or_default() params=params.clone() locale=locale/>
                        <section id="results" class="search-results" aria-label=t("search-results-label")>
                            {(empty && filtered).then(|| view! {
                                <p class="hint">{t("filter-none-match")} " " <a href=reset.clone()>{t("filter-reset")}</a></p>
                            })}
                            {(empty && !filtered).then(|| view! { <p class="hint">{t("search-try")}</p> })}
                            <div class="grid products">
                                {found
                                    .items
                                    .into_iter()
                                    .map(|f| view! { <ProductCardView product=f.card highlighted_title=f.highlighted_title/> }.into_any())
                                    .collect_view()}
                            </div>
                            <Pager page=found.page pages=pages base="/search".to_owned() params=pager_params/>
                        </section>
                    </div>
                }
                .into_any()
            })}
        </Suspense>
    }
}

/// The parameters that were left out, and why.
#[component]
fn Problems(problems: FieldErrors) -> impl IntoView {
    (!problems.is_empty()).then(|| {
        let items: Vec<(String, String)> = problems
            .iter()
            .flat_map(|(field, list)| {
                let label = field_label_in(Some("search"), field);
                list.iter()
                    .map(move |p| (field.to_owned(), format!("{label}: {}", translate_problem(p))))
            })
            .collect();
        view! {
            <div class="error-summary" role="alert">
                <h2>{t("search-invalid")}</h2>
                <ul>
                    {items
                        .into_iter()
                        .map(|(field, text)| view! { <li><a href=format!("#f-{field}")>{text}</a></li> })
                        .collect_view()}
                </ul>
            </div>
        }
        .into_any()
    })
}

/// A facet value as the sidebar shows it.
struct Choice {
    value: String,
    label: String,
    count: Option<u64>,
    active: bool,
}

/// The values of a facet, with those in force that the counts leave out
/// (so they can be switched off again).
fn choices(
    key: &str,
    values: &[FacetValue],
    params: &Params,
    locale: Locale,
    label_of: impl Fn(&str) -> String,
) -> Vec<Choice> {
    let mut list: Vec<Choice> = values
        .iter()
        .map(|v| Choice {
            value: v.value.clone(),
            label: label(&v.label, locale),
            count: Some(v.count),
            active: params.has(key, &v.value),
        })
        .collect();
    for value in params.all(key) {
        if !list.iter().any(|c| c.value == value) {
            list.push(Choice {
                label: label_of(&value),
                value,
                count: None,
                active: true,
            });
        }
    }
    list
}

fn label(text: &I18nText, locale: Locale) -> String {
    text.get(locale).to_owned()
}

/// The facets as a GET form: checkboxes for what may repeat, radio buttons
/// for the rest, each value with its count and also as a link that switches
/// it on or off; the order; the words kept.
#[component]
fn FacetForm(facets: FacetGroups, params: Params, locale: Locale) -> impl IntoView {
    let q = params.get("q").map(str::to_owned);
    let per_page = params.get("per_page").map(str::to_owned);
    let sort = params
        .get("sort")
        .and_then(ProductSort::parse)
        .unwrap_or_default();
    let sorts = ProductSort::ALL
        .into_iter()
        .map(|s| {
            let value = s.as_str();
            view! {
                <option value=value selected={s == sort}>
                    {t(&format!("sort-{}", value.replace('_', "-")))}
                </option>
            }
        })
        .collect_view();
    let cert_label = |value: &str| match CertificationKind::parse(value) {
        Some(kind) => t(&format!("cert-kind-{}", kind.as_str())),
        None => value.to_owned(),
    };
    let price_label = |value: &str| {
        crate::i18n::try_t(&format!("search-price-{}", value.replace('_', "-")))
            .unwrap_or_else(|| value.to_owned())
    };
    let same = |value: &str| value.to_owned();
    let groups = vec![
        (
            "category",
            t("search-facet-category"),
            choices("category", &facets.category, &params, locale, same),
        ),
        (
            "certification",
            t("search-facet-certification"),
            choices(
                "certification",
                &facets.certification,
                &params,
                locale,
                cert_label,
            ),
        ),
        (
            "cooperative",
            t("search-facet-cooperative"),
            choices("cooperative", &facets.cooperative, &params, locale, same),
        ),
        (
            "province",
            t("search-facet-province"),
            choices("province", &facets.province, &params, locale, same),
        ),
        (
            "price",
            t("search-facet-price"),
            choices("price", &facets.price_range, &params, locale, price_label),
        ),
    ];
    let groups = groups
        .into_iter()
        .filter(|(_, _, list)| !list.is_empty())
        .map(|(key, legend, list)| {
            view! { <FacetGroup name=key legend=legend choices=list params=params.clone()/> }
                .into_any()
        })
        .collect_view();
    let in_stock = params
        .get("in_stock")
        .is_some_and(|v| matches!(v, "true" | "1" | "on"));
    let in_stock_count = facets
        .in_stock
        .iter()
        .find(|v| v.value == "true")
        .map(|v| v.count);
    let in_stock_href = if in_stock {
        params.without(&["in_stock", "page"]).href()
    } else {
        params.toggled("in_stock", "true").href()
    };
    // "4★ and up": the one rating the form offers
    let rated = params.has("rating_min", "4");
    let rated_href = params.toggled("rating_min", "4").href();
    let min_price = params.get("min_price").unwrap_or_default().to_owned();
    let max_price = params.get("max_price").unwrap_or_default().to_owned();
    let reset = params
        .any_filter()
        .then(|| format::link("/search", &[("q", q.clone().unwrap_or_default())]));
    view! {
        <aside class="facets" aria-labelledby="facets-title">
            <h2 id="facets-title">{t("search-facets-title")}</h2>
            <form method="get" action="/search" class="facet-form">
                {q.map(|q| view! { <input type="hidden" name="q" value=q/> })}
                {per_page.map(|n| view! { <input type="hidden" name="per_page" value=n/> })}
                <div class="field facet-sort">
                    <label for="f-sort">{t("filter-sort")}</label>
                    <select id="f-sort" name="sort">{sorts}</select>
                </div>
                {groups}
                <fieldset class="facet" id="f-in_stock">
                    <legend>{t("search-facet-stock")}</legend>
                    <ul>
                        <li>
                            <input type="checkbox" id="f-in_stock-true" name="in_stock" value="true" checked=in_stock/>
                            <label for="f-in_stock-true" class="visually-hidden">{t("filter-in-stock")}</label>
                            <a href=in_stock_href rel="nofollow" aria-current=in_stock.then_some("true")>{t("filter-in-stock")}</a>
                            {in_stock_count.map(|n| view! { <span class="count">{n}</span> })}
                        </li>
                    </ul>
                </fieldset>
                <fieldset class="facet" id="f-rating_min">
                    <legend>{t("search-facet-rating")}</legend>
                    <ul>
                        <li>
                            <input type="checkbox" id="f-rating_min-4" name="rating_min" value="4" checked=rated/>
                            <label for="f-rating_min-4" class="visually-hidden">{t("search-rating-4")}</label>
                            <a href=rated_href rel="nofollow" aria-current=rated.then_some("true")>{t("search-rating-4")}</a>
                        </li>
                    </ul>
                </fieldset>
                <fieldset class="facet facet-price-bounds">
                    <legend>{t("search-facet-price-bounds")}</legend>
                    <div class="bounds">
                        <div class="field" id="f-min_price">
                            <label for="f-min-price">{t("filter-min-price")}</label>
                            <input id="f-min-price" name="min_price" type="number" min="0" step="1000" inputmode="numeric" value=min_price/>
                        </div>
                        <div class="field" id="f-max_price">
                            <label for="f-max-price">{t("filter-max-price")}</label>
                            <input id="f-max-price" name="max_price" type="number" min="0" step="1000" inputmode="numeric" value=max_price/>
                        </div>
                    </div>
                </fieldset>
                <div class="facet-actions">
                    <button type="submit" class="button">{t("filter-apply")}</button>
                    {reset.map(|href| view! { <a href=href class="reset">{t("filter-reset")}</a> })}
                </div>
            </form>
        </aside>
    }
    .into_any()
}

/// One facet: checkboxes (a key that repeats) or radio buttons with "any".
#[component]
fn FacetGroup(
    name: &'static str,
    legend: String,
    choices: Vec<Choice>,
    params: Params,
) -> impl IntoView {
    let key = name;
    let multi = MULTI.contains(&key);
    let any = (!multi).then(|| {
        let none = !choices.iter().any(|c| c.active);
        let id = format!("f-{key}-any");
        let href = params.without(&[key, "page"]).href();
        view! {
            <li>
                <input type="radio" id=id.clone() name=key value="" checked=none/>
                <label for=id class="visually-hidden">{t("search-facet-any")}</label>
                <a href=href rel="nofollow" aria-current=none.then_some("true")>{t("search-facet-any")}</a>
            </li>
        }
    });
    let items = choices
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let id = format!("f-{key}-{i}");
            let href = params.toggled(key, &c.value).href();
            let hidden_label = match c.count {
                Some(n) => format!("{} ({n})", c.label),
                None => c.label.clone(),
            };
            let kind = if multi { "checkbox" } else { "radio" };
            view! {
                <li>
                    <input type=kind id=id.clone() name=key value=c.value checked=c.active/>
                    <label for=id class="visually-hidden">{hidden_label}</label>
                    <a href=href rel="nofollow" aria-current=c.active.then_some("true")>{c.label}</a>
                    {c.count.map(|n| view! { <span class="count" aria-hidden="true">{n}</span> })}
                </li>
            }
            .into_any()
        })
        .collect_view();
    view! {
        <fieldset class=format!("facet facet-{key}") id=format!("f-{key}")>
            <legend>{legend}</legend>
            <ul>{any}{items}</ul>
        </fieldset>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Params {
        Params::from_pairs(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    #[test]
    fn unknown_keys_and_empty_values_are_left_out() {
        let p = params(&[
            ("q", " giỏ "),
            ("lang", "en"),
            ("category", ""),
            ("sort", "newest"),
        ]);
        assert_eq!(
            p.0,
            vec![("q", "giỏ".to_owned()), ("sort", "newest".to_owned())]
        );
    }

    #[test]
    fn a_repeating_facet_adds_and_removes_values_and_starts_again_from_page_one() {
        let p = params(&[("q", "giỏ"), ("category", "may-tre-dan"), ("page", "3")]);
        assert_eq!(
            p.toggled("category", "det-may").href(),
            "/search?q=gi%E1%BB%8F&category=may-tre-dan&category=det-may"
        );
        assert_eq!(
            p.toggled("category", "may-tre-dan").href(),
            "/search?q=gi%E1%BB%8F"
        );
    }

    #[test]
    fn a_single_facet_replaces_its_value() {
        let p = params(&[("cooperative", "bao-la"), ("price", "from_1m")]);
        assert_eq!(
            p.toggled("cooperative", "thanh-toan").href(),
            "/search?price=from_1m&cooperative=thanh-toan"
        );
        assert_eq!(
            p.toggled("cooperative", "bao-la").href(),
            "/search?price=from_1m"
        );
    }

    #[test]
    fn bad_parameters_are_left_out_and_named() {
        let (request, kept, errors) = read_request(params(&[
            ("q", "giỏ mây"),
            ("sort", "bogus"),
            ("page", "0"),
            ("certification", "ocop"),
        ]));
        assert_eq!(request.q, "giỏ mây");
        assert_eq!(request.certifications, vec![CertificationKind::Ocop]);
        assert_eq!(request.sort, ProductSort::default());
        assert_eq!(request.page.page(), 1);
        assert!(errors.get("sort").is_some() && errors.get("page").is_some());
        assert_eq!(
            kept.href(),
            "/search?q=gi%E1%BB%8F+m%C3%A2y&certification=ocop"
        );
    }

    #[test]
    fn the_rating_filter_is_kept_in_links_and_read_into_the_request() {
        let p = params(&[("q", "giỏ"), ("rating_min", "4"), ("page", "2")]);
        let (request, kept, errors) = read_request(p.clone());
        assert!(errors.is_empty());
        assert_eq!(request.min_rating, Some(4));
        assert_eq!(kept, p);
        assert!(p.any_filter());
        let off = p.toggled("rating_min", "4");
        assert_eq!(off.href(), "/search?q=gi%E1%BB%8F");
        let (request, kept, errors) = read_request(params(&[("rating_min", "9")]));
        assert_eq!(request.min_rating, None);
        assert!(errors.get("rating_min").is_some());
        assert!(kept.0.is_empty());
    }

    #[test]
    fn pages_stop_at_the_result_window() {
        assert_eq!(page_count(0, 24), 0);
        assert_eq!(page_count(25, 24), 2);
        assert_eq!(page_count(1_000_000, 24), 417);
    }
}
