//! HTML forms that work without JavaScript: labels, values kept after an
//! error, each field's problems next to it and summarised at the top, and the
//! session's CSRF token in a hidden field.
//!
//! A form posts to its own page's URL. On success the server redirects
//! (303) to a page that says what happened (`?notice=…`); on failure it
//! renders the same page again with a [`FormState`] in the request, status
//! 422, nothing lost.

use std::collections::BTreeMap;

use actix_web::HttpMessage;
use fluent_bundle::FluentValue;
use kernel::problem::Arg;
use kernel::{FieldErrors, Locale, Money, Problem};
use leptos::prelude::*;

use crate::i18n::t;

/// What a failed submission left: which form, what was typed, what is wrong.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormState {
    /// Which form of the page (a page may have several).
    pub form: String,
    /// The values as submitted (never passwords).
    pub values: BTreeMap<String, String>,
    /// Problems per field.
    pub errors: FieldErrors,
    /// A problem with the whole form: its error code (translated as
    /// `error-{code}` when the translations know it) and its English message.
    pub message: Option<(String, String)>,
    /// Seconds to wait before trying again, when too many tries failed.
    pub retry_after_secs: Option<u64>,
}

impl FormState {
    /// The state of a failed submission of `form`.
    pub fn failed(
        form: &str,
        values: BTreeMap<String, String>,
        errors: FieldErrors,
        message: Option<(String, String)>,
    ) -> Self {
        let values = values
            .into_iter()
            .filter(|(k, _)| !k.contains("password") && k != "csrf_token")
            .collect();
        Self {
            form: form.to_owned(),
            values,
            errors,
            message,
            retry_after_secs: None,
        }
    }

    /// The same, saying how long to wait before trying again.
    #[must_use]
    pub fn retry_after(self, seconds: Option<u64>) -> Self {
        Self {
            retry_after_secs: seconds,
            ..self
        }
    }
}

/// "You can try again in …", in the reader's language: seconds under a
/// minute and a half, else whole minutes rounded up.
pub fn retry_after_text(seconds: u64) -> String {
    let minutes = if seconds < 90 {
        0
    } else {
        seconds.div_ceil(60)
    };
    crate::i18n::t_with(
        "form-retry-after",
        &[("seconds", seconds.into()), ("minutes", minutes.into())],
    )
}

/// The failed submission of `form` on this request, if any.
pub fn state_of(form: &str) -> Option<FormState> {
    let req = use_context::<leptos_actix::Request>()?;
    let state = req.extensions().get::<FormState>().cloned()?;
    (state.form == form).then_some(state)
}

/// The session's CSRF token, for forms.
pub fn csrf_token() -> String {
    crate::session::identity().csrf_token.unwrap_or_default()
}

/// The hidden CSRF field every form carries.
#[component]
pub fn Csrf() -> impl IntoView {
    view! { <input type="hidden" name="csrf_token" value=csrf_token()/> }
}

/// The list of problems at the top of a form, with links to the fields.
#[component]
pub fn ErrorSummary(
    /// The form's failed submission.
    state: Option<FormState>,
    /// Where the form's own labels are looked up first
    /// (`field-{scope}-{name}`), for names other forms use differently.
    #[prop(optional)]
    scope: Option<&'static str>,
) -> impl IntoView {
    state.filter(|s| !s.errors.is_empty() || s.message.is_some()).map(|state| {
        let items: Vec<(String, String)> = state
            .errors
            .iter()
            .flat_map(|(field, problems)| {
                let label = field_label_in(scope, field);
                problems.iter().map(move |p| (field.to_owned(), format!("{label}: {}", translate_problem(p))))
            })
            .collect();
        view! {
            <div class="error-summary" role="alert" tabindex="-1">
                <h2>{t("form-has-errors")}</h2>
                {state.message.map(|(code, fallback)| view! { <p>{crate::i18n::try_t(&format!("error-{code}")).unwrap_or(fallback)}</p> })}
                {state.retry_after_secs.map(|seconds| view! { <p class="retry-after">{retry_after_text(seconds)}</p> })}
                <ul>
                    {items
                        .into_iter()
                        .map(|(field, text)| view! { <li><a href=format!("#f-{field}")>{text}</a></li> })
                        .collect_view()}
                </ul>
            </div>
        }
    })
}

/// The label of a field, from `field-{name}` in the translations (`_` and
/// `.` written `-`). Paths into lists are named by their place:
/// `variants[1].price_tiers[0].min_qty` is "Variant 2 · Tier 1 · From".
pub fn field_label(field: &str) -> String {
    for (list, key) in [
        ("variants[", "field-variant-n"),
        ("price_tiers[", "field-tier-n"),
        ("lines[", "field-line-n"),
        ("photos[", "field-photo-n"),
    ] {
        if let Some((n, rest)) = field.strip_prefix(list).and_then(|r| r.split_once(']')) {
            let n = n.parse::<u64>().unwrap_or(0) + 1;
            let head = crate::i18n::t_with(key, &[("n", n.into())]);
            return match rest.trim_start_matches('.') {
                "" => head,
                rest => format!("{head} · {}", field_label(rest)),
            };
        }
    }
    t(&format!("field-{}", field.replace(['_', '.'], "-")))
}

/// The label of a field of a form with labels of its own
/// (`field-{scope}-{name}`), else [`field_label`].
pub fn field_label_in(scope: Option<&str>, field: &str) -> String {
    scope
        .and_then(|scope| {
            crate::i18n::try_t(&format!("field-{scope}-{}", field.replace(['_', '.'], "-")))
        })
        .unwrap_or_else(|| field_label(field))
}

/// A field problem in the reader's language: the message
/// `problem-{code}` (underscores written `-`) with the problem's arguments
/// as Fluent variables. Amounts of đồng (arguments named `…_vnd`) are
/// written as money (`10.000 ₫`). A code the translations lack (which a test
/// forbids) falls back to the English message.
pub fn translate_problem(problem: &Problem) -> String {
    translate_problem_in(crate::i18n::lang(), problem)
}

/// [`translate_problem`] in `locale`.
pub fn translate_problem_in(locale: Locale, problem: &Problem) -> String {
    let key = format!("problem-{}", problem.code.replace('_', "-"));
    let args: Vec<(&str, FluentValue<'_>)> = problem
        .args
        .iter()
        .map(|(name, arg)| (*name, problem_arg(name, arg)))
        .collect();
    crate::i18n::try_translate(locale, &key, &args).unwrap_or_else(|| problem.message.clone())
}

/// An argument as Fluent takes it: numbers as numbers (for plurals) while
/// a double holds them exactly, amounts of đồng as money.
fn problem_arg(name: &str, arg: &Arg) -> FluentValue<'static> {
    /// The largest whole number a double holds exactly (2^53).
    const EXACT: i64 = 1 << 53;
    match arg {
        Arg::Number(n) if name.ends_with("_vnd") => Money::vnd(*n).to_string().into(),
        Arg::Number(n) if (-EXACT..=EXACT).contains(n) => (*n).into(),
        Arg::Number(n) => n.to_string().into(),
        Arg::Text(text) => text.clone().into(),
    }
}

/// One labelled field, keeping its value and showing its problems.
#[component]
pub fn Field(
    /// The field's name in the form.
    #[prop(into)]
    name: String,
    /// `text`, `email`, `password`, `tel`, `number`, `textarea`, `date`...
    #[prop(default = "text")]
    kind: &'static str,
    /// The failed submission, for the value and problems.
    state: Option<FormState>,
    /// The value to show when nothing was submitted.
    #[prop(optional, into)]
    value: Option<String>,
    /// Whether the field must be filled.
    #[prop(default = false)]
    required: bool,
    /// A hint under the label.
    #[prop(optional, into)]
    hint: Option<String>,
    /// The `autocomplete` attribute.
    #[prop(optional)]
    autocomplete: Option<&'static str>,
    /// The label, when not the usual one for `name`.
    #[prop(optional, into)]
    label: Option<String>,
    /// The lowest number accepted, for number inputs.
    #[prop(optional)]
    min: Option<&'static str>,
    /// The keyboard phones show (`numeric` for prices typed as `350.000`).
    #[prop(optional)]
    inputmode: Option<&'static str>,
    /// Leave out the "(optional)" mark (in dense groups of inputs).
    #[prop(default = false)]
    plain: bool,
    /// The element's id, when a page has several forms with this field
    /// (`f-{name}` otherwise).
    #[prop(optional, into)]
    id: Option<String>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| format!("f-{name}"));
    let label = label.unwrap_or_else(|| field_label(&name));
    let problems: Vec<String> = state
        .as_ref()
        .and_then(|s| s.errors.get(&name))
        .map(|p| p.iter().map(translate_problem).collect())
        .unwrap_or_default();
    let value = state
        .as_ref()
        .and_then(|s| s.values.get(&name).cloned())
        .or(value)
        .unwrap_or_default();
    let invalid = !problems.is_empty();
    let described = format!("{id}-hint {id}-error");
    let input = match kind {
        "textarea" => view! {
            <textarea id=id.clone() name=name rows="6" required=required aria-invalid=invalid.then_some("true") aria-describedby=described.clone()>{value}</textarea>
        }
        .into_any(),
        "password" => view! {
            <input id=id.clone() name=name type="password" required=required autocomplete=autocomplete aria-invalid=invalid.then_some("true") aria-describedby=described.clone()/>
        }
        .into_any(),
        _ => view! {
            <input id=id.clone() name=name type=kind value=value required=required autocomplete=autocomplete min=min inputmode=inputmode aria-invalid=invalid.then_some("true") aria-describedby=described.clone()/>
        }
        .into_any(),
    };
    view! {
        <div class="field" class:invalid=invalid>
            <label for=id.clone()>
                {label}
                {(!required && !plain).then(|| view! { <span class="optional">" " {t("form-optional")}</span> })}
            </label>
            {hint.map(|h| view! { <p class="hint" id=format!("{id}-hint")>{h}</p> })}
            {input}
            {invalid.then(|| view! {
                <p class="field-error" id=format!("{id}-error")>{problems.join(" · ")}</p>
            })}
        </div>
    }
}

/// A choice among options, keeping its value.
#[component]
pub fn Choice(
    /// The field's name.
    #[prop(into)]
    name: String,
    /// (value, label) pairs.
    options: Vec<(String, String)>,
    /// The failed submission.
    state: Option<FormState>,
    /// The value chosen when nothing was submitted.
    #[prop(optional, into)]
    value: Option<String>,
    /// Whether a choice must be made.
    #[prop(default = true)]
    required: bool,
    /// The label, when not the usual one for `name`.
    #[prop(optional, into)]
    label: Option<String>,
    /// A hint under the label.
    #[prop(optional, into)]
    hint: Option<String>,
) -> impl IntoView {
    let id = format!("f-{name}");
    let label = label.unwrap_or_else(|| field_label(&name));
    let chosen = state
        .as_ref()
        .and_then(|s| s.values.get(&name).cloned())
        .or(value)
        .unwrap_or_default();
    let problems: Vec<String> = state
        .as_ref()
        .and_then(|s| s.errors.get(&name))
        .map(|p| p.iter().map(translate_problem).collect())
        .unwrap_or_default();
    let invalid = !problems.is_empty();
    view! {
        <div class="field" class:invalid=invalid>
            <label for=id.clone()>
                {label}
                {(!required).then(|| view! { <span class="optional">" " {t("form-optional")}</span> })}
            </label>
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
            <select id=id name=name required=required aria-invalid=invalid.then_some("true")>
                {options
                    .into_iter()
                    .map(|(v, label)| {
                        let selected = v == chosen;
                        view! { <option value=v selected=selected>{label}</option> }
                    })
                    .collect_view()}
            </select>
            {invalid.then(|| view! { <p class="field-error">{problems.join(" · ")}</p> })}
        </div>
    }
}

/// The `?notice=` of a redirect, in the reader's language.
#[component]
pub fn Notice() -> impl IntoView {
    let notice = leptos_router::hooks::use_query_map()
        .get_untracked()
        .get("notice")
        .filter(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '-'));
    notice.map(|n| view! { <p class="notice" role="status">{t(&format!("notice-{n}"))}</p> })
}

/// What a catalogue file sent to the import page was found to hold (or
/// did), for the page to show after the upload.
#[derive(Clone, Debug)]
pub struct ImportOutcome(pub catalog::listings::csv::ImportReport);

/// The import report of this request, if a file was just sent.
pub fn import_outcome() -> Option<ImportOutcome> {
    let req = use_context::<leptos_actix::Request>()?;
    req.extensions().get::<ImportOutcome>().cloned()
}

/// What a bank statement sent to the statements page was found to hold (or
/// did), for the page to show after the upload.
#[derive(Clone, Debug)]
pub struct StatementOutcome(pub orders::money::StatementReport);

/// The statement report of this request, if a file was just sent.
pub fn statement_outcome() -> Option<StatementOutcome> {
    let req = use_context::<leptos_actix::Request>()?;
    req.extensions().get::<StatementOutcome>().cloned()
}

/// The input of the payouts form holding the amount paid to one
/// cooperative (its problems are filed under the same name).
pub fn payout_amount_field(cooperative: uuid::Uuid) -> String {
    format!("amount-{cooperative}")
}
