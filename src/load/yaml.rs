//! YAML parsed into a tree that remembers the line and column of every key and value, so
//! that validation can point at the exact place of a wrong value (serde-saphyr's `Spanned`).

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use serde_saphyr::options::{DuplicateKeyPolicy, Options};
use std::fmt;

/// A YAML value with positioned children.
#[derive(Debug, Clone)]
pub enum Node {
    /// `~`, `null` or nothing.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A string.
    Str(String),
    /// A sequence.
    Seq(Vec<Spanned<Node>>),
    /// A mapping, keys in source order, duplicates kept (validation reports them).
    Map(Vec<(Spanned<String>, Spanned<Node>)>),
}

/// A syntax error in YAML text.
#[derive(Debug, Clone)]
pub struct YamlError {
    /// 1-based line within the YAML text (0 when unknown).
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// Characters to underline.
    pub len: usize,
    /// What is wrong, in Vietnamese.
    pub message: String,
    /// How to fix it, when known.
    pub hint: Option<String>,
}

/// Parses YAML text into a positioned tree.
pub fn parse(text: &str) -> Result<Spanned<Node>, YamlError> {
    let mut options = Options::default();
    options.duplicate_keys = DuplicateKeyPolicy::PassThrough;
    match serde_saphyr::from_str_with_options::<Spanned<Node>>(text, options) {
        Ok(spanned) => Ok(spanned),
        Err(err) => {
            let (line, col) = err
                .location()
                .map_or((0, 0), |l| (l.line() as usize, l.column() as usize));
            let e = crate::load::yaml_errors::explain(
                text,
                line,
                col,
                &clean_message(&err.to_string()),
            );
            Err(YamlError {
                line: e.line,
                col: e.col,
                len: e.len,
                message: e.message,
                hint: e.hint,
            })
        }
    }
}

/// Drops the `error: line N column M:` prefix and any rendered snippet from a parser message.
fn clean_message(raw: &str) -> String {
    let first = raw.lines().next().unwrap_or(raw).trim();
    let first = first.strip_prefix("error:").unwrap_or(first).trim();
    let rest = match first.strip_prefix("line ") {
        Some(r) => r.split_once(": ").map_or(first, |(_, m)| m),
        None => first,
    };
    rest.trim().to_string()
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(i64::try_from(v).map_or(Node::Float(v as f64), Node::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Node>>()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<String>>()? {
            let value = map.next_value::<Spanned<Node>>()?;
            entries.push((key, value));
        }
        Ok(Node::Map(entries))
    }
}

impl Node {
    /// The YAML type name in Vietnamese, for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Node::Null => "giá trị rỗng",
            Node::Bool(_) => "giá trị đúng/sai",
            Node::Int(_) | Node::Float(_) => "số",
            Node::Str(_) => "chuỗi",
            Node::Seq(_) => "danh sách",
            Node::Map(_) => "bảng khóa – giá trị",
        }
    }
}

/// Converts a node to JSON for free-form maps (`extra`).
pub fn to_json(node: &Node) -> serde_json::Value {
    use serde_json::Value;
    match node {
        Node::Null => Value::Null,
        Node::Bool(b) => Value::Bool(*b),
        Node::Int(i) => Value::from(*i),
        Node::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
        Node::Str(s) => Value::String(crate::text::nfc::nfc(s)),
        Node::Seq(items) => Value::Array(items.iter().map(|i| to_json(&i.value)).collect()),
        Node::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| (crate::text::nfc::nfc(&k.value), to_json(&v.value)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_positions_and_duplicates() {
        let doc = parse("title: a\ntags:\n  - x\ntitle: b\n").unwrap();
        let Node::Map(entries) = doc.value else {
            panic!()
        };
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[2].0.value, "title");
        assert_eq!(entries[2].0.referenced.line(), 4);
        let Node::Seq(items) = &entries[1].1.value else {
            panic!()
        };
        assert_eq!(items[0].referenced.line(), 3);
        assert_eq!(items[0].referenced.column(), 5);
    }

    #[test]
    fn reports_syntax_errors_with_position() {
        let err = parse("title: [x\ndate: y: z\n").unwrap_err();
        assert!(err.line >= 1, "{err:?}");
        assert!(!err.message.starts_with("error"), "{err:?}");
    }
}
