//! The cart, checkout and orders as HTML forms: putting a product in the
//! cart (a guest gets the cart cookie), changing or removing a line,
//! checking out (with the page's idempotency key, so a double submit makes
//! one order), a guest's order lookup and e-mail proof (each leaves an
//! access token in the orders cookie, never the address in a URL), the
//! buyer's cancellation of an order or of one booking, a cooperative's
//! steps and cash record, and staff
//! confirming a transfer or releasing an unpaid order.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use frontend::forms::FormState;
use kernel::{FieldErrors, Problem, VariantId, problem};
use orders::access::AccessTarget;
use orders::lifecycle::TransitionInput;
use orders::{AddressInput, BookingInput, BuyerProof, CheckoutInput, ContactInput, ReleaseInput};
use uuid::Uuid;

use super::{
    Shop, Values, confirmed, failed, form_status, idempotency_key, see_other, sign_in, text,
    with_retry_after,
};
use crate::auth::{ClientInfo, Viewer};
use crate::cart_cookie;
use crate::error::ApiError;
use crate::order_access;
use crate::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/cart/add", web::post().to(add_to_cart))
        .route("/cart/book", web::post().to(book))
        .route("/cart/items/{id}", web::post().to(set_quantity))
        .route("/cart/items/{id}/remove", web::post().to(remove_line))
        .route("/checkout", web::post().to(checkout))
        .route("/orders/lookup", web::post().to(lookup))
        .route("/{kind:checkout|orders}/{id}/access", web::post().to(prove))
        .route("/orders/{id}/cancel", web::post().to(cancel))
        .route(
            "/orders/{id}/bookings/{item}/cancel",
            web::post().to(cancel_booking),
        )
        .route("/seller/orders/{id}/transition", web::post().to(transition))
        .route("/seller/orders/{id}/cash", web::post().to(record_cash))
        .route(
            "/moderation/checkouts/{id}/confirm-transfer",
            web::post().to(confirm_transfer),
        )
        .route("/moderation/orders/{id}/release", web::post().to(release));
}

/// A quantity typed in a form: empty is `empty`, else a whole number.
fn quantity(values: &Values, empty: i32) -> Result<i32, FieldErrors> {
    match text(values, "quantity").trim() {
        "" => Ok(empty),
        q => q
            .parse::<i32>()
            .map_err(|_| FieldErrors::single("quantity", problem::not_a_whole_number())),
    }
}

/// The product page a cart form came from (only the shop's product pages).
fn product_page(values: &Values) -> String {
    values
        .get("return")
        .filter(|p| {
            p.starts_with("/products/")
                && !p.contains("//")
                && !p.contains('\\')
                && !p.contains("..")
        })
        .cloned()
        .unwrap_or_else(|| "/cart".to_owned())
}

async fn add_to_cart(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    form: web::Form<Values>,
) -> HttpResponse {
    let values = form.into_inner();
    let page = product_page(&values);
    let raw = text(&values, "variant_id");
    let form_name = format!("add-{}", raw.trim());
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let Ok(variant) = raw.trim().parse::<VariantId>() else {
        let errors = FieldErrors::single("variant_id", problem::required());
        let failed = FormState::failed(&form_name, values, errors, None);
        return shop.again_at(req, &page, failed, unprocessable).await;
    };
    let quantity = match quantity(&values, 1) {
        Ok(q) => q,
        Err(errors) => {
            let failed = FormState::failed(&form_name, values, errors, None);
            return shop.again_at(req, &page, failed, unprocessable).await;
        }
    };
    let (owner, cookie) =
        match cart_cookie::owner_or_new(&req, &viewer.0, state.auth.secure_cookies) {
            Ok(found) => found,
            Err(err) => {
                let status = form_status(&err);
                let failed = failed(&form_name, values, &err);
                return shop.again_at(req, &page, failed, status).await;
            }
        };
    match state.orders.add_to_cart(&owner, variant, quantity).await {
        Ok(_) => {
            let mut response = see_other("/cart?notice=cart-added");
            if let Some(cookie) = cookie {
                let _ = response.add_cookie(&cookie);
            }
            response
        }
        Err(err) => {
            let status = form_status(&err);
            let failed = failed(&form_name, values, &err);
            shop.again_at(req, &page, failed, status).await
        }
    }
}

/// A number of people typed in the booking form (empty is none), else
/// the problem filed under `name`.
fn people(values: &Values, name: &str, min: i64, errors: &mut FieldErrors) -> i32 {
    match text(values, name).trim() {
        "" => 0,
        n => n.parse::<i32>().unwrap_or_else(|_| {
            errors.add(name, problem::whole_number_between(min, 50));
            0
        }),
    }
}

/// The booking form of an experience's page: a session, adults and
/// children into the cart (a guest gets the cart cookie), or the page again
/// with the problems beside the fields.
async fn book(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    form: web::Form<Values>,
) -> HttpResponse {
    let values = form.into_inner();
    let page = product_page(&values);
    let form_name = format!("book-{}", text(&values, "product_id").trim());
    let mut errors = FieldErrors::new();
    let adults = people(&values, "adults", 1, &mut errors);
    let children = people(&values, "children", 0, &mut errors);
    if !errors.is_empty() {
        let failed = FormState::failed(&form_name, values, errors, None);
        return shop
            .again_at(req, &page, failed, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    }
    let input = BookingInput {
        session_id: text(&values, "session_id").trim().parse::<Uuid>().ok(),
        adults,
        children,
    };
    let (owner, cookie) =
        match cart_cookie::owner_or_new(&req, &viewer.0, state.auth.secure_cookies) {
            Ok(found) => found,
            Err(err) => {
                let status = form_status(&err);
                let failed = failed(&form_name, values, &err);
                return shop.again_at(req, &page, failed, status).await;
            }
        };
    match state.orders.add_booking_to_cart(&owner, &input).await {
        Ok(_) => {
            let mut response = see_other("/cart?notice=cart-added");
            if let Some(cookie) = cookie {
                let _ = response.add_cookie(&cookie);
            }
            response
        }
        Err(err) => {
            let status = form_status(&err);
            let failed = failed(&form_name, values, &err);
            shop.again_at(req, &page, failed, status).await
        }
    }
}

async fn set_quantity(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<Uuid>,
    form: web::Form<Values>,
) -> HttpResponse {
    let line = path.into_inner();
    let values = form.into_inner();
    let form_name = format!("line-{line}");
    let Some(owner) = cart_cookie::owner(&req, &viewer.0) else {
        return see_other("/cart");
    };
    let quantity = match quantity(&values, 0) {
        Ok(q) => q,
        Err(errors) => {
            let failed = FormState::failed(&form_name, values, errors, None);
            return shop
                .again_at(req, "/cart", failed, StatusCode::UNPROCESSABLE_ENTITY)
                .await;
        }
    };
    // 0 takes the line out, as the remove button does
    let result = if quantity == 0 {
        state.orders.remove_from_cart(&owner, line).await
    } else {
        state.orders.set_cart_quantity(&owner, line, quantity).await
    };
    match result {
        Ok(_) if quantity == 0 => see_other("/cart?notice=cart-removed"),
        Ok(_) => see_other("/cart?notice=cart-updated"),
        Err(orders::Error::CartItemNotFound) => see_other("/cart?notice=cart-line-gone"),
        Err(err) => {
            let status = form_status(&err);
            let failed = failed(&form_name, values, &err);
            shop.again_at(req, "/cart", failed, status).await
        }
    }
}

async fn remove_line(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<Uuid>,
) -> HttpResponse {
    let Some(owner) = cart_cookie::owner(&req, &viewer.0) else {
        return see_other("/cart");
    };
    match state
        .orders
        .remove_from_cart(&owner, path.into_inner())
        .await
    {
        Ok(_) => see_other("/cart?notice=cart-removed"),
        Err(orders::Error::CartItemNotFound) => see_other("/cart?notice=cart-line-gone"),
        Err(err) => {
            tracing::warn!(error = %err, "a cart line could not be removed");
            see_other("/cart?notice=try-again")
        }
    }
}

/// The checkout as typed: Vietnam's address fields, or the ones for abroad;
/// and what is wrong with the country before the domain looks (an "abroad"
/// address without a country, or with Vietnam's).
fn checkout_input(values: &Values) -> (CheckoutInput, Option<Problem>) {
    let get = |name: &str| text(values, name);
    let abroad = get("destination") == "abroad";
    let country = get("shipping_address.country").trim().to_uppercase();
    let country_problem = match (abroad, country.as_str()) {
        (false, _) => None,
        (true, "") => Some(problem::required()),
        (true, "VN") => Some(problem::country_is_vietnam()),
        (true, _) => None,
    };
    let only = |yes: bool, name: &str| if yes { get(name) } else { String::new() };
    let input = CheckoutInput {
        contact: ContactInput {
            name: get("contact.name"),
            email: get("contact.email"),
            phone: get("contact.phone"),
        },
        shipping_address: AddressInput {
            country: match (abroad, &country_problem) {
                (false, _) => "VN".to_owned(),
                // not a country: the domain checks the rest as for abroad
                (true, Some(_)) => "??".to_owned(),
                (true, None) => country,
            },
            province: only(!abroad, "shipping_address.province"),
            district: only(!abroad, "shipping_address.district"),
            ward: only(!abroad, "shipping_address.ward"),
            city: only(abroad, "shipping_address.city"),
            postal_code: only(abroad, "shipping_address.postal_code"),
            street: get("shipping_address.street"),
        },
        payment_method: get("payment_method"),
        deposit: get("deposit") == "1",
    };
    (input, country_problem)
}

async fn checkout(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    form: web::Form<Values>,
) -> HttpResponse {
    let mut values = form.into_inner();
    let Some(owner) = cart_cookie::owner(&req, &viewer.0) else {
        let failed = failed("checkout", values, &orders::Error::CartEmpty);
        return shop
            .again_at(req, "/checkout", failed, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    };
    let (input, country_problem) = checkout_input(&values);
    let key = idempotency_key(&values);
    let result = state
        .orders
        .checkout(&owner, viewer.0.actor.as_ref(), &input, key.as_deref())
        .await;
    let err = match result {
        Ok(receipt) => {
            let mut response = see_other(&format!("/checkout/{}", receipt.checkout_id));
            if let Some(token) = &receipt.access_token {
                let _ = response.add_cookie(&order_access::remember(
                    &req,
                    token,
                    state.auth.secure_cookies,
                ));
            }
            return response;
        }
        Err(err) => err,
    };
    let status = form_status(&err);
    let failed = match err {
        orders::Error::Invalid(fields) => {
            let mut errors = FieldErrors::new();
            for (field, problems) in fields.iter() {
                if country_problem.is_some() && field == "shipping_address.country" {
                    continue;
                }
                for problem in problems {
                    errors.add(field, problem.clone());
                }
            }
            if let Some(problem) = country_problem {
                errors.add("shipping_address.country", problem);
            }
            FormState::failed("checkout", values, errors, None)
        }
        err => {
            match &err {
                orders::Error::InsufficientStock { sku, available } => {
                    values.insert("stock_sku".into(), sku.clone());
                    values.insert("stock_available".into(), available.to_string());
                }
                orders::Error::CartChanged(skus) => {
                    values.insert("changed_skus".into(), skus.clone());
                }
                _ => {}
            }
            failed("checkout", values, &err)
        }
    };
    shop.again_at(req, "/checkout", failed, status).await
}

async fn lookup(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    client: ClientInfo,
    form: web::Form<Values>,
) -> HttpResponse {
    let values = form.into_inner();
    let number = text(&values, "number").trim().to_owned();
    let email = text(&values, "email").trim().to_owned();
    let mut errors = FieldErrors::new();
    if number.is_empty() {
        errors.add("number", problem::required());
    }
    if email.is_empty() {
        errors.add("email", problem::required());
    }
    if !errors.is_empty() {
        return shop
            .again(req, FormState::failed("lookup", values, errors, None))
            .await;
    }
    let found = state
        .accounts
        .throttled_lookup(
            &client.0,
            &number,
            state.orders.guest_lookup(&number, &email),
            |err| matches!(err, orders::Error::OrderNotFound),
        )
        .await
        .map_err(ApiError::from)
        .and_then(|found| found.map_err(ApiError::from));
    match found {
        Ok((order, token)) => {
            let mut response = see_other(&format!("/orders/{}", order.id));
            let _ = response.add_cookie(&order_access::remember(
                &req,
                &token,
                state.auth.secure_cookies,
            ));
            response
        }
        Err(err) => {
            let status = form_status(&err);
            let again = shop
                .again_at(
                    req,
                    "/orders/lookup",
                    failed("lookup", values, &err),
                    status,
                )
                .await;
            with_retry_after(again, &err)
        }
    }
}

/// `/checkout/{id}/access` and `/orders/{id}/access`: a guest proves a
/// checkout or an order is theirs with its e-mail address — a token in the
/// orders cookie, then the page itself; a wrong address shows the form
/// again.
async fn prove(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    client: ClientInfo,
    path: web::Path<(String, Uuid)>,
    form: web::Form<Values>,
) -> HttpResponse {
    let (kind, id) = path.into_inner();
    let (target, page) = if kind == "checkout" {
        (AccessTarget::Checkout(id), format!("/checkout/{id}"))
    } else {
        (AccessTarget::Order(id), format!("/orders/{id}"))
    };
    let page = page.as_str();
    let values = form.into_inner();
    let email = text(&values, "email").trim().to_owned();
    if email.is_empty() {
        let errors = FieldErrors::single("email", problem::required());
        let failed = FormState::failed("proof", values, errors, None);
        return shop
            .again_at(req, page, failed, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    }
    // back to the page asked for: the checkout's card page, say
    let next = values
        .get("next")
        .filter(|n| n.starts_with(page) && !n.contains("//") && !n.contains(".."))
        .cloned()
        .unwrap_or_else(|| page.to_owned());
    // guessing addresses is throttled like the order look-up
    let key = match target {
        AccessTarget::Checkout(id) | AccessTarget::Order(id) => id.to_string(),
    };
    let granted = state
        .accounts
        .throttled_lookup(
            &client.0,
            &key,
            state.orders.access_by_email(target, &email),
            |err| matches!(err, orders::Error::OrderNotFound),
        )
        .await
        .map_err(ApiError::from)
        .and_then(|found| found.map_err(ApiError::from));
    match granted {
        Ok(token) => {
            let mut response = see_other(&next);
            let _ = response.add_cookie(&order_access::remember(
                &req,
                &token,
                state.auth.secure_cookies,
            ));
            response
        }
        Err(err) => {
            let status = form_status(&err);
            let again = shop
                .again_at(req, page, failed("proof", values, &err), status)
                .await;
            with_retry_after(again, &err)
        }
    }
}

async fn cancel(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<Uuid>,
    form: web::Form<Values>,
) -> HttpResponse {
    let id = path.into_inner();
    let values = form.into_inner();
    let page = format!("/orders/{id}");
    if !confirmed(&values) {
        let errors = FieldErrors::single("confirm", problem::required());
        let failed = FormState::failed("cancel", values, errors, None);
        return shop
            .again_at(req, &page, failed, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    }
    let reason = Some(text(&values, "reason")).filter(|r| !r.trim().is_empty());
    let tokens = order_access::tokens(&req);
    let proof = BuyerProof::new(viewer.0.actor.as_ref(), &tokens);
    match state
        .orders
        .cancel_by_buyer(&proof, id, reason.as_deref())
        .await
    {
        Ok(_) => see_other(&format!("{page}?notice=order-cancelled")),
        Err(err) => shop.refused(req, &page, "cancel", values, &err).await,
    }
}

/// The buyer cancels one booking of a paid order; its refund follows the
/// experience's policy. (An unpaid order is cancelled as a whole.)
async fn cancel_booking(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<(Uuid, Uuid)>,
) -> HttpResponse {
    let (id, item) = path.into_inner();
    let page = format!("/orders/{id}");
    let tokens = order_access::tokens(&req);
    let proof = BuyerProof::new(viewer.0.actor.as_ref(), &tokens);
    match state.orders.cancel_booking(&proof, id, item).await {
        Ok(_) => see_other(&format!("{page}?notice=booking-cancelled")),
        Err(err) => {
            let status = form_status(&err);
            let failed = failed(&format!("cancel-booking-{item}"), Values::new(), &err);
            shop.again_at(req, &page, failed, status).await
        }
    }
}

async fn transition(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<Uuid>,
    form: web::Form<Values>,
) -> HttpResponse {
    let id = path.into_inner();
    let page = format!("/seller/orders/{id}");
    let Some(actor) = viewer.0.actor else {
        return sign_in(&page);
    };
    let values = form.into_inner();
    let to = text(&values, "to").trim().to_owned();
    let form_name = format!("step-{to}");
    if to == orders::OrderStatus::Cancelled.as_str() && !confirmed(&values) {
        let errors = FieldErrors::single("confirm", problem::required());
        let failed = FormState::failed(&form_name, values, errors, None);
        return shop
            .again_at(req, &page, failed, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    }
    let optional = |name: &str| Some(text(&values, name)).filter(|v| !v.trim().is_empty());
    let input = TransitionInput {
        to: to.clone(),
        carrier: optional("carrier"),
        tracking: optional("tracking"),
        reason: optional("reason"),
    };
    match state.orders.transition(&actor, id, &input).await {
        Ok(status) => see_other(&format!(
            "{page}?notice=order-{}",
            status.as_str().replace('_', "-")
        )),
        Err(err) => shop.refused(req, &page, &form_name, values, &err).await,
    }
}

async fn record_cash(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<Uuid>,
) -> HttpResponse {
    let id = path.into_inner();
    let page = format!("/seller/orders/{id}");
    let Some(actor) = viewer.0.actor else {
        return sign_in(&page);
    };
    match state.orders.record_cash(&actor, id).await {
        Ok(()) => see_other(&format!("{page}?notice=cash-recorded")),
        Err(err) => shop.refused(req, &page, "cash", Values::new(), &err).await,
    }
}

async fn confirm_transfer(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<Uuid>,
    form: web::Form<Values>,
) -> HttpResponse {
    let checkout = path.into_inner();
    let page = "/moderation/orders";
    let Some(actor) = viewer.0.actor else {
        return sign_in(page);
    };
    let values = form.into_inner();
    let form_name = format!("confirm-{checkout}");
    if !confirmed(&values) {
        let errors = FieldErrors::single("confirm", problem::required());
        let failed = FormState::failed(&form_name, values, errors, None);
        return shop
            .again_at(req, page, failed, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    }
    match state.orders.confirm_transfer(&actor, checkout).await {
        Ok(_) => see_other("/moderation/orders?notice=transfer-confirmed"),
        Err(err) => shop.refused(req, page, &form_name, values, &err).await,
    }
}

/// Union staff let an unpaid order be prepared, with a reason.
async fn release(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    path: web::Path<Uuid>,
    form: web::Form<Values>,
) -> HttpResponse {
    let id = path.into_inner();
    let page = format!("/seller/orders/{id}");
    let Some(actor) = viewer.0.actor else {
        return sign_in(&page);
    };
    let values = form.into_inner();
    if !confirmed(&values) {
        let errors = FieldErrors::single("confirm", problem::required());
        let failed = FormState::failed("release", values, errors, None);
        return shop
            .again_at(req, &page, failed, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    }
    let input = ReleaseInput {
        reason: text(&values, "reason"),
    };
    match state
        .orders
        .release_for_fulfilment(&actor, id, &input)
        .await
    {
        Ok(_) => see_other(&format!("{page}?notice=order-released")),
        Err(err) => shop.refused(req, &page, "release", values, &err).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(&str, &str)]) -> Values {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn an_address_in_vietnam_leaves_the_fields_for_abroad_out() {
        let (input, refused) = checkout_input(&values(&[
            ("destination", "vn"),
            ("shipping_address.province", "Thành phố Huế"),
            ("shipping_address.city", "Osaka"),
            ("shipping_address.country", "JP"),
        ]));
        assert_eq!(refused, None);
        assert_eq!(input.shipping_address.country, "VN");
        assert_eq!(input.shipping_address.province, "Thành phố Huế");
        assert_eq!(input.shipping_address.city, "");
    }

    #[test]
    fn an_address_abroad_needs_a_country_other_than_vietnam() {
        let (input, refused) = checkout_input(&values(&[
            ("destination", "abroad"),
            ("shipping_address.province", "Thành phố Huế"),
            ("shipping_address.city", "Osaka"),
            ("shipping_address.country", " jp "),
        ]));
        assert_eq!(refused, None);
        assert_eq!(input.shipping_address.country, "JP");
        assert_eq!(input.shipping_address.province, "");
        assert_eq!(input.shipping_address.city, "Osaka");
        let (_, refused) = checkout_input(&values(&[("destination", "abroad")]));
        assert_eq!(refused.map(|p| p.code), Some("required"));
        let (input, refused) = checkout_input(&values(&[
            ("destination", "abroad"),
            ("shipping_address.country", "vn"),
        ]));
        assert_eq!(refused.map(|p| p.code), Some("country_is_vietnam"));
        assert_eq!(input.shipping_address.country, "??");
    }

    #[test]
    fn cart_forms_go_back_only_to_product_pages() {
        assert_eq!(
            product_page(&values(&[("return", "/products/long-ban")])),
            "/products/long-ban"
        );
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/products/../account",
        ] {
            assert_eq!(product_page(&values(&[("return", bad)])), "/cart", "{bad}");
        }
    }
}
