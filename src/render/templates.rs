//! The Tera 2 engine: the theme's templates loaded once, with guong's filters and functions
//! (`url`, `date_vi`, `quarter_label`, `slugify`, `json_ld`).

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
        let mut out = Vec::with_capacity(16 * 1024);
        self.tera
            .render_to(name, ctx, &mut out)
            .map_err(|e| to_diagnostic(&e, &self.sources))?;
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
