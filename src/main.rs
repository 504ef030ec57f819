use anyhow::Result;
use clap::{Parser, Subcommand};
use shishi::pipeline;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

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
    },
    /// Check the content and report every problem, without building.
    Check {
        /// The portal's root folder, holding content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Turn a government progress table (.csv, .xlsx) into a year file to check and complete.
    // Boxed: its many flags would otherwise make every command value as large.
    Import(Box<shishi::import::ImportArgs>),
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
        Command::Check { root } => {
            let checked = report(&root);
            if checked.has_errors() {
                return Ok(ExitCode::from(1));
            }
            eprintln!("content is valid");
            Ok(ExitCode::SUCCESS)
        }
        Command::Build {
            root,
            output,
            base_url,
        } => {
            let started = Instant::now();
            let checked = report(&root);
            // `check` builds no portal when there are errors.
            let Some(portal) = checked.portal else {
                eprintln!(
                    "build stopped: fix the errors above; the previous output was left as it was"
                );
                return Ok(ExitCode::from(1));
            };
            let output = output.unwrap_or_else(|| root.join("output"));
            refuse_dangerous_output(&root, &output)?;
            let stats = pipeline::build(&root, &output, base_url.as_deref(), portal)?;
            eprintln!(
                "built {} pages ({} KB) into {} in {} ms",
                stats.pages,
                stats.bytes / 1024,
                output.display(),
                started.elapsed().as_millis()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Import(args) => Ok(if shishi::import::run(&args)? {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        }),
    }
}

/// Prints every diagnostic and a count; returns the result for the caller to act on.
fn report(root: &Path) -> pipeline::Checked {
    let checked = pipeline::check(root);
    for d in &checked.diagnostics {
        eprintln!("{d}");
    }
    let errors = checked.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = checked.diagnostics.len() - errors;
    if errors + warnings > 0 {
        eprintln!("{errors} error(s), {warnings} warning(s)");
    }
    checked
}

/// The output folder is replaced wholesale, so it must never be the portal or its content.
fn refuse_dangerous_output(root: &Path, output: &Path) -> Result<()> {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (root, output) = (abs(root), abs(output));
    if root.starts_with(&output)
        || output.starts_with(root.join("content"))
        || output.starts_with(root.join("themes"))
    {
        anyhow::bail!(
            "refusing to build into {}: it holds the portal's own files, which the build would replace\n  = hint: pick an output folder of its own, e.g. --output output",
            output.display()
        );
    }
    Ok(())
}
