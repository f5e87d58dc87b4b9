//! `/seller/export?cooperative=`: the requests for quote of the
//! cooperatives the person works for (one, when chosen).

use kernel::CooperativeId;
use leptos::prelude::*;

use super::RequestTable;
use crate::components::Title;
use crate::forms::Notice;
use crate::i18n::t;
use crate::pages::listings::CoopTabs;
use crate::pages::{failure, query, services, signed_in};

/// `/seller/export`
#[component]
pub fn SellerExportPage() -> impl IntoView {
    let Some(actor) = signed_in() else {
        return ().into_any();
    };
    let chosen: Option<CooperativeId> = query("cooperative").parse().ok();
    let load = async move {
        let services = services().map_err(failure)?;
        let mine = services
            .catalog
            .my_cooperatives(&actor)
            .await
            .map_err(failure)?;
        let mut requests = Vec::new();
        for coop in mine
            .iter()
            .filter(|c| c.status == "approved" && c.role.is_some())
            .filter(|c| chosen.is_none_or(|id| id == c.id))
        {
            let mut theirs = services
                .exports
                .cooperative_requests(&actor, coop.id)
                .await
                .map_err(failure)?;
            requests.append(&mut theirs);
        }
        requests.sort_by_key(|r| std::cmp::Reverse(r.created_at));
        let several = mine.iter().filter(|c| c.role.is_some()).count() > 1;
        Ok::<_, AnyView>((requests, several))
    };
    view! {
        <Title text=format!("{} · {}", t("seller-export-title"), t("site-name"))/>
        <nav class="breadcrumbs"><a href="/seller">{t("nav-seller")}</a> " › " <span>{t("seller-export-title")}</span></nav>
        <h1>{t("seller-export-title")}</h1>
        {chosen.map(|id| view! { <CoopTabs id=id current="seller-tab-export"/> })}
        <Notice/>
        <p class="lead">{t("seller-export-lead")}</p>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (requests, several) = match load.await {
                    Ok(data) => data,
                    Err(view) => return view,
                };
                if requests.is_empty() {
                    return view! { <p class="empty">{t("seller-export-empty")}</p> }.into_any();
                }
                view! { <RequestTable requests=requests company=true cooperative=several/> }.into_any()
            })}
        </Suspense>
    }
    .into_any()
}
