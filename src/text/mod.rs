//! Text helpers shared by every stage: NFC, slugs, diacritic folding, Vietnamese collation,
//! dates and quarters.

pub mod collate;
pub mod dates;
pub mod html;
pub mod html_rules;
pub mod nfc;
pub mod slug;
pub mod url;

/// The Markdown extensions every reader of an article body parses it with: the renderer, the
/// link check and the image stage must agree on what is a link or an image.
pub fn markdown_options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options;
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}
