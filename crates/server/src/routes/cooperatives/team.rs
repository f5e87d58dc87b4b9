//! A cooperative's team and profile: `GET|POST /api/v1/cooperatives/{id}/members` ·
//! `DELETE /api/v1/cooperatives/{id}/members/{user_id}` · `POST /api/v1/invitations/accept` ·
//! `PATCH /api/v1/cooperatives/{id}`

use accounts::MemberRole;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, Utc};
use kernel::{CooperativeId, FieldErrors, UserId, problem};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::routes::cooperatives::applications::ApplicationResponse;
use crate::state::AppState;

/// A member.
#[derive(Serialize, ToSchema)]
pub struct MemberResponse {
    /// Who.
    pub user_id: UserId,
    /// Name.
    pub name: String,
    /// Address.
    pub email: String,
    /// `owner`, `manager` or `staff`.
    pub role: String,
    /// Joined.
    pub joined_at: DateTime<Utc>,
}

/// An open invitation.
#[derive(Serialize, ToSchema)]
pub struct InvitationResponse {
    /// Id.
    pub id: Uuid,
    /// Who.
    pub email: String,
    /// As what.
    pub role: String,
    /// Until when.
    pub expires_at: DateTime<Utc>,
}

/// A cooperative's team.
#[derive(Serialize, ToSchema)]
pub struct TeamResponse {
    /// Members, owners first.
    pub members: Vec<MemberResponse>,
    /// Invitations not yet accepted.
    pub invitations: Vec<InvitationResponse>,
}

/// The team, for members and union staff.
#[utoipa::path(context_path = "/api/v1", tag = "cooperatives", params(("id" = CooperativeId, Path)), responses((status = 200, body = TeamResponse), (status = 404, body = ErrorBody)))]
#[get("/cooperatives/{id}/members")]
pub async fn list_members(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<CooperativeId>,
) -> Result<web::Json<TeamResponse>, ApiError> {
    let team = state.catalog.team(&actor, path.into_inner()).await?;
    Ok(web::Json(TeamResponse {
        members: team
            .members
            .into_iter()
            .map(|m| MemberResponse {
                user_id: m.user_id,
                name: m.name,
                email: m.email,
                role: m.role.as_str().to_owned(),
                joined_at: m.joined_at,
            })
            .collect(),
        invitations: team
            .invitations
            .into_iter()
            .map(|i| InvitationResponse {
                id: i.id,
                email: i.email,
                role: i.role.as_str().to_owned(),
                expires_at: i.expires_at,
            })
            .collect(),
    }))
}

/// Someone to invite.
#[derive(Deserialize, ToSchema)]
pub struct InviteRequest {
    /// Their address.
    pub email: String,
    /// `manager` or `staff`.
    pub role: String,
}

/// Invites someone by e-mail (owners and managers; only owners invite managers).
#[utoipa::path(context_path = "/api/v1", tag = "cooperatives", params(("id" = CooperativeId, Path)), request_body = InviteRequest, responses((status = 202), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/cooperatives/{id}/members")]
pub async fn invite(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<CooperativeId>,
    body: web::Json<InviteRequest>,
) -> Result<HttpResponse, ApiError> {
    let role = MemberRole::parse(&body.role).ok_or_else(|| {
        ApiError::invalid(FieldErrors::single(
            "role",
            problem::not_one_of(&["manager", "staff"]),
        ))
    })?;
    state
        .catalog
        .invite(&actor, path.into_inner(), &body.email, role)
        .await?;
    Ok(HttpResponse::Accepted().finish())
}

/// Removes a member (or leaves, for oneself).
#[utoipa::path(context_path = "/api/v1", tag = "cooperatives", params(("id" = CooperativeId, Path), ("user_id" = UserId, Path)), responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[delete("/cooperatives/{id}/members/{user_id}")]
pub async fn remove_member(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<(CooperativeId, UserId)>,
) -> Result<HttpResponse, ApiError> {
    let (id, user) = path.into_inner();
    state.catalog.remove_member(&actor, id, user).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The token of an invitation link.
#[derive(Deserialize, ToSchema)]
pub struct AcceptRequest {
    /// The `token` parameter of the link.
    pub token: String,
}

/// Where the invitation led.
#[derive(Serialize, ToSchema)]
pub struct AcceptResponse {
    /// The cooperative joined.
    pub cooperative_id: CooperativeId,
    /// The role in it.
    pub role: String,
}

/// Accepts an invitation for the signed-in person (the address invited).
#[utoipa::path(context_path = "/api/v1", tag = "cooperatives", request_body = AcceptRequest, responses((status = 200, body = AcceptResponse), (status = 422, body = ErrorBody)))]
#[post("/invitations/accept")]
pub async fn accept_invitation(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    body: web::Json<AcceptRequest>,
) -> Result<web::Json<AcceptResponse>, ApiError> {
    let (cooperative_id, role) = state.catalog.accept_invitation(&actor, &body.token).await?;
    Ok(web::Json(AcceptResponse {
        cooperative_id,
        role: role.as_str().to_owned(),
    }))
}

/// Changes an admitted cooperative's profile (owners and managers): the
/// fields sent replace the current ones, the others stay as they are.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "cooperatives",
    params(("id" = CooperativeId, Path)),
    request_body = catalog::team::ProfilePatch,
    responses((status = 200, body = ApplicationResponse), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[patch("/cooperatives/{id}")]
pub async fn update_profile(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<CooperativeId>,
    body: web::Json<catalog::team::ProfilePatch>,
) -> Result<web::Json<ApplicationResponse>, ApiError> {
    let id = path.into_inner();
    state
        .catalog
        .patch_profile(&actor, id, body.into_inner())
        .await?;
    Ok(web::Json(
        state.catalog.application(&actor, id).await?.into(),
    ))
}
