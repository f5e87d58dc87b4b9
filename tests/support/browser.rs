//! A real Chromium, driven through chromedriver (started on a free port for
//! each test), with JavaScript off: the shop must work without it. A test of
//! what a script adds may turn it on ([`Browser::start_with_javascript`]).

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

/// A browser session; chromedriver stops when it is dropped.
pub struct Browser {
    /// The WebDriver client.
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

fn find(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    })
}

impl Browser {
    /// Starts chromedriver and a headless Chromium with JavaScript disabled.
    pub async fn start() -> anyhow::Result<Self> {
        Self::start_with(false).await
    }

    /// Starts chromedriver and a headless Chromium with JavaScript on, for
    /// what a script adds on top of the pages (search suggestions).
    pub async fn start_with_javascript() -> anyhow::Result<Self> {
        Self::start_with(true).await
    }

    async fn start_with(javascript: bool) -> anyhow::Result<Self> {
        // the WebDriver client speaks plain HTTP to chromedriver, but its TLS
        // stack still wants a crypto provider chosen: the one the app uses
        let _ = rustls::crypto::ring::default_provider().install_default();
        let driver_bin = find(&["chromedriver"]).ok_or_else(|| {
            anyhow::anyhow!(
                "chromedriver not found: `make test` installs chromium and chromium-driver"
            )
        })?;
        let chrome_bin = find(&["chromium", "chromium-browser", "google-chrome"])
            .ok_or_else(|| anyhow::anyhow!("chromium not found: `make test` installs it"))?;
        let port = testkit::free_port();
        let driver = Command::new(&driver_bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        let profile = tempfile::tempdir()?;
        let capabilities = json!({
            "goog:chromeOptions": {
                "binary": chrome_bin,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-extensions",
                    "--window-size=1280,1000", "--lang=vi",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
                "prefs": {
                    "profile.managed_default_content_settings.javascript": if javascript { 1 } else { 2 },
                    "intl.accept_languages": "vi-VN,vi"
                }
            }
        });
        let capabilities = match capabilities {
            serde_json::Value::Object(map) => map,
            _ => anyhow::bail!("capabilities are an object"),
        };
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let client = loop {
            match ClientBuilder::rustls()?
                .capabilities(capabilities.clone())
                .connect(&url)
                .await
            {
                Ok(client) => break client,
                Err(e) if started.elapsed() < Duration::from_secs(20) => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => anyhow::bail!("chromedriver at {url} did not start a session: {e}"),
            }
        };
        Ok(Self {
            client,
            driver,
            _profile: profile,
        })
    }

    /// Saves a screenshot of the page as `target/screenshots/{name}.png` in
    /// the checkout.
    pub async fn screenshot(&self, name: &str) -> anyhow::Result<PathBuf> {
        let png = self.client.screenshot().await?;
        let dir = crate::workspace_dir().join("target/screenshots");
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png)?;
        Ok(path)
    }

    /// The text of the first element matching `css`.
    pub async fn text(&self, css: &str) -> anyhow::Result<String> {
        Ok(self.client.find(Locator::Css(css)).await?.text().await?)
    }

    /// Clicks the first element matching `css` (following a link or
    /// submitting a form, as without JavaScript).
    pub async fn click(&self, css: &str) -> anyhow::Result<()> {
        self.client.find(Locator::Css(css)).await?.click().await?;
        Ok(())
    }

    /// Clicks the element matching `css` and waits until the browser has
    /// left the current page (the old document goes stale), so the next
    /// look at the page sees the answer to a form post, not the form.
    pub async fn submit(&self, css: &str) -> anyhow::Result<()> {
        let old = self.client.find(Locator::Css("html")).await?;
        self.client.find(Locator::Css(css)).await?.click().await?;
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while old.tag_name().await.is_ok() {
            anyhow::ensure!(
                std::time::Instant::now() < deadline,
                "clicking {css} did not leave the page within 20 s"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Ok(())
    }

    /// Opens a URL.
    pub async fn goto(&self, url: &str) -> anyhow::Result<()> {
        self.client.goto(url).await?;
        Ok(())
    }

    /// Resizes the window (phone or desktop).
    pub async fn resize(&self, width: u32, height: u32) -> anyhow::Result<()> {
        self.client.set_window_size(width, height).await?;
        Ok(())
    }

    /// Ends the session and stops chromedriver.
    pub async fn close(mut self) -> anyhow::Result<()> {
        let result = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        result.map_err(Into::into)
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Browser {
    /// Types into the field matching `css` (clearing it first).
    pub async fn fill(&self, css: &str, text: &str) -> anyhow::Result<()> {
        let field = self.client.find(Locator::Css(css)).await?;
        field.clear().await?;
        field.send_keys(text).await?;
        Ok(())
    }

    /// Chooses a file for the file input matching `css`.
    pub async fn attach(&self, css: &str, path: &std::path::Path) -> anyhow::Result<()> {
        let input = self.client.find(Locator::Css(css)).await?;
        input.send_keys(&path.display().to_string()).await?;
        Ok(())
    }

    /// The current URL's path and query.
    pub async fn path(&self) -> anyhow::Result<String> {
        let url = self.client.current_url().await?;
        Ok(match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        })
    }
}
