//! Load stage: walk `content/`, read files (UTF-8, BOM, CRLF, NFC), split front matter and
//! parse YAML with positions.

pub mod content;
pub mod decode;
pub mod frontmatter;
pub mod links;
pub mod reader;
pub mod yaml;
pub mod yaml_errors;
