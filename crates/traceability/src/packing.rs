//! Picking the lot of each line when packing an order: the lines of a
//! tracked listing are offered its lots that are not recalled; the choice
//! is checked here (a lot of the order's cooperative, of the line's
//! listing and variant, not recalled) and recorded on the order's lines by
//! the orders.

use std::collections::HashMap;

use accounts::Actor;
use entity::lots;
use kernel::{FieldErrors, Locale, problem};
use orders::lots::{LotChoice, PackingOrder};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::model::{LotOption, PackingInput, PackingLineView, PackingView};
use crate::{Error, Result, Traceability};

/// Whether `lot` may be packed for a line of `product` / `variant`.
fn fits(lot: &lots::Model, product: Option<Uuid>, variant: Option<Uuid>) -> bool {
    lot.product_id.is_some()
        && lot.product_id == product
        && (lot.variant_id.is_none() || lot.variant_id == variant)
}

impl Traceability {
    /// An order's lines with the lots that fit each, for the members of
    /// its cooperative.
    pub async fn packing(&self, actor: &Actor, order: Uuid, locale: Locale) -> Result<PackingView> {
        let order = self.orders.packing_order(actor, order).await?;
        let lots = self.open_lots_of(&order).await?;
        Ok(view_of(&order, &lots, locale))
    }

    /// Records the lot of each line given; every lot must fit its line and
    /// not be recalled. Until the order is shipped.
    #[tracing::instrument(skip_all, fields(order = %order))]
    pub async fn choose_lots(
        &self,
        actor: &Actor,
        order: Uuid,
        input: &PackingInput,
        locale: Locale,
    ) -> Result<PackingView> {
        let packing = self.orders.packing_order(actor, order).await?;
        let mut errors = FieldErrors::new();
        let ids: Vec<Uuid> = input.lines.iter().filter_map(|l| l.lot_id).collect();
        let chosen: HashMap<Uuid, lots::Model> = lots::Entity::find()
            .filter(lots::Column::Id.is_in(ids))
            .filter(lots::Column::CooperativeId.eq(packing.cooperative_id.uuid()))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|l| (l.id, l))
            .collect();
        let mut choices = Vec::new();
        for (i, line) in input.lines.iter().enumerate() {
            let item = line
                .item_id
                .and_then(|id| packing.lines.iter().find(|l| l.item_id == id));
            let Some(item) = item else {
                errors.add(format!("lines[{i}].item_id"), problem::required());
                continue;
            };
            let Some(lot_id) = line.lot_id else {
                errors.add(format!("lines[{i}].lot_id"), problem::required());
                continue;
            };
            match chosen.get(&lot_id) {
                None => errors.add(
                    format!("lines[{i}].lot_id"),
                    problem::lot_of_another_product(),
                ),
                Some(lot) if !fits(lot, item.product_id, item.variant_id) => errors.add(
                    format!("lines[{i}].lot_id"),
                    problem::lot_of_another_product(),
                ),
                Some(lot) if lot.status != "open" => {
                    errors.add(format!("lines[{i}].lot_id"), problem::lot_recalled())
                }
                Some(lot) => choices.push(LotChoice {
                    item_id: item.item_id,
                    lot_id: lot.id,
                    trace_code: lot.code.clone(),
                }),
            }
        }
        errors.into_result(()).map_err(Error::Invalid)?;
        let txn = entity::db::begin_write(&self.db).await?;
        // a lot recalled meanwhile is refused: read again under the lock
        let recalled = lots::Entity::find()
            .filter(lots::Column::Id.is_in(choices.iter().map(|c| c.lot_id)))
            .filter(lots::Column::Status.ne("open"))
            .one(&txn)
            .await?;
        if recalled.is_some() {
            return Err(Error::Invalid(FieldErrors::single(
                "lines",
                problem::lot_recalled(),
            )));
        }
        self.orders.record_lots(&txn, &packing, &choices).await?;
        txn.commit().await?;
        self.packing(actor, order, locale).await
    }

    async fn open_lots_of(&self, order: &PackingOrder) -> Result<Vec<lots::Model>> {
        let products: Vec<Uuid> = order.lines.iter().filter_map(|l| l.product_id).collect();
        Ok(lots::Entity::find()
            .filter(lots::Column::CooperativeId.eq(order.cooperative_id.uuid()))
            .filter(lots::Column::ProductId.is_in(products))
            .filter(lots::Column::Status.eq("open"))
            .order_by_desc(lots::Column::CreatedAt)
            .all(&self.db)
            .await?)
    }
}

fn view_of(order: &PackingOrder, lots: &[lots::Model], locale: Locale) -> PackingView {
    PackingView {
        order_id: order.order_id,
        number: order.number.clone(),
        status: order.status.as_str().to_owned(),
        open: order.lots_open(),
        lines: order
            .lines
            .iter()
            .map(|line| PackingLineView {
                item_id: line.item_id,
                sku: line.sku.clone(),
                title: line.title.get(locale).to_owned(),
                quantity: line.quantity,
                lot_id: line.lot_id,
                lots: lots
                    .iter()
                    .filter(|l| fits(l, line.product_id, line.variant_id))
                    .map(|l| LotOption {
                        lot_id: l.id,
                        lot_number: l.lot_number.clone(),
                        code: l.code.clone(),
                    })
                    .collect(),
            })
            .collect(),
    }
}
