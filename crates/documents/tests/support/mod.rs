//! What the tests share: sample documents and reading a PDF back.

#![allow(dead_code, reason = "each test file uses part of it")]

pub mod pictures;

use chrono::NaiveDate;
use documents::{Currency, DocumentKind, DocumentLine, Locale, Party, Rate, TradeDocument};

/// The text of a PDF as pdf-extract reads it (through the fonts'
/// ToUnicode maps), with every run of white space (no-break spaces too)
/// made one space, so that wrapped lines read as one.
pub fn text_of(pdf: &[u8]) -> String {
    let text = pdf_extract::extract_text_from_mem(pdf).expect("the PDF reads back");
    text.split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Does `text` read `needle`, white space aside (a PDF reader may join or
/// split words where lines wrap)?
pub fn reads(text: &str, needle: &str) -> bool {
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    squeeze(text).contains(&squeeze(needle))
}

/// Asserts that `text` reads each of `needles`.
#[track_caller]
pub fn assert_reads(text: &str, needles: &[&str]) {
    for needle in needles {
        assert!(
            reads(text, needle),
            "{needle:?} is not in the text:\n{text}"
        );
    }
}

/// The text of each page.
pub fn pages_of(pdf: &[u8]) -> Vec<String> {
    pdf_extract::extract_text_from_mem_by_pages(pdf)
        .expect("the PDF reads back")
        .into_iter()
        .map(|page| {
            page.split(|c: char| c.is_whitespace())
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// Bao La's cooperative.
pub fn bao_la() -> Party {
    Party {
        name: "Hợp tác xã Mây tre đan Bao La".into(),
        address: vec!["Thôn Bao La, xã Quảng Phú".into(), "Thành phố Huế".into()],
        country: "Việt Nam".into(),
        tax_number: Some("3300101234".into()),
        contact: vec!["Chị Nguyễn Thị Lan · +84 234 3551 234 · baola@hoptac.demo".into()],
    }
}

/// An importer in Osaka.
pub fn osaka() -> Party {
    Party {
        name: "株式会社なにわ雑貨".into(),
        address: vec!["大阪府大阪市中央区南船場 3-4-12".into()],
        country: "日本 Japan".into(),
        tax_number: None,
        contact: vec!["田中 美咲 · misaki.tanaka@naniwa-zakka.jp".into()],
    }
}

/// A line of goods.
pub fn line(sku: &str, description: &str, quantity: u32, unit_price_vnd: i64) -> DocumentLine {
    DocumentLine {
        sku: sku.into(),
        description: description.into(),
        hs_code: "4602.12".into(),
        quantity,
        unit: "pcs".into(),
        unit_price_vnd,
        amount_vnd: unit_price_vnd * i64::from(quantity),
        net_weight_g: u64::from(quantity) * 350,
        gross_weight_g: u64::from(quantity) * 420,
        packages: quantity.div_ceil(20),
    }
}

/// A proforma invoice for the importer in Osaka, in Japanese.
pub fn proforma_in_japanese() -> TradeDocument {
    TradeDocument {
        kind: DocumentKind::ProformaInvoice,
        number: "PI-2026-0007".into(),
        issued_on: NaiveDate::from_ymd_opt(2026, 3, 14).expect("a date"),
        language: Locale::Ja,
        seller: bao_la(),
        buyer: osaka(),
        incoterm: "FOB Đà Nẵng (Incoterms 2020)".into(),
        payment_terms: "30% deposit, balance before shipment".into(),
        lines: vec![
            line(
                "BL-GIO-014",
                "Giỏ mây đan tay có nắp / Hand-woven rattan basket with lid",
                120,
                185_000,
            ),
            line(
                "BL-KHAY-02",
                "Khay tre tròn 30 cm / Round bamboo tray",
                200,
                95_000,
            ),
            line("BL-DEN-07", "Chụp đèn tre / Bamboo lampshade", 40, 420_000),
        ],
        rate: Some(Rate {
            currency: Currency::Jpy,
            vnd_per_unit_milli: 170_350,
        }),
        deposit_percent: Some(30),
        bank: vec![
            "Beneficiary: HOP TAC XA MAY TRE DAN BAO LA".into(),
            "Bank: Vietcombank, Thua Thien Hue branch".into(),
            "Account: 0161001234567 · SWIFT: BFTVVNVX".into(),
        ],
        notes: vec!["Mỗi sản phẩm làm bằng tay nên màu có thể khác nhau đôi chút.".into()],
    }
}
