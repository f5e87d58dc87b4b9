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

/// Text fields as a multipart form (how a browser sends a form that has a
/// file input).
fn multipart(fields: &[(&str, &str)]) -> reqwest::multipart::Form {
    fields
        .iter()
        .fold(reqwest::multipart::Form::new(), |form, (name, value)| {
            form.text((*name).to_owned(), (*value).to_owned())
        })
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
    let (status, location, html) = importer
        .submit_multipart(
            "/export/requests",
            multipart(&[
                ("cooperative", "bao-la"),
                ("lines[0].description", "Round trays, 30 cm, natural"),
                ("lines[0].quantity", "500"),
                ("destination_port", "Osaka"),
                ("incoterm", "FOB"),
            ]),
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
    let (status, _, html) = importer
        .submit_multipart("/export/requests", multipart(&form))
        .await;
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
    let (status, location, _) = importer
        .submit_multipart("/export/requests", multipart(&ok))
        .await;
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
    let (status, _, html) = owner.submit_form(&format!("{page}/quotes"), &fields).await;
    assert_eq!(status, 422);
    assert!(beside(&html, "f-lines[0].unit_price_vnd").contains("cần là số nguyên"));
    let fields = quote("320.000");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, location, html) = owner.submit_form(&format!("{page}/quotes"), &fields).await;
    assert_eq!(status, 303, "{html}");
    assert!(location.contains("notice=export-quote-sent"), "{location}");

    // accepting needs the box ticked
    let (status, _, html) = importer
        .submit_form(&format!("{page}/accept"), &[("version", "1")])
        .await;
    assert_eq!(status, 422);
    assert!(html.contains("error-summary"));
    let (status, location, _) = importer
        .submit_form(
            &format!("{page}/accept"),
            &[("version", "1"), ("confirm", "yes")],
        )
        .await;
    assert_eq!(status, 303);
    let order = location.split('?').next().unwrap().to_owned();
    assert!(order.starts_with("/export/orders/"), "{location}");

    // a photo is not a certificate: the problem comes back beside the file
    let form = multipart(&[("kind", "fumigation")]).part(
        "file",
        reqwest::multipart::Part::bytes(b"\xFF\xD8\xFF\xE0 not a pdf".to_vec())
            .file_name("photo.jpg"),
    );
    let (status, _, html) = owner
        .submit_multipart(&format!("{order}/documents"), form)
        .await;
    assert_eq!(status, 422);
    assert!(
        beside(&html, "f-file-fumigation").contains("photo.jpg không phải tệp PDF"),
        "{}",
        beside(&html, "f-file-fumigation")
    );
}

/// The boxes named `products.NNN` on a page, in order: name, value and
/// whether ticked.
fn ticks(html: &str) -> Vec<(String, String, bool)> {
    inputs(html)
        .into_iter()
        .filter(|(name, _, _)| name.starts_with("products."))
        .collect()
}

/// The inputs of a page, in order: name, value and whether ticked.
fn inputs(html: &str) -> Vec<(String, String, bool)> {
    html.split("<input")
        .skip(1)
        .filter_map(|tag| {
            let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
            let attr = |name: &str| {
                let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
                Some(tag[at..at + tag[at..].find('"')?].to_owned())
            };
            Some((
                attr("name")?,
                attr("value").unwrap_or_default(),
                tag.contains("checked"),
            ))
        })
        .collect()
}

#[tokio::test]
async fn a_cooperative_makes_changes_and_removes_a_collection_on_its_page() {
    announce("a_cooperative_makes_changes_and_removes_a_collection_on_its_page");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let (importer, owner) = parties(&app).await;
    let coop = app.get_json("/api/v1/cooperatives/bao-la", 200).await;
    let page = format!(
        "/seller/cooperatives/{}/collections",
        coop["id"].as_str().unwrap()
    );
    let html = owner.client.get(app.url(&page)).send().await.unwrap();
    assert_eq!(html.status().as_u16(), 200);
    let html = html.text().await.unwrap();
    assert!(html.contains("Giỏ có nắp"), "the demo collection is listed");
    let boxes = ticks(&html);
    assert!(boxes.len() > 3, "the cooperative's listings can be ticked");

    // the new collection's form is the last; its boxes are numbered from 0
    let new_form = &html[html.find("id=\"new\"").unwrap()..];
    let offered = ticks(new_form);
    let (first, second) = (offered[4].1.clone(), offered[1].1.clone());
    let (status, location, body) = owner
        .submit_form(
            &page,
            &[
                ("name.vi", "Quà Tết"),
                ("name.ja", "テトの贈り物"),
                ("products.004", first.as_str()),
                ("products.001", second.as_str()),
            ],
        )
        .await;
    assert_eq!(status, 303, "{body}");
    assert!(
        location.contains("notice=collection-saved#collection-qua-tet"),
        "{location}"
    );
    let listed = app
        .get_json("/api/v1/cooperatives/bao-la/collections", 200)
        .await;
    let made = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == "qua-tet")
        .expect("the new collection is public");
    let ids: Vec<&str> = made["products"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [second.as_str(), first.as_str()],
        "in the page's order"
    );
    assert_eq!(
        listed.as_array().unwrap().last().unwrap()["slug"],
        "qua-tet",
        "new ones go last"
    );

    // changed without its Vietnamese name: refused beside the field, the rest kept
    let id = made["id"].as_str().unwrap();
    let (status, _, html) = owner
        .submit_form(
            &format!("{page}/{id}"),
            &[
                ("name.vi", ""),
                ("name.en", "Tet gifts"),
                ("products.000", second.as_str()),
            ],
        )
        .await;
    assert_eq!(status, 422);
    let form = &html[html.find("id=\"collection-qua-tet\"").unwrap()..];
    assert!(
        beside(form, "f-name.vi").contains("field-error"),
        "{}",
        beside(form, "f-name.vi")
    );
    assert!(beside(form, "f-name.en").contains("value=\"Tet gifts\""));
    assert_eq!(
        ticks(&form[..form.find("</form>").unwrap()])
            .iter()
            .filter(|(_, _, checked)| *checked)
            .count(),
        1,
        "the boxes stay as they were ticked"
    );

    // strangers cannot touch it; removing needs the box ticked
    let (status, _, _) = importer
        .submit_form(&format!("{page}/{id}/delete"), &[("confirm", "yes")])
        .await;
    assert_eq!(status, 404);
    let (status, _, _) = owner.submit_form(&format!("{page}/{id}/delete"), &[]).await;
    assert_eq!(status, 422);
    let (status, location, _) = owner
        .submit_form(&format!("{page}/{id}/delete"), &[("confirm", "yes")])
        .await;
    assert_eq!(status, 303);
    assert!(location.contains("notice=collection-deleted"));
    let listed = app
        .get_json("/api/v1/cooperatives/bao-la/collections", 200)
        .await;
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["slug"] != "qua-tet")
    );
}

#[tokio::test]
async fn an_importer_asks_a_quote_for_a_whole_collection() {
    announce("an_importer_asks_a_quote_for_a_whole_collection");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let (importer, _) = parties(&app).await;
    let cooperative_page = app.get("/cooperatives/bao-la").await.text().await.unwrap();
    let link = "/export/requests/new?cooperative=bao-la&amp;collection=gio-co-nap";
    assert!(
        cooperative_page.contains(link),
        "the cooperative's page offers it"
    );
    let html = importer
        .client
        .get(app.url("/export/requests/new?cooperative=bao-la&collection=gio-co-nap"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let collection = app
        .get_json("/api/v1/cooperatives/bao-la/collections", 200)
        .await;
    let lidded = collection
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == "gio-co-nap")
        .unwrap();
    let lines: Vec<String> = inputs(&html)
        .into_iter()
        .filter(|(name, _, _)| name.ends_with(".variant_id"))
        .map(|(_, value, _)| value)
        .collect();
    let mut variants = 0;
    for p in lidded["products"].as_array().unwrap() {
        let slug = p["slug"].as_str().unwrap();
        assert!(
            html.contains(&format!("href=\"/products/{slug}\"")),
            "{slug} is offered"
        );
        let product = app.get_json(&format!("/api/v1/products/{slug}"), 200).await;
        for v in product["variants"].as_array().unwrap() {
            let id = v["id"].as_str().unwrap();
            assert_eq!(lines[variants], id, "line {variants} is {slug}'s variant");
            variants += 1;
        }
    }
    assert_eq!(
        lines.len(),
        variants,
        "one line per variant of each listing"
    );
    assert!(variants >= 3);

    // a collection the cooperative does not have is not found
    let response = importer
        .client
        .get(app.url("/export/requests/new?cooperative=bao-la&collection=khong-co"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 404);
}

#[tokio::test]
async fn a_custom_design_is_asked_with_its_pictures_from_the_form() {
    announce("a_custom_design_is_asked_with_its_pictures_from_the_form");
    let app = spawn_app_with(Seed::DemoWithoutPictures).await;
    let (importer, owner) = parties(&app).await;
    let page = importer
        .client
        .get(app.url("/export/requests/new?cooperative=bao-la"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("enctype=\"multipart/form-data\""));
    assert!(page.contains("name=\"pictures\""));
    let form = |picture: &'static [u8], name: &'static str| {
        multipart(&[
            ("cooperative", "bao-la"),
            (
                "lines[0].description",
                "Khay tròn đan mắt cáo, 40 cm, màu tự nhiên",
            ),
            ("lines[0].quantity", "600"),
            ("destination_port", "Kobe"),
            ("incoterm", "FOB"),
        ])
        .part(
            "pictures",
            reqwest::multipart::Part::bytes(picture.to_vec()).file_name(name),
        )
    };
    // a picture that is not one: the form comes back, nothing is asked
    let (status, _, html) = importer
        .submit_multipart(
            "/export/requests",
            form(b"%PDF-1.4 a drawing", "drawing.pdf"),
        )
        .await;
    assert_eq!(status, 422);
    assert!(
        beside(&html, "f-pictures").contains("drawing.pdf"),
        "{}",
        beside(&html, "f-pictures")
    );
    assert!(html.contains("value=\"Kobe\""), "what was typed is kept");
    let (_, mine) = importer.get("/api/v1/quote-requests").await;
    let before = mine.as_array().map_or(0, Vec::len);

    let (status, location, _) = importer
        .submit_multipart(
            "/export/requests",
            form(b"\x89PNG\r\n\x1a\n a photo of the tray", "khay.png"),
        )
        .await;
    assert_eq!(status, 303);
    let page = location.split('?').next().unwrap().to_owned();
    let (_, mine) = importer.get("/api/v1/quote-requests").await;
    assert_eq!(
        mine.as_array().map_or(0, Vec::len),
        before + 1,
        "asked once"
    );

    // the cooperative sees the picture on the request's page and adds one
    let html = owner
        .client
        .get(app.url(&page))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("alt=\"khay.png\""), "the picture is shown");
    let sample = reqwest::multipart::Form::new().part(
        "pictures",
        reqwest::multipart::Part::bytes(b"\xFF\xD8\xFF\xE0 sample".to_vec())
            .file_name("mau-thu.jpg"),
    );
    let (status, _, _) = owner
        .submit_multipart(&format!("{page}/pictures"), sample)
        .await;
    assert_eq!(status, 303);
    let html = importer
        .client
        .get(app.url(&page))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("alt=\"mau-thu.jpg\""));
}
