//! The catalogue of Hợp Tác: cooperatives, the category tree, listings with
//! their variants, pictures and certifications.
//!
//! What the shop shows is decided here: only approved cooperatives, only
//! their published listings, only verified certifications that have not
//! expired.

pub mod audit_names;
pub mod category_path;
pub mod certifications;
pub mod collections;
pub mod demo;
mod error;
pub mod experiences;
pub mod figures;
mod form_patch;
pub mod freshness;
pub mod images;
pub mod listings;
pub mod lookbook;
pub mod markdown;
pub mod market;
pub mod media;
mod model;
pub mod moderation;
pub mod onboarding;
pub mod overview;
pub mod rates;
pub mod ratings;
mod read;
mod reference;
pub mod search_feed;
pub mod sitemap;
mod stock;
pub mod team;
pub mod uploads;
pub mod waiting;

pub use error::{Error, Result};
pub use experiences::PlaceLine;
pub use freshness::Freshness;
pub use media::{ImageSize, LocalMedia, MediaStore, ObjectStoreMedia};
pub use model::*;
pub use stock::StockLine;

use std::sync::Arc;

use notify::mail::Mailer;
use sea_orm::DatabaseConnection;

/// Where the catalogue keeps files.
#[derive(Clone)]
pub struct Stores {
    /// Public pictures, served to everyone.
    pub media: Arc<dyn MediaStore>,
    /// Private documents (application evidence), served only to those
    /// allowed to see them.
    pub documents: Arc<dyn MediaStore>,
}

/// The catalogue service.
#[derive(Clone)]
pub struct Catalog {
    db: DatabaseConnection,
    media: Arc<dyn MediaStore>,
    documents: Arc<dyn MediaStore>,
    mailer: Mailer,
    site_url: String,
    freshness: Freshness,
    reference: Arc<reference::ReferenceCell>,
}

impl Catalog {
    /// A catalogue over `db`, keeping files in `stores`, e-mailing through
    /// `mailer` with links to `site_url`.
    pub fn new(db: DatabaseConnection, stores: Stores, mailer: Mailer, site_url: &str) -> Self {
        Self {
            db,
            media: stores.media,
            documents: stores.documents,
            mailer,
            site_url: site_url.trim_end_matches('/').to_owned(),
            freshness: Freshness::manual(),
            reference: Arc::default(),
        }
    }

    /// The same catalogue, remembering public reference data (categories,
    /// approved cooperatives, counts) for as long as `freshness` says the
    /// catalogue has not changed.
    pub fn with_freshness(mut self, freshness: Freshness) -> Self {
        self.freshness = freshness;
        self.reference = Arc::default();
        self
    }

    /// How fresh what this catalogue remembers is.
    pub fn freshness(&self) -> &Freshness {
        &self.freshness
    }

    /// Tells every process that what shoppers see changed although no
    /// catalogue row did (the search index was updated).
    pub async fn announce_change(&self) -> Result<()> {
        freshness::announce(&self.db).await?;
        self.freshness.advance();
        Ok(())
    }

    /// The private document store (served only through checks).
    pub fn documents(&self) -> &Arc<dyn MediaStore> {
        &self.documents
    }

    /// The store of public pictures.
    pub fn media(&self) -> &Arc<dyn MediaStore> {
        &self.media
    }

    /// A link into the shop.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.site_url)
    }
}
