//! What each page shows: one function per kind of page, turning the model into the data its
//! template renders. Templates get finished strings (labels, formatted figures, URLs) so a
//! theme never has to repeat the portal's rules.

use crate::charts::{self, Chart, Point, RateBar, Slice, YearBar};
use crate::format;
use crate::markdown;
use crate::model::{City, Delivery, Portal, Project, Year};
use crate::text::Text;
use crate::theme::Theme;
use crate::urls::Urls;
use crate::vocab::{Schedule, Status};
use serde_json::{json, Value};

/// A page to render: where it goes, which template, and its data.
pub struct Page {
    pub url: String,
    pub template: &'static str,
    pub context: Value,
    /// Files published beside the page: (URL, text). Each chart is also a standalone SVG
    /// with a stable address, so it can be linked, downloaded or embedded on its own.
    pub attachments: Vec<(String, String)>,
}

pub struct Pages<'a> {
    pub portal: &'a Portal,
    pub theme: &'a Theme,
    pub urls: &'a Urls,
}

impl<'a> Pages<'a> {
    fn lang(&self) -> &str {
        self.portal.lang()
    }

    fn tx(&self, text: &Text) -> String {
        text.get(self.lang()).to_string()
    }

    fn tx_opt(&self, text: &Option<Text>) -> Option<String> {
        text.as_ref().map(|t| self.tx(t))
    }

    fn md(&self, text: &Option<Text>) -> Option<String> {
        text.as_ref().map(|t| markdown::to_html(t.get(self.lang())))
    }

    /// Every page of the site, in a fixed order.
    pub fn all(&self) -> Vec<Page> {
        let mut pages = vec![self.home(), self.not_found(), self.search()];
        for city in &self.portal.cities {
            pages.push(self.city(city));
            for year in &city.years {
                pages.push(self.city_year(city, year));
                for project in &year.projects {
                    pages.push(self.project(city, year, project));
                }
            }
        }
        for domain in &self.portal.site.domains {
            pages.push(self.domain(&domain.id));
        }
        for year in self.portal.years() {
            pages.push(self.year(year));
        }
        pages
    }

    fn page(
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
            }),
        );
        obj.insert("t".into(), self.theme.strings.clone());
        obj.insert(
            "page".into(),
            json!({
                "title": title,
                "url": url,
                "canonical": self.urls.absolute(&url),
                "description": page_description,
                "city_feed": city_feed,
                "breadcrumbs": breadcrumbs,
            }),
        );
        Page {
            url,
            attachments,
            template,
            context: data,
        }
    }

    fn status(&self, s: Status) -> Value {
        json!({"key": s.key(), "label": self.theme.t(&format!("status.{}", s.key())), "icon": s.icon(), "final": s.is_final()})
    }

    fn schedule(&self, s: Option<Schedule>, derived: bool) -> Value {
        match s {
            Some(s) => {
                json!({"key": s.key(), "label": self.theme.t(&format!("schedule.{}", s.key())), "derived": derived})
            }
            None => Value::Null,
        }
    }

    fn date(&self, d: Option<jiff::civil::Date>) -> Value {
        d.map_or(Value::Null, |d| json!(format::date(d, self.lang())))
    }

    fn date_str(&self, s: &str) -> Value {
        self.date(crate::dates::parse(s))
    }

    fn delivery(&self, year: &Year, d: &Delivery) -> Value {
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

    fn project_card(&self, city: &City, year: &Year, p: &Project) -> Value {
        json!({
            "id": p.id,
            "title": self.tx(&p.title),
            "url": self.urls.project(&city.slug, year.year, &p.id),
            "status": self.status(p.state.status),
            "schedule": self.schedule(p.state.schedule, p.state.schedule_derived),
            "progress": p.state.progress.map(format::number),
            "progress_value": p.state.progress.map(|v| format::number(v.clamp(0.0, 100.0))),
            "exceeded": p.state.exceeded,
            "early": p.state.early,
            "lead": self.tx_opt(&p.lead),
            "domain": p.domain,
            "city": self.tx(&city.name),
            "city_url": self.urls.city(&city.slug),
            "year": year.year,
            "sub_items": p.children.len(),
        })
    }

    /// Projects of a city-year grouped by domain, in the portal's domain order; sub-items are
    /// listed under their parent on the project page, not here.
    fn by_domain(&self, city: &City, year: &Year) -> Vec<Value> {
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

    fn chart(
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

    /// schema.org Dataset markup for a city-year's downloads, so data search engines find
    /// them with their period and place. Serialised here because it goes into a <script>
    /// block, where the template's HTML escaping would corrupt the JSON.
    fn dataset_jsonld(&self, city: &City, year: &Year) -> String {
        let data_url = |ext: &str| {
            self.urls.absolute(&format!(
                "{}data/{}/{}.{ext}",
                self.urls.home(),
                city.slug,
                year.year
            ))
        };
        let license = self.portal.site.license.as_ref();
        let mut dataset = json!({
            "@context": "https://schema.org",
            "@type": "Dataset",
            "name": self.tx(&year.title),
            "description": year.summary.as_ref().map_or_else(|| self.tx(&year.title), |s| markdown::to_plain_text(s.get(self.lang()))),
            "url": self.urls.absolute(&self.urls.city_year(&city.slug, year.year)),
            "temporalCoverage": year.year.to_string(),
            "spatialCoverage": {"@type": "Place", "name": self.tx(&city.name)},
            "inLanguage": self.lang(),
            "isAccessibleForFree": true,
            "creator": {"@type": "Organization", "name": self.tx(&self.portal.site.title)},
            "distribution": [
                {"@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": data_url("csv")},
                {"@type": "DataDownload", "encodingFormat": "application/json", "contentUrl": data_url("json")},
            ],
        });
        if let Some(l) = license {
            dataset["license"] = json!(l.url.clone().unwrap_or_else(|| self.tx(&l.name)));
        }
        // JSON allows \u escapes anywhere in a string, so no `<` at all reaches the HTML
        // parser: not `</script>`, not `<!--`, whatever a title holds.
        serde_json::to_string(&dataset)
            .unwrap_or_default()
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026")
    }

    /// The city's Atom feed, for the page head, when the city has dated events at all.
    fn city_feed(&self, city: &City) -> Value {
        crate::feeds::city_feed_url(self.urls, city).map_or(Value::Null, |url| {
            json!({"url": url, "title": format!("{} · {}", self.tx(&self.portal.site.title), self.tx(&city.name))})
        })
    }

    /// Column heads of a delivery table whose rows are named by `first` (city or year).
    fn delivery_head(&self, first: &str) -> Vec<String> {
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

    fn fill(&self, key: &str, pairs: &[(&str, &str)]) -> String {
        let mut s = self.theme.t(key);
        for (k, v) in pairs {
            s = s.replace(&format!("{{{k}}}"), v);
        }
        s
    }

    fn city_row(&self, city: &City) -> Value {
        let latest = city.years.last().map(|y| {
            let d = y.delivery();
            json!({"year": y.year, "url": self.urls.city_year(&city.slug, y.year), "delivery": self.delivery(y, &d)})
        });
        json!({
            "slug": city.slug,
            "name": self.tx(&city.name),
            "url": self.urls.city(&city.slug),
            "level": self.theme.t(&format!("level.{}", city.level.key())),
            "parent": city.parent.as_deref().and_then(|p| self.portal.city(p)).map(|p| json!({"name": self.tx(&p.name), "url": self.urls.city(&p.slug)})),
            "years": city.years.iter().map(|y| json!({"year": y.year, "url": self.urls.city_year(&city.slug, y.year)})).collect::<Vec<_>>(),
            "latest": latest,
        })
    }

    fn home(&self) -> Page {
        let cities: Vec<Value> = self
            .portal
            .cities
            .iter()
            .map(|c| self.city_row(c))
            .collect();
        let mut bars = Vec::new();
        let mut rows = Vec::new();
        for city in &self.portal.cities {
            let Some(y) = city.years.last() else { continue };
            let d = y.delivery();
            let label = format!("{} {}", self.tx(&city.name), y.year);
            let detail = match (d.completed, d.pledged) {
                (Some(c), Some(p)) => format!("{c}/{p}"),
                (None, Some(p)) => format!("?/{p}"),
                _ => "—".to_string(),
            };
            rows.push(vec![
                label.clone(),
                d.pledged.map_or("—".into(), |v| v.to_string()),
                d.completed.map_or("—".into(), |v| v.to_string()),
                d.rate().map_or("—".into(), format::percent),
                d.as_of.map_or("—".into(), |a| format::date(a, self.lang())),
            ]);
            bars.push(RateBar {
                label,
                rate: d.rate(),
                detail,
            });
        }
        let title = self.theme.t("chart.portal_title");
        let desc = self.theme.t("chart.portal_desc");
        let chart = self.chart(
            "portal",
            charts::rate_comparison("portal", &title, &desc, &bars),
            title,
            desc,
            self.delivery_head("label.city"),
            rows,
        );
        let years: Vec<Value> = self
            .portal
            .years()
            .into_iter()
            .map(|y| json!({"year": y, "url": self.urls.year(y)}))
            .collect();
        let domains: Vec<Value> = self
            .portal
            .site
            .domains
            .iter()
            .map(|d| json!({"id": d.id, "name": self.tx(&d.name), "url": self.urls.domain(&d.id)}))
            .collect();
        let title = self.tx(&self.portal.site.title);
        self.page(
            "index.html",
            self.urls.home(),
            title,
            vec![],
            json!({"cities": cities, "chart": chart, "years": years, "domains": domains}),
        )
    }

    fn not_found(&self) -> Page {
        let title = self.theme.t("label.not_found");
        let mut page = self.page(
            "404.html",
            format!("{}404.html", self.urls.home()),
            title,
            vec![],
            json!({}),
        );
        page.context["page"]["noindex"] = json!(true);
        page
    }

    /// The search page. Results come from the browser matching `search-index.json`, so the
    /// page hands the script everything it shows besides the index: the strings and kinds'
    /// names in the portal's language.
    fn search(&self) -> Page {
        let title = self.theme.t("label.search");
        let url = crate::search::page_url(self.urls);
        let kinds = json!({
            "c": self.theme.t("label.city"),
            "y": self.theme.t("label.pledge_lists"),
            "p": self.theme.t("label.project"),
            "l": self.theme.t("label.lead"),
            "d": self.theme.t("label.domain"),
        });
        let home = self.urls.home();
        let data = json!({
            "search": {
                "index_url": crate::search::index_url(self.urls),
                "script_url": self.urls.asset("search.js"),
                "kinds": kinds.to_string(),
                "none": self.theme.t("label.search_none"),
                "lists": [
                    {"title": self.theme.t("nav.cities"), "url": format!("{home}#cities-h")},
                    {"title": self.theme.t("nav.years"), "url": format!("{home}#years-h")},
                    {"title": self.theme.t("nav.domains"), "url": format!("{home}#domains-h")},
                ],
            },
        });
        self.page(
            "search.html",
            url.clone(),
            title.clone(),
            vec![(title, url)],
            data,
        )
    }

    fn city(&self, city: &City) -> Page {
        let name = self.tx(&city.name);
        let mut bars = Vec::new();
        let mut rows = Vec::new();
        let years: Vec<Value> = city
            .years
            .iter()
            .map(|y| {
                let d = y.delivery();
                let as_of = d.as_of.map(|a| format::date(a, self.lang()));
                bars.push(YearBar {
                    label: if d.is_final {
                        y.year.to_string()
                    } else {
                        format!("{}*", y.year)
                    },
                    pledged: d.pledged.map(f64::from),
                    completed: d.completed.map(f64::from),
                    note: (!d.is_final)
                        .then(|| {
                            as_of
                                .clone()
                                .map(|a| format!("{} {a}", self.theme.t("label.as_of")))
                        })
                        .flatten(),
                });
                rows.push(vec![
                    y.year.to_string(),
                    d.pledged.map_or("—".into(), |v| v.to_string()),
                    d.completed.map_or("—".into(), |v| v.to_string()),
                    d.rate().map_or("—".into(), format::percent),
                    as_of.unwrap_or_else(|| "—".into()) + if d.is_final { "" } else { " *" },
                ]);
                json!({
                    "year": y.year,
                    "url": self.urls.city_year(&city.slug, y.year),
                    "title": self.tx(&y.title),
                    "listed": y.top_level().count(),
                    "delivery": self.delivery(y, &d),
                })
            })
            .collect();
        let chart = (!city.years.is_empty()).then(|| {
            let title = self.fill("chart.yoy_title", &[("city", &name)]);
            let desc = self.fill("chart.yoy_desc", &[("city", &name)]);
            self.chart(
                "yoy",
                charts::year_over_year(
                    "yoy",
                    &title,
                    &desc,
                    &self.theme.t("label.pledged"),
                    &self.theme.t("label.completed"),
                    &bars,
                ),
                title,
                desc,
                self.delivery_head("label.year"),
                rows,
            )
        });
        let children: Vec<Value> = city
            .children
            .iter()
            .filter_map(|c| self.portal.city(c))
            .map(|c| json!({"name": self.tx(&c.name), "url": self.urls.city(&c.slug)}))
            .collect();
        let mut crumbs = self.ancestor_crumbs(city);
        crumbs.push((name.clone(), self.urls.city(&city.slug)));
        let data = json!({
            "city": self.city_row(city),
            "admin_code": city.admin_code,
            "description_html": self.md(&city.description),
            "city_feed": self.city_feed(city),
            "children": children,
            "years": years,
            "chart": chart,
        });
        self.page("city.html", self.urls.city(&city.slug), name, crumbs, data)
    }

    /// Breadcrumbs through the chain of parent jurisdictions (province, then prefecture).
    fn ancestor_crumbs(&self, city: &City) -> Vec<(String, String)> {
        let mut chain = Vec::new();
        let mut at = city.parent.as_deref();
        while let Some(slug) = at {
            let Some(parent) = self.portal.city(slug) else {
                break;
            };
            if chain.len() > self.portal.cities.len() {
                break;
            }
            chain.push((self.tx(&parent.name), self.urls.city(&parent.slug)));
            at = parent.parent.as_deref();
        }
        chain.reverse();
        chain
    }

    /// The year's sources, numbered as the year cites them; `only` keeps just those ids, so a
    /// project page lists what it cites while [n] means the same report on every page.
    fn sources(&self, year: &Year, only: Option<&[&str]>) -> Vec<Value> {
        year.sources
            .iter()
            .enumerate()
            .filter(|(_, s)| only.is_none_or(|ids| ids.contains(&s.id.as_str())))
            .map(|(i, s)| {
                json!({
                    "n": i + 1,
                    "id": s.id,
                    "title": self.tx(&s.title),
                    "publisher": self.tx_opt(&s.publisher),
                    "date": s.date.as_deref().map_or(Value::Null, |d| self.date_str(d)),
                    "url": s.url,
                    "type": self.theme.t(&format!("source_type.{}", s.kind.key())),
                    "note_html": self.md(&s.note),
                })
            })
            .collect()
    }

    fn cite(&self, year: &Year, ids: &[String]) -> Vec<Value> {
        ids.iter()
            .filter_map(|id| {
                year.sources
                    .iter()
                    .position(|s| &s.id == id)
                    .map(|i| (i, id))
            })
            .map(|(i, id)| json!({"id": id, "n": i + 1, "title": self.tx(&year.sources[i].title)}))
            .collect()
    }

    fn city_year(&self, city: &City, year: &Year) -> Page {
        let name = self.tx(&city.name);
        let title = self.tx(&year.title);
        let snapshots: Vec<Value> = year
            .snapshots
            .iter()
            .map(|s| {
                let counts: Vec<Value> = s
                    .counts()
                    .into_iter()
                    .map(|(key, v)| json!({"key": key, "label": self.theme.t(&format!("count.{key}")), "value": v}))
                    .collect();
                let computed = match (s.total, s.completed) {
                    (Some(t), Some(c)) if t > 0 => Some(f64::from(c) / f64::from(t) * 100.0),
                    _ => None,
                };
                json!({
                    "as_of": self.date_str(&s.as_of),
                    "final": s.r#final,
                    "counts": counts,
                    "not_reported": s.not_reported(),
                    "rate": computed.map(format::percent),
                    "rate_stated": s.rate.map(format::percent),
                    "rate_differs": matches!((computed, s.rate), (Some(c), Some(r)) if (c - r).abs() >= 0.05),
                    "note_html": self.md(&s.note),
                    "source": self.cite(year, std::slice::from_ref(&s.source)).pop(),
                })
            })
            .collect();

        let (slices, official) = self.breakdown(year);
        let chart = (!slices.is_empty()).then(|| {
            let ys = year.year.to_string();
            let ctitle = self.fill("chart.status_title", &[("city", &name), ("year", &ys)]);
            let desc = self.fill("chart.status_desc", &[("city", &name), ("year", &ys)]);
            let rows = slices
                .iter()
                .map(|s| vec![s.label.clone(), format::number(s.value)])
                .collect();
            self.chart(
                "status",
                charts::status_breakdown("status", &ctitle, &desc, &slices),
                ctitle,
                desc,
                vec![self.theme.t("label.status"), self.theme.t("label.projects")],
                rows,
            )
        });
        let d = year.delivery();
        let mut crumbs = self.ancestor_crumbs(city);
        crumbs.push((name.clone(), self.urls.city(&city.slug)));
        crumbs.push((
            year.year.to_string(),
            self.urls.city_year(&city.slug, year.year),
        ));
        let data = json!({
            "city": {"name": name, "url": self.urls.city(&city.slug)},
            "year": year.year,
            "title": title,
            "announced": self.date(year.announced),
            "summary_html": self.md(&year.summary),
            "meta_description": self.tx_opt(&year.summary),
            "city_feed": self.city_feed(city),
            "delivery": self.delivery(year, &d),
            "snapshots": snapshots,
            "breakdown_official": official,
            "chart": chart,
            "domains": self.by_domain(city, year),
            "listed": year.top_level().count(),
            "sources": self.sources(year, None),
            "year_url": self.urls.year(year.year),
            "dataset_jsonld": self.dataset_jsonld(city, year),
            "data": {
                "json": format!("{}data/{}/{}.json", self.urls.home(), city.slug, year.year),
                "csv": format!("{}data/{}/{}.csv", self.urls.home(), city.slug, year.year),
            },
        });
        self.page(
            "city_year.html",
            self.urls.city_year(&city.slug, year.year),
            title,
            crumbs,
            data,
        )
    }

    /// Status breakdown for a city-year: the latest report's own categories when it states
    /// any, otherwise the listed projects counted. The flag says which, for the caption.
    fn breakdown(&self, year: &Year) -> (Vec<Slice>, bool) {
        if let Some(s) = year
            .latest_snapshot()
            .filter(|s| s.stated() > 0 || year.projects.is_empty())
        {
            let mut slices = Vec::new();
            for (key, class, v) in [
                ("completed", "completed", s.completed.or(s.met_target)),
                ("ahead", "ahead", s.ahead),
                ("on_track", "in_progress", s.on_track),
                ("behind", "behind", s.behind),
                ("not_started", "not_started", s.not_started),
            ] {
                if let Some(v) = v.filter(|v| *v > 0) {
                    let label_key = if key == "completed" && s.completed.is_none() {
                        "count.met_target".to_string()
                    } else {
                        format!("count.{key}")
                    };
                    slices.push(Slice {
                        label: self.theme.t(&label_key),
                        value: f64::from(v),
                        class: class.into(),
                    });
                }
            }
            if let Some(n) = s.not_reported().filter(|n| *n > 0) {
                slices.push(Slice {
                    label: self.theme.t("count.not_reported"),
                    value: f64::from(n),
                    class: "not_reported".into(),
                });
            }
            return (slices, true);
        }
        let slices = year
            .status_counts()
            .into_iter()
            .map(|(s, n)| Slice {
                label: self.theme.t(&format!("status.{}", s.key())),
                value: f64::from(n),
                class: s.key().into(),
            })
            .collect();
        (slices, false)
    }

    fn project(&self, city: &City, year: &Year, p: &Project) -> Page {
        let name = self.tx(&city.name);
        let title = self.tx(&p.title);
        let domain = self.portal.site.domains.iter().find(|d| d.id == p.domain);
        let link = |y: i32, id: &str| {
            let yr = city.years.iter().find(|x| x.year == y)?;
            let q = yr.project(id)?;
            Some(
                json!({"year": y, "title": self.tx(&q.title), "url": self.urls.project(&city.slug, y, id)}),
            )
        };
        let cited_ids: Vec<&str> = p
            .sources
            .iter()
            .chain(p.updates.iter().flat_map(|u| &u.sources))
            .map(String::as_str)
            .collect();
        let targets: Vec<Value> = p
            .targets
            .iter()
            .map(|t| {
                let att = t.attainment();
                json!({
                    "metric": self.tx(&t.metric),
                    "unit": self.tx_opt(&t.unit),
                    "target": t.target.map(|v| format::figure(v, self.lang())),
                    "actual": t.actual.map(|v| format::figure(v, self.lang())),
                    "attainment": att.map(format::percent),
                    "bar": att.map(|a| format::number(a.clamp(0.0, 100.0))),
                    "over": att.is_some_and(|a| a > 100.0),
                })
            })
            .collect();
        let updates: Vec<Value> = p
            .updates
            .iter()
            .map(|u| {
                json!({
                    "date": self.date_str(&u.date),
                    "status": self.status(u.status),
                    "schedule": self.schedule(u.schedule, false),
                    "progress": u.progress.map(format::number),
                    "note_html": self.md(&u.note),
                    "sources": self.cite(year, &u.sources),
                })
            })
            .collect();
        let points: Vec<Point> = p
            .updates
            .iter()
            .filter_map(|u| {
                Some(Point {
                    label: u.date.clone(),
                    value: u.progress?,
                })
            })
            .collect();
        let chart = (points.len() >= 2).then(|| {
            let ctitle = self.fill("chart.progress_title", &[("project", &title)]);
            let desc = self.theme.t("chart.progress_desc");
            let rows = points
                .iter()
                .map(|pt| vec![pt.label.clone(), format::number(pt.value) + "%"])
                .collect();
            self.chart(
                "progress",
                charts::progress_over_time("progress", &ctitle, &desc, &points),
                ctitle,
                desc,
                vec![self.theme.t("label.date"), self.theme.t("label.progress")],
                rows,
            )
        });
        let children: Vec<Value> = p
            .children
            .iter()
            .filter_map(|c| year.project(c))
            .map(|c| self.project_card(city, year, c))
            .collect();
        let mut crumbs = self.ancestor_crumbs(city);
        crumbs.push((name.clone(), self.urls.city(&city.slug)));
        crumbs.push((
            year.year.to_string(),
            self.urls.city_year(&city.slug, year.year),
        ));
        if let Some(parent) = p.parent.as_deref().and_then(|id| year.project(id)) {
            crumbs.push((
                self.tx(&parent.title),
                self.urls.project(&city.slug, year.year, &parent.id),
            ));
        }
        crumbs.push((
            title.clone(),
            self.urls.project(&city.slug, year.year, &p.id),
        ));
        let budget = p.budget.as_ref().map(|b| {
            json!({"planned": b.planned.map(|v| format::figure(v, self.lang())), "spent": b.spent.map(|v| format::figure(v, self.lang())), "unit": self.tx_opt(&b.unit)})
        });
        let data = json!({
            "project": self.project_card(city, year, p),
            "city": {"name": name, "url": self.urls.city(&city.slug)},
            "year": {"year": year.year, "title": self.tx(&year.title), "url": self.urls.city_year(&city.slug, year.year)},
            "domain": domain.map(|d| json!({"name": self.tx(&d.name), "url": self.urls.domain(&d.id)})),
            "districts": p.districts.iter().map(|d| self.tx(d)).collect::<Vec<_>>(),
            "deadline": self.date(p.deadline_stated.then_some(p.deadline)),
            "as_of": self.date(p.state.as_of),
            "targets": targets,
            "budget": budget,
            "summary_html": self.md(&p.summary),
            "meta_description": self.tx_opt(&p.summary),
            "city_feed": self.city_feed(city),
            "updates": updates,
            "chart": chart,
            "cited": self.cite(year, &p.sources),
            "sources": self.sources(year, Some(&cited_ids)),
            "parent": p.parent.as_deref().and_then(|id| link(year.year, id)),
            "children": children,
            "continues": p.continues.as_ref().and_then(|(y, id)| link(*y, id)),
            "continued_by": p.continued_by.as_ref().and_then(|(y, id)| link(*y, id)),
        });
        self.page(
            "project.html",
            self.urls.project(&city.slug, year.year, &p.id),
            title,
            crumbs,
            data,
        )
    }

    fn domain(&self, id: &str) -> Page {
        let d = self
            .portal
            .site
            .domains
            .iter()
            .find(|d| d.id == id)
            .expect("domain exists");
        let name = self.tx(&d.name);
        let groups: Vec<Value> = self
            .portal
            .cities
            .iter()
            .flat_map(|city| {
                city.years.iter().rev().filter_map(move |y| {
                    let projects: Vec<Value> = y.top_level().filter(|p| p.domain == id).map(|p| self.project_card(city, y, p)).collect();
                    (!projects.is_empty()).then(|| {
                        json!({"city": self.tx(&city.name), "year": y.year, "url": self.urls.city_year(&city.slug, y.year), "projects": projects})
                    })
                })
            })
            .collect();
        let data =
            json!({"name": name, "description_html": self.md(&d.description), "groups": groups});
        self.page(
            "domain.html",
            self.urls.domain(id),
            name.clone(),
            vec![(name, self.urls.domain(id))],
            data,
        )
    }

    fn year(&self, year: i32) -> Page {
        let cities: Vec<Value> = self
            .portal
            .cities
            .iter()
            .filter_map(|city| {
                let y = city.years.iter().find(|y| y.year == year)?;
                let d = y.delivery();
                Some(json!({
                    "name": self.tx(&city.name),
                    "url": self.urls.city_year(&city.slug, year),
                    "title": self.tx(&y.title),
                    "listed": y.top_level().count(),
                    "delivery": self.delivery(y, &d),
                    "domains": self.by_domain(city, y),
                }))
            })
            .collect();
        let title = format!("{year}");
        self.page(
            "year.html",
            self.urls.year(year),
            title.clone(),
            vec![(title, self.urls.year(year))],
            json!({"year": year, "cities": cities}),
        )
    }
}
