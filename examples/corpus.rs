//! Generates a synthetic site shaped like a real one, for benchmarks (`docs/benchmark.md`):
//! `cargo run --release --example corpus -- [N=10000] [DIR=corpus] [SEED=1]` writes `site.yaml`
//! and N articles over 8 years, 400–1,200 words each; 30% are bundles (a folder with `index.md`
//! and 1–3 small PNG images), 15% have a table, 3% a code block, 2% aliases, 1% are drafts, 10%
//! name their unit and column by full name, 5% link to an earlier article, all carry 1–4 tags.
//! The same arguments always give the same files.

#[path = "support/png.rs"]
mod png;
#[path = "support/words.rs"]
mod words;

use std::fmt::Write as _;
use std::path::Path;
use words::*;

/// A small deterministic generator (xorshift64*), so the corpus is reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

fn sentence(rng: &mut Rng) -> String {
    let n = 10 + rng.below(14);
    let mut s = String::new();
    for i in 0..n {
        let w = rng.pick(WORDS);
        if i == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                s.extend(f.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push(' ');
            s.push_str(w);
        }
    }
    s.push('.');
    s
}

fn body(rng: &mut Rng, words: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    let mut section = 0;
    while count < words {
        if count == 0 || rng.below(5) == 0 {
            let _ = writeln!(out, "## {}\n", HEADINGS[section % HEADINGS.len()]);
            section += 1;
        }
        let kind = rng.below(12);
        if kind == 0 {
            for _ in 0..3 {
                let s = sentence(rng);
                count += s.split(' ').count();
                let _ = writeln!(out, "- {s}");
            }
            out.push('\n');
        } else if kind == 1 {
            let s = sentence(rng);
            count += s.split(' ').count();
            let _ = writeln!(out, "> “{s}”\n");
        } else {
            let mut p = String::new();
            for _ in 0..(3 + rng.below(4)) {
                let s = sentence(rng);
                count += s.split(' ').count();
                if !p.is_empty() {
                    p.push(' ');
                }
                p.push_str(&s);
            }
            let _ = writeln!(out, "{p}\n");
        }
    }
    out
}

fn slug(s: &str) -> String {
    // A compact copy of the generator's slug rule, enough for unique ASCII file names.
    let mut out = String::new();
    for c in s.to_lowercase().chars() {
        let base = match c {
            'à' | 'á' | 'ả' | 'ã' | 'ạ' | 'ă' | 'ằ' | 'ắ' | 'ẳ' | 'ẵ' | 'ặ' | 'â' | 'ầ' | 'ấ'
            | 'ẩ' | 'ẫ' | 'ậ' => 'a',
            'è' | 'é' | 'ẻ' | 'ẽ' | 'ẹ' | 'ê' | 'ề' | 'ế' | 'ể' | 'ễ' | 'ệ' => {
                'e'
            }
            'ì' | 'í' | 'ỉ' | 'ĩ' | 'ị' => 'i',
            'ò' | 'ó' | 'ỏ' | 'õ' | 'ọ' | 'ô' | 'ồ' | 'ố' | 'ổ' | 'ỗ' | 'ộ' | 'ơ' | 'ờ' | 'ớ'
            | 'ở' | 'ỡ' | 'ợ' => 'o',
            'ù' | 'ú' | 'ủ' | 'ũ' | 'ụ' | 'ư' | 'ừ' | 'ứ' | 'ử' | 'ữ' | 'ự' => {
                'u'
            }
            'ỳ' | 'ý' | 'ỷ' | 'ỹ' | 'ỵ' => 'y',
            'đ' => 'd',
            c if c.is_ascii_alphanumeric() => c,
            _ => '-',
        };
        if base == '-' && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push(base);
    }
    out.trim_end_matches('-').to_string()
}

/// A small image with a deterministic pattern: a gradient, bands and noise (a few KB).
fn image(rng: &mut Rng) -> Vec<u8> {
    let (w, h) = (32 + rng.below(33) as u32, 24 + rng.below(25) as u32);
    let (r0, g0, b0) = (rng.below(256), rng.below(256), rng.below(256));
    let mut rgb = Vec::with_capacity((w * h * 3) as usize);
    for y in 0..h as usize {
        for x in 0..w as usize {
            let noise = rng.below(16);
            rgb.push(((r0 + x * 4 + noise) % 256) as u8);
            rgb.push(((g0 + y * 5 + noise) % 256) as u8);
            rgb.push(((b0 + (x ^ y) * 3) % 256) as u8);
        }
    }
    png::encode(w, h, &rgb)
}

const TABLE: &str = "| Năm | Sản lượng (tấn) | Thu nhập (triệu đồng) |\n|---|---:|---:|\n| 2022 | 12 | 450 |\n| 2023 | 15 | 520 |\n| 2024 | 18 | 610 |\n";
const CODE: &str = "```bash\n# Sao lưu dữ liệu sổ hộ khẩu điện tử mỗi tối\nrsync -a --delete /srv/du-lieu/ /mnt/sao-luu/\necho \"Đã sao lưu xong\"\n```\n";

fn site_yaml() -> (String, Vec<(String, String)>) {
    let mut yaml = String::from(
        "title: Gương điển hình tiên tiến\ndescription: Kho bài thử nghiệm hiệu năng\nbase_url: https://example.gov.vn/guong-dien-hinh/\nlanguage: vi\ntimezone: \"+07:00\"\ntheme: default\npaginate: 10\ndeadline_day: 5\nfields:\n",
    );
    for (id, name) in FIELDS {
        let _ = writeln!(yaml, "  - id: {id}\n    name: {name}");
    }
    yaml.push_str("units:\n");
    let mut units = Vec::new();
    for i in 0..30 {
        let place = PLACES[i % PLACES.len()];
        let (id, name) = if i < PLACES.len() {
            (format!("xa-{}", slug(place)), format!("UBND xã {place}"))
        } else {
            (
                format!("truong-{}", slug(place)),
                format!("Trường Tiểu học {place}"),
            )
        };
        let duty = if i < 8 {
            format!("\n    duty_quarter: {}", i % 4 + 1)
        } else {
            String::new()
        };
        let _ = writeln!(
            yaml,
            "  - id: {id}\n    name: {name}\n    bloc: {}{duty}",
            BLOCS[i % BLOCS.len()]
        );
        units.push((id, name));
    }
    (yaml, units)
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let dir = Path::new(args.get(2).map_or("corpus", String::as_str));
    let seed: u64 = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(1);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ seed.wrapping_mul(0xD1B5_4A32_D192_ED03));
    std::fs::create_dir_all(dir.join("content"))?;
    let (yaml, units) = site_yaml();
    std::fs::write(dir.join("site.yaml"), yaml)?;

    // Earlier published articles, as `@/` links: 5% of the articles link to one of them.
    let mut published: Vec<String> = Vec::new();
    for i in 0..n {
        let year = 2019 + (i * 8 / n.max(1)) as i32;
        let month = 1 + rng.below(12);
        let day = 1 + rng.below(28);
        let name = format!(
            "{} {} {}",
            rng.pick(SURNAMES),
            rng.pick(MIDDLE),
            rng.pick(GIVEN)
        );
        let title = format!(
            "{} {} – {} ở {}",
            rng.pick(ROLES),
            name,
            rng.pick(FEATS),
            rng.pick(PLACES)
        );
        let file_slug = format!("{}-{i}", slug(&title));
        let (field_id, field_name) = FIELDS[rng.below(FIELDS.len())];
        let (unit_id, unit_name) = &units[rng.below(units.len())];
        let by_name = rng.below(100) < 10;
        let (unit, field) = if by_name {
            (format!("\"{unit_name}\""), format!("\"{field_name}\""))
        } else {
            (unit_id.clone(), field_id.to_string())
        };
        let kind = ["ca-nhan", "tap-the", "ho-gia-dinh"][rng.below(3)];
        let mut tags: Vec<&str> = Vec::new();
        for _ in 0..(1 + rng.below(4)) {
            let t = rng.pick(TAGS);
            if !tags.contains(&t) {
                tags.push(t);
            }
        }
        let bundle = rng.below(100) < 30;
        let images = if bundle { 1 + rng.below(3) } else { 0 };
        let table = rng.below(100) < 15;
        let code = rng.below(100) < 3;
        let alias = rng.below(100) < 2;
        let draft = rng.below(100) < 1;
        let link = rng.below(100) < 5 && !published.is_empty();
        let submitted_day = 1 + rng.below(9);
        let q_last_month = (month - 1) / 3 * 3 + 3;
        let words = 400 + rng.below(800);
        let mut text = String::new();
        let _ = writeln!(
            text,
            "---\ntitle: \"{title}\"\ndate: {year}-{month:02}-{day:02}\nunit: {unit}\nfield: {field}\nkind: {kind}"
        );
        let _ = writeln!(text, "summary: \"{}\"", sentence(&mut rng));
        let quoted: Vec<String> = tags.iter().map(|t| format!("\"{t}\"")).collect();
        let _ = writeln!(
            text,
            "exemplar: \"{name}\"\nslug: {file_slug}\ntags: [{}]",
            quoted.join(", ")
        );
        if rng.below(10) != 0 {
            let _ = writeln!(
                text,
                "submitted: {year}-{q_last_month:02}-{submitted_day:02}"
            );
        }
        if images > 0 {
            let _ = writeln!(text, "image: anh-1.png\nimage_alt: \"Ảnh {name}\"");
        }
        if alias {
            let _ = writeln!(text, "aliases: [\"/tin-tuc/{file_slug}.html\"]");
        }
        if draft {
            text.push_str("draft: true\n");
        }
        text.push_str("---\n\n");
        text.push_str(&body(&mut rng, words));
        for k in 2..=images {
            let _ = writeln!(text, "![Hình {k}: {name} cùng bà con](anh-{k}.png)\n");
        }
        if table {
            let _ = writeln!(text, "{TABLE}");
        }
        if code {
            let _ = writeln!(text, "{CODE}");
        }
        if link {
            let target = &published[rng.below(published.len())];
            let _ = writeln!(text, "Xem thêm [một gương điển hình khác](@/{target}).");
        }
        let folder = dir.join("content").join(year.to_string());
        let rel = if bundle {
            let bundle_dir = folder.join(&file_slug);
            std::fs::create_dir_all(&bundle_dir)?;
            for k in 1..=images {
                std::fs::write(bundle_dir.join(format!("anh-{k}.png")), image(&mut rng))?;
            }
            std::fs::write(bundle_dir.join("index.md"), text)?;
            format!("{year}/{file_slug}/index.md")
        } else {
            std::fs::create_dir_all(&folder)?;
            std::fs::write(folder.join(format!("{file_slug}.md")), text)?;
            format!("{year}/{file_slug}.md")
        };
        if !draft {
            published.push(rel);
        }
    }
    eprintln!("Đã tạo {n} bài viết trong {}", dir.display());
    Ok(())
}
