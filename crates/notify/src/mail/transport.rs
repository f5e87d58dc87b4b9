//! Where e-mails go: an SMTP server (pooled; `smtp://`, `smtps://`, or
//! STARTTLS with `?tls=required`), or `.eml` files in a directory (the
//! embedded default). Files are named after the Message-ID, so a message sent
//! twice after a crash is one file.

use std::path::PathBuf;
use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::OutgoingEmail;
use crate::outbox::Job;
use crate::worker::{JobError, JobHandler};
use crate::{Error, Result};

/// A way to deliver e-mail.
#[derive(Clone)]
pub enum Transport {
    /// An SMTP server.
    Smtp {
        /// The pooled client.
        client: AsyncSmtpTransport<Tokio1Executor>,
        /// `host:port`, for messages (never the credentials).
        server: String,
    },
    /// `.eml` files in a directory.
    Files {
        /// The directory.
        dir: PathBuf,
    },
}

impl Transport {
    /// An SMTP transport from a URL; credentials come in the URL, which comes
    /// from the environment.
    pub fn smtp(url: &str, timeout: Duration) -> Result<Self> {
        let client = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| Error::Transport(format!("mail.smtp_url: {e}")))?
            .timeout(Some(timeout))
            .build();
        let server = url
            .split_once("://")
            .map(|(_, rest)| rest.rsplit_once('@').map_or(rest, |(_, host)| host))
            .unwrap_or(url)
            .split(['?', '/'])
            .next()
            .unwrap_or_default()
            .to_owned();
        Ok(Self::Smtp { client, server })
    }

    /// A transport that writes `.eml` files into `dir`.
    pub fn files(dir: impl Into<PathBuf>) -> Self {
        Self::Files { dir: dir.into() }
    }

    /// Where mail goes, for people.
    pub fn describe(&self) -> String {
        match self {
            Self::Smtp { server, .. } => format!("SMTP server {server}"),
            Self::Files { dir } => format!(".eml files under {}", dir.display()),
        }
    }

    /// Whether the transport can take mail now (the SMTP server answers, the
    /// directory is writable).
    pub async fn check(&self) -> std::result::Result<(), String> {
        match self {
            Self::Smtp { client, .. } => match client.test_connection().await {
                Ok(true) => Ok(()),
                Ok(false) => Err("the SMTP server did not accept a connection".to_owned()),
                Err(e) => Err(e.to_string()),
            },
            Self::Files { dir } => tokio::fs::create_dir_all(dir)
                .await
                .map_err(|e| e.to_string()),
        }
    }

    /// Delivers one message from `from`.
    pub async fn send(
        &self,
        from: &Mailbox,
        email: &OutgoingEmail,
    ) -> std::result::Result<(), JobError> {
        let to_address = email
            .to_email
            .parse()
            .map_err(|e| JobError::Permanent(format!("recipient {}: {e}", email.to_email)))?;
        let alternative = MultiPart::alternative_plain_html(email.text.clone(), email.html.clone());
        let body = if email.attachments.is_empty() {
            alternative
        } else {
            // the text and HTML first, then each file
            let mut mixed = MultiPart::mixed().multipart(alternative);
            for attachment in &email.attachments {
                let content_type: ContentType = attachment.content_type.parse().map_err(|e| {
                    JobError::Permanent(format!(
                        "attachment {}: content type {:?}: {e}",
                        attachment.filename, attachment.content_type
                    ))
                })?;
                mixed = mixed.singlepart(
                    lettre::message::Attachment::new(attachment.filename.clone())
                        .body(attachment.body.clone(), content_type),
                );
            }
            mixed
        };
        let message = Message::builder()
            .from(from.clone())
            .to(Mailbox::new(Some(email.to_name.clone()), to_address))
            .subject(email.subject.clone())
            .message_id(Some(email.message_id.clone()))
            .multipart(body)
            .map_err(|e| JobError::Permanent(format!("message: {e}")))?;
        match self {
            Self::Smtp { client, server } => client.send(message).await.map(|_| ()).map_err(|e| {
                let why = format!("{server}: {e}");
                if e.is_permanent() {
                    JobError::Permanent(why)
                } else {
                    JobError::Retry(why)
                }
            }),
            Self::Files { dir } => {
                let stem: String = email
                    .message_id
                    .trim_matches(['<', '>'])
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() || c == '-' {
                            c
                        } else {
                            '_'
                        }
                    })
                    .collect();
                let path = dir.join(format!("{stem}.eml"));
                let tmp = dir.join(format!(".{stem}.eml.part"));
                let io = |e: std::io::Error| JobError::Retry(format!("{}: {e}", path.display()));
                tokio::fs::create_dir_all(dir).await.map_err(io)?;
                tokio::fs::write(&tmp, message.formatted())
                    .await
                    .map_err(io)?;
                tokio::fs::rename(&tmp, &path).await.map_err(io)
            }
        }
    }
}

/// Sends the `email` jobs of the outbox.
pub struct EmailHandler {
    transport: Transport,
    from: Mailbox,
}

impl EmailHandler {
    /// Sends through `transport`, from `from` (`Name <address>`).
    pub fn new(transport: Transport, from: &str) -> Result<Self> {
        let from = from
            .parse()
            .map_err(|e| Error::Transport(format!("mail.from {from:?}: {e}")))?;
        Ok(Self { transport, from })
    }

    /// The transport it sends through.
    pub fn transport(&self) -> &Transport {
        &self.transport
    }
}

#[async_trait::async_trait]
impl JobHandler for EmailHandler {
    async fn handle(&self, job: &Job) -> std::result::Result<(), JobError> {
        let email: OutgoingEmail = serde_json::from_value(job.payload.clone())
            .map_err(|e| JobError::Permanent(format!("payload: {e}")))?;
        self.transport.send(&self.from, &email).await?;
        tracing::info!(to = %email.to_email, message_id = %email.message_id, template = email.template, "e-mail sent");
        Ok(())
    }
}
