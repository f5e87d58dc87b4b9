//! What can go wrong with lots.

use kernel::{Code, ErrorCode, ErrorKind, FieldErrors};

/// A traceability error.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input that does not hold, with the fields named.
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// No such lot, or not the asker's to see.
    #[error("no such lot")]
    LotNotFound,
    /// No such cooperative, or not the asker's.
    #[error("no such cooperative")]
    CooperativeNotFound,
    /// The lot was recalled already.
    #[error("this lot was recalled already")]
    AlreadyRecalled,
    /// The labels cannot be made here (fonts missing, a typesetting
    /// failure).
    #[error("the labels cannot be made now: {0}")]
    LabelsUnavailable(String),
    /// Not allowed.
    #[error(transparent)]
    Denied(#[from] accounts::Denied),
    /// An e-mail could not be queued.
    #[error(transparent)]
    Notify(#[from] notify::Error),
    /// The orders refused.
    #[error(transparent)]
    Orders(#[from] orders::Error),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
    /// A stored value could not be read.
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
}

/// A traceability result.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl ErrorCode for Error {
    fn code(&self) -> Code {
        match self {
            Self::Invalid(_) => Code::VALIDATION_FAILED,
            Self::LotNotFound => Code::new("lot_not_found", ErrorKind::NotFound),
            Self::CooperativeNotFound => Code::new("cooperative_not_found", ErrorKind::NotFound),
            Self::AlreadyRecalled => Code::new("lot_already_recalled", ErrorKind::Conflict),
            Self::LabelsUnavailable(_) => {
                Code::new("documents_unavailable", ErrorKind::Unavailable)
            }
            Self::Denied(e) => e.code(),
            Self::Notify(e) => e.code(),
            Self::Orders(e) => e.code(),
            Self::Db(e) => entity::db_error_code(e),
            Self::Corrupt(_) => Code::INTERNAL,
        }
    }

    fn fields(&self) -> Option<&FieldErrors> {
        match self {
            Self::Invalid(fields) => Some(fields),
            Self::Orders(e) => e.fields(),
            _ => None,
        }
    }
}
