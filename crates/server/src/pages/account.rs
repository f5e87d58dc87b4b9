//! Accounts: register, sign in and out, confirm the address, reset the
//! password, the account page's profile, sessions and API tokens.

use actix_web::cookie::{Cookie, SameSite, time};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use frontend::forms::FormState;
use kernel::{CooperativeId, FieldErrors, Locale, problem};
use uuid::Uuid;

use super::{Shop, Values, failed, safe_next, see_other, text};
use crate::auth::{ClientInfo, SESSION_COOKIE, Viewer, clear_session_cookie, session_cookie};
use crate::state::AppState;

/// The cookie that carries a new API token to the page that shows it once.
pub const NEW_TOKEN_COOKIE: &str = "hoptac_new_token";

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/account/register", web::post().to(register))
        .route("/account/login", web::post().to(login))
        .route("/account/logout", web::post().to(logout))
        .route("/account/verify", web::post().to(verify))
        .route("/account/verify/resend", web::post().to(resend))
        .route("/account/reset", web::post().to(request_reset))
        .route("/account/reset/confirm", web::post().to(confirm_reset))
        .route("/account", web::post().to(profile))
        .route("/account/sessions/revoke-all", web::post().to(revoke_all))
        .route(
            "/account/sessions/{id}/revoke",
            web::post().to(revoke_session),
        )
        .route("/account/tokens", web::post().to(create_token))
        .route("/account/tokens/{id}/revoke", web::post().to(revoke_token));
}

fn sign_in_first() -> HttpResponse {
    see_other("/account/login?next=/account")
}

async fn register(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    client: ClientInfo,
    form: web::Form<Values>,
) -> HttpResponse {
    let values = form.into_inner();
    let locale: Locale = text(&values, "locale").parse().unwrap_or_default();
    let new = accounts::NewAccount {
        email: text(&values, "email"),
        password: text(&values, "password"),
        name: text(&values, "name"),
        locale,
    };
    if let Err(err) = state.accounts.register(new.clone()).await {
        return shop.again(req, failed("register", values, &err)).await;
    }
    match state
        .accounts
        .login(&new.email, &new.password, &client.0)
        .await
    {
        Ok(session) => HttpResponse::SeeOther()
            .insert_header(("location", "/account?notice=registered"))
            .cookie(session_cookie(
                &session.secret,
                state.auth.session_days,
                state.auth.secure_cookies,
            ))
            .finish(),
        Err(_) => see_other("/account/login?notice=registered"),
    }
}

async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    client: ClientInfo,
    form: web::Form<Values>,
) -> HttpResponse {
    let values = form.into_inner();
    match state
        .accounts
        .login(
            &text(&values, "email"),
            &text(&values, "password"),
            &client.0,
        )
        .await
    {
        Ok(session) => {
            let merged = crate::cart_cookie::merge_at_sign_in(&req, &state, session.user.id).await;
            let mut response = HttpResponse::SeeOther();
            response
                .insert_header((
                    "location",
                    safe_next(values.get("next").map(String::as_str)),
                ))
                .cookie(session_cookie(
                    &session.secret,
                    state.auth.session_days,
                    state.auth.secure_cookies,
                ));
            if let Some(removal) = merged {
                response.cookie(removal);
            }
            response.finish()
        }
        Err(err) => {
            let retry = kernel::ErrorCode::retry_after(&err);
            let mut response = shop.again(req, failed("login", values, &err)).await;
            if let Some(seconds) = retry {
                *response.status_mut() = actix_web::http::StatusCode::TOO_MANY_REQUESTS;
                response
                    .headers_mut()
                    .insert(actix_web::http::header::RETRY_AFTER, seconds.into());
            }
            response
        }
    }
}

async fn logout(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    if let Some(cookie) = req.cookie(SESSION_COOKIE) {
        let _ = state.accounts.logout(cookie.value()).await;
    }
    HttpResponse::SeeOther()
        .insert_header(("location", "/?notice=signed-out"))
        .cookie(clear_session_cookie(state.auth.secure_cookies))
        .finish()
}

async fn verify(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    form: web::Form<Values>,
) -> HttpResponse {
    let values = form.into_inner();
    match state.accounts.verify_email(&text(&values, "token")).await {
        Ok(_) => see_other("/account?notice=email-verified"),
        Err(err) => shop.again(req, failed("verify", values, &err)).await,
    }
}

async fn resend(state: web::Data<AppState>, viewer: Viewer) -> HttpResponse {
    let Some(actor) = viewer.0.actor else {
        return sign_in_first();
    };
    match state.accounts.resend_verification(&actor).await {
        Ok(()) => see_other("/account?notice=verification-sent"),
        Err(_) => see_other("/account?notice=try-again"),
    }
}

async fn request_reset(state: web::Data<AppState>, form: web::Form<Values>) -> HttpResponse {
    // the same answer whether or not the address has an account
    let _ = state
        .accounts
        .request_password_reset(&text(&form, "email"))
        .await;
    see_other("/account/reset?notice=reset-sent")
}

async fn confirm_reset(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    client: ClientInfo,
    form: web::Form<Values>,
) -> HttpResponse {
    let values = form.into_inner();
    let (token, password) = (text(&values, "token"), text(&values, "password"));
    if password != text(&values, "password_confirm") {
        let errors = FieldErrors::single("password_confirm", problem::passwords_differ());
        return shop
            .again(req, FormState::failed("reset", values, errors, None))
            .await;
    }
    match state
        .accounts
        .confirm_password_reset(&token, &password, &client.0)
        .await
    {
        // the link proved the owner: signed in, whatever the sign-in throttle says
        Ok(session) => {
            let merged = crate::cart_cookie::merge_at_sign_in(&req, &state, session.user.id).await;
            let mut response = HttpResponse::SeeOther();
            response
                .insert_header(("location", "/account?notice=password-changed"))
                .cookie(session_cookie(
                    &session.secret,
                    state.auth.session_days,
                    state.auth.secure_cookies,
                ));
            if let Some(removal) = merged {
                response.cookie(removal);
            }
            response.finish()
        }
        Err(err) => shop.again(req, failed("reset", values, &err)).await,
    }
}

async fn profile(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    form: web::Form<Values>,
) -> HttpResponse {
    let Some(actor) = viewer.0.actor else {
        return sign_in_first();
    };
    let values = form.into_inner();
    let locale: Locale = text(&values, "locale").parse().unwrap_or(actor.locale);
    match state
        .accounts
        .update_profile(&actor, &text(&values, "name"), locale)
        .await
    {
        Ok(_) => HttpResponse::SeeOther()
            .insert_header(("location", "/account?notice=profile-saved"))
            .cookie(
                Cookie::build(frontend::i18n::COOKIE, locale.code().to_owned())
                    .path("/")
                    .same_site(SameSite::Lax)
                    .max_age(time::Duration::days(365))
                    .finish(),
            )
            .finish(),
        Err(err) => shop.again(req, failed("profile", values, &err)).await,
    }
}

async fn revoke_all(state: web::Data<AppState>, viewer: Viewer) -> HttpResponse {
    let Some(actor) = viewer.0.actor else {
        return sign_in_first();
    };
    let _ = state.accounts.revoke_all_sessions(&actor).await;
    HttpResponse::SeeOther()
        .insert_header(("location", "/account/login?notice=signed-out-everywhere"))
        .cookie(clear_session_cookie(state.auth.secure_cookies))
        .finish()
}

async fn revoke_session(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<Uuid>,
) -> HttpResponse {
    let Some(actor) = viewer.0.actor else {
        return sign_in_first();
    };
    match state
        .accounts
        .revoke_session(&actor, path.into_inner())
        .await
    {
        Ok(()) => see_other("/account?notice=session-ended#sessions"),
        Err(_) => see_other("/account?notice=try-again#sessions"),
    }
}

async fn create_token(
    req: HttpRequest,
    state: web::Data<AppState>,
    shop: web::Data<Shop>,
    viewer: Viewer,
    form: web::Form<Values>,
) -> HttpResponse {
    let Some(actor) = viewer.0.actor else {
        return sign_in_first();
    };
    let values = form.into_inner();
    let Ok(cooperative) = text(&values, "cooperative_id").parse::<Uuid>() else {
        let errors = FieldErrors::single("cooperative_id", problem::required());
        return shop
            .again_at(
                req,
                "/account",
                FormState::failed("token", values, errors, None),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
    };
    match state
        .accounts
        .create_api_token(&actor, CooperativeId(cooperative), &text(&values, "name"))
        .await
    {
        // the secret travels to the next page in a short-lived cookie that
        // page reads once and removes: shown once, and a refresh makes no
        // second token
        Ok((secret, _)) => HttpResponse::SeeOther()
            .insert_header(("location", "/account?notice=token-created#tokens"))
            .cookie(
                Cookie::build(NEW_TOKEN_COOKIE, secret)
                    .path("/account")
                    .http_only(true)
                    .same_site(SameSite::Strict)
                    .secure(state.auth.secure_cookies)
                    .max_age(time::Duration::minutes(2))
                    .finish(),
            )
            .finish(),
        Err(err) => {
            let status = super::form_status(&err);
            shop.again_at(req, "/account", failed("token", values, &err), status)
                .await
        }
    }
}

async fn revoke_token(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<Uuid>,
) -> HttpResponse {
    let Some(actor) = viewer.0.actor else {
        return sign_in_first();
    };
    match state
        .accounts
        .revoke_api_token(&actor, path.into_inner())
        .await
    {
        Ok(()) => see_other("/account?notice=token-revoked#tokens"),
        Err(_) => see_other("/account?notice=try-again#tokens"),
    }
}
