//! `/api/v1` of the export desk: importers' company accounts, requests for
//! quote, quotes, messages, export orders, their payments and documents.

pub mod accept_quote;
pub mod attach_pictures;
pub mod cooperative_requests;
pub mod desk;
pub mod get_company;
pub mod get_document;
pub mod get_order;
pub mod get_picture;
pub mod get_request;
pub mod my_requests;
pub mod pay_card;
pub mod post_message;
pub mod record_payment;
pub mod request_quote;
pub mod send_quote;
pub mod set_company;
pub mod take_step;
pub mod upload_document;
