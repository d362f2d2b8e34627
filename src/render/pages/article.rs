//! The article page.

use crate::diagnostics::Diagnostic;
use crate::model::reads;
use crate::render::Renderer;
use tera::Value;

impl Renderer<'_> {
    /// The page of article `i`: its body, the older and newer articles, related articles.
    pub(super) fn article(&self, template: &str, i: usize) -> Result<Vec<u8>, Diagnostic> {
        let site = self.site;
        let a = &site.articles[i];
        let mut ctx = self.base_context(&a.path, self.title(&[&a.fm.title]));
        ctx.insert(
            "article",
            &self.views.article(a, &self.card_values[i], &self.bodies[i]),
        );
        let (newer, older, related) = reads::around(site, i);
        let card = |x: Option<usize>| x.map(|x| self.card_values[x].clone());
        ctx.insert_value("prev", card(older).unwrap_or_else(Value::none));
        ctx.insert_value("next", card(newer).unwrap_or_else(Value::none));
        ctx.insert_value("related", self.cards_of(&related));
        self.html(template, &ctx)
    }
}
