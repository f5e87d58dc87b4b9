//! What every request handler can reach.

use std::time::Duration;

use catalog::Catalog;
use metrics_exporter_prometheus::PrometheusHandle;
use sea_orm::DatabaseConnection;

/// The services behind the routes.
#[derive(Clone)]
pub struct AppState {
    /// The catalogue.
    pub catalog: Catalog,
    /// Product search.
    pub search: search::Search,
    /// Carts, checkout and orders.
    pub orders: orders::Orders,
    /// The export desk.
    pub exports: exports::Exports,
    /// Lots and traceability.
    pub traceability: traceability::Traceability,
    /// Backend checks for `/readyz`.
    pub probes: Probes,
    /// Puts e-mails in the outbox.
    pub mailer: notify::mail::Mailer,
    /// Accounts, sessions, tokens.
    pub accounts: accounts::Accounts,
    /// How the authentication layer behaves.
    pub auth: crate::auth::AuthConfig,
    /// The metrics recorder, if one is installed.
    pub metrics: Option<PrometheusHandle>,
}

impl AppState {
    /// The domains the union's market figures come from.
    pub fn market(&self) -> market::Sources<'_> {
        market::Sources {
            catalog: &self.catalog,
            orders: &self.orders,
            exports: &self.exports,
            traceability: &self.traceability,
        }
    }
}

/// Asks each backend whether it answers.
#[derive(Clone)]
pub struct Probes {
    db: DatabaseConnection,
    search: std::sync::Arc<dyn search::SearchIndex>,
    media: Option<std::sync::Arc<dyn catalog::MediaStore>>,
}

impl Probes {
    /// Probes for the database and the search index.
    pub fn new(db: DatabaseConnection, search: std::sync::Arc<dyn search::SearchIndex>) -> Self {
        Self {
            db,
            search,
            media: None,
        }
    }

    /// Probes the media store too when it is a store of its own (a bucket).
    pub fn with_media(mut self, media: std::sync::Arc<dyn catalog::MediaStore>) -> Self {
        self.media = media.is_remote().then_some(media);
        self
    }

    /// The names of the backends probed.
    pub fn names(&self) -> Vec<&'static str> {
        let mut names = vec!["database", "search"];
        if self.media.is_some() {
            names.push("media");
        }
        names
    }

    /// The backends that did not answer within two seconds, with why.
    pub async fn failures(&self) -> Vec<(&'static str, String)> {
        let mut failures = Vec::new();
        match tokio::time::timeout(Duration::from_secs(2), self.db.ping()).await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => failures.push(("database", e.to_string())),
            Err(_) => failures.push(("database", "no answer within 2 s".to_owned())),
        }
        match tokio::time::timeout(Duration::from_secs(2), self.search.stats()).await {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => failures.push(("search", e.to_string())),
            Err(_) => failures.push(("search", "no answer within 2 s".to_owned())),
        }
        if let Some(media) = &self.media {
            match tokio::time::timeout(Duration::from_secs(2), media.ready()).await {
                Ok(Ok(())) => {}
                Ok(Err(e)) => failures.push(("media", e.to_string())),
                Err(_) => failures.push(("media", "no answer within 2 s".to_owned())),
            }
        }
        failures
    }
}
