//! The production backend: a Meilisearch index, reached with
//! `meilisearch-sdk`.
//!
//! Settings are applied when connecting: searchable attributes (titles in
//! every language, then folded titles, tags, summaries, seller), filterable
//! attributes for every filter, sortable prices and publication time,
//! Meilisearch's default typo budgets spelled out, the same [`SYNONYMS`] as
//! the embedded index, and `sort` as the first ranking rule so that a price
//! or date order is strict. Every task is waited for, and one that does not
//! finish within the configured time is an error.
//!
//! [`SYNONYMS`]: crate::SYNONYMS

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, PoisonError};
use std::time::{Duration, Instant};

use kernel::{CategoryId, CooperativeId, I18nText, Locale, ProductId, fold};
use meilisearch_sdk::client::{Client, SwapIndexes};
use meilisearch_sdk::errors::{Error as SdkError, ErrorCode};
use meilisearch_sdk::indexes::Index;
use meilisearch_sdk::search::{MatchingStrategies, SearchResult, Selectors};
use meilisearch_sdk::settings::{
    FacetSortValue, FacetingSettings, LocalizedAttributes, MinWordSizeForTypos, PaginationSetting,
    Settings, TypoToleranceSettings,
};
use meilisearch_sdk::task_info::TaskInfo;
use meilisearch_sdk::tasks::Task;
use serde::{Deserialize, Serialize};
use tokio::sync::RwLock;

use crate::analysis::{self, ParsedQuery, SYNONYMS, escape_html};
use crate::model::{
    FacetCount, Facets, Filters, Hit, IndexStats, MAX_FACET_VALUES, PriceBucket, SearchQuery,
    SearchResults, Sort, Suggestion,
};
use crate::{Change, Error, Journal, Rebuild, Result, SearchDocument, SearchIndex, journal};

/// Highlight tags Meilisearch inserts: private-use characters that no title
/// holds, turned into `<mark>` once the text is escaped.
const PRE: &str = "\u{E000}";
const POST: &str = "\u{E001}";
const MARKERS: [char; 2] = ['\u{E000}', '\u{E001}'];
const FEW_HITS: u64 = 10;
const POLL: Duration = Duration::from_millis(50);

const SEARCHABLE: [&str; 12] = [
    "title.vi",
    "title.en",
    "title.ja",
    "title.zh",
    "folded.title",
    "tags",
    "summary.vi",
    "summary.en",
    "summary.ja",
    "summary.zh",
    "folded.summary",
    "cooperative_name",
];
const TITLES: [&str; 5] = [
    "title.vi",
    "title.en",
    "title.ja",
    "title.zh",
    "folded.title",
];
const HIGHLIGHTED: [&str; 5] = ["title.vi", "title.en", "title.ja", "title.zh", "tags"];
const RETRIEVED: [&str; 4] = ["id", "slug", "title", "tags"];
const FILTERABLE: [&str; 9] = [
    "category_ids",
    "cooperative_id",
    "certifications",
    // facets must be filterable; filters use the folded key
    "province",
    "province_key",
    "price_min",
    "price_max",
    "price_buckets",
    "in_stock",
];
const FACETS: [&str; 6] = [
    "category_ids",
    "cooperative_id",
    "certifications",
    "province",
    "price_buckets",
    "in_stock",
];

/// Where Meilisearch is and how long to wait for it.
#[derive(Clone, Debug)]
pub struct MeilisearchConfig {
    /// Its base URL, e.g. `http://127.0.0.1:7700`.
    pub url: String,
    /// An API key allowed to manage the index (from the environment).
    pub api_key: Option<String>,
    /// The index uid.
    pub index: String,
    /// How long to wait for a task before giving up with an error.
    pub task_timeout: Duration,
}

impl MeilisearchConfig {
    /// The `products` index at `url`, tasks waited for up to 10 s.
    pub fn new(url: impl Into<String>, api_key: Option<String>) -> Self {
        Self {
            url: url.into(),
            api_key,
            index: "products".into(),
            task_timeout: Duration::from_secs(10),
        }
    }
}

struct Shared {
    client: Client,
    uid: String,
    timeout: Duration,
    journal: Journal,
    /// Writers hold it shared; a swap holds it alone, so that no change is
    /// sent between the replay of the journal and the swap.
    gate: RwLock<()>,
}

/// The Meilisearch backend.
#[derive(Clone)]
pub struct MeilisearchIndex {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for MeilisearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MeilisearchIndex")
            .field("index", &self.shared.uid)
            .finish()
    }
}

/// The document as Meilisearch stores it.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct MeiliDocument {
    id: String,
    slug: String,
    title: I18nText,
    summary: I18nText,
    tags: Vec<String>,
    cooperative_id: String,
    cooperative_name: String,
    category_ids: Vec<String>,
    province: String,
    province_key: String,
    certifications: Vec<String>,
    price_min: i64,
    price_max: i64,
    price_buckets: Vec<String>,
    in_stock: bool,
    /// Milliseconds since the epoch, 0 when unknown: sortable as a number.
    published_at: i64,
    folded: Folded,
}

/// Folded copies, so that `gio may` finds `Giỏ mây` whatever Meilisearch's
/// own normalisation does with Vietnamese.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Folded {
    title: String,
    summary: String,
}

impl From<&SearchDocument> for MeiliDocument {
    fn from(d: &SearchDocument) -> Self {
        let join = |t: &I18nText| {
            t.iter()
                .map(|(_, text)| fold(text))
                .collect::<Vec<_>>()
                .join(" · ")
        };
        let (low, high) = (d.price_min.min(d.price_max), d.price_max.max(d.price_min));
        Self {
            id: d.id.to_string(),
            slug: d.slug.clone(),
            title: d.title.clone(),
            summary: d.summary.clone(),
            tags: d.tags.clone(),
            cooperative_id: d.cooperative_id.to_string(),
            cooperative_name: d.cooperative_name.clone(),
            category_ids: d.category_ids.iter().map(ToString::to_string).collect(),
            province: d.province.clone(),
            province_key: fold(d.province.trim()),
            certifications: d
                .certifications
                .iter()
                .map(|c| c.trim().to_lowercase())
                .collect(),
            price_min: low,
            price_max: high,
            price_buckets: PriceBucket::overlapping(low, high)
                .map(|b| b.key().to_owned())
                .collect(),
            in_stock: d.in_stock,
            published_at: d.published_at.map_or(0, |t| t.timestamp_millis()),
            folded: Folded {
                title: join(&d.title),
                summary: join(&d.summary),
            },
        }
    }
}

/// What a hit brings back.
#[derive(Clone, Debug, Deserialize)]
struct MeiliHit {
    id: ProductId,
    slug: String,
    title: I18nText,
}

/// Each phrase of a synonym group, with and without diacritics, maps to
/// every other phrase of the group.
fn synonyms() -> HashMap<String, Vec<String>> {
    let mut map = HashMap::new();
    for group in SYNONYMS {
        let mut forms: Vec<String> = Vec::new();
        for phrase in *group {
            for form in [(*phrase).to_owned(), fold(phrase)] {
                if !forms.contains(&form) {
                    forms.push(form);
                }
            }
        }
        for form in &forms {
            let others = forms
                .iter()
                .filter(|o| fold(o) != fold(form))
                .cloned()
                .collect();
            map.insert(form.clone(), others);
        }
    }
    map
}

fn settings() -> Settings {
    Settings::new()
        .with_searchable_attributes(SEARCHABLE)
        .with_filterable_attributes(FILTERABLE)
        .with_sortable_attributes(["price_min", "price_max", "published_at"])
        .with_ranking_rules([
            "sort",
            "words",
            "typo",
            "proximity",
            "attribute",
            "exactness",
        ])
        .with_typo_tolerance(TypoToleranceSettings {
            enabled: Some(true),
            disable_on_attributes: Some(Vec::new()),
            disable_on_words: Some(Vec::new()),
            min_word_size_for_typos: Some(MinWordSizeForTypos {
                one_typo: Some(5),
                two_typos: Some(9),
            }),
            disable_on_numbers: None,
        })
        .with_synonyms(synonyms())
        .with_pagination(PaginationSetting {
            max_total_hits: 1_000_000,
        })
        .with_faceting(FacetingSettings {
            max_values_per_facet: MAX_FACET_VALUES,
            sort_facet_values_by: Some(BTreeMap::from([("*".to_owned(), FacetSortValue::Count)])),
        })
}

/// Which tokenizer Meilisearch uses for each language's fields. Applied on
/// its own so that a server that does not know a locale still searches.
fn localized_settings() -> Settings {
    let pair = |locale: &str, patterns: &[&str]| LocalizedAttributes {
        locales: vec![locale.to_owned()],
        attribute_patterns: patterns.iter().map(|p| (*p).to_owned()).collect(),
    };
    Settings::new().with_localized_attributes([
        pair("vie", &["title.vi", "summary.vi"]),
        pair("eng", &["title.en", "summary.en"]),
        pair("jpn", &["title.ja", "summary.ja"]),
        pair("cmn", &["title.zh", "summary.zh"]),
    ])
}

/// A filter value as a Meilisearch string literal: double-quoted, with
/// backslashes and quotes escaped.
fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        if c == '\\' || c == '"' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

fn filter_expression(f: &Filters) -> String {
    let mut parts = Vec::new();
    if !f.category_ids.is_empty() {
        let ids: Vec<String> = f
            .category_ids
            .iter()
            .map(|c| quote(&c.to_string()))
            .collect();
        parts.push(format!("category_ids IN [{}]", ids.join(", ")));
    }
    if let Some(cooperative) = f.cooperative_id {
        parts.push(format!(
            "cooperative_id = {}",
            quote(&cooperative.to_string())
        ));
    }
    for certification in &f.certifications {
        parts.push(format!(
            "certifications = {}",
            quote(&certification.trim().to_lowercase())
        ));
    }
    if let Some(province) = &f.province {
        parts.push(format!("province_key = {}", quote(&fold(province.trim()))));
    }
    if let Some(min) = f.min_price {
        parts.push(format!("price_max >= {min}"));
    }
    if let Some(max) = f.max_price {
        parts.push(format!("price_min <= {max}"));
    }
    if let Some(in_stock) = f.in_stock {
        parts.push(format!("in_stock = {in_stock}"));
    }
    parts.join(" AND ")
}

fn marks_to_html(text: &str) -> String {
    escape_html(text)
        .replace(PRE, "<mark>")
        .replace(POST, "</mark>")
}

fn strip_marks(text: &str) -> String {
    text.replace(MARKERS, "")
}

/// The highlighted stretches of a formatted text, folded.
fn marked(text: &str, into: &mut HashSet<String>) {
    for piece in text.split(PRE).skip(1) {
        if let Some((inside, _)) = piece.split_once(POST) {
            for w in analysis::words(inside) {
                into.insert(fold(w.text));
            }
        }
    }
}

fn formatted_titles(hit: &SearchResult<MeiliHit>) -> Option<I18nText> {
    let value = hit.formatted_result.as_ref()?.get("title")?.clone();
    serde_json::from_value(value).ok()
}

fn counts<T: Ord>(
    distribution: &HashMap<String, HashMap<String, usize>>,
    facet: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Vec<FacetCount<T>> {
    let values = distribution
        .get(facet)
        .map(|values| {
            values
                .iter()
                .filter_map(|(value, count)| {
                    Some(FacetCount {
                        value: parse(value)?,
                        count: *count as u64,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    crate::model::ranked(values)
}

fn facets(distribution: &HashMap<String, HashMap<String, usize>>) -> Facets {
    let mut price_range = counts(distribution, "price_buckets", PriceBucket::from_key);
    price_range.sort_by_key(|c| c.value);
    Facets {
        category: counts(distribution, "category_ids", |v| {
            v.parse::<CategoryId>().ok()
        }),
        cooperative: counts(distribution, "cooperative_id", |v| {
            v.parse::<CooperativeId>().ok()
        }),
        certification: counts(distribution, "certifications", |v| Some(v.to_owned())),
        province: counts(distribution, "province", |v| Some(v.to_owned())),
        price_range,
        in_stock: counts(distribution, "in_stock", |v| v.parse::<bool>().ok()),
    }
}

/// Replaces the words that matched nothing exactly by the closest word the
/// top hits were highlighted on (Meilisearch matched them with typos).
fn did_you_mean(parsed: &ParsedQuery, matched: &HashSet<String>) -> Option<String> {
    let mut changed = false;
    let words: Vec<String> = parsed
        .words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let unfinished =
                parsed.is_prefix(i) && matched.iter().any(|m| m.starts_with(&w.folded));
            if w.cjk || unfinished || matched.contains(&w.folded) {
                return w.folded.clone();
            }
            let budget = analysis::correction_budget(&w.folded);
            let best = matched
                .iter()
                .filter_map(|m| analysis::edit_distance(&w.folded, m, budget).map(|d| (d, m)))
                .min();
            match best {
                Some((d, m)) if d > 0 => {
                    changed = true;
                    m.clone()
                }
                _ => w.folded.clone(),
            }
        })
        .collect();
    changed.then(|| words.join(" "))
}

impl MeilisearchIndex {
    /// Connects, creates the index if missing and applies the settings,
    /// waiting for each task.
    #[tracing::instrument(skip_all, fields(url = %config.url, index = %config.index))]
    pub async fn connect(config: MeilisearchConfig) -> Result<Self> {
        let client = Client::new(config.url.trim_end_matches('/'), config.api_key.clone())?;
        let this = Self {
            shared: Arc::new(Shared {
                client,
                uid: config.index.clone(),
                timeout: config.task_timeout,
                journal: Journal::default(),
                gate: RwLock::new(()),
            }),
        };
        this.prepare(&config.index).await?;
        Ok(this)
    }

    fn index(&self, uid: &str) -> Index {
        self.shared.client.index(uid)
    }

    /// Waits for a task; failure and time-out are errors.
    async fn wait(&self, task: TaskInfo) -> Result<()> {
        let uid = task.task_uid;
        match self
            .shared
            .client
            .wait_for_task(task, Some(POLL), Some(self.shared.timeout))
            .await
        {
            Ok(Task::Succeeded { .. }) => Ok(()),
            Ok(Task::Failed { content }) => Err(Error::TaskFailed {
                task: uid,
                message: format!(
                    "{} ({})",
                    content.error.error_message, content.error.error_code
                ),
            }),
            Ok(_) | Err(SdkError::Timeout) => Err(Error::TaskTimedOut {
                task: uid,
                seconds: self.shared.timeout.as_secs(),
            }),
            Err(e) => Err(e.into()),
        }
    }

    /// Creates the index `uid` if missing and applies the settings.
    async fn prepare(&self, uid: &str) -> Result<()> {
        match self.shared.client.get_index(uid).await {
            Ok(_) => {}
            Err(SdkError::Meilisearch(e)) if e.error_code == ErrorCode::IndexNotFound => {
                let task = self.shared.client.create_index(uid, Some("id")).await?;
                self.wait(task).await?;
            }
            Err(e) => return Err(e.into()),
        }
        let index = self.index(uid);
        let task = index.set_settings(&settings()).await?;
        self.wait(task).await?;
        let localized = async {
            let task = index.set_settings(&localized_settings()).await?;
            self.wait(task).await
        };
        if let Err(error) = localized.await {
            tracing::warn!(%error, "meilisearch refused the per-language tokenizers; searching without them");
        }
        Ok(())
    }

    /// Sends a change to an index and waits for it.
    async fn apply(&self, uid: &str, change: &Change) -> Result<()> {
        let index = self.index(uid);
        let task = match change {
            Change::Upsert(documents) => {
                let documents: Vec<MeiliDocument> = documents.iter().map(Into::into).collect();
                index.add_or_replace(&documents, Some("id")).await?
            }
            Change::Delete(ids) => {
                let ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
                index.delete_documents(&ids).await?
            }
            Change::Clear => index.delete_all_documents().await?,
        };
        self.wait(task).await
    }

    async fn write(&self, change: Change) -> Result<()> {
        let _gate = self.shared.gate.read().await;
        journal(&self.shared.journal, || change.clone());
        self.apply(&self.shared.uid, &change).await
    }

    /// Deletes the whole index (tests, decommissioning).
    pub async fn delete_index(&self) -> Result<()> {
        let task = self.shared.client.delete_index(&self.shared.uid).await?;
        self.wait(task).await
    }

    fn end_rebuild(&self) {
        *self
            .shared
            .journal
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = None;
    }
}

#[async_trait::async_trait]
impl SearchIndex for MeilisearchIndex {
    #[tracing::instrument(skip_all, fields(documents = documents.len()))]
    async fn upsert(&self, documents: Vec<SearchDocument>) -> Result<()> {
        if documents.is_empty() {
            return Ok(());
        }
        self.write(Change::Upsert(documents)).await
    }

    #[tracing::instrument(skip_all, fields(ids = ids.len()))]
    async fn delete(&self, ids: Vec<ProductId>) -> Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        self.write(Change::Delete(ids)).await
    }

    async fn search(&self, query: &SearchQuery) -> Result<SearchResults> {
        let started = Instant::now();
        let parsed = ParsedQuery::parse(&query.q);
        let q = parsed.normalized();
        let filter = filter_expression(&query.filters);
        let sort: &[&str] = match (query.sort, parsed.is_empty()) {
            (Sort::Relevance, false) => &[],
            (Sort::PriceAsc, _) => &["price_min:asc"],
            (Sort::PriceDesc, _) => &["price_min:desc"],
            (Sort::Newest, _) | (Sort::Relevance, true) => &["published_at:desc"],
        };
        let (page, per_page) = match query.window() {
            (_, 0) => (1, 0),
            _ => (query.page() as usize, query.per_page() as usize),
        };
        let index = self.index(&self.shared.uid);
        let mut search = index.search();
        search
            .with_query(&q)
            .with_page(page)
            .with_hits_per_page(per_page)
            .with_attributes_to_retrieve(Selectors::Some(&RETRIEVED))
            .with_attributes_to_highlight(Selectors::Some(&HIGHLIGHTED))
            .with_highlight_pre_tag(PRE)
            .with_highlight_post_tag(POST)
            .with_show_ranking_score(true)
            .with_matching_strategy(MatchingStrategies::LAST);
        if !filter.is_empty() {
            search.with_filter(&filter);
        }
        if !sort.is_empty() {
            search.with_sort(sort);
        }
        if query.facets {
            search.with_facets(Selectors::Some(&FACETS));
        }
        let results = search.execute::<MeiliHit>().await?;

        let total = results
            .total_hits
            .or(results.estimated_total_hits)
            .unwrap_or(results.hits.len()) as u64;
        let mut matched = HashSet::new();
        let mut hits = Vec::with_capacity(results.hits.len());
        for hit in &results.hits {
            let formatted = formatted_titles(hit);
            let title = hit.result.title.get(query.locale).to_owned();
            let highlighted_title = formatted
                .as_ref()
                .map(|f| f.get(query.locale))
                .filter(|f| strip_marks(f) == title)
                .map_or_else(|| escape_html(&title), marks_to_html);
            if let Some(f) = &formatted {
                for (_, text) in f.iter() {
                    marked(text, &mut matched);
                }
            }
            let tags = hit
                .formatted_result
                .as_ref()
                .and_then(|f| f.get("tags"))
                .and_then(|t| t.as_array());
            for tag in tags.into_iter().flatten().filter_map(|t| t.as_str()) {
                marked(tag, &mut matched);
            }
            hits.push(Hit {
                id: hit.result.id,
                slug: hit.result.slug.clone(),
                score: hit.ranking_score.unwrap_or(0.0) as f32,
                title,
                highlighted_title,
            });
        }
        let did_you_mean = if !parsed.is_empty() && total < FEW_HITS {
            did_you_mean(&parsed, &matched)
        } else {
            None
        };
        Ok(SearchResults {
            hits,
            total,
            page: query.page(),
            per_page: query.per_page(),
            facets: query
                .facets
                .then(|| facets(&results.facet_distribution.unwrap_or_default())),
            took_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            did_you_mean,
        })
    }

    async fn suggest(&self, prefix: &str, limit: usize) -> Result<Vec<Suggestion>> {
        let parsed = ParsedQuery::parse(prefix);
        if parsed.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let q = parsed.normalized();
        let index = self.index(&self.shared.uid);
        let mut search = index.search();
        search
            .with_query(&q)
            .with_limit(limit * 3)
            .with_attributes_to_search_on(&TITLES)
            .with_attributes_to_retrieve(Selectors::Some(&RETRIEVED))
            .with_attributes_to_highlight(Selectors::Some(&HIGHLIGHTED))
            .with_highlight_pre_tag(PRE)
            .with_highlight_post_tag(POST);
        let results = search.execute::<MeiliHit>().await?;
        let mut seen = HashSet::new();
        let mut out = Vec::with_capacity(limit);
        for hit in &results.hits {
            let Some(formatted) = formatted_titles(hit) else {
                continue;
            };
            // the title with the most matched words, Vietnamese first on a tie
            let mut best: Option<(String, String, usize)> = None;
            for locale in Locale::ALL {
                let (Some(marked), Some(plain)) =
                    (formatted.exact(locale), hit.result.title.exact(locale))
                else {
                    continue;
                };
                let count = marked.matches(PRE).count();
                if strip_marks(marked) == plain && count > best.as_ref().map_or(0, |b| b.2) {
                    best = Some((plain.to_owned(), marks_to_html(marked), count));
                }
            }
            let best = best.map(|(title, html, _)| (title, html));
            let Some((title, highlighted)) = best else {
                continue;
            };
            if seen.insert(title.clone()) {
                out.push(Suggestion {
                    id: hit.result.id,
                    slug: hit.result.slug.clone(),
                    title,
                    highlighted,
                });
            }
            if out.len() == limit {
                break;
            }
        }
        Ok(out)
    }

    #[tracing::instrument(skip_all)]
    async fn clear(&self) -> Result<()> {
        self.write(Change::Clear).await
    }

    async fn stats(&self) -> Result<IndexStats> {
        let stats = self.index(&self.shared.uid).get_stats().await?;
        let rebuilding = self
            .shared
            .journal
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_some();
        Ok(IndexStats {
            documents: stats.number_of_documents as u64,
            backend: "meilisearch".into(),
            generation: self.shared.uid.clone(),
            rebuilding,
        })
    }

    #[tracing::instrument(skip_all)]
    async fn begin_rebuild(&self) -> Result<Box<dyn Rebuild>> {
        {
            let mut journal = self
                .shared
                .journal
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            if journal.is_some() {
                return Err(Error::RebuildInProgress);
            }
            *journal = Some(Vec::new());
        }
        let temp = format!(
            "{}_rebuild_{}",
            self.shared.uid,
            uuid::Uuid::now_v7().simple()
        );
        let rebuild = MeiliRebuild {
            target: self.clone(),
            temp,
            finished: false,
        };
        // On failure, dropping `rebuild` ends the journal and deletes the
        // temporary index.
        self.prepare(&rebuild.temp).await?;
        Ok(Box::new(rebuild))
    }
}

/// A temporary index being filled, swapped with the live one at the end.
struct MeiliRebuild {
    target: MeilisearchIndex,
    temp: String,
    finished: bool,
}

impl Drop for MeiliRebuild {
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        self.target.end_rebuild();
        let client = self.target.shared.client.clone();
        let temp = std::mem::take(&mut self.temp);
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                if let Err(error) = client.delete_index(&temp).await {
                    tracing::warn!(index = %temp, %error, "could not delete an abandoned rebuild index");
                }
            });
        }
    }
}

#[async_trait::async_trait]
impl Rebuild for MeiliRebuild {
    async fn add(&mut self, documents: Vec<SearchDocument>) -> Result<()> {
        if documents.is_empty() {
            return Ok(());
        }
        self.target
            .apply(&self.temp, &Change::Upsert(documents))
            .await
    }

    #[tracing::instrument(skip_all, fields(index = %self.temp))]
    async fn commit_and_swap(mut self: Box<Self>) -> Result<IndexStats> {
        let target = self.target.clone();
        let shared = target.shared.clone();
        {
            let _gate = shared.gate.write().await;
            let changes = shared
                .journal
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clone()
                .unwrap_or_default();
            for change in &changes {
                target.apply(&self.temp, change).await?;
            }
            let task = shared
                .client
                .swap_indexes([&SwapIndexes {
                    indexes: (shared.uid.clone(), self.temp.clone()),
                    rename: None,
                }])
                .await?;
            target.wait(task).await?;
            self.finished = true;
            target.end_rebuild();
        }
        // The temporary uid now names the old documents.
        match shared.client.delete_index(&self.temp).await {
            Ok(task) => {
                if let Err(error) = target.wait(task).await {
                    tracing::warn!(index = %self.temp, %error, "could not delete the old index after a swap");
                }
            }
            Err(error) => {
                tracing::warn!(index = %self.temp, %error, "could not delete the old index after a swap");
            }
        }
        target.stats().await
    }

    async fn abort(mut self: Box<Self>) -> Result<()> {
        self.finished = true;
        self.target.end_rebuild();
        let task = self.target.shared.client.delete_index(&self.temp).await?;
        self.target.wait(task).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_values_are_quoted_and_escaped() {
        assert_eq!(quote(r#"Huế "x" \ y"#), r#""Huế \"x\" \\ y""#);
        let filters = Filters {
            certifications: vec!["VietGAP".into(), "ocop\" OR 1=1".into()],
            province: Some("Thừa Thiên Huế".into()),
            min_price: Some(100_000),
            max_price: Some(300_000),
            in_stock: Some(true),
            ..Filters::default()
        };
        assert_eq!(
            filter_expression(&filters),
            "certifications = \"vietgap\" AND certifications = \"ocop\\\" or 1=1\" \
             AND province_key = \"thua thien hue\" AND price_max >= 100000 \
             AND price_min <= 300000 AND in_stock = true"
        );
    }

    #[test]
    fn synonyms_map_each_form_to_the_others_of_its_group() {
        let map = synonyms();
        assert!(map["mây"].contains(&"rattan".to_owned()));
        assert!(map["may"].contains(&"rattan".to_owned()));
        assert!(map["rattan"].contains(&"mây".to_owned()));
        assert!(map["conical hat"].contains(&"non la".to_owned()));
        assert!(!map["may"].contains(&"mây".to_owned()));
    }

    #[test]
    fn highlight_tags_become_marks_after_escaping() {
        let text = format!("{PRE}Giỏ{POST} <mây> & tre");
        assert_eq!(
            marks_to_html(&text),
            "<mark>Giỏ</mark> &lt;mây&gt; &amp; tre"
        );
        assert_eq!(strip_marks(&text), "Giỏ <mây> & tre");
        let mut words = HashSet::new();
        marked(&text, &mut words);
        assert_eq!(words, HashSet::from(["gio".to_owned()]));
    }

    #[test]
    fn a_typo_is_corrected_to_the_word_meilisearch_highlighted() {
        let parsed = ParsedQuery::parse("ratan basket ");
        let matched = HashSet::from(["rattan".to_owned(), "basket".to_owned()]);
        assert_eq!(
            did_you_mean(&parsed, &matched).as_deref(),
            Some("rattan basket")
        );
    }
}
