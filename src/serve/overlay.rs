//! What `serve` adds to pages: the live-reload script, and the overlay that shows a failed
//! rebuild's errors over the last good page.

use crate::diagnostics::Diagnostic;
use crate::text::html::escape;

/// Where open pages listen for reloads (Server-Sent Events).
pub const EVENTS_PATH: &str = "/__guong/events";

/// The script injected before `</body>` of every page in `serve` (never in `build`): it
/// reloads the page after a successful rebuild and shows or hides the error overlay.
pub fn live_reload_script() -> String {
    format!(
        r#"<script id="guong-live-reload">/* guong serve: tự tải lại trang khi sửa tệp */
(function () {{
  if (!window.EventSource) return;
  var es = new EventSource("{EVENTS_PATH}"), opened = false;
  // Reconnected (the server was restarted): the site may have changed meanwhile.
  es.addEventListener("open", function () {{ if (opened) location.reload(); opened = true; }});
  es.addEventListener("reload", function () {{ location.reload(); }});
  es.addEventListener("overlay", function (e) {{
    var old = document.getElementById("guong-overlay");
    if (old) old.remove();
    var box = document.createElement("div");
    box.innerHTML = JSON.parse(e.data);
    while (box.firstChild) document.body.appendChild(box.firstChild);
  }});
}})();
</script>
"#
    )
}

/// The overlay listing `errors` (each as the terminal shows it: `file:line:col`, message,
/// the offending line), or a single usage message.
pub fn overlay_html(errors: &[Diagnostic], usage: Option<&str>) -> String {
    let mut items = String::new();
    for d in errors {
        items.push_str(&format!(
            "<pre style=\"white-space:pre-wrap;margin:0 0 1rem;padding:.75rem 1rem;background:#1b1b1b;border-left:4px solid #ff5252;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:#f5f5f5\">{}</pre>\n",
            escape(d.to_string().trim_end())
        ));
    }
    if let Some(m) = usage {
        items.push_str(&format!(
            "<pre style=\"white-space:pre-wrap;padding:.75rem 1rem;background:#1b1b1b;border-left:4px solid #ff5252\">lỗi: {}</pre>\n",
            escape(m)
        ));
    }
    let count = errors.len() + usize::from(usage.is_some());
    format!(
        r#"<div id="guong-overlay" role="alertdialog" aria-modal="true" aria-labelledby="guong-overlay-title" lang="vi" style="position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(12,12,12,.94);color:#fff;font:16px/1.6 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;padding:2rem 1rem;text-align:left">
<div style="max-width:64rem;margin:0 auto">
<h2 id="guong-overlay-title" style="margin:0 0 .5rem;font-size:1.5rem;color:#ff8a80">Không dựng lại được trang: {count} lỗi</h2>
<p style="margin:0 0 1.25rem">Trang phía sau (nếu có) là bản dựng thành công gần nhất. Sửa các lỗi dưới đây rồi lưu tệp, trang sẽ tự tải lại.</p>
{items}<button type="button" onclick="this.closest('#guong-overlay').remove()" style="font:inherit;padding:.4rem 1rem;cursor:pointer">Tạm ẩn</button>
</div>
</div>
"#
    )
}

/// Inserts `extra` before the last `</body>` of `html` (or at the end).
pub fn insert_before_body_end(html: &str, extra: &str) -> String {
    match html.rfind("</body>") {
        Some(i) => format!("{}{extra}{}", &html[..i], &html[i..]),
        None => format!("{html}{extra}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlay_escapes_errors() {
        let d = Diagnostic::file("content/a.md", "thẻ <script> bị cấm");
        let html = overlay_html(&[d], None);
        assert!(html.contains("content/a.md: lỗi: thẻ &lt;script&gt; bị cấm"));
        assert!(!html.contains("<script>"));
    }
}
