//! Typed ids. Every row gets a UUIDv7: unique without coordination between
//! server processes, and ordered by creation time, which keeps B-tree indexes
//! compact.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),+ $(,)?) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema)]
        #[serde(transparent)]
        #[schema(value_type = String, format = Uuid)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new, time-ordered id (UUIDv7).
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }

            /// The underlying UUID.
            pub fn uuid(self) -> Uuid {
                self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }

        impl From<Uuid> for $name {
            fn from(id: Uuid) -> Self {
                Self(id)
            }
        }

        impl From<$name> for Uuid {
            fn from(id: $name) -> Self {
                id.0
            }
        }
    )+};
}

id_type!(
    /// A person with an account.
    UserId,
    /// A cooperative, cooperative group or household business that sells.
    CooperativeId,
    /// A node of the category tree.
    CategoryId,
    /// A listing.
    ProductId,
    /// One buyable variant (size, colour...) of a listing, with its own SKU.
    VariantId,
    /// A picture of a listing.
    ImageId,
    /// A certification (VietGAP, OCOP, organic, award).
    CertificationId,
    /// An entry of the append-only audit log.
    AuditId,
    /// A job in the outbox (an e-mail to send, an index update to apply).
    JobId,
);

/// A reference to something by its id or by its slug, as in
/// `/cooperatives/{id_or_slug}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IdOrSlug {
    /// The caller gave a UUID.
    Id(Uuid),
    /// The caller gave anything else, taken as a slug.
    Slug(String),
}

impl IdOrSlug {
    /// Reads a path segment: a UUID if it parses as one, a slug otherwise.
    pub fn parse(s: &str) -> Self {
        match Uuid::parse_str(s) {
            Ok(id) => Self::Id(id),
            Err(_) => Self::Slug(s.to_owned()),
        }
    }
}

impl fmt::Display for IdOrSlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Id(id) => id.fmt(f),
            Self::Slug(s) => s.fmt(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_ids_are_version_7_and_ordered_by_creation() {
        let a = ProductId::new();
        let b = ProductId::new();
        assert_eq!(a.uuid().get_version_num(), 7);
        assert!(a < b);
    }

    #[test]
    fn id_or_slug_tells_uuids_from_slugs() {
        let id = ProductId::new();
        assert_eq!(IdOrSlug::parse(&id.to_string()), IdOrSlug::Id(id.uuid()));
        assert_eq!(
            IdOrSlug::parse("gio-may-dan-tay"),
            IdOrSlug::Slug("gio-may-dan-tay".into())
        );
    }
}
