//! The table of goods of invoices and packing lists, and how it is spread
//! over pages: the head repeats on every page, and a page the table
//! continues from ends with the running totals ("carried forward") that the
//! next page starts with ("brought forward").

use std::ops::Range;

use crate::labels::Label;
use crate::layout::{Align, BRAND, Block, CONTENT_WIDTH, FOOTER_TOP, MARGIN, MUTED, RULE, TINT};
use crate::money;
use crate::text::Style;
use crate::trade::{Context, DocumentKind, DocumentLine};
use crate::{Error, Result};

/// Space between the blocks after the table.
pub(crate) const GAP: f32 = 10.0;
/// Space kept above the footer.
const BOTTOM: f32 = FOOTER_TOP - 10.0;
const PAD_X: f32 = 4.0;
const PAD_Y: f32 = 4.0;

/// Totals of the lines up to one of them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Sums {
    pub(crate) amount: i64,
    pub(crate) cartons: u64,
    pub(crate) net_g: u64,
    pub(crate) gross_g: u64,
}

/// The totals through each line.
pub(crate) fn running_sums(lines: &[DocumentLine]) -> Result<Vec<Sums>> {
    let mut sums = Sums::default();
    lines
        .iter()
        .map(|line| {
            sums = Sums {
                amount: sums
                    .amount
                    .checked_add(line.amount_vnd)
                    .ok_or(Error::Overflow)?,
                cartons: sums.cartons + u64::from(line.packages),
                net_g: sums
                    .net_g
                    .checked_add(line.net_weight_g)
                    .ok_or(Error::Overflow)?,
                gross_g: sums
                    .gross_g
                    .checked_add(line.gross_weight_g)
                    .ok_or(Error::Overflow)?,
            };
            Ok(sums)
        })
        .collect()
}

struct Column {
    label: Label,
    width: f32,
    align: Align,
}

fn columns(kind: DocumentKind) -> Vec<Column> {
    let column = |label, width, align| Column {
        label,
        width,
        align,
    };
    let mut columns = vec![
        column(Label::LineNumber, 27.0, Align::Right),
        column(Label::Sku, 64.0, Align::Left),
        column(Label::Description, 0.0, Align::Left),
        column(Label::HsCode, 48.0, Align::Left),
        column(Label::Quantity, 46.0, Align::Right),
        column(Label::Unit, 34.0, Align::Left),
    ];
    if kind.has_prices() {
        columns.push(column(Label::UnitPrice, 70.0, Align::Right));
        columns.push(column(Label::Amount, 80.0, Align::Right));
    } else {
        columns.push(column(Label::Cartons, 44.0, Align::Right));
        columns.push(column(Label::NetWeight, 60.0, Align::Right));
        columns.push(column(Label::GrossWeight, 60.0, Align::Right));
    }
    let fixed: f32 = columns.iter().map(|c| c.width).sum();
    for c in &mut columns {
        if c.width == 0.0 {
            c.width = CONTENT_WIDTH - fixed;
        }
    }
    columns
}

/// The lines of a cell: text and style.
type Cell = Vec<(String, Style)>;

/// Sets one row of cells; `fill` is its background.
fn row_of(
    ctx: &Context<'_, '_>,
    columns: &[Column],
    cells: Vec<Cell>,
    fill: Option<crate::layout::Color>,
) -> Block {
    let mut block = Block::new();
    let mut x = 0.0;
    let mut bottom: f32 = 0.0;
    let mut content = Block::new();
    for (column, cell) in columns.iter().zip(cells) {
        let mut y = PAD_Y;
        for (text, style) in cell {
            y = content.text(
                &ctx.ts,
                &text,
                style,
                x + PAD_X,
                y,
                column.width - 2.0 * PAD_X,
                column.align,
            );
        }
        bottom = bottom.max(y);
        x += column.width;
    }
    let height = bottom + PAD_Y;
    if let Some(fill) = fill {
        block.rect(0.0, 0.0, CONTENT_WIDTH, height, fill);
    }
    block.append(content, 0.0, 0.0);
    block.rule(0.0, height - 0.5, CONTENT_WIDTH, 0.5, RULE);
    block.grow(height);
    block
}

/// The head of the table: each column in both languages.
pub(crate) fn head(ctx: &Context<'_, '_>) -> Block {
    let columns = columns(ctx.doc.kind);
    let cells = columns
        .iter()
        .map(|c| {
            let (first, second) = (ctx.lang.first(c.label), ctx.lang.second(c.label));
            let mut cell = vec![(first.to_owned(), Style::bold(7.5).color(BRAND))];
            if second != first {
                cell.push((second.to_owned(), Style::regular(6.5).color(MUTED)));
            }
            cell
        })
        .collect();
    row_of(ctx, &columns, cells, Some(TINT))
}

/// The row of one line of goods (`index` from 0).
pub(crate) fn row(ctx: &Context<'_, '_>, index: usize, line: &DocumentLine) -> Block {
    let doc = ctx.doc;
    let locale = ctx.locale();
    let body = Style::regular(8.0);
    let small = Style::regular(7.0).color(MUTED);
    let one = |text: String| vec![(text, body)];
    let with_approx = |amount: i64| {
        let mut cell = vec![(money::vnd(amount), body)];
        if let Some(approx) = doc.rate.and_then(|rate| money::approx(rate, amount)) {
            cell.push((approx, small));
        }
        cell
    };
    let mut cells = vec![
        one((index + 1).to_string()),
        one(line.sku.clone()),
        one(line.description.clone()),
        one(line.hs_code.clone()),
        one(money::integer(u64::from(line.quantity), locale)),
        one(line.unit.clone()),
    ];
    if doc.kind.has_prices() {
        cells.push(with_approx(line.unit_price_vnd));
        cells.push(with_approx(line.amount_vnd));
    } else {
        cells.push(one(money::integer(u64::from(line.packages), locale)));
        cells.push(one(money::kilograms(line.net_weight_g, locale)));
        cells.push(one(money::kilograms(line.gross_weight_g, locale)));
    }
    row_of(ctx, &columns(doc.kind), cells, None)
}

/// A row of running totals: carried forward at the foot of a page,
/// brought forward at the head of the next.
pub(crate) fn forward(ctx: &Context<'_, '_>, label: Label, sums: Sums) -> Block {
    let doc = ctx.doc;
    let locale = ctx.locale();
    let columns = columns(doc.kind);
    let strong = Style::bold(8.0);
    let small = Style::regular(7.0).color(MUTED);
    // the label spans the columns before the numbers
    let span = 6;
    let label_width: f32 = columns[..span].iter().map(|c| c.width).sum();
    let mut merged = vec![Column {
        label,
        width: label_width,
        align: Align::Left,
    }];
    merged.extend(columns.into_iter().skip(span));
    let mut cells = vec![vec![(ctx.lang.both(label), strong.color(BRAND))]];
    if doc.kind.has_prices() {
        cells.push(Vec::new());
        let mut amount = vec![(money::vnd(sums.amount), strong)];
        if let Some(approx) = doc.rate.and_then(|rate| money::approx(rate, sums.amount)) {
            amount.push((approx, small));
        }
        cells.push(amount);
    } else {
        cells.push(vec![(money::integer(sums.cartons, locale), strong)]);
        cells.push(vec![(money::kilograms(sums.net_g, locale), strong)]);
        cells.push(vec![(money::kilograms(sums.gross_g, locale), strong)]);
    }
    row_of(ctx, &merged, cells, Some(TINT))
}

/// What goes on one page.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct PagePlan {
    /// The lines whose rows are on the page, if the table is.
    pub(crate) rows: Option<Range<usize>>,
    /// How many of the blocks after the table are on the page.
    pub(crate) closing_blocks: usize,
}

/// Heights of what is to be placed, in points.
pub(crate) struct Heights<'a> {
    pub(crate) first_header: f32,
    pub(crate) next_header: f32,
    pub(crate) head: f32,
    pub(crate) forward: f32,
    pub(crate) rows: &'a [f32],
    pub(crate) closing: &'a [f32],
}

/// Spreads the table and the blocks after it over pages. The table's head
/// starts every page it is on; a page it continues from keeps room for the
/// carried-forward row; the last row stays with the first block after it
/// (the totals), so that the totals never stand alone on a page.
pub(crate) fn paginate(h: &Heights<'_>) -> Vec<PagePlan> {
    let n = h.rows.len();
    let with_totals = h.closing.first().map_or(0.0, |c| GAP + c);
    let mut pages = Vec::new();
    let mut top = MARGIN + h.first_header;
    let mut i = 0;
    let mut y;
    loop {
        y = top + h.head + if i > 0 { h.forward } else { 0.0 };
        let start = i;
        while i < n {
            let after = if i + 1 < n { h.forward } else { with_totals };
            if i > start && y + h.rows[i] + after > BOTTOM {
                break;
            }
            y += h.rows[i];
            i += 1;
        }
        if i < n {
            y += h.forward;
        }
        pages.push(PagePlan {
            rows: Some(start..i),
            closing_blocks: 0,
        });
        if i == n {
            break;
        }
        top = MARGIN + h.next_header;
    }
    for &block in h.closing {
        let on_this_page = pages
            .last()
            .is_some_and(|p| p.closing_blocks > 0 || p.rows.is_some());
        if y + GAP + block > BOTTOM && on_this_page {
            pages.push(PagePlan {
                rows: None,
                closing_blocks: 0,
            });
            y = MARGIN + h.next_header;
        }
        y += GAP + block;
        if let Some(page) = pages.last_mut() {
            page.closing_blocks += 1;
        }
    }
    pages
}

/// The table as it stands on one page: head, brought forward (after the
/// first page), the rows, carried forward (when it goes on).
pub(crate) fn page_table(
    ctx: &Context<'_, '_>,
    sums: &[Sums],
    rows: Range<usize>,
    blocks: &mut impl Iterator<Item = Block>,
) -> Block {
    let mut table = head(ctx);
    let mut y = table.height;
    let mut stack = |table: &mut Block, block: Block| {
        let height = block.height;
        table.append(block, 0.0, y);
        y += height;
    };
    if rows.start > 0 {
        let brought = sums[rows.start - 1];
        stack(&mut table, forward(ctx, Label::BroughtForward, brought));
    }
    for _ in rows.clone() {
        if let Some(block) = blocks.next() {
            stack(&mut table, block);
        }
    }
    if rows.end < sums.len() && rows.end > 0 {
        stack(
            &mut table,
            forward(ctx, Label::CarriedForward, sums[rows.end - 1]),
        );
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heights<'a>(rows: &'a [f32], closing: &'a [f32]) -> Heights<'a> {
        Heights {
            first_header: 250.0,
            next_header: 30.0,
            head: 25.0,
            forward: 20.0,
            rows,
            closing,
        }
    }

    #[test]
    fn a_short_table_and_its_totals_fit_on_one_page() {
        let rows = [20.0; 5];
        let pages = paginate(&heights(&rows, &[80.0, 40.0]));
        assert_eq!(
            pages,
            vec![PagePlan {
                rows: Some(0..5),
                closing_blocks: 2
            }]
        );
    }

    #[test]
    fn a_long_table_goes_on_over_pages_and_keeps_its_last_row_with_the_totals() {
        let rows = [20.0; 60];
        let pages = paginate(&heights(&rows, &[100.0, 300.0]));
        let ranges: Vec<_> = pages.iter().map(|p| p.rows.clone()).collect();
        assert_eq!(ranges.first().cloned().flatten().map(|r| r.start), Some(0));
        let covered: usize = ranges.iter().flatten().map(|r| r.len()).sum();
        assert_eq!(covered, 60);
        assert!(pages.len() >= 3, "{pages:?}");
        let last_table_page = pages.iter().rposition(|p| p.rows.is_some()).unwrap();
        assert!(pages[last_table_page].closing_blocks >= 1);
        assert_eq!(pages.iter().map(|p| p.closing_blocks).sum::<usize>(), 2);
    }
}
