//! `POST /api/v1/auth/login` · `POST /api/v1/auth/logout`

use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::Deserialize;
use utoipa::ToSchema;

use super::SessionResponse;
use crate::auth::{ClientInfo, SESSION_COOKIE, clear_session_cookie};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Credentials.
#[derive(Deserialize, ToSchema)]
pub struct LoginRequest {
    /// E-mail address.
    pub email: String,
    /// Password.
    pub password: String,
}

/// Signs in: sets the HttpOnly `SameSite=Lax` session cookie and answers
/// the CSRF token to send with state-changing requests.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "accounts",
    request_body = LoginRequest,
    responses(
        (status = 200, body = SessionResponse),
        (status = 401, body = ErrorBody, description = "`invalid_credentials`"),
        (status = 429, body = ErrorBody, description = "`rate_limited`, with `Retry-After`"),
    )
)]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    client: ClientInfo,
    body: web::Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let session = state
        .accounts
        .login(&body.email, &body.password, &client.0)
        .await?;
    Ok(super::signed_in(&req, &state, session).await)
}

/// Signs out: ends the session and removes the cookie.
#[utoipa::path(context_path = "/api/v1", tag = "accounts", responses((status = 204)))]
#[post("/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    if let Some(cookie) = req.cookie(SESSION_COOKIE) {
        state.accounts.logout(cookie.value()).await?;
    }
    Ok(HttpResponse::NoContent()
        .cookie(clear_session_cookie(state.auth.secure_cookies))
        .finish())
}
