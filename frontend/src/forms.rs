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
use kernel::FieldErrors;
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
        }
    }
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
) -> impl IntoView {
    state.filter(|s| !s.errors.is_empty() || s.message.is_some()).map(|state| {
        let items: Vec<(String, String)> = state
            .errors
            .iter()
            .flat_map(|(field, problems)| {
                let label = field_label(field);
                problems.iter().map(move |p| (field.to_owned(), format!("{label}: {}", translate_problem(p))))
            })
            .collect();
        view! {
            <div class="error-summary" role="alert" tabindex="-1">
                <h2>{t("form-has-errors")}</h2>
                {state.message.map(|(code, fallback)| view! { <p>{crate::i18n::try_t(&format!("error-{code}")).unwrap_or(fallback)}</p> })}
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

/// The label of a field, from `field-{name}` in the translations.
pub fn field_label(field: &str) -> String {
    t(&format!("field-{}", field.replace('_', "-")))
}

/// Problems come from the domain in English; the common ones are shown in
/// the reader's language, the rest as they are.
pub fn translate_problem(problem: &str) -> String {
    let key = match problem {
        "is required" => "problem-required",
        "is not an e-mail address" => "problem-email",
        p if p.starts_with("must have at least 10 characters") => "problem-password-short",
        p if p.starts_with("is too common") => "problem-password-common",
        p if p.starts_with("must be a Vietnamese phone number") => "problem-phone",
        p if p.starts_with("must have 10 digits") => "problem-tax-code",
        p if p.contains("is not a PDF, JPEG or PNG") => {
            return format!("{problem} — {}", t("problem-document-type"));
        }
        _ => return problem.to_owned(),
    };
    t(key)
}

/// One labelled field, keeping its value and showing its problems.
#[component]
pub fn Field(
    /// The field's name in the form.
    name: &'static str,
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
) -> impl IntoView {
    let id = format!("f-{name}");
    let problems: Vec<String> = state
        .as_ref()
        .and_then(|s| s.errors.get(name))
        .map(|p| p.iter().map(|p| translate_problem(p)).collect())
        .unwrap_or_default();
    let value = state
        .as_ref()
        .and_then(|s| s.values.get(name).cloned())
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
            <input id=id.clone() name=name type=kind value=value required=required autocomplete=autocomplete aria-invalid=invalid.then_some("true") aria-describedby=described.clone()/>
        }
        .into_any(),
    };
    view! {
        <div class="field" class:invalid=invalid>
            <label for=id.clone()>
                {field_label(name)}
                {(!required).then(|| view! { <span class="optional">" " {t("form-optional")}</span> })}
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
    name: &'static str,
    /// (value, label) pairs.
    options: Vec<(String, String)>,
    /// The failed submission.
    state: Option<FormState>,
    /// The value chosen when nothing was submitted.
    #[prop(optional, into)]
    value: Option<String>,
) -> impl IntoView {
    let id = format!("f-{name}");
    let chosen = state
        .as_ref()
        .and_then(|s| s.values.get(name).cloned())
        .or(value)
        .unwrap_or_default();
    let problems: Vec<String> = state
        .as_ref()
        .and_then(|s| s.errors.get(name))
        .map(|p| p.iter().map(|p| translate_problem(p)).collect())
        .unwrap_or_default();
    let invalid = !problems.is_empty();
    view! {
        <div class="field" class:invalid=invalid>
            <label for=id.clone()>{field_label(name)}</label>
            <select id=id name=name required=true>
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
