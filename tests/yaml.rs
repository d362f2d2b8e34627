//! YAML syntax errors in article front matter and `site.yaml` (issue 12, point 3): said in
//! Vietnamese, at the line the editor has to fix, with the fix for the common slips.

mod common;

use common::{TestSite, fails_with};

const HEAD: &str = "---\ntitle: Bài thử\ndate: 2020-09-28\nunit: don-bien-phong\nfield: san-xuat-gioi\nkind: ca-nhan\n";

#[test]
fn yaml_colon_in_a_value_says_to_quote_it_in_vietnamese() {
    let s = TestSite::new();
    s.write(
        "content/a.md",
        "---\ndate: 2020-09-28\ntitle: Chị Nhi: người lan tỏa yêu thương\nunit: don-bien-phong\n---\n",
    );
    let err = fails_with(
        &s,
        &[
            "content/a.md:3:15: ",
            "dấu hai chấm",
            "gợi ý: đặt cả giá trị trong dấu ngoặc kép: `title: \"Chị Nhi: người lan tỏa yêu thương\"`",
        ],
    );
    assert!(!err.contains("mapping values"), "{err}");
}

#[test]
fn yaml_unclosed_quote_points_at_the_opening_quote() {
    let s = TestSite::new();
    s.write(
        "content/a.md",
        "---\ntitle: \"Chị Nhi người lan tỏa\ndate: 2020-09-28\nunit: don-bien-phong\nfield: san-xuat-gioi\nkind: ca-nhan\nsummary: \"Tóm tắt\"\n---\n",
    );
    let err = fails_with(
        &s,
        &["content/a.md:2:8: ", "không đóng lại", "gợi ý: thêm dấu \""],
    );
    assert!(!err.contains("content/a.md:7:"), "{err}");
}

#[test]
fn yaml_tab_and_list_item_without_space_are_explained() {
    let s = TestSite::new();
    s.write("content/a.md", &format!("{HEAD}\tsummary: x\n---\n"));
    s.write(
        "content/b.md",
        &format!("{HEAD}summary: x\ntags:\n  -Biển đảo\n---\n"),
    );
    s.write(
        "content/c.md",
        &format!("{HEAD}summary: x\ntags:\n  - Biển đảo\n  -Hải đảo\n---\n"),
    );
    let err = fails_with(
        &s,
        &[
            "content/a.md:7:1: ",
            "thụt lề bằng phím Tab",
            "content/b.md:9:3: ",
            "thiếu dấu cách sau dấu `-`",
            "`- Biển đảo`",
            "content/c.md:10:3: ",
            "`- Hải đảo`",
        ],
    );
    for english in ["found", "expected", "mapping", "scalar"] {
        assert!(!err.to_lowercase().contains(english), "{english} in\n{err}");
    }
}

#[test]
fn site_yaml_syntax_errors_are_vietnamese_with_a_fix() {
    let s = TestSite::new();
    let yaml = common::SITE_YAML.replace(
        "description: Trang thử nghiệm",
        "description: Trang thử: nghiệm",
    );
    s.write("site.yaml", &yaml);
    let err = fails_with(
        &s,
        &[
            "site.yaml:2:23: ",
            "YAML không hợp lệ: giá trị có dấu hai chấm",
            "`description: \"Trang thử: nghiệm\"`",
        ],
    );
    assert!(!err.contains("mapping values"), "{err}");
}
