//! Reviews over HTTP: only the buyer of a delivered line reviews it, once,
//! with stars, text and pictures; a guest through its order's access
//! token; the listing's rating; the cooperative's reply and no one
//! else's; reports by anyone; staff hide a review with a reason (the
//! author is e-mailed, the rating forgets it) or keep it.

use entity::{outbox, products};
use hoptac_tests::users::Person;
use reqwest::multipart::{Form, Part};
use sea_orm::EntityTrait;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::announce;
use crate::listings::png;
use crate::orders::{Guest, Market, domestic, market_with_stock};

fn review_form(rating: &str, body: &str, pictures: Vec<(Vec<u8>, &str)>) -> Form {
    let mut form = Form::new()
        .text("rating", rating.to_owned())
        .text("body", body.to_owned());
    for (bytes, name) in pictures {
        form = form.part("pictures", Part::bytes(bytes).file_name(name.to_owned()));
    }
    form
}

/// Who sends a review: a signed-in person (with the session's CSRF
/// token), or a client without a session, with a guest's token or not.
enum Sender<'a> {
    Person(&'a Person),
    Guest(&'a reqwest::Client, Option<&'a str>),
}

/// Sends a review of `item` of `order`.
async fn send_review(
    m: &Market,
    from: Sender<'_>,
    order: &str,
    item: &str,
    form: Form,
) -> (u16, Value) {
    let path = m
        .app
        .url(&format!("/api/v1/orders/{order}/items/{item}/review"));
    let request = match from {
        Sender::Person(p) => p.client.post(path).header("x-csrf-token", &p.csrf),
        Sender::Guest(client, Some(token)) => client.post(path).header("X-Order-Access", token),
        Sender::Guest(client, None) => client.post(path),
    };
    let request = request.multipart(form);
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn deliver(seller: &Person, order: &str) {
    for body in [
        json!({"to": "packed"}),
        json!({"to": "shipped", "carrier": "Viettel Post", "tracking": "VTP77"}),
        json!({"to": "delivered"}),
    ] {
        let (status, answer) = seller
            .post(&format!("/api/v1/orders/{order}/transition"), body)
            .await;
        assert_eq!(status, 200, "{answer}");
    }
}

/// The listing of the market's basket.
async fn basket_listing(m: &Market) -> Uuid {
    entity::product_variants::Entity::find_by_id(m.basket)
        .one(&m.app.db.conn)
        .await
        .unwrap()
        .unwrap()
        .product_id
}

#[tokio::test]
async fn a_buyer_reviews_a_delivered_line_once_with_a_picture_and_the_listing_shows_it() {
    announce("a_buyer_reviews_a_delivered_line_once_with_a_picture_and_the_listing_shows_it");
    let m = market_with_stock(10, 10).await;
    let hoa = m.app.person("hoa@example.vn", true).await;
    hoa.post(
        "/api/v1/cart/items",
        json!({"variant_id": m.basket, "quantity": 1}),
    )
    .await;
    let (status, receipt) = hoa.post("/api/v1/checkout", domestic("cod")).await;
    assert_eq!(status, 201, "{receipt}");
    let order = receipt["orders"][0]["id"].as_str().unwrap().to_owned();
    let (status, lines) = hoa.get(&format!("/api/v1/orders/{order}/reviews")).await;
    assert_eq!(status, 200, "{lines}");
    assert_eq!(lines["open"], false);
    let item = lines["lines"][0]["order_item_id"]
        .as_str()
        .unwrap()
        .to_owned();

    // not before it is delivered
    let (status, body) = send_review(
        &m,
        Sender::Person(&hoa),
        &order,
        &item,
        review_form("5", "Giỏ đẹp", vec![]),
    )
    .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "not_delivered_yet");

    deliver(&m.seller_a, &order).await;
    // the invitation waits three days in the outbox
    let invites: Vec<outbox::Model> = outbox::Entity::find()
        .all(&m.app.db.conn)
        .await
        .unwrap()
        .into_iter()
        .filter(|j| j.payload["template"] == "review_invite")
        .collect();
    assert_eq!(invites.len(), 1);
    assert_eq!(invites[0].payload["to_email"], "hoa@example.vn");
    assert!(
        invites[0].run_at > chrono::Utc::now() + chrono::Duration::days(2),
        "the invitation is for later: {:?}",
        invites[0].run_at
    );
    assert!(
        invites[0].payload["text"]
            .as_str()
            .unwrap()
            .contains(&format!("/orders/{order}/reviews"))
    );

    // what is wrong is said per field, and nothing is kept
    let (status, body) = send_review(
        &m,
        Sender::Person(&hoa),
        &order,
        &item,
        review_form("7", "  ", vec![(b"not a picture".to_vec(), "ghi-chu.txt")]),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    let fields = &body["error"]["fields"];
    assert_eq!(fields["rating"][0]["code"], "whole_number_between");
    assert_eq!(fields["body"][0]["code"], "required");
    assert_eq!(fields["pictures"][0]["code"], "not_a_picture");
    let too_many = (0..5).map(|i| (png(8, 8), if i % 2 == 0 { "a.png" } else { "b.png" }));
    let (status, body) = send_review(
        &m,
        Sender::Person(&hoa),
        &order,
        &item,
        review_form("5", "Đẹp", too_many.collect()),
    )
    .await;
    assert!(status == 413 || status == 422, "{status} {body}");

    // a stranger cannot review Hoa's order
    let stranger = m.app.person("la@example.vn", true).await;
    let (status, _) = send_review(
        &m,
        Sender::Person(&stranger),
        &order,
        &item,
        review_form("1", "Tệ", vec![]),
    )
    .await;
    assert_eq!(status, 404);

    let (status, review) = send_review(
        &m,
        Sender::Person(&hoa),
        &order,
        &item,
        review_form(
            "5",
            "Giỏ đan rất khéo, chắc chắn, đúng như hình.",
            vec![(png(400, 300), "gio.png")],
        ),
    )
    .await;
    assert_eq!(status, 201, "{review}");
    assert_eq!(review["author_name"], "Hoa N.");
    assert_eq!(review["rating"], 5);
    assert_eq!(review["pictures"].as_array().unwrap().len(), 1);
    let small = review["pictures"][0]["small_url"].as_str().unwrap();
    let picture = m.app.get(small).await;
    assert_eq!(picture.status(), 200);
    assert_eq!(picture.headers()["content-type"], "image/jpeg");

    // once only
    let (status, body) = send_review(
        &m,
        Sender::Person(&hoa),
        &order,
        &item,
        review_form("4", "Lần nữa", vec![]),
    )
    .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "already_reviewed");

    let listing = basket_listing(&m).await;
    let (status, shown) = hoa
        .get(&format!("/api/v1/products/{listing}/reviews"))
        .await;
    assert_eq!(status, 200, "{shown}");
    assert_eq!(
        shown["summary"],
        json!({"count": 1, "average": 5.0, "stars": [0, 0, 0, 0, 1]})
    );
    assert_eq!(shown["reviews"]["items"][0]["id"], review["id"]);
    let row = products::Entity::find_by_id(listing)
        .one(&m.app.db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((row.rating_count, row.rating_sum), (1, 5));
    // the rated listing comes first in a list sorted by rating, its card
    // carrying its stars
    let (status, list) = stranger.get("/api/v1/products?sort=rating").await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(list["items"][0]["id"], json!(listing));
    assert_eq!(list["items"][0]["rating_tenths"], 50);
    assert_eq!(list["items"][0]["reviews"], 1);
    assert_eq!(list["items"][1]["rating_tenths"], Value::Null);
    let (status, rating) = stranger
        .get(&format!("/api/v1/cooperatives/{}/rating", m.coop_a))
        .await;
    assert_eq!(status, 200, "{rating}");
    assert_eq!(rating["count"], 1);
}

#[tokio::test]
async fn a_guest_reviews_with_the_orders_token_the_cooperative_replies_and_staff_hide_a_report() {
    announce(
        "a_guest_reviews_with_the_orders_token_the_cooperative_replies_and_staff_hide_a_report",
    );
    let m = market_with_stock(10, 10).await;
    let guest = Guest::new(&m.app);
    guest.add(m.basket, 2).await;
    let (status, receipt) = guest.checkout(&domestic("cod"), None).await;
    assert_eq!(status, 201, "{receipt}");
    let order = receipt["orders"][0]["id"].as_str().unwrap().to_owned();
    let token = receipt["access_token"].as_str().unwrap().to_owned();
    deliver(&m.seller_a, &order).await;

    let anonymous = reqwest::Client::new();
    let lines: Value = anonymous
        .get(m.app.url(&format!("/api/v1/orders/{order}/reviews")))
        .header("X-Order-Access", &token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(lines["open"], true, "{lines}");
    let item = lines["lines"][0]["order_item_id"].as_str().unwrap();
    let (status, _) = send_review(
        &m,
        Sender::Guest(&anonymous, None),
        &order,
        item,
        review_form("2", "Giao chậm", vec![]),
    )
    .await;
    assert_eq!(status, 404, "without the token the order is nobody's");
    let (status, review) = send_review(
        &m,
        Sender::Guest(&anonymous, Some(&token)),
        &order,
        item,
        review_form("2", "Giao chậm, giỏ hơi méo một bên.", vec![]),
    )
    .await;
    assert_eq!(status, 201, "{review}");
    let id = review["id"].as_str().unwrap().to_owned();

    // only the cooperative that sold it replies
    let other = m.app.person("minh2@example.vn", true).await;
    let (status, _) = other
        .post(
            &format!("/api/v1/reviews/{id}/reply"),
            json!({"body": "Xin lỗi"}),
        )
        .await;
    assert_eq!(status, 404, "another cooperative's sale is none of theirs");
    let (status, body) = m
        .seller_a
        .post(&format!("/api/v1/reviews/{id}/reply"), json!({"body": " "}))
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["fields"]["body"][0]["code"], "required");
    let (status, replied) = m
        .seller_a
        .post(
            &format!("/api/v1/reviews/{id}/reply"),
            json!({"body": "Cảm ơn chị, hợp tác xã sẽ gửi giỏ khác."}),
        )
        .await;
    assert_eq!(status, 200, "{replied}");
    assert_eq!(
        replied["reply"]["body"],
        "Cảm ơn chị, hợp tác xã sẽ gửi giỏ khác."
    );
    let (status, mine) = m
        .seller_a
        .get(&format!("/api/v1/cooperatives/{}/reviews", m.coop_a))
        .await;
    assert_eq!(status, 200, "{mine}");
    assert_eq!(mine["total"], 1);

    // anyone reports; staff see it, sellers do not
    let response = anonymous
        .post(m.app.url(&format!("/api/v1/reviews/{id}/reports")))
        .json(&json!({"reason": ""}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let response = anonymous
        .post(m.app.url(&format!("/api/v1/reviews/{id}/reports")))
        .json(&json!({"reason": "Có số điện thoại cá nhân"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 202);
    let (status, queue) = m.staff.get("/api/v1/moderation/reviews").await;
    assert_eq!(status, 200, "{queue}");
    assert_eq!(queue["items"][0]["id"], json!(id));
    assert_eq!(queue["items"][0]["open_reports"], 1);
    let (status, _) = m.seller_a.get("/api/v1/moderation/reviews").await;
    assert_eq!(status, 403);
    let (_, waiting) = m.staff.get("/api/v1/moderation/waiting").await;
    assert_eq!(waiting["reviews"], 1, "{waiting}");

    // hiding needs a reason; then the shop and the rating forget it
    let decide = format!("/api/v1/moderation/reviews/{id}/decision");
    let (status, body) = m
        .staff
        .post(&decide, json!({"decision": "hide", "reason": ""}))
        .await;
    assert_eq!(status, 422, "{body}");
    let (status, hidden) = m
        .staff
        .post(
            &decide,
            json!({"decision": "hide", "reason": "Lộ thông tin cá nhân của người giao hàng"}),
        )
        .await;
    assert_eq!(status, 200, "{hidden}");
    assert_eq!(hidden["status"], "hidden");
    assert_eq!(hidden["open_reports"], 0);
    // twice changes nothing more
    let (status, _) = m
        .staff
        .post(&decide, json!({"decision": "hide", "reason": "Lần hai"}))
        .await;
    assert_eq!(status, 200);
    let listing = basket_listing(&m).await;
    let shown: Value = m
        .app
        .get(&format!("/api/v1/products/{listing}/reviews"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(shown["summary"]["count"], 0, "{shown}");
    assert_eq!(shown["reviews"]["total"], 0);
    let row = products::Entity::find_by_id(listing)
        .one(&m.app.db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((row.rating_count, row.rating_sum), (0, 0));
    let (_, waiting) = m.staff.get("/api/v1/moderation/waiting").await;
    assert_eq!(waiting["reviews"], 0, "decided: nothing waits");
    let told: Vec<outbox::Model> = outbox::Entity::find()
        .all(&m.app.db.conn)
        .await
        .unwrap()
        .into_iter()
        .filter(|j| j.payload["template"] == "review_hidden")
        .collect();
    assert_eq!(told.len(), 1, "the author is told once");
    assert!(
        told[0].payload["text"]
            .as_str()
            .unwrap()
            .contains("Lộ thông tin cá nhân của người giao hàng")
    );
    let (status, log) = m.staff.get("/api/v1/moderation/audit-log").await;
    assert_eq!(status, 200);
    let actions: Vec<&str> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert!(actions.contains(&"review.hide"), "{actions:?}");
    assert!(actions.contains(&"review.reply"), "{actions:?}");
}
