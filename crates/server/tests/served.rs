//! The security bars against a running `hoptac serve` (the real binary, on
//! the test run's backend): CSRF, origin, throttling, no secret in answers.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly; helpers outside #[test] functions too"
)]

mod common;

use std::time::{Duration, Instant};

use common::{Member, file, serve, serve_with};

use serde_json::{Value, json};

#[tokio::test]
async fn the_security_bars_hold_against_a_running_server() {
    eprintln!(
        "[{}] hoptac serve: csrf, origin, throttling, no secrets",
        testkit::Backend::current().name()
    );
    let s = serve().await;
    let c = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let url = |p: &str| format!("{}{p}", s.base());
    let mut bodies = String::new();
    let registered = c
        .post(url("/api/v1/auth/register"))
        .json(
            &json!({"email": "lan@example.vn", "password": "mây tre đan Bao La 88", "name": "Lan"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(registered.status().as_u16(), 201);
    bodies.push_str(&registered.text().await.unwrap());
    let duplicate = c
        .post(url("/api/v1/auth/register"))
        .json(
            &json!({"email": "lan@example.vn", "password": "mây tre đan Bao La 88", "name": "Lan"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(duplicate.status().as_u16(), 409);
    let login = c
        .post(url("/api/v1/auth/login"))
        .json(&json!({"email": "lan@example.vn", "password": "mây tre đan Bao La 88"}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status().as_u16(), 200);
    let body = login.text().await.unwrap();
    bodies.push_str(&body);
    let csrf = serde_json::from_str::<Value>(&body).unwrap()["csrf_token"]
        .as_str()
        .unwrap()
        .to_owned();

    let without = c
        .post(url("/api/v1/auth/verify-email/resend"))
        .send()
        .await
        .unwrap();
    assert_eq!(without.status().as_u16(), 403);
    assert_eq!(
        without.json::<Value>().await.unwrap()["error"]["code"],
        "csrf_failed"
    );
    let foreign = c
        .post(url("/api/v1/auth/verify-email/resend"))
        .header("x-csrf-token", &csrf)
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status().as_u16(), 403);
    let with = c
        .post(url("/api/v1/auth/verify-email/resend"))
        .header("x-csrf-token", &csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(with.status().as_u16(), 202);
    let me = c
        .get(url("/api/v1/auth/me"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    bodies.push_str(&me);
    bodies.push_str(
        &c.get(url("/account"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );

    let stranger = reqwest::Client::new();
    let mut statuses = Vec::new();
    for _ in 0..10 {
        statuses.push(
            stranger
                .post(url("/api/v1/auth/login"))
                .json(&json!({"email": "lan@example.vn", "password": "wrong wrong wrong"}))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16(),
        );
    }
    assert_eq!(
        statuses,
        [401, 401, 401, 401, 401, 429, 429, 429, 429, 429],
        "from the sixth wrong password on, the address waits (429)"
    );
    let signed_in = c
        .get(url("/api/v1/auth/me"))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16();
    assert_eq!(signed_in, 200, "the owner's session is untouched");
    assert!(
        !bodies.contains("argon2") && !bodies.contains("password_hash"),
        "a hash leaked"
    );
}

/// A CSV of `n` one-variant listings; line 7 gets a negative price when
/// `bad_line_7`.
fn catalogue_csv(n: usize, bad_line_7: bool) -> String {
    let mut csv = String::from("handle,title_vi,summary_vi,description_vi,sku,price_vnd,stock\n");
    for i in 0..n {
        let price = if bad_line_7 && i == 5 { -1 } else { 90_000 };
        csv.push_str(&format!(
            "khay-nhap-{i},Khay mây nhập {i},Khay nhỏ,Đan tay,KN-{i:04},{price},3\n"
        ));
    }
    csv
}

#[tokio::test]
async fn the_catalogue_bars_hold_against_a_running_server() {
    eprintln!(
        "[{}] hoptac serve: listings, pictures, review, CSV, hoptac import",
        testkit::Backend::current().name()
    );
    let s = serve_with(true).await;
    let password = "demo-hop-tac-2026";
    let owner = Member::sign_in(s.base(), "baola@hoptac.demo", password).await;
    let staff = Member::sign_in(s.base(), "nhanvien@hoptac.demo", password).await;
    use reqwest::Method;
    let (_, mine) = owner
        .call(Method::GET, "/api/v1/me/cooperatives", None)
        .await;
    let coop = mine[0]["id"].as_str().unwrap().to_owned();
    let (_, categories) = owner.call(Method::GET, "/api/v1/categories", None).await;
    let category = categories[0]["slug"].as_str().unwrap().to_owned();
    let (_, existing) = owner
        .call(
            Method::GET,
            &format!("/api/v1/cooperatives/{coop}/products"),
            None,
        )
        .await;
    let first = existing["items"][0]["id"].as_str().unwrap().to_owned();
    let (_, first) = owner
        .call(
            Method::GET,
            &format!("/api/v1/products/{first}/listing"),
            None,
        )
        .await;
    let taken_sku = first["variants"][0]["sku"].as_str().unwrap().to_owned();

    // negative price, empty Vietnamese title, a SKU another listing has
    let create = format!("/api/v1/cooperatives/{coop}/products");
    let (status, body) = owner
        .call(
            Method::POST,
            &create,
            Some(json!({
                "title": {"vi": " ", "en": "Basket"},
                "summary": {"vi": "Giỏ"},
                "description": {"vi": "Giỏ"},
                "variants": [
                    {"sku": "NEW-1", "price_vnd": -1000, "stock": 1},
                    {"sku": taken_sku, "price_vnd": 1000, "stock": 1}
                ]
            })),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    for field in ["title.vi", "variants[0].price_vnd", "variants[1].sku"] {
        assert!(body["error"]["fields"][field].is_array(), "{field}: {body}");
    }
    let (status, listing) = owner
        .call(
            Method::POST,
            &create,
            Some(json!({
                "title": {"vi": "Giỏ mây thử nghiệm"},
                "summary": {"vi": "Giỏ mây nhỏ"},
                "description": {"vi": "Đan tay. <script>alert('x')</script>"},
                "category": category,
                "variants": [{"sku": "THU-1", "price_vnd": 120000, "stock": 4}]
            })),
        )
        .await;
    assert_eq!(status, 201, "{listing}");
    let id = listing["id"].as_str().unwrap().to_owned();
    let images = format!("/api/v1/products/{id}/images");
    let (status, _) = owner
        .upload(
            &images,
            file("image", "anh.jpg", b"GIF89a not really".to_vec()),
        )
        .await;
    assert_eq!(status, 415, "not a picture by content");
    let (status, _) = owner
        .upload(
            &images,
            file("image", "lon.jpg", vec![0xFF; 11 * 1024 * 1024]),
        )
        .await;
    assert_eq!(status, 413, "11 MB");
    let jpeg = demo_art::jpegs("basket", &[], "thu", &[640])
        .unwrap()
        .remove(0);
    let (status, body) = owner.upload(&images, file("image", "gio.jpg", jpeg)).await;
    assert_eq!(status, 201, "{body}");
    let (status, body) = owner
        .call(Method::POST, &format!("/api/v1/products/{id}/submit"), None)
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = staff
        .call(
            Method::POST,
            &format!("/api/v1/moderation/products/{id}/approve"),
            None,
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let page = reqwest::get(format!("{}/products/gio-may-thu-nghiem", s.base()))
        .await
        .unwrap();
    assert_eq!(page.status().as_u16(), 200);
    let page = page.text().await.unwrap();
    assert!(page.contains("Giỏ mây thử nghiệm"));
    assert!(!page.contains("<script>alert"), "the script is inert");

    // a member of another cooperative cannot touch it
    let c = reqwest::Client::new();
    let registered = c
        .post(format!("{}/api/v1/auth/register", s.base()))
        .json(&json!({"email": "an@example.vn", "password": "nón lá Phú Cam 2026", "name": "An"}))
        .send()
        .await
        .unwrap();
    assert_eq!(registered.status().as_u16(), 201);
    let verified = s
        .hoptac()
        .args(["user", "verify", "an@example.vn"])
        .output()
        .unwrap();
    assert!(verified.status.success());
    let an = Member::sign_in(s.base(), "an@example.vn", "nón lá Phú Cam 2026").await;
    let (status, applied) = an
        .call(
            Method::POST,
            "/api/v1/cooperatives",
            Some(json!({
                "legal_name": "HTX Nón Lá Phú Cam", "kind": "cooperative",
                "registration_number": "3301999999", "tax_code": "3301999999",
                "province": "Thành phố Huế", "ward": "Phường Phú Cam",
                "representative": "Lê Văn An", "phone": "0912 000 111", "members_count": "9",
                "story_vi": "Chín hộ làm nón lá ở Phú Cam từ nhiều đời, giữ nghề của làng."
            })),
        )
        .await;
    assert_eq!(status, 201, "{applied}");
    let other = applied["id"].as_str().unwrap();
    let (status, _) = staff
        .call(
            Method::POST,
            &format!("/api/v1/moderation/cooperatives/{other}/approve"),
            None,
        )
        .await;
    assert_eq!(status, 200);
    for (method, path) in [
        (Method::PATCH, format!("/api/v1/products/{id}")),
        (Method::DELETE, format!("/api/v1/products/{id}")),
        (Method::GET, format!("/api/v1/products/{id}/listing")),
    ] {
        let body = (method == Method::PATCH).then(|| json!({"title": {"vi": "Của An"}}));
        let (status, _) = an.call(method.clone(), &path, body).await;
        assert_eq!(status, 404, "{method} {path}");
    }

    // CSV: one bad row on line 7 is reported, nothing imported
    let import = format!("/api/v1/cooperatives/{coop}/products/import");
    let bad = catalogue_csv(10, true).into_bytes();
    let (status, report) = owner
        .upload(
            &format!("{import}?dry_run=true"),
            file("file", "c.csv", bad.clone()),
        )
        .await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["errors"][0]["line"], 7, "{report}");
    let (status, body) = owner
        .upload(&import, file("file", "c.csv", bad.clone()))
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body["error"]["fields"]["line 7"].is_array(), "{body}");
    // and from the command line, with its progress bar
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.csv");
    std::fs::write(&path, &bad).unwrap();
    let out = s
        .hoptac()
        .args([
            "import",
            "--cooperative",
            "bao-la",
            "--as",
            "baola@hoptac.demo",
        ])
        .arg(&path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "a bad file fails the command");
    assert!(stdout.contains("line     7"), "{stdout}");
    let good = dir.path().join("good.csv");
    std::fs::write(&good, catalogue_csv(600, false)).unwrap();
    let out = s
        .hoptac()
        .args([
            "import",
            "--cooperative",
            "bao-la",
            "--as",
            "baola@hoptac.demo",
        ])
        .arg(&good)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("600 rows, 600 listings: 600 new"),
        "{stdout}"
    );
    let (_, drafts) = owner
        .call(
            Method::GET,
            &format!("/api/v1/cooperatives/{coop}/products?status=draft&per_page=1"),
            None,
        )
        .await;
    assert_eq!(drafts["total"], 600);
}

#[tokio::test]
async fn hoptac_reindex_rebuilds_the_search_index_or_has_the_running_server_do_it() {
    let mut served = serve_with(true).await;
    let total_of = |path: String| async move {
        let body: Value = reqwest::get(path).await.unwrap().json().await.unwrap();
        body["total"].as_u64().unwrap()
    };
    // the index is filled by the worker after start: wait until it holds
    // every listing the database shows
    let listed = total_of(format!("{}/api/v1/products", served.base())).await;
    let started = Instant::now();
    while total_of(format!("{}/api/v1/search?facets=false", served.base())).await != listed {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the demo data is indexed after start"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let search = format!("{}/api/v1/search?q=gio%20may&facets=false", served.base());
    let total = total_of(search.clone()).await;
    assert!(total > 0);

    // the running server holds the embedded index: it is asked to rebuild
    let queued = served.hoptac().arg("reindex").output().unwrap();
    let out = String::from_utf8_lossy(&queued.stdout);
    assert!(
        queued.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&queued.stderr)
    );
    assert!(out.contains("will rebuild it"), "{out}");
    tokio::time::sleep(Duration::from_secs(2)).await;
    let body: Value = reqwest::get(&search).await.unwrap().json().await.unwrap();
    assert_eq!(
        body["total"].as_u64().unwrap(),
        total,
        "same results after the swap"
    );

    // stopped, the command rebuilds it itself with a progress bar
    served.servers[0].stop();
    let rebuilt = served.hoptac().arg("reindex").output().unwrap();
    let out = String::from_utf8_lossy(&rebuilt.stdout);
    assert!(
        rebuilt.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&rebuilt.stderr)
    );
    assert!(out.contains("indexed") && out.contains("tantivy"), "{out}");
    let generations: Vec<_> = std::fs::read_dir(served.servers[0].data.path().join("search"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("gen-"))
        .collect();
    assert_eq!(generations.len(), 1, "the old generation is removed");
    eprintln!("{}", out.trim());
}

#[tokio::test]
async fn two_hundred_buyers_race_for_the_last_five_units() {
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let backend = testkit::Backend::current();
    let mut first = serve_with(true).await;
    let conn = entity::db::connect(&first.database_url(), &entity::db::DbOptions::default())
        .await
        .unwrap();
    let product: Value = reqwest::get(format!(
        "{}/api/v1/products/gio-may-dan-tay-co-nap",
        first.base()
    ))
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let variant: uuid::Uuid = product["variants"][0]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    entity::product_variants::Entity::update_many()
        .col_expr(
            entity::product_variants::Column::Stock,
            sea_orm::sea_query::Expr::value(5),
        )
        .col_expr(
            entity::product_variants::Column::MadeToOrder,
            sea_orm::sea_query::Expr::value(false),
        )
        .filter(entity::product_variants::Column::Id.eq(variant))
        .exec(&conn)
        .await
        .unwrap();

    // on PostgreSQL a second process shares the database
    if backend == testkit::Backend::Postgres {
        first.add_process().await;
    }
    let bases: Vec<String> = first.servers.iter().map(|s| s.base.clone()).collect();

    let buyers: Vec<(reqwest::Client, String)> = (0..200)
        .map(|i| {
            let client = reqwest::Client::builder()
                .cookie_store(true)
                .build()
                .unwrap();
            (client, bases[i % bases.len()].clone())
        })
        .collect();
    for (client, base) in &buyers {
        let added = client
            .post(format!("{base}/api/v1/cart/items"))
            .json(&json!({"variant_id": variant, "quantity": 1}))
            .send()
            .await
            .unwrap();
        assert_eq!(added.status(), 200);
    }
    let body = json!({
        "contact": {"name": "Lê Văn Bình", "email": "binh@example.vn", "phone": "0912 345 678"},
        "shipping_address": {"province": "Hà Nội", "district": "Hoàn Kiếm", "ward": "Hàng Bạc", "street": "5 Hàng Bạc"},
        "payment_method": "cod"
    });
    let started = Instant::now();
    let answers = futures::future::join_all(buyers.iter().map(|(client, base)| {
        let body = body.clone();
        async move {
            let response = client
                .post(format!("{base}/api/v1/checkout"))
                .json(&body)
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            let body: Value = response.json().await.unwrap_or(Value::Null);
            (status, body)
        }
    }))
    .await;
    let took = started.elapsed();
    let mut statuses = std::collections::BTreeMap::new();
    for (status, body) in &answers {
        *statuses.entry(*status).or_insert(0) += 1;
        assert!(*status < 500, "{status}: {body}");
        if *status == 409 {
            assert_eq!(body["error"]["code"], "insufficient_stock", "{body}");
        }
    }
    let stock = entity::product_variants::Entity::find_by_id(variant)
        .one(&conn)
        .await
        .unwrap()
        .unwrap()
        .stock;
    let orders = entity::orders::Entity::find()
        .filter(entity::orders::Column::BuyerEmail.eq("binh@example.vn"))
        .count(&conn)
        .await
        .unwrap();
    testkit::report(&format!(
        "race with {} hoptac serve process(es): 200 checkouts for 5 units in {:.2} s → {orders} orders, stock {stock}, statuses {statuses:?}",
        bases.len(),
        took.as_secs_f64()
    ));
    assert_eq!(orders, 5);
    assert_eq!(stock, 0);
    assert_eq!(statuses.get(&201), Some(&5));
    assert_eq!(statuses.get(&409), Some(&195));
}
