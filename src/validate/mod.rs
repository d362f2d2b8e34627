//! Validate stage: typed, positioned reading of `site.yaml` and article front matter, with
//! every problem collected rather than the first one only.

pub mod alias;
pub mod article;
pub mod kind;
pub mod names;
pub mod skeleton;
