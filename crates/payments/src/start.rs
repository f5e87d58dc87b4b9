//! The seam checkout calls: start the payment of a checkout.
//!
//! Cash on delivery is settled by the cooperatives when the courier brings
//! the cash; a bank transfer waits for someone to confirm the money arrived
//! (the memo carries the reference); cards come with the Stripe issue.

use chrono::Utc;
use entity::payments;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use uuid::Uuid;

use crate::{PaymentMethod, Result};

/// A payment just started.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct StartedPayment {
    /// Its id.
    pub id: Uuid,
    /// How.
    pub method: PaymentMethod,
    /// `pending` until the money is in (cash on delivery stays pending
    /// until the cash is recorded).
    pub status: String,
    /// The amount in đồng.
    pub amount_vnd: i64,
    /// What a bank transfer's memo must carry, e.g. `HT7K2M9Q4X`.
    pub reference: String,
}

/// Characters of references: no 0/O, 1/I/L, so they survive being typed
/// into a banking app.
pub(crate) const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// A new payment reference: `HT` and 8 random characters.
pub fn new_reference() -> Result<String> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).map_err(|_| crate::Error::Random)?;
    let mut out = String::from("HT");
    for b in bytes {
        out.push(char::from(ALPHABET[usize::from(b) % ALPHABET.len()]));
    }
    Ok(out)
}

/// Starts the payment of a checkout through `conn` (the checkout's
/// transaction); calls no outside service.
pub async fn start<C: ConnectionTrait>(
    conn: &C,
    checkout_id: Uuid,
    method: PaymentMethod,
    amount_vnd: i64,
) -> Result<StartedPayment> {
    let now = Utc::now();
    let id = Uuid::now_v7();
    let reference = new_reference()?;
    payments::Entity::insert(payments::ActiveModel {
        id: Set(id),
        checkout_id: Set(checkout_id),
        method: Set(method.as_str().to_owned()),
        status: Set("pending".to_owned()),
        amount_vnd: Set(amount_vnd),
        reference: Set(reference.clone()),
        provider_ref: Set(None),
        currency: Set(None),
        amount_minor: Set(None),
        failure: Set(None),
        paid_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(StartedPayment {
        id,
        method,
        status: "pending".to_owned(),
        amount_vnd,
        reference,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_unambiguous_and_distinct() {
        let a = new_reference().unwrap();
        let b = new_reference().unwrap();
        assert_eq!(a.len(), 10);
        assert!(a.starts_with("HT"));
        assert!(!a[2..].contains(['0', 'O', '1', 'I', 'L']));
        assert_ne!(a, b);
    }
}
