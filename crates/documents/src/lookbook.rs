//! Lookbooks: a cooperative's catalogue of chosen listings for importers.
//! A cover, then cards in a grid of [`COLUMNS`] × [`ROWS`] per page.

use kernel::Locale;

use crate::fonts::Fonts;
use crate::labels::{Label, Languages};
use crate::layout::{
    Align, BAMBOO, BRAND, Block, CONTENT_WIDTH, FOOTER_TOP, MARGIN, MUTED, PAGE_WIDTH, PAPER, RULE,
    footer, write_pdf,
};
use crate::text::{Style, Typesetter};
use crate::{Error, Result, money, pictures};

/// The longest side, in pixels, of a picture as embedded: 640 px over a
/// card picture of about 120 pt prints at some 380 dpi. It is the size the
/// shop stores pictures at for the lookbook, so a stored JPEG is embedded
/// as it is, without being decoded (what makes 500 listings take seconds).
pub const PICTURE_MAX_SIDE: u32 = 640;
/// The JPEG quality pictures are encoded again at.
pub const PICTURE_QUALITY: u8 = 75;
/// The most a stored JPEG may weigh to be embedded as it is: 640 px at
/// the shop's quality is some 60–100 KB; a heavier one is encoded again,
/// so that 500 listings stay a few tens of megabytes.
pub const PICTURE_MAX_BYTES: usize = 120 * 1024;
/// Cards across a page.
pub const COLUMNS: usize = 2;
/// Cards down a page.
pub const ROWS: usize = 3;

/// A catalogue of listings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lookbook {
    /// The cooperative whose listings these are.
    pub cooperative: String,
    /// The lookbook's title: "Spring 2026 collection".
    pub title: String,
    /// The reader's language; labels carry English too.
    pub language: Locale,
    /// The listings, in the order to show them.
    pub items: Vec<LookbookItem>,
}

/// One listing in a lookbook.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LookbookItem {
    /// The picture as stored (JPEG, PNG or WebP), at any size: it is cut
    /// down to [`PICTURE_MAX_SIDE`].
    pub picture: Option<Vec<u8>>,
    /// The listing's title, in the reader's language.
    pub title: String,
    /// The article numbers of its variants.
    pub skus: Vec<String>,
    /// Its options: colours, sizes.
    pub options: Vec<String>,
    /// The minimum order, in units.
    pub min_order: Option<u32>,
    /// Price tiers: from this many units, this unit price in đồng.
    pub tiers: Vec<(u32, i64)>,
    /// Days to make an order.
    pub lead_time_days: Option<u32>,
    /// The Harmonized System code.
    pub hs_code: Option<String>,
    /// Its size, as written by the seller: "Ø 30 × 12 cm".
    pub dimensions: Option<String>,
    /// Its weight in grams.
    pub weight_g: Option<u32>,
}

/// Makes the PDF of `lookbook`. Pictures are prepared on every core; a
/// picture that cannot be decoded fails the lookbook with
/// [`Error::Picture`], naming its item.
pub fn render_lookbook(lookbook: &Lookbook, fonts: &Fonts) -> Result<Vec<u8>> {
    let ts = Typesetter::new(fonts, lookbook.language)
        .ok_or_else(|| Error::Pdf("a font could not be read by the shaper".into()))?;
    let lang = Languages::for_reader(lookbook.language);

    let stored: Vec<Option<&[u8]>> = lookbook
        .items
        .iter()
        .map(|i| i.picture.as_deref())
        .collect();
    let prepared = pictures::prepare_all(
        &stored,
        pictures::Fit {
            max_side: PICTURE_MAX_SIDE,
            max_bytes: PICTURE_MAX_BYTES,
            quality: PICTURE_QUALITY,
        },
    );
    let images = lookbook
        .items
        .iter()
        .zip(prepared)
        .map(|(item, picture)| {
            picture
                .map(|jpeg| {
                    let jpeg = jpeg.map_err(|source| Error::Picture {
                        item: item.title.clone(),
                        source,
                    })?;
                    krilla::image::Image::from_jpeg(jpeg.into(), true)
                        .map_err(|e| Error::Pdf(format!("the picture of {:?}: {e}", item.title)))
                })
                .transpose()
        })
        .collect::<Result<Vec<_>>>()?;

    let header = page_header(&ts, lookbook);
    let gap = 12.0;
    let top = MARGIN + header.height;
    let card_width = (CONTENT_WIDTH - gap * (COLUMNS as f32 - 1.0)) / COLUMNS as f32;
    let card_height = (FOOTER_TOP - 8.0 - top - gap * (ROWS as f32 - 1.0)) / ROWS as f32;
    let per_page = COLUMNS * ROWS;
    let count = 1 + lookbook.items.len().div_ceil(per_page);

    let mut pages = Vec::with_capacity(count);
    pages.push(vec![
        (cover(&ts, lang, lookbook, &images), 0.0, 0.0),
        (
            footer(&ts, lang, &lookbook.cooperative, 1, count),
            MARGIN,
            FOOTER_TOP,
        ),
    ]);
    let mut header = Some(header);
    for (page, chunk) in lookbook.items.chunks(per_page).enumerate() {
        let mut blocks = vec![(
            header.take().unwrap_or_else(|| page_header(&ts, lookbook)),
            MARGIN,
            MARGIN,
        )];
        for (slot, item) in chunk.iter().enumerate() {
            let index = page * per_page + slot;
            let (column, row) = (slot % COLUMNS, slot / COLUMNS);
            let x = MARGIN + column as f32 * (card_width + gap);
            let y = top + row as f32 * (card_height + gap);
            let image = images.get(index).cloned().flatten();
            blocks.push((card(&ts, lang, item, image, card_width, card_height), x, y));
        }
        blocks.push((
            footer(&ts, lang, &lookbook.cooperative, page + 2, count),
            MARGIN,
            FOOTER_TOP,
        ));
        pages.push(blocks);
    }

    let metadata = krilla::metadata::Metadata::new()
        .title(format!("{} — {}", lookbook.title, lookbook.cooperative))
        .language(lookbook.language.html_lang().to_owned())
        .creator("Hợp Tác".to_owned())
        .authors(vec![lookbook.cooperative.clone()]);
    write_pdf(&ts, &pages, metadata)
}

/// The cover: the title, the cooperative, how many items, and the first
/// pictures.
fn cover(
    ts: &Typesetter<'_>,
    lang: Languages,
    lookbook: &Lookbook,
    images: &[Option<krilla::image::Image>],
) -> Block {
    let mut block = Block::new();
    block.rect(0.0, 0.0, PAGE_WIDTH, 14.0, BRAND);
    let x = MARGIN;
    let mut y = 150.0;
    let kicker = format!(
        "{} · {}",
        lang.first(Label::Lookbook),
        lang.second(Label::Lookbook)
    );
    y = block.text(
        ts,
        &kicker,
        Style::bold(10.0).color(BAMBOO),
        x,
        y,
        CONTENT_WIDTH,
        Align::Left,
    ) + 6.0;
    y = block.text(
        ts,
        &lookbook.title,
        Style::bold(28.0).color(BRAND),
        x,
        y,
        CONTENT_WIDTH,
        Align::Left,
    ) + 8.0;
    y = block.text(
        ts,
        &lookbook.cooperative,
        Style::bold(15.0),
        x,
        y,
        CONTENT_WIDTH,
        Align::Left,
    ) + 4.0;
    let n = lookbook.items.len() as u64;
    let count = format!(
        "{} {} · {} {}",
        money::integer(n, lang.first),
        lang.first(Label::Items),
        money::integer(n, lang.second),
        lang.second(Label::Items)
    );
    y = block.text(
        ts,
        &count,
        Style::regular(11.0).color(MUTED),
        x,
        y,
        CONTENT_WIDTH,
        Align::Left,
    ) + 8.0;
    for locale in [lang.first, lang.second] {
        y = block.text(
            ts,
            Label::PricesInDong.text(locale),
            Style::regular(8.5).color(MUTED),
            x,
            y,
            CONTENT_WIDTH,
            Align::Left,
        );
    }
    y += 24.0;
    let gap = 10.0;
    let side = (CONTENT_WIDTH - 2.0 * gap) / 3.0;
    for (i, image) in images.iter().flatten().take(3).enumerate() {
        picture(&mut block, image, x + i as f32 * (side + gap), y, side);
    }
    block
}

/// Places `image` centred in a square of `side` at (`x`, `y`) on paper.
fn picture(block: &mut Block, image: &krilla::image::Image, x: f32, y: f32, side: f32) {
    block.rect(x, y, side, side, PAPER);
    let (w, h) = image.size();
    let (w, h) = (w.max(1) as f32, h.max(1) as f32);
    let scale = side / w.max(h);
    let (dw, dh) = (w * scale, h * scale);
    block.image(
        image.clone(),
        x + (side - dw) / 2.0,
        y + (side - dh) / 2.0,
        dw,
        dh,
    );
}

/// One listing's card.
fn card(
    ts: &Typesetter<'_>,
    lang: Languages,
    item: &LookbookItem,
    image: Option<krilla::image::Image>,
    width: f32,
    height: f32,
) -> Block {
    let mut block = Block::new();
    let pad = 8.0;
    // the frame: four thin rules
    block.rule(0.0, 0.0, width, 0.6, RULE);
    block.rule(0.0, height - 0.6, width, 0.6, RULE);
    block.rect(0.0, 0.0, 0.6, height, RULE);
    block.rect(width - 0.6, 0.0, 0.6, height, RULE);

    let locale = lang.first;
    let mut details: Vec<(Label, String)> = Vec::new();
    if let Some(moq) = item.min_order {
        details.push((Label::MinimumOrder, money::integer(u64::from(moq), locale)));
    }
    if !item.tiers.is_empty() {
        let tiers: Vec<String> = item
            .tiers
            .iter()
            .map(|(from, price)| {
                format!(
                    "≥\u{a0}{}: {}",
                    money::integer(u64::from(*from), locale),
                    money::vnd(*price)
                )
            })
            .collect();
        details.push((Label::PriceTiers, tiers.join(" · ")));
    }
    if let Some(days) = item.lead_time_days {
        let unit = Label::Days.text(locale);
        let sep = if matches!(locale, Locale::Ja | Locale::Zh) {
            ""
        } else {
            " "
        };
        details.push((Label::LeadTime, format!("{days}{sep}{unit}")));
    }
    if let Some(hs) = &item.hs_code {
        details.push((Label::HsCode, hs.clone()));
    }
    if let Some(dimensions) = &item.dimensions {
        details.push((Label::Dimensions, dimensions.clone()));
    }
    if let Some(grams) = item.weight_g {
        details.push((Label::Weight, money::weight(u64::from(grams), locale)));
    }

    // the details first: the picture takes the height they leave
    let label_width = 96.0;
    let value_x = pad + label_width + 6.0;
    let value_width = width - value_x - pad;
    let label_style = Style::regular(6.5).color(MUTED);
    let value_style = Style::regular(7.5);
    let rows: Vec<_> = details
        .into_iter()
        .map(|(label, value)| {
            let label = ts.wrap_at_most(&lang.both(label), label_style, label_width, 2);
            let value = ts.wrap_at_most(&value, value_style, value_width, 3);
            let height = (label.len() as f32 * label_style.line_height())
                .max(value.len() as f32 * value_style.line_height());
            (label, value, height)
        })
        .collect();
    let details_height: f32 = rows.iter().map(|(_, _, h)| h + 2.0).sum();
    let side = (height - 2.0 * pad - 8.0 - details_height).clamp(90.0, 128.0);
    match &image {
        Some(image) => picture(&mut block, image, pad, pad, side),
        None => block.rect(pad, pad, side, side, PAPER),
    }
    let x = pad + side + 10.0;
    let right = width - x - pad;
    let mut y = pad;
    let title = ts.wrap_at_most(&item.title, Style::bold(10.0), right, 4);
    y = block.lines(title, x, y, right, Align::Left) + 2.0;
    if !item.skus.is_empty() {
        let skus = ts.wrap_at_most(
            &item.skus.join(" · "),
            Style::regular(7.5).color(BRAND),
            right,
            3,
        );
        y = block.lines(skus, x, y, right, Align::Left) + 3.0;
    }
    if !item.options.is_empty() {
        let label = ts.wrap_at_most(
            &lang.both(Label::Options),
            Style::regular(6.5).color(MUTED),
            right,
            1,
        );
        y = block.lines(label, x, y, right, Align::Left);
        let options = ts.wrap_at_most(&item.options.join(", "), Style::regular(7.5), right, 8);
        let fits: Vec<_> = options
            .into_iter()
            .take(((pad + side - y) / Style::regular(7.5).line_height()).max(1.0) as usize)
            .collect();
        block.lines(fits, x, y, right, Align::Left);
    }

    let bottom = height - pad;
    let mut y = pad + side + 8.0;
    for (label, value, needed) in rows {
        if y + needed > bottom {
            break;
        }
        block.lines(label, pad, y + 0.8, label_width, Align::Left);
        block.lines(value, value_x, y, value_width, Align::Left);
        y += needed + 2.0;
    }
    block.grow(height);
    block
}

/// The running head of the card pages.
fn page_header(ts: &Typesetter<'_>, lookbook: &Lookbook) -> Block {
    let mut block = Block::new();
    let text = format!("{} — {}", lookbook.title, lookbook.cooperative);
    let lines = ts.wrap_at_most(&text, Style::bold(9.0).color(BRAND), CONTENT_WIDTH, 1);
    let y = block.lines(lines, 0.0, 0.0, CONTENT_WIDTH, Align::Left);
    block.rule(0.0, y + 3.0, CONTENT_WIDTH, 0.8, BRAND);
    block.grow(y + 12.0);
    block
}
