//! Numbers people read and type: an order's `HT-261207-7KQ2MX`, an export
//! order's `EX-261207-…` — a prefix, the day in Vietnam, and six characters
//! that cannot be mistaken for one another.

/// Characters no one confuses (no 0/O, 1/I/L).
const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// A new number `prefix-YYMMDD-XXXXXX`; none when the system has no
/// randomness to give.
pub fn dated(prefix: &str) -> Option<String> {
    let mut bytes = [0u8; 6];
    getrandom::fill(&mut bytes).ok()?;
    let mut out = format!(
        "{prefix}-{}-",
        chrono::Utc::now()
            .with_timezone(&crate::time::VIETNAM)
            .format("%y%m%d")
    );
    for b in bytes {
        out.push(char::from(ALPHABET[usize::from(b) % ALPHABET.len()]));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_number_has_its_prefix_the_day_and_six_unmistakable_characters() {
        let n = super::dated("EX").unwrap_or_default();
        let parts: Vec<&str> = n.split('-').collect();
        assert_eq!(parts.len(), 3, "{n}");
        assert_eq!(parts[0], "EX");
        assert_eq!(parts[1].len(), 6);
        assert!(
            parts[2].bytes().all(|b| super::ALPHABET.contains(&b)),
            "{n}"
        );
        assert_eq!(parts[2].len(), 6);
    }
}
