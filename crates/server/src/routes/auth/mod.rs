//! `/api/v1/auth`: accounts, sessions, tokens.

pub mod login;
pub mod me;
pub mod password_reset;
pub mod register;
pub mod sessions;
pub mod tokens;
pub mod verify;

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use kernel::{CooperativeId, UserId};
use serde::Serialize;
use utoipa::ToSchema;

/// A cooperative a person belongs to.
#[derive(Serialize, ToSchema)]
pub struct MembershipResponse {
    /// The cooperative.
    pub cooperative_id: CooperativeId,
    /// `owner`, `manager` or `staff`.
    pub role: String,
}

/// A person as they see their own account (never a password or hash).
#[derive(Serialize, ToSchema)]
pub struct UserResponse {
    /// Id.
    pub id: UserId,
    /// E-mail address.
    pub email: String,
    /// Display name.
    pub name: String,
    /// `vi` or `en`.
    pub locale: String,
    /// `shopper`, `staff` (Cooperative Union) or `admin`.
    pub role: String,
    /// Whether the address is confirmed.
    pub email_verified: bool,
    /// Cooperatives they belong to, with their role in each.
    pub memberships: Vec<MembershipResponse>,
    /// Joined.
    pub created_at: DateTime<Utc>,
}

impl From<accounts::User> for UserResponse {
    fn from(u: accounts::User) -> Self {
        Self {
            id: u.id,
            email: u.email,
            name: u.name,
            locale: u.locale.code().to_owned(),
            role: match u.role {
                accounts::PlatformRole::Shopper => "shopper",
                accounts::PlatformRole::Staff => "staff",
                accounts::PlatformRole::Admin => "admin",
            }
            .to_owned(),
            email_verified: u.email_verified,
            memberships: u
                .memberships
                .into_iter()
                .map(|m| MembershipResponse {
                    cooperative_id: m.cooperative_id,
                    role: m.role.as_str().to_owned(),
                })
                .collect(),
            created_at: u.created_at,
        }
    }
}

/// A signed-in person with the token state-changing requests must carry.
#[derive(Serialize, ToSchema)]
pub struct SessionResponse {
    /// Who.
    pub user: UserResponse,
    /// Send it as `X-CSRF-Token` with every state-changing request made
    /// with the session cookie.
    pub csrf_token: String,
}

/// The answer to a sign-in, whichever way it was proved (password, reset
/// link): the session cookie, the person and the CSRF token; a guest's cart
/// joins the person's.
pub(crate) async fn signed_in(
    req: &HttpRequest,
    state: &web::Data<crate::state::AppState>,
    session: accounts::NewSession,
) -> HttpResponse {
    let merged = crate::cart_cookie::merge_at_sign_in(req, state, session.user.id).await;
    let mut response = HttpResponse::Ok();
    if let Some(removal) = merged {
        response.cookie(removal);
    }
    response
        .cookie(crate::auth::session_cookie(
            &session.secret,
            state.auth.session_days,
            state.auth.secure_cookies,
        ))
        .json(SessionResponse {
            user: UserResponse::from(session.user),
            csrf_token: session.csrf_token,
        })
}
