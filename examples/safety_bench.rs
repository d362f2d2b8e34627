//! Benchmark for SPEC §7 "time grows linearly with the input": builds one article of each
//! hostile shape (many headings, setext headings, rules, deep nesting, raw tags, many tags,
//! aliases, links) at two sizes and prints the times. Figures are in `docs/safety.md`.
//! Run: `cargo run --release --example safety_bench [-- MAX_BYTES]` (default 1 MB).

use guong::pipeline::LoadOptions;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

const SITE: &str = "title: Thử tải\nbase_url: https://example.gov.vn/g/\nfields:\n  - id: f\n    name: Cột\nunits:\n  - id: u\n    name: Đơn vị\n";

/// A shape: its name, whether it sits in the front matter, and a generator of `n` units.
type Shape = (&'static str, bool, fn(usize) -> String);

fn repeat(s: &str, n: usize) -> String {
    s.repeat(n)
}

fn shapes() -> Vec<Shape> {
    vec![
        ("paragraphs `a`", false, |n| repeat("a\n\n", n)),
        ("headings `## a`", false, |n| repeat("## a\n\n", n)),
        ("setext headings `a\\n-`", false, |n| repeat("a\n-\n\n", n)),
        ("rules `***`", false, |n| repeat("***\n\n", n)),
        ("raw `<div>` unclosed", false, |n| repeat("<div>", n)),
        ("raw `<div></div>` flat", false, |n| {
            repeat("<div></div>\n", n)
        }),
        ("raw `<b>` unclosed + md", false, |n| {
            format!("x\n\n{}", repeat("<b>a", n))
        }),
        ("blockquote `>` nesting", false, |n| {
            format!("{}a\n", repeat(">", n))
        }),
        ("list nesting", false, |n| {
            let mut s = String::new();
            for i in 0..n.min(700) {
                let _ = writeln!(s, "{}- a", "  ".repeat(i));
            }
            s + &repeat("- a\n", n.saturating_sub(700))
        }),
        ("emphasis `*a **b`", false, |n| repeat("*a **b ", n)),
        ("links `[a](/x)`", false, |n| repeat("[a](/x) ", n)),
        ("many tags", true, |n| {
            let mut s = String::from("tags:\n");
            for i in 0..n {
                let _ = writeln!(s, "  - thẻ {i}");
            }
            s
        }),
        ("many aliases", true, |n| {
            let mut s = String::from("aliases:\n");
            for i in 0..n {
                let _ = writeln!(s, "  - /cu/{i}.html");
            }
            s
        }),
        ("one long alias", true, |n| {
            format!("aliases: [/{}.html]\n", "a".repeat(n))
        }),
    ]
}

fn article(front: &str, body: &str) -> String {
    format!(
        "---\ntitle: Bài thử\ndate: 2020-09-28\nunit: u\nfield: f\nkind: ca-nhan\nsummary: Tóm tắt.\n{front}---\n\n{body}\n"
    )
}

/// CPU seconds (user and system, all threads) used by this process so far.
fn cpu_seconds() -> f64 {
    // SAFETY: getrusage only writes into the struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    let t = |v: libc::timeval| v.tv_sec as f64 + v.tv_usec as f64 / 1e6;
    t(u.ru_utime) + t(u.ru_stime)
}

/// Builds the site in `dir`; wall time, CPU time and a short outcome.
fn build(dir: &Path, text: &str) -> (f64, f64, String) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("content/2020")).expect("temp dir");
    std::fs::write(dir.join("site.yaml"), SITE).expect("write");
    std::fs::write(dir.join("content/2020/a.md"), text).expect("write");
    let opts = LoadOptions {
        root: dir.to_path_buf(),
        drafts: false,
        base_url: None,
    };
    let (start, cpu) = (Instant::now(), cpu_seconds());
    let r = guong::commands::build::run(&opts, Some(dir.join("output")));
    let secs = start.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu;
    let outcome = match r {
        Ok(b) => format!("{} trang", b.stats.pages),
        Err(e) => {
            let msg = e.to_string();
            let first = msg.lines().next().unwrap_or("");
            let first = first.rsplit("a.md:").next().unwrap_or(first);
            format!("lỗi a.md:{}", first.chars().take(60).collect::<String>())
        }
    };
    (secs, cpu, outcome)
}

fn main() {
    let max: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let dir = std::env::temp_dir().join(format!("guong-bench-{}", std::process::id()));
    println!("| hình dạng | kích thước | thời gian thực | CPU | kết quả |");
    println!("|---|---:|---:|---:|---|");
    for (name, front, make) in shapes() {
        // Size one unit to reach about `max` bytes, then build at half and full size.
        let unit = make(1000).len().max(1) as f64 / 1000.0;
        for size in [max / 2, max] {
            let n = (size as f64 / unit) as usize;
            let generated = make(n);
            let text = if front {
                article(&generated, "x")
            } else {
                article("", &generated)
            };
            let (secs, cpu, outcome) = build(&dir, &text);
            println!(
                "| {name} | {} KB | {secs:.2} s | {cpu:.2} s | {outcome} |",
                text.len() / 1000
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
