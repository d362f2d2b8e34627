//! The search index written by `guong build`: diacritic folding (`duong` finds `đường`),
//! exact spellings ranked first, every searchable field indexed, shards, determinism.

mod common;

use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

const SITE_YAML: &str = r#"title: Gương điển hình tiên tiến
description: Thử tìm kiếm
base_url: https://example.gov.vn/guong-dien-hinh/
language: vi
timezone: "+07:00"
paginate: 10
fields:
  - id: y-duc
    name: Y đức – Lương y như từ mẫu
  - id: day-tot-hoc-tot
    name: Dạy tốt – học tốt
units:
  - id: trung-tam-y-te
    name: Trung tâm Y tế huyện
    bloc: Khối văn hóa – xã hội
  - id: don-bien-phong
    name: Đồn Biên phòng Côn Đảo
    bloc: Khối lực lượng vũ trang
"#;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn article(root: &Path, slug: &str, date: &str, fm: &str, body: &str) {
    write(
        root,
        &format!("content/{slug}.md"),
        &format!("---\ndate: {date}\n{fm}\n---\n\n{body}\n"),
    );
}

/// A small site whose words are chosen to test folding and ranking.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "site.yaml", SITE_YAML);
    article(
        root,
        "duong",
        "2025-03-01",
        "title: Ông Dương Văn Tâm giữ rừng\nunit: trung-tam-y-te\nfield: y-duc\nkind: ca-nhan\nsummary: Người giữ rừng phòng hộ.",
        "Ông là tấm gương sáng của xã.",
    );
    article(
        root,
        "duong-lang",
        "2025-02-01",
        "title: Mở đường vào làng\nunit: don-bien-phong\nfield: day-tot-hoc-tot\nkind: tap-the\nsummary: Bộ đội cùng dân làm đường.\ntags: [Nông thôn mới]",
        "Con đường bê tông dài 2 km.",
    );
    article(
        root,
        "guong",
        "2025-01-01",
        "title: Lớp học tình thương\nexemplar: Đại úy Nguyễn Hữu Thắng\nunit: don-bien-phong\nfield: day-tot-hoc-tot\nkind: ca-nhan\nsummary: Thầy giáo quân hàm xanh.",
        "Anh là gương điển hình tiên tiến của đơn vị; học sinh gọi anh là thầy xoài.",
    );
    dir
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

/// What `search.js` does: fold a query word, find its shard, decode the postings.
/// Returns article number → (matched the exact spelling, field bits).
fn lookup(out: &Path, word: &str) -> BTreeMap<u64, (bool, u64)> {
    let dir = out.join("tim-kiem");
    let meta = json(&dir.join("index.json"));
    let exact = word.to_lowercase();
    let folded = guong::text::slug::fold(word);
    let chars: Vec<char> = folded.chars().collect();
    let shard = (1..=chars.len()).rev().find_map(|n| {
        let prefix: String = chars[..n].iter().collect();
        meta["shards"][&prefix].as_str().map(str::to_string)
    });
    let mut hits = BTreeMap::new();
    let Some(shard) = shard else { return hits };
    let shard = json(&dir.join(shard));
    let Some(spellings) = shard[&folded].as_object() else {
        return hits;
    };
    for (spelling, postings) in spellings {
        let is_exact = if spelling.is_empty() {
            folded == exact
        } else {
            *spelling == exact
        };
        let mut doc = 0;
        for p in postings.as_array().unwrap() {
            let p = p.as_u64().unwrap();
            doc += p / 64;
            let e = hits.entry(doc).or_insert((false, 0));
            e.0 |= is_exact;
            e.1 |= p % 64;
        }
    }
    hits
}

/// Article numbers (newest first) of the titles.
fn titles(out: &Path) -> Vec<String> {
    json(&out.join("tim-kiem/d/0.json"))
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d[0].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn folded_words_match_every_spelling() {
    let dir = site();
    let out = common::build_root(dir.path());
    let t = titles(&out);
    assert_eq!(
        t,
        [
            "Ông Dương Văn Tâm giữ rừng",
            "Mở đường vào làng",
            "Lớp học tình thương"
        ]
    );
    // `duong` finds both `Dương` and `đường`; neither is its exact spelling.
    let plain = lookup(&out, "duong");
    assert_eq!(plain.keys().copied().collect::<Vec<_>>(), [0, 1]);
    assert!(plain.values().all(|(exact, _)| !exact));
    // `đường` finds the same articles, and knows which one has the exact spelling.
    let exact = lookup(&out, "đường");
    assert!(!exact[&0].0);
    assert!(exact[&1].0);
    // Upper case and NFD input fold the same way.
    let nfd = "ĐU\u{031B}O\u{031B}\u{0300}NG";
    assert_eq!(lookup(&out, nfd).len(), 2);
}

#[test]
fn every_field_is_searchable() {
    let dir = site();
    let out = common::build_root(dir.path());
    // title 1, exemplar 2, summary 4, tags 8, unit or column 16, body 32.
    assert_eq!(lookup(&out, "rung")[&0].1 & 1, 1);
    assert_eq!(lookup(&out, "thang")[&2].1 & 2, 2);
    assert_eq!(lookup(&out, "phong")[&0].1 & 4, 4);
    assert_eq!(lookup(&out, "nong")[&1].1 & 8, 8);
    assert_eq!(lookup(&out, "bien")[&1].1 & 16, 16);
    assert_eq!(lookup(&out, "luong")[&0].1 & 16, 16);
    assert_eq!(lookup(&out, "xoai")[&2].1, 32);
    for w in ["guong", "dien", "hinh"] {
        assert!(lookup(&out, w).contains_key(&2), "{w}");
    }
    assert!(lookup(&out, "khongcotu").is_empty());
}

#[test]
fn metadata_lists_filters_and_facets() {
    let dir = site();
    let out = common::build_root(dir.path());
    let meta = json(&out.join("tim-kiem/index.json"));
    assert_eq!(meta["count"], 3);
    let ids = |k: &str| -> Vec<String> {
        meta[k]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids("fields"), ["y-duc", "day-tot-hoc-tot"]);
    // Units in Vietnamese alphabetical order (đ sorts before t).
    assert_eq!(ids("units"), ["don-bien-phong", "trung-tam-y-te"]);
    assert_eq!(ids("quarters"), ["2025-Q1"]);
    assert_eq!(ids("kinds"), ["ca-nhan", "tap-the", "ho-gia-dinh"]);
    assert_eq!(meta["facets"]["field"], serde_json::json!([0, 1, 1]));
    assert_eq!(meta["facets"]["unit"], serde_json::json!([1, 0, 0]));
    assert_eq!(meta["facets"]["kind"], serde_json::json!([0, 1, 0]));
    let doc = &json(&out.join("tim-kiem/d/0.json"))[1];
    assert_eq!(doc[3], "bai-viet/mo-duong-vao-lang/");
    assert_eq!(doc[4], "Thứ Bảy, 01/02/2025");
    let page = fs::read_to_string(out.join("tim-kiem/index.html")).unwrap();
    assert!(page.contains(r#"data-index="/guong-dien-hinh/tim-kiem/index.json""#));
    assert!(page.contains(r#"data-base="/guong-dien-hinh/""#));
    assert!(page.contains("<noscript>"));
}

#[test]
fn index_is_deterministic() {
    let dir = site();
    let read_all = |out: &Path| -> BTreeMap<String, Vec<u8>> {
        let mut files = BTreeMap::new();
        for e in walkdir::WalkDir::new(out.join("tim-kiem")) {
            let e = e.unwrap();
            if e.file_type().is_file() {
                files.insert(
                    e.path().strip_prefix(out).unwrap().display().to_string(),
                    fs::read(e.path()).unwrap(),
                );
            }
        }
        files
    };
    let first = read_all(&common::build_root(dir.path()));
    let second = read_all(&common::build_root(dir.path()));
    assert!(first.len() >= 4);
    assert_eq!(first, second);
}
