//! `POST /api/v1/auth/register`

use actix_web::{HttpResponse, post, web};
use serde::Deserialize;
use utoipa::ToSchema;

use super::UserResponse;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// A new account.
#[derive(Deserialize, ToSchema)]
pub struct RegisterRequest {
    /// E-mail address.
    #[schema(format = Email)]
    pub email: String,
    /// At least 10 characters, not a common password.
    #[schema(min_length = 10, max_length = 128)]
    pub password: String,
    /// Display name.
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    /// `vi` (default) or `en` (`ja` and `zh` read as `en`).
    #[serde(default)]
    #[schema(value_type = Option<kernel::Locale>)]
    pub locale: Option<String>,
}

/// Opens an account and e-mails a link to confirm the address.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "accounts",
    request_body = RegisterRequest,
    responses(
        (status = 201, body = UserResponse),
        (status = 409, body = ErrorBody, description = "`email_taken`"),
        (status = 422, body = ErrorBody, description = "fields invalid; the password too short or too common"),
    )
)]
#[post("/auth/register")]
pub async fn register(
    state: web::Data<AppState>,
    body: web::Json<RegisterRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let locale = body
        .locale
        .as_deref()
        .and_then(|l| l.parse().ok())
        .unwrap_or_default();
    let user = state
        .accounts
        .register(accounts::NewAccount {
            email: body.email,
            password: body.password,
            name: body.name,
            locale,
        })
        .await?;
    Ok(HttpResponse::Created().json(UserResponse::from(user)))
}
