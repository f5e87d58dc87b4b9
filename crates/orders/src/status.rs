//! An order's life as two facts. Its fulfilment is a state machine:
//! pending payment → confirmed → packed → shipped → delivered → completed,
//! or cancelled — by the buyer before packing, by the cooperative with a
//! reason. Every other step is refused. Its payment (unpaid, paid, partly
//! or wholly refunded, held for the buyer) moves on its own, and decides
//! whether the order may be prepared: see [`fulfilment_hold`].

use kernel::{Code, ErrorCode, ErrorKind};
use serde::{Deserialize, Serialize};

/// Where an order is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// Waiting for the money (bank transfer, card).
    PendingPayment,
    /// Paid, or cash on delivery: the cooperative may prepare it.
    Confirmed,
    /// Packed and waiting for the carrier.
    Packed,
    /// With the carrier.
    Shipped,
    /// Received by the buyer.
    Delivered,
    /// Closed.
    Completed,
    /// Called off.
    Cancelled,
}

/// Who asks for a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    /// The person who bought.
    Buyer,
    /// A member of the selling cooperative.
    Cooperative,
    /// The market itself (payment received, time-outs).
    System,
    /// Union staff, letting an unpaid order be prepared (with a reason).
    Staff,
}

/// A step the state machine refuses.
#[derive(Debug, thiserror::Error, PartialEq, Eq, Clone, Copy)]
pub enum TransitionError {
    /// The step is not allowed from where the order is, or not for this actor.
    #[error("an order cannot go from {from:?} to {to:?}")]
    InvalidTransition {
        /// Where it is.
        from: OrderStatus,
        /// Where it was asked to go.
        to: OrderStatus,
    },
    /// A cooperative cancelling must say why.
    #[error("a reason is required")]
    ReasonRequired,
}

/// A state machine result.
pub type Result<T, E = TransitionError> = std::result::Result<T, E>;

impl ErrorCode for TransitionError {
    fn code(&self) -> Code {
        match self {
            Self::InvalidTransition { .. } => Code::new("invalid_transition", ErrorKind::Conflict),
            Self::ReasonRequired => Code::VALIDATION_FAILED,
        }
    }
}

impl OrderStatus {
    /// Checks a step: `Ok(())` when `actor` may move the order from `self`
    /// to `to` (with `reason` where one is required).
    pub fn transition(self, to: OrderStatus, actor: Actor, reason: Option<&str>) -> Result<()> {
        use Actor::*;
        use OrderStatus::*;
        let allowed = matches!(
            (self, to, actor),
            (PendingPayment, Confirmed, System | Staff)
                | (Confirmed, Packed, Cooperative)
                | (Packed, Shipped, Cooperative)
                | (Shipped, Delivered, Cooperative | System)
                | (Delivered, Completed, Buyer | Cooperative | System)
                // an order of bookings only ships nothing: the market
                // completes it once every booking has taken place
                | (Confirmed, Completed, System)
                | (PendingPayment | Confirmed, Cancelled, Buyer | System)
                | (PendingPayment | Confirmed | Packed, Cancelled, Cooperative)
        );
        if !allowed {
            return Err(TransitionError::InvalidTransition { from: self, to });
        }
        let must_say_why = (to == Cancelled && actor == Cooperative) || actor == Staff;
        if must_say_why && reason.is_none_or(|r| r.trim().is_empty()) {
            return Err(TransitionError::ReasonRequired);
        }
        Ok(())
    }

    /// Every status, in the order of an order's life.
    pub const ALL: [OrderStatus; 7] = [
        Self::PendingPayment,
        Self::Confirmed,
        Self::Packed,
        Self::Shipped,
        Self::Delivered,
        Self::Completed,
        Self::Cancelled,
    ];

    /// The stored and API name (`pending_payment`...).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PendingPayment => "pending_payment",
            Self::Confirmed => "confirmed",
            Self::Packed => "packed",
            Self::Shipped => "shipped",
            Self::Delivered => "delivered",
            Self::Completed => "completed",
            Self::Cancelled => "cancelled",
        }
    }

    /// The status named `name`.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// Whether the buyer may still cancel.
    pub fn buyer_may_cancel(self) -> bool {
        matches!(self, Self::PendingPayment | Self::Confirmed)
    }

    /// Whether nothing more can happen to the order.
    pub fn is_final(self) -> bool {
        matches!(self, Self::Completed | Self::Cancelled)
    }
}

/// Where an order's money is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    /// Nothing received yet (cash on delivery: to collect).
    Unpaid,
    /// Received and booked as the cooperative's sale.
    Paid,
    /// Paid, and part of it given back.
    PartiallyRefunded,
    /// Paid, and all of it given back.
    Refunded,
    /// Arrived after the order was cancelled: held for the buyer, to give
    /// back.
    Held,
}

impl PaymentStatus {
    /// Every status.
    pub const ALL: [PaymentStatus; 5] = [
        Self::Unpaid,
        Self::Paid,
        Self::PartiallyRefunded,
        Self::Refunded,
        Self::Held,
    ];

    /// The stored and API name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unpaid => "unpaid",
            Self::Paid => "paid",
            Self::PartiallyRefunded => "partially_refunded",
            Self::Refunded => "refunded",
            Self::Held => "held",
        }
    }

    /// The status named `name`.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// Whether the buyer's money is (at least partly) the cooperative's.
    pub fn is_paid(self) -> bool {
        matches!(self, Self::Paid | Self::PartiallyRefunded)
    }
}

/// Why an order may not be packed or shipped yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FulfilmentHold {
    /// Paid by bank transfer, not yet received: the union confirms it when
    /// it reaches its account.
    AwaitingTransfer,
    /// Paid by card, not yet paid.
    AwaitingCard,
    /// Its money was given back (or is held for the buyer): nothing to
    /// send.
    MoneyReturned,
}

impl FulfilmentHold {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AwaitingTransfer => "awaiting_transfer",
            Self::AwaitingCard => "awaiting_card",
            Self::MoneyReturned => "money_returned",
        }
    }
}

/// What stops an order from being packed or shipped, if anything: cash on
/// delivery ships before it is paid; a transfer or a card must be paid
/// first, unless union staff released the order.
pub fn fulfilment_hold(
    method: &str,
    payment: PaymentStatus,
    released: bool,
) -> Option<FulfilmentHold> {
    match payment {
        PaymentStatus::Refunded | PaymentStatus::Held => Some(FulfilmentHold::MoneyReturned),
        PaymentStatus::Paid | PaymentStatus::PartiallyRefunded => None,
        PaymentStatus::Unpaid if method == "cod" || released => None,
        PaymentStatus::Unpaid if method == "card" => Some(FulfilmentHold::AwaitingCard),
        PaymentStatus::Unpaid => Some(FulfilmentHold::AwaitingTransfer),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Actor::*;
    use OrderStatus::*;

    const ALL: [OrderStatus; 7] = [
        PendingPayment,
        Confirmed,
        Packed,
        Shipped,
        Delivered,
        Completed,
        Cancelled,
    ];

    #[test]
    fn the_happy_path_runs_from_payment_to_completion() {
        let steps = [
            (PendingPayment, Confirmed, System),
            (Confirmed, Packed, Cooperative),
            (Packed, Shipped, Cooperative),
            (Shipped, Delivered, Cooperative),
            (Delivered, Completed, Buyer),
        ];
        for (from, to, actor) in steps {
            assert_eq!(
                from.transition(to, actor, None),
                Ok(()),
                "{from:?} → {to:?}"
            );
        }
    }

    #[test]
    fn a_buyer_may_cancel_only_before_packing() {
        assert!(Confirmed.transition(Cancelled, Buyer, None).is_ok());
        let err = Packed.transition(Cancelled, Buyer, None).unwrap_err();
        assert_eq!(err.code().name(), "invalid_transition");
    }

    #[test]
    fn a_cooperative_cancelling_must_give_a_reason() {
        assert_eq!(
            Packed.transition(Cancelled, Cooperative, None),
            Err(TransitionError::ReasonRequired)
        );
        assert_eq!(
            Packed.transition(Cancelled, Cooperative, Some("  ")),
            Err(TransitionError::ReasonRequired)
        );
        assert!(
            Packed
                .transition(Cancelled, Cooperative, Some("hết hàng"))
                .is_ok()
        );
    }

    #[test]
    fn only_the_market_or_union_staff_with_a_reason_confirm_an_unpaid_order() {
        assert!(
            PendingPayment
                .transition(Confirmed, Cooperative, None)
                .is_err()
        );
        assert_eq!(
            PendingPayment.transition(Confirmed, Staff, None),
            Err(TransitionError::ReasonRequired)
        );
        assert!(
            PendingPayment
                .transition(Confirmed, Staff, Some("khách đã chuyển, ngân hàng chậm"))
                .is_ok()
        );
    }

    #[test]
    fn cash_on_delivery_ships_unpaid_and_a_transfer_waits_for_its_money() {
        use PaymentStatus::*;
        assert_eq!(fulfilment_hold("cod", Unpaid, false), None);
        assert_eq!(
            fulfilment_hold("bank_transfer", Unpaid, false),
            Some(FulfilmentHold::AwaitingTransfer)
        );
        assert_eq!(
            fulfilment_hold("card", Unpaid, false),
            Some(FulfilmentHold::AwaitingCard)
        );
        assert_eq!(fulfilment_hold("bank_transfer", Unpaid, true), None);
        assert_eq!(fulfilment_hold("bank_transfer", Paid, false), None);
        assert_eq!(fulfilment_hold("card", PartiallyRefunded, false), None);
        assert_eq!(
            fulfilment_hold("cod", Refunded, true),
            Some(FulfilmentHold::MoneyReturned)
        );
        for s in PaymentStatus::ALL {
            assert_eq!(PaymentStatus::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn nothing_leaves_a_final_state_and_nothing_skips_a_step() {
        for from in ALL.into_iter().filter(|s| s.is_final()) {
            for to in ALL {
                for actor in [Buyer, Cooperative, System, Staff] {
                    assert!(
                        from.transition(to, actor, Some("r")).is_err(),
                        "{from:?} → {to:?}"
                    );
                }
            }
        }
        assert!(Confirmed.transition(Shipped, Cooperative, None).is_err());
        // only the market completes a confirmed order (one of bookings)
        assert!(Confirmed.transition(Completed, System, None).is_ok());
        for actor in [Buyer, Cooperative, Staff] {
            assert!(Confirmed.transition(Completed, actor, Some("r")).is_err());
        }
        assert!(PendingPayment.transition(Delivered, System, None).is_err());
        assert!(Shipped.transition(Shipped, Cooperative, None).is_err());
    }
}
