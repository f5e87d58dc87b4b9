//! The indexer: carries out the catalogue's index jobs from the outbox, and
//! rebuilds the whole index from the database.

use std::sync::Arc;

use catalog::Catalog;
use catalog::search_feed::{IndexEntry, IndexJob};
use kernel::ProductId;
use notify::outbox::Job;
use notify::worker::{JobError, JobHandler};

use crate::{Error, IndexStats, Result, SearchDocument, SearchIndex};

/// Listings read and indexed per round of a rebuild.
pub const REBUILD_BATCH: u64 = 500;

impl From<IndexEntry> for SearchDocument {
    fn from(e: IndexEntry) -> Self {
        Self {
            id: e.id,
            slug: e.slug,
            title: e.title,
            summary: e.summary,
            tags: e.tags,
            cooperative_id: e.cooperative_id,
            cooperative_name: e.cooperative_name,
            category_ids: e.category_ids,
            province: e.province,
            certifications: e.certifications,
            price_min: e.price_min,
            price_max: e.price_max,
            in_stock: e.in_stock,
            published_at: e.published_at,
            rating: SearchDocument::rating_of(e.rating_sum, e.rating_count),
            rating_count: e.rating_count.max(0),
        }
    }
}

/// Keeps an index in step with the catalogue.
#[derive(Clone)]
pub struct Indexer {
    catalog: Catalog,
    index: Arc<dyn SearchIndex>,
}

impl Indexer {
    /// An indexer reading `catalog` and writing `index`.
    pub fn new(catalog: Catalog, index: Arc<dyn SearchIndex>) -> Self {
        Self { catalog, index }
    }

    /// Carries out one job.
    pub async fn apply(&self, job: &IndexJob) -> Result<()> {
        match job {
            IndexJob::Products { ids } => self.sync(ids).await,
            IndexJob::Cooperative { id } => {
                let ids = self.catalog.cooperative_listing_ids(*id).await?;
                for chunk in ids.chunks(REBUILD_BATCH as usize) {
                    self.sync(chunk).await?;
                }
                Ok(())
            }
            IndexJob::Rebuild => match self.rebuild(|_, _| {}).await {
                Ok(_) | Err(Error::RebuildInProgress) => Ok(()),
                Err(e) => Err(e),
            },
        }
    }

    /// Makes the index agree with the database for these listings: the
    /// visible ones upserted, the others removed.
    pub async fn sync(&self, ids: &[ProductId]) -> Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        let entries = self.catalog.index_entries(ids).await?;
        let gone: Vec<ProductId> = ids
            .iter()
            .filter(|id| !entries.iter().any(|e| e.id == **id))
            .copied()
            .collect();
        if !entries.is_empty() {
            self.index
                .upsert(entries.into_iter().map(SearchDocument::from).collect())
                .await?;
        }
        if !gone.is_empty() {
            self.index.delete(gone).await?;
        }
        Ok(())
    }

    /// Rebuilds the index from the database beside the live one and swaps
    /// it in; `progress(done, total)` is called after each batch.
    pub async fn rebuild(&self, mut progress: impl FnMut(u64, u64) + Send) -> Result<IndexStats> {
        let total = self.catalog.visible_listing_count().await?;
        let mut rebuild = self.index.begin_rebuild().await?;
        let mut after = None;
        let mut done = 0u64;
        loop {
            let batch = match self.catalog.index_batch(after, REBUILD_BATCH).await {
                Ok(batch) => batch,
                Err(e) => {
                    rebuild.abort().await?;
                    return Err(e.into());
                }
            };
            let Some(last) = batch.last() else {
                break;
            };
            after = Some(last.id);
            let n = batch.len() as u64;
            if let Err(e) = rebuild
                .add(batch.into_iter().map(SearchDocument::from).collect())
                .await
            {
                rebuild.abort().await?;
                return Err(e);
            }
            done += n;
            progress(done, total.max(done));
        }
        let stats = rebuild.commit_and_swap().await?;
        tracing::info!(documents = stats.documents, generation = %stats.generation, "search index rebuilt");
        Ok(stats)
    }

    /// Whether the index is empty while the catalogue has visible listings
    /// (a new data directory, or an index dropped after a schema change).
    pub async fn needs_rebuild(&self) -> Result<bool> {
        let stats = self.index.stats().await?;
        Ok(stats.documents == 0 && self.catalog.visible_listing_count().await? > 0)
    }
}

#[async_trait::async_trait]
impl JobHandler for Indexer {
    async fn handle(&self, job: &Job) -> Result<(), JobError> {
        let task: IndexJob = serde_json::from_value(job.payload.clone())
            .map_err(|e| JobError::Permanent(format!("not an index job: {e}")))?;
        self.apply(&task).await.map_err(|e| {
            tracing::warn!(error = %e, attempt = job.attempts, "search index job failed; will retry");
            JobError::Retry(e.to_string())
        })?;
        // searches kept in memory by every process answered from the index
        // as it was: tell them it changed
        if let Err(e) = self.catalog.announce_change().await {
            tracing::warn!(error = %e, "cannot announce the search index change");
        }
        Ok(())
    }
}
