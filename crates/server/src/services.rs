//! The domain services and background workers a process runs, assembled
//! from the settings in one place for `serve`, `worker` and the tools.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use notify::mail::{EmailHandler, Mailer, Transport};
use notify::worker::Worker;
use sea_orm::DatabaseConnection;
use search::{Indexer, MeilisearchConfig, MeilisearchIndex, SearchIndex, TantivyIndex};

use crate::settings::Settings;

/// The mail transport the settings ask for: SMTP when `mail.smtp_url` is
/// set, `.eml` files under `<data_dir>/outbox` otherwise.
pub fn mail_transport(settings: &Settings) -> anyhow::Result<Transport> {
    Ok(match &settings.mail.smtp_url {
        Some(url) => Transport::smtp(
            url.expose(),
            Duration::from_secs(settings.mail.smtp_timeout_secs),
        )?,
        None => Transport::files(settings.outbox_dir()),
    })
}

/// The mailer producers queue messages with.
pub fn mailer(settings: &Settings) -> anyhow::Result<Mailer> {
    Mailer::new(&settings.server.public_url, &settings.mail.from)
        .map(|m| m.with_max_attempts(settings.jobs.max_attempts))
        .context("mail.from")
}

/// The worker for e-mail, and for search index jobs when given the
/// indexer (only the process that holds the index may index).
pub fn worker(settings: &Settings, db: DatabaseConnection) -> anyhow::Result<Worker> {
    let email = EmailHandler::new(mail_transport(settings)?, &settings.mail.from)?;
    Ok(
        Worker::new(db, settings.worker_config())
            .with_handler(notify::mail::TOPIC, Arc::new(email)),
    )
}

/// A worker that carries out only search index jobs.
pub fn search_worker(settings: &Settings, db: DatabaseConnection, indexer: Indexer) -> Worker {
    Worker::new(db, settings.worker_config())
        .with_handler(catalog::search_feed::TOPIC, Arc::new(indexer))
}

/// The search index the settings ask for: Meilisearch when
/// `search.meilisearch_url` is set (settings applied, so it must answer),
/// the embedded Tantivy index under `<data_dir>/search` otherwise. Only one
/// process may hold the embedded index.
pub async fn search_index(settings: &Settings) -> anyhow::Result<Arc<dyn SearchIndex>> {
    match &settings.search.meilisearch_url {
        Some(url) => {
            let mut config = MeilisearchConfig::new(
                url.clone(),
                settings
                    .search
                    .meilisearch_api_key
                    .as_ref()
                    .map(|k| k.expose().to_owned()),
            );
            config.index = settings.search.index_name.clone();
            config.task_timeout = Duration::from_secs(settings.search.task_timeout_secs.max(1));
            let index = MeilisearchIndex::connect(config)
                .await
                .with_context(|| format!("search: cannot set up Meilisearch at {url}"))?;
            Ok(Arc::new(index))
        }
        None => {
            let dir = settings.search_dir();
            let index = TantivyIndex::open(&dir)
                .with_context(|| format!("search: cannot open the index in {}", dir.display()))?;
            Ok(Arc::new(index))
        }
    }
}

/// Whether opening the embedded index failed because another process
/// (a running `hoptac serve`) holds it.
pub fn index_is_held_elsewhere(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        matches!(
            cause.downcast_ref::<search::Error>(),
            Some(search::Error::Tantivy(tantivy::TantivyError::LockFailure(
                ..
            )))
        )
    })
}

/// The accounts service over `db`.
pub fn accounts(settings: &Settings, db: DatabaseConnection) -> anyhow::Result<accounts::Accounts> {
    Ok(accounts::Accounts::new(
        db,
        mailer(settings)?,
        settings.accounts_config(),
    ))
}

/// The orders service: payment methods from `[payments]`, links to the shop.
pub fn orders(
    settings: &Settings,
    db: DatabaseConnection,
    media: Arc<dyn catalog::MediaStore>,
) -> anyhow::Result<orders::Orders> {
    let config = orders::OrdersConfig {
        site_url: settings.server.public_url.clone(),
        methods: payments::EnabledMethods {
            cod: settings.payments.cash_on_delivery,
            bank_transfer: settings.payments.bank_transfer,
            card: settings.payments.stripe_secret_key.is_some(),
        },
        bank_account: settings.payments.receiving_account(),
        commission: settings.payments.commission(),
        stripe: settings.payments.stripe().context("payments: Stripe")?,
        ..orders::OrdersConfig::default()
    };
    Ok(orders::Orders::new(db, mailer(settings)?, media, config))
}

/// The export desk: links to the shop, the commission of `[payments]`,
/// shipping documents in the private document store.
pub fn exports(
    settings: &Settings,
    db: DatabaseConnection,
    documents: Arc<dyn catalog::MediaStore>,
) -> anyhow::Result<exports::Exports> {
    let config = exports::ExportsConfig {
        site_url: settings.server.public_url.clone(),
        commission: settings.payments.commission(),
        stripe: settings.payments.stripe().context("payments: Stripe")?,
        ..exports::ExportsConfig::default()
    };
    Ok(exports::Exports::new(
        db,
        mailer(settings)?,
        documents,
        config,
    ))
}

/// Lots and traceability, recording lots on the lines of `orders`.
pub fn traceability(
    settings: &Settings,
    db: DatabaseConnection,
    orders: orders::Orders,
) -> anyhow::Result<traceability::Traceability> {
    Ok(traceability::Traceability::new(
        db,
        mailer(settings)?,
        orders,
        traceability::TraceabilityConfig {
            site_url: settings.server.public_url.clone(),
        },
    ))
}
