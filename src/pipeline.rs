//! The one way through: load -> validate -> model -> render -> write.

use crate::diagnostics::{self, Diagnostic};
use crate::history::History;
use crate::model::{self, Portal};
use crate::pages::Pages;
use crate::render::{self, OutputFile};
use crate::theme::Theme;
use crate::urls::Urls;
use crate::{load, validate, write};
use anyhow::Result;
use rayon::prelude::*;
use std::path::Path;

/// The outcome of reading and checking the content.
pub struct Checked {
    pub portal: Option<Portal>,
    /// In file and line order, so each file's problems read top to bottom.
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Loads and validates everything under `root/content`, reporting every problem found.
pub fn check(root: &Path) -> Checked {
    let (loaded, diags) = load::load(root);
    check_loaded(loaded, diags)
}

/// Validates content already loaded (from disk or from memory), adding to the problems
/// loading found, and builds the portal when there are no errors.
pub fn check_loaded(loaded: load::Loaded, mut diags: Vec<Diagnostic>) -> Checked {
    diags.extend(validate::validate(&loaded));
    let diagnostics = diagnostics::sorted(diags);
    let portal = if diagnostics.iter().any(Diagnostic::is_error) {
        None
    } else {
        model::build(loaded)
    };
    Checked {
        portal,
        diagnostics,
    }
}

pub struct BuildStats {
    pub pages: usize,
    pub bytes: usize,
    /// Files written, and files left as they were because their bytes did not change.
    pub written: write::WriteStats,
    /// Problems that did not stop the build, such as a git history that could not be read.
    pub warnings: Vec<Diagnostic>,
}

/// Renders a checked portal into files, without touching the disk, in path order.
pub fn render_site(
    root: &Path,
    portal: &mut Portal,
    base_url: Option<&str>,
    history: &History,
) -> Result<Vec<OutputFile>> {
    let files = std::sync::Mutex::new(Vec::new());
    produce(root, portal, base_url, history, &|f| {
        files.lock().unwrap_or_else(|e| e.into_inner()).push(f);
        Ok(())
    })?;
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Makes every file of the site and hands each to `sink` as soon as it is ready, from
/// several threads. Pages are built, rendered and handed over one at a time, so memory holds
/// the portal and the pages in flight, not the whole site.
fn produce(
    root: &Path,
    portal: &mut Portal,
    base_url: Option<&str>,
    history: &History,
    sink: &(dyn Fn(OutputFile) -> Result<()> + Sync),
) -> Result<usize> {
    if let Some(base) = base_url {
        portal.site.base_url = base.to_string();
    }
    let portal = &*portal;
    let theme = Theme::load(root, portal.site.theme.as_deref(), &portal.site.language)?;
    let urls = Urls::new(&portal.site.base_url);
    let pages = Pages::new(portal, &theme, &urls, history);
    let refs = pages.refs();
    refs.par_iter().try_for_each(|r| -> Result<()> {
        let page = pages.build(r);
        sink(render::render_page(&page, &theme, |u| urls.file_for(u))?)?;
        for (url, text) in &page.attachments {
            sink(OutputFile {
                path: urls.file_for(url),
                bytes: text.clone().into_bytes(),
            })?;
        }
        Ok(())
    })?;
    let page_urls: Vec<String> = refs.iter().map(|r| pages.url(r)).collect();
    let mut extra = crate::feeds::files(portal, &urls, &page_urls, &theme);
    extra.extend(crate::export::data_files(portal));
    extra.push(crate::search::index_file(portal, &urls, &theme));
    for (name, text) in &theme.statics {
        extra.push(OutputFile {
            path: format!("assets/{name}"),
            bytes: text.clone().into_bytes(),
        });
    }
    extra.into_par_iter().try_for_each(sink)?;
    Ok(refs.len())
}

/// Builds the site into `output`, replacing it only when everything succeeded.
pub fn build(
    root: &Path,
    output: &Path,
    base_url: Option<&str>,
    mut portal: Portal,
) -> Result<BuildStats> {
    let history = crate::history::read(root, &portal);
    let staging = write::Staging::new(output)?;
    let bytes = std::sync::atomic::AtomicUsize::new(0);
    let html = std::sync::atomic::AtomicUsize::new(0);
    produce(root, &mut portal, base_url, &history, &|f| {
        use std::sync::atomic::Ordering::Relaxed;
        bytes.fetch_add(f.bytes.len(), Relaxed);
        if f.path.ends_with(".html") {
            html.fetch_add(1, Relaxed);
        }
        staging.put(&f)
    })?;
    let written = staging.finish()?;
    Ok(BuildStats {
        pages: html.into_inner(),
        bytes: bytes.into_inner(),
        written,
        warnings: history.warnings,
    })
}
