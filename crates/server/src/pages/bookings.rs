//! The cooperative's calendar as HTML forms: marking a booking arrived,
//! no-show or completed, closing a date (its bookings move to another),
//! and adding sessions. Each calls one domain function, then goes back to
//! the calendar with a notice, or shows it again with the problems beside
//! the fields and the values kept.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use catalog::experiences::ScheduleInput;
use frontend::forms::FormState;
use kernel::{FieldErrors, ProductId, problem};
use orders::bookings::CloseInput;
use orders::bookings::day::AttendanceInput;
use uuid::Uuid;

use super::{Shop, Values, failed, form_status, see_other, sign_in, text, whole_number};
use crate::auth::Viewer;
use crate::state::AppState;

/// The routes of this module.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/seller/bookings/{item}/attendance",
        web::post().to(attendance),
    )
    .route("/seller/sessions/{id}/close", web::post().to(close))
    .route(
        "/seller/cooperatives/{id}/sessions",
        web::post().to(add_sessions),
    );
}

/// The calendar page a form came from (`return`): only a cooperative's
/// calendar, with its `?from=`; else `fallback`.
fn calendar_page(values: &Values, fallback: &str) -> String {
    values
        .get("return")
        .filter(|p| {
            let path = p.split('?').next().unwrap_or_default();
            path.starts_with("/seller/cooperatives/")
                && path.ends_with("/bookings")
                && !p.contains("//")
                && !p.contains('\\')
                && !p.contains("..")
                && !p.contains(['#', '&'])
        })
        .cloned()
        .unwrap_or_else(|| fallback.to_owned())
}

/// `page` with `?notice=` (or `&notice=` after its own query).
fn with_notice(page: &str, notice: &str) -> String {
    let joint = if page.contains('?') { '&' } else { '?' };
    format!("{page}{joint}notice={notice}")
}

async fn attendance(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<Uuid>,
    form: web::Form<Values>,
) -> HttpResponse {
    let item = path.into_inner();
    let values = form.into_inner();
    let page = calendar_page(&values, "/seller");
    let Some(actor) = viewer.0.actor else {
        return sign_in(&page);
    };
    let input = AttendanceInput {
        status: text(&values, "status"),
    };
    match state.orders.mark_booking(&actor, item, &input).await {
        Ok(_) => see_other(&format!(
            "{}#booking-{item}",
            with_notice(&page, "booking-marked")
        )),
        Err(err) => {
            let status = form_status(&err);
            shop.again_at(
                req,
                &page,
                failed(&format!("attendance-{item}"), values, &err),
                status,
            )
            .await
        }
    }
}

async fn close(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<Uuid>,
    form: web::Form<Values>,
) -> HttpResponse {
    let id = path.into_inner();
    let values = form.into_inner();
    let page = calendar_page(&values, "/seller");
    let Some(actor) = viewer.0.actor else {
        return sign_in(&page);
    };
    let form_name = format!("close-{id}");
    let move_to = match text(&values, "move_to").trim() {
        "" => None,
        typed => match typed.parse::<Uuid>() {
            Ok(target) => Some(target),
            Err(_) => {
                let errors = FieldErrors::single("move_to", problem::not_a_later_session());
                let failed = FormState::failed(&form_name, values, errors, None);
                return shop
                    .again_at(req, &page, failed, StatusCode::UNPROCESSABLE_ENTITY)
                    .await;
            }
        },
    };
    let input = CloseInput {
        reason: text(&values, "reason"),
        move_to,
    };
    match state.orders.close_session(&actor, id, &input).await {
        Ok(closed) => {
            let notice = if closed.moved > 0 {
                "session-closed-moved"
            } else {
                "session-closed"
            };
            see_other(&format!("{}#session-{id}", with_notice(&page, notice)))
        }
        Err(err) => {
            let status = form_status(&err);
            shop.again_at(req, &page, failed(&form_name, values, &err), status)
                .await
        }
    }
}

async fn add_sessions(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<Uuid>,
    form: web::Form<Values>,
) -> HttpResponse {
    let coop = path.into_inner();
    let calendar = format!("/seller/cooperatives/{coop}/bookings");
    let values = form.into_inner();
    let page = calendar_page(&values, &calendar);
    let Some(actor) = viewer.0.actor else {
        return sign_in(&page);
    };
    let mut errors = FieldErrors::new();
    let product = text(&values, "product_id").trim().parse::<Uuid>().ok();
    if product.is_none() {
        errors.add("product_id", problem::required());
    }
    let capacity = match whole_number(&text(&values, "capacity")) {
        Ok(n) => n.and_then(|n| i32::try_from(n).ok()).unwrap_or(0),
        Err(()) => {
            errors.add("capacity", problem::whole_number_between(1, 500));
            0
        }
    };
    let (Some(product), true) = (product, errors.is_empty()) else {
        let failed = FormState::failed("sessions", values, errors, None);
        return shop
            .again_at(req, &page, failed, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    };
    // the weekday boxes have names of their own: `weekday_1` (Monday) to
    // `weekday_7` (Sunday)
    let weekdays: Vec<u32> = (1..=7u32)
        .filter(|d| {
            values
                .get(&format!("weekday_{d}"))
                .is_some_and(|v| !v.trim().is_empty())
        })
        .collect();
    let input = ScheduleInput {
        from: text(&values, "from"),
        to: text(&values, "to"),
        weekdays,
        times: vec![text(&values, "times")],
        capacity,
    };
    match state
        .catalog
        .add_sessions(&actor, ProductId(product), &input)
        .await
    {
        // to the calendar from the first date added, so they are seen
        Ok(added) => match added.first() {
            Some(first) => see_other(&format!(
                "{calendar}?from={}&notice=sessions-added",
                kernel::time::today_in_vietnam(first.starts_at)
            )),
            None => see_other(&with_notice(&page, "sessions-unchanged")),
        },
        Err(err) => {
            let status = form_status(&err);
            shop.again_at(req, &page, failed("sessions", values, &err), status)
                .await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(&str, &str)]) -> Values {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn calendar_forms_go_back_only_to_a_calendar() {
        let good =
            "/seller/cooperatives/0190a0a0-0000-7000-8000-000000000001/bookings?from=2026-12-20";
        assert_eq!(calendar_page(&values(&[("return", good)]), "/seller"), good);
        for bad in [
            "//evil.example/bookings",
            "https://evil.example/seller/cooperatives/x/bookings",
            "/seller/cooperatives/../account/bookings",
            "/seller/cooperatives/x/orders",
            "/seller/cooperatives/x/bookings?from=1&notice=x",
        ] {
            assert_eq!(
                calendar_page(&values(&[("return", bad)]), "/seller"),
                "/seller",
                "{bad}"
            );
        }
        assert_eq!(with_notice("/a", "b"), "/a?notice=b");
        assert_eq!(with_notice("/a?from=1", "b"), "/a?from=1&notice=b");
    }
}
