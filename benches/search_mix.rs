//! The 1,000-query mix of `crates/search/benches/search.rs` (the same
//! words, kinds, shares and random seeds), as query strings of
//! `GET /api/v1/search` over the generated market: whole words, unfinished
//! words, typos, filtered, faceted, and browsing with facets.

use crate::generator::{PROVINCES, Rng};

/// Whole words.
pub const WHOLE: &[&str] = &[
    "gio may",
    "giỏ mây",
    "rattan basket",
    "non la",
    "nón lá",
    "conical hat",
    "khay tre",
    "bamboo tray",
    "tra sen",
    "lotus tea",
    "khan lua",
    "silk scarf",
    "tho cam",
    "brocade bag",
    "mat ong rung",
    "wild honey",
    "bat go",
    "wooden bowl",
    "handwoven",
    "hue",
    "gom phuoc tich",
    "ceramic vase",
    "den tre",
    "bamboo lamp",
    "me xung hue",
    "lacquered tray",
    "竹",
    "竹かご",
    "丝围巾",
];
/// Unfinished words.
pub const PREFIXES: &[&str] = &[
    "g", "gi", "gio", "gio m", "non l", "bam", "bamboo t", "handw", "tra s", "rat", "silk s",
    "kha", "mat o", "lo", "ce",
];
/// Misspelt words.
pub const TYPOS: &[&str] = &[
    "baskte",
    "ratan",
    "bambo tray",
    "handwovn",
    "brocde",
    "lacqured",
    "tradtional",
    "ceramc vase",
    "scraf",
    "chopstciks",
    "gio mayy",
    "mushroms",
];

/// The top of the demo category tree.
const ROOTS: &[&str] = &[
    "thu-cong-my-nghe",
    "may-mac",
    "nong-san",
    "du-lich-trai-nghiem",
    "dich-vu",
];
/// Categories under the top ones.
const SUBS: &[&str] = &[
    "may-tre-dan",
    "det-tho-cam",
    "gao-ngu-coc",
    "tra-thao-duoc",
    "mat-ong",
    "rau-cu-dac-san",
];

/// What kind of search a query is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// Whole words.
    Whole,
    /// An unfinished last word.
    Prefix,
    /// A typo.
    Typo,
    /// Words with a filter and a sort.
    Filtered,
    /// Words with facets.
    Faceted,
    /// No words, facets, maybe filters.
    Browse,
}

impl Kind {
    /// Its name in tables.
    pub fn name(self) -> &'static str {
        match self {
            Self::Whole => "whole words",
            Self::Prefix => "prefix",
            Self::Typo => "typo",
            Self::Filtered => "filtered",
            Self::Faceted => "faceted",
            Self::Browse => "browse + facets",
        }
    }
}

fn filters(rng: &mut Rng, pairs: &mut Vec<(&'static str, String)>) {
    match rng.below(5) {
        0 => pairs.push(("category", (*rng.pick(ROOTS)).to_owned())),
        1 => pairs.push(("category", (*rng.pick(SUBS)).to_owned())),
        2 => {
            pairs.push(("min_price", "100000".to_owned()));
            pairs.push(("max_price", "300000".to_owned()));
        }
        3 => pairs.push(("province", (*rng.pick(PROVINCES)).to_owned())),
        _ => pairs.push(("certification", "ocop".to_owned())),
    }
    if rng.chance(50) {
        pairs.push(("in_stock", "true".to_owned()));
    }
}

fn sort(rng: &mut Rng) -> &'static str {
    match rng.below(6) {
        0 => "price_asc",
        1 => "price_desc",
        2 => "newest",
        _ => "relevance",
    }
}

/// `key=value&…`, percent-encoded.
pub fn query_string(pairs: &[(&str, String)]) -> String {
    let mut url = reqwest::Url::parse("http://localhost/").unwrap_or_else(|_| unreachable!());
    url.query_pairs_mut()
        .extend_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
    url.query().unwrap_or_default().to_owned()
}

/// `n` queries from the generator seeded with `seed` (the search
/// benchmark warms up with seed `0x00C0_FFEE` and measures with `0xBEEF`),
/// each as a path and query string of `/api/v1/search`.
pub fn queries(seed: u64, n: usize) -> Vec<(Kind, String)> {
    let mut rng = Rng::new(seed);
    (0..n)
        .map(|_| {
            let mut pairs: Vec<(&'static str, String)> = Vec::new();
            let kind = match rng.below(100) {
                0..=29 => {
                    pairs.push(("q", (*rng.pick(WHOLE)).to_owned()));
                    Kind::Whole
                }
                30..=49 => {
                    pairs.push(("q", (*rng.pick(PREFIXES)).to_owned()));
                    Kind::Prefix
                }
                50..=64 => {
                    pairs.push(("q", (*rng.pick(TYPOS)).to_owned()));
                    Kind::Typo
                }
                65..=79 => {
                    filters(&mut rng, &mut pairs);
                    pairs.push(("sort", sort(&mut rng).to_owned()));
                    pairs.push(("q", (*rng.pick(WHOLE)).to_owned()));
                    Kind::Filtered
                }
                80..=94 => {
                    if rng.chance(50) {
                        filters(&mut rng, &mut pairs);
                    }
                    pairs.push(("q", (*rng.pick(WHOLE)).to_owned()));
                    Kind::Faceted
                }
                _ => {
                    pairs.push(("sort", sort(&mut rng).to_owned()));
                    if rng.chance(70) {
                        filters(&mut rng, &mut pairs);
                    }
                    Kind::Browse
                }
            };
            let facets = matches!(kind, Kind::Faceted | Kind::Browse);
            pairs.push(("facets", facets.to_string()));
            (kind, format!("/api/v1/search?{}", query_string(&pairs)))
        })
        .collect()
}

/// Searches with facets over every word of the mix, for load at many
/// connections: `/api/v1/search?q=…&facets=true`.
pub fn faceted_paths() -> Vec<String> {
    WHOLE
        .iter()
        .chain(PREFIXES)
        .chain(TYPOS)
        .map(|q| {
            format!(
                "/api/v1/search?{}",
                query_string(&[("q", (*q).to_owned()), ("facets", "true".to_owned())])
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mix_has_every_kind_and_encodes_its_words() {
        let mix = queries(0xBEEF, 1_000);
        assert_eq!(mix.len(), 1_000);
        for kind in [
            Kind::Whole,
            Kind::Prefix,
            Kind::Typo,
            Kind::Filtered,
            Kind::Faceted,
            Kind::Browse,
        ] {
            assert!(mix.iter().any(|(k, _)| *k == kind), "{kind:?}");
        }
        assert!(mix.iter().all(|(_, p)| p.is_ascii()));
        assert_eq!(queries(0xBEEF, 10), queries(0xBEEF, 10));
        assert!(faceted_paths().iter().any(|p| p.contains("q=gi%E1%BB%8F")));
    }
}
