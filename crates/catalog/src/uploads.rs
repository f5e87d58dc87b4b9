//! Files people upload, checked by what they contain rather than by the
//! name or type their browser claims.

/// A file as it was uploaded.
#[derive(Clone, Debug)]
pub struct Upload {
    /// The name it came with (shown to staff, never used as a path).
    pub filename: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// The largest evidence document accepted.
pub const MAX_DOCUMENT_BYTES: usize = 10 * 1024 * 1024;
/// Most documents an application carries.
pub const MAX_DOCUMENTS: usize = 5;

/// The type of a document from its first bytes: PDF, JPEG or PNG.
pub fn sniff_document(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1A, b'\n']) {
        Some("image/png")
    } else {
        None
    }
}

/// A file name made safe to show and to offer for download: no path, no
/// control characters, at most 120 characters.
pub fn clean_filename(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>' | '|' | '*' | '?' | ':'))
        .take(120)
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_owned();
    if cleaned.is_empty() {
        "document".to_owned()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_recognised_by_content_not_by_name() {
        assert_eq!(sniff_document(b"%PDF-1.7\n..."), Some("application/pdf"));
        assert_eq!(
            sniff_document(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]),
            Some("image/jpeg")
        );
        assert_eq!(sniff_document(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff_document(b"<html><script>"), None);
        assert_eq!(sniff_document(b"MZ\x90\x00"), None);
    }

    #[test]
    fn file_names_lose_their_paths() {
        assert_eq!(clean_filename("../../etc/passwd"), "passwd");
        assert_eq!(
            clean_filename("C:\\Users\\lan\\giấy phép.pdf"),
            "giấy phép.pdf"
        );
        assert_eq!(clean_filename("..."), "document");
        assert_eq!(clean_filename("a\"<b>.pdf"), "ab.pdf");
    }
}
