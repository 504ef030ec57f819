//! Spreadsheets as rows of cells, numbered as the spreadsheet program shows them, whatever
//! the file: CSV in UTF-8, GBK or UTF-16, or an Excel or OpenDocument workbook.

use anyhow::{bail, Context, Result};
use calamine::{Data, Reader, Sheets};
use jiff::civil::Date;
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Default)]
pub enum Cell {
    #[default]
    Empty,
    /// Trimmed, never empty.
    Text(String),
    Number(f64),
    Date(Date),
    /// An Excel error value such as `#REF!`.
    Error(String),
}

impl Cell {
    fn from_text(s: &str) -> Cell {
        let t = tidy(s);
        if t.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(t)
        }
    }

    pub fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty)
    }

    /// The cell as an editor would read it on screen.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => format_number(*n),
            Cell::Date(d) => d.to_string(),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// A number as a person writes it: `3`, not `3.0`; no float noise in the last digits.
pub fn format_number(n: f64) -> String {
    let r = (n * 1e6).round() / 1e6;
    if r == r.trunc() && r.abs() < 1e15 {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

/// Lines trimmed (full-width spaces too), blank lines dropped, Windows line ends made plain.
fn tidy(s: &str) -> String {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[derive(Debug, Clone)]
pub struct Row {
    /// 1-based, as the spreadsheet program numbers it, so editors can find it.
    pub number: usize,
    pub cells: Vec<Cell>,
}

impl Row {
    pub fn cell(&self, i: usize) -> &Cell {
        self.cells.get(i).unwrap_or(&Cell::Empty)
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(Cell::is_empty)
    }
}

#[derive(Debug)]
pub struct Sheet {
    /// The sheet's name in a workbook; `None` for CSV.
    pub name: Option<String>,
    pub rows: Vec<Row>,
}

#[derive(Debug)]
pub struct Table {
    pub sheets: Vec<Sheet>,
    /// For CSV: the encoding the file was read in.
    pub encoding: Option<&'static str>,
}

pub fn read(path: &Path, sheet: Option<&str>) -> Result<Table> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "csv" | "tsv" | "txt" => {
            let bytes =
                std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            let (text, encoding) = decode(&bytes)?;
            Ok(Table {
                sheets: vec![Sheet {
                    name: None,
                    rows: csv_rows(&text)?,
                }],
                encoding: Some(encoding),
            })
        }
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => Ok(Table {
            sheets: workbook_sheets(path, sheet)?,
            encoding: None,
        }),
        _ => bail!(
            "cannot tell what kind of table {} is\n  = hint: shishi reads .csv, .xlsx, .xls and .ods files; save the table as one of these",
            path.display()
        ),
    }
}

/// Text of a CSV file in whatever encoding it came: UTF-8 with or without a byte-order mark,
/// UTF-16 (Excel's "Unicode text"), or GBK, which Excel on Chinese Windows writes by default.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str)> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(s) => Ok((s.to_string(), "UTF-8")),
            Err(e) => bail!(
                "the file starts as UTF-8 but byte {} is not UTF-8\n  = hint: open it in a spreadsheet program and save it again as CSV (UTF-8)",
                e.valid_up_to() + 3
            ),
        };
    }
    for (bom, enc) in [
        (&b"\xFF\xFE"[..], encoding_rs::UTF_16LE),
        (&b"\xFE\xFF"[..], encoding_rs::UTF_16BE),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let (text, had_errors) = enc.decode_without_bom_handling(rest);
            if had_errors {
                bail!("the file is marked as UTF-16 but is not valid UTF-16");
            }
            return Ok((text.into_owned(), enc.name()));
        }
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok((s.to_string(), "UTF-8"));
    }
    // GB18030 is the superset of GBK and GB2312, so it reads all three.
    match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => Ok((text.into_owned(), "GBK")),
        None => bail!(
            "the file is neither UTF-8 nor GBK text\n  = hint: open it in a spreadsheet program and save it again as CSV (UTF-8), or import the .xlsx file itself"
        ),
    }
}

/// The delimiter the file uses most on its first lines: commas, or tabs in what Excel
/// saves as "text", or semicolons.
fn sniff_delimiter(text: &str) -> u8 {
    let head: String = text.lines().take(20).collect::<Vec<_>>().join("\n");
    [b',', b'\t', b';']
        .into_iter()
        .max_by_key(|d| (head.bytes().filter(|b| b == d).count(), *d == b','))
        .unwrap_or(b',')
}

fn csv_rows(text: &str) -> Result<Vec<Row>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(text))
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::ByteRecord::new();
    // The reader skips blank lines, which a spreadsheet shows as rows. The lines a record
    // took, less the line breaks inside its quoted cells, tell how many it skipped, so row
    // numbers stay those shown on screen.
    let mut number = 0usize;
    loop {
        let start = reader.position().line();
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let took = reader.position().line().saturating_sub(start) as usize;
                let inside = record
                    .iter()
                    .map(|f| f.iter().filter(|b| **b == b'\n').count())
                    .sum::<usize>();
                number += 1 + took.saturating_sub(1 + inside);
                rows.push(Row {
                    number,
                    cells: record
                        .iter()
                        .map(|f| Cell::from_text(&String::from_utf8_lossy(f)))
                        .collect(),
                });
            }
            Err(e) => bail!("cannot read the CSV file: {e}"),
        }
    }
    Ok(rows)
}

fn workbook_sheets(path: &Path, only: Option<&str>) -> Result<Vec<Sheet>> {
    let mut book = calamine::open_workbook_auto(path).map_err(|e| {
        anyhow::anyhow!(
            "cannot read {} as a spreadsheet: {e}\n  = hint: check the file opens in a spreadsheet program; save it again as .xlsx if it does",
            path.display()
        )
    })?;
    let names = book.sheet_names();
    let chosen: Vec<String> = match only {
        None => names.clone(),
        Some(want) => {
            let by_name = names.iter().find(|n| n.trim() == want.trim());
            let by_number = want
                .parse::<usize>()
                .ok()
                .and_then(|n| names.get(n.checked_sub(1)?));
            match by_name.or(by_number) {
                Some(n) => vec![n.clone()],
                None => bail!(
                    "the workbook has no sheet `{want}`\n  = hint: its sheets are: {}",
                    names.join(", ")
                ),
            }
        }
    };
    let mut sheets = Vec::new();
    for name in chosen {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| anyhow::anyhow!("cannot read the sheet `{name}`: {e}"))?;
        let merges = match &mut book {
            Sheets::Xlsx(x) => x.worksheet_merge_cells(&name).and_then(Result::ok),
            Sheets::Xls(x) => x.worksheet_merge_cells(&name),
            _ => None,
        }
        .unwrap_or_default();
        sheets.push(Sheet {
            rows: sheet_rows(&range, &merges),
            name: Some(name),
        });
    }
    Ok(sheets)
}

fn sheet_rows(range: &calamine::Range<Data>, merges: &[calamine::Dimensions]) -> Vec<Row> {
    let Some((first_row, first_col)) = range.start() else {
        return Vec::new();
    };
    let (first_row, first_col) = (first_row as usize, first_col as usize);
    let mut rows: Vec<Row> = range
        .rows()
        .enumerate()
        .map(|(i, cells)| Row {
            number: first_row + i + 1,
            cells: std::iter::repeat_n(Cell::Empty, first_col)
                .chain(cells.iter().map(cell))
                .collect(),
        })
        .collect();
    // A cell merged over several rows (one 领域 or 牵头单位 for a group of projects) holds
    // its value in its top row only; it belongs to every row it covers. Merges within a
    // single row are left alone: they are titles and section headings spanning the table.
    // A merge reaching past the cells the sheet holds (a damaged file can claim any range)
    // fills nothing there, and can never make a row wider than the sheet.
    let width = first_col + range.width();
    for m in merges {
        let (top, col) = (m.start.0 as usize, m.start.1 as usize);
        let bottom = m.end.0 as usize;
        if bottom <= top || top < first_row || col >= width {
            continue;
        }
        let Some(value) = rows
            .get(top - first_row)
            .map(|r| r.cell(col).clone())
            .filter(|c| !c.is_empty())
        else {
            continue;
        };
        for r in (top + 1)..=bottom {
            let Some(row) = rows.get_mut(r - first_row) else {
                break;
            };
            if row.cells.len() <= col {
                row.cells.resize(col + 1, Cell::Empty);
            }
            if row.cells[col].is_empty() {
                row.cells[col] = value.clone();
            }
        }
    }
    rows
}

fn cell(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::from_text(s),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, day, ..) = dt.to_ymd_hms_milli();
            match Date::new(y as i16, m as i8, day as i8) {
                Ok(date) => Cell::Date(date),
                Err(_) => Cell::Number(dt.as_f64()),
            }
        }
        Data::DateTime(dt) => Cell::Text(dt.to_string()),
        Data::DateTimeIso(s) => s
            .get(..10)
            .and_then(crate::dates::parse)
            .map_or_else(|| Cell::from_text(s), Cell::Date),
        Data::DurationIso(s) => Cell::from_text(s),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_encodings_excel_writes() {
        let (t, e) = decode("\u{FEFF}项目,进度".as_bytes()).unwrap();
        assert_eq!((t.as_str(), e), ("项目,进度", "UTF-8"));
        let (gbk, _, _) = encoding_rs::GBK.encode("项目名称,牵头单位");
        let (t, e) = decode(&gbk).unwrap();
        assert_eq!((t.as_str(), e), ("项目名称,牵头单位", "GBK"));
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "项目\t进度".encode_utf16() {
            utf16.extend(u.to_le_bytes());
        }
        assert_eq!(decode(&utf16).unwrap().0, "项目\t进度");
        assert!(decode(b"\xEF\xBB\xBF\xFF\xFF").is_err());
        assert_eq!(decode(b"").unwrap().0, "");
    }

    #[test]
    fn csv_rows_are_numbered_as_on_screen() {
        let rows = csv_rows("标题\n\n序号,项目\n1,\"两行\n的名称\"\r\n\r\n\n2,学校").unwrap();
        let numbers: Vec<usize> = rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [1, 3, 4, 7]);
        assert_eq!(rows[2].cells[1], Cell::Text("两行\n的名称".into()));
        assert_eq!(rows[0].cells.len(), 1);
    }

    #[test]
    fn tabs_are_found_as_delimiters() {
        assert_eq!(
            sniff_delimiter("序号\t项目\t进度\n1\t学校\t完成,验收"),
            b'\t'
        );
        assert_eq!(sniff_delimiter("序号,项目\n"), b',');
    }

    #[test]
    fn numbers_read_as_written() {
        assert_eq!(format_number(3.0), "3");
        assert_eq!(format_number(0.1 + 0.2), "0.3");
        assert_eq!(format_number(85.5), "85.5");
    }
}
