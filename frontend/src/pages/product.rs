//! `/products/{slug}`: pictures, options with prices and stock, who made it,
//! the cooperative, certifications, description and care.

use catalog::{ProductDetail, Variant};
use kernel::id::IdOrSlug;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use super::{failure, param, services};
use crate::components::{Breadcrumbs, CertBadge, ImpactFigures, Picture};
use crate::format;
use crate::i18n::{lang, t, t_with};

/// `/products/{slug}`
#[component]
pub fn ProductPage() -> impl IntoView {
    let slug = param("slug");
    let load = async move {
        let catalog = services().map_err(failure)?.catalog;
        catalog
            .product(&IdOrSlug::parse(&slug))
            .await
            .map_err(failure)
    };
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match load.await {
                    Ok(product) => product_view(product).into_any(),
                    Err(view) => view,
                }
            })}
        </Suspense>
    }
}

fn product_view(p: ProductDetail) -> impl IntoView {
    let locale = lang();
    let title = p.card.title.get(locale).to_owned();
    let summary = p.card.summary.get(locale).to_owned();
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
    let description = p.description_html.get(locale).to_owned();
    let care = p.care.as_ref().map(|c| c.get(locale).to_owned());
    let mut images = p.images.clone().into_iter();
    let main_image = images.next();
    let thumbnails: Vec<_> = images.collect();
    view! {
        <Title text=format!("{title} · {}", t("site-name"))/>
        <Meta name="description" content=summary.clone()/>
        <Breadcrumbs trail=trail current=title.clone()/>
        <article class="product">
            <section class="gallery" aria-label=t("product-images")>
                {main_image.map(|img| {
                    let large = img.urls.get("large").cloned().unwrap_or_default();
                    view! {
                        <a href=large title=t("product-view-large")>
                            <Picture image=img sizes="(min-width: 800px) 50vw, 100vw" lazy=false/>
                        </a>
                    }
                })}
                {(!thumbnails.is_empty()).then(|| view! {
                    <ul class="thumbs">
                        {thumbnails.into_iter().map(|img| {
                            let large = img.urls.get("large").cloned().unwrap_or_default();
                            view! { <li><a href=large><Picture image=img sizes="96px"/></a></li> }
                        }).collect_view()}
                    </ul>
                })}
            </section>
            <section class="buy">
                <h1>{title}</h1>
                <p class="by">
                    {t("product-by")} " " <a href=coop_href.clone()>{coop.name.clone()}</a>
                </p>
                <p class="price big">{price}</p>
                <p class="lead">{summary}</p>
                {(!p.certifications.is_empty()).then(|| view! {
                    <ul class="badges" aria-label=t("product-certifications")>
                        {p.certifications.clone().into_iter().map(|c| view! { <CertBadge certification=c/> }).collect_view()}
                    </ul>
                })}
                <dl class="facts">
                    {p.maker.clone().map(|m| view! { <dt>{t("product-maker")}</dt><dd>{m}</dd> })}
                    {(!origin.is_empty()).then(|| view! { <dt>{t("product-origin")}</dt><dd>{origin}</dd> })}
                </dl>
                <h2>{t("product-variants")}</h2>
                <table class="variants">
                    <thead>
                        <tr>
                            <th scope="col">{t("product-variants")}</th>
                            <th scope="col">{t("product-price")}</th>
                            <th scope="col">{t("product-stock")}</th>
                        </tr>
                    </thead>
                    <tbody>{p.variants.iter().map(variant_row).collect_view()}</tbody>
                </table>
            </section>
        </article>
        <section class="prose-section">
            <h2>{t("product-description")}</h2>
            <div class="prose" inner_html=description></div>
            {care.map(|c| view! { <h2>{t("product-care")}</h2><p>{c}</p> })}
        </section>
        <section class="seller">
            <h2>{t("product-about-coop")}</h2>
            <h3><a href=coop_href.clone()>{coop.name.clone()}</a></h3>
            <p>{coop.summary.get(locale).to_owned()}</p>
            <ImpactFigures members=coop.members_count jobs=coop.local_jobs founded=coop.founded_year/>
            <p><a class="button secondary" href=coop_href>{t("product-visit-coop")}</a></p>
        </section>
    }
}

fn variant_row(v: &Variant) -> impl IntoView + use<> {
    let options = if v.options.is_empty() {
        v.sku.clone()
    } else {
        v.options.values().cloned().collect::<Vec<_>>().join(" · ")
    };
    let mut details = Vec::new();
    if v.min_order_qty > 1 {
        details.push(t_with(
            "product-min-order",
            &[("count", v.min_order_qty.into())],
        ));
    }
    if let Some(w) = v.weight_grams {
        details.push(format!("{} {w} g", t("product-weight")));
    }
    if let Some(d) = v.dimensions {
        details.push(format!(
            "{} {}×{}×{} cm",
            t("product-dimensions"),
            f64::from(d.length_mm) / 10.0,
            f64::from(d.width_mm) / 10.0,
            f64::from(d.height_mm) / 10.0
        ));
    }
    let stock = if v.made_to_order {
        view! { <span class="stock mto">{t_with("product-made-to-order", &[("days", v.lead_time_days.unwrap_or(0).into())])}</span> }.into_any()
    } else if v.stock > 0 {
        view! { <span class="stock in">{t_with("product-in-stock", &[("count", v.stock.into())])}</span> }.into_any()
    } else {
        view! { <span class="stock out">{t("product-out-of-stock")}</span> }.into_any()
    };
    let compare = v.compare_at.map(|c| view! { <s>{c.to_string()}</s> " " });
    view! {
        <tr>
            <th scope="row">
                {options}
                <small>{t("product-sku")} " " {v.sku.clone()}</small>
                {(!details.is_empty()).then(|| view! { <small>{details.join(" · ")}</small> })}
            </th>
            <td>{compare}{v.price.to_string()}</td>
            <td>{stock}</td>
        </tr>
    }
}
