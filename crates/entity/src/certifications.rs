//! `certifications`: VietGAP, OCOP stars, organic, awards.

use sea_orm::entity::prelude::*;

/// What kind of certification.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum Kind {
    /// Vietnamese Good Agricultural Practices.
    #[sea_orm(string_value = "vietgap")]
    Vietgap,
    /// One Commune One Product, 3 to 5 stars.
    #[sea_orm(string_value = "ocop")]
    Ocop,
    /// Organic.
    #[sea_orm(string_value = "organic")]
    Organic,
    /// A prize, such as the Mai An Tiêm award.
    #[sea_orm(string_value = "award")]
    Award,
}

/// Where a certification stands with union staff.
#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum Status {
    /// Waiting for staff.
    #[sea_orm(string_value = "pending")]
    Pending,
    /// Checked by staff.
    #[sea_orm(string_value = "verified")]
    Verified,
    /// Refused by staff.
    #[sea_orm(string_value = "rejected")]
    Rejected,
}

/// A row of `certifications`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "certifications")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Holder.
    pub cooperative_id: Uuid,
    /// The one listing it covers, if not the whole cooperative.
    pub product_id: Option<Uuid>,
    /// Kind.
    pub kind: Kind,
    /// The award's or standard's name.
    pub name: Option<String>,
    /// Certificate number.
    pub number: Option<String>,
    /// Certifying body.
    pub issuer: Option<String>,
    /// OCOP level: district, province or national.
    pub level: Option<String>,
    /// OCOP stars.
    pub stars: Option<i16>,
    /// Issued.
    pub issued_on: Option<Date>,
    /// Expires.
    pub expires_on: Option<Date>,
    /// Standing with staff.
    pub status: Status,
    /// Where the evidence file is kept.
    pub evidence_key: Option<String>,
    /// Who reviewed it.
    pub reviewed_by: Option<Uuid>,
    /// When it was reviewed.
    pub reviewed_at: Option<DateTimeUtc>,
    /// Why it was rejected.
    pub review_note: Option<String>,
    /// The evidence file's name as uploaded.
    pub evidence_filename: Option<String>,
    /// The evidence file's type, sniffed from its content.
    pub evidence_content_type: Option<String>,
    /// Who sent it.
    pub submitted_by: Option<Uuid>,
    /// Created.
    pub created_at: DateTimeUtc,
    /// Last changed.
    pub updated_at: DateTimeUtc,
}

/// Relations of `certifications`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
