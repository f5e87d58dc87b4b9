//! Catalogue reads under load: the product list, a product, a cooperative,
//! and the shop's home and product pages, on the demo data, with 16 requests
//! in flight. Prints throughput and p50/p99 latency.
//!
//! `make bench` runs it on SQLite; `HOPTAC_TEST_DB=postgres
//! scripts/with-postgres make bench` on PostgreSQL.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark fails loudly"
)]
#![expect(clippy::print_stdout, reason = "a benchmark prints its table")]

use hoptac_benches::hammer;
use hoptac_tests::{Seed, spawn_app_with};

const REQUESTS: usize = 2_000;
const CONCURRENCY: usize = 16;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(run());
}

async fn run() {
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(CONCURRENCY)
        .build()
        .expect("client");
    let list = app.get_json("/api/v1/products?per_page=100", 200).await;
    let slugs: Vec<String> = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|p| p["slug"].as_str().expect("slug").to_owned())
        .collect();
    let urls =
        |f: &dyn Fn(&str) -> String| slugs.iter().map(|s| app.url(&f(s))).collect::<Vec<_>>();
    println!(
        "catalogue reads on {} ({} listings), {REQUESTS} requests, {CONCURRENCY} in flight",
        testkit::Backend::current().name(),
        slugs.len()
    );
    let runs = [
        (
            "GET /api/v1/products (24)",
            vec![app.url("/api/v1/products")],
        ),
        (
            "GET /api/v1/products?q=gio",
            vec![app.url("/api/v1/products?q=gio")],
        ),
        (
            "GET /api/v1/products/{slug}",
            urls(&|s| format!("/api/v1/products/{s}")),
        ),
        (
            "GET /api/v1/cooperatives/bao-la",
            vec![app.url("/api/v1/cooperatives/bao-la")],
        ),
        ("GET / (shop home page)", vec![app.url("/")]),
        (
            "GET /products/{slug} (shop page)",
            urls(&|s| format!("/products/{s}")),
        ),
    ];
    for (name, targets) in runs {
        // warm up the pools and caches
        hammer(name, &client, &targets, 50, CONCURRENCY).await;
        let report = hammer(name, &client, &targets, REQUESTS, CONCURRENCY).await;
        println!("{}", report.line());
    }
}
