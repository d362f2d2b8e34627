//! `guong init <DIR>`: a new site that builds and checks clean at once — a commented
//! `site.yaml` with the district plan's columns, blocs, units and duty rotation, one sample
//! article, `static/`, `.gitignore` and a pre-commit hook running `guong check`.

use crate::diagnostics::Failure;
use std::path::{Path, PathBuf};

/// Arguments of `init`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Thư mục của trang mới (chưa có, hoặc rỗng)
    #[arg(value_name = "THƯ_MỤC")]
    pub dir: PathBuf,
}

const SITE_YAML: &str = include_str!("init/site.yaml");
const SAMPLE: &str = include_str!("init/bai-mau.md");
const HOOK: &str = include_str!("init/pre-commit");
const GITIGNORE: &str =
    "# Tạo ra khi dựng trang; không đưa vào git.\n/output/\n/.output.guong-prev/\n/.guong-cache/\n";
const SAMPLE_SLUG: &str = "anh-le-van-minh-nguoi-tho-lan-tinh-nguyen-cuu-ho-tren-bien";

/// The files of a new site, by path relative to it; `today` is `YYYY-MM-DD`.
fn files(today: &str) -> Vec<(String, String)> {
    let year = &today[..4];
    vec![
        ("site.yaml".into(), SITE_YAML.into()),
        (
            format!("content/{year}/{SAMPLE_SLUG}.md"),
            SAMPLE.replace("{date}", today),
        ),
        (
            "static/.gitkeep".into(),
            String::new(), // git keeps no empty folder
        ),
        (".gitignore".into(), GITIGNORE.into()),
        (".githooks/pre-commit".into(), HOOK.into()),
    ]
}

/// The entries already in `dir` (a `.git` alone does not count: a folder fresh from
/// `git init` is empty for `init`), or none when it is missing or empty.
fn existing(dir: &Path) -> Result<Vec<String>, Failure> {
    match std::fs::read_dir(dir) {
        Ok(entries) => {
            let mut names: Vec<String> = entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| name != ".git")
                .collect();
            names.sort();
            Ok(names)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) if dir.is_file() || e.kind() == std::io::ErrorKind::NotADirectory => {
            Err(Failure::Usage(format!(
                "{} là một tệp, không phải thư mục. Chưa ghi tệp nào.",
                dir.display()
            )))
        }
        Err(e) => Err(Failure::Usage(format!(
            "không đọc được thư mục {}: {e}. Chưa ghi tệp nào.",
            dir.display()
        ))),
    }
}

fn write(path: &Path, text: &str) -> Result<(), Failure> {
    let fail =
        |e: std::io::Error| Failure::Output(format!("không ghi được {}: {e}", path.display()));
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(fail)?;
    }
    // create_new: never overwrite, even a file that appeared meanwhile.
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(fail)?;
    std::io::Write::write_all(&mut f, text.as_bytes()).map_err(fail)
}

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<(), Failure> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).map_err(|e| {
        Failure::Output(format!(
            "không đặt được quyền chạy cho {}: {e}",
            path.display()
        ))
    })
}

#[cfg(not(unix))]
fn make_executable(_: &Path) -> Result<(), Failure> {
    Ok(())
}

/// How the pre-commit hook was set up in a git repository.
enum Hook {
    /// Not a repository (or a worktree, whose `.git` is a file): the editor turns it on.
    NoRepository,
    /// Turned on: how, for the editor.
    Installed(String),
    /// Left alone, and why: a hook or a hooks folder the repository already has.
    Kept(String),
}

/// Turns the hook on in the repository at `dir` when it has one (SPEC §5: it runs without
/// extra steps), never replacing anything: `core.hooksPath` is set to `.githooks` when git
/// is installed, no hooks folder is configured and `.git/hooks/pre-commit` does not exist;
/// without git the hook is written to `.git/hooks/pre-commit` unless one is there.
fn install_hook(dir: &Path) -> Result<Hook, Failure> {
    let git_dir = dir.join(".git");
    if !git_dir.is_dir() {
        return Ok(Hook::NoRepository);
    }
    let own = git_dir.join("hooks/pre-commit");
    if own.exists() {
        return Ok(Hook::Kept(format!(
            "kho git đã có móc {}; giữ nguyên, không bật móc của guong",
            own.display()
        )));
    }
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .output()
    };
    match git(&["config", "--get", "core.hooksPath"]) {
        Ok(out) if out.status.success() => Ok(Hook::Kept(format!(
            "git đã đặt core.hooksPath = {}; giữ nguyên (muốn dùng móc của guong: git config core.hooksPath .githooks)",
            String::from_utf8_lossy(&out.stdout).trim()
        ))),
        Ok(_) => match git(&["config", "core.hooksPath", ".githooks"]) {
            Ok(out) if out.status.success() => Ok(Hook::Installed(
                "đã bật móc pre-commit cho kho git này (git config core.hooksPath .githooks)"
                    .into(),
            )),
            _ => Ok(Hook::Kept(
                "không đặt được core.hooksPath; bật bằng: git config core.hooksPath .githooks"
                    .into(),
            )),
        },
        // No git on this machine: the hook goes where git looks by default.
        Err(_) => {
            write(&own, HOOK)?;
            make_executable(&own)?;
            Ok(Hook::Installed(format!(
                "đã cài móc pre-commit vào {}",
                own.display()
            )))
        }
    }
}

/// Creates the site in `args.dir`; refuses a folder that is not empty (exit 2), a `.git`
/// alone aside.
pub fn run(args: Args) -> Result<(), Failure> {
    let dir = &args.dir;
    let found = existing(dir)?;
    if !found.is_empty() {
        let shown: Vec<&str> = found.iter().take(5).map(String::as_str).collect();
        let more = if found.len() > 5 {
            format!(" và {} mục khác", found.len() - 5)
        } else {
            String::new()
        };
        return Err(Failure::Usage(format!(
            "thư mục {} không rỗng (có {}{more}); guong init chỉ tạo trang trong thư mục mới hoặc rỗng, không ghi đè. Chưa ghi tệp nào.",
            dir.display(),
            shown.join(", ")
        )));
    }
    let offset = chrono::FixedOffset::east_opt(7 * 3600).expect("a valid offset");
    let today = chrono::Utc::now()
        .with_timezone(&offset)
        .format("%Y-%m-%d")
        .to_string();
    let files = files(&today);
    for (rel, text) in &files {
        write(&dir.join(rel), text)?;
    }
    make_executable(&dir.join(".githooks/pre-commit"))?;
    let hook = install_hook(dir)?;
    let d = dir.display();
    println!("Đã tạo trang mới trong {d}:");
    for (rel, _) in files.iter().filter(|(r, _)| !r.ends_with(".gitkeep")) {
        println!("  {rel}");
    }
    println!("  static/");
    let git_step = match &hook {
        Hook::NoRepository => {
            "  git init && git config core.hooksPath .githooks   # kiểm tra trước mỗi commit\n"
                .to_string()
        }
        Hook::Installed(how) => {
            println!("\nMóc pre-commit: {how}; guong check chạy trước mỗi commit.");
            String::new()
        }
        Hook::Kept(why) => {
            println!("\nMóc pre-commit: {why}.");
            String::new()
        }
    };
    println!(
        "\nBước tiếp theo:\n  cd {d}\n  guong serve                          # xem trước tại http://127.0.0.1:1111/\n{git_step}Sửa site.yaml (tên huyện, base_url, chuyên mục, đơn vị), rồi viết bài bằng guong new."
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_takes_the_date_and_its_year() {
        let f = files("2027-03-04");
        assert!(f.iter().any(|(p, t)| p.starts_with("content/2027/")
            && t.contains("date: 2027-03-04")
            && !t.contains("{date}")));
        assert_eq!(
            crate::text::slug::slugify(
                "Anh Lê Văn Minh – người thợ lặn tình nguyện cứu hộ trên biển"
            ),
            SAMPLE_SLUG
        );
    }
}
