//! Reading the public catalogue.

use std::collections::{BTreeMap, HashMap};

use chrono::Utc;
use entity::{
    categories, certifications, cooperatives, product_images, product_variants, products,
};
use kernel::id::IdOrSlug;
use kernel::{
    CategoryId, CertificationId, CooperativeId, ImageId, Money, Page, PageRequest, ProductId,
    VariantId,
};
use sea_orm::sea_query::{Expr, LikeExpr};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, JoinType, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, RelationTrait, Select,
};
use uuid::Uuid;

use crate::reference::{MAX_TOTALS, Reference};
use crate::{
    Address, Catalog, CategoryDetail, CategoryNode, CategoryRef, Certification, CertificationKind,
    CooperativeKind, CooperativeProfile, CooperativeRef, CooperativeSummary, Dimensions, Error,
    Image, ImageSize, ListCursor, PriceTierView, ProductCard, ProductDetail, ProductQuery,
    ProductSort, Result, Variant, markdown, media,
};

impl Catalog {
    /// Approved cooperatives, by name.
    #[tracing::instrument(skip_all)]
    pub async fn list_cooperatives(&self, page: PageRequest) -> Result<Page<CooperativeSummary>> {
        let select = cooperatives::Entity::find()
            .filter(cooperatives::Column::Status.eq(cooperatives::Status::Approved));
        let total = select.clone().count(&self.db).await?;
        let rows = select
            .order_by_asc(cooperatives::Column::Name)
            .order_by_asc(cooperatives::Column::Id)
            .offset(page.offset())
            .limit(page.per_page())
            .all(&self.db)
            .await?;
        let items = self.cooperative_summaries(rows).await?;
        Ok(Page::new(items, page, total))
    }

    /// Whether any cooperative exists, whatever its status.
    pub async fn has_cooperatives(&self) -> Result<bool> {
        Ok(cooperatives::Entity::find().one(&self.db).await?.is_some())
    }

    /// An approved cooperative's profile, by id or slug.
    #[tracing::instrument(skip_all, fields(cooperative = %key))]
    pub async fn cooperative(&self, key: &IdOrSlug) -> Result<CooperativeProfile> {
        let row = self
            .find_approved_cooperative(key)
            .await?
            .ok_or_else(|| Error::CooperativeNotFound(key.to_string()))?;
        let certifications = self.visible_certifications(row.id, None).await?;
        let story = row.story.clone();
        let story_html = render_markdown(&row.story);
        let representative = row.representative.clone();
        let summary = self
            .cooperative_summaries(vec![row])
            .await?
            .pop()
            .ok_or_else(|| Error::CooperativeNotFound(key.to_string()))?;
        let figures = self.verified_figures(summary.id.uuid()).await?;
        Ok(CooperativeProfile {
            summary,
            story,
            story_html,
            representative,
            certifications,
            figures,
        })
    }

    /// The whole category tree, each level in order.
    #[tracing::instrument(skip_all)]
    pub async fn categories(&self) -> Result<Vec<CategoryNode>> {
        let reference = self.reference().await?;
        let rows = &reference.categories;
        let mut children: HashMap<Option<Uuid>, Vec<&categories::Model>> = HashMap::new();
        for row in rows {
            children.entry(row.parent_id).or_default().push(row);
        }
        fn build(
            parent: Option<Uuid>,
            children: &HashMap<Option<Uuid>, Vec<&categories::Model>>,
            depth: usize,
        ) -> Vec<CategoryNode> {
            // the tree is shallow; the depth bound only guards against a cycle
            if depth > 16 {
                return Vec::new();
            }
            children
                .get(&parent)
                .map(|rows| {
                    rows.iter()
                        .map(|row| CategoryNode {
                            id: CategoryId(row.id),
                            slug: row.slug.clone(),
                            name: row.name.clone(),
                            children: build(Some(row.id), children, depth + 1),
                        })
                        .collect()
                })
                .unwrap_or_default()
        }
        Ok(build(None, &children, 0))
    }

    /// One category with its place in the tree.
    #[tracing::instrument(skip_all, fields(category = %key))]
    pub async fn category(&self, key: &IdOrSlug) -> Result<CategoryDetail> {
        let reference = self.reference().await?;
        let rows = &reference.categories;
        let row =
            find_category(rows, key).ok_or_else(|| Error::CategoryNotFound(key.to_string()))?;
        Ok(CategoryDetail {
            category: category_ref(row),
            ancestors: ancestors(rows, row),
            children: rows
                .iter()
                .filter(|c| c.parent_id == Some(row.id))
                .map(category_ref)
                .collect(),
        })
    }

    /// Published listings of approved cooperatives, newest first. A page
    /// costs what its rows cost: the total of a filtered list is counted
    /// once per catalogue generation, and `query.after` (the `next` cursor
    /// of the page before) reads on from a listing instead of skipping the
    /// ones before it.
    #[tracing::instrument(skip_all)]
    pub async fn list_products(
        &self,
        query: &ProductQuery,
        page: PageRequest,
    ) -> Result<Page<ProductCard>> {
        let reference = self.reference().await?;
        let mut select = visible_products();
        if let Some(key) = &query.category {
            let root = find_category(&reference.categories, key)
                .ok_or_else(|| Error::CategoryNotFound(key.to_string()))?;
            select = select.filter(
                products::Column::CategoryId.is_in(descendants(&reference.categories, root.id)),
            );
        }
        if let Some(key) = &query.cooperative {
            let coop = approved(&reference, key)
                .ok_or_else(|| Error::CooperativeNotFound(key.to_string()))?;
            select = select.filter(products::Column::CooperativeId.eq(coop.id));
        }
        if let Some(q) = query.q.as_deref() {
            use sea_orm::sea_query::ExprTrait as _;
            for word in kernel::fold(q).split_whitespace().take(8) {
                let pattern = format!("%{}%", escape_like(word));
                select = select.filter(
                    Expr::col((products::Entity, products::Column::SearchText))
                        .like(LikeExpr::new(pattern).escape('\\')),
                );
            }
        }
        if query.featured {
            select = select.filter(products::Column::Featured.eq(true));
        }
        if let Some(kind) = query.certification {
            select = select.filter(certified(kind));
        }
        if let Some(province) = query.province.as_deref().filter(|p| !p.is_empty()) {
            select = select.filter(products::Column::OriginProvince.eq(province));
        }
        // a listing matches a price bound when one of its variants does
        if let Some(min) = query.min_price {
            select = select.filter(products::Column::MaxPriceVnd.gte(min));
        }
        if let Some(max) = query.max_price {
            select = select.filter(products::Column::MinPriceVnd.lte(max));
        }
        if query.in_stock {
            select = select.filter(products::Column::InStock.eq(true));
        }
        let total = self.list_total(&reference, query, &select).await?;
        let newest = matches!(query.sort, ProductSort::Relevance | ProductSort::Newest);
        let mut select = match query.sort {
            ProductSort::PriceAsc => select.order_by_asc(products::Column::MinPriceVnd),
            ProductSort::PriceDesc => select.order_by_desc(products::Column::MaxPriceVnd),
            // listings without reviews last, then the best average (NULLIF
            // keeps PostgreSQL from dividing by zero), then the most reviews
            ProductSort::Rating => select
                .order_by_asc(Expr::cust(
                    "CASE WHEN products.rating_count > 0 THEN 0 ELSE 1 END",
                ))
                .order_by_desc(Expr::cust(
                    "products.rating_sum * 1.0 / NULLIF(products.rating_count, 0)",
                ))
                .order_by_desc(products::Column::RatingCount),
            ProductSort::Relevance | ProductSort::Newest => select,
        };
        match query.after.filter(|_| newest) {
            Some(after) => {
                // read on after the last listing of the page before
                select = select.filter(
                    Condition::any()
                        .add(products::Column::PublishedAt.lt(after.published_at))
                        .add(
                            Condition::all()
                                .add(products::Column::PublishedAt.eq(after.published_at))
                                .add(products::Column::Id.lt(after.id)),
                        ),
                );
            }
            None => select = select.offset(page.offset()),
        }
        let rows = select
            .order_by_desc(products::Column::PublishedAt)
            .order_by_desc(products::Column::Id)
            .limit(page.per_page())
            .all(&self.db)
            .await?;
        let next = match rows.last() {
            Some(last) if newest && rows.len() as u64 == page.per_page() => {
                last.published_at.map(|published_at| ListCursor {
                    published_at,
                    id: last.id,
                })
            }
            _ => None,
        };
        let items = self.product_cards(rows).await?;
        let mut page = Page::new(items, page, total);
        page.next = next.map(|c| c.to_string());
        Ok(page)
    }

    /// How many listings a filtered list holds: counted once a generation.
    async fn list_total(
        &self,
        reference: &Reference,
        query: &ProductQuery,
        select: &Select<products::Entity>,
    ) -> Result<u64> {
        let key = query.total_key();
        if let Some(total) = reference
            .list_totals
            .lock()
            .ok()
            .and_then(|t| t.get(&key).copied())
        {
            return Ok(total);
        }
        let total = select.clone().count(&self.db).await?;
        if let Ok(mut totals) = reference.list_totals.lock()
            && totals.len() < MAX_TOTALS
        {
            totals.insert(key, total);
        }
        Ok(total)
    }

    /// A published listing of an approved cooperative, by id or slug.
    #[tracing::instrument(skip_all, fields(product = %key))]
    pub async fn product(&self, key: &IdOrSlug) -> Result<ProductDetail> {
        let reference = self.reference().await?;
        let select = products::Entity::find()
            .filter(products::Column::Status.eq(products::Status::Published));
        let select = match key {
            IdOrSlug::Id(id) => select.filter(products::Column::Id.eq(*id)),
            IdOrSlug::Slug(slug) => select.filter(products::Column::Slug.eq(slug.as_str())),
        };
        let row = select
            .one(&self.db)
            .await?
            .ok_or_else(|| Error::ProductNotFound(key.to_string()))?;
        // a suspended cooperative's listings are nowhere to be seen
        let coop = reference
            .approved
            .get(&row.cooperative_id)
            .cloned()
            .ok_or_else(|| Error::ProductNotFound(key.to_string()))?;
        let variant_rows = product_variants::Entity::find()
            .filter(product_variants::Column::ProductId.eq(row.id))
            .order_by_asc(product_variants::Column::Position)
            .order_by_asc(product_variants::Column::Id)
            .all(&self.db)
            .await?;
        let image_rows = product_images::Entity::find()
            .filter(product_images::Column::ProductId.eq(row.id))
            .filter(product_images::Column::Pending.eq(false))
            .order_by_asc(product_images::Column::Position)
            .all(&self.db)
            .await?;
        let certifications = self.visible_certifications(coop.id, Some(row.id)).await?;
        let categories = &reference.categories;
        let category_path = row
            .category_id
            .and_then(|id| categories.iter().find(|c| c.id == id))
            .map(|c| {
                let mut path = ancestors(categories, c);
                path.push(category_ref(c));
                path
            })
            .unwrap_or_default();
        let price = price_summaries(&variant_rows)
            .remove(&row.id)
            .unwrap_or_default();
        let card = self.card(row.clone(), &coop, price, image_rows.first().cloned());
        let cooperative_summary = self
            .cooperative_summaries(vec![coop])
            .await?
            .pop()
            .ok_or_else(|| Error::ProductNotFound(key.to_string()))?;
        let description_html = render_markdown(&row.description);
        Ok(ProductDetail {
            card,
            description: row.description,
            description_html,
            category_path,
            origin_commune: row.origin_commune,
            origin_province: row.origin_province,
            maker: row.maker,
            care: row.care,
            variants: variant_rows.into_iter().map(variant).collect(),
            images: image_rows.into_iter().map(|img| self.image(img)).collect(),
            certifications,
            cooperative_summary,
        })
    }

    pub(crate) async fn find_approved_cooperative(
        &self,
        key: &IdOrSlug,
    ) -> Result<Option<cooperatives::Model>> {
        let reference = self.reference().await?;
        Ok(approved(&reference, key).cloned())
    }

    /// Certifications shoppers may see: verified, and not past their expiry
    /// date in Vietnam. Expiry needs nobody to act: the badge hides itself.
    async fn visible_certifications(
        &self,
        cooperative: Uuid,
        product: Option<Uuid>,
    ) -> Result<Vec<Certification>> {
        let today = kernel::time::today_in_vietnam(Utc::now());
        let covers = match product {
            // the cooperative's own, and this listing's
            Some(product) => Condition::any()
                .add(certifications::Column::ProductId.is_null())
                .add(certifications::Column::ProductId.eq(product)),
            None => Condition::all().add(certifications::Column::ProductId.is_null()),
        };
        let rows = certifications::Entity::find()
            .filter(certifications::Column::CooperativeId.eq(cooperative))
            .filter(certifications::Column::Status.eq(certifications::Status::Verified))
            .filter(
                Condition::any()
                    .add(certifications::Column::ExpiresOn.is_null())
                    .add(certifications::Column::ExpiresOn.gte(today)),
            )
            .filter(covers)
            .order_by_asc(certifications::Column::Kind)
            .order_by_asc(certifications::Column::Id)
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(certification).collect())
    }

    async fn cooperative_summaries(
        &self,
        rows: Vec<cooperatives::Model>,
    ) -> Result<Vec<CooperativeSummary>> {
        let counts = self.product_counts().await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let cover = self.cooperative_cover(row.id).await?;
            out.push(CooperativeSummary {
                id: CooperativeId(row.id),
                slug: row.slug,
                name: row.name,
                kind: match row.kind {
                    cooperatives::Kind::Cooperative => CooperativeKind::Cooperative,
                    cooperatives::Kind::CooperativeGroup => CooperativeKind::CooperativeGroup,
                    cooperatives::Kind::HouseholdBusiness => CooperativeKind::HouseholdBusiness,
                },
                address: Address {
                    street: row.street,
                    ward: row.ward,
                    district: row.district,
                    province: row.province,
                },
                summary: row.summary,
                members_count: row.members_count,
                local_jobs: row.local_jobs,
                founded_year: row.founded_year,
                product_count: u64::try_from(counts.get(&row.id).copied().unwrap_or(0))
                    .unwrap_or(0),
                cover,
            });
        }
        Ok(out)
    }

    /// How many visible listings each approved cooperative shows: counted
    /// once a generation.
    async fn product_counts(&self) -> Result<std::sync::Arc<HashMap<Uuid, i64>>> {
        use sea_orm::sea_query::ExprTrait as _;
        let reference = self.reference().await?;
        if let Some(counts) = reference.product_counts.lock().ok().and_then(|c| c.clone()) {
            return Ok(counts);
        }
        let counts: HashMap<Uuid, i64> = visible_products()
            .select_only()
            .column(products::Column::CooperativeId)
            .column_as(
                Expr::col((products::Entity, products::Column::Id)).count(),
                "n",
            )
            .group_by(products::Column::CooperativeId)
            .into_tuple::<(Uuid, i64)>()
            .all(&self.db)
            .await?
            .into_iter()
            .collect();
        let counts = std::sync::Arc::new(counts);
        if let Ok(mut kept) = reference.product_counts.lock() {
            *kept = Some(counts.clone());
        }
        Ok(counts)
    }

    /// The first picture of the cooperative's most prominent listing, looked
    /// up once a generation.
    async fn cooperative_cover(&self, cooperative: Uuid) -> Result<Option<Image>> {
        let reference = self.reference().await?;
        if let Some(cover) = reference
            .covers
            .lock()
            .ok()
            .and_then(|c| c.get(&cooperative).cloned())
        {
            return Ok(cover);
        }
        let cover = self.find_cooperative_cover(cooperative).await?;
        if let Ok(mut covers) = reference.covers.lock() {
            covers.insert(cooperative, cover.clone());
        }
        Ok(cover)
    }

    async fn find_cooperative_cover(&self, cooperative: Uuid) -> Result<Option<Image>> {
        let image = product_images::Entity::find()
            .join(JoinType::InnerJoin, product_images::Relation::Product.def())
            .filter(products::Column::CooperativeId.eq(cooperative))
            .filter(products::Column::Status.eq(products::Status::Published))
            .filter(product_images::Column::Pending.eq(false))
            .order_by_desc(products::Column::Featured)
            .order_by_desc(products::Column::PublishedAt)
            .order_by_asc(product_images::Column::Position)
            .one(&self.db)
            .await?;
        Ok(image.map(|img| self.image(img)))
    }

    pub(crate) async fn product_cards(
        &self,
        rows: Vec<products::Model>,
    ) -> Result<Vec<ProductCard>> {
        // a listing of a cooperative that is not approved is left out
        let reference = self.reference().await?;
        let coops = &reference.approved;
        let rows: Vec<products::Model> = rows
            .into_iter()
            .filter(|p| coops.contains_key(&p.cooperative_id))
            .collect();
        let ids: Vec<Uuid> = rows.iter().map(|p| p.id).collect();
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let variants = product_variants::Entity::find()
            .filter(product_variants::Column::ProductId.is_in(ids.clone()))
            .all(&self.db)
            .await?;
        let prices = price_summaries(&variants);
        let mut first_images: HashMap<Uuid, product_images::Model> = HashMap::new();
        for img in product_images::Entity::find()
            .filter(product_images::Column::ProductId.is_in(ids))
            .filter(product_images::Column::Pending.eq(false))
            .order_by_desc(product_images::Column::Position)
            .all(&self.db)
            .await?
        {
            // descending order: the last one written is the first position
            first_images.insert(img.product_id, img);
        }
        Ok(rows
            .into_iter()
            .filter_map(|p| {
                let coop = coops.get(&p.cooperative_id)?;
                let price = prices.get(&p.id).copied().unwrap_or_default();
                let image = first_images.remove(&p.id);
                Some(self.card(p, coop, price, image))
            })
            .collect())
    }

    fn card(
        &self,
        p: products::Model,
        coop: &cooperatives::Model,
        price: PriceSummary,
        image: Option<product_images::Model>,
    ) -> ProductCard {
        ProductCard {
            id: ProductId(p.id),
            slug: p.slug,
            title: p.title,
            summary: p.summary,
            cooperative: CooperativeRef {
                id: CooperativeId(coop.id),
                slug: coop.slug.clone(),
                name: coop.name.clone(),
            },
            category_id: p.category_id.map(CategoryId),
            price: Money::vnd(price.low),
            price_max: Money::vnd(price.high),
            in_stock: price.in_stock,
            tags: p.tags.0,
            image: image.map(|img| self.image(img)),
            published_at: p.published_at,
            rating_tenths: crate::ratings::tenths_of_stars(
                i64::from(p.rating_count),
                i64::from(p.rating_sum),
            )
            .and_then(|t| i32::try_from(t).ok()),
            reviews: i64::from(p.rating_count),
        }
    }

    pub(crate) fn image(&self, img: product_images::Model) -> Image {
        let ext = media::extension(&img.content_type);
        Image {
            id: ImageId(img.id),
            width: img.width,
            height: img.height,
            alt: img.alt,
            urls: ImageSize::ALL
                .into_iter()
                .map(|size| {
                    let name = format!("{}.{ext}", size.name());
                    (size.name(), self.media.url(&img.storage_key, &name))
                })
                .collect::<BTreeMap<_, _>>(),
        }
    }
}

/// A listing's lowest and highest price, and whether any variant can be
/// bought now.
#[derive(Clone, Copy, Debug, Default)]
struct PriceSummary {
    low: i64,
    high: i64,
    in_stock: bool,
}

/// The price summary of each listing the variants belong to.
fn price_summaries(variants: &[product_variants::Model]) -> HashMap<Uuid, PriceSummary> {
    let mut out: HashMap<Uuid, PriceSummary> = HashMap::new();
    for v in variants {
        let available = v.made_to_order || v.stock > 0;
        out.entry(v.product_id)
            .and_modify(|s| {
                s.low = s.low.min(v.price_vnd);
                s.high = s.high.max(v.price_vnd);
                s.in_stock |= available;
            })
            .or_insert(PriceSummary {
                low: v.price_vnd,
                high: v.price_vnd,
                in_stock: available,
            });
    }
    out
}

/// Markdown rendered and sanitised in every language written.
pub(crate) fn render_markdown(text: &kernel::I18nText) -> kernel::I18nText {
    kernel::I18nText {
        vi: markdown::render(&text.vi),
        en: text.en.as_deref().map(markdown::render),
        ja: text.ja.as_deref().map(markdown::render),
        zh: text.zh.as_deref().map(markdown::render),
    }
}

/// Listings holding a verified, unexpired certification of `kind`, their
/// own or their cooperative's.
fn certified(kind: CertificationKind) -> sea_orm::sea_query::SimpleExpr {
    use sea_orm::sea_query::{ExprTrait as _, Query};
    let today = kernel::time::today_in_vietnam(Utc::now());
    let model_kind = match kind {
        CertificationKind::Vietgap => certifications::Kind::Vietgap,
        CertificationKind::Ocop => certifications::Kind::Ocop,
        CertificationKind::Organic => certifications::Kind::Organic,
        CertificationKind::Award => certifications::Kind::Award,
    };
    let c = |col: certifications::Column| Expr::col((certifications::Entity, col));
    let sub = Query::select()
        .expr(Expr::val(1))
        .from(certifications::Entity)
        .and_where(certifications::Column::Kind.eq(model_kind))
        .and_where(certifications::Column::Status.eq(certifications::Status::Verified))
        .and_where(
            c(certifications::Column::CooperativeId)
                .equals((products::Entity, products::Column::CooperativeId)),
        )
        .cond_where(
            Condition::any()
                .add(certifications::Column::ProductId.is_null())
                .add(
                    c(certifications::Column::ProductId)
                        .equals((products::Entity, products::Column::Id)),
                ),
        )
        .cond_where(
            Condition::any()
                .add(certifications::Column::ExpiresOn.is_null())
                .add(certifications::Column::ExpiresOn.gte(today)),
        )
        .to_owned();
    Expr::exists(sub)
}

/// Published listings whose cooperative is approved: what shoppers may see.
pub(crate) fn visible_products() -> Select<products::Entity> {
    products::Entity::find()
        .join(JoinType::InnerJoin, products::Relation::Cooperative.def())
        .filter(products::Column::Status.eq(products::Status::Published))
        .filter(cooperatives::Column::Status.eq(cooperatives::Status::Approved))
}

/// The approved cooperative `key` names.
fn approved<'a>(reference: &'a Reference, key: &IdOrSlug) -> Option<&'a cooperatives::Model> {
    match key {
        IdOrSlug::Id(id) => reference.approved.get(id),
        IdOrSlug::Slug(slug) => reference.approved_by_slug(slug),
    }
}

fn find_category<'a>(
    rows: &'a [categories::Model],
    key: &IdOrSlug,
) -> Option<&'a categories::Model> {
    rows.iter().find(|c| match key {
        IdOrSlug::Id(id) => c.id == *id,
        IdOrSlug::Slug(slug) => c.slug == *slug,
    })
}

pub(crate) fn category_ref(row: &categories::Model) -> CategoryRef {
    CategoryRef {
        id: CategoryId(row.id),
        slug: row.slug.clone(),
        name: row.name.clone(),
    }
}

fn ancestors(rows: &[categories::Model], of: &categories::Model) -> Vec<CategoryRef> {
    let mut path = Vec::new();
    let mut parent = of.parent_id;
    while let Some(id) = parent {
        let Some(row) = rows.iter().find(|c| c.id == id) else {
            break;
        };
        if path.len() > 16 {
            break;
        }
        path.push(category_ref(row));
        parent = row.parent_id;
    }
    path.reverse();
    path
}

/// The category and everything below it.
fn descendants(rows: &[categories::Model], root: Uuid) -> Vec<Uuid> {
    let mut out = vec![root];
    let mut i = 0;
    while i < out.len() && out.len() <= rows.len() {
        let parent = out[i];
        out.extend(
            rows.iter()
                .filter(|c| c.parent_id == Some(parent))
                .map(|c| c.id),
        );
        i += 1;
    }
    out
}

pub(crate) fn escape_like(word: &str) -> String {
    word.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

pub(crate) fn variant(v: product_variants::Model) -> Variant {
    let dimensions = match (v.length_mm, v.width_mm, v.height_mm) {
        (Some(length_mm), Some(width_mm), Some(height_mm)) => Some(Dimensions {
            length_mm,
            width_mm,
            height_mm,
        }),
        _ => None,
    };
    Variant {
        id: VariantId(v.id),
        sku: v.sku,
        options: v.options.0,
        price: Money::vnd(v.price_vnd),
        compare_at: v.compare_at_vnd.map(Money::vnd),
        stock: if v.made_to_order { 0 } else { v.stock },
        in_stock: v.made_to_order || v.stock > 0,
        made_to_order: v.made_to_order,
        lead_time_days: v.lead_time_days,
        min_order_qty: v.min_order_qty,
        weight_grams: v.weight_grams,
        dimensions,
        hs_code: v.hs_code,
        price_tiers: v
            .price_tiers
            .map(|t| {
                t.0.into_iter()
                    .map(|t| PriceTierView {
                        min_qty: t.min_qty,
                        price: Money::vnd(t.price_vnd),
                    })
                    .collect()
            })
            .unwrap_or_default(),
    }
}

pub(crate) fn certification(c: certifications::Model) -> Certification {
    Certification {
        id: CertificationId(c.id),
        kind: match c.kind {
            certifications::Kind::Vietgap => CertificationKind::Vietgap,
            certifications::Kind::Ocop => CertificationKind::Ocop,
            certifications::Kind::Organic => CertificationKind::Organic,
            certifications::Kind::Award => CertificationKind::Award,
        },
        name: c.name,
        number: c.number,
        issuer: c.issuer,
        level: c.level,
        stars: c.stars,
        issued_on: c.issued_on,
        expires_on: c.expires_on,
        product_id: c.product_id.map(ProductId),
    }
}
