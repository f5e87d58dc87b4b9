//! What each template says, as typed contents: a producer cannot forget a
//! field a template uses.

use serde::Serialize;

/// The contents of one kind of message.
pub trait MailContent: Serialize {
    /// The template's name under `templates/{locale}/`.
    const TEMPLATE: &'static str;
}

/// A line of an order.
#[derive(Clone, Debug, Serialize)]
pub struct OrderItem {
    /// What was bought.
    pub title: String,
    /// Which variant (size, colour...), or empty.
    pub variant: String,
    /// How many.
    pub quantity: u32,
    /// Price of one, formatted.
    pub unit_price: String,
    /// Price of all, formatted.
    pub line_total: String,
}

/// One cooperative's order inside a checkout.
#[derive(Clone, Debug, Serialize)]
pub struct OrderSummary {
    /// The order number.
    pub number: String,
    /// The seller.
    pub cooperative_name: String,
    /// Its lines.
    pub items: Vec<OrderItem>,
    /// Shipping, formatted.
    pub shipping_fee: String,
    /// Total, formatted.
    pub total: String,
}

/// Every template, for checks that each renders in both languages.
pub const ALL_TEMPLATES: &[&str] = &[
    "verify_email",
    "password_reset",
    "application_received",
    "application_approved",
    "application_rejected",
    "application_changes_requested",
    "cooperative_suspended",
    "cooperative_reinstated",
    "member_invitation",
    "listing_approved",
    "listing_rejected",
    "listing_taken_down",
    "certification_verified",
    "certification_rejected",
    "order_placed",
    "order_new",
    "order_shipped",
    "order_cancelled",
    "payment_received",
    "refund_issued",
    "order_released",
    "mail_test",
    "export_update",
    "lot_recalled",
    "review_invite",
    "review_hidden",
    "booking_confirmed",
    "booking_moved",
];

/// Confirm the address of a new account.
#[derive(Clone, Debug, Serialize)]
pub struct VerifyEmail {
    /// The link that confirms it.
    pub verify_url: String,
    /// Hours the link works.
    pub expires_hours: u32,
}

impl MailContent for VerifyEmail {
    const TEMPLATE: &'static str = "verify_email";
}

/// A link to choose a new password.
#[derive(Clone, Debug, Serialize)]
pub struct PasswordReset {
    /// The link.
    pub reset_url: String,
    /// Minutes the link works.
    pub expires_minutes: u32,
}

impl MailContent for PasswordReset {
    const TEMPLATE: &'static str = "password_reset";
}

/// The union received a seller application.
#[derive(Clone, Debug, Serialize)]
pub struct ApplicationReceived {
    /// The applicant's legal name.
    pub cooperative_name: String,
    /// Where the applicant follows it.
    pub application_url: String,
}

impl MailContent for ApplicationReceived {
    const TEMPLATE: &'static str = "application_received";
}

/// A seller application was approved.
#[derive(Clone, Debug, Serialize)]
pub struct ApplicationApproved {
    /// The cooperative.
    pub cooperative_name: String,
    /// The seller dashboard.
    pub dashboard_url: String,
}

impl MailContent for ApplicationApproved {
    const TEMPLATE: &'static str = "application_approved";
}

/// A seller application was rejected.
#[derive(Clone, Debug, Serialize)]
pub struct ApplicationRejected {
    /// The applicant.
    pub cooperative_name: String,
    /// Why.
    pub reason: String,
}

impl MailContent for ApplicationRejected {
    const TEMPLATE: &'static str = "application_rejected";
}

/// Staff ask for changes to an application.
#[derive(Clone, Debug, Serialize)]
pub struct ApplicationChangesRequested {
    /// The applicant.
    pub cooperative_name: String,
    /// What to change.
    pub reason: String,
    /// Where to change it.
    pub application_url: String,
}

impl MailContent for ApplicationChangesRequested {
    const TEMPLATE: &'static str = "application_changes_requested";
}

/// A cooperative was suspended.
#[derive(Clone, Debug, Serialize)]
pub struct CooperativeSuspended {
    /// The cooperative.
    pub cooperative_name: String,
    /// Why.
    pub reason: String,
}

impl MailContent for CooperativeSuspended {
    const TEMPLATE: &'static str = "cooperative_suspended";
}

/// A suspended cooperative was reinstated.
#[derive(Clone, Debug, Serialize)]
pub struct CooperativeReinstated {
    /// The cooperative.
    pub cooperative_name: String,
    /// The seller dashboard.
    pub dashboard_url: String,
}

impl MailContent for CooperativeReinstated {
    const TEMPLATE: &'static str = "cooperative_reinstated";
}

/// An invitation to join a cooperative's team.
#[derive(Clone, Debug, Serialize)]
pub struct MemberInvitation {
    /// The cooperative.
    pub cooperative_name: String,
    /// Who invites.
    pub inviter_name: String,
    /// The role, in the recipient's language.
    pub role: String,
    /// The link that accepts.
    pub accept_url: String,
    /// Days the invitation lasts.
    pub expires_days: u32,
}

impl MailContent for MemberInvitation {
    const TEMPLATE: &'static str = "member_invitation";
}

/// A listing was approved and is in the shop.
#[derive(Clone, Debug, Serialize)]
pub struct ListingApproved {
    /// The cooperative.
    pub cooperative_name: String,
    /// The listing.
    pub product_title: String,
    /// Its page in the shop.
    pub product_url: String,
}

impl MailContent for ListingApproved {
    const TEMPLATE: &'static str = "listing_approved";
}

/// A listing was sent back to draft.
#[derive(Clone, Debug, Serialize)]
pub struct ListingRejected {
    /// The cooperative.
    pub cooperative_name: String,
    /// The listing.
    pub product_title: String,
    /// Why.
    pub reason: String,
    /// Where to edit it.
    pub edit_url: String,
}

impl MailContent for ListingRejected {
    const TEMPLATE: &'static str = "listing_rejected";
}

/// Union staff took a listing down.
#[derive(Clone, Debug, Serialize)]
pub struct ListingTakenDown {
    /// The cooperative.
    pub cooperative_name: String,
    /// The listing.
    pub product_title: String,
    /// Why.
    pub reason: String,
    /// Where to edit it.
    pub edit_url: String,
}

impl MailContent for ListingTakenDown {
    const TEMPLATE: &'static str = "listing_taken_down";
}

/// A certification was verified.
#[derive(Clone, Debug, Serialize)]
pub struct CertificationVerified {
    /// The cooperative.
    pub cooperative_name: String,
    /// Kind and number, e.g. `VietGAP · VietGAP-TT-26-0417`.
    pub certification: String,
    /// Expiry date, formatted.
    pub expires_on: Option<String>,
}

impl MailContent for CertificationVerified {
    const TEMPLATE: &'static str = "certification_verified";
}

/// A certification was rejected.
#[derive(Clone, Debug, Serialize)]
pub struct CertificationRejected {
    /// The cooperative.
    pub cooperative_name: String,
    /// Kind and number.
    pub certification: String,
    /// Why.
    pub reason: String,
}

impl MailContent for CertificationRejected {
    const TEMPLATE: &'static str = "certification_rejected";
}

/// To the buyer: one checkout, with one order per cooperative.
#[derive(Clone, Debug, Serialize)]
pub struct OrderPlaced {
    /// The checkout's reference.
    pub checkout_reference: String,
    /// The orders, one per cooperative.
    pub orders: Vec<OrderSummary>,
    /// The whole payment, formatted.
    pub grand_total: String,
    /// How they pay: cod, bank_transfer or card (the template says it in
    /// words).
    pub payment_method: String,
    /// Where the money is: unpaid, paid…
    pub payment_status: String,
    /// What to do to pay (bank transfer details).
    pub payment_instructions: Option<String>,
    /// Where it goes, several lines.
    pub shipping_address: String,
    /// Their orders.
    pub orders_url: String,
}

impl MailContent for OrderPlaced {
    const TEMPLATE: &'static str = "order_placed";
}

/// To the cooperative: a new order.
#[derive(Clone, Debug, Serialize)]
pub struct OrderNew {
    /// The cooperative.
    pub cooperative_name: String,
    /// The order.
    pub order_number: String,
    /// Who bought.
    pub buyer_name: String,
    /// What was bought.
    pub items: Vec<OrderItem>,
    /// Shipping, formatted.
    pub shipping_fee: String,
    /// Total, formatted.
    pub total: String,
    /// How the buyer pays: cod, bank_transfer or card.
    pub payment_method: String,
    /// Where the money is: unpaid, paid…
    pub payment_status: String,
    /// Where it goes.
    pub shipping_address: String,
    /// The order in the dashboard.
    pub order_url: String,
}

impl MailContent for OrderNew {
    const TEMPLATE: &'static str = "order_new";
}

/// To the buyer: an order left with the carrier.
#[derive(Clone, Debug, Serialize)]
pub struct OrderShipped {
    /// The order.
    pub order_number: String,
    /// Who shipped it.
    pub cooperative_name: String,
    /// The carrier.
    pub carrier: String,
    /// The tracking number.
    pub tracking_number: String,
    /// The carrier's tracking page.
    pub tracking_url: Option<String>,
    /// How the buyer pays: cod, bank_transfer or card.
    pub payment_method: String,
    /// Where the money is: unpaid (cash on delivery: to pay the courier),
    /// paid…
    pub payment_status: String,
    /// The order.
    pub order_url: String,
    /// The traceability pages of the lots packed for its lines.
    pub lots: Vec<TraceLink>,
}

/// A product of an order and the page that tells where its lot comes from.
#[derive(Clone, Debug, Serialize)]
pub struct TraceLink {
    /// The product's title.
    pub title: String,
    /// Its lot's page.
    pub url: String,
}

impl MailContent for OrderShipped {
    const TEMPLATE: &'static str = "order_shipped";
}

/// An order was cancelled.
#[derive(Clone, Debug, Serialize)]
pub struct OrderCancelled {
    /// The order.
    pub order_number: String,
    /// The seller.
    pub cooperative_name: String,
    /// `buyer`, `cooperative` or `system`.
    pub cancelled_by: String,
    /// Why.
    pub reason: Option<String>,
    /// How the buyer pays: cod, bank_transfer or card.
    pub payment_method: String,
    /// Where the money is: unpaid, paid… (paid: it will be given back).
    pub payment_status: String,
    /// The order.
    pub order_url: String,
}

impl MailContent for OrderCancelled {
    const TEMPLATE: &'static str = "order_cancelled";
}

/// To the buyer: the money arrived.
#[derive(Clone, Debug, Serialize)]
pub struct PaymentReceived {
    /// The orders paid, e.g. `HT-1042, HT-1043`.
    pub order_numbers: String,
    /// Formatted.
    pub amount: String,
    /// How they paid.
    pub payment_method: String,
    /// What of it is held for them (an order cancelled before it came),
    /// formatted.
    pub held: Option<String>,
    /// Their orders.
    pub orders_url: String,
}

impl MailContent for PaymentReceived {
    const TEMPLATE: &'static str = "payment_received";
}

/// To the buyer: a refund was issued.
#[derive(Clone, Debug, Serialize)]
pub struct RefundIssued {
    /// The order.
    pub order_number: String,
    /// Formatted.
    pub amount: String,
    /// Where it goes back to.
    pub payment_method: String,
    /// Why.
    pub reason: Option<String>,
    /// The order.
    pub order_url: String,
}

impl MailContent for RefundIssued {
    const TEMPLATE: &'static str = "refund_issued";
}

/// To the cooperative: union staff let an unpaid order be prepared.
#[derive(Clone, Debug, Serialize)]
pub struct OrderReleased {
    /// The order.
    pub order_number: String,
    /// Why.
    pub reason: String,
    /// The order in the dashboard.
    pub order_url: String,
}

impl MailContent for OrderReleased {
    const TEMPLATE: &'static str = "order_released";
}

/// A test of the mail settings.
#[derive(Clone, Debug, Serialize)]
pub struct MailTest {
    /// When it was sent.
    pub sent_at: String,
}

impl MailContent for MailTest {
    const TEMPLATE: &'static str = "mail_test";
}

/// To an importer or a cooperative: something happened on a request for
/// quote or its export order.
#[derive(Clone, Debug, Serialize)]
pub struct ExportUpdate {
    /// What happened: request_received, message, quote_sent, quote_revised,
    /// quote_accepted, or the step an order reached (deposit_paid,
    /// in_production, ready, balance_paid, shipped, delivered).
    pub event: String,
    /// The request's or the order's number.
    pub number: String,
    /// The cooperative.
    pub cooperative_name: String,
    /// The importer's company.
    pub company_name: String,
    /// A detail: the message, the quote's version, the carrier and number.
    pub detail: Option<String>,
    /// Where to read it.
    pub url: String,
}

impl MailContent for ExportUpdate {
    const TEMPLATE: &'static str = "export_update";
}

/// To a buyer: a lot in one of their orders was recalled.
#[derive(Clone, Debug, Serialize)]
pub struct LotRecalled {
    /// The product.
    pub product: String,
    /// The cooperative's lot number.
    pub lot_number: String,
    /// The cooperative.
    pub cooperative_name: String,
    /// The order that contained it.
    pub order_number: String,
    /// Why it was recalled.
    pub reason: String,
    /// The lot's page, which shows the recall.
    pub url: String,
}

impl MailContent for LotRecalled {
    const TEMPLATE: &'static str = "lot_recalled";
}

/// An invitation to review a delivered order's lines.
#[derive(Clone, Debug, Serialize)]
pub struct ReviewInvite {
    /// The order's number.
    pub order_number: String,
    /// The cooperative that sold it.
    pub cooperative_name: String,
    /// What was bought, one title a line (in Vietnamese).
    pub items: Vec<String>,
    /// The page where the buyer writes the reviews (works for guests too).
    pub review_url: String,
}

impl MailContent for ReviewInvite {
    const TEMPLATE: &'static str = "review_invite";
}

/// A buyer's review was hidden by union staff, and why.
#[derive(Clone, Debug, Serialize)]
pub struct ReviewHidden {
    /// The order the review was about.
    pub order_number: String,
    /// The review's text.
    pub body: String,
    /// Why staff hid it.
    pub reason: String,
}

impl MailContent for ReviewHidden {
    const TEMPLATE: &'static str = "review_hidden";
}

/// To the buyer: a community-tourism booking is held. Sent with the
/// event's calendar file attached ([`crate::ics`]).
#[derive(Clone, Debug, Serialize)]
pub struct BookingConfirmed {
    /// The order's number.
    pub order_number: String,
    /// The cooperative that hosts the experience.
    pub cooperative_name: String,
    /// The experience booked.
    pub experience: String,
    /// When it starts, formatted in the recipient's language, e.g.
    /// `08:00 thứ Bảy 20/12/2026`.
    pub starts_at_local: String,
    /// Who comes, formatted, e.g. `4 người lớn, 1 trẻ em`.
    pub people: String,
    /// Where to meet.
    pub meeting_point: String,
    /// A map of the meeting point, if any.
    pub map_url: Option<String>,
    /// The cancellation policy, one sentence in the recipient's language.
    pub cancellation: String,
    /// The order.
    pub order_url: String,
}

impl MailContent for BookingConfirmed {
    const TEMPLATE: &'static str = "booking_confirmed";
}

/// To the buyer: the cooperative closed the date of a booking, which was
/// moved to another time; the buyer may cancel it for a full refund.
#[derive(Clone, Debug, Serialize)]
pub struct BookingMoved {
    /// The order's number.
    pub order_number: String,
    /// The cooperative that hosts the experience.
    pub cooperative_name: String,
    /// The experience booked.
    pub experience: String,
    /// The old start, formatted in the recipient's language.
    pub from_local: String,
    /// The new start, formatted in the recipient's language.
    pub to_local: String,
    /// Why the cooperative closed the date.
    pub reason: String,
    /// The order, where the buyer can cancel.
    pub order_url: String,
}

impl MailContent for BookingMoved {
    const TEMPLATE: &'static str = "booking_moved";
}
