//! Developer tasks behind `cargo xtask`: regenerating the checked-in OpenAPI documents and the generated client,
//! and checking that they are up to date.

pub mod codegen;
pub mod downconvert;
