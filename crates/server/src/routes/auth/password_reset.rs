//! `POST /api/v1/auth/password-reset` · `POST /api/v1/auth/password-reset/confirm`

use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::Deserialize;
use utoipa::ToSchema;

use super::SessionResponse;
use crate::auth::ClientInfo;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Whose password to reset.
#[derive(Deserialize, ToSchema)]
pub struct ResetRequest {
    /// E-mail address.
    pub email: String,
}

/// E-mails a reset link when an account has this address. Always answers
/// 202, so nobody learns which addresses have accounts.
#[utoipa::path(context_path = "/api/v1", tag = "accounts", request_body = ResetRequest, responses((status = 202)))]
#[post("/auth/password-reset")]
pub async fn request_reset(
    state: web::Data<AppState>,
    body: web::Json<ResetRequest>,
) -> Result<HttpResponse, ApiError> {
    state.accounts.request_password_reset(&body.email).await?;
    Ok(HttpResponse::Accepted().finish())
}

/// A new password with the token from the link.
#[derive(Deserialize, ToSchema)]
pub struct ConfirmResetRequest {
    /// The `token` parameter of the link.
    pub token: String,
    /// The new password.
    pub password: String,
}

/// Sets a new password; every session of the account ends, and the owner
/// is signed in afresh, as by `POST /auth/login` (session cookie and CSRF
/// token) — the link proves them, so the sign-in throttle never keeps them
/// out.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "accounts",
    request_body = ConfirmResetRequest,
    responses(
        (status = 200, body = SessionResponse),
        (status = 422, body = ErrorBody, description = "`token_invalid`, or the password is refused"),
    )
)]
#[post("/auth/password-reset/confirm")]
pub async fn confirm_reset(
    state: web::Data<AppState>,
    req: HttpRequest,
    client: ClientInfo,
    body: web::Json<ConfirmResetRequest>,
) -> Result<HttpResponse, ApiError> {
    let session = state
        .accounts
        .confirm_password_reset(&body.token, &body.password, &client.0)
        .await?;
    Ok(super::signed_in(&req, &state, session).await)
}
