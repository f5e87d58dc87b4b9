//! An export order's deposit or balance paid by card, in US dollars,
//! through Stripe (where the market has configured it).
//!
//! The importer starts the card payment of the payment that is due: one
//! PaymentIntent per payment, made with an idempotency key derived from the
//! payment (a retry or a crash never makes a second), for the đồng amount in
//! cents at the rate fixed then — the quote's own rate when the importer
//! was quoted in dollars, otherwise the market's card rate — rounded up, so
//! the market never receives less than it books. The amount and rate are
//! written on the payment before the card page shows them.
//!
//! What Stripe says (on the card page's return, or by its webhook, each
//! event acted on once in the same transaction as its effect) is applied
//! in any order: a success books the payment exactly as a transfer recorded
//! by staff is booked; a failure only notes why while it is open. A card
//! that succeeds after staff recorded a transfer for the same payment is
//! not booked twice: the payment says so, for staff to refund it at Stripe.

use std::collections::HashMap;

use accounts::Actor;
use entity::{export_payments, stripe_events};
use kernel::{Money, Rate};
use payments::stripe::{CardCurrency, EXPORT_PAYMENT_KEY, Event, Intent, Stripe, StripeError};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::access::{Side, side_of};
use crate::model::{ExportStatus, Part};
use crate::orders::{Arrival, CardCharge};
use crate::{Error, Exports, Result};

/// A card payment of an export order: what its page needs, and where it
/// stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ExportCardView {
    /// The payment.
    pub payment_id: Uuid,
    /// The export order.
    pub order_id: Uuid,
    /// Its number.
    pub order_number: String,
    /// deposit or balance.
    pub part: Part,
    /// In đồng, as booked.
    pub amount: Money,
    /// What the card is charged, and at which rate.
    pub charge: CardCharge,
    /// Stripe's PaymentIntent (pi_…).
    pub payment_intent: String,
    /// For Stripe.js.
    pub client_secret: Option<String>,
    /// For Stripe.js.
    pub publishable_key: String,
    /// Where Stripe.js is loaded from.
    pub js_url: String,
    /// paid, pending, requires_action, failed or cancelled.
    pub state: String,
    /// What to tell the importer.
    pub message: String,
}

/// The note on a payment a card paid after a transfer had been recorded,
/// followed by the PaymentIntent to refund at Stripe.
pub const PAID_TWICE: &str = "paid_twice";

impl From<StripeError> for Error {
    fn from(e: StripeError) -> Self {
        match e {
            StripeError::Api { message, .. } => Self::CardRefused(message),
            StripeError::Unavailable(m) => Self::CardUnavailable(m),
        }
    }
}

impl Exports {
    fn stripe(&self) -> Result<&Stripe> {
        self.config.stripe.as_ref().ok_or(Error::CardsOff)
    }

    /// The card payment of an export order's deposit or balance, for its
    /// importer: made at Stripe the first time (once, whatever the
    /// retries), read back afterwards and what Stripe says applied, so the
    /// page the card returns to shows the payment booked even before the
    /// webhook.
    pub async fn card_payment(&self, actor: &Actor, payment: Uuid) -> Result<ExportCardView> {
        let row = export_payments::Entity::find_by_id(payment)
            .one(&self.db)
            .await?
            .ok_or(Error::PaymentNotFound)?;
        let (order, request) = self.order_row(&self.db, row.export_order_id).await?;
        // those who may see the order know the payment exists; only its
        // importer pays it
        match side_of(Some(actor), &request) {
            Ok(Side::Buyer) => {}
            Ok(_) => return Err(accounts::Denied::Forbidden.into()),
            Err(_) => return Err(Error::PaymentNotFound),
        }
        let stripe = self.stripe()?;
        let part = Part::parse(&row.part).ok_or(Error::Corrupt(row.part.clone()))?;
        let status = ExportStatus::parse(&order.status).unwrap_or(ExportStatus::AwaitingDeposit);
        let (intent, charge) = match (&row.provider_ref, CardCharge::of(&row)) {
            (Some(id), Some(charge)) => (stripe.retrieve_intent(id).await?, charge),
            _ if row.status == "paid" => return Err(Error::PaidAlready),
            _ if part.steps().0 != status => return Err(Error::PaymentNotDue(status)),
            _ => {
                let charge = self.charge_of(&row, order.quote_id).await?;
                let intent = stripe
                    .create_intent_in(
                        &format!("hoptac:export-payment:{}:intent", row.id),
                        charge.amount_minor,
                        CardCurrency::Usd,
                        HashMap::from([
                            (EXPORT_PAYMENT_KEY, row.id.to_string()),
                            ("export_order", order.number.clone()),
                            ("part", part.as_str().to_owned()),
                            ("amount_vnd", row.amount_vnd.to_string()),
                        ]),
                    )
                    .await?;
                export_payments::Entity::update_many()
                    .col_expr(
                        export_payments::Column::ProviderRef,
                        Expr::value(Some(intent.id.clone())),
                    )
                    .col_expr(
                        export_payments::Column::CardCurrency,
                        Expr::value(Some(charge.currency.clone())),
                    )
                    .col_expr(
                        export_payments::Column::CardAmountMinor,
                        Expr::value(Some(charge.amount_minor)),
                    )
                    .col_expr(
                        export_payments::Column::CardVndPerUsdMilli,
                        Expr::value(Some(charge.vnd_per_usd_milli)),
                    )
                    .filter(export_payments::Column::Id.eq(row.id))
                    .filter(export_payments::Column::ProviderRef.is_null())
                    .exec(&self.db)
                    .await?;
                (intent, charge)
            }
        };
        self.apply_card_intent(&intent, None).await?;
        let (state, message) = intent.standing();
        Ok(ExportCardView {
            payment_id: row.id,
            order_id: order.id,
            order_number: order.number,
            part,
            amount: Money::vnd(row.amount_vnd),
            charge,
            payment_intent: intent.id.clone(),
            client_secret: intent.client_secret.clone(),
            publishable_key: stripe.config().publishable_key.clone(),
            js_url: stripe.config().js_url.clone(),
            state: state.to_owned(),
            message,
        })
    }

    /// What the card is charged for `row`: cents at the quote's dollar
    /// rate when the importer was quoted in dollars, otherwise at the
    /// market's card rate.
    async fn charge_of(&self, row: &export_payments::Model, quote: Uuid) -> Result<CardCharge> {
        let quoted = entity::quotes::Entity::find_by_id(quote)
            .one(&self.db)
            .await?
            .filter(|q| q.currency == "USD")
            .and_then(|q| q.vnd_per_unit_milli);
        let milli = match quoted {
            Some(milli) => milli,
            None => self.stripe()?.config().vnd_per_usd.saturating_mul(1000),
        };
        let rate = Rate {
            currency: kernel::Currency::Usd,
            vnd_per_unit_milli: milli,
        };
        Ok(CardCharge {
            currency: "usd".into(),
            amount_minor: usd_cents_up(row.amount_vnd, rate),
            vnd_per_usd_milli: milli,
        })
    }

    /// A Stripe event about an export payment (its signature checked by
    /// the webhook). Whether it was new: an event seen before does nothing.
    pub async fn stripe_event(&self, event: &Event) -> Result<bool> {
        match event.intent() {
            Some(intent) => {
                self.apply_card_intent(&intent, Some((&event.id, &event.kind)))
                    .await
            }
            None => Ok(true),
        }
    }

    /// Applies what Stripe says of an export payment's PaymentIntent, once
    /// per event when `event` is given (its id recorded in the same
    /// transaction). Whether it was new.
    async fn apply_card_intent(
        &self,
        intent: &Intent,
        event: Option<(&str, &str)>,
    ) -> Result<bool> {
        let txn = entity::db::begin_write(&self.db).await?;
        if let Some((id, kind)) = event
            && !stripe_events::record_once(&txn, id, kind).await?
        {
            return Ok(false);
        }
        let by_ref = export_payments::Entity::find()
            .filter(export_payments::Column::ProviderRef.eq(intent.id.as_str()))
            .one(&txn)
            .await?;
        let row = match (by_ref, intent.export_payment_id()) {
            (Some(row), _) => Some(row),
            // the intent was made but its id not yet written down
            (None, Some(id)) => export_payments::Entity::find_by_id(id)
                .one(&txn)
                .await?
                .filter(|p| p.provider_ref.is_none()),
            (None, None) => None,
        };
        let Some(row) = row else {
            txn.commit().await?;
            return Ok(true);
        };
        match intent.status.as_str() {
            "succeeded" if row.status == "paid" && row.method.as_deref() != Some("card") => {
                tracing::warn!(payment = %row.id, intent = %intent.id, "a card paid an export payment already recorded as a transfer");
                note_failure(&txn, row.id, format!("{PAID_TWICE} {}", intent.id), false).await?;
            }
            "succeeded" => {
                let (order, request) = self.order_row(&txn, row.export_order_id).await?;
                self.book_arrival(
                    &txn,
                    &row,
                    (&order, &request),
                    Arrival {
                        method: "card",
                        reference: Some(intent.id.clone()),
                        by: None,
                        how: "card",
                    },
                )
                .await?;
            }
            _ if intent.last_payment_error.is_some() => {
                note_failure(&txn, row.id, intent.standing().1, true).await?;
            }
            _ => {}
        }
        txn.commit().await?;
        Ok(true)
    }
}

/// Notes why a card failed (only while the payment is open when `open`).
async fn note_failure(
    txn: &sea_orm::DatabaseTransaction,
    payment: Uuid,
    why: String,
    open: bool,
) -> Result<()> {
    let mut update = export_payments::Entity::update_many()
        .col_expr(
            export_payments::Column::Failure,
            Expr::value(Some(why.chars().take(400).collect::<String>())),
        )
        .filter(export_payments::Column::Id.eq(payment));
    if open {
        update = update.filter(export_payments::Column::Status.eq("pending"));
    }
    update.exec(txn).await?;
    Ok(())
}

/// `amount_vnd` in US cents at `rate`, rounded up.
fn usd_cents_up(amount_vnd: i64, rate: Rate) -> i64 {
    let milli = i128::from(rate.vnd_per_unit_milli.max(1));
    let cents = (i128::from(amount_vnd) * 100_000 + milli - 1) / milli;
    i64::try_from(cents).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd(milli: i64) -> Rate {
        Rate {
            currency: kernel::Currency::Usd,
            vnd_per_unit_milli: milli,
        }
    }

    #[test]
    fn a_deposit_in_dollars_is_rounded_up_to_the_cent() {
        // 25,400.000 ₫ a dollar: 254,000 ₫ is exactly $10.00
        assert_eq!(usd_cents_up(254_000, usd(25_400_000)), 1_000);
        // one đồng more costs a cent more, never less than booked
        assert_eq!(usd_cents_up(254_001, usd(25_400_000)), 1_001);
        // a rate with thousandths of a đồng
        assert_eq!(usd_cents_up(1_000_000, usd(25_450_500)), 3_930);
    }
}
