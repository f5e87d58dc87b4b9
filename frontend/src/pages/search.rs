//! `/search?q=`: listings whose title or tags contain every word typed,
//! diacritics ignored.

use catalog::ProductQuery;
use leptos::prelude::*;
use leptos_meta::Title;

use super::{FilterForm, ListFilters, failure, page_request, query, services};
use crate::components::{Pager, ProductCardView};
use crate::i18n::{t, t_with};

/// `/search?q=&page=`
#[component]
pub fn SearchPage() -> impl IntoView {
    let q = query("q");
    let page = page_request();
    let filters = ListFilters::from_query();
    let q_for_load = q.clone();
    let query = filters.apply(ProductQuery::default());
    let load = async move {
        let catalog = services().map_err(failure)?.catalog;
        let query = ProductQuery {
            q: (!q_for_load.is_empty()).then_some(q_for_load),
            ..query
        };
        catalog.list_products(&query, page).await.map_err(failure)
    };
    view! {
        <Title text=format!("{} · {}", t("search-title"), t("site-name"))/>
        <h1>{t("search-title")}</h1>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let products = match load.await {
                    Ok(products) => products,
                    Err(view) => return view,
                };
                let pages = products.pages();
                let heading = if q.is_empty() {
                    t("search-empty-query")
                } else {
                    t_with("search-results", &[("count", products.total.into()), ("query", q.clone().into())])
                };
                let mut params = vec![("q", q.clone())];
                params.extend(filters.params());
                view! {
                    <p class="result-count" role="status">{heading}</p>
                    <FilterForm action="/search".to_owned() filters=filters.clone() q=q.clone()/>
                    {(products.total == 0).then(|| view! { <p class="hint">{t("search-try")}</p> })}
                    <div class="grid products">
                        {products.items.into_iter().map(|p| view! { <ProductCardView product=p/> }).collect_view()}
                    </div>
                    <Pager page=products.page pages=pages base="/search".to_owned() params=params/>
                }
                .into_any()
            })}
        </Suspense>
    }
}
