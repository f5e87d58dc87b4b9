//! localstripe: a Stripe API fake (PyPI) that keeps PaymentIntents, charges
//! and refunds and signs its webhooks like Stripe. Each test starts its own
//! on a free port, in a working directory of its own; `make test` installs
//! it (scripts/install-test-deps) into `$HOPTAC_TOOLS/py`.
//!
//! The helpers that pay ([`Localstripe::pay`]) do what Stripe.js does in a
//! shopper's browser: create a card PaymentMethod, attach it to the
//! PaymentIntent and confirm it.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// The secret key tests give the application (localstripe accepts any
/// `sk_…`).
pub const SECRET_KEY: &str = "sk_test_hoptac";
/// The publishable key.
pub const PUBLISHABLE_KEY: &str = "pk_test_hoptac";
/// The webhook signing secret.
pub const WEBHOOK_SECRET: &str = "whsec_hoptac_test";

/// Test cards, as Stripe documents them and localstripe knows them.
pub mod cards {
    /// Paid at once.
    pub const VISA: &str = "4242424242424242";
    /// Declined when charged (`card_declined`).
    pub const DECLINED: &str = "4000000000000341";
    /// Asks for 3-D Secure.
    pub const THREE_D_SECURE: &str = "4000002760003184";
}

/// A localstripe process; stopped when dropped.
pub struct Localstripe {
    /// Its port.
    pub port: u16,
    child: Child,
    _dir: tempfile::TempDir,
}

/// Where `scripts/install-test-deps` puts localstripe.
pub fn executable() -> PathBuf {
    crate::tools_dir().join("py/bin/localstripe")
}

impl Localstripe {
    /// Starts localstripe on a free port and waits until it answers.
    pub async fn start() -> Self {
        let port = crate::free_port();
        let dir = tempfile::tempdir().expect("a working directory");
        let exe = executable();
        let child = Command::new(&exe)
            .args(["--port", &port.to_string(), "--from-scratch"])
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "localstripe runs from {} (`make test` installs it: scripts/install-test-deps): {e}",
                    exe.display()
                )
            });
        let stripe = Self {
            port,
            child,
            _dir: dir,
        };
        let started = Instant::now();
        loop {
            let answer = reqwest::Client::new()
                .get(stripe.url("/v1/balance"))
                .bearer_auth(SECRET_KEY)
                .send()
                .await;
            if answer.is_ok_and(|r| r.status().is_success()) {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "localstripe did not start on port {port}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        crate::report(&format!(
            "localstripe started on port {port} ({})",
            exe.display()
        ));
        stripe
    }

    /// Its base address, for `payments.stripe_api_base`.
    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base())
    }

    async fn post(&self, path: &str, form: &[(&str, &str)]) -> (u16, Value) {
        let response = reqwest::Client::new()
            .post(self.url(path))
            .bearer_auth(SECRET_KEY)
            .form(form)
            .send()
            .await
            .expect("localstripe answers");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// Sends its webhooks to `url`, signed with [`WEBHOOK_SECRET`].
    pub async fn deliver_webhooks_to(&self, url: &str) {
        let (status, body) = self
            .post(
                "/_config/webhooks/hoptac",
                &[("url", url), ("secret", WEBHOOK_SECRET)],
            )
            .await;
        assert_eq!(status, 200, "webhook configured: {body}");
    }

    /// What Stripe.js does with a card: a PaymentMethod for `card`,
    /// attached to the intent, then confirmed. Returns localstripe's answer
    /// to the confirmation (status and body: 402 for a declined card).
    pub async fn pay(&self, intent: &str, card: &str) -> (u16, Value) {
        let (status, method) = self
            .post(
                "/v1/payment_methods",
                &[
                    ("type", "card"),
                    ("card[number]", card),
                    ("card[exp_month]", "12"),
                    ("card[exp_year]", "2030"),
                    ("card[cvc]", "123"),
                ],
            )
            .await;
        assert_eq!(status, 200, "payment method: {method}");
        let method = method["id"].as_str().expect("pm id").to_owned();
        let (status, body) = self
            .post(
                &format!("/v1/payment_intents/{intent}"),
                &[("payment_method", &method)],
            )
            .await;
        assert_eq!(status, 200, "attach: {body}");
        self.post(&format!("/v1/payment_intents/{intent}/confirm"), &[])
            .await
    }

    /// Reads a PaymentIntent as Stripe has it.
    pub async fn intent(&self, intent: &str) -> Value {
        reqwest::Client::new()
            .get(self.url(&format!("/v1/payment_intents/{intent}")))
            .bearer_auth(SECRET_KEY)
            .send()
            .await
            .expect("localstripe answers")
            .json()
            .await
            .expect("JSON")
    }

    /// The refunds of a PaymentIntent as Stripe has them.
    pub async fn refunds(&self, intent: &str) -> Vec<Value> {
        let body: Value = reqwest::Client::new()
            .get(self.url(&format!("/v1/refunds?payment_intent={intent}")))
            .bearer_auth(SECRET_KEY)
            .send()
            .await
            .expect("localstripe answers")
            .json()
            .await
            .expect("JSON");
        body["data"].as_array().cloned().unwrap_or_default()
    }
}

impl Drop for Localstripe {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
