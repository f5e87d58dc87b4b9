//! Collections (design families): a cooperative groups its listings —
//! "Lidded baskets", "2024 Mai An Tiêm award" — shown on its page, and used
//! for a lookbook (`?collection=`) or a request for quote. Its managers and
//! staff make them; everyone sees those of approved cooperatives, with
//! their listings on sale.

use std::collections::HashMap;

use accounts::{Action, Actor, authorize};
use chrono::Utc;
use entity::{collection_products, collections, products};
use kernel::{CooperativeId, FieldErrors, I18nText, IdOrSlug, problem, slugify};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::listings::input::Texts;
use crate::{Catalog, Error, Result};

/// The most listings a collection holds.
pub const MAX_PRODUCTS: usize = 200;

/// The last place a collection can take (where new ones go).
const MAX_POSITION: i64 = 10_000;

/// A collection, as written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CollectionInput {
    /// Its URL name (made from the Vietnamese name when empty).
    pub slug: String,
    /// Its name (Vietnamese required).
    pub name: Texts,
    /// What it is.
    pub description: Texts,
    /// The cooperative's listings in it (slugs or ids), in order.
    pub products: Vec<String>,
    /// Its place on the cooperative's page (0 first); left out, a new
    /// collection goes last and a changed one keeps its place.
    pub position: Option<i64>,
}

/// A listing in a collection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CollectionItem {
    /// Id.
    pub id: Uuid,
    /// URL name.
    pub slug: String,
    /// Title per locale.
    pub title: I18nText,
}

/// A collection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CollectionView {
    /// Id.
    pub id: Uuid,
    /// URL name.
    pub slug: String,
    /// Name per locale.
    pub name: I18nText,
    /// What it is.
    pub description: Option<I18nText>,
    /// Its listings on sale, in order.
    pub products: Vec<CollectionItem>,
}

impl Catalog {
    /// The collections of the approved cooperative `key`, in order, each
    /// with its listings on sale.
    pub async fn collections(&self, key: &IdOrSlug) -> Result<Vec<CollectionView>> {
        let coop = self
            .find_approved_cooperative(key)
            .await?
            .ok_or_else(|| Error::CooperativeNotFound(key.to_string()))?;
        self.collections_of(coop.id, true).await
    }

    /// The collections of `cooperative` for its members and staff, with
    /// every listing in them (on sale or not).
    pub async fn cooperative_collections(
        &self,
        actor: &Actor,
        cooperative: CooperativeId,
    ) -> Result<Vec<CollectionView>> {
        authorize(Some(actor), Action::ViewCooperative(cooperative))
            .map_err(|d| self.hide(d, cooperative))?;
        self.collections_of(cooperative.uuid(), false).await
    }

    pub(crate) async fn collections_of(
        &self,
        cooperative: Uuid,
        on_sale: bool,
    ) -> Result<Vec<CollectionView>> {
        let rows = collections::Entity::find()
            .filter(collections::Column::CooperativeId.eq(cooperative))
            .order_by_asc(collections::Column::Position)
            .order_by_asc(collections::Column::CreatedAt)
            .all(&self.db)
            .await?;
        let members = collection_products::Entity::find()
            .filter(collection_products::Column::CollectionId.is_in(rows.iter().map(|c| c.id)))
            .order_by_asc(collection_products::Column::Position)
            .all(&self.db)
            .await?;
        let mut find = products::Entity::find()
            .filter(products::Column::Id.is_in(members.iter().map(|m| m.product_id)));
        if on_sale {
            find = find
                .filter(products::Column::Status.eq(products::Status::Published))
                .filter(products::Column::TakenDown.eq(false));
        }
        let listed: HashMap<Uuid, products::Model> = find
            .all(&self.db)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        Ok(rows
            .into_iter()
            .map(|c| CollectionView {
                products: members
                    .iter()
                    .filter(|m| m.collection_id == c.id)
                    .filter_map(|m| listed.get(&m.product_id))
                    .map(|p| CollectionItem {
                        id: p.id,
                        slug: p.slug.clone(),
                        title: p.title.clone(),
                    })
                    .collect(),
                id: c.id,
                slug: c.slug,
                name: c.name,
                description: c.description,
            })
            .collect())
    }

    /// The listing ids of a collection of `cooperative`, in order (for a
    /// lookbook).
    pub(crate) async fn collection_products(
        &self,
        cooperative: Uuid,
        slug: &str,
    ) -> Result<Vec<Uuid>> {
        let collection = collections::Entity::find()
            .filter(collections::Column::CooperativeId.eq(cooperative))
            .filter(collections::Column::Slug.eq(slug))
            .one(&self.db)
            .await?
            .ok_or_else(|| Error::CollectionNotFound(slug.to_owned()))?;
        Ok(collection_products::Entity::find()
            .filter(collection_products::Column::CollectionId.eq(collection.id))
            .order_by_asc(collection_products::Column::Position)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|m| m.product_id)
            .collect())
    }

    /// Makes a collection of `cooperative` (its managers and staff).
    pub async fn create_collection(
        &self,
        actor: &Actor,
        cooperative: CooperativeId,
        input: &CollectionInput,
    ) -> Result<CollectionView> {
        authorize(Some(actor), Action::ManageListings(cooperative))
            .map_err(|d| self.hide(d, cooperative))?;
        self.save_collection(cooperative.uuid(), None, input).await
    }

    /// Changes a collection (its cooperative's managers and staff).
    pub async fn update_collection(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &CollectionInput,
    ) -> Result<CollectionView> {
        let row = self.collection_for(actor, id).await?;
        self.save_collection(row.cooperative_id, Some(row), input)
            .await
    }

    /// Removes a collection (its listings stay).
    pub async fn delete_collection(&self, actor: &Actor, id: Uuid) -> Result<()> {
        let row = self.collection_for(actor, id).await?;
        collections::Entity::delete_by_id(row.id)
            .exec(&self.db)
            .await?;
        Ok(())
    }

    async fn collection_for(&self, actor: &Actor, id: Uuid) -> Result<collections::Model> {
        let row = collections::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or_else(|| Error::CollectionNotFound(id.to_string()))?;
        authorize(
            Some(actor),
            Action::ManageListings(CooperativeId(row.cooperative_id)),
        )
        .map_err(|d| match d {
            accounts::Denied::NotFound => Error::CollectionNotFound(id.to_string()),
            other => Error::Denied(other),
        })?;
        Ok(row)
    }

    async fn save_collection(
        &self,
        cooperative: Uuid,
        existing: Option<collections::Model>,
        input: &CollectionInput,
    ) -> Result<CollectionView> {
        let mut errors = FieldErrors::new();
        let name = input.name.to_i18n();
        if name.vi.is_empty() {
            errors.add("name.vi", problem::required());
        }
        for (lang, text) in name.iter() {
            if text.chars().count() > 120 {
                errors.add(format!("name.{}", lang.code()), problem::too_long(120));
            }
        }
        let description = input.description.to_i18n();
        let description = (!description.vi.is_empty()).then_some(description);
        let slug = match input.slug.trim() {
            "" => slugify(&name.vi),
            given => {
                let slug = slugify(given);
                if slug != given {
                    errors.add("slug", problem::slug_invalid());
                }
                slug
            }
        };
        let position = match (input.position, &existing) {
            (Some(p), _) => p.clamp(0, MAX_POSITION),
            (None, Some(row)) => i64::from(row.position),
            (None, None) => MAX_POSITION,
        };
        let position = i32::try_from(position).unwrap_or(0);
        if input.products.len() > MAX_PRODUCTS {
            errors.add("products", problem::too_many_listings(MAX_PRODUCTS as i64));
        }
        let own: Vec<products::Model> = products::Entity::find()
            .filter(products::Column::CooperativeId.eq(cooperative))
            .all(&self.db)
            .await?;
        let mut chosen: Vec<Uuid> = Vec::new();
        for (i, key) in input.products.iter().enumerate() {
            let key = key.trim();
            match own
                .iter()
                .find(|p| p.slug == key || p.id.to_string() == key)
            {
                Some(p) if !chosen.contains(&p.id) => chosen.push(p.id),
                Some(_) => errors.add(format!("products[{i}]"), problem::variant_given_twice()),
                None => errors.add(
                    format!("products[{i}]"),
                    problem::not_a_listing_of_cooperative(),
                ),
            }
        }
        let taken = collections::Entity::find()
            .filter(collections::Column::CooperativeId.eq(cooperative))
            .filter(collections::Column::Slug.eq(slug.clone()))
            .one(&self.db)
            .await?
            .is_some_and(|c| existing.as_ref().is_none_or(|e| e.id != c.id));
        if taken && !slug.is_empty() {
            errors.add("slug", problem::collection_slug_taken());
        }
        errors.into_result(()).map_err(Error::Invalid)?;
        let now = Utc::now();
        let txn = entity::db::begin_write(&self.db).await?;
        let id = match existing {
            Some(row) => {
                let mut active: collections::ActiveModel = row.into();
                active.slug = Set(slug);
                active.name = Set(name);
                active.description = Set(description);
                active.position = Set(position);
                active.updated_at = Set(now);
                let row = collections::Entity::update(active).exec(&txn).await?;
                collection_products::Entity::delete_many()
                    .filter(collection_products::Column::CollectionId.eq(row.id))
                    .exec(&txn)
                    .await?;
                row.id
            }
            None => {
                let id = Uuid::now_v7();
                collections::Entity::insert(collections::ActiveModel {
                    id: Set(id),
                    cooperative_id: Set(cooperative),
                    slug: Set(slug),
                    name: Set(name),
                    description: Set(description),
                    position: Set(position),
                    created_at: Set(now),
                    updated_at: Set(now),
                })
                .exec_without_returning(&txn)
                .await?;
                id
            }
        };
        if !chosen.is_empty() {
            collection_products::Entity::insert_many(chosen.iter().zip(0..).map(
                |(p, position)| collection_products::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    collection_id: Set(id),
                    product_id: Set(*p),
                    position: Set(position),
                },
            ))
            .exec_without_returning(&txn)
            .await?;
        }
        txn.commit().await?;
        self.collections_of(cooperative, false)
            .await?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or_else(|| Error::CollectionNotFound(id.to_string()))
    }
}
