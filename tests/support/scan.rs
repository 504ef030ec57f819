//! Reads a built site the way a browser, a feed reader and a spreadsheet would, and lists
//! everything in it that could run script, load from another host or start a formula.
//! Pages and feed entries go through a real HTML parser and charts and feeds through a
//! strict XML parser, so what is checked is what those programs would see, not a
//! string search that an entity or an odd quote could slip past.

use scraper::{ElementRef, Html, Node};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// The theme's own scripts, the only ones a page may load.
const THEME_SCRIPTS: &[&str] = &["/assets/search.js", "/assets/filter.js"];

/// Attributes whose value a browser follows or loads as an address.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "cite",
    "srcset",
    "ping",
    "codebase",
    "longdesc",
    "manifest",
];

/// Elements that run, embed or redirect, none of which the theme uses.
const FORBIDDEN_ELEMENTS: &[&str] = &[
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "style",
    "template",
    "img",
    "image",
    "video",
    "audio",
    "source",
    "math",
    "foreignObject",
    "foreignobject",
    "portal",
];

/// Schemes a reader's browser may be sent to from a link.
const LINK_SCHEMES: &[&str] = &["http", "https", "mailto"];

/// Characters that make a spreadsheet read a cell as a formula (OWASP's list).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// What a scan found, and how much it looked at.
#[derive(Default)]
pub struct Findings {
    pub problems: Vec<String>,
    pub counts: BTreeMap<&'static str, usize>,
}

impl Findings {
    fn problem(&mut self, file: &str, what: String) {
        self.problems.push(format!("{file}: {what}"));
    }

    fn count(&mut self, what: &'static str) {
        *self.counts.entry(what).or_default() += 1;
    }

    pub fn get(&self, what: &str) -> usize {
        self.counts.get(what).copied().unwrap_or(0)
    }
}

/// Scans every file under `out`.
pub fn site(out: &Path) -> Findings {
    let mut f = Findings::default();
    for (rel, bytes) in super::all_files(out) {
        let Ok(text) = String::from_utf8(bytes) else {
            f.problem(&rel, "not UTF-8".into());
            continue;
        };
        match rel.rsplit('.').next().unwrap_or_default() {
            "html" => page(&rel, &text, &mut f),
            "svg" => svg(&rel, &text, &mut f),
            "xml" => xml(&rel, &text, &mut f),
            "json" => json(&rel, &text, &mut f),
            "csv" => csv(&rel, &text, &mut f),
            _ => {}
        }
    }
    f
}

/// The scheme of an address as a browser reads it: leading and trailing spaces and control
/// characters do not count, and tabs and line breaks inside are removed before parsing.
/// None for an address without one (relative to the page or the site).
pub fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let end = cleaned.find([':', '/', '?', '#'])?;
    cleaned[end..]
        .starts_with(':')
        .then(|| cleaned[..end].to_ascii_lowercase())
}

/// An address that loads something into the page must come from the site itself.
fn is_own(url: &str) -> bool {
    scheme(url).is_none() && !url.trim_start().starts_with("//") && !url.contains('\\')
}

fn page(rel: &str, text: &str, f: &mut Findings) {
    f.count("HTML pages");
    let doc = Html::parse_document(text);
    elements(rel, &doc, true, f);
}

/// Checks every node of a parsed document or fragment. `theme` says whether the theme's
/// own scripts and head elements may appear (pages), or nothing of the kind (feed entries).
fn elements(rel: &str, doc: &Html, theme: bool, f: &mut Findings) {
    for node in doc.tree.nodes() {
        match node.value() {
            Node::Comment(c) => f.problem(rel, format!("a comment <!--{}-->", &**c)),
            Node::ProcessingInstruction(p) => {
                f.problem(rel, format!("a processing instruction {}", p.target))
            }
            Node::Element(_) => {
                let el = ElementRef::wrap(node).unwrap();
                element(rel, el, theme, f);
            }
            _ => {}
        }
    }
}

fn element(rel: &str, el: ElementRef, theme: bool, f: &mut Findings) {
    f.count("elements");
    let e = el.value();
    let name = e.name();
    let tag = || format!("{e:?}");
    if FORBIDDEN_ELEMENTS.contains(&name) {
        f.problem(rel, format!("a <{name}> element: {}", tag()));
    }
    match name {
        "script" => script(rel, el, theme, f),
        "meta" if e.attr("http-equiv").is_some() => {
            f.problem(rel, format!("a meta refresh or header: {}", tag()))
        }
        "link" => {
            let rel_attr = e.attr("rel").unwrap_or_default();
            if !theme || !["canonical", "stylesheet", "alternate"].contains(&rel_attr) {
                f.problem(rel, format!("an unexpected link: {}", tag()));
            } else if rel_attr == "stylesheet" && !is_own(e.attr("href").unwrap_or_default()) {
                f.problem(rel, format!("a stylesheet from elsewhere: {}", tag()));
            }
        }
        "form" if !theme => f.problem(rel, format!("a form: {}", tag())),
        _ => {}
    }
    for (attr, value) in e.attrs() {
        let lower = attr.to_ascii_lowercase();
        if lower.starts_with("on") {
            f.problem(rel, format!("an event handler {attr}: {}", tag()));
        } else if lower == "srcdoc" || lower == "http-equiv" {
            f.problem(rel, format!("a {attr} attribute: {}", tag()));
        } else if lower == "style" {
            style(rel, value, f);
        } else if URL_ATTRIBUTES.contains(&lower.as_str()) {
            f.count("addresses");
            match scheme(value) {
                Some(s) if !LINK_SCHEMES.contains(&s.as_str()) => {
                    f.problem(rel, format!("a {s}: address in {attr}: {}", tag()))
                }
                _ => {}
            }
            if lower != "href" && lower != "action" && !is_own(value) {
                f.problem(rel, format!("{attr} loads from elsewhere: {}", tag()));
            }
        }
    }
}

/// Only the theme's own files, and JSON-LD in which no `<`, `>` or `&` can close the
/// element or open a comment, whatever the titles inside hold.
fn script(rel: &str, el: ElementRef, theme: bool, f: &mut Findings) {
    let e = el.value();
    let body: String = el.text().collect();
    match (e.attr("src"), e.attr("type")) {
        (Some(src), None) if theme && THEME_SCRIPTS.contains(&src) && body.is_empty() => {
            f.count("theme scripts");
        }
        (None, Some("application/ld+json")) if theme => {
            f.count("JSON-LD blocks");
            if body.contains(['<', '>', '&']) {
                f.problem(rel, "JSON-LD with a raw <, > or &".into());
            }
            if let Err(e) = serde_json::from_str::<Value>(&body) {
                f.problem(rel, format!("JSON-LD that is not JSON ({e})"));
            }
        }
        _ => f.problem(
            rel,
            format!("a script that is not the theme's: {e:?} {body}"),
        ),
    }
}

/// The theme sets bar widths; anything that can fetch or evaluate is not the theme's.
fn style(rel: &str, value: &str, f: &mut Findings) {
    let lower = value.to_ascii_lowercase();
    for bad in [
        "url(",
        "expression",
        "javascript",
        "@import",
        "\\",
        "behavior",
        "binding",
    ] {
        if lower.contains(bad) {
            f.problem(rel, format!("a style with {bad}: {value}"));
        }
    }
}

/// A standalone chart: well-formed XML, and nothing in it that runs or fetches.
fn svg(rel: &str, text: &str, f: &mut Findings) {
    f.count("SVG charts");
    let doc = match roxmltree::Document::parse(text) {
        Ok(doc) => doc,
        Err(e) => return f.problem(rel, format!("not well-formed XML: {e}")),
    };
    if doc.root_element().tag_name().name() != "svg" {
        f.problem(rel, "the root is not <svg>".into());
    }
    for node in doc.descendants() {
        if node.is_pi() || node.is_comment() {
            f.problem(rel, "a comment or processing instruction".into());
        }
        if !node.is_element() {
            continue;
        }
        let name = node.tag_name().name();
        if name == "script" || FORBIDDEN_ELEMENTS.contains(&name) || name == "a" {
            f.problem(rel, format!("a <{name}> element"));
        }
        for a in node.attributes() {
            let attr = a.name().to_ascii_lowercase();
            if attr.starts_with("on") {
                f.problem(rel, format!("an event handler {}", a.name()));
            } else if attr == "style" {
                style(rel, a.value(), f);
            } else if attr == "href" || attr == "src" {
                // A chart may point inside itself and nowhere else.
                if !a.value().starts_with('#') {
                    f.problem(rel, format!("<{name}> points at {}", a.value()));
                }
            }
        }
    }
}

/// Feeds and the sitemap: well-formed XML, addresses on the web, and feed entries' HTML as
/// safe as the pages', since feed readers render it.
fn xml(rel: &str, text: &str, f: &mut Findings) {
    let doc = match roxmltree::Document::parse(text) {
        Ok(doc) => doc,
        Err(e) => return f.problem(rel, format!("not well-formed XML: {e}")),
    };
    f.count("feeds and sitemaps");
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        let web = |url: &str| matches!(scheme(url).as_deref(), Some("http" | "https"));
        if let Some(href) = node.attribute("href") {
            if !web(href) {
                f.problem(rel, format!("<{name}> links to {href}"));
            }
        }
        if name == "loc" && !web(node.text().unwrap_or_default()) {
            f.problem(rel, format!("a sitemap entry {:?}", node.text()));
        }
        if node.attribute("type") == Some("html") {
            f.count("feed HTML fields");
            let html = node.text().unwrap_or_default();
            elements(rel, &Html::parse_fragment(html), false, f);
        }
    }
}

/// Every JSON file parses; the search index's addresses, which its script turns into
/// links, stay inside the site.
fn json(rel: &str, text: &str, f: &mut Findings) {
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return f.problem(rel, format!("not JSON: {e}")),
    };
    f.count("JSON files");
    if rel == "search-index.json" {
        for entry in value.as_array().into_iter().flatten() {
            f.count("search index entries");
            let url = entry["u"].as_str().unwrap_or_default();
            if !url.starts_with('/') || url.starts_with("//") {
                f.problem(rel, format!("a search result links to {url:?}"));
            }
        }
    }
}

/// No cell a spreadsheet would read as a formula: such cells must carry the leading
/// apostrophe that makes Excel and LibreOffice show them as text.
fn csv(rel: &str, text: &str, f: &mut Findings) {
    f.count("CSV files");
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body.as_bytes());
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => return f.problem(rel, format!("not CSV: {e}")),
        };
        for cell in record.iter() {
            f.count("CSV cells");
            // Importers that trim spaces see the formula all the same.
            let formula = |c: &str| c.trim_start_matches(' ').starts_with(FORMULA_STARTS);
            if formula(cell) {
                f.problem(rel, format!("a cell a spreadsheet runs: {cell:?}"));
            } else if cell.strip_prefix('\'').is_some_and(formula) {
                f.count("CSV cells neutralised");
            }
        }
    }
}

/// The text of the first element matching `css` in the page, None when there is none.
pub fn text_of(html: &str, css: &str) -> Option<String> {
    let doc = Html::parse_document(html);
    let selector = scraper::Selector::parse(css).unwrap();
    let found = doc.select(&selector).next()?;
    Some(found.text().collect())
}
