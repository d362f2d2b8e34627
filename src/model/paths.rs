//! Every file the site will have: the page plan, and the check that nothing takes the place of
//! something else (an alias, a bundle file or a static file over a generated page).

use crate::diagnostics::Diagnostic;
use crate::diagnostics::Pos;
use crate::model::Site;
use crate::model::reads::{Reads, reads};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

/// What a generated file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// `/`
    Home,
    /// `/bai-viet/<slug>/`: article index.
    Article(usize),
    /// A page of a field (topic column) list: field index, 1-based page.
    Field(usize, usize),
    /// `/luu-tru/`
    Archive,
    /// `/luu-tru/<yyyy>/`
    Year(i32),
    /// `/bao-cao/<yyyy>/`: the public coverage page (only with `report.publish`).
    Report(i32),
    /// A page of a quarter list: index into `Site::quarters`, 1-based page.
    Quarter(usize, usize),
    /// `/don-vi/`
    Units,
    /// A page of a unit list: unit index, 1-based page.
    Unit(usize, usize),
    /// `/the/`
    Tags,
    /// A page of a tag list: tag index, 1-based page.
    Tag(usize, usize),
    /// `/tim-kiem/`
    Search,
    /// `/404.html`
    NotFound,
    /// `/atom.xml`
    SiteFeed,
    /// `/chuyen-muc/<id>/atom.xml`
    FieldFeed(usize),
    /// `/sitemap.xml`
    Sitemap,
    /// `/robots.txt`
    Robots,
    /// `/css/syntax.css`
    SyntaxCss,
    /// A search data file: index into the renderer's search files.
    SearchData(usize),
}

/// A file to generate: its path relative to the output root and what it is.
#[derive(Debug, Clone)]
pub struct Page {
    /// `chuyen-muc/y-duc/trang/2/index.html`
    pub file: String,
    /// What to render there.
    pub kind: PageKind,
    /// What it reads of the site (its key for `serve`).
    pub reads: Reads,
}

impl Page {
    /// The page of `kind` at output file `file`.
    pub fn new(site: &Site, file: String, kind: PageKind) -> Self {
        Page {
            reads: reads(site, kind),
            file,
            kind,
        }
    }
}

/// Number of list pages for `n` items at `per_page` (at least one).
pub fn page_count(n: usize, per_page: usize) -> usize {
    n.div_ceil(per_page.max(1)).max(1)
}

/// The site path (relative to the base path) of page `page` of the list at `list_path`.
pub fn list_page_path(list_path: &str, page: usize) -> String {
    if page <= 1 {
        list_path.to_string()
    } else {
        format!("{list_path}trang/{page}/")
    }
}

/// Site path of a field (topic column).
pub fn field_path(id: &str) -> String {
    format!("chuyen-muc/{id}/")
}

/// Site path of a unit.
pub fn unit_path(id: &str) -> String {
    format!("don-vi/{id}/")
}

/// Site path of a tag.
pub fn tag_path(slug: &str) -> String {
    format!("the/{slug}/")
}

/// Site path of a year.
pub fn year_path(year: i32) -> String {
    format!("luu-tru/{year}/")
}

/// Site path of a year's coverage page.
pub fn report_path(year: i32) -> String {
    format!("bao-cao/{year}/")
}

/// Years that have published articles, newest first.
pub fn years(site: &Site) -> Vec<i32> {
    let mut years: Vec<i32> = site.quarters.iter().map(|(q, _)| q.year).collect();
    years.dedup();
    years
}

/// Site path of a quarter.
pub fn quarter_path(q: crate::text::dates::Quarter) -> String {
    format!("luu-tru/{}/quy-{}/", q.year, q.n)
}

/// The file of a site path (`a/b/` → `a/b/index.html`).
pub fn file_of(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// Lists every generated file of the site.
pub fn plan(site: &Site) -> Vec<Page> {
    let per = site.config.paginate;
    let mut pages = Vec::new();
    let mut add = |path: String, kind: PageKind| pages.push(Page::new(site, file_of(&path), kind));
    add(String::new(), PageKind::Home);
    add("404.html".into(), PageKind::NotFound);
    add("atom.xml".into(), PageKind::SiteFeed);
    add("sitemap.xml".into(), PageKind::Sitemap);
    add("robots.txt".into(), PageKind::Robots);
    add("css/syntax.css".into(), PageKind::SyntaxCss);
    add("tim-kiem/".into(), PageKind::Search);
    for (i, a) in site.articles.iter().enumerate() {
        add(a.path.clone(), PageKind::Article(i));
    }
    for (fi, f) in site.config.fields.iter().enumerate() {
        let base = field_path(&f.id);
        for p in 1..=page_count(site.by_field[fi].len(), per) {
            add(list_page_path(&base, p), PageKind::Field(fi, p));
        }
        add(format!("{base}atom.xml"), PageKind::FieldFeed(fi));
    }
    add("luu-tru/".into(), PageKind::Archive);
    for y in years(site) {
        add(year_path(y), PageKind::Year(y));
    }
    for (qi, (q, items)) in site.quarters.iter().enumerate() {
        let base = quarter_path(*q);
        for p in 1..=page_count(items.len(), per) {
            add(list_page_path(&base, p), PageKind::Quarter(qi, p));
        }
    }
    if site.config.report_publish {
        for y in years(site) {
            add(report_path(y), PageKind::Report(y));
        }
    }
    add("don-vi/".into(), PageKind::Units);
    for (ui, u) in site.config.units.iter().enumerate() {
        let base = unit_path(&u.id);
        for p in 1..=page_count(site.by_unit[ui].len(), per) {
            add(list_page_path(&base, p), PageKind::Unit(ui, p));
        }
    }
    add("the/".into(), PageKind::Tags);
    for (ti, t) in site.tags.iter().enumerate() {
        let base = tag_path(&t.slug);
        for p in 1..=page_count(t.articles.len(), per) {
            add(list_page_path(&base, p), PageKind::Tag(ti, p));
        }
    }
    pages
}

/// Every bundle file: output file, article index, source path.
pub fn bundle_files(site: &Site) -> impl Iterator<Item = (String, usize, &PathBuf)> {
    (site.articles.iter().enumerate()).flat_map(|(ai, a)| {
        (a.assets.iter()).map(move |(rel, path)| (format!("{}{rel}", a.path), ai, path))
    })
}

/// Every alias page: output file, article index, position in the front matter.
pub fn alias_files(site: &Site) -> impl Iterator<Item = (&String, usize, Pos)> {
    (site.articles.iter().enumerate())
        .flat_map(|(ai, a)| a.fm.aliases.iter().map(move |(file, pos)| (file, ai, *pos)))
}

/// The text at `pos` in `source` without the quotes around it (a front matter value as
/// written), when the source text is still there.
fn written_at(source: &crate::diagnostics::SourceFile, pos: Pos) -> Option<String> {
    let line = source.line(pos.line)?;
    let text: String = line
        .chars()
        .skip(pos.col.checked_sub(1)?)
        .take(pos.len)
        .collect();
    let text = text.trim();
    let unquoted = ['"', '\'']
        .iter()
        .find_map(|&q| text.strip_prefix(q)?.strip_suffix(q))
        .unwrap_or(text);
    (!unquoted.is_empty()).then(|| unquoted.to_string())
}

/// Who owns an output file, for collision messages.
#[derive(Debug, Clone)]
enum Owner {
    Generated,
    Alias(usize),
    Bundle(usize),
    Static(String),
}

/// The output files claimed so far, and the folders that hold them.
struct Claims {
    owners: HashMap<String, Owner>,
    folders: HashSet<String>,
}

impl Claims {
    /// Who already has `file` (compared case-insensitively, as some hosts do), or a folder
    /// where `file` would go, or a file where `file`'s folder would go.
    fn clash(&self, file: &str) -> Option<Owner> {
        let key = file.to_lowercase();
        if let Some(o) = self.owners.get(&key) {
            return Some(o.clone());
        }
        if self.folders.contains(&key) {
            return Some(Owner::Generated);
        }
        key.match_indices('/')
            .find_map(|(i, _)| self.owners.get(&key[..i]).cloned())
    }

    fn claim(&mut self, file: &str, owner: Owner) {
        let key = file.to_lowercase();
        self.folders
            .extend(key.match_indices('/').map(|(i, _)| key[..i].to_string()));
        self.owners.insert(key, owner);
    }
}

/// Checks that no alias, bundle file or static file takes the place of a generated file, a
/// feed or another alias. `static_files` are output paths of static files with their source.
pub fn check_collisions(
    site: &Site,
    pages: &[Page],
    static_files: &[(String, String)],
) -> Vec<Diagnostic> {
    let mut claims = Claims {
        owners: HashMap::new(),
        folders: HashSet::new(),
    };
    for p in pages {
        claims.claim(&p.file, Owner::Generated);
    }
    let mut diags = Vec::new();
    let describe = |o: &Owner| -> String {
        match o {
            Owner::Generated => "một trang do guong tạo ra".to_string(),
            Owner::Alias(a) => format!("một alias của {}", site.articles[*a].source.name),
            Owner::Bundle(a) => format!("một tệp đi kèm {}", site.articles[*a].source.name),
            Owner::Static(s) => format!("tệp tĩnh {s}"),
        }
    };
    // An alias that takes a static file's place is the alias's fault (the editor added it):
    // reported at the alias, in the article's front matter.
    let mut statics = Claims {
        owners: HashMap::new(),
        folders: HashSet::new(),
    };
    for (file, source) in static_files {
        statics.claim(file, Owner::Static(source.clone()));
    }
    for (file, ai, pos) in alias_files(site) {
        match claims.clash(file).or_else(|| statics.clash(file)) {
            Some(o) => {
                let source = &site.articles[ai].source;
                // The alias as the editor wrote it, and the page it makes when that differs
                // (`/css/style.css` makes `/css/style.css/index.html`).
                let alias = match written_at(source, pos) {
                    Some(w) if w.trim_start_matches('/') != file.as_str() => {
                        format!("{w} (trang chuyển hướng /{file})")
                    }
                    _ => format!("/{file}"),
                };
                diags.push(Diagnostic::at_pos(
                    source,
                    pos,
                    format!("alias {alias} trùng với {}", describe(&o)),
                ));
            }
            None => claims.claim(file, Owner::Alias(ai)),
        }
    }
    for (file, ai, _) in bundle_files(site) {
        let a = &site.articles[ai];
        let rel = &file[a.path.len()..];
        match claims.clash(&file) {
            Some(o) => diags.push(Diagnostic::file(
                &a.source.name,
                format!("tệp đi kèm `{rel}` (/{file}) trùng với {}", describe(&o)),
            )),
            None => claims.claim(&file, Owner::Bundle(ai)),
        }
    }
    for (file, source) in static_files {
        match claims.clash(file) {
            Some(o) => diags.push(Diagnostic::file(
                source,
                format!("tệp tĩnh /{file} trùng với {}", describe(&o)),
            )),
            None => claims.claim(file, Owner::Static(source.clone())),
        }
    }
    diags
}
