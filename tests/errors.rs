//! Every kind of bad input in SPEC §2–3: exit codes, `file:line:col`, the offending line,
//! suggestions, and every error of a run reported together.

mod common;

use common::{TestSite, fails_with, stderr};

const HEAD: &str = "---\ntitle: Bài thử\ndate: 2020-09-28\nunit: don-bien-phong\nfield: san-xuat-gioi\nkind: ca-nhan\n";

#[test]
fn unknown_key_suggests_the_closest() {
    let s = TestSite::new();
    s.write("content/a.md", &format!("{HEAD}summery: x\n---\nbody\n"));
    let err = fails_with(
        &s,
        &[
            "content/a.md:7:1: ",
            "summery",
            "`summary`",
            "7 | summery: x",
        ],
    );
    assert!(err.contains("^^^^^^^"), "{err}");
}

#[test]
fn unknown_unit_and_field_list_closest_matches() {
    let s = TestSite::new();
    s.write(
        "content/a.md",
        "---\ntitle: Bài thử\ndate: 2020-09-28\nunit: don-bien-phon\nfield: san-xuat\nkind: ca-nhan\nsummary: x\n---\n",
    );
    fails_with(
        &s,
        &[
            "content/a.md:4:7: ",
            "don-bien-phon",
            "`don-bien-phong`",
            "content/a.md:5:8: ",
            "`san-xuat-gioi`",
        ],
    );
}

#[test]
fn unit_and_field_match_full_names_case_insensitively() {
    let s = TestSite::new();
    s.write(
        "content/a.md",
        "---\ntitle: Bài thử\ndate: 2020-09-28\nunit: đồn biên phòng côn đảo\nfield: HỘ GIA ĐÌNH SẢN XUẤT GIỎI\nkind: ca-nhan\nsummary: x\n---\n",
    );
    s.build_ok(&[]);
    assert!(
        s.read_out("bai-viet/bai-thu/index.html")
            .contains("Đồn Biên phòng Côn Đảo")
    );
}

#[test]
fn bad_quarter_empty_summary_and_kind() {
    let s = TestSite::new();
    s.write(
        "content/a.md",
        "---\ntitle: Bài thử\ndate: 2020-09-28\nunit: don-bien-phong\nfield: san-xuat-gioi\nkind: ca-nhann\nquarter: 2020-Q5\nsummary: \"   \"\n---\n",
    );
    fails_with(
        &s,
        &[
            "content/a.md:6:7: ",
            "content/a.md:7:10: ",
            "2020-Q5",
            "content/a.md:8:10: ",
            "`summary` không được để trống",
        ],
    );
}

#[test]
fn missing_required_keys_and_bad_date() {
    let s = TestSite::new();
    s.write(
        "content/a.md",
        "---\ntitle: Bài thử\ndate: 28/09/2020\n---\n",
    );
    fails_with(
        &s,
        &[
            "content/a.md:3:7: ",
            "28/09/2020",
            "`summary`",
            "`unit`",
            "`field`",
            "`kind`",
        ],
    );
}

#[test]
fn bad_slug_shows_the_slug_to_use() {
    let s = TestSite::new();
    s.write(
        "content/a.md",
        &format!("{HEAD}summary: x\nslug: Gương Điển Hình\n---\n"),
    );
    fails_with(&s, &["content/a.md:8:7: ", "`guong-dien-hinh`"]);
}

#[test]
fn title_without_slug_needs_an_explicit_slug() {
    let s = TestSite::new();
    s.write("content/a.md", "---\ntitle: \"🎉🎉🎉\"\ndate: 2020-09-28\nunit: don-bien-phong\nfield: san-xuat-gioi\nkind: ca-nhan\nsummary: x\n---\n");
    fails_with(&s, &["content/a.md:2:8: ", "slug"]);
    s.write("content/a.md", "---\ntitle: \"🎉🎉🎉\"\nslug: le-hoi\ndate: 2020-09-28\nunit: don-bien-phong\nfield: san-xuat-gioi\nkind: ca-nhan\nsummary: x\n---\n");
    s.build_ok(&[]);
    assert!(s.out().join("bai-viet/le-hoi/index.html").exists());
}

#[test]
fn duplicate_key_is_an_error() {
    let s = TestSite::new();
    s.write(
        "content/a.md",
        &format!("{HEAD}summary: x\ntitle: Lần hai\n---\n"),
    );
    fails_with(&s, &["content/a.md:8:1: ", "`title`", "hai lần"]);
}

#[test]
fn tags_differing_in_case_are_one_but_colliding_slugs_are_an_error() {
    let s = TestSite::new();
    s.write(
        "content/a.md",
        &format!("{HEAD}summary: x\ntags: [Biển đảo]\n---\n"),
    );
    s.write("content/b.md", "---\ntitle: Bài hai\ndate: 2020-09-29\nunit: cong-an\nfield: san-xuat-gioi\nkind: ca-nhan\nsummary: x\ntags: [BIỂN ĐẢO]\n---\n");
    s.build_ok(&[]);
    let tag = s.read_out("the/bien-dao/index.html");
    assert!(tag.contains("Bài thử") && tag.contains("Bài hai"));
    s.write("content/c.md", "---\ntitle: Bài ba\ndate: 2020-09-30\nunit: cong-an\nfield: san-xuat-gioi\nkind: ca-nhan\nsummary: x\ntags: [Biển-đảo]\n---\n");
    fails_with(&s, &["content/c.md:8:8: ", "Biển-đảo", "Biển đảo"]);
}

#[test]
fn two_articles_with_one_url_name_both_files() {
    let s = TestSite::new();
    s.write("content/a.md", &format!("{HEAD}summary: x\n---\n"));
    s.write("content/2021/b.md", &format!("{HEAD}summary: y\n---\n"));
    fails_with(
        &s,
        &[
            "content/a.md:2:8: ",
            "content/2021/b.md:2:8: ",
            "bai-viet/bai-thu",
        ],
    );
}

#[test]
fn aliases_may_not_replace_pages_or_leave_the_output() {
    let s = TestSite::new();
    s.write("content/a.md", &format!("{HEAD}summary: x\naliases: [\"../../etc/passwd\", \"http://evil.example/x\", \"C:\\\\x\", \"a/../../b.html\"]\n---\n"));
    let err = fails_with(&s, &["content/a.md:8:11: ", ".."]);
    assert!(err.matches("content/a.md:8:").count() >= 4, "{err}");
    s.write(
        "content/a.md",
        &format!(
            "{HEAD}summary: x\naliases: [\"/chuyen-muc/san-xuat-gioi/\", \"/atom.xml\"]\n---\n"
        ),
    );
    s.write("content/b.md", "---\ntitle: Bài hai\ndate: 2020-09-29\nunit: cong-an\nfield: san-xuat-gioi\nkind: ca-nhan\nsummary: x\naliases: [\"/tin-tuc/cu.html\", \"/bai-viet/bai-thu/\"]\n---\n");
    s.write("content/c.md", "---\ntitle: Bài ba\ndate: 2020-09-30\nunit: cong-an\nfield: san-xuat-gioi\nkind: ca-nhan\nsummary: x\naliases: [\"/TIN-TUC/cu.html\"]\n---\n");
    fails_with(
        &s,
        &[
            "content/a.md:8:11: ",
            "chuyen-muc/san-xuat-gioi/index.html",
            "content/a.md:8:41: ",
            "content/b.md:8:31: ",
            "content/b.md:8:11: ",
            "c.md",
        ],
    );
    assert!(!s.path().parent().unwrap().join("etc/passwd").exists());
}

#[test]
fn slug_with_dots_is_refused() {
    let s = TestSite::new();
    s.write(
        "content/a.md",
        &format!("{HEAD}summary: x\nslug: ../../x\n---\n"),
    );
    fails_with(&s, &["content/a.md:8:7: "]);
}

#[test]
fn non_utf8_and_missing_front_matter() {
    let s = TestSite::new();
    s.write_bytes("content/a.md", b"---\ntitle: B\xe0i\n---\n");
    s.write("content/b.md", "Chỉ có nội dung\n");
    s.write("content/c.md", "---\ntitle: x\n");
    fails_with(
        &s,
        &[
            "content/a.md:2:9: ",
            "UTF-8",
            "content/b.md:1:1: ",
            "---",
            "content/c.md:1:1: ",
        ],
    );
}

#[test]
fn yaml_syntax_error_has_a_position() {
    let s = TestSite::new();
    s.write("content/a.md", &format!("{HEAD}summary: [x\n---\n"));
    let err = fails_with(&s, &["content/a.md:", "YAML"]);
    assert!(
        err.contains("content/a.md:7:") || err.contains("content/a.md:8:"),
        "{err}"
    );
}

#[test]
fn broken_article_link_is_an_error_in_build() {
    let s = TestSite::new();
    s.write("content/2020/a.md", &format!("{HEAD}summary: x\n---\n\nXem [bài kia](../2019/khong-co.md) và [bài nọ](@/2020/cung-khong.md).\n"));
    fails_with(
        &s,
        &[
            "content/2020/a.md:10:5: ",
            "2019/khong-co.md",
            "content/2020/a.md:10:",
        ],
    );
}

#[test]
fn missing_cover_image_is_an_error() {
    let s = TestSite::new();
    s.write(
        "content/a.md",
        &format!("{HEAD}summary: x\nimage: khong-co.jpg\n---\n"),
    );
    fails_with(&s, &["content/a.md:8:8: ", "khong-co.jpg"]);
}

#[test]
fn all_errors_of_a_run_are_reported_together() {
    let s = TestSite::new();
    s.write("content/a.md", &format!("{HEAD}summery: x\n---\n"));
    s.write(
        "content/b.md",
        &format!("{HEAD}summary: x\nquarter: 2020-Q9\n---\n"),
    );
    s.write("content/c.md", "không có phần đầu\n");
    let err = fails_with(
        &s,
        &["content/a.md:7:1", "content/b.md:8:10", "content/c.md:1:1"],
    );
    assert!(
        err.contains("3 lỗi") || err.contains("lỗi trong 3 tệp"),
        "{err}"
    );
}

#[test]
fn site_yaml_errors_have_positions_and_suggestions() {
    let s = TestSite::new();
    let yaml = common::SITE_YAML
        .replace("paginate: 2", "paginat: 2")
        .replace("duty_quarter: 1", "duty_quarter: 5")
        .replace("  - id: cong-an\n", "  - id: ban-chqs\n");
    s.write("site.yaml", &yaml);
    let o = s.run(&["build"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("site.yaml:7:1: "), "{err}");
    assert!(err.contains("site.yaml:22:19: "), "{err}");
    assert!(err.contains("`paginate`"), "{err}");
    assert!(err.contains("duty_quarter"), "{err}");
    assert!(err.contains("trùng id"), "{err}");
    assert!(err.matches("site.yaml:").count() >= 3, "{err}");
}

#[test]
fn missing_site_yaml_or_bad_usage_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_guong"))
        .arg("--root")
        .arg(dir.path())
        .arg("build")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("site.yaml"));
    let s = TestSite::new();
    assert_eq!(s.run(&["build", "--khong-co"]).status.code(), Some(2));
    let o = s.run(&["buid"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("không có lệnh `buid`"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("`build`"),
        "suggests the closest command"
    );
    assert!(stderr(&s.run(&["build", "--drfts"])).contains("`--drafts`"));
    assert_eq!(
        s.run(&["build", "--base-url", "khong-phai-url"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn output_may_not_replace_the_site() {
    let s = TestSite::new();
    s.article("a.md", "A", "2020-01-01", "", "x");
    let root = s.path().to_string_lossy().into_owned();
    assert_eq!(s.run(&["build", "--output", &root]).status.code(), Some(2));
    let content = format!("{root}/content");
    assert_eq!(
        s.run(&["build", "--output", &content]).status.code(),
        Some(2)
    );
    assert!(s.path().join("content/a.md").exists());
}

#[test]
fn template_errors_point_into_the_template() {
    let s = TestSite::new();
    s.article("a.md", "A", "2020-01-01", "", "x");
    s.write("templates/404.html", "<p>{{ site.title </p>\n");
    let o = s.run(&["build"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("templates/404.html:1:"), "{err}");
    s.write("templates/404.html", "<p>{{ khong_co_bien }}</p>\n");
    let o = s.run(&["build"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("templates/404.html:1:"), "{err}");
    assert!(!s.out().exists());
}

#[test]
fn later_stage_errors_come_in_the_same_run_as_front_matter_errors() {
    let s = TestSite::new();
    s.write("content/a.md", &format!("{HEAD}summery: x\n---\n"));
    s.write("content/b.md", "---\ntitle: Bài hai\ndate: 2020-09-29\nunit: cong-an\nfield: san-xuat-gioi\nkind: ca-nhan\nsummary: x\naliases: [\"/atom.xml\"]\n---\n\n[có](a.md) [không có](khong-co.md)\n");
    s.write("templates/404.html", "<p>{{ site.title </p>\n");
    let err = fails_with(
        &s,
        &[
            "content/a.md:7:1: ",
            "content/b.md:8:",
            "atom.xml",
            "content/b.md:11:",
            "khong-co.md",
            "templates/404.html:1:",
        ],
    );
    assert!(
        !err.contains("`a.md`"),
        "a link to an article with errors is not reported again:\n{err}"
    );
}

#[test]
fn url_clashes_come_with_broken_links_in_one_run() {
    let s = TestSite::new();
    s.write("content/a.md", &format!("{HEAD}summary: x\n---\n"));
    s.write("content/2021/b.md", &format!("{HEAD}summary: y\n---\n"));
    s.write("content/c.md", "---\ntitle: Bài ba\ndate: 2020-09-30\nunit: cong-an\nfield: san-xuat-gioi\nkind: ca-nhan\nsummary: x\n---\n\n[không có](khong-co.md)\n");
    fails_with(
        &s,
        &[
            "content/a.md:2:8: ",
            "content/2021/b.md:2:8: ",
            "content/c.md:10:1: ",
            "khong-co.md",
        ],
    );
}

#[test]
fn placeholders_come_with_front_matter_errors() {
    let s = TestSite::new();
    s.write(
        "content/a.md",
        &format!("{HEAD}summery: x\n---\n\nXuất phát điểm, những khó khăn ban đầu.\n"),
    );
    s.write(
        "content/b.md",
        &format!("{HEAD}summery: x\ndraft: true\n---\n\nXuất phát điểm, những khó khăn ban đầu.\n"),
    );
    let err = fails_with(
        &s,
        &["content/a.md:7:1: ", "content/a.md:10:1: ", "đoạn văn mẫu"],
    );
    assert!(!err.contains("content/b.md:11:"), "{err}");
}
