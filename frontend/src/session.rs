//! Who is looking at the page (set by the server's authentication layer).

use accounts::{Actor, Identity};
use actix_web::HttpMessage;
use leptos::prelude::*;

/// The identity of the request (anonymous outside a request).
pub fn identity() -> Identity {
    use_context::<leptos_actix::Request>()
        .and_then(|req| req.extensions().get::<Identity>().cloned())
        .unwrap_or_default()
}

/// The signed-in actor, if any.
pub fn actor() -> Option<Actor> {
    identity().actor
}

/// The path and query of this page, to come back to after signing in.
pub fn here() -> String {
    use_context::<leptos_actix::Request>()
        .map(|req| match req.query_string() {
            "" => req.path().to_owned(),
            q => format!("{}?{q}", req.path()),
        })
        .unwrap_or_else(|| "/".to_owned())
}

/// A link to sign in and come back here.
pub fn sign_in_link() -> String {
    crate::format::link("/account/login", &[("next", here())])
}

/// The cookie that carries a guest's cart token.
pub const CART_COOKIE: &str = "hoptac_cart";

/// Whose cart this request reads: the signed-in shopper's, else the guest
/// cart of the browser's cookie (none when there is no cookie yet).
pub fn cart_owner() -> Option<orders::CartOwner> {
    match actor() {
        Some(actor) => Some(orders::CartOwner::User(actor.user_id)),
        None => use_context::<leptos_actix::Request>()
            .and_then(|req| req.cookie(CART_COOKIE))
            .map(|c| orders::CartOwner::Guest(c.value().to_owned())),
    }
}

/// The cookie that keeps a guest's order access tokens (see
/// `orders::access`), newest first, separated by dots.
pub const ORDERS_COOKIE: &str = "hoptac_orders";

/// The order access tokens this browser keeps.
pub fn order_tokens() -> Vec<String> {
    use_context::<leptos_actix::Request>()
        .and_then(|req| req.cookie(ORDERS_COOKIE))
        .map(|c| split_tokens(c.value()))
        .unwrap_or_default()
}

/// The tokens of the orders cookie's value.
pub fn split_tokens(value: &str) -> Vec<String> {
    value
        .split('.')
        .filter(|t| !t.is_empty())
        .take(orders::access::MAX_TOKENS)
        .map(str::to_owned)
        .collect()
}
