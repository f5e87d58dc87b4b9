//! Jobs exist exactly when the change that caused them was committed.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly; helpers outside #[test] functions too"
)]

use notify::outbox::{self, NewJob};
use sea_orm::{EntityTrait, PaginatorTrait, TransactionTrait};
use testkit::TestDb;

async fn jobs(db: &TestDb) -> u64 {
    entity::outbox::Entity::find()
        .count(&db.conn)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_job_enqueued_in_a_committed_transaction_is_kept() {
    eprintln!("[{}]", testkit::Backend::current().name());
    let db = TestDb::new().await;
    let txn = db.conn.begin().await.unwrap();
    let id = outbox::enqueue(
        &txn,
        NewJob::new("email", serde_json::json!({"to": "lan@example.vn"})),
    )
    .await
    .unwrap();
    assert!(id.is_some());
    txn.commit().await.unwrap();
    assert_eq!(jobs(&db).await, 1);
    let counts = outbox::counts(&db.conn).await.unwrap();
    assert_eq!(counts, vec![("queued".to_owned(), 1)]);
}

#[tokio::test]
async fn a_rolled_back_transaction_leaves_no_job_behind() {
    eprintln!("[{}]", testkit::Backend::current().name());
    let db = TestDb::new().await;
    let txn = db.conn.begin().await.unwrap();
    outbox::enqueue(&txn, NewJob::new("email", "hello"))
        .await
        .unwrap();
    txn.rollback().await.unwrap();
    assert_eq!(jobs(&db).await, 0);
}

#[tokio::test]
async fn the_same_dedupe_key_enqueues_one_job() {
    eprintln!("[{}]", testkit::Backend::current().name());
    let db = TestDb::new().await;
    let first = outbox::enqueue(&db.conn, NewJob::new("email", 1).dedupe("order-1/placed"))
        .await
        .unwrap();
    let second = outbox::enqueue(&db.conn, NewJob::new("email", 2).dedupe("order-1/placed"))
        .await
        .unwrap();
    assert!(first.is_some());
    assert_eq!(second, None);
    assert_eq!(jobs(&db).await, 1);
}

#[tokio::test]
async fn an_invalid_job_is_refused() {
    eprintln!("[{}]", testkit::Backend::current().name());
    let db = TestDb::new().await;
    let mut job = NewJob::new("email", 1);
    job.max_attempts = 0;
    assert!(outbox::enqueue(&db.conn, job).await.is_err());
    assert!(outbox::enqueue(&db.conn, NewJob::new("", 1)).await.is_err());
    assert_eq!(jobs(&db).await, 0);
}
