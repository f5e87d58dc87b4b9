//! What a line of a request is called, for each reader: a listed variant's
//! line carries its listing's title in every language (the page shows the
//! reader's) and the importer's own words about it apart; a custom design
//! is what the importer wrote.
//!
//! A line keeps, as asked, the listing's English title followed by the
//! importer's note (`title — note`), so that a listing renamed or removed
//! later does not change what was asked; the title is shown in the
//! reader's language only while its English still reads the same.

use std::collections::HashMap;

use entity::{products, quote_request_lines};
use kernel::{I18nText, Locale};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::Result;

/// Between a listed line's title and the importer's note.
pub(crate) const NOTE_AFTER: &str = " — ";

/// The titles of the listings `lines` name, in every language.
pub(crate) async fn listing_titles<'a, C: ConnectionTrait>(
    conn: &C,
    lines: impl IntoIterator<Item = &'a quote_request_lines::Model>,
) -> Result<HashMap<Uuid, I18nText>> {
    let ids: Vec<Uuid> = lines.into_iter().filter_map(|l| l.product_id).collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(products::Entity::find()
        .filter(products::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| (p.id, p.title))
        .collect())
}

/// A line's listing title (in every language) and the importer's note
/// apart from it; `None` for the title of a custom design, or when the
/// listing's English title no longer reads as asked.
pub(crate) fn named(
    line: &quote_request_lines::Model,
    titles: &HashMap<Uuid, I18nText>,
) -> (Option<I18nText>, Option<String>) {
    let Some(title) = line.product_id.and_then(|p| titles.get(&p)) else {
        return (None, None);
    };
    let Some(rest) = line.description.strip_prefix(title.get(Locale::En)) else {
        return (None, None);
    };
    let note = rest.strip_prefix(NOTE_AFTER).map(str::trim);
    match (rest.is_empty(), note) {
        (true, _) => (Some(title.clone()), None),
        (false, Some(note)) if !note.is_empty() => (Some(title.clone()), Some(note.to_owned())),
        // the English title is only the start of another word: not it
        _ => (None, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(product: Uuid, description: &str) -> quote_request_lines::Model {
        quote_request_lines::Model {
            id: Uuid::nil(),
            request_id: Uuid::nil(),
            position: 1,
            product_id: Some(product),
            variant_id: None,
            sku: None,
            description: description.to_owned(),
            quantity: 1,
            target_unit_price_vnd: None,
        }
    }

    #[test]
    fn a_listed_line_is_named_by_its_title_in_every_language_and_keeps_its_note_apart() {
        let id = Uuid::from_u128(7);
        let mut title = I18nText::vi_en("Giỏ mây có nắp", "Lidded rattan basket");
        title.ja = Some("ふた付きバスケット".into());
        let titles = HashMap::from([(id, title.clone())]);
        assert_eq!(
            named(&line(id, "Lidded rattan basket"), &titles),
            (Some(title.clone()), None)
        );
        assert_eq!(
            named(
                &line(id, "Lidded rattan basket — with our own hang tag"),
                &titles
            ),
            (Some(title), Some("with our own hang tag".into()))
        );
        // renamed since: what was asked stands
        assert_eq!(named(&line(id, "Old name — tag"), &titles), (None, None));
        assert_eq!(
            named(&line(id, "Lidded rattan baskets x"), &titles),
            (None, None)
        );
    }
}
