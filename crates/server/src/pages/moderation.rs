//! The Cooperative Union's decisions, the exchange rates it sets and the
//! outbox's retries.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use catalog::moderation::Decision;
use catalog::rates::RatesInput;
use frontend::forms::FormState;
use kernel::{CooperativeId, FieldErrors, problem};
use uuid::Uuid;

use super::{Shop, Values, see_other};
use crate::auth::Viewer;
use crate::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/moderation/cooperatives/{id}/decide",
        web::post().to(decide),
    )
    .route("/moderation/exchange-rates", web::post().to(set_rates))
    .route("/moderation/outbox/{id}/retry", web::post().to(retry));
}

async fn set_rates(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    form: web::Form<Values>,
) -> HttpResponse {
    const PAGE: &str = "/moderation/exchange-rates";
    let Some(actor) = viewer.0.actor else {
        return see_other(&format!("/account/login?next={PAGE}"));
    };
    let values = form.into_inner();
    let field = |name: &str| values.get(name).cloned().unwrap_or_default();
    let input = RatesInput {
        usd: field("usd"),
        jpy: field("jpy"),
        cny: field("cny"),
    };
    match state.catalog.set_exchange_rates(&actor, &input).await {
        Ok(_) => see_other(&format!("{PAGE}?notice=rates-saved")),
        Err(err) => shop.refused(req, PAGE, "rates", values, &err).await,
    }
}

async fn decide(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<CooperativeId>,
    form: web::Form<Values>,
) -> HttpResponse {
    let id = path.into_inner();
    let Some(actor) = viewer.0.actor else {
        return see_other(&format!(
            "/account/login?next=/moderation/cooperatives/{id}"
        ));
    };
    // a failed decision shows the review page it was made on
    let page = format!("/moderation/cooperatives/{id}");
    let values = form.into_inner();
    let action = values.get("action").cloned().unwrap_or_default();
    let form_name = format!("decide-{action}");
    if values.get("confirm").map(String::as_str) != Some("yes") {
        let errors = FieldErrors::single("confirm", problem::required());
        let state = FormState::failed(&form_name, values, errors, None);
        return shop
            .again_at(req, &page, state, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    }
    let decision = match Decision::parse(&action, values.get("reason").map(String::as_str)) {
        Ok(decision) => decision,
        Err(err) => {
            return shop.refused(req, &page, &form_name, values, &err).await;
        }
    };
    match state.catalog.decide(&actor, id, decision).await {
        Ok(_) => see_other(&format!("{page}?notice=decided")),
        Err(err) => shop.refused(req, &page, &form_name, values, &err).await,
    }
}

async fn retry(state: web::Data<AppState>, viewer: Viewer, path: web::Path<Uuid>) -> HttpResponse {
    let Some(actor) = viewer.0.actor else {
        return see_other("/account/login?next=/moderation/outbox");
    };
    match state.catalog.retry_job(&actor, path.into_inner()).await {
        Ok(()) => see_other("/moderation/outbox?status=failed&notice=job-retried"),
        Err(_) => see_other("/moderation/outbox?status=failed&notice=try-again"),
    }
}
