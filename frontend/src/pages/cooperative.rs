//! `/cooperatives/{slug}`: a seller's story, impact and products.

use catalog::ProductQuery;
use kernel::id::IdOrSlug;
use leptos::prelude::*;
use leptos_meta::Meta;

use crate::components::Title;
use crate::format;

use super::{failure, page_request, param, services};
use crate::components::{Breadcrumbs, CertBadge, ImpactFigures, Pager, ProductCardView};
use crate::i18n::{lang, lang_of, t, t_with};
use crate::pages::reviews::Stars;

/// `/cooperatives/{slug}?page=`
#[component]
pub fn CooperativePage() -> impl IntoView {
    let locale = lang();
    let slug = param("slug");
    let page = page_request();
    let load = async move {
        let services = services().map_err(failure)?;
        let catalog = services.catalog;
        let key = IdOrSlug::parse(&slug);
        let profile = catalog.cooperative(&key).await.map_err(failure)?;
        let rating = services
            .orders
            .cooperative_rating(profile.summary.id.uuid())
            .await
            .map_err(failure)?;
        let query = ProductQuery {
            cooperative: Some(IdOrSlug::Id(profile.summary.id.uuid())),
            ..ProductQuery::default()
        };
        let products = catalog.list_products(&query, page).await.map_err(failure)?;
        let collections = catalog.collections(&key).await.map_err(failure)?;
        Ok::<_, AnyView>((profile, products, collections, rating))
    };
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (profile, products, collections, rating) = match load.await {
                    Ok(data) => data,
                    Err(view) => return view,
                };
                let coop = profile.summary;
                let base = format!("/cooperatives/{}", coop.slug);
                let pages = products.pages();
                let story_html = profile.story_html.get(locale).to_owned();
                let summary = coop.summary.get(locale).to_owned();
                let place = [coop.address.street.clone(), coop.address.ward.clone(), Some(coop.address.province.clone())]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(", ");
                view! {
                    <Title text=format!("{} · {}", coop.name, t("site-name"))/>
                    <Meta name="description" content=summary.clone()/>
                    <Breadcrumbs
                        trail=vec![("/cooperatives".to_owned(), t("nav-cooperatives"))]
                        current=coop.name.clone()
                    />
                    <article class="profile">
                        <header>
                            <p class="kicker">{t(&format!("kind-{}", coop.kind.as_str()))}</p>
                            <h1>{coop.name.clone()}</h1>
                            <p class="place">{place}</p>
                            <p class="lead">{summary}</p>
                            {rating.average.map(|average| view! {
                                <p class="coop-rating">
                                    {t("coop-rating")} " " <Stars value=average.round() as i64/> " "
                                    <strong>{format!("{average:.1}")}</strong> " · "
                                    {t_with("reviews-count", &[("count", rating.count.into())])}
                                </p>
                            })}
                            <p><a class="button secondary export-link" href=format!("/export/requests/new?cooperative={}", coop.slug)>{t("export-request-quote")}</a></p>
                        </header>
                        <section class="impact" aria-label=t("coop-impact")>
                            <ImpactFigures
                                members=coop.members_count
                                jobs=coop.local_jobs
                                founded=coop.founded_year
                            />
                            {profile.figures.clone().map(|f| view! {
                                <p class="hint verified-figures">
                                    {t_with("coop-figures-verified", &[("year", f.year.to_string().into())])} " · "
                                    {t_with("figures-women-n", &[("count", f.members_women.into())])} " · "
                                    {t_with("figures-minority-n", &[("count", f.members_ethnic_minority.into())])} " · "
                                    {t_with("coop-figures-income", &[("amount", f.average_monthly_income.to_string().into())])}
                                </p>
                            })}
                        </section>
                        {(!profile.certifications.is_empty()).then(|| view! {
                            <section>
                                <h2>{t("coop-certifications")}</h2>
                                <ul class="badges">
                                    {profile.certifications.clone().into_iter().map(|c| view! { <CertBadge certification=c/> }).collect_view()}
                                </ul>
                            </section>
                        })}
                        <section class="story">
                            <h2>{t("coop-story")}</h2>
                            <div class="prose" inner_html=story_html></div>
                        </section>
                        <Collections slug=coop.slug.clone() collections=collections/>
                    </article>
                    <section>
                        <h2>{t_with("coop-products-title", &[("name", coop.name.clone().into())])}</h2>
                        {if products.items.is_empty() {
                            view! { <p class="empty">{t("coop-no-products")}</p> }.into_any()
                        } else {
                            view! {
                                <div class="grid products">
                                    {products.items.into_iter().map(|p| view! { <ProductCardView product=p/> }).collect_view()}
                                </div>
                            }
                            .into_any()
                        }}
                        <Pager page=products.page pages=pages base=base params=vec![]/>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}

/// A cooperative's collections (design families), each with its listings
/// and, for someone signed in, its lookbook as PDF in the page's language.
#[component]
fn Collections(
    slug: String,
    collections: Vec<catalog::collections::CollectionView>,
) -> impl IntoView {
    let locale = lang();
    let signed_in = crate::session::actor().is_some();
    let lookbook = |query: String| {
        format!(
            "/api/v1/cooperatives/{slug}/lookbook.pdf?{query}locale={}",
            locale.code()
        )
    };
    let whole = lookbook(String::new());
    let sign_in = format!("/account/login?next=/cooperatives/{slug}");
    let items = collections
        .into_iter()
        .map(|c| {
            let (name_lang, name) = c.name.found(locale);
            let about = c.description.as_ref().map(|d| {
                let (written, text) = d.found(locale);
                (lang_of(written), text.to_owned())
            });
            let href = lookbook(format!("collection={}&", c.slug));
            let quote = format::link(
                "/export/requests/new",
                &[("cooperative", &slug), ("collection", &c.slug)],
            );
            view! {
                <li class="collection">
                    <h3 lang=lang_of(name_lang)>{name.to_owned()}</h3>
                    {about.map(|(l, text)| view! { <p class="hint" lang=l>{text}</p> })}
                    <ul class="inline-list">
                        {c.products.into_iter().map(|p| {
                            let (title_lang, title) = p.title.found(locale);
                            view! { <li><a href=format!("/products/{}", p.slug) lang=lang_of(title_lang)>{title.to_owned()}</a></li> }
                        }).collect_view()}
                    </ul>
                    <p class="actions">
                        {signed_in.then(|| view! { <a href=href>{t("coop-collection-lookbook")}</a> " · " })}
                        <a href=quote>{t("coop-collection-quote")}</a>
                    </p>
                </li>
            }
        })
        .collect::<Vec<_>>();
    let any = !items.is_empty();
    view! {
        <section class="collections">
            {any.then(|| view! {
                <h2>{t("coop-collections")}</h2>
                <ul class="collection-list">{items}</ul>
            })}
            {if signed_in {
                view! { <p><a class="button secondary" href=whole>{t("coop-lookbook")}</a></p> }.into_any()
            } else {
                view! { <p class="hint"><a href=sign_in>{t("coop-lookbook-sign-in")}</a></p> }.into_any()
            }}
        </section>
    }
}
