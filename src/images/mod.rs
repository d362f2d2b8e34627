//! Image stage (SPEC §8): every photo the site publishes is decoded once, turned upright,
//! stripped of all metadata, resized and re-encoded, in parallel, through the cache in
//! `.guong-cache/`. Render gets, per image, the published files and their sizes.

pub mod cache;
pub mod collect;
pub mod decode;
pub mod encode;
pub mod markup;
pub mod svg;

use crate::diagnostics::Diagnostic;
use crate::model::Site;
use cache::{Cache, Entry, Memo, VariantFile};
use collect::{Job, Use};
use encode::{FULL_JPEG_QUALITY, JPEG_QUALITY, OG, Pixels, WIDTHS};
use image::ImageFormat;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A resized variant, by site path (relative to the base path, as written to output).
#[derive(Debug, Clone)]
pub struct Variant {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// The WebP file.
    pub webp: String,
    /// The JPEG or PNG file.
    pub fallback: String,
}

/// One published image: the full-size file keeps the source's path.
#[derive(Debug, Clone)]
pub struct Published {
    /// Width of the upright image.
    pub width: u32,
    /// Height of the upright image.
    pub height: u32,
    /// Site path of the full-size file.
    pub full: String,
    /// Variants, narrowest first (empty for images no article shows).
    pub variants: Vec<Variant>,
    /// Site path of the 1200×630 preview, for covers.
    pub og: Option<String>,
    /// MIME type of the fallbacks.
    pub fallback_type: &'static str,
}

/// What the image stage hands on to render and write.
#[derive(Debug, Default)]
pub struct Images {
    /// Published images by the site path of their source.
    pub by_path: HashMap<String, Published>,
    /// Output files and where their bytes are (in the cache).
    pub files: Vec<(String, PathBuf)>,
    /// Sanitized SVG files: output path and bytes.
    pub svgs: Vec<(String, Vec<u8>)>,
    /// Images decoded and encoded in this run.
    pub processed: usize,
    /// Images taken from the cache.
    pub cached: usize,
}

impl Images {
    /// Whether `file` (an output path) is written by this stage rather than copied.
    pub fn owns(&self, file: &str) -> bool {
        self.by_path.contains_key(file) || self.svgs.iter().any(|(f, _)| f == file)
    }
}

/// The site's own `static/` files (output path, file), as the render stage publishes them.
fn site_statics(root: &Path) -> Vec<(String, PathBuf)> {
    let dir = root.join("static");
    walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(&dir).ok()?.to_string_lossy();
            let rel = rel.replace('\\', "/");
            (!rel.split('/').any(|s| s.starts_with('.'))).then(|| (rel, e.into_path()))
        })
        .collect()
}

/// Runs the stage for `site` at `root`: all problems are returned together.
pub fn process(site: &Site, root: &Path) -> Result<Images, Vec<Diagnostic>> {
    let memo = Memo::load(root);
    let images = process_with(site, root, &memo)?;
    memo.save(root);
    Ok(images)
}

/// [`process`], with the photo keys and cache entries of earlier runs in `memo` (`serve`).
pub fn process_with(site: &Site, root: &Path, memo: &Memo) -> Result<Images, Vec<Diagnostic>> {
    let statics = site_statics(root);
    let jobs = collect::jobs(site, &statics);
    let clashes = clashes(site, root, &jobs, &statics);
    if !clashes.is_empty() {
        return Err(clashes);
    }
    let jobs: Vec<(String, Job)> = jobs.into_iter().collect();
    if jobs.is_empty() && !root.join(".guong-cache").exists() {
        // A site without photos gets no cache folder.
        let (svgs, diags) = svg::site_svgs(site, &statics, root);
        return if diags.is_empty() {
            Ok(Images {
                svgs,
                ..Images::default()
            })
        } else {
            Err(diags)
        };
    }
    let cache = Cache::open(root).map_err(|e| {
        vec![Diagnostic::file(
            shown(root, &root.join(".guong-cache")),
            format!("không mở được bộ nhớ đệm ảnh: {e}"),
        )]
    })?;
    let done = AtomicUsize::new(0);
    let progress = jobs.len() >= 20 && std::io::stderr().is_terminal();
    let results: Vec<Result<(String, Entry, bool), String>> = jobs
        .par_iter()
        .map(|(_, job)| {
            let r = run(&cache, job, memo);
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            if progress && (n.is_multiple_of(10) || n == jobs.len()) {
                eprint!("\rĐang xử lý ảnh: {n}/{}", jobs.len());
            }
            if fresh_work(&r) && n.is_multiple_of(TRIM_EVERY) {
                crate::memory::release();
            }
            r
        })
        .collect();
    crate::memory::release();
    if progress {
        eprint!("\r\x1b[K");
    }
    let mut images = Images::default();
    let mut diags = Vec::new();
    let mut keep = HashSet::new();
    for ((file, job), r) in jobs.iter().zip(results) {
        match r {
            Ok((key, entry, fresh)) => {
                if fresh {
                    images.processed += 1;
                } else {
                    images.cached += 1;
                }
                let dir = cache.path(&key);
                let published = publish(file, &entry, &dir, &mut images.files);
                images.by_path.insert(file.clone(), published);
                keep.insert(key);
            }
            Err(msg) => diags.extend(
                job.uses
                    .iter()
                    .map(|u| diagnostic(site, root, job, u, &msg)),
            ),
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let (svgs, svg_errors) = svg::site_svgs(site, &statics, root);
    if !svg_errors.is_empty() {
        return Err(svg_errors);
    }
    if memo.kept_changed(&keep) {
        cache.prune(&keep);
    }
    images.svgs = svgs;
    Ok(images)
}

/// What `check` can tell without writing anything: every published photo is readable, a
/// JPEG, PNG or WebP, whole, and at most 50 megapixels.
pub fn verify(site: &Site, root: &Path) -> Vec<Diagnostic> {
    let statics = site_statics(root);
    let jobs = collect::jobs(site, &statics);
    let clashes = clashes(site, root, &jobs, &statics);
    if !clashes.is_empty() {
        return clashes;
    }
    let jobs: Vec<(String, Job)> = jobs.into_iter().collect();
    let results: Vec<Option<String>> = jobs
        .par_iter()
        .map(|(_, job)| {
            let bytes = std::fs::read(&job.src).map_err(|e| format!("không đọc được ảnh: {e}"));
            bytes.and_then(|b| decode::check(&b)).err()
        })
        .collect();
    let mut diags: Vec<Diagnostic> = jobs
        .iter()
        .zip(results)
        .filter_map(|((_, job), r)| r.map(|m| (job, m)))
        .flat_map(|(job, m)| {
            job.uses
                .iter()
                .map(move |u| diagnostic(site, root, job, u, &m))
                .collect::<Vec<_>>()
        })
        .collect();
    diags.extend(svg::site_svgs(site, &statics, root).1);
    diags
}

/// Variant names that another source would publish too, as errors at the photo's first use.
fn clashes(
    site: &Site,
    root: &Path,
    jobs: &std::collections::BTreeMap<String, Job>,
    statics: &[(String, PathBuf)],
) -> Vec<Diagnostic> {
    let bundles: Vec<(String, &PathBuf)> = crate::model::paths::bundle_files(site)
        .map(|(f, _, p)| (f, p))
        .collect();
    let others = statics
        .iter()
        .map(|(f, p)| (f.as_str(), p.as_path()))
        .chain(bundles.iter().map(|(f, p)| (f.as_str(), p.as_path())));
    collect::variant_clashes(jobs, others)
        .into_iter()
        .filter_map(|(file, clash)| {
            let job = &jobs[&file];
            let u = job.uses.iter().find(|u| !matches!(u, Use::File(_)))?;
            let stem = file.rsplit_once('.').map_or(file.as_str(), |(s, _)| s);
            let stem = stem.rsplit('/').next().unwrap_or(stem);
            let msg = match clash {
                collect::Clash::Photo(first) => format!(
                    "cùng tên với ảnh `{}` (chỉ khác phần đuôi) nên các bản thu nhỏ của hai ảnh sẽ trùng tên (`{stem}.720w.webp`…); hãy đổi tên một trong hai ảnh",
                    shown(root, &jobs[&first].src)
                ),
                collect::Clash::File(out, src) => format!(
                    "tệp `{}` (/{out}) trùng tên với một bản thu nhỏ hay ảnh xem trước mà guong tạo từ ảnh này (`{stem}.<rộng>w.webp`, `{stem}.og.jpg`…); hãy đổi tên tệp đó",
                    shown(root, &src)
                ),
            };
            Some(diagnostic(site, root, job, u, &msg))
        })
        .collect()
}

/// Site paths of an entry's files; records them in `files`.
fn publish(file: &str, e: &Entry, dir: &Path, files: &mut Vec<(String, PathBuf)>) -> Published {
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    files.push((file.to_string(), dir.join(&e.full)));
    let mut put = |name: &str, out: String| {
        if name == e.full {
            return file.to_string();
        }
        files.push((out.clone(), dir.join(name)));
        out
    };
    let ext = |n: &str| n.rsplit_once('.').map_or("", |(_, x)| x).to_string();
    let variants = e
        .variants
        .iter()
        .map(|v| Variant {
            width: v.width,
            height: v.height,
            webp: put(&v.webp, format!("{stem}.{}w.webp", v.width)),
            fallback: put(
                &v.fallback,
                format!("{stem}.{}w.{}", v.width, ext(&v.fallback)),
            ),
        })
        .collect();
    let og = e.og.as_ref().map(|n| put(n, format!("{stem}.og.jpg")));
    Published {
        width: e.width,
        height: e.height,
        full: file.to_string(),
        variants,
        og,
        fallback_type: if e.alpha { "image/png" } else { "image/jpeg" },
    }
}

/// One job: from the cache when it holds the entry, else decoded and encoded now.
/// How many images are processed between two returns of freed memory to the system: without
/// them, glibc's arenas keep every buffer's pages and a cold build of 6,000 photos peaked at
/// 630–810 MiB resident for under 30 MiB in use (docs/benchmark.md).
const TRIM_EVERY: usize = 32;

fn fresh_work(r: &Result<(String, Entry, bool), String>) -> bool {
    matches!(r, Ok((_, _, true)))
}

fn run(cache: &Cache, job: &Job, memo: &Memo) -> Result<(String, Entry, bool), String> {
    let unreadable = |e: std::io::Error| format!("không đọc được ảnh: {e}");
    let (key, bytes) = memo
        .key(&job.src, job.variants, job.og)
        .map_err(unreadable)?;
    if let Some(entry) = memo.entry(cache, &key) {
        return Ok((key, entry, false));
    }
    let bytes = match bytes {
        Some(b) => b,
        None => std::fs::read(&job.src).map_err(unreadable)?,
    };
    let (entry, files) = make(&bytes, job.variants, job.og)?;
    cache
        .put(&key, &entry, &files)
        .map_err(|e| format!("không ghi được bộ nhớ đệm ảnh: {e}"))?;
    memo.remember(&key, &entry);
    Ok((key, entry, true))
}

/// A made cache entry and its files (name in the entry's folder, bytes).
pub type Made = (Entry, Vec<(String, Vec<u8>)>);

/// Decodes and encodes one image: the full-size file, the variants, the preview.
pub fn make(bytes: &[u8], variants: bool, og: bool) -> Result<Made, String> {
    let decoded = decode::decode(bytes)?;
    let px = Pixels::from_image(decoded.image);
    let (full_ext, full_bytes) = match decoded.format {
        ImageFormat::Png => ("png", px.png()?),
        ImageFormat::WebP => ("webp", px.webp()),
        _ => ("jpg", px.jpeg(FULL_JPEG_QUALITY)?),
    };
    let full = format!("full.{full_ext}");
    let fb_ext = if px.alpha { "png" } else { "jpg" };
    let mut files = vec![(full.clone(), full_bytes)];
    let mut list = Vec::new();
    if variants {
        let mut widths: Vec<u32> = WIDTHS.iter().copied().filter(|&w| w < px.width).collect();
        if px.width <= WIDTHS[WIDTHS.len() - 1] {
            widths.push(px.width);
        }
        // Widest first, each made from the one before: far less work than from the original.
        let mut prev: Option<Pixels> = None;
        for &w in widths.iter().rev() {
            let v = if w == px.width {
                None
            } else {
                let from = prev.as_ref().unwrap_or(&px);
                Some(from.resize(w, px.height_at(w), false)?)
            };
            let p = v.as_ref().unwrap_or(&px);
            let webp = format!("{w}.webp");
            files.push((webp.clone(), p.webp()));
            let fallback = if w == px.width && full_ext == fb_ext {
                full.clone()
            } else {
                let data = if px.alpha {
                    p.png()?
                } else {
                    p.jpeg(JPEG_QUALITY)?
                };
                files.push((format!("{w}.{fb_ext}"), data));
                format!("{w}.{fb_ext}")
            };
            list.push(VariantFile {
                width: w,
                height: p.height,
                webp,
                fallback,
            });
            if v.is_some() {
                prev = v;
            }
        }
        list.reverse();
    }
    let og = if og {
        let p = px.resize(OG.0, OG.1, true)?;
        files.push(("og.jpg".into(), p.jpeg(JPEG_QUALITY)?));
        Some("og.jpg".to_string())
    } else {
        None
    };
    let entry = Entry {
        width: px.width,
        height: px.height,
        full,
        variants: list,
        og,
        alpha: px.alpha,
    };
    Ok((entry, files))
}

/// A path as editors see it (relative to the site root as given).
pub(crate) fn shown(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    if root == Path::new(".") || root.as_os_str().is_empty() {
        rel.to_string_lossy().into_owned()
    } else {
        root.join(rel).to_string_lossy().into_owned()
    }
}

/// The error of a failed image at one of its uses.
fn diagnostic(site: &Site, root: &Path, job: &Job, u: &Use, msg: &str) -> Diagnostic {
    let file = shown(root, &job.src);
    match u {
        Use::Cover(i) => {
            let a = &site.articles[*i];
            match &a.fm.image {
                Some((_, pos)) => {
                    Diagnostic::at_pos(&a.source, *pos, format!("ảnh bìa `{file}`: {msg}"))
                }
                None => Diagnostic::file(file, msg),
            }
        }
        Use::Body(i, range) => {
            let a = &site.articles[*i];
            let (line, col) = a.source.position(a.body_offset + range.start);
            let len = a.body()[range.clone()]
                .chars()
                .take_while(|c| *c != '\n')
                .count();
            Diagnostic::at(&a.source, line, col, len, format!("ảnh `{file}`: {msg}"))
        }
        Use::File(_) => Diagnostic::file(file, msg),
    }
}
