//! The market in figures on `/moderation`, under what waits: a plain GET
//! form for the period (this month, last month, this year, or from/to),
//! then each figure as a chart drawn here in SVG with its numbers beside
//! it as a table (which is what screen readers read: the charts are
//! hidden from them), and a CSV link per table.

use leptos::prelude::*;
use market::{Dashboard, Row};

use super::{query, services, signed_in};
use crate::format::{date, link};
use crate::i18n::{lang, t};

/// The chart's drawing width, in SVG units (it scales to the column).
const WIDTH: f64 = 320.0;

/// The period as the page's query has it, to carry into links.
fn period_params() -> Vec<(&'static str, String)> {
    vec![
        ("period", query("period")),
        ("from", query("from")),
        ("to", query("to")),
    ]
}

fn label(row: &Row, kind: &str) -> String {
    match (row.key.as_str(), kind) {
        (market::OTHERS, _) => t("dashboard-others"),
        ("none", "categories") => t("dashboard-uncategorised"),
        ("", _) => t("dashboard-unknown"),
        (method, "payment_methods") => t(&format!("payment-short-{}", method.replace('_', "-"))),
        _ if row.label.is_empty() => row.key.clone(),
        _ => row.label.clone(),
    }
}

/// Horizontal bars, one a row, the longest for the largest value.
#[component]
fn Bars(rows: Vec<Row>, kind: &'static str) -> impl IntoView {
    let max = rows
        .iter()
        .map(|r| r.value.amount)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let height = (rows.len().max(1) * 34) as f64;
    let bars = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let y = i as f64 * 34.0;
            let w = (r.value.amount as f64 / max * (WIDTH - 4.0)).max(1.0);
            view! {
                <text x="0" y=format!("{:.0}", y + 12.0) class="chart-label">{label(r, kind)}</text>
                <rect x="0" y=format!("{:.0}", y + 16.0) width=format!("{w:.1}") height="12" rx="2" class="chart-bar"/>
            }
        })
        .collect_view();
    view! {
        <svg class="chart" viewBox=format!("0 0 {WIDTH} {height}") width="100%" aria-hidden="true" focusable="false">
            {bars}
        </svg>
    }
}

/// Columns per month.
#[component]
fn Columns(rows: Vec<Row>) -> impl IntoView {
    let max = rows
        .iter()
        .map(|r| r.value.amount)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let n = rows.len().max(1) as f64;
    let slot = WIDTH / n;
    let columns = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let h = r.value.amount as f64 / max * 120.0;
            let x = i as f64 * slot;
            let month = r.key.get(5..).unwrap_or(&r.key).to_owned();
            view! {
                <rect x=format!("{:.1}", x + slot * 0.15) y=format!("{:.1}", 124.0 - h) width=format!("{:.1}", slot * 0.7) height=format!("{h:.1}") class="chart-bar"/>
                <text x=format!("{:.1}", x + slot / 2.0) y="140" text-anchor="middle" class="chart-label">{month}</text>
            }
        })
        .collect_view();
    view! {
        <svg class="chart" viewBox=format!("0 0 {WIDTH} 146") width="100%" aria-hidden="true" focusable="false">
            <line x1="0" y1="124.5" x2=WIDTH.to_string() y2="124.5" class="chart-axis"/>
            {columns}
        </svg>
    }
}

/// A figure: its title, the chart, the table with the numbers, a CSV link.
#[component]
fn Figure(
    /// Its title's key.
    title: &'static str,
    /// The table's name in the CSV URL.
    table: &'static str,
    /// The rows.
    rows: Vec<Row>,
    /// Columns per month rather than bars.
    #[prop(optional)]
    months: bool,
) -> impl IntoView {
    let id = format!("figure-{table}");
    let labelled_by = id.clone();
    let csv = link(
        &format!("/api/v1/moderation/dashboard/{table}.csv"),
        &period_params(),
    );
    let empty = rows.iter().all(|r| r.orders == 0);
    let chart = if empty {
        view! { <p class="empty">{t("dashboard-empty")}</p> }.into_any()
    } else if months {
        view! { <Columns rows=rows.clone()/> }.into_any()
    } else {
        view! { <Bars rows=rows.clone() kind=table/> }.into_any()
    };
    view! {
        <section class="figure" aria-labelledby=labelled_by>
            <h3 id=id>{t(title)}</h3>
            {chart}
            <div class="table-scroll">
                <table class="dense">
                    <thead><tr>
                        <th scope="col">{t("dashboard-col-name")}</th>
                        <th scope="col" class="num">{t("dashboard-col-orders")}</th>
                        <th scope="col" class="num">{t("dashboard-col-value")}</th>
                    </tr></thead>
                    <tbody>
                        {rows.iter().map(|r| view! {
                            <tr>
                                <th scope="row">{label(r, table)}</th>
                                <td class="num">{r.orders}</td>
                                <td class="num">{r.value.to_string()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <p><a href=csv download="">{t("dashboard-csv")}</a></p>
        </section>
    }
    .into_any()
}

/// The period form: a plain GET form that works without JavaScript.
#[component]
fn PeriodForm() -> impl IntoView {
    let current = match query("period") {
        p if market::PERIODS.contains(&p.as_str()) => p,
        _ => "this_month".to_owned(),
    };
    let options = market::PERIODS
        .into_iter()
        .map(|p| {
            let selected = p == current;
            view! { <option value=p selected=selected>{t(&format!("period-{}", p.replace('_', "-")))}</option> }
        })
        .collect_view();
    view! {
        <form method="get" action="/moderation" class="form filters" aria-label=t("dashboard-period")>
            <div class="field">
                <label for="dashboard-period">{t("dashboard-period")}</label>
                <select id="dashboard-period" name="period">{options}</select>
            </div>
            <div class="field">
                <label for="dashboard-from">{t("dashboard-from")}</label>
                <input id="dashboard-from" name="from" type="date" value=query("from")/>
            </div>
            <div class="field">
                <label for="dashboard-to">{t("dashboard-to")}</label>
                <input id="dashboard-to" name="to" type="date" value=query("to")/>
            </div>
            <button type="submit" class="button">{t("dashboard-show")}</button>
        </form>
    }
}

fn expiring_table(items: Vec<market::ExpiringCertification>, locale: kernel::Locale) -> AnyView {
    if items.is_empty() {
        view! { <p class="empty">{t("dashboard-none-expiring")}</p> }.into_any()
    } else {
        view! {
                <div class="table-scroll">
                    <table class="dense">
                        <thead><tr>
                            <th scope="col">{t("dashboard-col-cooperative")}</th>
                            <th scope="col">{t("dashboard-col-certification")}</th>
                            <th scope="col">{t("dashboard-col-expires")}</th>
                        </tr></thead>
                        <tbody>
                            {items.into_iter().map(|c| view! {
                                <tr>
                                    <td>{c.cooperative}</td>
                                    <td>{format!("{} {}", t(&format!("cert-kind-{}", c.kind)), c.name)}</td>
                                    <td>{date(c.expires_on, locale)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
    }
}

fn figures(d: Dashboard) -> AnyView {
    let locale = lang();
    let (home, away) = d.domestic_and_abroad();
    let hours = d.delivery.average_hours.map_or_else(
        || "—".to_owned(),
        |h| {
            let days = format!("{:.1}", h / 24.0);
            if locale == kernel::Locale::Vi {
                days.replace('.', ",")
            } else {
                days
            }
        },
    );
    let people = &d.people;
    let income = people
        .average_monthly_income_vnd
        .map_or_else(|| "—".to_owned(), |v| kernel::Money::vnd(v).to_string());
    let facts = [
        ("dashboard-orders", d.orders.to_string()),
        ("dashboard-gmv", d.gmv.to_string()),
        (
            "dashboard-domestic",
            format!("{} · {}", home.orders, home.value),
        ),
        (
            "dashboard-abroad",
            format!("{} · {}", away.orders, away.value),
        ),
        ("dashboard-new-cooperatives", d.new_cooperatives.to_string()),
        ("dashboard-new-listings", d.new_listings.to_string()),
        ("dashboard-delivered", d.delivery.delivered.to_string()),
        ("dashboard-average-days", hours),
        ("dashboard-scans", d.scans.scans.to_string()),
        ("dashboard-lots-scanned", d.scans.lots.to_string()),
        (
            "dashboard-expiring",
            d.expiring_certifications.total.to_string(),
        ),
    ];
    let people_facts = [
        (
            "dashboard-cooperatives-reporting",
            people.cooperatives.to_string(),
        ),
        ("dashboard-members", people.members.to_string()),
        ("dashboard-women", people.members_women.to_string()),
        (
            "dashboard-minority",
            people.members_ethnic_minority.to_string(),
        ),
        (
            "dashboard-workers-regular",
            people.workers_regular.to_string(),
        ),
        (
            "dashboard-workers-seasonal",
            people.workers_seasonal.to_string(),
        ),
        ("dashboard-income", income),
    ];
    let fact_list = |facts: Vec<(&'static str, String)>| {
        view! {
            <dl class="facts">
                {facts.into_iter().map(|(k, v)| view! { <div><dt>{t(k)}</dt><dd>{v}</dd></div> }).collect_view()}
            </dl>
        }
        .into_any()
    };
    let summary = link("/api/v1/moderation/dashboard/summary.csv", &period_params());
    let certificates = link(
        "/api/v1/moderation/dashboard/certifications.csv",
        &period_params(),
    );
    let report_month = d.from.format("%Y-%m").to_string();
    let charts: Vec<AnyView> = vec![
        view! { <Figure title="dashboard-by-cooperative" table="cooperatives" rows=d.by_cooperative/> }.into_any(),
        view! { <Figure title="dashboard-by-category" table="categories" rows=d.by_category/> }.into_any(),
        view! { <Figure title="dashboard-by-month" table="months" rows=d.by_month months=true/> }.into_any(),
        view! { <Figure title="dashboard-by-province" table="provinces" rows=d.by_province/> }.into_any(),
        view! { <Figure title="dashboard-by-country" table="countries" rows=d.by_country/> }.into_any(),
        view! { <Figure title="dashboard-export-desk" table="export_desk" rows=d.export_desk/> }.into_any(),
        view! { <Figure title="dashboard-payment-methods" table="payment_methods" rows=d.by_payment_method/> }.into_any(),
    ];
    let expiring = expiring_table(d.expiring_certifications.items, locale);
    view! {
        <p class="period-shown">{format!("{} – {}", date(d.from, locale), date(d.to, locale))}</p>
        {fact_list(facts.to_vec())}
        <p>
            <a href=summary download="">{t("dashboard-csv")}</a> " · "
            <a href=format!("/api/v1/moderation/reports/monthly?month={report_month}")>{t("dashboard-monthly-report")}</a>
        </p>
        <div class="figures">{charts}</div>
        <h3>{t("dashboard-expiring")}</h3>
        {expiring}
        <p><a href=certificates download="">{t("dashboard-csv")}</a></p>
        <h3>{t("dashboard-people")}</h3>
        {fact_list(people_facts.to_vec())}
    }
    .into_any()
}

/// The market in figures for the period in the page's query.
#[component]
pub fn MarketFigures() -> impl IntoView {
    let Some(actor) = signed_in() else {
        return ().into_any();
    };
    let today = kernel::time::today_in_vietnam(chrono::Utc::now());
    let period = market::parse_period(
        Some(query("period").as_str()),
        Some(query("from").as_str()),
        Some(query("to").as_str()),
        today,
    );
    let locale = lang();
    let load = async move {
        let Ok(period) = period else {
            return Err(());
        };
        let Ok(s) = services() else {
            return Ok(None);
        };
        Ok(market::dashboard(s.market(), &actor, period, locale)
            .await
            .ok())
    };
    view! {
        <section class="market" aria-labelledby="market-title">
            <h2 id="market-title">{t("dashboard-title")}</h2>
            <PeriodForm/>
            <Suspense fallback=|| ()>
                {Suspend::new(async move {
                    match load.await {
                        Ok(Some(d)) => figures(d).into_any(),
                        Ok(None) => ().into_any(),
                        Err(()) => view! { <p class="error" role="alert">{t("dashboard-bad-period")}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}
