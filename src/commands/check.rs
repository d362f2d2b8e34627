//! `guong check`: validate content, templates and every internal link; write nothing.

use crate::build::{Failure, LoadOptions, load};
use crate::render::{RenderOptions, Renderer};
use std::path::Path;

/// Runs `check` on the site at `root`.
pub fn run(root: &Path) -> Result<(), Failure> {
    let opts = LoadOptions {
        root: root.to_path_buf(),
        drafts: false,
        base_url: None,
    };
    let loaded = load(&opts)?;
    let _renderer = Renderer::prepare(
        &loaded.site,
        &loaded.theme,
        root,
        &root.join("static"),
        RenderOptions::default(),
    )?;
    Err(Failure::Usage(
        "guong check: kiểm tra liên kết chưa được viết".into(),
    ))
}
