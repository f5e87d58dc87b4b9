//! The accounts service.

use chrono::{DateTime, Duration, Utc};
use entity::{api_tokens, cooperative_members, one_time_tokens, sessions, users};
use kernel::{CooperativeId, FieldErrors, Locale, UserId, problem};
use notify::mail::{Mailer, PasswordReset, Recipient, VerifyEmail};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder,
};
use serde::Serialize;
use uuid::Uuid;

use crate::password::{PasswordHash, check_password_policy, hash_password, verify_password};
use crate::policy::{Action, Actor, MemberRole, Membership, PlatformRole, authorize};
use crate::{Email, Error, Result, throttle, tokens};

/// How long things last.
#[derive(Clone, Debug)]
pub struct AccountsConfig {
    /// Where links in e-mails point.
    pub site_url: String,
    /// A session's lifetime.
    pub session_days: i64,
    /// An e-mail verification link's lifetime.
    pub verify_hours: i64,
    /// A password reset link's lifetime.
    pub reset_minutes: i64,
}

impl Default for AccountsConfig {
    fn default() -> Self {
        Self {
            site_url: "http://127.0.0.1:8080".into(),
            session_days: 30,
            verify_hours: 48,
            reset_minutes: 30,
        }
    }
}

/// The accounts service.
#[derive(Clone)]
pub struct Accounts {
    db: DatabaseConnection,
    mailer: Mailer,
    config: AccountsConfig,
}

/// A new account.
#[derive(Clone, Debug)]
pub struct NewAccount {
    /// E-mail address.
    pub email: String,
    /// Password (checked against the policy).
    pub password: String,
    /// Display name.
    pub name: String,
    /// Language of e-mails and pages.
    pub locale: Locale,
}

/// A person as they see their own account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct User {
    /// Id.
    pub id: UserId,
    /// E-mail address.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Language.
    pub locale: Locale,
    /// Platform role.
    pub role: PlatformRole,
    /// Whether the address is confirmed.
    pub email_verified: bool,
    /// Cooperatives they belong to.
    pub memberships: Vec<Membership>,
    /// Joined.
    pub created_at: DateTime<Utc>,
}

/// Where a request comes from, for sessions and throttling.
#[derive(Clone, Debug, Default)]
pub struct Client {
    /// The address, as the server sees it.
    pub ip: Option<String>,
    /// The browser, as it says.
    pub user_agent: Option<String>,
}

/// A new session: the secret for the cookie (given once) and its CSRF token.
#[derive(Clone, Debug)]
pub struct NewSession {
    /// The cookie's value.
    pub secret: String,
    /// The token state-changing requests must carry.
    pub csrf_token: String,
    /// When it ends.
    pub expires_at: DateTime<Utc>,
    /// Who signed in.
    pub user: User,
}

/// A session just written, before its owner is read back.
struct OpenedSession {
    secret: String,
    csrf_token: String,
    expires_at: DateTime<Utc>,
    user: Uuid,
}

/// A session as the account page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SessionInfo {
    /// Id.
    pub id: Uuid,
    /// Browser.
    pub user_agent: Option<String>,
    /// Address.
    pub ip: Option<String>,
    /// Signed in.
    pub created_at: DateTime<Utc>,
    /// Last used.
    pub last_seen_at: DateTime<Utc>,
    /// Ends.
    pub expires_at: DateTime<Utc>,
    /// Whether it is the one asking.
    pub current: bool,
}

/// An API token as its owner sees it (never the secret, except once).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ApiTokenInfo {
    /// Id.
    pub id: Uuid,
    /// Its name.
    pub name: String,
    /// The cooperative it acts in.
    pub cooperative_id: CooperativeId,
    /// Its first characters.
    pub prefix: String,
    /// Made.
    pub created_at: DateTime<Utc>,
    /// Last used.
    pub last_used_at: Option<DateTime<Utc>>,
}

/// Refresh a session's "last seen" at most this often (a write per request
/// would be waste).
const LAST_SEEN_GRANULARITY_MINUTES: i64 = 5;

const VERIFY_EMAIL: &str = "verify_email";
const PASSWORD_RESET: &str = "password_reset";

fn role_of(role: users::Role) -> PlatformRole {
    match role {
        users::Role::Shopper => PlatformRole::Shopper,
        users::Role::Staff => PlatformRole::Staff,
        users::Role::Admin => PlatformRole::Admin,
    }
}

fn locale_of(code: &str) -> Locale {
    code.parse().unwrap_or_default()
}

fn recipient(user: &users::Model) -> Recipient {
    Recipient {
        email: user.email.clone(),
        name: user.name.clone(),
        locale: locale_of(&user.locale),
    }
}

/// Checks a display name: 1 to 100 characters, no control characters.
fn check_name(name: &str, errors: &mut FieldErrors) -> String {
    let name = name.trim().to_owned();
    let chars = name.chars().count();
    if chars == 0 {
        errors.add("name", problem::required());
    } else if chars > 100 {
        errors.add("name", problem::too_long(100));
    } else if name.chars().any(char::is_control) {
        errors.add("name", problem::control_characters());
    }
    name
}

impl Accounts {
    /// The service over `db`, e-mailing through `mailer`.
    pub fn new(db: DatabaseConnection, mailer: Mailer, config: AccountsConfig) -> Self {
        Self { db, mailer, config }
    }

    fn link(&self, path: &str, token: &str) -> String {
        format!(
            "{}{path}?token={token}",
            self.config.site_url.trim_end_matches('/')
        )
    }

    /// Opens an account and e-mails a link that confirms the address.
    #[tracing::instrument(skip_all)]
    pub async fn register(&self, new: NewAccount) -> Result<User> {
        let mut errors = FieldErrors::new();
        let email = match Email::parse(&new.email) {
            Ok(email) => Some(email),
            Err(_) => {
                errors.add("email", problem::not_an_email());
                None
            }
        };
        let name = check_name(&new.name, &mut errors);
        let inputs: Vec<&str> = [new.email.as_str(), name.as_str()].into_iter().collect();
        if let Err(problems) = check_password_policy(&new.password, &inputs) {
            errors.merge(problems);
        }
        let email = match (email, errors.is_empty()) {
            (Some(email), true) => email,
            _ => return Err(Error::Invalid(errors)),
        };
        let hash = hash_password(&new.password)?;
        let now = Utc::now();
        let txn = entity::db::begin_write(&self.db).await?;
        let id = Uuid::now_v7();
        let inserted = users::Entity::insert(users::ActiveModel {
            id: Set(id),
            email: Set(email.as_str().to_owned()),
            name: Set(name),
            password_hash: Set(hash.into_stored()),
            locale: Set(new.locale.code().to_owned()),
            role: Set(users::Role::Shopper),
            email_verified_at: Set(None),
            disabled_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec_without_returning(&txn)
        .await;
        match inserted {
            Ok(_) => {}
            Err(err) if entity::is_unique_violation(&err, "email") => {
                return Err(Error::EmailTaken);
            }
            Err(err) => return Err(err.into()),
        }
        let user = users::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(Error::NotFound("user"))?;
        self.send_verification(&txn, &user).await?;
        txn.commit().await?;
        tracing::info!(user = %id, "account registered");
        self.user(UserId(id)).await
    }

    async fn send_verification<C: ConnectionTrait>(
        &self,
        conn: &C,
        user: &users::Model,
    ) -> Result<()> {
        let token = self
            .one_time_token(
                conn,
                user.id,
                VERIFY_EMAIL,
                Duration::hours(self.config.verify_hours),
            )
            .await?;
        let content = VerifyEmail {
            verify_url: self.link("/account/verify", &token),
            expires_hours: u32::try_from(self.config.verify_hours).unwrap_or(48),
        };
        self.mailer
            .enqueue(conn, &recipient(user), &content)
            .await?;
        Ok(())
    }

    /// E-mails a new verification link (the old ones stop working).
    pub async fn resend_verification(&self, actor: &Actor) -> Result<()> {
        authorize(Some(actor), Action::ManageOwnAccount)?;
        let txn = entity::db::begin_write(&self.db).await?;
        let user = users::Entity::find_by_id(actor.user_id.uuid())
            .one(&txn)
            .await?
            .ok_or(Error::NotFound("user"))?;
        if user.email_verified_at.is_none() {
            self.send_verification(&txn, &user).await?;
        }
        txn.commit().await?;
        Ok(())
    }

    /// A fresh single-use token for `purpose`; earlier unused ones of the
    /// same purpose stop working.
    async fn one_time_token<C: ConnectionTrait>(
        &self,
        conn: &C,
        user: Uuid,
        purpose: &str,
        lifetime: Duration,
    ) -> Result<String> {
        let now = Utc::now();
        one_time_tokens::Entity::update_many()
            .col_expr(one_time_tokens::Column::UsedAt, Expr::value(Some(now)))
            .filter(one_time_tokens::Column::UserId.eq(user))
            .filter(one_time_tokens::Column::Purpose.eq(purpose))
            .filter(one_time_tokens::Column::UsedAt.is_null())
            .exec(conn)
            .await?;
        let (secret, hash) = tokens::generate("")?;
        one_time_tokens::Entity::insert(one_time_tokens::ActiveModel {
            id: Set(Uuid::now_v7()),
            user_id: Set(user),
            purpose: Set(purpose.to_owned()),
            token_hash: Set(hash),
            expires_at: Set(now + lifetime),
            used_at: Set(None),
            created_at: Set(now),
        })
        .exec_without_returning(conn)
        .await?;
        Ok(secret)
    }

    /// Uses a single-use token: marks it used and returns its user, or
    /// refuses when it is unknown, used or expired. The conditional update
    /// makes two concurrent uses of one token end with one success.
    async fn use_token<C: ConnectionTrait>(
        &self,
        conn: &C,
        secret: &str,
        purpose: &str,
    ) -> Result<Uuid> {
        let now = Utc::now();
        let hash = tokens::hash(secret.trim());
        let row = one_time_tokens::Entity::find()
            .filter(one_time_tokens::Column::TokenHash.eq(hash.as_str()))
            .filter(one_time_tokens::Column::Purpose.eq(purpose))
            .one(conn)
            .await?
            .ok_or(Error::TokenInvalid)?;
        let used = one_time_tokens::Entity::update_many()
            .col_expr(one_time_tokens::Column::UsedAt, Expr::value(Some(now)))
            .filter(one_time_tokens::Column::Id.eq(row.id))
            .filter(one_time_tokens::Column::UsedAt.is_null())
            .filter(one_time_tokens::Column::ExpiresAt.gt(now))
            .exec(conn)
            .await?;
        if used.rows_affected == 1 {
            Ok(row.user_id)
        } else {
            Err(Error::TokenInvalid)
        }
    }

    /// Confirms an e-mail address with the token from the link.
    pub async fn verify_email(&self, token: &str) -> Result<User> {
        let txn = entity::db::begin_write(&self.db).await?;
        let user = self.use_token(&txn, token, VERIFY_EMAIL).await?;
        users::Entity::update_many()
            .col_expr(
                users::Column::EmailVerifiedAt,
                Expr::value(Some(Utc::now())),
            )
            .filter(users::Column::Id.eq(user))
            .filter(users::Column::EmailVerifiedAt.is_null())
            .exec(&txn)
            .await?;
        txn.commit().await?;
        self.user(UserId(user)).await
    }

    /// Signs in with an e-mail address and a password, opening a session.
    /// Failures are counted per (account, address) pair and per address (see
    /// [`crate::throttle`]); while either waits the answer is "too many" with
    /// the seconds to wait, whatever the password. Nothing is counted per
    /// account alone, so the owner signing in from another address gets in.
    #[tracing::instrument(skip_all)]
    pub async fn login(&self, email: &str, password: &str, client: &Client) -> Result<NewSession> {
        let email = Email::parse(email).map_err(|_| Error::InvalidCredentials)?;
        let keys = throttle::Keys::sign_in(email.as_str(), client.ip.as_deref());
        let now = Utc::now();
        keys.check(&self.db, now).await?;
        let user = users::Entity::find()
            .filter(users::Column::Email.eq(email.as_str()))
            .one(&self.db)
            .await?;
        let valid = match &user {
            Some(user) => verify_password(
                password,
                &PasswordHash::from_stored(user.password_hash.clone()),
            ),
            None => {
                // hash anyway, so a missing account takes as long as a wrong password
                let _ = hash_password(password);
                false
            }
        };
        let user = match (user, valid) {
            (Some(user), true) => user,
            _ => {
                tracing::info!("sign-in refused");
                keys.fail(&self.db, now).await?;
                return Err(Error::InvalidCredentials);
            }
        };
        if user.disabled_at.is_some() {
            return Err(Error::AccountDisabled);
        }
        keys.succeed(&self.db).await?;
        let opened = self.open_session(&self.db, user.id, client, now).await?;
        tracing::info!(user = %user.id, "signed in");
        self.new_session(opened).await
    }

    /// Runs a guest's look-up of the order `number` from `client` under the
    /// look-up throttle ([`crate::throttle::LOOKUP_PAIR`] per number and
    /// address, [`crate::throttle::LOOKUP_ADDRESS`] per address). While the
    /// client waits, `lookup` is not run and the answer is "too many". A
    /// look-up whose error `missed` calls a miss (nothing found) is counted,
    /// and when that makes the client wait, "too many" is answered instead
    /// of the miss; one that finds the order forgets the misses of its
    /// number from this address. The outer result is the throttle's, the
    /// inner one the look-up's.
    #[tracing::instrument(skip_all)]
    pub async fn throttled_lookup<T, E>(
        &self,
        client: &Client,
        number: &str,
        lookup: impl Future<Output = Result<T, E>>,
        missed: impl FnOnce(&E) -> bool,
    ) -> Result<Result<T, E>> {
        let keys = throttle::Keys::lookup(number, client.ip.as_deref());
        keys.check(&self.db, Utc::now()).await?;
        let found = lookup.await;
        match &found {
            Ok(_) => keys.succeed(&self.db).await?,
            Err(err) if missed(err) => {
                tracing::info!("order look-up found nothing");
                keys.fail(&self.db, Utc::now()).await?;
            }
            Err(_) => {}
        }
        Ok(found)
    }

    /// Opens a session for `user` on `client`; [`Self::new_session`] tells
    /// it to its owner once the transaction it was opened in has committed.
    async fn open_session<C: ConnectionTrait>(
        &self,
        conn: &C,
        user: Uuid,
        client: &Client,
        now: DateTime<Utc>,
    ) -> Result<OpenedSession> {
        let (secret, hash) = tokens::generate("")?;
        let (csrf_token, _) = tokens::generate("")?;
        let expires_at = now + Duration::days(self.config.session_days);
        let clip = |s: &Option<String>, n: usize| {
            s.as_ref().map(|s| s.chars().take(n).collect::<String>())
        };
        sessions::Entity::insert(sessions::ActiveModel {
            id: Set(Uuid::now_v7()),
            user_id: Set(user),
            token_hash: Set(hash),
            csrf_token: Set(csrf_token.clone()),
            user_agent: Set(clip(&client.user_agent, 255)),
            ip: Set(clip(&client.ip, 64)),
            created_at: Set(now),
            last_seen_at: Set(now),
            expires_at: Set(expires_at),
            revoked_at: Set(None),
        })
        .exec_without_returning(conn)
        .await?;
        Ok(OpenedSession {
            secret,
            csrf_token,
            expires_at,
            user,
        })
    }

    async fn new_session(&self, opened: OpenedSession) -> Result<NewSession> {
        Ok(NewSession {
            user: self.user(UserId(opened.user)).await?,
            secret: opened.secret,
            csrf_token: opened.csrf_token,
            expires_at: opened.expires_at,
        })
    }

    /// The actor behind a session cookie, with the session's CSRF token;
    /// `None` for an unknown, revoked or expired session.
    pub async fn authenticate_session(&self, secret: &str) -> Result<Option<(Actor, String)>> {
        let now = Utc::now();
        let Some(session) = sessions::Entity::find()
            .filter(sessions::Column::TokenHash.eq(tokens::hash(secret)))
            .filter(sessions::Column::RevokedAt.is_null())
            .filter(sessions::Column::ExpiresAt.gt(now))
            .one(&self.db)
            .await?
        else {
            return Ok(None);
        };
        if now - session.last_seen_at > Duration::minutes(LAST_SEEN_GRANULARITY_MINUTES) {
            sessions::Entity::update_many()
                .col_expr(sessions::Column::LastSeenAt, Expr::value(now))
                .filter(sessions::Column::Id.eq(session.id))
                .exec(&self.db)
                .await?;
        }
        let Some(mut actor) = self.actor(session.user_id).await? else {
            return Ok(None);
        };
        actor.session_id = Some(session.id);
        Ok(Some((actor, session.csrf_token)))
    }

    /// The actor behind an API token (acting only inside its cooperative),
    /// or `None` for an unknown or revoked token.
    pub async fn authenticate_api_token(&self, secret: &str) -> Result<Option<Actor>> {
        let Some(token) = api_tokens::Entity::find()
            .filter(api_tokens::Column::TokenHash.eq(tokens::hash(secret)))
            .filter(api_tokens::Column::RevokedAt.is_null())
            .one(&self.db)
            .await?
        else {
            return Ok(None);
        };
        let now = Utc::now();
        if token
            .last_used_at
            .is_none_or(|at| now - at > Duration::minutes(LAST_SEEN_GRANULARITY_MINUTES))
        {
            api_tokens::Entity::update_many()
                .col_expr(api_tokens::Column::LastUsedAt, Expr::value(Some(now)))
                .filter(api_tokens::Column::Id.eq(token.id))
                .exec(&self.db)
                .await?;
        }
        let Some(mut actor) = self.actor(token.user_id).await? else {
            return Ok(None);
        };
        actor.token_scope = Some(CooperativeId(token.cooperative_id));
        Ok(Some(actor))
    }

    /// The actor for an e-mail address, for operators acting on someone's
    /// behalf from the command line (their acts are audit-logged as theirs).
    pub async fn actor_by_email(&self, email: &str) -> Result<Option<Actor>> {
        let email = Email::parse(email)?;
        match users::Entity::find()
            .filter(users::Column::Email.eq(email.as_str()))
            .one(&self.db)
            .await?
        {
            Some(row) => self.actor(row.id).await,
            None => Ok(None),
        }
    }

    /// The actor for a user id, or `None` when the account is gone or disabled.
    async fn actor(&self, user: Uuid) -> Result<Option<Actor>> {
        let Some(row) = users::Entity::find_by_id(user).one(&self.db).await? else {
            return Ok(None);
        };
        if row.disabled_at.is_some() {
            return Ok(None);
        }
        Ok(Some(Actor {
            user_id: UserId(row.id),
            locale: locale_of(&row.locale),
            email_verified: row.email_verified_at.is_some(),
            role: role_of(row.role),
            memberships: self.memberships(row.id).await?,
            token_scope: None,
            session_id: None,
            request_id: None,
            name: row.name,
            email: row.email,
        }))
    }

    async fn memberships(&self, user: Uuid) -> Result<Vec<Membership>> {
        Ok(cooperative_members::Entity::find()
            .filter(cooperative_members::Column::UserId.eq(user))
            .order_by_asc(cooperative_members::Column::CreatedAt)
            .all(&self.db)
            .await?
            .into_iter()
            .filter_map(|m| {
                Some(Membership {
                    cooperative_id: CooperativeId(m.cooperative_id),
                    role: MemberRole::parse(&m.role)?,
                })
            })
            .collect())
    }

    /// A user as they see themselves.
    pub async fn user(&self, id: UserId) -> Result<User> {
        let row = users::Entity::find_by_id(id.uuid())
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound("user"))?;
        Ok(User {
            id,
            memberships: self.memberships(row.id).await?,
            locale: locale_of(&row.locale),
            role: role_of(row.role),
            email_verified: row.email_verified_at.is_some(),
            created_at: row.created_at,
            email: row.email,
            name: row.name,
        })
    }

    /// Ends the session behind a cookie.
    pub async fn logout(&self, secret: &str) -> Result<()> {
        sessions::Entity::update_many()
            .col_expr(sessions::Column::RevokedAt, Expr::value(Some(Utc::now())))
            .filter(sessions::Column::TokenHash.eq(tokens::hash(secret)))
            .filter(sessions::Column::RevokedAt.is_null())
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// The actor's open sessions, newest first.
    pub async fn sessions(&self, actor: &Actor) -> Result<Vec<SessionInfo>> {
        authorize(Some(actor), Action::ManageOwnAccount)?;
        let now = Utc::now();
        Ok(sessions::Entity::find()
            .filter(sessions::Column::UserId.eq(actor.user_id.uuid()))
            .filter(sessions::Column::RevokedAt.is_null())
            .filter(sessions::Column::ExpiresAt.gt(now))
            .order_by_desc(sessions::Column::LastSeenAt)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|s| SessionInfo {
                current: actor.session_id == Some(s.id),
                id: s.id,
                user_agent: s.user_agent,
                ip: s.ip,
                created_at: s.created_at,
                last_seen_at: s.last_seen_at,
                expires_at: s.expires_at,
            })
            .collect())
    }

    /// Ends one of the actor's sessions.
    pub async fn revoke_session(&self, actor: &Actor, id: Uuid) -> Result<()> {
        authorize(Some(actor), Action::ManageOwnAccount)?;
        let result = sessions::Entity::update_many()
            .col_expr(sessions::Column::RevokedAt, Expr::value(Some(Utc::now())))
            .filter(sessions::Column::Id.eq(id))
            .filter(sessions::Column::UserId.eq(actor.user_id.uuid()))
            .filter(sessions::Column::RevokedAt.is_null())
            .exec(&self.db)
            .await?;
        if result.rows_affected == 1 {
            Ok(())
        } else {
            Err(Error::NotFound("session"))
        }
    }

    /// Ends every session of the actor ("sign out everywhere").
    pub async fn revoke_all_sessions(&self, actor: &Actor) -> Result<u64> {
        authorize(Some(actor), Action::ManageOwnAccount)?;
        revoke_all(&self.db, actor.user_id.uuid()).await
    }

    /// Changes the actor's name and language.
    pub async fn update_profile(&self, actor: &Actor, name: &str, locale: Locale) -> Result<User> {
        self.patch_profile(actor, Some(name), Some(locale)).await
    }

    /// Changes the name, the language, or both; what is `None` stays as it
    /// is.
    pub async fn patch_profile(
        &self,
        actor: &Actor,
        name: Option<&str>,
        locale: Option<Locale>,
    ) -> Result<User> {
        authorize(Some(actor), Action::ManageOwnAccount)?;
        let mut errors = FieldErrors::new();
        let name = name.map(|name| check_name(name, &mut errors));
        errors.into_result(()).map_err(Error::Invalid)?;
        let mut update = users::Entity::update_many()
            .col_expr(users::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(users::Column::Id.eq(actor.user_id.uuid()));
        if let Some(name) = name {
            update = update.col_expr(users::Column::Name, Expr::value(name));
        }
        if let Some(locale) = locale {
            update = update.col_expr(users::Column::Locale, Expr::value(locale.code()));
        }
        update.exec(&self.db).await?;
        self.user(actor.user_id).await
    }

    /// E-mails a password reset link when an account has this address, and
    /// does nothing visible otherwise: the caller answers the same either
    /// way, so nobody learns which addresses have accounts.
    #[tracing::instrument(skip_all)]
    pub async fn request_password_reset(&self, email: &str) -> Result<()> {
        let Ok(email) = Email::parse(email) else {
            return Ok(());
        };
        let txn = entity::db::begin_write(&self.db).await?;
        let user = users::Entity::find()
            .filter(users::Column::Email.eq(email.as_str()))
            .filter(users::Column::DisabledAt.is_null())
            .one(&txn)
            .await?;
        if let Some(user) = user {
            let token = self
                .one_time_token(
                    &txn,
                    user.id,
                    PASSWORD_RESET,
                    Duration::minutes(self.config.reset_minutes),
                )
                .await?;
            let content = PasswordReset {
                reset_url: self.link("/account/reset/confirm", &token),
                expires_minutes: u32::try_from(self.config.reset_minutes).unwrap_or(30),
            };
            self.mailer
                .enqueue(&txn, &recipient(&user), &content)
                .await?;
        }
        txn.commit().await?;
        Ok(())
    }

    /// Sets a new password with the token from a reset link and signs its
    /// owner in on `client`. Every other session ends (whoever had the old
    /// password is out), and the address counts as confirmed: the link
    /// reached its inbox. The link proves the owner, so no sign-in throttle
    /// stands in the way, and the account's failed sign-ins from every
    /// address are forgotten.
    #[tracing::instrument(skip_all)]
    pub async fn confirm_password_reset(
        &self,
        token: &str,
        password: &str,
        client: &Client,
    ) -> Result<NewSession> {
        let txn = entity::db::begin_write(&self.db).await?;
        let user_id = self.use_token(&txn, token, PASSWORD_RESET).await?;
        let user = users::Entity::find_by_id(user_id)
            .one(&txn)
            .await?
            .ok_or(Error::TokenInvalid)?;
        if user.disabled_at.is_some() {
            return Err(Error::AccountDisabled);
        }
        check_password_policy(password, &[&user.email, &user.name]).map_err(Error::Invalid)?;
        let hash = hash_password(password)?;
        let now = Utc::now();
        users::Entity::update_many()
            .col_expr(users::Column::PasswordHash, Expr::value(hash.into_stored()))
            .col_expr(
                users::Column::EmailVerifiedAt,
                Expr::value(Some(user.email_verified_at.unwrap_or(now))),
            )
            .col_expr(users::Column::UpdatedAt, Expr::value(now))
            .filter(users::Column::Id.eq(user_id))
            .exec(&txn)
            .await?;
        revoke_all(&txn, user_id).await?;
        let opened = self.open_session(&txn, user_id, client, now).await?;
        txn.commit().await?;
        throttle::forget_account(&self.db, &user.email).await?;
        tracing::info!(user = %user_id, "password reset, signed in");
        self.new_session(opened).await
    }

    /// Makes a personal API token acting for the actor inside one of their
    /// cooperatives. The secret is returned once and stored only hashed.
    pub async fn create_api_token(
        &self,
        actor: &Actor,
        cooperative: CooperativeId,
        name: &str,
    ) -> Result<(String, ApiTokenInfo)> {
        authorize(Some(actor), Action::ManageApiTokens(cooperative))?;
        let mut errors = FieldErrors::new();
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            errors.add("name", problem::length_between(1, 100));
        }
        errors.into_result(()).map_err(Error::Invalid)?;
        let (secret, hash) = tokens::generate("hoptac_")?;
        let now = Utc::now();
        let id = Uuid::now_v7();
        let prefix: String = secret.chars().take(12).collect();
        api_tokens::Entity::insert(api_tokens::ActiveModel {
            id: Set(id),
            user_id: Set(actor.user_id.uuid()),
            cooperative_id: Set(cooperative.uuid()),
            name: Set(name.to_owned()),
            prefix: Set(prefix.clone()),
            token_hash: Set(hash),
            created_at: Set(now),
            last_used_at: Set(None),
            revoked_at: Set(None),
        })
        .exec_without_returning(&self.db)
        .await?;
        Ok((
            secret,
            ApiTokenInfo {
                id,
                name: name.to_owned(),
                cooperative_id: cooperative,
                prefix,
                created_at: now,
                last_used_at: None,
            },
        ))
    }

    /// The actor's live API tokens.
    pub async fn api_tokens(&self, actor: &Actor) -> Result<Vec<ApiTokenInfo>> {
        authorize(Some(actor), Action::ManageOwnAccount)?;
        Ok(api_tokens::Entity::find()
            .filter(api_tokens::Column::UserId.eq(actor.user_id.uuid()))
            .filter(api_tokens::Column::RevokedAt.is_null())
            .order_by_desc(api_tokens::Column::CreatedAt)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|t| ApiTokenInfo {
                id: t.id,
                name: t.name,
                cooperative_id: CooperativeId(t.cooperative_id),
                prefix: t.prefix,
                created_at: t.created_at,
                last_used_at: t.last_used_at,
            })
            .collect())
    }

    /// Revokes one of the actor's API tokens.
    pub async fn revoke_api_token(&self, actor: &Actor, id: Uuid) -> Result<()> {
        authorize(Some(actor), Action::ManageOwnAccount)?;
        let result = api_tokens::Entity::update_many()
            .col_expr(api_tokens::Column::RevokedAt, Expr::value(Some(Utc::now())))
            .filter(api_tokens::Column::Id.eq(id))
            .filter(api_tokens::Column::UserId.eq(actor.user_id.uuid()))
            .filter(api_tokens::Column::RevokedAt.is_null())
            .exec(&self.db)
            .await?;
        if result.rows_affected == 1 {
            Ok(())
        } else {
            Err(Error::NotFound("token"))
        }
    }

    /// Makes the account with this address union staff (the command line
    /// does this, as the platform's operator).
    pub async fn grant_staff(&self, email: &str) -> Result<User> {
        let email = Email::parse(email)?;
        let result = users::Entity::update_many()
            .col_expr(users::Column::Role, Expr::value(users::Role::Staff))
            .col_expr(users::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(users::Column::Email.eq(email.as_str()))
            .filter(users::Column::Role.eq(users::Role::Shopper))
            .exec(&self.db)
            .await?;
        let user = users::Entity::find()
            .filter(users::Column::Email.eq(email.as_str()))
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound("user"))?;
        if result.rows_affected == 1 {
            entity::audit::record(
                &self.db,
                entity::audit::Entry {
                    action: "user.grant_staff".into(),
                    target_type: "user".into(),
                    target_id: user.id.to_string(),
                    ..Default::default()
                },
            )
            .await?;
        }
        self.user(UserId(user.id)).await
    }

    /// Creates an admin account with a confirmed address, or makes an
    /// existing account admin (its password unchanged).
    pub async fn create_admin(&self, email: &str, name: &str, password: &str) -> Result<User> {
        let parsed = Email::parse(email)?;
        if let Some(existing) = users::Entity::find()
            .filter(users::Column::Email.eq(parsed.as_str()))
            .one(&self.db)
            .await?
        {
            users::Entity::update_many()
                .col_expr(users::Column::Role, Expr::value(users::Role::Admin))
                .filter(users::Column::Id.eq(existing.id))
                .exec(&self.db)
                .await?;
            return self.user(UserId(existing.id)).await;
        }
        let user = self
            .register(NewAccount {
                email: email.to_owned(),
                password: password.to_owned(),
                name: name.to_owned(),
                locale: Locale::Vi,
            })
            .await?;
        users::Entity::update_many()
            .col_expr(users::Column::Role, Expr::value(users::Role::Admin))
            .col_expr(
                users::Column::EmailVerifiedAt,
                Expr::value(Some(Utc::now())),
            )
            .filter(users::Column::Id.eq(user.id.uuid()))
            .exec(&self.db)
            .await?;
        self.user(user.id).await
    }

    /// Marks an address confirmed without the e-mailed link (the operator
    /// vouches for it, e.g. for demo accounts).
    pub async fn mark_email_verified(&self, email: &str) -> Result<User> {
        let email = Email::parse(email)?;
        let user = users::Entity::find()
            .filter(users::Column::Email.eq(email.as_str()))
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound("user"))?;
        users::Entity::update_many()
            .col_expr(
                users::Column::EmailVerifiedAt,
                Expr::value(Some(Utc::now())),
            )
            .filter(users::Column::Id.eq(user.id))
            .filter(users::Column::EmailVerifiedAt.is_null())
            .exec(&self.db)
            .await?;
        self.user(UserId(user.id)).await
    }

    /// The user with this address, as the operator sees it.
    pub async fn find_by_email(&self, email: &str) -> Result<Option<User>> {
        let email = Email::parse(email)?;
        match users::Entity::find()
            .filter(users::Column::Email.eq(email.as_str()))
            .one(&self.db)
            .await?
        {
            Some(row) => Ok(Some(self.user(UserId(row.id)).await?)),
            None => Ok(None),
        }
    }
}

async fn revoke_all<C: ConnectionTrait>(conn: &C, user: Uuid) -> Result<u64> {
    let result = sessions::Entity::update_many()
        .col_expr(sessions::Column::RevokedAt, Expr::value(Some(Utc::now())))
        .filter(sessions::Column::UserId.eq(user))
        .filter(sessions::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(result.rows_affected)
}

/// Adds `user` to `cooperative` with `role` through `conn` (the caller's
/// transaction), or changes their role when they already belong.
pub async fn add_member<C: ConnectionTrait>(
    conn: &C,
    cooperative: CooperativeId,
    user: UserId,
    role: MemberRole,
) -> Result<()> {
    use sea_orm::sea_query::OnConflict;
    cooperative_members::Entity::insert(cooperative_members::ActiveModel {
        cooperative_id: Set(cooperative.uuid()),
        user_id: Set(user.uuid()),
        role: Set(role.as_str().to_owned()),
        created_at: Set(Utc::now()),
    })
    .on_conflict(
        OnConflict::columns([
            cooperative_members::Column::CooperativeId,
            cooperative_members::Column::UserId,
        ])
        .update_column(cooperative_members::Column::Role)
        .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(())
}
