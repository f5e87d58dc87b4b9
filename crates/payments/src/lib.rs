//! Payments: how a checkout is paid (cash on delivery, bank transfer with
//! VietQR, card through Stripe) and the ledger of what the market owes each
//! cooperative.
//!
//! The payment methods and which deliveries each may pay for (cash on
//! delivery only inside Vietnam); [`start`], the seam checkout calls;
//! [`vietqr`] codes for bank transfers and [`statement`] for reading the
//! bank's statements; [`stripe`] for cards; and [`ledger`], the
//! double-entry record of what the market owes each cooperative.

use kernel::{Code, ErrorCode, ErrorKind};
use serde::{Deserialize, Serialize};

/// How a shopper pays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    /// Cash to the courier on delivery.
    Cod,
    /// Bank transfer, with a VietQR code to scan.
    BankTransfer,
    /// Card, through Stripe.
    Card,
}

impl PaymentMethod {
    /// The snake_case name used in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Cod => "cod",
            Self::BankTransfer => "bank_transfer",
            Self::Card => "card",
        }
    }
}

/// Where an order is delivered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Destination {
    /// Inside Vietnam.
    Domestic,
    /// Abroad (export buyers).
    International,
}

/// The methods the market has switched on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EnabledMethods {
    /// Cash on delivery.
    pub cod: bool,
    /// Bank transfer.
    pub bank_transfer: bool,
    /// Card (needs Stripe keys).
    pub card: bool,
}

pub mod ledger;
mod start;
pub mod statement;
pub mod stripe;
pub use start::{StartedPayment, start};
pub mod vietqr;

impl PaymentMethod {
    /// The method named `name` (`cod`, `bank_transfer`, `card`).
    pub fn parse(name: &str) -> Option<Self> {
        [Self::Cod, Self::BankTransfer, Self::Card]
            .into_iter()
            .find(|m| m.as_str() == name)
    }
}

/// A payments error.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The market does not offer this method now.
    #[error("{} is not offered", .0.as_str())]
    MethodDisabled(PaymentMethod),
    /// This method cannot pay for this delivery (cash on delivery abroad).
    #[error("{} cannot pay for a delivery abroad", .0.as_str())]
    MethodNotForDestination(PaymentMethod),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
    /// The system's random generator failed.
    #[error("no randomness available")]
    Random,
    /// A ledger transaction whose legs do not sum to zero (a bug).
    #[error("ledger transaction {0} does not balance")]
    Unbalanced(String),
    /// Stored data that cannot be read back.
    #[error("corrupt ledger data: {0}")]
    Corrupt(String),
}

/// A payments result.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl ErrorCode for Error {
    fn code(&self) -> Code {
        match self {
            Self::MethodDisabled(_) => Code::new("payment_method_disabled", ErrorKind::Invalid),
            Self::MethodNotForDestination(_) => {
                Code::new("payment_method_not_available", ErrorKind::Invalid)
            }
            Self::Db(e) => entity::db_error_code(e),
            Self::Random | Self::Unbalanced(_) | Self::Corrupt(_) => Code::INTERNAL,
        }
    }
}

impl EnabledMethods {
    /// Checks that `method` may pay for a delivery to `destination`.
    pub fn check(self, method: PaymentMethod, destination: Destination) -> Result<()> {
        let enabled = match method {
            PaymentMethod::Cod => self.cod,
            PaymentMethod::BankTransfer => self.bank_transfer,
            PaymentMethod::Card => self.card,
        };
        if !enabled {
            return Err(Error::MethodDisabled(method));
        }
        if method == PaymentMethod::Cod && destination == Destination::International {
            return Err(Error::MethodNotForDestination(method));
        }
        Ok(())
    }

    /// The methods a shopper may choose for a delivery to `destination`.
    pub fn available(self, destination: Destination) -> Vec<PaymentMethod> {
        [
            PaymentMethod::Cod,
            PaymentMethod::BankTransfer,
            PaymentMethod::Card,
        ]
        .into_iter()
        .filter(|m| self.check(*m, destination).is_ok())
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: EnabledMethods = EnabledMethods {
        cod: true,
        bank_transfer: true,
        card: true,
    };

    #[test]
    fn cash_on_delivery_is_refused_abroad() {
        assert!(ALL.check(PaymentMethod::Cod, Destination::Domestic).is_ok());
        let err = ALL
            .check(PaymentMethod::Cod, Destination::International)
            .unwrap_err();
        assert_eq!(err.code().name(), "payment_method_not_available");
        assert_eq!(
            ALL.available(Destination::International),
            vec![PaymentMethod::BankTransfer, PaymentMethod::Card]
        );
    }

    #[test]
    fn a_disabled_method_is_refused() {
        let embedded = EnabledMethods { card: false, ..ALL };
        assert!(matches!(
            embedded.check(PaymentMethod::Card, Destination::Domestic),
            Err(Error::MethodDisabled(PaymentMethod::Card))
        ));
        assert_eq!(
            embedded.available(Destination::Domestic),
            vec![PaymentMethod::Cod, PaymentMethod::BankTransfer]
        );
    }

    #[test]
    fn methods_are_named_in_snake_case() {
        assert_eq!(
            serde_json::to_value(PaymentMethod::BankTransfer).unwrap(),
            "bank_transfer"
        );
    }
}
