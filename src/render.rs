//! Renders pages through the theme's templates, in parallel.

use crate::pages::Page;
use crate::theme::Theme;
use anyhow::{anyhow, Result};
use rayon::prelude::*;

/// A finished file: its path inside the output folder and its bytes.
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

pub fn render(
    pages: &[Page],
    theme: &Theme,
    file_for: impl Fn(&str) -> String + Sync,
) -> Result<Vec<OutputFile>> {
    // Collecting an indexed parallel iterator keeps page order, so output is the same
    // whatever the thread timing.
    pages
        .par_iter()
        .map(|page| render_page(page, theme, &file_for))
        .collect()
}

/// One page through its template.
pub fn render_page(
    page: &Page,
    theme: &Theme,
    file_for: impl Fn(&str) -> String,
) -> Result<OutputFile> {
    let ctx = tera::Context::from_serialize(&page.context)
        .map_err(|e| anyhow!("cannot prepare {}: {e}", page.url))?;
    let html = theme.tera.render(page.template, &ctx).map_err(|e| {
        anyhow!(
            "template {} failed for {}: {}",
            page.template,
            page.url,
            error_chain(&e)
        )
    })?;
    Ok(OutputFile {
        path: file_for(&page.url),
        bytes: html.into_bytes(),
    })
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut src = e.source();
    while let Some(inner) = src {
        s.push_str(": ");
        s.push_str(&inner.to_string());
        src = inner.source();
    }
    s
}
