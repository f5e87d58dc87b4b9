//! `/products/{slug}`: pictures, options with prices and stock, who made it,
//! the cooperative, certifications, description and care.

use catalog::experiences::ExperienceView;
use catalog::{ProductDetail, Variant};
use kernel::id::IdOrSlug;
use leptos::prelude::*;
use leptos_meta::Meta;

use crate::components::Title;

use super::experience::ExperienceSection;
use super::{failure, param, services};
use crate::components::{Breadcrumbs, CertBadge, ImpactFigures, Picture};
use crate::currency::Approx;
use crate::format;
use crate::forms::{Csrf, FormState, Notice, state_of, translate_problem};
use crate::i18n::{lang, lang_of, t, t_with};

/// `/products/{slug}`
#[component]
pub fn ProductPage() -> impl IntoView {
    let slug = param("slug");
    let load = async move {
        let catalog = services().map_err(failure)?.catalog;
        let product = catalog
            .product(&IdOrSlug::parse(&slug))
            .await
            .map_err(failure)?;
        // an experience is booked by date instead of bought by variant
        let experience = catalog.experience(product.card.id).await.map_err(failure)?;
        Ok::<_, AnyView>((product, experience))
    };
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match load.await {
                    Ok((product, experience)) => product_view(product, experience).into_any(),
                    Err(view) => view,
                }
            })}
        </Suspense>
    }
}

fn product_view(p: ProductDetail, experience: Option<ExperienceView>) -> impl IntoView {
    let locale = lang();
    let (title_lang, title) = p.card.title.found(locale);
    let (title_lang, title) = (lang_of(title_lang), title.to_owned());
    let (summary_lang, summary) = p.card.summary.found(locale);
    let (summary_lang, summary) = (lang_of(summary_lang), summary.to_owned());
    let price = format::price_range(p.card.price, p.card.price_max);
    let trail: Vec<(String, String)> = p
        .category_path
        .iter()
        .map(|c| {
            (
                format!("/categories/{}", c.slug),
                c.name.get(locale).to_owned(),
            )
        })
        .collect();
    let coop = p.cooperative_summary.clone();
    let coop_href = format!("/cooperatives/{}", coop.slug);
    let origin = [p.origin_commune.clone(), p.origin_province.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    let (description_lang, description) = p.description_html.found(locale);
    let (description_lang, description) = (lang_of(description_lang), description.to_owned());
    let care = p.care.as_ref().map(|c| {
        let (written, text) = c.found(locale);
        (lang_of(written), text.to_owned())
    });
    let images = p.images.clone();
    let many = images.len() > 1;
    let export_rows: Vec<(String, Vec<String>)> = p
        .variants
        .iter()
        .map(|v| (v.sku.clone(), export_facts(v)))
        .filter(|(_, facts)| !facts.is_empty())
        .collect();
    let has_tiers = p.variants.iter().any(|v| !v.price_tiers.is_empty());
    let here = format!("/products/{}", p.card.slug);
    view! {
        <Title text=format!("{title} · {}", t("site-name"))/>
        <Meta name="description" content=summary.clone()/>
        <Breadcrumbs trail=trail current=title.clone()/>
        <article class="product">
            <section class="gallery" aria-label=t("product-images")>
                <ul class="slides">
                    {images.iter().cloned().enumerate().map(|(n, img)| {
                        let large = img.urls.get("large").cloned().unwrap_or_default();
                        view! {
                            <li id=format!("picture-{}", n + 1)>
                                <a href=large title=t("product-view-large")>
                                    <Picture image=img sizes="(min-width: 960px) 50vw, 100vw" lazy={n > 0}/>
                                </a>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                {many.then(|| view! {
                    <ul class="thumbs">
                        {images.into_iter().enumerate().map(|(n, img)| {
                            let label = t_with("product-picture-n", &[("n", (n + 1).into())]);
                            view! { <li><a href=format!("#picture-{}", n + 1) aria-label=label><Picture image=img sizes="72px"/></a></li> }
                        }).collect_view()}
                    </ul>
                })}
            </section>
            <section class="buy">
                <h1 lang=title_lang>{title}</h1>
                <p class="by">
                    {t("product-by")} " " <a href=coop_href.clone()>{coop.name.clone()}</a>
                </p>
                <p class="price big">{price}<Approx low=p.card.price high=p.card.price_max/></p>
                <p class="lead" lang=summary_lang>{summary}</p>
                {(!p.certifications.is_empty()).then(|| view! {
                    <ul class="badges" aria-label=t("product-certifications")>
                        {p.certifications.clone().into_iter().map(|c| view! { <CertBadge certification=c/> }).collect_view()}
                    </ul>
                })}
                {p.maker.clone().map(|m| view! {
                    <p class="maker">{t_with("product-made-by", &[("maker", m.into()), ("cooperative", coop.name.clone().into())])}</p>
                })}
                <dl class="facts">
                    {(!origin.is_empty()).then(|| view! { <dt>{t("product-origin")}</dt><dd>{origin}</dd> })}
                </dl>
                {match experience {
                    Some(experience) => view! {
                        <Notice/>
                        <ExperienceSection experience=experience here=here.clone()/>
                    }
                    .into_any(),
                    None => view! {
                        <h2>{t("product-variants")}</h2>
                        <Notice/>
                        <div class="table-scroll">
                            <table class="variants">
                                <thead>
                                    <tr>
                                        <th scope="col">{t("product-variants")}</th>
                                        <th scope="col">{t("product-price")}</th>
                                        <th scope="col">{t("product-stock")}</th>
                                    </tr>
                                </thead>
                                <tbody>{p.variants.iter().map(|v| variant_row(v, &here)).collect_view()}</tbody>
                            </table>
                        </div>
                        {has_tiers.then(|| view! { <p class="hint">{t("product-wholesale-hint")}</p> })}
                    }
                    .into_any(),
                }}
            </section>
        </article>
        <section class="prose-section">
            <h2>{t("product-description")}</h2>
            <div class="prose" lang=description_lang inner_html=description></div>
            {care.map(|(care_lang, c)| view! { <h2>{t("product-care")}</h2><p class="prose" lang=care_lang>{c}</p> })}
        </section>
        <super::reviews::ListingReviewsSection product=p.card.id.0 name=p.card.title.get(locale).to_owned() here=here.clone()/>
        <section class="export-facts">
            <h2>{t("product-export")}</h2>
            {(!export_rows.is_empty()).then(|| view! {
                <p class="hint">{t("product-export-lead")}</p>
                <table class="dense">
                    <thead><tr><th>{t("product-sku")}</th><th>{t("product-export-facts")}</th></tr></thead>
                    <tbody>
                        {export_rows.into_iter().map(|(sku, facts)| view! {
                            <tr><td><code>{sku}</code></td><td>{facts.join(" · ")}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            <p class="export-quote">
                {t("product-export-quote-lead")} " "
                <a class="button secondary export-link" href=format!("/export/requests/new?product={}", p.card.slug)>{t("export-request-quote")}</a>
            </p>
        </section>
        <section class="seller">
            <h2>{t("product-about-coop")}</h2>
            <h3><a href=coop_href.clone()>{coop.name.clone()}</a></h3>
            {
                let (written, summary) = coop.summary.found(locale);
                view! { <p lang=lang_of(written)>{summary.to_owned()}</p> }
            }
            <ImpactFigures members=coop.members_count jobs=coop.local_jobs founded=coop.founded_year/>
            <p><a class="button secondary" href=coop_href>{t("product-visit-coop")}</a></p>
        </section>
    }
}

/// Wholesale prices: `10+ 95.000 ₫ / 50+ 90.000 ₫`.
pub(super) fn tiers_text(v: &Variant) -> String {
    v.price_tiers
        .iter()
        .map(|tier| format!("{}+ {}", tier.min_qty, tier.price))
        .collect::<Vec<_>>()
        .join(" / ")
}

/// Weight, outer size and HS code, for buyers who ship abroad.
pub(super) fn export_facts(v: &Variant) -> Vec<String> {
    let mut facts = Vec::new();
    if let Some(w) = v.weight_grams {
        facts.push(format!("{} {w} g", t("product-weight")));
    }
    if let Some(d) = v.dimensions {
        facts.push(format!(
            "{} {}×{}×{} cm",
            t("product-dimensions"),
            f64::from(d.length_mm) / 10.0,
            f64::from(d.width_mm) / 10.0,
            f64::from(d.height_mm) / 10.0
        ));
    }
    if let Some(hs) = &v.hs_code {
        facts.push(format!("{} {hs}", t("product-hs-code")));
    }
    facts
}

/// A variant's "add to cart" form: quantity and button, or why it cannot be
/// bought. A failed add comes back here with its problem beside the button.
fn buy_form(v: &Variant, here: &str) -> impl IntoView + use<> {
    let sold_out = !v.made_to_order && v.stock <= 0;
    let state: Option<FormState> = state_of(&format!("add-{}", v.id));
    super::mark_failed(&state);
    let problems: Vec<String> = state
        .as_ref()
        .map(|s| {
            let mut all: Vec<String> = s
                .errors
                .iter()
                .flat_map(|(_, p)| p.iter().map(translate_problem))
                .collect();
            if let Some((code, fallback)) = &s.message {
                all.push(crate::i18n::try_t(&format!("error-{code}")).unwrap_or(fallback.clone()));
            }
            all
        })
        .unwrap_or_default();
    let quantity = state
        .as_ref()
        .and_then(|s| s.values.get("quantity").cloned())
        .unwrap_or_else(|| v.min_order_qty.max(1).to_string());
    let qty_id = format!("qty-{}", v.id);
    let invalid = !problems.is_empty();
    let label = t_with("product-add-label", &[("sku", v.sku.clone().into())]);
    view! {
        <form method="post" action="/cart/add" class="add-to-cart" class:invalid=invalid>
            <Csrf/>
            <input type="hidden" name="variant_id" value=v.id.to_string()/>
            <input type="hidden" name="return" value=here.to_owned()/>
            <label for=qty_id.clone() class="visually-hidden">{t("field-quantity")}</label>
            <input id=qty_id name="quantity" type="number" min=v.min_order_qty.max(1).to_string() max="999" inputmode="numeric" value=quantity disabled=sold_out aria-invalid=invalid.then_some("true")/>
            <button type="submit" class="button small" disabled=sold_out aria-label=label>{t("product-add")}</button>
            {sold_out.then(|| view! { <small class="stock out">{t("product-sold-out-note")}</small> })}
            {invalid.then(|| view! { <p class="field-error">{problems.join(" · ")}</p> })}
        </form>
    }
}

fn variant_row(v: &Variant, here: &str) -> impl IntoView + use<> {
    let options = if v.options.is_empty() {
        v.sku.clone()
    } else {
        v.options
            .iter()
            .map(|(name, value)| format!("{}: {value}", super::listing_review::option_name(name)))
            .collect::<Vec<_>>()
            .join(" · ")
    };
    let mut details = Vec::new();
    if v.min_order_qty > 1 {
        details.push(t_with(
            "product-min-order",
            &[("count", v.min_order_qty.into())],
        ));
    }
    let tiers = tiers_text(v);
    let stock = if v.made_to_order {
        view! { <span class="stock mto">{t_with("product-made-to-order", &[("days", v.lead_time_days.unwrap_or(0).into())])}</span> }.into_any()
    } else if v.stock > 0 {
        view! { <span class="stock in">{t_with("product-in-stock", &[("count", v.stock.into())])}</span> }.into_any()
    } else {
        view! { <span class="stock out">{t("product-out-of-stock")}</span> }.into_any()
    };
    let compare = v.compare_at.map(|c| {
        view! { <s aria-label=t_with("product-was", &[("price", c.to_string().into())])>{c.to_string()}</s> " " }
    });
    view! {
        <tr>
            <th scope="row">
                {options}
                <small>{t("product-sku")} " " {v.sku.clone()}</small>
                {(!details.is_empty()).then(|| view! { <small>{details.join(" · ")}</small> })}
            </th>
            <td>
                {compare}<span class="now">{v.price.to_string()}</span><Approx low=v.price high=v.price/>
                {(!tiers.is_empty()).then(|| view! { <small class="tiers">{t("product-wholesale")} " " {tiers}</small> })}
            </td>
            <td class="buy-cell">{stock}{buy_form(v, here)}</td>
        </tr>
    }
}
