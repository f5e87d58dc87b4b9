//! Measuring helpers for the benchmarks: fire requests at a running server
//! with a fixed concurrency and report throughput and latency percentiles;
//! and for the catalogue benchmark, a generator of a market at scale, the
//! processes it runs, load through wrk, and a recording proxy in front of
//! Meilisearch.

pub mod capture;
pub mod generator;
pub mod process;
pub mod search_mix;
pub mod wrk;

use std::time::{Duration, Instant};

use futures::StreamExt;

/// Latencies of one run.
#[derive(Debug)]
pub struct Report {
    /// What was measured.
    pub name: String,
    /// Requests sent.
    pub requests: usize,
    /// Answers that were not 2xx.
    pub failures: usize,
    /// Wall time of the whole run.
    pub elapsed: Duration,
    /// Sorted latencies.
    latencies: Vec<Duration>,
}

impl Report {
    /// The latency below which `p` percent of requests finished.
    pub fn percentile(&self, p: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((p / 100.0) * (self.latencies.len() - 1) as f64).round() as usize;
        self.latencies[rank.min(self.latencies.len() - 1)]
    }

    /// Requests a second.
    pub fn throughput(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64().max(f64::EPSILON)
    }

    /// One line for the table.
    pub fn line(&self) -> String {
        format!(
            "{:<34} {:>6} req {:>8.0} req/s  p50 {:>7.2} ms  p99 {:>7.2} ms  failures {}",
            self.name,
            self.requests,
            self.throughput(),
            self.percentile(50.0).as_secs_f64() * 1000.0,
            self.percentile(99.0).as_secs_f64() * 1000.0,
            self.failures
        )
    }
}

/// GETs each URL of `urls` (cycling) `requests` times, `concurrency` at a time.
pub async fn hammer(
    name: &str,
    client: &reqwest::Client,
    urls: &[String],
    requests: usize,
    concurrency: usize,
) -> Report {
    let started = Instant::now();
    let results: Vec<(Duration, bool)> = futures::stream::iter(0..requests)
        .map(|i| {
            let url = urls[i % urls.len()].clone();
            let client = client.clone();
            async move {
                let t = Instant::now();
                let ok = match client.get(&url).send().await {
                    Ok(response) => {
                        let ok = response.status().is_success();
                        ok && response.bytes().await.is_ok()
                    }
                    Err(_) => false,
                };
                (t.elapsed(), ok)
            }
        })
        .buffer_unordered(concurrency)
        .collect()
        .await;
    let elapsed = started.elapsed();
    let failures = results.iter().filter(|(_, ok)| !ok).count();
    let mut latencies: Vec<Duration> = results.into_iter().map(|(d, _)| d).collect();
    latencies.sort();
    Report {
        name: name.to_owned(),
        requests,
        failures,
        elapsed,
        latencies,
    }
}
