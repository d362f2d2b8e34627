//! Finding the theme: the site's `themes/<name>/` or the default theme embedded in the binary,
//! with the site's `templates/` overriding single templates; and the walk of the static files
//! of the theme and the site's `static/`.

use crate::diagnostics::Diagnostic;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

include!(concat!(env!("OUT_DIR"), "/embedded_theme.rs"));

/// Where a static file's bytes come from.
#[derive(Debug, Clone)]
pub enum StaticSource {
    /// A file on disk.
    Disk(PathBuf),
    /// A file of the embedded default theme.
    Embedded(&'static [u8]),
}

/// A template: its name (`base.html`), text and where it came from (for errors).
#[derive(Debug, Clone)]
pub struct TemplateSource {
    /// Name used by `extends`/`include` (`base.html`, `partials/card.html`).
    pub name: String,
    /// Template text.
    pub text: String,
    /// Path shown in errors (`themes/default/templates/base.html`).
    pub display: String,
}

/// The resolved theme.
#[derive(Debug, Clone)]
pub struct Theme {
    /// Templates, overrides applied, sorted by name.
    pub templates: Vec<TemplateSource>,
    /// Static files of the theme: path relative to the output root and source.
    pub static_files: Vec<(String, StaticSource)>,
}

fn display(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    crate::diagnostics::display_path(root, &rel.to_string_lossy().replace('\\', "/"))
}

/// The files under `dir` (not `.` names), with the rules of [`walk_sources`].
fn files_under(root: &Path, dir: &Path, diags: &mut Vec<Diagnostic>) -> Vec<(String, PathBuf)> {
    walk_sources(root, dir, diags)
        .into_iter()
        .filter(|(rel, _)| !rel.split('/').any(|s| s.starts_with('.')))
        .collect()
}

/// Walks a source folder of the site at `root` in name order: regular files, and symlinks to
/// files that [`crate::load::links::check`] accepts (others are skipped with a warning). An
/// unreadable folder or file is an error naming it.
pub fn walk_sources(
    root: &Path,
    dir: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return out;
    }
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let at = e
                    .path()
                    .map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
                let cause = e
                    .io_error()
                    .map_or_else(|| e.to_string(), |io| io.to_string());
                diags.push(Diagnostic::file(
                    display(root, &at),
                    format!("không đọc được: {cause}"),
                ));
                continue;
            }
        };
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let rel = rel.to_string_lossy().replace('\\', "/");
        let ok = entry.file_type().is_file()
            || (entry.path_is_symlink()
                && crate::load::links::follow_walked(
                    root,
                    entry.path(),
                    &display(root, entry.path()),
                ));
        if ok {
            out.push((rel, entry.into_path()));
        }
    }
    out
}

fn read_template(
    root: &Path,
    name: String,
    path: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Option<TemplateSource> {
    let shown = display(root, path);
    match std::fs::read(path) {
        Ok(bytes) => match crate::load::decode::decode_text(&shown, &bytes) {
            Ok(text) => Some(TemplateSource {
                name,
                text,
                display: shown,
            }),
            Err(d) => {
                diags.push(d);
                None
            }
        },
        Err(e) => {
            diags.push(Diagnostic::file(shown, format!("không đọc được mẫu: {e}")));
            None
        }
    }
}

/// Loads the theme named in `site.yaml` for the site at `root`.
pub fn load(root: &Path, name: &str) -> Result<Theme, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let dir = root.join("themes").join(name);
    let mut templates: Vec<TemplateSource> = Vec::new();
    let mut static_files: Vec<(String, StaticSource)> = Vec::new();
    if name == "default" {
        // The embedded default theme is the base layer; a site's themes/default/ overrides
        // it file by file.
        for (path, bytes) in EMBEDDED_THEME {
            if let Some(rel) = path.strip_prefix("templates/") {
                templates.push(TemplateSource {
                    name: rel.to_string(),
                    text: String::from_utf8_lossy(bytes).into_owned(),
                    display: format!("(giao diện mặc định) templates/{rel}"),
                });
            } else if let Some(rel) = path.strip_prefix("static/") {
                static_files.push((rel.to_string(), StaticSource::Embedded(bytes)));
            }
        }
    } else if !dir.is_dir() {
        return Err(vec![Diagnostic::file(
            crate::diagnostics::display_path(root, "site.yaml"),
            format!("không tìm thấy giao diện `{name}` (cần thư mục themes/{name}/)"),
        )]);
    }
    let mut layer = |folder: &Path, diags: &mut Vec<Diagnostic>| {
        for (rel, path) in files_under(root, folder, diags) {
            if let Some(t) = read_template(root, rel, &path, diags) {
                templates.retain(|x| x.name != t.name);
                templates.push(t);
            }
        }
    };
    layer(&dir.join("templates"), &mut diags);
    layer(&root.join("templates"), &mut diags);
    for (rel, path) in files_under(root, &dir.join("static"), &mut diags) {
        static_files.retain(|(r, _)| *r != rel);
        static_files.push((rel, StaticSource::Disk(path)));
    }
    templates.sort_by(|a, b| a.name.cmp(&b.name));
    static_files.sort_by(|a, b| a.0.cmp(&b.0));
    if diags.is_empty() {
        Ok(Theme {
            templates,
            static_files,
        })
    } else {
        Err(diags)
    }
}

/// The theme's static files on disk (`themes/<name>/static/`), as output path and file;
/// unreadable files are left out (loading the theme reports them).
pub fn theme_disk_statics(root: &Path, name: &str) -> Vec<(String, PathBuf)> {
    let dir = root.join("themes").join(name).join("static");
    if !dir.is_dir() {
        return Vec::new();
    }
    files_under(root, &dir, &mut Vec::new())
        .into_iter()
        .filter(|(rel, _)| !super::links::has_unpublished_name(rel))
        .collect()
}

/// The static files of the theme named `name` alone (no templates read), as output path and
/// the path shown in messages; unreadable files are left out (loading the theme reports them).
pub fn theme_static_names(root: &Path, name: &str) -> Vec<(String, String)> {
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    if name == "default" {
        for (path, _) in EMBEDDED_THEME {
            if let Some(rel) = path.strip_prefix("static/") {
                files.insert(
                    rel.to_string(),
                    format!("(giao diện mặc định) static/{rel}"),
                );
            }
        }
    }
    let dir = root.join("themes").join(name).join("static");
    if dir.is_dir() {
        for (rel, path) in files_under(root, &dir, &mut Vec::new()) {
            files.insert(rel, display(root, &path));
        }
    }
    files
        .into_iter()
        .filter(|(rel, _)| !super::links::has_unpublished_name(rel))
        .collect()
}

/// Static files of the theme and the site (the site's own win), as output path and source.
pub fn static_files(
    theme: &Theme,
    static_dir: &Path,
    root: &Path,
) -> Vec<(String, StaticSource, String)> {
    static_files_checked(theme, static_dir, root, &mut Vec::new())
}

/// [`static_files`], with an unreadable file or folder under `static/` reported in `diags`.
/// Symlinks leaving the site and `_`/`.` names are never published.
pub fn static_files_checked(
    theme: &Theme,
    static_dir: &Path,
    root: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(String, StaticSource, String)> {
    let mut files: BTreeMap<String, (StaticSource, String)> = BTreeMap::new();
    for (rel, src) in theme
        .static_files
        .iter()
        .filter(|(rel, _)| !super::links::has_unpublished_name(rel))
    {
        let shown = match src {
            StaticSource::Disk(p) => crate::diagnostics::display_path(
                root,
                &p.strip_prefix(root).unwrap_or(p).to_string_lossy(),
            ),
            StaticSource::Embedded(_) => format!("(giao diện mặc định) static/{rel}"),
        };
        files.insert(rel.clone(), (src.clone(), shown));
    }
    for (rel, path) in walk_sources(root, static_dir, diags) {
        if super::links::has_unpublished_name(&rel) {
            continue;
        }
        let shown = crate::diagnostics::display_path(root, &format!("static/{rel}"));
        files.insert(rel, (StaticSource::Disk(path), shown));
    }
    files.into_iter().map(|(k, (s, d))| (k, s, d)).collect()
}
