//! Text in several languages, and the folding that lets `gio may` find
//! `Giỏ mây`.

use serde::{Deserialize, Serialize};

use crate::Locale;

/// Text a seller writes in several languages. Vietnamese is required; the
/// others are optional and fall back to English, then Vietnamese.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[cfg_attr(feature = "db", derive(sea_orm::FromJsonQueryResult))]
pub struct I18nText {
    /// Tiếng Việt (required).
    pub vi: String,
    /// English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
    /// Japanese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ja: Option<String>,
    /// Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zh: Option<String>,
}

impl I18nText {
    /// Vietnamese text only.
    pub fn vi(vi: impl Into<String>) -> Self {
        Self {
            vi: vi.into(),
            ..Self::default()
        }
    }

    /// Vietnamese and English text.
    pub fn vi_en(vi: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            vi: vi.into(),
            en: Some(en.into()),
            ..Self::default()
        }
    }

    /// The text written in exactly this locale, if any (empty counts as none).
    pub fn exact(&self, locale: Locale) -> Option<&str> {
        let text = match locale {
            Locale::Vi => Some(self.vi.as_str()),
            Locale::En => self.en.as_deref(),
            Locale::Ja => self.ja.as_deref(),
            Locale::Zh => self.zh.as_deref(),
        };
        text.filter(|t| !t.trim().is_empty())
    }

    /// The text for a reader of `locale`: their language if written, else
    /// English (for Japanese and Chinese readers), else Vietnamese.
    pub fn get(&self, locale: Locale) -> &str {
        self.found(locale).1
    }

    /// The text for a reader of `locale` with the language it is written
    /// in ([`Locale::fallbacks`]), so that a page can mark a fallback
    /// (`lang="vi"` inside a Japanese page).
    pub fn found(&self, locale: Locale) -> (Locale, &str) {
        locale
            .fallbacks()
            .iter()
            .find_map(|&l| self.exact(l).map(|text| (l, text)))
            .unwrap_or((Locale::Vi, self.vi.as_str()))
    }

    /// Every non-empty translation, Vietnamese first.
    pub fn iter(&self) -> impl Iterator<Item = (Locale, &str)> {
        Locale::ALL
            .into_iter()
            .filter_map(|l| self.exact(l).map(|t| (l, t)))
    }
}

/// Lower-cases and removes Vietnamese (and other Latin) diacritics, `đ`
/// included, so that `Giỏ mây đan tay` becomes `gio may dan tay`. Characters
/// outside the Latin blocks (Japanese, Chinese) are kept as they are.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let code = c as u32;
        let latin = (0x00C0..0x0250).contains(&code) || (0x1E00..0x1F00).contains(&code);
        if (0x0300..0x0370).contains(&code) {
            // combining marks of decomposed text carry only the diacritic
            continue;
        } else if latin {
            match deunicode::deunicode_char(c) {
                Some(ascii) => out.extend(ascii.chars().flat_map(char::to_lowercase)),
                None => out.push(c),
            }
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// A URL slug from a title: transliterated to ASCII, lower-case, words joined
/// by `-`, at most 80 characters, never cut inside a word when avoidable.
/// `Giỏ mây đan tay` → `gio-may-dan-tay`.
pub fn slugify(title: &str) -> String {
    let ascii = deunicode::deunicode(title).to_ascii_lowercase();
    let mut slug = String::with_capacity(ascii.len());
    for word in ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !slug.is_empty() && slug.len() + 1 + word.len() > 80 {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(word);
    }
    slug.truncate(80);
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_japanese_reader_gets_japanese_then_english_then_vietnamese_marked_with_its_language() {
        let mut text = I18nText::vi_en("Giỏ mây", "Rattan basket");
        assert_eq!(text.found(Locale::Ja), (Locale::En, "Rattan basket"));
        assert_eq!(text.found(Locale::Vi), (Locale::Vi, "Giỏ mây"));
        text.ja = Some("籐のかご".to_owned());
        assert_eq!(text.found(Locale::Ja), (Locale::Ja, "籐のかご"));
        assert_eq!(text.get(Locale::Zh), "Rattan basket");
        let only_vi = I18nText::vi("Giỏ mây");
        assert_eq!(only_vi.found(Locale::Zh), (Locale::Vi, "Giỏ mây"));
    }

    #[test]
    fn slugs_are_transliterated_from_vietnamese() {
        assert_eq!(slugify("Giỏ mây đan tay"), "gio-may-dan-tay");
        assert_eq!(slugify("Nón lá Huế — bài thơ"), "non-la-hue-bai-tho");
        assert_eq!(slugify("  Đồ gỗ & tre!! "), "do-go-tre");
        assert_eq!(slugify("Trà  Vả (100g)"), "tra-va-100g");
    }

    #[test]
    fn long_titles_make_slugs_of_at_most_80_characters() {
        let slug = slugify(&"mây tre đan ".repeat(20));
        assert!(slug.len() <= 80, "{slug}");
        assert!(!slug.ends_with('-'));
    }

    #[test]
    fn folding_removes_diacritics_including_d_bar() {
        assert_eq!(fold("Giỏ mây đan tay"), "gio may dan tay");
        assert_eq!(fold("NÓN LÁ"), "non la");
        assert_eq!(fold("Đặc sản"), "dac san");
        // decomposed input (NFD) folds the same way
        assert_eq!(fold("Gio\u{309} ma\u{302}y"), "gio may");
        assert_eq!(fold("竹かご"), "竹かご");
    }

    #[test]
    fn translations_fall_back_to_english_then_vietnamese() {
        let t = I18nText::vi_en("Giỏ mây", "Rattan basket");
        assert_eq!(t.get(Locale::En), "Rattan basket");
        assert_eq!(t.get(Locale::Ja), "Rattan basket");
        assert_eq!(t.get(Locale::Vi), "Giỏ mây");
        let vi_only = I18nText::vi("Giỏ mây");
        assert_eq!(vi_only.get(Locale::En), "Giỏ mây");
        let blank_en = I18nText {
            en: Some("  ".into()),
            ..I18nText::vi("Giỏ mây")
        };
        assert_eq!(blank_en.get(Locale::En), "Giỏ mây");
    }
}
