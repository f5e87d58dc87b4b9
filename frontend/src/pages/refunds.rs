//! `/moderation/refunds`: what the market must give back, for union staff.
//! Money that arrived but pays no order — a transfer for an order
//! cancelled before it came, more or less than was asked, a second
//! payment, a credit whose memo names no payment — is held for the buyer
//! and listed here with a one-click "given back" (a card goes back through
//! Stripe); paid orders that were cancelled and not refunded yet are
//! listed too, with a link to their refund form.

use leptos::prelude::*;
use orders::money::{HeldView, OrderToRefund, ToRefund};

use super::moderation::StaffNav;
use super::{failure, mark_failed, page_request, services, signed_in, when};
use crate::components::{Pager, Title};
use crate::forms::{Csrf, ErrorSummary, Field, Notice, state_of};
use crate::i18n::{t, t_with};

/// `/moderation/refunds?page=`
#[component]
pub fn RefundsPage() -> impl IntoView {
    let Some(actor) = signed_in() else {
        return ().into_any();
    };
    let page = page_request().page();
    let load = async move {
        let orders = services().map_err(failure)?.orders;
        orders.to_refund(&actor, page).await.map_err(failure)
    };
    view! {
        <Title text=format!("{} · {}", t("staff-refunds"), t("site-name"))/>
        <h1>{t("staff-title")}</h1>
        <StaffNav current="staff-refunds"/>
        <Notice/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let due = match load.await {
                    Ok(due) => due,
                    Err(view) => return view,
                };
                refunds(due).into_any()
            })}
        </Suspense>
    }
    .into_any()
}

fn refunds(due: ToRefund) -> impl IntoView {
    let pages = due.held_count.div_ceil(50).max(1);
    let nothing = due.held.is_empty() && due.cancelled_paid.is_empty();
    view! {
        <p class="lead refunds-total">{t_with("refunds-due-total", &[("total", due.total.to_string().into())])}</p>
        <p class="hint">{t("refunds-due-lead")}</p>
        {nothing.then(|| view! { <p class="empty">{t("refunds-due-none")}</p> })}
        {(!due.held.is_empty()).then(|| view! {
            <section class="panel" id="held">
                <h2>{t("refunds-held-title")}</h2>
                <div class="held-list">
                    {due.held.into_iter().map(|h| view! { <HeldEntry held=h/> }).collect_view()}
                </div>
                <Pager page=due.page pages=pages base="/moderation/refunds".to_owned() params=Vec::new()/>
            </section>
        })}
        {(!due.cancelled_paid.is_empty()).then(|| view! {
            <section class="panel" id="cancelled-paid">
                <h2>{t("refunds-cancelled-title")}</h2>
                <p class="hint">{t("refunds-cancelled-lead")}</p>
                <table class="dense cancelled-paid">
                    <thead><tr>
                        <th>{t("order-number")}</th><th>{t("order-cooperative")}</th><th>{t("order-buyer")}</th>
                        <th class="num">{t("order-total")}</th><th class="num">{t("refunds-remaining")}</th><th></th>
                    </tr></thead>
                    <tbody>
                        {due.cancelled_paid.into_iter().map(|o| view! { <CancelledPaidRow order=o/> }).collect_view()}
                    </tbody>
                </table>
            </section>
        })}
    }
}

/// One amount held for a buyer, with why, who, and the button that gives
/// it back.
#[component]
fn HeldEntry(
    /// The held money.
    held: HeldView,
) -> impl IntoView {
    let form = format!("held-{}", held.id);
    let state = state_of(&form);
    mark_failed(&state);
    let kind = held.kind.as_str();
    let card = held.method.as_deref() == Some("card");
    let who = match (&held.buyer_name, &held.buyer_email) {
        (Some(name), Some(email)) => format!("{name} · {email}"),
        _ => t("held-buyer-unknown"),
    };
    view! {
        <article class=format!("held-entry held-{kind}") id=format!("held-{}", held.id)>
            <header>
                <strong class="amount">{held.amount.to_string()}</strong> " · "
                <span class="held-kind">{t(&format!("held-kind-{}", kind.replace('_', "-")))}</span>
            </header>
            <p>{who}</p>
            <p class="hint">
                {held.reference.clone().map(|r| view! { <code class="reference">{r}</code> " · " })}
                {held.order_number.clone().map(|n| view! { {t("order-number")} " " {n} " · " })}
                {when(held.created_at)}
            </p>
            {held.note.clone().map(|n| view! { <p class="memo">{n}</p> })}
            <form method="post" action=format!("/moderation/held-funds/{}/refund", held.id) class="form action-form held-form" novalidate=true>
                <ErrorSummary state=state.clone()/>
                <Csrf/>
                {(!card).then(|| view! {
                    <Field name="note" state=state.clone() label=t("field-held-note") hint=t("hint-held-note")/>
                })}
                <label class="check">
                    <input type="checkbox" name="confirm" value="yes" required=true/>
                    " " {if card { t("held-confirm-card") } else { t("held-confirm-transfer") }}
                </label>
                <button type="submit" class="button small">{t("held-give-back")}</button>
            </form>
        </article>
    }
}

/// A paid order that was cancelled: its refund is made on its page.
#[component]
fn CancelledPaidRow(
    /// The order.
    order: OrderToRefund,
) -> impl IntoView {
    view! {
        <tr>
            <td><a href=format!("/seller/orders/{}#refunds", order.order_id)>{order.number.clone()}</a></td>
            <td>{order.cooperative_name.clone()}</td>
            <td data-label=t("order-buyer")>{order.buyer_name.clone()}<small>{order.buyer_email.clone()}</small></td>
            <td class="num" data-label=t("order-total")>{order.total.to_string()}</td>
            <td class="num" data-label=t("refunds-remaining")>{order.remaining.to_string()}</td>
            <td><a class="button small" href=format!("/seller/orders/{}#refunds", order.order_id)>{t("refunds-make")}</a></td>
        </tr>
    }
}
