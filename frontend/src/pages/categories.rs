//! `/categories`: the whole category tree.

use crate::components::Title;
use catalog::CategoryNode;
use kernel::Locale;
use leptos::prelude::*;

use super::{failure, services};
use crate::i18n::{lang, t};

/// `/categories`
#[component]
pub fn CategoriesPage() -> impl IntoView {
    let locale = lang();
    let load = async move {
        let catalog = services().map_err(failure)?.catalog;
        catalog.categories().await.map_err(failure)
    };
    view! {
        <Title text=format!("{} · {}", t("categories-title"), t("site-name"))/>
        <h1>{t("categories-title")}</h1>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match load.await {
                    Ok(tree) => view! { <div class="tree">{tree_view(tree, locale)}</div> }.into_any(),
                    Err(view) => view,
                }
            })}
        </Suspense>
    }
}

fn tree_view(nodes: Vec<CategoryNode>, locale: Locale) -> AnyView {
    view! {
        <ul>
            {nodes
                .into_iter()
                .map(|node| {
                    let href = format!("/categories/{}", node.slug);
                    let name = node.name.get(locale).to_owned();
                    let children = (!node.children.is_empty()).then(|| tree_view(node.children, locale));
                    view! { <li><a href=href>{name}</a>{children}</li> }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
