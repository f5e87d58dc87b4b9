//! Refunds, in full or in part, by the order's cooperative or union staff.
//!
//! The amount is reserved on the order by a conditional update (so two
//! refunds at once never pass what was paid) in the transaction that
//! claims the request's `Idempotency-Key` and records the refund; a card
//! refund then goes to Stripe with no transaction open, under the key
//! `hoptac:refund:<id>`, and is completed in a second transaction that
//! stores the answer. A retry after a crash in between finds the refund
//! under its key and resumes it — Stripe's key makes a second call return
//! the same refund — so the buyer is refunded once. Cash and transfers are
//! sent back by the union's bank and recorded at once.

use std::collections::HashMap;

use ::payments::ledger::{self, Booking};
use accounts::{Action, Actor, authorize};
use chrono::{DateTime, Utc};
use entity::{ledger_entries, ledger_transactions, orders, payments, refunds};
use kernel::{CooperativeId, FieldErrors, Money, problem};
use notify::mail;
use sea_orm::sea_query::{Expr, ExprTrait as _};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{clean, minor_share, payment_of_checkout};
use crate::idempotency::{self, Claim, Keyed};
use crate::{Error, OrderStatus, Orders, PaymentStatus, Result};

/// A refund, as people see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RefundView {
    /// Id.
    pub id: Uuid,
    /// The order.
    pub order_id: Uuid,
    /// How much.
    pub amount: Money,
    /// Why.
    pub reason: String,
    /// pending, succeeded or failed.
    pub status: String,
    /// card (back through Stripe) or bank_transfer (the union transfers it).
    pub channel: String,
    /// Why it failed.
    pub failure: Option<String>,
    /// Asked.
    pub created_at: DateTime<Utc>,
}

impl From<refunds::Model> for RefundView {
    fn from(r: refunds::Model) -> Self {
        Self {
            id: r.id,
            order_id: r.order_id,
            amount: Money::vnd(r.amount_vnd),
            reason: r.reason,
            status: r.status,
            channel: r.channel,
            failure: r.failure,
            created_at: r.created_at,
        }
    }
}

/// The refunds of some orders, oldest first.
pub(crate) async fn refunds_of<C: ConnectionTrait>(
    conn: &C,
    orders: &[Uuid],
) -> Result<HashMap<Uuid, Vec<RefundView>>> {
    let mut out: HashMap<Uuid, Vec<RefundView>> = HashMap::new();
    if orders.is_empty() {
        return Ok(out);
    }
    for r in refunds::Entity::find()
        .filter(refunds::Column::OrderId.is_in(orders.to_vec()))
        .order_by_asc(refunds::Column::CreatedAt)
        .all(conn)
        .await?
    {
        out.entry(r.order_id).or_default().push(r.into());
    }
    Ok(out)
}

/// Who a refund is for: recorded on it, in the ledger and on the order's
/// timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RefundBy {
    /// The account that asked, if any (a guest's booking has none).
    pub(crate) user: Option<Uuid>,
    /// `staff`, `cooperative`, `buyer` or `guest`.
    pub(crate) kind: &'static str,
}

impl RefundBy {
    /// Union staff or the order's cooperative.
    pub(crate) fn of(actor: &Actor) -> Self {
        Self {
            user: Some(actor.user_id.uuid()),
            kind: if authorize(Some(actor), Action::Moderate).is_ok() {
                "staff"
            } else {
                "cooperative"
            },
        }
    }

    /// The buyer (signed in or a guest).
    pub(crate) fn buyer(actor: Option<&Actor>) -> Self {
        Self {
            user: actor.map(|a| a.user_id.uuid()),
            kind: if actor.is_some() { "buyer" } else { "guest" },
        }
    }
}

/// A refund asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RefundInput {
    /// How much, in đồng; everything not yet refunded when left out.
    #[serde(deserialize_with = "kernel::whole::option")]
    pub amount_vnd: Option<i64>,
    /// Why (told to the buyer).
    pub reason: String,
}

impl Orders {
    /// Refunds an order in full or in part: the order's cooperative or
    /// union staff. A card payment goes back through Stripe; cash and bank
    /// transfers are given back by the union's bank (recorded here). With
    /// an `Idempotency-Key`, a retry answers the first refund again — or,
    /// if the first was cut off, finishes it — and refunds nothing more.
    pub async fn refund(
        &self,
        actor: &Actor,
        order: Uuid,
        input: &RefundInput,
        key: Option<&str>,
    ) -> Result<RefundView> {
        // scopes fit `idempotency_keys.scope` (80 characters): 7 + 36 + 1 + 32
        let keyed = Keyed::maybe(
            format!("refund:{order}:{}", actor.user_id.uuid().simple()),
            key,
            input,
        )?;
        let row = orders::Entity::find_by_id(order)
            .one(&self.db)
            .await?
            .ok_or(Error::OrderNotFound)?;
        if authorize(Some(actor), Action::Moderate).is_err() {
            authorize(
                Some(actor),
                Action::ManageOrders(CooperativeId(row.cooperative_id)),
            )
            .map_err(|d| match d {
                accounts::Denied::NotFound => Error::OrderNotFound,
                other => Error::Denied(other),
            })?;
        }
        let payment = payment_of_checkout(&self.db, row.checkout_id).await?;
        let txn = entity::db::begin_write(&self.db).await?;
        let claim = match &keyed {
            Some(keyed) => match idempotency::claim(&txn, keyed).await? {
                Claim::Replay(answer) => return idempotency::replayed(answer),
                Claim::Resume { id, resource } => {
                    drop(txn);
                    return self
                        .finish_refund(RefundBy::of(actor), resource, Some(id))
                        .await;
                }
                Claim::Fresh(id) => Some(id),
            },
            None => None,
        };
        let (amount, reason) = check_refund(&row, input)?;
        let refund_id = self
            .reserve_refund(&txn, RefundBy::of(actor), &row, &payment, amount, &reason)
            .await?;
        if let Some(id) = claim {
            idempotency::attach(&txn, id, refund_id).await?;
        }
        if payment.method != "card" {
            self.complete_refund(&txn, refund_id, None, RefundBy::of(actor))
                .await?;
            let view = refund_view(&txn, refund_id).await?;
            if let Some(id) = claim {
                idempotency::answer(&txn, id, 201, &view).await?;
            }
            txn.commit().await?;
            return Ok(view);
        }
        txn.commit().await?;
        self.finish_refund(RefundBy::of(actor), refund_id, claim)
            .await
    }

    /// Refunds `amount` of a paid order inside `txn` (a booking cancelled
    /// under its policy, or by its cooperative): reserved and recorded; a
    /// transfer's refund is completed at once, while a card's is sent to
    /// Stripe by [`Self::send_card_refund`] once `txn` is committed.
    /// Answers the refund and whether it still has to be sent.
    pub(crate) async fn refund_in(
        &self,
        txn: &DatabaseTransaction,
        by: RefundBy,
        row: &orders::Model,
        amount: i64,
        reason: &str,
    ) -> Result<(Uuid, bool)> {
        let payment = payment_of_checkout(txn, row.checkout_id).await?;
        let refund_id = self
            .reserve_refund(txn, by, row, &payment, amount, reason)
            .await?;
        if payment.method == "card" {
            return Ok((refund_id, true));
        }
        self.complete_refund(txn, refund_id, None, by).await?;
        Ok((refund_id, false))
    }

    /// Sends a card refund recorded by [`Self::refund_in`] to Stripe, with
    /// no transaction open.
    pub(crate) async fn send_card_refund(&self, by: RefundBy, refund: Uuid) -> Result<RefundView> {
        self.finish_refund(by, refund, None).await
    }

    /// Reserves `amount` on the order (two refunds at once cannot pass the
    /// total) and records the refund, pending.
    async fn reserve_refund(
        &self,
        txn: &DatabaseTransaction,
        by: RefundBy,
        row: &orders::Model,
        payment: &payments::Model,
        amount: i64,
        reason: &str,
    ) -> Result<Uuid> {
        let refund_id = Uuid::now_v7();
        let now = Utc::now();
        let reserved = orders::Entity::update_many()
            .col_expr(
                orders::Column::RefundedVnd,
                Expr::col(orders::Column::RefundedVnd).add(amount),
            )
            .col_expr(orders::Column::UpdatedAt, Expr::value(now))
            .filter(orders::Column::Id.eq(row.id))
            .filter(
                Expr::col(orders::Column::RefundedVnd)
                    .add(amount)
                    .lte(super::paid_expr()),
            )
            .filter(orders::Column::PaymentStatus.is_in([
                PaymentStatus::Paid.as_str(),
                PaymentStatus::PartiallyRefunded.as_str(),
            ]))
            .exec(txn)
            .await?;
        if reserved.rows_affected != 1 {
            return Err(Error::Conflict);
        }
        refunds::Entity::insert(refunds::ActiveModel {
            id: Set(refund_id),
            order_id: Set(row.id),
            payment_id: Set(payment.id),
            amount_vnd: Set(amount),
            reason: Set(reason.to_owned()),
            status: Set("pending".to_owned()),
            channel: Set(if payment.method == "card" {
                "card"
            } else {
                "bank_transfer"
            }
            .to_owned()),
            provider_ref: Set(None),
            failure: Set(None),
            created_by: Set(by.user),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec_without_returning(txn)
        .await?;
        Ok(refund_id)
    }

    /// Finishes a recorded refund: a pending card refund is sent to Stripe
    /// (again, if a first attempt was cut off: Stripe's idempotency key
    /// returns the same refund) and completed; the answer is stored under
    /// the request's key when there is one.
    async fn finish_refund(
        &self,
        by: RefundBy,
        refund_id: Uuid,
        claim: Option<Uuid>,
    ) -> Result<RefundView> {
        let refund = refunds::Entity::find_by_id(refund_id)
            .one(&self.db)
            .await?
            .ok_or(Error::OrderNotFound)?;
        match refund.status.as_str() {
            "pending" => {}
            "failed" => {
                return Err(Error::Provider(
                    refund
                        .failure
                        .unwrap_or_else(|| "the refund failed".to_owned()),
                ));
            }
            _ => {
                let txn = entity::db::begin_write(&self.db).await?;
                let view = refund_view(&txn, refund_id).await?;
                if let Some(id) = claim {
                    idempotency::answer(&txn, id, 201, &view).await?;
                }
                txn.commit().await?;
                return Ok(view);
            }
        }
        let payment = payments::Entity::find_by_id(refund.payment_id)
            .one(&self.db)
            .await?
            .ok_or(Error::PaymentNotFound)?;
        let stripe = self.stripe()?;
        let intent = payment.provider_ref.clone().unwrap_or_default();
        let answer = stripe
            .refund(
                &format!("hoptac:refund:{refund_id}"),
                &intent,
                minor_share(&payment, refund.amount_vnd),
                refund_id,
            )
            .await;
        let why = match answer {
            Ok(done) if done.status.as_deref() != Some("failed") => {
                let txn = entity::db::begin_write(&self.db).await?;
                self.complete_refund(&txn, refund_id, Some(done.id), by)
                    .await?;
                let view = refund_view(&txn, refund_id).await?;
                if let Some(id) = claim {
                    idempotency::answer(&txn, id, 201, &view).await?;
                }
                txn.commit().await?;
                return Ok(view);
            }
            Ok(_) => "Stripe refused the refund".to_owned(),
            Err(::payments::stripe::StripeError::Api { message, .. }) => message,
            // unknown outcome: keep the reservation; a retry with the same
            // key resumes this refund
            Err(e) => return Err(Error::from(e)),
        };
        self.fail_refund(&refund, claim, &why).await?;
        Err(Error::Provider(why))
    }

    async fn complete_refund(
        &self,
        txn: &DatabaseTransaction,
        refund_id: Uuid,
        provider_ref: Option<String>,
        by: RefundBy,
    ) -> Result<()> {
        let now = Utc::now();
        let refund = refunds::Entity::find_by_id(refund_id)
            .one(txn)
            .await?
            .ok_or(Error::OrderNotFound)?;
        let changed = refunds::Entity::update_many()
            .col_expr(refunds::Column::Status, Expr::value("succeeded"))
            .col_expr(refunds::Column::ProviderRef, Expr::value(provider_ref))
            .col_expr(refunds::Column::UpdatedAt, Expr::value(now))
            .filter(refunds::Column::Id.eq(refund_id))
            .filter(refunds::Column::Status.eq("pending"))
            .exec(txn)
            .await?;
        if changed.rows_affected != 1 {
            return Ok(());
        }
        let order = orders::Entity::find_by_id(refund.order_id)
            .one(txn)
            .await?
            .ok_or(Error::OrderNotFound)?;
        // the commission the sale (and a balance collected on arrival)
        // booked, and how much was refunded before
        let sales: Vec<Uuid> = ledger_transactions::Entity::find()
            .filter(ledger_transactions::Column::Source.is_in([
                format!("sale:{}", order.id),
                format!("on_arrival:{}", order.id),
            ]))
            .all(txn)
            .await?
            .into_iter()
            .map(|t| t.id)
            .collect();
        let (commission, refunded_before) = if sales.is_empty() {
            (0, 0)
        } else {
            let commission = -ledger_entries::Entity::find()
                .filter(ledger_entries::Column::TransactionId.is_in(sales))
                .filter(ledger_entries::Column::Account.eq("commission"))
                .all(txn)
                .await?
                .iter()
                .map(|e| e.amount_vnd)
                .sum::<i64>();
            let before_ids: Vec<Uuid> = ledger_transactions::Entity::find()
                .filter(ledger_transactions::Column::OrderId.eq(order.id))
                .filter(ledger_transactions::Column::Kind.eq("refund"))
                .all(txn)
                .await?
                .into_iter()
                .map(|t| t.id)
                .collect();
            let before = -ledger_entries::Entity::find()
                .filter(ledger_entries::Column::TransactionId.is_in(before_ids))
                .filter(ledger_entries::Column::Account.eq("market_cash"))
                .all(txn)
                .await?
                .iter()
                .map(|e| e.amount_vnd)
                .sum::<i64>();
            (commission, before)
        };
        let reversed = ledger::commission_share(
            commission,
            super::paid_vnd(&order),
            refunded_before,
            refund.amount_vnd,
        );
        ledger::book(
            txn,
            &Booking::refund(
                order.cooperative_id,
                order.id,
                refund.id,
                refund.amount_vnd,
                reversed,
            )
            .by(by.user)
            .memo(format!("{} refund: {}", order.number, refund.reason)),
        )
        .await?;
        let fully = order.refunded_vnd >= super::paid_vnd(&order);
        orders::Entity::update_many()
            .col_expr(
                orders::Column::PaymentStatus,
                Expr::value(
                    if fully {
                        PaymentStatus::Refunded
                    } else {
                        PaymentStatus::PartiallyRefunded
                    }
                    .as_str(),
                ),
            )
            .filter(orders::Column::Id.eq(order.id))
            .exec(txn)
            .await?;
        let status = OrderStatus::parse(&order.status).unwrap_or(OrderStatus::Cancelled);
        crate::lifecycle::event(
            txn,
            order.id,
            Some(status),
            status,
            by.kind,
            by.user,
            Some(&format!(
                "refunded {}: {}",
                Money::vnd(refund.amount_vnd),
                refund.reason
            )),
        )
        .await?;
        self.mailer
            .enqueue(
                txn,
                &crate::lifecycle::buyer_recipient(txn, &order).await?,
                &mail::RefundIssued {
                    order_number: order.number.clone(),
                    amount: Money::vnd(refund.amount_vnd).to_string(),
                    payment_method: order.payment_method.clone(),
                    reason: Some(refund.reason.clone()),
                    order_url: self
                        .buyer_link(
                            txn,
                            &format!("/orders/{}", order.id),
                            order.checkout_id,
                            order.buyer_id,
                        )
                        .await?,
                },
            )
            .await?;
        Ok(())
    }

    /// Stripe refused: the refund is failed, its reservation given back,
    /// and the request's key let go (the same key may be sent again).
    async fn fail_refund(
        &self,
        refund: &refunds::Model,
        claim: Option<Uuid>,
        why: &str,
    ) -> Result<()> {
        let txn = entity::db::begin_write(&self.db).await?;
        let changed = refunds::Entity::update_many()
            .col_expr(refunds::Column::Status, Expr::value("failed"))
            .col_expr(refunds::Column::Failure, Expr::value(Some(why.to_owned())))
            .col_expr(refunds::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(refunds::Column::Id.eq(refund.id))
            .filter(refunds::Column::Status.eq("pending"))
            .exec(&txn)
            .await?;
        if changed.rows_affected == 1 {
            orders::Entity::update_many()
                .col_expr(
                    orders::Column::RefundedVnd,
                    Expr::col(orders::Column::RefundedVnd).sub(refund.amount_vnd),
                )
                .filter(orders::Column::Id.eq(refund.order_id))
                .exec(&txn)
                .await?;
        }
        if let Some(id) = claim {
            idempotency::release(&txn, id).await?;
        }
        txn.commit().await?;
        Ok(())
    }
}

/// The amount (everything not yet refunded when none is given) and the
/// reason of a refund, or what is wrong with them.
fn check_refund(row: &orders::Model, input: &RefundInput) -> Result<(i64, String)> {
    if !PaymentStatus::parse(&row.payment_status).is_some_and(PaymentStatus::is_paid) {
        return Err(Error::NotPaid);
    }
    let remaining = super::paid_vnd(row) - row.refunded_vnd;
    let amount = input.amount_vnd.unwrap_or(remaining);
    let reason = clean(&input.reason);
    let mut errors = FieldErrors::new();
    if amount < 1 {
        errors.add("amount_vnd", problem::at_least_one_dong());
    } else if amount > remaining {
        errors.add("amount_vnd", problem::refund_too_large(remaining));
    }
    if reason.is_empty() {
        errors.add("reason", problem::refund_reason_missing());
    } else if reason.chars().count() > 500 {
        errors.add("reason", problem::too_long(500));
    }
    errors.into_result(()).map_err(Error::Invalid)?;
    Ok((amount, reason))
}

async fn refund_view<C: ConnectionTrait>(conn: &C, refund: Uuid) -> Result<RefundView> {
    Ok(refunds::Entity::find_by_id(refund)
        .one(conn)
        .await?
        .ok_or(Error::OrderNotFound)?
        .into())
}
