//! The Cooperative Union's review of sellers: the queue, an application's
//! full detail with its documents, decisions (approve, reject, request
//! changes, suspend, reinstate) written to the audit log and e-mailed to the
//! applicant, and the audit log itself.

use accounts::{Action, Actor, MemberRole, authorize};
use chrono::{DateTime, Utc};
use entity::audit::{self, Entry};
use entity::{audit_log, cooperative_documents, cooperatives};
use kernel::{CooperativeId, FieldErrors, I18nText, Page, PageRequest, UserId, problem};
use notify::mail;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use uuid::Uuid;

use crate::onboarding::{kind_of, status_name};
use crate::{Catalog, CooperativeKind, Error, Result};

/// What staff decide about a cooperative.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Admit it: the applicant becomes its owner.
    Approve,
    /// Refuse it, saying why.
    Reject(String),
    /// Ask for changes, saying which.
    RequestChanges(String),
    /// Take it out of the shop, saying why.
    Suspend(String),
    /// Put it back in the shop.
    Reinstate,
}

impl Decision {
    /// Reads an action name from a URL (`approve`, `reject`,
    /// `request-changes`, `suspend`, `reinstate`) with its reason.
    pub fn parse(action: &str, reason: Option<&str>) -> Result<Self> {
        let reason = reason
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_owned);
        let need = |reason: Option<String>| {
            reason.ok_or_else(|| {
                Error::Invalid(FieldErrors::single(
                    "reason",
                    problem::reason_required_for_decision(),
                ))
            })
        };
        match action {
            "approve" => Ok(Self::Approve),
            "reinstate" => Ok(Self::Reinstate),
            "reject" => need(reason).map(Self::Reject),
            "request-changes" | "request_changes" => need(reason).map(Self::RequestChanges),
            "suspend" => need(reason).map(Self::Suspend),
            other => Err(Error::Invalid(FieldErrors::single(
                "action",
                problem::unknown_decision(other),
            ))),
        }
    }

    fn name(&self) -> &'static str {
        match self {
            Self::Approve => "approve",
            Self::Reject(_) => "reject",
            Self::RequestChanges(_) => "request_changes",
            Self::Suspend(_) => "suspend",
            Self::Reinstate => "reinstate",
        }
    }

    fn reason(&self) -> Option<&str> {
        match self {
            Self::Reject(r) | Self::RequestChanges(r) | Self::Suspend(r) => Some(r),
            Self::Approve | Self::Reinstate => None,
        }
    }

    /// Where the decision takes a cooperative from `from`, if it may.
    fn target(&self, from: cooperatives::Status) -> Option<cooperatives::Status> {
        use cooperatives::Status::*;
        match (self, from) {
            (Self::Approve, Pending) => Some(Approved),
            (Self::Reject(_), Pending | ChangesRequested) => Some(Rejected),
            (Self::RequestChanges(_), Pending) => Some(ChangesRequested),
            (Self::Suspend(_), Approved) => Some(Suspended),
            (Self::Reinstate, Suspended) => Some(Approved),
            _ => None,
        }
    }
}

/// An application in the review queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ApplicationSummary {
    /// Id.
    pub id: CooperativeId,
    /// URL name.
    pub slug: String,
    /// Legal name.
    pub name: String,
    /// Legal form.
    pub kind: CooperativeKind,
    /// Province.
    pub province: String,
    /// Status name.
    pub status: String,
    /// Submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// Documents attached.
    pub documents: u64,
}

/// An evidence document's description (its bytes are fetched separately).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DocumentInfo {
    /// Id.
    pub id: Uuid,
    /// File name.
    pub filename: String,
    /// Type, from its content.
    pub content_type: String,
    /// Size in bytes.
    pub size_bytes: i64,
    /// Uploaded.
    pub uploaded_at: DateTime<Utc>,
}

/// An entry of the audit log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    /// Id.
    pub id: Uuid,
    /// Who acted.
    pub actor_id: Option<UserId>,
    /// Their name, when they have an account.
    pub actor_name: Option<String>,
    /// What they did.
    pub action: String,
    /// To what kind of thing.
    pub target_type: String,
    /// To which.
    pub target_id: String,
    /// What it is called (a cooperative's or person's name, a listing's
    /// title, an order's number, a lot's code), when it can be named.
    pub target_name: Option<String>,
    /// Why.
    pub reason: Option<String>,
    /// The request.
    pub request_id: Option<String>,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// Everything about an application or a seller, for staff and the applicant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ApplicationDetail {
    /// Id.
    pub id: CooperativeId,
    /// URL name.
    pub slug: String,
    /// Legal name.
    pub name: String,
    /// Legal form.
    pub kind: CooperativeKind,
    /// Status name.
    pub status: String,
    /// Why staff decided as they did.
    pub status_reason: Option<String>,
    /// Registration number.
    pub registration_number: Option<String>,
    /// Tax code.
    pub tax_code: Option<String>,
    /// Province.
    pub province: String,
    /// District.
    pub district: Option<String>,
    /// Ward.
    pub ward: Option<String>,
    /// Street.
    pub street: Option<String>,
    /// Representative.
    pub representative: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Contact e-mail.
    pub email: Option<String>,
    /// Members.
    pub members_count: Option<i32>,
    /// Local jobs.
    pub local_jobs: Option<i32>,
    /// Year founded.
    pub founded_year: Option<i32>,
    /// Summary.
    pub summary: I18nText,
    /// Story.
    pub story: I18nText,
    /// The applicant.
    pub applicant_id: Option<UserId>,
    /// Submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// Last status change.
    pub status_changed_at: Option<DateTime<Utc>>,
    /// Evidence documents.
    pub documents: Vec<DocumentInfo>,
    /// What happened to it, newest first.
    pub history: Vec<AuditEntry>,
}

/// Filters of the audit log.
#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    /// Only this person's actions.
    pub actor_id: Option<Uuid>,
    /// Only actions starting with this (e.g. `cooperative.`).
    pub action: Option<String>,
    /// Only about this kind of thing.
    pub target_type: Option<String>,
    /// Only about this one.
    pub target_id: Option<String>,
    /// From this time.
    pub from: Option<DateTime<Utc>>,
    /// Before this time.
    pub to: Option<DateTime<Utc>>,
}

impl Catalog {
    /// Applications and sellers with `status` (pending by default), oldest
    /// submission first: the order they should be reviewed in.
    pub async fn review_queue(
        &self,
        actor: &Actor,
        status: Option<cooperatives::Status>,
        page: PageRequest,
    ) -> Result<Page<ApplicationSummary>> {
        authorize(Some(actor), Action::Moderate)?;
        let status = status.unwrap_or(cooperatives::Status::Pending);
        let select = cooperatives::Entity::find().filter(cooperatives::Column::Status.eq(status));
        let total = select.clone().count(&self.db).await?;
        let rows = select
            .order_by_asc(cooperatives::Column::SubmittedAt)
            .order_by_asc(cooperatives::Column::Id)
            .offset(page.offset())
            .limit(page.per_page())
            .all(&self.db)
            .await?;
        let mut items = Vec::with_capacity(rows.len());
        for c in rows {
            let documents = cooperative_documents::Entity::find()
                .filter(cooperative_documents::Column::CooperativeId.eq(c.id))
                .count(&self.db)
                .await?;
            items.push(ApplicationSummary {
                id: CooperativeId(c.id),
                slug: c.slug,
                name: c.name,
                kind: kind_of(c.kind),
                province: c.province,
                status: status_name(c.status).to_owned(),
                submitted_at: c.submitted_at,
                documents,
            });
        }
        Ok(Page::new(items, page, total))
    }

    /// An application's full detail: for staff, and for the applicant and
    /// members; anyone else is told it does not exist.
    pub async fn application(&self, actor: &Actor, id: CooperativeId) -> Result<ApplicationDetail> {
        let coop = if authorize(Some(actor), Action::Moderate).is_ok() {
            cooperatives::Entity::find_by_id(id.uuid())
                .one(&self.db)
                .await?
                .ok_or_else(|| Error::CooperativeNotFound(id.to_string()))?
        } else {
            self.own_application(actor, id, crate::onboarding::Access::View)
                .await?
        };
        let documents = cooperative_documents::Entity::find()
            .filter(cooperative_documents::Column::CooperativeId.eq(coop.id))
            .order_by_asc(cooperative_documents::Column::CreatedAt)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|d| DocumentInfo {
                id: d.id,
                filename: d.filename,
                content_type: d.content_type,
                size_bytes: d.size_bytes,
                uploaded_at: d.created_at,
            })
            .collect();
        let history = self
            .audit_entries(
                &AuditFilter {
                    target_type: Some("cooperative".into()),
                    target_id: Some(coop.id.to_string()),
                    ..AuditFilter::default()
                },
                PageRequest::new(Some(1), Some(100)).unwrap_or_default(),
                actor.locale,
            )
            .await?
            .items;
        Ok(ApplicationDetail {
            id: CooperativeId(coop.id),
            slug: coop.slug,
            name: coop.name,
            kind: kind_of(coop.kind),
            status: status_name(coop.status).to_owned(),
            status_reason: coop.status_reason,
            registration_number: coop.registration_number,
            tax_code: coop.tax_code,
            province: coop.province,
            district: coop.district,
            ward: coop.ward,
            street: coop.street,
            representative: coop.representative,
            phone: coop.phone,
            email: coop.email,
            members_count: coop.members_count,
            local_jobs: coop.local_jobs,
            founded_year: coop.founded_year,
            summary: coop.summary,
            story: coop.story,
            applicant_id: coop.owner_id.map(UserId),
            submitted_at: coop.submitted_at,
            status_changed_at: coop.status_changed_at,
            documents,
            history,
        })
    }

    /// An evidence document's bytes, for staff and the applicant: (file
    /// name, content type, bytes).
    pub async fn document(
        &self,
        actor: &Actor,
        id: CooperativeId,
        document: Uuid,
    ) -> Result<(String, String, Vec<u8>)> {
        if authorize(Some(actor), Action::Moderate).is_err() {
            self.own_application(actor, id, crate::onboarding::Access::View)
                .await?;
        }
        let doc = cooperative_documents::Entity::find_by_id(document)
            .filter(cooperative_documents::Column::CooperativeId.eq(id.uuid()))
            .one(&self.db)
            .await?
            .ok_or(Error::DocumentNotFound)?;
        let name = format!("original.{}", crate::media::extension(&doc.content_type));
        let bytes = self.documents.get(&doc.storage_key, &name).await?;
        Ok((doc.filename, doc.content_type, bytes))
    }

    /// Decides about a cooperative. The step must be allowed from where it
    /// is (else `invalid_transition`); it is audit-logged with the reason and
    /// e-mailed to the applicant; approving makes the applicant its owner.
    /// A suspended cooperative's listings leave the shop at once (every
    /// public read requires an approved cooperative).
    #[tracing::instrument(skip_all, fields(cooperative = %id, decision = decision.name()))]
    pub async fn decide(
        &self,
        actor: &Actor,
        id: CooperativeId,
        decision: Decision,
    ) -> Result<ApplicationDetail> {
        authorize(Some(actor), Action::Moderate)?;
        let now = Utc::now();
        let txn = entity::db::begin_write(&self.db).await?;
        let coop = cooperatives::Entity::find_by_id(id.uuid())
            .one(&txn)
            .await?
            .ok_or_else(|| Error::CooperativeNotFound(id.to_string()))?;
        let to = decision.target(coop.status).ok_or_else(|| {
            Error::InvalidTransition(format!(
                "cannot {} a cooperative that is {}",
                decision.name().replace('_', " "),
                status_name(coop.status)
            ))
        })?;
        let mut update = cooperatives::Entity::update_many()
            .col_expr(cooperatives::Column::Status, Expr::value(to))
            .col_expr(
                cooperatives::Column::StatusReason,
                Expr::value(decision.reason().map(str::to_owned)),
            )
            .col_expr(
                cooperatives::Column::StatusChangedAt,
                Expr::value(Some(now)),
            )
            .col_expr(cooperatives::Column::UpdatedAt, Expr::value(now));
        if decision == Decision::Approve {
            update = update.col_expr(cooperatives::Column::ApprovedAt, Expr::value(Some(now)));
        }
        // conditional on the status read above: two staff deciding at once
        // cannot both win
        let changed = update
            .filter(cooperatives::Column::Id.eq(coop.id))
            .filter(cooperatives::Column::Status.eq(coop.status))
            .exec(&txn)
            .await?;
        if changed.rows_affected != 1 {
            return Err(Error::InvalidTransition(
                "the cooperative changed meanwhile; reload and decide again".into(),
            ));
        }
        let applicant = coop.owner_id.map(UserId);
        if decision == Decision::Approve
            && let Some(applicant) = applicant
        {
            accounts::add_member(&txn, id, applicant, MemberRole::Owner).await?;
        }
        audit::record(
            &txn,
            Entry {
                actor_id: Some(actor.user_id.uuid()),
                action: format!("cooperative.{}", decision.name()),
                target_type: "cooperative".into(),
                target_id: coop.id.to_string(),
                reason: decision.reason().map(str::to_owned),
                request_id: actor.request_id.clone(),
                data: Some(serde_json::json!({
                    "from": status_name(coop.status),
                    "to": status_name(to),
                })),
            },
        )
        .await?;
        // suspending hides every listing from search; reinstating shows them
        crate::search_feed::cooperative_changed(&txn, id).await?;
        if let Some(applicant) = applicant
            && let Some(recipient) = accounts::members::recipient_of(&txn, applicant).await?
        {
            let name = coop.name.clone();
            let reason = decision.reason().unwrap_or_default().to_owned();
            let dashboard_url = self.url("/seller");
            let application_url = self.url(&format!("/seller/applications/{}", coop.id));
            match &decision {
                Decision::Approve => {
                    let content = mail::ApplicationApproved {
                        cooperative_name: name,
                        dashboard_url,
                    };
                    self.mailer.enqueue(&txn, &recipient, &content).await?;
                }
                Decision::Reject(_) => {
                    let content = mail::ApplicationRejected {
                        cooperative_name: name,
                        reason,
                    };
                    self.mailer.enqueue(&txn, &recipient, &content).await?;
                }
                Decision::RequestChanges(_) => {
                    let content = mail::ApplicationChangesRequested {
                        cooperative_name: name,
                        reason,
                        application_url,
                    };
                    self.mailer.enqueue(&txn, &recipient, &content).await?;
                }
                Decision::Suspend(_) => {
                    let content = mail::CooperativeSuspended {
                        cooperative_name: name,
                        reason,
                    };
                    self.mailer.enqueue(&txn, &recipient, &content).await?;
                }
                Decision::Reinstate => {
                    let content = mail::CooperativeReinstated {
                        cooperative_name: name,
                        dashboard_url,
                    };
                    self.mailer.enqueue(&txn, &recipient, &content).await?;
                }
            }
        }
        txn.commit().await?;
        tracing::info!(to = status_name(to), "decided");
        self.application(actor, id).await
    }

    /// The audit log, newest first, for staff.
    pub async fn audit_log(
        &self,
        actor: &Actor,
        filter: &AuditFilter,
        page: PageRequest,
    ) -> Result<Page<AuditEntry>> {
        authorize(Some(actor), Action::ViewAuditLog)?;
        self.audit_entries(filter, page, actor.locale).await
    }

    async fn audit_entries(
        &self,
        filter: &AuditFilter,
        page: PageRequest,
        locale: kernel::Locale,
    ) -> Result<Page<AuditEntry>> {
        let mut select = audit_log::Entity::find();
        if let Some(actor) = filter.actor_id {
            select = select.filter(audit_log::Column::ActorId.eq(actor));
        }
        if let Some(action) = filter.action.as_deref().filter(|a| !a.is_empty()) {
            select = select.filter(audit_log::Column::Action.starts_with(action));
        }
        if let Some(target_type) = filter.target_type.as_deref().filter(|t| !t.is_empty()) {
            select = select.filter(audit_log::Column::TargetType.eq(target_type));
        }
        if let Some(target_id) = filter.target_id.as_deref().filter(|t| !t.is_empty()) {
            select = select.filter(audit_log::Column::TargetId.eq(target_id));
        }
        if let Some(from) = filter.from {
            select = select.filter(audit_log::Column::CreatedAt.gte(from));
        }
        if let Some(to) = filter.to {
            select = select.filter(audit_log::Column::CreatedAt.lt(to));
        }
        let total = select.clone().count(&self.db).await?;
        let rows = select
            .order_by_desc(audit_log::Column::CreatedAt)
            .order_by_desc(audit_log::Column::Id)
            .offset(page.offset())
            .limit(page.per_page())
            .all(&self.db)
            .await?;
        let actors =
            accounts::members::names_of(&self.db, rows.iter().filter_map(|r| r.actor_id).collect())
                .await?;
        let targets = crate::audit_names::name_targets(
            &self.db,
            rows.iter()
                .map(|r| (r.target_type.as_str(), r.target_id.as_str())),
            locale,
        )
        .await?;
        let items = rows
            .into_iter()
            .map(|r| AuditEntry {
                id: r.id,
                actor_name: r.actor_id.and_then(|id| actors.get(&id).cloned()),
                actor_id: r.actor_id.map(UserId),
                target_name: targets
                    .name(&r.target_type, &r.target_id)
                    .or_else(|| crate::audit_names::recorded_name(&r.target_type, r.data.as_ref())),
                action: r.action,
                target_type: r.target_type,
                target_id: r.target_id,
                reason: r.reason,
                request_id: r.request_id,
                created_at: r.created_at,
            })
            .collect();
        Ok(Page::new(items, page, total))
    }
}

impl Catalog {
    /// Jobs of the outbox with `status` (e-mails and background work), for
    /// staff watching what failed.
    pub async fn outbox(
        &self,
        actor: &Actor,
        status: Option<entity::outbox::Status>,
        page: PageRequest,
    ) -> Result<Page<notify::outbox::JobSummary>> {
        authorize(Some(actor), Action::ManageOutbox)?;
        Ok(notify::outbox::list(&self.db, status, page).await?)
    }

    /// Puts a failed job back in the queue (audit-logged).
    pub async fn retry_job(&self, actor: &Actor, id: Uuid) -> Result<()> {
        authorize(Some(actor), Action::ManageOutbox)?;
        let txn = entity::db::begin_write(&self.db).await?;
        if !notify::outbox::retry(&txn, id).await? {
            return Err(Error::InvalidTransition(
                "only a failed job can be retried".into(),
            ));
        }
        audit::record(
            &txn,
            Entry {
                actor_id: Some(actor.user_id.uuid()),
                action: "outbox.retry".into(),
                target_type: "job".into(),
                target_id: id.to_string(),
                request_id: actor.request_id.clone(),
                ..Entry::default()
            },
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }
}
