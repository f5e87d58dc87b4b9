//! A cooperative's figures, year by year: `/seller/cooperatives/{id}/figures`
//! for its managers (every year reported, where it stands, the form to
//! report a year) and `/moderation/figures` for union staff (the reports
//! waiting, each with its decision).

use catalog::figures::FiguresView;
use chrono::Datelike;
use leptos::prelude::*;

use super::listings::{CoopCrumbs, CoopTabs, coop_param};
use super::moderation::StaffNav;
use super::{StatusBadge, failure, mark_failed, services, signed_in};
use crate::components::Title;
use crate::format;
use crate::forms::{Choice, Csrf, ErrorSummary, Field, FormState, Notice, state_of};
use crate::i18n::{lang, t, t_with};

/// The figures of a year as a definition list.
#[component]
pub fn FiguresFacts(
    /// The year's figures.
    figures: FiguresView,
) -> impl IntoView {
    let n = |key: &str, count: i32| t_with(key, &[("count", count.into())]);
    view! {
        <dl class="facts figures-facts">
            <dt>{t("figures-members")}</dt>
            <dd>{figures.members} " · " {n("figures-women-n", figures.members_women)} " · " {n("figures-minority-n", figures.members_ethnic_minority)}</dd>
            <dt>{t("figures-workers")}</dt>
            <dd>{n("figures-regular-n", figures.workers_regular)} " · " {n("figures-seasonal-n", figures.workers_seasonal)}</dd>
            <dt>{t("figures-income")}</dt>
            <dd>{figures.average_monthly_income.to_string()}</dd>
            {figures.founded_year.map(|y| view! { <dt>{t("figures-founded")}</dt><dd>{y}</dd> })}
            <dt>{t("figures-reported-on")}</dt>
            <dd>{format::date(figures.reported_on, lang())}</dd>
        </dl>
    }
}

/// `/seller/cooperatives/{id}/figures`
#[component]
pub fn SellerFiguresPage() -> impl IntoView {
    let Some(actor) = signed_in() else {
        return ().into_any();
    };
    let state = state_of("figures");
    mark_failed(&state);
    let load = async move {
        let catalog = services().map_err(failure)?.catalog;
        let id = coop_param().map_err(failure)?;
        let detail = catalog.application(&actor, id).await.map_err(failure)?;
        let years = catalog
            .cooperative_figures(&actor, id)
            .await
            .map_err(failure)?;
        Ok::<_, AnyView>((detail, years))
    };
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (detail, years) = match load.await {
                    Ok(data) => data,
                    Err(view) => return view,
                };
                let id = detail.id;
                let latest = years.first().cloned();
                view! {
                    <Title text=format!("{} · {}", t("figures-title"), detail.name)/>
                    <CoopCrumbs id=id name=detail.name.clone() here=t("figures-title")/>
                    <h1>{t("figures-title")}</h1>
                    <CoopTabs id=id current="seller-tab-figures"/>
                    <Notice/>
                    <p class="lead">{t("figures-lead")}</p>
                    {if years.is_empty() {
                        view! { <p class="empty">{t("figures-empty")}</p> }.into_any()
                    } else {
                        years.into_iter().map(|y| view! {
                            <section class="panel figures-year">
                                <h2>{t_with("figures-year", &[("year", y.year.to_string().into())])} " " <StatusBadge status=y.status.as_str().to_owned()/></h2>
                                {y.review_note.clone().map(|n| view! { <p class="banner">{t("figures-note")} " " {n}</p> })}
                                <FiguresFacts figures=y/>
                            </section>
                        }).collect_view().into_any()
                    }}
                    <section class="panel" id="report">
                        <h2>{t("figures-report")}</h2>
                        <FiguresForm action=format!("/seller/cooperatives/{id}/figures") latest=latest state=state.clone()/>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}

/// The form to report a year, filled from the latest year reported.
#[component]
fn FiguresForm(
    action: String,
    latest: Option<FiguresView>,
    state: Option<FormState>,
) -> impl IntoView {
    let this_year = chrono::Utc::now().year();
    let value = |f: fn(&FiguresView) -> String| latest.as_ref().map(f).unwrap_or_default();
    view! {
        <ErrorSummary state=state.clone() scope="figures"/>
        <form method="post" action=action class="form">
            <Csrf/>
            <Field name="year" kind="number" state=state.clone() required=true value=(this_year - 1).to_string() label=t("figures-field-year")/>
            <div class="inline-form">
                <Field name="members" kind="number" min="0" state=state.clone() required=true value=value(|f| f.members.to_string()) label=t("figures-members")/>
                <Field name="members_women" kind="number" min="0" state=state.clone() required=true value=value(|f| f.members_women.to_string()) label=t("figures-field-women")/>
                <Field name="members_ethnic_minority" kind="number" min="0" state=state.clone() required=true value=value(|f| f.members_ethnic_minority.to_string()) label=t("figures-field-minority")/>
            </div>
            <div class="inline-form">
                <Field name="workers_regular" kind="number" min="0" state=state.clone() required=true value=value(|f| f.workers_regular.to_string()) label=t("figures-field-regular")/>
                <Field name="workers_seasonal" kind="number" min="0" state=state.clone() required=true value=value(|f| f.workers_seasonal.to_string()) label=t("figures-field-seasonal")/>
            </div>
            <Field name="average_monthly_income_vnd" state=state.clone() required=true inputmode="numeric" value=value(|f| f.average_monthly_income.amount.to_string()) label=t("figures-field-income") hint=t("figures-hint-income")/>
            <Field name="founded_year" kind="number" state=state.clone() value=value(|f| f.founded_year.map(|y| y.to_string()).unwrap_or_default()) label=t("figures-founded")/>
            <Field name="reported_on" kind="date" state=state.clone() value=chrono::Utc::now().date_naive().to_string() label=t("figures-reported-on") hint=t("figures-hint-reported-on")/>
            <button type="submit" class="button">{t("figures-send")}</button>
        </form>
    }
}

/// `/moderation/figures`
#[component]
pub fn StaffFiguresPage() -> impl IntoView {
    let Some(actor) = signed_in() else {
        return ().into_any();
    };
    let load = async move {
        let catalog = services().map_err(failure)?.catalog;
        catalog.figures_queue(&actor, 200).await.map_err(failure)
    };
    view! {
        <Title text=format!("{} · {}", t("staff-figures"), t("site-name"))/>
        <h1>{t("staff-figures")}</h1>
        <StaffNav current="staff-figures"/>
        <Notice/>
        <p class="lead">{t("figures-staff-lead")}</p>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let queue = match load.await {
                    Ok(q) => q,
                    Err(view) => return view,
                };
                if queue.is_empty() {
                    return view! { <p class="empty">{t("figures-staff-empty")}</p> }.into_any();
                }
                queue.into_iter().map(|f| {
                    let form = format!("figures-{}", f.id);
                    let state = state_of(&form);
                    mark_failed(&state);
                    let decisions = vec![
                        ("verify".to_owned(), t("figures-verify")),
                        ("needs_correction".to_owned(), t("figures-needs-correction")),
                    ];
                    view! {
                        <section class="panel figures-year" id=form.clone()>
                            <h2>
                                <a href=format!("/moderation/cooperatives/{}", f.cooperative_id)>{f.cooperative_name.clone()}</a>
                                " · " {t_with("figures-year", &[("year", f.year.to_string().into())])}
                            </h2>
                            <FiguresFacts figures=f.clone()/>
                            <ErrorSummary state=state.clone() scope="figures"/>
                            <form method="post" action=format!("/moderation/figures/{}/review", f.id) class="form inline-form">
                                <Csrf/>
                                <Choice name="decision" options=decisions state=state.clone() label=t("figures-decision")/>
                                <Field name="note" state=state.clone() label=t("figures-note") hint=t("figures-hint-note")/>
                                <button type="submit" class="button">{t("figures-decide")}</button>
                            </form>
                        </section>
                    }
                }).collect_view().into_any()
            })}
        </Suspense>
    }
    .into_any()
}
