//! `GET /api/v1/auth/me` · `PATCH /api/v1/auth/me`

use actix_web::{get, patch, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::UserResponse;
use crate::auth::{SignedIn, Viewer};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// The signed-in person, their roles and memberships.
#[derive(Serialize, ToSchema)]
pub struct MeResponse {
    /// Who.
    pub user: UserResponse,
    /// The session's CSRF token (absent when signed in with an API token).
    pub csrf_token: Option<String>,
    /// The cooperative an API token acts in.
    pub token_scope: Option<kernel::CooperativeId>,
}

/// Who is signed in, with their roles and cooperative memberships.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "accounts",
    responses((status = 200, body = MeResponse), (status = 401, body = ErrorBody))
)]
#[get("/auth/me")]
pub async fn me(
    state: web::Data<AppState>,
    viewer: Viewer,
) -> Result<web::Json<MeResponse>, ApiError> {
    let actor = viewer.0.actor.ok_or(accounts::Denied::NotSignedIn)?;
    let user = state.accounts.user(actor.user_id).await?;
    Ok(web::Json(MeResponse {
        user: user.into(),
        csrf_token: viewer.0.csrf_token,
        token_scope: actor.token_scope,
    }))
}

/// Profile changes: a field left out stays as it is.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileRequest {
    /// Display name.
    #[schema(max_length = 100)]
    pub name: Option<String>,
    /// The language of the shop and e-mails (`ja` and `zh` read as `en`).
    #[schema(value_type = Option<kernel::Locale>)]
    pub locale: Option<String>,
}

/// Changes the signed-in person's name, language, or both (a field left
/// out stays as it is).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "accounts",
    request_body = ProfileRequest,
    responses((status = 200, body = UserResponse), (status = 422, body = ErrorBody))
)]
#[patch("/auth/me")]
pub async fn update_me(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    body: web::Json<ProfileRequest>,
) -> Result<web::Json<UserResponse>, ApiError> {
    let locale = body
        .locale
        .as_deref()
        .map(str::parse::<kernel::Locale>)
        .transpose()
        .map_err(|_| {
            ApiError::invalid(kernel::FieldErrors::single(
                "locale",
                kernel::problem::not_one_of(&kernel::Locale::CODES),
            ))
        })?;
    let user = state
        .accounts
        .patch_profile(&actor, body.name.as_deref(), locale)
        .await?;
    Ok(web::Json(user.into()))
}
