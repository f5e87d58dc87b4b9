//! Stock under any sequence of checkouts, cancellations and lapses, against
//! the real schema (SQLite, or PostgreSQL when `HOPTAC_TEST_DB=postgres`):
//! sold + in stock = initial stock, stock never goes below zero, a checkout
//! succeeds exactly when there is enough, and stock comes back once.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly; helpers outside #[test] functions too"
)]

use std::sync::Arc;

use entity::{cooperatives, product_variants, products};
use orders::{AddressInput, CartOwner, CheckoutInput, ContactInput, Orders, OrdersConfig};
use proptest::prelude::*;
use sea_orm::EntityTrait;
use uuid::Uuid;

#[derive(Clone, Debug)]
enum Op {
    /// A new guest buys `qty`, paying cash on delivery or by transfer.
    Checkout { qty: i32, transfer: bool },
    /// The buyer of the n-th order (mod count) cancels it.
    Cancel(usize),
    /// Time passes beyond every payment window.
    Lapse,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (1..4i32, any::<bool>()).prop_map(|(qty, transfer)| Op::Checkout { qty, transfer }),
        2 => (0..16usize).prop_map(Op::Cancel),
        1 => Just(Op::Lapse),
    ]
}

fn input(transfer: bool) -> CheckoutInput {
    CheckoutInput {
        contact: ContactInput {
            name: "Trần Thị Mai".into(),
            email: "mai@example.vn".into(),
            phone: "0905123456".into(),
        },
        shipping_address: AddressInput {
            province: "Huế".into(),
            district: "Phú Vang".into(),
            ward: "Phú Mỹ".into(),
            street: "1 Lê Lợi".into(),
            ..AddressInput::default()
        },
        payment_method: if transfer { "bank_transfer" } else { "cod" }.into(),
        deposit: false,
    }
}

async fn run(initial: i32, ops: Vec<Op>) {
    let db = testkit::TestDb::new().await;
    let conn = db.conn.clone();
    let coop =
        testkit::fixtures::cooperative(&conn, "bao-la", cooperatives::Status::Approved).await;
    let product =
        testkit::fixtures::product(&conn, coop, "Giỏ mây", products::Status::Published).await;
    let variant = testkit::fixtures::variant(&conn, product, coop, "GM-1", initial).await;
    let media = tempfile::tempdir().unwrap();
    let service = Orders::new(
        conn.clone(),
        notify::mail::Mailer::new("http://shop.test", "Hợp Tác <noreply@hoptac.test>").unwrap(),
        Arc::new(catalog::LocalMedia::new(media.path(), "/media")),
        OrdersConfig::default(),
    );
    // (order id, guest email proof, quantity, still holding stock)
    let mut placed: Vec<(Uuid, i32, bool)> = Vec::new();
    let stock = || async {
        product_variants::Entity::find_by_id(variant)
            .one(&conn)
            .await
            .unwrap()
            .unwrap()
            .stock
    };
    for (step, op) in ops.into_iter().enumerate() {
        let before = stock().await;
        match op {
            Op::Checkout { qty, transfer } => {
                let owner = CartOwner::Guest(format!("cart_property_{step}"));
                service
                    .add_to_cart(&owner, kernel::VariantId(variant), qty)
                    .await
                    .unwrap();
                match service.checkout(&owner, None, &input(transfer), None).await {
                    Ok(receipt) => {
                        assert!(before >= qty, "sold {qty} with {before} left");
                        placed.push((receipt.orders[0].id, qty, true));
                    }
                    Err(orders::Error::InsufficientStock { available, .. }) => {
                        assert!(before < qty, "refused {qty} with {before} left");
                        assert_eq!(available, before);
                    }
                    Err(e) => panic!("checkout: {e}"),
                }
            }
            Op::Cancel(n) => {
                if placed.is_empty() {
                    continue;
                }
                let i = n % placed.len();
                let (id, _, holding) = placed[i];
                match service
                    .cancel_by_buyer(
                        &orders::BuyerProof::default().with_email(Some("mai@example.vn")),
                        id,
                        Some("đổi ý"),
                    )
                    .await
                {
                    Ok(_) => {
                        assert!(holding, "a cancelled order cancelled again");
                        placed[i].2 = false;
                    }
                    Err(orders::Error::InvalidTransition { .. }) => assert!(!holding),
                    Err(e) => panic!("cancel: {e}"),
                }
            }
            Op::Lapse => {
                let later = chrono::Utc::now() + chrono::Duration::days(30);
                service.expire_unpaid(later).await.unwrap();
                for entry in &mut placed {
                    let row = entity::orders::Entity::find_by_id(entry.0)
                        .one(&conn)
                        .await
                        .unwrap()
                        .unwrap();
                    if row.status == "cancelled" {
                        entry.2 = false;
                    }
                }
            }
        }
        let now = stock().await;
        let sold: i32 = placed.iter().filter(|p| p.2).map(|p| p.1).sum();
        assert!(now >= 0, "stock below zero: {now}");
        assert_eq!(
            now + sold,
            initial,
            "sold {sold} + in stock {now} ≠ {initial}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn sold_and_in_stock_always_add_up_to_the_initial_stock(
        initial in 0..8i32,
        ops in proptest::collection::vec(op(), 1..24),
    ) {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(run(initial, ops));
    }
}
