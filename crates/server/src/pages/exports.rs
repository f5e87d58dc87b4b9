//! The export desk's forms: an importer's company account, a request for
//! quote, messages, a cooperative's quote, accepting a quote, the steps of
//! an export order, its shipping documents (multipart) and union staff
//! recording its payments. Each reads the form, calls one function of the
//! export desk, and redirects or shows the page again with what is wrong.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDate;
use exports::{
    BuyerInput, ExportStatus, MessageInput, PaymentInput, QuoteInput, QuoteLineInput, RequestInput,
    RequestLineInput, StepInput,
};
use frontend::forms::FormState;
use kernel::{FieldErrors, problem};
use uuid::Uuid;

use super::{
    Shop, Values, confirmed, failed, form_status, see_other, sign_in, text, whole_number,
    with_notice,
};
use crate::auth::Viewer;
use crate::multipart::{self, Limits};
use crate::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/export/company", web::post().to(company))
        .route("/export/requests", web::post().to(request_quote))
        .route("/export/requests/{id}/messages", web::post().to(message))
        .route(
            "/export/requests/{id}/pictures",
            web::post().to(attach_pictures),
        )
        .route("/export/requests/{id}/quotes", web::post().to(quote))
        .route("/export/requests/{id}/accept", web::post().to(accept))
        .route("/export/orders/{id}/steps", web::post().to(step))
        .route("/export/orders/{id}/documents", web::post().to(upload))
        .route(
            "/export/orders/{id}/payments/{payment}/received",
            web::post().to(record_payment),
        );
}

/// The most lines a request form is read for (the export desk takes
/// fewer, and says so).
const MAX_ROWS: usize = 2 * exports::requests::MAX_LINES;

/// Pictures of designs sent with a request, or later on it.
const PICTURE_LIMITS: Limits = crate::routes::exports::attach_pictures::LIMITS;

const DOCUMENT_LIMITS: Limits = Limits {
    max_file_bytes: exports::documents::MAX_BYTES,
    max_files: 1,
    max_field_bytes: 64 * 1024,
};

/// Optional text: none when left empty.
fn optional(values: &Values, name: &str) -> Option<String> {
    Some(text(values, name)).filter(|v| !v.trim().is_empty())
}

/// A whole number typed in `name`; a problem filed under `name` when it is
/// not one.
fn number(values: &Values, name: &str, errors: &mut FieldErrors) -> Option<i64> {
    whole_number(&text(values, name)).unwrap_or_else(|()| {
        errors.add(name, problem::not_a_whole_number());
        None
    })
}

/// A date typed in `name` (`YYYY-MM-DD`, as date inputs send it).
fn date(values: &Values, name: &str, errors: &mut FieldErrors) -> Option<NaiveDate> {
    let typed = text(values, name);
    let typed = typed.trim();
    if typed.is_empty() {
        return None;
    }
    NaiveDate::parse_from_str(typed, "%Y-%m-%d")
        .map_err(|_| errors.add(name, problem::not_a_date()))
        .ok()
}

/// Where to go after the company form: only the export desk's own pages.
fn export_page(next: &str) -> String {
    if next.starts_with("/export") && !next.contains("//") && !next.contains("..") {
        next.to_owned()
    } else {
        "/export".to_owned()
    }
}

async fn company(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    form: web::Form<Values>,
) -> HttpResponse {
    let values = form.into_inner();
    let next = export_page(&text(&values, "next"));
    let Some(actor) = viewer.0.actor else {
        return sign_in(&next);
    };
    let input = BuyerInput {
        company_name: text(&values, "company_name"),
        country: text(&values, "country"),
        tax_number: optional(&values, "tax_number"),
        language: text(&values, "language"),
        currency: text(&values, "currency"),
        phone: optional(&values, "phone"),
    };
    match state.exports.set_buyer(&actor, &input).await {
        Ok(_) => see_other(&with_notice(&next, "export-company-saved")),
        Err(err) => shop.refused(req, &next, "company", values, &err).await,
    }
}

/// A request for quote as typed, the form's row of each line sent (empty
/// rows are left out), and what could not be read.
fn request_input(values: &Values) -> (RequestInput, Vec<usize>, FieldErrors) {
    let mut errors = FieldErrors::new();
    let mut rows = Vec::new();
    let mut lines = Vec::new();
    for row in 0..MAX_ROWS {
        let key = |field: &str| format!("lines[{row}].{field}");
        let quantity = text(values, &key("quantity"));
        let description = optional(values, &key("description"));
        if quantity.trim().is_empty() && description.is_none() {
            continue;
        }
        let variant_id = optional(values, &key("variant_id")).and_then(|v| {
            v.trim()
                .parse::<Uuid>()
                .map_err(|_| errors.add(key("variant_id"), problem::not_a_variant_of_cooperative()))
                .ok()
        });
        let quantity = number(values, &key("quantity"), &mut errors).unwrap_or(0);
        rows.push(row);
        lines.push(RequestLineInput {
            variant_id,
            description,
            quantity,
            target_unit_price_vnd: None,
        });
    }
    let input = RequestInput {
        cooperative: text(values, "cooperative"),
        lines,
        destination_port: text(values, "destination_port"),
        incoterm: text(values, "incoterm"),
        named_place: optional(values, "named_place"),
        wanted_by: date(values, "wanted_by", &mut errors),
        samples_wanted: values.get("samples_wanted").map(String::as_str) == Some("yes"),
        target_price_vnd: number(values, "target_price_vnd", &mut errors),
        packaging_notes: optional(values, "packaging_notes"),
        message: optional(values, "message"),
    };
    (input, rows, errors)
}

/// The domain's problems of lines (`lines[k].quantity`, `k` counting the
/// lines sent) filed under the form's rows (`lines[row].quantity`).
fn on_rows(fields: &FieldErrors, rows: &[usize]) -> FieldErrors {
    let mut out = FieldErrors::new();
    for (field, problems) in fields.iter() {
        let renamed = field
            .strip_prefix("lines[")
            .and_then(|rest| rest.split_once(']'))
            .and_then(|(k, rest)| {
                let row = rows.get(k.parse::<usize>().ok()?)?;
                Some(format!("lines[{row}]{rest}"))
            })
            .unwrap_or_else(|| field.to_owned());
        for problem in problems {
            out.add(renamed.clone(), problem.clone());
        }
    }
    out
}

async fn request_quote(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    payload: Multipart,
) -> HttpResponse {
    let form = match multipart::read(&req, payload, PICTURE_LIMITS).await {
        Ok(form) => form,
        Err(err) => {
            let status = form_status(&err);
            let page = "/export/requests/new";
            return shop
                .again_at(req, page, failed("request", Values::new(), &err), status)
                .await;
        }
    };
    let values: Values = form.fields.clone();
    let pictures = form.files_of("pictures");
    let product = text(&values, "product");
    let collection = text(&values, "collection");
    let page = if !product.trim().is_empty() {
        frontend::format::link("/export/requests/new", &[("product", product)])
    } else if !collection.trim().is_empty() {
        frontend::format::link(
            "/export/requests/new",
            &[
                ("cooperative", text(&values, "cooperative")),
                ("collection", collection),
            ],
        )
    } else {
        frontend::format::link(
            "/export/requests/new",
            &[("cooperative", text(&values, "cooperative"))],
        )
    };
    let Some(actor) = viewer.0.actor else {
        return sign_in(&page);
    };
    let (input, rows, unreadable) = request_input(&values);
    if !unreadable.is_empty() {
        let state = FormState::failed("request", values, unreadable, None);
        return shop
            .again_at(req, &page, state, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    }
    match state
        .exports
        .request_quote_with_pictures(&actor, &input, pictures)
        .await
    {
        Ok(id) => see_other(&format!("/export/requests/{id}?notice=export-request-sent")),
        Err(exports::Error::Invalid(fields)) => {
            let state = FormState::failed("request", values, on_rows(&fields, &rows), None);
            shop.again_at(req, &page, state, StatusCode::UNPROCESSABLE_ENTITY)
                .await
        }
        Err(err) => shop.refused(req, &page, "request", values, &err).await,
    }
}

async fn message(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<Uuid>,
    form: web::Form<Values>,
) -> HttpResponse {
    let id = path.into_inner();
    let page = format!("/export/requests/{id}");
    let Some(actor) = viewer.0.actor else {
        return sign_in(&page);
    };
    let values = form.into_inner();
    let input = MessageInput {
        body: text(&values, "body"),
    };
    match state.exports.post_message(&actor, id, &input).await {
        Ok(()) => see_other(&with_notice(
            &format!("{page}#messages"),
            "export-message-sent",
        )),
        Err(err) => shop.refused(req, &page, "message", values, &err).await,
    }
}

/// A quote as typed, and what could not be read.
fn quote_input(values: &Values) -> (QuoteInput, FieldErrors) {
    let mut errors = FieldErrors::new();
    let mut lines = Vec::new();
    for row in 0..MAX_ROWS {
        let key = |field: &str| format!("lines[{row}].{field}");
        let Some(line_id) = optional(values, &key("line_id")) else {
            break;
        };
        let line_id = line_id.trim().parse::<Uuid>().unwrap_or_else(|_| {
            errors.add(key("line_id"), problem::not_a_line_of_request());
            Uuid::nil()
        });
        lines.push(QuoteLineInput {
            line_id,
            unit_price_vnd: number(values, &key("unit_price_vnd"), &mut errors).unwrap_or(0),
            quantity: None,
            min_qty: number(values, &key("min_qty"), &mut errors),
            lead_time_days: number(values, &key("lead_time_days"), &mut errors).unwrap_or(0),
        });
    }
    let deposit = number(values, "deposit_percent", &mut errors);
    if deposit.is_none() && errors.get("deposit_percent").is_none() {
        errors.add("deposit_percent", problem::required());
    }
    let input = QuoteInput {
        lines,
        incoterm: text(values, "incoterm"),
        named_place: optional(values, "named_place"),
        packing: optional(values, "packing"),
        sample_price_vnd: number(values, "sample_price_vnd", &mut errors),
        sample_days: number(values, "sample_days", &mut errors),
        deposit_percent: deposit.unwrap_or(0),
        valid_until: date(values, "valid_until", &mut errors),
        notes: optional(values, "notes"),
    };
    (input, errors)
}

async fn quote(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<Uuid>,
    form: web::Form<Values>,
) -> HttpResponse {
    let id = path.into_inner();
    let page = format!("/export/requests/{id}");
    let Some(actor) = viewer.0.actor else {
        return sign_in(&page);
    };
    let values = form.into_inner();
    let (input, unreadable) = quote_input(&values);
    if !unreadable.is_empty() {
        let state = FormState::failed("quote", values, unreadable, None);
        return shop
            .again_at(req, &page, state, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    }
    match state.exports.send_quote(&actor, id, &input).await {
        Ok(version) => see_other(&format!("{page}?notice=export-quote-sent#quote-v{version}")),
        Err(err) => shop.refused(req, &page, "quote", values, &err).await,
    }
}

async fn accept(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<Uuid>,
    form: web::Form<Values>,
) -> HttpResponse {
    let id = path.into_inner();
    let page = format!("/export/requests/{id}");
    let Some(actor) = viewer.0.actor else {
        return sign_in(&page);
    };
    let values = form.into_inner();
    if !confirmed(&values) {
        let errors = FieldErrors::single("confirm", problem::required());
        let state = FormState::failed("accept", values, errors, None);
        return shop
            .again_at(req, &page, state, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    }
    let version = text(&values, "version").trim().parse::<i32>().unwrap_or(0);
    match state.exports.accept_quote(&actor, id, version).await {
        Ok(order) => see_other(&format!(
            "/export/orders/{order}?notice=export-quote-accepted"
        )),
        Err(err) => shop.refused(req, &page, "accept", values, &err).await,
    }
}

/// The photo links of the "ready" step: one a line.
fn photo_links(values: &Values) -> Vec<String> {
    text(values, "photos")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

async fn step(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<Uuid>,
    form: web::Form<Values>,
) -> HttpResponse {
    let id = path.into_inner();
    let page = format!("/export/orders/{id}");
    let Some(actor) = viewer.0.actor else {
        return sign_in(&page);
    };
    let mut values = form.into_inner();
    let to = text(&values, "to");
    let form_name = format!("step-{}", to.trim());
    let Some(to) = ExportStatus::parse(to.trim()) else {
        let err = exports::Error::InvalidStep {
            from: ExportStatus::AwaitingDeposit,
            to: ExportStatus::AwaitingDeposit,
        };
        return shop
            .again_at(
                req,
                &page,
                failed(&form_name, values, &err),
                form_status(&err),
            )
            .await;
    };
    let input = StepInput {
        to,
        note: optional(&values, "note"),
        photos: photo_links(&values),
        carrier: optional(&values, "carrier"),
        transport_ref: optional(&values, "transport_ref"),
    };
    match state.exports.take_step(&actor, id, &input).await {
        Ok(to) => see_other(&format!(
            "{page}?notice=export-step-{}",
            to.as_str().replace('_', "-")
        )),
        Err(err) => {
            if let exports::Error::DocumentsMissing(kinds) = &err {
                let names: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
                values.insert("missing_documents".into(), names.join(","));
            }
            shop.refused(req, &page, &form_name, values, &err).await
        }
    }
}

async fn attach_pictures(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<Uuid>,
    payload: Multipart,
) -> HttpResponse {
    let id = path.into_inner();
    let page = format!("/export/requests/{id}");
    let Some(actor) = viewer.0.actor else {
        return sign_in(&page);
    };
    // refuse before reading megabytes the sender may not send
    if let Err(err) = state.exports.check_may_attach(&actor, id).await {
        return shop
            .refused(req, &page, "pictures", Values::new(), &err)
            .await;
    }
    let pictures = match multipart::read(&req, payload, PICTURE_LIMITS).await {
        Ok(form) => form.files_of("pictures"),
        Err(err) => {
            return shop
                .refused(req, &page, "pictures", Values::new(), &err)
                .await;
        }
    };
    match state.exports.attach_pictures(&actor, id, pictures).await {
        Ok(_) => see_other(&format!("{page}?notice=export-pictures-added#pictures")),
        Err(err) => {
            shop.refused(req, &page, "pictures", Values::new(), &err)
                .await
        }
    }
}

async fn upload(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<Uuid>,
    payload: Multipart,
) -> HttpResponse {
    let id = path.into_inner();
    let page = format!("/export/orders/{id}");
    let Some(actor) = viewer.0.actor else {
        return sign_in(&page);
    };
    // refuse before reading megabytes the sender may not send
    if let Err(err) = state.exports.check_may_upload(&actor, id).await {
        return shop
            .refused(req, &page, "upload", Values::new(), &err)
            .await;
    }
    let form = match multipart::read(&req, payload, DOCUMENT_LIMITS).await {
        Ok(form) => form,
        Err(err) => {
            return shop
                .refused(req, &page, "upload", Values::new(), &err)
                .await;
        }
    };
    let kind = form.text("kind");
    let values: Values = [("kind".to_owned(), kind.clone())].into_iter().collect();
    let file = form.files_of("file").into_iter().next();
    let (filename, bytes) = file.map_or_else(Default::default, |f| (f.filename, f.bytes));
    match state
        .exports
        .upload_document(&actor, id, &kind, &filename, bytes)
        .await
    {
        Ok(_) => see_other(&format!("{page}?notice=export-document-uploaded#documents")),
        Err(err) => {
            let status = form_status(&err);
            let form_name = format!("upload-{}", kind.trim());
            shop.again_at(req, &page, failed(&form_name, values, &err), status)
                .await
        }
    }
}

async fn record_payment(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<(Uuid, Uuid)>,
    form: web::Form<Values>,
) -> HttpResponse {
    let (order, payment) = path.into_inner();
    let page = format!("/export/orders/{order}");
    let Some(actor) = viewer.0.actor else {
        return sign_in(&page);
    };
    let values = form.into_inner();
    let form_name = format!("payment-{payment}");
    if !confirmed(&values) {
        let errors = FieldErrors::single("confirm", problem::required());
        let state = FormState::failed(&form_name, values, errors, None);
        return shop
            .again_at(req, &page, state, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    }
    let input = PaymentInput {
        bank_reference: optional(&values, "bank_reference"),
    };
    match state.exports.record_payment(&actor, payment, &input).await {
        Ok(view) => see_other(&format!(
            "/export/orders/{}?notice=export-payment-recorded",
            view.id
        )),
        Err(err) => shop.refused(req, &page, &form_name, values, &err).await,
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
    fn empty_rows_are_left_out_and_problems_come_back_to_their_row() {
        let v = values(&[
            ("cooperative", "bao-la"),
            (
                "lines[0].variant_id",
                "0190a6f4-0000-7000-8000-000000000001",
            ),
            ("lines[0].quantity", ""),
            (
                "lines[1].variant_id",
                "0190a6f4-0000-7000-8000-000000000002",
            ),
            ("lines[1].quantity", "1.200"),
            ("lines[2].description", "a tray like the sample"),
            ("lines[2].quantity", "0"),
            ("samples_wanted", "yes"),
        ]);
        let (input, rows, unreadable) = request_input(&v);
        assert!(unreadable.is_empty(), "{unreadable:?}");
        assert_eq!(rows, vec![1, 2]);
        assert_eq!(input.lines[0].quantity, 1200);
        assert!(input.samples_wanted);
        let domain = FieldErrors::single("lines[1].quantity", problem::must_be_positive());
        let mapped = on_rows(&domain, &rows);
        assert!(mapped.get("lines[2].quantity").is_some());
    }

    #[test]
    fn numbers_and_dates_that_cannot_be_read_are_said_so_by_field() {
        let (_, _, unreadable) = request_input(&values(&[
            ("lines[0].quantity", "many"),
            ("wanted_by", "next spring"),
            ("target_price_vnd", "12.5"),
        ]));
        assert_eq!(
            unreadable.codes("lines[0].quantity"),
            ["not_a_whole_number"]
        );
        assert_eq!(unreadable.codes("wanted_by"), ["not_a_date"]);
        assert_eq!(unreadable.codes("target_price_vnd"), ["not_a_whole_number"]);
    }

    #[test]
    fn after_the_company_form_only_export_pages_are_followed() {
        assert_eq!(
            export_page("/export/requests/new?product=gio"),
            "/export/requests/new?product=gio"
        );
        assert_eq!(export_page("https://evil.example"), "/export");
        assert_eq!(export_page("/export/../account"), "/export");
        assert_eq!(
            with_notice("/export/requests/new?product=gio", "x"),
            "/export/requests/new?product=gio&notice=x"
        );
        assert_eq!(with_notice("/a#m", "x"), "/a?notice=x#m");
    }
}
