//! The trust manifest v1 data model.
//!
//! Naming: objects that mirror a schema.org type (`Certification`, `Review`,
//! `AggregateRating`, `MerchantReturnPolicy`) use schema.org's camelCase property
//! names, and our extensions inside them follow the same style. Manifest-level
//! metadata (`issued_at`, `expires_at`, `sequence`, `previous`) and our own objects
//! use snake_case, as TUF does. Identifiers are strings, never JSON numbers.
//! Unknown fields are ignored and unknown enum values read as `Other`, so a v1
//! reader accepts manifests written by later v1.x tools.

mod certification;
mod company;
mod manifest;
mod media;
mod policy;
mod review;
mod review_pages;
mod sections;
mod statement;

pub use certification::*;
pub use company::*;
pub use manifest::*;
pub use media::*;
pub use policy::*;
pub use review::*;
pub use review_pages::*;
pub use sections::*;
pub use statement::*;

/// Derives shared by every model type.
macro_rules! model {
    ($($item:item)*) => {
        $(
            #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, trust_manifest_derive::FromJson)]
            #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
            $item
        )*
    };
}
pub(crate) use model;

/// A closed vocabulary that still reads values added by later versions (as `Other`).
macro_rules! vocabulary {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant,)*
            /// A value from a later version of the format.
            #[serde(other, rename = "other")]
            Other,
        }
        impl crate::json::FromJson for $name {
            fn from_json(v: &crate::json::Json) -> Result<Self, crate::json::JsonError> {
                Ok(match v.str()? { $($text => $name::$variant,)* _ => $name::Other })
            }
        }
        impl $name {
            /// The value as written in the manifest.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)* $name::Other => "other" }
            }
        }
    };
}
pub(crate) use vocabulary;
