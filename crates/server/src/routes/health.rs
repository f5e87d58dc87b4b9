//! `GET /healthz`, `GET /readyz`, `GET /metrics`.

use std::collections::BTreeMap;

use actix_web::{HttpResponse, get, web};
use kernel::{Code, ErrorKind};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// The process is up.
#[derive(Serialize, ToSchema)]
pub struct Health {
    /// Always `ok`.
    status: &'static str,
    /// The running version.
    version: &'static str,
}

/// The process is up (no backend is asked).
#[utoipa::path(tag = "operations", responses((status = 200, body = Health)))]
#[get("/healthz")]
pub async fn healthz() -> web::Json<Health> {
    web::Json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
    })
}

/// Every configured backend answered.
#[derive(Serialize, ToSchema)]
pub struct Readiness {
    /// Always `ready`.
    status: &'static str,
    /// `ok` per backend.
    checks: BTreeMap<&'static str, &'static str>,
}

/// The database and every configured backend are reachable.
#[utoipa::path(
    tag = "operations",
    responses(
        (status = 200, body = Readiness),
        (status = 503, body = ErrorBody, description = "a backend is down; the message names it"),
    )
)]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> Result<web::Json<Readiness>, ApiError> {
    let failures = state.probes.failures().await;
    if failures.is_empty() {
        let checks = state
            .probes
            .names()
            .into_iter()
            .map(|n| (n, "ok"))
            .collect();
        return Ok(web::Json(Readiness {
            status: "ready",
            checks,
        }));
    }
    let message = failures
        .iter()
        .map(|(name, why)| format!("{name}: {why}"))
        .collect::<Vec<_>>()
        .join("; ");
    tracing::warn!(%message, "not ready");
    Err(ApiError::new(
        Code::new("not_ready", ErrorKind::Unavailable),
        format!(
            "Not ready: {}",
            failures
                .iter()
                .map(|(n, _)| *n)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    ))
}

/// Request counts and latencies in the Prometheus text format.
#[utoipa::path(tag = "operations", responses((status = 200, content_type = "text/plain", body = String)))]
#[get("/metrics")]
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    let body = state
        .metrics
        .as_ref()
        .map(|h| h.render())
        .unwrap_or_default();
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(body)
}
