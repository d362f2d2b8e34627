//! Text helpers shared by every stage: NFC, slugs, diacritic folding, Vietnamese collation,
//! dates and quarters.

pub mod collate;
pub mod dates;
pub mod html;
pub mod nfc;
pub mod slug;
pub mod url;
