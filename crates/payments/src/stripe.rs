//! Cards through Stripe: PaymentIntents and refunds through async-stripe's
//! client (authentication, idempotency keys, retries), and the webhook's
//! signature checked here.
//!
//! Responses are read into small structs of the fields this market uses
//! rather than async-stripe's full models, so a Stripe-compatible server
//! that leaves optional fields out (localstripe, in the tests) is read
//! the same way as Stripe.
//!
//! Stripe is called only outside database transactions: callers commit
//! first, call, then record what Stripe said.

use std::collections::HashMap;

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use stripe::RequestStrategy;
use stripe_client_core::{RequestBuilder, StripeMethod};
use uuid::Uuid;

/// The currency cards are charged in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CardCurrency {
    /// Vietnamese đồng, a zero-decimal currency in Stripe.
    Vnd,
    /// US dollars, in cents, at the configured rate.
    Usd,
}

impl CardCurrency {
    /// Its ISO code in lower case, as Stripe writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Vnd => "vnd",
            Self::Usd => "usd",
        }
    }
}

/// How to reach Stripe.
#[derive(Clone, Debug)]
pub struct StripeConfig {
    /// The secret key (sk_…), from the environment only.
    pub secret_key: String,
    /// The webhook signing secret (whsec_…), from the environment only.
    pub webhook_secret: String,
    /// The publishable key (pk_…) for Stripe.js on the card page.
    pub publishable_key: String,
    /// The API's base address; Stripe's unless pointed at a stand-in.
    pub api_base: Option<String>,
    /// Where the card page loads Stripe.js from.
    pub js_url: String,
    /// The currency charged.
    pub currency: CardCurrency,
    /// Đồng per US dollar, when charging in USD.
    pub vnd_per_usd: i64,
}

impl StripeConfig {
    /// What `amount_vnd` is in the charged currency's smallest unit: đồng
    /// as they are (zero-decimal); cents at the configured rate, rounded up.
    pub fn minor_amount(&self, amount_vnd: i64) -> i64 {
        match self.currency {
            CardCurrency::Vnd => amount_vnd,
            CardCurrency::Usd => usd_cents(amount_vnd, self.vnd_per_usd),
        }
    }
}

/// `amount_vnd` in US cents at `vnd_per_usd` đồng a dollar, rounded up
/// (the market never receives less than the đồng it books).
pub fn usd_cents(amount_vnd: i64, vnd_per_usd: i64) -> i64 {
    let rate = vnd_per_usd.max(1);
    (amount_vnd.saturating_mul(100) + rate - 1) / rate
}

/// A Stripe error, as the shopper or staff should hear it.
#[derive(Debug, thiserror::Error)]
pub enum StripeError {
    /// Stripe answered with an error (a decline, a bad request).
    #[error("Stripe: {message}")]
    Api {
        /// Stripe's code, e.g. `card_declined`.
        code: Option<String>,
        /// Stripe's message.
        message: String,
        /// The HTTP status.
        status: u16,
    },
    /// Stripe could not be reached or answered something unreadable.
    #[error("Stripe could not be reached: {0}")]
    Unavailable(String),
}

/// A PaymentIntent, as far as this market reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Intent {
    /// pi_…
    pub id: String,
    /// requires_payment_method, requires_confirmation, requires_action,
    /// processing, requires_capture, canceled or succeeded.
    pub status: String,
    /// For Stripe.js on the card page.
    #[serde(default)]
    pub client_secret: Option<String>,
    /// In the currency's smallest unit.
    pub amount: i64,
    /// vnd or usd.
    pub currency: String,
    /// Our keys (`checkout_id`).
    #[serde(default)]
    pub metadata: HashMap<String, String>,
    /// Why the last attempt failed.
    #[serde(default)]
    pub last_payment_error: Option<PaymentError>,
}

/// Why a card attempt failed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentError {
    /// e.g. `card_declined`, `payment_intent_authentication_failure`.
    #[serde(default)]
    pub code: Option<String>,
    /// The issuer's reason, e.g. `insufficient_funds`.
    #[serde(default)]
    pub decline_code: Option<String>,
    /// Stripe's message.
    #[serde(default)]
    pub message: Option<String>,
}

impl Intent {
    /// The checkout it pays for.
    pub fn checkout_id(&self) -> Option<Uuid> {
        self.metadata_id("checkout_id")
    }

    /// The export order's payment (deposit or balance) it pays for.
    pub fn export_payment_id(&self) -> Option<Uuid> {
        self.metadata_id(EXPORT_PAYMENT_KEY)
    }

    fn metadata_id(&self, key: &str) -> Option<Uuid> {
        self.metadata.get(key).and_then(|s| Uuid::parse_str(s).ok())
    }

    /// Where a card payment stands (paid, pending, requires_action,
    /// failed or cancelled), in words for the buyer.
    pub fn standing(&self) -> (&'static str, String) {
        match self.status.as_str() {
            "succeeded" => ("paid", "Payment received. Thank you!".to_owned()),
            "processing" => (
                "pending",
                "Your bank is processing the payment; this page will show when it is done.".into(),
            ),
            "requires_action" => (
                "requires_action",
                "Your bank asks you to confirm this payment (3-D Secure). Open your banking app or \
                 the bank's page to approve it, then come back to this page."
                    .into(),
            ),
            "canceled" => ("cancelled", "This payment was cancelled.".into()),
            _ => match &self.last_payment_error {
                Some(e) => {
                    let why = match (e.code.as_deref(), e.decline_code.as_deref()) {
                        (Some("payment_intent_authentication_failure"), _) => {
                            "the bank's 3-D Secure check was not passed".to_owned()
                        }
                        (_, Some("insufficient_funds")) => "the card has insufficient funds".into(),
                        (Some("expired_card"), _) => "the card has expired".into(),
                        (Some("incorrect_cvc"), _) => "the security code (CVC) is wrong".into(),
                        _ => e
                            .message
                            .clone()
                            .unwrap_or_else(|| "the card was declined".to_owned()),
                    };
                    (
                        "failed",
                        format!(
                            "The card was not charged: {why}. Try another card or pay by bank transfer."
                        ),
                    )
                }
                None => ("pending", "Enter your card to pay.".into()),
            },
        }
    }
}

/// The metadata key naming the export payment an intent pays for.
pub const EXPORT_PAYMENT_KEY: &str = "export_payment_id";

/// A refund, as far as this market reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundObject {
    /// re_…
    pub id: String,
    /// pending, succeeded, failed or canceled.
    #[serde(default)]
    pub status: Option<String>,
    /// In the currency's smallest unit.
    pub amount: i64,
}

#[derive(Serialize)]
struct CreateIntent<'a> {
    amount: i64,
    currency: &'a str,
    metadata: HashMap<&'a str, String>,
}

#[derive(Serialize)]
struct CreateRefund<'a> {
    payment_intent: &'a str,
    amount: i64,
    metadata: HashMap<&'a str, String>,
}

/// A Stripe client.
#[derive(Clone)]
pub struct Stripe {
    client: stripe::Client,
    config: StripeConfig,
}

impl std::fmt::Debug for Stripe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stripe")
            .field("api_base", &self.config.api_base)
            .field("currency", &self.config.currency)
            .finish_non_exhaustive()
    }
}

impl Stripe {
    /// A client for `config`.
    pub fn new(config: StripeConfig) -> Result<Self, StripeError> {
        // the dependency tree enables more than one rustls crypto backend,
        // so rustls cannot pick one by itself: ring, as everywhere else here
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut builder = stripe::ClientBuilder::new(config.secret_key.clone())
            .request_strategy(RequestStrategy::ExponentialBackoff(3));
        if let Some(base) = &config.api_base {
            let base = format!("{}/", base.trim_end_matches('/'));
            builder = builder.url(base);
        }
        let client = builder
            .build()
            .map_err(|e| StripeError::Unavailable(e.to_string()))?;
        Ok(Self { client, config })
    }

    /// The configuration.
    pub fn config(&self) -> &StripeConfig {
        &self.config
    }

    async fn call<T: for<'de> Deserialize<'de>>(
        &self,
        request: RequestBuilder,
        key: Option<&str>,
    ) -> Result<T, StripeError> {
        let mut request = request.customize::<miniserde::json::Value>();
        if let Some(key) = key {
            let key = stripe::IdempotencyKey::new(key)
                .map_err(|e| StripeError::Unavailable(e.to_string()))?;
            request = request.request_strategy(RequestStrategy::Idempotent(key));
        }
        let value = request.send(&self.client).await.map_err(|e| match e {
            stripe::StripeError::Stripe(api, status) => StripeError::Api {
                code: api.code.map(|c| c.to_string()),
                message: api.message.unwrap_or_else(|| "declined".to_owned()),
                status,
            },
            other => StripeError::Unavailable(other.to_string()),
        })?;
        serde_json::from_str(&miniserde::json::to_string(&value))
            .map_err(|e| StripeError::Unavailable(format!("unreadable answer: {e}")))
    }

    /// Creates the PaymentIntent of a checkout; `key` makes a retry return
    /// the same intent. `description` (the order numbers) goes in its
    /// metadata.
    pub async fn create_intent(
        &self,
        key: &str,
        checkout_id: Uuid,
        amount_vnd: i64,
        description: &str,
    ) -> Result<Intent, StripeError> {
        self.create_intent_in(
            key,
            self.config.minor_amount(amount_vnd),
            self.config.currency,
            HashMap::from([
                ("checkout_id", checkout_id.to_string()),
                ("amount_vnd", amount_vnd.to_string()),
                ("orders", description.chars().take(450).collect()),
            ]),
        )
        .await
    }

    /// Creates a PaymentIntent of `amount_minor` in `currency`, with
    /// `metadata` naming what it pays for; `key` makes a retry return the
    /// same intent.
    pub async fn create_intent_in(
        &self,
        key: &str,
        amount_minor: i64,
        currency: CardCurrency,
        metadata: HashMap<&str, String>,
    ) -> Result<Intent, StripeError> {
        let form = CreateIntent {
            amount: amount_minor,
            currency: currency.as_str(),
            metadata,
        };
        self.call(
            RequestBuilder::new(StripeMethod::Post, "/payment_intents").form(&form),
            Some(key),
        )
        .await
    }

    /// Reads a PaymentIntent.
    pub async fn retrieve_intent(&self, id: &str) -> Result<Intent, StripeError> {
        check_intent_id(id)?;
        self.call(
            RequestBuilder::new(StripeMethod::Get, format!("/payment_intents/{id}")),
            None,
        )
        .await
    }

    /// Cancels a PaymentIntent that was never paid (its orders lapsed), so
    /// it can no longer be paid.
    pub async fn cancel_intent(&self, id: &str) -> Result<Intent, StripeError> {
        check_intent_id(id)?;
        self.call(
            RequestBuilder::new(StripeMethod::Post, format!("/payment_intents/{id}/cancel")),
            Some(&format!("hoptac:intent:{id}:cancel")),
        )
        .await
    }

    /// Refunds `amount_minor` of a PaymentIntent; `key` makes a retry
    /// return the same refund.
    pub async fn refund(
        &self,
        key: &str,
        intent: &str,
        amount_minor: i64,
        refund_id: Uuid,
    ) -> Result<RefundObject, StripeError> {
        let form = CreateRefund {
            payment_intent: intent,
            amount: amount_minor,
            metadata: HashMap::from([("refund_id", refund_id.to_string())]),
        };
        self.call(
            RequestBuilder::new(StripeMethod::Post, "/refunds").form(&form),
            Some(key),
        )
        .await
    }
}

/// An intent id goes into a URL path: only `pi_` and letters, digits, `_`.
fn check_intent_id(id: &str) -> Result<(), StripeError> {
    if id.starts_with("pi_") && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        Ok(())
    } else {
        Err(StripeError::Api {
            code: Some("resource_missing".into()),
            message: "no such payment".into(),
            status: 404,
        })
    }
}

/// Why a webhook was refused.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// No `Stripe-Signature` header, or one without `t=` or `v1=`.
    #[error("the Stripe-Signature header is missing or malformed")]
    Malformed,
    /// The timestamp is outside the tolerance.
    #[error("the signature's timestamp is too old or in the future")]
    Expired,
    /// No `v1` signature matches.
    #[error("no v1 signature matches")]
    Mismatch,
}

/// How old (or how far ahead) a signed timestamp may be, in seconds.
pub const TOLERANCE_SECS: i64 = 300;

/// Checks a `Stripe-Signature` header over `body` at time `now` (Unix
/// seconds): HMAC-SHA256 of `t.body` with the secret, compared in constant
/// time with every `v1` given — any match is enough, since Stripe signs
/// with both secrets while one is being rotated.
pub fn verify_signature(
    header: &str,
    body: &[u8],
    secret: &str,
    now: i64,
) -> Result<(), SignatureError> {
    let mut timestamp: Option<&str> = None;
    let mut candidates = Vec::new();
    for part in header.split(',') {
        let Some((k, v)) = part.trim().split_once('=') else {
            continue;
        };
        match k {
            "t" => timestamp = Some(v),
            "v1" => candidates.push(v),
            _ => {}
        }
    }
    let t = timestamp.ok_or(SignatureError::Malformed)?;
    let when: i64 = t.parse().map_err(|_| SignatureError::Malformed)?;
    if candidates.is_empty() {
        return Err(SignatureError::Malformed);
    }
    if (now - when).abs() > TOLERANCE_SECS {
        return Err(SignatureError::Expired);
    }
    for candidate in candidates {
        let Some(expected) = decode_hex(candidate) else {
            continue;
        };
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
            return Err(SignatureError::Mismatch);
        };
        mac.update(t.as_bytes());
        mac.update(b".");
        mac.update(body);
        if mac.verify_slice(&expected).is_ok() {
            return Ok(());
        }
    }
    Err(SignatureError::Mismatch)
}

/// Signs `body` at `timestamp` as Stripe does: the `Stripe-Signature`
/// header value (for tests and tools).
pub fn sign(body: &[u8], secret: &str, timestamp: i64) -> String {
    let mut out = format!("t={timestamp},v1=");
    if let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) {
        mac.update(timestamp.to_string().as_bytes());
        mac.update(b".");
        mac.update(body);
        for b in mac.finalize().into_bytes() {
            out.push_str(&format!("{b:02x}"));
        }
    }
    out
}

fn decode_hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// A webhook event, as far as this market reads it.
#[derive(Clone, Debug, Deserialize)]
pub struct Event {
    /// evt_…
    pub id: String,
    /// e.g. `payment_intent.succeeded`.
    #[serde(rename = "type")]
    pub kind: String,
    /// When Stripe made it.
    #[serde(default)]
    pub created: i64,
    /// The object it is about.
    pub data: EventData,
}

/// The object of an event.
#[derive(Clone, Debug, Deserialize)]
pub struct EventData {
    /// As Stripe sent it.
    pub object: serde_json::Value,
}

impl Event {
    /// The PaymentIntent the event carries, for `payment_intent.*` events.
    pub fn intent(&self) -> Option<Intent> {
        if !self.kind.starts_with("payment_intent.") {
            return None;
        }
        serde_json::from_value(self.data.object.clone()).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec_test";

    #[test]
    fn a_signature_made_with_the_secret_is_accepted() {
        let body = br#"{"id":"evt_1"}"#;
        let header = sign(body, SECRET, 1_000_000);
        assert_eq!(verify_signature(&header, body, SECRET, 1_000_100), Ok(()));
    }

    #[test]
    fn a_changed_body_or_another_secret_is_refused() {
        let body = br#"{"id":"evt_1"}"#;
        let header = sign(body, SECRET, 1_000_000);
        assert_eq!(
            verify_signature(&header, br#"{"id":"evt_2"}"#, SECRET, 1_000_000),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify_signature(&header, body, "whsec_other", 1_000_000),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn a_timestamp_301_seconds_old_is_refused_and_300_accepted() {
        let body = b"{}";
        let header = sign(body, SECRET, 1_000_000);
        assert_eq!(
            verify_signature(&header, body, SECRET, 1_000_301),
            Err(SignatureError::Expired)
        );
        assert_eq!(verify_signature(&header, body, SECRET, 1_000_300), Ok(()));
    }

    #[test]
    fn any_matching_v1_is_enough_while_a_secret_is_rotated() {
        let body = b"{}";
        let right = sign(body, SECRET, 1_000_000);
        let right_v1 = right.split("v1=").nth(1).unwrap_or_default();
        let header = format!("t=1000000,v1={},v1={right_v1}", "ab".repeat(32));
        assert_eq!(verify_signature(&header, body, SECRET, 1_000_000), Ok(()));
        // Stripe's own parser keeps only the last v1; the first must count too
        let header = format!("t=1000000,v1={right_v1},v1={}", "ab".repeat(32));
        assert_eq!(verify_signature(&header, body, SECRET, 1_000_000), Ok(()));
    }

    #[test]
    fn malformed_headers_are_refused() {
        for header in ["", "t=abc,v1=00", "v1=00", "t=1000000", "garbage"] {
            assert_eq!(
                verify_signature(header, b"{}", SECRET, 1_000_000),
                Err(SignatureError::Malformed),
                "{header}"
            );
        }
    }

    #[test]
    fn usd_amounts_are_rounded_up_to_the_cent() {
        let config = StripeConfig {
            secret_key: "sk_test".into(),
            webhook_secret: SECRET.into(),
            publishable_key: "pk_test".into(),
            api_base: None,
            js_url: String::new(),
            currency: CardCurrency::Usd,
            vnd_per_usd: 25_000,
        };
        assert_eq!(config.minor_amount(250_000), 1_000);
        assert_eq!(config.minor_amount(250_001), 1_001);
        let vnd = StripeConfig {
            currency: CardCurrency::Vnd,
            ..config
        };
        assert_eq!(vnd.minor_amount(250_001), 250_001);
    }
}
