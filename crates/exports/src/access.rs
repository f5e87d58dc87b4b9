//! Who may see and do what on a request for quote and its export order.

use accounts::{Action, Actor, Denied, MemberRole, authorize};
use entity::quote_requests;
use kernel::CooperativeId;

use crate::{Error, Result};

/// The side someone is on, for a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The importer who asked.
    Buyer,
    /// A member of the cooperative asked.
    Cooperative,
    /// Union staff.
    Staff,
}

impl Side {
    /// Its name on messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Buyer => "buyer",
            Self::Cooperative => "cooperative",
            Self::Staff => "staff",
        }
    }
}

/// Which side `actor` is on for `request`; anyone else is told there is no
/// such request.
pub fn side_of(actor: Option<&Actor>, request: &quote_requests::Model) -> Result<Side> {
    let actor = actor.ok_or(Denied::NotSignedIn)?;
    if actor.token_scope.is_none() && actor.user_id.uuid() == request.buyer_id {
        return Ok(Side::Buyer);
    }
    let coop = CooperativeId(request.cooperative_id);
    if actor.role_in(coop).is_some() {
        return Ok(Side::Cooperative);
    }
    if actor.is_staff() {
        return Ok(Side::Staff);
    }
    Err(Error::RequestNotFound)
}

/// That `actor` may answer for the cooperative of `request` (quote, move
/// its order, upload documents): a manager or owner.
pub fn may_answer(actor: &Actor, request: &quote_requests::Model) -> Result<()> {
    match authorize(
        Some(actor),
        Action::ManageOrders(CooperativeId(request.cooperative_id)),
    ) {
        Ok(()) => Ok(()),
        Err(Denied::NotFound) => Err(Error::RequestNotFound),
        Err(e) => Err(e.into()),
    }
}

/// That `actor` may quote for the cooperative of `request`: its managers
/// and owner (prices are theirs to set).
pub fn may_quote(actor: &Actor, request: &quote_requests::Model) -> Result<()> {
    match actor.role_in(CooperativeId(request.cooperative_id)) {
        Some(role) if role >= MemberRole::Manager => Ok(()),
        Some(_) => Err(Denied::Forbidden.into()),
        None => Err(Error::RequestNotFound),
    }
}
