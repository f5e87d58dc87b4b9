//! `GET /api/v1/lots/{id}/labels.pdf`

use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, get, web};
use kernel::{FieldErrors, problem};
use serde::Deserialize;
use traceability::LabelLayout;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::routes::views::{RequestLocale, parse_number};
use crate::state::AppState;

/// `?layout=3x8&count=24&locale=vi`
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LabelParams {
    /// `3x8` (24 labels of 70 × 37 mm, the default) or `2x5` (10 of
    /// 105 × 57 mm).
    pub layout: Option<String>,
    /// How many labels (a full sheet by default; at most 480).
    #[param(value_type = Option<u64>)]
    pub count: Option<String>,
    /// The labels' language: vi, en, ja or zh.
    pub locale: Option<String>,
}

/// A PDF sheet of QR labels for a lot (its cooperative's members): each
/// with the QR code of the lot's page, the product, the lot number, its
/// dates and the cooperative.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "traceability",
    params(("id" = Uuid, Path), LabelParams),
    responses(
        (status = 200, description = "the PDF", content_type = "application/pdf"),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
        (status = 503, body = ErrorBody, description = "`documents_unavailable`: fonts missing"),
    )
)]
#[get("/lots/{id}/labels.pdf")]
pub async fn labels(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<Uuid>,
    params: web::Query<LabelParams>,
    locale: RequestLocale,
) -> Result<HttpResponse, ApiError> {
    let params = params.into_inner();
    let mut errors = FieldErrors::new();
    let layout = match params.layout.as_deref().map(str::trim) {
        None | Some("") => LabelLayout::ThreeByEight,
        Some(name) => LabelLayout::parse(name).unwrap_or_else(|| {
            errors.add("layout", problem::not_one_of(&["3x8", "2x5"]));
            LabelLayout::ThreeByEight
        }),
    };
    let count = parse_number(&mut errors, "count", params.count.as_deref()).unwrap_or(0);
    if count > documents_max() {
        errors.add("count", problem::at_most(documents_max() as i64));
    }
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    let (filename, bytes) = state
        .traceability
        .labels(
            &actor,
            path.into_inner(),
            layout,
            usize::try_from(count).unwrap_or(0),
            locale.0,
        )
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header(ContentDisposition {
            disposition: DispositionType::Inline,
            parameters: vec![DispositionParam::Filename(filename)],
        })
        .insert_header(("cache-control", "private, no-store"))
        .body(bytes))
}

fn documents_max() -> u64 {
    480
}
