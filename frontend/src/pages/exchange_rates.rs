//! `/moderation/exchange-rates`: the rates union staff set, so that export
//! buyers see prices in dollars, yen and yuan beside the đồng. Each rate
//! shows the day it was set; prices are always charged in đồng.

use catalog::rates::ExchangeRates;
use kernel::{Currency, Money};
use leptos::prelude::*;

use super::moderation::StaffNav;
use super::{failure, mark_failed, services, signed_in, when};
use crate::components::Title;
use crate::forms::{Csrf, ErrorSummary, Field, Notice, state_of};
use crate::i18n::{t, t_with};

/// A price the rates are shown on, as an example.
const EXAMPLE_VND: i64 = 420_000;

/// `/moderation/exchange-rates`
#[component]
pub fn ExchangeRatesPage() -> impl IntoView {
    if signed_in().is_none() {
        return ().into_any();
    }
    let load = async move {
        let catalog = services().map_err(failure)?.catalog;
        catalog.exchange_rates().await.map_err(failure)
    };
    view! {
        <Title text=format!("{} · {}", t("staff-rates"), t("site-name"))/>
        <h1>{t("staff-title")}</h1>
        <StaffNav current="staff-rates"/>
        <Notice/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match load.await {
                    Ok(rates) => rates_form(rates).into_any(),
                    Err(view) => view,
                }
            })}
        </Suspense>
    }
    .into_any()
}

fn rates_form(rates: ExchangeRates) -> impl IntoView {
    let state = state_of("rates");
    mark_failed(&state);
    let example = Money::vnd(EXAMPLE_VND);
    let rows: Vec<_> = Currency::FOREIGN
        .into_iter()
        .map(|currency| {
            let rate = rates.get(currency).cloned();
            let field = currency.code().to_ascii_lowercase();
            let shown = rates.convert(example, currency);
            view! {
                <div class="rate-row">
                    <Field
                        name=field.clone()
                        state=state.clone()
                        value=rate.as_ref().map(|r| r.vnd_per_unit.clone()).unwrap_or_default()
                        label=t_with("rates-field", &[("currency", currency.code().into())])
                        inputmode="decimal"
                    />
                    <p class="hint">
                        {match &rate {
                            Some(rate) => t_with(
                                "rates-set-on",
                                &[("date", when(rate.set_at).into())],
                            ),
                            None => t("rates-not-set"),
                        }}
                        {shown.map(|s| view! { " · " {example.to_string()} " ≈ " {s.to_string()} })}
                    </p>
                </div>
            }
        })
        .collect();
    view! {
        <section class="panel narrow">
            <h2>{t("rates-title")}</h2>
            <p class="hint">{t("rates-lead")}</p>
            <ErrorSummary state=state.clone()/>
            <form method="post" action="/moderation/exchange-rates" class="form">
                <Csrf/>
                {rows}
                <button type="submit" class="button">{t("rates-save")}</button>
            </form>
        </section>
    }
}
