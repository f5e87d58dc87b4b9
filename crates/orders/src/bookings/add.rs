//! Booking a session from the cart.

use catalog::Catalog;
use chrono::Utc;
use entity::{cart_items, product_variants};
use kernel::{FieldErrors, problem};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::cart::{self, CartOwner, CartView};
use crate::{Error, Orders, Result};

/// A session to book, and for whom.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct BookingInput {
    /// The session (one of the experience's `sessions`).
    pub session_id: Option<Uuid>,
    /// Adults (at least one).
    #[serde(deserialize_with = "kernel::whole::deserialize")]
    pub adults: i32,
    /// Children.
    #[serde(deserialize_with = "kernel::whole::deserialize")]
    pub children: i32,
}

impl Orders {
    /// Puts a booking of a session in `owner`'s cart: booking the same
    /// session again sets its people anew. Refused with the fields named
    /// when the session is closed, past or too full, or the group's size is
    /// outside the experience's limits.
    pub async fn add_booking_to_cart(
        &self,
        owner: &CartOwner,
        input: &BookingInput,
    ) -> Result<CartView> {
        let txn = entity::db::begin_write(&self.db).await?;
        let found = match input.session_id {
            Some(id) => Catalog::session(&txn, id).await?,
            None => None,
        };
        let Some((session, terms)) = found else {
            return Err(Error::Invalid(FieldErrors::single(
                "session_id",
                match input.session_id {
                    Some(_) => problem::session_not_open(),
                    None => problem::required(),
                },
            )));
        };
        if !cart::buyable(&txn, session.product_id).await? {
            return Err(Error::ProductUnavailable);
        }
        let mut errors = FieldErrors::new();
        let people = input.adults.saturating_add(input.children);
        if !(1..=cart::MAX_QUANTITY).contains(&input.adults) {
            errors.add("adults", problem::whole_number_between(1, 50));
        } else if !(0..=cart::MAX_QUANTITY).contains(&input.children) {
            errors.add("children", problem::whole_number_between(0, 50));
        } else if !(terms.min_people..=terms.max_people).contains(&people) {
            errors.add(
                "adults",
                problem::people_between(terms.min_people, terms.max_people),
            );
        }
        if session.closed || session.starts_at <= Utc::now() {
            errors.add("session_id", problem::session_not_open());
        } else if session.places_left < people {
            errors.add("session_id", problem::no_places_left(session.places_left));
        }
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        let variant = product_variants::Entity::find()
            .filter(product_variants::Column::ProductId.eq(session.product_id))
            .order_by_asc(product_variants::Column::Position)
            .order_by_asc(product_variants::Column::Id)
            .one(&txn)
            .await?
            .ok_or(Error::ProductUnavailable)?;
        let cart = self.cart_for_writing(&txn, owner).await?;
        let now = Utc::now();
        let existing = cart_items::Entity::find()
            .filter(cart_items::Column::CartId.eq(cart))
            .filter(cart_items::Column::VariantId.eq(variant.id))
            .filter(cart_items::Column::SessionId.eq(session.id))
            .one(&txn)
            .await?;
        match existing {
            Some(line) => {
                cart_items::Entity::update_many()
                    .col_expr(cart_items::Column::Quantity, Expr::value(input.adults))
                    .col_expr(cart_items::Column::Children, Expr::value(input.children))
                    .col_expr(cart_items::Column::UpdatedAt, Expr::value(now))
                    .filter(cart_items::Column::Id.eq(line.id))
                    .exec(&txn)
                    .await?;
            }
            None => {
                cart::room_for_a_line(&txn, cart, "session_id").await?;
                cart_items::Entity::insert(cart_items::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    cart_id: Set(cart),
                    variant_id: Set(variant.id),
                    quantity: Set(input.adults),
                    session_id: Set(Some(session.id)),
                    children: Set(input.children),
                    created_at: Set(now),
                    updated_at: Set(now),
                })
                .exec_without_returning(&txn)
                .await?;
            }
        }
        cart::touch(&txn, cart).await?;
        txn.commit().await?;
        cart::view(&self.db, self.media.as_ref(), cart).await
    }
}
