//! The cooperative's calendar: its sessions day by day with who booked
//! them, and marking each booking arrived, no-show or completed.

use std::collections::HashMap;

use accounts::{Action, Actor, authorize};
use catalog::Catalog;
use catalog::experiences::CalendarSession;
use chrono::{Duration, NaiveDate};
use entity::{order_items, orders};
use kernel::{CooperativeId, FieldErrors, Money, problem};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::BookingStatus;
use crate::lifecycle::event;
use crate::{Error, OrderStatus, Orders, Result};

/// The most days a calendar shows at once.
pub const MAX_DAYS: i64 = 31;

/// A booking as the cooperative sees it on its calendar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DayBooking {
    /// The booked line.
    pub order_item_id: Uuid,
    /// Its order.
    pub order_id: Uuid,
    /// The order's number.
    pub order_number: String,
    /// Who booked.
    pub buyer_name: String,
    /// Their phone.
    pub buyer_phone: String,
    /// Their e-mail.
    pub buyer_email: String,
    /// Adults.
    pub adults: i32,
    /// Children.
    pub children: i32,
    /// What became of it.
    pub status: BookingStatus,
    /// The order's status (a booking waits for its payment in
    /// `pending_payment`).
    pub order_status: String,
    /// The order's payment status.
    pub payment_status: String,
    /// What the buyer still pays the cooperative on arrival for it (a
    /// deposit was paid online); nothing once collected.
    pub on_arrival: Money,
}

/// A session with its bookings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SessionBookings {
    /// The session.
    pub session: CalendarSession,
    /// Its bookings, in the order made.
    pub bookings: Vec<DayBooking>,
}

/// Completes an order of bookings only, as the market, once every booking
/// of it has taken place (completed or no-show, cancelled ones aside): it
/// ships nothing, so it never goes through packing and delivery. An order
/// with goods goes on as goods do.
async fn complete_when_every_booking_took_place(
    txn: &DatabaseTransaction,
    order: &orders::Model,
) -> Result<bool> {
    if order.status != OrderStatus::Confirmed.as_str() {
        return Ok(false);
    }
    let lines = order_items::Entity::find()
        .filter(order_items::Column::OrderId.eq(order.id))
        .all(txn)
        .await?;
    let status =
        |l: &order_items::Model| l.booking_status.as_deref().and_then(BookingStatus::parse);
    let every_one_over = lines.iter().all(|l| {
        matches!(
            status(l),
            Some(BookingStatus::Completed | BookingStatus::NoShow | BookingStatus::Cancelled)
        )
    });
    let one_took_place = lines.iter().any(|l| {
        matches!(
            status(l),
            Some(BookingStatus::Completed | BookingStatus::NoShow)
        )
    });
    if !(every_one_over && one_took_place) {
        return Ok(false);
    }
    OrderStatus::Confirmed.transition(
        OrderStatus::Completed,
        crate::status::Actor::System,
        None,
    )?;
    let changed = orders::Entity::update_many()
        .col_expr(
            orders::Column::Status,
            Expr::value(OrderStatus::Completed.as_str()),
        )
        .col_expr(orders::Column::UpdatedAt, Expr::value(chrono::Utc::now()))
        .filter(orders::Column::Id.eq(order.id))
        .filter(orders::Column::Status.eq(OrderStatus::Confirmed.as_str()))
        .exec(txn)
        .await?;
    if changed.rows_affected != 1 {
        return Ok(false);
    }
    event(
        txn,
        order.id,
        Some(OrderStatus::Confirmed),
        OrderStatus::Completed,
        "system",
        None,
        Some("every booking has taken place"),
    )
    .await?;
    Ok(true)
}

/// A booking to mark.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct AttendanceInput {
    /// `arrived`, `no_show` or `completed`.
    pub status: String,
}

impl Orders {
    /// A cooperative's sessions from `from` for `days` days (at most
    /// [`MAX_DAYS`]), each with its bookings (the cooperative's members).
    pub async fn cooperative_bookings(
        &self,
        actor: &Actor,
        cooperative: CooperativeId,
        from: NaiveDate,
        days: i64,
    ) -> Result<Vec<SessionBookings>> {
        authorize(Some(actor), Action::ManageOrders(cooperative)).map_err(|d| match d {
            accounts::Denied::NotFound => Error::CooperativeNotFound,
            other => Error::Denied(other),
        })?;
        let start = kernel::time::start_of_day_in_vietnam(from);
        let end = start + Duration::days(days.clamp(1, MAX_DAYS));
        let sessions = Catalog::sessions_between(&self.db, cooperative, start, end).await?;
        let ids: Vec<Uuid> = sessions.iter().map(|s| s.session.id).collect();
        let items = order_items::Entity::find()
            .filter(order_items::Column::SessionId.is_in(ids))
            .filter(order_items::Column::BookingStatus.is_not_null())
            .order_by_asc(order_items::Column::CreatedAt)
            .all(&self.db)
            .await?;
        let order_ids: Vec<Uuid> = items.iter().map(|i| i.order_id).collect();
        let orders: HashMap<Uuid, orders::Model> = orders::Entity::find()
            .filter(orders::Column::Id.is_in(order_ids))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|o| (o.id, o))
            .collect();
        let mut by_session: HashMap<Uuid, Vec<DayBooking>> = HashMap::new();
        for item in items {
            let (Some(session), Some(order)) = (item.session_id, orders.get(&item.order_id)) else {
                continue;
            };
            by_session.entry(session).or_default().push(DayBooking {
                order_item_id: item.id,
                order_id: order.id,
                order_number: order.number.clone(),
                buyer_name: order.buyer_name.clone(),
                buyer_phone: order.buyer_phone.clone(),
                buyer_email: order.buyer_email.clone(),
                adults: item.quantity,
                children: item.children,
                status: item
                    .booking_status
                    .as_deref()
                    .and_then(BookingStatus::parse)
                    .unwrap_or(BookingStatus::Booked),
                order_status: order.status.clone(),
                payment_status: order.payment_status.clone(),
                on_arrival: Money::vnd(super::cancel::owed_on_arrival(&item, order)),
            });
        }
        Ok(sessions
            .into_iter()
            .map(|session| SessionBookings {
                bookings: by_session.remove(&session.session.id).unwrap_or_default(),
                session,
            })
            .collect())
    }

    /// Marks a booking arrived, no-show or completed (the cooperative's
    /// members); noted on the order's timeline. A completed booking may be
    /// reviewed by its buyer, who is invited to.
    pub async fn mark_booking(
        &self,
        actor: &Actor,
        item: Uuid,
        input: &AttendanceInput,
    ) -> Result<BookingStatus> {
        let to = BookingStatus::parse(input.status.trim())
            .filter(|s| {
                matches!(
                    s,
                    BookingStatus::Arrived | BookingStatus::NoShow | BookingStatus::Completed
                )
            })
            .ok_or_else(|| {
                Error::Invalid(FieldErrors::single(
                    "status",
                    problem::not_one_of(&["arrived", "no_show", "completed"]),
                ))
            })?;
        let line = order_items::Entity::find_by_id(item)
            .one(&self.db)
            .await?
            .ok_or(Error::BookingNotFound)?;
        let from = line
            .booking_status
            .as_deref()
            .and_then(BookingStatus::parse)
            .ok_or(Error::BookingNotFound)?;
        let order = orders::Entity::find_by_id(line.order_id)
            .one(&self.db)
            .await?
            .ok_or(Error::BookingNotFound)?;
        authorize(
            Some(actor),
            Action::ManageOrders(CooperativeId(order.cooperative_id)),
        )
        .map_err(|d| match d {
            accounts::Denied::NotFound => Error::BookingNotFound,
            other => Error::Denied(other),
        })?;
        let status = OrderStatus::parse(&order.status).unwrap_or(OrderStatus::Confirmed);
        // a cancelled booking (or order) is marked no more
        if !from.may_mark(to) || status == OrderStatus::Cancelled {
            return Err(Error::Conflict);
        }
        let txn = entity::db::begin_write(&self.db).await?;
        let changed = order_items::Entity::update_many()
            .col_expr(order_items::Column::BookingStatus, Expr::value(to.as_str()))
            .filter(order_items::Column::Id.eq(line.id))
            .filter(order_items::Column::BookingStatus.eq(from.as_str()))
            .exec(&txn)
            .await?;
        if changed.rows_affected != 1 {
            return Err(Error::Conflict);
        }
        let note = format!("booking {}: {}", line.title.vi, to.as_str());
        event(
            &txn,
            order.id,
            Some(status),
            status,
            "cooperative",
            Some(actor.user_id.uuid()),
            Some(&note),
        )
        .await?;
        complete_when_every_booking_took_place(&txn, &order).await?;
        if to == BookingStatus::Completed {
            let buyer = crate::lifecycle::buyer_recipient(&txn, &order).await?;
            let cooperative =
                crate::lifecycle::cooperative_name(&txn, order.cooperative_id).await?;
            self.invite_review(&txn, &order, &buyer, cooperative)
                .await?;
        }
        txn.commit().await?;
        Ok(to)
    }
}
