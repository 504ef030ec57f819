//! Pages that cut across cities: one domain everywhere, one year everywhere.

use super::compare::Tally;
use super::{Page, Pages};
use crate::model::{Project, Year};
use serde_json::{json, Value};

/// The most projects a page across cities lists one by one. Beyond it (a national portal's
/// domain holds thousands) the page groups them by city and year with counts and links, so
/// a reader on a phone gets a page rather than megabytes.
pub const LIST_LIMIT: usize = 400;

impl Pages<'_> {
    pub(super) fn domain(&self, id: &str) -> Page {
        let d = self
            .portal
            .site
            .domains
            .iter()
            .find(|d| d.id == id)
            .expect("domain exists");
        let name = self.tx(&d.name);
        let total: usize = self
            .portal
            .cities
            .iter()
            .flat_map(|c| &c.years)
            .map(|y| y.top_level().filter(|p| p.domain == id).count())
            .sum();
        let full = total <= LIST_LIMIT;
        let mut items = Vec::new();
        let groups: Vec<Value> = self
            .portal
            .cities
            .iter()
            .flat_map(|city| city.years.iter().rev().map(move |y| (city, y)))
            .filter_map(|(city, y)| {
                let projects: Vec<&Project> = y.top_level().filter(|p| p.domain == id).collect();
                if full {
                    items.extend(projects.iter().map(|p| (city.as_ref(), *p)));
                }
                let tally = Tally::of(projects.iter().copied(), String::new())?;
                Some(json!({
                    "city": self.tx(&city.name),
                    "year": y.year,
                    "url": format!("{}#d-{id}", self.urls.city_year(&city.slug, y.year)),
                    "listed": tally.listed,
                    "completed": tally.completed,
                    "projects": if full {
                        projects.iter().map(|p| self.project_card(city, y, p)).collect::<Vec<_>>()
                    } else {
                        Vec::new()
                    },
                }))
            })
            .collect();
        // Only the years in which some city listed a project here get a column.
        let in_domain = |y: &Year| y.top_level().any(|p| p.domain == id);
        let years: Vec<i32> = self
            .portal
            .years()
            .into_iter()
            .filter(|&year| {
                self.portal
                    .cities
                    .iter()
                    .any(|c| c.years.iter().any(|y| y.year == year && in_domain(y)))
            })
            .collect();
        let rows = self
            .portal
            .cities
            .iter()
            .filter(|c| c.years.iter().any(in_domain))
            .map(|city| {
                let cells = years
                    .iter()
                    .map(|&year| {
                        let y = city.years.iter().find(|y| y.year == year)?;
                        let url = format!("{}#d-{id}", self.urls.city_year(&city.slug, year));
                        Tally::of(y.top_level().filter(|p| p.domain == id), url)
                    })
                    .collect();
                (self.tx(&city.name), self.urls.city(&city.slug), cells)
            })
            .collect();
        let matrix = self.matrix(
            self.fill("label.compare_cities_caption", &[("domain", &name)]),
            self.theme.t("label.city"),
            &years,
            rows,
        );
        let data = json!({
            "name": name,
            "description_html": self.md(&d.description),
            "groups": groups,
            "summarized": !full,
            "matrix": matrix,
            "filters": self.filters(&items, true),
        });
        self.page(
            "domain.html",
            self.urls.domain(id),
            name.clone(),
            vec![(name, self.urls.domain(id))],
            data,
        )
    }

    pub(super) fn year(&self, year: i32) -> Page {
        let total: usize = self
            .portal
            .cities
            .iter()
            .flat_map(|c| c.years.iter().filter(|y| y.year == year))
            .map(|y| y.top_level().count())
            .sum();
        let full = total <= LIST_LIMIT;
        let mut items = Vec::new();
        let cities: Vec<Value> = self
            .portal
            .cities
            .iter()
            .filter_map(|city| {
                let y = city.years.iter().find(|y| y.year == year)?;
                if full {
                    items.extend(y.top_level().map(|p| (city.as_ref(), p)));
                }
                let d = y.delivery();
                Some(json!({
                    "name": self.tx(&city.name),
                    "url": self.urls.city_year(&city.slug, year),
                    "title": self.tx(&y.title),
                    "listed": y.top_level().count(),
                    "delivery": self.delivery(y, &d),
                    "domains": if full { self.by_domain(city, y) } else { Vec::new() },
                }))
            })
            .collect();
        let title = format!("{year}");
        self.page(
            "year.html",
            self.urls.year(year),
            title.clone(),
            vec![(title, self.urls.year(year))],
            json!({
                "year": year,
                "cities": cities,
                "summarized": !full,
                "filters": self.filters(&items, true),
            }),
        )
    }
}
