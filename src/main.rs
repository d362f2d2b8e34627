//! The `guong` command line.

use clap::{Parser, Subcommand};
use guong::build::{Failure, LoadOptions};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Parser)]
#[command(
    name = "guong",
    version,
    about = "Dựng chuyên mục Gương điển hình tiên tiến thành trang web tĩnh"
)]
struct Cli {
    /// Thư mục của trang (nơi có site.yaml)
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Kiểm tra toàn bộ rồi dựng trang vào thư mục xuất (mặc định output/)
    Build {
        /// Dựng cả các bài nháp (draft: true)
        #[arg(long)]
        drafts: bool,
        /// Địa chỉ gốc thay cho base_url trong site.yaml
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Thư mục xuất (mặc định <root>/output)
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
    },
    /// Kiểm tra nội dung, mẫu và mọi liên kết nội bộ; không ghi tệp nào
    Check,
    /// Xem trước trang tại http://127.0.0.1:<cổng>/, tự dựng lại và tải lại khi sửa
    Serve(guong::commands::serve::Args),
    /// Tạo bài viết mới content/<năm>/<slug>.md (bản nháp)
    New(guong::commands::new::Args),
    /// Báo cáo số gương điển hình theo quý và năm của từng đơn vị
    Report(guong::commands::report::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build {
            drafts,
            base_url,
            output,
        } => {
            let started = Instant::now();
            let opts = LoadOptions {
                root: cli.root.clone(),
                drafts,
                base_url,
            };
            guong::commands::build::run(&opts, output).map(|b| {
                eprintln!(
                    "Đã dựng {} bài viết thành {} trang, {} tệp sao chép, {} trang chuyển hướng vào {} trong {} ms.",
                    b.articles,
                    b.stats.pages,
                    b.stats.copied,
                    b.stats.aliases,
                    b.output.display(),
                    started.elapsed().as_millis()
                );
            })
        }
        Command::Check => guong::commands::check::run(&cli.root),
        Command::Serve(args) => guong::commands::serve::run(&cli.root, args),
        Command::New(args) => guong::commands::new::run(&cli.root, args),
        Command::Report(args) => guong::commands::report::run(&cli.root, args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => report(f),
    }
}

fn report(f: Failure) -> ExitCode {
    eprint!("{f}");
    ExitCode::from(f.exit_code() as u8)
}
