//! shishi: a static site generator for public accountability portals that track the
//! livelihood pledges (为民办实事项目) of Chinese cities and districts, year after year.
//!
//! The pipeline reads as its modules: [`load`] the content files, [`validate`] them,
//! build the [`model`], read its [`history`] from git, describe the [`pages`], [`render`]
//! them through the [`theme`], and [`write`](mod@write) the site. [`pipeline`] strings the steps
//! together; [`checker`] runs the first three a city at a time and remembers them, so the
//! preview reads again only what an edit changed.

pub mod charts;
pub mod checker;
pub mod content;
pub mod dates;
pub mod diagnostics;
pub mod export;
pub mod feeds;
pub mod format;
pub mod history;
pub mod ids;
pub mod import;
pub mod leads;
pub mod load;
pub mod locate;
pub mod markdown;
pub mod messages;
pub mod model;
pub mod pages;
pub mod pipeline;
pub mod render;
pub mod reuse;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod swap;
#[cfg(test)]
mod testing;
pub mod text;
pub mod theme;
pub mod urls;
pub mod validate;
pub mod vocab;
pub mod write;
pub mod xml;
pub mod yaml_error;
pub mod yaml_guard;
