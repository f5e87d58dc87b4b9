//! The domain services and background workers a process runs, assembled
//! from the settings in one place for `serve`, `worker` and the tools.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use notify::mail::{EmailHandler, Mailer, Transport};
use notify::worker::Worker;
use sea_orm::DatabaseConnection;

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

/// The worker with a handler for every job topic.
pub fn worker(settings: &Settings, db: DatabaseConnection) -> anyhow::Result<Worker> {
    let email = EmailHandler::new(mail_transport(settings)?, &settings.mail.from)?;
    Ok(
        Worker::new(db, settings.worker_config())
            .with_handler(notify::mail::TOPIC, Arc::new(email)),
    )
}

/// The accounts service over `db`.
pub fn accounts(settings: &Settings, db: DatabaseConnection) -> anyhow::Result<accounts::Accounts> {
    Ok(accounts::Accounts::new(
        db,
        mailer(settings)?,
        settings.accounts_config(),
    ))
}
