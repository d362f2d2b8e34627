//! The manifest guong keeps in its output folder (`.guong-manifest`): the files the last build
//! wrote. Everything else in the folder (a deploy checkout's `.git/`, `web.config`,
//! `.well-known/`) is foreign and is carried, untouched, into each new output (SPEC §7).

use super::guard::MANIFEST;
use std::collections::HashSet;
use std::io;
use std::path::Path;

/// The files listed in `dir`'s manifest; empty when it has none.
pub fn read(dir: &Path) -> HashSet<String> {
    let Ok(text) = std::fs::read_to_string(dir.join(MANIFEST)) else {
        return HashSet::new();
    };
    #[derive(serde::Deserialize)]
    struct Manifest {
        files: Vec<String>,
    }
    serde_json::from_str::<Manifest>(&text)
        .map(|m| m.files.into_iter().collect())
        .unwrap_or_default()
}

/// Writes the manifest of `written` into `dir`, replacing whatever has its name (as a link or
/// folder, never through it).
pub fn write(dir: &Path, written: &HashSet<String>) -> io::Result<()> {
    let mut files: Vec<&String> = written.iter().collect();
    files.sort();
    let json = serde_json::json!({
        "guong": "Các tệp do guong ghi trong thư mục này; tệp khác được giữ nguyên qua mỗi lần dựng.",
        "files": files,
    });
    let path = dir.join(MANIFEST);
    match std::fs::symlink_metadata(&path) {
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(&path)?,
        Ok(_) => std::fs::remove_file(&path)?,
        Err(_) => {}
    }
    let mut data = serde_json::to_vec_pretty(&json).map_err(io::Error::other)?;
    data.push(b'\n');
    use std::io::Write;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)?
        .write_all(&data)
}

/// The entries of `target` that its manifest does not list (relative, `/`-separated): a
/// folder holding no listed file counts as one entry, and symlinks are never followed.
pub fn foreign(target: &Path) -> io::Result<Vec<String>> {
    let listed = read(target);
    let mut folders: HashSet<&str> = HashSet::new();
    for f in &listed {
        folders.extend(f.match_indices('/').map(|(i, _)| &f[..i]));
    }
    let mut out = Vec::new();
    let mut walk = walkdir::WalkDir::new(target)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        let entry = entry.map_err(io::Error::other)?;
        let rel = entry
            .path()
            .strip_prefix(target)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .into_owned();
        if rel == MANIFEST {
            continue;
        }
        let is_dir = entry.file_type().is_dir();
        if is_dir && folders.contains(rel.as_str()) {
            continue;
        }
        if !is_dir && listed.contains(&rel) {
            continue;
        }
        if is_dir {
            walk.skip_current_dir();
        }
        out.push(rel);
    }
    Ok(out)
}

/// A foreign entry that this build's files would replace or sit inside, if any.
pub fn clash<'a>(foreign: &'a [String], written: &HashSet<String>) -> Option<&'a String> {
    let mut folders: HashSet<&str> = HashSet::new();
    for f in written {
        folders.extend(f.match_indices('/').map(|(i, _)| &f[..i]));
    }
    foreign.iter().find(|p| {
        written.contains(*p)
            || folders.contains(p.as_str())
            || p.match_indices('/').any(|(i, _)| written.contains(&p[..i]))
    })
}

/// Moves each entry of `items` from `from` to the same place under `to` (renames on one file
/// system: contents, times and permissions stay as they are), creating missing folders. On
/// failure, what was moved goes back and the error names the entry.
pub fn carry(from: &Path, to: &Path, items: &[String]) -> io::Result<()> {
    let mut moved: Vec<&String> = Vec::new();
    for item in items {
        let dest = to.join(item);
        let r = Path::new(item)
            .parent()
            .map_or(Ok(()), |p| super::make_dirs_under(to, p))
            .and_then(|()| std::fs::rename(from.join(item), &dest));
        if let Err(e) = r {
            put_back(from, to, &moved);
            return Err(io::Error::new(
                e.kind(),
                format!("không chuyển được {}: {e}", from.join(item).display()),
            ));
        }
        moved.push(item);
    }
    Ok(())
}

/// Undoes [`carry`] for `items` (best effort: used only when the build is failing anyway).
pub fn put_back(from: &Path, to: &Path, items: &[&String]) {
    for item in items {
        let _ = std::fs::rename(to.join(item), from.join(item));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_guong_did_not_write() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for f in [
            "index.html",
            "a/b.html",
            "a/notes.txt",
            ".git/HEAD",
            "web.config",
        ] {
            std::fs::create_dir_all(d.join(f).parent().unwrap()).unwrap();
            std::fs::write(d.join(f), "x").unwrap();
        }
        let written: HashSet<String> = ["index.html", "a/b.html"].map(String::from).into();
        write(d, &written).unwrap();
        assert_eq!(read(d), written);
        let f = foreign(d).unwrap();
        assert_eq!(f, vec![".git", "a/notes.txt", "web.config"]);
        assert_eq!(clash(&f, &written), None);
        let now: HashSet<String> = ["web.config/index.html".to_string()].into();
        assert_eq!(clash(&f, &now).map(String::as_str), Some("web.config"));
    }
}
