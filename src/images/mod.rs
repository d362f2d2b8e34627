//! Image stage (SPEC §8): every photo the site publishes is decoded once, turned upright,
//! stripped of all metadata, resized and re-encoded, in parallel, through the cache in
//! `.guong-cache/`. Render gets, per image, the published files and their sizes.

pub mod cache;
pub mod collect;
pub mod decode;
pub mod encode;
pub mod gif;
pub mod markup;
pub mod preview;
pub mod svg;

use crate::diagnostics::Diagnostic;
use crate::model::Site;
use cache::{Cache, Entry, Memo, VariantFile};
use collect::{Job, Kind, Use};
use encode::{FULL_JPEG_QUALITY, JPEG_QUALITY, OG, Pixels, WIDTHS};
use image::ImageFormat;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
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
    /// Published photos (JPEG, PNG, WebP) by the site path of their source.
    pub by_path: HashMap<String, Published>,
    /// Output files and where their bytes are (in the cache).
    pub files: Vec<(String, PathBuf)>,
    /// Sanitized SVG and stripped GIF files: output path and bytes.
    pub rewritten: BTreeMap<String, Vec<u8>>,
    /// Sizes of the GIF and SVG files in `rewritten` (an SVG may have none), for `width` and
    /// `height` in the markup.
    pub dimensions: HashMap<String, (u32, u32)>,
    /// The 1200×630 link previews of GIF and SVG covers: site path of the cover → site path
    /// of its preview (a JPEG, listed in `files`).
    pub previews: HashMap<String, String>,
    /// Images decoded and encoded in this run.
    pub processed: usize,
    /// Images taken from the cache.
    pub cached: usize,
}

impl Images {
    /// Whether `file` (an output path) is written by this stage rather than copied.
    pub fn owns(&self, file: &str) -> bool {
        self.by_path.contains_key(file) || self.rewritten.contains_key(file)
    }

    /// Whether the GIF or SVG at site path `file` is published by this stage.
    pub fn as_drawn(&self, file: &str) -> bool {
        self.rewritten.contains_key(file)
    }
}

/// The `static/` files whose images this stage publishes (output path, file): the site's
/// own, and the photos and GIFs of a theme on disk that the site's do not replace, so that
/// they too lose their metadata. A theme's SVG files are its own code and stay as they are.
fn site_statics(root: &Path, theme: &str) -> Vec<(String, PathBuf)> {
    let dir = root.join("static");
    let mut files: Vec<(String, PathBuf)> = walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(&dir).ok()?.to_string_lossy();
            let rel = rel.replace('\\', "/");
            (!rel.split('/').any(|s| s.starts_with('.'))).then(|| (rel, e.into_path()))
        })
        .collect();
    let own: HashSet<String> = files.iter().map(|(f, _)| f.clone()).collect();
    files.extend(
        crate::load::theme::theme_disk_statics(root, theme)
            .into_iter()
            .filter(|(f, _)| {
                !own.contains(f) && matches!(collect::kind_of(f), Some(Kind::Raster | Kind::Gif))
            }),
    );
    files
}

/// Runs the stage for `site` at `root`: all problems are returned together.
pub fn process(site: &Site, root: &Path) -> Result<Images, Vec<Diagnostic>> {
    let memo = Memo::load(root);
    let images = process_with(site, root, &memo)?;
    memo.save(root);
    Ok(images)
}

/// A GIF or SVG file as published: its bytes and size.
type Drawn = (Vec<u8>, Option<(u32, u32)>);

/// Reads a GIF or SVG job and makes what is published of it.
fn draw(job: &Job) -> Result<Drawn, String> {
    let data = std::fs::read(&job.src).map_err(|e| format!("không đọc được tệp: {e}"))?;
    match job.kind {
        Kind::Gif => gif::strip(&data).map(|g| (g.bytes, Some((g.width, g.height)))),
        _ => svg::sanitize(&data).map(|b| {
            let size = svg::size(&b);
            (b, size)
        }),
    }
}

/// [`process`], with the photo keys and cache entries of earlier runs in `memo` (`serve`).
pub fn process_with(site: &Site, root: &Path, memo: &Memo) -> Result<Images, Vec<Diagnostic>> {
    let statics = site_statics(root, &site.config.theme);
    let jobs = collect::jobs_with(site, &statics, |body| memo.body_images(body));
    memo.forget_other_bodies();
    let clashes = clashes(site, root, &jobs, &statics);
    if !clashes.is_empty() {
        return Err(clashes);
    }
    let (jobs, drawn): (Vec<_>, Vec<_>) =
        jobs.into_iter().partition(|(_, j)| j.kind == Kind::Raster);
    let mut images = Images::default();
    let mut diags = Vec::new();
    let results: Vec<Result<Drawn, String>> = drawn.par_iter().map(|(_, j)| draw(j)).collect();
    // GIF and SVG covers whose link previews are to be made (from the published bytes).
    let mut previews: Vec<(String, Vec<u8>, Job)> = Vec::new();
    for ((file, job), r) in drawn.into_iter().zip(results) {
        match r {
            Ok((bytes, size)) => {
                if let Some(size) = size {
                    images.dimensions.insert(file.clone(), size);
                }
                if job.og {
                    previews.push((file.clone(), bytes.clone(), job));
                }
                images.rewritten.insert(file, bytes);
            }
            Err(msg) => diags.extend(
                job.uses
                    .iter()
                    .map(|u| diagnostic(site, root, &job, u, &msg)),
            ),
        }
    }
    if jobs.is_empty() && previews.is_empty() && !root.join(".guong-cache").exists() {
        // A site without photos gets no cache folder.
        return if diags.is_empty() {
            Ok(images)
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
    let listing = cache.listing();
    let present = &listing.entries;
    let done = AtomicUsize::new(0);
    let progress = jobs.len() >= 20 && std::io::stderr().is_terminal();
    let results: Vec<Result<(String, Entry, bool), String>> = jobs
        .par_iter()
        .map(|(_, job)| {
            let r = run(&cache, job, memo, present);
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
    // Only work done now left buffers to give back: a warm rebuild, which decoded nothing,
    // does not pay for a walk of the whole heap here.
    if results.iter().any(fresh_work) {
        crate::memory::release();
    }
    if progress {
        eprint!("\r\x1b[K");
    }
    let made: Vec<Result<(String, bool), String>> = previews
        .par_iter()
        .map(|(_, bytes, job)| preview_entry(&cache, memo, present, job.kind, bytes))
        .collect();
    let mut keep = HashSet::new();
    for ((file, _, job), r) in previews.iter().zip(made) {
        match r {
            Ok((key, fresh)) => {
                if fresh {
                    images.processed += 1;
                } else {
                    images.cached += 1;
                }
                let stem = file.rsplit_once('.').map_or(file.as_str(), |(s, _)| s);
                let out = format!("{stem}.og.jpg");
                images
                    .files
                    .push((out.clone(), cache.path(&key).join(PREVIEW)));
                images.previews.insert(file.clone(), out);
                keep.insert(key);
            }
            Err(msg) => diags.extend(
                job.uses
                    .iter()
                    .filter(|u| matches!(u, Use::Cover(_)))
                    .map(|u| diagnostic(site, root, job, u, &msg)),
            ),
        }
    }
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
    // The folder was listed once already: it is read again only when something in it is stale.
    if memo.kept_changed(&keep) && listing.stale(&keep) {
        cache.prune(&keep);
    }
    Ok(images)
}

/// The file name of a drawn cover's preview in its cache entry.
const PREVIEW: &str = "og.jpg";

/// The cache entry of the link preview of a GIF or SVG cover (`bytes` as published): taken
/// from the cache, or made now. Returns its key and whether it was made.
fn preview_entry(
    cache: &Cache,
    memo: &Memo,
    present: &HashSet<String>,
    kind: Kind,
    bytes: &[u8],
) -> Result<(String, bool), String> {
    let key = Cache::preview_key(bytes);
    if memo.entry(cache, &key, present).is_some() {
        return Ok((key, false));
    }
    let jpeg = match kind {
        Kind::Gif => preview::of_gif(bytes)?,
        _ => preview::of_svg(bytes)?,
    };
    let entry = Entry {
        width: OG.0,
        height: OG.1,
        full: PREVIEW.into(),
        variants: Vec::new(),
        og: Some(PREVIEW.into()),
        alpha: false,
    };
    cache
        .put(&key, &entry, &[(PREVIEW.into(), jpeg)])
        .map_err(|e| format!("không ghi được bộ nhớ đệm ảnh: {e}"))?;
    memo.remember(&key, &entry);
    Ok((key, true))
}

/// What `check` can tell without writing anything: every published photo is readable, a
/// JPEG, PNG or WebP, whole, and at most 50 megapixels; every GIF is whole; every SVG parses.
pub fn verify(site: &Site, root: &Path) -> Vec<Diagnostic> {
    let statics = site_statics(root, &site.config.theme);
    let jobs = collect::jobs(site, &statics);
    let clashes = clashes(site, root, &jobs, &statics);
    if !clashes.is_empty() {
        return clashes;
    }
    let jobs: Vec<(String, Job)> = jobs.into_iter().collect();
    let results: Vec<Option<String>> = jobs
        .par_iter()
        .map(|(_, job)| match job.kind {
            Kind::Raster => {
                let bytes = std::fs::read(&job.src).map_err(|e| format!("không đọc được ảnh: {e}"));
                bytes.and_then(|b| decode::check(&b).map(|_| ())).err()
            }
            _ => draw(job)
                .and_then(|(bytes, _)| preview_check(job, &bytes))
                .err(),
        })
        .collect();
    jobs.iter()
        .zip(results)
        .filter_map(|((_, job), r)| r.map(|m| (job, m)))
        .flat_map(|(job, m)| {
            job.uses
                .iter()
                .map(move |u| diagnostic(site, root, job, u, &m))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Whether the link preview of a drawn cover (`bytes` as published) can be made, as `check`
/// tells it: an SVG is parsed, a GIF's first frame decoded.
fn preview_check(job: &Job, bytes: &[u8]) -> Result<(), String> {
    match job.kind {
        _ if !job.og => Ok(()),
        Kind::Gif => preview::of_gif(bytes).map(|_| ()),
        _ => preview::parse_svg(bytes).map(|_| ()),
    }
}

/// Warnings for `check` about images shown without a size, so the page moves while they
/// load: images from other sites (guong does not fetch them) and SVG files whose size
/// neither `width`/`height` nor `viewBox` gives. A raw-HTML `<img>` giving both `width` and
/// `height` is not warned about.
pub fn size_warnings(site: &Site, root: &Path) -> Vec<Diagnostic> {
    let statics = site_statics(root, &site.config.theme);
    let jobs = collect::jobs(site, &statics);
    let sizeless: HashSet<&str> = jobs
        .iter()
        .filter(|(_, j)| j.kind == Kind::Svg && j.uses.iter().any(|u| !matches!(u, Use::File(_))))
        .filter(|(_, j)| std::fs::read(&j.src).is_ok_and(|d| svg::size(&d).is_none()))
        .map(|(f, _)| f.as_str())
        .collect();
    let mut out = Vec::new();
    for (file, job) in &jobs {
        if !sizeless.contains(file.as_str()) {
            continue;
        }
        for u in job.uses.iter().filter(|u| !matches!(u, Use::File(_))) {
            if let Use::Body(i, range) = u
                && sized_tag(&site.articles[*i].body()[range.clone()])
            {
                continue;
            }
            out.push(
                diagnostic(
                    site,
                    root,
                    job,
                    u,
                    "tệp SVG không ghi kích thước (width/height hay viewBox) nên trang có thể bị xô lệch khi ảnh hiện ra",
                )
                .with_hint("thêm viewBox=\"0 0 rộng cao\" vào thẻ <svg> của tệp"),
            );
        }
    }
    for a in &site.articles {
        if let Some(img) = &a.image
            && collect::is_remote(&img.url)
            && let Some((_, pos)) = &a.fm.image
        {
            out.push(
                Diagnostic::at_pos(&a.source, *pos, REMOTE.to_string()).with_hint(REMOTE_HINT),
            );
        }
        let body = a.body();
        for img in collect::body_images(body) {
            let text = &body[img.range.clone()];
            if !collect::is_remote(img.dest.trim()) || (img.html && sized_tag(text)) {
                continue;
            }
            let (line, col) = a.source.position(a.body_offset + img.range.start);
            let len = text.chars().take_while(|c| *c != '\n').count();
            out.push(
                Diagnostic::at(&a.source, line, col, len, REMOTE.to_string())
                    .with_hint(REMOTE_HINT),
            );
        }
    }
    out
}

const REMOTE: &str = "ảnh lấy từ trang khác: guong không tải về nên không biết kích thước, trang có thể bị xô lệch khi ảnh hiện ra, và ảnh mất khi trang kia gỡ";
const REMOTE_HINT: &str =
    "lưu ảnh vào thư mục của bài viết rồi ghi tên tệp, ví dụ ![Bà Lan đứng lớp](anh.jpg)";

/// Whether a raw-HTML `<img>` tag gives both its `width` and `height` in pixels.
fn sized_tag(tag: &str) -> bool {
    if !tag.starts_with('<') {
        return false;
    }
    let attrs = markup::attributes(tag.get(4..).unwrap_or(""));
    let px = |n: &str| {
        attrs
            .iter()
            .any(|(k, v)| k.eq_ignore_ascii_case(n) && v.trim().parse::<u32>().is_ok_and(|v| v > 0))
    };
    px("width") && px("height")
}

/// Variant names that another source would publish too, as errors at the photo's first use.
fn clashes(
    site: &Site,
    root: &Path,
    jobs: &BTreeMap<String, Job>,
    statics: &[(String, PathBuf)],
) -> Vec<Diagnostic> {
    // Only files named like a variant can clash: the others (nearly all) are passed over
    // without a string made for them.
    let bundles = site.articles.iter().flat_map(|a| {
        a.assets
            .iter()
            .filter(|(rel, _)| collect::may_be_variant_name(rel))
            .map(|(rel, p)| (format!("{}{rel}", a.path), shown(root, p)))
    });
    // The theme's static files are published too, unless the site's own replace them.
    let site_static: HashSet<&str> = statics.iter().map(|(f, _)| f.as_str()).collect();
    let theme = crate::load::theme::theme_static_names(root, &site.config.theme)
        .into_iter()
        .filter(|(f, _)| collect::may_be_variant_name(f) && !site_static.contains(f.as_str()));
    let owned: Vec<(String, String)> = statics
        .iter()
        .filter(|(f, _)| collect::may_be_variant_name(f))
        .map(|(f, p)| (f.clone(), shown(root, p)))
        .chain(bundles)
        .chain(theme)
        .collect();
    let others = owned.iter().map(|(f, d)| (f.as_str(), d.clone()));
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
                    "tệp `{src}` (/{out}) trùng tên với một bản thu nhỏ hay ảnh xem trước mà guong tạo từ ảnh này (`{stem}.<rộng>w.webp`, `{stem}.og.jpg`…); hãy đổi tên tệp đó",
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

fn run(
    cache: &Cache,
    job: &Job,
    memo: &Memo,
    present: &HashSet<String>,
) -> Result<(String, Entry, bool), String> {
    let unreadable = |e: std::io::Error| format!("không đọc được ảnh: {e}");
    let (key, bytes) = memo
        .key(&job.src, job.variants, job.og)
        .map_err(unreadable)?;
    if let Some(entry) = memo.entry(cache, &key, present) {
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
