//! HTTP routes. Handlers parse input, call one domain function and shape the
//! output; they never touch the database themselves.

pub mod categories;
pub mod cooperatives;
pub mod health;
pub mod products;
pub mod views;

use actix_web::web;

use crate::error::route_not_found;

/// Everything under `/api`.
pub fn api(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/v1")
            .service(cooperatives::list::list_cooperatives)
            .service(cooperatives::get::get_cooperative)
            .service(categories::list::list_categories)
            .service(products::list::list_products)
            .service(products::get::get_product)
            .default_service(web::to(route_not_found)),
    )
    .service(crate::openapi::openapi_json)
    .service(crate::openapi::docs_page)
    .default_service(web::to(route_not_found));
}
