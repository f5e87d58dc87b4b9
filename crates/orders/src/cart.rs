//! The cart: one per signed-in shopper, or per guest (an opaque 256-bit
//! token in a cookie, kept only as its SHA-256 like a session). Lines from
//! several cooperatives; prices, wholesale tiers and availability are read
//! from the catalogue every time the cart is shown, and a line that can no
//! longer be bought is flagged, never dropped silently.

use std::collections::HashMap;

use chrono::Utc;
use entity::json::Options;
use entity::{cart_items, carts, cooperatives, product_images, product_variants, products};
use kernel::{CooperativeId, FieldErrors, I18nText, Money, ProductId, UserId, VariantId, problem};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use catalog::MediaStore;

use crate::{Error, Orders, Result};

/// The most of one variant in a cart line.
pub const MAX_QUANTITY: i32 = 999;
/// The most lines in a cart.
pub const MAX_LINES: usize = 50;
/// The prefix of guest cart tokens.
pub const GUEST_TOKEN_PREFIX: &str = "cart_";

/// Whose cart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CartOwner {
    /// A signed-in shopper.
    User(UserId),
    /// A guest, by the token of their cookie.
    Guest(String),
}

/// Why a line cannot be bought as it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LineProblem {
    /// The listing was unpublished or its seller suspended.
    Unavailable,
    /// None left.
    SoldOut,
    /// Fewer left than asked for.
    NotEnoughStock {
        /// What is left.
        available: i32,
    },
    /// Below the variant's minimum order.
    BelowMinimum {
        /// The minimum.
        min: i32,
    },
    /// The booked session was closed by the cooperative, or has started.
    SessionClosed,
    /// Fewer places left on the booked session than people booked.
    NotEnoughPlaces {
        /// Places left.
        available: i32,
    },
}

/// What a cart line books, for an experience.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BookingLine {
    /// The session.
    pub session_id: Uuid,
    /// When it starts.
    pub starts_at: chrono::DateTime<Utc>,
    /// How long it lasts, in minutes.
    pub minutes: i32,
    /// Adults (the line's quantity).
    pub adults: i32,
    /// Children.
    pub children: i32,
    /// Places left on the session now.
    pub places_left: i32,
    /// Where to meet.
    pub meeting_point: String,
    /// A map link to it.
    pub map_url: Option<String>,
    /// Free cancellation until this many days before.
    pub free_cancel_days: i32,
    /// The share refunded when cancelled later.
    pub late_refund_percent: i32,
    /// When the cooperative takes deposits: what a deposit on this line is
    /// now (the rest paid on arrival).
    pub deposit: Option<Money>,
}

impl BookingLine {
    /// What of `line_total` is left to pay on arrival when the buyer pays
    /// a deposit (nothing when the experience takes no deposit).
    pub fn balance_after_deposit(&self, line_total: i64) -> i64 {
        self.deposit
            .map_or(0, |d| line_total.saturating_sub(d.amount).max(0))
    }
}

/// A line of the cart as it would be bought now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CartLine {
    /// The line.
    pub id: Uuid,
    /// The variant.
    pub variant_id: VariantId,
    /// The listing.
    pub product_id: ProductId,
    /// The listing's URL name.
    pub slug: String,
    /// The listing's title.
    pub title: I18nText,
    /// The variant's options.
    pub options: std::collections::BTreeMap<String, String>,
    /// The variant's SKU.
    pub sku: String,
    /// The first picture, small, if any.
    pub image_url: Option<String>,
    /// The seller.
    pub cooperative_id: CooperativeId,
    /// The seller's URL name.
    pub cooperative_slug: String,
    /// The seller's name.
    pub cooperative_name: String,
    /// How many.
    pub quantity: i32,
    /// Price of one at this quantity (wholesale tier applied).
    pub unit_price: Money,
    /// The list price of one, when a tier lowers it.
    pub list_price: Money,
    /// unit price × quantity.
    pub line_total: Money,
    /// Made after ordering: takes no stock.
    pub made_to_order: bool,
    /// Days to make it, for made-to-order variants.
    pub lead_time_days: Option<i32>,
    /// In stock now (made-to-order: none).
    pub stock: Option<i32>,
    /// The fewest that may be ordered.
    pub min_order_qty: i32,
    /// Weight of one, in grams.
    pub weight_grams: Option<i32>,
    /// What stops buying it as it is.
    pub problem: Option<LineProblem>,
    /// The session booked, for an experience (`quantity` is then adults).
    pub booking: Option<BookingLine>,
}

/// One cooperative's part of the cart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CartGroup {
    /// The seller.
    pub cooperative_id: CooperativeId,
    /// Its URL name.
    pub cooperative_slug: String,
    /// Its name.
    pub cooperative_name: String,
    /// Its lines.
    pub lines: Vec<CartLine>,
    /// Sum of the lines.
    pub subtotal: Money,
}

/// The cart as shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CartView {
    /// The lines by cooperative, in the order first added.
    pub groups: Vec<CartGroup>,
    /// Units in all.
    pub item_count: i64,
    /// Sum of every line.
    pub total: Money,
    /// Whether every line can be bought as it is.
    pub ready: bool,
}

impl Default for CartView {
    fn default() -> Self {
        Self {
            groups: Vec::new(),
            item_count: 0,
            total: Money::vnd(0),
            ready: false,
        }
    }
}

impl CartView {
    /// Every line.
    pub fn lines(&self) -> impl Iterator<Item = &CartLine> {
        self.groups.iter().flat_map(|g| g.lines.iter())
    }

    /// What paying deposits leaves to pay on arrival: nothing when no
    /// booking in the cart takes a deposit.
    pub fn balance_after_deposit(&self) -> i64 {
        self.lines()
            .filter_map(|l| {
                l.booking
                    .as_ref()
                    .map(|b| b.balance_after_deposit(l.line_total.amount))
            })
            .sum()
    }
}

/// The price of one at `quantity`: the tier with the largest minimum not
/// above it, else the list price.
pub fn unit_price(variant: &product_variants::Model, quantity: i32) -> i64 {
    variant
        .price_tiers
        .as_ref()
        .and_then(|tiers| {
            tiers
                .0
                .iter()
                .filter(|t| t.min_qty <= quantity)
                .max_by_key(|t| t.min_qty)
                .map(|t| t.price_vnd)
        })
        .unwrap_or(variant.price_vnd)
}

/// The small picture's URL.
pub(crate) fn thumbnail(media: &dyn MediaStore, image: &product_images::Model) -> String {
    let ext = catalog::media::extension(&image.content_type);
    media.url(
        &image.storage_key,
        &format!("{}.{ext}", catalog::ImageSize::Small.name()),
    )
}

/// A new guest token and its hash.
pub fn new_guest_token() -> Result<(String, String)> {
    accounts::tokens::generate(GUEST_TOKEN_PREFIX)
        .map_err(|_| Error::Corrupt("no randomness for a cart token".into()))
}

fn quantity_problem(field: &str, quantity: i32) -> Result<()> {
    if !(1..=MAX_QUANTITY).contains(&quantity) {
        return Err(Error::Invalid(FieldErrors::single(
            field,
            problem::number_between(1, MAX_QUANTITY),
        )));
    }
    Ok(())
}

impl Orders {
    /// The cart of `owner` (empty when there is none yet).
    pub async fn cart(&self, owner: &CartOwner) -> Result<CartView> {
        match self.find_cart(&self.db, owner).await? {
            Some(cart) => view(&self.db, self.media.as_ref(), cart.id).await,
            None => Ok(CartView {
                ready: false,
                ..CartView::default()
            }),
        }
    }

    /// Adds `quantity` of a variant (to the line already there, if any).
    pub async fn add_to_cart(
        &self,
        owner: &CartOwner,
        variant: VariantId,
        quantity: i32,
    ) -> Result<CartView> {
        quantity_problem("quantity", quantity)?;
        let txn = entity::db::begin_write(&self.db).await?;
        let row = product_variants::Entity::find_by_id(variant.uuid())
            .one(&txn)
            .await?
            .ok_or(Error::ProductUnavailable)?;
        if !buyable(&txn, row.product_id).await? {
            return Err(Error::ProductUnavailable);
        }
        let cart = self.cart_for_writing(&txn, owner).await?;
        let now = Utc::now();
        let existing = cart_items::Entity::find()
            .filter(cart_items::Column::CartId.eq(cart))
            .filter(cart_items::Column::VariantId.eq(row.id))
            .filter(cart_items::Column::SessionId.is_null())
            .one(&txn)
            .await?;
        match existing {
            Some(line) => {
                let total = line.quantity.saturating_add(quantity);
                quantity_problem("quantity", total)?;
                cart_items::Entity::update_many()
                    .col_expr(cart_items::Column::Quantity, Expr::value(total))
                    .col_expr(cart_items::Column::UpdatedAt, Expr::value(now))
                    .filter(cart_items::Column::Id.eq(line.id))
                    .exec(&txn)
                    .await?;
            }
            None => {
                room_for_a_line(&txn, cart, "variant_id").await?;
                // the minimum order quantity is the first step
                let quantity = quantity.max(row.min_order_qty).min(MAX_QUANTITY);
                cart_items::Entity::insert(cart_items::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    cart_id: Set(cart),
                    variant_id: Set(row.id),
                    quantity: Set(quantity),
                    session_id: Set(None),
                    children: Set(0),
                    created_at: Set(now),
                    updated_at: Set(now),
                })
                .exec_without_returning(&txn)
                .await?;
            }
        }
        touch(&txn, cart).await?;
        txn.commit().await?;
        view(&self.db, self.media.as_ref(), cart).await
    }

    /// Sets the quantity of a line.
    pub async fn set_cart_quantity(
        &self,
        owner: &CartOwner,
        line: Uuid,
        quantity: i32,
    ) -> Result<CartView> {
        quantity_problem("quantity", quantity)?;
        let txn = entity::db::begin_write(&self.db).await?;
        let cart = self
            .find_cart(&txn, owner)
            .await?
            .ok_or(Error::CartItemNotFound)?;
        let changed = cart_items::Entity::update_many()
            .col_expr(cart_items::Column::Quantity, Expr::value(quantity))
            .col_expr(cart_items::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(cart_items::Column::Id.eq(line))
            .filter(cart_items::Column::CartId.eq(cart.id))
            .exec(&txn)
            .await?;
        if changed.rows_affected != 1 {
            return Err(Error::CartItemNotFound);
        }
        touch(&txn, cart.id).await?;
        txn.commit().await?;
        view(&self.db, self.media.as_ref(), cart.id).await
    }

    /// Removes a line.
    pub async fn remove_from_cart(&self, owner: &CartOwner, line: Uuid) -> Result<CartView> {
        let txn = entity::db::begin_write(&self.db).await?;
        let cart = self
            .find_cart(&txn, owner)
            .await?
            .ok_or(Error::CartItemNotFound)?;
        let deleted = cart_items::Entity::delete_many()
            .filter(cart_items::Column::Id.eq(line))
            .filter(cart_items::Column::CartId.eq(cart.id))
            .exec(&txn)
            .await?;
        if deleted.rows_affected != 1 {
            return Err(Error::CartItemNotFound);
        }
        touch(&txn, cart.id).await?;
        txn.commit().await?;
        view(&self.db, self.media.as_ref(), cart.id).await
    }

    /// Moves a guest's cart into the shopper's at sign-in: quantities of the
    /// same variant add up (within the limit); the guest cart is removed.
    pub async fn merge_guest_cart(&self, guest_token: &str, user: UserId) -> Result<()> {
        let txn = entity::db::begin_write(&self.db).await?;
        let Some(guest) = self
            .find_cart(&txn, &CartOwner::Guest(guest_token.to_owned()))
            .await?
        else {
            return Ok(());
        };
        let target = self.cart_for_writing(&txn, &CartOwner::User(user)).await?;
        let mine: HashMap<(Uuid, Option<Uuid>), cart_items::Model> = cart_items::Entity::find()
            .filter(cart_items::Column::CartId.eq(target))
            .all(&txn)
            .await?
            .into_iter()
            .map(|l| ((l.variant_id, l.session_id), l))
            .collect();
        let now = Utc::now();
        for line in cart_items::Entity::find()
            .filter(cart_items::Column::CartId.eq(guest.id))
            .all(&txn)
            .await?
        {
            match mine.get(&(line.variant_id, line.session_id)) {
                Some(existing) => {
                    let total = existing
                        .quantity
                        .saturating_add(line.quantity)
                        .min(MAX_QUANTITY);
                    cart_items::Entity::update_many()
                        .col_expr(cart_items::Column::Quantity, Expr::value(total))
                        .col_expr(cart_items::Column::UpdatedAt, Expr::value(now))
                        .filter(cart_items::Column::Id.eq(existing.id))
                        .exec(&txn)
                        .await?;
                }
                None => {
                    cart_items::Entity::update_many()
                        .col_expr(cart_items::Column::CartId, Expr::value(target))
                        .col_expr(cart_items::Column::UpdatedAt, Expr::value(now))
                        .filter(cart_items::Column::Id.eq(line.id))
                        .exec(&txn)
                        .await?;
                }
            }
        }
        carts::Entity::delete_by_id(guest.id).exec(&txn).await?;
        touch(&txn, target).await?;
        txn.commit().await?;
        Ok(())
    }

    pub(crate) async fn find_cart<C: ConnectionTrait>(
        &self,
        conn: &C,
        owner: &CartOwner,
    ) -> Result<Option<carts::Model>> {
        let select = match owner {
            CartOwner::User(user) => {
                carts::Entity::find().filter(carts::Column::UserId.eq(user.uuid()))
            }
            CartOwner::Guest(token) => {
                if !token.starts_with(GUEST_TOKEN_PREFIX) || token.len() > 100 {
                    return Ok(None);
                }
                carts::Entity::find()
                    .filter(carts::Column::TokenHash.eq(accounts::tokens::hash(token)))
            }
        };
        Ok(select.one(conn).await?)
    }

    pub(crate) async fn cart_for_writing<C: ConnectionTrait>(
        &self,
        conn: &C,
        owner: &CartOwner,
    ) -> Result<Uuid> {
        if let Some(cart) = self.find_cart(conn, owner).await? {
            return Ok(cart.id);
        }
        let (token_hash, user_id) = match owner {
            CartOwner::User(user) => (None, Some(user.uuid())),
            CartOwner::Guest(token) => {
                if !token.starts_with(GUEST_TOKEN_PREFIX) || token.len() > 100 {
                    return Err(Error::Invalid(FieldErrors::single(
                        "cart",
                        problem::cart_cookie_invalid(),
                    )));
                }
                (Some(accounts::tokens::hash(token)), None)
            }
        };
        let now = Utc::now();
        let id = Uuid::now_v7();
        carts::Entity::insert(carts::ActiveModel {
            id: Set(id),
            token_hash: Set(token_hash),
            user_id: Set(user_id),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec_without_returning(conn)
        .await?;
        Ok(id)
    }
}

/// Refuses a new line in a cart that has [`MAX_LINES`], naming `field`.
pub(crate) async fn room_for_a_line<C: ConnectionTrait>(
    conn: &C,
    cart: Uuid,
    field: &str,
) -> Result<()> {
    let lines = cart_items::Entity::find()
        .filter(cart_items::Column::CartId.eq(cart))
        .count(conn)
        .await?;
    if lines >= MAX_LINES as u64 {
        return Err(Error::Invalid(FieldErrors::single(
            field,
            problem::cart_full(MAX_LINES as i64),
        )));
    }
    Ok(())
}

pub(crate) async fn touch<C: ConnectionTrait>(conn: &C, cart: Uuid) -> Result<()> {
    carts::Entity::update_many()
        .col_expr(carts::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(carts::Column::Id.eq(cart))
        .exec(conn)
        .await?;
    Ok(())
}

/// Whether a listing can be bought: published, of an approved cooperative.
pub(crate) async fn buyable<C: ConnectionTrait>(conn: &C, product: Uuid) -> Result<bool> {
    let Some(p) = products::Entity::find_by_id(product).one(conn).await? else {
        return Ok(false);
    };
    if p.status != products::Status::Published {
        return Ok(false);
    }
    Ok(cooperatives::Entity::find_by_id(p.cooperative_id)
        .one(conn)
        .await?
        .is_some_and(|c| c.status == cooperatives::Status::Approved))
}

/// The cart's lines as they would be bought now.
pub(crate) async fn view<C: ConnectionTrait>(
    conn: &C,
    media: &dyn MediaStore,
    cart: Uuid,
) -> Result<CartView> {
    let items = cart_items::Entity::find()
        .filter(cart_items::Column::CartId.eq(cart))
        .order_by_asc(cart_items::Column::CreatedAt)
        .order_by_asc(cart_items::Column::Id)
        .all(conn)
        .await?;
    let variant_ids: Vec<Uuid> = items.iter().map(|i| i.variant_id).collect();
    let variants: HashMap<Uuid, product_variants::Model> = product_variants::Entity::find()
        .filter(product_variants::Column::Id.is_in(variant_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|v| (v.id, v))
        .collect();
    let product_ids: Vec<Uuid> = variants.values().map(|v| v.product_id).collect();
    let products: HashMap<Uuid, products::Model> = products::Entity::find()
        .filter(products::Column::Id.is_in(product_ids.clone()))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let coop_ids: Vec<Uuid> = products.values().map(|p| p.cooperative_id).collect();
    let coops: HashMap<Uuid, cooperatives::Model> = cooperatives::Entity::find()
        .filter(cooperatives::Column::Id.is_in(coop_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let session_ids: Vec<Uuid> = items.iter().filter_map(|i| i.session_id).collect();
    let sessions = catalog::Catalog::sessions(conn, &session_ids).await?;
    let now = Utc::now();
    let mut images: HashMap<Uuid, product_images::Model> = HashMap::new();
    for img in product_images::Entity::find()
        .filter(product_images::Column::ProductId.is_in(product_ids))
        .filter(product_images::Column::Pending.eq(false))
        .order_by_desc(product_images::Column::Position)
        .all(conn)
        .await?
    {
        images.insert(img.product_id, img);
    }
    let mut out = CartView::default();
    let mut ready = !items.is_empty();
    for item in items {
        let Some(v) = variants.get(&item.variant_id) else {
            continue;
        };
        let Some(p) = products.get(&v.product_id) else {
            continue;
        };
        let Some(c) = coops.get(&p.cooperative_id) else {
            continue;
        };
        let unavailable =
            p.status != products::Status::Published || c.status != cooperatives::Status::Approved;
        if let Some(session) = item.session_id {
            let mut line = booking_line(&item, v, p, c, sessions.get(&session), unavailable, now);
            line.image_url = images.get(&p.id).map(|i| thumbnail(media, i));
            ready &= line.problem.is_none();
            out.add(line, i64::from(item.quantity + item.children));
            continue;
        }
        let unit = unit_price(v, item.quantity);
        let problem = if unavailable {
            Some(LineProblem::Unavailable)
        } else if !v.made_to_order && v.stock == 0 {
            Some(LineProblem::SoldOut)
        } else if !v.made_to_order && v.stock < item.quantity {
            Some(LineProblem::NotEnoughStock { available: v.stock })
        } else if item.quantity < v.min_order_qty {
            Some(LineProblem::BelowMinimum {
                min: v.min_order_qty,
            })
        } else {
            None
        };
        ready &= problem.is_none();
        let line = CartLine {
            id: item.id,
            variant_id: VariantId(v.id),
            product_id: ProductId(p.id),
            slug: p.slug.clone(),
            title: p.title.clone(),
            options: Options::clone(&v.options).0,
            sku: v.sku.clone(),
            image_url: images.get(&p.id).map(|i| thumbnail(media, i)),
            cooperative_id: CooperativeId(c.id),
            cooperative_slug: c.slug.clone(),
            cooperative_name: c.name.clone(),
            quantity: item.quantity,
            unit_price: Money::vnd(unit),
            list_price: Money::vnd(v.price_vnd),
            line_total: Money::vnd(unit.saturating_mul(i64::from(item.quantity))),
            made_to_order: v.made_to_order,
            lead_time_days: v.lead_time_days,
            stock: (!v.made_to_order).then_some(v.stock),
            min_order_qty: v.min_order_qty,
            weight_grams: v.weight_grams,
            problem,
            booking: None,
        };
        let units = i64::from(line.quantity);
        out.add(line, units);
    }
    out.ready = ready;
    Ok(out)
}

impl CartView {
    /// Adds `line` to its cooperative's group, counting `units`.
    fn add(&mut self, line: CartLine, units: i64) {
        self.item_count += units;
        self.total = Money::vnd(self.total.amount.saturating_add(line.line_total.amount));
        match self
            .groups
            .iter_mut()
            .find(|g| g.cooperative_id == line.cooperative_id)
        {
            Some(group) => {
                group.subtotal =
                    Money::vnd(group.subtotal.amount.saturating_add(line.line_total.amount));
                group.lines.push(line);
            }
            None => self.groups.push(CartGroup {
                cooperative_id: line.cooperative_id,
                cooperative_slug: line.cooperative_slug.clone(),
                cooperative_name: line.cooperative_name.clone(),
                subtotal: line.line_total,
                lines: vec![line],
            }),
        }
    }
}

/// A line booking a session of an experience, priced and checked now.
fn booking_line(
    item: &cart_items::Model,
    v: &product_variants::Model,
    p: &products::Model,
    c: &cooperatives::Model,
    session: Option<&(
        catalog::experiences::SessionView,
        entity::experiences::Model,
    )>,
    unavailable: bool,
    now: chrono::DateTime<Utc>,
) -> CartLine {
    let people = item.quantity.saturating_add(item.children);
    let (total, problem, booking) = match session {
        None => (0, Some(LineProblem::Unavailable), None),
        Some((s, terms)) => {
            let total = catalog::experiences::price_for(
                terms.per_group,
                v.price_vnd,
                terms.child_price_vnd,
                item.quantity,
                item.children,
            );
            let problem = if unavailable {
                Some(LineProblem::Unavailable)
            } else if s.closed || s.starts_at <= now {
                Some(LineProblem::SessionClosed)
            } else if s.places_left < people {
                Some(LineProblem::NotEnoughPlaces {
                    available: s.places_left,
                })
            } else {
                None
            };
            let booking = BookingLine {
                session_id: s.id,
                starts_at: s.starts_at,
                minutes: terms.minutes,
                adults: item.quantity,
                children: item.children,
                places_left: s.places_left,
                meeting_point: terms.meeting_point.clone(),
                map_url: terms.map_url.clone(),
                free_cancel_days: terms.free_cancel_days,
                late_refund_percent: terms.late_refund_percent,
                deposit: terms
                    .deposit_percent
                    .map(|p| Money::vnd(catalog::experiences::deposit_split(total, p).0)),
            };
            (total, problem, Some(booking))
        }
    };
    CartLine {
        id: item.id,
        variant_id: VariantId(v.id),
        product_id: ProductId(p.id),
        slug: p.slug.clone(),
        title: p.title.clone(),
        options: Options::clone(&v.options).0,
        sku: v.sku.clone(),
        image_url: None,
        cooperative_id: CooperativeId(c.id),
        cooperative_slug: c.slug.clone(),
        cooperative_name: c.name.clone(),
        quantity: item.quantity,
        unit_price: Money::vnd(v.price_vnd),
        list_price: Money::vnd(v.price_vnd),
        line_total: Money::vnd(total),
        made_to_order: false,
        lead_time_days: None,
        stock: None,
        min_order_qty: 1,
        weight_grams: None,
        problem,
        booking,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use entity::json::{PriceTier, PriceTiers};

    fn variant(price: i64, tiers: &[(i32, i64)]) -> product_variants::Model {
        let now = Utc::now();
        product_variants::Model {
            id: Uuid::now_v7(),
            product_id: Uuid::now_v7(),
            cooperative_id: Uuid::now_v7(),
            sku: "X".into(),
            options: Options::default(),
            price_vnd: price,
            compare_at_vnd: None,
            stock: 10,
            weight_grams: None,
            length_mm: None,
            width_mm: None,
            height_mm: None,
            hs_code: None,
            made_to_order: false,
            lead_time_days: None,
            min_order_qty: 1,
            position: 0,
            price_tiers: (!tiers.is_empty()).then(|| {
                PriceTiers(
                    tiers
                        .iter()
                        .map(|(q, p)| PriceTier {
                            min_qty: *q,
                            price_vnd: *p,
                        })
                        .collect(),
                )
            }),
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn wholesale_tiers_apply_from_their_minimum_quantity() {
        let v = variant(350_000, &[(10, 320_000), (50, 300_000)]);
        assert_eq!(unit_price(&v, 1), 350_000);
        assert_eq!(unit_price(&v, 9), 350_000);
        assert_eq!(unit_price(&v, 10), 320_000);
        assert_eq!(unit_price(&v, 49), 320_000);
        assert_eq!(unit_price(&v, 500), 300_000);
        assert_eq!(unit_price(&variant(80_000, &[]), 100), 80_000);
    }
}
