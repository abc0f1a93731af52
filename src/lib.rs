//! matn: Persian (Farsi) text normalization and analysis.
//!
//! Data flows one way: [`text`] is the pipeline, the `matn-text` crate
//! (`crates/matn-text/`: pure Rust, no transport types, no async runtime; its
//! manifest names no tonic, prost or tokio, so the compiler keeps it so);
//! [`api`] converts between the protobuf contract and pipeline results;
//! [`server`] and [`cli`] are thin shells over [`api`].

pub mod api;
pub mod cli;
pub mod config;
pub mod server;
pub use matn_text as text;
