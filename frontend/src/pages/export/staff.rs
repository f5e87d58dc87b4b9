//! `/moderation/export?status=&country=&cooperative=`: union staff's export
//! desk — every request for quote (filtered with a GET form) and the
//! figures: requests, quoted, accepted, the acceptance rate and the export
//! value by country.

use exports::read::ExportFigures;
use exports::{DeskFilter, RequestStatus};
use leptos::prelude::*;

use super::RequestTable;
use crate::components::Title;
use crate::forms::Notice;
use crate::i18n::{t, t_with};
use crate::pages::moderation::StaffNav;
use crate::pages::{failure, query, services, signed_in};

/// `/moderation/export`
#[component]
pub fn StaffExportPage() -> impl IntoView {
    let Some(actor) = signed_in() else {
        return ().into_any();
    };
    let status = query("status");
    let status = if RequestStatus::parse(&status).is_some() {
        status
    } else {
        String::new()
    };
    let filter = DeskFilter {
        status: Some(status.clone()).filter(|s| !s.is_empty()),
        country: Some(query("country").to_ascii_uppercase()).filter(|c| !c.is_empty()),
        cooperative: Some(query("cooperative")).filter(|c| !c.is_empty()),
    };
    let shown = filter.clone();
    let load = async move {
        let exports = services().map_err(failure)?.exports;
        exports.desk(&actor, &filter).await.map_err(failure)
    };
    view! {
        <Title text=format!("{} · {}", t("staff-export"), t("site-name"))/>
        <h1>{t("staff-title")}</h1>
        <StaffNav current="staff-export"/>
        <Notice/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let desk = match load.await {
                    Ok(desk) => desk,
                    Err(view) => return view,
                };
                let any = shown.status.is_some() || shown.country.is_some() || shown.cooperative.is_some();
                view! {
                    <Figures figures=desk.figures/>
                    <FilterForm filter=shown.clone()/>
                    <p class="result-count">{t_with("export-requests-count", &[("count", desk.requests.len().into())])}</p>
                    {if desk.requests.is_empty() {
                        view! { <p class="empty">{if any { t("export-none-match") } else { t("export-no-requests-staff") }}</p> }.into_any()
                    } else {
                        view! { <RequestTable requests=desk.requests company=true cooperative=true/> }.into_any()
                    }}
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}

/// The desk's figures.
#[component]
fn Figures(
    /// The figures.
    figures: ExportFigures,
) -> AnyView {
    view! {
        <section class="panel export-figures">
            <h2>{t("export-figures")}</h2>
            <dl class="counts">
                <div><dt>{t("export-figure-requests")}</dt><dd>{figures.requests}</dd></div>
                <div><dt>{t("export-figure-quoted")}</dt><dd>{figures.quoted}</dd></div>
                <div><dt>{t("export-figure-accepted")}</dt><dd>{figures.accepted}</dd></div>
                <div><dt>{t("export-figure-rate")}</dt><dd>{format!("{} %", figures.acceptance_rate_percent)}</dd></div>
            </dl>
            {(!figures.by_country.is_empty()).then(|| view! {
                <h3>{t("export-value-by-country")}</h3>
                <table class="dense by-country">
                    <thead><tr>
                        <th>{t("field-export-country")}</th>
                        <th class="num">{t("export-orders")}</th>
                        <th class="num">{t("export-value")}</th>
                    </tr></thead>
                    <tbody>
                        {figures.by_country.into_iter().map(|c| view! {
                            <tr><td>{c.country}</td><td class="num">{c.orders}</td><td class="num">{c.value.to_string()}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
        </section>
    }
    .into_any()
}

/// The filters as a plain GET form.
#[component]
fn FilterForm(
    /// The filters in force.
    filter: DeskFilter,
) -> AnyView {
    let chosen = filter.status.clone().unwrap_or_default();
    let statuses = std::iter::once((String::new(), t("orders-any-status")))
        .chain(
            [
                RequestStatus::Open,
                RequestStatus::Quoted,
                RequestStatus::Accepted,
            ]
            .into_iter()
            .map(|s| (s.as_str().to_owned(), super::status_label(s.as_str()))),
        )
        .map(|(value, label)| {
            let selected = value == chosen;
            view! { <option value=value selected=selected>{label}</option> }
        })
        .collect_view();
    let any = filter.status.is_some() || filter.country.is_some() || filter.cooperative.is_some();
    view! {
        <form method="get" action="/moderation/export" class="form filters order-filters" aria-label=t("orders-filter")>
            <div class="field">
                <label for="export-status">{t("order-status")}</label>
                <select id="export-status" name="status">{statuses}</select>
            </div>
            <div class="field">
                <label for="export-country">{t("field-export-country")}</label>
                <input id="export-country" name="country" maxlength="2" value=filter.country.clone().unwrap_or_default() placeholder="JP"/>
            </div>
            <div class="field">
                <label for="export-cooperative">{t("export-cooperative-slug")}</label>
                <input id="export-cooperative" name="cooperative" value=filter.cooperative.clone().unwrap_or_default() placeholder="bao-la"/>
            </div>
            <div class="field">
                <button type="submit" class="button">{t("filter-apply")}</button>
                {any.then(|| view! { <a href="/moderation/export" class="reset">{t("filter-reset")}</a> })}
            </div>
        </form>
    }
    .into_any()
}
