//! Union staff and the market's money: `/moderation/payouts` (who is owed
//! what, paying everything owed or chosen amounts as one batch of bank
//! transfers, the recent batches with their CSV for the bank, and the
//! ledger's trial balance) and `/moderation/bank-statements` (a statement
//! of the market's account matched to the bank transfers shoppers owe:
//! checked first, applied when ticked).

use kernel::{CooperativeId, Money};
use leptos::prelude::*;
use orders::money::{OwedView, PayoutBatchView, PayoutsOverview, StatementMatch, StatementReport};

use super::moderation::StaffNav;
use super::{failure, mark_failed, services, signed_in, when};
use crate::components::Title;
use crate::forms::{
    Csrf, ErrorSummary, Field, FormState, Notice, field_label, payout_amount_field, state_of,
    statement_outcome, translate_problem,
};
use crate::i18n::{t, t_with};

/// `/moderation/payouts`
#[component]
pub fn PayoutsPage() -> impl IntoView {
    let Some(actor) = signed_in() else {
        return ().into_any();
    };
    let all_state = state_of("payout-all");
    mark_failed(&all_state);
    let some_state = state_of("payout-some");
    mark_failed(&some_state);
    let load = async move {
        let orders = services().map_err(failure)?.orders;
        orders.payouts_overview(&actor).await.map_err(failure)
    };
    view! {
        <Title text=format!("{} · {}", t("staff-payouts"), t("site-name"))/>
        <h1>{t("staff-title")}</h1>
        <StaffNav current="staff-payouts"/>
        <Notice/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let overview = match load.await {
                    Ok(overview) => overview,
                    Err(view) => return view,
                };
                view! {
                    <TrialBalancePanel overview=overview.clone()/>
                    <OwedPanel owed=overview.owed.clone() all_state=all_state.clone() some_state=some_state.clone()/>
                    <section class="panel" id="batches">
                        <h2>{t("payouts-batches")}</h2>
                        {if overview.batches.is_empty() {
                            view! { <p class="empty">{t("payouts-no-batches")}</p> }.into_any()
                        } else {
                            overview.batches.into_iter().map(|b| view! { <Batch batch=b/> }).collect_view().into_any()
                        }}
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}

/// The ledger's accounts summed: cash held, commission, owed; and whether
/// every transaction balances.
#[component]
fn TrialBalancePanel(
    /// The overview.
    overview: PayoutsOverview,
) -> AnyView {
    let tb = overview.trial_balance;
    let unbalanced = tb.unbalanced.len();
    view! {
        <section class="panel trial-balance" aria-labelledby="trial-title">
            <h2 id="trial-title">{t("trial-title")}</h2>
            <dl class="totals">
                <dt>{t("trial-received")}</dt><dd class="received">{Money::vnd(tb.received_vnd).to_string()}</dd>
                <dt>{t("trial-returned")}</dt><dd class="returned">{Money::vnd(tb.returned_vnd).to_string()}</dd>
                <dt>{t("trial-paid-out")}</dt><dd class="paid-out">{Money::vnd(tb.paid_out_vnd).to_string()}</dd>
                <dt>{t("trial-cash")}</dt><dd class="market-cash">{Money::vnd(tb.market_cash_vnd).to_string()}</dd>
                <dt>{t("trial-commission")}</dt><dd class="commission">{Money::vnd(tb.commission_vnd).to_string()}</dd>
                <dt>{t("trial-owed")}</dt><dd class="owed">{Money::vnd(tb.owed_to_cooperatives_vnd).to_string()}</dd>
                <dt>{t("trial-held")}</dt>
                <dd class="held">
                    {Money::vnd(tb.held_for_buyers_vnd).to_string()}
                    {(tb.held_for_buyers_vnd != 0).then(|| view! { " " <a href="/moderation/refunds">{t("trial-held-see")}</a> })}
                </dd>
            </dl>
            {if unbalanced == 0 {
                view! { <p class="notice balanced" role="status">{t("trial-balanced")}</p> }.into_any()
            } else {
                view! {
                    <div class="error-summary unbalanced" role="alert">
                        <p>{t_with("trial-unbalanced", &[("count", (unbalanced as u64).into())])}</p>
                        <ul>{tb.unbalanced.into_iter().map(|id| view! { <li><code>{id.to_string()}</code></li> }).collect_view()}</ul>
                    </div>
                }.into_any()
            }}
        </section>
    }
    .into_any()
}

/// Who is owed what, with the two ways to pay: everything, or chosen
/// amounts.
#[component]
fn OwedPanel(
    /// Cooperatives with a balance.
    owed: Vec<OwedView>,
    /// The failed "pay everything" submission.
    all_state: Option<FormState>,
    /// The failed "pay these amounts" submission.
    some_state: Option<FormState>,
) -> impl IntoView {
    let payable: Vec<&OwedView> = owed.iter().filter(|o| o.balance.amount > 0).collect();
    let sum = Money::vnd(payable.iter().map(|o| o.balance.amount).sum());
    let count = payable.len() as u64;
    let missing = payable.iter().filter(|o| !o.has_payout_account).count() as u64;
    if owed.is_empty() {
        return view! {
            <section class="panel" id="owed">
                <h2>{t("payouts-owed")}</h2>
                <p class="empty">{t("payouts-none-owed")}</p>
            </section>
        }
        .into_any();
    }
    let all_key = super::seller_orders::idempotency_key(&all_state);
    let some_key = super::seller_orders::idempotency_key(&some_state);
    let names: Vec<(String, String)> = owed
        .iter()
        .map(|o| {
            (
                payout_amount_field(o.cooperative_id),
                o.cooperative_name.clone(),
            )
        })
        .collect();
    let note_value = some_state
        .as_ref()
        .and_then(|s| s.values.get("note").cloned())
        .unwrap_or_default();
    view! {
        <section class="panel" id="owed">
            <h2>{t("payouts-owed")}</h2>
            {(missing > 0).then(|| view! { <p class="banner">{t_with("payouts-missing-accounts", &[("count", missing.into())])}</p> })}
            <form method="post" action="/moderation/payouts" class="form payout-some-form" id="pay-some" novalidate=true>
                <Csrf/>
                <input type="hidden" name="form" value="some"/>
                <input type="hidden" name="idempotency_key" value=some_key/>
                <AmountsSummary state=some_state.clone() names=names/>
                <div class="table-scroll">
                    <table class="dense owed-table">
                        <thead><tr>
                            <th>{t("order-cooperative")}</th>
                            <th class="num">{t("payouts-owed-now")}</th>
                            <th>{t("payout-account-title")}</th>
                            <th>{t("payouts-amount")}</th>
                        </tr></thead>
                        <tbody>
                            {owed.into_iter().map(|o| {
                                let name = payout_amount_field(o.cooperative_id);
                                let id = format!("f-{name}");
                                let problems: Vec<String> = some_state
                                    .as_ref()
                                    .and_then(|s| s.errors.get(&name))
                                    .map(|p| p.iter().map(translate_problem).collect())
                                    .unwrap_or_default();
                                let value = some_state
                                    .as_ref()
                                    .and_then(|s| s.values.get(&name).cloned())
                                    .unwrap_or_default();
                                let invalid = !problems.is_empty();
                                let positive = o.balance.amount > 0;
                                let label = t_with("payouts-amount-for", &[("name", o.cooperative_name.clone().into())]);
                                view! {
                                    <tr class:invalid=invalid class:muted=!positive>
                                        <td><a href=format!("/seller/cooperatives/{}/ledger", CooperativeId(o.cooperative_id))>{o.cooperative_name.clone()}</a></td>
                                        <td class="num owed-amount" data-label=t("payouts-owed-now")>{o.balance.to_string()}</td>
                                        <td>{if o.has_payout_account {
                                            view! { <span class="flag">{t("payouts-account-ok")}</span> }.into_any()
                                        } else {
                                            view! { <span class="flag flag-danger">{t("payouts-account-missing")}</span> }.into_any()
                                        }}</td>
                                        <td>{if positive {
                                            view! {
                                                <div class="field amount-cell" class:invalid=invalid>
                                                    <label for=id.clone() class="visually-hidden">{label}</label>
                                                    <input id=id name=name type="text" inputmode="numeric" value=value placeholder=o.balance.amount.to_string() aria-invalid=invalid.then_some("true")/>
                                                    {invalid.then(|| view! { <p class="field-error">{problems.join(" · ")}</p> })}
                                                </div>
                                            }.into_any()
                                        } else {
                                            view! { <small>{t("payouts-owes-market")}</small> }.into_any()
                                        }}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                <p class="hint">{t("payouts-amounts-hint")}</p>
                <div class="field">
                    <label for="some-note">{t("field-note")} <span class="optional">" " {t("form-optional")}</span></label>
                    <input id="some-note" name="note" type="text" value=note_value/>
                </div>
                <button type="submit" class="button">{t("payouts-record-some")}</button>
            </form>
            {(count > 0).then(|| view! {
                <form method="post" action="/moderation/payouts" class="form step-form payout-all-form" id="pay-all" novalidate=true>
                    <h3>{t("payouts-all-title")}</h3>
                    <p>{t_with("payouts-all-lead", &[("total", sum.to_string().into()), ("count", count.into())])}</p>
                    <ErrorSummary state=all_state.clone() scope="payouts"/>
                    <Csrf/>
                    <input type="hidden" name="form" value="all"/>
                    <input type="hidden" name="idempotency_key" value=all_key/>
                    <Field name="note" state=all_state.clone() hint=t("hint-payout-note")/>
                    <div class="field">
                        <label class="check">
                            <input type="checkbox" id="f-confirm" name="confirm" value="yes" required=true/>
                            " " {t("payouts-all-confirm")}
                        </label>
                    </div>
                    <button type="submit" class="button">{t("payouts-record-all")}</button>
                </form>
            })}
        </section>
    }
    .into_any()
}

/// The problems of the amounts form, each named by its cooperative.
#[component]
fn AmountsSummary(
    /// The failed submission.
    state: Option<FormState>,
    /// (input name, cooperative name).
    names: Vec<(String, String)>,
) -> impl IntoView {
    state.filter(|s| !s.errors.is_empty() || s.message.is_some()).map(|s| {
        let items: Vec<(String, String)> = s
            .errors
            .iter()
            .flat_map(|(field, problems)| {
                let label = names
                    .iter()
                    .find(|(name, _)| name == field)
                    .map(|(_, coop)| coop.clone())
                    .unwrap_or_else(|| field_label(field));
                problems
                    .iter()
                    .map(move |p| (field.to_owned(), format!("{label}: {}", translate_problem(p))))
            })
            .collect();
        view! {
            <div class="error-summary" role="alert" tabindex="-1">
                <h2>{t("form-has-errors")}</h2>
                {s.message.map(|(code, fallback)| view! { <p>{crate::i18n::try_t(&format!("error-{code}")).unwrap_or(fallback)}</p> })}
                <ul>
                    {items.into_iter().map(|(field, text)| view! { <li><a href=format!("#f-{field}")>{text}</a></li> }).collect_view()}
                </ul>
            </div>
        }
    })
}

/// One batch: what went to whom, and its file for the bank.
#[component]
fn Batch(
    /// The batch.
    batch: PayoutBatchView,
) -> AnyView {
    let csv = format!("/api/v1/moderation/payouts/{}/transfers.csv", batch.id);
    let count = batch.payouts.len() as u64;
    view! {
        <article class="batch" id=format!("batch-{}", batch.id)>
            <header class="batch-head">
                <h3>{when(batch.created_at)} " · " <span class="batch-total">{batch.total.to_string()}</span></h3>
                <p>
                    {t_with("payouts-batch-count", &[("count", count.into())])}
                    {batch.note.clone().map(|n| view! { " · " <em>{n}</em> })}
                </p>
                <p><a class="button small secondary csv-link" href=csv>{t("payouts-csv")}</a></p>
            </header>
            <div class="table-scroll">
                <table class="dense batch-payouts">
                    <thead><tr>
                        <th>{t("order-cooperative")}</th>
                        <th class="num">{t("payouts-amount")}</th>
                        <th>{t("field-bank-bin")}</th>
                        <th>{t("field-account")}</th>
                        <th>{t("field-account-name")}</th>
                        <th>{t("ledger-memo")}</th>
                    </tr></thead>
                    <tbody>
                        {batch.payouts.into_iter().map(|p| {
                            let missing = p.account.is_none();
                            view! {
                                <tr>
                                    <td><a href=format!("/seller/cooperatives/{}/ledger", CooperativeId(p.cooperative_id))>{p.cooperative_name}</a></td>
                                    <td class="num" data-label=t("payouts-amount")>{p.amount.to_string()}</td>
                                    <td data-label=t("field-bank-bin")>{p.bank_bin.map(|b| view! { <code>{b}</code> })}</td>
                                    <td>{if missing {
                                        view! { <span class="flag flag-danger">{t("payouts-account-missing")}</span> }.into_any()
                                    } else {
                                        view! { <code>{p.account.unwrap_or_default()}</code> }.into_any()
                                    }}</td>
                                    <td data-label=t("field-account-name")>{p.account_name}</td>
                                    <td data-label=t("ledger-memo")><code>{p.memo}</code></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </article>
    }
    .into_any()
}

/// `/moderation/bank-statements`: send a statement; see what it matched.
#[component]
pub fn BankStatementsPage() -> impl IntoView {
    if signed_in().is_none() {
        return ().into_any();
    }
    let state = state_of("statement");
    mark_failed(&state);
    let outcome = statement_outcome();
    let apply_ticked = state
        .as_ref()
        .is_some_and(|s| s.values.get("apply").is_some_and(|v| v == "yes"));
    let problems: Vec<String> = state
        .as_ref()
        .and_then(|s| s.errors.get("file"))
        .map(|p| p.iter().map(translate_problem).collect())
        .unwrap_or_default();
    let invalid = !problems.is_empty();
    view! {
        <Title text=format!("{} · {}", t("staff-statements"), t("site-name"))/>
        <h1>{t("staff-title")}</h1>
        <StaffNav current="staff-statements"/>
        {outcome.map(|o| view! { <StatementReportView report=o.0/> })}
        <section class="panel">
            <h2>{t("statement-send")}</h2>
            <p class="hint">{t("statement-lead")}</p>
            <ErrorSummary state=state.clone()/>
            <form method="post" action="/moderation/bank-statements" enctype="multipart/form-data" class="form statement-form">
                <Csrf/>
                <div class="field" class:invalid=invalid>
                    <label for="f-file">{t("field-statement-file")}</label>
                    <p class="hint" id="f-file-hint">{t("hint-statement-file")}</p>
                    <input id="f-file" type="file" name="file" accept=".csv,text/csv" required=true aria-describedby="f-file-hint"/>
                    {invalid.then(|| view! { <p class="field-error">{problems.join(" · ")}</p> })}
                </div>
                <div class="field">
                    <label class="check">
                        <input type="checkbox" name="apply" value="yes" checked=apply_ticked/>
                        " " {t("statement-apply")}
                    </label>
                    <p class="hint">{t("statement-apply-hint")}</p>
                </div>
                <button type="submit" class="button">{t("statement-submit")}</button>
            </form>
        </section>
        <section class="panel">
            <h2>{t("statement-guide")}</h2>
            <ul class="guide">
                <li><code>"date / ngày giao dịch"</code> " — " {t("statement-col-date")}</li>
                <li><code>"amount / credit / số tiền / ghi có"</code> " — " {t("statement-col-amount")}</li>
                <li><code>"description / memo / nội dung / diễn giải"</code> " — " {t("statement-col-description")}</li>
            </ul>
        </section>
    }
    .into_any()
}

/// What a statement matched, line by line.
#[component]
fn StatementReportView(
    /// The report.
    report: StatementReport,
) -> AnyView {
    let headline = if report.applied {
        t_with(
            "statement-applied",
            &[("count", (report.matched.len() as u64).into())],
        )
    } else {
        t_with(
            "statement-checked",
            &[("count", (report.matched.len() as u64).into())],
        )
    };
    let counts = [
        ("statement-matched", report.matched.len()),
        ("statement-paid-twice", report.paid_twice.len()),
        ("statement-mismatch", report.amount_mismatch.len()),
        ("statement-unmatched", report.unmatched.len()),
        ("statement-already", report.already_imported.len()),
        ("statement-bad", report.bad_lines.len()),
    ];
    let matched_note = if report.applied {
        t("statement-matched-applied")
    } else {
        t("statement-matched-dry")
    };
    view! {
        <section class="panel statement-report" id="report">
            <h2>{if report.applied { t("statement-report-applied") } else { t("statement-report-dry") }}</h2>
            <p class="notice" role="status">{headline}</p>
            <dl class="counts">
                {counts.into_iter().map(|(key, n)| view! { <div class=key><dt>{t(key)}</dt><dd>{n}</dd></div> }).collect_view()}
            </dl>
            {(report.held.amount > 0).then(|| view! {
                <p class="banner statement-held">
                    {t_with(if report.applied { "statement-held-applied" } else { "statement-held-dry" }, &[("amount", report.held.to_string().into())])}
                    " " <a href="/moderation/refunds">{t("trial-held-see")}</a>
                </p>
            })}
            {(!report.matched.is_empty()).then(|| view! {
                <h3>{t("statement-matched")}</h3>
                <p class="hint">{matched_note}</p>
                <MatchTable rows=report.matched.clone() class="matched"/>
            })}
            {(!report.paid_twice.is_empty()).then(|| view! {
                <h3>{t("statement-paid-twice")}</h3>
                <p class="banner">{t("statement-paid-twice-hint")}</p>
                <MatchTable rows=report.paid_twice.clone() class="paid-twice"/>
            })}
            {(!report.amount_mismatch.is_empty()).then(|| view! {
                <h3>{t("statement-mismatch")}</h3>
                <p class="banner">{t("statement-mismatch-hint")}</p>
                <MatchTable rows=report.amount_mismatch.clone() class="mismatch"/>
            })}
            {(!report.unmatched.is_empty()).then(|| view! {
                <h3>{t("statement-unmatched")}</h3>
                <p class="hint">{t("statement-unmatched-hint")}</p>
                <div class="table-scroll">
                    <table class="dense statement-lines unmatched">
                        <thead><tr>
                            <th class="num">{t("import-line")}</th><th>{t("ledger-date")}</th>
                            <th class="num">{t("statement-received")}</th><th>{t("statement-description")}</th>
                        </tr></thead>
                        <tbody>
                            {report.unmatched.iter().map(|l| view! {
                                <tr>
                                    <td class="num" data-label=t("import-line")>{l.line}</td>
                                    <td data-label=t("ledger-date")>{l.booked_on.clone()}</td>
                                    <td class="num" data-label=t("statement-received")>{Money::vnd(l.amount_vnd).to_string()}</td>
                                    <td>{l.description.clone()}
                                        {l.reference.clone().map(|r| view! { <small>{t("confirmation-memo")} " " <code>{r}</code></small> })}
                                    </td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            {(!report.already_imported.is_empty()).then(|| view! {
                <h3>{t("statement-already")}</h3>
                <p class="hint already-lines">{t_with("statement-already-lines", &[("lines", report.already_imported.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ").into())])}</p>
            })}
            {(!report.bad_lines.is_empty()).then(|| view! {
                <h3>{t("statement-bad")}</h3>
                <table class="dense problems">
                    <thead><tr><th class="num">{t("import-line")}</th><th>{t("import-problem")}</th></tr></thead>
                    <tbody>
                        {report.bad_lines.iter().map(|b| view! {
                            <tr><td class="num">{b.line}</td><td>{b.problem.clone()}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
        </section>
    }
    .into_any()
}

/// Statement lines that name a payment.
#[component]
fn MatchTable(
    /// The lines.
    rows: Vec<StatementMatch>,
    /// The kind of match, as a class.
    class: &'static str,
) -> AnyView {
    view! {
        <div class="table-scroll">
            <table class=format!("dense statement-lines {class}")>
                <thead><tr>
                    <th class="num">{t("import-line")}</th>
                    <th>{t("ledger-date")}</th>
                    <th class="num">{t("statement-received")}</th>
                    <th class="num">{t("statement-expected")}</th>
                    <th class="num">{t("statement-held")}</th>
                    <th>{t("confirmation-memo")}</th>
                    <th>{t("statement-orders")}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|m| view! {
                        <tr>
                            <td class="num" data-label=t("import-line")>{m.line.line}</td>
                            <td data-label=t("ledger-date")>{m.line.booked_on.clone()}</td>
                            <td class="num" data-label=t("statement-received")>{Money::vnd(m.line.amount_vnd).to_string()}</td>
                            <td class="num" data-label=t("statement-expected")>{m.expected.to_string()}</td>
                            <td class="num held" data-label=t("statement-held")>{(m.held.amount > 0).then(|| m.held.to_string())}</td>
                            <td><code>{m.line.reference.clone().unwrap_or_default()}</code><small>{m.line.description.clone()}</small></td>
                            <td>{m.order_numbers.iter().map(|n| view! {
                                <a class="order-number" href=crate::format::link("/moderation/orders", &[("q", n.as_str())])>{n.clone()}</a> " "
                            }).collect_view()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
