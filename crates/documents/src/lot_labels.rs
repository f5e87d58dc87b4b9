//! Sheets of traceability labels for one lot: A4 pages of self-adhesive
//! labels in the common layouts (3 × 8 and 2 × 5), each with the QR code
//! of the lot's page drawn as vector squares, the product, the lot
//! number, its dates and the cooperative.

use chrono::NaiveDate;
use kernel::Locale;
use qrcode::{Color as QrColor, EcLevel, QrCode};

use crate::labels::Label;
use crate::layout::{Align, BRAND, Block, Color, INK, MUTED, PAGE_HEIGHT, PAGE_WIDTH, write_pdf};
use crate::text::{Style, Typesetter};
use crate::{Error, Result};

/// Millimetres to points.
fn mm(value: f32) -> f32 {
    value * 72.0 / 25.4
}

/// White, behind the QR code (its quiet zone).
const WHITE: Color = Color(0xff, 0xff, 0xff);

/// A layout of labels on an A4 sheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelLayout {
    /// 24 labels of 70 × 37 mm, 3 across and 8 down.
    ThreeByEight,
    /// 10 labels of 105 × 57 mm, 2 across and 5 down.
    TwoByFive,
}

impl LabelLayout {
    /// Its name in URLs: `3x8` or `2x5`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ThreeByEight => "3x8",
            Self::TwoByFive => "2x5",
        }
    }

    /// A layout from its name.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "3x8" => Some(Self::ThreeByEight),
            "2x5" => Some(Self::TwoByFive),
            _ => None,
        }
    }

    /// (columns, rows).
    pub fn grid(self) -> (usize, usize) {
        match self {
            Self::ThreeByEight => (3, 8),
            Self::TwoByFive => (2, 5),
        }
    }

    /// Labels on one sheet.
    pub fn per_sheet(self) -> usize {
        let (c, r) = self.grid();
        c * r
    }

    /// One label's (width, height) in points.
    fn size(self) -> (f32, f32) {
        match self {
            Self::ThreeByEight => (mm(70.0), mm(37.0)),
            Self::TwoByFive => (mm(105.0), mm(57.0)),
        }
    }
}

/// Which date a label prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LotDate {
    /// Harvested.
    Harvested,
    /// Made.
    Produced,
    /// Packed.
    Packed,
    /// Best before.
    BestBefore,
}

impl LotDate {
    fn label(self) -> Label {
        match self {
            Self::Harvested => Label::Harvested,
            Self::Produced => Label::Produced,
            Self::Packed => Label::Packed,
            Self::BestBefore => Label::BestBefore,
        }
    }
}

/// What every label of a sheet says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LotLabel {
    /// The product's name, in the sheet's language.
    pub product: String,
    /// The cooperative's lot number.
    pub lot_number: String,
    /// The cooperative.
    pub cooperative: String,
    /// The dates to print.
    pub dates: Vec<(LotDate, NaiveDate)>,
    /// The absolute URL of the lot's page, which the QR code encodes.
    pub url: String,
}

/// A sheet (or sheets) of labels for a lot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabelSheet {
    /// The labels' language.
    pub locale: Locale,
    /// The layout.
    pub layout: LabelLayout,
    /// What each label says.
    pub label: LotLabel,
    /// How many labels (a full sheet when 0).
    pub count: usize,
}

/// The most labels one request makes (20 sheets of 24).
pub const MAX_LABELS: usize = 480;

/// The QR code of `url` as squares (x, y, width, height) in a square of
/// `side` points with a quiet zone of four modules, top-left at (0, 0):
/// each run of dark modules in a row is one rectangle.
fn qr_squares(url: &str, side: f32) -> Result<Vec<[f32; 4]>> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M)
        .map_err(|e| Error::Pdf(format!("the QR code cannot hold the address: {e}")))?;
    let width = code.width();
    let colors = code.to_colors();
    let module = side / (width + 8) as f32;
    let mut squares = Vec::new();
    for y in 0..width {
        let mut x = 0;
        while x < width {
            if colors[y * width + x] == QrColor::Dark {
                let start = x;
                while x < width && colors[y * width + x] == QrColor::Dark {
                    x += 1;
                }
                // a hair taller and wider, so that neighbours leave no seam
                squares.push([
                    (start + 4) as f32 * module,
                    (y + 4) as f32 * module,
                    (x - start) as f32 * module + 0.02,
                    module + 0.02,
                ]);
            } else {
                x += 1;
            }
        }
    }
    Ok(squares)
}

fn day(date: NaiveDate, locale: Locale) -> String {
    match locale {
        Locale::Ja | Locale::Zh => date.format("%Y-%m-%d").to_string(),
        _ => date.format("%d/%m/%Y").to_string(),
    }
}

/// One label, top-left at (0, 0).
fn label_block(ts: &Typesetter<'_>, sheet: &LabelSheet, qr: &[[f32; 4]]) -> Block {
    let (width, height) = sheet.layout.size();
    let large = sheet.layout == LabelLayout::TwoByFive;
    let pad = if large { 10.0 } else { 6.0 };
    let side = height - 2.0 * pad + 8.0;
    let mut block = Block::new();
    let (qx, qy) = (pad - 4.0, pad - 4.0);
    block.rect(qx, qy, side, side, WHITE);
    for [x, y, w, h] in qr {
        block.rect(qx + x, qy + y, *w, *h, INK);
    }
    let x = pad - 4.0 + side + 2.0;
    let text_width = width - x - pad;
    let (title, body, small) = if large {
        (10.0, 8.0, 6.5)
    } else {
        (7.5, 6.2, 5.2)
    };
    let label = &sheet.label;
    let locale = sheet.locale;
    let mut lines = ts.wrap_at_most(
        &label.product,
        Style::bold(title).color(BRAND),
        text_width,
        2,
    );
    let mut y = pad;
    let n = lines.len();
    block.lines(std::mem::take(&mut lines), x, y, text_width, Align::Left);
    y += n as f32 * Style::bold(title).line_height();
    y = block.text(
        ts,
        &format!("{}: {}", Label::Lot.text(locale), label.lot_number),
        Style::bold(body),
        x,
        y + 1.0,
        text_width,
        Align::Left,
    );
    for (kind, date) in &label.dates {
        let line = ts.wrap_at_most(
            &format!("{}: {}", kind.label().text(locale), day(*date, locale)),
            Style::regular(body),
            text_width,
            1,
        );
        block.lines(line, x, y, text_width, Align::Left);
        y += Style::regular(body).line_height();
    }
    let coop = ts.wrap_at_most(
        &label.cooperative,
        Style::regular(small).color(MUTED),
        text_width,
        1,
    );
    block.lines(coop, x, y, text_width, Align::Left);
    y += Style::regular(small).line_height();
    if y + Style::regular(small).line_height() <= height - pad + 2.0 {
        let scan = ts.wrap_at_most(
            Label::ScanToTrace.text(locale),
            Style::regular(small).color(MUTED),
            text_width,
            1,
        );
        block.lines(scan, x, y, text_width, Align::Left);
    }
    block.height = height;
    block
}

/// The sheets as PDF: labels filled row by row from the top-left corner.
pub fn render_labels(sheet: &LabelSheet, fonts: &crate::Fonts) -> Result<Vec<u8>> {
    let ts = Typesetter::new(fonts, sheet.locale)
        .ok_or_else(|| Error::Pdf("a font could not be read by the shaper".into()))?;
    let per_sheet = sheet.layout.per_sheet();
    let count = match sheet.count {
        0 => per_sheet,
        n => n.min(MAX_LABELS),
    };
    let (columns, rows) = sheet.layout.grid();
    let (width, height) = sheet.layout.size();
    let left = (PAGE_WIDTH - columns as f32 * width) / 2.0;
    let top = (PAGE_HEIGHT - rows as f32 * height) / 2.0;
    let pad = if sheet.layout == LabelLayout::TwoByFive {
        10.0
    } else {
        6.0
    };
    let qr = qr_squares(&sheet.label.url, height - 2.0 * pad + 8.0)?;
    let mut pages = Vec::new();
    let mut placed = 0;
    while placed < count {
        let mut page = Vec::new();
        for slot in 0..per_sheet.min(count - placed) {
            let (column, row) = (slot % columns, slot / columns);
            page.push((
                label_block(&ts, sheet, &qr),
                left + column as f32 * width,
                top + row as f32 * height,
            ));
        }
        placed += page.len();
        pages.push(page);
    }
    let metadata = krilla::metadata::Metadata::new()
        .title(format!(
            "{} {} — {}",
            Label::Lot.text(sheet.locale),
            sheet.label.lot_number,
            sheet.label.product
        ))
        .language(sheet.locale.html_lang().to_owned())
        .creator("Hợp Tác".to_owned());
    write_pdf(&ts, &pages, metadata)
}
