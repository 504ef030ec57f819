//! Atom feeds of dated events, portal-wide and per city, plus `sitemap.xml` and `robots.txt`.
//!
//! An event is something the content dates: a project update or a published count (a
//! snapshot). Every date here comes from the content, never from the clock, so building the
//! same content twice gives the same bytes, and a rebuild does not make feed readers show old
//! reports as new.

use crate::dates;
use crate::format;
use crate::markdown;
use crate::model::{City, Portal, Project, Year};
use crate::render::OutputFile;
use crate::theme::Theme;
use crate::urls::Urls;
use crate::xml::escape;
use jiff::civil::Date;
use rayon::prelude::*;
use std::cmp::Ordering;

/// Readers only look at recent items, and a portal tracking many cities over many years would
/// otherwise ship an ever-growing file that every subscriber re-downloads on each poll.
const PORTAL_FEED_LIMIT: usize = 200;

/// URL of the portal-wide feed.
pub fn feed_url(urls: &Urls) -> String {
    format!("{}feed.xml", urls.home())
}

/// Where the files about the whole portal go: its feed, the sitemap and robots.txt.
pub fn portal_paths(urls: &Urls) -> Vec<String> {
    [feed_url(urls), sitemap_url(urls), robots_url(urls)]
        .iter()
        .map(|u| urls.file_for(u))
        .collect()
}

fn sitemap_url(urls: &Urls) -> String {
    format!("{}sitemap.xml", urls.home())
}

fn robots_url(urls: &Urls) -> String {
    format!("{}robots.txt", urls.home())
}

/// URL of a city's feed, when it has one. Only cities with at least one dated event get a
/// feed, so a page must ask here rather than assume, or it would advertise a missing file.
pub fn city_feed_url(urls: &Urls, city: &City) -> Option<String> {
    has_events(city).then(|| format!("{}feed.xml", urls.city(&city.slug)))
}

fn has_events(city: &City) -> bool {
    city.years.iter().any(|y| {
        y.snapshots.iter().any(|s| dates::parse(&s.as_of).is_some())
            || y.projects
                .iter()
                .any(|p| p.updates.iter().any(|u| dates::parse(&u.date).is_some()))
    })
}

/// Atom feeds of dated events, portal-wide and per city, plus sitemap.xml and robots.txt.
/// Each file comes with the index of the city it belongs to, if any. The feeds of cities
/// for which `remake` says false are left out: an earlier build's are kept.
pub fn files(
    portal: &Portal,
    urls: &Urls,
    page_urls: &[String],
    theme: &Theme,
    remake: &(dyn Fn(usize) -> bool + Sync),
) -> Vec<(Option<usize>, OutputFile)> {
    let per_city: Vec<Vec<Event>> = portal.cities.par_iter().map(|c| city_events(c)).collect();
    // Each city's list is newest first, so the portal's newest are among each city's first.
    // Only those few are written out: a rebuild that keeps every city's feed then costs a
    // sort of dates, not the text of every event on the portal.
    let mut newest: Vec<&Event> = per_city
        .iter()
        .flat_map(|events| events.iter().take(PORTAL_FEED_LIMIT))
        .collect();
    newest.sort_by(|a, b| Event::order(a, b));
    newest.truncate(PORTAL_FEED_LIMIT);
    let newest: Vec<Entry> = newest
        .into_iter()
        .map(|e| e.entry(portal, urls, theme))
        .collect();
    let newest: Vec<&Entry> = newest.iter().collect();

    let lang = portal.lang();
    let site_title = portal.site.title.get(lang);
    let mut out = Vec::new();
    let self_url = feed_url(urls);
    out.push((
        None,
        OutputFile {
            path: urls.file_for(&self_url),
            bytes: feed(
                &FeedHead {
                    title: site_title.to_string(),
                    self_url: urls.absolute(&self_url),
                    alternate: urls.absolute(&urls.home()),
                    author: site_title,
                    lang,
                },
                &newest,
            )
            .into_bytes(),
        },
    ));
    let remade: Vec<(usize, OutputFile)> = portal
        .cities
        .par_iter()
        .zip(&per_city)
        .enumerate()
        .filter(|(c, _)| remake(*c))
        .filter_map(|(c, (city, events))| Some((c, city_file(portal, urls, theme, city, events)?)))
        .collect();
    out.extend(remade.into_iter().map(|(c, f)| (Some(c), f)));

    let sitemap_url = sitemap_url(urls);
    out.push((
        None,
        OutputFile {
            path: urls.file_for(&sitemap_url),
            bytes: sitemap(urls, page_urls).into_bytes(),
        },
    ));
    // Crawlers only read robots.txt at the root of a host; for a portal served from a
    // sub-folder this file is harmless, and the host's own robots.txt can point at the sitemap.
    out.push((
        None,
        OutputFile {
            path: urls.file_for(&robots_url(urls)),
            bytes: format!(
                "User-agent: *\nAllow: /\nSitemap: {}\n",
                urls.absolute(&sitemap_url)
            )
            .into_bytes(),
        },
    ));
    out
}

/// One city's feed alone, for the preview, which remakes a city's files without the rest.
pub fn city_feed(portal: &Portal, urls: &Urls, theme: &Theme, city: &City) -> Option<OutputFile> {
    city_file(portal, urls, theme, city, &city_events(city))
}

/// A city's events, newest first.
fn city_events(city: &City) -> Vec<Event<'_>> {
    let mut events = Vec::new();
    for year in &city.years {
        year_events(city, year, &mut events);
    }
    events.sort_by(Event::order);
    events
}

fn city_file(
    portal: &Portal,
    urls: &Urls,
    theme: &Theme,
    city: &City,
    events: &[Event],
) -> Option<OutputFile> {
    let self_url = city_feed_url(urls, city)?;
    let lang = portal.lang();
    let site_title = portal.site.title.get(lang);
    let entries: Vec<Entry> = events
        .iter()
        .map(|e| e.entry(portal, urls, theme))
        .collect();
    let mine: Vec<&Entry> = entries.iter().collect();
    Some(OutputFile {
        path: urls.file_for(&self_url),
        bytes: feed(
            &FeedHead {
                title: format!("{site_title} · {}", city.name.get(lang)),
                self_url: urls.absolute(&self_url),
                alternate: urls.absolute(&urls.city(&city.slug)),
                author: site_title,
                lang,
            },
            &mine,
        )
        .into_bytes(),
    })
}

/// One dated event: what it sorts by, and where it is in the portal. Cheap to collect for a
/// whole portal; its text is made only for the events a feed shows ([`Event::entry`]).
struct Event<'a> {
    date: Date,
    city: &'a City,
    year: &'a Year,
    what: What<'a>,
    /// Position among the same item's events of the same date.
    index: usize,
}

enum What<'a> {
    /// A project's update, by its position in the project's updates.
    Update(&'a Project, usize),
    /// A published count, by its position in the year's snapshots.
    Snapshot(usize),
}

/// An event as a feed shows it.
struct Entry {
    date: Date,
    id: String,
    title: String,
    link: String,
    /// HTML, escaped only when written into the feed.
    content: String,
}

impl Event<'_> {
    /// `None` for a snapshot, which belongs to the city-year rather than to a project.
    fn project(&self) -> Option<&str> {
        match self.what {
            What::Update(p, _) => Some(&p.id),
            What::Snapshot(_) => None,
        }
    }

    /// Newest first; the rest of the key is unique per event, so the order never depends on
    /// the order events were collected in.
    fn order(a: &Event, b: &Event) -> Ordering {
        b.date
            .cmp(&a.date)
            .then_with(|| a.city.slug.cmp(&b.city.slug))
            .then(a.year.year.cmp(&b.year.year))
            .then_with(|| a.project().cmp(&b.project()))
            .then(a.index.cmp(&b.index))
    }

    fn entry(&self, portal: &Portal, urls: &Urls, theme: &Theme) -> Entry {
        let lang = portal.lang();
        let (city, year, index) = (self.city, self.year, self.index);
        let city_name = city.name.get(lang);
        match self.what {
            What::Update(project, i) => {
                let u = &project.updates[i];
                let link = urls.absolute(&urls.project(&city.slug, year.year, &project.id));
                let status = theme.t(&format!("status.{}", u.status.key()));
                let mut state = status.clone();
                if let Some(p) = u.progress {
                    state.push_str(&format!(" {}%", format::number(p)));
                }
                let mut content = format!("<p>{}", escape(&status));
                if let Some(s) = u.schedule {
                    content.push_str(&format!(
                        ", {}",
                        escape(&theme.t(&format!("schedule.{}", s.key())))
                    ));
                }
                if let Some(p) = u.progress {
                    content.push_str(&format!(
                        ", {} {}%",
                        escape(&theme.t("label.progress")),
                        format::number(p)
                    ));
                }
                content.push_str("</p>\n");
                if let Some(note) = &u.note {
                    content.push_str(&markdown::to_html(note.get(lang)));
                }
                Entry {
                    date: self.date,
                    id: format!("{link}#update-{}-{index}", u.date),
                    title: format!(
                        "{city_name} {} · {}: {state}",
                        year.year,
                        project.title.get(lang)
                    ),
                    link,
                    content,
                }
            }
            What::Snapshot(i) => {
                let s = &year.snapshots[i];
                let link = urls.absolute(&urls.city_year(&city.slug, year.year));
                let counts = s
                    .counts()
                    .into_iter()
                    .map(|(k, v)| (theme.t(&format!("count.{k}")), v))
                    .collect::<Vec<_>>();
                let mut summary: Vec<String> = Vec::new();
                if s.r#final {
                    summary.push(theme.t("label.final"));
                }
                summary.extend(counts.iter().map(|(label, v)| format!("{label} {v}")));
                if let Some(r) = s.rate {
                    summary.push(format!("{} {}", theme.t("label.rate"), format::percent(r)));
                }
                if summary.is_empty() {
                    summary.push(theme.t("label.snapshots"));
                }
                let mut content = String::new();
                if !counts.is_empty() {
                    content.push_str("<ul>\n");
                    for (label, v) in &counts {
                        content.push_str(&format!("<li>{}: {v}</li>\n", escape(label)));
                    }
                    content.push_str("</ul>\n");
                }
                if let Some(n) = s.not_reported().filter(|n| *n > 0) {
                    content.push_str(&format!(
                        "<p>{}: {n}</p>\n",
                        escape(&theme.t("count.not_reported"))
                    ));
                }
                if let Some(note) = &s.note {
                    content.push_str(&markdown::to_html(note.get(lang)));
                }
                Entry {
                    date: self.date,
                    id: format!("{link}#snapshot-{}-{index}", s.as_of),
                    title: format!("{city_name} {}: {}", year.year, summary.join(", ")),
                    link,
                    content,
                }
            }
        }
    }
}

fn year_events<'a>(city: &'a City, year: &'a Year, out: &mut Vec<Event<'a>>) {
    for project in &year.projects {
        for (i, u) in project.updates.iter().enumerate() {
            let Some(date) = dates::parse(&u.date) else {
                continue;
            };
            // Counting only same-day updates keeps an entry's id when an editor later adds an
            // update on another date; a plain position would renumber every later entry and
            // readers would show them all again as new.
            let index = project.updates[..i]
                .iter()
                .filter(|e| e.date == u.date)
                .count();
            out.push(Event {
                date,
                city,
                year,
                what: What::Update(project, i),
                index,
            });
        }
    }
    for (i, s) in year.snapshots.iter().enumerate() {
        let Some(date) = dates::parse(&s.as_of) else {
            continue;
        };
        let index = year.snapshots[..i]
            .iter()
            .filter(|e| e.as_of == s.as_of)
            .count();
        out.push(Event {
            date,
            city,
            year,
            what: What::Snapshot(i),
            index,
        });
    }
}

struct FeedHead<'a> {
    title: String,
    self_url: String,
    alternate: String,
    author: &'a str,
    lang: &'a str,
}

/// Reports carry calendar dates without a time of day; midnight UTC is the conventional
/// stand-in and keeps the timestamp a pure function of the content.
fn timestamp(d: Date) -> String {
    format!("{d}T00:00:00Z")
}

fn feed(head: &FeedHead, entries: &[&Entry]) -> String {
    // Atom requires an `updated` on the feed. With no events the epoch says "nothing has
    // happened" without reaching for the clock, which would change the bytes on every build.
    let updated = entries
        .iter()
        .map(|e| e.date)
        .max()
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), timestamp);
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        escape(head.lang)
    ));
    x.push_str(&format!("  <id>{}</id>\n", escape(&head.self_url)));
    x.push_str(&format!("  <title>{}</title>\n", escape(&head.title)));
    x.push_str(&format!("  <updated>{updated}</updated>\n"));
    x.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape(&head.self_url)
    ));
    x.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape(&head.alternate)
    ));
    x.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        escape(head.author)
    ));
    x.push_str("  <generator>shishi</generator>\n");
    for e in entries {
        x.push_str("  <entry>\n");
        x.push_str(&format!("    <id>{}</id>\n", escape(&e.id)));
        x.push_str(&format!("    <title>{}</title>\n", escape(&e.title)));
        x.push_str(&format!("    <updated>{}</updated>\n", timestamp(e.date)));
        x.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape(&e.link)
        ));
        x.push_str(&format!(
            "    <content type=\"html\">{}</content>\n",
            escape(&e.content)
        ));
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

/// Lists every page but the 404 page, which is not content anyone should land on. There is
/// no `lastmod`: the build has no real modification times, and a build date would tell
/// crawlers that every page changed on every build.
fn sitemap(urls: &Urls, page_urls: &[String]) -> String {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for url in page_urls.iter().filter(|u| !u.ends_with("404.html")) {
        x.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            escape(&urls.absolute(url))
        ));
    }
    x.push_str("</urlset>\n");
    x
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::Pages;
    use crate::testing::write;
    use std::path::Path;

    const SITE: &str = "\
title: {zh-Hans: 为民办实事追踪, en: Pledge Tracker}
base_url: https://example.org/portal/
language: zh-Hans
domains:
  - id: education
    name: 教育
";

    const YEAR: &str = "\
year: 2024
title: 2024年泉州市为民办实事项目
sources:
  - id: qzwb
    title: 报道
    type: media
snapshots:
  - as_of: 2024-06-30
    source: qzwb
    total: 1
    completed: 0
projects:
  - id: school-places
    title: '新增学位 <b>&\"'
    domain: education
    sources: [qzwb]
    updates:
      - date: 2024-03-31
        status: in_progress
        progress: 20
        note: 开工 *三所* 学校 <i>
        sources: [qzwb]
      - date: 2024-09-30
        status: completed
        progress: 100
        sources: [qzwb]
";

    fn site(year: &str) -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        write(root, "site.yaml", SITE);
        write(root, "fujian/city.yaml", "name: 福建省\nlevel: province\n");
        write(
            root,
            "quanzhou/city.yaml",
            "name: 泉州市\nlevel: prefecture\nparent: fujian\n",
        );
        write(root, "quanzhou/2024.yaml", year);
        tmp
    }

    fn build(root: &Path) -> Vec<OutputFile> {
        let portal = crate::testing::portal(root);
        let theme = Theme::load(root, None, "zh-Hans").unwrap();
        let urls = Urls::new(&portal.site.base_url);
        let history = crate::history::History::default();
        let pages = Pages::new(&portal, &theme, &urls, &history);
        let page_urls: Vec<String> = pages.refs().iter().map(|r| pages.url(r)).collect();
        files(&portal, &urls, &page_urls, &theme, &|_| true)
            .into_iter()
            .map(|(_, f)| f)
            .collect()
    }

    fn get<'a>(files: &'a [OutputFile], path: &str) -> &'a str {
        let f = files
            .iter()
            .find(|f| f.path == path)
            .unwrap_or_else(|| panic!("no {path}"));
        std::str::from_utf8(&f.bytes).unwrap()
    }

    fn all<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
        let open = format!("<{tag}>");
        let close = format!("</{tag}>");
        xml.split(&open)
            .skip(1)
            .map(|s| s.split(&close).next().unwrap())
            .collect()
    }

    #[test]
    fn feeds_list_dated_events_newest_first() {
        let tmp = site(YEAR);
        let out = build(tmp.path());
        let feed = get(&out, "feed.xml");
        assert_eq!(
            all(feed, "updated"),
            [
                "2024-09-30T00:00:00Z",
                "2024-09-30T00:00:00Z",
                "2024-06-30T00:00:00Z",
                "2024-03-31T00:00:00Z",
            ],
            "{feed}"
        );
        let titles = all(feed, "title");
        assert_eq!(titles[0], "为民办实事追踪");
        assert_eq!(
            titles[1],
            "泉州市 2024 · 新增学位 &lt;b&gt;&amp;&quot;: 已完成 100%"
        );
        assert_eq!(titles[2], "泉州市 2024: 项目总数 1, 已完成 0");
        assert_eq!(
            titles[3],
            "泉州市 2024 · 新增学位 &lt;b&gt;&amp;&quot;: 推进中 20%"
        );
        assert!(!feed.contains("<b>"), "{feed}");
        let ids = all(feed, "id");
        assert_eq!(ids[0], "https://example.org/portal/feed.xml");
        assert_eq!(
            ids[1],
            "https://example.org/portal/quanzhou/2024/school-places/#update-2024-09-30-0"
        );
        assert_eq!(
            ids[2],
            "https://example.org/portal/quanzhou/2024/#snapshot-2024-06-30-0"
        );
        assert!(feed.contains(
            "<link rel=\"self\" type=\"application/atom+xml\" href=\"https://example.org/portal/feed.xml\"/>"
        ));
        assert!(feed.contains(
            "<link rel=\"alternate\" type=\"text/html\" href=\"https://example.org/portal/quanzhou/2024/school-places/\"/>"
        ));
        // The note is HTML escaped once more as XML text: markup arrives as entities, and
        // the `<i>` the editor typed stays visible text rather than becoming markup.
        assert!(
            feed.contains("&lt;em&gt;三所&lt;/em&gt; 学校 &amp;lt;i&amp;gt;"),
            "{feed}"
        );

        let city = get(&out, "quanzhou/feed.xml");
        assert_eq!(all(city, "entry").len(), 3);
        assert!(city.contains("<title>为民办实事追踪 · 泉州市</title>"));
        assert!(city.contains("href=\"https://example.org/portal/quanzhou/\""));
        // A city that only groups others has no events, so no feed.
        assert!(!out.iter().any(|f| f.path == "fujian/feed.xml"));
        assert_eq!(
            city_feed_url(&Urls::new("https://example.org/"), &empty_city()),
            None
        );
    }

    fn empty_city() -> City {
        City {
            slug: "fujian".into(),
            name: crate::text::Text::Plain("福建省".into()),
            level: crate::vocab::Level::Province,
            parent: None,
            admin_code: None,
            description: None,
            children: Vec::new(),
            years: Vec::new(),
            leads: Vec::new(),
            sources: Default::default(),
        }
    }

    #[test]
    fn sitemap_and_robots() {
        let tmp = site(YEAR);
        let out = build(tmp.path());
        let sitemap = get(&out, "sitemap.xml");
        let locs = all(sitemap, "loc");
        assert_eq!(locs[0], "https://example.org/portal/");
        assert!(locs.contains(&"https://example.org/portal/quanzhou/2024/school-places/"));
        assert!(locs
            .iter()
            .all(|l| l.starts_with("https://example.org/portal/")));
        assert!(!sitemap.contains("404"), "{sitemap}");
        assert!(!sitemap.contains("lastmod"));
        assert_eq!(
            get(&out, "robots.txt"),
            "User-agent: *\nAllow: /\nSitemap: https://example.org/portal/sitemap.xml\n"
        );
    }

    #[test]
    fn output_is_deterministic() {
        let tmp = site(YEAR);
        let a = build(tmp.path());
        let b = build(tmp.path());
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.path, y.path);
            assert_eq!(x.bytes, y.bytes, "{}", x.path);
        }
    }

    #[test]
    fn portal_feed_is_capped_and_same_day_updates_are_numbered() {
        let mut year = String::from(
            "year: 2024\ntitle: t\nsources:\n  - {id: s, title: s, type: media}\nprojects:\n  - id: p\n    title: p\n    domain: education\n    updates:\n",
        );
        for _ in 0..(PORTAL_FEED_LIMIT + 5) {
            year.push_str("      - {date: 2024-05-01, status: in_progress}\n");
        }
        let tmp = site(&year);
        let out = build(tmp.path());
        let feed = get(&out, "feed.xml");
        assert_eq!(all(feed, "entry").len(), PORTAL_FEED_LIMIT);
        assert!(feed.contains("#update-2024-05-01-0</id>"));
        assert!(feed.contains("#update-2024-05-01-199</id>"));
        assert!(!feed.contains("#update-2024-05-01-200</id>"));
        // City feeds are not capped.
        let city = get(&out, "quanzhou/feed.xml");
        assert_eq!(all(city, "entry").len(), PORTAL_FEED_LIMIT + 5);
    }

    #[test]
    fn escape_drops_what_xml_cannot_carry() {
        assert_eq!(
            escape("a&b<c>d\"e'f\u{1}g"),
            "a&amp;b&lt;c&gt;d&quot;e&apos;fg"
        );
    }
}
