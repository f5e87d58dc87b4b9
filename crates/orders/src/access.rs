//! How a buyer shows that a checkout and its orders are theirs: a
//! signed-in buyer by their account; a guest by an access token — given
//! with the checkout's receipt, and again by each e-mail link and each
//! successful order look-up — which the shop keeps in an HttpOnly cookie,
//! so that no e-mail address travels in a URL (where it would end up in
//! browser history and server logs). The database keeps only the token's
//! SHA-256. The API still takes the order's e-mail address as a proof, for
//! clients written before tokens.

use accounts::Actor;
use chrono::Utc;
use entity::{checkout_access, checkouts};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::{Error, Orders, Result};

/// Prefix of checkout access tokens.
const PREFIX: &str = "hta_";

/// Most tokens a proof carries (a browser's cookie keeps the newest).
pub const MAX_TOKENS: usize = 20;

/// What a buyer shows.
#[derive(Clone, Copy, Debug, Default)]
pub struct BuyerProof<'a> {
    /// The signed-in person.
    pub actor: Option<&'a Actor>,
    /// The order's e-mail address (API clients; never put in page URLs).
    pub email: Option<&'a str>,
    /// Access tokens (the shop's cookie, or the API's `X-Order-Access`).
    pub tokens: &'a [String],
}

impl<'a> BuyerProof<'a> {
    /// A signed-in person or a guest's tokens.
    pub fn new(actor: Option<&'a Actor>, tokens: &'a [String]) -> Self {
        Self {
            actor,
            email: None,
            tokens,
        }
    }

    /// With the order's e-mail address as well.
    pub fn with_email(mut self, email: Option<&'a str>) -> Self {
        self.email = email;
        self
    }
}

/// Issues an access token for `checkout` through `conn` (the caller's
/// transaction): returns the token to hand to the buyer.
pub(crate) async fn grant<C: ConnectionTrait>(conn: &C, checkout: Uuid) -> Result<String> {
    let (token, hash) = accounts::tokens::generate(PREFIX)
        .map_err(|_| Error::Corrupt("no randomness for an access token".into()))?;
    checkout_access::Entity::insert(checkout_access::ActiveModel {
        token_hash: Set(hash),
        checkout_id: Set(checkout),
        created_at: Set(Utc::now()),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(token)
}

/// Whether `proof` opens `checkout` (bought by `buyer`, with `email`).
pub(crate) async fn opens<C: ConnectionTrait>(
    conn: &C,
    proof: &BuyerProof<'_>,
    checkout: Uuid,
    buyer: Option<Uuid>,
    email: &str,
) -> Result<bool> {
    let by_email = || {
        proof
            .email
            .is_some_and(|e| e.trim().eq_ignore_ascii_case(email))
    };
    match (proof.actor, buyer) {
        (Some(actor), Some(buyer)) if actor.user_id.uuid() == buyer => return Ok(true),
        // another account's order: only a token opens it
        (Some(_), Some(_)) => {}
        _ if by_email() => return Ok(true),
        _ => {}
    }
    let hashes: Vec<String> = proof
        .tokens
        .iter()
        .take(MAX_TOKENS)
        .filter(|t| t.starts_with(PREFIX) && t.len() < 100)
        .map(|t| accounts::tokens::hash(t))
        .collect();
    if hashes.is_empty() {
        return Ok(false);
    }
    Ok(checkout_access::Entity::find()
        .filter(checkout_access::Column::TokenHash.is_in(hashes))
        .filter(checkout_access::Column::CheckoutId.eq(checkout))
        .one(conn)
        .await?
        .is_some())
}

impl Orders {
    /// A link into the buyer's side of the shop for an e-mail: a guest's
    /// link carries a fresh access token (the page keeps it in a cookie and
    /// drops it from the address).
    pub(crate) async fn buyer_link<C: ConnectionTrait>(
        &self,
        conn: &C,
        path: &str,
        checkout: Uuid,
        buyer: Option<Uuid>,
    ) -> Result<String> {
        if buyer.is_some() {
            return Ok(self.url(path));
        }
        let token = grant(conn, checkout).await?;
        Ok(self.url(&format!("{path}?access={token}")))
    }

    /// Whether `proof` opens `checkout`.
    pub(crate) async fn proves_checkout(
        &self,
        proof: &BuyerProof<'_>,
        checkout: Uuid,
    ) -> Result<bool> {
        let Some(row) = checkouts::Entity::find_by_id(checkout)
            .one(&self.db)
            .await?
        else {
            return Ok(false);
        };
        opens(&self.db, proof, checkout, row.buyer_id, &row.email).await
    }
}

/// What a guest asks to open with the order's e-mail address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccessTarget {
    /// A checkout (its confirmation page).
    Checkout(Uuid),
    /// An order.
    Order(Uuid),
}

impl Orders {
    /// A guest proves a checkout or order theirs with its e-mail address
    /// (typed into a form, never put in a URL): a fresh access token for
    /// its checkout. Another address is "not found", as for a stranger.
    pub async fn access_by_email(&self, target: AccessTarget, email: &str) -> Result<String> {
        let email = email.trim().to_lowercase();
        let checkout = match target {
            AccessTarget::Checkout(id) => checkouts::Entity::find_by_id(id)
                .one(&self.db)
                .await?
                .filter(|c| c.email.eq_ignore_ascii_case(&email))
                .map(|c| c.id),
            AccessTarget::Order(id) => entity::orders::Entity::find_by_id(id)
                .one(&self.db)
                .await?
                .filter(|o| o.buyer_email.eq_ignore_ascii_case(&email))
                .map(|o| o.checkout_id),
        }
        .ok_or(Error::OrderNotFound)?;
        grant(&self.db, checkout).await
    }
}
