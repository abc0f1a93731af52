//! matn: Persian (Farsi) text normalization and analysis.
//!
//! Data flows one way: [`text`] is the pipeline (pure Rust, no transport types);
//! [`api`] converts between the protobuf contract and pipeline results; [`server`]
//! and [`cli`] are thin shells over [`api`].

pub mod api;
pub mod cli;
pub mod config;
pub mod server;
pub mod text;
