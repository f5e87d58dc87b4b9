//! A booking as a calendar event (`.ics`, Asia/Ho_Chi_Minh): attached to
//! the booking's e-mails and downloadable from the buyer's order.

use chrono::{DateTime, Utc};
use entity::order_items;
use notify::ics::{self, CalendarEvent};
use notify::mail::Attachment;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::{BuyerProof, Error, Orders, Result};

/// What a calendar event of a booking says.
pub(crate) struct BookedEvent<'a> {
    pub(crate) item: Uuid,
    pub(crate) experience: &'a str,
    pub(crate) cooperative: &'a str,
    pub(crate) order_number: &'a str,
    pub(crate) starts_at: DateTime<Utc>,
    pub(crate) minutes: i32,
    pub(crate) adults: i32,
    pub(crate) children: i32,
    pub(crate) meeting_point: &'a str,
    pub(crate) order_url: String,
}

impl BookedEvent<'_> {
    /// The `.ics` text.
    pub(crate) fn ics(&self) -> String {
        ics::calendar(&self.event())
    }

    /// The `.ics` as an e-mail attachment.
    pub(crate) fn attachment(&self) -> Attachment {
        ics::attachment(&self.event(), &file_name(self.order_number))
    }

    fn event(&self) -> CalendarEvent {
        CalendarEvent {
            // one event per booked line: a move updates the same event
            uid: format!("booking-{}@hoptac", self.item),
            summary: format!("{} — {}", self.experience, self.cooperative),
            description: format!(
                "Đơn {}: {}.\n{}",
                self.order_number,
                super::people_vi(self.adults, self.children),
                self.order_url
            ),
            location: self.meeting_point.to_owned(),
            url: Some(self.order_url.clone()),
            starts_at: self.starts_at,
            minutes: i64::from(self.minutes),
            stamp: Utc::now(),
            organizer_name: self.cooperative.to_owned(),
            status_cancelled: false,
        }
    }
}

/// The file name of a booking's calendar event.
pub fn file_name(order_number: &str) -> String {
    let safe: String = order_number
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    format!("dat-cho-{safe}.ics")
}

impl Orders {
    /// The calendar event of one booked line of the buyer's order (a guest
    /// shows an access token), with its file name.
    pub async fn booking_calendar(
        &self,
        proof: &BuyerProof<'_>,
        order: Uuid,
        item: Uuid,
    ) -> Result<(String, String)> {
        let row = self.buyer_order_row(proof, order).await?;
        let line = order_items::Entity::find_by_id(item)
            .filter(order_items::Column::OrderId.eq(row.id))
            .one(&self.db)
            .await?
            .ok_or(Error::BookingNotFound)?;
        let (Some(starts_at), Some(session)) = (line.starts_at, line.session_id) else {
            return Err(Error::BookingNotFound);
        };
        let meeting_point = catalog::Catalog::session(&self.db, session)
            .await?
            .map(|(_, terms)| terms.meeting_point)
            .unwrap_or_default();
        let cooperative = crate::lifecycle::cooperative_name(&self.db, row.cooperative_id).await?;
        let event = BookedEvent {
            item: line.id,
            experience: &line.title.vi,
            cooperative: &cooperative,
            order_number: &row.number,
            starts_at,
            minutes: line.minutes.unwrap_or(0),
            adults: line.quantity,
            children: line.children,
            meeting_point: &meeting_point,
            order_url: self.url(&format!("/orders/{}", row.id)),
        };
        Ok((file_name(&row.number), event.ics()))
    }
}
