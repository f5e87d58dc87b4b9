//! `GET /api/v1/auth/tokens` · `POST /api/v1/auth/tokens` ·
//! `DELETE /api/v1/auth/tokens/{id}`

use actix_web::{HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use kernel::CooperativeId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// An API token (never its secret, except once when made).
#[derive(Serialize, ToSchema)]
pub struct ApiTokenResponse {
    /// Id.
    pub id: Uuid,
    /// Its name.
    pub name: String,
    /// The cooperative it acts in.
    pub cooperative_id: CooperativeId,
    /// Its first characters.
    pub prefix: String,
    /// Made.
    pub created_at: DateTime<Utc>,
    /// Last used.
    pub last_used_at: Option<DateTime<Utc>>,
}

impl From<accounts::ApiTokenInfo> for ApiTokenResponse {
    fn from(t: accounts::ApiTokenInfo) -> Self {
        Self {
            id: t.id,
            name: t.name,
            cooperative_id: t.cooperative_id,
            prefix: t.prefix,
            created_at: t.created_at,
            last_used_at: t.last_used_at,
        }
    }
}

/// A new token.
#[derive(Deserialize, ToSchema)]
pub struct CreateTokenRequest {
    /// The cooperative it acts in (the maker must manage it).
    pub cooperative_id: CooperativeId,
    /// What it is for.
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
}

/// A new token with its secret, shown this once.
#[derive(Serialize, ToSchema)]
pub struct CreatedTokenResponse {
    /// The token.
    #[serde(flatten)]
    pub info: ApiTokenResponse,
    /// Send it as `Authorization: Bearer …`; it is not shown again.
    pub token: String,
}

/// The signed-in person's API tokens.
#[utoipa::path(context_path = "/api/v1", tag = "accounts", responses((status = 200, body = Vec<ApiTokenResponse>), (status = 401, body = ErrorBody)))]
#[get("/auth/tokens")]
pub async fn list_tokens(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
) -> Result<web::Json<Vec<ApiTokenResponse>>, ApiError> {
    let tokens = state.accounts.api_tokens(&actor).await?;
    Ok(web::Json(tokens.into_iter().map(Into::into).collect()))
}

/// Makes a personal API token scoped to one cooperative.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "accounts",
    request_body = CreateTokenRequest,
    responses((status = 201, body = CreatedTokenResponse), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[post("/auth/tokens")]
pub async fn create_token(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    body: web::Json<CreateTokenRequest>,
) -> Result<HttpResponse, ApiError> {
    let (token, info) = state
        .accounts
        .create_api_token(&actor, body.cooperative_id, &body.name)
        .await?;
    Ok(HttpResponse::Created().json(CreatedTokenResponse {
        info: info.into(),
        token,
    }))
}

/// Revokes one of the signed-in person's tokens.
#[utoipa::path(context_path = "/api/v1", tag = "accounts", params(("id" = Uuid, Path)), responses((status = 204), (status = 404, body = ErrorBody)))]
#[delete("/auth/tokens/{id}")]
pub async fn revoke_token(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    state
        .accounts
        .revoke_api_token(&actor, path.into_inner())
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
