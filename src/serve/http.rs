//! The preview server: answers from the in-memory site, on 127.0.0.1 unless `--bind` says
//! otherwise; connections and the `Host` check are in [`conn`](super::conn).

use super::conn::{self, Allowed, Request};
use super::events::{Hub, format_event};
use super::incremental::SiteFiles;
use super::overlay::{EVENTS_PATH, insert_before_body_end};
use crate::text::html::escape;
use crate::text::url::percent_decode;
use crate::write::memory::Stored;
use std::io::Write;
use std::net::{IpAddr, TcpListener};
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// Lists every path the server has, one a line (for tests comparing it with a full build).
pub const FILES_PATH: &str = "/__guong/files";

/// What the server shows, swapped after each rebuild.
#[derive(Default)]
pub struct Shared {
    /// The last good site, without its search files.
    pub files: RwLock<Arc<SiteFiles>>,
    /// The search files, made in the background after each rebuild.
    pub search: RwLock<Arc<SiteFiles>>,
    /// The error overlay of the last failed rebuild, if the last rebuild failed.
    pub overlay: RwLock<Option<String>>,
    /// Open live-reload streams.
    pub hub: Hub,
    /// The live-reload script (for pages served while no site could be built).
    pub script: String,
    /// How many rebuilds were started: the link check of an older one shows nothing.
    pub generation: std::sync::atomic::AtomicU64,
}

/// Binds `addr` on `port` or, when it is busy, the next free port; returns the port used.
pub fn bind(addr: IpAddr, port: u16) -> Result<(TcpListener, u16), String> {
    let mut last = String::new();
    for p in port..=port.saturating_add(100) {
        match TcpListener::bind((addr, p)) {
            Ok(s) => {
                // Port 0 asks the system for a free port: report the one it chose.
                let used = s.local_addr().map_or(p, |a| a.port());
                return Ok((s, used));
            }
            Err(e) => last = e.to_string(),
        }
    }
    Err(format!(
        "không mở được cổng nào từ {port} đến {}: {last}",
        port.saturating_add(100)
    ))
}

/// Answers requests that name this server until the process ends, one thread per request.
pub fn run(listener: TcpListener, allowed: Allowed, shared: Arc<Shared>) {
    conn::serve(listener, allowed, move |request| handle(request, &shared));
}

/// The `Content-Type` of a file name.
pub fn content_type(file: &str) -> &'static str {
    let ext = file
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" if file.ends_with("atom.xml") => "application/atom+xml; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

fn reply(request: Request, status: u16, ctype: &str, body: Vec<u8>, extra: Option<(&str, &str)>) {
    let mut headers = vec![("Content-Type", ctype), ("Cache-Control", "no-store")];
    headers.extend(extra);
    // The browser may have gone away: nothing to do about it.
    request.respond(status, &headers, &body);
}

fn handle(request: Request, shared: &Shared) {
    if !matches!(request.method(), "GET" | "HEAD") {
        let allow = Some(("Allow", "GET, HEAD"));
        return reply(
            request,
            405,
            "text/plain; charset=utf-8",
            "Chỉ hỗ trợ GET và HEAD.\n".into(),
            allow,
        );
    }
    let url = request.url().to_string();
    let (path, query) = match url.split_once('?') {
        Some((p, q)) => (p.to_string(), Some(q.to_string())),
        None => (url.clone(), None),
    };
    if path == EVENTS_PATH {
        return events(request, shared);
    }
    if path == FILES_PATH {
        return list_files(request, shared);
    }
    let decoded = percent_decode(&path);
    let rel = decoded.trim_start_matches('/');
    let files = shared
        .files
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let safe = !rel.split('/').any(|s| s == ".." || s == ".") && !rel.contains('\\');
    if safe {
        let file = if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel.to_string()
        };
        let search = shared
            .search
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        if let Some(stored) = files.get(&file).or_else(|| search.get(&file))
            && let Ok(bytes) = stored.bytes()
        {
            return send_file(request, shared, 200, &file, &bytes);
        }
        if !rel.is_empty()
            && !rel.ends_with('/')
            && files.contains_key(&format!("{rel}/index.html"))
        {
            let location = match query {
                Some(q) => format!("{path}/?{q}"),
                None => format!("{path}/"),
            };
            return reply(
                request,
                301,
                "text/plain; charset=utf-8",
                format!("Chuyển tới {location}\n").into_bytes(),
                Some(("Location", &location)),
            );
        }
    }
    match files.get("404.html").map(Stored::bytes) {
        Some(Ok(bytes)) => send_file(request, shared, 404, "404.html", &bytes),
        _ => {
            let page = format!(
                "<!DOCTYPE html>\n<html lang=\"vi\">\n<head><meta charset=\"utf-8\"><title>Không tìm thấy trang</title></head>\n<body>\n<h1>Không tìm thấy trang</h1>\n<p>Không có trang {}.</p>\n{}</body>\n</html>\n",
                escape(&decoded),
                shared.script
            );
            send_file(request, shared, 404, "404.html", page.as_bytes());
        }
    }
}

fn send_file(request: Request, shared: &Shared, status: u16, file: &str, bytes: &[u8]) {
    let ctype = content_type(file);
    let overlay = shared
        .overlay
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let body = match overlay {
        Some(o) if ctype.starts_with("text/html") => {
            insert_before_body_end(&String::from_utf8_lossy(bytes), &o).into_bytes()
        }
        _ => bytes.to_vec(),
    };
    reply(request, status, ctype, body, None);
}

/// Every path served, sorted, one a line.
fn list_files(request: Request, shared: &Shared) {
    let files = shared
        .files
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let search = shared
        .search
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let mut paths: Vec<&String> = files.keys().chain(search.keys()).collect();
    paths.sort();
    paths.dedup();
    let body: String = paths.iter().map(|p| format!("{p}\n")).collect();
    reply(
        request,
        200,
        "text/plain; charset=utf-8",
        body.into_bytes(),
        None,
    );
}

/// A Server-Sent Events stream: `reload` after each good rebuild, `overlay` (the overlay's
/// HTML as a JSON string) after a failed one.
fn events(request: Request, shared: &Shared) {
    let rx = shared.hub.subscribe();
    let overlay = shared
        .overlay
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let mut w = request.into_writer();
    let mut head = String::from(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: 500\n\n",
    );
    if let Some(o) = overlay {
        head.push_str(&format_event(
            "overlay",
            &serde_json::to_string(&o).unwrap_or_default(),
        ));
    }
    if w.write_all(head.as_bytes())
        .and_then(|_| w.flush())
        .is_err()
    {
        return;
    }
    loop {
        let msg = match rx.recv_timeout(Duration::from_secs(10)) {
            Ok(m) => m,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => ": ping\n\n".to_string(),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
        };
        if w.write_all(msg.as_bytes()).and_then(|_| w.flush()).is_err() {
            return;
        }
    }
}
