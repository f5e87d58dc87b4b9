//! A cooperative's listings as its members keep them: the list, the listing
//! form (new and edit, with variants, wholesale prices and pictures), the
//! actions of a listing's life, and importing the catalogue from a
//! spreadsheet.
//!
//! Input names follow the catalogue's field paths (`title.vi`,
//! `variants[1].sku`, `variants[0].price_tiers[2].min_qty`), so each problem
//! the catalogue finds is shown beside its input.

use crate::components::Title;
use catalog::CategoryNode;
use catalog::listings::input::{MAX_TIERS, OPTION_NAMES};
use catalog::listings::{ListingFilter, ListingInput, ListingRow, ListingStatus, SellerListing};
use kernel::{CooperativeId, Locale, Money, ProductId};
use leptos::prelude::*;

use super::{
    StatusBadge, failure, mark_failed, page_request, param, query, services, signed_in, when,
};
use crate::components::{Pager, Picture};
use crate::format;
use crate::forms::{
    Choice, Csrf, ErrorSummary, Field, FormState, Notice, import_outcome, state_of,
    translate_problem,
};
use crate::i18n::{lang, t, t_with};

/// The seller's tabs for one cooperative.
#[component]
pub(super) fn CoopTabs(
    /// The cooperative.
    id: CooperativeId,
    /// The current tab's message id.
    current: &'static str,
) -> impl IntoView {
    let tabs = [
        (format!("/seller/cooperatives/{id}"), "seller-tab-overview"),
        (
            format!("/seller/cooperatives/{id}/products"),
            "seller-tab-products",
        ),
        (
            format!("/seller/cooperatives/{id}/import"),
            "seller-tab-import",
        ),
        (
            format!("/seller/cooperatives/{id}/certifications"),
            "seller-tab-certifications",
        ),
        (
            format!("/seller/cooperatives/{id}/collections"),
            "seller-tab-collections",
        ),
        (
            format!("/seller/cooperatives/{id}/figures"),
            "seller-tab-figures",
        ),
        (
            format!("/seller/cooperatives/{id}/orders"),
            "seller-tab-orders",
        ),
        (
            format!("/seller/export?cooperative={id}"),
            "seller-tab-export",
        ),
        (format!("/seller/cooperatives/{id}/lots"), "seller-tab-lots"),
        (
            format!("/seller/cooperatives/{id}/reviews"),
            "seller-tab-reviews",
        ),
        (
            format!("/seller/cooperatives/{id}/bookings"),
            "seller-tab-bookings",
        ),
    ];
    // the money is for the cooperative's managers
    let ledger = crate::session::actor()
        .is_some_and(|a| accounts::authorize(Some(&a), accounts::Action::ViewLedger(id)).is_ok())
        .then(|| {
            (
                format!("/seller/cooperatives/{id}/ledger"),
                "seller-tab-ledger",
            )
        });
    view! {
        <nav class="tabs" aria-label=t("seller-title")>
            {tabs.into_iter().chain(ledger).map(|(href, key)| view! {
                <a href=href aria-current=(key == current).then_some("page")>{t(key)}</a>
            }).collect_view()}
        </nav>
    }
}

/// The breadcrumbs above a cooperative's seller pages.
#[component]
pub(super) fn CoopCrumbs(
    /// The cooperative.
    id: CooperativeId,
    /// Its name.
    name: String,
    /// This page's name.
    here: String,
) -> impl IntoView {
    view! {
        <nav class="breadcrumbs">
            <a href="/seller">{t("nav-seller")}</a> " › "
            <a href=format!("/seller/cooperatives/{id}")>{name}</a> " › "
            <span>{here}</span>
        </nav>
    }
}

/// The cooperative id of the page's `{id}`.
pub(super) fn coop_param() -> Result<CooperativeId, catalog::Error> {
    let id = param("id");
    id.parse()
        .map_err(|_| catalog::Error::CooperativeNotFound(id.clone()))
}

fn product_param() -> Result<ProductId, catalog::Error> {
    let id = param("id");
    id.parse()
        .map_err(|_| catalog::Error::ProductNotFound(id.clone()))
}

/// A listing's status, with its flags.
#[component]
fn ListingStatusBadges(
    /// Where it is.
    status: ListingStatus,
    /// Edits wait for review.
    pending_changes: bool,
    /// Taken down by staff.
    taken_down: bool,
) -> impl IntoView {
    view! {
        <StatusBadge status=status.as_str().to_owned()/>
        {pending_changes.then(|| view! { " " <span class="flag flag-pending">{t("listing-flag-pending")}</span> })}
        {taken_down.then(|| view! { " " <span class="flag flag-danger">{t("listing-flag-taken-down")}</span> })}
    }
}

/// `120.000 ₫ – 250.000 ₫`, or a dash when no variant has a price.
fn price_span(low: Option<Money>, high: Option<Money>) -> String {
    match (low, high) {
        (Some(low), Some(high)) => format::price_range(low, high),
        (Some(one), None) | (None, Some(one)) => one.to_string(),
        (None, None) => "—".to_owned(),
    }
}

/// The category tree as choices, sub-categories indented.
pub(super) fn category_choices(tree: &[CategoryNode], locale: Locale) -> Vec<(String, String)> {
    fn walk(nodes: &[CategoryNode], depth: usize, locale: Locale, out: &mut Vec<(String, String)>) {
        for node in nodes {
            let indent = "— ".repeat(depth);
            out.push((
                node.slug.clone(),
                format!("{indent}{}", node.name.get(locale)),
            ));
            walk(&node.children, depth + 1, locale, out);
        }
    }
    let mut out = vec![(String::new(), t("listing-no-category"))];
    walk(tree, 0, locale, &mut out);
    out
}

const LIST_STATUSES: [&str; 5] = [
    "draft",
    "pending_review",
    "published",
    "unpublished",
    "rejected",
];

/// `/seller/cooperatives/{id}/products?status=&q=&page=`: the cooperative's
/// listings.
#[component]
pub fn ListingsPage() -> impl IntoView {
    let Some(actor) = signed_in() else {
        return ().into_any();
    };
    let status = query("status");
    let status = if LIST_STATUSES.contains(&status.as_str()) {
        status
    } else {
        String::new()
    };
    let q = query("q");
    let page = page_request();
    let filter = ListingFilter {
        status: ListingStatus::parse(&status),
        q: (!q.is_empty()).then(|| q.clone()),
    };
    let load = async move {
        let catalog = services().map_err(failure)?.catalog;
        let id = coop_param().map_err(failure)?;
        let detail = catalog.application(&actor, id).await.map_err(failure)?;
        let rows = catalog
            .cooperative_listings(&actor, id, &filter, page)
            .await
            .map_err(failure)?;
        Ok::<_, AnyView>((detail, rows))
    };
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (detail, rows) = match load.await {
                    Ok(data) => data,
                    Err(view) => return view,
                };
                let id = detail.id;
                let base = format!("/seller/cooperatives/{id}/products");
                let pages = rows.pages();
                let filtered = !status.is_empty() || !q.is_empty();
                let chips = std::iter::once("")
                    .chain(LIST_STATUSES)
                    .map(|s| {
                        let href = format::link(&base, &[("status", s), ("q", q.as_str())]);
                        let label = if s.is_empty() { t("listing-all") } else { t(&format!("status-{}", s.replace('_', "-"))) };
                        let current = s == status;
                        view! { <a href=href aria-current=current.then_some("page")>{label}</a> }
                    })
                    .collect_view();
                view! {
                    <Title text=format!("{} · {}", t("listings-title"), detail.name)/>
                    <CoopCrumbs id=id name=detail.name.clone() here=t("listings-title")/>
                    <h1>{t("listings-title")}</h1>
                    <CoopTabs id=id current="seller-tab-products"/>
                    <Notice/>
                    <p class="actions">
                        <a class="button" href=format!("/seller/cooperatives/{id}/products/new")>{t("listing-new")}</a> " "
                        <a class="button secondary" href=format!("/seller/cooperatives/{id}/import")>{t("listing-import")}</a> " "
                        <a class="button secondary" href=format!("/api/v1/cooperatives/{id}/products/export.csv")>{t("listing-export")}</a> " "
                        <a class="button secondary" href=format!("/seller/cooperatives/{id}/certifications")>{t("seller-tab-certifications")}</a>
                    </p>
                    <nav class="chips-nav" aria-label=t("listing-filter-status")>{chips}</nav>
                    <form method="get" action=base.clone() class="search inline" role="search">
                        <input type="hidden" name="status" value=status.clone()/>
                        <label for="listing-q" class="visually-hidden">{t("listing-search")}</label>
                        <input id="listing-q" name="q" type="search" value=q.clone() placeholder=t("listing-search")/>
                        <button type="submit" class="button">{t("search-button")}</button>
                    </form>
                    {if rows.items.is_empty() {
                        let text = if filtered { t("listings-none-match") } else { t("listings-empty") };
                        view! { <p class="empty">{text}</p> }.into_any()
                    } else {
                        view! {
                            <p class="result-count">{t_with("listings-count", &[("count", rows.total.into())])}</p>
                            <table class="dense listings">
                                <thead><tr>
                                    <th><span class="visually-hidden">{t("listing-picture")}</span></th>
                                    <th>{t("listing-title")}</th>
                                    <th>{t("seller-status")}</th>
                                    <th>{t("product-price")}</th>
                                    <th>{t("listing-units")}</th>
                                    <th>{t("listing-variants")}</th>
                                    <th>{t("listing-updated")}</th>
                                </tr></thead>
                                <tbody>{rows.items.into_iter().map(listing_row).collect_view()}</tbody>
                            </table>
                        }.into_any()
                    }}
                    <Pager page=rows.page pages=pages base=base params=vec![("status", status), ("q", q)]/>
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}

fn listing_row(row: ListingRow) -> impl IntoView {
    let locale = lang();
    let href = format!("/seller/products/{}", row.id);
    let units = if row.made_to_order && row.units_in_stock == 0 {
        t("listing-made-to-order")
    } else {
        row.units_in_stock.to_string()
    };
    view! {
        <tr>
            <td class="thumb">{row.image.map(|img| view! { <Picture image=img sizes="56px"/> })}</td>
            <td><a href=href>{row.title.get(locale).to_owned()}</a></td>
            <td>
                <ListingStatusBadges status=row.status pending_changes=row.has_pending_changes taken_down=row.taken_down/>
                {row.status_reason.map(|r| view! {
                    <small class="reason-line">{t("application-reason")} " " {r}</small>
                })}
            </td>
            <td>{price_span(row.price_min, row.price_max)}</td>
            <td>{units}</td>
            <td>{row.variant_count}</td>
            <td>{when(row.updated_at)}</td>
        </tr>
    }
}

/// The highest `[n]` after `prefix` among the submitted names, plus one.
fn rows_submitted(state: &Option<FormState>, prefix: &str) -> usize {
    state.as_ref().map_or(0, |s| {
        s.values
            .keys()
            .filter_map(|k| k.strip_prefix(prefix))
            .filter_map(|rest| rest.split_once(']'))
            .filter_map(|(n, _)| n.parse::<usize>().ok())
            .map(|n| n + 1)
            .max()
            .unwrap_or(0)
    })
}

/// A checkbox that keeps what was submitted (an unticked box sends
/// nothing, so a failed submission decides alone).
fn ticked(state: &Option<FormState>, name: &str, default: bool) -> bool {
    match state {
        Some(s) => s.values.get(name).is_some_and(|v| v == "yes"),
        None => default,
    }
}

fn number(n: Option<i64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

/// The listing form: what it says, where it belongs, its variants with
/// wholesale prices.
#[component]
fn ListingForm(
    /// Where the form posts.
    action: String,
    /// The starting values.
    input: ListingInput,
    /// Category choices.
    categories: Vec<(String, String)>,
    /// The failed submission.
    state: Option<FormState>,
    /// The button's text.
    submit: String,
) -> impl IntoView {
    let s = state.clone();
    let rows = (input.variants.len() + 2).max(rows_submitted(&s, "variants["));
    let variants: Vec<_> = (0..rows)
        .map(|i| {
            view! { <VariantFields index=i input=input.variants.get(i).cloned() state=s.clone()/> }
        })
        .collect();
    view! {
        <ErrorSummary state=state.clone()/>
        <form method="post" action=action class="form listing-form">
            <Csrf/>
            <fieldset>
                <legend>{t("listing-what")}</legend>
                <Field name="title.vi" state=s.clone() required=true value=input.title.vi.clone()/>
                <Field name="title.en" state=s.clone() value=input.title.en.clone()/>
                <Field name="title.ja" state=s.clone() value=input.title.ja.clone()/>
                <Field name="title.zh" state=s.clone() value=input.title.zh.clone()/>
                <Field name="summary.vi" state=s.clone() required=true hint=t("hint-listing-summary") value=input.summary.vi.clone()/>
                <Field name="summary.en" state=s.clone() value=input.summary.en.clone()/>
                <Field name="summary.ja" state=s.clone() value=input.summary.ja.clone()/>
                <Field name="summary.zh" state=s.clone() value=input.summary.zh.clone()/>
                <Field name="description.vi" kind="textarea" state=s.clone() required=true hint=t("hint-listing-description") value=input.description.vi.clone()/>
                <Field name="description.en" kind="textarea" state=s.clone() value=input.description.en.clone()/>
                <Field name="description.ja" kind="textarea" state=s.clone() value=input.description.ja.clone()/>
                <Field name="description.zh" kind="textarea" state=s.clone() value=input.description.zh.clone()/>
                <Field name="care.vi" kind="textarea" state=s.clone() value=input.care.vi.clone()/>
                <Field name="care.en" kind="textarea" state=s.clone() value=input.care.en.clone()/>
                <Field name="care.ja" kind="textarea" state=s.clone() value=input.care.ja.clone()/>
                <Field name="care.zh" kind="textarea" state=s.clone() value=input.care.zh.clone()/>
            </fieldset>
            <fieldset>
                <legend>{t("listing-where")}</legend>
                <Choice name="category" options=categories state=s.clone() value=input.category.clone() required=false hint=t("hint-listing-category")/>
                <Field name="tags" state=s.clone() hint=t("hint-listing-tags") value=input.tags.join("; ")/>
                <Field name="maker" state=s.clone() hint=t("hint-listing-maker") value=input.maker.clone()/>
                <Field name="origin_commune" state=s.clone() value=input.origin_commune.clone()/>
                <Field name="origin_province" state=s.clone() hint=t("hint-listing-province") value=input.origin_province.clone()/>
            </fieldset>
            <fieldset class="variants-editor">
                <legend>{t("listing-variants-legend")}</legend>
                <p class="hint">{t("hint-listing-variants")}</p>
                {variants}
            </fieldset>
            <button type="submit" class="button">{submit}</button>
        </form>
    }
}

/// One variant's inputs (blank for a new one).
#[component]
fn VariantFields(
    /// Its row in the form.
    index: usize,
    /// Its values, when it exists.
    input: Option<catalog::listings::VariantInput>,
    /// The failed submission.
    state: Option<FormState>,
) -> impl IntoView {
    let v = input.unwrap_or_default();
    let n = |field: &str| format!("variants[{index}].{field}");
    let label = |field: &str| crate::forms::field_label(field);
    let id_name = n("id");
    let id_value = match &state {
        Some(s) => s.values.get(&id_name).cloned().unwrap_or_default(),
        None => v.id.map(|id| id.to_string()).unwrap_or_default(),
    };
    let exists = !id_value.is_empty();
    let mto_name = n("made_to_order");
    let mto = ticked(&state, &mto_name, v.made_to_order);
    let tier_rows = v
        .price_tiers
        .len()
        .max(3)
        .max(rows_submitted(
            &state,
            &format!("variants[{index}].price_tiers["),
        ))
        .min(MAX_TIERS);
    let options = OPTION_NAMES
        .into_iter()
        .map(|o| {
            view! {
                <Field plain=true name=n(&format!("options.{o}")) state=state.clone() label=label(&format!("options.{o}")) value=v.options.get(o).cloned().unwrap_or_default()/>
            }
        })
        .collect_view();
    let export_values = [v.weight_grams, v.length_mm, v.width_mm, v.height_mm]
        .iter()
        .any(Option::is_some)
        || !v.hs_code.is_empty();
    let export_errors = state.as_ref().is_some_and(|s| {
        [
            "weight_grams",
            "length_mm",
            "width_mm",
            "height_mm",
            "hs_code",
        ]
        .iter()
        .any(|f| s.errors.get(&n(f)).is_some())
    });
    let tiers = (0..tier_rows)
        .map(|j| {
            let tier = v.price_tiers.get(j).cloned().unwrap_or_default();
            let qty = n(&format!("price_tiers[{j}].min_qty"));
            let price = n(&format!("price_tiers[{j}].price_vnd"));
            view! {
                <div class="tier-row">
                    <Field plain=true name=qty state=state.clone() kind="number" min="2" label=t_with("listing-tier-from", &[("n", (j + 1).into())]) value=number(tier.min_qty)/>
                    <Field plain=true name=price state=state.clone() inputmode="numeric" label=t("listing-tier-price") value=number(tier.price_vnd)/>
                </div>
            }
        })
        .collect_view();
    let legend = if exists {
        t_with("field-variant-n", &[("n", (index + 1).into())])
    } else {
        t_with("listing-variant-new", &[("n", (index + 1).into())])
    };
    view! {
        <fieldset class="variant" class:blank=!exists id=format!("variant-{index}")>
            <legend>{legend}</legend>
            <input type="hidden" name=id_name value=id_value/>
            <div class="variant-grid">
                <Field plain=true name=n("sku") state=state.clone() label=label("sku") value=v.sku.clone()/>
                {options}
                <Field plain=true name=n("price_vnd") state=state.clone() inputmode="numeric" label=label("price_vnd") value=number(v.price_vnd)/>
                <Field plain=true name=n("compare_at_vnd") state=state.clone() inputmode="numeric" label=label("compare_at_vnd") value=number(v.compare_at_vnd)/>
                <Field plain=true name=n("stock") state=state.clone() kind="number" min="0" label=label("stock") value=number(v.stock)/>
                <Field plain=true name=n("min_order_qty") state=state.clone() kind="number" min="1" label=label("min_order_qty") value=number(v.min_order_qty)/>
                <div class="field check-field">
                    <label class="check">
                        <input type="checkbox" id=format!("f-{mto_name}") name=mto_name value="yes" checked=mto/>
                        " " {t("field-made-to-order")}
                    </label>
                </div>
                <Field plain=true name=n("lead_time_days") state=state.clone() kind="number" min="1" label=label("lead_time_days") value=number(v.lead_time_days)/>
            </div>
            <div class="tiers">
                <p class="tiers-title">{t("listing-tiers")} <span class="hint">" " {t("hint-listing-tiers")}</span></p>
                {tiers}
            </div>
            <details class="export" open=export_values || export_errors>
                <summary>{t("listing-export-details")}</summary>
                <div class="variant-grid">
                    <Field plain=true name=n("weight_grams") state=state.clone() kind="number" min="1" label=label("weight_grams") value=number(v.weight_grams)/>
                    <Field plain=true name=n("length_mm") state=state.clone() kind="number" min="1" label=label("length_mm") value=number(v.length_mm)/>
                    <Field plain=true name=n("width_mm") state=state.clone() kind="number" min="1" label=label("width_mm") value=number(v.width_mm)/>
                    <Field plain=true name=n("height_mm") state=state.clone() kind="number" min="1" label=label("height_mm") value=number(v.height_mm)/>
                    <Field plain=true name=n("hs_code") state=state.clone() label=label("hs_code") hint=t("hint-hs-code") value=v.hs_code.clone()/>
                </div>
            </details>
        </fieldset>
    }
}

/// `/seller/cooperatives/{id}/products/new`: a new listing.
#[component]
pub fn NewListingPage() -> impl IntoView {
    let Some(actor) = signed_in() else {
        return ().into_any();
    };
    let state = state_of("listing");
    mark_failed(&state);
    let load = async move {
        let catalog = services().map_err(failure)?.catalog;
        let id = coop_param().map_err(failure)?;
        let detail = catalog.application(&actor, id).await.map_err(failure)?;
        let tree = catalog.categories().await.map_err(failure)?;
        Ok::<_, AnyView>((detail, tree))
    };
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (detail, tree) = match load.await {
                    Ok(data) => data,
                    Err(view) => return view,
                };
                let id = detail.id;
                view! {
                    <Title text=format!("{} · {}", t("listing-new"), detail.name)/>
                    <CoopCrumbs id=id name=detail.name.clone() here=t("listing-new")/>
                    <h1>{t("listing-new")}</h1>
                    <p class="lead">{t("listing-new-lead")}</p>
                    <ListingForm
                        action=format!("/seller/cooperatives/{id}/products/new")
                        input=ListingInput::default()
                        categories=category_choices(&tree, lang())
                        state=state.clone()
                        submit=t("listing-create")
                    />
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}

/// A small form with one button.
#[component]
fn ActionForm(
    /// Where it posts.
    action: String,
    /// The button's text.
    label: String,
    /// A red button.
    #[prop(default = false)]
    danger: bool,
    /// A box to tick first, with this text.
    #[prop(optional, into)]
    confirm: Option<String>,
    /// A hint under the button.
    #[prop(optional, into)]
    hint: Option<String>,
) -> impl IntoView {
    view! {
        <form method="post" action=action class="action-form">
            <Csrf/>
            {confirm.map(|text| view! {
                <label class="check">
                    <input type="checkbox" name="confirm" value="yes" required=true/>
                    " " {text}
                </label>
            })}
            <button type="submit" class="button" class:secondary=!danger class:danger=danger>{label}</button>
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
        </form>
    }
}

/// `/seller/products/{id}`: a listing's status, its form, its pictures and
/// the steps of its life.
#[component]
pub fn EditListingPage() -> impl IntoView {
    let Some(actor) = signed_in() else {
        return ().into_any();
    };
    let state = state_of("listing");
    let actions_state = state_of("actions");
    let upload_state = state_of("image-upload");
    mark_failed(&state);
    mark_failed(&actions_state);
    mark_failed(&upload_state);
    let load = async move {
        let catalog = services().map_err(failure)?.catalog;
        let id = product_param().map_err(failure)?;
        let listing = catalog.listing(&actor, id).await.map_err(failure)?;
        let input = catalog.listing_input(&actor, id).await.map_err(failure)?;
        let tree = catalog.categories().await.map_err(failure)?;
        Ok::<_, AnyView>((listing, input, tree))
    };
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (listing, input, tree) = match load.await {
                    Ok(data) => data,
                    Err(view) => return view,
                };
                let locale = lang();
                let id = listing.id;
                let coop = listing.cooperative.clone();
                let title = listing.working().title.get(locale).to_owned();
                view! {
                    <Title text=format!("{title} · {}", coop.name)/>
                    <nav class="breadcrumbs">
                        <a href="/seller">{t("nav-seller")}</a> " › "
                        <a href=format!("/seller/cooperatives/{}", coop.id)>{coop.name.clone()}</a> " › "
                        <a href=format!("/seller/cooperatives/{}/products", coop.id)>{t("listings-title")}</a> " › "
                        <span>{title.clone()}</span>
                    </nav>
                    <h1>{title}</h1>
                    <Notice/>
                    <StatusBox listing=listing.clone() state=actions_state.clone()/>
                    <section class="panel" id="pictures">
                        <h2>{t("listing-pictures")}</h2>
                        <Pictures listing=listing.clone() state=upload_state.clone()/>
                    </section>
                    <section class="panel" id="details">
                        <h2>{t("listing-details")}</h2>
                        {listing.published_at.is_some().then(|| view! { <p class="banner">{t("listing-live-rules")}</p> })}
                        <ListingForm
                            action=format!("/seller/products/{id}")
                            input=input
                            categories=category_choices(&tree, locale)
                            state=state.clone()
                            submit=t("form-save")
                        />
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}

/// Where a listing stands and the steps open to it.
#[component]
fn StatusBox(
    /// The listing.
    listing: SellerListing,
    /// A failed step.
    state: Option<FormState>,
) -> impl IntoView {
    let id = listing.id;
    let status = listing.status;
    let pending_images = listing.images.iter().any(|i| i.pending);
    let pending = listing.pending.is_some() || pending_images;
    let can_submit = matches!(
        status,
        ListingStatus::Draft | ListingStatus::Rejected | ListingStatus::Unpublished
    );
    let can_unpublish = matches!(
        status,
        ListingStatus::Published | ListingStatus::PendingReview
    );
    let can_delete = !can_unpublish;
    let unpublish_label =
        if status == ListingStatus::PendingReview && listing.published_at.is_none() {
            t("listing-withdraw")
        } else {
            t("listing-unpublish")
        };
    let explain = t(&format!(
        "listing-explain-{}",
        status.as_str().replace('_', "-")
    ));
    let missing = listing.missing_for_review.clone();
    view! {
        <section class="panel status-panel" id="status">
            <p>
                <ListingStatusBadges status=status pending_changes=listing.pending.is_some() taken_down=listing.taken_down/>
                " " {t_with("status-since", &[("date", when(listing.updated_at).into())])}
            </p>
            <p>{explain}</p>
            {listing.status_reason.clone().map(|r| view! {
                <blockquote class="reason"><strong>{t("application-reason")}</strong> " " {r}</blockquote>
            })}
            {(listing.awaiting_review && status == ListingStatus::Published).then(|| view! {
                <p class="banner">{t("listing-edits-waiting")}</p>
            })}
            {(!missing.is_empty()).then(|| view! {
                <div class="banner">
                    <p><strong>{t("listing-missing")}</strong></p>
                    <ul>{missing.into_iter().map(|m| view! { <li>{t(&format!("listing-missing-{m}"))}</li> }).collect_view()}</ul>
                </div>
            })}
            {(status == ListingStatus::Published).then(|| view! {
                <p><a href=format!("/products/{}", listing.slug)>{t("listing-see-in-shop")}</a></p>
            })}
            <ErrorSummary state=state/>
            <div class="actions-row">
                {can_submit.then(|| view! {
                    <ActionForm action=format!("/seller/products/{id}/submit") label=t("listing-submit") hint=t("hint-listing-submit")/>
                })}
                {can_unpublish.then(|| view! {
                    <ActionForm action=format!("/seller/products/{id}/unpublish") label=unpublish_label/>
                })}
                {pending.then(|| view! {
                    <ActionForm action=format!("/seller/products/{id}/discard") label=t("listing-discard") hint=t("hint-listing-discard")/>
                })}
                {can_delete.then(|| view! {
                    <ActionForm action=format!("/seller/products/{id}/delete") label=t("listing-delete") danger=true confirm=t("listing-delete-confirm")/>
                })}
            </div>
        </section>
    }
}

/// A listing's pictures: each with its alternative text and place, and an
/// upload form.
#[component]
fn Pictures(
    /// The listing.
    listing: SellerListing,
    /// A failed upload.
    state: Option<FormState>,
) -> impl IntoView {
    let id = listing.id;
    let count = listing.images.len();
    let full = count >= catalog::listings::MAX_IMAGES;
    let mut problems: Vec<String> = state
        .as_ref()
        .and_then(|s| s.errors.get("image"))
        .map(|p| p.iter().map(translate_problem).collect())
        .unwrap_or_default();
    // a file too large or not a picture is a problem of the file input
    if let Some((code, fallback)) = state.as_ref().and_then(|s| s.message.clone()) {
        problems.push(crate::i18n::try_t(&format!("error-{code}")).unwrap_or(fallback));
    }
    let invalid = !problems.is_empty();
    let cards = listing
        .images
        .into_iter()
        .enumerate()
        .map(|(n, img)| {
            let image_id = img.image.id;
            let form = format!("image-{image_id}");
            let img_state = state_of(&form);
            let alt = img.image.alt.clone();
            let value = |key: &str, default: String| {
                img_state
                    .as_ref()
                    .and_then(|s| s.values.get(key).cloned())
                    .unwrap_or(default)
            };
            let alt_vi = value("alt_vi", alt.vi.clone());
            let alt_en = value("alt_en", alt.en.clone().unwrap_or_default());
            let base = format!("/seller/products/{id}/images/{image_id}");
            view! {
                <li class="picture-card" id=format!("picture-{image_id}")>
                    <Picture image=img.image sizes="160px"/>
                    <p>
                        {if n == 0 { view! { <span class="flag">{t("listing-picture-first")}</span> }.into_any() } else { ().into_any() }}
                        {img.pending.then(|| view! { " " <span class="flag flag-pending">{t("listing-picture-pending")}</span> })}
                    </p>
                    <ErrorSummary state=img_state.clone()/>
                    <form method="post" action=base.clone() class="form">
                        <Csrf/>
                        <div class="field">
                            <label for=format!("alt-vi-{image_id}")>{t("field-alt-vi")}</label>
                            <input id=format!("alt-vi-{image_id}") name="alt_vi" value=alt_vi required=true/>
                        </div>
                        <div class="field">
                            <label for=format!("alt-en-{image_id}")>{t("field-alt-en")} <span class="optional">" " {t("form-optional")}</span></label>
                            <input id=format!("alt-en-{image_id}") name="alt_en" value=alt_en/>
                        </div>
                        <button type="submit" class="button small secondary">{t("listing-picture-save-alt")}</button>
                    </form>
                    <div class="actions-row">
                        {(n > 0).then(|| view! {
                            <form method="post" action=format!("{base}/first")>
                                <Csrf/>
                                <button type="submit" class="button small secondary">{t("listing-picture-make-first")}</button>
                            </form>
                        })}
                        <form method="post" action=format!("{base}/remove")>
                            <Csrf/>
                            <button type="submit" class="button small danger">{t("listing-picture-remove")}</button>
                        </form>
                    </div>
                </li>
            }
        })
        .collect_view();
    view! {
        {if count == 0 {
            view! { <p class="empty">{t("listing-no-pictures")}</p> }.into_any()
        } else {
            view! { <ul class="picture-grid">{cards}</ul> }.into_any()
        }}
        {if full {
            view! { <p class="hint">{t_with("listing-pictures-full", &[("count", catalog::listings::MAX_IMAGES.into())])}</p> }.into_any()
        } else {
            view! {
                <h3>{t("listing-picture-add")}</h3>
                <ErrorSummary state=state.clone()/>
                <form method="post" action=format!("/seller/products/{id}/images") enctype="multipart/form-data" class="form upload-form">
                    <Csrf/>
                    <div class="field" class:invalid=invalid>
                        <label for="f-image">{t("field-image")}</label>
                        <p class="hint" id="f-image-hint">{t("hint-listing-image")}</p>
                        <input id="f-image" type="file" name="image" accept="image/jpeg,image/png,image/webp" required=true aria-describedby="f-image-hint f-image-error"/>
                        {invalid.then(|| view! { <p class="field-error" id="f-image-error">{problems.join(" · ")}</p> })}
                    </div>
                    <Field name="alt_vi" state=state.clone() hint=t("hint-alt")/>
                    <Field name="alt_en" state=state.clone()/>
                    <button type="submit" class="button">{t("listing-picture-upload")}</button>
                </form>
            }.into_any()
        }}
    }
}

/// `/seller/cooperatives/{id}/import`: the catalogue from a spreadsheet.
#[component]
pub fn ImportPage() -> impl IntoView {
    let Some(actor) = signed_in() else {
        return ().into_any();
    };
    let state = state_of("import");
    mark_failed(&state);
    let outcome = import_outcome();
    let done = (query("notice") == "imported").then(|| {
        [
            ("created", query("created")),
            ("updated", query("updated")),
            ("unchanged", query("unchanged")),
        ]
        .map(|(k, v)| (k, v.parse::<u64>().unwrap_or(0)))
    });
    let dry_run_ticked = match (&outcome, &state) {
        (Some(o), _) => o.0.dry_run,
        (None, Some(s)) => s.values.get("dry_run").is_some_and(|v| v == "yes"),
        (None, None) => true,
    };
    let load = async move {
        let catalog = services().map_err(failure)?.catalog;
        let id = coop_param().map_err(failure)?;
        catalog.application(&actor, id).await.map_err(failure)
    };
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let detail = match load.await {
                    Ok(detail) => detail,
                    Err(view) => return view,
                };
                let id = detail.id;
                let export = format!("/api/v1/cooperatives/{id}/products/export.csv");
                let problems: Vec<String> = state
                    .as_ref()
                    .and_then(|s| s.errors.get("file"))
                    .map(|p| p.iter().map(translate_problem).collect())
                    .unwrap_or_default();
                let invalid = !problems.is_empty();
                view! {
                    <Title text=format!("{} · {}", t("import-title"), detail.name)/>
                    <CoopCrumbs id=id name=detail.name.clone() here=t("import-title")/>
                    <h1>{t("import-title")}</h1>
                    <CoopTabs id=id current="seller-tab-import"/>
                    {done.map(|[(_, created), (_, updated), (_, unchanged)]| view! {
                        <p class="notice" role="status">{t_with("import-done", &[("created", created.into()), ("updated", updated.into()), ("unchanged", unchanged.into())])}
                            " " <a href=format!("/seller/cooperatives/{id}/products")>{t("import-see-listings")}</a></p>
                    })}
                    {outcome.map(|o| view! { <ImportReportView report=o.0/> })}
                    <section class="panel">
                        <h2>{t("import-send")}</h2>
                        <ErrorSummary state=state.clone()/>
                        <form method="post" action=format!("/seller/cooperatives/{id}/import") enctype="multipart/form-data" class="form">
                            <Csrf/>
                            <div class="field" class:invalid=invalid>
                                <label for="f-file">{t("field-file")}</label>
                                <p class="hint" id="f-file-hint">{t("hint-import-file")}</p>
                                <input id="f-file" type="file" name="file" accept=".csv,text/csv" required=true aria-describedby="f-file-hint"/>
                                {invalid.then(|| view! { <p class="field-error">{problems.join(" · ")}</p> })}
                            </div>
                            <div class="field">
                                <label class="check">
                                    <input type="checkbox" name="dry_run" value="yes" checked=dry_run_ticked/>
                                    " " {t("import-dry-run")}
                                </label>
                            </div>
                            <button type="submit" class="button">{t("import-submit")}</button>
                        </form>
                    </section>
                    <section class="panel">
                        <h2>{t("import-guide")}</h2>
                        <p>{t("import-guide-lead")}</p>
                        <p><a class="button secondary" href=export>{t("import-template")}</a></p>
                        <ul class="guide">
                            <li><code>"handle"</code> " — " {t("import-col-handle")}</li>
                            <li><code>"title_vi, summary_vi, description_vi"</code> " — " {t("import-col-texts")}</li>
                            <li><code>"category, tags"</code> " — " {t("import-col-category")}</li>
                            <li><code>"sku, size, colour, material"</code> " — " {t("import-col-variant")}</li>
                            <li><code>"price_vnd, compare_at_vnd, stock"</code> " — " {t("import-col-price")}</li>
                            <li><code>"made_to_order, lead_time_days, min_order_qty"</code> " — " {t("import-col-mto")}</li>
                            <li><code>"price_tiers"</code> " — " {t("import-col-tiers")}</li>
                            <li><code>"weight_grams, length_mm, width_mm, height_mm, hs_code"</code> " — " {t("import-col-export")}</li>
                        </ul>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}

/// What an import found: counts and every problem by line.
#[component]
fn ImportReportView(
    /// The report.
    report: catalog::listings::csv::ImportReport,
) -> impl IntoView {
    let ok = report.errors.is_empty();
    let headline = if !ok {
        t_with(
            "import-rejected",
            &[("count", (report.errors.len() as u64).into())],
        )
    } else if report.dry_run {
        t("import-checked")
    } else {
        t("import-applied")
    };
    let counts = [
        ("import-rows", report.rows),
        ("import-listings", report.listings),
        ("import-created", report.created),
        ("import-updated", report.updated),
        ("import-unchanged", report.unchanged),
    ];
    view! {
        <section class="panel import-report" id="report">
            <h2>{t("import-report")}</h2>
            <p class=if ok { "notice" } else { "error-summary" } role="status">{headline}</p>
            <dl class="counts">
                {counts.into_iter().map(|(key, n)| view! { <div><dt>{t(key)}</dt><dd>{n}</dd></div> }).collect_view()}
            </dl>
            {(!ok).then(|| view! {
                <table class="dense problems">
                    <thead><tr><th>{t("import-line")}</th><th>{t("import-column")}</th><th>{t("import-problem")}</th></tr></thead>
                    <tbody>
                        {report.errors.into_iter().map(|e| view! {
                            <tr><td>{e.line}</td><td>{e.column.map(|c| view! { <code>{c}</code> })}</td><td>{translate_problem(&e.problem)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
        </section>
    }
}
