//! YAML written for editors to read and change: comments where a value needs checking,
//! Chinese as it is, and quotes only where YAML needs them. A serializer can do the last two
//! but not the first, so the year file is written here, one value at a time.

/// `s` as a value on the line of its key: plain when YAML reads it back as the same string,
/// double-quoted otherwise.
pub fn scalar(s: &str) -> String {
    if is_plain_safe(s) {
        s.to_string()
    } else {
        quoted(s)
    }
}

/// `s` after `key:` at `indent` spaces: on the same line, or as a literal block below it when
/// it has several lines, so paragraphs stay paragraphs.
pub fn value(s: &str, indent: usize) -> String {
    if !s.contains('\n') {
        return format!(" {}", scalar(s));
    }
    let block_safe = s.lines().all(|l| l.trim() == l && l.chars().all(printable))
        && !s.starts_with('\n')
        && !s.ends_with('\n');
    if !block_safe {
        return format!(" {}", quoted(s));
    }
    let pad = " ".repeat(indent + 2);
    let mut out = String::from(" |-");
    for line in s.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
    }
    out
}

/// A comment's text on one line: a line break would end the comment.
pub fn comment(s: &str) -> String {
    s.split(['\n', '\r'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Characters YAML allows unescaped (its `c-printable`), less the byte-order mark and the
/// Unicode line separators that some parsers read as line breaks.
fn printable(c: char) -> bool {
    matches!(c, '\t' | ' '..='~' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
        && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}')
}

fn is_plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    let last = s.chars().last().unwrap_or(first);
    if first.is_whitespace()
        || last.is_whitespace()
        || "-?:,[]{}#&*!|>'\"%@`".contains(first)
        || last == ':'
        || s.contains(": ")
        || s.contains(" #")
        || s.contains('\t')
        || !s.chars().all(printable)
    {
        return false;
    }
    // Words YAML (1.1 or 1.2) reads as booleans or null.
    let lower = s.to_ascii_lowercase();
    if [
        "y", "n", "yes", "no", "true", "false", "on", "off", "null", "~",
    ]
    .contains(&lower.as_str())
    {
        return false;
    }
    // Anything that might be a number, a date or a time: quoted rather than reasoned about.
    let numberish = s.chars().all(|c| c.is_ascii() && !c.is_ascii_whitespace())
        && (first.is_ascii_digit() || first == '.' || first == '+');
    !numberish
}

fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if printable(c) => out.push(c),
            c if (c as u32) <= 0xFF => out.push_str(&format!("\\x{:02X}", c as u32)),
            c if (c as u32) <= 0xFFFF => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push_str(&format!("\\U{:08X}", c as u32)),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// Every string comes back from the YAML reader the way it went in.
    #[test]
    fn values_read_back_unchanged() {
        let cases = [
            "新建学校",
            "“双过半”目标",
            "- 开头是短横",
            "项目: 冒号",
            "井号 #1",
            "#井号",
            "yes",
            "No",
            "null",
            "~",
            "2024",
            "2024-09-30",
            "1e3",
            ".5",
            "0x1F",
            "+1",
            "12:30",
            "引号\"与\\反斜杠",
            "'单引号'",
            "tab\there",
            "控制\u{7}字符",
            "行\u{2028}分隔",
            "末尾冒号:",
            "[方括号]",
            "{花括号}",
            "*星号",
            "&锚",
            "!标签",
            "|竖线",
            ">大于",
            "%百分号",
            "@at",
            "`反引号",
            "第一段\n\n第二段",
            "1.第一条\n2.第二条",
            "  前导空格\n第二行",
            "\n空行开头",
            "",
            " ",
        ];
        for s in cases {
            let yaml = format!("k:{}\n", value(s, 0));
            let back: BTreeMap<String, String> =
                serde_yaml::from_str(&yaml).unwrap_or_else(|e| panic!("{s:?} as {yaml:?}: {e}"));
            assert_eq!(back["k"], s, "{yaml}");
            let nested = format!("a:\n  - k:{}\n", value(s, 4));
            let back: BTreeMap<String, Vec<BTreeMap<String, String>>> =
                serde_yaml::from_str(&nested).unwrap_or_else(|e| panic!("{nested:?}: {e}"));
            assert_eq!(back["a"][0]["k"], s, "{nested}");
        }
    }

    #[test]
    fn chinese_stays_readable() {
        assert_eq!(scalar("市教育局"), "市教育局");
        assert_eq!(value("完成85%", 2), " 完成85%");
        assert_eq!(value("甲\n乙", 2), " |-\n    甲\n    乙");
    }
}
