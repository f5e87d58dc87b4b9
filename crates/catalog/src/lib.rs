//! The catalogue of Hợp Tác: cooperatives, the category tree, listings with
//! their variants, pictures and certifications.
//!
//! What the shop shows is decided here: only approved cooperatives, only
//! their published listings, only verified certifications that have not
//! expired.

pub mod demo;
mod error;
pub mod markdown;
pub mod media;
mod model;
mod read;

pub use error::{Error, Result};
pub use media::{ImageSize, LocalMedia, MediaStore};
pub use model::*;

use std::sync::Arc;

use sea_orm::DatabaseConnection;

/// The catalogue service.
#[derive(Clone)]
pub struct Catalog {
    db: DatabaseConnection,
    media: Arc<dyn MediaStore>,
}

impl Catalog {
    /// A catalogue over `db`, with pictures kept in `media`.
    pub fn new(db: DatabaseConnection, media: Arc<dyn MediaStore>) -> Self {
        Self { db, media }
    }

    /// Where pictures are kept.
    pub fn media(&self) -> &Arc<dyn MediaStore> {
        &self.media
    }
}
