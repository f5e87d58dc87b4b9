//! `/seller/cooperatives/{id}/ledger`: what the market owes a cooperative.
//! The market takes the buyers' money and pays each cooperative its share:
//! its sales, less the Union's commission, the refunds and what was paid
//! out already, line by line, and the bank account payouts go to. For the
//! cooperative's managers, and union staff (who reach it from the payouts
//! page).

use accounts::{Action, authorize};
use kernel::{CooperativeId, Money};
use leptos::prelude::*;
use orders::money::{LedgerView, PayoutAccount};

use super::listings::{CoopCrumbs, CoopTabs, coop_param};
use super::{failure, mark_failed, query, services, when};
use crate::components::{Pager, Title};
use crate::forms::{Csrf, ErrorSummary, Field, FormState, Notice, state_of};
use crate::i18n::{t, t_with};

/// Lines a page, as the ledger hands them out.
const PER_PAGE: u64 = 50;

/// `123.000 ₫`, or a dash for nothing.
fn amount(vnd: i64) -> String {
    if vnd == 0 {
        "—".to_owned()
    } else {
        Money::vnd(vnd).to_string()
    }
}

/// `/seller/cooperatives/{id}/ledger?page=`
#[component]
pub fn LedgerPage() -> impl IntoView {
    let Some(actor) = super::signed_in() else {
        return ().into_any();
    };
    let state = state_of("payout-account");
    mark_failed(&state);
    let page = query("page").parse::<u64>().unwrap_or(1).max(1);
    let reader = actor.clone();
    let load = async move {
        let orders = services().map_err(failure)?.orders;
        let id = coop_param().map_err(failure)?;
        orders
            .cooperative_ledger(&reader, id, page)
            .await
            .map_err(failure)
    };
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let ledger = match load.await {
                    Ok(ledger) => ledger,
                    Err(view) => return view,
                };
                let id = CooperativeId(ledger.cooperative_id);
                let member = actor.role_in(id).is_some();
                let edit = authorize(Some(&actor), Action::EditCooperative(id)).is_ok();
                let pages = ledger.total.div_ceil(PER_PAGE);
                view! {
                    <Title text=format!("{} · {}", t("ledger-title"), ledger.cooperative_name)/>
                    {if member {
                        view! { <CoopCrumbs id=id name=ledger.cooperative_name.clone() here=t("ledger-title")/> }.into_any()
                    } else {
                        view! {
                            <nav class="breadcrumbs">
                                <a href="/moderation/payouts">{t("staff-payouts")}</a> " › " <span>{ledger.cooperative_name.clone()}</span>
                            </nav>
                        }.into_any()
                    }}
                    <h1>{t("ledger-title")}</h1>
                    {member.then(|| view! { <CoopTabs id=id current="seller-tab-ledger"/> })}
                    {(!member).then(|| view! { <p class="lead">{ledger.cooperative_name.clone()}</p> })}
                    <Notice/>
                    <Summary ledger=ledger.clone()/>
                    <Lines ledger=ledger.clone()/>
                    <Pager page=ledger.page pages=pages base=format!("/seller/cooperatives/{id}/ledger") params=vec![]/>
                    <AccountPanel id=id account=ledger.payout_account.clone() edit=edit state=state.clone()/>
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}

/// Sales, less commission, refunds and payouts: the balance owed.
#[component]
fn Summary(
    /// The ledger.
    ledger: LedgerView,
) -> AnyView {
    let b = ledger.balance;
    let owes = b.balance_vnd < 0;
    view! {
        <section class="panel ledger-summary" aria-labelledby="balance-title">
            <h2 id="balance-title">{t("ledger-balance")}</h2>
            <dl class="totals ledger-sums">
                <dt>{t("ledger-sales")}</dt><dd class="sales">{Money::vnd(b.sales_vnd).to_string()}</dd>
                <dt>{t("ledger-commission")}</dt><dd class="commission">{Money::vnd(-b.commission_vnd).to_string()}</dd>
                <dt>{t("ledger-refunds")}</dt><dd class="refunds">{Money::vnd(-b.refunds_vnd).to_string()}</dd>
                <dt>{t("ledger-payouts")}</dt><dd class="payouts">{Money::vnd(-b.payouts_vnd).to_string()}</dd>
                <dt>{if owes { t("ledger-owes-market") } else { t("ledger-owed") }}</dt>
                <dd class="grand balance-owed">{Money::vnd(b.balance_vnd).to_string()}</dd>
            </dl>
            <p class="hint">{t("ledger-explain")}</p>
        </section>
    }
    .into_any()
}

/// The page's lines, newest first.
#[component]
fn Lines(
    /// The ledger.
    ledger: LedgerView,
) -> impl IntoView {
    if ledger.lines.is_empty() {
        return view! { <p class="empty">{t("ledger-empty")}</p> }.into_any();
    }
    view! {
        <p class="result-count">{t_with("ledger-count", &[("count", ledger.total.into())])}</p>
        <div class="table-scroll">
            <table class="dense ledger-lines">
                <thead><tr>
                    <th>{t("ledger-date")}</th>
                    <th>{t("ledger-kind")}</th>
                    <th>{t("order-number")}</th>
                    <th class="num">{t("ledger-gross")}</th>
                    <th class="num">{t("ledger-commission-col")}</th>
                    <th class="num">{t("ledger-net")}</th>
                    <th>{t("ledger-memo")}</th>
                </tr></thead>
                <tbody>
                    {ledger.lines.into_iter().map(|l| {
                        let kind = l.line.kind.as_str();
                        let order = match (l.line.order_id, l.order_number) {
                            (Some(id), Some(number)) => view! { <a href=format!("/seller/orders/{id}") class="order-number">{number}</a> }.into_any(),
                            _ => "—".into_any(),
                        };
                        view! {
                            <tr class=format!("ledger-line line-{kind}")>
                                <td>{when(l.line.created_at)}</td>
                                <td><span class=format!("status kind-{kind}")>{t(&format!("ledger-kind-{kind}"))}</span></td>
                                <td>{order}</td>
                                <td class="num" data-label=t("ledger-gross")>{amount(l.line.gross_vnd)}</td>
                                <td class="num" data-label=t("ledger-commission-col")>{amount(l.line.commission_vnd)}</td>
                                <td class="num net" data-label=t("ledger-net")>{Money::vnd(l.line.net_vnd).to_string()}</td>
                                <td>{l.line.memo.clone().map(|m| view! { <small>{m}</small> })}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Where payouts go: the form for managers, the account as text for staff.
#[component]
fn AccountPanel(
    /// The cooperative.
    id: CooperativeId,
    /// The account given.
    account: Option<PayoutAccount>,
    /// Whether the reader may change it.
    edit: bool,
    /// The failed submission.
    state: Option<FormState>,
) -> AnyView {
    let shown = account.clone();
    let current = account.unwrap_or_default();
    view! {
        <section class="panel payout-account" id="payout-account">
            <h2>{t("payout-account-title")}</h2>
            {match shown {
                Some(a) => view! {
                    <dl class="transfer">
                        <dt>{t("field-bank-bin")}</dt><dd><code>{a.bank_bin}</code></dd>
                        <dt>{t("field-account")}</dt><dd><code>{a.account}</code></dd>
                        <dt>{t("field-account-name")}</dt><dd>{a.account_name}</dd>
                    </dl>
                }.into_any(),
                None => view! { <p class="empty warn">{t("payout-account-missing")}</p> }.into_any(),
            }}
            {edit.then(|| view! {
                <form method="post" action=format!("/seller/cooperatives/{id}/ledger") class="form payout-account-form" novalidate=true>
                    <h3>{t("payout-account-change")}</h3>
                    <p class="hint">{t("payout-account-lead")}</p>
                    <ErrorSummary state=state.clone()/>
                    <Csrf/>
                    <Field name="bank_bin" state=state.clone() required=true value=current.bank_bin hint=t("hint-bank-bin") inputmode="numeric"/>
                    <Field name="account" state=state.clone() required=true value=current.account inputmode="numeric"/>
                    <Field name="account_name" state=state.clone() required=true value=current.account_name hint=t("hint-account-name")/>
                    <button type="submit" class="button">{t("payout-account-save")}</button>
                </form>
            })}
        </section>
    }
    .into_any()
}
