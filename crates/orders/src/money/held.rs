//! Money held for buyers: what arrived but pays no order is never kept
//! silently. A transfer for an order cancelled before it arrived, more
//! than was asked, less than was asked (until the rest comes), a second
//! transfer for a paid checkout, a credit whose memo names no payment —
//! each is one row here, booked in the ledger as held for the buyer
//! (market cash +, `buyer_held` −), once per event (its `source` is unique),
//! and listed for union staff "to refund" beside paid orders that were
//! cancelled. Giving it back is one click: a card payment goes back through
//! Stripe, anything else is recorded as sent by the union's bank.

use std::collections::HashMap;

use ::payments::ledger::{self, Booking};
use accounts::{Action, Actor, authorize};
use chrono::{DateTime, Utc};
use entity::{checkouts, cooperatives, held_funds, orders, payments};
use kernel::Money;
use notify::mail::{self, Recipient};
use sea_orm::sea_query::{Alias, Expr, ExprTrait as _, Func, OnConflict, SimpleExpr};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{clean, minor_share};
use crate::{Error, OrderStatus, Orders, PaymentStatus, Result};

/// Why money is held.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum HeldKind {
    /// It paid an order that had been cancelled.
    CancelledOrder,
    /// More than the payment asked: the difference.
    Overpaid,
    /// Less than the payment asked: kept until the rest arrives (then
    /// applied), or given back.
    Underpaid,
    /// For a payment already paid (a second transfer), or a transfer for a
    /// checkout paid another way.
    PaidTwice,
    /// A credit whose memo names no payment.
    Unidentified,
}

impl HeldKind {
    /// Every kind.
    pub const ALL: [HeldKind; 5] = [
        Self::CancelledOrder,
        Self::Overpaid,
        Self::Underpaid,
        Self::PaidTwice,
        Self::Unidentified,
    ];

    /// The stored and API name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CancelledOrder => "cancelled_order",
            Self::Overpaid => "overpaid",
            Self::Underpaid => "underpaid",
            Self::PaidTwice => "paid_twice",
            Self::Unidentified => "unidentified",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Money held for a buyer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct HeldView {
    /// Id.
    pub id: Uuid,
    /// Why it is held.
    pub kind: HeldKind,
    /// How much.
    pub amount: Money,
    /// held, refunded or applied.
    pub status: String,
    /// The payment it came for.
    pub payment_id: Option<Uuid>,
    /// That payment's reference (the transfer memo).
    pub reference: Option<String>,
    /// cod, bank_transfer or card: how it goes back (card: through Stripe).
    pub method: Option<String>,
    /// The checkout.
    pub checkout_id: Option<Uuid>,
    /// The cancelled order it was for.
    pub order_id: Option<Uuid>,
    /// That order's number.
    pub order_number: Option<String>,
    /// Who to give it back to.
    pub buyer_name: Option<String>,
    /// Their address.
    pub buyer_email: Option<String>,
    /// What the bank wrote, or what happened.
    pub note: Option<String>,
    /// How it was given back.
    pub resolution: Option<String>,
    /// Held since.
    pub created_at: DateTime<Utc>,
    /// Given back (or applied) on.
    pub resolved_at: Option<DateTime<Utc>>,
}

/// A paid order that was cancelled, with money not yet given back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OrderToRefund {
    /// The order.
    pub order_id: Uuid,
    /// Its number.
    pub number: String,
    /// The seller.
    pub cooperative_name: String,
    /// The buyer.
    pub buyer_name: String,
    /// Their address.
    pub buyer_email: String,
    /// cod, bank_transfer or card.
    pub payment_method: String,
    /// Paid.
    pub total: Money,
    /// Given back so far.
    pub refunded: Money,
    /// Still to give back.
    pub remaining: Money,
    /// Why it was cancelled.
    pub cancel_reason: Option<String>,
}

/// What the market must give back (union staff).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ToRefund {
    /// Money held for buyers, newest first (a page).
    pub held: Vec<HeldView>,
    /// Held entries in all.
    pub held_count: u64,
    /// Page of `held`.
    pub page: u64,
    /// Paid orders cancelled and not fully refunded, newest first.
    pub cancelled_paid: Vec<OrderToRefund>,
    /// Everything still to give back: held money and those orders.
    pub total: Money,
}

/// Giving held money back.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ReturnHeldInput {
    /// How it was sent back (e.g. the bank's transfer number); optional.
    pub note: Option<String>,
}

#[derive(Debug, FromQueryResult)]
struct Total {
    total: Option<i64>,
}

/// Money to hold.
pub(crate) struct Hold<'a> {
    /// Names the event, so it is held once.
    pub source: String,
    /// Why.
    pub kind: HeldKind,
    /// How much (more than zero).
    pub amount_vnd: i64,
    /// The payment it came for.
    pub payment: Option<&'a payments::Model>,
    /// The cancelled order it was for.
    pub order: Option<&'a orders::Model>,
    /// The bank-statement line it arrived on.
    pub statement_line: Option<Uuid>,
    /// What happened.
    pub note: Option<String>,
    /// Who recorded it.
    pub by: Option<Uuid>,
}

/// Holds money for the buyer through `conn` (the caller's transaction) and
/// books it, once per `source`; returns whether it was new.
pub(crate) async fn hold<C: ConnectionTrait>(conn: &C, hold: Hold<'_>) -> Result<bool> {
    if hold.amount_vnd <= 0 {
        return Ok(false);
    }
    let (buyer_name, buyer_email) = match (hold.order, hold.payment) {
        (Some(order), _) => (
            Some(order.buyer_name.clone()),
            Some(order.buyer_email.clone()),
        ),
        (None, Some(payment)) => checkouts::Entity::find_by_id(payment.checkout_id)
            .one(conn)
            .await?
            .map_or((None, None), |c| (Some(c.name), Some(c.email))),
        (None, None) => (None, None),
    };
    let id = Uuid::now_v7();
    let inserted = held_funds::Entity::insert(held_funds::ActiveModel {
        id: Set(id),
        source: Set(hold.source.clone()),
        kind: Set(hold.kind.as_str().to_owned()),
        amount_vnd: Set(hold.amount_vnd),
        status: Set("held".to_owned()),
        payment_id: Set(hold.payment.map(|p| p.id)),
        checkout_id: Set(hold.payment.map(|p| p.checkout_id)),
        order_id: Set(hold.order.map(|o| o.id)),
        statement_line_id: Set(hold.statement_line),
        buyer_name: Set(buyer_name),
        buyer_email: Set(buyer_email),
        note: Set(hold.note.clone()),
        resolution: Set(None),
        resolved_by: Set(None),
        resolved_at: Set(None),
        created_at: Set(Utc::now()),
    })
    .on_conflict(
        OnConflict::column(held_funds::Column::Source)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    if inserted == 0 {
        return Ok(false);
    }
    let memo = match (&hold.note, hold.payment) {
        (Some(note), _) => format!("held for the buyer ({}): {note}", hold.kind.as_str()),
        (None, Some(p)) => format!(
            "held for the buyer ({}): {}",
            hold.kind.as_str(),
            p.reference
        ),
        (None, None) => format!("held for the buyer ({})", hold.kind.as_str()),
    };
    ledger::book(
        conn,
        &Booking::held(id, hold.amount_vnd)
            .payment(hold.payment.map(|p| p.id))
            .order(hold.order.map(|o| o.id))
            .by(hold.by)
            .memo(memo),
    )
    .await?;
    Ok(true)
}

/// Money held because it fell short of `payment`, not yet applied.
pub(crate) async fn underpaid_sum<C: ConnectionTrait>(conn: &C, payment: Uuid) -> Result<i64> {
    Ok(open_underpaid(conn, payment)
        .await?
        .iter()
        .map(|h| h.amount_vnd)
        .sum())
}

async fn open_underpaid<C: ConnectionTrait>(
    conn: &C,
    payment: Uuid,
) -> Result<Vec<held_funds::Model>> {
    Ok(held_funds::Entity::find()
        .filter(held_funds::Column::PaymentId.eq(payment))
        .filter(held_funds::Column::Kind.eq(HeldKind::Underpaid.as_str()))
        .filter(held_funds::Column::Status.eq("held"))
        .order_by_asc(held_funds::Column::Id)
        .all(conn)
        .await?)
}

/// Applies the money held because it fell short of `payment` (the rest has
/// arrived, and the payment's sales are about to be booked); returns how
/// much.
pub(crate) async fn apply_underpaid<C: ConnectionTrait>(
    conn: &C,
    payment: Uuid,
    by: Option<Uuid>,
) -> Result<i64> {
    let mut applied = 0;
    for held in open_underpaid(conn, payment).await? {
        let changed = held_funds::Entity::update_many()
            .col_expr(held_funds::Column::Status, Expr::value("applied"))
            .col_expr(held_funds::Column::ResolvedBy, Expr::value(by))
            .col_expr(
                held_funds::Column::ResolvedAt,
                Expr::value(Some(Utc::now())),
            )
            .col_expr(
                held_funds::Column::Resolution,
                Expr::value(Some("applied to its payment".to_owned())),
            )
            .filter(held_funds::Column::Id.eq(held.id))
            .filter(held_funds::Column::Status.eq("held"))
            .exec(conn)
            .await?;
        if changed.rows_affected == 1 {
            ledger::book(
                conn,
                &Booking::held_applied(held.id, held.amount_vnd)
                    .payment(Some(payment))
                    .by(by)
                    .memo("applied to its payment"),
            )
            .await?;
            applied += held.amount_vnd;
        }
    }
    Ok(applied)
}

impl Orders {
    /// What the market must give back: a page of money held for buyers,
    /// and the paid orders that were cancelled (union staff).
    pub async fn to_refund(&self, actor: &Actor, page: u64) -> Result<ToRefund> {
        authorize(Some(actor), Action::Moderate)?;
        let page = Ord::max(page, 1);
        let open = held_funds::Entity::find().filter(held_funds::Column::Status.eq("held"));
        let held_count = open.clone().count(&self.db).await?;
        let held_total = open
            .clone()
            .select_only()
            .column_as(
                SimpleExpr::from(Func::cast_as(
                    Func::sum(Expr::col(held_funds::Column::AmountVnd)),
                    Alias::new("BIGINT"),
                )),
                "total",
            )
            .into_model::<Total>()
            .one(&self.db)
            .await?
            .and_then(|t| t.total)
            .unwrap_or(0);
        let rows = open
            .order_by_desc(held_funds::Column::CreatedAt)
            .order_by_desc(held_funds::Column::Id)
            .offset((page - 1) * 50)
            .limit(50)
            .all(&self.db)
            .await?;
        let held = self.held_views(rows).await?;
        let cancelled = orders::Entity::find()
            .filter(orders::Column::Status.eq(OrderStatus::Cancelled.as_str()))
            .filter(orders::Column::PaymentStatus.is_in([
                PaymentStatus::Paid.as_str(),
                PaymentStatus::PartiallyRefunded.as_str(),
            ]))
            .filter(Expr::col(orders::Column::RefundedVnd).lt(super::paid_expr()))
            .order_by_desc(orders::Column::UpdatedAt)
            .limit(200)
            .all(&self.db)
            .await?;
        let names = cooperative_names(&self.db, cancelled.iter().map(|o| o.cooperative_id)).await?;
        let cancelled_paid: Vec<OrderToRefund> = cancelled
            .into_iter()
            .map(|o| OrderToRefund {
                remaining: Money::vnd(super::paid_vnd(&o) - o.refunded_vnd),
                order_id: o.id,
                cooperative_name: names.get(&o.cooperative_id).cloned().unwrap_or_default(),
                number: o.number,
                buyer_name: o.buyer_name,
                buyer_email: o.buyer_email,
                payment_method: o.payment_method,
                total: Money::vnd(o.total_vnd),
                refunded: Money::vnd(o.refunded_vnd),
                cancel_reason: o.cancel_reason,
            })
            .collect();
        let orders_due: i64 = cancelled_paid.iter().map(|o| o.remaining.amount).sum();
        Ok(ToRefund {
            held,
            held_count,
            page,
            cancelled_paid,
            total: Money::vnd(held_total + orders_due),
        })
    }

    /// Gives held money back to the buyer (union staff): a card payment
    /// through Stripe (its idempotency key comes from the held money's
    /// id), anything else recorded as sent by the union's bank. Safe to
    /// repeat: money given back answers as it is.
    pub async fn return_held(
        &self,
        actor: &Actor,
        held: Uuid,
        input: &ReturnHeldInput,
    ) -> Result<HeldView> {
        authorize(Some(actor), Action::Moderate)?;
        let row = held_funds::Entity::find_by_id(held)
            .one(&self.db)
            .await?
            .ok_or(Error::HeldNotFound)?;
        match row.status.as_str() {
            "held" => {}
            "refunded" => return self.held_view(held).await,
            _ => return Err(Error::HeldResolved),
        }
        let payment = match row.payment_id {
            Some(p) => payments::Entity::find_by_id(p).one(&self.db).await?,
            None => None,
        };
        let note = input
            .note
            .as_deref()
            .map(clean)
            .filter(|n| !n.is_empty())
            .map(|n| n.chars().take(500).collect::<String>());
        let resolution = match payment.as_ref().filter(|p| p.method == "card") {
            Some(card) => {
                let stripe = self.stripe()?;
                let intent = card.provider_ref.clone().unwrap_or_default();
                let refund = stripe
                    .refund(
                        &format!("hoptac:held:{held}"),
                        &intent,
                        minor_share(card, row.amount_vnd),
                        held,
                    )
                    .await?;
                if refund.status.as_deref() == Some("failed") {
                    return Err(Error::Provider("Stripe refused the refund".into()));
                }
                format!("card refund {}", refund.id)
            }
            None => note.unwrap_or_else(|| "sent back by bank transfer".to_owned()),
        };
        let txn = entity::db::begin_write(&self.db).await?;
        let changed = held_funds::Entity::update_many()
            .col_expr(held_funds::Column::Status, Expr::value("refunded"))
            .col_expr(
                held_funds::Column::Resolution,
                Expr::value(Some(resolution)),
            )
            .col_expr(
                held_funds::Column::ResolvedBy,
                Expr::value(Some(actor.user_id.uuid())),
            )
            .col_expr(
                held_funds::Column::ResolvedAt,
                Expr::value(Some(Utc::now())),
            )
            .filter(held_funds::Column::Id.eq(held))
            .filter(held_funds::Column::Status.eq("held"))
            .exec(&txn)
            .await?;
        if changed.rows_affected == 1 {
            ledger::book(
                &txn,
                &Booking::held_returned(held, row.amount_vnd)
                    .payment(row.payment_id)
                    .order(row.order_id)
                    .by(Some(actor.user_id.uuid()))
                    .memo(format!("given back to the buyer ({})", row.kind)),
            )
            .await?;
            self.held_given_back(&txn, actor, &row, payment.as_ref())
                .await?;
        }
        txn.commit().await?;
        self.held_view(held).await
    }

    /// The order (if any) says its money went back, and the buyer hears.
    async fn held_given_back(
        &self,
        txn: &sea_orm::DatabaseTransaction,
        actor: &Actor,
        row: &held_funds::Model,
        payment: Option<&payments::Model>,
    ) -> Result<()> {
        let order = match row.order_id {
            Some(id) => orders::Entity::find_by_id(id).one(txn).await?,
            None => None,
        };
        if let Some(order) = &order {
            orders::Entity::update_many()
                .col_expr(
                    orders::Column::PaymentStatus,
                    Expr::value(PaymentStatus::Refunded.as_str()),
                )
                .col_expr(orders::Column::UpdatedAt, Expr::value(Utc::now()))
                .filter(orders::Column::Id.eq(order.id))
                .filter(orders::Column::PaymentStatus.eq(PaymentStatus::Held.as_str()))
                .exec(txn)
                .await?;
            crate::lifecycle::event(
                txn,
                order.id,
                Some(OrderStatus::Cancelled),
                OrderStatus::Cancelled,
                "staff",
                Some(actor.user_id.uuid()),
                Some(&format!(
                    "money held for the buyer given back: {}",
                    Money::vnd(row.amount_vnd)
                )),
            )
            .await?;
        }
        let (Some(email), Some(name)) = (&row.buyer_email, &row.buyer_name) else {
            return Ok(());
        };
        let checkout = row.checkout_id.or(order.as_ref().map(|o| o.checkout_id));
        let url = match (&order, checkout) {
            (Some(o), _) => {
                self.buyer_link(txn, &format!("/orders/{}", o.id), o.checkout_id, o.buyer_id)
                    .await?
            }
            (None, Some(c)) => {
                let buyer = checkouts::Entity::find_by_id(c)
                    .one(txn)
                    .await?
                    .and_then(|c| c.buyer_id);
                self.buyer_link(txn, &format!("/checkout/{c}"), c, buyer)
                    .await?
            }
            (None, None) => return Ok(()),
        };
        self.mailer
            .enqueue(
                txn,
                &Recipient {
                    email: email.clone(),
                    name: name.clone(),
                    locale: kernel::Locale::Vi,
                },
                &mail::RefundIssued {
                    order_number: order
                        .as_ref()
                        .map(|o| o.number.clone())
                        .or_else(|| payment.map(|p| p.reference.clone()))
                        .unwrap_or_default(),
                    amount: Money::vnd(row.amount_vnd).to_string(),
                    payment_method: payment
                        .map(|p| p.method.clone())
                        .unwrap_or_else(|| "bank_transfer".to_owned()),
                    reason: row.note.clone(),
                    order_url: url,
                },
            )
            .await?;
        Ok(())
    }

    /// One held entry, as staff see it.
    pub async fn held_view(&self, held: Uuid) -> Result<HeldView> {
        let row = held_funds::Entity::find_by_id(held)
            .one(&self.db)
            .await?
            .ok_or(Error::HeldNotFound)?;
        self.held_views(vec![row])
            .await?
            .pop()
            .ok_or(Error::HeldNotFound)
    }

    async fn held_views(&self, rows: Vec<held_funds::Model>) -> Result<Vec<HeldView>> {
        let payment_ids: Vec<Uuid> = rows.iter().filter_map(|h| h.payment_id).collect();
        let payments: HashMap<Uuid, payments::Model> = payments::Entity::find()
            .filter(payments::Column::Id.is_in(payment_ids))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        let order_ids: Vec<Uuid> = rows.iter().filter_map(|h| h.order_id).collect();
        let numbers: HashMap<Uuid, String> = orders::Entity::find()
            .filter(orders::Column::Id.is_in(order_ids))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|o| (o.id, o.number))
            .collect();
        rows.into_iter()
            .map(|h| {
                let payment = h.payment_id.and_then(|p| payments.get(&p));
                Ok(HeldView {
                    id: h.id,
                    kind: HeldKind::parse(&h.kind)
                        .ok_or_else(|| Error::Corrupt(format!("held kind {}", h.kind)))?,
                    amount: Money::vnd(h.amount_vnd),
                    status: h.status,
                    payment_id: h.payment_id,
                    reference: payment.map(|p| p.reference.clone()),
                    method: payment.map(|p| p.method.clone()),
                    checkout_id: h.checkout_id,
                    order_id: h.order_id,
                    order_number: h.order_id.and_then(|o| numbers.get(&o).cloned()),
                    buyer_name: h.buyer_name,
                    buyer_email: h.buyer_email,
                    note: h.note,
                    resolution: h.resolution,
                    created_at: h.created_at,
                    resolved_at: h.resolved_at,
                })
            })
            .collect()
    }
}

/// The names of some cooperatives.
pub(crate) async fn cooperative_names<C: ConnectionTrait>(
    conn: &C,
    ids: impl Iterator<Item = Uuid>,
) -> Result<HashMap<Uuid, String>> {
    let ids: Vec<Uuid> = ids.collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(cooperatives::Entity::find()
        .filter(cooperatives::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect())
}
