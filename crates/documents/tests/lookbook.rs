//! Lookbooks, read back from the PDF.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly; helpers outside #[test] functions too"
)]

mod support;

use std::io::Cursor;

use documents::{Error, Fonts, Locale, Lookbook, LookbookItem, render_lookbook};
use support::*;

fn fonts() -> Fonts {
    Fonts::system().expect("fonts-dejavu-core and fonts-noto-cjk are installed")
}

fn webp(seed: u64, side: u32) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    pictures::textured(seed, side)
        .write_to(&mut out, image::ImageFormat::WebP)
        .unwrap();
    out.into_inner()
}

fn item(i: usize, picture: Option<Vec<u8>>) -> LookbookItem {
    LookbookItem {
        picture,
        title: format!("Giỏ mây đan tay mẫu {i}"),
        skus: vec![format!("BL-GIO-{i:03}-S"), format!("BL-GIO-{i:03}-L")],
        options: vec!["Màu tự nhiên".into(), "Nâu sẫm".into()],
        min_order: Some(50),
        tiers: vec![(50, 185_000), (200, 170_000)],
        lead_time_days: Some(30),
        hs_code: Some("4602.12".into()),
        dimensions: Some("Ø 30 × 18 cm".into()),
        weight_g: Some(1_250),
    }
}

fn twenty_items(language: Locale) -> Lookbook {
    Lookbook {
        cooperative: "Hợp tác xã Mây tre đan Bao La".into(),
        title: "Bộ sưu tập xuân 2026".into(),
        language,
        items: (1..=20)
            .map(|i| {
                let picture = match i % 4 {
                    0 => None,
                    1 => Some(pictures::png(i as u64, 320)),
                    2 => Some(webp(i as u64, 320)),
                    _ => Some(pictures::jpeg(i as u64, 900)),
                };
                item(i, picture)
            })
            .collect(),
    }
}

#[test]
fn a_lookbook_of_twenty_items_reads_back_every_title_and_sku_after_its_cover() {
    let lookbook = twenty_items(Locale::Vi);
    let pdf = render_lookbook(&lookbook, &fonts()).unwrap();
    let pages = pages_of(&pdf);
    assert_eq!(
        pages.len(),
        1 + 20usize.div_ceil(6),
        "a cover and 2 × 3 cards a page"
    );
    assert_reads(
        &pages[0],
        &[
            "Bộ sưu tập xuân 2026",
            "Hợp tác xã Mây tre đan Bao La",
            "20 sản phẩm · 20 items",
        ],
    );
    let text = pages.concat();
    for i in 1..=20 {
        assert_reads(
            &text,
            &[
                &format!("Giỏ mây đan tay mẫu {i}"),
                &format!("BL-GIO-{i:03}-S · BL-GIO-{i:03}-L"),
            ],
        );
    }
    assert_reads(
        &pages[1],
        &[
            "Đặt tối thiểu / MOQ 50",
            "≥ 50: 185.000 ₫ · ≥ 200: 170.000 ₫",
            "Thời gian sản xuất / Lead time 30 ngày",
            "Mã HS / HS code 4602.12",
            "Ø 30 × 18 cm",
            "1,25 kg",
        ],
    );
}

#[test]
fn a_lookbook_for_a_japanese_reader_labels_its_cards_in_japanese_and_english() {
    let mut lookbook = twenty_items(Locale::Ja);
    lookbook.items.truncate(3);
    lookbook.items[0].title = "籐の手編みふた付きかご".into();
    let pdf = render_lookbook(&lookbook, &fonts()).unwrap();
    let text = text_of(&pdf);
    assert_reads(
        &text,
        &[
            "商品カタログ · Lookbook",
            "3 点 · 3 items",
            "籐の手編みふた付きかご",
            "最小発注数 / MOQ 50",
            "リードタイム / Lead time 30日",
        ],
    );
}

#[test]
fn pictures_are_cut_down_so_a_lookbook_stays_small() {
    let lookbook = Lookbook {
        items: (1..=3)
            .map(|i| item(i, Some(pictures::jpeg(i as u64, 1200))))
            .collect(),
        ..twenty_items(Locale::En)
    };
    let stored: usize = lookbook
        .items
        .iter()
        .filter_map(|i| i.picture.as_ref())
        .map(Vec::len)
        .sum();
    let pdf = render_lookbook(&lookbook, &fonts()).unwrap();
    assert!(
        pdf.len() * 3 < stored,
        "{} bytes of PDF for {stored} bytes of pictures",
        pdf.len()
    );
}

#[test]
fn a_picture_that_is_not_one_fails_the_lookbook_naming_its_item() {
    let mut lookbook = twenty_items(Locale::En);
    lookbook.items[4].picture = Some(b"<html>not a picture</html>".to_vec());
    let error = render_lookbook(&lookbook, &fonts()).unwrap_err();
    assert!(
        matches!(&error, Error::Picture { item, .. } if item == "Giỏ mây đan tay mẫu 5"),
        "{error:?}"
    );
}
