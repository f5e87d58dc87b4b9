//! An order's life as a state machine: pending payment → confirmed →
//! packed → shipped → delivered → completed, or cancelled — by the buyer
//! before packing, by the cooperative with a reason. Every other step is
//! refused.

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
            (PendingPayment, Confirmed, System | Cooperative)
                | (Confirmed, Packed, Cooperative)
                | (Packed, Shipped, Cooperative)
                | (Shipped, Delivered, Cooperative | System)
                | (Delivered, Completed, Buyer | Cooperative | System)
                | (PendingPayment | Confirmed, Cancelled, Buyer | System)
                | (PendingPayment | Confirmed | Packed, Cancelled, Cooperative)
        );
        if !allowed {
            return Err(TransitionError::InvalidTransition { from: self, to });
        }
        if to == Cancelled && actor == Cooperative && reason.is_none_or(|r| r.trim().is_empty()) {
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
    fn nothing_leaves_a_final_state_and_nothing_skips_a_step() {
        for from in ALL.into_iter().filter(|s| s.is_final()) {
            for to in ALL {
                for actor in [Buyer, Cooperative, System] {
                    assert!(
                        from.transition(to, actor, Some("r")).is_err(),
                        "{from:?} → {to:?}"
                    );
                }
            }
        }
        assert!(Confirmed.transition(Shipped, Cooperative, None).is_err());
        assert!(PendingPayment.transition(Delivered, System, None).is_err());
        assert!(Shipped.transition(Shipped, Cooperative, None).is_err());
    }
}
