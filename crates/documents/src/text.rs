//! Setting text: choosing a font for each character, shaping, measuring,
//! wrapping into lines and drawing them.
//!
//! krilla's own `draw_text` shapes a string in one font and cannot tell its
//! width, so text is shaped here with rustybuzz (the shaper krilla uses) and
//! handed to krilla as glyphs.

use kernel::Locale;
use krilla::color::rgb;
use krilla::geom::Point;
use krilla::num::NormalizedF32;
use krilla::paint::{Fill, FillRule};
use krilla::surface::Surface;
use krilla::text::{GlyphId, KrillaGlyph};
use rustybuzz::{Direction, UnicodeBuffer};

use crate::fonts::{Face, Fonts};
use crate::layout::Color;

/// How a piece of text looks.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Style {
    pub(crate) size: f32,
    pub(crate) bold: bool,
    pub(crate) color: Color,
}

impl Style {
    /// Regular text of this size, in the body colour.
    pub(crate) const fn regular(size: f32) -> Self {
        Self {
            size,
            bold: false,
            color: crate::layout::INK,
        }
    }

    /// Bold text of this size, in the body colour.
    pub(crate) const fn bold(size: f32) -> Self {
        Self {
            size,
            bold: true,
            color: crate::layout::INK,
        }
    }

    /// The same in another colour.
    pub(crate) const fn color(self, color: Color) -> Self {
        Self { color, ..self }
    }

    /// The distance between two baselines; generous, for Vietnamese
    /// letters that stack two diacritics.
    pub(crate) fn line_height(self) -> f32 {
        self.size * 1.38
    }

    /// From the top of a line to its baseline.
    pub(crate) fn ascent(self) -> f32 {
        self.size * 1.02
    }
}

/// A font and its shaper face.
struct Slot<'f> {
    font: krilla::text::Font,
    face: rustybuzz::Face<'f>,
    cjk: bool,
}

impl<'f> Slot<'f> {
    fn new(face: &'f Face, cjk: bool) -> Option<Self> {
        Some(Self {
            font: face.font.clone(),
            face: rustybuzz::Face::from_slice(&face.data, face.index)?,
            cjk,
        })
    }

    fn has(&self, c: char) -> bool {
        self.face.glyph_index(c).is_some()
    }
}

/// Shapes text for one document: the reader's language decides which
/// family comes first (see [`crate::fonts`]).
pub(crate) struct Typesetter<'f> {
    /// Regular first, fallback; bold first, fallback.
    slots: [Slot<'f>; 4],
}

/// A glyph and the slot of its font; its text range is relative to the
/// text it was shaped from.
#[derive(Clone, Debug)]
struct Placed {
    slot: usize,
    glyph: KrillaGlyph,
}

/// One line of shaped text, ready to draw.
#[derive(Clone, Debug)]
pub(crate) struct Line {
    text: String,
    glyphs: Vec<Placed>,
    style: Style,
    /// Width in points.
    pub(crate) width: f32,
}

impl Line {
    /// The style the line was set in.
    pub(crate) fn style(&self) -> Style {
        self.style
    }
}

impl<'f> Typesetter<'f> {
    /// A typesetter for a document read in `locale`.
    pub(crate) fn new(fonts: &'f Fonts, locale: Locale) -> Option<Self> {
        let latin = fonts.latin();
        let cjk = fonts.cjk(locale);
        let cjk_first = matches!(locale, Locale::Ja | Locale::Zh);
        let pair = |latin_face: &'f Face, cjk_face: &'f Face| -> Option<[Slot<'f>; 2]> {
            let latin_slot = Slot::new(latin_face, false)?;
            let cjk_slot = Slot::new(cjk_face, true)?;
            Some(if cjk_first {
                [cjk_slot, latin_slot]
            } else {
                [latin_slot, cjk_slot]
            })
        };
        let [r0, r1] = pair(&latin.regular, &cjk.regular)?;
        let [b0, b1] = pair(&latin.bold, &cjk.bold)?;
        Some(Self {
            slots: [r0, r1, b0, b1],
        })
    }

    /// The slot to draw `c` with, given the slot of the character before.
    fn slot_for(&self, c: char, bold: bool, previous: Option<usize>) -> usize {
        let base = if bold { 2 } else { 0 };
        if let Some(previous) = previous
            && (c.is_whitespace() || is_mark(c))
            && self.slots[previous].has(c)
        {
            return previous;
        }
        let (first, second) = (base, base + 1);
        let order = if is_cjk(c) && !self.slots[first].cjk {
            [second, first]
        } else {
            [first, second]
        };
        order
            .into_iter()
            .find(|&slot| self.slots[slot].has(c))
            .unwrap_or(first)
    }

    /// Shapes `text` on one line, however long.
    pub(crate) fn line(&self, text: &str, style: Style) -> Line {
        let glyphs = self.shape(text, style.bold);
        let width = glyphs.iter().map(|p| p.glyph.x_advance).sum::<f32>() * style.size;
        Line {
            text: text.to_owned(),
            glyphs,
            style,
            width,
        }
    }

    /// The width of `text` on one line.
    pub(crate) fn width(&self, text: &str, style: Style) -> f32 {
        self.line(text, style).width
    }

    /// Breaks `text` into lines no wider than `max_width` (a word longer
    /// than that is cut where it must); `\n` starts a new line.
    pub(crate) fn wrap(&self, text: &str, style: Style, max_width: f32) -> Vec<Line> {
        text.split('\n')
            .flat_map(|paragraph| self.wrap_paragraph(paragraph, style, max_width))
            .collect()
    }

    /// Like [`Self::wrap`], keeping at most `max_lines` lines; the last one
    /// kept ends with "…" when text was left out.
    pub(crate) fn wrap_at_most(
        &self,
        text: &str,
        style: Style,
        max_width: f32,
        max_lines: usize,
    ) -> Vec<Line> {
        let mut lines = self.wrap(text, style, max_width);
        if lines.len() > max_lines && max_lines > 0 {
            lines.truncate(max_lines);
            if let Some(last) = lines.pop() {
                let mut kept: Vec<char> = last.text.trim_end().chars().collect();
                let shortened = loop {
                    let candidate: String = kept.iter().collect::<String>() + "…";
                    let line = self.line(&candidate, style);
                    if line.width <= max_width || kept.is_empty() {
                        break line;
                    }
                    kept.pop();
                };
                lines.push(shortened);
            }
        }
        lines
    }

    fn wrap_paragraph(&self, text: &str, style: Style, max_width: f32) -> Vec<Line> {
        let glyphs = self.shape(text, style.bold);
        let n = glyphs.len();
        let mut cumulative = Vec::with_capacity(n + 1);
        cumulative.push(0.0f32);
        for placed in &glyphs {
            let last = cumulative.last().copied().unwrap_or_default();
            cumulative.push(last + placed.glyph.x_advance * style.size);
        }
        let cluster = |i: usize| &text[glyphs[i].glyph.text_range.clone()];
        let is_space = |i: usize| cluster(i).chars().all(is_breaking_space);
        let can_break = |i: usize| {
            let before = cluster(i - 1).chars().last();
            let after = cluster(i).chars().next();
            match (before, after) {
                (Some(b), Some(a)) => break_between(b, a),
                _ => false,
            }
        };
        // the width of glyphs start..end, trailing spaces left out
        let width = |start: usize, mut end: usize| {
            while end > start && is_space(end - 1) {
                end -= 1;
            }
            cumulative[end] - cumulative[start]
        };

        let mut lines = Vec::new();
        let mut start = 0;
        while start < n {
            while start < n && is_space(start) {
                start += 1;
            }
            if start == n {
                break;
            }
            let mut end = None;
            for j in start + 1..=n {
                if j == n || can_break(j) {
                    if width(start, j) <= max_width {
                        end = Some(j);
                    } else {
                        break;
                    }
                }
            }
            let end = end.unwrap_or_else(|| {
                let mut j = start + 1;
                while j < n && width(start, j + 1) <= max_width {
                    j += 1;
                }
                j
            });
            lines.push(self.slice(text, &glyphs, start, end, style));
            start = end;
        }
        if lines.is_empty() {
            lines.push(self.line("", style));
        }
        lines
    }

    /// The line made of glyphs `start..end` of `text`, trailing spaces
    /// dropped, text ranges made relative to the line.
    fn slice(&self, text: &str, glyphs: &[Placed], start: usize, end: usize, style: Style) -> Line {
        let mut end = end;
        while end > start
            && text[glyphs[end - 1].glyph.text_range.clone()]
                .chars()
                .all(is_breaking_space)
        {
            end -= 1;
        }
        let part = &glyphs[start..end];
        let from = part.first().map_or(0, |p| p.glyph.text_range.start);
        let to = part.last().map_or(from, |p| p.glyph.text_range.end);
        let glyphs: Vec<Placed> = part
            .iter()
            .map(|p| {
                let mut placed = p.clone();
                let range = &mut placed.glyph.text_range;
                *range = range.start - from..range.end - from;
                placed
            })
            .collect();
        let width = glyphs.iter().map(|p| p.glyph.x_advance).sum::<f32>() * style.size;
        Line {
            text: text[from..to].to_owned(),
            glyphs,
            style,
            width,
        }
    }

    /// Shapes `text` run by run of one font; text ranges are relative to
    /// `text`, advances in ems.
    fn shape(&self, text: &str, bold: bool) -> Vec<Placed> {
        let mut glyphs = Vec::new();
        let mut runs: Vec<(usize, usize, usize)> = Vec::new(); // slot, start, end
        let mut previous = None;
        for (at, c) in text.char_indices() {
            let slot = self.slot_for(c, bold, previous);
            match runs.last_mut() {
                Some(run) if run.0 == slot => run.2 = at + c.len_utf8(),
                _ => runs.push((slot, at, at + c.len_utf8())),
            }
            previous = Some(slot);
        }
        for (slot, start, end) in runs {
            let face = &self.slots[slot];
            let units = (face.face.units_per_em() as f32).max(1.0);
            let mut buffer = UnicodeBuffer::new();
            buffer.push_str(&text[start..end]);
            buffer.guess_segment_properties();
            buffer.set_direction(Direction::LeftToRight);
            let output = rustybuzz::shape(&face.face, &[], buffer);
            let infos = output.glyph_infos();
            let positions = output.glyph_positions();
            for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
                let cluster_start = start + info.cluster as usize;
                let cluster_end = infos[i + 1..]
                    .iter()
                    .find(|next| next.cluster != info.cluster)
                    .map_or(end, |next| start + next.cluster as usize);
                glyphs.push(Placed {
                    slot,
                    glyph: KrillaGlyph::new(
                        GlyphId::new(info.glyph_id),
                        pos.x_advance as f32 / units,
                        pos.x_offset as f32 / units,
                        pos.y_offset as f32 / units,
                        pos.y_advance as f32 / units,
                        cluster_start..cluster_end,
                        None,
                    ),
                });
            }
        }
        glyphs
    }

    /// Draws `line` with its left end at `x` and its baseline at `baseline`.
    pub(crate) fn draw(&self, surface: &mut Surface<'_>, line: &Line, x: f32, baseline: f32) {
        surface.set_fill(Some(Fill {
            paint: rgb::Color::from(line.style.color).into(),
            opacity: NormalizedF32::ONE,
            rule: FillRule::NonZero,
        }));
        let mut pen = x;
        let mut i = 0;
        while i < line.glyphs.len() {
            let slot = line.glyphs[i].slot;
            let mut j = i;
            while j < line.glyphs.len() && line.glyphs[j].slot == slot {
                j += 1;
            }
            let run = &line.glyphs[i..j];
            let from = run[0].glyph.text_range.start;
            let to = run[run.len() - 1].glyph.text_range.end;
            let glyphs: Vec<KrillaGlyph> = run
                .iter()
                .map(|p| {
                    let mut glyph = p.glyph.clone();
                    glyph.text_range = glyph.text_range.start - from..glyph.text_range.end - from;
                    glyph
                })
                .collect();
            surface.draw_glyphs(
                Point::from_xy(pen, baseline),
                &glyphs,
                self.slots[slot].font.clone(),
                &line.text[from..to],
                line.style.size,
                false,
            );
            pen += glyphs.iter().map(|g| g.x_advance).sum::<f32>() * line.style.size;
            i = j;
        }
    }
}

/// Characters of the Chinese, Japanese and Korean scripts, their
/// punctuation and full-width forms.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x11FF
        | 0x2E80..=0x2FFF
        | 0x3000..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF
        | 0x20000..=0x3FFFF)
}

/// White space a line may break at: not the no-break spaces that keep
/// an amount with its currency sign.
fn is_breaking_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}')
}

/// Combining marks and joiners, which belong with the character before.
fn is_mark(c: char) -> bool {
    matches!(u32::from(c), 0x0300..=0x036F | 0x200C..=0x200D | 0xFE00..=0xFE0F)
}

/// May a line break between `before` and `after`? After a space, a hyphen
/// before a lower-case letter or a slash, and around CJK characters, except before closing and after
/// opening punctuation (the basic kinsoku rules).
fn break_between(before: char, after: char) -> bool {
    const NO_BREAK_BEFORE: &str =
        "、。，．・：；？！ー）」』】〕〉》ぁぃぅぇぉっゃゅょァィゥェォッャュョ々,.;:!?)]}%";
    const NO_BREAK_AFTER: &str = "（「『【〔〈《([{";
    if is_breaking_space(after)
        || after == '\u{a0}'
        || NO_BREAK_BEFORE.contains(after)
        || NO_BREAK_AFTER.contains(before)
    {
        return false;
    }
    // after a hyphen between lower-case letters ("hand-|woven"), not in an
    // article number ("BL-GIO-014")
    let hyphen = before == '-' && after.is_lowercase();
    is_breaking_space(before) || hyphen || before == '/' || is_cjk(before) || is_cjk(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typesetter(fonts: &Fonts, locale: Locale) -> Typesetter<'_> {
        Typesetter::new(fonts, locale).unwrap()
    }

    #[test]
    fn japanese_text_goes_to_the_cjk_font_in_a_vietnamese_document() {
        let fonts = Fonts::system().unwrap();
        let t = typesetter(&fonts, Locale::Vi);
        let line = t.line("Bao La 見積", Style::regular(10.0));
        let slots: Vec<usize> = line.glyphs.iter().map(|p| p.slot).collect();
        assert_eq!(slots.first(), Some(&0));
        assert_eq!(slots.last(), Some(&1));
    }

    #[test]
    fn long_text_wraps_at_spaces_within_the_width() {
        let fonts = Fonts::system().unwrap();
        let t = typesetter(&fonts, Locale::En);
        let style = Style::regular(10.0);
        let text = "Hợp tác xã Mây tre đan Bao La, thôn Bao La, xã Quảng Phú";
        let lines = t.wrap(text, style, 120.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| l.width <= 120.0));
        let joined: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(joined.join(" "), text);
    }

    #[test]
    fn japanese_wraps_between_characters_but_not_before_a_full_stop() {
        let fonts = Fonts::system().unwrap();
        let t = typesetter(&fonts, Locale::Ja);
        let style = Style::regular(10.0);
        let lines = t.wrap(
            "竹と籐の手編みかごです。丈夫で軽く、毎日使えます。",
            style,
            60.0,
        );
        assert!(lines.len() > 2);
        assert!(lines.iter().all(|l| !l.text.starts_with('。')));
        let shortened = t.wrap_at_most("竹と籐の手編みかごです。丈夫で軽い。", style, 60.0, 1);
        assert_eq!(shortened.len(), 1);
        assert!(shortened[0].text.ends_with('…'));
    }
}
