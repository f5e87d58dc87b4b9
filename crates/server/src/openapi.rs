//! The OpenAPI document (`/api/openapi.json`), generated from the handlers'
//! annotations, and a documentation page (`/api/docs`) rendered from it on
//! the server: no script, no CDN, readable on a phone.

use std::fmt::Write as _;
use std::sync::OnceLock;

use actix_web::{HttpResponse, get};
use serde_json::Value;
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
    ),
    components(schemas(kernel::Money, kernel::Currency)),
    tags(
        (name = "catalog", description = "Categories and listings"),
        (name = "orders", description = "Cart, checkout with an Idempotency-Key, orders and their timeline"),
        (name = "payments", description = "VietQR bank transfers, cards through Stripe and its webhook, refunds, the sellers' ledger"),
        (name = "search", description = "Product search: Vietnamese without diacritics, typos, synonyms, facets"),
        (name = "cooperatives", description = "The sellers"),
        (name = "accounts", description = "Registration, sessions, password reset, API tokens"),
        (name = "moderation", description = "The Cooperative Union: review queue, decisions, audit log, outbox"),
        (name = "operations", description = "Health, readiness and metrics"),
    )
)]
pub struct ApiDoc;

fn document() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| serde_json::to_value(ApiDoc::openapi()).unwrap_or(Value::Null))
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
    fn the_docs_page_escapes_what_it_shows() {
        let doc = serde_json::json!({"info": {"title": "<b>x</b>"}, "paths": {}});
        let html = render_docs(&doc);
        assert!(html.contains("&lt;b&gt;x&lt;/b&gt;"));
        assert!(!html.contains("<b>x</b>"));
    }
}
