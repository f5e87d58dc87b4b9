//! Money on orders, one responsibility a module:
//!
//! - [`settle`]: money arrives for a checkout (a transfer confirmed by hand
//!   or read from the bank's statement, a card paid, cash collected) and is
//!   applied to every order of it not yet paid — each booked in the ledger
//!   as its cooperative's sale, exactly once — whatever state the orders
//!   are in; an order cancelled meanwhile has its share held for the buyer.
//! - [`held`]: money that pays no order (more than was asked, less than was
//!   asked, a second transfer, a credit with no reference, a cancelled
//!   order's share) is never kept silently: it is booked as held for the
//!   buyer and listed for union staff to give back.
//! - [`cards`]: card payments through Stripe and its webhook.
//! - [`refunds`]: refunds in full or in part.
//! - [`payouts`]: what the market owes each cooperative, and paying it.
//! - [`statements`]: reading the bank's statements.
//! - [`books`]: a cooperative's ledger page.
//!
//! Stripe is never called with a database transaction open: a refund
//! reserves its amount on the order and commits, calls Stripe with an
//! idempotency key derived from the refund's id, then records the answer.

pub mod books;
pub mod cards;
pub mod held;
pub mod payouts;
pub mod refunds;
pub mod settle;
pub mod statements;

pub use books::{LedgerLineView, LedgerView};
pub use cards::{CardPaymentView, WebhookOutcome};
pub use held::{HeldKind, HeldView, OrderToRefund, ReturnHeldInput, ToRefund};
pub use payouts::{
    OwedView, PayoutAccount, PayoutBatchView, PayoutInput, PayoutLine, PayoutView, PayoutsOverview,
};
pub use refunds::{RefundInput, RefundView};
pub use settle::{BankTransferView, ConfirmInput, Confirmed, PaymentView};
pub use statements::{StatementMatch, StatementReport};

use std::collections::HashMap;

use ::payments::ledger::{self, Booking, CommissionRates};
use entity::{order_items, orders, payments};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::{Error, Orders, Result};

pub(crate) fn clean(s: &str) -> String {
    crate::checkout::clean(s)
}

/// The commission of an order: each line at its category's rate (or its
/// parent's), rounded once.
async fn commission_of<C: ConnectionTrait>(
    conn: &C,
    rates: &CommissionRates,
    order: Uuid,
) -> Result<i64> {
    let items = order_items::Entity::find()
        .filter(order_items::Column::OrderId.eq(order))
        .all(conn)
        .await?;
    let product_ids: Vec<Uuid> = items.iter().filter_map(|i| i.product_id).collect();
    let paths = if rates.by_category.is_empty() {
        HashMap::new()
    } else {
        catalog::category_path::category_paths(conn, &product_ids).await?
    };
    let lines = items.iter().map(|i| {
        let slugs = i
            .product_id
            .and_then(|p| paths.get(&p))
            .map(|path| path.iter().map(String::as_str).collect::<Vec<_>>())
            .unwrap_or_default();
        (i.line_total_vnd, rates.rate_for(slugs))
    });
    Ok(CommissionRates::commission(lines))
}

/// What of an order is paid online: its total, less the bookings' balances
/// paid to the cooperative on arrival.
pub(crate) fn online_vnd(order: &orders::Model) -> i64 {
    order.total_vnd.saturating_sub(order.balance_vnd).max(0)
}

/// What the buyer has paid for an order once its online part is paid: that
/// part and what the cooperative collected on arrival.
pub(crate) fn paid_vnd(order: &orders::Model) -> i64 {
    online_vnd(order).saturating_add(order.balance_collected_vnd)
}

/// [`paid_vnd`] in SQL, for conditional updates.
pub(crate) fn paid_expr() -> sea_orm::sea_query::SimpleExpr {
    use sea_orm::sea_query::{Expr, ExprTrait};
    Expr::col(orders::Column::TotalVnd)
        .sub(Expr::col(orders::Column::BalanceVnd))
        .add(Expr::col(orders::Column::BalanceCollectedVnd))
}

impl Orders {
    /// The commission on `part` of an order's total: the order's commission
    /// in proportion, rounded once with what was charged before (`before`).
    pub(crate) async fn commission_on<C: ConnectionTrait>(
        &self,
        conn: &C,
        order: &orders::Model,
        before: i64,
        part: i64,
    ) -> Result<i64> {
        let whole = commission_of(conn, &self.config.commission, order.id)
            .await?
            .clamp(0, order.total_vnd);
        Ok(ledger::commission_share(whole, order.total_vnd, before, part).clamp(0, part))
    }

    /// Books a paid order in the ledger as its cooperative's sale (once: a
    /// second call books nothing): what was paid online, which is all of
    /// it unless bookings' balances are paid on arrival.
    pub(crate) async fn book_sale<C: ConnectionTrait>(
        &self,
        conn: &C,
        order: &orders::Model,
        payment: Option<Uuid>,
        by: Option<Uuid>,
    ) -> Result<()> {
        let online = online_vnd(order);
        let commission = self.commission_on(conn, order, 0, online).await?;
        ledger::book(
            conn,
            &Booking::sale(order.cooperative_id, order.id, online, commission)
                .payment(payment)
                .by(by)
                .memo(format!("{} paid ({})", order.number, order.payment_method)),
        )
        .await?;
        Ok(())
    }
}

/// The payment of a checkout.
pub(crate) async fn payment_of_checkout<C: ConnectionTrait>(
    conn: &C,
    checkout: Uuid,
) -> Result<payments::Model> {
    payments::Entity::find()
        .filter(payments::Column::CheckoutId.eq(checkout))
        .one(conn)
        .await?
        .ok_or(Error::PaymentNotFound)
}

/// The checkout a payment belongs to, for pages that link to it.
pub async fn checkout_of_payment<C: ConnectionTrait>(conn: &C, payment: Uuid) -> Result<Uuid> {
    payments::Entity::find_by_id(payment)
        .one(conn)
        .await?
        .map(|p| p.checkout_id)
        .ok_or(Error::PaymentNotFound)
}

/// `part` of a card payment of `whole_vnd` charged as `minor` in its own
/// currency (cents for USD; equal for VND), rounded down.
pub(crate) fn minor_share(payment: &payments::Model, part_vnd: i64) -> i64 {
    match (payment.amount_minor, payment.amount_vnd) {
        (Some(minor), whole) if whole > 0 && minor != whole => {
            i64::try_from(i128::from(minor) * i128::from(part_vnd) / i128::from(whole))
                .unwrap_or(minor)
        }
        _ => part_vnd,
    }
}

impl From<::payments::stripe::StripeError> for Error {
    fn from(e: ::payments::stripe::StripeError) -> Self {
        match e {
            ::payments::stripe::StripeError::Api { message, .. } => Self::Provider(message),
            ::payments::stripe::StripeError::Unavailable(m) => Self::ProviderUnavailable(m),
        }
    }
}
