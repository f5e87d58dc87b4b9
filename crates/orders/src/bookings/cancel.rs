//! Cancelling a booking: by its buyer, who gets back what the
//! experience's cancellation policy gives (everything when the cooperative
//! moved the booking), or by its cooperative when it closes a date without
//! another to move to (everything back). The places return to the session,
//! and the refund is booked in the ledger like any other, in the same
//! transaction as the cancellation (a card's refund goes to Stripe right
//! after, with no transaction open).

use catalog::experiences::refund_due;
use catalog::{Catalog, PlaceLine};
use chrono::{DateTime, Utc};
use entity::{experiences, order_items, orders};
use kernel::{Money, ProductId};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{BookingStatus, local_time_vi};
use crate::lifecycle::event;
use crate::money::refunds::RefundBy;
use crate::{BuyerProof, Error, OrderStatus, Orders, PaymentStatus, Result};

/// What cancelling a booking did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BookingCancelled {
    /// The booked line.
    pub item_id: Uuid,
    /// What goes back to the buyer (nothing for an unpaid order's line,
    /// or past the policy's last day).
    pub refund: Money,
}

/// What is still to pay on arrival for a booked line: its balance after a
/// deposit, until its cooperative collects the order's balance.
pub(crate) fn unpaid_balance(line: &order_items::Model, order: &orders::Model) -> i64 {
    if order.balance_collected_vnd > 0 {
        0
    } else {
        line.balance_vnd
    }
}

/// What the buyer still owes the cooperative on arrival for a line:
/// nothing for a cancelled booking, else its unpaid balance.
pub(crate) fn owed_on_arrival(line: &order_items::Model, order: &orders::Model) -> i64 {
    if line.booking_status.as_deref() == Some(BookingStatus::Cancelled.as_str()) {
        0
    } else {
        unpaid_balance(line, order)
    }
}

/// What the buyer has paid for a booked line of a paid order.
pub(crate) fn paid_for(line: &order_items::Model, order: &orders::Model) -> i64 {
    line.line_total_vnd
        .saturating_sub(unpaid_balance(line, order))
        .max(0)
}

/// What comes back of a booked line cancelled at `now`: everything paid
/// when the cooperative moved it, else what its experience's policy gives
/// of the price, less `unpaid` (the balance due on arrival, never paid: a
/// deposit goes to the cancellation's cost first).
pub(crate) fn refund_for(
    line: &order_items::Model,
    unpaid: i64,
    terms: Option<&experiences::Model>,
    now: DateTime<Utc>,
) -> i64 {
    let Some(starts_at) = line.starts_at else {
        return 0;
    };
    let due = if line.booking_moved {
        if now < starts_at {
            line.line_total_vnd
        } else {
            0
        }
    } else {
        match terms {
            Some(t) => refund_due(
                t.free_cancel_days,
                t.late_refund_percent,
                starts_at,
                now,
                line.line_total_vnd,
            ),
            None => 0,
        }
    };
    due.saturating_sub(unpaid).max(0)
}

/// Whether a booked line may still be cancelled at `now`.
pub(crate) fn cancellable(
    line: &order_items::Model,
    order: &orders::Model,
    now: DateTime<Utc>,
) -> bool {
    line.booking_status.as_deref() == Some(BookingStatus::Booked.as_str())
        && line.starts_at.is_some_and(|at| at > now)
        && order.status != OrderStatus::Cancelled.as_str()
}

impl Orders {
    /// The buyer cancels one booking of a paid order (a guest shows the
    /// order's token) and is refunded under the experience's policy. An
    /// unpaid order is cancelled as a whole instead.
    pub async fn cancel_booking(
        &self,
        proof: &BuyerProof<'_>,
        order: Uuid,
        item: Uuid,
    ) -> Result<BookingCancelled> {
        let row = self.buyer_order_row(proof, order).await?;
        let line = order_items::Entity::find_by_id(item)
            .filter(order_items::Column::OrderId.eq(row.id))
            .one(&self.db)
            .await?
            .filter(|l| l.session_id.is_some())
            .ok_or(Error::BookingNotFound)?;
        let now = Utc::now();
        if !cancellable(&line, &row, now) {
            return Err(Error::Conflict);
        }
        let paid = PaymentStatus::parse(&row.payment_status).is_some_and(PaymentStatus::is_paid);
        if !paid {
            return Err(Error::NotPaid);
        }
        let terms = match line.session_id {
            Some(session) => Catalog::session(&self.db, session).await?.map(|(_, t)| t),
            None => None,
        };
        let amount = refund_for(&line, unpaid_balance(&line, &row), terms.as_ref(), now);
        let by = RefundBy::buyer(proof.actor);
        let txn = entity::db::begin_write(&self.db).await?;
        let reason = format!(
            "{} ({}) hủy theo yêu cầu của khách",
            line.title.vi,
            line.starts_at.map(local_time_vi).unwrap_or_default()
        );
        let card = self
            .cancel_booked_line(&txn, by, &row, &line, amount, &reason)
            .await?;
        txn.commit().await?;
        if let Some(refund) = card {
            self.send_card_refund(by, refund).await?;
        }
        Ok(BookingCancelled {
            item_id: line.id,
            refund: Money::vnd(amount),
        })
    }

    /// Cancels a booked line inside `txn`: once (from `booked` only), its
    /// places back to the session, a note on the order's timeline, and
    /// `amount` refunded when there is one. Answers a card refund still to
    /// send.
    pub(crate) async fn cancel_booked_line(
        &self,
        txn: &DatabaseTransaction,
        by: RefundBy,
        row: &orders::Model,
        line: &order_items::Model,
        amount: i64,
        reason: &str,
    ) -> Result<Option<Uuid>> {
        let changed = order_items::Entity::update_many()
            .col_expr(
                order_items::Column::BookingStatus,
                Expr::value(BookingStatus::Cancelled.as_str()),
            )
            .filter(order_items::Column::Id.eq(line.id))
            .filter(order_items::Column::BookingStatus.eq(BookingStatus::Booked.as_str()))
            .exec(txn)
            .await?;
        if changed.rows_affected != 1 {
            return Err(Error::Conflict);
        }
        if let (Some(session), Some(product)) = (line.session_id, line.product_id) {
            Catalog::give_back_places(
                txn,
                &[PlaceLine {
                    session,
                    product: ProductId(product),
                    people: line.quantity.saturating_add(line.children),
                }],
            )
            .await?;
        }
        let status = OrderStatus::parse(&row.status).unwrap_or(OrderStatus::Confirmed);
        let note = format!("booking cancelled: {reason}; refund {}", Money::vnd(amount));
        event(
            txn,
            row.id,
            Some(status),
            status,
            by.kind,
            by.user,
            Some(&note),
        )
        .await?;
        if amount <= 0 {
            return Ok(None);
        }
        let (refund, card) = self.refund_in(txn, by, row, amount, reason).await?;
        Ok(card.then_some(refund))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(moved: bool, starts: &str) -> order_items::Model {
        order_items::Model {
            id: Uuid::now_v7(),
            order_id: Uuid::now_v7(),
            product_id: None,
            variant_id: None,
            sku: "KZ-DET-1".into(),
            title: kernel::I18nText::vi("Một ngày dệt zèng"),
            options: entity::json::Options::default(),
            image_url: None,
            unit_price_vnd: 650_000,
            quantity: 4,
            line_total_vnd: 2_600_000,
            weight_grams: None,
            made_to_order: false,
            lead_time_days: None,
            created_at: Utc::now(),
            lot_id: None,
            trace_code: None,
            session_id: Some(Uuid::now_v7()),
            starts_at: Some(
                DateTime::parse_from_rfc3339(starts)
                    .unwrap()
                    .with_timezone(&Utc),
            ),
            minutes: Some(420),
            children: 0,
            booking_status: Some("booked".into()),
            booking_moved: moved,
            balance_vnd: 0,
        }
    }

    fn terms() -> experiences::Model {
        experiences::Model {
            product_id: Uuid::now_v7(),
            cooperative_id: Uuid::now_v7(),
            minutes: 420,
            meeting_point: String::new(),
            map_url: None,
            languages: "vi".into(),
            included: String::new(),
            min_people: 1,
            max_people: 6,
            per_group: false,
            child_price_vnd: None,
            free_cancel_days: 3,
            late_refund_percent: 50,
            deposit_percent: Some(30),
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn a_late_cancellation_gets_the_policys_share_and_a_moved_booking_everything() {
        let now = DateTime::parse_from_rfc3339("2026-12-18T02:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let starts = "2026-12-20T01:00:00Z";
        assert_eq!(
            refund_for(&line(false, starts), 0, Some(&terms()), now),
            1_300_000
        );
        assert_eq!(
            refund_for(&line(true, starts), 0, Some(&terms()), now),
            2_600_000
        );
        assert_eq!(
            refund_for(&line(false, "2026-12-30T01:00:00Z"), 0, Some(&terms()), now),
            2_600_000
        );
    }

    #[test]
    fn a_deposit_pays_the_cost_of_a_late_cancellation_first() {
        let now = DateTime::parse_from_rfc3339("2026-12-18T02:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        // 2,600,000 booked with a 30% deposit: 780,000 paid, 1,820,000 due
        // on arrival
        let (deposit, balance) = catalog::experiences::deposit_split(2_600_000, 30);
        assert_eq!((deposit, balance), (780_000, 1_820_000));
        // early: the whole deposit back
        assert_eq!(
            refund_for(
                &line(false, "2026-12-30T01:00:00Z"),
                balance,
                Some(&terms()),
                now
            ),
            780_000
        );
        // late, half back of 2,600,000 is 1,300,000: less the 1,820,000
        // never paid, nothing
        assert_eq!(
            refund_for(
                &line(false, "2026-12-20T01:00:00Z"),
                balance,
                Some(&terms()),
                now
            ),
            0
        );
        // moved by the cooperative: all that was paid
        assert_eq!(
            refund_for(
                &line(true, "2026-12-20T01:00:00Z"),
                balance,
                Some(&terms()),
                now
            ),
            780_000
        );
    }

    #[test]
    fn a_deposit_is_rounded_up_to_the_dong_and_never_more_than_the_price() {
        assert_eq!(catalog::experiences::deposit_split(1_001, 30), (301, 700));
        assert_eq!(catalog::experiences::deposit_split(0, 30), (0, 0));
        assert_eq!(
            catalog::experiences::deposit_split(500_000, 90),
            (450_000, 50_000)
        );
    }
}
