//! Export orders: their steps through production and shipment, and their
//! deposit and balance arriving.
//!
//! The cooperative takes the steps that are its own (in production, ready,
//! shipped, delivered); the two payment steps are reached when union staff
//! record the money, which reaches the union's account. Each payment is
//! paid once: recording it again changes nothing (the row flips from
//! pending with a conditional update and the ledger refuses a second
//! booking of the same payment). Shipping waits for the balance and for
//! every document the shipment needs.

use accounts::Actor;
use chrono::Utc;
use entity::{export_events, export_orders, export_payments, quote_requests};
use kernel::{FieldErrors, Money, problem};
use payments::ledger::{self, Booking};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use uuid::Uuid;

use crate::access::{Side, may_answer, side_of};
use crate::buyers::optional;
use crate::documents::DocumentSlot;
use crate::mail::Event;
use crate::model::{ExportStatus, Part};
use crate::quotes::QuoteView;
use crate::{Error, Exports, Result};

/// A step the cooperative takes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepInput {
    /// in_production, ready, shipped or delivered.
    pub to: ExportStatus,
    /// A note for the timeline.
    #[serde(default)]
    pub note: Option<String>,
    /// Links to photos (e.g. of the goods ready).
    #[serde(default)]
    pub photos: Vec<String>,
    /// The carrier (shipped).
    #[serde(default)]
    pub carrier: Option<String>,
    /// Container / bill of lading or air waybill number (shipped).
    #[serde(default)]
    pub transport_ref: Option<String>,
}

/// Money that arrived for a payment, as union staff record it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PaymentInput {
    /// The bank's reference of the transfer.
    pub bank_reference: Option<String>,
}

/// A payment of an export order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ExportPaymentView {
    /// Id.
    pub id: Uuid,
    /// deposit or balance.
    pub part: Part,
    /// How much.
    pub amount: Money,
    /// What the transfer's memo must carry.
    pub reference: String,
    /// pending or paid.
    pub status: String,
    /// The bank's reference.
    pub bank_reference: Option<String>,
    /// Paid.
    pub paid_at: Option<chrono::DateTime<Utc>>,
    /// bank_transfer or card, once paid.
    pub method: Option<String>,
    /// What the card is charged, once a card payment was started.
    pub card: Option<CardCharge>,
    /// Why the last card attempt failed, or what needs staff's eye:
    /// `paid_twice pi_…` for a card paid after a transfer was recorded,
    /// to refund at Stripe.
    pub failure: Option<String>,
}

/// What a card is charged for a payment, fixed when the payment was made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CardCharge {
    /// usd.
    pub currency: String,
    /// In cents.
    pub amount_minor: i64,
    /// Thousandths of a đồng per dollar.
    pub vnd_per_usd_milli: i64,
}

impl CardCharge {
    pub(crate) fn of(p: &export_payments::Model) -> Option<Self> {
        Some(Self {
            currency: p.card_currency.clone()?,
            amount_minor: p.card_amount_minor?,
            vnd_per_usd_milli: p.card_vnd_per_usd_milli?,
        })
    }

    /// The amount charged, as money (`$1,234.56`).
    pub fn money(&self) -> Money {
        Money {
            amount: self.amount_minor,
            currency: self.currency.parse().unwrap_or(kernel::Currency::Usd),
        }
    }
}

/// How a payment arrived, for [`Exports::book_arrival`].
pub(crate) struct Arrival {
    /// bank_transfer or card.
    pub method: &'static str,
    /// The bank's or Stripe's reference.
    pub reference: Option<String>,
    /// Who recorded it (none for Stripe's word).
    pub by: Option<Uuid>,
    /// How, in the ledger's memo (`international transfer`, `card`).
    pub how: &'static str,
}

/// A step of the timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ExportEventView {
    /// The step reached.
    pub status: ExportStatus,
    /// A note.
    pub note: Option<String>,
    /// Photo links.
    pub photos: Vec<String>,
    /// When.
    pub at: chrono::DateTime<Utc>,
}

/// An export order, whole.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ExportOrderView {
    /// Id.
    pub id: Uuid,
    /// `EX-…`, also the proforma invoice's number.
    pub number: String,
    /// Where it stands.
    pub status: ExportStatus,
    /// The request.
    pub request_id: Uuid,
    /// Its number.
    pub request_number: String,
    /// The seller.
    pub cooperative: crate::read::CooperativeRef,
    /// The importer's company.
    pub company_name: String,
    /// Destination country.
    pub country: String,
    /// Destination port.
    pub destination_port: String,
    /// The quote accepted.
    pub quote: QuoteView,
    /// The whole.
    pub total: Money,
    /// The deposit.
    pub deposit: Money,
    /// The balance.
    pub balance: Money,
    /// Its payments.
    pub payments: Vec<ExportPaymentView>,
    /// Its timeline, oldest first.
    pub timeline: Vec<ExportEventView>,
    /// The documents the shipment needs, and which are there.
    pub documents: Vec<DocumentSlot>,
    /// Whether every required document is there.
    pub documents_complete: bool,
    /// The carrier.
    pub carrier: Option<String>,
    /// Container / B/L or AWB number.
    pub transport_ref: Option<String>,
    /// Where importers send international transfers.
    pub bank_details: Vec<String>,
    /// What the asker may do now (`step:ready`, `upload`, `record_payment`…).
    pub may: Vec<String>,
}

impl Exports {
    pub(crate) async fn order_row<C: ConnectionTrait>(
        &self,
        conn: &C,
        id: Uuid,
    ) -> Result<(export_orders::Model, quote_requests::Model)> {
        let order = export_orders::Entity::find_by_id(id)
            .one(conn)
            .await?
            .ok_or(Error::OrderNotFound)?;
        let request = quote_requests::Entity::find_by_id(order.request_id)
            .one(conn)
            .await?
            .ok_or(Error::OrderNotFound)?;
        Ok((order, request))
    }

    /// An export order, for its importer, its cooperative and union staff.
    pub async fn export_order(&self, actor: Option<&Actor>, id: Uuid) -> Result<ExportOrderView> {
        let (order, request) = self.order_row(&self.db, id).await?;
        let side = side_of(actor, &request).map_err(Error::of_order)?;
        let quote = self.accepted_quote(&order).await?;
        let payments = export_payments::Entity::find()
            .filter(export_payments::Column::ExportOrderId.eq(order.id))
            .order_by_asc(export_payments::Column::CreatedAt)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|p| ExportPaymentView {
                id: p.id,
                part: Part::parse(&p.part).unwrap_or(Part::Deposit),
                amount: Money::vnd(p.amount_vnd),
                card: CardCharge::of(&p),
                reference: p.reference,
                status: p.status,
                bank_reference: p.bank_reference,
                paid_at: p.paid_at,
                method: p.method,
                failure: p.failure,
            })
            .collect::<Vec<_>>();
        let mut payments = payments;
        payments.sort_by_key(|p| p.part == Part::Balance);
        let timeline = export_events::Entity::find()
            .filter(export_events::Column::ExportOrderId.eq(order.id))
            .order_by_asc(export_events::Column::CreatedAt)
            .order_by_asc(export_events::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|e| ExportEventView {
                status: ExportStatus::parse(&e.status).unwrap_or(ExportStatus::AwaitingDeposit),
                note: e.note,
                photos: e.photos.0,
                at: e.created_at,
            })
            .collect();
        let documents = self.document_slots(&order, &request).await?;
        let documents_complete = documents.iter().all(|d| !d.required || d.present);
        let status = ExportStatus::parse(&order.status).unwrap_or(ExportStatus::AwaitingDeposit);
        let mut may = Vec::new();
        let answers = actor.is_some_and(|a| may_answer(a, &request).is_ok());
        if answers {
            if let Some(next) = status.next().filter(|n| n.set_by_cooperative()) {
                may.push(format!("step:{}", next.as_str()));
            }
            if status < ExportStatus::Shipped {
                may.push("upload".into());
            }
        }
        let due = payments
            .iter()
            .any(|p| p.status == "pending" && p.part.steps().0 == status);
        if side == Side::Staff && due {
            may.push("record_payment".into());
        }
        if side == Side::Buyer && due && self.config.stripe.is_some() {
            may.push("pay_card".into());
        }
        let coop = self.cooperative(&self.db, order.cooperative_id).await?;
        Ok(ExportOrderView {
            id: order.id,
            number: order.number,
            status,
            request_id: request.id,
            request_number: request.number,
            cooperative: crate::read::CooperativeRef {
                id: coop.id,
                slug: coop.slug,
                name: coop.name,
            },
            company_name: request.company_name,
            country: request.country,
            destination_port: request.destination_port,
            quote,
            total: Money::vnd(order.total_vnd),
            deposit: Money::vnd(order.deposit_vnd),
            balance: Money::vnd(order.balance_vnd),
            payments,
            timeline,
            documents,
            documents_complete,
            carrier: order.carrier,
            transport_ref: order.transport_ref,
            bank_details: self.config.bank_details.clone(),
            may,
        })
    }

    /// The cooperative takes the next step of an export order: in
    /// production (after the deposit), ready (with photos), shipped (after
    /// the balance, with every document, the carrier and the transport
    /// number), delivered. The importer is e-mailed.
    pub async fn take_step(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &StepInput,
    ) -> Result<ExportStatus> {
        let (order, request) = self.order_row(&self.db, id).await?;
        may_answer(actor, &request).map_err(Error::of_order)?;
        let from = ExportStatus::parse(&order.status).unwrap_or(ExportStatus::AwaitingDeposit);
        let to = input.to;
        if !to.set_by_cooperative() || from.next() != Some(to) {
            return Err(Error::InvalidStep { from, to });
        }
        let mut errors = FieldErrors::new();
        let note = optional(input.note.as_deref(), "note", 2000, &mut errors);
        let carrier = optional(input.carrier.as_deref(), "carrier", 120, &mut errors);
        let transport = optional(
            input.transport_ref.as_deref(),
            "transport_ref",
            60,
            &mut errors,
        );
        if input.photos.len() > 12 {
            errors.add("photos", problem::too_many_images(12));
        }
        for (i, photo) in input.photos.iter().enumerate() {
            if !(photo.starts_with("https://")
                || photo.starts_with("http://")
                || photo.starts_with('/'))
                || photo.len() > 500
            {
                errors.add(format!("photos[{i}]"), problem::not_a_link());
            }
        }
        if to == ExportStatus::Shipped {
            if carrier.is_none() {
                errors.add("carrier", problem::enter_carrier());
            }
            if transport.is_none() {
                errors.add("transport_ref", problem::enter_transport_ref());
            }
        }
        errors.into_result(()).map_err(Error::Invalid)?;
        if to == ExportStatus::Shipped {
            let missing: Vec<_> = self
                .document_slots(&order, &request)
                .await?
                .into_iter()
                .filter(|d| d.required && !d.present)
                .map(|d| d.kind)
                .collect();
            if !missing.is_empty() {
                return Err(Error::DocumentsMissing(missing));
            }
        }
        let txn = entity::db::begin_write(&self.db).await?;
        let mut update = export_orders::Entity::update_many()
            .col_expr(export_orders::Column::Status, Expr::value(to.as_str()))
            .col_expr(export_orders::Column::UpdatedAt, Expr::value(Utc::now()));
        if to == ExportStatus::Shipped {
            update = update
                .col_expr(export_orders::Column::Carrier, Expr::value(carrier.clone()))
                .col_expr(
                    export_orders::Column::TransportRef,
                    Expr::value(transport.clone()),
                );
        }
        let moved = update
            .filter(export_orders::Column::Id.eq(order.id))
            .filter(export_orders::Column::Status.eq(from.as_str()))
            .exec(&txn)
            .await?;
        if moved.rows_affected != 1 {
            return Err(Error::InvalidStep { from, to });
        }
        let detail = match (&carrier, &transport) {
            (Some(c), Some(t)) if to == ExportStatus::Shipped => Some(format!("{c} · {t}")),
            _ => note.clone(),
        };
        record_event(
            &txn,
            order.id,
            to,
            note,
            input.photos.clone(),
            Some(actor.user_id.uuid()),
        )
        .await?;
        self.tell_buyer(&txn, &request, Event::Step(to), detail)
            .await?;
        txn.commit().await?;
        Ok(to)
    }

    /// Union staff record that a payment of an export order arrived: it is
    /// paid, booked in the ledger as the cooperative's export sale with the
    /// market's commission, and the order moves on (deposit paid, balance
    /// paid). Recording it again changes nothing and says so.
    pub async fn record_payment(
        &self,
        actor: &Actor,
        payment: Uuid,
        input: &PaymentInput,
    ) -> Result<ExportOrderView> {
        accounts::authorize(Some(actor), accounts::Action::Moderate)?;
        let mut errors = FieldErrors::new();
        let bank_ref = optional(
            input.bank_reference.as_deref(),
            "bank_reference",
            80,
            &mut errors,
        );
        errors.into_result(()).map_err(Error::Invalid)?;
        let row = export_payments::Entity::find_by_id(payment)
            .one(&self.db)
            .await?
            .ok_or(Error::PaymentNotFound)?;
        let part = Part::parse(&row.part).ok_or(Error::Corrupt(row.part.clone()))?;
        let txn = entity::db::begin_write(&self.db).await?;
        let (order, request) = self.order_row(&txn, row.export_order_id).await?;
        let status = ExportStatus::parse(&order.status).unwrap_or(ExportStatus::AwaitingDeposit);
        let (due_at, _) = part.steps();
        if row.status == "paid" {
            drop(txn);
            return self.export_order(Some(actor), order.id).await;
        }
        if status != due_at {
            return Err(Error::PaymentNotDue(status));
        }
        self.book_arrival(
            &txn,
            &row,
            (&order, &request),
            Arrival {
                method: "bank_transfer",
                reference: bank_ref,
                by: Some(actor.user_id.uuid()),
                how: "international transfer",
            },
        )
        .await?;
        txn.commit().await?;
        self.export_order(Some(actor), order.id).await
    }

    /// The quote `order` was made from, as its parties read it.
    async fn accepted_quote(&self, order: &export_orders::Model) -> Result<QuoteView> {
        let row = entity::quotes::Entity::find_by_id(order.quote_id)
            .one(&self.db)
            .await?
            .ok_or(Error::Corrupt("the accepted quote is missing".into()))?;
        let asked: HashMap<Uuid, entity::quote_request_lines::Model> =
            entity::quote_request_lines::Entity::find()
                .filter(entity::quote_request_lines::Column::RequestId.eq(order.request_id))
                .all(&self.db)
                .await?
                .into_iter()
                .map(|l| (l.id, l))
                .collect();
        let titles = crate::names::listing_titles(&self.db, asked.values()).await?;
        let today = kernel::time::today_in_vietnam(Utc::now());
        Ok(crate::quotes::view(&row, &asked, &titles, today))
    }

    /// The market's commission on `amount` paid for `order`: each line of
    /// the accepted quote at its listing's category rate (a custom design
    /// at the market's default), shared over the payment in proportion to
    /// the lines' totals, rounded half up once.
    async fn commission_on<C: ConnectionTrait>(
        &self,
        conn: &C,
        order: &export_orders::Model,
        amount: i64,
    ) -> Result<i64> {
        let rates = &self.config.commission;
        let quote = entity::quotes::Entity::find_by_id(order.quote_id)
            .one(conn)
            .await?
            .ok_or(Error::Corrupt("the accepted quote is missing".into()))?;
        let listing_of: HashMap<Uuid, Uuid> = entity::quote_request_lines::Entity::find()
            .filter(entity::quote_request_lines::Column::RequestId.eq(order.request_id))
            .all(conn)
            .await?
            .into_iter()
            .filter_map(|l| Some((l.id, l.product_id?)))
            .collect();
        let paths = if rates.by_category.is_empty() {
            HashMap::new()
        } else {
            let listings: Vec<Uuid> = listing_of.values().copied().collect();
            catalog::category_path::category_paths(conn, &listings).await?
        };
        let (mut weighted, mut total) = (0i128, 0i128);
        for line in &quote.lines.0 {
            let line_total = i128::from(line.unit_price_vnd) * i128::from(line.quantity);
            let slugs = listing_of
                .get(&line.request_line_id)
                .and_then(|l| paths.get(l))
                .map(|p| p.iter().map(String::as_str).collect::<Vec<_>>())
                .unwrap_or_default();
            weighted += line_total * i128::from(rates.rate_for(slugs));
            total += line_total;
        }
        if total <= 0 {
            return Ok(ledger::CommissionRates::commission([(
                amount,
                rates.default_bp,
            )]));
        }
        let denominator = total * 10_000;
        let n = weighted * i128::from(amount);
        Ok(i64::try_from((n * 2 + denominator) / (denominator * 2)).unwrap_or(0))
    }

    /// Marks `row` paid and books it, in `txn`: the payment flips from
    /// pending with a conditional update, so it is booked once however
    /// often it is told; the ledger sale carries the market's commission,
    /// the order moves on and both sides are e-mailed. Whether this call
    /// booked it.
    pub(crate) async fn book_arrival(
        &self,
        txn: &DatabaseTransaction,
        row: &export_payments::Model,
        (order, request): (&export_orders::Model, &quote_requests::Model),
        arrival: Arrival,
    ) -> Result<bool> {
        let part = Part::parse(&row.part).ok_or(Error::Corrupt(row.part.clone()))?;
        let (due_at, moves_to) = part.steps();
        let now = Utc::now();
        let paid = export_payments::Entity::update_many()
            .col_expr(export_payments::Column::Status, Expr::value("paid"))
            .col_expr(export_payments::Column::Method, Expr::value(arrival.method))
            .col_expr(
                export_payments::Column::BankReference,
                Expr::value(arrival.reference),
            )
            .col_expr(
                export_payments::Column::Failure,
                Expr::value(Option::<String>::None),
            )
            .col_expr(export_payments::Column::PaidAt, Expr::value(now))
            .col_expr(export_payments::Column::RecordedBy, Expr::value(arrival.by))
            .filter(export_payments::Column::Id.eq(row.id))
            .filter(export_payments::Column::Status.eq("pending"))
            .exec(txn)
            .await?;
        if paid.rows_affected != 1 {
            return Ok(false);
        }
        let commission = self
            .commission_on(txn, order, row.amount_vnd)
            .await?
            .clamp(0, row.amount_vnd);
        ledger::book(
            txn,
            &Booking::export_sale(
                order.cooperative_id,
                order.id,
                row.id,
                row.amount_vnd,
                commission,
            )
            .by(arrival.by)
            .memo(format!(
                "{} {} paid ({})",
                order.number,
                part.as_str(),
                arrival.how
            )),
        )
        .await?;
        export_orders::Entity::update_many()
            .col_expr(
                export_orders::Column::Status,
                Expr::value(moves_to.as_str()),
            )
            .col_expr(export_orders::Column::UpdatedAt, Expr::value(now))
            .filter(export_orders::Column::Id.eq(order.id))
            .filter(export_orders::Column::Status.eq(due_at.as_str()))
            .exec(txn)
            .await?;
        record_event(
            txn,
            order.id,
            moves_to,
            Some(format!("{} {}", Money::vnd(row.amount_vnd), row.reference)),
            Vec::new(),
            arrival.by,
        )
        .await?;
        self.tell_buyer(
            txn,
            request,
            Event::Step(moves_to),
            Some(row.reference.clone()),
        )
        .await?;
        let coop = self.cooperative(txn, order.cooperative_id).await?;
        self.tell_cooperative(
            txn,
            &coop,
            request,
            Event::Step(moves_to),
            Some(row.reference.clone()),
        )
        .await?;
        Ok(true)
    }
}

pub(crate) async fn record_event<C: ConnectionTrait>(
    conn: &C,
    order: Uuid,
    status: ExportStatus,
    note: Option<String>,
    photos: Vec<String>,
    by: Option<Uuid>,
) -> Result<()> {
    export_events::Entity::insert(export_events::ActiveModel {
        id: Set(Uuid::now_v7()),
        export_order_id: Set(order),
        status: Set(status.as_str().to_owned()),
        note: Set(note),
        photos: Set(entity::json::StringList(photos)),
        created_by: Set(by),
        created_at: Set(Utc::now()),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}
