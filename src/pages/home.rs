//! The portal's entry pages: home, search and the not-found page.

use super::{Page, Pages};
use crate::charts::{self, RateBar};
use crate::format;
use serde_json::{json, Value};

impl Pages<'_> {
    pub(super) fn home(&self) -> Page {
        // Jurisdictions that only group others (a province above its cities) have no list of
        // their own; a card saying so for each would push the real figures down the page.
        let (with_lists, others): (Vec<_>, Vec<_>) =
            self.portal.cities.iter().partition(|c| !c.years.is_empty());
        let cities: Vec<Value> = with_lists.iter().map(|c| self.city_row(c)).collect();
        let others: Vec<Value> = others.iter().map(|c| self.city_row(c)).collect();
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
            json!({"cities": cities, "others": others, "chart": chart, "years": years, "domains": domains}),
        )
    }

    pub(super) fn not_found(&self) -> Page {
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
    pub(super) fn search(&self) -> Page {
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
}
