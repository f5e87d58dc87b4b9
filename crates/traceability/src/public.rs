//! A lot's public page: what anyone who scans its label sees, in their
//! language, with its certifications as they stand on the day.

use entity::{lots, products};
use kernel::Locale;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::lots::{Context, diary, makers, materials, recall_of};
use crate::model::PublicLot;
use crate::{Error, Result, Traceability, normalize_code};

impl Traceability {
    /// The public page of the lot with `code`.
    pub async fn public_lot(&self, code: &str, locale: Locale) -> Result<PublicLot> {
        let code = normalize_code(code).ok_or(Error::LotNotFound)?;
        let row = lots::Entity::find()
            .filter(lots::Column::Code.eq(code))
            .one(&self.db)
            .await?
            .ok_or(Error::LotNotFound)?;
        let ctx = Context::read(&self.db, std::slice::from_ref(&row)).await?;
        let product = ctx.product(&row);
        let coop = ctx.cooperative(&row);
        let on_sale = product
            .is_some_and(|p| p.status == products::Status::Published && !p.taken_down)
            && coop.is_some_and(|c| c.status == entity::cooperatives::Status::Approved);
        let recall = recall_of(&row);
        Ok(PublicLot {
            url: self.page_url(&row.code),
            code: row.code.clone(),
            lot_number: row.lot_number.clone(),
            cooperative_name: coop.map(|c| c.name.clone()).unwrap_or_default(),
            cooperative_slug: coop.map(|c| c.slug.clone()).unwrap_or_default(),
            product_title: ctx.title(&row).get(locale).to_owned(),
            variant_sku: ctx.variant_sku(&row),
            buy_url: product
                .filter(|_| on_sale && recall.is_none())
                .map(|p| format!("/products/{}", p.slug)),
            quantity: row.quantity,
            unit: row.unit.clone(),
            harvested_on: row.harvested_on,
            produced_on: row.produced_on,
            packed_on: row.packed_on,
            best_before: row.best_before,
            commune: row.commune.clone(),
            place: row.place.clone(),
            makers: makers(&row),
            materials: materials(&row),
            certifications: ctx.certifications(&row),
            diary: diary(&self.db, row.id).await?,
            recall,
        })
    }

    /// The code of the lot a GS1 Digital Link address names: the GTIN and
    /// the lot number.
    pub async fn code_for_gs1(&self, gtin: &str, lot_number: &str) -> Result<String> {
        lots::Entity::find()
            .filter(lots::Column::Gtin.eq(gtin))
            .filter(lots::Column::LotNumber.eq(lot_number))
            .one(&self.db)
            .await?
            .map(|l| l.code)
            .ok_or(Error::LotNotFound)
    }
}
