//! Whose cart a request works on: the signed-in shopper's, or a guest's by
//! the `hoptac_cart` cookie (an opaque random token; the database keeps
//! only its hash). A guest's first change to the cart sets the cookie.

use accounts::Identity;
use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite, time};
use orders::CartOwner;

use crate::error::ApiError;

/// The guest cart cookie.
pub const CART_COOKIE: &str = frontend::session::CART_COOKIE;

/// Days a guest cart is kept in the browser.
const CART_DAYS: i64 = 30;

/// The cart this request reads, if it has one.
pub fn owner(req: &HttpRequest, identity: &Identity) -> Option<CartOwner> {
    match &identity.actor {
        Some(actor) => Some(CartOwner::User(actor.user_id)),
        None => req
            .cookie(CART_COOKIE)
            .map(|c| CartOwner::Guest(c.value().to_owned())),
    }
}

/// The cart this request changes, making a guest cart (and its cookie, to
/// set on the answer) when there is none yet.
pub fn owner_or_new(
    req: &HttpRequest,
    identity: &Identity,
    secure: bool,
) -> Result<(CartOwner, Option<Cookie<'static>>), ApiError> {
    if let Some(owner) = owner(req, identity) {
        return Ok((owner, None));
    }
    let (token, _) = orders::cart::new_guest_token()?;
    let cookie = cookie(&token, secure);
    Ok((CartOwner::Guest(token), Some(cookie)))
}

/// The cookie carrying a guest cart's token.
pub fn cookie(token: &str, secure: bool) -> Cookie<'static> {
    Cookie::build(CART_COOKIE, token.to_owned())
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(time::Duration::days(CART_DAYS))
        .finish()
}

/// A cookie that removes the guest cart cookie (after it was merged).
pub fn removal(secure: bool) -> Cookie<'static> {
    let mut cookie = cookie("", secure);
    cookie.make_removal();
    cookie
}

/// At sign-in, moves the guest cart of this browser into the shopper's;
/// answers the cookie removal to send. A failed merge leaves the guest cart
/// where it was (the sign-in still succeeds).
pub async fn merge_at_sign_in(
    req: &HttpRequest,
    state: &crate::state::AppState,
    user: kernel::UserId,
) -> Option<Cookie<'static>> {
    let token = req.cookie(CART_COOKIE)?.value().to_owned();
    match state.orders.merge_guest_cart(&token, user).await {
        Ok(()) => Some(removal(state.auth.secure_cookies)),
        Err(e) => {
            tracing::warn!(error = %e, "the guest cart could not be merged at sign-in");
            None
        }
    }
}
