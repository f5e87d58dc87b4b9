//! "Sell with us": applications from cooperatives, cooperative groups and
//! household businesses, their evidence documents, and the applicant
//! following and correcting their application until staff decide.

use accounts::{Action, Actor, authorize};
use chrono::Utc;
use entity::audit::{self, Entry};
use entity::{cooperative_documents, cooperatives};
use kernel::{CooperativeId, FieldErrors, I18nText, UserId, problem, slugify};
use notify::mail::ApplicationReceived;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::uploads::{MAX_DOCUMENT_BYTES, MAX_DOCUMENTS, Upload, clean_filename, sniff_document};
use crate::{Catalog, CooperativeKind, Error, Result};

/// An application as submitted: text as typed, checked by [`validate`].
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ApplicationForm {
    /// Legal name.
    pub legal_name: String,
    /// `cooperative`, `cooperative_group` or `household_business`.
    pub kind: String,
    /// Business registration number.
    pub registration_number: String,
    /// Tax code: 10 digits, or 13 (a branch: `0101234567-001`).
    pub tax_code: String,
    /// Province or centrally run city.
    pub province: String,
    /// District (optional since the 2025 reform).
    pub district: String,
    /// Ward or commune.
    pub ward: String,
    /// Street address.
    pub street: String,
    /// Legal representative.
    pub representative: String,
    /// Vietnamese phone number.
    pub phone: String,
    /// Contact e-mail (optional).
    pub email: String,
    /// Members.
    pub members_count: String,
    /// Jobs for local people (optional).
    pub local_jobs: String,
    /// Year founded (optional).
    pub founded_year: String,
    /// One line about it, in Vietnamese (optional; taken from the story).
    pub summary_vi: String,
    /// One line about it, in English (optional).
    pub summary_en: String,
    /// Its story in Vietnamese (required).
    pub story_vi: String,
    /// Its story in English (optional).
    pub story_en: String,
}

crate::form_patch::form_patch!(
    /// Some fields of an open application (`PATCH`): those sent replace the
    /// current ones, the others stay as they are.
    ApplicationPatch for ApplicationForm {
        legal_name, kind, registration_number, tax_code, province, district, ward, street,
        representative, phone, email, members_count, local_jobs, founded_year,
        summary_vi, summary_en, story_vi, story_en,
    }
);

impl ApplicationForm {
    /// The form as the stored application fills it.
    pub fn from_row(row: &cooperatives::Model) -> Self {
        use crate::form_patch::number_text;
        let text = |s: &Option<String>| s.clone().unwrap_or_default();
        Self {
            legal_name: row.name.clone(),
            kind: sea_orm::ActiveEnum::to_value(&row.kind),
            registration_number: text(&row.registration_number),
            tax_code: text(&row.tax_code),
            province: row.province.clone(),
            district: text(&row.district),
            ward: text(&row.ward),
            street: text(&row.street),
            representative: text(&row.representative),
            phone: text(&row.phone),
            email: text(&row.email),
            members_count: number_text(row.members_count),
            local_jobs: number_text(row.local_jobs),
            founded_year: number_text(row.founded_year),
            summary_vi: row.summary.vi.clone(),
            summary_en: text(&row.summary.en),
            story_vi: row.story.vi.clone(),
            story_en: text(&row.story.en),
        }
    }
}

/// A checked application.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidApplication {
    legal_name: String,
    kind: cooperatives::Kind,
    registration_number: String,
    tax_code: String,
    province: String,
    district: Option<String>,
    ward: String,
    street: Option<String>,
    representative: String,
    phone: String,
    email: Option<String>,
    members_count: i32,
    local_jobs: Option<i32>,
    founded_year: Option<i32>,
    summary: I18nText,
    story: I18nText,
}

fn opt(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

fn required(errors: &mut FieldErrors, field: &str, text: &str, max: usize) -> String {
    let t = text.trim();
    if t.is_empty() {
        errors.add(field, problem::required());
    } else if t.chars().count() > max {
        errors.add(field, problem::too_long(max as i64));
    }
    t.to_owned()
}

/// A Vietnamese phone number, normalised to its national form: mobile
/// numbers have 10 digits starting 03, 05, 07, 08 or 09; landlines 11 digits
/// starting 02. `+84` and `84` prefixes, spaces, dots and dashes are accepted.
pub fn normalize_phone(text: &str) -> Option<String> {
    let digits: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')'))
        .collect();
    let national = if let Some(rest) = digits.strip_prefix("+84") {
        format!("0{rest}")
    } else if digits.starts_with("84") && digits.len() >= 11 {
        format!("0{}", &digits[2..])
    } else {
        digits
    };
    if !national.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let mobile = national.len() == 10 && matches!(&national[..2], "03" | "05" | "07" | "08" | "09");
    let landline = national.len() == 11 && national.starts_with("02");
    (mobile || landline).then_some(national)
}

/// A Vietnamese tax code: 10 digits, or 13 for a branch, kept as digits.
pub fn normalize_tax_code(text: &str) -> Option<String> {
    let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    (digits.chars().all(|c| c.is_ascii_digit()) && matches!(digits.len(), 10 | 13))
        .then_some(digits)
}

fn number(
    errors: &mut FieldErrors,
    field: &str,
    text: &str,
    range: std::ops::RangeInclusive<i32>,
) -> Option<i32> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    match t.parse::<i32>() {
        Ok(n) if range.contains(&n) => Some(n),
        _ => {
            errors.add(
                field,
                problem::whole_number_between(*range.start(), *range.end()),
            );
            None
        }
    }
}

/// Checks an application, naming every field that is wrong.
pub fn validate(form: &ApplicationForm) -> Result<ValidApplication, FieldErrors> {
    let mut errors = FieldErrors::new();
    let legal_name = required(&mut errors, "legal_name", &form.legal_name, 200);
    if !legal_name.is_empty() && legal_name.chars().count() < 3 {
        errors.add("legal_name", problem::too_short(3));
    }
    let kind = match form.kind.trim() {
        "cooperative" => Some(cooperatives::Kind::Cooperative),
        "cooperative_group" => Some(cooperatives::Kind::CooperativeGroup),
        "household_business" => Some(cooperatives::Kind::HouseholdBusiness),
        "" => {
            errors.add("kind", problem::required());
            None
        }
        _ => {
            errors.add(
                "kind",
                problem::not_one_of(&["cooperative", "cooperative_group", "household_business"]),
            );
            None
        }
    };
    let registration_number = required(
        &mut errors,
        "registration_number",
        &form.registration_number,
        64,
    );
    let tax_code = match normalize_tax_code(&form.tax_code) {
        Some(code) => code,
        None => {
            errors.add("tax_code", problem::not_a_tax_code());
            String::new()
        }
    };
    let province = required(&mut errors, "province", &form.province, 100);
    let ward = required(&mut errors, "ward", &form.ward, 100);
    let representative = required(&mut errors, "representative", &form.representative, 200);
    let phone = match normalize_phone(&form.phone) {
        Some(phone) => phone,
        None => {
            errors.add("phone", problem::not_a_vn_phone());
            String::new()
        }
    };
    let email = opt(&form.email);
    if let Some(email) = &email
        && accounts::Email::parse(email).is_err()
    {
        errors.add("email", problem::not_an_email());
    }
    let members_count = number(
        &mut errors,
        "members_count",
        &form.members_count,
        1..=100_000,
    );
    if form.members_count.trim().is_empty() {
        errors.add("members_count", problem::required());
    }
    let local_jobs = number(&mut errors, "local_jobs", &form.local_jobs, 0..=1_000_000);
    let this_year = chrono::Datelike::year(&Utc::now());
    let founded_year = number(
        &mut errors,
        "founded_year",
        &form.founded_year,
        1945..=this_year,
    );
    let story_vi = required(&mut errors, "story_vi", &form.story_vi, 10_000);
    if !story_vi.is_empty() && story_vi.chars().count() < 30 {
        errors.add("story_vi", problem::story_too_short(30));
    }
    if form.story_en.trim().chars().count() > 10_000 {
        errors.add("story_en", problem::too_long(10_000));
    }
    for (field, text) in [
        ("summary_vi", &form.summary_vi),
        ("summary_en", &form.summary_en),
    ] {
        if text.trim().chars().count() > 300 {
            errors.add(field, problem::too_long(300));
        }
    }
    for (field, text) in [("district", &form.district), ("street", &form.street)] {
        if text.trim().chars().count() > 200 {
            errors.add(field, problem::too_long(200));
        }
    }
    let (Some(kind), Some(members_count), true) = (kind, members_count, errors.is_empty()) else {
        return Err(errors);
    };
    let summary_vi = opt(&form.summary_vi).unwrap_or_else(|| first_sentence(&story_vi));
    Ok(ValidApplication {
        legal_name,
        kind,
        registration_number,
        tax_code,
        province,
        district: opt(&form.district),
        ward,
        street: opt(&form.street),
        representative,
        phone,
        email,
        members_count,
        local_jobs,
        founded_year,
        summary: I18nText {
            vi: summary_vi,
            en: opt(&form.summary_en).or_else(|| opt(&form.story_en).map(|s| first_sentence(&s))),
            ..I18nText::default()
        },
        story: I18nText {
            vi: story_vi,
            en: opt(&form.story_en),
            ..I18nText::default()
        },
    })
}

/// The first sentence of a text (at most 200 characters), for a summary.
fn first_sentence(text: &str) -> String {
    let end = text
        .find(['.', '!', '?', '\n'])
        .map_or(text.len(), |i| i + 1);
    text[..end].trim().chars().take(200).collect()
}

/// Checks documents: PDF, JPEG or PNG by content, each at most 10 MB, at most
/// five; returns each with its content type.
pub fn check_documents(
    uploads: Vec<Upload>,
    already: usize,
) -> Result<Vec<(Upload, &'static str)>, FieldErrors> {
    let mut errors = FieldErrors::new();
    if uploads.len() + already > MAX_DOCUMENTS {
        errors.add(
            "documents",
            problem::too_many_documents(MAX_DOCUMENTS as i64),
        );
    }
    let mut checked = Vec::new();
    for upload in uploads {
        let name = clean_filename(&upload.filename);
        if upload.bytes.is_empty() {
            errors.add("documents", problem::file_empty(name));
        } else if upload.bytes.len() > MAX_DOCUMENT_BYTES {
            errors.add(
                "documents",
                problem::file_too_large(name, (MAX_DOCUMENT_BYTES / 1024 / 1024) as i64),
            );
        } else {
            match sniff_document(&upload.bytes) {
                Some(content_type) => checked.push((upload, content_type)),
                None => errors.add("documents", problem::not_a_document(name)),
            }
        }
    }
    errors.into_result(checked)
}

/// What someone wants to do with an application.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Access {
    /// See it.
    View,
    /// Change it.
    Edit,
}

/// A cooperative as its applicant or members see it on their dashboard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MyCooperative {
    /// Id.
    pub id: CooperativeId,
    /// URL name.
    pub slug: String,
    /// Name.
    pub name: String,
    /// `pending`, `approved`, `changes_requested`, `rejected` or `suspended`.
    pub status: String,
    /// Why staff decided as they did.
    pub status_reason: Option<String>,
    /// The person's role, once they are a member.
    pub role: Option<accounts::MemberRole>,
    /// When the application was submitted.
    pub submitted_at: Option<chrono::DateTime<Utc>>,
}

/// The status name used in the API.
pub fn status_name(status: cooperatives::Status) -> &'static str {
    match status {
        cooperatives::Status::Pending => "pending",
        cooperatives::Status::Approved => "approved",
        cooperatives::Status::ChangesRequested => "changes_requested",
        cooperatives::Status::Rejected => "rejected",
        cooperatives::Status::Suspended => "suspended",
    }
}

/// Reads a status name.
pub fn parse_status(text: &str) -> Option<cooperatives::Status> {
    match text {
        "pending" => Some(cooperatives::Status::Pending),
        "approved" => Some(cooperatives::Status::Approved),
        "changes_requested" => Some(cooperatives::Status::ChangesRequested),
        "rejected" => Some(cooperatives::Status::Rejected),
        "suspended" => Some(cooperatives::Status::Suspended),
        _ => None,
    }
}

pub(crate) fn kind_of(kind: cooperatives::Kind) -> CooperativeKind {
    match kind {
        cooperatives::Kind::Cooperative => CooperativeKind::Cooperative,
        cooperatives::Kind::CooperativeGroup => CooperativeKind::CooperativeGroup,
        cooperatives::Kind::HouseholdBusiness => CooperativeKind::HouseholdBusiness,
    }
}

/// A slug for a new cooperative: from its name, made unique with a number.
async fn unique_slug<C: ConnectionTrait>(conn: &C, name: &str) -> Result<String> {
    let base = match slugify(name) {
        s if s.is_empty() => "hop-tac-xa".to_owned(),
        s => s
            .chars()
            .take(90)
            .collect::<String>()
            .trim_end_matches('-')
            .to_owned(),
    };
    for n in 1..1000 {
        let candidate = if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        let taken = cooperatives::Entity::find()
            .filter(cooperatives::Column::Slug.eq(candidate.as_str()))
            .one(conn)
            .await?
            .is_some();
        if !taken {
            return Ok(candidate);
        }
    }
    Ok(format!("{base}-{}", Uuid::now_v7().simple()))
}

/// A document in the store, not yet recorded.
struct StoredDocument {
    id: Uuid,
    key: String,
    name: String,
    filename: String,
    content_type: &'static str,
    size: i64,
}

impl Catalog {
    /// Applies to sell: the cooperative starts `pending`, the applicant is
    /// told by e-mail, and staff find it in their queue.
    #[tracing::instrument(skip_all)]
    pub async fn apply(
        &self,
        actor: &Actor,
        form: &ApplicationForm,
        documents: Vec<Upload>,
    ) -> Result<CooperativeId> {
        authorize(Some(actor), Action::ApplyAsSeller)?;
        let (app, documents) = match (validate(form), check_documents(documents, 0)) {
            (Ok(app), Ok(docs)) => (app, docs),
            (app, docs) => {
                let mut errors = FieldErrors::new();
                if let Err(e) = app {
                    errors.merge(e);
                }
                if let Err(e) = docs {
                    errors.merge(e);
                }
                return Err(Error::Invalid(errors));
            }
        };
        let now = Utc::now();
        let id = Uuid::now_v7();
        // the files first, outside the transaction: a slow or unreachable
        // bucket holds no database lock, and fails before anything is written
        let stored = self.put_documents(CooperativeId(id), documents).await?;
        let recorded = async {
            let txn = entity::db::begin_write(&self.db).await?;
            let slug = unique_slug(&txn, &app.legal_name).await?;
            cooperatives::Entity::insert(cooperatives::ActiveModel {
                id: Set(id),
                slug: Set(slug),
                status: Set(cooperatives::Status::Pending),
                owner_id: Set(Some(actor.user_id.uuid())),
                approved_at: Set(None),
                submitted_at: Set(Some(now)),
                status_changed_at: Set(Some(now)),
                status_reason: Set(None),
                created_at: Set(now),
                ..fields(&app, now)
            })
            .exec_without_returning(&txn)
            .await?;
            Self::record_documents(&txn, CooperativeId(id), actor.user_id, &stored).await?;
            audit::record(
                &txn,
                Entry {
                    actor_id: Some(actor.user_id.uuid()),
                    action: "cooperative.apply".into(),
                    target_type: "cooperative".into(),
                    target_id: id.to_string(),
                    request_id: actor.request_id.clone(),
                    data: Some(serde_json::json!({ "name": app.legal_name })),
                    ..Entry::default()
                },
            )
            .await?;
            let to = accounts::members::recipient_of(&txn, actor.user_id).await?;
            if let Some(to) = to {
                let content = ApplicationReceived {
                    cooperative_name: app.legal_name.clone(),
                    application_url: self.url(&format!("/seller/applications/{id}")),
                };
                self.mailer.enqueue(&txn, &to, &content).await?;
            }
            txn.commit().await?;
            Ok::<_, Error>(())
        }
        .await;
        if let Err(err) = recorded {
            self.discard_documents(&stored).await;
            return Err(err);
        }
        tracing::info!(cooperative = %id, "application received");
        Ok(CooperativeId(id))
    }

    /// Stores each document (under `documents/<cooperative>/<id>` of the
    /// private store) before any row points at it; if one fails, those
    /// stored go again.
    async fn put_documents(
        &self,
        cooperative: CooperativeId,
        documents: Vec<(Upload, &'static str)>,
    ) -> Result<Vec<StoredDocument>> {
        let mut stored = Vec::new();
        for (upload, content_type) in documents {
            let id = Uuid::now_v7();
            let doc = StoredDocument {
                id,
                key: format!("documents/{cooperative}/{id}"),
                name: format!("original.{}", crate::media::extension(content_type)),
                filename: clean_filename(&upload.filename),
                content_type,
                size: i64::try_from(upload.bytes.len()).unwrap_or(i64::MAX),
            };
            if let Err(err) = self.documents.put(&doc.key, &doc.name, upload.bytes).await {
                self.discard_documents(&stored).await;
                return Err(err);
            }
            stored.push(doc);
        }
        Ok(stored)
    }

    /// Removes documents stored for a change that was then not recorded.
    async fn discard_documents(&self, stored: &[StoredDocument]) {
        for doc in stored {
            crate::media::discard(
                self.documents.as_ref(),
                &doc.key,
                std::slice::from_ref(&doc.name),
            )
            .await;
        }
    }

    async fn record_documents<C: ConnectionTrait>(
        conn: &C,
        cooperative: CooperativeId,
        uploader: UserId,
        stored: &[StoredDocument],
    ) -> Result<()> {
        for doc in stored {
            cooperative_documents::Entity::insert(cooperative_documents::ActiveModel {
                id: Set(doc.id),
                cooperative_id: Set(cooperative.uuid()),
                filename: Set(doc.filename.clone()),
                content_type: Set(doc.content_type.to_owned()),
                size_bytes: Set(doc.size),
                storage_key: Set(doc.key.clone()),
                uploaded_by: Set(Some(uploader.uuid())),
                created_at: Set(Utc::now()),
            })
            .exec_without_returning(conn)
            .await?;
        }
        Ok(())
    }

    /// Adds documents to an application that is still open.
    pub async fn add_documents(
        &self,
        actor: &Actor,
        id: CooperativeId,
        uploads: Vec<Upload>,
    ) -> Result<()> {
        let coop = self.own_application(actor, id, Access::Edit).await?;
        if !matches!(
            coop.status,
            cooperatives::Status::Pending | cooperatives::Status::ChangesRequested
        ) {
            return Err(Error::InvalidTransition(
                "documents can be added while the application is open".into(),
            ));
        }
        let already = cooperative_documents::Entity::find()
            .filter(cooperative_documents::Column::CooperativeId.eq(id.uuid()))
            .all(&self.db)
            .await?
            .len();
        let checked = check_documents(uploads, already).map_err(Error::Invalid)?;
        let stored = self.put_documents(id, checked).await?;
        let recorded = async {
            let txn = entity::db::begin_write(&self.db).await?;
            Self::record_documents(&txn, id, actor.user_id, &stored).await?;
            txn.commit().await?;
            Ok::<_, Error>(())
        }
        .await;
        if recorded.is_err() {
            self.discard_documents(&stored).await;
        }
        recorded
    }

    /// The cooperative an applicant or member asks about, loaded for them:
    /// the applicant may see and change it; otherwise `access` decides
    /// (members and union staff see it, managers change it). Anyone else is
    /// told it does not exist.
    pub(crate) async fn own_application(
        &self,
        actor: &Actor,
        id: CooperativeId,
        access: Access,
    ) -> Result<cooperatives::Model> {
        let coop = cooperatives::Entity::find_by_id(id.uuid())
            .one(&self.db)
            .await?
            .ok_or_else(|| Error::CooperativeNotFound(id.to_string()))?;
        let applicant = coop.owner_id.map(UserId);
        let as_applicant = applicant.is_some_and(|applicant| {
            authorize(Some(actor), Action::EditApplication { applicant }).is_ok()
        });
        if !as_applicant {
            let action = match access {
                Access::View => Action::ViewCooperative(id),
                Access::Edit => Action::EditCooperative(id),
            };
            authorize(Some(actor), action).map_err(|d| self.hide(d, id))?;
        }
        Ok(coop)
    }

    /// Refuses early (before an upload is read) when the actor may not add
    /// documents to this application.
    pub async fn check_can_edit_application(&self, actor: &Actor, id: CooperativeId) -> Result<()> {
        self.own_application(actor, id, Access::Edit)
            .await
            .map(|_| ())
    }

    /// Changes an open application (pending, or with changes requested).
    pub async fn update_application(
        &self,
        actor: &Actor,
        id: CooperativeId,
        form: &ApplicationForm,
    ) -> Result<()> {
        let coop = self.own_application(actor, id, Access::Edit).await?;
        if !matches!(
            coop.status,
            cooperatives::Status::Pending | cooperatives::Status::ChangesRequested
        ) {
            return Err(Error::InvalidTransition(
                "only an open application can be changed".into(),
            ));
        }
        let app = validate(form).map_err(Error::Invalid)?;
        let now = Utc::now();
        let txn = entity::db::begin_write(&self.db).await?;
        cooperatives::Entity::update(cooperatives::ActiveModel {
            id: Set(coop.id),
            ..fields(&app, now)
        })
        .exec(&txn)
        .await?;
        audit::record(
            &txn,
            Entry {
                actor_id: Some(actor.user_id.uuid()),
                action: "cooperative.update_application".into(),
                target_type: "cooperative".into(),
                target_id: coop.id.to_string(),
                request_id: actor.request_id.clone(),
                ..Entry::default()
            },
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Changes the fields of an open application that `patch` sends; the
    /// others stay as they are.
    pub async fn patch_application(
        &self,
        actor: &Actor,
        id: CooperativeId,
        patch: ApplicationPatch,
    ) -> Result<()> {
        let coop = self.own_application(actor, id, Access::Edit).await?;
        let form = patch.apply_to(ApplicationForm::from_row(&coop));
        self.update_application(actor, id, &form).await
    }

    /// Sends an application with requested changes back to staff.
    pub async fn resubmit(&self, actor: &Actor, id: CooperativeId) -> Result<()> {
        let coop = self.own_application(actor, id, Access::Edit).await?;
        if coop.status != cooperatives::Status::ChangesRequested {
            return Err(Error::InvalidTransition(
                "only an application with requested changes can be resubmitted".into(),
            ));
        }
        let now = Utc::now();
        let txn = entity::db::begin_write(&self.db).await?;
        let changed = cooperatives::Entity::update_many()
            .col_expr(
                cooperatives::Column::Status,
                sea_orm::sea_query::Expr::value(cooperatives::Status::Pending),
            )
            .col_expr(
                cooperatives::Column::SubmittedAt,
                sea_orm::sea_query::Expr::value(Some(now)),
            )
            .col_expr(
                cooperatives::Column::StatusChangedAt,
                sea_orm::sea_query::Expr::value(Some(now)),
            )
            .filter(cooperatives::Column::Id.eq(coop.id))
            .filter(cooperatives::Column::Status.eq(cooperatives::Status::ChangesRequested))
            .exec(&txn)
            .await?;
        if changed.rows_affected != 1 {
            return Err(Error::InvalidTransition(
                "the application changed meanwhile".into(),
            ));
        }
        audit::record(
            &txn,
            Entry {
                actor_id: Some(actor.user_id.uuid()),
                action: "cooperative.resubmit".into(),
                target_type: "cooperative".into(),
                target_id: coop.id.to_string(),
                request_id: actor.request_id.clone(),
                ..Entry::default()
            },
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// The cooperatives the actor applied for or belongs to, newest first.
    pub async fn my_cooperatives(&self, actor: &Actor) -> Result<Vec<MyCooperative>> {
        authorize(Some(actor), Action::ManageOwnAccount)?;
        let member_of: Vec<Uuid> = actor
            .memberships
            .iter()
            .map(|m| m.cooperative_id.uuid())
            .collect();
        let rows = cooperatives::Entity::find()
            .filter(
                sea_orm::Condition::any()
                    .add(cooperatives::Column::OwnerId.eq(actor.user_id.uuid()))
                    .add(cooperatives::Column::Id.is_in(member_of)),
            )
            .order_by_desc(cooperatives::Column::CreatedAt)
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .map(|c| MyCooperative {
                role: actor.role_in(CooperativeId(c.id)),
                id: CooperativeId(c.id),
                slug: c.slug,
                name: c.name,
                status: status_name(c.status).to_owned(),
                status_reason: c.status_reason,
                submitted_at: c.submitted_at,
            })
            .collect())
    }
}

/// The application's fields as columns (status, owner and times aside).
fn fields(app: &ValidApplication, now: chrono::DateTime<Utc>) -> cooperatives::ActiveModel {
    cooperatives::ActiveModel {
        name: Set(app.legal_name.clone()),
        kind: Set(app.kind),
        registration_number: Set(Some(app.registration_number.clone())),
        tax_code: Set(Some(app.tax_code.clone())),
        province: Set(app.province.clone()),
        district: Set(app.district.clone()),
        ward: Set(Some(app.ward.clone())),
        street: Set(app.street.clone()),
        representative: Set(Some(app.representative.clone())),
        phone: Set(Some(app.phone.clone())),
        email: Set(app.email.clone()),
        members_count: Set(Some(app.members_count)),
        local_jobs: Set(app.local_jobs),
        founded_year: Set(app.founded_year),
        summary: Set(app.summary.clone()),
        story: Set(app.story.clone()),
        updated_at: Set(now),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> ApplicationForm {
        ApplicationForm {
            legal_name: "HTX Mây tre đan Phú Vang".into(),
            kind: "cooperative".into(),
            registration_number: "3301234567".into(),
            tax_code: "3301234567".into(),
            province: "Thành phố Huế".into(),
            ward: "Xã Phú Mỹ".into(),
            representative: "Trần Văn An".into(),
            phone: "+84 912.345.678".into(),
            members_count: "24".into(),
            story_vi:
                "Hai mươi bốn hộ đan mây tre cùng nhau từ năm 2010. Chúng tôi làm giỏ và khay."
                    .into(),
            ..ApplicationForm::default()
        }
    }

    #[test]
    fn a_complete_application_is_accepted_and_normalised() {
        let app = validate(&good()).unwrap();
        assert_eq!(app.phone, "0912345678");
        assert_eq!(
            app.summary.vi,
            "Hai mươi bốn hộ đan mây tre cùng nhau từ năm 2010."
        );
        let branch = ApplicationForm {
            tax_code: "3301234567-001".into(),
            ..good()
        };
        assert_eq!(validate(&branch).unwrap().tax_code, "3301234567001");
    }

    #[test]
    fn every_wrong_field_is_named() {
        let bad = ApplicationForm {
            legal_name: "HT".into(),
            kind: "company".into(),
            tax_code: "12345".into(),
            phone: "12345".into(),
            members_count: "0".into(),
            founded_year: "1800".into(),
            email: "nope".into(),
            story_vi: "Ngắn".into(),
            ..ApplicationForm::default()
        };
        let errors = validate(&bad).unwrap_err();
        for field in [
            "legal_name",
            "kind",
            "registration_number",
            "tax_code",
            "province",
            "ward",
            "representative",
            "phone",
            "members_count",
            "founded_year",
            "email",
            "story_vi",
        ] {
            assert!(errors.get(field).is_some(), "{field} not named: {errors}");
        }
    }

    #[test]
    fn vietnamese_phone_numbers_are_recognised() {
        assert_eq!(
            normalize_phone("0912 345 678").as_deref(),
            Some("0912345678")
        );
        assert_eq!(
            normalize_phone("+84 234 382 1234").as_deref(),
            Some("02343821234")
        );
        assert_eq!(
            normalize_phone("84912345678").as_deref(),
            Some("0912345678")
        );
        assert_eq!(normalize_phone("0112345678"), None);
        assert_eq!(normalize_phone("09123"), None);
        assert_eq!(normalize_phone("09abc45678"), None);
    }

    #[test]
    fn documents_that_are_not_pdf_jpeg_or_png_or_too_big_are_refused() {
        let pdf = Upload {
            filename: "giay-phep.pdf".into(),
            bytes: b"%PDF-1.4 ...".to_vec(),
        };
        let fake = Upload {
            filename: "giay-phep.pdf".into(),
            bytes: b"<html>".to_vec(),
        };
        let huge = Upload {
            filename: "big.png".into(),
            bytes: [
                b"\x89PNG\r\n\x1a\n".as_slice(),
                &vec![0u8; MAX_DOCUMENT_BYTES],
            ]
            .concat(),
        };
        assert_eq!(
            check_documents(vec![pdf.clone()], 0).unwrap()[0].1,
            "application/pdf"
        );
        let errors = check_documents(vec![pdf.clone(), fake, huge], 0).unwrap_err();
        assert_eq!(errors.get("documents").unwrap().len(), 2);
        assert!(
            check_documents(vec![pdf], MAX_DOCUMENTS).is_err(),
            "too many"
        );
    }
}
