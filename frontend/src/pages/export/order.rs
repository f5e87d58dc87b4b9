//! `/export/orders/{id}`: the export order for its importer, its
//! cooperative and union staff — parties, the quote accepted, the money
//! (total, deposit, balance, each with its transfer reference and the
//! union's bank details; staff record each as received), the timeline, the
//! documents checklist, and the cooperative's next step.

use exports::orders::ExportPaymentView;
use exports::{ExportOrderView, ExportStatus, Part};
use kernel::CooperativeId;
use leptos::prelude::*;

use super::order_parts::{Documents, StepForm, Timeline};
use super::quote::QuoteVersion;
use super::{Amount, OrderBadge, id_param, terms, when};
use crate::components::Title;
use crate::forms::{Csrf, ErrorSummary, Field, FormState, Notice, state_of};
use crate::i18n::{t, t_with};
use crate::pages::{failure, mark_failed, services, signed_in};

/// `/export/orders/{id}`
#[component]
pub fn ExportOrderPage() -> impl IntoView {
    let Some(actor) = signed_in() else {
        return ().into_any();
    };
    let reader = actor.clone();
    let load = async move {
        let exports = services().map_err(failure)?.exports;
        let id = id_param(exports::Error::OrderNotFound).map_err(failure)?;
        exports
            .export_order(Some(&reader), id)
            .await
            .map_err(failure)
    };
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let order = match load.await {
                    Ok(order) => order,
                    Err(view) => return view,
                };
                let member = actor.role_in(CooperativeId(order.cooperative.id)).is_some();
                let back = if member {
                    ("/seller/export".to_owned(), t("seller-export-title"))
                } else if actor.is_staff() {
                    ("/moderation/export".to_owned(), t("staff-export"))
                } else {
                    ("/export".to_owned(), t("export-desk-title"))
                };
                let next_step = order
                    .may
                    .iter()
                    .find_map(|m| m.strip_prefix("step:"))
                    .and_then(ExportStatus::parse);
                let upload = order.may.iter().any(|m| m == "upload");
                view! {
                    <Title text=format!("{} {} · {}", t("export-order-title"), order.number, t("site-name"))/>
                    <nav class="breadcrumbs">
                        <a href=back.0>{back.1}</a> " › "
                        <a href=format!("/export/requests/{}", order.request_id)>{order.request_number.clone()}</a> " › "
                        <span>{order.number.clone()}</span>
                    </nav>
                    <h1>{t("export-order-title")} " " <span class="order-number">{order.number.clone()}</span></h1>
                    <Notice/>
                    <OrderHead order=order.clone()/>
                    <div class="order-layout export-layout">
                        <div>
                            {next_step.map(|to| view! {
                                <section class="panel order-actions" id="next-step">
                                    <h2>{t("seller-order-next")}</h2>
                                    <StepForm order=order.clone() to=to/>
                                </section>
                            })}
                            <Money order=order.clone()/>
                            <Documents order=order.clone() upload=upload/>
                            <section class="panel accepted-quote">
                                <h2>{t("export-quote-accepted")}</h2>
                                <QuoteVersion quote=order.quote.clone() latest=false/>
                            </section>
                        </div>
                        <div>
                            <Timeline order=order.clone()/>
                        </div>
                    </div>
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}

/// Status, what it means, and the parties.
#[component]
fn OrderHead(
    /// The order.
    order: ExportOrderView,
) -> AnyView {
    let o = order;
    view! {
        <section class="panel status-panel order-head">
            <p><OrderBadge status=o.status/></p>
            <p class="hint">{t(&format!("export-explain-{}", o.status.as_str().replace('_', "-")))}</p>
            <dl class="facts parties">
                <dt>{t("export-seller")}</dt>
                <dd><a href=format!("/cooperatives/{}", o.cooperative.slug)>{o.cooperative.name.clone()}</a></dd>
                <dt>{t("export-buyer")}</dt><dd>{o.company_name.clone()} " (" {o.country.clone()} ")"</dd>
                <dt>{t("field-export-incoterm")}</dt><dd>{terms(o.quote.incoterm, &o.quote.named_place)}</dd>
                <dt>{t("field-export-destination-port")}</dt><dd>{o.destination_port.clone()}</dd>
                {o.transport_ref.clone().map(|r| view! {
                    <dt>{t("export-shipped-with")}</dt>
                    <dd>{o.carrier.clone().unwrap_or_default()} " " <code class="tracking-number">{r}</code></dd>
                })}
            </dl>
        </section>
    }
    .into_any()
}

/// Total, deposit and balance; each payment with the reference to write on
/// the transfer and where it stands; the union's bank details; for staff,
/// the form to record a due payment as received.
#[component]
fn Money(
    /// The order.
    order: ExportOrderView,
) -> AnyView {
    let rate = order.quote.rate;
    let record = order.may.iter().any(|m| m == "record_payment");
    let pay_card = order.may.iter().any(|m| m == "pay_card");
    let status = order.status;
    let pending = order.payments.iter().any(|p| p.status != "paid");
    view! {
        <section class="panel payment-panel export-money" id="payment">
            <h2>{t("confirmation-payment")}</h2>
            <dl class="totals">
                <dt>{t("order-total")}</dt><dd class="grand"><Amount vnd=order.total rate=rate/></dd>
                <dt>{t_with("export-deposit-of", &[("percent", order.quote.deposit_percent.into())])}</dt><dd><Amount vnd=order.deposit rate=rate/></dd>
                <dt>{t("export-balance")}</dt><dd><Amount vnd=order.balance rate=rate/></dd>
            </dl>
            <ul class="plain export-payments">
                {order.payments.iter().map(|p| payment_row(p, rate, pay_card && p.part.steps().0 == status)).collect_view()}
            </ul>
            {pending.then(|| view! {
                <div class="bank-details">
                    <p>{t("export-transfer-how")}</p>
                    <ul class="plain">
                        {order.bank_details.iter().map(|l| view! { <li>{l.clone()}</li> }).collect_view()}
                    </ul>
                </div>
            })}
            {record.then(|| {
                order
                    .payments
                    .iter()
                    .filter(|p| p.status != "paid" && p.part.steps().0 == status)
                    .map(|p| view! { <RecordPayment order=order.id payment=p.clone()/> })
                    .collect_view()
            })}
        </section>
    }
    .into_any()
}

fn payment_row(
    p: &ExportPaymentView,
    rate: Option<kernel::Rate>,
    by_card: bool,
) -> impl IntoView + use<> {
    let paid = p.status == "paid";
    let by_card = by_card && !paid;
    let part = match p.part {
        Part::Deposit => t("export-deposit"),
        Part::Balance => t("export-balance"),
    };
    view! {
        <li class=format!("payment payment-{}", p.status)>
            <p>
                <strong>{part}</strong> " · " <Amount vnd=p.amount rate=rate/> " · "
                <span class=format!("pay pay-{}", if paid { "paid" } else { "unpaid" })>
                    {if paid { t("export-paid") } else { t("export-awaited") }}
                </span>
                {p.paid_at.map(|at| view! { " " <small class="muted">{when(at)}</small> })}
            </p>
            <p class="reference-line">{t("export-reference")} " " <code class="reference">{p.reference.clone()}</code></p>
            {p.bank_reference.clone().map(|r| view! { <p class="hint">{t("field-export-bank-reference")} " " {r}</p> })}
            {p.method.as_deref().map(|m| view! { <p class="hint paid-by">{t(&format!("export-paid-by-{}", m.replace('_', "-")))}</p> })}
            {p.card.as_ref().filter(|_| !paid).map(|c| view! { <p class="hint">{t_with("export-card-charged", &[("amount", c.money().to_string().into()), ("rate", kernel::Money::vnd((c.vnd_per_usd_milli + 500) / 1000).to_string().into())])}</p> })}
            {p.failure.as_deref().map(|f| view! { <p class="field-error payment-failure">{payment_failure(f)}</p> })}
            {by_card.then(|| view! { <p><a class="button pay-card" href=format!("/export/payments/{}/card", p.id)>{t("export-pay-card")}</a></p> })}
        </li>
    }
}

/// What a payment's failure note says, in the reader's language.
fn payment_failure(note: &str) -> String {
    match note.strip_prefix(exports::cards::PAID_TWICE) {
        Some(intent) => t_with(
            "export-card-paid-twice",
            &[("intent", intent.trim().to_owned().into())],
        ),
        None => crate::pages::payments::card_failure_text(note),
    }
}

/// Union staff record that a payment arrived in the union's account.
#[component]
fn RecordPayment(
    /// The order.
    order: uuid::Uuid,
    /// The payment.
    payment: ExportPaymentView,
) -> AnyView {
    let form = format!("payment-{}", payment.id);
    let state: Option<FormState> = state_of(&form);
    mark_failed(&state);
    let part = match payment.part {
        Part::Deposit => t("export-deposit"),
        Part::Balance => t("export-balance"),
    };
    view! {
        <form method="post" action=format!("/export/orders/{order}/payments/{}/received", payment.id) class="form step-form money-form record-payment" id=form.clone() novalidate=true>
            <h3>{t_with("export-record-received", &[("part", part.into())])}</h3>
            <p class="hint">{t_with("export-record-hint", &[("amount", payment.amount.to_string().into()), ("reference", payment.reference.clone().into())])}</p>
            <ErrorSummary state=state.clone() scope="export"/>
            <Csrf/>
            <Field name="bank_reference" state=state.clone() label=t("field-export-bank-reference") hint=t("hint-export-bank-reference")/>
            <div class="field">
                <label class="check">
                    <input type="checkbox" id="f-confirm" name="confirm" value="yes" required=true/>
                    " " {t_with("export-record-confirm", &[("amount", payment.amount.to_string().into())])}
                </label>
            </div>
            <button type="submit" class="button">{t("export-record-submit")}</button>
        </form>
    }
    .into_any()
}
