//! Sign-in throttling, kept in the database so that every server process
//! counts the same failures: ten wrong passwords for one account within
//! fifteen minutes, or fifty from one address, lock further tries for
//! fifteen minutes.

use chrono::{DateTime, Duration, Utc};
use entity::login_throttle;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::{Error, Result};

/// Failures a window allows for one account.
pub const ACCOUNT_LIMIT: i32 = 10;
/// Failures a window allows from one address (many people may share one).
pub const ADDRESS_LIMIT: i32 = 50;
/// How long failures are counted, and how long a lock lasts.
pub const WINDOW_MINUTES: i64 = 15;

/// The keys a sign-in is counted under.
pub fn keys(email: &str, ip: Option<&str>) -> Vec<(String, i32)> {
    let mut keys = vec![(format!("account:{email}"), ACCOUNT_LIMIT)];
    if let Some(ip) = ip {
        keys.push((format!("ip:{ip}"), ADDRESS_LIMIT));
    }
    keys
}

/// Refuses when any key is locked.
pub async fn check<C: ConnectionTrait>(
    conn: &C,
    keys: &[(String, i32)],
    now: DateTime<Utc>,
) -> Result<()> {
    let names: Vec<&str> = keys.iter().map(|(k, _)| k.as_str()).collect();
    let locked = login_throttle::Entity::find()
        .filter(login_throttle::Column::Key.is_in(names))
        .filter(login_throttle::Column::LockedUntil.gt(now))
        .all(conn)
        .await?;
    match locked.iter().filter_map(|row| row.locked_until).max() {
        Some(until) => Err(Error::RateLimited {
            retry_after_secs: seconds_until(until, now),
        }),
        None => Ok(()),
    }
}

fn seconds_until(until: DateTime<Utc>, now: DateTime<Utc>) -> u64 {
    u64::try_from((until - now).num_seconds().max(1)).unwrap_or(1)
}

/// Counts a failure under every key; when one reaches its limit it locks,
/// and the answer is already "too many".
pub async fn fail<C: ConnectionTrait>(
    conn: &C,
    keys: &[(String, i32)],
    now: DateTime<Utc>,
) -> Result<()> {
    let window_open = now - Duration::minutes(WINDOW_MINUTES);
    let mut locked_until = None;
    for (key, limit) in keys {
        use sea_orm::sea_query::ExprTrait as _;
        // one statement per key, so concurrent failures are all counted
        let counted = login_throttle::Entity::update_many()
            .col_expr(
                login_throttle::Column::Failures,
                Expr::col(login_throttle::Column::Failures).add(1),
            )
            .filter(login_throttle::Column::Key.eq(key.as_str()))
            .filter(login_throttle::Column::WindowStart.gt(window_open))
            .exec(conn)
            .await?;
        if counted.rows_affected == 0 {
            login_throttle::Entity::insert(login_throttle::ActiveModel {
                key: Set(key.clone()),
                failures: Set(1),
                window_start: Set(now),
                locked_until: Set(None),
            })
            .on_conflict(
                OnConflict::column(login_throttle::Column::Key)
                    .update_columns([
                        login_throttle::Column::Failures,
                        login_throttle::Column::WindowStart,
                        login_throttle::Column::LockedUntil,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(conn)
            .await?;
        }
        let row = login_throttle::Entity::find_by_id(key.clone())
            .one(conn)
            .await?;
        if let Some(row) = row
            && row.failures >= *limit
        {
            let until = now + Duration::minutes(WINDOW_MINUTES);
            login_throttle::Entity::update_many()
                .col_expr(
                    login_throttle::Column::LockedUntil,
                    Expr::value(Some(until)),
                )
                .filter(login_throttle::Column::Key.eq(key.as_str()))
                .exec(conn)
                .await?;
            locked_until = Some(until);
        }
    }
    match locked_until {
        Some(until) => Err(Error::RateLimited {
            retry_after_secs: seconds_until(until, now),
        }),
        None => Ok(()),
    }
}

/// Forgets an account's failures after a successful sign-in.
pub async fn clear<C: ConnectionTrait>(conn: &C, key: &str) -> Result<()> {
    login_throttle::Entity::delete_by_id(key.to_owned())
        .exec(conn)
        .await?;
    Ok(())
}
