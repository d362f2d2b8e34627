//! `guong new`: write a new draft article with every front matter key, filled or commented.

use crate::config::SiteConfig;
use crate::diagnostics::Failure;
use crate::diagnostics::display_path;
use crate::pipeline::load_config;
use crate::text::dates::parse_date;
use crate::text::nfc::nfc;
use crate::text::slug::{is_slug, slugify};
use crate::validate::kind::Kind;
use crate::validate::names::match_name;
use crate::validate::skeleton;
use chrono::NaiveDate;
use std::io::Write;
use std::path::Path;

/// Arguments of `new`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Tiêu đề bài viết
    #[arg(value_name = "TIÊU_ĐỀ")]
    pub title: String,
    /// Đơn vị (id hoặc tên đầy đủ trong site.yaml)
    #[arg(long, value_name = "ĐƠN_VỊ")]
    pub unit: String,
    /// Chuyên mục (id hoặc tên đầy đủ trong site.yaml)
    #[arg(long, value_name = "CHUYÊN_MỤC")]
    pub field: String,
    /// Loại gương: ca-nhan | tap-the | ho-gia-dinh
    #[arg(long, default_value = "ca-nhan", value_name = "LOẠI")]
    pub kind: String,
    /// Ngày đăng (YYYY-MM-DD), mặc định hôm nay theo múi giờ của trang
    #[arg(long, value_name = "NGÀY")]
    pub date: Option<String>,
    /// Đường dẫn riêng (mặc định tạo từ tiêu đề)
    #[arg(long, value_name = "ĐƯỜNG_DẪN")]
    pub slug: Option<String>,
}

fn list(items: &[&str]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn find(
    what: &str,
    value: &str,
    items: impl Iterator<Item = (String, String)>,
) -> Result<usize, String> {
    let items: Vec<(String, String)> = items.collect();
    match match_name(value, items.iter().map(|(i, n)| (i.as_str(), n.as_str()))) {
        Ok(i) => Ok(i),
        Err(close) => Err(format!(
            "không có {what} `{value}` trong site.yaml; gần nhất: {}",
            list(&close)
        )),
    }
}

fn kind(value: &str) -> Result<Kind, String> {
    let v = nfc(value.trim()).to_lowercase();
    Kind::ALL
        .into_iter()
        .find(|k| k.id() == v || k.name().to_lowercase() == v)
        .ok_or_else(|| {
            format!(
                "loại gương `{value}` không hợp lệ; dùng một trong: {}",
                list(&Kind::ALL.map(Kind::id))
            )
        })
}

fn yaml_quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The text of a new draft article.
fn article_text(
    config: &SiteConfig,
    title: &str,
    date: NaiveDate,
    unit: usize,
    field: usize,
    kind: Kind,
    slug: Option<&str>,
) -> String {
    let u = &config.units[unit];
    let f = &config.fields[field];
    let day = date.format("%Y-%m-%d");
    let quarter = crate::text::dates::Quarter::of(date).id();
    let slug_line = match slug {
        Some(s) => format!("slug: {s}"),
        None => "# slug: duong-dan-rieng        # mặc định: tạo từ tiêu đề".to_string(),
    };
    format!(
        r#"---
title: {title}
date: {day}
unit: {unit_id}        # {unit_name}
field: {field_id}        # {field_name}
kind: {kind}        # ca-nhan | tap-the | ho-gia-dinh
summary: >
  {summary}
# quarter: {quarter}        # mặc định: quý của `date`
# exemplar: Họ tên người hoặc tên tập thể được tuyên dương (nếu khác tiêu đề)
# author: Họ tên tác giả
# image: anh-bia.jpg        # ảnh bìa: tệp cạnh bài viết hoặc trong static/
# image_alt: Mô tả ngắn nội dung ảnh bìa
# tags: [Thẻ thứ nhất, Thẻ thứ hai]
draft: true        # xóa dòng này (hoặc ghi false) khi bài sẵn sàng đăng
{slug_line}
# submitted: {day}        # ngày đơn vị gửi bài cho Hội đồng thi đua – khen thưởng
# updated: {day}
# aliases: [/tin-tuc/dia-chi-cu.html]        # địa chỉ cũ chuyển hướng về bài này
# extra: {{}}
---

{opening}

## Hoàn cảnh

{background}

## Thành tích nổi bật

- {achievements}

## Lan tỏa trong cộng đồng

{spread}
"#,
        title = yaml_quote(title),
        unit_id = u.id,
        unit_name = u.name,
        field_id = f.id,
        field_name = f.name,
        kind = kind.id(),
        summary = skeleton::SUMMARY,
        opening = skeleton::OPENING,
        background = skeleton::BACKGROUND,
        achievements = skeleton::ACHIEVEMENTS,
        spread = skeleton::SPREAD,
    )
}

/// An article file elsewhere under `content/` named like `slug` (`<slug>.md` or
/// `<slug>/index.md`), which would take the same URL.
fn same_slug(root: &Path, slug: &str) -> Option<String> {
    let files = crate::load::content::walk(&root.join("content")).ok()?;
    files
        .into_iter()
        .find(|f| {
            let name = f
                .rel
                .strip_suffix("/index.md")
                .or(f.rel.strip_suffix(".md"));
            name.and_then(|n| n.rsplit('/').next()) == Some(slug)
        })
        .map(|f| display_path(root, &format!("content/{}", f.rel)))
}

/// Makes the folders of `rel` under `root` one at a time, refusing a symlink among them that
/// leads out of the site (SPEC §7: guong never writes through a link out of the site).
fn folders_inside(root: &Path, rel: &str, shown: &str) -> Result<(), Failure> {
    let inside = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut at = root.to_path_buf();
    for part in rel.split('/') {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                let leads_inside = std::fs::canonicalize(&at)
                    .is_ok_and(|target| target.starts_with(&inside) && target.is_dir());
                if !leads_inside {
                    return Err(Failure::Usage(format!(
                        "{} là liên kết tượng trưng trỏ ra ngoài trang; guong new không ghi qua nó. Chưa ghi tệp nào.",
                        display_path(
                            root,
                            &at.strip_prefix(root).unwrap_or(&at).to_string_lossy()
                        )
                    )));
                }
            }
            Ok(_) => {}
            Err(_) => std::fs::create_dir(&at)
                .map_err(|e| Failure::Output(format!("không tạo được thư mục cho {shown}: {e}")))?,
        }
    }
    Ok(())
}

/// Runs `new`: writes `content/<yyyy>/<slug>.md` and prints its path; refuses to overwrite.
/// Bad input (unknown unit, column or kind, a bad date, an existing file) is a usage error
/// (exit 2) and writes nothing.
pub fn run(root: &Path, args: Args) -> Result<(), Failure> {
    let config = load_config(root)?;
    let title = nfc(args.title.trim());
    if title.is_empty() {
        return Err(Failure::Usage("tiêu đề không được để trống".into()));
    }
    // Every mistake of the command line is reported at once, not one per run.
    let mut problems: Vec<String> = Vec::new();
    let mut keep = |r: Result<usize, String>| r.map_err(|m| problems.push(m)).ok();
    let unit = keep(find(
        "đơn vị",
        &args.unit,
        config.units.iter().map(|u| (u.id.clone(), u.name.clone())),
    ));
    let field = keep(find(
        "chuyên mục",
        &args.field,
        config.fields.iter().map(|f| (f.id.clone(), f.name.clone())),
    ));
    let kind = kind(&args.kind).map_err(|m| problems.push(m)).ok();
    let date = match &args.date {
        Some(d) => parse_date(d).or_else(|| {
            problems.push(format!(
                "--date `{d}` không hợp lệ; ghi theo dạng YYYY-MM-DD"
            ));
            None
        }),
        None => Some(
            chrono::Utc::now()
                .with_timezone(&config.timezone)
                .date_naive(),
        ),
    };
    let slug = match &args.slug {
        Some(s) if !is_slug(s) => {
            problems.push(format!(
                "--slug `{s}` không phải đường dẫn hợp lệ; dùng `{}`",
                slugify(s)
            ));
            String::new()
        }
        // The file is `<slug>.md`: its name may not pass the file system's limit.
        Some(s) if s.len() + 3 > crate::validate::alias::MAX_NAME_BYTES => {
            return Err(Failure::Usage(format!(
                "--slug dài {} byte: tối đa {} byte",
                s.len(),
                crate::validate::alias::MAX_NAME_BYTES - 3
            )));
        }
        Some(s) => s.clone(),
        None => {
            let s = slugify(&title);
            if s.is_empty() {
                problems.push(
                    "tiêu đề không tạo được đường dẫn (không có chữ cái Latin hay chữ số); thêm --slug"
                        .into(),
                );
            }
            s
        }
    };
    let (Some(unit), Some(field), Some(kind), Some(date), false) =
        (unit, field, kind, date, slug.is_empty())
    else {
        return Err(Failure::Usage(format!(
            "{}\nChưa ghi tệp nào.",
            problems.join("\nlỗi: ")
        )));
    };
    let text = article_text(
        &config,
        &title,
        date,
        unit,
        field,
        kind,
        args.slug.as_deref(),
    );
    let rel = format!("content/{}/{slug}.md", date.format("%Y"));
    let shown = display_path(root, &rel);
    let path = root.join(&rel);
    if let Some(other) = same_slug(root, &slug) {
        return Err(Failure::Usage(format!(
            "đã có bài {other} cùng đường dẫn /bai-viet/{slug}/; không ghi đè (đặt đường dẫn khác bằng --slug)"
        )));
    }
    folders_inside(root, &format!("content/{}", date.format("%Y")), &shown)?;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => {
                Failure::Usage(format!("tệp {shown} đã có; guong new không ghi đè"))
            }
            _ => Failure::Output(format!("không ghi được {shown}: {e}")),
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| Failure::Output(format!("không ghi được {shown}: {e}")))?;
    println!("{shown}");
    eprintln!("Đã tạo bài nháp (draft: true). Xem trước bằng `guong serve`.");
    Ok(())
}
