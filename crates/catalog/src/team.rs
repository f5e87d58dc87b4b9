//! A cooperative's team and public profile, as its managers keep them:
//! inviting members by e-mail, removing them, editing the profile.

use accounts::members::{Member, PendingInvitation};
use accounts::{Action, Actor, Email, MemberRole, authorize};
use chrono::Utc;
use entity::audit::{self, Entry};
use entity::cooperatives;
use kernel::{CooperativeId, FieldErrors, I18nText, UserId, problem};
use notify::mail::{MemberInvitation, Recipient};
use sea_orm::{ActiveValue::Set, EntityTrait};
use serde::{Deserialize, Serialize};

use crate::onboarding::normalize_phone;
use crate::{Catalog, Error, Result};

/// A cooperative's team.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Team {
    /// Members, owners first.
    pub members: Vec<Member>,
    /// Invitations not yet accepted.
    pub invitations: Vec<PendingInvitation>,
}

/// What managers may change on an admitted cooperative's profile (the legal
/// name, registration and tax code change only through the union).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ProfileForm {
    /// One line, Vietnamese.
    pub summary_vi: String,
    /// One line, English.
    pub summary_en: String,
    /// Story, Vietnamese (required).
    pub story_vi: String,
    /// Story, English.
    pub story_en: String,
    /// Members.
    pub members_count: String,
    /// Local jobs.
    pub local_jobs: String,
    /// Year founded.
    pub founded_year: String,
    /// Street address.
    pub street: String,
    /// Contact phone.
    pub phone: String,
    /// Contact e-mail.
    pub email: String,
}

crate::form_patch::form_patch!(
    /// Some fields of an admitted cooperative's profile (`PATCH`): those
    /// sent replace the current ones, the others stay as they are.
    ProfilePatch for ProfileForm {
        summary_vi, summary_en, story_vi, story_en, members_count, local_jobs, founded_year,
        street, phone, email,
    }
);

impl ProfileForm {
    /// The form as the stored profile fills it.
    pub fn from_row(row: &cooperatives::Model) -> Self {
        use crate::form_patch::number_text;
        let text = |s: &Option<String>| s.clone().unwrap_or_default();
        Self {
            summary_vi: row.summary.vi.clone(),
            summary_en: text(&row.summary.en),
            story_vi: row.story.vi.clone(),
            story_en: text(&row.story.en),
            members_count: number_text(row.members_count),
            local_jobs: number_text(row.local_jobs),
            founded_year: number_text(row.founded_year),
            street: text(&row.street),
            phone: text(&row.phone),
            email: text(&row.email),
        }
    }
}

fn role_label(role: MemberRole, locale: kernel::Locale) -> &'static str {
    use kernel::Locale;
    match (role, locale) {
        (MemberRole::Owner, Locale::Vi) => "chủ sở hữu",
        (MemberRole::Manager, Locale::Vi) => "quản lý",
        (MemberRole::Staff, Locale::Vi) => "nhân viên",
        (MemberRole::Owner, Locale::Ja) => "オーナー",
        (MemberRole::Manager, Locale::Ja) => "マネージャー",
        (MemberRole::Staff, Locale::Ja) => "スタッフ",
        (MemberRole::Owner, Locale::Zh) => "所有者",
        (MemberRole::Manager, Locale::Zh) => "管理员",
        (MemberRole::Staff, Locale::Zh) => "员工",
        (MemberRole::Owner, Locale::En) => "owner",
        (MemberRole::Manager, Locale::En) => "manager",
        (MemberRole::Staff, Locale::En) => "staff",
    }
}

impl Catalog {
    async fn cooperative_row(&self, id: CooperativeId) -> Result<cooperatives::Model> {
        cooperatives::Entity::find_by_id(id.uuid())
            .one(&self.db)
            .await?
            .ok_or_else(|| Error::CooperativeNotFound(id.to_string()))
    }

    /// The team of a cooperative, for its members and union staff.
    pub async fn team(&self, actor: &Actor, id: CooperativeId) -> Result<Team> {
        authorize(Some(actor), Action::ViewCooperative(id)).map_err(|d| self.hide(d, id))?;
        Ok(Team {
            members: accounts::members::members(&self.db, id).await?,
            invitations: accounts::members::pending_invitations(&self.db, id).await?,
        })
    }

    /// A refusal that hides the cooperative answers "not found".
    pub(crate) fn hide(&self, denied: accounts::Denied, id: CooperativeId) -> Error {
        match denied {
            accounts::Denied::NotFound => Error::CooperativeNotFound(id.to_string()),
            other => Error::Denied(other),
        }
    }

    /// Invites someone by e-mail to join as manager or staff (owners and
    /// managers invite; only owners may invite managers).
    pub async fn invite(
        &self,
        actor: &Actor,
        id: CooperativeId,
        email: &str,
        role: MemberRole,
    ) -> Result<()> {
        authorize(Some(actor), Action::ManageTeam(id)).map_err(|d| self.hide(d, id))?;
        let mut errors = FieldErrors::new();
        let email = Email::parse(email).map_err(|_| {
            errors.add("email", problem::not_an_email());
        });
        if role == MemberRole::Owner {
            errors.add("role", problem::owner_not_invited());
        }
        if role == MemberRole::Manager && actor.role_in(id) != Some(MemberRole::Owner) {
            errors.add("role", problem::only_owner_invites_manager());
        }
        let email = match (email, errors.is_empty()) {
            (Ok(email), true) => email,
            _ => return Err(Error::Invalid(errors)),
        };
        let coop = self.cooperative_row(id).await?;
        if coop.status != cooperatives::Status::Approved {
            return Err(Error::InvalidTransition(
                "members can join once the cooperative is admitted".into(),
            ));
        }
        let txn = entity::db::begin_write(&self.db).await?;
        let secret =
            accounts::members::create_invitation(&txn, id, &email, role, actor.user_id).await?;
        audit::record(
            &txn,
            Entry {
                actor_id: Some(actor.user_id.uuid()),
                action: "member.invite".into(),
                target_type: "cooperative".into(),
                target_id: id.to_string(),
                request_id: actor.request_id.clone(),
                data: Some(serde_json::json!({ "email": email.as_str(), "role": role.as_str() })),
                ..Entry::default()
            },
        )
        .await?;
        // the invitee may have no account yet: write in the inviter's language
        let recipient = Recipient {
            email: email.as_str().to_owned(),
            name: email
                .as_str()
                .split('@')
                .next()
                .unwrap_or_default()
                .to_owned(),
            locale: actor.locale,
        };
        let content = MemberInvitation {
            cooperative_name: coop.name,
            inviter_name: actor.name.clone(),
            role: role_label(role, actor.locale).to_owned(),
            accept_url: self.url(&format!("/seller/invitations/accept?token={secret}")),
            expires_days: u32::try_from(accounts::members::INVITATION_DAYS).unwrap_or(14),
        };
        self.mailer.enqueue(&txn, &recipient, &content).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Accepts an invitation for the signed-in actor (the address invited).
    pub async fn accept_invitation(
        &self,
        actor: &Actor,
        token: &str,
    ) -> Result<(CooperativeId, MemberRole)> {
        authorize(Some(actor), Action::ManageOwnAccount)?;
        let txn = entity::db::begin_write(&self.db).await?;
        let (id, role) = accounts::members::accept_invitation(&txn, actor, token).await?;
        audit::record(
            &txn,
            Entry {
                actor_id: Some(actor.user_id.uuid()),
                action: "member.join".into(),
                target_type: "cooperative".into(),
                target_id: id.to_string(),
                request_id: actor.request_id.clone(),
                data: Some(serde_json::json!({ "role": role.as_str() })),
                ..Entry::default()
            },
        )
        .await?;
        txn.commit().await?;
        Ok((id, role))
    }

    /// Removes a member (managers remove staff; owners anyone but the last
    /// owner; anyone may leave).
    pub async fn remove_member(
        &self,
        actor: &Actor,
        id: CooperativeId,
        user: UserId,
    ) -> Result<()> {
        if user != actor.user_id {
            authorize(Some(actor), Action::ManageTeam(id)).map_err(|d| self.hide(d, id))?;
            let members = accounts::members::members(&self.db, id).await?;
            let target = members
                .iter()
                .find(|m| m.user_id == user)
                .ok_or(Error::MemberNotFound)?;
            if target.role >= MemberRole::Manager && actor.role_in(id) != Some(MemberRole::Owner) {
                return Err(Error::Denied(accounts::Denied::Forbidden));
            }
        } else {
            authorize(Some(actor), Action::ViewCooperative(id)).map_err(|d| self.hide(d, id))?;
        }
        let txn = entity::db::begin_write(&self.db).await?;
        accounts::members::remove_member(&txn, id, user).await?;
        audit::record(
            &txn,
            Entry {
                actor_id: Some(actor.user_id.uuid()),
                action: "member.remove".into(),
                target_type: "cooperative".into(),
                target_id: id.to_string(),
                request_id: actor.request_id.clone(),
                data: Some(serde_json::json!({ "user_id": user })),
                ..Entry::default()
            },
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Changes the fields of an admitted cooperative's public profile that
    /// `patch` sends; the others stay as they are.
    pub async fn patch_profile(
        &self,
        actor: &Actor,
        id: CooperativeId,
        patch: ProfilePatch,
    ) -> Result<()> {
        authorize(Some(actor), Action::EditCooperative(id)).map_err(|d| self.hide(d, id))?;
        let row = self.cooperative_row(id).await?;
        self.update_profile(actor, id, &patch.apply_to(ProfileForm::from_row(&row)))
            .await
    }

    /// Changes an admitted cooperative's public profile: every field of
    /// `form`.
    pub async fn update_profile(
        &self,
        actor: &Actor,
        id: CooperativeId,
        form: &ProfileForm,
    ) -> Result<()> {
        authorize(Some(actor), Action::EditCooperative(id)).map_err(|d| self.hide(d, id))?;
        let mut errors = FieldErrors::new();
        let story_vi = form.story_vi.trim();
        if story_vi.is_empty() {
            errors.add("story_vi", problem::required());
        } else if story_vi.chars().count() < 30 {
            errors.add("story_vi", problem::story_too_short(30));
        }
        let number = |errors: &mut FieldErrors, field: &str, text: &str, max: i32| -> Option<i32> {
            let t = text.trim();
            if t.is_empty() {
                return None;
            }
            match t.parse::<i32>() {
                Ok(n) if (0..=max).contains(&n) => Some(n),
                _ => {
                    errors.add(field, problem::whole_number_between(0, max));
                    None
                }
            }
        };
        let members_count = number(&mut errors, "members_count", &form.members_count, 100_000);
        let local_jobs = number(&mut errors, "local_jobs", &form.local_jobs, 1_000_000);
        let founded_year = number(&mut errors, "founded_year", &form.founded_year, 2100);
        let phone = match form.phone.trim() {
            "" => None,
            text => {
                let phone = normalize_phone(text);
                if phone.is_none() {
                    errors.add("phone", problem::not_a_vn_phone());
                }
                phone
            }
        };
        let email = match form.email.trim() {
            "" => None,
            text => match Email::parse(text) {
                Ok(email) => Some(email.as_str().to_owned()),
                Err(_) => {
                    errors.add("email", problem::not_an_email());
                    None
                }
            },
        };
        errors.into_result(()).map_err(Error::Invalid)?;
        let opt = |t: &str| Some(t.trim().to_owned()).filter(|t| !t.is_empty());
        let summary_vi =
            opt(&form.summary_vi).unwrap_or_else(|| story_vi.chars().take(160).collect());
        let txn = entity::db::begin_write(&self.db).await?;
        cooperatives::Entity::update(cooperatives::ActiveModel {
            id: Set(id.uuid()),
            summary: Set(I18nText {
                vi: summary_vi,
                en: opt(&form.summary_en),
                ..I18nText::default()
            }),
            story: Set(I18nText {
                vi: story_vi.to_owned(),
                en: opt(&form.story_en),
                ..I18nText::default()
            }),
            members_count: Set(members_count),
            local_jobs: Set(local_jobs),
            founded_year: Set(founded_year),
            street: Set(opt(&form.street)),
            phone: Set(phone),
            email: Set(email),
            updated_at: Set(Utc::now()),
            ..Default::default()
        })
        .exec(&txn)
        .await?;
        audit::record(
            &txn,
            Entry {
                actor_id: Some(actor.user_id.uuid()),
                action: "cooperative.update_profile".into(),
                target_type: "cooperative".into(),
                target_id: id.to_string(),
                request_id: actor.request_id.clone(),
                ..Entry::default()
            },
        )
        .await?;
        // the seller's name and province are in every listing's index entry
        crate::search_feed::cooperative_changed(&txn, id).await?;
        txn.commit().await?;
        Ok(())
    }
}
