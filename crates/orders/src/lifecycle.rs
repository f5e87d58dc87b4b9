//! Moving orders along: the cooperative's steps (confirm, pack, ship with a
//! tracking number, deliver, complete, cancel with a reason), the buyer's
//! cancel while allowed, union staff releasing an unpaid order for
//! fulfilment, and lapsing unpaid orders. Every step is a conditional
//! update on the status read, written to the timeline and e-mailed
//! through the outbox; cancelling gives the stock back exactly once.
//!
//! A bank-transfer or card order is not packed or shipped before it is
//! paid ([`crate::status::fulfilment_hold`]): the step is refused with
//! `payment_required`, saying why. Cash on delivery ships unpaid; union
//! staff may release an order with a reason (audit-logged).

use accounts::{Action, Actor, MemberRole, authorize};
use catalog::{Catalog, PlaceLine, StockLine};
use chrono::{DateTime, Utc};
use entity::{audit, order_events, order_items, orders};
use kernel::{CooperativeId, FieldErrors, ProductId, VariantId, problem};
use notify::mail::{self, Recipient};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::status::{Actor as StepActor, fulfilment_hold};
use crate::{Error, OrderStatus, Orders, PaymentStatus, Result};

/// Union staff letting an unpaid order be prepared.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ReleaseInput {
    /// Why (written to the audit log and the order's timeline).
    pub reason: String,
}

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

/// The buyer of an order, as its e-mails address them: in the language of
/// their account, a guest in Vietnamese (the order keeps no language).
pub(crate) async fn buyer_recipient<C: ConnectionTrait>(
    conn: &C,
    row: &orders::Model,
) -> Result<Recipient> {
    // a guest's language is not kept: Vietnamese, the shop's own
    let locale = match row.buyer_id {
        Some(id) => entity::users::Entity::find_by_id(id)
            .one(conn)
            .await?
            .and_then(|u| u.locale.parse().ok())
            .unwrap_or_default(),
        None => kernel::Locale::Vi,
    };
    Ok(Recipient {
        email: row.buyer_email.clone(),
        name: row.buyer_name.clone(),
        locale,
    })
}

/// A cooperative's name, for e-mails (empty if it is gone).
pub(crate) async fn cooperative_name<C: ConnectionTrait>(
    conn: &C,
    cooperative: Uuid,
) -> Result<String> {
    Ok(entity::cooperatives::Entity::find_by_id(cooperative)
        .one(conn)
        .await?
        .map(|c| c.name)
        .unwrap_or_default())
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

pub(crate) fn status_of(row: &orders::Model) -> Result<OrderStatus> {
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
                problem::not_one_of(&[
                    "confirmed",
                    "packed",
                    "shipped",
                    "delivered",
                    "completed",
                    "cancelled",
                ]),
            ))
        })?;
        let reason = clean(input.reason.as_deref());
        let from = status_of(&row)?;
        // a step the money does not allow yet says why, before anything else
        if matches!(
            to,
            OrderStatus::Confirmed | OrderStatus::Packed | OrderStatus::Shipped
        ) && let Some(hold) = hold_of(&row)
        {
            return Err(Error::PaymentRequired(hold));
        }
        // an illegal step is refused before its details are looked at
        from.transition(to, StepActor::Cooperative, reason.as_deref())?;
        let mut errors = FieldErrors::new();
        let carrier = clean(input.carrier.as_deref());
        let tracking = clean(input.tracking.as_deref());
        if to == OrderStatus::Shipped {
            if carrier.is_none() {
                errors.add("carrier", problem::enter_carrier());
            }
            if tracking.is_none() {
                errors.add("tracking", problem::enter_tracking());
            }
            for (field, value) in [("carrier", &carrier), ("tracking", &tracking)] {
                if value.as_ref().is_some_and(|v| v.chars().count() > 80) {
                    errors.add(field, problem::too_long(80));
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
        proof: &crate::BuyerProof<'_>,
        order: Uuid,
        reason: Option<&str>,
    ) -> Result<OrderStatus> {
        let row = self.buyer_order_row(proof, order).await?;
        let reason = clean(reason);
        self.step(
            &row,
            OrderStatus::Cancelled,
            StepActor::Buyer,
            proof.actor.map(|a| a.user_id.uuid()),
            reason.as_deref().or(Some("cancelled by the buyer")),
            None,
        )
        .await
    }

    /// Union staff let an order waiting for its money be prepared (the
    /// buyer showed a transfer receipt, the bank is late…): it is
    /// confirmed, no longer lapses, and its cooperative may pack and ship
    /// it; the money, when it arrives, is applied to it as to any other.
    /// The reason goes to the audit log and the timeline.
    pub async fn release_for_fulfilment(
        &self,
        actor: &Actor,
        order: Uuid,
        input: &ReleaseInput,
    ) -> Result<OrderStatus> {
        authorize(Some(actor), Action::Moderate)?;
        let row = orders::Entity::find_by_id(order)
            .one(&self.db)
            .await?
            .ok_or(Error::OrderNotFound)?;
        let reason = clean(Some(&input.reason));
        if reason.as_ref().is_some_and(|r| r.chars().count() > 500) {
            return Err(Error::Invalid(FieldErrors::single(
                "reason",
                problem::too_long(500),
            )));
        }
        let from = status_of(&row)?;
        from.transition(OrderStatus::Confirmed, StepActor::Staff, reason.as_deref())
            .map_err(|e| match e {
                crate::TransitionError::ReasonRequired => Error::Invalid(FieldErrors::single(
                    "reason",
                    problem::release_reason_missing(),
                )),
                other => other.into(),
            })?;
        let reason = reason.unwrap_or_default();
        let now = Utc::now();
        let txn = entity::db::begin_write(&self.db).await?;
        let changed = orders::Entity::update_many()
            .col_expr(
                orders::Column::Status,
                Expr::value(OrderStatus::Confirmed.as_str()),
            )
            .col_expr(
                orders::Column::ExpiresAt,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(orders::Column::ReleasedAt, Expr::value(Some(now)))
            .col_expr(
                orders::Column::ReleasedBy,
                Expr::value(Some(actor.user_id.uuid())),
            )
            .col_expr(
                orders::Column::ReleaseReason,
                Expr::value(Some(reason.clone())),
            )
            .col_expr(orders::Column::UpdatedAt, Expr::value(now))
            .filter(orders::Column::Id.eq(row.id))
            .filter(orders::Column::Status.eq(from.as_str()))
            .exec(&txn)
            .await?;
        if changed.rows_affected != 1 {
            return Err(Error::Conflict);
        }
        event(
            &txn,
            row.id,
            Some(from),
            OrderStatus::Confirmed,
            "staff",
            Some(actor.user_id.uuid()),
            Some(&format!("released for fulfilment before payment: {reason}")),
        )
        .await?;
        audit::record(
            &txn,
            audit::Entry {
                actor_id: Some(actor.user_id.uuid()),
                action: "order.release_unpaid".into(),
                target_type: "order".into(),
                target_id: row.id.to_string(),
                reason: Some(reason.clone()),
                request_id: None,
                data: Some(serde_json::json!({
                    "number": row.number,
                    "payment_method": row.payment_method,
                    "total_vnd": row.total_vnd,
                })),
            },
        )
        .await?;
        for recipient in cooperative_recipients(&txn, row.cooperative_id).await? {
            self.mailer
                .enqueue(
                    &txn,
                    &recipient,
                    &mail::OrderReleased {
                        order_number: row.number.clone(),
                        reason: reason.clone(),
                        order_url: self.url(&format!("/seller/orders/{}", row.id)),
                    },
                )
                .await?;
        }
        txn.commit().await?;
        Ok(OrderStatus::Confirmed)
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
        let cash_collected = to == OrderStatus::Completed
            && row.payment_method == "cod"
            && row.payment_status == PaymentStatus::Unpaid.as_str();
        if cash_collected {
            // the order is closed: the cash was collected
            update = update.col_expr(
                orders::Column::PaymentStatus,
                Expr::value(PaymentStatus::Paid.as_str()),
            );
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
            self.book_sale(&txn, row, None, actor_id).await?;
        }
        let kind = match actor {
            StepActor::Buyer => "buyer",
            StepActor::Cooperative => "cooperative",
            StepActor::System => "system",
            StepActor::Staff => "staff",
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
        if matches!(actor, StepActor::Cooperative | StepActor::Staff) {
            // the people who run the market answer for the steps they take
            audit::record(
                &txn,
                audit::Entry {
                    actor_id,
                    action: format!("order.{}", to.as_str()),
                    target_type: "order".into(),
                    target_id: row.id.to_string(),
                    reason: note.clone(),
                    request_id: None,
                    data: Some(serde_json::json!({
                        "number": row.number,
                        "from": from.as_str(),
                        "to": to.as_str(),
                    })),
                },
            )
            .await?;
        }
        self.announce(&txn, row, to, kind, reason, shipping.as_ref())
            .await?;
        txn.commit().await?;
        Ok(to)
    }

    /// The traceability pages of the lots packed for the lines of `order`.
    async fn trace_links<C: ConnectionTrait>(
        &self,
        conn: &C,
        order: Uuid,
    ) -> Result<Vec<mail::TraceLink>> {
        Ok(order_items::Entity::find()
            .filter(order_items::Column::OrderId.eq(order))
            .filter(order_items::Column::TraceCode.is_not_null())
            .all(conn)
            .await?
            .into_iter()
            .filter_map(|i| {
                i.trace_code.map(|code| mail::TraceLink {
                    title: i.title.vi.clone(),
                    url: format!("{}/t/{code}", self.config.site_url),
                })
            })
            .collect())
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
        let buyer = buyer_recipient(conn, row).await?;
        let coop_name = cooperative_name(conn, row.cooperative_id).await?;
        let payment_method = row.payment_method.clone();
        let payment_status = row.payment_status.clone();
        match to {
            OrderStatus::Shipped => {
                if let Some((carrier, tracking)) = shipping {
                    let order_url = self
                        .buyer_link(
                            conn,
                            &format!("/orders/{}", row.id),
                            row.checkout_id,
                            row.buyer_id,
                        )
                        .await?;
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
                                payment_method,
                                payment_status,
                                order_url,
                                lots: self.trace_links(conn, row.id).await?,
                            },
                        )
                        .await?;
                }
            }
            OrderStatus::Cancelled => {
                let order_url = self
                    .buyer_link(
                        conn,
                        &format!("/orders/{}", row.id),
                        row.checkout_id,
                        row.buyer_id,
                    )
                    .await?;
                let content = mail::OrderCancelled {
                    order_number: row.number.clone(),
                    cooperative_name: coop_name,
                    cancelled_by: by.to_owned(),
                    reason: reason.map(str::to_owned),
                    payment_method,
                    payment_status,
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
            OrderStatus::Delivered => {
                self.invite_review(conn, row, &buyer, coop_name).await?;
            }
            _ => {}
        }
        Ok(())
    }

    /// A few days after delivery, the buyer is invited to review what
    /// they bought; the link opens the order's reviews, for guests too.
    pub(crate) async fn invite_review<C: ConnectionTrait>(
        &self,
        conn: &C,
        row: &orders::Model,
        buyer: &Recipient,
        cooperative_name: String,
    ) -> Result<()> {
        let items = order_items::Entity::find()
            .filter(order_items::Column::OrderId.eq(row.id))
            .all(conn)
            .await?
            .into_iter()
            .map(|i| i.title.vi)
            .collect();
        let review_url = self
            .buyer_link(
                conn,
                &format!("/orders/{}/reviews", row.id),
                row.checkout_id,
                row.buyer_id,
            )
            .await?;
        self.mailer
            .enqueue_later(
                conn,
                buyer,
                &mail::ReviewInvite {
                    order_number: row.number.clone(),
                    cooperative_name,
                    items,
                    review_url,
                },
                Utc::now() + chrono::Duration::days(crate::reviews::INVITE_AFTER_DAYS),
                &format!("review_invite:{}", row.id),
            )
            .await?;
        Ok(())
    }
}

/// Gives a cancelled order's stock and booked places back, once: the flag flips in the same
/// transaction, and only from false; the catalogue puts the stock back.
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
    let (booked, goods): (Vec<_>, Vec<_>) = order_items::Entity::find()
        .filter(order_items::Column::OrderId.eq(order))
        .all(conn)
        .await?
        .into_iter()
        .partition(|item| item.session_id.is_some());
    let places: Vec<PlaceLine> = booked
        .iter()
        .filter(|item| {
            item.booking_status.as_deref() != Some(crate::BookingStatus::Cancelled.as_str())
        })
        .filter_map(|item| {
            Some(PlaceLine {
                session: item.session_id?,
                product: ProductId(item.product_id?),
                people: item.quantity.saturating_add(item.children),
            })
        })
        .collect();
    Catalog::give_back_places(conn, &places).await?;
    order_items::Entity::update_many()
        .col_expr(
            order_items::Column::BookingStatus,
            Expr::value(crate::BookingStatus::Cancelled.as_str()),
        )
        .filter(order_items::Column::OrderId.eq(order))
        .filter(order_items::Column::SessionId.is_not_null())
        .exec(conn)
        .await?;
    let lines: Vec<StockLine> = goods
        .into_iter()
        .filter_map(|item| {
            Some(StockLine {
                variant: VariantId(item.variant_id?),
                product: ProductId(item.product_id?),
                sku: item.sku,
                quantity: item.quantity,
                made_to_order: item.made_to_order,
            })
        })
        .collect();
    Catalog::give_back_stock(conn, &lines).await?;
    Ok(())
}

/// What stops `row` from being prepared, if anything.
pub(crate) fn hold_of(row: &orders::Model) -> Option<crate::FulfilmentHold> {
    let payment = PaymentStatus::parse(&row.payment_status).unwrap_or(PaymentStatus::Unpaid);
    fulfilment_hold(&row.payment_method, payment, row.released_at.is_some())
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
