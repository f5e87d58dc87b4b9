//! The export desk's pages over plain HTTP: the sign-in wall, requests
//! hidden from other companies, and refused forms coming back with each
//! problem beside its own input — a line of the request form (the domain
//! counts only the lines sent, the form counts its rows), a row of the
//! quote form, a file that is not a PDF, an acceptance not confirmed.

use hoptac_tests::users::Person;
use hoptac_tests::{Seed, TestApp, spawn_app_with};
use reqwest::Method;
use serde_json::json;

use crate::announce;

/// The importer (with a company account) and Bao La's owner.
async fn parties(app: &TestApp) -> (Person, Person) {
    let importer = app.person("tanaka@kansai-zakka.example.jp", true).await;
    let (status, body) = importer
        .send(
            Method::PUT,
            "/api/v1/account/company",
            Some(
                json!({"company_name": "Kansai Zakka Trading Co., Ltd.", "country": "JP",
                        "language": "ja", "currency": "JPY"}),
            ),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let owner = app.person("chunhiem@baola.example.vn", true).await;
    let coop = app.get_json("/api/v1/cooperatives/bao-la", 200).await;
    accounts::add_member(
        &app.db.conn,
        kernel::CooperativeId(coop["id"].as_str().unwrap().parse().unwrap()),
        kernel::UserId(owner.id.parse().unwrap()),
        accounts::MemberRole::Owner,
    )
    .await
    .unwrap();
    let owner = app
        .sign_in("chunhiem@baola.example.vn", hoptac_tests::users::client())
        .await;
    (importer, owner)
}

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

/// The HTML from the input with `id` to the end of its field.
fn beside<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id} on the page"));
    let rest = &html[at..];
    &rest[..rest.find("</div>").unwrap_or(rest.len())]
}

#[tokio::test]
async fn the_export_pages_ask_to_sign_in_and_hide_a_request_from_other_companies() {
    announce("the_export_pages_ask_to_sign_in_and_hide_a_request_from_other_companies");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let response = app.get("/export").await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(
        response.headers()["location"],
        "/account/login?next=%2Fexport"
    );
    let (importer, _) = parties(&app).await;
    let (status, location, html) = post(
        &app,
        &importer,
        "/export/requests",
        &[
            ("cooperative", "bao-la"),
            ("lines[0].description", "Round trays, 30 cm, natural"),
            ("lines[0].quantity", "500"),
            ("destination_port", "Osaka"),
            ("incoterm", "FOB"),
        ],
    )
    .await;
    assert_eq!(status, 303, "{html}");
    let page = location.split('?').next().unwrap().to_owned();
    assert!(page.starts_with("/export/requests/"), "{location}");
    let rival = app.person("buyer@rival-import.example.cn", true).await;
    let response = rival.client.get(app.url(&page)).send().await.unwrap();
    assert_eq!(
        response.status().as_u16(),
        404,
        "another company sees nothing"
    );
    let response = importer.client.get(app.url(&page)).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Round trays, 30 cm")
    );
}

#[tokio::test]
async fn refused_export_forms_come_back_with_each_problem_beside_its_input() {
    announce("refused_export_forms_come_back_with_each_problem_beside_its_input");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let (importer, owner) = parties(&app).await;
    let product = app
        .get_json("/api/v1/products/gio-may-dan-tay-co-nap", 200)
        .await;
    let variant = |i: usize| product["variants"][i]["id"].as_str().unwrap().to_owned();
    let (small, medium, large) = (variant(0), variant(1), variant(2));

    // rows 0 and 1 are left empty: the third row's problem is the domain's
    // first line's, and comes back on the third row
    let form = [
        ("product", "gio-may-dan-tay-co-nap"),
        ("cooperative", "bao-la"),
        ("lines[0].variant_id", small.as_str()),
        ("lines[0].quantity", ""),
        ("lines[1].variant_id", medium.as_str()),
        ("lines[1].quantity", ""),
        ("lines[2].variant_id", large.as_str()),
        ("lines[2].quantity", "0"),
        ("destination_port", "Osaka"),
        ("incoterm", "FOB"),
    ];
    let (status, _, html) = post(&app, &importer, "/export/requests", &form).await;
    assert_eq!(status, 422);
    assert!(
        beside(&html, "f-lines[2].quantity").contains("cần lớn hơn 0"),
        "{}",
        beside(&html, "f-lines[2].quantity")
    );
    assert!(!beside(&html, "f-lines[0].quantity").contains("field-error"));
    assert!(html.contains("value=\"Osaka\""), "what was typed is kept");

    // a request, then a quote typed wrong on its second row
    let mut ok = form;
    ok[7] = ("lines[2].quantity", "300");
    let (status, location, _) = post(&app, &importer, "/export/requests", &ok).await;
    assert_eq!(status, 303);
    let page = location.split('?').next().unwrap().to_owned();
    let id = page.trim_start_matches("/export/requests/").to_owned();
    let request = importer
        .get(&format!("/api/v1/quote-requests/{id}"))
        .await
        .1;
    let line = request["lines"][0]["id"].as_str().unwrap().to_owned();
    let in_a_week = (chrono::Utc::now().date_naive() + chrono::Days::new(7)).to_string();
    let quote = |price: &'static str| {
        vec![
            ("lines[0].line_id", line.clone()),
            ("lines[0].unit_price_vnd", price.to_owned()),
            ("lines[0].lead_time_days", "45".to_owned()),
            ("incoterm", "FOB".to_owned()),
            ("deposit_percent", "30".to_owned()),
            ("valid_until", in_a_week.clone()),
        ]
    };
    let fields = quote("mười");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, _, html) = post(&app, &owner, &format!("{page}/quotes"), &fields).await;
    assert_eq!(status, 422);
    assert!(beside(&html, "f-lines[0].unit_price_vnd").contains("cần là số nguyên"));
    let fields = quote("320.000");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, location, html) = post(&app, &owner, &format!("{page}/quotes"), &fields).await;
    assert_eq!(status, 303, "{html}");
    assert!(location.contains("notice=export-quote-sent"), "{location}");

    // accepting needs the box ticked
    let (status, _, html) = post(
        &app,
        &importer,
        &format!("{page}/accept"),
        &[("version", "1")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("error-summary"));
    let (status, location, _) = post(
        &app,
        &importer,
        &format!("{page}/accept"),
        &[("version", "1"), ("confirm", "yes")],
    )
    .await;
    assert_eq!(status, 303);
    let order = location.split('?').next().unwrap().to_owned();
    assert!(order.starts_with("/export/orders/"), "{location}");

    // a photo is not a certificate: the problem comes back beside the file
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", owner.csrf.clone())
        .text("kind", "fumigation")
        .part(
            "file",
            reqwest::multipart::Part::bytes(b"\xFF\xD8\xFF\xE0 not a pdf".to_vec())
                .file_name("photo.jpg"),
        );
    let response = owner
        .client
        .post(app.url(&format!("{order}/documents")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 422);
    let html = response.text().await.unwrap();
    assert!(
        beside(&html, "f-file-fumigation").contains("photo.jpg không phải tệp PDF"),
        "{}",
        beside(&html, "f-file-fumigation")
    );
}
