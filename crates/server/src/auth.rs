//! Who is asking, and whether a state-changing request may be trusted.
//!
//! Every request passes [`authenticate`]: a `Bearer` API token or the
//! session cookie gives an [`Identity`]. A request that changes state must
//! come from the shop's own origin (`Origin`, else `Referer`, when sent), and
//! when it rides on the session cookie it must carry the session's CSRF
//! token: in `X-CSRF-Token` (the API, any script) or, for the shop's HTML
//! forms, in their `csrf_token` field. API tokens need no CSRF token: a
//! browser never sends them by itself.

use std::future::{Ready, ready};

use accounts::{Actor, Identity};
use actix_web::body::{BoxBody, MessageBody};
use actix_web::cookie::{Cookie, SameSite, time};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest, HttpResponse, ResponseError, web};
use kernel::{Code, ErrorKind};

use crate::error::ApiError;
use crate::middleware::RequestId;
use crate::state::AppState;

/// The session cookie.
pub const SESSION_COOKIE: &str = "hoptac_session";
/// The header scripts send the CSRF token in.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The field HTML forms send the CSRF token in.
pub const CSRF_FIELD: &str = "csrf_token";

/// Marks a multipart form whose CSRF token is checked when its fields are
/// read (the token is a field of the body).
#[derive(Clone, Debug)]
pub struct CsrfFromMultipart(pub String);

/// How the request was authenticated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    /// Nobody is signed in.
    Nobody,
    /// The session cookie.
    Cookie,
    /// An API token.
    Token,
}

fn csrf_failed(why: &str) -> ApiError {
    ApiError::new(
        Code::new("csrf_failed", ErrorKind::Forbidden),
        why.to_owned(),
    )
}

fn is_api(req: &ServiceRequest) -> bool {
    req.path().starts_with("/api/")
}

/// The answer to a refused request: the envelope for the API, a short page
/// for the shop's forms.
fn refuse(req: ServiceRequest, err: ApiError) -> ServiceResponse<BoxBody> {
    if is_api(&req) {
        return req.into_response(err.error_response());
    }
    let status = err.status_code();
    let page = format!(
        "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\"><title>Hợp Tác</title><link rel=\"stylesheet\" \
         href=\"{css}\"></head><body><main class=\"message\"><h1>Không gửi được biểu mẫu · The form could not be sent</h1>\
         <p>Biểu mẫu đã hết hạn hoặc không đến từ Hợp Tác. Hãy quay lại, tải lại trang và thử lần nữa.</p>\
         <p>The form has expired or did not come from Hợp Tác. Go back, reload the page and try again.</p>\
         <p><a class=\"button\" href=\"/\">Hợp Tác</a></p></main></body></html>",
        css = frontend::stylesheet_href()
    );
    req.into_response(
        HttpResponse::build(status)
            .content_type("text/html; charset=utf-8")
            .body(page),
    )
}

fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    Some(format!(
        "{}://{}",
        scheme.to_ascii_lowercase(),
        host.to_ascii_lowercase()
    ))
}

/// Whether the request says it comes from the shop itself. A request with
/// neither `Origin` nor `Referer` (a script, a test client) is not refused
/// here: the CSRF token still has to match for cookie sessions.
fn same_origin(req: &ServiceRequest, public_origin: &str) -> bool {
    let claimed = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .filter(|v| *v != "null")
        .map(str::to_owned)
        .or_else(|| {
            req.headers()
                .get(header::REFERER)
                .and_then(|v| v.to_str().ok())
                .and_then(origin_of)
        });
    let Some(claimed) = claimed.and_then(|c| origin_of(&c).or(Some(c))) else {
        return true;
    };
    let info = req.connection_info();
    let own = format!("{}://{}", info.scheme(), info.host()).to_ascii_lowercase();
    claimed == own || Some(claimed) == origin_of(public_origin)
}

/// The authentication and CSRF middleware.
pub async fn authenticate(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    // static files need no identity: spare them the session lookup
    let is_static = req.path().starts_with("/media/") || req.path().starts_with("/assets/");
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let (Some(state), false) = (state, is_static) else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let request_id = req.extensions().get::<RequestId>().map(|r| r.0.clone());
    let bearer = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|v| v.trim().to_owned());
    let (mut identity, via) = if let Some(token) = bearer {
        match state.accounts.authenticate_api_token(&token).await {
            Ok(Some(actor)) => (
                Identity {
                    actor: Some(actor),
                    csrf_token: None,
                },
                Via::Token,
            ),
            Ok(None) => {
                let err = ApiError::new(
                    Code::new("invalid_token", ErrorKind::Unauthenticated),
                    "The API token is unknown or revoked.",
                );
                return Ok(refuse(req, err));
            }
            Err(err) => return Ok(refuse(req, err.into())),
        }
    } else if let Some(cookie) = req.cookie(SESSION_COOKIE) {
        match state.accounts.authenticate_session(cookie.value()).await {
            Ok(Some((actor, csrf))) => (
                Identity {
                    actor: Some(actor),
                    csrf_token: Some(csrf),
                },
                Via::Cookie,
            ),
            Ok(None) => (Identity::default(), Via::Nobody),
            Err(err) => return Ok(refuse(req, err.into())),
        }
    } else {
        (Identity::default(), Via::Nobody)
    };
    if let Some(actor) = identity.actor.as_mut() {
        actor.request_id = request_id;
    }

    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if unsafe_method {
        if !same_origin(&req, &state.auth.public_origin) {
            return Ok(refuse(
                req,
                csrf_failed("The request does not come from this site."),
            ));
        }
        if via == Via::Cookie {
            let expected = identity.csrf_token.clone().unwrap_or_default();
            let header_token = req
                .headers()
                .get(CSRF_HEADER)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let content_type = req
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_ascii_lowercase();
            let verdict = if let Some(token) = header_token {
                accounts::tokens::equal(&token, &expected)
            } else if is_api(&req) {
                false
            } else if content_type.starts_with("application/x-www-form-urlencoded") {
                let (body, restored) = buffer_body(&mut req, state.auth.form_limit).await?;
                req.set_payload(restored);
                form_field(&body, CSRF_FIELD)
                    .is_some_and(|token| accounts::tokens::equal(&token, &expected))
            } else if content_type.starts_with("multipart/form-data") {
                req.extensions_mut().insert(CsrfFromMultipart(expected));
                true
            } else {
                false
            };
            if !verdict {
                return Ok(refuse(
                    req,
                    csrf_failed("The CSRF token is missing or wrong."),
                ));
            }
        }
    }
    req.extensions_mut().insert(identity);
    req.extensions_mut().insert(via);
    Ok(next.call(req).await?.map_into_boxed_body())
}

/// Reads the body (up to `limit` bytes) and returns it with a payload that
/// yields it again for the handler.
async fn buffer_body(
    req: &mut ServiceRequest,
    limit: usize,
) -> Result<(web::Bytes, Payload), actix_web::Error> {
    let bytes = req.extract::<web::Bytes>().await.map_err(|_| {
        actix_web::Error::from(ApiError::new(
            Code::new("payload_too_large", ErrorKind::TooLarge),
            "The request body is too large.",
        ))
    })?;
    if bytes.len() > limit {
        return Err(ApiError::new(
            Code::new("payload_too_large", ErrorKind::TooLarge),
            "The request body is too large.",
        )
        .into());
    }
    let (_, mut h1) = actix_http::h1::Payload::create(true);
    h1.unread_data(bytes.clone());
    Ok((bytes, Payload::from(h1)))
}

fn form_field(body: &[u8], name: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

/// The session cookie for a new session.
pub fn session_cookie(secret: &str, days: i64, secure: bool) -> Cookie<'static> {
    Cookie::build(SESSION_COOKIE, secret.to_owned())
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(time::Duration::days(days))
        .finish()
}

/// A cookie that removes the session cookie.
pub fn clear_session_cookie(secure: bool) -> Cookie<'static> {
    let mut cookie = Cookie::build(SESSION_COOKIE, "")
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .finish();
    cookie.make_removal();
    cookie
}

/// The identity of the request (anonymous when nobody signed in).
pub struct Viewer(pub Identity);

impl FromRequest for Viewer {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(Self(
            req.extensions()
                .get::<Identity>()
                .cloned()
                .unwrap_or_default(),
        )))
    }
}

/// The signed-in actor; nobody signed in answers 401.
pub struct SignedIn(pub Actor);

impl FromRequest for SignedIn {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let actor = req
            .extensions()
            .get::<Identity>()
            .and_then(|i| i.actor.clone());
        ready(
            actor
                .map(Self)
                .ok_or_else(|| ApiError::from(accounts::Denied::NotSignedIn)),
        )
    }
}

/// Where the request comes from, for sessions and throttling.
pub struct ClientInfo(pub accounts::Client);

impl FromRequest for ClientInfo {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let trust = req
            .app_data::<web::Data<AppState>>()
            .is_some_and(|s| s.auth.trust_proxy_headers);
        let peer = req.connection_info().peer_addr().map(bare_address);
        let ip = if trust {
            forwarded_for(req).map(|a| bare_address(&a)).or(peer)
        } else {
            peer
        };
        let user_agent = req
            .headers()
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        ready(Ok(Self(accounts::Client { ip, user_agent })))
    }
}

/// The client's address as the proxy in front of us saw it: the last `for=`
/// of `Forwarded`, else the last entry of `X-Forwarded-For` — the one that
/// proxy added. Earlier entries are whatever the client sent, so trusting
/// them (as `ConnectionInfo::realip_remote_addr` does) would let anyone
/// pose as a new address on every request and slip past throttling.
fn forwarded_for(req: &HttpRequest) -> Option<String> {
    let values = |name: &str| {
        req.headers()
            .get_all(name)
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let forwarded = values("forwarded").into_iter().rev().find_map(|element| {
        element.split(';').find_map(|pair| {
            let (key, value) = pair.split_once('=')?;
            key.trim()
                .eq_ignore_ascii_case("for")
                .then(|| value.trim().trim_matches('"').to_owned())
        })
    });
    forwarded.or_else(|| values("x-forwarded-for").pop())
}

/// An address without its port or brackets: "1.2.3.4:5678" → "1.2.3.4",
/// "[2001:db8::1]:80" → "2001:db8::1"; a bare IPv6 address stays whole.
fn bare_address(a: &str) -> String {
    let a = a.trim();
    if let Ok(ip) = a.parse::<std::net::IpAddr>() {
        return ip.to_string();
    }
    if let Ok(socket) = a.parse::<std::net::SocketAddr>() {
        return socket.ip().to_string();
    }
    a.trim_matches(['[', ']']).to_owned()
}

/// Settings the authentication layer needs.
#[derive(Clone, Debug)]
pub struct AuthConfig {
    /// `scheme://host` of the shop.
    pub public_origin: String,
    /// Cookies with `Secure`.
    pub secure_cookies: bool,
    /// Take the client address from proxy headers.
    pub trust_proxy_headers: bool,
    /// Days a session lasts.
    pub session_days: i64,
    /// Largest form body read to find its CSRF token.
    pub form_limit: usize,
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    #[test]
    fn the_address_behind_a_proxy_is_the_one_the_proxy_appended() {
        let req = TestRequest::default()
            .insert_header(("x-forwarded-for", "6.6.6.6, 198.51.100.7"))
            .to_http_request();
        assert_eq!(forwarded_for(&req).as_deref(), Some("198.51.100.7"));
        let req = TestRequest::default()
            .append_header(("x-forwarded-for", "6.6.6.6"))
            .append_header(("x-forwarded-for", "198.51.100.8"))
            .to_http_request();
        assert_eq!(forwarded_for(&req).as_deref(), Some("198.51.100.8"));
        let req = TestRequest::default()
            .insert_header((
                "forwarded",
                r#"for=6.6.6.6;proto=https, for="[2001:db8::9]:4711""#,
            ))
            .insert_header(("x-forwarded-for", "203.0.113.1"))
            .to_http_request();
        assert_eq!(
            forwarded_for(&req).map(|a| bare_address(&a)).as_deref(),
            Some("2001:db8::9")
        );
        assert_eq!(
            forwarded_for(&TestRequest::default().to_http_request()),
            None
        );
    }

    #[test]
    fn addresses_lose_their_port_but_ipv6_addresses_stay_whole() {
        assert_eq!(bare_address("1.2.3.4:5678"), "1.2.3.4");
        assert_eq!(bare_address("[2001:db8::1]:80"), "2001:db8::1");
        assert_eq!(bare_address("2001:db8:0:0:0:0:0:1"), "2001:db8::1");
        assert_eq!(bare_address("[::1]"), "::1");
        assert_eq!(bare_address(" 203.0.113.9 "), "203.0.113.9");
    }
}
