//! Community-tourism experiences in the shop: what an experience offers and
//! its booking form on the listing's page, the words the cart, checkout and
//! order pages use for a booking, and the cooperative's calendar
//! (`/seller/cooperatives/{id}/bookings`): its sessions day by day with who
//! booked them, marking who came, closing a date, adding sessions, and
//! the terms of an experience (making a listing one).
//!
//! Times are shown as people in Huế read them (UTC+7).

use catalog::experiences::{ExperienceView, LANGUAGES, SessionView};
use catalog::listings::ListingFilter;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use kernel::time::VIETNAM;
use kernel::{CooperativeId, PageRequest, ProductId};
use leptos::prelude::*;
use orders::BookingStatus;
use orders::bookings::{DayBooking, SessionBookings};
use uuid::Uuid;

use crate::components::Title;
use crate::forms::{
    Choice, Csrf, ErrorSummary, Field, FormState, Notice, state_of, translate_problem,
};
use crate::i18n::{lang, t, t_with};
use crate::pages::listings::CoopTabs;
use crate::pages::{StatusBadge, failure, mark_failed, param, query, services, signed_in};

/// How many days the cooperative's calendar shows at once.
const DAYS: i64 = 14;

/// A weekday's name, Monday 1 to Sunday 7.
pub(super) fn weekday_name(n: u32) -> String {
    match n {
        1 => t("weekday-1"),
        2 => t("weekday-2"),
        3 => t("weekday-3"),
        4 => t("weekday-4"),
        5 => t("weekday-5"),
        6 => t("weekday-6"),
        _ => t("weekday-7"),
    }
}

/// "Thứ Bảy, 20/12 08:00": when a session starts, in Vietnam.
pub(super) fn session_time(at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&VIETNAM);
    format!(
        "{}, {} {}",
        weekday_name(local.weekday().number_from_monday()),
        local.format("%d/%m"),
        local.format("%H:%M")
    )
}

/// "2 giờ 30 phút": how long an experience lasts.
pub(super) fn duration_text(minutes: i32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => t_with("experience-minutes", &[("count", m.into())]),
        (h, 0) => t_with("experience-hours", &[("count", h.into())]),
        (h, m) => t_with(
            "experience-hours-minutes",
            &[("hours", h.into()), ("minutes", m.into())],
        ),
    }
}

/// "4 người lớn, 1 trẻ em": who a booking is for.
pub(super) fn people_text(adults: i32, children: i32) -> String {
    let mut text = t_with("booking-adults", &[("count", adults.into())]);
    if children > 0 {
        text.push_str(", ");
        text.push_str(&t_with("booking-children", &[("count", children.into())]));
    }
    text
}

/// What became of a booking, in words.
pub(super) fn booking_status_text(status: BookingStatus) -> String {
    match status {
        BookingStatus::Booked => t("booking-status-booked"),
        BookingStatus::Arrived => t("booking-status-arrived"),
        BookingStatus::NoShow => t("booking-status-no-show"),
        BookingStatus::Completed => t("booking-status-completed"),
        BookingStatus::Cancelled => t("booking-status-cancelled"),
    }
}

/// What became of a booking, as a word and a colour.
#[component]
pub(super) fn BookingBadge(
    /// The booking's status.
    status: BookingStatus,
) -> impl IntoView {
    // the colours of the order statuses that mean the same
    let class = match status {
        BookingStatus::Booked => "status status-confirmed",
        BookingStatus::Arrived => "status status-shipped",
        BookingStatus::NoShow | BookingStatus::Cancelled => "status status-cancelled",
        BookingStatus::Completed => "status status-completed",
    };
    view! { <span class=class>{booking_status_text(status)}</span> }
}

/// A guide's language by its code.
fn language_name(code: &str) -> String {
    match code {
        "vi" => t("experience-language-vi"),
        "en" => t("experience-language-en"),
        "fr" => t("experience-language-fr"),
        "ja" => t("experience-language-ja"),
        "zh" => t("experience-language-zh"),
        "ko" => t("experience-language-ko"),
        "de" => t("experience-language-de"),
        other => other.to_owned(),
    }
}

/// The problems of one field of a failed submission, in words.
pub(super) fn field_problems(state: &Option<FormState>, field: &str) -> Vec<String> {
    state
        .as_ref()
        .and_then(|s| s.errors.get(field))
        .map(|found| found.iter().map(translate_problem).collect())
        .unwrap_or_default()
}

/// Everything wrong with a failed submission, in words: its fields'
/// problems and the whole form's.
pub(super) fn all_problems(state: &Option<FormState>) -> Vec<String> {
    state
        .as_ref()
        .map(|s| {
            let mut all: Vec<String> = s
                .errors
                .iter()
                .flat_map(|(_, p)| p.iter().map(translate_problem))
                .collect();
            if let Some((code, fallback)) = &s.message {
                all.push(crate::i18n::try_t(&format!("error-{code}")).unwrap_or(fallback.clone()));
            }
            all
        })
        .unwrap_or_default()
}

/// An experience on its listing's page, in place of the variants: what it
/// offers, its policy, and the booking form (a date, adults, children).
#[component]
pub fn ExperienceSection(
    /// The experience.
    experience: ExperienceView,
    /// The listing's page, to come back to.
    here: String,
) -> impl IntoView {
    let product = experience.product_id;
    let state = state_of(&format!("book-{product}"));
    mark_failed(&state);
    let chosen = state
        .as_ref()
        .and_then(|s| s.values.get("session_id").cloned())
        .unwrap_or_default();
    let session_problems = field_problems(&state, "session_id");
    let session_wrong = !session_problems.is_empty();
    let duration = duration_text(experience.minutes);
    let group = t_with(
        "experience-people",
        &[
            ("min", experience.min_people.into()),
            ("max", experience.max_people.into()),
        ],
    );
    let languages = experience
        .languages
        .iter()
        .map(String::as_str)
        .map(language_name)
        .collect::<Vec<_>>()
        .join(", ");
    let price = experience.price.to_string();
    let price = if experience.per_group {
        t_with("experience-price-group", &[("price", price.into())])
    } else {
        t_with("experience-price-person", &[("price", price.into())])
    };
    let child_price = experience
        .child_price
        .filter(|_| !experience.per_group)
        .map(|c| t_with("experience-price-child", &[("price", c.to_string().into())]));
    let policy = t_with(
        "experience-policy",
        &[
            ("days", experience.free_cancel_days.into()),
            ("percent", experience.late_refund_percent.into()),
        ],
    );
    let deposit = experience
        .deposit_percent
        .map(|percent| t_with("experience-deposit", &[("percent", percent.into())]));
    let meeting_point = experience.meeting_point.clone();
    let map_url = experience.map_url.clone();
    let included = experience.included.clone();
    let adults = experience.min_people.max(1).to_string();
    let open: Vec<SessionView> = experience
        .sessions
        .iter()
        .filter(|s| !s.closed && s.places_left > 0)
        .cloned()
        .collect();
    let form = if open.is_empty() {
        view! { <p class="empty">{t("experience-no-dates")}</p> }.into_any()
    } else {
        view! {
            <ErrorSummary state=state.clone() scope="book"/>
            <form method="post" action="/cart/book" class="form book-form">
                <Csrf/>
                <input type="hidden" name="return" value=here.clone()/>
                <input type="hidden" name="product_id" value=product.to_string()/>
                <fieldset class="radios" class:invalid=session_wrong id="f-session_id">
                    <legend>{t("experience-choose-date")}</legend>
                    {open.into_iter().map(|s| {
                        let value = s.id.to_string();
                        let checked = value == chosen;
                        view! {
                            <label class="check radio">
                                <input type="radio" name="session_id" value=value checked=checked required=true aria-invalid=session_wrong.then_some("true")/>
                                <span>
                                    <strong>{session_time(s.starts_at)}</strong>
                                    <small>{t_with("experience-places-left", &[("count", s.places_left.into())])}</small>
                                </span>
                            </label>
                        }
                    }).collect_view()}
                    {session_wrong.then(|| view! { <p class="field-error">{session_problems.join(" · ")}</p> })}
                </fieldset>
                <Field name="adults" kind="number" min="1" inputmode="numeric" state=state.clone() value=adults required=true label=t("field-adults")/>
                <Field name="children" kind="number" min="0" inputmode="numeric" state=state.clone() value="0".to_owned() plain=true label=t("field-children")/>
                <button type="submit" class="button">{t("experience-book")}</button>
            </form>
        }
        .into_any()
    };
    view! {
        <section class="experience" aria-labelledby="experience-title">
            <h2 id="experience-title">{t("experience-title")}</h2>
            <dl class="facts">
                <div><dt>{t("experience-duration")}</dt><dd>{duration}</dd></div>
                <div><dt>{t("experience-group")}</dt><dd>{group}</dd></div>
                <div><dt>{t("experience-languages")}</dt><dd>{languages}</dd></div>
                <div><dt>{t("experience-price")}</dt><dd>{price}</dd></div>
                {child_price.map(|c| view! { <div><dt>{t("experience-child-price")}</dt><dd>{c}</dd></div> })}
            </dl>
            <p>
                <strong>{t("experience-meeting-point")}</strong> " " {meeting_point}
                {map_url.map(|url| view! { " " <a href=url rel="noopener noreferrer">{t("experience-map")}</a> })}
            </p>
            <p><strong>{t("experience-included")}</strong> " " {included}</p>
            <p class="hint">{policy}</p>
            {deposit.map(|d| view! { <p class="hint">{d}</p> })}
            {form}
        </section>
    }
}

/// `/seller/cooperatives/{id}/bookings?from=YYYY-MM-DD&terms=`: the
/// cooperative's sessions for 14 days from `from` (today in Vietnam when
/// left out), day by day, each with who booked it and the forms to mark
/// them and to close the date; below, the form adding sessions and the
/// terms of the listing `terms` (one of the cooperative's).
#[component]
pub fn SellerBookingsPage() -> impl IntoView {
    let Some(actor) = signed_in() else {
        return ().into_any();
    };
    let id: Option<CooperativeId> = param("id").parse().ok();
    let today = kernel::time::today_in_vietnam(Utc::now());
    let from = NaiveDate::parse_from_str(&query("from"), "%Y-%m-%d").unwrap_or(today);
    let terms: Option<Uuid> = query("terms").parse().ok();
    let load = async move {
        let services = services().map_err(failure)?;
        let id = id.ok_or_else(|| failure(orders::Error::CooperativeNotFound))?;
        let sessions = services
            .orders
            .cooperative_bookings(&actor, id, from, DAYS)
            .await
            .map_err(failure)?;
        let experiences = services
            .catalog
            .cooperative_experiences(&actor, id)
            .await
            .map_err(failure)?;
        let listings = services
            .catalog
            .cooperative_listings(
                &actor,
                id,
                &ListingFilter::default(),
                PageRequest::new(Some(1), Some(100)).unwrap_or_default(),
            )
            .await
            .map_err(failure)?
            .items;
        // the terms of the listing chosen to edit, one of the cooperative's
        let terms = terms.filter(|p| listings.iter().any(|l| l.id.0 == *p));
        let current = match terms {
            Some(product) => services
                .catalog
                .experience(ProductId(product))
                .await
                .map_err(failure)?,
            None => None,
        };
        Ok::<_, AnyView>((id, sessions, experiences, listings, terms, current))
    };
    view! {
        <Title text=format!("{} · {}", t("seller-tab-bookings"), t("site-name"))/>
        <h1>{t("seller-tab-bookings")}</h1>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (id, sessions, experiences, listings, terms, current) = match load.await {
                    Ok(data) => data,
                    Err(view) => return view,
                };
                let locale = lang();
                let base = format!("/seller/cooperatives/{id}/bookings");
                let here = format!("{base}?from={from}");
                let last = from
                    .checked_add_signed(chrono::Duration::days(DAYS - 1))
                    .unwrap_or(from);
                let earlier = from
                    .checked_sub_signed(chrono::Duration::days(DAYS))
                    .unwrap_or(from);
                let later = from
                    .checked_add_signed(chrono::Duration::days(DAYS))
                    .unwrap_or(from);
                let now = Utc::now();
                // the dates a closed one's bookings may move to
                let open: Vec<SessionView> = sessions
                    .iter()
                    .map(|s| s.session.session.clone())
                    .filter(|s| !s.closed && s.starts_at > now)
                    .collect();
                let mut days: Vec<(NaiveDate, Vec<SessionBookings>)> = Vec::new();
                for s in sessions {
                    let day = s.session.session.starts_at.with_timezone(&VIETNAM).date_naive();
                    let same_day = days.last().is_some_and(|(d, _)| *d == day);
                    if !same_day {
                        days.push((day, Vec::new()));
                    }
                    if let Some((_, list)) = days.last_mut() {
                        list.push(s);
                    }
                }
                let nothing = days.is_empty();
                let choices: Vec<(String, String)> = experiences
                    .into_iter()
                    .map(|(product, title)| (product.0.to_string(), title.get(locale).to_owned()))
                    .collect();
                let mut titles: Vec<(String, String)> = listings
                    .into_iter()
                    .map(|l| (l.id.to_string(), l.title.get(locale).to_owned()))
                    .collect();
                titles.sort_by(|a, b| a.1.cmp(&b.1));
                view! {
                    <CoopTabs id=id current="seller-tab-bookings"/>
                    <Notice/>
                    <p class="hint">
                        {t_with("bookings-range", &[
                            ("from", day_text(from).into()),
                            ("to", day_text(last).into()),
                        ])}
                    </p>
                    <nav class="chips-nav" aria-label=t("bookings-dates")>
                        <a href=format!("{base}?from={earlier}")>{t("bookings-earlier")}</a>
                        {(from != today).then(|| view! { <a href=base.clone()>{t("bookings-today")}</a> })}
                        <a href=format!("{base}?from={later}")>{t("bookings-later")}</a>
                    </nav>
                    {nothing.then(|| view! { <p class="empty">{t("bookings-none")}</p> })}
                    {days.into_iter().map(|(day, list)| view! {
                        <section class="booking-day">
                            <h2>{day_text(day)}</h2>
                            {list.into_iter().map(|s| view! {
                                <SessionPanel bookings=s open=open.clone() here=here.clone() now=now/>
                            }).collect_view()}
                        </section>
                    }).collect_view()}
                    <AddSessions id=id choices=choices here=here.clone()/>
                    <ExperienceTerms id=id listings=titles chosen=terms current=current from=from/>
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}

/// "Thứ Bảy, 20/12/2026": a day of the calendar.
fn day_text(day: NaiveDate) -> String {
    format!(
        "{}, {}",
        weekday_name(day.weekday().number_from_monday()),
        day.format("%d/%m/%Y")
    )
}

/// One session of the calendar: its time, experience and places, who
/// booked it, and the form closing it.
#[component]
fn SessionPanel(
    /// The session and its bookings.
    bookings: SessionBookings,
    /// The open sessions of the calendar still to come.
    open: Vec<SessionView>,
    /// The calendar's page, to come back to.
    here: String,
    /// Now.
    now: DateTime<Utc>,
) -> impl IntoView {
    let locale = lang();
    let session = bookings.session.session.clone();
    let sid = session.id;
    let time = session
        .starts_at
        .with_timezone(&VIETNAM)
        .format("%H:%M")
        .to_string();
    let title = bookings.session.title.get(locale).to_owned();
    let href = format!("/products/{}", bookings.session.slug);
    let places = t_with(
        "bookings-taken",
        &[
            ("taken", session.taken.into()),
            ("capacity", session.capacity.into()),
        ],
    );
    let closed = session.closed.then(|| {
        let reason = session.closed_reason.clone().unwrap_or_default();
        view! { " " <span class="flag flag-danger">{t("bookings-closed")}</span> " " {reason} }
    });
    let closable = !session.closed && session.starts_at > now;
    let targets: Vec<(String, String)> = open
        .iter()
        .filter(|o| {
            o.product_id == session.product_id && o.id != sid && o.starts_at > session.starts_at
        })
        .map(|o| {
            (
                o.id.to_string(),
                format!(
                    "{} · {}",
                    session_time(o.starts_at),
                    t_with("experience-places-left", &[("count", o.places_left.into())])
                ),
            )
        })
        .collect();
    let list = bookings.bookings;
    view! {
        <article class="panel" id=format!("session-{sid}")>
            <h3>{time} " · " <a href=href>{title}</a></h3>
            <p>{places}{closed}</p>
            {if list.is_empty() {
                view! { <p class="empty">{t("bookings-none-yet")}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain">
                        {list.into_iter().map(|b| view! { <BookingItem booking=b here=here.clone()/> }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
            {closable.then(|| view! { <CloseForm session=sid targets=targets here=here.clone()/> })}
        </article>
    }
}

/// One booking of a session: who, how many, which order, what became of
/// it, and the buttons marking it.
#[component]
fn BookingItem(
    /// The booking.
    booking: DayBooking,
    /// The calendar's page, to come back to.
    here: String,
) -> impl IntoView {
    let b = booking;
    let item = b.order_item_id;
    let state = state_of(&format!("attendance-{item}"));
    let problems = all_problems(&state);
    let marks: Vec<(BookingStatus, String)> = [
        (BookingStatus::Arrived, t("bookings-mark-arrived")),
        (BookingStatus::NoShow, t("bookings-mark-no-show")),
        (BookingStatus::Completed, t("bookings-mark-completed")),
    ]
    .into_iter()
    .filter(|(to, _)| b.status != *to && b.status.may_mark(*to))
    .collect();
    let unpaid = b.order_status == "pending_payment";
    let phone = b.buyer_phone.clone();
    // the balance left after a deposit, collected when the guests come
    let order = b.order_id;
    let balance_state = state_of(&format!("balance-{order}"));
    let balance_problems = all_problems(&balance_state);
    let on_arrival = (b.on_arrival.amount > 0).then(|| {
        let amount = b.on_arrival.to_string();
        let collectable = !unpaid && b.status != BookingStatus::Cancelled;
        view! {
            <p class="on-arrival">{t_with("bookings-on-arrival", &[("amount", amount.into())])}</p>
            {(!balance_problems.is_empty()).then(|| view! { <p class="field-error" role="alert">{balance_problems.join(" · ")}</p> })}
            {collectable.then(|| view! {
                <form method="post" action=format!("/seller/orders/{order}/balance-collected") class="action-form">
                    <Csrf/>
                    <input type="hidden" name="item" value=item.to_string()/>
                    <input type="hidden" name="return" value=here.clone()/>
                    <button type="submit" class="button small">{t("bookings-collect-balance")}</button>
                </form>
            })}
        }
    });
    view! {
        <li id=format!("booking-{item}")>
            <p>
                <strong>{b.buyer_name.clone()}</strong>
                {(!phone.is_empty()).then(|| view! { " · " <a href=format!("tel:{}", phone.replace(' ', ""))>{phone.clone()}</a> })}
            </p>
            <p>
                {people_text(b.adults, b.children)} " · "
                <a href=format!("/seller/orders/{}", b.order_id)>{b.order_number.clone()}</a> " · "
                <BookingBadge status=b.status/>
                {unpaid.then(|| view! { " " <StatusBadge status=b.order_status.clone()/> })}
            </p>
            {on_arrival}
            {(!problems.is_empty()).then(|| view! { <p class="field-error" role="alert">{problems.join(" · ")}</p> })}
            {(!marks.is_empty()).then(|| view! {
                <div class="actions-row">
                    {marks.into_iter().map(|(to, label)| view! {
                        <form method="post" action=format!("/seller/bookings/{item}/attendance") class="action-form">
                            <Csrf/>
                            <input type="hidden" name="status" value=to.as_str()/>
                            <input type="hidden" name="return" value=here.clone()/>
                            <button type="submit" class="button small secondary">{label}</button>
                        </form>
                    }).collect_view()}
                </div>
            })}
        </li>
    }
}

/// Closing a date: why (told to the buyers) and where its bookings go.
#[component]
fn CloseForm(
    /// The session.
    session: Uuid,
    /// The later open sessions of the same experience: (id, label).
    targets: Vec<(String, String)>,
    /// The calendar's page, to come back to.
    here: String,
) -> impl IntoView {
    let state = state_of(&format!("close-{session}"));
    let chosen = state
        .as_ref()
        .and_then(|s| s.values.get("move_to").cloned())
        .unwrap_or_default();
    let move_problems = field_problems(&state, "move_to");
    let move_wrong = !move_problems.is_empty();
    let select_id = format!("move-{session}");
    view! {
        <details class="close-date" open=state.is_some()>
            <summary>{t("bookings-close")}</summary>
            <ErrorSummary state=state.clone()/>
            <form method="post" action=format!("/seller/sessions/{session}/close") class="form">
                <Csrf/>
                <input type="hidden" name="return" value=here/>
                <Field name="reason" id=format!("reason-{session}") state=state.clone() required=true label=t("field-close-reason") hint=t("hint-close-reason")/>
                <div class="field" class:invalid=move_wrong>
                    <label for=select_id.clone()>{t("field-move-to")}</label>
                    <p class="hint">{t("hint-move-to")}</p>
                    <select id=select_id.clone() name="move_to" aria-invalid=move_wrong.then_some("true")>
                        <option value="">{t("bookings-no-move")}</option>
                        {targets.into_iter().map(|(value, label)| {
                            let selected = value == chosen;
                            view! { <option value=value selected=selected>{label}</option> }
                        }).collect_view()}
                    </select>
                    {move_wrong.then(|| view! { <p class="field-error">{move_problems.join(" · ")}</p> })}
                </div>
                <button type="submit" class="button small danger">{t("bookings-close-submit")}</button>
            </form>
        </details>
    }
}

/// Adding sessions: an experience, the days (from, to, weekdays), the
/// times and the places of each.
#[component]
fn AddSessions(
    /// The cooperative.
    id: CooperativeId,
    /// Its experiences: (product id, title).
    choices: Vec<(String, String)>,
    /// The calendar's page, to come back to.
    here: String,
) -> impl IntoView {
    let state = state_of("sessions");
    let weekday_problems = field_problems(&state, "weekdays");
    let weekdays_wrong = !weekday_problems.is_empty();
    let body = if choices.is_empty() {
        view! { <p class="empty">{t("bookings-no-experiences")}</p> }.into_any()
    } else {
        let ticked = |d: u32| {
            state.as_ref().is_some_and(|s| {
                s.values
                    .get(&format!("weekday_{d}"))
                    .is_some_and(|v| !v.is_empty())
            })
        };
        let boxes = (1..=7u32)
            .map(|d| {
                let checked = ticked(d);
                view! {
                    <label class="check">
                        <input type="checkbox" name=format!("weekday_{d}") value="yes" checked=checked/>
                        " " {weekday_name(d)}
                    </label>
                }
            })
            .collect_view();
        view! {
            <ErrorSummary state=state.clone() scope="sessions"/>
            <form method="post" action=format!("/seller/cooperatives/{id}/sessions") class="form">
                <Csrf/>
                <input type="hidden" name="return" value=here/>
                <Choice name="product_id" options=choices state=state.clone() label=t("field-sessions-product-id")/>
                <Field name="from" kind="date" state=state.clone() required=true label=t("field-sessions-from")/>
                <Field name="to" kind="date" state=state.clone() label=t("field-sessions-to") hint=t("hint-sessions-to")/>
                <fieldset class="choices" class:invalid=weekdays_wrong id="f-weekdays">
                    <legend>{t("field-sessions-weekdays")}</legend>
                    <p class="hint">{t("hint-sessions-weekdays")}</p>
                    <div class="actions">{boxes}</div>
                    {weekdays_wrong.then(|| view! { <p class="field-error">{weekday_problems.join(" · ")}</p> })}
                </fieldset>
                <Field name="times" state=state.clone() required=true label=t("field-sessions-times") hint=t("hint-sessions-times")/>
                <Field name="capacity" kind="number" min="1" inputmode="numeric" state=state.clone() required=true label=t("field-sessions-capacity")/>
                <button type="submit" class="button">{t("bookings-add-submit")}</button>
            </form>
        }
        .into_any()
    };
    view! {
        <section class="panel" id="add-sessions">
            <h2>{t("bookings-add-title")}</h2>
            {body}
        </section>
    }
}

/// An experience's terms: which listing, how long, where to meet, the
/// guide's languages, what is included, group size, child price and
/// cancellation policy. Saving them makes a listing an experience, or
/// changes what it offers; a small form above picks the listing to edit
/// (`?terms=`), its saved terms filling the fields.
#[component]
fn ExperienceTerms(
    /// The cooperative.
    id: CooperativeId,
    /// Its listings: (product id, title).
    listings: Vec<(String, String)>,
    /// The listing chosen to edit.
    chosen: Option<Uuid>,
    /// Its terms, when it is an experience.
    current: Option<ExperienceView>,
    /// The calendar's first day, kept when another listing is chosen.
    from: NaiveDate,
) -> impl IntoView {
    let state = state_of("terms");
    let base = format!("/seller/cooperatives/{id}/bookings");
    let body = if listings.is_empty() {
        view! { <p class="empty">{t("terms-no-listings")}</p> }.into_any()
    } else {
        let chosen_value = chosen.map(|p| p.to_string()).unwrap_or_default();
        let product = state
            .as_ref()
            .and_then(|s| s.values.get("product_id").cloned())
            .unwrap_or_else(|| chosen_value.clone());
        let product_problems = field_problems(&state, "product_id");
        let product_wrong = !product_problems.is_empty();
        let language_problems = field_problems(&state, "languages");
        let languages_wrong = !language_problems.is_empty();
        // a box is ticked as sent after a failed submission, else as saved
        let ticked = |name: &str, saved: bool| match &state {
            Some(s) => s.values.get(name).is_some_and(|v| !v.trim().is_empty()),
            None => saved,
        };
        let e = current.as_ref();
        let boxes = LANGUAGES
            .iter()
            .copied()
            .map(|code| {
                let name = format!("language_{code}");
                let saved = e.is_some_and(|e| e.languages.iter().any(|l| l.as_str() == code));
                let checked = ticked(name.as_str(), saved);
                view! {
                    <label class="check">
                        <input type="checkbox" name=name value="yes" checked=checked/>
                        " " {language_name(code)}
                    </label>
                }
            })
            .collect_view();
        let per_group = ticked("per_group", e.is_some_and(|e| e.per_group));
        let minutes = e.map(|e| e.minutes.to_string()).unwrap_or_default();
        let meeting_point = e.map(|e| e.meeting_point.clone()).unwrap_or_default();
        let map_url = e.and_then(|e| e.map_url.clone()).unwrap_or_default();
        let included = e.map(|e| e.included.clone()).unwrap_or_default();
        let min_people = e.map_or_else(|| "1".to_owned(), |e| e.min_people.to_string());
        let max_people = e.map(|e| e.max_people.to_string()).unwrap_or_default();
        let child_price = e
            .and_then(|e| e.child_price)
            .map(|m| m.amount.to_string())
            .unwrap_or_default();
        let free_cancel_days = e
            .map(|e| e.free_cancel_days.to_string())
            .unwrap_or_default();
        let late_refund_percent = e
            .map(|e| e.late_refund_percent.to_string())
            .unwrap_or_default();
        let deposit_percent = e
            .and_then(|e| e.deposit_percent)
            .map(|p| p.to_string())
            .unwrap_or_default();
        let becomes_one = chosen.is_some() && current.is_none();
        let picks = listings
            .iter()
            .map(|(value, label)| {
                let selected = *value == chosen_value;
                view! { <option value=value.clone() selected=selected>{label.clone()}</option> }
            })
            .collect_view();
        let options = listings
            .into_iter()
            .map(|(value, label)| {
                let selected = value == product;
                view! { <option value=value selected=selected>{label}</option> }
            })
            .collect_view();
        view! {
            <form method="get" action=base class="form filters">
                <input type="hidden" name="from" value=from.to_string()/>
                <div class="field">
                    <label for="terms-pick">{t("terms-pick")}</label>
                    <select id="terms-pick" name="terms">{picks}</select>
                </div>
                <button type="submit" class="button secondary">{t("terms-edit")}</button>
            </form>
            {becomes_one.then(|| view! { <p class="hint">{t("terms-new")}</p> })}
            <ErrorSummary state=state.clone() scope="terms"/>
            <form method="post" action=format!("/seller/cooperatives/{id}/experience") class="form">
                <Csrf/>
                <div class="field" class:invalid=product_wrong>
                    <label for="f-terms-product_id">{t("field-terms-product-id")}</label>
                    <select id="f-terms-product_id" name="product_id" required=true aria-invalid=product_wrong.then_some("true")>
                        <option value="">{t("terms-choose")}</option>
                        {options}
                    </select>
                    {product_wrong.then(|| view! { <p class="field-error">{product_problems.join(" · ")}</p> })}
                </div>
                <Field name="minutes" kind="number" min="30" inputmode="numeric" state=state.clone() value=minutes required=true label=t("field-terms-minutes")/>
                <Field name="meeting_point" kind="textarea" state=state.clone() value=meeting_point required=true label=t("field-terms-meeting-point") hint=t("hint-terms-meeting-point")/>
                <Field name="map_url" kind="url" state=state.clone() value=map_url label=t("field-terms-map-url") hint=t("hint-terms-map-url")/>
                <fieldset class="choices" class:invalid=languages_wrong id="f-languages">
                    <legend>{t("field-terms-languages")}</legend>
                    <div class="actions">{boxes}</div>
                    {languages_wrong.then(|| view! { <p class="field-error">{language_problems.join(" · ")}</p> })}
                </fieldset>
                <Field name="included" kind="textarea" state=state.clone() value=included required=true label=t("field-terms-included")/>
                <Field name="min_people" kind="number" min="1" inputmode="numeric" state=state.clone() value=min_people required=true label=t("field-terms-min-people")/>
                <Field name="max_people" kind="number" min="1" inputmode="numeric" state=state.clone() value=max_people required=true label=t("field-terms-max-people")/>
                <div class="field">
                    <label class="check">
                        <input type="checkbox" name="per_group" value="yes" checked=per_group/>
                        " " {t("field-terms-per-group")}
                    </label>
                </div>
                <Field name="child_price_vnd" inputmode="numeric" state=state.clone() value=child_price label=t("field-terms-child-price-vnd") hint=t("hint-terms-child-price-vnd")/>
                <Field name="free_cancel_days" kind="number" min="0" inputmode="numeric" state=state.clone() value=free_cancel_days required=true label=t("field-terms-free-cancel-days")/>
                <Field name="late_refund_percent" kind="number" min="0" inputmode="numeric" state=state.clone() value=late_refund_percent required=true label=t("field-terms-late-refund-percent")/>
                <Field name="deposit_percent" kind="number" min="10" inputmode="numeric" state=state.clone() value=deposit_percent label=t("field-terms-deposit-percent") hint=t("hint-terms-deposit-percent")/>
                <button type="submit" class="button">{t("terms-submit")}</button>
            </form>
        }
        .into_any()
    };
    view! {
        <section class="panel" id="experience-terms">
            <h2>{t("terms-title")}</h2>
            <p class="hint">{t("terms-lead")}</p>
            {body}
        </section>
    }
}
