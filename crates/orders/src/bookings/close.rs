//! Closing a date (weather, a festival): the session takes no more
//! bookings, and the bookings made on it move to another date of the same
//! experience, whose places they take, each buyer e-mailed with the new
//! time and its calendar file (a buyer who cannot come then cancels for a
//! full refund); or, with nowhere to move them, they are cancelled and
//! refunded in full.

use accounts::Actor;
use catalog::{Catalog, PlaceLine};
use chrono::Utc;
use entity::{order_items, orders};
use kernel::{FieldErrors, ProductId, problem};
use notify::mail;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::calendar::BookedEvent;
use super::{BookingStatus, local_time_vi};
use crate::lifecycle::event;
use crate::money::refunds::RefundBy;
use crate::{Error, OrderStatus, Orders, PaymentStatus, Result, TransitionInput};

/// Why a date closes, and where its bookings go.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CloseInput {
    /// Why (told to the buyers).
    pub reason: String,
    /// Another session of the same experience for its bookings. Without
    /// one, its bookings are cancelled: refunded in full when paid, their
    /// orders cancelled when not.
    pub move_to: Option<Uuid>,
}

/// What closing did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Closed {
    /// The session closed.
    pub session_id: Uuid,
    /// The bookings moved.
    pub moved: usize,
    /// Where to.
    pub moved_to: Option<Uuid>,
    /// The bookings cancelled instead (nowhere to move them): refunded in
    /// full when paid, their orders cancelled when not.
    pub cancelled: usize,
}

/// What a close with nowhere to move undid.
#[derive(Default)]
struct Undone {
    cancelled: usize,
    card_refunds: Vec<Uuid>,
    unpaid_orders: Vec<Uuid>,
}

impl Orders {
    /// Closes a session (the cooperative's members) and moves its bookings
    /// to `move_to`, in one transaction: the new date's places are taken
    /// as at checkout, so a move never overfills it.
    pub async fn close_session(
        &self,
        actor: &Actor,
        session: Uuid,
        input: &CloseInput,
    ) -> Result<Closed> {
        let txn = entity::db::begin_write(&self.db).await?;
        let closed = Catalog::close_session(&txn, actor, session, &input.reason).await?;
        let booked = order_items::Entity::find()
            .filter(order_items::Column::SessionId.eq(session))
            .filter(order_items::Column::BookingStatus.eq(BookingStatus::Booked.as_str()))
            .all(&txn)
            .await?;
        if booked.is_empty() {
            txn.commit().await?;
            return Ok(Closed {
                session_id: session,
                moved: 0,
                moved_to: None,
                cancelled: 0,
            });
        }
        let refuse = |p| Error::Invalid(FieldErrors::single("move_to", p));
        let target = match input.move_to {
            Some(id) if id != session => Catalog::session(&txn, id).await?,
            Some(_) => None,
            None => {
                let undone = self
                    .cancel_closed(&txn, actor, &booked, input.reason.trim())
                    .await?;
                txn.commit().await?;
                return self
                    .after_cancelling(actor, session, undone, &input.reason)
                    .await;
            }
        };
        let Some((target, terms)) = target.filter(|(t, _)| {
            t.product_id == closed.product_id && !t.closed && t.starts_at > Utc::now()
        }) else {
            return Err(refuse(problem::not_a_later_session()));
        };
        let people: i32 = booked.iter().map(|b| b.quantity + b.children).sum();
        let product = ProductId(closed.product_id);
        Catalog::take_places(
            &txn,
            &[PlaceLine {
                session: target.id,
                product,
                people,
            }],
        )
        .await
        .map_err(|e| match e {
            catalog::Error::NoPlacesLeft { available, .. } => {
                refuse(problem::no_places_left(available))
            }
            other => Error::Catalog(other),
        })?;
        Catalog::give_back_places(
            &txn,
            &[PlaceLine {
                session,
                product,
                people,
            }],
        )
        .await?;
        for item in &booked {
            order_items::Entity::update_many()
                .col_expr(order_items::Column::SessionId, Expr::value(target.id))
                .col_expr(order_items::Column::StartsAt, Expr::value(target.starts_at))
                .col_expr(order_items::Column::BookingMoved, Expr::value(true))
                .filter(order_items::Column::Id.eq(item.id))
                .exec(&txn)
                .await?;
            let moved = Moved {
                item,
                from: closed.starts_at,
                to: target.starts_at,
                reason: input.reason.trim(),
                meeting_point: &terms.meeting_point,
            };
            self.tell_moved(&txn, actor, &moved).await?;
        }
        txn.commit().await?;
        Ok(Closed {
            session_id: session,
            moved: booked.len(),
            moved_to: Some(target.id),
            cancelled: 0,
        })
    }

    /// The bookings of a date closed with nowhere to move them: a paid
    /// order's booking is cancelled and refunded in full, in `txn`; an
    /// unpaid order is left to cancel whole once `txn` is committed.
    async fn cancel_closed(
        &self,
        txn: &DatabaseTransaction,
        actor: &Actor,
        booked: &[order_items::Model],
        reason: &str,
    ) -> Result<Undone> {
        let mut undone = Undone::default();
        for item in booked {
            let Some(order) = orders::Entity::find_by_id(item.order_id).one(txn).await? else {
                continue;
            };
            let paid =
                PaymentStatus::parse(&order.payment_status).is_some_and(PaymentStatus::is_paid);
            if !paid {
                undone.unpaid_orders.push(order.id);
                continue;
            }
            let why = format!(
                "{} — {}: {reason}",
                item.title.vi,
                local_time_vi(item.starts_at.unwrap_or_default())
            );
            if let Some(refund) = self
                .cancel_booked_line(
                    txn,
                    RefundBy::of(actor),
                    &order,
                    item,
                    super::cancel::paid_for(item, &order),
                    &why,
                )
                .await?
            {
                undone.card_refunds.push(refund);
            }
            undone.cancelled += 1;
        }
        undone.unpaid_orders.sort();
        undone.unpaid_orders.dedup();
        Ok(undone)
    }

    /// After a close with nowhere to move: card refunds go to Stripe, and
    /// the unpaid orders are cancelled (their places and stock go back,
    /// their buyers are e-mailed as for any cancellation).
    async fn after_cancelling(
        &self,
        actor: &Actor,
        session: Uuid,
        undone: Undone,
        reason: &str,
    ) -> Result<Closed> {
        for refund in &undone.card_refunds {
            self.send_card_refund(RefundBy::of(actor), *refund).await?;
        }
        for order in &undone.unpaid_orders {
            self.transition(
                actor,
                *order,
                &TransitionInput {
                    to: OrderStatus::Cancelled.as_str().to_owned(),
                    reason: Some(reason.trim().to_owned()),
                    ..TransitionInput::default()
                },
            )
            .await?;
        }
        Ok(Closed {
            session_id: session,
            moved: 0,
            moved_to: None,
            cancelled: undone.cancelled + undone.unpaid_orders.len(),
        })
    }

    /// The order's timeline and the buyer's e-mail about a moved booking.
    async fn tell_moved(
        &self,
        txn: &DatabaseTransaction,
        actor: &Actor,
        moved: &Moved<'_>,
    ) -> Result<()> {
        let item = moved.item;
        let Some(order) = orders::Entity::find_by_id(item.order_id).one(txn).await? else {
            return Ok(());
        };
        let status = OrderStatus::parse(&order.status).unwrap_or(OrderStatus::Confirmed);
        let note = format!(
            "booking {} moved from {} to {}: {}",
            item.title.vi,
            local_time_vi(moved.from),
            local_time_vi(moved.to),
            moved.reason
        );
        event(
            txn,
            order.id,
            Some(status),
            status,
            "cooperative",
            Some(actor.user_id.uuid()),
            Some(&note),
        )
        .await?;
        if status == OrderStatus::Cancelled {
            return Ok(());
        }
        let cooperative = crate::lifecycle::cooperative_name(txn, order.cooperative_id).await?;
        let order_url = self
            .buyer_link(
                txn,
                &format!("/orders/{}", order.id),
                order.checkout_id,
                order.buyer_id,
            )
            .await?;
        let calendar = BookedEvent {
            item: item.id,
            experience: &item.title.vi,
            cooperative: &cooperative,
            order_number: &order.number,
            starts_at: moved.to,
            minutes: item.minutes.unwrap_or(0),
            adults: item.quantity,
            children: item.children,
            meeting_point: moved.meeting_point,
            order_url: order_url.clone(),
        };
        let buyer = crate::lifecycle::buyer_recipient(txn, &order).await?;
        self.mailer
            .enqueue_with_attachments(
                txn,
                &buyer,
                &mail::BookingMoved {
                    order_number: order.number.clone(),
                    cooperative_name: cooperative.clone(),
                    experience: item.title.get(buyer.locale).to_owned(),
                    from_local: local_time_vi(moved.from),
                    to_local: local_time_vi(moved.to),
                    reason: moved.reason.to_owned(),
                    order_url,
                },
                vec![calendar.attachment()],
            )
            .await?;
        Ok(())
    }
}

/// A booking moved from one time to another.
struct Moved<'a> {
    item: &'a order_items::Model,
    from: chrono::DateTime<Utc>,
    to: chrono::DateTime<Utc>,
    reason: &'a str,
    meeting_point: &'a str,
}
