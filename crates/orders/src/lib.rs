//! Orders: one cart across cooperatives, checkout into one order per
//! cooperative, inventory that cannot oversell, idempotent checkout, and
//! each order's life (see [`status`]) with its timeline and e-mails.
//!
//! Stock is taken with one conditional update per line (`stock = stock - n
//! WHERE stock >= n`, the row count checked) inside the checkout's write
//! transaction, with the table's `CHECK (stock >= 0)` behind it; nothing
//! outside the database is called while that transaction is open. A
//! cancelled or lapsed order gives its stock back in the same update that
//! flips its `stock_returned` flag, so exactly once.

pub mod access;
pub mod bookings;
pub mod cart;
pub mod checkout;
pub mod demo;
mod error;
mod idempotency;
pub mod lifecycle;
pub mod lots;
pub mod market;
pub mod money;
pub mod overview;
pub mod read;
pub mod reviews;
pub mod shipping;
pub mod status;

pub use access::BuyerProof;
pub use bookings::{BookingInput, BookingStatus};
pub use cart::{BookingLine, CartLine, CartOwner, CartView, LineProblem};
pub use checkout::{AddressInput, CheckoutInput, CheckoutReceipt, ContactInput};
pub use error::{Error, Result};
pub use lifecycle::{ReleaseInput, TransitionInput};
pub use money::{RefundInput, RefundView};
pub use read::{OrderDeposit, OrderEvent, OrderFilter, OrderLine, OrderPayment, OrderView};
pub use status::{
    Actor as StepActor, FulfilmentHold, OrderStatus, PaymentStatus, TransitionError,
    fulfilment_hold,
};

use std::sync::Arc;
use std::time::Duration;

use catalog::MediaStore;

use notify::mail::Mailer;
use payments::EnabledMethods;
use sea_orm::DatabaseConnection;

/// How the orders service behaves.
#[derive(Clone, Debug)]
pub struct OrdersConfig {
    /// The shop's address, for links in e-mails.
    pub site_url: String,
    /// Which payment methods are offered.
    pub methods: EnabledMethods,
    /// Domestic shipping when a cooperative has set no rule, in đồng.
    pub default_domestic_fee_vnd: i64,
    /// How long a bank transfer may take before its orders lapse.
    pub bank_transfer_window: Duration,
    /// How long a card payment may take before its orders lapse.
    pub card_window: Duration,
    /// Where bank transfers go (shown as a VietQR code); none hides the code.
    pub bank_account: Option<payments::vietqr::ReceivingAccount>,
    /// The union's commission.
    pub commission: payments::ledger::CommissionRates,
    /// Stripe, when cards are offered.
    pub stripe: Option<payments::stripe::Stripe>,
}

impl Default for OrdersConfig {
    fn default() -> Self {
        Self {
            site_url: "http://127.0.0.1:8080".into(),
            methods: EnabledMethods {
                cod: true,
                bank_transfer: true,
                card: false,
            },
            default_domestic_fee_vnd: 30_000,
            bank_transfer_window: Duration::from_secs(72 * 3600),
            card_window: Duration::from_secs(3600),
            bank_account: None,
            commission: payments::ledger::CommissionRates {
                default_bp: 500,
                by_category: std::collections::HashMap::new(),
            },
            stripe: None,
        }
    }
}

/// The orders service.
#[derive(Clone)]
pub struct Orders {
    db: DatabaseConnection,
    mailer: Mailer,
    media: Arc<dyn MediaStore>,
    config: OrdersConfig,
}

impl Orders {
    /// Orders over `db`, e-mailing through `mailer`, with picture links
    /// from `media`.
    pub fn new(
        db: DatabaseConnection,
        mailer: Mailer,
        media: Arc<dyn MediaStore>,
        config: OrdersConfig,
    ) -> Self {
        let mut config = config;
        config.site_url = config.site_url.trim_end_matches('/').to_owned();
        Self {
            db,
            mailer,
            media,
            config,
        }
    }

    /// The configuration in force.
    pub fn config(&self) -> &OrdersConfig {
        &self.config
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.config.site_url)
    }
}
