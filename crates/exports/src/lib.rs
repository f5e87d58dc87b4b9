//! The export desk: an importer with a company account asks a cooperative
//! for a quote (listed variants or a custom design, quantities, Incoterm,
//! destination, samples, labelling); the cooperative answers with quotes —
//! every version kept, each fixing the exchange rate of its day — and both
//! write messages on the request, which union staff can read. Accepting a
//! quote that has not expired makes the request's one export order, whose
//! deposit and balance are paid by international transfer (recorded by
//! union staff, as other transfers are) or by card in US dollars through
//! Stripe where it is configured, and booked in the ledger once each
//! as the cooperative's export sales, with the market's commission. The
//! cooperative moves the order through production, ready, shipped and
//! delivered; shipping waits until the documents the destination and the
//! goods need are there.
//!
//! Who sees what: a request and its order are seen by their importer, by
//! the members of the cooperative asked, and by union staff; anyone else is
//! told there is no such thing.

pub mod access;
pub mod buyers;
pub mod cards;
pub mod demo;
pub mod documents;
mod error;
pub mod mail;
pub mod market;
pub mod model;
mod names;
pub mod orders;
mod papers;
pub mod pictures;
pub mod quotes;
pub mod read;
pub mod requests;

pub use buyers::{BuyerInput, BuyerView};
pub use cards::ExportCardView;
pub use documents::DocumentSlot;
pub use error::{Error, Result};
pub use model::{DocumentKind, ExportStatus, Incoterm, Part, RequestStatus};
pub use orders::{ExportOrderView, PaymentInput, StepInput};
pub use pictures::PictureView;
pub use quotes::{QuoteInput, QuoteLineInput, QuoteView};
pub use read::{DeskFilter, DeskView, RequestSummary, RequestView};
pub use requests::{MessageInput, RequestInput, RequestLineInput};

use std::sync::Arc;

use catalog::MediaStore;
use notify::mail::Mailer;
use sea_orm::DatabaseConnection;

/// How the export desk behaves.
#[derive(Clone, Debug)]
pub struct ExportsConfig {
    /// The shop's address, for links in e-mails.
    pub site_url: String,
    /// The union's commission, as on retail orders.
    pub commission: payments::ledger::CommissionRates,
    /// Where importers send international transfers (beneficiary, bank,
    /// account, SWIFT), printed on the proforma invoice.
    pub bank_details: Vec<String>,
    /// Stripe, when cards are configured: deposits and balances can then
    /// be paid by card in US dollars.
    pub stripe: Option<payments::stripe::Stripe>,
}

impl Default for ExportsConfig {
    fn default() -> Self {
        Self {
            site_url: "http://127.0.0.1:8080".into(),
            commission: payments::ledger::CommissionRates {
                default_bp: 500,
                by_category: std::collections::HashMap::new(),
            },
            bank_details: vec![
                "Beneficiary: LIEN MINH HOP TAC XA THANH PHO HUE".into(),
                "Bank: Joint Stock Commercial Bank for Foreign Trade of Vietnam (Vietcombank), Hue branch".into(),
                "Account (USD): 0161 0000 00000".into(),
                "SWIFT: BFTVVNVX".into(),
            ],
            stripe: None,
        }
    }
}

/// The export desk.
#[derive(Clone)]
pub struct Exports {
    db: DatabaseConnection,
    mailer: Mailer,
    documents: Arc<dyn MediaStore>,
    config: ExportsConfig,
}

impl Exports {
    /// The export desk over `db`, e-mailing through `mailer`, keeping
    /// uploaded shipping documents in the private `documents` store.
    pub fn new(
        db: DatabaseConnection,
        mailer: Mailer,
        documents: Arc<dyn MediaStore>,
        config: ExportsConfig,
    ) -> Self {
        let mut config = config;
        config.site_url = config.site_url.trim_end_matches('/').to_owned();
        Self {
            db,
            mailer,
            documents,
            config,
        }
    }

    /// The configuration in force.
    pub fn config(&self) -> &ExportsConfig {
        &self.config
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.config.site_url)
    }
}

/// A new number `prefix-YYMMDD-XXXXXX`.
pub(crate) fn number(prefix: &str) -> Result<String> {
    kernel::number::dated(prefix).ok_or_else(|| Error::Corrupt("no randomness".into()))
}
