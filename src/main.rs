//! The `guong` command line.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand};
use guong::diagnostics::Failure;
use guong::pipeline::LoadOptions;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Parser)]
#[command(
    name = "guong",
    version,
    about = "Dựng chuyên mục Gương điển hình tiên tiến thành trang web tĩnh",
    after_help = "Ví dụ:\n  guong init guong-dien-hinh\n  guong serve --open\n  guong check && guong build\n\nXem thêm: guong <lệnh> --help"
)]
struct Cli {
    /// Thư mục của trang (nơi có site.yaml)
    #[arg(long, global = true, default_value = ".", value_name = "THƯ_MỤC")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Kiểm tra toàn bộ rồi dựng trang vào thư mục xuất (mặc định output/)
    #[command(
        after_help = "Ví dụ:\n  guong build\n  guong build --output /var/www/guong-dien-hinh\n  guong build --drafts --base-url http://192.168.1.10:8080/"
    )]
    Build {
        /// Dựng cả các bài nháp (draft: true)
        #[arg(long)]
        drafts: bool,
        /// Địa chỉ gốc thay cho base_url trong site.yaml
        #[arg(long, value_name = "ĐỊA_CHỈ_GỐC")]
        base_url: Option<String>,
        /// Thư mục xuất (mặc định <root>/output)
        #[arg(long, value_name = "THƯ_MỤC")]
        output: Option<PathBuf>,
    },
    /// Kiểm tra nội dung, mẫu và mọi liên kết nội bộ; không ghi tệp nào
    #[command(
        after_help = "Ví dụ:\n  guong check\n  guong check --drafts\n  guong check --root ~/guong-dien-hinh"
    )]
    Check {
        /// Kiểm tra cả các bài nháp (draft: true)
        #[arg(long)]
        drafts: bool,
    },
    /// Xem trước trang tại http://127.0.0.1:<cổng>/, tự dựng lại và tải lại khi sửa
    #[command(
        after_help = "Ví dụ:\n  guong serve --open\n  guong serve --port 8080\n  guong serve --bind 0.0.0.0   # xem trên điện thoại cùng mạng; ai trong mạng cũng xem được bài nháp"
    )]
    Serve(guong::commands::serve::Args),
    /// Tạo bài viết mới content/<năm>/<slug>.md (bản nháp)
    #[command(
        after_help = "Ví dụ:\n  guong new \"Chị Trương Thị Yến Nhi – người lan tỏa văn hóa đọc\" --unit phong-van-hoa-thong-tin --field hoc-tap-lam-theo-bac\n  guong new \"Hợp tác xã Bến Đầm\" --unit \"Hội Nông dân huyện\" --field san-xuat-gioi --kind tap-the"
    )]
    New(guong::commands::new::Args),
    /// Tạo một trang mới, dựng được ngay, trong thư mục mới hoặc rỗng
    #[command(
        after_help = "Ví dụ:\n  guong init guong-dien-hinh\n  cd guong-dien-hinh && guong build"
    )]
    Init(guong::commands::init::Args),
    /// Báo cáo số gương điển hình theo quý và năm của từng đơn vị
    #[command(
        after_help = "Ví dụ:\n  guong report --year 2025\n  guong report --year 2025 --quarter 3 --format csv --output quy3.csv\n  guong report --format html --output bao-cao.html"
    )]
    Report(guong::commands::report::Args),
}

/// Help laid out with Vietnamese headings.
const HELP_TEMPLATE: &str =
    "{before-help}{about-with-newline}\nCách dùng: {usage}\n\n{all-args}{after-help}";

/// The command line with Vietnamese help: headings, the help and version flags, usage lines.
fn command() -> clap::Command {
    fn vietnamese(cmd: clap::Command) -> clap::Command {
        let usage = cmd
            .clone()
            .render_usage()
            .to_string()
            .trim_start_matches("Usage: ")
            .trim_start_matches("guong ")
            .replace("[OPTIONS]", "[TÙY CHỌN]")
            .replace("<COMMAND>", "<LỆNH>");
        cmd.help_template(HELP_TEMPLATE)
            .mut_args(|a| {
                let heading = if a.is_positional() {
                    "Tham số"
                } else {
                    "Tùy chọn"
                };
                let defaults: Vec<String> = a
                    .get_default_values()
                    .iter()
                    .map(|v| v.to_string_lossy().into_owned())
                    .collect();
                let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
                let a = a.help_heading(heading);
                if defaults.is_empty() {
                    a
                } else {
                    a.hide_default_value(true)
                        .help(format!("{help} (mặc định: {})", defaults.join(", ")))
                }
            })
            .override_usage(format!("guong {usage}"))
            .next_help_heading("Tùy chọn")
            .subcommand_help_heading("Lệnh")
            .subcommand_value_name("LỆNH")
            .disable_help_flag(true)
            .arg(
                clap::Arg::new("help")
                    .short('h')
                    .long("help")
                    .action(ArgAction::Help)
                    .help("In phần trợ giúp này"),
            )
    }
    let cmd = vietnamese(Cli::command())
        .disable_help_subcommand(true)
        .disable_version_flag(true)
        .arg(
            clap::Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("In số phiên bản"),
        );
    cmd.mut_subcommands(vietnamese)
}

/// A command-line mistake, said in Vietnamese.
fn usage_error(e: &clap::Error) -> String {
    let ctx = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let suggestion = [ContextKind::SuggestedSubcommand, ContextKind::SuggestedArg]
        .into_iter()
        .map(ctx)
        .find(|s| !s.is_empty())
        .map(|s| format!(" Có phải ý bạn là `{s}`?"))
        .unwrap_or_default();
    let what = match e.kind() {
        ErrorKind::InvalidSubcommand => format!(
            "không có lệnh `{}` (các lệnh: build, check, serve, new, init, report).",
            ctx(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::UnknownArgument => {
            format!("không có tùy chọn `{}`.", ctx(ContextKind::InvalidArg))
        }
        ErrorKind::MissingRequiredArgument => format!("thiếu {}.", ctx(ContextKind::InvalidArg)),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "cần một lệnh: build, check, serve, new, init hoặc report.".to_string()
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => format!(
            "giá trị `{}` không hợp lệ cho {}.",
            ctx(ContextKind::InvalidValue),
            ctx(ContextKind::InvalidArg)
        ),
        ErrorKind::ArgumentConflict => {
            format!("không dùng được {} cùng lúc.", ctx(ContextKind::InvalidArg))
        }
        _ => "tham số dòng lệnh không hợp lệ.".to_string(),
    };
    format!("lỗi: {what}{suggestion}\nXem `guong --help` hoặc `guong <lệnh> --help`.")
}

fn main() -> ExitCode {
    let parsed = command()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("{}", usage_error(&e));
            return ExitCode::from(2);
        }
    };
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
                let aliases = match b.stats.aliases {
                    0 => String::new(),
                    n => format!(" và {n} trang chuyển hướng"),
                };
                let images = match b.images {
                    (0, 0) => String::new(),
                    (fresh, cached) => {
                        format!(", đã xử lý {fresh} ảnh mới và lấy {cached} ảnh từ bộ nhớ đệm")
                    }
                };
                eprintln!(
                    "Đã dựng {} bài viết thành {} trang HTML và {} tệp khác (nguồn cấp, sơ đồ trang, dữ liệu tìm kiếm){aliases}, đã sao chép {} tệp{images} vào {} trong {} ms.",
                    b.articles,
                    b.stats.html,
                    b.stats.pages - b.stats.html,
                    b.stats.copied,
                    b.output.display(),
                    started.elapsed().as_millis()
                );
            })
        }
        Command::Check { drafts } => guong::commands::check::run(&cli.root, drafts),
        Command::Serve(args) => guong::commands::serve::run(&cli.root, args),
        Command::New(args) => guong::commands::new::run(&cli.root, args),
        Command::Init(args) => guong::commands::init::run(args),
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
