//! Walking `content/`: which files are articles, which are bundle files.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// A Markdown article found under `content/`.
#[derive(Debug, Clone)]
pub struct ArticleFile {
    /// Absolute or root-joined path on disk.
    pub path: PathBuf,
    /// Path relative to `content/`, `/`-separated (`2020/a.md`, `2020/b/index.md`).
    pub rel: String,
    /// Files that travel with a bundle article (`index.md` in its own folder): path relative to
    /// the bundle folder (`/`-separated) and path on disk. Empty for a plain article.
    pub assets: Vec<(String, PathBuf)>,
}

fn hidden(name: &std::ffi::OsStr) -> bool {
    super::links::unpublished_name(&name.to_string_lossy())
}

fn rel_string(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// A walk error naming the folder or file that could not be read, relative to `content/`.
fn unreadable(content_dir: &Path, e: walkdir::Error) -> std::io::Error {
    let path = e
        .path()
        .map(|p| format!("content/{}", rel_string(content_dir, p)))
        .unwrap_or_else(|| "content/".into());
    let kind = e
        .io_error()
        .map_or(std::io::ErrorKind::Other, |io| io.kind());
    let cause = e
        .io_error()
        .map_or_else(|| e.to_string(), |io| io.to_string());
    std::io::Error::new(kind, format!("{}: {cause}", path.trim_end_matches('/')))
}

/// Lists the articles under `content_dir` in path order, with each bundle's files.
pub fn walk(content_dir: &Path) -> std::io::Result<Vec<ArticleFile>> {
    if !content_dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    let walker = WalkDir::new(content_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !hidden(e.file_name()));
    for entry in walker {
        let entry = entry.map_err(|e| unreadable(content_dir, e))?;
        if entry.file_type().is_file()
            || (entry.path_is_symlink()
                && super::links::follow_walked(
                    content_dir.parent().unwrap_or(Path::new(".")),
                    entry.path(),
                    &format!("content/{}", rel_string(content_dir, entry.path())),
                ))
        {
            files.push(entry.into_path());
        }
    }
    // Bundle folders (holding an `index.md`), looked up by each file's ancestors: linear in
    // files × depth, where testing every file against every bundle was files × bundles.
    let bundle_dirs: HashSet<&Path> = files
        .iter()
        .filter(|p| p.file_name().is_some_and(|n| n == "index.md"))
        .filter_map(|p| p.parent())
        .filter(|d| *d != content_dir)
        .collect();
    // The outermost bundle owns everything below it.
    let outer_bundle = |p: &Path| -> Option<PathBuf> {
        p.ancestors()
            .skip(1)
            .take_while(|d| *d != content_dir)
            .filter(|d| bundle_dirs.contains(d))
            .last()
            .map(Path::to_path_buf)
    };
    let mut articles: Vec<ArticleFile> = Vec::new();
    let mut assets: Vec<(PathBuf, String, PathBuf)> = Vec::new();
    for path in &files {
        match outer_bundle(path) {
            Some(dir) if *path != dir.join("index.md") => {
                assets.push((dir.join("index.md"), rel_string(&dir, path), path.clone()));
            }
            _ => {
                if path.extension().is_some_and(|e| e == "md") {
                    articles.push(ArticleFile {
                        rel: rel_string(content_dir, path),
                        path: path.clone(),
                        assets: Vec::new(),
                    });
                }
            }
        }
    }
    let by_path: HashMap<PathBuf, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.path.clone(), i))
        .collect();
    for (index, rel, path) in assets {
        if let Some(&i) = by_path.get(&index) {
            articles[i].assets.push((rel, path));
        }
    }
    Ok(articles)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn finds_articles_bundles_and_skips_hidden() {
        let dir = tempfile::tempdir().unwrap();
        let c = dir.path();
        for f in [
            "2020/a.md",
            "2020/_draft.md",
            ".git/x.md",
            "_tmp/y.md",
            "2020/b/index.md",
            "2020/b/anh.jpg",
            "2020/b/more/c.md",
            "2020/b/more/index.md",
            "2020/notes.txt",
        ] {
            let p = c.join(f);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, "x").unwrap();
        }
        let found = walk(c).unwrap();
        let rels: Vec<_> = found.iter().map(|a| a.rel.as_str()).collect();
        assert_eq!(rels, vec!["2020/a.md", "2020/b/index.md"]);
        let assets: Vec<_> = found[1].assets.iter().map(|a| a.0.as_str()).collect();
        // The outermost bundle owns a bundle nested in it.
        assert_eq!(assets, vec!["anh.jpg", "more/c.md", "more/index.md"]);
    }
}
