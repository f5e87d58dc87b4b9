//! E-mails of the export desk: the cooperative hears of requests, messages
//! and acceptances; the importer hears of quotes, messages and each step of
//! the order, in the language of their company account.

use entity::{cooperative_members, cooperatives, quote_requests, users};
use kernel::Locale;
use notify::mail::{ExportUpdate, Recipient};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::model::ExportStatus;
use crate::{Exports, Result};

/// What happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// A new request for quote.
    RequestReceived,
    /// A message.
    Message,
    /// The first quote.
    QuoteSent,
    /// A revision.
    QuoteRevised,
    /// The quote accepted.
    QuoteAccepted,
    /// The order reached a step.
    Step(ExportStatus),
}

impl Event {
    fn name(self) -> &'static str {
        match self {
            Self::RequestReceived => "request_received",
            Self::Message => "message",
            Self::QuoteSent => "quote_sent",
            Self::QuoteRevised => "quote_revised",
            Self::QuoteAccepted => "quote_accepted",
            Self::Step(status) => status.as_str(),
        }
    }
}

impl Exports {
    /// E-mails the importer of `request`.
    pub(crate) async fn tell_buyer<C: ConnectionTrait>(
        &self,
        conn: &C,
        request: &quote_requests::Model,
        event: Event,
        detail: Option<String>,
    ) -> Result<()> {
        let Some(buyer) = users::Entity::find_by_id(request.buyer_id)
            .one(conn)
            .await?
        else {
            return Ok(());
        };
        let coop = cooperatives::Entity::find_by_id(request.cooperative_id)
            .one(conn)
            .await?;
        let to = Recipient {
            email: buyer.email,
            name: buyer.name,
            locale: request.language.parse().unwrap_or(Locale::En),
        };
        self.send(
            conn,
            &to,
            request,
            coop.map(|c| c.name).unwrap_or_default(),
            event,
            detail,
        )
        .await
    }

    /// E-mails the cooperative asked by `request`: its own address, or
    /// else its owners and managers, each in their language.
    pub(crate) async fn tell_cooperative<C: ConnectionTrait>(
        &self,
        conn: &C,
        coop: &cooperatives::Model,
        request: &quote_requests::Model,
        event: Event,
        detail: Option<String>,
    ) -> Result<()> {
        let recipients = match coop
            .email
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty())
        {
            Some(email) => vec![Recipient {
                email: email.to_owned(),
                name: coop.name.clone(),
                locale: Locale::Vi,
            }],
            None => {
                let managers: Vec<Uuid> = cooperative_members::Entity::find()
                    .filter(cooperative_members::Column::CooperativeId.eq(coop.id))
                    .filter(cooperative_members::Column::Role.is_in(["owner", "manager"]))
                    .all(conn)
                    .await?
                    .into_iter()
                    .map(|m| m.user_id)
                    .collect();
                users::Entity::find()
                    .filter(users::Column::Id.is_in(managers))
                    .all(conn)
                    .await?
                    .into_iter()
                    .map(|u| Recipient {
                        email: u.email,
                        name: u.name,
                        locale: u.locale.parse().unwrap_or(Locale::Vi),
                    })
                    .collect()
            }
        };
        for to in recipients {
            self.send(conn, &to, request, coop.name.clone(), event, detail.clone())
                .await?;
        }
        Ok(())
    }

    async fn send<C: ConnectionTrait>(
        &self,
        conn: &C,
        to: &Recipient,
        request: &quote_requests::Model,
        cooperative_name: String,
        event: Event,
        detail: Option<String>,
    ) -> Result<()> {
        let content = ExportUpdate {
            event: event.name().to_owned(),
            number: request.number.clone(),
            cooperative_name,
            company_name: request.company_name.clone(),
            detail,
            url: self.url(&format!("/export/requests/{}", request.id)),
        };
        self.mailer.enqueue(conn, to, &content).await?;
        Ok(())
    }
}
