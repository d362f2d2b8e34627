//! Load stage: walk `content/`, read files (UTF-8, BOM, CRLF, NFC), split front matter,
//! parse YAML with positions, and find the theme and the static files.

pub mod content;
pub mod decode;
pub mod frontmatter;
pub mod links;
pub mod reader;
pub mod stamp;
pub mod theme;
pub mod yaml;
pub mod yaml_errors;
