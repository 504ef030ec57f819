//! Finds where a value sits in a YAML file, so checks made after parsing (dangling
//! references, duplicate ids, ranges) can still point at a line and column.
//!
//! serde gives positions only for the errors it raises itself. Rather than parse every file
//! twice with a second YAML library, this walks the block-style layout editors write and
//! records the position of every `key:` and `- ` item by its path (`projects[2].domain`).
//! Flow-style values written on one line (`- {metric: x, target: 5}`, `sources: [a, b]`)
//! are located key by key and item by item; one that runs over several lines is located
//! at its enclosing key, which is still the right line.

use crate::messages::Place;
use std::collections::BTreeMap;

#[derive(Debug, Default)]
pub struct Locator {
    positions: BTreeMap<String, Pos>,
}

/// Where a value starts, and whether it sits inside `[ ]` or `{ }`, where it ends at the
/// next comma or bracket rather than at the end of the line.
#[derive(Debug, Clone, Copy)]
struct Pos {
    line: usize,
    column: usize,
    in_flow: bool,
}

impl Pos {
    fn block(line: usize, column: usize) -> Self {
        Pos {
            line,
            column,
            in_flow: false,
        }
    }
}

enum Seg {
    Key(String, usize),
    Index(usize),
}

struct Frame {
    col: usize,
    seg: Seg,
}

impl Locator {
    pub fn new(source: &str) -> Self {
        let mut positions = BTreeMap::new();
        let mut stack: Vec<Frame> = Vec::new();
        // Block scalars (`|`, `>`) hold free text whose lines may look like keys.
        let mut block_scalar_col: Option<usize> = None;
        for (n, raw) in source.lines().enumerate() {
            let line_no = n + 1;
            let line = raw.trim_start_matches('\u{feff}');
            let indent = line.len() - line.trim_start_matches(' ').len();
            let rest = &line[indent..];
            if rest.is_empty() || rest.starts_with('#') {
                continue;
            }
            if let Some(col) = block_scalar_col {
                if indent > col {
                    continue;
                }
                block_scalar_col = None;
            }
            let mut col = indent;
            let mut rest = rest;
            while rest == "-" || rest.starts_with("- ") {
                while stack.last().is_some_and(|f| {
                    f.col > col || (f.col == col && matches!(f.seg, Seg::Index(_)))
                }) {
                    stack.pop();
                }
                let index = match stack.last_mut() {
                    Some(Frame {
                        seg: Seg::Key(_, next),
                        ..
                    }) => {
                        *next += 1;
                        *next - 1
                    }
                    _ => 0,
                };
                stack.push(Frame {
                    col,
                    seg: Seg::Index(index),
                });
                let item = path_of(&stack);
                positions.insert(item.clone(), Pos::block(line_no, char_col(line, col + 1)));
                let skipped = rest.len() - rest[1..].trim_start_matches(' ').len();
                col += skipped;
                rest = &rest[skipped..];
                if rest.starts_with(['{', '[']) {
                    flow(&mut positions, &item, line, line_no, col);
                }
            }
            let Some((key, value)) = split_key(rest) else {
                continue;
            };
            while stack.last().is_some_and(|f| f.col >= col) {
                stack.pop();
            }
            stack.push(Frame {
                col,
                seg: Seg::Key(key, 0),
            });
            let value_trim = value.trim_start();
            let value_col = if value_trim.is_empty() || value_trim.starts_with('#') {
                col + 1
            } else {
                col + (rest.len() - value_trim.len()) + 1
            };
            let path = path_of(&stack);
            positions.insert(path.clone(), Pos::block(line_no, char_col(line, value_col)));
            if value_trim.starts_with('|') || value_trim.starts_with('>') {
                block_scalar_col = Some(col);
            }
            if value_trim.starts_with(['{', '[']) {
                flow(&mut positions, &path, line, line_no, value_col - 1);
            }
        }
        Locator { positions }
    }

    /// Line and column (1-based) of `path`, or of its nearest recorded ancestor.
    pub fn find(&self, path: &str) -> (usize, usize) {
        let mut path = path;
        loop {
            if let Some(pos) = self.positions.get(path) {
                return (pos.line, pos.column);
            }
            match path.rfind(['.', '[']) {
                Some(i) => path = &path[..i],
                None => return (1, 1),
            }
        }
    }
}

impl Locator {
    /// The plain value written after `path`'s key on the same line (`id: school-places`).
    pub fn scalar(&self, source: &str, path: &str) -> Option<String> {
        let pos = *self.positions.get(path)?;
        let text = source.lines().nth(pos.line.saturating_sub(1))?;
        let rest: String = text.chars().skip(pos.column.saturating_sub(1)).collect();
        let rest = if pos.in_flow {
            &rest[..flow_scalar_end(rest.as_bytes(), 0)]
        } else {
            rest.as_str()
        };
        let value = rest.split(" #").next().unwrap_or_default().trim();
        let value = value.trim_matches(|c| c == '"' || c == '\'');
        // A key with nothing after it is recorded at the key itself.
        let plain = !value.is_empty() && !value.starts_with(['{', '[']) && !value.ends_with(':');
        plain.then(|| value.to_string())
    }

    /// Where `path` is, in the editors' words, with items named by the `id` written in them.
    pub fn place(&self, source: &str, path: &str) -> Place {
        Place::from_path(path, |item| self.scalar(source, &format!("{item}.id")))
    }
}

fn path_of(stack: &[Frame]) -> String {
    let mut out = String::new();
    for frame in stack {
        match &frame.seg {
            Seg::Key(k, _) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => {
                out.push_str(&format!("[{i}]"));
            }
        }
    }
    out
}

/// Keys and items recorded on one line at most: a real line holds a few, and a line of a
/// million items (refused or not) must not fill memory with their paths. Past this, values
/// are found at their enclosing key.
const MAX_FLOW_POSITIONS: usize = 1000;

/// A container open while reading a flow collection: its path, and for a list the index of
/// the item being read.
struct Open {
    path: String,
    index: Option<usize>,
}

/// Records the keys and items of the flow collection that starts at byte `start` of `line`
/// (a `{` or `[`) under `path`. Reading stops at the end of the line, or at anything it does
/// not expect: what was recorded up to there is right, and the rest is found at `path`.
fn flow(
    positions: &mut BTreeMap<String, Pos>,
    path: &str,
    line: &str,
    line_no: usize,
    start: usize,
) {
    let b = line.as_bytes();
    // Paths and the byte each starts at, turned into character columns at the end in one
    // pass: counting from the start of the line for each would be quadratic on a long line.
    let mut found: Vec<(String, usize)> = Vec::new();
    let skip_spaces = |mut i: usize| {
        while b.get(i) == Some(&b' ') {
            i += 1;
        }
        i
    };
    let mut open: Vec<Open> = Vec::new();
    // The path of the value about to be read, when one is expected.
    let mut next: Option<String> = Some(path.to_string());
    let mut i = start;
    while i < b.len() && found.len() < MAX_FLOW_POSITIONS {
        i = skip_spaces(i);
        let Some(&c) = b.get(i) else { break };
        match c {
            b'{' | b'[' => {
                let Some(here) = next.take() else { break };
                let list = c == b'[';
                open.push(Open {
                    path: here,
                    index: list.then_some(0),
                });
                i += 1;
                if list {
                    next = Some(item_path(open.last()));
                } else {
                    next = None;
                }
                // An item or key starts after the bracket.
                i = skip_spaces(i);
                if list && matches!(b.get(i), Some(b'{' | b'[')) {
                    if let Some(p) = &next {
                        found.push((p.clone(), i));
                    }
                }
                continue;
            }
            b'}' | b']' => {
                open.pop();
                if open.is_empty() {
                    break;
                }
                next = None;
                i += 1;
            }
            b',' => {
                let Some(top) = open.last_mut() else { break };
                if let Some(index) = top.index.as_mut() {
                    *index += 1;
                    next = Some(item_path(open.last()));
                    let j = skip_spaces(i + 1);
                    if matches!(b.get(j), Some(b'{' | b'[')) {
                        if let Some(p) = &next {
                            found.push((p.clone(), j));
                        }
                    }
                } else {
                    next = None;
                }
                i += 1;
            }
            b'#' => break,
            _ => {
                let Some(top) = open.last() else { break };
                if top.index.is_none() && next.is_none() {
                    // A key: up to the colon.
                    let end = flow_scalar_end(b, i);
                    if b.get(end) != Some(&b':') {
                        break;
                    }
                    let key = line[i..end].trim().trim_matches(['"', '\'']);
                    let here = format!("{}.{key}", top.path);
                    let value = skip_spaces(end + 1);
                    found.push((here.clone(), value));
                    next = Some(here);
                    i = value;
                } else {
                    // A plain or quoted value: recorded where it starts, read to its end.
                    if let Some(p) = next.take() {
                        found.push((p, i));
                    }
                    i = flow_scalar_end(b, i);
                    if b.get(i) == Some(&b':') {
                        break;
                    }
                }
            }
        }
    }
    // Stable, so a key written twice keeps its last place last.
    found.sort_by_key(|(_, byte)| *byte);
    let mut chars = 0;
    let mut counted = 0;
    for (path, byte) in found {
        chars += line.get(counted..byte).map_or(0, |s| s.chars().count());
        counted = counted.max(byte);
        let pos = Pos {
            line: line_no,
            column: chars + 1,
            in_flow: true,
        };
        positions.insert(path, pos);
    }
}

/// The path of the current item of the list at the top of `open`.
fn item_path(top: Option<&Open>) -> String {
    match top {
        Some(Open {
            path,
            index: Some(i),
        }) => format!("{path}[{i}]"),
        Some(open) => open.path.clone(),
        None => String::new(),
    }
}

/// Where a scalar inside a flow collection that starts at byte `from` ends: at a comma or
/// closing bracket, or at the colon after a key, past any quotes.
fn flow_scalar_end(b: &[u8], from: usize) -> usize {
    let mut i = from;
    if let Some(&q) = b.get(i).filter(|c| **c == b'"' || **c == b'\'') {
        i += 1;
        while i < b.len() && b[i] != q {
            i += if b[i] == b'\\' && q == b'"' { 2 } else { 1 };
        }
        i = (i + 1).min(b.len());
    }
    while i < b.len() {
        match b[i] {
            b',' | b'}' | b']' => break,
            b':' if b
                .get(i + 1)
                .is_none_or(|n| matches!(n, b' ' | b',' | b'}' | b']')) =>
            {
                break
            }
            _ => i += 1,
        }
    }
    while i > from && b[i - 1] == b' ' {
        i -= 1;
    }
    i
}

/// Converts a byte column to a character column, as editors count them.
fn char_col(line: &str, byte_col: usize) -> usize {
    let byte = (byte_col - 1).min(line.len());
    line.get(..byte).map_or(byte_col, |s| s.chars().count() + 1)
}

/// `key: value` or `key:` at the start of `rest`, with a plain or quoted key.
fn split_key(rest: &str) -> Option<(String, &str)> {
    if let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let end = rest[1..].find(quote)? + 1;
        let after = &rest[end + 1..];
        let value = after.strip_prefix(':')?;
        return Some((rest[1..end].to_string(), value));
    }
    let colon = rest
        .find(": ")
        .or_else(|| rest.strip_suffix(':').map(|s| s.len()))?;
    let key = &rest[..colon];
    if key.is_empty() || key.contains(['{', '[', '#', '"', '\'']) {
        return None;
    }
    Some((key.trim_end().to_string(), &rest[colon + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "year: 2024\nsummary: |\n  note: not a key\nprojects:\n- id: a\n  domain: edu\n  targets:\n    - {metric: x}\n- id: b\n  domain: 教育\n";

    #[test]
    fn finds_keys_in_sequences() {
        let loc = Locator::new(SAMPLE);
        assert_eq!(loc.find("year"), (1, 7));
        assert_eq!(loc.find("projects[0].domain"), (6, 11));
        assert_eq!(loc.find("projects[1].id"), (9, 7));
        assert_eq!(loc.find("projects[1]"), (9, 1));
        assert_eq!(loc.find("projects[0].targets[0].metric"), (8, 16));
        assert_eq!(loc.find("projects[0].targets[0]"), (8, 5));
        assert_eq!(loc.find("note"), (1, 1));
    }

    #[test]
    fn finds_keys_and_items_written_on_one_line() {
        let source = "domains:\n  - {id: education, name: {zh-Hans: 教育, en: Education}}\nprojects:\n  - id: a\n    sources: [s1, \"s2\", s3]\n    targets: [{metric: 学位, target: 5}, {metric: x, target: 6}]\n";
        let loc = Locator::new(source);
        assert_eq!(loc.find("domains[0].id"), (2, 10));
        assert_eq!(loc.find("domains[0].name.en"), (2, 45));
        assert_eq!(loc.find("projects[0].sources[1]"), (5, 19));
        assert_eq!(loc.find("projects[0].sources[2]"), (5, 25));
        assert_eq!(loc.find("projects[0].targets[1]"), (6, 40));
        assert_eq!(loc.find("projects[0].targets[1].target"), (6, 60));
        assert_eq!(
            loc.scalar(source, "domains[0].id").as_deref(),
            Some("education")
        );
        assert_eq!(
            loc.scalar(source, "projects[0].sources[1]").as_deref(),
            Some("s2")
        );
        // Past the items it records on one line, the enclosing key is still found.
        let long = format!("a: [{}]\n", vec!["x"; 2 * MAX_FLOW_POSITIONS].join(", "));
        let loc = Locator::new(&long);
        assert_eq!(loc.find("a[10]"), (1, 35));
        assert_eq!(loc.find(&format!("a[{}]", MAX_FLOW_POSITIONS + 10)), (1, 4));
        // Past what it can follow, the enclosing key is still found.
        let loc = Locator::new("a: [x, {b: [c\n");
        assert_eq!(loc.find("a[1].b[0]"), (1, 13));
        assert_eq!(loc.find("a[1].b[3]"), (1, 12));
    }

    #[test]
    fn reads_ids_written_on_their_own_line() {
        let loc = Locator::new(SAMPLE);
        assert_eq!(loc.scalar(SAMPLE, "projects[1].id").as_deref(), Some("b"));
        assert_eq!(loc.scalar(SAMPLE, "projects[0].targets"), None);
        assert_eq!(loc.scalar(SAMPLE, "projects[5].id"), None);
    }
}
