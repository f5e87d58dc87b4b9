//! Who belongs to which cooperative, and invitations to join. The
//! cooperative-side rules (who may invite, the e-mails) live with the
//! cooperatives in `catalog`; these functions work inside its transactions.

use chrono::{DateTime, Duration, Utc};
use entity::{cooperative_invitations, cooperative_members, users};
use kernel::{CooperativeId, Locale, UserId};
use notify::mail::Recipient;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::Serialize;
use uuid::Uuid;

use crate::policy::{Actor, MemberRole};
use crate::{Email, Error, Result, tokens};

/// A member as the team page lists them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Member {
    /// Who.
    pub user_id: UserId,
    /// Their name.
    pub name: String,
    /// Their address.
    pub email: String,
    /// Their role.
    pub role: MemberRole,
    /// Joined.
    pub joined_at: DateTime<Utc>,
}

/// An invitation not yet accepted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PendingInvitation {
    /// Id.
    pub id: Uuid,
    /// Who is invited.
    pub email: String,
    /// As what.
    pub role: MemberRole,
    /// Until when.
    pub expires_at: DateTime<Utc>,
}

/// Days an invitation lasts.
pub const INVITATION_DAYS: i64 = 14;

/// How to write to a user, for e-mails about them.
pub async fn recipient_of<C: ConnectionTrait>(conn: &C, user: UserId) -> Result<Option<Recipient>> {
    Ok(users::Entity::find_by_id(user.uuid())
        .one(conn)
        .await?
        .map(|u| Recipient {
            locale: u.locale.parse().unwrap_or(Locale::Vi),
            email: u.email,
            name: u.name,
        }))
}

/// The cooperative's members, owners first.
pub async fn members<C: ConnectionTrait>(
    conn: &C,
    cooperative: CooperativeId,
) -> Result<Vec<Member>> {
    let rows = cooperative_members::Entity::find()
        .filter(cooperative_members::Column::CooperativeId.eq(cooperative.uuid()))
        .order_by_asc(cooperative_members::Column::CreatedAt)
        .all(conn)
        .await?;
    let ids: Vec<Uuid> = rows.iter().map(|m| m.user_id).collect();
    let users: std::collections::HashMap<Uuid, users::Model> = users::Entity::find()
        .filter(users::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let mut members: Vec<Member> = rows
        .into_iter()
        .filter_map(|m| {
            let user = users.get(&m.user_id)?;
            Some(Member {
                user_id: UserId(m.user_id),
                name: user.name.clone(),
                email: user.email.clone(),
                role: MemberRole::parse(&m.role)?,
                joined_at: m.created_at,
            })
        })
        .collect();
    members.sort_by(|a, b| b.role.cmp(&a.role).then(a.joined_at.cmp(&b.joined_at)));
    Ok(members)
}

/// Invitations of the cooperative that are still open.
pub async fn pending_invitations<C: ConnectionTrait>(
    conn: &C,
    cooperative: CooperativeId,
) -> Result<Vec<PendingInvitation>> {
    Ok(cooperative_invitations::Entity::find()
        .filter(cooperative_invitations::Column::CooperativeId.eq(cooperative.uuid()))
        .filter(cooperative_invitations::Column::AcceptedAt.is_null())
        .filter(cooperative_invitations::Column::ExpiresAt.gt(Utc::now()))
        .order_by_desc(cooperative_invitations::Column::CreatedAt)
        .all(conn)
        .await?
        .into_iter()
        .filter_map(|i| {
            Some(PendingInvitation {
                id: i.id,
                role: MemberRole::parse(&i.role)?,
                email: i.email,
                expires_at: i.expires_at,
            })
        })
        .collect())
}

/// Records an invitation and returns the secret for its link.
pub async fn create_invitation<C: ConnectionTrait>(
    conn: &C,
    cooperative: CooperativeId,
    email: &Email,
    role: MemberRole,
    invited_by: UserId,
) -> Result<String> {
    let (secret, hash) = tokens::generate("")?;
    let now = Utc::now();
    cooperative_invitations::Entity::insert(cooperative_invitations::ActiveModel {
        id: Set(Uuid::now_v7()),
        cooperative_id: Set(cooperative.uuid()),
        email: Set(email.as_str().to_owned()),
        role: Set(role.as_str().to_owned()),
        token_hash: Set(hash),
        invited_by: Set(Some(invited_by.uuid())),
        expires_at: Set(now + Duration::days(INVITATION_DAYS)),
        accepted_at: Set(None),
        created_at: Set(now),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(secret)
}

/// Accepts an invitation for the signed-in actor, whose address must be the
/// one invited: they join with the invited role. Returns the cooperative and
/// the role.
pub async fn accept_invitation<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    secret: &str,
) -> Result<(CooperativeId, MemberRole)> {
    let now = Utc::now();
    let invitation = cooperative_invitations::Entity::find()
        .filter(cooperative_invitations::Column::TokenHash.eq(tokens::hash(secret.trim())))
        .one(conn)
        .await?
        .ok_or(Error::TokenInvalid)?;
    if !invitation.email.eq_ignore_ascii_case(&actor.email) {
        // the link was for someone else: say nothing about it
        return Err(Error::TokenInvalid);
    }
    let role = MemberRole::parse(&invitation.role).ok_or(Error::TokenInvalid)?;
    let taken = cooperative_invitations::Entity::update_many()
        .col_expr(
            cooperative_invitations::Column::AcceptedAt,
            Expr::value(Some(now)),
        )
        .filter(cooperative_invitations::Column::Id.eq(invitation.id))
        .filter(cooperative_invitations::Column::AcceptedAt.is_null())
        .filter(cooperative_invitations::Column::ExpiresAt.gt(now))
        .exec(conn)
        .await?;
    if taken.rows_affected != 1 {
        return Err(Error::TokenInvalid);
    }
    let cooperative = CooperativeId(invitation.cooperative_id);
    // joining never lowers a role someone already has
    let current = actor
        .memberships
        .iter()
        .find(|m| m.cooperative_id == cooperative)
        .map(|m| m.role);
    let role = current.map_or(role, |c| c.max(role));
    crate::service::add_member(conn, cooperative, actor.user_id, role).await?;
    Ok((cooperative, role))
}

/// Removes a member; the last owner cannot be removed.
pub async fn remove_member<C: ConnectionTrait>(
    conn: &C,
    cooperative: CooperativeId,
    user: UserId,
) -> Result<()> {
    let all = members(conn, cooperative).await?;
    let target = all
        .iter()
        .find(|m| m.user_id == user)
        .ok_or(Error::NotFound("member"))?;
    let owners = all.iter().filter(|m| m.role == MemberRole::Owner).count();
    if target.role == MemberRole::Owner && owners == 1 {
        return Err(Error::Invalid(kernel::FieldErrors::single(
            "user_id",
            kernel::problem::last_owner_cannot_leave(),
        )));
    }
    cooperative_members::Entity::delete_many()
        .filter(cooperative_members::Column::CooperativeId.eq(cooperative.uuid()))
        .filter(cooperative_members::Column::UserId.eq(user.uuid()))
        .exec(conn)
        .await?;
    Ok(())
}

/// The names of the users `ids`, in one query, for lists that name people.
pub async fn names_of<C: ConnectionTrait>(
    conn: &C,
    ids: Vec<Uuid>,
) -> Result<std::collections::HashMap<Uuid, String>> {
    if ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    let rows: Vec<(Uuid, String)> = users::Entity::find()
        .select_only()
        .column(users::Column::Id)
        .column(users::Column::Name)
        .filter(users::Column::Id.is_in(ids))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows.into_iter().collect())
}
