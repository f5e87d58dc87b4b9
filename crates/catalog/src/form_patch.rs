//! Partial updates (`PATCH`) of the text forms: a patch type with the same
//! fields, each one `Option<String>`, laid over the form filled from what is
//! stored, so that a field left out stays as it is.

use serde::{Deserialize, Deserializer};

/// A field that was sent: `null` clears it like an empty string does (the
/// form's checks then say whether it may be empty).
pub(crate) fn null_clears<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Some(Option::<String>::deserialize(d)?.unwrap_or_default()))
}

/// `form_patch!(/// docs \n PatchType for FormType { field, … })` makes the
/// patch type and its `apply_to(form)`.
macro_rules! form_patch {
    ($(#[$meta:meta])* $patch:ident for $form:ident { $($field:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
        #[serde(deny_unknown_fields)]
        pub struct $patch {
            $(
                #[doc = concat!("`", stringify!($field), "`: left out, it stays as it is; `null` or \"\" clears it where it may be empty.")]
                #[serde(default, deserialize_with = "crate::form_patch::null_clears", skip_serializing_if = "Option::is_none")]
                pub $field: Option<String>,
            )+
        }

        impl $patch {
            /// `form` with the fields sent put over it.
            pub fn apply_to(self, mut form: $form) -> $form {
                $(
                    if let Some(value) = self.$field {
                        form.$field = value;
                    }
                )+
                form
            }
        }
    };
}

pub(crate) use form_patch;

/// A stored whole number as a form shows it.
pub(crate) fn number_text(n: Option<i32>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}
