//! Finds the images the site publishes: every article's cover and the images in its body
//! (from its bundle or `static/`), and the other photos of bundles and `static/`, which are
//! published too and so must lose their metadata. Each file becomes one job.

use crate::model::Site;
use pulldown_cmark::{Event, Parser, Tag};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where a file is used, for error messages.
#[derive(Debug, Clone)]
pub enum Use {
    /// The cover of article `i` (`image:` in its front matter).
    Cover(usize),
    /// An image in article `i`'s body, at this byte range of the body.
    Body(usize, std::ops::Range<usize>),
    /// Published without an article naming it; errors name the file.
    File(String),
}

/// One source image to publish.
#[derive(Debug, Clone)]
pub struct Job {
    /// The file on disk.
    pub src: PathBuf,
    /// Resized variants are wanted (the image is a cover or in a body).
    pub variants: bool,
    /// A 1200×630 link-preview image is wanted (the image is a cover).
    pub og: bool,
    /// Every use, in site order.
    pub uses: Vec<Use>,
}

/// Raster formats guong re-encodes; GIF and SVG are copied.
pub fn is_raster(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".webp"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// The jobs of a site, keyed by output path (relative to the output root, which is also the
/// image's site path under the base path). `statics` are the site's own `static/` files
/// (output path, file on disk).
pub fn jobs(site: &Site, statics: &[(String, PathBuf)]) -> BTreeMap<String, Job> {
    let mut jobs: BTreeMap<String, Job> = BTreeMap::new();
    let static_of: BTreeMap<&str, &Path> = statics
        .iter()
        .map(|(f, p)| (f.as_str(), p.as_path()))
        .collect();
    let mut unused: Vec<(String, PathBuf)> = Vec::new();
    let mut add = |file: String, src: &Path, u: Use, cover: bool| {
        let job = jobs.entry(file).or_insert_with(|| Job {
            src: src.to_path_buf(),
            variants: true,
            og: false,
            uses: Vec::new(),
        });
        job.og |= cover;
        job.uses.push(u);
    };
    let base = &site.config.base_url.path;
    for (i, a) in site.articles.iter().enumerate() {
        let find = |site_path: &str| -> Option<(String, PathBuf)> {
            if let Some(rel) = site_path.strip_prefix(a.path.as_str())
                && let Some((_, p)) = a.assets.iter().find(|(r, _)| r == rel)
            {
                return Some((site_path.to_string(), p.clone()));
            }
            static_of
                .get(site_path)
                .map(|p| (site_path.to_string(), p.to_path_buf()))
        };
        if let Some(img) = &a.image
            && let Some(site_path) = img.url.strip_prefix(base.as_str())
            && is_raster(site_path)
            && let Some((file, src)) = find(site_path)
        {
            add(file, &src, Use::Cover(i), true);
        }
        for (rel, p) in &a.assets {
            if is_raster(rel) {
                unused.push((format!("{}{rel}", a.path), p.clone()));
            }
        }
        let body = a.body();
        if !body.contains("![") && !body.contains("]:") {
            continue;
        }
        for (event, range) in Parser::new(body).into_offset_iter() {
            let Event::Start(Tag::Image { dest_url, .. }) = event else {
                continue;
            };
            let dest = crate::text::url::percent_decode(dest_url.trim());
            let Some(site_path) = site_path_of(&dest, &a.path) else {
                continue;
            };
            if is_raster(&site_path)
                && let Some((file, src)) = find(&site_path)
            {
                add(file, &src, Use::Body(i, range), false);
            }
        }
    }
    for (file, p) in statics {
        if is_raster(file) {
            unused.push((file.clone(), p.clone()));
        }
    }
    for (file, p) in unused {
        if !jobs.contains_key(&file) {
            jobs.insert(
                file.clone(),
                Job {
                    src: p,
                    variants: false,
                    og: false,
                    uses: vec![Use::File(file)],
                },
            );
        }
    }
    jobs
}

/// Warnings for `check`: body images without alt text (readers of screen readers and those
/// whose images do not load get nothing).
pub fn missing_alt(site: &Site) -> Vec<crate::diagnostics::Diagnostic> {
    let mut out = Vec::new();
    for a in &site.articles {
        let body = a.body();
        if !body.contains("![") {
            continue;
        }
        let mut open: Option<(std::ops::Range<usize>, String)> = None;
        for (event, range) in Parser::new(body).into_offset_iter() {
            match event {
                Event::Start(Tag::Image { .. }) => open = Some((range, String::new())),
                Event::Text(t) | Event::Code(t) => {
                    if let Some((_, alt)) = &mut open {
                        alt.push_str(&t);
                    }
                }
                Event::End(pulldown_cmark::TagEnd::Image) => {
                    if let Some((r, alt)) = open.take()
                        && alt.trim().is_empty()
                    {
                        let (line, col) = a.source.position(a.body_offset + r.start);
                        let len = body[r].chars().take_while(|c| *c != '\n').count();
                        out.push(
                            crate::diagnostics::Diagnostic::at(
                                &a.source,
                                line,
                                col,
                                len,
                                "ảnh không có lời mô tả (alt)",
                            )
                            .with_hint(
                                "viết lời mô tả trong ngoặc vuông: ![Bà Lan đứng lớp](anh.jpg)",
                            ),
                        );
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// The site path an image destination in an article at `page` names: relative to the page,
/// or site-absolute (`/images/a.jpg`); `None` for other sites, schemes and `..`.
pub fn site_path_of(dest: &str, page: &str) -> Option<String> {
    let dest = dest.split(['?', '#']).next().unwrap_or("");
    if dest.is_empty() || dest.contains(':') || dest.starts_with("//") || dest.contains('\\') {
        return None;
    }
    let joined = match dest.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => format!("{page}{}", dest.trim_start_matches("./")),
    };
    let ok = joined
        .split('/')
        .all(|s| !s.is_empty() && s != "." && s != "..");
    ok.then_some(joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_paths() {
        assert_eq!(
            site_path_of("anh.jpg", "bai-viet/a/").as_deref(),
            Some("bai-viet/a/anh.jpg")
        );
        assert_eq!(
            site_path_of("/images/x.png", "bai-viet/a/").as_deref(),
            Some("images/x.png")
        );
        assert_eq!(site_path_of("../x.png", "bai-viet/a/"), None);
        assert_eq!(site_path_of("https://a.vn/x.png", "bai-viet/a/"), None);
        assert!(is_raster("A.JPG") && !is_raster("a.gif") && !is_raster("a.svg"));
    }
}
