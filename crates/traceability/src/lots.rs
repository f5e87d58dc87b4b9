//! Recording lots and reading them back.

use std::collections::HashMap;

use accounts::{Action, Actor, authorize};
use chrono::Utc;
use entity::json::{IdList, LotMaker, LotMakers, LotMaterial, LotMaterials};
use entity::{
    certifications, cooperatives, lot_diary_entries, lot_recall_notices, lot_scans, lots,
    product_variants, products,
};
use kernel::{CooperativeId, FieldErrors, Locale, Page, PageRequest, problem};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::access::hide;
use crate::model::{
    CertificationStanding, DiaryEntryView, LotCertification, LotFilter, LotInput, LotSummary,
    LotView, Maker, Material, RecallView,
};
use crate::{Error, Result, Traceability, new_code, validate};

#[derive(Debug, FromQueryResult)]
struct Count {
    lot_id: Uuid,
    total: Option<i64>,
}

/// Everything a lot's views are made of, read at once for many lots.
pub(crate) struct Context {
    coops: HashMap<Uuid, cooperatives::Model>,
    products: HashMap<Uuid, products::Model>,
    variants: HashMap<Uuid, product_variants::Model>,
    certifications: HashMap<Uuid, certifications::Model>,
    scans: HashMap<Uuid, i64>,
    notices: HashMap<Uuid, i64>,
}

impl Context {
    pub(crate) async fn read<C: ConnectionTrait>(conn: &C, rows: &[lots::Model]) -> Result<Self> {
        let ids: Vec<Uuid> = rows.iter().map(|l| l.id).collect();
        let coops = cooperatives::Entity::find()
            .filter(cooperatives::Column::Id.is_in(rows.iter().map(|l| l.cooperative_id)))
            .all(conn)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        let products = products::Entity::find()
            .filter(products::Column::Id.is_in(rows.iter().filter_map(|l| l.product_id)))
            .all(conn)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        let variants = product_variants::Entity::find()
            .filter(product_variants::Column::Id.is_in(rows.iter().filter_map(|l| l.variant_id)))
            .all(conn)
            .await?
            .into_iter()
            .map(|v| (v.id, v))
            .collect();
        // the certifications are the catalogue's: read here, judged at
        // read time exactly as the catalogue judges its badges
        let certifications = certifications::Entity::find()
            .filter(
                certifications::Column::Id.is_in(
                    rows.iter()
                        .flat_map(|l| l.certification_ids.0.iter().copied()),
                ),
            )
            .all(conn)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        let scans = lot_scans::Entity::find()
            .select_only()
            .column(lot_scans::Column::LotId)
            .column_as(ExprTrait::sum(Expr::col(lot_scans::Column::Count)), "total")
            .filter(lot_scans::Column::LotId.is_in(ids.clone()))
            .group_by(lot_scans::Column::LotId)
            .into_model::<Count>()
            .all(conn)
            .await?
            .into_iter()
            .map(|c| (c.lot_id, c.total.unwrap_or(0)))
            .collect();
        let notices = lot_recall_notices::Entity::find()
            .select_only()
            .column(lot_recall_notices::Column::LotId)
            .column_as(
                ExprTrait::count(Expr::col(lot_recall_notices::Column::Id)),
                "total",
            )
            .filter(lot_recall_notices::Column::LotId.is_in(ids))
            .group_by(lot_recall_notices::Column::LotId)
            .into_model::<Count>()
            .all(conn)
            .await?
            .into_iter()
            .map(|c| (c.lot_id, c.total.unwrap_or(0)))
            .collect();
        Ok(Self {
            coops,
            products,
            variants,
            certifications,
            scans,
            notices,
        })
    }

    pub(crate) fn summary(&self, row: &lots::Model, locale: Locale) -> LotSummary {
        LotSummary {
            id: row.id,
            code: row.code.clone(),
            lot_number: row.lot_number.clone(),
            cooperative_id: CooperativeId(row.cooperative_id),
            cooperative_name: self
                .coops
                .get(&row.cooperative_id)
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            product_id: row.product_id,
            product_title: self.title(row).get(locale).to_owned(),
            quantity: row.quantity,
            unit: row.unit.clone(),
            status: row.status.clone(),
            recalled_at: row.recalled_at,
            buyers_notified: self.notices.get(&row.id).copied().unwrap_or(0),
            scans_total: self.scans.get(&row.id).copied().unwrap_or(0),
            created_at: row.created_at,
        }
    }

    pub(crate) fn certifications(&self, row: &lots::Model) -> Vec<LotCertification> {
        let today = kernel::time::today_in_vietnam(Utc::now());
        row.certification_ids
            .0
            .iter()
            .filter_map(|id| self.certifications.get(id))
            .map(|c| {
                let standing = match c.status {
                    certifications::Status::Rejected => CertificationStanding::Withdrawn,
                    certifications::Status::Pending => CertificationStanding::Pending,
                    certifications::Status::Verified => {
                        if c.expires_on.is_some_and(|d| d < today) {
                            CertificationStanding::Expired
                        } else {
                            CertificationStanding::Valid
                        }
                    }
                };
                LotCertification {
                    id: c.id,
                    kind: kind_name(c.kind).to_owned(),
                    name: c.name.clone(),
                    number: c.number.clone(),
                    issuer: c.issuer.clone(),
                    stars: c.stars,
                    expires_on: c.expires_on,
                    standing,
                }
            })
            .collect()
    }

    pub(crate) fn product(&self, row: &lots::Model) -> Option<&products::Model> {
        row.product_id.and_then(|id| self.products.get(&id))
    }

    /// The listing's title now, or the one it had when the lot was
    /// recorded.
    pub(crate) fn title<'a>(&'a self, row: &'a lots::Model) -> &'a kernel::I18nText {
        self.product(row).map_or(&row.product_title, |p| &p.title)
    }

    pub(crate) fn cooperative(&self, row: &lots::Model) -> Option<&cooperatives::Model> {
        self.coops.get(&row.cooperative_id)
    }

    pub(crate) fn variant_sku(&self, row: &lots::Model) -> Option<String> {
        row.variant_id
            .and_then(|v| self.variants.get(&v))
            .map(|v| v.sku.clone())
    }
}

fn kind_name(kind: certifications::Kind) -> &'static str {
    match kind {
        certifications::Kind::Vietgap => "vietgap",
        certifications::Kind::Ocop => "ocop",
        certifications::Kind::Organic => "organic",
        certifications::Kind::Award => "award",
    }
}

pub(crate) fn makers(row: &lots::Model) -> Vec<Maker> {
    row.makers
        .0
        .iter()
        .map(|m| Maker {
            name: m.name.clone(),
            role: m.role.clone(),
        })
        .collect()
}

pub(crate) fn materials(row: &lots::Model) -> Vec<Material> {
    row.materials
        .0
        .iter()
        .map(|m| Material {
            name: m.name.clone(),
            origin: m.origin.clone(),
        })
        .collect()
}

pub(crate) fn recall_of(row: &lots::Model) -> Option<RecallView> {
    row.recalled_at.map(|at| RecallView {
        recalled_at: at,
        reason: row.recall_reason.clone().unwrap_or_default(),
    })
}

pub(crate) async fn diary<C: ConnectionTrait>(conn: &C, lot: Uuid) -> Result<Vec<DiaryEntryView>> {
    Ok(lot_diary_entries::Entity::find()
        .filter(lot_diary_entries::Column::LotId.eq(lot))
        .order_by_asc(lot_diary_entries::Column::HappenedOn)
        .order_by_asc(lot_diary_entries::Column::CreatedAt)
        .all(conn)
        .await?
        .into_iter()
        .map(|e| DiaryEntryView {
            id: e.id,
            safe_from: e
                .pre_harvest_interval_days
                .filter(|_| e.kind == "input")
                .map(|d| e.happened_on + chrono::Duration::days(i64::from(d))),
            kind: e.kind,
            happened_on: e.happened_on,
            title: e.title,
            detail: e.detail,
            input_name: e.input_name,
            dose: e.dose,
            pre_harvest_interval_days: e.pre_harvest_interval_days,
            photo_url: e.photo_url,
        })
        .collect())
}

impl Traceability {
    /// The GS1 Digital Link address of a lot with a GTIN.
    pub fn gs1_url(&self, gtin: &str, lot_number: &str) -> String {
        format!(
            "{}/01/{gtin}/10/{}",
            self.config.site_url,
            percent_encode(lot_number)
        )
    }

    pub(crate) async fn view(&self, row: lots::Model, locale: Locale) -> Result<LotView> {
        let ctx = Context::read(&self.db, std::slice::from_ref(&row)).await?;
        let diary = diary(&self.db, row.id).await?;
        let product = ctx.product(&row);
        let coop = ctx.cooperative(&row);
        Ok(LotView {
            id: row.id,
            url: self.page_url(&row.code),
            gs1_url: row
                .gtin
                .as_deref()
                .map(|g| self.gs1_url(g, &row.lot_number)),
            code: row.code.clone(),
            cooperative_id: CooperativeId(row.cooperative_id),
            cooperative_slug: coop.map(|c| c.slug.clone()).unwrap_or_default(),
            cooperative_name: coop.map(|c| c.name.clone()).unwrap_or_default(),
            product_id: row.product_id,
            product_slug: product.map(|p| p.slug.clone()).unwrap_or_default(),
            product_title: ctx.title(&row).get(locale).to_owned(),
            product_translations: ctx.title(&row).clone(),
            variant_id: row.variant_id,
            variant_sku: ctx.variant_sku(&row),
            lot_number: row.lot_number.clone(),
            gtin: row.gtin.clone(),
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
            notes: row.notes.clone(),
            status: row.status.clone(),
            recall: recall_of(&row),
            diary,
            scans_total: ctx.scans.get(&row.id).copied().unwrap_or(0),
            created_at: row.created_at,
        })
    }

    /// Records a lot of one of `cooperative`'s listings, for its members.
    #[tracing::instrument(skip_all, fields(cooperative = %cooperative))]
    pub async fn create_lot(
        &self,
        actor: &Actor,
        cooperative: CooperativeId,
        input: &LotInput,
        locale: Locale,
    ) -> Result<LotView> {
        authorize(Some(actor), Action::ManageListings(cooperative)).map_err(|d| match d {
            accounts::Denied::NotFound if actor.is_staff() => {
                Error::Denied(accounts::Denied::Forbidden)
            }
            accounts::Denied::NotFound => Error::CooperativeNotFound,
            other => Error::Denied(other),
        })?;
        let mut errors = FieldErrors::new();
        let checked = validate::lot(input, &mut errors);
        let txn = entity::db::begin_write(&self.db).await?;
        let mut title = None;
        if let Some(product) = input.product_id {
            let found = products::Entity::find_by_id(product)
                .filter(products::Column::CooperativeId.eq(cooperative.uuid()))
                .one(&txn)
                .await?;
            title = found.as_ref().map(|p| p.title.clone());
            if found.is_none() {
                errors.add("product_id", problem::not_this_cooperatives_listing());
            } else if let Some(variant) = input.variant_id {
                let found = product_variants::Entity::find_by_id(variant)
                    .filter(product_variants::Column::ProductId.eq(product))
                    .one(&txn)
                    .await?;
                if found.is_none() {
                    errors.add("variant_id", problem::not_this_listings_variant());
                }
            }
        }
        let mut certs: Vec<Uuid> = input.certification_ids.clone();
        certs.sort();
        certs.dedup();
        if !certs.is_empty() {
            let found = certifications::Entity::find()
                .filter(certifications::Column::Id.is_in(certs.clone()))
                .filter(certifications::Column::CooperativeId.eq(cooperative.uuid()))
                .count(&txn)
                .await?;
            if found != certs.len() as u64 {
                errors.add(
                    "certification_ids",
                    problem::not_this_cooperatives_certification(),
                );
            }
        }
        if !checked.lot_number.is_empty() {
            let taken = lots::Entity::find()
                .filter(lots::Column::CooperativeId.eq(cooperative.uuid()))
                .filter(lots::Column::LotNumber.eq(checked.lot_number.clone()))
                .count(&txn)
                .await?;
            if taken > 0 {
                errors.add("lot_number", problem::lot_number_taken());
            }
        }
        errors.into_result(()).map_err(Error::Invalid)?;
        let Some(product_id) = input.product_id else {
            return Err(Error::Invalid(FieldErrors::single(
                "product_id",
                problem::required(),
            )));
        };
        let now = Utc::now();
        let id = Uuid::now_v7();
        let row = lots::ActiveModel {
            id: Set(id),
            cooperative_id: Set(cooperative.uuid()),
            product_id: Set(Some(product_id)),
            product_title: Set(title.unwrap_or_default()),
            variant_id: Set(input.variant_id),
            code: Set(new_code()?),
            lot_number: Set(checked.lot_number),
            gtin: Set(checked.gtin),
            quantity: Set(checked.quantity),
            unit: Set(checked.unit),
            harvested_on: Set(input.harvested_on),
            produced_on: Set(input.produced_on),
            packed_on: Set(input.packed_on),
            best_before: Set(input.best_before),
            commune: Set(checked.commune),
            place: Set(checked.place),
            makers: Set(LotMakers(
                checked
                    .makers
                    .into_iter()
                    .map(|(name, role)| LotMaker { name, role })
                    .collect(),
            )),
            materials: Set(LotMaterials(
                checked
                    .materials
                    .into_iter()
                    .map(|(name, origin)| LotMaterial { name, origin })
                    .collect(),
            )),
            certification_ids: Set(IdList(certs)),
            notes: Set(checked.notes),
            status: Set("open".into()),
            recalled_at: Set(None),
            recall_reason: Set(None),
            recalled_by: Set(None),
            created_by: Set(Some(actor.user_id.uuid())),
            created_at: Set(now),
            updated_at: Set(now),
        };
        let inserted = lots::Entity::insert(row).exec_without_returning(&txn).await;
        match inserted {
            Ok(_) => {}
            Err(e) if entity::is_unique_violation(&e, "lot_number") => {
                return Err(Error::Invalid(FieldErrors::single(
                    "lot_number",
                    problem::lot_number_taken(),
                )));
            }
            Err(e) => return Err(e.into()),
        }
        txn.commit().await?;
        let row = lots::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(Error::LotNotFound)?;
        self.view(row, locale).await
    }

    /// One lot, for its cooperative's members and union staff.
    pub async fn lot(&self, actor: &Actor, id: Uuid, locale: Locale) -> Result<LotView> {
        let row = self.readable(actor, id).await?;
        self.view(row, locale).await
    }

    /// A cooperative's lots, newest first, for its members and union staff.
    pub async fn cooperative_lots(
        &self,
        actor: &Actor,
        cooperative: CooperativeId,
        filter: &LotFilter,
        page: PageRequest,
        locale: Locale,
    ) -> Result<Page<LotSummary>> {
        authorize(Some(actor), Action::ViewCooperative(cooperative)).map_err(|d| match d {
            accounts::Denied::NotFound => Error::CooperativeNotFound,
            other => Error::Denied(other),
        })?;
        let select =
            lots::Entity::find().filter(lots::Column::CooperativeId.eq(cooperative.uuid()));
        self.page_of(select, filter, page, locale).await
    }

    /// Every lot of the market, newest first, for union staff.
    pub async fn all_lots(
        &self,
        actor: &Actor,
        filter: &LotFilter,
        page: PageRequest,
        locale: Locale,
    ) -> Result<Page<LotSummary>> {
        authorize(Some(actor), Action::Moderate).map_err(hide)?;
        self.page_of(lots::Entity::find(), filter, page, locale)
            .await
    }

    async fn page_of(
        &self,
        select: sea_orm::Select<lots::Entity>,
        filter: &LotFilter,
        page: PageRequest,
        locale: Locale,
    ) -> Result<Page<LotSummary>> {
        let mut select = select;
        if let Some(status) = filter.status.as_deref() {
            if !matches!(status, "open" | "recalled") {
                return Err(Error::Invalid(FieldErrors::single(
                    "status",
                    problem::not_one_of(&["open", "recalled"]),
                )));
            }
            select = select.filter(lots::Column::Status.eq(status));
        }
        let total = select.clone().count(&self.db).await?;
        let rows = select
            .order_by_desc(lots::Column::CreatedAt)
            .order_by_desc(lots::Column::Id)
            .offset(page.offset())
            .limit(page.per_page())
            .all(&self.db)
            .await?;
        let ctx = Context::read(&self.db, &rows).await?;
        Ok(Page::new(
            rows.iter().map(|r| ctx.summary(r, locale)).collect(),
            page,
            total,
        ))
    }
}

/// `text` fit for a path segment.
pub(crate) fn percent_encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
