//! The production backend: a Meilisearch index, reached with
//! `meilisearch-sdk`, that finds exactly the listings the embedded index
//! finds for the same query.
//!
//! Meilisearch does not see the listings' text as written: each document
//! carries the words our own analysis makes of it ([`crate::analysis`]),
//! so that both backends split, fold and match words alike:
//!
//! - `text_title`, `text_body`: the folded Latin words of the titles, and of
//!   the summaries and tags; typos by the same budgets as the embedded
//!   index (one from 5 letters, two from 9, a wrong first letter counting
//!   as two), the unfinished last word as a prefix;
//! - `seller`: the folded words of the cooperative's name, matched by exact
//!   words only (no typo; the unfinished word as a prefix, as everywhere);
//! - `markers`: private tokens ([`analysis::MARKER`]) for the CJK n-grams
//!   of titles and summaries, and for the synonym groups whose phrase the
//!   listing holds. A synonym reaches only these (Meilisearch's synonyms
//!   map each phrase of [`SYNONYMS`] to its group's token, one way), so
//!   `bamboo` finds listings written `tre` but never a cooperative called
//!   "Mây tre đan".
//!
//! Every word is required (matching strategy `all`); when nothing holds
//! them all, words are dropped from the end, as on the embedded index.
//! Words are sent, and stored, apart (see [`APART`]), so that Meilisearch
//! neither splits a query word in two nor glues query words together;
//! proximity therefore does not rank. Hits are highlighted with the same
//! [`Matcher`] as there.
//!
//! Settings are compared with the index's own when connecting and applied
//! only when they differ. Every write is waited for, and a task that does
//! not finish within the configured time is an error; a rebuild sends its
//! documents in large batches and waits once, before the swap.
//!
//! [`SYNONYMS`]: crate::SYNONYMS

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, PoisonError};
use std::time::{Duration, Instant};

use kernel::{CategoryId, CooperativeId, I18nText, ProductId, fold};
use meilisearch_sdk::client::{Client, SwapIndexes};
use meilisearch_sdk::errors::Error as SdkError;
use meilisearch_sdk::indexes::{Index, IndexesQuery};
use meilisearch_sdk::search::{MatchingStrategies, SearchResults as MeiliResults, Selectors};
use meilisearch_sdk::settings::{
    FacetSortValue, FacetingSettings, LocalizedAttributes, MinWordSizeForTypos, PaginationSetting,
    Settings, TypoToleranceSettings,
};
use meilisearch_sdk::task_info::TaskInfo;
use meilisearch_sdk::tasks::Task;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::sync::RwLock;

use crate::analysis::{
    self, MARKER, Matcher, ParsedQuery, Part, SYNONYMS, cjk_index_grams, cjk_query_grams,
    folded_words, gram_marker, group_marker,
};
use crate::model::{
    FacetCount, Facets, Filters, Hit, IndexStats, MAX_FACET_VALUES, PriceBucket, SearchQuery,
    SearchResults, Sort, Suggestion,
};
use crate::{Change, Error, Journal, Rebuild, Result, SearchDocument, SearchIndex, journal};

const FEW_HITS: u64 = 10;
const POLL: Duration = Duration::from_millis(50);
/// Documents a rebuild sends in one request, without waiting (Meilisearch
/// also batches consecutive additions into one indexing run). A listing's
/// document is a few kilobytes at most, well under the server's 100 MB
/// payload limit for this many.
const REBUILD_CHUNK: usize = 10_000;
/// How long a rebuild waits for its documents beyond the task time-out:
/// Meilisearch indexes thousands of listings a second; a tenth of that is
/// allowed.
const REBUILD_DOCUMENTS_PER_SECOND: u64 = 200;

/// What the words of a document, and the parts of a query, are joined
/// with: a hard separator, so that no two words are neighbours to
/// Meilisearch. Otherwise it would also match a query word split in two
/// (`may` finding `mà ý`, folded `ma y`) and query words glued together
/// (`hand woven` finding `handwoven`), which the embedded index does not.
/// (`.` would do as well in documents, but Meilisearch then loses a
/// multi-word synonym that ends a query.)
const APART: &str = "; ";

const TEXT_TITLE: &str = "text_title";
const TEXT_BODY: &str = "text_body";
const SELLER: &str = "seller";
const MARKERS: &str = "markers";
const SEARCHABLE: [&str; 4] = [TEXT_TITLE, TEXT_BODY, SELLER, MARKERS];
const WITHOUT_MARKERS: [&str; 3] = [TEXT_TITLE, TEXT_BODY, SELLER];
/// Matched by exact words (or as the prefix being typed), never with typos.
const EXACT_ONLY: [&str; 2] = [SELLER, MARKERS];
/// The words are folded already; Vietnamese keeps Meilisearch from guessing
/// another language's segmentation (German compounds) from a short text.
const LOCALES: [&str; 1] = ["vie"];
const RETRIEVED: [&str; 3] = ["id", "slug", "title"];
const FILTERABLE: [&str; 10] = [
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
    "rating",
];
const SORTABLE: [&str; 5] = [
    "price_min",
    "price_max",
    "published_at",
    "rating",
    "rating_count",
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

/// The document as Meilisearch stores it: what is shown and filtered on,
/// and the words our analysis makes of the rest.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct MeiliDocument {
    id: String,
    slug: String,
    title: I18nText,
    text_title: String,
    text_body: String,
    seller: String,
    markers: String,
    cooperative_id: String,
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
    /// Average stars times ten, 0 without reviews.
    rating: i64,
    /// Visible reviews.
    rating_count: i64,
}

impl From<&SearchDocument> for MeiliDocument {
    fn from(d: &SearchDocument) -> Self {
        let title_words: Vec<String> = d.title.iter().flat_map(|(_, t)| folded_words(t)).collect();
        let body_words: Vec<String> = d
            .summary
            .iter()
            .map(|(_, s)| s)
            .chain(d.tags.iter().map(String::as_str))
            .flat_map(folded_words)
            .collect();
        let mut markers: Vec<String> = Vec::new();
        for (_, text) in d.title.iter().chain(d.summary.iter()) {
            for run in analysis::words(text).into_iter().filter(|w| w.cjk) {
                markers.extend(cjk_index_grams(run.text).iter().map(|g| gram_marker(g)));
            }
        }
        let words: HashSet<String> = title_words.iter().chain(&body_words).cloned().collect();
        markers.extend(
            analysis::synonym_groups(&words)
                .into_iter()
                .map(group_marker),
        );
        let mut seen = HashSet::new();
        markers.retain(|m| seen.insert(m.clone()));
        let (low, high) = (d.price_min.min(d.price_max), d.price_max.max(d.price_min));
        Self {
            id: d.id.to_string(),
            slug: d.slug.clone(),
            title: d.title.clone(),
            text_title: title_words.join(APART),
            text_body: body_words.join(APART),
            seller: folded_words(&d.cooperative_name)
                .collect::<Vec<_>>()
                .join(APART),
            markers: markers.join(APART),
            cooperative_id: d.cooperative_id.to_string(),
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
            rating: d.rating,
            rating_count: d.rating_count,
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

/// Each phrase of a synonym group, folded, leads (one way) to the group's
/// private token, which only listings holding a phrase of the group carry.
fn synonyms() -> HashMap<String, Vec<String>> {
    let mut map = HashMap::new();
    for (group, phrases) in SYNONYMS.iter().enumerate() {
        for phrase in *phrases {
            let folded: Vec<String> = folded_words(phrase).collect();
            map.insert(folded.join(" "), vec![group_marker(group)]);
        }
    }
    map
}

fn settings() -> Settings {
    Settings::new()
        .with_searchable_attributes(SEARCHABLE)
        .with_filterable_attributes(FILTERABLE)
        .with_sortable_attributes(SORTABLE)
        .with_ranking_rules([
            "sort",
            "words",
            "typo",
            // no "proximity": no two words are neighbours (see `APART`)
            "attribute",
            "exactness",
        ])
        .with_typo_tolerance(TypoToleranceSettings {
            enabled: Some(true),
            disable_on_attributes: Some(EXACT_ONLY.iter().map(|a| (*a).to_owned()).collect()),
            disable_on_words: Some(Vec::new()),
            min_word_size_for_typos: Some(MinWordSizeForTypos {
                one_typo: Some(analysis::ONE_TYPO_FROM),
                two_typos: Some(analysis::TWO_TYPOS_FROM),
            }),
            disable_on_numbers: Some(false),
        })
        .with_synonyms(synonyms())
        .with_pagination(PaginationSetting {
            max_total_hits: 1_000_000,
        })
        .with_faceting(FacetingSettings {
            max_values_per_facet: MAX_FACET_VALUES,
            sort_facet_values_by: Some(BTreeMap::from([("*".to_owned(), FacetSortValue::Count)])),
        })
        .with_localized_attributes([LocalizedAttributes {
            locales: LOCALES.iter().map(|l| (*l).to_owned()).collect(),
            attribute_patterns: SEARCHABLE.iter().map(|a| (*a).to_owned()).collect(),
        }])
}

/// The settings as JSON, with lists whose order means nothing sorted.
fn normalised(value: Value, key: &str) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let v = normalised(v, &k);
                    (k, v)
                })
                .collect(),
        ),
        Value::Array(items) => {
            let mut items: Vec<Value> = items.into_iter().map(|v| normalised(v, "")).collect();
            if !matches!(key, "searchableAttributes" | "rankingRules") {
                items.sort_by_key(ToString::to_string);
            }
            Value::Array(items)
        }
        other => other,
    }
}

/// Whether `current` says everything `wanted` says (it says more: every
/// setting, with defaults).
fn covers(wanted: &Value, current: &Value) -> bool {
    match (wanted, current) {
        (Value::Object(w), Value::Object(c)) => w
            .iter()
            .all(|(k, v)| c.get(k).is_some_and(|cv| covers(v, cv))),
        (w, c) => w == c,
    }
}

/// The text Meilisearch searches for: the words folded, each CJK run as
/// the private tokens of its n-grams, the parts [`APART`] (the words of a
/// synonym phrase stay neighbours, which is how Meilisearch finds a
/// multi-word synonym), and a trailing space when the last word is
/// finished (no prefix then).
fn meili_text(parsed: &ParsedQuery) -> String {
    let word = |i: usize| -> Vec<String> {
        let w = &parsed.words[i];
        if w.cjk {
            cjk_query_grams(&w.folded)
                .iter()
                .map(|g| gram_marker(g))
                .collect()
        } else {
            vec![w.folded.clone()]
        }
    };
    let parts: Vec<String> = parsed
        .parts
        .iter()
        .map(|part| match part {
            Part::Word(i) => word(*i).join(APART),
            Part::Synonym { range, .. } => {
                range.clone().flat_map(word).collect::<Vec<_>>().join(" ")
            }
        })
        .collect();
    let mut text = parts.join(APART);
    if !parsed.last_is_prefix && !text.is_empty() {
        text.push(' ');
    }
    text
}

/// Whether the word being typed could be the start of a private token
/// (`q`, `qj`…): then the tokens are left out of the search, or that
/// word would match every listing that has one.
fn could_reach_markers(parsed: &ParsedQuery) -> bool {
    parsed.last_is_prefix
        && parsed
            .words
            .last()
            .is_some_and(|w| MARKER.starts_with(&w.folded) || w.folded.starts_with(MARKER))
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
    if let Some(floor) = f.rating_floor() {
        parts.push(format!("rating >= {floor}"));
    }
    parts.join(" AND ")
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
/// top hits matched with typos.
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
    /// Connects, creates the index if missing and applies the settings
    /// when they differ from the index's own.
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
        self.wait_up_to(task, self.shared.timeout).await
    }

    async fn wait_up_to(&self, task: TaskInfo, timeout: Duration) -> Result<()> {
        let uid = task.task_uid;
        match self
            .shared
            .client
            .wait_for_task(task, Some(POLL), Some(timeout))
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
                seconds: timeout.as_secs(),
            }),
            Err(e) => Err(e.into()),
        }
    }

    /// Whether the index `uid` exists, read from the list of indexes (asking
    /// for a missing index answers 404, which the SDK logs as a warning).
    async fn index_exists(&self, uid: &str) -> Result<bool> {
        let mut offset = 0;
        loop {
            let mut query = IndexesQuery::new(&self.shared.client);
            query.with_offset(offset).with_limit(1_000);
            let page = query.execute().await?;
            if page.results.iter().any(|index| index.uid == uid) {
                return Ok(true);
            }
            offset += page.results.len();
            if page.results.is_empty() || offset >= page.total as usize {
                return Ok(false);
            }
        }
    }

    /// Whether the index's settings say everything ours say.
    async fn settings_in_force(&self, index: &Index) -> Result<bool> {
        let wanted = serde_json::to_value(settings())
            .map(|v| normalised(v, ""))
            .map_err(|e| Error::CorruptDocument(format!("settings: {e}")))?;
        let current = match index.get_settings().await {
            Ok(current) => serde_json::to_value(current).map(|v| normalised(v, "")),
            // settings this SDK cannot read are not ours
            Err(SdkError::ParseError(_)) => return Ok(false),
            Err(e) => return Err(e.into()),
        };
        Ok(current.is_ok_and(|current| covers(&wanted, &current)))
    }

    /// Creates the index `uid` if missing and applies the settings when
    /// they differ.
    async fn prepare(&self, uid: &str) -> Result<()> {
        if !self.index_exists(uid).await? {
            tracing::info!(index = %uid, "no Meilisearch index yet (expected on a first start); creating it");
            let task = self.shared.client.create_index(uid, Some("id")).await?;
            match self.wait(task).await {
                Ok(()) => {}
                // another process created it meanwhile
                Err(Error::TaskFailed { message, .. })
                    if message.contains("index_already_exists") => {}
                Err(e) => return Err(e),
            }
        }
        let index = self.index(uid);
        if self.settings_in_force(&index).await? {
            tracing::debug!(index = %uid, "Meilisearch settings already in force");
        } else {
            tracing::info!(index = %uid, "applying the Meilisearch settings");
            let task = index.set_settings(&settings()).await?;
            self.wait(task).await?;
        }
        Ok(())
    }

    /// Sends a change to an index.
    async fn send(&self, uid: &str, change: &Change) -> Result<TaskInfo> {
        let index = self.index(uid);
        Ok(match change {
            Change::Upsert(documents) => {
                let documents: Vec<MeiliDocument> = documents.iter().map(Into::into).collect();
                index.add_or_replace(&documents, Some("id")).await?
            }
            Change::Delete(ids) => {
                let ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
                index.delete_documents(&ids).await?
            }
            Change::Clear => index.delete_all_documents().await?,
        })
    }

    /// Sends a change to an index and waits for it.
    async fn apply(&self, uid: &str, change: &Change) -> Result<()> {
        let task = self.send(uid, change).await?;
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

    /// One Meilisearch search for a parsed query, every word required.
    async fn run(
        &self,
        parsed: &ParsedQuery,
        query: &SearchQuery,
        filter: &str,
        (page, per_page): (usize, usize),
    ) -> Result<MeiliResults<MeiliHit>> {
        let q = meili_text(parsed);
        let sort: &[&str] = match (query.sort, parsed.is_empty()) {
            (Sort::Relevance, false) => &[],
            (Sort::PriceAsc, _) => &["price_min:asc"],
            (Sort::PriceDesc, _) => &["price_min:desc"],
            (Sort::Newest, _) | (Sort::Relevance, true) => &["published_at:desc"],
            (Sort::Rating, _) => &["rating:desc", "rating_count:desc"],
        };
        let index = self.index(&self.shared.uid);
        let mut search = index.search();
        search
            .with_query(&q)
            .with_page(page)
            .with_hits_per_page(per_page)
            .with_attributes_to_retrieve(Selectors::Some(&RETRIEVED))
            .with_show_ranking_score(true)
            .with_matching_strategy(MatchingStrategies::ALL)
            .with_locales(&LOCALES);
        if could_reach_markers(parsed) {
            search.with_attributes_to_search_on(&WITHOUT_MARKERS);
        }
        if !filter.is_empty() {
            search.with_filter(filter);
        }
        if !sort.is_empty() {
            search.with_sort(sort);
        }
        if query.facets {
            search.with_facets(Selectors::Some(&FACETS));
        }
        Ok(search.execute::<MeiliHit>().await?)
    }
}

fn total_of(results: &MeiliResults<MeiliHit>) -> u64 {
    results
        .total_hits
        .or(results.estimated_total_hits)
        .unwrap_or(results.hits.len()) as u64
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
        let filter = filter_expression(&query.filters);
        let window = match query.window() {
            (_, 0) => (1, 0),
            _ => (query.page() as usize, query.per_page() as usize),
        };
        let mut effective = parsed.clone();
        let mut results = self.run(&effective, query, &filter, window).await?;
        // rather some words than none: drop words from the end while
        // nothing holds them all, as the embedded index does
        let mut kept = parsed.parts.len();
        while total_of(&results) == 0 && kept > 1 {
            kept -= 1;
            effective = parsed.truncated(kept);
            results = self.run(&effective, query, &filter, window).await?;
        }
        let total = total_of(&results);
        let matcher = Matcher::new(&effective);
        let mut matched = HashSet::new();
        let mut hits = Vec::with_capacity(results.hits.len());
        for hit in &results.hits {
            let title = hit.result.title.get(query.locale).to_owned();
            let (highlighted_title, _) = matcher.highlight(&title);
            for (_, text) in hit.result.title.iter() {
                matched.extend(folded_words(text).filter(|w| matcher.matches(w)));
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
        let query = SearchQuery::text(prefix);
        let results = self.run(&parsed, &query, "", (1, limit * 3)).await?;
        let hits = results
            .hits
            .into_iter()
            .map(|hit| (hit.result.id, hit.result.slug, hit.result.title));
        Ok(crate::model::suggestions(
            hits,
            &Matcher::new(&parsed),
            limit,
        ))
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
            buffer: Vec::new(),
            sent: Vec::new(),
            documents: 0,
            finished: false,
        };
        // On failure, dropping `rebuild` ends the journal and deletes the
        // temporary index.
        self.prepare(&rebuild.temp).await?;
        Ok(Box::new(rebuild))
    }
}

/// A temporary index being filled, swapped with the live one at the end.
/// Documents are buffered and sent in large batches without waiting; the
/// tasks are waited for once, before the swap.
struct MeiliRebuild {
    target: MeilisearchIndex,
    temp: String,
    buffer: Vec<SearchDocument>,
    sent: Vec<TaskInfo>,
    documents: u64,
    finished: bool,
}

impl MeiliRebuild {
    async fn flush(&mut self) -> Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let documents = std::mem::take(&mut self.buffer);
        let task = self
            .target
            .send(&self.temp, &Change::Upsert(documents))
            .await?;
        self.sent.push(task);
        Ok(())
    }

    /// Waits once, for the last batch sent, then reads how the others
    /// ended: Meilisearch runs an index's tasks in order (mostly as one),
    /// so they are done by then. The time allowed grows with the documents.
    async fn wait_for_batches(&mut self) -> Result<()> {
        let allowance = self.target.shared.timeout
            + Duration::from_secs(self.documents / REBUILD_DOCUMENTS_PER_SECOND);
        for task in std::mem::take(&mut self.sent).into_iter().rev() {
            self.target.wait_up_to(task, allowance).await?;
        }
        Ok(())
    }
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
        self.documents += documents.len() as u64;
        self.buffer.extend(documents);
        if self.buffer.len() >= REBUILD_CHUNK {
            self.flush().await?;
        }
        Ok(())
    }

    #[tracing::instrument(skip_all, fields(index = %self.temp, documents = self.documents))]
    async fn commit_and_swap(mut self: Box<Self>) -> Result<IndexStats> {
        self.flush().await?;
        self.wait_for_batches().await?;
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
            min_rating: Some(4),
            ..Filters::default()
        };
        assert_eq!(
            filter_expression(&filters),
            "certifications = \"vietgap\" AND certifications = \"ocop\\\" or 1=1\" \
             AND province_key = \"thua thien hue\" AND price_max >= 100000 \
             AND price_min <= 300000 AND in_stock = true AND rating >= 40"
        );
    }

    #[test]
    fn synonyms_lead_each_folded_phrase_to_its_group_token_only() {
        let map = synonyms();
        assert_eq!(map["may"], [group_marker(0)]);
        assert_eq!(map["rattan"], [group_marker(0)]);
        assert_eq!(map["bamboo"], [group_marker(1)]);
        assert_eq!(map["non la"], map["conical hat"]);
        assert!(
            !map.contains_key("mây"),
            "queries are folded before they are sent"
        );
    }

    fn document(title: I18nText, cooperative_name: &str) -> MeiliDocument {
        MeiliDocument::from(&SearchDocument {
            id: ProductId(uuid::Uuid::from_u128(1)),
            slug: "x".into(),
            title,
            summary: I18nText::default(),
            tags: vec!["Đan lát".into()],
            cooperative_id: CooperativeId(uuid::Uuid::from_u128(2)),
            cooperative_name: cooperative_name.into(),
            category_ids: Vec::new(),
            province: "Huế".into(),
            certifications: Vec::new(),
            price_min: 1,
            price_max: 1,
            in_stock: true,
            published_at: None,
            rating: 0,
            rating_count: 0,
        })
    }

    #[test]
    fn documents_carry_folded_words_and_tokens_for_synonyms_and_cjk() {
        let d = document(
            I18nText::vi_en("Giỏ mây đan tay", "Rattan baskets"),
            "HTX Mây tre đan Bao La",
        );
        assert_eq!(d.text_title, "gio; may; dan; tay; rattan; baskets");
        assert_eq!(d.text_body, "dan; lat");
        assert_eq!(d.seller, "htx; may; tre; dan; bao; la");
        let markers: Vec<&str> = d.markers.split(APART).collect();
        // rattan (0) and basket (4) through the title; never bamboo (1)
        // through the seller's name
        assert_eq!(markers, [group_marker(0), group_marker(4)]);
        let chopsticks = document(
            I18nText {
                zh: Some("竹筷".into()),
                ..I18nText::vi("Đũa tre")
            },
            "HTX",
        );
        assert!(chopsticks.markers.contains(&gram_marker("竹筷")));
        assert!(chopsticks.markers.contains(&gram_marker("竹")));
    }

    #[test]
    fn queries_are_sent_folded_with_cjk_as_tokens() {
        // parts apart, the words of a synonym phrase together
        assert_eq!(meili_text(&ParsedQuery::parse("Giỏ mây ")), "gio; may ");
        assert_eq!(meili_text(&ParsedQuery::parse("giỏ m")), "gio; m");
        assert_eq!(meili_text(&ParsedQuery::parse("gio nón lá")), "gio; non la");
        assert_eq!(
            meili_text(&ParsedQuery::parse("竹筷子")),
            format!("{}; {} ", gram_marker("竹筷"), gram_marker("筷子"))
        );
        assert!(could_reach_markers(&ParsedQuery::parse("gio q")));
        assert!(!could_reach_markers(&ParsedQuery::parse("q ")));
        assert!(!could_reach_markers(&ParsedQuery::parse("quat")));
    }

    #[test]
    fn settings_are_in_force_whatever_the_order_of_sets() {
        let wanted = normalised(
            serde_json::json!({"filterableAttributes": ["a", "b"], "searchableAttributes": ["x", "y"]}),
            "",
        );
        let current = normalised(
            serde_json::json!({"filterableAttributes": ["b", "a"], "searchableAttributes": ["x", "y"], "stopWords": []}),
            "",
        );
        assert!(covers(&wanted, &current));
        let reordered = normalised(
            serde_json::json!({"filterableAttributes": ["a", "b"], "searchableAttributes": ["y", "x"]}),
            "",
        );
        assert!(!covers(&wanted, &reordered));
    }
}
