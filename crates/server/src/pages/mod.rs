//! The shop's form submissions. Each handler reads the form, calls one
//! domain function, and either redirects (303, so a refresh never submits
//! twice) or shows the same page again with what was typed and what is
//! wrong (422). The CSRF token of forms is checked by the authentication
//! layer (in the body of plain forms; in [`crate::multipart`] for uploads).

mod account;
mod bookings;
mod catalogue_review;
mod collections;
mod exports;
mod figures;
mod listings;
mod moderation;
mod orders;
mod payments;
mod reviews;
mod seller;
mod trace;

use std::collections::BTreeMap;
use std::sync::Arc;

use actix_web::dev::{Service, ServiceFactory, ServiceRequest};
use actix_web::http::StatusCode;
use actix_web::http::header::LOCATION;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};
use frontend::forms::FormState;
use kernel::{ErrorCode, ErrorKind, FieldErrors};
use leptos_router::Method;

/// Renders the shop's page for a request (to show a form again).
#[derive(Clone)]
pub struct Shop {
    context: Arc<dyn Fn() + Send + Sync>,
}

impl Shop {
    /// A renderer providing `context` to the pages.
    pub fn new(context: impl Fn() + Send + Sync + 'static) -> Self {
        Self {
            context: Arc::new(context),
        }
    }

    /// The page at the request's path, rendered as for a GET.
    pub async fn render(&self, req: HttpRequest) -> HttpResponse {
        self.render_page(req, None).await
    }

    /// The page at `path` (with its query), rendered as for a GET: for a
    /// form that posts to an address of its own (`/seller/products/{id}/submit`)
    /// and shows the page it sits on again.
    pub async fn render_at(&self, req: HttpRequest, path: &str) -> HttpResponse {
        self.render_page(req, Some(path.to_owned())).await
    }

    async fn render_page(&self, req: HttpRequest, path: Option<String>) -> HttpResponse {
        let context = self.context.clone();
        let route = leptos_actix::render_app_async_with_context(
            move || {
                context();
                // the router reads the page's address from this context
                if let Some(path) = &path {
                    leptos::prelude::provide_context(leptos_router::location::RequestUrl::new(
                        &format!("http://leptos{path}"),
                    ));
                }
            },
            frontend::shell,
            Method::Get,
        );
        let service = match route.new_service(()).await {
            Ok(service) => service,
            Err(()) => return HttpResponse::InternalServerError().finish(),
        };
        match service.call(ServiceRequest::from_request(req)).await {
            Ok(response) => response.into_parts().1,
            Err(err) => HttpResponse::from_error(err),
        }
    }

    /// The same page again with the failed submission, status 422 (or the
    /// status the page sets).
    pub async fn again(&self, req: HttpRequest, state: FormState) -> HttpResponse {
        req.extensions_mut().insert(state);
        let mut response = self.render(req).await;
        if response.status() == StatusCode::OK {
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        }
        response
    }

    /// The page at `path` with the failed submission of one of its forms,
    /// answered with `status` (422 for a form's problems, 413 for a file
    /// too large...) unless the page sets its own.
    pub async fn again_at(
        &self,
        req: HttpRequest,
        path: &str,
        state: FormState,
        status: StatusCode,
    ) -> HttpResponse {
        req.extensions_mut().insert(state);
        let mut response = self.render_at(req, path).await;
        if matches!(
            response.status(),
            StatusCode::OK | StatusCode::UNPROCESSABLE_ENTITY
        ) {
            *response.status_mut() = status;
        }
        response
    }

    /// The page at `path` again after `err` refused its form `form`: the
    /// values kept, the problems beside their fields, and the status the
    /// error calls for ([`form_status`]). The one answer of every refused
    /// form.
    pub async fn refused(
        &self,
        req: HttpRequest,
        path: &str,
        form: &str,
        values: Values,
        err: &(impl ErrorCode + ?Sized),
    ) -> HttpResponse {
        self.again_at(req, path, failed(form, values, err), form_status(err))
            .await
    }
}

/// The status a form answers with when `err` stopped it: 413 for a file too
/// large, 415 for a file of the wrong type, 429 for too many tries, 5xx for
/// our own failures, else 422.
pub fn form_status(err: &(impl ErrorCode + ?Sized)) -> StatusCode {
    match err.code().kind() {
        kind @ (ErrorKind::TooLarge
        | ErrorKind::UnsupportedMediaType
        | ErrorKind::RateLimited
        | ErrorKind::Internal
        | ErrorKind::Unavailable) => crate::error::status(kind),
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

/// A refused form's page with `Retry-After` when `err` says how long to
/// wait (the page itself says it in words, from [`failed`]).
pub fn with_retry_after(
    mut response: HttpResponse,
    err: &(impl ErrorCode + ?Sized),
) -> HttpResponse {
    if let Some(seconds) = err.retry_after() {
        response
            .headers_mut()
            .insert(actix_web::http::header::RETRY_AFTER, seconds.into());
    }
    response
}

/// `path` with `?notice=` (or `&notice=`) added, before its fragment.
pub fn with_notice(path: &str, notice: &str) -> String {
    let (path, fragment) = path.split_once('#').unwrap_or((path, ""));
    let sep = if path.contains('?') { '&' } else { '?' };
    let fragment = if fragment.is_empty() {
        String::new()
    } else {
        format!("#{fragment}")
    };
    format!("{path}{sep}notice={notice}{fragment}")
}

/// Redirects after a successful submission.
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((LOCATION, location))
        .finish()
}

/// A form's fields as submitted.
pub type Values = BTreeMap<String, String>;

/// A form's field as sent, or empty.
fn text(values: &Values, name: &str) -> String {
    values.get(name).cloned().unwrap_or_default()
}

/// The sign-in page, coming back to `next` once signed in.
fn sign_in(next: &str) -> HttpResponse {
    see_other(&frontend::format::link("/account/login", &[("next", next)]))
}

/// Whether the form's "I am sure" box is ticked.
fn confirmed(values: &Values) -> bool {
    values.get("confirm").map(String::as_str) == Some("yes")
}

/// The idempotency key the page drew for its form, if it sent one.
fn idempotency_key(values: &Values) -> Option<String> {
    Some(text(values, "idempotency_key")).filter(|k| !k.trim().is_empty())
}

/// A whole number as people here type it: `350000`, `350.000`, `350,000`
/// or `350 000`. `Ok(None)` when left empty.
fn whole_number(text: &str) -> Result<Option<i64>, ()> {
    let text: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect();
    if text.is_empty() {
        return Ok(None);
    }
    let unsigned = text.strip_prefix('-').unwrap_or(&text);
    let grouped = ['.', ','].into_iter().any(|sep| {
        let parts: Vec<&str> = unsigned.split(sep).collect();
        parts.len() > 1
            && (1..=3).contains(&parts[0].len())
            && parts[1..].iter().all(|p| p.len() == 3)
            && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
    });
    let digits = if grouped {
        text.replace(['.', ','], "")
    } else {
        text
    };
    digits.parse::<i64>().map(Some).map_err(|_| ())
}

/// The failed submission of `form` for a domain error: its field problems,
/// or its code and message for the form as a whole. A key already spent on
/// another request is dropped, so the page draws a fresh one.
pub fn failed(form: &str, mut values: Values, err: &(impl ErrorCode + ?Sized)) -> FormState {
    let code = err.code();
    if code.name() == "idempotency_key_reused" {
        values.remove("idempotency_key");
    }
    match err.fields() {
        Some(fields) if !fields.is_empty() => FormState::failed(form, values, fields.clone(), None),
        _ => {
            let message = match code.kind() {
                ErrorKind::Internal | ErrorKind::Unavailable => {
                    tracing::error!(code = code.name(), error = %err, "form failed");
                    "Something went wrong on our side. Please try again.".to_owned()
                }
                _ => err.to_string(),
            };
            FormState::failed(
                form,
                values,
                FieldErrors::new(),
                Some((code.name().to_owned(), message)),
            )
            .retry_after(err.retry_after())
        }
    }
}

/// A path to go back to after signing in: only this site's own paths.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => {
            path.to_owned()
        }
        _ => "/account".to_owned(),
    }
}

/// Registers every form handler.
pub fn configure(cfg: &mut web::ServiceConfig) {
    account::configure(cfg);
    seller::configure(cfg);
    listings::configure(cfg);
    moderation::configure(cfg);
    catalogue_review::configure(cfg);
    collections::configure(cfg);
    orders::configure(cfg);
    payments::configure(cfg);
    exports::configure(cfg);
    figures::configure(cfg);
    trace::configure(cfg);
    reviews::configure(cfg);
    bookings::configure(cfg);
    // registered ahead of the `/assets` scope, so they answer first
    cfg.route("/assets/suggest.js", web::get().to(suggest_script))
        .route("/assets/card.js", web::get().to(card_script));
}

/// The search box's suggestion script (the pages link it with a content
/// hash, so a copy is good for a year).
async fn suggest_script() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header((
            actix_web::http::header::CACHE_CONTROL,
            "public, max-age=31536000, immutable",
        ))
        .body(frontend::SUGGEST_SCRIPT)
}

/// The card page's script (linked with a content hash, like the
/// suggestions script).
async fn card_script() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header((
            actix_web::http::header::CACHE_CONTROL,
            "public, max-age=31536000, immutable",
        ))
        .body(frontend::CARD_SCRIPT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_are_read_the_way_they_are_typed_here() {
        assert_eq!(whole_number("350000"), Ok(Some(350_000)));
        assert_eq!(whole_number("350.000"), Ok(Some(350_000)));
        assert_eq!(whole_number("1,250,000"), Ok(Some(1_250_000)));
        assert_eq!(whole_number(" 350 000 "), Ok(Some(350_000)));
        assert_eq!(whole_number(""), Ok(None));
        assert_eq!(whole_number("12.5"), Err(()));
        assert_eq!(whole_number("mười"), Err(()));
    }

    #[test]
    fn only_local_paths_are_followed_after_signing_in() {
        assert_eq!(safe_next(Some("/sell")), "/sell");
        assert_eq!(safe_next(Some("//evil.example")), "/account");
        assert_eq!(safe_next(Some("https://evil.example")), "/account");
        assert_eq!(safe_next(Some("/\\evil.example")), "/account");
        assert_eq!(safe_next(None), "/account");
    }
}
