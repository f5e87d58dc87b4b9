//! Page geometry, colours, and blocks: pieces of a page laid out once
//! (so their height is known before a page is chosen for them) and drawn
//! later at any position.

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Rect, Size, Transform};
use krilla::image::Image;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule};
use krilla::surface::Surface;
use krilla::{Document, SerializeSettings};

use crate::Error;
use crate::labels::{Label, Languages};
use crate::text::{Line, Style, Typesetter};

/// A4, in points.
pub(crate) const PAGE_WIDTH: f32 = 595.28;
/// A4, in points.
pub(crate) const PAGE_HEIGHT: f32 = 841.89;
/// Left, right and top margin.
pub(crate) const MARGIN: f32 = 40.0;
/// The width between the margins.
pub(crate) const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
/// Where the footer starts; content stays above it.
pub(crate) const FOOTER_TOP: f32 = PAGE_HEIGHT - 36.0;

/// A colour, as a constant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Color(pub(crate) u8, pub(crate) u8, pub(crate) u8);

impl From<Color> for rgb::Color {
    fn from(Color(r, g, b): Color) -> Self {
        rgb::Color::new(r, g, b)
    }
}

/// Body text.
pub(crate) const INK: Color = Color(0x23, 0x1f, 0x26);
/// Secondary text: the second language, captions (AA contrast on white).
pub(crate) const MUTED: Color = Color(0x5f, 0x58, 0x66);
/// Huế purple, the brand colour.
pub(crate) const BRAND: Color = Color(0x5b, 0x2a, 0x86);
/// A light purple for table heads and boxes.
pub(crate) const TINT: Color = Color(0xf1, 0xea, 0xf7);
/// Rules between rows.
pub(crate) const RULE: Color = Color(0xd9, 0xd2, 0xde);
/// Bamboo green, for the lookbook's accents.
pub(crate) const BAMBOO: Color = Color(0x3f, 0x7d, 0x3a);
/// Warm paper, behind pictures.
pub(crate) const PAPER: Color = Color(0xf7, 0xf1, 0xe6);

/// Where text sits in its box.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Right,
}

enum Op {
    Text {
        line: Line,
        x: f32,
        baseline: f32,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Color,
    },
    Image {
        image: Image,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
}

/// Drawing operations relative to the block's top-left corner, and the
/// block's height.
#[derive(Default)]
pub(crate) struct Block {
    pub(crate) height: f32,
    ops: Vec<Op>,
}

impl Block {
    /// An empty block.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Sets lines of one style from `top`, aligned in `x..x + width`;
    /// returns the y below the last.
    pub(crate) fn lines(
        &mut self,
        lines: Vec<Line>,
        x: f32,
        top: f32,
        width: f32,
        align: Align,
    ) -> f32 {
        let mut y = top;
        for line in lines {
            let style = line.style();
            let left = match align {
                Align::Left => x,
                Align::Right => x + width - line.width,
            };
            self.ops.push(Op::Text {
                line,
                x: left,
                baseline: y + style.ascent(),
            });
            y += style.line_height();
        }
        self.grow(y);
        y
    }

    /// Wraps `text` into `x..x + width` from `top`; returns the y below it.
    #[expect(clippy::too_many_arguments, reason = "a text box is all of these")]
    pub(crate) fn text(
        &mut self,
        ts: &Typesetter<'_>,
        text: &str,
        style: Style,
        x: f32,
        top: f32,
        width: f32,
        align: Align,
    ) -> f32 {
        if text.is_empty() {
            return top;
        }
        let lines = ts.wrap(text, style, width);
        self.lines(lines, x, top, width, align)
    }

    /// A filled rectangle.
    pub(crate) fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: Color) {
        self.ops.push(Op::Rect { x, y, w, h, color });
        self.grow(y + h);
    }

    /// A horizontal rule.
    pub(crate) fn rule(&mut self, x: f32, y: f32, w: f32, thickness: f32, color: Color) {
        self.rect(x, y, w, thickness, color);
    }

    /// A picture scaled into the given box.
    pub(crate) fn image(&mut self, image: Image, x: f32, y: f32, w: f32, h: f32) {
        self.ops.push(Op::Image { image, x, y, w, h });
        self.grow(y + h);
    }

    /// Adds `other` with its top-left corner at (`dx`, `dy`).
    pub(crate) fn append(&mut self, other: Block, dx: f32, dy: f32) {
        self.grow(dy + other.height);
        self.ops.extend(other.ops.into_iter().map(|op| match op {
            Op::Text { line, x, baseline } => Op::Text {
                line,
                x: x + dx,
                baseline: baseline + dy,
            },
            Op::Rect { x, y, w, h, color } => Op::Rect {
                x: x + dx,
                y: y + dy,
                w,
                h,
                color,
            },
            Op::Image { image, x, y, w, h } => Op::Image {
                image,
                x: x + dx,
                y: y + dy,
                w,
                h,
            },
        }));
    }

    /// Makes the block at least this tall.
    pub(crate) fn grow(&mut self, height: f32) {
        self.height = self.height.max(height);
    }

    /// Draws the block with its top-left corner at (`dx`, `dy`).
    pub(crate) fn draw(&self, surface: &mut Surface<'_>, ts: &Typesetter<'_>, dx: f32, dy: f32) {
        for op in &self.ops {
            match op {
                Op::Text { line, x, baseline } => ts.draw(surface, line, x + dx, baseline + dy),
                Op::Rect { x, y, w, h, color } => {
                    fill_rect(surface, x + dx, y + dy, *w, *h, *color);
                }
                Op::Image { image, x, y, w, h } => {
                    if let Some(size) = Size::from_wh(*w, *h) {
                        surface.push_transform(&Transform::from_translate(x + dx, y + dy));
                        surface.draw_image(image.clone(), size);
                        surface.pop();
                    }
                }
            }
        }
    }
}

/// The foot of a page: `left` (shortened to one line) and the page
/// number in both languages.
pub(crate) fn footer(
    ts: &Typesetter<'_>,
    lang: Languages,
    left: &str,
    page: usize,
    pages: usize,
) -> Block {
    let mut block = Block::new();
    block.rule(0.0, 0.0, CONTENT_WIDTH, 0.5, RULE);
    let style = Style::regular(7.5).color(MUTED);
    let right = format!(
        "{} {page}/{pages} · {} {page}/{pages}",
        lang.first(Label::Page),
        lang.second(Label::Page)
    );
    let right_width = ts.width(&right, style) + 1.0;
    block.text(
        ts,
        &right,
        style,
        CONTENT_WIDTH - right_width,
        5.0,
        right_width,
        Align::Right,
    );
    let left = ts.wrap_at_most(left, style, CONTENT_WIDTH - right_width - 12.0, 1);
    block.lines(left, 0.0, 5.0, CONTENT_WIDTH, Align::Left);
    block
}

fn fill_rect(surface: &mut Surface<'_>, x: f32, y: f32, w: f32, h: f32, color: Color) {
    let Some(rect) = Rect::from_xywh(x, y, w, h) else {
        return;
    };
    let mut path = PathBuilder::new();
    path.push_rect(rect);
    let Some(path) = path.finish() else {
        return;
    };
    surface.set_fill(Some(Fill {
        paint: rgb::Color::from(color).into(),
        opacity: NormalizedF32::ONE,
        rule: FillRule::NonZero,
    }));
    surface.draw_path(&path);
}

/// Writes pages of blocks into a PDF: each page is a list of blocks with
/// their top-left corners.
pub(crate) fn write_pdf(
    ts: &Typesetter<'_>,
    pages: &[Vec<(Block, f32, f32)>],
    metadata: krilla::metadata::Metadata,
) -> Result<Vec<u8>, Error> {
    let mut document = Document::new_with(SerializeSettings {
        // nothing here is tagged: leave the structure tree out
        enable_tagging: false,
        ..SerializeSettings::default()
    });
    document.set_metadata(metadata);
    for blocks in pages {
        let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
            .ok_or_else(|| Error::Pdf("the page size is invalid".into()))?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        for (block, x, y) in blocks {
            block.draw(&mut surface, ts, *x, *y);
        }
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| Error::Pdf(e.to_string()))
}
