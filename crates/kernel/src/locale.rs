//! The languages of the market. Sellers write in Vietnamese (required) and
//! optionally in English, Japanese and Chinese for export buyers; the shop's
//! own interface and its e-mails speak all four.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A language the market writes in.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    /// Tiếng Việt, the default.
    #[default]
    Vi,
    /// English.
    En,
    /// 日本語.
    Ja,
    /// 中文 (简体).
    Zh,
}

impl Locale {
    /// Every locale, Vietnamese first.
    pub const ALL: [Locale; 4] = [Locale::Vi, Locale::En, Locale::Ja, Locale::Zh];

    /// The codes of [`Locale::ALL`], in the same order (for "must be one of").
    pub const CODES: [&'static str; 4] = ["vi", "en", "ja", "zh"];

    /// The BCP 47 code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Vi => "vi",
            Self::En => "en",
            Self::Ja => "ja",
            Self::Zh => "zh",
        }
    }

    /// The language tag of a page in this language (`<html lang>`,
    /// `hreflang`): Chinese is written in simplified characters.
    pub fn html_lang(self) -> &'static str {
        match self {
            Self::Zh => "zh-Hans",
            other => other.code(),
        }
    }

    /// The language's own name, as a language switch shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Self::Vi => "Tiếng Việt",
            Self::En => "English",
            Self::Ja => "日本語",
            Self::Zh => "中文",
        }
    }

    /// The languages to read a seller's text in, this one first: Japanese
    /// and Chinese readers fall back to English, then Vietnamese (the one
    /// every listing has); English readers to Vietnamese.
    pub fn fallbacks(self) -> &'static [Locale] {
        match self {
            Self::Vi => &[Self::Vi],
            Self::En => &[Self::En, Self::Vi],
            Self::Ja => &[Self::Ja, Self::En, Self::Vi],
            Self::Zh => &[Self::Zh, Self::En, Self::Vi],
        }
    }

    /// Picks the best supported locale from an `Accept-Language` header,
    /// honouring q-values; `None` when nothing in it is supported.
    pub fn from_accept_language(header: &str) -> Option<Locale> {
        let mut best: Option<(Locale, f32)> = None;
        for part in header.split(',') {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or_default().trim();
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or_default();
            if let Ok(locale) = primary.parse::<Locale>()
                && q > 0.0
                && best.is_none_or(|(_, bq)| q > bq)
            {
                best = Some((locale, q));
            }
        }
        best.map(|(l, _)| l)
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The text was not a supported locale code.
#[derive(Debug, thiserror::Error)]
#[error("unsupported locale {0:?} (expected vi, en, ja or zh)")]
pub struct UnknownLocale(pub String);

impl FromStr for Locale {
    type Err = UnknownLocale;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "vi" => Ok(Self::Vi),
            "en" => Ok(Self::En),
            "ja" => Ok(Self::Ja),
            "zh" => Ok(Self::Zh),
            _ => Err(UnknownLocale(s.to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_codes_are_those_of_every_locale() {
        assert_eq!(Locale::ALL.map(Locale::code), Locale::CODES);
    }

    #[test]
    fn accept_language_picks_the_highest_supported_quality() {
        assert_eq!(
            Locale::from_accept_language("fr-FR,en-US;q=0.8,vi;q=0.9"),
            Some(Locale::Vi)
        );
        assert_eq!(
            Locale::from_accept_language("en-GB,en;q=0.9"),
            Some(Locale::En)
        );
        assert_eq!(Locale::from_accept_language("fr, de;q=0.5"), None);
        assert_eq!(
            Locale::from_accept_language("vi;q=0, en;q=0.1"),
            Some(Locale::En)
        );
    }

    #[test]
    fn japanese_and_chinese_readers_fall_back_to_english_then_vietnamese() {
        assert_eq!(Locale::Ja.fallbacks(), [Locale::Ja, Locale::En, Locale::Vi]);
        assert_eq!(Locale::Zh.fallbacks(), [Locale::Zh, Locale::En, Locale::Vi]);
        assert_eq!(Locale::Vi.fallbacks(), [Locale::Vi]);
        assert_eq!(Locale::Zh.html_lang(), "zh-Hans");
    }

    #[test]
    fn accept_language_finds_japanese_and_chinese() {
        assert_eq!(
            Locale::from_accept_language("ja-JP,ja;q=0.9,en;q=0.8"),
            Some(Locale::Ja)
        );
        assert_eq!(
            Locale::from_accept_language("zh-CN,zh;q=0.9"),
            Some(Locale::Zh)
        );
    }
}
