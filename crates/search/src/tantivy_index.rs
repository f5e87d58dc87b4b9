//! The embedded backend: a Tantivy index under `<data_dir>/search`.
//!
//! The directory holds generations (`gen-<uuid>/`, each a whole Tantivy
//! index) and a pointer file, `CURRENT`, naming the live one. A rebuild
//! fills a new generation, then replaces `CURRENT` atomically (write, sync,
//! rename) and swaps the reader in memory: searches never see a half-built
//! index, and a crash leaves either the old or the new generation live.
//!
//! Fields: the titles folded (`title`), lower-cased with their diacritics
//! (`title_exact`, boosted so that typing `nón` ranks `Nón lá` over `Non
//! bộ`), neighbouring title words (`pairs`, for proximity), English stemmed
//! (`english`), summaries and tags folded (`body`), the seller's name
//! (`seller`, matched by exact words only: a cooperative called "Mây tre
//! đan" must not make all its listings rattan), Japanese and Chinese as
//! character uni- and bigrams (`cjk`), and fast fields for filters, sorting
//! and facets.

use std::collections::HashMap;
use std::fs;
use std::io::Write as _;
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Instant;

use kernel::{I18nText, ProductId, fold};
use tantivy::collector::sort_key::{SortBySimilarityScore, SortByStaticFastValue};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, AutomatonWeight, BooleanQuery, BoostQuery, ConstScoreQuery, DfaWrapper,
    EnableScoring, FuzzyTermQuery, Occur, Query, RangeQuery, TermQuery, TermSetQuery, Weight,
};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions, Value as _,
};
use tantivy::tokenizer::{Language, Stemmer, TextAnalyzer, Token, TokenStream, Tokenizer};
use tantivy::{
    DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, Score, Searcher,
    TantivyDocument, Term, Warmer,
};
use tokio::sync::Mutex;

use crate::analysis::{
    self, MAX_INDEXED_WORD_BYTES, Matcher, ParsedQuery, Part, QueryWord, allowed_typos,
};
use crate::model::{Filters, Hit, IndexStats, SearchQuery, SearchResults, Sort, Suggestion};
use crate::tantivy_facets::{FacetCache, FacetCollector, FacetTally};
use crate::{Change, Error, Journal, Rebuild, Result, SearchDocument, SearchIndex, journal};

const POINTER: &str = "CURRENT";
const GENERATION_PREFIX: &str = "gen-";
const FOLDED: &str = "hoptac_folded";
const EXACT: &str = "hoptac_exact";
const ENGLISH: &str = "hoptac_english";
const CJK: &str = "hoptac_cjk";
const PAIRS: &str = "hoptac_pairs";

// Relative weights. Term scores are BM25 times the boost; typo and prefix
// matches score a constant, below any exact match of the same word.
const EXACT_BOOST: Score = 2.0;
const TITLE_BOOST: Score = 3.0;
const ENGLISH_BOOST: Score = 1.5;
const BODY_BOOST: Score = 1.0;
const CJK_BOOST: Score = 3.0;
const PAIR_BOOST: Score = 2.0;
const PAIR_PREFIX_SCORE: Score = 5.0;
const SELLER_BOOST: Score = 0.5;
const SYNONYM_BOOST: Score = 0.8;
const TYPO_TITLE_SCORE: Score = 1.0;
const TYPO_BODY_SCORE: Score = 0.3;
const PREFIX_TITLE_SCORE: Score = 0.8;
const PREFIX_BODY_SCORE: Score = 0.2;
/// The seller's name only lets the word being typed match, barely ranks.
const PREFIX_SELLER_SCORE: Score = 0.01;

/// Below this many hits a search looks for a corrected query.
const FEW_HITS: u64 = 10;

/// How the embedded index uses memory and threads.
#[derive(Clone, Debug)]
pub struct TantivyConfig {
    /// Memory the live writer buffers before it writes a segment.
    pub writer_heap_bytes: usize,
    /// Memory a rebuild's writer buffers, shared by its threads.
    pub rebuild_heap_bytes: usize,
    /// Indexing threads of a rebuild.
    pub rebuild_threads: usize,
}

impl Default for TantivyConfig {
    fn default() -> Self {
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .min(4);
        Self {
            writer_heap_bytes: 50_000_000,
            rebuild_heap_bytes: 100_000_000 * threads,
            rebuild_threads: threads,
        }
    }
}

#[derive(Clone, Copy, Debug)]
struct Fields {
    id: Field,
    slug: Field,
    titles: Field,
    title: Field,
    title_exact: Field,
    english: Field,
    body: Field,
    seller: Field,
    cjk: Field,
    pairs: Field,
    category: Field,
    cooperative: Field,
    certification: Field,
    province: Field,
    province_key: Field,
    price_min: Field,
    price_max: Field,
    in_stock: Field,
    published_at: Field,
    rating: Field,
    rating_count: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |tokenizer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqs),
        )
    };
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        slug: b.add_text_field("slug", STORED),
        titles: b.add_text_field("titles", STORED),
        title: b.add_text_field("title", text(FOLDED)),
        title_exact: b.add_text_field("title_exact", text(EXACT)),
        english: b.add_text_field("english", text(ENGLISH)),
        body: b.add_text_field("body", text(FOLDED)),
        seller: b.add_text_field("seller", text(FOLDED)),
        cjk: b.add_text_field("cjk", text(CJK)),
        pairs: b.add_text_field("pairs", text(PAIRS)),
        category: b.add_text_field("category", STRING | FAST),
        cooperative: b.add_text_field("cooperative", STRING | FAST),
        certification: b.add_text_field("certification", STRING | FAST),
        province: b.add_text_field("province", FAST),
        province_key: b.add_text_field("province_key", STRING),
        price_min: b.add_i64_field("price_min", FAST),
        price_max: b.add_i64_field("price_max", FAST),
        in_stock: b.add_bool_field("in_stock", INDEXED | FAST),
        published_at: b.add_i64_field("published_at", FAST),
        rating: b.add_i64_field("rating", INDEXED | FAST),
        rating_count: b.add_i64_field("rating_count", FAST),
    };
    (b.build(), fields)
}

/// Which words a field keeps, and how.
#[derive(Clone, Copy, Debug)]
enum Mode {
    /// Latin words folded (`giỏ` → `gio`).
    Folded,
    /// Latin words lower-cased, diacritics kept.
    Exact,
    /// CJK runs as character uni- and bigrams.
    Cjk,
    /// Neighbouring Latin words folded, as `gio may`: a cheap stand-in for
    /// word proximity, so that `gio m` ranks `Giỏ mây` over `Giỏ cói`.
    Pairs,
}

/// Splits text with [`analysis::words`], so that indexing and querying
/// agree on what a word is.
#[derive(Clone, Debug)]
struct HopTokenizer(Mode);

struct VecTokenStream {
    tokens: Vec<Token>,
    next: usize,
    empty: Token,
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        self.next
            .checked_sub(1)
            .and_then(|i| self.tokens.get(i))
            .unwrap_or(&self.empty)
    }

    fn token_mut(&mut self) -> &mut Token {
        match self.next.checked_sub(1) {
            Some(i) if i < self.tokens.len() => &mut self.tokens[i],
            _ => &mut self.empty,
        }
    }
}

impl Tokenizer for HopTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let mut tokens = Vec::new();
        let mut push = |w: &analysis::Word<'_>, text: String| {
            if !text.is_empty() && text.len() <= MAX_INDEXED_WORD_BYTES {
                tokens.push(Token {
                    offset_from: w.start,
                    offset_to: w.end,
                    position: tokens.len(),
                    text,
                    position_length: 1,
                });
            }
        };
        let found = analysis::words(text);
        if let Mode::Pairs = self.0 {
            for pair in found.windows(2) {
                if let [a, b] = pair
                    && !a.cjk
                    && !b.cjk
                {
                    let span = analysis::Word {
                        start: a.start,
                        end: b.end,
                        text: "",
                        cjk: false,
                    };
                    push(&span, format!("{} {}", fold(a.text), fold(b.text)));
                }
            }
        }
        for w in found {
            match (self.0, w.cjk) {
                (Mode::Folded, false) => push(&w, fold(w.text)),
                (Mode::Exact, false) => push(&w, analysis::lower(w.text)),
                (Mode::Cjk, true) => {
                    for gram in analysis::cjk_index_grams(w.text) {
                        push(&w, gram);
                    }
                }
                _ => {}
            }
        }
        VecTokenStream {
            tokens,
            next: 0,
            empty: Token::default(),
        }
    }
}

fn english_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(HopTokenizer(Mode::Folded))
        .filter(Stemmer::new(Language::English))
        .build()
}

fn register_tokenizers(index: &Index) {
    let tokenizers = index.tokenizers();
    tokenizers.register(FOLDED, TextAnalyzer::from(HopTokenizer(Mode::Folded)));
    tokenizers.register(EXACT, TextAnalyzer::from(HopTokenizer(Mode::Exact)));
    tokenizers.register(CJK, TextAnalyzer::from(HopTokenizer(Mode::Cjk)));
    tokenizers.register(PAIRS, TextAnalyzer::from(HopTokenizer(Mode::Pairs)));
    tokenizers.register(ENGLISH, english_analyzer());
}

/// One whole index: a generation directory with its reader and writer.
struct Generation {
    name: String,
    reader: IndexReader,
    /// Decoded facet values per segment, warmed by the reader.
    facets: Arc<FacetCache>,
    /// `None` once the generation has been swapped out.
    writer: Arc<Mutex<Option<IndexWriter>>>,
}

struct Inner {
    root: PathBuf,
    config: TantivyConfig,
    schema: Schema,
    fields: Fields,
    live: RwLock<Arc<Generation>>,
    journal: Journal,
}

/// The embedded search index (Tantivy), kept under one directory.
///
/// One writer (behind an async mutex) applies changes and commits; the
/// reader is reloaded after each commit, so a search sees every change
/// whose call has returned. CPU work runs on the blocking thread pool.
#[derive(Clone)]
pub struct TantivyIndex {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for TantivyIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TantivyIndex")
            .field("root", &self.inner.root)
            .field("generation", &self.live().name)
            .finish()
    }
}

impl TantivyIndex {
    /// Opens the index under `dir` (created if missing), with the default
    /// configuration.
    ///
    /// An index that cannot be read with this version's schema is replaced
    /// by an empty one (the index is derived data): `stats().documents == 0`
    /// tells the caller to rebuild it. Another process holding the index
    /// is an error.
    pub fn open(dir: impl AsRef<Path>) -> Result<Self> {
        Self::open_with(dir, TantivyConfig::default())
    }

    /// Opens the index under `dir` with this configuration.
    pub fn open_with(dir: impl AsRef<Path>, config: TantivyConfig) -> Result<Self> {
        let root = dir.as_ref().to_path_buf();
        fs::create_dir_all(&root)?;
        let (schema, fields) = schema();
        let pointed = fs::read_to_string(root.join(POINTER))
            .ok()
            .map(|s| s.trim().to_owned())
            .filter(|name| is_generation_name(name) && root.join(name).join("meta.json").exists());
        let existing = match pointed {
            Some(name) => match Index::open_in_dir(root.join(&name)) {
                Ok(index) if same_schema(&index.schema(), &schema) => Some((name, index)),
                Ok(_) => {
                    tracing::warn!(generation = %name, "search index schema changed; starting an empty index, rebuild it");
                    None
                }
                Err(error) => {
                    tracing::warn!(generation = %name, %error, "search index unreadable; starting an empty index, rebuild it");
                    None
                }
            },
            None => None,
        };
        let (name, index, fresh) = match existing {
            Some((name, index)) => (name, index, false),
            None => {
                let (name, index) = create_generation(&root, &schema)?;
                (name, index, true)
            }
        };
        register_tokenizers(&index);
        let generation = live_generation(name, index, config.writer_heap_bytes)?;
        if fresh {
            write_pointer(&root, &generation.name)?;
        }
        // Only now that this process holds the live writer's lock can no
        // other process be building a generation here.
        remove_other_generations(&root, &generation.name);
        Ok(Self {
            inner: Arc::new(Inner {
                root,
                config,
                schema,
                fields,
                live: RwLock::new(Arc::new(generation)),
                journal: Journal::default(),
            }),
        })
    }

    fn live(&self) -> Arc<Generation> {
        self.inner
            .live
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Applies a change with the live writer, commits and reloads.
    async fn write<F>(&self, change: Change, apply: F) -> Result<()>
    where
        F: FnOnce(&IndexWriter, &Fields) -> Result<()> + Send + 'static,
    {
        loop {
            let generation = self.live();
            let mut guard = generation.writer.clone().lock_owned().await;
            if guard.is_none() {
                // swapped out while we waited: the next round finds the new one
                continue;
            }
            // Recorded under the writer's lock, which the swap also takes, so
            // no change falls between the replay and the swap.
            journal(&self.inner.journal, || change);
            let fields = self.inner.fields;
            return tokio::task::spawn_blocking(move || {
                let Some(writer) = guard.as_mut() else {
                    return Ok(());
                };
                apply(writer, &fields)?;
                writer.commit()?;
                generation.reader.reload()?;
                Ok(())
            })
            .await?;
        }
    }
}

fn same_schema(a: &Schema, b: &Schema) -> bool {
    match (serde_json::to_string(a), serde_json::to_string(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn is_generation_name(name: &str) -> bool {
    name.strip_prefix(GENERATION_PREFIX)
        .is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_hexdigit()))
}

fn create_generation(root: &Path, schema: &Schema) -> Result<(String, Index)> {
    let name = format!("{GENERATION_PREFIX}{}", uuid::Uuid::now_v7().simple());
    let path = root.join(&name);
    fs::create_dir_all(&path)?;
    let index = Index::create_in_dir(&path, schema.clone())?;
    register_tokenizers(&index);
    Ok((name, index))
}

fn live_generation(name: String, index: Index, heap: usize) -> Result<Generation> {
    let writer = index.writer_with_num_threads(1, heap)?;
    let facets = Arc::new(FacetCache::default());
    let warmer: Arc<dyn Warmer> = facets.clone();
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .warmers(vec![Arc::downgrade(&warmer)])
        .num_warming_threads(1)
        .try_into()?;
    Ok(Generation {
        name,
        reader,
        facets,
        writer: Arc::new(Mutex::new(Some(writer))),
    })
}

/// Points `CURRENT` at a generation: write a temporary file, sync it,
/// rename it over the pointer, sync the directory.
fn write_pointer(root: &Path, name: &str) -> Result<()> {
    let tmp = root.join(format!("{POINTER}.tmp"));
    {
        let mut file = fs::File::create(&tmp)?;
        file.write_all(name.as_bytes())?;
        file.sync_all()?;
    }
    fs::rename(&tmp, root.join(POINTER))?;
    fs::File::open(root)?.sync_all()?;
    Ok(())
}

fn remove_other_generations(root: &Path, keep: &str) {
    let Ok(entries) = fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name != keep
            && is_generation_name(&name)
            && let Err(error) = fs::remove_dir_all(entry.path())
        {
            tracing::warn!(generation = %name, %error, "could not remove an old search index generation");
        }
    }
}

fn to_document(d: &SearchDocument, f: &Fields) -> Result<TantivyDocument> {
    let mut doc = TantivyDocument::default();
    doc.add_text(f.id, d.id.to_string());
    doc.add_text(f.slug, &d.slug);
    let titles =
        serde_json::to_string(&d.title).map_err(|e| Error::CorruptDocument(e.to_string()))?;
    doc.add_text(f.titles, titles);
    for (_, title) in d.title.iter() {
        doc.add_text(f.title, title);
        doc.add_text(f.title_exact, title);
        doc.add_text(f.cjk, title);
        doc.add_text(f.pairs, title);
    }
    for (locale, summary) in d.summary.iter() {
        doc.add_text(f.body, summary);
        doc.add_text(f.cjk, summary);
        if locale == kernel::Locale::En {
            doc.add_text(f.english, summary);
        }
    }
    if let Some(en) = d.title.exact(kernel::Locale::En) {
        doc.add_text(f.english, en);
    }
    for tag in &d.tags {
        doc.add_text(f.body, tag);
        doc.add_text(f.english, tag);
    }
    doc.add_text(f.seller, &d.cooperative_name);
    for category in &d.category_ids {
        doc.add_text(f.category, category.to_string());
    }
    doc.add_text(f.cooperative, d.cooperative_id.to_string());
    for certification in &d.certifications {
        doc.add_text(f.certification, certification.trim().to_lowercase());
    }
    doc.add_text(f.province, &d.province);
    doc.add_text(f.province_key, fold(d.province.trim()));
    doc.add_i64(f.price_min, d.price_min.min(d.price_max));
    doc.add_i64(f.price_max, d.price_max.max(d.price_min));
    doc.add_bool(f.in_stock, d.in_stock);
    doc.add_i64(
        f.published_at,
        d.published_at.map_or(0, |t| t.timestamp_millis()),
    );
    doc.add_i64(f.rating, d.rating);
    doc.add_i64(f.rating_count, d.rating_count);
    Ok(doc)
}

fn id_term(f: &Fields, id: ProductId) -> Term {
    Term::from_field_text(f.id, &id.to_string())
}

fn upsert_documents(writer: &IndexWriter, f: &Fields, documents: &[SearchDocument]) -> Result<()> {
    for d in documents {
        writer.delete_term(id_term(f, d.id));
        writer.add_document(to_document(d, f)?)?;
    }
    Ok(())
}

fn apply_change(writer: &IndexWriter, f: &Fields, change: &Change) -> Result<()> {
    match change {
        Change::Upsert(documents) => upsert_documents(writer, f, documents),
        Change::Delete(ids) => {
            for id in ids {
                writer.delete_term(id_term(f, *id));
            }
            Ok(())
        }
        Change::Clear => {
            writer.delete_all_documents()?;
            Ok(())
        }
    }
}

type Clause = (Occur, Box<dyn Query>);

fn boosted(query: impl Query, boost: Score) -> Box<dyn Query> {
    Box::new(BoostQuery::new(Box::new(query), boost))
}

fn constant(query: impl Query, score: Score) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(Box::new(query), score))
}

fn term_query(field: Field, text: &str) -> TermQuery {
    TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    )
}

/// The terms within a word's typo budget by Meilisearch's rules: with the
/// word's first letter, up to `typos` edits; without it, a wrong first
/// letter counts as two, so only when two are allowed and nothing else is
/// wrong. With `prefix`, a term matches when its beginning does.
struct TypoAutomaton {
    first: Vec<u8>,
    /// Up to the whole budget, for terms with the word's first letter.
    same: DfaWrapper,
    /// Up to one edit, for terms without it (only when two are allowed).
    other: Option<DfaWrapper>,
}

/// Where a term stands against the word's first letter.
#[derive(Clone, Copy, Debug)]
enum FirstLetter {
    /// This many of its bytes seen so far.
    Reading(usize),
    Same,
    Other,
}

impl tantivy_fst::Automaton for TypoAutomaton {
    type State = (FirstLetter, u32, Option<u32>);

    fn start(&self) -> Self::State {
        (
            FirstLetter::Reading(0),
            self.same.start(),
            self.other.as_ref().map(tantivy_fst::Automaton::start),
        )
    }

    fn is_match(&self, (first, same, other): &Self::State) -> bool {
        (matches!(first, FirstLetter::Same) && self.same.is_match(same))
            || self
                .other
                .as_ref()
                .zip(other.as_ref())
                .is_some_and(|(dfa, state)| dfa.is_match(state))
    }

    fn can_match(&self, (first, same, other): &Self::State) -> bool {
        (!matches!(first, FirstLetter::Other) && self.same.can_match(same))
            || self
                .other
                .as_ref()
                .zip(other.as_ref())
                .is_some_and(|(dfa, state)| dfa.can_match(state))
    }

    fn accept(&self, (first, same, other): &Self::State, byte: u8) -> Self::State {
        let first = match *first {
            FirstLetter::Reading(i) if self.first.get(i) == Some(&byte) => {
                if i + 1 == self.first.len() {
                    FirstLetter::Same
                } else {
                    FirstLetter::Reading(i + 1)
                }
            }
            FirstLetter::Reading(_) => FirstLetter::Other,
            done => done,
        };
        let other = self
            .other
            .as_ref()
            .zip(other.as_ref())
            .map(|(dfa, state)| dfa.accept(state, byte));
        (first, self.same.accept(same, byte), other)
    }
}

/// Documents holding a term of `field` within a word's typo budget.
#[derive(Clone)]
struct TypoQuery {
    field: Field,
    automaton: Arc<TypoAutomaton>,
}

impl std::fmt::Debug for TypoQuery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TypoQuery")
            .field("field", &self.field)
            .finish_non_exhaustive()
    }
}

impl TypoQuery {
    fn new(field: Field, word: &str, typos: u8, prefix: bool) -> Option<Self> {
        let dfa = |distance: u8| {
            let term = Term::from_field_text(field, word);
            let query = if prefix {
                FuzzyTermQuery::new_prefix(term, distance, true)
            } else {
                FuzzyTermQuery::new(term, distance, true)
            };
            query.automaton().ok()
        };
        let first = word.chars().next()?.to_string().into_bytes();
        Some(Self {
            field,
            automaton: Arc::new(TypoAutomaton {
                first,
                same: dfa(typos)?,
                other: if typos >= 2 { Some(dfa(1)?) } else { None },
            }),
        })
    }
}

impl Query for TypoQuery {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(AutomatonWeight::<TypoAutomaton>::new(
            self.field,
            self.automaton.clone(),
        )))
    }
}

/// Turns a parsed query and filters into Tantivy queries.
struct Planner {
    f: Fields,
    english: TextAnalyzer,
}

impl Planner {
    fn new(f: Fields) -> Self {
        Self {
            f,
            english: english_analyzer(),
        }
    }

    fn stem(&mut self, word: &str) -> Option<String> {
        let mut stream = self.english.token_stream(word);
        stream.next().map(|t| t.text.clone())
    }

    /// Every part required.
    fn text(&mut self, q: &ParsedQuery) -> Box<dyn Query> {
        let occur = Occur::Must;
        let mut clauses: Vec<Clause> = Vec::with_capacity(q.parts.len());
        for part in &q.parts {
            let clause = match part {
                Part::Word(i) => self.word(&q.words[*i], q.is_prefix(*i)),
                Part::Synonym {
                    range,
                    alternatives,
                } => {
                    let own: Vec<Clause> = range
                        .clone()
                        .map(|i| (Occur::Must, self.word(&q.words[i], q.is_prefix(i))))
                        .collect();
                    let mut options: Vec<Clause> =
                        vec![(Occur::Should, Box::new(BooleanQuery::new(own)))];
                    for alternative in alternatives {
                        let words: Vec<Clause> = alternative
                            .iter()
                            .map(|w| (Occur::Must, self.synonym_word(w)))
                            .collect();
                        options.push((
                            Occur::Should,
                            boosted(BooleanQuery::new(words), SYNONYM_BOOST),
                        ));
                    }
                    Box::new(BooleanQuery::new(options))
                }
            };
            clauses.push((occur, clause));
        }
        // English stems rank (`baskets` before `basket`) but do not widen
        // the match: Meilisearch does not stem, and both backends find the
        // same listings
        for w in q.words.iter().filter(|w| !w.cjk) {
            if let Some(stem) = self.stem(&w.folded) {
                clauses.push((
                    Occur::Should,
                    boosted(term_query(self.f.english, &stem), ENGLISH_BOOST),
                ));
            }
        }
        for (i, pair) in q.words.windows(2).enumerate() {
            if let [a, b] = pair
                && !a.cjk
                && !b.cjk
            {
                let term =
                    Term::from_field_text(self.f.pairs, &format!("{} {}", a.folded, b.folded));
                let query = if q.is_prefix(i + 1) {
                    constant(FuzzyTermQuery::new_prefix(term, 0, true), PAIR_PREFIX_SCORE)
                } else {
                    boosted(
                        TermQuery::new(term, IndexRecordOption::WithFreqs),
                        PAIR_BOOST,
                    )
                };
                clauses.push((Occur::Should, query));
            }
        }
        Box::new(BooleanQuery::new(clauses))
    }

    fn word(&mut self, w: &QueryWord, prefix: bool) -> Box<dyn Query> {
        let f = self.f;
        if w.cjk {
            let grams: Vec<Clause> = analysis::cjk_query_grams(&w.folded)
                .iter()
                .map(|g| {
                    (
                        Occur::Must,
                        Box::new(term_query(f.cjk, g)) as Box<dyn Query>,
                    )
                })
                .collect();
            return boosted(BooleanQuery::new(grams), CJK_BOOST);
        }
        let mut any: Vec<Clause> = vec![
            (
                Occur::Should,
                boosted(term_query(f.title_exact, &w.exact), EXACT_BOOST),
            ),
            (
                Occur::Should,
                boosted(term_query(f.title, &w.folded), TITLE_BOOST),
            ),
            (
                Occur::Should,
                boosted(term_query(f.body, &w.folded), BODY_BOOST),
            ),
            (
                Occur::Should,
                boosted(term_query(f.seller, &w.folded), SELLER_BOOST),
            ),
        ];
        // typos and prefixes by Meilisearch's rules (see
        // `analysis::within_typos`), so that both backends find the same
        // listings; the seller's name takes no typo
        let typos = allowed_typos(&w.folded);
        if typos > 0 {
            for (field, score) in [(f.title, TYPO_TITLE_SCORE), (f.body, TYPO_BODY_SCORE)] {
                if let Some(query) = TypoQuery::new(field, &w.folded, typos, false) {
                    any.push((Occur::Should, constant(query, score)));
                }
            }
        }
        if prefix {
            for (field, score) in [
                (f.title, PREFIX_TITLE_SCORE),
                (f.body, PREFIX_BODY_SCORE),
                (f.seller, PREFIX_SELLER_SCORE),
            ] {
                let term = Term::from_field_text(field, &w.folded);
                any.push((
                    Occur::Should,
                    constant(FuzzyTermQuery::new_prefix(term, 0, true), score),
                ));
                if typos > 0
                    && field != f.seller
                    && let Some(query) = TypoQuery::new(field, &w.folded, typos, true)
                {
                    any.push((Occur::Should, constant(query, score)));
                }
            }
        }
        Box::new(BooleanQuery::new(any))
    }

    /// A word standing for a synonym: exact matches only.
    fn synonym_word(&mut self, word: &str) -> Box<dyn Query> {
        let f = self.f;
        let any: Vec<Clause> = vec![
            (
                Occur::Should,
                boosted(term_query(f.title, word), TITLE_BOOST),
            ),
            (Occur::Should, boosted(term_query(f.body, word), BODY_BOOST)),
        ];
        Box::new(BooleanQuery::new(any))
    }

    fn filters(&self, filters: &Filters) -> Vec<Clause> {
        let f = self.f;
        let mut out: Vec<Clause> = Vec::new();
        let mut must = |q: Box<dyn Query>| out.push((Occur::Must, constant_box(q)));
        if !filters.category_ids.is_empty() {
            let terms = filters
                .category_ids
                .iter()
                .map(|c| Term::from_field_text(f.category, &c.to_string()));
            must(Box::new(TermSetQuery::new(terms)));
        }
        if let Some(cooperative) = filters.cooperative_id {
            must(Box::new(TermQuery::new(
                Term::from_field_text(f.cooperative, &cooperative.to_string()),
                IndexRecordOption::Basic,
            )));
        }
        for certification in &filters.certifications {
            must(Box::new(TermQuery::new(
                Term::from_field_text(f.certification, &certification.trim().to_lowercase()),
                IndexRecordOption::Basic,
            )));
        }
        if let Some(province) = &filters.province {
            must(Box::new(TermQuery::new(
                Term::from_field_text(f.province_key, &fold(province.trim())),
                IndexRecordOption::Basic,
            )));
        }
        if let Some(min) = filters.min_price {
            must(Box::new(RangeQuery::new(
                Bound::Included(Term::from_field_i64(f.price_max, min)),
                Bound::Unbounded,
            )));
        }
        if let Some(max) = filters.max_price {
            must(Box::new(RangeQuery::new(
                Bound::Unbounded,
                Bound::Included(Term::from_field_i64(f.price_min, max)),
            )));
        }
        if let Some(in_stock) = filters.in_stock {
            must(Box::new(TermQuery::new(
                Term::from_field_bool(f.in_stock, in_stock),
                IndexRecordOption::Basic,
            )));
        }
        if let Some(floor) = filters.rating_floor() {
            must(Box::new(RangeQuery::new(
                Bound::Included(Term::from_field_i64(f.rating, floor)),
                Bound::Unbounded,
            )));
        }
        out
    }
}

fn constant_box(query: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(query, 0.0))
}

fn combine(text: Option<Box<dyn Query>>, filters: Vec<Clause>) -> Box<dyn Query> {
    let mut clauses = filters;
    match text {
        Some(text) => clauses.push((Occur::Must, text)),
        None if clauses.is_empty() => return Box::new(AllQuery),
        None => {}
    }
    Box::new(BooleanQuery::new(clauses))
}

/// What a query run found: the total, one page of addresses with their
/// scores, and the facet counts when asked for.
type Outcome = (u64, Vec<(Score, DocAddress)>, Option<FacetTally>);

/// Runs a query: total, one page of addresses with scores, and facets.
fn run(
    searcher: &Searcher,
    query: &dyn Query,
    sort: Sort,
    has_text: bool,
    (offset, limit): (usize, usize),
    facets: Option<&Arc<FacetCache>>,
) -> Result<Outcome> {
    let facets = facets.map(|cache| FacetCollector(cache.clone()));
    if limit == 0 {
        let (total, tally) = searcher.search(query, &(Count, facets))?;
        return Ok((total as u64, Vec::new(), tally));
    }
    let top = TopDocs::with_limit(limit).and_offset(offset);
    let price = SortByStaticFastValue::<i64>::for_field("price_min");
    let newest = SortByStaticFastValue::<i64>::for_field("published_at");
    // best rated first, then the most reviewed
    let rating = SortByStaticFastValue::<i64>::for_field("rating");
    let reviews = SortByStaticFastValue::<i64>::for_field("rating_count");
    let best_rated = ((rating, Order::Desc), (reviews, Order::Desc));
    // With words, ties are broken by relevance; without, there is no
    // relevance and not scoring lets Tantivy collect in blocks.
    macro_rules! by_key {
        ($key:expr, $order:expr) => {{
            let (total, hits, tally) =
                searcher.search(query, &(Count, top.order_by(($key, $order)), facets))?;
            let hits = hits
                .into_iter()
                .map(|(_, address)| (0.0, address))
                .collect();
            (total, hits, tally)
        }};
    }
    macro_rules! by {
        ($key:expr, $order:expr) => {{
            let (total, hits, tally) = searcher.search(
                query,
                &(
                    Count,
                    top.order_by((($key, $order), (SortBySimilarityScore, Order::Desc))),
                    facets,
                ),
            )?;
            let hits = hits
                .into_iter()
                .map(|((_, score), address)| (score, address))
                .collect();
            (total, hits, tally)
        }};
    }
    let (total, hits, tally) = match (sort, has_text) {
        (Sort::Relevance, true) => {
            let (total, hits, tally) =
                searcher.search(query, &(Count, top.order_by_score(), facets))?;
            (total, hits, tally)
        }
        (Sort::PriceAsc, true) => by!(price, Order::Asc),
        (Sort::PriceDesc, true) => by!(price, Order::Desc),
        (Sort::Newest, true) => by!(newest, Order::Desc),
        (Sort::Rating, true) => {
            let (total, hits, tally) = searcher.search(
                query,
                &(
                    Count,
                    top.order_by((best_rated, (SortBySimilarityScore, Order::Desc))),
                    facets,
                ),
            )?;
            let hits = hits
                .into_iter()
                .map(|((_, score), address)| (score, address))
                .collect();
            (total, hits, tally)
        }
        (Sort::PriceAsc, false) => by_key!(price, Order::Asc),
        (Sort::PriceDesc, false) => by_key!(price, Order::Desc),
        (Sort::Newest | Sort::Relevance, false) => by_key!(newest, Order::Desc),
        (Sort::Rating, false) => {
            let (total, hits, tally) =
                searcher.search(query, &(Count, top.order_by(best_rated), facets))?;
            let hits = hits
                .into_iter()
                .map(|(_, address)| (0.0, address))
                .collect();
            (total, hits, tally)
        }
    };
    Ok((total as u64, hits, tally))
}

struct StoredHit {
    id: ProductId,
    slug: String,
    titles: I18nText,
}

fn stored(searcher: &Searcher, f: &Fields, address: DocAddress) -> Result<StoredHit> {
    let doc: TantivyDocument = searcher.doc(address)?;
    let text = |field| {
        doc.get_first(field)
            .and_then(|v| v.as_str().map(str::to_owned))
    };
    let id = text(f.id)
        .and_then(|s| s.parse::<ProductId>().ok())
        .ok_or_else(|| Error::CorruptDocument(format!("no id at {address:?}")))?;
    let titles = text(f.titles)
        .and_then(|s| serde_json::from_str::<I18nText>(&s).ok())
        .ok_or_else(|| Error::CorruptDocument(format!("no titles for {id}")))?;
    Ok(StoredHit {
        id,
        slug: text(f.slug).unwrap_or_default(),
        titles,
    })
}

fn search_blocking(
    generation: &Generation,
    f: Fields,
    query: &SearchQuery,
) -> Result<SearchResults> {
    let started = Instant::now();
    let searcher = generation.reader.searcher();
    let parsed = ParsedQuery::parse(&query.q);
    let mut planner = Planner::new(f);
    let filters = planner.filters(&query.filters);
    let window = query.window();
    let has_text = !parsed.is_empty();

    let text = has_text.then(|| planner.text(&parsed));
    let combined = combine(text, filters);
    let mut outcome = run(
        &searcher,
        combined.as_ref(),
        query.sort,
        has_text,
        window,
        query.facets.then_some(&generation.facets),
    )?;
    let mut effective = parsed.clone();
    // Rather some words than none: while nothing holds every word, drop
    // words from the end (a synonym phrase counts as one), as the
    // Meilisearch backend does too.
    let mut kept = parsed.parts.len();
    while outcome.0 == 0 && kept > 1 {
        kept -= 1;
        effective = parsed.truncated(kept);
        let shorter = combine(
            Some(planner.text(&effective)),
            planner.filters(&query.filters),
        );
        outcome = run(
            &searcher,
            shorter.as_ref(),
            query.sort,
            has_text,
            window,
            query.facets.then_some(&generation.facets),
        )?;
    }
    let (total, addresses, tally) = outcome;

    let matcher = Matcher::new(&effective);
    let mut hits = Vec::with_capacity(addresses.len());
    for (score, address) in addresses {
        let s = stored(&searcher, &f, address)?;
        let title = s.titles.get(query.locale).to_owned();
        let (highlighted_title, _) = matcher.highlight(&title);
        hits.push(Hit {
            id: s.id,
            slug: s.slug,
            score,
            title,
            highlighted_title,
        });
    }
    let did_you_mean = if has_text && total < FEW_HITS {
        did_you_mean(&searcher, &f, &parsed)?
    } else {
        None
    };
    Ok(SearchResults {
        hits,
        total,
        page: query.page(),
        per_page: query.per_page(),
        facets: tally.map(FacetTally::into_facets),
        took_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        did_you_mean,
    })
}

/// Whether some title holds the word (or, for a prefix, a word starting
/// with it).
fn title_has(searcher: &Searcher, f: &Fields, word: &str, prefix: bool) -> Result<bool> {
    for segment in searcher.segment_readers() {
        let index = segment.inverted_index(f.title)?;
        let terms = index.terms();
        if prefix {
            let query = FuzzyTermQuery::new_prefix(Term::from_field_text(f.title, word), 0, true);
            if terms.search(query.automaton()?).into_stream()?.advance() {
                return Ok(true);
            }
        } else if terms.get(word.as_bytes())?.is_some() {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The title word closest to `word` within its budget: fewest edits, then
/// most listings.
fn closest_title_word(searcher: &Searcher, f: &Fields, word: &str) -> Result<Option<String>> {
    let budget = analysis::correction_budget(word);
    if budget == 0 {
        return Ok(None);
    }
    let query = FuzzyTermQuery::new(Term::from_field_text(f.title, word), budget, true);
    let mut best: HashMap<String, (u8, u64)> = HashMap::new();
    for segment in searcher.segment_readers() {
        let index = segment.inverted_index(f.title)?;
        let mut stream = index.terms().search(query.automaton()?).into_stream()?;
        while stream.advance() {
            let Ok(candidate) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            let Some(distance) = analysis::edit_distance(word, candidate, budget) else {
                continue;
            };
            let entry = best.entry(candidate.to_owned()).or_insert((distance, 0));
            entry.1 += u64::from(stream.value().doc_freq);
        }
    }
    Ok(best
        .into_iter()
        .min_by(|(a, (da, na)), (b, (db, nb))| da.cmp(db).then(nb.cmp(na)).then(a.cmp(b)))
        .map(|(word, _)| word))
}

fn did_you_mean(searcher: &Searcher, f: &Fields, parsed: &ParsedQuery) -> Result<Option<String>> {
    let mut changed = false;
    let mut words = Vec::with_capacity(parsed.words.len());
    for (i, w) in parsed.words.iter().enumerate() {
        if w.cjk || title_has(searcher, f, &w.folded, parsed.is_prefix(i))? {
            words.push(w.folded.clone());
            continue;
        }
        match closest_title_word(searcher, f, &w.folded)? {
            Some(better) => {
                changed = true;
                words.push(better);
            }
            None => words.push(w.folded.clone()),
        }
    }
    Ok(changed.then(|| words.join(" ")))
}

fn suggest_blocking(
    generation: &Generation,
    f: Fields,
    prefix: &str,
    limit: usize,
) -> Result<Vec<Suggestion>> {
    let parsed = ParsedQuery::parse(prefix);
    if parsed.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    let searcher = generation.reader.searcher();
    let mut planner = Planner::new(f);
    let query = planner.text(&parsed);
    let top = searcher.search(
        query.as_ref(),
        &TopDocs::with_limit(limit * 3).order_by_score(),
    )?;
    let mut hits = Vec::with_capacity(top.len());
    for (_, address) in top {
        let s = stored(&searcher, &f, address)?;
        hits.push((s.id, s.slug, s.titles));
    }
    Ok(crate::model::suggestions(
        hits,
        &Matcher::new(&parsed),
        limit,
    ))
}

#[async_trait::async_trait]
impl SearchIndex for TantivyIndex {
    #[tracing::instrument(skip_all, fields(documents = documents.len()))]
    async fn upsert(&self, documents: Vec<SearchDocument>) -> Result<()> {
        if documents.is_empty() {
            return Ok(());
        }
        let documents = Arc::new(documents);
        let change = Change::Upsert(documents.as_ref().clone());
        self.write(change, move |writer, f| {
            upsert_documents(writer, f, &documents)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(ids = ids.len()))]
    async fn delete(&self, ids: Vec<ProductId>) -> Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        let change = Change::Delete(ids);
        let apply = change.clone();
        self.write(change, move |writer, f| apply_change(writer, f, &apply))
            .await
    }

    async fn search(&self, query: &SearchQuery) -> Result<SearchResults> {
        let generation = self.live();
        let fields = self.inner.fields;
        let query = query.clone();
        tokio::task::spawn_blocking(move || search_blocking(&generation, fields, &query)).await?
    }

    async fn suggest(&self, prefix: &str, limit: usize) -> Result<Vec<Suggestion>> {
        let generation = self.live();
        let fields = self.inner.fields;
        let prefix = prefix.to_owned();
        tokio::task::spawn_blocking(move || suggest_blocking(&generation, fields, &prefix, limit))
            .await?
    }

    #[tracing::instrument(skip_all)]
    async fn clear(&self) -> Result<()> {
        self.write(Change::Clear, |writer, f| {
            apply_change(writer, f, &Change::Clear)
        })
        .await
    }

    async fn stats(&self) -> Result<IndexStats> {
        let generation = self.live();
        let rebuilding = self
            .inner
            .journal
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_some();
        Ok(IndexStats {
            documents: generation.reader.searcher().num_docs(),
            backend: "tantivy".into(),
            generation: generation.name.clone(),
            rebuilding,
        })
    }

    #[tracing::instrument(skip_all)]
    async fn begin_rebuild(&self) -> Result<Box<dyn Rebuild>> {
        {
            let mut journal = self
                .inner
                .journal
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            if journal.is_some() {
                return Err(Error::RebuildInProgress);
            }
            *journal = Some(Vec::new());
        }
        let inner = self.inner.clone();
        let started = tokio::task::spawn_blocking(move || -> Result<TantivyRebuild> {
            let (name, index) = create_generation(&inner.root, &inner.schema)?;
            let writer = index.writer_with_num_threads(
                inner.config.rebuild_threads.max(1),
                inner.config.rebuild_heap_bytes,
            )?;
            Ok(TantivyRebuild {
                target: TantivyIndex {
                    inner: inner.clone(),
                },
                name,
                index: Some(index),
                writer: Some(writer),
                finished: false,
            })
        })
        .await;
        match started {
            Ok(Ok(rebuild)) => Ok(Box::new(rebuild)),
            Ok(Err(e)) => {
                self.end_rebuild();
                Err(e)
            }
            Err(e) => {
                self.end_rebuild();
                Err(e.into())
            }
        }
    }
}

impl TantivyIndex {
    fn end_rebuild(&self) {
        *self
            .inner
            .journal
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = None;
    }
}

/// A generation being filled.
struct TantivyRebuild {
    target: TantivyIndex,
    name: String,
    index: Option<Index>,
    writer: Option<IndexWriter>,
    finished: bool,
}

impl TantivyRebuild {
    fn path(&self) -> PathBuf {
        self.target.inner.root.join(&self.name)
    }
}

impl Drop for TantivyRebuild {
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        self.target.end_rebuild();
        self.writer = None;
        self.index = None;
        let _ = fs::remove_dir_all(self.path());
    }
}

#[async_trait::async_trait]
impl Rebuild for TantivyRebuild {
    async fn add(&mut self, documents: Vec<SearchDocument>) -> Result<()> {
        let Some(writer) = self.writer.take() else {
            return Err(Error::Worker("the rebuild's writer was lost".into()));
        };
        let fields = self.target.inner.fields;
        let (writer, outcome) = tokio::task::spawn_blocking(move || {
            let outcome = upsert_documents(&writer, &fields, &documents);
            (writer, outcome)
        })
        .await?;
        self.writer = Some(writer);
        outcome
    }

    #[tracing::instrument(skip_all, fields(generation = %self.name))]
    async fn commit_and_swap(mut self: Box<Self>) -> Result<IndexStats> {
        let (Some(mut writer), Some(index)) = (self.writer.take(), self.index.take()) else {
            return Err(Error::Worker("the rebuild's writer was lost".into()));
        };
        let fields = self.target.inner.fields;
        // First the bulk: commit and merge into one segment while the live
        // index still serves.
        let (writer, index) = tokio::task::spawn_blocking(move || -> Result<_> {
            writer.commit()?;
            let segments = index.searchable_segment_ids()?;
            if segments.len() > 1 {
                writer.merge(&segments).wait()?;
            }
            Ok((writer, index))
        })
        .await??;

        // Then, holding the live writer so no change slips between, replay
        // the changes made meanwhile, commit, and swap.
        let inner = self.target.inner.clone();
        let old = self.target.live();
        let mut old_writer = old.writer.clone().lock_owned().await;
        let changes = inner
            .journal
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
            .unwrap_or_default();
        let name = self.name.clone();
        let live_heap = inner.config.writer_heap_bytes;
        let root = inner.root.clone();
        let swapped = tokio::task::spawn_blocking(move || -> Result<Arc<Generation>> {
            let mut writer = writer;
            for change in &changes {
                apply_change(&writer, &fields, change)?;
            }
            writer.commit()?;
            writer.wait_merging_threads()?;
            let generation = Arc::new(live_generation(name.clone(), index, live_heap)?);
            write_pointer(&root, &name)?;
            Ok(generation)
        })
        .await;
        let generation = match swapped {
            Ok(Ok(generation)) => generation,
            Ok(Err(e)) => return Err(e), // Drop removes the new generation
            Err(e) => return Err(e.into()),
        };
        self.finished = true;
        *inner.live.write().unwrap_or_else(PoisonError::into_inner) = generation.clone();
        let retired = old_writer.take();
        drop(old_writer);
        let old_path = inner.root.join(&old.name);
        let old_name = old.name.clone();
        drop(old);
        tokio::task::spawn_blocking(move || {
            if let Some(writer) = retired
                && let Err(error) = writer.wait_merging_threads()
            {
                tracing::warn!(%error, "old search index writer did not stop cleanly");
            }
            if let Err(error) = fs::remove_dir_all(&old_path) {
                tracing::warn!(generation = %old_name, %error, "could not remove the old search index");
            }
        })
        .await?;
        Ok(IndexStats {
            documents: generation.reader.searcher().num_docs(),
            backend: "tantivy".into(),
            generation: generation.name.clone(),
            rebuilding: false,
        })
    }

    async fn abort(self: Box<Self>) -> Result<()> {
        tokio::task::spawn_blocking(move || drop(self)).await?;
        Ok(())
    }
}
