//! The home page: who sells here, what is featured, where to start.

use catalog::{CategoryNode, ProductQuery};
use kernel::PageRequest;
use leptos::prelude::*;
use leptos_meta::Meta;

use crate::components::Title;

use super::{failure, services};
use crate::components::{CooperativeCardView, ProductCardView};
use crate::i18n::{lang, t};

/// `/`
#[component]
pub fn HomePage() -> impl IntoView {
    let locale = lang();
    let load = async move {
        let services = services().map_err(failure)?;
        let catalog = services.catalog;
        let coops = catalog
            .list_cooperatives(PageRequest::new(Some(1), Some(8)).unwrap_or_default())
            .await
            .map_err(failure)?;
        let featured = catalog
            .list_products(
                &ProductQuery {
                    featured: true,
                    ..ProductQuery::default()
                },
                PageRequest::new(Some(1), Some(8)).unwrap_or_default(),
            )
            .await
            .map_err(failure)?;
        let categories = catalog.categories().await.map_err(failure)?;
        Ok::<_, AnyView>((coops, featured, categories))
    };
    view! {
        <Title text=format!("{} · {}", t("site-name"), t("site-tagline"))/>
        <Meta name="description" content=t("meta-description")/>
        <section class="hero">
            <h1>{t("home-title")}</h1>
            <p>{t("home-lead")}</p>
        </section>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (coops, featured, categories) = match load.await {
                    Ok(data) => data,
                    Err(view) => return view,
                };
                view! {
                    <section class="categories">
                        <h2>{t("home-categories")}</h2>
                        <ul class="chips">
                            {categories
                                .into_iter()
                                .map(|c: CategoryNode| {
                                    let href = format!("/categories/{}", c.slug);
                                    view! { <li><a href=href>{c.name.get(locale).to_owned()}</a></li> }
                                })
                                .collect_view()}
                        </ul>
                    </section>
                    <section>
                        <h2>{t("home-featured")}</h2>
                        <div class="grid products">
                            {featured
                                .items
                                .into_iter()
                                .enumerate()
                                .map(|(i, p)| view! { <ProductCardView product=p lazy={i >= 4}/> })
                                .collect_view()}
                        </div>
                        <p class="more"><a href="/search">{t("home-all-products")}</a></p>
                    </section>
                    <section>
                        <h2>{t("home-cooperatives")}</h2>
                        <div class="grid coops">
                            {coops
                                .items
                                .into_iter()
                                .map(|c| view! { <CooperativeCardView cooperative=c/> })
                                .collect_view()}
                        </div>
                        <p class="more"><a href="/cooperatives">{t("home-all-cooperatives")}</a></p>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}
