//! Account pages: register, sign in, confirm the address, reset the
//! password, and the account itself (profile, cooperatives, sessions, API
//! tokens).

use crate::components::Title;
use kernel::Locale;
use leptos::prelude::*;

use super::{StatusBadge, failure, mark_failed, query, services, signed_in, when};
use crate::forms::{Choice, Csrf, ErrorSummary, Field, Notice, state_of};
use crate::i18n::{lang, t, t_with};

fn languages() -> Vec<(String, String)> {
    Locale::ALL
        .into_iter()
        .map(|l| (l.code().to_owned(), l.native_name().to_owned()))
        .collect()
}

/// `/account/register`
#[component]
pub fn RegisterPage() -> impl IntoView {
    let state = state_of("register");
    mark_failed(&state);
    view! {
        <Title text=format!("{} · {}", t("register-title"), t("site-name"))/>
        <section class="narrow">
            <h1>{t("register-title")}</h1>
            <p class="lead">{t("register-lead")}</p>
            <ErrorSummary state=state.clone()/>
            <form method="post" action="/account/register" class="form">
                <Csrf/>
                <Field name="name" state=state.clone() required=true autocomplete="name"/>
                <Field name="email" kind="email" state=state.clone() required=true autocomplete="email"/>
                <Field name="password" kind="password" state=state.clone() required=true autocomplete="new-password" hint=t("password-hint")/>
                <Choice name="locale" options=languages() state=state.clone() value=lang().code()/>
                <button type="submit" class="button">{t("register-submit")}</button>
            </form>
            <p>{t("register-have-account")} " " <a href="/account/login">{t("login-title")}</a></p>
        </section>
    }
}

/// `/account/login?next=`
#[component]
pub fn LoginPage() -> impl IntoView {
    let state = state_of("login");
    mark_failed(&state);
    let next = query("next");
    view! {
        <Title text=format!("{} · {}", t("login-title"), t("site-name"))/>
        <section class="narrow">
            <h1>{t("login-title")}</h1>
            <Notice/>
            <ErrorSummary state=state.clone()/>
            <form method="post" action="/account/login" class="form">
                <Csrf/>
                <input type="hidden" name="next" value=next/>
                <Field name="email" kind="email" state=state.clone() required=true autocomplete="email"/>
                <Field name="password" kind="password" state=state.clone() required=true autocomplete="current-password"/>
                <button type="submit" class="button">{t("login-submit")}</button>
            </form>
            <p><a href="/account/reset">{t("login-forgot")}</a></p>
            <p>{t("login-no-account")} " " <a href="/account/register">{t("register-title")}</a></p>
        </section>
    }
}

/// `/account/verify?token=`: a button, so that a mail scanner opening the
/// link does not use it up.
#[component]
pub fn VerifyPage() -> impl IntoView {
    let state = state_of("verify");
    mark_failed(&state);
    let token = query("token");
    view! {
        <Title text=format!("{} · {}", t("verify-title"), t("site-name"))/>
        <section class="narrow">
            <h1>{t("verify-title")}</h1>
            <ErrorSummary state=state/>
            <p>{t("verify-lead")}</p>
            <form method="post" action="/account/verify" class="form">
                <Csrf/>
                <input type="hidden" name="token" value=token/>
                <button type="submit" class="button">{t("verify-submit")}</button>
            </form>
        </section>
    }
}

/// `/account/reset`: asks for the address.
#[component]
pub fn ResetRequestPage() -> impl IntoView {
    view! {
        <Title text=format!("{} · {}", t("reset-title"), t("site-name"))/>
        <section class="narrow">
            <h1>{t("reset-title")}</h1>
            <Notice/>
            <p>{t("reset-lead")}</p>
            <form method="post" action="/account/reset" class="form">
                <Csrf/>
                <Field name="email" kind="email" state=None required=true autocomplete="email"/>
                <button type="submit" class="button">{t("reset-submit")}</button>
            </form>
        </section>
    }
}

/// `/account/reset/confirm?token=`: a new password.
#[component]
pub fn ResetConfirmPage() -> impl IntoView {
    let state = state_of("reset");
    mark_failed(&state);
    let token = state
        .as_ref()
        .and_then(|s| s.values.get("token").cloned())
        .unwrap_or_else(|| query("token"));
    view! {
        <Title text=format!("{} · {}", t("reset-confirm-title"), t("site-name"))/>
        <section class="narrow">
            <h1>{t("reset-confirm-title")}</h1>
            <ErrorSummary state=state.clone()/>
            <form method="post" action="/account/reset/confirm" class="form">
                <Csrf/>
                <input type="hidden" name="token" value=token/>
                <Field name="password" kind="password" state=state.clone() required=true autocomplete="new-password" hint=t("password-hint")/>
                <Field name="password_confirm" kind="password" state=state.clone() required=true autocomplete="new-password"/>
                <button type="submit" class="button">{t("reset-confirm-submit")}</button>
            </form>
        </section>
    }
}

/// The API token made a moment ago, shown once, then forgotten.
fn new_token() -> Option<String> {
    let req = use_context::<leptos_actix::Request>()?;
    let secret = req.cookie("hoptac_new_token")?.value().to_owned();
    if let Some(res) = use_context::<leptos_actix::ResponseOptions>() {
        let removal = "hoptac_new_token=; Path=/account; Max-Age=0; HttpOnly; SameSite=Strict";
        if let Ok(value) = actix_web::http::header::HeaderValue::from_str(removal) {
            res.append_header(actix_web::http::header::SET_COOKIE, value);
        }
    }
    Some(secret)
}

/// `/account`
#[component]
pub fn AccountPage() -> impl IntoView {
    let Some(actor) = signed_in() else {
        return ().into_any();
    };
    let profile_state = state_of("profile");
    let token_state = state_of("token");
    mark_failed(&profile_state);
    mark_failed(&token_state);
    let created = new_token();
    let load = {
        let actor = actor.clone();
        async move {
            let s = services().map_err(failure)?;
            let sessions = s.accounts.sessions(&actor).await.map_err(failure)?;
            let tokens = s.accounts.api_tokens(&actor).await.map_err(failure)?;
            let cooperatives = s.catalog.my_cooperatives(&actor).await.map_err(failure)?;
            Ok::<_, AnyView>((sessions, tokens, cooperatives))
        }
    };
    view! {
        <Title text=format!("{} · {}", t("account-title"), t("site-name"))/>
        <h1>{t("account-title")}</h1>
        <Notice/>
        {(!actor.email_verified).then(|| view! {
            <div class="banner">
                <p>{t_with("account-verify-banner", &[("email", actor.email.clone().into())])}</p>
                <form method="post" action="/account/verify/resend">
                    <Csrf/>
                    <button type="submit" class="button secondary">{t("account-resend")}</button>
                </form>
            </div>
        })}
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (sessions, tokens, cooperatives) = match load.await {
                    Ok(data) => data,
                    Err(view) => return view,
                };
                let managed: Vec<(String, String)> = cooperatives
                    .iter()
                    .filter(|c| c.role.is_some_and(|r| r >= accounts::MemberRole::Manager))
                    .map(|c| (c.id.to_string(), c.name.clone()))
                    .collect();
                let coop_names: std::collections::HashMap<kernel::CooperativeId, String> =
                    cooperatives.iter().map(|c| (c.id, c.name.clone())).collect();
                view! {
                    <section class="panel">
                        <h2>{t("account-profile")}</h2>
                        <ErrorSummary state=profile_state.clone()/>
                        <form method="post" action="/account" class="form">
                            <Csrf/>
                            <Field name="name" state=profile_state.clone() value=actor.name.clone() required=true/>
                            <p class="hint">{t("field-email")} ": " {actor.email.clone()}</p>
                            <Choice name="locale" options=languages() state=profile_state.clone() value=actor.locale.code()/>
                            <button type="submit" class="button">{t("form-save")}</button>
                        </form>
                    </section>
                    <section class="panel" id="cooperatives">
                        <h2>{t("account-cooperatives")}</h2>
                        {if cooperatives.is_empty() {
                            view! { <p class="empty">{t("account-no-cooperatives")} " " <a href="/sell">{t("nav-sell")}</a></p> }.into_any()
                        } else {
                            view! {
                                <ul class="plain">
                                    {cooperatives.into_iter().map(|c| {
                                        let href = if c.status == "approved" || c.status == "suspended" {
                                            format!("/seller/cooperatives/{}", c.id)
                                        } else {
                                            format!("/seller/applications/{}", c.id)
                                        };
                                        view! { <li><a href=href>{c.name}</a> " " <StatusBadge status=c.status/></li> }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    </section>
                    <section class="panel" id="export">
                        <h2>{t("export-desk-title")}</h2>
                        <p>{t("account-export-lead")} " " <a href="/export">{t("account-export-link")}</a></p>
                    </section>
                    <section class="panel" id="sessions">
                        <h2>{t("account-sessions")}</h2>
                        <table class="dense">
                            <thead><tr><th>{t("session-device")}</th><th>{t("session-address")}</th><th>{t("session-last-seen")}</th><th></th></tr></thead>
                            <tbody>
                                {sessions.into_iter().map(|s| view! {
                                    <tr>
                                        <td>{s.user_agent.unwrap_or_default().chars().take(60).collect::<String>()}</td>
                                        <td>{s.ip.unwrap_or_default()}</td>
                                        <td>{when(s.last_seen_at)}</td>
                                        <td>{if s.current {
                                            view! { <span class="status status-approved">{t("session-this")}</span> }.into_any()
                                        } else {
                                            view! {
                                                <form method="post" action=format!("/account/sessions/{}/revoke", s.id)>
                                                    <Csrf/>
                                                    <button type="submit" class="button small secondary">{t("session-end")}</button>
                                                </form>
                                            }.into_any()
                                        }}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        <form method="post" action="/account/sessions/revoke-all">
                            <Csrf/>
                            <button type="submit" class="button secondary">{t("session-end-all")}</button>
                        </form>
                    </section>
                    <section class="panel" id="tokens">
                        <h2>{t("account-tokens")}</h2>
                        <p class="hint">{t("account-tokens-lead")}</p>
                        {created.map(|secret| view! {
                            <div class="banner success">
                                <p>{t("token-shown-once")}</p>
                                <p><code class="secret">{secret}</code></p>
                            </div>
                        })}
                        {(!tokens.is_empty()).then(|| view! {
                            <table class="dense">
                                <thead><tr><th>{t("field-name")}</th><th>{t("token-cooperative")}</th><th>{t("token-prefix")}</th><th>{t("token-last-used")}</th><th></th></tr></thead>
                                <tbody>
                                    {tokens.into_iter().map(|tk| view! {
                                        <tr>
                                            <td>{tk.name}</td>
                                            <td>{coop_names.get(&tk.cooperative_id).cloned().unwrap_or_default()}</td>
                                            <td><code>{tk.prefix} "…"</code></td>
                                            <td>{tk.last_used_at.map(when).unwrap_or_else(|| t("token-never"))}</td>
                                            <td>
                                                <form method="post" action=format!("/account/tokens/{}/revoke", tk.id)>
                                                    <Csrf/>
                                                    <button type="submit" class="button small secondary">{t("token-revoke")}</button>
                                                </form>
                                            </td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        })}
                        {(!managed.is_empty()).then(|| view! {
                            <ErrorSummary state=token_state.clone()/>
                            <form method="post" action="/account/tokens" class="form inline-form">
                                <Csrf/>
                                <Choice name="cooperative_id" options=managed state=token_state.clone()/>
                                <Field name="name" state=token_state.clone() required=true/>
                                <button type="submit" class="button">{t("token-create")}</button>
                            </form>
                        })}
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}
