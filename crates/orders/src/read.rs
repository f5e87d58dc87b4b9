//! Reading orders: the buyer's history and order with its timeline, the
//! guest lookup by number and e-mail, a cooperative's orders with filters
//! (and as CSV), and all orders for union staff, read-only.

use std::collections::HashMap;

use accounts::{Action, Actor, authorize};
use chrono::{DateTime, NaiveDate, Utc};
use entity::json::PostalAddress;
use entity::{cooperatives, held_funds, order_events, order_items, orders, payments};
use kernel::{CooperativeId, I18nText, Money, Page, PageRequest};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Select,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::access::{self, BuyerProof};
use crate::{Error, FulfilmentHold, OrderStatus, Orders, PaymentStatus, Result};

/// A line of an order, as it was bought.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OrderLine {
    /// The line (to pick its lot when packing).
    pub item_id: Uuid,
    /// The listing, while it exists.
    pub product_id: Option<Uuid>,
    /// The variant, while it exists.
    pub variant_id: Option<Uuid>,
    /// SKU.
    pub sku: String,
    /// Title at checkout.
    pub title: I18nText,
    /// Options at checkout.
    pub options: std::collections::BTreeMap<String, String>,
    /// Picture at checkout.
    pub image_url: Option<String>,
    /// Price of one paid.
    pub unit_price: Money,
    /// How many.
    pub quantity: i32,
    /// unit price × quantity.
    pub line_total: Money,
    /// Made after ordering.
    pub made_to_order: bool,
    /// Days to make it.
    pub lead_time_days: Option<i32>,
    /// The lot packed for it, when the listing is tracked.
    pub lot_id: Option<Uuid>,
    /// That lot's traceability page, `/t/{code}`.
    pub trace_code: Option<String>,
    /// The session booked, for an experience (`quantity` is then adults).
    pub booking: Option<LineBooking>,
}

/// What an order line books.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LineBooking {
    /// The session.
    pub session_id: Uuid,
    /// When it starts.
    pub starts_at: chrono::DateTime<chrono::Utc>,
    /// How long it lasts, in minutes.
    pub minutes: i32,
    /// Adults.
    pub adults: i32,
    /// Children.
    pub children: i32,
    /// What became of it.
    pub status: crate::BookingStatus,
    /// Whether its buyer may still cancel it (booked, not started).
    pub cancellable: bool,
    /// What would come back if cancelled now, under the experience's
    /// policy (everything when the cooperative moved it); none while the
    /// order is unpaid (it is then cancelled as a whole).
    pub refund_if_cancelled: Option<Money>,
    /// What is left to pay the cooperative on arrival (a deposit was paid
    /// online); nothing once collected or cancelled.
    pub on_arrival: Money,
}

/// An order whose bookings were paid by deposit, the rest on arrival.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OrderDeposit {
    /// What the checkout asked online for this order (the deposits, and any
    /// goods and shipping in full).
    pub paid_online: Money,
    /// What is still to pay the cooperative on arrival (nothing for a
    /// cancelled booking, or once collected).
    pub on_arrival: Money,
    /// What the cooperative collected on arrival.
    pub collected: Money,
}

/// How an order is paid: its checkout's one payment for the orders of
/// every cooperative in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OrderPayment {
    /// cod, bank_transfer or card.
    pub method: String,
    /// The checkout's payment: pending, paid, failed or cancelled.
    pub status: String,
    /// What the buyer was asked to pay for the whole checkout.
    pub checkout_total: Money,
    /// How many orders (one per cooperative) that payment covers.
    pub checkout_orders: u32,
    /// Who confirms the money: `cooperative` (cash on delivery, its own
    /// order), `union` (a bank transfer reaches the union's account) or
    /// `stripe` (a card).
    pub confirmed_by: String,
    /// Money of this order held for the buyer.
    pub held: Money,
}

/// A step of the timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OrderEvent {
    /// Where it was.
    pub from: Option<String>,
    /// Where it went.
    pub to: String,
    /// buyer, guest, cooperative, staff or system.
    pub actor: String,
    /// Reason, tracking or remark.
    pub note: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
}

/// An order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OrderView {
    /// Id.
    pub id: Uuid,
    /// Number shown to people.
    pub number: String,
    /// The checkout it came from.
    pub checkout_id: Uuid,
    /// The seller.
    pub cooperative_id: CooperativeId,
    /// The seller's URL name.
    pub cooperative_slug: String,
    /// The seller's name.
    pub cooperative_name: String,
    /// Where it is.
    pub status: OrderStatus,
    /// cod, bank_transfer or card.
    pub payment_method: String,
    /// Where its money is: unpaid, paid, partially_refunded, refunded, or
    /// held (arrived after it was cancelled, to give back).
    pub payment_status: PaymentStatus,
    /// The checkout's payment, as the buyer was asked for it.
    pub payment: OrderPayment,
    /// Why it may not be packed or shipped yet (a transfer or card not
    /// paid), if so.
    pub fulfilment_hold: Option<FulfilmentHold>,
    /// When union staff let it be prepared before it was paid.
    pub released_at: Option<DateTime<Utc>>,
    /// Why.
    pub release_reason: Option<String>,
    /// What a bank transfer's memo carries.
    pub payment_reference: Option<String>,
    /// The checkout's payment (for `POST /payments/{id}/confirm`).
    pub payment_id: Option<Uuid>,
    /// Refunded so far (or being refunded).
    pub refunded: Money,
    /// Its refunds, oldest first.
    pub refunds: Vec<crate::money::RefundView>,
    /// Buyer's name.
    pub buyer_name: String,
    /// Buyer's e-mail.
    pub buyer_email: String,
    /// Buyer's phone.
    pub buyer_phone: String,
    /// Where it goes.
    #[schema(value_type = Object)]
    pub address: PostalAddress,
    /// Abroad.
    pub international: bool,
    /// Its lines.
    pub items: Vec<OrderLine>,
    /// Sum of the lines.
    pub items_total: Money,
    /// Shipping; none while the cooperative quotes it.
    pub shipping_fee: Option<Money>,
    /// Lines plus known shipping.
    pub total: Money,
    /// When bookings were paid by deposit: what was paid online and what
    /// is paid to the cooperative on arrival.
    pub deposit: Option<OrderDeposit>,
    /// Parcel weight in grams.
    pub weight_grams: i32,
    /// Carrier.
    pub carrier: Option<String>,
    /// Tracking number.
    pub tracking_number: Option<String>,
    /// Why it was cancelled.
    pub cancel_reason: Option<String>,
    /// When an unpaid order lapses.
    pub expires_at: Option<DateTime<Utc>>,
    /// Placed.
    pub created_at: DateTime<Utc>,
    /// The timeline, oldest first.
    pub timeline: Vec<OrderEvent>,
    /// Whether the buyer may still cancel it.
    pub buyer_may_cancel: bool,
}

/// Which orders to list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrderFilter {
    /// Only in this status.
    pub status: Option<OrderStatus>,
    /// Placed on or after this day (Vietnam).
    pub from: Option<NaiveDate>,
    /// Placed on or before this day (Vietnam).
    pub to: Option<NaiveDate>,
    /// Number, buyer name or e-mail containing this (staff search).
    pub q: Option<String>,
}

fn apply(select: Select<orders::Entity>, filter: &OrderFilter) -> Select<orders::Entity> {
    let mut select = select;
    if let Some(status) = filter.status {
        select = select.filter(orders::Column::Status.eq(status.as_str()));
    }
    let start = |d: NaiveDate| {
        d.and_hms_opt(0, 0, 0)
            .map(|t| t.and_utc() - chrono::Duration::hours(7))
    };
    if let Some(from) = filter.from.and_then(start) {
        select = select.filter(orders::Column::CreatedAt.gte(from));
    }
    if let Some(to) = filter.to.and_then(|d| d.succ_opt()).and_then(start) {
        select = select.filter(orders::Column::CreatedAt.lt(to));
    }
    if let Some(q) = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let q: String = q.chars().take(80).collect();
        let pattern = format!("%{}%", q.replace(['\\', '%', '_'], ""));
        select = select.filter(
            Condition::any()
                .add(orders::Column::Number.like(pattern.to_uppercase()))
                .add(orders::Column::BuyerEmail.like(pattern.to_lowercase()))
                .add(orders::Column::BuyerName.like(pattern)),
        );
    }
    select
}

impl Orders {
    /// The signed-in buyer's orders, newest first.
    pub async fn buyer_orders(&self, actor: &Actor, page: PageRequest) -> Result<Page<OrderView>> {
        let select =
            orders::Entity::find().filter(orders::Column::BuyerId.eq(actor.user_id.uuid()));
        self.page(select, page).await
    }

    /// One of the buyer's orders (a guest shows an access token).
    pub async fn buyer_order(&self, proof: &BuyerProof<'_>, order: Uuid) -> Result<OrderView> {
        let row = self.buyer_order_row(proof, order).await?;
        self.views(vec![row])
            .await?
            .pop()
            .ok_or(Error::OrderNotFound)
    }

    /// A guest's lookup: the order with this number placed with this
    /// e-mail, and a fresh token that opens its checkout (the shop keeps
    /// it in a cookie, so the address never travels in a URL).
    pub async fn guest_lookup(&self, number: &str, email: &str) -> Result<(OrderView, String)> {
        let row = orders::Entity::find()
            .filter(orders::Column::Number.eq(number.trim().to_uppercase()))
            .filter(orders::Column::BuyerEmail.eq(email.trim().to_lowercase()))
            .one(&self.db)
            .await?
            .ok_or(Error::OrderNotFound)?;
        let token = access::grant(&self.db, row.checkout_id).await?;
        let view = self
            .views(vec![row])
            .await?
            .pop()
            .ok_or(Error::OrderNotFound)?;
        Ok((view, token))
    }

    /// The orders of a checkout, for its confirmation page.
    pub async fn checkout_orders(
        &self,
        proof: &BuyerProof<'_>,
        checkout: Uuid,
    ) -> Result<Vec<OrderView>> {
        if !self.proves_checkout(proof, checkout).await? {
            return Err(Error::OrderNotFound);
        }
        let rows = orders::Entity::find()
            .filter(orders::Column::CheckoutId.eq(checkout))
            .order_by_asc(orders::Column::Number)
            .all(&self.db)
            .await?;
        self.views(rows).await
    }

    pub(crate) async fn buyer_order_row(
        &self,
        proof: &BuyerProof<'_>,
        order: Uuid,
    ) -> Result<orders::Model> {
        let row = orders::Entity::find_by_id(order)
            .one(&self.db)
            .await?
            .ok_or(Error::OrderNotFound)?;
        if access::opens(
            &self.db,
            proof,
            row.checkout_id,
            row.buyer_id,
            &row.buyer_email,
        )
        .await?
        {
            Ok(row)
        } else {
            Err(Error::OrderNotFound)
        }
    }

    /// A cooperative's orders, newest first.
    pub async fn cooperative_orders(
        &self,
        actor: &Actor,
        cooperative: CooperativeId,
        filter: &OrderFilter,
        page: PageRequest,
    ) -> Result<Page<OrderView>> {
        authorize(Some(actor), Action::ManageOrders(cooperative))?;
        let select = orders::Entity::find().filter(orders::Column::CooperativeId.eq(cooperative.0));
        self.page(apply(select, filter), page).await
    }

    /// One of the cooperative's orders (for its members).
    pub async fn cooperative_order(&self, actor: &Actor, order: Uuid) -> Result<OrderView> {
        let row = orders::Entity::find_by_id(order)
            .one(&self.db)
            .await?
            .ok_or(Error::OrderNotFound)?;
        let coop = CooperativeId(row.cooperative_id);
        match authorize(Some(actor), Action::ManageOrders(coop)) {
            Ok(()) => {}
            // union staff read every order
            Err(_) if actor.is_staff() => {}
            Err(accounts::Denied::NotFound) => return Err(Error::OrderNotFound),
            Err(other) => return Err(other.into()),
        }
        self.views(vec![row])
            .await?
            .pop()
            .ok_or(Error::OrderNotFound)
    }

    /// Every order, for union staff (read-only), searchable.
    pub async fn all_orders(
        &self,
        actor: &Actor,
        filter: &OrderFilter,
        page: PageRequest,
    ) -> Result<Page<OrderView>> {
        authorize(Some(actor), Action::Moderate)?;
        self.page(apply(orders::Entity::find(), filter), page).await
    }

    /// A cooperative's orders as CSV (one row per line), oldest first.
    pub async fn export_csv(
        &self,
        actor: &Actor,
        cooperative: CooperativeId,
        filter: &OrderFilter,
    ) -> Result<Vec<u8>> {
        authorize(Some(actor), Action::ManageOrders(cooperative))?;
        let rows = apply(
            orders::Entity::find().filter(orders::Column::CooperativeId.eq(cooperative.0)),
            filter,
        )
        .order_by_asc(orders::Column::CreatedAt)
        .limit(50_000)
        .all(&self.db)
        .await?;
        let views = self.views(rows).await?;
        let mut out = csv::Writer::from_writer(Vec::new());
        let header = [
            "number",
            "placed_at",
            "status",
            "payment_method",
            "payment_status",
            "buyer_name",
            "buyer_email",
            "buyer_phone",
            "address",
            "sku",
            "title",
            "quantity",
            "unit_price_vnd",
            "line_total_vnd",
            "shipping_fee_vnd",
            "order_total_vnd",
            "carrier",
            "tracking_number",
        ];
        let csv_err = |e: csv::Error| Error::Corrupt(e.to_string());
        out.write_record(header).map_err(csv_err)?;
        for o in &views {
            let address = crate::checkout::address_lines(&o.address).replace('\n', ", ");
            for line in &o.items {
                out.write_record([
                    o.number.as_str(),
                    &o.created_at
                        .with_timezone(&kernel::time::VIETNAM)
                        .format("%Y-%m-%d %H:%M")
                        .to_string(),
                    o.status.as_str(),
                    &o.payment_method,
                    o.payment_status.as_str(),
                    &o.buyer_name,
                    &o.buyer_email,
                    &o.buyer_phone,
                    &address,
                    &line.sku,
                    &line.title.vi,
                    &line.quantity.to_string(),
                    &line.unit_price.amount.to_string(),
                    &line.line_total.amount.to_string(),
                    &o.shipping_fee
                        .map(|m| m.amount.to_string())
                        .unwrap_or_default(),
                    &o.total.amount.to_string(),
                    o.carrier.as_deref().unwrap_or_default(),
                    o.tracking_number.as_deref().unwrap_or_default(),
                ])
                .map_err(csv_err)?;
            }
        }
        out.into_inner().map_err(|e| Error::Corrupt(e.to_string()))
    }

    async fn page(
        &self,
        select: Select<orders::Entity>,
        page: PageRequest,
    ) -> Result<Page<OrderView>> {
        let total = select.clone().count(&self.db).await?;
        let rows = select
            .order_by_desc(orders::Column::CreatedAt)
            .order_by_desc(orders::Column::Id)
            .offset(page.offset())
            .limit(page.per_page())
            .all(&self.db)
            .await?;
        Ok(Page::new(self.views(rows).await?, page, total))
    }

    pub(crate) async fn views(&self, rows: Vec<orders::Model>) -> Result<Vec<OrderView>> {
        let ids: Vec<Uuid> = rows.iter().map(|o| o.id).collect();
        let mut items: HashMap<Uuid, Vec<OrderLine>> = HashMap::new();
        let lines = order_items::Entity::find()
            .filter(order_items::Column::OrderId.is_in(ids.clone()))
            .order_by_asc(order_items::Column::Id)
            .all(&self.db)
            .await?;
        let sessions: Vec<Uuid> = lines.iter().filter_map(|i| i.session_id).collect();
        let terms = catalog::Catalog::sessions(&self.db, &sessions).await?;
        let by_id: HashMap<Uuid, &orders::Model> = rows.iter().map(|o| (o.id, o)).collect();
        let now = chrono::Utc::now();
        for i in lines {
            let booking = match (i.session_id, i.starts_at, by_id.get(&i.order_id)) {
                (Some(session_id), Some(starts_at), Some(order)) => {
                    let cancellable = crate::bookings::cancel::cancellable(&i, order, now);
                    let paid = crate::PaymentStatus::parse(&order.payment_status)
                        .is_some_and(crate::PaymentStatus::is_paid);
                    let policy = terms.get(&session_id).map(|(_, t)| t);
                    Some(LineBooking {
                        session_id,
                        starts_at,
                        minutes: i.minutes.unwrap_or(0),
                        adults: i.quantity,
                        children: i.children,
                        status: i
                            .booking_status
                            .as_deref()
                            .and_then(crate::BookingStatus::parse)
                            .unwrap_or(crate::BookingStatus::Booked),
                        cancellable,
                        refund_if_cancelled: (cancellable && paid).then(|| {
                            Money::vnd(crate::bookings::cancel::refund_for(
                                &i,
                                crate::bookings::cancel::unpaid_balance(&i, order),
                                policy,
                                now,
                            ))
                        }),
                        on_arrival: Money::vnd(crate::bookings::cancel::owed_on_arrival(&i, order)),
                    })
                }
                _ => None,
            };
            items.entry(i.order_id).or_default().push(OrderLine {
                item_id: i.id,
                product_id: i.product_id,
                variant_id: i.variant_id,
                sku: i.sku,
                title: i.title,
                options: i.options.0,
                image_url: i.image_url,
                unit_price: Money::vnd(i.unit_price_vnd),
                quantity: i.quantity,
                line_total: Money::vnd(i.line_total_vnd),
                made_to_order: i.made_to_order,
                lead_time_days: i.lead_time_days,
                lot_id: i.lot_id,
                trace_code: i.trace_code,
                booking,
            });
        }
        let mut events: HashMap<Uuid, Vec<OrderEvent>> = HashMap::new();
        for e in order_events::Entity::find()
            .filter(order_events::Column::OrderId.is_in(ids))
            .order_by_asc(order_events::Column::CreatedAt)
            .order_by_asc(order_events::Column::Id)
            .all(&self.db)
            .await?
        {
            events.entry(e.order_id).or_default().push(OrderEvent {
                from: e.from_status,
                to: e.to_status,
                actor: e.actor_kind,
                note: e.note,
                at: e.created_at,
            });
        }
        let coop_ids: Vec<Uuid> = rows.iter().map(|o| o.cooperative_id).collect();
        let coops: HashMap<Uuid, cooperatives::Model> = cooperatives::Entity::find()
            .filter(cooperatives::Column::Id.is_in(coop_ids))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        let checkout_ids: Vec<Uuid> = rows.iter().map(|o| o.checkout_id).collect();
        let payments: HashMap<Uuid, payments::Model> = payments::Entity::find()
            .filter(payments::Column::CheckoutId.is_in(checkout_ids.clone()))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|p| (p.checkout_id, p))
            .collect();
        let mut orders_per_checkout: HashMap<Uuid, u32> = HashMap::new();
        for checkout in orders::Entity::find()
            .select_only()
            .column(orders::Column::CheckoutId)
            .filter(orders::Column::CheckoutId.is_in(checkout_ids))
            .into_tuple::<Uuid>()
            .all(&self.db)
            .await?
        {
            *orders_per_checkout.entry(checkout).or_default() += 1;
        }
        let mut held: HashMap<Uuid, i64> = HashMap::new();
        for h in held_funds::Entity::find()
            .filter(held_funds::Column::OrderId.is_in(ids_of(&rows)))
            .filter(held_funds::Column::Status.eq("held"))
            .all(&self.db)
            .await?
        {
            if let Some(order) = h.order_id {
                *held.entry(order).or_default() += h.amount_vnd;
            }
        }
        let mut refunds = crate::money::refunds::refunds_of(&self.db, &ids_of(&rows)).await?;
        rows.into_iter()
            .map(|o| {
                let status = OrderStatus::parse(&o.status)
                    .ok_or_else(|| Error::Corrupt(format!("order status {}", o.status)))?;
                let coop = coops.get(&o.cooperative_id);
                let payment_status = PaymentStatus::parse(&o.payment_status).ok_or_else(|| {
                    Error::Corrupt(format!("payment status {}", o.payment_status))
                })?;
                let fulfilment_hold = crate::lifecycle::hold_of(&o).filter(|_| {
                    matches!(
                        status,
                        OrderStatus::PendingPayment | OrderStatus::Confirmed | OrderStatus::Packed
                    )
                });
                let checkout_payment = payments.get(&o.checkout_id);
                let payment = OrderPayment {
                    method: o.payment_method.clone(),
                    status: checkout_payment
                        .map(|p| p.status.clone())
                        .unwrap_or_default(),
                    checkout_total: Money::vnd(
                        checkout_payment.map_or(o.total_vnd, |p| p.amount_vnd),
                    ),
                    checkout_orders: orders_per_checkout
                        .get(&o.checkout_id)
                        .copied()
                        .unwrap_or(1),
                    confirmed_by: match o.payment_method.as_str() {
                        "cod" => "cooperative",
                        "card" => "stripe",
                        _ => "union",
                    }
                    .to_owned(),
                    held: Money::vnd(held.get(&o.id).copied().unwrap_or(0)),
                };
                let items = items.remove(&o.id).unwrap_or_default();
                let deposit = (o.balance_vnd > 0).then(|| OrderDeposit {
                    paid_online: Money::vnd(crate::money::online_vnd(&o)),
                    on_arrival: Money::vnd(
                        items
                            .iter()
                            .filter_map(|i| i.booking.as_ref())
                            .map(|b| b.on_arrival.amount)
                            .sum(),
                    ),
                    collected: Money::vnd(o.balance_collected_vnd),
                });
                Ok(OrderView {
                    id: o.id,
                    number: o.number,
                    checkout_id: o.checkout_id,
                    cooperative_id: CooperativeId(o.cooperative_id),
                    cooperative_slug: coop.map(|c| c.slug.clone()).unwrap_or_default(),
                    cooperative_name: coop.map(|c| c.name.clone()).unwrap_or_default(),
                    status,
                    payment_method: o.payment_method,
                    payment_status,
                    payment,
                    fulfilment_hold,
                    released_at: o.released_at,
                    release_reason: o.release_reason,
                    payment_reference: checkout_payment.map(|p| p.reference.clone()),
                    payment_id: checkout_payment.map(|p| p.id),
                    refunded: Money::vnd(o.refunded_vnd),
                    refunds: refunds.remove(&o.id).unwrap_or_default(),
                    buyer_name: o.buyer_name,
                    buyer_email: o.buyer_email,
                    buyer_phone: o.buyer_phone,
                    address: o.address,
                    international: o.international,
                    items,
                    items_total: Money::vnd(o.items_total_vnd),
                    shipping_fee: o.shipping_fee_vnd.map(Money::vnd),
                    total: Money::vnd(o.total_vnd),
                    deposit,
                    weight_grams: o.weight_grams,
                    carrier: o.carrier,
                    tracking_number: o.tracking_number,
                    cancel_reason: o.cancel_reason,
                    expires_at: o.expires_at,
                    created_at: o.created_at,
                    timeline: events.remove(&o.id).unwrap_or_default(),
                    buyer_may_cancel: status.buyer_may_cancel(),
                })
            })
            .collect()
    }
}

fn ids_of(rows: &[orders::Model]) -> Vec<Uuid> {
    rows.iter().map(|o| o.id).collect()
}
