//! Rows for tests that need a particular state of the catalogue, written
//! straight into the real schema.

use chrono::{NaiveDate, Utc};
use entity::{certifications, cooperatives, product_variants, products};
use kernel::{I18nText, fold, slugify};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use uuid::Uuid;

/// A cooperative with this slug and status; returns its id.
pub async fn cooperative(
    db: &impl ConnectionTrait,
    slug: &str,
    status: cooperatives::Status,
) -> Uuid {
    let now = Utc::now();
    let id = Uuid::now_v7();
    cooperatives::Entity::insert(cooperatives::ActiveModel {
        id: Set(id),
        slug: Set(slug.into()),
        name: Set(format!("HTX {slug}")),
        kind: Set(cooperatives::Kind::Cooperative),
        status: Set(status),
        registration_number: Set(None),
        tax_code: Set(None),
        province: Set("Thành phố Huế".into()),
        district: Set(None),
        ward: Set(None),
        street: Set(None),
        representative: Set(None),
        phone: Set(None),
        email: Set(None),
        members_count: Set(None),
        local_jobs: Set(None),
        founded_year: Set(None),
        summary: Set(I18nText::vi("Tóm tắt")),
        story: Set(I18nText::vi("Câu chuyện")),
        owner_id: Set(None),
        approved_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec(db)
    .await
    .expect("insert cooperative");
    id
}

/// A listing titled `title` (Vietnamese, with an English title derived from
/// it) tagged `rattan`, with a description that tries to smuggle in a script;
/// returns its id.
pub async fn product(
    db: &impl ConnectionTrait,
    coop: Uuid,
    title: &str,
    status: products::Status,
) -> Uuid {
    let now = Utc::now();
    let id = Uuid::now_v7();
    let title = I18nText::vi_en(title, format!("{title} (en)"));
    products::Entity::insert(products::ActiveModel {
        id: Set(id),
        cooperative_id: Set(coop),
        category_id: Set(None),
        slug: Set(slugify(&title.vi)),
        search_text: Set(format!(
            "{} {} rattan",
            fold(&title.vi),
            fold(title.get(kernel::Locale::En))
        )),
        title: Set(title),
        summary: Set(I18nText::vi("Tóm tắt")),
        description: Set(I18nText::vi("Mô tả <script>alert(1)</script> **đẹp**")),
        tags: Set(entity::json::StringList(vec!["rattan".into()])),
        origin_commune: Set(None),
        origin_province: Set(None),
        maker: Set(None),
        care: Set(None),
        status: Set(status),
        featured: Set(false),
        published_at: Set(Some(now)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec(db)
    .await
    .expect("insert product");
    id
}

/// A variant of `product` with this SKU and stock, at 150 000 ₫; returns its
/// id.
pub async fn variant(
    db: &impl ConnectionTrait,
    product: Uuid,
    coop: Uuid,
    sku: &str,
    stock: i32,
) -> Uuid {
    try_variant(db, product, coop, sku, stock)
        .await
        .expect("insert variant")
}

/// [`variant`], for tests of what the database refuses.
pub async fn try_variant(
    db: &impl ConnectionTrait,
    product: Uuid,
    coop: Uuid,
    sku: &str,
    stock: i32,
) -> Result<Uuid, sea_orm::DbErr> {
    let now = Utc::now();
    let id = Uuid::now_v7();
    product_variants::Entity::insert(product_variants::ActiveModel {
        id: Set(id),
        product_id: Set(product),
        cooperative_id: Set(coop),
        sku: Set(sku.into()),
        options: Set(entity::json::Options::default()),
        price_vnd: Set(150_000),
        compare_at_vnd: Set(None),
        stock: Set(stock),
        weight_grams: Set(None),
        length_mm: Set(None),
        width_mm: Set(None),
        height_mm: Set(None),
        hs_code: Set(None),
        made_to_order: Set(false),
        lead_time_days: Set(None),
        min_order_qty: Set(1),
        position: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec(db)
    .await?;
    products::refresh_summary(db, product).await?;
    Ok(id)
}

/// A top-level category; returns its id.
pub async fn category(db: &impl ConnectionTrait, slug: &str, name: &str) -> Uuid {
    let now = Utc::now();
    let id = Uuid::now_v7();
    entity::categories::Entity::insert(entity::categories::ActiveModel {
        id: Set(id),
        parent_id: Set(None),
        slug: Set(slug.into()),
        name: Set(I18nText::vi(name)),
        position: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec(db)
    .await
    .expect("insert category");
    id
}

/// A certification of the whole cooperative; returns its id.
pub async fn certification(
    db: &impl ConnectionTrait,
    coop: Uuid,
    kind: certifications::Kind,
    status: certifications::Status,
    expires_on: Option<NaiveDate>,
) -> Uuid {
    let now = Utc::now();
    let id = Uuid::now_v7();
    certifications::Entity::insert(certifications::ActiveModel {
        id: Set(id),
        cooperative_id: Set(coop),
        product_id: Set(None),
        kind: Set(kind),
        name: Set(None),
        number: Set(Some("N-1".into())),
        issuer: Set(None),
        level: Set(None),
        stars: Set(None),
        issued_on: Set(None),
        expires_on: Set(expires_on),
        status: Set(status),
        evidence_key: Set(None),
        reviewed_by: Set(None),
        reviewed_at: Set(None),
        review_note: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec(db)
    .await
    .expect("insert certification");
    id
}
