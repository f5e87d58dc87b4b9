//! `/api/v1/categories`: the category tree.

pub mod list;

use kernel::{CategoryId, Locale};
use serde::Serialize;
use utoipa::ToSchema;

use super::views::Translations;

/// A node of the category tree.
#[derive(Serialize, ToSchema)]
pub struct CategoryResponse {
    /// Id.
    pub id: CategoryId,
    /// URL name.
    pub slug: String,
    /// Name in the request's locale.
    pub name: String,
    /// Sub-categories, in order.
    #[schema(no_recursion)]
    pub children: Vec<CategoryResponse>,
    /// The name in every language written.
    pub translations: CategoryTranslations,
}

/// Texts of a category in every language written.
#[derive(Serialize, ToSchema)]
pub struct CategoryTranslations {
    /// Name.
    pub name: Translations,
}

impl CategoryResponse {
    /// Shapes a tree node and its children.
    pub fn new(node: catalog::CategoryNode, locale: Locale) -> Self {
        Self {
            id: node.id,
            slug: node.slug,
            name: node.name.get(locale).to_owned(),
            children: node
                .children
                .into_iter()
                .map(|c| Self::new(c, locale))
                .collect(),
            translations: CategoryTranslations { name: node.name },
        }
    }
}
