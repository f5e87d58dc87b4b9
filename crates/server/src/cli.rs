//! The `hoptac` command line.
#![expect(clippy::print_stdout, reason = "a command line prints its results")]

use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use sea_orm_migration::MigratorTrait;

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
    /// Print the configuration in force, secrets masked, and check it.
    CheckConfig,
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
            let catalog = startup::catalog(&settings, db);
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

async fn print_status(db: &sea_orm::DatabaseConnection) -> anyhow::Result<()> {
    let migrations = migration::Migrator::get_migration_with_status(db)
        .await
        .context("migration status")?;
    for m in migrations {
        println!("{:<10} {}", m.status().to_string(), m.name());
    }
    Ok(())
}
