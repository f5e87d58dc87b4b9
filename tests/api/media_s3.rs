//! Pictures and private documents in an S3 bucket (moto, a real S3 API
//! server, through `testkit::s3`), over HTTP: the application is configured
//! as production would be with `[media] s3_bucket`, and the bucket lets
//! anyone read `media/` and nobody without credentials read `private/`.

use std::time::{Duration, Instant};

use hoptac_tests::users::application;
use hoptac_tests::{Seed, TestApp, spawn_app_configured};
use reqwest::Method;
use reqwest::multipart::{Form, Part};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use testkit::s3::S3Server;

use crate::announce;
use crate::listings::{Shop, basket, picture, png, shop_in, vietgap};

/// Starts S3 (or says the test is skipped) and the application on it.
async fn app_on_s3(test: &str) -> Option<(S3Server, TestApp)> {
    announce(test);
    let s3 = S3Server::start_or_skip(test).await?;
    let app = spawn_app_configured(Seed::Nothing, s3.settings()).await;
    Some((s3, app))
}

/// A draft listing of the shop's cooperative, without pictures.
async fn draft(s: &Shop) -> String {
    let (status, created) = s
        .owner
        .post(
            &format!("/api/v1/cooperatives/{}/products", s.coop),
            basket("Khay mây", "KM"),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    created["id"].as_str().unwrap().to_owned()
}

async fn picture_rows(app: &TestApp, product: &str) -> u64 {
    entity::product_images::Entity::find()
        .filter(
            entity::product_images::Column::ProductId.eq(product.parse::<uuid::Uuid>().unwrap()),
        )
        .count(&app.db.conn)
        .await
        .unwrap()
}

/// GET without credentials or cookies, as any browser would.
async fn anonymous_get(url: &str) -> reqwest::Response {
    reqwest::get(url).await.expect("answers")
}

#[tokio::test]
async fn a_picture_put_in_the_bucket_is_served_from_it_in_three_sizes_and_leaves_it_when_removed() {
    let Some((s3, app)) = app_on_s3(
        "a_picture_put_in_the_bucket_is_served_from_it_in_three_sizes_and_leaves_it_when_removed",
    )
    .await
    else {
        return;
    };
    let s = shop_in(app).await;
    let id = draft(&s).await;
    let (status, body) = s
        .owner
        .upload(
            &format!("/api/v1/products/{id}/images"),
            picture(png(1600, 1200), "khay.png"),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let image_id = body["id"].as_str().unwrap().to_owned();

    let stored = s3.keys("").await;
    let prefix = format!("media/products/{id}/{image_id}/");
    assert_eq!(
        stored,
        ["large.jpg", "medium.jpg", "small.jpg"].map(|name| format!("{prefix}{name}")),
        "three sizes in the bucket under media/, nothing else"
    );
    let (_, listing) = s.owner.get(&format!("/api/v1/products/{id}/listing")).await;
    for (size, width) in [("small", 320), ("medium", 640), ("large", 1280)] {
        let url = listing["images"][0]["urls"][size].as_str().unwrap();
        assert_eq!(
            url,
            format!(
                "{}/products/{id}/{image_id}/{size}.jpg",
                s3.public_base_url()
            )
        );
        let served = anonymous_get(url).await;
        assert_eq!(served.status(), 200, "{url}");
        assert_eq!(served.headers()["content-type"], "image/jpeg");
        assert!(
            served.headers()["cache-control"]
                .to_str()
                .unwrap()
                .contains("immutable"),
            "{:?}",
            served.headers()
        );
        let decoded = image::load_from_memory(&served.bytes().await.unwrap()).unwrap();
        assert_eq!(decoded.width(), width, "{size}");
    }
    // the shop's pages let browsers load pictures from the bucket
    let page = s.app.get("/").await;
    let policy = page.headers()["content-security-policy"].to_str().unwrap();
    let img_src = policy
        .split(';')
        .find(|d| d.trim().starts_with("img-src"))
        .unwrap();
    assert!(img_src.contains(&s3.endpoint()), "{policy}");

    let (status, body) = s
        .owner
        .send(
            Method::DELETE,
            &format!("/api/v1/products/{id}/images/{image_id}"),
            None,
        )
        .await;
    assert_eq!(status, 204, "{body}");
    assert_eq!(
        s3.keys("").await,
        Vec::<String>::new(),
        "gone from the bucket"
    );
    let url = listing["images"][0]["urls"]["small"].as_str().unwrap();
    assert_eq!(anonymous_get(url).await.status(), 404, "{url}");
}

#[tokio::test]
async fn private_documents_in_the_bucket_are_read_only_through_the_application_by_those_allowed() {
    let Some((s3, app)) = app_on_s3(
        "private_documents_in_the_bucket_are_read_only_through_the_application_by_those_allowed",
    )
    .await
    else {
        return;
    };
    let staff = app.union_staff("staff@hoptac.vn").await;
    let lan = app.person("lan@example.vn", true).await;
    let stranger = app.person("khach@example.vn", true).await;
    let (status, body) = lan
        .post("/api/v1/cooperatives", application("HTX Mây Tre Phú Vang"))
        .await;
    assert_eq!(status, 201, "{body}");
    let coop = body["id"].as_str().unwrap().to_owned();
    let licence = b"%PDF-1.4 giay phep kinh doanh".to_vec();
    let form = Form::new().part(
        "documents",
        Part::bytes(licence.clone()).file_name("giay-phep.pdf"),
    );
    let (status, body) = lan
        .upload(&format!("/api/v1/cooperatives/{coop}/documents"), form)
        .await;
    assert_eq!(status, 201, "{body}");
    let (_, detail) = staff
        .get(&format!("/api/v1/moderation/cooperatives/{coop}"))
        .await;
    let doc = detail["documents"][0]["id"].as_str().unwrap().to_owned();

    let stored = s3.keys("").await;
    let key = format!("private/documents/{coop}/{doc}/original.pdf");
    assert_eq!(
        stored,
        vec![key.clone()],
        "under private/, nothing under media/"
    );
    let object = s3.object(&key).await.unwrap();
    assert_eq!(object.bytes, licence);
    assert_eq!(object.content_type.as_deref(), Some("application/pdf"));
    // nobody reads it without credentials: not from the bucket, not at the
    // pictures' public address, not under the application's /media
    assert_eq!(s3.anonymous_status(&key).await, 403);
    for url in [
        format!(
            "{}/documents/{coop}/{doc}/original.pdf",
            s3.public_base_url()
        ),
        format!(
            "{}/../private/documents/{coop}/{doc}/original.pdf",
            s3.public_base_url()
        ),
        app.url(&format!("/media/documents/{coop}/{doc}/original.pdf")),
        app.url(&format!(
            "/media/private/documents/{coop}/{doc}/original.pdf"
        )),
    ] {
        let status = anonymous_get(&url).await.status().as_u16();
        assert!(status == 403 || status == 404, "{url}: {status}");
    }
    // through the application: the applicant and staff, not others
    let path = format!("/api/v1/cooperatives/{coop}/documents/{doc}");
    for reader in [&lan, &staff] {
        let file = reader.client.get(app.url(&path)).send().await.unwrap();
        assert_eq!(file.status(), 200, "{}", reader.email);
        assert_eq!(file.headers()["content-type"], "application/pdf");
        assert_eq!(file.headers()["cache-control"], "private, no-store");
        assert_eq!(file.bytes().await.unwrap().to_vec(), licence);
    }
    assert_eq!(stranger.get(&path).await.0, 404);
    assert_eq!(anonymous_get(&app.url(&path)).await.status(), 401);

    // a certificate's evidence, likewise
    let (status, body) = staff
        .post(
            &format!("/api/v1/moderation/cooperatives/{coop}/approve"),
            serde_json::json!({}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let s = Shop {
        app,
        owner: lan,
        staff,
        coop: coop.clone(),
    };
    let today = kernel::time::today_in_vietnam(chrono::Utc::now());
    let (status, cert) = vietgap(
        &s,
        &(today - chrono::Days::new(10)).to_string(),
        &(today + chrono::Days::new(300)).to_string(),
    )
    .await;
    assert_eq!(status, 201, "{cert}");
    let cert = cert["id"].as_str().unwrap();
    let key = format!("private/certifications/{coop}/{cert}/original.pdf");
    assert_eq!(s3.keys("private/certifications/").await, vec![key.clone()]);
    assert_eq!(s3.anonymous_status(&key).await, 403);
    let path = format!("/api/v1/certifications/{cert}/evidence");
    let evidence = s.staff.client.get(s.app.url(&path)).send().await.unwrap();
    assert_eq!(evidence.status(), 200);
    assert_eq!(evidence.headers()["content-type"], "application/pdf");
    assert!(evidence.bytes().await.unwrap().starts_with(b"%PDF-1.7"));
    assert_eq!(stranger.get(&path).await.0, 404);
    assert!(s3.keys("media/").await.is_empty());
}

#[tokio::test]
async fn an_upload_while_the_bucket_is_unreachable_answers_503_records_nothing_and_goes_through_once_it_is_back()
 {
    let Some((s3, app)) = app_on_s3(
        "an_upload_while_the_bucket_is_unreachable_answers_503_records_nothing_and_goes_through_once_it_is_back",
    )
    .await
    else {
        return;
    };
    let s = shop_in(app).await;
    let id = draft(&s).await;
    let today = kernel::time::today_in_vietnam(chrono::Utc::now());
    let (issued, expires) = (
        (today - chrono::Days::new(10)).to_string(),
        (today + chrono::Days::new(300)).to_string(),
    );
    let (status, cert) = vietgap(&s, &issued, &expires).await;
    assert_eq!(status, 201, "{cert}");
    let evidence = format!(
        "/api/v1/certifications/{}/evidence",
        cert["id"].as_str().unwrap()
    );
    let before = s3.keys("").await;
    let ready = s.app.get_json("/readyz", 200).await;
    assert_eq!(ready["checks"]["media"], "ok", "{ready}");

    s3.disconnect().await;
    let started = Instant::now();
    let upload = picture(png(900, 600), "gio.png");
    let (status, body) = s
        .owner
        .upload(&format!("/api/v1/products/{id}/images"), upload)
        .await;
    assert_eq!(status, 503, "{body}");
    // the envelope and its code are the contract; no internal cause (the
    // bucket's address, the client library's words) reaches the client
    insta::assert_json_snapshot!("media_unavailable", body);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "answered in {:?}",
        started.elapsed()
    );
    assert_eq!(
        picture_rows(&s.app, &id).await,
        0,
        "no row for a picture not stored"
    );
    let (status, body) = vietgap(&s, &issued, &expires).await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["error"]["code"], "media_unavailable", "{body}");
    let certifications = entity::certifications::Entity::find()
        .count(&s.app.db.conn)
        .await
        .unwrap();
    assert_eq!(certifications, 1, "no certification without its evidence");
    let (status, body) = s.staff.get(&evidence).await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["error"]["code"], "media_unavailable", "{body}");
    assert_eq!(s3.keys("").await, before, "nothing half-stored");
    let (status, body) = s.app.get_json_status("/readyz").await;
    assert_eq!(status, 503, "{body}");
    assert!(
        body["error"]["message"].as_str().unwrap().contains("media"),
        "{body}"
    );

    s3.reconnect().await;
    s.app.get_json("/readyz", 200).await;
    let (status, body) = s
        .owner
        .upload(
            &format!("/api/v1/products/{id}/images"),
            picture(png(900, 600), "gio.png"),
        )
        .await;
    assert_eq!(status, 201, "the same upload goes through: {body}");
    assert_eq!(picture_rows(&s.app, &id).await, 1);
    let (_, listing) = s.owner.get(&format!("/api/v1/products/{id}/listing")).await;
    let url = listing["images"][0]["urls"]["large"].as_str().unwrap();
    assert_eq!(anonymous_get(url).await.status(), 200, "{url}");
    let (status, _) = s.staff.get(&evidence).await;
    assert_eq!(status, 200, "the evidence stored before is still there");
    let after = s3.keys("media/").await;
    assert_eq!(after.len(), 3, "three sizes: {after:?}");
}

#[tokio::test]
async fn a_picture_whose_second_size_the_bucket_refuses_leaves_neither_a_row_nor_its_first_size() {
    let Some((s3, app)) = app_on_s3(
        "a_picture_whose_second_size_the_bucket_refuses_leaves_neither_a_row_nor_its_first_size",
    )
    .await
    else {
        return;
    };
    let s = shop_in(app).await;
    let id = draft(&s).await;
    s3.refuse_uploads(Some("media/products/*/medium.jpg")).await;
    let (status, body) = s
        .owner
        .upload(
            &format!("/api/v1/products/{id}/images"),
            picture(png(900, 600), "gio.png"),
        )
        .await;
    // a bucket that refuses our credentials or policy is our fault, not a
    // passing outage: 500, and the operator reads why in the log
    assert_eq!(status, 500, "{body}");
    assert_eq!(body["error"]["code"], "internal_error", "{body}");
    assert_eq!(picture_rows(&s.app, &id).await, 0);
    assert_eq!(
        s3.keys("").await,
        Vec::<String>::new(),
        "the small size stored first was removed again"
    );

    s3.refuse_uploads(None).await;
    let (status, body) = s
        .owner
        .upload(
            &format!("/api/v1/products/{id}/images"),
            picture(png(900, 600), "gio.png"),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(s3.keys("media/").await.len(), 3);
}

async fn document_rows(app: &TestApp, cooperative: &str) -> u64 {
    entity::cooperative_documents::Entity::find()
        .filter(
            entity::cooperative_documents::Column::CooperativeId
                .eq(cooperative.parse::<uuid::Uuid>().unwrap()),
        )
        .count(&app.db.conn)
        .await
        .unwrap()
}

#[tokio::test]
async fn papers_sent_while_the_bucket_is_unreachable_or_refuses_one_leave_neither_rows_nor_files_and_go_through_later()
 {
    let Some((s3, app)) = app_on_s3(
        "papers_sent_while_the_bucket_is_unreachable_or_refuses_one_leave_neither_rows_nor_files_and_go_through_later",
    )
    .await
    else {
        return;
    };
    let lan = app.person("lan@example.vn", true).await;
    let (status, body) = lan
        .post("/api/v1/cooperatives", application("HTX Nón Lá Phú Cam"))
        .await;
    assert_eq!(status, 201, "{body}");
    let coop = body["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/cooperatives/{coop}/documents");
    // a licence (PDF) then the statutes (a photo, PNG), stored in that order
    let papers = || {
        Form::new()
            .part(
                "documents",
                Part::bytes(b"%PDF-1.4 giay phep kinh doanh".to_vec()).file_name("giay-phep.pdf"),
            )
            .part(
                "documents",
                Part::bytes(png(40, 30)).file_name("dieu-le.png"),
            )
    };

    s3.disconnect().await;
    let (status, body) = lan.upload(&path, papers()).await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["error"]["code"], "media_unavailable", "{body}");
    s3.reconnect().await;
    assert_eq!(document_rows(&app, &coop).await, 0);
    assert_eq!(s3.keys("").await, Vec::<String>::new());

    s3.refuse_uploads(Some("private/documents/*/original.png"))
        .await;
    let (status, body) = lan.upload(&path, papers()).await;
    assert_eq!(status, 500, "{body}");
    assert_eq!(body["error"]["code"], "internal_error", "{body}");
    assert_eq!(document_rows(&app, &coop).await, 0);
    assert_eq!(
        s3.keys("").await,
        Vec::<String>::new(),
        "the licence stored first was removed again"
    );

    s3.refuse_uploads(None).await;
    let (status, body) = lan.upload(&path, papers()).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(document_rows(&app, &coop).await, 2);
    let stored = s3.keys("private/documents/").await;
    assert_eq!(stored.len(), 2, "{stored:?}");
    assert!(
        stored.iter().any(|k| k.ends_with("/original.pdf")),
        "{stored:?}"
    );
    assert!(
        stored.iter().any(|k| k.ends_with("/original.png")),
        "{stored:?}"
    );
}
