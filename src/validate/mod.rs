//! Validate stage: typed, positioned reading of `site.yaml` and article front matter, with
//! every problem collected rather than the first one only.

pub mod article;
pub mod reader;
pub mod skeleton;
