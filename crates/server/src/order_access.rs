//! A guest's access to their checkouts and orders: the tokens the orders
//! service hands out (at checkout, by an e-mail link, by a look-up) are
//! kept in the HttpOnly `hoptac_orders` cookie, newest first, so that no
//! e-mail address — nor, after its first request, any token — stays in a
//! URL. API clients send a token in the `X-Order-Access` header.

use actix_web::HttpRequest;
use actix_web::body::MessageBody;
use actix_web::cookie::{Cookie, SameSite, time};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::LOCATION;
use actix_web::middleware::Next;
use actix_web::{HttpResponse, web};

use crate::state::AppState;

/// The cookie.
pub const ORDERS_COOKIE: &str = frontend::session::ORDERS_COOKIE;
/// The API's header.
pub const ACCESS_HEADER: &str = "X-Order-Access";

/// Days a browser keeps its order tokens.
const DAYS: i64 = 180;

/// The tokens a request carries: its cookie's and its header's.
pub fn tokens(req: &HttpRequest) -> Vec<String> {
    let mut tokens: Vec<String> = req
        .headers()
        .get(ACCESS_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .into_iter()
        .collect();
    if let Some(cookie) = req.cookie(ORDERS_COOKIE) {
        tokens.extend(frontend::session::split_tokens(cookie.value()));
    }
    tokens.truncate(orders::access::MAX_TOKENS);
    tokens
}

/// Whether `token` looks like one of ours (anything else is not kept).
fn plausible(token: &str) -> bool {
    token.starts_with("hta_")
        && token.len() <= 80
        && token
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// The cookie with `token` added in front of the request's others.
pub fn remember(req: &HttpRequest, token: &str, secure: bool) -> Cookie<'static> {
    let mut kept = vec![token.to_owned()];
    if let Some(cookie) = req.cookie(ORDERS_COOKIE) {
        kept.extend(
            frontend::session::split_tokens(cookie.value())
                .into_iter()
                .filter(|t| t != token),
        );
    }
    kept.truncate(orders::access::MAX_TOKENS);
    Cookie::build(ORDERS_COOKIE, kept.join("."))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(time::Duration::days(DAYS))
        .finish()
}

/// `GET /checkout/{id}?access=…` and `/orders/{id}?access=…` (the links of
/// e-mails to guests): the token goes into the cookie and the browser is
/// sent to the same page without it, so it stays out of history and logs.
pub async fn take_link_token(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<actix_web::body::EitherBody<impl MessageBody>>, actix_web::Error> {
    let is_order_page = req.method() == actix_web::http::Method::GET
        && (req.path().starts_with("/checkout/") || req.path().starts_with("/orders/"));
    let token = is_order_page
        .then(|| {
            web::Query::<Vec<(String, String)>>::from_query(req.query_string())
                .ok()
                .and_then(|q| {
                    let token = q
                        .iter()
                        .find(|(k, _)| k == "access")
                        .map(|(_, v)| v.clone())?;
                    let rest: Vec<(String, String)> =
                        q.0.into_iter().filter(|(k, _)| k != "access").collect();
                    Some((token, rest))
                })
        })
        .flatten();
    let Some((token, rest)) = token else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_left_body);
    };
    let secure = req
        .app_data::<web::Data<AppState>>()
        .is_some_and(|s| s.auth.secure_cookies);
    let location = match serde_urlencoded::to_string(&rest) {
        Ok(q) if !q.is_empty() => format!("{}?{q}", req.path()),
        _ => req.path().to_owned(),
    };
    let mut response = HttpResponse::SeeOther();
    response.insert_header((LOCATION, location));
    if plausible(token.trim()) {
        response.cookie(remember(req.request(), token.trim(), secure));
    }
    let response = response.finish();
    Ok(req.into_response(response).map_into_right_body())
}
