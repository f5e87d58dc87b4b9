//! The pages of lots over plain HTTP, JavaScript off: the public page of a
//! lot in four languages, the sign-in wall and other cooperatives' lots
//! hidden, refused forms coming back with each problem beside its own
//! input, the diary, the recall with its confirm step and report, and the
//! lot picked for an order's line on the seller's order page and linked
//! from the buyer's.

use hoptac_tests::TestApp;
use hoptac_tests::users::{Person, admitted_cooperative};
use serde_json::json;

use crate::announce;
use crate::orders::{domestic, market_with_stock};

/// Posts a form as `person`: status, location and page.
async fn post(
    app: &TestApp,
    person: &Person,
    path: &str,
    fields: &[(&str, &str)],
) -> (u16, String, String) {
    let mut all = vec![("csrf_token", person.csrf.as_str())];
    all.extend_from_slice(fields);
    let response = person
        .client
        .post(app.url(path))
        .form(&all)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, location, response.text().await.unwrap())
}

/// The page `person` gets at `path`: status and HTML.
async fn page(app: &TestApp, person: &Person, path: &str) -> (u16, String) {
    let response = person.client.get(app.url(path)).send().await.unwrap();
    (
        response.status().as_u16(),
        response.text().await.unwrap_or_default(),
    )
}

/// The HTML from the input with `id` to the end of its field.
fn beside<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id} on the page"));
    let rest = &html[at..];
    &rest[..rest.find("</div>").unwrap_or(rest.len())]
}

fn days_ago(days: u64) -> String {
    (kernel::time::today_in_vietnam(chrono::Utc::now()) - chrono::Days::new(days)).to_string()
}

#[tokio::test]
async fn a_seller_records_a_lot_its_diary_and_a_recall_with_forms_that_work_without_javascript() {
    announce(
        "a_seller_records_a_lot_its_diary_and_a_recall_with_forms_that_work_without_javascript",
    );
    let m = market_with_stock(10, 10).await;
    let listing = entity::product_variants::Entity::find_by_id(m.basket);
    use sea_orm::EntityTrait as _;
    let listing = listing
        .one(&m.app.db.conn)
        .await
        .unwrap()
        .unwrap()
        .product_id
        .to_string();
    let lots = format!("/seller/cooperatives/{}/lots", m.coop_a);

    // the list with its empty state and the form
    let (status, html) = page(&m.app, &m.seller_a, &lots).await;
    assert_eq!(status, 200);
    assert!(html.contains("id=\"f-lot_number\"") && html.contains("Giỏ mây có nắp"));

    // refused: each problem beside its input, what was typed kept
    let (status, _, html) = post(
        &m.app,
        &m.seller_a,
        &lots,
        &[
            ("product_id", &listing),
            ("lot_number", ""),
            ("quantity", "mười"),
            ("makers", "Hộ bà Hoa — đan thân giỏ"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        beside(&html, "f-quantity").contains("field-error"),
        "quantity"
    );
    assert!(
        html.contains("Hộ bà Hoa — đan thân giỏ"),
        "the makers are kept"
    );
    let (status, _, html) = post(
        &m.app,
        &m.seller_a,
        &lots,
        &[
            ("product_id", &listing),
            ("lot_number", ""),
            ("quantity", "12"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(beside(&html, "f-lot_number").contains("field-error"));

    // recorded: makers and materials one a line
    let (status, location, _) = post(
        &m.app,
        &m.seller_a,
        &lots,
        &[
            ("product_id", &listing),
            ("lot_number", "BL-GN-2611-07"),
            ("quantity", "120"),
            ("unit", "piece"),
            ("produced_on", &days_ago(6)),
            ("makers", "Hộ bà Hoa — đan thân giỏ\nHộ chị Mai - đan nắp\n"),
            ("materials", "Mây nước — A Lưới"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    assert!(location.ends_with("?notice=lot-created"), "{location}");
    let lot_page = location.split('?').next().unwrap().to_owned();
    let id = lot_page.rsplit('/').next().unwrap().to_owned();
    let (status, lot) = m.seller_a.get(&format!("/api/v1/lots/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(
        lot["makers"][1],
        json!({"name": "Hộ chị Mai", "role": "đan nắp"})
    );
    assert_eq!(lot["materials"][0]["origin"], "A Lưới");
    let code = lot["code"].as_str().unwrap().to_owned();
    let (status, html) = page(&m.app, &m.seller_a, &location).await;
    assert_eq!(status, 200);
    for expected in [
        "BL-GN-2611-07",
        &format!("/t/{code}"),
        "labels.pdf?layout=3x8",
        "labels.pdf?layout=2x5",
    ] {
        assert!(html.contains(expected), "{expected}");
    }

    // the diary
    let diary = format!("/seller/lots/{id}/diary");
    let (status, _, html) = post(
        &m.app,
        &m.seller_a,
        &diary,
        &[
            ("kind", "making"),
            ("happened_on", "hôm qua"),
            ("title", ""),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(beside(&html, "f-happened_on").contains("field-error"));
    let (status, location, _) = post(
        &m.app,
        &m.seller_a,
        &diary,
        &[
            ("kind", "making"),
            ("happened_on", &days_ago(6)),
            ("title", "Đan thân giỏ và nắp"),
        ],
    )
    .await;
    assert_eq!(status, 303, "{location}");
    let (_, html) = page(&m.app, &m.seller_a, &lot_page).await;
    assert!(html.contains("Đan thân giỏ và nắp"));

    // recall: the confirm step first
    let recall = format!("/seller/lots/{id}/recall");
    let (status, _, _) = post(&m.app, &m.seller_a, &recall, &[("reason", "Mây bị mốc")]).await;
    assert_eq!(status, 422, "not confirmed");
    let (status, location, _) = post(
        &m.app,
        &m.seller_a,
        &recall,
        &[("reason", "Mây bị mốc"), ("confirm", "yes")],
    )
    .await;
    assert_eq!(status, 303);
    assert!(location.ends_with("notice=lot-recalled"));
    let (_, html) = page(&m.app, &m.seller_a, &lot_page).await;
    assert!(html.contains("recall-report") && html.contains("Mây bị mốc"));
    assert!(
        !html.contains("recall-form"),
        "no recall form once recalled"
    );

    // union staff see it among the recalls
    let (status, html) = page(&m.app, &m.staff, "/moderation/lots?status=recalled").await;
    assert_eq!(status, 200);
    assert!(html.contains("BL-GN-2611-07") && html.contains("HTX Mây Tre Bao La"));
}

#[tokio::test]
async fn the_lots_page_speaks_four_languages_and_other_cooperatives_lots_are_hidden() {
    announce("the_lots_page_speaks_four_languages_and_other_cooperatives_lots_are_hidden");
    let m = market_with_stock(10, 10).await;
    use sea_orm::EntityTrait as _;
    let listing = entity::product_variants::Entity::find_by_id(m.basket)
        .one(&m.app.db.conn)
        .await
        .unwrap()
        .unwrap()
        .product_id;
    let (status, lot) = m
        .seller_a
        .post(
            &format!("/api/v1/cooperatives/{}/lots", m.coop_a),
            json!({"product_id": listing, "lot_number": "BL-08", "quantity": 10,
                   "makers": [{"name": "Hộ bà Hoa"}],
                   "materials": [{"name": "Mây nước", "origin": "A Lưới"}]}),
        )
        .await;
    assert_eq!(status, 201, "{lot}");
    let code = lot["code"].as_str().unwrap();
    let id = lot["id"].as_str().unwrap();
    for (lang, words) in [
        ("vi", "Nguồn gốc sản phẩm"),
        ("en", "Where it comes from"),
        ("ja", "生産履歴"),
        ("zh", "产品溯源"),
    ] {
        let response = m.app.get(&format!("/t/{code}?lang={lang}")).await;
        assert_eq!(response.status().as_u16(), 200, "{lang}");
        let html = response.text().await.unwrap();
        assert!(html.contains(words), "{lang}: {words}");
        assert!(html.contains("Hộ bà Hoa") && html.contains("A Lưới"));
    }

    // the sign-in wall, and another cooperative's lot is not there
    let stranger = hoptac_tests::users::client();
    let response = stranger
        .get(m.app.url(&format!("/seller/lots/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 303);
    let owner_b = m.app.person("owner.b@example.vn", true).await;
    admitted_cooperative(&owner_b, &m.staff, "HTX Nón lá").await;
    let owner_b = m
        .app
        .sign_in("owner.b@example.vn", hoptac_tests::users::client())
        .await;
    let (status, _) = page(&m.app, &owner_b, &format!("/seller/lots/{id}")).await;
    assert_eq!(status, 404);
    let (status, _, _) = post(
        &m.app,
        &owner_b,
        &format!("/seller/lots/{id}/recall"),
        &[("reason", "x"), ("confirm", "yes")],
    )
    .await;
    assert!(
        matches!(status, 404 | 422),
        "refused ({status}), and nothing recalled"
    );
    assert_eq!(
        m.app
            .get_json(&format!("/api/v1/traceability/{code}"), 200)
            .await["recall"],
        json!(null)
    );
    let (status, _) = page(&m.app, &owner_b, "/moderation/lots").await;
    assert_eq!(status, 403);

    // the seller picks the lot of a line on the order page; the buyer's
    // order page links the lot's page
    let buyer = m.app.person("hoa@example.vn", true).await;
    buyer
        .post(
            "/api/v1/cart/items",
            json!({"variant_id": m.basket, "quantity": 1}),
        )
        .await;
    let (status, receipt) = buyer.post("/api/v1/checkout", domestic("cod")).await;
    assert_eq!(status, 201, "{receipt}");
    let order = receipt["orders"][0]["id"].as_str().unwrap();
    let (status, html) = page(&m.app, &m.seller_a, &format!("/seller/orders/{order}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("id=\"lots\"") && html.contains("BL-08"));
    let (_, packing) = m
        .seller_a
        .get(&format!("/api/v1/orders/{order}/lots"))
        .await;
    let item = packing["lines"][0]["item_id"].as_str().unwrap();
    let (status, location, _) = post(
        &m.app,
        &m.seller_a,
        &format!("/seller/orders/{order}/lots"),
        &[("lines[0].item_id", item), ("lines[0].lot_id", id)],
    )
    .await;
    assert_eq!(status, 303);
    assert!(location.contains("notice=order-lots-saved"), "{location}");
    let (status, html) = page(&m.app, &buyer, &format!("/orders/{order}")).await;
    assert_eq!(status, 200);
    assert!(
        html.contains(&format!("href=\"/t/{code}\"")),
        "the buyer's order links the lot"
    );
}
