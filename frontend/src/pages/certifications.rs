//! `/seller/cooperatives/{id}/certifications`: the certifications a
//! cooperative holds, as it sent them and as union staff judged them, and
//! the form to send a new one with its evidence.

use crate::components::Title;
use catalog::CertificationKind;
use catalog::certifications::CertificationRecord;
use catalog::listings::ListingFilter;
use kernel::PageRequest;
use leptos::prelude::*;

use super::listings::{CoopCrumbs, CoopTabs, coop_param};
use super::{StatusBadge, failure, mark_failed, services, signed_in};
use crate::components::cert_label;
use crate::format;
use crate::forms::{Choice, Csrf, ErrorSummary, Field, Notice, state_of, translate_problem};
use crate::i18n::{lang, t};

/// The kinds a cooperative may send, as choices.
fn kinds() -> Vec<(String, String)> {
    CertificationKind::ALL
        .into_iter()
        .map(|k| {
            (
                k.as_str().to_owned(),
                t(&format!("cert-kind-{}", k.as_str())),
            )
        })
        .collect()
}

/// OCOP levels, as choices.
fn levels() -> Vec<(String, String)> {
    std::iter::once((String::new(), "—".to_owned()))
        .chain(
            ["district", "province", "national"]
                .into_iter()
                .map(|l| (l.to_owned(), t(&format!("ocop-level-{l}")))),
        )
        .collect()
}

/// OCOP stars, as choices.
fn stars() -> Vec<(String, String)> {
    std::iter::once((String::new(), "—".to_owned()))
        .chain((3..=5).map(|n| (n.to_string(), "★".repeat(n))))
        .collect()
}

/// `/seller/cooperatives/{id}/certifications`
#[component]
pub fn CertificationsPage() -> impl IntoView {
    let Some(actor) = signed_in() else {
        return ().into_any();
    };
    let state = state_of("certification");
    let withdraw_state = state_of("withdraw");
    mark_failed(&state);
    mark_failed(&withdraw_state);
    let load = async move {
        let catalog = services().map_err(failure)?.catalog;
        let id = coop_param().map_err(failure)?;
        let detail = catalog.application(&actor, id).await.map_err(failure)?;
        let records = catalog
            .cooperative_certifications(&actor, id)
            .await
            .map_err(failure)?;
        let listings = catalog
            .cooperative_listings(
                &actor,
                id,
                &ListingFilter::default(),
                PageRequest::new(Some(1), Some(100)).unwrap_or_default(),
            )
            .await
            .map_err(failure)?;
        Ok::<_, AnyView>((detail, records, listings.items))
    };
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (detail, records, listings) = match load.await {
                    Ok(data) => data,
                    Err(view) => return view,
                };
                let locale = lang();
                let id = detail.id;
                let products: Vec<(String, String)> = std::iter::once((String::new(), t("cert-whole-cooperative")))
                    .chain(listings.into_iter().map(|l| (l.id.to_string(), l.title.get(locale).to_owned())))
                    .collect();
                let problems: Vec<String> = state
                    .as_ref()
                    .and_then(|s| s.errors.get("evidence"))
                    .map(|p| p.iter().map(translate_problem).collect())
                    .unwrap_or_default();
                let invalid = !problems.is_empty();
                let s = state.clone();
                view! {
                    <Title text=format!("{} · {}", t("certs-title"), detail.name)/>
                    <CoopCrumbs id=id name=detail.name.clone() here=t("certs-title")/>
                    <h1>{t("certs-title")}</h1>
                    <CoopTabs id=id current="seller-tab-certifications"/>
                    <Notice/>
                    <p class="lead">{t("certs-lead")}</p>
                    <ErrorSummary state=withdraw_state.clone()/>
                    {if records.is_empty() {
                        view! { <p class="empty">{t("certs-empty")}</p> }.into_any()
                    } else {
                        view! {
                            <table class="dense certs">
                                <thead><tr>
                                    <th>{t("cert-kind")}</th>
                                    <th>{t("cert-covers")}</th>
                                    <th>{t("field-number")}</th>
                                    <th>{t("field-issuer")}</th>
                                    <th>{t("cert-dates")}</th>
                                    <th>{t("seller-status")}</th>
                                    <th>{t("cert-shown")}</th>
                                    <th>{t("field-evidence")}</th>
                                    <th></th>
                                </tr></thead>
                                <tbody>
                                    {records.into_iter().map(|c| view! { <CertRow record=c/> }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()
                    }}
                    <section class="panel" id="add">
                        <h2>{t("certs-add")}</h2>
                        <p class="hint">{t("hint-certs-rules")}</p>
                        <ErrorSummary state=s.clone() scope="cert"/>
                        <form method="post" action=format!("/seller/cooperatives/{id}/certifications") enctype="multipart/form-data" class="form">
                            <Csrf/>
                            <Choice name="kind" options=kinds() state=s.clone() label=t("cert-kind")/>
                            <Choice name="product" options=products state=s.clone() required=false label=t("cert-covers") hint=t("hint-cert-product")/>
                            <Field name="name" state=s.clone() label=t("field-cert-name") hint=t("hint-cert-name")/>
                            <Field name="number" state=s.clone()/>
                            <Field name="issuer" state=s.clone()/>
                            <div class="inline-form">
                                <Choice name="level" options=levels() state=s.clone() required=false hint=t("hint-ocop-only")/>
                                <Choice name="stars" options=stars() state=s.clone() required=false hint=t("hint-ocop-only")/>
                            </div>
                            <div class="inline-form">
                                <Field name="issued_on" kind="date" state=s.clone() required=true/>
                                <Field name="expires_on" kind="date" state=s.clone() hint=t("hint-expires-on")/>
                            </div>
                            <div class="field" class:invalid=invalid>
                                <label for="f-evidence">{t("field-evidence")}</label>
                                <p class="hint" id="f-evidence-hint">{t("hint-evidence")}</p>
                                <input id="f-evidence" type="file" name="evidence" required=true accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" aria-describedby="f-evidence-hint"/>
                                {invalid.then(|| view! { <p class="field-error">{problems.join(" · ")}</p> })}
                                {s.is_some().then(|| view! { <p class="hint">{t("hint-documents-again")}</p> })}
                            </div>
                            <button type="submit" class="button">{t("certs-send")}</button>
                        </form>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}

/// The issue and expiry dates of a certification, as readers write them.
pub(super) fn cert_dates(record: &CertificationRecord) -> String {
    let locale = lang();
    let issued = record.issued_on.map(|d| format::date(d, locale));
    let expires = record.expires_on.map(|d| format::date(d, locale));
    match (issued, expires) {
        (Some(i), Some(e)) => format!("{i} → {e}"),
        (Some(i), None) => format!("{i} →"),
        (None, Some(e)) => format!("→ {e}"),
        (None, None) => String::new(),
    }
}

/// The OCOP level, when given (the stars are in the certification's name).
pub(super) fn cert_grade(record: &CertificationRecord) -> Option<String> {
    record
        .level
        .as_deref()
        .map(|l| crate::i18n::try_t(&format!("ocop-level-{l}")).unwrap_or_else(|| l.to_owned()))
}

/// One certification of the cooperative.
#[component]
fn CertRow(
    /// The certification.
    record: CertificationRecord,
) -> impl IntoView {
    let covers = record
        .product
        .as_ref()
        .map_or_else(|| t("cert-whole-cooperative"), |(_, title)| title.clone());
    let dates = cert_dates(&record);
    let grade = cert_grade(&record);
    let label = cert_label(record.kind, record.stars, record.name.as_deref());
    let withdraw = format!(
        "/seller/cooperatives/{}/certifications/{}/withdraw",
        record.cooperative.id, record.id
    );
    view! {
        <tr>
            <td><strong>{label}</strong>{grade.map(|g| view! { <small>{g}</small> })}</td>
            <td data-label=t("cert-covers")>{covers}</td>
            <td data-label=t("field-number")>{record.number.clone().unwrap_or_default()}</td>
            <td data-label=t("field-issuer")>{record.issuer.clone().unwrap_or_default()}</td>
            <td data-label=t("cert-dates")>{dates}{record.expired.then(|| view! { " " <span class="flag flag-danger">{t("cert-expired")}</span> })}</td>
            <td>
                <StatusBadge status=record.status.as_str().to_owned()/>
                {record.review_note.clone().map(|n| view! { <small class="reason-line">{t("application-reason")} " " {n}</small> })}
            </td>
            <td data-label=t("cert-shown")>{if record.shown { t("cert-shown-yes") } else { t("cert-shown-no") }}</td>
            <td>{record.evidence_filename.clone().map(|f| view! {
                <a href=format!("/api/v1/certifications/{}/evidence", record.id) target="_blank" rel="noopener">{f}</a>
            })}</td>
            <td>
                <form method="post" action=withdraw class="action-form">
                    <Csrf/>
                    <label class="check"><input type="checkbox" name="confirm" value="yes" required=true/> " " {t("cert-withdraw-confirm")}</label>
                    <button type="submit" class="button small danger">{t("cert-withdraw")}</button>
                </form>
            </td>
        </tr>
    }
}
