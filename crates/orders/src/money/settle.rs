//! Money arriving for a checkout, and what the buyer must pay.
//!
//! One checkout makes one payment for the orders of several cooperatives.
//! When its money arrives — a bank transfer confirmed by union staff or
//! read from the bank's statement, a card paid — [`Orders::settle`] applies
//! it to *every* order of the checkout not yet paid, whatever step the
//! order is at (waiting for payment, released by staff and already shipped,
//! …), and books each as its cooperative's sale exactly once. An order
//! cancelled meanwhile has its share held for the buyer. Cash on delivery
//! is collected per order by its cooperative ([`Orders::record_cash`]).
//!
//! Who confirms what: a cooperative confirms only the cash of its own
//! cash-on-delivery orders; a bank transfer reaches the union's account, so
//! union staff confirm it (or the statement import does); a card is
//! confirmed by Stripe.

use accounts::{Action, Actor, authorize};
use chrono::{DateTime, Utc};
use entity::{orders, payments};
use kernel::{CooperativeId, Money, problem};
use notify::mail;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::held::{self, HeldKind, Hold};
use super::payment_of_checkout;
use crate::idempotency::{self, Claim, Keyed};
use crate::{Error, OrderStatus, Orders, PaymentStatus, Result};

/// The payment of a checkout, for its page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PaymentView {
    /// Id.
    pub id: Uuid,
    /// The checkout.
    pub checkout_id: Uuid,
    /// cod, bank_transfer or card.
    pub method: String,
    /// pending, paid, failed or cancelled.
    pub status: String,
    /// How much.
    pub amount: Money,
    /// The transfer memo's reference.
    pub reference: String,
    /// Why the last card attempt failed, or what staff must know.
    pub failure: Option<String>,
    /// For a bank transfer: the QR code and the account written out.
    pub bank_transfer: Option<BankTransferView>,
}

/// A bank transfer to make.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BankTransferView {
    /// The bank.
    pub bank_name: String,
    /// Its BIN.
    pub bank_bin: String,
    /// The account.
    pub account: String,
    /// The account holder.
    pub account_name: String,
    /// The amount to transfer.
    pub amount: Money,
    /// What the memo must carry.
    pub reference: String,
    /// The VietQR payload (EMVCo).
    pub qr_payload: String,
    /// The QR code as SVG.
    pub qr_svg: String,
}

/// A payment confirmed by hand, for `Idempotency-Key` hashing (the
/// payment is in the path).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ConfirmInput {}

/// What confirming a payment did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Confirmed {
    /// Orders paid by it.
    pub confirmed: usize,
    /// Money held for the buyer (orders cancelled before it arrived).
    pub held: Money,
}

/// Who made money arrive, for the timeline and the ledger.
pub(crate) struct Arrival {
    /// staff, system or cooperative.
    pub kind: &'static str,
    /// The person, if one.
    pub by: Option<Uuid>,
    /// What happened, for the timeline.
    pub note: String,
}

/// What settling a payment did.
#[derive(Debug, Default)]
pub(crate) struct Settled {
    /// The orders it paid.
    pub paid: Vec<orders::Model>,
    /// What it held for the buyer.
    pub held_vnd: i64,
}

impl Orders {
    /// Applies the money of `payment` in `txn`: the payment is paid, money
    /// held before because it fell short is applied, every order of its
    /// checkout not yet paid is paid (and confirmed if it waited for it)
    /// and booked as its cooperative's sale, and an order cancelled
    /// meanwhile has its share held for the buyer. Running it again does
    /// nothing more.
    pub(crate) async fn settle(
        &self,
        txn: &DatabaseTransaction,
        payment: &payments::Model,
        arrival: &Arrival,
    ) -> Result<Settled> {
        let now = Utc::now();
        payments::Entity::update_many()
            .col_expr(payments::Column::Status, Expr::value("paid"))
            .col_expr(payments::Column::PaidAt, Expr::value(Some(now)))
            .col_expr(payments::Column::UpdatedAt, Expr::value(now))
            .filter(payments::Column::Id.eq(payment.id))
            .filter(payments::Column::Status.ne("paid"))
            .exec(txn)
            .await?;
        held::apply_underpaid(txn, payment.id, arrival.by).await?;
        let rows = orders::Entity::find()
            .filter(orders::Column::CheckoutId.eq(payment.checkout_id))
            .filter(orders::Column::PaymentStatus.eq(PaymentStatus::Unpaid.as_str()))
            .order_by_asc(orders::Column::Number)
            .all(txn)
            .await?;
        let mut settled = Settled::default();
        for row in rows {
            if row.status == OrderStatus::Cancelled.as_str() {
                settled.held_vnd += self
                    .hold_cancelled_share(txn, payment, &row, arrival)
                    .await?;
            } else if self.pay_order(txn, payment, &row, arrival, now).await? {
                settled.paid.push(row);
            }
        }
        self.tell_buyer_paid(txn, payment, &settled).await?;
        Ok(settled)
    }

    /// Marks one order paid (confirmed if it waited for the money) and
    /// books its sale; false when it was paid meanwhile.
    async fn pay_order(
        &self,
        txn: &DatabaseTransaction,
        payment: &payments::Model,
        row: &orders::Model,
        arrival: &Arrival,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let waited = row.status == OrderStatus::PendingPayment.as_str();
        let mut update = orders::Entity::update_many()
            .col_expr(
                orders::Column::PaymentStatus,
                Expr::value(PaymentStatus::Paid.as_str()),
            )
            .col_expr(
                orders::Column::ExpiresAt,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(orders::Column::UpdatedAt, Expr::value(now));
        if waited {
            update = update.col_expr(
                orders::Column::Status,
                Expr::value(OrderStatus::Confirmed.as_str()),
            );
        }
        let changed = update
            .filter(orders::Column::Id.eq(row.id))
            .filter(orders::Column::Status.eq(row.status.as_str()))
            .filter(orders::Column::PaymentStatus.eq(PaymentStatus::Unpaid.as_str()))
            .exec(txn)
            .await?;
        if changed.rows_affected != 1 {
            return Ok(false);
        }
        let status = OrderStatus::parse(&row.status)
            .ok_or_else(|| Error::Corrupt(format!("order status {}", row.status)))?;
        let to = if waited {
            OrderStatus::Confirmed
        } else {
            status
        };
        crate::lifecycle::event(
            txn,
            row.id,
            Some(status),
            to,
            arrival.kind,
            arrival.by,
            Some(&arrival.note),
        )
        .await?;
        self.book_sale(txn, row, Some(payment.id), arrival.by)
            .await?;
        Ok(true)
    }

    /// The share of an order cancelled before its money came: held for the
    /// buyer, and the order says so.
    async fn hold_cancelled_share(
        &self,
        txn: &DatabaseTransaction,
        payment: &payments::Model,
        row: &orders::Model,
        arrival: &Arrival,
    ) -> Result<i64> {
        let changed = orders::Entity::update_many()
            .col_expr(
                orders::Column::PaymentStatus,
                Expr::value(PaymentStatus::Held.as_str()),
            )
            .col_expr(orders::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(orders::Column::Id.eq(row.id))
            .filter(orders::Column::PaymentStatus.eq(PaymentStatus::Unpaid.as_str()))
            .exec(txn)
            .await?;
        let share = super::online_vnd(row);
        if changed.rows_affected != 1 || share <= 0 {
            return Ok(0);
        }
        held::hold(
            txn,
            Hold {
                source: format!("cancelled_order:{}", row.id),
                kind: HeldKind::CancelledOrder,
                amount_vnd: share,
                payment: Some(payment),
                order: Some(row),
                statement_line: None,
                note: Some(format!("{}: {}", row.number, arrival.note)),
                by: arrival.by,
            },
        )
        .await?;
        crate::lifecycle::event(
            txn,
            row.id,
            Some(OrderStatus::Cancelled),
            OrderStatus::Cancelled,
            arrival.kind,
            arrival.by,
            Some(&format!(
                "money received after cancellation, held for the buyer: {}",
                Money::vnd(share)
            )),
        )
        .await?;
        Ok(share)
    }

    async fn tell_buyer_paid(
        &self,
        txn: &DatabaseTransaction,
        payment: &payments::Model,
        settled: &Settled,
    ) -> Result<()> {
        let Some(first) = settled.paid.first() else {
            return Ok(());
        };
        let numbers = settled
            .paid
            .iter()
            .map(|r| r.number.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let amount: i64 = settled.paid.iter().map(super::online_vnd).sum();
        self.mailer
            .enqueue(
                txn,
                &crate::lifecycle::buyer_recipient(txn, first).await?,
                &mail::PaymentReceived {
                    order_numbers: numbers,
                    amount: Money::vnd(amount).to_string(),
                    payment_method: first.payment_method.clone(),
                    held: (settled.held_vnd > 0).then(|| Money::vnd(settled.held_vnd).to_string()),
                    orders_url: self.url(&format!("/checkout/{}", payment.checkout_id)),
                },
            )
            .await?;
        Ok(())
    }

    /// Confirms a payment by hand: union staff, for a bank transfer that
    /// reached the union's account (every order of its checkout) or the
    /// cash of delivered orders; a cooperative, only for the cash of its
    /// own cash-on-delivery orders. With an `Idempotency-Key`, a retry
    /// answers the first result again.
    pub async fn confirm_payment(
        &self,
        actor: &Actor,
        payment: Uuid,
        key: Option<&str>,
    ) -> Result<Confirmed> {
        let row = payments::Entity::find_by_id(payment)
            .one(&self.db)
            .await?
            .ok_or(Error::PaymentNotFound)?;
        let staff = authorize(Some(actor), Action::Moderate).is_ok();
        let orders = orders::Entity::find()
            .filter(orders::Column::CheckoutId.eq(row.checkout_id))
            .all(&self.db)
            .await?;
        let mine: Vec<&orders::Model> = orders
            .iter()
            .filter(|o| {
                staff
                    || authorize(
                        Some(actor),
                        Action::ManageOrders(CooperativeId(o.cooperative_id)),
                    )
                    .is_ok()
            })
            .collect();
        if mine.is_empty() {
            return Err(Error::PaymentNotFound);
        }
        match row.method.as_str() {
            "cod" => {
                let mut done = 0;
                for order in mine {
                    self.record_cash_as(actor, order.id, true).await?;
                    done += 1;
                }
                Ok(Confirmed {
                    confirmed: done,
                    held: Money::vnd(0),
                })
            }
            "bank_transfer" if staff => {
                let keyed = Keyed::maybe(
                    format!(
                        "confirm:{}:{}",
                        payment.simple(),
                        actor.user_id.uuid().simple()
                    ),
                    key,
                    &ConfirmInput::default(),
                )?;
                self.confirm_transfer_of(actor, &row, keyed.as_ref()).await
            }
            // the money went to the union's account: only staff can see it
            "bank_transfer" => Err(Error::ConfirmedByUnion),
            _ => Err(Error::Invalid(kernel::FieldErrors::single(
                "payment",
                problem::card_confirmed_by_stripe(),
            ))),
        }
    }

    /// Union staff confirm that the bank transfer of a checkout arrived.
    pub async fn confirm_transfer(&self, actor: &Actor, checkout: Uuid) -> Result<Confirmed> {
        authorize(Some(actor), Action::Moderate)?;
        let payment = payment_of_checkout(&self.db, checkout)
            .await
            .map_err(|_| Error::OrderNotFound)?;
        if payment.method != "bank_transfer" {
            return Err(Error::Invalid(kernel::FieldErrors::single(
                "payment",
                problem::only_bank_transfer_confirmed(),
            )));
        }
        self.confirm_transfer_of(actor, &payment, None).await
    }

    async fn confirm_transfer_of(
        &self,
        actor: &Actor,
        payment: &payments::Model,
        keyed: Option<&Keyed>,
    ) -> Result<Confirmed> {
        let txn = entity::db::begin_write(&self.db).await?;
        let claim = match keyed {
            Some(keyed) => match idempotency::claim(&txn, keyed).await? {
                Claim::Replay(answer) => return idempotency::replayed(answer),
                Claim::Fresh(id) | Claim::Resume { id, .. } => Some(id),
            },
            None => None,
        };
        // read again inside the transaction: it may have been paid meanwhile
        let payment = payments::Entity::find_by_id(payment.id)
            .one(&txn)
            .await?
            .ok_or(Error::PaymentNotFound)?;
        if payment.status == "paid" {
            let status = orders::Entity::find()
                .filter(orders::Column::CheckoutId.eq(payment.checkout_id))
                .one(&txn)
                .await?
                .and_then(|o| OrderStatus::parse(&o.status))
                .unwrap_or(OrderStatus::Cancelled);
            return Err(Error::InvalidTransition {
                from: status,
                to: OrderStatus::Confirmed,
            });
        }
        let settled = self
            .settle(
                &txn,
                &payment,
                &Arrival {
                    kind: "staff",
                    by: Some(actor.user_id.uuid()),
                    note: "bank transfer received".to_owned(),
                },
            )
            .await?;
        let confirmed = Confirmed {
            confirmed: settled.paid.len(),
            held: Money::vnd(settled.held_vnd),
        };
        if let Some(id) = claim {
            idempotency::answer(&txn, id, 200, &confirmed).await?;
        }
        txn.commit().await?;
        Ok(confirmed)
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
        let status = crate::lifecycle::status_of(&row)?;
        if row.payment_method != "cod"
            || row.payment_status != PaymentStatus::Unpaid.as_str()
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
            .col_expr(
                orders::Column::PaymentStatus,
                Expr::value(PaymentStatus::Paid.as_str()),
            )
            .col_expr(orders::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(orders::Column::Id.eq(row.id))
            .filter(orders::Column::PaymentStatus.eq(PaymentStatus::Unpaid.as_str()))
            .exec(&txn)
            .await?;
        if changed.rows_affected != 1 {
            return Err(Error::Conflict);
        }
        crate::lifecycle::event(
            &txn,
            row.id,
            Some(status),
            status,
            "cooperative",
            Some(actor.user_id.uuid()),
            Some("cash received"),
        )
        .await?;
        self.book_sale(&txn, &row, None, Some(actor.user_id.uuid()))
            .await?;
        txn.commit().await?;
        Ok(())
    }

    /// The payment of a checkout, with the QR code for a bank transfer.
    pub async fn checkout_payment(
        &self,
        proof: &crate::access::BuyerProof<'_>,
        checkout: Uuid,
    ) -> Result<PaymentView> {
        // the same proof as the checkout's orders
        self.checkout_orders(proof, checkout).await?;
        let row = payment_of_checkout(&self.db, checkout).await?;
        let bank_transfer = match (&self.config.bank_account, row.method.as_str()) {
            (Some(account), "bank_transfer") => {
                let payload = ::payments::vietqr::payload(account, row.amount_vnd, &row.reference)
                    .map_err(|e| Error::Corrupt(e.to_string()))?;
                let svg =
                    ::payments::vietqr::svg(&payload).map_err(|e| Error::Corrupt(e.to_string()))?;
                Some(BankTransferView {
                    bank_name: account.bank_name.clone(),
                    bank_bin: account.bin.clone(),
                    account: account.account.clone(),
                    account_name: account.account_name.clone(),
                    amount: Money::vnd(row.amount_vnd),
                    reference: row.reference.clone(),
                    qr_payload: payload,
                    qr_svg: svg,
                })
            }
            _ => None,
        };
        Ok(PaymentView {
            id: row.id,
            checkout_id: row.checkout_id,
            method: row.method,
            status: row.status,
            amount: Money::vnd(row.amount_vnd),
            reference: row.reference,
            failure: row.failure,
            bank_transfer,
        })
    }
}
