//! The Tera 2 engine: the theme's templates loaded once, with guong's filters and functions
//! (`url`, `picture`, `date_vi`, `quarter_label`, `slugify`, `json_ld`).

use crate::diagnostics::{Diagnostic, SourceFile};
use crate::load::theme::Theme;
use crate::text::dates;
use std::collections::HashMap;
use tera::{Kwargs, State, Tera, TeraResult, Value};

/// Templates every theme must have: every page template but the optional report page, which
/// comes last in the plan's list.
pub const REQUIRED: &[&str] = match crate::model::reads::PAGE_TEMPLATES.split_last() {
    Some((_, rest)) => rest,
    None => &[],
};

/// A loaded template engine and where each template came from.
pub struct Engine {
    /// The Tera instance.
    pub tera: Tera,
    sources: HashMap<String, SourceFile>,
}

fn date_vi(val: &str, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let format = kwargs.get::<&str>("format")?.unwrap_or("long");
    let v = val.trim();
    let date = chrono::DateTime::parse_from_rfc3339(v)
        .map(|d| d.date_naive())
        .ok()
        .or_else(|| dates::parse_date(v))
        .or_else(|| v.get(..10).and_then(dates::parse_date))
        .ok_or_else(|| tera::Error::message(format!("date_vi: ngày không hợp lệ `{val}`")))?;
    Ok(match format {
        "short" => dates::display_short(date),
        "month" => dates::display_month(date),
        "iso" => date.format("%Y-%m-%d").to_string(),
        _ => dates::display_long(date),
    })
}

fn quarter_label(val: &str, _: Kwargs, _: &State) -> TeraResult<String> {
    dates::Quarter::parse(val)
        .map(|q| q.label())
        .ok_or_else(|| tera::Error::message(format!("quarter_label: quý không hợp lệ `{val}`")))
}

fn slugify(val: &str, _: Kwargs, _: &State) -> String {
    crate::text::slug::slugify(val)
}

/// JSON that is safe inside `<script>`: `<`, `>`, `&` and line separators escaped.
pub fn json_for_script(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

fn json_ld(val: Value, _: Kwargs, _: &State) -> TeraResult<Value> {
    let json =
        serde_json::to_string(&val).map_err(|e| tera::Error::message(format!("json_ld: {e}")))?;
    Ok(Value::safe_string(&json_for_script(&json)))
}

/// `picture(image=…, sizes=…, loading=…)`: the markup of `partials/picture.html`, written
/// without the template engine (it is the most repeated piece of a list page): `<picture>` with
/// a WebP `<source>` for an image with variants, a plain `<img>` (with its size when known)
/// otherwise. `loading` is `"lazy"`, `"eager"` or `"high"` (`fetchpriority="high"`); every value
/// is escaped as `{{ }}` would.
fn picture(kwargs: Kwargs, state: &State) -> TeraResult<Value> {
    let image = kwargs.must_get::<Value>("image")?;
    let sizes = kwargs
        .get::<Value>("sizes")?
        .unwrap_or_else(|| Value::from(""));
    let loading = kwargs.get::<&str>("loading")?.unwrap_or("lazy");
    let empty = tera::Map::new();
    let map = image.as_map().unwrap_or(&empty);
    let attr = |name: &str| -> Option<&Value> {
        map.iter()
            .find(|(k, _)| k.as_str() == Some(name))
            .map(|(_, v)| v)
            .filter(|v| !v.is_undefined())
    };
    // A missing field prints as nothing, where the partial would have stopped with an error.
    let text = |name: &str| -> TeraResult<String> {
        attr(name).map_or(Ok(String::new()), |v| state.escape_if_needed(v))
    };
    let load = match loading {
        "lazy" => r#" loading="lazy""#,
        "high" => r#" fetchpriority="high""#,
        _ => "",
    };
    let sizes = state.escape_if_needed(&sizes)?;
    let html = if attr("srcset").is_some_and(Value::is_truthy) {
        format!(
            r#"<picture><source type="image/webp" srcset="{}" sizes="{sizes}"><img src="{}" srcset="{}" sizes="{sizes}" width="{}" height="{}" alt="{}"{load} decoding="async"></picture>"#,
            text("srcset_webp")?,
            text("src")?,
            text("srcset")?,
            text("width")?,
            text("height")?,
            text("alt")?,
        )
    } else {
        let size = if attr("width").is_some_and(Value::is_truthy) {
            format!(
                r#" width="{}" height="{}""#,
                text("width")?,
                text("height")?
            )
        } else {
            String::new()
        };
        format!(
            r#"<img src="{}"{size} alt="{}"{load} decoding="async">"#,
            text("url")?,
            text("alt")?,
        )
    };
    Ok(Value::safe_string(&html))
}

impl Engine {
    /// Loads the theme's templates; syntax errors and missing templates are diagnostics.
    pub fn new(theme: &Theme, base_path: &str) -> Result<Engine, Vec<Diagnostic>> {
        let mut tera = Tera::new();
        let base = base_path.to_string();
        tera.register_function(
            "url",
            move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
                let path = kwargs.must_get::<&str>("path")?;
                Ok(format!("{base}{}", path.trim_start_matches('/')))
            },
        );
        tera.register_filter("date_vi", date_vi);
        tera.register_filter("quarter_label", quarter_label);
        tera.register_filter("slugify", slugify);
        tera.register_filter("json_ld", json_ld);
        tera.register_function("picture", picture);
        let sources: HashMap<String, SourceFile> = theme
            .templates
            .iter()
            .map(|t| {
                (
                    t.name.clone(),
                    SourceFile::new(t.display.clone(), t.text.as_str()),
                )
            })
            .collect();
        let mut diags = Vec::new();
        // Add templates one by one first, to report every syntax error rather than the first.
        for t in &theme.templates {
            let mut probe = Tera::new();
            probe.register_from(&tera);
            if let Err(e) = probe.add_raw_template(&t.name, &t.text)
                && matches!(e.kind(), tera::ErrorKind::SyntaxError(_))
            {
                diags.push(to_diagnostic(&e, &sources));
            }
        }
        if diags.is_empty()
            && let Err(e) = tera.add_raw_templates(
                theme
                    .templates
                    .iter()
                    .map(|t| (t.name.as_str(), t.text.as_str())),
            )
        {
            diags.push(to_diagnostic(&e, &sources));
        }
        for name in REQUIRED {
            if !sources.contains_key(*name) {
                diags.push(Diagnostic::file(
                    "templates",
                    format!("giao diện thiếu mẫu `{name}`"),
                ));
            }
        }
        if diags.is_empty() {
            Ok(Engine { tera, sources })
        } else {
            Err(diags)
        }
    }

    /// Adds the templates a theme may leave out: `report.html` when the site publishes its
    /// coverage page.
    pub fn with_fallbacks(
        mut self,
        theme: &Theme,
        config: &crate::config::SiteConfig,
    ) -> Result<Engine, Vec<Diagnostic>> {
        if config.report_publish && !theme.templates.iter().any(|t| t.name == "report.html") {
            self.tera
                .add_raw_template(
                    "report.html",
                    crate::render::context::report::FALLBACK_TEMPLATE,
                )
                .map_err(|e| vec![to_diagnostic(&e, &self.sources)])?;
        }
        Ok(self)
    }

    /// Renders a template to bytes; an error becomes a diagnostic pointing into the template.
    pub fn render(&self, name: &str, ctx: &tera::Context) -> Result<Vec<u8>, Diagnostic> {
        thread_local! {
            /// The largest page each template made on this thread: the next one's buffer is
            /// allocated at that size, so that it is not copied as it grows.
            static SIZES: std::cell::RefCell<HashMap<String, usize>> = Default::default();
        }
        let hint = SIZES.with(|s| s.borrow().get(name).copied().unwrap_or(16 * 1024));
        let mut out = Vec::with_capacity(hint);
        self.tera
            .render_to(name, ctx, &mut out)
            .map_err(|e| to_diagnostic(&e, &self.sources))?;
        if out.len() > hint {
            SIZES.with(|s| {
                s.borrow_mut()
                    .insert(name.to_string(), out.len() + out.len() / 8)
            });
        }
        Ok(out)
    }
}

/// Converts a Tera error into a diagnostic at the template's file, line and column.
fn to_diagnostic(err: &tera::Error, sources: &HashMap<String, SourceFile>) -> Diagnostic {
    let mut chain = String::new();
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        chain.push_str(": ");
        chain.push_str(&s.to_string());
        source = s.source();
    }
    match err.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let span = r.span();
            let message = format!("lỗi mẫu (template): {}{chain}", r.message());
            match sources.get(r.filename()) {
                Some(src) => {
                    let len = if span.end_line == span.start_line {
                        span.end_col.saturating_sub(span.start_col)
                    } else {
                        1
                    };
                    Diagnostic::at(src, span.start_line, span.start_col + 1, len, message)
                }
                None => Diagnostic::file(format!("templates/{}", r.filename()), message),
            }
        }
        _ => Diagnostic::file("templates", format!("lỗi mẫu (template): {err}{chain}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The partial site themes include, from the default theme.
    const PARTIAL: &str = include_str!("../../themes/default/templates/partials/picture.html");

    #[test]
    fn the_picture_function_writes_what_the_partial_writes() {
        let mut tera = Tera::new();
        tera.register_function("picture", picture);
        tera.add_raw_templates([
            ("partials/picture.html", PARTIAL),
            (
                "by_partial.html",
                "{% set pic = image %}{% set pic_sizes = sizes %}{% set pic_loading = loading %}\
                 {% include \"partials/picture.html\" %}",
            ),
            (
                "by_function.html",
                "{{ picture(image=image, sizes=sizes, loading=loading) }}",
            ),
        ])
        .unwrap();
        let photo = serde_json::json!({
            "url": "/a/b.jpg", "alt": "Ông \"Tư\" & <bà> Năm", "width": 4000, "height": 3000,
            "src": "/a/b-720.jpg", "srcset": "/a/b-360.jpg 360w, /a/b-720.jpg 720w",
            "srcset_webp": "/a/b-360.webp 360w, /a/b-720.webp 720w",
        });
        let gif = serde_json::json!({ "url": "/a/c.gif", "alt": "Cờ", "width": 40, "height": 30 });
        let svg = serde_json::json!({ "url": "/a/d.svg", "alt": "" });
        let remote = serde_json::json!({ "url": "https://x.vn/e.jpg?a=1&b=2", "alt": "Ảnh" });
        for image in [photo, gif, svg, remote] {
            for loading in ["lazy", "eager", "high"] {
                let mut ctx = tera::Context::new();
                ctx.insert("image", &image);
                ctx.insert("sizes", "(max-width: 600px) 100vw, 360px");
                ctx.insert("loading", loading);
                let partial = tera.render("by_partial.html", &ctx).unwrap();
                let function = tera.render("by_function.html", &ctx).unwrap();
                assert_eq!(partial.trim(), function, "{image} {loading}");
            }
        }
    }
}
