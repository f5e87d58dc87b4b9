//! `/export`: an importer's export desk — their company account (asked
//! for first, editable later) and their requests for quote.

use leptos::prelude::*;

use super::{CompanyForm, RequestTable};
use crate::components::Title;
use crate::forms::{Notice, state_of};
use crate::i18n::t;
use crate::pages::{failure, mark_failed, services, signed_in};

/// `/export`
#[component]
pub fn ExportDeskPage() -> impl IntoView {
    let Some(actor) = signed_in() else {
        return ().into_any();
    };
    let state = state_of("company");
    mark_failed(&state);
    let load = async move {
        let exports = services().map_err(failure)?.exports;
        let buyer = exports.buyer(&actor).await.map_err(failure)?;
        let requests = exports.my_requests(&actor).await.map_err(failure)?;
        Ok::<_, AnyView>((buyer, requests))
    };
    view! {
        <Title text=format!("{} · {}", t("export-desk-title"), t("site-name"))/>
        <h1>{t("export-desk-title")}</h1>
        <Notice/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (buyer, requests) = match load.await {
                    Ok(data) => data,
                    Err(view) => return view,
                };
                let Some(company) = buyer.clone() else {
                    return view! {
                        <section class="panel narrow company-first">
                            <h2>{t("export-company-title")}</h2>
                            <p class="lead">{t("export-company-lead")}</p>
                            <CompanyForm buyer=None state=state.clone() next="/export".to_owned()/>
                        </section>
                    }
                    .into_any();
                };
                let editing = state.is_some();
                view! {
                    <section class="panel company">
                        <h2>{company.company_name.clone()}</h2>
                        <p>
                            {company.country.clone()}
                            {company.tax_number.clone().map(|n| view! { " · " {t("field-export-tax-number")} " " {n} })}
                            " · " {company.language.native_name()} " · " {company.currency.code()}
                        </p>
                        <details class="edit-company" open=editing>
                            <summary>{t("export-company-edit")}</summary>
                            <CompanyForm buyer=buyer state=state.clone() next="/export".to_owned()/>
                        </details>
                    </section>
                    <section class="export-list">
                        <h2>{t("export-my-requests")}</h2>
                        <p class="hint">{t("export-how-to-ask")} " " <a href="/cooperatives">{t("nav-cooperatives")}</a></p>
                        {if requests.is_empty() {
                            view! {
                                <p class="empty">{t("export-no-requests")}</p>
                                <p><a class="button" href="/export/requests/new">{t("export-request-new")}</a></p>
                            }
                            .into_any()
                        } else {
                            view! {
                                <RequestTable requests=requests company=false cooperative=true/>
                                <p class="more"><a href="/export/requests/new">{t("export-request-new")}</a></p>
                            }
                            .into_any()
                        }}
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}
