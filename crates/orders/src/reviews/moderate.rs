//! The cooperative's public reply, reports by anyone, and union staff's
//! decision on a reported review: hide it with a reason (the listing's
//! rating no longer counts it, the author is e-mailed why) or keep it.
//! Both are audit-logged and resolve the review's open reports.

use std::collections::HashMap;

use accounts::{Action, Actor, authorize};
use catalog::Catalog;
use chrono::Utc;
use entity::audit::{self, Entry};
use entity::{orders, review_reports, reviews};
use kernel::{CooperativeId, FieldErrors, Page, PageRequest, ProductId, problem};
use notify::mail;
use sea_orm::sea_query::{Expr, ExprTrait as _};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{MAX_REPLY, ReviewView};
use crate::{Error, Orders, Result};

/// What staff decide about a reported review.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum ReviewDecision {
    /// Hidden from the shop; the reason is told to the author.
    Hide {
        /// Why.
        reason: String,
    },
    /// Kept as it is; the reports are closed.
    Keep,
}

/// `text` trimmed, or the problem with it.
fn required_text(field: &str, text: &str) -> Result<String> {
    let text = text.trim();
    let problem = if text.is_empty() {
        problem::required()
    } else if text.chars().count() > MAX_REPLY {
        problem::too_long(MAX_REPLY as i64)
    } else if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        problem::control_characters()
    } else {
        return Ok(text.to_owned());
    };
    Err(Error::Invalid(FieldErrors::single(field, problem)))
}

impl Orders {
    /// The cooperative's public reply to a review of its sale; replying
    /// again replaces it (its members who handle orders).
    pub async fn reply_to_review(
        &self,
        actor: &Actor,
        review: Uuid,
        body: &str,
    ) -> Result<ReviewView> {
        let row = self.review_row(review).await?;
        authorize(
            Some(actor),
            Action::ManageOrders(CooperativeId(row.cooperative_id)),
        )?;
        let body = required_text("body", body)?;
        let now = Utc::now();
        let txn = entity::db::begin_write(&self.db).await?;
        reviews::Entity::update_many()
            .col_expr(reviews::Column::Reply, Expr::value(Some(body.clone())))
            .col_expr(reviews::Column::RepliedAt, Expr::value(Some(now)))
            .col_expr(
                reviews::Column::RepliedBy,
                Expr::value(Some(actor.user_id.uuid())),
            )
            .col_expr(reviews::Column::UpdatedAt, Expr::value(now))
            .filter(reviews::Column::Id.eq(row.id))
            .exec(&txn)
            .await?;
        audit::record(
            &txn,
            Entry {
                actor_id: Some(actor.user_id.uuid()),
                action: "review.reply".into(),
                target_type: "review".into(),
                target_id: row.id.to_string(),
                reason: None,
                request_id: actor.request_id.clone(),
                data: Some(json!({ "reply": body })),
            },
        )
        .await?;
        txn.commit().await?;
        self.review_view(row.id).await
    }

    /// Someone's report that a review breaks the rules (anyone, signed in
    /// or not); staff see it in their queue.
    pub async fn report_review(
        &self,
        actor: Option<&Actor>,
        review: Uuid,
        reason: &str,
    ) -> Result<()> {
        let row = self.review_row(review).await?;
        let reason = required_text("reason", reason)?;
        let txn = entity::db::begin_write(&self.db).await?;
        review_reports::Entity::insert(review_reports::ActiveModel {
            id: Set(Uuid::now_v7()),
            review_id: Set(row.id),
            reason: Set(reason),
            reporter_id: Set(actor.map(|a| a.user_id.uuid())),
            created_at: Set(Utc::now()),
            resolved_at: Set(None),
        })
        .exec_without_returning(&txn)
        .await?;
        reviews::Entity::update_many()
            .col_expr(
                reviews::Column::OpenReports,
                Expr::col(reviews::Column::OpenReports).add(1),
            )
            .filter(reviews::Column::Id.eq(row.id))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Reviews with reports to resolve, oldest first (union staff).
    pub async fn reported_reviews(
        &self,
        actor: &Actor,
        page: PageRequest,
    ) -> Result<Page<ReviewView>> {
        authorize(Some(actor), Action::Moderate)?;
        self.review_page(
            reviews::Entity::find().filter(reviews::Column::OpenReports.gt(0)),
            page,
        )
        .await
    }

    /// The open reports' reasons of each of `reviews`, oldest first, in
    /// one query (union staff).
    pub async fn open_reports(
        &self,
        actor: &Actor,
        reviews: &[Uuid],
    ) -> Result<HashMap<Uuid, Vec<String>>> {
        authorize(Some(actor), Action::Moderate)?;
        let mut out: HashMap<Uuid, Vec<String>> = HashMap::new();
        if reviews.is_empty() {
            return Ok(out);
        }
        for r in review_reports::Entity::find()
            .filter(review_reports::Column::ReviewId.is_in(reviews.iter().copied()))
            .filter(review_reports::Column::ResolvedAt.is_null())
            .order_by_asc(review_reports::Column::CreatedAt)
            .all(&self.db)
            .await?
        {
            out.entry(r.review_id).or_default().push(r.reason);
        }
        Ok(out)
    }

    /// Staff decide about a review: hide it with a reason, or keep it.
    /// Its open reports are resolved either way; hiding a hidden review
    /// changes nothing more.
    pub async fn decide_review(
        &self,
        actor: &Actor,
        review: Uuid,
        decision: &ReviewDecision,
    ) -> Result<ReviewView> {
        authorize(Some(actor), Action::Moderate)?;
        let row = self.review_row(review).await?;
        let reason = match decision {
            ReviewDecision::Hide { reason } => Some(required_text("reason", reason)?),
            ReviewDecision::Keep => None,
        };
        let now = Utc::now();
        let txn = entity::db::begin_write(&self.db).await?;
        review_reports::Entity::update_many()
            .col_expr(review_reports::Column::ResolvedAt, Expr::value(Some(now)))
            .filter(review_reports::Column::ReviewId.eq(row.id))
            .filter(review_reports::Column::ResolvedAt.is_null())
            .exec(&txn)
            .await?;
        reviews::Entity::update_many()
            .col_expr(reviews::Column::OpenReports, Expr::value(0))
            .col_expr(reviews::Column::UpdatedAt, Expr::value(now))
            .filter(reviews::Column::Id.eq(row.id))
            .exec(&txn)
            .await?;
        // hidden once: only the decision that flips it takes it off the
        // listing's rating and tells the author
        let newly_hidden = match &reason {
            Some(reason) => {
                reviews::Entity::update_many()
                    .col_expr(reviews::Column::Status, Expr::value("hidden"))
                    .col_expr(
                        reviews::Column::HiddenReason,
                        Expr::value(Some(reason.clone())),
                    )
                    .col_expr(reviews::Column::HiddenAt, Expr::value(Some(now)))
                    .col_expr(
                        reviews::Column::HiddenBy,
                        Expr::value(Some(actor.user_id.uuid())),
                    )
                    .filter(reviews::Column::Id.eq(row.id))
                    .filter(reviews::Column::Status.eq("visible"))
                    .exec(&txn)
                    .await?
                    .rows_affected
                    == 1
            }
            None => false,
        };
        if newly_hidden && let Some(product) = row.product_id {
            Catalog::rate(&txn, ProductId(product), -1, -i32::from(row.rating)).await?;
        }
        audit::record(
            &txn,
            Entry {
                actor_id: Some(actor.user_id.uuid()),
                action: if reason.is_some() {
                    "review.hide"
                } else {
                    "review.keep"
                }
                .into(),
                target_type: "review".into(),
                target_id: row.id.to_string(),
                reason: reason.clone(),
                request_id: actor.request_id.clone(),
                data: Some(json!({ "rating": row.rating, "author": row.author_name })),
            },
        )
        .await?;
        if newly_hidden
            && let Some(order) = orders::Entity::find_by_id(row.order_id).one(&txn).await?
        {
            self.mailer
                .enqueue(
                    &txn,
                    &crate::lifecycle::buyer_recipient(&txn, &order).await?,
                    &mail::ReviewHidden {
                        order_number: order.number.clone(),
                        body: row.body.clone(),
                        reason: reason.clone().unwrap_or_default(),
                    },
                )
                .await?;
        }
        txn.commit().await?;
        self.review_view(row.id).await
    }

    async fn review_row(&self, review: Uuid) -> Result<reviews::Model> {
        reviews::Entity::find_by_id(review)
            .one(&self.db)
            .await?
            .ok_or(Error::ReviewNotFound)
    }

    async fn review_view(&self, review: Uuid) -> Result<ReviewView> {
        let row = self.review_row(review).await?;
        self.review_views(vec![row])
            .await?
            .pop()
            .ok_or(Error::ReviewNotFound)
    }
}
