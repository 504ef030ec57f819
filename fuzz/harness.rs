//! What the fuzz targets check, shared with the stable replay of their corpus
//! (tests/fuzz_corpus.rs), which includes this file by path: a regression the fuzzer once
//! found fails `cargo test` too, on a toolchain without libFuzzer.
//!
//! Each check panics, with the reason, when shishi breaks a promise on the given input.
// Each fuzz target uses one of the two checks.
#![allow(dead_code)]

use shishi::diagnostics::{self, Diagnostic};
use shishi::load::{self, MemoryCity};
use shishi::messages::Lang;
use std::path::Path;

/// The sample portal's files that stand around the one being fuzzed, so a fuzzed file that
/// is valid reaches the model and the renderers, as it would in a real portal.
const SITE: &[u8] = include_bytes!("../content/site.yaml");
const YEAR: &[u8] = include_bytes!("../content/fujian/2022.yaml");
/// Cities without a parent, so a fuzzed city file naming any of them as its parent is valid.
const PROVINCES: [(&str, &[u8]); 4] = [
    ("fujian", include_bytes!("../content/fujian/city.yaml")),
    (
        "guangdong",
        include_bytes!("../content/guangdong/city.yaml"),
    ),
    ("hebei", include_bytes!("../content/hebei/city.yaml")),
    ("hunan", include_bytes!("../content/hunan/city.yaml")),
];

/// The slug of the city whose city file or year file is the fuzzed input.
const FUZZED_CITY: &str = "fuzzed";

#[derive(Clone, Copy, Debug)]
enum Kind {
    Site,
    City,
    Year,
}

/// Reads `data` as a site file, as a city file and as a year file, each in a portal made of
/// the sample's other files, and checks everything that follows: decoding, parsing,
/// validation, the model, the messages in every language and format, and, when the portal is
/// valid, rendering the whole site.
pub fn load_content(data: &[u8]) {
    for kind in [Kind::Site, Kind::City, Kind::Year] {
        check_as(kind, data);
    }
}

fn check_as(kind: Kind, data: &[u8]) {
    let stem = stated_year(data);
    let (site, fuzzed_file, cities) = match kind {
        Kind::Site => (
            data,
            Path::new("content/site.yaml").to_path_buf(),
            vec![city("fujian", PROVINCES[0].1, vec![("2022", YEAR)])],
        ),
        Kind::City => {
            let mut cities: Vec<MemoryCity> = PROVINCES
                .iter()
                .map(|(slug, bytes)| city(slug, bytes, Vec::new()))
                .collect();
            cities.push(city(FUZZED_CITY, data, vec![("2022", YEAR)]));
            let file = Path::new("content").join(FUZZED_CITY).join("city.yaml");
            (SITE, file, cities)
        }
        Kind::Year => {
            let years = vec![(stem.as_str(), data)];
            let file = Path::new("content")
                .join(FUZZED_CITY)
                .join(format!("{stem}.yaml"));
            (SITE, file, vec![city(FUZZED_CITY, PROVINCES[0].1, years)])
        }
    };
    let (loaded, found) = load::load_memory(site, &cities);
    let checked = shishi::pipeline::check_loaded(loaded, found);
    assert_eq!(
        checked.portal.is_none(),
        checked.has_errors(),
        "as a {kind:?} file: a portal must be built exactly when there are no errors"
    );
    check_messages(&checked.diagnostics, &fuzzed_file, data);
    if let Some(mut portal) = checked.portal {
        // A theme the fuzzer names does not exist here; its absence is reported, not
        // fuzzed. The built-in theme renders everything else.
        portal.site.theme = None;
        let history = shishi::history::History::default();
        let files = shishi::pipeline::render_site(Path::new("."), &mut portal, None, &history)
            .unwrap_or_else(|e| panic!("as a {kind:?} file: valid content failed to render: {e:#}"))
            .files;
        // Pages reach readers as they are: each must read back without a parse error.
        for file in files.iter().filter(|f| f.path.ends_with(".html")) {
            let html = String::from_utf8_lossy(&file.bytes);
            if let Some(e) = tokenize(&html).into_iter().find_map(|t| match t {
                Token::Error(e) => Some(e),
                _ => None,
            }) {
                panic!("as a {kind:?} file: {} is not valid HTML: {e}", file.path);
            }
        }
    }
}

fn city<'a>(slug: &'a str, bytes: &'a [u8], years: Vec<(&'a str, &'a [u8])>) -> MemoryCity<'a> {
    MemoryCity {
        slug,
        city: bytes,
        years,
    }
}

/// The year a year file states, to name the file after it as an editor would; 2024 when it
/// states none that could be a file name.
fn stated_year(data: &[u8]) -> String {
    let text = String::from_utf8_lossy(data);
    text.lines()
        .find_map(|l| l.strip_prefix("year:"))
        .map(str::trim)
        .filter(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or("2024")
        .to_string()
}

/// Every message can be shown in every language and format, and points inside its file.
fn check_messages(diags: &[Diagnostic], fuzzed_file: &Path, data: &[u8]) {
    // A message may name a line only where there is one to show.
    let lines = String::from_utf8_lossy(data).lines().count().max(1);
    for d in diags {
        for lang in Lang::ALL {
            let shown = d.render(lang);
            assert!(!shown.trim().is_empty(), "an empty message for {d:?}");
        }
        if d.file == fuzzed_file {
            assert!(
                d.line <= lines,
                "{d:?} points at line {} of a file of {lines} lines",
                d.line
            );
        }
    }
    for lang in Lang::ALL {
        let json = diagnostics::to_json(diags, lang);
        let parsed: serde_json::Value =
            serde_json::from_str(&json).unwrap_or_else(|e| panic!("--format json: {e}\n{json}"));
        assert_eq!(
            parsed.as_array().map(Vec::len),
            Some(diags.len()),
            "--format json must list every problem once\n{json}"
        );
        let github = diagnostics::to_github(diags, lang);
        assert_eq!(
            github.lines().count(),
            diags.len(),
            "--format github must be one command a line\n{github}"
        );
    }
}

/// Renders `data` (read as UTF-8, invalid bytes replaced) as a Markdown field and checks the
/// HTML can go into a page: nothing runs, nothing links anywhere but the web or mail, and
/// it reads back as the same well-formed markup.
pub fn markdown(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let html = shishi::markdown::to_html(&text);
    if let Err(why) = safe_html(&html) {
        panic!(
            "unsafe or malformed HTML from Markdown: {why}\n--- input\n{text}\n--- output\n{html}"
        );
    }
    // The plain-text forms feed meta tags and the search index.
    let plain = shishi::markdown::to_plain_text(&text);
    assert!(
        !plain.contains('\n'),
        "plain text keeps a line break: {plain:?}"
    );
    let excerpt = shishi::markdown::excerpt(&text, 120);
    assert!(
        excerpt.chars().count() <= 120,
        "excerpt too long: {excerpt:?}"
    );
}

/// Tags the sanitiser may let through that have no end tag.
const VOID: [&str; 6] = ["area", "br", "col", "hr", "img", "wbr"];

/// Why `html` could not go into a page as it is, if it could not.
pub fn safe_html(html: &str) -> Result<(), String> {
    if html.to_ascii_lowercase().contains("<script") {
        return Err("it contains `<script`".into());
    }
    let tokens = tokenize(html);
    let mut open: Vec<String> = Vec::new();
    for token in tokens {
        match token {
            Token::Error(e) => return Err(format!("it does not re-parse cleanly: {e}")),
            Token::Start { name, attrs } => {
                if ["script", "style", "iframe", "object", "embed", "form"].contains(&&*name) {
                    return Err(format!("it has a <{name}> element"));
                }
                for (attr, value) in &attrs {
                    if attr.starts_with("on") {
                        return Err(format!("<{name}> has an event handler `{attr}`"));
                    }
                    // Relative addresses are refused, so anything embedded would come from
                    // another host, which no page may load from.
                    if ["src", "srcset", "data", "poster", "background"].contains(&&**attr) {
                        return Err(format!("<{name} {attr}={value:?}> loads from another host"));
                    }
                    if ["href", "action", "formaction", "cite"].contains(&&**attr)
                        && !allowed_url(value)
                    {
                        return Err(format!("<{name} {attr}={value:?}> leaves the web or mail"));
                    }
                }
                if !VOID.contains(&&*name) {
                    open.push(name);
                }
            }
            Token::End(name) => match open.pop() {
                Some(top) if top == name => {}
                other => return Err(format!("</{name}> closes {other:?}")),
            },
        }
    }
    match open.last() {
        Some(name) => Err(format!("<{name}> is never closed")),
        None => Ok(()),
    }
}

/// A URL as a browser reads it (tabs and newlines dropped, leading spaces and control
/// characters trimmed, scheme in any case) has one of the schemes the sanitiser allows.
/// `https:/host` counts: browsers read it as `https://host`.
fn allowed_url(value: &str) -> bool {
    let url: String = value
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme = url
        .split_once(':')
        .map(|(scheme, _)| scheme)
        .filter(|s| !s.contains(['/', '?', '#']));
    matches!(scheme, Some("http" | "https" | "mailto"))
}

enum Token {
    Start {
        name: String,
        attrs: Vec<(String, String)>,
    },
    End(String),
    Error(String),
}

/// The tags of `html` with their attributes decoded, and every parse error, as html5ever's
/// tokenizer (the one browsers' parsing rules are written for) reads them.
fn tokenize(html: &str) -> Vec<Token> {
    use html5ever::tokenizer::{
        BufferQueue, TagKind, Token as T, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
    };
    use std::cell::RefCell;

    struct Sink(RefCell<Vec<Token>>);
    impl TokenSink for Sink {
        type Handle = ();
        fn process_token(&self, token: T, _line: u64) -> TokenSinkResult<()> {
            let token = match token {
                T::TagToken(tag) => {
                    let name = tag.name.to_string();
                    match tag.kind {
                        TagKind::StartTag => Token::Start {
                            name,
                            attrs: tag
                                .attrs
                                .iter()
                                .map(|a| (a.name.local.to_string(), a.value.to_string()))
                                .collect(),
                        },
                        TagKind::EndTag => Token::End(name),
                    }
                }
                T::ParseError(e) => Token::Error(e.into_owned()),
                T::NullCharacterToken => Token::Error("a NUL character".into()),
                _ => return TokenSinkResult::Continue,
            };
            self.0.borrow_mut().push(token);
            TokenSinkResult::Continue
        }
    }

    let input = BufferQueue::default();
    input.push_back(html5ever::tendril::StrTendril::from_slice(html));
    let opts = TokenizerOpts {
        exact_errors: true,
        ..TokenizerOpts::default()
    };
    let tokenizer = Tokenizer::new(Sink(RefCell::new(Vec::new())), opts);
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.into_inner()
}
