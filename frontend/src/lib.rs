//! The shop, rendered on the server with Leptos: every page is plain HTML and
//! CSS, works with JavaScript off, and is fully rendered before it is sent
//! (`SsrMode::Async`), so a status such as 404 is right and no script is
//! needed to fill anything in. One small script of the shop's own
//! ([`SUGGEST_SCRIPT`]) adds suggestions under the search box when it can.
//!
//! Pages read through the domain services provided in the request's context
//! ([`Services`]); they never touch the database.

pub mod components;
pub mod currency;
pub mod format;
pub mod forms;
pub mod i18n;
mod pages;
pub mod session;

use leptos::prelude::*;
use leptos_meta::{MetaTags, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

/// The domain services pages read from.
#[derive(Clone)]
pub struct Services {
    /// The catalogue (and the union's moderation).
    pub catalog: catalog::Catalog,
    /// Accounts, sessions, tokens.
    pub accounts: accounts::Accounts,
    /// Product search.
    pub search: search::Search,
    /// Carts, checkout and orders.
    pub orders: orders::Orders,
    /// The export desk.
    pub exports: exports::Exports,
    /// Lots and traceability.
    pub traceability: traceability::Traceability,
}

impl Services {
    /// What the union's figures and counts read from.
    pub fn market(&self) -> market::Sources<'_> {
        market::Sources {
            catalog: &self.catalog,
            orders: &self.orders,
            exports: &self.exports,
            traceability: &self.traceability,
        }
    }
}

/// The stylesheet as written, served minified ([`stylesheet`]) at
/// [`stylesheet_href`].
pub const STYLESHEET: &str = include_str!("../style/main.css");

/// The stylesheet as served: without comments and spaces, minified once.
pub fn stylesheet() -> &'static str {
    static MINIFIED: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        minifier::css::minify(STYLESHEET).map_or_else(|_| STYLESHEET.to_owned(), |m| m.to_string())
    });
    &MINIFIED
}

/// The stylesheet's URL, with a content hash so it can be cached for a year.
pub fn stylesheet_href() -> String {
    format!("/assets/main.css?v={:016x}", fnv1a(STYLESHEET.as_bytes()))
}

/// The search box's suggestions (search-as-you-type), served at
/// [`suggest_script_src`]: a small hand-written script that only enhances
/// the plain search form.
pub const SUGGEST_SCRIPT: &str = include_str!("../style/suggest.js");

/// The suggestion script's URL, with a content hash so it can be cached for
/// a year.
pub fn suggest_script_src() -> String {
    format!(
        "/assets/suggest.js?v={:016x}",
        fnv1a(SUGGEST_SCRIPT.as_bytes())
    )
}

/// The card page's script, served at [`card_script_src`]: mounts Stripe's
/// card field into the card form and confirms the payment (the only task
/// that cannot be done without a script, and the page says so).
pub const CARD_SCRIPT: &str = include_str!("../style/card.js");

/// The card script's URL, with a content hash so it can be cached for a
/// year.
pub fn card_script_src() -> String {
    format!("/assets/card.js?v={:016x}", fnv1a(CARD_SCRIPT.as_bytes()))
}

/// The site icon, served at `/assets/favicon.svg`.
pub const FAVICON: &str = include_str!("../style/favicon.svg");

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The scheme, host and port of a URL (`https://cdn.example.vn` of
/// `https://cdn.example.vn/media`), for a Content-Security-Policy; `None`
/// for anything that is not a plain origin fit for the header.
pub fn origin(url: &str) -> Option<&str> {
    let scheme = url.find("://")?;
    let rest = &url[scheme + 3..];
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let origin = &url[..scheme + 3 + end];
    (!rest[..end].is_empty()
        && origin
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ":/.-[]".contains(c)))
    .then_some(origin)
}

/// The whole HTML document around the app.
pub fn shell() -> impl IntoView {
    let locale = i18n::provide_lang();
    currency::provide_currency(locale);
    view! {
        <!DOCTYPE html>
        <html lang=locale.html_lang()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#5b2a86"/>
                <link rel="stylesheet" href=stylesheet_href()/>
                <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml"/>
                <script src=suggest_script_src() defer=true></script>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The shop's routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Router>
            <components::Layout>
                <Routes fallback=pages::not_found::NotFoundPage>
                    <Route path=path!("") view=pages::home::HomePage ssr=SsrMode::Async/>
                    <Route
                        path=path!("/cooperatives")
                        view=pages::cooperatives::CooperativesPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/cooperatives/:slug")
                        view=pages::cooperative::CooperativePage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/categories")
                        view=pages::categories::CategoriesPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/categories/:slug")
                        view=pages::category::CategoryPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/products/:slug")
                        view=pages::product::ProductPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/search") view=pages::search::SearchPage ssr=SsrMode::Async/>
                    <Route path=path!("/cart") view=pages::cart::CartPage ssr=SsrMode::Async/>
                    <Route path=path!("/checkout") view=pages::checkout::CheckoutPage ssr=SsrMode::Async/>
                    <Route
                        path=path!("/checkout/:id")
                        view=pages::checkout::ConfirmationPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/checkout/:id/card")
                        view=pages::payments::CardPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/checkout/:id/card/return")
                        view=pages::payments::CardReturnPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/orders") view=pages::orders::OrdersPage ssr=SsrMode::Async/>
                    // before `/orders/:id`, which would take `lookup` for an id
                    <Route path=path!("/orders/lookup") view=pages::orders::LookupPage ssr=SsrMode::Async/>
                    <Route path=path!("/orders/:id") view=pages::orders::OrderPage ssr=SsrMode::Async/>
                    <Route path=path!("/orders/:id/reviews") view=pages::reviews::OrderReviewsPage ssr=SsrMode::Async/>
                    <Route path=path!("/export") view=pages::export::desk::ExportDeskPage ssr=SsrMode::Async/>
                    // before `/export/requests/:id`, which would take `new` for an id
                    <Route
                        path=path!("/export/requests/new")
                        view=pages::export::request_form::NewRequestPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/export/requests/:id")
                        view=pages::export::request::RequestPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/export/orders/:id")
                        view=pages::export::order::ExportOrderPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/export/payments/:id/card")
                        view=pages::export::card::ExportCardPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/account") view=pages::account::AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/register") view=pages::account::RegisterPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/login") view=pages::account::LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/verify") view=pages::account::VerifyPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/reset") view=pages::account::ResetRequestPage ssr=SsrMode::Async/>
                    <Route
                        path=path!("/account/reset/confirm")
                        view=pages::account::ResetConfirmPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/sell") view=pages::seller::SellPage ssr=SsrMode::Async/>
                    <Route path=path!("/seller") view=pages::seller::SellerDashboardPage ssr=SsrMode::Async/>
                    <Route
                        path=path!("/seller/applications/:id")
                        view=pages::seller::ApplicationPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/seller/cooperatives/:id")
                        view=pages::seller::SellerCooperativePage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/seller/cooperatives/:id/products")
                        view=pages::listings::ListingsPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/seller/cooperatives/:id/products/new")
                        view=pages::listings::NewListingPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/seller/cooperatives/:id/import")
                        view=pages::listings::ImportPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/seller/cooperatives/:id/certifications")
                        view=pages::certifications::CertificationsPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/seller/cooperatives/:id/figures")
                        view=pages::figures::SellerFiguresPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/moderation/figures")
                        view=pages::figures::StaffFiguresPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/seller/cooperatives/:id/collections")
                        view=pages::collections::CollectionsPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/seller/products/:id")
                        view=pages::listings::EditListingPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/seller/cooperatives/:id/orders")
                        view=pages::seller_orders::CooperativeOrdersPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/seller/cooperatives/:id/ledger")
                        view=pages::ledger::LedgerPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/seller/orders/:id")
                        view=pages::seller_orders::SellerOrderPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/seller/orders/:id/packing-slip")
                        view=pages::seller_orders::PackingSlipPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/seller/export")
                        view=pages::export::seller::SellerExportPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/seller/cooperatives/:id/lots")
                        view=pages::trace::SellerLotsPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/seller/lots/:id") view=pages::trace::SellerLotPage ssr=SsrMode::Async/>
                    <Route
                        path=path!("/seller/cooperatives/:id/reviews")
                        view=pages::reviews::SellerReviewsPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/seller/cooperatives/:id/bookings")
                        view=pages::experience::SellerBookingsPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/moderation/reviews") view=pages::reviews::ReviewQueuePage ssr=SsrMode::Async/>
                    <Route path=path!("/moderation/lots") view=pages::trace::StaffLotsPage ssr=SsrMode::Async/>
                    <Route path=path!("/t/:code") view=pages::trace::TracePage ssr=SsrMode::Async/>
                    <Route
                        path=path!("/seller/invitations/accept")
                        view=pages::seller::AcceptInvitationPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/moderation") view=pages::moderation::QueuePage ssr=SsrMode::Async/>
                    <Route
                        path=path!("/moderation/cooperatives/:id")
                        view=pages::moderation::ReviewPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/moderation/audit-log")
                        view=pages::moderation::AuditLogPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/moderation/outbox") view=pages::moderation::OutboxPage ssr=SsrMode::Async/>
                    <Route
                        path=path!("/moderation/orders")
                        view=pages::seller_orders::StaffOrdersPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/moderation/payouts")
                        view=pages::payouts::PayoutsPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/moderation/exchange-rates")
                        view=pages::exchange_rates::ExchangeRatesPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/moderation/export")
                        view=pages::export::staff::StaffExportPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/moderation/refunds")
                        view=pages::refunds::RefundsPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/moderation/bank-statements")
                        view=pages::payouts::BankStatementsPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/moderation/products")
                        view=pages::listing_review::ListingQueuePage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/moderation/products/:id")
                        view=pages::listing_review::ListingReviewPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/moderation/certifications")
                        view=pages::listing_review::CertificationQueuePage
                        ssr=SsrMode::Async
                    />
                </Routes>
            </components::Layout>
        </Router>
    }
}
