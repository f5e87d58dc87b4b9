//! `/checkout`: who, where and how to pay, with the order summary beside
//! it; and `/checkout/{id}`: what the checkout made, one order per
//! cooperative, and how to pay.
//!
//! The form carries a fresh `idempotency_key` (a UUID made when the page is
//! drawn, kept when it comes back with problems), so a second press of the
//! button, or a refresh of the answer, still makes one order.

use leptos::prelude::*;
use orders::money::PaymentView;
use orders::{CartView, OrderView};
use uuid::Uuid;

use super::{StatusBadge, failure, mark_failed, param, services};
use crate::components::Title;
use crate::forms::{Csrf, ErrorSummary, Field, FormState, state_of, translate_problem};
use crate::i18n::{lang, t, t_with};

/// Whole-form problems that send the shopper back to the cart.
const CART_PROBLEMS: [&str; 3] = ["insufficient_stock", "cart_changed", "cart_empty"];

/// `/checkout`
#[component]
pub fn CheckoutPage() -> impl IntoView {
    let state = state_of("checkout");
    super::mark_failed(&state);
    let owner = crate::session::cart_owner();
    let actor = crate::session::actor();
    let load = async move {
        let orders = services().map_err(failure)?.orders;
        let methods = orders.config().methods;
        let cart = match owner {
            Some(owner) => orders.cart(&owner).await.map_err(failure)?,
            None => CartView::default(),
        };
        Ok::<_, AnyView>((cart, methods))
    };
    view! {
        <Title text=format!("{} · {}", t("checkout-title"), t("site-name"))/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (cart, methods) = match load.await {
                    Ok(data) => data,
                    Err(view) => return view,
                };
                if cart.groups.is_empty() {
                    return view! {
                        <section class="message">
                            <h1>{t("checkout-title")}</h1>
                            <CartProblem state=state.clone()/>
                            <p>{t("cart-empty")}</p>
                            <p><a class="button" href="/search">{t("cart-browse")}</a></p>
                        </section>
                    }
                    .into_any();
                }
                let key = state
                    .as_ref()
                    .and_then(|s| s.values.get("idempotency_key").cloned())
                    .filter(|k| !k.is_empty())
                    .unwrap_or_else(|| Uuid::new_v4().to_string());
                let chosen = |name: &str, default: &str| {
                    state
                        .as_ref()
                        .and_then(|s| s.values.get(name).cloned())
                        .unwrap_or_else(|| default.to_owned())
                };
                let destination = chosen("destination", "vn");
                let abroad = destination == "abroad";
                let mut payments = Vec::new();
                if methods.cod {
                    payments.push(("cod".to_owned(), t("payment-cod"), Some(t("payment-cod-hint"))));
                }
                if methods.bank_transfer {
                    payments.push(("bank_transfer".to_owned(), t("payment-bank-transfer"), Some(t("payment-bank-transfer-hint"))));
                }
                if methods.card {
                    payments.push(("card".to_owned(), t("payment-card"), None));
                }
                // cash on delivery does not pay for bookings
                let has_booking = cart.lines().any(|l| l.booking.is_some());
                // what paying the bookings' deposits leaves for arrival
                let on_arrival = cart.balance_after_deposit();
                let deposit_problems = super::experience::field_problems(&state, "deposit");
                let deposit = (on_arrival > 0 || !deposit_problems.is_empty()).then(|| {
                    let now = kernel::Money::vnd(cart.total.amount - on_arrival).to_string();
                    let later = kernel::Money::vnd(on_arrival).to_string();
                    let ticked = chosen("deposit", "") == "1";
                    let wrong = !deposit_problems.is_empty();
                    view! {
                        <fieldset class="deposit-choice" class:invalid=wrong id="f-deposit">
                            <legend>{t("checkout-deposit-title")}</legend>
                            <label class="check">
                                <input type="checkbox" name="deposit" value="1" checked=ticked aria-invalid=wrong.then_some("true")/>
                                " " {t_with("checkout-deposit", &[("now", now.into()), ("later", later.into())])}
                            </label>
                            <p class="hint">{t("checkout-deposit-hint")}</p>
                            {wrong.then(|| view! { <p class="field-error">{deposit_problems.join(" · ")}</p> })}
                        </fieldset>
                    }
                });
                let whole_form = state.as_ref().and_then(|s| s.message.as_ref()).map(|(code, _)| code.clone());
                let cart_problem = whole_form.as_deref().is_some_and(|c| CART_PROBLEMS.contains(&c));
                let (name, email) = actor
                    .as_ref()
                    .map(|a| (a.name.clone(), a.email.clone()))
                    .unwrap_or_default();
                view! {
                    <nav class="breadcrumbs"><a href="/cart">{t("cart-title")}</a> " › " <span aria-current="page">{t("checkout-title")}</span></nav>
                    <h1>{t("checkout-title")}</h1>
                    {(!cart.ready).then(|| view! {
                        <div class="banner" role="status">
                            <p>{t("checkout-cart-not-ready")} " " <a href="/cart">{t("checkout-back-to-cart")}</a></p>
                        </div>
                    })}
                    {if cart_problem {
                        view! { <CartProblem state=state.clone()/> }.into_any()
                    } else {
                        view! { <ErrorSummary state=state.clone()/> }.into_any()
                    }}
                    <div class="checkout-layout">
                        <form method="post" action="/checkout" class="form checkout-form" novalidate=true>
                            <Csrf/>
                            <input type="hidden" name="idempotency_key" value=key/>
                            <fieldset>
                                <legend>{t("checkout-contact")}</legend>
                                <Field name="contact.name" state=state.clone() required=true autocomplete="name" value=name/>
                                <Field name="contact.email" kind="email" state=state.clone() required=true autocomplete="email" value=email hint=t("hint-checkout-email")/>
                                <Field name="contact.phone" kind="tel" state=state.clone() required=true autocomplete="tel" hint=t("hint-checkout-phone")/>
                            </fieldset>
                            <fieldset>
                                <legend>{t("checkout-address")}</legend>
                                <div class="field destination" role="radiogroup" aria-label=t("checkout-destination")>
                                    <label class="check">
                                        <input type="radio" id="dest-vn" name="destination" value="vn" checked=!abroad/>
                                        " " {t("checkout-destination-vn")}
                                    </label>
                                    <label class="check">
                                        <input type="radio" id="dest-abroad" name="destination" value="abroad" checked=abroad/>
                                        " " {t("checkout-destination-abroad")}
                                    </label>
                                </div>
                                <div class="vn-only">
                                    <Field name="shipping_address.province" state=state.clone() required=true autocomplete="address-level1" hint=t("hint-checkout-province")/>
                                    <Field name="shipping_address.district" state=state.clone() required=true autocomplete="address-level2"/>
                                    <Field name="shipping_address.ward" state=state.clone() required=true autocomplete="address-level3"/>
                                </div>
                                <div class="abroad-only">
                                    <p class="hint">{t("checkout-abroad-hint")}</p>
                                    <Field name="shipping_address.country" state=state.clone() required=true autocomplete="country" hint=t("hint-checkout-country")/>
                                    <Field name="shipping_address.city" state=state.clone() required=true autocomplete="address-level2"/>
                                    <Field name="shipping_address.postal_code" state=state.clone() required=true autocomplete="postal-code"/>
                                </div>
                                <Field name="shipping_address.street" state=state.clone() required=true autocomplete="street-address"/>
                            </fieldset>
                            {has_booking.then(|| view! { <p class="hint booking-payment">{t("checkout-booking-no-cod")}</p> })}
                            <Radios
                                name="payment_method"
                                legend=t("checkout-payment")
                                options=payments
                                state=state.clone()
                                value=chosen("payment_method", "")
                            />
                            {deposit}
                            <button type="submit" class="button place-order">{t("checkout-place")}</button>
                            <p class="hint">{t("checkout-place-hint")}</p>
                        </form>
                        <Summary cart=cart/>
                    </div>
                }
                .into_any()
            })}
        </Suspense>
    }
}

/// A whole-form problem that only the cart can fix, with the way back.
#[component]
fn CartProblem(
    /// The failed submission.
    state: Option<FormState>,
) -> impl IntoView {
    state.and_then(|s| {
        let (code, _) = s.message.clone()?;
        if !CART_PROBLEMS.contains(&code.as_str()) {
            return None;
        }
        let value = |name: &str| s.values.get(name).cloned().unwrap_or_default();
        let text = match code.as_str() {
            "insufficient_stock" => t_with(
                "checkout-stock",
                &[
                    ("sku", value("stock_sku").into()),
                    (
                        "count",
                        value("stock_available").parse::<i64>().unwrap_or(0).into(),
                    ),
                ],
            ),
            "cart_changed" => t_with(
                "checkout-cart-changed",
                &[("skus", value("changed_skus").into())],
            ),
            _ => t("checkout-cart-empty"),
        };
        Some(view! {
            <div class="error-summary" role="alert" tabindex="-1">
                <h2>{t("form-has-errors")}</h2>
                <p>{text}</p>
                <p><a class="button secondary" href="/cart">{t("checkout-back-to-cart")}</a></p>
            </div>
        })
    })
}

/// Radio buttons for one choice, keeping the choice and showing its problems.
#[component]
fn Radios(
    /// The field's name.
    name: &'static str,
    /// The legend.
    legend: String,
    /// (value, label, hint).
    options: Vec<(String, String, Option<String>)>,
    /// The failed submission.
    state: Option<FormState>,
    /// The value chosen.
    value: String,
) -> impl IntoView {
    let problems: Vec<String> = state
        .as_ref()
        .and_then(|s| s.errors.get(name))
        .map(|p| p.iter().map(translate_problem).collect())
        .unwrap_or_default();
    let invalid = !problems.is_empty();
    view! {
        <fieldset class="radios" class:invalid=invalid id=format!("f-{name}")>
            <legend>{legend}</legend>
            {options.into_iter().map(|(v, label, hint)| {
                let checked = v == value;
                view! {
                    <label class="check radio">
                        <input type="radio" name=name value=v checked=checked aria-invalid=invalid.then_some("true")/>
                        <span>
                            <strong>{label}</strong>
                            {hint.map(|h| view! { <small>{h}</small> })}
                        </span>
                    </label>
                }
            }).collect_view()}
            {invalid.then(|| view! { <p class="field-error">{problems.join(" · ")}</p> })}
        </fieldset>
    }
}

/// The order summary beside the form: the lines by cooperative.
#[component]
fn Summary(
    /// The cart.
    cart: CartView,
) -> impl IntoView {
    let locale = lang();
    view! {
        <aside class="panel checkout-summary" aria-labelledby="summary-title">
            <h2 id="summary-title">{t("checkout-summary")}</h2>
            {cart.groups.into_iter().map(|g| view! {
                <section class="summary-group">
                    <h3>{g.cooperative_name}</h3>
                    <ul class="plain">
                        {g.lines.into_iter().map(|l| {
                            let options = super::cart::options_text(&l.options);
                            let booked = l.booking.clone().map(|b| format!(
                                "{} · {}",
                                super::experience::session_time(b.starts_at),
                                super::experience::people_text(b.adults, b.children)
                            ));
                            let qty = booked.is_none().then(|| format!("× {}", l.quantity));
                            view! {
                                <li>
                                    <span>{l.title.get(locale).to_owned()}
                                        {(!options.is_empty()).then(|| view! { <small>{options}</small> })}
                                        {booked.map(|b| view! { <small>{b}</small> })}
                                        {l.problem.map(|p| view! { <small class="field-error">{super::cart::problem_text(p)}</small> })}
                                    </span>
                                    <span class="qty">{qty}</span>
                                    <span class="amount">{l.line_total.to_string()}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <p class="subtotal">{t("cart-subtotal")} " " <strong>{g.subtotal.to_string()}</strong></p>
                </section>
            }).collect_view()}
            <dl class="totals">
                <dt>{t("cart-total")}</dt><dd class="grand">{cart.total.to_string()}</dd>
            </dl>
            <p class="hint">{t("checkout-shipping-note")}</p>
        </aside>
    }
}

/// `/checkout/{id}`: the confirmation. A guest's browser shows it with the
/// checkout's token in its orders cookie (set at checkout, by an e-mail
/// link or by proving the e-mail address in a form): no address in a URL.
#[component]
pub fn ConfirmationPage() -> impl IntoView {
    let id = param("id");
    let actor = crate::session::actor();
    let signed_in = actor.is_some();
    let tokens = crate::session::order_tokens();
    let proof_state = state_of("proof");
    if actor.is_none() && (tokens.is_empty() || proof_state.is_some()) {
        return view! {
            <Title text=format!("{} · {}", t("confirmation-title"), t("site-name"))/>
            <EmailProof action=format!("/checkout/{id}/access") next=format!("/checkout/{id}")/>
        }
        .into_any();
    }
    let load = async move {
        let orders = services().map_err(failure)?.orders;
        let id: Uuid = id
            .parse()
            .map_err(|_| failure(orders::Error::OrderNotFound))?;
        let proof = orders::BuyerProof::new(actor.as_ref(), &tokens);
        let found = match orders.checkout_orders(&proof, id).await {
            Ok(found) => found,
            // a guest whose cookie does not open it proves the address
            Err(orders::Error::OrderNotFound) if actor.is_none() => {
                return Err(view! {
                    <EmailProof action=format!("/checkout/{id}/access") next=format!("/checkout/{id}")/>
                }
                .into_any());
            }
            Err(err) => return Err(failure(err)),
        };
        if found.is_empty() {
            return Err(failure(orders::Error::OrderNotFound));
        }
        // the orders are the page; without the payment it still says how
        // to pay, only without the QR code
        let payment = match orders.checkout_payment(&proof, id).await {
            Ok(payment) => Some(payment),
            Err(err) => {
                tracing::warn!(checkout = %id, error = %err, "the checkout's payment could not be read");
                None
            }
        };
        Ok((found, payment))
    };
    view! {
        <Title text=format!("{} · {}", t("confirmation-title"), t("site-name"))/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (found, payment) = match load.await {
                    Ok(found) => found,
                    Err(view) => return view,
                };
                confirmation(found, payment, signed_in).into_any()
            })}
        </Suspense>
    }
    .into_any()
}

/// A link to an order as its buyer sees it.
pub(super) fn order_link(order: &OrderView) -> String {
    format!("/orders/{}", order.id)
}

fn confirmation(
    found: Vec<OrderView>,
    payment: Option<PaymentView>,
    signed_in: bool,
) -> impl IntoView + use<> {
    let locale = lang();
    let first = &found[0];
    let method = first.payment_method.clone();
    let reference = first.payment_reference.clone().unwrap_or_default();
    // what is paid now: a booking's balance after its deposit is paid on
    // arrival
    let total = kernel::Money::vnd(
        found
            .iter()
            .map(|o| {
                o.deposit
                    .as_ref()
                    .map_or(o.total.amount, |d| d.paid_online.amount)
            })
            .sum(),
    );
    let buyer_email = first.buyer_email.clone();
    let expires = first.expires_at.map(super::when);
    let count = found.len();
    let (payment, transfer) = match payment {
        Some(mut p) => {
            let transfer = p.bank_transfer.take();
            (Some(p), transfer)
        }
        None => (None, None),
    };
    let payment = match (method.as_str(), payment, transfer) {
        ("cod", _, _) => view! {
            <p>{t("confirmation-cod")}</p>
            <dl class="transfer">
                <dt>{t("confirmation-cod-total")}</dt><dd class="grand">{total.to_string()}</dd>
            </dl>
            {(count > 1).then(|| view! { <p class="hint">{t("confirmation-cod-several")}</p> })}
        }
        .into_any(),
        ("bank_transfer", Some(payment), Some(transfer)) => view! {
            <super::payments::TransferPanel payment=payment transfer=transfer expires=expires/>
        }
        .into_any(),
        // no receiving account configured: the amount and the reference
        ("bank_transfer", _, _) => view! {
            <p>{t("confirmation-transfer")}</p>
            <dl class="transfer">
                <dt>{t("confirmation-amount")}</dt><dd class="grand">{total.to_string()}</dd>
                <dt>{t("confirmation-memo")}</dt><dd><code class="reference">{reference.clone()}</code></dd>
            </dl>
            {expires.map(|e| view! { <p class="hint">{t_with("confirmation-transfer-until", &[("date", e.into())])}</p> })}
        }
        .into_any(),
        ("card", Some(payment), _) => view! {
            <super::payments::CardPanel payment=payment/>
        }
        .into_any(),
        _ => view! { <p>{t("confirmation-card")}</p> }.into_any(),
    };
    view! {
        <section class="confirmation">
            <h1>{t("confirmation-title")}</h1>
            <p class="lead">{t_with("confirmation-lead", &[("count", count.into()), ("email", buyer_email.into())])}</p>
            <section class="panel payment-panel">
                <h2>{t("confirmation-payment")} " · " {payment_label(&method)}</h2>
                {payment}
            </section>
            <div class="receipt-orders">
                {found.into_iter().map(|o| {
                    let href = order_link(&o);
                    view! {
                        <article class="panel receipt-order">
                            <header>
                                <h2><span class="muted">{t("order-number")} " "</span><span class="order-number">{o.number.clone()}</span></h2>
                                <p>
                                    <a href=format!("/cooperatives/{}", o.cooperative_slug) class="coop-name">{o.cooperative_name.clone()}</a>
                                    " · " <StatusBadge status=o.status.as_str().to_owned()/>
                                </p>
                            </header>
                            <ul class="plain">
                                {o.items.iter().map(|i| {
                                    let options = super::cart::options_text(&i.options);
                                    view! {
                                        <li>
                                            <span>{i.title.get(locale).to_owned()}
                                                {(!options.is_empty()).then(|| view! { <small>{options}</small> })}
                                            </span>
                                            <span class="qty">"× " {i.quantity}</span>
                                            <span class="amount">{i.line_total.to_string()}</span>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                            <super::orders::Totals order=o.clone()/>
                            <p><a href=href>{t("confirmation-see-order")}</a></p>
                        </article>
                    }
                }).collect_view()}
            </div>
            <p class="actions">
                {if signed_in {
                    view! { <a class="button secondary" href="/orders">{t("orders-title")}</a> }.into_any()
                } else {
                    view! { <a class="button secondary" href="/orders/lookup">{t("lookup-title")}</a> }.into_any()
                }}
                <a class="button secondary" href="/">{t("not-found-home")}</a>
            </p>
        </section>
    }
}

/// A payment method's name.
pub(super) fn payment_label(method: &str) -> String {
    crate::i18n::try_t(&format!("payment-{}", method.replace('_', "-")))
        .unwrap_or_else(|| method.to_owned())
}

/// Asks a guest for the e-mail address of their order before showing it:
/// a POST (the address never goes into a URL), after which the browser
/// keeps a token for the order in its orders cookie.
#[component]
pub(super) fn EmailProof(
    /// Where the form posts (`/checkout/{id}/access`, `/orders/{id}/access`).
    action: String,
    /// The page to show once the address is given.
    next: String,
) -> impl IntoView {
    let state = state_of("proof");
    mark_failed(&state);
    view! {
        <section class="narrow">
            <h1>{t("proof-title")}</h1>
            <p>{t("proof-lead")}</p>
            <ErrorSummary state=state.clone()/>
            <form method="post" action=action class="form">
                <Csrf/>
                <input type="hidden" name="next" value=next/>
                <Field name="email" kind="email" state=state.clone() required=true autocomplete="email"/>
                <button type="submit" class="button">{t("proof-submit")}</button>
            </form>
            <p>{t("proof-sign-in")} " " <a href=crate::session::sign_in_link()>{t("login-title")}</a></p>
        </section>
    }
}
