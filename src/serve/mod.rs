//! `guong serve`: the site built in memory (drafts included) for `http://127.0.0.1:<port>/`
//! (or the `--bind` address),
//! rebuilt incrementally when a source changes, with open pages reloaded through Server-Sent
//! Events and a failed rebuild's errors shown over the last good page. Nothing is written to
//! disk, least of all `output/`.

pub mod conn;
pub mod events;
mod files;
pub mod http;
pub mod incremental;
pub mod keys;
mod links;
pub mod overlay;
pub mod search;
pub mod watch;

use crate::diagnostics::Failure;
use crate::pipeline::load_config;
use http::Shared;
use incremental::{Builder, Changes, SearchJob};
use std::io::Write;
use std::net::{IpAddr, Ipv4Addr};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

/// What changed, in a few words for the terminal.
fn describe(root: &Path, changes: &Changes) -> String {
    let mut what: Vec<String> = Vec::new();
    if changes.config {
        what.push("site.yaml".into());
    }
    if let Some(first) = changes.content.first() {
        let shown = first.strip_prefix(root).unwrap_or(first);
        let more = changes.content.len() - 1;
        what.push(if more > 0 {
            format!("{} và {more} tệp khác", shown.display())
        } else {
            shown.display().to_string()
        });
    }
    if changes.theme {
        what.push("giao diện".into());
    }
    if changes.statics {
        what.push("static/".into());
    }
    what.join(", ")
}

/// Shows a failed rebuild's errors (or the broken links of a good one) over every open page
/// and in the terminal.
fn show_errors(shared: &Shared, failure: &Failure) {
    let html = match failure {
        Failure::Content(d) => overlay::overlay_html(d, None),
        Failure::Usage(m) | Failure::Output(m) => overlay::overlay_html(&[], Some(m)),
    };
    *shared.overlay.write().unwrap_or_else(|e| e.into_inner()) = Some(html.clone());
    shared
        .hub
        .send("overlay", &serde_json::to_string(&html).unwrap_or_default());
    match failure {
        Failure::Content(diags) => {
            for d in diags {
                eprint!("{d}");
            }
            eprintln!("Có {} lỗi.", diags.len());
        }
        Failure::Usage(m) | Failure::Output(m) => eprintln!("lỗi: {m}"),
    }
}

/// What a rebuild leaves to the background workers: the search files to make, when what they
/// index changed, and the links to check.
struct Followups {
    search: Option<SearchJob>,
    links: Option<links::LinkJob>,
}

/// Rebuilds after `changes` and tells the open pages; `started` is when the change was seen.
fn apply(
    builder: &mut Builder,
    shared: &Shared,
    changes: &Changes,
    started: Instant,
    what: &str,
) -> Followups {
    let generation = shared.generation.fetch_add(1, Ordering::SeqCst) + 1;
    match builder.rebuild(changes) {
        Ok(r) => {
            *shared.files.write().unwrap_or_else(|e| e.into_inner()) = r.files;
            *shared.overlay.write().unwrap_or_else(|e| e.into_inner()) = None;
            shared.hub.send("reload", &r.rendered.to_string());
            eprintln!(
                "{what}: đã cập nhật {}/{} trang ({} bài viết) trong {} ms.",
                r.rendered,
                r.pages,
                r.articles,
                started.elapsed().as_millis()
            );
            let search = if r.search { builder.search_job() } else { None };
            let links = builder.link_job(generation);
            builder.settle();
            crate::memory::release();
            Followups { search, links }
        }
        Err(failure) => {
            show_errors(shared, &failure);
            if builder.files().is_empty() {
                eprintln!("Chưa dựng được trang nào; sửa lỗi rồi lưu tệp, trang sẽ tự tải lại.");
            } else {
                eprintln!(
                    "Vẫn đang phục vụ bản dựng thành công gần nhất; sửa lỗi rồi lưu tệp, trang sẽ tự tải lại."
                );
            }
            Followups {
                search: None,
                links: None,
            }
        }
    }
}

/// Opens `url` in the desktop's browser, if there is one.
fn open_browser(url: &str) {
    let mut cmd = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    let spawned = cmd
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if spawned.is_err() {
        eprintln!("Không mở được trình duyệt; hãy mở {url}");
    }
}

/// This computer's address on its main network, if it has one. Connecting a UDP socket
/// sends nothing: it only picks the interface a packet would leave by.
fn lan_address() -> Option<IpAddr> {
    let socket = std::net::UdpSocket::bind(("0.0.0.0", 0)).ok()?;
    socket.connect(("192.0.2.1", 9)).ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

/// Runs the preview server for the site at `root` on `bind`:`port` until Ctrl-C.
pub fn run(root: &Path, bind: IpAddr, port: u16, open: bool) -> Result<(), Failure> {
    if let Err(Failure::Usage(m)) = load_config(root) {
        return Err(Failure::Usage(m));
    }
    let (server, port_used) = http::bind(bind, port).map_err(Failure::Usage)?;
    if port != 0 && port_used != port {
        eprintln!("Cổng {port} đang bận, dùng cổng {port_used} thay thế.");
    }
    // Bound to every address, the site is built for 127.0.0.1; links are site-absolute
    // paths, so they work at whatever address a phone uses.
    let host = if bind.is_unspecified() || bind == Ipv4Addr::LOCALHOST {
        "127.0.0.1".to_string()
    } else {
        conn::host_name(bind)
    };
    let base = format!("http://{host}:{port_used}/");
    if bind != Ipv4Addr::LOCALHOST {
        let where_ = if bind.is_unspecified() {
            format!("mọi địa chỉ của máy này, cổng {port_used}")
        } else {
            format!("{host}:{port_used}")
        };
        eprintln!(
            "Chú ý: máy chủ xem trước mở trên {where_}: mọi máy trong mạng này xem được trang, kể cả các bài nháp (draft: true)."
        );
        if bind.is_unspecified()
            && let Some(ip) = lan_address()
        {
            eprintln!(
                "Trên điện thoại cùng mạng, mở http://{}:{port_used}/",
                conn::host_name(ip)
            );
        }
    }
    let allowed = conn::Allowed::new(bind, port_used);
    let script = overlay::live_reload_script();
    let shared = Arc::new(Shared {
        script: script.clone(),
        ..Shared::default()
    });
    let mut builder = Builder::new(root, &base, script);
    let mut watcher = watch::Watcher::start(root)
        .map_err(|e| Failure::Usage(format!("không theo dõi được thư mục trang: {e}")))?;
    let initial = Changes {
        config: true,
        ..Changes::default()
    };
    eprintln!("Đang dựng trang (kể cả bài nháp)…");
    let first = apply(
        &mut builder,
        &shared,
        &initial,
        Instant::now(),
        "Dựng lần đầu",
    );
    // The first search files are ready before the first request.
    if let Some(job) = first.search {
        *shared.search.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(job.run());
        drop(job);
        crate::memory::release();
    }
    let search = search::start(shared.clone());
    let link_check = links::start(shared.clone());
    if let Some(job) = first.links {
        let _ = link_check.send(job);
    }
    let _ = ctrlc::set_handler(|| {
        eprintln!("\nĐã dừng xem trước.");
        std::process::exit(0);
    });
    let server_shared = shared.clone();
    std::thread::spawn(move || http::run(server, allowed, server_shared));
    println!("Xem trước tại {base} (Ctrl-C để dừng)");
    let _ = std::io::stdout().flush();
    if open {
        open_browser(&base);
    }
    while let Some((changes, started)) = watcher.wait() {
        let what = format!("Đã sửa {}", describe(root, &changes));
        let next = apply(&mut builder, &shared, &changes, started, &what);
        // The workers only stop with the process.
        if let Some(job) = next.search {
            let _ = search.send(job);
        }
        if let Some(job) = next.links {
            let _ = link_check.send(job);
        }
    }
    Err(Failure::Usage("mất kết nối với bộ theo dõi tệp".into()))
}
