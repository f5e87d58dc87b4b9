//! Moving orders along: the cooperative's steps (confirm, pack, ship with a
//! tracking number, deliver, complete, cancel with a reason), the buyer's
//! cancel while allowed, recording cash on delivery, confirming a bank
//! transfer, and lapsing unpaid orders. Every step is a conditional update
//! on the status read, written to the timeline and e-mailed through the
//! outbox; cancelling gives the stock back exactly once.

use accounts::{Action, Actor, MemberRole, authorize};
use chrono::{DateTime, Utc};
use entity::{order_events, order_items, orders, product_variants};
use kernel::{CooperativeId, FieldErrors, ProductId};
use notify::mail::{self, Recipient};
use sea_orm::sea_query::{Expr, ExprTrait as _};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Deserialize;
use uuid::Uuid;

use crate::status::Actor as StepActor;
use crate::{Error, OrderStatus, Orders, Result};

/// A step asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct TransitionInput {
    /// Where to: `confirmed`, `packed`, `shipped`, `delivered`, `completed`
    /// or `cancelled`.
    pub to: String,
    /// The carrier, when shipping.
    pub carrier: Option<String>,
    /// The carrier's tracking number, when shipping.
    pub tracking: Option<String>,
    /// Why, when cancelling.
    pub reason: Option<String>,
}

/// The members of a cooperative who hear about its orders (staff and up).
pub(crate) async fn cooperative_recipients<C: ConnectionTrait>(
    conn: &C,
    cooperative: Uuid,
) -> Result<Vec<Recipient>> {
    let mut out = Vec::new();
    for member in accounts::members::members(conn, CooperativeId(cooperative))
        .await
        .map_err(|e| Error::Corrupt(e.to_string()))?
    {
        if member.role >= MemberRole::Manager
            && let Some(r) = accounts::members::recipient_of(conn, member.user_id)
                .await
                .map_err(|e| Error::Corrupt(e.to_string()))?
        {
            out.push(r);
        }
    }
    Ok(out)
}

fn status_of(row: &orders::Model) -> Result<OrderStatus> {
    OrderStatus::parse(&row.status)
        .ok_or_else(|| Error::Corrupt(format!("order status {}", row.status)))
}

fn clean(s: Option<&str>) -> Option<String> {
    s.map(crate::checkout::clean).filter(|s| !s.is_empty())
}

impl Orders {
    /// A step by a member of the order's cooperative.
    pub async fn transition(
        &self,
        actor: &Actor,
        order: Uuid,
        input: &TransitionInput,
    ) -> Result<OrderStatus> {
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
        let to = OrderStatus::parse(input.to.trim()).ok_or_else(|| {
            Error::Invalid(FieldErrors::single(
                "to",
                "must be confirmed, packed, shipped, delivered, completed or cancelled",
            ))
        })?;
        let reason = clean(input.reason.as_deref());
        // an illegal step is refused before its details are looked at
        status_of(&row)?.transition(to, StepActor::Cooperative, reason.as_deref())?;
        let mut errors = FieldErrors::new();
        let carrier = clean(input.carrier.as_deref());
        let tracking = clean(input.tracking.as_deref());
        if to == OrderStatus::Shipped {
            if carrier.is_none() {
                errors.add(
                    "carrier",
                    "name the carrier (e.g. Viettel Post, VNPost, EMS)",
                );
            }
            if tracking.is_none() {
                errors.add("tracking", "enter the tracking number");
            }
            for (field, value) in [("carrier", &carrier), ("tracking", &tracking)] {
                if value.as_ref().is_some_and(|v| v.chars().count() > 80) {
                    errors.add(field, "at most 80 characters");
                }
            }
        }
        errors.into_result(()).map_err(Error::Invalid)?;
        self.step(
            &row,
            to,
            StepActor::Cooperative,
            Some(actor.user_id.uuid()),
            reason.as_deref(),
            carrier.zip(tracking),
        )
        .await
    }

    /// The buyer cancels (before packing).
    pub async fn cancel_by_buyer(
        &self,
        actor: Option<&Actor>,
        guest_email: Option<&str>,
        order: Uuid,
        reason: Option<&str>,
    ) -> Result<OrderStatus> {
        let row = self.buyer_order_row(actor, guest_email, order).await?;
        let reason = clean(reason);
        self.step(
            &row,
            OrderStatus::Cancelled,
            StepActor::Buyer,
            actor.map(|a| a.user_id.uuid()),
            reason.as_deref().or(Some("cancelled by the buyer")),
            None,
        )
        .await
    }

    /// The cooperative records the cash the courier brought.
    pub async fn record_cash(&self, actor: &Actor, order: Uuid) -> Result<()> {
        self.record_cash_as(actor, order, false).await
    }

    /// Records the cash of an order: its cooperative, or union staff when
    /// `staff_may` (confirming a payment).
    pub(crate) async fn record_cash_as(
        &self,
        actor: &Actor,
        order: Uuid,
        staff_may: bool,
    ) -> Result<()> {
        let row = orders::Entity::find_by_id(order)
            .one(&self.db)
            .await?
            .ok_or(Error::OrderNotFound)?;
        if !(staff_may && authorize(Some(actor), Action::Moderate).is_ok()) {
            authorize(
                Some(actor),
                Action::ManageOrders(CooperativeId(row.cooperative_id)),
            )
            .map_err(|d| match d {
                accounts::Denied::NotFound => Error::OrderNotFound,
                other => Error::Denied(other),
            })?;
        }
        let status = status_of(&row)?;
        if row.payment_method != "cod"
            || row.payment_status != "unpaid"
            || !matches!(
                status,
                OrderStatus::Shipped | OrderStatus::Delivered | OrderStatus::Completed
            )
        {
            return Err(Error::InvalidTransition {
                from: status,
                to: status,
            });
        }
        let txn = entity::db::begin_write(&self.db).await?;
        let changed = orders::Entity::update_many()
            .col_expr(orders::Column::PaymentStatus, Expr::value("paid"))
            .col_expr(orders::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(orders::Column::Id.eq(row.id))
            .filter(orders::Column::PaymentStatus.eq("unpaid"))
            .exec(&txn)
            .await?;
        if changed.rows_affected != 1 {
            return Err(Error::Conflict);
        }
        event(
            &txn,
            row.id,
            Some(status),
            status,
            "cooperative",
            Some(actor.user_id.uuid()),
            Some("cash received"),
        )
        .await?;
        self.book_sale(&txn, &row, Some(actor.user_id.uuid()))
            .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Union staff confirm that a bank transfer for a checkout arrived: its
    /// unpaid orders are paid, confirmed and booked in the ledger.
    pub async fn confirm_transfer(&self, actor: &Actor, checkout: Uuid) -> Result<usize> {
        authorize(Some(actor), Action::Moderate)?;
        let any = orders::Entity::find()
            .filter(orders::Column::CheckoutId.eq(checkout))
            .one(&self.db)
            .await?;
        if any.is_none() {
            return Err(Error::OrderNotFound);
        }
        self.confirm_checkout_transfer(actor, checkout, true).await
    }

    /// Cancels the unpaid orders whose payment window has passed, giving
    /// their stock back; returns how many lapsed. Safe to run from several
    /// processes at once.
    pub async fn expire_unpaid(&self, now: DateTime<Utc>) -> Result<usize> {
        let due = orders::Entity::find()
            .filter(orders::Column::Status.eq(OrderStatus::PendingPayment.as_str()))
            .filter(orders::Column::ExpiresAt.lte(now))
            .all(&self.db)
            .await?;
        let mut lapsed = 0;
        let mut card_checkouts = Vec::new();
        for row in due {
            match self
                .step(
                    &row,
                    OrderStatus::Cancelled,
                    StepActor::System,
                    None,
                    Some("payment not received in time"),
                    None,
                )
                .await
            {
                Ok(_) => {
                    lapsed += 1;
                    if row.payment_method == "card" {
                        card_checkouts.push(row.checkout_id);
                    }
                }
                Err(Error::Conflict | Error::InvalidTransition { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        card_checkouts.sort();
        card_checkouts.dedup();
        for checkout in card_checkouts {
            // no transaction is open: the intent can no longer be paid
            self.cancel_card_payment(checkout).await?;
        }
        Ok(lapsed)
    }

    /// Moves `row` to `to` if it is still where it was read.
    async fn step(
        &self,
        row: &orders::Model,
        to: OrderStatus,
        actor: StepActor,
        actor_id: Option<Uuid>,
        reason: Option<&str>,
        shipping: Option<(String, String)>,
    ) -> Result<OrderStatus> {
        let from = status_of(row)?;
        from.transition(to, actor, reason)?;
        let now = Utc::now();
        let txn = entity::db::begin_write(&self.db).await?;
        let mut update = orders::Entity::update_many()
            .col_expr(orders::Column::Status, Expr::value(to.as_str()))
            .col_expr(orders::Column::UpdatedAt, Expr::value(now));
        if to == OrderStatus::Cancelled {
            update = update.col_expr(
                orders::Column::CancelReason,
                Expr::value(reason.map(str::to_owned)),
            );
        }
        if let Some((carrier, tracking)) = &shipping {
            update = update
                .col_expr(orders::Column::Carrier, Expr::value(Some(carrier.clone())))
                .col_expr(
                    orders::Column::TrackingNumber,
                    Expr::value(Some(tracking.clone())),
                );
        }
        if to == OrderStatus::Completed && row.payment_method == "cod" {
            // the order is closed: the cash was collected
            update = update.col_expr(orders::Column::PaymentStatus, Expr::value("paid"));
        }
        let changed = update
            .filter(orders::Column::Id.eq(row.id))
            .filter(orders::Column::Status.eq(from.as_str()))
            .exec(&txn)
            .await?;
        if changed.rows_affected != 1 {
            return Err(Error::Conflict);
        }
        if to == OrderStatus::Cancelled {
            give_stock_back(&txn, row.id).await?;
        }
        if to == OrderStatus::Completed && row.payment_method == "cod" {
            // booked once, whether or not the cash was recorded before
            self.book_sale(&txn, row, actor_id).await?;
        }
        let kind = match actor {
            StepActor::Buyer => "buyer",
            StepActor::Cooperative => "cooperative",
            StepActor::System => "system",
        };
        let note = match (&shipping, reason) {
            (Some((carrier, tracking)), _) => Some(format!("{carrier} {tracking}")),
            (None, Some(reason)) => Some(reason.to_owned()),
            (None, None) => None,
        };
        event(
            &txn,
            row.id,
            Some(from),
            to,
            kind,
            actor_id,
            note.as_deref(),
        )
        .await?;
        self.announce(&txn, row, to, kind, reason, shipping.as_ref())
            .await?;
        txn.commit().await?;
        Ok(to)
    }

    async fn announce<C: ConnectionTrait>(
        &self,
        conn: &C,
        row: &orders::Model,
        to: OrderStatus,
        by: &str,
        reason: Option<&str>,
        shipping: Option<&(String, String)>,
    ) -> Result<()> {
        let buyer = Recipient {
            email: row.buyer_email.clone(),
            name: row.buyer_name.clone(),
            locale: kernel::Locale::Vi,
        };
        let coop_name = entity::cooperatives::Entity::find_by_id(row.cooperative_id)
            .one(conn)
            .await?
            .map(|c| c.name)
            .unwrap_or_default();
        let order_url = self.url(&format!("/orders/{}", row.id));
        match to {
            OrderStatus::Shipped => {
                if let Some((carrier, tracking)) = shipping {
                    self.mailer
                        .enqueue(
                            conn,
                            &buyer,
                            &mail::OrderShipped {
                                order_number: row.number.clone(),
                                cooperative_name: coop_name,
                                carrier: carrier.clone(),
                                tracking_number: tracking.clone(),
                                tracking_url: None,
                                order_url,
                            },
                        )
                        .await?;
                }
            }
            OrderStatus::Cancelled => {
                let content = mail::OrderCancelled {
                    order_number: row.number.clone(),
                    cooperative_name: coop_name,
                    cancelled_by: by.to_owned(),
                    reason: reason.map(str::to_owned),
                    order_url,
                };
                self.mailer.enqueue(conn, &buyer, &content).await?;
                if by != "cooperative" {
                    for r in cooperative_recipients(conn, row.cooperative_id).await? {
                        let content = mail::OrderCancelled {
                            order_url: self.url(&format!("/seller/orders/{}", row.id)),
                            ..content.clone()
                        };
                        self.mailer.enqueue(conn, &r, &content).await?;
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// Gives a cancelled order's stock back, once: the flag flips in the same
/// transaction, and only from false.
async fn give_stock_back<C: ConnectionTrait>(conn: &C, order: Uuid) -> Result<()> {
    let flipped = orders::Entity::update_many()
        .col_expr(orders::Column::StockReturned, Expr::value(true))
        .filter(orders::Column::Id.eq(order))
        .filter(orders::Column::StockReturned.eq(false))
        .exec(conn)
        .await?;
    if flipped.rows_affected != 1 {
        return Ok(());
    }
    let mut products = Vec::new();
    // in variant order, as checkout takes them: no lock-order deadlock
    let mut items = order_items::Entity::find()
        .filter(order_items::Column::OrderId.eq(order))
        .all(conn)
        .await?;
    items.sort_by_key(|i| i.variant_id);
    for item in items {
        let Some(variant) = item.variant_id.filter(|_| !item.made_to_order) else {
            continue;
        };
        product_variants::Entity::update_many()
            .col_expr(
                product_variants::Column::Stock,
                Expr::col(product_variants::Column::Stock).add(item.quantity),
            )
            .col_expr(product_variants::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(product_variants::Column::Id.eq(variant))
            .exec(conn)
            .await?;
        if let Some(p) = item.product_id {
            products.push(p);
        }
    }
    products.sort();
    products.dedup();
    for p in &products {
        entity::products::refresh_summary(conn, *p).await?;
    }
    if !products.is_empty() {
        catalog::search_feed::enqueue(
            conn,
            catalog::search_feed::IndexJob::Products {
                ids: products.into_iter().map(ProductId).collect(),
            },
        )
        .await?;
    }
    Ok(())
}

pub(crate) async fn event<C: ConnectionTrait>(
    conn: &C,
    order: Uuid,
    from: Option<OrderStatus>,
    to: OrderStatus,
    kind: &str,
    actor_id: Option<Uuid>,
    note: Option<&str>,
) -> Result<()> {
    order_events::Entity::insert(order_events::ActiveModel {
        id: Set(Uuid::now_v7()),
        order_id: Set(order),
        from_status: Set(from.map(|s| s.as_str().to_owned())),
        to_status: Set(to.as_str().to_owned()),
        actor_kind: Set(kind.to_owned()),
        actor_id: Set(actor_id),
        note: Set(note.map(str::to_owned)),
        created_at: Set(Utc::now()),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}
