//! What can go wrong in the catalogue.

use kernel::{Code, ErrorCode, ErrorKind, FieldErrors};
use sea_orm::DbErr;

/// A catalogue error.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No approved cooperative has this id or slug.
    #[error("cooperative {0} not found")]
    CooperativeNotFound(String),
    /// No published listing has this id or slug.
    #[error("product {0} not found")]
    ProductNotFound(String),
    /// No category has this id or slug.
    #[error("category {0} not found")]
    CategoryNotFound(String),
    /// No such collection, or not the asker's to change.
    #[error("collection {0} not found")]
    CollectionNotFound(String),
    /// The step is not allowed from where the thing is.
    #[error("{0}")]
    InvalidTransition(String),
    /// No such document (or not the caller's to see).
    #[error("document not found")]
    DocumentNotFound,
    /// No such member.
    #[error("member not found")]
    MemberNotFound,
    /// No such picture of this listing.
    #[error("image not found")]
    ImageNotFound,
    /// No such certification (or not the caller's to see).
    #[error("certification not found")]
    CertificationNotFound,
    /// No such year's figures (or not the caller's to see).
    #[error("figures not found")]
    FiguresNotFound,
    /// An upload is larger than allowed.
    #[error("{0}")]
    TooLarge(String),
    /// An upload is not of a type accepted here.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// The policy says no.
    #[error(transparent)]
    Denied(#[from] accounts::Denied),
    /// An accounts operation failed.
    #[error(transparent)]
    Accounts(#[from] accounts::Error),
    /// An e-mail could not be queued.
    #[error("mail: {0}")]
    Mail(#[from] notify::Error),
    /// The input is invalid; the fields say why.
    #[error("invalid input: {0}")]
    Invalid(FieldErrors),
    /// A picture could not be read, made or stored.
    #[error("media: {0}")]
    Media(String),
    /// The store that keeps pictures and documents (an S3 bucket) does not
    /// answer for now; nothing was recorded, and the same request can be
    /// sent again.
    #[error("media store unavailable: {0}")]
    MediaUnavailable(String),
    /// A PDF cannot be made here (fonts missing, a typesetting failure).
    #[error("the document cannot be made now: {0}")]
    DocumentUnavailable(String),
    /// The built-in demo data is inconsistent.
    #[error("demo data: {0}")]
    DemoData(String),
    /// Not enough stock for a line.
    #[error("only {available} left of {sku}")]
    InsufficientStock {
        /// The variant.
        sku: String,
        /// What is left.
        available: i32,
    },
    /// A session of an experience has not the places a booking asks for
    /// (closed, started, or fuller than that).
    #[error("only {available} places left on session {session}")]
    NoPlacesLeft {
        /// The session.
        session: uuid::Uuid,
        /// What is left.
        available: i32,
    },
    /// No such session of an experience (or not the asker's to change).
    #[error("session not found")]
    SessionNotFound,
    /// The database failed.
    #[error("database: {0}")]
    Db(#[from] DbErr),
}

/// A catalogue result.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl ErrorCode for Error {
    fn code(&self) -> Code {
        match self {
            Self::CooperativeNotFound(_) => Code::new("cooperative_not_found", ErrorKind::NotFound),
            Self::ProductNotFound(_) => Code::new("product_not_found", ErrorKind::NotFound),
            Self::CategoryNotFound(_) => Code::new("category_not_found", ErrorKind::NotFound),
            Self::CollectionNotFound(_) => Code::new("collection_not_found", ErrorKind::NotFound),
            Self::Invalid(_) => Code::VALIDATION_FAILED,
            Self::InvalidTransition(_) => Code::new("invalid_transition", ErrorKind::Conflict),
            Self::DocumentNotFound => Code::new("document_not_found", ErrorKind::NotFound),
            Self::MemberNotFound => Code::new("member_not_found", ErrorKind::NotFound),
            Self::ImageNotFound => Code::new("image_not_found", ErrorKind::NotFound),
            Self::CertificationNotFound => {
                Code::new("certification_not_found", ErrorKind::NotFound)
            }
            Self::FiguresNotFound => Code::new("figures_not_found", ErrorKind::NotFound),
            Self::TooLarge(_) => Code::new("payload_too_large", ErrorKind::TooLarge),
            Self::UnsupportedMediaType(_) => {
                Code::new("unsupported_media_type", ErrorKind::UnsupportedMediaType)
            }
            Self::Denied(denied) => accounts::denied_code(*denied),
            Self::Accounts(err) => err.code(),
            Self::Mail(err) => err.code(),
            Self::Media(_) | Self::DemoData(_) => Code::INTERNAL,
            Self::MediaUnavailable(_) => Code::new("media_unavailable", ErrorKind::Unavailable),
            Self::DocumentUnavailable(_) => {
                Code::new("documents_unavailable", ErrorKind::Unavailable)
            }
            Self::InsufficientStock { .. } => Code::new("insufficient_stock", ErrorKind::Conflict),
            Self::NoPlacesLeft { .. } => Code::new("no_places_left", ErrorKind::Conflict),
            Self::SessionNotFound => Code::new("session_not_found", ErrorKind::NotFound),
            Self::Db(err) => entity::db_error_code(err),
        }
    }

    fn fields(&self) -> Option<&FieldErrors> {
        match self {
            Self::Invalid(fields) => Some(fields),
            Self::Accounts(err) => err.fields(),
            _ => None,
        }
    }

    fn retry_after(&self) -> Option<u64> {
        match self {
            Self::Accounts(err) => err.retry_after(),
            _ => None,
        }
    }
}
