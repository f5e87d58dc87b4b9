//! What the search index is fed: the catalogue enqueues an [`IndexJob`] in
//! the transaction of every change a shopper could see in search results,
//! and the indexer (in the `search` crate) reads the listings back with
//! [`Catalog::index_entries`] to make the index agree with the database.
//!
//! A job names *what* changed, not *how*: the indexer always reads the
//! current state, so jobs may run twice, late or out of order and the index
//! still ends up right.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use entity::{categories, certifications, cooperatives, products};
use kernel::id::IdOrSlug;
use kernel::{CategoryId, CooperativeId, I18nText, ProductId};
use notify::outbox::{self, NewJob};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{Catalog, CertificationKind, ProductCard, Result};

/// The outbox topic of search index jobs.
pub const TOPIC: &str = "search_index";

/// Tries before an index job is given up: with the worker's capped backoff
/// that is well over an hour of the search backend being down.
pub const MAX_ATTEMPTS: i32 = 30;

/// What to bring up to date in the search index.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum IndexJob {
    /// These listings: indexed when visible, removed otherwise.
    Products {
        /// The listings.
        ids: Vec<ProductId>,
    },
    /// Every listing of this cooperative (approved, suspended, renamed).
    Cooperative {
        /// The cooperative.
        id: CooperativeId,
    },
    /// The whole index, rebuilt from the database and swapped in.
    Rebuild,
}

/// Enqueues an index job through `conn`, the transaction of the change.
pub async fn enqueue<C: ConnectionTrait>(conn: &C, job: IndexJob) -> Result<()> {
    enqueue_at(conn, job, None).await
}

/// Enqueues an index job to run at `at` (a certification expiring).
pub async fn enqueue_at<C: ConnectionTrait>(
    conn: &C,
    job: IndexJob,
    at: Option<DateTime<Utc>>,
) -> Result<()> {
    let mut new = NewJob::new(TOPIC, job);
    new.max_attempts = MAX_ATTEMPTS;
    new.run_at = at;
    outbox::enqueue(conn, new).await?;
    Ok(())
}

/// Enqueues an index job for one listing.
pub async fn product_changed<C: ConnectionTrait>(conn: &C, id: ProductId) -> Result<()> {
    enqueue(conn, IndexJob::Products { ids: vec![id] }).await
}

/// Enqueues an index job for all of a cooperative's listings.
pub async fn cooperative_changed<C: ConnectionTrait>(conn: &C, id: CooperativeId) -> Result<()> {
    enqueue(conn, IndexJob::Cooperative { id }).await
}

/// What the search index needs of one visible listing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexEntry {
    /// The listing.
    pub id: ProductId,
    /// Its URL name.
    pub slug: String,
    /// Title in every language written.
    pub title: I18nText,
    /// Short description in every language written.
    pub summary: I18nText,
    /// Material and use tags.
    pub tags: Vec<String>,
    /// The seller.
    pub cooperative_id: CooperativeId,
    /// The seller's name.
    pub cooperative_name: String,
    /// The category and its ancestors, root first.
    pub category_ids: Vec<CategoryId>,
    /// Province of origin, else the cooperative's.
    pub province: String,
    /// Kinds of the verified, unexpired certifications the shop shows on
    /// the listing (its own and its cooperative's).
    pub certifications: Vec<String>,
    /// Lowest variant price in đồng.
    pub price_min: i64,
    /// Highest variant price in đồng.
    pub price_max: i64,
    /// Whether some variant can be bought now.
    pub in_stock: bool,
    /// When it was published.
    pub published_at: Option<DateTime<Utc>>,
    /// Its visible reviews.
    pub rating_count: i64,
    /// The stars of its visible reviews, summed.
    pub rating_sum: i64,
}

impl Catalog {
    /// The index entries of those of `ids` a shopper can see now (published,
    /// of an approved cooperative); the others are left out, which tells the
    /// indexer to remove them.
    pub async fn index_entries(&self, ids: &[ProductId]) -> Result<Vec<IndexEntry>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        // by primary key only: the page's own rows, whatever the catalogue's
        // size; the cooperative's approval is checked by `product_cards`
        let uuids: Vec<Uuid> = ids.iter().map(|id| id.0).collect();
        let rows: Vec<products::Model> = products::Entity::find()
            .filter(products::Column::Id.is_in(uuids))
            .all(&self.db)
            .await?
            .into_iter()
            .filter(|p| p.status == products::Status::Published)
            .collect();
        self.entries(rows).await
    }

    /// Up to `limit` visible listings after `after` in id order: the pages
    /// of a rebuild.
    pub async fn index_batch(
        &self,
        after: Option<ProductId>,
        limit: u64,
    ) -> Result<Vec<IndexEntry>> {
        let mut select = crate::read::visible_products();
        if let Some(after) = after {
            select = select.filter(products::Column::Id.gt(after.0));
        }
        let rows = select
            .order_by_asc(products::Column::Id)
            .limit(limit)
            .all(&self.db)
            .await?;
        self.entries(rows).await
    }

    /// How many listings a shopper can see: what a full index holds.
    pub async fn visible_listing_count(&self) -> Result<u64> {
        Ok(crate::read::visible_products().count(&self.db).await?)
    }

    /// Every listing of a cooperative, whatever its state.
    pub async fn cooperative_listing_ids(&self, id: CooperativeId) -> Result<Vec<ProductId>> {
        Ok(products::Entity::find()
            .select_only()
            .column(products::Column::Id)
            .filter(products::Column::CooperativeId.eq(id.0))
            .into_tuple::<Uuid>()
            .all(&self.db)
            .await?
            .into_iter()
            .map(ProductId)
            .collect())
    }

    /// The cards of those of `ids` a shopper can see, in the order given:
    /// what a search page shows for its hits. A listing unpublished since
    /// it was indexed is left out.
    pub async fn cards_by_ids(&self, ids: &[ProductId]) -> Result<Vec<ProductCard>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        // by primary key only: the page's own rows, whatever the catalogue's
        // size; the cooperative's approval is checked by `product_cards`
        let uuids: Vec<Uuid> = ids.iter().map(|id| id.0).collect();
        let rows: Vec<products::Model> = products::Entity::find()
            .filter(products::Column::Id.is_in(uuids))
            .all(&self.db)
            .await?
            .into_iter()
            .filter(|p| p.status == products::Status::Published)
            .collect();
        let mut cards: HashMap<ProductId, ProductCard> = self
            .product_cards(rows)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        Ok(ids.iter().filter_map(|id| cards.remove(id)).collect())
    }

    /// The names of these cooperatives, for facet labels.
    pub async fn cooperative_names(
        &self,
        ids: &[CooperativeId],
    ) -> Result<HashMap<CooperativeId, (String, String)>> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let reference = self.reference().await?;
        Ok(ids
            .iter()
            .filter_map(|id| reference.approved.get(&id.0))
            .map(|c| (CooperativeId(c.id), (c.slug.clone(), c.name.clone())))
            .collect())
    }

    /// Every category by id, for facet labels and filters.
    pub async fn category_refs(&self) -> Result<HashMap<CategoryId, crate::CategoryRef>> {
        Ok(self
            .reference()
            .await?
            .categories
            .iter()
            .map(|c| (CategoryId(c.id), crate::read::category_ref(c)))
            .collect())
    }

    /// The id of an approved cooperative named by id or slug.
    pub async fn approved_cooperative_id(&self, key: &IdOrSlug) -> Result<CooperativeId> {
        let reference = self.reference().await?;
        let found = match key {
            IdOrSlug::Id(id) => reference.approved.get(id),
            IdOrSlug::Slug(slug) => reference.approved_by_slug(slug),
        };
        found
            .map(|c| CooperativeId(c.id))
            .ok_or_else(|| crate::Error::CooperativeNotFound(key.to_string()))
    }

    async fn entries(&self, rows: Vec<products::Model>) -> Result<Vec<IndexEntry>> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let coop_ids: HashSet<Uuid> = rows.iter().map(|p| p.cooperative_id).collect();
        let coop_ids: Vec<Uuid> = coop_ids.into_iter().collect();
        let coops: HashMap<Uuid, cooperatives::Model> = cooperatives::Entity::find()
            .filter(cooperatives::Column::Id.is_in(coop_ids.clone()))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        let categories: HashMap<Uuid, categories::Model> = categories::Entity::find()
            .all(&self.db)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        let today = kernel::time::today_in_vietnam(Utc::now());
        let certs = certifications::Entity::find()
            .filter(certifications::Column::CooperativeId.is_in(coop_ids))
            .filter(certifications::Column::Status.eq(certifications::Status::Verified))
            .filter(
                Condition::any()
                    .add(certifications::Column::ExpiresOn.is_null())
                    .add(certifications::Column::ExpiresOn.gte(today)),
            )
            .all(&self.db)
            .await?;
        let mut certs_of: HashMap<Uuid, Vec<&certifications::Model>> = HashMap::new();
        for cert in &certs {
            certs_of.entry(cert.cooperative_id).or_default().push(cert);
        }
        Ok(rows
            .into_iter()
            .filter_map(|p| {
                let coop = coops.get(&p.cooperative_id)?;
                let mut kinds: Vec<String> = certs_of
                    .get(&p.cooperative_id)
                    .into_iter()
                    .flatten()
                    .filter(|c| c.product_id.is_none_or(|id| id == p.id))
                    .map(|c| kind(c.kind).as_str().to_owned())
                    .collect();
                kinds.sort();
                kinds.dedup();
                let mut category_ids = Vec::new();
                let mut next = p.category_id;
                while let Some(id) = next {
                    if category_ids.len() > 16 {
                        break;
                    }
                    let Some(row) = categories.get(&id) else {
                        break;
                    };
                    category_ids.push(CategoryId(row.id));
                    next = row.parent_id;
                }
                category_ids.reverse();
                let price_min = p.min_price_vnd.unwrap_or(0);
                Some(IndexEntry {
                    id: ProductId(p.id),
                    slug: p.slug,
                    title: p.title,
                    summary: p.summary,
                    tags: p.tags.0,
                    cooperative_id: CooperativeId(coop.id),
                    cooperative_name: coop.name.clone(),
                    category_ids,
                    province: p
                        .origin_province
                        .filter(|s| !s.trim().is_empty())
                        .unwrap_or_else(|| coop.province.clone()),
                    certifications: kinds,
                    price_min,
                    price_max: p.max_price_vnd.unwrap_or(price_min),
                    in_stock: p.in_stock,
                    published_at: p.published_at,
                    rating_count: i64::from(p.rating_count),
                    rating_sum: i64::from(p.rating_sum),
                })
            })
            .collect())
    }
}

fn kind(k: certifications::Kind) -> CertificationKind {
    match k {
        certifications::Kind::Vietgap => CertificationKind::Vietgap,
        certifications::Kind::Ocop => CertificationKind::Ocop,
        certifications::Kind::Organic => CertificationKind::Organic,
        certifications::Kind::Award => CertificationKind::Award,
    }
}
