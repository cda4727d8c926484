//! Developer tasks behind `cargo xtask`: regenerating the checked-in OpenAPI documents and the generated client,
//! checking that they are up to date, and the HTTP load benchmark.

pub mod bench;
pub mod codegen;
pub mod downconvert;
