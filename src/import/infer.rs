//! What a table's words say in the content format's terms: statuses from progress text,
//! percentages, dates, domains. Each reading is deliberately narrow: when the words do not
//! say it plainly, the answer is "unknown" and the editor decides.

use super::columns::fold;
use crate::content::DomainEntry;
use crate::text::Text;
use crate::vocab::{Schedule, Status};
use jiff::civil::Date;

/// Words that settle nothing on their own and would otherwise be read as something else:
/// 未完成 is not 完成, 未开工 is not 开工. They are blanked out before the other words are
/// looked for.
const NOT_STARTED: &[&str] = &[
    "尚未开工",
    "未开工",
    "尚未启动",
    "未启动",
    "未实施",
    "待启动",
    "未动工",
    "notyetstarted",
    "notstarted",
];
const AMBIGUOUS: &[&str] = &[
    "尚未完成",
    "未完成",
    "没有完成",
    "未全部完成",
    "incomplete",
    "notcompleted",
    "notcomplete",
    "notdone",
];
const CANCELLED: &[&str] = &["取消", "撤销", "终止", "cancelled", "canceled", "dropped"];
const STALLED: &[&str] = &[
    "停工",
    "暂停",
    "停滞",
    "搁置",
    "暂缓",
    "stalled",
    "onhold",
    "suspended",
    "paused",
];
/// Work under way. 基本完成 and 部分完成 are here: in a progress report they mean "not yet".
const IN_PROGRESS: &[&str] = &[
    "基本完成",
    "部分完成",
    "正在",
    "推进",
    "建设中",
    "在建",
    "进行中",
    "实施中",
    "已开工",
    "开工建设",
    "施工",
    "序时",
    "滞后",
    "超进度",
    "inprogress",
    "ongoing",
    "underway",
    "underconstruction",
    "started",
    "behind",
    "ontrack",
    "ahead",
];
const COMPLETED: &[&str] = &[
    "完成",
    "竣工",
    "完工",
    "建成",
    "投用",
    "投入使用",
    "completed",
    "complete",
    "done",
    "finished",
];
const AHEAD: &[&str] = &["超序时", "快于序时", "超进度", "ahead"];
const BEHIND: &[&str] = &["滞后", "慢于序时", "落后于序时", "behind", "delayed"];
const ON_TRACK: &[&str] = &["按序时", "序时推进", "符合序时", "达到序时", "ontrack"];

/// A state read from words, and what it was read from.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct State {
    pub status: Option<Status>,
    pub schedule: Option<Schedule>,
}

/// The status words in `text` say, if they say one plainly.
pub fn state_from_words(text: &str) -> State {
    let mut t = fold(text);
    let not_started = NOT_STARTED.iter().any(|w| t.contains(w));
    for w in NOT_STARTED.iter().chain(AMBIGUOUS) {
        t = t.replace(w, "\u{0}");
    }
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    let status = if has(CANCELLED) {
        Some(Status::Cancelled)
    } else if has(STALLED) {
        Some(Status::Stalled)
    } else if has(IN_PROGRESS) {
        Some(Status::InProgress)
    } else if not_started {
        // 已完成前期工作,尚未开工: what is done is preparation, not the project.
        Some(Status::NotStarted)
    } else if has(COMPLETED) {
        Some(Status::Completed)
    } else {
        None
    };
    let schedule = if status != Some(Status::InProgress) {
        None
    } else if has(AHEAD) {
        Some(Schedule::Ahead)
    } else if has(BEHIND) {
        Some(Schedule::Behind)
    } else if has(ON_TRACK) {
        Some(Schedule::OnTrack)
    } else {
        None
    };
    State { status, schedule }
}

/// A cell that is nothing but a share of work done: `85%`, `85`, or `0.85` as Excel stores a
/// cell formatted as a percentage. Anything outside 0-100 is not a share of work.
pub fn percent_value(text: &str) -> Option<f64> {
    let t = fold(text);
    let (num, explicit) = match t.strip_suffix('%') {
        Some(n) => (n, true),
        None => (t.as_str(), false),
    };
    let v: f64 = num.parse().ok().filter(|v: &f64| v.is_finite())?;
    let v = if !explicit && (0.0..=1.0).contains(&v) {
        v * 100.0
    } else {
        v
    };
    (0.0..=100.0)
        .contains(&v)
        .then_some((v * 100.0).round() / 100.0)
}

/// Clauses whose percentage measures something other than the work done.
const NOT_PROGRESS: &[&str] = &[
    "增长",
    "下降",
    "同比",
    "环比",
    "提高",
    "降低",
    "减少",
    "提升",
    "覆盖率",
    "达标率",
    "合格率",
    "满意度",
    "占比",
    "增幅",
];

/// The share of work done that a sentence of progress text states: a percentage in a clause
/// that speaks of 完成 or 进度 (完成年度任务的85%, 形象进度60%). Growth rates and coverage
/// figures are not progress; two different shares in one text are not read at all.
pub fn percent_in_text(text: &str) -> Option<f64> {
    let t: String = fold(text);
    if let Some(v) = percent_value(&t) {
        return Some(v);
    }
    let mut found: Vec<f64> = Vec::new();
    let chars: Vec<char> = t.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if *c != '%' {
            continue;
        }
        let mut j = i;
        while j > 0 && (chars[j - 1].is_ascii_digit() || chars[j - 1] == '.') {
            j -= 1;
        }
        if j == i {
            continue;
        }
        let clause_start = chars[..j]
            .iter()
            .rposition(|c| ",;。、\n".contains(*c))
            .map_or(0, |p| p + 1);
        let clause: String = chars[clause_start..j].iter().collect();
        let speaks_of_work = ["完成", "进度", "完工", "进展", "progress", "complete"]
            .iter()
            .any(|w| clause.contains(w));
        if !speaks_of_work || NOT_PROGRESS.iter().any(|w| clause.contains(w)) {
            continue;
        }
        let number: String = chars[j..i].iter().collect();
        if let Some(v) = number
            .parse::<f64>()
            .ok()
            .filter(|v| (0.0..=100.0).contains(v))
        {
            found.push(v);
        }
    }
    found.dedup();
    match found.as_slice() {
        [v] => Some(*v),
        _ => None,
    }
}

/// A date as tables write it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum When {
    Date(Date),
    /// 年底, 年内, 12月底 of the list's own year: what the content format assumes anyway.
    YearEnd,
}

/// Reads `2024-06-30`, `2024/6/30`, `2024年6月30日`, `2024年6月底`, `2024.6`, `6月底` (in
/// `year`) and `年底`. A month without a day means its last day: "by June".
pub fn when(text: &str, year: i16) -> Option<When> {
    let mut t = fold(text);
    for suffix in ["之前", "以前", "前", "完成", "止"] {
        if let Some(s) = t.strip_suffix(suffix) {
            t = s.to_string();
        }
    }
    for suffix in ["底", "末", "份", "中旬", "上旬", "下旬"] {
        if let Some(s) = t.strip_suffix(suffix) {
            if suffix.ends_with('旬') {
                return None;
            }
            t = s.to_string();
        }
    }
    if ["年", "年内", "全年", "本年", "当年", "今年", "年度内"].contains(&t.as_str())
    {
        return Some(When::YearEnd);
    }
    if let Some(s) = t.strip_suffix('日').or_else(|| t.strip_suffix('号')) {
        t = s.to_string();
    }
    let ends_with_month = t.ends_with('月');
    let ends_with_year = t.ends_with('年');
    let parts: Vec<&str> = t
        .split(['-', '/', '.', '年', '月'])
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() || parts.iter().any(|p| !p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let n: Vec<i32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    if n.len() != parts.len() {
        return None;
    }
    let full_year = |y: i32| (1949..=2100).contains(&y).then_some(y as i16);
    let month_end = |y: i16, m: i32| {
        let d = Date::new(y, i8::try_from(m).ok()?, 1).ok()?;
        Some(d.last_of_month())
    };
    let date = match n.as_slice() {
        [y, m, d] => Date::new(
            full_year(*y)?,
            i8::try_from(*m).ok()?,
            i8::try_from(*d).ok()?,
        )
        .ok()?,
        [y, m] if parts[0].len() == 4 => month_end(full_year(*y)?, *m)?,
        [y] if ends_with_year && parts[0].len() == 4 => {
            let y = full_year(*y)?;
            if y == year {
                return Some(When::YearEnd);
            }
            Date::new(y, 12, 31).ok()?
        }
        [m] if ends_with_month => month_end(year, *m)?,
        _ => return None,
    };
    // 12月31日 of the list's own year is the year end the content format assumes; stating it
    // would flag every project finished before December as early.
    if date.year() == year && date.month() == 12 && date.day() == 31 {
        return Some(When::YearEnd);
    }
    Some(When::Date(date))
}

/// The date a line above the header gives the table's figures as of: 截至2024年9月30日.
pub fn as_of_line(text: &str, year: i16) -> Option<Date> {
    let t = fold(text);
    let at = ["截至", "截止", "截止到", "asof"]
        .iter()
        .filter_map(|w| t.find(w).map(|i| i + w.len()))
        .min()?;
    let rest: String = t[at..]
        .chars()
        .skip_while(|c| *c == ':' || *c == '到')
        .take_while(|c| c.is_ascii_digit() || "-/.年月日号底末".contains(*c))
        .collect();
    match when(&rest, year)? {
        When::Date(d) => Some(d),
        When::YearEnd => Date::new(year, 12, 31).ok(),
    }
}

const NUMERALS: &str = "一二三四五六七八九十";

/// `folded` without a leading list number: 一、 （二） 3. 4、
fn strip_numbering(folded: &str) -> &str {
    let is_num = |c: char| NUMERALS.contains(c) || c.is_ascii_digit();
    if let Some(rest) = folded.strip_prefix('(') {
        if let Some(close) = rest.find(')') {
            if close > 0 && rest[..close].chars().all(is_num) {
                return &rest[close + 1..];
            }
        }
    }
    let digits: usize = folded
        .chars()
        .take_while(|c| is_num(*c))
        .map(char::len_utf8)
        .sum();
    if digits > 0 {
        if let Some(c) = folded[digits..]
            .chars()
            .next()
            .filter(|c| "、.,:".contains(*c))
        {
            return &folded[digits + c.len_utf8()..];
        }
    }
    folded
}

/// A heading or category without its number, count and generic ending: 一、教育领域（5项）
/// is 教育.
fn bare_name(folded: &str) -> &str {
    let mut s = strip_numbering(folded);
    if let Some(open) = s.rfind('(') {
        if s.ends_with(')') && s[open..].contains('项') {
            s = &s[..open];
        }
    }
    for suffix in ["领域", "方面", "类", "事业"] {
        if let Some(rest) = s.strip_suffix(suffix).filter(|r| !r.is_empty()) {
            return rest;
        }
    }
    s
}

/// Whether a row's only text reads as a section heading rather than a project: numbered
/// with a Chinese numeral (一、 （二）) or counting its projects (（5项）).
pub fn is_heading(text: &str) -> bool {
    let t = fold(text);
    let chinese_number = |s: &str| {
        let n = s.chars().take_while(|c| NUMERALS.contains(*c)).count();
        (n > 0).then(|| s.chars().nth(n)).flatten()
    };
    let numbered = match t.strip_prefix('(') {
        Some(rest) => chinese_number(rest) == Some(')'),
        None => chinese_number(&t) == Some('、'),
    };
    let counted = t.ends_with("项)") || t.ends_with("件)");
    numbered || counted
}

/// Whether `text` is just the domain's id or one of its names, give or take a section
/// number and count (一、教育（5项）): then a comment repeating it would say nothing new.
pub fn is_name_of(text: &str, d: &DomainEntry) -> bool {
    let folded = fold(text);
    let names = names(d);
    names.contains(&folded) || names.iter().any(|n| n == bare_name(&folded))
}

/// A domain's id and names in every language, folded for comparison.
fn names(d: &DomainEntry) -> Vec<String> {
    let mut v = vec![fold(&d.id)];
    match &d.name {
        Text::Plain(s) => v.push(fold(s)),
        Text::Localized(m) => v.extend(m.values().map(|s| fold(s))),
    }
    v
}

/// The site domain a table's category names: by id, by a name in any language, or by a name
/// that contains it or that it contains (医疗 -> 医疗卫生), provided only one domain fits.
pub fn domain<'a>(text: &str, domains: &'a [DomainEntry]) -> Option<&'a str> {
    let folded = fold(text);
    let bare = bare_name(&folded);
    if bare.is_empty() {
        return None;
    }
    if let Some(d) = domains
        .iter()
        .find(|d| names(d).iter().any(|n| n == &folded || n == bare))
    {
        return Some(&d.id);
    }
    let long_enough = bare.chars().count() >= 2;
    let fits: Vec<&DomainEntry> = domains
        .iter()
        .filter(|d| {
            long_enough
                && names(d)
                    .iter()
                    .any(|n| n.chars().count() >= 2 && (n.contains(bare) || bare.contains(n)))
        })
        .collect();
    match fits.as_slice() {
        [d] => Some(&d.id),
        _ => None,
    }
}

/// An ASCII slug for a project title: its pinyin without tones, as lead units get theirs,
/// cut at a syllable so addresses stay short. Leading list numbers (1、 （一）) are left out.
pub fn slug(title: &str) -> String {
    let folded = fold(title);
    let mut words: Vec<String> = Vec::new();
    let mut ascii = String::new();
    for c in strip_numbering(&folded).chars() {
        if c.is_ascii_alphanumeric() {
            ascii.push(c.to_ascii_lowercase());
            continue;
        }
        if !ascii.is_empty() {
            words.push(std::mem::take(&mut ascii));
        }
        // One syllable per character, so 5G基站 is 5g-ji-zhan and not 5gji-zhan.
        let spelled = deunicode::deunicode_char(c).unwrap_or("");
        words.extend(
            spelled
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_ascii_lowercase),
        );
    }
    if !ascii.is_empty() {
        words.push(ascii);
    }
    let mut slug = String::new();
    for w in words {
        if !slug.is_empty() && slug.len() + 1 + w.len() > MAX_ID {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&w);
    }
    slug.chars().take(MAX_ID).collect()
}

/// Long enough to tell a city's projects apart, short enough for an address worth sharing.
const MAX_ID: usize = 40;

#[cfg(test)]
mod tests {
    use super::*;

    fn status(t: &str) -> Option<Status> {
        state_from_words(t).status
    }

    #[test]
    fn statuses_are_read_only_when_the_words_say_so() {
        assert_eq!(status("已完成"), Some(Status::Completed));
        assert_eq!(status("已全部完工并投入使用"), Some(Status::Completed));
        assert_eq!(status("正在推进主体施工"), Some(Status::InProgress));
        assert_eq!(status("已完成选址,正在建设中"), Some(Status::InProgress));
        assert_eq!(status("未开工"), Some(Status::NotStarted));
        assert_eq!(status("已完成前期工作,尚未开工"), Some(Status::NotStarted));
        assert_eq!(status("3个已开工,2个未开工"), Some(Status::InProgress));
        assert_eq!(status("未完成"), None);
        assert_eq!(status("基本完成"), Some(Status::InProgress));
        assert_eq!(status("因资金问题暂停"), Some(Status::Stalled));
        assert_eq!(status("项目取消"), Some(Status::Cancelled));
        assert_eq!(status("Not started"), Some(Status::NotStarted));
        assert_eq!(status("In progress"), Some(Status::InProgress));
        assert_eq!(status("详见附件"), None);
        assert_eq!(
            state_from_words("进度滞后").schedule,
            Some(Schedule::Behind)
        );
        assert_eq!(
            state_from_words("超序时推进").schedule,
            Some(Schedule::Ahead)
        );
        assert_eq!(
            state_from_words("按序时推进").schedule,
            Some(Schedule::OnTrack)
        );
        assert_eq!(state_from_words("已完成").schedule, None);
    }

    #[test]
    fn percentages_only_where_they_measure_work_done() {
        assert_eq!(percent_value("85%"), Some(85.0));
        assert_eq!(percent_value("８５％"), Some(85.0));
        assert_eq!(percent_value("0.6"), Some(60.0));
        assert_eq!(percent_value("60"), Some(60.0));
        assert_eq!(percent_value("150%"), None);
        assert_eq!(percent_in_text("已完成年度任务的85%"), Some(85.0));
        assert_eq!(percent_in_text("主体完工,形象进度达60%"), Some(60.0));
        assert_eq!(percent_in_text("就诊人次同比增长12%"), None);
        assert_eq!(percent_in_text("完成投资3亿元,占年度计划的80%"), None);
        assert_eq!(percent_in_text("完成率80%,进度90%"), None);
        assert_eq!(percent_in_text("覆盖率完成95%"), None);
    }

    #[test]
    fn dates_as_tables_write_them() {
        let date = |s: &str| Some(When::Date(s.parse().unwrap()));
        assert_eq!(when("2024年6月30日", 2024), date("2024-06-30"));
        assert_eq!(when("2024/6/30", 2024), date("2024-06-30"));
        assert_eq!(when("2024.6", 2024), date("2024-06-30"));
        assert_eq!(when("6月底前", 2024), date("2024-06-30"));
        assert_eq!(when("2025年底", 2024), date("2025-12-31"));
        assert_eq!(when("2024年底", 2024), Some(When::YearEnd));
        assert_eq!(when("2024-12-31", 2024), Some(When::YearEnd));
        assert_eq!(when("年底前", 2024), Some(When::YearEnd));
        assert_eq!(when("2024年2月30日", 2024), None);
        assert_eq!(when("6月中旬", 2024), None);
        assert_eq!(when("长期", 2024), None);
        assert_eq!(when("3-6月", 2024), None);
        assert_eq!(
            as_of_line("（截至2024年9月30日）", 2024),
            Some("2024-09-30".parse().unwrap())
        );
        assert_eq!(
            as_of_line("截至9月底", 2024),
            Some("2024-09-30".parse().unwrap())
        );
        assert_eq!(as_of_line("填报单位:市发改委", 2024), None);
    }

    fn domains() -> Vec<DomainEntry> {
        let yaml = "- {id: education, name: {zh-Hans: 教育, en: Education}}\n\
                    - {id: healthcare, name: {zh-Hans: 医疗卫生, en: Healthcare}}\n\
                    - {id: culture-sports, name: {zh-Hans: 文化体育, en: Culture and sports}}\n\
                    - {id: social, name: 社会救助与扶弱}\n\
                    - {id: housing, name: 住房保障}\n\
                    - {id: elderly-care, name: 养老服务}\n\
                    - {id: public-services, name: 公共服务}\n";
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn domains_by_id_name_or_one_unambiguous_fit() {
        let d = domains();
        assert_eq!(domain("教育", &d), Some("education"));
        assert_eq!(domain("Healthcare", &d), Some("healthcare"));
        assert_eq!(domain("education", &d), Some("education"));
        assert_eq!(domain("医疗", &d), Some("healthcare"));
        assert_eq!(domain("一、教育领域（5项）", &d), Some("education"));
        assert_eq!(domain("（二）文化体育类", &d), Some("culture-sports"));
        assert_eq!(domain("社会救助", &d), Some("social"));
        assert_eq!(domain("养老", &d), Some("elderly-care"));
        assert_eq!(domain("服务", &d), None);
        assert_eq!(domain("交通", &d), None);
        assert_eq!(domain("教", &d), None);
    }

    #[test]
    fn headings_are_told_from_titles() {
        assert!(is_heading("一、教育"));
        assert!(is_heading("（三）医疗卫生"));
        assert!(is_heading("民生保障类（6项）"));
        assert!(!is_heading("一站式服务中心建设"));
        assert!(!is_heading("新建学校"));
    }

    #[test]
    fn ids_are_short_pinyin() {
        assert_eq!(slug("老旧小区改造"), "lao-jiu-xiao-qu-gai-zao");
        assert_eq!(slug("1、老旧小区改造"), "lao-jiu-xiao-qu-gai-zao");
        assert_eq!(
            slug("新增义务教育公办学校学位和乡村温馨校园建设"),
            "xin-zeng-yi-wu-jiao-yu-gong-ban-xue-xiao"
        );
        assert_eq!(slug("5G基站"), "5g-ji-zhan");
        assert_eq!(slug("！！"), "");
    }
}
