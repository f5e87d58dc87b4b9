//! Invoices and packing lists, read back from the PDF.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly; helpers outside #[test] functions too"
)]

mod support;

use documents::money;
use documents::{Currency, DocumentKind, Fonts, Locale, Rate, render_trade_document};
use support::*;

fn fonts() -> Fonts {
    Fonts::system().expect("fonts-dejavu-core and fonts-noto-cjk are installed")
}

#[test]
fn a_proforma_in_japanese_reads_back_with_both_parties_lines_and_the_deposit() {
    let doc = proforma_in_japanese();
    let pdf = render_trade_document(&doc, &fonts()).unwrap();
    let text = text_of(&pdf);
    assert_reads(
        &text,
        &[
            "プロフォーマインボイス（見積送り状）",
            "PROFORMA INVOICE",
            "PI-2026-0007",
            "2026年3月14日",
            "売主 / Seller",
            "Hợp tác xã Mây tre đan Bao La",
            "Thôn Bao La, xã Quảng Phú",
            "買主 / Buyer",
            "株式会社なにわ雑貨",
            "FOB Đà Nẵng (Incoterms 2020)",
            "BL-GIO-014",
            "BL-KHAY-02",
            "BL-DEN-07",
            "Giỏ mây đan tay có nắp",
            "HSコード",
            "4602.12",
            "1 JPY = 170,35 ₫",
            // 120 × 185.000 + 200 × 95.000 + 40 × 420.000
            "合計 / Total 58.000.000 ₫ ≈ ¥340,475",
            "前払金 30% / Deposit 30% 17.400.000 ₫",
            "残金 / Balance 40.600.000 ₫",
            "SWIFT: BFTVVNVX",
            "Mỗi sản phẩm làm bằng tay",
        ],
    );
    assert_eq!(pages_of(&pdf).len(), 1);
}

#[test]
fn a_one_page_invoice_stays_small_because_only_the_glyphs_used_are_embedded() {
    let pdf = render_trade_document(&proforma_in_japanese(), &fonts()).unwrap();
    // the Noto Sans CJK collection alone is 19 MB
    assert!(pdf.len() < 80_000, "{} bytes", pdf.len());
}

#[test]
fn a_commercial_invoice_in_chinese_shows_yuan_and_the_shipments_weights() {
    let mut doc = proforma_in_japanese();
    doc.kind = DocumentKind::CommercialInvoice;
    doc.number = "CI-2026-0003".into();
    doc.language = Locale::Zh;
    doc.buyer.name = "杭州竹艺进出口有限公司".into();
    doc.rate = Some(Rate {
        currency: Currency::Cny,
        vnd_per_unit_milli: 3_520_000,
    });
    doc.deposit_percent = None;
    let pdf = render_trade_document(&doc, &fonts()).unwrap();
    let text = text_of(&pdf);
    assert_reads(
        &text,
        &[
            "商业发票",
            "COMMERCIAL INVOICE",
            "CI-2026-0003",
            "杭州竹艺进出口有限公司",
            "Hợp tác xã Mây tre đan Bao La",
            "合计 / Total 58.000.000 ₫",
            &money::approx(doc.rate.unwrap(), 58_000_000).unwrap(),
            "箱数 / Cartons 18",
            // 360 pieces × 350 g and × 420 g
            "净重 / Net weight 126.00 kg",
            "毛重 / Gross weight 151.20 kg",
        ],
    );
    assert!(!reads(&text, "定金"), "no deposit was asked for");
}

#[test]
fn an_invoice_for_an_english_reader_carries_vietnamese_beside_english() {
    let mut doc = proforma_in_japanese();
    doc.language = Locale::En;
    doc.buyer.name = "Pacific Home Goods LLC".into();
    doc.rate = Some(Rate {
        currency: Currency::Usd,
        vnd_per_unit_milli: 25_400_000,
    });
    let pdf = render_trade_document(&doc, &fonts()).unwrap();
    let text = text_of(&pdf);
    assert_reads(
        &text,
        &[
            "Proforma invoice",
            "HÓA ĐƠN CHIẾU LỆ",
            "Buyer / Bên mua",
            "Pacific Home Goods LLC",
            "14 March 2026",
            "Total / Tổng cộng 58.000.000 ₫ ≈ $2,283.46",
            "Deposit 30% / Đặt cọc 30% 17.400.000 ₫",
        ],
    );
}

#[test]
fn a_multi_page_packing_list_repeats_its_head_and_carries_the_running_totals_forward() {
    let mut doc = proforma_in_japanese();
    doc.kind = DocumentKind::PackingList;
    doc.number = "PL-2026-0011".into();
    doc.language = Locale::Vi;
    doc.lines = (1..=70)
        .map(|i| {
            line(
                &format!("BL-{i:04}"),
                &format!("Giỏ mây đan tay số {i} / Hand-woven rattan basket no. {i}"),
                10 + i,
                100_000,
            )
        })
        .collect();
    let pdf = render_trade_document(&doc, &fonts()).unwrap();
    let pages = pages_of(&pdf);
    assert!(pages.len() >= 3, "{} pages", pages.len());

    let kg = |grams: u64| money::kilograms(grams, Locale::Vi);
    let mut through = (0u64, 0u64, 0u64); // cartons, net, gross of the lines so far
    for (n, page) in pages.iter().enumerate() {
        assert_reads(
            page,
            &[
                "Phiếu đóng gói",
                "PL-2026-0011",
                "Khối lượng cả bì",
                "Gross weight",
            ],
        );
        assert_reads(
            page,
            &[&format!(
                "Trang {}/{} · Page {}/{}",
                n + 1,
                pages.len(),
                n + 1,
                pages.len()
            )],
        );
        if n > 0 {
            let brought = format!(
                "Trang trước chuyển sang / Brought forward {} {} {}",
                through.0,
                kg(through.1),
                kg(through.2)
            );
            assert_reads(page, &[&brought]);
        }
        for l in doc
            .lines
            .iter()
            .filter(|l| reads(page, &format!("{} Giỏ", l.sku)))
        {
            through.0 += u64::from(l.packages);
            through.1 += l.net_weight_g;
            through.2 += l.gross_weight_g;
        }
        if n + 1 < pages.len() {
            let carried = format!(
                "Cộng chuyển trang / Carried forward {} {} {}",
                through.0,
                kg(through.1),
                kg(through.2)
            );
            assert_reads(page, &[&carried]);
        }
    }
    let cartons: u64 = doc.lines.iter().map(|l| u64::from(l.packages)).sum();
    let net: u64 = doc.lines.iter().map(|l| l.net_weight_g).sum();
    let gross: u64 = doc.lines.iter().map(|l| l.gross_weight_g).sum();
    assert_eq!(through, (cartons, net, gross), "every line was read once");
    let last = pages.last().unwrap();
    assert_reads(
        last,
        &[
            &format!("Số thùng / Cartons {cartons}"),
            &format!("Khối lượng tịnh / Net weight {}", kg(net)),
            &format!("Khối lượng cả bì / Gross weight {}", kg(gross)),
        ],
    );
    assert!(
        !reads(&pages.concat(), "₫"),
        "a packing list shows no prices"
    );
}
