//! Side effects that must not be lost: e-mails, and other jobs (search index
//! updates) that follow a change.
//!
//! A producer writes a job into the outbox **inside its own database
//! transaction** ([`outbox::enqueue`]), so the job exists if and only if the
//! change that caused it was committed. A worker then carries jobs out with
//! retries.

pub mod ics;
pub mod mail;
pub mod outbox;
pub mod worker;

use kernel::{Code, ErrorCode, ErrorKind};
use sea_orm::DbErr;

/// A notify error.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A job's payload could not be written as JSON.
    #[error("job payload: {0}")]
    Payload(#[from] serde_json::Error),
    /// A template failed to compile or render.
    #[error("template {0}")]
    Template(String),
    /// A mail transport is misconfigured.
    #[error("mail transport: {0}")]
    Transport(String),
    /// The job is invalid.
    #[error("invalid job: {0}")]
    InvalidJob(&'static str),
    /// The database failed.
    #[error("database: {0}")]
    Db(#[from] DbErr),
}

/// A notify result.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl ErrorCode for Error {
    fn code(&self) -> Code {
        match self {
            Self::Payload(_) | Self::Template(_) | Self::Transport(_) => Code::INTERNAL,
            Self::InvalidJob(_) => Code::new("invalid_job", ErrorKind::Invalid),
            Self::Db(err) => entity::db_error_code(err),
        }
    }
}
