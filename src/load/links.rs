//! Symlinks in the site's sources (SPEC §7): a link that leaves the site root, or leads to a
//! `_`/`.` name, is never followed, so no file from outside the site is ever published.
//! Links to files inside the root are followed; links to folders never are.

use std::path::{Path, PathBuf};

/// Whether one part of a path is a name never published (SPEC §7): it starts with `_` or
/// `.` (`.` and `..` themselves are steps of a path, not names).
pub fn unpublished_name(part: &str) -> bool {
    part.starts_with('_') || (part.starts_with('.') && part != "." && part != "..")
}

/// Whether a `/`-separated path has a never-published name on the way.
pub fn has_unpublished_name(path: &str) -> bool {
    path.split('/').any(unpublished_name)
}

fn canonical_root(root: &Path) -> std::io::Result<PathBuf> {
    if root.as_os_str().is_empty() {
        Path::new(".").canonicalize()
    } else {
        root.canonicalize()
    }
}

/// Why `path` (a file under `root`, maybe reached through symlinks) may not be published, or
/// `Ok` when it is a regular file inside the root with no `_`/`.` name on the way.
pub fn check(root: &Path, path: &Path) -> Result<(), String> {
    // A folder symlink on the way is never followed, even one that stays inside the root.
    let mut at = path.parent();
    while let Some(dir) = at.filter(|d| d.starts_with(root) && *d != root) {
        if std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err("nằm trong một liên kết thư mục; guong không theo liên kết thư mục".into());
        }
        at = dir.parent();
    }
    let root = canonical_root(root).map_err(|e| e.to_string())?;
    let real = path
        .canonicalize()
        .map_err(|_| "không tìm thấy tệp (hoặc liên kết tượng trưng hỏng)".to_string())?;
    let Ok(rel) = real.strip_prefix(&root) else {
        return Err("là liên kết tượng trưng trỏ ra ngoài thư mục trang".into());
    };
    if rel
        .components()
        .any(|c| unpublished_name(&c.as_os_str().to_string_lossy()))
    {
        return Err(format!(
            "trỏ tới `{}`, một tên bắt đầu bằng `_` hoặc `.` không bao giờ được xuất bản",
            rel.display()
        ));
    }
    if !real.is_file() {
        return Err("là liên kết tới thư mục; guong không theo liên kết thư mục".into());
    }
    Ok(())
}

/// Whether a symlink met while walking `root`'s sources is followed; when it is not, says so
/// on stderr, naming it as `shown`.
pub fn follow_walked(root: &Path, link: &Path, shown: &str) -> bool {
    match check(root, link) {
        Ok(()) => true,
        Err(why) => {
            eprintln!("cảnh báo: bỏ qua {shown}: {why}");
            false
        }
    }
}

/// Why a Markdown link or image `dest` (as written, fragment removed) in the article shown as
/// `shown` (`[root/]content/<rel>`) names something never published: a `_`/`.` name, or a file
/// beside the article or under `static/` behind a symlink [`check`] refuses. `None` otherwise
/// (other URLs, and paths that do not exist, are left to the link checks).
pub fn link_problem(shown: &str, rel: &str, dest: &str) -> Option<String> {
    if dest.is_empty() || dest.contains(':') || dest.starts_with("//") {
        return None;
    }
    let dest = crate::text::url::percent_decode(dest.split('?').next().unwrap_or(""));
    if has_unpublished_name(&dest) {
        return Some("tên bắt đầu bằng `_` hoặc `.` không bao giờ được xuất bản".into());
    }
    let root = Path::new(shown.strip_suffix(&format!("content/{rel}"))?);
    let candidate = match dest.strip_prefix('/') {
        Some(abs) => root.join("static").join(abs),
        None => Path::new(shown).parent()?.join(&dest),
    };
    let meta = std::fs::symlink_metadata(&candidate).ok()?;
    if meta.is_dir() {
        return None;
    }
    check(root, &candidate).err()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn follows_only_files_inside_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("static/_private")).unwrap();
        std::fs::write(root.join("static/a.png"), "a").unwrap();
        std::fs::write(root.join("static/_private/m.png"), "m").unwrap();
        std::fs::write(outside.path().join("secret"), "s").unwrap();
        symlink(root.join("static/a.png"), root.join("static/in.png")).unwrap();
        symlink(outside.path().join("secret"), root.join("static/out.png")).unwrap();
        symlink(
            root.join("static/_private/m.png"),
            root.join("static/hid.png"),
        )
        .unwrap();
        symlink(outside.path(), root.join("static/dir")).unwrap();
        symlink(root.join("static/_private"), root.join("static/indir")).unwrap();
        assert!(check(root, &root.join("static/in.png")).is_ok());
        for bad in [
            "out.png",
            "hid.png",
            "dir",
            "indir",
            "dir/secret",
            "missing",
        ] {
            assert!(
                check(root, &root.join("static").join(bad)).is_err(),
                "{bad}"
            );
        }
    }
}
