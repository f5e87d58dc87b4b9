//! Money from the shop's forms: cash a cooperative collected for its own
//! cash-on-delivery order (`confirm_payment`), a refund, a cooperative's
//! payout account, union staff recording payouts, giving held money back,
//! and a bank statement sent to be matched.
//!
//! The forms that move money carry the page's idempotency key, so a second
//! press of the button (or a refresh of the answer) records once.
//!
//! The statement page answers the upload with its report rather than a
//! redirect: the report is what the staff member needs to act on (money to
//! give back, amounts that do not match) and there is nowhere to keep it
//! between requests. Sending the same file again changes nothing: every
//! line applied is remembered, and is reported as imported before.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};
use frontend::forms::{FormState, StatementOutcome, payout_amount_field};
use kernel::{CooperativeId, FieldErrors, Problem, problem};
use orders::money::{PayoutAccount, PayoutInput, PayoutLine, RefundInput, ReturnHeldInput};
use uuid::Uuid;

use super::{
    Shop, Values, confirmed, failed, form_status, idempotency_key, see_other, sign_in, text,
    whole_number,
};
use crate::auth::Viewer;
use crate::multipart::{self, Limits};
use crate::state::AppState;

/// A statement of a few months fits well within this.
const STATEMENT_LIMITS: Limits = Limits {
    max_file_bytes: 5 * 1024 * 1024,
    max_files: 1,
    max_field_bytes: 4 * 1024,
};

/// Registers the money forms' handlers.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/seller/orders/{id}/money-received",
        web::post().to(money_received),
    )
    .route("/seller/orders/{id}/refund", web::post().to(refund))
    .route(
        "/seller/cooperatives/{id}/ledger",
        web::post().to(payout_account),
    )
    .route("/moderation/payouts", web::post().to(record_payouts))
    .route(
        "/moderation/held-funds/{id}/refund",
        web::post().to(return_held),
    )
    .route(
        "/moderation/bank-statements",
        web::post().to(import_statement),
    );
}

/// Union staff give money held for a buyer back (one click, a note of how
/// it was sent optional).
async fn return_held(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<Uuid>,
    form: web::Form<Values>,
) -> HttpResponse {
    let id = path.into_inner();
    let page = "/moderation/refunds";
    let Some(actor) = viewer.0.actor else {
        return sign_in(page);
    };
    let values = form.into_inner();
    let form_name = format!("held-{id}");
    if !confirmed(&values) {
        let errors = FieldErrors::single("confirm", problem::required());
        let failed = FormState::failed(&form_name, values, errors, None);
        return shop
            .again_at(req, page, failed, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    }
    let input = ReturnHeldInput {
        note: Some(text(&values, "note")).filter(|n| !n.trim().is_empty()),
    };
    match Box::pin(state.orders.return_held(&actor, id, &input)).await {
        Ok(_) => see_other(&format!("{page}?notice=held-returned")),
        Err(err) => {
            let status = form_status(&err);
            let failed = failed(&form_name, values, &err);
            shop.again_at(req, page, failed, status).await
        }
    }
}

/// An amount of đồng as people type it (`350.000`, `350,000`, `350 000`,
/// `350000 ₫`); `None` when left empty.
fn dong(typed: &str) -> Result<Option<i64>, Problem> {
    let typed = typed
        .trim()
        .trim_end_matches(['₫', 'đ'])
        .trim_end_matches("VND");
    match whole_number(typed) {
        Ok(None) => Ok(None),
        Ok(Some(amount)) if (0..=MAX_DONG).contains(&amount) => Ok(Some(amount)),
        _ => Err(problem::not_a_whole_number()),
    }
}

/// The most đồng a form takes (15 digits).
const MAX_DONG: i64 = 999_999_999_999_999;

async fn money_received(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<Uuid>,
    form: web::Form<Values>,
) -> HttpResponse {
    let id = path.into_inner();
    let page = format!("/seller/orders/{id}");
    let Some(actor) = viewer.0.actor else {
        return sign_in(&page);
    };
    let values = form.into_inner();
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let payment = text(&values, "payment_id").trim().parse::<Uuid>().ok();
    let mut errors = FieldErrors::new();
    if !confirmed(&values) {
        errors.add("confirm", problem::required());
    }
    if payment.is_none() {
        errors.add("payment_id", problem::required());
    }
    let (Some(payment), true) = (payment, errors.is_empty()) else {
        let failed = FormState::failed("money-received", values, errors, None);
        return shop.again_at(req, &page, failed, unprocessable).await;
    };
    let result = state
        .orders
        .confirm_payment(&actor, payment, idempotency_key(&values).as_deref())
        .await;
    match result {
        Ok(_) => see_other(&format!("{page}?notice=payment-confirmed")),
        Err(err) => {
            let status = form_status(&err);
            let failed = failed("money-received", values, &err);
            shop.again_at(req, &page, failed, status).await
        }
    }
}

async fn refund(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<Uuid>,
    form: web::Form<Values>,
) -> HttpResponse {
    let id = path.into_inner();
    let page = format!("/seller/orders/{id}");
    let Some(actor) = viewer.0.actor else {
        return sign_in(&page);
    };
    let values = form.into_inner();
    let mut errors = FieldErrors::new();
    let amount = match dong(&text(&values, "amount_vnd")) {
        Ok(amount) => amount,
        Err(problem) => {
            errors.add("amount_vnd", problem);
            None
        }
    };
    if text(&values, "reason").trim().is_empty() {
        errors.add("reason", problem::refund_reason_missing());
    }
    if !confirmed(&values) {
        errors.add("confirm", problem::required());
    }
    if !errors.is_empty() {
        let failed = FormState::failed("refund", values, errors, None);
        return shop
            .again_at(req, &page, failed, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    }
    let input = RefundInput {
        amount_vnd: amount,
        reason: text(&values, "reason"),
    };
    // a refund's future is large (Stripe's client inside): on the heap
    let result = Box::pin(state.orders.refund(
        &actor,
        id,
        &input,
        idempotency_key(&values).as_deref(),
    ))
    .await;
    match result {
        Ok(_) => see_other(&format!("{page}?notice=refund-recorded#refunds")),
        Err(orders::Error::Provider(why)) => {
            // what Stripe said goes under the form's own words
            let failed = FormState::failed(
                "refund",
                values,
                FieldErrors::new(),
                Some(("payment_provider_refused".to_owned(), why)),
            );
            shop.again_at(req, &page, failed, StatusCode::CONFLICT)
                .await
        }
        Err(err) => {
            let status = form_status(&err);
            let failed = failed("refund", values, &err);
            shop.again_at(req, &page, failed, status).await
        }
    }
}

async fn payout_account(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<CooperativeId>,
    form: web::Form<Values>,
) -> HttpResponse {
    let coop = path.into_inner();
    let page = format!("/seller/cooperatives/{coop}/ledger");
    let Some(actor) = viewer.0.actor else {
        return sign_in(&page);
    };
    let values = form.into_inner();
    let input = PayoutAccount {
        bank_bin: text(&values, "bank_bin"),
        account: text(&values, "account"),
        account_name: text(&values, "account_name"),
    };
    match state.orders.set_payout_account(&actor, coop, &input).await {
        Ok(_) => see_other(&format!(
            "{page}?notice=payout-account-saved#payout-account"
        )),
        Err(err) => {
            shop.refused(req, &page, "payout-account", values, &err)
                .await
        }
    }
}

/// The payouts of the amounts form: the cooperatives whose amount was
/// filled in, in the order of the form, or the problems of the amounts.
fn chosen_payouts(values: &Values) -> Result<Vec<PayoutLine>, FieldErrors> {
    let mut lines = Vec::new();
    let mut errors = FieldErrors::new();
    for (name, typed) in values {
        let Some(id) = name
            .strip_prefix("amount-")
            .and_then(|id| id.parse::<Uuid>().ok())
        else {
            continue;
        };
        match dong(typed) {
            Ok(Some(amount_vnd)) => lines.push(PayoutLine {
                cooperative_id: id,
                amount_vnd,
            }),
            Ok(None) => {}
            Err(problem) => errors.add(payout_amount_field(id), problem),
        }
    }
    if lines.is_empty() && errors.is_empty() {
        errors.add("payouts", problem::payout_amounts_missing());
    }
    errors.into_result(lines)
}

/// The domain names a payout by its place in the list
/// (`payouts[2].amount_vnd`); the form names it by its cooperative.
fn by_cooperative(errors: &FieldErrors, lines: &[PayoutLine]) -> FieldErrors {
    let mut out = FieldErrors::new();
    for (field, problems) in errors.iter() {
        let line = field
            .strip_prefix("payouts[")
            .and_then(|rest| rest.split_once(']'))
            .and_then(|(n, _)| n.parse::<usize>().ok())
            .and_then(|n| lines.get(n));
        let name = match line {
            Some(line) => payout_amount_field(line.cooperative_id),
            None => field.to_owned(),
        };
        for problem in problems {
            out.add(name.clone(), problem.clone());
        }
    }
    out
}

async fn record_payouts(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    form: web::Form<Values>,
) -> HttpResponse {
    let page = "/moderation/payouts";
    let Some(actor) = viewer.0.actor else {
        return sign_in(page);
    };
    let values = form.into_inner();
    let all = text(&values, "form") == "all";
    let form_name = if all { "payout-all" } else { "payout-some" };
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let note = Some(text(&values, "note")).filter(|n| !n.trim().is_empty());
    let input = if all {
        if !confirmed(&values) {
            let errors = FieldErrors::single("confirm", problem::required());
            let failed = FormState::failed(form_name, values, errors, None);
            return shop.again_at(req, page, failed, unprocessable).await;
        }
        PayoutInput {
            payouts: Vec::new(),
            all_owed: true,
            note,
        }
    } else {
        match chosen_payouts(&values) {
            Ok(payouts) => PayoutInput {
                payouts,
                all_owed: false,
                note,
            },
            Err(errors) => {
                let failed = FormState::failed(form_name, values, errors, None);
                return shop.again_at(req, page, failed, unprocessable).await;
            }
        }
    };
    let result = state
        .orders
        .record_payouts(&actor, &input, idempotency_key(&values).as_deref())
        .await;
    match result {
        Ok(batch) => see_other(&format!(
            "{page}?notice=payouts-recorded#batch-{}",
            batch.id
        )),
        Err(orders::Error::Invalid(errors)) => {
            let errors = by_cooperative(&errors, &input.payouts);
            let failed = FormState::failed(form_name, values, errors, None);
            shop.again_at(req, page, failed, unprocessable).await
        }
        Err(err) => {
            let status = form_status(&err);
            let failed = failed(form_name, values, &err);
            shop.again_at(req, page, failed, status).await
        }
    }
}

async fn import_statement(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    payload: Multipart,
) -> HttpResponse {
    let page = "/moderation/bank-statements";
    let Some(actor) = viewer.0.actor else {
        return sign_in(page);
    };
    let form = match multipart::read(&req, payload, STATEMENT_LIMITS).await {
        Ok(form) => form,
        Err(err) => {
            return shop
                .refused(req, page, "statement", Values::new(), &err)
                .await;
        }
    };
    let values: Values = form.fields.clone();
    let apply = form.text("apply") == "yes";
    let Some(file) = form.files_of("file").into_iter().next() else {
        let errors = FieldErrors::single("file", problem::required());
        let failed = FormState::failed("statement", values, errors, None);
        return shop
            .again_at(req, page, failed, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    };
    match state
        .orders
        .import_statement(&actor, &file.bytes, apply)
        .await
    {
        Ok(report) => {
            req.extensions_mut().insert(StatementOutcome(report));
            shop.render_at(req, page).await
        }
        Err(err) => shop.refused(req, page, "statement", values, &err).await,
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
    fn amounts_are_read_the_way_people_write_dong() {
        assert_eq!(dong(""), Ok(None));
        assert_eq!(dong("  "), Ok(None));
        assert_eq!(dong("350.000"), Ok(Some(350_000)));
        assert_eq!(dong("350,000 ₫"), Ok(Some(350_000)));
        assert_eq!(dong("1 250 000đ"), Ok(Some(1_250_000)));
        assert_eq!(dong("12000 VND"), Ok(Some(12_000)));
        assert!(dong("-5").is_err());
        // a decimal point is not a thousands separator: not 125 đồng
        assert!(dong("12.5").is_err());
        assert!(dong("ba trăm").is_err());
        assert!(dong("9999999999999999").is_err());
    }

    #[test]
    fn payouts_left_empty_are_skipped_and_problems_come_back_to_their_cooperative() {
        let (a, b, c) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let form = values(&[
            (&format!("amount-{a}"), "100.000"),
            (&format!("amount-{b}"), ""),
            (&format!("amount-{c}"), "20000"),
            ("note", "tháng 11"),
        ]);
        let lines = chosen_payouts(&form).unwrap();
        assert_eq!(lines.len(), 2);
        let mut domain = FieldErrors::new();
        domain.add("payouts[1].amount_vnd", problem::payout_too_large(10_000));
        domain.add("payouts", problem::one_line_per_cooperative());
        let mapped = by_cooperative(&domain, &lines);
        let second = lines[1].cooperative_id;
        assert_eq!(
            mapped.codes(&payout_amount_field(second)),
            ["payout_too_large"]
        );
        assert_eq!(mapped.codes("payouts"), ["one_line_per_cooperative"]);

        let none = chosen_payouts(&values(&[(&format!("amount-{a}"), " ")])).unwrap_err();
        assert_eq!(none.codes("payouts"), ["payout_amounts_missing"]);
        let bad = chosen_payouts(&values(&[(&format!("amount-{a}"), "abc")])).unwrap_err();
        assert_eq!(bad.codes(&payout_amount_field(a)), ["not_a_whole_number"]);
    }
}
