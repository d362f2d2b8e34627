//! Fenced code highlighted by syntect into CSS classes (`hl-…`), and the matching stylesheet.

use crate::text::html::escape;
use std::sync::OnceLock;
use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Renders a code block as `<pre class="code"><code>…</code></pre>`, highlighted when the
/// language is known to syntect.
pub fn code_block(code: &str, lang: &str) -> String {
    let lang = lang.split([' ', ',', '{']).next().unwrap_or("").trim();
    let set = if lang.is_empty() {
        None
    } else {
        Some(syntaxes())
    };
    let syntax = set.and_then(|s| s.find_syntax_by_token(lang));
    let lang_attr = if lang.is_empty() {
        String::new()
    } else {
        format!(" data-lang=\"{}\"", escape(lang))
    };
    let (Some(set), Some(syntax)) = (set, syntax) else {
        return format!(
            "<pre class=\"code\"{lang_attr}><code>{}</code></pre>\n",
            escape(code)
        );
    };
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, STYLE);
    for line in LinesWithEndings::from(code) {
        if generator
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            return format!(
                "<pre class=\"code\"{lang_attr}><code>{}</code></pre>\n",
                escape(code)
            );
        }
    }
    format!(
        "<pre class=\"code hl-code\"{lang_attr}><code>{}</code></pre>\n",
        generator.finalize()
    )
}

/// The stylesheet for highlighted code (`css/syntax.css`).
pub fn stylesheet() -> String {
    let themes = ThemeSet::load_defaults();
    let mut css = String::from("/* Màu tô sáng mã nguồn, do guong tạo ra. */\n");
    if let Some(theme) = themes.themes.get("InspiredGitHub")
        && let Ok(rules) = css_for_theme_with_class_style(theme, STYLE)
    {
        css.push_str(&rules);
    }
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_known_languages_with_classes() {
        let html = code_block("fn main() {}\n", "rust");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(html.starts_with("<pre class=\"code hl-code\" data-lang=\"rust\">"));
    }

    #[test]
    fn escapes_unknown_languages() {
        let html = code_block("<script>x</script>\n", "khong-co");
        assert!(html.contains("&lt;script&gt;"));
        assert!(!html.contains("<script>"));
    }

    #[test]
    fn stylesheet_has_rules() {
        assert!(stylesheet().contains(".hl-"));
    }
}
