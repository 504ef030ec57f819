// Instant filters for list pages. The page already lists every project, grouped; this only
// hides what does not match, so without JavaScript nothing is lost. The choice is kept in
// the address (?status=behind) so a filtered list can be bookmarked and shared.
(() => {
  "use strict";
  const form = document.querySelector("form[data-filter]");
  if (!form || !window.URLSearchParams) return;
  const rows = Array.from(document.querySelectorAll(".project-row[data-status]"));
  const groups = Array.from(document.querySelectorAll("[data-filter-group]"));
  const selects = Array.from(form.querySelectorAll("select"));
  const count = document.getElementById("filter-count");

  // A row may carry several space-separated values (a project with two lead units).
  const matches = (row, name, value) =>
    !value || (row.dataset[name] || "").split(" ").includes(value);

  const apply = (updateAddress) => {
    const chosen = selects.filter((s) => s.value);
    let shown = 0;
    for (const row of rows) {
      const ok = chosen.every((s) => matches(row, s.name, s.value));
      row.hidden = !ok;
      if (ok) shown++;
    }
    // Groups without any matching row go too, but only while a filter is on: an
    // aggregate-only city has no rows and must stay visible on the unfiltered page.
    for (const g of groups) {
      g.hidden = chosen.length > 0 && !g.querySelector(".project-row:not([hidden])");
    }
    if (count) {
      count.textContent = chosen.length === 0
        ? ""
        : shown === 0
          ? count.dataset.none
          : count.dataset.text.replace("{shown}", shown).replace("{total}", rows.length);
    }
    if (updateAddress && window.history.replaceState) {
      const params = new URLSearchParams(window.location.search);
      for (const s of selects) {
        if (s.value) params.set(s.name, s.value);
        else params.delete(s.name);
      }
      const q = params.toString();
      window.history.replaceState(null, "", window.location.pathname + (q ? "?" + q : "") + window.location.hash);
    }
  };

  const params = new URLSearchParams(window.location.search);
  for (const s of selects) {
    const v = params.get(s.name);
    if (v && Array.from(s.options).some((o) => o.value === v)) s.value = v;
  }
  form.addEventListener("change", () => apply(true));
  // The reset event fires before the controls change back.
  form.addEventListener("reset", () => setTimeout(() => apply(true), 0));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    apply(true);
  });
  form.hidden = false;
  apply(false);
})();
