//! Placing a checkout, as one write transaction told in named steps: claim
//! the key, read the cart, have the catalogue take the stock, price the
//! goods, plan one order per cooperative, record the checkout and its
//! payment, record each order, empty the cart, tell the buyer, and store
//! the answer under the key. Nothing outside the database is called while
//! it is open.

use std::collections::HashMap;

use catalog::{Catalog, PlaceLine, StockLine};
use chrono::{DateTime, Utc};
use entity::{
    cart_items, checkouts, order_events, order_items, orders, product_images, product_variants,
    shipping_rules,
};
use kernel::Money;
use notify::mail::{self, Recipient};
use payments::{PaymentMethod, StartedPayment};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
};
use uuid::Uuid;

use super::{Checked, CheckoutReceipt, ReceiptOrder, address_lines, order_number};
use crate::bookings::calendar::BookedEvent;
use crate::bookings::{BookingStatus, local_time_vi, people_vi, policy_vi};
use crate::cart::{
    BookingLine, CartLine, CartOwner, CartView, LineProblem, thumbnail, unit_price, view,
};
use crate::idempotency::{self, Claim, Keyed};
use crate::shipping::{self, Zone};
use crate::{Error, OrderStatus, Orders, PaymentStatus, Result, access};

/// The cart about to be bought, with its row id.
struct Cart {
    id: Uuid,
    view: CartView,
}

/// What the goods cost and weigh now, and how each cooperative ships.
struct Goods {
    variants: HashMap<Uuid, product_variants::Model>,
    images: HashMap<Uuid, product_images::Model>,
    rules: Vec<shipping_rules::Model>,
}

/// One cooperative's order, ready to record.
struct PlannedOrder {
    cooperative_id: Uuid,
    row: orders::ActiveModel,
    items: Vec<order_items::ActiveModel>,
    receipt: ReceiptOrder,
    mail_items: Vec<mail::OrderItem>,
}

/// The whole checkout, ready to record.
struct Plan {
    checkout_id: Uuid,
    status: OrderStatus,
    orders: Vec<PlannedOrder>,
    items_total: i64,
    shipping_total: i64,
    /// What is paid on arrival rather than now (bookings' balances after
    /// their deposits).
    on_arrival: i64,
    now: DateTime<Utc>,
}

impl Plan {
    fn grand_total(&self) -> i64 {
        self.items_total.saturating_add(self.shipping_total)
    }

    /// What the buyer pays now.
    fn pay_now(&self) -> i64 {
        self.grand_total().saturating_sub(self.on_arrival)
    }
}

impl Orders {
    /// Places the checkout of `owner`'s cart in one transaction.
    pub(super) async fn place(
        &self,
        owner: &CartOwner,
        buyer: Option<&accounts::Actor>,
        checked: Checked,
        keyed: Option<&Keyed>,
    ) -> Result<CheckoutReceipt> {
        let txn = entity::db::begin_write(&self.db).await?;
        let claim = match keyed {
            Some(keyed) => match idempotency::claim(&txn, keyed).await? {
                Claim::Replay(receipt) => return idempotency::replayed(receipt),
                Claim::Fresh(id) | Claim::Resume { id, .. } => Some(id),
            },
            None => None,
        };
        let cart = self.cart_to_buy(&txn, owner).await?;
        if checked.method == PaymentMethod::Cod && cart.view.lines().any(|l| l.booking.is_some()) {
            return Err(Error::Invalid(kernel::FieldErrors::single(
                "payment_method",
                kernel::problem::not_for_bookings(),
            )));
        }
        if checked.deposit && cart.view.balance_after_deposit() == 0 {
            return Err(Error::Invalid(kernel::FieldErrors::single(
                "deposit",
                kernel::problem::deposit_not_offered(),
            )));
        }
        Catalog::take_places(&txn, &place_lines(&cart.view))
            .await
            .map_err(|e| short_of_places(e, &cart.view))?;
        Catalog::take_stock(&txn, &stock_lines(&cart.view))
            .await
            .map_err(short_of_stock)?;
        let goods = Goods::load(&txn, &cart.view).await?;
        let plan = self.plan(&cart.view, &goods, &checked, buyer)?;
        let payment = self.record_checkout(&txn, &plan, &checked, buyer).await?;
        let access_token = match buyer {
            None => Some(access::grant(&txn, plan.checkout_id).await?),
            Some(_) => None,
        };
        for order in &plan.orders {
            self.record_order(&txn, order, &plan, &checked, buyer)
                .await?;
        }
        empty_cart(&txn, cart.id).await?;
        self.tell_buyer_placed(
            &txn,
            &plan,
            &payment,
            &checked,
            buyer,
            access_token.as_deref(),
        )
        .await?;
        self.tell_buyer_booked(
            &txn,
            &plan,
            &cart.view,
            &checked,
            buyer,
            access_token.as_deref(),
        )
        .await?;
        let receipt = CheckoutReceipt {
            checkout_id: plan.checkout_id,
            total: Money::vnd(plan.grand_total()),
            pay_now: Money::vnd(plan.pay_now()),
            on_arrival: Money::vnd(plan.on_arrival),
            orders: plan.orders.into_iter().map(|o| o.receipt).collect(),
            payment,
            email: checked.contact.email.clone(),
            access_token,
        };
        if let Some(id) = claim {
            idempotency::answer(&txn, id, 201, &receipt).await?;
        }
        txn.commit().await?;
        Ok(receipt)
    }

    /// The cart, every line of which can still be bought.
    async fn cart_to_buy(&self, txn: &DatabaseTransaction, owner: &CartOwner) -> Result<Cart> {
        let cart = self.find_cart(txn, owner).await?.ok_or(Error::CartEmpty)?;
        let view = view(txn, self.media.as_ref(), cart.id).await?;
        if view.groups.is_empty() {
            return Err(Error::CartEmpty);
        }
        let unavailable: Vec<String> = view
            .lines()
            .filter(|l| {
                matches!(
                    l.problem,
                    Some(
                        LineProblem::Unavailable
                            | LineProblem::BelowMinimum { .. }
                            | LineProblem::SessionClosed
                    )
                )
            })
            .map(|l| l.sku.clone())
            .collect();
        if !unavailable.is_empty() {
            return Err(Error::CartChanged(unavailable.join(", ")));
        }
        Ok(Cart { id: cart.id, view })
    }

    /// One order per cooperative: lines at today's prices (wholesale tier
    /// applied), the parcel's weight, and its shipping fee.
    fn plan(
        &self,
        cart: &CartView,
        goods: &Goods,
        checked: &Checked,
        buyer: Option<&accounts::Actor>,
    ) -> Result<Plan> {
        let now = Utc::now();
        let (status, window) = match checked.method {
            PaymentMethod::Cod => (OrderStatus::Confirmed, None),
            PaymentMethod::BankTransfer => (
                OrderStatus::PendingPayment,
                Some(self.config.bank_transfer_window),
            ),
            PaymentMethod::Card => (OrderStatus::PendingPayment, Some(self.config.card_window)),
        };
        let expires_at = window.map(|w| now + chrono::Duration::from_std(w).unwrap_or_default());
        let mut plan = Plan {
            checkout_id: Uuid::now_v7(),
            status,
            orders: Vec::new(),
            items_total: 0,
            shipping_total: 0,
            on_arrival: 0,
            now,
        };
        for group in &cart.groups {
            let order_id = Uuid::now_v7();
            let (mut weight, mut subtotal, mut on_arrival) = (0i32, 0i64, 0i64);
            let mut items = Vec::new();
            let mut mail_items = Vec::new();
            for line in &group.lines {
                let v = goods
                    .variants
                    .get(&line.variant_id.uuid())
                    .ok_or(Error::ProductUnavailable)?;
                if let Some(booking) = &line.booking {
                    let balance = if checked.deposit {
                        booking.balance_after_deposit(line.line_total.amount)
                    } else {
                        0
                    };
                    subtotal = subtotal.saturating_add(line.line_total.amount);
                    on_arrival = on_arrival.saturating_add(balance);
                    mail_items.push(booked_mail_item(line, booking));
                    items.push(self.booked_item(order_id, line, booking, balance, goods, now)?);
                    continue;
                }
                let unit = unit_price(v, line.quantity);
                let total = unit.saturating_mul(i64::from(line.quantity));
                subtotal = subtotal.saturating_add(total);
                weight = weight
                    .saturating_add(v.weight_grams.unwrap_or(0).saturating_mul(line.quantity));
                mail_items.push(mail::OrderItem {
                    title: line.title.vi.clone(),
                    variant: line
                        .options
                        .values()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(" · "),
                    quantity: u32::try_from(line.quantity).unwrap_or(0),
                    unit_price: Money::vnd(unit).to_string(),
                    line_total: Money::vnd(total).to_string(),
                });
                items.push(order_items::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    order_id: Set(order_id),
                    product_id: Set(Some(line.product_id.0)),
                    variant_id: Set(Some(v.id)),
                    sku: Set(v.sku.clone()),
                    title: Set(line.title.clone()),
                    options: Set(v.options.clone()),
                    image_url: Set(goods
                        .images
                        .get(&line.product_id.0)
                        .map(|i| thumbnail(self.media.as_ref(), i))),
                    unit_price_vnd: Set(unit),
                    quantity: Set(line.quantity),
                    line_total_vnd: Set(total),
                    weight_grams: Set(v.weight_grams),
                    made_to_order: Set(v.made_to_order),
                    lead_time_days: Set(v.lead_time_days),
                    created_at: Set(now),
                    lot_id: Set(None),
                    trace_code: Set(None),
                    session_id: Set(None),
                    starts_at: Set(None),
                    minutes: Set(None),
                    children: Set(0),
                    booking_status: Set(None),
                    booking_moved: Set(false),
                    balance_vnd: Set(0),
                });
            }
            let coop_rules: Vec<shipping_rules::Model> = goods
                .rules
                .iter()
                .filter(|r| r.cooperative_id == group.cooperative_id.0)
                .cloned()
                .collect();
            // a booking ships nothing: an order of bookings only has no fee
            let fee = if group.lines.iter().all(|l| l.booking.is_some()) {
                Some(0)
            } else {
                shipping::fee(
                    &coop_rules,
                    checked.zone,
                    weight,
                    subtotal,
                    self.config.default_domestic_fee_vnd,
                )
            };
            let total = subtotal.saturating_add(fee.unwrap_or(0));
            plan.items_total = plan.items_total.saturating_add(subtotal);
            plan.shipping_total = plan.shipping_total.saturating_add(fee.unwrap_or(0));
            plan.on_arrival = plan.on_arrival.saturating_add(on_arrival);
            let number = order_number()?;
            plan.orders.push(PlannedOrder {
                cooperative_id: group.cooperative_id.0,
                row: orders::ActiveModel {
                    id: Set(order_id),
                    number: Set(number.clone()),
                    checkout_id: Set(plan.checkout_id),
                    cooperative_id: Set(group.cooperative_id.0),
                    buyer_id: Set(buyer.map(|b| b.user_id.uuid())),
                    buyer_email: Set(checked.contact.email.clone()),
                    buyer_name: Set(checked.contact.name.clone()),
                    buyer_phone: Set(checked.contact.phone.clone()),
                    address: Set(checked.address.clone()),
                    international: Set(checked.zone == Zone::International),
                    status: Set(status.as_str().to_owned()),
                    payment_method: Set(checked.method.as_str().to_owned()),
                    payment_status: Set(PaymentStatus::Unpaid.as_str().to_owned()),
                    items_total_vnd: Set(subtotal),
                    shipping_fee_vnd: Set(fee),
                    total_vnd: Set(total),
                    weight_grams: Set(weight),
                    carrier: Set(None),
                    tracking_number: Set(None),
                    cancel_reason: Set(None),
                    stock_returned: Set(false),
                    refunded_vnd: Set(0),
                    expires_at: Set(expires_at),
                    created_at: Set(now),
                    updated_at: Set(now),
                    released_at: Set(None),
                    released_by: Set(None),
                    release_reason: Set(None),
                    balance_vnd: Set(on_arrival),
                    balance_collected_vnd: Set(0),
                },
                items,
                receipt: ReceiptOrder {
                    id: order_id,
                    number,
                    cooperative_name: group.cooperative_name.clone(),
                    status,
                    items_total: Money::vnd(subtotal),
                    shipping_fee: fee.map(Money::vnd),
                    total: Money::vnd(total),
                    on_arrival: Money::vnd(on_arrival),
                },
                mail_items,
            });
        }
        Ok(plan)
    }

    /// The checkout row and its payment (which calls no outside service).
    async fn record_checkout(
        &self,
        txn: &DatabaseTransaction,
        plan: &Plan,
        checked: &Checked,
        buyer: Option<&accounts::Actor>,
    ) -> Result<StartedPayment> {
        checkouts::Entity::insert(checkouts::ActiveModel {
            id: Set(plan.checkout_id),
            buyer_id: Set(buyer.map(|b| b.user_id.uuid())),
            email: Set(checked.contact.email.clone()),
            name: Set(checked.contact.name.clone()),
            phone: Set(checked.contact.phone.clone()),
            address: Set(checked.address.clone()),
            international: Set(checked.zone == Zone::International),
            payment_method: Set(checked.method.as_str().to_owned()),
            items_total_vnd: Set(plan.items_total),
            shipping_total_vnd: Set(plan.shipping_total),
            total_vnd: Set(plan.grand_total()),
            created_at: Set(plan.now),
        })
        .exec_without_returning(txn)
        .await?;
        Ok(payments::start(txn, plan.checkout_id, checked.method, plan.pay_now()).await?)
    }

    /// One order: its row, lines and first timeline step, and the e-mail to
    /// its cooperative.
    async fn record_order(
        &self,
        txn: &DatabaseTransaction,
        order: &PlannedOrder,
        plan: &Plan,
        checked: &Checked,
        buyer: Option<&accounts::Actor>,
    ) -> Result<()> {
        let order_id = order.receipt.id;
        orders::Entity::insert(order.row.clone())
            .exec_without_returning(txn)
            .await?;
        order_items::Entity::insert_many(order.items.clone())
            .exec_without_returning(txn)
            .await?;
        order_events::Entity::insert(order_events::ActiveModel {
            id: Set(Uuid::now_v7()),
            order_id: Set(order_id),
            from_status: Set(None),
            to_status: Set(plan.status.as_str().to_owned()),
            actor_kind: Set(if buyer.is_some() { "buyer" } else { "guest" }.to_owned()),
            actor_id: Set(buyer.map(|b| b.user_id.uuid())),
            note: Set(Some(format!("placed; payment {}", checked.method.as_str()))),
            created_at: Set(plan.now),
        })
        .exec_without_returning(txn)
        .await?;
        let shipping_fee = order
            .receipt
            .shipping_fee
            .map_or_else(|| "—".to_owned(), |m| m.to_string());
        for recipient in crate::lifecycle::cooperative_recipients(txn, order.cooperative_id).await?
        {
            let content = mail::OrderNew {
                cooperative_name: order.receipt.cooperative_name.clone(),
                order_number: order.receipt.number.clone(),
                buyer_name: checked.contact.name.clone(),
                items: order.mail_items.clone(),
                shipping_fee: shipping_fee.clone(),
                total: order.receipt.total.to_string(),
                payment_method: checked.method.as_str().to_owned(),
                payment_status: PaymentStatus::Unpaid.as_str().to_owned(),
                shipping_address: address_lines(&checked.address),
                order_url: self.url(&format!("/seller/orders/{order_id}")),
            };
            self.mailer.enqueue(txn, &recipient, &content).await?;
        }
        Ok(())
    }

    /// A booked line of an order: the session's time and people, no
    /// weight, its price from the cart (adults, children or the group).
    fn booked_item(
        &self,
        order_id: Uuid,
        line: &CartLine,
        booking: &BookingLine,
        balance: i64,
        goods: &Goods,
        now: DateTime<Utc>,
    ) -> Result<order_items::ActiveModel> {
        let v = goods
            .variants
            .get(&line.variant_id.uuid())
            .ok_or(Error::ProductUnavailable)?;
        Ok(order_items::ActiveModel {
            id: Set(Uuid::now_v7()),
            order_id: Set(order_id),
            product_id: Set(Some(line.product_id.0)),
            variant_id: Set(Some(v.id)),
            sku: Set(v.sku.clone()),
            title: Set(line.title.clone()),
            options: Set(v.options.clone()),
            image_url: Set(goods
                .images
                .get(&line.product_id.0)
                .map(|i| thumbnail(self.media.as_ref(), i))),
            unit_price_vnd: Set(line.unit_price.amount),
            quantity: Set(booking.adults),
            line_total_vnd: Set(line.line_total.amount),
            weight_grams: Set(None),
            made_to_order: Set(false),
            lead_time_days: Set(None),
            created_at: Set(now),
            lot_id: Set(None),
            trace_code: Set(None),
            session_id: Set(Some(booking.session_id)),
            starts_at: Set(Some(booking.starts_at)),
            minutes: Set(Some(booking.minutes)),
            children: Set(booking.children),
            booking_status: Set(Some(BookingStatus::Booked.as_str().to_owned())),
            booking_moved: Set(false),
            balance_vnd: Set(balance),
        })
    }

    /// One e-mail per booked line, with its calendar file: when and where
    /// to meet, for how many, and the cancellation policy.
    async fn tell_buyer_booked(
        &self,
        txn: &DatabaseTransaction,
        plan: &Plan,
        cart: &CartView,
        checked: &Checked,
        buyer: Option<&accounts::Actor>,
        access_token: Option<&str>,
    ) -> Result<()> {
        let to = Recipient {
            email: checked.contact.email.clone(),
            name: checked.contact.name.clone(),
            locale: buyer.map(|b| b.locale).unwrap_or_default(),
        };
        for order in &plan.orders {
            let path = format!("/orders/{}", order.receipt.id);
            let order_url = match access_token {
                Some(token) => self.url(&format!("{path}?access={token}")),
                None => self.url(&path),
            };
            for item in &order.items {
                let (Set(id), Set(Some(session)), Set(title), Set(adults), Set(children)) = (
                    &item.id,
                    &item.session_id,
                    &item.title,
                    &item.quantity,
                    &item.children,
                ) else {
                    continue;
                };
                let Some(booking) = cart
                    .lines()
                    .filter_map(|l| l.booking.as_ref())
                    .find(|b| b.session_id == *session)
                else {
                    continue;
                };
                let calendar = BookedEvent {
                    item: *id,
                    experience: &title.vi,
                    cooperative: &order.receipt.cooperative_name,
                    order_number: &order.receipt.number,
                    starts_at: booking.starts_at,
                    minutes: booking.minutes,
                    adults: *adults,
                    children: *children,
                    meeting_point: &booking.meeting_point,
                    order_url: order_url.clone(),
                };
                let content = mail::BookingConfirmed {
                    order_number: order.receipt.number.clone(),
                    cooperative_name: order.receipt.cooperative_name.clone(),
                    experience: title.vi.clone(),
                    starts_at_local: local_time_vi(booking.starts_at),
                    people: people_vi(*adults, *children),
                    meeting_point: booking.meeting_point.clone(),
                    map_url: booking.map_url.clone(),
                    cancellation: policy_vi(booking.free_cancel_days, booking.late_refund_percent),
                    order_url: order_url.clone(),
                };
                self.mailer
                    .enqueue_with_attachments(txn, &to, &content, vec![calendar.attachment()])
                    .await?;
            }
        }
        Ok(())
    }

    /// The buyer's e-mail: every order, the total, and how to pay.
    async fn tell_buyer_placed(
        &self,
        txn: &DatabaseTransaction,
        plan: &Plan,
        payment: &StartedPayment,
        checked: &Checked,
        buyer: Option<&accounts::Actor>,
        access_token: Option<&str>,
    ) -> Result<()> {
        let summaries = plan
            .orders
            .iter()
            .map(|o| mail::OrderSummary {
                number: o.receipt.number.clone(),
                cooperative_name: o.receipt.cooperative_name.clone(),
                items: o.mail_items.clone(),
                shipping_fee: o
                    .receipt
                    .shipping_fee
                    .map_or_else(|| "—".to_owned(), |m| m.to_string()),
                total: o.receipt.total.to_string(),
            })
            .collect();
        // what to transfer now: the deposits of bookings paid by deposit
        let instructions = (checked.method == PaymentMethod::BankTransfer)
            .then(|| format!("{} — {}", Money::vnd(plan.pay_now()), payment.reference));
        let path = format!("/checkout/{}", plan.checkout_id);
        let orders_url = match access_token {
            Some(token) => self.url(&format!("{path}?access={token}")),
            None => self.url(&path),
        };
        self.mailer
            .enqueue(
                txn,
                &Recipient {
                    email: checked.contact.email.clone(),
                    name: checked.contact.name.clone(),
                    locale: buyer.map(|b| b.locale).unwrap_or_default(),
                },
                &mail::OrderPlaced {
                    checkout_reference: payment.reference.clone(),
                    orders: summaries,
                    grand_total: Money::vnd(plan.grand_total()).to_string(),
                    payment_method: checked.method.as_str().to_owned(),
                    payment_status: PaymentStatus::Unpaid.as_str().to_owned(),
                    payment_instructions: instructions,
                    shipping_address: address_lines(&checked.address),
                    orders_url,
                },
            )
            .await?;
        Ok(())
    }
}

impl Goods {
    /// The variants, first pictures and shipping rules of the cart's lines.
    async fn load(txn: &DatabaseTransaction, cart: &CartView) -> Result<Self> {
        let variants = product_variants::Entity::find()
            .filter(
                product_variants::Column::Id.is_in(
                    cart.lines()
                        .map(|l| l.variant_id.uuid())
                        .collect::<Vec<_>>(),
                ),
            )
            .all(txn)
            .await?
            .into_iter()
            .map(|v| (v.id, v))
            .collect();
        let mut images = HashMap::new();
        for img in product_images::Entity::find()
            .filter(
                product_images::Column::ProductId
                    .is_in(cart.lines().map(|l| l.product_id.0).collect::<Vec<_>>()),
            )
            .filter(product_images::Column::Pending.eq(false))
            .order_by_desc(product_images::Column::Position)
            .all(txn)
            .await?
        {
            // the lowest position is met last: the first picture wins
            images.insert(img.product_id, img);
        }
        let rules = shipping_rules::Entity::find()
            .filter(
                shipping_rules::Column::CooperativeId.is_in(
                    cart.groups
                        .iter()
                        .map(|g| g.cooperative_id.0)
                        .collect::<Vec<_>>(),
                ),
            )
            .all(txn)
            .await?;
        Ok(Self {
            variants,
            images,
            rules,
        })
    }
}

/// What the cart takes from the catalogue's stock (bookings take places).
fn stock_lines(cart: &CartView) -> Vec<StockLine> {
    cart.lines()
        .filter(|l| l.booking.is_none())
        .map(|l| StockLine {
            variant: l.variant_id,
            product: l.product_id,
            sku: l.sku.clone(),
            quantity: l.quantity,
            made_to_order: l.made_to_order,
        })
        .collect()
}

/// The places the cart's bookings take.
fn place_lines(cart: &CartView) -> Vec<PlaceLine> {
    cart.lines()
        .filter_map(|l| {
            let booking = l.booking.as_ref()?;
            Some(PlaceLine {
                session: booking.session_id,
                product: l.product_id,
                people: booking.adults.saturating_add(booking.children),
            })
        })
        .collect()
}

/// The catalogue's "not enough places", as the orders' error naming the
/// experience.
fn short_of_places(e: catalog::Error, cart: &CartView) -> Error {
    match e {
        catalog::Error::NoPlacesLeft { session, available } => Error::NoPlacesLeft {
            experience: cart
                .lines()
                .find(|l| l.booking.as_ref().is_some_and(|b| b.session_id == session))
                .map(|l| l.title.vi.clone())
                .unwrap_or_default(),
            available,
        },
        other => Error::Catalog(other),
    }
}

/// A booking as a line of the order e-mails.
fn booked_mail_item(line: &CartLine, booking: &BookingLine) -> mail::OrderItem {
    mail::OrderItem {
        title: line.title.vi.clone(),
        variant: format!(
            "{} · {}",
            local_time_vi(booking.starts_at),
            people_vi(booking.adults, booking.children)
        ),
        quantity: u32::try_from(booking.adults + booking.children).unwrap_or(0),
        unit_price: line.unit_price.to_string(),
        line_total: line.line_total.to_string(),
    }
}

/// The catalogue's "not enough stock", as the orders' error.
fn short_of_stock(e: catalog::Error) -> Error {
    match e {
        catalog::Error::InsufficientStock { sku, available } => {
            Error::InsufficientStock { sku, available }
        }
        other => Error::Catalog(other),
    }
}

async fn empty_cart(txn: &DatabaseTransaction, cart: Uuid) -> Result<()> {
    cart_items::Entity::delete_many()
        .filter(cart_items::Column::CartId.eq(cart))
        .exec(txn)
        .await?;
    Ok(())
}
