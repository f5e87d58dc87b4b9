//! A booking's balance paid on arrival. When an experience takes deposits
//! and the buyer paid one, the checkout asked online only for the deposit;
//! the rest is paid to the cooperative when the guests come. The
//! cooperative records that it collected it — once: the order's
//! `balance_collected_vnd` goes from 0 in a conditional update — and the
//! union's commission on it is booked against what the market owes the
//! cooperative, which kept the cash.

use ::payments::ledger::{self, Booking};
use accounts::{Action, Actor, authorize};
use chrono::Utc;
use entity::{order_items, orders};
use kernel::{CooperativeId, Money};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::cancel::owed_on_arrival;
use crate::lifecycle::event;
use crate::{Error, OrderStatus, Orders, PaymentStatus, Result};

/// What collecting a balance did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BalanceCollected {
    /// The order.
    pub order_id: Uuid,
    /// What the cooperative collected.
    pub collected: Money,
    /// The union's commission on it, taken from what the market owes the
    /// cooperative.
    pub commission: Money,
}

impl Orders {
    /// The cooperative (its members who handle orders) records that it
    /// collected the balance of an order's bookings on arrival: what is
    /// left of every booking not cancelled. Refused when its deposit has
    /// not arrived, the order is cancelled, nothing is due, or it was
    /// recorded already (409).
    pub async fn collect_balance(&self, actor: &Actor, order: Uuid) -> Result<BalanceCollected> {
        let row = orders::Entity::find_by_id(order)
            .one(&self.db)
            .await?
            .ok_or(Error::OrderNotFound)?;
        authorize(
            Some(actor),
            Action::ManageOrders(CooperativeId(row.cooperative_id)),
        )
        .map_err(|d| match d {
            accounts::Denied::NotFound => Error::OrderNotFound,
            other => Error::Denied(other),
        })?;
        let status = crate::lifecycle::status_of(&row)?;
        if !PaymentStatus::parse(&row.payment_status).is_some_and(PaymentStatus::is_paid) {
            return Err(Error::NotPaid);
        }
        let lines = order_items::Entity::find()
            .filter(order_items::Column::OrderId.eq(row.id))
            .all(&self.db)
            .await?;
        let due: i64 = lines.iter().map(|l| owed_on_arrival(l, &row)).sum();
        if status == OrderStatus::Cancelled || due <= 0 {
            return Err(Error::Conflict);
        }
        let txn = entity::db::begin_write(&self.db).await?;
        let changed = orders::Entity::update_many()
            .col_expr(orders::Column::BalanceCollectedVnd, Expr::value(due))
            .col_expr(orders::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(orders::Column::Id.eq(row.id))
            .filter(orders::Column::BalanceCollectedVnd.eq(0))
            .filter(orders::Column::Status.ne(OrderStatus::Cancelled.as_str()))
            .exec(&txn)
            .await?;
        if changed.rows_affected != 1 {
            return Err(Error::Conflict);
        }
        let commission = self
            .commission_on(&txn, &row, crate::money::online_vnd(&row), due)
            .await?;
        ledger::book(
            &txn,
            &Booking::balance_collected(row.cooperative_id, row.id, due, commission)
                .by(Some(actor.user_id.uuid()))
                .memo(format!(
                    "{}: {} collected by the cooperative on arrival",
                    row.number,
                    Money::vnd(due)
                )),
        )
        .await?;
        event(
            &txn,
            row.id,
            Some(status),
            status,
            "cooperative",
            Some(actor.user_id.uuid()),
            Some(&format!(
                "balance collected on arrival: {}",
                Money::vnd(due)
            )),
        )
        .await?;
        txn.commit().await?;
        Ok(BalanceCollected {
            order_id: row.id,
            collected: Money::vnd(due),
            commission: Money::vnd(commission),
        })
    }
}
