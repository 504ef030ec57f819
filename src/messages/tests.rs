use super::*;

fn s(text: &str) -> String {
    text.to_string()
}

fn project_field(field: &str) -> Place {
    Place::from_path(&format!("projects[0].{field}"), |_| {
        Some(s("school-places"))
    })
}

/// One of every problem, so every message is rendered in every language at least once.
fn every_problem() -> Vec<Problem> {
    let at = || project_field("progress");
    let mut all = vec![
        Problem::NoContentFolder,
        Problem::NoSiteFile,
        Problem::CannotReadFolder {
            reason: s("permission denied"),
        },
        Problem::NameNotUtf8,
        Problem::StrayFile,
        Problem::FolderNotSlug {
            name: s("Quanzhou"),
            suggestion: s("quanzhou"),
        },
        Problem::ReservedFolder {
            name: s("data"),
            reserved: vec![s("data"), s("year")],
        },
        Problem::NoCityFile {
            slug: s("quanzhou"),
        },
        Problem::NotAYearFile,
        Problem::YearFileIsFolder,
        Problem::DuplicateYearFile {
            year: s("2024"),
            first: s("2024.yaml"),
        },
        Problem::FileIsFolder,
        Problem::SpecialFile,
        Problem::LinkOutside {
            target: s("../../secret.yaml"),
        },
        Problem::LinkDangling {
            target: s("2023.yaml"),
        },
        Problem::LinkLoop {
            target: s("2024.yaml"),
        },
        Problem::EmptyFile,
        Problem::CannotReadFile {
            reason: s("permission denied"),
        },
        Problem::FileTooLarge {
            megabytes: 9,
            limit: 8,
        },
        Problem::Utf16,
        Problem::NotUtf8,
        Problem::NotText,
        Problem::ManyDocuments,
        Problem::TooDeep,
        Problem::Anchor { name: s("&a") },
        Problem::Alias { name: s("*a") },
        Problem::Tag {
            name: s("!!binary"),
        },
        Problem::UnknownField {
            at: Place::root(),
            field: s("languag"),
            known: vec![s("language")],
            suggestion: Some(s("language")),
        },
        Problem::UnknownWord {
            at: project_field("status"),
            value: s("complete"),
            known: vec![s("completed")],
            suggestion: None,
        },
        Problem::MissingField {
            at: project_field(""),
            field: s("domain"),
        },
        Problem::DuplicateKey {
            at: Place::root(),
            field: s("title"),
        },
        Problem::Unreadable {
            at: at(),
            detail: s("something new"),
        },
        Problem::NotWebAddress {
            value: s("example.org"),
            kind: UrlKind::Site,
        },
        Problem::BaseUrlChar {
            value: s("https://example.org/portal?x"),
            found: '?',
        },
        Problem::BaseUrlChar {
            value: s("https://example.org/a b/"),
            found: ' ',
        },
        Problem::UnknownLanguage {
            value: s("fr"),
            suggestion: None,
        },
        Problem::ThemeNotSlug { value: s("My") },
        Problem::NoDomains,
        Problem::NotSlug {
            kind: IdKind::Project,
            value: s("School Places"),
            suggestion: s("school-places"),
        },
        Problem::DuplicateId {
            kind: IdKind::Source,
            value: s("qzwb-2025"),
        },
        Problem::CityNoName,
        Problem::BadAdminCode { value: s("3505") },
        Problem::UnknownParentCity {
            parent: s("fujian"),
            suggestion: None,
        },
        Problem::CityParentLoop { slug: s("a") },
        Problem::YearMismatch {
            stem: s("2024"),
            year: 2023,
        },
        Problem::ImplausibleYear { year: 24 },
        Problem::NoSources,
        Problem::UnknownSource {
            at: project_field(""),
            id: s("qzwb-2024"),
            known: vec![s("qzwb-2025")],
            suggestion: Some(s("qzwb-2025")),
        },
        Problem::CountsExceedTotal {
            at: Place::from_path("snapshots[0].total", |_| None),
            stated: 6,
            total: 5,
        },
        Problem::TotalDiffersFromList {
            total: 5,
            listed: 2,
        },
        Problem::UnknownDomain {
            at: project_field(""),
            domain: s("educaton"),
            known: vec![s("education")],
            suggestion: Some(s("education")),
        },
        Problem::UpdatesAndState {
            at: project_field(""),
        },
        Problem::OwnParent {
            at: project_field(""),
        },
        Problem::UnknownParentProject {
            at: project_field(""),
            parent: s("x"),
            suggestion: None,
        },
        Problem::ProjectParentLoop {
            at: project_field(""),
        },
        Problem::BadContinues { value: s("2023") },
        Problem::ContinuesNotEarlier {
            value: s("2024/a"),
            year: 2024,
        },
        Problem::ContinuesNoYear { year: 2023 },
        Problem::ContinuesNoProject {
            year: 2023,
            id: s("a"),
            suggestion: Some(s("b")),
        },
        Problem::BadDateFormat {
            at: Place::from_path("announced", |_| None),
            value: s("2025/1/5"),
            suggestion: Some(s("2025-01-05")),
        },
        Problem::NoSuchDate {
            at: Place::from_path("announced", |_| None),
            value: s("2024-02-30"),
        },
    ];
    for range in [
        Range::Percent,
        Range::Rate,
        Range::NonNegative,
        Range::Count,
        Range::Year,
    ] {
        all.push(Problem::OutOfRange {
            at: at(),
            value: s("120"),
            range,
        });
    }
    all.push(Problem::HistoryUnreadable {
        detail: s("object not found"),
    });
    for kind in [
        Syntax::Tab,
        Syntax::FullWidthColon,
        Syntax::MissingColon,
        Syntax::MisplacedColon,
        Syntax::BadIndent,
        Syntax::ListNotAligned,
        Syntax::ListInPlace,
        Syntax::UnclosedQuote,
        Syntax::UnclosedList,
        Syntax::UnclosedGroup,
        Syntax::ReservedChar,
        Syntax::BadEscape,
        Syntax::Alias,
        Syntax::MissingValue,
        Syntax::ControlChars,
        Syntax::Other,
    ] {
        all.push(Problem::Syntax {
            kind,
            detail: s("what libyaml said"),
        });
    }
    let found = [
        Found::Text(s("eighty")),
        Found::Number(s("5.5")),
        Found::Bool(s("true")),
        Found::List,
        Found::Fields,
        Found::Nothing,
        Found::Other(s("a tagged value")),
    ];
    let wanted = [
        Wanted::Number,
        Wanted::Count,
        Wanted::WholeNumber,
        Wanted::TrueFalse,
        Wanted::List,
        Wanted::Fields(Record::Target),
        Wanted::Fields(Record::Unknown),
        Wanted::Text,
        Wanted::LocalText,
        Wanted::Word,
        Wanted::FieldName,
        Wanted::Other(s("something else")),
    ];
    for f in &found {
        for w in &wanted {
            all.push(Problem::WrongType {
                at: at(),
                found: f.clone(),
                wanted: w.clone(),
            });
        }
    }
    all
}

#[test]
fn every_problem_is_said_in_every_language() {
    for problem in every_problem() {
        for lang in Lang::ALL {
            let t = problem.texts(lang);
            assert!(!t.message.trim().is_empty(), "{problem:?} in {lang}");
            for text in [Some(&t.message), t.expected.as_ref(), t.hint.as_ref()]
                .into_iter()
                .flatten()
            {
                assert_eq!(text.trim(), text, "{problem:?} in {lang}: {text:?}");
            }
        }
    }
}

/// Chinese sentences take full-width punctuation. YAML written as an example, quoted names
/// and values, and commands keep their ASCII, so those are set aside before looking.
#[test]
fn chinese_sentences_use_full_width_punctuation() {
    fn outside_examples(text: &str) -> String {
        let mut out = String::new();
        let mut depth = 0usize;
        for c in text.chars() {
            match c {
                '“' | '{' | '[' => depth += 1,
                '”' | '}' | ']' => depth = depth.saturating_sub(1),
                _ if depth == 0 => out.push(c),
                _ => {}
            }
        }
        out
    }
    let is_cjk = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    let mut texts: Vec<String> = every_problem()
        .iter()
        .flat_map(|p| {
            let t = p.texts(Lang::ZhHans);
            [Some(t.message), t.expected, t.hint]
        })
        .flatten()
        .collect();
    texts.extend(
        [
            Note::Summary {
                errors: 1,
                warnings: 2,
            },
            Note::Valid,
            Note::BuildStopped,
            Note::StillServing,
            Note::Rebuilt {
                files: 3,
                changed: 1,
                milliseconds: 40,
            },
            Note::PickOutput,
            Note::BadBaseUrlFlag {
                value: s("https://example.org/?x"),
                found: Some('?'),
            },
            Note::BadBaseUrlFlag {
                value: s("example.org"),
                found: None,
            },
            Note::BaseUrlHint,
        ]
        .into_iter()
        .chain(disk_notes())
        .map(|n| n.text(Lang::ZhHans)),
    );
    for text in texts {
        let plain = outside_examples(&text);
        let chars: Vec<char> = plain.chars().collect();
        for pair in chars.windows(2) {
            let ascii_punct = |c: char| matches!(c, ',' | ';' | ':' | '?' | '(' | ')' | '!');
            let bad = (is_cjk(pair[0]) && ascii_punct(pair[1]))
                || (ascii_punct(pair[0]) && is_cjk(pair[1]));
            assert!(!bad, "ASCII punctuation in a Chinese sentence: {text:?}");
        }
    }
}

#[test]
fn places_read_as_the_editors_would_say_them() {
    let ids = |path: &str| (path == "projects[1]").then(|| s("school-places"));
    let at = Place::from_path("projects[1].updates[0].progress", ids);
    assert_eq!(
        en::problem(&Problem::OutOfRange {
            at: at.clone(),
            value: s("120"),
            range: Range::Percent
        })
        .message,
        "`progress` of the 1st update of project `school-places` cannot be 120"
    );
    assert_eq!(
        zh_hans::problem(&Problem::OutOfRange {
            at,
            value: s("120"),
            range: Range::Percent
        })
        .message,
        "项目“school-places”第1条进展的“progress”不能是120"
    );
    let unnamed = Place::from_path("projects[2].targets[10].target", |_| None);
    let missing = |at: &Place| Problem::MissingField {
        at: at.clone(),
        field: s("metric"),
    };
    assert_eq!(
        en::problem(&missing(&unnamed.owner())).message,
        "missing field `metric` in the 11th metric of the 3rd project"
    );
    assert_eq!(
        zh_hans::problem(&missing(&unnamed.owner())).message,
        "第3个项目第11项指标缺少字段“metric”"
    );
    assert!(Place::from_path(".", |_| None).is_root());
    // Nothing an odd path holds makes it panic.
    for odd in ["[", "a[", "a[x]", "a[1", "..", "a[1][2].b", "[0]", "a.?.b"] {
        let place = Place::from_path(odd, |_| None);
        for lang in Lang::ALL {
            let _ = Problem::OutOfRange {
                at: place.clone(),
                value: s("1"),
                range: Range::Count,
            }
            .texts(lang);
        }
    }
}

#[test]
fn languages_are_read_as_written_on_the_command_line() {
    assert_eq!("zh-Hans".parse(), Ok(Lang::ZhHans));
    assert_eq!("zh-hans".parse(), Ok(Lang::ZhHans));
    assert_eq!("EN".parse(), Ok(Lang::En));
    assert!("fr".parse::<Lang>().is_err());
    assert_eq!(Lang::default(), Lang::ZhHans);
}

#[test]
fn summaries() {
    let summary = |errors, warnings| Note::Summary { errors, warnings };
    assert_eq!(summary(2, 1).text(Lang::En), "2 error(s), 1 warning(s)");
    assert_eq!(summary(2, 1).text(Lang::ZhHans), "2个错误，1个警告");
}

#[test]
fn ordinals() {
    let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111]
        .into_iter()
        .map(en::ordinal)
        .collect();
    assert_eq!(
        got,
        ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th"]
    );
}

/// A failure and its hint for every step and cause of a disk failure.
fn disk_notes() -> Vec<Note> {
    let causes = [
        DiskCause::Full,
        DiskCause::Quota,
        DiskCause::ReadOnly,
        DiskCause::Denied,
        DiskCause::TooLarge,
        DiskCause::NotAFolder,
        DiskCause::Busy,
        DiskCause::Other(s("Input/output error (os error 5)")),
    ];
    let actions = [
        DiskAction::Stage,
        DiskAction::CreateFolder,
        DiskAction::WriteFile,
        DiskAction::Replace,
        DiskAction::Restore,
    ];
    let mut notes = Vec::new();
    for cause in causes {
        for action in actions {
            notes.push(Note::DiskFailed {
                action,
                path: s("site/index.html"),
                cause: cause.clone(),
            });
        }
        for kept in [None, Some(s("site"))] {
            notes.push(Note::DiskHint {
                cause: cause.clone(),
                kept,
            });
        }
    }
    notes
}

#[test]
fn disk_failures_name_the_path_and_say_whether_the_site_was_kept() {
    for lang in Lang::ALL {
        for note in disk_notes() {
            let text = note.text(lang);
            assert_eq!(text.trim(), text, "{note:?} in {lang}");
            assert!(!text.contains('\n'), "{note:?} in {lang} is not one line");
            match &note {
                Note::DiskFailed { path, .. } => assert!(text.contains(path.as_str()), "{text}"),
                Note::DiskHint {
                    kept: Some(output), ..
                } => {
                    assert!(text.contains(output.as_str()), "{text}")
                }
                _ => {}
            }
        }
    }
    let full = std::io::Error::from(std::io::ErrorKind::StorageFull);
    assert_eq!(DiskCause::of(&full), DiskCause::Full);
    let odd = std::io::Error::other("odd");
    assert_eq!(DiskCause::of(&odd), DiskCause::Other(s("odd")));
}
