//! Small pieces for the market's figures, which are sums and counts the
//! database groups itself: the few expressions SQLite and PostgreSQL spell
//! differently, and a statement written once with `$1`-style parameters.

use sea_orm::{DatabaseBackend, Statement, Value};

/// A statement for `backend` from SQL written with `$1`, `$2`… parameters
/// (SQLite reads them as `?1`, `?2`…).
pub fn statement(backend: DatabaseBackend, sql: &str, values: Vec<Value>) -> Statement {
    let sql = match backend {
        DatabaseBackend::Sqlite => {
            let mut out = String::with_capacity(sql.len());
            let mut chars = sql.chars().peekable();
            while let Some(c) = chars.next() {
                if c == '$' && chars.peek().is_some_and(char::is_ascii_digit) {
                    out.push('?');
                } else {
                    out.push(c);
                }
            }
            out
        }
        _ => sql.to_owned(),
    };
    Statement::from_sql_and_values(backend, sql, values)
}

/// The day (Vietnam time) of a timestamp column, as a date.
pub fn day_in_vietnam(backend: DatabaseBackend, column: &str) -> String {
    match backend {
        DatabaseBackend::Postgres => {
            format!("CAST(({column} AT TIME ZONE 'UTC') + INTERVAL '7 hours' AS DATE)")
        }
        _ => format!("date({column}, '+7 hours')"),
    }
}

/// The text under `key` of a JSON column.
pub fn json_text(backend: DatabaseBackend, column: &str, key: &str) -> String {
    match backend {
        DatabaseBackend::Postgres => format!("({column} ->> '{key}')"),
        _ => format!("json_extract({column}, '$.{key}')"),
    }
}

/// Seconds from timestamp `from` to timestamp `to`, as a float.
pub fn seconds_between(backend: DatabaseBackend, from: &str, to: &str) -> String {
    match backend {
        DatabaseBackend::Postgres => {
            format!("CAST(EXTRACT(EPOCH FROM ({to} - {from})) AS DOUBLE PRECISION)")
        }
        _ => format!("((julianday({to}) - julianday({from})) * 86400.0)"),
    }
}

/// `SUM(expr)` as a 64-bit integer, 0 over no rows.
pub fn sum(expr: &str) -> String {
    format!("CAST(COALESCE(SUM({expr}), 0) AS BIGINT)")
}
