//! The union's market in figures over HTTP: sales placed through checkout
//! and moved through their steps, then the dashboard's sums checked to the
//! đồng; its CSV tables; who may read it; and bad periods refused.

use chrono::{Datelike, Utc};
use entity::{certifications, products};
use hoptac_tests::users::Person;
use reqwest::Method;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
use serde_json::{Value, json};

use crate::announce;
use crate::orders::{Guest, domestic, market_with_stock};

fn in_hue(method: &str, email: &str) -> Value {
    json!({
        "contact": {"name": "Trần Văn Bình", "email": email, "phone": "0914 222 333"},
        "shipping_address": {"province": "Thừa Thiên Huế", "district": "Phú Vang", "ward": "Thuận An", "street": "3 Nguyễn Văn Tuyết"},
        "payment_method": method
    })
}

fn total(receipt: &Value, i: usize) -> i64 {
    receipt["orders"][i]["total"]["amount"].as_i64().unwrap()
}

async fn step(seller: &Person, order: &str, body: Value) {
    let (status, answer) = seller
        .post(&format!("/api/v1/orders/{order}/transition"), body)
        .await;
    assert_eq!(status, 200, "{answer}");
}

fn row<'a>(rows: &'a Value, key: &str) -> &'a Value {
    rows.as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == key)
        .unwrap_or_else(|| panic!("no row {key} in {rows}"))
}

#[tokio::test]
async fn the_dashboard_sums_this_months_sales_per_cooperative_category_province_and_method() {
    announce("the_dashboard_sums_this_months_sales_per_cooperative_category_province_and_method");
    let m = market_with_stock(20, 20).await;
    let db = &m.app.db.conn;
    // the basket is in a category; the tea is in none
    let baskets = testkit::fixtures::category(db, "do-may-tre", "Đồ mây tre").await;
    let variant = entity::product_variants::Entity::find_by_id(m.basket)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let basket_product = products::Entity::find_by_id(variant.product_id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let mut basket_product: products::ActiveModel = basket_product.into();
    basket_product.category_id = Set(Some(baskets));
    basket_product.update(db).await.unwrap();

    // Hoa (Hà Nội) buys two baskets on cash on delivery: delivered
    let hoa = m.app.person("hoa@example.vn", true).await;
    hoa.post(
        "/api/v1/cart/items",
        json!({"variant_id": m.basket, "quantity": 2}),
    )
    .await;
    let (status, first) = hoa.post("/api/v1/checkout", domestic("cod")).await;
    assert_eq!(status, 201, "{first}");
    let delivered = first["orders"][0]["id"].as_str().unwrap().to_owned();
    step(&m.seller_a, &delivered, json!({"to": "packed"})).await;
    step(
        &m.seller_a,
        &delivered,
        json!({"to": "shipped", "carrier": "Viettel Post", "tracking": "VTP1"}),
    )
    .await;
    step(&m.seller_a, &delivered, json!({"to": "delivered"})).await;

    // Bình (Huế) buys from both cooperatives on cash on delivery
    let binh = Guest::new(&m.app);
    binh.add(m.basket, 1).await;
    binh.add(m.tea, 3).await;
    let (status, second) = binh.checkout(&in_hue("cod", "binh@example.vn"), None).await;
    assert_eq!(status, 201, "{second}");
    let second_coop_a = second["orders"]
        .as_array()
        .unwrap()
        .iter()
        .position(|o| o["cooperative_id"] == json!(m.coop_a))
        .unwrap_or(0);
    let (a2, b1) = (
        total(&second, second_coop_a),
        total(&second, 1 - second_coop_a),
    );

    // not sales: a transfer not paid yet, and a cancelled order
    let unpaid = Guest::new(&m.app);
    unpaid.add(m.tea, 1).await;
    let (status, _) = unpaid
        .checkout(&in_hue("bank_transfer", "chua@example.vn"), None)
        .await;
    assert_eq!(status, 201);
    let cancelled = Guest::new(&m.app);
    cancelled.add(m.basket, 5).await;
    let (status, third) = cancelled
        .checkout(&in_hue("cod", "huy@example.vn"), None)
        .await;
    assert_eq!(status, 201, "{third}");
    step(
        &m.seller_a,
        third["orders"][0]["id"].as_str().unwrap(),
        json!({"to": "cancelled", "reason": "Hết hàng"}),
    )
    .await;

    // a certification expiring within 60 days, and verified figures
    let today = kernel::time::today_in_vietnam(Utc::now());
    testkit::fixtures::certification(
        db,
        m.coop_a,
        certifications::Kind::Vietgap,
        certifications::Status::Verified,
        Some(today + chrono::Duration::days(30)),
    )
    .await;
    let year = today.year() - 1;
    let (status, reported) = m
        .seller_a
        .send(
            Method::PUT,
            &format!("/api/v1/cooperatives/{}/figures/{year}", m.coop_a),
            Some(json!({
                "members": 88, "members_women": 60, "members_ethnic_minority": 2,
                "workers_regular": 150, "workers_seasonal": 40,
                "average_monthly_income_vnd": 5_000_000, "founded_year": 2006
            })),
        )
        .await;
    assert_eq!(status, 200, "{reported}");
    let review = format!(
        "/api/v1/moderation/figures/{}/review",
        reported["id"].as_str().unwrap()
    );
    assert_eq!(
        m.staff.post(&review, json!({"decision": "verify"})).await.0,
        200
    );

    let (status, d) = m
        .staff
        .get("/api/v1/moderation/dashboard?period=this_month")
        .await;
    assert_eq!(status, 200, "{d}");
    let a1 = total(&first, 0);
    assert_eq!(d["orders"], 3, "{d}");
    assert_eq!(d["gmv"]["amount"], a1 + a2 + b1);
    let coop_a = row(&d["by_cooperative"], &m.coop_a.to_string());
    assert_eq!(
        (
            coop_a["orders"].as_i64(),
            coop_a["value"]["amount"].as_i64()
        ),
        (Some(2), Some(a1 + a2))
    );
    assert_eq!(coop_a["label"], "HTX Mây Tre Bao La");
    let basket_row = row(&d["by_category"], &baskets.to_string());
    assert_eq!(basket_row["label"], "Đồ mây tre");
    assert_eq!(basket_row["orders"], 2);
    let (goods_a1, goods_a2) = (
        first["orders"][0]["items_total"]["amount"]
            .as_i64()
            .unwrap(),
        second["orders"][second_coop_a]["items_total"]["amount"]
            .as_i64()
            .unwrap(),
    );
    assert_eq!(basket_row["value"]["amount"], goods_a1 + goods_a2);
    assert_eq!(row(&d["by_category"], "none")["orders"], 1);
    assert_eq!(row(&d["by_province"], "Hà Nội")["value"]["amount"], a1);
    assert_eq!(row(&d["by_province"], "Thừa Thiên Huế")["orders"], 2);
    assert_eq!(row(&d["by_country"], "VN")["orders"], 3);
    assert_eq!(d["by_payment_method"].as_array().unwrap().len(), 1);
    assert_eq!(
        row(&d["by_payment_method"], "cod")["value"]["amount"],
        a1 + a2 + b1
    );
    let month = today.format("%Y-%m").to_string();
    assert_eq!(row(&d["by_month"], &month)["orders"], 3);
    assert_eq!(d["delivery"]["delivered"], 1);
    assert!(
        d["delivery"]["average_hours"].as_f64().unwrap() >= 0.0,
        "{d}"
    );
    assert_eq!(d["new_cooperatives"], 2);
    assert_eq!(d["new_listings"], 2);
    assert_eq!(d["expiring_certifications"]["total"], 1);
    assert_eq!(
        d["expiring_certifications"]["items"][0]["cooperative"],
        "HTX Mây Tre Bao La"
    );
    assert_eq!(d["scans"], json!({"scans": 0, "lots": 0}));
    assert_eq!(d["people"]["members"], 88);
    assert_eq!(d["people"]["workers_regular"], 150);
    assert_eq!(d["people"]["average_monthly_income_vnd"], 5_000_000);

    // last month had nothing
    let (status, last) = m
        .staff
        .get("/api/v1/moderation/dashboard?period=last_month")
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        (last["orders"].as_i64(), last["gmv"]["amount"].as_i64()),
        (Some(0), Some(0))
    );

    // a table as CSV
    let from = d["from"].as_str().unwrap();
    let to = d["to"].as_str().unwrap();
    let response = m
        .staff
        .client
        .get(m.app.url(&format!(
            "/api/v1/moderation/dashboard/cooperatives.csv?period=custom&from={from}&to={to}"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = response.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "cooperative_id,label,orders,value_vnd");
    assert!(
        lines.contains(&format!("{},HTX Mây Tre Bao La,2,{}", m.coop_a, a1 + a2).as_str()),
        "{csv}"
    );
    assert_eq!(lines.len(), 3, "{csv}");
    let (status, _) = m
        .staff
        .send(
            Method::GET,
            "/api/v1/moderation/dashboard/secrets.csv",
            None,
        )
        .await;
    assert_eq!(status, 404);

    // the union's page draws it, with the numbers beside each chart
    let page = m
        .staff
        .client
        .get(m.app.url("/moderation?period=this_month"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for expected in [
        "class=\"chart\"><text",
        "HTX Mây Tre Bao La",
        "/api/v1/moderation/dashboard/cooperatives.csv?period=this_month",
        &format!("/api/v1/moderation/reports/monthly?month={month}"),
        &kernel::Money::vnd(a1 + a2).to_string(),
    ] {
        assert!(
            page.contains(expected),
            "{expected} on the page: {}",
            page.split_once("market-title")
                .map_or(page.as_str(), |(_, rest)| rest)
        );
    }
    let bad = m
        .staff
        .client
        .get(m.app.url("/moderation?period=custom&from=2026-02-30"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        bad.contains("role=\"alert\""),
        "a bad period is said on the page"
    );

    // the monthly report, in Vietnamese
    let response = m
        .staff
        .client
        .get(
            m.app
                .url(&format!("/api/v1/moderation/reports/monthly?month={month}")),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let pdf = response.bytes().await.unwrap();
    let text: String = pdf_extract::extract_text_from_mem(&pdf)
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let gmv: String = kernel::Money::vnd(a1 + a2 + b1)
        .to_string()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for expected in [
        "Báocáotháng",
        "1.Tổngquan",
        "Doanhsố(GMV)",
        gmv.as_str(),
        "2.Doanhsốtheohợptácxã",
        "HTXMâyTreBaoLa",
        "HàNội",
        "ThừaThiênHuế",
        "Thanhtoánkhinhậnhàng(COD)",
        "8.Chứngnhậnhếthạntrong60ngàytới",
        "9.Thànhviên,việclàmvàthunhập",
        "5.000.000₫",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    let (status, body) = m
        .staff
        .get("/api/v1/moderation/reports/monthly?month=2026-13")
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["fields"]["month"][0]["code"], "not_a_month");

    // what waits, as JSON
    let (status, waiting) = m.staff.get("/api/v1/moderation/waiting").await;
    assert_eq!(status, 200, "{waiting}");
    assert_eq!(waiting["transfers"], 1, "{waiting}");
    assert_eq!(waiting["recalls"], 0);
}

/// The dashboard's sales figures (what the day sums hold), without the
/// parts that do not come from them.
fn sales(d: &Value) -> Value {
    json!({
        "orders": d["orders"], "gmv": d["gmv"],
        "by_cooperative": d["by_cooperative"], "by_category": d["by_category"],
        "by_month": d["by_month"], "by_province": d["by_province"],
        "by_country": d["by_country"], "by_payment_method": d["by_payment_method"],
        "delivery": d["delivery"],
    })
}

#[tokio::test]
async fn orders_that_change_after_a_read_change_the_next_read_as_a_rebuild_would() {
    announce("orders_that_change_after_a_read_change_the_next_read_as_a_rebuild_would");
    let m = market_with_stock(20, 20).await;
    let dashboard = "/api/v1/moderation/dashboard?period=this_month";

    // two orders on cash on delivery, then a first read sums the days
    let first = Guest::new(&m.app);
    first.add(m.basket, 2).await;
    let (status, one) = first.checkout(&in_hue("cod", "mot@example.vn"), None).await;
    assert_eq!(status, 201, "{one}");
    let second = Guest::new(&m.app);
    second.add(m.basket, 1).await;
    let (status, two) = second.checkout(&domestic("cod"), None).await;
    assert_eq!(status, 201, "{two}");
    let (status, before) = m.staff.get(dashboard).await;
    assert_eq!(status, 200, "{before}");
    assert_eq!(before["orders"], 2, "{before}");
    assert_eq!(before["gmv"]["amount"], total(&one, 0) + total(&two, 0));
    assert_eq!(before["delivery"]["delivered"], 0);

    // then the first is delivered, the second cancelled, a third placed
    let one_id = one["orders"][0]["id"].as_str().unwrap();
    step(&m.seller_a, one_id, json!({"to": "packed"})).await;
    step(
        &m.seller_a,
        one_id,
        json!({"to": "shipped", "carrier": "VNPost", "tracking": "VN1"}),
    )
    .await;
    step(&m.seller_a, one_id, json!({"to": "delivered"})).await;
    let two_id = two["orders"][0]["id"].as_str().unwrap();
    step(
        &m.seller_a,
        two_id,
        json!({"to": "cancelled", "reason": "Hết hàng"}),
    )
    .await;
    let third = Guest::new(&m.app);
    third.add(m.basket, 1).await;
    let (status, three) = third.checkout(&in_hue("cod", "ba@example.vn"), None).await;
    assert_eq!(status, 201, "{three}");

    let (status, after) = m.staff.get(dashboard).await;
    assert_eq!(status, 200, "{after}");
    assert_eq!(after["orders"], 2, "{after}");
    assert_eq!(
        after["gmv"]["amount"],
        total(&one, 0) + total(&three, 0),
        "{after}"
    );
    assert_eq!(
        row(&after["by_cooperative"], &m.coop_a.to_string())["orders"],
        2
    );
    assert!(
        after["by_province"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["key"] != "Hà Nội"),
        "the cancelled order's province has no sales left: {after}"
    );
    assert_eq!(row(&after["by_province"], "Thừa Thiên Huế")["orders"], 2);
    assert_eq!(after["delivery"]["delivered"], 1);

    // summing every day again from the orders gives the same figures
    entity::market_summary::Entity::delete_many()
        .exec(&m.app.db.conn)
        .await
        .unwrap();
    let (status, rebuilt) = m.staff.get(dashboard).await;
    assert_eq!(status, 200, "{rebuilt}");
    assert_eq!(sales(&rebuilt), sales(&after));
}

#[tokio::test]
async fn strangers_and_sellers_cannot_read_the_markets_figures() {
    announce("strangers_and_sellers_cannot_read_the_markets_figures");
    let m = market_with_stock(1, 1).await;
    let shopper = m.app.person("khach@example.vn", true).await;
    for path in [
        "/api/v1/moderation/dashboard",
        "/api/v1/moderation/dashboard/summary.csv",
        "/api/v1/moderation/waiting",
    ] {
        let anonymous = m.app.get(path).await.status().as_u16();
        assert_eq!(anonymous, 401, "{path}");
        for person in [&shopper, &m.seller_a] {
            let (status, body) = person.get(path).await;
            assert_eq!(status, 403, "{path}: {body}");
            assert_eq!(body["error"]["code"], "forbidden", "{path}");
        }
    }
}

#[tokio::test]
async fn a_bad_period_is_422_with_the_field_that_is_wrong() {
    announce("a_bad_period_is_422_with_the_field_that_is_wrong");
    let m = market_with_stock(1, 1).await;
    let cases = [
        ("period=tomorrow", "period", "not_one_of"),
        ("period=custom&to=2026-11-30", "from", "required"),
        (
            "period=custom&from=2026-13-01&to=2026-11-30",
            "from",
            "not_a_date",
        ),
        (
            "period=custom&from=2026-11-30&to=2026-11-01",
            "to",
            "below_field",
        ),
        (
            "period=custom&from=1990-01-01&to=2026-11-01",
            "to",
            "too_large",
        ),
    ];
    for (query, field, code) in cases {
        let (status, body) = m
            .staff
            .get(&format!("/api/v1/moderation/dashboard?{query}"))
            .await;
        assert_eq!(status, 422, "{query}: {body}");
        assert_eq!(body["error"]["code"], "validation_failed", "{query}");
        assert_eq!(
            body["error"]["fields"][field][0]["code"], code,
            "{query}: {body}"
        );
    }
    let (status, body) = m
        .staff
        .get("/api/v1/moderation/dashboard?period=custom&from=2026-11-01&to=2026-11-01")
        .await;
    assert_eq!(status, 200, "one day is a period: {body}");
    assert_eq!(body["from"], "2026-11-01");
    assert_eq!(body["to"], "2026-11-01");
}
