//! `/cooperatives/{slug}`: a seller's story, impact and products.

use catalog::ProductQuery;
use kernel::id::IdOrSlug;
use leptos::prelude::*;
use leptos_meta::Meta;

use crate::components::Title;

use super::{failure, page_request, param, services};
use crate::components::{Breadcrumbs, CertBadge, ImpactFigures, Pager, ProductCardView};
use crate::i18n::{lang, t, t_with};

/// `/cooperatives/{slug}?page=`
#[component]
pub fn CooperativePage() -> impl IntoView {
    let locale = lang();
    let slug = param("slug");
    let page = page_request();
    let load = async move {
        let catalog = services().map_err(failure)?.catalog;
        let key = IdOrSlug::parse(&slug);
        let profile = catalog.cooperative(&key).await.map_err(failure)?;
        let query = ProductQuery {
            cooperative: Some(IdOrSlug::Id(profile.summary.id.uuid())),
            ..ProductQuery::default()
        };
        let products = catalog.list_products(&query, page).await.map_err(failure)?;
        Ok::<_, AnyView>((profile, products))
    };
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (profile, products) = match load.await {
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
                            <p><a class="button secondary export-link" href=format!("/export/requests/new?cooperative={}", coop.slug)>{t("export-request-quote")}</a></p>
                        </header>
                        <section class="impact" aria-label=t("coop-impact")>
                            <ImpactFigures
                                members=coop.members_count
                                jobs=coop.local_jobs
                                founded=coop.founded_year
                            />
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
