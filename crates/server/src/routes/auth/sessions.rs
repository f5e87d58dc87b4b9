//! `GET /api/v1/auth/sessions` · `DELETE /api/v1/auth/sessions/{id}` ·
//! `POST /api/v1/auth/sessions/revoke-all`

use actix_web::{HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::{SignedIn, clear_session_cookie};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// An open session.
#[derive(Serialize, ToSchema)]
pub struct SessionInfoResponse {
    /// Id.
    pub id: Uuid,
    /// Browser.
    pub user_agent: Option<String>,
    /// Address.
    pub ip: Option<String>,
    /// Signed in.
    pub created_at: DateTime<Utc>,
    /// Last used.
    pub last_seen_at: DateTime<Utc>,
    /// Ends.
    pub expires_at: DateTime<Utc>,
    /// Whether it is this one.
    pub current: bool,
}

impl From<accounts::SessionInfo> for SessionInfoResponse {
    fn from(s: accounts::SessionInfo) -> Self {
        Self {
            id: s.id,
            user_agent: s.user_agent,
            ip: s.ip,
            created_at: s.created_at,
            last_seen_at: s.last_seen_at,
            expires_at: s.expires_at,
            current: s.current,
        }
    }
}

/// The signed-in person's open sessions.
#[utoipa::path(context_path = "/api/v1", tag = "accounts", responses((status = 200, body = Vec<SessionInfoResponse>), (status = 401, body = ErrorBody)))]
#[get("/auth/sessions")]
pub async fn list_sessions(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
) -> Result<web::Json<Vec<SessionInfoResponse>>, ApiError> {
    let sessions = state.accounts.sessions(&actor).await?;
    Ok(web::Json(sessions.into_iter().map(Into::into).collect()))
}

/// Ends one session.
#[utoipa::path(context_path = "/api/v1", tag = "accounts", params(("id" = Uuid, Path)), responses((status = 204), (status = 404, body = ErrorBody)))]
#[delete("/auth/sessions/{id}")]
pub async fn revoke_session(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    state
        .accounts
        .revoke_session(&actor, path.into_inner())
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Ends every session ("sign out everywhere"), this one included.
#[utoipa::path(context_path = "/api/v1", tag = "accounts", responses((status = 204), (status = 401, body = ErrorBody)))]
#[post("/auth/sessions/revoke-all")]
pub async fn revoke_all(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
) -> Result<HttpResponse, ApiError> {
    state.accounts.revoke_all_sessions(&actor).await?;
    Ok(HttpResponse::NoContent()
        .cookie(clear_session_cookie(state.auth.secure_cookies))
        .finish())
}
