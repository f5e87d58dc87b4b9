//! Card payments through Stripe: one PaymentIntent per checkout (made with
//! an idempotency key derived from the checkout, so a retry or a crash
//! never makes a second), read back on the return page, and Stripe's
//! webhook, each event acted on once in the same transaction as its
//! effect, safe in any order: a success settles the checkout once (an
//! order cancelled meanwhile has its share held for the buyer), a late
//! failure does not undo it.

use ::payments::stripe::Intent;
use chrono::Utc;
use entity::{payments, stripe_events};
use kernel::{FieldErrors, Money};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::payment_of_checkout;
use super::settle::Arrival;
use crate::access::BuyerProof;
use crate::{Error, Orders, Result};

/// What a card payment needs on its page, and where it stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CardPaymentView {
    /// The payment.
    pub payment_id: Uuid,
    /// The checkout.
    pub checkout_id: Uuid,
    /// Stripe's PaymentIntent (pi_…).
    pub payment_intent: String,
    /// For Stripe.js.
    pub client_secret: Option<String>,
    /// For Stripe.js.
    pub publishable_key: String,
    /// Where Stripe.js is loaded from.
    pub js_url: String,
    /// Charged, in the currency's smallest unit.
    pub amount_minor: i64,
    /// vnd or usd.
    pub currency: String,
    /// In đồng.
    pub amount: Money,
    /// paid, pending, requires_action, failed or cancelled.
    pub state: String,
    /// What to tell the shopper.
    pub message: String,
}

/// What a webhook did.
#[derive(Clone, Debug)]
pub enum WebhookOutcome {
    /// The event changed something (or was read and needed nothing).
    Processed,
    /// The event was seen before: nothing done.
    Duplicate,
    /// The event (signature checked) is about an export order's payment,
    /// for the export desk to act on.
    ExportPayment(Box<::payments::stripe::Event>),
}

impl Orders {
    pub(crate) fn stripe(&self) -> Result<&::payments::stripe::Stripe> {
        self.config
            .stripe
            .as_ref()
            .ok_or(Error::Payment(::payments::Error::MethodDisabled(
                ::payments::PaymentMethod::Card,
            )))
    }

    /// The card payment of a checkout: creates its PaymentIntent at Stripe
    /// the first time (idempotently), reads it afterwards, and applies
    /// what Stripe says (so the return page works even before the webhook).
    pub async fn card_payment(
        &self,
        proof: &BuyerProof<'_>,
        checkout: Uuid,
    ) -> Result<CardPaymentView> {
        let orders = self.checkout_orders(proof, checkout).await?;
        let stripe = self.stripe()?;
        let row = payment_of_checkout(&self.db, checkout).await?;
        if row.method != "card" {
            return Err(Error::Invalid(FieldErrors::single(
                "payment_method",
                kernel::problem::not_paid_by_card(),
            )));
        }
        let intent = match &row.provider_ref {
            Some(id) => stripe.retrieve_intent(id).await.map_err(Error::from)?,
            None => {
                let numbers = orders
                    .iter()
                    .map(|o| o.number.as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                let intent = stripe
                    .create_intent(
                        &format!("hoptac:checkout:{checkout}:intent"),
                        checkout,
                        row.amount_vnd,
                        &format!("Hợp Tác {numbers}"),
                    )
                    .await
                    .map_err(Error::from)?;
                payments::Entity::update_many()
                    .col_expr(
                        payments::Column::ProviderRef,
                        Expr::value(Some(intent.id.clone())),
                    )
                    .col_expr(
                        payments::Column::Currency,
                        Expr::value(Some(intent.currency.clone())),
                    )
                    .col_expr(
                        payments::Column::AmountMinor,
                        Expr::value(Some(intent.amount)),
                    )
                    .col_expr(payments::Column::UpdatedAt, Expr::value(Utc::now()))
                    .filter(payments::Column::Id.eq(row.id))
                    .filter(payments::Column::ProviderRef.is_null())
                    .exec(&self.db)
                    .await?;
                intent
            }
        };
        self.apply_intent(&intent, None).await?;
        let (state, message) = intent.standing();
        Ok(CardPaymentView {
            payment_id: row.id,
            checkout_id: checkout,
            payment_intent: intent.id.clone(),
            client_secret: intent.client_secret.clone(),
            publishable_key: stripe.config().publishable_key.clone(),
            js_url: stripe.config().js_url.clone(),
            amount_minor: intent.amount,
            currency: intent.currency.clone(),
            amount: Money::vnd(row.amount_vnd),
            state: state.to_owned(),
            message,
        })
    }

    /// Cancels the card payment of a checkout whose orders lapsed: at
    /// Stripe (so it can no longer be paid; a failure is logged and the
    /// webhook flags a late payment for refund) and here.
    pub(crate) async fn cancel_card_payment(&self, checkout: Uuid) -> Result<()> {
        let Some(payment) = payments::Entity::find()
            .filter(payments::Column::CheckoutId.eq(checkout))
            .filter(payments::Column::Method.eq("card"))
            .filter(payments::Column::Status.is_in(["pending", "failed"]))
            .one(&self.db)
            .await?
        else {
            return Ok(());
        };
        if let (Some(intent), Some(stripe)) = (&payment.provider_ref, &self.config.stripe)
            && let Err(e) = stripe.cancel_intent(intent).await
        {
            tracing::warn!(%checkout, error = %e, "cancelling the PaymentIntent of lapsed orders failed");
            return Ok(());
        }
        payments::Entity::update_many()
            .col_expr(payments::Column::Status, Expr::value("cancelled"))
            .col_expr(payments::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(payments::Column::Id.eq(payment.id))
            .filter(payments::Column::Status.is_in(["pending", "failed"]))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// Applies what Stripe says of a PaymentIntent, once per event when
    /// `event` is given (its id is recorded in the same transaction).
    /// Safe in any order and any number of times: a success settles the
    /// checkout once; a failure only notes why while the payment is open.
    async fn apply_intent(
        &self,
        intent: &Intent,
        event: Option<(&str, &str)>,
    ) -> Result<WebhookOutcome> {
        let txn = entity::db::begin_write(&self.db).await?;
        if let Some((id, kind)) = event
            && !stripe_events::record_once(&txn, id, kind).await?
        {
            return Ok(WebhookOutcome::Duplicate);
        }
        let payment = payments::Entity::find()
            .filter(payments::Column::ProviderRef.eq(intent.id.as_str()))
            .one(&txn)
            .await?;
        let payment = match (payment, intent.checkout_id()) {
            (Some(p), _) => Some(p),
            // the intent was made but its id not yet written down
            (None, Some(checkout)) => payments::Entity::find()
                .filter(payments::Column::CheckoutId.eq(checkout))
                .filter(payments::Column::Method.eq("card"))
                .one(&txn)
                .await?
                .filter(|p| p.provider_ref.is_none()),
            (None, None) => None,
        };
        let Some(payment) = payment else {
            // not ours (another shop on the same Stripe account): noted, ignored
            txn.commit().await?;
            return Ok(WebhookOutcome::Processed);
        };
        let now = Utc::now();
        match intent.status.as_str() {
            "succeeded" => {
                payments::Entity::update_many()
                    .col_expr(
                        payments::Column::ProviderRef,
                        Expr::value(Some(intent.id.clone())),
                    )
                    .col_expr(
                        payments::Column::Failure,
                        Expr::value(Option::<String>::None),
                    )
                    .filter(payments::Column::Id.eq(payment.id))
                    .filter(payments::Column::Status.ne("paid"))
                    .exec(&txn)
                    .await?;
                self.settle(
                    &txn,
                    &payment,
                    &Arrival {
                        kind: "system",
                        by: None,
                        note: "card payment received".to_owned(),
                    },
                )
                .await?;
            }
            "canceled" => {
                payments::Entity::update_many()
                    .col_expr(payments::Column::Status, Expr::value("cancelled"))
                    .col_expr(payments::Column::UpdatedAt, Expr::value(now))
                    .filter(payments::Column::Id.eq(payment.id))
                    .filter(payments::Column::Status.is_in(["pending", "failed"]))
                    .exec(&txn)
                    .await?;
            }
            _ => {
                let (_, message) = intent.standing();
                if intent.last_payment_error.is_some() {
                    payments::Entity::update_many()
                        .col_expr(payments::Column::Status, Expr::value("failed"))
                        .col_expr(payments::Column::Failure, Expr::value(Some(message)))
                        .col_expr(payments::Column::UpdatedAt, Expr::value(now))
                        .filter(payments::Column::Id.eq(payment.id))
                        .filter(payments::Column::Status.is_in(["pending", "failed"]))
                        .exec(&txn)
                        .await?;
                }
            }
        }
        txn.commit().await?;
        Ok(WebhookOutcome::Processed)
    }

    /// A Stripe webhook: the signature checked against the body (any `v1`
    /// matching, 300 seconds' tolerance), then each event id acted on once.
    pub async fn stripe_webhook(
        &self,
        signature: Option<&str>,
        body: &[u8],
    ) -> Result<WebhookOutcome> {
        let stripe = self.stripe()?;
        ::payments::stripe::verify_signature(
            signature.unwrap_or(""),
            body,
            &stripe.config().webhook_secret,
            Utc::now().timestamp(),
        )
        .map_err(Error::BadSignature)?;
        let event: ::payments::stripe::Event =
            serde_json::from_slice(body).map_err(|e| Error::BadEvent(e.to_string()))?;
        match event.intent() {
            Some(intent) if intent.export_payment_id().is_some() => {
                Ok(WebhookOutcome::ExportPayment(Box::new(event)))
            }
            Some(intent) => {
                self.apply_intent(&intent, Some((&event.id, &event.kind)))
                    .await
            }
            None => {
                // other events are only recorded
                let fresh = stripe_events::record_once(&self.db, &event.id, &event.kind).await?;
                Ok(if fresh {
                    WebhookOutcome::Processed
                } else {
                    WebhookOutcome::Duplicate
                })
            }
        }
    }
}
