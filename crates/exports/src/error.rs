//! What can go wrong at the export desk.

use kernel::{Code, ErrorCode, ErrorKind, FieldErrors};

use crate::model::{DocumentKind, ExportStatus};

/// An export desk error.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input that does not hold, with the fields named.
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// A request for quote needs a company account first.
    #[error("tell us about your company first (company name, country, language and currency)")]
    CompanyAccountRequired,
    /// No such request for quote, or not the asker's to see.
    #[error("no such request for quote")]
    RequestNotFound,
    /// No such quote version.
    #[error("no such quote")]
    QuoteNotFound,
    /// The quote's validity date has passed.
    #[error("this quote expired on {0}; ask the cooperative for a new one")]
    QuoteExpired(chrono::NaiveDate),
    /// A newer version of the quote was sent.
    #[error("a newer version of this quote was sent (version {0}); accept that one")]
    QuoteSuperseded(i32),
    /// The request has an export order already.
    #[error("a quote of this request was accepted already")]
    AlreadyAccepted,
    /// No such export order, or not the asker's to see.
    #[error("no such export order")]
    OrderNotFound,
    /// The step is not the next one, or is not the cooperative's to take.
    #[error("an export order cannot go from {} to {}", .from.as_str(), .to.as_str())]
    InvalidStep {
        /// Where it is.
        from: ExportStatus,
        /// Where it was asked to go.
        to: ExportStatus,
    },
    /// Shipping waits for documents.
    #[error("documents missing before shipping: {}", names(.0))]
    DocumentsMissing(Vec<DocumentKind>),
    /// The payment is not due yet (the balance before the goods are ready).
    #[error("this payment is not due yet: the order is {}", .0.as_str())]
    PaymentNotDue(ExportStatus),
    /// No such payment.
    #[error("no such export payment")]
    PaymentNotFound,
    /// The payment was paid already.
    #[error("this payment was paid already")]
    PaidAlready,
    /// Cards are not configured in this market.
    #[error("card payments are not offered here; pay by international transfer")]
    CardsOff,
    /// Stripe refused.
    #[error("the payment provider refused: {0}")]
    CardRefused(String),
    /// Stripe could not be reached.
    #[error("the payment provider could not be reached: {0}")]
    CardUnavailable(String),
    /// No such document uploaded.
    #[error("no such document")]
    DocumentNotFound,
    /// No such picture on the request.
    #[error("no such picture")]
    PictureNotFound,
    /// The market's papers cannot be made here (fonts missing, a
    /// typesetting failure).
    #[error("the document cannot be made now: {0}")]
    PapersUnavailable(String),
    /// Not allowed.
    #[error(transparent)]
    Denied(#[from] accounts::Denied),
    /// An e-mail could not be queued.
    #[error(transparent)]
    Notify(#[from] notify::Error),
    /// The document store failed.
    #[error(transparent)]
    Catalog(#[from] catalog::Error),
    /// The ledger refused.
    #[error(transparent)]
    Ledger(#[from] payments::Error),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
    /// A stored value could not be read.
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
}

fn names(kinds: &[DocumentKind]) -> String {
    kinds
        .iter()
        .map(|k| k.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// An export desk result.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl ErrorCode for Error {
    fn code(&self) -> Code {
        match self {
            Self::Invalid(_) => Code::VALIDATION_FAILED,
            Self::CompanyAccountRequired => {
                Code::new("company_account_required", ErrorKind::Conflict)
            }
            Self::RequestNotFound => Code::new("quote_request_not_found", ErrorKind::NotFound),
            Self::QuoteNotFound => Code::new("quote_not_found", ErrorKind::NotFound),
            Self::QuoteExpired(_) => Code::new("quote_expired", ErrorKind::Conflict),
            Self::QuoteSuperseded(_) => Code::new("quote_superseded", ErrorKind::Conflict),
            Self::AlreadyAccepted => Code::new("quote_already_accepted", ErrorKind::Conflict),
            Self::OrderNotFound => Code::new("export_order_not_found", ErrorKind::NotFound),
            Self::InvalidStep { .. } => Code::new("invalid_transition", ErrorKind::Conflict),
            Self::DocumentsMissing(_) => Code::new("documents_missing", ErrorKind::Conflict),
            Self::PaymentNotDue(_) => Code::new("payment_not_due", ErrorKind::Conflict),
            Self::PaymentNotFound => Code::new("payment_not_found", ErrorKind::NotFound),
            Self::PaidAlready => Code::new("payment_already_paid", ErrorKind::Conflict),
            Self::CardsOff => Code::new("payment_method_disabled", ErrorKind::Invalid),
            Self::CardRefused(_) => Code::new("payment_provider_refused", ErrorKind::Conflict),
            Self::CardUnavailable(_) => {
                Code::new("payment_provider_unavailable", ErrorKind::Unavailable)
            }
            Self::DocumentNotFound => Code::new("document_not_found", ErrorKind::NotFound),
            Self::PictureNotFound => Code::new("picture_not_found", ErrorKind::NotFound),
            Self::PapersUnavailable(_) => {
                Code::new("documents_unavailable", ErrorKind::Unavailable)
            }
            Self::Denied(e) => e.code(),
            Self::Notify(e) => e.code(),
            Self::Catalog(e) => e.code(),
            Self::Ledger(e) => e.code(),
            Self::Db(e) => entity::db_error_code(e),
            Self::Corrupt(_) => Code::INTERNAL,
        }
    }

    fn fields(&self) -> Option<&FieldErrors> {
        match self {
            Self::Invalid(fields) => Some(fields),
            _ => None,
        }
    }
}

impl Error {
    /// The same refusal said of an export order: someone who may not see
    /// its request is told there is no such order.
    pub(crate) fn of_order(self) -> Self {
        match self {
            Self::RequestNotFound => Self::OrderNotFound,
            e => e,
        }
    }
}
