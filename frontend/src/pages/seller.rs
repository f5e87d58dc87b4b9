//! Selling on Hợp Tác: the application, its status, the seller dashboard, a
//! cooperative's team and profile, accepting an invitation.

use crate::components::Title;
use accounts::MemberRole;
use catalog::moderation::ApplicationDetail;
use kernel::CooperativeId;
use leptos::prelude::*;

use super::{StatusBadge, failure, mark_failed, param, query, services, signed_in, when};
use crate::forms::{Choice, Csrf, ErrorSummary, Field, FormState, Notice, state_of};
use crate::i18n::{t, t_with};

fn kinds() -> Vec<(String, String)> {
    ["cooperative", "cooperative_group", "household_business"]
        .into_iter()
        .map(|k| (k.to_owned(), t(&format!("kind-{k}"))))
        .collect()
}

/// The application's fields, filled from `detail` when editing.
#[component]
fn ApplicationFields(
    /// The failed submission.
    state: Option<FormState>,
    /// The application being changed.
    #[prop(optional)]
    detail: Option<ApplicationDetail>,
) -> impl IntoView {
    let d = detail;
    let v = |f: &dyn Fn(&ApplicationDetail) -> Option<String>| {
        d.as_ref().and_then(f).unwrap_or_default()
    };
    view! {
        <fieldset>
            <legend>{t("apply-who")}</legend>
            <Field name="legal_name" state=state.clone() required=true value=v(&|d| Some(d.name.clone()))/>
            <Choice name="kind" options=kinds() state=state.clone() value=v(&|d| Some(d.kind.as_str().to_owned()))/>
            <Field name="registration_number" state=state.clone() required=true value=v(&|d| d.registration_number.clone())/>
            <Field name="tax_code" state=state.clone() required=true hint=t("hint-tax-code") value=v(&|d| d.tax_code.clone())/>
            <Field name="representative" state=state.clone() required=true value=v(&|d| d.representative.clone())/>
            <Field name="phone" kind="tel" state=state.clone() required=true hint=t("hint-phone") value=v(&|d| d.phone.clone())/>
            <Field name="email" kind="email" state=state.clone() value=v(&|d| d.email.clone())/>
        </fieldset>
        <fieldset>
            <legend>{t("apply-where")}</legend>
            <Field name="province" state=state.clone() required=true value=d.as_ref().map_or_else(|| "Thành phố Huế".to_owned(), |d| d.province.clone())/>
            <Field name="district" state=state.clone() value=v(&|d| d.district.clone())/>
            <Field name="ward" state=state.clone() required=true value=v(&|d| d.ward.clone())/>
            <Field name="street" state=state.clone() value=v(&|d| d.street.clone())/>
        </fieldset>
        <fieldset>
            <legend>{t("apply-story")}</legend>
            <Field name="members_count" kind="number" state=state.clone() required=true value=v(&|d| d.members_count.map(|n| n.to_string()))/>
            <Field name="local_jobs" kind="number" state=state.clone() value=v(&|d| d.local_jobs.map(|n| n.to_string()))/>
            <Field name="founded_year" kind="number" state=state.clone() value=v(&|d| d.founded_year.map(|n| n.to_string()))/>
            <Field name="summary_vi" state=state.clone() value=v(&|d| Some(d.summary.vi.clone()))/>
            <Field name="summary_en" state=state.clone() value=v(&|d| d.summary.en.clone())/>
            <Field name="story_vi" kind="textarea" state=state.clone() required=true hint=t("hint-story") value=v(&|d| Some(d.story.vi.clone()))/>
            <Field name="story_en" kind="textarea" state=state.clone() value=v(&|d| d.story.en.clone())/>
        </fieldset>
    }
}

/// The file input for evidence documents.
#[component]
fn DocumentsInput(
    /// The failed submission.
    state: Option<FormState>,
) -> impl IntoView {
    let problems: Vec<String> = state
        .as_ref()
        .and_then(|s| s.errors.get("documents"))
        .map(|p| p.iter().map(crate::forms::translate_problem).collect())
        .unwrap_or_default();
    let invalid = !problems.is_empty();
    view! {
        <div class="field" class:invalid=invalid>
            <label for="f-documents">{t("field-documents")}</label>
            <p class="hint">{t("hint-documents")}</p>
            <input id="f-documents" type="file" name="documents" multiple=true accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"/>
            {invalid.then(|| view! { <p class="field-error">{problems.join(" · ")}</p> })}
            {state.is_some().then(|| view! { <p class="hint">{t("hint-documents-again")}</p> })}
        </div>
    }
}

/// `/sell`: the application form.
#[component]
pub fn SellPage() -> impl IntoView {
    let Some(actor) = signed_in() else {
        return ().into_any();
    };
    let state = state_of("apply");
    mark_failed(&state);
    view! {
        <Title text=format!("{} · {}", t("sell-title"), t("site-name"))/>
        <section class="narrow wide">
            <h1>{t("sell-title")}</h1>
            <p class="lead">{t("sell-lead")}</p>
            {if !actor.email_verified {
                view! {
                    <div class="banner">
                        <p>{t_with("account-verify-banner", &[("email", actor.email.clone().into())])}</p>
                        <form method="post" action="/account/verify/resend">
                            <Csrf/>
                            <button type="submit" class="button secondary">{t("account-resend")}</button>
                        </form>
                    </div>
                }.into_any()
            } else {
                view! {
                    <ErrorSummary state=state.clone()/>
                    <form method="post" action="/sell" enctype="multipart/form-data" class="form">
                        <Csrf/>
                        <ApplicationFields state=state.clone()/>
                        <fieldset>
                            <legend>{t("apply-documents")}</legend>
                            <DocumentsInput state=state.clone()/>
                        </fieldset>
                        <button type="submit" class="button">{t("sell-submit")}</button>
                    </form>
                }.into_any()
            }}
        </section>
    }
    .into_any()
}

/// An application's status, details, documents and history.
#[component]
pub fn ApplicationPage() -> impl IntoView {
    let Some(actor) = signed_in() else {
        return ().into_any();
    };
    let id = param("id");
    let edit_state = state_of("edit");
    let docs_state = state_of("documents");
    let resubmit_state = state_of("resubmit");
    mark_failed(&edit_state);
    mark_failed(&docs_state);
    mark_failed(&resubmit_state);
    let load = async move {
        let catalog = services().map_err(failure)?.catalog;
        let id: CooperativeId = id
            .parse()
            .map_err(|_| failure(catalog::Error::CooperativeNotFound(id.clone())))?;
        catalog.application(&actor, id).await.map_err(failure)
    };
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let detail = match load.await {
                    Ok(detail) => detail,
                    Err(view) => return view,
                };
                let id = detail.id;
                let open = matches!(detail.status.as_str(), "pending" | "changes_requested");
                let changes = detail.status == "changes_requested";
                view! {
                    <Title text=format!("{} · {}", detail.name, t("site-name"))/>
                    <nav class="breadcrumbs"><a href="/seller">{t("nav-seller")}</a> " › " <span>{detail.name.clone()}</span></nav>
                    <h1>{detail.name.clone()}</h1>
                    <Notice/>
                    <section class="panel status-panel">
                        <p><StatusBadge status=detail.status.clone()/> " "
                            {detail.status_changed_at.map(|at| t_with("status-since", &[("date", when(at).into())]))}</p>
                        <p>{t(&format!("application-explain-{}", detail.status.replace('_', "-")))}</p>
                        {detail.status_reason.clone().map(|r| view! { <blockquote class="reason"><strong>{t("application-reason")}</strong> " " {r}</blockquote> })}
                        {(detail.status == "approved").then(|| view! {
                            <p><a class="button" href=format!("/seller/cooperatives/{id}")>{t("application-go-dashboard")}</a></p>
                        })}
                        {changes.then(|| view! {
                            <ErrorSummary state=resubmit_state.clone()/>
                            <form method="post" action=format!("/seller/applications/{id}/resubmit")>
                                <Csrf/>
                                <button type="submit" class="button">{t("application-resubmit")}</button>
                            </form>
                        })}
                    </section>
                    <section class="panel">
                        <h2>{t("application-documents")}</h2>
                        {if detail.documents.is_empty() {
                            view! { <p class="empty">{t("application-no-documents")}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="plain">
                                    {detail.documents.iter().map(|d| view! {
                                        <li><a href=format!("/api/v1/cooperatives/{id}/documents/{}", d.id)>{d.filename.clone()}</a>
                                            " · " {format!("{} KB", d.size_bytes / 1024)}</li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                        {open.then(|| view! {
                            <ErrorSummary state=docs_state.clone()/>
                            <form method="post" action=format!("/seller/applications/{id}/documents") enctype="multipart/form-data" class="form">
                                <Csrf/>
                                <DocumentsInput state=docs_state.clone()/>
                                <button type="submit" class="button secondary">{t("application-add-documents")}</button>
                            </form>
                        })}
                    </section>
                    {open.then(|| view! {
                        <section class="panel">
                            <h2>{t("application-edit")}</h2>
                            <ErrorSummary state=edit_state.clone()/>
                            <form method="post" action=format!("/seller/applications/{id}") class="form">
                                <Csrf/>
                                <ApplicationFields state=edit_state.clone() detail=detail.clone()/>
                                <button type="submit" class="button">{t("form-save")}</button>
                            </form>
                        </section>
                    })}
                    <History entries=detail.history.clone()/>
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}

/// What happened to an application, newest first.
#[component]
pub fn History(
    /// The audit entries.
    entries: Vec<catalog::moderation::AuditEntry>,
) -> impl IntoView {
    view! {
        <section class="panel">
            <h2>{t("application-history")}</h2>
            <ol class="timeline">
                {entries.into_iter().map(|e| view! {
                    <li>
                        <time>{when(e.created_at)}</time> " · "
                        <strong>{crate::i18n::try_t(&format!("action-{}", e.action.replace(['.', '_'], "-"))).unwrap_or(e.action.clone())}</strong>
                        {e.actor_name.map(|n| view! { " · " {n} })}
                        {e.reason.map(|r| view! { <p class="reason">{r}</p> })}
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}

/// `/seller`: the person's cooperatives and applications.
#[component]
pub fn SellerDashboardPage() -> impl IntoView {
    let Some(actor) = signed_in() else {
        return ().into_any();
    };
    let reader = actor.clone();
    let load = async move {
        let catalog = services().map_err(failure)?.catalog;
        catalog.my_cooperatives(&reader).await.map_err(failure)
    };
    view! {
        <Title text=format!("{} · {}", t("seller-title"), t("site-name"))/>
        <h1>{t("seller-title")}</h1>
        <Notice/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let mine = match load.await {
                    Ok(mine) => mine,
                    Err(view) => return view,
                };
                if mine.is_empty() {
                    return view! {
                        <section class="message">
                            <p>{t("seller-empty")}</p>
                            <p><a class="button" href="/sell">{t("nav-sell")}</a></p>
                        </section>
                    }.into_any();
                }
                let working: Vec<(CooperativeId, String)> = mine
                    .iter()
                    .filter(|c| c.status == "approved" && c.role.is_some())
                    .map(|c| (c.id, c.name.clone()))
                    .collect();
                let glance = working
                    .into_iter()
                    .map(|(id, name)| view! { <AtAGlance id=id name=name/> })
                    .collect_view();
                view! {
                    {glance}
                    <table class="dense">
                        <thead><tr><th>{t("field-legal-name")}</th><th>{t("seller-status")}</th><th>{t("seller-role")}</th><th></th></tr></thead>
                        <tbody>
                            {mine.into_iter().map(|c| {
                                let manage = matches!(c.status.as_str(), "approved" | "suspended");
                                let href = if manage { format!("/seller/cooperatives/{}", c.id) } else { format!("/seller/applications/{}", c.id) };
                                let label = if manage { t("seller-manage") } else { t("seller-follow") };
                                view! {
                                    <tr>
                                        <td><a href=href.clone()>{c.name}</a></td>
                                        <td><StatusBadge status=c.status/></td>
                                        <td>{c.role.map(|r| t(&format!("role-{}", r.as_str())))}</td>
                                        <td>
                                            <a class="button small" href=href>{label}</a>
                                            {manage.then(|| view! {
                                                " " <a class="button small secondary" href=format!("/seller/cooperatives/{}/products", c.id)>{t("seller-tab-products")}</a>
                                                " " <a class="button small secondary" href=format!("/seller/cooperatives/{}/orders", c.id)>{t("seller-tab-orders")}</a>
                                                " " <a class="button small secondary" href=format!("/seller/export?cooperative={}", c.id)>{t("seller-tab-export")}</a>
                                            })}
                                            {(manage && accounts::authorize(Some(&actor), accounts::Action::ViewLedger(c.id)).is_ok()).then(|| view! {
                                                " " <a class="button small secondary" href=format!("/seller/cooperatives/{}/ledger", c.id)>{t("seller-tab-ledger")}</a>
                                            })}
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    <p class="more"><a href="/seller/export">{t("seller-export-title")}</a></p>
                    <p class="more"><a href="/sell">{t("seller-apply-another")}</a></p>
                }.into_any()
            })}
        </Suspense>
    }
    .into_any()
}

/// A cooperative's work and figures at a glance: orders to pack and to
/// ship, listings waiting or refused, certifications running out, this
/// month's sales and what the market owes it — each a link to its list.
#[component]
fn AtAGlance(
    /// The cooperative.
    id: CooperativeId,
    /// Its name.
    name: String,
) -> impl IntoView {
    let Some(actor) = signed_in() else {
        return ().into_any();
    };
    let load = async move {
        let services = services().ok()?;
        // a member who does not handle orders sees the listings only
        let orders = services.orders.orders_overview(&actor, id).await.ok();
        let listings = services.catalog.listings_overview(&actor, id).await.ok()?;
        Some((orders, listings))
    };
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let Some((orders, listings)) = load.await else {
                    return ().into_any();
                };
                let base = format!("/seller/cooperatives/{id}");
                let tile = |count: i64, key: &'static str, href: String| {
                    let urgent = count > 0;
                    view! {
                        <li class="tile" class:urgent=urgent>
                            <a href=href><strong>{count}</strong> " " <span>{t(key)}</span></a>
                        </li>
                    }
                };
                let expiring = listings.certifications_expiring.len() as i64;
                view! {
                    <section class="panel glance" aria-label=name.clone()>
                        <h2><a href=base.clone()>{name.clone()}</a></h2>
                        <ul class="tiles">
                            {orders.as_ref().map(|o| view! {
                                {tile(o.to_pack, "glance-to-pack", format!("{base}/orders?status=confirmed"))}
                                {tile(o.to_ship, "glance-to-ship", format!("{base}/orders?status=packed"))}
                                {tile(o.awaiting_payment, "glance-awaiting-payment", format!("{base}/orders?status=pending_payment"))}
                            })}
                            {tile(listings.waiting, "glance-listings-waiting", format!("{base}/products?status=pending_review"))}
                            {tile(listings.rejected, "glance-listings-rejected", format!("{base}/products?status=rejected"))}
                            {tile(expiring, "glance-certs-expiring", format!("{base}/certifications"))}
                        </ul>
                        {orders.map(|o| view! {
                            <p class="glance-money">
                                {t_with("glance-month-sales", &[("amount", o.month_sales.to_string().into()), ("count", o.month_orders.into())])}
                                {o.owed.map(|owed| view! {
                                    " · " <a href=format!("{base}/ledger")>{t_with("glance-owed", &[("amount", owed.to_string().into())])}</a>
                                })}
                            </p>
                        })}
                        {(!listings.certifications_expiring.is_empty()).then(|| view! {
                            <ul class="glance-expiring">
                                {listings.certifications_expiring.iter().map(|c| view! {
                                    <li>{crate::components::cert_label(c.kind, c.stars, c.name.as_deref())} " — "
                                        {c.expires_on.map(|d| t_with("glance-expires-on", &[("date", crate::format::date(d, crate::i18n::lang()).into())]))}
                                    </li>
                                }).collect_view()}
                            </ul>
                        })}
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}

/// `/seller/cooperatives/{id}`: one cooperative's dashboard: status, team,
/// profile.
#[component]
pub fn SellerCooperativePage() -> impl IntoView {
    let Some(actor) = signed_in() else {
        return ().into_any();
    };
    let invite_state = state_of("invite");
    let profile_state = state_of("profile");
    let team_state = state_of("team");
    mark_failed(&invite_state);
    mark_failed(&profile_state);
    mark_failed(&team_state);
    let id = param("id");
    let actor_for_load = actor.clone();
    let load = async move {
        let catalog = services().map_err(failure)?.catalog;
        let id: CooperativeId = id
            .parse()
            .map_err(|_| failure(catalog::Error::CooperativeNotFound(id.clone())))?;
        let detail = catalog
            .application(&actor_for_load, id)
            .await
            .map_err(failure)?;
        let team = catalog.team(&actor_for_load, id).await.map_err(failure)?;
        Ok::<_, AnyView>((detail, team))
    };
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (detail, team) = match load.await {
                    Ok(data) => data,
                    Err(view) => return view,
                };
                let id = detail.id;
                let role = actor.role_in(id);
                let manager = role.is_some_and(|r| r >= MemberRole::Manager);
                let owner = role == Some(MemberRole::Owner);
                let roles: Vec<(String, String)> = if owner {
                    vec![("staff".into(), t("role-staff")), ("manager".into(), t("role-manager"))]
                } else {
                    vec![("staff".into(), t("role-staff"))]
                };
                view! {
                    <Title text=format!("{} · {}", detail.name, t("site-name"))/>
                    <nav class="breadcrumbs"><a href="/seller">{t("nav-seller")}</a> " › " <span>{detail.name.clone()}</span></nav>
                    <h1>{detail.name.clone()}</h1>
                    <super::listings::CoopTabs id=id current="seller-tab-overview"/>
                    <Notice/>
                    <section class="panel status-panel">
                        <p><StatusBadge status=detail.status.clone()/>
                            {role.map(|r| view! { " · " {t(&format!("role-{}", r.as_str()))} })}</p>
                        {detail.status_reason.clone().filter(|_| detail.status == "suspended").map(|r| view! {
                            <blockquote class="reason"><strong>{t("application-reason")}</strong> " " {r}</blockquote>
                        })}
                        {(detail.status == "approved").then(|| view! {
                            <p><a href=format!("/cooperatives/{}", detail.slug)>{t("seller-public-page")}</a></p>
                        })}
                        <p class="actions">
                            <a class="button" href=format!("/seller/cooperatives/{id}/products")>{t("seller-tab-products")}</a> " "
                            <a class="button secondary" href=format!("/seller/cooperatives/{id}/products/new")>{t("listing-new")}</a> " "
                            <a class="button secondary" href=format!("/seller/cooperatives/{id}/certifications")>{t("seller-tab-certifications")}</a> " "
                            <a class="button secondary" href=format!("/seller/cooperatives/{id}/orders")>{t("seller-tab-orders")}</a>
                        </p>
                    </section>
                    <section class="panel" id="team">
                        <h2>{t("seller-team")}</h2>
                        <ErrorSummary state=team_state.clone()/>
                        <table class="dense">
                            <thead><tr><th>{t("field-name")}</th><th>{t("field-email")}</th><th>{t("seller-role")}</th><th></th></tr></thead>
                            <tbody>
                                {team.members.into_iter().map(|m| {
                                    let removable = m.user_id == actor.user_id
                                        || (manager && (owner || m.role < MemberRole::Manager));
                                    let label = if m.user_id == actor.user_id { t("team-leave") } else { t("team-remove") };
                                    view! {
                                        <tr>
                                            <td>{m.name}</td>
                                            <td>{m.email}</td>
                                            <td>{t(&format!("role-{}", m.role.as_str()))}</td>
                                            <td>{removable.then(|| view! {
                                                <form method="post" action=format!("/seller/cooperatives/{id}/members/{}/remove", m.user_id)>
                                                    <Csrf/>
                                                    <button type="submit" class="button small secondary">{label}</button>
                                                </form>
                                            })}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                                {team.invitations.into_iter().map(|i| view! {
                                    <tr class="muted">
                                        <td>{t("team-invited")}</td>
                                        <td>{i.email}</td>
                                        <td>{t(&format!("role-{}", i.role.as_str()))}</td>
                                        <td>{t_with("team-invited-until", &[("date", when(i.expires_at).into())])}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        {(manager && detail.status == "approved").then(|| view! {
                            <h3>{t("team-invite")}</h3>
                            <ErrorSummary state=invite_state.clone()/>
                            <form method="post" action=format!("/seller/cooperatives/{id}/invite") class="form inline-form">
                                <Csrf/>
                                <Field name="email" kind="email" state=invite_state.clone() required=true/>
                                <Choice name="role" options=roles state=invite_state.clone()/>
                                <button type="submit" class="button">{t("team-invite-submit")}</button>
                            </form>
                        })}
                    </section>
                    {manager.then(|| {
                        view! {
                            <section class="panel" id="profile">
                                <h2>{t("seller-profile")}</h2>
                                <ErrorSummary state=profile_state.clone()/>
                                <form method="post" action=format!("/seller/cooperatives/{id}/profile") class="form">
                                    <Csrf/>
                                    <Field name="summary_vi" state=profile_state.clone() value=detail.summary.vi.clone()/>
                                    <Field name="summary_en" state=profile_state.clone() value=detail.summary.en.clone().unwrap_or_default()/>
                                    <Field name="story_vi" kind="textarea" state=profile_state.clone() required=true value=detail.story.vi.clone()/>
                                    <Field name="story_en" kind="textarea" state=profile_state.clone() value=detail.story.en.clone().unwrap_or_default()/>
                                    <Field name="members_count" kind="number" state=profile_state.clone() value=detail.members_count.map(|n| n.to_string()).unwrap_or_default()/>
                                    <Field name="local_jobs" kind="number" state=profile_state.clone() value=detail.local_jobs.map(|n| n.to_string()).unwrap_or_default()/>
                                    <Field name="founded_year" kind="number" state=profile_state.clone() value=detail.founded_year.map(|n| n.to_string()).unwrap_or_default()/>
                                    <Field name="street" state=profile_state.clone() value=detail.street.clone().unwrap_or_default()/>
                                    <Field name="phone" kind="tel" state=profile_state.clone() value=detail.phone.clone().unwrap_or_default()/>
                                    <Field name="email" kind="email" state=profile_state.clone() value=detail.email.clone().unwrap_or_default()/>
                                    <button type="submit" class="button">{t("form-save")}</button>
                                </form>
                            </section>
                        }
                    })}
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}

/// `/seller/invitations/accept?token=`
#[component]
pub fn AcceptInvitationPage() -> impl IntoView {
    let state = state_of("accept");
    mark_failed(&state);
    let token = state
        .as_ref()
        .and_then(|s| s.values.get("token").cloned())
        .unwrap_or_else(|| query("token"));
    let actor = crate::session::actor();
    view! {
        <Title text=format!("{} · {}", t("invitation-title"), t("site-name"))/>
        <section class="narrow">
            <h1>{t("invitation-title")}</h1>
            <ErrorSummary state=state/>
            {match actor {
                Some(actor) => view! {
                    <p>{t_with("invitation-as", &[("email", actor.email.into())])}</p>
                    <form method="post" action="/seller/invitations/accept" class="form">
                        <Csrf/>
                        <input type="hidden" name="token" value=token/>
                        <button type="submit" class="button">{t("invitation-accept")}</button>
                    </form>
                }.into_any(),
                None => view! {
                    <p>{t("invitation-sign-in")}</p>
                    <p>
                        <a class="button" href=crate::session::sign_in_link()>{t("login-title")}</a> " "
                        <a class="button secondary" href="/account/register">{t("register-title")}</a>
                    </p>
                }.into_any(),
            }}
        </section>
    }
}
