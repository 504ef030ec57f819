//! Markdown fields to safe HTML.

use pulldown_cmark::{html, Event, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;
use std::sync::LazyLock;

/// One sanitiser for the whole run: building ammonia's rule set is not free.
static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("noopener noreferrer nofollow"))
        .url_relative(ammonia::UrlRelative::Deny)
        // Images never reach it (see `to_html`); dropping the tag too keeps it that way if
        // that ever changes.
        .rm_tags(["img"]);
    b
});

/// Renders Markdown to HTML that can go into a page as is. Raw HTML an editor typed is shown
/// as text rather than dropped, so nothing they wrote silently disappears; ammonia then
/// removes anything unsafe that Markdown itself produced, such as `javascript:` links.
///
/// An image becomes a link to the image, its description the link's text: pages load
/// nothing from other hosts, and an image from a report's site would tell that site who
/// reads the portal.
pub fn to_html(markdown: &str) -> String {
    let parser = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    )
    .map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }),
        Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, parser);
    CLEANER.clean(&out).to_string()
}

/// The words of a Markdown text without markup, link targets or raw HTML: for meta tags
/// and other places that take plain text.
pub fn to_plain_text(markdown: &str) -> String {
    let mut out = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// At most `max_chars` characters of a Markdown text's words, for places that take a short
/// plain-text summary (meta descriptions, the search index).
pub fn excerpt(markdown: &str, max_chars: usize) -> String {
    to_plain_text(markdown).chars().take(max_chars).collect()
}

#[cfg(test)]
mod tests {
    use super::to_html;

    #[test]
    fn strips_scripts_and_unsafe_links() {
        let html = to_html(
            "<script>alert(1)</script>\n\nText <img src=x onerror=alert(1)> [x](javascript:alert(1)) [y](https://a.org)",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("href=\"https://a.org\""), "{html}");
    }

    #[test]
    fn images_become_links_to_them() {
        let html = to_html("![the bridge](https://a.org/bridge.jpg) ![x](javascript:alert(1))");
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains(r#"<a href="https://a.org/bridge.jpg" rel="noopener noreferrer nofollow">the bridge</a>"#),
            "{html}"
        );
        assert!(!html.contains("javascript:"), "{html}");
    }
}
