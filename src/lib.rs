//! guong: a static site generator for the *Gương điển hình tiên tiến* section of a district
//! portal. The pipeline's folders show its stages:
//! [`load`] (walk, read, front matter) → [`validate`] → [`model`] (the site graph) →
//! [`render`] (Markdown, Tera) → [`write`] (atomic output). [`pipeline`] runs the stages;
//! [`commands`] are the CLI's subcommands; [`report`] makes the office's tables.

pub mod check;
pub mod commands;
pub mod config;
pub mod diagnostics;
pub mod fuzzing;
pub mod images;
pub mod load;
pub mod memory;
pub mod model;
pub mod pipeline;
pub mod render;
pub mod report;
pub mod serve;
pub mod text;
pub mod validate;
pub mod write;
