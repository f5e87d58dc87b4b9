//! The throttle of guesses on the backend of the test run: sign-in failures
//! slow their (account, address) pair and their address, never the owner
//! elsewhere; the reset link lets the owner in whatever the throttle says;
//! guest order look-ups that find nothing are slowed the same way; failures
//! arriving together are all counted.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly; helpers outside #[test] functions too"
)]

use std::sync::Arc;

use accounts::throttle::{SIGN_IN_ADDRESS, SIGN_IN_PAIR};
use accounts::{Accounts, AccountsConfig, Client, Error, NewAccount};
use chrono::{Duration, Utc};
use kernel::Locale;
use notify::mail::Mailer;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, IntoActiveModel, QueryOrder};
use testkit::TestDb;

const PASSWORD: &str = "mây tre đan Bao La 88";
const WRONG: &str = "not my password at all";
const ATTACKER: &str = "203.0.113.66";
const HOME: &str = "198.51.100.7";

async fn setup() -> (TestDb, Accounts) {
    eprintln!("[{}]", testkit::Backend::current().name());
    let db = TestDb::new().await;
    let mailer = Mailer::new("https://hoptac.test", "Hợp Tác <no-reply@hoptac.test>").unwrap();
    let config = AccountsConfig {
        site_url: "https://hoptac.test".into(),
        ..AccountsConfig::default()
    };
    let accounts = Accounts::new(db.conn.clone(), mailer, config);
    (db, accounts)
}

async fn register(accounts: &Accounts, email: &str) {
    accounts
        .register(NewAccount {
            email: email.into(),
            password: PASSWORD.into(),
            name: "Nguyễn Thị Lan".into(),
            locale: Locale::Vi,
        })
        .await
        .unwrap();
}

fn from(ip: &str) -> Client {
    Client {
        ip: Some(ip.into()),
        user_agent: Some("test".into()),
    }
}

/// The seconds a refusal asks to wait, or `None` for a plain wrong password.
fn wait_of(result: Result<accounts::NewSession, Error>) -> Option<u64> {
    match result {
        Err(Error::RateLimited { retry_after_secs }) => Some(retry_after_secs),
        Err(Error::InvalidCredentials) => None,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// Every wait running out at once: moves the throttle's clock back by the
/// longest wait.
async fn the_waits_run_out(db: &TestDb) {
    let back = Duration::seconds(SIGN_IN_PAIR.max_wait_secs + 1);
    for row in entity::login_throttle::Entity::find()
        .all(&db.conn)
        .await
        .unwrap()
    {
        let window_start = row.window_start - back;
        let locked_until = row.locked_until.map(|t| t - back);
        let mut row = row.into_active_model();
        row.window_start = Set(window_start);
        row.locked_until = Set(locked_until);
        row.update(&db.conn).await.unwrap();
    }
}

async fn failures_under(db: &TestDb, key: &str) -> Option<i32> {
    entity::login_throttle::Entity::find_by_id(key.to_owned())
        .one(&db.conn)
        .await
        .unwrap()
        .map(|row| row.failures)
}

/// Within 2 seconds of `expected` (the clock moves while the test runs).
fn about(wait: Option<u64>, expected: u64) -> bool {
    wait.is_some_and(|w| w <= expected && w + 2 >= expected)
}

#[tokio::test]
async fn each_failure_past_the_fifth_doubles_the_wait_of_its_address_up_to_fifteen_minutes() {
    let (db, accounts) = setup().await;
    register(&accounts, "lan@example.vn").await;
    let mut waits = Vec::new();
    for _ in 0..12 {
        waits.push(wait_of(
            accounts
                .login("lan@example.vn", WRONG, &from(ATTACKER))
                .await,
        ));
        if waits.last().unwrap().is_some() {
            // refused while it waits, without being counted
            let again = wait_of(
                accounts
                    .login("lan@example.vn", PASSWORD, &from(ATTACKER))
                    .await,
            );
            assert!(again.is_some(), "even the right password waits");
            the_waits_run_out(&db).await;
        }
    }
    assert_eq!(&waits[..5], &[None; 5], "five free failures: {waits:?}");
    for (wait, expected) in waits[5..].iter().zip([30, 60, 120, 240, 480, 900, 900]) {
        assert!(about(*wait, expected), "{waits:?}");
    }
    assert_eq!(
        failures_under(&db, &format!("signin:lan@example.vn|{ATTACKER}")).await,
        Some(12),
        "refused tries are not counted"
    );
}

#[tokio::test]
async fn the_owner_signs_in_from_another_address_after_an_attacker_failed_twelve_times() {
    let (db, accounts) = setup().await;
    register(&accounts, "lan@example.vn").await;
    for _ in 0..12 {
        let _ = accounts
            .login("lan@example.vn", WRONG, &from(ATTACKER))
            .await;
        the_waits_run_out(&db).await;
    }
    let refused = accounts
        .login("lan@example.vn", WRONG, &from(ATTACKER))
        .await;
    assert!(about(wait_of(refused), 900), "the attacker waits the most");
    let session = accounts
        .login("lan@example.vn", PASSWORD, &from(HOME))
        .await
        .expect("the owner gets in from home");
    assert_eq!(session.user.email, "lan@example.vn");
}

#[tokio::test]
async fn union_staff_sign_in_from_their_office_while_their_account_is_attacked() {
    let (db, accounts) = setup().await;
    register(&accounts, "canbo@hoptac.vn").await;
    accounts.grant_staff("canbo@hoptac.vn").await.unwrap();
    for _ in 0..10 {
        let _ = accounts
            .login("canbo@hoptac.vn", WRONG, &from(ATTACKER))
            .await;
        the_waits_run_out(&db).await;
    }
    let waiting = accounts
        .login("canbo@hoptac.vn", WRONG, &from(ATTACKER))
        .await;
    assert!(
        about(wait_of(waiting), 900),
        "ten failures: the longest wait"
    );
    let session = accounts
        .login("canbo@hoptac.vn", PASSWORD, &from("192.0.2.10"))
        .await
        .expect("staff get in from the office");
    assert_eq!(session.user.role, accounts::PlatformRole::Staff);
}

#[tokio::test]
async fn an_attacker_with_many_addresses_is_slowed_at_each_of_them() {
    let (_db, accounts) = setup().await;
    register(&accounts, "lan@example.vn").await;
    for n in 1..=4 {
        let ip = format!("203.0.113.{n}");
        for attempt in 1..=5 {
            let refused = accounts.login("lan@example.vn", WRONG, &from(&ip)).await;
            assert_eq!(wait_of(refused), None, "{ip}: attempt {attempt} is free");
        }
        let sixth = accounts.login("lan@example.vn", WRONG, &from(&ip)).await;
        assert!(about(wait_of(sixth), 30), "{ip} waits after its sixth");
        let seventh = accounts.login("lan@example.vn", WRONG, &from(&ip)).await;
        assert!(wait_of(seventh).is_some(), "{ip} keeps waiting");
    }
    // one IPv6 subscriber's /64 is one address, however many it uses
    for n in 1..=6 {
        let refused = accounts
            .login(
                "lan@example.vn",
                WRONG,
                &from(&format!("2001:db8:7:7::{n}")),
            )
            .await;
        assert_eq!(wait_of(refused).is_some(), n == 6, "IPv6 try {n}");
    }
    accounts
        .login("lan@example.vn", PASSWORD, &from(HOME))
        .await
        .expect("the owner still gets in from home");
}

#[tokio::test]
async fn an_address_failing_against_many_accounts_waits_after_thirty_failures() {
    let (_db, accounts) = setup().await;
    register(&accounts, "lan@example.vn").await;
    for n in 1..=SIGN_IN_ADDRESS.free_failures {
        let refused = accounts
            .login(&format!("guess{n}@example.vn"), WRONG, &from(ATTACKER))
            .await;
        assert_eq!(wait_of(refused), None, "failure {n} is free");
    }
    let next = accounts
        .login("guess-more@example.vn", WRONG, &from(ATTACKER))
        .await;
    assert!(about(wait_of(next), 30), "the address waits");
    let owner_there = accounts
        .login("lan@example.vn", PASSWORD, &from(ATTACKER))
        .await;
    assert!(
        wait_of(owner_there).is_some(),
        "everyone at that address waits"
    );
    accounts
        .login("lan@example.vn", PASSWORD, &from(HOME))
        .await
        .expect("elsewhere nothing waits");
}

#[tokio::test]
async fn signing_in_forgets_the_failures_of_its_pair_but_not_of_its_address() {
    let (db, accounts) = setup().await;
    register(&accounts, "lan@example.vn").await;
    for _ in 0..4 {
        let _ = accounts.login("lan@example.vn", WRONG, &from(HOME)).await;
    }
    accounts
        .login("lan@example.vn", PASSWORD, &from(HOME))
        .await
        .unwrap();
    assert_eq!(
        failures_under(&db, &format!("signin:lan@example.vn|{HOME}")).await,
        None
    );
    assert_eq!(
        failures_under(&db, &format!("signin-ip:{HOME}")).await,
        Some(4),
        "one's own account buys no more guesses at others"
    );
    for attempt in 1..=5 {
        let refused = accounts.login("lan@example.vn", WRONG, &from(HOME)).await;
        assert_eq!(wait_of(refused), None, "attempt {attempt} is free again");
    }
}

#[tokio::test]
async fn failures_are_forgotten_a_day_after_the_first() {
    let (db, accounts) = setup().await;
    register(&accounts, "lan@example.vn").await;
    for _ in 0..6 {
        let _ = accounts.login("lan@example.vn", WRONG, &from(HOME)).await;
    }
    let key = format!("signin:lan@example.vn|{HOME}");
    let mut row = entity::login_throttle::Entity::find_by_id(key.clone())
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    row.window_start = Set(Utc::now() - Duration::hours(25));
    row.locked_until = Set(Some(Utc::now() - Duration::hours(24)));
    row.update(&db.conn).await.unwrap();
    let refused = accounts.login("lan@example.vn", WRONG, &from(HOME)).await;
    assert_eq!(wait_of(refused), None, "a new window, a free failure");
    assert_eq!(failures_under(&db, &key).await, Some(1));
}

#[tokio::test]
async fn a_reset_link_lets_the_owner_in_whatever_the_throttle_says() {
    let (db, accounts) = setup().await;
    register(&accounts, "lan@example.vn").await;
    // the owner's own address waits: for the pair and for the address
    for n in 1..=SIGN_IN_ADDRESS.free_failures {
        let _ = accounts
            .login(&format!("guess{n}@example.vn"), WRONG, &from(HOME))
            .await;
    }
    for _ in 0..6 {
        let _ = accounts.login("lan@example.vn", WRONG, &from(HOME)).await;
    }
    assert!(
        wait_of(
            accounts
                .login("lan@example.vn", PASSWORD, &from(HOME))
                .await
        )
        .is_some()
    );
    accounts
        .request_password_reset("lan@example.vn")
        .await
        .unwrap();
    let job = entity::outbox::Entity::find()
        .order_by_desc(entity::outbox::Column::Id)
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    let text = job.payload["text"].as_str().unwrap().to_owned();
    let start = text.find("token=").unwrap() + "token=".len();
    let token: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    let session = accounts
        .confirm_password_reset(&token, "a brand new long passphrase", &from(HOME))
        .await
        .expect("the link lets the owner in");
    let (actor, _) = accounts
        .authenticate_session(&session.secret)
        .await
        .unwrap()
        .expect("a working session");
    assert_eq!(actor.email, "lan@example.vn");
    assert_eq!(
        failures_under(&db, &format!("signin:lan@example.vn|{HOME}")).await,
        None,
        "the account's failed sign-ins are forgotten"
    );
}

#[tokio::test]
async fn guest_look_ups_that_find_nothing_make_their_address_wait() {
    let (db, accounts) = setup().await;
    let miss = |_: ()| async { Err::<(), &str>("not found") };
    let mut waits = Vec::new();
    for _ in 0..7 {
        let outcome = accounts
            .throttled_lookup(&from(ATTACKER), "HT-261126-AAAAAA", miss(()), |_| true)
            .await;
        waits.push(match outcome {
            Ok(Err("not found")) => None,
            Err(Error::RateLimited { retry_after_secs }) => Some(retry_after_secs),
            other => panic!("{other:?}"),
        });
        the_waits_run_out(&db).await;
    }
    assert_eq!(&waits[..5], &[None; 5], "{waits:?}");
    assert!(about(waits[5], 30) && about(waits[6], 60), "{waits:?}");
    // a look-up that does not run (while waiting) is refused at once
    let waiting = accounts
        .throttled_lookup(&from(ATTACKER), "HT-261126-AAAAAA", miss(()), |_| true)
        .await;
    assert!(
        matches!(waiting, Err(Error::RateLimited { .. })),
        "{waiting:?}"
    );
    let never_run = accounts
        .throttled_lookup(
            &from(ATTACKER),
            "HT-261126-AAAAAA",
            async { never() },
            |_| true,
        )
        .await;
    assert!(matches!(never_run, Err(Error::RateLimited { .. })));
    // another address finds the order; errors that are no miss count nothing
    let found = accounts
        .throttled_lookup(
            &from(HOME),
            "HT-261126-AAAAAA",
            async { Ok::<_, &str>("the order") },
            |_| true,
        )
        .await
        .unwrap();
    assert_eq!(found, Ok("the order"));
    for _ in 0..10 {
        let broken = accounts
            .throttled_lookup(
                &from(HOME),
                "HT-261126-BBBBBB",
                async { Err::<(), _>("database down") },
                |err| *err == "not found",
            )
            .await
            .unwrap();
        assert_eq!(broken, Err("database down"));
    }
}

#[tokio::test]
async fn failures_arriving_together_are_all_counted() {
    let (db, accounts) = setup().await;
    let together = 12;
    let barrier = Arc::new(tokio::sync::Barrier::new(together));
    let tries = (0..together).map(|_| {
        let barrier = barrier.clone();
        let accounts = accounts.clone();
        async move {
            // every try passes the check before any failure is counted
            accounts
                .throttled_lookup(
                    &from(ATTACKER),
                    "HT-261126-CCCCCC",
                    async move {
                        barrier.wait().await;
                        Err::<(), _>("not found")
                    },
                    |_| true,
                )
                .await
        }
    });
    let outcomes = futures_join_all(tries).await;
    let refused = outcomes
        .iter()
        .filter(|o| matches!(o, Err(Error::RateLimited { .. })))
        .count();
    assert_eq!(
        refused,
        together - 5,
        "all past the fifth were told to wait"
    );
    assert_eq!(
        failures_under(&db, &format!("lookup:HT-261126-CCCCCC|{ATTACKER}")).await,
        Some(i32::try_from(together).unwrap())
    );
    assert_eq!(
        failures_under(&db, &format!("lookup-ip:{ATTACKER}")).await,
        Some(i32::try_from(together).unwrap())
    );
}

/// A look-up that must not run.
fn never() -> Result<(), ()> {
    panic!("the look-up runs while its address waits")
}

/// Runs every future at once on tasks of their own, in order of the answers.
async fn futures_join_all<F>(futures: impl Iterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut outputs = Vec::new();
    for handle in handles {
        outputs.push(handle.await.unwrap());
    }
    outputs
}
