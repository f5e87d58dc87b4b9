//! Listing descriptions are written in Markdown and shown as HTML that has
//! been sanitised, so nothing a seller writes can run in a shopper's browser.

use pulldown_cmark::{Options, Parser, html};

/// Renders Markdown to HTML and strips anything unsafe (scripts, event
/// handlers, `javascript:` links, raw HTML beyond a small allow-list).
pub fn render(markdown: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, Parser::new_ext(markdown, options));
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(&out)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_html() {
        let html = render("**Mây** tự nhiên\n\n- bền\n- nhẹ");
        assert!(html.contains("<strong>Mây</strong>"), "{html}");
        assert!(html.contains("<li>bền</li>"), "{html}");
    }

    #[test]
    fn scripts_and_handlers_are_removed() {
        let html = render(
            "<script>alert(1)</script><img src=x onerror=alert(2)>\n\n[a](javascript:alert(3))",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(html.contains("<a"), "the link stays, {html}");
        assert!(!html.contains("href=\"javascript:"), "{html}");
    }
}
