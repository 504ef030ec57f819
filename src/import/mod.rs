//! `shishi import`: a government progress table (CSV or spreadsheet) turned into a year
//! file for editors to check and complete.
//!
//! Only what the table says is carried over. Statuses and percentages are read from its
//! words where they say so plainly; anything else stays text, in the summary or an update's
//! note, and what needs an editor's eye is marked with a `# check:` comment.

mod columns;
mod infer;
mod table;
mod yaml;

use crate::content::{CityFile, DomainEntry, SiteFile, YearFile};
use crate::diagnostics::did_you_mean;
use crate::vocab::{Schedule, Status};
use anyhow::{bail, Context, Result};
use columns::{fold, one_line, Field, Header, Mapping};
use infer::When;
use jiff::civil::Date;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use table::{Cell, Row};

#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// The table: .csv (UTF-8 or GBK), .xlsx, .xls or .ods.
    pub file: PathBuf,
    /// The city's folder under content/, e.g. yiyang; its city.yaml must exist.
    #[arg(long)]
    pub city: String,
    /// The year of the pledge list; the file written is content/<city>/<year>.yaml.
    #[arg(long)]
    pub year: i32,
    /// The portal's root folder, holding content/.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Read the column headed HEADER as FIELD, e.g. --map 实施单位=lead. Repeatable.
    /// Fields: seq, id, title, target, lead, progress, percent, status, domain, deadline,
    /// note, ignore.
    #[arg(long = "map", value_name = "HEADER=FIELD")]
    pub maps: Vec<String>,
    /// Domain id from site.yaml for rows whose domain the table does not give.
    #[arg(long, value_name = "ID")]
    pub domain: Option<String>,
    /// The workbook sheet to read, by name or number [default: the first with a header row].
    #[arg(long)]
    pub sheet: Option<String>,
    /// The list's name as published [default: <city><year>年为民办实事项目, marked TODO].
    #[arg(long)]
    pub title: Option<String>,
    /// Title of the report or document the table comes from.
    #[arg(long)]
    pub source_title: Option<String>,
    /// Who published it, e.g. 市发展改革委.
    #[arg(long)]
    pub source_publisher: Option<String>,
    /// Where it was published (http or https).
    #[arg(long)]
    pub source_url: Option<String>,
    /// When it was published, YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub source_date: Option<String>,
    /// Who the source is.
    #[arg(long, value_enum, default_value = "official")]
    pub source_type: SourceKind,
    /// The date the table's progress describes [default: a 截至… line above the header,
    /// else --source-date].
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
    /// Replace the year file if it exists.
    #[arg(long)]
    pub force: bool,
    /// Print the year file instead of writing it.
    #[arg(long)]
    pub stdout: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum SourceKind {
    Official,
    Media,
    Independent,
}

impl SourceKind {
    fn key(self) -> &'static str {
        match self {
            SourceKind::Official => "official",
            SourceKind::Media => "media",
            SourceKind::Independent => "independent",
        }
    }
}

/// Runs the import, reporting on stderr; true when at least one project was imported.
pub fn run(args: &ImportArgs) -> Result<bool> {
    let maps = args
        .maps
        .iter()
        .map(|m| Mapping::parse(m))
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(anyhow::Error::msg)?;
    check_args(args)?;
    let (site, city) = read_portal(args)?;
    let year = args.year as i16;
    if let Some(d) = &args.domain {
        if !site.domains.iter().any(|e| &e.id == d) {
            let ids: Vec<&str> = site.domains.iter().map(|e| e.id.as_str()).collect();
            let hint = match did_you_mean(d, ids.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("the domains in content/site.yaml are: {}", ids.join(", ")),
            };
            bail!("--domain {d} is not a domain of this portal\n  = hint: {hint}");
        }
    }
    let rel_out = format!("content/{}/{}.yaml", args.city, args.year);
    let out_path = args.root.join(&rel_out);
    if !args.stdout && !args.force && out_path.exists() {
        bail!(
            "{rel_out} exists already\n  = hint: pass --force to replace it, or --stdout to print the import instead"
        );
    }

    let tbl = table::read(&args.file, args.sheet.as_deref())?;
    let (sheet, header) = pick_sheet(&tbl, &maps)?;
    let file_name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();

    let ctx = Scope {
        year,
        city: &args.city,
        domains: &site.domains,
        default_domain: args.domain.as_deref(),
    };
    let above = &sheet.rows[..header.row];
    let as_of = match &args.as_of {
        Some(d) => Some((crate::dates::parse(d).context("checked above")?, None)),
        None => above
            .iter()
            .flat_map(|r| r.cells.iter())
            .find_map(|c| {
                let t = c.text();
                Some((infer::as_of_line(&t, year)?, Some(one_line(&t))))
            })
            .or_else(|| Some((crate::dates::parse(args.source_date.as_deref()?)?, None))),
    };
    let in_sheet = sheet
        .name
        .as_deref()
        .map(|n| format!(" of sheet “{n}”"))
        .unwrap_or_default();
    eprintln!(
        "note: header on row {}{in_sheet}",
        sheet.rows[header.row].number
    );
    if !header.unknown.is_empty() {
        eprintln!(
            "note: columns left out: {} (name one with --map HEADER=FIELD to keep it)",
            header.unknown.join(", ")
        );
    }
    let converted = convert(&ctx, &sheet.rows, &header);
    for m in &converted.messages {
        eprintln!("{m}");
    }
    if converted.projects.is_empty() {
        eprintln!(
            "error: nothing imported: no row of {file_name} could be read as a project; {rel_out} was not written"
        );
        return Ok(false);
    }

    let language = site.language.as_deref().unwrap_or("zh-Hans");
    let city_name = city.name.get(language).to_string();
    let table_title = above.iter().find_map(title_row);
    let meta = Meta {
        file_name: &file_name,
        sheet: sheet.name.as_deref(),
        header_row: sheet.rows[header.row].number,
        encoding: tbl.encoding,
        header: &header,
        city_name: &city_name,
        table_title: table_title.as_deref(),
        as_of: as_of.as_ref().map(|(d, line)| (*d, line.as_deref())),
    };
    let text = emit(args, &ctx, &meta, &converted.projects);
    // The file is written by hand, so it is read back as shishi will read it: a mistake
    // here must never leave editors a file that does not load.
    if let Err(e) = serde_yaml::from_str::<YearFile>(&text) {
        bail!("internal error: the year file written does not read back ({e}); please report this with the table");
    }

    let n = converted.projects.len();
    let skipped = converted.skipped;
    let skipped_note = match skipped {
        0 => String::new(),
        1 => "; 1 row skipped (see above)".to_string(),
        k => format!("; {k} rows skipped (see above)"),
    };
    if args.stdout {
        std::io::stdout()
            .write_all(text.as_bytes())
            .context("cannot write to standard output")?;
        eprintln!("imported {n} project(s) from {file_name}{skipped_note}");
    } else {
        write_new(&out_path, &text, args.force)
            .with_context(|| format!("cannot write {rel_out}"))?;
        eprintln!("imported {n} project(s) from {file_name} into {rel_out}{skipped_note}");
        eprintln!(
            "next: complete the lines marked TODO and check: in {rel_out}, then run `shishi check`"
        );
    }
    Ok(true)
}

fn check_args(args: &ImportArgs) -> Result<()> {
    if !crate::ids::is_slug(&args.city) {
        bail!(
            "--city {} is not a city folder name\n  = hint: use the slug of a folder under content/, e.g. yiyang",
            args.city
        );
    }
    if !(1949..=2100).contains(&args.year) {
        bail!("--year {} is not a plausible year", args.year);
    }
    for (flag, value) in [
        ("--source-date", &args.source_date),
        ("--as-of", &args.as_of),
    ] {
        if let Some(v) = value {
            if crate::dates::parse(v).is_none() {
                bail!("{flag} {v} is not a date\n  = hint: write a real date as YYYY-MM-DD, e.g. 2024-09-30");
            }
        }
    }
    if let Some(url) = &args.source_url {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            bail!("--source-url {url} is not a web address\n  = hint: copy the full address, starting with https:// or http://");
        }
    }
    Ok(())
}

fn read_yaml<T: serde::de::DeserializeOwned>(root: &Path, rel: &str, missing: &str) -> Result<T> {
    let path = root.join(rel);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            bail!("there is no {rel}\n  = hint: {missing}")
        }
        Err(e) => bail!("cannot read {rel}: {e}"),
    };
    serde_yaml::from_str(text.trim_start_matches('\u{FEFF}')).map_err(|e| {
        anyhow::anyhow!("{rel} cannot be read ({e})\n  = hint: run `shishi check` and fix it first")
    })
}

fn read_portal(args: &ImportArgs) -> Result<(SiteFile, CityFile)> {
    let site = read_yaml(
        &args.root,
        "content/site.yaml",
        "run shishi in the portal's folder, or pass --root DIR",
    )?;
    let city = read_yaml(
        &args.root,
        &format!("content/{}/city.yaml", args.city),
        "add the city first (its name and level; see docs/content-format.md), or check --city",
    )?;
    Ok((site, city))
}

/// The sheet asked for, or the first whose header row can be found.
fn pick_sheet<'t>(tbl: &'t table::Table, maps: &[Mapping]) -> Result<(&'t table::Sheet, Header)> {
    let mut first_error = None;
    for sheet in &tbl.sheets {
        match columns::find_header(&sheet.rows, maps) {
            Ok(h) => return Ok((sheet, h)),
            Err(e) => {
                let e = match &sheet.name {
                    Some(n) if tbl.sheets.len() > 1 => format!("sheet `{n}`: {e}"),
                    _ => e,
                };
                first_error.get_or_insert(e);
            }
        }
    }
    match first_error {
        Some(e) if tbl.sheets.iter().all(|s| s.rows.iter().all(Row::is_blank)) => {
            bail!("the table is empty ({e})")
        }
        Some(e) => bail!(e),
        None => bail!("the table is empty"),
    }
}

/// A title row above the header: one text alone on its row, such as 2024年民生实事项目推进情况表.
fn title_row(row: &Row) -> Option<String> {
    let texts = distinct_texts(row);
    let [t] = texts.as_slice() else { return None };
    let f = fold(t);
    let is_aside = f.starts_with("附件")
        || ["截至", "截止", "单位:", "填报", "制表", "asof"]
            .iter()
            .any(|w| f.contains(w));
    (!is_aside && t.chars().count() >= 4).then(|| one_line(t))
}

fn distinct_texts(row: &Row) -> Vec<String> {
    let mut seen = Vec::new();
    for c in &row.cells {
        let t = c.text();
        if !t.is_empty() && !seen.contains(&t) {
            seen.push(t);
        }
    }
    seen
}

struct Scope<'a> {
    year: i16,
    city: &'a str,
    domains: &'a [DomainEntry],
    default_domain: Option<&'a str>,
}

#[derive(Debug, Default)]
struct Project {
    row: usize,
    seq: Option<String>,
    id: String,
    title: String,
    domain: String,
    /// The table's own words for the domain, when they are not the domain's name.
    domain_comment: Option<String>,
    lead: Option<String>,
    deadline: Option<Date>,
    deadline_comment: Option<String>,
    /// Paragraphs: targets and notes, labelled with their column's header.
    summary: Vec<String>,
    /// The progress text as the table gives it.
    progress_text: Option<String>,
    progress_label: String,
    status: Option<Status>,
    schedule: Option<Schedule>,
    progress: Option<f64>,
    check: Vec<String>,
}

struct Converted {
    projects: Vec<Project>,
    messages: Vec<String>,
    skipped: usize,
}

fn convert(ctx: &Scope, rows: &[Row], header: &Header) -> Converted {
    let mut out = Converted {
        projects: Vec::new(),
        messages: Vec::new(),
        skipped: 0,
    };
    let title_col = header.single(Field::Title).map(|c| c.index);
    let domain_col = header.single(Field::Domain).map(|c| c.index);
    let mut ids = BTreeSet::new();
    // The section a heading row opened (一、教育), and the domain it names if any.
    let mut section: Option<(String, Option<String>)> = None;
    let mut missing_domain = false;

    for row in &rows[header.row + 1..] {
        if row.is_blank() {
            continue;
        }
        let texts = distinct_texts(row);
        let title_text = title_col.map(|i| one_line(&row.cell(i).text()));
        let folded_first = fold(texts.first().map_or("", String::as_str));
        if ["合计", "总计", "小计", "total"]
            .iter()
            .any(|w| folded_first.starts_with(w))
        {
            continue;
        }
        // A header repeated on every printed page.
        if title_col.is_some_and(|i| row.cell(i).text() == rows[header.row].cell(i).text()) {
            continue;
        }
        // A section heading: alone on its row in the first column, where a heading merged
        // across the table keeps its text; or, with at most a number beside it, numbered or
        // counted like one (一、教育, （二）养老, 教育类（5项）).
        let seq_col = header.single(Field::Seq).map(|c| c.index);
        let filled: Vec<usize> = (0..row.cells.len())
            .filter(|i| !row.cell(*i).is_empty())
            .collect();
        let merged_across = texts.len() == 1
            && texts[0].parse::<f64>().is_err()
            && filled
                .first()
                .is_some_and(|i| (*i == 0 || Some(*i) == seq_col) && Some(*i) != title_col);
        let numbered = filled
            .iter()
            .all(|i| Some(*i) == seq_col || Some(*i) == title_col)
            && (texts.iter().any(|t| infer::is_heading(t)) || infer::is_heading(&texts.join("、")));
        if merged_across || numbered {
            let heading = title_text
                .clone()
                .filter(|t| !t.is_empty() && !merged_across)
                .unwrap_or_else(|| one_line(&texts[0]));
            let domain = infer::domain(&heading, ctx.domains).map(str::to_string);
            out.messages.push(match &domain {
                Some(d) => format!(
                    "note: row {}: heading “{heading}” read as domain `{d}` for the rows below",
                    row.number
                ),
                None => format!(
                    "note: row {}: heading “{heading}” names no domain of site.yaml",
                    row.number
                ),
            });
            section = Some((heading, domain));
            continue;
        }
        let Some(title) = title_text.filter(|t| !t.is_empty()) else {
            let col = header
                .single(Field::Title)
                .map_or("title", |c| c.header.as_str());
            out.messages.push(format!(
                "warning: row {} skipped: the {col} cell is empty, so the row names no project",
                row.number
            ));
            out.skipped += 1;
            continue;
        };
        let mut p = Project {
            row: row.number,
            title,
            ..Project::default()
        };
        for c in &header.columns {
            if let Cell::Error(e) = row.cell(c.index) {
                out.messages.push(format!(
                    "warning: row {}: the {} cell holds the spreadsheet error {e}; left out",
                    row.number, c.header
                ));
            }
        }

        // Domain: the row's own category, else its section heading, else the default.
        // A blank category is left blank even in CSV, where a merged cell's value survives
        // in its first row only: a blank may just as well be a blank.
        let domain_text = domain_col
            .map(|i| one_line(&row.cell(i).text()))
            .filter(|t| !t.is_empty());
        let from_column = domain_text
            .as_deref()
            .and_then(|t| infer::domain(t, ctx.domains));
        let from_section = section.as_ref().and_then(|(_, d)| d.as_deref());
        let chosen = from_column.or(from_section).or(ctx.default_domain);
        let Some(domain) = chosen else {
            let why = match &domain_text {
                Some(t) => format!("its domain “{t}” is not one of site.yaml's domains"),
                None => "the table gives it no domain".to_string(),
            };
            out.messages
                .push(format!("warning: row {} skipped: {why}", row.number));
            out.skipped += 1;
            missing_domain = true;
            continue;
        };
        p.domain = domain.to_string();
        let said = domain_text
            .clone()
            .or_else(|| section.as_ref().map(|(h, _)| h.clone()));
        if let Some(said) = said {
            let name_matches = ctx
                .domains
                .iter()
                .find(|d| d.id == p.domain)
                .is_some_and(|d| infer::is_name_of(&said, d));
            if from_column.is_none() && from_section.is_none() {
                p.check.push(format!(
                    "the table's domain “{said}” is not in site.yaml; --domain {} used",
                    p.domain
                ));
            } else if !name_matches {
                p.domain_comment = Some(format!("table: {said}"));
            }
        } else if from_column.is_none() && from_section.is_none() {
            p.domain_comment = Some("from --domain".to_string());
        }

        p.seq = header
            .single(Field::Seq)
            .map(|c| one_line(&row.cell(c.index).text()))
            .filter(|s| !s.is_empty());
        p.lead = header
            .single(Field::Lead)
            .map(|c| one_line(&row.cell(c.index).text()))
            .filter(|s| !s.is_empty());

        for c in header.all(Field::Target).chain(header.all(Field::Note)) {
            let t = row.cell(c.index).text();
            if !t.is_empty() && !matches!(row.cell(c.index), Cell::Error(_)) {
                p.summary.push(labelled(&c.header, &t));
            }
        }

        let progress_cols: Vec<_> = header.all(Field::Progress).collect();
        let mut progress_parts = Vec::new();
        let mut percent = None;
        for c in &progress_cols {
            match row.cell(c.index) {
                Cell::Number(v) => {
                    percent = percent.or(infer::percent_value(&table::format_number(*v)))
                }
                Cell::Text(t) => progress_parts.push(if progress_cols.len() > 1 {
                    labelled(&c.header, t)
                } else {
                    t.clone()
                }),
                Cell::Date(d) => progress_parts.push(labelled(&c.header, &d.to_string())),
                _ => {}
            }
        }
        p.progress_label = progress_cols
            .first()
            .map_or_else(|| "进展".to_string(), |c| c.header.clone());
        let progress_text = (!progress_parts.is_empty()).then(|| progress_parts.join("\n\n"));
        if let Some(c) = header.single(Field::Percent) {
            match row.cell(c.index) {
                Cell::Number(v) => {
                    percent = infer::percent_value(&table::format_number(*v)).or(percent)
                }
                Cell::Text(t) => match infer::percent_value(t) {
                    Some(v) => percent = Some(v),
                    None => p.summary.push(labelled(&c.header, t)),
                },
                _ => {}
            }
        }
        // 完成80% is how progress is written, not a claim of completion: a percentage read
        // from the words themselves settles the status without a second look.
        let percent_in_words = percent.is_none();
        if percent_in_words {
            percent = progress_text.as_deref().and_then(infer::percent_in_text);
        }

        let status_cell = header
            .single(Field::Status)
            .map(|c| (c, one_line(&row.cell(c.index).text())))
            .filter(|(_, t)| !t.is_empty());
        let stated = status_cell
            .as_ref()
            .map(|(_, t)| infer::state_from_words(t))
            .filter(|s| s.status.is_some());
        if let (Some((c, t)), None) = (&status_cell, &stated) {
            p.check.push(format!(
                "the {} cell says “{t}”, which names no status shishi knows",
                c.header
            ));
            p.summary.push(labelled(&c.header, t));
        }
        let mut state = stated.unwrap_or_else(|| {
            progress_text
                .as_deref()
                .map(infer::state_from_words)
                .unwrap_or_default()
        });
        if let Some(v) = percent {
            match state.status {
                None if v >= 100.0 => state.status = Some(Status::Completed),
                None if v == 0.0 => state.status = Some(Status::NotStarted),
                None => state.status = Some(Status::InProgress),
                Some(Status::Completed) if v < 100.0 && stated.is_none() => {
                    state.status = Some(Status::InProgress);
                    if !percent_in_words {
                        p.check.push(format!(
                            "the text speaks of completion but the table gives {v}%; read as in progress"
                        ));
                    }
                }
                Some(Status::Completed) if v < 100.0 => p.check.push(format!(
                    "the status column says completed, but the progress is {v}%"
                )),
                _ => {}
            }
        }
        if state.status.is_none() && progress_text.is_some() {
            p.check
                .push("no status could be read from the progress text".to_string());
        }
        p.status = state.status;
        p.schedule = state
            .schedule
            .filter(|_| state.status == Some(Status::InProgress));
        p.progress = percent;
        p.progress_text = progress_text;

        if let Some(c) = header.single(Field::Deadline) {
            let cell = row.cell(c.index);
            let raw = one_line(&cell.text());
            let parsed = match cell {
                Cell::Date(d) if d.year() == ctx.year && d.month() == 12 && d.day() == 31 => {
                    Some(When::YearEnd)
                }
                Cell::Date(d) => Some(When::Date(*d)),
                Cell::Text(t) => infer::when(t, ctx.year),
                _ => None,
            };
            match parsed {
                Some(When::Date(d)) => {
                    p.deadline = Some(d);
                    if raw != d.to_string() {
                        p.deadline_comment = Some(format!("{}: {raw}", c.header));
                    }
                }
                Some(When::YearEnd) => {}
                None if raw.is_empty() => {}
                None => p.summary.push(labelled(&c.header, &raw)),
            }
        }

        let given_id = header
            .single(Field::Id)
            .map(|c| row.cell(c.index).text())
            .filter(|s| crate::ids::is_slug(s));
        let base = given_id.unwrap_or_else(|| infer::slug(&p.title));
        let base = if base.is_empty() {
            match p
                .seq
                .as_deref()
                .filter(|s| s.bytes().all(|b| b.is_ascii_digit()))
            {
                Some(seq) => format!("p{seq:0>2}"),
                None => format!("row-{}", row.number),
            }
        } else {
            base
        };
        let mut id = base.clone();
        let mut n = 2;
        while !ids.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        p.id = id;
        out.projects.push(p);
    }
    if missing_domain {
        let ids: Vec<&str> = ctx.domains.iter().map(|d| d.id.as_str()).collect();
        out.messages.push(format!(
            "hint: rows without a domain of site.yaml are skipped; give them one with --domain ID (one of: {})",
            ids.join(", ")
        ));
    }
    out
}

/// A cell's text under its column's name, so a summary says what each paragraph was.
fn labelled(header: &str, text: &str) -> String {
    if header.is_ascii() {
        format!("{header}: {text}")
    } else {
        format!("{header}：{text}")
    }
}

struct Meta<'a> {
    file_name: &'a str,
    sheet: Option<&'a str>,
    header_row: usize,
    encoding: Option<&'static str>,
    header: &'a Header,
    city_name: &'a str,
    table_title: Option<&'a str>,
    /// The date the progress describes, and the table's line it was read from.
    as_of: Option<(Date, Option<&'a str>)>,
}

fn emit(args: &ImportArgs, ctx: &Scope, meta: &Meta, projects: &[Project]) -> String {
    let mut y = String::new();
    let from = match (meta.sheet, meta.encoding) {
        (Some(s), _) => format!("{}, sheet “{s}”", meta.file_name),
        (None, Some(enc)) => format!("{}, read as {enc}", meta.file_name),
        (None, None) => meta.file_name.to_string(),
    };
    let _ = writeln!(
        y,
        "# Imported by `shishi import` from {} (header on row {}).",
        yaml::comment(&from),
        meta.header_row
    );
    let cols: Vec<String> = meta
        .header
        .columns
        .iter()
        .filter(|c| c.field != Field::Ignore)
        .map(|c| format!("{} → {}", c.header, c.field))
        .collect();
    let _ = writeln!(y, "# Columns read: {}.", yaml::comment(&cols.join(", ")));
    let ignored: Vec<&str> = meta
        .header
        .columns
        .iter()
        .filter(|c| c.field == Field::Ignore)
        .map(|c| c.header.as_str())
        .chain(meta.header.unknown.iter().map(String::as_str))
        .collect();
    if !ignored.is_empty() {
        let _ = writeln!(
            y,
            "# Columns left out: {} (to keep one, import again with --map 'HEADER=note').",
            yaml::comment(&ignored.join(", "))
        );
    }
    y.push_str(
        "#\n\
         # Before publishing:\n\
         # - complete every line marked TODO and look at every line marked `check:`;\n\
         # - statuses and percentages were read from the table's words; compare them with the table;\n\
         # - ids are the titles in pinyin; shorten or translate them now if you like, since they\n\
         #   become page addresses and should not change once published;\n\
         # - figures stay in the summaries as the table wrote them; move them into `targets:` where useful.\n\
         # Then run `shishi check`.\n\n",
    );

    let _ = writeln!(y, "year: {}", args.year);
    match &args.title {
        Some(t) => {
            let _ = writeln!(y, "title:{}", yaml::value(t, 0));
        }
        None => {
            let name = if meta.city_name.is_ascii() {
                format!("{} {} pledges", meta.city_name, args.year)
            } else {
                format!("{}{}年为民办实事项目", meta.city_name, args.year)
            };
            let _ = writeln!(
                y,
                "title:{}  # TODO: the list's name as published",
                yaml::value(&name, 0)
            );
        }
    }

    let source_id = format!("{}-{}-table", ctx.city, args.year);
    y.push_str("sources:\n");
    let _ = writeln!(y, "  - id: {source_id}");
    match (&args.source_title, meta.table_title) {
        (Some(t), _) => {
            let _ = writeln!(y, "    title:{}", yaml::value(t, 4));
        }
        (None, Some(t)) => {
            let _ = writeln!(
                y,
                "    title:{}  # check: taken from the table's title row",
                yaml::value(t, 4)
            );
        }
        (None, None) => {
            let placeholder = format!("待填写：表格出处（{}）", meta.file_name);
            let _ = writeln!(
                y,
                "    title:{}  # TODO: the title of the report or document the table comes from",
                yaml::value(&placeholder, 4)
            );
        }
    }
    match &args.source_publisher {
        Some(p) => {
            let _ = writeln!(y, "    publisher:{}", yaml::value(p, 4));
        }
        None => y.push_str("    # publisher: TODO: who published it\n"),
    }
    match &args.source_date {
        Some(d) => {
            let _ = writeln!(y, "    date: {d}");
        }
        None => y.push_str("    # date: TODO: YYYY-MM-DD, when it was published\n"),
    }
    match &args.source_url {
        Some(u) => {
            let _ = writeln!(y, "    url:{}", yaml::value(u, 4));
        }
        None => y.push_str("    # url: TODO: where it was published\n"),
    }
    let _ = writeln!(y, "    type: {}", args.source_type.key());
    y.push('\n');

    y.push_str("projects:\n");
    for p in projects {
        emit_project(&mut y, p, &source_id, meta.as_of);
    }
    y
}

fn emit_project(y: &mut String, p: &Project, source: &str, as_of: Option<(Date, Option<&str>)>) {
    let mut where_ = format!("row {}", p.row);
    if let Some(seq) = &p.seq {
        let _ = write!(where_, ", 序号 {seq}");
    }
    let _ = writeln!(y, "  # {}", yaml::comment(&where_));
    for c in &p.check {
        let _ = writeln!(y, "  # check: {}", yaml::comment(c));
    }
    let _ = writeln!(y, "  - id: {}", p.id);
    let _ = writeln!(y, "    title:{}", yaml::value(&p.title, 4));
    let _ = write!(y, "    domain: {}", p.domain);
    match &p.domain_comment {
        Some(c) => {
            let _ = writeln!(y, "  # {}", yaml::comment(c));
        }
        None => y.push('\n'),
    }
    if let Some(lead) = &p.lead {
        let _ = writeln!(y, "    lead:{}", yaml::value(lead, 4));
    }
    if let Some(d) = p.deadline {
        let _ = write!(y, "    deadline: {d}");
        match &p.deadline_comment {
            Some(c) => {
                let _ = writeln!(y, "  # {}", yaml::comment(c));
            }
            None => y.push('\n'),
        }
    }
    let mut summary = p.summary.clone();
    let dated =
        as_of.filter(|_| p.status.is_some() || p.progress.is_some() || p.progress_text.is_some());
    if dated.is_none() {
        if let Some(t) = &p.progress_text {
            summary.push(labelled(&p.progress_label, t));
        }
    }
    if !summary.is_empty() {
        let _ = writeln!(y, "    summary:{}", yaml::value(&summary.join("\n\n"), 4));
    }
    let _ = writeln!(y, "    sources: [{source}]");
    match dated {
        Some((date, line)) => {
            y.push_str("    updates:\n");
            let _ = write!(y, "      - date: {date}");
            match line {
                Some(l) => {
                    let _ = writeln!(y, "  # from the table: {}", yaml::comment(l));
                }
                None => y.push('\n'),
            }
            match p.status {
                Some(s) => {
                    let _ = writeln!(y, "        status: {}", s.key());
                }
                None => {
                    let _ = writeln!(
                        y,
                        "        status: {}  # check: set the status",
                        Status::NotYetRated.key()
                    );
                }
            }
            if let Some(s) = p.schedule {
                let _ = writeln!(y, "        schedule: {}", s.key());
            }
            if let Some(v) = p.progress {
                let _ = writeln!(y, "        progress: {}", table::format_number(v));
            }
            if let Some(t) = &p.progress_text {
                let _ = writeln!(y, "        note:{}", yaml::value(t, 8));
            }
            let _ = writeln!(y, "        sources: [{source}]");
        }
        None => {
            if let Some(s) = p.status {
                let _ = writeln!(y, "    status: {}", s.key());
            }
            if let Some(s) = p.schedule {
                let _ = writeln!(y, "    schedule: {}", s.key());
            }
            if let Some(v) = p.progress {
                let _ = writeln!(y, "    progress: {}", table::format_number(v));
            }
        }
    }
}

/// Writes `text` to `path`; without `force`, only if no file is there, checked by the
/// operating system at the moment of creation rather than beforehand.
fn write_new(path: &Path, text: &str, force: bool) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .create_new(!force)
        .truncate(true)
        .open(path)?;
    file.write_all(text.as_bytes())
}
