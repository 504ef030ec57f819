//! Reads what serde and libyaml say about a file they could not parse into a [`Problem`] in
//! the editors' terms, pointing at the line to fix.
//!
//! Neither library gives its errors as data, only as English sentences for programmers
//! ("invalid type: sequence, expected struct SourceEntry"). Their shapes are stable and few,
//! so they are taken apart here; anything unrecognised is still reported, with the
//! library's own words.

use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::locate::Locator;
use crate::messages::{Found, Place, Problem, Range, Record, Syntax, Wanted};
use std::path::Path;

/// The diagnostic for a file `serde_yaml` refused.
pub fn diagnostic(file: &Path, source: &str, e: &serde_yaml::Error) -> Diagnostic {
    let locator = Locator::new(source);
    let (line, column) = e
        .location()
        .map_or((1, 1), |l| editor_position(source, l.line(), l.column()));
    let full = e.to_string();
    let text = strip_mark(&full);
    let (path, message) = split_path(text);
    let place = locator.place(source, path);
    let (problem, relocated) = match data_problem(message, place) {
        // Lines written `year：2024` have no YAML colon, so the whole file reads as one text.
        Some(DataProblem::At(Problem::WrongType {
            found: Found::Text(text),
            wanted: Wanted::Fields(_),
            ..
        })) if text.contains('：') => {
            let problem = Problem::Syntax {
                kind: Syntax::FullWidthColon,
                detail: message.to_string(),
            };
            (problem, first_full_width_colon(source, line))
        }
        // serde notices a second document only once the first is read, and points at none.
        Some(DataProblem::At(Problem::ManyDocuments)) => {
            (Problem::ManyDocuments, second_document(source))
        }
        Some(DataProblem::At(problem)) => (problem, None),
        Some(DataProblem::Duplicate(problem, field)) => {
            // serde notices the repeat at the end of the mapping and points at its start; the
            // locator remembers the last occurrence of each key, which is the repeat itself.
            let key = if path.is_empty() {
                field
            } else {
                format!("{path}.{field}")
            };
            (problem, Some(locator.find(&key)))
        }
        None => syntax_problem(&full, source, line, column),
    };
    let (line, column) = relocated.unwrap_or((line, column));
    Diagnostic::error(file, problem).at(source, line, column)
}

enum DataProblem {
    At(Problem),
    /// A repeated field, with its name, to point at the repeat.
    Duplicate(Problem, String),
}

/// Drops the trailing " at line L column C" that both libraries append.
fn strip_mark(text: &str) -> &str {
    match text.rsplit_once(" at line ") {
        Some((head, tail)) if read_mark(tail).is_some() => head,
        _ => text,
    }
}

/// libyaml's line and column as editors count them. YAML ends a line at a carriage return,
/// at NEL and at the Unicode line and paragraph separators as well as at a line feed, and
/// libyaml counts lines so; editors, the snippet under a message and every other position
/// shishi reports count line feeds only. A separator pasted into a quoted text from a web
/// page would otherwise move every later message one line down.
fn editor_position(source: &str, line: usize, column: usize) -> (usize, usize) {
    let (mut yaml_line, mut yaml_column) = (1, 1);
    let mut offset = source.len();
    let mut chars = source.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let is_break = matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}');
        // A column past the end of its line is the end of that line.
        if yaml_line > line || (yaml_line == line && (yaml_column >= column || is_break)) {
            offset = i;
            break;
        }
        if is_break {
            if c == '\r' {
                chars.next_if(|(_, next)| *next == '\n');
            }
            yaml_line += 1;
            yaml_column = 1;
        } else {
            yaml_column += 1;
        }
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// "12 column 5" as (12, 5).
fn read_mark(text: &str) -> Option<(usize, usize)> {
    let (line, column) = text.split_once(" column ")?;
    Some((line.parse().ok()?, column.parse().ok()?))
}

/// serde prefixes the path of the offending value: "projects[2].progres: unknown field ...".
fn split_path(text: &str) -> (&str, &str) {
    match text.split_once(": ") {
        Some((path, rest)) if !path.contains(' ') && is_data_message(rest) => (path, rest),
        _ => ("", text),
    }
}

fn is_data_message(message: &str) -> bool {
    [
        "unknown field `",
        "unknown variant `",
        "missing field `",
        "invalid type: ",
        "invalid value: ",
        "invalid length ",
        "duplicate field `",
        "duplicate entry",
    ]
    .iter()
    .any(|p| message.starts_with(p))
}

fn data_problem(message: &str, at: Place) -> Option<DataProblem> {
    let problem = if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, tail) = rest.split_once('`').unwrap_or((rest, ""));
        let known = quoted_words(tail);
        Problem::UnknownField {
            at,
            suggestion: suggest(field, &known),
            field: field.to_string(),
            known,
        }
    } else if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (value, tail) = rest.split_once('`').unwrap_or((rest, ""));
        let known = quoted_words(tail);
        Problem::UnknownWord {
            at,
            suggestion: suggest(value, &known),
            value: value.to_string(),
            known,
        }
    } else if let Some(rest) = message.strip_prefix("missing field `") {
        Problem::MissingField {
            at,
            field: rest.trim_end_matches('`').to_string(),
        }
    } else if let Some(rest) = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))
    {
        // The found part may quote a string holding ", expected ", so split at the last.
        let (found, wanted) = rest.rsplit_once(", expected ").unwrap_or((rest, ""));
        wrong_type(at, found, wanted)
    } else if message.starts_with("duplicate field `") || message.starts_with("duplicate entry") {
        let field = message
            .split(['`', '"'])
            .nth(1)
            .unwrap_or_default()
            .to_string();
        return Some(DataProblem::Duplicate(
            Problem::DuplicateKey {
                at,
                field: field.clone(),
            },
            field,
        ));
    } else if message.contains("recursion limit") || message.contains("repetition limit") {
        Problem::TooDeep
    } else if message.contains("more than one document") {
        Problem::ManyDocuments
    } else if message.starts_with("unknown anchor") {
        Problem::Syntax {
            kind: Syntax::Alias,
            detail: message.to_string(),
        }
    } else if is_data_message(message) || !at.is_root() {
        Problem::Unreadable {
            at,
            detail: message.to_string(),
        }
    } else {
        return None;
    };
    Some(DataProblem::At(problem))
}

/// The words serde lists in backticks: "expected one of `a`, `b`".
fn quoted_words(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

fn suggest(word: &str, known: &[String]) -> Option<String> {
    did_you_mean(word, known.iter().map(String::as_str)).map(str::to_string)
}

fn wrong_type(at: Place, found: &str, wanted: &str) -> Problem {
    let found = read_found(found);
    let wanted = match wanted {
        "f64" | "f32" => Wanted::Number,
        "u8" | "u16" | "u32" | "u64" | "usize" => Wanted::Count,
        "i8" | "i16" | "i32" | "i64" | "isize" => Wanted::WholeNumber,
        "a boolean" => Wanted::TrueFalse,
        "a sequence" => Wanted::List,
        "a map" => Wanted::Fields(Record::Unknown),
        "a string" | "a borrowed string" | "a character" => Wanted::Text,
        "a YAML tag starting with '!'" | "variant identifier" => Wanted::Word,
        "field identifier" => Wanted::FieldName,
        w if w.starts_with("text:") => Wanted::LocalText,
        w if w.starts_with("enum ") => Wanted::Word,
        w => match w.strip_prefix("struct ") {
            Some(name) => Wanted::Fields(Record::from_type_name(name)),
            None => Wanted::Other(w.to_string()),
        },
    };
    // A whole number of the wrong size is a range problem, not a matter of how it is written.
    if let (Found::Number(n), Wanted::Count | Wanted::WholeNumber) = (&found, &wanted) {
        if n.parse::<i128>().is_ok() {
            let range = if wanted == Wanted::Count {
                Range::Count
            } else {
                Range::Year
            };
            return Problem::OutOfRange {
                at,
                value: n.clone(),
                range,
            };
        }
    }
    Problem::WrongType { at, found, wanted }
}

/// serde's description of the value it met (`string "3万"`, `integer `5``, `sequence`).
fn read_found(found: &str) -> Found {
    let ticked = |prefix: &str| {
        found
            .strip_prefix(prefix)
            .map(|rest| rest.trim_matches('`').to_string())
    };
    if let Some(s) = found
        .strip_prefix("string \"")
        .and_then(|rest| rest.strip_suffix('"'))
    {
        Found::Text(s.to_string())
    } else if let Some(n) = ticked("integer ").or_else(|| ticked("floating point ")) {
        Found::Number(n)
    } else if let Some(b) = ticked("boolean ") {
        Found::Bool(b)
    } else {
        match found {
            "sequence" => Found::List,
            "map" => Found::Fields,
            "unit value" | "null" | "Option value" => Found::Nothing,
            other => Found::Other(other.to_string()),
        }
    }
}

/// A libyaml syntax error, and the line to point at when the reported one is not where the
/// mistake is.
fn syntax_problem(
    text: &str,
    source: &str,
    line: usize,
    column: usize,
) -> (Problem, Option<(usize, usize)>) {
    // "did not find expected key at line 12 column 5, while parsing a block mapping at line
    // 10 column 3": the first clause is the problem; the second says where libyaml was.
    let (problem, context) = text.split_once(", while ").unwrap_or((text, ""));
    let detail = problem
        .split(" at line ")
        .next()
        .and_then(|t| t.split(" at position ").next())
        .unwrap_or(problem)
        .to_string();
    let context_mark = context
        .rsplit_once(" at line ")
        .and_then(|(_, mark)| read_mark(mark))
        .map(|(line, column)| editor_position(source, line, column));
    let char_at = source
        .lines()
        .nth(line.saturating_sub(1))
        .and_then(|l| l.chars().nth(column.saturating_sub(1)));
    let mut relocated = None;
    let kind = match detail.as_str() {
        d if d.starts_with("found a tab character") => Syntax::Tab,
        "found character that cannot start any token" if char_at == Some('\t') => Syntax::Tab,
        "found character that cannot start any token" => Syntax::ReservedChar,
        "could not find expected ':'" => {
            // libyaml notices the missing colon only on the next line; the line before it
            // is the one without a colon.
            let (kind, at) = missing_colon(source, line);
            relocated = at;
            kind
        }
        "mapping values are not allowed in this context" => Syntax::MisplacedColon,
        "did not find expected key" => Syntax::BadIndent,
        "did not find expected '-' indicator" => Syntax::ListNotAligned,
        "block sequence entries are not allowed in this context" => Syntax::ListInPlace,
        // An unclosed quote or bracket is noticed where the file or line ends; where it
        // opens is what the editor has to find.
        "found unexpected end of stream" => {
            relocated = context_mark;
            Syntax::UnclosedQuote
        }
        "did not find expected ',' or ']'" => {
            relocated = context_mark;
            Syntax::UnclosedList
        }
        "did not find expected ',' or '}'" => {
            relocated = context_mark;
            Syntax::UnclosedGroup
        }
        "found unknown escape character" => Syntax::BadEscape,
        "found undefined alias" | "unknown anchor" => Syntax::Alias,
        "did not find expected node content" => Syntax::MissingValue,
        "control characters are not allowed" => {
            // libyaml points where it started reading the value, not at the character.
            relocated = first_unprintable(source);
            Syntax::ControlChars
        }
        _ => Syntax::Other,
    };
    (Problem::Syntax { kind, detail }, relocated)
}

/// Finds the line that lacks its colon: the reported line itself when it holds a Chinese
/// colon, else the nearest line above with content and no colon.
fn missing_colon(source: &str, line: usize) -> (Syntax, Option<(usize, usize)>) {
    let lines: Vec<&str> = source.lines().collect();
    let has_colon = |l: &str| l.contains(": ") || l.trim_end().ends_with(':');
    let candidates = [line]
        .into_iter()
        .chain((1..line).rev().find(|&n| {
            lines
                .get(n - 1)
                .is_some_and(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        }))
        .collect::<Vec<_>>();
    for n in candidates {
        let Some(text) = lines.get(n.saturating_sub(1)) else {
            continue;
        };
        if text.contains('：') {
            return (Syntax::FullWidthColon, first_full_width_colon(source, n));
        }
        if n < line && !has_colon(text) {
            let indent = text.chars().take_while(|c| *c == ' ').count();
            let after_dash = text.trim_start().strip_prefix("- ").map_or(0, |_| 2);
            return (Syntax::MissingColon, Some((n, indent + after_dash + 1)));
        }
    }
    (Syntax::MissingColon, None)
}

/// The `---` line that starts a second document: the first one after some content.
fn second_document(source: &str) -> Option<(usize, usize)> {
    let mut content = false;
    for (n, line) in source.lines().enumerate() {
        let marker = line == "---" || line.starts_with("--- ");
        if marker && content {
            return Some((n + 1, 1));
        }
        let t = line.trim();
        content |= !marker && !t.is_empty() && !t.starts_with('#');
    }
    None
}

/// Where the first character is that YAML does not allow in a file: control characters
/// other than tab and line breaks, and a byte-order mark past the start.
fn first_unprintable(source: &str) -> Option<(usize, usize)> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{7e}' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{10000}'..)
            || (('\u{e000}'..='\u{fffd}').contains(&c) && c != '\u{feff}')
    };
    source.lines().enumerate().find_map(|(n, line)| {
        let column = line.chars().position(|c| !allowed(c))?;
        Some((n + 1, column + 1))
    })
}

/// Where the first Chinese colon is, from `line` on.
fn first_full_width_colon(source: &str, line: usize) -> Option<(usize, usize)> {
    source
        .lines()
        .enumerate()
        .skip(line.saturating_sub(1))
        .find_map(|(n, text)| {
            let byte = text.find('：')?;
            Some((n + 1, text[..byte].chars().count() + 1))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::YearFile;
    use crate::messages::Lang;

    #[test]
    fn positions_count_line_feeds_only() {
        // A line separator inside a quoted title: libyaml counts it as a line break.
        let source = "year: 2024\ntitle: \"a\u{2028}b\"\nsources: 5\n";
        let d = problem_of(source);
        assert_eq!((d.line, d.column), (3, 10), "{d:?}");
        assert_eq!(d.snippet.as_deref(), Some("sources: 5"));
        assert_eq!(editor_position("a\r\nb\u{85}c", 3, 1), (2, 3));
        assert_eq!(editor_position("ab\ncd", 1, 9), (1, 3));
        assert_eq!(editor_position("ab", 4, 1), (1, 3));
    }

    fn problem_of(source: &str) -> Diagnostic {
        let e = serde_yaml::from_str::<YearFile>(source).expect_err("the sample is broken");
        diagnostic(Path::new("content/a/2024.yaml"), source, &e)
    }

    const HEAD: &str = "year: 2024\ntitle: t\nsources:\n  - {id: s, title: x, type: media}\n";

    #[test]
    fn a_list_where_fields_belong_is_said_in_plain_words() {
        let d = problem_of(&format!("{HEAD}projects:\n  - - a\n"));
        let zh = d.texts(Lang::ZhHans).message;
        assert_eq!(zh, "第1个项目应该是一组“名称: 值”，但写成了列表");
        let en = d.texts(Lang::En).message;
        assert_eq!(
            en,
            "the 1st project should be named fields (`name: value`), but it is a list"
        );
    }

    #[test]
    fn projects_are_named_by_their_id() {
        let d = problem_of(&format!(
            "{HEAD}projects:\n  - id: school-places\n    title: x\n    domain: education\n    progress: \"eighty\"\n"
        ));
        assert_eq!((d.line, d.column), (9, 15));
        assert_eq!(
            d.texts(Lang::En).message,
            "`progress` of project `school-places` should be a number, but it is the text \"eighty\""
        );
        assert_eq!(
            d.texts(Lang::ZhHans).message,
            "项目“school-places”的“progress”应该是数字，但写成了文字“eighty”"
        );
    }

    #[test]
    fn a_missing_colon_points_at_the_line_without_it() {
        let d = problem_of(&format!(
            "{HEAD}projects:\n  - id: a\n    domain education\n    title: x\n"
        ));
        assert_eq!((d.line, d.column), (7, 5), "{d:?}");
        let d = problem_of(&format!(
            "{HEAD}projects:\n  - id: a\n    title：x\n    domain: e\n"
        ));
        assert_eq!((d.line, d.column), (7, 10), "{d:?}");
        assert!(matches!(
            d.problem,
            Problem::Syntax {
                kind: Syntax::FullWidthColon,
                ..
            }
        ));
    }

    #[test]
    fn an_unclosed_quote_or_bracket_points_where_it_opens() {
        let d = problem_of(&format!(
            "{HEAD}projects:\n  - id: a\n    title: \"x\n    domain: e\n"
        ));
        assert_eq!((d.line, d.column), (7, 12), "{d:?}");
        let d = problem_of(&format!(
            "{HEAD}projects:\n  - id: a\n    sources: [s\n    domain: e\n"
        ));
        assert_eq!((d.line, d.column), (7, 14), "{d:?}");
    }

    #[test]
    fn a_file_written_with_chinese_colons_says_so() {
        let d = problem_of("year：2024\ntitle：标题\n");
        assert_eq!((d.line, d.column), (1, 5), "{d:?}");
        assert_eq!(
            d.texts(Lang::ZhHans).message,
            "这一行的字段名后面用了中文冒号“：”"
        );
    }

    #[test]
    fn negative_counts_are_out_of_range() {
        let d = problem_of(&format!(
            "{HEAD}snapshots:\n  - as_of: 2024-01-01\n    source: s\n    total: -5\n"
        ));
        assert_eq!(
            d.texts(Lang::En).message,
            "`total` of the 1st snapshot cannot be -5"
        );
    }

    #[test]
    fn a_control_character_is_pointed_at() {
        let d = problem_of(&format!("{HEAD}summary: 泉州\u{7}市\n"));
        assert_eq!((d.line, d.column), (5, 12), "{d:?}");
    }

    #[test]
    fn a_second_document_is_pointed_at_where_it_starts() {
        let d = problem_of(&format!("---\n{HEAD}---\nyear: 2025\n"));
        assert_eq!(d.problem, Problem::ManyDocuments);
        assert_eq!((d.line, d.column), (6, 1));
    }

    #[test]
    fn no_input_makes_it_panic() {
        let samples = [
            "",
            ":",
            "- a",
            "year: [",
            "year: {",
            "year: \"",
            "year: 2024\n\ttitle: x",
            "year: @x",
            "year: *x",
            "year: &a [*a]",
            "year: 2024\n---\nyear: 2025",
            "year: 2024\ntitle: \"a\\q\"",
            "year: 99999999999999999999999",
            "year: 2024\ntitle: {zh-Hans: [a]}",
            "year: 2024\ntitle: t\nsources: [{id: a, id: b}]",
            "year: 2024\ntitle: t\nsources:\n  - {id: a, title: x, type: media}\nprojects:\n  -\n",
            "year: 2024\ntitle: t\nsources: []\nprojects: [[[[[[[[]]]]]]]]",
            "\u{1}",
            "year: 2024 at line 3 column 4\ntitle: x at line 1 column 1",
            "year: \"2024, expected f64\"",
            "： ： ：\n：",
        ];
        for sample in samples {
            if let Err(e) = serde_yaml::from_str::<YearFile>(sample) {
                let d = diagnostic(Path::new("x.yaml"), sample, &e);
                for lang in Lang::ALL {
                    assert!(!d.render(lang).is_empty());
                }
            }
        }
    }
}
