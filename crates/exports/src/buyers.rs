//! An importer's company account: who they buy for, in which language and
//! currency. A person has at most one; it is asked for before their first
//! request for quote and copied onto each request.

use accounts::Actor;
use chrono::Utc;
use entity::export_buyers;
use kernel::{Currency, FieldErrors, Locale, problem};
use sea_orm::{ActiveValue::Set, EntityTrait, sea_query::OnConflict};
use serde::{Deserialize, Serialize};

use crate::{Error, Exports, Result};

/// A company account, as written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct BuyerInput {
    /// The company's name.
    pub company_name: String,
    /// ISO 3166 country code, e.g. `JP`.
    pub country: String,
    /// Its tax number (optional).
    pub tax_number: Option<String>,
    /// vi, en, ja or zh.
    pub language: String,
    /// VND, USD, JPY or CNY.
    pub currency: String,
    /// A telephone number (optional).
    pub phone: Option<String>,
}

/// A company account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BuyerView {
    /// The company's name.
    pub company_name: String,
    /// ISO 3166 country code.
    pub country: String,
    /// Its tax number.
    pub tax_number: Option<String>,
    /// vi, en, ja or zh.
    pub language: Locale,
    /// VND, USD, JPY or CNY.
    pub currency: Currency,
    /// A telephone number.
    pub phone: Option<String>,
}

pub(crate) fn view(row: &export_buyers::Model) -> BuyerView {
    BuyerView {
        company_name: row.company_name.clone(),
        country: row.country.clone(),
        tax_number: row.tax_number.clone(),
        language: row.language.parse().unwrap_or(Locale::En),
        currency: row.currency.parse().unwrap_or(Currency::Usd),
        phone: row.phone.clone(),
    }
}

/// A two-letter country code, upper-cased.
pub(crate) fn country(value: &str, field: &str, errors: &mut FieldErrors) -> String {
    let code = value.trim().to_ascii_uppercase();
    if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        errors.add(field, problem::not_a_country());
    }
    code
}

/// Optional text, trimmed; empty is none.
pub(crate) fn optional(
    value: Option<&str>,
    field: &str,
    max: usize,
    errors: &mut FieldErrors,
) -> Option<String> {
    let text = value.map(str::trim).filter(|t| !t.is_empty())?;
    if text.chars().count() > max {
        errors.add(field, problem::too_long(max as i64));
    }
    Some(text.to_owned())
}

/// Required text, trimmed.
pub(crate) fn required(value: &str, field: &str, max: usize, errors: &mut FieldErrors) -> String {
    let text = value.trim();
    if text.is_empty() {
        errors.add(field, problem::required());
    } else if text.chars().count() > max {
        errors.add(field, problem::too_long(max as i64));
    }
    text.to_owned()
}

/// A company account checked, ready to store.
struct Checked {
    company: String,
    country: String,
    tax: Option<String>,
    language: Locale,
    currency: Currency,
    phone: Option<String>,
}

impl BuyerInput {
    fn check(&self) -> Result<Checked> {
        let mut errors = FieldErrors::new();
        let company = required(&self.company_name, "company_name", 200, &mut errors);
        let country = country(&self.country, "country", &mut errors);
        let tax = optional(self.tax_number.as_deref(), "tax_number", 40, &mut errors);
        let language = self.language.parse::<Locale>().unwrap_or_else(|_| {
            errors.add("language", problem::not_one_of(&Locale::CODES));
            Locale::En
        });
        let currency = self.currency.parse::<Currency>().unwrap_or_else(|()| {
            errors.add(
                "currency",
                problem::not_one_of(&["VND", "USD", "JPY", "CNY"]),
            );
            Currency::Usd
        });
        let phone = optional(self.phone.as_deref(), "phone", 40, &mut errors);
        errors.into_result(()).map_err(Error::Invalid)?;
        Ok(Checked {
            company,
            country,
            tax,
            language,
            currency,
            phone,
        })
    }
}

/// That `actor` acts for themselves (a cooperative's API token buys
/// nothing).
pub(crate) fn own_account(actor: &Actor) -> Result<()> {
    accounts::authorize(Some(actor), accounts::Action::ManageOwnAccount)?;
    Ok(())
}

impl Exports {
    /// The company account of `actor`, if they made one.
    pub async fn buyer(&self, actor: &Actor) -> Result<Option<BuyerView>> {
        own_account(actor)?;
        Ok(export_buyers::Entity::find_by_id(actor.user_id.uuid())
            .one(&self.db)
            .await?
            .as_ref()
            .map(view))
    }

    /// Makes or changes the company account of `actor`.
    pub async fn set_buyer(&self, actor: &Actor, input: &BuyerInput) -> Result<BuyerView> {
        own_account(actor)?;
        let Checked {
            company,
            country,
            tax,
            language,
            currency,
            phone,
        } = input.check()?;
        let now = Utc::now();
        export_buyers::Entity::insert(export_buyers::ActiveModel {
            user_id: Set(actor.user_id.uuid()),
            company_name: Set(company),
            country: Set(country),
            tax_number: Set(tax),
            language: Set(language.code().to_owned()),
            currency: Set(currency.code().to_owned()),
            phone: Set(phone),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .on_conflict(
            OnConflict::column(export_buyers::Column::UserId)
                .update_columns([
                    export_buyers::Column::CompanyName,
                    export_buyers::Column::Country,
                    export_buyers::Column::TaxNumber,
                    export_buyers::Column::Language,
                    export_buyers::Column::Currency,
                    export_buyers::Column::Phone,
                    export_buyers::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(&self.db)
        .await?;
        self.buyer(actor)
            .await?
            .ok_or(Error::CompanyAccountRequired)
    }
}
