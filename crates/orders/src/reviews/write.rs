//! What an order lets its buyer review, and writing a review with its
//! pictures.

use catalog::images::{self, ImageError};
use catalog::uploads::Upload;
use catalog::{Catalog, MediaStore};
use chrono::Utc;
use entity::{order_items, orders, review_pictures, reviews};
use kernel::{FieldErrors, I18nText, ProductId, problem};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{MAX_BODY, MAX_PICTURES, REVIEWABLE_STATUSES, ReviewView, shown_name};
use crate::{BuyerProof, Error, Orders, Result};

/// A review as its author writes it.
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
pub struct ReviewInput {
    /// 1 to 5 stars, as written in the form.
    #[serde(default)]
    pub rating: String,
    /// The text, in any language (up to 4,000 characters).
    #[serde(default)]
    pub body: String,
}

/// An order line, and its review once written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReviewableLine {
    /// The order line.
    pub order_item_id: Uuid,
    /// The listing, while it exists.
    pub product_id: Option<Uuid>,
    /// What was bought, as it was named.
    #[schema(value_type = Object)]
    pub title: I18nText,
    /// Its picture when bought.
    pub image_url: Option<String>,
    /// The review, once written.
    pub review: Option<ReviewView>,
}

/// What an order's buyer may review.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OrderReviews {
    /// The order.
    pub order_id: Uuid,
    /// Its number.
    pub number: String,
    /// Whether its lines may be reviewed now (it was delivered).
    pub open: bool,
    /// Its lines.
    pub lines: Vec<ReviewableLine>,
}

/// The field problems of a review, before anything is stored.
fn check(input: &ReviewInput, pictures: &[Upload]) -> FieldErrors {
    let mut errors = FieldErrors::default();
    match input.rating.trim() {
        "" => errors.add("rating", problem::required()),
        r => match r.parse::<i64>() {
            Err(_) => errors.add("rating", problem::not_a_whole_number()),
            Ok(r) if !(1..=5).contains(&r) => {
                errors.add("rating", problem::whole_number_between(1, 5));
            }
            Ok(_) => {}
        },
    }
    let body = input.body.trim();
    if body.is_empty() {
        errors.add("body", problem::required());
    } else if body.chars().count() > MAX_BODY {
        errors.add("body", problem::too_long(MAX_BODY as i64));
    } else if body
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        errors.add("body", problem::control_characters());
    }
    if pictures.len() > MAX_PICTURES {
        errors.add("pictures", problem::too_many_pictures(MAX_PICTURES as i64));
    }
    for file in pictures {
        if file.bytes.is_empty() {
            errors.add("pictures", problem::file_empty(file.filename.clone()));
        } else if file.bytes.len() > images::MAX_IMAGE_BYTES {
            errors.add(
                "pictures",
                problem::file_too_large(
                    file.filename.clone(),
                    (images::MAX_IMAGE_BYTES / 1024 / 1024) as i64,
                ),
            );
        } else if images::sniff(&file.bytes).is_none() {
            errors.add("pictures", problem::not_a_picture(file.filename.clone()));
        }
    }
    errors
}

impl Orders {
    /// The lines of one of the buyer's orders, with their reviews (a
    /// guest shows an access token).
    pub async fn order_reviews(&self, proof: &BuyerProof<'_>, order: Uuid) -> Result<OrderReviews> {
        let row = self.buyer_order_row(proof, order).await?;
        let items = order_items::Entity::find()
            .filter(order_items::Column::OrderId.eq(row.id))
            .order_by_asc(order_items::Column::CreatedAt)
            .all(&self.db)
            .await?;
        let written = reviews::Entity::find()
            .filter(reviews::Column::OrderId.eq(row.id))
            .all(&self.db)
            .await?;
        let mut views = self.review_views(written).await?;
        let open = reviewable(&row) || items.iter().any(completed_booking);
        let lines = items
            .into_iter()
            .map(|item| ReviewableLine {
                order_item_id: item.id,
                product_id: item.product_id,
                title: item.title,
                image_url: item.image_url,
                review: views
                    .iter()
                    .position(|v| v.order_item_id == item.id)
                    .map(|i| views.swap_remove(i)),
            })
            .collect();
        Ok(OrderReviews {
            order_id: row.id,
            number: row.number.clone(),
            open,
            lines,
        })
    }

    /// Refuses a review of an order that is not the sender's, before its
    /// pictures are read.
    pub async fn check_may_review(&self, proof: &BuyerProof<'_>, order: Uuid) -> Result<()> {
        self.buyer_order_row(proof, order).await.map(|_| ())
    }

    /// Writes the buyer's review of one line of a delivered order, once.
    #[tracing::instrument(skip_all, fields(%order, %line, pictures = pictures.len()))]
    pub async fn write_review(
        &self,
        proof: &BuyerProof<'_>,
        order: Uuid,
        line: Uuid,
        input: &ReviewInput,
        pictures: Vec<Upload>,
    ) -> Result<ReviewView> {
        let row = self.buyer_order_row(proof, order).await?;
        let item = order_items::Entity::find_by_id(line)
            .filter(order_items::Column::OrderId.eq(row.id))
            .one(&self.db)
            .await?
            .ok_or(Error::ReviewNotFound)?;
        if !reviewable(&row) && !completed_booking(&item) {
            return Err(Error::NotReviewable);
        }
        let errors = check(input, &pictures);
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        if reviews::Entity::find()
            .filter(reviews::Column::OrderItemId.eq(item.id))
            .one(&self.db)
            .await?
            .is_some()
        {
            return Err(Error::AlreadyReviewed);
        }
        let id = Uuid::now_v7();
        let stored = self.store_pictures(id, pictures).await?;
        let written = self.record_review(&row, &item, id, input, &stored).await;
        if written.is_err() {
            for picture in &stored {
                discard_picture(self.media.as_ref(), id, *picture).await;
            }
        }
        written?;
        let review = reviews::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(Error::ReviewNotFound)?;
        self.review_views(vec![review])
            .await?
            .pop()
            .ok_or(Error::ReviewNotFound)
    }

    /// The review's row, its pictures' rows and the listing's rating, in
    /// one transaction.
    async fn record_review(
        &self,
        order: &orders::Model,
        item: &order_items::Model,
        id: Uuid,
        input: &ReviewInput,
        pictures: &[Uuid],
    ) -> Result<()> {
        // checked to be 1 to 5 before
        let rating = input.rating.trim().parse::<i16>().unwrap_or(5).clamp(1, 5);
        let now = Utc::now();
        let txn = entity::db::begin_write(&self.db).await?;
        let inserted = reviews::Entity::insert(reviews::ActiveModel {
            id: Set(id),
            order_item_id: Set(item.id),
            order_id: Set(order.id),
            product_id: Set(item.product_id),
            cooperative_id: Set(order.cooperative_id),
            author_id: Set(order.buyer_id),
            author_name: Set(shown_name(&order.buyer_name)),
            rating: Set(rating),
            body: Set(input.body.trim().to_owned()),
            status: Set("visible".to_owned()),
            hidden_reason: Set(None),
            hidden_at: Set(None),
            hidden_by: Set(None),
            reply: Set(None),
            replied_at: Set(None),
            replied_by: Set(None),
            open_reports: Set(0),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec_without_returning(&txn)
        .await;
        match inserted {
            Err(e) if entity::is_unique_violation(&e, "order_item_id") => {
                return Err(Error::AlreadyReviewed);
            }
            other => other?,
        };
        if !pictures.is_empty() {
            review_pictures::Entity::insert_many(pictures.iter().zip(0..).map(
                |(picture, position)| review_pictures::ActiveModel {
                    id: Set(*picture),
                    review_id: Set(id),
                    position: Set(position),
                    created_at: Set(now),
                },
            ))
            .exec_without_returning(&txn)
            .await?;
        }
        if let Some(product) = item.product_id {
            Catalog::rate(&txn, ProductId(product), 1, i32::from(rating)).await?;
        }
        txn.commit().await?;
        Ok(())
    }

    /// Each picture made safe (upright, no EXIF) in three sizes and
    /// stored; if one fails, none stays.
    async fn store_pictures(&self, review: Uuid, pictures: Vec<Upload>) -> Result<Vec<Uuid>> {
        let mut stored = Vec::with_capacity(pictures.len());
        for upload in pictures {
            let id = Uuid::now_v7();
            let filename = upload.filename.clone();
            let result = catalog::media::store_picture(
                self.media.as_ref(),
                &picture_key(review, id),
                upload.bytes,
            )
            .await;
            match result {
                Ok(_) => stored.push(id),
                Err(e) => {
                    for picture in &stored {
                        discard_picture(self.media.as_ref(), review, *picture).await;
                    }
                    return Err(match e {
                        catalog::media::StoreError::Picture(ImageError::TooManyPixels) => {
                            Error::Invalid(FieldErrors::single(
                                "pictures",
                                problem::image_too_many_pixels(),
                            ))
                        }
                        catalog::media::StoreError::Picture(_) => Error::Invalid(
                            FieldErrors::single("pictures", problem::not_a_picture(filename)),
                        ),
                        catalog::media::StoreError::Store(e) => Error::Catalog(e),
                    });
                }
            }
        }
        Ok(stored)
    }
}

/// Whether a line books an experience that took place.
fn completed_booking(item: &order_items::Model) -> bool {
    item.booking_status.as_deref() == Some(crate::bookings::BookingStatus::Completed.as_str())
}

/// Whether an order's lines may be reviewed: once it was delivered.
fn reviewable(order: &orders::Model) -> bool {
    REVIEWABLE_STATUSES.contains(&order.status.as_str())
}

/// Where a review's picture is stored.
pub(crate) fn picture_key(review: Uuid, picture: Uuid) -> String {
    format!("reviews/{review}/{picture}")
}

async fn discard_picture(media: &dyn MediaStore, review: Uuid, picture: Uuid) {
    let names: Vec<String> = catalog::ImageSize::ALL
        .iter()
        .map(|s| format!("{}.jpg", s.name()))
        .collect();
    catalog::media::discard(media, &picture_key(review, picture), &names).await;
}
