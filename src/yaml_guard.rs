//! A quick pass over a YAML text before the YAML library reads it, refusing what content
//! files never need and a hostile file could use to stall a build or exhaust memory:
//!
//! - nesting deeper than [`MAX_DEPTH`]: libyaml looks at every open `[` and `{` again at each
//!   token, so 100,000 of them take minutes, and indentation nested as deep is as slow;
//! - anchors (`&a`), aliases (`*a`) and tags (`!t`): an alias repeats a whole value, so a few
//!   kilobytes of aliases to aliases ("billion laughs") expand to gigabytes, and even a flat
//!   list of aliases to one long value costs the product of the two lengths. Refusing them
//!   also catches text that merely starts with `&` or `!`, which YAML would silently drop
//!   or misread.
//!
//! It follows YAML only as far as telling where a token can start, as libyaml's scanner does:
//! inside quotes, comments, block scalars (`|`, `>`) and the continuation lines of plain text,
//! `&`, `*`, `!` and brackets are ordinary characters. Whatever else is wrong with the text is
//! left to libyaml, which reports it better.

/// Levels of nesting allowed, counting both indentation and brackets. The deepest value of
/// the content format (the source of a project's update) sits about seven levels down.
pub const MAX_DEPTH: usize = 32;

/// What the pass refuses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// `&name`, as written.
    Anchor(String),
    /// `*name`, as written.
    Alias(String),
    /// `!tag`, as written.
    Tag(String),
    /// More than [`MAX_DEPTH`] levels, first reached here.
    TooDeep,
}

/// The first refused thing in a text and where it is: 1-based line and column, the column
/// counted in characters as editors count them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub line: usize,
    pub column: usize,
    pub what: Refused,
}

/// Checks `source`; `Err` holds the first anchor, alias, tag or excess of nesting found.
pub fn check(source: &str) -> Result<(), Refusal> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let mut scanner = Scanner::default();
    for (n, line) in source.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        scanner
            .line(line.as_bytes())
            .map_err(|(at, what)| Refusal {
                line: n + 1,
                column: line.get(..at).map_or(at, |s| s.chars().count()) + 1,
                what,
            })?;
    }
    Ok(())
}

/// A refusal at a byte offset of the current line.
type Stop = (usize, Refused);

/// A block scalar being skipped: lines indented more than `parent` belong to it, at the
/// indentation of its first line with text (`content`) once that is known.
#[derive(Clone, Copy)]
struct BlockText {
    parent: isize,
    content: Option<usize>,
}

#[derive(Default)]
struct Scanner {
    /// Columns of the open block collections, innermost last.
    blocks: Vec<usize>,
    /// Open `[` and `{`.
    flows: usize,
    /// The indentation of the innermost block collection on the current line, as libyaml
    /// keeps it: a block scalar's lines and a plain text's continuation lines are indented
    /// more than this.
    parent: isize,
    /// Inside a quoted text that goes on over the line end.
    quote: Option<u8>,
    block_text: Option<BlockText>,
    /// After plain text in block context: lines indented more than this continue it.
    plain_lines: Option<isize>,
    /// Inside plain text in flow context, which goes on over line ends.
    in_plain: bool,
}

fn blank_at(line: &[u8], i: usize) -> bool {
    line.get(i).is_none_or(|b| *b == b' ' || *b == b'\t')
}

impl Scanner {
    fn line(&mut self, line: &[u8]) -> Result<(), Stop> {
        let indent = line.iter().take_while(|b| **b == b' ').count();
        let blank = line[indent..].iter().all(|b| b.is_ascii_whitespace());
        if let Some(q) = self.quote {
            let Some(end) = close_quote(line, 0, q) else {
                return Ok(());
            };
            self.quote = None;
            return self.tokens(line, end + 1);
        }
        if let Some(text) = self.block_text {
            if self.in_block_text(text, indent, blank) {
                return Ok(());
            }
            self.block_text = None;
        }
        if let Some(parent) = self.plain_lines {
            if blank || (indent as isize > parent && line[indent] != b'#') {
                return Ok(());
            }
            self.plain_lines = None;
        }
        if blank {
            return Ok(());
        }
        if self.flows == 0 {
            if line[0] == b'%' {
                return Ok(());
            }
            let i = if (line.starts_with(b"---") || line.starts_with(b"...")) && blank_at(line, 3) {
                self.blocks.clear();
                self.parent = -1;
                3
            } else {
                while self.blocks.last().is_some_and(|c| *c > indent) {
                    self.blocks.pop();
                }
                if self.blocks.last() != Some(&indent) {
                    self.push_block(indent)?;
                }
                self.parent = indent as isize;
                indent
            };
            return self.tokens(line, i);
        }
        self.tokens(line, 0)
    }

    /// Whether a line of `indent` belongs to the block scalar being skipped, learning the
    /// scalar's indentation from its first line with text.
    fn in_block_text(&mut self, text: BlockText, indent: usize, blank: bool) -> bool {
        if blank {
            return true;
        }
        let content = match text.content {
            Some(c) => c,
            None if indent as isize > text.parent => {
                self.block_text = Some(BlockText {
                    content: Some(indent),
                    ..text
                });
                indent
            }
            None => return false,
        };
        indent >= content
    }

    fn push_block(&mut self, column: usize) -> Result<(), Stop> {
        self.blocks.push(column);
        self.depth_ok(column)
    }

    fn depth_ok(&self, at: usize) -> Result<(), Stop> {
        if self.blocks.len() + self.flows > MAX_DEPTH {
            return Err((at, Refused::TooDeep));
        }
        Ok(())
    }

    /// Reads the tokens of a line from byte `i`, where a token may start unless the line
    /// goes on with plain text inside brackets.
    fn tokens(&mut self, line: &[u8], mut i: usize) -> Result<(), Stop> {
        let flow_indicator = |b: u8| matches!(b, b',' | b'[' | b']' | b'{' | b'}');
        while i < line.len() {
            let b = line[i];
            if b == b' ' || b == b'\t' {
                i += 1;
                continue;
            }
            if b == b'#' && (!self.in_plain || i == 0 || blank_at(line, i - 1)) {
                // A comment ends plain text; whatever it held does not go on.
                self.in_plain = false;
                return Ok(());
            }
            if self.in_plain {
                // Plain text inside brackets ends where an indicator starts the next token.
                let next_ends = line
                    .get(i + 1)
                    .is_none_or(|n| n.is_ascii_whitespace() || flow_indicator(*n));
                if flow_indicator(b) || (b == b':' && next_ends) {
                    self.in_plain = false;
                } else {
                    i += 1;
                }
                continue;
            }
            let in_flow = self.flows > 0;
            match b {
                b'-' if !in_flow && blank_at(line, i + 1) => {
                    self.parent = i as isize;
                    let next = i + 1 + line[i + 1..].iter().take_while(|b| **b == b' ').count();
                    if next < line.len() && line[next] != b'#' {
                        self.push_block(next)?;
                    }
                    i = next;
                }
                b'[' | b'{' => {
                    self.flows += 1;
                    self.depth_ok(i)?;
                    i += 1;
                }
                b']' | b'}' => {
                    self.flows = self.flows.saturating_sub(1);
                    i += 1;
                }
                b',' => i += 1,
                b'?' | b':' if in_flow || blank_at(line, i + 1) => i += 1,
                b'&' | b'*' | b'!' => {
                    let end = (i + 1..line.len())
                        .find(|&j| blank_at(line, j) || (in_flow && flow_indicator(line[j])))
                        .unwrap_or(line.len());
                    let name = String::from_utf8_lossy(&line[i..end]).into_owned();
                    let what = match b {
                        b'&' => Refused::Anchor(name),
                        b'*' => Refused::Alias(name),
                        _ => Refused::Tag(name),
                    };
                    return Err((i, what));
                }
                b'|' | b'>' if !in_flow => {
                    let parent = self.parent;
                    // An indentation digit in the header fixes the scalar's indentation.
                    let content = line[i + 1..]
                        .iter()
                        .take_while(|b| !b.is_ascii_whitespace())
                        .find(|b| b.is_ascii_digit())
                        .map(|d| (parent.max(0) as usize) + usize::from(d - b'0'));
                    self.block_text = Some(BlockText { parent, content });
                    return Ok(());
                }
                b'"' | b'\'' => match close_quote(line, i + 1, b) {
                    Some(end) => {
                        // A quoted key: the value after it belongs to a mapping here.
                        if !in_flow && line.get(end + 1) == Some(&b':') {
                            self.parent = i as isize;
                        }
                        i = end + 1;
                    }
                    None => {
                        self.quote = Some(b);
                        return Ok(());
                    }
                },
                _ => {
                    if !in_flow {
                        // Plain text in block context: a key if `: ` follows on this line,
                        // else a value that may go on over the next lines.
                        match plain_key_end(line, i) {
                            PlainEnd::Key(colon) => {
                                self.parent = i as isize;
                                i = colon + 1;
                            }
                            PlainEnd::Comment => return Ok(()),
                            PlainEnd::Line => {
                                self.plain_lines = Some(self.parent);
                                return Ok(());
                            }
                        }
                        continue;
                    }
                    self.in_plain = true;
                    i += 1;
                }
            }
        }
        if self.flows == 0 {
            self.in_plain = false;
        }
        Ok(())
    }
}

enum PlainEnd {
    /// A `: ` at this byte makes the text a key.
    Key(usize),
    /// A comment ends the text.
    Comment,
    /// The text runs to the end of the line.
    Line,
}

fn plain_key_end(line: &[u8], from: usize) -> PlainEnd {
    for j in from + 1..line.len() {
        match line[j] {
            b':' if blank_at(line, j + 1) => return PlainEnd::Key(j),
            b'#' if blank_at(line, j - 1) => return PlainEnd::Comment,
            _ => {}
        }
    }
    PlainEnd::Line
}

/// The byte closing a quoted text opened by `quote`, searching from `from`: `\"` escapes
/// in double quotes, `''` stands for one quote in single quotes.
fn close_quote(line: &[u8], from: usize, quote: u8) -> Option<usize> {
    let mut j = from;
    while j < line.len() {
        match line[j] {
            b'\\' if quote == b'"' => j += 2,
            b'\'' if quote == b'\'' && line.get(j + 1) == Some(&b'\'') => j += 2,
            b if b == quote => return Some(j),
            _ => j += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(source: &str) -> Option<(usize, usize, Refused)> {
        check(source).err().map(|r| (r.line, r.column, r.what))
    }

    #[test]
    fn content_as_editors_write_it_passes() {
        let samples = [
            "year: 2024\ntitle: 2024年泉州市为民办实事项目\nsources:\n  - id: a\n    title: x\n",
            "note: A & B * C ! D\nurl: https://example.org/a#&b\n",
            "title: \"*以上为初步统计\"\npublisher: '&泉州发布'\nnote: \"a \\\" &b\"\n",
            "note: 'it''s &fine'\n",
            "summary: |\n  &not an anchor\n  *nor an alias\n\n  !nor a tag\nnext: x\n",
            "- note: >-\n    [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n  id: a\n",
            "note: first line\n  & its continuation\n  * and more\nnext: x\n",
            "targets: [{metric: 新增学位, unit: 个, target: 30000}]\n",
            "sources: [a, b,\n  c]\n",
            "note: \"a quote\n  &across lines\"\n",
            "# *a comment\nyear: 2024 # &another\n",
            "title: a#b\nnote: 3*4\n",
            "---\nyear: 2024\n...\n",
            "\u{feff}year: 2024\n",
            "list: [a #comment\n  , b]\n",
            "deep:\n  - - - - - x\n",
        ];
        for sample in samples {
            assert_eq!(refusal(sample), None, "{sample}");
        }
    }

    #[test]
    fn anchors_aliases_and_tags_are_refused_where_they_start() {
        assert_eq!(
            refusal("a: &x [1, 2]\nb: *x\n"),
            Some((1, 4, Refused::Anchor("&x".into())))
        );
        assert_eq!(
            refusal("a: 1\nb: [c, *x]\n"),
            Some((2, 8, Refused::Alias("*x".into())))
        );
        assert_eq!(
            refusal("name: !!binary aGVsbG8=\n"),
            Some((1, 7, Refused::Tag("!!binary".into())))
        );
        assert_eq!(
            refusal("- 泉州: *以上\n"),
            Some((1, 7, Refused::Alias("*以上".into())))
        );
        assert_eq!(
            refusal("a: {b: c, d: &e f}\n"),
            Some((1, 14, Refused::Anchor("&e".into())))
        );
        assert_eq!(
            refusal("a: \"q\"\nb: [\"k\":*x]\n"),
            Some((2, 9, Refused::Alias("*x".into())))
        );
        assert_eq!(
            refusal("s: |\n  text\nb: *x\n"),
            Some((3, 4, Refused::Alias("*x".into())))
        );
        assert_eq!(
            refusal("s: plain\n  text\nb: *x\n"),
            Some((3, 4, Refused::Alias("*x".into())))
        );
    }

    #[test]
    fn nesting_is_limited_in_brackets_and_indentation() {
        let brackets = format!("title: {}\n", "[".repeat(100_000));
        assert_eq!(
            refusal(&brackets),
            Some((1, 8 + MAX_DEPTH - 1, Refused::TooDeep))
        );
        let dashes = format!("sources:\n{}x\n", "- ".repeat(1_000_000));
        assert!(matches!(refusal(&dashes), Some((2, _, Refused::TooDeep))));
        let indented: String = (0..100).map(|n| format!("{}a:\n", " ".repeat(n))).collect();
        assert_eq!(
            refusal(&indented),
            Some((MAX_DEPTH + 1, 33, Refused::TooDeep))
        );
        let fine = format!("a: {}{}\n", "[".repeat(20), "]".repeat(20));
        assert_eq!(refusal(&fine), None);
    }

    /// Masks `&`, `*` and `!` everywhere, in a text and in the strings read from one.
    fn masked(text: &str) -> String {
        text.replace(['&', '*', '!'], "x")
    }

    fn masked_value(v: serde_yaml::Value) -> serde_yaml::Value {
        use serde_yaml::Value;
        match v {
            Value::String(s) => Value::String(masked(&s)),
            Value::Sequence(items) => {
                Value::Sequence(items.into_iter().map(masked_value).collect())
            }
            Value::Mapping(map) => Value::Mapping(
                map.into_iter()
                    .map(|(k, v)| (masked_value(k), masked_value(v)))
                    .collect(),
            ),
            Value::Tagged(t) => Value::Tagged(Box::new(serde_yaml::value::TaggedValue {
                tag: t.tag,
                value: masked_value(t.value),
            })),
            other => other,
        }
    }

    /// Whenever the pass lets a text through, its `&`, `*` and `!` must be plain characters
    /// to libyaml too: reading the text and reading it with them masked give the same values.
    /// Texts are drawn at random from the pieces YAML is made of, so that indicators land
    /// in quotes, comments, block scalars, continuation lines and brackets.
    #[test]
    fn what_passes_holds_no_anchor_alias_or_tag() {
        const PIECES: [&str; 32] = [
            "a", "b: ", "c:", "- ", "  ", "    ", "\n", "\n ", "\n  ", "\n   ", "\n    ", "&a ",
            "*a", "!t ", "&", "*", "!", "\"", "'", "[", "]", "{", "}", ", ", "# ", " #", "| ",
            ">-", "\\", "x y", "?", ":",
        ];
        let mut state: u64 = 0x5eed;
        let mut next = || {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        };
        let mut passed = 0;
        for _ in 0..50_000 {
            let len = 2 + next() % 14;
            let text: String = (0..len)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            if check(&text).is_err() {
                continue;
            }
            let read = serde_yaml::from_str::<serde_yaml::Value>(&text).ok();
            let read_masked = serde_yaml::from_str::<serde_yaml::Value>(&masked(&text)).ok();
            if let (Some(a), Some(b)) = (read, read_masked) {
                passed += 1;
                assert_eq!(masked_value(a), b, "{text:?}");
            }
        }
        assert!(passed > 1000, "only {passed} samples were valid YAML");
    }
}
