//! One pledge's page: its targets, updates, progress chart and the sources it cites.

use super::{Page, Pages};
use crate::charts::{self, Point};
use crate::format;
use crate::model::{City, Project, Year};
use serde_json::{json, Value};

/// Changes listed on a project page; older ones are counted, not listed, so a record edited
/// every week does not outgrow the page-weight budget.
const CHANGES_SHOWN: usize = 10;

impl Pages<'_> {
    pub(super) fn project(&self, city: &City, year: &Year, p: &Project) -> Page {
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
        let mut data = json!({
            "city": {"name": name, "url": self.urls.city(&city.slug)},
            "year": {"year": year.year, "title": self.tx(&year.title), "url": self.urls.city_year(&city.slug, year.year)},
            "domain": domain.map(|d| json!({"name": self.tx(&d.name), "url": self.urls.domain(&d.id)})),
            "districts": p.districts.iter().map(|d| self.tx(d)).collect::<Vec<_>>(),
            "deadline": self.date(p.deadline_stated.then_some(p.deadline)),
            "as_of": self.date(p.state.as_of),
            // Reports often give achievements without the pledged figure: a column that
            // would be all dashes is left out.
            "target_columns": {
                "target": p.targets.iter().any(|t| t.target.is_some()),
                "actual": p.targets.iter().any(|t| t.actual.is_some()),
                "attainment": p.targets.iter().any(|t| t.attainment().is_some()),
            },
            "summary_html": self.md(&p.summary),
            "meta_description": self.tx_opt(&p.summary),
            "city_feed": self.city_feed(city),
            "parent": p.parent.as_deref().and_then(|id| link(year.year, id)),
            "continues": p.continues.as_ref().and_then(|(y, id)| link(*y, id)),
            "continued_by": p.continued_by.as_ref().and_then(|(y, id)| link(*y, id)),
        });
        // Moved in rather than written inside json!{}, which would copy each value through
        // serialization: a measurable share of a large build.
        let obj = data.as_object_mut().expect("an object");
        for (key, value) in [
            ("project", self.project_card(city, year, p)),
            ("targets", Value::Array(targets)),
            ("budget", budget.unwrap_or(Value::Null)),
            ("updates", Value::Array(updates)),
            ("chart", chart.unwrap_or(Value::Null)),
            ("cited", Value::Array(self.cite(year, &p.sources))),
            (
                "sources",
                Value::Array(self.sources(year, Some(&cited_ids))),
            ),
            ("children", Value::Array(children)),
            ("history", self.changes(city, year, p)),
        ] {
            obj.insert(key.into(), value);
        }
        self.page(
            "project.html",
            self.urls.project(&city.slug, year.year, &p.id),
            title,
            crumbs,
            data,
        )
    }

    /// When the project's record last changed and the commits that changed it, newest first;
    /// null when its history is unknown (not in git, or not committed yet).
    fn changes(&self, city: &City, year: &Year, p: &Project) -> Value {
        let commits = self.history.changes(&city.slug, year.year, &p.id);
        let Some(latest) = commits.first() else {
            return Value::Null;
        };
        let repository = self
            .portal
            .site
            .repository
            .as_deref()
            .map(|r| r.trim_end_matches('/'));
        let listed: Vec<Value> = commits
            .iter()
            .take(CHANGES_SHOWN)
            .map(|c| {
                json!({
                    "date": format::date(c.date, self.lang()),
                    "datetime": c.date.to_string(),
                    "summary": c.summary,
                    "hash": c.short_id(),
                    "url": repository.map(|r| format!("{r}/commit/{}", c.id)),
                })
            })
            .collect();
        let older = commits.len().saturating_sub(CHANGES_SHOWN);
        json!({
            "last_changed": format::date(latest.date, self.lang()),
            "last_changed_datetime": latest.date.to_string(),
            "changes": listed,
            "older": (older > 0).then(|| self.fill("history.older", &[("count", &older.to_string())])),
            "truncated": self.history.truncated,
        })
    }
}
