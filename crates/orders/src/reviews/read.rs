//! A listing's reviews and rating, a cooperative's, and the rows made into
//! views with their pictures (one query for a page of reviews).

use std::collections::HashMap;

use accounts::{Action, Actor, authorize};
use entity::{review_pictures, reviews};
use kernel::{CooperativeId, Page, PageRequest};
use sea_orm::{
    ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::write::picture_key;
use super::{RatingSummary, Reply, ReviewPicture, ReviewView};
use crate::{Orders, Result};

/// A listing's rating and a page of its visible reviews, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ListingReviews {
    /// The rating from all its visible reviews.
    pub summary: RatingSummary,
    /// This page of them.
    pub reviews: Page<ReviewView>,
}

impl Orders {
    /// A listing's visible reviews, newest first, and its rating (anyone).
    pub async fn listing_reviews(
        &self,
        product: Uuid,
        page: PageRequest,
    ) -> Result<ListingReviews> {
        let visible = || {
            reviews::Entity::find()
                .filter(reviews::Column::ProductId.eq(product))
                .filter(reviews::Column::Status.eq("visible"))
        };
        Ok(ListingReviews {
            summary: self.summary(visible()).await?,
            reviews: self.review_page(visible(), page).await?,
        })
    }

    /// A cooperative's rating from the visible reviews of everything it
    /// sold (anyone).
    pub async fn cooperative_rating(&self, cooperative: Uuid) -> Result<RatingSummary> {
        self.summary(
            reviews::Entity::find()
                .filter(reviews::Column::CooperativeId.eq(cooperative))
                .filter(reviews::Column::Status.eq("visible")),
        )
        .await
    }

    /// Every review of a cooperative's sales, hidden ones included,
    /// newest first (its members who handle orders).
    pub async fn cooperative_reviews(
        &self,
        actor: &Actor,
        cooperative: CooperativeId,
        page: PageRequest,
    ) -> Result<Page<ReviewView>> {
        authorize(Some(actor), Action::ManageOrders(cooperative))?;
        self.review_page(
            reviews::Entity::find().filter(reviews::Column::CooperativeId.eq(cooperative.0)),
            page,
        )
        .await
    }

    /// The stars of the reviews `select` finds, counted per star.
    async fn summary(&self, select: Select<reviews::Entity>) -> Result<RatingSummary> {
        let counts: Vec<(i16, i64)> = select
            .select_only()
            .column(reviews::Column::Rating)
            .column_as(reviews::Column::Id.count(), "n")
            .group_by(reviews::Column::Rating)
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut stars = [0_i64; 5];
        for (rating, n) in counts {
            if let Some(slot) = usize::try_from(rating - 1)
                .ok()
                .and_then(|i| stars.get_mut(i))
            {
                *slot = n;
            }
        }
        Ok(RatingSummary::from_stars(stars))
    }

    /// A page of the reviews `select` finds, newest first.
    pub(crate) async fn review_page(
        &self,
        select: Select<reviews::Entity>,
        page: PageRequest,
    ) -> Result<Page<ReviewView>> {
        let total = select.clone().count(&self.db).await?;
        let rows = select
            .order_by_desc(reviews::Column::CreatedAt)
            .order_by_desc(reviews::Column::Id)
            .offset(page.offset())
            .limit(page.per_page())
            .all(&self.db)
            .await?;
        Ok(Page::new(self.review_views(rows).await?, page, total))
    }

    /// Rows as views, with their pictures.
    pub(crate) async fn review_views(&self, rows: Vec<reviews::Model>) -> Result<Vec<ReviewView>> {
        let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
        let mut pictures: HashMap<Uuid, Vec<ReviewPicture>> = HashMap::new();
        if !ids.is_empty() {
            for p in review_pictures::Entity::find()
                .filter(review_pictures::Column::ReviewId.is_in(ids))
                .order_by_asc(review_pictures::Column::Position)
                .all(&self.db)
                .await?
            {
                let key = picture_key(p.review_id, p.id);
                pictures
                    .entry(p.review_id)
                    .or_default()
                    .push(ReviewPicture {
                        small_url: self.media.url(&key, "small.jpg"),
                        large_url: self.media.url(&key, "large.jpg"),
                    });
            }
        }
        Ok(rows
            .into_iter()
            .map(|r| ReviewView {
                id: r.id,
                product_id: r.product_id,
                cooperative_id: r.cooperative_id,
                order_item_id: r.order_item_id,
                author_name: r.author_name,
                rating: r.rating,
                body: r.body,
                pictures: pictures.remove(&r.id).unwrap_or_default(),
                reply: r
                    .reply
                    .zip(r.replied_at)
                    .map(|(body, replied_at)| Reply { body, replied_at }),
                status: r.status,
                hidden_reason: r.hidden_reason,
                open_reports: r.open_reports,
                created_at: r.created_at,
            })
            .collect())
    }
}
