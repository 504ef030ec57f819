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
/// An image becomes a link to it, its description the link's text: pages load nothing from
/// another host, and relative addresses are refused, so an `<img>` could only do that.
pub fn to_html(markdown: &str) -> String {
    // Links inside links are not HTML, and an image may sit in a link or hold one in its
    // description: only the outermost becomes a link, what is inside it keeps its text.
    // One entry per open link or image: whether it was written as a link.
    let mut open: Vec<bool> = Vec::new();
    let parser = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    )
    .filter_map(move |event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }
            | Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            },
        ) => {
            let outermost = open.is_empty();
            open.push(outermost);
            outermost.then_some(Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }))
        }
        Event::End(TagEnd::Link | TagEnd::Image) => open
            .pop()
            .unwrap_or(false)
            .then_some(Event::End(TagEnd::Link)),
        other => Some(other),
    });
    let mut out = String::new();
    html::push_html(&mut out, parser);
    // Character references (`&#5;`) can make what the text itself may not hold; they are
    // decoded by now, so the finished HTML is where they go.
    crate::text::showable(&CLEANER.clean(&out).to_string()).into_owned()
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
    crate::text::showable(&out)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
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
    fn characters_html_forbids_are_dropped() {
        let text = "a\u{19}b\u{8}c\u{7f}d\u{fdd0}e\u{fffe}f\u{1ffff}g\u{c}h\ti&#5;j";
        assert_eq!(to_html(text), "<p>abcdefg\u{c}h\tij</p>\n");
        assert_eq!(super::to_plain_text(text), "abcdefg h ij");
        let html = to_html("[a](https://a.org/ \"&#1;t\")");
        assert!(html.contains("title=\"t\""), "{html}");
    }

    #[test]
    fn images_become_links_to_them() {
        let html =
            to_html("![学校](https://a.org/x.png) [![图](https://a.org/y.png)](https://a.org/z)");
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains(">学校</a>") && html.contains("href=\"https://a.org/x.png\""),
            "{html}"
        );
        assert!(
            html.contains("href=\"https://a.org/z\"") && html.contains(">图</a>"),
            "{html}"
        );
        assert!(!html.contains("y.png"), "{html}");
        assert_eq!(html.matches("<a ").count(), 2, "{html}");
        let html = to_html("![a [b](https://a.org/b)](https://a.org/a.png)");
        assert_eq!(html.matches("<a ").count(), 1, "{html}");
        assert!(html.contains("href=\"https://a.org/a.png\""), "{html}");
    }

    #[test]
    fn an_image_becomes_a_link_only_to_a_web_address() {
        let html = to_html("![the bridge](https://a.org/bridge.jpg) ![x](javascript:alert(1))");
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains(r#"<a href="https://a.org/bridge.jpg" rel="noopener noreferrer nofollow">the bridge</a>"#),
            "{html}"
        );
        assert!(!html.contains("javascript:"), "{html}");
    }
}
