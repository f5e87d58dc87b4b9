//! `cooperatives`: the sellers.

use kernel::I18nText;
use sea_orm::entity::prelude::*;

/// The legal form of a seller.
#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
pub enum Kind {
    /// Hợp tác xã.
    #[sea_orm(string_value = "cooperative")]
    Cooperative,
    /// Tổ hợp tác.
    #[sea_orm(string_value = "cooperative_group")]
    CooperativeGroup,
    /// Hộ kinh doanh.
    #[sea_orm(string_value = "household_business")]
    HouseholdBusiness,
}

/// Where a seller stands with the Cooperative Union.
#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
pub enum Status {
    /// Applied, waiting for review.
    #[sea_orm(string_value = "pending")]
    Pending,
    /// Admitted: its listings may appear in the shop.
    #[sea_orm(string_value = "approved")]
    Approved,
    /// Staff asked for changes to the application.
    #[sea_orm(string_value = "changes_requested")]
    ChangesRequested,
    /// Not admitted.
    #[sea_orm(string_value = "rejected")]
    Rejected,
    /// Taken out of the shop by staff.
    #[sea_orm(string_value = "suspended")]
    Suspended,
}

/// A row of `cooperatives`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cooperatives")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// URL name.
    #[sea_orm(unique)]
    pub slug: String,
    /// Legal name.
    pub name: String,
    /// Legal form.
    pub kind: Kind,
    /// Standing with the union.
    pub status: Status,
    /// Business registration number.
    pub registration_number: Option<String>,
    /// Tax code (10 or 13 digits).
    pub tax_code: Option<String>,
    /// Province or city.
    pub province: String,
    /// District.
    pub district: Option<String>,
    /// Ward or commune.
    pub ward: Option<String>,
    /// Street address.
    pub street: Option<String>,
    /// Legal representative.
    pub representative: Option<String>,
    /// Contact phone.
    pub phone: Option<String>,
    /// Contact e-mail.
    pub email: Option<String>,
    /// Members.
    pub members_count: Option<i32>,
    /// Jobs it gives local people.
    pub local_jobs: Option<i32>,
    /// Year founded.
    pub founded_year: Option<i32>,
    /// One-line introduction.
    #[sea_orm(column_type = "JsonBinary")]
    pub summary: I18nText,
    /// Its story.
    #[sea_orm(column_type = "JsonBinary")]
    pub story: I18nText,
    /// The applicant, owner once approved.
    pub owner_id: Option<Uuid>,
    /// When it was admitted.
    pub approved_at: Option<DateTimeUtc>,
    /// Why staff last changed its status (rejection, changes asked, suspension).
    pub status_reason: Option<String>,
    /// When its status last changed.
    pub status_changed_at: Option<DateTimeUtc>,
    /// When the application was (last) submitted for review.
    pub submitted_at: Option<DateTimeUtc>,
    /// Payouts go to: the bank's 6-digit BIN.
    pub payout_bank_bin: Option<String>,
    /// Payouts go to: the account number.
    pub payout_account: Option<String>,
    /// Payouts go to: the account holder's name.
    pub payout_account_name: Option<String>,
    /// Created.
    pub created_at: DateTimeUtc,
    /// Last changed.
    pub updated_at: DateTimeUtc,
}

/// Relations of `cooperatives`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// Its listings.
    #[sea_orm(has_many = "super::products::Entity")]
    Products,
}

impl Related<super::products::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Products.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
