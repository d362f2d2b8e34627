//! `--help`: every subcommand shows an example and Vietnamese value placeholders, never
//! clap's English ones.

use std::process::Command;

fn help(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_guong"))
        .args(args)
        .arg("--help")
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn each_subcommand_has_an_example_and_vietnamese_placeholders() {
    let cases: [(&str, &[&str]); 6] = [
        ("build", &["<THƯ_MỤC>", "<ĐỊA_CHỈ_GỐC>"]),
        ("check", &["<THƯ_MỤC>"]),
        ("serve", &["<CỔNG>", "<ĐỊA_CHỈ>"]),
        (
            "new",
            &["<TIÊU_ĐỀ>", "<ĐƠN_VỊ>", "<CHUYÊN_MỤC>", "<LOẠI>", "<NGÀY>"],
        ),
        ("init", &["<THƯ_MỤC>"]),
        ("report", &["<NĂM>", "<QUÝ>", "<ĐỊNH_DẠNG>", "<TỆP>"]),
    ];
    for (cmd, placeholders) in cases {
        let text = help(&[cmd]);
        assert!(text.contains("Ví dụ:"), "{cmd}: {text}");
        assert!(text.contains(&format!("\n  guong {cmd}")), "{cmd}: {text}");
        for p in placeholders {
            assert!(text.contains(p), "{cmd} lacks {p}: {text}");
        }
        for english in [
            "<DIR>", "<UNIT>", "<FIELD>", "<URL>", "<FILE>", "<PORT>", "<N>", "<YYYY>", "<TITLE>",
        ] {
            assert!(!text.contains(english), "{cmd} shows {english}: {text}");
        }
    }
    assert!(help(&[]).contains("init"));
}
