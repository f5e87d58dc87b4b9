//! The OpenAPI document (`/api/openapi.json`), generated from the handlers'
//! annotations, and a documentation page (`/api/docs`) rendered from it on
//! the server: no script, no CDN, readable on a phone.

use std::fmt::Write as _;
use std::sync::OnceLock;

use actix_web::{HttpResponse, get};
use serde_json::{Value, json};
use utoipa::OpenApi;

use crate::routes;

/// The API's description.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Hợp Tác API",
        description = "The marketplace of Huế's cooperatives. JSON under /api/v1, snake_case fields, \
                       UUIDv7 ids, RFC 3339 UTC times, money as integer minor units. Every error answers \
                       {\"error\": {\"code\", \"message\", \"fields\"}}.",
    ),
    paths(
        routes::health::healthz,
        routes::health::readyz,
        routes::health::metrics,
        routes::auth::register::register,
        routes::auth::login::login,
        routes::auth::login::logout,
        routes::auth::me::me,
        routes::auth::me::update_me,
        routes::auth::verify::verify_email,
        routes::auth::verify::resend,
        routes::auth::password_reset::request_reset,
        routes::auth::password_reset::confirm_reset,
        routes::auth::sessions::list_sessions,
        routes::auth::sessions::revoke_session,
        routes::auth::sessions::revoke_all,
        routes::auth::tokens::list_tokens,
        routes::auth::tokens::create_token,
        routes::auth::tokens::revoke_token,
        routes::cooperatives::applications::apply,
        routes::cooperatives::applications::get_application,
        routes::cooperatives::applications::update_application,
        routes::cooperatives::applications::resubmit,
        routes::cooperatives::applications::add_documents,
        routes::cooperatives::applications::get_document,
        routes::cooperatives::applications::my_cooperatives,
        routes::cooperatives::team::list_members,
        routes::cooperatives::team::invite,
        routes::cooperatives::team::remove_member,
        routes::cooperatives::team::accept_invitation,
        routes::cooperatives::team::update_profile,
        routes::products::manage::create_listing,
        routes::products::manage::cooperative_listings,
        routes::products::manage::get_listing,
        routes::products::manage::update_listing,
        routes::products::manage::delete_listing,
        routes::products::manage::submit_listing,
        routes::products::manage::unpublish_listing,
        routes::products::manage::discard_changes,
        routes::products::images::add_image,
        routes::products::images::update_image,
        routes::products::images::remove_image,
        routes::cooperatives::catalogue::import_csv,
        routes::cooperatives::catalogue::export_csv,
        routes::cooperatives::catalogue::add_certification,
        routes::cooperatives::catalogue::list_certifications,
        routes::cooperatives::catalogue::certification_evidence,
        routes::cooperatives::catalogue::delete_certification,
        routes::moderation::products::listing_queue,
        routes::moderation::products::decide_listing,
        routes::moderation::certifications::certification_queue,
        routes::moderation::certifications::decide_certification,
        routes::moderation::cooperatives::queue,
        routes::moderation::cooperatives::detail,
        routes::moderation::cooperatives::decide,
        routes::moderation::audit_log::audit_log,
        routes::moderation::outbox::list_jobs,
        routes::moderation::outbox::retry_job,
        routes::moderation::waiting::waiting,
        routes::moderation::dashboard::dashboard,
        routes::moderation::dashboard_csv::dashboard_csv,
        routes::moderation::monthly_report::monthly_report,
        routes::cooperatives::list::list_cooperatives,
        routes::cooperatives::get::get_cooperative,
        routes::categories::list::list_categories,
        routes::products::list::list_products,
        routes::products::get::get_product,
        routes::search::search_listings,
        routes::orders::get_cart,
        routes::orders::add_to_cart,
        routes::orders::update_cart_item,
        routes::orders::remove_cart_item,
        routes::orders::checkout,
        routes::orders::lookup_order,
        routes::orders::my_orders,
        routes::orders::get_order,
        routes::orders::cancel_order,
        routes::orders::transition,
        routes::orders::cash_received,
        routes::orders::export_orders,
        routes::orders::cooperative_orders,
        routes::orders::seller_order,
        routes::orders::all_orders,
        routes::orders::confirm_transfer,
        routes::orders::release::release_order,
        routes::moderation::refunds::refunds_due,
        routes::exchange_rates::get::exchange_rates,
        routes::exchange_rates::set::set_exchange_rates,
        routes::moderation::refunds::return_held,
        routes::orders::get_shipping_rules,
        routes::orders::put_shipping_rules,
        routes::payments::checkout_payment,
        routes::payments::card_payment,
        routes::payments::stripe_webhook,
        routes::payments::confirm_payment,
        routes::payments::refund_order,
        routes::payments::cooperative_ledger,
        routes::payments::set_payout_account,
        routes::payments::payouts_overview,
        routes::payments::record_payouts,
        routes::payments::payout_batch,
        routes::payments::payout_batch_csv,
        routes::payments::import_statement,
        routes::search::suggest,
        routes::cooperatives::lookbook::lookbook,
        routes::collections::list::list_collections,
        routes::collections::create::create_collection,
        routes::collections::update::update_collection,
        routes::collections::delete::delete_collection,
        routes::exports::get_company::get_company,
        routes::exports::set_company::set_company,
        routes::exports::request_quote::request_quote,
        routes::exports::my_requests::my_requests,
        routes::exports::get_request::get_request,
        routes::exports::post_message::post_message,
        routes::exports::send_quote::send_quote,
        routes::exports::accept_quote::accept_quote,
        routes::exports::cooperative_requests::cooperative_requests,
        routes::exports::desk::desk,
        routes::exports::get_order::get_order,
        routes::exports::take_step::take_step,
        routes::exports::record_payment::record_payment,
        routes::exports::pay_card::pay_card,
        routes::exports::upload_document::upload_document,
        routes::exports::attach_pictures::attach_pictures,
        routes::exports::get_picture::get_picture,
        routes::exports::get_document::get_document,
        routes::figures::list::list_figures,
        routes::figures::report::report_figures,
        routes::figures::queue::figures_queue,
        routes::figures::review::review_figures,
        routes::traceability::public_lot::public_lot,
        routes::traceability::create_lot::create_lot,
        routes::traceability::cooperative_lots::cooperative_lots,
        routes::traceability::all_lots::all_lots,
        routes::traceability::get_lot::get_lot,
        routes::traceability::add_diary_entry::add_diary_entry,
        routes::traceability::labels::labels,
        routes::traceability::scans::scans,
        routes::traceability::recall::recall,
        routes::traceability::recall_report::recall_report,
        routes::traceability::packing::packing,
        routes::traceability::choose_lots::choose_lots,
        routes::reviews::listing_reviews::listing_reviews,
        routes::reviews::cooperative_rating::cooperative_rating,
        routes::reviews::cooperative_reviews::cooperative_reviews,
        routes::reviews::order_reviews::order_reviews,
        routes::reviews::write::write_review,
        routes::reviews::reply::reply,
        routes::reviews::report::report,
        routes::reviews::reported::reported_reviews,
        routes::reviews::decide::decide,
        routes::bookings::experience::experience,
        routes::bookings::set_experience::set_experience,
        routes::bookings::add_sessions::add_sessions,
        routes::bookings::close::close,
        routes::bookings::cooperative_bookings::cooperative_bookings,
        routes::bookings::attendance::attendance,
        routes::bookings::collect_balance::collect_balance,
        routes::bookings::book::book,
        routes::bookings::calendar_file::calendar_file,
        routes::bookings::cancel_booking::cancel_booking,
    ),
    components(schemas(kernel::Money, kernel::Currency, kernel::Problem)),
    tags(
        (name = "catalog", description = "Categories and listings"),
        (name = "orders", description = "Cart, checkout with an Idempotency-Key, orders and their timeline"),
        (name = "payments", description = "VietQR bank transfers, cards through Stripe and its webhook, refunds, the sellers' ledger"),
        (name = "search", description = "Product search: Vietnamese without diacritics, typos, synonyms, facets"),
        (name = "cooperatives", description = "The sellers"),
        (name = "exports", description = "The export desk: company accounts, requests for quote, quotes, export orders, their payments and shipping documents"),
        (name = "traceability", description = "Lots: their field diary, public pages by code, QR label sheets, scans, recalls, and the lots packed for an order's lines"),
        (name = "bookings", description = "Community-tourism experiences: their terms and dated sessions, booking a session from the cart, the booking's calendar file, and the cooperative's calendar (adding sessions, closing a date, marking who came)"),
        (name = "reviews", description = "Reviews by buyers of delivered order lines, with pictures; the cooperative's reply; reports and union staff's decisions; ratings"),
        (name = "accounts", description = "Registration, sessions, password reset, API tokens"),
        (name = "moderation", description = "The Cooperative Union: review queue, decisions, audit log, outbox"),
        (name = "operations", description = "Health, readiness and metrics"),
    )
)]
pub struct ApiDoc;

/// The document as served: the handlers' annotations with the standard
/// answers, security and parameter constraints of [`standardize`].
pub fn document() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| {
        let mut doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or(Value::Null);
        standardize(&mut doc);
        doc
    })
}

/// Who may call an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone; a session or token only changes what is seen.
    Public,
    /// Someone signed in (a session, or an API token where the action
    /// allows one); their role in the cooperative may still refuse.
    SignedIn,
    /// Cooperative Union staff.
    Staff,
}

/// The operations anyone may call, as `(method, path)`. Every other
/// operation under `/api/v1` needs someone signed in, and those under
/// `/api/v1/moderation/` union staff, so that a new endpoint is documented
/// as protected until it is listed here (`tests/api/contract.rs` checks
/// both ways against the running application).
pub const PUBLIC_OPERATIONS: &[(&str, &str)] = &[
    ("get", "/api/v1/cooperatives/{id_or_slug}/collections"),
    ("post", "/api/v1/auth/register"),
    ("post", "/api/v1/auth/login"),
    ("post", "/api/v1/auth/logout"),
    ("post", "/api/v1/auth/verify-email"),
    ("post", "/api/v1/auth/password-reset"),
    ("post", "/api/v1/auth/password-reset/confirm"),
    ("get", "/api/v1/categories"),
    ("get", "/api/v1/cooperatives"),
    ("get", "/api/v1/cooperatives/{id_or_slug}"),
    ("get", "/api/v1/products"),
    ("get", "/api/v1/products/{id_or_slug}"),
    ("get", "/api/v1/search"),
    ("get", "/api/v1/search/suggest"),
    ("get", "/api/v1/exchange-rates"),
    ("get", "/api/v1/cart"),
    ("post", "/api/v1/cart/items"),
    ("patch", "/api/v1/cart/items/{id}"),
    ("delete", "/api/v1/cart/items/{id}"),
    ("post", "/api/v1/checkout"),
    ("get", "/api/v1/checkouts/{id}/payment"),
    ("post", "/api/v1/checkouts/{id}/card"),
    ("get", "/api/v1/orders/lookup"),
    ("get", "/api/v1/orders/{id}"),
    ("post", "/api/v1/orders/{id}/cancel"),
    ("post", "/api/v1/payments/stripe/webhook"),
    ("get", "/api/v1/traceability/{code}"),
    ("get", "/api/v1/products/{id}/reviews"),
    ("get", "/api/v1/cooperatives/{id}/rating"),
    ("get", "/api/v1/orders/{id}/reviews"),
    ("post", "/api/v1/orders/{id}/items/{item}/review"),
    ("post", "/api/v1/reviews/{id}/reports"),
    ("get", "/api/v1/products/{id}/experience"),
    ("post", "/api/v1/cart/bookings"),
    ("get", "/api/v1/orders/{id}/items/{item}/calendar.ics"),
    ("post", "/api/v1/orders/{id}/items/{item}/cancel-booking"),
];

/// Operations that count attempts and answer 429 past a limit.
pub const THROTTLED_OPERATIONS: &[(&str, &str)] = &[
    ("post", "/api/v1/auth/login"),
    ("get", "/api/v1/orders/lookup"),
];

/// Who may call `method path` (lower-case method, templated path).
pub fn access(method: &str, path: &str) -> Access {
    if PUBLIC_OPERATIONS.contains(&(method, path)) || !path.starts_with("/api/v1/") {
        Access::Public
    } else if path.starts_with("/api/v1/moderation/") {
        Access::Staff
    } else {
        Access::SignedIn
    }
}

const METHODS: [&str; 7] = ["get", "put", "post", "delete", "options", "head", "patch"];

/// Completes the generated document so that it says what the API does,
/// for every operation alike rather than by hand in each annotation:
/// - the security schemes (an API token as `Authorization: Bearer`, the
///   session cookie with its `X-CSRF-Token` for writes), required where
///   [`access`] says someone must be signed in;
/// - the error answers every operation of its kind can give, all with the
///   `ErrorBody` envelope: 400/413/415/422 where there is a body, 401 for a
///   missing sign-in or an unknown token, 403 for a role, a token's scope or
///   a failed CSRF check, 404 where there is a path id, 422 where there are
///   parameters, 429 where attempts are throttled;
/// - the constraints the parsers enforce on the shared parameters: `locale`
///   one of the locales, `page` ≥ 1, `per_page` 1–100, `Idempotency-Key`
///   1–255 visible ASCII characters.
///
/// An answer an annotation already documents keeps its own description.
pub fn standardize(doc: &mut Value) {
    let components = &mut doc["components"];
    components["securitySchemes"] = json!({
        "bearer_token": {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "hoptac_…",
            "description": "An API token from `POST /api/v1/auth/tokens`, acting in one cooperative; needs no CSRF token."
        },
        "session_cookie": {
            "type": "apiKey",
            "in": "cookie",
            "name": crate::auth::SESSION_COOKIE,
            "description": "The session cookie set by `POST /api/v1/auth/login`."
        },
        "csrf_token": {
            "type": "apiKey",
            "in": "header",
            "name": "X-CSRF-Token",
            "description": "The session's `csrf_token` (from login or `GET /api/v1/auth/me`); required with the session cookie on every request that changes state."
        }
    });
    let Some(paths) = doc["paths"].as_object_mut() else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (method, op) in item.iter_mut() {
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            standardize_operation(method, path, op);
        }
    }
}

fn error_answer(description: &str) -> Value {
    json!({
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
    })
}

fn standardize_operation(method: &str, path: &str, op: &mut Value) {
    let in_api = path.starts_with("/api/v1/");
    let writes = !matches!(method, "get" | "head" | "options");
    let access = access(method, path);
    let mut has_path_id = false;
    let mut has_parameters = false;
    // `op[..]` on a `&mut Value` inserts a null for a missing key: read
    // through `get`/`get_mut`
    if let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) {
        for param in params {
            match param.get("in").and_then(Value::as_str) {
                Some("path") => has_path_id = true,
                Some(_) => has_parameters = true,
                None => {}
            }
            constrain_parameter(param);
        }
    }
    let body_types: Vec<String> = op
        .get("requestBody")
        .and_then(|b| b.get("content"))
        .and_then(Value::as_object)
        .map(|c| c.keys().cloned().collect())
        .unwrap_or_default();

    if in_api && access != Access::Public {
        op["security"] = if writes {
            json!([{"bearer_token": []}, {"session_cookie": [], "csrf_token": []}])
        } else {
            json!([{"bearer_token": []}, {"session_cookie": []}])
        };
    } else if in_api {
        // anonymous, or either credential: it changes what is seen
        op["security"] = if writes {
            json!([{}, {"bearer_token": []}, {"session_cookie": [], "csrf_token": []}])
        } else {
            json!([{}, {"bearer_token": []}, {"session_cookie": []}])
        };
    }

    let mut answers: Vec<(&str, &str)> = Vec::new();
    if !body_types.is_empty() {
        answers.push((
            "400",
            "`malformed_json` or `bad_request`: the body cannot be read",
        ));
        answers.push(("413", "`payload_too_large`: the body is over the limit"));
        if body_types
            .iter()
            .any(|t| t == "application/json" || t.starts_with("multipart/"))
        {
            answers.push((
                "415",
                "`unsupported_media_type`: the body is not of the documented type",
            ));
        }
    }
    if in_api {
        answers.push(match access {
            Access::Public => (
                "401",
                "`invalid_token`: the Bearer token sent is unknown or revoked (send none to ask anonymously)",
            ),
            _ => (
                "401",
                "`not_signed_in` or `invalid_token`: sign in, or send a valid API token",
            ),
        });
        match (access, writes) {
            (Access::Public, false) => {}
            (Access::Public, true) => answers.push((
                "403",
                "`csrf_failed`: a session cookie without its X-CSRF-Token, or a request from another site",
            )),
            (Access::SignedIn, _) => answers.push((
                "403",
                "`forbidden`: the role in the cooperative, or the API token's scope, does not allow this (or the CSRF check failed)",
            )),
            (Access::Staff, _) => answers.push((
                "403",
                "`forbidden`: only Cooperative Union staff may do this (or the CSRF check failed)",
            )),
        }
    }
    if has_path_id {
        answers.push((
            "404",
            "Not found, or not visible to the caller (also for an id that is not well-formed)",
        ));
    }
    if !body_types.is_empty() || has_parameters {
        answers.push((
            "422",
            "`validation_failed` (or a code of its own): `fields` names each invalid field",
        ));
    }
    let keyed = op
        .get("parameters")
        .and_then(Value::as_array)
        .is_some_and(|params| {
            params.iter().any(|p| {
                p.get("name")
                    .and_then(Value::as_str)
                    .is_some_and(|n| n.eq_ignore_ascii_case("idempotency-key"))
            })
        });
    if keyed {
        answers.push((
            "409",
            "`idempotency_key_reused`: this Idempotency-Key came with another request (or a conflict of its own)",
        ));
    }
    if THROTTLED_OPERATIONS.contains(&(method, path)) {
        answers.push((
            "429",
            "`rate_limited`: too many attempts; `Retry-After` says how many seconds to wait",
        ));
    }
    if op.get("responses").is_none() {
        op["responses"] = json!({});
    }
    for (status, description) in answers {
        let response = &mut op["responses"][status];
        if response.is_null() {
            *response = error_answer(description);
        } else if response.get("content").is_none() {
            response["content"] = error_answer(description)["content"].clone();
        }
    }
}

/// The constraints the shared parameter parsers enforce.
fn constrain_parameter(param: &mut Value) {
    let name = param.get("name").and_then(Value::as_str);
    if param.get("in").and_then(Value::as_str) == Some("header")
        && name.is_some_and(|n| n.eq_ignore_ascii_case("idempotency-key"))
    {
        param["schema"] =
            json!({"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"});
        return;
    }
    if param.get("in").and_then(Value::as_str) != Some("query") {
        return;
    }
    let schema = match name {
        Some("locale") => json!({
            "type": "string",
            "enum": kernel::Locale::ALL.map(kernel::Locale::code),
        }),
        Some("page") => json!({"type": "integer", "format": "int64", "minimum": 1}),
        Some("per_page") => json!({
            "type": "integer",
            "format": "int64",
            "minimum": 1,
            "maximum": kernel::page::MAX_PER_PAGE,
        }),
        _ => return,
    };
    param["schema"] = schema;
}

/// Paths under `/api` served outside the document (the document itself).
const UNDOCUMENTED_GETS: [&str; 2] = ["/api/openapi.json", "/api/docs"];

/// The methods served at a concrete `path`, upper-case and sorted, when some
/// documented path template matches it; `None` when no route is there.
pub fn allowed_methods(path: &str) -> Option<Vec<String>> {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    let fits = |template: &str| {
        let parts: Vec<&str> = template.split('/').collect();
        parts.len() == segments.len()
            && parts.iter().zip(&segments).all(|(part, segment)| {
                if part.starts_with('{') && part.ends_with('}') {
                    !segment.is_empty()
                } else {
                    part == segment
                }
            })
    };
    let mut methods: Vec<String> = Vec::new();
    if let Some(paths) = document()["paths"].as_object() {
        for (template, item) in paths {
            if !fits(template) {
                continue;
            }
            if let Some(item) = item.as_object() {
                methods.extend(
                    item.keys()
                        .filter(|m| METHODS.contains(&m.as_str()))
                        .map(|m| m.to_ascii_uppercase()),
                );
            }
        }
    }
    if UNDOCUMENTED_GETS.iter().any(|p| fits(p)) {
        methods.push("GET".to_owned());
    }
    methods.sort();
    methods.dedup();
    (!methods.is_empty()).then_some(methods)
}

/// The OpenAPI 3.1 document.
#[get("/openapi.json")]
pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok().json(document())
}

/// The API documentation page.
#[get("/docs")]
pub async fn docs_page() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header(("cache-control", "public, max-age=300"))
        .body(render_docs(document()))
}

fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

fn schema_name(schema: &Value) -> String {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap_or(r);
        return format!("<a href=\"#schema-{0}\">{0}</a>", esc(name));
    }
    if let Some(items) = schema.get("items") {
        return format!("array of {}", schema_name(items));
    }
    let ty = match schema.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" | "),
        _ => "object".to_owned(),
    };
    match schema.get("format").and_then(Value::as_str) {
        Some(format) => format!("{} ({})", esc(&ty), esc(format)),
        None => esc(&ty),
    }
}

fn render_docs(doc: &Value) -> String {
    let mut html = String::from(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Hợp Tác API</title><style>\
         body{font:16px/1.6 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#1f1a24;background:#fbf8f2}\
         h1,h2{color:#5b2a86}code,.path{font-family:ui-monospace,monospace}\
         section{border:1px solid #ddd3e6;border-radius:8px;padding:.5rem 1rem;margin:1rem 0;background:#fff}\
         .m{display:inline-block;min-width:4rem;font-weight:700;color:#fff;background:#5b2a86;border-radius:4px;text-align:center;margin-right:.5rem}\
         table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.2rem .5rem;border-bottom:1px solid #eee;vertical-align:top}\
         </style></head><body>",
    );
    let info = &doc["info"];
    let _ = write!(
        html,
        "<h1>{}</h1><p>{}</p><p>Machine-readable: <a href=\"/api/openapi.json\">/api/openapi.json</a></p>",
        esc(info["title"].as_str().unwrap_or("API")),
        esc(info["description"].as_str().unwrap_or_default())
    );
    html.push_str("<h2>Endpoints</h2>");
    if let Some(paths) = doc["paths"].as_object() {
        for (path, item) in paths {
            let Some(ops) = item.as_object() else {
                continue;
            };
            for (method, op) in ops {
                let _ = write!(
                    html,
                    "<section><h3><span class=\"m\">{}</span><span class=\"path\">{}</span></h3><p>{}</p>",
                    esc(&method.to_uppercase()),
                    esc(path),
                    esc(op["summary"]
                        .as_str()
                        .or(op["description"].as_str())
                        .unwrap_or_default())
                );
                if let Some(params) = op["parameters"].as_array().filter(|p| !p.is_empty()) {
                    html.push_str(
                        "<table><tr><th>parameter</th><th>in</th><th>type</th><th>about</th></tr>",
                    );
                    for p in params {
                        let _ = write!(
                            html,
                            "<tr><td><code>{}</code>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                            esc(p["name"].as_str().unwrap_or_default()),
                            if p["required"].as_bool() == Some(true) {
                                " *"
                            } else {
                                ""
                            },
                            esc(p["in"].as_str().unwrap_or_default()),
                            schema_name(&p["schema"]),
                            esc(p["description"].as_str().unwrap_or_default())
                        );
                    }
                    html.push_str("</table>");
                }
                if let Some(responses) = op["responses"].as_object() {
                    html.push_str("<table><tr><th>status</th><th>body</th><th>when</th></tr>");
                    for (status, response) in responses {
                        let body = response["content"]
                            .as_object()
                            .and_then(|c| c.values().next())
                            .map(|c| schema_name(&c["schema"]))
                            .unwrap_or_default();
                        let _ = write!(
                            html,
                            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                            esc(status),
                            body,
                            esc(response["description"].as_str().unwrap_or_default())
                        );
                    }
                    html.push_str("</table>");
                }
                html.push_str("</section>");
            }
        }
    }
    html.push_str("<h2>Schemas</h2>");
    if let Some(schemas) = doc["components"]["schemas"].as_object() {
        for (name, schema) in schemas {
            let _ = write!(
                html,
                "<section id=\"schema-{0}\"><h3>{0}</h3><p>{1}</p>",
                esc(name),
                esc(schema["description"].as_str().unwrap_or_default())
            );
            if let Some(props) = schema["properties"].as_object() {
                let required: Vec<&str> = schema["required"]
                    .as_array()
                    .map(|r| r.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                html.push_str("<table><tr><th>field</th><th>type</th><th>about</th></tr>");
                for (field, prop) in props {
                    let _ = write!(
                        html,
                        "<tr><td><code>{}</code>{}</td><td>{}</td><td>{}</td></tr>",
                        esc(field),
                        if required.contains(&field.as_str()) {
                            " *"
                        } else {
                            ""
                        },
                        schema_name(prop),
                        esc(prop["description"].as_str().unwrap_or_default())
                    );
                }
                html.push_str("</table>");
            }
            html.push_str("</section>");
        }
    }
    html.push_str("</body></html>");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_lists_the_read_endpoints_under_api_v1() {
        let doc = document();
        for path in [
            "/api/v1/cooperatives",
            "/api/v1/products/{id_or_slug}",
            "/healthz",
        ] {
            assert!(doc["paths"].get(path).is_some(), "{path} missing");
        }
    }

    #[test]
    fn a_concrete_path_is_matched_to_the_methods_of_every_template_it_fits() {
        assert_eq!(
            allowed_methods("/api/v1/products/gio-may").unwrap(),
            ["DELETE", "GET", "PATCH"]
        );
        assert_eq!(allowed_methods("/api/v1/categories").unwrap(), ["GET"]);
        assert_eq!(allowed_methods("/api/openapi.json").unwrap(), ["GET"]);
        assert_eq!(allowed_methods("/api/v1/nowhere"), None);
        assert_eq!(allowed_methods("/api/v1/products/a/b/c/d"), None);
    }

    #[test]
    fn every_api_operation_documents_its_standard_error_answers() {
        let doc = document();
        for (path, item) in doc["paths"].as_object().unwrap() {
            if !path.starts_with("/api/v1/") {
                continue;
            }
            for (method, op) in item.as_object().unwrap() {
                let responses = &op["responses"];
                assert!(responses["401"].is_object(), "{method} {path}: 401");
                if path.contains('{') {
                    assert!(responses["404"].is_object(), "{method} {path}: 404");
                }
                if op.get("requestBody").is_some() {
                    for status in ["400", "413", "422"] {
                        assert!(responses[status].is_object(), "{method} {path}: {status}");
                    }
                }
                if access(method, path) != Access::Public {
                    assert!(op["security"].is_array(), "{method} {path}: security");
                    assert!(responses["403"].is_object(), "{method} {path}: 403");
                }
            }
        }
    }

    #[test]
    fn the_docs_page_escapes_what_it_shows() {
        let doc = serde_json::json!({"info": {"title": "<b>x</b>"}, "paths": {}});
        let html = render_docs(&doc);
        assert!(html.contains("&lt;b&gt;x&lt;/b&gt;"));
        assert!(!html.contains("<b>x</b>"));
    }
}
