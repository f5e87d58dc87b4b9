//! `bank_statement_lines`: Lines of imported bank statements, so none is read twice.

use sea_orm::entity::prelude::*;

/// A row of `bank_statement_lines`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "bank_statement_lines")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// SHA-256 of date, amount and description (hex).
    pub fingerprint: String,
    /// The booking date, YYYY-MM-DD.
    pub booked_on: String,
    /// The amount credited.
    pub amount_vnd: i64,
    /// The memo as the bank printed it.
    pub description: String,
    /// The payment reference found in it.
    pub reference: Option<String>,
    /// The payment it matched.
    pub payment_id: Option<Uuid>,
    /// matched, paid_twice, amount_mismatch or unmatched.
    pub outcome: String,
    /// Who imported it.
    pub imported_by: Uuid,
    /// Imported.
    pub created_at: DateTimeUtc,
}

/// Relations of `bank_statement_lines`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
