//! Problems found in content, and how they are shown to the people who fix them: as text in
//! a terminal, as JSON for tools, and as GitHub Actions workflow commands, which make a pull
//! request show each problem on the line it is about.

use crate::messages::{labelled, Lang, Problem, Texts, Word};
use serde::Serialize;
use std::fmt::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    /// The name tools see; never translated, so scripts can match on it.
    pub fn key(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem: where it is and what it is. Its words are chosen when it is shown, in the
/// language of the portal (see [`crate::messages`]).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// Path relative to the portal root, so messages read the same on every machine.
    pub file: PathBuf,
    /// 1-based; 0 when the problem is about a whole file or folder.
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    pub problem: Problem,
    /// The offending source line, for the snippet under the message.
    pub snippet: Option<String>,
}

impl Diagnostic {
    pub fn error(file: &Path, problem: Problem) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            line: 0,
            column: 0,
            severity: Severity::Error,
            problem,
            snippet: None,
        }
    }

    pub fn warning(file: &Path, problem: Problem) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Self::error(file, problem)
        }
    }

    /// Points the diagnostic at a 1-based line and column of `source`.
    pub fn at(mut self, source: &str, line: usize, column: usize) -> Self {
        // libyaml places a problem found at the end of the file (`name: {` left open) on the
        // line after the last, where there is nothing to show or jump to: the end of the last
        // line that holds anything is the same place for the reader.
        let last = source
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .last();
        let (line, column) = match last {
            Some((n, text)) if line > n + 1 => (n + 1, text.trim_end().chars().count() + 1),
            _ => (line, column),
        };
        self.line = line;
        self.column = column;
        self.snippet = source
            .lines()
            .nth(line.saturating_sub(1))
            .map(|l| l.trim_end().to_string());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    pub fn texts(&self, lang: Lang) -> Texts {
        self.problem.texts(lang)
    }

    /// Laid out like rustc's messages: editors who have seen a compiler error know where to
    /// look, and everyone else gets the line itself with a caret under the spot.
    pub fn render(&self, lang: Lang) -> String {
        let texts = self.texts(lang);
        let word = match self.severity {
            Severity::Error => Word::Error,
            Severity::Warning => Word::Warning,
        };
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = writeln!(out, "{}", labelled(word, lang, &texts.message));
        if self.line > 0 {
            let _ = writeln!(
                out,
                "  --> {}:{}:{}",
                self.file.display(),
                self.line,
                self.column
            );
        } else {
            let _ = writeln!(out, "  --> {}", self.file.display());
        }
        if let Some(snippet) = &self.snippet {
            let gutter = self.line.to_string();
            let pad = " ".repeat(gutter.len());
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{gutter} | {snippet}");
            // The caret sits under the column counted in characters: CJK text is common here
            // and a byte count would put it in the wrong place.
            let before: String = snippet
                .chars()
                .take(self.column.saturating_sub(1))
                .collect();
            let width: usize = before.chars().map(display_width).sum();
            let _ = writeln!(out, "{pad} | {}^", " ".repeat(width));
        }
        for (word, text) in [(Word::Expected, &texts.expected), (Word::Hint, &texts.hint)] {
            if let Some(text) = text {
                let _ = writeln!(out, "  = {}", labelled(word, lang, text));
            }
        }
        printable(&out)
    }
}

/// How many of `diags` are errors and how many warnings.
pub fn counts(diags: &[Diagnostic]) -> (usize, usize) {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    (errors, diags.len() - errors)
}

/// One diagnostic as `--format json` prints it. The field names and their meaning are a
/// promise to the scripts that read them (docs/content-format.md, "Validation").
#[derive(Serialize)]
struct JsonDiagnostic {
    file: String,
    line: usize,
    column: usize,
    severity: &'static str,
    message: String,
    expected: Option<String>,
    hint: Option<String>,
}

/// All diagnostics as a JSON array, messages in `lang`.
pub fn to_json(diags: &[Diagnostic], lang: Lang) -> String {
    let items: Vec<JsonDiagnostic> = diags
        .iter()
        .map(|d| {
            let texts = d.texts(lang);
            JsonDiagnostic {
                file: slashed(&d.file),
                line: d.line,
                column: d.column,
                severity: d.severity.key(),
                message: texts.message,
                expected: texts.expected,
                hint: texts.hint,
            }
        })
        .collect();
    // Serialising plain strings and numbers cannot fail.
    serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_string())
}

/// All diagnostics as GitHub Actions workflow commands (`::error file=...::message`), one a
/// line, so a pull request shows each problem beside the line it is about.
pub fn to_github(diags: &[Diagnostic], lang: Lang) -> String {
    let mut out = String::new();
    for d in diags {
        let texts = d.texts(lang);
        let mut properties = vec![format!("file={}", escape_property(&slashed(&d.file)))];
        // GitHub reads line 0 as a real line; a problem with a whole file names no line.
        if d.line > 0 {
            properties.push(format!("line={}", d.line));
            if d.column > 0 {
                properties.push(format!("col={}", d.column));
            }
        }
        properties.push(format!("title={}", escape_property(&texts.message)));
        let mut body = texts.message.clone();
        for (word, text) in [(Word::Expected, &texts.expected), (Word::Hint, &texts.hint)] {
            if let Some(text) = text {
                body.push('\n');
                body.push_str(&labelled(word, lang, text));
            }
        }
        let _ = writeln!(
            out,
            "::{} {}::{}",
            d.severity.key(),
            properties.join(","),
            escape_data(&body)
        );
    }
    out
}

/// `text` with control characters other than line breaks and tabs shown as `�`. Values and
/// lines quoted from a file may hold them (`"\e[2J"` is valid YAML), and printed raw they
/// would drive the terminal or the CI log instead of showing.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}

/// The escaping of a workflow command's message: a raw newline would end the command.
fn escape_data(s: &str) -> String {
    printable(
        &s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A"),
    )
}

/// The escaping of a workflow command's property, where `:` ends the properties and `,`
/// separates them.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// A relative path with `/` between its parts on every platform, as tools expect.
fn slashed(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Terminal columns a character takes: wide for CJK, so the caret lines up in a terminal.
fn display_width(c: char) -> usize {
    let cp = c as u32;
    let wide = matches!(cp,
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF |
        0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
    if wide {
        2
    } else {
        1
    }
}

/// The closest of `candidates` to `word`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// All the diagnostics of one run in file, line and column order, duplicates removed.
pub fn sorted(mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diags.sort();
    diags.dedup();
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_lines_up_under_cjk_text() {
        let d = Diagnostic::error(Path::new("content/a/2024.yaml"), Problem::EmptyFile).at(
            "title: 泉州 x",
            1,
            11,
        );
        for lang in Lang::ALL {
            let shown = d.render(lang);
            assert!(shown.contains("1 | title: 泉州 x"), "{shown}");
            assert!(
                shown.contains(&format!("  | {}^", " ".repeat(12))),
                "{shown}"
            );
        }
        assert!(d.render(Lang::En).starts_with("error: the file is empty\n"));
        assert!(d.render(Lang::ZhHans).starts_with("错误：文件是空的\n"));
    }

    #[test]
    fn control_characters_are_not_printed_raw() {
        let d = Diagnostic::error(
            Path::new("content/a/2024.yaml"),
            Problem::NotSlug {
                kind: crate::messages::IdKind::Project,
                value: "\u{1b}[2Jx".to_string(),
                suggestion: "x".to_string(),
            },
        )
        .at("- id: \"\u{1b}[2Jx\"", 1, 7);
        for shown in [d.render(Lang::En), to_github(&[d], Lang::En)] {
            assert!(!shown.contains('\u{1b}'), "{shown:?}");
            assert!(shown.contains("\u{fffd}[2Jx"), "{shown:?}");
        }
    }

    #[test]
    fn a_place_past_the_end_is_the_end_of_the_last_line() {
        for source in ["name: {", "name: {\n", "# x\nname: {\n\n  \n"] {
            let d = Diagnostic::error(Path::new("a.yaml"), Problem::EmptyFile).at(source, 5, 1);
            let last = source.lines().filter(|l| !l.trim().is_empty()).count();
            assert_eq!((d.line, d.column), (last, 8), "{source:?}");
            assert_eq!(d.snippet.as_deref(), Some("name: {"), "{source:?}");
        }
        let d = Diagnostic::error(Path::new("a.yaml"), Problem::EmptyFile).at("a: 1\nb: 2\n", 1, 4);
        assert_eq!((d.line, d.column), (1, 4));
    }

    #[test]
    fn workflow_commands_escape_what_would_end_them() {
        assert_eq!(escape_data("50%\r\nnext, a: b"), "50%25%0D%0Anext, a: b");
        assert_eq!(
            escape_property("content/a,b/x: 50%\n"),
            "content/a%2Cb/x%3A 50%25%0A"
        );
        let d = Diagnostic::warning(Path::new("content/a,b"), Problem::StrayFile);
        let shown = to_github(&[d], Lang::En);
        assert_eq!(shown.lines().count(), 1, "{shown}");
        assert!(
            shown.starts_with("::warning file=content/a%2Cb,title=this file is not part of any city%2C so it is ignored::"),
            "{shown}"
        );
        assert!(
            shown.contains("ignored%0Ahint: city files go in"),
            "{shown}"
        );
    }

    #[test]
    fn control_characters_from_the_content_cannot_reach_the_terminal() {
        let problem = Problem::NotWebAddress {
            value: "\u{1b}]0;pwned\u{7}\u{1b}[2J\rjavascript:x".to_string(),
            kind: crate::messages::UrlKind::Source,
        };
        let d = Diagnostic::error(Path::new("content/a/2024.yaml"), problem).at(
            "    url: \"\\e[2J\"",
            1,
            10,
        );
        let shown = d.render(Lang::En);
        assert!(!shown.contains(['\u{1b}', '\u{7}', '\r']), "{shown:?}");
        assert!(
            shown.contains("`\u{fffd}]0;pwned\u{fffd}\u{fffd}[2J\u{fffd}javascript:x`"),
            "{shown}"
        );
    }

    #[test]
    fn suggests_near_names_only() {
        assert_eq!(
            did_you_mean("progres", ["progress", "status"]),
            Some("progress")
        );
        assert_eq!(did_you_mean("zzz", ["progress", "status"]), None);
    }
}
