//! The templates (minijinja): plain text and HTML per language, compiled
//! into the binary. HTML output escapes every value, so user text such as a
//! name with `<script>` in it arrives as text.

use kernel::Locale;
use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

use crate::{Error, Result};

/// A rendered message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub text: String,
    /// HTML body.
    pub html: String,
}

macro_rules! embed {
    ($($name:literal),* $(,)?) => {
        &[
            ("layout.html", include_str!("../../templates/layout.html")),
            ("macros.html", include_str!("../../templates/macros.html")),
            $(
                (concat!("vi/", $name, ".txt"), include_str!(concat!("../../templates/vi/", $name, ".txt"))),
                (concat!("vi/", $name, ".html"), include_str!(concat!("../../templates/vi/", $name, ".html"))),
                (concat!("en/", $name, ".txt"), include_str!(concat!("../../templates/en/", $name, ".txt"))),
                (concat!("en/", $name, ".html"), include_str!(concat!("../../templates/en/", $name, ".html"))),
                (concat!("ja/", $name, ".txt"), include_str!(concat!("../../templates/ja/", $name, ".txt"))),
                (concat!("ja/", $name, ".html"), include_str!(concat!("../../templates/ja/", $name, ".html"))),
                (concat!("zh/", $name, ".txt"), include_str!(concat!("../../templates/zh/", $name, ".txt"))),
                (concat!("zh/", $name, ".html"), include_str!(concat!("../../templates/zh/", $name, ".html"))),
            )*
        ]
    };
}

const SOURCES: &[(&str, &str)] = embed!(
    "verify_email",
    "password_reset",
    "application_received",
    "application_approved",
    "application_rejected",
    "application_changes_requested",
    "cooperative_suspended",
    "cooperative_reinstated",
    "member_invitation",
    "listing_approved",
    "listing_rejected",
    "listing_taken_down",
    "certification_verified",
    "certification_rejected",
    "order_placed",
    "order_new",
    "order_shipped",
    "order_cancelled",
    "payment_received",
    "refund_issued",
    "order_released",
    "mail_test",
    "export_update",
    "lot_recalled",
    "review_invite",
    "review_hidden",
    "booking_confirmed",
    "booking_moved",
);

/// The compiled templates.
pub struct Templates {
    env: Environment<'static>,
}

impl Templates {
    /// Compiles every template; a syntax error is reported with its file.
    pub fn new() -> Result<Self> {
        let mut env = Environment::new();
        // a misspelt variable fails loudly instead of vanishing from a message
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        for (name, source) in SOURCES {
            env.add_template(name, source)
                .map_err(|e| Error::Template(format!("{name}: {e}")))?;
        }
        Ok(Self { env })
    }

    /// Renders `template` in `locale` for a recipient called `name`.
    pub fn render<T: Serialize>(
        &self,
        template: &str,
        locale: Locale,
        name: &str,
        site_url: &str,
        content: &T,
    ) -> Result<Rendered> {
        let code = locale.code();
        let ctx = minijinja::context! {
            name => name,
            locale => code,
            site_url => site_url,
            ..minijinja::Value::from_serialize(content)
        };
        let render = |file: String| {
            self.env
                .get_template(&file)
                .and_then(|t| t.render(&ctx))
                .map_err(|e| Error::Template(format!("{file}: {e:#}")))
        };
        let text = render(format!("{code}/{template}.txt"))?;
        let html = render(format!("{code}/{template}.html"))?;
        let (first, body) = text.split_once('\n').unwrap_or((text.as_str(), ""));
        let subject = first
            .strip_prefix("Subject:")
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| {
                Error::Template(format!(
                    "{code}/{template}.txt: the first line must be `Subject: ...`"
                ))
            })?;
        Ok(Rendered {
            subject: subject.to_owned(),
            text: body.trim_start_matches('\n').trim_end().to_owned() + "\n",
            html,
        })
    }
}
