//! Scenario tests with hand-computed expectations, and property tests against the naive reference.

mod properties;
mod scenarios;
mod support;
