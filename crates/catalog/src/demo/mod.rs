//! Demo data: the cooperatives of Huế's Cooperative Union with their stories
//! and listings, and a picture drawn for each listing. Seeding is idempotent:
//! it adds what is missing (by slug and SKU) and leaves the rest alone.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use entity::json::{Options, StringList};
use entity::{
    categories, certifications, cooperatives, product_images, product_variants, products,
};
use kernel::{I18nText, fold, slugify};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter,
};
use serde::Deserialize;
use uuid::Uuid;

use crate::{Error, ImageSize, MediaStore, Result};

mod experiences;
mod figures;

const CATEGORIES: &str = include_str!("categories.toml");
const COOPERATIVES: &str = include_str!("cooperatives.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryFile {
    category: Vec<CategorySeed>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CategorySeed {
    slug: String,
    parent: Option<String>,
    vi: String,
    en: String,
    position: i32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CooperativeFile {
    cooperative: Vec<CooperativeSeed>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CooperativeSeed {
    slug: String,
    name: String,
    kind: String,
    province: String,
    ward: Option<String>,
    street: Option<String>,
    members_count: Option<i32>,
    local_jobs: Option<i32>,
    founded_year: Option<i32>,
    summary_vi: String,
    summary_en: String,
    story_vi: String,
    story_en: String,
    /// Where payouts go (demo accounts).
    payout_bank_bin: Option<String>,
    payout_account: Option<String>,
    payout_account_name: Option<String>,
    #[serde(default)]
    certification: Vec<CertificationSeed>,
    #[serde(default)]
    product: Vec<ProductSeed>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CertificationSeed {
    kind: String,
    name: Option<String>,
    number: Option<String>,
    issuer: Option<String>,
    issued_on: Option<String>,
    expires_on: Option<String>,
    status: String,
    level: Option<String>,
    stars: Option<i16>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProductSeed {
    title_vi: String,
    title_en: String,
    summary_vi: String,
    summary_en: String,
    description_vi: String,
    description_en: String,
    category: String,
    #[serde(default)]
    tags: Vec<String>,
    maker_vi: Option<String>,
    origin_commune: Option<String>,
    origin_province: Option<String>,
    care_vi: Option<String>,
    care_en: Option<String>,
    /// For export buyers: title, summary and description in Japanese and
    /// Chinese, where the cooperative wrote them.
    #[serde(default)]
    export: ExportTexts,
    #[serde(default)]
    featured: bool,
    art: String,
    #[serde(default)]
    colors: Vec<String>,
    variant: Vec<VariantSeed>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExportTexts {
    title_ja: Option<String>,
    title_zh: Option<String>,
    summary_ja: Option<String>,
    summary_zh: Option<String>,
    description_ja: Option<String>,
    description_zh: Option<String>,
}

/// `text` with the Japanese and Chinese translations added.
fn with_export(mut text: I18nText, ja: &Option<String>, zh: &Option<String>) -> I18nText {
    text.ja.clone_from(ja);
    text.zh.clone_from(zh);
    text
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VariantSeed {
    sku: String,
    #[serde(default)]
    options: BTreeMap<String, String>,
    price: i64,
    compare_at: Option<i64>,
    stock: i32,
    weight_grams: Option<i32>,
    dimensions_mm: Option<[i32; 3]>,
    hs_code: Option<String>,
    #[serde(default)]
    made_to_order: bool,
    lead_time_days: Option<i32>,
    min_order_qty: Option<i32>,
    /// Wholesale prices: `[[10, 350000], [50, 330000]]`.
    #[serde(default)]
    tiers: Vec<[i64; 2]>,
}

/// What a seeding run added.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SeedReport {
    /// Categories added.
    pub categories: usize,
    /// Cooperatives added.
    pub cooperatives: usize,
    /// Listings added.
    pub products: usize,
    /// Variants added.
    pub variants: usize,
    /// Pictures drawn.
    pub images: usize,
}

fn bad_data(what: impl std::fmt::Display) -> Error {
    Error::DemoData(what.to_string())
}

fn parse_date(s: &Option<String>) -> Result<Option<NaiveDate>> {
    s.as_deref()
        .map(|d| {
            NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|e| bad_data(format!("{d}: {e}")))
        })
        .transpose()
}

fn both(vi: &Option<String>, en: &Option<String>) -> Option<I18nText> {
    vi.as_ref().map(|vi| I18nText {
        vi: vi.clone(),
        en: en.clone(),
        ..I18nText::default()
    })
}

/// What to seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SeedOptions {
    /// Draw and store a picture for each listing (a few seconds in all).
    pub pictures: bool,
}

impl Default for SeedOptions {
    fn default() -> Self {
        Self { pictures: true }
    }
}

/// Adds the demo categories, cooperatives, listings and pictures that are
/// not in the database yet.
#[tracing::instrument(skip_all)]
pub async fn seed(catalog: &crate::Catalog, options: SeedOptions) -> Result<SeedReport> {
    let (db, media) = (&catalog.db, catalog.media.as_ref());
    let categories: CategoryFile = toml::from_str(CATEGORIES).map_err(bad_data)?;
    let cooperatives: CooperativeFile = toml::from_str(COOPERATIVES).map_err(bad_data)?;
    let mut report = SeedReport::default();
    let now = Utc::now();

    let txn = entity::db::begin_write(db).await?;
    let mut category_ids: HashMap<String, Uuid> = categories::Entity::find()
        .all(&txn)
        .await?
        .into_iter()
        .map(|c| (c.slug, c.id))
        .collect();
    for seed in &categories.category {
        if category_ids.contains_key(&seed.slug) {
            continue;
        }
        let parent_id = match &seed.parent {
            Some(parent) => Some(
                *category_ids
                    .get(parent)
                    .ok_or_else(|| bad_data(format!("unknown parent {parent}")))?,
            ),
            None => None,
        };
        let id = Uuid::now_v7();
        categories::Entity::insert(categories::ActiveModel {
            id: Set(id),
            parent_id: Set(parent_id),
            slug: Set(seed.slug.clone()),
            name: Set(I18nText::vi_en(&seed.vi, &seed.en)),
            position: Set(seed.position),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec(&txn)
        .await?;
        category_ids.insert(seed.slug.clone(), id);
        report.categories += 1;
    }
    seed_exchange_rates(&txn, now).await?;
    txn.commit().await?;

    for coop in &cooperatives.cooperative {
        seed_cooperative(db, media, coop, &category_ids, options, &mut report).await?;
    }
    seed_collections(db, now).await?;
    experiences::seed_experiences(db, now).await?;
    figures::seed_figures(db, now).await?;
    tracing::info!(?report, "demo data seeded");
    Ok(report)
}

/// Bao La's design families, ready for a lookbook: its lidded baskets, and
/// the table cages that won the 2024 Mai An Tiêm award (added once).
const DEMO_COLLECTIONS: [(&str, [&str; 4], &str, &[&str]); 2] = [
    (
        "gio-co-nap",
        [
            "Giỏ có nắp",
            "Lidded baskets",
            "ふた付きバスケット",
            "带盖篮",
        ],
        "Giỏ và hộp mây có nắp đậy khít, đan dày tay — dòng hàng Bao La xuất sang Nhật Bản nhiều nhất.",
        &[
            "gio-may-dan-tay-co-nap",
            "hop-may-dung-do-co-nap",
            "gio-may-picnic-hai-nap",
        ],
    ),
    (
        "giai-thuong-mai-an-tiem-2024",
        [
            "Giải thưởng Mai An Tiêm 2024",
            "2024 Mai An Tiêm award",
            "2024年 マイ・アン・ティエム賞",
            "2024 年梅安田奖",
        ],
        "Những mẫu lồng bàn tre và mây được trao Giải thưởng Mai An Tiêm năm 2024.",
        &["long-ban-tre-truyen-thong", "long-ban-may-nan-nho"],
    ),
];

async fn seed_collections(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<()> {
    let Some(bao_la) = cooperatives::Entity::find()
        .filter(cooperatives::Column::Slug.eq("bao-la"))
        .one(db)
        .await?
    else {
        return Ok(());
    };
    for (position, (slug, [vi, en, ja, zh], about, listings)) in (0..).zip(DEMO_COLLECTIONS) {
        let exists = entity::collections::Entity::find()
            .filter(entity::collections::Column::CooperativeId.eq(bao_la.id))
            .filter(entity::collections::Column::Slug.eq(slug))
            .one(db)
            .await?
            .is_some();
        if exists {
            continue;
        }
        let id = Uuid::now_v7();
        entity::collections::Entity::insert(entity::collections::ActiveModel {
            id: Set(id),
            cooperative_id: Set(bao_la.id),
            slug: Set(slug.to_owned()),
            name: Set(I18nText {
                vi: vi.to_owned(),
                en: Some(en.to_owned()),
                ja: Some(ja.to_owned()),
                zh: Some(zh.to_owned()),
            }),
            description: Set(Some(I18nText {
                vi: about.to_owned(),
                ..I18nText::default()
            })),
            position: Set(position),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec_without_returning(db)
        .await?;
        let found = products::Entity::find()
            .filter(products::Column::CooperativeId.eq(bao_la.id))
            .filter(products::Column::Slug.is_in(listings.iter().copied()))
            .all(db)
            .await?;
        let rows: Vec<_> = listings
            .iter()
            .filter_map(|s| found.iter().find(|p| p.slug == *s))
            .zip(0..)
            .map(|(p, position)| entity::collection_products::ActiveModel {
                id: Set(Uuid::now_v7()),
                collection_id: Set(id),
                product_id: Set(p.id),
                position: Set(position),
            })
            .collect();
        if !rows.is_empty() {
            entity::collection_products::Entity::insert_many(rows)
                .exec_without_returning(db)
                .await?;
        }
    }
    Ok(())
}

/// What a dollar, a yen and a yuan are worth in đồng, as union staff would
/// have set them (December 2026), when no rate was set yet.
const DEMO_RATES: [(&str, i64); 3] = [("USD", 25_410_000), ("JPY", 168_750), ("CNY", 3_512_000)];

async fn seed_exchange_rates(txn: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<()> {
    if entity::exchange_rates::Entity::find()
        .one(txn)
        .await?
        .is_some()
    {
        return Ok(());
    }
    for (currency, milli) in DEMO_RATES {
        entity::exchange_rates::Entity::insert(entity::exchange_rates::ActiveModel {
            id: Set(Uuid::now_v7()),
            currency: Set(currency.to_owned()),
            vnd_per_unit_milli: Set(milli),
            set_by: Set(None),
            set_at: Set(now),
        })
        .exec(txn)
        .await?;
    }
    Ok(())
}

async fn seed_cooperative(
    db: &DatabaseConnection,
    media: &dyn MediaStore,
    seed: &CooperativeSeed,
    category_ids: &HashMap<String, Uuid>,
    options: SeedOptions,
    report: &mut SeedReport,
) -> Result<()> {
    let now = Utc::now();
    let txn = entity::db::begin_write(db).await?;
    let existing = cooperatives::Entity::find()
        .filter(cooperatives::Column::Slug.eq(seed.slug.as_str()))
        .one(&txn)
        .await?;
    let coop_id = match existing {
        Some(coop) => coop.id,
        None => {
            let id = Uuid::now_v7();
            let kind = match seed.kind.as_str() {
                "cooperative" => cooperatives::Kind::Cooperative,
                "cooperative_group" => cooperatives::Kind::CooperativeGroup,
                "household_business" => cooperatives::Kind::HouseholdBusiness,
                other => return Err(bad_data(format!("unknown kind {other}"))),
            };
            cooperatives::Entity::insert(cooperatives::ActiveModel {
                id: Set(id),
                slug: Set(seed.slug.clone()),
                name: Set(seed.name.clone()),
                kind: Set(kind),
                status: Set(cooperatives::Status::Approved),
                registration_number: Set(None),
                tax_code: Set(None),
                province: Set(seed.province.clone()),
                district: Set(None),
                ward: Set(seed.ward.clone()),
                street: Set(seed.street.clone()),
                representative: Set(None),
                phone: Set(None),
                email: Set(None),
                members_count: Set(seed.members_count),
                local_jobs: Set(seed.local_jobs),
                founded_year: Set(seed.founded_year),
                summary: Set(I18nText::vi_en(&seed.summary_vi, &seed.summary_en)),
                story: Set(I18nText::vi_en(&seed.story_vi, &seed.story_en)),
                owner_id: Set(None),
                approved_at: Set(Some(now)),
                payout_bank_bin: Set(seed.payout_bank_bin.clone()),
                payout_account: Set(seed.payout_account.clone()),
                payout_account_name: Set(seed.payout_account_name.clone()),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            })
            .exec(&txn)
            .await?;
            report.cooperatives += 1;
            id
        }
    };

    let certs = certifications::Entity::find()
        .filter(certifications::Column::CooperativeId.eq(coop_id))
        .count(&txn)
        .await?;
    if certs == 0 {
        for cert in &seed.certification {
            insert_certification(&txn, coop_id, cert).await?;
        }
    }

    for product in &seed.product {
        seed_product(&txn, coop_id, product, category_ids, report).await?;
    }
    seed_shipping(&txn, coop_id, &seed.slug).await?;
    crate::search_feed::cooperative_changed(&txn, kernel::CooperativeId(coop_id)).await?;
    txn.commit().await?;
    if !options.pictures {
        return Ok(());
    }

    // pictures after the commit: drawing is slow, and a missing picture is
    // drawn again on the next run
    for product in &seed.product {
        let slug = slugify(&product.title_vi);
        let Some(row) = products::Entity::find()
            .filter(products::Column::Slug.eq(slug.as_str()))
            .one(db)
            .await?
        else {
            continue;
        };
        let has_image = product_images::Entity::find()
            .filter(product_images::Column::ProductId.eq(row.id))
            .count(db)
            .await?
            > 0;
        if !has_image {
            store_picture(db, media, row.id, product, &slug).await?;
            report.images += 1;
        }
    }
    Ok(())
}

async fn insert_certification(
    txn: &impl ConnectionTrait,
    coop_id: Uuid,
    seed: &CertificationSeed,
) -> Result<()> {
    let now = Utc::now();
    let kind = match seed.kind.as_str() {
        "vietgap" => certifications::Kind::Vietgap,
        "ocop" => certifications::Kind::Ocop,
        "organic" => certifications::Kind::Organic,
        "award" => certifications::Kind::Award,
        other => return Err(bad_data(format!("unknown certification {other}"))),
    };
    let status = match seed.status.as_str() {
        "verified" => certifications::Status::Verified,
        "pending" => certifications::Status::Pending,
        "rejected" => certifications::Status::Rejected,
        other => return Err(bad_data(format!("unknown certification status {other}"))),
    };
    certifications::Entity::insert(certifications::ActiveModel {
        id: Set(Uuid::now_v7()),
        cooperative_id: Set(coop_id),
        product_id: Set(None),
        kind: Set(kind),
        name: Set(seed.name.clone()),
        number: Set(seed.number.clone()),
        issuer: Set(seed.issuer.clone()),
        level: Set(seed.level.clone()),
        stars: Set(seed.stars),
        issued_on: Set(parse_date(&seed.issued_on)?),
        expires_on: Set(parse_date(&seed.expires_on)?),
        status: Set(status),
        evidence_key: Set(None),
        reviewed_by: Set(None),
        reviewed_at: Set((status == certifications::Status::Verified).then_some(now)),
        review_note: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec(txn)
    .await?;
    Ok(())
}

async fn seed_product(
    txn: &impl ConnectionTrait,
    coop_id: Uuid,
    seed: &ProductSeed,
    category_ids: &HashMap<String, Uuid>,
    report: &mut SeedReport,
) -> Result<()> {
    let now = Utc::now();
    let slug = slugify(&seed.title_vi);
    let product_id = match products::Entity::find()
        .filter(products::Column::Slug.eq(slug.as_str()))
        .one(txn)
        .await?
    {
        Some(existing) => existing.id,
        None => {
            let category_id = *category_ids
                .get(&seed.category)
                .ok_or_else(|| bad_data(format!("unknown category {}", seed.category)))?;
            let export = &seed.export;
            let title = clean(with_export(
                I18nText::vi_en(&seed.title_vi, &seed.title_en),
                &export.title_ja,
                &export.title_zh,
            ));
            let id = Uuid::now_v7();
            products::Entity::insert(products::ActiveModel {
                id: Set(id),
                cooperative_id: Set(coop_id),
                category_id: Set(Some(category_id)),
                slug: Set(slug.clone()),
                search_text: Set(search_text(&title, &seed.tags)),
                title: Set(title),
                summary: Set(clean(with_export(
                    I18nText::vi_en(&seed.summary_vi, &seed.summary_en),
                    &export.summary_ja,
                    &export.summary_zh,
                ))),
                description: Set(clean(with_export(
                    I18nText::vi_en(&seed.description_vi, &seed.description_en),
                    &export.description_ja,
                    &export.description_zh,
                ))),
                tags: Set(StringList(seed.tags.clone())),
                origin_commune: Set(seed.origin_commune.clone()),
                origin_province: Set(seed.origin_province.clone()),
                // a household's or artisan's name is not translated
                maker: Set(seed.maker_vi.clone()),
                care: Set(both(&seed.care_vi, &seed.care_en).map(clean)),
                status: Set(products::Status::Published),
                featured: Set(seed.featured),
                published_at: Set(Some(now)),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            })
            .exec(txn)
            .await?;
            report.products += 1;
            id
        }
    };
    for (position, v) in seed.variant.iter().enumerate() {
        let exists = product_variants::Entity::find()
            .filter(product_variants::Column::CooperativeId.eq(coop_id))
            .filter(product_variants::Column::Sku.eq(v.sku.as_str()))
            .count(txn)
            .await?
            > 0;
        if exists {
            continue;
        }
        let [length, width, height] = v.dimensions_mm.map_or([None; 3], |d| d.map(Some));
        product_variants::Entity::insert(product_variants::ActiveModel {
            id: Set(Uuid::now_v7()),
            product_id: Set(product_id),
            cooperative_id: Set(coop_id),
            sku: Set(v.sku.clone()),
            options: Set(Options(v.options.clone())),
            price_vnd: Set(v.price),
            compare_at_vnd: Set(v.compare_at),
            stock: Set(if v.made_to_order { 0 } else { v.stock }),
            weight_grams: Set(v.weight_grams),
            length_mm: Set(length),
            width_mm: Set(width),
            height_mm: Set(height),
            hs_code: Set(v.hs_code.clone()),
            made_to_order: Set(v.made_to_order),
            lead_time_days: Set(v.lead_time_days),
            min_order_qty: Set(v.min_order_qty.unwrap_or(1)),
            position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
            price_tiers: Set((!v.tiers.is_empty()).then(|| {
                entity::json::PriceTiers(
                    v.tiers
                        .iter()
                        .map(|[qty, price]| entity::json::PriceTier {
                            min_qty: i32::try_from(*qty).unwrap_or(i32::MAX),
                            price_vnd: *price,
                        })
                        .collect(),
                )
            })),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec(txn)
        .await?;
        report.variants += 1;
    }
    products::refresh_summary(txn, product_id).await?;
    Ok(())
}

/// The demo accounts' password (demo data only: never seed a real shop
/// with demo data).
pub const DEMO_PASSWORD: &str = "demo-hop-tac-2026";

/// The demo accounts: (e-mail, name, what they are).
pub const DEMO_PEOPLE: [(&str, &str, &str); 6] = [
    (
        "nhanvien@hoptac.demo",
        "Nhân viên Liên minh HTX",
        "union staff",
    ),
    (
        "baola@hoptac.demo",
        "Chủ nhiệm HTX Bao La",
        "owner of the Bao La cooperative",
    ),
    ("khach@hoptac.demo", "Khách mua hàng", "shopper"),
    (
        "osaka@hoptac.demo",
        "田中 由紀 (Tanaka Yuki)",
        "export buyer from Osaka (Japanese)",
    ),
    (
        "shanghai@hoptac.demo",
        "王芳 (Wang Fang)",
        "export buyer from Shanghai (Chinese)",
    ),
    (
        "kazan@hoptac.demo",
        "Hồ Thị Lan — HTX Kazan",
        "host of the Kazan community-tourism cooperative",
    ),
];

/// The language of a demo account: the export buyers read Japanese and
/// Chinese, the others Vietnamese.
fn demo_locale(email: &str) -> kernel::Locale {
    match email {
        "osaka@hoptac.demo" => kernel::Locale::Ja,
        "shanghai@hoptac.demo" => kernel::Locale::Zh,
        _ => kernel::Locale::Vi,
    }
}

/// Adds the demo accounts that are missing, with confirmed addresses: a
/// union staff member, the owners of the Bao La and Kazan cooperatives, a
/// shopper and two importers.
pub async fn seed_people(catalog: &crate::Catalog, accounts: &accounts::Accounts) -> Result<usize> {
    let mut added = 0;
    for (email, name, _) in DEMO_PEOPLE {
        if accounts.find_by_email(email).await?.is_none() {
            accounts
                .register(accounts::NewAccount {
                    email: email.to_owned(),
                    password: DEMO_PASSWORD.to_owned(),
                    name: name.to_owned(),
                    locale: demo_locale(email),
                })
                .await?;
            added += 1;
        }
        accounts.mark_email_verified(email).await?;
    }
    accounts.grant_staff(DEMO_PEOPLE[0].0).await?;
    for (email, slug) in [(DEMO_PEOPLE[1].0, "bao-la"), (DEMO_PEOPLE[5].0, "kazan")] {
        let owner = accounts
            .find_by_email(email)
            .await?
            .ok_or_else(|| bad_data("a demo owner vanished"))?;
        if let Some(coop) = cooperatives::Entity::find()
            .filter(cooperatives::Column::Slug.eq(slug))
            .one(&catalog.db)
            .await?
        {
            accounts::add_member(
                &catalog.db,
                kernel::CooperativeId(coop.id),
                owner.id,
                accounts::MemberRole::Owner,
            )
            .await?;
        }
    }
    Ok(added)
}

/// Text as the listing form stores it (trimmed, empty translations
/// dropped), so the first save of a demo listing changes nothing it did
/// not mean to.
fn clean(text: I18nText) -> I18nText {
    crate::listings::Texts::from_i18n(&text).to_i18n()
}

/// The folded text plain database matching looks in.
pub fn search_text(title: &I18nText, tags: &[String]) -> String {
    let mut text = String::new();
    for (_, t) in title.iter() {
        text.push_str(&fold(t));
        text.push(' ');
    }
    for tag in tags {
        text.push_str(&fold(tag));
        text.push(' ');
    }
    text.trim_end().to_owned()
}

async fn store_picture(
    db: &DatabaseConnection,
    media: &dyn MediaStore,
    product_id: Uuid,
    seed: &ProductSeed,
    slug: &str,
) -> Result<()> {
    let image_id = Uuid::now_v7();
    let key = format!("products/{product_id}/{image_id}");
    let widths: Vec<u32> = ImageSize::ALL.iter().map(|s| s.width()).collect();
    let encoded = demo_art::jpegs(&seed.art, &seed.colors, slug, &widths)
        .map_err(|e| Error::Media(e.to_string()))?;
    for (size, bytes) in ImageSize::ALL.into_iter().zip(encoded) {
        media
            .put(&key, &format!("{}.jpg", size.name()), bytes)
            .await?;
    }
    product_images::Entity::insert(product_images::ActiveModel {
        id: Set(image_id),
        product_id: Set(product_id),
        position: Set(0),
        storage_key: Set(key),
        content_type: Set("image/jpeg".to_owned()),
        width: Set(demo_art::SIDE as i32),
        height: Set(demo_art::SIDE as i32),
        alt: Set(I18nText::vi_en(&seed.title_vi, &seed.title_en)),
        created_at: Set(Utc::now()),
        pending: Set(false),
    })
    .exec(db)
    .await?;
    Ok(())
}

/// A demo shipping rule: zone, kind, fee, band from and to (grams),
/// free-from threshold.
type DemoRule = (
    &'static str,
    &'static str,
    i64,
    Option<i32>,
    Option<i32>,
    Option<i64>,
);

/// Shipping rules of the demo cooperatives that set them (the others charge
/// the market's default inside Vietnam and quote abroad): a flat fee with
/// free shipping from a threshold, and weight bands abroad for the basket
/// exporters.
async fn seed_shipping(txn: &impl ConnectionTrait, coop_id: Uuid, slug: &str) -> Result<()> {
    use entity::shipping_rules;
    let rules: &[DemoRule] = match slug {
        "bao-la" => &[
            ("domestic", "flat", 35_000, None, None, None),
            ("domestic", "free_over", 0, None, None, Some(1_500_000)),
            (
                "international",
                "weight",
                450_000,
                Some(0),
                Some(2_000),
                None,
            ),
            (
                "international",
                "weight",
                900_000,
                Some(2_001),
                Some(5_000),
                None,
            ),
        ],
        "a-luoi-nong-nghiep-an-toan" => &[
            ("domestic", "weight", 25_000, Some(0), Some(3_000), None),
            (
                "domestic",
                "weight",
                45_000,
                Some(3_001),
                Some(10_000),
                None,
            ),
        ],
        _ => &[],
    };
    let existing = shipping_rules::Entity::find()
        .filter(shipping_rules::Column::CooperativeId.eq(coop_id))
        .count(txn)
        .await?;
    if existing > 0 {
        return Ok(());
    }
    let now = Utc::now();
    for (zone, kind, fee, min, max, threshold) in rules {
        shipping_rules::Entity::insert(shipping_rules::ActiveModel {
            id: Set(Uuid::now_v7()),
            cooperative_id: Set(coop_id),
            zone: Set((*zone).to_owned()),
            kind: Set((*kind).to_owned()),
            fee_vnd: Set(*fee),
            min_grams: Set(*min),
            max_grams: Set(*max),
            threshold_vnd: Set(*threshold),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec_without_returning(txn)
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_files_parse_and_hold_at_least_40_listings() {
        let categories: CategoryFile = toml::from_str(CATEGORIES).unwrap();
        let coops: CooperativeFile = toml::from_str(COOPERATIVES).unwrap();
        assert_eq!(coops.cooperative.len(), 8);
        let products: Vec<&ProductSeed> =
            coops.cooperative.iter().flat_map(|c| &c.product).collect();
        assert!(products.len() >= 40, "{} listings", products.len());
        let slugs: std::collections::HashSet<String> =
            products.iter().map(|p| slugify(&p.title_vi)).collect();
        assert_eq!(slugs.len(), products.len(), "two listings share a slug");
        let known: std::collections::HashSet<&str> = categories
            .category
            .iter()
            .map(|c| c.slug.as_str())
            .collect();
        for p in &products {
            assert!(
                known.contains(p.category.as_str()),
                "{} has unknown category",
                p.title_vi
            );
            assert!(
                demo_art::STYLES.contains(&p.art.as_str()),
                "{} has unknown art",
                p.title_vi
            );
            assert!(!p.variant.is_empty());
            for v in &p.variant {
                assert!(v.price > 0);
                assert!(!v.made_to_order || v.lead_time_days.is_some(), "{}", v.sku);
            }
        }
    }
}
