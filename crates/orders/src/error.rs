//! What can go wrong with carts, checkouts and orders.

use kernel::{Code, ErrorCode, ErrorKind, FieldErrors};

use crate::{FulfilmentHold, OrderStatus};

/// An orders error.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input that does not hold, with the fields named.
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// No such order, or not the asker's to see.
    #[error("no such order")]
    OrderNotFound,
    /// No such line in the cart.
    #[error("no such cart line")]
    CartItemNotFound,
    /// The variant to add does not exist or cannot be bought.
    #[error("this product cannot be bought now")]
    ProductUnavailable,
    /// The cart has nothing to check out.
    #[error("the cart is empty")]
    CartEmpty,
    /// Some lines can no longer be bought (unpublished, or a seller
    /// suspended): the cart shows which.
    #[error("some products in the cart can no longer be bought: {0}")]
    CartChanged(String),
    /// Not enough stock for a line.
    #[error("only {available} left of {sku}")]
    InsufficientStock {
        /// The variant.
        sku: String,
        /// What is left.
        available: i32,
    },
    /// The step is not allowed from where the order is.
    #[error("an order cannot go from {} to {}", .from.as_str(), .to.as_str())]
    InvalidTransition {
        /// Where it is.
        from: OrderStatus,
        /// Where it was asked to go.
        to: OrderStatus,
    },
    /// A bank-transfer or card order is not prepared before it is paid.
    #[error("{}", payment_required(*.0))]
    PaymentRequired(FulfilmentHold),
    /// A cooperative cannot confirm a bank transfer: it reaches the
    /// union's account, and union staff confirm it.
    #[error(
        "this payment is a bank transfer to the Cooperative Union's account: union staff confirm it when it arrives"
    )]
    ConfirmedByUnion,
    /// No such money held for a buyer.
    #[error("no such held money")]
    HeldNotFound,
    /// The held money was applied to its payment: nothing to give back.
    #[error("this money was applied to its payment; there is nothing to give back")]
    HeldResolved,
    /// The order changed meanwhile.
    #[error("the order changed meanwhile; reload it")]
    Conflict,
    /// The same idempotency key came with another request.
    #[error("this Idempotency-Key was used for another request")]
    IdempotencyKeyReused,
    /// The first request with this key is still being answered.
    #[error("a request with this Idempotency-Key is still in progress; retry shortly")]
    IdempotencyInProgress,
    /// The payment method cannot be used.
    #[error(transparent)]
    Payment(#[from] payments::Error),
    /// Not allowed.
    #[error(transparent)]
    Denied(#[from] accounts::Denied),
    /// An e-mail could not be queued.
    #[error(transparent)]
    Notify(#[from] notify::Error),
    /// The search index job could not be queued.
    #[error(transparent)]
    Catalog(#[from] catalog::Error),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
    /// A stored value could not be read.
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
    /// No such payment, or not the asker's.
    #[error("no such payment")]
    PaymentNotFound,
    /// No such cooperative, or not the asker's to see.
    #[error("no such cooperative")]
    CooperativeNotFound,
    /// No such payout batch.
    #[error("no such payout batch")]
    PayoutBatchNotFound,
    /// The order has not been paid (or was refunded in full).
    #[error("this order has no payment left to refund")]
    NotPaid,
    /// A webhook whose signature does not verify.
    #[error("the Stripe-Signature does not verify: {0}")]
    BadSignature(payments::stripe::SignatureError),
    /// A webhook body that is not a Stripe event.
    #[error("not a Stripe event: {0}")]
    BadEvent(String),
    /// The payment provider refused (e.g. a refund of a refunded charge).
    #[error("the payment provider refused: {0}")]
    Provider(String),
    /// The payment provider could not be reached.
    #[error("the payment provider could not be reached: {0}")]
    ProviderUnavailable(String),
    /// No such review, or no such line on the buyer's order.
    #[error("no such review")]
    ReviewNotFound,
    /// The order was not delivered yet.
    #[error("this order was not delivered yet: its lines can be reviewed once it is")]
    NotReviewable,
    /// The line has its review.
    #[error("this line was reviewed already: a review cannot be written twice")]
    AlreadyReviewed,
    /// No such booking on the order, or not the asker's.
    #[error("no such booking")]
    BookingNotFound,
    /// A booked session has fewer places left than the booking asks for
    /// (or was closed, or has started).
    #[error("only {available} places left for {experience} on that date")]
    NoPlacesLeft {
        /// The experience.
        experience: String,
        /// Places left.
        available: i32,
    },
}

/// Why an order waits, in words for the API's message.
fn payment_required(hold: FulfilmentHold) -> &'static str {
    match hold {
        FulfilmentHold::AwaitingTransfer => {
            "this order is paid by bank transfer and the money has not reached the union's account yet: wait for union staff to confirm the transfer (you will be e-mailed), or contact the buyer"
        }
        FulfilmentHold::AwaitingCard => {
            "this order is paid by card and the payment has not gone through yet: wait for it, or contact the buyer"
        }
        FulfilmentHold::MoneyReturned => {
            "this order's money was given back to the buyer: there is nothing to send"
        }
    }
}

/// An orders result.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<crate::TransitionError> for Error {
    fn from(e: crate::TransitionError) -> Self {
        match e {
            crate::TransitionError::InvalidTransition { from, to } => {
                Self::InvalidTransition { from, to }
            }
            crate::TransitionError::ReasonRequired => Self::Invalid(FieldErrors::single(
                "reason",
                kernel::problem::cancel_reason_missing(),
            )),
        }
    }
}

impl ErrorCode for Error {
    fn code(&self) -> Code {
        match self {
            Self::Invalid(_) => Code::VALIDATION_FAILED,
            Self::OrderNotFound => Code::new("order_not_found", ErrorKind::NotFound),
            Self::CartItemNotFound => Code::new("cart_item_not_found", ErrorKind::NotFound),
            Self::ProductUnavailable => Code::new("product_unavailable", ErrorKind::Conflict),
            Self::CartEmpty => Code::new("cart_empty", ErrorKind::Conflict),
            Self::CartChanged(_) => Code::new("cart_changed", ErrorKind::Conflict),
            Self::InsufficientStock { .. } => Code::new("insufficient_stock", ErrorKind::Conflict),
            Self::InvalidTransition { .. } => Code::new("invalid_transition", ErrorKind::Conflict),
            Self::Conflict => Code::new("order_changed", ErrorKind::Conflict),
            Self::PaymentRequired(_) => Code::new("payment_required", ErrorKind::Conflict),
            Self::ConfirmedByUnion => Code::new("payment_confirmed_by_union", ErrorKind::Forbidden),
            Self::HeldNotFound => Code::new("held_funds_not_found", ErrorKind::NotFound),
            Self::HeldResolved => Code::new("held_funds_resolved", ErrorKind::Conflict),
            Self::IdempotencyKeyReused => Code::new("idempotency_key_reused", ErrorKind::Conflict),
            Self::IdempotencyInProgress => {
                Code::new("idempotency_in_progress", ErrorKind::Conflict)
            }
            Self::Payment(e) => e.code(),
            Self::Denied(e) => e.code(),
            Self::Notify(e) => e.code(),
            Self::Catalog(e) => e.code(),
            Self::Db(e) => entity::db_error_code(e),
            Self::Corrupt(_) => Code::INTERNAL,
            Self::PaymentNotFound => Code::new("payment_not_found", ErrorKind::NotFound),
            Self::CooperativeNotFound => Code::new("cooperative_not_found", ErrorKind::NotFound),
            Self::PayoutBatchNotFound => Code::new("payout_batch_not_found", ErrorKind::NotFound),
            Self::NotPaid => Code::new("order_not_paid", ErrorKind::Conflict),
            Self::BadSignature(_) => Code::new("invalid_signature", ErrorKind::BadRequest),
            Self::BadEvent(_) => Code::new("invalid_event", ErrorKind::BadRequest),
            Self::Provider(_) => Code::new("payment_provider_refused", ErrorKind::Conflict),
            Self::ProviderUnavailable(_) => {
                Code::new("payment_provider_unavailable", ErrorKind::Unavailable)
            }
            Self::ReviewNotFound => Code::new("review_not_found", ErrorKind::NotFound),
            Self::NotReviewable => Code::new("not_delivered_yet", ErrorKind::Conflict),
            Self::AlreadyReviewed => Code::new("already_reviewed", ErrorKind::Conflict),
            Self::BookingNotFound => Code::new("booking_not_found", ErrorKind::NotFound),
            Self::NoPlacesLeft { .. } => Code::new("no_places_left", ErrorKind::Conflict),
        }
    }

    fn fields(&self) -> Option<&FieldErrors> {
        match self {
            Self::Invalid(fields) => Some(fields),
            Self::Catalog(e) => e.fields(),
            _ => None,
        }
    }
}
