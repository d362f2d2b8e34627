//! The preview server's HTTP/1.1 connections: a request head read within 8 KiB (414/431 past
//! it, never a 10 MB read), a `Host` that must name the server's own address (DNS rebinding,
//! SPEC §7), one request per connection. Hand-written because tiny_http bounds neither.

use std::io::{self, Read, Write};
use std::net::{IpAddr, TcpListener, TcpStream};
use std::time::Duration;

/// The longest request line plus headers accepted.
pub const MAX_HEAD: usize = 8 * 1024;

/// The `Host` values (without port) a server answers, and its port.
#[derive(Debug, Clone)]
pub struct Allowed {
    hosts: Vec<String>,
    /// Bound to every address (`0.0.0.0`, `::`): any IP literal is the server's own.
    any_ip: bool,
    port: u16,
}

impl Allowed {
    /// What a server bound to `addr`:`port` answers: loopback names and the address itself.
    pub fn new(addr: IpAddr, port: u16) -> Self {
        let mut hosts: Vec<String> = ["127.0.0.1", "localhost", "[::1]"].map(String::from).into();
        hosts.push(host_name(addr));
        Allowed {
            hosts,
            any_ip: addr.is_unspecified(),
            port,
        }
    }

    /// Whether a `Host` header value names this server (host and port; port 80 may be left out).
    pub fn accepts(&self, host: &str) -> bool {
        let host = host.trim().to_ascii_lowercase();
        let (name, port) = match host.rsplit_once(':') {
            Some((n, p)) if !p.contains(']') => (n.to_string(), p.parse::<u16>().ok()),
            _ => (host.clone(), Some(80)),
        };
        if port != Some(self.port) {
            return false;
        }
        let name = name.trim_end_matches('.');
        self.hosts.iter().any(|h| h == name)
            || (self.any_ip
                && name
                    .trim_start_matches('[')
                    .trim_end_matches(']')
                    .parse::<IpAddr>()
                    .is_ok())
    }
}

/// An address as it is written in a URL's host (IPv6 in brackets).
pub fn host_name(addr: IpAddr) -> String {
    match addr {
        IpAddr::V4(a) => a.to_string(),
        IpAddr::V6(a) => format!("[{a}]"),
    }
}

/// One request, its head read; answered through [`Request::respond`] or [`Request::into_writer`].
pub struct Request {
    stream: TcpStream,
    method: String,
    target: String,
}

impl Request {
    /// The method, as sent (`GET`, `HEAD`, …).
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The request target (path and query).
    pub fn url(&self) -> &str {
        &self.target
    }

    /// Sends a whole response (no body for `HEAD`) and closes the connection.
    pub fn respond(self, status: u16, headers: &[(&str, &str)], body: &[u8]) {
        let head_only = self.method == "HEAD";
        let mut stream = self.stream;
        let _ = write_response(&mut stream, status, headers, body, head_only);
        close(stream);
    }

    /// The raw connection, for a streamed answer (Server-Sent Events).
    pub fn into_writer(self) -> TcpStream {
        self.stream
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        414 => "URI Too Long",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        _ => "",
    }
}

fn write_response(
    w: &mut impl Write,
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
    head_only: bool,
) -> io::Result<()> {
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (name, value) in headers {
        // Values are the server's own; a line break would still split the head.
        if !value.contains(['\r', '\n']) {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    w.write_all(head.as_bytes())?;
    if !head_only {
        w.write_all(body)?;
    }
    w.flush()
}

/// Closes after the answer went out, reading a little of what the client still sends so
/// that it sees the answer rather than a reset.
fn close(mut stream: TcpStream) {
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
    let mut sink = [0u8; 4096];
    for _ in 0..16 {
        match stream.read(&mut sink) {
            Ok(n) if n > 0 => {}
            _ => break,
        }
    }
}

/// Why a request head was refused: the status and a Vietnamese line for the body.
fn refuse(stream: TcpStream, status: u16, message: &str) {
    let mut stream = stream;
    let _ = write_response(
        &mut stream,
        status,
        &[("Content-Type", "text/plain; charset=utf-8")],
        format!("{message}\n").as_bytes(),
        false,
    );
    close(stream);
}

/// What a head that is too long or malformed gets.
#[derive(Debug, PartialEq)]
enum Bad {
    TooLongLine,
    TooLongHead,
    Malformed,
    Closed,
}

/// Reads up to the blank line ending the head, never more than [`MAX_HEAD`] bytes of it.
fn read_head(r: &mut impl Read) -> Result<Vec<u8>, Bad> {
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0u8; 1024];
    loop {
        let n = r.read(&mut buf).map_err(|_| Bad::Closed)?;
        if n == 0 {
            return Err(if head.is_empty() {
                Bad::Closed
            } else {
                Bad::Malformed
            });
        }
        // A request line starts the head; bytes past its end belong to a body we never read.
        let before = head.len();
        head.extend_from_slice(&buf[..n]);
        let from = before.saturating_sub(3);
        if let Some(end) = head[from..].windows(4).position(|w| w == b"\r\n\r\n") {
            head.truncate(from + end + 2);
            if head.len() > MAX_HEAD {
                return Err(too_long(&head));
            }
            return Ok(head);
        }
        if head.len() > MAX_HEAD {
            return Err(too_long(&head));
        }
    }
}

fn too_long(head: &[u8]) -> Bad {
    let line_end = head.windows(2).position(|w| w == b"\r\n");
    match line_end {
        Some(i) if i <= MAX_HEAD => Bad::TooLongHead,
        _ => Bad::TooLongLine,
    }
}

/// The method, target and `Host` values of a head.
fn parse_head(head: &[u8]) -> Result<(String, String, Vec<String>), Bad> {
    let text = std::str::from_utf8(head).map_err(|_| Bad::Malformed)?;
    let mut lines = text.split("\r\n");
    let mut parts = lines.next().unwrap_or("").split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Bad::Malformed);
    };
    if method.is_empty() || !target.starts_with('/') || !version.starts_with("HTTP/1.") {
        return Err(Bad::Malformed);
    }
    let mut hosts = Vec::new();
    for line in lines.filter(|l| !l.is_empty()) {
        let (name, value) = line.split_once(':').ok_or(Bad::Malformed)?;
        if name.eq_ignore_ascii_case("host") {
            hosts.push(value.trim().to_string());
        }
    }
    Ok((method.to_string(), target.to_string(), hosts))
}

/// Reads one request from `stream`; answers and closes it itself when the head is refused.
fn accept(mut stream: TcpStream, allowed: &Allowed) -> Option<Request> {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let head = match read_head(&mut stream) {
        Ok(h) => h,
        Err(Bad::Closed) => return None,
        Err(Bad::TooLongLine) => {
            refuse(stream, 414, "Địa chỉ yêu cầu dài quá 8 KiB.");
            return None;
        }
        Err(Bad::TooLongHead) => {
            refuse(stream, 431, "Phần đầu yêu cầu dài quá 8 KiB.");
            return None;
        }
        Err(Bad::Malformed) => {
            refuse(stream, 400, "Yêu cầu không hợp lệ.");
            return None;
        }
    };
    let Ok((method, target, hosts)) = parse_head(&head) else {
        refuse(stream, 400, "Yêu cầu không hợp lệ.");
        return None;
    };
    match hosts.as_slice() {
        [host] if allowed.accepts(host) => {}
        _ => {
            refuse(
                stream,
                421,
                "Máy chủ xem trước chỉ trả lời đúng địa chỉ của nó (Host không khớp).",
            );
            return None;
        }
    }
    let _ = stream.set_read_timeout(None);
    Some(Request {
        stream,
        method,
        target,
    })
}

/// Answers connections until the process ends, one thread per connection.
pub fn serve(
    listener: TcpListener,
    allowed: Allowed,
    handle: impl Fn(Request) + Send + Sync + 'static,
) {
    let handle = std::sync::Arc::new(handle);
    for stream in listener.incoming().flatten() {
        let handle = handle.clone();
        let allowed = allowed.clone();
        std::thread::spawn(move || {
            if let Some(request) = accept(stream, &allowed) {
                handle(request);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_must_name_the_server_and_its_port() {
        let a = Allowed::new("127.0.0.1".parse().unwrap(), 1111);
        for ok in [
            "127.0.0.1:1111",
            "localhost:1111",
            "[::1]:1111",
            "LOCALHOST:1111",
        ] {
            assert!(a.accepts(ok), "{ok}");
        }
        for bad in [
            "attacker.example:1111",
            "127.0.0.1:2222",
            "127.0.0.1",
            "localhost.attacker.example:1111",
            "",
        ] {
            assert!(!a.accepts(bad), "{bad}");
        }
        let lan = Allowed::new("192.168.1.5".parse().unwrap(), 80);
        assert!(lan.accepts("192.168.1.5") && lan.accepts("192.168.1.5:80"));
        assert!(!lan.accepts("192.168.1.6:80"));
        let any = Allowed::new("0.0.0.0".parse().unwrap(), 1111);
        assert!(any.accepts("10.0.0.7:1111") && any.accepts("[fe80::1]:1111"));
        assert!(!any.accepts("attacker.example:1111"));
    }

    #[test]
    fn heads_are_bounded() {
        let ok = b"GET / HTTP/1.1\r\nHost: x\r\n\r\nbody";
        assert_eq!(
            read_head(&mut &ok[..]).unwrap(),
            b"GET / HTTP/1.1\r\nHost: x\r\n"
        );
        let long_line = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_HEAD));
        assert_eq!(read_head(&mut long_line.as_bytes()), Err(Bad::TooLongLine));
        let long_head = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(MAX_HEAD));
        assert_eq!(read_head(&mut long_head.as_bytes()), Err(Bad::TooLongHead));
        let endless = std::io::repeat(b'a');
        assert_eq!(
            read_head(&mut endless.take(10 << 20)),
            Err(Bad::TooLongLine)
        );
    }

    #[test]
    fn request_lines_are_parsed() {
        let (m, t, h) = parse_head(b"HEAD /a?b HTTP/1.1\r\nhOst:  x:1 \r\n").unwrap();
        assert_eq!(
            (m.as_str(), t.as_str(), h),
            ("HEAD", "/a?b", vec!["x:1".to_string()])
        );
        assert!(parse_head(b"GET http://x/ HTTP/1.1\r\n").is_err());
        assert!(parse_head(b"GET / HTTP/1.1\r\nno colon\r\n").is_err());
    }
}
