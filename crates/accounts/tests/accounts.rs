//! Accounts on the backend of the test run: registration, verification,
//! sign-in with throttling, sessions, password reset, API tokens.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly; helpers outside #[test] functions too"
)]

use accounts::{Accounts, AccountsConfig, Client, Error, NewAccount};
use kernel::Locale;
use notify::mail::Mailer;
use sea_orm::{EntityTrait, QueryOrder};
use testkit::TestDb;

const PASSWORD: &str = "mây tre đan Bao La 88";

async fn setup() -> (TestDb, Accounts) {
    eprintln!("[{}]", testkit::Backend::current().name());
    let db = TestDb::new().await;
    let mailer = Mailer::new("https://hoptac.test", "Hợp Tác <no-reply@hoptac.test>").unwrap();
    let config = AccountsConfig {
        site_url: "https://hoptac.test".into(),
        ..AccountsConfig::default()
    };
    let accounts = Accounts::new(db.conn.clone(), mailer, config);
    (db, accounts)
}

fn lan() -> NewAccount {
    NewAccount {
        email: "Lan@Example.vn".into(),
        password: PASSWORD.into(),
        name: "Nguyễn Thị Lan".into(),
        locale: Locale::Vi,
    }
}

/// The token in the newest e-mail's link.
async fn token_from_last_email(db: &TestDb) -> String {
    let job = entity::outbox::Entity::find()
        .order_by_desc(entity::outbox::Column::Id)
        .one(&db.conn)
        .await
        .unwrap()
        .expect("an e-mail was queued");
    let text = job.payload["text"].as_str().unwrap().to_owned();
    let start = text.find("token=").expect("a link with a token") + "token=".len();
    text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

fn client() -> Client {
    Client {
        ip: Some("203.0.113.7".into()),
        user_agent: Some("test".into()),
    }
}

#[tokio::test]
async fn registering_queues_a_verification_link_that_works_once() {
    let (db, accounts) = setup().await;
    let user = accounts.register(lan()).await.unwrap();
    assert_eq!(
        user.email, "lan@example.vn",
        "addresses are kept lower-cased"
    );
    assert!(!user.email_verified);
    let token = token_from_last_email(&db).await;
    let verified = accounts.verify_email(&token).await.unwrap();
    assert!(verified.email_verified);
    assert!(
        matches!(
            accounts.verify_email(&token).await,
            Err(Error::TokenInvalid)
        ),
        "single use"
    );
    assert!(matches!(
        accounts.verify_email("made-up").await,
        Err(Error::TokenInvalid)
    ));
}

#[tokio::test]
async fn a_second_account_with_the_same_address_is_refused_as_taken() {
    let (_db, accounts) = setup().await;
    accounts.register(lan()).await.unwrap();
    let mut again = lan();
    again.email = "LAN@example.vn".into();
    assert!(matches!(
        accounts.register(again).await,
        Err(Error::EmailTaken)
    ));
}

#[tokio::test]
async fn weak_passwords_and_bad_fields_are_named() {
    let (_db, accounts) = setup().await;
    let err = accounts
        .register(NewAccount {
            email: "not-an-address".into(),
            password: "password12".into(),
            name: " ".into(),
            locale: Locale::En,
        })
        .await
        .unwrap_err();
    let Error::Invalid(fields) = err else {
        panic!("{err}")
    };
    for field in ["email", "password", "name"] {
        assert!(fields.get(field).is_some(), "{field} not named: {fields}");
    }
}

#[tokio::test]
async fn signing_in_opens_a_session_that_signing_out_closes() {
    let (_db, accounts) = setup().await;
    accounts.register(lan()).await.unwrap();
    let session = accounts
        .login("lan@example.vn", PASSWORD, &client())
        .await
        .unwrap();
    let (actor, csrf) = accounts
        .authenticate_session(&session.secret)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(actor.email, "lan@example.vn");
    assert_eq!(csrf, session.csrf_token);
    assert_eq!(accounts.sessions(&actor).await.unwrap().len(), 1);
    accounts.logout(&session.secret).await.unwrap();
    assert!(
        accounts
            .authenticate_session(&session.secret)
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn ten_wrong_passwords_slow_their_address_but_never_lock_the_owner_out() {
    let (_db, accounts) = setup().await;
    accounts.register(lan()).await.unwrap();
    for attempt in 1..=5 {
        let err = accounts
            .login("lan@example.vn", "wrong password!", &client())
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::InvalidCredentials),
            "attempt {attempt}: {err}"
        );
    }
    let sixth = accounts
        .login("lan@example.vn", "wrong password!", &client())
        .await
        .unwrap_err();
    let Error::RateLimited { retry_after_secs } = sixth else {
        panic!("{sixth}")
    };
    assert!((28..=30).contains(&retry_after_secs), "{retry_after_secs}");
    for _ in 7..=10 {
        // even the right password waits at this address
        let waiting = accounts
            .login("lan@example.vn", PASSWORD, &client())
            .await
            .unwrap_err();
        assert!(matches!(waiting, Error::RateLimited { .. }), "{waiting}");
    }
    let elsewhere = Client {
        ip: Some("198.51.100.7".into()),
        user_agent: Some("test".into()),
    };
    accounts
        .login("lan@example.vn", PASSWORD, &elsewhere)
        .await
        .expect("the owner gets in from an address that has not failed");
}

#[tokio::test]
async fn signing_out_everywhere_ends_every_session() {
    let (_db, accounts) = setup().await;
    accounts.register(lan()).await.unwrap();
    let a = accounts
        .login("lan@example.vn", PASSWORD, &client())
        .await
        .unwrap();
    let b = accounts
        .login("lan@example.vn", PASSWORD, &client())
        .await
        .unwrap();
    let (actor, _) = accounts
        .authenticate_session(&a.secret)
        .await
        .unwrap()
        .unwrap();
    let listed = accounts.sessions(&actor).await.unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed.iter().filter(|s| s.current).count(), 1);
    assert_eq!(accounts.revoke_all_sessions(&actor).await.unwrap(), 2);
    for session in [a, b] {
        assert!(
            accounts
                .authenticate_session(&session.secret)
                .await
                .unwrap()
                .is_none()
        );
    }
}

#[tokio::test]
async fn a_password_reset_answers_the_same_for_unknown_addresses_and_works_once() {
    let (db, accounts) = setup().await;
    accounts.register(lan()).await.unwrap();
    let before = entity::outbox::Entity::find()
        .all(&db.conn)
        .await
        .unwrap()
        .len();
    accounts
        .request_password_reset("nobody@example.vn")
        .await
        .unwrap();
    assert_eq!(
        entity::outbox::Entity::find()
            .all(&db.conn)
            .await
            .unwrap()
            .len(),
        before,
        "no e-mail to nobody"
    );
    let old_session = accounts
        .login("lan@example.vn", PASSWORD, &client())
        .await
        .unwrap();
    accounts
        .request_password_reset("lan@example.vn")
        .await
        .unwrap();
    let token = token_from_last_email(&db).await;
    let weak = accounts
        .confirm_password_reset(&token, "short", &client())
        .await
        .unwrap_err();
    assert!(matches!(weak, Error::Invalid(_)), "{weak}");
    // a refused password keeps the link usable; a used link is done
    let signed_in = accounts
        .confirm_password_reset(&token, "a brand new long passphrase", &client())
        .await
        .unwrap();
    assert_eq!(signed_in.user.email, "lan@example.vn", "the link signs in");
    let again = accounts
        .confirm_password_reset(&token, "another long passphrase here", &client())
        .await;
    assert!(matches!(again, Err(Error::TokenInvalid)), "{again:?}");
    assert!(
        accounts
            .authenticate_session(&old_session.secret)
            .await
            .unwrap()
            .is_none(),
        "old sessions end"
    );
    assert!(
        accounts
            .login("lan@example.vn", PASSWORD, &client())
            .await
            .is_err()
    );
    accounts
        .login("lan@example.vn", "a brand new long passphrase", &client())
        .await
        .unwrap();
}

#[tokio::test]
async fn an_api_token_acts_only_inside_its_cooperative_until_revoked() {
    let (db, accounts) = setup().await;
    let user = accounts.register(lan()).await.unwrap();
    let coop =
        testkit::fixtures::cooperative(&db.conn, "bao-la", entity::cooperatives::Status::Approved)
            .await;
    let other =
        testkit::fixtures::cooperative(&db.conn, "a-so", entity::cooperatives::Status::Approved)
            .await;
    for c in [coop, other] {
        accounts::add_member(
            &db.conn,
            kernel::CooperativeId(c),
            user.id,
            accounts::MemberRole::Owner,
        )
        .await
        .unwrap();
    }
    let session = accounts
        .login("lan@example.vn", PASSWORD, &client())
        .await
        .unwrap();
    let (actor, _) = accounts
        .authenticate_session(&session.secret)
        .await
        .unwrap()
        .unwrap();
    let (secret, info) = accounts
        .create_api_token(&actor, kernel::CooperativeId(coop), "kho hàng")
        .await
        .unwrap();
    assert!(secret.starts_with("hoptac_") && info.prefix.len() == 12);
    let listed = accounts.api_tokens(&actor).await.unwrap();
    assert_eq!(listed.len(), 1);
    let token_actor = accounts
        .authenticate_api_token(&secret)
        .await
        .unwrap()
        .unwrap();
    use accounts::{Action, authorize};
    assert!(
        authorize(
            Some(&token_actor),
            Action::ManageListings(kernel::CooperativeId(coop))
        )
        .is_ok()
    );
    assert!(
        authorize(
            Some(&token_actor),
            Action::ManageListings(kernel::CooperativeId(other))
        )
        .is_err()
    );
    assert!(authorize(Some(&token_actor), Action::ManageOwnAccount).is_err());
    accounts.revoke_api_token(&actor, info.id).await.unwrap();
    assert!(
        accounts
            .authenticate_api_token(&secret)
            .await
            .unwrap()
            .is_none()
    );
    // nothing stored holds the secret itself
    let stored = entity::api_tokens::Entity::find()
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    assert!(!stored.token_hash.contains(&secret[7..]));
}
