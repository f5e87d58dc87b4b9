//! `GET /sitemap.xml` (the index), `GET /sitemaps/shop.xml` (the shop's
//! pages, cooperatives and categories), `GET /sitemaps/listings-{n}.xml`
//! (the visible listings, 10,000 a file) and `GET /robots.txt`, which names
//! the index.

use std::fmt::Write as _;

use actix_web::{HttpResponse, get, web};
use catalog::sitemap::Entry;

use crate::error::ApiError;
use crate::state::AppState;

const XML: &str = "application/xml; charset=utf-8";

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

fn urlset(entries: &[Entry]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for entry in entries {
        let _ = write!(xml, "<url><loc>{}</loc>", escape(&entry.url));
        if let Some(changed) = entry.changed {
            let _ = write!(xml, "<lastmod>{}</lastmod>", changed.format("%Y-%m-%d"));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// The index of the sitemap's files.
#[get("/sitemap.xml")]
pub async fn index(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let files = state.catalog.sitemap_files().await?;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for file in files {
        let _ = writeln!(xml, "<sitemap><loc>{}</loc></sitemap>", escape(&file));
    }
    xml.push_str("</sitemapindex>\n");
    Ok(HttpResponse::Ok().content_type(XML).body(xml))
}

/// The shop's pages, cooperatives and categories.
#[get("/sitemaps/shop.xml")]
pub async fn shop(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let entries = state.catalog.sitemap_places().await?;
    Ok(HttpResponse::Ok().content_type(XML).body(urlset(&entries)))
}

/// One file of listings; a file past the last is 404.
#[get("/sitemaps/listings-{file}.xml")]
pub async fn listings(
    state: web::Data<AppState>,
    file: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let file = file.parse::<u64>().ok().filter(|n| *n >= 1);
    let entries = match file {
        Some(file) => state.catalog.sitemap_listings(file).await?,
        None => Vec::new(),
    };
    if entries.is_empty() && file != Some(1) {
        return Ok(HttpResponse::NotFound().content_type(XML).body(urlset(&[])));
    }
    Ok(HttpResponse::Ok().content_type(XML).body(urlset(&entries)))
}

/// Crawlers may read the shop, not the accounts, seller and staff pages.
#[get("/robots.txt")]
pub async fn robots(state: web::Data<AppState>) -> HttpResponse {
    let sitemap = state.catalog.sitemap_url();
    HttpResponse::Ok().content_type("text/plain; charset=utf-8").body(format!(
        "User-agent: *\nDisallow: /account\nDisallow: /seller\nDisallow: /moderation\nDisallow: /checkout\nDisallow: /cart\nDisallow: /api/\nSitemap: {sitemap}\n"
    ))
}
