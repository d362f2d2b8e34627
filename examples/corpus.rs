//! Generates a large synthetic site for benchmarks:
//! `cargo run --release --example corpus -- 10000 /tmp/corpus` writes `site.yaml` and
//! `content/<year>/*.md` (Vietnamese bodies of 400–1200 words, ~30 units, 8 years).
//! The same arguments always give the same files.

use std::fmt::Write as _;
use std::path::Path;

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

const FIELDS: &[(&str, &str)] = &[
    ("san-xuat-gioi", "Hộ gia đình sản xuất, kinh doanh giỏi"),
    ("nguoi-tot-viec-tot", "Người tốt, việc tốt"),
    ("day-tot-hoc-tot", "Dạy tốt – học tốt"),
    ("y-duc", "Y đức – Lương y như từ mẫu"),
    ("xay-dung-dang", "Xây dựng Đảng và đoàn thể"),
    (
        "hoc-tap-lam-theo-bac",
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    ),
];
const BLOCS: &[&str] = &[
    "Khối các cơ quan Đảng, Mặt trận và đoàn thể",
    "Khối các cơ quan, ngành văn hóa – xã hội",
    "Khối các cơ quan kinh tế",
    "Khối lực lượng vũ trang",
];
const PLACES: &[&str] = &[
    "An Hội",
    "An Hải",
    "Bến Đầm",
    "Cỏ Ống",
    "Đất Dốc",
    "Hòn Bảy Cạnh",
    "Lò Vôi",
    "Suối Ớt",
    "Đầm Trầu",
    "Hòn Cau",
    "Bãi Nhát",
    "Vũng Tàu Bé",
    "Mũi Cá Mập",
    "Hòn Tre",
    "Bãi Dong",
];
const SURNAMES: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý",
];
const MIDDLE: &[&str] = &[
    "Văn", "Thị", "Minh", "Hữu", "Thanh", "Ngọc", "Đức", "Quốc", "Thu", "Hoài",
];
const GIVEN: &[&str] = &[
    "An", "Bình", "Cường", "Dũng", "Đông", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Lan", "Long",
    "Mai", "Nam", "Nga", "Phúc", "Quang", "Sơn", "Tâm", "Thảo", "Trung", "Tuấn", "Uyên", "Vân",
    "Yến",
];
const ROLES: &[&str] = &[
    "Cô giáo",
    "Thầy giáo",
    "Bác sĩ",
    "Điều dưỡng",
    "Ngư dân",
    "Chiến sĩ",
    "Bí thư chi bộ",
    "Hội viên phụ nữ",
    "Đoàn viên",
    "Nông dân",
    "Gia đình ông",
    "Hộ bà",
];
const FEATS: &[&str] = &[
    "vươn lên làm giàu từ nghề biển",
    "tận tụy với lớp học vùng đảo",
    "giữ bình yên cho khu dân cư",
    "đưa chuyển đổi số đến từng nhà",
    "cứu người giữa biển khơi",
    "gắn bó với người bệnh",
    "xây dựng chi bộ trong sạch, vững mạnh",
    "lan tỏa văn hóa đọc",
    "nuôi trồng thủy sản bền vững",
    "hiến đất mở đường",
    "giúp đỡ hộ nghèo",
    "bảo vệ rùa biển",
];
const TAGS: &[&str] = &[
    "Biển đảo",
    "Chuyển đổi số",
    "Nông thôn mới",
    "Khởi nghiệp",
    "Giáo dục",
    "Y tế",
    "An ninh trật tự",
    "Thanh niên",
    "Phụ nữ",
    "Môi trường",
    "Du lịch",
    "Thủy sản",
    "Văn hóa",
    "Từ thiện",
    "Quốc phòng",
    "Cải cách hành chính",
    "Dân vận khéo",
    "Khuyến học",
];
const WORDS: &[&str] = &[
    "những",
    "năm",
    "qua",
    "gia đình",
    "đã",
    "không ngừng",
    "nỗ lực",
    "vượt khó",
    "vươn lên",
    "trong",
    "sản xuất",
    "kinh doanh",
    "cộng đồng",
    "địa phương",
    "phong trào",
    "thi đua",
    "yêu nước",
    "người dân",
    "bà con",
    "khu dân cư",
    "chính quyền",
    "huyện",
    "đảo",
    "biển",
    "hiệu quả",
    "kinh tế",
    "thu nhập",
    "ổn định",
    "giúp đỡ",
    "nhiều",
    "hộ",
    "nghèo",
    "việc làm",
    "lao động",
    "mô hình",
    "sáng kiến",
    "được",
    "áp dụng",
    "rộng rãi",
    "tích cực",
    "tham gia",
    "hoạt động",
    "xã hội",
    "từ thiện",
    "học sinh",
    "giáo viên",
    "trường",
    "lớp học",
    "bệnh nhân",
    "y bác sĩ",
    "chăm sóc",
    "sức khỏe",
    "tận tình",
    "chu đáo",
    "trách nhiệm",
    "tấm gương",
    "sáng",
    "điển hình",
    "tiên tiến",
    "học tập",
    "làm theo",
    "tư tưởng",
    "đạo đức",
    "phong cách",
    "Hồ Chí Minh",
    "chi bộ",
    "đảng viên",
    "đoàn thể",
    "mặt trận",
    "thanh niên",
    "phụ nữ",
    "nông dân",
    "cựu chiến binh",
    "an ninh",
    "trật tự",
    "ngư dân",
    "tàu cá",
    "bám biển",
    "khai thác",
    "nuôi trồng",
    "hải sản",
    "du lịch",
    "homestay",
    "môi trường",
    "xanh",
    "sạch",
];
const HEADINGS: &[&str] = &[
    "Từ hai bàn tay trắng",
    "Vượt qua khó khăn",
    "Cách làm sáng tạo",
    "Lan tỏa trong cộng đồng",
    "Những con số ấn tượng",
    "Tâm huyết với nghề",
    "Niềm tin của bà con",
    "Hướng đi bền vững",
];

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

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1000);
    let dir = Path::new(args.get(2).map_or("corpus", String::as_str));
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    std::fs::create_dir_all(dir.join("content"))?;

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
        units.push(id);
    }
    std::fs::write(dir.join("site.yaml"), yaml)?;

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
        let (field, _) = FIELDS[rng.below(FIELDS.len())];
        let unit = &units[rng.below(units.len())];
        let kind = ["ca-nhan", "tap-the", "ho-gia-dinh"][rng.below(3)];
        let tags: Vec<&str> = (0..(1 + rng.below(3))).map(|_| rng.pick(TAGS)).collect();
        let mut tags_unique: Vec<&str> = Vec::new();
        for t in tags {
            if !tags_unique.contains(&t) {
                tags_unique.push(t);
            }
        }
        let submitted_day = 1 + rng.below(9);
        let q_last_month = (month - 1) / 3 * 3 + 3;
        let words = 400 + rng.below(800);
        let mut text = String::new();
        let _ = writeln!(
            text,
            "---\ntitle: \"{title}\"\ndate: {year}-{month:02}-{day:02}\nunit: {unit}\nfield: {field}\nkind: {kind}"
        );
        let _ = writeln!(text, "summary: \"{}\"", sentence(&mut rng));
        let _ = writeln!(
            text,
            "exemplar: \"{name}\"\nslug: {file_slug}\ntags: [{}]",
            tags_unique
                .iter()
                .map(|t| format!("\"{t}\""))
                .collect::<Vec<_>>()
                .join(", ")
        );
        if rng.below(10) != 0 {
            let _ = writeln!(
                text,
                "submitted: {year}-{q_last_month:02}-{submitted_day:02}"
            );
        }
        text.push_str("---\n\n");
        text.push_str(&body(&mut rng, words));
        if i % 50 == 0 {
            text.push_str("\n| Năm | Sản lượng (tấn) | Thu nhập (triệu đồng) |\n|---|---:|---:|\n| 2022 | 12 | 450 |\n| 2023 | 15 | 520 |\n");
        }
        let folder = dir.join("content").join(year.to_string());
        std::fs::create_dir_all(&folder)?;
        std::fs::write(folder.join(format!("{file_slug}.md")), text)?;
    }
    eprintln!("Đã tạo {n} bài viết trong {}", dir.display());
    Ok(())
}
