//! The ledger under any sequence of sales, refunds and payouts, against the
//! real schema (SQLite, or PostgreSQL when `HOPTAC_TEST_DB=postgres`): every
//! transaction balances to zero, each cooperative's balance is its sales −
//! commission − refunds − payouts, the whole ledger sums to zero, and an
//! event booked twice is booked once.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly; helpers outside #[test] functions too"
)]

use std::collections::HashMap;

use entity::cooperatives;
use payments::ledger::{self, Booking, commission_share};
use proptest::prelude::*;
use uuid::Uuid;

#[derive(Clone, Debug)]
enum Op {
    /// Cooperative `coop` sells for `total` with `rate` basis points of
    /// commission.
    Sale { coop: usize, total: i64, rate: i64 },
    /// The n-th sale (mod count) is refunded `part`/4 of what is left.
    Refund { sale: usize, part: i64 },
    /// Cooperative `coop` is paid `part`/4 of what it is owed.
    Payout { coop: usize, part: i64 },
    /// The n-th sale's booking is sent again.
    Replay(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..3usize, 1..5_000_000i64, 0..1_500i64)
            .prop_map(|(coop, total, rate)| Op::Sale { coop, total, rate }),
        2 => (0..32usize, 1..=4i64).prop_map(|(sale, part)| Op::Refund { sale, part }),
        2 => (0..3usize, 1..=4i64).prop_map(|(coop, part)| Op::Payout { coop, part }),
        1 => (0..32usize).prop_map(Op::Replay),
    ]
}

/// What the test expects, kept apart from the ledger.
#[derive(Default, Clone, Copy, Debug)]
struct Model {
    sales: i64,
    commission: i64,
    refunds: i64,
    payouts: i64,
}

struct Sale {
    coop: usize,
    order: Uuid,
    total: i64,
    commission: i64,
    refunded: i64,
}

async fn run(ops: Vec<Op>) {
    let db = testkit::TestDb::new().await;
    let conn = &db.conn;
    let mut coops = Vec::new();
    for i in 0..3 {
        coops.push(
            testkit::fixtures::cooperative(
                conn,
                &format!("htx-{i}"),
                cooperatives::Status::Approved,
            )
            .await,
        );
    }
    let mut model = [Model::default(); 3];
    let mut sales: Vec<Sale> = Vec::new();
    for op in ops {
        match op {
            Op::Sale { coop, total, rate } => {
                let commission = total * rate / 10_000;
                let order = Uuid::now_v7();
                let booked =
                    ledger::book(conn, &Booking::sale(coops[coop], order, total, commission))
                        .await
                        .unwrap();
                assert!(booked);
                model[coop].sales += total;
                model[coop].commission += commission;
                sales.push(Sale {
                    coop,
                    order,
                    total,
                    commission,
                    refunded: 0,
                });
            }
            Op::Refund { sale, part } => {
                let Some(count) = (!sales.is_empty()).then_some(sales.len()) else {
                    continue;
                };
                let s = &mut sales[sale % count];
                let left = s.total - s.refunded;
                let amount = if part == 4 { left } else { left * part / 4 };
                if amount < 1 {
                    continue;
                }
                let reversed = commission_share(s.commission, s.total, s.refunded, amount);
                let booked = ledger::book(
                    conn,
                    &Booking::refund(coops[s.coop], s.order, Uuid::now_v7(), amount, reversed),
                )
                .await
                .unwrap();
                assert!(booked);
                s.refunded += amount;
                model[s.coop].refunds += amount;
                model[s.coop].commission -= reversed;
            }
            Op::Payout { coop, part } => {
                let owed = ledger::balance(conn, coops[coop])
                    .await
                    .unwrap()
                    .balance_vnd;
                let amount = owed * part / 4;
                if amount < 1 {
                    continue;
                }
                assert!(
                    ledger::book(conn, &Booking::payout(coops[coop], Uuid::now_v7(), amount))
                        .await
                        .unwrap()
                );
                model[coop].payouts += amount;
            }
            Op::Replay(sale) => {
                if sales.is_empty() {
                    continue;
                }
                let s = &sales[sale % sales.len()];
                let again = ledger::book(
                    conn,
                    &Booking::sale(coops[s.coop], s.order, s.total, s.commission),
                )
                .await
                .unwrap();
                assert!(!again, "a sale booked twice is booked once");
            }
        }
    }
    let trial = ledger::trial_balance(conn).await.unwrap();
    assert!(
        trial.unbalanced.is_empty(),
        "unbalanced: {:?}",
        trial.unbalanced
    );
    assert_eq!(
        trial.market_cash_vnd,
        trial.commission_vnd + trial.owed_to_cooperatives_vnd,
        "cash held = commission earned + owed to cooperatives"
    );
    let balances: HashMap<Uuid, i64> = ledger::balances(conn).await.unwrap();
    for (i, coop) in coops.iter().enumerate() {
        let m = model[i];
        let b = ledger::balance(conn, *coop).await.unwrap();
        assert_eq!(b.sales_vnd, m.sales);
        assert_eq!(b.commission_vnd, m.commission);
        assert_eq!(b.refunds_vnd, m.refunds);
        assert_eq!(b.payouts_vnd, m.payouts);
        assert_eq!(
            b.balance_vnd,
            m.sales - m.commission - m.refunds - m.payouts,
            "balance = sales − commission − refunds − payouts"
        );
        assert_eq!(balances.get(coop).copied().unwrap_or(0), b.balance_vnd);
        assert!(b.commission_vnd >= 0);
    }
    // a sale refunded in full, in any number of parts, gives back all its commission
    for s in sales.iter().filter(|s| s.refunded == s.total) {
        let (lines, _) = ledger::statement(conn, coops[s.coop], 1, 10_000)
            .await
            .unwrap();
        let net_commission: i64 = lines
            .iter()
            .filter(|l| l.order_id == Some(s.order))
            .map(|l| l.commission_vnd)
            .sum();
        assert_eq!(net_commission, 0, "full refunds reverse all commission");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn every_transaction_balances_and_each_balance_is_sales_less_commission_refunds_and_payouts(
        ops in proptest::collection::vec(op(), 1..40),
    ) {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(run(ops));
    }
}

#[tokio::test]
async fn ledger_rows_cannot_be_changed_or_deleted() {
    let db = testkit::TestDb::new().await;
    let conn = &db.conn;
    let coop = testkit::fixtures::cooperative(conn, "htx", cooperatives::Status::Approved).await;
    ledger::book(conn, &Booking::sale(coop, Uuid::now_v7(), 100_000, 5_000))
        .await
        .unwrap();
    use sea_orm::ConnectionTrait as _;
    for sql in [
        "UPDATE ledger_entries SET amount_vnd = 0",
        "DELETE FROM ledger_entries",
        "UPDATE ledger_transactions SET memo = 'changed'",
        "DELETE FROM ledger_transactions",
    ] {
        let result = conn.execute_unprepared(sql).await;
        assert!(result.is_err(), "{sql} must be refused");
    }
    assert_eq!(
        ledger::balance(conn, coop).await.unwrap().balance_vnd,
        95_000
    );
}

#[tokio::test]
async fn an_unbalanced_booking_is_refused_and_books_nothing() {
    let db = testkit::TestDb::new().await;
    let conn = &db.conn;
    let coop = testkit::fixtures::cooperative(conn, "htx", cooperatives::Status::Approved).await;
    let mut booking = Booking::sale(coop, Uuid::now_v7(), 100_000, 5_000);
    booking.legs[0].amount_vnd += 1;
    assert!(matches!(
        ledger::book(conn, &booking).await,
        Err(payments::Error::Unbalanced(_))
    ));
    assert_eq!(
        ledger::balance(conn, coop).await.unwrap(),
        ledger::Balance::default()
    );
}
