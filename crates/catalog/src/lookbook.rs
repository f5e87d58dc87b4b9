//! A cooperative's lookbook: a PDF of its listings on sale — all of them,
//! a category's, a collection's, or the ones chosen — that an importer takes away: the main
//! picture, the title in the reader's language, SKUs, options, minimum
//! order, wholesale tiers, lead time, HS code, dimensions and weight.
//!
//! Pictures are read at the stored 640 px size, which the lookbook embeds
//! as they are (no decoding), so that 500 listings are made in seconds and
//! stay a few tens of megabytes.

use std::collections::{HashMap, HashSet};

use documents::{Fonts, Lookbook, LookbookItem};
use entity::{categories, product_images, product_variants, products};
use kernel::{IdOrSlug, Locale};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Deserialize;
use uuid::Uuid;

use crate::media::{ImageSize, extension};
use crate::{Catalog, Error, Result};

/// The most listings one lookbook holds.
pub const MAX_ITEMS: u64 = 600;

/// Which listings, in which language.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub struct LookbookQuery {
    /// A category's slug: its listings and those of its sub-categories.
    pub category: Option<String>,
    /// Listings by slug, comma-separated, in the order to show them.
    pub products: Option<String>,
    /// A collection's slug: its listings, in its order.
    pub collection: Option<String>,
}

impl Catalog {
    /// The lookbook of the approved cooperative `key` in `locale` (labels in
    /// English too), as a file name and PDF bytes.
    pub async fn lookbook(
        &self,
        key: &IdOrSlug,
        query: &LookbookQuery,
        locale: Locale,
    ) -> Result<(String, Vec<u8>)> {
        let coop = self
            .find_approved_cooperative(key)
            .await?
            .ok_or_else(|| Error::CooperativeNotFound(key.to_string()))?;
        let mut find = products::Entity::find()
            .filter(products::Column::CooperativeId.eq(coop.id))
            .filter(products::Column::Status.eq(products::Status::Published))
            .filter(products::Column::TakenDown.eq(false));
        let chosen: Vec<String> = query
            .products
            .as_deref()
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        if !chosen.is_empty() {
            find = find.filter(products::Column::Slug.is_in(chosen.clone()));
        }
        let mut title = coop.name.clone();
        let mut in_collection: Vec<Uuid> = Vec::new();
        if let Some(slug) = query.collection.as_deref().filter(|s| !s.is_empty()) {
            in_collection = self.collection_products(coop.id, slug).await?;
            let collection = self
                .collections_of(coop.id, true)
                .await?
                .into_iter()
                .find(|c| c.slug == slug);
            if let Some(c) = collection {
                title = format!("{} — {}", coop.name, c.name.found(locale).1);
            }
            find = find.filter(products::Column::Id.is_in(in_collection.clone()));
        }
        if let Some(slug) = query.category.as_deref().filter(|s| !s.is_empty()) {
            let all = categories::Entity::find().all(&self.db).await?;
            let root = all
                .iter()
                .find(|c| c.slug == slug)
                .ok_or_else(|| Error::CategoryNotFound(slug.to_owned()))?;
            title = format!("{} — {}", coop.name, root.name.found(locale).1);
            let mut within: HashSet<Uuid> = HashSet::from([root.id]);
            // the tree is shallow: a few passes reach every descendant
            for _ in 0..8 {
                for c in &all {
                    if c.parent_id.is_some_and(|p| within.contains(&p)) {
                        within.insert(c.id);
                    }
                }
            }
            find = find.filter(products::Column::CategoryId.is_in(within));
        }
        let mut rows = find
            .order_by_asc(products::Column::PublishedAt)
            .order_by_asc(products::Column::Id)
            .limit(MAX_ITEMS)
            .all(&self.db)
            .await?;
        if !chosen.is_empty() {
            rows.sort_by_key(|p| chosen.iter().position(|s| *s == p.slug));
        } else if !in_collection.is_empty() {
            rows.sort_by_key(|p| in_collection.iter().position(|id| *id == p.id));
        }
        let ids: Vec<Uuid> = rows.iter().map(|p| p.id).collect();
        let mut variants: HashMap<Uuid, Vec<product_variants::Model>> = HashMap::new();
        for v in product_variants::Entity::find()
            .filter(product_variants::Column::ProductId.is_in(ids.clone()))
            .order_by_asc(product_variants::Column::Position)
            .all(&self.db)
            .await?
        {
            variants.entry(v.product_id).or_default().push(v);
        }
        let mut pictures: HashMap<Uuid, product_images::Model> = HashMap::new();
        for image in product_images::Entity::find()
            .filter(product_images::Column::ProductId.is_in(ids))
            .filter(product_images::Column::Pending.eq(false))
            .order_by_desc(product_images::Column::Position)
            .all(&self.db)
            .await?
        {
            // the lowest position wins: it is the main picture
            pictures.insert(image.product_id, image);
        }
        let mut items = Vec::with_capacity(rows.len());
        for product in &rows {
            let picture = match pictures.get(&product.id) {
                Some(image) => {
                    let name = format!(
                        "{}.{}",
                        ImageSize::Medium.name(),
                        extension(&image.content_type)
                    );
                    match self.media.get(&image.storage_key, &name).await {
                        Ok(bytes) => Some(bytes),
                        Err(err) => {
                            tracing::warn!(key = %image.storage_key, error = %err, "lookbook picture missing");
                            None
                        }
                    }
                }
                None => None,
            };
            items.push(item(
                product,
                variants.get(&product.id).map_or(&[][..], Vec::as_slice),
                picture,
                locale,
            ));
        }
        let book = Lookbook {
            cooperative: coop.name.clone(),
            title,
            language: locale,
            items,
        };
        let bytes = tokio::task::spawn_blocking(move || {
            let fonts = Fonts::shared().map_err(Error::DocumentUnavailable)?;
            documents::render_lookbook(&book, &fonts)
                .map_err(|e| Error::DocumentUnavailable(e.to_string()))
        })
        .await
        .map_err(|e| Error::DocumentUnavailable(e.to_string()))??;
        Ok((
            format!("lookbook-{}-{}.pdf", coop.slug, locale.code()),
            bytes,
        ))
    }
}

fn item(
    product: &products::Model,
    variants: &[product_variants::Model],
    picture: Option<Vec<u8>>,
    locale: Locale,
) -> LookbookItem {
    let first = variants.first();
    let options: Vec<String> = variants
        .iter()
        .map(|v| {
            v.options
                .0
                .values()
                .cloned()
                .collect::<Vec<_>>()
                .join(" · ")
        })
        .filter(|o| !o.is_empty())
        .collect();
    LookbookItem {
        picture,
        title: product.title.found(locale).1.to_owned(),
        skus: variants.iter().map(|v| v.sku.clone()).collect(),
        options,
        min_order: variants
            .iter()
            .filter_map(|v| u32::try_from(v.min_order_qty).ok())
            .min(),
        tiers: first
            .and_then(|v| v.price_tiers.clone())
            .map(|t| {
                t.0.iter()
                    .filter_map(|tier| Some((u32::try_from(tier.min_qty).ok()?, tier.price_vnd)))
                    .collect()
            })
            .unwrap_or_else(|| first.map(|v| vec![(1, v.price_vnd)]).unwrap_or_default()),
        lead_time_days: variants
            .iter()
            .filter_map(|v| v.lead_time_days.and_then(|d| u32::try_from(d).ok()))
            .max(),
        hs_code: variants.iter().find_map(|v| v.hs_code.clone()),
        dimensions: first.and_then(|v| match (v.length_mm, v.width_mm, v.height_mm) {
            (Some(l), Some(w), Some(h)) => Some(format!(
                "{} × {} × {} cm",
                f64::from(l) / 10.0,
                f64::from(w) / 10.0,
                f64::from(h) / 10.0
            )),
            _ => None,
        }),
        weight_g: first
            .and_then(|v| v.weight_grams)
            .and_then(|g| u32::try_from(g).ok()),
    }
}
