//! Orders as the cooperative works them: its list with filters and the CSV
//! export (`/seller/cooperatives/{id}/orders`), one order with the forms of
//! its next steps (`/seller/orders/{id}`), the packing slip to print
//! (`/seller/orders/{id}/packing-slip`); and every order for union staff
//! (`/moderation/orders`), read-only but for confirming bank transfers.

use chrono::NaiveDate;
use leptos::prelude::*;
use orders::{OrderFilter, OrderStatus, OrderView, PaymentStatus, StepActor};
use uuid::Uuid;

use super::listings::{CoopCrumbs, CoopTabs, coop_param};
use super::moderation::StaffNav;
use super::orders::{Address, Lines, OrderHead, RefundList, Timeline, Totals, Tracking};
use super::{StatusBadge, failure, mark_failed, page_request, param, query, services, when};
use crate::components::{Pager, Title};
use crate::format;
use crate::forms::{Csrf, ErrorSummary, Field, FormState, Notice, state_of};
use crate::i18n::{lang, t, t_with};

/// The list filters of the query string; values that do not parse are left
/// out (and named, for the hint under the form).
#[derive(Clone, Debug, Default)]
struct Filters {
    status: String,
    from: String,
    to: String,
    q: String,
    ignored: bool,
}

impl Filters {
    fn from_query() -> Self {
        let mut ignored = false;
        let status = query("status");
        let status = if status.is_empty() || OrderStatus::parse(&status).is_some() {
            status
        } else {
            ignored = true;
            String::new()
        };
        let mut date = |name: &str| {
            let v = query(name);
            if v.is_empty() || NaiveDate::parse_from_str(&v, "%Y-%m-%d").is_ok() {
                v
            } else {
                ignored = true;
                String::new()
            }
        };
        let from = date("from");
        let to = date("to");
        Self {
            status,
            from,
            to,
            q: query("q"),
            ignored,
        }
    }

    fn filter(&self) -> OrderFilter {
        let date = |v: &str| NaiveDate::parse_from_str(v, "%Y-%m-%d").ok();
        OrderFilter {
            status: OrderStatus::parse(&self.status),
            from: date(&self.from),
            to: date(&self.to),
            q: (!self.q.is_empty()).then(|| self.q.clone()),
        }
    }

    fn params(&self) -> Vec<(&'static str, String)> {
        vec![
            ("status", self.status.clone()),
            ("from", self.from.clone()),
            ("to", self.to.clone()),
            ("q", self.q.clone()),
        ]
    }

    fn any(&self) -> bool {
        !(self.status.is_empty() && self.from.is_empty() && self.to.is_empty() && self.q.is_empty())
    }
}

/// The status choice of a filter form.
fn status_options(chosen: &str) -> impl IntoView + use<> {
    let chosen = chosen.to_owned();
    std::iter::once((String::new(), t("orders-any-status")))
        .chain(OrderStatus::ALL.into_iter().map(|s| {
            (
                s.as_str().to_owned(),
                t(&format!("status-{}", s.as_str().replace('_', "-"))),
            )
        }))
        .map(|(value, label)| {
            let selected = value == chosen;
            view! { <option value=value selected=selected>{label}</option> }
        })
        .collect_view()
}

/// `COD · to collect`, `Bank transfer · not paid` as words.
fn payment_cell(o: &OrderView) -> String {
    let status = o.payment_status.as_str();
    let status = if o.payment_method == "cod" && status == "unpaid" {
        t("payment-status-cod-due")
    } else {
        t(&format!("payment-status-{status}"))
    };
    format!(
        "{} · {status}",
        crate::i18n::try_t(&format!(
            "payment-short-{}",
            o.payment_method.replace('_', "-")
        ))
        .unwrap_or_else(|| o.payment_method.clone()),
    )
}

/// `/seller/cooperatives/{id}/orders?status=&from=&to=&page=`
#[component]
pub fn CooperativeOrdersPage() -> impl IntoView {
    let Some(actor) = super::signed_in() else {
        return ().into_any();
    };
    let filters = Filters::from_query();
    let page = page_request();
    let filter = filters.filter();
    let load = async move {
        let services = services().map_err(failure)?;
        let id = coop_param().map_err(failure)?;
        let detail = services
            .catalog
            .application(&actor, id)
            .await
            .map_err(failure)?;
        let list = services
            .orders
            .cooperative_orders(&actor, id, &filter, page)
            .await
            .map_err(failure)?;
        Ok::<_, AnyView>((detail, list))
    };
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (detail, list) = match load.await {
                    Ok(data) => data,
                    Err(view) => return view,
                };
                let id = detail.id;
                let base = format!("/seller/cooperatives/{id}/orders");
                let csv = format::link(&format!("/api/v1/cooperatives/{id}/orders.csv"), &filters.params());
                let pages = list.pages();
                view! {
                    <Title text=format!("{} · {}", t("seller-orders-title"), detail.name)/>
                    <CoopCrumbs id=id name=detail.name.clone() here=t("seller-orders-title")/>
                    <h1>{t("seller-orders-title")}</h1>
                    <CoopTabs id=id current="seller-tab-orders"/>
                    <Notice/>
                    <FilterForm action=base.clone() filters=filters.clone() search=false/>
                    <p class="actions">
                        <a class="button secondary" href=csv>{t("seller-orders-csv")}</a>
                    </p>
                    <p class="result-count">{t_with("orders-count", &[("count", list.total.into())])}</p>
                    {if list.items.is_empty() {
                        let text = if filters.any() { t("orders-none-match") } else { t("seller-orders-empty") };
                        view! { <p class="empty">{text}</p> }.into_any()
                    } else {
                        view! {
                            <table class="dense orders">
                                <thead><tr>
                                    <th>{t("order-number")}</th><th>{t("order-placed")}</th><th>{t("order-buyer")}</th>
                                    <th class="num">{t("order-units")}</th><th class="num">{t("order-total")}</th>
                                    <th>{t("confirmation-payment")}</th><th>{t("order-status")}</th>
                                </tr></thead>
                                <tbody>
                                    {list.items.into_iter().map(|o| {
                                        let units: i32 = o.items.iter().map(|i| i.quantity).sum();
                                        let payment = payment_cell(&o);
                                        view! {
                                            <tr>
                                                <td><a href=format!("/seller/orders/{}", o.id)>{o.number.clone()}</a></td>
                                                <td data-label=t("order-placed")>{when(o.created_at)}</td>
                                                <td data-label=t("order-buyer")>{o.buyer_name.clone()}<small>{if o.international { o.address.country.clone() } else { o.address.province.clone().unwrap_or_default() }}</small></td>
                                                <td class="num" data-label=t("order-units")>{units}</td>
                                                <td class="num" data-label=t("order-total")>{o.total.to_string()}</td>
                                                <td data-label=t("confirmation-payment")>{payment}</td>
                                                <td><StatusBadge status=o.status.as_str().to_owned()/></td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()
                    }}
                    <Pager page=list.page pages=pages base=base params=filters.params()/>
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}

/// The filters of an order list as a plain GET form.
#[component]
fn FilterForm(
    /// The list's path.
    action: String,
    /// The filters in force.
    filters: Filters,
    /// Offer the search box (staff).
    search: bool,
) -> impl IntoView {
    let reset = action.clone();
    view! {
        <form method="get" action=action class="form filters order-filters" aria-label=t("orders-filter")>
            {search.then(|| view! {
                <div class="field">
                    <label for="orders-q">{t("orders-search")}</label>
                    <input id="orders-q" name="q" type="search" value=filters.q.clone() placeholder=t("orders-search-hint")/>
                </div>
            })}
            <div class="field">
                <label for="orders-status">{t("order-status")}</label>
                <select id="orders-status" name="status">{status_options(&filters.status)}</select>
            </div>
            <div class="field">
                <label for="orders-from">{t("orders-from")}</label>
                <input id="orders-from" name="from" type="date" value=filters.from.clone()/>
            </div>
            <div class="field">
                <label for="orders-to">{t("orders-to")}</label>
                <input id="orders-to" name="to" type="date" value=filters.to.clone()/>
            </div>
            <div class="field">
                <button type="submit" class="button">{t("filter-apply")}</button>
                {filters.any().then(|| view! { <a href=reset class="reset">{t("filter-reset")}</a> })}
            </div>
            {filters.ignored.then(|| view! { <p class="hint field-error">{t("orders-filter-ignored")}</p> })}
        </form>
    }
}

fn order_param() -> Result<Uuid, orders::Error> {
    param("id")
        .parse()
        .map_err(|_| orders::Error::OrderNotFound)
}

/// The steps a cooperative may take with `order`, in the order of an
/// order's life: none that prepares it while its money is awaited (the
/// page says why instead).
fn next_steps(order: &OrderView) -> Vec<OrderStatus> {
    OrderStatus::ALL
        .into_iter()
        .filter(|to| {
            order
                .status
                .transition(*to, StepActor::Cooperative, Some("reason"))
                .is_ok()
        })
        .filter(|to| {
            order.fulfilment_hold.is_none()
                || !matches!(
                    to,
                    OrderStatus::Confirmed | OrderStatus::Packed | OrderStatus::Shipped
                )
        })
        .collect()
}

/// One step's form.
#[component]
fn StepForm(
    /// The order.
    id: Uuid,
    /// Where to.
    to: OrderStatus,
) -> impl IntoView {
    let form = format!("step-{}", to.as_str());
    let state: Option<FormState> = state_of(&form);
    mark_failed(&state);
    let key = to.as_str().replace('_', "-");
    let danger = to == OrderStatus::Cancelled;
    view! {
        <form method="post" action=format!("/seller/orders/{id}/transition") class="form step-form" id=format!("step-{}", to.as_str()) novalidate=true>
            <h3>{t(&format!("step-{key}"))}</h3>
            <p class="hint">{t(&format!("step-{key}-hint"))}</p>
            <ErrorSummary state=state.clone() scope="step"/>
            <Csrf/>
            <input type="hidden" name="to" value=to.as_str()/>
            {(to == OrderStatus::Shipped).then(|| view! {
                <Field name="carrier" state=state.clone() required=true label=t("field-carrier") hint=t("hint-carrier")/>
                <Field name="tracking" state=state.clone() required=true label=t("field-tracking")/>
            })}
            {danger.then(|| view! {
                <Field name="reason" kind="textarea" state=state.clone() required=true hint=t("hint-cancel-reason")/>
                <div class="field">
                    <label class="check">
                        <input type="checkbox" name="confirm" value="yes" required=true/>
                        " " {t("step-cancelled-confirm")}
                    </label>
                </div>
            })}
            <button type="submit" class="button" class:danger=danger>{t(&format!("step-{key}"))}</button>
        </form>
    }
}

/// `/seller/orders/{id}`: one order for the cooperative's members (union
/// staff read it too), with the forms of its next steps.
#[component]
pub fn SellerOrderPage() -> impl IntoView {
    let Some(actor) = super::signed_in() else {
        return ().into_any();
    };
    let cash_state = state_of("cash");
    mark_failed(&cash_state);
    let money_state = state_of("money-received");
    mark_failed(&money_state);
    let refund_state = state_of("refund");
    mark_failed(&refund_state);
    let release_state = state_of("release");
    mark_failed(&release_state);
    let lots_state = state_of("lots");
    mark_failed(&lots_state);
    let reader = actor.clone();
    let load = async move {
        let services = services().map_err(failure)?;
        let id = order_param().map_err(failure)?;
        let order = services
            .orders
            .cooperative_order(&reader, id)
            .await
            .map_err(failure)?;
        // the lots to pick from, for the cooperative's members
        let packing = if reader.role_in(order.cooperative_id).is_some() {
            Some(
                services
                    .traceability
                    .packing(&reader, id, crate::i18n::lang())
                    .await
                    .map_err(failure)?,
            )
        } else {
            None
        };
        Ok::<_, AnyView>((order, packing))
    };
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (order, packing) = match load.await {
                    Ok(data) => data,
                    Err(view) => return view,
                };
                let id = order.id;
                let coop = order.cooperative_id;
                let member = actor.role_in(coop).is_some();
                let packing = packing.filter(|p| p.lines.iter().any(|l| !l.lots.is_empty() || l.lot_id.is_some()));
                let steps = if member { next_steps(&order) } else { Vec::new() };
                let unpaid = order.payment_status == PaymentStatus::Unpaid;
                // a cooperative confirms only the cash of its own order
                let cash = member
                    && order.payment_method == "cod"
                    && unpaid
                    && matches!(order.status, OrderStatus::Shipped | OrderStatus::Delivered | OrderStatus::Completed);
                let staff = actor.is_staff();
                // a transfer reaches the union's account: staff confirm it
                let money_received = staff
                    && order.payment_method == "bank_transfer"
                    && unpaid;
                let release = staff && order.status == OrderStatus::PendingPayment;
                let money = member || staff;
                let refundable = money && order.payment_status.is_paid();
                let refunds = refundable || !order.refunds.is_empty();
                view! {
                    <Title text=format!("{} {} · {}", t("order-title"), order.number, order.cooperative_name)/>
                    {if member {
                        view! { <CoopCrumbs id=coop name=order.cooperative_name.clone() here=order.number.clone()/> }.into_any()
                    } else {
                        view! {
                            <nav class="breadcrumbs">
                                <a href="/moderation/orders">{t("staff-orders")}</a> " › " <span>{order.number.clone()}</span>
                            </nav>
                        }.into_any()
                    }}
                    <h1>{t("order-title")} " " <span class="order-number">{order.number.clone()}</span></h1>
                    {member.then(|| view! { <CoopTabs id=coop current="seller-tab-orders"/> })}
                    <Notice/>
                    <OrderHead order=order.clone()/>
                    {(!member).then(|| view! { <p class="banner">{t("seller-order-read-only")}</p> })}
                    <p class="actions">
                        <a class="button secondary" href=format!("/seller/orders/{id}/packing-slip")>{t("packing-slip-title")}</a>
                        {member.then(|| view! {
                            <a class="button secondary" href=format!("/seller/cooperatives/{coop}/orders")>{t("seller-orders-back")}</a>
                        })}
                    </p>
                    <div class="order-layout">
                        <div>
                            <section class="panel">
                                <h2>{t("order-items")}</h2>
                                <Lines items=order.items.clone() prices=true/>
                                <Totals order=order.clone()/>
                            </section>
                            {packing.map(|p| view! { <PackingLots packing=p state=lots_state.clone()/> })}
                            <SellerPaymentPanel order=order.clone()/>
                            {(!steps.is_empty() || cash || money_received || release).then(|| view! {
                                <section class="panel order-actions" id="actions">
                                    <h2>{t("seller-order-next")}</h2>
                                    <div class="steps">
                                        {steps.iter().map(|to| view! { <StepForm id=id to=*to/> }).collect_view()}
                                        {cash.then(|| view! {
                                            <form method="post" action=format!("/seller/orders/{id}/cash") class="form step-form" id="record-cash">
                                                <h3>{t("step-cash")}</h3>
                                                <p class="hint">{t_with("step-cash-hint", &[("total", order.total.to_string().into())])}</p>
                                                <ErrorSummary state=cash_state.clone()/>
                                                <Csrf/>
                                                <button type="submit" class="button">{t("step-cash")}</button>
                                            </form>
                                        })}
                                        {order.payment_id.filter(|_| money_received).map(|payment| view! {
                                            <MoneyReceivedForm order=order.clone() payment=payment state=money_state.clone()/>
                                        })}
                                        {release.then(|| view! { <ReleaseForm order=order.clone() state=release_state.clone()/> })}
                                    </div>
                                </section>
                            })}
                            {refunds.then(|| view! {
                                <RefundsPanel order=order.clone() refundable=refundable state=refund_state.clone()/>
                            })}
                        </div>
                        <div>
                            <section class="panel">
                                <h2>{t("order-delivery")}</h2>
                                <Address order=order.clone()/>
                                {order.international.then(|| view! { <p class="flag">{t("order-international")}</p> })}
                                <Tracking order=order.clone()/>
                            </section>
                            <Timeline events=order.timeline.clone()/>
                        </div>
                    </div>
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}

/// How the order is paid and where its money is, in words; for a transfer,
/// what the buyer was asked to send for the whole checkout and who confirms
/// it; and why the order may not be prepared yet, with what to do.
#[component]
fn SellerPaymentPanel(
    /// The order.
    order: OrderView,
) -> AnyView {
    let payment = &order.payment;
    let reference = order.payment_reference.clone().unwrap_or_default();
    let several = payment.checkout_orders > 1;
    let how = match order.payment_method.as_str() {
        "bank_transfer" => Some(t_with(
            if several {
                "seller-transfer-several"
            } else {
                "seller-transfer-one"
            },
            &[
                ("total", payment.checkout_total.to_string().into()),
                ("orders", payment.checkout_orders.into()),
                ("reference", reference.clone().into()),
                ("mine", order.total.to_string().into()),
            ],
        )),
        "card" => Some(t("seller-card-how")),
        "cod" => Some(t_with(
            "seller-cod-how",
            &[("total", order.total.to_string().into())],
        )),
        _ => None,
    };
    let hold = order.fulfilment_hold.map(|hold| {
        let key = match hold {
            orders::FulfilmentHold::AwaitingTransfer => "hold-awaiting-transfer",
            orders::FulfilmentHold::AwaitingCard => "hold-awaiting-card",
            orders::FulfilmentHold::MoneyReturned => "hold-money-returned",
        };
        t_with(
            key,
            &[
                ("phone", order.buyer_phone.clone().into()),
                ("email", order.buyer_email.clone().into()),
            ],
        )
    });
    view! {
        <section class="panel seller-payment" id="payment">
            <h2>{t("confirmation-payment")}</h2>
            <p class="pay-line">
                {super::checkout::payment_label(&order.payment_method)} " · "
                <super::orders::PaymentStatusBadge order=order.clone()/>
                {(order.payment_method == "bank_transfer").then(|| view! { " · " <code class="reference">{reference.clone()}</code> })}
            </p>
            {how.map(|text| view! { <p class="payment-how">{text}</p> })}
            {hold.map(|text| view! { <p class="banner hold" role="status">{text}</p> })}
            {order.release_reason.clone().map(|why| view! {
                <p class="notice released">{t_with("order-released-note", &[("reason", why.into())])}</p>
            })}
            {(payment.held.amount > 0).then(|| view! {
                <p class="banner held-note">{t_with("seller-money-held", &[("amount", payment.held.to_string().into())])}</p>
            })}
        </section>
    }
    .into_any()
}

/// Union staff let an order waiting for its money be prepared, with a
/// reason (kept in the audit log).
#[component]
fn ReleaseForm(
    /// The order.
    order: OrderView,
    /// The failed submission.
    state: Option<FormState>,
) -> AnyView {
    view! {
        <form method="post" action=format!("/moderation/orders/{}/release", order.id) class="form step-form release-form" id="release" novalidate=true>
            <h3>{t("release-title")}</h3>
            <p class="hint">{t("release-hint")}</p>
            <ErrorSummary state=state.clone() scope="release"/>
            <Csrf/>
            <Field name="reason" kind="textarea" state=state.clone() required=true hint=t("hint-release-reason")/>
            <div class="field">
                <label class="check">
                    <input type="checkbox" name="confirm" value="yes" required=true/>
                    " " {t("release-confirm")}
                </label>
            </div>
            <button type="submit" class="button">{t("release-submit")}</button>
        </form>
    }
    .into_any()
}

/// Union staff: the checkout's bank transfer is in the union's account —
/// every order it pays is paid and booked.
#[component]
fn MoneyReceivedForm(
    /// The order.
    order: OrderView,
    /// Its payment.
    payment: Uuid,
    /// The failed submission.
    state: Option<FormState>,
) -> AnyView {
    let key = idempotency_key(&state);
    let reference = order.payment_reference.clone().unwrap_or_default();
    view! {
        <form method="post" action=format!("/seller/orders/{}/money-received", order.id) class="form step-form money-form" id="money-received" novalidate=true>
            <h3>{t("money-received")}</h3>
            <p class="hint">{t_with("money-received-hint", &[("total", order.payment.checkout_total.to_string().into()), ("reference", reference.into()), ("orders", order.payment.checkout_orders.into())])}</p>
            <ErrorSummary state=state.clone() scope="money"/>
            <Csrf/>
            <input type="hidden" name="payment_id" value=payment.to_string()/>
            <input type="hidden" name="idempotency_key" value=key/>
            <div class="field">
                <label class="check">
                    <input type="checkbox" id="f-confirm" name="confirm" value="yes" required=true/>
                    " " {t("money-received-confirm")}
                </label>
            </div>
            <button type="submit" class="button">{t("money-received")}</button>
        </form>
    }
    .into_any()
}

/// The page's idempotency key: the one sent when the form came back with
/// problems, else a fresh one (so a second press records once).
pub(super) fn idempotency_key(state: &Option<FormState>) -> String {
    state
        .as_ref()
        .and_then(|s| s.values.get("idempotency_key").cloned())
        .filter(|k| !k.is_empty())
        .unwrap_or_else(|| Uuid::new_v4().to_string())
}

/// What was given back, and the form to give back more.
#[component]
fn RefundsPanel(
    /// The order.
    order: OrderView,
    /// Whether more may be refunded (paid, by someone who may).
    refundable: bool,
    /// The failed submission.
    state: Option<FormState>,
) -> AnyView {
    let remaining = kernel::Money::vnd(order.total.amount - order.refunded.amount);
    let key = idempotency_key(&state);
    let channel_hint = if order.payment_method == "card" {
        t("hint-refund-card")
    } else {
        t("hint-refund-transfer")
    };
    // what Stripe said, when it refused
    let provider = state
        .as_ref()
        .and_then(|s| s.message.clone())
        .filter(|(code, _)| code == "payment_provider_refused")
        .map(|(_, why)| why);
    view! {
        <section class="panel refunds-panel" id="refunds">
            <h2>{t("refunds-title")}</h2>
            <p class="refunded-of">{t_with("refunds-of", &[("refunded", order.refunded.to_string().into()), ("total", order.total.to_string().into())])}</p>
            {(!order.refunds.is_empty()).then(|| view! { <RefundList refunds=order.refunds.clone() buyer=false/> })}
            {refundable.then(|| view! {
                <form method="post" action=format!("/seller/orders/{}/refund", order.id) class="form refund-form" id="refund-form" novalidate=true>
                    <h3>{t("refund-give")}</h3>
                    <p class="hint">{channel_hint}</p>
                    <ErrorSummary state=state.clone() scope="refund"/>
                    {provider.map(|why| view! { <p class="field-error provider-said">{why}</p> })}
                    <Csrf/>
                    <input type="hidden" name="idempotency_key" value=key/>
                    <Field
                        name="amount_vnd"
                        state=state.clone()
                        label=t("field-refund-amount-vnd")
                        hint=t_with("hint-refund-amount", &[("remaining", remaining.to_string().into())])
                        inputmode="numeric"
                    />
                    <Field name="reason" kind="textarea" state=state.clone() required=true hint=t("hint-refund-reason")/>
                    <div class="field">
                        <label class="check">
                            <input type="checkbox" id="f-confirm" name="confirm" value="yes" required=true/>
                            " " {t("refund-confirm")}
                        </label>
                    </div>
                    <button type="submit" class="button danger">{t("refund-submit")}</button>
                </form>
            })}
        </section>
    }
    .into_any()
}

/// `/seller/orders/{id}/packing-slip`: a page to print and put in the
/// parcel (the shop's header and footer are left out when printing).
#[component]
pub fn PackingSlipPage() -> impl IntoView {
    let Some(actor) = super::signed_in() else {
        return ().into_any();
    };
    let load = async move {
        let orders = services().map_err(failure)?.orders;
        let id = order_param().map_err(failure)?;
        orders.cooperative_order(&actor, id).await.map_err(failure)
    };
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let order = match load.await {
                    Ok(order) => order,
                    Err(view) => return view,
                };
                let locale = lang();
                let cod_due = order.payment_method == "cod" && order.payment_status == PaymentStatus::Unpaid;
                let units: i32 = order.items.iter().map(|i| i.quantity).sum();
                view! {
                    <Title text=format!("{} {} · {}", t("packing-slip-title"), order.number, order.cooperative_name)/>
                    <p class="no-print actions">
                        <a class="button secondary" href=format!("/seller/orders/{}", order.id)>{t("packing-slip-back")}</a>
                        <span class="hint">{t("packing-slip-print")}</span>
                    </p>
                    <article class="packing-slip">
                        <header class="slip-head">
                            <div>
                                <p class="kicker">{t("site-name")} " · " {t("packing-slip-title")}</p>
                                <h1 class="slip-number">{order.number.clone()}</h1>
                                <p>{order.cooperative_name.clone()} " · " {when(order.created_at)}</p>
                            </div>
                            <div class="slip-to">
                                <h2>{t("packing-slip-to")}</h2>
                                <Address order=order.clone()/>
                            </div>
                        </header>
                        <table class="dense slip-lines">
                            <thead><tr>
                                <th class="check-col">"✓"</th>
                                <th>{t("product-sku")}</th>
                                <th>{t("order-product")}</th>
                                <th class="num">{t("field-quantity")}</th>
                            </tr></thead>
                            <tbody>
                                {order.items.iter().map(|i| {
                                    let options = super::cart::options_text(&i.options);
                                    view! {
                                        <tr>
                                            <td class="check-col"><span class="box"></span></td>
                                            <td><code>{i.sku.clone()}</code></td>
                                            <td>{i.title.get(locale).to_owned()}
                                                {(!options.is_empty()).then(|| view! { <small>{options}</small> })}
                                            </td>
                                            <td class="num qty">{i.quantity}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                            <tfoot><tr><td></td><td></td><th>{t("packing-slip-units")}</th><td class="num qty">{units}</td></tr></tfoot>
                        </table>
                        <Totals order=order.clone()/>
                        {cod_due.then(|| view! {
                            <p class="cod-due">{t_with("packing-slip-cod", &[("total", order.total.to_string().into())])}</p>
                        })}
                        {order.tracking_number.clone().map(|n| view! {
                            <p>{t("order-tracking")} " " {order.carrier.clone().unwrap_or_default()} " " <code>{n}</code></p>
                        })}
                        <p class="slip-thanks">{t("packing-slip-thanks")}</p>
                    </article>
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}

/// `/moderation/orders?q=&status=&page=`: every order, for union staff.
#[component]
pub fn StaffOrdersPage() -> impl IntoView {
    let Some(actor) = super::signed_in() else {
        return ().into_any();
    };
    let filters = Filters::from_query();
    let filter = filters.filter();
    let page = page_request();
    let load = async move {
        let orders = services().map_err(failure)?.orders;
        orders
            .all_orders(&actor, &filter, page)
            .await
            .map_err(failure)
    };
    view! {
        <Title text=format!("{} · {}", t("staff-orders"), t("site-name"))/>
        <h1>{t("staff-title")}</h1>
        <StaffNav current="staff-orders"/>
        <Notice/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let list = match load.await {
                    Ok(list) => list,
                    Err(view) => return view,
                };
                let pages = list.pages();
                let mut offered: Vec<Uuid> = Vec::new();
                view! {
                    <FilterForm action="/moderation/orders".to_owned() filters=filters.clone() search=true/>
                    <p class="result-count">{t_with("orders-count", &[("count", list.total.into())])}</p>
                    {if list.items.is_empty() {
                        view! { <p class="empty">{t("orders-none-match")}</p> }.into_any()
                    } else {
                        view! {
                            <table class="dense orders staff-orders">
                                <thead><tr>
                                    <th>{t("order-number")}</th><th>{t("order-placed")}</th><th>{t("order-cooperative")}</th>
                                    <th>{t("order-buyer")}</th><th class="num">{t("order-total")}</th>
                                    <th>{t("confirmation-payment")}</th><th>{t("order-status")}</th><th></th>
                                </tr></thead>
                                <tbody>
                                    {list.items.into_iter().map(|o| {
                                        let awaiting = o.payment_method == "bank_transfer"
                                            && o.payment_status == PaymentStatus::Unpaid
                                            && o.status != OrderStatus::Cancelled;
                                        // one button per checkout, on its first order shown
                                        let button = awaiting && !offered.contains(&o.checkout_id);
                                        if button {
                                            offered.push(o.checkout_id);
                                        }
                                        let payment = payment_cell(&o);
                                        view! {
                                            <tr>
                                                <td><a href=format!("/seller/orders/{}", o.id)>{o.number.clone()}</a></td>
                                                <td data-label=t("order-placed")>{when(o.created_at)}</td>
                                                <td>{o.cooperative_name.clone()}</td>
                                                <td data-label=t("order-buyer")>{o.buyer_name.clone()}<small>{o.buyer_email.clone()}</small></td>
                                                <td class="num" data-label=t("order-total")>{o.total.to_string()}</td>
                                                <td data-label=t("confirmation-payment")>{payment}
                                                    {o.payment_reference.clone().filter(|_| o.payment_method == "bank_transfer").map(|r| view! { <small><code>{r}</code></small> })}
                                                </td>
                                                <td><StatusBadge status=o.status.as_str().to_owned()/></td>
                                                <td>{button.then(|| view! { <ConfirmTransfer checkout=o.checkout_id amount=o.payment.checkout_total/> })}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()
                    }}
                    <Pager page=list.page pages=pages base="/moderation/orders".to_owned() params=filters.params()/>
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}

/// Staff confirm that a checkout's bank transfer arrived.
#[component]
fn ConfirmTransfer(
    /// The checkout.
    checkout: Uuid,
    /// What its transfer must bring.
    amount: kernel::Money,
) -> impl IntoView {
    let state = state_of(&format!("confirm-{checkout}"));
    mark_failed(&state);
    view! {
        <form method="post" action=format!("/moderation/checkouts/{checkout}/confirm-transfer") class="action-form">
            <Csrf/>
            <ErrorSummary state=state/>
            <label class="check">
                <input type="checkbox" name="confirm" value="yes" required=true/>
                " " {t_with("staff-transfer-confirm-amount", &[("amount", amount.to_string().into())])}
            </label>
            <button type="submit" class="button small">{t("staff-transfer-received")}</button>
        </form>
    }
}

/// The lot packed for each line of a tracked listing: a choice among the
/// cooperative's lots of that listing that are not recalled, until the
/// order is shipped; then the lots chosen, each linked to its page.
#[component]
fn PackingLots(
    /// The order's lines and their lots.
    packing: traceability::PackingView,
    /// The failed submission.
    state: Option<FormState>,
) -> impl IntoView {
    let id = packing.order_id;
    let open = packing.open;
    let lines: Vec<_> = packing
        .lines
        .into_iter()
        .filter(|l| !l.lots.is_empty() || l.lot_id.is_some())
        .collect();
    view! {
        <section class="panel packing-lots" id="lots">
            <h2>{t("packing-lots")}</h2>
            <p class="hint">{t("packing-lots-hint")}</p>
            <ErrorSummary state=state.clone()/>
            <form method="post" action=format!("/seller/orders/{id}/lots") class="form lots-form" novalidate=true>
                <Csrf/>
                {lines.into_iter().enumerate().map(|(i, line)| {
                    let name = format!("lines[{i}].lot_id");
                    let chosen = state
                        .as_ref()
                        .and_then(|s| s.values.get(&name).cloned())
                        .or(line.lot_id.map(|l| l.to_string()))
                        .unwrap_or_default();
                    let problems = state.as_ref().and_then(|s| s.errors.get(&name)).map(|p| {
                        p.iter().map(crate::forms::translate_problem).collect::<Vec<_>>().join(" · ")
                    });
                    let invalid = problems.is_some();
                    view! {
                        <div class="field" class:invalid=invalid>
                            <input type="hidden" name=format!("lines[{i}].item_id") value=line.item_id.to_string()/>
                            <label for=format!("f-{name}")>{format!("{} × {}", line.title, line.quantity)} " " <code>{line.sku.clone()}</code></label>
                            <select id=format!("f-{name}") name=name.clone() disabled=!open>
                                <option value="">{t("packing-lot-none")}</option>
                                {line.lots.iter().map(|l| {
                                    let value = l.lot_id.to_string();
                                    let selected = value == chosen;
                                    view! { <option value=value selected=selected>{l.lot_number.clone()}</option> }
                                }).collect_view()}
                            </select>
                            {problems.map(|p| view! { <p class="field-error">{p}</p> })}
                        </div>
                    }
                }).collect_view()}
                {open.then(|| view! { <button type="submit" class="button secondary">{t("packing-lots-save")}</button> })}
            </form>
        </section>
    }
}
