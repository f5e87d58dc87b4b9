//! Text analysis shared by the backends: splitting into words, folding,
//! CJK n-grams, typo budgets, synonyms, the parsed query and highlighting.

use std::collections::HashSet;
use std::ops::Range;

use kernel::fold;

/// Only the first words of a query count, as on Meilisearch: a pasted
/// paragraph must not cost more than a short query.
pub const MAX_QUERY_WORDS: usize = 10;
/// Longer query words are cut: typo automata grow with the word.
pub const MAX_QUERY_WORD_CHARS: usize = 32;
/// Longer indexed words (URLs, serial numbers) are not indexed.
pub const MAX_INDEXED_WORD_BYTES: usize = 64;

/// Equivalent words across Vietnamese and English. The first entry is the
/// Vietnamese form with its diacritics; matching uses folded forms.
pub const SYNONYMS: &[&[&str]] = &[
    &["mây", "rattan"],
    &["tre", "bamboo"],
    &["thổ cẩm", "brocade"],
    &["nón lá", "conical hat", "conical hats"],
    &["giỏ", "basket", "baskets"],
    &["trà", "tea"],
    &["lụa", "silk"],
    &["cói", "sedge"],
    &["gỗ", "wood", "wooden"],
];

/// Words this long (in letters) may carry one typo.
pub const ONE_TYPO_FROM: u8 = 5;
/// Words this long may carry two.
pub const TWO_TYPOS_FROM: u8 = 9;

/// How many typos a (folded) word may carry, as Meilisearch's defaults: none
/// under 5 letters, one from 5, two from 9.
pub fn allowed_typos(word: &str) -> u8 {
    let letters = word.chars().count();
    if letters >= usize::from(TWO_TYPOS_FROM) {
        2
    } else if letters >= usize::from(ONE_TYPO_FROM) {
        1
    } else {
        0
    }
}

/// Whether `candidate` (a folded indexed word) matches the folded query
/// `word` within `typos` edits, by Meilisearch's rules, which both backends
/// follow: a typo on the first letter counts as two (so with one typo
/// allowed the first letter must be right, and with two a wrong first
/// letter leaves no other typo), an adjacent swap counts as one, and an
/// unfinished word (`prefix`) matches the start of a longer word, with the
/// same typos.
pub fn within_typos(word: &str, candidate: &str, typos: u8, prefix: bool) -> bool {
    let distance = |budget: u8| {
        if prefix {
            prefix_edit_distance(word, candidate, budget)
        } else {
            edit_distance(word, candidate, budget)
        }
    };
    let same_first = word.chars().next() == candidate.chars().next();
    match typos {
        0 => distance(0).is_some(),
        1 => same_first && distance(1).is_some(),
        _ => distance(if same_first { 2 } else { 1 }).is_some(),
    }
}

/// The smallest edit distance between `word` and a beginning of
/// `candidate`, or `None` when it exceeds `max`.
pub fn prefix_edit_distance(word: &str, candidate: &str, max: u8) -> Option<u8> {
    let cut: String = candidate
        .chars()
        .take(word.chars().count() + usize::from(max))
        .collect();
    let chars: Vec<char> = cut.chars().collect();
    (0..=chars.len())
        .filter_map(|end| edit_distance(word, &chars[..end].iter().collect::<String>(), max))
        .min()
}

/// How far a "did you mean" correction may be from the word typed: more
/// generous than search itself, since it only suggests.
pub fn correction_budget(word: &str) -> u8 {
    match word.chars().count() {
        0..=2 => 0,
        3..=4 => 1,
        _ => 2,
    }
}

/// Whether a character is written in a script without spaces between words
/// (Chinese, Japanese kana and kanji, Korean), which is searched by
/// character n-grams.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF   // hiragana, katakana
        | 0x31F0..=0x31FF // katakana extensions
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xAC00..=0xD7AF // hangul syllables
        | 0xF900..=0xFAFF // CJK compatibility ideographs
        | 0xFF66..=0xFF9F // half-width katakana
        | 0x20000..=0x3134F)
}

fn is_combining_mark(c: char) -> bool {
    (0x0300..0x0370).contains(&(c as u32))
}

/// A word of a text and where it lies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Word<'a> {
    /// Byte offset of its first character.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
    /// The word as written.
    pub text: &'a str,
    /// Whether it is a run of CJK characters.
    pub cjk: bool,
}

/// Splits text into words: runs of letters and digits (combining marks of
/// decomposed text stay with their letter), with CJK runs apart from Latin
/// ones. Everything else (spaces, punctuation, emoji, operators) separates.
pub fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut current: Option<(usize, bool)> = None;
    for (i, c) in text.char_indices() {
        let kind = if c.is_alphanumeric() {
            Some(is_cjk(c))
        } else if is_combining_mark(c) && current.is_some() {
            current.map(|(_, cjk)| cjk)
        } else {
            None
        };
        match (current, kind) {
            (Some((_, cjk)), Some(k)) if cjk == k => {}
            (Some((start, cjk)), next) => {
                out.push(Word {
                    start,
                    end: i,
                    text: &text[start..i],
                    cjk,
                });
                current = next.map(|k| (i, k));
            }
            (None, next) => current = next.map(|k| (i, k)),
        }
    }
    if let Some((start, cjk)) = current {
        out.push(Word {
            start,
            end: text.len(),
            text: &text[start..],
            cjk,
        });
    }
    out
}

/// The n-grams a CJK run is indexed under: every character and every pair
/// of neighbouring characters.
pub fn cjk_index_grams(run: &str) -> Vec<String> {
    let chars: Vec<char> = run.chars().collect();
    let mut grams = Vec::with_capacity(chars.len() * 2);
    for (i, c) in chars.iter().enumerate() {
        grams.push(c.to_string());
        if let Some(next) = chars.get(i + 1) {
            grams.push([*c, *next].iter().collect());
        }
    }
    grams
}

/// The n-grams a CJK query run must all match: its pairs of neighbouring
/// characters, or the character itself when alone.
pub fn cjk_query_grams(run: &str) -> Vec<String> {
    let chars: Vec<char> = run.chars().collect();
    if chars.len() == 1 {
        return vec![run.to_owned()];
    }
    chars.windows(2).map(|w| w.iter().collect()).collect()
}

/// Tokens the backends make up for what a word index cannot say in plain
/// words (a CJK n-gram, a synonym group) start with this: no Vietnamese or
/// English word does.
pub const MARKER: &str = "qjx";

/// The private token standing for a CJK n-gram (`qjxc7af9x7b77`), so that
/// an index that splits CJK text its own way still matches exactly the
/// n-grams [`cjk_index_grams`] and [`cjk_query_grams`] make.
pub fn gram_marker(gram: &str) -> String {
    let hex: Vec<String> = gram.chars().map(|c| format!("{:x}", c as u32)).collect();
    format!("{MARKER}c{}", hex.join("x"))
}

/// The private token a listing carries when its words hold a phrase of the
/// synonym group `group` (an index into [`SYNONYMS`]).
pub fn group_marker(group: usize) -> String {
    format!("{MARKER}g{group}")
}

/// The Latin words of a text as the indexes keep them: folded, in order,
/// without the over-long ones.
pub fn folded_words(text: &str) -> impl Iterator<Item = String> + '_ {
    words(text)
        .into_iter()
        .filter(|w| !w.cjk)
        .map(|w| fold(w.text))
        .filter(|w| !w.is_empty() && w.len() <= MAX_INDEXED_WORD_BYTES)
}

/// The synonym groups a listing stands for: those with a phrase whose every
/// word is among the listing's folded words (of its titles, summaries and
/// tags) — exactly what lets a synonym find a listing.
pub fn synonym_groups(words: &HashSet<String>) -> Vec<usize> {
    folded_groups()
        .iter()
        .enumerate()
        .filter(|(_, phrases)| {
            phrases
                .iter()
                .any(|phrase| phrase.iter().all(|w| words.contains(w)))
        })
        .map(|(g, _)| g)
        .collect()
}

/// Lower-cases a word keeping its diacritics.
pub fn lower(word: &str) -> String {
    word.chars().flat_map(char::to_lowercase).collect()
}

/// A query word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryWord {
    /// Lower-cased, diacritics removed (`gio`).
    pub folded: String,
    /// Lower-cased with the diacritics typed (`giỏ`).
    pub exact: String,
    /// Whether it is a CJK run.
    pub cjk: bool,
}

/// A piece of a parsed query: a word, or words that have synonyms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// The word at this position.
    Word(usize),
    /// The words in this range form a phrase of [`SYNONYMS`]; each
    /// alternative is a list of folded words that may stand for it.
    Synonym {
        /// Positions of the words.
        range: Range<usize>,
        /// The other phrases of the group, split into folded words.
        alternatives: Vec<Vec<String>>,
    },
}

/// A query as the backends use it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// Its first [`MAX_QUERY_WORDS`] words.
    pub words: Vec<QueryWord>,
    /// Whether the last word may be unfinished (the text does not end with a
    /// separator), so that it also matches as a prefix.
    pub last_is_prefix: bool,
    /// The words grouped with their synonyms, in order.
    pub parts: Vec<Part>,
}

impl ParsedQuery {
    /// Parses what a shopper typed. Operators, quotes and symbols are plain
    /// separators: nothing typed can make a query invalid.
    pub fn parse(q: &str) -> Self {
        let found = words(q);
        let ends_inside_word = found.last().is_some_and(|w| w.end == q.len());
        let words: Vec<QueryWord> = found
            .iter()
            .take(MAX_QUERY_WORDS)
            .map(|w| {
                let cut: String = w.text.chars().take(MAX_QUERY_WORD_CHARS).collect();
                QueryWord {
                    folded: if w.cjk { cut.clone() } else { fold(&cut) },
                    exact: lower(&cut),
                    cjk: w.cjk,
                }
            })
            .collect();
        let last_is_prefix = ends_inside_word
            && found.len() <= MAX_QUERY_WORDS
            && words.last().is_some_and(|w| !w.cjk);
        let parts = synonym_parts(&words);
        Self {
            words,
            last_is_prefix,
            parts,
        }
    }

    /// Whether there are no words to look for.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The query cut to its first `parts` parts (a synonym phrase is one
    /// part): when no listing holds every word, both backends drop words
    /// from the end until some listing holds all that are left.
    pub fn truncated(&self, parts: usize) -> Self {
        let kept = &self.parts[..parts.min(self.parts.len())];
        let end = match kept.last() {
            Some(Part::Word(i)) => i + 1,
            Some(Part::Synonym { range, .. }) => range.end,
            None => 0,
        };
        Self {
            words: self.words[..end].to_vec(),
            last_is_prefix: self.last_is_prefix && end == self.words.len(),
            parts: kept.to_vec(),
        }
    }

    /// Whether the word at `i` is the unfinished last word.
    pub fn is_prefix(&self, i: usize) -> bool {
        self.last_is_prefix && i + 1 == self.words.len()
    }
}

/// The synonym groups as folded phrases, each split into words.
fn folded_groups() -> Vec<Vec<Vec<String>>> {
    SYNONYMS
        .iter()
        .map(|group| {
            group
                .iter()
                .map(|phrase| {
                    words(&fold(phrase))
                        .iter()
                        .map(|w| w.text.to_owned())
                        .collect()
                })
                .collect()
        })
        .collect()
}

/// Groups the words with the synonym phrases they spell, longest phrase
/// first, left to right, without overlaps.
fn synonym_parts(query: &[QueryWord]) -> Vec<Part> {
    let groups = folded_groups();
    let mut parts = Vec::new();
    let mut i = 0;
    while i < query.len() {
        let mut best: Option<(usize, usize, usize)> = None; // (len, group, phrase)
        for (g, group) in groups.iter().enumerate() {
            for (p, phrase) in group.iter().enumerate() {
                let len = phrase.len();
                let fits = i + len <= query.len()
                    && phrase
                        .iter()
                        .zip(&query[i..i + len])
                        .all(|(a, b)| !b.cjk && *a == b.folded);
                if fits && best.is_none_or(|(l, _, _)| len > l) {
                    best = Some((len, g, p));
                }
            }
        }
        match best {
            Some((len, g, p)) => {
                let alternatives = groups[g]
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| *k != p)
                    .map(|(_, phrase)| phrase.clone())
                    .collect();
                parts.push(Part::Synonym {
                    range: i..i + len,
                    alternatives,
                });
                i += len;
            }
            None => {
                parts.push(Part::Word(i));
                i += 1;
            }
        }
    }
    parts
}

/// The optimal-string-alignment distance (an adjacent swap costs one), or
/// `None` when it exceeds `max`.
pub fn edit_distance(a: &str, b: &str, max: u8) -> Option<u8> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let max = usize::from(max);
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let width = b.len() + 1;
    let mut before: Vec<usize> = vec![0; width];
    let mut prev: Vec<usize> = (0..width).collect();
    let mut cur: Vec<usize> = vec![0; width];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            cur[j] = d;
            row_min = row_min.min(d);
        }
        // a swap can only lower a cell by way of a row that was already
        // within reach, so a row wholly over the budget ends the search
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[b.len()];
    (d <= max).then(|| u8::try_from(d).unwrap_or(u8::MAX))
}

/// Decides which words of a title a query matched, for highlighting.
#[derive(Clone, Debug, Default)]
pub struct Matcher {
    exact: HashSet<String>,
    fuzzy: Vec<(String, u8, bool)>,
    prefix: Option<String>,
    grams: Vec<String>,
}

impl Matcher {
    /// The matcher for a parsed query: its words (with the typos they are
    /// allowed), the last one as a prefix, and their synonyms.
    pub fn new(query: &ParsedQuery) -> Self {
        let mut m = Self::default();
        for (i, w) in query.words.iter().enumerate() {
            if w.cjk {
                m.grams.extend(cjk_query_grams(&w.folded));
                continue;
            }
            m.exact.insert(w.folded.clone());
            let typos = allowed_typos(&w.folded);
            if typos > 0 {
                m.fuzzy.push((w.folded.clone(), typos, query.is_prefix(i)));
            }
            if query.is_prefix(i) {
                m.prefix = Some(w.folded.clone());
            }
        }
        for part in &query.parts {
            if let Part::Synonym { alternatives, .. } = part {
                m.exact.extend(alternatives.iter().flatten().cloned());
            }
        }
        m
    }

    /// Whether a folded word of a title matches.
    pub fn matches(&self, folded: &str) -> bool {
        if self.exact.contains(folded) {
            return true;
        }
        // plurals and singulars of English words
        for suffix in ["s", "es"] {
            if let Some(stem) = folded.strip_suffix(suffix)
                && self.exact.contains(stem)
            {
                return true;
            }
            if self.exact.contains(&format!("{folded}{suffix}")) {
                return true;
            }
        }
        if self
            .prefix
            .as_deref()
            .is_some_and(|p| folded.starts_with(p))
        {
            return true;
        }
        self.fuzzy
            .iter()
            .any(|(w, typos, prefix)| within_typos(w, folded, *typos, *prefix))
    }

    /// The text as HTML with the matched words wrapped in `<mark>`, and
    /// how many words matched.
    pub fn highlight(&self, text: &str) -> (String, usize) {
        let mut out = String::with_capacity(text.len() + 16);
        let mut any = 0;
        let mut last = 0;
        for w in words(text) {
            out.push_str(&escape_html(&text[last..w.start]));
            last = w.end;
            if w.cjk {
                any += usize::from(self.highlight_cjk(w.text, &mut out));
            } else if self.matches(&fold(w.text)) {
                any += 1;
                out.push_str("<mark>");
                out.push_str(&escape_html(w.text));
                out.push_str("</mark>");
            } else {
                out.push_str(&escape_html(w.text));
            }
        }
        out.push_str(&escape_html(&text[last..]));
        (out, any)
    }

    fn highlight_cjk(&self, run: &str, out: &mut String) -> bool {
        let chars: Vec<char> = run.chars().collect();
        let mut marked = vec![false; chars.len()];
        for gram in &self.grams {
            let g: Vec<char> = gram.chars().collect();
            if g.is_empty() || g.len() > chars.len() {
                continue;
            }
            for start in 0..=chars.len() - g.len() {
                if chars[start..start + g.len()] == g[..] {
                    marked[start..start + g.len()].fill(true);
                }
            }
        }
        let mut open = false;
        for (c, m) in chars.iter().zip(&marked) {
            if *m && !open {
                out.push_str("<mark>");
                open = true;
            } else if !*m && open {
                out.push_str("</mark>");
                open = false;
            }
            out.push_str(&escape_html(c.encode_utf8(&mut [0; 4])));
        }
        if open {
            out.push_str("</mark>");
        }
        marked.contains(&true)
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        words(text).into_iter().map(|w| w.text).collect()
    }

    #[test]
    fn words_split_on_punctuation_and_keep_decomposed_marks() {
        assert_eq!(texts("Giỏ mây, đan tay!"), ["Giỏ", "mây", "đan", "tay"]);
        assert_eq!(texts("Gio\u{309} ma\u{302}y"), ["Gio\u{309}", "ma\u{302}y"]);
        assert_eq!(texts("\"a\" AND b* :c\\ 🧺"), ["a", "AND", "b", "c"]);
        assert_eq!(texts("竹かごbasket"), ["竹かご", "basket"]);
    }

    #[test]
    fn cjk_runs_are_indexed_by_characters_and_pairs() {
        assert_eq!(cjk_index_grams("竹箸"), ["竹", "竹箸", "箸"]);
        assert_eq!(cjk_query_grams("竹筷子"), ["竹筷", "筷子"]);
        assert_eq!(cjk_query_grams("笠"), ["笠"]);
    }

    #[test]
    fn typo_budgets_follow_meilisearch_defaults() {
        assert_eq!(allowed_typos("gio"), 0);
        assert_eq!(allowed_typos("ratan"), 1);
        assert_eq!(allowed_typos("handwoven"), 2);
    }

    #[test]
    fn edit_distance_counts_a_swap_as_one() {
        assert_eq!(edit_distance("baskte", "basket", 1), Some(1));
        assert_eq!(edit_distance("ratan", "rattan", 1), Some(1));
        assert_eq!(edit_distance("rattan", "rattan", 0), Some(0));
        assert_eq!(edit_distance("bamboo", "basket", 2), None);
        assert_eq!(edit_distance("", "ab", 2), Some(2));
    }

    #[test]
    fn queries_are_folded_and_grouped_with_synonyms() {
        let q = ParsedQuery::parse("Nón lá thổ cẩm gio");
        let folded: Vec<_> = q.words.iter().map(|w| w.folded.as_str()).collect();
        assert_eq!(folded, ["non", "la", "tho", "cam", "gio"]);
        assert!(q.last_is_prefix);
        assert!(matches!(&q.parts[0], Part::Synonym { range, .. } if *range == (0..2)));
        assert!(matches!(&q.parts[1], Part::Synonym { range, .. } if *range == (2..4)));
        match &q.parts[2] {
            Part::Synonym { alternatives, .. } => {
                assert!(alternatives.contains(&vec!["basket".to_owned()]));
            }
            other => panic!("{other:?}"),
        }
        assert!(!ParsedQuery::parse("gio may ").last_is_prefix);
    }

    #[test]
    fn hostile_queries_parse_to_plain_words() {
        let long = "a".repeat(5_000);
        let q = ParsedQuery::parse(&long);
        assert_eq!(q.words[0].folded.len(), MAX_QUERY_WORD_CHARS);
        let many = "gio ".repeat(1_000);
        assert_eq!(ParsedQuery::parse(&many).words.len(), MAX_QUERY_WORDS);
        assert!(ParsedQuery::parse("\"*:\\ 🙂").is_empty());
    }

    #[test]
    fn highlights_mark_matched_words_and_escape_the_rest() {
        let m = Matcher::new(&ParsedQuery::parse("gio may"));
        let (html, matched) = m.highlight("Giỏ <mây> & tre");
        assert_eq!(matched, 2);
        assert_eq!(html, "<mark>Giỏ</mark> &lt;<mark>mây</mark>&gt; &amp; tre");
        let rattan = Matcher::new(&ParsedQuery::parse("rattan"));
        assert_eq!(rattan.highlight("Giỏ mây").0, "Giỏ <mark>mây</mark>");
        let cjk = Matcher::new(&ParsedQuery::parse("竹箸"));
        assert_eq!(
            cjk.highlight("天然竹箸セット").0,
            "天然<mark>竹箸</mark>セット"
        );
    }
}
