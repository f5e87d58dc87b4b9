//! Checkout under load: guests with one line each check out with 16
//! requests in flight, without contention (each buys from a variant with
//! plenty of stock) and with contention for the last units (everyone wants
//! the same variant, 50 in stock). Prints throughput and p50/p99.
//!
//! `make bench` runs it on PostgreSQL (a throwaway cluster); plain
//! `cargo bench -p hoptac-benches --bench checkout` runs it on SQLite.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark fails loudly"
)]
#![expect(clippy::print_stdout, reason = "a benchmark prints its table")]

use std::time::{Duration, Instant};

use entity::{cooperatives, products};
use futures::StreamExt;
use hoptac_tests::{TestApp, spawn_app};
use serde_json::{Value, json};
use uuid::Uuid;

const BUYERS: usize = 400;
const CONCURRENCY: usize = 16;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(run());
}

fn body() -> Value {
    json!({
        "contact": {"name": "Phan Văn Đức", "email": "duc@example.vn", "phone": "0935 111 222"},
        "shipping_address": {"province": "Đà Nẵng", "district": "Hải Châu", "ward": "Thạch Thang", "street": "20 Bạch Đằng"},
        "payment_method": "cod"
    })
}

/// Guests, each with one line in their cart, ready to check out.
async fn guests(app: &TestApp, variants: &[Uuid]) -> Vec<reqwest::Client> {
    let mut out = Vec::with_capacity(BUYERS);
    for i in 0..BUYERS {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap();
        let added = client
            .post(app.url("/api/v1/cart/items"))
            .json(&json!({"variant_id": variants[i % variants.len()], "quantity": 1}))
            .send()
            .await
            .unwrap();
        assert_eq!(added.status(), 200);
        out.push(client);
    }
    out
}

struct Run {
    latencies: Vec<Duration>,
    elapsed: Duration,
    created: usize,
    refused: usize,
    failed: usize,
}

async fn checkout_all(app: &TestApp, clients: Vec<reqwest::Client>) -> Run {
    let url = app.url("/api/v1/checkout");
    let started = Instant::now();
    let results: Vec<(Duration, u16)> = futures::stream::iter(clients.into_iter().map(|client| {
        let url = url.clone();
        async move {
            let t = Instant::now();
            let status = client
                .post(&url)
                .json(&body())
                .send()
                .await
                .unwrap()
                .status()
                .as_u16();
            (t.elapsed(), status)
        }
    }))
    .buffer_unordered(CONCURRENCY)
    .collect()
    .await;
    let mut latencies: Vec<Duration> = results.iter().map(|r| r.0).collect();
    latencies.sort();
    Run {
        elapsed: started.elapsed(),
        created: results.iter().filter(|r| r.1 == 201).count(),
        refused: results.iter().filter(|r| r.1 == 409).count(),
        failed: results.iter().filter(|r| r.1 != 201 && r.1 != 409).count(),
        latencies,
    }
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let rank = ((p / 100.0) * (sorted.len().saturating_sub(1)) as f64).round() as usize;
    sorted.get(rank).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

fn line(name: &str, run: &Run) -> String {
    format!(
        "{name:<40} {:>5} checkouts {:>7.0}/s  p50 {:>7.2} ms  p99 {:>7.2} ms  201: {:>3}  409: {:>3}  other: {}",
        run.latencies.len(),
        run.latencies.len() as f64 / run.elapsed.as_secs_f64().max(f64::EPSILON),
        percentile(&run.latencies, 50.0),
        percentile(&run.latencies, 99.0),
        run.created,
        run.refused,
        run.failed
    )
}

async fn run() {
    let app = spawn_app().await;
    let conn = &app.db.conn;
    let coop =
        testkit::fixtures::cooperative(conn, "bench-coop", cooperatives::Status::Approved).await;
    let mut spread = Vec::new();
    for i in 0..100 {
        let p = testkit::fixtures::product(
            conn,
            coop,
            &format!("Giỏ mây mẫu {i}"),
            products::Status::Published,
        )
        .await;
        spread.push(testkit::fixtures::variant(conn, p, coop, &format!("GM-{i}"), 1_000).await);
    }
    let p =
        testkit::fixtures::product(conn, coop, "Giỏ mây cuối cùng", products::Status::Published)
            .await;
    let last = testkit::fixtures::variant(conn, p, coop, "GM-LAST", 50).await;
    println!(
        "checkout on {}, {BUYERS} guests, {CONCURRENCY} in flight",
        testkit::Backend::current().name()
    );
    // warm up
    let warm = guests(&app, &spread[..10]).await;
    let _ = checkout_all(&app, warm.into_iter().take(32).collect()).await;

    let clients = guests(&app, &spread).await;
    let run = checkout_all(&app, clients).await;
    println!("{}", line("no contention (100 variants)", &run));
    assert_eq!(run.failed, 0);

    let clients = guests(&app, &[last]).await;
    let run = checkout_all(&app, clients).await;
    println!("{}", line("contention: last 50 units of one variant", &run));
    assert_eq!(run.created, 50, "exactly the units in stock are sold");
    assert_eq!(run.failed, 0);
}
