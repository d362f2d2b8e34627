//! The manifest guong keeps in its output folder (`.guong-manifest`): the files the last build
//! wrote. Everything else in the folder (a deploy checkout's `.git/`, `web.config`,
//! `.well-known/`) is foreign and is carried, untouched, into each new output (SPEC §7).

use super::guard::MANIFEST;
use std::borrow::Cow;
use std::collections::HashSet;
use std::hash::BuildHasher;
use std::io;
use std::path::Path;

/// The manifest as stored (JSON, the fields in this order).
#[derive(serde::Serialize, serde::Deserialize)]
struct Manifest<'a> {
    /// The files, sorted (borrowed from the text where they hold no escape).
    #[serde(borrow)]
    files: Vec<Cow<'a, str>>,
    /// What the file is, for whoever opens it ([`NOTE`]).
    #[serde(default)]
    guong: Cow<'a, str>,
}

/// The text of `dir`'s manifest; empty when it has none.
fn text(dir: &Path) -> String {
    std::fs::read_to_string(dir.join(MANIFEST)).unwrap_or_default()
}

/// The files listed in a manifest's `text`; none when it does not parse.
fn listed(text: &str) -> Vec<Cow<'_, str>> {
    serde_json::from_str::<Manifest>(text)
        .map(|m| m.files)
        .unwrap_or_default()
}

/// The files listed in `dir`'s manifest; empty when it has none.
pub fn read(dir: &Path) -> HashSet<String> {
    listed(&text(dir))
        .into_iter()
        .map(Cow::into_owned)
        .collect()
}

/// The folders holding the files of `files` (every folder on the way), hashed for lookups.
pub fn folders_of<'a>(
    files: impl ExactSizeIterator<Item = &'a str>,
) -> HashSet<&'a str, ahash::RandomState> {
    let mut folders = HashSet::with_capacity_and_hasher(files.len() / 2, Default::default());
    for f in files {
        // From the deepest folder up: once one is known, so are those above it.
        let mut at = f;
        while let Some(parent) = super::parent_of(at) {
            if !folders.insert(parent) {
                break;
            }
            at = parent;
        }
    }
    folders
}

/// Writes the manifest of `written` into `dir`, replacing whatever has its name (as a link or
/// folder, never through it).
pub fn write<S: BuildHasher>(dir: &Path, written: &HashSet<String, S>) -> io::Result<()> {
    let mut files: Vec<&str> = written.iter().map(String::as_str).collect();
    files.sort_unstable();
    let path = dir.join(MANIFEST);
    match std::fs::symlink_metadata(&path) {
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(&path)?,
        Ok(_) => std::fs::remove_file(&path)?,
        Err(_) => {}
    }
    let data = render(&files);
    use std::io::Write;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)?
        .write_all(&data)
}

/// What the manifest says it is, for whoever opens it.
const NOTE: &str =
    "Các tệp do guong ghi trong thư mục này; tệp khác được giữ nguyên qua mỗi lần dựng.";

/// The manifest's text for `files` (sorted), with a line break at the end: the bytes
/// `serde_json::to_vec_pretty` makes of a [`Manifest`] (see the test), written directly, as
/// few of the tens of thousands of paths need escaping.
fn render(files: &[&str]) -> Vec<u8> {
    let size: usize = files.iter().map(|f| f.len() + 8).sum();
    let mut out = Vec::with_capacity(size + 2 * NOTE.len());
    out.extend_from_slice(b"{\n  \"files\": [");
    for (i, f) in files.iter().enumerate() {
        out.extend_from_slice(if i == 0 { b"\n    " } else { b",\n    " });
        push_string(&mut out, f);
    }
    if !files.is_empty() {
        out.extend_from_slice(b"\n  ");
    }
    out.extend_from_slice(b"],\n  \"guong\": ");
    push_string(&mut out, NOTE);
    out.extend_from_slice(b"\n}\n");
    out
}

/// `s` as a JSON string, escaped as `serde_json` does.
fn push_string(out: &mut Vec<u8>, s: &str) {
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else {
        // Writing into a vector cannot fail.
        let _ = serde_json::to_writer(&mut *out, s);
    }
}

/// The entries of `target` that its manifest does not list (relative, `/`-separated, in the
/// order of their names, folder by folder): a folder holding no listed file counts as one
/// entry, and symlinks are never followed.
pub fn foreign(target: &Path) -> io::Result<Vec<String>> {
    let text = text(target);
    let listed = listed(&text);
    let files: FileSetRef = listed.iter().map(|f| f.as_ref()).collect();
    let folders = folders_of(listed.iter().map(|f| f.as_ref()));
    let mut out = Vec::new();
    super::walk::walk(target, |rel, is_dir| {
        let name = std::str::from_utf8(rel).ok();
        if name == Some(MANIFEST) {
            return Ok(false);
        }
        if let Some(name) = name
            && (if is_dir {
                folders.contains(name)
            } else {
                files.contains(name)
            })
        {
            return Ok(true);
        }
        out.push(String::from_utf8_lossy(rel).into_owned());
        Ok(false)
    })?;
    // The order of a walk by name: folder by folder, each folder's entries by their bytes.
    out.sort_unstable_by(|a, b| a.split('/').cmp(b.split('/')));
    Ok(out)
}

/// Borrowed paths, hashed for lookups.
type FileSetRef<'a> = HashSet<&'a str, ahash::RandomState>;

/// A foreign entry that this build's files would replace or sit inside, if any.
pub fn clash<'a, S: BuildHasher>(
    foreign: &'a [String],
    written: &HashSet<String, S>,
) -> Option<&'a String> {
    if foreign.is_empty() {
        return None;
    }
    let folders = folders_of(written.iter().map(String::as_str));
    foreign.iter().find(|p| {
        written.contains(p.as_str())
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
    fn the_manifest_is_written_as_serde_json_writes_it() {
        let lists: [&[&str]; 4] = [
            &[],
            &["index.html"],
            &[
                "a/b.html",
                "gương/điển-hình.html",
                "x\"y\\z\u{1}\n\t.html",
                "z",
            ],
            &["\u{7f}", "\u{1f}a"],
        ];
        for files in lists {
            let m = Manifest {
                files: files.iter().map(|f| Cow::Borrowed(*f)).collect(),
                guong: Cow::Borrowed(NOTE),
            };
            let mut want = serde_json::to_vec_pretty(&m).unwrap();
            want.push(b'\n');
            assert_eq!(
                String::from_utf8(render(files)).unwrap(),
                String::from_utf8(want).unwrap()
            );
            assert_eq!(
                listed(std::str::from_utf8(&render(files)).unwrap()),
                m.files
            );
        }
    }

    #[test]
    fn a_symlink_in_the_place_of_a_listed_folder_is_one_foreign_entry_never_walked() {
        let dir = tempfile::tempdir().unwrap();
        let (d, outside) = (dir.path().join("out"), dir.path().join("outside"));
        std::fs::create_dir_all(outside.join("sub")).unwrap();
        std::fs::write(outside.join("x.html"), "của người khác").unwrap();
        std::fs::create_dir_all(d.join("c")).unwrap();
        std::fs::write(d.join("c/d.html"), "x").unwrap();
        let written: HashSet<String> = ["a/b.html", "c/d.html"].map(String::from).into();
        write(&d, &written).unwrap();
        std::os::unix::fs::symlink(&outside, d.join("a")).unwrap();
        std::os::unix::fs::symlink(&outside, d.join("c/e")).unwrap();
        let f = foreign(&d).unwrap();
        assert_eq!(f, vec!["a", "c/e"]);
        let now: HashSet<String> = ["a/b.html".to_string()].into();
        assert_eq!(clash(&f, &now).map(String::as_str), Some("a"));
        // Carried as links: what they point to stays where it is.
        let to = dir.path().join("new");
        std::fs::create_dir(&to).unwrap();
        carry(&d, &to, &f).unwrap();
        assert!(
            std::fs::symlink_metadata(to.join("a"))
                .unwrap()
                .is_symlink()
        );
        assert!(
            std::fs::symlink_metadata(to.join("c/e"))
                .unwrap()
                .is_symlink()
        );
        assert!(outside.join("x.html").exists() && outside.join("sub").is_dir());
    }

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
