//! The `hoptac` command line.
#![expect(clippy::print_stdout, reason = "a command line prints its results")]

use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use sea_orm_migration::MigratorTrait;

use crate::services;
use crate::settings::{LoadOptions, Settings};
use crate::startup::{self, Application};
use crate::telemetry;

/// Hợp Tác: the online market of Huế's cooperatives.
///
/// Configuration comes from config/default.toml, config/$HOPTAC_ENV.toml and
/// HOPTAC__SECTION__KEY environment variables (see `hoptac check-config`).
#[derive(Debug, Parser)]
#[command(name = "hoptac", version, about, long_about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the shop and the API (applies pending migrations first).
    Serve {
        /// Do not apply pending migrations at start.
        #[arg(long)]
        no_migrate: bool,
    },
    /// Apply, roll back or list database migrations.
    Migrate {
        /// What to do with the migrations.
        #[command(subcommand)]
        action: MigrateAction,
    },
    /// Fill the database with data.
    Seed {
        /// The demo data: the cooperatives of Huế's Cooperative Union with
        /// their stories, listings and generated pictures. Idempotent.
        #[arg(long)]
        demo: bool,
        /// Only when the database has no cooperative yet.
        #[arg(long)]
        if_empty: bool,
    },
    /// Carry out the outbox (e-mails, index updates) without serving HTTP,
    /// until SIGTERM or Ctrl-C.
    Worker,
    /// Send a test e-mail, or see how the outbox is doing.
    Mail {
        /// What to do.
        #[command(subcommand)]
        action: MailAction,
    },
    /// Manage people: union staff and admins.
    User {
        /// What to do.
        #[command(subcommand)]
        action: UserAction,
    },
    /// Import a cooperative's catalogue from a CSV file (columns in the
    /// README): every bad row is reported with its line; nothing is written
    /// unless the whole file is good.
    Import {
        /// The cooperative (slug or id).
        #[arg(long)]
        cooperative: String,
        /// The member the import is done as (their e-mail address); the
        /// audit log names them.
        #[arg(long = "as", value_name = "EMAIL")]
        as_email: String,
        /// Only check the file and report.
        #[arg(long)]
        dry_run: bool,
        /// The CSV file (UTF-8).
        file: std::path::PathBuf,
    },
    /// Export a cooperative's catalogue as CSV (to stdout or a file).
    Export {
        /// The cooperative (slug or id).
        #[arg(long)]
        cooperative: String,
        /// The member the export is done as (their e-mail address).
        #[arg(long = "as", value_name = "EMAIL")]
        as_email: String,
        /// Where to write it; stdout when left out.
        #[arg(long)]
        output: Option<std::path::PathBuf>,
    },
    /// Rebuild the search index from the database beside the live one and
    /// swap it in (searches keep working meanwhile). When a running
    /// `hoptac serve` holds the embedded index, it is asked to do it.
    Reindex,
    /// Print the configuration in force, secrets masked, and check it.
    CheckConfig,
}

/// What `hoptac user` does.
#[derive(Debug, Subcommand)]
pub enum UserAction {
    /// Make the account with this address Cooperative Union staff.
    GrantStaff {
        /// The account's e-mail address.
        email: String,
    },
    /// Create an admin account (or make an existing one admin). The password
    /// is read from HOPTAC_ADMIN_PASSWORD, else from the first line of stdin.
    CreateAdmin {
        /// E-mail address.
        #[arg(long)]
        email: String,
        /// Display name.
        #[arg(long, default_value = "Quản trị viên")]
        name: String,
    },
    /// Mark an address confirmed without the e-mailed link.
    Verify {
        /// The account's e-mail address.
        email: String,
    },
}

/// What `hoptac mail` does.
#[derive(Debug, Subcommand)]
pub enum MailAction {
    /// Queue a test message and try to deliver it at once through the
    /// configured transport; when that fails it stays queued and a running
    /// worker retries it.
    Test {
        /// The address to send to.
        #[arg(long)]
        to: String,
        /// The language of the message: vi or en.
        #[arg(long, default_value = "vi")]
        locale: String,
    },
    /// Count queued, sent and failed messages and jobs, with the latest errors.
    Status,
}

/// What `hoptac migrate` does.
#[derive(Debug, Subcommand)]
pub enum MigrateAction {
    /// Apply every pending migration.
    Up,
    /// Roll back the most recent migrations.
    Down {
        /// How many to roll back.
        #[arg(long, default_value_t = 1)]
        steps: u32,
    },
    /// List migrations and whether each is applied.
    Status,
}

/// Runs the command line; configuration and start-up errors print one line
/// and exit non-zero.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::load(LoadOptions::from_process()) {
        Ok(settings) => settings,
        Err(e) => {
            eprintln!("hoptac: {e}");
            return ExitCode::from(2);
        }
    };
    telemetry::init_logging(&settings.log);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("hoptac: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command, settings)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = format!("{e:#}"), "stopped");
            eprintln!("hoptac: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, settings: Settings) -> anyhow::Result<()> {
    match command {
        Command::Serve { no_migrate } => {
            let app = Application::build(settings, !no_migrate).await?;
            app.run_until_stopped().await.context("server")?;
            tracing::info!("stopped");
            Ok(())
        }
        Command::Migrate { action } => {
            let db = startup::connect_database(&settings).await?;
            match action {
                MigrateAction::Up => migration::migrate_up(&db).await.context("migrate up")?,
                MigrateAction::Down { steps } => migration::Migrator::down(&db, Some(steps))
                    .await
                    .context("migrate down")?,
                MigrateAction::Status => {}
            }
            print_status(&db).await
        }
        Command::Seed { demo, if_empty } => {
            anyhow::ensure!(demo, "nothing to seed: pass --demo for the demo data");
            let db = startup::connect_database(&settings).await?;
            migration::migrate_up(&db).await.context("migrate up")?;
            let catalog = startup::catalog(&settings, db.clone())?;
            if if_empty && catalog.has_cooperatives().await.context("seed")? {
                println!("the database already has cooperatives; demo data not added");
                return Ok(());
            }
            let report = catalog::demo::seed(&catalog, catalog::demo::SeedOptions::default())
                .await
                .context("seed --demo")?;
            println!(
                "demo data: {} categories, {} cooperatives, {} products, {} variants, {} pictures added",
                report.categories,
                report.cooperatives,
                report.products,
                report.variants,
                report.images
            );
            let activity = seed_demo_activity(&settings, db, &catalog).await?;
            println!(
                "demo accounts ({} added), password {:?}:",
                activity.people,
                catalog::demo::DEMO_PASSWORD
            );
            for (email, _, what) in catalog::demo::DEMO_PEOPLE {
                println!("  {email:<24} {what}");
            }
            if activity.orders > 0 {
                println!(
                    "demo orders: {} (a transfer awaiting the union, cash on delivery shipped, money held for buyers to refund…)",
                    activity.orders
                );
            }
            if activity.requests > 0 {
                println!(
                    "export desk: {} requests for quote (2,000 baskets for Osaka quoted, an order in production, a Shanghai design waiting)",
                    activity.requests
                );
            }
            if activity.lots > 0 {
                println!(
                    "lots: {} with their traceability pages (Bao La's baskets, A Lưới's VietGAP vegetables, a recalled lot of ginger)",
                    activity.lots
                );
            }
            Ok(())
        }
        Command::Worker => {
            let db = startup::connect_database(&settings).await?;
            migration::migrate_up(&db).await.context("migrate up")?;
            let mut worker = services::worker(&settings, db.clone())?;
            if settings.search.meilisearch_url.is_some() {
                let catalog = startup::catalog(&settings, db)?;
                let index = services::search_index(&settings).await?;
                worker = worker.with_handler(
                    catalog::search_feed::TOPIC,
                    std::sync::Arc::new(search::Indexer::new(catalog, index)),
                );
            } else {
                println!(
                    "search index jobs are left to `hoptac serve`: only the process holding the embedded index may write it"
                );
            }
            println!(
                "worker {} carrying out the outbox; Ctrl-C or SIGTERM stops it",
                worker.name()
            );
            worker.run(shutdown_signal()).await;
            Ok(())
        }
        Command::Reindex => reindex(settings).await,
        Command::Mail { action } => mail(action, settings).await,
        Command::User { action } => user(action, settings).await,
        Command::Import {
            cooperative,
            as_email,
            dry_run,
            file,
        } => import(settings, &cooperative, &as_email, dry_run, &file).await,
        Command::Export {
            cooperative,
            as_email,
            output,
        } => {
            let (catalog, actor, coop) = acting_member(&settings, &cooperative, &as_email).await?;
            let bytes = catalog.export_csv(&actor, coop).await.context("export")?;
            match output {
                Some(path) => std::fs::write(&path, &bytes)
                    .with_context(|| format!("write {}", path.display()))?,
                None => {
                    use std::io::Write as _;
                    std::io::stdout().write_all(&bytes).context("write")?;
                }
            }
            Ok(())
        }
        Command::CheckConfig => {
            println!("# environment: {}", settings.environment.as_str());
            println!("# database in force: {}", settings.database_url_redacted());
            println!(
                "# search: {}",
                settings.search.meilisearch_url.as_deref().map_or_else(
                    || format!("Tantivy index under {}", settings.search_dir().display()),
                    |u| { format!("Meilisearch at {u}") }
                )
            );
            println!(
                "# mail: {}",
                if settings.mail.smtp_url.is_some() {
                    "SMTP".to_owned()
                } else {
                    format!(".eml files under {}", settings.outbox_dir().display())
                }
            );
            print!("{}", settings.to_masked_toml());
            Ok(())
        }
    }
}

/// The catalogue, the member acting and the cooperative, for import/export.
async fn acting_member(
    settings: &Settings,
    cooperative: &str,
    email: &str,
) -> anyhow::Result<(catalog::Catalog, accounts::Actor, kernel::CooperativeId)> {
    let db = startup::connect_database(settings).await?;
    migration::migrate_up(&db).await.context("migrate up")?;
    let catalog = startup::catalog(settings, db.clone())?;
    let accounts = services::accounts(settings, db)?;
    let actor = accounts
        .actor_by_email(email)
        .await
        .context("--as")?
        .with_context(|| format!("--as: no account has the address {email}"))?;
    let coop = catalog
        .cooperative(&kernel::id::IdOrSlug::parse(cooperative))
        .await
        .with_context(|| format!("--cooperative: {cooperative}"))?;
    Ok((catalog, actor, coop.summary.id))
}

async fn reindex(settings: Settings) -> anyhow::Result<()> {
    let db = startup::connect_database(&settings).await?;
    migration::migrate_up(&db).await.context("migrate up")?;
    let catalog = startup::catalog(&settings, db.clone())?;
    let index = match services::search_index(&settings).await {
        Ok(index) => index,
        Err(e) if services::index_is_held_elsewhere(&e) => {
            catalog::search_feed::enqueue(&db, catalog::search_feed::IndexJob::Rebuild)
                .await
                .context("queue the rebuild")?;
            println!(
                "a running `hoptac serve` holds the index under {}; it will rebuild it and swap it in (see its log)",
                settings.search_dir().display()
            );
            return Ok(());
        }
        Err(e) => return Err(e),
    };
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} indexing [{bar:40}] {pos}/{len} listings ({per_sec}, {eta})",
        )
        .context("progress bar")?
        .progress_chars("=> "),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    let started = std::time::Instant::now();
    let progress = {
        let bar = bar.clone();
        move |done: u64, total: u64| {
            bar.set_length(total);
            bar.set_position(done);
        }
    };
    let stats = search::Indexer::new(catalog, index)
        .rebuild(progress)
        .await
        .context("rebuild the search index")?;
    bar.finish_and_clear();
    println!(
        "indexed {} listings in {:.1} s; {} index {} is live",
        stats.documents,
        started.elapsed().as_secs_f64(),
        stats.backend,
        stats.generation
    );
    Ok(())
}

async fn import(
    settings: Settings,
    cooperative: &str,
    email: &str,
    dry_run: bool,
    file: &std::path::Path,
) -> anyhow::Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("read {}", file.display()))?;
    let (catalog, actor, coop) = acting_member(&settings, cooperative, email).await?;
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} {msg} [{bar:40}] {pos}/{len} listings ({eta})",
        )
        .context("progress bar")?
        .progress_chars("=> "),
    );
    bar.set_message(if dry_run { "checking" } else { "importing" });
    let progress = {
        let bar = bar.clone();
        move |p: catalog::listings::csv::Progress| {
            bar.set_length(p.total);
            bar.set_position(p.done);
        }
    };
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    let report = catalog
        .import_csv(&actor, coop, &bytes, dry_run, &progress)
        .await
        .context("import")?;
    bar.finish_and_clear();
    println!(
        "{} rows, {} listings: {} new, {} changed, {} unchanged",
        report.rows, report.listings, report.created, report.updated, report.unchanged
    );
    for change in &report.changes {
        println!(
            "  line {:>5}  {:<6} {}",
            change.line, change.action, change.handle
        );
    }
    if !report.errors.is_empty() {
        for e in &report.errors {
            println!(
                "  line {:>5}  {:<16} {}",
                e.line,
                e.column.as_deref().unwrap_or("-"),
                e.problem
            );
        }
        anyhow::bail!(
            "{} problem(s) in {}; nothing was imported",
            report.errors.len(),
            file.display()
        );
    }
    if report.applied {
        println!("imported");
    } else {
        println!("checked only (--dry-run): nothing was written");
    }
    Ok(())
}

async fn user(action: UserAction, settings: Settings) -> anyhow::Result<()> {
    let db = startup::connect_database(&settings).await?;
    migration::migrate_up(&db).await.context("migrate up")?;
    let accounts = services::accounts(&settings, db)?;
    let user = match action {
        UserAction::GrantStaff { email } => {
            accounts.grant_staff(&email).await.context("grant-staff")?
        }
        UserAction::Verify { email } => accounts
            .mark_email_verified(&email)
            .await
            .context("verify")?,
        UserAction::CreateAdmin { email, name } => {
            let password = match std::env::var("HOPTAC_ADMIN_PASSWORD") {
                Ok(password) => password,
                Err(_) => {
                    eprintln!("password (at least 10 characters), then Enter:");
                    let mut line = String::new();
                    std::io::stdin()
                        .read_line(&mut line)
                        .context("read the password")?;
                    line.trim_end_matches(['\r', '\n']).to_owned()
                }
            };
            accounts
                .create_admin(&email, &name, &password)
                .await
                .context("create-admin")?
        }
    };
    println!(
        "{} <{}>: {:?}, e-mail confirmed: {}",
        user.name, user.email, user.role, user.email_verified
    );
    Ok(())
}

async fn mail(action: MailAction, settings: Settings) -> anyhow::Result<()> {
    let db = startup::connect_database(&settings).await?;
    migration::migrate_up(&db).await.context("migrate up")?;
    match action {
        MailAction::Test { to, locale } => {
            let locale: kernel::Locale = locale.parse().context("--locale")?;
            let email = accounts::Email::parse(&to)
                .map_err(|_| anyhow::anyhow!("--to {to:?} is not an e-mail address"))?;
            let transport = services::mail_transport(&settings)?;
            let recipient = notify::mail::Recipient {
                email: email.as_str().to_owned(),
                name: email
                    .as_str()
                    .split('@')
                    .next()
                    .unwrap_or_default()
                    .to_owned(),
                locale,
            };
            let content = notify::mail::MailTest {
                sent_at: chrono::Utc::now()
                    .with_timezone(&kernel::time::VIETNAM)
                    .format("%d/%m/%Y %H:%M")
                    .to_string(),
            };
            let queued = services::mailer(&settings)?
                .enqueue(&db, &recipient, &content)
                .await
                .context("queue the test message")?;
            println!(
                "queued {} to {} (job {})",
                queued.message_id, recipient.email, queued.job_id
            );
            services::worker(&settings, db.clone())?
                .run_once()
                .await
                .context("deliver")?;
            let job = notify::outbox::get(&db, queued.job_id)
                .await?
                .context("the test job vanished")?;
            match job.status.as_str() {
                "done" => println!("sent through {}", transport.describe()),
                "failed" => anyhow::bail!(
                    "failed for good through {}: {}",
                    transport.describe(),
                    job.last_error.unwrap_or_default()
                ),
                _ => println!(
                    "not sent yet through {}: {}\nit stays queued (try {} of {}); `hoptac worker` or `hoptac serve` retries it from {}",
                    transport.describe(),
                    job.last_error
                        .unwrap_or_else(|| "another worker holds it".to_owned()),
                    job.attempts,
                    job.max_attempts,
                    job.run_at.format("%Y-%m-%d %H:%M:%S UTC")
                ),
            }
            Ok(())
        }
        MailAction::Status => {
            println!(
                "mail goes through {}",
                services::mail_transport(&settings)?.describe()
            );
            let counts = notify::outbox::counts(&db).await?;
            let count = |status: &str| {
                counts
                    .iter()
                    .find(|(s, _)| s == status)
                    .map_or(0, |(_, n)| *n)
            };
            println!(
                "queued {}  sending {}  sent {}  failed {}",
                count("queued"),
                count("running"),
                count("done"),
                count("failed")
            );
            for status in ["queued", "failed"] {
                let page = kernel::PageRequest::new(Some(1), Some(10)).unwrap_or_default();
                let jobs =
                    notify::outbox::list(&db, notify::outbox::parse_status(status), page).await?;
                for job in jobs.items {
                    println!(
                        "{status:<7} {} {} tries {}/{} {}",
                        job.id,
                        job.summary.unwrap_or_else(|| job.topic.clone()),
                        job.attempts,
                        job.max_attempts,
                        job.last_error
                            .map(|e| format!("last error: {e}"))
                            .unwrap_or_default()
                    );
                }
            }
            Ok(())
        }
    }
}

/// Completes on SIGTERM or Ctrl-C.
async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => {
                    let _ = ctrl_c.await;
                    return;
                }
            };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}

async fn print_status(db: &sea_orm::DatabaseConnection) -> anyhow::Result<()> {
    let migrations = migration::Migrator::get_migration_with_status(db)
        .await
        .context("migration status")?;
    for m in migrations {
        println!("{:<10} {}", m.status().to_string(), m.name());
    }
    Ok(())
}

/// What the demo people did, as `seed --demo` reports it.
#[derive(Clone, Copy, Debug, Default)]
pub struct DemoActivity {
    /// Demo accounts added.
    pub people: usize,
    /// Orders placed.
    pub orders: usize,
    /// Requests for quote at the export desk.
    pub requests: usize,
    /// Lots recorded.
    pub lots: usize,
}

/// The demo accounts and what they do — orders, the export desk, lots — on
/// top of the demo catalogue (which `catalog::demo::seed` adds); adds only
/// what is missing.
pub async fn seed_demo_activity(
    settings: &Settings,
    db: sea_orm::DatabaseConnection,
    catalog: &catalog::Catalog,
) -> anyhow::Result<DemoActivity> {
    let accounts = services::accounts(settings, db.clone())?;
    let people = catalog::demo::seed_people(catalog, &accounts)
        .await
        .context("seed --demo")?;
    let orders = seed_demo_orders(settings, db.clone(), catalog, &accounts)
        .await
        .context("seed --demo: orders")?;
    let requests = seed_demo_exports(settings, db.clone(), catalog, &accounts)
        .await
        .context("seed --demo: export desk")?;
    let lots = seed_demo_lots(settings, db, catalog, &accounts)
        .await
        .context("seed --demo: lots")?;
    Ok(DemoActivity {
        people,
        orders,
        requests,
        lots,
    })
}

/// A demo account, signed in.
async fn demo_actor(
    accounts: &accounts::Accounts,
    email: &'static str,
) -> anyhow::Result<accounts::Actor> {
    accounts
        .actor_by_email(email)
        .await?
        .with_context(|| format!("the demo account {email} is missing"))
}

/// The demo orders, made by the demo accounts.
async fn seed_demo_orders(
    settings: &Settings,
    db: sea_orm::DatabaseConnection,
    catalog: &catalog::Catalog,
    accounts: &accounts::Accounts,
) -> anyhow::Result<usize> {
    let person = |email: &'static str| demo_actor(accounts, email);
    let people = orders::demo::DemoPeople {
        staff: person("nhanvien@hoptac.demo").await?,
        baola: person("baola@hoptac.demo").await?,
        shopper: person("khach@hoptac.demo").await?,
        kazan: person("kazan@hoptac.demo").await?,
    };
    let orders = services::orders(settings, db, catalog.media().clone())?;
    Ok(orders::demo::seed(&orders, &people).await?)
}

/// The export desk's demo, used by the demo accounts.
async fn seed_demo_exports(
    settings: &Settings,
    db: sea_orm::DatabaseConnection,
    catalog: &catalog::Catalog,
    accounts: &accounts::Accounts,
) -> anyhow::Result<usize> {
    let person = |email: &'static str| demo_actor(accounts, email);
    let people = exports::demo::DemoPeople {
        staff: person("nhanvien@hoptac.demo").await?,
        baola: person("baola@hoptac.demo").await?,
        osaka: person("osaka@hoptac.demo").await?,
        shanghai: person("shanghai@hoptac.demo").await?,
    };
    let exports = services::exports(settings, db, catalog.documents().clone())?;
    Ok(exports::demo::seed(&exports, &people).await?)
}

/// The demo lots, recorded by Bao La's owner and by union staff for A
/// Lưới.
async fn seed_demo_lots(
    settings: &Settings,
    db: sea_orm::DatabaseConnection,
    catalog: &catalog::Catalog,
    accounts: &accounts::Accounts,
) -> anyhow::Result<usize> {
    let person = |email: &'static str| demo_actor(accounts, email);
    let people = traceability::demo::DemoPeople {
        staff: person("nhanvien@hoptac.demo").await?,
        baola: person("baola@hoptac.demo").await?,
    };
    let orders = services::orders(settings, db.clone(), catalog.media().clone())?;
    let trace = services::traceability(settings, db, orders)?;
    Ok(traceability::demo::seed(&trace, &people).await?)
}
