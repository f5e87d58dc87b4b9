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
use entity::certifications::{Kind, Status as CertStatus};
use entity::cooperatives::Status as CoopStatus;
use entity::products::Status;
use kernel::PageRequest;
use kernel::id::IdOrSlug;
use testkit::{TestDb, fixtures};
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
    let stores = catalog::Stores {
        media: Arc::new(LocalMedia::new(media.path().join("public"), "/media")),
        documents: Arc::new(LocalMedia::new(media.path().join("private"), "")),
    };
    let mailer =
        notify::mail::Mailer::new("https://hoptac.test", "Hợp Tác <no-reply@hoptac.test>").unwrap();
    let catalog = Catalog::new(db.conn.clone(), stores, mailer, "https://hoptac.test");
    World {
        db,
        catalog,
        _media: media,
    }
}

impl World {
    async fn cooperative(&self, slug: &str, status: CoopStatus) -> Uuid {
        fixtures::cooperative(&self.db.conn, slug, status).await
    }

    /// A listing with one variant holding `stock` units.
    async fn product(&self, coop: Uuid, title: &str, status: Status, stock: i32) -> Uuid {
        let id = fixtures::product(&self.db.conn, coop, title, status).await;
        fixtures::variant(&self.db.conn, id, coop, &format!("SKU-{id}"), stock).await;
        id
    }

    async fn certification(
        &self,
        coop: Uuid,
        kind: Kind,
        status: CertStatus,
        expires_in_days: Option<i64>,
    ) {
        let expires_on =
            expires_in_days.map(|d| kernel::time::today_in_vietnam(Utc::now() + Duration::days(d)));
        fixtures::certification(&self.db.conn, coop, kind, status, expires_on).await;
    }
}

fn all() -> PageRequest {
    PageRequest::new(Some(1), Some(100)).unwrap()
}

#[tokio::test]
async fn only_published_listings_of_approved_cooperatives_are_listed() {
    let w = world().await;
    let approved = w.cooperative("approved", CoopStatus::Approved).await;
    let pending = w.cooperative("pending", CoopStatus::Pending).await;
    let suspended = w.cooperative("suspended", CoopStatus::Suspended).await;
    let shown = w
        .product(approved, "Giỏ mây đan tay", Status::Published, 3)
        .await;
    w.product(approved, "Bản nháp", Status::Draft, 3).await;
    w.product(approved, "Đã gỡ", Status::Unpublished, 3).await;
    w.product(pending, "Của HTX chờ duyệt", Status::Published, 3)
        .await;
    let hidden = w
        .product(suspended, "Của HTX bị đình chỉ", Status::Published, 3)
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
    let coop = w.cooperative("a-luoi", CoopStatus::Approved).await;
    w.certification(coop, Kind::Vietgap, CertStatus::Verified, Some(30))
        .await;
    w.certification(coop, Kind::Ocop, CertStatus::Verified, Some(-1))
        .await;
    w.certification(coop, Kind::Organic, CertStatus::Pending, Some(30))
        .await;
    w.certification(coop, Kind::Award, CertStatus::Verified, None)
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
    let coop = w.cooperative("today", CoopStatus::Approved).await;
    w.certification(coop, Kind::Vietgap, CertStatus::Verified, Some(0))
        .await;
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
    let coop = w.cooperative("bao-la", CoopStatus::Approved).await;
    w.product(coop, "Giỏ mây đan tay", Status::Published, 3)
        .await;
    w.product(coop, "Lồng bàn tre", Status::Published, 3).await;
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
    let coop = w.cooperative("c", CoopStatus::Approved).await;
    let id = w.product(coop, "Hết hàng", Status::Published, 0).await;
    let detail = w.catalog.product(&IdOrSlug::Id(id)).await.unwrap();
    assert!(!detail.card.in_stock);
    assert!(!detail.variants[0].in_stock);
}

#[tokio::test]
async fn descriptions_are_rendered_without_anything_that_could_run() {
    let w = world().await;
    let coop = w.cooperative("c", CoopStatus::Approved).await;
    let id = w.product(coop, "Mô tả", Status::Published, 1).await;
    let detail = w.catalog.product(&IdOrSlug::Id(id)).await.unwrap();
    assert!(detail.description_html.vi.contains("<strong>đẹp</strong>"));
    assert!(!detail.description_html.vi.contains("<script"));
}
