//! E-mail that is never lost, on the backend of the test run, against a real
//! SMTP server (maildev) and the file transport.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly; helpers outside #[test] functions too"
)]

use std::sync::Arc;
use std::time::Duration;

use kernel::Locale;
use notify::mail::{
    BookingConfirmed, EmailHandler, MailTest, Mailer, OutgoingEmail, Recipient, Transport,
    VerifyEmail,
};
use notify::outbox;
use notify::worker::{Worker, WorkerConfig};
use sea_orm::TransactionTrait;
use testkit::TestDb;
use testkit::maildev::Maildev;

const FROM: &str = "Hợp Tác <no-reply@hoptac.test>";

fn mailer() -> Mailer {
    Mailer::new("https://hoptac.test", FROM).unwrap()
}

fn quick() -> WorkerConfig {
    WorkerConfig {
        poll_interval: Duration::from_millis(50),
        lease: Duration::from_secs(60),
        retry_base: Duration::from_millis(200),
        retry_max: Duration::from_millis(400),
        ..WorkerConfig::default()
    }
}

fn worker(db: &TestDb, transport: Transport, config: WorkerConfig) -> Worker {
    let handler = EmailHandler::new(transport, FROM).unwrap();
    Worker::new(db.conn.clone(), config).with_handler(notify::mail::TOPIC, Arc::new(handler))
}

fn lan(locale: Locale) -> Recipient {
    Recipient {
        email: "lan@example.vn".into(),
        name: "Nguyễn Thị Lan <script>alert(1)</script>".into(),
        locale,
    }
}

fn verify() -> VerifyEmail {
    VerifyEmail {
        verify_url: "https://hoptac.test/verify?token=abc".into(),
        expires_hours: 24,
    }
}

async fn db() -> TestDb {
    eprintln!("[{}]", testkit::Backend::current().name());
    TestDb::new().await
}

#[tokio::test]
async fn a_message_queued_in_a_rolled_back_transaction_is_never_sent() {
    let db = db().await;
    let dir = tempfile::tempdir().unwrap();
    let txn = db.conn.begin().await.unwrap();
    mailer()
        .enqueue(&txn, &lan(Locale::Vi), &verify())
        .await
        .unwrap();
    txn.rollback().await.unwrap();
    let report = worker(&db, Transport::files(dir.path()), quick())
        .run_once()
        .await
        .unwrap();
    assert_eq!(report.claimed, 0);
    assert_eq!(
        std::fs::read_dir(dir.path())
            .map(|d| d.count())
            .unwrap_or(0),
        0
    );
}

#[tokio::test]
async fn without_smtp_a_message_becomes_one_eml_file_named_after_its_message_id() {
    let db = db().await;
    let dir = tempfile::tempdir().unwrap();
    let txn = db.conn.begin().await.unwrap();
    let queued = mailer()
        .enqueue(&txn, &lan(Locale::En), &verify())
        .await
        .unwrap();
    txn.commit().await.unwrap();
    let report = worker(&db, Transport::files(dir.path()), quick())
        .run_once()
        .await
        .unwrap();
    assert_eq!((report.claimed, report.done), (1, 1));
    let files: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let eml = std::fs::read_to_string(&files[0]).unwrap();
    assert!(
        eml.contains(&format!("Message-ID: {}", queued.message_id)),
        "{eml}"
    );
    assert!(eml.contains("To: "), "{eml}");
    // the body is quoted-printable: `=` is written `=3D`
    assert!(
        eml.contains("https://hoptac.test/verify?token=3Dabc"),
        "{eml}"
    );
    assert!(eml.contains("Content-Type: text/html") && eml.contains("Content-Type: text/plain"));
}

#[test]
fn a_message_without_attachments_is_stored_as_before() {
    let email = mailer().render(&lan(Locale::Vi), &verify()).unwrap();
    assert!(email.attachments.is_empty());
    let json = serde_json::to_value(&email).unwrap();
    assert!(json.get("attachments").is_none(), "{json}");
    let back: OutgoingEmail = serde_json::from_value(json).unwrap();
    assert_eq!(back, email);
}

#[tokio::test]
async fn a_booking_arrives_with_its_calendar_file_attached() {
    use chrono::TimeZone;

    let db = db().await;
    let dir = tempfile::tempdir().unwrap();
    let event = notify::ics::CalendarEvent {
        uid: "booking-HT-2001@hoptac.test".into(),
        summary: "Chèo thuyền trên phá Tam Giang".into(),
        description: "Đơn HT-2001, 4 người lớn; 1 trẻ em".into(),
        location: "Bến đò Thủy Tú".into(),
        url: Some("https://hoptac.test/orders/HT-2001".into()),
        starts_at: chrono::Utc.with_ymd_and_hms(2026, 12, 20, 1, 0, 0).unwrap(),
        minutes: 180,
        stamp: chrono::Utc::now(),
        organizer_name: "HTX Du lịch cộng đồng Thủy Tú".into(),
        status_cancelled: false,
    };
    let content = BookingConfirmed {
        order_number: "HT-2001".into(),
        cooperative_name: "HTX Du lịch cộng đồng Thủy Tú".into(),
        experience: "Chèo thuyền trên phá Tam Giang".into(),
        starts_at_local: "08:00 thứ Bảy 20/12/2026".into(),
        people: "4 người lớn, 1 trẻ em".into(),
        meeting_point: "Bến đò Thủy Tú".into(),
        map_url: None,
        cancellation: "Hủy miễn phí trước 48 giờ.".into(),
        order_url: "https://hoptac.test/orders/HT-2001".into(),
    };
    let queued = mailer()
        .enqueue_with_attachments(
            &db.conn,
            &lan(Locale::Vi),
            &content,
            vec![notify::ics::attachment(&event, "dat-cho-HT-2001.ics")],
        )
        .await
        .unwrap();
    let report = worker(&db, Transport::files(dir.path()), quick())
        .run_once()
        .await
        .unwrap();
    assert_eq!((report.claimed, report.done), (1, 1));
    let files: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let eml = std::fs::read_to_string(&files[0]).unwrap();
    assert!(eml.contains(&queued.message_id), "{eml}");
    assert!(eml.contains("multipart/mixed"), "{eml}");
    assert!(eml.contains("multipart/alternative"), "{eml}");
    assert!(eml.contains("Content-Type: text/plain") && eml.contains("Content-Type: text/html"));
    assert!(eml.contains("Content-Type: text/calendar"), "{eml}");
    assert!(eml.contains("filename=\"dat-cho-HT-2001.ics\""), "{eml}");
}

#[tokio::test]
async fn smtp_delivers_in_the_recipients_language_with_hostile_names_escaped() {
    let db = db().await;
    let maildev = Maildev::start().await;
    let transport = Transport::smtp(&maildev.smtp_url(), Duration::from_secs(5)).unwrap();
    let mut vi = lan(Locale::Vi);
    vi.email = "lan.vi@example.vn".into();
    let mut en = lan(Locale::En);
    en.email = "lan.en@example.vn".into();
    mailer().enqueue(&db.conn, &vi, &verify()).await.unwrap();
    mailer().enqueue(&db.conn, &en, &verify()).await.unwrap();
    let report = worker(&db, transport, quick()).run_once().await.unwrap();
    assert_eq!(report.done, 2);
    let emails = maildev.wait_for(2).await;
    assert_eq!(emails.len(), 2);
    let by_to = |address: &str| {
        emails
            .iter()
            .find(|e| e["to"][0]["address"] == address)
            .unwrap_or_else(|| panic!("nothing for {address}"))
            .clone()
    };
    let vi_mail = by_to("lan.vi@example.vn");
    let en_mail = by_to("lan.en@example.vn");
    assert_ne!(
        vi_mail["subject"], en_mail["subject"],
        "each in its language"
    );
    let vi_text = vi_mail["text"].as_str().unwrap();
    let en_text = en_mail["text"].as_str().unwrap();
    assert!(vi_text.contains("https://hoptac.test/verify?token=abc"));
    assert!(
        vi_text.chars().any(|c| "ạảãáàăâđêôơư".contains(c)),
        "Vietnamese text: {vi_text}"
    );
    assert!(
        en_text.is_ascii() || en_text.contains("Hợp Tác"),
        "{en_text}"
    );
    for mail in [&vi_mail, &en_mail] {
        let html = mail["html"].as_str().unwrap();
        assert!(
            !html.contains("<script>alert(1)</script>"),
            "HTML carries a script: {html}"
        );
        assert!(
            html.contains("&lt;script&gt;"),
            "the name shows as text: {html}"
        );
        assert!(!html.contains("<img"), "no remote images");
        assert!(
            mail["headers"]["message-id"]
                .as_str()
                .unwrap()
                .ends_with("@hoptac.test>")
        );
    }
}

#[tokio::test]
async fn with_the_smtp_server_down_a_message_waits_and_arrives_exactly_once_when_it_is_up() {
    let db = db().await;
    let port = testkit::free_port();
    let transport =
        Transport::smtp(&format!("smtp://127.0.0.1:{port}"), Duration::from_secs(2)).unwrap();
    let worker = worker(&db, transport, quick());
    let queued = mailer()
        .enqueue(
            &db.conn,
            &lan(Locale::Vi),
            &MailTest {
                sent_at: "now".into(),
            },
        )
        .await
        .unwrap();
    let report = worker.run_once().await.unwrap();
    assert_eq!((report.claimed, report.retried), (1, 1));
    let job = outbox::get(&db.conn, queued.job_id).await.unwrap().unwrap();
    assert_eq!(job.status, "queued");
    assert_eq!(job.attempts, 1);
    assert!(
        job.last_error
            .as_deref()
            .unwrap_or_default()
            .contains(&port.to_string()),
        "{job:?}"
    );

    let maildev = Maildev::start_on(port).await;
    // the next try is due after the backoff; keep working until it is done
    for _ in 0..50 {
        worker.run_once().await.unwrap();
        if outbox::get(&db.conn, queued.job_id)
            .await
            .unwrap()
            .unwrap()
            .status
            == "done"
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let job = outbox::get(&db.conn, queued.job_id).await.unwrap().unwrap();
    assert_eq!(job.status, "done", "{job:?}");
    // more rounds send nothing more
    worker.run_once().await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(maildev.emails().await.len(), 1, "delivered exactly once");
}

#[tokio::test]
async fn a_worker_that_dies_after_claiming_loses_nothing() {
    let db = db().await;
    let dir = tempfile::tempdir().unwrap();
    let queued = mailer()
        .enqueue(&db.conn, &lan(Locale::Vi), &verify())
        .await
        .unwrap();
    // a worker claims the message with a two-second lease, then dies
    let claimed = outbox::claim(
        &db.conn,
        &[notify::mail::TOPIC],
        "dead-worker",
        chrono::Duration::seconds(2),
        10,
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(claimed.len(), 1);
    let survivor = worker(&db, Transport::files(dir.path()), quick());
    assert_eq!(
        survivor.run_once().await.unwrap().claimed,
        0,
        "the lease is still held"
    );
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let report = survivor.run_once().await.unwrap();
    assert_eq!((report.claimed, report.done), (1, 1));
    let job = outbox::get(&db.conn, queued.job_id).await.unwrap().unwrap();
    assert_eq!((job.status.as_str(), job.attempts), ("done", 2));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    // the dead worker coming back cannot overwrite the outcome
    assert!(
        !outbox::complete(&db.conn, queued.job_id, "dead-worker")
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn a_message_that_can_never_be_delivered_is_marked_failed_with_its_error() {
    let db = db().await;
    let port = testkit::free_port();
    let transport =
        Transport::smtp(&format!("smtp://127.0.0.1:{port}"), Duration::from_secs(2)).unwrap();
    let worker = worker(&db, transport, quick());
    let mailer = mailer().with_max_attempts(2);
    let down = mailer
        .enqueue(&db.conn, &lan(Locale::Vi), &verify())
        .await
        .unwrap();
    let mut bad = lan(Locale::Vi);
    bad.email = "not an address".into();
    let invalid = mailer.enqueue(&db.conn, &bad, &verify()).await.unwrap();
    for _ in 0..30 {
        worker.run_once().await.unwrap();
        let job = outbox::get(&db.conn, down.job_id).await.unwrap().unwrap();
        if job.status == "failed" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let job = outbox::get(&db.conn, down.job_id).await.unwrap().unwrap();
    assert_eq!(
        (job.status.as_str(), job.attempts),
        ("failed", 2),
        "{job:?}"
    );
    assert!(job.last_error.is_some());
    let invalid = outbox::get(&db.conn, invalid.job_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (invalid.status.as_str(), invalid.attempts),
        ("failed", 1),
        "no retry for a bad address"
    );
    // staff put it back in the queue for a fresh set of tries
    assert!(outbox::retry(&db.conn, down.job_id).await.unwrap());
    let again = outbox::get(&db.conn, down.job_id).await.unwrap().unwrap();
    assert_eq!((again.status.as_str(), again.attempts), ("queued", 0));
    let failed = outbox::list(
        &db.conn,
        outbox::parse_status("failed"),
        kernel::PageRequest::default(),
    )
    .await
    .unwrap();
    assert_eq!(failed.total, 1);
    assert!(
        failed.items[0]
            .summary
            .as_deref()
            .unwrap()
            .starts_with("not an address")
    );
}

#[tokio::test]
async fn workers_in_parallel_deliver_every_message_exactly_once() {
    let db = db().await;
    let dir = tempfile::tempdir().unwrap();
    let mailer = mailer();
    for i in 0..40 {
        let mut to = lan(Locale::Vi);
        to.email = format!("khach{i}@example.vn");
        mailer.enqueue(&db.conn, &to, &verify()).await.unwrap();
    }
    let config = WorkerConfig {
        batch_size: 5,
        ..quick()
    };
    let workers: Vec<Worker> = (0..3)
        .map(|_| worker(&db, Transport::files(dir.path()), config.clone()))
        .collect();
    let runs = workers.iter().map(|w| async move {
        let mut done = 0;
        loop {
            let report = w.run_once().await.unwrap();
            done += report.done;
            if report.claimed == 0 {
                return done;
            }
        }
    });
    let done: usize = futures::future::join_all(runs).await.into_iter().sum();
    assert_eq!(done, 40);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 40);
    let counts = outbox::counts(&db.conn).await.unwrap();
    assert_eq!(counts, vec![("done".to_owned(), 40)]);
    let all = outbox::list(
        &db.conn,
        None,
        kernel::PageRequest::new(Some(1), Some(100)).unwrap(),
    )
    .await
    .unwrap();
    assert!(
        all.items.iter().all(|j| j.attempts == 1),
        "no message was claimed twice"
    );
}
