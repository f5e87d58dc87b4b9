//! Listings as their cooperative keeps them, and their life:
//!
//! ```text
//! draft ──submit──▶ pending_review ──approve──▶ published ──unpublish──▶ unpublished
//!   ▲                   │ reject                    │ take down (staff)        │ submit
//!   └──── edit ◀── rejected                         ▼                          ▼
//!                                              unpublished (taken down) ─▶ pending_review
//! ```
//!
//! What goes live at once and what waits for review, once a listing has been
//! approved: **variants** (price, compare-at price, stock, tiers, weight,
//! size, HS code, made-to-order, minimum quantity; new and removed variants)
//! change the shop at once, because a seller must be able to follow their
//! stock and prices and these are checked by the buyer's order anyway.
//! **What the listing says** (title, summary, description, care, category,
//! tags, origin, maker) and **new pictures** are what misleads shoppers, so
//! they are kept aside (`pending_content`, pictures marked pending) and the
//! shop keeps showing the approved version until union staff approve the
//! change. Removing a picture goes live at once.

pub mod csv;
pub mod input;
mod view;

pub use input::{ListingInput, ListingPatch, Texts, TierInput, VariantInput};
pub use view::*;

use std::collections::HashMap;

use accounts::{Action, Actor, MemberRole, authorize};
use chrono::Utc;
use entity::audit::{self, Entry};
use entity::json::{ListingContent, Options, PriceTiers};
use entity::{categories, cooperatives, product_images, product_slugs, product_variants, products};
use kernel::{
    CooperativeId, FieldErrors, I18nText, ImageId, Page, PageRequest, Problem, ProductId, problem,
};
use notify::mail::{self, Recipient};
use sea_orm::sea_query::{Expr, LikeExpr};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::images::{self, ImageError};
use crate::media::StoreError;
use crate::{Catalog, Error, ImageSize, Result};

/// Most pictures a listing may have.
pub const MAX_IMAGES: usize = 12;

/// What union staff decide about a listing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ListingDecision {
    /// Publish it (or its pending changes).
    Approve,
    /// Send it back, with the reason.
    Reject(String),
    /// Take a published listing out of the shop, with the reason.
    TakeDown(String),
}

impl ListingDecision {
    /// A decision from its name and reason; the reason is required to
    /// reject or take down.
    pub fn parse(name: &str, reason: Option<&str>) -> Result<Self> {
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        let need = |r: Option<&str>| {
            r.map(str::to_owned)
                .ok_or_else(|| invalid("reason", problem::required()))
        };
        match name {
            "approve" => Ok(Self::Approve),
            "reject" => Ok(Self::Reject(need(reason)?)),
            "take_down" | "take-down" => Ok(Self::TakeDown(need(reason)?)),
            _ => Err(invalid(
                "decision",
                problem::not_one_of(&["approve", "reject", "take_down"]),
            )),
        }
    }

    /// The name used in the audit log.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Approve => "approve",
            Self::Reject(_) => "reject",
            Self::TakeDown(_) => "take_down",
        }
    }

    fn reason(&self) -> Option<&str> {
        match self {
            Self::Approve => None,
            Self::Reject(r) | Self::TakeDown(r) => Some(r),
        }
    }
}

fn content_of(p: &products::Model) -> ListingContent {
    ListingContent {
        title: p.title.clone(),
        summary: p.summary.clone(),
        description: p.description.clone(),
        care: p.care.clone(),
        category_id: p.category_id,
        tags: p.tags.0.clone(),
        origin_commune: p.origin_commune.clone(),
        origin_province: p.origin_province.clone(),
        maker: p.maker.clone(),
    }
}

/// The folded text plain database matching looks in.
pub(crate) fn search_text(title: &I18nText, tags: &[String]) -> String {
    crate::demo::search_text(title, tags)
}

/// The checked listing, or every problem: those of the checks and the SKUs
/// other listings already use, together.
fn checked(
    valid: std::result::Result<input::ValidListing, FieldErrors>,
    conflicts: FieldErrors,
) -> Result<input::ValidListing> {
    match valid {
        Ok(valid) if conflicts.is_empty() => Ok(valid),
        Ok(_) => Err(Error::Invalid(conflicts)),
        Err(mut errors) => {
            errors.merge(conflicts);
            Err(Error::Invalid(errors))
        }
    }
}

fn invalid(field: &str, problem: Problem) -> Error {
    Error::Invalid(FieldErrors::single(field, problem))
}

impl Catalog {
    /// The listing row, if `actor` may manage its cooperative's listings;
    /// another cooperative's listing is "not found".
    async fn managed_listing(
        &self,
        conn: &impl ConnectionTrait,
        actor: &Actor,
        id: ProductId,
    ) -> Result<products::Model> {
        let row = products::Entity::find_by_id(id.uuid())
            .one(conn)
            .await?
            .ok_or_else(|| Error::ProductNotFound(id.to_string()))?;
        authorize(
            Some(actor),
            Action::ManageListings(CooperativeId(row.cooperative_id)),
        )
        .map_err(|d| match d {
            accounts::Denied::NotFound => Error::ProductNotFound(id.to_string()),
            other => Error::Denied(other),
        })?;
        Ok(row)
    }

    async fn categories_list(&self, conn: &impl ConnectionTrait) -> Result<Vec<categories::Model>> {
        Ok(categories::Entity::find()
            .order_by_asc(categories::Column::Position)
            .all(conn)
            .await?)
    }

    /// A slug for `title` that no other listing uses or used.
    async fn free_slug(
        &self,
        conn: &impl ConnectionTrait,
        title: &str,
        own: Option<Uuid>,
    ) -> Result<String> {
        let base = match kernel::slugify(title) {
            s if s.is_empty() => "san-pham".to_owned(),
            s => s,
        };
        for n in 1..1000 {
            let candidate = if n == 1 {
                base.clone()
            } else {
                format!("{}-{n}", base.chars().take(90).collect::<String>())
            };
            if !self.slug_taken(conn, &candidate, own).await? {
                return Ok(candidate);
            }
        }
        Ok(format!("{base}-{}", Uuid::now_v7().simple()))
    }

    /// Whether another listing has or had this slug.
    async fn slug_taken(
        &self,
        conn: &impl ConnectionTrait,
        slug: &str,
        own: Option<Uuid>,
    ) -> Result<bool> {
        let taken = products::Entity::find()
            .filter(products::Column::Slug.eq(slug))
            .one(conn)
            .await?
            .is_some_and(|p| Some(p.id) != own);
        let used = product_slugs::Entity::find_by_id(slug.to_owned())
            .one(conn)
            .await?
            .is_some_and(|s| Some(s.product_id) != own);
        Ok(taken || used)
    }

    /// Puts `content` live on the listing: the columns, the folded search
    /// text and, when the Vietnamese title changed, a new slug (the old one
    /// keeps redirecting).
    async fn put_content_live(
        &self,
        txn: &DatabaseTransaction,
        row: &products::Model,
        content: &ListingContent,
    ) -> Result<()> {
        let now = Utc::now();
        let mut update = products::Entity::update_many()
            .col_expr(products::Column::Title, Expr::value(content.title.clone()))
            .col_expr(
                products::Column::Summary,
                Expr::value(content.summary.clone()),
            )
            .col_expr(
                products::Column::Description,
                Expr::value(content.description.clone()),
            )
            .col_expr(products::Column::Care, Expr::value(content.care.clone()))
            .col_expr(
                products::Column::CategoryId,
                Expr::value(content.category_id),
            )
            .col_expr(
                products::Column::Tags,
                Expr::value(entity::json::StringList(content.tags.clone())),
            )
            .col_expr(
                products::Column::OriginCommune,
                Expr::value(content.origin_commune.clone()),
            )
            .col_expr(
                products::Column::OriginProvince,
                Expr::value(content.origin_province.clone()),
            )
            .col_expr(products::Column::Maker, Expr::value(content.maker.clone()))
            .col_expr(
                products::Column::SearchText,
                Expr::value(search_text(&content.title, &content.tags)),
            )
            .col_expr(products::Column::UpdatedAt, Expr::value(now));
        if kernel::slugify(&content.title.vi) != kernel::slugify(&row.title.vi) {
            let slug = self.free_slug(txn, &content.title.vi, Some(row.id)).await?;
            if slug != row.slug {
                // the old slug keeps working: links shared before still land
                product_slugs::Entity::delete_by_id(slug.clone())
                    .exec(txn)
                    .await?;
                product_slugs::Entity::insert(product_slugs::ActiveModel {
                    slug: Set(row.slug.clone()),
                    product_id: Set(row.id),
                    created_at: Set(now),
                })
                .exec(txn)
                .await?;
                update = update.col_expr(products::Column::Slug, Expr::value(slug));
            }
        }
        update
            .filter(products::Column::Id.eq(row.id))
            .exec(txn)
            .await?;
        Ok(())
    }

    /// SKUs of `variants` already used by another listing of the
    /// cooperative, as field problems.
    async fn sku_conflicts(
        &self,
        conn: &impl ConnectionTrait,
        cooperative: Uuid,
        product: Option<Uuid>,
        variants: &[VariantInput],
    ) -> Result<FieldErrors> {
        let skus: Vec<String> = variants.iter().map(|v| v.sku.trim().to_owned()).collect();
        let mut select = product_variants::Entity::find()
            .filter(product_variants::Column::CooperativeId.eq(cooperative))
            .filter(product_variants::Column::Sku.is_in(skus.clone()));
        if let Some(product) = product {
            select = select.filter(product_variants::Column::ProductId.ne(product));
        }
        let taken: Vec<String> = select.all(conn).await?.into_iter().map(|v| v.sku).collect();
        let mut errors = FieldErrors::new();
        for (i, sku) in skus.iter().enumerate() {
            if !sku.is_empty() && taken.contains(sku) {
                errors.add(format!("variants[{i}].sku"), problem::sku_taken());
            }
        }
        Ok(errors)
    }

    /// Writes the variant set: named or same-SKU variants are updated, new
    /// ones added, missing ones removed; then the listing's price range
    /// and stock flag are recomputed.
    async fn save_variants(
        &self,
        txn: &DatabaseTransaction,
        product: &products::Model,
        variants: &[input::ValidVariant],
    ) -> Result<()> {
        let now = Utc::now();
        let existing = product_variants::Entity::find()
            .filter(product_variants::Column::ProductId.eq(product.id))
            .all(txn)
            .await?;
        let mut errors = FieldErrors::new();
        let mut kept = Vec::new();
        let mut plan = Vec::new();
        for (i, v) in variants.iter().enumerate() {
            let matched = match v.id {
                Some(id) => match existing.iter().find(|e| e.id == id) {
                    Some(e) => Some(e.id),
                    None => {
                        errors.add(
                            format!("variants[{i}].id"),
                            problem::not_a_variant_of_listing(),
                        );
                        None
                    }
                },
                None => existing.iter().find(|e| e.sku == v.sku).map(|e| e.id),
            };
            kept.extend(matched);
            plan.push((i, v, matched));
        }
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        let removed: Vec<Uuid> = existing
            .iter()
            .filter(|e| !kept.contains(&e.id))
            .map(|e| e.id)
            .collect();
        if !removed.is_empty() {
            product_variants::Entity::delete_many()
                .filter(product_variants::Column::Id.is_in(removed))
                .exec(txn)
                .await?;
        }
        // SKUs may swap between variants of one listing: clear them first so
        // the unique index never sees two rows with one SKU mid-way
        for (_, _, matched) in &plan {
            if let Some(id) = matched {
                product_variants::Entity::update_many()
                    .col_expr(product_variants::Column::Sku, Expr::value(format!("~{id}")))
                    .filter(product_variants::Column::Id.eq(*id))
                    .exec(txn)
                    .await?;
            }
        }
        for (i, v, matched) in plan {
            let [length, width, height] = v.dimensions.map_or([None; 3], |d| d.map(Some));
            let tiers = (!v.price_tiers.is_empty()).then(|| PriceTiers(v.price_tiers.clone()));
            let mut model = product_variants::ActiveModel {
                product_id: Set(product.id),
                cooperative_id: Set(product.cooperative_id),
                sku: Set(v.sku.clone()),
                options: Set(Options(v.options.clone())),
                price_vnd: Set(v.price_vnd),
                compare_at_vnd: Set(v.compare_at_vnd),
                stock: Set(v.stock),
                weight_grams: Set(v.weight_grams),
                length_mm: Set(length),
                width_mm: Set(width),
                height_mm: Set(height),
                hs_code: Set(v.hs_code.clone()),
                made_to_order: Set(v.made_to_order),
                lead_time_days: Set(v.lead_time_days),
                min_order_qty: Set(v.min_order_qty),
                position: Set(i32::try_from(i).unwrap_or(i32::MAX)),
                price_tiers: Set(tiers),
                updated_at: Set(now),
                ..Default::default()
            };
            let result = match matched {
                Some(id) => {
                    model.id = Set(id);
                    product_variants::Entity::update(model)
                        .exec(txn)
                        .await
                        .map(|_| ())
                }
                None => {
                    model.id = Set(Uuid::now_v7());
                    model.created_at = Set(now);
                    product_variants::Entity::insert(model)
                        .exec(txn)
                        .await
                        .map(|_| ())
                }
            };
            result.map_err(|e| {
                if entity::is_unique_violation(&e, "sku") {
                    invalid(&format!("variants[{i}].sku"), problem::sku_taken())
                } else {
                    Error::Db(e)
                }
            })?;
        }
        products::refresh_summary(txn, product.id).await?;
        Ok(())
    }

    /// Creates a draft listing for the cooperative.
    #[tracing::instrument(skip_all, fields(cooperative = %cooperative))]
    pub async fn create_listing(
        &self,
        actor: &Actor,
        cooperative: CooperativeId,
        input: &ListingInput,
    ) -> Result<ProductId> {
        authorize(Some(actor), Action::ManageListings(cooperative))
            .map_err(|d| self.hide(d, cooperative))?;
        let txn = entity::db::begin_write(&self.db).await?;
        let coop = cooperatives::Entity::find_by_id(cooperative.uuid())
            .one(&txn)
            .await?
            .ok_or_else(|| Error::CooperativeNotFound(cooperative.to_string()))?;
        let categories = self.categories_list(&txn).await?;
        let conflicts = self
            .sku_conflicts(&txn, coop.id, None, &input.variants)
            .await?;
        let valid = checked(
            input::validate(input, &categories, &coop.province),
            conflicts,
        )?;
        let id = self.insert_valid(&txn, actor, &coop, &valid, None).await?;
        txn.commit().await?;
        Ok(ProductId(id))
    }

    /// Writes a new draft listing that passed the checks. `slug_hint` is
    /// used as its slug when it is a valid, free slug.
    pub(crate) async fn insert_valid(
        &self,
        txn: &DatabaseTransaction,
        actor: &Actor,
        coop: &cooperatives::Model,
        valid: &input::ValidListing,
        slug_hint: Option<&str>,
    ) -> Result<Uuid> {
        let id = Uuid::now_v7();
        let now = Utc::now();
        let slug = match slug_hint {
            Some(hint)
                if kernel::slugify(hint) == hint && !self.slug_taken(txn, hint, None).await? =>
            {
                hint.to_owned()
            }
            _ => self.free_slug(txn, &valid.content.title.vi, None).await?,
        };
        let c = &valid.content;
        let row = products::ActiveModel {
            id: Set(id),
            cooperative_id: Set(coop.id),
            category_id: Set(c.category_id),
            slug: Set(slug),
            title: Set(c.title.clone()),
            summary: Set(c.summary.clone()),
            description: Set(c.description.clone()),
            tags: Set(entity::json::StringList(c.tags.clone())),
            origin_commune: Set(c.origin_commune.clone()),
            origin_province: Set(c.origin_province.clone()),
            maker: Set(c.maker.clone()),
            care: Set(c.care.clone()),
            status: Set(products::Status::Draft),
            featured: Set(false),
            search_text: Set(search_text(&c.title, &c.tags)),
            published_at: Set(None),
            status_reason: Set(None),
            taken_down: Set(false),
            pending_content: Set(None),
            awaiting_review: Set(false),
            submitted_at: Set(None),
            min_price_vnd: Set(None),
            max_price_vnd: Set(None),
            in_stock: Set(false),
            rating_count: Set(0),
            rating_sum: Set(0),
            created_at: Set(now),
            updated_at: Set(now),
        };
        let row = products::Entity::insert(row)
            .exec_with_returning(txn)
            .await?;
        self.save_variants(txn, &row, &valid.variants).await?;
        audit::record(
            txn,
            Entry {
                actor_id: Some(actor.user_id.uuid()),
                action: "product.create".into(),
                target_type: "product".into(),
                target_id: id.to_string(),
                reason: None,
                request_id: actor.request_id.clone(),
                data: Some(serde_json::json!({ "cooperative_id": coop.id })),
            },
        )
        .await?;
        Ok(id)
    }

    /// What the edit form starts from: the pending version when there is
    /// one, else the live one, with the variants.
    async fn current_input(
        &self,
        conn: &impl ConnectionTrait,
        row: &products::Model,
    ) -> Result<ListingInput> {
        let content = row
            .pending_content
            .clone()
            .unwrap_or_else(|| content_of(row));
        let categories = self.categories_list(conn).await?;
        let variants = product_variants::Entity::find()
            .filter(product_variants::Column::ProductId.eq(row.id))
            .order_by_asc(product_variants::Column::Position)
            .all(conn)
            .await?;
        Ok(view::input_of(&content, &categories, &variants))
    }

    /// Changes a listing. See the module documentation for which changes of
    /// an approved listing go live at once and which wait for review.
    #[tracing::instrument(skip_all, fields(product = %id))]
    pub async fn update_listing(
        &self,
        actor: &Actor,
        id: ProductId,
        patch: ListingPatch,
    ) -> Result<()> {
        let txn = entity::db::begin_write(&self.db).await?;
        let row = self.managed_listing(&txn, actor, id).await?;
        let coop = cooperatives::Entity::find_by_id(row.cooperative_id)
            .one(&txn)
            .await?
            .ok_or_else(|| Error::ProductNotFound(id.to_string()))?;
        let input = patch.apply_to(self.current_input(&txn, &row).await?);
        let categories = self.categories_list(&txn).await?;
        let conflicts = self
            .sku_conflicts(&txn, coop.id, Some(row.id), &input.variants)
            .await?;
        let valid = checked(
            input::validate(&input, &categories, &coop.province),
            conflicts,
        )?;
        self.apply_valid(&txn, actor, &row, &valid).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Writes checked edits over a listing (see the module documentation
    /// for what goes live and what waits for review).
    pub(crate) async fn apply_valid(
        &self,
        txn: &DatabaseTransaction,
        actor: &Actor,
        row: &products::Model,
        valid: &input::ValidListing,
    ) -> Result<()> {
        self.save_variants(txn, row, &valid.variants).await?;
        // prices and stock of an approved listing are live at once
        crate::search_feed::product_changed(txn, ProductId(row.id)).await?;
        let now = Utc::now();
        let approved = row.published_at.is_some();
        let mut changes = serde_json::Map::new();
        if approved {
            // text of an approved listing waits for review
            let live = content_of(row);
            let pending = (valid.content != live).then_some(valid.content.clone());
            let has_pending_images = self.has_pending_images(txn, row.id).await?;
            let awaiting = match row.status {
                products::Status::Published => pending.is_some() || has_pending_images,
                products::Status::PendingReview => true,
                _ => false,
            };
            changes.insert("content_pending".into(), pending.is_some().into());
            let entered_queue = awaiting && !row.awaiting_review
                || (awaiting && pending.is_some() && pending != row.pending_content);
            let mut update = products::Entity::update_many()
                .col_expr(products::Column::PendingContent, Expr::value(pending))
                .col_expr(products::Column::AwaitingReview, Expr::value(awaiting))
                .col_expr(products::Column::UpdatedAt, Expr::value(now));
            if entered_queue {
                update = update.col_expr(products::Column::SubmittedAt, Expr::value(Some(now)));
            }
            update
                .filter(products::Column::Id.eq(row.id))
                .exec(txn)
                .await?;
        } else {
            self.put_content_live(txn, row, &valid.content).await?;
            if row.status == products::Status::Rejected {
                // "rejected → back to draft" once the seller works on it
                products::Entity::update_many()
                    .col_expr(
                        products::Column::Status,
                        Expr::value(products::Status::Draft),
                    )
                    .filter(products::Column::Id.eq(row.id))
                    .exec(txn)
                    .await?;
                changes.insert("to".into(), "draft".into());
            }
        }
        audit::record(
            txn,
            Entry {
                actor_id: Some(actor.user_id.uuid()),
                action: "product.update".into(),
                target_type: "product".into(),
                target_id: row.id.to_string(),
                reason: None,
                request_id: actor.request_id.clone(),
                data: Some(serde_json::Value::Object(changes)),
            },
        )
        .await?;
        Ok(())
    }

    async fn has_pending_images(&self, conn: &impl ConnectionTrait, product: Uuid) -> Result<bool> {
        Ok(product_images::Entity::find()
            .filter(product_images::Column::ProductId.eq(product))
            .filter(product_images::Column::Pending.eq(true))
            .count(conn)
            .await?
            > 0)
    }

    /// What a listing still lacks before review, as field problems.
    async fn missing_for_review(
        &self,
        conn: &impl ConnectionTrait,
        row: &products::Model,
    ) -> Result<FieldErrors> {
        let mut errors = FieldErrors::new();
        let content = row
            .pending_content
            .clone()
            .unwrap_or_else(|| content_of(row));
        if content.category_id.is_none() {
            errors.add("category", problem::category_missing());
        }
        let variants = product_variants::Entity::find()
            .filter(product_variants::Column::ProductId.eq(row.id))
            .count(conn)
            .await?;
        if variants == 0 {
            errors.add("variants", problem::variants_missing());
        }
        let images = product_images::Entity::find()
            .filter(product_images::Column::ProductId.eq(row.id))
            .count(conn)
            .await?;
        if images == 0 {
            errors.add("images", problem::images_missing());
        }
        Ok(errors)
    }

    async fn ensure_selling(&self, conn: &impl ConnectionTrait, cooperative: Uuid) -> Result<()> {
        let coop = cooperatives::Entity::find_by_id(cooperative)
            .one(conn)
            .await?
            .ok_or_else(|| Error::CooperativeNotFound(cooperative.to_string()))?;
        if coop.status != cooperatives::Status::Approved {
            return Err(Error::InvalidTransition(
                "the cooperative is not admitted to sell right now".into(),
            ));
        }
        Ok(())
    }

    /// Changes the listing's status (and other columns) only if nobody
    /// changed it since `row` was read.
    async fn transition(
        &self,
        txn: &DatabaseTransaction,
        row: &products::Model,
        update: sea_orm::UpdateMany<products::Entity>,
    ) -> Result<()> {
        let changed = update
            .col_expr(products::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(products::Column::Id.eq(row.id))
            .filter(products::Column::Status.eq(row.status))
            .filter(products::Column::AwaitingReview.eq(row.awaiting_review))
            .exec(txn)
            .await?;
        if changed.rows_affected != 1 {
            return Err(Error::InvalidTransition(
                "the listing changed meanwhile; reload and try again".into(),
            ));
        }
        Ok(())
    }

    async fn audit_listing(
        &self,
        txn: &DatabaseTransaction,
        actor: &Actor,
        row: &products::Model,
        action: &str,
        reason: Option<&str>,
        to: products::Status,
    ) -> Result<()> {
        crate::search_feed::product_changed(txn, ProductId(row.id)).await?;
        audit::record(
            txn,
            Entry {
                actor_id: Some(actor.user_id.uuid()),
                action: format!("product.{action}"),
                target_type: "product".into(),
                target_id: row.id.to_string(),
                reason: reason.map(str::to_owned),
                request_id: actor.request_id.clone(),
                data: Some(serde_json::json!({
                    "from": view::status_of(row.status).as_str(),
                    "to": view::status_of(to).as_str(),
                    "cooperative_id": row.cooperative_id,
                })),
            },
        )
        .await?;
        Ok(())
    }

    /// Sends a listing for review, or puts an unpublished listing back in
    /// the shop at once when nothing about it changed since it was approved
    /// and staff did not take it down. Returns the new status.
    #[tracing::instrument(skip_all, fields(product = %id))]
    pub async fn submit_listing(&self, actor: &Actor, id: ProductId) -> Result<ListingStatus> {
        let txn = entity::db::begin_write(&self.db).await?;
        let row = self.managed_listing(&txn, actor, id).await?;
        self.ensure_selling(&txn, row.cooperative_id).await?;
        match row.status {
            products::Status::PendingReview => {
                return Err(Error::InvalidTransition(
                    "the listing is already waiting for review".into(),
                ));
            }
            products::Status::Published => {
                return Err(Error::InvalidTransition(
                    "the listing is already in the shop; changes to it are reviewed as you save them"
                        .into(),
                ));
            }
            _ => {}
        }
        let missing = self.missing_for_review(&txn, &row).await?;
        if !missing.is_empty() {
            return Err(Error::Invalid(missing));
        }
        let unchanged = row.status == products::Status::Unpublished
            && !row.taken_down
            && row.pending_content.is_none()
            && !self.has_pending_images(&txn, row.id).await?;
        let now = Utc::now();
        let (to, action) = if unchanged {
            (products::Status::Published, "republish")
        } else {
            (products::Status::PendingReview, "submit")
        };
        let mut update = products::Entity::update_many()
            .col_expr(products::Column::Status, Expr::value(to))
            .col_expr(products::Column::AwaitingReview, Expr::value(!unchanged));
        if !unchanged {
            update = update
                .col_expr(products::Column::SubmittedAt, Expr::value(Some(now)))
                .col_expr(
                    products::Column::StatusReason,
                    Expr::value(Option::<String>::None),
                );
        }
        self.transition(&txn, &row, update).await?;
        self.audit_listing(&txn, actor, &row, action, None, to)
            .await?;
        txn.commit().await?;
        Ok(view::status_of(to))
    }

    /// Takes a listing out of the shop (or out of the review queue).
    #[tracing::instrument(skip_all, fields(product = %id))]
    pub async fn unpublish_listing(&self, actor: &Actor, id: ProductId) -> Result<ListingStatus> {
        let txn = entity::db::begin_write(&self.db).await?;
        let row = self.managed_listing(&txn, actor, id).await?;
        let to = match row.status {
            products::Status::Published => products::Status::Unpublished,
            products::Status::PendingReview if row.published_at.is_some() => {
                products::Status::Unpublished
            }
            products::Status::PendingReview => products::Status::Draft,
            _ => {
                return Err(Error::InvalidTransition(
                    "only a published listing or one waiting for review can be taken down".into(),
                ));
            }
        };
        let update = products::Entity::update_many()
            .col_expr(products::Column::Status, Expr::value(to))
            .col_expr(products::Column::AwaitingReview, Expr::value(false));
        self.transition(&txn, &row, update).await?;
        self.audit_listing(&txn, actor, &row, "unpublish", None, to)
            .await?;
        txn.commit().await?;
        Ok(view::status_of(to))
    }

    /// Drops the edits and pictures of an approved listing that wait for
    /// review; the shop keeps the approved version.
    #[tracing::instrument(skip_all, fields(product = %id))]
    pub async fn discard_listing_changes(&self, actor: &Actor, id: ProductId) -> Result<()> {
        let txn = entity::db::begin_write(&self.db).await?;
        let row = self.managed_listing(&txn, actor, id).await?;
        let pending_images = product_images::Entity::find()
            .filter(product_images::Column::ProductId.eq(row.id))
            .filter(product_images::Column::Pending.eq(true))
            .all(&txn)
            .await?;
        if row.pending_content.is_none() && pending_images.is_empty() {
            return Err(Error::InvalidTransition(
                "the listing has no changes waiting for review".into(),
            ));
        }
        product_images::Entity::delete_many()
            .filter(product_images::Column::ProductId.eq(row.id))
            .filter(product_images::Column::Pending.eq(true))
            .exec(&txn)
            .await?;
        let awaiting = row.status == products::Status::PendingReview;
        let update = products::Entity::update_many()
            .col_expr(
                products::Column::PendingContent,
                Expr::value(Option::<ListingContent>::None),
            )
            .col_expr(products::Column::AwaitingReview, Expr::value(awaiting));
        self.transition(&txn, &row, update).await?;
        self.audit_listing(&txn, actor, &row, "discard_changes", None, row.status)
            .await?;
        txn.commit().await?;
        for image in pending_images {
            self.remove_image_files(&image).await;
        }
        Ok(())
    }

    /// Deletes a listing that is not in the shop nor waiting for review.
    #[tracing::instrument(skip_all, fields(product = %id))]
    pub async fn delete_listing(&self, actor: &Actor, id: ProductId) -> Result<()> {
        let txn = entity::db::begin_write(&self.db).await?;
        let row = self.managed_listing(&txn, actor, id).await?;
        if matches!(
            row.status,
            products::Status::Published | products::Status::PendingReview
        ) {
            return Err(Error::InvalidTransition(
                "take the listing down before deleting it".into(),
            ));
        }
        let images = product_images::Entity::find()
            .filter(product_images::Column::ProductId.eq(row.id))
            .all(&txn)
            .await?;
        let deleted = products::Entity::delete_many()
            .filter(products::Column::Id.eq(row.id))
            .filter(products::Column::Status.eq(row.status))
            .exec(&txn)
            .await?;
        if deleted.rows_affected != 1 {
            return Err(Error::InvalidTransition(
                "the listing changed meanwhile; reload and try again".into(),
            ));
        }
        audit::record(
            &txn,
            Entry {
                actor_id: Some(actor.user_id.uuid()),
                action: "product.delete".into(),
                target_type: "product".into(),
                target_id: row.id.to_string(),
                reason: None,
                request_id: actor.request_id.clone(),
                data: Some(serde_json::json!({
                    "title": row.title.vi,
                    "cooperative_id": row.cooperative_id,
                })),
            },
        )
        .await?;
        crate::search_feed::product_changed(&txn, ProductId(row.id)).await?;
        txn.commit().await?;
        for image in images {
            self.remove_image_files(&image).await;
        }
        Ok(())
    }

    /// Adds a picture: checked by content, decoded within bounds, turned
    /// upright, stripped of EXIF, stored in three sizes. A picture added to
    /// an approved listing waits for review.
    #[tracing::instrument(skip_all, fields(product = %id, bytes = bytes.len()))]
    pub async fn add_listing_image(
        &self,
        actor: &Actor,
        id: ProductId,
        bytes: Vec<u8>,
        alt: &Texts,
    ) -> Result<ImageId> {
        // check who asks before spending a second of CPU on the picture
        let row = self.managed_listing(&self.db, actor, id).await?;
        let count = product_images::Entity::find()
            .filter(product_images::Column::ProductId.eq(row.id))
            .count(&self.db)
            .await?;
        if count >= MAX_IMAGES as u64 {
            return Err(invalid(
                "image",
                problem::too_many_images(MAX_IMAGES as i64),
            ));
        }
        let alt = alt.to_i18n();
        if alt.iter().any(|(_, t)| t.chars().count() > 200) {
            return Err(invalid("alt", problem::too_long(200)));
        }
        let image_id = Uuid::now_v7();
        let key = format!("products/{}/{image_id}", row.id);
        let processed = crate::media::store_picture(self.media.as_ref(), &key, bytes)
            .await
            .map_err(|e| match e {
                StoreError::Store(e) => e,
                StoreError::Picture(ImageError::TooLarge) => Error::TooLarge(format!(
                    "a picture may be at most {} MB",
                    images::MAX_IMAGE_BYTES / 1024 / 1024
                )),
                StoreError::Picture(ImageError::UnsupportedType) => {
                    Error::UnsupportedMediaType("send a JPEG, PNG or WebP picture".into())
                }
                StoreError::Picture(ImageError::TooManyPixels) => {
                    invalid("image", problem::image_too_many_pixels())
                }
                StoreError::Picture(ImageError::Undecodable(detail)) => {
                    invalid("image", problem::image_undecodable(detail))
                }
            })?;
        let stored: Vec<String> = ImageSize::ALL
            .iter()
            .map(|s| format!("{}.jpg", s.name()))
            .collect();
        let recorded = async {
            let txn = entity::db::begin_write(&self.db).await?;
            // read again: the listing may have changed while the picture was made
            let row = self.managed_listing(&txn, actor, id).await?;
            let last = product_images::Entity::find()
                .filter(product_images::Column::ProductId.eq(row.id))
                .order_by_desc(product_images::Column::Position)
                .one(&txn)
                .await?
                .map_or(-1, |img| img.position);
            let pending = row.published_at.is_some();
            let alt = if alt.vi.is_empty() {
                // a picture always says something to a screen reader
                row.title.clone()
            } else {
                alt
            };
            product_images::Entity::insert(product_images::ActiveModel {
                id: Set(image_id),
                product_id: Set(row.id),
                position: Set(last + 1),
                storage_key: Set(key.clone()),
                content_type: Set(processed.content_type.to_owned()),
                width: Set(i32::try_from(processed.width).unwrap_or(i32::MAX)),
                height: Set(i32::try_from(processed.height).unwrap_or(i32::MAX)),
                alt: Set(alt),
                created_at: Set(Utc::now()),
                pending: Set(pending),
            })
            .exec(&txn)
            .await?;
            if pending && row.status == products::Status::Published {
                products::Entity::update_many()
                    .col_expr(products::Column::AwaitingReview, Expr::value(true))
                    .col_expr(products::Column::SubmittedAt, Expr::value(Some(Utc::now())))
                    .filter(products::Column::Id.eq(row.id))
                    .exec(&txn)
                    .await?;
            }
            audit::record(
                &txn,
                Entry {
                    actor_id: Some(actor.user_id.uuid()),
                    action: "product.add_image".into(),
                    target_type: "product".into(),
                    target_id: row.id.to_string(),
                    reason: None,
                    request_id: actor.request_id.clone(),
                    data: Some(serde_json::json!({ "image_id": image_id, "pending": pending })),
                },
            )
            .await?;
            txn.commit().await?;
            Ok::<_, Error>(ImageId(image_id))
        }
        .await;
        if recorded.is_err() {
            crate::media::discard(self.media.as_ref(), &key, &stored).await;
        }
        recorded
    }

    /// Changes a picture's alternative text and place in the gallery.
    pub async fn update_listing_image(
        &self,
        actor: &Actor,
        id: ProductId,
        image: ImageId,
        alt: Option<&Texts>,
        position: Option<i32>,
    ) -> Result<()> {
        let txn = entity::db::begin_write(&self.db).await?;
        let row = self.managed_listing(&txn, actor, id).await?;
        let img = self.listing_image(&txn, &row, image).await?;
        let mut update = product_images::Entity::update_many();
        if let Some(alt) = alt {
            let alt = alt.to_i18n();
            if alt.vi.is_empty() {
                return Err(invalid("alt.vi", problem::required()));
            }
            if alt.iter().any(|(_, t)| t.chars().count() > 200) {
                return Err(invalid("alt", problem::too_long(200)));
            }
            update = update.col_expr(product_images::Column::Alt, Expr::value(alt));
        }
        if let Some(position) = position {
            if !(0..=100).contains(&position) {
                return Err(invalid("position", problem::number_between(0, 100)));
            }
            // the picture moved to the front pushes the others back
            let others = product_images::Entity::find()
                .filter(product_images::Column::ProductId.eq(row.id))
                .filter(product_images::Column::Id.ne(img.id))
                .order_by_asc(product_images::Column::Position)
                .all(&txn)
                .await?;
            let target = usize::try_from(position).unwrap_or(0).min(others.len());
            for (n, other) in others.iter().enumerate() {
                let at = if n >= target { n + 1 } else { n };
                product_images::Entity::update_many()
                    .col_expr(
                        product_images::Column::Position,
                        Expr::value(i32::try_from(at).unwrap_or(i32::MAX)),
                    )
                    .filter(product_images::Column::Id.eq(other.id))
                    .exec(&txn)
                    .await?;
            }
            update = update.col_expr(
                product_images::Column::Position,
                Expr::value(i32::try_from(target).unwrap_or(0)),
            );
        }
        update
            .filter(product_images::Column::Id.eq(img.id))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Removes a picture (at once, even from a published listing).
    pub async fn remove_listing_image(
        &self,
        actor: &Actor,
        id: ProductId,
        image: ImageId,
    ) -> Result<()> {
        let txn = entity::db::begin_write(&self.db).await?;
        let row = self.managed_listing(&txn, actor, id).await?;
        let img = self.listing_image(&txn, &row, image).await?;
        product_images::Entity::delete_by_id(img.id)
            .exec(&txn)
            .await?;
        if img.pending
            && row.status == products::Status::Published
            && row.pending_content.is_none()
            && !self.has_pending_images(&txn, row.id).await?
        {
            products::Entity::update_many()
                .col_expr(products::Column::AwaitingReview, Expr::value(false))
                .filter(products::Column::Id.eq(row.id))
                .exec(&txn)
                .await?;
        }
        audit::record(
            &txn,
            Entry {
                actor_id: Some(actor.user_id.uuid()),
                action: "product.remove_image".into(),
                target_type: "product".into(),
                target_id: row.id.to_string(),
                reason: None,
                request_id: actor.request_id.clone(),
                data: Some(serde_json::json!({ "image_id": img.id })),
            },
        )
        .await?;
        txn.commit().await?;
        self.remove_image_files(&img).await;
        Ok(())
    }

    async fn listing_image(
        &self,
        conn: &impl ConnectionTrait,
        row: &products::Model,
        image: ImageId,
    ) -> Result<product_images::Model> {
        product_images::Entity::find_by_id(image.uuid())
            .filter(product_images::Column::ProductId.eq(row.id))
            .one(conn)
            .await?
            .ok_or(Error::ImageNotFound)
    }

    /// Deletes a removed picture's files. The row is gone already, so a
    /// failure only leaves unreachable files behind: logged, not raised.
    async fn remove_image_files(&self, image: &product_images::Model) {
        for size in ImageSize::ALL {
            let name = format!(
                "{}.{}",
                size.name(),
                crate::media::extension(&image.content_type)
            );
            if let Err(err) = self.media.delete(&image.storage_key, &name).await {
                tracing::warn!(key = %image.storage_key, %name, error = %err, "picture file not removed");
            }
        }
    }

    /// Whether `actor` may change the listing: asked before an upload is
    /// read, so strangers cannot make the server read their files.
    pub async fn check_can_manage_listing(&self, actor: &Actor, id: ProductId) -> Result<()> {
        self.managed_listing(&self.db, actor, id).await.map(|_| ())
    }

    /// Whether `actor` may manage the cooperative's listings and
    /// certifications (asked before an upload is read).
    pub fn check_can_manage_listings(
        &self,
        actor: &Actor,
        cooperative: CooperativeId,
    ) -> Result<()> {
        authorize(Some(actor), Action::ManageListings(cooperative))
            .map_err(|d| self.hide(d, cooperative))
    }

    /// A listing as its cooperative (and union staff) see it, whatever its
    /// status.
    #[tracing::instrument(skip_all, fields(product = %id))]
    pub async fn listing(&self, actor: &Actor, id: ProductId) -> Result<SellerListing> {
        let row = products::Entity::find_by_id(id.uuid())
            .one(&self.db)
            .await?
            .ok_or_else(|| Error::ProductNotFound(id.to_string()))?;
        authorize(
            Some(actor),
            Action::ViewCooperative(CooperativeId(row.cooperative_id)),
        )
        .map_err(|d| match d {
            accounts::Denied::NotFound => Error::ProductNotFound(id.to_string()),
            other => Error::Denied(other),
        })?;
        self.seller_listing(row).await
    }

    /// The edit form's starting values.
    pub async fn listing_input(&self, actor: &Actor, id: ProductId) -> Result<ListingInput> {
        let row = self.managed_listing(&self.db, actor, id).await?;
        self.current_input(&self.db, &row).await
    }

    async fn seller_listing(&self, row: products::Model) -> Result<SellerListing> {
        let coop = cooperatives::Entity::find_by_id(row.cooperative_id)
            .one(&self.db)
            .await?
            .ok_or_else(|| Error::ProductNotFound(row.id.to_string()))?;
        let categories = self.categories_list(&self.db).await?;
        let variants = product_variants::Entity::find()
            .filter(product_variants::Column::ProductId.eq(row.id))
            .order_by_asc(product_variants::Column::Position)
            .order_by_asc(product_variants::Column::Id)
            .all(&self.db)
            .await?;
        let images = product_images::Entity::find()
            .filter(product_images::Column::ProductId.eq(row.id))
            .order_by_asc(product_images::Column::Position)
            .all(&self.db)
            .await?;
        let missing = self.missing_for_review(&self.db, &row).await?;
        Ok(SellerListing {
            id: ProductId(row.id),
            slug: row.slug.clone(),
            status: view::status_of(row.status),
            status_reason: row.status_reason.clone(),
            taken_down: row.taken_down,
            awaiting_review: row.awaiting_review,
            submitted_at: row.submitted_at,
            published_at: row.published_at,
            updated_at: row.updated_at,
            cooperative: crate::CooperativeRef {
                id: CooperativeId(coop.id),
                slug: coop.slug.clone(),
                name: coop.name.clone(),
            },
            cooperative_status: crate::onboarding::status_name(coop.status).to_owned(),
            content: view::content_view(&content_of(&row), &categories),
            pending: row
                .pending_content
                .as_ref()
                .map(|c| view::content_view(c, &categories)),
            variants: variants.into_iter().map(crate::read::variant).collect(),
            images: images
                .into_iter()
                .map(|img| {
                    let pending = img.pending;
                    let position = img.position;
                    SellerImage {
                        image: self.image(img),
                        pending,
                        position,
                    }
                })
                .collect(),
            missing_for_review: missing.iter().map(|(field, _)| field.to_owned()).collect(),
        })
    }

    /// A cooperative's listings, newest change first, for its members and
    /// union staff.
    #[tracing::instrument(skip_all, fields(cooperative = %cooperative))]
    pub async fn cooperative_listings(
        &self,
        actor: &Actor,
        cooperative: CooperativeId,
        filter: &ListingFilter,
        page: PageRequest,
    ) -> Result<Page<ListingRow>> {
        authorize(Some(actor), Action::ViewCooperative(cooperative))
            .map_err(|d| self.hide(d, cooperative))?;
        let select =
            products::Entity::find().filter(products::Column::CooperativeId.eq(cooperative.uuid()));
        self.listing_rows(select, filter, page, false).await
    }

    /// The union's listing review queue (oldest first), or listings of one
    /// status across every cooperative.
    #[tracing::instrument(skip_all)]
    pub async fn listing_queue(
        &self,
        actor: &Actor,
        filter: &ListingFilter,
        page: PageRequest,
    ) -> Result<Page<ListingRow>> {
        authorize(Some(actor), Action::Moderate)?;
        let select = products::Entity::find();
        self.listing_rows(select, filter, page, true).await
    }

    async fn listing_rows(
        &self,
        mut select: sea_orm::Select<products::Entity>,
        filter: &ListingFilter,
        page: PageRequest,
        queue: bool,
    ) -> Result<Page<ListingRow>> {
        use sea_orm::sea_query::ExprTrait as _;
        match filter.status {
            Some(ListingStatus::PendingReview) => {
                // the queue: new listings and edits of published ones
                select = select.filter(products::Column::AwaitingReview.eq(true));
            }
            Some(status) => {
                select = select.filter(products::Column::Status.eq(view::status_model(status)));
            }
            None => {}
        }
        if let Some(q) = filter.q.as_deref() {
            for word in kernel::fold(q).split_whitespace().take(8) {
                let pattern = format!("%{}%", crate::read::escape_like(word));
                select = select.filter(
                    Expr::col((products::Entity, products::Column::SearchText))
                        .like(LikeExpr::new(pattern).escape('\\')),
                );
            }
        }
        let total = select.clone().count(&self.db).await?;
        select = if queue && filter.status == Some(ListingStatus::PendingReview) {
            select
                .order_by_asc(products::Column::SubmittedAt)
                .order_by_asc(products::Column::Id)
        } else {
            select
                .order_by_desc(products::Column::UpdatedAt)
                .order_by_desc(products::Column::Id)
        };
        let rows = select
            .offset(page.offset())
            .limit(page.per_page())
            .all(&self.db)
            .await?;
        let ids: Vec<Uuid> = rows.iter().map(|p| p.id).collect();
        let coop_ids: Vec<Uuid> = rows.iter().map(|p| p.cooperative_id).collect();
        let coops: HashMap<Uuid, cooperatives::Model> = cooperatives::Entity::find()
            .filter(cooperatives::Column::Id.is_in(coop_ids))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        let mut stock: HashMap<Uuid, (i64, u32, bool)> = HashMap::new();
        for v in product_variants::Entity::find()
            .filter(product_variants::Column::ProductId.is_in(ids.clone()))
            .all(&self.db)
            .await?
        {
            let e = stock.entry(v.product_id).or_default();
            e.0 += i64::from(v.stock);
            e.1 += 1;
            e.2 |= v.made_to_order;
        }
        let mut first_images: HashMap<Uuid, product_images::Model> = HashMap::new();
        for img in product_images::Entity::find()
            .filter(product_images::Column::ProductId.is_in(ids))
            .order_by_desc(product_images::Column::Position)
            .all(&self.db)
            .await?
        {
            first_images.insert(img.product_id, img);
        }
        let items = rows
            .into_iter()
            .map(|p| {
                let coop = coops.get(&p.cooperative_id);
                let (units, variants, made_to_order) =
                    stock.get(&p.id).copied().unwrap_or_default();
                ListingRow {
                    id: ProductId(p.id),
                    slug: p.slug.clone(),
                    title: p
                        .pending_content
                        .as_ref()
                        .map_or_else(|| p.title.clone(), |c| c.title.clone()),
                    status: view::status_of(p.status),
                    status_reason: p.status_reason.clone(),
                    awaiting_review: p.awaiting_review,
                    has_pending_changes: p.pending_content.is_some(),
                    taken_down: p.taken_down,
                    cooperative: crate::CooperativeRef {
                        id: CooperativeId(p.cooperative_id),
                        slug: coop.map(|c| c.slug.clone()).unwrap_or_default(),
                        name: coop.map(|c| c.name.clone()).unwrap_or_default(),
                    },
                    price_min: p.min_price_vnd.map(kernel::Money::vnd),
                    price_max: p.max_price_vnd.map(kernel::Money::vnd),
                    units_in_stock: units,
                    variant_count: variants,
                    made_to_order,
                    image: first_images.remove(&p.id).map(|img| self.image(img)),
                    submitted_at: p.submitted_at,
                    updated_at: p.updated_at,
                }
            })
            .collect();
        Ok(Page::new(items, page, total))
    }

    /// Union staff decide about a listing in the review queue (or take a
    /// published one down). Audit-logged; the cooperative's owners and
    /// managers are e-mailed.
    #[tracing::instrument(skip_all, fields(product = %id, decision = decision.name()))]
    pub async fn decide_listing(
        &self,
        actor: &Actor,
        id: ProductId,
        decision: ListingDecision,
    ) -> Result<ListingStatus> {
        authorize(Some(actor), Action::Moderate)?;
        let txn = entity::db::begin_write(&self.db).await?;
        let row = products::Entity::find_by_id(id.uuid())
            .one(&txn)
            .await?
            .ok_or_else(|| Error::ProductNotFound(id.to_string()))?;
        let in_queue = row.awaiting_review
            && matches!(
                row.status,
                products::Status::PendingReview | products::Status::Published
            );
        let now = Utc::now();
        let to = match &decision {
            ListingDecision::Approve => {
                if !in_queue {
                    return Err(Error::InvalidTransition(
                        "the listing is not waiting for review".into(),
                    ));
                }
                self.ensure_selling(&txn, row.cooperative_id).await?;
                let missing = self.missing_for_review(&txn, &row).await?;
                if !missing.is_empty() {
                    return Err(Error::InvalidTransition(format!(
                        "the listing is incomplete: {}",
                        missing
                            .iter()
                            .map(|(f, _)| f)
                            .collect::<Vec<_>>()
                            .join(", ")
                    )));
                }
                if let Some(content) = &row.pending_content {
                    self.put_content_live(&txn, &row, content).await?;
                }
                product_images::Entity::update_many()
                    .col_expr(product_images::Column::Pending, Expr::value(false))
                    .filter(product_images::Column::ProductId.eq(row.id))
                    .exec(&txn)
                    .await?;
                let update = products::Entity::update_many()
                    .col_expr(
                        products::Column::Status,
                        Expr::value(products::Status::Published),
                    )
                    .col_expr(
                        products::Column::PendingContent,
                        Expr::value(Option::<ListingContent>::None),
                    )
                    .col_expr(products::Column::AwaitingReview, Expr::value(false))
                    .col_expr(products::Column::TakenDown, Expr::value(false))
                    .col_expr(
                        products::Column::StatusReason,
                        Expr::value(Option::<String>::None),
                    )
                    .col_expr(
                        products::Column::PublishedAt,
                        Expr::value(Some(row.published_at.unwrap_or(now))),
                    );
                self.transition(&txn, &row, update).await?;
                products::Status::Published
            }
            ListingDecision::Reject(reason) => {
                if !in_queue {
                    return Err(Error::InvalidTransition(
                        "the listing is not waiting for review".into(),
                    ));
                }
                // a new listing goes back to its cooperative; edits of a
                // published one are refused while the approved version stays
                let to = match row.status {
                    products::Status::Published => products::Status::Published,
                    _ if row.published_at.is_some() => products::Status::Unpublished,
                    _ => products::Status::Rejected,
                };
                let update = products::Entity::update_many()
                    .col_expr(products::Column::Status, Expr::value(to))
                    .col_expr(products::Column::AwaitingReview, Expr::value(false))
                    .col_expr(
                        products::Column::StatusReason,
                        Expr::value(Some(reason.clone())),
                    );
                self.transition(&txn, &row, update).await?;
                to
            }
            ListingDecision::TakeDown(reason) => {
                if row.status != products::Status::Published {
                    return Err(Error::InvalidTransition(
                        "only a published listing can be taken down".into(),
                    ));
                }
                let update = products::Entity::update_many()
                    .col_expr(
                        products::Column::Status,
                        Expr::value(products::Status::Unpublished),
                    )
                    .col_expr(products::Column::AwaitingReview, Expr::value(false))
                    .col_expr(products::Column::TakenDown, Expr::value(true))
                    .col_expr(
                        products::Column::StatusReason,
                        Expr::value(Some(reason.clone())),
                    );
                self.transition(&txn, &row, update).await?;
                products::Status::Unpublished
            }
        };
        self.audit_listing(&txn, actor, &row, decision.name(), decision.reason(), to)
            .await?;
        let coop = cooperatives::Entity::find_by_id(row.cooperative_id)
            .one(&txn)
            .await?
            .ok_or_else(|| Error::ProductNotFound(id.to_string()))?;
        let title = row
            .pending_content
            .as_ref()
            .map_or(&row.title, |c| &c.title)
            .vi
            .clone();
        let fresh = products::Entity::find_by_id(row.id)
            .one(&txn)
            .await?
            .ok_or_else(|| Error::ProductNotFound(id.to_string()))?;
        let edit_url = self.url(&format!("/seller/products/{}", row.id));
        for recipient in self.listing_recipients(&txn, row.cooperative_id).await? {
            match &decision {
                ListingDecision::Approve => {
                    let content = mail::ListingApproved {
                        cooperative_name: coop.name.clone(),
                        product_title: title.clone(),
                        product_url: self.url(&format!("/products/{}", fresh.slug)),
                    };
                    self.mailer.enqueue(&txn, &recipient, &content).await?;
                }
                ListingDecision::Reject(reason) => {
                    let content = mail::ListingRejected {
                        cooperative_name: coop.name.clone(),
                        product_title: title.clone(),
                        reason: reason.clone(),
                        edit_url: edit_url.clone(),
                    };
                    self.mailer.enqueue(&txn, &recipient, &content).await?;
                }
                ListingDecision::TakeDown(reason) => {
                    let content = mail::ListingTakenDown {
                        cooperative_name: coop.name.clone(),
                        product_title: title.clone(),
                        reason: reason.clone(),
                        edit_url: edit_url.clone(),
                    };
                    self.mailer.enqueue(&txn, &recipient, &content).await?;
                }
            }
        }
        txn.commit().await?;
        Ok(view::status_of(to))
    }

    /// Who hears about a cooperative's listings and certifications: its
    /// owners and managers.
    pub(crate) async fn listing_recipients(
        &self,
        conn: &impl ConnectionTrait,
        cooperative: Uuid,
    ) -> Result<Vec<Recipient>> {
        let mut out = Vec::new();
        for member in accounts::members::members(conn, CooperativeId(cooperative)).await? {
            if member.role >= MemberRole::Manager
                && let Some(r) = accounts::members::recipient_of(conn, member.user_id).await?
            {
                out.push(r);
            }
        }
        Ok(out)
    }

    /// The current slug of the listing that used to be called `slug`.
    pub async fn renamed_listing(&self, slug: &str) -> Result<Option<String>> {
        let Some(old) = product_slugs::Entity::find_by_id(slug.to_owned())
            .one(&self.db)
            .await?
        else {
            return Ok(None);
        };
        Ok(products::Entity::find_by_id(old.product_id)
            .one(&self.db)
            .await?
            .map(|p| p.slug))
    }
}
