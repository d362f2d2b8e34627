//! `guong serve`: build in memory, serve on 127.0.0.1, rebuild and reload on change.

use crate::diagnostics::Failure;
use std::path::Path;

/// Arguments of `serve`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Cổng (nếu bận, dùng cổng trống kế tiếp)
    #[arg(long, default_value_t = 1111, value_name = "CỔNG")]
    pub port: u16,
    /// Địa chỉ mở máy chủ, ví dụ 0.0.0.0 để xem trên điện thoại cùng mạng (khi đó ai trong
    /// mạng cũng xem được bài nháp)
    #[arg(long, default_value = "127.0.0.1", value_name = "ĐỊA_CHỈ")]
    pub bind: std::net::IpAddr,
    /// Mở trình duyệt
    #[arg(long)]
    pub open: bool,
}

/// Runs `serve` until Ctrl-C.
pub fn run(root: &Path, args: Args) -> Result<(), Failure> {
    crate::serve::run(root, args.bind, args.port, args.open)
}
