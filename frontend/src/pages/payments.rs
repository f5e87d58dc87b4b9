//! Paying for a checkout: the payment panel of the confirmation (the VietQR
//! code with the account, amount and reference written out beside it, or
//! the way to the card page), the card page (`/checkout/{id}/card`: a form
//! Stripe.js fills in, shown only when scripts run, with a plain text
//! for browsers without them) and the page the card comes back to
//! (`/checkout/{id}/card/return`).
//!
//! Stripe.js is the one script of another site the shop loads, and only on
//! the card page: its address goes into that page's Content-Security-Policy.

use kernel::ErrorCode;
use leptos::prelude::*;
use orders::money::{BankTransferView, CardPaymentView, PaymentView};
use uuid::Uuid;

use super::{failure, param, redirect_to, services, set_status};
use crate::components::Title;
use crate::i18n::{t, t_with};
use crate::origin;

/// The confirmation page of a checkout (a guest's browser shows it with
/// the token in its orders cookie: no e-mail address in the URL).
pub(super) fn confirmation_link(checkout: Uuid) -> String {
    format!("/checkout/{checkout}")
}

/// The card page of a checkout.
pub(super) fn card_link(checkout: Uuid) -> String {
    format!("/checkout/{checkout}/card")
}

/// A payment's state as a word and a colour: `pending`, `paid`, `failed`,
/// `cancelled`.
#[component]
pub(super) fn PayState(
    /// The payment's status.
    status: String,
) -> impl IntoView {
    let label = crate::i18n::try_t(&format!("pay-state-{status}")).unwrap_or(status.clone());
    view! { <span class=format!("pay pay-{status}")>{label}</span> }
}

/// How to pay a bank transfer: the VietQR code, and beside it the bank,
/// account, holder, amount and reference as text to copy (one tap selects
/// each). Once paid, only that it is paid.
#[component]
pub(super) fn TransferPanel(
    /// The payment.
    payment: PaymentView,
    /// The QR code and the account.
    transfer: BankTransferView,
    /// Until when the orders are held.
    expires: Option<String>,
) -> AnyView {
    let paid = payment.status == "paid";
    let qr_label = t("transfer-qr-label");
    view! {
        <p class="pay-line">{t("transfer-status")} " " <PayState status=payment.status.clone()/></p>
        {if paid {
            view! { <p class="notice" role="status">{t("transfer-paid")}</p> }.into_any()
        } else {
            view! {
                <p>{t("confirmation-transfer")}</p>
                <div class="transfer-box">
                    <figure class="qr">
                        // the shop draws this SVG itself from the payment's
                        // VietQR payload: nothing of the shopper's is in it
                        <div class="qr-code" role="img" aria-label=qr_label inner_html=transfer.qr_svg.clone()></div>
                        <figcaption>{t("transfer-qr-caption")}</figcaption>
                    </figure>
                    <dl class="transfer">
                        <dt>{t("transfer-bank")}</dt>
                        <dd class="bank-name">{transfer.bank_name.clone()}</dd>
                        <dt>{t("transfer-account")}</dt>
                        <dd><code class="copy account-number">{transfer.account.clone()}</code></dd>
                        <dt>{t("transfer-holder")}</dt>
                        <dd><span class="copy account-holder">{transfer.account_name.clone()}</span></dd>
                        <dt>{t("confirmation-amount")}</dt>
                        <dd class="grand amount-to-pay">{transfer.amount.to_string()}
                            <small class="copy digits">{transfer.amount.amount.to_string()}</small>
                        </dd>
                        <dt>{t("confirmation-memo")}</dt>
                        <dd><code class="reference copy">{transfer.reference.clone()}</code></dd>
                    </dl>
                </div>
                <p class="hint">{t("confirmation-transfer-hint")}</p>
                {expires.map(|e| view! { <p class="hint">{t_with("confirmation-transfer-until", &[("date", e.into())])}</p> })}
            }
            .into_any()
        }}
    }
    .into_any()
}

/// The card part of the payment panel: paid, or the way to the card page
/// (with why the last try failed).
#[component]
pub(super) fn CardPanel(
    /// The payment.
    payment: PaymentView,
) -> AnyView {
    let paid = payment.status == "paid";
    let open = matches!(payment.status.as_str(), "pending" | "failed");
    let href = card_link(payment.checkout_id);
    view! {
        <p class="pay-line">{t("transfer-status")} " " <PayState status=payment.status.clone()/></p>
        {if paid {
            view! { <p class="notice" role="status">{t("card-paid")}</p> }.into_any()
        } else if open {
            view! {
                <p>{t("card-to-pay")}</p>
                <dl class="transfer">
                    <dt>{t("confirmation-amount")}</dt><dd class="grand">{payment.amount.to_string()}</dd>
                </dl>
                {payment.failure.clone().filter(|_| payment.status == "failed").map(|f| view! {
                    <p class="field-error">{card_failure_text(&f)}</p>
                })}
                <p><a class="button pay-card" href=href>{t("card-pay-button")}</a></p>
            }
            .into_any()
        } else {
            view! { <p>{t("card-closed")}</p> }.into_any()
        }}
    }
    .into_any()
}

/// What the card page is for: paying the checkout's card payment.
fn checkout_id() -> Result<Uuid, orders::Error> {
    param("id")
        .parse()
        .map_err(|_| orders::Error::OrderNotFound)
}

/// Whether an orders error says cards are not offered now.
fn cards_off(err: &orders::Error) -> bool {
    err.code().name() == "payment_method_disabled"
}

/// The shop's Content-Security-Policy with Stripe.js let in: its script,
/// its frames (the card field, 3-D Secure) and the API it talks to.
fn card_page_policy(js_url: &str) -> String {
    let stripe = origin(js_url).unwrap_or("https://js.stripe.com");
    format!(
        "default-src 'self'; img-src 'self' data: https://*.stripe.com; \
         style-src 'self' 'unsafe-inline'; script-src 'self' {stripe}; \
         frame-src {stripe} https://*.stripe.com; \
         connect-src 'self' {stripe} https://api.stripe.com; object-src 'none'; \
         base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Lets Stripe.js into this page only.
pub(super) fn allow_stripe(js_url: &str) {
    if let Some(res) = use_context::<leptos_actix::ResponseOptions>()
        && let Ok(value) = actix_web::http::header::HeaderValue::from_str(&card_page_policy(js_url))
    {
        res.insert_header(actix_web::http::header::CONTENT_SECURITY_POLICY, value);
    }
}

/// What to say when cards are not offered now (404: there is no card page).
fn no_cards(checkout: Uuid) -> AnyView {
    set_status(actix_web::http::StatusCode::NOT_FOUND);
    view! {
        <section class="message">
            <h1>{t("card-off-title")}</h1>
            <p>{t("card-off-body")}</p>
            <p><a class="button" href=confirmation_link(checkout)>{t("card-back")}</a></p>
        </section>
    }
    .into_any()
}

/// Loads the card payment, or the page to show instead.
async fn load_card(
    actor: Option<accounts::Actor>,
    tokens: Vec<String>,
) -> Result<(Uuid, CardPaymentView), AnyView> {
    let orders = services().map_err(failure)?.orders;
    let checkout = checkout_id().map_err(failure)?;
    let proof = orders::BuyerProof::new(actor.as_ref(), &tokens);
    match Box::pin(orders.card_payment(&proof, checkout)).await {
        Ok(card) => Ok((checkout, card)),
        Err(err) if cards_off(&err) => Err(no_cards(checkout)),
        // not a card checkout: its confirmation says how to pay
        Err(orders::Error::Invalid(_)) => {
            redirect_to(&confirmation_link(checkout));
            Err(().into_any())
        }
        Err(err) => Err(failure(err)),
    }
}

/// `/checkout/{id}/card`: pay the checkout by card. The form is
/// hidden until the card script runs; without scripts the page says so
/// and offers the way back.
#[component]
pub fn CardPage() -> impl IntoView {
    card_payment_page("card-title", "card", card_page)
}

/// A page of a checkout's card payment, at `/checkout/{id}/{path}`: a
/// guest without the checkout's token gives its e-mail first; then the
/// payment, drawn by `body`.
fn card_payment_page(
    title: &'static str,
    path: &'static str,
    body: fn(Uuid, CardPaymentView) -> AnyView,
) -> AnyView {
    let id = param("id");
    let actor = crate::session::actor();
    let tokens = crate::session::order_tokens();
    if actor.is_none() && tokens.is_empty() {
        return view! {
            <Title text=format!("{} · {}", t(title), t("site-name"))/>
            <super::checkout::EmailProof action=format!("/checkout/{id}/access") next=format!("/checkout/{id}/{path}")/>
        }
        .into_any();
    }
    let load = load_card(actor, tokens);
    view! {
        <Title text=format!("{} · {}", t(title), t("site-name"))/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (checkout, card) = match load.await {
                    Ok(found) => found,
                    Err(view) => return view,
                };
                body(checkout, card)
            })}
        </Suspense>
    }
    .into_any()
}

fn card_page(checkout: Uuid, card: CardPaymentView) -> AnyView {
    let back = confirmation_link(checkout);
    if card.state == "paid" || card.state == "cancelled" {
        let text = if card.state == "paid" {
            t("card-paid")
        } else {
            t("card-cancelled")
        };
        return view! {
            <section class="narrow card-page">
                <h1>{t("card-title")}</h1>
                <p class=if card.state == "paid" { "notice" } else { "banner" } role="status">{text}</p>
                <p><a class="button" href=back>{t("card-back")}</a></p>
            </section>
        }
        .into_any();
    }
    let Some(secret) = card.client_secret.clone() else {
        tracing::warn!(%checkout, "a PaymentIntent without a client secret");
        set_status(actix_web::http::StatusCode::SERVICE_UNAVAILABLE);
        return view! {
            <section class="message">
                <h1>{t("card-title")}</h1>
                <p>{t("card-unavailable")}</p>
                <p><a class="button" href=back>{t("card-back")}</a></p>
            </section>
        }
        .into_any();
    };
    allow_stripe(&card.js_url);
    let charged = (card.currency != "vnd").then(|| {
        let minor = card.amount_minor;
        t_with(
            "card-charged-as",
            &[(
                "amount",
                format!(
                    "{} {}.{:02}",
                    card.currency.to_uppercase(),
                    minor / 100,
                    minor % 100
                )
                .into(),
            )],
        )
    });
    let pay = t_with(
        "card-pay-amount",
        &[("amount", card.amount.to_string().into())],
    );
    let order_help = t("card-noscript");
    let state_note = match card.state.as_str() {
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
    view! {
        <section class="narrow card-page">
            <nav class="breadcrumbs"><a href=back.clone()>{t("confirmation-title")}</a> " › " <span aria-current="page">{t("card-title")}</span></nav>
            <h1>{t("card-title")}</h1>
            <p class="lead">{t("confirmation-amount")} ": " <strong class="amount-to-pay">{card.amount.to_string()}</strong></p>
            {charged.map(|c| view! { <p class="hint">{c}</p> })}
            {state_note}
            <noscript>
                <div class="banner card-needs-js">
                    <p><strong>{t("card-needs-js")}</strong></p>
                    <p>{order_help}</p>
                    <p><a class="button secondary" href=back.clone()>{t("card-back")}</a></p>
                </div>
            </noscript>
            <form
                id="card-form"
                class="form card-form panel"
                method="get"
                action=format!("/checkout/{checkout}/card/return")
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
                <button type="submit" class="button">{pay}</button>
                <p class="hint">{t("card-secure")}</p>
            </form>
            <p id="card-script-failed" class="banner" hidden=true>{t("card-script-failed")} " " <a href=back.clone()>{t("card-back")}</a></p>
            <script src=card.js_url.clone()></script>
            <script src=crate::card_script_src() defer=true></script>
        </section>
    }
    .into_any()
}

/// The shopper's words for why a card was not charged: the reasons the
/// shop knows in the page's language, anything else as Stripe said it.
pub(super) fn card_failure_text(message: &str) -> String {
    let why = message
        .strip_prefix("The card was not charged: ")
        .and_then(|m| m.strip_suffix(". Try another card or pay by bank transfer."))
        .unwrap_or(message)
        .trim_end_matches('.');
    let key = match why {
        "the bank's 3-D Secure check was not passed" => "card-why-3ds",
        "the card has insufficient funds" => "card-why-funds",
        "the card has expired" => "card-why-expired",
        "the security code (CVC) is wrong" => "card-why-cvc",
        "the card was declined" => "card-why-declined",
        // Stripe's own words for a plain decline
        other if other.to_lowercase().contains("declined") => "card-why-declined",
        other => return t_with("card-not-charged", &[("why", other.to_owned().into())]),
    };
    t_with("card-not-charged", &[("why", t(key).into())])
}

/// `/checkout/{id}/card/return?payment_intent=`: where the card
/// form goes once Stripe has answered. Reads the payment again from
/// Stripe (so it does not wait for the webhook) and says where it stands.
#[component]
pub fn CardReturnPage() -> impl IntoView {
    card_payment_page("card-return-title", "card/return", return_page)
}

/// Where the card payment stands, and what to do next.
fn return_page(checkout: Uuid, card: CardPaymentView) -> AnyView {
    let back = confirmation_link(checkout);
    let again = card_link(checkout);
    let here = crate::format::link(
        &format!("/checkout/{checkout}/card/return"),
        &[("payment_intent", card.payment_intent.as_str())],
    );
    let (class, text, action) = match card.state.as_str() {
        "paid" => (
            "notice",
            t("card-paid"),
            view! { <a class="button" href=back.clone()>{t("card-see-order")}</a> }.into_any(),
        ),
        "requires_action" => (
            "banner",
            t("card-state-requires-action"),
            view! { <a class="button" href=again.clone()>{t("card-continue")}</a> }.into_any(),
        ),
        "failed" => (
            "error-summary",
            card_failure_text(&card.message),
            view! {
                <a class="button try-again" href=again.clone()>{t("card-try-again")}</a>
                " " <a class="button secondary" href=back.clone()>{t("card-back")}</a>
            }
            .into_any(),
        ),
        "cancelled" => (
            "banner",
            t("card-cancelled"),
            view! { <a class="button" href=back.clone()>{t("card-back")}</a> }.into_any(),
        ),
        _ => (
            "banner",
            t("card-state-pending"),
            view! {
                <a class="button" href=here>{t("card-check-again")}</a>
                " " <a class="button secondary" href=again.clone()>{t("card-back-to-form")}</a>
            }
            .into_any(),
        ),
    };
    view! {
        <section class=format!("narrow card-return card-{}", card.state)>
            <h1>{t("card-return-title")}</h1>
            <p class="pay-line">{t("transfer-status")} " " <PayState status=card.state.clone()/></p>
            <p class=class role="status">{text}</p>
            <p class="lead">{t("confirmation-amount")} ": " <strong>{card.amount.to_string()}</strong></p>
            <p class="actions">{action}</p>
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_card_page_lets_in_only_the_origin_stripe_js_comes_from() {
        assert_eq!(
            origin("https://js.stripe.com/v3/"),
            Some("https://js.stripe.com")
        );
        assert_eq!(
            origin("http://127.0.0.1:8420/js.stripe.com/v3/"),
            Some("http://127.0.0.1:8420")
        );
        assert_eq!(origin("js.stripe.com/v3/"), None);
        assert_eq!(origin("https://evil.example;script-src *"), None);
        let policy = card_page_policy("http://127.0.0.1:8420/js.stripe.com/v3/");
        assert!(
            policy.contains("script-src 'self' http://127.0.0.1:8420;"),
            "{policy}"
        );
        assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    }
}
