//! VietQR: the bank-transfer QR code every Vietnamese banking app scans.
//!
//! A VietQR code carries an EMVCo merchant-presented payload as profiled by
//! NAPAS (the national switch, NAPAS 247): a string of tag–length–value
//! fields, each a two-digit tag, a two-digit length and the value, ending in
//! a CRC-16 checksum. The fields written here:
//!
//! | tag | field | value |
//! | --- | --- | --- |
//! | 00 | payload format indicator | `01` |
//! | 01 | point of initiation | `12`, dynamic: the code is for one amount |
//! | 38 | merchant account information | 00 GUID `A000000727`; 01 beneficiary = { 00 bank BIN, 01 account }; 02 service `QRIBFTTA` |
//! | 53 | currency | `704` (đồng) |
//! | 54 | amount | whole đồng |
//! | 58 | country | `VN` |
//! | 62 | additional data | 08 purpose of transaction: the order reference |
//! | 63 | CRC | CRC-16/CCITT-FALSE of everything before it, `6304` included |
//!
//! The reference goes in the purpose field because banking apps copy it into
//! the transfer's memo, which is how an incoming transfer is matched to its
//! order.

use crc::{CRC_16_IBM_3740, Crc};
use qrcode::{EcLevel, QrCode, render::svg as qr_svg};
use serde::{Deserialize, Serialize};

/// The NAPAS application identifier (GUID) in tag 38.
pub const NAPAS_GUID: &str = "A000000727";

/// The service code of a transfer to a bank account (tag 38, sub-tag 02).
pub const SERVICE_TRANSFER_TO_ACCOUNT: &str = "QRIBFTTA";

/// The largest amount a payload can carry: 13 digits, in đồng.
pub const MAX_AMOUNT_VND: i64 = 9_999_999_999_999;

/// The longest order reference: the purpose field holds at most 25.
pub const MAX_REFERENCE_LEN: usize = 25;

/// The longest account number NAPAS routes.
pub const MAX_ACCOUNT_LEN: usize = 19;

/// EMVCo caps a whole payload at 512 characters.
const MAX_PAYLOAD_LEN: usize = 512;

/// CRC-16/CCITT-FALSE: polynomial 0x1021, initial 0xFFFF, no reflection, no
/// final XOR. The `crc` catalogue calls it CRC-16/IBM-3740.
const CRC16: Crc<u16> = Crc::<u16>::new(&CRC_16_IBM_3740);

/// The bank account that receives transfers for the market.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceivingAccount {
    /// The bank's six-digit BIN (acquirer id), e.g. `970415` for VietinBank.
    pub bin: String,
    /// The account number at that bank.
    pub account: String,
    /// The account holder's name as the bank has it, shown beside the code.
    pub account_name: String,
    /// The bank's name, shown beside the code.
    pub bank_name: String,
}

/// The fields read back from a VietQR payload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decoded {
    /// The application identifier of tag 38: always [`NAPAS_GUID`].
    pub guid: String,
    /// The receiving bank's BIN.
    pub bin: String,
    /// The receiving account (or card) number.
    pub account: String,
    /// The service code, e.g. [`SERVICE_TRANSFER_TO_ACCOUNT`].
    pub service: String,
    /// The amount in đồng, if the code fixes one.
    pub amount_vnd: Option<i64>,
    /// The ISO 4217 numeric currency code (`704` for đồng).
    pub currency: String,
    /// The ISO 3166 country code (`VN`).
    pub country: String,
    /// The purpose of transaction (tag 62, sub-tag 08), if any.
    pub reference: Option<String>,
    /// The point of initiation: `11` static, `12` dynamic.
    pub initiation: String,
}

/// Why a VietQR payload could not be built, read or drawn.
#[derive(Debug, thiserror::Error)]
pub enum VietQrError {
    /// The bank BIN is not exactly six digits.
    #[error("the bank BIN must be exactly 6 digits, not {0:?}")]
    InvalidBin(String),
    /// The account number is empty, too long or not letters and digits.
    #[error("the account number must be 1 to 19 letters or digits, not {0:?}")]
    InvalidAccount(String),
    /// The amount is not between 1 đồng and [`MAX_AMOUNT_VND`].
    #[error("the amount must be from 1 to 9999999999999 VND, not {0}")]
    InvalidAmount(i64),
    /// The reference is empty, too long, has other characters than ASCII
    /// letters, digits and spaces, or starts or ends with a space.
    #[error("the reference must be 1 to 25 ASCII letters, digits and inner spaces, not {0:?}")]
    InvalidReference(String),
    /// The payload is not a well-formed list of tag–length–value fields.
    #[error("malformed VietQR payload at character {at}: {reason}")]
    Malformed {
        /// The 0-based character offset of the problem.
        at: usize,
        /// What is wrong there.
        reason: &'static str,
    },
    /// The checksum in the payload does not match its contents.
    #[error("VietQR checksum mismatch: the payload says {printed}, its contents give {computed}")]
    ChecksumMismatch {
        /// The CRC written in tag 63.
        printed: String,
        /// The CRC of the payload's contents.
        computed: String,
    },
    /// A required field is absent.
    #[error("the VietQR payload has no {0}")]
    MissingField(&'static str),
    /// A field is present but its value is not allowed.
    #[error("the VietQR payload's {field} is invalid: {value:?}")]
    InvalidField {
        /// Which field, with its tag.
        field: &'static str,
        /// The value found.
        value: String,
    },
    /// The payload does not fit in a QR code.
    #[error("cannot draw the QR code: {0}")]
    Qr(#[from] qrcode::types::QrError),
}

/// The CRC-16/CCITT-FALSE of `data` as 4 uppercase hex digits: the value of
/// tag 63 when `data` is the payload up to and including `6304`.
pub fn checksum(data: &str) -> String {
    format!("{:04X}", CRC16.checksum(data.as_bytes()))
}

/// The VietQR payload asking for a transfer of `amount_vnd` đồng to
/// `account`, with `reference` as the transfer's memo.
pub fn payload(
    account: &ReceivingAccount,
    amount_vnd: i64,
    reference: &str,
) -> Result<String, VietQrError> {
    if !is_bin(&account.bin) {
        return Err(VietQrError::InvalidBin(account.bin.clone()));
    }
    if !is_account(&account.account) {
        return Err(VietQrError::InvalidAccount(account.account.clone()));
    }
    if !(1..=MAX_AMOUNT_VND).contains(&amount_vnd) {
        return Err(VietQrError::InvalidAmount(amount_vnd));
    }
    if !is_reference(reference) {
        return Err(VietQrError::InvalidReference(reference.to_owned()));
    }

    let mut beneficiary = String::new();
    push_field(&mut beneficiary, "00", &account.bin);
    push_field(&mut beneficiary, "01", &account.account);
    let mut merchant = String::new();
    push_field(&mut merchant, "00", NAPAS_GUID);
    push_field(&mut merchant, "01", &beneficiary);
    push_field(&mut merchant, "02", SERVICE_TRANSFER_TO_ACCOUNT);
    let mut additional = String::new();
    push_field(&mut additional, "08", reference);

    let mut out = String::new();
    push_field(&mut out, "00", "01");
    push_field(&mut out, "01", "12");
    push_field(&mut out, "38", &merchant);
    push_field(&mut out, "53", "704");
    push_field(&mut out, "54", &amount_vnd.to_string());
    push_field(&mut out, "58", "VN");
    push_field(&mut out, "62", &additional);
    out.push_str("6304");
    let crc = checksum(&out);
    out.push_str(&crc);
    Ok(out)
}

/// Reads a VietQR payload: checks its structure and its checksum, and
/// returns the fields a transfer needs. Fields other VietQR issuers add
/// (merchant name, bill number…) are checked for structure and skipped.
pub fn parse(payload: &str) -> Result<Decoded, VietQrError> {
    if let Some(at) = payload.bytes().position(|b| !(b' '..=b'~').contains(&b)) {
        return Err(VietQrError::Malformed {
            at,
            reason: "only printable ASCII characters may appear",
        });
    }
    if payload.len() > MAX_PAYLOAD_LEN {
        return Err(VietQrError::Malformed {
            at: MAX_PAYLOAD_LEN,
            reason: "a payload has at most 512 characters",
        });
    }
    let root = fields(payload, 0)?;

    // The checksum first: a payload whose characters were misread must be
    // refused as such, before any of its values is looked at.
    let Some(last) = root.last() else {
        return Err(VietQrError::MissingField("payload format indicator (00)"));
    };
    if last.tag != "63" {
        return Err(VietQrError::Malformed {
            at: last.at,
            reason: "the checksum (63) must be the last field",
        });
    }
    if last.value.len() != 4
        || !last
            .value
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'A'..=b'F'))
    {
        return Err(VietQrError::InvalidField {
            field: "checksum (63)",
            value: last.value.to_owned(),
        });
    }
    let computed = checksum(&payload[..payload.len() - 4]);
    if computed != last.value {
        return Err(VietQrError::ChecksumMismatch {
            printed: last.value.to_owned(),
            computed,
        });
    }

    match root.first() {
        Some(first) if first.tag == "00" => {
            if first.value != "01" {
                return Err(VietQrError::InvalidField {
                    field: "payload format indicator (00)",
                    value: first.value.to_owned(),
                });
            }
        }
        Some(first) => {
            return Err(VietQrError::Malformed {
                at: first.at,
                reason: "the payload format indicator (00) must be the first field",
            });
        }
        None => return Err(VietQrError::MissingField("payload format indicator (00)")),
    }

    let initiation = required(&root, "01", "point of initiation (01)")?;
    if initiation.value != "11" && initiation.value != "12" {
        return Err(invalid("point of initiation (01)", initiation.value));
    }

    let merchant = required(&root, "38", "merchant account information (38)")?;
    let merchant_fields = fields(merchant.value, merchant.at + 4)?;
    only_tags(&merchant_fields, &["00", "01", "02"])?;
    let guid = required(&merchant_fields, "00", "GUID (38.00)")?;
    if guid.value != NAPAS_GUID {
        return Err(invalid("GUID (38.00)", guid.value));
    }
    let beneficiary = required(&merchant_fields, "01", "beneficiary (38.01)")?;
    let beneficiary_fields = fields(beneficiary.value, beneficiary.at + 4)?;
    only_tags(&beneficiary_fields, &["00", "01"])?;
    let bin = required(&beneficiary_fields, "00", "bank BIN (38.01.00)")?;
    if !is_bin(bin.value) {
        return Err(invalid("bank BIN (38.01.00)", bin.value));
    }
    let account = required(&beneficiary_fields, "01", "account number (38.01.01)")?;
    if !is_account(account.value) {
        return Err(invalid("account number (38.01.01)", account.value));
    }
    let service = required(&merchant_fields, "02", "service code (38.02)")?;

    let currency = required(&root, "53", "currency (53)")?;
    if currency.value.len() != 3 || !currency.value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid("currency (53)", currency.value));
    }

    let amount_vnd = match find(&root, "54") {
        None => None,
        Some(amount) => {
            let parsed =
                if amount.value.len() <= 13 && amount.value.bytes().all(|b| b.is_ascii_digit()) {
                    amount.value.parse::<i64>().ok()
                } else {
                    None
                };
            match parsed {
                Some(vnd) if vnd >= 1 => Some(vnd),
                _ => return Err(invalid("amount (54)", amount.value)),
            }
        }
    };

    let country = required(&root, "58", "country (58)")?;
    if country.value.len() != 2 || !country.value.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(invalid("country (58)", country.value));
    }

    let reference = match find(&root, "62") {
        None => None,
        Some(additional) => {
            let additional_fields = fields(additional.value, additional.at + 4)?;
            find(&additional_fields, "08").map(|f| f.value.to_owned())
        }
    };

    Ok(Decoded {
        guid: guid.value.to_owned(),
        bin: bin.value.to_owned(),
        account: account.value.to_owned(),
        service: service.value.to_owned(),
        amount_vnd,
        currency: currency.value.to_owned(),
        country: country.value.to_owned(),
        reference,
        initiation: initiation.value.to_owned(),
    })
}

/// The QR code of `payload` as an SVG element to inline in HTML: error
/// correction level M, a 4-module quiet zone, one unit per module, and a
/// `viewBox` but no width or height, so CSS decides its size.
pub fn svg(payload: &str) -> Result<String, VietQrError> {
    let code = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M)?;
    let drawn = code
        .render::<qr_svg::Color<'_>>()
        .quiet_zone(true)
        .module_dimensions(1, 1)
        .build();
    let drawn = drawn
        .strip_prefix(r#"<?xml version="1.0" standalone="yes"?>"#)
        .unwrap_or(&drawn);
    // The first width/height pair is the root element's; the background
    // rectangle's, further on, must stay.
    let side = code.width() + 8;
    Ok(drawn.replacen(&format!(r#" width="{side}" height="{side}""#), "", 1))
}

/// One tag–length–value field, borrowed from the payload.
struct Field<'a> {
    tag: &'a str,
    value: &'a str,
    /// Where the field starts in the whole payload.
    at: usize,
}

/// Splits `data` (which starts at `offset` in the whole payload) into its
/// fields; refuses truncation, empty values and repeated tags.
fn fields(data: &str, offset: usize) -> Result<Vec<Field<'_>>, VietQrError> {
    let mut out: Vec<Field<'_>> = Vec::new();
    let mut pos = 0;
    while pos < data.len() {
        let at = offset + pos;
        let Some(head) = data.get(pos..pos + 4) else {
            return Err(VietQrError::Malformed {
                at,
                reason: "a field needs a 2-digit tag and a 2-digit length",
            });
        };
        if !head.bytes().all(|b| b.is_ascii_digit()) {
            return Err(VietQrError::Malformed {
                at,
                reason: "a field must start with a 2-digit tag and a 2-digit length",
            });
        }
        let (tag, len) = head.split_at(2);
        let len: usize = len.parse().map_err(|_| VietQrError::Malformed {
            at,
            reason: "a field must start with a 2-digit tag and a 2-digit length",
        })?;
        if len == 0 {
            return Err(VietQrError::Malformed {
                at,
                reason: "a field's value must not be empty",
            });
        }
        let Some(value) = data.get(pos + 4..pos + 4 + len) else {
            return Err(VietQrError::Malformed {
                at,
                reason: "a field's value runs past the end of its template",
            });
        };
        if out.iter().any(|f| f.tag == tag) {
            return Err(VietQrError::Malformed {
                at,
                reason: "a tag appears twice in one template",
            });
        }
        out.push(Field { tag, value, at });
        pos += 4 + len;
    }
    Ok(out)
}

fn find<'f, 'a>(fields: &'f [Field<'a>], tag: &str) -> Option<&'f Field<'a>> {
    fields.iter().find(|f| f.tag == tag)
}

fn required<'f, 'a>(
    fields: &'f [Field<'a>],
    tag: &str,
    name: &'static str,
) -> Result<&'f Field<'a>, VietQrError> {
    find(fields, tag).ok_or(VietQrError::MissingField(name))
}

/// Refuses sub-fields the NAPAS template does not define: a code that has
/// them was not made for a plain transfer.
fn only_tags(fields: &[Field<'_>], allowed: &[&str]) -> Result<(), VietQrError> {
    match fields.iter().find(|f| !allowed.contains(&f.tag)) {
        Some(f) => Err(VietQrError::Malformed {
            at: f.at,
            reason: "a sub-field the VietQR account template does not define",
        }),
        None => Ok(()),
    }
}

fn invalid(field: &'static str, value: &str) -> VietQrError {
    VietQrError::InvalidField {
        field,
        value: value.to_owned(),
    }
}

/// Appends one field; the callers keep every value under 100 characters.
fn push_field(out: &mut String, tag: &str, value: &str) {
    out.push_str(tag);
    out.push_str(&format!("{:02}", value.len()));
    out.push_str(value);
}

fn is_bin(bin: &str) -> bool {
    bin.len() == 6 && bin.bytes().all(|b| b.is_ascii_digit())
}

fn is_account(account: &str) -> bool {
    (1..=MAX_ACCOUNT_LEN).contains(&account.len())
        && account.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Letters, digits and spaces, as every bank keeps them in a memo; no space
/// at either end, since banking apps trim the memo and the reference must
/// come back exactly as written to match its order.
fn is_reference(reference: &str) -> bool {
    (1..=MAX_REFERENCE_LEN).contains(&reference.len())
        && reference
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b' ')
        && !reference.starts_with(' ')
        && !reference.ends_with(' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account() -> ReceivingAccount {
        ReceivingAccount {
            bin: "970415".into(),
            account: "113366668888".into(),
            account_name: "HTX HOP TAC".into(),
            bank_name: "VietinBank".into(),
        }
    }

    #[test]
    fn a_bin_must_be_six_digits() {
        for bin in ["", "97041", "9704150", "97041a", "９７０４１５"] {
            let acc = ReceivingAccount {
                bin: bin.into(),
                ..account()
            };
            assert!(
                matches!(payload(&acc, 1000, "HT1"), Err(VietQrError::InvalidBin(b)) if b == bin),
                "{bin:?}"
            );
        }
    }

    #[test]
    fn an_account_must_be_one_to_nineteen_letters_or_digits() {
        for bad in [
            "",
            "12345678901234567890",
            "1234-5678",
            "1234 5678",
            "12345é",
        ] {
            let acc = ReceivingAccount {
                account: bad.into(),
                ..account()
            };
            assert!(
                matches!(
                    payload(&acc, 1000, "HT1"),
                    Err(VietQrError::InvalidAccount(_))
                ),
                "{bad:?}"
            );
        }
        for good in ["1", "1234567890123456789", "VQRQ0001ABC"] {
            let acc = ReceivingAccount {
                account: good.into(),
                ..account()
            };
            assert!(payload(&acc, 1000, "HT1").is_ok(), "{good:?}");
        }
    }

    #[test]
    fn an_amount_must_be_from_one_dong_to_thirteen_digits() {
        for bad in [0, -1, i64::MIN, MAX_AMOUNT_VND + 1, i64::MAX] {
            assert!(
                matches!(payload(&account(), bad, "HT1"), Err(VietQrError::InvalidAmount(a)) if a == bad),
                "{bad}"
            );
        }
        assert!(payload(&account(), 1, "HT1").is_ok());
        assert!(payload(&account(), MAX_AMOUNT_VND, "HT1").is_ok());
    }

    #[test]
    fn a_reference_must_be_one_to_twenty_five_letters_digits_and_inner_spaces() {
        for bad in [
            "",
            "12345678901234567890123456",
            "HT-1",
            "HT_1",
            "Đơn 1",
            " HT1",
            "HT1 ",
            " ",
            "HT\t1",
        ] {
            assert!(
                matches!(
                    payload(&account(), 1000, bad),
                    Err(VietQrError::InvalidReference(_))
                ),
                "{bad:?}"
            );
        }
        for good in ["H", "1234567890123456789012345", "Don hang HT7K2M9Q4X"] {
            assert!(payload(&account(), 1000, good).is_ok(), "{good:?}");
        }
    }

    #[test]
    fn a_payload_reads_back_as_what_was_written() {
        let written = payload(&account(), 79_000, "HT7K2M9Q4X").unwrap();
        let read = parse(&written).unwrap();
        assert_eq!(
            read,
            Decoded {
                guid: NAPAS_GUID.into(),
                bin: "970415".into(),
                account: "113366668888".into(),
                service: SERVICE_TRANSFER_TO_ACCOUNT.into(),
                amount_vnd: Some(79_000),
                currency: "704".into(),
                country: "VN".into(),
                reference: Some("HT7K2M9Q4X".into()),
                initiation: "12".into(),
            }
        );
    }

    #[test]
    fn a_wrong_checksum_is_refused() {
        let written = payload(&account(), 79_000, "HT7K2M9Q4X").unwrap();
        let (body, crc) = written.split_at(written.len() - 4);
        let other = if crc == "0000" { "0001" } else { "0000" };
        assert!(matches!(
            parse(&format!("{body}{other}")),
            Err(VietQrError::ChecksumMismatch { printed, computed }) if printed == other && computed == crc
        ));
    }

    #[test]
    fn a_checksum_in_lowercase_is_refused() {
        // a payload whose checksum has a hex letter in it
        let written = (0..100)
            .map(|n| payload(&account(), 79_000, &format!("HT{n}")).unwrap())
            .find(|p| p.bytes().rev().take(4).any(|b| b.is_ascii_uppercase()))
            .unwrap();
        let (body, crc) = written.split_at(written.len() - 4);
        assert!(parse(&written).is_ok());
        assert!(matches!(
            parse(&format!("{body}{}", crc.to_lowercase())),
            Err(VietQrError::InvalidField {
                field: "checksum (63)",
                ..
            })
        ));
    }

    #[test]
    fn a_truncated_or_padded_payload_is_refused() {
        let written = payload(&account(), 79_000, "HT7K2M9Q4X").unwrap();
        for cut in 0..written.len() {
            assert!(parse(&written[..cut]).is_err(), "cut at {cut}");
        }
        assert!(parse(&format!("{written}0")).is_err());
        assert!(parse(&format!(" {written}")).is_err());
    }

    /// A payload with a valid checksum around `body` (everything before
    /// `6304`), to reach the checks after the checksum.
    fn sealed(body: &str) -> String {
        let body = format!("{body}6304");
        let crc = checksum(&body);
        format!("{body}{crc}")
    }

    #[test]
    fn structural_faults_behind_a_good_checksum_are_refused() {
        let merchant = "38540010A00000072701240006970415011011336666880208QRIBFTTA";
        let cases: &[(&str, &str)] = &[
            // payload format not first
            (&format!("010212000201{merchant}5303704"), "first"),
            // payload format not 01
            (&format!("000202010212{merchant}5303704"), "format"),
            // no point of initiation
            (&format!("000201{merchant}53037045802VN"), "initiation"),
            // unknown initiation
            (
                &format!("000201010213{merchant}53037045802VN"),
                "initiation",
            ),
            // repeated tag
            (
                &format!("000201010212{merchant}530370453037045802VN"),
                "twice",
            ),
            // empty value
            (&format!("000201010212{merchant}530370454005802VN"), "empty"),
            // decimal amount
            (
                &format!("000201010212{merchant}530370454051000.5802VN"),
                "amount",
            ),
            // no country
            (&format!("000201010212{merchant}5303704"), "country"),
            // another scheme's GUID
            (
                "00020101021238540010A00000077501240006970415011011336666880208QRIBFTTA53037045802VN",
                "guid",
            ),
            // no merchant account information
            ("00020101021253037045802VN", "38"),
        ];
        for (body, what) in cases {
            assert!(parse(&sealed(body)).is_err(), "{what}: {body}");
        }
        // and the same skeleton with nothing wrong is read
        let good = sealed(&format!("000201010211{merchant}53037045802VN"));
        let read = parse(&good).unwrap();
        assert_eq!(read.amount_vnd, None);
        assert_eq!(read.reference, None);
        assert_eq!(read.initiation, "11");
    }

    #[test]
    fn non_ascii_and_overlong_payloads_are_refused() {
        assert!(matches!(
            parse("0002019é"),
            Err(VietQrError::Malformed { at: 7, .. })
        ));
        let long = sealed(&format!("000201{}", "99990".repeat(110)));
        assert!(matches!(
            parse(&long),
            Err(VietQrError::Malformed { at: 512, .. })
        ));
    }

    #[test]
    fn the_svg_scales_and_can_be_inlined() {
        let written = payload(&account(), 79_000, "HT7K2M9Q4X").unwrap();
        let drawn = svg(&written).unwrap();
        assert!(drawn.starts_with("<svg "), "{drawn}");
        assert!(drawn.ends_with("</svg>"));
        assert!(drawn.contains(r#"viewBox="0 0 "#));
        let root = &drawn[..drawn.find('>').unwrap()];
        assert!(!root.contains(" width="), "{root}");
        assert!(!root.contains(" height="), "{root}");
    }
}
