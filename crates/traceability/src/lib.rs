//! Lots and traceability. A cooperative records its production and
//! harvest batches — lots — of a listing: how many, the dates, where, the
//! households or artisans who made them, their materials and where those
//! came from, the certifications they claim, and for produce a field diary
//! (inputs with their pre-harvest interval, irrigation, harvest,
//! processing). Each lot has a public page under a short unguessable code
//! (`/t/{code}`), printed as a QR code on labels; visits are counted per
//! day and nothing else. The seller picks the lot of each line when
//! packing an order; a recalled lot shows the recall on its page at once,
//! cannot be packed any more, and every buyer whose order contained it is
//! e-mailed through the outbox, listed on the recall report.
//!
//! Who sees what: a cooperative's members manage its lots; union staff
//! read every lot and may recall any; anyone reads a lot's public page.
//! Another cooperative's lot answers *not found*.

mod access;
pub mod demo;
mod diary;
mod error;
mod labels;
mod lots;
pub mod market;
pub mod model;
mod packing;
mod public;
mod recall;
mod scans;
mod validate;

pub use documents::LabelLayout;
pub use error::{Error, Result};
pub use model::{
    CertificationStanding, DiaryEntryView, DiaryInput, LotCertification, LotFilter, LotInput,
    LotOption, LotSummary, LotView, Maker, MakerInput, Material, MaterialInput, PackingInput,
    PackingLineInput, PackingLineView, PackingView, PublicLot, RecallInput, RecallNotice,
    RecallReport, RecallView, ScanDay, ScanReport,
};

use notify::mail::Mailer;
use sea_orm::DatabaseConnection;

/// How the traceability desk behaves.
#[derive(Clone, Debug)]
pub struct TraceabilityConfig {
    /// The shop's address: the labels' QR codes and e-mails link to
    /// `{site_url}/t/{code}`.
    pub site_url: String,
}

impl Default for TraceabilityConfig {
    fn default() -> Self {
        Self {
            site_url: "http://127.0.0.1:8080".into(),
        }
    }
}

/// Lots, their pages, labels, scans and recalls.
#[derive(Clone)]
pub struct Traceability {
    db: DatabaseConnection,
    mailer: Mailer,
    orders: orders::Orders,
    config: TraceabilityConfig,
}

impl Traceability {
    /// The desk over `db`, e-mailing through `mailer`, recording lots on
    /// the lines of `orders`.
    pub fn new(
        db: DatabaseConnection,
        mailer: Mailer,
        orders: orders::Orders,
        config: TraceabilityConfig,
    ) -> Self {
        let mut config = config;
        config.site_url = config.site_url.trim_end_matches('/').to_owned();
        Self {
            db,
            mailer,
            orders,
            config,
        }
    }

    /// The configuration in force.
    pub fn config(&self) -> &TraceabilityConfig {
        &self.config
    }

    /// The absolute address of the page of the lot with `code`.
    pub fn page_url(&self, code: &str) -> String {
        format!("{}/t/{code}", self.config.site_url)
    }
}

/// The characters of public codes: no 0/O, 1/I/L to misread on a label.
const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// The length of public codes: 31⁸ ≈ 8.5 × 10¹¹ codes, so that guessing
/// one finds nothing.
pub const CODE_LEN: usize = 8;

/// A new random public code.
pub(crate) fn new_code() -> Result<String> {
    let mut bytes = [0u8; CODE_LEN];
    getrandom::fill(&mut bytes).map_err(|_| Error::Corrupt("no randomness".into()))?;
    Ok(bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect())
}

/// Whether `code` could be a public code (upper-cased first), so that a
/// typo never reaches the database.
pub fn normalize_code(code: &str) -> Option<String> {
    let code = code.trim().to_ascii_uppercase();
    (code.len() == CODE_LEN && code.bytes().all(|b| ALPHABET.contains(&b))).then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_eight_unambiguous_characters() {
        for _ in 0..100 {
            let code = new_code().unwrap();
            assert_eq!(code.len(), CODE_LEN);
            assert_eq!(normalize_code(&code.to_lowercase()), Some(code));
        }
        assert_eq!(normalize_code("K7M2QX0I"), None);
        assert_eq!(normalize_code("K7M2"), None);
    }
}
