//! A cooperative's figures, year by year: members (of whom women and
//! ethnic minorities), regular and seasonal workers, average monthly income
//! per member, the year it was founded — reported by its managers with the
//! day they reported them, and verified by union staff like certifications
//! (or sent back with a note). The latest verified year is what shoppers
//! see on its page ("88 members · 150 local jobs · since 2006") and what
//! the union reports to the city.

use accounts::{Action, Actor, authorize};
use chrono::{Datelike, NaiveDate, Utc};
use entity::audit::{self, Entry};
use entity::{cooperative_figures, cooperatives};
use kernel::{CooperativeId, FieldErrors, problem};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{Catalog, Error, Result};

/// The earliest year figures are kept for.
const FIRST_YEAR: i32 = 1990;

/// A year's figures, as reported.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct FiguresInput {
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
    /// Average monthly income per member, in đồng.
    pub average_monthly_income_vnd: i64,
    /// Year founded.
    pub founded_year: Option<i64>,
    /// The day they are reported (today when left out).
    pub reported_on: Option<NaiveDate>,
}

/// Where a year's figures stand.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FiguresStatus {
    /// Reported, not yet checked.
    Pending,
    /// Checked by union staff.
    Verified,
    /// Sent back with a note.
    NeedsCorrection,
}

impl FiguresStatus {
    /// Its name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Verified => "verified",
            Self::NeedsCorrection => "needs_correction",
        }
    }

    fn of(status: cooperative_figures::Status) -> Self {
        match status {
            cooperative_figures::Status::Pending => Self::Pending,
            cooperative_figures::Status::Verified => Self::Verified,
            cooperative_figures::Status::NeedsCorrection => Self::NeedsCorrection,
        }
    }
}

/// A year's figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FiguresView {
    /// Id.
    pub id: Uuid,
    /// The cooperative.
    pub cooperative_id: CooperativeId,
    /// Its name.
    pub cooperative_name: String,
    /// The year.
    pub year: i32,
    /// Members.
    pub members: i32,
    /// Of whom women.
    pub members_women: i32,
    /// Of whom from ethnic minorities.
    pub members_ethnic_minority: i32,
    /// Regular workers.
    pub workers_regular: i32,
    /// Seasonal workers.
    pub workers_seasonal: i32,
    /// Local jobs: regular and seasonal workers.
    pub local_jobs: i32,
    /// Average monthly income per member.
    pub average_monthly_income: kernel::Money,
    /// Year founded.
    pub founded_year: Option<i32>,
    /// Reported on.
    pub reported_on: NaiveDate,
    /// Where they stand.
    pub status: FiguresStatus,
    /// Union staff's note.
    pub review_note: Option<String>,
}

/// What union staff decide about a year's figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FiguresDecision {
    /// They check out.
    Verify,
    /// Something to correct, said in the note.
    NeedsCorrection(String),
}

impl FiguresDecision {
    /// A decision from its name and note; sending back needs a note.
    pub fn parse(name: &str, note: Option<&str>) -> Result<Self> {
        let note = note.map(str::trim).filter(|r| !r.is_empty());
        match (name, note) {
            ("verify", _) => Ok(Self::Verify),
            ("needs_correction", Some(n)) => Ok(Self::NeedsCorrection(n.to_owned())),
            ("needs_correction", None) => Err(Error::Invalid(FieldErrors::single(
                "note",
                problem::required(),
            ))),
            _ => Err(Error::Invalid(FieldErrors::single(
                "decision",
                problem::not_one_of(&["verify", "needs_correction"]),
            ))),
        }
    }
}

fn view(row: cooperative_figures::Model, cooperative_name: String) -> FiguresView {
    FiguresView {
        id: row.id,
        cooperative_id: CooperativeId(row.cooperative_id),
        cooperative_name,
        year: row.year,
        members: row.members,
        members_women: row.members_women,
        members_ethnic_minority: row.members_ethnic_minority,
        workers_regular: row.workers_regular,
        workers_seasonal: row.workers_seasonal,
        local_jobs: row.workers_regular.saturating_add(row.workers_seasonal),
        average_monthly_income: kernel::Money::vnd(row.average_monthly_income_vnd),
        founded_year: row.founded_year,
        reported_on: row.reported_on,
        status: FiguresStatus::of(row.status),
        review_note: row.review_note,
    }
}

/// A count typed in `field`: from 0 to `max`.
fn count(field: &str, value: i64, max: i64, errors: &mut FieldErrors) -> i32 {
    if !(0..=max).contains(&value) {
        errors.add(field, problem::number_between(0, max));
    }
    i32::try_from(value.clamp(0, max)).unwrap_or(0)
}

/// The figures as they will be kept, or what is wrong with them.
fn checked(year: i32, input: &FiguresInput, today: NaiveDate) -> Result<Checked> {
    let mut errors = FieldErrors::new();
    if !(FIRST_YEAR..=today.year()).contains(&year) {
        errors.add(
            "year",
            problem::number_between(i64::from(FIRST_YEAR), i64::from(today.year())),
        );
    }
    let members = count("members", input.members, 1_000_000, &mut errors);
    let women = count("members_women", input.members_women, 1_000_000, &mut errors);
    let minority = count(
        "members_ethnic_minority",
        input.members_ethnic_minority,
        1_000_000,
        &mut errors,
    );
    for (field, part) in [
        ("members_women", women),
        ("members_ethnic_minority", minority),
    ] {
        if part > members {
            errors.add(field, problem::more_than_members(i64::from(members)));
        }
    }
    let regular = count(
        "workers_regular",
        input.workers_regular,
        1_000_000,
        &mut errors,
    );
    let seasonal = count(
        "workers_seasonal",
        input.workers_seasonal,
        1_000_000,
        &mut errors,
    );
    let income = input.average_monthly_income_vnd;
    if !(0..=1_000_000_000).contains(&income) {
        errors.add(
            "average_monthly_income_vnd",
            problem::number_between(0, 1_000_000_000),
        );
    }
    let founded = input.founded_year.map(|y| {
        if !(1900..=i64::from(today.year())).contains(&y) {
            errors.add(
                "founded_year",
                problem::number_between(1900, i64::from(today.year())),
            );
        }
        i32::try_from(y).unwrap_or(0)
    });
    let reported_on = input.reported_on.unwrap_or(today);
    if reported_on > today {
        errors.add("reported_on", problem::in_the_future());
    }
    errors.into_result(()).map_err(Error::Invalid)?;
    Ok(Checked {
        members,
        women,
        minority,
        regular,
        seasonal,
        income,
        founded,
        reported_on,
    })
}

struct Checked {
    members: i32,
    women: i32,
    minority: i32,
    regular: i32,
    seasonal: i32,
    income: i64,
    founded: Option<i32>,
    reported_on: NaiveDate,
}

impl Catalog {
    /// A cooperative's managers report (or correct) its figures for `year`;
    /// they wait for union staff again.
    pub async fn report_figures(
        &self,
        actor: &Actor,
        cooperative: CooperativeId,
        year: i32,
        input: &FiguresInput,
    ) -> Result<FiguresView> {
        authorize(Some(actor), Action::EditCooperative(cooperative))
            .map_err(|d| self.hide(d, cooperative))?;
        let c = checked(year, input, Utc::now().date_naive())?;
        let now = Utc::now();
        let txn = entity::db::begin_write(&self.db).await?;
        let existing = cooperative_figures::Entity::find()
            .filter(cooperative_figures::Column::CooperativeId.eq(cooperative.uuid()))
            .filter(cooperative_figures::Column::Year.eq(year))
            .one(&txn)
            .await?;
        let id = existing.as_ref().map_or_else(Uuid::now_v7, |e| e.id);
        let row = cooperative_figures::ActiveModel {
            id: Set(id),
            cooperative_id: Set(cooperative.uuid()),
            year: Set(year),
            members: Set(c.members),
            members_women: Set(c.women),
            members_ethnic_minority: Set(c.minority),
            workers_regular: Set(c.regular),
            workers_seasonal: Set(c.seasonal),
            average_monthly_income_vnd: Set(c.income),
            founded_year: Set(c.founded),
            reported_on: Set(c.reported_on),
            reported_by: Set(Some(actor.user_id.uuid())),
            status: Set(cooperative_figures::Status::Pending),
            review_note: Set(None),
            reviewed_by: Set(None),
            reviewed_at: Set(None),
            created_at: Set(existing.as_ref().map_or(now, |e| e.created_at)),
            updated_at: Set(now),
        };
        if existing.is_some() {
            cooperative_figures::Entity::update(row).exec(&txn).await?;
        } else {
            cooperative_figures::Entity::insert(row)
                .exec_without_returning(&txn)
                .await?;
        }
        // a verified year reported again waits again: the page shows the
        // latest year still verified
        show_latest_verified(&txn, cooperative.uuid()).await?;
        txn.commit().await?;
        self.figures_by_id(id).await
    }

    /// Every year's figures of a cooperative, newest first (its members and
    /// union staff).
    pub async fn cooperative_figures(
        &self,
        actor: &Actor,
        cooperative: CooperativeId,
    ) -> Result<Vec<FiguresView>> {
        authorize(Some(actor), Action::ViewCooperative(cooperative))
            .map_err(|d| self.hide(d, cooperative))?;
        let name = cooperatives::Entity::find_by_id(cooperative.uuid())
            .one(&self.db)
            .await?
            .map(|c| c.name)
            .unwrap_or_default();
        Ok(cooperative_figures::Entity::find()
            .filter(cooperative_figures::Column::CooperativeId.eq(cooperative.uuid()))
            .order_by_desc(cooperative_figures::Column::Year)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|row| view(row, name.clone()))
            .collect())
    }

    /// The figures waiting for union staff, oldest report first (at most
    /// `limit`).
    pub async fn figures_queue(&self, actor: &Actor, limit: u64) -> Result<Vec<FiguresView>> {
        authorize(Some(actor), Action::Moderate)?;
        let rows = cooperative_figures::Entity::find()
            .filter(cooperative_figures::Column::Status.eq(cooperative_figures::Status::Pending))
            .order_by_asc(cooperative_figures::Column::ReportedOn)
            .order_by_asc(cooperative_figures::Column::Id)
            .limit(limit)
            .all(&self.db)
            .await?;
        let names: std::collections::HashMap<Uuid, String> = cooperatives::Entity::find()
            .filter(cooperatives::Column::Id.is_in(rows.iter().map(|r| r.cooperative_id)))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        Ok(rows
            .into_iter()
            .map(|row| {
                let name = names.get(&row.cooperative_id).cloned().unwrap_or_default();
                view(row, name)
            })
            .collect())
    }

    /// Union staff verify a year's figures or send them back with a note;
    /// the public page shows the latest verified year.
    pub async fn review_figures(
        &self,
        actor: &Actor,
        id: Uuid,
        decision: FiguresDecision,
    ) -> Result<FiguresView> {
        authorize(Some(actor), Action::Moderate)?;
        let txn = entity::db::begin_write(&self.db).await?;
        let row = cooperative_figures::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(Error::FiguresNotFound)?;
        let (to, note, name) = match &decision {
            FiguresDecision::Verify => (cooperative_figures::Status::Verified, None, "verify"),
            FiguresDecision::NeedsCorrection(n) => (
                cooperative_figures::Status::NeedsCorrection,
                Some(n.clone()),
                "needs_correction",
            ),
        };
        let now = Utc::now();
        let changed = cooperative_figures::Entity::update_many()
            .col_expr(cooperative_figures::Column::Status, Expr::value(to))
            .col_expr(
                cooperative_figures::Column::ReviewNote,
                Expr::value(note.clone()),
            )
            .col_expr(
                cooperative_figures::Column::ReviewedBy,
                Expr::value(Some(actor.user_id.uuid())),
            )
            .col_expr(
                cooperative_figures::Column::ReviewedAt,
                Expr::value(Some(now)),
            )
            .col_expr(cooperative_figures::Column::UpdatedAt, Expr::value(now))
            .filter(cooperative_figures::Column::Id.eq(row.id))
            // what staff decided on is what is there: a report changed
            // meanwhile is decided again
            .filter(cooperative_figures::Column::UpdatedAt.eq(row.updated_at))
            .exec(&txn)
            .await?;
        if changed.rows_affected != 1 {
            return Err(Error::InvalidTransition(
                "the figures changed meanwhile; reload and decide again".into(),
            ));
        }
        audit::record(
            &txn,
            Entry {
                actor_id: Some(actor.user_id.uuid()),
                action: format!("figures.{name}"),
                target_type: "cooperative".into(),
                target_id: row.cooperative_id.to_string(),
                reason: note,
                request_id: actor.request_id.clone(),
                data: Some(serde_json::json!({ "year": row.year, "figures_id": row.id })),
            },
        )
        .await?;
        show_latest_verified(&txn, row.cooperative_id).await?;
        txn.commit().await?;
        self.figures_by_id(id).await
    }

    async fn figures_by_id(&self, id: Uuid) -> Result<FiguresView> {
        let row = cooperative_figures::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(Error::FiguresNotFound)?;
        let name = cooperatives::Entity::find_by_id(row.cooperative_id)
            .one(&self.db)
            .await?
            .map(|c| c.name)
            .unwrap_or_default();
        Ok(view(row, name))
    }

    /// The latest verified figures of an approved cooperative, for its
    /// public page.
    pub(crate) async fn verified_figures(&self, cooperative: Uuid) -> Result<Option<FiguresView>> {
        let row = cooperative_figures::Entity::find()
            .filter(cooperative_figures::Column::CooperativeId.eq(cooperative))
            .filter(cooperative_figures::Column::Status.eq(cooperative_figures::Status::Verified))
            .order_by_desc(cooperative_figures::Column::Year)
            .one(&self.db)
            .await?;
        Ok(row.map(|r| view(r, String::new())))
    }
}

/// Puts the latest verified year's members, jobs and founding year on the
/// cooperative, where every list and page reads them.
pub(crate) async fn show_latest_verified<C: ConnectionTrait>(
    conn: &C,
    cooperative: Uuid,
) -> Result<()> {
    let latest = cooperative_figures::Entity::find()
        .filter(cooperative_figures::Column::CooperativeId.eq(cooperative))
        .filter(cooperative_figures::Column::Status.eq(cooperative_figures::Status::Verified))
        .order_by_desc(cooperative_figures::Column::Year)
        .one(conn)
        .await?;
    let Some(latest) = latest else {
        return Ok(());
    };
    let mut update = cooperatives::Entity::update_many()
        .col_expr(
            cooperatives::Column::MembersCount,
            Expr::value(Some(latest.members)),
        )
        .col_expr(
            cooperatives::Column::LocalJobs,
            Expr::value(Some(
                latest
                    .workers_regular
                    .saturating_add(latest.workers_seasonal),
            )),
        );
    if let Some(founded) = latest.founded_year {
        update = update.col_expr(
            cooperatives::Column::FoundedYear,
            Expr::value(Some(founded)),
        );
    }
    update
        .filter(cooperatives::Column::Id.eq(cooperative))
        .exec(conn)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 7).unwrap_or_default()
    }

    #[test]
    fn parts_of_the_members_cannot_outnumber_them() {
        let input = FiguresInput {
            members: 88,
            members_women: 90,
            members_ethnic_minority: 12,
            workers_regular: 150,
            ..FiguresInput::default()
        };
        let Err(Error::Invalid(errors)) = checked(2025, &input, today()) else {
            panic!("more women than members is refused");
        };
        let problems = errors.get("members_women").unwrap_or_default();
        assert_eq!(problems[0].code, "more_than_members");
        assert!(errors.get("members_ethnic_minority").is_none());
    }

    #[test]
    fn a_year_to_come_or_a_report_dated_tomorrow_is_refused() {
        let input = FiguresInput {
            members: 10,
            reported_on: today().succ_opt(),
            ..FiguresInput::default()
        };
        let Err(Error::Invalid(errors)) = checked(2027, &input, today()) else {
            panic!("refused");
        };
        assert!(errors.get("year").is_some());
        assert_eq!(
            errors.get("reported_on").unwrap_or_default()[0].code,
            "in_the_future"
        );
    }
}
