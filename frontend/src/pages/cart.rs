//! `/cart`: what the shopper is about to buy, by cooperative, with prices as
//! they are now (wholesale tiers applied), each line's quantity form and
//! remove button, and whatever stops a line from being bought shown on the
//! line itself.

use std::collections::BTreeMap;

use leptos::prelude::*;
use orders::{CartLine, CartView, LineProblem};

use super::{failure, services};
use crate::components::Title;
use crate::forms::{Csrf, FormState, Notice, state_of, translate_problem};
use crate::i18n::{lang, t, t_with};

/// The cart page.
#[component]
pub fn CartPage() -> impl IntoView {
    let owner = crate::session::cart_owner();
    let load = async move {
        let orders = services().map_err(failure)?.orders;
        match owner {
            Some(owner) => orders.cart(&owner).await.map_err(failure),
            None => Ok(CartView::default()),
        }
    };
    view! {
        <Title text=format!("{} · {}", t("cart-title"), t("site-name"))/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match load.await {
                    Ok(cart) => cart_view(cart).into_any(),
                    Err(view) => view,
                }
            })}
        </Suspense>
    }
}

fn cart_view(cart: CartView) -> impl IntoView {
    if cart.groups.is_empty() {
        return view! {
            <section class="message">
                <h1>{t("cart-title")}</h1>
                <Notice/>
                <p>{t("cart-empty")}</p>
                <p><a class="button" href="/search">{t("cart-browse")}</a></p>
            </section>
        }
        .into_any();
    }
    let problems = cart.lines().filter(|l| l.problem.is_some()).count();
    view! {
        <h1>{t("cart-title")}</h1>
        <Notice/>
        <div class="cart-layout">
            <div class="cart-groups">
                {cart.groups.into_iter().map(|g| view! {
                    <section class="panel cart-group">
                        <h2>
                            <span class="muted">{t("cart-from")} " "</span>
                            <a href=format!("/cooperatives/{}", g.cooperative_slug)>{g.cooperative_name}</a>
                        </h2>
                        <ul class="cart-lines">
                            {g.lines.into_iter().map(cart_line).collect_view()}
                        </ul>
                        <p class="subtotal">{t("cart-subtotal")} " " <strong>{g.subtotal.to_string()}</strong></p>
                    </section>
                }).collect_view()}
            </div>
            <aside class="panel cart-summary" aria-labelledby="cart-summary-title">
                <h2 id="cart-summary-title">{t("cart-summary")}</h2>
                <dl class="totals">
                    <dt>{t("cart-items")}</dt><dd>{cart.item_count}</dd>
                    <dt>{t("cart-total")}</dt><dd class="grand">{cart.total.to_string()}</dd>
                </dl>
                <p class="hint">{t("cart-shipping-later")}</p>
                {if cart.ready {
                    view! { <a class="button checkout-button" href="/checkout">{t("cart-checkout")}</a> }.into_any()
                } else {
                    view! {
                        <button type="button" class="button checkout-button" disabled=true aria-describedby="cart-not-ready">{t("cart-checkout")}</button>
                        <p class="field-error" id="cart-not-ready">{t_with("cart-not-ready", &[("count", problems.into())])}</p>
                    }.into_any()
                }}
                <p><a href="/search">{t("cart-continue")}</a></p>
            </aside>
        </div>
    }
    .into_any()
}

/// Options as `Size: Ø60 cm · Colour: natural`.
pub(super) fn options_text(options: &BTreeMap<String, String>) -> String {
    options
        .iter()
        .map(|(name, value)| format!("{}: {value}", super::listing_review::option_name(name)))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// What stops a line from being bought, in words.
pub(super) fn problem_text(problem: LineProblem) -> String {
    match problem {
        LineProblem::Unavailable => t("cart-problem-unavailable"),
        LineProblem::SoldOut => t("cart-problem-sold-out"),
        LineProblem::NotEnoughStock { available } => {
            t_with("cart-problem-only-left", &[("count", available.into())])
        }
        LineProblem::BelowMinimum { min } => {
            t_with("cart-problem-minimum", &[("count", min.into())])
        }
        LineProblem::SessionClosed => t("cart-problem-session-closed"),
        LineProblem::NotEnoughPlaces { available } => {
            t_with("cart-problem-places-left", &[("count", available.into())])
        }
    }
}

fn cart_line(line: CartLine) -> impl IntoView {
    let locale = lang();
    let id = line.id;
    let href = format!("/products/{}", line.slug);
    let title = line.title.get(locale).to_owned();
    let options = options_text(&line.options);
    let state: Option<FormState> = state_of(&format!("line-{id}"));
    super::mark_failed(&state);
    let quantity = state
        .as_ref()
        .and_then(|s| s.values.get("quantity").cloned())
        .unwrap_or_else(|| line.quantity.to_string());
    let problems: Vec<String> = state
        .as_ref()
        .map(|s| {
            let mut all: Vec<String> = s
                .errors
                .iter()
                .flat_map(|(_, p)| p.iter().map(translate_problem))
                .collect();
            if let Some((code, fallback)) = &s.message {
                all.push(crate::i18n::try_t(&format!("error-{code}")).unwrap_or(fallback.clone()));
            }
            all
        })
        .unwrap_or_default();
    let invalid = !problems.is_empty();
    let discounted = line.list_price.amount > line.unit_price.amount;
    let qty_id = format!("qty-{id}");
    // a booking: its date and people instead of options, price and quantity
    let booked = line.booking.is_some();
    let details = match line.booking.clone() {
        Some(b) => view! {
            <p class="booking-when">
                <strong>{super::experience::session_time(b.starts_at)}</strong> " · "
                {super::experience::duration_text(b.minutes)}
            </p>
            <p class="options">{super::experience::people_text(b.adults, b.children)}</p>
        }
        .into_any(),
        None => view! {
            {(!options.is_empty()).then(|| view! { <p class="options">{options}</p> })}
            <p class="sku">{t("product-sku")} " " {line.sku.clone()}</p>
            {line.made_to_order.then(|| view! {
                <p class="stock mto">{t_with("product-made-to-order", &[("days", line.lead_time_days.unwrap_or(0).into())])}</p>
            })}
            <p class="unit-price">
                {discounted.then(|| view! { <s aria-label=t_with("product-was", &[("price", line.list_price.to_string().into())])>{line.list_price.to_string()}</s> " " })}
                <span class="now">{line.unit_price.to_string()}</span> " " {t("cart-each")}
                {discounted.then(|| view! { " " <span class="flag">{t("cart-wholesale-applied")}</span> })}
            </p>
        }
        .into_any(),
    };
    let change = href.clone();
    view! {
        <li class="cart-line" class:has-problem=line.problem.is_some() id=format!("line-{id}")>
            <a class="thumb" href=href.clone() tabindex="-1" aria-hidden="true">
                {match line.image_url {
                    Some(src) => view! { <img src=src alt="" width="72" height="72" loading="lazy"/> }.into_any(),
                    None => view! { <span class="no-picture"></span> }.into_any(),
                }}
            </a>
            <div class="line-info">
                <h3><a href=href>{title}</a></h3>
                {details}
                {line.problem.map(|p| view! { <p class="line-problem" role="status">{problem_text(p)}</p> })}
            </div>
            <div class="line-actions">
                {if booked {
                    view! { <a class="button small secondary" href=change>{t("cart-booking-change")}</a> }.into_any()
                } else {
                    view! {
                        <form method="post" action=format!("/cart/items/{id}") class="qty-form" class:invalid=invalid>
                            <Csrf/>
                            <label for=qty_id.clone()>{t("field-quantity")}</label>
                            <input id=qty_id.clone() name="quantity" type="number" min="1" max="999" inputmode="numeric" value=quantity aria-invalid=invalid.then_some("true")/>
                            <button type="submit" class="button small secondary">{t("cart-update")}</button>
                            {invalid.then(|| view! { <p class="field-error">{problems.join(" · ")}</p> })}
                        </form>
                    }
                    .into_any()
                }}
                <form method="post" action=format!("/cart/items/{id}/remove") class="remove-form">
                    <Csrf/>
                    <button type="submit" class="button small plain">{t("cart-remove")}</button>
                </form>
            </div>
            <p class="line-total">{line.line_total.to_string()}</p>
        </li>
    }
}
