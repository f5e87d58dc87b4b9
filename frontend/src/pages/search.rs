//! `/search?q=`: listings whose title or tags contain every word typed,
//! diacritics ignored.

use catalog::ProductQuery;
use leptos::prelude::*;
use leptos_meta::Title;

use super::{failure, page_request, query, services};
use crate::components::{Pager, ProductCardView};
use crate::i18n::{t, t_with};

/// `/search?q=&page=`
#[component]
pub fn SearchPage() -> impl IntoView {
    let q = query("q");
    let page = page_request();
    let q_for_load = q.clone();
    let load = async move {
        let catalog = services().map_err(failure)?.catalog;
        let query = ProductQuery {
            q: (!q_for_load.is_empty()).then_some(q_for_load),
            ..ProductQuery::default()
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
                view! {
                    <p class="result-count" role="status">{heading}</p>
                    {(products.total == 0).then(|| view! { <p class="hint">{t("search-try")}</p> })}
                    <div class="grid products">
                        {products.items.into_iter().map(|p| view! { <ProductCardView product=p/> }).collect_view()}
                    </div>
                    <Pager page=products.page pages=pages base="/search".to_owned() params=vec![("q", q)]/>
                }
                .into_any()
            })}
        </Suspense>
    }
}
