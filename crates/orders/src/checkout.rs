//! Checkout: the cart becomes one payment and one order per cooperative, in
//! one write transaction that takes the stock, snapshots prices, fees,
//! names and pictures, starts the payment, empties the cart and queues the
//! e-mails. An `Idempotency-Key` makes a retried checkout answer the first
//! result instead of ordering twice.

use std::collections::HashMap;
use std::time::Duration;

use chrono::Utc;
use entity::json::PostalAddress;
use entity::{
    cart_items, checkouts, idempotency_keys, order_events, order_items, orders, product_images,
    product_variants, shipping_rules,
};
use kernel::{FieldErrors, Money};
use notify::mail::{self, Recipient};
use payments::{Destination, PaymentMethod, StartedPayment};
use sea_orm::sea_query::{Expr, ExprTrait as _};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::cart::{CartOwner, LineProblem, thumbnail, unit_price, view};
use crate::shipping::{self, Zone};
use crate::{Error, OrderStatus, Orders, Result};

/// Who to contact about the orders.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ContactInput {
    /// Full name.
    pub name: String,
    /// E-mail address (order e-mails go here).
    pub email: String,
    /// Phone number for the courier.
    pub phone: String,
}

/// Where to deliver: Vietnam (province, district, ward, street) or abroad
/// (country, city, postal code, street).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct AddressInput {
    /// ISO country code; `VN` (the default) for Vietnam.
    pub country: String,
    /// Province or city (Vietnam), state (abroad, optional).
    pub province: String,
    /// District (Vietnam).
    pub district: String,
    /// Ward or commune (Vietnam).
    pub ward: String,
    /// City (abroad).
    pub city: String,
    /// Postal code (abroad).
    pub postal_code: String,
    /// House number and street.
    pub street: String,
}

/// What checkout needs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CheckoutInput {
    /// Who.
    pub contact: ContactInput,
    /// Where.
    pub shipping_address: AddressInput,
    /// `cod`, `bank_transfer` or `card`.
    pub payment_method: String,
}

/// One cooperative's order in a receipt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ReceiptOrder {
    /// Id.
    pub id: Uuid,
    /// Number shown to people.
    pub number: String,
    /// The seller's name.
    pub cooperative_name: String,
    /// Where the order is.
    pub status: OrderStatus,
    /// Sum of its lines.
    pub items_total: Money,
    /// Shipping; none while the cooperative quotes it.
    pub shipping_fee: Option<Money>,
    /// Lines plus known shipping.
    pub total: Money,
}

/// What a checkout made. Stored with the idempotency key and answered again
/// as it was for a retried request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CheckoutReceipt {
    /// The checkout.
    pub checkout_id: Uuid,
    /// One order per cooperative.
    pub orders: Vec<ReceiptOrder>,
    /// The payment started.
    pub payment: StartedPayment,
    /// What the buyer pays now.
    pub total: Money,
    /// The buyer's e-mail address, for the guest order lookup.
    pub email: String,
}

/// A checked checkout.
struct Checked {
    contact: ContactInput,
    address: PostalAddress,
    zone: Zone,
    method: PaymentMethod,
}

/// Trimmed, with runs of whitespace made one space.
pub(crate) fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A Vietnamese mobile or landline number: 0 or +84, then 9 or 10 digits.
pub fn valid_vn_phone(phone: &str) -> Option<String> {
    let digits: String = phone
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')'))
        .collect();
    let national = if let Some(rest) = digits.strip_prefix("+84") {
        format!("0{rest}")
    } else if let Some(rest) = digits.strip_prefix("84").filter(|r| r.len() == 9) {
        format!("0{rest}")
    } else {
        digits
    };
    let ok = national.starts_with('0')
        && (10..=11).contains(&national.len())
        && national.chars().all(|c| c.is_ascii_digit())
        && !national.starts_with("00");
    ok.then_some(national)
}

fn check(input: &CheckoutInput, methods: payments::EnabledMethods) -> Result<Checked> {
    let mut errors = FieldErrors::new();
    let name = clean(&input.contact.name);
    if name.is_empty() {
        errors.add("contact.name", "enter your name");
    } else if name.chars().count() > 120 {
        errors.add("contact.name", "at most 120 characters");
    }
    let email = input.contact.email.trim().to_lowercase();
    let email_ok = email.len() <= 254
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        })
        && !email.contains(char::is_whitespace);
    if !email_ok {
        errors.add(
            "contact.email",
            "enter an e-mail address like ten@example.vn",
        );
    }
    let a = &input.shipping_address;
    let country = match a.country.trim().to_uppercase() {
        c if c.is_empty() => "VN".to_owned(),
        c => c,
    };
    if country.len() != 2 || !country.chars().all(|c| c.is_ascii_uppercase()) {
        errors.add(
            "shipping_address.country",
            "a two-letter country code such as VN, JP or DE",
        );
    }
    let zone = if country == "VN" {
        Zone::Domestic
    } else {
        Zone::International
    };
    let phone = match zone {
        Zone::Domestic => valid_vn_phone(&input.contact.phone).unwrap_or_else(|| {
            errors.add(
                "contact.phone",
                "a Vietnamese phone number such as 0905 123 456",
            );
            String::new()
        }),
        Zone::International => {
            let p = clean(&input.contact.phone);
            let digits = p.chars().filter(char::is_ascii_digit).count();
            if !(6..=15).contains(&digits)
                || !p
                    .chars()
                    .all(|c| c.is_ascii_digit() || " +-().".contains(c))
            {
                errors.add(
                    "contact.phone",
                    "a phone number with its country code, such as +81 3 1234 5678",
                );
            }
            p
        }
    };
    let mut required = |field: &str, value: &str, what: &str| {
        let v = clean(value);
        if v.is_empty() {
            errors.add(format!("shipping_address.{field}"), what);
        } else if v.chars().count() > 200 {
            errors.add(
                format!("shipping_address.{field}"),
                "at most 200 characters",
            );
        }
        v
    };
    let street = required("street", &a.street, "enter the house number and street");
    let address = match zone {
        Zone::Domestic => PostalAddress {
            country: country.clone(),
            province: Some(required(
                "province",
                &a.province,
                "choose the province or city",
            )),
            district: Some(required("district", &a.district, "enter the district")),
            ward: Some(required("ward", &a.ward, "enter the ward or commune")),
            city: None,
            postal_code: None,
            street,
        },
        Zone::International => PostalAddress {
            country: country.clone(),
            province: Some(clean(&a.province)).filter(|s| !s.is_empty()),
            district: None,
            ward: None,
            city: Some(required("city", &a.city, "enter the city")),
            postal_code: Some(required(
                "postal_code",
                &a.postal_code,
                "enter the postal code",
            )),
            street,
        },
    };
    let method = PaymentMethod::parse(input.payment_method.trim());
    match method {
        None => errors.add("payment_method", "choose cod, bank_transfer or card"),
        Some(m) => {
            let destination = match zone {
                Zone::Domestic => Destination::Domestic,
                Zone::International => Destination::International,
            };
            if let Err(e) = methods.check(m, destination) {
                errors.add("payment_method", e.to_string());
            }
        }
    }
    let method = errors.into_result(method).map_err(Error::Invalid)?;
    Ok(Checked {
        contact: ContactInput { name, email, phone },
        address,
        zone,
        method: method.ok_or_else(|| {
            Error::Invalid(FieldErrors::single(
                "payment_method",
                "choose a payment method",
            ))
        })?,
    })
}

/// The key's scope: whose keys these are.
fn scope(owner: &CartOwner) -> String {
    match owner {
        CartOwner::User(user) => format!("user:{}", user.uuid()),
        CartOwner::Guest(token) => format!("guest:{}", &accounts::tokens::hash(token)[..32]),
    }
}

pub(crate) fn request_hash(input: &impl Serialize) -> Result<String> {
    let body = serde_json::to_vec(input).map_err(|e| Error::Corrupt(e.to_string()))?;
    Ok(Sha256::digest(&body)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// A random order number: `HT-YYMMDD-` and six unambiguous characters.
fn order_number() -> Result<String> {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    let mut bytes = [0u8; 6];
    getrandom::fill(&mut bytes).map_err(|_| Error::Corrupt("no randomness".into()))?;
    let mut out = format!(
        "HT-{}-",
        Utc::now()
            .with_timezone(&kernel::time::VIETNAM)
            .format("%y%m%d")
    );
    for b in bytes {
        out.push(char::from(ALPHABET[usize::from(b) % ALPHABET.len()]));
    }
    Ok(out)
}

pub(crate) enum Claim {
    /// This request goes ahead under the key (the row's id).
    Go(Uuid),
    /// The first request's answer.
    Replay(serde_json::Value),
}

impl Orders {
    /// Checks out the cart of `owner`. With `key`, a retry of the same
    /// request answers the first receipt again (even while it is still
    /// being made: it waits for it), and the same key with another request
    /// is refused.
    #[tracing::instrument(skip_all)]
    pub async fn checkout(
        &self,
        owner: &CartOwner,
        buyer: Option<&accounts::Actor>,
        input: &CheckoutInput,
        key: Option<&str>,
    ) -> Result<CheckoutReceipt> {
        let checked = check(input, self.config.methods)?;
        let claim = match key {
            Some(key) => {
                let key = key.trim();
                if key.is_empty() || key.len() > 255 {
                    return Err(Error::Invalid(FieldErrors::single(
                        "Idempotency-Key",
                        "1 to 255 characters",
                    )));
                }
                match self
                    .claim_key(&scope(owner), key, &request_hash(input)?)
                    .await?
                {
                    Claim::Replay(receipt) => {
                        return serde_json::from_value(receipt)
                            .map_err(|e| Error::Corrupt(e.to_string()));
                    }
                    Claim::Go(id) => Some(id),
                }
            }
            None => None,
        };
        let result = self.place(owner, buyer, checked, claim).await;
        if result.is_err()
            && let Some(id) = claim
        {
            // a refused checkout keeps nothing: the key may be used again
            idempotency_keys::Entity::delete_by_id(id)
                .exec(&self.db)
                .await?;
        }
        result
    }

    pub(crate) async fn claim_key(&self, scope: &str, key: &str, hash: &str) -> Result<Claim> {
        let id = Uuid::now_v7();
        let inserted = idempotency_keys::Entity::insert(idempotency_keys::ActiveModel {
            id: Set(id),
            scope: Set(scope.to_owned()),
            key: Set(key.to_owned()),
            request_hash: Set(hash.to_owned()),
            response_status: Set(None),
            response: Set(None),
            created_at: Set(Utc::now()),
        })
        .exec_without_returning(&self.db)
        .await;
        match inserted {
            Ok(_) => return Ok(Claim::Go(id)),
            Err(e)
                if entity::is_unique_violation(&e, "idempotency_keys")
                    || entity::is_unique_violation(&e, "scope") => {}
            Err(e) => return Err(e.into()),
        }
        // someone sent this key before: wait for their answer
        let started = std::time::Instant::now();
        loop {
            let Some(row) = idempotency_keys::Entity::find()
                .filter(idempotency_keys::Column::Scope.eq(scope))
                .filter(idempotency_keys::Column::Key.eq(key))
                .one(&self.db)
                .await?
            else {
                // the first request failed and let the key go: try again
                return Box::pin(self.claim_key(scope, key, hash)).await;
            };
            if row.request_hash != hash {
                return Err(Error::IdempotencyKeyReused);
            }
            if let Some(response) = row.response {
                return Ok(Claim::Replay(response));
            }
            if started.elapsed() > Duration::from_secs(20) {
                return Err(Error::IdempotencyInProgress);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn place(
        &self,
        owner: &CartOwner,
        buyer: Option<&accounts::Actor>,
        checked: Checked,
        claim: Option<Uuid>,
    ) -> Result<CheckoutReceipt> {
        let txn = entity::db::begin_write(&self.db).await?;
        let cart = self.find_cart(&txn, owner).await?.ok_or(Error::CartEmpty)?;
        let cart_view = view(&txn, self.media.as_ref(), cart.id).await?;
        if cart_view.groups.is_empty() {
            return Err(Error::CartEmpty);
        }
        let unavailable: Vec<String> = cart_view
            .lines()
            .filter(|l| {
                matches!(
                    l.problem,
                    Some(LineProblem::Unavailable | LineProblem::BelowMinimum { .. })
                )
            })
            .map(|l| l.sku.clone())
            .collect();
        if !unavailable.is_empty() {
            return Err(Error::CartChanged(unavailable.join(", ")));
        }
        let now = Utc::now();
        // take the stock: one conditional update per line, in variant order
        // so that two checkouts lock rows in the same order (no deadlock on
        // PostgreSQL); the first line short of stock undoes everything
        let mut touched_products = Vec::new();
        let mut lines: Vec<_> = cart_view.lines().collect();
        lines.sort_by_key(|l| l.variant_id.uuid());
        for line in lines {
            if line.made_to_order {
                continue;
            }
            let taken = product_variants::Entity::update_many()
                .col_expr(
                    product_variants::Column::Stock,
                    Expr::col(product_variants::Column::Stock).sub(line.quantity),
                )
                .col_expr(product_variants::Column::UpdatedAt, Expr::value(now))
                .filter(product_variants::Column::Id.eq(line.variant_id.uuid()))
                .filter(product_variants::Column::Stock.gte(line.quantity))
                .exec(&txn)
                .await?;
            if taken.rows_affected != 1 {
                let available = product_variants::Entity::find_by_id(line.variant_id.uuid())
                    .one(&txn)
                    .await?
                    .map_or(0, |v| v.stock);
                return Err(Error::InsufficientStock {
                    sku: line.sku.clone(),
                    available,
                });
            }
            touched_products.push(line.product_id.0);
        }
        let variant_rows: HashMap<Uuid, product_variants::Model> = product_variants::Entity::find()
            .filter(
                product_variants::Column::Id.is_in(
                    cart_view
                        .lines()
                        .map(|l| l.variant_id.uuid())
                        .collect::<Vec<_>>(),
                ),
            )
            .all(&txn)
            .await?
            .into_iter()
            .map(|v| (v.id, v))
            .collect();
        let coop_ids: Vec<Uuid> = cart_view
            .groups
            .iter()
            .map(|g| g.cooperative_id.0)
            .collect();
        let rules = shipping_rules::Entity::find()
            .filter(shipping_rules::Column::CooperativeId.is_in(coop_ids))
            .all(&txn)
            .await?;
        let mut images: HashMap<Uuid, product_images::Model> = HashMap::new();
        for img in product_images::Entity::find()
            .filter(
                product_images::Column::ProductId.is_in(
                    cart_view
                        .lines()
                        .map(|l| l.product_id.0)
                        .collect::<Vec<_>>(),
                ),
            )
            .filter(product_images::Column::Pending.eq(false))
            .order_by_desc(product_images::Column::Position)
            .all(&txn)
            .await?
        {
            images.insert(img.product_id, img);
        }

        let checkout_id = Uuid::now_v7();
        let (status, expires_at) = match checked.method {
            PaymentMethod::Cod => (OrderStatus::Confirmed, None),
            PaymentMethod::BankTransfer => (
                OrderStatus::PendingPayment,
                Some(
                    now + chrono::Duration::from_std(self.config.bank_transfer_window)
                        .unwrap_or_default(),
                ),
            ),
            PaymentMethod::Card => (
                OrderStatus::PendingPayment,
                Some(now + chrono::Duration::from_std(self.config.card_window).unwrap_or_default()),
            ),
        };
        struct Planned {
            coop_id: Uuid,
            row: orders::ActiveModel,
            items: Vec<order_items::ActiveModel>,
            receipt: ReceiptOrder,
            mail_items: Vec<mail::OrderItem>,
        }
        let mut planned = Vec::new();
        let (mut items_total, mut shipping_total) = (0i64, 0i64);
        for group in &cart_view.groups {
            let order_id = Uuid::now_v7();
            let mut weight = 0i32;
            let mut subtotal = 0i64;
            let mut items = Vec::new();
            let mut mail_items = Vec::new();
            for line in &group.lines {
                let v = variant_rows
                    .get(&line.variant_id.uuid())
                    .ok_or(Error::ProductUnavailable)?;
                let unit = unit_price(v, line.quantity);
                let total = unit.saturating_mul(i64::from(line.quantity));
                subtotal = subtotal.saturating_add(total);
                weight = weight
                    .saturating_add(v.weight_grams.unwrap_or(0).saturating_mul(line.quantity));
                let variant_label = line
                    .options
                    .values()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" · ");
                mail_items.push(mail::OrderItem {
                    title: line.title.vi.clone(),
                    variant: variant_label,
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
                    image_url: Set(images
                        .get(&line.product_id.0)
                        .map(|i| thumbnail(self.media.as_ref(), i))),
                    unit_price_vnd: Set(unit),
                    quantity: Set(line.quantity),
                    line_total_vnd: Set(total),
                    weight_grams: Set(v.weight_grams),
                    made_to_order: Set(v.made_to_order),
                    lead_time_days: Set(v.lead_time_days),
                    created_at: Set(now),
                });
            }
            let coop_rules: Vec<shipping_rules::Model> = rules
                .iter()
                .filter(|r| r.cooperative_id == group.cooperative_id.0)
                .cloned()
                .collect();
            let fee = shipping::fee(
                &coop_rules,
                checked.zone,
                weight,
                subtotal,
                self.config.default_domestic_fee_vnd,
            );
            let total = subtotal.saturating_add(fee.unwrap_or(0));
            items_total = items_total.saturating_add(subtotal);
            shipping_total = shipping_total.saturating_add(fee.unwrap_or(0));
            let number = order_number()?;
            planned.push(Planned {
                coop_id: group.cooperative_id.0,
                row: orders::ActiveModel {
                    id: Set(order_id),
                    number: Set(number.clone()),
                    checkout_id: Set(checkout_id),
                    cooperative_id: Set(group.cooperative_id.0),
                    buyer_id: Set(buyer.map(|b| b.user_id.uuid())),
                    buyer_email: Set(checked.contact.email.clone()),
                    buyer_name: Set(checked.contact.name.clone()),
                    buyer_phone: Set(checked.contact.phone.clone()),
                    address: Set(checked.address.clone()),
                    international: Set(checked.zone == Zone::International),
                    status: Set(status.as_str().to_owned()),
                    payment_method: Set(checked.method.as_str().to_owned()),
                    payment_status: Set("unpaid".to_owned()),
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
                },
                mail_items,
            });
        }
        let grand_total = items_total.saturating_add(shipping_total);
        checkouts::Entity::insert(checkouts::ActiveModel {
            id: Set(checkout_id),
            buyer_id: Set(buyer.map(|b| b.user_id.uuid())),
            email: Set(checked.contact.email.clone()),
            name: Set(checked.contact.name.clone()),
            phone: Set(checked.contact.phone.clone()),
            address: Set(checked.address.clone()),
            international: Set(checked.zone == Zone::International),
            payment_method: Set(checked.method.as_str().to_owned()),
            items_total_vnd: Set(items_total),
            shipping_total_vnd: Set(shipping_total),
            total_vnd: Set(grand_total),
            created_at: Set(now),
        })
        .exec_without_returning(&txn)
        .await?;
        let payment = payments::start(&txn, checkout_id, checked.method, grand_total).await?;
        let mut receipt_orders = Vec::new();
        let mut summaries = Vec::new();
        for plan in planned {
            let order_id = plan.receipt.id;
            let coop_id = plan.coop_id;
            orders::Entity::insert(plan.row)
                .exec_without_returning(&txn)
                .await?;
            order_items::Entity::insert_many(plan.items)
                .exec_without_returning(&txn)
                .await?;
            order_events::Entity::insert(order_events::ActiveModel {
                id: Set(Uuid::now_v7()),
                order_id: Set(order_id),
                from_status: Set(None),
                to_status: Set(status.as_str().to_owned()),
                actor_kind: Set(if buyer.is_some() { "buyer" } else { "guest" }.to_owned()),
                actor_id: Set(buyer.map(|b| b.user_id.uuid())),
                note: Set(Some(format!("placed; payment {}", checked.method.as_str()))),
                created_at: Set(now),
            })
            .exec_without_returning(&txn)
            .await?;
            let shipping_fee = plan
                .receipt
                .shipping_fee
                .map_or_else(|| "—".to_owned(), |m| m.to_string());
            let address = address_lines(&checked.address);
            for recipient in crate::lifecycle::cooperative_recipients(&txn, coop_id).await? {
                let content = mail::OrderNew {
                    cooperative_name: plan.receipt.cooperative_name.clone(),
                    order_number: plan.receipt.number.clone(),
                    buyer_name: checked.contact.name.clone(),
                    items: plan.mail_items.clone(),
                    shipping_fee: shipping_fee.clone(),
                    total: plan.receipt.total.to_string(),
                    payment_method: checked.method.as_str().to_owned(),
                    shipping_address: address.clone(),
                    order_url: self.url(&format!("/seller/orders/{order_id}")),
                };
                self.mailer.enqueue(&txn, &recipient, &content).await?;
            }
            summaries.push(mail::OrderSummary {
                number: plan.receipt.number.clone(),
                cooperative_name: plan.receipt.cooperative_name.clone(),
                items: plan.mail_items,
                shipping_fee,
                total: plan.receipt.total.to_string(),
            });
            receipt_orders.push(plan.receipt);
        }
        touched_products.sort();
        touched_products.dedup();
        for product in &touched_products {
            entity::products::refresh_summary(&txn, *product).await?;
        }
        if !touched_products.is_empty() {
            catalog::search_feed::enqueue(
                &txn,
                catalog::search_feed::IndexJob::Products {
                    ids: touched_products
                        .into_iter()
                        .map(kernel::ProductId)
                        .collect(),
                },
            )
            .await?;
        }
        cart_items::Entity::delete_many()
            .filter(cart_items::Column::CartId.eq(cart.id))
            .exec(&txn)
            .await?;
        let buyer_recipient = Recipient {
            email: checked.contact.email.clone(),
            name: checked.contact.name.clone(),
            locale: buyer.map(|b| b.locale).unwrap_or_default(),
        };
        let instructions = (checked.method == PaymentMethod::BankTransfer)
            .then(|| format!("{} — {}", Money::vnd(grand_total), payment.reference));
        self.mailer
            .enqueue(
                &txn,
                &buyer_recipient,
                &mail::OrderPlaced {
                    checkout_reference: payment.reference.clone(),
                    orders: summaries,
                    grand_total: Money::vnd(grand_total).to_string(),
                    payment_method: checked.method.as_str().to_owned(),
                    payment_instructions: instructions,
                    shipping_address: address_lines(&checked.address),
                    orders_url: self.url(&format!("/checkout/{checkout_id}")),
                },
            )
            .await?;
        let receipt = CheckoutReceipt {
            checkout_id,
            orders: receipt_orders,
            payment,
            total: Money::vnd(grand_total),
            email: checked.contact.email.clone(),
        };
        if let Some(id) = claim {
            let stored =
                serde_json::to_value(&receipt).map_err(|e| Error::Corrupt(e.to_string()))?;
            idempotency_keys::Entity::update_many()
                .col_expr(
                    idempotency_keys::Column::ResponseStatus,
                    Expr::value(Some(201)),
                )
                .col_expr(
                    idempotency_keys::Column::Response,
                    Expr::value(Some(stored)),
                )
                .filter(idempotency_keys::Column::Id.eq(id))
                .exec(&txn)
                .await?;
        }
        txn.commit().await?;
        Ok(receipt)
    }
}

/// An address on several lines, as a label shows it.
pub fn address_lines(a: &PostalAddress) -> String {
    let mut lines = vec![a.street.clone()];
    let local: Vec<&str> = [a.ward.as_deref(), a.district.as_deref(), a.city.as_deref()]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect();
    if !local.is_empty() {
        lines.push(local.join(", "));
    }
    let region: Vec<&str> = [a.province.as_deref(), a.postal_code.as_deref()]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect();
    if !region.is_empty() {
        lines.push(region.join(" "));
    }
    lines.push(a.country.clone());
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(country: &str, phone: &str, method: &str) -> CheckoutInput {
        CheckoutInput {
            contact: ContactInput {
                name: "  Nguyễn   Văn An ".into(),
                email: "An@Example.VN".into(),
                phone: phone.into(),
            },
            shipping_address: AddressInput {
                country: country.into(),
                province: "Hà Nội".into(),
                district: "Ba Đình".into(),
                ward: "Kim Mã".into(),
                city: "Osaka".into(),
                postal_code: "530-0001".into(),
                street: "12 Kim Mã".into(),
            },
            payment_method: method.into(),
        }
    }

    const METHODS: payments::EnabledMethods = payments::EnabledMethods {
        cod: true,
        bank_transfer: true,
        card: false,
    };

    #[test]
    fn vietnamese_phone_numbers_are_normalised() {
        assert_eq!(
            valid_vn_phone("0905 123 456").as_deref(),
            Some("0905123456")
        );
        assert_eq!(
            valid_vn_phone("+84 905.123.456").as_deref(),
            Some("0905123456")
        );
        assert_eq!(
            valid_vn_phone("024 3823 4567").as_deref(),
            Some("02438234567")
        );
        assert_eq!(valid_vn_phone("12345"), None);
        assert_eq!(valid_vn_phone("0905-12a-456"), None);
    }

    #[test]
    fn a_domestic_checkout_is_cleaned_and_accepted() {
        let c = check(&input("", "0905 123 456", "cod"), METHODS).unwrap();
        assert_eq!(c.contact.name, "Nguyễn Văn An");
        assert_eq!(c.contact.email, "an@example.vn");
        assert_eq!(c.address.country, "VN");
        assert_eq!(c.zone, Zone::Domestic);
        assert_eq!(c.method, PaymentMethod::Cod);
    }

    #[test]
    fn cash_on_delivery_abroad_is_refused_with_the_field_named() {
        let Err(Error::Invalid(fields)) = check(&input("JP", "+81 6 1234 5678", "cod"), METHODS)
        else {
            panic!("cod abroad must be refused");
        };
        assert!(fields.get("payment_method").is_some(), "{fields:?}");
        assert!(check(&input("JP", "+81 6 1234 5678", "bank_transfer"), METHODS).is_ok());
    }

    #[test]
    fn every_missing_field_is_named() {
        let Err(Error::Invalid(fields)) = check(&CheckoutInput::default(), METHODS) else {
            panic!("an empty checkout must be refused");
        };
        for field in [
            "contact.name",
            "contact.email",
            "contact.phone",
            "shipping_address.street",
            "shipping_address.province",
            "shipping_address.district",
            "shipping_address.ward",
            "payment_method",
        ] {
            assert!(fields.get(field).is_some(), "{field}: {fields:?}");
        }
    }
}
