//! Everything shishi tells the people who edit a portal, in every language it speaks.
//!
//! Checks describe a problem as data: a [`Problem`] variant with the values that matter
//! (the field, the id, the value as written). Words are chosen only when a diagnostic is
//! shown, because the language is known only after `site.yaml` has been read, and the same
//! problem may be printed for people and as JSON. Each language is a file of its own
//! ([`en`], [`zh_hans`]) with one exhaustive `match`, so a new problem does not compile until
//! every language says it.

mod en;
mod zh_hans;

use std::fmt;
use std::str::FromStr;

/// A language messages can be shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// The default, as for the site itself: most editors write Chinese.
    #[default]
    ZhHans,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::ZhHans, Lang::En];

    /// The tag as `site.yaml` and `--lang` write it.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhHans => "zh-Hans",
            Lang::En => "en",
        }
    }
}

impl FromStr for Lang {
    type Err = String;

    /// Tags are matched ignoring case, so `--lang zh-hans` works as typed from memory.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Lang::ALL
            .into_iter()
            .find(|l| l.tag().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("expected zh-Hans or en, not `{s}`"))
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// A problem shown in one language: what is wrong, what was expected, how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Texts {
    pub message: String,
    pub expected: Option<String>,
    pub hint: Option<String>,
}

impl Texts {
    fn new(message: impl Into<String>) -> Self {
        Texts {
            message: message.into(),
            expected: None,
            hint: None,
        }
    }

    fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    fn maybe_expected(mut self, expected: Option<String>) -> Self {
        self.expected = expected;
        self
    }

    fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// A "did you mean" hint when there is a likely intended word, `otherwise` when not.
    fn suggest(self, suggestion: Option<String>, otherwise: impl Into<String>) -> Self {
        match suggestion {
            Some(s) => self.hint(s),
            None => self.hint(otherwise),
        }
    }
}

/// Every problem shishi reports about a portal's content. Values are kept as the editor wrote
/// them; the catalogs quote them and never translate them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Problem {
    // The content tree.
    NoContentFolder,
    NoSiteFile,
    CannotReadFolder {
        reason: String,
    },
    NameNotUtf8,
    StrayFile,
    FolderNotSlug {
        name: String,
        suggestion: String,
    },
    ReservedFolder {
        name: String,
        reserved: Vec<String>,
    },
    NoCityFile {
        slug: String,
    },
    NotAYearFile,
    YearFileIsFolder,
    /// A second file for a year another file of the city already holds (`2024.yml` beside
    /// `2024.yaml`); `first` is that other file's name.
    DuplicateYearFile {
        year: String,
        first: String,
    },
    /// `site.yaml` or `city.yaml` is a folder.
    FileIsFolder,
    /// A named pipe, socket or device where a content file belongs.
    SpecialFile,
    /// Links are followed only within content/; `target` is the link as written.
    LinkOutside {
        target: String,
    },
    LinkDangling {
        target: String,
    },
    LinkLoop {
        target: String,
    },

    // Reading one file.
    EmptyFile,
    CannotReadFile {
        reason: String,
    },
    FileTooLarge {
        megabytes: u64,
        limit: u64,
    },
    Utf16,
    NotUtf8,
    /// Zero bytes that are not UTF-16: an image, a spreadsheet, a compressed file.
    NotText,

    // YAML the parser could not follow. `detail` is the parser's own words, shown last for
    // whoever searches the web for them.
    Syntax {
        kind: Syntax,
        detail: String,
    },
    ManyDocuments,
    /// Nested deeper than [`crate::yaml_guard::MAX_DEPTH`] levels.
    TooDeep,
    /// YAML's anchors, aliases and tags, which content files do not use; `name` is the one
    /// found, as written (`&a`, `*a`, `!t`).
    Anchor {
        name: String,
    },
    Alias {
        name: String,
    },
    Tag {
        name: String,
    },

    // Values of the wrong shape, as serde reports them.
    UnknownField {
        at: Place,
        field: String,
        known: Vec<String>,
        suggestion: Option<String>,
    },
    UnknownWord {
        at: Place,
        value: String,
        known: Vec<String>,
        suggestion: Option<String>,
    },
    MissingField {
        at: Place,
        field: String,
    },
    WrongType {
        at: Place,
        found: Found,
        wanted: Wanted,
    },
    DuplicateKey {
        at: Place,
        field: String,
    },
    /// The serde message when it matches nothing above, so nothing is ever lost.
    Unreadable {
        at: Place,
        detail: String,
    },

    // site.yaml.
    NotWebAddress {
        value: String,
        kind: UrlKind,
    },
    /// A base address with a character every link of the site would then carry.
    BaseUrlChar {
        value: String,
        found: char,
    },
    UnknownLanguage {
        value: String,
        suggestion: Option<String>,
    },
    ThemeNotSlug {
        value: String,
    },
    NoDomains,

    // Ids in any file.
    NotSlug {
        kind: IdKind,
        value: String,
        suggestion: String,
    },
    DuplicateId {
        kind: IdKind,
        value: String,
    },

    // city.yaml.
    CityNoName,
    BadAdminCode {
        value: String,
    },
    UnknownParentCity {
        parent: String,
        suggestion: Option<String>,
    },
    CityParentLoop {
        slug: String,
    },

    // Year files.
    YearMismatch {
        stem: String,
        year: i32,
    },
    ImplausibleYear {
        year: i32,
    },
    NoSources,
    UnknownSource {
        at: Place,
        id: String,
        known: Vec<String>,
        suggestion: Option<String>,
    },
    CountsExceedTotal {
        at: Place,
        stated: u32,
        total: u32,
    },
    TotalDiffersFromList {
        total: u32,
        listed: u32,
    },
    UnknownDomain {
        at: Place,
        domain: String,
        known: Vec<String>,
        suggestion: Option<String>,
    },
    UpdatesAndState {
        at: Place,
    },
    OwnParent {
        at: Place,
    },
    UnknownParentProject {
        at: Place,
        parent: String,
        suggestion: Option<String>,
    },
    ProjectParentLoop {
        at: Place,
    },
    BadContinues {
        value: String,
    },
    ContinuesNotEarlier {
        value: String,
        year: i32,
    },
    ContinuesNoYear {
        year: i32,
    },
    ContinuesNoProject {
        year: i32,
        id: String,
        suggestion: Option<String>,
    },
    BadDateFormat {
        at: Place,
        value: String,
        suggestion: Option<String>,
    },
    NoSuchDate {
        at: Place,
        value: String,
    },
    OutOfRange {
        at: Place,
        value: String,
        range: Range,
    },
    /// The git history could not be read; `detail` is the library's own words.
    HistoryUnreadable {
        detail: String,
    },
}

impl Problem {
    /// The problem in `lang`.
    pub fn texts(&self, lang: Lang) -> Texts {
        match lang {
            Lang::ZhHans => zh_hans::problem(self),
            Lang::En => en::problem(self),
        }
    }
}

/// The kinds of YAML syntax error editors run into, each explained in its own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Syntax {
    Tab,
    /// `title：x`: the Chinese colon looks right but is not YAML's.
    FullWidthColon,
    MissingColon,
    MisplacedColon,
    BadIndent,
    ListNotAligned,
    ListInPlace,
    UnclosedQuote,
    UnclosedList,
    UnclosedGroup,
    ReservedChar,
    BadEscape,
    Alias,
    MissingValue,
    ControlChars,
    Other,
}

/// What a value turned out to be, when it had the wrong shape.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Found {
    Text(String),
    Number(String),
    Bool(String),
    List,
    Fields,
    Nothing,
    Other(String),
}

/// What a value should have been.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Wanted {
    Number,
    Count,
    WholeNumber,
    TrueFalse,
    List,
    /// Named fields; the record's name picks an example to show.
    Fields(Record),
    Text,
    /// A text field: a string, or a map of language tag to string.
    LocalText,
    Word,
    /// A name before a colon, where serde met something else (`{{`, a list as a key).
    FieldName,
    Other(String),
}

/// The records of the content format, for examples of how each is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Record {
    Site,
    License,
    Domain,
    City,
    Year,
    Source,
    Snapshot,
    Project,
    Target,
    Budget,
    Update,
    Unknown,
}

impl Record {
    /// The record serde names `struct <name>` in its messages.
    pub fn from_type_name(name: &str) -> Record {
        match name {
            "SiteFile" => Record::Site,
            "LicenseEntry" => Record::License,
            "DomainEntry" => Record::Domain,
            "CityFile" => Record::City,
            "YearFile" => Record::Year,
            "SourceEntry" => Record::Source,
            "SnapshotEntry" => Record::Snapshot,
            "ProjectEntry" => Record::Project,
            "TargetEntry" => Record::Target,
            "BudgetEntry" => Record::Budget,
            "UpdateEntry" => Record::Update,
            _ => Record::Unknown,
        }
    }

    /// How the record is written, the same in every language since field names are.
    fn example(self) -> Option<&'static str> {
        Some(match self {
            Record::Site => "title: 为民办实事追踪\n      base_url: https://example.org/\n      domains:\n        - {id: education, name: 教育}",
            Record::License => "license: {name: CC BY 4.0, url: https://creativecommons.org/licenses/by/4.0/}",
            Record::Domain => "- {id: education, name: 教育}",
            Record::City => "name: {zh-Hans: 泉州市, en: Quanzhou}\n      level: prefecture",
            Record::Year => "year: 2024\n      title: 2024年泉州市为民办实事项目\n      sources:\n        - {id: qzwb-2025, title: ..., type: media}",
            Record::Source => "- {id: qzwb-2025, title: 2024年泉州市为民办实事项目全部完成, publisher: 泉州晚报, type: media}",
            Record::Snapshot => "- {as_of: 2024-09-30, source: qzwb-2025, total: 20, completed: 12}",
            Record::Project => "- id: school-places\n        title: 新增义务教育公办学校学位\n        domain: education",
            Record::Target => "- {metric: 新增学位, unit: 个, target: 30000, actual: 30000}",
            Record::Budget => "budget: {planned: 1610, spent: 1610, unit: 万元}",
            Record::Update => "- {date: 2024-09-30, status: in_progress, progress: 75}",
            Record::Unknown => return None,
        })
    }
}

/// Which kind of web address a problem is about; each needs its own advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum UrlKind {
    Site,
    License,
    Source,
    Repository,
}

/// Which kind of id a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum IdKind {
    Domain,
    Source,
    Project,
}

/// The values a number field accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Range {
    /// `progress`: a share of the work, 0 to 100.
    Percent,
    /// A completion rate as printed, which a report may put above 100.
    Rate,
    /// Targets and actuals: any figure of 0 or more.
    NonNegative,
    /// Counts of projects.
    Count,
    /// `year`, the one field read as a signed whole number.
    Year,
}

/// Where a value sits in a file, as editors would say it: "`progress` of the 1st update of
/// project `school-places`" rather than `projects[3].updates[0].progress`.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Item {
        kind: ItemKind,
        /// 0-based, as in the path; shown 1-based.
        index: usize,
        id: Option<String>,
    },
    Field(String),
}

/// The kinds of list item that have a name in the editors' vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum ItemKind {
    Project,
    Source,
    Snapshot,
    Domain,
    Update,
    Target,
    /// Any other list, by its field name (a project's `sources`, `districts`).
    Other(String),
}

impl Place {
    /// The whole file.
    pub fn root() -> Self {
        Place::default()
    }

    /// Reads a serde-style path (`projects[1].updates[0].progress`). `id_of` gives the `id`
    /// written in the item at a path, so a project is named by its id rather than its number.
    pub fn from_path(path: &str, id_of: impl Fn(&str) -> Option<String>) -> Self {
        let mut steps = Vec::new();
        let mut walked = String::new();
        for part in path.split('.').filter(|p| !p.is_empty() && *p != "?") {
            // A part is a key followed by any number of `[n]`, e.g. `sources[0]`.
            let (key, mut indexes) = match part.find('[') {
                Some(i) => (&part[..i], &part[i..]),
                None => (part, ""),
            };
            if !walked.is_empty() && !key.is_empty() {
                walked.push('.');
            }
            walked.push_str(key);
            let mut list = key.to_string();
            if indexes.is_empty() {
                steps.push(Step::Field(list));
                continue;
            }
            while let Some(rest) = indexes.strip_prefix('[') {
                let Some((number, after)) = rest.split_once(']') else {
                    break;
                };
                let Ok(index) = number.parse::<usize>() else {
                    break;
                };
                walked.push_str(&format!("[{index}]"));
                let top = steps.is_empty();
                let kind = match (list.as_str(), top) {
                    ("projects", true) => ItemKind::Project,
                    ("sources", true) => ItemKind::Source,
                    ("snapshots", true) => ItemKind::Snapshot,
                    ("domains", true) => ItemKind::Domain,
                    ("updates", false) => ItemKind::Update,
                    ("targets", false) => ItemKind::Target,
                    _ => ItemKind::Other(std::mem::take(&mut list)),
                };
                let id = match kind {
                    ItemKind::Project | ItemKind::Source | ItemKind::Domain => {
                        id_of(&walked).filter(|id| !id.is_empty())
                    }
                    _ => None,
                };
                steps.push(Step::Item { kind, index, id });
                indexes = after;
            }
        }
        Place { steps }
    }

    /// The place without its trailing field names: the item a field belongs to.
    pub fn owner(&self) -> Place {
        let mut steps = self.steps.clone();
        while matches!(steps.last(), Some(Step::Field(_))) {
            steps.pop();
        }
        Place { steps }
    }

    pub fn is_root(&self) -> bool {
        self.steps.is_empty()
    }
}

/// The words of the layout around messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word {
    Error,
    Warning,
    Expected,
    Hint,
}

/// What a run says besides its diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    Summary {
        errors: usize,
        warnings: usize,
    },
    Valid,
    BuildStopped,
    /// The preview rebuilt the site after a save.
    Rebuilt {
        files: usize,
        changed: usize,
        milliseconds: u128,
    },
    /// The preview's rebuild failed; it keeps serving what it had.
    StillServing,
    Built {
        pages: usize,
        kilobytes: usize,
        output: String,
        milliseconds: u128,
        /// Files left as they were because their bytes did not change.
        unchanged: usize,
        /// Cities whose pages were kept from the last build without being made again.
        kept_cities: usize,
        cities: usize,
    },
    RefuseOutput {
        output: String,
    },
    PickOutput,
    /// `--base-url` given an address that cannot be the base of every link.
    BadBaseUrlFlag {
        value: String,
        found: Option<char>,
    },
    BaseUrlHint,
    /// The disk refused a step of writing the site.
    DiskFailed {
        action: DiskAction,
        path: String,
        cause: DiskCause,
    },
    /// What to do about a [`Note::DiskFailed`], and whether the published site is whole.
    DiskHint {
        cause: DiskCause,
        /// The output folder, when the failure left it exactly as it was.
        kept: Option<String>,
    },
}

/// The step of writing a site that the disk refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiskAction {
    /// Making the temporary folder the new site is written into, beside the output.
    Stage,
    CreateFolder,
    WriteFile,
    /// Moving the finished site into place.
    Replace,
    /// Putting back the site a killed build had moved aside.
    Restore,
}

/// Why the disk refused, in terms an editor can act on. The system's own words are kept
/// only for causes without advice of their own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiskCause {
    Full,
    Quota,
    ReadOnly,
    Denied,
    /// A file-size limit (`ulimit -f`) stopped a write.
    TooLarge,
    /// A part of the path is a file.
    NotAFolder,
    /// The folder is a mount point, which cannot be renamed.
    Busy,
    Other(String),
}

impl DiskCause {
    pub fn of(error: &std::io::Error) -> DiskCause {
        use std::io::ErrorKind as K;
        match error.kind() {
            K::StorageFull => DiskCause::Full,
            K::QuotaExceeded => DiskCause::Quota,
            K::ReadOnlyFilesystem => DiskCause::ReadOnly,
            K::PermissionDenied => DiskCause::Denied,
            K::FileTooLarge => DiskCause::TooLarge,
            K::NotADirectory => DiskCause::NotAFolder,
            K::ResourceBusy => DiskCause::Busy,
            _ => DiskCause::Other(error.to_string()),
        }
    }
}

impl Note {
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::ZhHans => zh_hans::note(self),
            Lang::En => en::note(self),
        }
    }
}

/// A layout word and the text after it, with the language's colon: `error: ...`, `错误：...`.
pub fn labelled(word: Word, lang: Lang, text: &str) -> String {
    match lang {
        Lang::ZhHans => zh_hans::labelled(word, text),
        Lang::En => en::labelled(word, text),
    }
}

#[cfg(test)]
mod tests;
