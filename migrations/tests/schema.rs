//! The schema, migrated on the backend of the test run (SQLite or
//! PostgreSQL): it applies, rolls back and re-applies, and its constraints
//! hold whatever the application does.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly; helpers outside #[test] functions too"
)]

use chrono::Utc;
use entity::{audit_log, categories, cooperatives, product_variants, products};
use kernel::I18nText;
use migration::{Migrator, MigratorTrait};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use testkit::TestDb;
use testkit::fixtures;
use uuid::Uuid;

#[tokio::test]
async fn migrations_apply_roll_back_and_apply_again() {
    eprintln!(
        "[{}] migrations_apply_roll_back_and_apply_again",
        testkit::Backend::current().name()
    );
    let db = TestDb::empty().await;
    migration::migrate_up(&db.conn).await.unwrap();
    let applied = Migrator::get_applied_migrations(&db.conn).await.unwrap();
    assert_eq!(applied.len(), Migrator::migrations().len());
    Migrator::down(&db.conn, None).await.unwrap();
    assert!(
        Migrator::get_applied_migrations(&db.conn)
            .await
            .unwrap()
            .is_empty()
    );
    migration::migrate_up(&db.conn).await.unwrap();
    assert!(
        Migrator::get_pending_migrations(&db.conn)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn migrating_from_several_processes_at_once_applies_each_step_once() {
    eprintln!(
        "[{}] migrating_from_several_processes_at_once",
        testkit::Backend::current().name()
    );
    let db = TestDb::empty().await;
    let (a, b, c) = tokio::join!(
        migration::migrate_up(&db.conn),
        migration::migrate_up(&db.conn),
        migration::migrate_up(&db.conn)
    );
    // on PostgreSQL all three succeed (an advisory lock queues them); SQLite
    // serves one process, so one success is what counts there
    let successes = [a.is_ok(), b.is_ok(), c.is_ok()]
        .iter()
        .filter(|ok| **ok)
        .count();
    match db.backend() {
        testkit::Backend::Postgres => assert_eq!(successes, 3, "{a:?} {b:?} {c:?}"),
        testkit::Backend::Sqlite => assert!(successes >= 1),
    }
    migration::migrate_up(&db.conn).await.unwrap();
    let applied = Migrator::get_applied_migrations(&db.conn).await.unwrap();
    assert_eq!(applied.len(), Migrator::migrations().len());
}

/// A variant of a published listing of an approved cooperative; returns
/// the ids of the variant, its listing and its cooperative.
async fn a_variant_with_stock(db: &TestDb, stock: i32) -> (Uuid, Uuid, Uuid) {
    let coop = fixtures::cooperative(&db.conn, "coop", cooperatives::Status::Approved).await;
    let product = fixtures::product(&db.conn, coop, "Giỏ", products::Status::Published).await;
    let variant = fixtures::variant(&db.conn, product, coop, "SKU-1", stock).await;
    (variant, product, coop)
}

#[tokio::test]
async fn stock_can_never_go_below_zero() {
    eprintln!(
        "[{}] stock_can_never_go_below_zero",
        testkit::Backend::current().name()
    );
    let db = TestDb::new().await;
    let (variant, _, _) = a_variant_with_stock(&db, 1).await;
    let take = |n: i32| {
        product_variants::Entity::update_many()
            .col_expr(
                product_variants::Column::Stock,
                Expr::col(product_variants::Column::Stock).sub(n),
            )
            .filter(product_variants::Column::Id.eq(variant))
            .exec(&db.conn)
    };
    let err = take(2).await.unwrap_err();
    assert!(
        entity::is_check_violation(&err, "ck_product_variants_stock"),
        "{err}"
    );
    take(1).await.unwrap();
    let row = product_variants::Entity::find_by_id(variant)
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.stock, 0);
}

#[tokio::test]
async fn a_sku_is_unique_within_a_cooperative() {
    eprintln!(
        "[{}] a_sku_is_unique_within_a_cooperative",
        testkit::Backend::current().name()
    );
    let db = TestDb::new().await;
    let (_, product, coop) = a_variant_with_stock(&db, 1).await;
    let err = fixtures::try_variant(&db.conn, product, coop, "SKU-1", 5)
        .await
        .unwrap_err();
    assert!(entity::is_unique_violation(&err, "sku"), "{err}");
}

#[tokio::test]
async fn the_audit_log_is_append_only() {
    eprintln!(
        "[{}] the_audit_log_is_append_only",
        testkit::Backend::current().name()
    );
    let db = TestDb::new().await;
    let id = Uuid::now_v7();
    audit_log::Entity::insert(audit_log::ActiveModel {
        id: Set(id),
        actor_id: Set(None),
        action: Set("cooperative.approve".into()),
        target_type: Set("cooperative".into()),
        target_id: Set("x".into()),
        reason: Set(None),
        request_id: Set(None),
        data: Set(None),
        created_at: Set(Utc::now()),
    })
    .exec(&db.conn)
    .await
    .unwrap();
    let update = db
        .conn
        .execute_unprepared("UPDATE audit_log SET reason = 'rewritten'")
        .await;
    assert!(update.is_err(), "UPDATE must be refused");
    let delete = db.conn.execute_unprepared("DELETE FROM audit_log").await;
    assert!(delete.is_err(), "DELETE must be refused");
    assert!(
        audit_log::Entity::find_by_id(id)
            .one(&db.conn)
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn a_category_with_children_cannot_be_deleted() {
    eprintln!(
        "[{}] a_category_with_children_cannot_be_deleted",
        testkit::Backend::current().name()
    );
    let db = TestDb::new().await;
    let now = Utc::now();
    let (parent, child) = (Uuid::now_v7(), Uuid::now_v7());
    for (id, parent_id, slug) in [(parent, None, "cha"), (child, Some(parent), "con")] {
        categories::Entity::insert(categories::ActiveModel {
            id: Set(id),
            parent_id: Set(parent_id),
            slug: Set(slug.into()),
            name: Set(I18nText::vi(slug)),
            position: Set(0),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec(&db.conn)
        .await
        .unwrap();
    }
    assert!(
        categories::Entity::delete_by_id(parent)
            .exec(&db.conn)
            .await
            .is_err()
    );
}

/// One sale booked the way the ledger's own migration knew it (no held
/// columns yet): its transaction and two legs.
async fn book_old_style_sale(db: &TestDb, coop: Uuid) -> Uuid {
    use sea_orm::sea_query::{Alias, Query};
    let txn = Uuid::now_v7();
    let now = Utc::now();
    let insert = Query::insert()
        .into_table(Alias::new("ledger_transactions"))
        .columns(
            [
                "id",
                "source",
                "kind",
                "cooperative_id",
                "memo",
                "created_at",
            ]
            .map(Alias::new),
        )
        .values_panic([
            txn.into(),
            format!("sale:{txn}").into(),
            "sale".into(),
            coop.into(),
            "HT-1 paid".into(),
            now.into(),
        ])
        .to_owned();
    db.conn.execute(&insert).await.unwrap();
    for (account, amount, leg_coop) in [
        ("market_cash", 100_000i64, None),
        ("cooperative_payable", -100_000, Some(coop)),
    ] {
        let insert = Query::insert()
            .into_table(Alias::new("ledger_entries"))
            .columns(
                [
                    "id",
                    "transaction_id",
                    "account",
                    "cooperative_id",
                    "amount_vnd",
                    "created_at",
                ]
                .map(Alias::new),
            )
            .values_panic([
                Uuid::now_v7().into(),
                txn.into(),
                account.into(),
                leg_coop.into(),
                amount.into(),
                now.into(),
            ])
            .to_owned();
        db.conn.execute(&insert).await.unwrap();
    }
    txn
}

#[tokio::test]
async fn the_ledger_keeps_its_rows_and_stays_append_only_when_money_for_buyers_is_added() {
    eprintln!(
        "[{}] the_ledger_keeps_its_rows_and_stays_append_only_when_money_for_buyers_is_added",
        testkit::Backend::current().name()
    );
    let db = TestDb::empty().await;
    let before = Migrator::migrations().len() - 1;
    Migrator::up(&db.conn, Some(u32::try_from(before).unwrap()))
        .await
        .unwrap();
    let coop = fixtures::cooperative(&db.conn, "bao-la", cooperatives::Status::Approved).await;
    let sale = book_old_style_sale(&db, coop).await;

    migration::migrate_up(&db.conn).await.unwrap();

    // the sale and its legs are there, with their cooperative
    let row = entity::ledger_transactions::Entity::find_by_id(sale)
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.cooperative_id, Some(coop));
    assert_eq!(row.payment_id, None);
    let legs = entity::ledger_entries::Entity::find()
        .filter(entity::ledger_entries::Column::TransactionId.eq(sale))
        .all(&db.conn)
        .await
        .unwrap();
    assert_eq!(legs.iter().map(|l| l.amount_vnd).sum::<i64>(), 0);
    assert_eq!(legs.len(), 2);
    // still append-only, and the legs still need their transaction
    for statement in [
        "UPDATE ledger_transactions SET memo = 'rewritten'",
        "DELETE FROM ledger_entries",
        "DELETE FROM ledger_transactions",
    ] {
        assert!(
            db.conn.execute_unprepared(statement).await.is_err(),
            "{statement} must be refused"
        );
    }
    // money held for a buyer needs no cooperative
    let held = Uuid::now_v7();
    payments::ledger::book(&db.conn, &payments::ledger::Booking::held(held, 20_000))
        .await
        .unwrap();
    let tb = payments::ledger::trial_balance(&db.conn).await.unwrap();
    assert_eq!(tb.held_for_buyers_vnd, 20_000);
    assert_eq!(tb.received_vnd, 120_000);
    assert!(tb.unbalanced.is_empty());

    // the step cannot be undone while the ledger holds money for buyers
    let steps_back = Migrator::migrations()
        .iter()
        .rev()
        .position(|m| m.name().ends_with("money_never_lost"))
        .expect("the money migration is applied")
        + 1;
    let err = Migrator::down(&db.conn, Some(steps_back as u32))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("holds money for buyers"), "{err}");
}
