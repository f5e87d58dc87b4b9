//! Bank statements: the CSV a bank exports for the market's receiving
//! account, read into lines with the payment reference each memo carries.
//!
//! Columns are found by their header, in Vietnamese or English, in any
//! order: the date (`date`, `ngày`, `ngày giao dịch`, `booking date`), the
//! amount credited (`amount`, `credit`, `số tiền`, `ghi có`) and the memo
//! (`description`, `memo`, `nội dung`, `diễn giải`). Amounts may be written
//! `1.250.000`, `1,250,000` or `1250000`; dates `2026-11-26` or
//! `26/11/2026`. Lines that are debits (zero or negative) are skipped.

use serde::{Deserialize, Serialize};

/// A credit line of a statement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BankLine {
    /// Its line in the file (the header is line 1).
    pub line: usize,
    /// The booking date, YYYY-MM-DD.
    pub booked_on: String,
    /// The amount credited, in đồng.
    pub amount_vnd: i64,
    /// The memo as the bank printed it.
    pub description: String,
    /// The payment reference found in the memo (`HT` + 8 characters).
    pub reference: Option<String>,
}

/// A line that could not be read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BadLine {
    /// Its line in the file.
    pub line: usize,
    /// What is wrong.
    pub problem: String,
}

/// Why a statement cannot be read at all.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum StatementError {
    /// A column is missing from the header.
    #[error("the header has no {0} column")]
    MissingColumn(&'static str),
    /// The file is empty or not CSV.
    #[error("the file is not a CSV statement: {0}")]
    Unreadable(String),
}

fn fold(s: &str) -> String {
    deunicode::deunicode(s).trim().to_lowercase()
}

fn column(headers: &[String], names: &[&str]) -> Option<usize> {
    headers.iter().position(|h| names.contains(&h.as_str()))
}

/// Reads the amount as whole đồng: thousands separators (`.` `,` space)
/// are dropped; a decimal part of zeros (`,00` / `.00`) is allowed.
pub fn parse_amount(s: &str) -> Option<i64> {
    let s = s
        .trim()
        .trim_end_matches("VND")
        .trim_end_matches("đ")
        .trim();
    let s = s
        .strip_suffix(",00")
        .or_else(|| s.strip_suffix(".00"))
        .unwrap_or(s);
    let negative = s.starts_with('-');
    let digits: String = s
        .trim_start_matches(['-', '+'])
        .chars()
        .filter(|c| !matches!(c, '.' | ',' | ' ' | '\u{a0}'))
        .collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) || digits.len() > 15 {
        return None;
    }
    let n: i64 = digits.parse().ok()?;
    Some(if negative { -n } else { n })
}

/// Reads `2026-11-26` or `26/11/2026` (a time after the date is ignored).
pub fn parse_date(s: &str) -> Option<String> {
    let s = s.trim().split([' ', 'T']).next()?;
    let date = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| chrono::NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .or_else(|_| chrono::NaiveDate::parse_from_str(s, "%d-%m-%Y"))
        .ok()?;
    Some(date.format("%Y-%m-%d").to_string())
}

/// The first payment reference in a memo: `HT` and 8 characters of the
/// reference alphabet, in any case. A word that is a reference wins; else
/// spaces, dashes and dots are dropped and the memo searched again
/// (banking apps upper-case memos and some cut them into groups).
pub fn find_reference(memo: &str) -> Option<String> {
    let is_ref = |w: &[char]| {
        w.len() == 10
            && w[0] == 'H'
            && w[1] == 'T'
            && w[2..]
                .iter()
                .all(|c| c.is_ascii() && crate::start::ALPHABET.contains(&(*c as u8)))
    };
    let upper: Vec<char> = memo.chars().map(|c| c.to_ascii_uppercase()).collect();
    if let Some(word) = upper
        .split(|c| !c.is_ascii_alphanumeric())
        .find(|w| is_ref(w))
    {
        return Some(word.iter().collect());
    }
    let squeezed: Vec<char> = upper
        .into_iter()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '_'))
        .collect();
    squeezed
        .windows(10)
        .find(|w| is_ref(w))
        .map(|w| w.iter().collect())
}

/// Reads a statement: its credit lines, and the lines that could not be
/// read (with why).
pub fn parse(csv_text: &[u8]) -> Result<(Vec<BankLine>, Vec<BadLine>), StatementError> {
    let text = String::from_utf8_lossy(csv_text);
    let text = text.trim_start_matches('\u{feff}');
    let delimiter = if text.lines().next().is_some_and(|l| l.contains(';')) {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| StatementError::Unreadable(e.to_string()))?
        .iter()
        .map(fold)
        .collect();
    if headers.iter().all(String::is_empty) {
        return Err(StatementError::Unreadable("no header line".into()));
    }
    let date = column(
        &headers,
        &[
            "date",
            "ngay",
            "ngay giao dich",
            "booking date",
            "transaction date",
            "ngay hach toan",
        ],
    )
    .ok_or(StatementError::MissingColumn("date"))?;
    let amount = column(
        &headers,
        &[
            "amount",
            "credit",
            "so tien",
            "ghi co",
            "so tien ghi co",
            "credit amount",
        ],
    )
    .ok_or(StatementError::MissingColumn("amount"))?;
    let memo = column(
        &headers,
        &[
            "description",
            "memo",
            "noi dung",
            "dien giai",
            "noi dung giao dich",
            "details",
        ],
    )
    .ok_or(StatementError::MissingColumn("description"))?;
    let mut lines = Vec::new();
    let mut bad = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                bad.push(BadLine {
                    line,
                    problem: e.to_string(),
                });
                continue;
            }
        };
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let field = |i: usize| record.get(i).unwrap_or("").trim();
        let Some(booked_on) = parse_date(field(date)) else {
            bad.push(BadLine {
                line,
                problem: format!("date {:?} is not YYYY-MM-DD or DD/MM/YYYY", field(date)),
            });
            continue;
        };
        let Some(amount_vnd) = parse_amount(field(amount)) else {
            bad.push(BadLine {
                line,
                problem: format!("amount {:?} is not a number of đồng", field(amount)),
            });
            continue;
        };
        if amount_vnd <= 0 {
            continue;
        }
        let description = field(memo).to_owned();
        lines.push(BankLine {
            line,
            reference: find_reference(&description),
            booked_on,
            amount_vnd,
            description,
        });
    }
    Ok((lines, bad))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_in_vietnamese_and_english_notation_are_read() {
        assert_eq!(parse_amount("1.250.000"), Some(1_250_000));
        assert_eq!(parse_amount("1,250,000"), Some(1_250_000));
        assert_eq!(parse_amount("1250000,00"), Some(1_250_000));
        assert_eq!(parse_amount("-30.000"), Some(-30_000));
        assert_eq!(parse_amount("abc"), None);
        assert_eq!(parse_amount(""), None);
    }

    #[test]
    fn references_are_found_in_memos_as_banks_print_them() {
        assert_eq!(
            find_reference("MBVCB.123 NGUYEN VAN A chuyen tien HT7K2M9Q4X don hang"),
            Some("HT7K2M9Q4X".into())
        );
        assert_eq!(find_reference("ht7k2m9q4x"), Some("HT7K2M9Q4X".into()));
        assert_eq!(find_reference("HT 7K2M 9Q4X"), Some("HT7K2M9Q4X".into()));
        assert_eq!(find_reference("no reference here"), None);
        // 0, O, 1, I and L are not in references
        assert_eq!(find_reference("HT0K2M9Q4X"), None);
    }

    #[test]
    fn a_statement_with_vietnamese_headers_is_read_and_bad_lines_named() {
        let csv = "Ngày giao dịch;Số tiền ghi có;Nội dung\n\
                   26/11/2026;1.250.000;CT HT7K2M9Q4X\n\
                   27/11/2026;-20.000;Phi dich vu\n\
                   hôm qua;10;x\n";
        let (lines, bad) = parse(csv.as_bytes()).unwrap();
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].booked_on, "2026-11-26");
        assert_eq!(lines[0].amount_vnd, 1_250_000);
        assert_eq!(lines[0].reference.as_deref(), Some("HT7K2M9Q4X"));
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].line, 4);
    }

    #[test]
    fn a_statement_without_an_amount_column_is_refused() {
        assert_eq!(
            parse(b"date,description\n2026-11-26,x\n").unwrap_err(),
            StatementError::MissingColumn("amount")
        );
    }
}
