//! A city's pages: its overview across years and one page per year's list.

use super::compare::Tally;
use super::{Page, Pages};
use crate::charts::{self, Slice, YearBar};
use crate::format;
use crate::model::{City, Year};
use serde_json::{json, Value};

impl Pages<'_> {
    pub(super) fn city(&self, city: &City) -> Page {
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
        let leads = (!city.leads.is_empty()).then(|| self.urls.leads(&city.slug));
        let data = json!({
            "city": self.city_row(city),
            "domains_matrix": self.city_domains(city),
            "leads_url": leads,
            "admin_code": city.admin_code,
            "description_html": self.md(&city.description),
            "city_feed": self.city_feed(city),
            "children": children,
            "years": years,
            "chart": chart,
        });
        self.page("city.html", self.urls.city(&city.slug), name, crumbs, data)
    }

    /// One city's domains across its years: completed of listed, per domain and year.
    fn city_domains(&self, city: &City) -> Value {
        let years: Vec<&Year> = city
            .years
            .iter()
            .filter(|y| y.top_level().next().is_some())
            .collect();
        let rows = self
            .portal
            .site
            .domains
            .iter()
            .filter_map(|d| {
                let cells: Vec<Option<Tally>> = years
                    .iter()
                    .map(|y| {
                        let url = format!("{}#d-{}", self.urls.city_year(&city.slug, y.year), d.id);
                        Tally::of(y.top_level().filter(|p| p.domain == d.id), url)
                    })
                    .collect();
                cells
                    .iter()
                    .any(Option::is_some)
                    .then(|| (self.tx(&d.name), self.urls.domain(&d.id), cells))
            })
            .collect();
        let year_numbers: Vec<i32> = years.iter().map(|y| y.year).collect();
        self.matrix(
            self.fill(
                "label.compare_domains_caption",
                &[("city", &self.tx(&city.name))],
            ),
            self.theme.t("label.domain"),
            &year_numbers,
            rows,
        )
    }

    /// Breadcrumbs through the chain of parent jurisdictions (province, then prefecture).
    pub(super) fn ancestor_crumbs(&self, city: &City) -> Vec<(String, String)> {
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
    pub(super) fn sources(&self, year: &Year, only: Option<&[&str]>) -> Vec<Value> {
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

    pub(super) fn cite(&self, year: &Year, ids: &[String]) -> Vec<Value> {
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

    pub(super) fn city_year(&self, city: &City, year: &Year) -> Page {
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
            "title_lang": self.lang_of(&year.title),
            "announced": self.date(year.announced),
            "summary_html": self.md(&year.summary),
            "meta_description": self.tx_opt(&year.summary),
            "city_feed": self.city_feed(city),
            "delivery": self.delivery(year, &d),
            "snapshots": snapshots,
            "breakdown_official": official,
            "chart": chart,
            "domains": self.by_domain(city, year),
            "filters": self.filters(&year.top_level().map(|p| (city, p)).collect::<Vec<_>>(), false),
            "listed": year.top_level().count(),
            "sources": self.sources(year, None),
            "year_url": self.urls.year(year.year),
            "dataset_jsonld": super::data::script_json(&self.year_dataset(city, year)),
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
    pub(super) fn breakdown(&self, year: &Year) -> (Vec<Slice>, bool) {
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
}
