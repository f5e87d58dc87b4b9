//! Payments over HTTP: the VietQR code of a bank transfer, confirming it by
//! hand or from a bank statement, refunds, the sellers' ledger and payouts,
//! and cards through Stripe — against localstripe, started here on a free
//! port, whose signed webhooks reach the application.

use std::time::{Duration, Instant};

use hoptac_tests::users::Person;
use hoptac_tests::{Seed, TestApp, spawn_app_configured};
use serde_json::{Value, json};
use testkit::localstripe::{self, Localstripe, cards};
use uuid::Uuid;

use crate::announce;
use crate::orders::{Guest, Market, domestic, market_on, market_with_stock};

/// Goods of one basket (the fixtures' price) and the default shipping.
const BASKET: i64 = 150_000;
const SHIPPING: i64 = 30_000;

/// The default commission (5 %) of goods worth `goods`.
fn commission(goods: i64) -> i64 {
    (goods * 500 + 5_000) / 10_000
}

/// A guest's bank-transfer checkout of `baskets` baskets: (checkout id,
/// payment id, order id, total, reference).
async fn transfer_checkout(
    m: &Market,
    guest: &Guest,
    baskets: i32,
) -> (Uuid, Uuid, Uuid, i64, String) {
    assert_eq!(guest.add(m.basket, baskets).await.0, 200);
    let (status, receipt) = guest.checkout(&domestic("bank_transfer"), None).await;
    assert_eq!(status, 201, "{receipt}");
    let id = |v: &Value| v.as_str().unwrap().parse::<Uuid>().unwrap();
    (
        id(&receipt["checkout_id"]),
        id(&receipt["payment"]["id"]),
        id(&receipt["orders"][0]["id"]),
        receipt["total"]["amount"].as_i64().unwrap(),
        receipt["payment"]["reference"].as_str().unwrap().to_owned(),
    )
}

async fn order_as_guest(app: &TestApp, order: Uuid) -> Value {
    app.get_json(&format!("/api/v1/orders/{order}?email=hoa@example.vn"), 200)
        .await
}

async fn ledger(person: &Person, coop: Uuid) -> Value {
    let (status, body) = person
        .get(&format!("/api/v1/cooperatives/{coop}/ledger"))
        .await;
    assert_eq!(status, 200, "{body}");
    body
}

#[tokio::test]
async fn a_bank_transfer_shows_a_vietqr_code_with_the_account_amount_and_reference() {
    announce("a_bank_transfer_shows_a_vietqr_code_with_the_account_amount_and_reference");
    let m = market_with_stock(5, 5).await;
    let guest = Guest::new(&m.app);
    let (checkout, _, _, total, reference) = transfer_checkout(&m, &guest, 2).await;
    assert_eq!(total, 2 * BASKET + SHIPPING);

    let payment = m
        .app
        .get_json(
            &format!("/api/v1/checkouts/{checkout}/payment?email=hoa@example.vn"),
            200,
        )
        .await;
    assert_eq!(payment["status"], "pending");
    let transfer = &payment["bank_transfer"];
    assert_eq!(transfer["bank_bin"], "970436");
    assert_eq!(transfer["account"], "0071000888999");
    assert_eq!(transfer["reference"], reference);
    assert_eq!(transfer["amount"]["amount"], total);
    assert!(transfer["qr_svg"].as_str().unwrap().starts_with("<svg"));
    let decoded = payments::vietqr::parse(transfer["qr_payload"].as_str().unwrap()).unwrap();
    assert_eq!(decoded.bin, "970436");
    assert_eq!(decoded.account, "0071000888999");
    assert_eq!(decoded.amount_vnd, Some(total));
    assert_eq!(decoded.reference.as_deref(), Some(reference.as_str()));

    // someone without the checkout's e-mail sees nothing
    let (status, _) = m
        .app
        .get_json_status(&format!(
            "/api/v1/checkouts/{checkout}/payment?email=x@example.vn"
        ))
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn staff_confirm_a_transfer_once_and_the_cooperatives_balance_grows_by_its_share() {
    announce("staff_confirm_a_transfer_once_and_the_cooperatives_balance_grows_by_its_share");
    let m = market_with_stock(5, 5).await;
    let guest = Guest::new(&m.app);
    let (_, payment, order, total, _) = transfer_checkout(&m, &guest, 2).await;
    assert_eq!(
        ledger(&m.seller_a, m.coop_a).await["balance"]["balance_vnd"],
        0
    );

    let (status, body) = m
        .staff
        .post(&format!("/api/v1/payments/{payment}/confirm"), json!({}))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["confirmed"], 1);
    let seen = order_as_guest(&m.app, order).await;
    assert_eq!(seen["status"], "confirmed");
    assert_eq!(seen["payment_status"], "paid");

    let book = ledger(&m.seller_a, m.coop_a).await;
    let fee = commission(2 * BASKET);
    assert_eq!(book["balance"]["sales_vnd"], total);
    assert_eq!(book["balance"]["commission_vnd"], fee);
    assert_eq!(book["balance"]["balance_vnd"], total - fee);
    assert_eq!(book["lines"][0]["kind"], "sale");
    assert_eq!(book["lines"][0]["order_number"], seen["number"]);

    // a second confirmation changes nothing
    let (status, body) = m
        .staff
        .post(&format!("/api/v1/payments/{payment}/confirm"), json!({}))
        .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(
        ledger(&m.seller_a, m.coop_a).await["balance"]["balance_vnd"],
        total - fee
    );
}

#[tokio::test]
async fn a_bank_statement_is_matched_by_reference_and_amount_and_reports_the_rest() {
    announce("a_bank_statement_is_matched_by_reference_and_amount_and_reports_the_rest");
    let m = market_with_stock(9, 9).await;
    let first = Guest::new(&m.app);
    let (_, _, order_1, total_1, ref_1) = transfer_checkout(&m, &first, 1).await;
    let second = Guest::new(&m.app);
    let (_, _, order_2, total_2, ref_2) = transfer_checkout(&m, &second, 2).await;
    let statement = format!(
        "Ngày giao dịch;Số tiền ghi có;Nội dung\n\
         26/11/2026;{};MBVCB.1 NGUYEN THI HOA chuyen khoan {ref_1}\n\
         26/11/2026;{};CT {ref_2} thieu tien\n\
         26/11/2026;500.000;chuyen tien khong ghi ma\n\
         27/11/2026;{};{} lan hai\n\
         hôm qua;10;x\n",
        total_1,
        total_2 - 10_000,
        total_1,
        ref_1.to_lowercase(),
    );
    let send = |apply: bool| {
        let body = statement.clone();
        let staff = &m.staff;
        let url = m
            .app
            .url(&format!("/api/v1/moderation/bank-statements?apply={apply}"));
        async move {
            let response = staff
                .client
                .post(url)
                .header("x-csrf-token", &staff.csrf)
                .header("content-type", "text/csv")
                .body(body)
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            (status, response.json::<Value>().await.unwrap())
        }
    };

    let (status, dry) = send(false).await;
    assert_eq!(status, 200, "{dry}");
    assert_eq!(dry["applied"], false);
    assert_eq!(dry["matched"].as_array().unwrap().len(), 1, "{dry}");
    assert_eq!(dry["matched"][0]["line"]["line"], 2);
    assert_eq!(dry["amount_mismatch"][0]["line"]["line"], 3);
    assert_eq!(dry["amount_mismatch"][0]["expected"]["amount"], total_2);
    assert_eq!(dry["unmatched"][0]["line"], 4);
    assert_eq!(
        dry["paid_twice"][0]["line"]["line"], 5,
        "the same reference again"
    );
    assert_eq!(dry["bad_lines"][0]["line"], 6);
    assert_eq!(
        order_as_guest(&m.app, order_1).await["payment_status"],
        "unpaid",
        "a dry run changes nothing"
    );

    let (status, applied) = send(true).await;
    assert_eq!(status, 200, "{applied}");
    assert_eq!(applied["applied"], true);
    assert_eq!(
        order_as_guest(&m.app, order_1).await["payment_status"],
        "paid"
    );
    assert_eq!(
        order_as_guest(&m.app, order_2).await["payment_status"],
        "unpaid",
        "a short transfer confirms nothing"
    );

    // the same statement again: every line was read before
    let (status, again) = send(true).await;
    assert_eq!(status, 200);
    assert_eq!(
        again["already_imported"].as_array().unwrap().len(),
        4,
        "{again}"
    );
    assert!(again["matched"].as_array().unwrap().is_empty());
    let book = ledger(&m.seller_a, m.coop_a).await;
    assert_eq!(book["total"], 1, "one sale booked: {book}");

    // a file that is not a statement is a 422 naming the file
    let response = m
        .staff
        .client
        .post(m.app.url("/api/v1/moderation/bank-statements"))
        .header("x-csrf-token", &m.staff.csrf)
        .body("just,some\ncolumns,here\n")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 422);
    let body: Value = response.json().await.unwrap();
    assert!(body["error"]["fields"]["file"].is_array(), "{body}");
}

#[tokio::test]
async fn refunds_in_part_and_in_full_reverse_the_commission_and_never_exceed_the_payment() {
    announce("refunds_in_part_and_in_full_reverse_the_commission_and_never_exceed_the_payment");
    let m = market_with_stock(5, 5).await;
    let guest = Guest::new(&m.app);
    let (_, payment, order, total, _) = transfer_checkout(&m, &guest, 2).await;
    let refund_url = format!("/api/v1/orders/{order}/refunds");

    // nothing to refund before the money is in
    let (status, body) = m
        .seller_a
        .post(&refund_url, json!({"amount_vnd": 1000, "reason": "hỏng"}))
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("order_not_paid"))
    );
    m.staff
        .post(&format!("/api/v1/payments/{payment}/confirm"), json!({}))
        .await;

    // bad input names its fields
    let (status, body) = m
        .seller_a
        .post(&refund_url, json!({"amount_vnd": total + 1, "reason": ""}))
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body["error"]["fields"]["amount_vnd"].is_array());
    assert!(body["error"]["fields"]["reason"].is_array());

    // a partial refund, retried with its key: refunded once
    let part = 50_000;
    let mut refund_ids = Vec::new();
    for _ in 0..2 {
        let (status, body) = m
            .seller_a
            .client
            .post(m.app.url(&refund_url))
            .header("x-csrf-token", &m.seller_a.csrf)
            .header("idempotency-key", "refund-1")
            .json(&json!({"amount_vnd": part, "reason": "Một giỏ bị móp"}))
            .send()
            .await
            .map(|r| (r.status().as_u16(), r))
            .unwrap();
        assert_eq!(status, 201);
        let body: Value = body.json().await.unwrap();
        assert_eq!(body["status"], "succeeded", "{body}");
        assert_eq!(body["channel"], "bank_transfer");
        refund_ids.push(body["id"].clone());
    }
    assert_eq!(
        refund_ids[0], refund_ids[1],
        "the retry answers the same refund"
    );
    let seen = order_as_guest(&m.app, order).await;
    assert_eq!(seen["refunded"]["amount"], part);
    assert_eq!(seen["payment_status"], "partially_refunded");
    assert_eq!(seen["refunds"].as_array().unwrap().len(), 1);

    // the rest (no amount = everything left), by union staff
    let (status, body) = m
        .staff
        .post(&refund_url, json!({"reason": "Khách trả hàng"}))
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["amount"]["amount"], total - part);
    let seen = order_as_guest(&m.app, order).await;
    assert_eq!(seen["payment_status"], "refunded");
    let (status, _) = m
        .seller_a
        .post(&refund_url, json!({"amount_vnd": 1, "reason": "thêm"}))
        .await;
    assert_eq!(status, 409, "nothing is left to refund");

    let book = ledger(&m.seller_a, m.coop_a).await;
    assert_eq!(book["balance"]["refunds_vnd"], total);
    assert_eq!(
        book["balance"]["commission_vnd"], 0,
        "all commission reversed"
    );
    assert_eq!(book["balance"]["balance_vnd"], 0);
}

#[tokio::test]
async fn payouts_never_exceed_what_is_owed_and_the_batch_exports_for_the_bank() {
    announce("payouts_never_exceed_what_is_owed_and_the_batch_exports_for_the_bank");
    let m = market_with_stock(5, 5).await;
    let guest = Guest::new(&m.app);
    let (_, payment, _, total, _) = transfer_checkout(&m, &guest, 1).await;
    m.staff
        .post(&format!("/api/v1/payments/{payment}/confirm"), json!({}))
        .await;
    let owed = total - commission(BASKET);

    // the cooperative says where its money goes
    let (status, body) = m
        .seller_a
        .send(
            reqwest::Method::PUT,
            &format!("/api/v1/cooperatives/{}/payout-account", m.coop_a),
            Some(json!({"bank_bin": "97043", "account": "", "account_name": ""})),
        )
        .await;
    assert_eq!(status, 422);
    for field in ["bank_bin", "account", "account_name"] {
        assert!(body["error"]["fields"][field].is_array(), "{field}: {body}");
    }
    let (status, body) = m
        .seller_a
        .send(
            reqwest::Method::PUT,
            &format!("/api/v1/cooperatives/{}/payout-account", m.coop_a),
            Some(json!({"bank_bin": "970405", "account": "4000 1234 5678", "account_name": "htx mây tre bao la"})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["account"], "400012345678");

    let (status, body) = m
        .staff
        .post(
            "/api/v1/moderation/payouts",
            json!({"payouts": [{"cooperative_id": m.coop_a, "amount_vnd": owed + 1}]}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body["error"]["fields"]["payouts[0].amount_vnd"].is_array());

    let (status, batch) = m
        .staff
        .post(
            "/api/v1/moderation/payouts",
            json!({"all_owed": true, "note": "Tuần 48"}),
        )
        .await;
    assert_eq!(status, 201, "{batch}");
    assert_eq!(batch["total"]["amount"], owed);
    assert_eq!(batch["payouts"][0]["account"], "400012345678");
    assert_eq!(
        ledger(&m.seller_a, m.coop_a).await["balance"]["balance_vnd"],
        0
    );
    assert_eq!(
        ledger(&m.seller_a, m.coop_a).await["balance"]["payouts_vnd"],
        owed
    );

    let csv = m
        .staff
        .client
        .get(m.app.url(&format!(
            "/api/v1/moderation/payouts/{}/transfers.csv",
            batch["id"].as_str().unwrap()
        )))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("bank_bin,account,account_name,amount_vnd,memo,cooperative")
    );
    let row = lines.next().unwrap();
    assert!(
        row.starts_with(&format!(
            "970405,400012345678,HTX MÂY TRE BAO LA,{owed},HOPTAC PAYOUT "
        )),
        "{row}"
    );

    // nothing is owed any more; the ledger still balances
    let (status, _) = m
        .staff
        .post("/api/v1/moderation/payouts", json!({"all_owed": true}))
        .await;
    assert_eq!(status, 422);
    let (status, overview) = m.staff.get("/api/v1/moderation/payouts").await;
    assert_eq!(status, 200);
    let trial = &overview["trial_balance"];
    assert_eq!(trial["unbalanced"], json!([]));
    assert_eq!(trial["owed_to_cooperatives_vnd"], 0);
    assert_eq!(trial["market_cash_vnd"], trial["commission_vnd"]);
    assert_eq!(trial["commission_vnd"], commission(BASKET));
}

/// A market whose cards go to a localstripe started for the test, with
/// its webhooks delivered to the application.
async fn card_market() -> (Market, Localstripe) {
    let stripe = Localstripe::start().await;
    let app = spawn_app_configured(
        Seed::Nothing,
        vec![
            ("payments.stripe_secret_key", localstripe::SECRET_KEY.into()),
            (
                "payments.stripe_webhook_secret",
                localstripe::WEBHOOK_SECRET.into(),
            ),
            (
                "payments.stripe_publishable_key",
                localstripe::PUBLISHABLE_KEY.into(),
            ),
            ("payments.stripe_api_base", stripe.base().into()),
            (
                "payments.stripe_js_url",
                format!("{}/js.stripe.com/v3/", stripe.base()).into(),
            ),
        ],
    )
    .await;
    stripe
        .deliver_webhooks_to(&app.url("/api/v1/payments/stripe/webhook"))
        .await;
    (market_on(app, 9, 9).await, stripe)
}

/// A guest's card checkout and its PaymentIntent: (checkout, order, intent, total).
async fn card_checkout(m: &Market, guest: &Guest) -> (Uuid, Uuid, String, i64) {
    assert_eq!(guest.add(m.basket, 1).await.0, 200);
    let (status, receipt) = guest.checkout(&domestic("card"), None).await;
    assert_eq!(status, 201, "{receipt}");
    let checkout: Uuid = receipt["checkout_id"].as_str().unwrap().parse().unwrap();
    let order: Uuid = receipt["orders"][0]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(receipt["orders"][0]["status"], "pending_payment");
    let card = start_card(m, guest, checkout).await;
    assert_eq!(card["state"], "pending");
    assert_eq!(card["currency"], "vnd");
    assert!(card["client_secret"].as_str().unwrap().contains("_secret_"));
    (
        checkout,
        order,
        card["payment_intent"].as_str().unwrap().to_owned(),
        receipt["total"]["amount"].as_i64().unwrap(),
    )
}

async fn start_card(m: &Market, guest: &Guest, checkout: Uuid) -> Value {
    let (status, card) = guest
        .send(
            reqwest::Method::POST,
            &format!("/api/v1/checkouts/{checkout}/card?email=hoa@example.vn"),
            None,
            None,
        )
        .await;
    assert_eq!(status, 200, "{card}");
    let _ = m;
    card
}

/// Waits (at most 20 s) until `check` holds of the guest's order.
async fn wait_for_order(
    app: &TestApp,
    order: Uuid,
    what: &str,
    check: impl Fn(&Value) -> bool,
) -> Value {
    let started = Instant::now();
    loop {
        let seen = order_as_guest(app, order).await;
        if check(&seen) {
            return seen;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the order never became {what}: {seen}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn post_webhook(app: &TestApp, body: &str, signature: &str) -> (u16, Value) {
    let response = hoptac_tests::users::client()
        .post(app.url("/api/v1/payments/stripe/webhook"))
        .header("content-type", "application/json")
        .header("stripe-signature", signature)
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_card_paid_through_stripe_confirms_the_orders_once_even_when_its_event_comes_three_times()
{
    announce(
        "a_card_paid_through_stripe_confirms_the_orders_once_even_when_its_event_comes_three_times",
    );
    let (m, stripe) = card_market().await;
    let guest = Guest::new(&m.app);
    let (checkout, order, intent, total) = card_checkout(&m, &guest).await;
    // asking again answers the same intent (one per checkout)
    assert_eq!(
        start_card(&m, &guest, checkout).await["payment_intent"],
        intent.as_str()
    );
    assert_eq!(
        stripe.intent(&intent).await["amount"],
        total,
        "VND is zero-decimal"
    );

    let (status, paid) = stripe.pay(&intent, cards::VISA).await;
    assert_eq!(
        (status, paid["status"].as_str()),
        (200, Some("succeeded")),
        "{paid}"
    );
    // localstripe's signed webhook settles the order
    let seen = wait_for_order(&m.app, order, "paid", |o| o["payment_status"] == "paid").await;
    assert_eq!(seen["status"], "confirmed");
    let fee = commission(BASKET);
    assert_eq!(
        ledger(&m.seller_a, m.coop_a).await["balance"]["balance_vnd"],
        total - fee
    );

    // the same event delivered three more times acts no more
    let events = reqwest::Client::new()
        .get(format!(
            "{}/v1/events?type=payment_intent.succeeded",
            stripe.base()
        ))
        .bearer_auth(localstripe::SECRET_KEY)
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    let event = events["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["data"]["object"]["id"] == intent.as_str())
        .cloned()
        .expect("localstripe kept the event");
    let body = event.to_string();
    for _ in 0..3 {
        let signature = payments::stripe::sign(
            body.as_bytes(),
            localstripe::WEBHOOK_SECRET,
            chrono::Utc::now().timestamp(),
        );
        let (status, answer) = post_webhook(&m.app, &body, &signature).await;
        assert_eq!(status, 200, "{answer}");
        assert_eq!(answer["duplicate"], true);
    }
    // and a late "failed" for the same intent does not undo the payment
    let mut late = event.clone();
    late["id"] = json!("evt_late_failure");
    late["type"] = json!("payment_intent.payment_failed");
    late["data"]["object"]["status"] = json!("requires_payment_method");
    late["data"]["object"]["last_payment_error"] =
        json!({"code": "card_declined", "message": "late"});
    let late = late.to_string();
    let signature = payments::stripe::sign(
        late.as_bytes(),
        localstripe::WEBHOOK_SECRET,
        chrono::Utc::now().timestamp(),
    );
    assert_eq!(post_webhook(&m.app, &late, &signature).await.0, 200);

    let seen = order_as_guest(&m.app, order).await;
    assert_eq!(seen["payment_status"], "paid");
    let received = seen["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["note"] == "card payment received")
        .count();
    assert_eq!(received, 1, "one state change: {seen}");
    let book = ledger(&m.seller_a, m.coop_a).await;
    assert_eq!(book["total"], 1, "one sale booked");
    assert_eq!(book["balance"]["balance_vnd"], total - fee);
    testkit::report(
        "localstripe: card paid, its webhook delivered, the same event 3 more times → 1 state change, 1 ledger sale",
    );

    // a partial refund goes back through Stripe
    let (status, refund) = m
        .seller_a
        .post(
            &format!("/api/v1/orders/{order}/refunds"),
            json!({"amount_vnd": 40_000, "reason": "Giao thiếu một món"}),
        )
        .await;
    assert_eq!(status, 201, "{refund}");
    assert_eq!(refund["channel"], "card");
    assert_eq!(refund["status"], "succeeded");
    let refunds = stripe.refunds(&intent).await;
    assert_eq!(refunds.len(), 1, "{refunds:?}");
    assert_eq!(refunds[0]["amount"], 40_000);
    let book = ledger(&m.seller_a, m.coop_a).await;
    assert_eq!(book["balance"]["refunds_vnd"], 40_000);
}

#[tokio::test]
async fn a_declined_card_is_reported_and_the_order_waits_for_another_payment() {
    announce("a_declined_card_is_reported_and_the_order_waits_for_another_payment");
    let (m, stripe) = card_market().await;
    let guest = Guest::new(&m.app);
    let (checkout, order, intent, _) = card_checkout(&m, &guest).await;
    let (status, body) = stripe.pay(&intent, cards::DECLINED).await;
    assert_eq!(status, 402, "{body}");
    assert_eq!(body["error"]["code"], "card_declined");
    let card = start_card(&m, &guest, checkout).await;
    assert_eq!(card["state"], "failed", "{card}");
    assert!(
        card["message"].as_str().unwrap().contains("declined"),
        "{card}"
    );
    let seen = order_as_guest(&m.app, order).await;
    assert_eq!(seen["status"], "pending_payment");
    assert_eq!(seen["payment_status"], "unpaid");
    assert_eq!(ledger(&m.seller_a, m.coop_a).await["total"], 0);
}

#[tokio::test]
async fn a_card_that_needs_3d_secure_is_reported_clearly() {
    announce("a_card_that_needs_3d_secure_is_reported_clearly");
    let (m, stripe) = card_market().await;
    let guest = Guest::new(&m.app);
    let (checkout, order, intent, _) = card_checkout(&m, &guest).await;
    let (status, body) = stripe.pay(&intent, cards::THREE_D_SECURE).await;
    assert_eq!(
        (status, body["status"].as_str()),
        (200, Some("requires_action")),
        "{body}"
    );
    let card = start_card(&m, &guest, checkout).await;
    assert_eq!(card["state"], "requires_action");
    assert!(
        card["message"].as_str().unwrap().contains("3-D Secure"),
        "{card}"
    );
    assert_eq!(
        order_as_guest(&m.app, order).await["payment_status"],
        "unpaid"
    );
}

#[tokio::test]
async fn the_webhook_checks_stripes_signature_and_its_age() {
    announce("the_webhook_checks_stripes_signature_and_its_age");
    let (m, _stripe) = card_market().await;
    let body = json!({
        "id": "evt_signature_test",
        "type": "customer.created",
        "created": 1,
        "data": {"object": {"id": "cus_1"}}
    })
    .to_string();
    let now = chrono::Utc::now().timestamp();
    let secret = localstripe::WEBHOOK_SECRET;

    let forged = payments::stripe::sign(body.as_bytes(), "whsec_forged", now);
    let (status, answer) = post_webhook(&m.app, &body, &forged).await;
    assert_eq!(
        (status, answer["error"]["code"].as_str()),
        (400, Some("invalid_signature"))
    );
    let (status, _) = post_webhook(&m.app, &body, "").await;
    assert_eq!(status, 400, "no signature");

    let stale = payments::stripe::sign(body.as_bytes(), secret, now - 301);
    let (status, answer) = post_webhook(&m.app, &body, &stale).await;
    assert_eq!(
        (status, answer["error"]["code"].as_str()),
        (400, Some("invalid_signature"))
    );

    // a rotated secret: a wrong v1 first, the right one after
    let right = payments::stripe::sign(body.as_bytes(), secret, now);
    let right_v1 = right.split("v1=").nth(1).unwrap();
    let rotated = format!("t={now},v1={},v1={right_v1}", "0".repeat(64));
    let (status, answer) = post_webhook(&m.app, &body, &rotated).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["duplicate"], false);

    // a signed body that is not an event is a 400 too
    let junk = "not json";
    let signed = payments::stripe::sign(junk.as_bytes(), secret, now);
    let (status, answer) = post_webhook(&m.app, junk, &signed).await;
    assert_eq!(
        (status, answer["error"]["code"].as_str()),
        (400, Some("invalid_event"))
    );
}

#[tokio::test]
async fn a_card_payment_whose_orders_lapse_is_cancelled_at_stripe_and_cannot_be_paid() {
    announce("a_card_payment_whose_orders_lapse_is_cancelled_at_stripe_and_cannot_be_paid");
    let (m, stripe) = card_market().await;
    let guest = Guest::new(&m.app);
    let (checkout, order, intent, _) = card_checkout(&m, &guest).await;
    let catalog = server::startup::catalog(&m.app.settings, m.app.db.conn.clone()).unwrap();
    let orders = server::services::orders(
        &m.app.settings,
        m.app.db.conn.clone(),
        catalog.media().clone(),
    )
    .unwrap();
    let later = chrono::Utc::now() + chrono::Duration::hours(2);
    assert_eq!(orders.expire_unpaid(later).await.unwrap(), 1);
    assert_eq!(order_as_guest(&m.app, order).await["status"], "cancelled");
    assert_eq!(stripe.intent(&intent).await["status"], "canceled");
    let payment = m
        .app
        .get_json(
            &format!("/api/v1/checkouts/{checkout}/payment?email=hoa@example.vn"),
            200,
        )
        .await;
    assert_eq!(payment["status"], "cancelled");
    let (status, _) = stripe.pay(&intent, cards::VISA).await;
    assert_eq!(status, 400, "a cancelled intent cannot be paid");
}

#[tokio::test]
async fn a_card_refund_cut_off_after_it_was_recorded_is_finished_by_its_retry_and_stripe_refunds_once()
 {
    announce("a_card_refund_cut_off_after_it_was_recorded_is_finished_by_its_retry");
    use sea_orm::ActiveValue::Set;
    use sea_orm::sea_query::{Expr, ExprTrait as _};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let (m, stripe) = card_market().await;
    let guest = Guest::new(&m.app);
    let (checkout, order, intent, _) = card_checkout(&m, &guest).await;
    let (status, paid) = stripe.pay(&intent, cards::VISA).await;
    assert_eq!(status, 200, "{paid}");
    start_card(&m, &guest, checkout).await;
    wait_for_order(&m.app, order, "paid", |o| o["payment_status"] == "paid").await;

    // what the first request committed before Stripe answered and the
    // server died: the amount reserved, the refund pending, under its key
    let db = &m.app.db.conn;
    let payment = entity::payments::Entity::find()
        .filter(entity::payments::Column::CheckoutId.eq(checkout))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let input = orders::RefundInput {
        amount_vnd: Some(30_000),
        reason: "Giao thiếu một món".into(),
    };
    let refund = Uuid::now_v7();
    let now = chrono::Utc::now();
    entity::orders::Entity::update_many()
        .col_expr(
            entity::orders::Column::RefundedVnd,
            Expr::col(entity::orders::Column::RefundedVnd).add(30_000),
        )
        .filter(entity::orders::Column::Id.eq(order))
        .exec(db)
        .await
        .unwrap();
    entity::refunds::Entity::insert(entity::refunds::ActiveModel {
        id: Set(refund),
        order_id: Set(order),
        payment_id: Set(payment.id),
        amount_vnd: Set(30_000),
        reason: Set(input.reason.clone()),
        status: Set("pending".into()),
        channel: Set("card".into()),
        provider_ref: Set(None),
        failure: Set(None),
        created_by: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec(db)
    .await
    .unwrap();
    let seller: Uuid = m.seller_a.id.parse().unwrap();
    let hash: String = {
        use sha2::Digest as _;
        sha2::Sha256::digest(serde_json::to_vec(&input).unwrap())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    };
    entity::idempotency_keys::Entity::insert(entity::idempotency_keys::ActiveModel {
        id: Set(Uuid::now_v7()),
        scope: Set(format!("refund:{order}:{}", seller.simple())),
        key: Set("refund-cut-off".into()),
        request_hash: Set(hash),
        response_status: Set(None),
        response: Set(None),
        created_at: Set(now),
        resource_id: Set(Some(refund)),
    })
    .exec(db)
    .await
    .unwrap();

    // the client retries with its key, twice: the same refund, finished once
    let send = || {
        m.seller_a
            .client
            .post(m.app.url(&format!("/api/v1/orders/{order}/refunds")))
            .header("x-csrf-token", &m.seller_a.csrf)
            .header("idempotency-key", "refund-cut-off")
            .json(&input)
            .send()
    };
    for _ in 0..2 {
        let response = send().await.unwrap();
        assert_eq!(response.status(), 201);
        let done: Value = response.json().await.unwrap();
        assert_eq!(done["id"], refund.to_string(), "{done}");
        assert_eq!(done["status"], "succeeded");
    }
    let refunds = stripe.refunds(&intent).await;
    assert_eq!(refunds.len(), 1, "Stripe refunded once: {refunds:?}");
    assert_eq!(refunds[0]["amount"], 30_000);
    let book = ledger(&m.seller_a, m.coop_a).await;
    assert_eq!(book["balance"]["refunds_vnd"], 30_000);
    let seen = order_as_guest(&m.app, order).await;
    assert_eq!(seen["refunded"]["amount"], 30_000);
    assert_eq!(seen["payment_status"], "partially_refunded");
}
