//! A plain report: a title, a subtitle, then sections each with a heading,
//! optional key figures and a table, flowed onto A4 pages with a footer.
//! The text comes written in the reader's language; this only sets it.

use kernel::Locale;

use crate::layout::{
    Align, BRAND, Block, CONTENT_WIDTH, FOOTER_TOP, MARGIN, MUTED, RULE, TINT, write_pdf,
};
use crate::text::{Style, Typesetter};
use crate::{Error, Result};

/// A section of a report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportSection {
    /// Its heading.
    pub heading: String,
    /// Figures as label and value, one a line.
    pub figures: Vec<(String, String)>,
    /// A table: the head, then the rows (the first column left-aligned,
    /// the others right-aligned).
    pub table: Vec<Vec<String>>,
    /// A line under it (what is counted, where figures come from).
    pub note: Option<String>,
}

/// A report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// The language it is written in.
    pub locale: Locale,
    /// Its title.
    pub title: String,
    /// Under the title (the period, who made it).
    pub subtitle: String,
    /// Its sections.
    pub sections: Vec<ReportSection>,
    /// The footer's text, on every page.
    pub footer: String,
}

/// A block, and whether it must stay on a page with the next one (a
/// heading, a table's head).
type Placed = (Block, bool);

fn section_blocks(ts: &Typesetter<'_>, section: &ReportSection) -> Vec<Placed> {
    let mut blocks = Vec::new();
    let mut head = Block::new();
    let y = head.text(
        ts,
        &section.heading,
        Style::bold(12.5).color(BRAND),
        0.0,
        10.0,
        CONTENT_WIDTH,
        Align::Left,
    );
    head.rule(0.0, y + 1.0, CONTENT_WIDTH, 0.75, BRAND);
    head.grow(y + 6.0);
    blocks.push((head, true));
    for (label, value) in &section.figures {
        let mut line = Block::new();
        let style = Style::regular(10.0);
        let value_width = ts.width(value, Style::bold(10.0)) + 2.0;
        line.text(
            ts,
            value,
            Style::bold(10.0),
            CONTENT_WIDTH - value_width,
            2.0,
            value_width,
            Align::Right,
        );
        line.text(
            ts,
            label,
            style,
            0.0,
            2.0,
            CONTENT_WIDTH - value_width - 8.0,
            Align::Left,
        );
        line.rule(0.0, line.height + 2.0, CONTENT_WIDTH, 0.25, RULE);
        line.grow(line.height + 3.0);
        blocks.push((line, false));
    }
    let columns = section.table.first().map_or(0, Vec::len);
    if columns > 0 {
        let first = CONTENT_WIDTH * if columns > 2 { 0.46 } else { 0.6 };
        let rest = (CONTENT_WIDTH - first) / (columns - 1).max(1) as f32;
        for (i, cells) in section.table.iter().enumerate() {
            let mut row = Block::new();
            let style = if i == 0 {
                Style::bold(9.0)
            } else {
                Style::regular(9.0)
            };
            let mut bottom: f32 = 0.0;
            for (c, cell) in cells.iter().enumerate() {
                let (x, width, align) = if c == 0 {
                    (4.0, first - 8.0, Align::Left)
                } else {
                    (first + (c - 1) as f32 * rest, rest - 4.0, Align::Right)
                };
                let mut cell_block = Block::new();
                let y = cell_block.text(ts, cell, style, x, 3.0, width, align);
                bottom = bottom.max(y);
                row.append(cell_block, 0.0, 0.0);
            }
            let height = bottom + 3.0;
            let mut framed = Block::new();
            if i == 0 {
                framed.rect(0.0, 0.0, CONTENT_WIDTH, height, TINT);
            } else {
                framed.rule(0.0, height - 0.25, CONTENT_WIDTH, 0.25, RULE);
            }
            framed.append(row, 0.0, 0.0);
            framed.grow(height);
            blocks.push((framed, i == 0));
        }
    }
    if let Some(note) = &section.note {
        let mut block = Block::new();
        block.text(
            ts,
            note,
            Style::regular(8.0).color(MUTED),
            0.0,
            4.0,
            CONTENT_WIDTH,
            Align::Left,
        );
        blocks.push((block, false));
    }
    blocks
}

/// The report as PDF.
pub fn render_report(report: &Report, fonts: &crate::Fonts) -> Result<Vec<u8>> {
    let ts = Typesetter::new(fonts, report.locale)
        .ok_or_else(|| Error::Pdf("a font could not be read by the shaper".into()))?;
    let mut title = Block::new();
    let y = title.text(
        &ts,
        &report.title,
        Style::bold(17.0).color(BRAND),
        0.0,
        0.0,
        CONTENT_WIDTH,
        Align::Left,
    );
    let y = title.text(
        &ts,
        &report.subtitle,
        Style::regular(10.0).color(MUTED),
        0.0,
        y + 2.0,
        CONTENT_WIDTH,
        Align::Left,
    );
    title.grow(y + 6.0);
    let mut blocks: Vec<Placed> = vec![(title, false)];
    for section in &report.sections {
        blocks.extend(section_blocks(&ts, section));
    }
    let bottom = FOOTER_TOP - 8.0;
    let mut pages: Vec<Vec<(Block, f32, f32)>> = vec![Vec::new()];
    let mut y = MARGIN;
    let heights: Vec<(f32, bool)> = blocks.iter().map(|(b, k)| (b.height, *k)).collect();
    for (i, (block, keep)) in blocks.into_iter().enumerate() {
        // a heading or a table's head goes with what follows it
        let mut needed = block.height;
        let mut j = i;
        let mut keeping = keep;
        while keeping && j + 1 < heights.len() {
            j += 1;
            needed += heights[j].0;
            keeping = heights[j].1;
        }
        if y + needed > bottom && pages.last().is_some_and(|p| !p.is_empty()) {
            pages.push(Vec::new());
            y = MARGIN;
        }
        let height = block.height;
        if let Some(page) = pages.last_mut() {
            page.push((block, MARGIN, y));
        }
        y += height;
    }
    let count = pages.len();
    for (index, page) in pages.iter_mut().enumerate() {
        let footer = crate::layout::footer(
            &ts,
            crate::Languages::for_reader(report.locale),
            &report.footer,
            index + 1,
            count,
        );
        page.push((footer, MARGIN, FOOTER_TOP));
    }
    let metadata = krilla::metadata::Metadata::new()
        .title(report.title.clone())
        .language(report.locale.html_lang().to_owned())
        .creator("Hợp Tác".to_owned());
    write_pdf(&ts, &pages, metadata)
}
