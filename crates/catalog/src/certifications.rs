//! Certifications a cooperative holds — VietGAP, OCOP stars, organic,
//! awards — with the evidence it sends, and union staff verifying them.
//!
//! Shoppers see a badge only while the certification is verified and its
//! expiry date (in Vietnam) has not passed: the check is made on every read,
//! so a badge hides itself the day after it expires without anyone acting.
//!
//! Validity rules: VietGAP certificates last at most 2 years; OCOP stars
//! 36 months (the expiry date is filled in from the issue date when left
//! out); organic certificates at most 3 years; an award needs its name and
//! date and may have no expiry.

use std::collections::HashMap;

use accounts::{Action, Actor, authorize};
use chrono::{Months, NaiveDate, Utc};
use entity::audit::{self, Entry};
use entity::{certifications, cooperatives, products};
use kernel::{CertificationId, CooperativeId, FieldErrors, Page, PageRequest, ProductId, problem};
use notify::mail;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::uploads::{MAX_DOCUMENT_BYTES, Upload, clean_filename, sniff_document};
use crate::{Catalog, CertificationKind, CooperativeRef, Error, Result};

/// What a cooperative types about a certification (every field as text,
/// as forms send it).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct CertificationForm {
    /// `vietgap`, `ocop`, `organic` or `award`.
    pub kind: String,
    /// The one listing it covers (slug or id); empty for the whole
    /// cooperative.
    pub product: String,
    /// The award's or standard's name.
    pub name: String,
    /// Certificate number.
    pub number: String,
    /// Certifying body.
    pub issuer: String,
    /// OCOP level: `district`, `province` or `national`.
    pub level: String,
    /// OCOP stars: 3, 4 or 5.
    pub stars: String,
    /// Issued, `YYYY-MM-DD`.
    pub issued_on: String,
    /// Expires, `YYYY-MM-DD`.
    pub expires_on: String,
}

/// Where a certification stands with union staff.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CertificationStatus {
    /// Waiting for staff.
    Pending,
    /// Checked by staff.
    Verified,
    /// Refused by staff.
    Rejected,
}

impl CertificationStatus {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Verified => "verified",
            Self::Rejected => "rejected",
        }
    }

    /// A status from its name.
    pub fn parse(name: &str) -> Option<Self> {
        [Self::Pending, Self::Verified, Self::Rejected]
            .into_iter()
            .find(|s| s.as_str() == name)
    }

    fn model(self) -> certifications::Status {
        match self {
            Self::Pending => certifications::Status::Pending,
            Self::Verified => certifications::Status::Verified,
            Self::Rejected => certifications::Status::Rejected,
        }
    }
}

/// A certification as its cooperative and union staff see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CertificationRecord {
    /// Id.
    pub id: CertificationId,
    /// Holder.
    pub cooperative: CooperativeRef,
    /// The one listing it covers.
    pub product: Option<(ProductId, String)>,
    /// Kind.
    pub kind: CertificationKind,
    /// The award's or standard's name.
    pub name: Option<String>,
    /// Certificate number.
    pub number: Option<String>,
    /// Certifying body.
    pub issuer: Option<String>,
    /// OCOP level.
    pub level: Option<String>,
    /// OCOP stars.
    pub stars: Option<i16>,
    /// Issued.
    pub issued_on: Option<NaiveDate>,
    /// Expires.
    pub expires_on: Option<NaiveDate>,
    /// Standing with staff.
    pub status: CertificationStatus,
    /// Why staff rejected it.
    pub review_note: Option<String>,
    /// When staff decided.
    pub reviewed_at: Option<chrono::DateTime<Utc>>,
    /// The evidence file's name.
    pub evidence_filename: Option<String>,
    /// Its expiry date has passed (in Vietnam).
    pub expired: bool,
    /// Shoppers see its badge now: verified and not expired.
    pub shown: bool,
    /// Sent.
    pub created_at: chrono::DateTime<Utc>,
}

/// What union staff decide about a certification.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CertificationDecision {
    /// It checks out.
    Verify,
    /// It does not (or no longer), with the reason.
    Reject(String),
}

impl CertificationDecision {
    /// A decision from its name and reason; rejecting needs a reason.
    pub fn parse(name: &str, reason: Option<&str>) -> Result<Self> {
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        match (name, reason) {
            ("verify", _) => Ok(Self::Verify),
            ("reject", Some(r)) => Ok(Self::Reject(r.to_owned())),
            ("reject", None) => Err(Error::Invalid(FieldErrors::single(
                "reason",
                problem::required(),
            ))),
            _ => Err(Error::Invalid(FieldErrors::single(
                "decision",
                problem::not_one_of(&["verify", "reject"]),
            ))),
        }
    }

    fn name(&self) -> &'static str {
        match self {
            Self::Verify => "verify",
            Self::Reject(_) => "reject",
        }
    }
}

/// A certification that passed the checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidCertification {
    /// Kind.
    pub kind: CertificationKind,
    /// Name.
    pub name: Option<String>,
    /// Number.
    pub number: Option<String>,
    /// Issuer.
    pub issuer: Option<String>,
    /// OCOP level.
    pub level: Option<String>,
    /// OCOP stars.
    pub stars: Option<i16>,
    /// Issued.
    pub issued_on: Option<NaiveDate>,
    /// Expires.
    pub expires_on: Option<NaiveDate>,
}

fn date(errors: &mut FieldErrors, field: &str, text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let parsed = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y"));
    match parsed {
        Ok(d) => Some(d),
        Err(_) => {
            errors.add(field, problem::not_a_date());
            None
        }
    }
}

fn text(errors: &mut FieldErrors, field: &str, value: &str, max: usize) -> Option<String> {
    let value = value.trim();
    if value.chars().count() > max {
        errors.add(field, problem::too_long(max as i64));
    }
    (!value.is_empty()).then(|| value.to_owned())
}

/// Checks a certification against the rules of its kind; `today` is the
/// date in Vietnam.
pub fn validate(
    form: &CertificationForm,
    today: NaiveDate,
) -> Result<ValidCertification, FieldErrors> {
    let mut errors = FieldErrors::new();
    let kind = CertificationKind::parse(form.kind.trim());
    if kind.is_none() {
        errors.add("kind", problem::certification_kind_unknown());
    }
    let name = text(&mut errors, "name", &form.name, 200);
    let number = text(&mut errors, "number", &form.number, 100);
    let issuer = text(&mut errors, "issuer", &form.issuer, 200);
    let issued_on = date(&mut errors, "issued_on", &form.issued_on);
    let mut expires_on = date(&mut errors, "expires_on", &form.expires_on);
    if issued_on.is_some_and(|d| d > today) {
        errors.add("issued_on", problem::in_the_future());
    }
    let mut level = None;
    let mut stars = None;
    let required = |errors: &mut FieldErrors, field: &str, present: bool| {
        if !present {
            errors.add(field, problem::required());
        }
    };
    let at_most = |errors: &mut FieldErrors,
                   issued_on: Option<NaiveDate>,
                   expires_on: Option<NaiveDate>,
                   months: u32,
                   too_long: fn(i64) -> kernel::Problem| {
        if let (Some(issued), Some(expires)) = (issued_on, expires_on) {
            if expires <= issued {
                errors.add("expires_on", problem::not_after_issue_date());
            } else if issued
                .checked_add_months(Months::new(months))
                .is_some_and(|limit| expires > limit)
            {
                errors.add("expires_on", too_long(i64::from(months)));
            }
        }
    };
    match kind {
        Some(CertificationKind::Vietgap) => {
            required(&mut errors, "number", number.is_some());
            required(&mut errors, "issuer", issuer.is_some());
            required(&mut errors, "issued_on", issued_on.is_some());
            required(&mut errors, "expires_on", expires_on.is_some());
            at_most(
                &mut errors,
                issued_on,
                expires_on,
                24,
                problem::vietgap_too_long,
            );
        }
        Some(CertificationKind::Ocop) => {
            match form.stars.trim().parse::<i16>() {
                Ok(n @ 3..=5) => stars = Some(n),
                _ => errors.add("stars", problem::ocop_stars()),
            }
            match form.level.trim() {
                l @ ("district" | "province" | "national") => level = Some(l.to_owned()),
                _ => errors.add("level", problem::certification_level_unknown()),
            }
            required(&mut errors, "issued_on", issued_on.is_some());
            if expires_on.is_none() {
                expires_on = issued_on.and_then(|d| d.checked_add_months(Months::new(36)));
            }
            at_most(
                &mut errors,
                issued_on,
                expires_on,
                36,
                problem::ocop_too_long,
            );
        }
        Some(CertificationKind::Organic) => {
            required(&mut errors, "number", number.is_some());
            required(&mut errors, "issuer", issuer.is_some());
            required(&mut errors, "issued_on", issued_on.is_some());
            required(&mut errors, "expires_on", expires_on.is_some());
            at_most(
                &mut errors,
                issued_on,
                expires_on,
                36,
                problem::organic_too_long,
            );
        }
        Some(CertificationKind::Award) => {
            required(&mut errors, "name", name.is_some());
            required(&mut errors, "issued_on", issued_on.is_some());
            if let (Some(issued), Some(expires)) = (issued_on, expires_on)
                && expires <= issued
            {
                errors.add("expires_on", problem::not_after_issue_date());
            }
        }
        None => {}
    }
    errors.into_result(ValidCertification {
        kind: kind.unwrap_or(CertificationKind::Award),
        name,
        number,
        issuer,
        level,
        stars,
        issued_on,
        expires_on,
    })
}

fn kind_model(kind: CertificationKind) -> certifications::Kind {
    match kind {
        CertificationKind::Vietgap => certifications::Kind::Vietgap,
        CertificationKind::Ocop => certifications::Kind::Ocop,
        CertificationKind::Organic => certifications::Kind::Organic,
        CertificationKind::Award => certifications::Kind::Award,
    }
}

fn kind_of(kind: certifications::Kind) -> CertificationKind {
    match kind {
        certifications::Kind::Vietgap => CertificationKind::Vietgap,
        certifications::Kind::Ocop => CertificationKind::Ocop,
        certifications::Kind::Organic => CertificationKind::Organic,
        certifications::Kind::Award => CertificationKind::Award,
    }
}

fn status_of(status: certifications::Status) -> CertificationStatus {
    match status {
        certifications::Status::Pending => CertificationStatus::Pending,
        certifications::Status::Verified => CertificationStatus::Verified,
        certifications::Status::Rejected => CertificationStatus::Rejected,
    }
}

/// How a certification is named in e-mails: `VietGAP · VG-26-0417`.
fn label(c: &certifications::Model) -> String {
    let kind = match c.kind {
        certifications::Kind::Vietgap => "VietGAP".to_owned(),
        certifications::Kind::Ocop => format!("OCOP {}★", c.stars.unwrap_or_default()),
        certifications::Kind::Organic => "Organic".to_owned(),
        certifications::Kind::Award => c.name.clone().unwrap_or_else(|| "Award".to_owned()),
    };
    match &c.number {
        Some(number) => format!("{kind} · {number}"),
        None => kind,
    }
}

impl Catalog {
    /// Sends a certification with its evidence (PDF, JPEG or PNG, at most
    /// 10 MB) for union staff to verify.
    #[tracing::instrument(skip_all, fields(cooperative = %cooperative))]
    pub async fn add_certification(
        &self,
        actor: &Actor,
        cooperative: CooperativeId,
        form: &CertificationForm,
        evidence: Option<Upload>,
    ) -> Result<CertificationId> {
        authorize(Some(actor), Action::ManageListings(cooperative))
            .map_err(|d| self.hide(d, cooperative))?;
        let today = kernel::time::today_in_vietnam(Utc::now());
        let mut errors = FieldErrors::new();
        let valid = validate(form, today).map_err(|e| errors.merge(e)).ok();
        let product_key = form.product.trim();
        let product = if product_key.is_empty() {
            None
        } else {
            let found = products::Entity::find()
                .filter(products::Column::CooperativeId.eq(cooperative.uuid()))
                .filter(match Uuid::parse_str(product_key) {
                    Ok(id) => products::Column::Id.eq(id),
                    Err(_) => products::Column::Slug.eq(product_key),
                })
                .one(&self.db)
                .await?;
            if found.is_none() {
                errors.add("product", problem::not_a_listing_of_cooperative());
            }
            found.map(|p| p.id)
        };
        let evidence = match evidence {
            None => {
                errors.add("evidence", problem::evidence_missing());
                None
            }
            Some(upload) if upload.bytes.len() > MAX_DOCUMENT_BYTES => {
                return Err(Error::TooLarge("the evidence may be at most 10 MB".into()));
            }
            Some(upload) => match sniff_document(&upload.bytes) {
                Some(content_type) => Some((upload, content_type)),
                None => {
                    return Err(Error::UnsupportedMediaType(
                        "the evidence must be a PDF, JPEG or PNG file".into(),
                    ));
                }
            },
        };
        let (Some(valid), Some((upload, content_type))) = (valid, evidence) else {
            return Err(Error::Invalid(errors));
        };
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        let id = Uuid::now_v7();
        let key = format!("certifications/{cooperative}/{id}");
        let file = format!("original.{}", crate::media::extension(content_type));
        let filename = clean_filename(&upload.filename);
        self.documents.put(&key, &file, upload.bytes).await?;
        let recorded = async {
            let now = Utc::now();
            let txn = entity::db::begin_write(&self.db).await?;
            certifications::Entity::insert(certifications::ActiveModel {
                id: Set(id),
                cooperative_id: Set(cooperative.uuid()),
                product_id: Set(product),
                kind: Set(kind_model(valid.kind)),
                name: Set(valid.name),
                number: Set(valid.number),
                issuer: Set(valid.issuer),
                level: Set(valid.level),
                stars: Set(valid.stars),
                issued_on: Set(valid.issued_on),
                expires_on: Set(valid.expires_on),
                status: Set(certifications::Status::Pending),
                evidence_key: Set(Some(key.clone())),
                reviewed_by: Set(None),
                reviewed_at: Set(None),
                review_note: Set(None),
                evidence_filename: Set(Some(filename)),
                evidence_content_type: Set(Some(content_type.to_owned())),
                submitted_by: Set(Some(actor.user_id.uuid())),
                created_at: Set(now),
                updated_at: Set(now),
            })
            .exec(&txn)
            .await?;
            audit::record(
                &txn,
                Entry {
                    actor_id: Some(actor.user_id.uuid()),
                    action: "certification.submit".into(),
                    target_type: "certification".into(),
                    target_id: id.to_string(),
                    reason: None,
                    request_id: actor.request_id.clone(),
                    data: Some(serde_json::json!({
                        "cooperative_id": cooperative,
                        "kind": valid.kind.as_str(),
                    })),
                },
            )
            .await?;
            txn.commit().await?;
            Ok::<_, Error>(CertificationId(id))
        }
        .await;
        if recorded.is_err() {
            crate::media::discard(self.documents.as_ref(), &key, &[file]).await;
        }
        recorded
    }

    /// A cooperative's certifications in every state, for its members and
    /// union staff.
    pub async fn cooperative_certifications(
        &self,
        actor: &Actor,
        cooperative: CooperativeId,
    ) -> Result<Vec<CertificationRecord>> {
        authorize(Some(actor), Action::ViewCooperative(cooperative))
            .map_err(|d| self.hide(d, cooperative))?;
        let rows = certifications::Entity::find()
            .filter(certifications::Column::CooperativeId.eq(cooperative.uuid()))
            .order_by_desc(certifications::Column::CreatedAt)
            .all(&self.db)
            .await?;
        self.certification_records(rows).await
    }

    /// Certifications across cooperatives for union staff: by default the
    /// ones waiting, oldest first.
    pub async fn certification_queue(
        &self,
        actor: &Actor,
        status: Option<CertificationStatus>,
        page: PageRequest,
    ) -> Result<Page<CertificationRecord>> {
        authorize(Some(actor), Action::Moderate)?;
        let status = status.unwrap_or(CertificationStatus::Pending);
        let select = certifications::Entity::find()
            .filter(certifications::Column::Status.eq(status.model()));
        let total = select.clone().count(&self.db).await?;
        let select = if status == CertificationStatus::Pending {
            select.order_by_asc(certifications::Column::CreatedAt)
        } else {
            select.order_by_desc(certifications::Column::UpdatedAt)
        };
        let rows = select
            .order_by_asc(certifications::Column::Id)
            .offset(page.offset())
            .limit(page.per_page())
            .all(&self.db)
            .await?;
        let items = self.certification_records(rows).await?;
        Ok(Page::new(items, page, total))
    }

    async fn certification_records(
        &self,
        rows: Vec<certifications::Model>,
    ) -> Result<Vec<CertificationRecord>> {
        let today = kernel::time::today_in_vietnam(Utc::now());
        let coop_ids: Vec<Uuid> = rows.iter().map(|c| c.cooperative_id).collect();
        let product_ids: Vec<Uuid> = rows.iter().filter_map(|c| c.product_id).collect();
        let coops: HashMap<Uuid, cooperatives::Model> = cooperatives::Entity::find()
            .filter(cooperatives::Column::Id.is_in(coop_ids))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        let titles: HashMap<Uuid, String> = products::Entity::find()
            .filter(products::Column::Id.is_in(product_ids))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|p| (p.id, p.title.vi))
            .collect();
        Ok(rows
            .into_iter()
            .map(|c| {
                let coop = coops.get(&c.cooperative_id);
                let expired = c.expires_on.is_some_and(|d| d < today);
                let status = status_of(c.status);
                CertificationRecord {
                    id: CertificationId(c.id),
                    cooperative: CooperativeRef {
                        id: CooperativeId(c.cooperative_id),
                        slug: coop.map(|c| c.slug.clone()).unwrap_or_default(),
                        name: coop.map(|c| c.name.clone()).unwrap_or_default(),
                    },
                    product: c
                        .product_id
                        .map(|id| (ProductId(id), titles.get(&id).cloned().unwrap_or_default())),
                    kind: kind_of(c.kind),
                    name: c.name,
                    number: c.number,
                    issuer: c.issuer,
                    level: c.level,
                    stars: c.stars,
                    issued_on: c.issued_on,
                    expires_on: c.expires_on,
                    status,
                    review_note: c.review_note,
                    reviewed_at: c.reviewed_at,
                    evidence_filename: c.evidence_filename,
                    expired,
                    shown: status == CertificationStatus::Verified && !expired,
                    created_at: c.created_at,
                }
            })
            .collect())
    }

    async fn certification_row(&self, id: CertificationId) -> Result<certifications::Model> {
        certifications::Entity::find_by_id(id.uuid())
            .one(&self.db)
            .await?
            .ok_or(Error::CertificationNotFound)
    }

    /// One certification, for the holder's members and union staff.
    pub async fn certification(
        &self,
        actor: &Actor,
        id: CertificationId,
    ) -> Result<CertificationRecord> {
        let row = self.certification_row(id).await?;
        authorize(
            Some(actor),
            Action::ViewCooperative(CooperativeId(row.cooperative_id)),
        )
        .map_err(|d| match d {
            accounts::Denied::NotFound => Error::CertificationNotFound,
            other => Error::Denied(other),
        })?;
        self.certification_records(vec![row])
            .await?
            .pop()
            .ok_or(Error::CertificationNotFound)
    }

    /// The evidence file: (name, content type, bytes), for the holder's
    /// members and union staff.
    pub async fn certification_evidence(
        &self,
        actor: &Actor,
        id: CertificationId,
    ) -> Result<(String, String, Vec<u8>)> {
        let row = self.certification_row(id).await?;
        authorize(
            Some(actor),
            Action::ViewCooperative(CooperativeId(row.cooperative_id)),
        )
        .map_err(|d| match d {
            accounts::Denied::NotFound => Error::CertificationNotFound,
            other => Error::Denied(other),
        })?;
        let (Some(key), Some(content_type)) = (row.evidence_key, row.evidence_content_type) else {
            return Err(Error::DocumentNotFound);
        };
        let name = format!("original.{}", crate::media::extension(&content_type));
        let bytes = self.documents.get(&key, &name).await?;
        Ok((
            row.evidence_filename.unwrap_or_else(|| name.clone()),
            content_type,
            bytes,
        ))
    }

    /// Withdraws a certification (its badge goes at once).
    pub async fn delete_certification(&self, actor: &Actor, id: CertificationId) -> Result<()> {
        let row = self.certification_row(id).await?;
        authorize(
            Some(actor),
            Action::ManageListings(CooperativeId(row.cooperative_id)),
        )
        .map_err(|d| match d {
            accounts::Denied::NotFound => Error::CertificationNotFound,
            other => Error::Denied(other),
        })?;
        let txn = entity::db::begin_write(&self.db).await?;
        certifications::Entity::delete_by_id(row.id)
            .exec(&txn)
            .await?;
        audit::record(
            &txn,
            Entry {
                actor_id: Some(actor.user_id.uuid()),
                action: "certification.withdraw".into(),
                target_type: "certification".into(),
                target_id: row.id.to_string(),
                reason: None,
                request_id: actor.request_id.clone(),
                data: Some(serde_json::json!({ "cooperative_id": row.cooperative_id })),
            },
        )
        .await?;
        reindex_holders(&txn, &row, None).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Union staff verify or reject a certification (a verified one may be
    /// rejected later, which removes its badge). Audit-logged and e-mailed
    /// to the cooperative's owners and managers.
    #[tracing::instrument(skip_all, fields(certification = %id, decision = decision.name()))]
    pub async fn decide_certification(
        &self,
        actor: &Actor,
        id: CertificationId,
        decision: CertificationDecision,
    ) -> Result<CertificationStatus> {
        authorize(Some(actor), Action::Moderate)?;
        let txn = entity::db::begin_write(&self.db).await?;
        let row = certifications::Entity::find_by_id(id.uuid())
            .one(&txn)
            .await?
            .ok_or(Error::CertificationNotFound)?;
        let to = match (&decision, row.status) {
            (CertificationDecision::Verify, certifications::Status::Pending) => {
                if row.evidence_key.is_none() {
                    return Err(Error::InvalidTransition(
                        "there is no evidence to verify".into(),
                    ));
                }
                certifications::Status::Verified
            }
            (
                CertificationDecision::Reject(_),
                certifications::Status::Pending | certifications::Status::Verified,
            ) => certifications::Status::Rejected,
            (_, from) => {
                return Err(Error::InvalidTransition(format!(
                    "a {} certification cannot be {}ed",
                    status_of(from).as_str(),
                    decision.name()
                )));
            }
        };
        let now = Utc::now();
        let reason = match &decision {
            CertificationDecision::Reject(r) => Some(r.clone()),
            CertificationDecision::Verify => None,
        };
        let changed = certifications::Entity::update_many()
            .col_expr(certifications::Column::Status, Expr::value(to))
            .col_expr(
                certifications::Column::ReviewNote,
                Expr::value(reason.clone()),
            )
            .col_expr(
                certifications::Column::ReviewedBy,
                Expr::value(Some(actor.user_id.uuid())),
            )
            .col_expr(certifications::Column::ReviewedAt, Expr::value(Some(now)))
            .col_expr(certifications::Column::UpdatedAt, Expr::value(now))
            .filter(certifications::Column::Id.eq(row.id))
            .filter(certifications::Column::Status.eq(row.status))
            .exec(&txn)
            .await?;
        if changed.rows_affected != 1 {
            return Err(Error::InvalidTransition(
                "the certification changed meanwhile; reload and decide again".into(),
            ));
        }
        audit::record(
            &txn,
            Entry {
                actor_id: Some(actor.user_id.uuid()),
                action: format!("certification.{}", decision.name()),
                target_type: "certification".into(),
                target_id: row.id.to_string(),
                reason: reason.clone(),
                request_id: actor.request_id.clone(),
                data: Some(serde_json::json!({
                    "from": status_of(row.status).as_str(),
                    "to": status_of(to).as_str(),
                    "cooperative_id": row.cooperative_id,
                })),
            },
        )
        .await?;
        reindex_holders(&txn, &row, None).await?;
        if matches!(decision, CertificationDecision::Verify) {
            // the badge hides itself when it expires; so must the facet
            reindex_holders(&txn, &row, row.expires_on.and_then(expiry_instant)).await?;
        }
        let coop = cooperatives::Entity::find_by_id(row.cooperative_id)
            .one(&txn)
            .await?
            .ok_or(Error::CertificationNotFound)?;
        for recipient in self.listing_recipients(&txn, row.cooperative_id).await? {
            match &decision {
                CertificationDecision::Verify => {
                    let content = mail::CertificationVerified {
                        cooperative_name: coop.name.clone(),
                        certification: label(&row),
                        expires_on: row.expires_on.map(|d| d.format("%d/%m/%Y").to_string()),
                    };
                    self.mailer.enqueue(&txn, &recipient, &content).await?;
                }
                CertificationDecision::Reject(reason) => {
                    let content = mail::CertificationRejected {
                        cooperative_name: coop.name.clone(),
                        certification: label(&row),
                        reason: reason.clone(),
                    };
                    self.mailer.enqueue(&txn, &recipient, &content).await?;
                }
            }
        }
        txn.commit().await?;
        Ok(status_of(to))
    }
}

/// Enqueues a search index job for what a certification covers: its listing,
/// or all of its cooperative's; at `at` when given (its expiry).
async fn reindex_holders(
    txn: &sea_orm::DatabaseTransaction,
    row: &certifications::Model,
    at: Option<chrono::DateTime<Utc>>,
) -> Result<()> {
    use crate::search_feed::{IndexJob, enqueue_at};
    let job = match row.product_id {
        Some(id) => IndexJob::Products {
            ids: vec![kernel::ProductId(id)],
        },
        None => IndexJob::Cooperative {
            id: CooperativeId(row.cooperative_id),
        },
    };
    enqueue_at(txn, job, at).await
}

/// The moment a certification valid through `last_day` (in Vietnam) stops
/// showing: the next midnight in Vietnam, plus a minute.
fn expiry_instant(last_day: chrono::NaiveDate) -> Option<chrono::DateTime<Utc>> {
    let next = last_day.succ_opt()?.and_hms_opt(0, 1, 0)?;
    Some(next.and_utc() - chrono::Duration::hours(7))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn vietgap(issued: &str, expires: &str) -> CertificationForm {
        CertificationForm {
            kind: "vietgap".into(),
            number: "VietGAP-TT-26-0417".into(),
            issuer: "Trung tâm Kiểm nghiệm".into(),
            issued_on: issued.into(),
            expires_on: expires.into(),
            ..CertificationForm::default()
        }
    }

    #[test]
    fn a_vietgap_certificate_lasts_at_most_two_years() {
        let today = day("2026-11-26");
        assert!(validate(&vietgap("2025-01-10", "2027-01-10"), today).is_ok());
        let errors = validate(&vietgap("2025-01-10", "2027-01-11"), today).unwrap_err();
        assert!(errors.get("expires_on").is_some(), "{errors}");
        let errors = validate(&vietgap("2026-01-10", "2025-01-10"), today).unwrap_err();
        assert!(errors.get("expires_on").is_some(), "{errors}");
    }

    #[test]
    fn ocop_needs_three_to_five_stars_and_a_level_and_lasts_36_months() {
        let today = day("2026-11-26");
        let form = CertificationForm {
            kind: "ocop".into(),
            stars: "4".into(),
            level: "province".into(),
            issued_on: "2025-03-01".into(),
            ..CertificationForm::default()
        };
        let valid = validate(&form, today).unwrap();
        assert_eq!(valid.stars, Some(4));
        assert_eq!(valid.expires_on, Some(day("2028-03-01")));
        let bad = CertificationForm {
            stars: "2".into(),
            level: "village".into(),
            ..form
        };
        let errors = validate(&bad, today).unwrap_err();
        assert!(errors.get("stars").is_some());
        assert!(errors.get("level").is_some());
    }

    #[test]
    fn an_award_needs_its_name_and_a_certificate_cannot_come_from_the_future() {
        let today = day("2026-11-26");
        let form = CertificationForm {
            kind: "award".into(),
            issued_on: "2027-01-01".into(),
            ..CertificationForm::default()
        };
        let errors = validate(&form, today).unwrap_err();
        assert!(errors.get("name").is_some());
        assert!(errors.get("issued_on").is_some());
        let errors = validate(
            &CertificationForm {
                kind: "diploma".into(),
                ..CertificationForm::default()
            },
            today,
        )
        .unwrap_err();
        assert!(errors.get("kind").is_some());
    }
}
