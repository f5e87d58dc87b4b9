//! Throttling of guesses — passwords at sign-in, order numbers and e-mail
//! addresses at the guest order look-up — kept in the database so that every
//! server process counts the same failures.
//!
//! Failures are counted under two keys: the pair of what is guessed at (the
//! account, the order number) and the client's address, and the address
//! alone. Each key follows a [`Rule`]: a few failures are free; each further
//! one makes the key wait, starting at `first_wait_secs` and doubling up to
//! `max_wait_secs`. While a key waits every try under it is refused before
//! anything is checked, and refused tries are not counted. A key's count
//! starts again `window_secs` after its first failure.
//!
//! No key belongs to an account alone: failures from one address never keep
//! the owner out when they sign in from another.

use std::net::IpAddr;

use chrono::{DateTime, Duration, Utc};
use entity::login_throttle;
use sea_orm::sea_query::{Expr, LikeExpr, OnConflict, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IdenStatic, QueryFilter,
    QueryTrait,
};

use crate::{Error, Result};

/// How one kind of key is throttled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// Failures that cost nothing.
    pub free_failures: i32,
    /// The wait after the first failure past the free ones, in seconds.
    pub first_wait_secs: i64,
    /// The longest wait, in seconds; each further failure doubles the wait up
    /// to this.
    pub max_wait_secs: i64,
    /// How long failures are counted from the first one, in seconds.
    pub window_secs: i64,
}

impl Rule {
    /// The wait, in seconds, that the `failures`-th failure in a window
    /// imposes: `None` for a free one.
    pub fn wait_after(&self, failures: i32) -> Option<i64> {
        let past_free = failures.checked_sub(self.free_failures)?;
        if past_free <= 0 {
            return None;
        }
        let doublings = u32::try_from(past_free - 1).unwrap_or(u32::MAX).min(62);
        let wait = self
            .first_wait_secs
            .checked_mul(1_i64 << doublings)
            .unwrap_or(i64::MAX);
        Some(wait.min(self.max_wait_secs))
    }

    /// Every distinct wait the rule imposes, shortest first: the failure
    /// count past the free ones at which each begins is its place + 1, and
    /// the last goes on for every later failure.
    fn waits(&self) -> Vec<i64> {
        let mut waits = Vec::new();
        let mut failures = self.free_failures;
        while let Some(wait) = self.wait_after(failures + 1) {
            waits.push(wait);
            failures += 1;
            if wait >= self.max_wait_secs {
                break;
            }
        }
        waits
    }
}

/// Wrong passwords for one account from one address: five free, then 30
/// seconds doubling to 15 minutes, counted for a day.
pub const SIGN_IN_PAIR: Rule = Rule {
    free_failures: 5,
    first_wait_secs: 30,
    max_wait_secs: 15 * 60,
    window_secs: 24 * 60 * 60,
};

/// Wrong passwords from one address, whatever the account (an office or a
/// mobile network shares one address among many people): thirty free, then
/// 30 seconds doubling to 15 minutes, counted for an hour.
pub const SIGN_IN_ADDRESS: Rule = Rule {
    free_failures: 30,
    first_wait_secs: 30,
    max_wait_secs: 15 * 60,
    window_secs: 60 * 60,
};

/// Guest look-ups of one order number, from one address, that found
/// nothing: five free, then 30 seconds doubling to 15 minutes, counted for a
/// day.
pub const LOOKUP_PAIR: Rule = Rule {
    free_failures: 5,
    first_wait_secs: 30,
    max_wait_secs: 15 * 60,
    window_secs: 24 * 60 * 60,
};

/// Guest look-ups from one address that found nothing, whatever the number:
/// twenty free, then 30 seconds doubling to 15 minutes, counted for an hour.
pub const LOOKUP_ADDRESS: Rule = Rule {
    free_failures: 20,
    first_wait_secs: 30,
    max_wait_secs: 15 * 60,
    window_secs: 60 * 60,
};

/// Longest order number kept in a key (real ones have 16 characters).
const NUMBER_CHARS: usize = 40;
/// Longest unparsable address kept in a key.
const ADDRESS_CHARS: usize = 64;

/// The part of a client's address that is throttled: an IPv4 address, or
/// the /64 network of an IPv6 one (a single subscriber usually holds a whole
/// /64, so counting single IPv6 addresses would give one attacker billions of
/// them). Anything else is kept as it came, clipped; no address at all is
/// `unknown`.
pub fn throttled_address(ip: Option<&str>) -> String {
    let Some(ip) = ip.map(str::trim).filter(|ip| !ip.is_empty()) else {
        return "unknown".to_owned();
    };
    match ip.parse::<IpAddr>().map(|ip| ip.to_canonical()) {
        Ok(IpAddr::V4(v4)) => v4.to_string(),
        Ok(IpAddr::V6(v6)) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        Err(_) => ip.chars().take(ADDRESS_CHARS).collect(),
    }
}

/// A key and the rule it is counted by.
#[derive(Clone, Debug)]
pub(crate) struct Key {
    name: String,
    rule: Rule,
}

/// The two keys a try is counted under: the pair, and the address.
#[derive(Clone, Debug)]
pub(crate) struct Keys {
    pair: Key,
    address: Key,
}

impl Keys {
    /// A sign-in to the account `email` (already normalised) from `ip`.
    pub(crate) fn sign_in(email: &str, ip: Option<&str>) -> Self {
        let address = throttled_address(ip);
        Self {
            pair: Key {
                name: format!("{}{address}", sign_in_prefix(email)),
                rule: SIGN_IN_PAIR,
            },
            address: Key {
                name: format!("signin-ip:{address}"),
                rule: SIGN_IN_ADDRESS,
            },
        }
    }

    /// A guest's look-up of the order `number` from `ip`.
    pub(crate) fn lookup(number: &str, ip: Option<&str>) -> Self {
        let address = throttled_address(ip);
        let number: String = number
            .trim()
            .to_uppercase()
            .chars()
            .take(NUMBER_CHARS)
            .collect();
        Self {
            pair: Key {
                name: format!("lookup:{number}|{address}"),
                rule: LOOKUP_PAIR,
            },
            address: Key {
                name: format!("lookup-ip:{address}"),
                rule: LOOKUP_ADDRESS,
            },
        }
    }

    fn both(&self) -> [&Key; 2] {
        [&self.pair, &self.address]
    }

    /// Refuses while either key waits, with the longer wait.
    pub(crate) async fn check<C: ConnectionTrait>(
        &self,
        conn: &C,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let names = self.both().map(|k| k.name.clone());
        let waiting = login_throttle::Entity::find()
            .filter(login_throttle::Column::Key.is_in(names))
            .filter(login_throttle::Column::LockedUntil.gt(now))
            .all(conn)
            .await?;
        match waiting.iter().filter_map(|row| row.locked_until).max() {
            Some(until) => Err(rate_limited(until, now)),
            None => Ok(()),
        }
    }

    /// Counts a failure under both keys. When that makes either wait, the
    /// answer is already "too many", with the longer wait.
    pub(crate) async fn fail<C: ConnectionTrait>(
        &self,
        conn: &C,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mut until = None;
        for key in self.both() {
            until = until.max(count_failure(conn, key, now).await?);
        }
        match until {
            Some(until) if until > now => Err(rate_limited(until, now)),
            _ => Ok(()),
        }
    }

    /// Forgets the pair's failures after a success. The address keeps its
    /// count: succeeding with one account of one's own must not buy more
    /// guesses at others.
    pub(crate) async fn succeed<C: ConnectionTrait>(&self, conn: &C) -> Result<()> {
        login_throttle::Entity::delete_by_id(self.pair.name.clone())
            .exec(conn)
            .await?;
        Ok(())
    }
}

/// The start of every sign-in pair key of the account `email`.
fn sign_in_prefix(email: &str) -> String {
    format!("signin:{email}|")
}

/// Forgets the failed sign-ins to the account `email` from every address
/// (its owner proved it through the e-mailed link).
pub(crate) async fn forget_account<C: ConnectionTrait>(conn: &C, email: &str) -> Result<()> {
    let mut pattern = String::new();
    for c in sign_in_prefix(email).chars() {
        if matches!(c, '\\' | '%' | '_') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    login_throttle::Entity::delete_many()
        .filter(login_throttle::Column::Key.like(LikeExpr::new(pattern).escape('\\')))
        .exec(conn)
        .await?;
    Ok(())
}

/// "Too many", with the whole seconds until `until`, rounded up: coming
/// back after them is never too early (PostgreSQL keeps microseconds, so a
/// stored 30-second wait reads back a hair shorter).
fn rate_limited(until: DateTime<Utc>, now: DateTime<Utc>) -> Error {
    let millis = (until - now).num_milliseconds();
    let seconds = (millis.saturating_add(999) / 1000).max(1);
    Error::RateLimited {
        retry_after_secs: u64::try_from(seconds).unwrap_or(1),
    }
}

/// Counts one failure under `key` in a single statement — an upsert whose
/// update adds one, or starts the window again when it has passed, and sets
/// the wait from the count it reaches — so that failures arriving at the
/// same moment in several server processes are all counted. Answers until
/// when the key now waits.
async fn count_failure<C: ConnectionTrait>(
    conn: &C,
    key: &Key,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>> {
    use login_throttle::Column as C;
    use sea_orm::sea_query::ExprTrait as _;
    let rule = key.rule;
    let old = |column: C| Expr::col((login_throttle::Entity, column));
    let window_open = old(C::WindowStart).gt(now - Duration::seconds(rule.window_secs));
    let wait_until = |failures: i32| {
        rule.wait_after(failures)
            .map(|s| now + Duration::seconds(s))
    };

    // the wait the count reaches: one branch per distinct wait, checked
    // against the count before this failure
    let waits = rule.waits();
    let mut locked_until = Expr::case(
        window_open.clone().not(),
        match wait_until(1) {
            Some(until) => Expr::value(Some(until)),
            None => old(C::LockedUntil),
        },
    );
    for (place, wait) in (0_i32..).zip(&waits) {
        let before = rule.free_failures + place;
        let reached = if place + 1 == i32::try_from(waits.len()).unwrap_or(i32::MAX) {
            old(C::Failures).gte(before)
        } else {
            old(C::Failures).eq(before)
        };
        locked_until =
            locked_until.case(reached, Expr::value(Some(now + Duration::seconds(*wait))));
    }
    let locked_until = locked_until.finally(old(C::LockedUntil));

    let mut statement = login_throttle::Entity::insert(login_throttle::ActiveModel {
        key: Set(key.name.clone()),
        failures: Set(1),
        window_start: Set(now),
        locked_until: Set(wait_until(1)),
    })
    .on_conflict(
        OnConflict::column(C::Key)
            .value(
                C::Failures,
                Expr::case(window_open.clone(), old(C::Failures).add(1)).finally(1),
            )
            .value(
                C::WindowStart,
                Expr::case(window_open, old(C::WindowStart)).finally(Expr::value(now)),
            )
            .value(C::LockedUntil, locked_until)
            .to_owned(),
    )
    .into_query();
    statement.returning(Query::returning().column(C::LockedUntil));
    let row = conn.query_one(&statement).await?;
    Ok(match row {
        Some(row) => row.try_get::<Option<DateTime<Utc>>>("", C::LockedUntil.as_str())?,
        None => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pair_waits_30_seconds_after_its_sixth_failure_then_twice_as_long_each_time_up_to_15_minutes()
     {
        let waits: Vec<_> = (1..=12).map(|n| SIGN_IN_PAIR.wait_after(n)).collect();
        assert_eq!(
            waits,
            [
                None,
                None,
                None,
                None,
                None,
                Some(30),
                Some(60),
                Some(120),
                Some(240),
                Some(480),
                Some(900),
                Some(900)
            ]
        );
        assert_eq!(SIGN_IN_PAIR.waits(), [30, 60, 120, 240, 480, 900]);
        assert_eq!(SIGN_IN_PAIR.wait_after(i32::MAX), Some(900));
    }

    #[test]
    fn an_address_has_thirty_free_failures_before_it_waits() {
        assert_eq!(SIGN_IN_ADDRESS.wait_after(30), None);
        assert_eq!(SIGN_IN_ADDRESS.wait_after(31), Some(30));
        assert_eq!(LOOKUP_ADDRESS.wait_after(20), None);
        assert_eq!(LOOKUP_ADDRESS.wait_after(21), Some(30));
    }

    #[test]
    fn ipv6_addresses_are_throttled_by_their_64_bit_network() {
        assert_eq!(
            throttled_address(Some("2001:db8:1:2:aaaa::1")),
            "2001:db8:1:2::/64"
        );
        assert_eq!(
            throttled_address(Some("2001:db8:1:2:ffff:ffff:ffff:ffff")),
            "2001:db8:1:2::/64"
        );
        assert_eq!(throttled_address(Some("::ffff:203.0.113.9")), "203.0.113.9");
        assert_eq!(throttled_address(Some(" 203.0.113.9 ")), "203.0.113.9");
        assert_eq!(throttled_address(None), "unknown");
        assert_eq!(throttled_address(Some("")), "unknown");
    }

    #[test]
    fn keys_fit_their_column_whatever_is_typed() {
        let email = format!("{}@{}.vn", "a".repeat(64), "b".repeat(252));
        let long = "x".repeat(500);
        for keys in [
            Keys::sign_in(&email, Some(&long)),
            Keys::lookup(&long, Some(&long)),
        ] {
            for key in keys.both() {
                assert!(key.name.chars().count() <= 400, "{}", key.name.len());
            }
        }
    }
}
