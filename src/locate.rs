//! Finds where a value sits in a YAML file, so checks made after parsing (dangling
//! references, duplicate ids, ranges) can still point at a line and column.
//!
//! serde gives positions only for the errors it raises itself. Rather than parse every file
//! twice with a second YAML library, this walks the block-style layout editors write and
//! records the position of every `key:` and `- ` item by its path (`projects[2].domain`).
//! Flow-style values (`{metric: x}`) are located at their enclosing key, which is still the
//! right line.

use crate::messages::Place;
use std::collections::BTreeMap;

#[derive(Debug, Default)]
pub struct Locator {
    positions: BTreeMap<String, (usize, usize)>,
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
                positions.insert(path_of(&stack), (line_no, char_col(line, col + 1)));
                let skipped = rest.len() - rest[1..].trim_start_matches(' ').len();
                col += skipped;
                rest = &rest[skipped..];
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
            positions.insert(path_of(&stack), (line_no, char_col(line, value_col)));
            if value_trim.starts_with('|') || value_trim.starts_with('>') {
                block_scalar_col = Some(col);
            }
        }
        Locator { positions }
    }

    /// Line and column (1-based) of `path`, or of its nearest recorded ancestor.
    pub fn find(&self, path: &str) -> (usize, usize) {
        let mut path = path;
        loop {
            if let Some(pos) = self.positions.get(path) {
                return *pos;
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
        let (line, column) = *self.positions.get(path)?;
        let text = source.lines().nth(line.saturating_sub(1))?;
        let rest: String = text.chars().skip(column.saturating_sub(1)).collect();
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
        assert_eq!(loc.find("projects[0].targets[0].metric"), (8, 5));
        assert_eq!(loc.find("note"), (1, 1));
    }

    #[test]
    fn reads_ids_written_on_their_own_line() {
        let loc = Locator::new(SAMPLE);
        assert_eq!(loc.scalar(SAMPLE, "projects[1].id").as_deref(), Some("b"));
        assert_eq!(loc.scalar(SAMPLE, "projects[0].targets"), None);
        assert_eq!(loc.scalar(SAMPLE, "projects[5].id"), None);
    }
}
