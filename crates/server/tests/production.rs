//! The market in its production shape, with the real binaries: one
//! PostgreSQL, one Meilisearch, an SMTP server (maildev), an S3 bucket
//! (moto), two `hoptac serve` processes that send no e-mail and one
//! `hoptac worker` that sends it all.
//!
//! A shopper's cart filled on one process checks out on the other; a
//! listing approved through one is found through the other within 2 s;
//! every e-mail is delivered once; and a `kill -9` of the worker in the
//! middle of its queue loses no e-mail and sends none twice (Message-IDs
//! counted in maildev).
//!
//! It runs in the PostgreSQL half of `make test`; the SQLite half lists it
//! as ignored, saying why, as it does when Meilisearch or moto is missing on
//! a machine that does not require every tool.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly; helpers outside #[test] functions too"
)]

mod common;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use common::{Member, Server, file};
use libtest_mimic::{Arguments, Trial};
use reqwest::Method;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use testkit::maildev::Maildev;
use testkit::meilisearch::Meilisearch;
use testkit::relay::Relay;
use testkit::s3::S3Server;

const PASSWORD: &str = "demo-hop-tac-2026";
/// How soon a listing approved through one process is found through the other.
const FOUND_WITHIN: Duration = Duration::from_secs(2);
/// Guests who check out while the worker is down, each queuing e-mails.
const QUEUED_CHECKOUTS: usize = 20;
/// How long a worker's claim on a job lasts here: the jobs a killed worker
/// held are taken over after it.
const LEASE_SECS: &str = "3";

fn main() -> std::process::ExitCode {
    let args = Arguments::from_args();
    let why_not = why_not_here();
    if let Some(why) = &why_not {
        testkit::report(&format!("skipped: the production-shape test ({why})"));
    }
    let trial = Trial::test(
        "production::two_servers_and_a_worker_share_one_market",
        || {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("a runtime")
                .block_on(two_servers_and_a_worker_share_one_market());
            Ok(())
        },
    )
    .with_ignored_flag(why_not.is_some());
    libtest_mimic::run(&args, vec![trial]).exit_code()
}

/// Why the test cannot run on this run, if it cannot: it needs PostgreSQL,
/// and Meilisearch and moto unless the run requires every tool (then their
/// absence fails it).
fn why_not_here() -> Option<String> {
    if testkit::Backend::current() != testkit::Backend::Postgres {
        return Some("it runs on PostgreSQL, in the PostgreSQL half of `make test`".to_owned());
    }
    if let Some(why) = testkit::meilisearch::skip_reason() {
        return Some(format!("{}: {why}", testkit::meilisearch::SKIPPED));
    }
    let moto = testkit::s3::executable();
    (!moto.is_file() && !testkit::tools_required()).then(|| {
        format!(
            "moto is not installed at {} (scripts/install-test-deps installs it)",
            moto.display()
        )
    })
}

/// The services and processes of one market. Declared so that the
/// processes stop before the services they use.
struct Market {
    a: Server,
    b: Server,
    worker: Server,
    conn: DatabaseConnection,
    smtp: Relay,
    maildev: Maildev,
    s3: S3Server,
    _meilisearch: Meilisearch,
    _db: testkit::TestDb,
}

impl Market {
    /// Starts the services, seeds the demo market, builds the search index
    /// and starts two `hoptac serve` and one `hoptac worker`.
    async fn start() -> Self {
        let db = testkit::TestDb::empty().await;
        let meilisearch = Meilisearch::start();
        let maildev = Maildev::start().await;
        let smtp = Relay::start(maildev.smtp_port).await;
        let s3 = S3Server::start().await;
        let mut env = vec![
            ("search.meilisearch_url", meilisearch.url().into()),
            ("search.meilisearch_api_key", meilisearch.key().into()),
            (
                "mail.smtp_url",
                format!("smtp://127.0.0.1:{}", smtp.port).into(),
            ),
            ("jobs.run_in_serve", false.into()),
            // as README's production section advises: index updates within
            // a second of the change
            ("jobs.poll_interval_ms", json!("250")),
            ("jobs.lease_secs", json!(LEASE_SECS)),
            ("jobs.retry_base_secs", json!("1")),
        ];
        env.extend(s3.settings());
        let env: Vec<(String, String)> = env
            .into_iter()
            .map(|(key, value)| {
                let name = format!("HOPTAC__{}", key.replace('.', "__").to_uppercase());
                let value = value
                    .as_str()
                    .map_or_else(|| value.to_string(), str::to_owned);
                (name, value)
            })
            .collect();
        let process = |command| {
            Server::spawn_with(
                command,
                tempfile::tempdir().unwrap(),
                testkit::free_port(),
                Some(db.url.clone()),
                env.clone(),
            )
        };
        // as an administrator sets up: the demo market, then the index
        let setup = tempfile::tempdir().unwrap();
        for task in [&["seed", "--demo"][..], &["reindex"]] {
            let done = common::hoptac(setup.path(), testkit::free_port(), Some(&db.url))
                .envs(env.iter().map(|(k, v)| (k, v)))
                .args(task)
                .output()
                .unwrap();
            assert!(
                done.status.success(),
                "hoptac {task:?}: {}",
                String::from_utf8_lossy(&done.stderr)
            );
        }
        let worker = process("worker");
        let (mut a, mut b) = (process("serve"), process("serve"));
        a.healthy().await;
        b.healthy().await;
        let conn = entity::db::connect(&db.url, &entity::db::DbOptions::default())
            .await
            .unwrap();
        Self {
            a,
            b,
            worker,
            conn,
            smtp,
            maildev,
            s3,
            _meilisearch: meilisearch,
            _db: db,
        }
    }

    /// The e-mail jobs of the outbox: (Message-ID, status).
    async fn mail_jobs(&self) -> Vec<(String, entity::outbox::Status)> {
        // e-mails due later (the invitations to review, days after a
        // delivery) are not on their way yet
        entity::outbox::Entity::find()
            .filter(entity::outbox::Column::Topic.eq(notify::mail::TOPIC))
            .filter(entity::outbox::Column::RunAt.lte(chrono::Utc::now()))
            .all(&self.conn)
            .await
            .unwrap()
            .into_iter()
            .map(|job| {
                let id = job.payload["message_id"].as_str().unwrap().to_owned();
                (id, job.status)
            })
            .collect()
    }

    /// How many times maildev received each Message-ID.
    async fn delivered(&self) -> BTreeMap<String, usize> {
        let mut seen = BTreeMap::new();
        for mail in self.maildev.emails().await {
            let id = mail["headers"]["message-id"].as_str().unwrap().to_owned();
            *seen.entry(id).or_insert(0) += 1;
        }
        seen
    }

    /// Waits until the worker has carried out every e-mail job (60 s at
    /// most), then checks that maildev holds each of them exactly once and
    /// nothing else. Returns how many there are.
    async fn every_email_delivered_once(&self) -> usize {
        let started = Instant::now();
        loop {
            let jobs = self.mail_jobs().await;
            let done = jobs
                .iter()
                .all(|(_, status)| *status == entity::outbox::Status::Done);
            if done && self.delivered().await.len() >= jobs.len() {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "the worker did not carry out every e-mail in 60 s: {jobs:?}\n{}",
                std::fs::read_to_string(self.worker.log()).unwrap_or_default()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        // anything sent twice would arrive by now
        tokio::time::sleep(Duration::from_secs(1)).await;
        let jobs = self.mail_jobs().await;
        let delivered = self.delivered().await;
        let twice: Vec<_> = delivered.iter().filter(|(_, n)| **n > 1).collect();
        assert!(twice.is_empty(), "delivered more than once: {twice:?}");
        let mut queued: Vec<&String> = jobs.iter().map(|(id, _)| id).collect();
        queued.sort();
        let received: Vec<&String> = delivered.keys().collect();
        assert_eq!(received, queued, "maildev holds exactly the queued e-mails");
        jobs.len()
    }
}

/// A guest of its own, with a cart.
fn guest() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap()
}

/// Puts one of the demo's lidded baskets in `guest`'s cart through `base`.
async fn fill_cart(guest: &reqwest::Client, base: &str) -> String {
    let product = get_json(
        guest,
        format!("{base}/api/v1/products/gio-may-dan-tay-co-nap"),
    )
    .await;
    let variant = product["variants"]
        .as_array()
        .unwrap()
        .iter()
        .max_by_key(|v| v["stock"].as_i64().unwrap_or(0))
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let added = guest
        .post(format!("{base}/api/v1/cart/items"))
        .json(&json!({"variant_id": variant, "quantity": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), 200, "the basket goes in the cart");
    variant
}

/// The JSON `client` is answered at `url`.
async fn get_json(client: &reqwest::Client, url: String) -> Value {
    client.get(url).send().await.unwrap().json().await.unwrap()
}

/// `guest`'s cart as the process at `base` sees it.
async fn cart_of(guest: &reqwest::Client, base: &str) -> Value {
    get_json(guest, format!("{base}/api/v1/cart")).await
}

/// Checks out `guest`'s cart through `base`; the receipt.
async fn check_out(guest: &reqwest::Client, base: &str, email: &str) -> Value {
    let placed = guest
        .post(format!("{base}/api/v1/checkout"))
        .header("Idempotency-Key", uuid::Uuid::new_v4().to_string())
        .json(&json!({
            "contact": {"name": "Khách Thử", "email": email, "phone": "0912 345 678"},
            "shipping_address": {"province": "Thành phố Huế", "district": "Phú Xuân", "ward": "Đông Ba", "street": "12 Trần Hưng Đạo"},
            "payment_method": "cod"
        }))
        .send()
        .await
        .unwrap();
    let status = placed.status().as_u16();
    let receipt: Value = placed.json().await.unwrap();
    assert_eq!(status, 201, "checkout through {base}: {receipt}");
    receipt
}

async fn two_servers_and_a_worker_share_one_market() {
    let started = Instant::now();
    let mut market = Market::start().await;
    let (a, b) = (market.a.base.clone(), market.b.base.clone());

    a_cart_filled_on_one_process_checks_out_on_the_other(&a, &b).await;
    a_listing_approved_through_one_process_is_found_through_the_other(&market).await;
    let sent = market.every_email_delivered_once().await;
    testkit::report(&format!(
        "production shape: {sent} e-mails of the demo, the cross-process checkout and the review, each delivered once"
    ));
    a_killed_worker_loses_no_email_and_sends_none_twice(&mut market).await;
    testkit::report(&format!(
        "production shape: PostgreSQL, Meilisearch, maildev, moto, 2 × hoptac serve, hoptac worker: {:.1} s",
        started.elapsed().as_secs_f64()
    ));
}

async fn a_cart_filled_on_one_process_checks_out_on_the_other(a: &str, b: &str) {
    let shopper = guest();
    let variant = fill_cart(&shopper, a).await;
    let cart = cart_of(&shopper, b).await;
    assert!(
        cart.to_string().contains(&variant),
        "the other process sees the cart: {cart}"
    );
    let receipt = check_out(&shopper, b, "mai@khach.example.vn").await;
    assert_eq!(receipt["orders"].as_array().unwrap().len(), 1, "{receipt}");
    let cart = cart_of(&shopper, a).await;
    assert!(
        !cart.to_string().contains(&variant),
        "the first process sees the cart emptied: {cart}"
    );
}

async fn a_listing_approved_through_one_process_is_found_through_the_other(market: &Market) {
    let (a, b) = (&market.a.base, &market.b.base);
    let owner = Member::sign_in(a, "baola@hoptac.demo", PASSWORD).await;
    let staff = Member::sign_in(b, "nhanvien@hoptac.demo", PASSWORD).await;
    let (_, mine) = owner
        .call(Method::GET, "/api/v1/me/cooperatives", None)
        .await;
    let coop = mine[0]["id"].as_str().unwrap().to_owned();
    let (_, categories) = owner.call(Method::GET, "/api/v1/categories", None).await;
    let category = categories[0]["slug"].as_str().unwrap().to_owned();
    let (status, listing) = owner
        .call(
            Method::POST,
            &format!("/api/v1/cooperatives/{coop}/products"),
            Some(json!({
                "title": {"vi": "Hộp mây đựng trà Sình"},
                "summary": {"vi": "Hộp mây có nắp, lót giấy dó, đựng trà sen"},
                "description": {"vi": "Đan tay ở Bao La, nắp khít giữ hương trà."},
                "category": category,
                "variants": [{"sku": "HOP-TRA-1", "price_vnd": 180000, "stock": 12}]
            })),
        )
        .await;
    assert_eq!(status, 201, "{listing}");
    let id = listing["id"].as_str().unwrap().to_owned();
    // the picture goes to the bucket through one process
    let jpeg = demo_art::jpegs("basket", &[], "hop-tra", &[640])
        .unwrap()
        .remove(0);
    let (status, picture) = owner
        .upload(
            &format!("/api/v1/products/{id}/images"),
            file("image", "hop-tra.jpg", jpeg),
        )
        .await;
    assert_eq!(status, 201, "{picture}");
    let (status, body) = owner
        .at(b)
        .call(Method::POST, &format!("/api/v1/products/{id}/submit"), None)
        .await;
    assert_eq!(status, 200, "submitted through the other process: {body}");
    // the index takes in the draft's own changes first (Meilisearch commits
    // about one batch a second here), so that the time below is the
    // approval's alone
    testkit::outbox_settled(&market.conn, catalog::search_feed::TOPIC).await;
    let (status, body) = staff
        .at(a)
        .call(
            Method::POST,
            &format!("/api/v1/moderation/products/{id}/approve"),
            None,
        )
        .await;
    assert_eq!(status, 200, "approved through the first process: {body}");
    let approved = Instant::now();

    let anyone = reqwest::Client::new();
    let found = loop {
        let found = get_json(&anyone, format!("{b}/api/v1/search?q=hop+may+dung+tra")).await;
        if found["items"].to_string().contains(&id) {
            break approved.elapsed();
        }
        assert!(
            approved.elapsed() < FOUND_WITHIN,
            "not found through the other process {FOUND_WITHIN:?} after approval: {found}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    testkit::report(&format!(
        "production shape: a listing approved through one process was found through the other after {} ms",
        found.as_millis()
    ));
    let page = anyone
        .get(format!("{b}/api/v1/products/hop-may-dung-tra-sinh"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200, "its page through the other process");
    let page: Value = page.json().await.unwrap();
    let url = page["images"][0]["urls"]["medium"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        url.starts_with(&market.s3.public_base_url()),
        "its picture is served from the bucket: {url}"
    );
    let picture = anyone.get(&url).send().await.unwrap();
    assert_eq!(picture.status(), 200, "anyone loads the picture: {url}");
}

async fn a_killed_worker_loses_no_email_and_sends_none_twice(market: &mut Market) {
    market.worker.stop();
    let bases = [market.a.base.clone(), market.b.base.clone()];
    for i in 0..QUEUED_CHECKOUTS {
        let shopper = guest();
        fill_cart(&shopper, &bases[i % 2]).await;
        check_out(
            &shopper,
            &bases[(i + 1) % 2],
            &format!("khach{i}@khach.example.vn"),
        )
        .await;
    }
    let queued = market.mail_jobs().await.len();
    let before = market.maildev.emails().await.len();
    assert!(
        queued >= before + QUEUED_CHECKOUTS,
        "each checkout queued its e-mails: {queued} jobs, {before} delivered"
    );

    // the worker starts on the queue; once a few are delivered, whatever
    // it sends next is held back, and it is killed in the middle
    market.worker.start();
    let started = Instant::now();
    while market.maildev.emails().await.len() < before + 3 {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the worker sent nothing in 30 s:\n{}",
            std::fs::read_to_string(market.worker.log()).unwrap_or_default()
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    market.smtp.hold();
    // what was on its way is answered and booked; the rest waits
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let at_the_kill = market.maildev.emails().await.len();
    assert!(
        at_the_kill < queued,
        "the worker is killed in the middle of its queue ({at_the_kill} of {queued} delivered)"
    );
    let killed = market.worker.kill_9();
    assert!(!killed.success(), "the worker was killed: {killed}");
    market.smtp.cut().await;
    market.smtp.open();

    market.worker.start();
    let sent = market.every_email_delivered_once().await;
    assert_eq!(sent, queued);
    testkit::report(&format!(
        "production shape: worker killed with {at_the_kill} of {queued} e-mails delivered; afterwards {sent} delivered, each once"
    ));
}
