//! Lots and traceability: the public page of a lot (`/t/{code}`, what a
//! label's QR code opens), a cooperative's lots with the form to record
//! one (`/seller/cooperatives/{id}/lots`), a lot with its diary, labels,
//! scans and recall (`/seller/lots/{id}`), and union staff's list of every
//! lot and recall (`/moderation/lots`).

use chrono::NaiveDate;
use kernel::CooperativeId;
use leptos::prelude::*;
use traceability::{
    CertificationStanding, DiaryEntryView, LotCertification, LotFilter, LotSummary, LotView,
    PublicLot, RecallReport, ScanReport,
};
use uuid::Uuid;

use crate::components::Title;
use crate::forms::{Choice, Csrf, ErrorSummary, Field, FormState, Notice, state_of};
use crate::i18n::{lang, t, t_with};
use crate::pages::listings::CoopTabs;
use crate::pages::moderation::StaffNav;
use crate::pages::{failure, mark_failed, page_request, param, query, services, signed_in, when};

fn day(date: NaiveDate) -> String {
    crate::format::date(date, lang())
}

fn unit(name: &str) -> String {
    t(&format!("trace-unit-{name}"))
}

/// A lot's status as a word and a colour.
#[component]
fn LotStatus(
    /// `open` or `recalled`.
    status: String,
) -> impl IntoView {
    view! { <span class=format!("status lot-status-{status}")>{t(&format!("lot-status-{status}"))}</span> }
}

/// A certification with how it stands today, as a word and a colour.
#[component]
fn Certification(
    /// The certification.
    cert: LotCertification,
) -> impl IntoView {
    let name = crate::components::cert_label(
        catalog::CertificationKind::parse(&cert.kind).unwrap_or(catalog::CertificationKind::Award),
        cert.stars,
        cert.name.as_deref(),
    );
    let standing = match cert.standing {
        CertificationStanding::Valid => cert.expires_on.map_or_else(
            || t("trace-cert-valid"),
            |d| t_with("trace-cert-valid-until", &[("date", day(d).into())]),
        ),
        CertificationStanding::Expired => t_with(
            "trace-cert-expired",
            &[("date", cert.expires_on.map(day).unwrap_or_default().into())],
        ),
        CertificationStanding::Withdrawn => t("trace-cert-withdrawn"),
        CertificationStanding::Pending => t("trace-cert-pending"),
    };
    view! {
        <li class=format!("trace-cert cert-{}", cert.standing.as_str())>
            <strong>{name}</strong>
            {cert.number.map(|n| view! { " · " <span>{n}</span> })}
            {cert.issuer.map(|i| view! { <small>{i}</small> })}
            <span class=format!("status cert-standing-{}", cert.standing.as_str())>{standing}</span>
        </li>
    }
}

/// The field diary, oldest first.
#[component]
fn Diary(
    /// Its entries.
    entries: Vec<DiaryEntryView>,
) -> AnyView {
    if entries.is_empty() {
        return view! { <p class="empty">{t("trace-diary-empty")}</p> }.into_any();
    }
    view! {
        <ol class="timeline trace-diary">
            {entries.into_iter().map(|e| view! {
                <li class=format!("diary-{}", e.kind)>
                    <p class="timeline-head">
                        <time datetime=e.happened_on.to_string()>{day(e.happened_on)}</time>
                        " · " <span class="diary-kind">{t(&format!("trace-kind-{}", e.kind))}</span>
                    </p>
                    <p><strong>{e.title}</strong></p>
                    {e.input_name.map(|n| view! { <p>{n}{e.dose.map(|d| format!(" — {d}"))}</p> })}
                    {e.pre_harvest_interval_days.map(|days| view! {
                        <p class="hint">{t_with("trace-phi", &[
                            ("days", days.into()),
                            ("date", e.safe_from.map(day).unwrap_or_default().into()),
                        ])}</p>
                    })}
                    {e.detail.map(|d| view! { <p class="pre">{d}</p> })}
                    {e.photo_url.map(|u| view! {
                        <p><a href=u.clone()>{t("trace-photo")}</a></p>
                    })}
                </li>
            }).collect_view()}
        </ol>
    }
    .into_any()
}

/// The dates, origin, makers and materials of a lot.
fn facts(
    quantity: i32,
    unit_name: &str,
    dates: [(&'static str, Option<NaiveDate>); 4],
    commune: Option<String>,
    place: Option<String>,
    makers: Vec<traceability::Maker>,
    materials: Vec<traceability::Material>,
) -> AnyView {
    view! {
        <section class="panel trace-facts">
            <dl class="facts">
                <dt>{t("trace-quantity")}</dt><dd>{format!("{quantity} {}", unit(unit_name))}</dd>
                {dates.into_iter().filter_map(|(key, d)| d.map(|d| view! {
                    <dt>{t(key)}</dt><dd><time datetime=d.to_string()>{day(d)}</time></dd>
                })).collect_view()}
                {commune.map(|c| view! { <dt>{t("trace-commune")}</dt><dd>{c}</dd> })}
                {place.map(|p| view! { <dt>{t("trace-place")}</dt><dd>{p}</dd> })}
            </dl>
            {(!makers.is_empty()).then(|| view! {
                <h2>{t("trace-makers")}</h2>
                <ul class="trace-makers">
                    {makers.into_iter().map(|m| view! {
                        <li><strong>{m.name}</strong>{m.role.map(|r| format!(" — {r}"))}</li>
                    }).collect_view()}
                </ul>
            })}
            {(!materials.is_empty()).then(|| view! {
                <h2>{t("trace-materials")}</h2>
                <ul class="trace-materials">
                    {materials.into_iter().map(|m| view! {
                        <li>
                            <strong>{m.name}</strong>
                            {m.origin.map(|o| view! { " — " {t_with("trace-material-from", &[("origin", o.into())])} })}
                        </li>
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
    .into_any()
}

fn dates_of(
    harvested: Option<NaiveDate>,
    produced: Option<NaiveDate>,
    packed: Option<NaiveDate>,
    best_before: Option<NaiveDate>,
) -> [(&'static str, Option<NaiveDate>); 4] {
    [
        ("trace-harvested", harvested),
        ("trace-produced", produced),
        ("trace-packed", packed),
        ("trace-best-before", best_before),
    ]
}

/// `/t/:code`: a lot's public page, in the visitor's language. Each visit
/// is counted for the lot and the day, and nothing else.
#[component]
pub fn TracePage() -> impl IntoView {
    let code = param("code");
    let load = async move {
        let trace = services().map_err(failure)?.traceability;
        let lot = trace.public_lot(&code, lang()).await.map_err(failure)?;
        if let Err(e) = trace.count_scan(&lot.code).await {
            tracing::warn!(error = %e, "a scan was not counted");
        }
        Ok::<PublicLot, AnyView>(lot)
    };
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let lot = match load.await {
                    Ok(lot) => lot,
                    Err(view) => return view,
                };
                let dates = dates_of(lot.harvested_on, lot.produced_on, lot.packed_on, lot.best_before);
                view! {
                    <Title text=format!("{} · {} · {}", lot.product_title, t("trace-title"), t("site-name"))/>
                    <article class="trace-page">
                        {lot.recall.clone().map(|r| view! {
                            <section class="recall-banner" role="alert">
                                <h2>{t("trace-recalled-title")}</h2>
                                <p>{t_with("trace-recalled-on", &[("date", when(r.recalled_at).into())])}</p>
                                <p class="pre"><strong>{t("trace-recall-reason")}</strong> " " {r.reason}</p>
                                <p>{t("trace-recalled-advice")}</p>
                            </section>
                        })}
                        <p class="kicker">{t("trace-title")}</p>
                        <h1>{lot.product_title.clone()}</h1>
                        <p class="lead">
                            {t_with("trace-lot", &[("lot", lot.lot_number.clone().into())])}
                            {lot.variant_sku.clone().map(|s| view! { " · " <code>{s}</code> })}
                            <br/>
                            {t("trace-made-by")} " "
                            <a href=format!("/cooperatives/{}", lot.cooperative_slug)>{lot.cooperative_name.clone()}</a>
                        </p>
                        {match (lot.buy_url.clone(), lot.recall.is_some()) {
                            (Some(url), _) => view! { <p class="actions"><a class="button" href=url>{t("trace-buy")}</a></p> }.into_any(),
                            (None, false) => view! { <p class="hint">{t("trace-not-on-sale")}</p> }.into_any(),
                            (None, true) => ().into_any(),
                        }}
                        {facts(lot.quantity, &lot.unit, dates, lot.commune.clone(), lot.place.clone(), lot.makers.clone(), lot.materials.clone())}
                        <section class="panel">
                            <h2>{t("trace-certifications")}</h2>
                            {if lot.certifications.is_empty() {
                                view! { <p class="empty">{t("trace-no-certifications")}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="trace-certs">
                                        {lot.certifications.clone().into_iter().map(|c| view! { <Certification cert=c/> }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        </section>
                        <section class="panel">
                            <h2>{t("trace-diary")}</h2>
                            <Diary entries=lot.diary.clone()/>
                        </section>
                        <p class="hint">{t_with("trace-code", &[("code", lot.code.clone().into())])}</p>
                    </article>
                }
                .into_any()
            })}
        </Suspense>
    }
}

/// A table of lots.
#[component]
fn LotTable(
    /// The lots.
    lots: Vec<LotSummary>,
    /// Show the cooperative (staff's list).
    cooperative: bool,
) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class="dense lots">
                <thead><tr>
                    <th>{t("lots-col-number")}</th>
                    <th>{t("lots-col-product")}</th>
                    {cooperative.then(|| view! { <th>{t("lots-col-cooperative")}</th> })}
                    <th class="num">{t("lots-col-quantity")}</th>
                    <th>{t("lots-col-status")}</th>
                    <th class="num">{t("lots-col-scans")}</th>
                    <th class="num">{t("lots-col-notified")}</th>
                    <th>{t("lots-col-created")}</th>
                </tr></thead>
                <tbody>
                    {lots.into_iter().map(|l| view! {
                        <tr>
                            <td><a href=format!("/seller/lots/{}", l.id)>{l.lot_number}</a></td>
                            <td>{l.product_title}</td>
                            {cooperative.then(|| view! { <td>{l.cooperative_name.clone()}</td> })}
                            <td class="num">{format!("{} {}", l.quantity, unit(&l.unit))}</td>
                            <td>
                                <LotStatus status=l.status.clone()/>
                                {l.recalled_at.map(|at| view! { <small>{when(at)}</small> })}
                            </td>
                            <td class="num">{l.scans_total}</td>
                            <td class="num">{l.buyers_notified}</td>
                            <td><time datetime=l.created_at.to_rfc3339()>{when(l.created_at)}</time></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// Pagination links for a list of lots.
fn pager(page: u64, pages: u64, base: &str) -> AnyView {
    if pages <= 1 {
        return ().into_any();
    }
    let sep = if base.contains('?') { '&' } else { '?' };
    view! {
        <nav class="pager" aria-label=t("pager-label")>
            {(page > 1).then(|| view! { <a rel="prev" href=format!("{base}{sep}page={}", page - 1)>{t("pager-prev")}</a> })}
            <span>{format!("{page} / {pages}")}</span>
            {(page < pages).then(|| view! { <a rel="next" href=format!("{base}{sep}page={}", page + 1)>{t("pager-next")}</a> })}
        </nav>
    }
    .into_any()
}

/// `/seller/cooperatives/:id/lots`: the cooperative's lots and the form to
/// record one.
#[component]
pub fn SellerLotsPage() -> impl IntoView {
    let Some(actor) = signed_in() else {
        return ().into_any();
    };
    let state = state_of("lot");
    mark_failed(&state);
    let id: Option<CooperativeId> = param("id").parse().ok();
    let reader = actor.clone();
    let page = page_request();
    let load = async move {
        let services = services().map_err(failure)?;
        let id = id.ok_or_else(|| failure(traceability::Error::CooperativeNotFound))?;
        let lots = services
            .traceability
            .cooperative_lots(&reader, id, &LotFilter::default(), page, lang())
            .await
            .map_err(failure)?;
        let listings = services
            .catalog
            .cooperative_listings(
                &reader,
                id,
                &Default::default(),
                kernel::PageRequest::new(Some(1), Some(100)).unwrap_or_default(),
            )
            .await
            .map_err(failure)?;
        let certs = services
            .catalog
            .cooperative_certifications(&reader, id)
            .await
            .map_err(failure)?;
        Ok::<_, AnyView>((id, lots, listings, certs))
    };
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (id, lots, listings, certs) = match load.await {
                    Ok(data) => data,
                    Err(view) => return view,
                };
                let member = actor.role_in(id).is_some();
                let mut options = vec![(String::new(), t("lots-choose-product"))];
                for listing in listings.items {
                    options.push((listing.id.to_string(), listing.title.get(lang()).to_owned()));
                }
                let units = traceability_units();
                let pages = lots.pages();
                view! {
                    <Title text=format!("{} · {}", t("lots-title"), t("site-name"))/>
                    <nav class="breadcrumbs"><a href="/seller">{t("nav-seller")}</a> " › " <span>{t("lots-title")}</span></nav>
                    <h1>{t("lots-title")}</h1>
                    {member.then(|| view! { <CoopTabs id=id current="seller-tab-lots"/> })}
                    <Notice/>
                    <p class="lead">{t("lots-lead")}</p>
                    {if lots.items.is_empty() {
                        view! { <p class="empty">{t("lots-empty")}</p> }.into_any()
                    } else {
                        view! { <LotTable lots=lots.items.clone() cooperative=false/> }.into_any()
                    }}
                    {pager(lots.page, pages, &format!("/seller/cooperatives/{id}/lots"))}
                    {member.then(|| view! {
                        <section class="panel" id="new-lot">
                            <h2>{t("lots-new")}</h2>
                            <ErrorSummary state=state.clone() scope="lot"/>
                            <form method="post" action=format!("/seller/cooperatives/{id}/lots") class="form lot-form" novalidate=true>
                                <Csrf/>
                                <Choice name="product_id" options=options.clone() state=state.clone() label=t("field-lot-product-id")/>
                                <Field name="lot_number" state=state.clone() required=true label=t("field-lot-lot-number") hint=t("lots-number-hint")/>
                                <Field name="quantity" kind="number" min="1" state=state.clone() required=true label=t("field-lot-quantity")/>
                                <Choice name="unit" options=units.clone() state=state.clone() value="piece" label=t("field-lot-unit")/>
                                <Field name="harvested_on" kind="date" state=state.clone() label=t("field-lot-harvested-on")/>
                                <Field name="produced_on" kind="date" state=state.clone() label=t("field-lot-produced-on")/>
                                <Field name="packed_on" kind="date" state=state.clone() label=t("field-lot-packed-on")/>
                                <Field name="best_before" kind="date" state=state.clone() label=t("field-lot-best-before")/>
                                <Field name="commune" state=state.clone() label=t("field-lot-commune")/>
                                <Field name="place" state=state.clone() label=t("field-lot-place")/>
                                <Field name="makers" kind="textarea" state=state.clone() label=t("field-lot-makers") hint=t("lots-makers-hint")/>
                                <Field name="materials" kind="textarea" state=state.clone() label=t("field-lot-materials") hint=t("lots-materials-hint")/>
                                <Field name="gtin" state=state.clone() label=t("field-lot-gtin") inputmode="numeric"/>
                                {(!certs.is_empty()).then(|| view! {
                                    <fieldset class="field">
                                        <legend>{t("field-lot-certification-ids")}</legend>
                                        {certs.iter().map(|c| {
                                            let name = format!("cert-{}", c.id);
                                            let checked = state.as_ref().is_some_and(|s| s.values.contains_key(&name));
                                            let label = crate::components::cert_label(c.kind, c.stars, c.name.as_deref());
                                            view! {
                                                <label class="check"><input type="checkbox" name=name value="on" checked=checked/> " " {label} {c.number.clone().map(|n| format!(" · {n}"))}</label>
                                            }
                                        }).collect_view()}
                                    </fieldset>
                                })}
                                <Field name="notes" kind="textarea" state=state.clone() label=t("field-lot-notes")/>
                                <button type="submit" class="button">{t("lots-create")}</button>
                            </form>
                        </section>
                    })}
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}

/// The units a lot may be counted in, labelled.
fn traceability_units() -> Vec<(String, String)> {
    ["piece", "kg", "bag", "box", "bottle", "set"]
        .into_iter()
        .map(|u| (u.to_owned(), unit(u)))
        .collect()
}

/// `/seller/lots/:id`: a lot with its diary and the form to add to it,
/// its labels, scans and recall; union staff read it and may recall it.
#[component]
pub fn SellerLotPage() -> impl IntoView {
    let Some(actor) = signed_in() else {
        return ().into_any();
    };
    let diary_state = state_of("diary");
    mark_failed(&diary_state);
    let recall_state = state_of("recall");
    mark_failed(&recall_state);
    let id: Option<Uuid> = param("id").parse().ok();
    let reader = actor.clone();
    let load = async move {
        let trace = services().map_err(failure)?.traceability;
        let id = id.ok_or_else(|| failure(traceability::Error::LotNotFound))?;
        let lot = trace.lot(&reader, id, lang()).await.map_err(failure)?;
        let scans = trace.scans(&reader, id).await.map_err(failure)?;
        let report = if lot.recall.is_some() {
            Some(
                trace
                    .recall_report(&reader, id, lang())
                    .await
                    .map_err(failure)?,
            )
        } else {
            None
        };
        Ok::<(LotView, ScanReport, Option<RecallReport>), AnyView>((lot, scans, report))
    };
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (lot, scans, report) = match load.await {
                    Ok(data) => data,
                    Err(view) => return view,
                };
                let member = actor.role_in(lot.cooperative_id).is_some();
                let may_recall = (member || actor.is_staff()) && lot.recall.is_none();
                let id = lot.id;
                let dates = dates_of(lot.harvested_on, lot.produced_on, lot.packed_on, lot.best_before);
                let kinds: Vec<(String, String)> = ["input", "irrigation", "harvest", "processing", "making", "note"]
                    .into_iter()
                    .map(|k| (k.to_owned(), t(&format!("trace-kind-{k}"))))
                    .collect();
                view! {
                    <Title text=format!("{} {} · {}", t("lot-title"), lot.lot_number, t("site-name"))/>
                    <nav class="breadcrumbs">
                        {if member {
                            view! { <a href=format!("/seller/cooperatives/{}/lots", lot.cooperative_id)>{t("lots-title")}</a> }.into_any()
                        } else {
                            view! { <a href="/moderation/lots">{t("staff-lots")}</a> }.into_any()
                        }}
                        " › " <span>{lot.lot_number.clone()}</span>
                    </nav>
                    <h1>{t("lot-title")} " " <span class="order-number">{lot.lot_number.clone()}</span> " " <LotStatus status=lot.status.clone()/></h1>
                    <Notice/>
                    <p class="lead">
                        {lot.product_title.clone()} {lot.variant_sku.clone().map(|s| view! { " · " <code>{s}</code> })}
                        " · " {lot.cooperative_name.clone()}
                    </p>
                    <p class="actions">
                        <a class="button secondary" href=format!("/t/{}", lot.code)>{t("lot-public-page")}</a>
                        {member.then(|| view! {
                            <a class="button secondary" href=format!("/api/v1/lots/{id}/labels.pdf?layout=3x8&locale={}", lang().code())>{t("lot-labels-3x8")}</a>
                            <a class="button secondary" href=format!("/api/v1/lots/{id}/labels.pdf?layout=2x5&locale={}", lang().code())>{t("lot-labels-2x5")}</a>
                        })}
                    </p>
                    <p class="hint">{t_with("lot-qr-address", &[("url", lot.url.clone().into())])}</p>
                    {lot.recall.clone().map(|r| view! {
                        <section class="recall-banner" role="alert">
                            <h2>{t("trace-recalled-title")}</h2>
                            <p>{t_with("trace-recalled-on", &[("date", when(r.recalled_at).into())])}</p>
                            <p class="pre"><strong>{t("trace-recall-reason")}</strong> " " {r.reason}</p>
                        </section>
                    })}
                    {report.map(|r| view! { <RecallNotices report=r/> })}
                    {facts(lot.quantity, &lot.unit, dates, lot.commune.clone(), lot.place.clone(), lot.makers.clone(), lot.materials.clone())}
                    <section class="panel">
                        <h2>{t("trace-certifications")}</h2>
                        {if lot.certifications.is_empty() {
                            view! { <p class="empty">{t("trace-no-certifications")}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="trace-certs">
                                    {lot.certifications.clone().into_iter().map(|c| view! { <Certification cert=c/> }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    </section>
                    <section class="panel" id="diary">
                        <h2>{t("trace-diary")}</h2>
                        <Diary entries=lot.diary.clone()/>
                        {member.then(|| view! {
                            <h3>{t("lot-diary-add")}</h3>
                            <ErrorSummary state=diary_state.clone() scope="diary"/>
                            <form method="post" action=format!("/seller/lots/{id}/diary") class="form diary-form" novalidate=true>
                                <Csrf/>
                                <Choice name="kind" options=kinds.clone() state=diary_state.clone() value="note" label=t("field-diary-kind")/>
                                <Field name="happened_on" kind="date" state=diary_state.clone() required=true label=t("field-diary-happened-on")/>
                                <Field name="title" state=diary_state.clone() required=true label=t("field-diary-title")/>
                                <Field name="input_name" state=diary_state.clone() label=t("field-diary-input-name") hint=t("lot-diary-input-hint")/>
                                <Field name="dose" state=diary_state.clone() label=t("field-diary-dose")/>
                                <Field name="pre_harvest_interval_days" kind="number" min="0" state=diary_state.clone() label=t("field-diary-pre-harvest-interval-days")/>
                                <Field name="detail" kind="textarea" state=diary_state.clone() label=t("field-diary-detail")/>
                                <Field name="photo_url" state=diary_state.clone() label=t("field-diary-photo-url")/>
                                <button type="submit" class="button">{t("lot-diary-add")}</button>
                            </form>
                        })}
                    </section>
                    <section class="panel" id="scans">
                        <h2>{t("lot-scans")}</h2>
                        <p>{t_with("lot-scans-total", &[("count", scans.total.into())])}</p>
                        {if scans.days.is_empty() {
                            view! { <p class="empty">{t("lot-scans-empty")}</p> }.into_any()
                        } else {
                            view! {
                                <table class="dense scans">
                                    <thead><tr><th>{t("lot-scans-day")}</th><th class="num">{t("lot-scans-count")}</th></tr></thead>
                                    <tbody>
                                        {scans.days.into_iter().map(|d| view! {
                                            <tr><td>{day(d.day)}</td><td class="num">{d.count}</td></tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any()
                        }}
                    </section>
                    {may_recall.then(|| view! { <RecallForm id=id state=recall_state.clone()/> })}
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}

/// The form to recall a lot: a reason and "I am sure".
#[component]
fn RecallForm(
    /// The lot.
    id: Uuid,
    /// The failed submission.
    state: Option<FormState>,
) -> impl IntoView {
    let confirm_missing = state
        .as_ref()
        .is_some_and(|s| s.errors.get("confirm").is_some());
    view! {
        <section class="panel danger" id="recall">
            <h2>{t("lot-recall")}</h2>
            <p class="hint">{t("lot-recall-hint")}</p>
            <ErrorSummary state=state.clone() scope="recall"/>
            <form method="post" action=format!("/seller/lots/{id}/recall") class="form recall-form" novalidate=true>
                <Csrf/>
                <Field name="reason" kind="textarea" state=state.clone() required=true label=t("field-recall-reason")/>
                <div class="field" class:invalid=confirm_missing>
                    <label class="check" for="f-confirm"><input id="f-confirm" type="checkbox" name="confirm" value="yes"/> " " {t("lot-recall-confirm")}</label>
                </div>
                <button type="submit" class="button danger">{t("lot-recall-button")}</button>
            </form>
        </section>
    }
}

/// The buyers told of a recall.
#[component]
fn RecallNotices(
    /// The report.
    report: RecallReport,
) -> impl IntoView {
    view! {
        <section class="panel" id="recall-report">
            <h2>{t("lot-recall-report")}</h2>
            {if report.notices.is_empty() {
                view! { <p class="empty">{t("lot-recall-notices-empty")}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="dense recall-notices">
                            <thead><tr>
                                <th>{t("lot-recall-col-order")}</th>
                                <th>{t("lot-recall-col-buyer")}</th>
                                <th class="num">{t("lots-col-quantity")}</th>
                                <th>{t("lot-recall-col-notified")}</th>
                            </tr></thead>
                            <tbody>
                                {report.notices.into_iter().map(|n| view! {
                                    <tr>
                                        <td><a href=format!("/seller/orders/{}", n.order_id)>{n.order_number}</a></td>
                                        <td>{n.buyer_name} <small>{n.buyer_email}</small></td>
                                        <td class="num">{n.quantity}</td>
                                        <td>{when(n.notified_at)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

/// `/moderation/lots?status=`: every lot of the market for union staff,
/// the recalls with how many buyers each told.
#[component]
pub fn StaffLotsPage() -> impl IntoView {
    let Some(actor) = signed_in() else {
        return ().into_any();
    };
    let status = query("status");
    let status = matches!(status.as_str(), "open" | "recalled").then_some(status);
    let filter = LotFilter {
        status: status.clone(),
    };
    let page = page_request();
    let load = async move {
        let trace = services().map_err(failure)?.traceability;
        trace
            .all_lots(&actor, &filter, page, lang())
            .await
            .map_err(failure)
    };
    view! {
        <Title text=format!("{} · {}", t("staff-lots"), t("site-name"))/>
        <h1>{t("staff-title")}</h1>
        <StaffNav current="staff-lots"/>
        <Notice/>
        <p class="lead">{t("staff-lots-lead")}</p>
        <nav class="filters" aria-label=t("orders-filter")>
            {[("", "lots-filter-all"), ("open", "lots-filter-open"), ("recalled", "lots-filter-recalled")].into_iter().map(|(value, key)| {
                let href = if value.is_empty() { "/moderation/lots".to_owned() } else { format!("/moderation/lots?status={value}") };
                let current = status.as_deref().unwrap_or("") == value;
                view! { <a href=href aria-current=current.then_some("page")>{t(key)}</a> " " }
            }).collect_view()}
        </nav>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let lots = match load.await {
                    Ok(lots) => lots,
                    Err(view) => return view,
                };
                let pages = lots.pages();
                let base = status_base(&query("status"));
                if lots.items.is_empty() {
                    return view! { <p class="empty">{t("staff-lots-empty")}</p> }.into_any();
                }
                view! {
                    <LotTable lots=lots.items.clone() cooperative=true/>
                    {pager(lots.page, pages, &base)}
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}

fn status_base(status: &str) -> String {
    match status {
        "open" | "recalled" => format!("/moderation/lots?status={status}"),
        _ => "/moderation/lots".to_owned(),
    }
}
