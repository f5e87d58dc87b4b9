//! `/export/requests/new?product=<slug>`, `?cooperative=<slug>` and
//! `?cooperative=<slug>&collection=<slug>`: the request for quote. For a
//! product, one quantity per variant; for a collection, one per variant of
//! each of its listings; for a cooperative (or none chosen yet), a few
//! lines describing designs. Then
//! the terms: destination, Incoterm, date, samples, target price,
//! labelling and a first message. Without a company account the company
//! form comes first.

use catalog::{CooperativeSummary, ProductDetail};
use kernel::PageRequest;
use kernel::id::IdOrSlug;
use leptos::prelude::*;

use super::{CompanyForm, incoterm_options};
use crate::components::Title;
use crate::currency::Approx;
use crate::format;
use crate::forms::{Choice, Csrf, ErrorSummary, Field, FormState, state_of, translate_problem};
use crate::i18n::{lang, lang_of, t, t_with};
use crate::pages::{failure, mark_failed, query, services, signed_in};

/// Free lines offered for designs described in words.
pub const FREE_LINES: usize = 3;

/// What the request is about.
enum Target {
    /// A product, with its variants.
    Product(Box<ProductDetail>),
    /// A cooperative, for designs described in words.
    Cooperative(Box<CooperativeSummary>),
    /// A collection of a cooperative, with its listings.
    Collection(Box<CooperativeSummary>, String, String, Vec<ProductDetail>),
    /// None chosen yet: the cooperatives to choose from.
    Choose(Vec<CooperativeSummary>),
}

/// `/export/requests/new`
#[component]
pub fn NewRequestPage() -> impl IntoView {
    let Some(actor) = signed_in() else {
        return ().into_any();
    };
    let product = query("product");
    let cooperative = query("cooperative");
    let collection = query("collection");
    // the page itself, to come back to once the company is saved (not the
    // request's path: a refused form is shown from its POST)
    let here = if !collection.is_empty() {
        format::link(
            "/export/requests/new",
            &[("cooperative", &cooperative), ("collection", &collection)],
        )
    } else if product.is_empty() {
        format::link("/export/requests/new", &[("cooperative", &cooperative)])
    } else {
        format::link("/export/requests/new", &[("product", &product)])
    };
    let state = state_of("request");
    mark_failed(&state);
    let company_state = state_of("company");
    mark_failed(&company_state);
    let load = async move {
        let services = services().map_err(failure)?;
        let buyer = services.exports.buyer(&actor).await.map_err(failure)?;
        let catalog = services.catalog;
        let target = if !product.is_empty() {
            let p = catalog
                .product(&IdOrSlug::parse(&product))
                .await
                .map_err(failure)?;
            Target::Product(Box::new(p))
        } else if !cooperative.is_empty() && !collection.is_empty() {
            let key = IdOrSlug::parse(&cooperative);
            let c = catalog.cooperative(&key).await.map_err(failure)?;
            let chosen = catalog
                .collections(&key)
                .await
                .map_err(failure)?
                .into_iter()
                .find(|c| c.slug == collection)
                .ok_or_else(|| failure(catalog::Error::CollectionNotFound(collection.clone())))?;
            let name = chosen.name.get(lang()).to_owned();
            let mut products = Vec::new();
            let mut rows = 0;
            for item in &chosen.products {
                let p = catalog
                    .product(&IdOrSlug::parse(&item.slug))
                    .await
                    .map_err(failure)?;
                rows += p.variants.len();
                if rows > exports::requests::MAX_LINES {
                    break;
                }
                products.push(p);
            }
            Target::Collection(Box::new(c.summary), collection.clone(), name, products)
        } else if !cooperative.is_empty() {
            let c = catalog
                .cooperative(&IdOrSlug::parse(&cooperative))
                .await
                .map_err(failure)?;
            Target::Cooperative(Box::new(c.summary))
        } else {
            let page = PageRequest::new(Some(1), Some(100)).unwrap_or_default();
            let all = catalog.list_cooperatives(page).await.map_err(failure)?;
            Target::Choose(all.items)
        };
        Ok::<_, AnyView>((buyer, target))
    };
    view! {
        <Title text=format!("{} · {}", t("export-request-new"), t("site-name"))/>
        <nav class="breadcrumbs"><a href="/export">{t("export-desk-title")}</a> " › " <span>{t("export-request-new")}</span></nav>
        <h1>{t("export-request-new")}</h1>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (buyer, target) = match load.await {
                    Ok(data) => data,
                    Err(view) => return view,
                };
                if buyer.is_none() {
                    return view! {
                        <section class="panel narrow company-first">
                            <h2>{t("export-company-title")}</h2>
                            <p class="lead">{t("export-company-first")}</p>
                            <CompanyForm buyer=None state=company_state.clone() next=here.clone()/>
                        </section>
                    }
                    .into_any();
                }
                request_form(target, state.clone()).into_any()
            })}
        </Suspense>
    }
    .into_any()
}

fn request_form(target: Target, state: Option<FormState>) -> impl IntoView {
    let (heading, hidden, lines) = match target {
        Target::Product(p) => {
            let (written, title) = p.card.title.found(lang());
            let heading = view! {
                <p class="lead">
                    {t("export-request-for")} " "
                    <a href=format!("/products/{}", p.card.slug) lang=lang_of(written)>{title.to_owned()}</a>
                    " · " <a href=format!("/cooperatives/{}", p.cooperative_summary.slug)>{p.cooperative_summary.name.clone()}</a>
                </p>
            }
            .into_any();
            let hidden = view! {
                <input type="hidden" name="product" value=p.card.slug.clone()/>
                <input type="hidden" name="cooperative" value=p.cooperative_summary.slug.clone()/>
            }
            .into_any();
            (heading, hidden, variant_lines(&p, &state, 0).into_any())
        }
        Target::Collection(c, collection, name, products) => {
            let heading = view! {
                <p class="lead">
                    {t("export-request-for")} " " <strong>{name}</strong>
                    " · " <a href=format!("/cooperatives/{}", c.slug)>{c.name.clone()}</a>
                </p>
            }
            .into_any();
            let hidden = view! {
                <input type="hidden" name="cooperative" value=c.slug.clone()/>
                <input type="hidden" name="collection" value=collection.clone()/>
            }
            .into_any();
            let mut start = 0;
            let lines = products
                .iter()
                .map(|p| {
                    let (written, title) = p.card.title.found(lang());
                    let rows = variant_lines(p, &state, start);
                    start += p.variants.len();
                    view! {
                        <h3 class="line-product"><a href=format!("/products/{}", p.card.slug) lang=lang_of(written)>{title.to_owned()}</a></h3>
                        {rows}
                    }
                })
                .collect_view();
            (heading, hidden, lines.into_any())
        }
        Target::Cooperative(c) => {
            let heading = view! {
                <p class="lead">{t("export-request-for")} " " <a href=format!("/cooperatives/{}", c.slug)>{c.name.clone()}</a></p>
            }
            .into_any();
            let hidden =
                view! { <input type="hidden" name="cooperative" value=c.slug.clone()/> }.into_any();
            (heading, hidden, free_lines(&state).into_any())
        }
        Target::Choose(all) => {
            let options: Vec<(String, String)> =
                std::iter::once((String::new(), t("export-choose-cooperative")))
                    .chain(all.into_iter().map(|c| (c.slug, c.name)))
                    .collect();
            let heading = view! { <p class="lead">{t("export-request-lead")}</p> }.into_any();
            let hidden = view! {
                <Choice name="cooperative" options=options state=state.clone() label=t("field-export-cooperative")/>
            }
            .into_any();
            (heading, hidden, free_lines(&state).into_any())
        }
    };
    let lines_problems = problems_of(&state, "lines");
    let pictures_problems = problems_of(&state, "pictures");
    let samples = state
        .as_ref()
        .is_some_and(|s| s.values.get("samples_wanted").map(String::as_str) == Some("yes"));
    view! {
        {heading}
        <ErrorSummary state=state.clone() scope="export"/>
        <form method="post" action="/export/requests" enctype="multipart/form-data" class="form request-form" novalidate=true>
            <Csrf/>
            {hidden}
            <fieldset>
                <legend>{t("export-what")}</legend>
                {(!lines_problems.is_empty()).then(|| view! { <p class="field-error" id="f-lines">{lines_problems.join(" · ")}</p> })}
                {lines}
                <Field name="target_price_vnd" state=state.clone() label=t("field-export-target-price-vnd") hint=t("hint-export-target-price") inputmode="numeric"/>
                <super::request::PictureInput invalid=!pictures_problems.is_empty() problems=pictures_problems.clone()/>
            </fieldset>
            <fieldset>
                <legend>{t("export-terms")}</legend>
                <Field name="destination_port" state=state.clone() required=true label=t("field-export-destination-port") hint=t("hint-export-destination-port")/>
                <Choice name="incoterm" options=incoterm_options() state=state.clone() value="FOB" label=t("field-export-incoterm") hint=t("hint-export-incoterm")/>
                <Field name="named_place" state=state.clone() label=t("field-export-named-place") hint=t("hint-export-named-place")/>
                <Field name="wanted_by" kind="date" state=state.clone() label=t("field-export-wanted-by")/>
                <div class="field check-field">
                    <label class="check">
                        <input type="checkbox" id="f-samples_wanted" name="samples_wanted" value="yes" checked=samples/>
                        " " {t("field-export-samples-wanted")}
                    </label>
                </div>
                <Field name="packaging_notes" kind="textarea" state=state.clone() label=t("field-export-packaging-notes") hint=t("hint-export-packaging")/>
            </fieldset>
            <Field name="message" kind="textarea" state=state.clone() label=t("field-export-message") hint=t("hint-export-message")/>
            <button type="submit" class="button">{t("export-request-send")}</button>
        </form>
    }
}

/// The problems of one input of a line (the form's names, `lines[2].quantity`).
fn problems_of(state: &Option<FormState>, name: &str) -> Vec<String> {
    state
        .as_ref()
        .and_then(|s| s.errors.get(name))
        .map(|p| p.iter().map(translate_problem).collect())
        .unwrap_or_default()
}

/// The value typed in an input of a line.
fn typed(state: &Option<FormState>, name: &str) -> String {
    state
        .as_ref()
        .and_then(|s| s.values.get(name).cloned())
        .unwrap_or_default()
}

/// A small input of a line: its label, value and problems.
fn line_input(
    state: &Option<FormState>,
    name: String,
    label: String,
    numeric: bool,
) -> impl IntoView + use<> {
    let problems = problems_of(state, &name);
    let invalid = !problems.is_empty();
    let id = format!("f-{name}");
    let value = typed(state, &name);
    view! {
        <div class="field" class:invalid=invalid>
            <label for=id.clone()>{label}</label>
            <input
                id=id
                name=name
                type="text"
                value=value
                inputmode=numeric.then_some("numeric")
                aria-invalid=invalid.then_some("true")
            />
            {invalid.then(|| view! { <p class="field-error">{problems.join(" · ")}</p> })}
        </div>
    }
}

/// One quantity (and a note) per variant of the product, the form's lines
/// numbered from `start`.
fn variant_lines(
    p: &ProductDetail,
    state: &Option<FormState>,
    start: usize,
) -> impl IntoView + use<> {
    let rows = p
        .variants
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let i = start + i;
            let options = v
                .options
                .iter()
                .map(|(name, value)| {
                    format!("{}: {value}", crate::pages::listing_review::option_name(name))
                })
                .collect::<Vec<_>>()
                .join(" · ");
            let variant_problems = problems_of(state, &format!("lines[{i}].variant_id"));
            view! {
                <div class="request-line variant-line">
                    <p class="line-head">
                        <strong>{options}</strong> " "
                        <code>{v.sku.clone()}</code> " · "
                        {v.price.to_string()}<Approx low=v.price high=v.price/>
                    </p>
                    <input type="hidden" name=format!("lines[{i}].variant_id") value=v.id.to_string()/>
                    {(!variant_problems.is_empty()).then(|| view! { <p class="field-error">{variant_problems.join(" · ")}</p> })}
                    <div class="line-grid">
                        {line_input(state, format!("lines[{i}].quantity"), t_with("field-export-quantity-of", &[("sku", v.sku.clone().into())]), true)}
                        {line_input(state, format!("lines[{i}].description"), t("field-export-line-note"), false)}
                    </div>
                </div>
            }
        })
        .collect_view();
    view! {
        <p class="hint">{t("hint-export-variant-lines")}</p>
        {rows}
    }
}

/// A few lines to describe designs in words, each with its quantity.
fn free_lines(state: &Option<FormState>) -> impl IntoView + use<> {
    let rows = (0..FREE_LINES)
        .map(|i| {
            view! {
                <div class="request-line free-line">
                    <div class="line-grid">
                        {line_input(state, format!("lines[{i}].description"), t_with("field-export-design-n", &[("n", (i + 1).into())]), false)}
                        {line_input(state, format!("lines[{i}].quantity"), t("field-quantity"), true)}
                    </div>
                </div>
            }
        })
        .collect_view();
    view! {
        <p class="hint">{t("hint-export-free-lines")}</p>
        {rows}
    }
}
