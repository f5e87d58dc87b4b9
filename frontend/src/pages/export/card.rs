//! `/export/payments/{id}/card`: the importer pays an export order's due
//! deposit or balance by card, in US dollars. The page shows the amount in
//! đồng and what the card is charged at the rate fixed for it; the card
//! form (Stripe.js, shown only when scripts run) comes back to this same
//! page, which reads the payment again from Stripe and says where it
//! stands. Without scripts the page says so and offers the transfer.

use exports::{ExportCardView, Part};
use kernel::ErrorCode;
use leptos::prelude::*;

use super::id_param;
use crate::components::Title;
use crate::i18n::{t, t_with};
use crate::pages::payments::{PayState, allow_stripe, card_failure_text};
use crate::pages::{failure, services, set_status, signed_in};

/// `/export/payments/{id}/card`
#[component]
pub fn ExportCardPage() -> impl IntoView {
    let Some(actor) = signed_in() else {
        return ().into_any();
    };
    let load = async move {
        let exports = services().map_err(failure)?.exports;
        let id = id_param(exports::Error::PaymentNotFound).map_err(failure)?;
        match exports.card_payment(&actor, id).await {
            Ok(card) => Ok(card),
            Err(err) if err.code().name() == "payment_method_disabled" => Err(cards_off()),
            Err(err) => Err(failure(err)),
        }
    };
    view! {
        <Title text=format!("{} · {}", t("card-title"), t("site-name"))/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match load.await {
                    Ok(card) => card_page(card),
                    Err(view) => view,
                }
            })}
        </Suspense>
    }
    .into_any()
}

fn cards_off() -> AnyView {
    set_status(actix_web::http::StatusCode::NOT_FOUND);
    view! {
        <section class="message">
            <h1>{t("card-off-title")}</h1>
            <p>{t("export-card-off")}</p>
        </section>
    }
    .into_any()
}

fn card_page(card: ExportCardView) -> AnyView {
    let back = format!("/export/orders/{}#payment", card.order_id);
    let part = match card.part {
        Part::Deposit => t("export-deposit"),
        Part::Balance => t("export-balance"),
    };
    let charged = t_with(
        "export-card-charged",
        &[
            ("amount", card.charge.money().to_string().into()),
            (
                "rate",
                kernel::Money::vnd((card.charge.vnd_per_usd_milli + 500) / 1000)
                    .to_string()
                    .into(),
            ),
        ],
    );
    let head = view! {
        <nav class="breadcrumbs">
            <a href=back.clone()>{card.order_number.clone()}</a> " › " <span aria-current="page">{t("card-title")}</span>
        </nav>
        <h1>{t("card-title")}</h1>
        <p class="pay-line">{part} " · " <strong class="amount-to-pay">{card.amount.to_string()}</strong> " " <PayState status=card.state.clone()/></p>
        <p class="hint card-charge">{charged}</p>
    };
    let body = match card.state.as_str() {
        "paid" => view! {
            <p class="notice" role="status">{t("card-paid")}</p>
            <p><a class="button" href=back.clone()>{t("card-see-order")}</a></p>
        }
        .into_any(),
        "cancelled" => view! {
            <p class="banner" role="status">{t("card-cancelled")}</p>
            <p><a class="button" href=back.clone()>{t("card-back")}</a></p>
        }
        .into_any(),
        state => card_form(&card, state, &back),
    };
    view! { <section class=format!("narrow card-page card-{}", card.state)>{head}{body}</section> }
        .into_any()
}

fn card_form(card: &ExportCardView, state: &str, back: &str) -> AnyView {
    let Some(secret) = card.client_secret.clone() else {
        set_status(actix_web::http::StatusCode::SERVICE_UNAVAILABLE);
        return view! { <p class="banner">{t("card-unavailable")}</p> }.into_any();
    };
    allow_stripe(&card.js_url);
    let note = match state {
        "failed" => Some(
            view! { <p class="error-summary" role="alert">{card_failure_text(&card.message)}</p> }
                .into_any(),
        ),
        "requires_action" => Some(
            view! { <p class="banner" role="status">{t("card-state-requires-action")}</p> }
                .into_any(),
        ),
        _ => None,
    };
    let here = format!("/export/payments/{}/card", card.payment_id);
    view! {
        {note}
        <noscript>
            <div class="banner card-needs-js">
                <p><strong>{t("card-needs-js")}</strong></p>
                <p>{t("export-card-noscript")}</p>
                <p><a class="button secondary" href=back.to_owned()>{t("card-back")}</a></p>
            </div>
        </noscript>
        <form
            id="card-form"
            class="form card-form panel"
            method="get"
            action=here
            hidden=true
            data-stripe-key=card.publishable_key.clone()
            data-client-secret=secret
        >
            <input type="hidden" name="payment_intent" value=card.payment_intent.clone()/>
            <div class="field">
                <label for="card-element">{t("card-field")}</label>
                <div id="card-element" class="card-element"></div>
                <p id="card-errors" class="field-error" role="alert"></p>
            </div>
            <button type="submit" class="button">{t_with("card-pay-amount", &[("amount", card.charge.money().to_string().into())])}</button>
            <p class="hint">{t("card-secure")}</p>
        </form>
        <p id="card-script-failed" class="banner" hidden=true>{t("card-script-failed")} " " <a href=back.to_owned()>{t("card-back")}</a></p>
        <script src=card.js_url.clone()></script>
        <script src=crate::card_script_src() defer=true></script>
    }
    .into_any()
}
