//! E-mail: messages rendered from vi/en templates in the recipient's
//! language, put in the outbox inside the caller's transaction, and sent by
//! the worker through SMTP or written as `.eml` files.

mod content;
mod templates;
mod transport;

pub use content::*;
pub use templates::{Rendered, Templates};
pub use transport::{EmailHandler, Transport};

use chrono::{DateTime, Utc};
use kernel::Locale;
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::outbox::{self, NewJob};
use crate::{Error, Result};

/// The outbox topic of e-mails.
pub const TOPIC: &str = "email";

/// Who receives a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recipient {
    /// Address.
    pub email: String,
    /// Display name (user text: escaped in HTML).
    pub name: String,
    /// Language of the message.
    pub locale: Locale,
}

/// A message as it waits in the outbox: rendered when enqueued, so later
/// template changes never alter what was decided, and with its Message-ID
/// fixed, so a repeat after a crash is recognisable as the same message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutgoingEmail {
    /// `<uuid@domain>`.
    pub message_id: String,
    /// Recipient address.
    pub to_email: String,
    /// Recipient display name.
    pub to_name: String,
    /// Subject.
    pub subject: String,
    /// Plain-text body.
    pub text: String,
    /// HTML body.
    pub html: String,
    /// Which template made it.
    pub template: String,
    /// Its language.
    pub locale: Locale,
    /// Files sent along (a calendar invitation...); none for most messages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
}

/// A text file attached to a message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    /// The file's name as the recipient sees it, e.g. `dat-cho-HT-1042.ics`.
    pub filename: String,
    /// Its MIME type, e.g. `text/calendar; charset=utf-8; method=PUBLISH`.
    pub content_type: String,
    /// Its contents (text only).
    pub body: String,
}

/// A message in the outbox.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Queued {
    /// The outbox job that sends it.
    pub job_id: Uuid,
    /// Its Message-ID.
    pub message_id: String,
}

/// Puts e-mails in the outbox.
#[derive(Clone)]
pub struct Mailer {
    templates: std::sync::Arc<Templates>,
    site_url: String,
    message_id_domain: String,
    max_attempts: i32,
}

impl Mailer {
    /// A mailer whose links point at `site_url` and whose Message-IDs end in
    /// the domain of `from` (`Name <address@domain>` or a bare address).
    pub fn new(site_url: &str, from: &str) -> Result<Self> {
        let address = from
            .rsplit_once('<')
            .map_or(from, |(_, rest)| rest.trim_end_matches('>'))
            .trim();
        let domain = address
            .rsplit_once('@')
            .map(|(_, d)| d.to_owned())
            .filter(|d| !d.is_empty())
            .ok_or(Error::InvalidJob("mail.from must be an e-mail address"))?;
        Ok(Self {
            templates: std::sync::Arc::new(Templates::new()?),
            site_url: site_url.trim_end_matches('/').to_owned(),
            message_id_domain: domain,
            max_attempts: outbox::DEFAULT_MAX_ATTEMPTS,
        })
    }

    /// Tries before a message is marked failed.
    pub fn with_max_attempts(mut self, max_attempts: i32) -> Self {
        self.max_attempts = max_attempts.max(1);
        self
    }

    /// Renders `content` for `to` and writes it into the outbox through
    /// `conn` — the caller's transaction, so the message exists exactly when
    /// the caller's change is committed.
    pub async fn enqueue<C, T>(&self, conn: &C, to: &Recipient, content: &T) -> Result<Queued>
    where
        C: ConnectionTrait,
        T: MailContent,
    {
        self.enqueue_email(conn, to, content, Vec::new()).await
    }

    /// Like [`Self::enqueue`], with files attached (e.g. an `.ics` calendar
    /// event made by [`crate::ics::calendar`]).
    pub async fn enqueue_with_attachments<C, T>(
        &self,
        conn: &C,
        to: &Recipient,
        content: &T,
        attachments: Vec<Attachment>,
    ) -> Result<Queued>
    where
        C: ConnectionTrait,
        T: MailContent,
    {
        self.enqueue_email(conn, to, content, attachments).await
    }

    /// What [`Self::enqueue`] and [`Self::enqueue_with_attachments`] share.
    async fn enqueue_email<C, T>(
        &self,
        conn: &C,
        to: &Recipient,
        content: &T,
        attachments: Vec<Attachment>,
    ) -> Result<Queued>
    where
        C: ConnectionTrait,
        T: MailContent,
    {
        let mut email = self.render(to, content)?;
        email.attachments = attachments;
        let message_id = email.message_id.clone();
        let mut job = NewJob::new(TOPIC, email);
        job.max_attempts = self.max_attempts;
        let job_id = outbox::enqueue(conn, job)
            .await?
            .ok_or(Error::InvalidJob("the message was already queued"))?;
        tracing::info!(template = T::TEMPLATE, to = %to.email, %message_id, "e-mail queued");
        Ok(Queued { job_id, message_id })
    }

    /// Like [`Self::enqueue`], for sending at `run_at`, once per `key`:
    /// answers false when a message with this key was queued already.
    pub async fn enqueue_later<C, T>(
        &self,
        conn: &C,
        to: &Recipient,
        content: &T,
        run_at: DateTime<Utc>,
        key: &str,
    ) -> Result<bool>
    where
        C: ConnectionTrait,
        T: MailContent,
    {
        let email = self.render(to, content)?;
        let mut job = NewJob::new(TOPIC, email).dedupe(key);
        job.max_attempts = self.max_attempts;
        job.run_at = Some(run_at);
        let queued = outbox::enqueue(conn, job).await?.is_some();
        tracing::info!(template = T::TEMPLATE, to = %to.email, %run_at, queued, "e-mail queued for later");
        Ok(queued)
    }

    /// Renders `content` for `to` without queueing it.
    pub fn render<T: MailContent>(&self, to: &Recipient, content: &T) -> Result<OutgoingEmail> {
        let locale = to.locale;
        let rendered =
            self.templates
                .render(T::TEMPLATE, locale, &to.name, &self.site_url, content)?;
        Ok(OutgoingEmail {
            message_id: format!("<{}@{}>", Uuid::now_v7(), self.message_id_domain),
            to_email: to.email.clone(),
            to_name: to.name.clone(),
            subject: rendered.subject,
            text: rendered.text,
            html: rendered.html,
            template: T::TEMPLATE.to_owned(),
            locale,
            attachments: Vec::new(),
        })
    }
}
