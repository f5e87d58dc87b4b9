//! Accounts: who people are and what they may do.
//!
//! Registration with e-mail verification, argon2id passwords at OWASP's
//! parameters, revocable server-side sessions with a CSRF token each,
//! password reset by single-use e-mailed links, personal API tokens scoped
//! to one cooperative, the [`throttle`] of guesses (sign-in passwords, guest
//! order look-ups) per (account or order, address) pair and per address,
//! cooperative memberships, and the one authorization [`policy`].
//!
//! Secrets (passwords, session cookies, tokens) never leave this crate except
//! once, to the person they belong to; the database holds only hashes.

mod email;
pub mod members;
mod password;
pub mod policy;
mod service;
pub mod throttle;
pub mod tokens;

pub use email::Email;
pub use password::{PasswordHash, check_password_policy, hash_password, verify_password};
pub use policy::{
    Action, Actor, Denied, Identity, MemberRole, Membership, PlatformRole, authorize,
};
pub use service::*;

use kernel::{Code, ErrorCode, ErrorKind, FieldErrors};
use sea_orm::DbErr;

/// An accounts error.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The text is not an e-mail address.
    #[error("not an e-mail address")]
    InvalidEmail,
    /// Some fields are invalid.
    #[error("invalid input: {0}")]
    Invalid(FieldErrors),
    /// An account with this e-mail address exists.
    #[error("an account with this e-mail address already exists")]
    EmailTaken,
    /// The e-mail address or the password is wrong.
    #[error("the e-mail address or the password is wrong")]
    InvalidCredentials,
    /// Too many failed tries (sign-ins, order look-ups) from this address;
    /// try again later.
    #[error("too many attempts; try again in {retry_after_secs} seconds")]
    RateLimited {
        /// Seconds until the next try is accepted.
        retry_after_secs: u64,
    },
    /// The link or token is unknown, used or expired.
    #[error("this link is invalid or has expired")]
    TokenInvalid,
    /// The account was disabled.
    #[error("this account is disabled")]
    AccountDisabled,
    /// The policy says no.
    #[error(transparent)]
    Denied(#[from] Denied),
    /// A thing asked for does not exist (or is not the caller's).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The operating system's random generator failed.
    #[error("no randomness available")]
    Random,
    /// Hashing failed (it does not, short of running out of memory).
    #[error("password hashing failed")]
    Hashing,
    /// An e-mail could not be queued.
    #[error("mail: {0}")]
    Mail(#[from] notify::Error),
    /// The database failed.
    #[error("database: {0}")]
    Db(#[from] DbErr),
}

/// An accounts result.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl ErrorCode for Error {
    fn code(&self) -> Code {
        match self {
            Self::InvalidEmail => Code::new("invalid_email", ErrorKind::Invalid),
            Self::Invalid(_) => Code::VALIDATION_FAILED,
            Self::EmailTaken => Code::new("email_taken", ErrorKind::Conflict),
            Self::InvalidCredentials => {
                Code::new("invalid_credentials", ErrorKind::Unauthenticated)
            }
            Self::RateLimited { .. } => Code::new("rate_limited", ErrorKind::RateLimited),
            Self::TokenInvalid => Code::new("token_invalid", ErrorKind::Invalid),
            Self::AccountDisabled => Code::new("account_disabled", ErrorKind::Forbidden),
            Self::Denied(denied) => denied_code(*denied),
            Self::NotFound(thing) => Code::new(
                match *thing {
                    "user" => "user_not_found",
                    "session" => "session_not_found",
                    "token" => "token_not_found",
                    "member" => "member_not_found",
                    _ => "not_found",
                },
                ErrorKind::NotFound,
            ),
            Self::Random | Self::Hashing => Code::INTERNAL,
            Self::Mail(err) => err.code(),
            Self::Db(err) => entity::db_error_code(err),
        }
    }

    fn fields(&self) -> Option<&FieldErrors> {
        match self {
            Self::Invalid(fields) => Some(fields),
            _ => None,
        }
    }

    fn retry_after(&self) -> Option<u64> {
        match self {
            Self::RateLimited { retry_after_secs } => Some(*retry_after_secs),
            _ => None,
        }
    }
}

/// The code a refusal of the policy answers with.
pub fn denied_code(denied: Denied) -> Code {
    match denied {
        Denied::NotSignedIn => Code::new("not_signed_in", ErrorKind::Unauthenticated),
        Denied::EmailNotVerified => Code::new("email_not_verified", ErrorKind::Forbidden),
        Denied::Forbidden => Code::new("forbidden", ErrorKind::Forbidden),
        Denied::NotFound => Code::new("not_found", ErrorKind::NotFound),
    }
}

impl ErrorCode for Denied {
    fn code(&self) -> Code {
        denied_code(*self)
    }
}
