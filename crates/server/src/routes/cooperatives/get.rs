//! `GET /api/v1/cooperatives/{id_or_slug}`

use actix_web::{get, web};
use catalog::ProductQuery;
use kernel::PageRequest;
use kernel::id::IdOrSlug;

use super::{CooperativeProfileResponse, CooperativeResponse};
use crate::error::{ApiError, ErrorBody};
use crate::routes::products::ProductCardResponse;
use crate::routes::views::{PageResponse, RequestLocale};
use crate::state::AppState;

/// An approved cooperative's profile with its story, impact figures,
/// certifications and first page of listings.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "cooperatives",
    params(
        ("id_or_slug" = String, Path, description = "UUID or slug"),
        ("locale" = Option<String>, Query, description = "vi, en, ja or zh"),
    ),
    responses(
        (status = 200, body = CooperativeProfileResponse),
        (status = 404, body = ErrorBody, description = "no approved cooperative has this id or slug"),
    )
)]
#[get("/cooperatives/{id_or_slug}")]
pub async fn get_cooperative(
    state: web::Data<AppState>,
    path: web::Path<String>,
    locale: RequestLocale,
) -> Result<web::Json<CooperativeProfileResponse>, ApiError> {
    let key = IdOrSlug::parse(&path);
    let profile = state.catalog.cooperative(&key).await?;
    let query = ProductQuery {
        cooperative: Some(IdOrSlug::Id(profile.summary.id.uuid())),
        ..ProductQuery::default()
    };
    let products = state
        .catalog
        .list_products(&query, PageRequest::default())
        .await?;
    let locale = locale.0;
    let story = profile.story.get(locale).to_owned();
    let story_html = profile.story_html.get(locale).to_owned();
    let mut cooperative = CooperativeResponse::new(profile.summary, locale);
    cooperative.translations.story = Some(profile.story);
    Ok(web::Json(CooperativeProfileResponse {
        cooperative,
        story_html,
        story,
        representative: profile.representative,
        certifications: profile.certifications.into_iter().map(Into::into).collect(),
        figures: profile.figures,
        products: PageResponse::from_page(products, |p| ProductCardResponse::new(p, locale)),
    }))
}
