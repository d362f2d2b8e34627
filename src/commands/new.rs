//! `guong new`: write a new draft article with every front matter key.

use crate::build::Failure;
use std::path::Path;

/// Arguments of `new`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Tiêu đề bài viết
    pub title: String,
    /// Đơn vị (id hoặc tên đầy đủ trong site.yaml)
    #[arg(long)]
    pub unit: String,
    /// Chuyên mục (id hoặc tên đầy đủ trong site.yaml)
    #[arg(long)]
    pub field: String,
    /// Loại gương: ca-nhan | tap-the | ho-gia-dinh
    #[arg(long, default_value = "ca-nhan")]
    pub kind: String,
    /// Ngày đăng (YYYY-MM-DD), mặc định hôm nay theo múi giờ của trang
    #[arg(long)]
    pub date: Option<String>,
}

/// Runs `new`.
pub fn run(_root: &Path, _args: Args) -> Result<(), Failure> {
    Err(Failure::Usage("guong new: chưa được viết".into()))
}
