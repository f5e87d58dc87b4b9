//! Names for the things the audit log is about, so staff read "HTX Mây tre
//! Bao La" or "Nón lá Huế" instead of `product 01a24a96`: the catalogue's
//! own things (cooperatives, listings, certifications) and people are
//! looked up, one query per kind for a page of entries; orders and lots,
//! which other crates own, are named by what their entry recorded (the
//! order's number, the lot's number), as they were called when it happened.

use std::collections::HashMap;

use entity::{certifications, products};
use kernel::Locale;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use crate::Result;
use crate::market::cooperative_names;

/// The names found, by kind and id.
#[derive(Debug, Default)]
pub struct TargetNames(HashMap<(String, String), String>);

impl TargetNames {
    /// The name of `kind` `id`, when it has one.
    pub fn name(&self, kind: &str, id: &str) -> Option<String> {
        self.0.get(&(kind.to_owned(), id.to_owned())).cloned()
    }

    fn insert(&mut self, kind: &str, id: Uuid, name: String) {
        self.0.insert((kind.to_owned(), id.to_string()), name);
    }
}

/// What the entry recorded about an order or a lot it names.
pub fn recorded_name(kind: &str, data: Option<&serde_json::Value>) -> Option<String> {
    let key = match kind {
        "order" => "number",
        "lot" => "lot_number",
        _ => return None,
    };
    data?.get(key)?.as_str().map(str::to_owned)
}

/// Names the `(kind, id)` targets the catalogue and accounts own.
pub async fn name_targets<'a, C: ConnectionTrait>(
    conn: &C,
    targets: impl Iterator<Item = (&'a str, &'a str)>,
    locale: Locale,
) -> Result<TargetNames> {
    let mut wanted: HashMap<&'a str, Vec<Uuid>> = HashMap::new();
    for (kind, id) in targets {
        if let Ok(id) = Uuid::parse_str(id) {
            wanted.entry(kind).or_default().push(id);
        }
    }
    let mut names = TargetNames::default();
    if let Some(ids) = wanted.remove("cooperative") {
        for (id, name) in cooperative_names(conn, ids).await? {
            names.insert("cooperative", id, name);
        }
    }
    if let Some(ids) = wanted.remove("product") {
        let rows: Vec<(Uuid, kernel::I18nText)> = products::Entity::find()
            .select_only()
            .column(products::Column::Id)
            .column(products::Column::Title)
            .filter(products::Column::Id.is_in(ids))
            .into_tuple()
            .all(conn)
            .await?;
        for (id, title) in rows {
            names.insert("product", id, title.get(locale).to_owned());
        }
    }
    if let Some(ids) = wanted.remove("certification") {
        let certs = certifications::Entity::find()
            .filter(certifications::Column::Id.is_in(ids))
            .all(conn)
            .await?;
        let holders =
            cooperative_names(conn, certs.iter().map(|c| c.cooperative_id).collect()).await?;
        for cert in certs {
            let what = cert
                .name
                .clone()
                .unwrap_or_else(|| certification_kind(cert.kind).to_owned());
            let name = match holders.get(&cert.cooperative_id) {
                Some(holder) => format!("{what} · {holder}"),
                None => what,
            };
            names.insert("certification", cert.id, name);
        }
    }
    if let Some(ids) = wanted.remove("user") {
        for (id, name) in accounts::members::names_of(conn, ids).await? {
            names.insert("user", id, name);
        }
    }
    Ok(names)
}

fn certification_kind(kind: certifications::Kind) -> &'static str {
    match kind {
        certifications::Kind::Vietgap => "VietGAP",
        certifications::Kind::Ocop => "OCOP",
        certifications::Kind::Organic => "Organic",
        certifications::Kind::Award => "Award",
    }
}
