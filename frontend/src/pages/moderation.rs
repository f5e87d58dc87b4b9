//! The Cooperative Union's dashboard: the review queue, one application with
//! its documents and the decisions, the audit log, the outbox.

use crate::components::Title;
use catalog::moderation::AuditFilter;
use kernel::CooperativeId;
use leptos::prelude::*;

use super::seller::History;
use super::{
    StatusBadge, failure, mark_failed, page_request, param, query, services, signed_in, when,
};
use crate::components::Pager;
use crate::forms::{Csrf, ErrorSummary, Field, Notice, state_of};
use crate::i18n::{lang, t, t_with};

const STATUSES: [&str; 5] = [
    "pending",
    "changes_requested",
    "approved",
    "suspended",
    "rejected",
];

/// The staff tabs.
#[component]
pub(super) fn StaffNav(
    /// The current tab.
    current: &'static str,
) -> impl IntoView {
    let tabs = [
        ("/moderation", "staff-queue"),
        ("/moderation/products", "staff-products"),
        ("/moderation/certifications", "staff-certifications"),
        ("/moderation/figures", "staff-figures"),
        ("/moderation/audit-log", "staff-audit-log"),
        ("/moderation/orders", "staff-orders"),
        ("/moderation/payouts", "staff-payouts"),
        ("/moderation/refunds", "staff-refunds"),
        ("/moderation/export", "staff-export"),
        ("/moderation/lots", "staff-lots"),
        ("/moderation/reviews", "staff-reviews"),
        ("/moderation/exchange-rates", "staff-rates"),
        ("/moderation/bank-statements", "staff-statements"),
        ("/moderation/outbox", "staff-outbox"),
    ];
    view! {
        <nav class="tabs" aria-label=t("staff-title")>
            {tabs.into_iter().map(|(href, key)| view! {
                <a href=href aria-current=(key == current).then_some("page")>{t(key)}</a>
            }).collect_view()}
        </nav>
    }
}

/// What waits for union staff, each a link to its queue.
#[component]
fn Waiting() -> impl IntoView {
    let Some(actor) = signed_in() else {
        return ().into_any();
    };
    let load = async move {
        market::waiting(services().ok()?.market(), &actor)
            .await
            .ok()
    };
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let Some(market::Waiting { catalogue: c, money: m, recalls, reviews }) = load.await else {
                    return ().into_any();
                };
                let tiles = [
                    (c.applications, "waiting-applications", "/moderation?status=pending"),
                    (c.listings, "waiting-listings", "/moderation/products"),
                    (c.certifications, "waiting-certifications", "/moderation/certifications"),
                    (c.figures, "waiting-figures", "/moderation/figures"),
                    (m.transfers, "waiting-transfers", "/moderation/orders?status=pending_payment"),
                    (m.held, "waiting-held", "/moderation/refunds"),
                    (c.failed_emails, "waiting-failed-emails", "/moderation/outbox"),
                    (recalls, "waiting-recalls", "/moderation/lots?status=recalled"),
                    (reviews, "waiting-reviews", "/moderation/reviews"),
                ];
                view! {
                    <section class="glance" aria-label=t("staff-waiting")>
                        <h2>{t("staff-waiting")}</h2>
                        <ul class="tiles">
                            {tiles.into_iter().map(|(count, key, href)| view! {
                                <li class="tile" class:urgent=(count > 0)>
                                    <a href=href><strong>{count}</strong> " " <span>{t(key)}</span></a>
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}

/// `/moderation?status=`: the review queue.
#[component]
pub fn QueuePage() -> impl IntoView {
    let Some(actor) = signed_in() else {
        return ().into_any();
    };
    let status = query("status");
    let status = if STATUSES.contains(&status.as_str()) {
        status
    } else {
        "pending".to_owned()
    };
    let page = page_request();
    let filter = catalog::onboarding::parse_status(&status);
    let load = async move {
        let catalog = services().map_err(failure)?.catalog;
        catalog
            .review_queue(&actor, filter, page)
            .await
            .map_err(failure)
    };
    let current = status.clone();
    view! {
        <Title text=format!("{} · {}", t("staff-title"), t("site-name"))/>
        <h1>{t("staff-title")}</h1>
        <StaffNav current="staff-queue"/>
        <Waiting/>
        <super::market::MarketFigures/>
        <h2>{t("staff-applications")}</h2>
        <nav class="chips-nav">
            {STATUSES.into_iter().map(|s| view! {
                <a href=format!("/moderation?status={s}") aria-current=(s == current).then_some("page")>{t(&format!("status-{}", s.replace('_', "-")))}</a>
            }).collect_view()}
        </nav>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let queue = match load.await {
                    Ok(queue) => queue,
                    Err(view) => return view,
                };
                let pages = queue.pages();
                if queue.items.is_empty() {
                    return view! { <p class="empty">{t("staff-queue-empty")}</p> }.into_any();
                }
                view! {
                    <table class="dense">
                        <thead><tr>
                            <th>{t("field-legal-name")}</th><th>{t("field-kind")}</th><th>{t("field-province")}</th>
                            <th>{t("staff-submitted")}</th><th>{t("field-documents")}</th><th>{t("seller-status")}</th>
                        </tr></thead>
                        <tbody>
                            {queue.items.into_iter().map(|a| view! {
                                <tr>
                                    <td><a href=format!("/moderation/cooperatives/{}", a.id)>{a.name}</a></td>
                                    <td>{t(&format!("kind-{}", a.kind.as_str()))}</td>
                                    <td>{a.province}</td>
                                    <td>{a.submitted_at.map(when)}</td>
                                    <td>{a.documents}</td>
                                    <td><StatusBadge status=a.status/></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <Pager page=queue.page pages=pages base="/moderation".to_owned() params=vec![("status", status)]/>
                }.into_any()
            })}
        </Suspense>
    }
    .into_any()
}

/// A decision form: a confirm box, and a reason where the decision needs one.
#[component]
fn DecisionForm(
    /// The cooperative.
    id: CooperativeId,
    /// `approve`, `reject`, `request-changes`, `suspend` or `reinstate`.
    action: &'static str,
) -> impl IntoView {
    let state = state_of(&format!("decide-{action}"));
    mark_failed(&state);
    let needs_reason = matches!(action, "reject" | "request-changes" | "suspend");
    let danger = matches!(action, "reject" | "suspend");
    view! {
        <form method="post" action=format!("/moderation/cooperatives/{id}/decide") class="form decision">
            <h3>{t(&format!("decide-{action}"))}</h3>
            <ErrorSummary state=state.clone()/>
            <Csrf/>
            <input type="hidden" name="action" value=action/>
            {needs_reason.then(|| view! { <Field name="reason" kind="textarea" state=state.clone() required=true/> })}
            <div class="field">
                <label class="check">
                    <input type="checkbox" name="confirm" value="yes" required=true/>
                    " " {t(&format!("decide-{action}-confirm"))}
                </label>
            </div>
            <button type="submit" class="button" class:danger=danger>{t(&format!("decide-{action}"))}</button>
        </form>
    }
}

/// `/moderation/cooperatives/{id}`: everything about one application or
/// seller, its documents, its history and the decisions open to staff.
#[component]
pub fn ReviewPage() -> impl IntoView {
    let Some(actor) = signed_in() else {
        return ().into_any();
    };
    let id = param("id");
    let load = async move {
        let catalog = services().map_err(failure)?.catalog;
        accounts::authorize(Some(&actor), accounts::Action::Moderate).map_err(failure)?;
        let id: CooperativeId = id
            .parse()
            .map_err(|_| failure(catalog::Error::CooperativeNotFound(id.clone())))?;
        catalog.application(&actor, id).await.map_err(failure)
    };
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let d = match load.await {
                    Ok(detail) => detail,
                    Err(view) => return view,
                };
                let locale = lang();
                let actions: &[&'static str] = match d.status.as_str() {
                    "pending" => &["approve", "request-changes", "reject"],
                    "changes_requested" => &["reject"],
                    "approved" => &["suspend"],
                    "suspended" => &["reinstate"],
                    _ => &[],
                };
                let row = |key: &str, value: Option<String>| view! {
                    <tr><th scope="row">{t(key)}</th><td>{value.unwrap_or_default()}</td></tr>
                };
                view! {
                    <Title text=format!("{} · {}", d.name, t("staff-title"))/>
                    <nav class="breadcrumbs"><a href="/moderation">{t("staff-title")}</a> " › " <span>{d.name.clone()}</span></nav>
                    <h1>{d.name.clone()}</h1>
                    <Notice/>
                    <p><StatusBadge status=d.status.clone()/> " "
                        {d.status_changed_at.map(|at| t_with("status-since", &[("date", when(at).into())]))}</p>
                    {d.status_reason.clone().map(|r| view! { <blockquote class="reason"><strong>{t("application-reason")}</strong> " " {r}</blockquote> })}
                    <div class="review">
                        <section class="panel">
                            <h2>{t("staff-details")}</h2>
                            <table class="facts-table">
                                <tbody>
                                    {row("field-kind", Some(t(&format!("kind-{}", d.kind.as_str()))))}
                                    {row("field-registration-number", d.registration_number.clone())}
                                    {row("field-tax-code", d.tax_code.clone())}
                                    {row("field-representative", d.representative.clone())}
                                    {row("field-phone", d.phone.clone())}
                                    {row("field-email", d.email.clone())}
                                    {row("staff-address", Some([d.street.clone(), d.ward.clone(), d.district.clone(), Some(d.province.clone())].into_iter().flatten().collect::<Vec<_>>().join(", ")))}
                                    {row("field-members-count", d.members_count.map(|n| n.to_string()))}
                                    {row("field-local-jobs", d.local_jobs.map(|n| n.to_string()))}
                                    {row("field-founded-year", d.founded_year.map(|n| n.to_string()))}
                                    {row("staff-submitted", d.submitted_at.map(when))}
                                </tbody>
                            </table>
                            <h3>{t("coop-story")}</h3>
                            <p class="prose">{d.story.get(locale).to_owned()}</p>
                        </section>
                        <section class="panel">
                            <h2>{t("application-documents")}</h2>
                            {if d.documents.is_empty() {
                                view! { <p class="empty warn">{t("staff-no-documents")}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="plain">
                                        {d.documents.iter().map(|doc| view! {
                                            <li><a href=format!("/api/v1/cooperatives/{}/documents/{}", d.id, doc.id) target="_blank" rel="noopener">{doc.filename.clone()}</a>
                                                " · " {doc.content_type.clone()} " · " {format!("{} KB", doc.size_bytes / 1024)}</li>
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                            <h2>{t("staff-decisions")}</h2>
                            {if actions.is_empty() {
                                view! { <p class="empty">{t("staff-no-decisions")}</p> }.into_any()
                            } else {
                                actions.iter().map(|action| view! { <DecisionForm id=d.id action=action/> }).collect_view().into_any()
                            }}
                        </section>
                    </div>
                    <History entries=d.history.clone()/>
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}

/// `/moderation/audit-log`: who did what, when, why, with filters.
#[component]
pub fn AuditLogPage() -> impl IntoView {
    let Some(actor) = signed_in() else {
        return ().into_any();
    };
    let (action, target_type, target_id, from, to) = (
        query("action"),
        query("target_type"),
        query("target_id"),
        query("from"),
        query("to"),
    );
    let page = page_request();
    let parse_date = |d: &str| {
        chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| t.and_utc())
    };
    let filter = AuditFilter {
        actor_id: None,
        action: Some(action.clone()),
        target_type: Some(target_type.clone()),
        target_id: Some(target_id.clone()),
        from: parse_date(&from),
        to: parse_date(&to).map(|t| t + chrono::Duration::days(1)),
    };
    let load = async move {
        let catalog = services().map_err(failure)?.catalog;
        catalog
            .audit_log(&actor, &filter, page)
            .await
            .map_err(failure)
    };
    let params: Vec<(&'static str, String)> = vec![
        ("action", action.clone()),
        ("target_type", target_type.clone()),
        ("target_id", target_id.clone()),
        ("from", from.clone()),
        ("to", to.clone()),
    ];
    view! {
        <Title text=format!("{} · {}", t("staff-audit-log"), t("site-name"))/>
        <h1>{t("staff-title")}</h1>
        <StaffNav current="staff-audit-log"/>
        <form method="get" action="/moderation/audit-log" class="form filters">
            <div class="field"><label for="a">{t("audit-action")}</label><input id="a" name="action" value=action placeholder="cooperative."/></div>
            <div class="field"><label for="tt">{t("audit-target-type")}</label><input id="tt" name="target_type" value=target_type/></div>
            <div class="field"><label for="ti">{t("audit-target-id")}</label><input id="ti" name="target_id" value=target_id/></div>
            <div class="field"><label for="fr">{t("audit-from")}</label><input id="fr" name="from" type="date" value=from/></div>
            <div class="field"><label for="to">{t("audit-to")}</label><input id="to" name="to" type="date" value=to/></div>
            <button type="submit" class="button">{t("audit-filter")}</button>
        </form>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let entries = match load.await {
                    Ok(entries) => entries,
                    Err(view) => return view,
                };
                let pages = entries.pages();
                view! {
                    <p class="result-count">{t_with("audit-count", &[("count", entries.total.into())])}</p>
                    <table class="dense">
                        <thead><tr><th>{t("audit-when")}</th><th>{t("audit-who")}</th><th>{t("audit-action")}</th><th>{t("audit-target")}</th><th>{t("audit-reason")}</th><th>{t("audit-request")}</th></tr></thead>
                        <tbody>
                            {entries.items.into_iter().map(|e| {
                                let target = audit_target(&e);
                                view! {
                                    <tr>
                                        <td>{when(e.created_at)}</td>
                                        <td data-label=t("audit-who")>{e.actor_name.unwrap_or_else(|| t("audit-system"))}</td>
                                        <td data-label=t("audit-action")><code>{e.action}</code></td>
                                        <td>{target}</td>
                                        <td data-label=t("audit-reason")>{e.reason.unwrap_or_default()}</td>
                                        <td data-label=t("audit-request")><code class="small">{e.request_id.unwrap_or_default()}</code></td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    <Pager page=entries.page pages=pages base="/moderation/audit-log".to_owned() params=params/>
                }.into_any()
            })}
        </Suspense>
    }
    .into_any()
}

/// An audit entry's target by name, linked to the page staff see it on.
fn audit_target(e: &catalog::moderation::AuditEntry) -> AnyView {
    let link = match e.target_type.as_str() {
        "cooperative" => Some(format!("/moderation/cooperatives/{}", e.target_id)),
        "product" => Some(format!("/moderation/products/{}", e.target_id)),
        "order" => Some(format!("/seller/orders/{}", e.target_id)),
        "lot" => Some(format!("/seller/lots/{}", e.target_id)),
        "certification" => Some("/moderation/certifications".to_owned()),
        "job" => Some("/moderation/outbox".to_owned()),
        "exchange_rates" => Some("/moderation/exchange-rates".to_owned()),
        _ => None,
    };
    let kind = t(&format!("audit-kind-{}", e.target_type.replace('_', "-")));
    let name = e.target_name.clone().unwrap_or_else(|| e.target_id.clone());
    match link {
        Some(href) => {
            view! { <span class="audit-kind">{kind}</span> " " <a href=href>{name}</a> }.into_any()
        }
        None => view! { <span class="audit-kind">{kind}</span> " " <span>{name}</span> }.into_any(),
    }
}

/// `/moderation/outbox?status=`: e-mails and jobs, with retries for failures.
#[component]
pub fn OutboxPage() -> impl IntoView {
    let Some(actor) = signed_in() else {
        return ().into_any();
    };
    let status = query("status");
    let status = if ["queued", "running", "done", "failed"].contains(&status.as_str()) {
        status
    } else {
        "failed".to_owned()
    };
    let filter = notify::outbox::parse_status(&status);
    let page = page_request();
    let load = async move {
        let catalog = services().map_err(failure)?.catalog;
        catalog.outbox(&actor, filter, page).await.map_err(failure)
    };
    let current = status.clone();
    view! {
        <Title text=format!("{} · {}", t("staff-outbox"), t("site-name"))/>
        <h1>{t("staff-title")}</h1>
        <StaffNav current="staff-outbox"/>
        <Notice/>
        <nav class="chips-nav">
            {["failed", "queued", "running", "done"].into_iter().map(|s| view! {
                <a href=format!("/moderation/outbox?status={s}") aria-current=(s == current).then_some("page")>{t(&format!("job-{s}"))}</a>
            }).collect_view()}
        </nav>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let jobs = match load.await {
                    Ok(jobs) => jobs,
                    Err(view) => return view,
                };
                let pages = jobs.pages();
                if jobs.items.is_empty() {
                    return view! { <p class="empty">{t("outbox-empty")}</p> }.into_any();
                }
                view! {
                    <table class="dense">
                        <thead><tr><th>{t("outbox-what")}</th><th>{t("outbox-tries")}</th><th>{t("outbox-error")}</th><th>{t("outbox-updated")}</th><th></th></tr></thead>
                        <tbody>
                            {jobs.items.into_iter().map(|j| view! {
                                <tr>
                                    <td>{j.summary.unwrap_or(j.topic)}</td>
                                    <td>{format!("{}/{}", j.attempts, j.max_attempts)}</td>
                                    <td>{j.last_error.unwrap_or_default()}</td>
                                    <td>{when(j.updated_at)}</td>
                                    <td>{(j.status == "failed").then(|| view! {
                                        <form method="post" action=format!("/moderation/outbox/{}/retry", j.id)>
                                            <Csrf/>
                                            <button type="submit" class="button small">{t("outbox-retry")}</button>
                                        </form>
                                    })}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <Pager page=jobs.page pages=pages base="/moderation/outbox".to_owned() params=vec![("status", status)]/>
                }.into_any()
            })}
        </Suspense>
    }
    .into_any()
}
