//! `guong report`: the quarterly and annual tables for the emulation office.

use crate::build::Failure;
use std::path::{Path, PathBuf};

/// Arguments of `report`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Năm (mặc định năm hiện tại theo múi giờ của trang)
    #[arg(long)]
    pub year: Option<i32>,
    /// Chỉ một quý (1–4)
    #[arg(long)]
    pub quarter: Option<u8>,
    /// Định dạng: table | csv | html | xlsx
    #[arg(long, default_value = "table")]
    pub format: String,
    /// Ghi ra tệp thay vì stdout
    #[arg(long)]
    pub output: Option<PathBuf>,
}

/// Runs `report`.
pub fn run(_root: &Path, _args: Args) -> Result<(), Failure> {
    Err(Failure::Usage("guong report: chưa được viết".into()))
}
