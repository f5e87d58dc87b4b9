//! A cooperative's figures from its seller page (report a year) and union
//! staff's decisions on them. Each reads the form, calls one function of
//! the catalogue, and redirects or shows the page again with what is
//! wrong.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use catalog::figures::{FiguresDecision, FiguresInput};
use chrono::NaiveDate;
use frontend::forms::FormState;
use kernel::{CooperativeId, FieldErrors, problem};
use uuid::Uuid;

use super::{Shop, Values, see_other, sign_in, text, whole_number};
use crate::auth::Viewer;
use crate::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/seller/cooperatives/{id}/figures", web::post().to(report))
        .route("/moderation/figures/{id}/review", web::post().to(review));
}

/// A year's figures as the form sent them, the year, and what could not be
/// read.
fn figures_input(values: &Values) -> (Option<i32>, FiguresInput, FieldErrors) {
    let mut errors = FieldErrors::new();
    let mut number = |name: &str, required: bool| -> Option<i64> {
        match whole_number(&text(values, name)) {
            Ok(Some(n)) => Some(n),
            Ok(None) => {
                if required {
                    errors.add(name, problem::required());
                }
                None
            }
            Err(()) => {
                errors.add(name, problem::not_a_whole_number());
                None
            }
        }
    };
    let year = number("year", true).and_then(|y| i32::try_from(y).ok());
    let input = FiguresInput {
        members: number("members", true).unwrap_or(0),
        members_women: number("members_women", true).unwrap_or(0),
        members_ethnic_minority: number("members_ethnic_minority", true).unwrap_or(0),
        workers_regular: number("workers_regular", true).unwrap_or(0),
        workers_seasonal: number("workers_seasonal", true).unwrap_or(0),
        average_monthly_income_vnd: number("average_monthly_income_vnd", true).unwrap_or(0),
        founded_year: number("founded_year", false),
        reported_on: None,
    };
    let typed = text(values, "reported_on");
    let reported_on = match typed.trim() {
        "" => None,
        day => NaiveDate::parse_from_str(day, "%Y-%m-%d")
            .map_err(|_| errors.add("reported_on", problem::not_a_date()))
            .ok(),
    };
    (
        year,
        FiguresInput {
            reported_on,
            ..input
        },
        errors,
    )
}

async fn report(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<CooperativeId>,
    form: web::Form<Values>,
) -> HttpResponse {
    let coop = path.into_inner();
    let page = format!("/seller/cooperatives/{coop}/figures");
    let Some(actor) = viewer.0.actor else {
        return sign_in(&page);
    };
    let values = form.into_inner();
    let (year, input, unreadable) = figures_input(&values);
    let Some(year) = year.filter(|_| unreadable.is_empty()) else {
        let state = FormState::failed("figures", values, unreadable, None);
        return shop
            .again_at(req, &page, state, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    };
    match state
        .catalog
        .report_figures(&actor, coop, year, &input)
        .await
    {
        Ok(_) => see_other(&format!("{page}?notice=figures-sent")),
        Err(err) => shop.refused(req, &page, "figures", values, &err).await,
    }
}

async fn review(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<Uuid>,
    form: web::Form<Values>,
) -> HttpResponse {
    let id = path.into_inner();
    let page = "/moderation/figures";
    let Some(actor) = viewer.0.actor else {
        return sign_in(page);
    };
    let values = form.into_inner();
    let form_name = format!("figures-{id}");
    let note = text(&values, "note");
    let outcome = match FiguresDecision::parse(&text(&values, "decision"), Some(&note)) {
        Ok(decision) => state.catalog.review_figures(&actor, id, decision).await,
        Err(err) => Err(err),
    };
    match outcome {
        Ok(_) => see_other(&format!("{page}?notice=figures-decided")),
        Err(err) => shop.refused(req, page, &form_name, values, &err).await,
    }
}
