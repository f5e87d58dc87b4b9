//! Listings as cooperatives keep them, pictures, review by the union,
//! certifications and the CSV round trip, over HTTP.

use hoptac_tests::users::{Person, admitted_cooperative};
use hoptac_tests::{TestApp, spawn_app};
use reqwest::Method;
use reqwest::multipart::{Form, Part};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::announce;

/// A PNG of `w`×`h` pixels.
pub fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 120])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

pub(crate) fn picture(bytes: Vec<u8>, name: &str) -> Form {
    Form::new()
        .part("image", Part::bytes(bytes).file_name(name.to_owned()))
        .text("alt_vi", "Giỏ mây nhìn từ trên xuống")
}

/// A listing with two variants, the second with wholesale tiers.
pub(crate) fn basket(title: &str, sku: &str) -> Value {
    json!({
        "title": {"vi": title, "en": "Hand-woven rattan basket"},
        "summary": {"vi": "Giỏ mây nhỏ đựng đồ, đan tay ở Bao La."},
        "description": {"vi": "Đan tay bằng **mây** rừng.\n\n<script>alert('x')</script>"},
        "category": "",
        "tags": ["Mây", "quà tặng"],
        "maker": "Hộ bà Nguyễn Thị Lành",
        "variants": [
            {"sku": format!("{sku}-S"), "options": {"size": "S"}, "price_vnd": 250000, "stock": 5, "weight_grams": 300},
            {"sku": format!("{sku}-L"), "options": {"size": "L"}, "price_vnd": 350000, "stock": 2,
             "price_tiers": [{"min_qty": 10, "price_vnd": 320000}, {"min_qty": 50, "price_vnd": 300000}],
             "length_mm": 300, "width_mm": 300, "height_mm": 200, "hs_code": "460212"}
        ]
    })
}

pub(crate) struct Shop {
    pub app: TestApp,
    pub owner: Person,
    pub staff: Person,
    pub coop: String,
}

pub(crate) async fn shop() -> Shop {
    shop_in(spawn_app().await).await
}

/// Union staff and an admitted cooperative with its owner in `app`.
pub(crate) async fn shop_in(app: TestApp) -> Shop {
    let staff = app.union_staff("staff@hoptac.vn").await;
    let owner = app.person("lan@example.vn", true).await;
    let coop = admitted_cooperative(&owner, &staff, "HTX Mây Tre Bao La").await;
    Shop {
        app,
        owner,
        staff,
        coop,
    }
}

/// Creates a listing, gives it a category and a picture; returns its id.
pub(crate) async fn complete_listing(s: &Shop, title: &str, sku: &str) -> String {
    let mut body = basket(title, sku);
    body["category"] = json!(category(&s.app).await);
    let (status, created) = s
        .owner
        .post(&format!("/api/v1/cooperatives/{}/products", s.coop), body)
        .await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    let (status, body) = s
        .owner
        .upload(
            &format!("/api/v1/products/{id}/images"),
            picture(png(900, 600), "gio.png"),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    id
}

/// A category slug of the shop.
async fn category(app: &TestApp) -> String {
    let row = entity::categories::Entity::find()
        .one(&app.db.conn)
        .await
        .unwrap();
    match row {
        Some(c) => c.slug,
        None => {
            testkit::fixtures::category(&app.db.conn, "do-may-tre", "Đồ mây tre").await;
            app.catalogue_changed();
            "do-may-tre".to_owned()
        }
    }
}

async fn templates_sent_to(app: &TestApp, email: &str) -> Vec<String> {
    entity::outbox::Entity::find()
        .all(&app.db.conn)
        .await
        .unwrap()
        .into_iter()
        .filter(|j| j.payload["to_email"] == email)
        .map(|j| {
            j.payload["template"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect()
}

async fn audit_actions(app: &TestApp, target: &str) -> Vec<String> {
    entity::audit_log::Entity::find()
        .filter(entity::audit_log::Column::TargetId.eq(target))
        .all(&app.db.conn)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.action)
        .collect()
}

#[tokio::test]
async fn a_member_creates_a_draft_listing_with_variants_and_wholesale_tiers() {
    announce("a_member_creates_a_draft_listing_with_variants_and_wholesale_tiers");
    let s = shop().await;
    let (status, body) = s
        .owner
        .post(
            &format!("/api/v1/cooperatives/{}/products", s.coop),
            basket("Giỏ mây đan tay", "GM"),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["status"], "draft");
    assert_eq!(body["slug"], "gio-may-dan-tay");
    assert_eq!(body["content"]["tags"], json!(["mây", "quà tặng"]));
    assert_eq!(body["content"]["maker"], "Hộ bà Nguyễn Thị Lành");
    let large = &body["variants"][1];
    assert_eq!(large["price"]["amount"], 350000);
    assert_eq!(large["price_tiers"][0]["min_qty"], 10);
    assert_eq!(large["price_tiers"][1]["price"]["amount"], 300000);
    assert_eq!(large["hs_code"], "4602.12");
    assert_eq!(
        body["missing_for_review"],
        json!(["category", "images"]),
        "a draft says what it lacks"
    );
    // a draft is nobody else's business
    let (status, _) = s
        .app
        .get_json_status("/api/v1/products/gio-may-dan-tay")
        .await;
    assert_eq!(status, 404);
    // a second listing of the same title gets its own slug
    let (status, body) = s
        .owner
        .post(
            &format!("/api/v1/cooperatives/{}/products", s.coop),
            basket("Giỏ mây đan tay", "GM2"),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["slug"], "gio-may-dan-tay-2");
}

#[tokio::test]
async fn bad_listing_input_answers_422_with_the_fields_named() {
    announce("bad_listing_input_answers_422_with_the_fields_named");
    let s = shop().await;
    let url = format!("/api/v1/cooperatives/{}/products", s.coop);
    let (status, _) = s.owner.post(&url, basket("Giỏ mây", "GM")).await;
    assert_eq!(status, 201);
    let mut bad = basket("", "NEW");
    bad["variants"][0]["price_vnd"] = json!(-5000);
    bad["variants"][1]["sku"] = json!("GM-S"); // another listing's SKU
    bad["variants"]
        .as_array_mut()
        .unwrap()
        .push(json!({"sku": "NEW-S", "price_vnd": 1000}));
    let (status, body) = s.owner.post(&url, bad).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "validation_failed");
    let fields = &body["error"]["fields"];
    for (field, code) in [
        ("title.vi", "required"),
        ("variants[0].price_vnd", "must_be_positive"),
        ("variants[1].sku", "sku_taken"),
        ("variants[2].sku", "sku_used_twice"),
    ] {
        assert_eq!(fields[field][0]["code"], code, "{field}: {body}");
        assert!(fields[field][0]["message"].is_string(), "{field}: {body}");
    }
    // the SKU taken by another listing is named too
    let mut taken = basket("Giỏ khác", "X");
    taken["variants"][1]["sku"] = json!("GM-L");
    let (status, body) = s.owner.post(&url, taken).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        body["error"]["fields"]["variants[1].sku"][0]["code"], "sku_taken",
        "{body}"
    );
    // a typo in a field name is refused, not ignored
    let (status, body) = s.owner.post(&url, json!({"titel": {"vi": "x"}})).await;
    assert!(status == 400 || status == 422, "{status} {body}");
    assert!(body["error"]["code"].is_string(), "{body}");
}

#[tokio::test]
async fn pictures_are_checked_by_content_bounded_in_size_and_served_in_three_sizes() {
    announce("pictures_are_checked_by_content_bounded_in_size_and_served_in_three_sizes");
    let s = shop().await;
    let (_, created) = s
        .owner
        .post(
            &format!("/api/v1/cooperatives/{}/products", s.coop),
            basket("Khay mây", "KM"),
        )
        .await;
    let id = created["id"].as_str().unwrap();
    let url = format!("/api/v1/products/{id}/images");
    // a script named .png is not a picture
    let (status, body) = s
        .owner
        .upload(
            &url,
            picture(b"<script>alert(1)</script>".to_vec(), "anh.png"),
        )
        .await;
    assert_eq!(status, 415, "{body}");
    assert_eq!(body["error"]["code"], "unsupported_media_type");
    // 11 MB is too much
    let mut big = png(64, 64);
    big.resize(11 * 1024 * 1024, 0);
    let (status, body) = s.owner.upload(&url, picture(big, "big.png")).await;
    assert_eq!(status, 413, "{body}");
    // a PNG declaring 100000×100000 pixels is refused before it is decoded
    let mut bomb = png(1, 1);
    bomb[16..20].copy_from_slice(&100_000u32.to_be_bytes());
    bomb[20..24].copy_from_slice(&100_000u32.to_be_bytes());
    let (status, body) = s.owner.upload(&url, picture(bomb, "bomb.png")).await;
    assert!(status == 422 || status == 415, "{status} {body}");
    // a good one
    let (status, body) = s
        .owner
        .upload(&url, picture(png(1600, 1200), "khay.png"))
        .await;
    assert_eq!(status, 201, "{body}");
    let (_, listing) = s.owner.get(&format!("/api/v1/products/{id}/listing")).await;
    let image = &listing["images"][0];
    assert_eq!(image["width"], 1600);
    assert_eq!(image["alt"], "Giỏ mây nhìn từ trên xuống");
    for size in ["small", "medium", "large"] {
        let url = image["urls"][size].as_str().unwrap();
        let response = s.app.get(url).await;
        assert_eq!(response.status(), 200, "{url}");
        assert!(
            response.headers()["cache-control"]
                .to_str()
                .unwrap()
                .contains("immutable")
        );
        assert_eq!(response.headers()["content-type"], "image/jpeg");
        let bytes = response.bytes().await.unwrap();
        let decoded = image::load_from_memory(&bytes).unwrap();
        let want = match size {
            "small" => 320,
            "medium" => 640,
            _ => 1280,
        };
        assert_eq!(decoded.width(), want, "{size}");
    }
}

#[tokio::test]
async fn another_cooperatives_member_gets_404_and_a_shopper_cannot_touch_a_listing() {
    announce("another_cooperatives_member_gets_404_and_a_shopper_cannot_touch_a_listing");
    let s = shop().await;
    let id = complete_listing(&s, "Giỏ mây đan tay", "GM").await;
    let other = s.app.person("other@example.vn", true).await;
    admitted_cooperative(&other, &s.staff, "HTX Nón Lá Phú Cam").await;
    let shopper = s.app.person("khach@example.vn", true).await;
    for person in [&other, &shopper] {
        for (method, path, body) in [
            (Method::GET, format!("/api/v1/products/{id}/listing"), None),
            (
                Method::PATCH,
                format!("/api/v1/products/{id}"),
                Some(json!({"title": {"vi": "Của tôi"}})),
            ),
            (Method::DELETE, format!("/api/v1/products/{id}"), None),
            (Method::POST, format!("/api/v1/products/{id}/submit"), None),
        ] {
            let (status, body) = person.send(method.clone(), &path, body).await;
            assert!(
                status == 404 || status == 403,
                "{method} {path} as {}: {status} {body}",
                person.email
            );
            assert!(
                !body.to_string().contains("Giỏ mây"),
                "{path} leaked the listing"
            );
        }
        let (status, _) = person
            .upload(
                &format!("/api/v1/products/{id}/images"),
                picture(png(10, 10), "x.png"),
            )
            .await;
        assert_eq!(status, 404);
    }
    let (_, listing) = s.owner.get(&format!("/api/v1/products/{id}/listing")).await;
    assert_eq!(listing["content"]["title"]["vi"], "Giỏ mây đan tay");
    assert_eq!(listing["images"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn script_in_a_description_is_inert_in_the_api_and_on_the_page() {
    announce("script_in_a_description_is_inert_in_the_api_and_on_the_page");
    let s = shop().await;
    let id = complete_listing(&s, "Giỏ mây đan tay", "GM").await;
    let (status, body) = s
        .owner
        .post(&format!("/api/v1/products/{id}/submit"), json!({}))
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = s
        .staff
        .post(
            &format!("/api/v1/moderation/products/{id}/approve"),
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let detail = s
        .app
        .get_json("/api/v1/products/gio-may-dan-tay", 200)
        .await;
    let html = detail["description_html"].as_str().unwrap();
    assert!(html.contains("<strong>mây</strong>"), "{html}");
    assert!(!html.contains("<script"), "{html}");
    let page = s
        .app
        .get("/products/gio-may-dan-tay")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("<strong>mây</strong>"));
    assert!(
        !page.contains("<script>alert"),
        "the page runs the seller's script"
    );
}

#[tokio::test]
async fn a_listing_goes_through_review_and_edits_of_a_published_one_wait_for_it() {
    announce("a_listing_goes_through_review_and_edits_of_a_published_one_wait_for_it");
    let s = shop().await;
    let (_, created) = s
        .owner
        .post(
            &format!("/api/v1/cooperatives/{}/products", s.coop),
            basket("Giỏ mây đan tay", "GM"),
        )
        .await;
    let id = created["id"].as_str().unwrap().to_owned();
    // incomplete: no category, no picture
    let (status, body) = s
        .owner
        .post(&format!("/api/v1/products/{id}/submit"), json!({}))
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body["error"]["fields"]["images"].is_array(), "{body}");
    let cat = category(&s.app).await;
    let (status, body) = s
        .owner
        .patch(&format!("/api/v1/products/{id}"), json!({"category": cat}))
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = s
        .owner
        .upload(
            &format!("/api/v1/products/{id}/images"),
            picture(png(800, 800), "a.png"),
        )
        .await;
    assert_eq!(status, 201);
    let (status, body) = s
        .owner
        .post(&format!("/api/v1/products/{id}/submit"), json!({}))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "pending_review");
    // in the union's queue; still not in the shop
    let (_, queue) = s.staff.get("/api/v1/moderation/products").await;
    assert_eq!(queue["items"][0]["id"], json!(id));
    assert_eq!(
        s.app
            .get_json_status(&format!("/api/v1/products/{id}"))
            .await
            .0,
        404
    );
    // a reason is needed to reject
    let (status, _) = s
        .staff
        .post(
            &format!("/api/v1/moderation/products/{id}/reject"),
            json!({}),
        )
        .await;
    assert_eq!(status, 422);
    let (status, body) = s
        .staff
        .post(
            &format!("/api/v1/moderation/products/{id}/approve"),
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "published");
    let public = s
        .app
        .get_json("/api/v1/products/gio-may-dan-tay", 200)
        .await;
    assert_eq!(public["variants"].as_array().unwrap().len(), 2);
    assert_eq!(public["maker"], "Hộ bà Nguyễn Thị Lành");
    assert!(
        templates_sent_to(&s.app, "lan@example.vn")
            .await
            .contains(&"listing_approved".to_owned())
    );

    // a price change is live at once; a title change waits for review
    let (_, listing) = s.owner.get(&format!("/api/v1/products/{id}/listing")).await;
    let small = listing["variants"][0]["id"].clone();
    let (status, body) = s
        .owner
        .patch(
            &format!("/api/v1/products/{id}"),
            json!({
                "title": {"vi": "Giỏ mây tròn đan tay", "en": "Round rattan basket"},
                "variants": [
                    {"id": small, "sku": "GM-S", "options": {"size": "S"}, "price_vnd": 240000, "stock": 9},
                    {"sku": "GM-L", "options": {"size": "L"}, "price_vnd": 350000, "stock": 2}
                ]
            }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "published");
    assert_eq!(body["awaiting_review"], true);
    assert_eq!(body["pending"]["title"]["vi"], "Giỏ mây tròn đan tay");
    let public = s
        .app
        .get_json("/api/v1/products/gio-may-dan-tay", 200)
        .await;
    assert_eq!(
        public["title"], "Giỏ mây đan tay",
        "the approved title stays"
    );
    assert_eq!(
        public["variants"][0]["price"]["amount"], 240000,
        "the price is live"
    );
    assert_eq!(public["variants"][0]["stock"], 9);
    let (status, _) = s
        .staff
        .post(
            &format!("/api/v1/moderation/products/{id}/approve"),
            json!({}),
        )
        .await;
    assert_eq!(status, 200);
    let public = s
        .app
        .get_json("/api/v1/products/gio-may-tron-dan-tay", 200)
        .await;
    assert_eq!(public["title"], "Giỏ mây tròn đan tay");
    // the old address redirects to the new one
    let old = s.app.get("/api/v1/products/gio-may-dan-tay").await;
    assert_eq!(old.status(), 301);
    assert_eq!(
        old.headers()["location"],
        "/api/v1/products/gio-may-tron-dan-tay"
    );

    // staff take it down with a reason; it leaves the shop and the seller hears why
    let (status, body) = s
        .staff
        .post(
            &format!("/api/v1/moderation/products/{id}/take-down"),
            json!({"reason": "Ảnh không đúng sản phẩm"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "unpublished");
    assert_eq!(body["status_reason"], "Ảnh không đúng sản phẩm");
    assert_eq!(
        s.app
            .get_json_status("/api/v1/products/gio-may-tron-dan-tay")
            .await
            .0,
        404
    );
    assert!(
        templates_sent_to(&s.app, "lan@example.vn")
            .await
            .contains(&"listing_taken_down".to_owned())
    );
    // taken down: only a new review brings it back
    let (status, body) = s
        .owner
        .post(&format!("/api/v1/products/{id}/submit"), json!({}))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "pending_review");
    let (status, body) = s
        .staff
        .post(
            &format!("/api/v1/moderation/products/{id}/reject"),
            json!({"reason": "Vẫn chưa sửa ảnh"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status_reason"], "Vẫn chưa sửa ảnh");
    let actions = audit_actions(&s.app, &id).await;
    for action in [
        "product.create",
        "product.submit",
        "product.approve",
        "product.update",
        "product.take_down",
        "product.reject",
    ] {
        assert!(
            actions.contains(&action.to_owned()),
            "{action} not audited: {actions:?}"
        );
    }
    // approving what is not in the queue is a conflict
    let (status, body) = s
        .staff
        .post(
            &format!("/api/v1/moderation/products/{id}/approve"),
            json!({}),
        )
        .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "invalid_transition");
}

#[tokio::test]
async fn a_rejected_listing_goes_back_to_draft_when_edited_and_can_be_deleted() {
    announce("a_rejected_listing_goes_back_to_draft_when_edited_and_can_be_deleted");
    let s = shop().await;
    let id = complete_listing(&s, "Nón lá bài thơ", "NL").await;
    s.owner
        .post(&format!("/api/v1/products/{id}/submit"), json!({}))
        .await;
    let (status, body) = s
        .staff
        .post(
            &format!("/api/v1/moderation/products/{id}/reject"),
            json!({"reason": "Thiếu ảnh mặt trong"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "rejected");
    assert!(
        templates_sent_to(&s.app, "lan@example.vn")
            .await
            .contains(&"listing_rejected".to_owned())
    );
    let (_, body) = s
        .owner
        .patch(
            &format!("/api/v1/products/{id}"),
            json!({"summary": {"vi": "Nón lá có ảnh mặt trong"}}),
        )
        .await;
    assert_eq!(body["status"], "draft");
    let (status, _) = s
        .owner
        .send(Method::DELETE, &format!("/api/v1/products/{id}"), None)
        .await;
    assert_eq!(status, 204);
    let (status, _) = s.owner.get(&format!("/api/v1/products/{id}/listing")).await;
    assert_eq!(status, 404);
}

/// A CSV header and `n` good rows of one variant each.
fn catalogue_csv(n: usize, category: &str) -> String {
    let mut csv = String::from(
        "handle,title_vi,title_en,summary_vi,description_vi,category,tags,sku,size,colour,price_vnd,stock,weight_grams,price_tiers\n",
    );
    for i in 0..n {
        let design = i / 3;
        csv.push_str(&format!(
            "gio-may-mau-{design},Giỏ mây mẫu {design},Rattan basket {design},\"Giỏ mây, mẫu số {design}\",Đan tay ở Bao La,{category},mây; quà tặng,GM-{i:04},{},nâu,{},{},450,10:{}\n",
            ["S", "M", "L"][i % 3],
            150_000 + i * 1000,
            i % 7,
            140_000 + i * 1000,
        ));
    }
    csv
}

async fn import(s: &Shop, csv: Vec<u8>, dry_run: bool) -> (u16, Value) {
    let form = Form::new().part("file", Part::bytes(csv).file_name("catalogue.csv"));
    s.owner
        .upload(
            &format!(
                "/api/v1/cooperatives/{}/products/import?dry_run={dry_run}",
                s.coop
            ),
            form,
        )
        .await
}

#[tokio::test]
async fn a_csv_with_one_bad_row_on_line_7_reports_line_7_and_imports_nothing() {
    announce("a_csv_with_one_bad_row_on_line_7_reports_line_7_and_imports_nothing");
    let s = shop().await;
    let cat = category(&s.app).await;
    let good = catalogue_csv(12, &cat);
    let mut lines: Vec<String> = good.lines().map(str::to_owned).collect();
    // line 7 of the file is the 6th data row: a negative price
    lines[6] = lines[6].replacen(",155000,", ",-155000,", 1);
    assert!(lines[6].contains("-155000"), "{}", lines[6]);
    let bad = lines.join("\n") + "\n";
    let (status, report) = import(&s, bad.clone().into_bytes(), true).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["applied"], false);
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{report}");
    assert_eq!(errors[0]["line"], 7);
    assert_eq!(errors[0]["column"], "price_vnd");
    assert_eq!(errors[0]["code"], "must_be_positive", "{report}");
    assert_eq!(errors[0]["message"], "must be more than 0", "{report}");
    let (status, body) = import(&s, bad.into_bytes(), false).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "import_rejected");
    let problem = &body["error"]["fields"]["line 7"][0];
    assert_eq!(problem["code"], "must_be_positive", "{body}");
    assert_eq!(
        problem["message"], "price_vnd: must be more than 0",
        "{body}"
    );
    let (_, listings) = s
        .owner
        .get(&format!("/api/v1/cooperatives/{}/products", s.coop))
        .await;
    assert_eq!(listings["total"], 0, "nothing was imported");
}

#[tokio::test]
async fn a_csv_of_600_rows_imports_and_exporting_then_importing_again_changes_nothing() {
    announce("a_csv_of_600_rows_imports_and_exporting_then_importing_again_changes_nothing");
    let s = shop().await;
    let cat = category(&s.app).await;
    let (status, report) = import(&s, catalogue_csv(600, &cat).into_bytes(), false).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["applied"], true);
    assert_eq!(report["rows"], 600);
    assert_eq!(report["created"], 200);
    let (_, listings) = s
        .owner
        .get(&format!(
            "/api/v1/cooperatives/{}/products?per_page=1",
            s.coop
        ))
        .await;
    assert_eq!(listings["total"], 200);
    let id = listings["items"][0]["id"].as_str().unwrap().to_owned();
    let (_, one) = s.owner.get(&format!("/api/v1/products/{id}/listing")).await;
    assert_eq!(one["variants"].as_array().unwrap().len(), 3, "{one}");
    assert_eq!(one["variants"][0]["price_tiers"][0]["min_qty"], 10);

    let export = |s: &Shop| {
        let url = s.app.url(&format!(
            "/api/v1/cooperatives/{}/products/export.csv",
            s.coop
        ));
        let client = s.owner.client.clone();
        async move {
            let response = client.get(url).send().await.unwrap();
            assert_eq!(response.status(), 200);
            assert!(
                response.headers()["content-type"]
                    .to_str()
                    .unwrap()
                    .starts_with("text/csv")
            );
            response.bytes().await.unwrap().to_vec()
        }
    };
    let first = export(&s).await;
    let text = String::from_utf8(first.clone()).unwrap();
    assert!(
        text.starts_with('\u{feff}'),
        "a byte-order mark for spreadsheets"
    );
    assert!(text.contains("Giỏ mây mẫu 7"));
    assert_eq!(
        text.lines().count(),
        601,
        "a header and one row per variant"
    );
    let (status, report) = import(&s, first.clone(), false).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["created"], 0, "{report}");
    assert_eq!(report["updated"], 0, "{report}");
    assert_eq!(report["unchanged"], 200, "{report}");
    assert_eq!(export(&s).await, first, "the round trip changes nothing");
}

/// Sends a VietGAP certificate with a PDF as evidence.
pub(crate) async fn vietgap(s: &Shop, issued: &str, expires: &str) -> (u16, Value) {
    let form = Form::new()
        .text("kind", "vietgap")
        .text("number", "VietGAP-TT-26-0417")
        .text("issuer", "Trung tâm Kiểm nghiệm Huế")
        .text("issued_on", issued.to_owned())
        .text("expires_on", expires.to_owned())
        .part(
            "evidence",
            Part::bytes(b"%PDF-1.7\n% giay chung nhan\n".to_vec()).file_name("vietgap.pdf"),
        );
    s.owner
        .upload(
            &format!("/api/v1/cooperatives/{}/certifications", s.coop),
            form,
        )
        .await
}

#[tokio::test]
async fn a_verified_certification_shows_its_badge_and_hides_it_by_itself_once_expired() {
    announce("a_verified_certification_shows_its_badge_and_hides_it_by_itself_once_expired");
    let s = shop().await;
    let today = kernel::time::today_in_vietnam(chrono::Utc::now());
    let issued = (today - chrono::Days::new(100)).to_string();
    // VietGAP lasts at most two years
    let too_long = (today + chrono::Days::new(800)).to_string();
    let (status, body) = vietgap(&s, &issued, &too_long).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["error"]["fields"]["expires_on"].is_array(), "{body}");
    let expires = (today + chrono::Days::new(200)).to_string();
    let (status, cert) = vietgap(&s, &issued, &expires).await;
    assert_eq!(status, 201, "{cert}");
    assert_eq!(cert["status"], "pending");
    assert_eq!(cert["shown"], false);
    let id = cert["id"].as_str().unwrap().to_owned();
    let public = s
        .app
        .get_json(&format!("/api/v1/cooperatives/{}", s.coop), 200)
        .await;
    assert_eq!(
        public["certifications"],
        json!([]),
        "not before staff verify it"
    );
    // staff read the evidence and verify
    let evidence = s
        .staff
        .client
        .get(s.app.url(&format!("/api/v1/certifications/{id}/evidence")))
        .send()
        .await
        .unwrap();
    assert_eq!(evidence.status(), 200);
    assert_eq!(evidence.headers()["content-type"], "application/pdf");
    let (status, body) = s
        .staff
        .post(
            &format!("/api/v1/moderation/certifications/{id}/verify"),
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["shown"], true);
    assert!(
        templates_sent_to(&s.app, "lan@example.vn")
            .await
            .contains(&"certification_verified".to_owned())
    );
    let public = s
        .app
        .get_json(&format!("/api/v1/cooperatives/{}", s.coop), 200)
        .await;
    assert_eq!(public["certifications"][0]["kind"], "vietgap");
    // the product list filters on it
    let listing = complete_listing(&s, "Rau sạch VietGAP", "RAU").await;
    s.owner
        .post(&format!("/api/v1/products/{listing}/submit"), json!({}))
        .await;
    s.staff
        .post(
            &format!("/api/v1/moderation/products/{listing}/approve"),
            json!({}),
        )
        .await;
    let certified = s
        .app
        .get_json("/api/v1/products?certification=vietgap", 200)
        .await;
    assert_eq!(certified["total"], 1);
    let etag_before = s
        .app
        .get("/api/v1/products/rau-sach-vietgap")
        .await
        .headers()["etag"]
        .clone();
    // time passes: the certificate's expiry date is now behind us
    let yesterday = today - chrono::Days::new(1);
    entity::certifications::Entity::update_many()
        .col_expr(
            entity::certifications::Column::ExpiresOn,
            sea_orm::sea_query::Expr::value(Some(yesterday)),
        )
        .filter(entity::certifications::Column::Id.eq(id.parse::<uuid::Uuid>().unwrap()))
        .exec(&s.app.db.conn)
        .await
        .unwrap();
    // as when the day turns in Vietnam
    s.app.catalogue_changed();
    let public = s
        .app
        .get_json(&format!("/api/v1/cooperatives/{}", s.coop), 200)
        .await;
    assert_eq!(public["certifications"], json!([]), "the badge hid itself");
    let product = s
        .app
        .get_json("/api/v1/products/rau-sach-vietgap", 200)
        .await;
    assert_eq!(product["certifications"], json!([]));
    let certified = s
        .app
        .get_json("/api/v1/products?certification=vietgap", 200)
        .await;
    assert_eq!(certified["total"], 0);
    let etag_after = s
        .app
        .get("/api/v1/products/rau-sach-vietgap")
        .await
        .headers()["etag"]
        .clone();
    assert_ne!(etag_before, etag_after, "a cached copy is not reused");
    let (_, mine) = s
        .owner
        .get(&format!("/api/v1/cooperatives/{}/certifications", s.coop))
        .await;
    assert_eq!(mine[0]["expired"], true);
    assert_eq!(mine[0]["shown"], false);
}

#[tokio::test]
async fn public_reads_carry_an_etag_and_answer_304_when_nothing_changed() {
    announce("public_reads_carry_an_etag_and_answer_304_when_nothing_changed");
    let s = shop().await;
    let id = complete_listing(&s, "Giỏ mây đan tay", "GM").await;
    s.owner
        .post(&format!("/api/v1/products/{id}/submit"), json!({}))
        .await;
    s.staff
        .post(
            &format!("/api/v1/moderation/products/{id}/approve"),
            json!({}),
        )
        .await;
    let first = s.app.get("/api/v1/products/gio-may-dan-tay").await;
    assert_eq!(first.status(), 200);
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    assert!(
        first.headers()["cache-control"]
            .to_str()
            .unwrap()
            .starts_with("public")
    );
    let again = hoptac_tests::users::client()
        .get(s.app.url("/api/v1/products/gio-may-dan-tay"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert!(again.bytes().await.unwrap().is_empty());
    // a stock change makes a new tag
    let (_, listing) = s.owner.get(&format!("/api/v1/products/{id}/listing")).await;
    let mut variants = listing["variants"].clone();
    for v in variants.as_array_mut().unwrap() {
        let keep = json!({"id": v["id"], "sku": v["sku"], "options": v["options"], "price_vnd": v["price"]["amount"], "stock": 1});
        *v = keep;
    }
    let (status, body) = s
        .owner
        .patch(
            &format!("/api/v1/products/{id}"),
            json!({"variants": variants}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let changed = hoptac_tests::users::client()
        .get(s.app.url("/api/v1/products/gio-may-dan-tay"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 200);
    assert_ne!(changed.headers()["etag"].to_str().unwrap(), etag);
    // private answers are never marked public
    let private = s
        .owner
        .client
        .get(s.app.url(&format!("/api/v1/products/{id}/listing")))
        .send()
        .await
        .unwrap();
    assert!(private.headers().get("etag").is_none());
}

#[tokio::test]
async fn the_product_list_filters_by_price_stock_and_province_and_sorts_by_price() {
    announce("the_product_list_filters_by_price_stock_and_province_and_sorts_by_price");
    let app = hoptac_tests::spawn_app_with(hoptac_tests::Seed::DemoWithoutPictures).await;
    let all = app.get_json("/api/v1/products?per_page=100", 200).await;
    let total = all["total"].as_u64().unwrap();
    assert!(total >= 40);
    let cheap_first = app
        .get_json("/api/v1/products?sort=price_asc&per_page=100", 200)
        .await;
    let prices: Vec<i64> = cheap_first["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["price"]["amount"].as_i64().unwrap())
        .collect();
    assert!(prices.windows(2).all(|w| w[0] <= w[1]), "{prices:?}");
    let dear_first = app
        .get_json("/api/v1/products?sort=price_desc&per_page=5", 200)
        .await;
    assert!(
        dear_first["items"][0]["price_max"]["amount"]
            .as_i64()
            .unwrap()
            >= dear_first["items"][1]["price_max"]["amount"]
                .as_i64()
                .unwrap()
    );
    let band = app
        .get_json(
            "/api/v1/products?min_price=100000&max_price=300000&per_page=100",
            200,
        )
        .await;
    assert!(band["total"].as_u64().unwrap() > 0);
    for p in band["items"].as_array().unwrap() {
        let low = p["price"]["amount"].as_i64().unwrap();
        let high = p["price_max"]["amount"].as_i64().unwrap();
        assert!(low <= 300_000 && high >= 100_000, "{p}");
    }
    let in_stock = app
        .get_json("/api/v1/products?in_stock=true&per_page=100", 200)
        .await;
    assert!(
        in_stock["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["in_stock"] == true)
    );
    let hue = app
        .get_json(
            "/api/v1/products?province=Th%C3%A0nh%20ph%E1%BB%91%20Hu%E1%BA%BF&per_page=1",
            200,
        )
        .await;
    assert!(hue["total"].as_u64().unwrap() > 0);
    for bad in [
        "/api/v1/products?sort=cheapest",
        "/api/v1/products?certification=iso9001",
        "/api/v1/products?min_price=abc",
        "/api/v1/products?min_price=500&max_price=100",
    ] {
        let body = app.get_json(bad, 422).await;
        assert_eq!(body["error"]["code"], "validation_failed", "{bad}");
    }
}

#[tokio::test]
async fn every_demo_cooperatives_catalogue_round_trips_through_csv_unchanged() {
    announce("every_demo_cooperatives_catalogue_round_trips_through_csv_unchanged");
    let app = hoptac_tests::spawn_app_with(hoptac_tests::Seed::DemoWithoutPictures).await;
    let keeper = app.person("thukho@example.vn", true).await;
    let coops = app.get_json("/api/v1/cooperatives?per_page=100", 200).await;
    let coops = coops["items"].as_array().unwrap();
    assert!(coops.len() >= 8);
    for coop in coops {
        let id = coop["id"].as_str().unwrap();
        accounts::add_member(
            &app.db.conn,
            kernel::CooperativeId(id.parse().unwrap()),
            kernel::UserId(keeper.id.parse().unwrap()),
            accounts::MemberRole::Staff,
        )
        .await
        .unwrap();
    }
    // memberships are read when signing in
    let keeper = app
        .sign_in("thukho@example.vn", hoptac_tests::users::client())
        .await;
    for coop in coops {
        let id = coop["id"].as_str().unwrap();
        let csv = keeper
            .client
            .get(app.url(&format!("/api/v1/cooperatives/{id}/products/export.csv")))
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap()
            .to_vec();
        let form = Form::new().part("file", Part::bytes(csv).file_name("c.csv"));
        let (status, report) = keeper
            .upload(
                &format!("/api/v1/cooperatives/{id}/products/import?dry_run=true"),
                form,
            )
            .await;
        assert_eq!(status, 200, "{report}");
        assert_eq!(report["errors"], json!([]), "{}: {report}", coop["slug"]);
        assert_eq!(report["changes"], json!([]), "{}: {report}", coop["slug"]);
        assert_eq!(report["unchanged"], report["listings"]);
    }
}
