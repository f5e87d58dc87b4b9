//! Community-tourism experiences, which the catalogue owns: what a listing
//! that is an experience offers (how long, where to meet, languages, what
//! is included, group size, child price, cancellation policy) and its
//! dated sessions with their places.
//!
//! Places are taken like stock: one conditional update per session
//! (`taken = taken + n WHERE taken + n <= capacity`, open and not yet
//! started), in the caller's transaction, in session order so that two
//! checkouts lock rows in the same order.

use std::collections::HashMap;

use accounts::{Action, Actor, authorize};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use entity::{experience_sessions, experiences, product_variants, products};
use kernel::time::VIETNAM;
use kernel::{CooperativeId, FieldErrors, I18nText, Money, ProductId, problem};
use sea_orm::sea_query::{Expr, ExprTrait as _};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{Catalog, Error, Result};

/// The most sessions one schedule may add.
pub const MAX_NEW_SESSIONS: usize = 400;
/// How far ahead a schedule may reach, in days.
pub const MAX_SCHEDULE_DAYS: i64 = 366;
/// How many upcoming sessions a listing's page offers.
pub const OFFERED_SESSIONS: u64 = 30;
/// The languages a guide may speak, by code.
pub const LANGUAGES: &[&str] = &["vi", "en", "fr", "ja", "zh", "ko", "de"];

/// What a listing that is an experience offers, as a cooperative sends it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ExperienceInput {
    /// How long it lasts, in minutes (30 to 10,080: a week).
    #[serde(deserialize_with = "kernel::whole::deserialize")]
    pub minutes: i32,
    /// Where to meet: address and directions.
    pub meeting_point: String,
    /// A map link (https) to the meeting point.
    pub map_url: String,
    /// The guide's languages: codes among `vi, en, fr, ja, zh, ko, de`.
    pub languages: Vec<String>,
    /// What the price includes.
    pub included: String,
    /// The fewest people a booking may be for (1 or more).
    #[serde(deserialize_with = "kernel::whole::deserialize")]
    pub min_people: i32,
    /// The most people a booking may be for (at least `min_people`, at most 50).
    #[serde(deserialize_with = "kernel::whole::deserialize")]
    pub max_people: i32,
    /// The listing's price is for the whole group rather than each person.
    pub per_group: bool,
    /// The price of a child, per-person pricing only; adults' price when left out.
    #[serde(deserialize_with = "kernel::whole::option")]
    pub child_price_vnd: Option<i64>,
    /// Free cancellation until this many days before (0 to 60).
    #[serde(deserialize_with = "kernel::whole::deserialize")]
    pub free_cancel_days: i32,
    /// The share refunded when cancelled later, 0 to 100.
    #[serde(deserialize_with = "kernel::whole::deserialize")]
    pub late_refund_percent: i32,
    /// Lets the buyer pay this share now (10 to 90) and the rest on
    /// arrival; left out: paid in full at checkout.
    #[serde(deserialize_with = "kernel::whole::option")]
    pub deposit_percent: Option<i32>,
}

/// A dated session and its places.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SessionView {
    /// Id.
    pub id: Uuid,
    /// The experience's listing.
    pub product_id: Uuid,
    /// When it starts.
    pub starts_at: DateTime<Utc>,
    /// When it ends.
    pub ends_at: DateTime<Utc>,
    /// Places in all.
    pub capacity: i32,
    /// Places booked.
    pub taken: i32,
    /// Places left (none once closed).
    pub places_left: i32,
    /// Closed by the cooperative.
    pub closed: bool,
    /// Why it was closed.
    pub closed_reason: Option<String>,
}

/// An experience as a shopper sees it, with its next open sessions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ExperienceView {
    /// The listing.
    pub product_id: Uuid,
    /// Its cooperative.
    pub cooperative_id: Uuid,
    /// How long it lasts, in minutes.
    pub minutes: i32,
    /// Where to meet.
    pub meeting_point: String,
    /// A map link to the meeting point.
    pub map_url: Option<String>,
    /// The guide's languages (codes).
    pub languages: Vec<String>,
    /// What the price includes.
    pub included: String,
    /// The fewest people a booking may be for.
    pub min_people: i32,
    /// The most people a booking may be for.
    pub max_people: i32,
    /// The price is for the whole group.
    pub per_group: bool,
    /// The price of an adult (or of the group).
    pub price: Money,
    /// The price of a child (per-person pricing).
    pub child_price: Option<Money>,
    /// Free cancellation until this many days before.
    pub free_cancel_days: i32,
    /// The share refunded when cancelled later.
    pub late_refund_percent: i32,
    /// The share a buyer may pay now, the rest on arrival; none: paid in
    /// full at checkout.
    pub deposit_percent: Option<i32>,
    /// The variant a booking buys.
    pub variant_id: Uuid,
    /// The next sessions with places left, soonest first.
    pub sessions: Vec<SessionView>,
}

impl ExperienceView {
    /// What `adults` and `children` pay.
    pub fn price_for(&self, adults: i32, children: i32) -> i64 {
        price_for(
            self.per_group,
            self.price.amount,
            self.child_price.map(|m| m.amount),
            adults,
            children,
        )
    }
}

/// What `adults` and `children` pay: the group's price once, or each
/// person's (a child's price for children when there is one).
pub fn price_for(
    per_group: bool,
    price: i64,
    child_price: Option<i64>,
    adults: i32,
    children: i32,
) -> i64 {
    if per_group {
        return price;
    }
    price.saturating_mul(i64::from(adults)).saturating_add(
        child_price
            .unwrap_or(price)
            .saturating_mul(i64::from(children)),
    )
}

/// What of `paid` goes back when a booking starting at `starts_at` is
/// cancelled at `now`: all of it until `free_cancel_days` before (counted in
/// Vietnamese days), then `late_refund_percent` of it, rounded down to the
/// đồng; nothing once it has started.
pub fn refund_due(
    free_cancel_days: i32,
    late_refund_percent: i32,
    starts_at: DateTime<Utc>,
    now: DateTime<Utc>,
    paid: i64,
) -> i64 {
    if now >= starts_at {
        return 0;
    }
    let days_before = (kernel::time::today_in_vietnam(starts_at)
        - kernel::time::today_in_vietnam(now))
    .num_days();
    if days_before >= i64::from(free_cancel_days) {
        paid
    } else {
        paid.saturating_mul(i64::from(late_refund_percent.clamp(0, 100))) / 100
    }
}

/// Opens a session of `listing` (its id and its cooperative's) at
/// `starts_at` with `capacity` places, none taken, through `conn`.
pub(crate) async fn insert_session<C: ConnectionTrait>(
    conn: &C,
    listing: (Uuid, Uuid),
    starts_at: DateTime<Utc>,
    capacity: i32,
    now: DateTime<Utc>,
) -> Result<experience_sessions::Model> {
    let (product_id, cooperative_id) = listing;
    let session = experience_sessions::Model {
        id: Uuid::now_v7(),
        product_id,
        cooperative_id,
        starts_at,
        capacity,
        taken: 0,
        closed_at: None,
        closed_reason: None,
        created_at: now,
        updated_at: now,
    };
    experience_sessions::Entity::insert(experience_sessions::ActiveModel {
        id: Set(session.id),
        product_id: Set(product_id),
        cooperative_id: Set(cooperative_id),
        starts_at: Set(starts_at),
        capacity: Set(capacity),
        taken: Set(0),
        closed_at: Set(None),
        closed_reason: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(session)
}

/// The shares of a booking's price a deposit may be, in percent.
pub const DEPOSIT_PERCENT: (i32, i32) = (10, 90);

/// The deposit on `price` at `percent` (rounded up to the đồng, so the
/// balance left for arrival is never more than the terms say) and the
/// balance paid on arrival.
pub fn deposit_split(price: i64, percent: i32) -> (i64, i64) {
    let percent = i64::from(percent.clamp(0, 100));
    let deposit = (price.saturating_mul(percent) + 99) / 100;
    let deposit = deposit.clamp(0, Ord::max(price, 0));
    (deposit, price - deposit)
}

/// New sessions: every chosen weekday from `from` to `to` (both included)
/// at each time, Vietnamese time; one date with `from` = `to`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ScheduleInput {
    /// The first day (YYYY-MM-DD).
    pub from: String,
    /// The last day (YYYY-MM-DD); the first when left empty.
    pub to: String,
    /// ISO weekdays 1 (Monday) to 7 (Sunday); every day when empty.
    pub weekdays: Vec<u32>,
    /// Start times, `HH:MM` (Vietnamese time).
    pub times: Vec<String>,
    /// Places in each session (1 to 500).
    #[serde(deserialize_with = "kernel::whole::deserialize")]
    pub capacity: i32,
}

/// A booking's hold on a session's places.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlaceLine {
    /// The session.
    pub session: Uuid,
    /// Its experience's listing.
    pub product: ProductId,
    /// People (adults and children).
    pub people: i32,
}

/// A session as a cooperative's calendar lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CalendarSession {
    /// The session.
    #[serde(flatten)]
    pub session: SessionView,
    /// The experience's title.
    pub title: I18nText,
    /// Its URL name.
    pub slug: String,
}

fn session_view(s: &experience_sessions::Model, minutes: i32) -> SessionView {
    let closed = s.closed_at.is_some();
    SessionView {
        id: s.id,
        product_id: s.product_id,
        starts_at: s.starts_at,
        ends_at: s.starts_at + Duration::minutes(i64::from(minutes)),
        capacity: s.capacity,
        taken: s.taken,
        places_left: if closed {
            0
        } else {
            std::cmp::max(s.capacity - s.taken, 0)
        },
        closed,
        closed_reason: s.closed_reason.clone(),
    }
}

fn text_problem(errors: &mut FieldErrors, field: &str, value: &str, max: usize, required: bool) {
    if required && value.trim().is_empty() {
        errors.add(field, problem::required());
    } else if value.chars().count() > max {
        errors.add(field, problem::too_long(max as i64));
    } else if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        errors.add(field, problem::control_characters());
    }
}

/// The input checked: every problem at once.
pub fn check_experience(input: &ExperienceInput) -> Result<ExperienceInput> {
    let mut errors = FieldErrors::new();
    if !(30..=10_080).contains(&input.minutes) {
        errors.add("minutes", problem::whole_number_between(30, 10_080));
    }
    text_problem(
        &mut errors,
        "meeting_point",
        &input.meeting_point,
        500,
        true,
    );
    text_problem(&mut errors, "included", &input.included, 2000, true);
    let map_url = input.map_url.trim().to_owned();
    if !map_url.is_empty() && (!map_url.starts_with("https://") || map_url.len() > 500) {
        errors.add("map_url", problem::not_a_link());
    }
    let mut languages: Vec<String> = input
        .languages
        .iter()
        .flat_map(|l| l.split(','))
        .map(|l| l.trim().to_lowercase())
        .filter(|l| !l.is_empty())
        .collect();
    languages.dedup();
    if languages.is_empty() {
        errors.add("languages", problem::required());
    } else if languages.iter().any(|l| !LANGUAGES.contains(&l.as_str())) {
        errors.add("languages", problem::not_one_of(LANGUAGES));
    }
    if !(1..=50).contains(&input.min_people) {
        errors.add("min_people", problem::whole_number_between(1, 50));
    }
    if !(1..=50).contains(&input.max_people) {
        errors.add("max_people", problem::whole_number_between(1, 50));
    } else if input.max_people < input.min_people {
        errors.add("max_people", problem::below_field("min_people"));
    }
    if let Some(child) = input.child_price_vnd {
        if input.per_group {
            errors.add("child_price_vnd", problem::not_for_group_price());
        } else if !(0..=1_000_000_000).contains(&child) {
            errors.add("child_price_vnd", problem::number_between(0, 1_000_000_000));
        }
    }
    if !(0..=60).contains(&input.free_cancel_days) {
        errors.add("free_cancel_days", problem::whole_number_between(0, 60));
    }
    if !(0..=100).contains(&input.late_refund_percent) {
        errors.add("late_refund_percent", problem::whole_number_between(0, 100));
    }
    if let Some(deposit) = input.deposit_percent
        && !(DEPOSIT_PERCENT.0..=DEPOSIT_PERCENT.1).contains(&deposit)
    {
        errors.add(
            "deposit_percent",
            problem::whole_number_between(DEPOSIT_PERCENT.0, DEPOSIT_PERCENT.1),
        );
    }
    errors.into_result(()).map_err(Error::Invalid)?;
    Ok(ExperienceInput {
        minutes: input.minutes,
        meeting_point: input.meeting_point.trim().to_owned(),
        map_url,
        languages,
        included: input.included.trim().to_owned(),
        min_people: input.min_people,
        max_people: input.max_people,
        per_group: input.per_group,
        child_price_vnd: input.child_price_vnd,
        free_cancel_days: input.free_cancel_days,
        late_refund_percent: input.late_refund_percent,
        deposit_percent: input.deposit_percent,
    })
}

/// The start times of a schedule, in UTC, soonest first.
pub fn schedule_starts(input: &ScheduleInput, now: DateTime<Utc>) -> Result<Vec<DateTime<Utc>>> {
    let mut errors = FieldErrors::new();
    let day = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
    let from = day(&input.from);
    if from.is_none() {
        errors.add("from", problem::not_a_date());
    }
    let to = if input.to.trim().is_empty() {
        from
    } else {
        let to = day(&input.to);
        if to.is_none() {
            errors.add("to", problem::not_a_date());
        }
        to
    };
    if let (Some(from), Some(to)) = (from, to) {
        if to < from {
            errors.add("to", problem::below_field("from"));
        } else if (to - from).num_days() >= MAX_SCHEDULE_DAYS {
            errors.add("to", problem::at_most(MAX_SCHEDULE_DAYS));
        }
    }
    if input.weekdays.iter().any(|d| !(1..=7).contains(d)) {
        errors.add("weekdays", problem::whole_number_between(1, 7));
    }
    let times: Vec<NaiveTime> = input
        .times
        .iter()
        .flat_map(|t| t.split([',', ' ']))
        .filter(|t| !t.trim().is_empty())
        .filter_map(|t| NaiveTime::parse_from_str(t.trim(), "%H:%M").ok())
        .collect();
    let typed = input
        .times
        .iter()
        .flat_map(|t| t.split([',', ' ']))
        .filter(|t| !t.trim().is_empty())
        .count();
    if typed == 0 {
        errors.add("times", problem::required());
    } else if times.len() != typed {
        errors.add("times", problem::not_times_of_day());
    }
    if !(1..=500).contains(&input.capacity) {
        errors.add("capacity", problem::whole_number_between(1, 500));
    }
    errors.into_result(()).map_err(Error::Invalid)?;
    let (Some(from), Some(to)) = (from, to) else {
        return Ok(Vec::new());
    };
    let mut starts = Vec::new();
    let mut day = from;
    while day <= to {
        let weekday = day.weekday().number_from_monday();
        if input.weekdays.is_empty() || input.weekdays.contains(&weekday) {
            for time in &times {
                if let Some(local) = VIETNAM.from_local_datetime(&day.and_time(*time)).single() {
                    let at = local.with_timezone(&Utc);
                    if at > now {
                        starts.push(at);
                    }
                }
            }
        }
        let Some(next) = day.succ_opt() else { break };
        day = next;
    }
    starts.sort();
    starts.dedup();
    if starts.is_empty() {
        return Err(Error::Invalid(FieldErrors::single(
            "from",
            problem::date_not_ahead(),
        )));
    }
    if starts.len() > MAX_NEW_SESSIONS {
        return Err(Error::Invalid(FieldErrors::single(
            "to",
            problem::too_many_sessions(MAX_NEW_SESSIONS as i64),
        )));
    }
    Ok(starts)
}

impl Catalog {
    /// The experience a published listing offers, with its next open
    /// sessions; none when the listing is not an experience.
    pub async fn experience(&self, product: ProductId) -> Result<Option<ExperienceView>> {
        experience_of(&self.db, product.0, Utc::now()).await
    }

    /// Like [`Self::experience`], through `conn`.
    pub async fn experience_in<C: ConnectionTrait>(
        conn: &C,
        product: ProductId,
    ) -> Result<Option<ExperienceView>> {
        experience_of(conn, product.0, Utc::now()).await
    }

    /// Makes a listing an experience, or changes what it offers (the
    /// listing's cooperative).
    pub async fn set_experience(
        &self,
        actor: &Actor,
        product: ProductId,
        input: &ExperienceInput,
    ) -> Result<ExperienceView> {
        let row = self.listing_for_sessions(actor, product.0).await?;
        let input = check_experience(input)?;
        let now = Utc::now();
        let model = experiences::ActiveModel {
            product_id: Set(row.id),
            cooperative_id: Set(row.cooperative_id),
            minutes: Set(input.minutes),
            meeting_point: Set(input.meeting_point.clone()),
            map_url: Set((!input.map_url.is_empty()).then(|| input.map_url.clone())),
            languages: Set(input.languages.join(",")),
            included: Set(input.included.clone()),
            min_people: Set(input.min_people),
            max_people: Set(input.max_people),
            per_group: Set(input.per_group),
            child_price_vnd: Set(input.child_price_vnd),
            free_cancel_days: Set(input.free_cancel_days),
            late_refund_percent: Set(input.late_refund_percent),
            deposit_percent: Set(input.deposit_percent),
            created_at: Set(now),
            updated_at: Set(now),
        };
        let txn = entity::db::begin_write(&self.db).await?;
        match experiences::Entity::find_by_id(row.id).one(&txn).await? {
            Some(_) => {
                let mut model = model;
                model.created_at = sea_orm::ActiveValue::NotSet;
                experiences::Entity::update(model).exec(&txn).await?;
            }
            None => {
                experiences::Entity::insert(model)
                    .exec_without_returning(&txn)
                    .await?;
            }
        }
        txn.commit().await?;
        experience_of(&self.db, row.id, now)
            .await?
            .ok_or_else(|| Error::ProductNotFound(row.id.to_string()))
    }

    /// Adds the sessions of a schedule to an experience (its cooperative);
    /// a time that already has a session is left as it is. Answers the
    /// sessions added.
    pub async fn add_sessions(
        &self,
        actor: &Actor,
        product: ProductId,
        input: &ScheduleInput,
    ) -> Result<Vec<SessionView>> {
        let row = self.listing_for_sessions(actor, product.0).await?;
        let experience = experiences::Entity::find_by_id(row.id)
            .one(&self.db)
            .await?
            .ok_or_else(|| {
                Error::Invalid(FieldErrors::single(
                    "product_id",
                    problem::not_an_experience(),
                ))
            })?;
        let now = Utc::now();
        let starts = schedule_starts(input, now)?;
        let txn = entity::db::begin_write(&self.db).await?;
        let existing: Vec<DateTime<Utc>> = experience_sessions::Entity::find()
            .filter(experience_sessions::Column::ProductId.eq(row.id))
            .filter(experience_sessions::Column::StartsAt.is_in(starts.clone()))
            .all(&txn)
            .await?
            .into_iter()
            .map(|s| s.starts_at)
            .collect();
        let mut added = Vec::new();
        for at in starts.into_iter().filter(|at| !existing.contains(at)) {
            let session =
                insert_session(&txn, (row.id, row.cooperative_id), at, input.capacity, now).await?;
            added.push(session_view(&session, experience.minutes));
        }
        txn.commit().await?;
        Ok(added)
    }

    /// A cooperative's sessions starting in `[start, end)`, with their
    /// experiences' titles, soonest first (at most 500), through `conn`;
    /// the caller has checked who asks.
    pub async fn sessions_between<C: ConnectionTrait>(
        conn: &C,
        cooperative: CooperativeId,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<Vec<CalendarSession>> {
        let sessions = experience_sessions::Entity::find()
            .filter(experience_sessions::Column::CooperativeId.eq(cooperative.uuid()))
            .filter(experience_sessions::Column::StartsAt.gte(start))
            .filter(experience_sessions::Column::StartsAt.lt(end))
            .order_by_asc(experience_sessions::Column::StartsAt)
            .order_by_asc(experience_sessions::Column::Id)
            .limit(500)
            .all(conn)
            .await?;
        let ids: Vec<Uuid> = sessions.iter().map(|s| s.product_id).collect();
        let minutes: HashMap<Uuid, i32> = experiences::Entity::find()
            .filter(experiences::Column::ProductId.is_in(ids.clone()))
            .all(conn)
            .await?
            .into_iter()
            .map(|e| (e.product_id, e.minutes))
            .collect();
        let listings: HashMap<Uuid, products::Model> = products::Entity::find()
            .filter(products::Column::Id.is_in(ids))
            .all(conn)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        Ok(sessions
            .iter()
            .filter_map(|s| {
                let listing = listings.get(&s.product_id)?;
                Some(CalendarSession {
                    session: session_view(s, minutes.get(&s.product_id).copied().unwrap_or(0)),
                    title: listing.title.clone(),
                    slug: listing.slug.clone(),
                })
            })
            .collect())
    }

    /// The listings of a cooperative that are experiences, by title (its
    /// members), for its calendar's forms.
    pub async fn cooperative_experiences(
        &self,
        actor: &Actor,
        cooperative: CooperativeId,
    ) -> Result<Vec<(ProductId, I18nText)>> {
        authorize(Some(actor), Action::ManageOrders(cooperative))
            .map_err(|d| self.hide(d, cooperative))?;
        let ids: Vec<Uuid> = experiences::Entity::find()
            .filter(experiences::Column::CooperativeId.eq(cooperative.uuid()))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|e| e.product_id)
            .collect();
        let mut listings: Vec<(ProductId, I18nText)> = products::Entity::find()
            .filter(products::Column::Id.is_in(ids))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|p| (ProductId(p.id), p.title))
            .collect();
        listings.sort_by(|a, b| a.1.vi.cmp(&b.1.vi));
        Ok(listings)
    }

    /// The listing behind `product`, when `actor` may manage its sessions.
    async fn listing_for_sessions(&self, actor: &Actor, product: Uuid) -> Result<products::Model> {
        let row = products::Entity::find_by_id(product)
            .one(&self.db)
            .await?
            .ok_or_else(|| Error::ProductNotFound(product.to_string()))?;
        authorize(
            Some(actor),
            Action::ManageListings(CooperativeId(row.cooperative_id)),
        )
        .map_err(|d| match d {
            accounts::Denied::NotFound => Error::ProductNotFound(product.to_string()),
            other => Error::Denied(other),
        })?;
        Ok(row)
    }

    /// Takes the places of `lines` through `conn`, the caller's
    /// transaction: the first session without room fails with the places
    /// it has left, and the caller's rollback undoes the rest.
    pub async fn take_places<C: ConnectionTrait>(conn: &C, lines: &[PlaceLine]) -> Result<()> {
        let now = Utc::now();
        let mut ordered: Vec<&PlaceLine> = lines.iter().collect();
        ordered.sort_by_key(|l| l.session);
        for line in ordered {
            let taken = experience_sessions::Entity::update_many()
                .col_expr(
                    experience_sessions::Column::Taken,
                    Expr::col(experience_sessions::Column::Taken).add(line.people),
                )
                .col_expr(experience_sessions::Column::UpdatedAt, Expr::value(now))
                .filter(experience_sessions::Column::Id.eq(line.session))
                .filter(experience_sessions::Column::ClosedAt.is_null())
                .filter(experience_sessions::Column::StartsAt.gt(now))
                .filter(
                    Expr::col(experience_sessions::Column::Taken)
                        .add(line.people)
                        .lte(Expr::col(experience_sessions::Column::Capacity)),
                )
                .exec(conn)
                .await?;
            if taken.rows_affected != 1 {
                let left = experience_sessions::Entity::find_by_id(line.session)
                    .one(conn)
                    .await?
                    .filter(|s| s.closed_at.is_none() && s.starts_at > now)
                    .map_or(0, |s| std::cmp::max(s.capacity - s.taken, 0));
                return Err(Error::NoPlacesLeft {
                    session: line.session,
                    available: left,
                });
            }
        }
        Ok(())
    }

    /// Gives the places of `lines` back through `conn`, the caller's
    /// transaction (which makes sure it happens once).
    pub async fn give_back_places<C: ConnectionTrait>(conn: &C, lines: &[PlaceLine]) -> Result<()> {
        let now = Utc::now();
        let mut ordered: Vec<&PlaceLine> = lines.iter().collect();
        ordered.sort_by_key(|l| l.session);
        for line in ordered {
            experience_sessions::Entity::update_many()
                .col_expr(
                    experience_sessions::Column::Taken,
                    Expr::col(experience_sessions::Column::Taken).sub(line.people),
                )
                .col_expr(experience_sessions::Column::UpdatedAt, Expr::value(now))
                .filter(experience_sessions::Column::Id.eq(line.session))
                .filter(experience_sessions::Column::Taken.gte(line.people))
                .exec(conn)
                .await?;
        }
        Ok(())
    }

    /// Closes a session through `conn` (the cooperative's managers and
    /// staff): it takes no more bookings. Answers it as it was before, for
    /// the orders to move or refund what was booked on it.
    pub async fn close_session<C: ConnectionTrait>(
        conn: &C,
        actor: &Actor,
        session: Uuid,
        reason: &str,
    ) -> Result<SessionView> {
        let row = experience_sessions::Entity::find_by_id(session)
            .one(conn)
            .await?
            .ok_or(Error::SessionNotFound)?;
        authorize(
            Some(actor),
            Action::ManageOrders(CooperativeId(row.cooperative_id)),
        )
        .map_err(|d| match d {
            accounts::Denied::NotFound => Error::SessionNotFound,
            other => Error::Denied(other),
        })?;
        let reason = reason.trim();
        let mut errors = FieldErrors::new();
        text_problem(&mut errors, "reason", reason, 500, true);
        errors.into_result(()).map_err(Error::Invalid)?;
        let now = Utc::now();
        let closed = experience_sessions::Entity::update_many()
            .col_expr(experience_sessions::Column::ClosedAt, Expr::value(now))
            .col_expr(
                experience_sessions::Column::ClosedReason,
                Expr::value(reason.to_owned()),
            )
            .col_expr(experience_sessions::Column::UpdatedAt, Expr::value(now))
            .filter(experience_sessions::Column::Id.eq(session))
            .filter(experience_sessions::Column::ClosedAt.is_null())
            .exec(conn)
            .await?;
        if closed.rows_affected != 1 {
            return Err(Error::InvalidTransition(
                "the session is closed already".into(),
            ));
        }
        let minutes = experiences::Entity::find_by_id(row.product_id)
            .one(conn)
            .await?
            .map_or(0, |e| e.minutes);
        Ok(session_view(&row, minutes))
    }

    /// A session with its experience's terms, through `conn`.
    pub async fn session<C: ConnectionTrait>(
        conn: &C,
        session: Uuid,
    ) -> Result<Option<(SessionView, experiences::Model)>> {
        let Some(row) = experience_sessions::Entity::find_by_id(session)
            .one(conn)
            .await?
        else {
            return Ok(None);
        };
        let Some(experience) = experiences::Entity::find_by_id(row.product_id)
            .one(conn)
            .await?
        else {
            return Ok(None);
        };
        Ok(Some((session_view(&row, experience.minutes), experience)))
    }

    /// The sessions with these ids and their experiences' terms, through
    /// `conn`.
    pub async fn sessions<C: ConnectionTrait>(
        conn: &C,
        ids: &[Uuid],
    ) -> Result<HashMap<Uuid, (SessionView, experiences::Model)>> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let rows = experience_sessions::Entity::find()
            .filter(experience_sessions::Column::Id.is_in(ids.to_vec()))
            .all(conn)
            .await?;
        let products: Vec<Uuid> = rows.iter().map(|r| r.product_id).collect();
        let terms: HashMap<Uuid, experiences::Model> = experiences::Entity::find()
            .filter(experiences::Column::ProductId.is_in(products))
            .all(conn)
            .await?
            .into_iter()
            .map(|e| (e.product_id, e))
            .collect();
        Ok(rows
            .iter()
            .filter_map(|r| {
                let terms = terms.get(&r.product_id)?;
                Some((r.id, (session_view(r, terms.minutes), terms.clone())))
            })
            .collect())
    }
}

/// The experience of `product` with its next open sessions.
async fn experience_of<C: ConnectionTrait>(
    conn: &C,
    product: Uuid,
    now: DateTime<Utc>,
) -> Result<Option<ExperienceView>> {
    let Some(e) = experiences::Entity::find_by_id(product).one(conn).await? else {
        return Ok(None);
    };
    let Some(variant) = product_variants::Entity::find()
        .filter(product_variants::Column::ProductId.eq(product))
        .order_by_asc(product_variants::Column::Position)
        .order_by_asc(product_variants::Column::Id)
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let sessions = experience_sessions::Entity::find()
        .filter(experience_sessions::Column::ProductId.eq(product))
        .filter(experience_sessions::Column::StartsAt.gt(now))
        .filter(experience_sessions::Column::ClosedAt.is_null())
        .filter(
            Expr::col(experience_sessions::Column::Taken)
                .lt(Expr::col(experience_sessions::Column::Capacity)),
        )
        .order_by_asc(experience_sessions::Column::StartsAt)
        .limit(OFFERED_SESSIONS)
        .all(conn)
        .await?;
    Ok(Some(ExperienceView {
        product_id: e.product_id,
        cooperative_id: e.cooperative_id,
        minutes: e.minutes,
        meeting_point: e.meeting_point.clone(),
        map_url: e.map_url.clone(),
        languages: e.languages.split(',').map(str::to_owned).collect(),
        included: e.included.clone(),
        min_people: e.min_people,
        max_people: e.max_people,
        per_group: e.per_group,
        price: Money::vnd(variant.price_vnd),
        child_price: e.child_price_vnd.map(Money::vnd),
        free_cancel_days: e.free_cancel_days,
        late_refund_percent: e.late_refund_percent,
        deposit_percent: e.deposit_percent,
        variant_id: variant.id,
        sessions: sessions
            .iter()
            .map(|s| session_view(s, e.minutes))
            .collect(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_child_pays_the_child_price_and_a_group_pays_once() {
        assert_eq!(price_for(false, 650_000, Some(300_000), 4, 1), 2_900_000);
        assert_eq!(price_for(false, 650_000, None, 2, 1), 1_950_000);
        assert_eq!(price_for(true, 2_200_000, None, 4, 2), 2_200_000);
    }

    #[test]
    fn cancelling_early_refunds_everything_and_late_a_share() {
        let starts = at("2026-12-20T01:00:00Z"); // 08:00 in Huế on the 20th
        let paid = 2_600_000;
        assert_eq!(
            refund_due(3, 50, starts, at("2026-12-16T16:59:00Z"), paid),
            paid
        );
        // the 17th in Huế (23:59 on the 16th UTC+7 is still the 16th)
        assert_eq!(
            refund_due(3, 50, starts, at("2026-12-17T00:00:00Z"), paid),
            paid
        );
        assert_eq!(
            refund_due(3, 50, starts, at("2026-12-18T02:00:00Z"), paid),
            1_300_000
        );
        assert_eq!(
            refund_due(3, 0, starts, at("2026-12-19T02:00:00Z"), paid),
            0
        );
        assert_eq!(
            refund_due(0, 100, starts, at("2026-12-20T02:00:00Z"), paid),
            0
        );
    }

    #[test]
    fn a_schedule_makes_each_chosen_weekday_at_each_time_in_vietnamese_time() {
        let input = ScheduleInput {
            from: "2026-12-14".into(), // a Monday
            to: "2026-12-20".into(),
            weekdays: vec![2, 4, 6],
            times: vec!["08:00, 14:00".into()],
            capacity: 5,
        };
        let starts = schedule_starts(&input, at("2026-12-01T00:00:00Z")).unwrap();
        assert_eq!(starts.len(), 6);
        assert_eq!(starts[0], at("2026-12-15T01:00:00Z"));
        assert_eq!(starts[1], at("2026-12-15T07:00:00Z"));
        assert_eq!(starts[5], at("2026-12-19T07:00:00Z"));
    }

    #[test]
    fn a_schedule_with_bad_fields_names_each() {
        let input = ScheduleInput {
            from: "20-12-2026".into(),
            to: String::new(),
            weekdays: vec![8],
            times: vec!["8h".into()],
            capacity: 0,
        };
        let Err(Error::Invalid(fields)) = schedule_starts(&input, Utc::now()) else {
            panic!("accepted");
        };
        let json = serde_json::to_value(&fields).unwrap();
        for field in ["from", "weekdays", "times", "capacity"] {
            assert!(json.get(field).is_some(), "{field} in {json}");
        }
    }
}
