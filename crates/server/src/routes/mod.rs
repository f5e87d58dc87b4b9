//! HTTP routes. Handlers parse input, call one domain function and shape the
//! output; they never touch the database themselves.

pub mod auth;
pub mod categories;
pub mod cooperatives;
pub mod exchange_rates;
pub mod health;
pub mod moderation;
pub mod orders;
pub mod payments;
pub mod products;
pub mod search;
pub mod views;

use actix_web::web;

use crate::error::route_not_found;

/// Everything under `/api`.
pub fn api(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/v1")
            .service(auth::register::register)
            .service(auth::login::login)
            .service(auth::login::logout)
            .service(auth::me::me)
            .service(auth::me::update_me)
            .service(auth::verify::verify_email)
            .service(auth::verify::resend)
            .service(auth::password_reset::request_reset)
            .service(auth::password_reset::confirm_reset)
            .service(auth::sessions::list_sessions)
            .service(auth::sessions::revoke_session)
            .service(auth::sessions::revoke_all)
            .service(auth::tokens::list_tokens)
            .service(auth::tokens::create_token)
            .service(auth::tokens::revoke_token)
            .service(cooperatives::applications::apply)
            .service(cooperatives::applications::get_application)
            .service(cooperatives::applications::update_application)
            .service(cooperatives::applications::resubmit)
            .service(cooperatives::applications::add_documents)
            .service(cooperatives::applications::get_document)
            .service(cooperatives::applications::my_cooperatives)
            .service(cooperatives::team::list_members)
            .service(cooperatives::team::invite)
            .service(cooperatives::team::remove_member)
            .service(cooperatives::team::accept_invitation)
            .service(cooperatives::team::update_profile)
            .service(products::manage::create_listing)
            .service(products::manage::cooperative_listings)
            .service(cooperatives::catalogue::import_csv)
            .service(cooperatives::catalogue::export_csv)
            .service(cooperatives::catalogue::add_certification)
            .service(cooperatives::catalogue::list_certifications)
            .service(cooperatives::catalogue::certification_evidence)
            .service(cooperatives::catalogue::delete_certification)
            .service(products::manage::get_listing)
            .service(products::manage::update_listing)
            .service(products::manage::delete_listing)
            .service(products::manage::submit_listing)
            .service(products::manage::unpublish_listing)
            .service(products::manage::discard_changes)
            .service(products::images::add_image)
            .service(products::images::update_image)
            .service(products::images::remove_image)
            .service(moderation::products::listing_queue)
            .service(moderation::products::decide_listing)
            .service(moderation::certifications::certification_queue)
            .service(moderation::certifications::decide_certification)
            .service(moderation::cooperatives::queue)
            .service(moderation::cooperatives::detail)
            .service(moderation::cooperatives::decide)
            .service(moderation::audit_log::audit_log)
            .service(moderation::outbox::list_jobs)
            .service(moderation::outbox::retry_job)
            .service(cooperatives::list::list_cooperatives)
            .service(cooperatives::get::get_cooperative)
            .service(categories::list::list_categories)
            .service(exchange_rates::get::exchange_rates)
            .service(exchange_rates::set::set_exchange_rates)
            .service(orders::get_cart)
            .service(orders::add_to_cart)
            .service(orders::update_cart_item)
            .service(orders::remove_cart_item)
            .service(orders::checkout)
            .service(orders::lookup_order)
            .service(orders::my_orders)
            .service(orders::get_order)
            .service(orders::cancel_order)
            .service(orders::transition)
            .service(orders::cash_received)
            .service(orders::export_orders)
            .service(orders::cooperative_orders)
            .service(orders::seller_order)
            .service(orders::all_orders)
            .service(orders::confirm_transfer)
            .service(orders::release::release_order)
            .service(moderation::refunds::refunds_due)
            .service(moderation::refunds::return_held)
            .service(orders::get_shipping_rules)
            .service(orders::put_shipping_rules)
            .service(payments::checkout_payment)
            .service(payments::card_payment)
            .service(payments::stripe_webhook)
            .service(payments::confirm_payment)
            .service(payments::refund_order)
            .service(payments::cooperative_ledger)
            .service(payments::set_payout_account)
            .service(payments::payouts_overview)
            .service(payments::record_payouts)
            .service(payments::payout_batch_csv)
            .service(payments::payout_batch)
            .service(payments::import_statement)
            .service(search::search_listings)
            .service(search::suggest)
            .service(products::list::list_products)
            .service(products::get::get_product)
            .default_service(web::to(route_not_found)),
    )
    .service(crate::openapi::openapi_json)
    .service(crate::openapi::docs_page)
    .default_service(web::to(route_not_found));
}
