//! Recalling a lot: its page says so at once, it cannot be packed any
//! more, and every buyer whose order contained it is e-mailed through the
//! outbox in the same transaction, each listed on the recall report.

use accounts::{Action, Actor, authorize};
use chrono::Utc;
use entity::audit::{self, Entry};
use entity::{lot_recall_notices, lots};
use kernel::{CooperativeId, FieldErrors, Locale, problem};
use notify::mail::{LotRecalled, Recipient};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait,
};
use uuid::Uuid;

use crate::access::hide;
use crate::lots::{Context, recall_of};
use crate::model::{RecallInput, RecallNotice, RecallReport};
use crate::{Error, Result, Traceability};

impl Traceability {
    /// Recalls `lot` with a reason: union staff, or its cooperative's
    /// members. Audit-logged.
    #[tracing::instrument(skip_all, fields(lot = %lot))]
    pub async fn recall(
        &self,
        actor: &Actor,
        lot: Uuid,
        input: &RecallInput,
        locale: Locale,
    ) -> Result<RecallReport> {
        let row = self.readable(actor, lot).await?;
        if !actor.is_staff() {
            authorize(
                Some(actor),
                Action::ManageListings(CooperativeId(row.cooperative_id)),
            )
            .map_err(hide)?;
        }
        let reason = input.reason.trim();
        if reason.is_empty() {
            return Err(Error::Invalid(FieldErrors::single(
                "reason",
                problem::required(),
            )));
        }
        if reason.chars().count() > 1000 {
            return Err(Error::Invalid(FieldErrors::single(
                "reason",
                problem::too_long(1000),
            )));
        }
        let txn = entity::db::begin_write(&self.db).await?;
        let now = Utc::now();
        // conditional on the lot being open: two recalls at once make one
        let changed = lots::Entity::update_many()
            .set(lots::ActiveModel {
                status: Set("recalled".into()),
                recalled_at: Set(Some(now)),
                recall_reason: Set(Some(reason.to_owned())),
                recalled_by: Set(Some(actor.user_id.uuid())),
                updated_at: Set(now),
                ..Default::default()
            })
            .filter(lots::Column::Id.eq(row.id))
            .filter(lots::Column::Status.eq("open"))
            .exec(&txn)
            .await?;
        if changed.rows_affected == 0 {
            return Err(Error::AlreadyRecalled);
        }
        let ctx = Context::read(&txn, std::slice::from_ref(&row)).await?;
        let coop_name = ctx
            .cooperative(&row)
            .map(|c| c.name.clone())
            .unwrap_or_default();
        let url = self.page_url(&row.code);
        for buyer in orders::lots::orders_with_lot(&txn, row.id).await? {
            let product = ctx.title(&row).get(buyer.locale).to_owned();
            self.mailer
                .enqueue(
                    &txn,
                    &Recipient {
                        email: buyer.email.clone(),
                        name: buyer.name.clone(),
                        locale: buyer.locale,
                    },
                    &LotRecalled {
                        product,
                        lot_number: row.lot_number.clone(),
                        cooperative_name: coop_name.clone(),
                        order_number: buyer.number.clone(),
                        reason: reason.to_owned(),
                        url: url.clone(),
                    },
                )
                .await?;
            lot_recall_notices::Entity::insert(lot_recall_notices::ActiveModel {
                id: Set(Uuid::now_v7()),
                lot_id: Set(row.id),
                order_id: Set(buyer.order_id),
                order_number: Set(buyer.number),
                buyer_name: Set(buyer.name),
                buyer_email: Set(buyer.email),
                quantity: Set(buyer.quantity),
                notified_at: Set(now),
            })
            .exec_without_returning(&txn)
            .await?;
        }
        audit::record(
            &txn,
            Entry {
                actor_id: Some(actor.user_id.uuid()),
                action: "lot.recall".into(),
                target_type: "lot".into(),
                target_id: row.id.to_string(),
                reason: Some(reason.to_owned()),
                request_id: actor.request_id.clone(),
                data: Some(serde_json::json!({
                    "lot_number": row.lot_number,
                    "cooperative_id": row.cooperative_id,
                })),
            },
        )
        .await?;
        txn.commit().await?;
        self.report_of(row.id, locale).await
    }

    /// The recall of `lot` and the buyers told, for its cooperative's
    /// members and union staff.
    pub async fn recall_report(
        &self,
        actor: &Actor,
        lot: Uuid,
        locale: Locale,
    ) -> Result<RecallReport> {
        let row = self.readable(actor, lot).await?;
        self.report_of(row.id, locale).await
    }

    async fn report_of(&self, lot: Uuid, locale: Locale) -> Result<RecallReport> {
        let txn = self.db.begin().await?;
        let row = lots::Entity::find_by_id(lot)
            .one(&txn)
            .await?
            .ok_or(Error::LotNotFound)?;
        let recall = recall_of(&row).ok_or(Error::LotNotFound)?;
        let ctx = Context::read(&txn, std::slice::from_ref(&row)).await?;
        let notices = lot_recall_notices::Entity::find()
            .filter(lot_recall_notices::Column::LotId.eq(row.id))
            .order_by_asc(lot_recall_notices::Column::OrderNumber)
            .all(&txn)
            .await?
            .into_iter()
            .map(|n| RecallNotice {
                order_id: n.order_id,
                order_number: n.order_number,
                buyer_name: n.buyer_name,
                buyer_email: n.buyer_email,
                quantity: n.quantity,
                notified_at: n.notified_at,
            })
            .collect();
        txn.commit().await?;
        Ok(RecallReport {
            lot: ctx.summary(&row, locale),
            recall,
            notices,
        })
    }
}
