//! `/export/requests/{id}`: one request for quote, the same page for its
//! importer, the cooperative asked and union staff — what is asked, every
//! quote version, the importer's "accept", the cooperative's quote form,
//! the messages of all sides, and the export order once accepted.

use exports::{RequestStatus, RequestView};
use kernel::CooperativeId;
use leptos::prelude::*;

use super::quote::{AcceptForm, QuoteForm, QuoteVersion};
use super::{LineName, OrderBadge, RequestBadge, day, id_param, side_label, terms, when};
use crate::components::Title;
use crate::forms::{Csrf, ErrorSummary, Field, FormState, Notice, state_of};
use crate::i18n::{t, t_with};
use crate::pages::{failure, mark_failed, services, signed_in};

/// `/export/requests/{id}`
#[component]
pub fn RequestPage() -> impl IntoView {
    let Some(actor) = signed_in() else {
        return ().into_any();
    };
    let quote_state = state_of("quote");
    mark_failed(&quote_state);
    let accept_state = state_of("accept");
    mark_failed(&accept_state);
    let message_state = state_of("message");
    mark_failed(&message_state);
    let picture_state = state_of("pictures");
    mark_failed(&picture_state);
    let reader = actor.clone();
    let load = async move {
        let exports = services().map_err(failure)?.exports;
        let id = id_param(exports::Error::RequestNotFound).map_err(failure)?;
        exports.request(Some(&reader), id).await.map_err(failure)
    };
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let request = match load.await {
                    Ok(request) => request,
                    Err(view) => return view,
                };
                let coop = CooperativeId(request.cooperative.id);
                let manager = actor
                    .role_in(coop)
                    .is_some_and(|r| r >= accounts::MemberRole::Manager);
                let open = request.status != RequestStatus::Accepted;
                let buyer = request.side == "buyer";
                let latest = request.quotes.last().cloned();
                let acceptable = latest
                    .clone()
                    .filter(|q| buyer && open && !q.expired);
                let back = match request.side.as_str() {
                    "buyer" => ("/export".to_owned(), t("export-desk-title")),
                    "cooperative" => ("/seller/export".to_owned(), t("seller-export-title")),
                    _ => ("/moderation/export".to_owned(), t("staff-export")),
                };
                let versions: Vec<_> = request.quotes.iter().rev().cloned().collect();
                let latest_version = latest.as_ref().map(|q| q.version);
                view! {
                    <Title text=format!("{} {} · {}", t("export-request-title"), request.number, t("site-name"))/>
                    <nav class="breadcrumbs"><a href=back.0>{back.1}</a> " › " <span>{request.number.clone()}</span></nav>
                    <h1>{t("export-request-title")} " " <span class="order-number">{request.number.clone()}</span></h1>
                    <Notice/>
                    <RequestHead request=request.clone()/>
                    <div class="order-layout export-layout">
                        <div>
                            <Asked request=request.clone()/>
                            <Pictures request=request.clone() state=picture_state.clone()/>
                            <section class="panel quotes" id="quotes">
                                <h2>{t("export-quotes")}</h2>
                                {if versions.is_empty() {
                                    view! { <p class="empty">{t("export-no-quote-yet")}</p> }.into_any()
                                } else {
                                    versions.into_iter().map(|q| {
                                        let latest = Some(q.version) == latest_version;
                                        view! { <QuoteVersion quote=q latest=latest/> }
                                    }).collect_view().into_any()
                                }}
                                {acceptable.is_none().then(|| view! { <ErrorSummary state=accept_state.clone() scope="export"/> })}
                                {acceptable.map(|q| view! { <AcceptForm request=request.id quote=q state=accept_state.clone()/> })}
                                {(buyer && open && latest.as_ref().is_some_and(|q| q.expired)).then(|| view! {
                                    <p class="banner">{t("export-quote-expired-ask")}</p>
                                })}
                            </section>
                            {(manager && open).then(|| view! {
                                <QuoteForm request=request.clone() latest=latest.clone() state=quote_state.clone()/>
                            })}
                        </div>
                        <div>
                            <Messages request=request.clone() state=message_state.clone()/>
                        </div>
                    </div>
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}

/// Status, parties, and the order once accepted.
#[component]
fn RequestHead(
    /// The request.
    request: RequestView,
) -> AnyView {
    view! {
        <section class="panel status-panel">
            <p>
                <RequestBadge status=request.status/> " · "
                <a href=format!("/cooperatives/{}", request.cooperative.slug)>{request.cooperative.name.clone()}</a> " · "
                {request.company_name.clone()} " (" {request.country.clone()} ") · "
                {t_with("export-asked-on", &[("date", when(request.created_at).into())])}
            </p>
            <p class="hint">{t(&format!("export-explain-{}", request.status.as_str()))}</p>
            {request.order.clone().map(|o| view! {
                <p class="order-link">
                    <a class="button" href=format!("/export/orders/{}", o.id)>{t_with("export-see-order", &[("number", o.number.clone().into())])}</a>
                    " " <OrderBadge status=o.status/>
                </p>
            })}
        </section>
    }
    .into_any()
}

/// What the importer asked: lines and terms.
#[component]
fn Asked(
    /// The request.
    request: RequestView,
) -> AnyView {
    let r = request;
    view! {
        <section class="panel asked" id="asked">
            <h2>{t("export-what")}</h2>
            <div class="table-scroll">
                <table class="dense request-lines">
                    <thead><tr>
                        <th>{t("order-product")}</th>
                        <th class="num">{t("field-quantity")}</th>
                        <th class="num">{t("export-target-unit")}</th>
                    </tr></thead>
                    <tbody>
                        {r.lines.iter().map(|l| view! {
                            <tr>
                                <td><LineName description=l.description.clone() title=l.title.clone() note=l.note.clone()/>{l.sku.clone().map(|s| view! { <small><code>{s}</code></small> })}</td>
                                <td class="num">{l.quantity}</td>
                                <td class="num">{l.target_unit_price.map(|p| p.to_string())}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <dl class="facts">
                <dt>{t("field-export-incoterm")}</dt><dd>{terms(r.incoterm, &r.named_place)}</dd>
                <dt>{t("field-export-destination-port")}</dt><dd>{r.destination_port.clone()} " (" {r.country.clone()} ")"</dd>
                {r.wanted_by.map(|d| view! { <dt>{t("field-export-wanted-by")}</dt><dd>{day(d)}</dd> })}
                <dt>{t("export-samples")}</dt><dd>{if r.samples_wanted { t("export-samples-yes") } else { t("export-samples-no") }}</dd>
                {r.target_price.map(|p| view! { <dt>{t("field-export-target-price-vnd")}</dt><dd>{p.to_string()}</dd> })}
                {r.packaging_notes.clone().map(|n| view! { <dt>{t("field-export-packaging-notes")}</dt><dd class="pre">{n}</dd> })}
                <dt>{t("field-export-currency")}</dt><dd>{r.currency.clone()}</dd>
            </dl>
        </section>
    }
    .into_any()
}

/// The pictures of designs and samples, each a link to the full picture,
/// with the form to add more (the two sides, not staff).
#[component]
fn Pictures(
    /// The request.
    request: RequestView,
    /// The failed submission.
    state: Option<FormState>,
) -> AnyView {
    let id = request.id;
    let may_add = request.side != "staff";
    let problems = picture_problems(&state);
    let invalid = !problems.is_empty();
    view! {
        <section class="panel pictures" id="pictures">
            <h2>{t("export-pictures")}</h2>
            {if request.pictures.is_empty() {
                view! { <p class="empty">{t("export-no-pictures")}</p> }.into_any()
            } else {
                view! {
                    <ul class="picture-grid">
                        {request.pictures.iter().map(|p| view! {
                            <li>
                                <a href=p.href.clone()>
                                    <img src=p.href.clone() alt=p.filename.clone() loading="lazy" width="160" height="160"/>
                                </a>
                                <small>{side_label(&p.side)} " · " {when(p.created_at)}</small>
                            </li>
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
            {may_add.then(|| view! {
                <ErrorSummary state=state.clone() scope="export"/>
                <form method="post" action=format!("/export/requests/{id}/pictures") enctype="multipart/form-data" class="form">
                    <Csrf/>
                    <PictureInput invalid=invalid problems=problems.clone()/>
                    <button type="submit" class="button secondary">{t("export-pictures-add")}</button>
                </form>
            })}
        </section>
    }
    .into_any()
}

/// The problems of a form's pictures, in the reader's language.
pub(super) fn picture_problems(state: &Option<FormState>) -> Vec<String> {
    state
        .as_ref()
        .and_then(|s| s.errors.get("pictures"))
        .map(|p| p.iter().map(crate::forms::translate_problem).collect())
        .unwrap_or_default()
}

/// The file input for pictures (several at once), with its problems.
#[component]
pub(super) fn PictureInput(
    /// Whether the pictures sent were refused.
    invalid: bool,
    /// Why.
    problems: Vec<String>,
) -> impl IntoView {
    view! {
        <div class="field" class:invalid=invalid>
            <label for="f-pictures">{t("field-export-pictures")} <span class="optional">" " {t("form-optional")}</span></label>
            <p class="hint" id="f-pictures-hint">{t("hint-export-pictures")}</p>
            <input id="f-pictures" type="file" name="pictures" multiple=true accept="image/jpeg,image/png,image/webp" aria-describedby="f-pictures-hint"/>
            {invalid.then(|| view! { <p class="field-error">{problems.join(" · ")}</p> })}
        </div>
    }
}

/// The messages, oldest first, with the form to write one.
#[component]
fn Messages(
    /// The request.
    request: RequestView,
    /// The failed submission.
    state: Option<FormState>,
) -> AnyView {
    let id = request.id;
    let company = request.company_name.clone();
    let coop = request.cooperative.name.clone();
    view! {
        <section class="panel messages" id="messages">
            <h2>{t("export-messages")}</h2>
            {if request.messages.is_empty() {
                view! { <p class="empty">{t("export-no-messages")}</p> }.into_any()
            } else {
                view! {
                    <ol class="message-list">
                        {request.messages.iter().map(|m| {
                            let who = match m.side.as_str() {
                                "buyer" => company.clone(),
                                "cooperative" => coop.clone(),
                                _ => side_label("staff"),
                            };
                            view! {
                                <li class=format!("message-item side-{}", m.side)>
                                    <p class="message-meta">
                                        <strong>{who}</strong> " · " <span class="side">{side_label(&m.side)}</span> " · "
                                        <time datetime=m.at.to_rfc3339()>{when(m.at)}</time>
                                    </p>
                                    <p class="pre">{m.body.clone()}</p>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }
                .into_any()
            }}
            <ErrorSummary state=state.clone() scope="export"/>
            <form method="post" action=format!("/export/requests/{id}/messages") class="form message-form" novalidate=true>
                <Csrf/>
                <Field name="body" kind="textarea" state=state.clone() required=true label=t("field-export-body")/>
                <button type="submit" class="button secondary">{t("export-message-send")}</button>
            </form>
            <p class="hint">{t(&format!("export-messages-who-{}", request.side))}</p>
        </section>
    }
    .into_any()
}
