//! `/cooperatives`: every admitted seller.

use crate::components::Title;
use leptos::prelude::*;

use super::{failure, page_request, services};
use crate::components::{CooperativeCardView, Pager};
use crate::i18n::t;

/// `/cooperatives?page=`
#[component]
pub fn CooperativesPage() -> impl IntoView {
    let page = page_request();
    let load = async move {
        let services = services().map_err(failure)?;
        services
            .catalog
            .list_cooperatives(page)
            .await
            .map_err(failure)
    };
    view! {
        <Title text=format!("{} · {}", t("cooperatives-title"), t("site-name"))/>
        <section class="intro">
            <h1>{t("cooperatives-title")}</h1>
            <p>{t("cooperatives-lead")}</p>
        </section>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let coops = match load.await {
                    Ok(coops) => coops,
                    Err(view) => return view,
                };
                let pages = coops.pages();
                if coops.items.is_empty() {
                    return view! { <p class="empty">{t("cooperatives-empty")}</p> }.into_any();
                }
                view! {
                    <div class="grid coops">
                        {coops
                            .items
                            .into_iter()
                            .map(|c| view! { <CooperativeCardView cooperative=c/> })
                            .collect_view()}
                    </div>
                    <Pager page=coops.page pages=pages base="/cooperatives".to_owned() params=vec![]/>
                }
                .into_any()
            })}
        </Suspense>
    }
}
