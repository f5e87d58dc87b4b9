//! Reviews in the shop: a listing's rating and reviews on its page (with
//! schema.org data and a report form each), the buyer's page for writing
//! the reviews of an order, the cooperative's list with its replies, and
//! union staff's queue of reported reviews.

use kernel::CooperativeId;
use leptos::prelude::*;
use orders::reviews::read::ListingReviews;
use orders::reviews::write::{OrderReviews, ReviewableLine};
use orders::reviews::{MAX_PICTURES, RatingSummary, ReviewView};
use uuid::Uuid;

use crate::components::{Pager, Title};
use crate::forms::{Csrf, ErrorSummary, Field, FormState, Notice, state_of, translate_problem};
use crate::i18n::{lang, t, t_with};
use crate::pages::listings::CoopTabs;
use crate::pages::moderation::StaffNav;
use crate::pages::{failure, mark_failed, page_request, param, query, services, signed_in, when};

/// `★★★★☆` for 4 stars, read out as "4 of 5 stars".
#[component]
pub fn Stars(
    /// Whole stars, 0 to 5.
    value: i64,
) -> impl IntoView {
    let value = value.clamp(0, 5);
    let shown: String = (0..5).map(|i| if i < value { '★' } else { '☆' }).collect();
    view! {
        <span class="rating-stars" role="img" aria-label=t_with("reviews-stars", &[("n", value.into())])>{shown}</span>
    }
}

/// A rating: its stars, average and count, and the reviews per star.
#[component]
pub fn RatingBox(
    /// The rating.
    summary: RatingSummary,
) -> impl IntoView {
    let Some(average) = summary.average else {
        return view! { <p class="empty">{t("reviews-none")}</p> }.into_any();
    };
    let count = summary.count.max(1);
    view! {
        <div class="rating-box">
            <p class="rating-big">
                <Stars value=average.round() as i64/> " "
                <strong>{format!("{average:.1}")}</strong> " · "
                {t_with("reviews-count", &[("count", summary.count.into())])}
            </p>
            <ul class="stars-spread" aria-label=t("reviews-spread")>
                {(1..=5).rev().map(|star| {
                    let n = summary.stars.get(star - 1).copied().unwrap_or(0);
                    let width = format!("width:{}%", n * 100 / count);
                    view! {
                        <li>
                            <span>{format!("{star} ★")}</span>
                            <span class="spread-bar" aria-hidden="true"><span style=width></span></span>
                            <span class="num">{n}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
    .into_any()
}

/// One review: stars, author, date, text, pictures and the reply.
#[component]
pub fn ReviewCard(
    /// The review.
    review: ReviewView,
) -> impl IntoView {
    let hidden = review.status == "hidden";
    view! {
        <article class="buyer-review" class:hidden=hidden id=format!("review-{}", review.id)>
            <header>
                <Stars value=i64::from(review.rating)/> " "
                <strong>{review.author_name.clone()}</strong> " · "
                <span class="verified">{t("reviews-verified")}</span> " · "
                <time datetime=review.created_at.to_rfc3339()>{when(review.created_at)}</time>
            </header>
            {hidden.then(|| view! {
                <p class="flag flag-danger">{t("reviews-hidden")} " "
                    {review.hidden_reason.clone().unwrap_or_default()}</p>
            })}
            <p class="review-body">{review.body.clone()}</p>
            {(!review.pictures.is_empty()).then(|| view! {
                <ul class="review-pictures">
                    {review.pictures.iter().map(|p| view! {
                        <li><a href=p.large_url.clone()>
                            <img src=p.small_url.clone() alt=t("reviews-picture") loading="lazy" width="160" height="120"/>
                        </a></li>
                    }).collect_view()}
                </ul>
            })}
            {review.reply.clone().map(|r| view! {
                <blockquote class="reply">
                    <strong>{t("reviews-reply-from")}</strong> " · " {when(r.replied_at)}
                    <p>{r.body}</p>
                </blockquote>
            })}
        </article>
    }
}

/// The schema.org data of a listing's rating and reviews, for search
/// engines (`</` escaped so the text cannot end the script).
fn structured_data(name: &str, data: &ListingReviews) -> Option<String> {
    let average = data.summary.average?;
    let reviews: Vec<serde_json::Value> = data
        .reviews
        .items
        .iter()
        .map(|r| {
            serde_json::json!({
                "@type": "Review",
                "author": {"@type": "Person", "name": r.author_name},
                "datePublished": r.created_at.date_naive().to_string(),
                "reviewBody": r.body,
                "reviewRating": {"@type": "Rating", "ratingValue": r.rating, "bestRating": 5},
            })
        })
        .collect();
    let json = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Product",
        "name": name,
        "aggregateRating": {
            "@type": "AggregateRating",
            "ratingValue": average,
            "reviewCount": data.summary.count,
            "bestRating": 5,
        },
        "review": reviews,
    });
    Some(json.to_string().replace("</", "<\\/"))
}

/// A listing's rating and reviews, newest first, each with a report form.
#[component]
pub fn ListingReviewsSection(
    /// The listing.
    product: Uuid,
    /// Its name, for the structured data.
    name: String,
    /// Its page, to come back to.
    here: String,
) -> impl IntoView {
    let page = query("reviews_page").parse().ok();
    let load = async move {
        let orders = services().map_err(failure)?.orders;
        let page = kernel::PageRequest::new(page, Some(10)).unwrap_or_default();
        orders.listing_reviews(product, page).await.map_err(failure)
    };
    view! {
        <section class="reviews" id="reviews" aria-labelledby="reviews-title">
            <h2 id="reviews-title">{t("reviews-title")}</h2>
            <Suspense fallback=|| ()>
                {Suspend::new(async move {
                    let data = match load.await {
                        Ok(data) => data,
                        Err(view) => return view,
                    };
                    let json = structured_data(&name, &data);
                    let pages = data.reviews.pages();
                    let current = data.reviews.page;
                    let here = here.clone();
                    view! {
                        {json.map(|json| view! { <script type="application/ld+json" inner_html=json></script> })}
                        <RatingBox summary=data.summary.clone()/>
                        <ol class="review-list">
                            {data.reviews.items.into_iter().map(|r| {
                                let id = r.id;
                                let state = state_of(&format!("report-{id}"));
                                view! {
                                    <li>
                                        <ReviewCard review=r/>
                                        <details class="report" open=state.is_some()>
                                            <summary>{t("reviews-report")}</summary>
                                            <ErrorSummary state=state.clone()/>
                                            <form method="post" action=format!("/reviews/{id}/report") class="form">
                                                <Csrf/>
                                                <input type="hidden" name="back" value=here.clone()/>
                                                <Field name="reason" id=format!("reason-{id}") kind="textarea" state=state.clone() required=true label=t("reviews-report-reason")/>
                                                <button type="submit" class="button small secondary">{t("reviews-report-send")}</button>
                                            </form>
                                        </details>
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                        {(pages > 1).then(|| view! {
                            <nav class="pager" aria-label=t("pager-label")>
                                {(current > 1).then(|| view! {
                                    <a href=format!("{here}?reviews_page={}#reviews", current - 1)>{t("pager-prev")}</a>
                                })}
                                " " {t_with("pager-page", &[("page", current.into()), ("pages", pages.into())])} " "
                                {(current < pages).then(|| view! {
                                    <a href=format!("{here}?reviews_page={}#reviews", current + 1)>{t("pager-next")}</a>
                                })}
                            </nav>
                        })}
                    }
                    .into_any()
                })}
            </Suspense>
        </section>
    }
}

/// `/orders/{id}/reviews`: the buyer reviews the lines of a delivered
/// order (a guest opens it with the link of the invitation e-mail).
#[component]
pub fn OrderReviewsPage() -> impl IntoView {
    let id = param("id");
    let actor = crate::session::actor();
    let tokens = crate::session::order_tokens();
    let load = async move {
        let orders = services().map_err(failure)?.orders;
        let id: Uuid = id
            .parse()
            .map_err(|_| failure(orders::Error::OrderNotFound))?;
        let proof = orders::BuyerProof::new(actor.as_ref(), &tokens);
        orders.order_reviews(&proof, id).await.map_err(failure)
    };
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let order = match load.await {
                    Ok(order) => order,
                    Err(view) => return view,
                };
                view! {
                    <Title text=format!("{} {} · {}", t("reviews-order-title"), order.number, t("site-name"))/>
                    <nav class="breadcrumbs">
                        <a href=format!("/orders/{}", order.order_id)>{order.number.clone()}</a>
                        " › " <span aria-current="page">{t("reviews-order-title")}</span>
                    </nav>
                    <h1>{t("reviews-order-title")} " " <span class="order-number">{order.number.clone()}</span></h1>
                    <Notice/>
                    <p class="hint">{t(if order.open { "reviews-order-lead" } else { "reviews-after-delivery" })}</p>
                    {order.lines.iter().cloned().map(|line| view! { <LineReview order=order.clone() line=line/> }).collect_view()}
                }
                .into_any()
            })}
        </Suspense>
    }
}

/// One line of an order: its review, or the form to write it.
#[component]
fn LineReview(order: OrderReviews, line: ReviewableLine) -> impl IntoView {
    let item = line.order_item_id;
    let state = state_of(&format!("review-{item}"));
    mark_failed(&state);
    let title = line.title.get(lang()).to_owned();
    let body = match (line.review, order.open) {
        (Some(review), _) => view! { <ReviewCard review=review/> }.into_any(),
        (None, true) => {
            view! { <ReviewForm order=order.order_id item=item state=state/> }.into_any()
        }
        (None, false) => ().into_any(),
    };
    view! {
        <section class="panel line-review" id=format!("line-{item}")>
            <h2>{title}</h2>
            {body}
        </section>
    }
}

/// The form of one review: stars, text, pictures.
#[component]
fn ReviewForm(order: Uuid, item: Uuid, state: Option<FormState>) -> impl IntoView {
    let chosen = state
        .as_ref()
        .and_then(|s| s.values.get("rating").cloned())
        .unwrap_or_default();
    let problems = |field: &str| -> Vec<String> {
        state
            .as_ref()
            .and_then(|s| s.errors.get(field))
            .map(|found| found.iter().map(translate_problem).collect())
            .unwrap_or_default()
    };
    let rating_problems = problems("rating");
    let rating_wrong = !rating_problems.is_empty();
    let picture_problems = problems("pictures");
    view! {
        <ErrorSummary state=state.clone()/>
        <form method="post" action=format!("/orders/{order}/reviews/{item}") enctype="multipart/form-data" class="form">
            <Csrf/>
            <fieldset class="field stars-field" id=format!("rating-{item}") aria-invalid=rating_wrong.then_some("true")>
                <legend>{t("field-rating")}</legend>
                {(1..=5).rev().map(|n| {
                    let value = n.to_string();
                    let checked = chosen == value;
                    view! {
                        <label class="check star-choice">
                            <input type="radio" name="rating" value=value required=true checked=checked/>
                            " " <Stars value=n/>
                        </label>
                    }
                }).collect_view()}
                {rating_problems.into_iter().map(|p| view! { <p class="field-error">{p}</p> }).collect_view()}
            </fieldset>
            <Field name="body" id=format!("body-{item}") kind="textarea" state=state.clone() required=true label=t("field-review-body")/>
            <div class="field">
                <label for=format!("pictures-{item}")>{t_with("field-review-pictures", &[("max", (MAX_PICTURES as i64).into())])}</label>
                <input id=format!("pictures-{item}") type="file" name="pictures" multiple=true accept="image/jpeg,image/png,image/webp"/>
                {picture_problems.into_iter().map(|p| view! { <p class="field-error">{p}</p> }).collect_view()}
            </div>
            <button type="submit" class="button">{t("reviews-send")}</button>
        </form>
    }
}

/// `/seller/cooperatives/{id}/reviews`: the reviews of the cooperative's
/// sales, with its replies.
#[component]
pub fn SellerReviewsPage() -> impl IntoView {
    let Some(actor) = signed_in() else {
        return ().into_any();
    };
    let id: Option<CooperativeId> = param("id").parse().ok();
    let page = page_request();
    let load = async move {
        let orders = services().map_err(failure)?.orders;
        let id = id.ok_or_else(|| failure(orders::Error::CooperativeNotFound))?;
        let rating = orders.cooperative_rating(id.0).await.map_err(failure)?;
        let reviews = orders
            .cooperative_reviews(&actor, id, page)
            .await
            .map_err(failure)?;
        Ok::<_, AnyView>((id, rating, reviews))
    };
    view! {
        <Title text=format!("{} · {}", t("seller-tab-reviews"), t("site-name"))/>
        <h1>{t("seller-tab-reviews")}</h1>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (id, rating, reviews) = match load.await {
                    Ok(data) => data,
                    Err(view) => return view,
                };
                let pages = reviews.pages();
                view! {
                    <CoopTabs id=id current="seller-tab-reviews"/>
                    <Notice/>
                    <RatingBox summary=rating/>
                    {reviews.items.is_empty().then(|| view! { <p class="empty">{t("reviews-none")}</p> })}
                    <ol class="review-list">
                        {reviews.items.into_iter().map(|r| {
                            let review = r.id;
                            let state = state_of(&format!("reply-{review}"));
                            let current = r.reply.as_ref().map(|reply| reply.body.clone());
                            view! {
                                <li>
                                    <ReviewCard review=r/>
                                    <ErrorSummary state=state.clone()/>
                                    <form method="post" action=format!("/seller/cooperatives/{id}/reviews/{review}/reply") class="form">
                                        <Csrf/>
                                        <Field name="body" id=format!("reply-{review}") kind="textarea" state=state.clone() value=current.unwrap_or_default() required=true label=t("field-reply")/>
                                        <button type="submit" class="button small">{t("reviews-reply-send")}</button>
                                    </form>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                    <Pager page=reviews.page pages=pages base=format!("/seller/cooperatives/{id}/reviews") params=vec![]/>
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}

/// `/moderation/reviews`: reported reviews, each hidden with a reason or
/// kept.
#[component]
pub fn ReviewQueuePage() -> impl IntoView {
    let Some(actor) = signed_in() else {
        return ().into_any();
    };
    let page = page_request();
    let load = async move {
        let orders = services().map_err(failure)?.orders;
        let reviews = orders
            .reported_reviews(&actor, page)
            .await
            .map_err(failure)?;
        let ids: Vec<Uuid> = reviews.items.iter().map(|r| r.id).collect();
        let mut open = orders.open_reports(&actor, &ids).await.map_err(failure)?;
        let reports: Vec<Vec<String>> = ids
            .iter()
            .map(|id| open.remove(id).unwrap_or_default())
            .collect();
        Ok::<_, AnyView>((reviews, reports))
    };
    view! {
        <Title text=format!("{} · {}", t("staff-reviews"), t("site-name"))/>
        <h1>{t("staff-title")}</h1>
        <StaffNav current="staff-reviews"/>
        <Notice/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (reviews, reports) = match load.await {
                    Ok(data) => data,
                    Err(view) => return view,
                };
                if reviews.items.is_empty() {
                    return view! { <p class="empty">{t("staff-reviews-empty")}</p> }.into_any();
                }
                let pages = reviews.pages();
                view! {
                    <ol class="review-list">
                        {reviews.items.into_iter().zip(reports).map(|(r, reasons)| {
                            let id = r.id;
                            let state = state_of(&format!("decide-{id}"));
                            view! {
                                <li class="panel">
                                    <ReviewCard review=r/>
                                    <h3>{t("staff-reviews-reports")}</h3>
                                    <ul>{reasons.into_iter().map(|reason| view! { <li>{reason}</li> }).collect_view()}</ul>
                                    <ErrorSummary state=state.clone()/>
                                    <form method="post" action=format!("/moderation/reviews/{id}/decide") class="form">
                                        <Csrf/>
                                        <input type="hidden" name="action" value="hide"/>
                                        <Field name="reason" id=format!("hide-{id}") kind="text" state=state.clone() required=true label=t("field-hide-reason")/>
                                        <button type="submit" class="button small danger">{t("staff-reviews-hide")}</button>
                                    </form>
                                    <form method="post" action=format!("/moderation/reviews/{id}/decide") class="action-form">
                                        <Csrf/>
                                        <input type="hidden" name="action" value="keep"/>
                                        <button type="submit" class="button small secondary">{t("staff-reviews-keep")}</button>
                                    </form>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                    <Pager page=reviews.page pages=pages base="/moderation/reviews".to_owned() params=vec![]/>
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}
