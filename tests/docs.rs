//! README.md and docs/ stand alone in a fresh clone: every relative link points at a file
//! inside the repository, and README keeps its two commands and the install step.

use std::path::{Path, PathBuf};

/// Markdown text without fenced code blocks and inline code spans (their links are examples).
fn prose(text: &str) -> String {
    let mut out = String::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if !fenced {
            let mut in_code = false;
            for part in line.split('`') {
                if !in_code {
                    out.push_str(part);
                }
                in_code = !in_code;
            }
            out.push('\n');
        }
    }
    out
}

fn link_targets(text: &str) -> Vec<String> {
    let text = prose(text);
    let mut out = Vec::new();
    let mut rest = text.as_str();
    while let Some(i) = rest.find("](") {
        rest = &rest[i + 2..];
        if let Some(end) = rest.find(')') {
            out.push(rest[..end].to_string());
        }
    }
    out
}

#[test]
fn readme_and_docs_link_only_inside_the_repository() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .canonicalize()
        .unwrap();
    let mut files: Vec<PathBuf> = vec![root.join("README.md")];
    for e in std::fs::read_dir(root.join("docs")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "md") {
            files.push(p);
        }
    }
    let mut bad = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        assert!(
            !text.contains("SPEC.md"),
            "{} refers to SPEC.md",
            file.display()
        );
        for target in link_targets(&text) {
            if target.starts_with("http://")
                || target.starts_with("https://")
                || target.starts_with('#')
            {
                continue;
            }
            let path = target.split('#').next().unwrap();
            let resolved = file.parent().unwrap().join(path).canonicalize();
            match resolved {
                Ok(p) if p.starts_with(&root) => {}
                _ => bad.push(format!("{}: {target}", file.display())),
            }
        }
    }
    assert!(
        bad.is_empty(),
        "links outside the repository or to missing files: {bad:#?}"
    );
}

#[test]
fn readme_keeps_its_two_commands_then_the_install_step() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let build = readme
        .find("cargo run --release -- build")
        .expect("build command");
    let test = readme.find("cargo test").expect("test command");
    let install = readme.find("cargo install --path .").expect("install step");
    assert!(
        build < install && test < install,
        "install comes after the two commands"
    );
    let init = readme
        .find("guong init")
        .expect("a walkthrough from guong init");
    assert!(install < init);
}

#[test]
fn link_scanner_skips_code_and_finds_links() {
    let t = "See [a](docs/a.md) and `[b](../x.md)`.\n```\n[c](../../y.md)\n```\n";
    assert_eq!(link_targets(t), ["docs/a.md"]);
}
