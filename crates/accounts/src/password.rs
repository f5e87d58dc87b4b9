//! Password hashing with argon2id at OWASP's recommended parameters.

use argon2::password_hash::phc::PasswordHash as Phc;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::{Error, Result};

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
    fn a_hash_never_shows_in_debug_output() {
        let hash = hash_password("secret").unwrap();
        assert_eq!(format!("{hash:?}"), "PasswordHash(..)");
        assert!(!verify_password(
            "secret",
            &PasswordHash::from_stored("not a hash".into())
        ));
    }
}
