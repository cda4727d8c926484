/// Declares a string enum of the wire vocabulary: serde names, an OpenAPI enum, the list of all values and
/// conversions to and from the wire string (used by storage and in error messages).
macro_rules! wire_enum {
    (
        $(#[doc = $doc:literal])*
        pub enum $name:ident { $($(#[doc = $vdoc:literal])* $variant:ident = $wire:literal),+ $(,)? }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[doc = $vdoc])* #[serde(rename = $wire)] $variant),+
        }

        // Written by hand rather than derived: utoipa's derive does not see a `serde(rename)` whose value comes
        // from a macro argument, and would document the Rust variant names instead of the wire values.
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                let doc: Vec<&str> = vec![$($doc.trim()),*];
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .description((!doc.is_empty()).then(|| doc.join("\n")))
                    .enum_values(Some([$($wire),+]))
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {}

        impl $name {
            /// Every accepted value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value as it appears on the wire.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $wire),+ }
            }

            /// The accepted values joined for error messages: `A, B, C`.
            pub fn allowed() -> String {
                Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::common::UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($wire => Ok($name::$variant),)+
                    _ => Err($crate::common::UnknownValue(s.to_owned())),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// Declares the named success envelope of one response: `{"status":"success","data":<data>}`.
/// One named schema per response keeps the generated client free of duplicated inline copies.
macro_rules! success_envelope {
    ($(#[$meta:meta])* $name:ident, $data:ty) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
        pub struct $name {
            pub status: $crate::envelope::SuccessStatus,
            pub data: $data,
        }

        impl $name {
            pub fn new(data: $data) -> Self {
                Self { status: $crate::envelope::SuccessStatus::Success, data }
            }
        }
    };
}
