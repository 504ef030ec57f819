//! The messages in Simplified Chinese. Field names, values, file names and commands stay as
//! written, since that is what editors type; everything around them is plain Chinese.

use super::{
    DiskAction, DiskCause, Found, IdKind, ItemKind, Note, Place, Problem, Range, Step, Syntax,
    Texts, UrlKind, Wanted, Word,
};
use crate::yaml_guard::MAX_DEPTH;

pub(super) fn word(word: Word) -> &'static str {
    match word {
        Word::Error => "错误",
        Word::Warning => "警告",
        Word::Expected => "应为",
        Word::Hint => "提示",
    }
}

pub(super) fn labelled(w: Word, text: &str) -> String {
    format!("{}：{text}", word(w))
}

pub(super) fn note(note: &Note) -> String {
    match note {
        Note::Summary { errors, warnings } => format!("{errors}个错误，{warnings}个警告"),
        Note::Valid => "内容检查通过".to_string(),
        Note::Rebuilt {
            files,
            changed,
            milliseconds,
        } => format!("已生成{files}个文件，其中{changed}个有变化，用时{milliseconds}毫秒"),
        Note::StillServing => {
            "这次修改没能生成网站：预览仍显示上一个正确的版本；请改正上面的错误".to_string()
        }
        Note::BuildStopped => {
            "网站没有生成：请先改正上面的错误；原来的输出文件夹保持不变".to_string()
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
            let mut text = format!("已生成{pages}个页面（{kilobytes} KB），写入 {output}，用时{milliseconds}毫秒；{unchanged}个文件没有变化");
            if *kept_cities > 0 {
                text.push_str(&format!(
                    "；{cities}个城市中有{kept_cities}个的内容与上次相同，其页面沿用上次生成的文件"
                ));
            }
            text
        }
        Note::RefuseOutput { output } => {
            format!("不能生成到 {output}：那里存放着门户自己的文件，生成网站时会被覆盖")
        }
        Note::PickOutput => "请另选一个专用的输出文件夹，例如 --output output".to_string(),
        Note::BadBaseUrlFlag { value, found } => match found {
            Some(c) => format!(
                "--base-url “{value}”不能作为网站地址：其中有{}",
                name_char(*c)
            ),
            None => format!("--base-url “{value}”不是网址"),
        },
        Note::BaseUrlHint => format!("请写{PLAIN_ADDRESS}"),
        Note::DiskFailed {
            action,
            path,
            cause,
        } => {
            let cause = disk_cause(cause);
            match action {
                DiskAction::Stage => format!("无法在 {path} 里为新网站创建临时文件夹：{cause}"),
                DiskAction::CreateFolder => format!("无法创建文件夹 {path}：{cause}"),
                DiskAction::WriteFile => format!("无法写入 {path}：{cause}"),
                DiskAction::Replace => format!("无法把新生成的网站放到 {path}：{cause}"),
                DiskAction::Restore => format!("无法把原来的网站放回 {path}：{cause}"),
            }
        }
        Note::DiskHint { cause, kept } => {
            let advice = match cause {
                DiskCause::Full | DiskCause::Quota => {
                    "请清理出磁盘空间，或用 --output 生成到别的磁盘"
                }
                DiskCause::ReadOnly | DiskCause::Denied => {
                    "请用 --output 生成到一个有写入权限的文件夹"
                }
                DiskCause::TooLarge => {
                    "当前终端设置了文件大小上限（见 ulimit -f）；请取消这个上限，或换个地方生成"
                }
                DiskCause::NotAFolder => "请检查 --output 的路径：其中有一段是文件",
                DiskCause::Busy => {
                    "输出文件夹会被整个替换，所以不能是挂载点；请改为挂载它的上一级文件夹"
                }
                DiskCause::Other(_) => "请检查磁盘和 --output 的路径，然后重新生成",
            };
            match kept {
                Some(output) => format!("{advice}；{output} 保持原样，没有改动"),
                None => advice.to_string(),
            }
        }
    }
}

fn disk_cause(cause: &DiskCause) -> String {
    match cause {
        DiskCause::Full => "磁盘空间已满".into(),
        DiskCause::Quota => "磁盘配额已用完".into(),
        DiskCause::ReadOnly => "文件系统是只读的".into(),
        DiskCause::Denied => "没有写入权限".into(),
        DiskCause::TooLarge => "文件超出了本进程允许写入的大小".into(),
        DiskCause::NotAFolder => "路径中有一段是文件，不是文件夹".into(),
        DiskCause::Busy => "文件夹正被占用（例如是一个挂载点）".into(),
        DiskCause::Other(words) => words.clone(),
    }
}

const PLAIN_ADDRESS: &str =
    "普通网址，例如 https://example.org/portal/，其中不能有空格、引号、尖括号、问号或井号";

/// Invisible characters go by their code, so the message shows what to delete.
fn name_char(c: char) -> String {
    if c == ' ' {
        "空格".to_string()
    } else if c.is_whitespace() || c.is_control() {
        format!("不可见字符 U+{:04X}", c as u32)
    } else {
        format!("“{c}”")
    }
}

const SLUG: &str = "小写英文字母、数字和单个连字符“-”";
const SEE_DOCS: &str = "docs/content-format.md";
const WEB_ADDRESS: &str = "以 https:// 或 http:// 开头的地址";
const SAVE_AS_UTF8: &str = "请把文件另存为 UTF-8 编码（记事本：“另存为”，编码选“UTF-8”）";

// Laid out by hand as a table, one problem to an arm: rustfmt cannot break the sentences and
// would leave the match half-formatted.
#[rustfmt::skip]
pub(super) fn problem(p: &Problem) -> Texts {
    match p {
        Problem::NoContentFolder => Texts::new("这里没有 content 文件夹")
            .expected("一个名为 content 的文件夹，里面放 site.yaml 和每个城市的文件夹")
            .hint("请在门户所在的文件夹里运行 shishi，或者用 --root 指明那个文件夹，例如 shishi check --root my-portal"),
        Problem::NoSiteFile => Texts::new("门户缺少 site.yaml")
            .expected("content/site.yaml，写明 title、base_url 和 domains")
            .hint(format!("请新建 content/site.yaml；完整示例见 {SEE_DOCS}")),
        Problem::CannotReadFolder { reason } => Texts::new(format!("无法打开这个文件夹（{reason}）"))
            .hint("请确认文件夹存在，并且有权限读取"),
        Problem::NameNotUtf8 => Texts::new("这个文件或文件夹的名字里有无法识别的字符")
            .hint("请改用小写英文字母、数字和连字符命名"),
        Problem::StrayFile => Texts::new("这个文件不属于任何城市，将被忽略")
            .hint("城市的文件应放在 content/<城市>/city.yaml 和 content/<城市>/<年份>.yaml"),
        Problem::FolderNotSlug { name, suggestion } => Texts::new(format!(
            "文件夹名“{name}”不能使用：文件夹名会成为网址的一部分"
        ))
        .expected(format!("{SLUG}，例如 zhuhai-jinwan"))
        .hint(if suggestion.is_empty() {
            "请给文件夹改名".to_string()
        } else {
            format!("请给文件夹改名，例如改成“{suggestion}”")
        }),
        Problem::ReservedFolder { name, reserved } => Texts::new(format!(
            "“{name}”不能用作城市文件夹名：网站自己的页面要用 /{name}/"
        ))
        .expected(format!("{} 以外的名字", reserved.join("、")))
        .hint(format!("请给文件夹改名，例如加上省名：“hebei-{name}”")),
        Problem::NoCityFile { slug } => Texts::new(format!("城市文件夹“{slug}”里没有 city.yaml"))
            .expected(format!("content/{slug}/city.yaml，至少写明 name 和 level"))
            .hint("请添加 city.yaml，例如\n      name: {zh-Hans: 泉州市, en: Quanzhou}\n      level: prefecture"),
        Problem::NotAYearFile => Texts::new("这个文件不是以年份命名的，将被忽略")
            .expected("以年份命名的文件，例如 2024.yaml")
            .hint("请改名为“年份.yaml”，或者把它移出 content 文件夹"),
        Problem::YearFileIsFolder => Texts::new("这是一个文件夹，却用了年份文件的名字")
            .hint("年份文件应该是 YAML 文件；请把这个文件夹移出城市文件夹"),
        Problem::DuplicateYearFile { year, first } => Texts::new(format!(
            "{year}年有了第二个文件：{first} 已经写了这一年"
        ))
        .expected(format!("每年一个文件，名为 {year}.yaml"))
        .hint(format!("请把两个文件的内容合并到 {year}.yaml，删掉另一个")),
        Problem::FileIsFolder => Texts::new("这是一个文件夹，但这里应该是一个文件")
            .hint("site.yaml 和 city.yaml 都是 YAML 文件；请把这个文件夹移走，在原处写好文件"),
        Problem::SpecialFile => Texts::new("这不是普通文件，而是管道、套接字或设备文件，不会读取")
            .expected("普通的 YAML 文件")
            .hint("请换成它所代表的 YAML 文件"),
        Problem::LinkOutside { target } => Texts::new(format!(
            "这是指向“{target}”的链接，在 content 文件夹之外，不会跟随读取"
        ))
        .expected("文件本身，或者指向 content 文件夹内文件的链接")
        .hint("请把文件复制到 content 文件夹里，不要链接：门户的内容就是它的仓库里有的文件"),
        Problem::LinkDangling { target } => Texts::new(format!(
            "这是指向“{target}”的链接，但那里没有文件"
        ))
        .hint("请让链接指向存在的文件，或者直接换成文件本身"),
        Problem::LinkLoop { target } => Texts::new(format!(
            "这是指向“{target}”的链接，绕了一圈又指回了自己"
        ))
        .hint("互相指向或指向自己的链接永远找不到文件；请直接换成文件本身"),

        Problem::EmptyFile => Texts::new("文件是空的")
            .hint(format!("请填写内容（见 {SEE_DOCS}），或者删除这个文件")),
        Problem::CannotReadFile { reason } => Texts::new(format!("无法读取这个文件（{reason}）"))
            .hint("请确认文件存在，并且有权限读取"),
        Problem::FileTooLarge { megabytes, limit } => Texts::new(format!(
            "文件有{megabytes} MB，内容文件不会这么大，不予读取"
        ))
        .expected(format!("不超过{limit} MB"))
        .hint("请确认是不是放错了文件；即使项目很多的一年，清单也远不到 1 MB"),
        Problem::Utf16 => Texts::new("文件是用 UTF-16 编码保存的，不是 UTF-8")
            .expected("UTF-8 编码的文本")
            .hint(SAVE_AS_UTF8),
        Problem::NotUtf8 => Texts::new("文件不是 UTF-8 编码（可能是中文版 Windows 常用的 GBK 或 GB18030）")
            .expected("UTF-8 编码的文本")
            .hint(format!("{SAVE_AS_UTF8}，或者运行 iconv -f GBK -t UTF-8 in.yaml > out.yaml")),
        Problem::NotText => Texts::new("文件不是文本，而是图片、表格之类的二进制数据")
            .expected("UTF-8 编码的 YAML 文本")
            .hint("请确认是不是放错了文件；表格要用 shishi import 转换（见 docs/import.md），不能直接放进 content 文件夹"),

        Problem::Syntax { kind, detail } => {
            let t = syntax(*kind);
            let hint = t.hint.clone().unwrap_or_default();
            Texts {
                hint: Some(format!("{hint}（YAML 解析器的原始提示：{detail}）")),
                ..t
            }
        }
        Problem::ManyDocuments => Texts::new("文件里有不止一份文档：有一行“---”把它分开了")
            .hint("每个内容文件只是一份文档；请删掉“---”这一行，或者把它后面的内容另存为一个文件"),
        Problem::TooDeep => Texts::new(format!(
            "这里的值嵌套超过了{MAX_DEPTH}层，文件不予读取"
        ))
        .expected("内容格式里的字段，最多嵌套七层左右")
        .hint("多半是有 [ 或 { 没有闭合，或者各行越缩越深；请检查到这一行为止的括号和空格"),
        Problem::Anchor { name } => Texts::new(format!(
            "“{name}”是 YAML 的锚点，内容文件不用这种写法"
        ))
        .expected("每个值都在它所在的位置完整写出")
        .hint(format!("请删掉“{name}”；如果文字本来就以 & 开头，请给整个值加上英文引号")),
        Problem::Alias { name } => Texts::new(format!(
            "“{name}”是 YAML 的别名，即对另一个值的引用，内容文件不用这种写法"
        ))
        .expected("每个值都在它所在的位置完整写出")
        .hint("请在这里把值完整写出；如果文字本来就以 * 开头，请给整个值加上英文引号，例如 note: \"*以上为初步统计\""),
        Problem::Tag { name } => Texts::new(format!(
            "“{name}”是 YAML 的类型标签，内容文件不用这种写法"
        ))
        .expected("普通的值：文字、数字、列表和“名称: 值”")
        .hint(format!("请删掉“{name}”；如果文字本来就以 ! 开头，请给整个值加上英文引号")),

        Problem::UnknownField { at, field, known, suggestion } => {
            let message = if at.is_root() {
                format!("不认识的字段“{field}”")
            } else {
                format!("{}里有不认识的字段“{field}”", owner(at))
            };
            Texts::new(message)
                .maybe_expected((!known.is_empty()).then(|| format!("{} 中的一个字段", known.join("、"))))
                .suggest(did_you_mean(suggestion), format!("请对照 {SEE_DOCS} 检查拼写；字段名都是小写英文"))
        }
        Problem::UnknownWord { at, value, known, suggestion } => Texts::new(format!(
            "{}不能写成“{value}”", place(at)
        ))
        .maybe_expected(one_of(known))
        .suggest(did_you_mean(suggestion), "请从上面的英文词里选一个；网页上会按门户的语言显示"),
        Problem::MissingField { at, field } => Texts::new(if at.is_root() {
            format!("缺少字段“{field}”")
        } else {
            format!("{}缺少字段“{field}”", owner(at))
        })
        .expected(format!("这里要有一行“{field}: …”"))
        .hint(format!("请补上“{field}:”；它的写法见 {SEE_DOCS}")),
        Problem::WrongType { at, found, wanted } => wrong_type(at, found, wanted),
        Problem::DuplicateKey { at, field } => Texts::new(if at.is_root() {
            format!("字段“{field}”在本文件里写了两次")
        } else {
            format!("{}里的字段“{field}”写了两次", place(at))
        })
        .hint("同一项里每个字段只能写一次；请保留一个，删掉另一个"),
        Problem::Unreadable { at, detail } => Texts::new(if at.is_root() {
            format!("本文件无法读取：{detail}")
        } else {
            format!("{}无法读取：{detail}", place(at))
        })
        .hint(format!("请对照 {SEE_DOCS} 检查这个值")),

        Problem::NotWebAddress { value, kind } => Texts::new(format!("“{value}”不是网址"))
            .expected(WEB_ADDRESS)
            .hint(match kind {
                UrlKind::Site => "请写网站将要发布的地址，例如 https://example.org/portal/",
                UrlKind::License => "请链接到许可协议的全文，例如 https://creativecommons.org/licenses/by/4.0/",
                UrlKind::Source => "请从浏览器地址栏复制完整的地址，或者删掉 url 这一行",
                UrlKind::Repository => "请写代码仓库的网页地址，例如 https://git.example.org/team/portal，或者删掉 repository 这一行",
            }),
        Problem::BaseUrlChar { value, found } => Texts::new(format!(
            "“{value}”不能作为网站地址：其中有{}",
            name_char(*found)
        ))
        .expected(PLAIN_ADDRESS)
        .hint("网站的每个链接都以这个地址开头；请删掉这个字符，或者写成百分号编码（空格写作 %20）"),
        Problem::UnknownLanguage { value, suggestion } => Texts::new(format!(
            "shishi 没有“{value}”语言的界面"
        ))
        .expected("zh-Hans 或 en")
        .suggest(did_you_mean(suggestion), "简体中文写 zh-Hans，英文写 en"),
        Problem::ThemeNotSlug { value } => Texts::new(format!("“{value}”不是主题文件夹的名字"))
            .expected("themes 下某个文件夹的名字，例如 default")
            .hint("请只用小写英文字母、数字和连字符"),
        Problem::NoDomains => Texts::new("门户没有列出任何领域（domains）")
            .expected("至少一个领域，例如“- {id: education, name: 教育}”")
            .hint("每个项目都要从这个列表里选一个领域"),

        Problem::NotSlug { kind, value, suggestion } => Texts::new(format!(
            "{}“{value}”不能使用：编号会成为网址的一部分", id_kind(*kind)
        ))
        .expected(format!("{SLUG}，例如 school-places"))
        .hint(if suggestion.is_empty() {
            "请用英文或拼音描述；中文名称写在 title 里".to_string()
        } else {
            format!("例如写成“{suggestion}”；中文名称写在 title 里")
        }),
        Problem::DuplicateId { kind, value } => Texts::new(format!(
            "{}“{value}”在本文件里用了两次", id_kind(*kind)
        ))
        .hint(format!("每个{}都要有自己的编号；如果两条说的是同一件事，请合并", item_noun(*kind))),

        Problem::CityNoName => Texts::new("城市没有名称")
            .hint("例如写 name: {zh-Hans: 泉州市, en: Quanzhou}"),
        Problem::BadAdminCode { value } => Texts::new(format!("“{value}”不是行政区划代码"))
            .expected("加引号的六位数字，例如 admin_code: \"350500\"")
            .hint("请查阅国家行政区划代码，或者删掉这一行"),
        Problem::UnknownParentCity { parent, suggestion } => Texts::new(format!(
            "上级地区“{parent}”不是本门户里的城市"
        ))
        .expected("content 下某个文件夹的名字")
        .suggest(
            did_you_mean(suggestion),
            if crate::ids::is_slug(parent) {
                format!("请添加 content/{parent}/city.yaml，或者删掉 parent 这一行")
            } else {
                "请写上级城市的文件夹名，例如“fujian”，或者删掉 parent 这一行".to_string()
            },
        ),
        Problem::CityParentLoop { slug } => Texts::new(format!(
            "从“{slug}”沿着 parent 往上找，又回到了“{slug}”"
        ))
        .hint("上级链条必须终止于一个没有 parent 的城市"),

        Problem::YearMismatch { stem, year } => Texts::new(format!(
            "文件名是 {stem}.yaml，里面却写着“year: {year}”"
        ))
        .expected(format!("year: {stem}"))
        .hint("请让文件名和 year 一致；一个文件只写一年"),
        Problem::ImplausibleYear { year } => Texts::new(format!("{year}不像是一个年份"))
            .expected("1949 到 2100 之间的四位数年份，例如 2024")
            .hint("请写这份实事清单所属的年份，文件名也用这个年份"),
        Problem::NoSources => Texts::new("这一年没有列出任何来源")
            .expected("至少一个来源，也就是数据出处的那篇报道")
            .hint("请添加 sources: [{id: report, title: ..., publisher: ..., type: media}]"),
        Problem::UnknownSource { at, id, known, suggestion } => Texts::new(format!(
            "{}引用的来源“{id}”在本文件里找不到", owner(at)
        ))
        .maybe_expected(one_of(known))
        .suggest(did_you_mean(suggestion), "请先把这篇报道加进文件开头的 sources，再引用它的编号"),
        Problem::CountsExceedTotal { at, stated, total } => Texts::new(format!(
            "{}的各项数字加起来是{stated}，超过了总数{total}", owner(at)
        ))
        .hint("请对照报道核对数字；每个项目只能计入一类"),
        Problem::TotalDiffersFromList { total, listed } => Texts::new(format!(
            "报道说共有{total}个项目，本文件列出了{listed}个"
        ))
        .hint("清单还没录全时可以这样；页面会同时显示这两个数字"),
        Problem::UnknownDomain { at, domain, known, suggestion } => Texts::new(format!(
            "{}所属的领域“{domain}”不在 site.yaml 的领域列表里", owner(at)
        ))
        .expected(format!("content/site.yaml 里的领域编号：{}", known.join("、")))
        .suggest(
            did_you_mean(suggestion),
            "请把它加到 content/site.yaml 的 domains 里，或者从那里已有的领域中选一个",
        ),
        Problem::UpdatesAndState { at } => Texts::new(format!(
            "{}既有 updates，又直接写了状态；以最新一条进展为准", owner(at)
        ))
        .hint("请把直接写的 status 和 progress 移到一条带日期的进展里"),
        Problem::OwnParent { at } => Texts::new(format!("{}把自己写成了自己的上级项目（parent）", owner(at)))
            .hint("请删掉 parent，或者写上这个项目所属的项目"),
        Problem::UnknownParentProject { at, parent, suggestion } => Texts::new(format!(
            "{}的上级项目“{parent}”在本文件里找不到", owner(at)
        ))
        .suggest(did_you_mean(suggestion), "parent 要写同一个年份文件里另一个项目的编号"),
        Problem::ProjectParentLoop { at } => Texts::new(format!(
            "从{}沿着 parent 往上找，又回到了它自己", owner(at)
        ))
        .hint("子项目必须构成树状结构：这个循环里有一处 parent 要删掉"),
        Problem::BadContinues { value } => Texts::new(format!("“{value}”不是对往年项目的引用"))
            .expected("年份/项目编号，例如 2023/school-places")
            .hint("先写往年清单的年份，再写斜杠“/”和那个项目在那一年的编号"),
        Problem::ContinuesNotEarlier { value, year } => Texts::new(format!(
            "“{value}”不早于{year}年"
        ))
        .hint("continues 只能指向往年的项目；后续年份的链接会自动生成"),
        Problem::ContinuesNoYear { year } => Texts::new(format!(
            "continues 指向{year}年，但这个城市没有 {year}.yaml"
        ))
        .hint(format!("请在这个城市的文件夹里添加 {year}.yaml，或者改正年份")),
        Problem::ContinuesNoProject { year, id, suggestion } => Texts::new(format!(
            "{year}.yaml 里没有编号为“{id}”的项目"
        ))
        .suggest(
            suggestion.as_ref().map(|s| format!("是不是想写“{year}/{s}”？")),
            format!("请核对 {year}.yaml 里的项目编号"),
        ),
        Problem::BadDateFormat { at, value, suggestion } => Texts::new(format!(
            "{}写的是“{value}”，不是 YYYY-MM-DD 格式的日期", place(at)
        ))
        .expected("YYYY-MM-DD 格式的日期，例如 2024-09-30")
        .suggest(
            suggestion.as_ref().map(|s| format!("是不是想写 {s}？")),
            "请用数字写年、月、日，中间用连字符“-”连接；报道没给日期就删掉这一行",
        ),
        Problem::NoSuchDate { at, value } => Texts::new(format!(
            "{}是“{value}”，日历上没有这一天", place(at)
        ))
        .expected("日历上真实存在的日期，格式为 YYYY-MM-DD，例如 2024-09-30")
        .hint("请对照日历核对这一天（比如 2024-02-30 就不存在）；报道没给日期就删掉这一行"),
        Problem::HistoryUnreadable { detail } => Texts::new(format!("无法读取修改记录：{detail}"))
            .hint("网站照常生成；项目页面不显示读不到的修改记录"),
        Problem::OutOfRange { at, value, range } => Texts::new(format!("{}不能是{value}", place(at)))
            .expected(match range {
                Range::Percent => "0 到 100 之间的数",
                Range::Rate => "0 到 1000 之间的数",
                Range::NonNegative => "不小于 0 的数",
                Range::Count => "不小于 0 的整数",
                Range::Year => "四位数的年份，例如 2024",
            })
            .hint(match range {
                Range::Percent => "progress 是工作完成的百分比；超额完成的指标请写在 targets 的 actual 和 percent 里",
                Range::Rate => "请按报道原样写完成率（百分数），例如 94.3",
                Range::NonNegative | Range::Count => "请按报道原样写这个数字",
                Range::Year => "请用四位数写年份",
            }),
    }
}

fn syntax(kind: Syntax) -> Texts {
    let (message, hint) = match kind {
        Syntax::Tab => (
            "这一行用了制表符（Tab）缩进",
            "请只用空格缩进；YAML 不接受制表符",
        ),
        Syntax::FullWidthColon => (
            "这一行的字段名后面用了中文冒号“：”",
            "请改用英文冒号“:”，后面空一格，例如 title: 新增学位",
        ),
        Syntax::MissingColon => (
            "这一行的字段名后面缺少冒号",
            "请写成“名称: 值”，用英文冒号“:”，后面空一格",
        ),
        Syntax::MisplacedColon => (
            "这里出现了不该有的“名称: 值”：这一行的缩进和上面几行对不齐，或者某个值里含有“: ”",
            "请让它和同一项里的其他字段左对齐；如果值里有冒号加空格，请给整个值加上引号",
        ),
        Syntax::BadIndent => (
            "这一行和上下几行没有对齐",
            "同一项里的字段要从同一列开始；请检查这一行和上一行开头的空格",
        ),
        Syntax::ListNotAligned => (
            "这个列表的各项没有对齐",
            "同一个列表里的每个“- ”都要从同一列开始",
        ),
        Syntax::ListInPlace => (
            "这里应该写一个值，却出现了列表项“- ”",
            "请把列表写在字段名下面几行并缩进，或者在同一行写成 [a, b]",
        ),
        Syntax::UnclosedQuote => (
            "文件在一个没写完的值中间结束了：有引号、[ 或 { 没有闭合",
            "请找到开头的引号或括号，补上对应的结尾",
        ),
        Syntax::UnclosedList => (
            "方括号 [ ] 里的列表没有闭合，或者各项之间缺少逗号",
            "请在同一行写成 [a, b]，用英文逗号分隔",
        ),
        Syntax::UnclosedGroup => (
            "花括号 { } 里的内容没有闭合，或者各项之间缺少逗号",
            "请在同一行写成 {名称: 值, 名称: 值}，用英文逗号分隔",
        ),
        Syntax::ReservedChar => (
            "这个值以 YAML 的保留字符开头，例如 @、` 或 %",
            "请给整个值加上引号，例如 publisher: \"@泉州发布\"",
        ),
        Syntax::BadEscape => (
            "双引号里的反斜杠“\\”后面跟了 YAML 不认识的字符",
            "反斜杠本身要写成 \\\\，或者把双引号换成单引号",
        ),
        Syntax::Alias => (
            "这个值以“*”开头，YAML 会把它当成对另一个值的引用",
            "请给整个值加上引号，例如 note: \"*以上为初步统计\"",
        ),
        Syntax::MissingValue => (
            "这里缺少一个值，或者值的开头字符需要加引号",
            "请在冒号后面写上值，或者给值加上引号",
        ),
        Syntax::ControlChars => (
            "这一行里有看不见的控制字符（这里显示为 �）",
            "这常常是从 PDF 或网页复制粘贴时带进来的；请重新输入这一行",
        ),
        Syntax::Other => (
            "文件的这一部分无法按 YAML 格式读取",
            "请检查这一行和上一行的缩进和标点：用空格缩进，不要用制表符；每个冒号后面空一格",
        ),
    };
    Texts::new(message).hint(hint)
}

fn wrong_type(at: &Place, found: &Found, wanted: &Wanted) -> Texts {
    let subject = if at.is_root() {
        "本文件".to_string()
    } else {
        place(at)
    };
    let found = match found {
        Found::Text(s) => format!("写成了文字“{s}”"),
        Found::Number(n) => format!("写成了数字{n}"),
        Found::Bool(b) => format!("写成了“{b}”"),
        Found::List => "写成了列表".to_string(),
        Found::Fields => "写成了一组“名称: 值”".to_string(),
        Found::Nothing => "这里是空的".to_string(),
        Found::Other(s) => format!("写成了{s}"),
    };
    let (what, expected, hint) = match wanted {
        Wanted::Number => (
            "数字",
            Some("普通的数字，例如 30000 或 94.3".to_string()),
            NUMBER_HINT.to_string(),
        ),
        Wanted::Count => (
            "整数",
            Some("不小于 0 的整数，例如 20".to_string()),
            NUMBER_HINT.to_string(),
        ),
        Wanted::WholeNumber => (
            "整数",
            Some("整数，例如 2024".to_string()),
            NUMBER_HINT.to_string(),
        ),
        Wanted::TrueFalse => (
            "“true”或“false”",
            None,
            "请写 true 或 false，不加引号".to_string(),
        ),
        Wanted::List => (
            "列表",
            None,
            "请写成列表：在字段名下面每行写一个“- 项”，或者在同一行写成 [a, b]".to_string(),
        ),
        Wanted::Fields(record) => (
            "一组“名称: 值”",
            None,
            match record.example() {
                Some(example) => format!("请每行写一个“名称: 值”并缩进，例如\n      {example}"),
                None => "请每行写一个“名称: 值”并缩进".to_string(),
            },
        ),
        Wanted::Text => (
            "文字",
            None,
            "请把文字写在冒号后面；如果以 [ 或 { 开头，或者含有“: ”，请加上引号".to_string(),
        ),
        Wanted::LocalText => (
            "文字",
            Some("一段文字，或者按语言分别写的几段文字".to_string()),
            "例如写 name: 泉州市，有多种语言时写 name: {zh-Hans: 泉州市, en: Quanzhou}".to_string(),
        ),
        Wanted::Word => (
            "规定的英文词之一",
            None,
            format!("请写 {SEE_DOCS} 里列出的词之一"),
        ),
        Wanted::FieldName => (
            "字段名",
            None,
            "每行以字段名和冒号开头，例如 title: ...".to_string(),
        ),
        Wanted::Other(w) => (w.as_str(), None, format!("请对照 {SEE_DOCS} 检查这个值")),
    };
    let t = Texts::new(format!("{subject}应该是{what}，但{found}")).hint(hint);
    match expected {
        Some(e) => t.expected(e),
        None => t,
    }
}

const NUMBER_HINT: &str =
    "请写普通的数字，不要加引号、单位、百分号或千位分隔符（例如写 30000，不要写 3万）";

fn one_of(known: &[String]) -> Option<String> {
    (!known.is_empty()).then(|| format!("{} 中的一个", known.join("、")))
}

fn did_you_mean(suggestion: &Option<String>) -> Option<String> {
    suggestion.as_ref().map(|s| format!("是不是想写“{s}”？"))
}

fn id_kind(kind: IdKind) -> &'static str {
    match kind {
        IdKind::Domain => "领域编号",
        IdKind::Source => "来源编号",
        IdKind::Project => "项目编号",
    }
}

fn item_noun(kind: IdKind) -> &'static str {
    match kind {
        IdKind::Domain => "领域",
        IdKind::Source => "来源",
        IdKind::Project => "项目",
    }
}

/// 项目“school-places”第1条进展的“progress”.
fn place(at: &Place) -> String {
    let mut out = String::new();
    for step in &at.steps {
        let part = match step {
            Step::Field(name) => format!("“{name}”"),
            Step::Item { kind, index, id } => item(kind, *index, id.as_deref()),
        };
        // "项目“a”第1条进展" reads naturally without 的 before a count.
        if !out.is_empty() && !part.starts_with('第') {
            out.push('的');
        }
        out.push_str(&part);
    }
    if out.is_empty() {
        "本文件".to_string()
    } else {
        out
    }
}

fn owner(at: &Place) -> String {
    place(&at.owner())
}

fn item(kind: &ItemKind, index: usize, id: Option<&str>) -> String {
    let n = index + 1;
    let (noun, counted) = match kind {
        ItemKind::Project => ("项目", format!("第{n}个项目")),
        ItemKind::Source => ("来源", format!("第{n}个来源")),
        ItemKind::Domain => ("领域", format!("第{n}个领域")),
        ItemKind::Snapshot => return format!("第{n}个快照"),
        ItemKind::Update => return format!("第{n}条进展"),
        ItemKind::Target => return format!("第{n}项指标"),
        ItemKind::Other(list) if list.is_empty() => return format!("第{n}项"),
        ItemKind::Other(list) => return format!("“{list}”的第{n}项"),
    };
    match id {
        Some(id) => format!("{noun}“{id}”"),
        None => counted,
    }
}
