//! The categories a listing sits in, nearest first (its own, its parent's,
//! up to the top), by slug: what per-category rates (the market's
//! commission) are looked up by.

use std::collections::HashMap;

use entity::{categories, products};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use uuid::Uuid;

/// Deeper than any real tree: a loop in bad data stops here.
const MAX_DEPTH: usize = 16;

/// For each of `listings`, the slugs of its category and its ancestors,
/// nearest first (empty for a listing without a category). One query for
/// the listings and one for the (small) category tree.
pub async fn category_paths<C: ConnectionTrait>(
    conn: &C,
    listings: &[Uuid],
) -> Result<HashMap<Uuid, Vec<String>>, DbErr> {
    if listings.is_empty() {
        return Ok(HashMap::new());
    }
    let of_listing: Vec<(Uuid, Option<Uuid>)> = products::Entity::find()
        .filter(products::Column::Id.is_in(listings.iter().copied()))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| (p.id, p.category_id))
        .collect();
    let tree: HashMap<Uuid, (String, Option<Uuid>)> = categories::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|c| (c.id, (c.slug, c.parent_id)))
        .collect();
    Ok(of_listing
        .into_iter()
        .map(|(listing, category)| {
            let mut slugs = Vec::new();
            let mut at = category;
            while let Some(id) = at {
                let Some((slug, parent)) = tree.get(&id) else {
                    break;
                };
                if slugs.len() >= MAX_DEPTH {
                    break;
                }
                slugs.push(slug.clone());
                at = *parent;
            }
            (listing, slugs)
        })
        .collect())
}
