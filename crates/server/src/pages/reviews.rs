//! The shop's review forms: the buyer's review (multipart, with
//! pictures), anyone's report, the cooperative's reply and union staff's
//! decision. Each calls one domain function, then goes back to its page
//! with a notice, or shows the page again with the problems beside the
//! fields and the values kept.

use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, web};
use orders::reviews::{ReviewDecision, ReviewInput};
use uuid::Uuid;

use super::{Shop, Values, see_other, sign_in, text};
use crate::auth::Viewer;
use crate::multipart;
use crate::order_access;
use crate::routes::reviews::write::LIMITS;
use crate::state::AppState;

/// The routes of this module.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/orders/{id}/reviews/{item}", web::post().to(write_review))
        .route("/reviews/{id}/report", web::post().to(report))
        .route(
            "/seller/cooperatives/{coop}/reviews/{id}/reply",
            web::post().to(reply),
        )
        .route("/moderation/reviews/{id}/decide", web::post().to(decide));
}

async fn write_review(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<(Uuid, Uuid)>,
    payload: Multipart,
) -> HttpResponse {
    let (order, item) = path.into_inner();
    let page = format!("/orders/{order}/reviews");
    let form_name = format!("review-{item}");
    let tokens = order_access::tokens(&req);
    let proof = orders::BuyerProof::new(viewer.0.actor.as_ref(), &tokens);
    // refuse before reading megabytes the sender may not send
    if let Err(err) = state.orders.check_may_review(&proof, order).await {
        return shop
            .refused(req, &page, &form_name, Values::new(), &err)
            .await;
    }
    let form = match multipart::read(&req, payload, LIMITS).await {
        Ok(form) => form,
        Err(err) => {
            return shop
                .refused(req, &page, &form_name, Values::new(), &err)
                .await;
        }
    };
    let input = ReviewInput {
        rating: form.text("rating"),
        body: form.text("body"),
    };
    match state
        .orders
        .write_review(&proof, order, item, &input, form.files_of("pictures"))
        .await
    {
        Ok(_) => see_other(&format!("{page}?notice=review-written#line-{item}")),
        Err(err) => {
            shop.refused(req, &page, &form_name, form.fields, &err)
                .await
        }
    }
}

/// Where a report form may send its sender back to: a product page.
fn product_page(values: &Values) -> String {
    let back = text(values, "back");
    if back.starts_with("/products/") && !back.contains("//") && !back.contains(['?', '#']) {
        back
    } else {
        "/".to_owned()
    }
}

async fn report(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<Uuid>,
    form: web::Form<Values>,
) -> HttpResponse {
    let id = path.into_inner();
    let values = form.into_inner();
    let page = product_page(&values);
    match state
        .orders
        .report_review(viewer.0.actor.as_ref(), id, &text(&values, "reason"))
        .await
    {
        Ok(()) => see_other(&format!("{page}?notice=review-reported#review-{id}")),
        Err(err) => {
            shop.refused(req, &page, &format!("report-{id}"), values, &err)
                .await
        }
    }
}

async fn reply(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<(Uuid, Uuid)>,
    form: web::Form<Values>,
) -> HttpResponse {
    let (coop, id) = path.into_inner();
    let page = format!("/seller/cooperatives/{coop}/reviews");
    let Some(actor) = viewer.0.actor else {
        return sign_in(&page);
    };
    let values = form.into_inner();
    match state
        .orders
        .reply_to_review(&actor, id, &text(&values, "body"))
        .await
    {
        Ok(_) => see_other(&format!("{page}?notice=review-replied#review-{id}")),
        Err(err) => {
            shop.refused(req, &page, &format!("reply-{id}"), values, &err)
                .await
        }
    }
}

async fn decide(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<Uuid>,
    form: web::Form<Values>,
) -> HttpResponse {
    let id = path.into_inner();
    let page = "/moderation/reviews";
    let Some(actor) = viewer.0.actor else {
        return sign_in(page);
    };
    let values = form.into_inner();
    let decision = if text(&values, "action") == "keep" {
        ReviewDecision::Keep
    } else {
        ReviewDecision::Hide {
            reason: text(&values, "reason"),
        }
    };
    match state.orders.decide_review(&actor, id, &decision).await {
        Ok(_) => see_other(&format!("{page}?notice=review-decided")),
        Err(err) => {
            shop.refused(req, page, &format!("decide-{id}"), values, &err)
                .await
        }
    }
}
