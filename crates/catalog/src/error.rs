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
    /// The input is invalid; the fields say why.
    #[error("invalid input: {0}")]
    Invalid(FieldErrors),
    /// A picture could not be read, made or stored.
    #[error("media: {0}")]
    Media(String),
    /// The built-in demo data is inconsistent.
    #[error("demo data: {0}")]
    DemoData(String),
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
            Self::Invalid(_) => Code::VALIDATION_FAILED,
            Self::Media(_) | Self::DemoData(_) => Code::INTERNAL,
            Self::Db(err) => entity::db_error_code(err),
        }
    }

    fn fields(&self) -> Option<&FieldErrors> {
        match self {
            Self::Invalid(fields) => Some(fields),
            _ => None,
        }
    }
}
