//! E-mail addresses, kept lower-cased so that one person has one account.

use std::fmt;

use crate::{Error, Result};

/// A syntactically plausible e-mail address, lower-cased and trimmed.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    /// Parses an address: one `@`, a non-empty local part, a domain with a
    /// dot, no spaces, at most 320 characters.
    pub fn parse(text: &str) -> Result<Self> {
        let text = text.trim().to_lowercase();
        let (local, domain) = text.rsplit_once('@').ok_or(Error::InvalidEmail)?;
        let plausible = !local.is_empty()
            && local.len() <= 64
            && domain.len() >= 3
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && text.len() <= 320
            && !text.chars().any(|c| c.is_whitespace() || c.is_control())
            && !local.contains('@');
        if plausible {
            Ok(Self(text))
        } else {
            Err(Error::InvalidEmail)
        }
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_lower_cased_and_trimmed() {
        assert_eq!(
            Email::parse("  Lan.Nguyen@Example.VN ").unwrap().as_str(),
            "lan.nguyen@example.vn"
        );
    }

    #[test]
    fn implausible_addresses_are_refused() {
        for bad in [
            "",
            "lan",
            "lan@",
            "@example.vn",
            "lan@vn",
            "lan @example.vn",
            "lan@example..vn",
            "lan@.vn",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }
}
