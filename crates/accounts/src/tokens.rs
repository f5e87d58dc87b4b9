//! Secrets handed to people (session cookies, e-mailed links, API tokens):
//! 256 random bits, stored only as a SHA-256 hash, compared in constant time.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// A new random secret with a readable prefix (`hoptac_…` for API tokens),
/// and the hash to store. The bytes come from the operating system's
/// generator; without it no secret can be made safely.
pub fn generate(prefix: &str) -> crate::Result<(String, String)> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|_| crate::Error::Random)?;
    let secret = format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes));
    let hash = hash(&secret);
    Ok((secret, hash))
}

/// The SHA-256 of a secret, in hex: what the database keeps.
pub fn hash(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares two secrets in constant time.
pub fn equal(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_long_random_and_stored_hashed() {
        let (a, hash_a) = generate("hoptac_").unwrap();
        let (b, _) = generate("hoptac_").unwrap();
        assert_ne!(a, b);
        assert!(a.starts_with("hoptac_") && a.len() == 7 + 43, "{a}");
        assert_eq!(hash_a.len(), 64);
        assert_eq!(hash(&a), hash_a);
        assert!(!hash_a.contains(&a[7..]));
        assert!(equal(&a, &a.clone()) && !equal(&a, &b));
    }
}
