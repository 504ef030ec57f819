//! The messages in English.

use super::{
    DiskAction, DiskCause, Found, IdKind, ItemKind, Note, Place, Problem, Range, Step, Syntax,
    Texts, UrlKind, Wanted, Word,
};
use crate::yaml_guard::MAX_DEPTH;

pub(super) fn word(word: Word) -> &'static str {
    match word {
        Word::Error => "error",
        Word::Warning => "warning",
        Word::Expected => "expected",
        Word::Hint => "hint",
    }
}

pub(super) fn labelled(w: Word, text: &str) -> String {
    format!("{}: {text}", word(w))
}

pub(super) fn note(note: &Note) -> String {
    match note {
        // The form scripts and older fixtures already match on.
        Note::Summary { errors, warnings } => {
            format!("{errors} error(s), {warnings} warning(s)")
        }
        Note::Valid => "content is valid".to_string(),
        Note::Rebuilt {
            files,
            changed,
            milliseconds,
        } => format!("built {files} files, {changed} changed, in {milliseconds} ms"),
        Note::StillServing => {
            "the edit does not build: still serving the last good version; fix the errors above"
                .to_string()
        }
        Note::BuildStopped => {
            "build stopped: fix the errors above; the previous output was left as it was"
                .to_string()
        }
        Note::Built {
            pages,
            kilobytes,
            output,
            milliseconds,
            unchanged,
            kept_cities,
            cities,
        } => {
            let mut text = format!(
                "built {pages} pages ({kilobytes} KB) into {output} in {milliseconds} ms; {unchanged} files unchanged"
            );
            if *kept_cities > 0 {
                text.push_str(&format!(
                    "; the pages of {kept_cities} of {cities} cities were kept from the last build, since nothing they show changed"
                ));
            }
            text
        }
        Note::RefuseOutput { output } => format!(
            "refusing to build into {output}: it holds the portal's own files, which the build would replace"
        ),
        Note::PickOutput => "pick an output folder of its own, e.g. --output output".to_string(),
        Note::BadBaseUrlFlag { value, found } => match found {
            Some(c) => format!(
                "--base-url `{value}` cannot be the site's address: it contains {}",
                name_char(*c)
            ),
            None => format!("--base-url `{value}` is not a web address"),
        },
        Note::BaseUrlHint => format!("give {PLAIN_ADDRESS}"),
        Note::DiskFailed {
            action,
            path,
            cause,
        } => {
            let cause = disk_cause(cause);
            match action {
                DiskAction::Stage => {
                    format!("cannot create a temporary folder for the new site in {path}: {cause}")
                }
                DiskAction::CreateFolder => format!("cannot create the folder {path}: {cause}"),
                DiskAction::WriteFile => format!("cannot write {path}: {cause}"),
                DiskAction::Replace => format!("cannot move the new site into {path}: {cause}"),
                DiskAction::Restore => {
                    format!("cannot put the previous site back into {path}: {cause}")
                }
            }
        }
        Note::DiskHint { cause, kept } => {
            let advice = match cause {
                DiskCause::Full | DiskCause::Quota => {
                    "free some space on that disk, or build elsewhere with --output"
                }
                DiskCause::ReadOnly | DiskCause::Denied => {
                    "build into a folder you may write to, with --output"
                }
                DiskCause::TooLarge => {
                    "a file-size limit is set for this shell (see ulimit -f); lift it, or build elsewhere"
                }
                DiskCause::NotAFolder => "check the --output path: a part of it is a file",
                DiskCause::Busy => {
                    "the output folder is replaced whole, so it cannot be a mount point; mount its parent folder instead"
                }
                DiskCause::Other(_) => "check the disk and the --output path, then build again",
            };
            match kept {
                Some(output) => format!("{advice}; {output} was left as it was"),
                None => advice.to_string(),
            }
        }
    }
}

fn disk_cause(cause: &DiskCause) -> String {
    match cause {
        DiskCause::Full => "no space left on the device".into(),
        DiskCause::Quota => "the disk quota is used up".into(),
        DiskCause::ReadOnly => "the file system is read-only".into(),
        DiskCause::Denied => "permission denied".into(),
        DiskCause::TooLarge => "the file is larger than this process may write".into(),
        DiskCause::NotAFolder => "a part of the path is a file, not a folder".into(),
        DiskCause::Busy => "the folder is in use, for example as a mount point".into(),
        DiskCause::Other(words) => words.clone(),
    }
}

const PLAIN_ADDRESS: &str = "a plain web address such as https://example.org/portal/, without spaces, quotes, angle brackets, ? or #";

/// Invisible characters go by their code, so the message shows what to delete.
fn name_char(c: char) -> String {
    if c == ' ' {
        "a space".to_string()
    } else if c.is_whitespace() || c.is_control() {
        format!("the invisible character U+{:04X}", c as u32)
    } else {
        format!("`{c}`")
    }
}

const SLUG: &str = "lower-case English letters, digits and single hyphens";
const SEE_DOCS: &str = "see docs/content-format.md";
const WEB_ADDRESS: &str = "an address starting with https:// or http://";

// Laid out by hand as a table, one problem to an arm: rustfmt cannot break the sentences and
// would leave the match half-formatted.
#[rustfmt::skip]
pub(super) fn problem(p: &Problem) -> Texts {
    match p {
        Problem::NoContentFolder => Texts::new("there is no content folder here")
            .expected("a folder named content, holding site.yaml and one folder per city")
            .hint("run shishi in the portal's folder, or name that folder with --root, e.g. shishi check --root my-portal"),
        Problem::NoSiteFile => Texts::new("the portal has no site.yaml")
            .expected("content/site.yaml with `title`, `base_url` and `domains`")
            .hint(format!("create content/site.yaml; {SEE_DOCS} for a complete example")),
        Problem::CannotReadFolder { reason } => Texts::new(format!("cannot open this folder ({reason})"))
            .hint("check that the folder exists and that you are allowed to read it"),
        Problem::NameNotUtf8 => Texts::new("the name of this file or folder has characters shishi cannot read")
            .hint("rename it with lower-case English letters, digits and hyphens"),
        Problem::StrayFile => Texts::new("this file is not part of any city, so it is ignored")
            .hint("city files go in content/<city>/city.yaml and content/<city>/<year>.yaml"),
        Problem::FolderNotSlug { name, suggestion } => Texts::new(format!(
            "the folder name `{name}` cannot be used: folder names become web addresses"
        ))
        .expected(format!("{SLUG}, e.g. zhuhai-jinwan"))
        .hint(rename_to("the folder", suggestion)),
        Problem::ReservedFolder { name, reserved } => Texts::new(format!(
            "`{name}` cannot be a city folder: the site uses /{name}/ for its own pages"
        ))
        .expected(format!("a folder name other than {}", reserved.join(", ")))
        .hint(format!("rename the folder, e.g. add the province: `hebei-{name}`")),
        Problem::NoCityFile { slug } => Texts::new(format!("the city folder `{slug}` has no city.yaml"))
            .expected(format!("content/{slug}/city.yaml with at least `name` and `level`"))
            .hint("add city.yaml, e.g.\n      name: {zh-Hans: 泉州市, en: Quanzhou}\n      level: prefecture"),
        Problem::NotAYearFile => Texts::new("this file is not named for a year, so it is ignored")
            .expected("a year file named like 2024.yaml")
            .hint("rename it to <year>.yaml, or move it out of content/"),
        Problem::YearFileIsFolder => Texts::new("this is a folder, but it is named like a year file")
            .hint("year files are YAML files; move this folder out of the city folder"),
        Problem::DuplicateYearFile { year, first } => Texts::new(format!(
            "a second file for {year}: {first} already holds that year"
        ))
        .expected(format!("one file per year, named {year}.yaml"))
        .hint(format!("merge the two files into {year}.yaml and delete the other")),
        Problem::FileIsFolder => Texts::new("this is a folder, but it should be a file")
            .hint("site.yaml and city.yaml are YAML files; move the folder away and write the file in its place"),
        Problem::SpecialFile => Texts::new("this is not an ordinary file but a named pipe, socket or device, so it is not read")
            .expected("an ordinary YAML file")
            .hint("replace it with the YAML file it stands for"),
        Problem::LinkOutside { target } => Texts::new(format!(
            "this is a link to `{target}`, outside the content folder, so it is not followed"
        ))
        .expected("a file, or a link to a file inside content/")
        .hint("copy the file into content/ instead of linking to it: a portal's content is what its repository holds"),
        Problem::LinkDangling { target } => Texts::new(format!(
            "this is a link to `{target}`, which does not exist"
        ))
        .hint("point the link at an existing file, or replace it with the file itself"),
        Problem::LinkLoop { target } => Texts::new(format!(
            "this is a link to `{target}`, which leads back round to itself"
        ))
        .hint("links that point at each other, or at themselves, never reach a file; replace the link with the file itself"),

        Problem::EmptyFile => Texts::new("the file is empty")
            .hint(format!("fill it in ({SEE_DOCS}) or delete it")),
        Problem::CannotReadFile { reason } => Texts::new(format!("cannot read the file ({reason})"))
            .hint("check that the file exists and that you are allowed to read it"),
        Problem::FileTooLarge { megabytes, limit } => Texts::new(format!(
            "the file is {megabytes} MB, too large for a content file, so it is not read"
        ))
        .expected(format!("at most {limit} MB"))
        .hint("check that this is the right file; even a long year's list is well under 1 MB"),
        Problem::Utf16 => Texts::new("the file is saved as UTF-16, not UTF-8")
            .expected("UTF-8 text")
            .hint("save the file again as UTF-8 (in Notepad: Save As, Encoding: UTF-8)"),
        Problem::NotUtf8 => Texts::new(
            "the file is not saved as UTF-8 (it may be GBK or GB18030, common on Chinese Windows)",
        )
        .expected("UTF-8 text")
        .hint("save the file again as UTF-8 (in Notepad: Save As, Encoding: UTF-8), or run `iconv -f GBK -t UTF-8 in.yaml > out.yaml`"),
        Problem::NotText => Texts::new("the file is not text: it holds binary data, such as an image or a spreadsheet")
            .expected("YAML text saved as UTF-8")
            .hint("check that this is the right file; a table goes through `shishi import` (docs/import.md), not into content/ as it is"),

        Problem::Syntax { kind, detail } => {
            let t = syntax(*kind);
            let hint = t.hint.clone().unwrap_or_default();
            Texts {
                hint: Some(format!("{hint} (the YAML reader said: {detail})")),
                ..t
            }
        }
        Problem::ManyDocuments => Texts::new("the file holds more than one document: a line `---` splits it")
            .hint("each content file is one document; delete the `---` line, or move what follows it into a file of its own"),
        Problem::TooDeep => Texts::new(format!(
            "values are nested more than {MAX_DEPTH} levels deep here, so the file is not read"
        ))
        .expected("the fields of the content format, which nest about seven levels at most")
        .hint("a [ or { is probably never closed, or lines are indented ever deeper; check the brackets and spaces up to this line"),
        Problem::Anchor { name } => Texts::new(format!(
            "`{name}` is a YAML anchor, which content files do not use"
        ))
        .expected("every value written out where it belongs")
        .hint(format!("delete `{name}`; if the text really starts with &, put the whole value in quotes")),
        Problem::Alias { name } => Texts::new(format!(
            "`{name}` is a YAML alias, a reference to another value, which content files do not use"
        ))
        .expected("every value written out where it belongs")
        .hint("write the value out in full here; if the text really starts with *, put the whole value in quotes, e.g. note: \"*以上为初步统计\""),
        Problem::Tag { name } => Texts::new(format!(
            "`{name}` is a YAML tag, which content files do not use"
        ))
        .expected("plain values: text, numbers, lists and `name: value` fields")
        .hint(format!("delete `{name}`; if the text really starts with !, put the whole value in quotes")),

        Problem::UnknownField { at, field, known, suggestion } => {
            let message = if at.is_root() {
                format!("unknown field `{field}`")
            } else {
                format!("unknown field `{field}` in {}", owner(at))
            };
            Texts::new(message)
                .maybe_expected(one_of(known))
                .suggest(
                    did_you_mean(suggestion),
                    "check the spelling against docs/content-format.md; field names are English words in lower case",
                )
        }
        Problem::UnknownWord { at, value, known, suggestion } => Texts::new(format!(
            "unknown value `{value}` for {}", place(at)
        ))
        .maybe_expected(one_of(known))
        .suggest(
            did_you_mean(suggestion),
            "write one of the English words above; pages show them in the portal's language",
        ),
        Problem::MissingField { at, field } => Texts::new(if at.is_root() {
            format!("missing field `{field}`")
        } else {
            format!("missing field `{field}` in {}", owner(at))
        })
        .expected(format!("a `{field}:` field here"))
        .hint(format!("add `{field}:`; {SEE_DOCS} for what it holds")),
        Problem::WrongType { at, found, wanted } => wrong_type(at, found, wanted),
        Problem::DuplicateKey { at, field } => Texts::new(if at.is_root() {
            format!("duplicate field `{field}`: it is written twice in this file")
        } else {
            // `place`, not `owner`: in a text written per language the repeat is a language
            // of a field (`name`), not a field of the record.
            format!("duplicate field `{field}`: it is written twice in {}", place(at))
        })
        .hint("each field may appear once; keep one and delete the other"),
        Problem::Unreadable { at, detail } => Texts::new(if at.is_root() {
            format!("this file cannot be read: {detail}")
        } else {
            format!("{} cannot be read: {detail}", place(at))
        })
        .hint("check the value against docs/content-format.md"),

        Problem::NotWebAddress { value, kind } => Texts::new(format!("`{value}` is not a web address"))
            .expected(WEB_ADDRESS)
            .hint(match kind {
                UrlKind::Site => "write where the site will be published, e.g. https://example.org/portal/",
                UrlKind::License => "link the license text, e.g. https://creativecommons.org/licenses/by/4.0/",
                UrlKind::Source => "copy the full address from the browser's address bar, or leave `url` out",
                UrlKind::Repository => "give the repository's page, e.g. https://git.example.org/team/portal, or leave `repository` out",
            }),
        Problem::BaseUrlChar { value, found } => Texts::new(format!(
            "`{value}` cannot be the site's address: it contains {}",
            name_char(*found)
        ))
        .expected(PLAIN_ADDRESS)
        .hint("every link of the site starts with this address; leave the character out, or write it percent-encoded (a space is %20)"),
        Problem::UnknownLanguage { value, suggestion } => Texts::new(format!(
            "shishi has no interface in the language `{value}`"
        ))
        .expected("zh-Hans or en")
        .suggest(did_you_mean(suggestion), "write zh-Hans for Simplified Chinese or en for English"),
        Problem::ThemeNotSlug { value } => Texts::new(format!("`{value}` is not the name of a theme folder"))
            .expected("the name of a folder under themes/, e.g. default")
            .hint("use lower-case letters, digits and hyphens"),
        Problem::NoDomains => Texts::new("the portal lists no domains")
            .expected("at least one domain, e.g. `- {id: education, name: 教育}`")
            .hint("every project names a domain from this list"),

        Problem::NotSlug { kind, value, suggestion } => Texts::new(format!(
            "the {} `{value}` cannot be used: ids become web addresses", id_kind(*kind)
        ))
        .expected(format!("{SLUG}, e.g. school-places"))
        .hint(if suggestion.is_empty() {
            "describe the item in English or pinyin; the title carries the Chinese".to_string()
        } else {
            format!("write e.g. `{suggestion}`; the title carries the Chinese")
        }),
        Problem::DuplicateId { kind, value } => Texts::new(format!(
            "the {} `{value}` is used twice in this file", id_kind(*kind)
        ))
        .hint(format!("give each {} its own id, or merge the two if they are the same", item_noun(*kind))),

        Problem::CityNoName => Texts::new("the city has no name")
            .hint("write e.g. `name: {zh-Hans: 泉州市, en: Quanzhou}`"),
        Problem::BadAdminCode { value } => Texts::new(format!(
            "`{value}` is not an administrative division code"
        ))
        .expected("six digits in quotes, e.g. admin_code: \"350500\"")
        .hint("look the code up in the national list of division codes, or leave the field out"),
        Problem::UnknownParentCity { parent, suggestion } => Texts::new(format!(
            "the parent `{parent}` is not a city of this portal"
        ))
        .expected("the name of a folder under content/")
        .suggest(
            did_you_mean(suggestion),
            if crate::ids::is_slug(parent) {
                format!("add content/{parent}/city.yaml, or remove `parent`")
            } else {
                "write the folder name of the city above, e.g. `fujian`, or remove `parent`".to_string()
            },
        ),
        Problem::CityParentLoop { slug } => Texts::new(format!(
            "following `parent` from `{slug}` leads back to `{slug}`"
        ))
        .hint("a city's chain of parents must end at a city without a parent"),

        Problem::YearMismatch { stem, year } => Texts::new(format!(
            "the file is named {stem}.yaml but says `year: {year}`"
        ))
        .expected(format!("year: {stem}"))
        .hint("make the file name and `year:` agree; one file holds one year"),
        Problem::ImplausibleYear { year } => Texts::new(format!("{year} is not a plausible year"))
            .expected("a four-digit year from 1949 to 2100, such as 2024")
            .hint("write the year the pledges are for, and name the file after it"),
        Problem::NoSources => Texts::new("the year cites no source")
            .expected("at least one source: the report the figures come from")
            .hint("add `sources: [{id: report, title: ..., publisher: ..., type: media}]`"),
        Problem::UnknownSource { at, id, known, suggestion } => Texts::new(format!(
            "{} cites the source `{id}`, but no source in this file has that id",
            owner(at)
        ))
        .maybe_expected(one_of(known))
        .suggest(
            did_you_mean(suggestion),
            "add the report to `sources:` at the top of the file, then cite its id",
        ),
        Problem::CountsExceedTotal { at, stated, total } => Texts::new(format!(
            "the counts of {} add up to {stated}, more than its total of {total}", owner(at)
        ))
        .hint("check the figures against the report; each project belongs in one category only"),
        Problem::TotalDiffersFromList { total, listed } => Texts::new(format!(
            "the report counts {total} projects but {listed} are listed in this file"
        ))
        .hint("fine while a list is incomplete; the page shows both figures"),
        Problem::UnknownDomain { at, domain, known, suggestion } => Texts::new(format!(
            "{} is in the domain `{domain}`, which site.yaml does not list",
            owner(at)
        ))
        .expected(format!("a domain id from content/site.yaml: {}", known.join(", ")))
        .suggest(
            did_you_mean(suggestion),
            "add it to `domains:` in content/site.yaml, or pick one listed there",
        ),
        Problem::UpdatesAndState { at } => Texts::new(format!(
            "{} has both `updates` and a direct status; the latest update wins",
            owner(at)
        ))
        .hint("move the direct `status` and `progress` into an update with its date"),
        Problem::OwnParent { at } => Texts::new(format!("{} names itself as its `parent`", owner(at)))
            .hint("remove `parent`, or name the project this one belongs to"),
        Problem::UnknownParentProject { at, parent, suggestion } => Texts::new(format!(
            "{} names `{parent}` as its parent, but no project in this file has that id",
            owner(at)
        ))
        .suggest(did_you_mean(suggestion), "`parent` names another project of the same year file"),
        Problem::ProjectParentLoop { at } => Texts::new(format!(
            "following `parent` from {} leads back to it", owner(at)
        ))
        .hint("sub-items must form a tree: one of the `parent` lines in this loop has to go"),
        Problem::BadContinues { value } => Texts::new(format!(
            "`{value}` is not a reference to an earlier project"
        ))
        .expected("<year>/<project id>, e.g. 2023/school-places")
        .hint("write the year of the earlier list, a slash, and the project's id there"),
        Problem::ContinuesNotEarlier { value, year } => Texts::new(format!(
            "`{value}` is not earlier than {year}"
        ))
        .hint("`continues` points back to an earlier year; the later year is linked automatically"),
        Problem::ContinuesNoYear { year } => Texts::new(format!(
            "`continues` points to {year}, but this city has no {year}.yaml"
        ))
        .hint(format!("add {year}.yaml to this city folder, or correct the year")),
        Problem::ContinuesNoProject { year, id, suggestion } => Texts::new(format!(
            "{year}.yaml has no project `{id}`"
        ))
        .suggest(
            suggestion.as_ref().map(|s| format!("did you mean `{year}/{s}`?")),
            format!("check the project ids in {year}.yaml"),
        ),
        Problem::BadDateFormat { at, value, suggestion } => Texts::new(format!(
            "{} is `{value}`, which is not a date written YYYY-MM-DD", place(at)
        ))
        .expected("a date written YYYY-MM-DD, e.g. 2024-09-30")
        .suggest(
            suggestion.as_ref().map(|s| format!("did you mean {s}?")),
            "write the year, month and day as digits joined by hyphens; leave the field out if the report gives no date",
        ),
        Problem::NoSuchDate { at, value } => Texts::new(format!(
            "{} is `{value}`, a day that does not exist", place(at)
        ))
        .expected("a real calendar date written YYYY-MM-DD, e.g. 2024-09-30")
        .hint("check the day against a calendar (2024-02-30 does not exist); leave the field out if the report gives no date"),
        // The detail already says what could not be read, in English.
        Problem::HistoryUnreadable { detail } => Texts::new(detail.clone())
        .hint("the site is built anyway; project pages leave out the changes that could not be read"),
        Problem::OutOfRange { at, value, range } => Texts::new(format!(
            "{} cannot be {value}", place(at)
        ))
        .expected(match range {
            Range::Percent => "a number from 0 to 100",
            Range::Rate => "a number from 0 to 1000",
            Range::NonNegative => "a number of 0 or more",
            Range::Count => "a whole number of 0 or more",
            Range::Year => "a four-digit year such as 2024",
        })
        .hint(match range {
            Range::Percent => "progress is the share of the work done, in percent; a target overshot goes in `targets: [{actual, percent}]`",
            Range::Rate => "write the completion rate as the report prints it, in percent, e.g. 94.3",
            Range::NonNegative => "write the figure as the report gives it",
            Range::Count => "write the count as the report gives it",
            Range::Year => "write the year in four digits",
        }),
    }
}

fn syntax(kind: Syntax) -> Texts {
    let (message, hint) = match kind {
        Syntax::Tab => (
            "this line is indented with a tab",
            "indent with spaces only; YAML does not accept tabs",
        ),
        Syntax::FullWidthColon => (
            "this line uses the Chinese colon `：` after the field name",
            "type the English colon `:` followed by a space, e.g. `title: 新增学位`",
        ),
        Syntax::MissingColon => (
            "there is no colon after the field name on this line",
            "write `name: value`, with the English colon `:` and a space after it",
        ),
        Syntax::MisplacedColon => (
            "a `name: value` pair starts where it cannot: this line is indented differently from the lines above, or a value contains `: `",
            "line the field up with the other fields of the same item; if a value contains a colon followed by a space, put the whole value in quotes",
        ),
        Syntax::BadIndent => (
            "this line is not lined up with the lines around it",
            "fields of the same item start in the same column; check the spaces at the start of this line and the one above",
        ),
        Syntax::ListNotAligned => (
            "the items of this list are not lined up",
            "every `- ` of one list starts in the same column",
        ),
        Syntax::ListInPlace => (
            "a list item `- ` starts where a value was expected",
            "put the list on the lines below the field name, indented, or write it on one line as [a, b]",
        ),
        Syntax::UnclosedQuote => (
            "the file ends inside an unfinished value: a quote, [ or { is never closed",
            "find the opening quote or bracket and close it",
        ),
        Syntax::UnclosedList => (
            "a list in [ ] is not closed, or its items are not separated by commas",
            "write the list on one line as [a, b], with English commas",
        ),
        Syntax::UnclosedGroup => (
            "a group in { } is not closed, or its fields are not separated by commas",
            "write the group on one line as {name: value, name: value}, with English commas",
        ),
        Syntax::ReservedChar => (
            "this value starts with a character YAML reserves, such as @, ` or %",
            "put the whole value in quotes, e.g. publisher: \"@泉州发布\"",
        ),
        Syntax::BadEscape => (
            "a backslash \\ inside double quotes is followed by a letter YAML does not expect",
            "write \\\\ for a backslash, or use single quotes instead of double quotes",
        ),
        Syntax::Alias => (
            "this value starts with `*`, which YAML reads as a reference to another value",
            "put the whole value in quotes, e.g. note: \"*以上为初步统计\"",
        ),
        Syntax::MissingValue => (
            "a value is missing here, or starts with a character that needs quotes",
            "write a value after the colon, or put the value in quotes",
        ),
        Syntax::ControlChars => (
            "this line holds an invisible control character, shown here as �",
            "they often come along when copying from a PDF or a web page; type the line again",
        ),
        Syntax::Other => (
            "this part of the file cannot be read as YAML",
            "check the indentation and punctuation on this line and the one before it: indent with spaces, not tabs, and put a space after each colon",
        ),
    };
    Texts::new(message).hint(hint)
}

fn wrong_type(at: &Place, found: &Found, wanted: &Wanted) -> Texts {
    let subject = if at.is_root() {
        "this file".to_string()
    } else {
        place(at)
    };
    let found = match found {
        Found::Text(s) => format!("the text \"{s}\""),
        Found::Number(n) => format!("the number {n}"),
        Found::Bool(b) => format!("`{b}`"),
        Found::List => "a list".to_string(),
        Found::Fields => "named fields".to_string(),
        Found::Nothing => "empty".to_string(),
        Found::Other(s) => s.clone(),
    };
    let (what, expected, hint) = match wanted {
        Wanted::Number => (
            "a number",
            Some("a plain number such as 30000 or 94.3".to_string()),
            NUMBER_HINT.to_string(),
        ),
        Wanted::Count => (
            "a whole number",
            Some("a whole number of 0 or more, such as 20".to_string()),
            NUMBER_HINT.to_string(),
        ),
        Wanted::WholeNumber => (
            "a whole number",
            Some("a whole number such as 2024".to_string()),
            NUMBER_HINT.to_string(),
        ),
        Wanted::TrueFalse => (
            "true or false",
            None,
            "write true or false, without quotes".to_string(),
        ),
        Wanted::List => (
            "a list",
            None,
            "write a list: one `- item` per line below the field, or [a, b] on the same line"
                .to_string(),
        ),
        Wanted::Fields(record) => (
            "named fields (`name: value`)",
            None,
            match record.example() {
                Some(example) => {
                    format!("write one `name: value` per line, indented, e.g.\n      {example}")
                }
                None => "write one `name: value` per line, indented".to_string(),
            },
        ),
        Wanted::Text => (
            "text",
            None,
            "write the text after the colon; put it in quotes if it starts with [ or { or contains `: `".to_string(),
        ),
        Wanted::LocalText => (
            "text",
            Some("a text, or one text per language".to_string()),
            "write e.g. `name: 泉州市`, or `name: {zh-Hans: 泉州市, en: Quanzhou}` for several languages".to_string(),
        ),
        Wanted::Word => (
            "one word from a fixed list",
            None,
            "write one of the words listed in docs/content-format.md".to_string(),
        ),
        Wanted::FieldName => (
            "a field name",
            None,
            "start each line with a field name and a colon, e.g. `title: ...`".to_string(),
        ),
        Wanted::Other(w) => (
            w.as_str(),
            None,
            "check the value against docs/content-format.md".to_string(),
        ),
    };
    let t = Texts::new(format!("{subject} should be {what}, but it is {found}")).hint(hint);
    match expected {
        Some(e) => t.expected(e),
        None => t,
    }
}

const NUMBER_HINT: &str =
    "write a plain number, without quotes, units, % or thousands separators (e.g. 30000, not 3万)";

fn one_of(known: &[String]) -> Option<String> {
    (!known.is_empty()).then(|| format!("one of {}", known.join(", ")))
}

fn did_you_mean(suggestion: &Option<String>) -> Option<String> {
    suggestion.as_ref().map(|s| format!("did you mean `{s}`?"))
}

fn rename_to(what: &str, suggestion: &str) -> String {
    if suggestion.is_empty() {
        format!("rename {what}")
    } else {
        format!("rename {what}, e.g. to `{suggestion}`")
    }
}

fn id_kind(kind: IdKind) -> &'static str {
    match kind {
        IdKind::Domain => "domain id",
        IdKind::Source => "source id",
        IdKind::Project => "project id",
    }
}

fn item_noun(kind: IdKind) -> &'static str {
    match kind {
        IdKind::Domain => "domain",
        IdKind::Source => "source",
        IdKind::Project => "project",
    }
}

/// "`progress` of the 1st update of project `school-places`".
fn place(at: &Place) -> String {
    let parts: Vec<String> = at
        .steps
        .iter()
        .rev()
        .map(|step| match step {
            Step::Field(name) => format!("`{name}`"),
            Step::Item { kind, index, id } => item(kind, *index, id.as_deref()),
        })
        .collect();
    if parts.is_empty() {
        "this file".to_string()
    } else {
        parts.join(" of ")
    }
}

/// The item a place belongs to, or the file itself.
fn owner(at: &Place) -> String {
    place(&at.owner())
}

fn item(kind: &ItemKind, index: usize, id: Option<&str>) -> String {
    let noun = match kind {
        ItemKind::Project => "project",
        ItemKind::Source => "source",
        ItemKind::Domain => "domain",
        ItemKind::Snapshot => "snapshot",
        ItemKind::Update => "update",
        ItemKind::Target => "metric",
        ItemKind::Other(list) if list.is_empty() => return format!("entry {}", index + 1),
        ItemKind::Other(list) => return format!("entry {} of `{list}`", index + 1),
    };
    match id {
        Some(id) => format!("{noun} `{id}`"),
        None => format!("the {} {noun}", ordinal(index + 1)),
    }
}

pub(super) fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}
