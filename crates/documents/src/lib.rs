//! The market's PDFs: proforma invoices, commercial invoices, packing
//! lists, lookbooks and sheets of traceability labels. Pure functions: data in, PDF bytes out.
//!
//! ```no_run
//! # fn demo(document: &documents::TradeDocument) -> Result<(), documents::Error> {
//! let fonts = documents::Fonts::system()?; // once, at start-up
//! let pdf: Vec<u8> = documents::render_trade_document(document, &fonts)?;
//! # Ok(()) }
//! ```
//!
//! Every document is bilingual: the reader's language first, English beside
//! it (Vietnamese beside English for an English reader). Amounts are in
//! đồng, with the buyer's currency beside them (≈) at the rate fixed on the
//! quote.
//!
//! # Choices
//! - **PDF writer: [krilla]**, the PDF back end of Typst, maintained with
//!   it. It embeds OpenType fonts (TrueType and CFF outlines, collections
//!   such as Noto Sans CJK's `.ttc`) as CID fonts, **subset** to the glyphs
//!   used, writes a `ToUnicode` map so text can be searched and copied, and
//!   passes JPEG pictures through without re-encoding; lower-level writers
//!   (`pdf-writer`, `lopdf`) would leave font embedding and subsetting to
//!   us.
//! - **Text**: shaped here with rustybuzz (the shaper krilla uses) so that
//!   lines can be measured, wrapped (at spaces, and between CJK characters
//!   by the basic kinsoku rules) and set in two fonts: DejaVu Sans and Noto
//!   Sans CJK (see [`fonts`]).
//! - **Pictures** of lookbooks are decoded with `image`, cut down to
//!   [`lookbook::PICTURE_MAX_SIDE`] pixels (area averaging) and re-encoded
//!   as JPEG with `jpeg-encoder`, on every core. That crate is based in
//!   part on the work of the Independent JPEG Group (its licence asks for
//!   this notice).
//!
//! [krilla]: https://docs.rs/krilla

pub mod fonts;
pub mod labels;
mod layout;
pub mod lookbook;
pub mod lot_labels;
pub mod money;
mod pictures;
pub mod report;
mod table;
mod text;
pub mod trade;

use std::path::PathBuf;

pub use fonts::{FontFiles, Fonts};
pub use kernel::{Currency, Locale, Rate};
pub use labels::{Label, Languages};
pub use lookbook::{Lookbook, LookbookItem, render_lookbook};
pub use lot_labels::{LabelLayout, LabelSheet, LotDate, LotLabel, render_labels};
pub use report::{Report, ReportSection, render_report};
pub use trade::{DocumentKind, DocumentLine, Party, TradeDocument, render_trade_document};

/// Why a document could not be made.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A font file is not where it should be.
    #[error("the font {path} is missing: install the Debian package {package}")]
    FontMissing {
        /// The package that installs it.
        package: &'static str,
        /// Where it was looked for.
        path: PathBuf,
    },
    /// A font file exists but could not be read.
    #[error("the font {path} could not be read")]
    FontUnreadable {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A font file is not a font that can be embedded.
    #[error("{path} is not a usable OpenType font")]
    FontInvalid {
        /// The file.
        path: PathBuf,
    },
    /// A lookbook picture could not be decoded or re-encoded.
    #[error("the picture of {item:?} could not be used")]
    Picture {
        /// The title of the item it belongs to.
        item: String,
        /// Why.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The amounts or weights add up to more than can be written.
    #[error("the amounts of the document overflow")]
    Overflow,
    /// The PDF writer failed.
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
}

/// The result of this crate's functions.
pub type Result<T, E = Error> = std::result::Result<T, E>;
