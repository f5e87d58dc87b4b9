//! What search engines may crawl: the shop's own pages, the approved
//! cooperatives, the categories and the visible listings, in pages of
//! [`LISTINGS_PER_FILE`] so that 100,000 listings make ten small files.

use chrono::{DateTime, Utc};
use entity::products;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::{Catalog, Result};

/// Listings in one sitemap file (the format allows 50,000).
pub const LISTINGS_PER_FILE: u64 = 10_000;

/// The shop's own pages, the same for everyone.
pub const SHOP_PAGES: [&str; 4] = ["/", "/cooperatives", "/categories", "/search"];

/// One address and when it last changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The absolute address, e.g. `https://hoptac.vn/products/non-la-bai-tho`.
    pub url: String,
    /// Its last change, when known.
    pub changed: Option<DateTime<Utc>>,
}

impl Catalog {
    /// The sitemap's index, for `robots.txt`.
    pub fn sitemap_url(&self) -> String {
        self.url("/sitemap.xml")
    }

    /// The sitemap's files: the shop's pages and places, then the listings.
    pub async fn sitemap_files(&self) -> Result<Vec<String>> {
        let listing_files = self.sitemap_listing_files().await?;
        Ok(std::iter::once(self.url("/sitemaps/shop.xml"))
            .chain((1..=listing_files).map(|n| self.url(&format!("/sitemaps/listings-{n}.xml"))))
            .collect())
    }

    /// The shop's pages, the approved cooperatives' and the categories' pages.
    pub async fn sitemap_places(&self) -> Result<Vec<Entry>> {
        let reference = self.reference().await?;
        let pages = SHOP_PAGES.iter().map(|path| Entry {
            url: self.url(path),
            changed: None,
        });
        let mut cooperatives: Vec<Entry> = reference
            .approved
            .values()
            .map(|c| Entry {
                url: self.url(&format!("/cooperatives/{}", c.slug)),
                changed: Some(c.updated_at),
            })
            .collect();
        cooperatives.sort_by(|a, b| a.url.cmp(&b.url));
        let categories = reference.categories.iter().map(|c| Entry {
            url: self.url(&format!("/categories/{}", c.slug)),
            changed: Some(c.updated_at),
        });
        Ok(pages.chain(cooperatives).chain(categories).collect())
    }

    /// How many files the visible listings take.
    async fn sitemap_listing_files(&self) -> Result<u64> {
        let reference = self.reference().await?;
        let count = products::Entity::find()
            .filter(products::Column::Status.eq(products::Status::Published))
            .filter(products::Column::CooperativeId.is_in(reference.approved.keys().copied()))
            .count(&self.db)
            .await?;
        Ok(count.div_ceil(LISTINGS_PER_FILE).max(1))
    }

    /// The visible listings of file `file` (from 1), in a stable order.
    pub async fn sitemap_listings(&self, file: u64) -> Result<Vec<Entry>> {
        let reference = self.reference().await?;
        let rows: Vec<(String, DateTime<Utc>)> = products::Entity::find()
            .select_only()
            .column(products::Column::Slug)
            .column(products::Column::UpdatedAt)
            .filter(products::Column::Status.eq(products::Status::Published))
            .filter(products::Column::CooperativeId.is_in(reference.approved.keys().copied()))
            .order_by_asc(products::Column::Id)
            .offset(file.saturating_sub(1).saturating_mul(LISTINGS_PER_FILE))
            .limit(LISTINGS_PER_FILE)
            .into_tuple()
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .map(|(slug, changed)| Entry {
                url: self.url(&format!("/products/{slug}")),
                changed: Some(changed),
            })
            .collect())
    }
}
