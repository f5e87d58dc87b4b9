//! The documents a shipment needs, by destination and goods: the market
//! makes the proforma and commercial invoices and the packing list; the
//! cooperative uploads the certificate of origin (its form depends on the
//! destination), a fumigation certificate for handicrafts of plant
//! material (bamboo, rattan, sedge) and a phytosanitary certificate for
//! produce, as PDF files
//! kept in the private document store. The importer downloads them all.

use std::collections::{HashMap, HashSet};

use accounts::Actor;
use chrono::Utc;
use entity::{
    categories, export_documents, export_orders, products, quote_request_lines, quote_requests,
};
use kernel::{FieldErrors, problem};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::access::{may_answer, side_of};
use crate::model::{
    DocumentKind, ExportStatus, Goods, PLANT_MATERIAL_CATEGORIES, PRODUCE_CATEGORIES, origin_form,
    required_documents,
};
use crate::{Error, Exports, Result};

/// The largest document accepted.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;

/// One document of an export order's checklist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DocumentSlot {
    /// Which.
    pub kind: DocumentKind,
    /// Needed before shipping.
    pub required: bool,
    /// Made by the market (always there).
    pub generated: bool,
    /// There (made, or uploaded).
    pub present: bool,
    /// For the certificate of origin: the form the destination takes.
    pub form: Option<String>,
    /// The uploaded file's name.
    pub filename: Option<String>,
    /// Its size.
    pub size_bytes: Option<i64>,
    /// Uploaded.
    pub uploaded_at: Option<chrono::DateTime<Utc>>,
    /// Where to download it.
    pub href: String,
}

impl Exports {
    /// What the goods of `request` are: from the categories (or their
    /// parents) of its listed lines, or — for a request of custom designs
    /// only — of what the cooperative lists.
    async fn goods(&self, request: &quote_requests::Model) -> Result<Goods> {
        let lines = quote_request_lines::Entity::find()
            .filter(quote_request_lines::Column::RequestId.eq(request.id))
            .all(&self.db)
            .await?;
        let mut product_ids: Vec<Uuid> = lines.iter().filter_map(|l| l.product_id).collect();
        if product_ids.is_empty() {
            product_ids = products::Entity::find()
                .filter(products::Column::CooperativeId.eq(request.cooperative_id))
                .filter(products::Column::Status.eq(products::Status::Published))
                .all(&self.db)
                .await?
                .into_iter()
                .map(|p| p.id)
                .collect();
        }
        let category_ids: HashSet<Uuid> = products::Entity::find()
            .filter(products::Column::Id.is_in(product_ids))
            .all(&self.db)
            .await?
            .into_iter()
            .filter_map(|p| p.category_id)
            .collect();
        if category_ids.is_empty() {
            return Ok(Goods::default());
        }
        let tree: HashMap<Uuid, (String, Option<Uuid>)> = categories::Entity::find()
            .all(&self.db)
            .await?
            .into_iter()
            .map(|c| (c.id, (c.slug, c.parent_id)))
            .collect();
        let within = |roots: &[&str]| {
            category_ids.iter().any(|&start| {
                let mut at = Some(start);
                for _ in 0..16 {
                    let Some((slug, parent)) = at.and_then(|id| tree.get(&id)) else {
                        return false;
                    };
                    if roots.contains(&slug.as_str()) {
                        return true;
                    }
                    at = *parent;
                }
                false
            })
        };
        Ok(Goods {
            plant_material: within(PLANT_MATERIAL_CATEGORIES),
            produce: within(PRODUCE_CATEGORIES),
        })
    }

    pub(crate) async fn document_slots(
        &self,
        order: &export_orders::Model,
        request: &quote_requests::Model,
    ) -> Result<Vec<DocumentSlot>> {
        let required = required_documents(self.goods(request).await?);
        let uploaded: HashMap<String, export_documents::Model> = export_documents::Entity::find()
            .filter(export_documents::Column::ExportOrderId.eq(order.id))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|d| (d.kind.clone(), d))
            .collect();
        Ok(DocumentKind::ALL
            .into_iter()
            .filter(|k| k.generated() || required.contains(k) || uploaded.contains_key(k.as_str()))
            .map(|kind| {
                let file = uploaded.get(kind.as_str());
                DocumentSlot {
                    kind,
                    required: required.contains(&kind),
                    generated: kind.generated(),
                    present: kind.generated() || file.is_some(),
                    form: (kind == DocumentKind::CertificateOfOrigin)
                        .then(|| origin_form(&request.country).to_owned()),
                    filename: file.map(|f| f.filename.clone()),
                    size_bytes: file.map(|f| f.size_bytes),
                    uploaded_at: file.map(|f| f.created_at),
                    href: format!(
                        "/api/v1/export-orders/{}/documents/{}",
                        order.id,
                        kind.as_str()
                    ),
                }
            })
            .collect())
    }

    /// Whether `actor` may upload documents of `order` (asked before a
    /// large body is read).
    pub async fn check_may_upload(&self, actor: &Actor, order: Uuid) -> Result<()> {
        let (_, request) = self.order_row(&self.db, order).await?;
        may_answer(actor, &request).map_err(Error::of_order)
    }

    /// The cooperative uploads a shipping document (a PDF) of an export
    /// order before it ships; a second upload of the same kind replaces
    /// the first.
    pub async fn upload_document(
        &self,
        actor: &Actor,
        order: Uuid,
        kind: &str,
        filename: &str,
        bytes: Vec<u8>,
    ) -> Result<DocumentSlot> {
        let (row, request) = self.order_row(&self.db, order).await?;
        may_answer(actor, &request).map_err(Error::of_order)?;
        let mut errors = FieldErrors::new();
        let kind = match DocumentKind::parse(kind).filter(|k| !k.generated()) {
            Some(k) => Some(k),
            None => {
                errors.add("kind", problem::not_one_of(DocumentKind::UPLOADED));
                None
            }
        };
        let name = filename.trim();
        let name = if name.is_empty() {
            "document.pdf"
        } else {
            name
        };
        if bytes.is_empty() {
            errors.add("file", problem::file_empty(name.to_owned()));
        } else if bytes.len() > MAX_BYTES {
            errors.add(
                "file",
                problem::file_too_large(name.to_owned(), (MAX_BYTES / (1024 * 1024)) as i64),
            );
        } else if !bytes.starts_with(b"%PDF-") {
            errors.add("file", problem::not_a_pdf(name.to_owned()));
        }
        errors.into_result(()).map_err(Error::Invalid)?;
        let kind = kind.ok_or(Error::DocumentNotFound)?;
        let status = ExportStatus::parse(&row.status).unwrap_or(ExportStatus::AwaitingDeposit);
        if status >= ExportStatus::Shipped {
            return Err(Error::InvalidStep {
                from: status,
                to: status,
            });
        }
        let key = format!("export/{}/{}", row.id, Uuid::now_v7());
        let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
        self.documents.put(&key, "file.pdf", bytes).await?;
        let txn = entity::db::begin_write(&self.db).await?;
        export_documents::Entity::delete_many()
            .filter(export_documents::Column::ExportOrderId.eq(row.id))
            .filter(export_documents::Column::Kind.eq(kind.as_str()))
            .exec(&txn)
            .await?;
        export_documents::Entity::insert(export_documents::ActiveModel {
            id: Set(Uuid::now_v7()),
            export_order_id: Set(row.id),
            kind: Set(kind.as_str().to_owned()),
            filename: Set(name.chars().take(200).collect()),
            size_bytes: Set(size),
            storage_key: Set(key),
            uploaded_by: Set(Some(actor.user_id.uuid())),
            created_at: Set(Utc::now()),
        })
        .exec_without_returning(&txn)
        .await?;
        txn.commit().await?;
        self.document_slots(&row, &request)
            .await?
            .into_iter()
            .find(|d| d.kind == kind)
            .ok_or(Error::DocumentNotFound)
    }

    /// An uploaded document's file name and bytes, for the importer, the
    /// cooperative and union staff.
    pub async fn uploaded_document(
        &self,
        actor: Option<&Actor>,
        order: Uuid,
        kind: DocumentKind,
    ) -> Result<(String, Vec<u8>)> {
        let (row, request) = self.order_row(&self.db, order).await?;
        side_of(actor, &request).map_err(Error::of_order)?;
        let doc = export_documents::Entity::find()
            .filter(export_documents::Column::ExportOrderId.eq(row.id))
            .filter(export_documents::Column::Kind.eq(kind.as_str()))
            .one(&self.db)
            .await?
            .ok_or(Error::DocumentNotFound)?;
        let bytes = self.documents.get(&doc.storage_key, "file.pdf").await?;
        Ok((doc.filename, bytes))
    }
}

impl Exports {
    /// A document of an export order as a file name and PDF bytes, for the
    /// importer, the cooperative and union staff: made by the market, or
    /// as the cooperative uploaded it.
    pub async fn document(
        &self,
        actor: Option<&Actor>,
        order: Uuid,
        kind: DocumentKind,
    ) -> Result<(String, Vec<u8>)> {
        if kind.generated() {
            return self.paper(actor, order, kind).await;
        }
        self.uploaded_document(actor, order, kind).await
    }
}
