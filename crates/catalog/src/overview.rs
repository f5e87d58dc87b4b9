//! A cooperative's listings and certifications at a glance, for the top of
//! its seller pages: listings waiting for union staff or refused, drafts,
//! what is on sale, and certifications that run out within 60 days.

use accounts::{Action, Actor, authorize};
use chrono::{Days, Utc};
use entity::{certifications, products};
use kernel::CooperativeId;
use sea_orm::sea_query::{Expr, ExprTrait as _};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;

use crate::model::Certification;
use crate::{Catalog, Result};

/// How far ahead a certification's end is announced.
pub const EXPIRY_NOTICE_DAYS: u64 = 60;

/// A cooperative's listings and certifications at a glance.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ListingsOverview {
    /// Listings on sale.
    pub published: i64,
    /// Listings waiting for union staff.
    pub waiting: i64,
    /// Listings refused by union staff, to correct.
    pub rejected: i64,
    /// Drafts not yet sent.
    pub drafts: i64,
    /// Verified certifications that run out within 60 days, soonest first.
    pub certifications_expiring: Vec<Certification>,
}

impl Catalog {
    /// The listings and certifications of `cooperative` at a glance (its
    /// members and union staff).
    pub async fn listings_overview(
        &self,
        actor: &Actor,
        cooperative: CooperativeId,
    ) -> Result<ListingsOverview> {
        authorize(Some(actor), Action::ViewCooperative(cooperative))
            .map_err(|d| self.hide(d, cooperative))?;
        let by_status: Vec<(products::Status, i64)> = products::Entity::find()
            .select_only()
            .column(products::Column::Status)
            .column_as(Expr::col(products::Column::Id).count(), "n")
            .filter(products::Column::CooperativeId.eq(cooperative.uuid()))
            .group_by(products::Column::Status)
            .into_tuple()
            .all(&self.db)
            .await?;
        let count = |status: products::Status| {
            by_status
                .iter()
                .find(|(s, _)| *s == status)
                .map_or(0, |(_, n)| *n)
        };
        let today = Utc::now()
            .with_timezone(&kernel::time::VIETNAM)
            .date_naive();
        let horizon = today + Days::new(EXPIRY_NOTICE_DAYS);
        let certifications_expiring = certifications::Entity::find()
            .filter(certifications::Column::CooperativeId.eq(cooperative.uuid()))
            .filter(certifications::Column::Status.eq(certifications::Status::Verified))
            .filter(certifications::Column::ExpiresOn.gte(today))
            .filter(certifications::Column::ExpiresOn.lte(horizon))
            .order_by_asc(certifications::Column::ExpiresOn)
            .all(&self.db)
            .await?
            .into_iter()
            .map(crate::read::certification)
            .collect();
        Ok(ListingsOverview {
            published: count(products::Status::Published),
            waiting: count(products::Status::PendingReview),
            rejected: count(products::Status::Rejected),
            drafts: count(products::Status::Draft),
            certifications_expiring,
        })
    }
}
