//! The crash test: buyers check out against the real `hoptac serve` while it
//! is killed with SIGKILL again and again; every request the kills cut off
//! is retried with its own `Idempotency-Key`, and afterwards the database
//! must show no oversold stock, no lost or doubled checkout, and no key left
//! claimed by a request that died.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly; helpers outside #[test] functions too"
)]

mod common;

use std::collections::{BTreeMap, HashMap};
use std::os::unix::process::ExitStatusExt as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;

/// Buyers of each variant: the one with little stock and the one with plenty.
const BUYERS_PER_VARIANT: usize = 120;
/// Units of the scarce variant: far fewer than its buyers ask for.
const LOW_STOCK: i32 = 20;
/// Units of the plentiful variant: more than all its buyers ask for.
const PLENTY: i32 = 10_000;
/// Rounds of the load, each ended by `kill -9` of every server process.
const ROUNDS: usize = 6;
/// Attempts per checkout before the buyer gives up.
const ATTEMPTS: u32 = 100;
/// The pause before a cut-off checkout is sent again.
const PAUSE: Duration = Duration::from_millis(200);
/// Buyers' addresses end with this, so the test finds its own orders.
const DOMAIN: &str = "@crash.example.vn";

/// A guest with a cart of its own, one Idempotency-Key and one body.
struct Buyer {
    client: reqwest::Client,
    base: String,
    email: String,
    key: Uuid,
    variant: Uuid,
    quantity: i32,
    scarce: bool,
    wave: usize,
}

impl Buyer {
    fn body(&self) -> Value {
        json!({
            "contact": {"name": "Khách Thử", "email": self.email, "phone": "0912 345 678"},
            "shipping_address": {"province": "Thành phố Huế", "district": "Phú Xuân", "ward": "Đông Ba", "street": "12 Trần Hưng Đạo"},
            "payment_method": "cod"
        })
    }
}

/// What a buyer was finally answered.
#[derive(Debug)]
struct Outcome {
    /// The status, `None` when no attempt was answered.
    status: Option<u16>,
    body: Value,
    /// Attempts that got no answer or a 5xx.
    cut_off: u32,
    /// What the last attempt that was cut off got.
    last_failure: String,
}

impl Outcome {
    fn label(&self) -> String {
        match self.status {
            None => "unanswered".to_owned(),
            Some(status) => match self.body["error"]["code"].as_str() {
                Some(code) => format!("{status} {code}"),
                None => status.to_string(),
            },
        }
    }
}

/// Counters the kills are timed by.
#[derive(Default)]
struct Load {
    /// Checkout requests sent and not answered yet.
    in_flight: AtomicUsize,
    /// Per wave, buyers whose first attempt has ended (answered or not).
    first_ended: [AtomicUsize; ROUNDS],
}

/// Posts the checkout, and again with the same key and body while it gets
/// no answer (connection refused, reset or closed) or a 5xx.
async fn check_out(buyer: &Buyer, load: &Load) -> Outcome {
    let body = buyer.body();
    let mut cut_off = 0;
    let mut last_failure = String::new();
    for attempt in 0..ATTEMPTS {
        load.in_flight.fetch_add(1, Ordering::SeqCst);
        let answer = async {
            let response = buyer
                .client
                .post(format!("{}/api/v1/checkout", buyer.base))
                .header("Idempotency-Key", buyer.key.to_string())
                .json(&body)
                .send()
                .await?;
            let status = response.status().as_u16();
            // a body lost half-way is no answer either: the retry replays it
            let text = response.text().await?;
            Ok::<_, reqwest::Error>((status, serde_json::from_str(&text).unwrap_or(Value::Null)))
        }
        .await;
        load.in_flight.fetch_sub(1, Ordering::SeqCst);
        if attempt == 0 {
            load.first_ended[buyer.wave].fetch_add(1, Ordering::SeqCst);
        }
        match answer {
            Ok((status, body)) if status < 500 => {
                return Outcome {
                    status: Some(status),
                    body,
                    cut_off,
                    last_failure,
                };
            }
            Ok((status, body)) => last_failure = format!("{status}: {body}"),
            Err(e) => last_failure = e.to_string(),
        }
        cut_off += 1;
        tokio::time::sleep(PAUSE).await;
    }
    Outcome {
        status: None,
        body: Value::Null,
        cut_off,
        last_failure,
    }
}

/// 240 guests check out, half of them for a variant with 20 units and
/// half for one with plenty, while every `hoptac serve` is killed with
/// SIGKILL six times mid-load and started again; each cut-off request is
/// sent again with its own key and body until it is answered.
#[tokio::test]
async fn checkouts_survive_kill_9_of_the_server_mid_load_and_retries_with_their_keys() {
    let backend = testkit::Backend::current();
    let started = Instant::now();
    let mut shop = common::serve_with(true).await;
    let conn = entity::db::connect(&shop.database_url(), &entity::db::DbOptions::default())
        .await
        .unwrap();
    let product: Value = reqwest::get(format!(
        "{}/api/v1/products/gio-may-dan-tay-co-nap",
        shop.base()
    ))
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let variant = |i: usize| -> Uuid {
        product["variants"][i]["id"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap()
    };
    let (scarce, plentiful) = (variant(0), variant(1));
    for (id, stock) in [(scarce, LOW_STOCK), (plentiful, PLENTY)] {
        entity::product_variants::Entity::update_many()
            .col_expr(entity::product_variants::Column::Stock, Expr::value(stock))
            .col_expr(
                entity::product_variants::Column::MadeToOrder,
                Expr::value(false),
            )
            .filter(entity::product_variants::Column::Id.eq(id))
            .exec(&conn)
            .await
            .unwrap();
    }
    // on PostgreSQL a second process shares the database, and both are killed
    if backend == testkit::Backend::Postgres {
        shop.add_process().await;
    }
    let bases: Vec<String> = shop.servers.iter().map(|s| s.base.clone()).collect();

    // every buyer a guest with its own cart, e-mail and key; each wave mixes
    // buyers of both variants and quantities 1 to 3
    let buyers: Vec<Arc<Buyer>> = (0..2 * BUYERS_PER_VARIANT)
        .map(|i| {
            let scarce_one = i % 2 == 0;
            Arc::new(Buyer {
                client: reqwest::Client::builder()
                    .cookie_store(true)
                    .timeout(Duration::from_secs(60))
                    .build()
                    .unwrap(),
                base: bases[i % bases.len()].clone(),
                email: format!("khach-{i:03}{DOMAIN}"),
                key: Uuid::new_v4(),
                variant: if scarce_one { scarce } else { plentiful },
                quantity: i32::try_from(1 + (i / 2) % 3).unwrap(),
                scarce: scarce_one,
                wave: i * ROUNDS / (2 * BUYERS_PER_VARIANT),
            })
        })
        .collect();
    futures::future::join_all(buyers.iter().map(|buyer| async move {
        let added = buyer
            .client
            .post(format!("{}/api/v1/cart/items", buyer.base))
            .json(&json!({"variant_id": buyer.variant, "quantity": buyer.quantity}))
            .send()
            .await
            .unwrap();
        assert_eq!(added.status(), 200, "{} fills the cart", buyer.email);
    }))
    .await;

    // each round sends a wave of checkouts and, once a random part of it
    // has been answered, kills every server process and starts it again;
    // cut-off requests of earlier waves are still being retried meanwhile
    let load = Arc::new(Load::default());
    let mut running = Vec::new();
    let mut in_flight_at_kills = Vec::new();
    let wave_size = buyers.len() / ROUNDS;
    for round in 0..ROUNDS {
        for buyer in buyers.iter().filter(|b| b.wave == round) {
            let (buyer, load) = (Arc::clone(buyer), Arc::clone(&load));
            running.push(tokio::spawn(async move {
                let outcome = check_out(&buyer, &load).await;
                (buyer, outcome)
            }));
        }
        let answered_before_kill = fastrand::usize(1..=wave_size / 2);
        let waiting = Instant::now();
        while load.first_ended[round].load(Ordering::SeqCst) < answered_before_kill {
            assert!(
                waiting.elapsed() < Duration::from_secs(60),
                "round {round}: no progress"
            );
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        in_flight_at_kills.push(load.in_flight.load(Ordering::SeqCst));
        for server in &mut shop.servers {
            let ended = server.kill_9();
            assert_eq!(ended.signal(), Some(9), "killed by SIGKILL: {ended}");
        }
        for server in &mut shop.servers {
            server.restart().await;
        }
    }
    let mut outcomes = Vec::new();
    for task in running {
        outcomes.push(task.await.unwrap());
    }
    let took = started.elapsed();

    // what the buyers were answered
    let mut statuses: BTreeMap<String, usize> = BTreeMap::new();
    let mut cut_off = 0;
    let (mut retried_buyers, mut ordered_on_a_retry) = (0, 0);
    for (_, outcome) in &outcomes {
        *statuses.entry(outcome.label()).or_default() += 1;
        cut_off += outcome.cut_off;
        retried_buyers += usize::from(outcome.cut_off > 0);
        ordered_on_a_retry += usize::from(outcome.cut_off > 0 && outcome.status == Some(201));
    }

    // what the database shows
    let stock_of = |id: Uuid| {
        let conn = &conn;
        async move {
            entity::product_variants::Entity::find_by_id(id)
                .one(conn)
                .await
                .unwrap()
                .unwrap()
                .stock
        }
    };
    let (scarce_left, plentiful_left) = (stock_of(scarce).await, stock_of(plentiful).await);
    let checkouts = entity::checkouts::Entity::find()
        .filter(entity::checkouts::Column::Email.ends_with(DOMAIN))
        .all(&conn)
        .await
        .unwrap();
    let orders = entity::orders::Entity::find()
        .filter(entity::orders::Column::BuyerEmail.ends_with(DOMAIN))
        .all(&conn)
        .await
        .unwrap();
    let items = entity::order_items::Entity::find()
        .filter(
            entity::order_items::Column::OrderId
                .is_in(orders.iter().map(|o| o.id).collect::<Vec<_>>()),
        )
        .all(&conn)
        .await
        .unwrap();
    let unanswered_keys = entity::idempotency_keys::Entity::find()
        .filter(entity::idempotency_keys::Column::ResponseStatus.is_null())
        .all(&conn)
        .await
        .unwrap();
    let sold = |id: Uuid| -> i32 {
        items
            .iter()
            .filter(|item| item.variant_id == Some(id))
            .map(|item| item.quantity)
            .sum()
    };
    let mut checkouts_per_email: HashMap<&str, usize> = HashMap::new();
    for checkout in &checkouts {
        *checkouts_per_email.entry(&checkout.email).or_default() += 1;
    }
    let duplicates: usize = checkouts_per_email
        .values()
        .map(|n| n.saturating_sub(1))
        .sum();
    let oversold = (sold(scarce) - LOW_STOCK).max(0);

    testkit::report(&format!(
        "crash test with {} hoptac serve process(es): {} checkouts, {ROUNDS} kill -9 rounds \
         ({} requests in flight at the kills), {cut_off} requests cut off and retried with their \
         keys by {retried_buyers} buyers ({ordered_on_a_retry} answered 201 on a retry) → {} \
         orders in {:.1} s, low-stock variant {scarce_left} left, {oversold} oversold, \
         {duplicates} duplicates, statuses {statuses:?}",
        bases.len(),
        outcomes.len(),
        in_flight_at_kills.iter().sum::<usize>(),
        orders.len(),
        took.as_secs_f64(),
    ));

    let mut broken = Broken::default();
    for (round, in_flight) in in_flight_at_kills.iter().enumerate() {
        if *in_flight == 0 {
            broken.add(
                "a kill found no request in flight",
                format!("round {round}"),
            );
        }
    }
    if cut_off == 0 {
        broken.add("no request was cut off: the kills tested nothing", "");
    }
    let checkouts_by_id: HashMap<Uuid, &entity::checkouts::Model> =
        checkouts.iter().map(|c| (c.id, c)).collect();
    for (buyer, outcome) in &outcomes {
        let who = format!(
            "{} ({} × {}, key {}, cut off {} times)",
            buyer.email,
            buyer.quantity,
            if buyer.scarce { "scarce" } else { "plentiful" },
            buyer.key,
            outcome.cut_off
        );
        let made = checkouts_per_email
            .get(buyer.email.as_str())
            .copied()
            .unwrap_or(0);
        match (outcome.status, outcome.body["error"]["code"].as_str()) {
            (Some(201), _) => {
                let receipt: orders::CheckoutReceipt =
                    match serde_json::from_value(outcome.body.clone()) {
                        Ok(receipt) => receipt,
                        Err(e) => {
                            broken.add(
                                "answered 201 without a receipt",
                                format!("{who}: {e}: {}", outcome.body),
                            );
                            continue;
                        }
                    };
                match checkouts_by_id.get(&receipt.checkout_id) {
                    Some(checkout) if checkout.email == buyer.email => {}
                    Some(checkout) => broken.add(
                        "answered 201 with another buyer's checkout",
                        format!("{who}: {} of {}", receipt.checkout_id, checkout.email),
                    ),
                    None => broken.add(
                        "answered 201 with a checkout that does not exist",
                        format!("{who}: {}", receipt.checkout_id),
                    ),
                }
                let mut mine: Vec<Uuid> = orders
                    .iter()
                    .filter(|o| o.checkout_id == receipt.checkout_id)
                    .map(|o| o.id)
                    .collect();
                let mut answered: Vec<Uuid> = receipt.orders.iter().map(|o| o.id).collect();
                mine.sort();
                answered.sort();
                if mine.is_empty() || mine != answered {
                    broken.add(
                        "answered 201 with orders that are not the checkout's",
                        format!("{who}: answered {answered:?}, stored {mine:?}"),
                    );
                }
                let lines: Vec<(Option<Uuid>, i32)> = items
                    .iter()
                    .filter(|item| mine.contains(&item.order_id))
                    .map(|item| (item.variant_id, item.quantity))
                    .collect();
                if lines != [(Some(buyer.variant), buyer.quantity)] {
                    broken.add(
                        "answered 201 with orders that do not hold the cart",
                        format!("{who}: {lines:?}"),
                    );
                }
                if made != 1 {
                    broken.add(
                        "answered 201, yet not exactly one checkout made",
                        format!("{who}: {made} checkouts"),
                    );
                }
            }
            (Some(409), Some("insufficient_stock")) => {
                if !buyer.scarce {
                    broken.add("refused for stock on the variant with plenty", who.clone());
                }
                // stock only goes down in this test: what was short then is short now
                if buyer.scarce && buyer.quantity <= scarce_left {
                    broken.add(
                        "refused for stock while enough is left",
                        format!("{who}: {scarce_left} left"),
                    );
                }
                if made != 0 {
                    broken.add(
                        "refused for stock, yet a checkout made",
                        format!("{who}: {made} checkouts"),
                    );
                }
            }
            (None, _) => broken.add(
                format!("unanswered after {ATTEMPTS} attempts"),
                format!("{who}: last {}", outcome.last_failure),
            ),
            _ => {
                broken.add(
                    format!("answered {} after the retries", outcome.label()),
                    format!("{who}: {}", outcome.body),
                );
                if made != 0 {
                    broken.add(
                        "not answered 201, yet a checkout made",
                        format!("{who}: answered {}, {made} checkouts", outcome.label()),
                    );
                }
            }
        }
    }
    for (id, name, stock, left) in [
        (scarce, "scarce", LOW_STOCK, scarce_left),
        (plentiful, "plentiful", PLENTY, plentiful_left),
    ] {
        if left < 0 {
            broken.add("stock below zero", format!("the {name} variant: {left}"));
        }
        if stock - left != sold(id) {
            broken.add(
                "units taken from stock are not the units ordered",
                format!(
                    "the {name} variant: {} taken, {} ordered",
                    stock - left,
                    sold(id)
                ),
            );
        }
    }
    if duplicates > 0 {
        broken.add(
            "a buyer has more than one checkout",
            format!("{duplicates} extra checkouts"),
        );
    }
    for key in &unanswered_keys {
        broken.add(
            "an idempotency key is left claimed without an answer",
            format!("{} (scope {})", key.key, key.scope),
        );
    }
    // and the database itself refuses stock below zero
    let below_zero = entity::product_variants::Entity::update_many()
        .col_expr(entity::product_variants::Column::Stock, Expr::value(-1))
        .filter(entity::product_variants::Column::Id.eq(scarce))
        .exec(&conn)
        .await;
    if below_zero.is_ok() {
        broken.add("the database accepts stock below zero", "");
    }
    assert!(
        broken.is_empty(),
        "after {ROUNDS} rounds of kill -9 and retries with the same keys:\n{broken}"
    );
}

/// What the test found wrong: cases grouped by what went wrong.
#[derive(Default)]
struct Broken(BTreeMap<String, Vec<String>>);

impl Broken {
    fn add(&mut self, what: impl Into<String>, case: impl Into<String>) {
        self.0.entry(what.into()).or_default().push(case.into());
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Display for Broken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (what, cases) in &self.0 {
            writeln!(f, "- {what}: {} case(s), e.g.", cases.len())?;
            for case in cases.iter().take(3) {
                writeln!(f, "    {case}")?;
            }
        }
        Ok(())
    }
}
