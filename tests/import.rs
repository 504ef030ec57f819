//! `shishi import` run as editors run it: a table in, a year file out that `shishi check`
//! accepts, with what the table said and nothing it did not.
//!
//! The spreadsheet is written by the test with rust_xlsxwriter, so the fixture sits beside
//! the assertions about it, in words a reviewer can read, instead of a binary file.

mod support;

use serde_yaml::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn shishi(args: &[&str], root: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shishi"))
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .expect("run shishi")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn write(root: &Path, rel: &str, bytes: &[u8]) -> PathBuf {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A portal of one city, 甲市 (`alpha`), with a few of the sample's domains.
fn small_portal() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "content/site.yaml",
        "title: 实事追踪\nbase_url: https://example.org/\ndomains:\n\
         \x20 - {id: education, name: {zh-Hans: 教育, en: Education}}\n\
         \x20 - {id: elderly-care, name: {zh-Hans: 养老服务, en: Elderly care}}\n\
         \x20 - {id: housing, name: {zh-Hans: 住房保障, en: Housing}}\n\
         \x20 - {id: transport, name: {zh-Hans: 交通出行, en: Transport}}\n"
            .as_bytes(),
    );
    write(
        dir.path(),
        "content/alpha/city.yaml",
        "name: 甲市\nlevel: prefecture\n".as_bytes(),
    );
    dir
}

fn assert_checks(root: &Path) {
    let out = shishi(&["check"], root);
    assert!(
        out.status.success(),
        "shishi check refused the imported portal:\n{}",
        stderr(&out)
    );
}

fn read_year(root: &Path, rel: &str) -> (String, Value) {
    let text = std::fs::read_to_string(root.join(rel)).unwrap();
    let value: Value = serde_yaml::from_str(&text).unwrap();
    (text, value)
}

fn project<'a>(year: &'a Value, title: &str) -> &'a Value {
    year["projects"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|p| p["title"].as_str() == Some(title))
        .unwrap_or_else(|| panic!("no project titled {title}"))
}

fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

#[test]
fn utf8_csv_with_bom_becomes_a_year_file_the_sample_portal_accepts() {
    let portal = support::sample_copy();
    let root = portal.path();
    let csv = "\u{FEFF}益阳市2025年重点民生实事项目推进情况表\n\
               序号,项目名称,年度目标,牵头单位,进展情况,领域,完成时限,联系人\n\
               1,新建公办幼儿园,新建10所,市教育局,已全部完工并投入使用,教育,2025年8月底,张三\n\
               2,老年助餐服务点,建设40个,市民政局,\"已建成32个,完成年度任务的80%\",养老,12月底,李四\n\
               3,城区排水管网改造,改造20公里,市住建局,尚未开工,住房保障,,王五\n";
    let table = write(root, "tables/progress.csv", csv.as_bytes());
    let out = shishi(
        &[
            "import",
            table.to_str().unwrap(),
            "--city",
            "yiyang",
            "--year",
            "2025",
            "--source-title",
            "全市重点民生实事项目推进情况",
            "--source-date",
            "2025-10-10",
            "--source-url",
            "https://example.org/report",
        ],
        root,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("imported 3 project(s)"),
        "{}",
        stderr(&out)
    );

    let (text, year) = read_year(root, "content/yiyang/2025.yaml");
    assert!(text.starts_with("# Imported by `shishi import` from progress.csv"));
    assert!(
        text.contains("title: 新建公办幼儿园"),
        "Chinese kept as is:\n{text}"
    );
    assert!(!text.contains("\\u"), "no escaped characters:\n{text}");
    assert!(
        text.contains("联系人"),
        "the column left out is named in the comments"
    );
    assert!(!text.contains("张三"), "contact names are not imported");

    assert_eq!(year["year"].as_i64(), Some(2025));
    let source = &year["sources"][0];
    assert_eq!(
        str_of(source, "title"),
        Some("全市重点民生实事项目推进情况")
    );
    assert_eq!(str_of(source, "date"), Some("2025-10-10"));
    assert_eq!(str_of(source, "url"), Some("https://example.org/report"));

    let kindergartens = project(&year, "新建公办幼儿园");
    assert_eq!(str_of(kindergartens, "lead"), Some("市教育局"));
    assert_eq!(str_of(kindergartens, "domain"), Some("education"));
    assert_eq!(str_of(kindergartens, "deadline"), Some("2025-08-31"));
    assert_eq!(str_of(kindergartens, "summary"), Some("年度目标：新建10所"));
    // With a source date, progress becomes an update of that date, the text its note.
    let update = &kindergartens["updates"][0];
    assert_eq!(str_of(update, "date"), Some("2025-10-10"));
    assert_eq!(str_of(update, "status"), Some("completed"));
    assert_eq!(str_of(update, "note"), Some("已全部完工并投入使用"));

    let meals = project(&year, "老年助餐服务点");
    assert_eq!(str_of(meals, "domain"), Some("elderly-care"));
    assert_eq!(
        meals.get("deadline"),
        None,
        "12月底 is the default year end"
    );
    let update = &meals["updates"][0];
    assert_eq!(str_of(update, "status"), Some("in_progress"));
    assert_eq!(update["progress"].as_f64(), Some(80.0));
    assert_eq!(str_of(update, "note"), Some("已建成32个,完成年度任务的80%"));

    let drains = project(&year, "城区排水管网改造");
    assert_eq!(str_of(drains, "domain"), Some("housing"));
    assert_eq!(str_of(&drains["updates"][0], "status"), Some("not_started"));

    assert_checks(root);
}

#[test]
fn gbk_csv_with_a_custom_header_mapped_by_the_editor() {
    let portal = small_portal();
    let root = portal.path();
    let csv = "甲市2024年为民办实事项目完成情况\r\n\
               ,,,\r\n\
               项目　名称,实施单位,完成情况,类别\r\n\
               老旧小区改造,市住建局,\"改造小区45个,完成60%\",住房\r\n\
               公交站台改造,市交通运输局,已完成,交通\r\n";
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(csv);
    assert!(!unmappable);
    let table = write(root, "tables/gbk.csv", &gbk);
    let args = [
        "import",
        table.to_str().unwrap(),
        "--city",
        "alpha",
        "--year",
        "2024",
    ];

    // Without the mapping, 实施单位 is not a header shishi knows: nothing becomes a lead.
    let out = shishi(&[&args[..], &["--stdout"]].concat(), root);
    assert!(out.status.success(), "{}", stderr(&out));
    let printed = String::from_utf8(out.stdout).unwrap();
    assert!(printed.contains("title: 老旧小区改造"), "{printed}");
    assert!(!printed.contains("lead:"), "{printed}");
    assert!(printed.contains("read as GBK"), "{printed}");
    assert!(
        !root.join("content/alpha/2024.yaml").exists(),
        "--stdout writes nothing"
    );

    let out = shishi(&[&args[..], &["--map", "实施单位=lead"]].concat(), root);
    assert!(out.status.success(), "{}", stderr(&out));
    let (_, year) = read_year(root, "content/alpha/2024.yaml");
    let estates = project(&year, "老旧小区改造");
    assert_eq!(str_of(estates, "lead"), Some("市住建局"));
    assert_eq!(str_of(estates, "domain"), Some("housing"));
    // Without a date for the table, the state is given directly and the text kept in the
    // summary.
    assert_eq!(str_of(estates, "status"), Some("in_progress"));
    assert_eq!(estates["progress"].as_f64(), Some(60.0));
    assert_eq!(
        str_of(estates, "summary"),
        Some("完成情况：改造小区45个,完成60%")
    );
    let stops = project(&year, "公交站台改造");
    assert_eq!(str_of(stops, "lead"), Some("市交通运输局"));
    assert_eq!(str_of(stops, "domain"), Some("transport"));
    assert_eq!(str_of(stops, "status"), Some("completed"));
    assert_eq!(stops.get("progress"), None, "no percentage was given");
    assert_checks(root);

    let out = shishi(&[&args[..], &["--map", "实施单位=leader"]].concat(), root);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("`leader` is not a field"),
        "{}",
        stderr(&out)
    );
}

/// A workbook as government offices make them: instructions on the first sheet, then the
/// table with a title merged across it, a line giving the date, the header on row 3, a
/// category and a lead unit merged down over two projects, a short row, and a row without
/// a project name.
fn progress_workbook(path: &Path) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    book.add_worksheet()
        .set_name("填表说明")
        .unwrap()
        .write_string(0, 0, "请各牵头单位于每月5日前报送")
        .unwrap();
    let sheet = book.add_worksheet();
    sheet.set_name("进展情况").unwrap();
    let plain = Format::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let percent = Format::new().set_num_format("0%");
    sheet
        .merge_range(0, 0, 0, 7, "甲市2024年民生实事项目推进情况表", &plain)
        .unwrap();
    sheet.write_string(1, 0, "截至2024年9月30日").unwrap();
    for (col, header) in [
        "序号",
        "项目名称",
        "建设内容",
        "牵头单位",
        "领域",
        "完成率",
        "工作进展",
        "完成时限",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(2, col as u16, *header).unwrap();
    }
    // Rows 4 and 5 share their category and lead unit.
    sheet.write_number(3, 0, 1).unwrap();
    sheet.write_string(3, 1, "新建学校").unwrap();
    sheet.write_string(3, 2, "新建学校3所").unwrap();
    sheet.merge_range(3, 3, 4, 3, "市教育局", &plain).unwrap();
    sheet.merge_range(3, 4, 4, 4, "教育", &plain).unwrap();
    sheet.write_number_with_format(3, 5, 0.6, &percent).unwrap();
    sheet.write_string(3, 6, "主体结构封顶").unwrap();
    sheet
        .write_datetime_with_format(3, 7, ExcelDateTime::from_ymd(2024, 8, 31).unwrap(), &date)
        .unwrap();
    sheet.write_number(4, 0, 2).unwrap();
    sheet.write_string(4, 1, "校园食堂改造").unwrap();
    sheet.write_string(4, 6, "已完成").unwrap();
    // Row 6 stops after its target.
    sheet.write_number(5, 0, 3).unwrap();
    sheet.write_string(5, 1, "社区养老服务站").unwrap();
    sheet.write_string(5, 2, "建设5个").unwrap();
    // Row 7 has progress but no project name.
    sheet.write_number(6, 0, 4).unwrap();
    sheet.write_string(6, 6, "正在施工").unwrap();
    sheet.write_number(7, 0, 5).unwrap();
    sheet.write_string(7, 1, "公交候车亭").unwrap();
    sheet.write_string(7, 4, "交通").unwrap();
    sheet.write_string(7, 6, "进度滞后").unwrap();
    book.save(path).unwrap();
}

#[test]
fn xlsx_with_title_rows_merged_cells_and_a_bad_row() {
    let portal = small_portal();
    let root = portal.path();
    let table = root.join("tables/progress.xlsx");
    std::fs::create_dir_all(table.parent().unwrap()).unwrap();
    progress_workbook(&table);
    let out = shishi(
        &[
            "import",
            table.to_str().unwrap(),
            "--city",
            "alpha",
            "--year",
            "2024",
            "--domain",
            "elderly-care",
        ],
        root,
    );
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("row 7 skipped") && err.contains("项目名称"),
        "the bad row is reported by its row number:\n{err}"
    );
    assert!(err.contains("imported 4 project(s)"), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    let (text, year) = read_year(root, "content/alpha/2024.yaml");
    assert!(text.contains("sheet “进展情况”"), "{text}");
    assert!(text.contains("header on row 3"), "{text}");
    let source = &year["sources"][0];
    assert_eq!(
        str_of(source, "title"),
        Some("甲市2024年民生实事项目推进情况表"),
        "the title row names the source until the editor does"
    );

    let schools = project(&year, "新建学校");
    assert_eq!(str_of(schools, "lead"), Some("市教育局"));
    assert_eq!(str_of(schools, "domain"), Some("education"));
    assert_eq!(str_of(schools, "deadline"), Some("2024-08-31"));
    let update = &schools["updates"][0];
    assert_eq!(
        str_of(update, "date"),
        Some("2024-09-30"),
        "the 截至 line dates the progress"
    );
    assert_eq!(str_of(update, "status"), Some("in_progress"));
    assert_eq!(update["progress"].as_f64(), Some(60.0));
    assert_eq!(str_of(update, "note"), Some("主体结构封顶"));

    // The merged cells belong to the second row too.
    let canteens = project(&year, "校园食堂改造");
    assert_eq!(str_of(canteens, "lead"), Some("市教育局"));
    assert_eq!(str_of(canteens, "domain"), Some("education"));
    assert_eq!(str_of(&canteens["updates"][0], "status"), Some("completed"));

    // The short row gets the default domain and no invented state.
    let care = project(&year, "社区养老服务站");
    assert_eq!(str_of(care, "domain"), Some("elderly-care"));
    assert_eq!(str_of(care, "summary"), Some("建设内容：建设5个"));
    assert_eq!(care.get("updates"), None);
    assert_eq!(care.get("status"), None);

    let shelters = project(&year, "公交候车亭");
    assert_eq!(str_of(shelters, "domain"), Some("transport"));
    let update = &shelters["updates"][0];
    assert_eq!(str_of(update, "status"), Some("in_progress"));
    assert_eq!(str_of(update, "schedule"), Some("behind"));

    assert_checks(root);
}

#[test]
fn an_existing_year_file_is_kept_unless_forced() {
    let portal = small_portal();
    let root = portal.path();
    let table = write(
        root,
        "t.csv",
        "项目名称,领域,进度\n新建学校,教育,50%\n".as_bytes(),
    );
    let existing = write(root, "content/alpha/2024.yaml", b"# the editor's work\n");
    let args = [
        "import",
        table.to_str().unwrap(),
        "--city",
        "alpha",
        "--year",
        "2024",
    ];

    let out = shishi(&args, root);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&existing).unwrap(), b"# the editor's work\n");

    let out = shishi(&[&args[..], &["--force"]].concat(), root);
    assert!(out.status.success(), "{}", stderr(&out));
    let (_, year) = read_year(root, "content/alpha/2024.yaml");
    assert_eq!(project(&year, "新建学校")["progress"].as_f64(), Some(50.0));
    assert_checks(root);
}

#[test]
fn unreadable_tables_fail_with_a_message_not_a_panic() {
    let portal = small_portal();
    let root = portal.path();
    let cases: [(&str, &[u8], &str); 5] = [
        ("empty.csv", b"", "empty"),
        (
            "header-only.csv",
            "项目名称,领域\n".as_bytes(),
            "nothing imported",
        ),
        ("no-header.csv", "甲,乙\n1,2\n".as_bytes(), "no header row"),
        (
            "broken.xlsx",
            b"PK\x03\x04 not really a workbook",
            "cannot read",
        ),
        ("binary.csv", b"\xff\xff\xff", "neither UTF-8 nor GBK"),
    ];
    let mut empty_book = rust_xlsxwriter::Workbook::new();
    empty_book.add_worksheet();
    let empty_xlsx = empty_book.save_to_buffer().unwrap();
    let cases = cases
        .into_iter()
        .chain([("empty.xlsx", empty_xlsx.as_slice(), "empty")]);
    for (name, bytes, says) in cases {
        let table = write(root, name, bytes);
        let out = shishi(
            &[
                "import",
                table.to_str().unwrap(),
                "--city",
                "alpha",
                "--year",
                "2024",
                "--domain",
                "education",
            ],
            root,
        );
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{name}: {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
        assert!(err.contains(says), "{name} should say {says:?}: {err}");
        assert!(!root.join("content/alpha/2024.yaml").exists(), "{name}");
    }

    let table = write(root, "ok.csv", "项目名称\n新建学校\n".as_bytes());
    let out = shishi(
        &[
            "import",
            table.to_str().unwrap(),
            "--city",
            "beta",
            "--year",
            "2024",
        ],
        root,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("content/beta/city.yaml"),
        "{}",
        stderr(&out)
    );
}
