//! `/categories/{slug}`: a category, its sub-categories and its products.

use crate::components::Title;
use catalog::ProductQuery;
use kernel::id::IdOrSlug;
use leptos::prelude::*;

use super::{FilterForm, ListFilters, failure, page_request, param, services};
use crate::components::{Breadcrumbs, Pager, ProductCardView};
use crate::i18n::{lang, t};

/// `/categories/{slug}?page=`
#[component]
pub fn CategoryPage() -> impl IntoView {
    let locale = lang();
    let slug = param("slug");
    let page = page_request();
    let filters = ListFilters::from_query();
    let query = filters.apply(ProductQuery::default());
    let load = async move {
        let catalog = services().map_err(failure)?.catalog;
        let key = IdOrSlug::parse(&slug);
        let detail = catalog.category(&key).await.map_err(failure)?;
        let query = ProductQuery {
            category: Some(key),
            ..query
        };
        let products = catalog.list_products(&query, page).await.map_err(failure)?;
        Ok::<_, AnyView>((detail, products))
    };
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (detail, products) = match load.await {
                    Ok(data) => data,
                    Err(view) => return view,
                };
                let name = detail.category.name.get(locale).to_owned();
                let base = format!("/categories/{}", detail.category.slug);
                let pages = products.pages();
                let trail = detail
                    .ancestors
                    .iter()
                    .map(|c| (format!("/categories/{}", c.slug), c.name.get(locale).to_owned()))
                    .collect();
                view! {
                    <Title text=format!("{name} · {}", t("site-name"))/>
                    <Breadcrumbs trail=trail current=name.clone()/>
                    <h1>{name}</h1>
                    {(!detail.children.is_empty()).then(|| view! {
                        <nav aria-label=t("category-subcategories")>
                            <ul class="chips">
                                {detail.children.iter().map(|c| {
                                    let href = format!("/categories/{}", c.slug);
                                    view! { <li><a href=href>{c.name.get(locale).to_owned()}</a></li> }
                                }).collect_view()}
                            </ul>
                        </nav>
                    })}
                    <FilterForm action=base.clone() filters=filters.clone()/>
                    {if products.items.is_empty() {
                        let text = if filters.any() { t("filter-none-match") } else { t("category-empty") };
                        view! { <p class="empty">{text}</p> }.into_any()
                    } else {
                        view! {
                            <div class="grid products">
                                {products.items.into_iter().map(|p| view! { <ProductCardView product=p/> }).collect_view()}
                            </div>
                        }
                        .into_any()
                    }}
                    <Pager page=products.page pages=pages base=base params=filters.params()/>
                }
                .into_any()
            })}
        </Suspense>
    }
}
