//! People using the running application: each with a client of their own
//! (their own cookie jar) that sends the session's CSRF token.

use serde_json::{Value, json};

use crate::TestApp;

/// The password every test person uses.
pub const PASSWORD: &str = "mây tre đan Bao La 88";

/// A person signed in to a [`TestApp`].
pub struct Person {
    /// Their client, with the session cookie.
    pub client: reqwest::Client,
    /// The session's CSRF token.
    pub csrf: String,
    /// Their user id.
    pub id: String,
    /// Their address.
    pub email: String,
    base: String,
}

impl Person {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Sends a request with the CSRF token and returns status and JSON body
    /// (`Null` when the body is empty or not JSON).
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut request = self
            .client
            .request(method, self.url(path))
            .header("x-csrf-token", &self.csrf);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request answers");
        let status = response.status().as_u16();
        let text = response.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// GET as this person.
    pub async fn get(&self, path: &str) -> (u16, Value) {
        self.send(reqwest::Method::GET, path, None).await
    }

    /// POST JSON as this person.
    pub async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        self.send(reqwest::Method::POST, path, Some(body)).await
    }

    /// PATCH JSON as this person.
    pub async fn patch(&self, path: &str, body: Value) -> (u16, Value) {
        self.send(reqwest::Method::PATCH, path, Some(body)).await
    }

    /// POST a multipart form as this person.
    pub async fn upload(&self, path: &str, form: reqwest::multipart::Form) -> (u16, Value) {
        let response = self
            .client
            .post(self.url(path))
            .header("x-csrf-token", &self.csrf)
            .multipart(form)
            .send()
            .await
            .expect("request answers");
        let status = response.status().as_u16();
        let text = response.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// Posts a shop form as a browser does (the CSRF token among its
    /// fields, no JavaScript): status, `Location` and page.
    pub async fn submit_form(&self, path: &str, fields: &[(&str, &str)]) -> (u16, String, String) {
        let mut all = vec![("csrf_token", self.csrf.as_str())];
        all.extend_from_slice(fields);
        let response = self.client.post(self.url(path)).form(&all).send().await;
        form_answer(response.expect("request answers")).await
    }

    /// Posts a shop form that has a file input (multipart) as a browser
    /// does: status, `Location` and page.
    pub async fn submit_multipart(
        &self,
        path: &str,
        form: reqwest::multipart::Form,
    ) -> (u16, String, String) {
        let form = form.text("csrf_token", self.csrf.clone());
        let response = self
            .client
            .post(self.url(path))
            .multipart(form)
            .send()
            .await;
        form_answer(response.expect("request answers")).await
    }
}

/// A client that keeps cookies and does not follow redirects.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("http client")
}

impl TestApp {
    /// The token in the newest e-mail queued for `email`.
    pub async fn token_mailed_to(&self, email: &str) -> String {
        use sea_orm::{EntityTrait, QueryOrder};
        let jobs = entity::outbox::Entity::find()
            .order_by_desc(entity::outbox::Column::Id)
            .all(&self.db.conn)
            .await
            .expect("outbox");
        let job = jobs
            .into_iter()
            .find(|j| j.payload["to_email"] == email)
            .unwrap_or_else(|| panic!("no e-mail to {email}"));
        let text = job.payload["text"].as_str().unwrap_or_default().to_owned();
        let start = text.find("token=").expect("a link with a token") + "token=".len();
        text[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect()
    }

    /// Registers `email` (confirming the address when `verified`) and signs in.
    pub async fn person(&self, email: &str, verified: bool) -> Person {
        let client = client();
        let registered = client
            .post(self.url("/api/v1/auth/register"))
            .json(&json!({"email": email, "password": PASSWORD, "name": format!("Người {email}"), "locale": "vi"}))
            .send()
            .await
            .expect("register answers");
        assert_eq!(registered.status().as_u16(), 201, "register {email}");
        if verified {
            let token = self.token_mailed_to(email).await;
            let verify = client
                .post(self.url("/api/v1/auth/verify-email"))
                .json(&json!({ "token": token }))
                .send()
                .await
                .expect("verify answers");
            assert_eq!(verify.status().as_u16(), 200, "verify {email}");
        }
        self.sign_in(email, client).await
    }

    /// Signs an existing account in with a client of its own.
    pub async fn sign_in(&self, email: &str, client: reqwest::Client) -> Person {
        let login = client
            .post(self.url("/api/v1/auth/login"))
            .json(&json!({"email": email, "password": PASSWORD}))
            .send()
            .await
            .expect("login answers");
        assert_eq!(login.status().as_u16(), 200, "login {email}");
        let body: Value = login.json().await.expect("login JSON");
        Person {
            client,
            csrf: body["csrf_token"].as_str().unwrap_or_default().to_owned(),
            id: body["user"]["id"].as_str().unwrap_or_default().to_owned(),
            email: email.to_owned(),
            base: self.address.clone(),
        }
    }

    /// A Cooperative Union staff member, signed in.
    pub async fn union_staff(&self, email: &str) -> Person {
        let person = self.person(email, true).await;
        let accounts =
            server::services::accounts(&self.settings, self.db.conn.clone()).expect("accounts");
        accounts.grant_staff(email).await.expect("grant staff");
        person
    }

    /// An admin, signed in.
    pub async fn admin(&self, email: &str) -> Person {
        let accounts =
            server::services::accounts(&self.settings, self.db.conn.clone()).expect("accounts");
        accounts
            .create_admin(email, "Quản trị", PASSWORD)
            .await
            .expect("create admin");
        self.sign_in(email, client()).await
    }
}

/// A valid application, named `name`.
pub fn application(name: &str) -> Value {
    json!({
        "legal_name": name,
        "kind": "cooperative",
        "registration_number": "3301234567",
        "tax_code": "3301234567",
        "province": "Thành phố Huế",
        "ward": "Xã Phú Mỹ",
        "street": "Thôn 3",
        "representative": "Trần Văn An",
        "phone": "0912 345 678",
        "members_count": "24",
        "story_vi": "Hai mươi bốn hộ đan mây tre cùng nhau từ năm 2010, làm giỏ và khay cho các chợ quanh Huế.",
        "story_en": "Twenty-four households have woven bamboo and rattan together since 2010."
    })
}

/// Applies for `name` as `person` and has `staff` approve it; returns the
/// cooperative's id.
pub async fn admitted_cooperative(person: &Person, staff: &Person, name: &str) -> String {
    let (status, body) = person.post("/api/v1/cooperatives", application(name)).await;
    assert_eq!(status, 201, "{body}");
    let id = body["id"].as_str().expect("id").to_owned();
    let (status, body) = staff
        .post(
            &format!("/api/v1/moderation/cooperatives/{id}/approve"),
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    id
}

/// What a shop form's post answered: status, `Location` (empty when none)
/// and the page.
pub async fn form_answer(response: reqwest::Response) -> (u16, String, String) {
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, location, response.text().await.unwrap_or_default())
}
