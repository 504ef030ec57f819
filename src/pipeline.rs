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
    let (loaded, mut diags) = load::load(root);
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
    /// Problems that did not stop the build, such as a git history that could not be read.
    pub warnings: Vec<Diagnostic>,
}

/// Renders a checked portal into files, without touching the disk.
pub fn render_site(
    root: &Path,
    portal: &mut Portal,
    base_url: Option<&str>,
    history: &History,
) -> Result<Vec<OutputFile>> {
    if let Some(base) = base_url {
        portal.site.base_url = base.to_string();
    }
    let theme = Theme::load(root, portal.site.theme.as_deref(), &portal.site.language)?;
    let urls = Urls::new(&portal.site.base_url);
    let pages = Pages::new(portal, &theme, &urls, history).all();
    let mut files = render::render(&pages, &theme, |u| urls.file_for(u))?;
    let page_urls: Vec<String> = pages.iter().map(|p| p.url.clone()).collect();
    files.extend(crate::feeds::files(portal, &urls, &page_urls, &theme));
    files.extend(crate::export::data_files(portal));
    files.push(crate::search::index_file(portal, &urls, &theme));
    for (url, text) in pages.iter().flat_map(|p| &p.attachments) {
        files.push(OutputFile {
            path: urls.file_for(url),
            bytes: text.clone().into_bytes(),
        });
    }
    for (name, text) in &theme.statics {
        files.push(OutputFile {
            path: format!("assets/{name}"),
            bytes: text.clone().into_bytes(),
        });
    }
    Ok(files)
}

/// Builds the site into `output`, replacing it only when everything succeeded.
pub fn build(
    root: &Path,
    output: &Path,
    base_url: Option<&str>,
    mut portal: Portal,
) -> Result<BuildStats> {
    let history = crate::history::read(root, &portal);
    let files = render_site(root, &mut portal, base_url, &history)?;
    write::write_site(output, &files)?;
    Ok(BuildStats {
        pages: files.iter().filter(|f| f.path.ends_with(".html")).count(),
        bytes: files.iter().map(|f| f.bytes.len()).sum(),
        warnings: history.warnings,
    })
}
