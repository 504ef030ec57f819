//! `shishi serve`: a live preview for editors. It builds the site into memory, serves it,
//! watches `content/` and `themes/`, rebuilds on every save, and tells open pages to reload
//! when their file changed. A broken edit is reported in the terminal and over the served
//! pages, while the last good build stays served, so a typo never blanks the preview.
//!
//! The preview is served from memory and never writes `output/`: a half-typed edit must not
//! reach the folder that gets published.

mod http;
mod listen;
mod site;

use crate::checker::Checker;
use crate::diagnostics::Diagnostic;
use crate::messages::{Lang, Note};
use crate::theme::Theme;
use anyhow::{Context as _, Result};
use notify::{EventKind, RecursiveMode, Watcher as _};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};
use tokio::sync::broadcast;

pub struct Options {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port; the address is printed either way.
    pub port: u16,
}

/// The site as currently served.
#[derive(Default, Clone)]
pub struct Snapshot {
    /// The files a build would write, by path (`quanzhou/2024/index.html`).
    pub site: site::Site,
    /// The last build's errors, as printed in the terminal; None after a good build.
    pub errors: Option<String>,
}

/// What open pages are told.
#[derive(Clone, Debug)]
pub enum Message {
    /// A build succeeded; these files changed (added, removed or different bytes).
    Rebuilt(Vec<String>),
    /// A build failed with these errors; the previous files are still served.
    Failed(String),
}

pub struct Live {
    pub site: RwLock<Snapshot>,
    pub events: broadcast::Sender<Message>,
    /// Remembers the content between saves, so a save reads only the cities it touched.
    checker: Mutex<Checker>,
}

impl Live {
    /// The site and errors as served now.
    pub fn snapshot(&self) -> Snapshot {
        self.site.read().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// The outcome of one rebuild, for the terminal.
enum Outcome {
    Built { changed: usize, files: usize },
    Failed,
}

pub fn run(opts: Options) -> Result<()> {
    let root = opts.root.clone();
    anyhow::ensure!(
        root.join("content").is_dir(),
        "{} has no content/ folder\n  = hint: run shishi serve in a portal's folder, or pass --root",
        root.display()
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the preview server")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(SocketAddr::new(opts.bind, opts.port))
            .await
            .with_context(|| format!("cannot listen on {}:{}", opts.bind, opts.port))?;
        let addr = listener.local_addr()?;
        let base_url = format!("http://{addr}/");
        let (events, _) = broadcast::channel(16);
        let live = Arc::new(Live {
            site: RwLock::new(Snapshot::default()),
            events,
            checker: Mutex::new(Checker::new(&root)),
        });
        let (watcher, changes) = watch(&root)?;
        let started = Instant::now();
        // The first build makes every file, as `shishi build` would: a broken template
        // shows up now rather than when its page is first opened.
        let outcome = rebuild(&root, &base_url, &live, true);
        report(&root, outcome, started.elapsed());
        if !opts.bind.is_loopback() {
            eprintln!(
                "warning: listening on {}: anyone who can reach this machine can see the preview",
                opts.bind
            );
        }
        // Printed last and flushed, so a script waiting for this line finds the site ready.
        println!("serving {base_url} (Ctrl-C to stop)");
        use std::io::Write as _;
        std::io::stdout().flush().ok();

        {
            let live = live.clone();
            std::thread::spawn(move || {
                let _watching = watcher;
                follow(&changes, &root, &base_url, &live)
            });
        }
        listen::serve(listener, http::router(live)).await;
        Ok(())
    })
}

/// Builds the site in memory and swaps it in, or records why it could not.
fn rebuild(root: &Path, base_url: &str, live: &Live, make_all: bool) -> Outcome {
    let checked = live
        .checker
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .check();
    let lang = crate::load::site_language(root).unwrap_or_default();
    let text = diagnostics_text(&checked.diagnostics, lang);
    if !text.is_empty() {
        eprint!("{text}");
    }
    let rebuilt = match checked.portal {
        Some(mut portal) => {
            portal.site.base_url = base_url.to_string();
            // Read on every rebuild: a commit made while previewing shows up at the next save.
            let history = crate::history::read(root, &portal);
            for w in &history.warnings {
                eprintln!("{}", w.render(lang));
            }
            let previous = live.snapshot().site;
            Theme::load(root, portal.site.theme.as_deref(), &portal.site.language)
                .and_then(|theme| site::Site::rebuild(&previous, portal, theme, history))
                .and_then(|change| {
                    if make_all {
                        change.site.make_all()?;
                    }
                    Ok(change)
                })
                .map_err(|e| format!("error: {e:#}\n"))
        }
        None => Err(text),
    };
    match rebuilt {
        Ok(change) => {
            let mut snapshot = live.site.write().unwrap_or_else(|e| e.into_inner());
            snapshot.site = change.site;
            snapshot.errors = None;
            drop(snapshot);
            let n = change.changed.len();
            // Nobody listening is fine: no page is open yet.
            let _ = live.events.send(Message::Rebuilt(change.changed));
            Outcome::Built {
                changed: n,
                files: change.files,
            }
        }
        Err(errors) => {
            // Pages show the errors under the same line the terminal ends with, in the
            // portal's language.
            let errors = format!("{}\n\n{errors}", Note::StillServing.text(lang));
            live.site.write().unwrap_or_else(|e| e.into_inner()).errors = Some(errors.clone());
            let _ = live.events.send(Message::Failed(errors));
            Outcome::Failed
        }
    }
}

/// The diagnostics as `shishi check` prints them, in the portal's language.
fn diagnostics_text(diagnostics: &[Diagnostic], lang: Lang) -> String {
    let mut text = String::new();
    for d in diagnostics {
        text += &format!("{}\n", d.render(lang));
    }
    let (errors, warnings) = crate::diagnostics::counts(diagnostics);
    if errors + warnings > 0 {
        text += &format!("{}\n", Note::Summary { errors, warnings }.text(lang));
    }
    text
}

fn report(root: &Path, outcome: Outcome, took: Duration) {
    let lang = crate::load::site_language(root).unwrap_or_default();
    let note = match outcome {
        Outcome::Built { changed, files } => Note::Rebuilt {
            files,
            changed,
            milliseconds: took.as_millis(),
        },
        Outcome::Failed => Note::StillServing,
    };
    eprintln!("{}", note.text(lang));
}

type Changes = mpsc::Receiver<notify::Result<notify::Event>>;

/// Starts watching the portal's sources. Done before the first build, so a save made while
/// it runs (or just after the address is printed) is never missed.
fn watch(root: &Path) -> Result<(notify::RecommendedWatcher, Changes)> {
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(tx).context("cannot watch for changes")?;
    for dir in ["content", "themes"] {
        let path = root.join(dir);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .with_context(|| format!("cannot watch {}", path.display()))?;
        }
    }
    Ok((watcher, rx))
}

/// Rebuilds after each burst of changes, for as long as the watcher lives.
fn follow(changes: &Changes, root: &Path, base_url: &str, live: &Live) {
    while let Ok(event) = changes.recv() {
        if !matters(&event) {
            continue;
        }
        // Editors save in bursts (write a temporary file, rename it over the old one); one
        // rebuild after the burst settles serves them all.
        while changes.recv_timeout(Duration::from_millis(30)).is_ok() {}
        let started = Instant::now();
        let outcome = rebuild(root, base_url, live, false);
        report(root, outcome, started.elapsed());
    }
}

/// Reading files (which the build itself does) must not trigger another build.
fn matters(event: &notify::Result<notify::Event>) -> bool {
    match event {
        Ok(e) => matches!(
            e.kind,
            EventKind::Create(_)
                | EventKind::Remove(_)
                | EventKind::Modify(
                    notify::event::ModifyKind::Data(_)
                        | notify::event::ModifyKind::Name(_)
                        | notify::event::ModifyKind::Any
                )
                | EventKind::Any
        ),
        // A watcher error (a queue overflow) may hide a change: rebuild to be safe.
        Err(_) => true,
    }
}
