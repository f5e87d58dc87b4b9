//! The catalogue's side of the union's dashboard: cooperatives admitted and
//! listings first published in a period, certifications about to expire,
//! and the members, jobs and incomes of the cooperatives from their latest
//! verified yearly figures. Counted and summed by the database.

use std::collections::HashMap;

use accounts::{Action, Actor, authorize};
use chrono::{NaiveDate, Utc};
use entity::report::{statement, sum};
use entity::{categories, cooperatives};
use kernel::Locale;
use kernel::time::Period;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryResult, QuerySelect};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{Catalog, Result};

/// How far ahead expiring certifications are looked for.
pub const EXPIRING_WITHIN_DAYS: i64 = 60;

/// The catalogue's growth in a period.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CatalogueGrowth {
    /// Cooperatives admitted to the market in the period.
    pub new_cooperatives: i64,
    /// Listings published for the first time in the period.
    pub new_listings: i64,
}

/// A verified certification that expires soon.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ExpiringCertification {
    /// The certification.
    pub id: Uuid,
    /// Its cooperative.
    pub cooperative_id: Uuid,
    /// The cooperative's name.
    pub cooperative: String,
    /// `vietgap`, `ocop`, `organic` or `award`.
    pub kind: String,
    /// Its name or number, as written.
    pub name: String,
    /// Its last valid day.
    pub expires_on: NaiveDate,
}

/// Members, jobs and incomes summed over the cooperatives' latest verified
/// yearly figures (one year a cooperative: its latest verified one).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PeopleTotals {
    /// Cooperatives with verified figures.
    pub cooperatives: i64,
    /// Members.
    pub members: i64,
    /// Of whom women.
    pub members_women: i64,
    /// Of whom from ethnic minorities.
    pub members_ethnic_minority: i64,
    /// Regular workers.
    pub workers_regular: i64,
    /// Seasonal workers.
    pub workers_seasonal: i64,
    /// Average monthly income per member over all these members (each
    /// cooperative's average weighted by its members), in đồng.
    pub average_monthly_income_vnd: Option<i64>,
}

fn get<T: sea_orm::TryGetable>(row: &QueryResult, column: &str) -> Result<T> {
    Ok(row.try_get::<T>("", column)?)
}

impl Catalog {
    /// Cooperatives admitted and listings first published in `period`
    /// (union staff).
    pub async fn catalogue_growth(&self, actor: &Actor, period: Period) -> Result<CatalogueGrowth> {
        authorize(Some(actor), Action::Moderate)?;
        let backend = self.db.get_database_backend();
        let row = self
            .db
            .query_one_raw(statement(
                backend,
                "SELECT (SELECT COUNT(*) FROM cooperatives WHERE approved_at >= $1 AND approved_at < $2) AS c, \
                 (SELECT COUNT(*) FROM products WHERE published_at >= $1 AND published_at < $2) AS p",
                vec![period.start().into(), period.end().into()],
            ))
            .await?;
        Ok(match row {
            Some(row) => CatalogueGrowth {
                new_cooperatives: get(&row, "c")?,
                new_listings: get(&row, "p")?,
            },
            None => CatalogueGrowth::default(),
        })
    }

    /// Verified certifications whose last valid day is between today and
    /// [`EXPIRING_WITHIN_DAYS`] days from now, soonest first, at most
    /// `limit`; and how many there are in all (union staff).
    pub async fn expiring_certifications(
        &self,
        actor: &Actor,
        limit: u64,
    ) -> Result<(i64, Vec<ExpiringCertification>)> {
        authorize(Some(actor), Action::Moderate)?;
        let backend = self.db.get_database_backend();
        let today = kernel::time::today_in_vietnam(Utc::now());
        let until = today + chrono::Duration::days(EXPIRING_WITHIN_DAYS);
        let window = "c.status = 'verified' AND c.expires_on >= $1 AND c.expires_on <= $2";
        let total: i64 = match self
            .db
            .query_one_raw(statement(
                backend,
                &format!("SELECT COUNT(*) AS n FROM certifications c WHERE {window}"),
                vec![today.into(), until.into()],
            ))
            .await?
        {
            Some(row) => get(&row, "n")?,
            None => 0,
        };
        let rows = self
            .db
            .query_all_raw(statement(
                backend,
                &format!(
                    "SELECT c.id, c.cooperative_id, k.name AS cooperative, c.kind, \
                     COALESCE(c.name, c.number, '') AS name, c.expires_on \
                     FROM certifications c JOIN cooperatives k ON k.id = c.cooperative_id \
                     WHERE {window} ORDER BY c.expires_on, k.name LIMIT $3"
                ),
                vec![
                    today.into(),
                    until.into(),
                    i64::try_from(limit).unwrap_or(i64::MAX).into(),
                ],
            ))
            .await?;
        let list = rows
            .iter()
            .map(|r| {
                Ok(ExpiringCertification {
                    id: get(r, "id")?,
                    cooperative_id: get(r, "cooperative_id")?,
                    cooperative: get(r, "cooperative")?,
                    kind: get(r, "kind")?,
                    name: get(r, "name")?,
                    expires_on: get(r, "expires_on")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok((total, list))
    }

    /// Members, jobs and incomes from each cooperative's latest verified
    /// yearly figures (union staff).
    pub async fn people_totals(&self, actor: &Actor) -> Result<PeopleTotals> {
        authorize(Some(actor), Action::Moderate)?;
        let backend = self.db.get_database_backend();
        let row = self
            .db
            .query_one_raw(statement(
                backend,
                &format!(
                    "SELECT COUNT(*) AS cooperatives, {} AS members, {} AS women, {} AS minority, \
                     {} AS regular, {} AS seasonal, {} AS income_mass \
                     FROM cooperative_figures f WHERE f.status = 'verified' AND f.year = \
                     (SELECT MAX(g.year) FROM cooperative_figures g \
                      WHERE g.cooperative_id = f.cooperative_id AND g.status = 'verified')",
                    sum("f.members"),
                    sum("f.members_women"),
                    sum("f.members_ethnic_minority"),
                    sum("f.workers_regular"),
                    sum("f.workers_seasonal"),
                    sum("f.average_monthly_income_vnd * f.members"),
                ),
                vec![],
            ))
            .await?;
        let Some(row) = row else {
            return Ok(PeopleTotals::default());
        };
        let members: i64 = get(&row, "members")?;
        let mass: i64 = get(&row, "income_mass")?;
        Ok(PeopleTotals {
            cooperatives: get(&row, "cooperatives")?,
            members,
            members_women: get(&row, "women")?,
            members_ethnic_minority: get(&row, "minority")?,
            workers_regular: get(&row, "regular")?,
            workers_seasonal: get(&row, "seasonal")?,
            average_monthly_income_vnd: (members > 0).then(|| mass / members),
        })
    }

    /// The names of the cooperatives `ids` (any status), for labelling
    /// figures (union staff).
    pub async fn any_cooperative_names(
        &self,
        actor: &Actor,
        ids: Vec<Uuid>,
    ) -> Result<HashMap<Uuid, String>> {
        authorize(Some(actor), Action::Moderate)?;
        cooperative_names(&self.db, ids).await
    }

    /// The names of the categories `ids` in `locale`, for labelling figures.
    pub async fn category_names(
        &self,
        ids: Vec<Uuid>,
        locale: Locale,
    ) -> Result<HashMap<Uuid, String>> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let rows = categories::Entity::find()
            .filter(categories::Column::Id.is_in(ids))
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .map(|c| (c.id, c.name.get(locale).to_owned()))
            .collect())
    }
}

/// The names of the cooperatives `ids` (any status), in one query.
pub(crate) async fn cooperative_names<C: ConnectionTrait>(
    conn: &C,
    ids: Vec<Uuid>,
) -> Result<HashMap<Uuid, String>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(Uuid, String)> = cooperatives::Entity::find()
        .select_only()
        .column(cooperatives::Column::Id)
        .column(cooperatives::Column::Name)
        .filter(cooperatives::Column::Id.is_in(ids))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows.into_iter().collect())
}
