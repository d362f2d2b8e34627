//! Where guong may write (SPEC §7): paths are resolved completely — symlinks and `..`, also
//! through folders that do not exist yet — and refused when they would replace or overwrite
//! the site's own sources, `/` or a home folder, or a folder guong did not make.

use crate::diagnostics::Failure;
use std::collections::VecDeque;
use std::ffi::OsString;
use std::io;
use std::path::{Component, Path, PathBuf};

/// The sources of a site, relative to its root: never an output, never overwritten.
pub const SOURCES: [&str; 6] = [
    "site.yaml",
    "content",
    "static",
    "templates",
    "themes",
    ".git",
];

/// The file inside an output folder that lists what guong wrote there.
pub const MANIFEST: &str = ".guong-manifest";

enum Part {
    Up,
    Name(OsString),
}

fn parts(path: &Path) -> impl DoubleEndedIterator<Item = Part> + '_ {
    path.components().filter_map(|c| match c {
        Component::ParentDir => Some(Part::Up),
        Component::Normal(n) => Some(Part::Name(n.to_os_string())),
        _ => None,
    })
}

/// Resolves `path` (relative ones from the current folder) to an absolute path without
/// symlinks or `..`: the existing part as the file system sees it, the rest lexically, with
/// each `..` applied to the already resolved folder.
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut todo: VecDeque<Part> = parts(&abs).collect();
    let mut out = PathBuf::from("/");
    let mut links = 0;
    while let Some(part) = todo.pop_front() {
        let name = match part {
            Part::Up => {
                out.pop();
                continue;
            }
            Part::Name(n) => n,
        };
        let next = out.join(&name);
        match std::fs::symlink_metadata(&next) {
            Ok(m) if m.file_type().is_symlink() => {
                links += 1;
                if links > 40 {
                    return Err(io::Error::other(format!(
                        "{}: quá nhiều liên kết tượng trưng lồng nhau",
                        path.display()
                    )));
                }
                let target = std::fs::read_link(&next)?;
                if target.is_absolute() {
                    out = PathBuf::from("/");
                }
                for p in parts(&target).rev() {
                    todo.push_front(p);
                }
            }
            _ => out = next,
        }
    }
    Ok(out)
}

fn resolve_or_usage(path: &Path) -> Result<PathBuf, Failure> {
    resolve(path).map_err(|e| {
        Failure::Usage(format!(
            "không xác định được đường dẫn `{}`: {e}",
            path.display()
        ))
    })
}

/// The source of `root` that `path` (resolved) is or lies inside, if any.
fn source_holding(root: &Path, path: &Path) -> Option<&'static str> {
    SOURCES.into_iter().find(|s| path.starts_with(root.join(s)))
}

/// Home folders and the file-system root: never an output folder, nor inside one.
fn protected(path: &Path) -> bool {
    let mut homes = vec![PathBuf::from("/root"), PathBuf::from("/home")];
    if let Some(h) = std::env::var_os("HOME").filter(|h| !h.is_empty())
        && let Ok(h) = resolve(Path::new(&h))
    {
        homes.push(h);
    }
    path.parent().is_none()
        || path.parent() == Some(Path::new("/home"))
        || homes.iter().any(|h| h.starts_with(path))
}

/// Checks an output folder before anything is created: returns it resolved, or bad usage
/// (exit 2) when it is or holds the site root, lies in a source, is `/` or a home folder, or
/// is a non-empty folder guong did not write (no manifest).
pub fn check_output_dir(root: &Path, output: &Path) -> Result<PathBuf, Failure> {
    let root_r = resolve_or_usage(root)?;
    let out = resolve_or_usage(output)?;
    let refuse = |why: String| {
        Failure::Usage(format!(
            "không thể dùng `{}` làm thư mục xuất ({}): {why}",
            output.display(),
            out.display()
        ))
    };
    if protected(&out) {
        return Err(refuse("đây là thư mục gốc hoặc thư mục nhà".into()));
    }
    if root_r.starts_with(&out) {
        return Err(refuse(
            "đây là thư mục trang hoặc chứa thư mục trang; guong thay toàn bộ thư mục xuất sau mỗi lần dựng"
                .into(),
        ));
    }
    if let Some(s) = source_holding(&root_r, &out) {
        return Err(refuse(format!("nằm trong nguồn `{s}` của trang")));
    }
    match std::fs::symlink_metadata(&out) {
        Ok(m) if m.is_dir() => {
            let mut names: Vec<String> = std::fs::read_dir(&out)
                .map_err(|e| refuse(format!("không đọc được thư mục: {e}")))?
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            if !names.is_empty() && !names.iter().any(|n| n == MANIFEST) {
                names.sort();
                let more = names.len().saturating_sub(5);
                let mut shown = names.into_iter().take(5).collect::<Vec<_>>().join(", ");
                if more > 0 {
                    shown.push_str(&format!(" và {more} mục khác"));
                }
                return Err(refuse(format!(
                    "thư mục đã có tệp không do guong ghi ({shown}); chọn thư mục trống hoặc thư mục mới"
                )));
            }
        }
        Ok(_) => return Err(refuse("đã có một tệp ở đó, không phải thư mục".into())),
        Err(_) => {}
    }
    Ok(out)
}

/// Checks a file that a command is asked to write (`report --output`): returns it resolved,
/// or bad usage when it is the site root or lies in one of the site's sources.
pub fn check_output_file(root: &Path, file: &Path) -> Result<PathBuf, Failure> {
    let root_r = resolve_or_usage(root)?;
    let path = resolve_or_usage(file)?;
    let why = if root_r.starts_with(&path) {
        Some("đó là thư mục trang".to_string())
    } else {
        source_holding(&root_r, &path).map(|s| format!("nằm trong nguồn `{s}` của trang"))
    };
    match why {
        Some(why) => Err(Failure::Usage(format!(
            "không ghi đè `{}` ({}): {why}",
            file.display(),
            path.display()
        ))),
        None => Ok(path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_through_missing_folders_and_links() {
        let dir = tempfile::tempdir().unwrap();
        let d = resolve(dir.path()).unwrap();
        std::fs::create_dir(d.join("site")).unwrap();
        std::os::unix::fs::symlink(d.join("site"), d.join("link")).unwrap();
        std::os::unix::fs::symlink("nowhere/../site", d.join("rel")).unwrap();
        let cases = [
            ("newdir/../site", "site"),
            ("a/b/../../site/content", "site/content"),
            ("link/x/..", "site"),
            ("link/../link/content", "site/content"),
            ("rel/content", "site/content"),
        ];
        for (given, want) in cases {
            assert_eq!(resolve(&d.join(given)).unwrap(), d.join(want), "{given}");
        }
    }

    #[test]
    fn refuses_sources_roots_and_homes() {
        let dir = tempfile::tempdir().unwrap();
        let root = resolve(dir.path()).unwrap().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        for bad in [
            "site",
            "site/content",
            "site/x/../content/y",
            "site/static",
            "site/site.yaml",
            "site/themes/a",
            ".",
        ] {
            assert!(
                check_output_dir(&root, &root.parent().unwrap().join(bad)).is_err(),
                "{bad}"
            );
        }
        for bad in ["/", "/home", "/root", "/home/someone"] {
            assert!(check_output_dir(&root, Path::new(bad)).is_err(), "{bad}");
        }
        assert!(check_output_dir(&root, &root.join("output")).is_ok());
        assert!(check_output_file(&root, &root.join("content/a.md")).is_err());
        assert!(check_output_file(&root, &root.join("bao-cao.csv")).is_ok());
    }
}
