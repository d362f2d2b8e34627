//! Model stage: the site graph — published articles, columns, quarters, units and tags — with
//! every URL decided and every output path checked for collisions.

pub mod article;
pub mod assemble;
pub mod coverage;
pub mod links;
pub mod paths;
pub mod reads;

pub use article::{Article, ImageRef};
pub use assemble::{Site, Tag, assemble, assemble_all, assemble_parts};
