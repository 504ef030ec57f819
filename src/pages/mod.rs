//! What each page shows: one function per kind of page, turning the model into the data its
//! template renders. Templates get finished strings (labels, formatted figures, URLs) so a
//! theme never has to repeat the portal's rules.

mod city;
mod compare;
mod data;
mod home;
mod leads;
mod lists;
mod project;

use crate::charts::Chart;
use crate::format;
use crate::history::History;
use crate::markdown;
use crate::model::{City, Delivery, Portal, Project, Year};
use crate::text::Text;
use crate::theme::Theme;
use crate::urls::Urls;
use crate::vocab::{Schedule, Status};
use serde_json::{json, Value};
use std::cell::RefCell;
use std::collections::BTreeSet;

/// A page to render: where it goes, which template, and its data.
pub struct Page {
    pub url: String,
    pub template: &'static str,
    pub context: Value,
    /// Files published beside the page: (URL, text). Each chart is also a standalone SVG
    /// with a stable address, so it can be linked, downloaded or embedded on its own.
    pub attachments: Vec<(String, String)>,
}

/// A page of the site, by what it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageRef {
    Home,
    NotFound,
    Search,
    /// Indexes into the portal's cities, their years, projects and lead units.
    City(usize),
    CityYear(usize, usize),
    Project(usize, usize, usize),
    Leads(usize),
    Lead(usize, usize),
    Data,
    /// An index into the portal's domains.
    Domain(usize),
    Year(i32),
}

impl PageRef {
    /// The city whose pages this is one of; None for pages about the whole portal.
    pub fn city(&self) -> Option<usize> {
        match *self {
            PageRef::City(c)
            | PageRef::CityYear(c, _)
            | PageRef::Project(c, _, _)
            | PageRef::Leads(c)
            | PageRef::Lead(c, _) => Some(c),
            _ => None,
        }
    }
}

thread_local! {
    /// Languages that text on the page being built on this thread fell back to; `page()`
    /// takes them for the page's notice.
    static FALLBACKS: RefCell<BTreeSet<String>> = const { RefCell::new(BTreeSet::new()) };
}

pub struct Pages<'a> {
    portal: &'a Portal,
    theme: &'a Theme,
    urls: &'a Urls,
    history: &'a History,
}

impl<'a> Pages<'a> {
    pub fn new(portal: &'a Portal, theme: &'a Theme, urls: &'a Urls, history: &'a History) -> Self {
        Pages {
            portal,
            theme,
            urls,
            history,
        }
    }

    pub fn portal(&self) -> &'a Portal {
        self.portal
    }

    pub(super) fn lang(&self) -> &str {
        self.portal.lang()
    }

    pub(super) fn tx(&self, text: &Text) -> String {
        if let Some(tag) = text.fallback_lang(self.lang()) {
            FALLBACKS.with(|f| f.borrow_mut().insert(tag.to_string()));
        }
        text.get(self.lang()).to_string()
    }

    /// The `lang` attribute text needs when it is shown in another language than the page.
    pub(super) fn lang_of(&self, text: &Text) -> Option<String> {
        text.fallback_lang(self.lang()).map(str::to_string)
    }

    pub(super) fn tx_opt(&self, text: &Option<Text>) -> Option<String> {
        text.as_ref().map(|t| self.tx(t))
    }

    pub(super) fn md(&self, text: &Option<Text>) -> Option<String> {
        text.as_ref().map(|t| markdown::to_html(t.get(self.lang())))
    }

    /// Every page of the site, in a fixed order, not yet built: a large portal's pages are
    /// built, rendered and written a few at a time rather than all held at once.
    pub fn refs(&self) -> Vec<PageRef> {
        let mut refs = vec![PageRef::Home, PageRef::NotFound, PageRef::Search];
        for c in 0..self.portal.cities.len() {
            refs.extend(self.city_refs(c));
        }
        refs.extend(
            self.portal_refs()
                .filter(|r| !matches!(r, PageRef::Home | PageRef::NotFound | PageRef::Search)),
        );
        refs
    }

    /// The pages of one city, in the order [`Pages::refs`] gives them.
    pub fn city_refs(&self, c: usize) -> Vec<PageRef> {
        let city = &self.portal.cities[c];
        let mut refs = vec![PageRef::City(c)];
        for (y, year) in city.years.iter().enumerate() {
            refs.push(PageRef::CityYear(c, y));
            refs.extend((0..year.projects.len()).map(|p| PageRef::Project(c, y, p)));
        }
        if !city.leads.is_empty() {
            refs.push(PageRef::Leads(c));
            refs.extend((0..city.leads.len()).map(|l| PageRef::Lead(c, l)));
        }
        refs
    }

    /// The pages about the whole portal rather than one city.
    pub fn portal_refs(&self) -> impl Iterator<Item = PageRef> + '_ {
        [
            PageRef::Home,
            PageRef::NotFound,
            PageRef::Search,
            PageRef::Data,
        ]
        .into_iter()
        .chain((0..self.portal.site.domains.len()).map(PageRef::Domain))
        .chain(self.portal.years().into_iter().map(PageRef::Year))
    }

    /// Builds one page's data. Pages are built on any thread, each on one thread from start
    /// to finish, which the per-thread fallback record relies on.
    pub fn build(&self, r: &PageRef) -> Page {
        FALLBACKS.with(|f| f.borrow_mut().clear());
        let cities = &self.portal.cities;
        match *r {
            PageRef::Home => self.home(),
            PageRef::NotFound => self.not_found(),
            PageRef::Search => self.search(),
            PageRef::City(c) => self.city(&cities[c]),
            PageRef::CityYear(c, y) => self.city_year(&cities[c], &cities[c].years[y]),
            PageRef::Project(c, y, p) => {
                let year = &cities[c].years[y];
                self.project(&cities[c], year, &year.projects[p])
            }
            PageRef::Leads(c) => self.leads(&cities[c]),
            PageRef::Lead(c, l) => self.lead(&cities[c], &cities[c].leads[l]),
            PageRef::Data => self.data(),
            PageRef::Domain(d) => self.domain(&self.portal.site.domains[d].id),
            PageRef::Year(y) => self.year(y),
        }
    }

    /// A page's address, without building it.
    pub fn url(&self, r: &PageRef) -> String {
        let cities = &self.portal.cities;
        let u = self.urls;
        match *r {
            PageRef::Home => u.home(),
            PageRef::NotFound => format!("{}404.html", u.home()),
            PageRef::Search => crate::search::page_url(u),
            PageRef::City(c) => u.city(&cities[c].slug),
            PageRef::CityYear(c, y) => u.city_year(&cities[c].slug, cities[c].years[y].year),
            PageRef::Project(c, y, p) => {
                let year = &cities[c].years[y];
                u.project(&cities[c].slug, year.year, &year.projects[p].id)
            }
            PageRef::Leads(c) => u.leads(&cities[c].slug),
            PageRef::Lead(c, l) => u.lead(&cities[c].slug, &cities[c].leads[l].slug),
            PageRef::Data => u.data(),
            PageRef::Domain(d) => u.domain(&self.portal.site.domains[d].id),
            PageRef::Year(y) => u.year(y),
        }
    }

    pub(super) fn page(
        &self,
        template: &'static str,
        url: String,
        title: String,
        crumbs: Vec<(String, String)>,
        mut data: Value,
    ) -> Page {
        let site = &self.portal.site;
        let site_title = self.tx(&site.title);
        let description = site
            .description
            .as_ref()
            .map(|d| self.tx(d))
            .unwrap_or_default();
        let mut breadcrumbs =
            vec![json!({"title": self.theme.t("nav.home"), "url": self.urls.home()})];
        breadcrumbs.extend(
            crumbs
                .into_iter()
                .map(|(title, url)| json!({"title": title, "url": url})),
        );
        let obj = data.as_object_mut().expect("page data is an object");
        // A page's own summary describes it better than the portal's line, in search
        // results and link previews alike.
        let page_description = obj
            .remove("meta_description")
            .and_then(|v| v.as_str().map(|md| markdown::excerpt(md, 120)))
            .filter(|d| !d.is_empty())
            .unwrap_or_else(|| description.clone());
        let city_feed = obj.remove("city_feed").unwrap_or(Value::Null);
        let mut attachments = Vec::new();
        if let Some(chart) = obj.get_mut("chart").and_then(Value::as_object_mut) {
            let file_url = format!("{url}{}.svg", chart["id"].as_str().unwrap_or("chart"));
            let svg = chart["svg"].as_str().unwrap_or_default().to_string();
            chart.insert("url".into(), json!(file_url));
            chart.insert("absolute_url".into(), json!(self.urls.absolute(&file_url)));
            attachments.push((file_url, svg));
        }
        obj.insert(
            "site".into(),
            json!({
                "title": site_title,
                "lang": self.lang(),
                "description": description,
                "description_html": self.md(&site.description),
                "home_url": self.urls.home(),
                "css_url": self.urls.asset("style.css"),
                "feed_url": crate::feeds::feed_url(self.urls),
                "license": site.license.as_ref().map(|l| json!({"name": self.tx(&l.name), "url": l.url})),
                "search_url": crate::search::page_url(self.urls),
                "data_url": self.urls.data(),
            }),
        );
        // Every string of this page has been looked up by now, so this is the page's own set.
        let fell_back: Vec<String> = FALLBACKS
            .with(|f| std::mem::take(&mut *f.borrow_mut()))
            .into_iter()
            .map(|tag| {
                let name = self.theme.t(&format!("language.{tag}"));
                if name.starts_with("language.") {
                    tag
                } else {
                    name
                }
            })
            .collect();
        let fallback = (!fell_back.is_empty()).then(|| {
            self.fill(
                "label.fallback_notice",
                &[("languages", &fell_back.join("、"))],
            )
        });
        obj.insert(
            "page".into(),
            json!({
                "title": title,
                "url": url,
                "canonical": self.urls.absolute(&url),
                "description": page_description,
                "city_feed": city_feed,
                "breadcrumbs": breadcrumbs,
                "fallback": fallback,
            }),
        );
        Page {
            url,
            attachments,
            template,
            context: data,
        }
    }

    pub(super) fn status(&self, s: Status) -> Value {
        json!({"key": s.key(), "label": self.theme.t(&format!("status.{}", s.key())), "icon": s.icon(), "final": s.is_final()})
    }

    pub(super) fn schedule(&self, s: Option<Schedule>, derived: bool) -> Value {
        match s {
            Some(s) => {
                json!({"key": s.key(), "label": self.theme.t(&format!("schedule.{}", s.key())), "derived": derived})
            }
            None => Value::Null,
        }
    }

    pub(super) fn date(&self, d: Option<jiff::civil::Date>) -> Value {
        d.map_or(Value::Null, |d| json!(format::date(d, self.lang())))
    }

    pub(super) fn date_str(&self, s: &str) -> Value {
        self.date(crate::dates::parse(s))
    }

    pub(super) fn delivery(&self, year: &Year, d: &Delivery) -> Value {
        let source = d
            .source
            .as_deref()
            .and_then(|id| year.sources.iter().find(|s| s.id == id))
            .map(|s| self.tx(&s.title));
        json!({
            "pledged": d.pledged,
            "completed": d.completed,
            "rate": d.rate().map(format::percent),
            "rate_value": d.rate(),
            "as_of": self.date(d.as_of),
            "final": d.is_final,
            "official": d.official,
            "source": source,
        })
    }

    pub(super) fn project_card(&self, city: &City, year: &Year, p: &Project) -> Value {
        json!({
            "id": p.id,
            "title": self.tx(&p.title),
            "title_lang": self.lang_of(&p.title),
            "url": self.urls.project(&city.slug, year.year, &p.id),
            "status": self.status(p.state.status),
            "schedule": self.schedule(p.state.schedule, p.state.schedule_derived),
            "progress": p.state.progress.map(format::number),
            "progress_value": p.state.progress.map(|v| format::number(v.clamp(0.0, 100.0))),
            "exceeded": p.state.exceeded,
            "early": p.state.early,
            "lead": p.lead_slug.as_ref().map(|slug| json!({
                "name": self.tx_opt(&p.lead),
                "url": self.urls.lead(&city.slug, slug),
            })),
            // What the filter script matches on; leads are qualified by city because the
            // same department name in two cities is two different units.
            "filter": {
                "status": p.state.status.key(),
                "schedule": p.state.schedule.map_or("", |s| s.key()),
                "domain": p.domain,
                "lead": p.lead_slug.as_ref().map_or(String::new(), |slug| format!("{}/{slug}", city.slug)),
            },
            "domain": p.domain,
            "city": self.tx(&city.name),
            "city_url": self.urls.city(&city.slug),
            "year": year.year,
            "sub_items": p.children.len(),
        })
    }

    /// Projects of a city-year grouped by domain, in the portal's domain order; sub-items are
    /// listed under their parent on the project page, not here.
    pub(super) fn by_domain(&self, city: &City, year: &Year) -> Vec<Value> {
        self.portal
            .site
            .domains
            .iter()
            .filter_map(|d| {
                let projects: Vec<Value> = year
                    .top_level()
                    .filter(|p| p.domain == d.id)
                    .map(|p| self.project_card(city, year, p))
                    .collect();
                (!projects.is_empty()).then(|| {
                    json!({"id": d.id, "name": self.tx(&d.name), "url": self.urls.domain(&d.id), "projects": projects})
                })
            })
            .collect()
    }

    pub(super) fn chart(
        &self,
        id: &str,
        chart: Chart,
        title: String,
        description: String,
        head: Vec<String>,
        rows: Vec<Vec<String>>,
    ) -> Value {
        json!({"id": id, "svg": chart.svg, "title": title, "description": description, "head": head, "rows": rows})
    }

    /// The city's Atom feed, for the page head, when the city has dated events at all.
    pub(super) fn city_feed(&self, city: &City) -> Value {
        crate::feeds::city_feed_url(self.urls, city).map_or(Value::Null, |url| {
            json!({"url": url, "title": format!("{} · {}", self.tx(&self.portal.site.title), self.tx(&city.name))})
        })
    }

    /// Column heads of a delivery table whose rows are named by `first` (city or year).
    pub(super) fn delivery_head(&self, first: &str) -> Vec<String> {
        [
            first,
            "label.pledged",
            "label.completed",
            "label.rate",
            "label.as_of",
        ]
        .iter()
        .map(|k| self.theme.t(k))
        .collect()
    }

    pub(super) fn fill(&self, key: &str, pairs: &[(&str, &str)]) -> String {
        let mut s = self.theme.t(key);
        for (k, v) in pairs {
            s = s.replace(&format!("{{{k}}}"), v);
        }
        s
    }

    pub(super) fn city_row(&self, city: &City) -> Value {
        let latest = city.years.last().map(|y| {
            let d = y.delivery();
            json!({"year": y.year, "url": self.urls.city_year(&city.slug, y.year), "delivery": self.delivery(y, &d)})
        });
        json!({
            "slug": city.slug,
            "name": self.tx(&city.name),
            "name_lang": self.lang_of(&city.name),
            "url": self.urls.city(&city.slug),
            "level": self.theme.t(&format!("level.{}", city.level.key())),
            "parent": city.parent.as_deref().and_then(|p| self.portal.city(p)).map(|p| json!({"name": self.tx(&p.name), "url": self.urls.city(&p.slug)})),
            "years": city.years.iter().map(|y| json!({"year": y.year, "url": self.urls.city_year(&city.slug, y.year)})).collect::<Vec<_>>(),
            "latest": latest,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sitemap and feeds list pages by `url()` without building them; it must name the
    /// very address each page is built at.
    #[test]
    fn every_page_is_built_at_the_address_url_gives() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let portal = crate::testing::portal(root);
        let theme = Theme::load(root, None, "zh-Hans").unwrap();
        let urls = Urls::new(&portal.site.base_url);
        let history = History::default();
        let pages = Pages::new(&portal, &theme, &urls, &history);
        let refs = pages.refs();
        assert!(refs.len() > 100);
        for r in &refs {
            assert_eq!(pages.build(r).url, pages.url(r), "{r:?}");
        }
    }
}
