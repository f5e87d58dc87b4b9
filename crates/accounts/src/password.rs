//! Password hashing with argon2id at OWASP's recommended parameters.

use argon2::password_hash::phc::PasswordHash as Phc;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};

use kernel::{FieldErrors, problem};

use crate::{Error, Result};

/// Fewest characters a password may have.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Most characters a password may have (argon2 takes any length; this
/// bounds the work a request can ask for).
pub const MAX_PASSWORD_CHARS: usize = 128;

/// Checks a new password: at least 10 characters, at most 128, and not a
/// common or easily guessed one (zxcvbn's dictionaries of common passwords,
/// names and words, and patterns such as keyboard rows and dates, with the
/// person's own e-mail address and name counted as guessable).
pub fn check_password_policy(password: &str, user_inputs: &[&str]) -> Result<(), FieldErrors> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(FieldErrors::single(
            "password",
            problem::too_short(MIN_PASSWORD_CHARS as i64),
        ));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(FieldErrors::single(
            "password",
            problem::too_long(MAX_PASSWORD_CHARS as i64),
        ));
    }
    let estimate = zxcvbn::zxcvbn(password, user_inputs);
    if (estimate.score() as u8) < 2 {
        return Err(FieldErrors::single(
            "password",
            problem::password_too_common(),
        ));
    }
    Ok(())
}

/// A stored password hash (a PHC string). It has no `Display` and its
/// `Debug` hides the value, so it cannot slip into a log or an answer.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordHash(String);

impl PasswordHash {
    /// Wraps a hash read from the database.
    pub fn from_stored(phc: String) -> Self {
        Self(phc)
    }

    /// The PHC string, to store.
    pub fn into_stored(self) -> String {
        self.0
    }
}

impl std::fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHash(..)")
    }
}

/// OWASP: argon2id, m = 19 MiB, t = 2, p = 1.
fn argon2() -> Result<Argon2<'static>> {
    let params = Params::new(19 * 1024, 2, 1, None).map_err(|_| Error::Hashing)?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes a password with a fresh random salt.
pub fn hash_password(password: &str) -> Result<PasswordHash> {
    let hash = argon2()?
        .hash_password(password.as_bytes())
        .map_err(|_| Error::Hashing)?;
    Ok(PasswordHash(hash.to_string()))
}

/// Whether `password` matches the stored hash (in constant time; a malformed
/// hash matches nothing).
pub fn verify_password(password: &str, hash: &PasswordHash) -> bool {
    let Ok(parsed) = Phc::new(&hash.0) else {
        return false;
    };
    argon2().is_ok_and(|a| a.verify_password(password.as_bytes(), &parsed).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_hash_and_nothing_else() {
        let hash = hash_password("mây tre đan Bao La").unwrap();
        assert!(verify_password("mây tre đan Bao La", &hash));
        assert!(!verify_password("may tre dan Bao La", &hash));
        assert!(!verify_password("", &hash));
    }

    #[test]
    fn hashes_use_argon2id_at_owasp_parameters_with_a_fresh_salt() {
        let a = hash_password("same password").unwrap().into_stored();
        let b = hash_password("same password").unwrap().into_stored();
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert_ne!(a, b, "each hash has its own salt");
    }

    #[test]
    fn short_and_common_passwords_are_refused() {
        for bad in [
            "short",
            "password123",
            "1234567890",
            "qwertyuiop",
            "iloveyou12",
            "lan@example.vn",
        ] {
            assert!(
                check_password_policy(bad, &["lan@example.vn", "Lan"]).is_err(),
                "{bad} was accepted"
            );
        }
        for good in [
            "mây tre đan Bao La 88",
            "correct horse battery staple",
            "Gio-may-Dan-Dien-2026!",
        ] {
            assert!(
                check_password_policy(good, &["lan@example.vn"]).is_ok(),
                "{good} was refused"
            );
        }
        assert!(check_password_policy(&"x".repeat(129), &[]).is_err());
    }

    #[test]
    fn a_hash_never_shows_in_debug_output() {
        let hash = hash_password("secret").unwrap();
        assert_eq!(format!("{hash:?}"), "PasswordHash(..)");
        assert!(!verify_password(
            "secret",
            &PasswordHash::from_stored("not a hash".into())
        ));
    }
}
