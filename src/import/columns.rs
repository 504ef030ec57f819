//! Which column holds what: header names in the words government tables use, found on
//! whichever row the header happens to be.

use super::table::{Cell, Row};
use std::fmt;

/// What a column is read as. Every table column maps to at most one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Seq,
    Id,
    Title,
    Target,
    Lead,
    Progress,
    Percent,
    Status,
    Domain,
    Deadline,
    Note,
    Ignore,
}

impl Field {
    pub const ALL: [Field; 12] = [
        Field::Seq,
        Field::Id,
        Field::Title,
        Field::Target,
        Field::Lead,
        Field::Progress,
        Field::Percent,
        Field::Status,
        Field::Domain,
        Field::Deadline,
        Field::Note,
        Field::Ignore,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Field::Seq => "seq",
            Field::Id => "id",
            Field::Title => "title",
            Field::Target => "target",
            Field::Lead => "lead",
            Field::Progress => "progress",
            Field::Percent => "percent",
            Field::Status => "status",
            Field::Domain => "domain",
            Field::Deadline => "deadline",
            Field::Note => "note",
            Field::Ignore => "ignore",
        }
    }

    /// Fields whose text is kept from every column that holds them; for the others only the
    /// best-named column counts and the rest are kept as notes.
    fn is_multi(self) -> bool {
        matches!(
            self,
            Field::Target | Field::Progress | Field::Note | Field::Ignore
        )
    }

    /// The header names this field is known by, in folded form (see [`fold`]), best first:
    /// when two columns claim a field, the one named earlier here wins.
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            Field::Seq => &[
                "序号",
                "编号",
                "项目编号",
                "序列号",
                "no",
                "no.",
                "number",
                "#",
                "seq",
            ],
            Field::Id => &["id", "slug", "项目id"],
            Field::Title => &[
                "项目名称",
                "实事项目",
                "项目",
                "实事项目名称",
                "民生实事项目",
                "民生实事",
                "为民办实事项目",
                "民生工程",
                "实事名称",
                "事项",
                "事项名称",
                "任务名称",
                "工程名称",
                "名称",
                "title",
                "name",
                "project",
                "projectname",
                "pledge",
                "item",
            ],
            Field::Target => &[
                "年度目标",
                "目标任务",
                "建设内容",
                "年度目标任务",
                "目标",
                "工作目标",
                "主要内容",
                "项目内容",
                "实施内容",
                "具体内容",
                "主要任务",
                "建设规模",
                "目标要求",
                "任务",
                "target",
                "targets",
                "goal",
                "goals",
                "objective",
                "content",
                "description",
            ],
            Field::Lead => &[
                "牵头单位",
                "牵头部门",
                "责任单位",
                "责任部门",
                "牵头责任单位",
                "主责单位",
                "承办单位",
                "主办单位",
                "lead",
                "leadunit",
                "leaddepartment",
                "responsibleunit",
                "responsible",
                "department",
                "agency",
            ],
            Field::Progress => &[
                "进度",
                "进展情况",
                "完成情况",
                "工作进展",
                "进展",
                "推进情况",
                "实施进度",
                "进度情况",
                "工作进度",
                "项目进展",
                "项目进度",
                "当前进度",
                "实施情况",
                "执行情况",
                "完成进度",
                "progress",
                "update",
                "updates",
            ],
            Field::Percent => &[
                "完成率",
                "完成比例",
                "进度百分比",
                "完成百分比",
                "percent",
                "percentcomplete",
                "completionrate",
                "completion",
                "progress%",
            ],
            Field::Status => &[
                "状态",
                "完成状态",
                "项目状态",
                "进度状态",
                "推进状态",
                "是否完成",
                "status",
                "state",
            ],
            Field::Domain => &[
                "领域",
                "类别",
                "所属领域",
                "分类",
                "项目类别",
                "类型",
                "项目类型",
                "板块",
                "domain",
                "category",
                "sector",
                "area",
            ],
            Field::Deadline => &[
                "完成时限",
                "时间节点",
                "完成时间",
                "计划完成时间",
                "截止时间",
                "完成期限",
                "时限",
                "时间要求",
                "deadline",
                "due",
                "duedate",
            ],
            Field::Note => &[
                "备注",
                "说明",
                "存在问题",
                "问题",
                "note",
                "notes",
                "remark",
                "remarks",
                "comment",
                "comments",
            ],
            Field::Ignore => &["ignore", "skip", "忽略"],
        }
    }

    /// A field named on the command line: its key (`lead`) or any header name it is known
    /// by (`牵头单位`), so editors can write either.
    pub fn parse(s: &str) -> Option<Field> {
        let f = fold(s);
        Field::ALL
            .into_iter()
            .find(|field| field.key() == f || field.synonyms().contains(&f.as_str()))
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// A header name reduced to what tells names apart: full-width letters, digits and brackets
/// become ASCII (Chinese input methods type them full-width), whitespace and line breaks
/// inside a cell go, as do required-field stars and a trailing colon.
pub fn fold(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    while out.ends_with(':') || out.ends_with('*') {
        out.pop();
    }
    while out.starts_with('*') {
        out.remove(0);
    }
    out
}

/// `folded` without bracketed asides: 牵头单位(盖章), 进度(%), 完成时限【月】.
fn strip_brackets(folded: &str) -> String {
    let mut out = String::new();
    let mut depth = 0u32;
    for c in folded.chars() {
        match c {
            '(' | '[' | '【' | '〔' => depth += 1,
            ')' | ']' | '】' | '〕' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// People's names and contact details are not for publication: such a column is never
/// picked up by name, even when its header also names a known one (牵头单位联系人,
/// 项目负责人).
fn is_contact(folded: &str) -> bool {
    [
        "联系人",
        "负责人",
        "责任人",
        "领导",
        "电话",
        "手机",
        "联系方式",
        "邮箱",
        "email",
        "phone",
        "contact",
    ]
    .iter()
    .any(|w| folded.contains(w))
}

/// A header the editor mapped with `--map 表头=field`.
#[derive(Debug, Clone)]
pub struct Mapping {
    pub header: String,
    pub field: Field,
}

impl Mapping {
    /// Parses `表头=field`; the error says what was wrong and what would be right.
    pub fn parse(s: &str) -> Result<Mapping, String> {
        let Some((header, field)) = s.rsplit_once('=') else {
            return Err(format!(
                "`--map {s}` needs the form HEADER=FIELD, e.g. --map 实施单位=lead"
            ));
        };
        if fold(header).is_empty() {
            return Err(format!("`--map {s}` names no header before `=`"));
        }
        let Some(field) = Field::parse(field) else {
            let keys: Vec<&str> = Field::ALL.iter().map(|f| f.key()).collect();
            return Err(format!(
                "`--map {s}`: `{field}` is not a field; use one of {}",
                keys.join(", ")
            ));
        };
        Ok(Mapping {
            header: header.trim().to_string(),
            field,
        })
    }
}

/// How well a header names its field; lower is better. Editors' own mappings come first,
/// exact names before bracketed variants before names merely contained in a longer header.
fn classify(header: &str, maps: &[Mapping]) -> Option<(Field, usize)> {
    let folded = fold(header);
    if folded.is_empty() {
        return None;
    }
    let bare = strip_brackets(&folded);
    if let Some(m) = maps
        .iter()
        .find(|m| fold(&m.header) == folded || fold(&m.header) == bare)
    {
        return Some((m.field, 0));
    }
    if is_contact(&folded) {
        return None;
    }
    let exact = |name: &str| {
        Field::ALL.into_iter().find_map(|f| {
            let i = f.synonyms().iter().position(|s| *s == name)?;
            Some((f, i))
        })
    };
    if let Some((f, i)) = exact(&folded) {
        return Some((f, 100 + i));
    }
    // 进度(%) and 完成进度（%） hold a percentage, whatever their words say.
    if folded.contains('%') || folded.contains("百分比") {
        return Some((Field::Percent, 200));
    }
    if let Some((f, i)) = exact(&bare) {
        return Some((f, 200 + i));
    }
    // Longer headers (截至9月底进展情况, 民生实事项目名称) still carry a known name; the longest
    // one contained wins, as the most specific. Single characters would match too much.
    Field::ALL
        .into_iter()
        .filter(|f| *f != Field::Ignore)
        .flat_map(|f| {
            f.synonyms()
                .iter()
                .enumerate()
                .map(move |(i, s)| (f, i, *s))
        })
        .filter(|(_, _, s)| s.chars().count() >= 2 && !s.is_ascii() && bare.contains(s))
        .max_by(|a, b| {
            let (la, lb) = (a.2.chars().count(), b.2.chars().count());
            la.cmp(&lb).then(b.0.cmp(&a.0)).then(b.1.cmp(&a.1))
        })
        .map(|(f, i, _)| (f, 300 + i))
}

/// One table column and what it is read as.
#[derive(Debug, Clone)]
pub struct Column {
    pub index: usize,
    /// The header as written, on one line.
    pub header: String,
    pub field: Field,
}

/// The header row and its columns.
#[derive(Debug)]
pub struct Header {
    /// Index into the sheet's rows.
    pub row: usize,
    pub columns: Vec<Column>,
    /// Headers that name nothing known, as written.
    pub unknown: Vec<String>,
}

impl Header {
    /// The column read as a single-valued field, if any.
    pub fn single(&self, field: Field) -> Option<&Column> {
        self.columns.iter().find(|c| c.field == field)
    }

    pub fn all(&self, field: Field) -> impl Iterator<Item = &Column> {
        self.columns.iter().filter(move |c| c.field == field)
    }
}

/// Title rows, notes and blank rows often sit above the header; it is looked for among the
/// first rows, as the row naming the most known fields, one of them the project's name.
const HEADER_SEARCH_ROWS: usize = 30;

/// A header cell read as a field, with how well its name fits (lower is better).
struct Candidate {
    index: usize,
    header: String,
    field: Field,
    rank: usize,
}

/// How many different fields a row's headers name; a row naming more is likelier the header.
fn distinct(found: &[Candidate]) -> Vec<Field> {
    let mut fields: Vec<Field> = found
        .iter()
        .map(|c| c.field)
        .filter(|f| *f != Field::Ignore)
        .collect();
    fields.sort();
    fields.dedup();
    fields
}

pub fn find_header(rows: &[Row], maps: &[Mapping]) -> Result<Header, String> {
    let mut best: Option<(usize, Vec<Candidate>)> = None;
    let mut best_without_title: Option<(usize, usize)> = None;
    for (r, row) in rows.iter().enumerate().take(HEADER_SEARCH_ROWS) {
        let found: Vec<Candidate> = row
            .cells
            .iter()
            .enumerate()
            .filter_map(|(index, cell)| {
                let Cell::Text(t) = cell else { return None };
                let (field, rank) = classify(t, maps)?;
                Some(Candidate {
                    index,
                    header: one_line(t),
                    field,
                    rank,
                })
            })
            .collect();
        let fields = distinct(&found);
        let score = fields.len();
        if score < 2 {
            continue;
        }
        if fields.contains(&Field::Title) {
            if best.as_ref().is_none_or(|(_, b)| score > distinct(b).len()) {
                best = Some((r, found));
            }
        } else if best_without_title.is_none_or(|(_, s)| score > s) {
            best_without_title = Some((r, score));
        }
    }
    let Some((r, found)) = best else {
        let names = Field::Title.synonyms()[..4].join(", ");
        return Err(match best_without_title {
            Some((r, _)) => format!(
                "row {} looks like the header, but no column names the project (such as {names})\n  = hint: name the project column with --map, e.g. --map 民生事项=title",
                rows[r].number
            ),
            None => format!(
                "found no header row in the first {HEADER_SEARCH_ROWS} rows: no row names a project column (such as {names}) and one more known column\n  = hint: see docs/import.md for the header names shishi knows, or name columns with --map HEADER=FIELD"
            ),
        });
    };

    // One column per single-valued field: the best-named one. The others still hold
    // information, so they are kept as notes rather than dropped.
    let columns: Vec<Column> = found
        .iter()
        .map(|c| {
            let wins = c.field.is_multi()
                || found
                    .iter()
                    .filter(|o| o.field == c.field)
                    .min_by_key(|o| (o.rank, o.index))
                    .is_some_and(|o| o.index == c.index);
            Column {
                index: c.index,
                header: c.header.clone(),
                field: if wins { c.field } else { Field::Note },
            }
        })
        .collect();
    let unknown = rows[r]
        .cells
        .iter()
        .enumerate()
        .filter(|(i, _)| !columns.iter().any(|c| c.index == *i))
        .filter_map(|(_, cell)| match cell {
            Cell::Empty => None,
            other => Some(one_line(&other.text())),
        })
        .collect();
    Ok(Header {
        row: r,
        columns,
        unknown,
    })
}

/// A cell's lines joined into one: Excel users break long headers and names by hand.
pub fn one_line(s: &str) -> String {
    let mut out = String::new();
    for line in s.lines().map(str::trim).filter(|l| !l.is_empty()) {
        // Chinese runs on without spaces; Latin words need one.
        let ascii_join = out
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_alphanumeric())
            && line
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric());
        if ascii_join {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(h: &str) -> Option<Field> {
        classify(h, &[]).map(|(f, _)| f)
    }

    #[test]
    fn headers_are_known_in_their_usual_spellings() {
        assert_eq!(field("项目名称"), Some(Field::Title));
        assert_eq!(field(" 项目　名称 "), Some(Field::Title));
        assert_eq!(field("牵头\n单位"), Some(Field::Lead));
        assert_eq!(field("牵头单位（盖章）"), Some(Field::Lead));
        assert_eq!(field("进度（％）"), Some(Field::Percent));
        assert_eq!(field("截至9月底进展情况"), Some(Field::Progress));
        assert_eq!(field("Lead Unit"), Some(Field::Lead));
        assert_eq!(field("*完成时限:"), Some(Field::Deadline));
        assert_eq!(field("ＳＴＡＴＵＳ"), Some(Field::Status));
        assert_eq!(field("联系人"), None);
        assert_eq!(field("牵头单位联系人"), None);
        assert_eq!(field("项目负责人"), None);
        assert_eq!(field("总投资"), None);
    }

    #[test]
    fn editors_mappings_come_first() {
        let maps = [Mapping::parse("实施单位=lead").unwrap()];
        assert_eq!(classify("实施单位", &maps).map(|c| c.0), Some(Field::Lead));
        let maps = [Mapping::parse("备注=ignore").unwrap()];
        assert_eq!(classify("备注", &maps).map(|c| c.0), Some(Field::Ignore));
        assert_eq!(
            Mapping::parse("实施单位=牵头单位").unwrap().field,
            Field::Lead
        );
        assert!(Mapping::parse("实施单位").is_err());
        assert!(Mapping::parse("实施单位=leader")
            .unwrap_err()
            .contains("lead, progress"));
    }
}
