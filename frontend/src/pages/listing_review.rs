//! The Cooperative Union's review of the catalogue: the listing queue, one
//! listing with its pending edits beside the live version and the
//! decisions, and the certification queue.

use crate::components::Title;
use catalog::certifications::{CertificationRecord, CertificationStatus};
use catalog::listings::{ContentView, ListingFilter, ListingStatus, SellerListing};
use catalog::{Variant, listings::ListingRow};
use kernel::{I18nText, Locale, ProductId};
use leptos::prelude::*;

use super::certifications::{cert_dates, cert_grade};
use super::moderation::StaffNav;
use super::{
    StatusBadge, failure, mark_failed, page_request, param, query, services, signed_in, when,
};
use crate::components::{Pager, Picture, cert_label};
use crate::format;
use crate::forms::{Csrf, ErrorSummary, Field, Notice, state_of};
use crate::i18n::{lang, t, t_with};

const QUEUE_STATUSES: [&str; 4] = ["pending_review", "published", "unpublished", "rejected"];

/// `/moderation/products?status=&q=`: listings waiting for review (oldest
/// first), or listings of one status across cooperatives.
#[component]
pub fn ListingQueuePage() -> impl IntoView {
    let Some(actor) = signed_in() else {
        return ().into_any();
    };
    let status = query("status");
    let status = if QUEUE_STATUSES.contains(&status.as_str()) {
        status
    } else {
        "pending_review".to_owned()
    };
    let q = query("q");
    let page = page_request();
    let filter = ListingFilter {
        status: ListingStatus::parse(&status),
        q: (!q.is_empty()).then(|| q.clone()),
    };
    let load = async move {
        let catalog = services().map_err(failure)?.catalog;
        catalog
            .listing_queue(&actor, &filter, page)
            .await
            .map_err(failure)
    };
    let current = status.clone();
    let q_value = q.clone();
    view! {
        <Title text=format!("{} · {}", t("staff-products"), t("site-name"))/>
        <h1>{t("staff-title")}</h1>
        <StaffNav current="staff-products"/>
        <Notice/>
        <nav class="chips-nav">
            {QUEUE_STATUSES.into_iter().map(|s| {
                let label = if s == "pending_review" { t("staff-products-waiting") } else { t(&format!("status-{}", s.replace('_', "-"))) };
                view! {
                    <a href=format!("/moderation/products?status={s}") aria-current=(s == current).then_some("page")>{label}</a>
                }
            }).collect_view()}
        </nav>
        <form method="get" action="/moderation/products" class="search inline" role="search">
            <input type="hidden" name="status" value=status.clone()/>
            <label for="queue-q" class="visually-hidden">{t("listing-search")}</label>
            <input id="queue-q" name="q" type="search" value=q_value placeholder=t("listing-search")/>
            <button type="submit" class="button">{t("search-button")}</button>
        </form>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let rows = match load.await {
                    Ok(rows) => rows,
                    Err(view) => return view,
                };
                let pages = rows.pages();
                if rows.items.is_empty() {
                    return view! { <p class="empty">{t("staff-products-empty")}</p> }.into_any();
                }
                let waiting = status == "pending_review";
                view! {
                    <table class="dense listings">
                        <thead><tr>
                            <th><span class="visually-hidden">{t("listing-picture")}</span></th>
                            <th>{t("listing-title")}</th>
                            <th>{t("field-cooperative-id")}</th>
                            <th>{if waiting { t("staff-products-what") } else { t("seller-status") }}</th>
                            <th>{t("product-price")}</th>
                            <th>{if waiting { t("staff-submitted") } else { t("listing-updated") }}</th>
                        </tr></thead>
                        <tbody>{rows.items.into_iter().map(|r| queue_row(r, waiting)).collect_view()}</tbody>
                    </table>
                    <Pager page=rows.page pages=pages base="/moderation/products".to_owned() params=vec![("status", status), ("q", q)]/>
                }.into_any()
            })}
        </Suspense>
    }
    .into_any()
}

fn queue_row(row: ListingRow, waiting: bool) -> impl IntoView {
    let locale = lang();
    let kind = if row.status == ListingStatus::Published {
        view! { <span class="flag flag-pending">{t("staff-products-edits")}</span> }.into_any()
    } else if waiting {
        view! { <span class="flag">{t("staff-products-new")}</span> }.into_any()
    } else {
        view! { <StatusBadge status=row.status.as_str().to_owned()/> }.into_any()
    };
    let price = match (row.price_min, row.price_max) {
        (Some(low), Some(high)) => format::price_range(low, high),
        _ => "—".to_owned(),
    };
    let at = if waiting {
        row.submitted_at.map(when)
    } else {
        Some(when(row.updated_at))
    };
    view! {
        <tr>
            <td class="thumb">{row.image.map(|img| view! { <Picture image=img sizes="56px"/> })}</td>
            <td><a href=format!("/moderation/products/{}", row.id)>{row.title.get(locale).to_owned()}</a></td>
            <td><a href=format!("/moderation/cooperatives/{}", row.cooperative.id)>{row.cooperative.name}</a></td>
            <td>{kind}{row.taken_down.then(|| view! { " " <span class="flag flag-danger">{t("listing-flag-taken-down")}</span> })}</td>
            <td>{price}</td>
            <td>{at.unwrap_or_default()}</td>
        </tr>
    }
}

/// A listing decision: a confirm box, and a reason where one is needed.
#[component]
fn ListingDecisionForm(
    /// The listing.
    id: ProductId,
    /// `approve`, `reject` or `take_down`.
    action: &'static str,
) -> impl IntoView {
    let key = action.replace('_', "-");
    let state = state_of(&format!("listing-{action}"));
    mark_failed(&state);
    let needs_reason = action != "approve";
    let danger = action != "approve";
    view! {
        <form method="post" action=format!("/moderation/products/{id}/decide") class="form decision" id=format!("decide-{key}")>
            <h3>{t(&format!("listing-decide-{key}"))}</h3>
            <ErrorSummary state=state.clone()/>
            <Csrf/>
            <input type="hidden" name="action" value=action/>
            {needs_reason.then(|| view! {
                <Field name="reason" kind="textarea" state=state.clone() required=true hint=t("hint-listing-reason")/>
            })}
            <div class="field">
                <label class="check">
                    <input type="checkbox" name="confirm" value="yes" required=true/>
                    " " {t(&format!("listing-decide-{key}-confirm"))}
                </label>
            </div>
            <button type="submit" class="button" class:danger=danger>{t(&format!("listing-decide-{key}"))}</button>
        </form>
    }
}

/// Text in Vietnamese, and in English when written.
fn both(text: &I18nText) -> impl IntoView + use<> {
    let vi = text.vi.clone();
    let en = text.exact(Locale::En).map(str::to_owned);
    view! {
        <span lang="vi">{vi}</span>
        {en.map(|en| view! { <br/><span lang="en" class="muted">"EN: " {en}</span> })}
    }
}

/// What a listing says, field by field; fields that differ from `other`
/// are marked.
#[component]
fn ContentColumn(
    /// The heading.
    heading: String,
    /// The version shown.
    content: ContentView,
    /// The version it is compared with.
    #[prop(optional)]
    other: Option<ContentView>,
) -> impl IntoView {
    let c = content;
    let changed = |differs: &dyn Fn(&ContentView) -> bool| other.as_ref().is_some_and(differs);
    let marks = [
        changed(&|o| o.title != c.title),
        changed(&|o| o.summary != c.summary),
        changed(&|o| o.category.as_ref().map(|x| x.id) != c.category.as_ref().map(|x| x.id)),
        changed(&|o| o.tags != c.tags),
        changed(&|o| o.maker != c.maker),
        changed(&|o| {
            o.origin_commune != c.origin_commune || o.origin_province != c.origin_province
        }),
        changed(&|o| o.care != c.care),
        changed(&|o| o.description != c.description),
    ];
    let row = |key: &'static str, changed: bool, value: AnyView| {
        view! {
            <tr class:changed=changed>
                <th scope="row">{t(key)} {changed.then(|| view! { <span class="flag flag-pending">{t("staff-changed")}</span> })}</th>
                <td>{value}</td>
            </tr>
        }
    };
    let origin = [c.origin_commune.clone(), c.origin_province.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    let category = c
        .category
        .as_ref()
        .map(|cat| cat.name.get(lang()).to_owned())
        .unwrap_or_else(|| "—".to_owned());
    let description_vi = c.description_html.vi.clone();
    let description_en = c.description_html.exact(Locale::En).map(str::to_owned);
    view! {
        <section class="panel content-column">
            <h2>{heading}</h2>
            <table class="facts-table review-table">
                <tbody>
                    {row("field-title-vi", marks[0], both(&c.title).into_any())}
                    {row("field-summary-vi", marks[1], both(&c.summary).into_any())}
                    {row("field-category", marks[2], category.into_any())}
                    {row("field-tags", marks[3], c.tags.join(", ").into_any())}
                    {row("field-maker", marks[4], c.maker.clone().unwrap_or_default().into_any())}
                    {row("product-origin", marks[5], origin.into_any())}
                    {row("product-care", marks[6], c.care.as_ref().map_or_else(|| "—".into_any(), |care| both(care).into_any()))}
                </tbody>
            </table>
            <h3 class:changed=marks[7]>{t("product-description")} {marks[7].then(|| view! { " " <span class="flag flag-pending">{t("staff-changed")}</span> })}</h3>
            <div class="prose" lang="vi" inner_html=description_vi></div>
            {description_en.map(|html| view! {
                <details><summary>{t("staff-description-en")}</summary><div class="prose" lang="en" inner_html=html></div></details>
            })}
        </section>
    }
}

/// The variants of a listing with everything a buyer pays and gets.
#[component]
pub(super) fn VariantsTable(
    /// The variants.
    variants: Vec<Variant>,
) -> impl IntoView {
    view! {
        <table class="dense variants-review">
            <thead><tr>
                <th>{t("field-sku")}</th><th>{t("field-options")}</th><th>{t("product-price")}</th>
                <th>{t("listing-tiers")}</th><th>{t("product-stock")}</th><th>{t("field-min-order-qty")}</th><th>{t("listing-export-details")}</th>
            </tr></thead>
            <tbody>
                {variants.into_iter().map(|v| {
                    let options = v.options.iter().map(|(k, val)| format!("{}: {val}", option_name(k))).collect::<Vec<_>>().join(" · ");
                    let tiers = super::product::tiers_text(&v);
                    let stock = if v.made_to_order {
                        t_with("product-made-to-order", &[("days", v.lead_time_days.unwrap_or(0).into())])
                    } else {
                        v.stock.to_string()
                    };
                    let export = super::product::export_facts(&v).join(" · ");
                    view! {
                        <tr>
                            <td><code>{v.sku.clone()}</code></td>
                            <td>{options}</td>
                            <td>{v.compare_at.map(|c| view! { <s>{c.to_string()}</s> " " })}{v.price.to_string()}</td>
                            <td>{tiers}</td>
                            <td>{stock}</td>
                            <td>{v.min_order_qty}</td>
                            <td>{export}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// The name of an option (`size` → "Cỡ").
pub(super) fn option_name(name: &str) -> String {
    crate::i18n::try_t(&format!("field-options-{name}")).unwrap_or_else(|| name.to_owned())
}

/// `/moderation/products/{id}`: a listing under review.
#[component]
pub fn ListingReviewPage() -> impl IntoView {
    let Some(actor) = signed_in() else {
        return ().into_any();
    };
    let id = param("id");
    let load = async move {
        let catalog = services().map_err(failure)?.catalog;
        accounts::authorize(Some(&actor), accounts::Action::Moderate).map_err(failure)?;
        let id: ProductId = id
            .parse()
            .map_err(|_| failure(catalog::Error::ProductNotFound(id.clone())))?;
        catalog.listing(&actor, id).await.map_err(failure)
    };
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let listing = match load.await {
                    Ok(listing) => listing,
                    Err(view) => return view,
                };
                review_view(listing).into_any()
            })}
        </Suspense>
    }
    .into_any()
}

fn review_view(l: SellerListing) -> impl IntoView {
    let locale = lang();
    let title = l.working().title.get(locale).to_owned();
    let in_queue = l.awaiting_review
        && matches!(
            l.status,
            ListingStatus::PendingReview | ListingStatus::Published
        );
    let mut actions: Vec<&'static str> = Vec::new();
    if in_queue {
        actions.extend(["approve", "reject"]);
    }
    if l.status == ListingStatus::Published {
        actions.push("take_down");
    }
    let what = if !in_queue {
        None
    } else if l.published_at.is_some() {
        Some(t("staff-products-edits-explain"))
    } else {
        Some(t("staff-products-new-explain"))
    };
    let columns = match l.pending.clone() {
        Some(pending) => view! {
            <div class="compare">
                <ContentColumn heading=t("staff-live-version") content=l.content.clone() other=pending.clone()/>
                <ContentColumn heading=t("staff-pending-version") content=pending other=l.content.clone()/>
            </div>
        }
        .into_any(),
        None => view! { <ContentColumn heading=t("staff-content") content=l.content.clone()/> }.into_any(),
    };
    let id = l.id;
    view! {
        <Title text=format!("{title} · {}", t("staff-title"))/>
        <nav class="breadcrumbs">
            <a href="/moderation/products">{t("staff-products")}</a> " › " <span>{title.clone()}</span>
        </nav>
        <h1>{title}</h1>
        <Notice/>
        <section class="panel status-panel">
            <p>
                <StatusBadge status=l.status.as_str().to_owned()/>
                {l.pending.is_some().then(|| view! { " " <span class="flag flag-pending">{t("listing-flag-pending")}</span> })}
                {l.taken_down.then(|| view! { " " <span class="flag flag-danger">{t("listing-flag-taken-down")}</span> })}
                " · " <a href=format!("/moderation/cooperatives/{}", l.cooperative.id)>{l.cooperative.name.clone()}</a>
                {(l.cooperative_status != "approved").then(|| view! { " " <StatusBadge status=l.cooperative_status.clone()/> })}
            </p>
            {what.map(|w| view! { <p>{w}</p> })}
            <p class="hint">
                {l.submitted_at.map(|at| view! { {t("staff-submitted")} " " {when(at)} " · " })}
                {l.published_at.map(|at| view! { {t("staff-first-published")} " " {when(at)} " · " })}
                {t("listing-updated")} " " {when(l.updated_at)}
            </p>
            {l.status_reason.clone().map(|r| view! { <blockquote class="reason"><strong>{t("application-reason")}</strong> " " {r}</blockquote> })}
            {(!l.missing_for_review.is_empty()).then(|| view! {
                <p class="empty warn">{t("listing-missing")} " "
                    {l.missing_for_review.iter().map(|m| t(&format!("listing-missing-{m}"))).collect::<Vec<_>>().join(" · ")}</p>
            })}
            {(l.status == ListingStatus::Published).then(|| view! {
                <p><a href=format!("/products/{}", l.slug) target="_blank" rel="noopener">{t("listing-see-in-shop")}</a></p>
            })}
        </section>
        <div class="review">
            <div>
                {columns}
                <section class="panel">
                    <h2>{t("listing-pictures")}</h2>
                    {if l.images.is_empty() {
                        view! { <p class="empty warn">{t("listing-no-pictures")}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="picture-grid">
                                {l.images.iter().cloned().map(|img| {
                                    let large = img.image.urls.get("large").cloned().unwrap_or_default();
                                    let alt = img.image.alt.get(locale).to_owned();
                                    view! {
                                        <li class="picture-card" class:pending=img.pending>
                                            <a href=large target="_blank" rel="noopener"><Picture image=img.image sizes="160px"/></a>
                                            {img.pending.then(|| view! { <span class="flag flag-pending">{t("listing-picture-pending")}</span> })}
                                            <small>{alt}</small>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
                <section class="panel">
                    <h2>{t("listing-variants")}</h2>
                    <VariantsTable variants=l.variants.clone()/>
                </section>
            </div>
            <section class="panel">
                <h2>{t("staff-decisions")}</h2>
                {if actions.is_empty() {
                    view! { <p class="empty">{t("staff-no-decisions")}</p> }.into_any()
                } else {
                    actions.into_iter().map(|action| view! { <ListingDecisionForm id=id action=action/> }).collect_view().into_any()
                }}
            </section>
        </div>
    }
}

const CERT_STATUSES: [&str; 3] = ["pending", "verified", "rejected"];

/// `/moderation/certifications?status=`: certifications to verify.
#[component]
pub fn CertificationQueuePage() -> impl IntoView {
    let Some(actor) = signed_in() else {
        return ().into_any();
    };
    let status = query("status");
    let status = if CERT_STATUSES.contains(&status.as_str()) {
        status
    } else {
        "pending".to_owned()
    };
    let filter = CertificationStatus::parse(&status);
    let page = page_request();
    let load = async move {
        let catalog = services().map_err(failure)?.catalog;
        catalog
            .certification_queue(&actor, filter, page)
            .await
            .map_err(failure)
    };
    let current = status.clone();
    view! {
        <Title text=format!("{} · {}", t("staff-certifications"), t("site-name"))/>
        <h1>{t("staff-title")}</h1>
        <StaffNav current="staff-certifications"/>
        <Notice/>
        <nav class="chips-nav">
            {CERT_STATUSES.into_iter().map(|s| view! {
                <a href=format!("/moderation/certifications?status={s}") aria-current=(s == current).then_some("page")>{t(&format!("status-{s}"))}</a>
            }).collect_view()}
        </nav>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let records = match load.await {
                    Ok(records) => records,
                    Err(view) => return view,
                };
                let pages = records.pages();
                if records.items.is_empty() {
                    return view! { <p class="empty">{t("staff-certs-empty")}</p> }.into_any();
                }
                let back = status.clone();
                view! {
                    <table class="dense certs">
                        <thead><tr>
                            <th>{t("field-cooperative-id")}</th>
                            <th>{t("cert-kind")}</th>
                            <th>{t("field-number")}</th>
                            <th>{t("field-issuer")}</th>
                            <th>{t("cert-dates")}</th>
                            <th>{t("field-evidence")}</th>
                            <th>{t("staff-decisions")}</th>
                        </tr></thead>
                        <tbody>
                            {records.items.into_iter().map(|r| view! { <CertQueueRow record=r back=back.clone()/> }).collect_view()}
                        </tbody>
                    </table>
                    <Pager page=records.page pages=pages base="/moderation/certifications".to_owned() params=vec![("status", status)]/>
                }.into_any()
            })}
        </Suspense>
    }
    .into_any()
}

/// One certification in the staff queue, with its decisions.
#[component]
fn CertQueueRow(
    /// The certification.
    record: CertificationRecord,
    /// The queue's status filter, to come back to.
    back: String,
) -> impl IntoView {
    let id = record.id;
    let state = state_of(&format!("cert-{id}"));
    mark_failed(&state);
    let label = cert_label(record.kind, record.stars, record.name.as_deref());
    let grade = cert_grade(&record);
    let covers = record
        .product
        .as_ref()
        .map_or_else(|| t("cert-whole-cooperative"), |(_, title)| title.clone());
    let can_verify = record.status == CertificationStatus::Pending;
    let can_reject = record.status != CertificationStatus::Rejected;
    let action = format!("/moderation/certifications/{id}/decide");
    let reason = state
        .as_ref()
        .and_then(|s| s.values.get("reason").cloned())
        .unwrap_or_default();
    view! {
        <tr id=format!("cert-{id}")>
            <td><a href=format!("/moderation/cooperatives/{}", record.cooperative.id)>{record.cooperative.name.clone()}</a>
                <small>{covers}</small></td>
            <td><strong>{label}</strong>{grade.map(|g| view! { <small>{g}</small> })}
                {record.review_note.clone().map(|n| view! { <small class="reason-line">{t("application-reason")} " " {n}</small> })}</td>
            <td>{record.number.clone().unwrap_or_default()}</td>
            <td>{record.issuer.clone().unwrap_or_default()}</td>
            <td>{cert_dates(&record)}{record.expired.then(|| view! { " " <span class="flag flag-danger">{t("cert-expired")}</span> })}
                <small>{t("staff-submitted")} " " {when(record.created_at)}</small></td>
            <td>{record.evidence_filename.clone().map(|f| view! {
                <a href=format!("/api/v1/certifications/{id}/evidence") target="_blank" rel="noopener">{f}</a>
            })}</td>
            <td class="decisions">
                <ErrorSummary state=state.clone()/>
                {can_verify.then(|| view! {
                    <form method="post" action=action.clone() class="action-form">
                        <Csrf/>
                        <input type="hidden" name="action" value="verify"/>
                        <input type="hidden" name="status" value=back.clone()/>
                        <label class="check"><input type="checkbox" name="confirm" value="yes" required=true/> " " {t("cert-verify-confirm")}</label>
                        <button type="submit" class="button small">{t("cert-verify")}</button>
                    </form>
                })}
                {can_reject.then(|| view! {
                    <form method="post" action=action.clone() class="action-form">
                        <Csrf/>
                        <input type="hidden" name="action" value="reject"/>
                        <input type="hidden" name="status" value=back.clone()/>
                        <input type="hidden" name="confirm" value="yes"/>
                        <label for=format!("reason-{id}") class="visually-hidden">{t("field-reason")}</label>
                        <input id=format!("reason-{id}") name="reason" value=reason.clone() required=true placeholder=t("field-reason")/>
                        <button type="submit" class="button small danger">{t("cert-reject")}</button>
                    </form>
                })}
                {record.status.as_str().ne("pending").then(|| view! { <StatusBadge status=record.status.as_str().to_owned()/> })}
            </td>
        </tr>
    }
}
