//! Seller onboarding and the union's moderation over HTTP.

use hoptac_tests::spawn_app;
use hoptac_tests::users::{admitted_cooperative, application};
use sea_orm::EntityTrait;
use serde_json::{Value, json};

use crate::announce;

async fn upload(
    person: &hoptac_tests::users::Person,
    url: &str,
    name: &str,
    bytes: Vec<u8>,
) -> (u16, Value) {
    let form = reqwest::multipart::Form::new().part(
        "documents",
        reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
    );
    let response = person
        .client
        .post(url)
        .header("x-csrf-token", &person.csrf)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn templates_sent_to(app: &hoptac_tests::TestApp, email: &str) -> Vec<String> {
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

#[tokio::test]
async fn an_approved_application_makes_the_applicant_its_owner_and_is_audited_and_mailed() {
    announce("an_approved_application_makes_the_applicant_its_owner_and_is_audited_and_mailed");
    let app = spawn_app().await;
    let staff = app.union_staff("staff@hoptac.vn").await;
    let lan = app.person("lan@example.vn", true).await;
    let (status, body) = lan
        .post("/api/v1/cooperatives", application("HTX Mây Tre Phú Vang"))
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["status"], "pending");
    let id = body["id"].as_str().unwrap().to_owned();
    let url = app.url(&format!("/api/v1/cooperatives/{id}/documents"));
    let (status, body) = upload(&lan, &url, "giay-phep.pdf", b"%PDF-1.4 giay phep".to_vec()).await;
    assert_eq!(status, 201, "{body}");
    let (status, body) = upload(&lan, &url, "giay-phep.pdf", b"<html><script>".to_vec()).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["error"]["fields"]["documents"].is_array());

    let (status, queue) = staff.get("/api/v1/moderation/cooperatives").await;
    assert_eq!(status, 200);
    assert_eq!(queue["total"], 1);
    assert_eq!(queue["items"][0]["documents"], 1);
    let (_, detail) = staff
        .get(&format!("/api/v1/moderation/cooperatives/{id}"))
        .await;
    let doc = detail["documents"][0]["id"].as_str().unwrap();
    let file = staff
        .client
        .get(app.url(&format!("/api/v1/cooperatives/{id}/documents/{doc}")))
        .send()
        .await
        .unwrap();
    assert_eq!(file.status().as_u16(), 200);
    assert_eq!(file.headers()["content-type"], "application/pdf");
    assert_eq!(file.bytes().await.unwrap().as_ref(), b"%PDF-1.4 giay phep");

    let (status, body) = staff
        .post(
            &format!("/api/v1/moderation/cooperatives/{id}/approve"),
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "approved");
    let (_, me) = lan.get("/api/v1/auth/me").await;
    assert_eq!(me["user"]["memberships"][0]["cooperative_id"], id);
    assert_eq!(me["user"]["memberships"][0]["role"], "owner");
    let (_, public) = lan.get(&format!("/api/v1/cooperatives/{id}")).await;
    assert_eq!(
        public["status"],
        Value::Null,
        "the public profile shows no moderation fields"
    );
    assert_eq!(public["name"], "HTX Mây Tre Phú Vang");

    let (status, log) = staff
        .get("/api/v1/moderation/audit-log?action=cooperative.")
        .await;
    assert_eq!(status, 200);
    let approve = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "cooperative.approve")
        .unwrap();
    assert_eq!(approve["actor_id"], staff.id);
    assert_eq!(approve["target_id"], id);
    assert_eq!(approve["target_name"], "HTX Mây Tre Phú Vang");
    assert!(
        approve["request_id"]
            .as_str()
            .is_some_and(|r| !r.is_empty()),
        "{approve}"
    );
    let sent = templates_sent_to(&app, "lan@example.vn").await;
    assert!(
        sent.contains(&"application_received".to_owned()),
        "{sent:?}"
    );
    assert!(
        sent.contains(&"application_approved".to_owned()),
        "{sent:?}"
    );
}

#[tokio::test]
async fn decisions_need_a_reason_and_follow_the_status() {
    announce("decisions_need_a_reason_and_follow_the_status");
    let app = spawn_app().await;
    let staff = app.union_staff("staff@hoptac.vn").await;
    let lan = app.person("lan@example.vn", true).await;
    let (_, body) = lan
        .post("/api/v1/cooperatives", application("HTX Thử Quyết Định"))
        .await;
    let id = body["id"].as_str().unwrap().to_owned();
    let decide = |action: &str, reason: Value| {
        let path = format!("/api/v1/moderation/cooperatives/{id}/{action}");
        let staff = &staff;
        async move { staff.post(&path, json!({ "reason": reason })).await }
    };
    let (status, body) = decide("reject", Value::Null).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["error"]["fields"]["reason"].is_array());
    let (status, body) = decide("request-changes", json!("Thiếu giấy phép kinh doanh")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "changes_requested");
    assert_eq!(body["status_reason"], "Thiếu giấy phép kinh doanh");
    let (status, body) = decide("approve", Value::Null).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "invalid_transition");

    let mut changed = application("HTX Thử Quyết Định");
    changed["registration_number"] = json!("3301234567-GP");
    let (status, body) = lan
        .send(
            reqwest::Method::PATCH,
            &format!("/api/v1/cooperatives/{id}/application"),
            Some(changed),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = lan
        .post(&format!("/api/v1/cooperatives/{id}/resubmit"), json!({}))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "pending");
    assert_eq!(decide("approve", Value::Null).await.0, 200);
    assert_eq!(
        decide("approve", Value::Null).await.0,
        409,
        "approving twice"
    );
    let sent = templates_sent_to(&app, "lan@example.vn").await;
    assert!(
        sent.contains(&"application_changes_requested".to_owned()),
        "{sent:?}"
    );
}

#[tokio::test]
async fn a_suspended_cooperative_leaves_the_shop_at_once_and_comes_back_when_reinstated() {
    announce("a_suspended_cooperative_leaves_the_shop_at_once_and_comes_back_when_reinstated");
    let app = spawn_app().await;
    let staff = app.union_staff("staff@hoptac.vn").await;
    let lan = app.person("lan@example.vn", true).await;
    let id = admitted_cooperative(&lan, &staff, "HTX Sẽ Bị Đình Chỉ").await;
    let public = |path: String| {
        let app = &app;
        async move { app.get(&path).await.status().as_u16() }
    };
    assert_eq!(public(format!("/api/v1/cooperatives/{id}")).await, 200);
    let (status, body) = staff
        .post(
            &format!("/api/v1/moderation/cooperatives/{id}/suspend"),
            json!({"reason": "Hàng giả"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(public(format!("/api/v1/cooperatives/{id}")).await, 404);
    assert_eq!(
        public(format!("/cooperatives/{id}")).await,
        404,
        "the shop's page too"
    );
    let (status, _) = staff
        .post(
            &format!("/api/v1/moderation/cooperatives/{id}/reinstate"),
            json!({}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(public(format!("/api/v1/cooperatives/{id}")).await, 200);
    let sent = templates_sent_to(&app, "lan@example.vn").await;
    assert!(
        sent.contains(&"cooperative_suspended".to_owned())
            && sent.contains(&"cooperative_reinstated".to_owned())
    );
}

#[tokio::test]
async fn only_confirmed_addresses_apply_and_only_staff_moderate() {
    announce("only_confirmed_addresses_apply_and_only_staff_moderate");
    let app = spawn_app().await;
    let unverified = app.person("new@example.vn", false).await;
    let (status, body) = unverified
        .post("/api/v1/cooperatives", application("HTX Chưa Xác Nhận"))
        .await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["error"]["code"], "email_not_verified");
    let shopper = app.person("shopper@example.vn", true).await;
    assert_eq!(shopper.get("/api/v1/moderation/cooperatives").await.0, 403);
    assert_eq!(
        app.get("/api/v1/moderation/cooperatives")
            .await
            .status()
            .as_u16(),
        401
    );
    let (status, body) = shopper
        .post("/api/v1/cooperatives", json!({"legal_name": ""}))
        .await;
    assert_eq!(status, 422);
    for field in ["legal_name", "kind", "tax_code", "phone", "story_vi"] {
        assert!(body["error"]["fields"][field].is_array(), "{field}: {body}");
    }
}

#[tokio::test]
async fn an_owner_invites_a_member_who_joins_with_the_invited_role() {
    announce("an_owner_invites_a_member_who_joins_with_the_invited_role");
    let app = spawn_app().await;
    let staff = app.union_staff("staff@hoptac.vn").await;
    let owner = app.person("owner@example.vn", true).await;
    let id = admitted_cooperative(&owner, &staff, "HTX Có Đội Ngũ").await;
    let (status, body) = owner
        .post(
            &format!("/api/v1/cooperatives/{id}/members"),
            json!({"email": "hoa@example.vn", "role": "staff"}),
        )
        .await;
    assert_eq!(status, 202, "{body}");
    let hoa = app.person("hoa@example.vn", true).await;
    let token = app.token_mailed_to("hoa@example.vn").await;
    // the newest e-mail to hoa is the verification; find the invitation's token
    let invitation = {
        use sea_orm::{EntityTrait, QueryOrder};
        let jobs = entity::outbox::Entity::find()
            .order_by_asc(entity::outbox::Column::Id)
            .all(&app.db.conn)
            .await
            .unwrap();
        let job = jobs
            .into_iter()
            .find(|j| j.payload["template"] == "member_invitation")
            .unwrap();
        let text = job.payload["text"].as_str().unwrap().to_owned();
        let start = text.find("token=").unwrap() + 6;
        text[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect::<String>()
    };
    assert_ne!(token, invitation);
    let (status, body) = hoa
        .post("/api/v1/invitations/accept", json!({ "token": invitation }))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["role"], "staff");
    let (_, team) = owner
        .get(&format!("/api/v1/cooperatives/{id}/members"))
        .await;
    let roles: Vec<(String, String)> = team["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["email"].as_str().unwrap().to_owned(),
                m["role"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        roles,
        vec![
            ("owner@example.vn".into(), "owner".into()),
            ("hoa@example.vn".into(), "staff".into())
        ]
    );
    // staff may not invite, and the invitation works once
    let (status, _) = hoa
        .post(
            &format!("/api/v1/cooperatives/{id}/members"),
            json!({"email": "x@example.vn", "role": "staff"}),
        )
        .await;
    assert_eq!(status, 403);
    assert_eq!(
        hoa.post("/api/v1/invitations/accept", json!({ "token": invitation }))
            .await
            .0,
        422
    );
}
