//! Write stage: where rendered files go. `build` writes into a staging folder beside the
//! target and swaps it in atomically; `check` and `serve` use other sinks.

pub mod atomic;
pub mod guard;
pub mod manifest;
pub mod memory;
pub mod site;
pub mod stamps;
pub mod walk;

use stamps::{Digest, Record, Records, Stamp};
use std::collections::HashSet;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// A destination for generated files. Paths are relative to the output root, `/`-separated.
pub trait Sink: Sync {
    /// Stores a generated file.
    fn write(&self, file: &str, data: &[u8]) -> io::Result<()>;
    /// How `file` is named in an error: the real path where the sink writes it.
    fn shown(&self, file: &str) -> String {
        format!("output/{file}")
    }
    /// Stores a copy of a file on disk.
    fn copy(&self, file: &str, from: &Path) -> io::Result<()> {
        self.write(file, &std::fs::read(from)?)
    }
}

/// The set of output paths: hashed with aHash, not SipHash (tens of thousands of paths, each
/// looked up a few times per build, and all from the site itself).
pub type FileSet = HashSet<String, ahash::RandomState>;

/// Joins a site-relative file path onto `root`, refusing anything that would leave it.
pub fn safe_join(root: &Path, file: &str) -> io::Result<PathBuf> {
    if plain(file) {
        return Ok(join_plain(root, file));
    }
    Ok(root.join(checked(file)?))
}

/// Whether `file` is plain names between single slashes (none empty, `.` or `..`, no
/// backslash): the usual case, a relative path that stays inside the folder it is joined to,
/// told without parsing it into components.
fn plain(file: &str) -> bool {
    // One pass: the length of the current part, and how many of its bytes are dots.
    let (mut len, mut dots) = (0usize, 0usize);
    let bad = |len: usize, dots: usize| len == 0 || (len == dots && len <= 2);
    for &c in file.as_bytes() {
        match c {
            b'/' if bad(len, dots) => return false,
            b'/' => (len, dots) = (0, 0),
            b'\\' => return false,
            b'.' => (len, dots) = (len + 1, dots + 1),
            _ => len += 1,
        }
    }
    !bad(len, dots)
}

/// The folder part of a `/`-separated path (before its last slash), if it has one.
pub(crate) fn parent_of(file: &str) -> Option<&str> {
    memchr::memrchr(b'/', file.as_bytes()).map(|i| &file[..i])
}

/// `root` joined with a [`plain`] path (as `Path::join` does, without parsing either).
fn join_plain(root: &Path, rel: &str) -> PathBuf {
    #[cfg(unix)]
    {
        let r = root.as_os_str();
        let mut s = std::ffi::OsString::with_capacity(r.len() + 1 + rel.len());
        s.push(r);
        if !r.is_empty() && !r.as_encoded_bytes().ends_with(b"/") {
            s.push("/");
        }
        s.push(rel);
        PathBuf::from(s)
    }
    #[cfg(not(unix))]
    {
        root.join(rel)
    }
}

/// `file` as a relative path that stays inside the folder it is joined to, or an error.
fn checked(file: &str) -> io::Result<&Path> {
    let rel = Path::new(file);
    let ok = !file.is_empty()
        && !file.contains('\\')
        && rel.components().all(|c| matches!(c, Component::Normal(_)));
    if !ok {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("đường dẫn ra ngoài thư mục xuất: {file}"),
        ));
    }
    Ok(rel)
}

/// Writes files under a folder, creating parents as needed, and remembers what it wrote so
/// that files left from an earlier build can be pruned. Given the records of the folder's last
/// build ([`stamps`]), it skips files that are provably unchanged without reading them.
pub struct DirSink {
    root: PathBuf,
    written: Mutex<Vec<(String, Option<Record>)>>,
    /// Folders known to exist (relative, `/`-separated), so that each is checked or created
    /// once.
    folders: Mutex<FileSet>,
    /// What the last build into `root` wrote, by file.
    previous: Records,
    /// When this sink was made: source stamps younger than [`stamps::RACY`] are not kept.
    started: std::time::SystemTime,
    /// Files left as they were on the strength of their records alone.
    reused: std::sync::atomic::AtomicUsize,
    /// `root` was made empty for this sink: files are created without looking for old ones.
    fresh: bool,
}

/// What a [`DirSink`] wrote: the files, and the records of those it could stamp.
#[derive(Debug, Default)]
pub struct Written {
    /// Every written file (relative, `/`-separated).
    pub files: FileSet,
    /// The stamp and hash of each, for the next build into the same folder.
    pub records: Records,
}

impl DirSink {
    /// A sink writing under `root`, comparing every file it writes byte by byte.
    pub fn new(root: PathBuf) -> Self {
        DirSink::reusing(root, Records::new())
    }

    /// A sink writing under `root` that trusts `records`, those of the last build into it
    /// (see [`stamps`]).
    pub fn reusing(root: PathBuf, previous: Records) -> Self {
        DirSink {
            root,
            written: Mutex::new(Vec::new()),
            folders: Mutex::new(FileSet::default()),
            previous,
            started: std::time::SystemTime::now(),
            reused: Default::default(),
            fresh: false,
        }
    }

    /// Tells the sink that `root` was made empty for it (by this build), so that each file is
    /// created straight away instead of first being looked for. A file found there anyway is
    /// overwritten in place as usual.
    pub fn in_new_folder(mut self, fresh: bool) -> Self {
        self.fresh = fresh;
        self
    }

    /// How many files were kept on the strength of their records, without reading them back.
    pub fn reused(&self) -> usize {
        self.reused.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn count_reused(&self) {
        self.reused
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// The files written so far and their records.
    pub fn into_written(self) -> Written {
        let list = self.written.into_inner().unwrap_or_default();
        let with_records = list.iter().filter(|(_, r)| r.is_some()).count();
        let mut out = Written {
            files: FileSet::with_capacity_and_hasher(list.len(), Default::default()),
            records: Records::with_capacity(with_records),
        };
        for (file, record) in list {
            if let Some(r) = record {
                out.records.insert(file.clone(), r);
            }
            out.files.insert(file);
        }
        out
    }

    fn record(&self, file: &str, record: Option<Record>) {
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((file.to_string(), record));
    }

    /// Runs `op` on the destination path; when an earlier build left a folder where a file
    /// goes (or a file where a folder goes), removes it and tries once more.
    fn put(&self, file: &str, op: impl Fn(&Path) -> io::Result<Option<Record>>) -> io::Result<()> {
        let path = safe_join(&self.root, file)?;
        self.put_at(file, &path, op)
    }

    /// [`DirSink::put`] with `file`'s path under the root already joined (by [`safe_join`]).
    fn put_at(
        &self,
        file: &str,
        path: &Path,
        op: impl Fn(&Path) -> io::Result<Option<Record>>,
    ) -> io::Result<()> {
        let result = self.ensure_parent(file).and_then(|()| op(path));
        let result = match result {
            Err(_) => {
                self.forget_folders();
                clear_way(&self.root, file)
                    .and_then(|()| self.ensure_parent(file))
                    .and_then(|()| op(path))
            }
            ok => ok,
        };
        result.map(|record| self.record(file, record))
    }

    /// `prev` (the last build's record of the file at `path`), if the file still has its stamp.
    fn unchanged<'r>(&self, prev: Option<&'r Record>, path: &Path) -> Option<&'r Record> {
        let prev = prev?;
        let now = std::fs::symlink_metadata(path).ok()?;
        (Stamp::of(&now) == Some(prev.out)).then_some(prev)
    }

    /// Writes `data` (whose digest is `digest`) at `path`, unless the file there is the last
    /// build's with the same digest.
    fn store(
        &self,
        prev: Option<&Record>,
        path: &Path,
        data: &[u8],
        digest: Digest,
        source: Option<Stamp>,
    ) -> io::Result<Option<Record>> {
        if let Some(prev) = self.unchanged(prev, path)
            && prev.digest != stamps::UNHASHED
            && prev.digest == digest
        {
            self.count_reused();
            return Ok(Some(Record { source, ..*prev }));
        }
        let m = write_file(path, data, self.fresh)?;
        Ok(Stamp::of(&m).map(|out| Record {
            out,
            digest,
            source,
        }))
    }
}

impl DirSink {
    /// Makes sure the folder of `file` (a checked relative path, see [`safe_join`]) exists
    /// under the root as a real folder. A folder seen before is not checked again, and an
    /// existing one is only looked at (`lstat`), not created: `mkdir` takes the parent
    /// folder's write lock even when it fails, which serializes the writer threads. A symlink
    /// or file in the way is removed, never followed.
    ///
    /// The folders above it that were seen before are not looked at either, and in a folder
    /// made empty for this build, folders are created without a look first.
    fn ensure_parent(&self, file: &str) -> io::Result<()> {
        let lock = || self.folders.lock().unwrap_or_else(|e| e.into_inner());
        if !plain(file) {
            let Some(parent) = Path::new(file).parent().and_then(|p| p.to_str()) else {
                return Ok(());
            };
            if lock().contains(parent) {
                return Ok(());
            }
            make_dirs_under(&self.root, Path::new(parent))?;
            lock().insert(parent.to_string());
            return Ok(());
        }
        let Some(parent) = parent_of(file) else {
            return Ok(());
        };
        // Where the folders not known yet start: after the deepest known one.
        let mut start = 0;
        {
            let folders = lock();
            if folders.contains(parent) {
                return Ok(());
            }
            let mut at = parent;
            while let Some(up) = parent_of(at) {
                if folders.contains(up) {
                    start = up.len() + 1;
                    break;
                }
                at = up;
            }
        }
        let mut end = start;
        loop {
            end = memchr::memchr(b'/', &parent.as_bytes()[end..]).map_or(parent.len(), |i| end + i);
            let folder = &parent[..end];
            make_dir(&join_plain(&self.root, folder), self.fresh)?;
            lock().insert(folder.to_string());
            if end == parent.len() {
                return Ok(());
            }
            end += 1;
        }
    }

    fn forget_folders(&self) {
        self.folders
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}

/// Creates the folder `rel` under `root` one part at a time, removing a file or symlink that
/// stands in the way instead of following it.
pub(crate) fn make_dirs_under(root: &Path, rel: &Path) -> io::Result<()> {
    let mut at = root.to_path_buf();
    for part in rel.components() {
        at.push(part);
        make_dir(&at, false)?;
    }
    Ok(())
}

/// Makes sure `at` is a real folder, creating it if missing and removing a file or symlink
/// in its place (never following it). With `fresh` (expected missing), it is created without
/// a look first; what stands there anyway fails the call, and the caller clears the way.
fn make_dir(at: &Path, fresh: bool) -> io::Result<()> {
    if !fresh {
        match std::fs::symlink_metadata(at) {
            Ok(m) if m.is_dir() => return Ok(()),
            Ok(_) => std::fs::remove_file(at)?,
            Err(_) => {}
        }
    }
    match std::fs::create_dir(at) {
        Err(e)
            if !(e.kind() == io::ErrorKind::AlreadyExists
                && std::fs::symlink_metadata(at).is_ok_and(|m| m.is_dir())) =>
        {
            Err(e)
        }
        _ => Ok(()),
    }
}

/// Removes whatever stands in the way of writing `file` under `root`: a folder, symlink or
/// read-only file at its place, a file or symlink at the place of one of its folders. Folders
/// on the way that an earlier build left without write permission get it back.
fn clear_way(root: &Path, file: &str) -> io::Result<()> {
    let parts: Vec<&str> = file.split('/').collect();
    let mut at = root.to_path_buf();
    for (i, part) in parts.iter().enumerate() {
        if std::fs::symlink_metadata(&at).is_ok_and(|m| m.is_dir()) {
            set_writable(&at);
        }
        at.push(part);
        let last = i + 1 == parts.len();
        match std::fs::symlink_metadata(&at) {
            Ok(m) if last && m.is_dir() => std::fs::remove_dir_all(&at)?,
            Ok(_) if last => std::fs::remove_file(&at)?,
            Ok(m) if !m.is_dir() => std::fs::remove_file(&at)?,
            _ => {}
        }
    }
    Ok(())
}

fn set_writable(dir: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(m) = std::fs::symlink_metadata(dir)
            && m.permissions().mode() & 0o700 != 0o700
        {
            let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755));
        }
    }
}

/// Writes `data` to `path`. An existing file with the same bytes is left alone, and a changed
/// one is overwritten in place rather than truncated to zero first: on ext4, truncating and
/// rewriting forces a flush on close, which makes rebuilds several times slower. Returns the
/// file's metadata as left. With `fresh` (a folder this build made empty), the file is created
/// without first being looked for; something found there anyway is written as usual.
fn write_file(path: &Path, data: &[u8], fresh: bool) -> io::Result<std::fs::Metadata> {
    use std::io::{Read, Seek, Write};
    let mut open = std::fs::OpenOptions::new();
    open.read(true).write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut open, libc::O_NOFOLLOW);
    let first = if fresh {
        Err(io::ErrorKind::NotFound.into())
    } else {
        open.open(path)
    };
    let mut file = match first {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            // `create_new` never follows a symlink: one planted meanwhile makes this fail.
            let mut f = match open.create_new(true).open(path) {
                Err(e) if fresh && e.kind() == io::ErrorKind::AlreadyExists => {
                    return write_file(path, data, false);
                }
                f => f?,
            };
            f.write_all(data)?;
            return f.metadata();
        }
        Err(e) => return Err(e),
    };
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::other("không phải tệp thường"));
    }
    let len = meta.len();
    if len == data.len() as u64 {
        let mut old = Vec::with_capacity(data.len());
        file.read_to_end(&mut old)?;
        if old == data {
            return Ok(meta);
        }
        file.rewind()?;
    }
    file.write_all(data)?;
    if len > data.len() as u64 {
        file.set_len(data.len() as u64)?;
    }
    file.metadata()
}

/// Copies `from` into a new file at `to` (never through a symlink there) with the kernel's
/// copy (`copy_file_range`), the bytes never passing through this process; fails with
/// `AlreadyExists` when something is at `to`.
fn copy_new(from: &Path, to: &Path) -> io::Result<std::fs::Metadata> {
    let mut source = std::fs::File::open(from)?;
    let mut open = std::fs::OpenOptions::new();
    open.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut open, libc::O_NOFOLLOW);
    let mut file = open.open(to)?;
    std::io::copy(&mut source, &mut file)?;
    file.metadata()
}

impl Sink for DirSink {
    fn shown(&self, file: &str) -> String {
        self.root.join(file).to_string_lossy().into_owned()
    }

    fn write(&self, file: &str, data: &[u8]) -> io::Result<()> {
        let digest = stamps::digest(data);
        let prev = self.previous.get(file);
        self.put(file, |path| self.store(prev, path, data, digest, None))
    }

    /// Copies `from`, unless both it and the copy are as the last build left them.
    fn copy(&self, file: &str, from: &Path) -> io::Result<()> {
        let unreadable = |e: io::Error| {
            io::Error::new(e.kind(), format!("không đọc được {}: {e}", from.display()))
        };
        // A file of the image cache is known by its path, unlooked at (see `fixed_source`).
        let fixed = crate::images::cache::fixed_source(from);
        let source = match fixed {
            Some(fixed) => Some(fixed),
            None => std::fs::metadata(from)
                .map(|m| Stamp::settled(&m, self.started))
                .map_err(unreadable)?,
        };
        let prev = self.previous.get(file);
        let path = safe_join(&self.root, file)?;
        if source.is_some()
            && let Some(prev) = prev
            && prev.source == source
            && self.ensure_parent(file).is_ok()
            && self.unchanged(Some(prev), &path).is_some()
        {
            self.count_reused();
            self.record(file, Some(*prev));
            return Ok(());
        }
        if self.fresh && prev.is_none() {
            // A folder made empty for this build: the kernel copies the bytes, unread by guong
            // and unhashed (the next build trusts the copy's stamps, or compares its bytes).
            let copied = self.put_at(file, &path, |path| {
                let m = copy_new(from, path)?;
                Ok(Stamp::of(&m).map(|out| Record {
                    out,
                    digest: stamps::UNHASHED,
                    source,
                }))
            });
            match copied {
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                Err(e) if std::fs::metadata(from).is_err() => return Err(unreadable(e)),
                done => return done,
            }
        }
        let data = std::fs::read(from).map_err(unreadable)?;
        let digest = stamps::digest(&data);
        self.put_at(file, &path, |path| {
            self.store(prev, path, &data, digest, source)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overwrites_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.html");
        for content in ["dài hơn nhiều", "ngắn", "ngắn", "", "mới hơn"] {
            write_file(&p, content.as_bytes(), false).unwrap();
            assert_eq!(std::fs::read_to_string(&p).unwrap(), content);
        }
    }

    #[test]
    fn a_sink_told_its_folder_is_new_still_never_writes_through_a_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let (root, outside) = (dir.path().join("out"), dir.path().join("editor.md"));
        std::fs::create_dir(&root).unwrap();
        std::fs::write(&outside, "bài của biên tập viên").unwrap();
        std::os::unix::fs::symlink(&outside, root.join("a.html")).unwrap();
        std::fs::write(root.join("b.html"), "cũ").unwrap();
        let sink = DirSink::new(root.clone()).in_new_folder(true);
        sink.write("a.html", b"trang").unwrap();
        sink.write("b.html", b"trang").unwrap();
        assert_eq!(
            std::fs::read_to_string(&outside).unwrap(),
            "bài của biên tập viên"
        );
        assert!(
            std::fs::symlink_metadata(root.join("a.html"))
                .unwrap()
                .is_file()
        );
        assert_eq!(std::fs::read(root.join("a.html")).unwrap(), b"trang");
        assert_eq!(std::fs::read(root.join("b.html")).unwrap(), b"trang");
    }

    #[test]
    fn folders_are_made_once_and_a_link_in_the_place_of_one_is_never_followed() {
        for fresh in [false, true] {
            let dir = tempfile::tempdir().unwrap();
            let (root, outside) = (dir.path().join("out"), dir.path().join("outside"));
            std::fs::create_dir_all(root.join("x")).unwrap();
            std::fs::create_dir(&outside).unwrap();
            std::os::unix::fs::symlink(&outside, root.join("a")).unwrap();
            std::os::unix::fs::symlink(&outside, root.join("x/y")).unwrap();
            std::fs::write(root.join("p"), "tệp chắn chỗ thư mục").unwrap();
            let sink = DirSink::new(root.clone()).in_new_folder(fresh);
            let files = [
                "a/b/c/index.html",
                "a/b/d/index.html",
                "a/b/d/anh.png",
                "a/e.html",
                "x/y/z/index.html",
                "x/w.html",
                "p/q/r.html",
                "t.html",
                "a//s.html",
            ];
            for f in files {
                sink.write(f, f.as_bytes()).unwrap();
            }
            assert_eq!(
                std::fs::read_dir(&outside).unwrap().count(),
                0,
                "nothing written through a link (fresh: {fresh})"
            );
            for f in files {
                assert_eq!(std::fs::read(root.join(f)).unwrap(), f.as_bytes(), "{f}");
            }
            for d in ["a", "a/b/c", "x/y", "p/q"] {
                let m = std::fs::symlink_metadata(root.join(d)).unwrap();
                assert!(m.is_dir() && !m.is_symlink(), "{d}");
            }
            assert_eq!(sink.into_written().files.len(), files.len());
        }
    }

    #[test]
    fn replaces_what_stands_in_the_way() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a/b.html/x")).unwrap();
        std::fs::write(dir.path().join("c"), "file").unwrap();
        let sink = DirSink::new(dir.path().to_path_buf());
        sink.write("a/b.html", b"page").unwrap();
        sink.write("c/index.html", b"page").unwrap();
        assert_eq!(std::fs::read(dir.path().join("a/b.html")).unwrap(), b"page");
        assert_eq!(
            std::fs::read(dir.path().join("c/index.html")).unwrap(),
            b"page"
        );
        assert_eq!(sink.into_written().files.len(), 2);
    }

    /// A sink reusing `records`, made as if `RACY` had passed since its sources changed.
    fn later_sink(root: &Path, records: Records) -> DirSink {
        let mut sink = DirSink::reusing(root.to_path_buf(), records);
        sink.started += stamps::RACY + std::time::Duration::from_secs(1);
        sink
    }

    #[test]
    fn unchanged_files_are_kept_by_their_records_and_touched_ones_compared() {
        let dir = tempfile::tempdir().unwrap();
        let (root, src) = (dir.path().join("out"), dir.path().join("anh.jpg"));
        std::fs::write(&src, b"anh goc").unwrap();
        std::fs::create_dir(&root).unwrap();
        let build = |records: Records| {
            let sink = later_sink(&root, records);
            sink.write("a/index.html", b"trang").unwrap();
            sink.copy("a/anh.jpg", &src).unwrap();
            let n = sink.reused();
            (sink.into_written().records, n)
        };
        let (first, n) = build(Records::new());
        assert_eq!((first.len(), n), (2, 0));
        let (second, n) = build(first.clone());
        assert_eq!(n, 2, "both files kept without reading them");
        assert_eq!(second, first);

        // Same length, same modification time, other bytes: only the change time tells.
        for f in ["a/index.html", "a/anh.jpg"] {
            let p = root.join(f);
            let mtime = std::fs::metadata(&p).unwrap().modified().unwrap();
            std::thread::sleep(std::time::Duration::from_millis(20));
            let len = std::fs::metadata(&p).unwrap().len() as usize;
            std::fs::write(&p, "x".repeat(len)).unwrap();
            let file = std::fs::File::options().write(true).open(&p).unwrap();
            file.set_modified(mtime).unwrap();
        }
        let (_, n) = build(second);
        assert_eq!(n, 0);
        assert_eq!(std::fs::read(root.join("a/index.html")).unwrap(), b"trang");
        assert_eq!(std::fs::read(root.join("a/anh.jpg")).unwrap(), b"anh goc");

        // A changed source is read again, even with its old length.
        let (third, _) = build(Records::new());
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&src, b"anh moi").unwrap();
        let (_, n) = build(third);
        assert_eq!(n, 1, "only the page");
        assert_eq!(std::fs::read(root.join("a/anh.jpg")).unwrap(), b"anh moi");
    }

    #[test]
    fn image_cache_files_are_known_by_their_path_without_a_look() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("out");
        std::fs::create_dir(&root).unwrap();
        let entry = dir
            .path()
            .join(".guong-cache/images/0123456789abcdef0123456789abcdef");
        std::fs::create_dir_all(&entry).unwrap();
        let (cached, plain) = (entry.join("360.webp"), dir.path().join("anh.png"));
        std::fs::write(&cached, b"webp").unwrap();
        std::fs::write(&plain, b"png").unwrap();
        let build = |records: Records| {
            let sink = later_sink(&root, records);
            let r = (
                sink.copy("a/anh.360w.webp", &cached),
                sink.copy("a/anh.png", &plain),
            );
            let n = sink.reused();
            (r, sink.into_written().records, n)
        };
        let ((a, b), first, _) = build(Records::new());
        assert!(a.is_ok() && b.is_ok());
        // Both sources gone: the cache file's copy is kept on the strength of its path and its
        // own stamp (its source is not even looked at), the plain copy's source is missed.
        std::fs::remove_file(&cached).unwrap();
        std::fs::remove_file(&plain).unwrap();
        let ((a, b), _, n) = build(first);
        assert!(a.is_ok(), "{a:?}");
        assert!(b.is_err());
        assert_eq!(n, 1);
        assert_eq!(
            std::fs::read(root.join("a/anh.360w.webp")).unwrap(),
            b"webp"
        );
        // Another entry (another key) is another source.
        assert_ne!(
            crate::images::cache::fixed_source(&cached),
            crate::images::cache::fixed_source(
                &dir.path()
                    .join(".guong-cache/images/0123456789abcdef0123456789abcdee/360.webp")
            )
        );
        assert_eq!(crate::images::cache::fixed_source(&plain), None);
        let fixed = |p: &str| crate::images::cache::fixed_source(Path::new(p));
        let key = "0123456789abcdef0123456789abcdef";
        assert!(fixed(&format!(".guong-cache/images/{key}/360.webp")).is_some());
        assert!(fixed(&format!("./.guong-cache/images/{key}/360.webp")).is_some());
        assert_ne!(
            fixed(&format!(".guong-cache/images/{key}/360.webp")),
            fixed(&format!(".guong-cache/images/{key}/360.jpg"))
        );
        for other in [
            format!("x.guong-cache/images/{key}/360.webp"),
            format!(".guong-cache/images/{key}/.tmp"),
            format!(".guong-cache/images/{key}/"),
            format!(".guong-cache/images/{}/360.webp", key.to_uppercase()),
            format!(".guong-cache/images/{}/360.webp", &key[1..]),
            format!(".guong-cache/images/+{}/360.webp", &key[1..]),
            format!(".guong-cache/output/{key}/360.webp"),
            "360.webp".to_string(),
            String::new(),
        ] {
            assert_eq!(fixed(&other), None, "{other}");
        }
        assert_eq!(
            crate::images::cache::fixed_source(
                &dir.path()
                    .join("images/0123456789abcdef0123456789abcdef/360.webp")
            ),
            None
        );
    }

    #[test]
    fn plain_paths_are_told_apart_from_the_others_as_by_their_components() {
        let cases = [
            "a",
            "a/b.html",
            "a/b/c",
            ".a",
            "a./..b",
            "...",
            "a/.../b",
            "a.b/c..d/.e",
            "",
            "/",
            "/a",
            "a/",
            "a//b",
            ".",
            "..",
            "./a",
            "a/.",
            "a/./b",
            "a/..",
            "a/../b",
            "../a",
            "a\\b",
            "\\",
            "a/b\\",
            "đ/ư/ơ.html",
            ". /a",
            "a/ .",
        ];
        for f in cases {
            let by_components = !f.is_empty()
                && !f.contains('\\')
                && !f.ends_with('/')
                && !f.contains("//")
                && f.split('/').all(|p| !p.is_empty() && p != "." && p != "..");
            assert_eq!(plain(f), by_components, "{f:?}");
            if plain(f) {
                let root = Path::new("/srv/out");
                assert_eq!(safe_join(root, f).unwrap(), root.join(f), "{f:?}");
                assert_eq!(
                    parent_of(f).map(Path::new),
                    Path::new(f).parent().filter(|p| !p.as_os_str().is_empty()),
                    "{f:?}"
                );
            }
        }
        assert_eq!(join_plain(Path::new("/"), "a/b"), Path::new("/a/b"));
        assert_eq!(join_plain(Path::new(""), "a"), Path::new("a"));
        assert_eq!(join_plain(Path::new("out/"), "a"), Path::new("out/a"));
    }

    #[test]
    fn refuses_paths_that_leave_the_root() {
        let root = Path::new("/tmp/out");
        assert!(safe_join(root, "a/b/index.html").is_ok());
        for bad in ["../x", "/etc/passwd", "a/../../x", "", "a\\b", "./a"] {
            assert!(safe_join(root, bad).is_err(), "{bad}");
        }
    }
}
