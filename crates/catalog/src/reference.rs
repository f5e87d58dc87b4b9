//! What every public read needs and few changes — the category tree and
//! the approved cooperatives — read once per catalogue generation (see
//! [`crate::freshness`]) instead of once per request, with what is costly
//! to count and only changes with the catalogue: how many listings each
//! cooperative shows, how many listings a filtered list holds, and each
//! cooperative's cover picture.
//!
//! A catalogue whose freshness is told by hand keeps nothing: every read
//! reads again.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

use entity::{categories, cooperatives};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::{Catalog, Image, Result};

/// The reference data of one catalogue generation.
#[derive(Debug)]
pub(crate) struct Reference {
    /// The generation it was read at.
    generation: u64,
    /// Every category, each level in order.
    pub categories: Vec<categories::Model>,
    /// Approved cooperatives by id.
    pub approved: HashMap<Uuid, cooperatives::Model>,
    /// Visible listings per approved cooperative, once counted.
    pub product_counts: Mutex<Option<Arc<HashMap<Uuid, i64>>>>,
    /// Each cooperative's cover picture, once looked up.
    pub covers: Mutex<HashMap<Uuid, Option<Image>>>,
    /// How many listings a filtered list holds, by its filters.
    pub list_totals: Mutex<HashMap<String, u64>>,
    /// The exchange rates shown beside the đồng.
    pub rates: crate::rates::ExchangeRates,
}

impl Reference {
    /// The approved cooperative with this slug.
    pub fn approved_by_slug(&self, slug: &str) -> Option<&cooperatives::Model> {
        self.approved.values().find(|c| c.slug == slug)
    }
}

/// The current reference data, if any, and the exchange rates last read
/// (kept even when nothing else is).
#[derive(Debug, Default)]
pub(crate) struct ReferenceCell {
    current: RwLock<Option<Arc<Reference>>>,
    pub rates: RwLock<crate::rates::ExchangeRates>,
}

/// The most filtered-list totals one generation remembers.
pub(crate) const MAX_TOTALS: usize = 4_096;

impl Catalog {
    /// The reference data of the current generation (read now when the
    /// catalogue changed since, or when nothing is kept).
    pub(crate) async fn reference(&self) -> Result<Arc<Reference>> {
        let generation = self.freshness.current().await;
        if self.freshness.caches()
            && let Some(kept) = self
                .reference
                .current
                .read()
                .ok()
                .and_then(|r| r.clone())
                .filter(|r| r.generation == generation)
        {
            return Ok(kept);
        }
        let categories = categories::Entity::find()
            .order_by_asc(categories::Column::Position)
            .order_by_asc(categories::Column::Slug)
            .all(&self.db)
            .await?;
        let approved = cooperatives::Entity::find()
            .filter(cooperatives::Column::Status.eq(cooperatives::Status::Approved))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        let rates = self.read_rates().await?;
        if let Ok(mut last) = self.reference.rates.write() {
            last.clone_from(&rates);
        }
        let fresh = Arc::new(Reference {
            generation,
            categories,
            approved,
            product_counts: Mutex::new(None),
            covers: Mutex::new(HashMap::new()),
            list_totals: Mutex::new(HashMap::new()),
            rates,
        });
        if self.freshness.caches()
            && let Ok(mut cell) = self.reference.current.write()
        {
            // a read of a newer generation may have landed meanwhile
            if cell.as_ref().is_none_or(|r| r.generation <= generation) {
                *cell = Some(fresh.clone());
            }
        }
        Ok(fresh)
    }
}
