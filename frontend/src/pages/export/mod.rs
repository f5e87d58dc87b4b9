//! The export desk's pages: an importer's desk and company account
//! (`/export`), the request form (`/export/requests/new`), one request with
//! its quotes and messages for all three sides (`/export/requests/{id}`),
//! the export order (`/export/orders/{id}`), the cooperative's requests
//! (`/seller/export`) and union staff's desk (`/moderation/export`). The
//! pieces they share are here.

pub mod card;
pub mod desk;
pub mod order;
mod order_parts;
mod quote;
pub mod request;
pub mod request_form;
pub mod seller;
pub mod staff;

use exports::{BuyerView, DocumentKind, ExportStatus, Incoterm, RequestStatus, RequestSummary};
use kernel::{Currency, Locale, Money, Rate};
use leptos::prelude::*;
use uuid::Uuid;

use super::{param, when};
use crate::currency::Approx;
use crate::forms::{Choice, Csrf, ErrorSummary, Field, FormState};
use crate::i18n::{t, t_with};

/// What a line of a request is called, in the reader's language: its
/// listing's title (marked with the language it is written in) and the
/// importer's note, or the words of a custom design as written.
#[component]
fn LineName(
    /// As asked.
    description: String,
    /// The listing's title, in every language.
    title: Option<kernel::I18nText>,
    /// The importer's note on it.
    note: Option<String>,
) -> AnyView {
    match title {
        Some(title) => {
            let (written, text) = title.found(crate::i18n::lang());
            view! {
                <span class="line-title" lang=crate::i18n::lang_of(written)>{text.to_owned()}</span>
                {note.map(|n| view! { " — " <span class="line-note">{n}</span> })}
            }
            .into_any()
        }
        None => view! { <span class="line-title">{description}</span> }.into_any(),
    }
}

/// The label of a request's or an order's status (`export-status-…`).
fn status_label(status: &str) -> String {
    t(&format!("export-status-{}", status.replace('_', "-")))
}

/// A request's status as a word and a colour.
#[component]
fn RequestBadge(
    /// The status.
    status: RequestStatus,
) -> AnyView {
    let s = status.as_str();
    view! { <span class=format!("status export-{s}")>{status_label(s)}</span> }.into_any()
}

/// An export order's step as a word and a colour.
#[component]
fn OrderBadge(
    /// The step.
    status: ExportStatus,
) -> AnyView {
    let s = status.as_str();
    view! { <span class=format!("status export-{s}")>{status_label(s)}</span> }.into_any()
}

/// A document kind's name (`export-doc-…`).
fn doc_label(kind: DocumentKind) -> String {
    t(&format!("export-doc-{}", kind.as_str().replace('_', "-")))
}

/// An Incoterm with its place: `FOB Đà Nẵng`.
fn terms(incoterm: Incoterm, place: &str) -> String {
    format!("{} {place}", incoterm.as_str())
}

/// The Incoterms offered, each with what it means.
fn incoterm_options() -> Vec<(String, String)> {
    Incoterm::ALL
        .into_iter()
        .map(|i| {
            (
                i.as_str().to_owned(),
                t(&format!("incoterm-{}", i.as_str().to_ascii_lowercase())),
            )
        })
        .collect()
}

/// `≈ ¥1,234` at a rate fixed on a quote; none for đồng.
fn fx(rate: Option<Rate>, vnd: Money) -> Option<String> {
    rate.and_then(|r| r.convert(vnd))
        .map(|m| format!("≈\u{a0}{m}"))
}

/// An amount in đồng with its value at the quote's rate beside it.
#[component]
fn Amount(
    /// The amount.
    vnd: Money,
    /// The rate fixed on the quote.
    rate: Option<Rate>,
) -> AnyView {
    view! {
        <span class="amount">{vnd.to_string()}</span>
        {fx(rate, vnd).map(|s| view! { " " <span class="fx">{s}</span> })}
    }
    .into_any()
}

/// `1 JPY = 170.35 ₫`.
fn rate_text(rate: Rate) -> String {
    let (units, milli) = (
        rate.vnd_per_unit_milli / 1000,
        rate.vnd_per_unit_milli % 1000,
    );
    let vnd = if milli == 0 {
        units.to_string()
    } else {
        format!("{units}.{milli:03}")
            .trim_end_matches('0')
            .to_owned()
    };
    t_with(
        "export-rate",
        &[
            ("currency", rate.currency.code().into()),
            ("vnd", vnd.into()),
        ],
    )
}

/// The id in the page's path, as the error the domain gives for a missing
/// request or order.
fn id_param(missing: exports::Error) -> Result<Uuid, exports::Error> {
    param("id").parse().map_err(|_| missing)
}

/// Who wrote a message, as the reader sees it.
fn side_label(side: &str) -> String {
    t(&format!("export-side-{side}"))
}

/// A date as the page's readers write it.
fn day(date: chrono::NaiveDate) -> String {
    crate::format::date(date, crate::i18n::lang())
}

/// Requests for quote in a dense table.
#[component]
fn RequestTable(
    /// The requests.
    requests: Vec<RequestSummary>,
    /// Show the importer's company (the cooperative's and staff's lists).
    company: bool,
    /// Show the cooperative (the importer's and staff's lists).
    cooperative: bool,
) -> AnyView {
    view! {
        <div class="table-scroll">
            <table class="dense export-requests">
                <thead><tr>
                    <th>{t("export-request-number")}</th>
                    <th>{t("export-asked")}</th>
                    {company.then(|| view! { <th>{t("export-company")}</th> })}
                    {cooperative.then(|| view! { <th>{t("order-cooperative")}</th> })}
                    <th>{t("export-terms")}</th>
                    <th class="num">{t("export-quoted")}</th>
                    <th>{t("order-status")}</th>
                </tr></thead>
                <tbody>
                    {requests.into_iter().map(|r| view! {
                        <tr>
                            <td><a href=format!("/export/requests/{}", r.id)>{r.number.clone()}</a></td>
                            <td>{when(r.created_at)}</td>
                            {company.then(|| view! { <td>{r.company_name.clone()}<small>{r.country.clone()}</small></td> })}
                            {cooperative.then(|| view! { <td>{r.cooperative.name.clone()}</td> })}
                            <td>{r.terms.clone()}</td>
                            <td class="num">{r.quoted.map(|q| view! { {q.to_string()}<Approx low=q high=q/> })}</td>
                            <td>
                                <RequestBadge status=r.status/>
                                {r.order.clone().map(|o| view! {
                                    <small><a href=format!("/export/orders/{}", o.id)>{o.number}</a> " · " {status_label(o.status.as_str())}</small>
                                })}
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The importer's company account form, filled from `buyer` when editing;
/// `next` is where to go once saved.
#[component]
fn CompanyForm(
    /// The account as it is.
    buyer: Option<BuyerView>,
    /// The failed submission.
    state: Option<FormState>,
    /// Where to go once saved.
    next: String,
) -> AnyView {
    let b = buyer;
    let languages: Vec<(String, String)> = Locale::ALL
        .into_iter()
        .map(|l| (l.code().to_owned(), l.native_name().to_owned()))
        .collect();
    let currencies: Vec<(String, String)> = [Currency::Vnd]
        .into_iter()
        .chain(Currency::FOREIGN)
        .map(|c| {
            (
                c.code().to_owned(),
                t(&format!(
                    "export-currency-{}",
                    c.code().to_ascii_lowercase()
                )),
            )
        })
        .collect();
    let page_lang = crate::i18n::lang();
    let language = b
        .as_ref()
        .map_or(page_lang, |b| b.language)
        .code()
        .to_owned();
    let currency = b
        .as_ref()
        .map(|b| b.currency)
        .or_else(|| Currency::for_locale(page_lang))
        .unwrap_or(Currency::Usd)
        .code()
        .to_owned();
    view! {
        <ErrorSummary state=state.clone() scope="export"/>
        <form method="post" action="/export/company" class="form company-form">
            <Csrf/>
            <input type="hidden" name="next" value=next/>
            <Field name="company_name" state=state.clone() required=true autocomplete="organization" label=t("field-export-company-name") value=b.as_ref().map(|b| b.company_name.clone()).unwrap_or_default()/>
            <Field name="country" state=state.clone() required=true autocomplete="country" label=t("field-export-country") hint=t("hint-export-country") value=b.as_ref().map(|b| b.country.clone()).unwrap_or_default()/>
            <Field name="tax_number" state=state.clone() label=t("field-export-tax-number") value=b.as_ref().and_then(|b| b.tax_number.clone()).unwrap_or_default()/>
            <Field name="phone" kind="tel" state=state.clone() autocomplete="tel" label=t("field-export-phone") value=b.as_ref().and_then(|b| b.phone.clone()).unwrap_or_default()/>
            <Choice name="language" options=languages state=state.clone() value=language label=t("field-export-language") hint=t("hint-export-language")/>
            <Choice name="currency" options=currencies state=state.clone() value=currency label=t("field-export-currency") hint=t("hint-export-currency")/>
            <button type="submit" class="button">{t("export-company-save")}</button>
        </form>
    }
    .into_any()
}

/// The problems of a form that failed as a whole: the translated code.
fn form_message(state: &Option<FormState>) -> Option<String> {
    state
        .as_ref()
        .and_then(|s| s.message.clone())
        .map(|(code, fallback)| crate::i18n::try_t(&format!("error-{code}")).unwrap_or(fallback))
}
