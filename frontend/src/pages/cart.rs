//! The cart. Until ordering opens it is always empty, and says so.

use crate::components::Title;
use leptos::prelude::*;

use crate::i18n::t;

/// The cart page.
#[component]
pub fn CartPage() -> impl IntoView {
    view! {
        <Title text=format!("{} · {}", t("cart-title"), t("site-name"))/>
        <section class="message">
            <h1>{t("cart-title")}</h1>
            <p>{t("cart-empty")}</p>
            <p><a class="button" href="/search">{t("cart-browse")}</a></p>
        </section>
    }
}
