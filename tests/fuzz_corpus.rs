//! Replays the minimized `cargo fuzz` corpus (`fuzz/corpus/<target>/`) on stable through the
//! same entry points as the fuzz targets, so every input the fuzzer found, crashes included,
//! stays guarded by `cargo test` without nightly.

use std::path::Path;

/// Every corpus file of `target`; fails when the folder is missing or empty.
fn corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let p = e.unwrap().path();
            (p.display().to_string(), std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} is empty", dir.display());
    files
}

/// Runs `f` on every file, naming the file that panics.
fn replay(target: &str, f: fn(&[u8])) {
    for (name, data) in corpus(target) {
        if std::panic::catch_unwind(|| f(&data)).is_err() {
            panic!("{target}: {name} panicked");
        }
    }
}

#[test]
fn front_matter_corpus() {
    replay("front_matter", guong::fuzzing::front_matter);
}

#[test]
fn site_yaml_corpus() {
    replay("site_yaml", guong::fuzzing::site_yaml);
}

#[test]
fn markdown_corpus() {
    replay("markdown", |d| {
        guong::fuzzing::markdown(d);
    });
}

#[test]
fn gif_corpus() {
    replay("gif", guong::fuzzing::gif);
}

#[test]
fn pipeline_corpus() {
    replay("pipeline", |d| {
        guong::fuzzing::pipeline(d);
    });
}

#[test]
fn pipeline_entry_point_builds_a_whole_site() {
    let article = |title: &str, extra: &str, body: &str| {
        format!(
            "---\ntitle: {title}\ndate: 2020-09-28\nunit: cong-an\nfield: san-xuat-gioi\nkind: ca-nhan\nsummary: x\n{extra}---\n\n{body}\n"
        )
    };
    let data = [
        article("A", "tags: [x]\naliases: [/cu.html]\n", "## Hi {onclick=x}"),
        article("B", "image: anh.png\n", "[a](../a.md) ![i](anh.png)"),
        article("C", "", "<p onclick=x>c</p>"),
    ]
    .join("\0");
    assert!(guong::fuzzing::pipeline(data.as_bytes()) > 30);
}
