//! Public catalogue reads answered from memory: the product list and pages,
//! categories, cooperatives and searches, as the API and the shop's pages
//! give them to someone who is not signed in and carries no cart. An answer
//! is kept, bytes and headers (compressed as asked), until the catalogue
//! changes: the cache remembers the catalogue generation it was filled at
//! ([`catalog::Freshness`]) and is emptied as soon as the generation moves —
//! on PostgreSQL when the change's notification arrives, on SQLite at the
//! next read after the change committed. Whatever is answered from here was
//! true of the catalogue as committed no earlier than that.
//!
//! Bounded by size (`server.read_cache_mb`; 0 turns it off), an entry is
//! weighed by its bytes; a request with an `If-None-Match` that matches the
//! kept ETag gets 304.

use std::sync::{Arc, RwLock};

use actix_web::HttpResponse;
use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderMap};
use actix_web::middleware::Next;
use actix_web::web::{Bytes, Data};
use catalog::Freshness;

/// The cookies that only choose how a page is written — its language and
/// the currency shown beside the đồng — and so belong to the key (the rest
/// make a page personal: a session, a cart, a guest's orders).
const CHOICE_COOKIES: [&str; 2] = [frontend::i18n::COOKIE, frontend::currency::COOKIE];

/// Paths whose answers depend only on the catalogue and the language.
const API_PREFIXES: [&str; 4] = [
    "/api/v1/products",
    "/api/v1/categories",
    "/api/v1/cooperatives",
    "/api/v1/search",
];
const PAGE_PREFIXES: [&str; 4] = ["/products/", "/categories", "/cooperatives", "/search"];

/// Says whether an answer came from memory: `hit` or `miss`.
pub const CACHE_HEADER: &str = "x-hoptac-cache";

/// An answer kept.
#[derive(Debug)]
struct Kept {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

#[derive(Clone)]
struct ByBytes;

impl quick_cache::Weighter<String, Arc<Kept>> for ByBytes {
    fn weight(&self, key: &String, value: &Arc<Kept>) -> u64 {
        (key.len() + value.body.len() + 512) as u64
    }
}

/// The cache of one process.
pub struct ReadCache {
    entries: quick_cache::sync::Cache<String, Arc<Kept>, ByBytes>,
    /// The generation the entries belong to; emptying takes the write lock,
    /// so no answer read at an older generation lands after it.
    filled_at: RwLock<u64>,
    freshness: Freshness,
    /// Whether anything is kept (`server.read_cache_mb` > 0).
    enabled: bool,
}

impl ReadCache {
    /// A cache of at most `megabytes`, emptied when `freshness` moves.
    pub fn new(megabytes: u64, freshness: Freshness) -> Self {
        let bytes = megabytes.saturating_mul(1024 * 1024);
        Self {
            entries: quick_cache::sync::Cache::with_weighter(
                usize::try_from(bytes / 8_192).unwrap_or(1024).max(16),
                bytes.max(1),
                ByBytes,
            ),
            filled_at: RwLock::new(0),
            freshness,
            enabled: megabytes > 0,
        }
    }

    /// The generation now, emptying the cache when it moved.
    async fn generation(&self) -> u64 {
        let now = self.freshness.current().await;
        let stale = self.filled_at.read().map(|g| *g != now).unwrap_or(true);
        if stale
            && let Ok(mut filled_at) = self.filled_at.write()
            && *filled_at != now
        {
            self.entries.clear();
            *filled_at = now;
        }
        now
    }

    fn get(&self, key: &str) -> Option<Arc<Kept>> {
        self.entries.get(key)
    }

    /// Keeps an answer read at `generation`, unless the cache has moved on.
    fn keep(&self, generation: u64, key: String, kept: Kept) {
        if let Ok(filled_at) = self.filled_at.read()
            && *filled_at == generation
        {
            self.entries.insert(key, Arc::new(kept));
        }
    }
}

/// The key of a request this cache may answer, if it may.
fn cache_key(req: &ServiceRequest) -> Option<String> {
    if req.method() != actix_web::http::Method::GET
        || req.headers().contains_key(header::AUTHORIZATION)
    {
        return None;
    }
    let path = req.path();
    let public = API_PREFIXES.iter().any(|p| path.starts_with(p))
        || PAGE_PREFIXES.iter().any(|p| path.starts_with(p))
        || path == "/";
    if !public {
        return None;
    }
    let cookies = req.cookies().ok()?;
    if cookies.iter().any(|c| !CHOICE_COOKIES.contains(&c.name())) {
        return None;
    }
    let header_text = |name| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    };
    let chosen = |name| {
        cookies
            .iter()
            .find(|c| c.name() == name)
            .map(|c| c.value().to_owned())
            .unwrap_or_default()
    };
    Some(format!(
        "{}?{}|{}|{}|{}|{}",
        path,
        req.query_string(),
        chosen(CHOICE_COOKIES[0]),
        chosen(CHOICE_COOKIES[1]),
        header_text(header::ACCEPT_LANGUAGE),
        header_text(header::ACCEPT_ENCODING),
    ))
}

/// Whether a request's `If-None-Match` names `etag`.
fn not_modified(req: &ServiceRequest, headers: &HeaderMap) -> bool {
    let (Some(asked), Some(etag)) = (
        req.headers()
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok()),
        headers.get(header::ETAG).and_then(|v| v.to_str().ok()),
    ) else {
        return false;
    };
    let bare = |t: &str| t.trim().trim_start_matches("W/").to_owned();
    asked
        .split(',')
        .any(|t| t.trim() == "*" || bare(t) == bare(etag))
}

/// The answer kept for a request.
fn answer(req: &ServiceRequest, kept: &Kept) -> HttpResponse {
    let modified = !not_modified(req, &kept.headers);
    let mut response = HttpResponse::build(if modified {
        kept.status
    } else {
        StatusCode::NOT_MODIFIED
    });
    for (name, value) in &kept.headers {
        if modified
            || !matches!(
                *name,
                header::CONTENT_LENGTH | header::CONTENT_TYPE | header::CONTENT_ENCODING
            )
        {
            response.append_header((name.clone(), value.clone()));
        }
    }
    response.insert_header((CACHE_HEADER, "hit"));
    if modified {
        response.body(kept.body.clone())
    } else {
        response.finish()
    }
}

/// Requests that change state but never the catalogue (a cart, an account,
/// a guest's proofs); any other write may, so once it is answered this
/// process drops what it kept at once, without waiting for the database's
/// word.
fn leaves_the_catalogue_alone(path: &str) -> bool {
    const PREFIXES: [&str; 8] = [
        "/api/v1/cart",
        "/cart",
        "/api/v1/auth",
        "/account",
        "/orders/lookup",
        "/api/v1/search",
        "/api/v1/payments/stripe/webhook",
        "/moderation/bank-statements",
    ];
    PREFIXES.iter().any(|p| path.starts_with(p)) || path.ends_with("/access")
}

/// The middleware: answers from the cache, or lets the request through and
/// keeps a public answer of 200.
pub async fn read_cache(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<BoxBody>>, actix_web::Error> {
    let cache = req.app_data::<Data<ReadCache>>().cloned();
    let writes = !matches!(
        *req.method(),
        actix_web::http::Method::GET
            | actix_web::http::Method::HEAD
            | actix_web::http::Method::OPTIONS
    ) && !leaves_the_catalogue_alone(req.path());
    let key = cache_key(&req).filter(|_| cache.as_ref().is_some_and(|c| c.enabled));
    let (Some(cache), Some(key)) = (cache.clone(), key) else {
        let res = next.call(req).await?;
        if writes && let Some(cache) = cache {
            cache.freshness.advance();
        }
        return Ok(res.map_into_boxed_body().map_into_left_body());
    };
    let generation = cache.generation().await;
    if let Some(kept) = cache.get(&key) {
        metrics::counter!("hoptac_read_cache_total", "outcome" => "hit").increment(1);
        let response = answer(&req, &kept);
        return Ok(req.into_response(response).map_into_right_body());
    }
    metrics::counter!("hoptac_read_cache_total", "outcome" => "miss").increment(1);
    let res = next.call(req).await?;
    if res.status() != StatusCode::OK || res.headers().contains_key(header::SET_COOKIE) {
        return Ok(res.map_into_boxed_body().map_into_left_body());
    }
    let (req, res) = res.into_parts();
    let (head, body) = res.into_parts();
    let bytes = actix_web::body::to_bytes(body)
        .await
        .map_err(|e| actix_web::error::ErrorInternalServerError(e.into().to_string()))?;
    let kept = Kept {
        status: head.status(),
        headers: head.headers().clone(),
        body: bytes.clone(),
    };
    cache.keep(generation, key, kept);
    let mut res = head.set_body(bytes).map_into_boxed_body();
    res.headers_mut().insert(
        header::HeaderName::from_static(CACHE_HEADER),
        header::HeaderValue::from_static("miss"),
    );
    Ok(ServiceResponse::new(req, res).map_into_left_body())
}
