//! The sellers' ledger at the market's scale: 319 cooperatives and 60,000
//! paid orders (180,000 ledger entries) plus refunds and payouts, booked
//! with 8 writers at once; then how long a cooperative's balance, its first
//! statement page and everybody's balances (the payouts page) take.
//!
//! `make bench` runs it on PostgreSQL (a throwaway cluster); plain
//! `cargo bench -p hoptac-benches --bench ledger` runs it on SQLite.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark fails loudly"
)]
#![expect(clippy::print_stdout, reason = "a benchmark prints its table")]

use std::time::{Duration, Instant};

use entity::cooperatives;
use futures::StreamExt;
use payments::ledger::{self, Booking};
use uuid::Uuid;

const COOPERATIVES: usize = 319;
const SALES: usize = 60_000;
const WRITERS: usize = 8;
const READS: usize = 1_000;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(run());
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

async fn run() {
    let db = testkit::TestDb::new().await;
    let conn = db.conn.clone();
    let mut coops = Vec::with_capacity(COOPERATIVES);
    for i in 0..COOPERATIVES {
        coops.push(
            testkit::fixtures::cooperative(
                &conn,
                &format!("htx-{i}"),
                cooperatives::Status::Approved,
            )
            .await,
        );
    }

    // sales, a refund for every tenth, with 8 writers at once
    let started = Instant::now();
    let booked: usize = futures::stream::iter(0..SALES)
        .map(|i| {
            let conn = conn.clone();
            let coop = coops[i % COOPERATIVES];
            async move {
                let order = Uuid::now_v7();
                let total = 50_000 + (i as i64 % 97) * 10_000;
                let commission = total * 5 / 100;
                let mut n = 0;
                if ledger::book(&conn, &Booking::sale(coop, order, total, commission))
                    .await
                    .unwrap()
                {
                    n += 1;
                }
                if i % 10 == 0 {
                    let part = total / 2;
                    let reversed = ledger::commission_share(commission, total, 0, part);
                    ledger::book(
                        &conn,
                        &Booking::refund(coop, order, Uuid::now_v7(), part, reversed),
                    )
                    .await
                    .unwrap();
                    n += 1;
                }
                n
            }
        })
        .buffer_unordered(WRITERS)
        .fold(0, |a, n| async move { a + n })
        .await;
    let booking = started.elapsed();
    // a payout of half of what each is owed
    for coop in &coops {
        let owed = ledger::balance(&conn, *coop).await.unwrap().balance_vnd;
        ledger::book(&conn, &Booking::payout(*coop, Uuid::now_v7(), owed / 2))
            .await
            .unwrap();
    }

    let mut balance = Vec::with_capacity(READS);
    let mut statement = Vec::with_capacity(READS);
    for i in 0..READS {
        let coop = coops[(i * 7) % COOPERATIVES];
        let t = Instant::now();
        ledger::balance(&conn, coop).await.unwrap();
        balance.push(t.elapsed());
        let t = Instant::now();
        ledger::statement(&conn, coop, 1, 50).await.unwrap();
        statement.push(t.elapsed());
    }
    balance.sort();
    statement.sort();
    let mut everyone = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        let all = ledger::balances(&conn).await.unwrap();
        assert_eq!(all.len(), COOPERATIVES);
        everyone.push(t.elapsed());
    }
    everyone.sort();
    let t = Instant::now();
    let trial = ledger::trial_balance(&conn).await.unwrap();
    let trial_time = t.elapsed();
    assert!(trial.unbalanced.is_empty());
    assert_eq!(
        trial.market_cash_vnd,
        trial.commission_vnd + trial.owed_to_cooperatives_vnd
    );

    println!(
        "ledger on {} — {COOPERATIVES} cooperatives, {booked} transactions booked by {WRITERS} writers in {:.1} s ({:.0}/s)",
        testkit::Backend::current().name(),
        booking.as_secs_f64(),
        booked as f64 / booking.as_secs_f64()
    );
    let rows = [
        ("a cooperative's balance", &balance, 20.0),
        ("its first statement page (50)", &statement, 20.0),
        ("everybody's balances (payouts)", &everyone, 500.0),
    ];
    for (name, times, target) in rows {
        let p99 = percentile(times, 99.0);
        println!(
            "  {name:<32} p50 {:>7.2} ms  p99 {:>7.2} ms  target p99 ≤ {target} ms: {}",
            percentile(times, 50.0),
            p99,
            if p99 <= target { "met" } else { "MISSED" }
        );
    }
    println!(
        "  trial balance over the whole ledger {:.1} ms",
        trial_time.as_secs_f64() * 1000.0
    );
}
