//! Walking `content/`: which files are articles, which are bundle files.

use rayon::prelude::*;
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

/// A path's bytes.
fn bytes(p: &Path) -> &[u8] {
    p.as_os_str().as_encoded_bytes()
}

/// Whether a walked entry is a file to list: a file, or a symlink that may be followed.
fn kept_file(content_dir: &Path, entry: &walkdir::DirEntry) -> bool {
    entry.file_type().is_file()
        || (entry.path_is_symlink()
            && super::links::follow_walked(
                content_dir.parent().unwrap_or(Path::new(".")),
                entry.path(),
                &format!("content/{}", rel_string(content_dir, entry.path())),
            ))
}

/// The files below the folder `dir` of `content_dir`, in name order.
fn files_below(content_dir: &Path, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let walker = WalkDir::new(dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !hidden(e.file_name()));
    for entry in walker {
        let entry = entry.map_err(|e| unreadable(content_dir, e))?;
        if kept_file(content_dir, &entry) {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}

/// Lists the articles under `content_dir` in path order, with each bundle's files.
pub fn walk(content_dir: &Path) -> std::io::Result<Vec<ArticleFile>> {
    if !content_dir.is_dir() {
        return Ok(Vec::new());
    }
    // The folders right under `content/` (years, usually) are walked side by side, each in
    // name order, and their files joined in that order: the order of one walk of the whole.
    let mut top = Vec::new();
    for entry in WalkDir::new(content_dir)
        .max_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !hidden(e.file_name()))
    {
        top.push(entry.map_err(|e| unreadable(content_dir, e))?);
    }
    let parts: Vec<std::io::Result<Vec<PathBuf>>> = top
        .into_par_iter()
        .map(|entry| match entry.depth() {
            0 => Ok(Vec::new()),
            _ if entry.file_type().is_dir() => files_below(content_dir, entry.path()),
            _ => Ok(kept_file(content_dir, &entry)
                .then(|| entry.into_path())
                .into_iter()
                .collect()),
        })
        .collect();
    let mut files = Vec::new();
    for part in parts {
        files.extend(part?);
    }
    // Paths are compared as bytes: every one is `content_dir`, a separator and names (as the
    // walk joined them), and parsing paths into components to hash or compare them cost more
    // than the walk itself at 20,000 files.
    let sep = std::path::MAIN_SEPARATOR as u8;
    let root_len = bytes(content_dir).len();
    let index_md: &[u8] = &[&[sep][..], b"index.md"].concat();
    // Bundle folders (holding an `index.md`), looked up by each file's ancestors: linear in
    // files × depth, where testing every file against every bundle was files × bundles.
    let bundle_dirs: HashSet<&[u8], ahash::RandomState> = files
        .iter()
        .filter_map(|p| bytes(p).strip_suffix(index_md))
        .filter(|d| d.len() > root_len)
        .collect();
    // The outermost bundle owns everything below it: the shortest ancestor that is one.
    let outer_bundle = |p: &'_ [u8]| -> Option<usize> {
        let name_at = p.iter().rposition(|&c| c == sep)?;
        (root_len + 1..name_at)
            .filter(|&i| p[i] == sep)
            .chain(std::iter::once(name_at))
            .find(|&i| i > root_len && bundle_dirs.contains(&p[..i]))
    };
    let mut articles: Vec<ArticleFile> = Vec::new();
    // Each bundle folder's article (its `index.md`), and the files that go with one.
    let mut bundle_article: HashMap<&[u8], usize, ahash::RandomState> = HashMap::default();
    let mut assets: Vec<(&[u8], String, PathBuf)> = Vec::new();
    for path in &files {
        let b = bytes(path);
        match outer_bundle(b) {
            Some(end) if &b[end..] != index_md => {
                let rel = String::from_utf8_lossy(&b[end + 1..]).replace(sep as char, "/");
                assets.push((&b[..end], rel, path.clone()));
            }
            _ => {
                if path.extension().is_some_and(|e| e == "md") {
                    if let Some(dir) = b.strip_suffix(index_md) {
                        bundle_article.insert(dir, articles.len());
                    }
                    articles.push(ArticleFile {
                        rel: rel_string(content_dir, path),
                        path: path.clone(),
                        assets: Vec::new(),
                    });
                }
            }
        }
    }
    for (dir, rel, path) in assets {
        if let Some(&i) = bundle_article.get(dir) {
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
