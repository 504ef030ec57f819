use anyhow::Result;
use clap::{Args, Parser, Subcommand, ValueEnum};
use shishi::diagnostics;
use shishi::messages::{labelled, Lang, Note, Word};
use shishi::urls::BaseFlaw;
use shishi::{load, pipeline};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

// Page data is built from many small strings and maps; mimalloc keeps up with that churn
// across threads where the system allocator spent a fifth of the build.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Static site generator for public accountability portals of livelihood pledges.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check the content and build the site into the output folder.
    Build {
        /// The portal's root folder, holding content/ (and optionally themes/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: <root>/output].
        #[arg(long)]
        output: Option<PathBuf>,
        /// Publish under this address instead of site.yaml's base_url, e.g. https://host/portal/.
        #[arg(long)]
        base_url: Option<String>,
        /// Print how long each step of the build took.
        #[arg(long)]
        timings: bool,
        #[command(flatten)]
        report: Report,
    },
    /// Check the content and report every problem, without building.
    Check {
        /// The portal's root folder, holding content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[command(flatten)]
        report: Report,
    },
    /// Write a skeleton content file to fill in; it passes `shishi check` as written.
    New {
        #[command(subcommand)]
        what: New,
        /// The portal's root folder, holding content/.
        #[arg(long, default_value = ".", global = true)]
        root: PathBuf,
    },
    /// Print the JSON Schema of the content files, for editors that check YAML as you type.
    Schema {
        /// One kind of file; all three in one document when left out.
        kind: Option<shishi::schema::Kind>,
        /// Write site, city and year schemas into this folder instead of printing.
        #[arg(long, value_name = "DIR")]
        write: Option<PathBuf>,
    },
    /// Preview the portal: build it in memory, serve it, and rebuild and reload on every save.
    Serve {
        /// The portal's root folder, holding content/ (and optionally themes/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on; 0 picks a free one.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on. Only this machine can reach the default; another
        /// address shows unpublished work to whoever can reach it.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
    },
    /// Turn a government progress table (.csv, .xlsx) into a year file to check and complete.
    // Boxed: its many flags would otherwise make every command value as large.
    Import(Box<shishi::import::ImportArgs>),
}

#[derive(Subcommand)]
enum New {
    /// A city, district or province: content/<slug>/city.yaml.
    City {
        /// Folder and address name: lower-case letters, digits and hyphens, e.g. quanzhou.
        slug: String,
        /// The name readers see, e.g. 泉州市.
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "prefecture", value_parser = ["province", "prefecture", "county", "district"])]
        level: String,
        /// The slug of the jurisdiction above, e.g. fujian.
        #[arg(long)]
        parent: Option<String>,
    },
    /// A year's pledge list of a city: content/<city>/<year>.yaml.
    Year { city: String, year: i32 },
}

/// How `check` and `build` report problems.
#[derive(Args)]
struct Report {
    /// Language of the messages: zh-Hans or en [default: site.yaml's language, else zh-Hans].
    #[arg(long, value_name = "LANG")]
    lang: Option<Lang>,
    /// How to print problems: text for people, json for tools, github for annotations on a
    /// pull request in GitHub Actions.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Messages laid out like a compiler's, on stderr.
    Text,
    /// A JSON array of {file, line, column, severity, message, expected, hint} on stdout.
    Json,
    /// GitHub Actions workflow commands (::error file=...::message) on stdout.
    Github,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::New { what, root } => {
            let written = match what {
                New::City {
                    slug,
                    name,
                    level,
                    parent,
                } => {
                    let level = serde_yaml::from_str(&level)?;
                    let new = shishi::scaffold::NewCity {
                        slug: &slug,
                        name: &name,
                        level,
                        parent: parent.as_deref(),
                    };
                    shishi::scaffold::city(&root, &new)?
                }
                New::Year { city, year } => shishi::scaffold::year(&root, &city, year)?,
            };
            for path in written {
                eprintln!("wrote {}", path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Schema { kind, write } => {
            if let Some(dir) = write {
                for path in shishi::schema::write_all(&dir)? {
                    eprintln!("wrote {path}");
                }
                return Ok(ExitCode::SUCCESS);
            }
            let schema = match kind {
                Some(kind) => shishi::schema::schema(kind),
                None => shishi::schema::combined(),
            };
            print!("{}", shishi::schema::to_text(&schema));
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve { root, port, bind } => {
            shishi::serve::run(shishi::serve::Options { root, bind, port })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { root, report } => {
            let (checked, lang) = report.print(&root);
            if checked.has_errors() {
                return Ok(ExitCode::from(1));
            }
            eprintln!("{}", Note::Valid.text(lang));
            Ok(ExitCode::SUCCESS)
        }
        Command::Build {
            root,
            output,
            base_url,
            timings,
            report,
        } => {
            let started = Instant::now();
            let (checked, lang) = report.print(&root);
            let checked_in = started.elapsed();
            // Checked like site.yaml's base_url: every link and feed is built from it.
            if let Some(value) = &base_url {
                if let Some(flaw) = shishi::urls::base_flaw(value) {
                    let found = match flaw {
                        BaseFlaw::Char(c) => Some(c),
                        BaseFlaw::NotWeb => None,
                    };
                    let value = value.clone();
                    eprintln!(
                        "{}\n  = {}",
                        labelled(
                            Word::Error,
                            lang,
                            &Note::BadBaseUrlFlag { value, found }.text(lang)
                        ),
                        labelled(Word::Hint, lang, &Note::BaseUrlHint.text(lang))
                    );
                    return Ok(ExitCode::from(1));
                }
            }
            let output = output.unwrap_or_else(|| root.join("output"));
            if holds_the_portal(&root, &output) {
                let output = output.display().to_string();
                eprintln!(
                    "{}\n  = {}",
                    labelled(Word::Error, lang, &Note::RefuseOutput { output }.text(lang)),
                    labelled(Word::Hint, lang, &Note::PickOutput.text(lang))
                );
                return Ok(ExitCode::from(1));
            }
            // Before anything else, so that a site a killed build moved aside is back even
            // when this build stops at the content's errors.
            if let Err(e) = shishi::swap::recover(&output) {
                eprintln!("{}", disk_failure(&e, lang));
                return Ok(ExitCode::from(1));
            }
            // `check` builds no portal when there are errors.
            let Some(portal) = checked.portal else {
                eprintln!("{}", Note::BuildStopped.text(lang));
                return Ok(ExitCode::from(1));
            };
            let stats = match pipeline::build(&root, &output, base_url.as_deref(), portal) {
                Ok(stats) => stats,
                Err(e) => {
                    let text = match e.downcast_ref::<shishi::write::DiskError>() {
                        Some(disk) => disk_failure(disk, lang),
                        // A theme failure: its words come from the system, its label from us.
                        None => labelled(Word::Error, lang, &format!("{e:#}")),
                    };
                    eprintln!("{text}");
                    return Ok(ExitCode::from(1));
                }
            };
            for w in &stats.warnings {
                eprintln!("{}", w.render(lang));
            }
            if timings {
                let steps =
                    std::iter::once(("check", checked_in)).chain(stats.timings.iter().copied());
                for (step, took) in steps {
                    eprintln!("{:>9.1} ms  {step}", took.as_secs_f64() * 1000.0);
                }
            }
            let built = Note::Built {
                pages: stats.pages,
                kilobytes: stats.bytes / 1024,
                output: output.display().to_string(),
                milliseconds: started.elapsed().as_millis(),
                unchanged: stats.written.unchanged,
                kept_cities: stats.kept_cities,
                cities: stats.cities,
            };
            eprintln!("{}", built.text(lang));
            Ok(ExitCode::SUCCESS)
        }
        Command::Import(args) => Ok(if shishi::import::run(&args)? {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        }),
    }
}

impl Report {
    /// Checks the portal and prints every diagnostic in the chosen format, with a count on
    /// stderr so that stdout holds nothing but the JSON or the workflow commands. Returns
    /// the result and the language the rest of the run speaks.
    fn print(&self, root: &Path) -> (pipeline::Checked, Lang) {
        let checked = pipeline::check(root);
        let lang = self
            .lang
            .or_else(|| load::site_language(root))
            .unwrap_or_default();
        let diags = &checked.diagnostics;
        match self.format {
            Format::Text => {
                for d in diags {
                    eprintln!("{}", d.render(lang));
                }
            }
            Format::Json => println!("{}", diagnostics::to_json(diags, lang)),
            Format::Github => print!("{}", diagnostics::to_github(diags, lang)),
        }
        let (errors, warnings) = diagnostics::counts(diags);
        if errors + warnings > 0 {
            eprintln!("{}", Note::Summary { errors, warnings }.text(lang));
        }
        (checked, lang)
    }
}

/// A disk failure as the editor reads it: what failed where, then what to do about it.
fn disk_failure(e: &shishi::write::DiskError, lang: Lang) -> String {
    format!(
        "{}\n  = {}",
        labelled(Word::Error, lang, &e.note().text(lang)),
        labelled(Word::Hint, lang, &e.hint().text(lang))
    )
}

/// The output folder is replaced wholesale, so it must never be the portal or its content.
fn holds_the_portal(root: &Path, output: &Path) -> bool {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (root, output) = (abs(root), abs(output));
    root.starts_with(&output)
        || output.starts_with(root.join("content"))
        || output.starts_with(root.join("themes"))
}
