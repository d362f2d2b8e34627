//! `guong serve`: build in memory, serve on 127.0.0.1, rebuild and reload on change.

use crate::build::Failure;
use std::path::Path;

/// Arguments of `serve`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Cổng (nếu bận, dùng cổng trống kế tiếp)
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Mở trình duyệt
    #[arg(long)]
    pub open: bool,
}

/// Runs `serve`.
pub fn run(_root: &Path, _args: Args) -> Result<(), Failure> {
    Err(Failure::Usage("guong serve: chưa được viết".into()))
}
