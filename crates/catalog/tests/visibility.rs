//! What shoppers may see, on the backend of the test run: only approved
//! cooperatives, only their published listings, only verified certifications
//! that have not expired (with nobody acting when they expire).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly; helpers outside #[test] functions too"
)]

use std::sync::Arc;

use catalog::{Catalog, LocalMedia, ProductQuery};
use chrono::{Duration, Utc};
use entity::{certifications, cooperatives, product_variants, products};
use kernel::id::IdOrSlug;
use kernel::{I18nText, PageRequest};
use sea_orm::ActiveValue::Set;
use sea_orm::EntityTrait;
use testkit::TestDb;
use uuid::Uuid;

struct World {
    db: TestDb,
    catalog: Catalog,
    _media: tempfile::TempDir,
}

async fn world() -> World {
    eprintln!("[{}]", testkit::Backend::current().name());
    let db = TestDb::new().await;
    let media = tempfile::tempdir().unwrap();
    let catalog = Catalog::new(
        db.conn.clone(),
        Arc::new(LocalMedia::new(media.path(), "/media")),
    );
    World {
        db,
        catalog,
        _media: media,
    }
}

async fn cooperative(w: &World, slug: &str, status: cooperatives::Status) -> Uuid {
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
    })
    .exec(&w.db.conn)
    .await
    .unwrap();
    id
}

async fn product(w: &World, coop: Uuid, title: &str, status: products::Status, stock: i32) -> Uuid {
    let now = Utc::now();
    let id = Uuid::now_v7();
    let title = I18nText::vi_en(title, format!("{title} (en)"));
    products::Entity::insert(products::ActiveModel {
        id: Set(id),
        cooperative_id: Set(coop),
        category_id: Set(None),
        slug: Set(kernel::slugify(&title.vi)),
        search_text: Set(catalog::demo::search_text(&title, &["rattan".to_owned()])),
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
    })
    .exec(&w.db.conn)
    .await
    .unwrap();
    product_variants::Entity::insert(product_variants::ActiveModel {
        id: Set(Uuid::now_v7()),
        product_id: Set(id),
        cooperative_id: Set(coop),
        sku: Set(format!("SKU-{id}")),
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
    })
    .exec(&w.db.conn)
    .await
    .unwrap();
    id
}

async fn certification(
    w: &World,
    coop: Uuid,
    kind: certifications::Kind,
    status: certifications::Status,
    expires_in_days: Option<i64>,
) {
    let now = Utc::now();
    certifications::Entity::insert(certifications::ActiveModel {
        id: Set(Uuid::now_v7()),
        cooperative_id: Set(coop),
        product_id: Set(None),
        kind: Set(kind),
        name: Set(None),
        number: Set(Some("N-1".into())),
        issuer: Set(None),
        level: Set(None),
        stars: Set(None),
        issued_on: Set(None),
        expires_on: Set(expires_in_days.map(|d| (now + Duration::days(d)).date_naive())),
        status: Set(status),
        evidence_key: Set(None),
        reviewed_by: Set(None),
        reviewed_at: Set(None),
        review_note: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec(&w.db.conn)
    .await
    .unwrap();
}

fn all() -> PageRequest {
    PageRequest::new(Some(1), Some(100)).unwrap()
}

#[tokio::test]
async fn only_published_listings_of_approved_cooperatives_are_listed() {
    let w = world().await;
    let approved = cooperative(&w, "approved", cooperatives::Status::Approved).await;
    let pending = cooperative(&w, "pending", cooperatives::Status::Pending).await;
    let suspended = cooperative(&w, "suspended", cooperatives::Status::Suspended).await;
    let shown = product(
        &w,
        approved,
        "Giỏ mây đan tay",
        products::Status::Published,
        3,
    )
    .await;
    product(&w, approved, "Bản nháp", products::Status::Draft, 3).await;
    product(&w, approved, "Đã gỡ", products::Status::Unpublished, 3).await;
    product(
        &w,
        pending,
        "Của HTX chờ duyệt",
        products::Status::Published,
        3,
    )
    .await;
    let hidden = product(
        &w,
        suspended,
        "Của HTX bị đình chỉ",
        products::Status::Published,
        3,
    )
    .await;

    let list = w
        .catalog
        .list_products(&ProductQuery::default(), all())
        .await
        .unwrap();
    assert_eq!(list.total, 1);
    assert_eq!(list.items[0].id.uuid(), shown);

    let coops = w.catalog.list_cooperatives(all()).await.unwrap();
    assert_eq!(coops.total, 1);
    assert_eq!(coops.items[0].product_count, 1);

    for key in [
        IdOrSlug::Id(hidden),
        IdOrSlug::Slug("cua-htx-bi-dinh-chi".into()),
    ] {
        let err = w.catalog.product(&key).await.unwrap_err();
        assert!(matches!(err, catalog::Error::ProductNotFound(_)), "{err}");
    }
    for slug in ["pending", "suspended"] {
        let err = w
            .catalog
            .cooperative(&IdOrSlug::Slug(slug.into()))
            .await
            .unwrap_err();
        assert!(
            matches!(err, catalog::Error::CooperativeNotFound(_)),
            "{err}"
        );
    }
}

#[tokio::test]
async fn a_certification_badge_shows_only_while_verified_and_unexpired() {
    let w = world().await;
    let coop = cooperative(&w, "a-luoi", cooperatives::Status::Approved).await;
    certification(
        &w,
        coop,
        certifications::Kind::Vietgap,
        certifications::Status::Verified,
        Some(30),
    )
    .await;
    certification(
        &w,
        coop,
        certifications::Kind::Ocop,
        certifications::Status::Verified,
        Some(-1),
    )
    .await;
    certification(
        &w,
        coop,
        certifications::Kind::Organic,
        certifications::Status::Pending,
        Some(30),
    )
    .await;
    certification(
        &w,
        coop,
        certifications::Kind::Award,
        certifications::Status::Verified,
        None,
    )
    .await;
    let profile = w
        .catalog
        .cooperative(&IdOrSlug::Slug("a-luoi".into()))
        .await
        .unwrap();
    let kinds: Vec<&str> = profile
        .certifications
        .iter()
        .map(|c| c.kind.as_str())
        .collect();
    assert_eq!(kinds, ["award", "vietgap"]);
}

#[tokio::test]
async fn a_certification_expiring_today_still_shows_until_the_day_ends() {
    let w = world().await;
    let coop = cooperative(&w, "today", cooperatives::Status::Approved).await;
    let today = kernel::time::today_in_vietnam(Utc::now());
    let now = Utc::now();
    certifications::Entity::insert(certifications::ActiveModel {
        id: Set(Uuid::now_v7()),
        cooperative_id: Set(coop),
        product_id: Set(None),
        kind: Set(certifications::Kind::Vietgap),
        name: Set(None),
        number: Set(None),
        issuer: Set(None),
        level: Set(None),
        stars: Set(None),
        issued_on: Set(None),
        expires_on: Set(Some(today)),
        status: Set(certifications::Status::Verified),
        evidence_key: Set(None),
        reviewed_by: Set(None),
        reviewed_at: Set(None),
        review_note: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec(&w.db.conn)
    .await
    .unwrap();
    let profile = w
        .catalog
        .cooperative(&IdOrSlug::Slug("today".into()))
        .await
        .unwrap();
    assert_eq!(profile.certifications.len(), 1);
}

#[tokio::test]
async fn typing_without_diacritics_finds_vietnamese_titles() {
    let w = world().await;
    let coop = cooperative(&w, "bao-la", cooperatives::Status::Approved).await;
    product(&w, coop, "Giỏ mây đan tay", products::Status::Published, 3).await;
    product(&w, coop, "Lồng bàn tre", products::Status::Published, 3).await;
    let search = |q: &str| {
        let query = ProductQuery {
            q: Some(q.into()),
            ..ProductQuery::default()
        };
        let catalog = w.catalog.clone();
        async move { catalog.list_products(&query, all()).await.unwrap().total }
    };
    assert_eq!(search("gio may").await, 1);
    assert_eq!(search("GIỎ MÂY").await, 1);
    assert_eq!(search("long ban").await, 1);
    assert_eq!(search("rattan").await, 2, "tags are searched too");
    assert_eq!(
        search("100%_").await,
        0,
        "LIKE wildcards are taken literally"
    );
}

#[tokio::test]
async fn a_sold_out_listing_is_listed_as_out_of_stock() {
    let w = world().await;
    let coop = cooperative(&w, "c", cooperatives::Status::Approved).await;
    let id = product(&w, coop, "Hết hàng", products::Status::Published, 0).await;
    let detail = w.catalog.product(&IdOrSlug::Id(id)).await.unwrap();
    assert!(!detail.card.in_stock);
    assert!(!detail.variants[0].in_stock);
}

#[tokio::test]
async fn descriptions_are_rendered_without_anything_that_could_run() {
    let w = world().await;
    let coop = cooperative(&w, "c", cooperatives::Status::Approved).await;
    let id = product(&w, coop, "Mô tả", products::Status::Published, 1).await;
    let detail = w.catalog.product(&IdOrSlug::Id(id)).await.unwrap();
    assert!(detail.description_html.vi.contains("<strong>đẹp</strong>"));
    assert!(!detail.description_html.vi.contains("<script"));
}
