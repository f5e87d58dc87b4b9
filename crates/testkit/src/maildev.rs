//! maildev: a real SMTP server for tests, with a REST API to read what it
//! received. `make test` installs it from npm when it is missing.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// A maildev process on free ports; stopped when dropped.
pub struct Maildev {
    /// Its SMTP port.
    pub smtp_port: u16,
    /// Its web/API port.
    pub web_port: u16,
    child: Child,
}

impl Maildev {
    /// Starts maildev on free ports and waits until its API answers.
    pub async fn start() -> Self {
        Self::start_on(crate::free_port()).await
    }

    /// Starts maildev with its SMTP server on `smtp_port` (for tests where
    /// the server comes up after mail was queued for it).
    pub async fn start_on(smtp_port: u16) -> Self {
        let web_port = crate::free_port();
        let child = Command::new("maildev")
            .args(["--smtp", &smtp_port.to_string(), "--ip", "127.0.0.1"])
            .args([
                "--web",
                &web_port.to_string(),
                "--web-ip",
                "127.0.0.1",
                "--silent",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("maildev runs (`make test` installs it with npm: npm install -g maildev)");
        let maildev = Self {
            smtp_port,
            web_port,
            child,
        };
        let started = Instant::now();
        loop {
            let api = reqwest::get(maildev.api("/api/email")).await;
            let smtp = std::net::TcpStream::connect(("127.0.0.1", smtp_port)).is_ok();
            if api.is_ok_and(|r| r.status().is_success()) && smtp {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "maildev did not start"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        maildev
    }

    fn api(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.web_port)
    }

    /// The URL to send to it.
    pub fn smtp_url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.smtp_port)
    }

    /// Every message it received, oldest first.
    pub async fn emails(&self) -> Vec<Value> {
        let body: Value = reqwest::get(self.api("/api/email"))
            .await
            .expect("maildev answers")
            .json()
            .await
            .expect("maildev lists JSON");
        body.as_array().cloned().unwrap_or_default()
    }

    /// Waits until it holds at least `count` messages (at most 20 s) and
    /// returns them.
    pub async fn wait_for(&self, count: usize) -> Vec<Value> {
        let started = Instant::now();
        loop {
            let emails = self.emails().await;
            if emails.len() >= count || started.elapsed() > Duration::from_secs(20) {
                return emails;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for Maildev {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
