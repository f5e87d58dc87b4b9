//! The page for anything that is not here, answered with status 404.

use crate::components::Title;
use actix_web::http::StatusCode;
use leptos::prelude::*;

use crate::i18n::t;

/// "Not found", with status 404.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    super::set_status(StatusCode::NOT_FOUND);
    view! {
        <Title text=format!("{} · {}", t("not-found-title"), t("site-name"))/>
        <section class="message">
            <h1>{t("not-found-title")}</h1>
            <p>{t("not-found-body")}</p>
            <p><a class="button" href="/">{t("not-found-home")}</a></p>
            <form action="/search" method="get" role="search" class="search inline">
                <label for="q404" class="visually-hidden">{t("search-label")}</label>
                <input id="q404" name="q" type="search" placeholder=t("search-placeholder")/>
                <button type="submit">{t("search-button")}</button>
            </form>
        </section>
    }
}
