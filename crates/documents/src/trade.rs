//! Proforma invoices, commercial invoices and packing lists: one data type,
//! three documents.

use chrono::{Datelike, NaiveDate};
use kernel::{Locale, Rate};
use serde::{Deserialize, Serialize};

use crate::fonts::Fonts;
use crate::labels::{Label, Languages};
use crate::layout::{Align, BRAND, Block, CONTENT_WIDTH, FOOTER_TOP, MARGIN, MUTED, RULE, TINT};
use crate::money;
use crate::table::{self, Sums};
use crate::text::{Style, Typesetter};
use crate::{Error, Result};

/// Which document to make of a [`TradeDocument`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// The quote the buyer pays the deposit on: prices, deposit, bank.
    ProformaInvoice,
    /// The invoice that goes with the shipment: prices, weights, bank.
    CommercialInvoice,
    /// What is in which carton: quantities and weights, no prices.
    PackingList,
}

impl DocumentKind {
    /// The document's title.
    pub fn label(self) -> Label {
        match self {
            Self::ProformaInvoice => Label::ProformaInvoice,
            Self::CommercialInvoice => Label::CommercialInvoice,
            Self::PackingList => Label::PackingList,
        }
    }

    /// Does it show prices?
    pub fn has_prices(self) -> bool {
        self != Self::PackingList
    }
}

/// A party to the sale: the cooperative selling, the importer buying.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    /// The registered name: "Hợp tác xã Mây tre đan Bao La".
    pub name: String,
    /// Street, town, province, one line each.
    pub address: Vec<String>,
    /// The country, as the reader should read it: "Việt Nam", "Japan".
    pub country: String,
    /// The tax number (mã số thuế, 法人番号...), when there is one.
    pub tax_number: Option<String>,
    /// A person, a telephone number, an e-mail address: one line each.
    pub contact: Vec<String>,
}

/// One line of goods.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentLine {
    /// The seller's article number.
    pub sku: String,
    /// What it is, in the words the buyer should read.
    pub description: String,
    /// The Harmonized System code for customs: "4602.12".
    pub hs_code: String,
    /// How many units.
    pub quantity: u32,
    /// The unit: "pcs", "sets", "kg".
    pub unit: String,
    /// The price of one unit in đồng.
    pub unit_price_vnd: i64,
    /// The line's amount in đồng, as agreed (usually quantity × unit price).
    pub amount_vnd: i64,
    /// The net weight of the whole line, in grams.
    pub net_weight_g: u64,
    /// The gross weight of the whole line, packed, in grams.
    pub gross_weight_g: u64,
    /// The cartons the line fills.
    pub packages: u32,
}

/// What an invoice or a packing list says. The caller fills it in; the
/// crate adds the totals, the deposit and the amounts in the buyer's
/// currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TradeDocument {
    /// Which document.
    pub kind: DocumentKind,
    /// Its number: "PI-2026-0007".
    pub number: String,
    /// When it is issued.
    pub issued_on: NaiveDate,
    /// The buyer's language; the document carries English too.
    pub language: Locale,
    /// The cooperative.
    pub seller: Party,
    /// The importer.
    pub buyer: Party,
    /// The delivery term: "FOB Đà Nẵng (Incoterms 2020)".
    pub incoterm: String,
    /// The payment terms in words: "30% deposit, balance before shipment".
    pub payment_terms: String,
    /// The goods.
    pub lines: Vec<DocumentLine>,
    /// The buyer's currency and the rate fixed on the quote: amounts are
    /// shown in it too, as approximations.
    pub rate: Option<Rate>,
    /// The deposit asked for, in percent of the total.
    pub deposit_percent: Option<u8>,
    /// Bank details for an international transfer, one line each
    /// (beneficiary, bank, account, SWIFT).
    pub bank: Vec<String>,
    /// Anything else to say, one paragraph each.
    pub notes: Vec<String>,
}

/// What the typesetting of one document needs.
pub(crate) struct Context<'a, 'f> {
    pub(crate) doc: &'a TradeDocument,
    pub(crate) ts: Typesetter<'f>,
    pub(crate) lang: Languages,
}

impl Context<'_, '_> {
    /// The reader's number style.
    pub(crate) fn locale(&self) -> Locale {
        self.lang.first
    }
}

/// Makes the PDF of `doc`.
pub fn render_trade_document(doc: &TradeDocument, fonts: &Fonts) -> Result<Vec<u8>> {
    let ts = Typesetter::new(fonts, doc.language)
        .ok_or_else(|| Error::Pdf("a font could not be read by the shaper".into()))?;
    let ctx = Context {
        doc,
        ts,
        lang: Languages::for_reader(doc.language),
    };
    let sums = table::running_sums(&doc.lines)?;
    let total = sums.last().copied().unwrap_or_default();

    let first_header = first_header(&ctx);
    let next_header = continuation_header(&ctx);
    let mut closing = vec![totals(&ctx, total)?];
    closing.extend(tail(&ctx));
    let rows: Vec<Block> = doc
        .lines
        .iter()
        .enumerate()
        .map(|(i, line)| table::row(&ctx, i, line))
        .collect();
    let row_heights: Vec<f32> = rows.iter().map(|r| r.height).collect();
    let closing_heights: Vec<f32> = closing.iter().map(|c| c.height).collect();
    let pages = table::paginate(&table::Heights {
        first_header: first_header.height,
        next_header: next_header.height,
        head: table::head(&ctx).height,
        forward: table::forward(&ctx, Label::CarriedForward, total).height,
        rows: &row_heights,
        closing: &closing_heights,
    });

    let count = pages.len();
    let mut drawn = Vec::with_capacity(count);
    let mut headers =
        std::iter::once(first_header).chain(std::iter::repeat_with(|| continuation_header(&ctx)));
    let (mut rows, mut closing) = (rows.into_iter(), closing.into_iter());
    for (index, plan) in pages.into_iter().enumerate() {
        let mut blocks = Vec::new();
        let header = headers.next().unwrap_or_default();
        let mut y = MARGIN + header.height;
        blocks.push((header, MARGIN, MARGIN));
        if let Some(range) = plan.rows {
            let table = table::page_table(&ctx, &sums, range, &mut rows);
            let height = table.height;
            blocks.push((table, MARGIN, y));
            y += height;
        }
        for block in closing.by_ref().take(plan.closing_blocks) {
            y += table::GAP;
            let height = block.height;
            blocks.push((block, MARGIN, y));
            y += height;
        }
        let left = format!("{} · {}", doc.number, doc.seller.name);
        let footer = crate::layout::footer(&ctx.ts, ctx.lang, &left, index + 1, count);
        blocks.push((footer, MARGIN, FOOTER_TOP));
        drawn.push(blocks);
    }

    let title = format!("{} {}", Label::from(doc.kind).text(Locale::En), doc.number);
    let metadata = krilla::metadata::Metadata::new()
        .title(title)
        .language(doc.language.html_lang().to_owned())
        .creator("Hợp Tác".to_owned())
        .authors(vec![doc.seller.name.clone()]);
    crate::layout::write_pdf(&ctx.ts, &drawn, metadata)
}

impl From<DocumentKind> for Label {
    fn from(kind: DocumentKind) -> Self {
        kind.label()
    }
}

/// A date as a reader of `locale` writes it.
pub(crate) fn date(day: NaiveDate, locale: Locale) -> String {
    match locale {
        Locale::Vi => day.format("%d/%m/%Y").to_string(),
        Locale::En => day.format("%-d %B %Y").to_string(),
        Locale::Ja | Locale::Zh => format!("{}年{}月{}日", day.year(), day.month(), day.day()),
    }
}

/// The title, the number and date, the parties and the terms.
fn first_header(ctx: &Context<'_, '_>) -> Block {
    let (ts, lang, doc) = (&ctx.ts, ctx.lang, ctx.doc);
    let mut block = Block::new();
    let label = doc.kind.label();
    let left_width = CONTENT_WIDTH - 160.0;
    let mut y = block.text(
        ts,
        lang.first(label),
        Style::bold(17.0).color(BRAND),
        0.0,
        0.0,
        left_width,
        Align::Left,
    );
    y = block.text(
        ts,
        &lang.second(label).to_uppercase(),
        Style::regular(9.5).color(MUTED),
        0.0,
        y + 1.0,
        left_width,
        Align::Left,
    );
    let right_x = left_width + 10.0;
    let right_width = CONTENT_WIDTH - right_x;
    let mut right_y = 2.0;
    for (label, value) in [
        (Label::Number, doc.number.clone()),
        (Label::Date, date(doc.issued_on, lang.first)),
    ] {
        right_y = block.text(
            ts,
            &lang.both(label),
            Style::regular(7.5).color(MUTED),
            right_x,
            right_y,
            right_width,
            Align::Right,
        );
        right_y = block.text(
            ts,
            &value,
            Style::bold(10.0),
            right_x,
            right_y,
            right_width,
            Align::Right,
        ) + 3.0;
    }
    y = y.max(right_y) + 6.0;
    block.rule(0.0, y, CONTENT_WIDTH, 1.5, BRAND);
    y += 10.0;

    let gutter = 12.0;
    let width = (CONTENT_WIDTH - gutter) / 2.0;
    let pad = 7.0;
    let seller = party(ctx, Label::Seller, &doc.seller, width - 2.0 * pad);
    let buyer = party(ctx, Label::Buyer, &doc.buyer, width - 2.0 * pad);
    let height = seller.height.max(buyer.height) + 2.0 * pad;
    for (i, content) in [seller, buyer].into_iter().enumerate() {
        let x = i as f32 * (width + gutter);
        block.rect(x, y, width, height, TINT);
        block.append(content, x + pad, y + pad);
    }
    y += height + 10.0;

    let mut terms: Vec<(Label, String)> = vec![(Label::Incoterm, doc.incoterm.clone())];
    if doc.kind.has_prices() {
        terms.push((Label::PaymentTerms, doc.payment_terms.clone()));
        if let Some(rate) = doc.rate {
            terms.push((Label::ExchangeRate, money::rate(rate)));
        }
    }
    let label_width = 150.0;
    for (label, value) in terms.into_iter().filter(|(_, v)| !v.is_empty()) {
        let below_label = block.text(
            ts,
            &lang.both(label),
            Style::regular(7.5).color(MUTED),
            0.0,
            y + 1.0,
            label_width,
            Align::Left,
        );
        let below_value = block.text(
            ts,
            &value,
            Style::regular(9.0),
            label_width + 6.0,
            y,
            CONTENT_WIDTH - label_width - 6.0,
            Align::Left,
        );
        y = below_label.max(below_value) + 2.0;
    }
    block.grow(y + 4.0);
    block
}

/// A party headed by its role, to set in a tinted box.
fn party(ctx: &Context<'_, '_>, role: Label, who: &Party, width: f32) -> Block {
    let (ts, lang) = (&ctx.ts, ctx.lang);
    let mut block = Block::new();
    let mut y = block.text(
        ts,
        &lang.both(role),
        Style::bold(7.5).color(BRAND),
        0.0,
        0.0,
        width,
        Align::Left,
    );
    y = block.text(
        ts,
        &who.name,
        Style::bold(10.5),
        0.0,
        y + 2.0,
        width,
        Align::Left,
    ) + 1.0;
    let small = Style::regular(8.5);
    for line in who.address.iter().chain(std::iter::once(&who.country)) {
        y = block.text(ts, line, small, 0.0, y, width, Align::Left);
    }
    if let Some(tax) = &who.tax_number {
        let text = format!("{}: {tax}", lang.both(Label::TaxNumber));
        y = block.text(ts, &text, small, 0.0, y, width, Align::Left);
    }
    for line in &who.contact {
        y = block.text(ts, line, small.color(MUTED), 0.0, y, width, Align::Left);
    }
    block.grow(y);
    block
}

/// The title and number, at the top of the pages after the first.
fn continuation_header(ctx: &Context<'_, '_>) -> Block {
    let (ts, lang, doc) = (&ctx.ts, ctx.lang, ctx.doc);
    let mut block = Block::new();
    let label = doc.kind.label();
    let text = format!(
        "{} / {} — {}",
        lang.first(label),
        lang.second(label),
        doc.number
    );
    let y = block.text(
        ts,
        &text,
        Style::bold(10.0).color(BRAND),
        0.0,
        0.0,
        CONTENT_WIDTH,
        Align::Left,
    );
    block.rule(0.0, y + 3.0, CONTENT_WIDTH, 0.8, BRAND);
    block.grow(y + 10.0);
    block
}

/// The totals under the table: the amount, the deposit and the balance for
/// invoices (and the weights on a commercial invoice); cartons and weights
/// for a packing list.
fn totals(ctx: &Context<'_, '_>, total: Sums) -> Result<Block> {
    let (ts, lang, doc) = (&ctx.ts, ctx.lang, ctx.doc);
    let locale = ctx.locale();
    let mut rows: Vec<(String, String, Option<String>)> = Vec::new();
    let approx = |amount: i64| doc.rate.and_then(|rate| money::approx(rate, amount));
    if doc.kind.has_prices() {
        rows.push((
            lang.both(Label::Total),
            money::vnd(total.amount),
            approx(total.amount),
        ));
        if let Some(percent) = doc.deposit_percent {
            let deposit = money::deposit(total.amount, percent)?;
            let balance = total.amount.checked_sub(deposit).ok_or(Error::Overflow)?;
            rows.push((
                format!(
                    "{} {percent}% / {} {percent}%",
                    lang.first(Label::Deposit),
                    lang.second(Label::Deposit)
                ),
                money::vnd(deposit),
                approx(deposit),
            ));
            rows.push((
                lang.both(Label::Balance),
                money::vnd(balance),
                approx(balance),
            ));
        }
    }
    if doc.kind != DocumentKind::ProformaInvoice {
        rows.push((
            lang.both(Label::Cartons),
            money::integer(total.cartons, locale),
            None,
        ));
        rows.push((
            lang.both(Label::NetWeight),
            money::kilograms(total.net_g, locale),
            None,
        ));
        rows.push((
            lang.both(Label::GrossWeight),
            money::kilograms(total.gross_g, locale),
            None,
        ));
    }

    let width = 300.0;
    let x = CONTENT_WIDTH - width;
    let label_width = 170.0;
    let mut block = Block::new();
    let mut y = 0.0;
    for (i, (label, value, approx)) in rows.into_iter().enumerate() {
        let strong = i == 0 && doc.kind.has_prices();
        let value_style = if strong {
            Style::bold(11.0)
        } else {
            Style::bold(9.0)
        };
        let top = y + 4.0;
        let below_label = block.text(
            ts,
            &label,
            Style::regular(8.0).color(MUTED),
            x,
            top + 1.0,
            label_width,
            Align::Left,
        );
        let mut below_value = block.text(
            ts,
            &value,
            value_style,
            x + label_width,
            top,
            width - label_width,
            Align::Right,
        );
        if let Some(approx) = approx {
            below_value = block.text(
                ts,
                &approx,
                Style::regular(8.0).color(MUTED),
                x + label_width,
                below_value,
                width - label_width,
                Align::Right,
            );
        }
        y = below_label.max(below_value) + 3.0;
        block.rule(
            x,
            y,
            width,
            if strong { 1.0 } else { 0.5 },
            if strong { BRAND } else { RULE },
        );
    }
    block.grow(y);
    Ok(block)
}

/// Bank details, notes and the word on approximate amounts.
fn tail(ctx: &Context<'_, '_>) -> Vec<Block> {
    let (ts, lang, doc) = (&ctx.ts, ctx.lang, ctx.doc);
    let mut blocks = Vec::new();
    let mut section = |heading: Label, lines: &[String]| {
        let mut block = Block::new();
        let mut y = block.text(
            ts,
            &lang.both(heading),
            Style::bold(8.5).color(BRAND),
            0.0,
            0.0,
            CONTENT_WIDTH,
            Align::Left,
        ) + 2.0;
        for line in lines {
            y = block.text(
                ts,
                line,
                Style::regular(8.5),
                0.0,
                y,
                CONTENT_WIDTH,
                Align::Left,
            );
        }
        blocks.push(block);
    };
    if doc.kind.has_prices() && !doc.bank.is_empty() {
        section(Label::BankDetails, &doc.bank);
    }
    if !doc.notes.is_empty() {
        section(Label::Notes, &doc.notes);
    }
    if doc.kind.has_prices() && doc.rate.is_some() {
        let mut block = Block::new();
        let mut y = 0.0;
        for locale in [lang.first, lang.second] {
            y = block.text(
                ts,
                Label::ApproximateAmounts.text(locale),
                Style::regular(7.5).color(MUTED),
                0.0,
                y,
                CONTENT_WIDTH,
                Align::Left,
            );
        }
        blocks.push(block);
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_the_readers_way() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 14).unwrap();
        assert_eq!(date(day, Locale::Vi), "14/03/2026");
        assert_eq!(date(day, Locale::En), "14 March 2026");
        assert_eq!(date(day, Locale::Ja), "2026年3月14日");
    }
}
