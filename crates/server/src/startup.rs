//! Building the application: connect the database, migrate, assemble the
//! services, bind the port, mount the API and the shop.

use std::net::TcpListener;
use std::sync::Arc;

use actix_files::Files;
use actix_web::dev::{Server, ServerHandle};
use actix_web::middleware::{Compress, DefaultHeaders, ErrorHandlers, from_fn};
use actix_web::{App, HttpResponse, HttpServer, web};
use anyhow::Context as _;
use catalog::{Catalog, LocalMedia};
use leptos::prelude::provide_context;
use leptos_actix::{LeptosRoutes, generate_route_list, render_app_async_with_context};
use leptos_router::Method;
use sea_orm::DatabaseConnection;

use crate::auth;
use crate::error;
use crate::middleware::{finish_html, observe};
use crate::pages;
use crate::routes;
use crate::services;
use crate::settings::Settings;
use crate::state::{AppState, Probes};
use crate::telemetry;

/// A built application, bound to its port and ready to run.
pub struct Application {
    port: u16,
    server: Server,
    worker: Option<notify::worker::Worker>,
    search_worker: Option<notify::worker::Worker>,
    orders: orders::Orders,
    freshness: catalog::Freshness,
}

/// Opens the database named by the settings, with a message that names the
/// backend when it cannot be reached.
pub async fn connect_database(settings: &Settings) -> anyhow::Result<DatabaseConnection> {
    let url = settings.database_url();
    if url.starts_with("sqlite:") {
        std::fs::create_dir_all(&settings.data_dir)
            .with_context(|| format!("data_dir: cannot create {}", settings.data_dir.display()))?;
    }
    let backend = if url.starts_with("sqlite:") {
        "SQLite"
    } else {
        "PostgreSQL"
    };
    entity::db::connect(&url, &settings.db_options())
        .await
        .with_context(|| {
            format!(
                "database: cannot reach {backend} at {}",
                settings.database_url_redacted()
            )
        })
}

/// The catalogue over `db`, with public media and private documents under
/// the data directory.
pub fn catalog(settings: &Settings, db: DatabaseConnection) -> anyhow::Result<Catalog> {
    let stores = media_stores(settings)?;
    Ok(Catalog::new(
        db,
        stores,
        services::mailer(settings)?,
        &settings.server.public_url,
    ))
}

/// Where pictures and documents are kept: local directories, or one
/// S3-compatible bucket with `media/` (public) and `private/` prefixes.
pub fn media_stores(settings: &Settings) -> anyhow::Result<catalog::Stores> {
    let m = &settings.media;
    let Some(bucket) = &m.s3_bucket else {
        return Ok(catalog::Stores {
            media: Arc::new(LocalMedia::new(settings.media_dir(), "/media")),
            documents: Arc::new(LocalMedia::new(settings.private_dir(), "")),
        });
    };
    let config = |prefix: &str| catalog::media::S3Config {
        bucket: bucket.clone(),
        region: m.s3_region.clone(),
        endpoint: m.s3_endpoint.clone(),
        access_key_id: m
            .s3_access_key_id
            .as_ref()
            .map(|s| s.expose().to_owned())
            .unwrap_or_default(),
        secret_access_key: m
            .s3_secret_access_key
            .as_ref()
            .map(|s| s.expose().to_owned())
            .unwrap_or_default(),
        allow_http: m.s3_allow_http,
        public_base_url: m.public_base_url.clone().unwrap_or_default(),
        prefix: prefix.to_owned(),
    };
    let media = catalog::ObjectStoreMedia::s3(config("media"))
        .map_err(|e| anyhow::anyhow!("media.s3_bucket: {e}"))?
        .with_cache_control("public, max-age=31536000, immutable");
    let documents = catalog::ObjectStoreMedia::s3(config("private"))
        .map_err(|e| anyhow::anyhow!("media.s3_bucket: {e}"))?
        .with_cache_control("private, no-store");
    Ok(catalog::Stores {
        media: Arc::new(media),
        documents: Arc::new(documents),
    })
}

impl Application {
    /// Connects, migrates (unless `migrate` is false or the settings say
    /// not to), and binds the HTTP server.
    pub async fn build(settings: Settings, migrate: bool) -> anyhow::Result<Self> {
        for dir in [settings.data_dir.clone(), settings.media_dir()] {
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("data_dir: cannot create {}", dir.display()))?;
        }
        let db = connect_database(&settings).await?;
        // fail at start, not at the first e-mail, when mail is misconfigured
        services::mail_transport(&settings)?;
        let mailer = services::mailer(&settings)?;
        if migrate && settings.database.migrate_on_start {
            migration::migrate_up(&db).await.with_context(|| {
                format!(
                    "database: migrations failed on {}",
                    settings.database_url_redacted()
                )
            })?;
        }
        // public reads are kept in memory until the catalogue changes
        let freshness = catalog::Freshness::watch(db.clone());
        let catalog = catalog(&settings, db.clone())?.with_freshness(freshness.clone());
        let read_cache = web::Data::new(crate::read_cache::ReadCache::new(
            settings.server.read_cache_mb,
            freshness.clone(),
        ));
        let index = services::search_index(&settings).await?;
        let indexer = search::Indexer::new(catalog.clone(), index.clone());
        match indexer.needs_rebuild().await {
            // a new data directory, or an index dropped after an upgrade:
            // the worker rebuilds it while the shop serves
            Ok(true) => {
                tracing::info!(
                    "the search index is empty (expected on a first start); queued a rebuild"
                );
                catalog::search_feed::enqueue(&db, catalog::search_feed::IndexJob::Rebuild)
                    .await
                    .context("search: cannot queue the index rebuild")?;
            }
            Ok(false) => {}
            Err(e) => {
                tracing::warn!(error = %e, "search: cannot tell whether the index is complete")
            }
        }
        let orders = services::orders(&settings, db.clone(), catalog.media().clone())?;
        let probes = Probes::new(db.clone(), index.clone()).with_media(catalog.media().clone());
        let exports = services::exports(&settings, db.clone(), catalog.documents().clone())?;
        let traceability = services::traceability(&settings, db.clone(), orders.clone())?;
        let state = AppState {
            orders: orders.clone(),
            exports,
            traceability,
            search: search::Search::new(catalog.clone(), index.clone()),
            catalog,
            probes,
            accounts: services::accounts(&settings, db.clone())?,
            auth: auth::AuthConfig {
                public_origin: settings.public_origin(),
                secure_cookies: settings.server.secure_cookies,
                trust_proxy_headers: settings.server.trust_proxy_headers,
                session_days: settings.accounts.session_days,
                form_limit: settings.server.body_limit_kb * 1024,
            },
            mailer,
            metrics: telemetry::metrics_handle(),
        };
        let address = format!("{}:{}", settings.server.host, settings.server.port);
        let listener = TcpListener::bind(&address).with_context(|| {
            format!("server: cannot listen on {address} (server.host, server.port)")
        })?;
        let port = listener
            .local_addr()
            .context("server: no local address")?
            .port();
        let server = serve(listener, &settings, state, read_cache)?;
        tracing::info!(
            port,
            database = %settings.database_url_redacted(),
            data_dir = %settings.data_dir.display(),
            "listening on http://{}:{port}",
            settings.server.host
        );
        let worker = if settings.jobs.run_in_serve {
            Some(services::worker(&settings, db.clone())?)
        } else {
            None
        };
        // index jobs run where the index is held; with Meilisearch any
        // process may run them, `hoptac worker` included
        let search_worker = Some(services::search_worker(&settings, db, indexer));
        Ok(Self {
            port,
            server,
            worker,
            search_worker,
            orders,
            freshness,
        })
    }

    /// How fresh the public reads this process keeps are (tests that change
    /// rows behind its back say so through it).
    pub fn freshness(&self) -> catalog::Freshness {
        self.freshness.clone()
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// A handle to stop the server.
    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// Serves until the server is stopped (SIGTERM and SIGINT stop it
    /// gracefully: in-flight requests finish within the shutdown timeout),
    /// with the outbox worker beside it; the worker finishes its round and
    /// stops with the server.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let workers: Vec<_> = [self.worker, self.search_worker]
            .into_iter()
            .flatten()
            .map(|worker| {
                let mut stopped = stopped.clone();
                tokio::spawn(worker.run(async move {
                    let _ = stopped.wait_for(|stop| *stop).await;
                }))
            })
            .collect();
        // every minute, unpaid orders lapse when their payment window
        // passes, and the market's day sums catch up with the orders;
        // every process may run both (conditional updates keep the first
        // single, a lock the second)
        let lapse = {
            let orders = self.orders.clone();
            let mut stopped = stopped.clone();
            tokio::spawn(async move {
                let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
                loop {
                    tokio::select! {
                        _ = every.tick() => {
                            if let Err(e) = orders.expire_unpaid(chrono::Utc::now()).await {
                                tracing::warn!(error = %e, "lapsing unpaid orders failed");
                            }
                            if let Err(e) = orders.refresh_market_days().await {
                                tracing::warn!(error = %e, "summing the market's days failed");
                            }
                        }
                        _ = stopped.changed() => break,
                    }
                }
            })
        };
        let result = self.server.await;
        let _ = stop.send(true);
        let _ = lapse.await;
        for worker in workers {
            let _ = worker.await;
        }
        result
    }
}

/// The shop's Content-Security-Policy. Pictures come from the shop itself,
/// or, with media in a bucket, from where the bucket's pictures are served
/// (`media.public_base_url`): a browser would refuse them otherwise.
pub fn content_security_policy(settings: &Settings) -> String {
    let pictures = match (&settings.media.s3_bucket, &settings.media.public_base_url) {
        (Some(_), Some(url)) => frontend::origin(url)
            .map(|o| format!(" {o}"))
            .unwrap_or_default(),
        _ => String::new(),
    };
    format!(
        "default-src 'self'; img-src 'self' data:{pictures}; style-src 'self' 'unsafe-inline'; \
         script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

fn serve(
    listener: TcpListener,
    settings: &Settings,
    state: AppState,
    read_cache: web::Data<crate::read_cache::ReadCache>,
) -> anyhow::Result<Server> {
    let body_limit = settings.server.body_limit_kb * 1024;
    let media_dir = settings.media_dir();
    let csp = content_security_policy(settings);
    let routes = generate_route_list(frontend::App);
    let services = frontend::Services {
        catalog: state.catalog.clone(),
        accounts: state.accounts.clone(),
        search: state.search.clone(),
        orders: state.orders.clone(),
        exports: state.exports.clone(),
        traceability: state.traceability.clone(),
    };
    let state = web::Data::new(state);
    let mut server = HttpServer::new(move || {
        let leptos_context = {
            let services = services.clone();
            move || provide_context(services.clone())
        };
        App::new()
            .app_data(state.clone())
            .app_data(read_cache.clone())
            .app_data(
                web::JsonConfig::default()
                    .limit(body_limit)
                    .error_handler(error::json_error),
            )
            .app_data(web::QueryConfig::default().error_handler(error::query_error))
            .app_data(web::PathConfig::default().error_handler(error::path_error))
            .app_data(web::FormConfig::default().limit(body_limit))
            .app_data(web::PayloadConfig::new(body_limit))
            .wrap(from_fn(finish_html))
            .wrap(
                DefaultHeaders::new()
                    .add(("x-content-type-options", "nosniff"))
                    .add(("referrer-policy", "strict-origin-when-cross-origin"))
                    .add(("x-frame-options", "DENY"))
                    // no inline script: pages load only the shop's own
                    // suggestions script; pictures and styles come from the
                    // shop itself
                    .add(("content-security-policy", csp.clone())),
            )
            .wrap(from_fn(crate::order_access::take_link_token))
            .wrap(from_fn(auth::authenticate))
            .wrap(ErrorHandlers::new().default_handler(error::envelope_bare_errors))
            .wrap(from_fn(crate::middleware::http_cache))
            .wrap(Compress::default())
            .wrap(from_fn(crate::middleware::refuse_nul))
            .wrap(from_fn(crate::read_cache::read_cache))
            .wrap(from_fn(observe))
            .service(routes::health::healthz)
            .service(routes::health::readyz)
            .service(routes::health::metrics)
            .service(routes::sitemap::index)
            .service(routes::sitemap::shop)
            .service(routes::sitemap::listings)
            .service(routes::sitemap::robots)
            .app_data(web::Data::new(pages::Shop::new(leptos_context.clone())))
            .service(web::scope("/api").configure(routes::api))
            .configure(pages::configure)
            .service(
                web::scope("/media")
                    .wrap(
                        DefaultHeaders::new()
                            .add(("cache-control", "public, max-age=31536000, immutable")),
                    )
                    .service(Files::new("", media_dir.clone())),
            )
            .service(
                web::scope("/assets")
                    .wrap(
                        DefaultHeaders::new()
                            .add(("cache-control", "public, max-age=31536000, immutable")),
                    )
                    .route("/main.css", web::get().to(stylesheet))
                    .route("/favicon.svg", web::get().to(favicon)),
            )
            .leptos_routes_with_context(routes.clone(), leptos_context.clone(), frontend::shell)
            .default_service(render_app_async_with_context(
                leptos_context,
                frontend::shell,
                Method::Get,
            ))
    })
    .listen(listener)
    .context("server: cannot listen")?
    .shutdown_timeout(settings.server.shutdown_timeout_secs);
    if settings.server.workers > 0 {
        server = server.workers(settings.server.workers);
    }
    Ok(server.run())
}

async fn stylesheet() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .body(frontend::stylesheet())
}

async fn favicon() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("image/svg+xml")
        .body(frontend::FAVICON)
}
