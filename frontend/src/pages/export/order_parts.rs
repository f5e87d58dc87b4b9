//! Parts of the export order page: the timeline with its notes and
//! photos, the documents checklist with the cooperative's upload forms,
//! and the form of the cooperative's next step (saying which documents
//! are missing when shipping is refused).

use exports::{DocumentKind, ExportOrderView, ExportStatus};
use leptos::prelude::*;

use super::{doc_label, status_label, when};
use crate::forms::{Csrf, ErrorSummary, Field, FormState, state_of, translate_problem};
use crate::i18n::{t, t_with};
use crate::pages::mark_failed;

/// Whether a link looks like a picture, to show it as one.
fn is_picture(link: &str) -> bool {
    let path = link.split(['?', '#']).next().unwrap_or_default();
    let lower = path.to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".webp"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// The notes the market writes itself, in the reader's language; others as
/// written.
fn note_text(note: &str) -> String {
    let accepted = note
        .strip_prefix("quote v")
        .and_then(|rest| rest.strip_suffix(" accepted"))
        .and_then(|n| n.parse::<i64>().ok());
    match accepted {
        Some(version) => t_with("export-note-accepted", &[("version", version.into())]),
        None => note.to_owned(),
    }
}

/// What happened to the order, oldest first.
#[component]
pub(super) fn Timeline(
    /// The order.
    order: ExportOrderView,
) -> AnyView {
    view! {
        <section class="panel" id="timeline">
            <h2>{t("order-timeline")}</h2>
            <p class="hint">{t("order-timeline-tz")}</p>
            <ol class="timeline export-timeline">
                {order.timeline.iter().map(|e| {
                    let shipped = (e.status == ExportStatus::Shipped)
                        .then(|| order.transport_ref.clone().map(|r| format!("{} · {r}", order.carrier.clone().unwrap_or_default())))
                        .flatten();
                    view! {
                        <li class=format!("event export-event-{}", e.status.as_str())>
                            <time datetime=e.at.to_rfc3339()>{when(e.at)}</time> " · "
                            <strong>{status_label(e.status.as_str())}</strong>
                            {shipped.map(|s| view! { <p class="reason-line">{s}</p> })}
                            {e.note.clone().map(|n| view! { <p class="reason-line">{note_text(&n)}</p> })}
                            {(!e.photos.is_empty()).then(|| view! {
                                <ul class="photos">
                                    {e.photos.iter().enumerate().map(|(i, p)| {
                                        let label = t_with("export-photo-n", &[("n", (i + 1).into())]);
                                        if is_picture(p) {
                                            view! {
                                                <li><a href=p.clone()><img src=p.clone() alt=label width="160" height="120" loading="lazy"/></a></li>
                                            }
                                            .into_any()
                                        } else {
                                            view! { <li><a href=p.clone()>{label}</a></li> }.into_any()
                                        }
                                    }).collect_view()}
                                </ul>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
    .into_any()
}

/// The documents the shipment needs, which are there, their downloads; for
/// the cooperative, an upload form per document it provides.
#[component]
pub(super) fn Documents(
    /// The order.
    order: ExportOrderView,
    /// Whether the reader may upload.
    upload: bool,
) -> AnyView {
    let uploadable: Vec<DocumentKind> = order
        .documents
        .iter()
        .filter(|d| !d.generated)
        .map(|d| d.kind)
        .collect();
    let id = order.id;
    view! {
        <section class="panel documents" id="documents">
            <h2>{t("export-documents")}</h2>
            <p class="hint">{if order.documents_complete { t("export-documents-complete") } else { t("export-documents-lead") }}</p>
            {super::form_message(&state_of("upload")).map(|m| view! { <p class="field-error">{m}</p> })}
            <div class="table-scroll">
                <table class="dense document-list">
                    <thead><tr>
                        <th>{t("export-document")}</th>
                        <th>{t("order-status")}</th>
                        <th></th>
                    </tr></thead>
                    <tbody>
                        {order.documents.iter().map(|d| {
                            let state = if d.generated {
                                t("export-doc-made-by-market")
                            } else if d.present {
                                t("export-doc-uploaded")
                            } else {
                                t("export-doc-missing")
                            };
                            let class = if d.present { "doc-present" } else { "doc-missing" };
                            view! {
                                <tr class=format!("document document-{} {class}", d.kind.as_str())>
                                    <td>
                                        {doc_label(d.kind)}
                                        {d.form.clone().map(|f| view! { " " <strong class="origin-form">{f}</strong> })}
                                        <small>{if d.required { t("export-doc-required") } else { t("export-doc-optional") }}</small>
                                    </td>
                                    <td>
                                        <span class=format!("flag {}", if d.present { "" } else { "flag-danger" })>{state}</span>
                                        {d.filename.clone().map(|f| view! { <small>{f}{d.uploaded_at.map(|at| format!(" · {}", when(at)))}</small> })}
                                    </td>
                                    <td>{d.present.then(|| view! { <a href=d.href.clone()>{t("export-doc-download")}</a> })}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {upload.then(|| view! {
                <div class="uploads">
                    {uploadable.into_iter().map(|kind| view! { <UploadForm order=id kind=kind/> }).collect_view()}
                </div>
            })}
        </section>
    }
    .into_any()
}

/// The cooperative uploads one document (a PDF).
#[component]
fn UploadForm(
    /// The order.
    order: uuid::Uuid,
    /// Which document.
    kind: DocumentKind,
) -> AnyView {
    let form = format!("upload-{}", kind.as_str());
    let state: Option<FormState> = state_of(&form);
    mark_failed(&state);
    let problems: Vec<String> = state
        .as_ref()
        .map(|s| {
            s.errors
                .iter()
                .flat_map(|(_, p)| p.iter().map(translate_problem))
                .collect()
        })
        .unwrap_or_default();
    let message = super::form_message(&state);
    let invalid = !problems.is_empty() || message.is_some();
    let input = format!("f-file-{}", kind.as_str());
    view! {
        <form method="post" action=format!("/export/orders/{order}/documents") enctype="multipart/form-data" class="form upload-form document-upload" id=form>
            <Csrf/>
            <input type="hidden" name="kind" value=kind.as_str()/>
            <div class="field" class:invalid=invalid>
                <label for=input.clone()>{t_with("export-upload-label", &[("document", doc_label(kind).into())])}</label>
                <input id=input type="file" name="file" accept=".pdf,application/pdf" required=true/>
                {message.map(|m| view! { <p class="field-error">{m}</p> })}
                {(!problems.is_empty()).then(|| view! { <p class="field-error">{problems.join(" · ")}</p> })}
            </div>
            <button type="submit" class="button secondary small">{t("export-upload")}</button>
        </form>
    }
    .into_any()
}

/// The form of the cooperative's next step.
#[component]
pub(super) fn StepForm(
    /// The order.
    order: ExportOrderView,
    /// The step.
    to: ExportStatus,
) -> AnyView {
    let form = format!("step-{}", to.as_str());
    let state: Option<FormState> = state_of(&form);
    mark_failed(&state);
    let key = to.as_str().replace('_', "-");
    let missing: Vec<String> = state
        .as_ref()
        .and_then(|s| s.values.get("missing_documents"))
        .map(|list| {
            list.split(',')
                .filter_map(DocumentKind::parse)
                .map(|kind| {
                    let form = order
                        .documents
                        .iter()
                        .find(|d| d.kind == kind)
                        .and_then(|d| d.form.clone());
                    match form {
                        Some(f) => format!("{} ({f})", doc_label(kind)),
                        None => doc_label(kind),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let photos = state
        .as_ref()
        .and_then(|s| s.values.get("photos").cloned())
        .unwrap_or_default();
    let photo_problems: Vec<String> = state
        .as_ref()
        .map(|s| {
            s.errors
                .iter()
                .filter(|(f, _)| f.starts_with("photos"))
                .flat_map(|(_, p)| p.iter().map(translate_problem))
                .collect()
        })
        .unwrap_or_default();
    let photos_invalid = !photo_problems.is_empty();
    view! {
        <form method="post" action=format!("/export/orders/{}/steps", order.id) class="form step-form" id=form novalidate=true>
            <h3>{t(&format!("export-step-{key}"))}</h3>
            <p class="hint">{t(&format!("export-step-{key}-hint"))}</p>
            {if missing.is_empty() {
                view! { <ErrorSummary state=state.clone() scope="export"/> }.into_any()
            } else {
                view! {
                    <div class="error-summary missing-documents" role="alert" tabindex="-1">
                        <p><strong>{t("error-documents_missing")}</strong></p>
                        <ul>{missing.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                        <p>{t("export-missing-documents")}</p>
                    </div>
                }
                .into_any()
            }}
            <Csrf/>
            <input type="hidden" name="to" value=to.as_str()/>
            {(to == ExportStatus::Shipped).then(|| view! {
                <Field name="carrier" state=state.clone() required=true label=t("field-carrier") hint=t("hint-export-carrier")/>
                <Field name="transport_ref" state=state.clone() required=true label=t("field-export-transport-ref")/>
            })}
            {(to == ExportStatus::Ready).then(|| view! {
                <div class="field" class:invalid=photos_invalid>
                    <label for="f-photos">{t("field-export-photos")} <span class="optional">" " {t("form-optional")}</span></label>
                    <p class="hint">{t("hint-export-photos")}</p>
                    <textarea id="f-photos" name="photos" rows="3" aria-invalid=photos_invalid.then_some("true")>{photos}</textarea>
                    {photos_invalid.then(|| view! { <p class="field-error">{photo_problems.join(" · ")}</p> })}
                </div>
            })}
            <Field name="note" kind="textarea" state=state.clone() label=t("field-export-note")/>
            <button type="submit" class="button">{t(&format!("export-step-{key}"))}</button>
        </form>
    }
    .into_any()
}
