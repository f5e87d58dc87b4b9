//! Quotes on a request's page: every version as a table with its terms and
//! total (in đồng, and in the importer's currency at the rate fixed on the
//! quote); the importer's "accept" form; the cooperative manager's quote
//! form, prefilled from the latest version for a revision.

use exports::read::RequestLineView;
use exports::{QuoteView, RequestView};
use leptos::prelude::*;
use uuid::Uuid;

use super::{Amount, LineName, day, incoterm_options, rate_text, terms};
use crate::forms::{Choice, Csrf, ErrorSummary, Field, FormState};
use crate::i18n::{t, t_with};

/// One version of a quote: its lines, terms and total.
#[component]
pub(super) fn QuoteVersion(
    /// The version.
    quote: QuoteView,
    /// Whether it is the latest.
    latest: bool,
) -> AnyView {
    let rate = quote.rate;
    let q = quote;
    let sample = q.sample_price.map(|p| match q.sample_days {
        Some(days) => t_with(
            "export-sample-in",
            &[("price", p.to_string().into()), ("days", days.into())],
        ),
        None => p.to_string(),
    });
    view! {
        <section class="quote-version" class:expired=q.expired id=format!("quote-v{}", q.version)>
            <h3>
                {t_with("export-quote-version", &[("version", q.version.into())])}
                {latest.then(|| view! { " " <span class="flag">{t("export-quote-latest")}</span> })}
                {q.expired.then(|| view! { " " <span class="flag flag-danger">{t("export-quote-expired")}</span> })}
            </h3>
            <p class="hint">{t_with("export-quote-sent", &[("date", super::when(q.created_at).into())])}</p>
            <div class="table-scroll">
                <table class="dense quote-lines">
                    <thead><tr>
                        <th>{t("order-product")}</th>
                        <th class="num">{t("field-quantity")}</th>
                        <th class="num">{t("order-unit-price")}</th>
                        <th class="num">{t("order-line-total")}</th>
                        <th class="num">{t("export-moq")}</th>
                        <th class="num">{t("export-lead-time")}</th>
                    </tr></thead>
                    <tbody>
                        {q.lines.iter().map(|l| view! {
                            <tr>
                                <td><LineName description=l.description.clone() title=l.title.clone() note=l.note.clone()/>{l.sku.clone().map(|s| view! { <small><code>{s}</code></small> })}</td>
                                <td class="num">{l.quantity}</td>
                                <td class="num">{l.unit_price.to_string()}</td>
                                <td class="num">{l.amount.to_string()}</td>
                                <td class="num">{l.min_qty}</td>
                                <td class="num">{t_with("export-days", &[("days", l.lead_time_days.into())])}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <dl class="facts quote-terms">
                <dt>{t("field-export-incoterm")}</dt><dd>{terms(q.incoterm, &q.named_place)}</dd>
                {q.packing.clone().map(|p| view! { <dt>{t("field-export-packing")}</dt><dd>{p}</dd> })}
                {sample.map(|s| view! { <dt>{t("export-sample")}</dt><dd>{s}</dd> })}
                <dt>{t("field-export-deposit-percent")}</dt>
                <dd>{format!("{} %", q.deposit_percent)} " · " <Amount vnd=q.deposit rate=rate/></dd>
                <dt>{t("field-export-valid-until")}</dt><dd>{day(q.valid_until)}</dd>
                {q.notes.clone().map(|n| view! { <dt>{t("field-export-notes")}</dt><dd class="pre">{n}</dd> })}
            </dl>
            <p class="quote-total">
                {t("order-total")} " " <strong class="grand">{q.total.to_string()}</strong>
                {q.total_in_currency.map(|m| view! { " " <span class="fx">{format!("≈\u{a0}{m}")}</span> })}
            </p>
            {rate.map(|r| view! { <p class="hint rate">{rate_text(r)}</p> })}
        </section>
    }
    .into_any()
}

/// The importer accepts the latest version (with a confirmation).
#[component]
pub(super) fn AcceptForm(
    /// The request.
    request: Uuid,
    /// The version.
    quote: QuoteView,
    /// The failed submission.
    state: Option<FormState>,
) -> AnyView {
    let version = quote.version;
    view! {
        <form method="post" action=format!("/export/requests/{request}/accept") class="form step-form accept-form" id="accept" novalidate=true>
            <h3>{t_with("export-accept", &[("version", version.into())])}</h3>
            <p class="hint">{t_with("export-accept-hint", &[("deposit", quote.deposit.to_string().into()), ("percent", quote.deposit_percent.into())])}</p>
            <ErrorSummary state=state.clone() scope="export"/>
            <Csrf/>
            <input type="hidden" name="version" value=version.to_string()/>
            <div class="field">
                <label class="check">
                    <input type="checkbox" id="f-confirm" name="confirm" value="yes" required=true/>
                    " " {t_with("export-accept-confirm", &[("total", quote.total.to_string().into())])}
                </label>
            </div>
            <button type="submit" class="button">{t_with("export-accept", &[("version", version.into())])}</button>
        </form>
    }
    .into_any()
}

/// A typed value, else the default.
fn value_or(state: &Option<FormState>, name: &str, default: String) -> String {
    state
        .as_ref()
        .and_then(|s| s.values.get(name).cloned())
        .unwrap_or(default)
}

/// The cooperative's quote: a price, minimum and lead time per line of
/// the request, then the terms. Prefilled from `latest` for a revision.
#[component]
pub(super) fn QuoteForm(
    /// The request.
    request: RequestView,
    /// The latest version, if any.
    latest: Option<QuoteView>,
    /// The failed submission.
    state: Option<FormState>,
) -> AnyView {
    let id = request.id;
    let l = latest.clone();
    let line_default =
        |line: &RequestLineView, pick: &dyn Fn(&exports::quotes::QuoteLineView) -> String| {
            l.as_ref()
                .and_then(|q| q.lines.iter().find(|ql| ql.line_id == line.id))
                .map(pick)
                .unwrap_or_default()
        };
    let rows = request
        .lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let price = line_default(line, &|q| q.unit_price.amount.to_string());
            let min = line_default(line, &|q| q.min_qty.to_string());
            let lead = line_default(line, &|q| q.lead_time_days.to_string());
            view! {
                <fieldset class="quote-line">
                    <legend>
                        <LineName description=line.description.clone() title=line.title.clone() note=line.note.clone()/> " · " {t_with("export-units", &[("count", line.quantity.into())])}
                        {line.sku.clone().map(|s| view! { " · " <code>{s}</code> })}
                    </legend>
                    <input type="hidden" name=format!("lines[{i}].line_id") value=line.id.to_string()/>
                    <div class="line-grid">
                        <Field name=format!("lines[{i}].unit_price_vnd") state=state.clone() required=true value=price label=t("field-export-unit-price-vnd") inputmode="numeric"/>
                        <Field name=format!("lines[{i}].min_qty") state=state.clone() value=min label=t("field-export-min-qty") inputmode="numeric" plain=true/>
                        <Field name=format!("lines[{i}].lead_time_days") state=state.clone() required=true value=lead label=t("field-export-lead-time-days") inputmode="numeric"/>
                    </div>
                </fieldset>
            }
        })
        .collect_view();
    let in_a_month = kernel::time::today_in_vietnam(chrono::Utc::now()) + chrono::Days::new(30);
    let incoterm = l
        .as_ref()
        .map_or(request.incoterm, |q| q.incoterm)
        .as_str()
        .to_owned();
    let place = l
        .as_ref()
        .map_or_else(|| request.named_place.clone(), |q| q.named_place.clone());
    let lines_problems: Vec<String> = state
        .as_ref()
        .and_then(|s| s.errors.get("lines"))
        .map(|p| p.iter().map(crate::forms::translate_problem).collect())
        .unwrap_or_default();
    view! {
        <section class="panel quote-form-panel" id="quote-form">
            <h2>{if latest.is_some() { t("export-quote-revise") } else { t("export-quote-send") }}</h2>
            <p class="hint">{t("export-quote-lead")}</p>
            <ErrorSummary state=state.clone() scope="export"/>
            <form method="post" action=format!("/export/requests/{id}/quotes") class="form quote-form" novalidate=true>
                <Csrf/>
                {(!lines_problems.is_empty()).then(|| view! { <p class="field-error" id="f-lines">{lines_problems.join(" · ")}</p> })}
                {rows}
                <Choice name="incoterm" options=incoterm_options() state=state.clone() value=incoterm label=t("field-export-incoterm")/>
                <Field name="named_place" state=state.clone() value=place label=t("field-export-named-place")/>
                <Field name="packing" kind="textarea" state=state.clone() value=l.as_ref().and_then(|q| q.packing.clone()).unwrap_or_default() label=t("field-export-packing")/>
                <div class="line-grid">
                    <Field name="sample_price_vnd" state=state.clone() value=l.as_ref().and_then(|q| q.sample_price.map(|p| p.amount.to_string())).unwrap_or_default() label=t("field-export-sample-price-vnd") inputmode="numeric"/>
                    <Field name="sample_days" state=state.clone() value=l.as_ref().and_then(|q| q.sample_days.map(|d| d.to_string())).unwrap_or_default() label=t("field-export-sample-days") inputmode="numeric"/>
                </div>
                <div class="line-grid">
                    <Field name="deposit_percent" state=state.clone() required=true value=value_or(&state, "deposit_percent", l.as_ref().map_or(30, |q| q.deposit_percent).to_string()) label=t("field-export-deposit-percent") inputmode="numeric"/>
                    <Field name="valid_until" kind="date" state=state.clone() required=true value=in_a_month.to_string() label=t("field-export-valid-until")/>
                </div>
                <Field name="notes" kind="textarea" state=state.clone() value=l.as_ref().and_then(|q| q.notes.clone()).unwrap_or_default() label=t("field-export-notes")/>
                <button type="submit" class="button">{if latest.is_some() { t("export-quote-revise") } else { t("export-quote-send") }}</button>
            </form>
        </section>
    }
    .into_any()
}
