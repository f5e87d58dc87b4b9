//! `export_buyers`: An importer's company, one per person.

use sea_orm::entity::prelude::*;

/// A row of `export_buyers`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "export_buyers")]
pub struct Model {
    /// The person.
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    /// The company.
    pub company_name: String,
    /// ISO 3166 country code, e.g. `JP`.
    pub country: String,
    /// Its tax number, when given.
    pub tax_number: Option<String>,
    /// Preferred language: vi, en, ja or zh.
    pub language: String,
    /// Preferred currency: VND, USD, JPY or CNY.
    pub currency: String,
    /// A telephone number.
    pub phone: Option<String>,
    /// Created.
    pub created_at: DateTimeUtc,
    /// Last changed.
    pub updated_at: DateTimeUtc,
}

/// Relations of `export_buyers`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
