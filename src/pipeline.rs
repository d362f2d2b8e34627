//! Runs the pipeline: load and validate everything, assemble the site graph, and prepare the
//! renderer. `build`, `check` and `serve` all start here.

use crate::config::{self, BaseUrl};
use crate::diagnostics::{Diagnostic, Failure, SourceFile, display_path};
use crate::load::theme::{self, Theme};
use crate::load::{content, frontmatter};
use crate::model::{self, Site, assemble::Parsed};
use crate::render;
use crate::validate;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// What to load.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// The site root (holds `site.yaml`).
    pub root: PathBuf,
    /// Keep drafts.
    pub drafts: bool,
    /// Replaces `base_url` of `site.yaml`.
    pub base_url: Option<String>,
}

/// A loaded, validated site and its theme.
pub struct Loaded {
    /// The site graph.
    pub site: Site,
    /// The theme.
    pub theme: Theme,
    /// Errors that still let the whole site be rendered and its links checked (see
    /// [`load_partly`]); always empty from [`load`].
    pub errors: Vec<Diagnostic>,
}

/// Reads `site.yaml`.
pub fn load_config(root: &Path) -> Result<config::SiteConfig, Failure> {
    match load_config_partly(root)? {
        (cfg, diags) if diags.is_empty() => Ok(cfg),
        (_, diags) => Err(Failure::from(diags)),
    }
}

/// Reads `site.yaml` as far as it goes ([`config::parse_partly`]): the settings and the
/// problems that still let the articles be checked against them.
pub fn load_config_partly(root: &Path) -> Result<(config::SiteConfig, Vec<Diagnostic>), Failure> {
    let path = root.join("site.yaml");
    let name = display_path(root, "site.yaml");
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Failure::Usage(format!(
                "không tìm thấy {name}: thư mục `{}` không phải một trang guong (dùng --root để chỉ thư mục trang)",
                root.display()
            )));
        }
        Err(e) => return Err(Failure::Usage(format!("không đọc được {name}: {e}"))),
    };
    let text =
        crate::load::decode::decode_text(&name, &bytes).map_err(|d| Failure::Content(vec![d]))?;
    let source = SourceFile::new(name, text);
    config::parse_partly(&source).map_err(Failure::from)
}

/// Reads and validates one article file against `site`.
pub fn parse_article(
    root: &Path,
    file: content::ArticleFile,
    site: &config::SiteConfig,
) -> Result<Parsed, Vec<Diagnostic>> {
    match parse_article_partly(root, file, site) {
        Ok((parsed, aliases)) if aliases.is_empty() => Ok(parsed),
        Ok((_, diags)) | Err(diags) => Err(diags),
    }
}

/// [`parse_article`], with the aliases that cannot be used left out of the article and
/// returned beside it ([`validate::article::validate_partly`]).
pub fn parse_article_partly(
    root: &Path,
    file: content::ArticleFile,
    site: &config::SiteConfig,
) -> Result<(Parsed, Vec<Diagnostic>), Vec<Diagnostic>> {
    let name = display_path(root, &format!("content/{}", file.rel));
    let bytes = std::fs::read(&file.path)
        .map_err(|e| vec![Diagnostic::file(&name, format!("không đọc được tệp: {e}"))])?;
    let text = crate::load::decode::decode_text(&name, &bytes).map_err(|d| vec![d])?;
    let source = SourceFile::new(name, text);
    let split = frontmatter::split(&source).map_err(|d| vec![d])?;
    let (fm, bad_aliases) =
        match validate::article::validate_partly(&source, &split.yaml, split.yaml_line, site) {
            Ok(found) => found,
            Err(mut diags) => {
                // One run shows everything: placeholders too, unless the article says it is a draft.
                if !validate::skeleton::says_draft(&split.yaml) {
                    diags.extend(validate::skeleton::leftovers(&source, split.body_offset));
                }
                return Err(diags);
            }
        };
    if !fm.draft {
        let leftovers = validate::skeleton::leftovers(&source, split.body_offset);
        if !leftovers.is_empty() {
            let mut diags = bad_aliases;
            diags.extend(leftovers);
            return Err(diags);
        }
    }
    let parsed = Parsed {
        file,
        source,
        fm,
        body_offset: split.body_offset,
    };
    Ok((parsed, bad_aliases))
}

/// Loads and validates the whole site and its theme; every problem is reported, not only the
/// first.
pub fn load(opts: &LoadOptions) -> Result<Loaded, Failure> {
    let (site, theme, _) = load_with(opts, true, false)?;
    Ok(Loaded {
        site,
        theme: theme.expect("theme loaded when asked for and there are no errors"),
        errors: Vec::new(),
    })
}

/// [`load`], but errors that leave the site whole (an unknown key or a bad setting in
/// `site.yaml`, a cover image that cannot be used: its article stays, without a cover) come
/// back with the site in [`Loaded::errors`], for `build` and `check` to report with the links
/// of the rendered pages in the same run. Nothing may be written when they are not empty.
pub fn load_partly(opts: &LoadOptions) -> Result<Loaded, Failure> {
    let (site, theme, errors) = load_with(opts, true, true)?;
    Ok(Loaded {
        site,
        theme: theme.expect("theme loaded when asked for and there are no errors"),
        errors,
    })
}

/// Loads and validates the site without its theme (for `report`, which renders no page):
/// a broken theme does not stop it.
pub fn load_site(opts: &LoadOptions) -> Result<Site, Failure> {
    load_with(opts, false, false).map(|(site, _, _)| site)
}

/// Loads the site, and the theme when `with_theme`; with `partly`, the errors that leave the
/// site whole come back beside it (see [`load_partly`]).
fn load_with(
    opts: &LoadOptions,
    with_theme: bool,
    partly: bool,
) -> Result<(Site, Option<Theme>, Vec<Diagnostic>), Failure> {
    let root = &opts.root;
    if !root.is_dir() {
        return Err(Failure::Usage(format!(
            "không tìm thấy thư mục trang `{}`",
            root.display()
        )));
    }
    let (mut config, config_errors) = load_config_partly(root)?;
    if let Some(url) = &opts.base_url {
        config.base_url =
            BaseUrl::parse(url).map_err(|m| Failure::Usage(format!("--base-url: {m}")))?;
    }
    let files = content::walk(&root.join("content")).map_err(|e| {
        Failure::Content(vec![Diagnostic::file(
            display_path(root, "content/"),
            format!("không đọc được: {e}"),
        )])
    })?;
    let rels: Vec<(String, PathBuf)> = files
        .iter()
        .map(|f| (f.rel.clone(), f.path.clone()))
        .collect();
    let (theme, parsed) = rayon::join(
        || with_theme.then(|| theme::load(root, &config.theme)),
        || {
            files
                .into_par_iter()
                .map(|f| parse_article_partly(root, f, &config))
                .collect::<Vec<_>>()
        },
    );
    let mut diags = Vec::new();
    let mut ok = Vec::new();
    let mut invalid = Vec::new();
    // Aliases that cannot be used leave their article whole: its other aliases are checked.
    let mut bad_aliases = Vec::new();
    for (p, rel) in parsed.into_iter().zip(rels) {
        match p {
            Ok((p, aliases)) => {
                ok.push(p);
                bad_aliases.extend(aliases);
            }
            Err(d) => {
                diags.extend(d);
                invalid.push(rel);
            }
        }
    }
    let invalid_paths = invalid;
    let invalid: Vec<String> = invalid_paths.iter().map(|(r, _)| r.clone()).collect();
    let theme = match theme {
        Some(Ok(t)) => Some(t),
        Some(Err(d)) => {
            diags.extend(at_theme_key(root, &config, d));
            None
        }
        None => None,
    };
    let static_dir = root.join("static");
    let (site, clashes, covers) =
        model::assemble_parts(config, ok, invalid, opts.drafts, &static_dir);
    let mut soft = config_errors;
    soft.extend(covers);
    soft.extend(bad_aliases);
    // The site renders whole when nothing clashes and the theme loaded, even with articles
    // left out for their own errors: the links of the others are then checked in the same
    // run (links to those left out are not reported again).
    if partly && with_theme && theme.is_some() && clashes.is_empty() {
        soft.extend(diags);
        for (rel, path) in &invalid_paths {
            soft.extend(invalid_body_links(root, rel, path, &site));
        }
        return Ok((site, theme, soft));
    }
    diags.extend(soft);
    if !diags.is_empty() || !clashes.is_empty() {
        // One run shows every error: what the later stages find in the valid articles (broken
        // links, alias clashes, template errors) is reported with the earlier ones.
        diags.extend(clashes);
        for (rel, path) in &invalid_paths {
            diags.extend(invalid_body_links(root, rel, path, &site));
        }
        match &theme {
            Some(theme) => diags.extend(render::prepare::diagnose(&site, theme, root, &static_dir)),
            // The bodies' problems do not wait for the theme.
            None if with_theme => diags.extend(render::prepare::body_diagnostics(&site)),
            None => {}
        }
        return Err(Failure::from(diags));
    }
    Ok((site, theme, Vec::new()))
}

/// The theme's errors, those about the theme as a whole (it cannot be found) placed at the
/// `theme:` value in `site.yaml`, which names it.
fn at_theme_key(
    root: &Path,
    config: &config::SiteConfig,
    diags: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let name = display_path(root, "site.yaml");
    let Some(pos) = config
        .theme_at
        .filter(|_| diags.iter().any(|d| d.file == name && d.line == 0))
    else {
        return diags;
    };
    let source = std::fs::read(root.join("site.yaml"))
        .ok()
        .and_then(|b| crate::load::decode::decode_text(&name, &b).ok())
        .map(|text| SourceFile::new(name.clone(), text));
    diags
        .into_iter()
        .map(|d| match &source {
            Some(src) if d.file == name && d.line == 0 => {
                let mut placed = Diagnostic::at_pos(src, pos, d.message);
                placed.hint = d.hint;
                placed
            }
            _ => d,
        })
        .collect()
}

/// The broken links of an article left out for errors in its front matter, so that one run
/// shows them with the front matter errors (nothing when the file cannot even be split).
fn invalid_body_links(root: &Path, rel: &str, path: &Path, site: &Site) -> Vec<Diagnostic> {
    let name = display_path(root, &format!("content/{rel}"));
    let Some(text) = std::fs::read(path)
        .ok()
        .and_then(|b| crate::load::decode::decode_text(&name, &b).ok())
    else {
        return Vec::new();
    };
    let source = SourceFile::new(name, text);
    match frontmatter::split(&source) {
        Ok(split) => model::links::body_problems(&source, rel, split.body_offset, site),
        Err(_) => Vec::new(),
    }
}
