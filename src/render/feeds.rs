//! Atom feeds (site and per column) and the sitemap, written directly (no template).

use crate::model::Site;
use crate::render::context::Views;
use crate::render::markdown::Body;
use crate::text::dates;
use crate::text::html::escape;

/// An Atom feed of `entries` (article indices, newest first). Its `updated` is the newest
/// entry's date (for a feed with no entry, the site's newest article date, or the start of
/// 1970 in the site's timezone for a site with none), so the same content always gives the
/// same feed. Its `author` is `site.yaml`'s, or the site's title (RFC 4287 wants one).
pub fn atom(
    site: &Site,
    views: &Views,
    bodies: &[Body],
    entries: &[usize],
    title: &str,
    self_path: &str,
    alt_path: &str,
) -> String {
    let c = &site.config;
    let newest = |of: &mut dyn Iterator<Item = usize>| {
        of.map(|i| {
            let a = &site.articles[i];
            a.fm.updated.unwrap_or(a.fm.date).max(a.fm.date)
        })
        .max()
    };
    let updated = newest(&mut entries.iter().copied())
        .or_else(|| newest(&mut (0..site.articles.len())).map(|d| d.with_timezone(&c.timezone)))
        .unwrap_or_else(|| {
            chrono::DateTime::UNIX_EPOCH
                .naive_utc()
                .and_local_timezone(c.timezone)
                .single()
                .expect("a fixed offset has one local time")
        });
    let updated = dates::iso(&updated);
    let mut out = String::with_capacity(4096 + entries.len() * 4096);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
    out.push_str(&escape(&c.language));
    out.push_str("\">\n");
    out.push_str(&format!("  <title>{}</title>\n", escape(title)));
    if !c.description.is_empty() {
        out.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            escape(&c.description)
        ));
    }
    out.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape(&views.permalink(self_path))
    ));
    out.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape(&views.permalink(alt_path))
    ));
    out.push_str(&format!(
        "  <id>{}</id>\n",
        escape(&views.permalink(self_path))
    ));
    out.push_str(&format!("  <updated>{updated}</updated>\n"));
    out.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        escape(c.author.as_deref().unwrap_or(&c.title))
    ));
    out.push_str("  <generator>guong</generator>\n");
    for &i in entries {
        let a = &site.articles[i];
        let link = views.permalink(&a.path);
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <title>{}</title>\n", escape(&a.fm.title)));
        out.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape(&link)
        ));
        out.push_str(&format!("    <id>{}</id>\n", escape(&link)));
        out.push_str(&format!(
            "    <published>{}</published>\n",
            dates::iso(&a.fm.date)
        ));
        out.push_str(&format!(
            "    <updated>{}</updated>\n",
            dates::iso(&a.fm.updated.unwrap_or(a.fm.date).max(a.fm.date))
        ));
        let author = a.fm.author.as_deref().or(c.author.as_deref());
        if let Some(author) = author {
            out.push_str(&format!(
                "    <author><name>{}</name></author>\n",
                escape(author)
            ));
        }
        let field = &c.fields[a.fm.field];
        out.push_str(&format!(
            "    <category term=\"{}\" label=\"{}\"/>\n",
            escape(&field.id),
            escape(&field.name)
        ));
        out.push_str(&format!(
            "    <summary type=\"text\">{}</summary>\n",
            escape(&a.fm.summary)
        ));
        out.push_str(&format!(
            "    <content type=\"html\">{}</content>\n",
            escape(&bodies[i].html)
        ));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// `sitemap.xml`: every HTML page but the 404 page and alias redirects; articles carry their
/// last modification date.
pub fn sitemap(site: &Site, views: &Views, pages: &[crate::model::paths::Page]) -> String {
    use crate::model::paths::PageKind;
    let mut out = String::with_capacity(pages.len() * 120 + 200);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for p in pages {
        let lastmod = match p.kind {
            PageKind::Article(i) => {
                let a = &site.articles[i];
                Some(dates::iso(
                    &a.fm.updated.unwrap_or(a.fm.date).max(a.fm.date),
                ))
            }
            PageKind::NotFound
            | PageKind::SiteFeed
            | PageKind::FieldFeed(_)
            | PageKind::Sitemap
            | PageKind::Robots
            | PageKind::SyntaxCss
            | PageKind::SearchData(_) => continue,
            _ => None,
        };
        let path = p.file.strip_suffix("index.html").unwrap_or(&p.file);
        out.push_str(&format!(
            "  <url><loc>{}</loc>",
            escape(&views.permalink(path))
        ));
        if let Some(l) = lastmod {
            out.push_str(&format!("<lastmod>{l}</lastmod>"));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// `robots.txt`, pointing at the sitemap.
pub fn robots(views: &Views) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        views.permalink("sitemap.xml")
    )
}

/// The redirect page written at an alias.
pub fn alias_page(title: &str, target_url: &str, permalink: &str) -> String {
    let t = escape(title);
    let u = escape(target_url);
    format!(
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n<title>{t}</title>\n<link rel=\"canonical\" href=\"{p}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={u}\">\n</head>\n<body>\n<p>Bài viết đã chuyển tới địa chỉ mới: <a href=\"{u}\">{t}</a>.</p>\n</body>\n</html>\n",
        p = escape(permalink)
    )
}
