//! What wraps every request: a request id (taken from `x-request-id` when a
//! proxy sent a sane one, else a new UUIDv7) on the response and on every log
//! line of the request, an access log line, and request metrics.

use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest};
use tracing::Instrument;

/// The header that carries the request id.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The id of the request being served.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestId(pub String);

impl FromRequest for RequestId {
    type Error = std::convert::Infallible;
    type Future = std::future::Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let id = req
            .extensions()
            .get::<RequestId>()
            .cloned()
            .unwrap_or_else(|| RequestId(uuid::Uuid::now_v7().to_string()));
        std::future::ready(Ok(id))
    }
}

fn incoming_id(req: &ServiceRequest) -> Option<String> {
    let value = req.headers().get(&REQUEST_ID)?.to_str().ok()?;
    let sane = !value.is_empty()
        && value.len() <= 64
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    sane.then(|| value.to_owned())
}

/// The request-id, logging and metrics middleware.
pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = incoming_id(&req).unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
    req.extensions_mut().insert(RequestId(id.clone()));
    let method = req.method().to_string();
    let path = req.path().to_owned();
    let span = tracing::info_span!("request", %method, %path, request_id = %id);
    let started = Instant::now();
    let mut res = next.call(req).instrument(span.clone()).await?;
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(REQUEST_ID, value);
    }
    let elapsed = started.elapsed();
    let status = res.status().as_u16();
    let route = res
        .request()
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_owned());
    metrics::counter!(
        "http_requests_total",
        "method" => method.clone(),
        "route" => route.clone(),
        "status" => status.to_string()
    )
    .increment(1);
    metrics::histogram!("http_request_duration_seconds", "method" => method, "route" => route)
        .record(elapsed.as_secs_f64());
    span.in_scope(|| {
        let ms = elapsed.as_secs_f64() * 1000.0;
        if status >= 500 {
            tracing::warn!(status, elapsed_ms = ms, "served");
        } else {
            tracing::info!(status, elapsed_ms = ms, "served");
        }
    });
    Ok(res)
}

/// Finishes the shop's pages: the renderer appends hydration bookkeeping
/// (`<script>__RESOLVED_RESOURCES=…</script>`) after `</html>`, which a shop
/// rendered on the server without hydration never uses; it is cut off, so
/// pages carry no inline script at all, and the content type names its
/// charset. Pages are rendered whole before they are sent (`SsrMode::Async`),
/// so nothing is lost by reading the body here.
pub async fn finish_html(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let res = next.call(req).await?;
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html {
        return Ok(res.map_into_boxed_body());
    }
    let (req, res) = res.into_parts();
    let (mut head, body) = res.into_parts();
    let bytes = actix_web::body::to_bytes(body)
        .await
        .map_err(|e| actix_web::error::ErrorInternalServerError(e.into().to_string()))?;
    let end = find_subslice(&bytes, b"</html>").map_or(bytes.len(), |i| i + "</html>".len());
    head.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    let res = head.set_body(bytes.slice(..end)).map_into_boxed_body();
    Ok(ServiceResponse::new(req, res))
}

fn find_subslice(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// Whether a GET of `path` answers the same to everyone: the public
/// catalogue of the API.
fn public_api(path: &str) -> bool {
    let Some(rest) = path.strip_prefix("/api/v1/") else {
        return false;
    };
    let parts: Vec<&str> = rest.split('/').collect();
    matches!(
        parts.as_slice(),
        ["products" | "cooperatives"]
            | ["products" | "cooperatives", _]
            | ["categories" | "search", ..]
    )
}

/// HTTP caching of reads: a weak `ETag` from the answer's bytes on every
/// successful GET of the public catalogue (API and the shop's pages for
/// visitors who are not signed in), answered by 304 when the client already
/// has it; `Cache-Control` saying how long a copy may be kept. Because the
/// tag comes from the bytes, anything that changes the answer — a price, a
/// certification badge that expired overnight — changes the tag.
pub async fn http_cache(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    use sha2::Digest as _;
    let is_read = matches!(
        *req.method(),
        actix_web::http::Method::GET | actix_web::http::Method::HEAD
    );
    let anonymous = req.cookie(crate::auth::SESSION_COOKIE).is_none()
        && !req.headers().contains_key(header::AUTHORIZATION);
    let path = req.path().to_owned();
    let policy = if !is_read {
        None
    } else if public_api(&path) {
        Some("public, max-age=60, stale-while-revalidate=300")
    } else if anonymous
        && !path.starts_with("/api/")
        && !path.starts_with("/media/")
        && !path.starts_with("/assets/")
    {
        // pages: the browser keeps a copy and asks whether it is still good
        Some("private, no-cache")
    } else {
        None
    };
    let if_none_match = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let res = next.call(req).await?;
    let Some(policy) = policy else {
        return Ok(res.map_into_boxed_body());
    };
    if res.status() != actix_web::http::StatusCode::OK
        || res.headers().contains_key(header::SET_COOKIE)
        || res.headers().contains_key(header::CACHE_CONTROL)
    {
        return Ok(res.map_into_boxed_body());
    }
    let (req, res) = res.into_parts();
    let (mut head, body) = res.into_parts();
    let bytes = actix_web::body::to_bytes(body)
        .await
        .map_err(|e| actix_web::error::ErrorInternalServerError(e.into().to_string()))?;
    let digest = sha2::Sha256::digest(&bytes);
    let tag = format!(
        "W/\"{}\"",
        digest[..12]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    let headers = head.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    headers.insert(
        header::VARY,
        HeaderValue::from_static("Accept-Language, Accept-Encoding, Cookie"),
    );
    if let Ok(value) = HeaderValue::from_str(&tag) {
        headers.insert(header::ETAG, value);
    }
    let matches = if_none_match.is_some_and(|v| {
        v.split(',')
            .map(str::trim)
            .any(|t| t == "*" || t.trim_start_matches("W/") == tag.trim_start_matches("W/"))
    });
    if matches {
        *head.status_mut() = actix_web::http::StatusCode::NOT_MODIFIED;
        headers_without_body(head.headers_mut());
        let res = head.set_body(()).map_into_boxed_body();
        return Ok(ServiceResponse::new(req, res));
    }
    let res = head.set_body(bytes).map_into_boxed_body();
    Ok(ServiceResponse::new(req, res))
}

fn headers_without_body(headers: &mut actix_web::http::header::HeaderMap) {
    headers.remove(header::CONTENT_TYPE);
    headers.remove(header::CONTENT_LENGTH);
}

/// Whether percent-encoded text carries a NUL character (`%00`), which no
/// name, number or address contains and PostgreSQL cannot store or compare.
fn carries_nul(encoded: &str) -> bool {
    encoded
        .as_bytes()
        .windows(3)
        .any(|w| w[0] == b'%' && w[1] == b'0' && w[2] == b'0')
}

/// Refuses a path or query string carrying a NUL character before any
/// handler sees it: a path names nothing (404 `invalid_path`), a query
/// string is invalid (422 `invalid_query`).
pub async fn refuse_nul(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    use crate::error::ApiError;
    use kernel::{Code, ErrorKind};
    let refused = if carries_nul(req.uri().path()) {
        Some(ApiError::new(
            Code::new("invalid_path", ErrorKind::NotFound),
            "Not found: the path carries a NUL character.",
        ))
    } else if carries_nul(req.query_string()) {
        Some(ApiError::new(
            Code::new("invalid_query", ErrorKind::Invalid),
            "The query string is invalid: it carries a NUL character.",
        ))
    } else {
        None
    };
    match refused {
        Some(err) => {
            let response = actix_web::ResponseError::error_response(&err);
            Ok(req.into_response(response).map_into_boxed_body())
        }
        None => Ok(next.call(req).await?.map_into_boxed_body()),
    }
}

#[cfg(test)]
mod nul_tests {
    use super::carries_nul;

    #[test]
    fn a_nul_is_found_wherever_it_is_encoded_and_nothing_else_is_taken_for_one() {
        assert!(carries_nul("number=%00"));
        assert!(carries_nul("/api/v1/products/a%00b"));
        assert!(!carries_nul("number=HT-261126-7K2M9Q&email=a%40b.vn"));
        assert!(!carries_nul("q=100%25"));
        assert!(!carries_nul("price=%3000"));
    }
}
