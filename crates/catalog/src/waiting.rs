//! What waits for union staff in the catalogue: cooperatives applying,
//! listings to review, certifications and yearly figures to verify, and
//! e-mails that could not be sent — counted, for the top of `/moderation`.

use accounts::{Action, Actor, authorize};
use entity::{certifications, cooperative_figures, cooperatives, products};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde::{Deserialize, Serialize};

use crate::{Catalog, Result};

/// What waits for union staff in the catalogue.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CatalogueWaiting {
    /// Cooperatives' applications to decide.
    pub applications: i64,
    /// Listings (and changes to them) to review.
    pub listings: i64,
    /// Certifications to verify.
    pub certifications: i64,
    /// Cooperatives' yearly figures to verify.
    pub figures: i64,
    /// E-mails the outbox gave up on.
    pub failed_emails: i64,
}

fn n(count: u64) -> i64 {
    i64::try_from(count).unwrap_or(i64::MAX)
}

impl Catalog {
    /// What waits for union staff in the catalogue.
    pub async fn waiting(&self, actor: &Actor) -> Result<CatalogueWaiting> {
        authorize(Some(actor), Action::Moderate)?;
        let applications = cooperatives::Entity::find()
            .filter(cooperatives::Column::Status.eq(cooperatives::Status::Pending))
            .count(&self.db)
            .await?;
        let listings = products::Entity::find()
            .filter(products::Column::Status.eq(products::Status::PendingReview))
            .count(&self.db)
            .await?;
        let certifications = certifications::Entity::find()
            .filter(certifications::Column::Status.eq(certifications::Status::Pending))
            .count(&self.db)
            .await?;
        let figures = cooperative_figures::Entity::find()
            .filter(cooperative_figures::Column::Status.eq(cooperative_figures::Status::Pending))
            .count(&self.db)
            .await?;
        let failed_emails = entity::outbox::Entity::find()
            .filter(entity::outbox::Column::Status.eq(entity::outbox::Status::Failed))
            .count(&self.db)
            .await?;
        Ok(CatalogueWaiting {
            applications: n(applications),
            listings: n(listings),
            certifications: n(certifications),
            figures: n(figures),
            failed_emails: n(failed_emails),
        })
    }
}
