//! Assembling validated articles into the site graph.

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::load::content::ArticleFile;
use crate::model::article::{Article, ImageRef};
use crate::text::collate;
use crate::text::dates::Quarter;
use crate::text::slug::slugify;
use crate::validate::article::FrontMatter;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// A tag and its articles.
#[derive(Debug, Clone)]
pub struct Tag {
    /// The first spelling met (in source order).
    pub name: String,
    /// URL slug.
    pub slug: String,
    /// Indices into `Site::articles`, newest first.
    pub articles: Vec<usize>,
}

/// The site graph.
#[derive(Debug, Clone)]
pub struct Site {
    /// Settings from `site.yaml`.
    pub config: SiteConfig,
    /// Published articles, newest first.
    pub articles: Vec<Article>,
    /// Article indices per column (same order as `config.fields`), newest first.
    pub by_field: Vec<Vec<usize>>,
    /// Article indices per unit (same order as `config.units`), newest first.
    pub by_unit: Vec<Vec<usize>>,
    /// Quarters that have articles, newest first, with their articles newest first.
    pub quarters: Vec<(Quarter, Vec<usize>)>,
    /// Tags in Vietnamese alphabetical order.
    pub tags: Vec<Tag>,
    /// Unit indices in Vietnamese alphabetical order of their names.
    pub unit_order: Vec<usize>,
    /// Article index by source path relative to `content/` (published articles).
    pub by_source: HashMap<String, usize>,
    /// Source paths of drafts left out of this build (links to them are errors).
    pub unpublished: Vec<String>,
    /// Source paths of articles left out because their front matter has errors (already
    /// reported): links to them are not reported again.
    pub invalid: Vec<String>,
    /// The site's `static/` folder.
    pub static_dir: std::path::PathBuf,
    /// Every file the plan generates, aliases and bundle files, made on first use by the
    /// link check of article bodies.
    pub known_files: std::sync::OnceLock<std::collections::HashSet<String>>,
}

/// A validated article file waiting to be placed in the graph.
pub struct Parsed {
    /// The file as found by the walk.
    pub file: ArticleFile,
    /// Its text.
    pub source: SourceFile,
    /// Its front matter.
    pub fm: FrontMatter,
    /// Byte offset of the body.
    pub body_offset: usize,
}

/// Builds the site graph; `drafts` keeps draft articles. `static_dir` is searched for cover
/// images that are not bundle files.
pub fn assemble(
    config: SiteConfig,
    parsed: Vec<Parsed>,
    drafts: bool,
    static_dir: &Path,
) -> Result<Site, Vec<Diagnostic>> {
    let (site, diags) = assemble_all(config, parsed, Vec::new(), drafts, static_dir);
    if diags.is_empty() {
        Ok(site)
    } else {
        Err(diags)
    }
}

/// Builds the site graph even when something clashes (two articles on one URL, tags whose
/// slugs collide, a missing cover image), returning the problems beside it, so that the later
/// stages can still look for errors in the rest of the site. `invalid` are the source paths
/// left out for front matter errors (see [`Site::invalid`]).
pub fn assemble_all(
    config: SiteConfig,
    parsed: Vec<Parsed>,
    invalid: Vec<String>,
    drafts: bool,
    static_dir: &Path,
) -> (Site, Vec<Diagnostic>) {
    let (site, mut diags, covers) = assemble_parts(config, parsed, invalid, drafts, static_dir);
    diags.extend(covers);
    (site, diags)
}

/// [`assemble_all`], with the cover images that cannot be used apart from the other problems:
/// their article is kept without a cover, so the site still renders whole and its links can
/// be checked in the same run.
pub fn assemble_parts(
    config: SiteConfig,
    parsed: Vec<Parsed>,
    invalid: Vec<String>,
    drafts: bool,
    static_dir: &Path,
) -> (Site, Vec<Diagnostic>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut covers = Vec::new();
    let base = config.base_url.path.clone();
    // Each article on its own, side by side: its cover is looked up on disk.
    let made: Vec<Result<(Article, Option<Diagnostic>), String>> = parsed
        .into_par_iter()
        .map(|p| {
            if p.fm.draft && !drafts {
                Err(p.file.rel)
            } else {
                Ok(article_of(p, static_dir, &base))
            }
        })
        .collect();
    let mut unpublished = Vec::new();
    let mut articles: Vec<Article> = Vec::with_capacity(made.len());
    for m in made {
        match m {
            Ok((a, cover)) => {
                articles.push(a);
                covers.extend(cover);
            }
            Err(rel) => unpublished.push(rel),
        }
    }
    articles.sort_by(|a, b| {
        b.fm.date
            .cmp(&a.fm.date)
            .then_with(|| collate::compare(&a.fm.title, &b.fm.title))
            .then_with(|| a.rel.cmp(&b.rel))
    });

    // Two articles may not share a URL.
    let mut by_slug: HashMap<&str, usize> = HashMap::new();
    for (i, a) in articles.iter().enumerate() {
        if let Some(&j) = by_slug.get(a.fm.slug.0.as_str()) {
            let other = &articles[j];
            let (pos, first) = (a.fm.slug.1, other);
            diags.push(
                Diagnostic::at_pos(
                    &a.source,
                    pos,
                    format!(
                        "bài viết trùng đường dẫn /{} với {}",
                        a.path, first.source.name
                    ),
                )
                .with_hint("đổi tiêu đề hoặc thêm khóa `slug` khác cho một trong hai bài"),
            );
            let opos = other.fm.slug.1;
            diags.push(Diagnostic::at_pos(
                &other.source,
                opos,
                format!(
                    "bài viết trùng đường dẫn /{} với {}",
                    other.path, a.source.name
                ),
            ));
        } else {
            by_slug.insert(&a.fm.slug.0, i);
        }
    }

    // Tags: spellings that differ only in case are one tag; different tags whose slugs collide
    // are an error naming both spellings.
    let mut tag_index: BTreeMap<String, usize> = BTreeMap::new();
    let mut tags: Vec<Tag> = Vec::new();
    let mut tag_of_article: Vec<Vec<usize>> = vec![Vec::new(); articles.len()];
    let mut by_tag_slug: HashMap<String, (String, String)> = HashMap::new();
    let mut in_source_order: Vec<usize> = (0..articles.len()).collect();
    in_source_order.sort_by(|&a, &b| articles[a].rel.cmp(&articles[b].rel));
    for &ai in &in_source_order {
        let a = &articles[ai];
        for (name, pos) in &a.fm.tags {
            let lower = name.to_lowercase();
            let slug = slugify(name);
            if let Some((other_lower, other_name)) = by_tag_slug.get(&slug)
                && *other_lower != lower
            {
                diags.push(
                    Diagnostic::at_pos(
                        &a.source,
                        *pos,
                        format!(
                            "thẻ `{name}` và thẻ `{other_name}` có cùng đường dẫn /the/{slug}/"
                        ),
                    )
                    .with_hint(format!("dùng cùng một cách viết, ví dụ `{other_name}`")),
                );
                continue;
            }
            by_tag_slug
                .entry(slug.clone())
                .or_insert_with(|| (lower.clone(), name.clone()));
            let ti = *tag_index.entry(lower).or_insert_with(|| {
                tags.push(Tag {
                    name: name.clone(),
                    slug,
                    articles: Vec::new(),
                });
                tags.len() - 1
            });
            tag_of_article[ai].push(ti);
        }
    }
    for (ai, ts) in tag_of_article.iter().enumerate() {
        for &ti in ts {
            tags[ti].articles.push(ai);
        }
    }
    // Tags sorted in Vietnamese order; remap indices.
    let mut order: Vec<usize> = (0..tags.len()).collect();
    order.sort_by(|&a, &b| {
        collate::compare(&tags[a].name, &tags[b].name).then_with(|| tags[a].slug.cmp(&tags[b].slug))
    });
    let mut new_index = vec![0; tags.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let mut sorted_tags: Vec<Tag> = order.iter().map(|&i| tags[i].clone()).collect();
    for t in &mut sorted_tags {
        t.articles.sort_unstable();
    }
    for (ai, ts) in tag_of_article.into_iter().enumerate() {
        articles[ai].tags = ts.into_iter().map(|t| new_index[t]).collect();
    }

    let mut by_field = vec![Vec::new(); config.fields.len()];
    let mut by_unit = vec![Vec::new(); config.units.len()];
    let mut quarters: BTreeMap<Quarter, Vec<usize>> = BTreeMap::new();
    for (i, a) in articles.iter().enumerate() {
        by_field[a.fm.field].push(i);
        by_unit[a.fm.unit].push(i);
        quarters.entry(a.fm.quarter).or_default().push(i);
    }
    let mut unit_order: Vec<usize> = (0..config.units.len()).collect();
    unit_order.sort_by(|&a, &b| {
        collate::compare(&config.units[a].name, &config.units[b].name).then_with(|| a.cmp(&b))
    });
    let by_source = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.rel.clone(), i))
        .collect();
    let site = Site {
        config,
        articles,
        by_field,
        by_unit,
        quarters: quarters.into_iter().rev().collect(),
        tags: sorted_tags,
        unit_order,
        by_source,
        unpublished,
        invalid,
        static_dir: static_dir.to_path_buf(),
        known_files: Default::default(),
    };
    (site, diags, covers)
}

/// The article of a parsed file (not a draft left out), and the problem of its cover if it
/// has one (the cover is then left out).
fn article_of(mut p: Parsed, static_dir: &Path, base: &str) -> (Article, Option<Diagnostic>) {
    let mut cover = None;
    if let Some((img, pos)) = &p.fm.image
        && let Some(why) = image_problem(img, &p.file, static_dir)
    {
        cover = Some(Diagnostic::at_pos(
            &p.source,
            *pos,
            format!("không dùng được ảnh `{img}`: {why}"),
        ));
        p.fm.image = None;
    }
    if let Some((img, _)) = &p.fm.image
        && let Some(sibling) = sibling_image(&p.file, img)
    {
        p.file.assets.push(sibling);
    }
    let path = format!("bai-viet/{}/", p.fm.slug.0);
    let image = p.fm.image.as_ref().and_then(|(img, pos)| {
        let alt = p.fm.image_alt.clone().unwrap_or_else(|| p.fm.exemplar.clone().unwrap_or_else(|| p.fm.title.clone()));
        match resolve_image(img, &p.file, static_dir, base, &path) {
            Some(url) => Some(ImageRef { url, alt }),
            None => {
                cover = Some(
                    Diagnostic::at_pos(&p.source, *pos, format!("không tìm thấy ảnh `{img}`"))
                        .with_hint("đặt ảnh cạnh bài viết (bài dạng thư mục có index.md) hoặc trong static/, rồi ghi đường dẫn tương đối"),
                );
                None
            }
        }
    });
    let article = Article {
        source: p.source,
        rel: p.file.rel,
        fm: p.fm,
        body_offset: p.body_offset,
        path,
        assets: p.file.assets,
        image,
        tags: Vec::new(),
    };
    (article, cover)
}

/// Why a cover image named in front matter may not be published (SPEC §7): a `_` or `.` name
/// on its path, or a file beside the article or under `static/` reached through a symlink that
/// leaves the site or passes through a linked folder.
fn image_problem(img: &str, file: &ArticleFile, static_dir: &Path) -> Option<String> {
    let lower = img.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        return None;
    }
    if crate::load::links::has_unpublished_name(img) {
        return Some("tên bắt đầu bằng `_` hoặc `.` không bao giờ được xuất bản".into());
    }
    let root = static_dir.parent().unwrap_or(Path::new("."));
    let trimmed = img.trim_start_matches('/');
    let mut candidates = vec![static_dir.join(trimmed.strip_prefix("static/").unwrap_or(trimmed))];
    if !img.starts_with('/')
        && let Some(dir) = file.path.parent()
    {
        candidates.push(dir.join(trimmed));
    }
    candidates
        .into_iter()
        .filter(|c| std::fs::symlink_metadata(c).is_ok())
        .find_map(|c| crate::load::links::check(root, &c).err())
}

/// A cover image beside a plain (non-bundle) article: it travels with the article like a
/// bundle file, so that `image: anh.jpg` works for `content/2020/a.md` and `content/2020/anh.jpg`.
fn sibling_image(file: &ArticleFile, img: &str) -> Option<(String, std::path::PathBuf)> {
    let is_bundle = file.rel.ends_with("/index.md");
    let plain = !img.starts_with('/') && !img.contains("..") && !img.contains(['\\', ':']);
    if is_bundle || !plain {
        return None;
    }
    let path = file.path.parent()?.join(img);
    path.is_file().then(|| (img.to_string(), path))
}

/// Resolves a cover image: an absolute URL, a bundle file, or a file under `static/`.
fn resolve_image(
    img: &str,
    file: &ArticleFile,
    static_dir: &Path,
    base: &str,
    page_path: &str,
) -> Option<String> {
    let lower = img.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        return Some(img.to_string());
    }
    if img.contains("..") || img.contains('\\') || img.contains(':') {
        return None;
    }
    let trimmed = img.trim_start_matches('/');
    if !img.starts_with('/') && file.assets.iter().any(|(rel, _)| rel == trimmed) {
        return Some(format!("{base}{page_path}{trimmed}"));
    }
    let static_path = static_dir.join(trimmed.strip_prefix("static/").unwrap_or(trimmed));
    if static_path.is_file() {
        return Some(format!(
            "{base}{}",
            trimmed.strip_prefix("static/").unwrap_or(trimmed)
        ));
    }
    None
}
