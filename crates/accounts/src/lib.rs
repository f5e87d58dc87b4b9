//! Accounts: e-mail addresses, passwords and roles.
//!
//! Passwords are hashed with argon2id at OWASP's parameters (19 MiB, two
//! passes, one lane); the hash never leaves this crate.

mod email;
mod password;

pub use email::Email;
pub use password::{PasswordHash, hash_password, verify_password};

use kernel::{Code, ErrorCode, ErrorKind};

/// An accounts error.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The text is not an e-mail address.
    #[error("not an e-mail address")]
    InvalidEmail,
    /// Hashing failed (it does not, short of running out of memory).
    #[error("password hashing failed")]
    Hashing,
}

/// An accounts result.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl ErrorCode for Error {
    fn code(&self) -> Code {
        match self {
            Self::InvalidEmail => Code::new("invalid_email", ErrorKind::Invalid),
            Self::Hashing => Code::INTERNAL,
        }
    }
}
