//! One typed configuration, read once at start-up from three layers:
//! `config/default.toml` (compiled in, and read from the config directory
//! when there is one), then `config/{HOPTAC_ENV}.toml`, then environment
//! variables `HOPTAC__SECTION__KEY`. Unknown keys and bad values stop
//! start-up with one line that names the key and where it came from.

use std::path::{Path, PathBuf};
use std::time::Duration;

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize, Serializer};

/// The compiled-in defaults, so the binary runs even without a config
/// directory.
const DEFAULTS: &str = include_str!("../../../config/default.toml");

/// A value that must not be printed or logged.
#[derive(Clone, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself, for the one place that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("\"********\"")
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str("********")
    }
}

/// A database URL, printed with its password masked.
#[derive(Clone, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct DatabaseUrl(String);

impl DatabaseUrl {
    /// The URL itself, for connecting.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The URL with its password masked.
    pub fn redacted(&self) -> String {
        entity::db::redact_url(&self.0)
    }

    fn has_password(&self) -> bool {
        self.redacted() != self.0
    }
}

impl std::fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.redacted())
    }
}

impl Serialize for DatabaseUrl {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.redacted())
    }
}

/// Which set of configuration files is layered over the defaults.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    /// A developer's machine (the default).
    #[default]
    Development,
    /// The test suites.
    Test,
    /// Serving real shoppers.
    Production,
}

impl Environment {
    /// Its name, also the name of its configuration file.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Development => "development",
            Self::Test => "test",
            Self::Production => "production",
        }
    }
}

/// Everything `hoptac` can be configured with.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Set from `HOPTAC_ENV`, not from files.
    #[serde(skip_deserializing)]
    pub environment: Environment,
    /// Where all embedded state lives: the SQLite file, the search index,
    /// e-mails written as files, uploaded media. Relative paths are taken
    /// from the working directory.
    pub data_dir: PathBuf,
    /// The HTTP server.
    pub server: ServerSettings,
    /// Accounts and sessions.
    pub accounts: AccountSettings,
    /// The database.
    pub database: DatabaseSettings,
    /// Product search.
    pub search: SearchSettings,
    /// Where pictures and documents are kept.
    pub media: MediaSettings,
    /// E-mail.
    pub mail: MailSettings,
    /// The background worker.
    pub jobs: JobSettings,
    /// Payment methods.
    pub payments: PaymentSettings,
    /// Logs.
    pub log: LogSettings,
}

/// The HTTP server.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSettings {
    /// Address to listen on.
    pub host: String,
    /// Port to listen on; 0 picks a free one.
    pub port: u16,
    /// The address shoppers reach the shop at (links in e-mails).
    pub public_url: String,
    /// Worker threads; 0 means one per core.
    pub workers: usize,
    /// Largest JSON or form body, in kilobytes.
    pub body_limit_kb: usize,
    /// Seconds in-flight requests get to finish on shutdown.
    pub shutdown_timeout_secs: u64,
    /// Send cookies with `Secure` (behind HTTPS).
    pub secure_cookies: bool,
    /// Read the client's address from proxy headers.
    pub trust_proxy_headers: bool,
    /// Memory for public catalogue reads kept until the catalogue changes,
    /// in megabytes; 0 keeps none.
    pub read_cache_mb: u64,
}

/// Accounts and sessions.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountSettings {
    /// Days a session lasts.
    pub session_days: i64,
    /// Hours an e-mail verification link works.
    pub verify_hours: i64,
    /// Minutes a password reset link works.
    pub reset_minutes: i64,
}

/// The database.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSettings {
    /// `postgres://...` or `sqlite://...`; unset means SQLite at
    /// `<data_dir>/hoptac.db`.
    pub url: Option<DatabaseUrl>,
    /// Most pooled connections a process opens.
    pub max_connections: u32,
    /// Connections kept open when idle.
    pub min_connections: u32,
    /// Seconds to wait for a connection before giving up.
    pub connect_timeout_secs: u64,
    /// Apply pending migrations when `hoptac serve` starts.
    pub migrate_on_start: bool,
}

/// Product search.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchSettings {
    /// Meilisearch's address; unset means the embedded Tantivy index.
    pub meilisearch_url: Option<String>,
    /// Meilisearch's API key (environment only).
    pub meilisearch_api_key: Option<Secret>,
    /// The index name (a suffix keeps environments apart on one server).
    pub index_name: String,
    /// How long to wait for a Meilisearch task before calling it failed.
    pub task_timeout_secs: u64,
}

/// Where pictures and private documents are kept: under `data_dir` by
/// default, or in an S3-compatible bucket (needed as soon as several
/// `hoptac serve` processes run on several machines).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MediaSettings {
    /// The bucket; unset means the local directories under `data_dir`.
    pub s3_bucket: Option<String>,
    /// The bucket's region.
    pub s3_region: String,
    /// An S3-compatible server's address (MinIO, R2...); unset for Amazon S3.
    pub s3_endpoint: Option<String>,
    /// Allow a plain `http://` endpoint.
    pub s3_allow_http: bool,
    /// The access key id (environment only).
    pub s3_access_key_id: Option<Secret>,
    /// The secret access key (environment only).
    pub s3_secret_access_key: Option<Secret>,
    /// Where browsers fetch the bucket's `media/` files (the bucket's public
    /// address or a CDN), e.g. `https://cdn.hoptac.vn/media`.
    pub public_base_url: Option<String>,
}

/// E-mail.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailSettings {
    /// `smtp://`, `smtps://` or `smtp://...?tls=required` for STARTTLS; unset
    /// means e-mails are written as `.eml` files under `<data_dir>/outbox`.
    pub smtp_url: Option<Secret>,
    /// The sender of every message.
    pub from: String,
    /// Seconds an SMTP exchange may take.
    pub smtp_timeout_secs: u64,
}

/// The worker that carries out the outbox.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JobSettings {
    /// Run a worker inside `hoptac serve`.
    pub run_in_serve: bool,
    /// Pause between polls when idle, in milliseconds.
    pub poll_interval_ms: u64,
    /// Jobs claimed at once.
    pub batch_size: u64,
    /// Jobs carried out at the same time.
    pub concurrency: usize,
    /// How long a claim lasts, in seconds.
    pub lease_secs: u64,
    /// Tries before a job is marked failed.
    pub max_attempts: i32,
    /// Wait before the second try, in seconds; doubled for each further try.
    pub retry_base_secs: u64,
    /// Longest wait between tries, in seconds.
    pub retry_max_secs: u64,
}

/// Payment methods.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentSettings {
    /// Offer cash on delivery (inside Vietnam).
    pub cash_on_delivery: bool,
    /// Offer bank transfer with a VietQR code.
    pub bank_transfer: bool,
    /// Stripe secret key (environment only); set to offer cards.
    pub stripe_secret_key: Option<Secret>,
    /// Stripe webhook signing secret (environment only).
    pub stripe_webhook_secret: Option<Secret>,
    /// Stripe publishable key, for Stripe.js on the card page.
    pub stripe_publishable_key: Option<String>,
    /// Stripe's API address; set only to point at a stand-in (localstripe).
    pub stripe_api_base: Option<String>,
    /// Where the card page loads Stripe.js from.
    pub stripe_js_url: String,
    /// The currency cards are charged in: `vnd` or `usd`.
    pub card_currency: payments::stripe::CardCurrency,
    /// Đồng per US dollar, when cards are charged in USD.
    pub vnd_per_usd: i64,
    /// The union's receiving account for bank transfers: the bank's BIN.
    pub bank_bin: Option<String>,
    /// The bank's name, written out beside the QR code.
    pub bank_name: Option<String>,
    /// The account number.
    pub bank_account: Option<String>,
    /// The account holder's name.
    pub bank_account_name: Option<String>,
    /// The union's commission on goods, in percent (shipping is not charged).
    pub commission_percent: f64,
    /// Commission by category slug, in percent (a category without one
    /// takes its parent's, then `commission_percent`).
    pub commission_by_category: std::collections::BTreeMap<String, f64>,
}

impl PaymentSettings {
    /// The receiving account, when all four parts are set.
    pub fn receiving_account(&self) -> Option<payments::vietqr::ReceivingAccount> {
        Some(payments::vietqr::ReceivingAccount {
            bin: self.bank_bin.clone()?,
            account: self.bank_account.clone()?,
            account_name: self.bank_account_name.clone()?,
            bank_name: self.bank_name.clone()?,
        })
    }

    /// The commission rates in basis points.
    pub fn commission(&self) -> payments::ledger::CommissionRates {
        let bp = |pct: f64| (pct * 100.0).round().clamp(0.0, 10_000.0) as u32;
        payments::ledger::CommissionRates {
            default_bp: bp(self.commission_percent),
            by_category: self
                .commission_by_category
                .iter()
                .map(|(k, v)| (k.clone(), bp(*v)))
                .collect(),
        }
    }

    /// The Stripe client, when cards are configured.
    pub fn stripe(&self) -> anyhow::Result<Option<payments::stripe::Stripe>> {
        let (Some(secret), Some(webhook)) = (&self.stripe_secret_key, &self.stripe_webhook_secret)
        else {
            return Ok(None);
        };
        let config = payments::stripe::StripeConfig {
            secret_key: secret.expose().to_owned(),
            webhook_secret: webhook.expose().to_owned(),
            publishable_key: self.stripe_publishable_key.clone().unwrap_or_default(),
            api_base: self.stripe_api_base.clone(),
            js_url: self.stripe_js_url.clone(),
            currency: self.card_currency,
            vnd_per_usd: self.vnd_per_usd,
        };
        Ok(Some(payments::stripe::Stripe::new(config)?))
    }
}

/// Logs.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogSettings {
    /// `pretty` for people, `json` for log collectors.
    pub format: LogFormat,
    /// A tracing filter, e.g. `info,sea_orm=warn`.
    pub filter: String,
}

/// How log lines are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Readable lines with colours on a terminal.
    Pretty,
    /// One JSON object a line.
    Json,
}

/// Keys whose values may only come from the environment.
const SECRET_KEYS: [&str; 6] = [
    "search.meilisearch_api_key",
    "media.s3_access_key_id",
    "media.s3_secret_access_key",
    "mail.smtp_url",
    "payments.stripe_secret_key",
    "payments.stripe_webhook_secret",
];

/// Why the configuration could not be loaded: one line, naming the key.
#[derive(Debug, thiserror::Error)]
#[error("configuration: {0}")]
pub struct ConfigError(String);

/// Where to load from.
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// The config directory; found automatically when `None`.
    pub config_dir: Option<PathBuf>,
    /// The environment; from `HOPTAC_ENV` when `None`.
    pub environment: Option<Environment>,
    /// Values set by code over everything else (tests).
    pub overrides: Vec<(String, serde_json::Value)>,
    /// Read `HOPTAC__*` environment variables (tests turn this off).
    pub read_env: bool,
}

impl LoadOptions {
    /// The options `hoptac` itself uses.
    pub fn from_process() -> Self {
        Self {
            read_env: true,
            ..Self::default()
        }
    }
}

impl Settings {
    /// Loads and validates the configuration.
    pub fn load(options: LoadOptions) -> Result<Self, ConfigError> {
        let environment = match options.environment {
            Some(env) => env,
            None => match std::env::var("HOPTAC_ENV") {
                Ok(name) => serde_json::from_value(serde_json::Value::String(name.clone()))
                    .map_err(|_| {
                        ConfigError(format!(
                            "HOPTAC_ENV={name}: expected development, test or production"
                        ))
                    })?,
                Err(_) => Environment::Development,
            },
        };
        let config_dir = match options.config_dir {
            Some(dir) => Some(dir),
            None => find_config_dir()?,
        };
        let mut figment = Figment::from(Toml::string(DEFAULTS));
        if let Some(dir) = &config_dir {
            figment = figment
                .merge(Toml::file(dir.join("default.toml")))
                .merge(Toml::file(
                    dir.join(format!("{}.toml", environment.as_str())),
                ));
        }
        if options.read_env {
            figment = figment.merge(Env::prefixed("HOPTAC__").split("__").lowercase(true));
        }
        for (key, value) in options.overrides {
            figment = figment.merge(Serialized::default(&key, value));
        }
        let mut settings: Settings = figment.extract().map_err(describe)?;
        settings.environment = environment;
        check_secrets(&figment, &settings)?;
        settings.validate()?;
        Ok(settings)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        let bad = |key: &str, why: &str| Err(ConfigError(format!("{key}: {why}")));
        if self.data_dir.as_os_str().is_empty() {
            return bad("data_dir", "must not be empty");
        }
        if let Some(url) = &self.database.url {
            let u = url.expose();
            if !(u.starts_with("postgres://")
                || u.starts_with("postgresql://")
                || u.starts_with("sqlite:"))
            {
                return bad(
                    "database.url",
                    "must start with postgres://, postgresql:// or sqlite:",
                );
            }
        }
        if self.database.max_connections == 0 {
            return bad("database.max_connections", "must be at least 1");
        }
        if self.server.body_limit_kb == 0 {
            return bad("server.body_limit_kb", "must be at least 1");
        }
        if !self.server.public_url.starts_with("http://")
            && !self.server.public_url.starts_with("https://")
        {
            return bad("server.public_url", "must start with http:// or https://");
        }
        if let Some(url) = &self.search.meilisearch_url
            && !url.starts_with("http://")
            && !url.starts_with("https://")
        {
            return bad(
                "search.meilisearch_url",
                "must start with http:// or https://",
            );
        }
        if let Some(url) = &self.mail.smtp_url {
            let u = url.expose();
            if !(u.starts_with("smtp://") || u.starts_with("smtps://")) {
                return bad("mail.smtp_url", "must start with smtp:// or smtps://");
            }
        }
        if self.media.s3_bucket.is_some() {
            for (key, missing) in [
                (
                    "media.s3_access_key_id",
                    self.media.s3_access_key_id.is_none(),
                ),
                (
                    "media.s3_secret_access_key",
                    self.media.s3_secret_access_key.is_none(),
                ),
                (
                    "media.public_base_url",
                    self.media.public_base_url.is_none(),
                ),
            ] {
                if missing {
                    return bad(key, "is required when media.s3_bucket is set");
                }
            }
        }
        if let Some(url) = &self.media.public_base_url
            && !url.starts_with("http://")
            && !url.starts_with("https://")
        {
            return bad(
                "media.public_base_url",
                "must start with http:// or https://",
            );
        }
        for (key, pct) in std::iter::once((
            "payments.commission_percent".to_owned(),
            self.payments.commission_percent,
        ))
        .chain(
            self.payments
                .commission_by_category
                .iter()
                .map(|(k, v)| (format!("payments.commission_by_category.{k}"), *v)),
        ) {
            if !(0.0..=100.0).contains(&pct) {
                return bad(&key, "must be a percentage from 0 to 100");
            }
        }
        if let Some(account) = self.payments.receiving_account()
            && let Err(e) = payments::vietqr::payload(&account, 1, "HT00000000")
        {
            return bad("payments.bank_account", &e.to_string());
        }
        if self.payments.vnd_per_usd < 1 {
            return bad("payments.vnd_per_usd", "must be at least 1");
        }
        if self.payments.stripe_secret_key.is_some()
            && self.payments.stripe_publishable_key.is_none()
        {
            return bad(
                "payments.stripe_publishable_key",
                "is required when payments.stripe_secret_key is set (Stripe.js on the card page needs it)",
            );
        }
        if self.payments.stripe_secret_key.is_some()
            != self.payments.stripe_webhook_secret.is_some()
        {
            return bad(
                "payments.stripe_webhook_secret",
                "set both payments.stripe_secret_key and payments.stripe_webhook_secret, or neither",
            );
        }
        if let Err(e) = tracing_subscriber::EnvFilter::try_new(&self.log.filter) {
            return Err(ConfigError(format!("log.filter: {e}")));
        }
        Ok(())
    }

    /// The database URL in force: the configured one, or the SQLite file
    /// under `data_dir`.
    pub fn database_url(&self) -> String {
        match &self.database.url {
            Some(url) => url.expose().to_owned(),
            None => format!("sqlite://{}", self.data_dir.join("hoptac.db").display()),
        }
    }

    /// The database URL in force, with its password masked.
    pub fn database_url_redacted(&self) -> String {
        entity::db::redact_url(&self.database_url())
    }

    /// Where uploaded and generated media is kept.
    pub fn media_dir(&self) -> PathBuf {
        self.data_dir.join("media")
    }

    /// Where private files (application documents) are kept, never served
    /// as static files.
    pub fn private_dir(&self) -> PathBuf {
        self.data_dir.join("private")
    }

    /// Where e-mails are written when no SMTP server is configured.
    pub fn outbox_dir(&self) -> PathBuf {
        self.data_dir.join("outbox")
    }

    /// Where the embedded search index lives.
    pub fn search_dir(&self) -> PathBuf {
        self.data_dir.join("search")
    }

    /// Accounts' lifetimes and links.
    pub fn accounts_config(&self) -> accounts::AccountsConfig {
        accounts::AccountsConfig {
            site_url: self.server.public_url.clone(),
            session_days: self.accounts.session_days,
            verify_hours: self.accounts.verify_hours,
            reset_minutes: self.accounts.reset_minutes,
        }
    }

    /// The shop's own origin (`scheme://host[:port]`), which forms must come from.
    pub fn public_origin(&self) -> String {
        let url = self.server.public_url.trim_end_matches('/');
        match url.split_once("://") {
            Some((scheme, rest)) => {
                format!("{scheme}://{}", rest.split('/').next().unwrap_or_default())
            }
            None => url.to_owned(),
        }
    }

    /// The worker's timing.
    pub fn worker_config(&self) -> notify::worker::WorkerConfig {
        notify::worker::WorkerConfig {
            poll_interval: Duration::from_millis(self.jobs.poll_interval_ms),
            batch_size: self.jobs.batch_size,
            concurrency: self.jobs.concurrency,
            lease: Duration::from_secs(self.jobs.lease_secs),
            retry_base: Duration::from_secs(self.jobs.retry_base_secs),
            retry_max: Duration::from_secs(self.jobs.retry_max_secs.max(self.jobs.retry_base_secs)),
        }
    }

    /// Database pool settings.
    pub fn db_options(&self) -> entity::db::DbOptions {
        entity::db::DbOptions {
            max_connections: self.database.max_connections,
            min_connections: self.database.min_connections,
            connect_timeout: Duration::from_secs(self.database.connect_timeout_secs),
            acquire_timeout: Duration::from_secs(self.database.connect_timeout_secs.max(1) * 2),
        }
    }

    /// The effective configuration as TOML, secrets masked.
    pub fn to_masked_toml(&self) -> String {
        toml::to_string_pretty(self)
            .unwrap_or_else(|e| format!("# cannot print the configuration: {e}\n"))
    }
}

/// A secret written into a file would end up in version control: refuse it.
fn check_secrets(figment: &Figment, settings: &Settings) -> Result<(), ConfigError> {
    let mut keys: Vec<&str> = SECRET_KEYS.to_vec();
    if settings
        .database
        .url
        .as_ref()
        .is_some_and(DatabaseUrl::has_password)
    {
        keys.push("database.url");
    }
    for key in keys {
        if let Some(meta) = figment.find_metadata(key)
            && let Some(figment::Source::File(path)) = &meta.source
        {
            let var = format!("HOPTAC__{}", key.replace('.', "__").to_uppercase());
            return Err(ConfigError(format!(
                "{key} is a secret: set it in the environment ({var}), not in {}",
                path.display()
            )));
        }
    }
    Ok(())
}

/// Turns figment's error into one line: the key, the problem, the source.
fn describe(error: figment::Error) -> ConfigError {
    let mut lines = Vec::new();
    for e in error {
        let key = e.path.join(".");
        let source = e.metadata.as_ref().map(|meta| match &meta.source {
            Some(figment::Source::File(path)) => format!(" (in {})", path.display()),
            _ if meta.name.contains("environment") => {
                format!(
                    " (from environment variable HOPTAC__{})",
                    e.path.join("__").to_uppercase()
                )
            }
            _ => String::new(),
        });
        let kind = e.kind.to_string();
        lines.push(if key.is_empty() {
            format!("{kind}{}", source.unwrap_or_default())
        } else {
            format!("{key}: {kind}{}", source.unwrap_or_default())
        });
    }
    ConfigError(lines.join("; "))
}

/// The config directory: `HOPTAC_CONFIG_DIR`, else a `config/` directory with
/// a `default.toml` next to the binary or above it, else the checkout this
/// binary was built from. Never the working directory by accident.
fn find_config_dir() -> Result<Option<PathBuf>, ConfigError> {
    if let Ok(dir) = std::env::var("HOPTAC_CONFIG_DIR") {
        let dir = PathBuf::from(dir);
        if !dir.join("default.toml").is_file() {
            return Err(ConfigError(format!(
                "HOPTAC_CONFIG_DIR={}: no default.toml there",
                dir.display()
            )));
        }
        return Ok(Some(dir));
    }
    let has_defaults = |dir: &Path| dir.join("default.toml").is_file();
    if let Ok(exe) = std::env::current_exe() {
        for ancestor in exe.ancestors().skip(1) {
            let candidate = ancestor.join("config");
            if has_defaults(&candidate) {
                return Ok(Some(candidate));
            }
        }
    }
    let built_from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../config");
    Ok(has_defaults(&built_from).then_some(built_from))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(overrides: &[(&str, serde_json::Value)]) -> Result<Settings, ConfigError> {
        Settings::load(LoadOptions {
            config_dir: None,
            environment: Some(Environment::Development),
            overrides: overrides
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
            read_env: false,
        })
    }

    #[test]
    fn defaults_are_the_embedded_stack_under_data_dir() {
        let settings = load(&[]).unwrap();
        assert_eq!(settings.server.port, 8080);
        assert_eq!(settings.database_url(), "sqlite://data/hoptac.db");
        assert_eq!(settings.media_dir(), PathBuf::from("data/media"));
        assert!(settings.search.meilisearch_url.is_none());
        assert!(settings.mail.smtp_url.is_none());
    }

    #[test]
    fn a_bad_port_names_the_key() {
        let err = load(&[("server.port", serde_json::json!("abc"))]).unwrap_err();
        assert!(err.to_string().contains("server.port"), "{err}");
    }

    #[test]
    fn an_unknown_key_is_refused() {
        let err = load(&[("server.prot", serde_json::json!(1))]).unwrap_err();
        assert!(err.to_string().contains("prot"), "{err}");
    }

    #[test]
    fn secrets_are_masked_when_printed() {
        let settings = load(&[
            (
                "payments.stripe_secret_key",
                serde_json::json!("sk_test_123"),
            ),
            (
                "payments.stripe_webhook_secret",
                serde_json::json!("whsec_123"),
            ),
            (
                "payments.stripe_publishable_key",
                serde_json::json!("pk_test_123"),
            ),
            (
                "database.url",
                serde_json::json!("postgres://u:hunter2@db/hoptac"),
            ),
        ])
        .unwrap();
        let printed = settings.to_masked_toml();
        assert!(!printed.contains("sk_test_123"), "{printed}");
        assert!(!printed.contains("hunter2"), "{printed}");
        assert!(printed.contains("postgres://u:***@db/hoptac"), "{printed}");
        assert!(!format!("{settings:?}").contains("whsec_123"));
    }

    #[test]
    fn cards_need_the_publishable_key_and_commission_is_a_percentage() {
        let err = load(&[
            ("payments.stripe_secret_key", serde_json::json!("sk_test_1")),
            (
                "payments.stripe_webhook_secret",
                serde_json::json!("whsec_1"),
            ),
        ])
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("configuration: payments.stripe_publishable_key:"),
            "{err}"
        );
        let err = load(&[("payments.commission_percent", serde_json::json!(120.0))]).unwrap_err();
        assert!(
            err.to_string().contains("payments.commission_percent"),
            "{err}"
        );
        let err = load(&[("payments.bank_bin", serde_json::json!("12345"))]).unwrap_err();
        assert!(err.to_string().contains("payments.bank_account"), "{err}");
        let rates = load(&[]).unwrap().payments.commission();
        assert_eq!(rates.default_bp, 500);
        assert_eq!(rates.by_category.get("nong-san"), Some(&300));
    }

    #[test]
    fn a_secret_in_a_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("default.toml"), DEFAULTS).unwrap();
        std::fs::write(
            dir.path().join("production.toml"),
            "[payments]\nstripe_secret_key = \"sk_live_x\"\nstripe_webhook_secret = \"whsec_x\"\n",
        )
        .unwrap();
        let err = Settings::load(LoadOptions {
            config_dir: Some(dir.path().to_owned()),
            environment: Some(Environment::Production),
            overrides: vec![],
            read_env: false,
        })
        .unwrap_err();
        assert!(err.to_string().contains("is a secret"), "{err}");
    }
}
