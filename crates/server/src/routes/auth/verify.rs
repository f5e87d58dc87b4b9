//! `POST /api/v1/auth/verify-email` · `POST /api/v1/auth/verify-email/resend`

use actix_web::{HttpResponse, post, web};
use serde::Deserialize;
use utoipa::ToSchema;

use super::UserResponse;
use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// The token from the e-mailed link.
#[derive(Deserialize, ToSchema)]
pub struct TokenRequest {
    /// The `token` parameter of the link.
    pub token: String,
}

/// Confirms an e-mail address with the token from the link (once).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "accounts",
    request_body = TokenRequest,
    responses(
        (status = 200, body = UserResponse),
        (status = 422, body = ErrorBody, description = "`token_invalid`: unknown, used or expired"),
    )
)]
#[post("/auth/verify-email")]
pub async fn verify_email(
    state: web::Data<AppState>,
    body: web::Json<TokenRequest>,
) -> Result<web::Json<UserResponse>, ApiError> {
    Ok(web::Json(
        state.accounts.verify_email(&body.token).await?.into(),
    ))
}

/// E-mails a new confirmation link to the signed-in person.
#[utoipa::path(context_path = "/api/v1", tag = "accounts", responses((status = 202), (status = 401, body = ErrorBody)))]
#[post("/auth/verify-email/resend")]
pub async fn resend(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
) -> Result<HttpResponse, ApiError> {
    state.accounts.resend_verification(&actor).await?;
    Ok(HttpResponse::Accepted().finish())
}
