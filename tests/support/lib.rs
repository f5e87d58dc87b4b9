//! Test support for the whole application: [`spawn_app`] starts the real
//! `Application` on a free port with a database of its own, and
//! [`browser::Browser`] drives Chromium through chromedriver.
#![expect(clippy::expect_used, reason = "test support fails loudly")]

pub mod browser;
pub mod labels;
pub mod search;
pub mod sitemap;
pub mod users;

use std::path::PathBuf;

use actix_web::dev::ServerHandle;
use server::settings::{Environment, LoadOptions, Settings};
use server::startup::Application;
use testkit::TestDb;

/// A running application.
pub struct TestApp {
    /// `http://127.0.0.1:{port}`.
    pub address: String,
    /// The port it listens on.
    pub port: u16,
    /// Its database.
    pub db: TestDb,
    /// Its settings.
    pub settings: Settings,
    /// A client that keeps cookies.
    pub client: reqwest::Client,
    handle: ServerHandle,
    freshness: catalog::Freshness,
    _data_dir: tempfile::TempDir,
}

/// Demo data to put in before the application starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seed {
    /// An empty database.
    Nothing,
    /// The demo cooperatives and listings, without pictures (fast).
    DemoWithoutPictures,
    /// The demo data with its generated pictures.
    Demo,
}

/// Starts the application on a free port with its own database.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(Seed::Nothing).await
}

/// Starts the application with demo data.
pub async fn spawn_app_with(seed: Seed) -> TestApp {
    spawn_app_configured(seed, Vec::new()).await
}

/// Starts the application with demo data and settings of the test's own
/// (`("payments.stripe_api_base", …)`), applied last.
pub async fn spawn_app_configured(seed: Seed, settings: Vec<(&str, serde_json::Value)>) -> TestApp {
    let db = TestDb::new().await;
    let data_dir = tempfile::tempdir().expect("data dir");
    let mut overrides: Vec<(String, serde_json::Value)> = vec![
        ("data_dir".into(), data_dir.path().to_string_lossy().into()),
        ("database.url".into(), db.url.clone().into()),
        ("server.port".into(), 0.into()),
    ];
    overrides.extend(settings.into_iter().map(|(k, v)| (k.to_owned(), v)));
    let settings = Settings::load(LoadOptions {
        config_dir: Some(workspace_dir().join("config")),
        environment: Some(Environment::Test),
        overrides,
        read_env: false,
    })
    .expect("test settings load");
    if seed != Seed::Nothing {
        let catalog = server::startup::catalog(&settings, db.conn.clone()).expect("catalogue");
        let options = catalog::demo::SeedOptions {
            pictures: seed == Seed::Demo,
        };
        catalog::demo::seed(&catalog, options)
            .await
            .expect("demo data seeds");
    }
    let app = Application::build(settings.clone(), true)
        .await
        .expect("application builds");
    let port = app.port();
    let handle = app.handle();
    let freshness = app.freshness();
    tokio::spawn(app.run_until_stopped());
    if seed != Seed::Nothing {
        search_settled(&db.conn).await;
    }
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("http client");
    TestApp {
        address: format!("http://127.0.0.1:{port}"),
        port,
        db,
        settings,
        client,
        handle,
        freshness,
        _data_dir: data_dir,
    }
}

/// Waits until the worker has carried out every search index job queued so
/// far (the index is fed asynchronously, through the outbox).
pub async fn search_settled(conn: &sea_orm::DatabaseConnection) {
    testkit::outbox_settled(conn, catalog::search_feed::TOPIC).await;
}

impl TestApp {
    /// Tells the application that catalogue rows were changed behind its
    /// back (straight in the database, or time passing), as another
    /// process's notification would, so that it drops what it kept.
    pub fn catalogue_changed(&self) {
        self.freshness.advance();
    }

    /// Waits until the search index has caught up with every change made.
    pub async fn search_settled(&self) {
        search_settled(&self.db.conn).await;
    }

    /// The full URL of a path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// GET a path.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("GET answers")
    }

    /// GET a path and read its JSON body, checking the status.
    pub async fn get_json(&self, path: &str, status: u16) -> serde_json::Value {
        let response = self.get(path).await;
        assert_eq!(response.status().as_u16(), status, "GET {path}");
        response.json().await.expect("JSON body")
    }

    /// GET a path: its status and JSON body (`Null` when not JSON).
    pub async fn get_json_status(&self, path: &str) -> (u16, serde_json::Value) {
        let response = self.get(path).await;
        let status = response.status().as_u16();
        let text = response.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or_default())
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // stop accepting and close connections; the runtime ends the rest
        drop(self.handle.stop(false));
    }
}

/// The root of the checkout.
pub fn workspace_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_owned()
}
