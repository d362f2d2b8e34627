//! `guong serve`: pages over HTTP with the live-reload script, 404s, redirects, a busy port,
//! and the edit loop — a change is rebuilt and announced, a broken edit shows the overlay over
//! the last good page, and fixing it removes the overlay; only its own address is answered
//! (`Host` checked, heads bounded to 8 KiB), and `--bind` opens it to a network with a warning.

mod common;

use common::bundled_site;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(10);
const ARTICLE: &str = "content/2026/chi-truong-thi-yen-nhi-nguoi-lan-toa-van-hoa-doc-o-con-dao.md";
const PAGE: &str = "/bai-viet/chi-truong-thi-yen-nhi-nguoi-lan-toa-van-hoa-doc-o-con-dao/";

/// A running `guong serve`, killed when dropped.
struct Server {
    child: Child,
    port: u16,
    /// What it printed on stderr so far.
    log: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Server {
    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn serve(root: &Path, port: u16) -> (Server, String) {
    serve_with(root, port, &[])
}

fn serve_with(root: &Path, port: u16, extra: &[&str]) -> (Server, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_guong"))
        .arg("--root")
        .arg(root)
        .args(["serve", "--port", &port.to_string()])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let log = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let sink = log.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let mut log = sink.lock().unwrap();
            log.push_str(&line);
            log.push('\n');
        }
    });
    let mut server = Server {
        child,
        port: 0,
        log,
    };
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {line:?}"));
    server.port = url
        .trim_end_matches('/')
        .rsplit_once(':')
        .unwrap()
        .1
        .parse()
        .unwrap();
    (server, line)
}

struct Reply {
    status: u16,
    head: String,
    body: String,
}

fn get(port: u16, path: &str) -> Reply {
    request(
        port,
        &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"),
    )
}

/// Sends `head` (request line and headers, each ending in CRLF) and reads the whole reply.
fn request(port: u16, head: &str) -> Reply {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    // The server may refuse before reading everything: a failed write is fine.
    let _ = write!(s, "{head}Connection: close\r\n\r\n");
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    Reply {
        status: head.split_whitespace().nth(1).unwrap().parse().unwrap(),
        head: head.to_ascii_lowercase(),
        body: body.to_string(),
    }
}

/// An open live-reload stream.
struct Events {
    stream: TcpStream,
    seen: String,
}

impl Events {
    fn open(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(
            stream,
            "GET /__guong/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        let mut e = Events {
            stream,
            seen: String::new(),
        };
        assert!(e.wait_for("retry:"), "no event stream: {}", e.seen);
        e
    }

    /// Waits until `what` arrives (after what was already consumed).
    fn wait_for(&mut self, what: &str) -> bool {
        let deadline = Instant::now() + WAIT;
        let mut buf = [0u8; 4096];
        while Instant::now() < deadline {
            if let Some(i) = self.seen.find(what) {
                self.seen.drain(..i + what.len());
                return true;
            }
            if let Ok(n) = self.stream.read(&mut buf) {
                if n == 0 {
                    return false;
                }
                self.seen.push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        }
        false
    }
}

fn wait_until(mut ok: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + WAIT;
    while Instant::now() < deadline {
        if ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from} not in {file}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn serves_pages_with_the_reload_script_but_build_has_none() {
    let site = bundled_site();
    let (server, line) = serve(site.path(), free_port());
    assert!(line.contains(&format!("http://127.0.0.1:{}/", server.port)));

    let home = get(server.port, "/");
    assert_eq!(home.status, 200);
    assert!(home.head.contains("content-type: text/html; charset=utf-8"));
    assert!(home.body.contains("/__guong/events"), "no reload script");
    assert!(
        home.body.contains(&format!("href=\"{PAGE}\"")),
        "links use /"
    );

    let css = get(server.port, "/css/style.css");
    assert_eq!(css.status, 200);
    assert!(css.head.contains("content-type: text/css"));
    for (path, ctype) in [
        ("/favicon.svg", "image/svg+xml"),
        ("/images/bien-dao.png", "image/png"),
        ("/atom.xml", "xml"),
        ("/robots.txt", "text/plain"),
        ("/js/menu.js", "javascript"),
    ] {
        let r = get(server.port, path);
        assert_eq!(r.status, 200, "{path}");
        assert!(r.head.contains(ctype), "{path}: {}", r.head);
    }

    let missing = get(server.port, "/khong-co-trang-nay/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Không tìm thấy trang"));

    let folder = get(server.port, "/luu-tru");
    assert_eq!(folder.status, 301);
    assert!(folder.head.contains("location: /luu-tru/"));

    let draft = site.path().join("content/2026/ban-nhap.md");
    std::fs::write(
        &draft,
        "---\ntitle: Bản nháp xem trước\ndate: 2026-05-01\nunit: huyen-doan\nfield: y-duc\nkind: ca-nhan\nsummary: Nháp.\ndraft: true\n---\nNội dung nháp.\n",
    )
    .unwrap();
    assert!(
        wait_until(|| get(server.port, "/bai-viet/ban-nhap-xem-truoc/").status == 200),
        "drafts are served"
    );
    assert!(
        !site.path().join("output").exists(),
        "serve never writes output/"
    );
    drop(server);

    let build = Command::new(env!("CARGO_BIN_EXE_guong"))
        .arg("--root")
        .arg(site.path())
        .arg("build")
        .output()
        .unwrap();
    assert!(build.status.success());
    let built = std::fs::read_to_string(site.path().join("output/index.html")).unwrap();
    assert!(
        !built.contains("__guong"),
        "build output has no reload script"
    );
}

#[test]
fn edits_reload_and_broken_edits_show_the_overlay_over_the_last_good_page() {
    let site = bundled_site();
    let (server, _) = serve(site.path(), free_port());
    let port = server.port;
    let mut events = Events::open(port);

    edit(
        site.path(),
        ARTICLE,
        "Đưa sách đến gần bạn đọc",
        "Sách về tận bè cá",
    );
    assert!(
        events.wait_for("event: reload"),
        "no reload: {}",
        events.seen
    );
    let page = get(port, PAGE);
    assert!(page.body.contains("Sách về tận bè cá"));
    // Only the pages that show the body were rendered again, not the whole site.
    assert!(wait_until(|| server.log().contains("Đã sửa content/")));
    let log = server.log();
    let line = log
        .lines()
        .find(|l| l.starts_with("Đã sửa content/"))
        .unwrap();
    let counts = line.split("đã cập nhật ").nth(1).unwrap();
    let (done, total) = counts.split_once('/').unwrap();
    let total: usize = total.split_whitespace().next().unwrap().parse().unwrap();
    let done: usize = done.parse().unwrap();
    assert!(done > 0 && done * 10 < total, "{line}");

    // The list pages it appears on show a new summary.
    edit(
        site.path(),
        ARTICLE,
        "xây dựng 12 tủ sách",
        "xây dựng 15 tủ sách",
    );
    assert!(events.wait_for("event: reload"));
    for list in [
        "/chuyen-muc/hoc-tap-lam-theo-bac/",
        "/don-vi/phong-van-hoa-thong-tin/",
    ] {
        assert!(
            get(port, list).body.contains("xây dựng 15 tủ sách"),
            "{list}"
        );
    }

    // A broken edit: the old page stays, with the errors over it.
    edit(
        site.path(),
        ARTICLE,
        "unit: phong-van-hoa-thong-tin",
        "unit: phong-van-hoa-thong-tn",
    );
    assert!(events.wait_for("event: overlay"), "{}", events.seen);
    let broken = get(port, PAGE);
    assert_eq!(broken.status, 200);
    assert!(
        broken.body.contains("Sách về tận bè cá"),
        "last good page kept"
    );
    assert!(broken.body.contains("guong-overlay-title"));
    assert!(
        broken
            .body
            .contains("chi-truong-thi-yen-nhi-nguoi-lan-toa-van-hoa-doc-o-con-dao.md:4:7"),
        "file:line:col in the overlay"
    );
    assert!(
        broken
            .body
            .contains("không có đơn vị `phong-van-hoa-thong-tn`")
    );
    assert!(
        broken.body.contains("unit: phong-van-hoa-thong-tn"),
        "offending line"
    );
    assert!(
        get(port, "/").body.contains("guong-overlay-title"),
        "on every page"
    );

    // Fixed: the overlay goes away.
    edit(
        site.path(),
        ARTICLE,
        "unit: phong-van-hoa-thong-tn",
        "unit: phong-van-hoa-thong-tin",
    );
    assert!(events.wait_for("event: reload"));
    let fixed = get(port, PAGE);
    assert!(!fixed.body.contains("guong-overlay-title"));
    assert!(fixed.body.contains("Sách về tận bè cá"));
}

#[test]
fn template_and_static_changes_are_picked_up() {
    let site = bundled_site();
    let (server, _) = serve(site.path(), free_port());
    let port = server.port;
    let mut events = Events::open(port);

    std::fs::write(site.path().join("static/ghi-chu.txt"), "xin chào").unwrap();
    assert!(events.wait_for("event: reload"));
    assert_eq!(get(port, "/ghi-chu.txt").body, "xin chào");

    edit(
        site.path(),
        "themes/default/templates/base.html",
        "<main id=\"main_content\"",
        "<p>Mẫu đã sửa</p><main id=\"main_content\"",
    );
    assert!(events.wait_for("event: reload"));
    assert!(get(port, PAGE).body.contains("Mẫu đã sửa"));

    edit(
        site.path(),
        "themes/default/templates/base.html",
        "<p>Mẫu đã sửa</p>",
        "<p>{{ khong_co_bien }}</p>",
    );
    assert!(events.wait_for("event: overlay"));
    let page = get(port, PAGE);
    assert!(page.body.contains("Mẫu đã sửa") && page.body.contains("guong-overlay-title"));
    assert!(page.body.contains("base.html"));
}

#[test]
fn a_busy_port_moves_to_the_next_free_one() {
    let site = bundled_site();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let (server, line) = serve(site.path(), port);
    assert_ne!(server.port, port, "{line}");
    assert_eq!(get(server.port, "/").status, 200);
    assert!(server.log().contains("đang bận"), "{}", server.log());
}

/// Every file the server has equals the file a full `build --drafts` makes (reload script aside).
fn assert_same_as_full_build(root: &Path, port: u16, label: &str) {
    let out = tempfile::tempdir().unwrap();
    let build = Command::new(env!("CARGO_BIN_EXE_guong"))
        .arg("--root")
        .arg(root)
        .args(["build", "--drafts", "--base-url"])
        .arg(format!("http://127.0.0.1:{port}/"))
        .arg("--output")
        .arg(out.path().join("site"))
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let site = out.path().join("site");
    // The manifest is the disk sink's record of what it wrote, not a page.
    let built: Vec<String> = common::files(&site)
        .into_iter()
        .filter(|f| f != ".guong-manifest")
        .collect();
    // Served files that a full build does not make (a stale page kept by serve) fail too.
    let listed = wait_until(|| {
        let served: Vec<String> = get(port, "/__guong/files")
            .body
            .lines()
            .map(String::from)
            .collect();
        served == built
    });
    assert!(
        listed,
        "{label}: serve has other files than a full build:\nserve: {}\nbuild: {built:?}",
        get(port, "/__guong/files").body
    );
    for entry in walkdir::WalkDir::new(&site) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(&site)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if rel == ".guong-manifest" {
            continue; // build's record of what it wrote: not part of the site
        }
        let want = String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap()).into_owned();
        // The search files follow the reload event: give them a moment.
        let same = wait_until(|| {
            let mut got = get(port, &format!("/{rel}")).body;
            if let Some(start) = got.find("<script id=\"guong-live-reload\">") {
                let end = got[start..].find("</script>\n").unwrap() + start + "</script>\n".len();
                got.replace_range(start..end, "");
            }
            got == want
        });
        assert!(same, "{label}: /{rel} differs from a full build");
    }
}

#[test]
fn incremental_rebuilds_match_a_full_build() {
    let site = bundled_site();
    let (server, _) = serve(site.path(), free_port());
    let port = server.port;
    let mut events = Events::open(port);
    assert_same_as_full_build(site.path(), port, "first build");

    let steps: [(&str, &str, &str); 4] = [
        (
            ARTICLE,
            "người lan tỏa văn hóa đọc",
            "người giữ lửa văn hóa đọc",
        ),
        (ARTICLE, "date: 2026-10-27", "date: 2025-02-03"),
        (ARTICLE, "field: hoc-tap-lam-theo-bac", "field: y-duc"),
        (
            ARTICLE,
            "tags: [Văn hóa đọc,",
            "tags: [Thẻ hoàn toàn mới, Văn hóa đọc,",
        ),
    ];
    for (file, from, to) in steps {
        edit(site.path(), file, from, to);
        assert!(events.wait_for("event: reload"));
        assert_same_as_full_build(site.path(), port, to);
    }
    std::fs::remove_file(site.path().join(ARTICLE)).unwrap();
    assert!(events.wait_for("event: reload"));
    assert_same_as_full_build(site.path(), port, "article removed");
}

/// Edits that change only a body take `serve`'s fast path (the site graph, cards and image
/// stage of the last rebuild are kept); the others take the full path. After each, the
/// served site equals a fresh full build.
#[test]
fn body_edits_and_the_full_path_in_turn_match_a_full_build() {
    const BUNDLE: &str =
        "content/2025/gia-dinh-chi-huynh-thi-mai-va-homestay-xanh-ben-bo-bien-con-dao/index.md";
    const NEW: &str = "content/2026/bai-moi-them-vao.md";
    let site = bundled_site();
    let (server, _) = serve(site.path(), free_port());
    let port = server.port;
    let mut events = Events::open(port);
    assert_same_as_full_build(site.path(), port, "first build");
    let root = site.path();
    let steps: [(&str, &str, &str, &str); 7] = [
        (
            "body only",
            ARTICLE,
            "## Thư viện số cho đảo xa",
            "## Thư viện số cho đảo xa xôi\n\nMột đoạn mới, **đậm**.",
        ),
        (
            "a body image's alt text and the text around it",
            BUNDLE,
            "![Bờ biển trước homestay",
            "Ảnh chụp bờ biển.\n\n![Bãi biển trước homestay",
        ),
        (
            "a link to another article in a body",
            ARTICLE,
            "Một đoạn mới, **đậm**.",
            "Một đoạn mới, xem [bài về homestay](@/2025/gia-dinh-chi-huynh-thi-mai-va-homestay-xanh-ben-bo-bien-con-dao/index.md).",
        ),
        (
            "a new image in a body (full path)",
            ARTICLE,
            "Một đoạn mới, xem",
            "![Biển đảo buổi chiều](/images/bien-dao.png)\n\nMột đoạn mới, xem",
        ),
        (
            "the summary (full path)",
            ARTICLE,
            "Chị Trương Thị Yến Nhi xây dựng 12 tủ sách",
            "Chị Trương Thị Yến Nhi đã xây dựng 12 tủ sách",
        ),
        (
            "the body after a full path",
            ARTICLE,
            "Một đoạn mới, xem",
            "Một đoạn sửa lại, xem",
        ),
        (
            "a body with a broken link, shown as an error",
            ARTICLE,
            "Một đoạn sửa lại, xem",
            "Một đoạn sửa lại, [hỏng](@/khong-co-bai-nay.md), xem",
        ),
    ];
    for (label, file, from, to) in steps {
        edit(root, file, from, to);
        if label.contains("broken") {
            assert!(events.wait_for("event: overlay"), "{label}");
            edit(root, file, "[hỏng](@/khong-co-bai-nay.md), ", "");
        }
        assert!(events.wait_for("event: reload"), "{label}");
        assert_same_as_full_build(root, port, label);
    }
    let new_article = std::fs::read_to_string(root.join(ARTICLE))
        .unwrap()
        .replace(
            "title: \"Chị Trương Thị Yến Nhi – người lan tỏa văn hóa đọc ở Côn Đảo\"",
            "title: \"Một bài mới thêm vào\"",
        );
    std::fs::write(root.join(NEW), new_article).unwrap();
    assert!(events.wait_for("event: reload"));
    assert_same_as_full_build(root, port, "an article added");
    edit(root, NEW, "## Thư viện số cho đảo xa xôi", "## Thư viện số");
    assert!(events.wait_for("event: reload"));
    assert_same_as_full_build(root, port, "the new article's body");
    std::fs::remove_file(root.join(NEW)).unwrap();
    assert!(events.wait_for("event: reload"));
    assert_same_as_full_build(root, port, "the new article removed");
    edit(root, ARTICLE, "Một đoạn sửa lại", "Một đoạn sửa lần nữa");
    assert!(events.wait_for("event: reload"));
    assert_same_as_full_build(root, port, "a body after the removal");
}

#[test]
fn only_requests_for_its_own_address_are_answered() {
    let site = bundled_site();
    let (server, _) = serve(site.path(), free_port());
    let port = server.port;
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let r = request(port, &format!("GET / HTTP/1.1\r\nHost: {host}\r\n"));
        assert_eq!(r.status, 200, "{host}");
    }
    // DNS rebinding: a page of another site that resolves to 127.0.0.1.
    for head in [
        format!("GET / HTTP/1.1\r\nHost: attacker.example:{port}\r\n"),
        format!(
            "GET / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n",
            port.wrapping_add(1)
        ),
        "GET / HTTP/1.1\r\n".to_string(),
        format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nHost: attacker.example\r\n"),
    ] {
        let r = request(port, &head);
        assert_eq!(r.status, 421, "{head}");
        assert!(!r.body.contains("<html"), "{head}: {}", r.body);
    }
    let events = request(
        port,
        &format!("GET /__guong/events HTTP/1.1\r\nHost: evil.example:{port}\r\n"),
    );
    assert_eq!(events.status, 421);
}

#[test]
fn request_heads_are_bounded_to_8_kib() {
    let site = bundled_site();
    let (server, _) = serve(site.path(), free_port());
    let port = server.port;
    let host = format!("Host: 127.0.0.1:{port}\r\n");
    // A 10 MB request line is refused after 8 KiB, not read to its end.
    let started = Instant::now();
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    let long = format!("GET /{} HTTP/1.1\r\n", "a".repeat(10 << 20));
    let writer = {
        let mut s = s.try_clone().unwrap();
        std::thread::spawn(move || {
            let _ = s.write_all(long.as_bytes());
        })
    };
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw);
    assert!(text.starts_with("HTTP/1.1 414"), "{text}");
    assert!(started.elapsed() < WAIT);
    drop(s);
    let _ = writer.join();

    let big = format!("GET / HTTP/1.1\r\n{host}X-Pad: {}\r\n", "b".repeat(9000));
    assert_eq!(request(port, &big).status, 431);
    let near = format!("GET / HTTP/1.1\r\n{host}X-Pad: {}\r\n", "b".repeat(7000));
    assert_eq!(request(port, &near).status, 200);
}

#[test]
fn bind_opens_another_address_and_warns_about_drafts() {
    let site = bundled_site();
    let (server, line) = serve_with(site.path(), free_port(), &["--bind", "0.0.0.0"]);
    let port = server.port;
    assert!(line.contains(&format!(":{port}/")), "{line}");
    assert!(
        wait_until(|| server.log().contains("kể cả các bài nháp")),
        "{}",
        server.log()
    );
    // Any address of the machine, as a phone on the network would write it.
    let r = request(
        port,
        &format!("GET / HTTP/1.1\r\nHost: 10.1.2.3:{port}\r\n"),
    );
    assert_eq!(r.status, 200);
    let r = request(
        port,
        &format!("GET / HTTP/1.1\r\nHost: attacker.example:{port}\r\n"),
    );
    assert_eq!(r.status, 421);

    // A named address: its own Host is answered, and the default has no warning.
    let (named, line) = serve_with(site.path(), free_port(), &["--bind", "127.0.0.2"]);
    assert!(line.contains("http://127.0.0.2:"), "{line}");
    let p = named.port;
    let mut s = TcpStream::connect(("127.0.0.2", p)).unwrap();
    write!(
        s,
        "GET / HTTP/1.1\r\nHost: 127.0.0.2:{p}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    assert!(raw.starts_with("HTTP/1.1 200"), "{raw}");
    assert!(
        TcpStream::connect(("127.0.0.1", p)).is_err(),
        "bound to 127.0.0.1 too"
    );
    let (plain, _) = serve(site.path(), free_port());
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        !plain.log().contains("mọi máy trong mạng"),
        "{}",
        plain.log()
    );
}

/// The `file:line:col: lỗi: …` lines of a command's output, sorted.
fn error_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text
        .lines()
        .filter(|l| l.contains(": lỗi: "))
        .map(str::to_string)
        .collect();
    lines.sort();
    lines
}

#[test]
fn serve_shows_every_error_build_reports() {
    let site = bundled_site();
    let root = site.path();
    // A front matter error, a broken link in another article, and a template syntax error.
    edit(root, ARTICLE, "date: 2026-10-27", "date: 2026-13-45");
    edit(
        root,
        "content/2026/cau-lac-bo-phu-nu-khu-dan-cu-so-2-noi-khong-voi-rac-thai-nhua.md",
        "\n---\n",
        "\n---\n\nXem [bài cũ](khong-co-bai-nay.md).\n",
    );
    edit(
        root,
        "themes/default/templates/base.html",
        "<main id=\"main_content\"",
        "{{ chua_dong <main id=\"main_content\"",
    );
    let expected = build_errors(root);
    assert!(expected.len() >= 3, "{expected:?}");
    for part in ["2026-13-45", "khong-co-bai-nay.md", "base.html"] {
        assert!(
            expected.iter().any(|l| l.contains(part)),
            "{part}: {expected:?}"
        );
    }

    let (server, _) = serve(root, free_port());
    assert!(
        wait_until(|| server.log().contains("Chưa dựng được trang nào")),
        "{}",
        server.log()
    );
    assert_eq!(error_lines(&server.log()), expected);
    let overlay = get(server.port, "/").body;
    for part in ["2026-13-45", "khong-co-bai-nay.md", "base.html"] {
        assert!(overlay.contains(part), "{part} not in the overlay");
    }
}

/// The error lines `build --drafts` gives for the site at `root` (into a folder of its own).
fn build_errors(root: &Path) -> Vec<String> {
    let build = Command::new(env!("CARGO_BIN_EXE_guong"))
        .arg("--root")
        .arg(root)
        .args(["build", "--drafts", "--output"])
        .arg(tempfile::tempdir().unwrap().path().join("out"))
        .output()
        .unwrap();
    error_lines(&String::from_utf8_lossy(&build.stderr))
}

#[test]
fn broken_links_show_over_the_page_as_build_reports_them() {
    let site = bundled_site();
    let root = site.path();
    // A link to an anchor that does not exist: found only in the rendered page.
    edit(
        root,
        ARTICLE,
        "Đưa sách đến gần bạn đọc",
        "Đưa sách [đến](#khong-co-muc) gần bạn đọc",
    );
    let expected = build_errors(root);
    assert_eq!(expected.len(), 1, "{expected:?}");
    assert!(expected[0].contains("#khong-co-muc"), "{expected:?}");

    let (server, _) = serve(root, free_port());
    assert!(
        wait_until(|| server.log().contains("Có 1 lỗi.")),
        "{}",
        server.log()
    );
    // The same error at the same place, but `serve` builds for its own address.
    let shown = error_lines(&server.log());
    let place = |l: &str| l.split(": lỗi: ").next().unwrap().to_string();
    assert_eq!(
        shown.iter().map(|l| place(l)).collect::<Vec<_>>(),
        vec![place(&expected[0])]
    );
    let overlay = get(server.port, PAGE).body;
    assert!(overlay.contains("guong-overlay-title") && overlay.contains("#khong-co-muc"));

    // Fixed: the overlay goes away.
    let mut events = Events::open(server.port);
    edit(root, ARTICLE, "[đến](#khong-co-muc)", "đến");
    assert!(events.wait_for("event: reload"), "{}", events.seen);
    let fixed = get(server.port, PAGE).body;
    assert!(!fixed.contains("guong-overlay-title"));
}
