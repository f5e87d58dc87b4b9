//! The shop's pages.

pub mod account;
pub mod cart;
pub mod categories;
pub mod category;
pub mod cooperative;
pub mod cooperatives;
pub mod home;
pub mod moderation;
pub mod not_found;
pub mod product;
pub mod search;
pub mod seller;

use actix_web::http::StatusCode;
use kernel::{ErrorCode, ErrorKind, PageRequest};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::Services;
use crate::i18n::t;

/// The app was rendered without its services: a wiring bug.
#[derive(Debug, thiserror::Error)]
#[error("the domain services are missing from the page context")]
struct MissingServices;

impl ErrorCode for MissingServices {
    fn code(&self) -> kernel::Code {
        kernel::Code::INTERNAL
    }
}

/// The services the pages read from.
fn services() -> Result<Services, MissingServices> {
    use_context::<Services>().ok_or(MissingServices)
}

/// A path parameter.
fn param(name: &str) -> String {
    use_params_map()
        .get_untracked()
        .get(name)
        .unwrap_or_default()
}

/// A query parameter, trimmed.
fn query(name: &str) -> String {
    use_query_map()
        .get_untracked()
        .get(name)
        .map(|v| v.trim().to_owned())
        .unwrap_or_default()
}

/// The `?page=` asked for, 24 a page; a bad number shows the first page.
fn page_request() -> PageRequest {
    let page = query("page").parse::<u64>().ok();
    PageRequest::new(page, None).unwrap_or_default()
}

/// Sets the response status.
fn set_status(status: StatusCode) {
    if let Some(res) = use_context::<leptos_actix::ResponseOptions>() {
        res.set_status(status);
    }
}

/// The page for a failed load: "not found" with 404, or an apology with the
/// status the error calls for (the cause is logged, never shown).
fn failure(err: impl ErrorCode) -> AnyView {
    let kind = err.code().kind();
    if kind == ErrorKind::NotFound {
        return not_found::NotFoundPage().into_any();
    }
    if kind == ErrorKind::Unauthenticated {
        redirect_to(&crate::session::sign_in_link());
        return ().into_any();
    }
    if kind == ErrorKind::Forbidden {
        set_status(StatusCode::FORBIDDEN);
        return view! {
            <section class="message">
                <h1>{t("forbidden-title")}</h1>
                <p>{t("forbidden-body")}</p>
                <p><a href="/">{t("not-found-home")}</a></p>
            </section>
        }
        .into_any();
    }
    tracing::error!(error = %err, "page failed to load");
    set_status(if kind == ErrorKind::Unavailable {
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::INTERNAL_SERVER_ERROR
    });
    view! {
        <section class="message">
            <h1>{t("error-title")}</h1>
            <p>{t("error-body")}</p>
            <p><a href="/">{t("not-found-home")}</a></p>
        </section>
    }
    .into_any()
}

/// The signed-in actor, or a redirect to the sign-in page that comes back
/// here afterwards.
fn signed_in() -> Option<accounts::Actor> {
    let actor = crate::session::actor();
    if actor.is_none() {
        redirect_to(&crate::session::sign_in_link());
    }
    actor
}

/// Answers with a redirect (303) to `path`, whatever the client accepts.
fn redirect_to(path: &str) {
    if let Some(res) = use_context::<leptos_actix::ResponseOptions>()
        && let Ok(location) = actix_web::http::header::HeaderValue::from_str(path)
    {
        res.set_status(StatusCode::SEE_OTHER);
        res.insert_header(actix_web::http::header::LOCATION, location);
    }
}

/// Sets 422 when a form came back with problems.
fn mark_failed(state: &Option<crate::forms::FormState>) {
    if state.is_some() {
        set_status(StatusCode::UNPROCESSABLE_ENTITY);
    }
}

/// A status as a word and a colour.
#[component]
fn StatusBadge(
    /// The status name.
    status: String,
) -> impl IntoView {
    let label = t(&format!("status-{}", status.replace('_', "-")));
    view! { <span class=format!("status status-{status}")>{label}</span> }
}

/// A date and time as people in Vietnam read it.
fn when(at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&kernel::time::VIETNAM)
        .format("%d/%m/%Y %H:%M")
        .to_string()
}
