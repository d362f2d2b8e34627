//! Text helpers shared by every stage: slugs, diacritic folding, Vietnamese collation,
//! dates and quarters.

pub mod collate;
pub mod dates;
pub mod html;
pub mod slug;
pub mod url;
