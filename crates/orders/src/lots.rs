//! Which lot was packed for each line of an order. The traceability desk
//! decides which lots fit a line (its own tables); the orders record the
//! choice on their lines, and tell whose orders contained a lot when it is
//! recalled.

use accounts::{Action, Actor, authorize};
use entity::{order_items, orders, users};
use kernel::{CooperativeId, I18nText, Locale};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Serialize;
use uuid::Uuid;

use crate::lifecycle::status_of;
use crate::{Error, OrderStatus, Orders, Result};

/// A line of an order to pack.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PackingLine {
    /// The line.
    pub item_id: Uuid,
    /// The listing, while it exists.
    pub product_id: Option<Uuid>,
    /// The variant, while it exists.
    pub variant_id: Option<Uuid>,
    /// SKU at checkout.
    pub sku: String,
    /// Title at checkout.
    pub title: I18nText,
    /// How many.
    pub quantity: i32,
    /// The lot chosen so far.
    pub lot_id: Option<Uuid>,
}

/// An order as its packer sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PackingOrder {
    /// The order.
    pub order_id: Uuid,
    /// Its number.
    pub number: String,
    /// The seller.
    pub cooperative_id: CooperativeId,
    /// Where it is.
    pub status: OrderStatus,
    /// Its lines.
    pub lines: Vec<PackingLine>,
}

impl PackingOrder {
    /// Whether lots may still be chosen: until it is shipped.
    pub fn lots_open(&self) -> bool {
        matches!(
            self.status,
            OrderStatus::PendingPayment | OrderStatus::Confirmed | OrderStatus::Packed
        )
    }
}

/// A lot chosen for a line, with the code of its page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LotChoice {
    /// The line.
    pub item_id: Uuid,
    /// The lot.
    pub lot_id: Uuid,
    /// The lot's public code.
    pub trace_code: String,
}

/// A buyer whose order contained a lot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LotBuyer {
    /// The order.
    pub order_id: Uuid,
    /// Its number.
    pub number: String,
    /// The buyer's name.
    pub name: String,
    /// The buyer's e-mail address.
    pub email: String,
    /// The buyer's language (Vietnamese for guests).
    pub locale: Locale,
    /// How many of the lot the order had.
    pub quantity: i32,
}

impl Orders {
    /// An order's lines for packing, for the members of its cooperative.
    pub async fn packing_order(&self, actor: &Actor, order: Uuid) -> Result<PackingOrder> {
        let row = orders::Entity::find_by_id(order)
            .one(&self.db)
            .await?
            .ok_or(Error::OrderNotFound)?;
        authorize(
            Some(actor),
            Action::ManageOrders(CooperativeId(row.cooperative_id)),
        )
        .map_err(|d| match d {
            accounts::Denied::NotFound => Error::OrderNotFound,
            other => Error::Denied(other),
        })?;
        let lines = order_items::Entity::find()
            .filter(order_items::Column::OrderId.eq(row.id))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|i| PackingLine {
                item_id: i.id,
                product_id: i.product_id,
                variant_id: i.variant_id,
                sku: i.sku,
                title: i.title,
                quantity: i.quantity,
                lot_id: i.lot_id,
            })
            .collect();
        Ok(PackingOrder {
            order_id: row.id,
            number: row.number.clone(),
            cooperative_id: CooperativeId(row.cooperative_id),
            status: status_of(&row)?,
            lines,
        })
    }

    /// Records the lots chosen for lines of `order` (the caller checked
    /// that each fits its line and read the order with
    /// [`Self::packing_order`]); refused once the order has left.
    pub async fn record_lots<C: ConnectionTrait>(
        &self,
        conn: &C,
        order: &PackingOrder,
        choices: &[LotChoice],
    ) -> Result<()> {
        if !order.lots_open() {
            return Err(Error::InvalidTransition {
                from: order.status,
                to: OrderStatus::Packed,
            });
        }
        for choice in choices {
            order_items::Entity::update_many()
                .set(order_items::ActiveModel {
                    lot_id: Set(Some(choice.lot_id)),
                    trace_code: Set(Some(choice.trace_code.clone())),
                    ..Default::default()
                })
                .filter(order_items::Column::Id.eq(choice.item_id))
                .filter(order_items::Column::OrderId.eq(order.order_id))
                .exec(conn)
                .await?;
        }
        Ok(())
    }
}

/// The orders whose lines carry `lot` (cancelled ones left out), one per
/// order, with how many of the lot each had.
pub async fn orders_with_lot<C: ConnectionTrait>(conn: &C, lot: Uuid) -> Result<Vec<LotBuyer>> {
    let items = order_items::Entity::find()
        .filter(order_items::Column::LotId.eq(lot))
        .all(conn)
        .await?;
    let mut quantities: std::collections::BTreeMap<Uuid, i32> = Default::default();
    for item in &items {
        *quantities.entry(item.order_id).or_default() += item.quantity;
    }
    let rows = orders::Entity::find()
        .filter(orders::Column::Id.is_in(quantities.keys().copied()))
        .filter(orders::Column::Status.ne(OrderStatus::Cancelled.as_str()))
        .all(conn)
        .await?;
    let buyer_ids: Vec<Uuid> = rows.iter().filter_map(|r| r.buyer_id).collect();
    let locales: std::collections::HashMap<Uuid, Locale> = users::Entity::find()
        .filter(users::Column::Id.is_in(buyer_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u.locale.parse().unwrap_or(Locale::Vi)))
        .collect();
    let mut out: Vec<LotBuyer> = rows
        .into_iter()
        .map(|r| LotBuyer {
            order_id: r.id,
            quantity: quantities.get(&r.id).copied().unwrap_or(0),
            locale: r
                .buyer_id
                .and_then(|b| locales.get(&b).copied())
                .unwrap_or(Locale::Vi),
            number: r.number,
            name: r.buyer_name,
            email: r.buyer_email,
        })
        .collect();
    out.sort_by(|a, b| a.number.cmp(&b.number));
    Ok(out)
}
