//! The buyer's orders: `/orders` (the signed-in shopper's history),
//! `/orders/{id}` (one order with its lines, address, tracking, timeline,
//! the cancel form while it may still be cancelled, and a form cancelling
//! each booking of a paid order that may still be) and `/orders/lookup`
//! (a guest finds an order by its number and e-mail address). Also the
//! pieces the cooperative's order pages share.

use kernel::Money;
use leptos::prelude::*;
use orders::{OrderEvent, OrderLine, OrderView};
use uuid::Uuid;

use super::experience::BookingBadge;
use super::{StatusBadge, failure, mark_failed, page_request, param, services, when};
use crate::components::{Pager, Title};
use crate::forms::{Csrf, ErrorSummary, Field, Notice, state_of};
use crate::i18n::{lang, t, t_with};

/// `/orders`: the signed-in shopper's orders, newest first.
#[component]
pub fn OrdersPage() -> impl IntoView {
    // a guest's orders are found by number and e-mail
    let Some(actor) = crate::session::actor() else {
        super::redirect_to("/orders/lookup");
        return ().into_any();
    };
    let page = page_request();
    let load = async move {
        let orders = services().map_err(failure)?.orders;
        orders.buyer_orders(&actor, page).await.map_err(failure)
    };
    view! {
        <Title text=format!("{} · {}", t("orders-title"), t("site-name"))/>
        <h1>{t("orders-title")}</h1>
        <Notice/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let list = match load.await {
                    Ok(list) => list,
                    Err(view) => return view,
                };
                if list.items.is_empty() {
                    return view! {
                        <section class="message">
                            <p>{t("orders-empty")}</p>
                            <p><a class="button" href="/search">{t("cart-browse")}</a></p>
                            <p><a href="/orders/lookup">{t("orders-lookup-guest")}</a></p>
                        </section>
                    }
                    .into_any();
                }
                let pages = list.pages();
                view! {
                    <table class="dense orders">
                        <thead><tr>
                            <th>{t("order-number")}</th><th>{t("order-placed")}</th><th>{t("order-cooperative")}</th>
                            <th>{t("order-total")}</th><th>{t("order-status")}</th><th>{t("confirmation-payment")}</th>
                        </tr></thead>
                        <tbody>
                            {list.items.into_iter().map(|o| view! {
                                <tr>
                                    <td><a href=format!("/orders/{}", o.id)>{o.number.clone()}</a></td>
                                    <td>{when(o.created_at)}</td>
                                    <td>{o.cooperative_name.clone()}</td>
                                    <td>{o.total.to_string()}</td>
                                    <td><StatusBadge status=o.status.as_str().to_owned()/></td>
                                    <td>{super::checkout::payment_label(&o.payment_method)} " · " <PaymentStatusBadge order=o.clone()/></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <Pager page=list.page pages=pages base="/orders".to_owned() params=vec![]/>
                    <p class="more"><a href="/orders/lookup">{t("orders-lookup-guest")}</a></p>
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}

/// `/orders/lookup`: a guest's order by its number and e-mail address.
#[component]
pub fn LookupPage() -> impl IntoView {
    let state = state_of("lookup");
    mark_failed(&state);
    view! {
        <Title text=format!("{} · {}", t("lookup-title"), t("site-name"))/>
        <section class="narrow">
            <h1>{t("lookup-title")}</h1>
            <p class="lead">{t("lookup-lead")}</p>
            <ErrorSummary state=state.clone() scope="lookup"/>
            <form method="post" action="/orders/lookup" class="form">
                <Csrf/>
                <Field name="number" state=state.clone() required=true label=t("field-lookup-number") hint=t("hint-order-number")/>
                <Field name="email" kind="email" state=state.clone() required=true autocomplete="email" label=t("field-lookup-email")/>
                <button type="submit" class="button">{t("lookup-submit")}</button>
            </form>
            {match crate::session::actor() {
                Some(_) => view! { <p><a href="/orders">{t("orders-title")}</a></p> }.into_any(),
                None => view! {
                    <p>{t("lookup-have-account")} " " <a href="/account/login?next=/orders">{t("login-title")}</a></p>
                }
                .into_any(),
            }}
        </section>
    }
}

/// `/orders/{id}`: one order as its buyer sees it (a guest's browser with
/// the token of its checkout in the orders cookie).
#[component]
pub fn OrderPage() -> impl IntoView {
    let id = param("id");
    let actor = crate::session::actor();
    let tokens = crate::session::order_tokens();
    let proof_state = state_of("proof");
    if actor.is_none() && (tokens.is_empty() || proof_state.is_some()) {
        return view! {
            <Title text=format!("{} · {}", t("order-title"), t("site-name"))/>
            <super::checkout::EmailProof action=format!("/orders/{id}/access") next=format!("/orders/{id}")/>
        }
        .into_any();
    }
    let cancel_state = state_of("cancel");
    mark_failed(&cancel_state);
    let signed_in = actor.is_some();
    let load = async move {
        let orders = services().map_err(failure)?.orders;
        let id: Uuid = id
            .parse()
            .map_err(|_| failure(orders::Error::OrderNotFound))?;
        let proof = orders::BuyerProof::new(actor.as_ref(), &tokens);
        match orders.buyer_order(&proof, id).await {
            Ok(order) => Ok(order),
            // a guest whose cookie does not open it proves the address
            Err(orders::Error::OrderNotFound) if actor.is_none() => Err(view! {
                <super::checkout::EmailProof action=format!("/orders/{id}/access") next=format!("/orders/{id}")/>
            }
            .into_any()),
            Err(err) => Err(failure(err)),
        }
    };
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let order = match load.await {
                    Ok(order) => order,
                    Err(view) => return view,
                };
                let id = order.id;
                let guest = !signed_in;
                view! {
                    <Title text=format!("{} {} · {}", t("order-title"), order.number, t("site-name"))/>
                    <nav class="breadcrumbs">
                        {if guest {
                            view! { <a href="/orders/lookup">{t("lookup-title")}</a> }.into_any()
                        } else {
                            view! { <a href="/orders">{t("orders-title")}</a> }.into_any()
                        }}
                        " › " <span aria-current="page">{order.number.clone()}</span>
                    </nav>
                    <h1>{t("order-title")} " " <span class="order-number">{order.number.clone()}</span></h1>
                    <Notice/>
                    <OrderHead order=order.clone()/>
                    {matches!(order.status.as_str(), "delivered" | "completed").then(|| view! {
                        <p><a class="button" href=format!("/orders/{id}/reviews")>{t("order-write-review")}</a></p>
                    })}
                    <div class="order-layout">
                        <div>
                            <section class="panel">
                                <h2>{t("order-items")}</h2>
                                <Lines items=order.items.clone() prices=true calendar=id/>
                                <Totals order=order.clone()/>
                            </section>
                            <PaymentPanel order=order.clone()/>
                            {order.buyer_may_cancel.then(|| view! {
                                <section class="panel" id="cancel">
                                    <h2>{t("order-cancel-title")}</h2>
                                    <p class="hint">{t("order-cancel-lead")}</p>
                                    <ErrorSummary state=cancel_state.clone()/>
                                    <form method="post" action=format!("/orders/{id}/cancel") class="form">
                                        <Csrf/>
                                        <Field name="reason" kind="textarea" state=cancel_state.clone()/>
                                        <div class="field">
                                            <label class="check">
                                                <input type="checkbox" name="confirm" value="yes" required=true/>
                                                " " {t("order-cancel-confirm")}
                                            </label>
                                        </div>
                                        <button type="submit" class="button danger">{t("order-cancel-submit")}</button>
                                    </form>
                                </section>
                            }.into_any())}
                        </div>
                        <div>
                            <Timeline events=order.timeline.clone()/>
                            <section class="panel">
                                <h2>{t("order-delivery")}</h2>
                                <Address order=order.clone()/>
                                <Tracking order=order.clone()/>
                            </section>
                        </div>
                    </div>
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}

/// Status, cooperative, date placed, and the reason of a cancellation.
#[component]
pub(super) fn OrderHead(
    /// The order.
    order: OrderView,
) -> AnyView {
    view! {
        <section class="panel status-panel order-head">
            <p>
                <StatusBadge status=order.status.as_str().to_owned()/> " · "
                <span class="payment-fact">{super::checkout::payment_label(&order.payment_method)} " · " <PaymentStatusBadge order=order.clone()/></span> " · "
                <a href=format!("/cooperatives/{}", order.cooperative_slug)>{order.cooperative_name.clone()}</a> " · "
                {t_with("order-placed-on", &[("date", when(order.created_at).into())])}
            </p>
            <p class="hint">{t(&format!("order-explain-{}", order.status.as_str().replace('_', "-")))}</p>
            {order.cancel_reason.clone().map(|r| view! {
                <blockquote class="reason"><strong>{t("application-reason")}</strong> " " {r}</blockquote>
            })}
        </section>
    }
    .into_any()
}

/// The lines of an order.
#[component]
pub(super) fn Lines(
    /// The lines.
    items: Vec<OrderLine>,
    /// Show prices (not on the packing slip).
    prices: bool,
    /// The buyer's order, for the calendar files of its bookings and the
    /// forms cancelling them.
    #[prop(optional)]
    calendar: Option<Uuid>,
) -> AnyView {
    let locale = lang();
    view! {
        <table class="dense order-lines">
            <thead><tr>
                <th>{t("order-product")}</th>
                <th>{t("product-sku")}</th>
                <th class="num">{t("field-quantity")}</th>
                {prices.then(|| view! { <th class="num">{t("order-unit-price")}</th><th class="num">{t("order-line-total")}</th> })}
            </tr></thead>
            <tbody>
                {items.into_iter().map(|i| {
                    let options = super::cart::options_text(&i.options);
                    let item = i.item_id;
                    let booking = i.booking.clone().map(|b| {
                        // a paid order's booking the buyer may still cancel
                        let cancel = calendar
                            .zip(b.refund_if_cancelled.filter(|_| b.cancellable))
                            .map(|(order, refund)| view! { <CancelBooking order=order item=item refund=refund/> });
                        let on_arrival = (b.on_arrival.amount > 0).then(|| view! {
                            <small class="on-arrival">{t_with("booking-on-arrival", &[("amount", b.on_arrival.to_string().into())])}</small>
                        });
                        view! {
                            <small>
                                {super::experience::session_time(b.starts_at)} " · "
                                {super::experience::duration_text(b.minutes)}
                            </small>
                            <small>
                                {super::experience::people_text(b.adults, b.children)} " · "
                                <BookingBadge status=b.status/>
                            </small>
                            {on_arrival}
                            {calendar.map(|order| view! {
                                <small><a href=format!("/api/v1/orders/{order}/items/{item}/calendar.ics")>{t("booking-add-to-calendar")}</a></small>
                            })}
                            {cancel}
                        }
                    });
                    view! {
                        <tr>
                            <td>
                                {i.title.get(locale).to_owned()}
                                {(!options.is_empty()).then(|| view! { <small>{options}</small> })}
                                {booking}
                                {i.made_to_order.then(|| view! {
                                    <small>{t_with("product-made-to-order", &[("days", i.lead_time_days.unwrap_or(0).into())])}</small>
                                })}
                                {i.trace_code.clone().map(|code| view! {
                                    <small><a class="trace-link" href=format!("/t/{code}")>{t("order-line-trace")}</a></small>
                                })}
                            </td>
                            <td><code>{i.sku}</code></td>
                            <td class="num">{i.quantity}</td>
                            {prices.then(|| view! {
                                <td class="num">{i.unit_price.to_string()}</td>
                                <td class="num">{i.line_total.to_string()}</td>
                            })}
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// The form cancelling one booking of a paid order, saying what comes
/// back, with the problem when it could not be cancelled.
#[component]
fn CancelBooking(
    /// The order.
    order: Uuid,
    /// The booked line.
    item: Uuid,
    /// What comes back if it is cancelled now.
    refund: Money,
) -> impl IntoView {
    let form = format!("cancel-booking-{item}");
    let problems = super::experience::all_problems(&state_of(&form));
    view! {
        <form method="post" action=format!("/orders/{order}/bookings/{item}/cancel") class="action-form" id=form>
            <Csrf/>
            {(!problems.is_empty()).then(|| view! { <p class="field-error" role="alert">{problems.join(" · ")}</p> })}
            <button type="submit" class="button small danger">
                {t_with("booking-cancel-refund", &[("amount", refund.to_string().into())])}
            </button>
        </form>
    }
}

/// Lines, shipping (or "quoted by the cooperative") and total.
#[component]
pub(crate) fn Totals(
    /// The order.
    order: OrderView,
) -> AnyView {
    view! {
        <dl class="totals">
            <dt>{t("order-items-total")}</dt><dd>{order.items_total.to_string()}</dd>
            <dt>{t("order-shipping")}</dt>
            <dd>{match order.shipping_fee {
                Some(fee) if fee.amount == 0 => t("order-shipping-free"),
                Some(fee) => fee.to_string(),
                None => t("order-shipping-quoted"),
            }}</dd>
            <dt>{t("order-total")}</dt><dd class="grand">{order.total.to_string()}</dd>
            {order.deposit.map(|d| view! {
                <dt>{t("order-paid-online")}</dt><dd>{d.paid_online.to_string()}</dd>
                {(d.on_arrival.amount > 0).then(|| view! {
                    <dt>{t("order-on-arrival")}</dt><dd class="on-arrival">{d.on_arrival.to_string()}</dd>
                })}
                {(d.collected.amount > 0).then(|| view! {
                    <dt>{t("order-collected-on-arrival")}</dt><dd>{d.collected.to_string()}</dd>
                })}
            })}
        </dl>
    }
    .into_any()
}

/// How the order is paid and where its money is, in words; what is still
/// to do; and the money given back or held for the buyer.
#[component]
pub(super) fn PaymentPanel(
    /// The order.
    order: OrderView,
) -> AnyView {
    let method = order.payment_method.clone();
    let unpaid = order.payment_status == orders::PaymentStatus::Unpaid;
    let awaiting = order.status == orders::OrderStatus::PendingPayment;
    let several = order.payment.checkout_orders > 1;
    let todo = match (method.as_str(), unpaid, order.status) {
        ("cod", true, s) if !s.is_final() => Some(t_with(
            "order-pay-courier",
            &[("total", order.total.to_string().into())],
        )),
        ("bank_transfer", true, orders::OrderStatus::PendingPayment) => Some(t_with(
            if several {
                "order-pay-transfer-several"
            } else {
                "order-pay-transfer"
            },
            &[
                ("total", order.payment.checkout_total.to_string().into()),
                ("orders", order.payment.checkout_orders.into()),
                (
                    "reference",
                    order.payment_reference.clone().unwrap_or_default().into(),
                ),
            ],
        )),
        _ => None,
    };
    let link = match method.as_str() {
        "bank_transfer" if unpaid && awaiting => Some((
            super::payments::confirmation_link(order.checkout_id),
            t("order-see-qr"),
        )),
        "card" if unpaid && awaiting => Some((
            super::payments::card_link(order.checkout_id),
            t("card-pay-button"),
        )),
        _ => None,
    };
    let held = (order.payment.held.amount > 0).then_some(order.payment.held);
    view! {
        <section class="panel" id="payment">
            <h2>{t("confirmation-payment")}</h2>
            <p>
                {super::checkout::payment_label(&method)} " · "
                <PaymentStatusBadge order=order.clone()/>
            </p>
            {todo.map(|text| view! { <p>{text}</p> })}
            {held.map(|held| view! {
                <p class="banner held-note">{t_with("order-money-held", &[("amount", held.to_string().into())])}</p>
            })}
            {link.map(|(href, label)| view! { <p><a class="button secondary" href=href>{label}</a></p> })}
            {(!order.refunds.is_empty()).then(|| view! {
                <section class="refunds" id="refunds">
                    <h3>{t("refunds-title")}</h3>
                    <p>{t_with("refunds-of", &[("refunded", order.refunded.to_string().into()), ("total", order.total.to_string().into())])}</p>
                    <RefundList refunds=order.refunds.clone() buyer=true/>
                </section>
            })}
        </section>
    }
    .into_any()
}

/// Where an order's money is, as a word and a colour (cash on delivery not
/// yet collected: "pay the courier").
#[component]
pub(crate) fn PaymentStatusBadge(
    /// The order.
    order: OrderView,
) -> AnyView {
    let status = order.payment_status.as_str();
    let key = if order.payment_method == "cod" && status == "unpaid" {
        "payment-status-cod-due".to_owned()
    } else {
        format!("payment-status-{status}")
    };
    view! { <span class=format!("pay pay-{status}")>{t(&key)}</span> }.into_any()
}

/// Refunds, oldest first: when, how much, why, and where each stands.
#[component]
pub(super) fn RefundList(
    /// The refunds.
    refunds: Vec<orders::RefundView>,
    /// Worded for the buyer (where the money goes back to).
    buyer: bool,
) -> AnyView {
    view! {
        <table class="dense refund-list">
            <thead><tr>
                <th>{t("refund-date")}</th>
                <th class="num">{t("refund-amount")}</th>
                <th>{t("field-reason")}</th>
                <th>{t("refund-status")}</th>
            </tr></thead>
            <tbody>
                {refunds.into_iter().map(|r| {
                    let channel = if buyer {
                        t(&format!("refund-channel-buyer-{}", r.channel.replace('_', "-")))
                    } else {
                        t(&format!("refund-channel-{}", r.channel.replace('_', "-")))
                    };
                    let status = crate::i18n::try_t(&format!("refund-status-{}", r.status)).unwrap_or(r.status.clone());
                    view! {
                        <tr class=format!("refund refund-{}", r.status)>
                            <td>{when(r.created_at)}</td>
                            <td class="num">{r.amount.to_string()}</td>
                            <td>{r.reason.clone()}</td>
                            <td>
                                <span class=format!("status refund-status-{}", r.status)>{status}</span>
                                <small>{channel}</small>
                                {r.failure.clone().map(|f| view! { <small class="field-error">{f}</small> })}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// The buyer and where the parcel goes.
#[component]
pub(super) fn Address(
    /// The order.
    order: OrderView,
) -> AnyView {
    let lines: Vec<String> = orders::checkout::address_lines(&order.address)
        .lines()
        .map(|l| {
            if l == "VN" {
                t("country-vn")
            } else {
                l.to_owned()
            }
        })
        .collect();
    view! {
        <address class="address">
            <strong>{order.buyer_name.clone()}</strong><br/>
            {lines.into_iter().map(|l| view! { {l}<br/> }).collect_view()}
            {t("field-contact-phone")} ": " {order.buyer_phone.clone()}<br/>
            {order.buyer_email.clone()}
        </address>
    }
    .into_any()
}

/// The carrier and tracking number, once shipped.
#[component]
pub(super) fn Tracking(
    /// The order.
    order: OrderView,
) -> AnyView {
    order
        .tracking_number
        .clone()
        .map(|number| {
            view! {
                <p class="tracking">
                    {t("order-tracking")} " "
                    <strong>{order.carrier.clone().unwrap_or_default()}</strong> " "
                    <code class="tracking-number">{number}</code>
                </p>
            }
        })
        .into_any()
}

/// What happened to the order, oldest first, in Vietnam time.
#[component]
pub(super) fn Timeline(
    /// The events.
    events: Vec<OrderEvent>,
) -> AnyView {
    view! {
        <section class="panel" id="timeline">
            <h2>{t("order-timeline")}</h2>
            <p class="hint">{t("order-timeline-tz")}</p>
            <ol class="timeline order-timeline">
                {events.into_iter().map(|e| {
                    let what = if e.from.is_none() {
                        t("order-event-placed")
                    } else if e.from.as_deref() == Some(e.to.as_str()) {
                        note_text(e.note.as_deref().unwrap_or_default())
                    } else {
                        t(&format!("status-{}", e.to.replace('_', "-")))
                    };
                    let who = crate::i18n::try_t(&format!("order-actor-{}", e.actor)).unwrap_or(e.actor.clone());
                    // the first note ("placed; payment cod") and a same-status
                    // note are said above; the rest (a reason, a tracking
                    // number) is shown as written
                    let note = e
                        .note
                        .filter(|_| e.from.is_some() && e.from.as_deref() != Some(e.to.as_str()))
                        .map(|n| note_text(&n));
                    view! {
                        <li class=format!("event event-{}", e.to)>
                            <time datetime=e.at.to_rfc3339()>{when(e.at)}</time> " · "
                            <strong>{what}</strong> " · " <span class="who">{who}</span>
                            {note.map(|n| view! { <p class="reason-line">{n}</p> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
    .into_any()
}

/// The notes the shop writes itself, in the reader's language; others (a
/// reason, a carrier and tracking number) as written.
fn note_text(note: &str) -> String {
    let key = match note {
        "cash received" => "order-note-cash-received",
        "bank transfer received" => "order-note-transfer-received",
        "payment not received in time" => "order-note-lapsed",
        "cancelled by the buyer" => "order-note-buyer-cancelled",
        _ => return note.to_owned(),
    };
    t(key)
}
