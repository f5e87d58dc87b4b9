//! The catalogue at the market's scale, through the real release binary on
//! PostgreSQL: 319 cooperatives and 10,000 generated listings, then 100,000.
//!
//! At each size: `hoptac reindex` (timed), `hoptac serve`, then wrk on
//! `/healthz` (the yardstick every figure is divided by), the product list's
//! first page and a deep page, the product JSON, the shop's category and
//! product pages (64 connections), faceted search (16 connections), and the
//! search benchmark's 1,000-query mix sent one after the other. With
//! `MEILI_BIN` set, the same shop on Meilisearch: reindex time, the mix
//! through the app, and the mix straight against Meilisearch (the very
//! requests the app sent, recorded by a proxy) for its own latency.
//!
//! Prints one table (figure at each size, target, ratio to `/healthz`,
//! growth from the small size to the large one, PASS/FAIL) and writes it to
//! `$CARGO_TARGET_DIR/bench/catalogue.json`.
//!
//! Run by `make bench` (scripts/bench builds the release binary, installs
//! wrk, starts a throwaway PostgreSQL). Knobs, all optional:
//! - `HOPTAC_BENCH_SECONDS`: seconds of each wrk run (default 10)
//! - `HOPTAC_BENCH_LISTINGS`: the two sizes (default `10000,100000`)
//! - `HOPTAC_BENCH_DEEP_PAGE`: the deep page's path, with `{after}` (the
//!   keyset cursor of the listing just before the page at the depth of page
//!   2,000 of 100,000 listings, as a page's `next` gives it) or `{page}`
//!   (that page by number) (default
//!   `/api/v1/products?per_page=24&after={after}`)
//! - `HOPTAC_BENCH_GZIP=1`: send `Accept-Encoding: gzip` as browsers do
//! - `HOPTAC_BIN`: the binary (default `$CARGO_TARGET_DIR/release/hoptac`);
//!   a debug build only checks that the harness works (`scripts/bench smoke`)
//! - `HOPTAC_BENCH_JSON`: where the report goes (default
//!   `$CARGO_TARGET_DIR/bench/catalogue.json`)
//! - `MEILI_BIN`: a Meilisearch binary, for the Meilisearch lines
//! - `HOPTAC__*`: passed on to `hoptac` (e.g. `HOPTAC__DATABASE__MAX_CONNECTIONS`)
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark fails loudly"
)]
#![expect(clippy::print_stdout, reason = "a benchmark prints its table")]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use entity::products;
use hoptac_benches::capture::Capture;
use hoptac_benches::generator::{self, Market, Rng};
use hoptac_benches::process::{Hoptac, Meilisearch};
use hoptac_benches::search_mix;
use hoptac_benches::wrk::{Load, Wrk, WrkReport};
use sea_orm::{EntityTrait, QueryOrder, QuerySelect};
use serde_json::{Value, json};

/// Queries of the mix measured, after the warm-up.
const MIX: usize = 1_000;
/// Queries of the mix sent first to warm up.
const MIX_WARM_UP: usize = 200;
/// Products whose pages are loaded.
const PRODUCT_SAMPLE: usize = 2_000;
/// Growth from the small to the large size that still passes.
const GROWTH_LIMIT: f64 = 0.20;
/// The deep page at 100,000 listings.
const DEEP_PAGE_AT_100K: usize = 2_000;
/// Items a page.
const PER_PAGE: usize = 24;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    if let Err(e) = runtime.block_on(run()) {
        eprintln!("catalogue benchmark failed: {e}");
        std::process::exit(1);
    }
}

struct Config {
    sizes: [usize; 2],
    seconds: u64,
    gzip: bool,
    deep_page: String,
    hoptac_bin: PathBuf,
    meili_bin: Option<PathBuf>,
    json: PathBuf,
    config_dir: PathBuf,
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"))
}

impl Config {
    fn from_env() -> Result<Self, String> {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        let seconds = match var("HOPTAC_BENCH_SECONDS") {
            Some(s) => s
                .trim()
                .parse()
                .map_err(|_| format!("HOPTAC_BENCH_SECONDS={s}: not a whole number"))?,
            None => 10,
        };
        let sizes = match var("HOPTAC_BENCH_LISTINGS") {
            Some(s) => {
                let sizes: Vec<usize> = s
                    .split(',')
                    .map(|n| n.trim().replace('_', "").parse())
                    .collect::<Result<_, _>>()
                    .map_err(|_| {
                        format!("HOPTAC_BENCH_LISTINGS={s}: expected two sizes, like 10000,100000")
                    })?;
                match sizes.as_slice() {
                    [small, large] if 0 < *small && small < large => [*small, *large],
                    _ => {
                        return Err(format!(
                            "HOPTAC_BENCH_LISTINGS={s}: expected a small and a larger size"
                        ));
                    }
                }
            }
            None => [10_000, 100_000],
        };
        let target_dir = target_dir();
        Ok(Self {
            sizes,
            seconds,
            gzip: var("HOPTAC_BENCH_GZIP").is_some_and(|v| v == "1" || v == "true"),
            deep_page: var("HOPTAC_BENCH_DEEP_PAGE")
                .unwrap_or_else(|| format!("/api/v1/products?per_page={PER_PAGE}&after={{after}}")),
            hoptac_bin: var("HOPTAC_BIN")
                .map(PathBuf::from)
                .unwrap_or_else(|| target_dir.join("release").join("hoptac")),
            meili_bin: var("MEILI_BIN").map(PathBuf::from),
            config_dir: Path::new(env!("CARGO_MANIFEST_DIR")).join("../config"),
            json: var("HOPTAC_BENCH_JSON")
                .map(PathBuf::from)
                .unwrap_or_else(|| target_dir.join("bench").join("catalogue.json")),
        })
    }

    fn load(&self, connections: usize) -> Load {
        Load {
            connections,
            threads: 2,
            duration: Duration::from_secs(self.seconds),
            headers: if self.gzip {
                vec!["Accept-Encoding: gzip".to_owned()]
            } else {
                Vec::new()
            },
        }
    }

    fn warm_up(&self, connections: usize) -> Load {
        Load {
            duration: Duration::from_secs((self.seconds / 5).clamp(1, 3)),
            ..self.load(connections)
        }
    }
}

/// A figure measured at one size.
#[derive(Clone, Debug, Default)]
struct Figure {
    value: Option<f64>,
    /// The same figure of `/healthz` in the same run.
    healthz: Option<f64>,
    /// Why it is not to be trusted (errors during the run).
    trouble: Option<String>,
}

/// How a line's figure relates to cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Measure {
    /// Requests a second: higher is better.
    Rate,
    /// Milliseconds: lower is better.
    Latency,
    /// Seconds for all listings: cost is per listing.
    Build,
    /// A ratio to another system: lower is better, no growth.
    Ratio,
    /// Shown, not judged.
    Info,
}

struct Line {
    name: String,
    unit: &'static str,
    measure: Measure,
    target: Option<f64>,
    figures: [Figure; 2],
    skipped: Option<String>,
}

impl Line {
    fn new(name: &str, unit: &'static str, measure: Measure, target: Option<f64>) -> Self {
        Self {
            name: name.to_owned(),
            unit,
            measure,
            target,
            figures: [Figure::default(), Figure::default()],
            skipped: None,
        }
    }

    /// How much more a unit of work costs at the large size than at the
    /// small one (+0.10: 10 % more).
    fn growth(&self, sizes: [usize; 2]) -> Option<f64> {
        let (a, b) = (self.figures[0].value?, self.figures[1].value?);
        if a <= 0.0 || b <= 0.0 {
            return None;
        }
        match self.measure {
            Measure::Rate => Some(a / b - 1.0),
            Measure::Latency => Some(b / a - 1.0),
            Measure::Build => Some((b / sizes[1] as f64) / (a / sizes[0] as f64) - 1.0),
            Measure::Ratio | Measure::Info => None,
        }
    }

    fn ratio(&self, i: usize) -> Option<f64> {
        let f = &self.figures[i];
        Some(f.value? / f.healthz.filter(|h| *h > 0.0)?)
    }

    fn meets_target(&self) -> Option<bool> {
        let target = self.target?;
        let value = self.figures[1].value?;
        Some(match self.measure {
            Measure::Rate => value >= target,
            _ => value <= target,
        })
    }

    fn verdict(&self, sizes: [usize; 2]) -> String {
        if let Some(why) = &self.skipped {
            return format!("skipped ({why})");
        }
        if self.target.is_none() {
            return "info".into();
        }
        if self.figures[1].value.is_none() {
            return "FAIL (no figure)".into();
        }
        if self.figures.iter().any(|f| f.trouble.is_some()) {
            return "FAIL (errors)".into();
        }
        let target_ok = self.meets_target().unwrap_or(false);
        let growth_ok = match self.measure {
            Measure::Ratio | Measure::Info => true,
            _ => self.growth(sizes).is_none_or(|g| g <= GROWTH_LIMIT),
        };
        match (target_ok, growth_ok) {
            (true, true) => "PASS".into(),
            (false, true) => "FAIL (target)".into(),
            (true, false) => "FAIL (growth)".into(),
            (false, false) => "FAIL (target, growth)".into(),
        }
    }

    fn format(&self, value: Option<f64>) -> String {
        match value {
            None => "–".into(),
            Some(v) => match self.unit {
                "req/s" | "MiB" => format!("{v:.0}"),
                "ms" => format!("{v:.2}"),
                "s" => format!("{v:.1}"),
                _ => format!("{v:.2}"),
            },
        }
    }

    fn target_text(&self) -> String {
        match (self.target, self.measure) {
            (None, _) => "–".into(),
            (Some(t), Measure::Rate) => format!("≥ {t:.0} {}", self.unit),
            (Some(t), Measure::Ratio) => format!("≤ {t:.1}×"),
            (Some(t), _) => format!("≤ {t:.0} {}", self.unit),
        }
    }
}

/// The table being filled in.
#[derive(Default)]
struct Table {
    lines: Vec<Line>,
    details: Vec<Value>,
    notes: Vec<String>,
}

impl Table {
    fn line(&mut self, name: &str, unit: &'static str, measure: Measure, target: Option<f64>) {
        if !self.lines.iter().any(|l| l.name == name) {
            self.lines.push(Line::new(name, unit, measure, target));
        }
    }

    fn set(&mut self, name: &str, size: usize, figure: Figure) {
        let line = self
            .lines
            .iter_mut()
            .find(|l| l.name == name)
            .unwrap_or_else(|| panic!("no line {name}"));
        line.figures[size] = figure;
    }

    fn skip(&mut self, name: &str, why: &str) {
        if let Some(line) = self.lines.iter_mut().find(|l| l.name == name) {
            line.skipped = Some(why.to_owned());
        }
    }
}

fn kib_to_mib(kib: Option<u64>) -> Option<f64> {
    kib.map(|k| k as f64 / 1024.0)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1].as_secs_f64() * 1_000.0
}

/// p50 and p99 of sequential latencies, in milliseconds.
fn p50_p99(mut samples: Vec<Duration>) -> (f64, f64) {
    samples.sort();
    (percentile(&samples, 50.0), percentile(&samples, 99.0))
}

/// GETs each path once, one after the other; the latencies and how many
/// answers were not 200.
async fn sequential(
    client: &reqwest::Client,
    base: &str,
    paths: &[String],
) -> (Vec<Duration>, usize, Vec<Value>) {
    let mut latencies = Vec::with_capacity(paths.len());
    let mut failures = 0;
    let mut bodies = Vec::new();
    for path in paths {
        let started = Instant::now();
        let ok = match client.get(format!("{base}{path}")).send().await {
            Ok(response) if response.status().is_success() => match response.bytes().await {
                Ok(bytes) => {
                    if bodies.len() < 3 {
                        bodies.push(serde_json::from_slice(&bytes).unwrap_or(Value::Null));
                    }
                    true
                }
                Err(_) => false,
            },
            _ => false,
        };
        latencies.push(started.elapsed());
        if !ok {
            failures += 1;
        }
    }
    (latencies, failures, bodies)
}

/// Everything measured on one running shop at one size.
struct Shop<'a> {
    config: &'a Config,
    wrk: &'a mut Wrk,
    table: &'a mut Table,
    size: usize,
    listings: usize,
    base: String,
    client: reqwest::Client,
}

impl Shop<'_> {
    /// wrk on `paths`; the report, printed and kept among the details.
    /// The read cache's hits and misses so far (from `/metrics`).
    async fn cache_counts(&self) -> (u64, u64) {
        let text = match self
            .client
            .get(format!("{}/metrics", self.base))
            .send()
            .await
        {
            Ok(response) => response.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        let count = |outcome: &str| {
            text.lines()
                .find(|l| {
                    l.starts_with(&format!("hoptac_read_cache_total{{outcome=\"{outcome}\"}}"))
                })
                .and_then(|l| l.rsplit(' ').next())
                .and_then(|n| n.parse::<f64>().ok())
                .unwrap_or(0.0) as u64
        };
        (count("hit"), count("miss"))
    }

    /// GETs every path once, one after the other, with the headers wrk
    /// sends, so that the measured run finds the read cache as a shop
    /// serving these pages all day would: each page read once already.
    async fn visit_each(&self, paths: &[String]) {
        for path in paths {
            let mut request = self.client.get(format!("{}{path}", self.base));
            if self.config.gzip {
                request = request.header("accept-encoding", "gzip");
            }
            if let Ok(response) = request.send().await {
                let _ = response.bytes().await;
            }
        }
    }

    async fn wrk(&mut self, what: &str, paths: &[String], connections: usize) -> WrkReport {
        self.visit_each(paths).await;
        let warm = self.config.warm_up(connections);
        let _ = self.wrk.run(&self.base, paths, &warm).await;
        let load = self.config.load(connections);
        let cache_before = self.cache_counts().await;
        let report = match self.wrk.run(&self.base, paths, &load).await {
            Ok(report) => report,
            Err(e) => {
                println!("  {what}: wrk failed: {e}");
                WrkReport::default()
            }
        };
        let cache_after = self.cache_counts().await;
        let misses = cache_after.1.saturating_sub(cache_before.1);
        let hits = cache_after.0.saturating_sub(cache_before.0);
        println!(
            "  {what:<44} {:>9.0} req/s  p50 {:>7.2} ms  p99 {:>7.2} ms  {} requests, read cache {hits} hits {misses} misses{}",
            report.requests_per_sec,
            report.p50_ms,
            report.p99_ms,
            report.requests,
            if report.clean() {
                String::new()
            } else {
                format!(
                    "  ({} not 2xx, {} socket errors)",
                    report.non_2xx, report.socket_errors
                )
            }
        );
        self.table.details.push(json!({
            "listings": self.listings,
            "what": what,
            "connections": connections,
            "seconds": self.config.seconds,
            "requests_per_sec": report.requests_per_sec,
            "p50_ms": report.p50_ms,
            "p90_ms": report.p90_ms,
            "p99_ms": report.p99_ms,
            "requests": report.requests,
            "non_2xx": report.non_2xx,
            "socket_errors": report.socket_errors,
        }));
        report
    }

    /// Records a wrk run as two lines (rate and p99) against `/healthz`'s.
    fn record(&mut self, name: &str, report: &WrkReport, healthz: &WrkReport) {
        let trouble = if report.requests == 0 {
            Some(format!(
                "no request answered within the {} s run",
                self.config.seconds
            ))
        } else {
            (!report.clean()).then(|| {
                format!(
                    "{} not 2xx, {} socket errors of {}",
                    report.non_2xx, report.socket_errors, report.requests
                )
            })
        };
        let ok = report.requests > 0;
        self.table.set(
            &format!("{name} req/s"),
            self.size,
            Figure {
                value: ok.then_some(report.requests_per_sec),
                healthz: Some(healthz.requests_per_sec),
                trouble: trouble.clone(),
            },
        );
        self.table.set(
            &format!("{name} p99"),
            self.size,
            Figure {
                value: ok.then_some(report.p99_ms),
                healthz: Some(healthz.p99_ms),
                trouble,
            },
        );
    }

    /// GETs the first few paths of each run once before any load, so that
    /// a route that does not answer 2xx is named with its answer (wrk only
    /// counts such answers); each problem is printed and kept as a note.
    async fn probe(&mut self, runs: &[(&str, &[String])]) {
        for (what, paths) in runs {
            for path in paths.iter().take(3) {
                let problem = match self.client.get(format!("{}{path}", self.base)).send().await {
                    Ok(response) if response.status().is_success() => {
                        match response.bytes().await {
                            Ok(_) => None,
                            Err(e) => Some(format!("broke off: {e}")),
                        }
                    }
                    Ok(response) => {
                        let status = response.status();
                        let body = response.text().await.unwrap_or_default();
                        Some(format!(
                            "answered {status}: {}",
                            body.chars().take(300).collect::<String>()
                        ))
                    }
                    Err(e) => Some(format!("failed: {e}")),
                };
                if let Some(problem) = problem {
                    let note = format!("{what}, {} listings: GET {path} {problem}", self.listings);
                    println!("  {note}");
                    self.table.notes.push(note);
                }
            }
        }
    }

    /// `/healthz` one request after the other: p50 and p99.
    async fn sequential_healthz(&mut self) -> (f64, f64) {
        let paths = vec!["/healthz".to_owned(); MIX];
        let _ = sequential(&self.client, &self.base, &paths[..MIX_WARM_UP]).await;
        let (latencies, _, _) = sequential(&self.client, &self.base, &paths).await;
        p50_p99(latencies)
    }

    /// The search mix one query after the other: p50, p99 and failures.
    async fn search_mix(&mut self) -> (f64, f64, usize) {
        run_mix(&self.client, &self.base).await
    }

    /// The shop shows what was generated: every listing in the list and in
    /// the search index.
    async fn check_counts(&self) -> Result<(), String> {
        for (path, what) in [
            ("/api/v1/products?per_page=1", "the product list"),
            ("/api/v1/search?facets=false&per_page=1", "search"),
        ] {
            let body: Value = self
                .client
                .get(format!("{}{path}", self.base))
                .send()
                .await
                .map_err(|e| format!("{path}: {e}"))?
                .json()
                .await
                .map_err(|e| format!("{path}: {e}"))?;
            let total = body["total"].as_u64().unwrap_or(0) as usize;
            if total != self.listings {
                return Err(format!(
                    "{what} holds {total} listings, expected {}: {body}",
                    self.listings
                ));
            }
        }
        Ok(())
    }
}

/// The paths of the search mix's warm-up and of the mix itself.
fn mix_paths() -> (Vec<String>, Vec<String>) {
    let paths = |seed, n| {
        search_mix::queries(seed, n)
            .into_iter()
            .map(|(_, p)| p)
            .collect()
    };
    (paths(0x00C0_FFEE, MIX_WARM_UP), paths(0xBEEF, MIX))
}

/// The search mix one query after the other against `base`, after its
/// warm-up: p50, p99 and failures.
async fn run_mix(client: &reqwest::Client, base: &str) -> (f64, f64, usize) {
    let (warm, mix) = mix_paths();
    let _ = sequential(client, base, &warm).await;
    let (latencies, failures, _) = sequential(client, base, &mix).await;
    let (p50, p99) = p50_p99(latencies);
    (p50, p99, failures)
}

/// Paths of one size's runs.
struct Paths {
    first_page: Vec<String>,
    deep_page: Vec<String>,
    product_json: Vec<String>,
    category_pages: Vec<String>,
    product_pages: Vec<String>,
    search: Vec<String>,
}

async fn paths(
    db: &sea_orm::DatabaseConnection,
    market: &Market,
    config: &Config,
    listings: usize,
    notes: &mut Vec<String>,
) -> Result<Paths, String> {
    let slugs: Vec<String> = products::Entity::find()
        .select_only()
        .column(products::Column::Slug)
        .order_by_asc(products::Column::Id)
        .into_tuple::<String>()
        .all(db)
        .await
        .map_err(|e| format!("read slugs: {e}"))?;
    let mut rng = Rng::new(0x51_0C5 + listings as u64);
    let sample: Vec<&String> = (0..PRODUCT_SAMPLE.min(slugs.len()))
        .map(|_| rng.pick(&slugs))
        .collect();
    let page = ((DEEP_PAGE_AT_100K * listings) as f64 / 100_000.0)
        .round()
        .max(1.0) as usize;
    let mut deep = config.deep_page.replace("{page}", &page.to_string());
    if deep.contains("{after}") {
        // the listing just before the deep page, in the list's order
        let before: Option<(uuid::Uuid, Option<chrono::DateTime<chrono::Utc>>)> =
            products::Entity::find()
                .select_only()
                .column(products::Column::Id)
                .column(products::Column::PublishedAt)
                .order_by_desc(products::Column::PublishedAt)
                .order_by_desc(products::Column::Id)
                .offset(((page - 1) * PER_PAGE).saturating_sub(1) as u64)
                .limit(1)
                .into_tuple()
                .one(db)
                .await
                .map_err(|e| format!("read the deep page's cursor: {e}"))?;
        let (id, at) = before.ok_or("no listing before the deep page")?;
        let at = at.ok_or("the listing before the deep page is not published")?;
        let cursor = catalog::ListCursor {
            published_at: at,
            id,
        };
        deep = deep.replace("{after}", &cursor.to_string());
    }
    notes.push(format!("deep page at {listings} listings: {deep}"));
    Ok(Paths {
        first_page: vec![format!("/api/v1/products?per_page={PER_PAGE}")],
        deep_page: vec![deep],
        product_json: sample
            .iter()
            .map(|s| format!("/api/v1/products/{s}"))
            .collect(),
        category_pages: market
            .category_slugs()
            .iter()
            .map(|s| format!("/categories/{s}"))
            .collect(),
        product_pages: sample.iter().map(|s| format!("/products/{s}")).collect(),
        search: search_mix::faceted_paths(),
    })
}

const HEALTHZ: &str = "GET /healthz (64 conn)";
const HEALTHZ_16: &str = "GET /healthz (16 conn)";
const FIRST_PAGE: &str = "GET /api/v1/products?per_page=24";
const DEEP_PAGE: &str = "GET /api/v1/products deep page";
const PRODUCT_JSON: &str = "GET /api/v1/products/{slug}";
const CATEGORY_PAGE: &str = "GET /categories/{slug} (HTML)";
const PRODUCT_PAGE: &str = "GET /products/{slug} (HTML)";
const SEARCH: &str = "GET /api/v1/search facets (16 conn)";
const MIX_P50: &str = "search mix, Tantivy, sequential p50";
const MIX_P99: &str = "search mix, Tantivy, sequential p99";
const MIX_COLD_P50: &str = "search mix, Tantivy, no read cache p50";
const MIX_COLD_P99: &str = "search mix, Tantivy, no read cache p99";
const REINDEX: &str = "hoptac reindex, Tantivy";
const RSS: &str = "RSS of hoptac serve (Tantivy), end";
const MEILI_REINDEX: &str = "hoptac reindex, Meilisearch";
const MEILI_MIX_P50: &str = "search mix via app on Meili p50";
const MEILI_MIX_P99: &str = "search mix via app on Meili p99";
const MEILI_OWN_P99: &str = "Meilisearch alone, same mix p99";
const MEILI_RATIO: &str = "app on Meili p99 ÷ Meilisearch p99";
const MEILI_SERVE_RSS: &str = "RSS of hoptac serve (Meili), end";
const MEILI_RSS: &str = "RSS of meilisearch, end";

fn define_lines(table: &mut Table) {
    table.line(&format!("{HEALTHZ} req/s"), "req/s", Measure::Info, None);
    table.line(&format!("{HEALTHZ} p99"), "ms", Measure::Info, None);
    for name in [FIRST_PAGE, DEEP_PAGE, PRODUCT_JSON] {
        table.line(
            &format!("{name} req/s"),
            "req/s",
            Measure::Rate,
            Some(10_000.0),
        );
        table.line(&format!("{name} p99"), "ms", Measure::Latency, Some(15.0));
    }
    for name in [CATEGORY_PAGE, PRODUCT_PAGE] {
        table.line(
            &format!("{name} req/s"),
            "req/s",
            Measure::Rate,
            Some(4_000.0),
        );
        table.line(&format!("{name} p99"), "ms", Measure::Latency, Some(25.0));
    }
    table.line(&format!("{HEALTHZ_16} req/s"), "req/s", Measure::Info, None);
    table.line(&format!("{HEALTHZ_16} p99"), "ms", Measure::Info, None);
    table.line(
        &format!("{SEARCH} req/s"),
        "req/s",
        Measure::Rate,
        Some(3_000.0),
    );
    table.line(&format!("{SEARCH} p99"), "ms", Measure::Latency, Some(20.0));
    table.line(MIX_P50, "ms", Measure::Info, None);
    table.line(MIX_P99, "ms", Measure::Latency, Some(15.0));
    table.line(MIX_COLD_P50, "ms", Measure::Info, None);
    table.line(MIX_COLD_P99, "ms", Measure::Latency, Some(15.0));
    table.line(REINDEX, "s", Measure::Build, Some(20.0));
    table.line(RSS, "MiB", Measure::Info, None);
    table.line(MEILI_REINDEX, "s", Measure::Build, Some(20.0));
    table.line(MEILI_MIX_P50, "ms", Measure::Info, None);
    table.line(MEILI_MIX_P99, "ms", Measure::Info, None);
    table.line(MEILI_OWN_P99, "ms", Measure::Info, None);
    table.line(MEILI_RATIO, "×", Measure::Ratio, Some(2.0));
    table.line(MEILI_SERVE_RSS, "MiB", Measure::Info, None);
    table.line(MEILI_RSS, "MiB", Measure::Info, None);
}

/// Gives the database's planner the statistics of what was just written,
/// as autovacuum does within a minute of a large import: measured without
/// them, PostgreSQL would plan for empty tables.
async fn analyze(db: &sea_orm::DatabaseConnection) -> Result<(), String> {
    use sea_orm::ConnectionTrait as _;
    db.execute_unprepared("ANALYZE")
        .await
        .map(|_| ())
        .map_err(|e| format!("ANALYZE: {e}"))
}

/// `hoptac reindex`, timed from start to exit.
async fn reindex(hoptac: &Hoptac) -> Result<(f64, String), String> {
    let started = Instant::now();
    let output = hoptac.run(&["reindex"]).await?;
    let seconds = started.elapsed().as_secs_f64();
    let said = output
        .lines()
        .find(|l| l.starts_with("indexed "))
        .unwrap_or_default()
        .to_owned();
    if said.is_empty() {
        return Err(format!(
            "hoptac reindex did not rebuild the index:\n{output}"
        ));
    }
    Ok((seconds, said))
}

/// The Tantivy shop at one size: reindex, serve, measure, stop.
async fn measure_tantivy(
    config: &Config,
    wrk: &mut Wrk,
    table: &mut Table,
    hoptac: &Hoptac,
    paths: &Paths,
    size: usize,
    listings: usize,
) -> Result<(), String> {
    let (seconds, said) = reindex(hoptac).await?;
    println!("  hoptac reindex: {seconds:.1} s ({said})");
    table.set(
        REINDEX,
        size,
        Figure {
            value: Some(seconds),
            ..Figure::default()
        },
    );
    let mut serving = hoptac.serve().await?;
    let mut shop = Shop {
        config,
        wrk,
        table,
        size,
        listings,
        base: hoptac.base(),
        client: reqwest::Client::new(),
    };
    shop.check_counts().await?;
    let mix_sample: Vec<String> = search_mix::queries(0xBEEF, 3)
        .into_iter()
        .map(|(_, p)| p)
        .collect();
    shop.probe(&[
        (FIRST_PAGE, &paths.first_page),
        (DEEP_PAGE, &paths.deep_page),
        (PRODUCT_JSON, &paths.product_json),
        (CATEGORY_PAGE, &paths.category_pages),
        (PRODUCT_PAGE, &paths.product_pages),
        (SEARCH, &paths.search),
        (MIX_P99, &mix_sample),
    ])
    .await;

    let healthz = shop.wrk(HEALTHZ, &["/healthz".to_owned()], 64).await;
    shop.table.set(
        &format!("{HEALTHZ} req/s"),
        size,
        Figure {
            value: Some(healthz.requests_per_sec),
            healthz: Some(healthz.requests_per_sec),
            trouble: None,
        },
    );
    shop.table.set(
        &format!("{HEALTHZ} p99"),
        size,
        Figure {
            value: Some(healthz.p99_ms),
            healthz: Some(healthz.p99_ms),
            trouble: None,
        },
    );
    for (name, list) in [
        (FIRST_PAGE, &paths.first_page),
        (DEEP_PAGE, &paths.deep_page),
        (PRODUCT_JSON, &paths.product_json),
        (CATEGORY_PAGE, &paths.category_pages),
        (PRODUCT_PAGE, &paths.product_pages),
    ] {
        let report = shop.wrk(name, list, 64).await;
        shop.record(name, &report, &healthz);
    }
    let healthz_16 = shop.wrk(HEALTHZ_16, &["/healthz".to_owned()], 16).await;
    for (suffix, value) in [
        ("req/s", healthz_16.requests_per_sec),
        ("p99", healthz_16.p99_ms),
    ] {
        shop.table.set(
            &format!("{HEALTHZ_16} {suffix}"),
            size,
            Figure {
                value: Some(value),
                healthz: Some(value),
                trouble: None,
            },
        );
    }
    let report = shop.wrk(SEARCH, &paths.search, 16).await;
    shop.record(SEARCH, &report, &healthz_16);

    let (h50, h99) = shop.sequential_healthz().await;
    let (p50, p99, failures) = shop.search_mix().await;
    println!(
        "  search mix, sequential, {MIX} queries: p50 {p50:.2} ms  p99 {p99:.2} ms  ({failures} failed; /healthz p50 {h50:.2} ms p99 {h99:.2} ms)"
    );
    let trouble = (failures > 0).then(|| format!("{failures} of {MIX} queries failed"));
    shop.table.set(
        MIX_P50,
        size,
        Figure {
            value: Some(p50),
            healthz: Some(h50),
            trouble: trouble.clone(),
        },
    );
    shop.table.set(
        MIX_P99,
        size,
        Figure {
            value: Some(p99),
            healthz: Some(h99),
            trouble,
        },
    );
    let rss = kib_to_mib(serving.rss_kib());
    println!("  RSS of hoptac serve: {:.0} MiB", rss.unwrap_or(0.0));
    shop.table.set(
        RSS,
        size,
        Figure {
            value: rss,
            ..Figure::default()
        },
    );
    serving.stop();

    // the same mix answered from the index and the database every time
    let uncached = hoptac.clone().without_read_cache();
    let mut serving = uncached.serve().await?;
    let client = reqwest::Client::new();
    let (p50, p99, failures) = run_mix(&client, &uncached.base()).await;
    serving.stop();
    println!(
        "  search mix without the read cache: p50 {p50:.2} ms  p99 {p99:.2} ms  ({failures} failed)"
    );
    let trouble = (failures > 0).then(|| format!("{failures} of {MIX} queries failed"));
    for (line, value, yardstick) in [(MIX_COLD_P50, p50, h50), (MIX_COLD_P99, p99, h99)] {
        table.set(
            line,
            size,
            Figure {
                value: Some(value),
                healthz: Some(yardstick),
                trouble: trouble.clone(),
            },
        );
    }
    Ok(())
}

/// One query of the mix: the app's answer time and the Meilisearch
/// requests it made.
struct Traced {
    app: Duration,
    ok: bool,
    requests: Vec<hoptac_benches::capture::Captured>,
}

/// The Meilisearch shop at one size: reindex, the mix through the app
/// (once through the recording proxy, once straight), the recorded
/// requests replayed against Meilisearch alone.
async fn measure_meilisearch(
    table: &mut Table,
    hoptac: &Hoptac,
    meili: &Meilisearch,
    size: usize,
) -> Result<(), String> {
    // without the read cache, so that every query of the mix (it repeats
    // everyday searches) goes to Meilisearch and the two are compared
    let direct = hoptac
        .clone()
        .without_read_cache()
        .on_meilisearch(&meili.url, &meili.key);
    let (seconds, said) = reindex(&direct).await?;
    println!("  hoptac reindex on Meilisearch: {seconds:.1} s ({said})");
    table.set(
        MEILI_REINDEX,
        size,
        Figure {
            value: Some(seconds),
            ..Figure::default()
        },
    );
    let (warm, mix) = mix_paths();
    let client = reqwest::Client::new();

    // 1. through the proxy: which requests the app sends for each query
    let upstream = format!("127.0.0.1:{}", meili.port)
        .parse()
        .map_err(|e| format!("{e}"))?;
    let capture = Capture::start(upstream)
        .await
        .map_err(|e| format!("recording proxy: {e}"))?;
    let proxied_data = hoptac.data.with_file_name(format!(
        "{}-meili-proxied",
        hoptac
            .data
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("shop")
    ));
    let proxied = hoptac
        .clone()
        .without_read_cache()
        .elsewhere(&proxied_data)?
        .on_meilisearch(&capture.url(), &meili.key);
    let mut serving = proxied.serve().await?;
    let base = proxied.base();
    let mut traced: Vec<Traced> = Vec::with_capacity(MIX_WARM_UP + MIX);
    for path in warm.iter().chain(&mix) {
        let before = capture.len();
        let started = Instant::now();
        let ok = match client.get(format!("{base}{path}")).send().await {
            Ok(r) => r.status().is_success() && r.bytes().await.is_ok(),
            Err(_) => false,
        };
        let app = started.elapsed();
        let requests: Vec<_> = capture
            .since(before)
            .into_iter()
            .filter(|r| r.method == "POST" && r.path.contains("/search"))
            .collect();
        traced.push(Traced { app, ok, requests });
    }
    serving.stop();
    drop(capture);
    let untraced = traced.iter().filter(|t| t.requests.is_empty()).count();
    if untraced > 0 {
        return Err(format!(
            "{untraced} queries of the mix sent no search to Meilisearch through the proxy"
        ));
    }

    // 2. straight: the app's own latency on Meilisearch
    let direct_data = hoptac.data.with_file_name(format!(
        "{}-meili",
        hoptac
            .data
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("shop")
    ));
    let direct = direct.elsewhere(&direct_data)?;
    let mut serving = direct.serve().await?;
    let base = direct.base();
    let health = vec!["/healthz".to_owned(); MIX];
    let _ = sequential(&client, &base, &health[..MIX_WARM_UP]).await;
    let (health_latencies, _, _) = sequential(&client, &base, &health).await;
    let (h50, h99) = p50_p99(health_latencies);
    let _ = sequential(&client, &base, &warm).await;
    let (latencies, failures, _) = sequential(&client, &base, &mix).await;
    let (p50, p99) = p50_p99(latencies);
    let serve_rss = kib_to_mib(serving.rss_kib());
    serving.stop();

    // 3. Meilisearch alone: the same requests, each query's in turn
    let mut own = Vec::with_capacity(MIX);
    for (i, t) in traced.iter().enumerate() {
        let mut spent = Duration::ZERO;
        for request in &t.requests {
            let mut builder = client
                .post(format!("{}{}", meili.url, request.path))
                .body(request.body.clone());
            for name in ["authorization", "content-type"] {
                if let Some(value) = request.header(name) {
                    builder = builder.header(name, value);
                }
            }
            let started = Instant::now();
            let response = builder
                .send()
                .await
                .map_err(|e| format!("Meilisearch: {e}"))?;
            let status = response.status();
            let _ = response.bytes().await;
            spent += started.elapsed();
            if !status.is_success() {
                return Err(format!(
                    "Meilisearch answered a replayed search with {status}: {}",
                    String::from_utf8_lossy(&request.body)
                ));
            }
        }
        if i >= MIX_WARM_UP {
            own.push(spent);
        }
    }
    let (own50, own99) = p50_p99(own);
    let proxied_failures = traced.iter().filter(|t| !t.ok).count();
    let searches: usize = traced.iter().map(|t| t.requests.len()).sum();
    println!(
        "  search mix on Meilisearch: app p50 {p50:.2} ms p99 {p99:.2} ms ({failures} failed); \
         Meilisearch alone p50 {own50:.2} ms p99 {own99:.2} ms ({searches} searches for {} queries); \
         app via proxy p99 {:.2} ms ({proxied_failures} failed)",
        MIX_WARM_UP + MIX,
        p50_p99(traced[MIX_WARM_UP..].iter().map(|t| t.app).collect()).1,
    );
    let trouble = (failures > 0).then(|| format!("{failures} of {MIX} queries failed"));
    table.set(
        MEILI_MIX_P50,
        size,
        Figure {
            value: Some(p50),
            healthz: Some(h50),
            trouble: trouble.clone(),
        },
    );
    table.set(
        MEILI_MIX_P99,
        size,
        Figure {
            value: Some(p99),
            healthz: Some(h99),
            trouble: trouble.clone(),
        },
    );
    table.set(
        MEILI_OWN_P99,
        size,
        Figure {
            value: Some(own99),
            ..Figure::default()
        },
    );
    table.set(
        MEILI_RATIO,
        size,
        Figure {
            value: (own99 > 0.0).then(|| p99 / own99),
            healthz: None,
            trouble,
        },
    );
    table.set(
        MEILI_SERVE_RSS,
        size,
        Figure {
            value: serve_rss,
            ..Figure::default()
        },
    );
    table.set(
        MEILI_RSS,
        size,
        Figure {
            value: kib_to_mib(meili.rss_kib()),
            ..Figure::default()
        },
    );
    Ok(())
}

fn print_table(table: &Table, config: &Config) {
    let [small, large] = config.sizes;
    let label = |n: usize| {
        if n.is_multiple_of(1_000) {
            format!("{}k", n / 1_000)
        } else {
            n.to_string()
        }
    };
    println!();
    println!(
        "{:<44} {:>10} {:>10} {:>14} {:>17} {:>8}  verdict",
        "line",
        label(small),
        label(large),
        "target",
        format!("×/healthz {}/{}", label(small), label(large)),
        "growth"
    );
    for line in &table.lines {
        let ratio = |i| line.ratio(i).map_or("–".to_owned(), |r| format!("{r:.2}"));
        let growth = match line.growth(config.sizes) {
            Some(g) => format!("{:+.0}%", g * 100.0),
            None => "–".into(),
        };
        println!(
            "{:<44} {:>10} {:>10} {:>14} {:>17} {:>8}  {}",
            line.name,
            line.format(line.figures[0].value),
            line.format(line.figures[1].value),
            line.target_text(),
            format!("{}/{}", ratio(0), ratio(1)),
            growth,
            line.verdict(config.sizes),
        );
    }
}

fn write_json(table: &Table, config: &Config, meta: Value) -> Result<PathBuf, String> {
    let lines: Vec<Value> = table
        .lines
        .iter()
        .map(|l| {
            let figure = |i: usize| {
                json!({
                    "listings": config.sizes[i],
                    "value": l.figures[i].value,
                    "healthz": l.figures[i].healthz,
                    "ratio_to_healthz": l.ratio(i),
                    "trouble": l.figures[i].trouble,
                })
            };
            json!({
                "line": l.name,
                "unit": l.unit,
                "target": l.target,
                "target_text": l.target_text(),
                "small": figure(0),
                "large": figure(1),
                "growth": l.growth(config.sizes),
                "verdict": l.verdict(config.sizes),
            })
        })
        .collect();
    let report = json!({
        "benchmark": "catalogue",
        "meta": meta,
        "growth_limit": GROWTH_LIMIT,
        "lines": lines,
        "runs": table.details,
        "notes": table.notes,
    });
    let path = &config.json;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(
        path,
        serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?,
    )
    .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path.clone())
}

async fn run() -> Result<(), String> {
    let config = Config::from_env()?;
    let backend = testkit::Backend::current();
    if backend != testkit::Backend::Postgres {
        return Err(
            "the catalogue benchmark runs on PostgreSQL: `make bench`, or \
             HOPTAC_TEST_DB=postgres scripts/with-postgres cargo bench -p hoptac-benches --bench catalogue"
                .into(),
        );
    }
    if !config.hoptac_bin.is_file() {
        return Err(format!(
            "no hoptac binary at {} (cargo build --release -p server --bin hoptac, or set HOPTAC_BIN)",
            config.hoptac_bin.display()
        ));
    }
    let work = tempfile::tempdir().map_err(|e| format!("temp dir: {e}"))?;
    let mut wrk = Wrk::new(&work.path().join("wrk"))?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let [small, large] = config.sizes;
    let load_before = load_average();
    println!(
        "catalogue benchmark: {small} then {large} listings, {} cooperatives, PostgreSQL, wrk {} s a run, {cores} cores, load average {load_before}",
        generator::COOPERATIVES,
        config.seconds
    );
    println!("hoptac: {}", config.hoptac_bin.display());
    // a debug build (`scripts/bench smoke`) only shows that the harness works
    let debug_build = config
        .hoptac_bin
        .components()
        .any(|c| c.as_os_str() == "debug");
    if debug_build {
        println!("hoptac is a debug build: the figures and verdicts below mean nothing");
    }

    let meili = match &config.meili_bin {
        Some(bin) => {
            let meili = Meilisearch::start(bin).await?;
            println!(
                "Meilisearch {} on {}",
                meili.version().await.unwrap_or_else(|| "?".into()),
                meili.url
            );
            Some(meili)
        }
        None => None,
    };

    let db = testkit::TestDb::new().await;
    let mut table = Table::default();
    define_lines(&mut table);
    if debug_build {
        table.notes.push(format!(
            "{} is a debug build: this run checks the harness, its figures and verdicts mean nothing",
            config.hoptac_bin.display()
        ));
    }
    if meili.is_none() {
        for name in [
            MEILI_REINDEX,
            MEILI_MIX_P50,
            MEILI_MIX_P99,
            MEILI_OWN_P99,
            MEILI_RATIO,
            MEILI_SERVE_RSS,
            MEILI_RSS,
        ] {
            table.skip(name, "no MEILI_BIN");
        }
        println!("MEILI_BIN is not set: the Meilisearch lines are skipped");
    }
    table.notes.push(
        "the search mix repeats everyday searches, so with the read cache (on by default) most of it is answered from memory; the lines \"no read cache\" and every Meilisearch line run a process with server.read_cache_mb = 0, so each query reaches the index and the database".to_owned(),
    );
    table.notes.push(if config.deep_page.contains("{after}") {
        format!(
            "deep page: a keyset cursor (`after`, a page's `next`) at the depth of page {DEEP_PAGE_AT_100K} of 100,000 listings"
        )
    } else {
        format!(
            "deep page: page {DEEP_PAGE_AT_100K} at 100,000 listings (the same depth at other sizes), by page number (HOPTAC_BENCH_DEEP_PAGE)"
        )
    });
    if !config.gzip {
        table
            .notes
            .push("wrk sends no Accept-Encoding: answers are not compressed (HOPTAC_BENCH_GZIP=1 to ask for gzip)".into());
    }

    let started = Instant::now();
    let market = generator::seed_market(&db.conn)
        .await
        .map_err(|e| format!("generate the cooperatives: {e}"))?;
    let mut written = generator::add_listings(&db.conn, &market, 0..small)
        .await
        .map_err(|e| format!("generate listings: {e}"))?;
    let generate_small = started.elapsed().as_secs_f64();
    println!("generated {written} in {generate_small:.1} s");
    analyze(&db.conn).await?;

    let hoptac = Hoptac::new(
        &config.hoptac_bin,
        &config.config_dir,
        &db.url,
        &work.path().join("shop"),
    )?;
    let mut generate_large = 0.0;
    let mut notes = Vec::new();
    for (size, listings) in [small, large].into_iter().enumerate() {
        if size == 1 {
            let started = Instant::now();
            let large_written = generator::add_listings(&db.conn, &market, small..large)
                .await
                .map_err(|e| format!("generate listings: {e}"))?;
            generate_large = started.elapsed().as_secs_f64();
            written += large_written;
            println!("generated {large_written} more in {generate_large:.1} s ({written} in all)");
            analyze(&db.conn).await?;
        }
        println!("\n== {listings} listings, Tantivy");
        let paths = paths(&db.conn, &market, &config, listings, &mut notes).await?;
        measure_tantivy(
            &config, &mut wrk, &mut table, &hoptac, &paths, size, listings,
        )
        .await?;
        if let Some(meili) = &meili {
            println!("\n== {listings} listings, Meilisearch");
            measure_meilisearch(&mut table, &hoptac, meili, size).await?;
        }
    }
    table.notes.extend(notes);
    let load_after = load_average();
    table.notes.push(format!(
        "load average before {load_before}, after {load_after} (other work on the machine skews every figure)"
    ));

    print_table(&table, &config);
    println!();
    println!(
        "generation: {small} listings in {generate_small:.1} s (with the cooperatives), {} more in {generate_large:.1} s; {written}",
        large - small
    );
    for note in &table.notes {
        println!("note: {note}");
    }
    let meta = json!({
        "listings": config.sizes,
        "cooperatives": generator::COOPERATIVES,
        "database": "postgresql",
        "cores": cores,
        "wrk_seconds": config.seconds,
        "gzip": config.gzip,
        "hoptac": config.hoptac_bin.display().to_string(),
        "debug_build": debug_build,
        "generate_s": {"small": generate_small, "large_added": generate_large},
        "rows": {
            "products": written.products,
            "variants": written.variants,
            "images": written.images,
            "listing_certifications": written.certifications,
        },
        "meilisearch": meili.is_some(),
        "load_average": {"before": load_before, "after": load_after},
    });
    let path = write_json(&table, &config, meta)?;
    println!("report: {}", path.display());
    drop(meili);
    Ok(())
}
