//! Lead-unit pages: what each department of a city was made responsible for, year by year,
//! and how much of it was done.

use super::compare::Tally;
use super::{Page, Pages};
use crate::model::{City, Lead, Project, Year};
use serde_json::{json, Value};

impl Pages<'_> {
    /// The projects a lead unit led in one year; sub-items count with their parent.
    fn led<'y>(year: &'y Year, lead: &Lead) -> impl Iterator<Item = &'y Project> + 'y {
        let slug = lead.slug.clone();
        year.top_level()
            .filter(move |p| p.lead_slug.as_deref() == Some(slug.as_str()))
    }

    fn lead_crumbs(&self, city: &City) -> Vec<(String, String)> {
        let mut crumbs = self.ancestor_crumbs(city);
        crumbs.push((self.tx(&city.name), self.urls.city(&city.slug)));
        crumbs.push((self.theme.t("label.leads"), self.urls.leads(&city.slug)));
        crumbs
    }

    /// Every lead unit of a city, with its record over all years.
    pub(super) fn leads(&self, city: &City) -> Page {
        let rows: Vec<Value> = city
            .leads
            .iter()
            .map(|lead| {
                let all = Tally::of(
                    city.years.iter().flat_map(|y| Self::led(y, lead)),
                    self.urls.lead(&city.slug, &lead.slug),
                );
                let years: Vec<i32> = city
                    .years
                    .iter()
                    .filter(|y| Self::led(y, lead).next().is_some())
                    .map(|y| y.year)
                    .collect();
                json!({
                    "name": lead.name,
                    "url": self.urls.lead(&city.slug, &lead.slug),
                    "listed": all.as_ref().map_or(0, |t| t.listed),
                    "completed": all.as_ref().map_or(0, |t| t.completed),
                    "rate": all.as_ref().map(Tally::rate),
                    "years": years,
                })
            })
            .collect();
        let title = self.fill("label.leads_of", &[("city", &self.tx(&city.name))]);
        let crumbs = self.lead_crumbs(city);
        self.page(
            "leads.html",
            self.urls.leads(&city.slug),
            title,
            crumbs,
            json!({"city": {"name": self.tx(&city.name), "url": self.urls.city(&city.slug)}, "leads": rows}),
        )
    }

    /// One lead unit: a year-by-year record, then its projects grouped by year.
    pub(super) fn lead(&self, city: &City, lead: &Lead) -> Page {
        let url = self.urls.lead(&city.slug, &lead.slug);
        let mut items = Vec::new();
        let mut years = Vec::new();
        let mut groups = Vec::new();
        for y in city.years.iter().rev() {
            let projects: Vec<&Project> = Self::led(y, lead).collect();
            let Some(t) = Tally::of(
                projects.iter().copied(),
                self.urls.city_year(&city.slug, y.year),
            ) else {
                continue;
            };
            let behind = projects
                .iter()
                .filter(|p| p.state.schedule == Some(crate::vocab::Schedule::Behind))
                .count();
            years.push(json!({
                "year": y.year,
                "url": t.url,
                "listed": t.listed,
                "completed": t.completed,
                "behind": behind,
                "rate": t.rate(),
            }));
            items.extend(projects.iter().map(|p| (city, *p)));
            groups.push(json!({
                "year": y.year,
                "title": self.tx(&y.title),
                "url": self.urls.city_year(&city.slug, y.year),
                "projects": projects.iter().map(|p| self.project_card(city, y, p)).collect::<Vec<_>>(),
            }));
        }
        let mut crumbs = self.lead_crumbs(city);
        crumbs.push((lead.name.clone(), url.clone()));
        let data = json!({
            "name": lead.name,
            "city": {"name": self.tx(&city.name), "url": self.urls.city(&city.slug)},
            "years": years,
            "groups": groups,
            "filters": self.filters(&items, false),
        });
        self.page("lead.html", url, lead.name.clone(), crumbs, data)
    }
}
