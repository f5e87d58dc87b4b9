//! The cooperative's calendar as HTML forms: marking a booking arrived,
//! no-show or completed, closing a date (its bookings move to another),
//! adding sessions, and an experience's terms (making a listing one).
//! Each calls one domain function, then goes back to
//! the calendar with a notice, or shows it again with the problems beside
//! the fields and the values kept.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use catalog::experiences::{ExperienceInput, LANGUAGES, ScheduleInput, check_experience};
use frontend::forms::FormState;
use kernel::{FieldErrors, ProductId, problem};
use orders::bookings::CloseInput;
use orders::bookings::day::AttendanceInput;
use uuid::Uuid;

use super::{Shop, Values, see_other, sign_in, text, whole_number, with_notice};
use crate::auth::Viewer;
use crate::state::AppState;

/// The routes of this module.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/seller/bookings/{item}/attendance",
        web::post().to(attendance),
    )
    .route(
        "/seller/orders/{id}/balance-collected",
        web::post().to(collect_balance),
    )
    .route("/seller/sessions/{id}/close", web::post().to(close))
    .route(
        "/seller/cooperatives/{id}/sessions",
        web::post().to(add_sessions),
    )
    .route(
        "/seller/cooperatives/{id}/experience",
        web::post().to(experience_terms),
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
            shop.refused(req, &page, &format!("attendance-{item}"), values, &err)
                .await
        }
    }
}

/// The cooperative collected an order's balance on arrival: back to the
/// calendar (or the order's page) at the booking.
async fn collect_balance(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<Uuid>,
    form: web::Form<Values>,
) -> HttpResponse {
    let order = path.into_inner();
    let values = form.into_inner();
    let page = calendar_page(&values, &format!("/seller/orders/{order}"));
    let Some(actor) = viewer.0.actor else {
        return sign_in(&page);
    };
    let anchor = text(&values, "item")
        .parse::<Uuid>()
        .map(|item| format!("#booking-{item}"))
        .unwrap_or_default();
    match state.orders.collect_balance(&actor, order).await {
        Ok(_) => see_other(&format!(
            "{}{anchor}",
            with_notice(&page, "balance-collected")
        )),
        Err(err) => {
            shop.refused(req, &page, &format!("balance-{order}"), values, &err)
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
        Err(err) => shop.refused(req, &page, &form_name, values, &err).await,
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
        Err(err) => shop.refused(req, &page, "sessions", values, &err).await,
    }
}

/// A whole number the terms form needs, within `min..=max`; its problem
/// is filed under `name` (and 0 answered) when left empty or not a number.
fn needed_number(values: &Values, name: &str, min: i64, max: i64, errors: &mut FieldErrors) -> i32 {
    match whole_number(&text(values, name)) {
        Ok(Some(n)) => i32::try_from(n).unwrap_or_else(|_| {
            errors.add(name, problem::whole_number_between(min, max));
            0
        }),
        Ok(None) => {
            errors.add(name, problem::required());
            0
        }
        Err(()) => {
            errors.add(name, problem::whole_number_between(min, max));
            0
        }
    }
}

/// An experience's terms as typed, with the problems of the numbers that
/// are left empty or are not numbers (the domain checks the rest). The
/// language boxes have names of their own: `language_vi`, `language_en`…
fn terms_input(values: &Values) -> (ExperienceInput, FieldErrors) {
    let mut errors = FieldErrors::new();
    let ticked = |name: &str| values.get(name).is_some_and(|v| !v.trim().is_empty());
    let child_price_vnd = match whole_number(&text(values, "child_price_vnd")) {
        Ok(price) => price,
        Err(()) => {
            errors.add("child_price_vnd", problem::number_between(0, 1_000_000_000));
            None
        }
    };
    let (low, high) = catalog::experiences::DEPOSIT_PERCENT;
    let deposit_percent = match whole_number(&text(values, "deposit_percent")) {
        Ok(percent) => percent.map(|p| i32::try_from(p).unwrap_or(i32::MAX)),
        Err(()) => {
            errors.add("deposit_percent", problem::whole_number_between(low, high));
            None
        }
    };
    let input = ExperienceInput {
        minutes: needed_number(values, "minutes", 30, 10_080, &mut errors),
        meeting_point: text(values, "meeting_point"),
        map_url: text(values, "map_url"),
        languages: LANGUAGES
            .iter()
            .filter(|code| ticked(format!("language_{code}").as_str()))
            .map(|code| (*code).to_owned())
            .collect(),
        included: text(values, "included"),
        min_people: needed_number(values, "min_people", 1, 50, &mut errors),
        max_people: needed_number(values, "max_people", 1, 50, &mut errors),
        per_group: ticked("per_group"),
        child_price_vnd,
        free_cancel_days: needed_number(values, "free_cancel_days", 0, 60, &mut errors),
        late_refund_percent: needed_number(values, "late_refund_percent", 0, 100, &mut errors),
        deposit_percent,
    };
    (input, errors)
}

async fn experience_terms(
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
    let product = text(&values, "product_id").trim().parse::<Uuid>().ok();
    // the calendar with the listing's terms, to see them again
    let page = match product {
        Some(product) => format!("{calendar}?terms={product}"),
        None => calendar,
    };
    let Some(actor) = viewer.0.actor else {
        return sign_in(&page);
    };
    let (input, mut errors) = terms_input(&values);
    if product.is_none() {
        errors.add("product_id", problem::required());
    }
    let (Some(product), true) = (product, errors.is_empty()) else {
        // every problem at once: the domain's of the other fields too
        if let Err(catalog::Error::Invalid(fields)) = check_experience(&input) {
            for (field, problems) in fields.iter() {
                if errors.get(field).is_none() {
                    for problem in problems {
                        errors.add(field, problem.clone());
                    }
                }
            }
        }
        let failed = FormState::failed("terms", values, errors, None);
        return shop
            .again_at(req, &page, failed, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    };
    match state
        .catalog
        .set_experience(&actor, ProductId(product), &input)
        .await
    {
        Ok(_) => see_other(&format!(
            "{}#experience-terms",
            with_notice(&page, "experience-saved")
        )),
        Err(err) => shop.refused(req, &page, "terms", values, &err).await,
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

    #[test]
    fn the_terms_form_reads_its_boxes_and_names_the_numbers_it_cannot_read() {
        let (input, errors) = terms_input(&values(&[
            ("minutes", "150"),
            ("meeting_point", "Nhà cộng đồng"),
            ("language_vi", "yes"),
            ("language_ja", "yes"),
            ("included", "Trà"),
            ("min_people", "2"),
            ("max_people", "mười"),
            ("child_price_vnd", "300.000"),
            ("free_cancel_days", ""),
            ("late_refund_percent", "50"),
            ("deposit_percent", "30"),
        ]));
        assert_eq!(input.minutes, 150);
        assert_eq!(input.deposit_percent, Some(30));
        assert_eq!(input.languages, vec!["vi".to_owned(), "ja".to_owned()]);
        assert!(!input.per_group);
        assert_eq!(input.child_price_vnd, Some(300_000));
        assert_eq!(input.late_refund_percent, 50);
        assert_eq!(errors.codes("max_people"), vec!["whole_number_between"]);
        assert_eq!(errors.codes("free_cancel_days"), vec!["required"]);
        assert!(errors.get("minutes").is_none());
        let (input, errors) = terms_input(&values(&[("child_price_vnd", "")]));
        assert_eq!(input.child_price_vnd, None);
        assert!(errors.get("child_price_vnd").is_none());
        // no deposit is a choice; a deposit that is not a number is a problem
        assert_eq!(input.deposit_percent, None);
        assert!(errors.get("deposit_percent").is_none());
        let (_, errors) = terms_input(&values(&[("deposit_percent", "ba mươi")]));
        assert_eq!(
            errors.codes("deposit_percent"),
            vec!["whole_number_between"]
        );
    }
}
