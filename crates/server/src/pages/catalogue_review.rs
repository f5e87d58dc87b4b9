//! The Cooperative Union's decisions about listings and certifications.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use catalog::certifications::CertificationDecision;
use catalog::listings::ListingDecision;
use frontend::forms::FormState;
use kernel::{CertificationId, FieldErrors, ProductId, problem};

use super::{Shop, Values, see_other};
use crate::auth::Viewer;
use crate::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/moderation/products/{id}/decide",
        web::post().to(decide_listing),
    )
    .route(
        "/moderation/certifications/{id}/decide",
        web::post().to(decide_certification),
    );
}

async fn decide_listing(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<ProductId>,
    form: web::Form<Values>,
) -> HttpResponse {
    let id = path.into_inner();
    let page = format!("/moderation/products/{id}");
    let Some(actor) = viewer.0.actor else {
        return see_other(&format!("/account/login?next={page}"));
    };
    let values = form.into_inner();
    let action = match values.get("action").map(String::as_str) {
        Some(action @ ("approve" | "reject" | "take_down")) => action.to_owned(),
        _ => "approve".to_owned(),
    };
    let form_name = format!("listing-{action}");
    if values.get("confirm").map(String::as_str) != Some("yes") {
        let errors = FieldErrors::single("confirm", problem::required());
        let state = FormState::failed(&form_name, values, errors, None);
        return shop
            .again_at(req, &page, state, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    }
    let decision = match ListingDecision::parse(&action, values.get("reason").map(String::as_str)) {
        Ok(decision) => decision,
        Err(err) => {
            return shop.refused(req, &page, &form_name, values, &err).await;
        }
    };
    match state.catalog.decide_listing(&actor, id, decision).await {
        Ok(_) => see_other(&format!("{page}?notice=listing-decided")),
        Err(err) => shop.refused(req, &page, &form_name, values, &err).await,
    }
}

async fn decide_certification(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<CertificationId>,
    form: web::Form<Values>,
) -> HttpResponse {
    let id = path.into_inner();
    let values = form.into_inner();
    let back = values
        .get("status")
        .map(String::as_str)
        .filter(|s| matches!(*s, "pending" | "verified" | "rejected"))
        .unwrap_or("pending");
    let page = format!("/moderation/certifications?status={back}");
    let Some(actor) = viewer.0.actor else {
        return see_other(&frontend::format::link(
            "/account/login",
            &[("next", page.as_str())],
        ));
    };
    let form_name = format!("cert-{id}");
    if values.get("confirm").map(String::as_str) != Some("yes") {
        let errors = FieldErrors::single("confirm", problem::required());
        let state = FormState::failed(&form_name, values, errors, None);
        return shop
            .again_at(req, &page, state, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    }
    let action = values.get("action").cloned().unwrap_or_default();
    let decision =
        match CertificationDecision::parse(&action, values.get("reason").map(String::as_str)) {
            Ok(decision) => decision,
            Err(err) => {
                return shop.refused(req, &page, &form_name, values, &err).await;
            }
        };
    match state
        .catalog
        .decide_certification(&actor, id, decision)
        .await
    {
        Ok(_) => see_other(&format!("{page}&notice=certification-decided")),
        Err(err) => shop.refused(req, &page, &form_name, values, &err).await,
    }
}
