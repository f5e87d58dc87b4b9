//! A cooperative's yearly figures: Bao La reports a year, union staff send
//! a report back or verify it, and the public page shows the latest
//! verified year — over the API and the pages, strangers refused.

use hoptac_tests::users::Person;
use hoptac_tests::{Seed, TestApp, spawn_app_with};
use reqwest::Method;
use serde_json::{Value, json};

use crate::announce;

/// Bao La's id and its owner, signed in.
async fn bao_la_owner(app: &TestApp) -> (String, Person) {
    let owner = app.person("chunhiem@baola.example.vn", true).await;
    let coop = app.get_json("/api/v1/cooperatives/bao-la", 200).await;
    let id = coop["id"].as_str().unwrap().to_owned();
    accounts::add_member(
        &app.db.conn,
        kernel::CooperativeId(id.parse().unwrap()),
        kernel::UserId(owner.id.parse().unwrap()),
        accounts::MemberRole::Owner,
    )
    .await
    .unwrap();
    let owner = app
        .sign_in("chunhiem@baola.example.vn", hoptac_tests::users::client())
        .await;
    (id, owner)
}

fn figures_2026() -> Value {
    json!({
        "members": 92, "members_women": 60, "members_ethnic_minority": 1,
        "workers_regular": 115, "workers_seasonal": 40,
        "average_monthly_income_vnd": 5_200_000, "founded_year": 2008
    })
}

#[tokio::test]
async fn bao_la_reports_a_year_and_its_page_shows_it_once_the_union_verifies_it() {
    announce("bao_la_reports_a_year_and_its_page_shows_it_once_the_union_verifies_it");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let (id, owner) = bao_la_owner(&app).await;
    let staff = app.union_staff("nhanvien@hoptac.vn").await;

    let page = app.get_json("/api/v1/cooperatives/bao-la", 200).await;
    assert_eq!(
        page["members_count"], 88,
        "the demo's verified 2025 figures"
    );
    assert_eq!(page["local_jobs"], 150);
    assert_eq!(page["figures"]["year"], 2025);
    assert_eq!(
        page["figures"]["average_monthly_income"]["amount"],
        5_000_000
    );

    let (status, reported) = owner
        .send(
            Method::PUT,
            &format!("/api/v1/cooperatives/{id}/figures/2026"),
            Some(figures_2026()),
        )
        .await;
    assert_eq!(status, 200, "{reported}");
    assert_eq!(reported["status"], "pending");
    assert_eq!(reported["local_jobs"], 155);
    let page = app.get_json("/api/v1/cooperatives/bao-la", 200).await;
    assert_eq!(
        page["members_count"], 88,
        "not shown before the union verifies it"
    );

    let (_, queue) = staff.get("/api/v1/moderation/figures").await;
    let waiting: Vec<&str> = queue
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["cooperative_name"].as_str().unwrap())
        .collect();
    assert!(waiting.iter().any(|n| n.contains("Bao La")), "{waiting:?}");
    let figures = reported["id"].as_str().unwrap();
    let review = format!("/api/v1/moderation/figures/{figures}/review");
    let (status, body) = staff
        .post(&review, json!({"decision": "needs_correction"}))
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["fields"]["note"][0]["code"], "required");
    let (status, body) = staff
        .post(
            &review,
            json!({"decision": "needs_correction", "note": "Thiếu 2 thành viên mới vào tháng 11"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "needs_correction");
    let (_, years) = owner
        .get(&format!("/api/v1/cooperatives/{id}/figures"))
        .await;
    assert_eq!(years[0]["year"], 2026, "newest first");
    assert_eq!(
        years[0]["review_note"],
        "Thiếu 2 thành viên mới vào tháng 11"
    );

    // corrected: waiting again, then verified and shown
    let mut corrected = figures_2026();
    corrected["members"] = json!(94);
    let (status, body) = owner
        .send(
            Method::PUT,
            &format!("/api/v1/cooperatives/{id}/figures/2026"),
            Some(corrected),
        )
        .await;
    assert_eq!((status, body["status"].as_str()), (200, Some("pending")));
    assert_eq!(body["review_note"], Value::Null);
    let (status, body) = staff.post(&review, json!({"decision": "verify"})).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("verified")));
    let page = app.get_json("/api/v1/cooperatives/bao-la", 200).await;
    assert_eq!(page["members_count"], 94);
    assert_eq!(page["local_jobs"], 155);
    assert_eq!(page["figures"]["year"], 2026);
    assert_eq!(page["figures"]["members_women"], 60);
}

#[tokio::test]
async fn figures_that_cannot_be_are_refused_by_field_and_strangers_see_none() {
    announce("figures_that_cannot_be_are_refused_by_field_and_strangers_see_none");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let (id, owner) = bao_la_owner(&app).await;
    let mut wrong = figures_2026();
    wrong["members_women"] = json!(93);
    wrong["average_monthly_income_vnd"] = json!(-1);
    let (status, body) = owner
        .send(
            Method::PUT,
            &format!("/api/v1/cooperatives/{id}/figures/2026"),
            Some(wrong),
        )
        .await;
    assert_eq!(status, 422);
    let fields = &body["error"]["fields"];
    assert_eq!(fields["members_women"][0]["code"], "more_than_members");
    assert_eq!(fields["members_women"][0]["members"], 92);
    assert_eq!(
        fields["average_monthly_income_vnd"][0]["code"],
        "number_between"
    );
    let (status, body) = owner
        .send(
            Method::PUT,
            &format!("/api/v1/cooperatives/{id}/figures/2999"),
            Some(figures_2026()),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["fields"]["year"][0]["code"], "number_between");

    let stranger = app.person("khach@example.vn", true).await;
    let (status, _) = stranger
        .get(&format!("/api/v1/cooperatives/{id}/figures"))
        .await;
    assert_eq!(status, 404);
    let (status, _) = stranger
        .send(
            Method::PUT,
            &format!("/api/v1/cooperatives/{id}/figures/2026"),
            Some(figures_2026()),
        )
        .await;
    assert_eq!(status, 404);
    let (status, _) = owner.get("/api/v1/moderation/figures").await;
    assert_eq!(status, 403, "only union staff decide");
}

#[tokio::test]
async fn the_figures_pages_keep_what_was_typed_and_carry_the_unions_note() {
    announce("the_figures_pages_keep_what_was_typed_and_carry_the_unions_note");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let (id, owner) = bao_la_owner(&app).await;
    let staff = app.union_staff("nhanvien@hoptac.vn").await;
    let page = format!("/seller/cooperatives/{id}/figures");
    let html = owner
        .client
        .get(app.url(&page))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Năm 2025"), "the verified years are listed");
    let form = |members: &'static str| {
        [
            ("year", "2026"),
            ("members", members),
            ("members_women", "60"),
            ("members_ethnic_minority", "1"),
            ("workers_regular", "115"),
            ("workers_seasonal", "40"),
            ("average_monthly_income_vnd", "5.200.000"),
            ("founded_year", "2008"),
        ]
    };
    let (status, _, html) = owner.submit_form(&page, &form("chín mươi")).await;
    assert_eq!(status, 422);
    let field = &html[html.find("id=\"f-members\"").unwrap()..];
    let field = &field[..field.find("</div>").unwrap()];
    assert!(field.contains("value=\"chín mươi\""), "{field}");
    assert!(html.contains("value=\"5.200.000\""), "the rest is kept");
    let (status, location, _) = owner.submit_form(&page, &form("92")).await;
    assert_eq!(status, 303);
    assert!(location.ends_with("notice=figures-sent"), "{location}");

    let queue = staff
        .client
        .get(app.url("/moderation/figures"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let (_, years) = owner
        .get(&format!("/api/v1/cooperatives/{id}/figures"))
        .await;
    let figures = years[0]["id"].as_str().unwrap().to_owned();
    assert!(
        queue.contains(&format!("/moderation/figures/{figures}/review")),
        "waiting for staff"
    );
    let review = format!("/moderation/figures/{figures}/review");
    let (status, _, html) = staff
        .submit_form(&review, &[("decision", "needs_correction")])
        .await;
    assert_eq!(status, 422, "a note is needed to send it back");
    assert!(html.contains("id=\"f-note\""));
    let (status, _, _) = staff
        .submit_form(
            &review,
            &[
                ("decision", "needs_correction"),
                ("note", "Thiếu 2 thành viên mới"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    let html = owner
        .client
        .get(app.url(&page))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Thiếu 2 thành viên mới"),
        "the cooperative reads the note"
    );
    let public = app.get("/cooperatives/bao-la").await.text().await.unwrap();
    assert!(
        public.contains("88 thành viên"),
        "the page shows the verified year"
    );
    assert!(public.contains("Số liệu năm 2025"));
}

/// The number a tile of the seller's page shows for the list at `href`.
fn tile(html: &str, href: &str) -> i64 {
    let at = html
        .find(&format!("href=\"{href}\"><strong>"))
        .unwrap_or_else(|| panic!("no tile for {href}"));
    let rest = &html[at..];
    let start = rest.find("<strong>").unwrap() + "<strong>".len();
    rest[start..start + rest[start..].find('<').unwrap()]
        .parse()
        .unwrap()
}

#[tokio::test]
async fn the_sellers_page_opens_on_the_work_waiting_and_the_months_sales() {
    announce("the_sellers_page_opens_on_the_work_waiting_and_the_months_sales");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let (id, owner) = bao_la_owner(&app).await;
    let html = owner
        .client
        .get(app.url("/seller"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for status in ["confirmed", "packed", "pending_payment"] {
        let (_, list) = owner
            .get(&format!("/api/v1/cooperatives/{id}/orders?status={status}"))
            .await;
        let href = format!("/seller/cooperatives/{id}/orders?status={status}");
        assert_eq!(
            tile(&html, &href),
            list["total"].as_i64().unwrap(),
            "{status}"
        );
    }
    for status in ["pending_review", "rejected"] {
        let (_, list) = owner
            .get(&format!(
                "/api/v1/cooperatives/{id}/products?status={status}"
            ))
            .await;
        let href = format!("/seller/cooperatives/{id}/products?status={status}");
        assert_eq!(
            tile(&html, &href),
            list["total"].as_i64().unwrap(),
            "{status}"
        );
    }
    let (_, ledger) = owner
        .get(&format!("/api/v1/cooperatives/{id}/ledger"))
        .await;
    let owed = ledger["balance"]["balance_vnd"].as_i64().unwrap();
    let owed = kernel::Money::vnd(owed).to_string();
    assert!(html.contains(&owed), "what the market owes, {owed}");
    assert!(html.contains("Tháng này:"), "this month's sales");
}

#[tokio::test]
async fn the_unions_page_opens_on_what_waits_for_it() {
    announce("the_unions_page_opens_on_what_waits_for_it");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let staff = app.union_staff("nhanvien@hoptac.vn").await;
    let html = staff
        .client
        .get(app.url("/moderation"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let (_, figures) = staff.get("/api/v1/moderation/figures").await;
    let waiting = figures.as_array().unwrap().len() as i64;
    assert!(waiting >= 1, "the demo has a report waiting");
    assert_eq!(tile(&html, "/moderation/figures"), waiting);
    let (_, certifications) = staff.get("/api/v1/moderation/certifications").await;
    assert_eq!(
        tile(&html, "/moderation/certifications"),
        certifications["total"].as_i64().unwrap()
    );
    let (_, products) = staff.get("/api/v1/moderation/products").await;
    assert_eq!(
        tile(&html, "/moderation/products"),
        products["total"].as_i64().unwrap()
    );
}
