//! `/api/v1/cooperatives`: the sellers.

pub mod applications;
pub mod catalogue;
pub mod get;
pub mod list;
pub mod lookbook;
pub mod team;

use kernel::{CooperativeId, Locale};
use serde::Serialize;
use utoipa::ToSchema;

use super::products::ProductCardResponse;
use super::views::{CertificationResponse, ImageResponse, PageResponse, Translations};

/// Where a cooperative is.
#[derive(Serialize, ToSchema)]
pub struct AddressResponse {
    /// Street and number.
    pub street: Option<String>,
    /// Ward or commune.
    pub ward: Option<String>,
    /// District.
    pub district: Option<String>,
    /// Province or centrally run city.
    pub province: String,
}

/// Texts of a cooperative in every language written.
#[derive(Serialize, ToSchema)]
pub struct CooperativeTranslations {
    /// One line about it.
    pub summary: Translations,
    /// Its story (profiles only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub story: Option<Translations>,
}

/// A cooperative in a list.
#[derive(Serialize, ToSchema)]
pub struct CooperativeResponse {
    /// Id.
    pub id: CooperativeId,
    /// URL name.
    pub slug: String,
    /// Name.
    pub name: String,
    /// `cooperative`, `cooperative_group` or `household_business`.
    pub kind: String,
    /// Where it is.
    pub address: AddressResponse,
    /// One line about it, in the request's locale.
    pub summary: String,
    /// Members.
    pub members_count: Option<i32>,
    /// Jobs it gives local people.
    pub local_jobs: Option<i32>,
    /// Year founded.
    pub founded_year: Option<i32>,
    /// Published listings.
    pub product_count: u64,
    /// A picture of one of its listings.
    pub cover: Option<ImageResponse>,
    /// Every language written.
    pub translations: CooperativeTranslations,
}

impl CooperativeResponse {
    /// Shapes a catalogue summary.
    pub fn new(c: catalog::CooperativeSummary, locale: Locale) -> Self {
        Self {
            id: c.id,
            slug: c.slug,
            name: c.name,
            kind: c.kind.as_str().to_owned(),
            address: AddressResponse {
                street: c.address.street,
                ward: c.address.ward,
                district: c.address.district,
                province: c.address.province,
            },
            summary: c.summary.get(locale).to_owned(),
            members_count: c.members_count,
            local_jobs: c.local_jobs,
            founded_year: c.founded_year,
            product_count: c.product_count,
            cover: c.cover.map(|img| ImageResponse::new(img, locale)),
            translations: CooperativeTranslations {
                summary: c.summary,
                story: None,
            },
        }
    }
}

/// A cooperative's profile.
#[derive(Serialize, ToSchema)]
pub struct CooperativeProfileResponse {
    /// What lists show.
    #[serde(flatten)]
    pub cooperative: CooperativeResponse,
    /// Its story (Markdown) in the request's locale.
    pub story: String,
    /// Its story as sanitised HTML.
    pub story_html: String,
    /// Legal representative.
    pub representative: Option<String>,
    /// Verified, unexpired certifications.
    pub certifications: Vec<CertificationResponse>,
    /// Its latest figures verified by the Cooperative Union.
    pub figures: Option<catalog::figures::FiguresView>,
    /// The first page of its published listings.
    pub products: PageResponse<ProductCardResponse>,
}
