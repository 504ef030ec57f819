// Site search: matches the query against search-index.json in the browser, so the site
// needs no server. Chinese has no spaces between words, so a CJK word also matches
// through shared character pairs ("义务学位" still finds 义务教育…学位).
(() => {
  "use strict";
  const form = document.querySelector("form[data-index]");
  const input = document.getElementById("q");
  const list = document.getElementById("results");
  if (!form || !input || !list) return;
  const kinds = JSON.parse(form.dataset.kinds || "{}");
  const MAX = 50;
  const CJK = /[\u3400-\u9fff\uf900-\ufaff\u{20000}-\u{2fa1f}]/u;
  let docs = null;
  let timer = 0;

  const bigrams = (s) => {
    const cs = Array.from(s);
    const out = [];
    for (let i = 0; i + 1 < cs.length; i++) out.push(cs[i] + cs[i + 1]);
    return out;
  };

  // 0 means no match; every word must match for a document to count.
  const wordScore = (w, title, hay) => {
    if (title.includes(w)) return title === w ? 12 : 8;
    if (hay.includes(w)) return 4;
    if (!CJK.test(w)) return 0;
    const pairs = bigrams(w);
    if (pairs.length < 2) return 0;
    const hits = pairs.filter((p) => hay.includes(p)).length;
    // Half the pairs keeps "义务学位" in and stray one-pair coincidences out.
    return hits * 2 >= pairs.length ? (3 * hits) / pairs.length : 0;
  };

  const prepare = (d, i) => {
    const title = (d.t || "").toLowerCase();
    const hay = [d.t, d.c, d.y, d.d, d.l, d.s, d.x].filter((v) => v != null).join(" ").toLowerCase();
    return { d, i, title, hay };
  };

  const search = (q) => {
    const words = q.toLowerCase().split(/\s+/).filter(Boolean);
    if (!words.length) return [];
    const hits = [];
    for (const e of docs) {
      let score = 0;
      for (const w of words) {
        const s = wordScore(w, e.title, e.hay);
        if (!s) { score = 0; break; }
        score += s;
      }
      if (score) hits.push({ e, score });
    }
    hits.sort((a, b) => b.score - a.score || a.e.i - b.e.i);
    return hits.slice(0, MAX).map((h) => h.e.d);
  };

  const el = (tag, cls, text) => {
    const n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text != null) n.textContent = text;
    return n;
  };

  const show = (q) => {
    list.textContent = "";
    if (!docs || !q.trim()) return;
    const found = search(q);
    if (!found.length) {
      list.append(el("li", "search-none", form.dataset.none));
      return;
    }
    for (const d of found) {
      const li = el("li");
      const a = el("a", null, d.t);
      a.href = d.u;
      const context = [d.c, d.y, kinds[d.k]].filter((v) => v != null && v !== "").join(" · ");
      li.append(a, el("p", "meta", context));
      list.append(li);
    }
  };

  const reflect = (q) => {
    const url = new URL(location.href);
    if (q) url.searchParams.set("q", q);
    else url.searchParams.delete("q");
    history.replaceState(null, "", url);
  };

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      show(input.value);
      reflect(input.value);
    }, 150);
  });
  // The form also works as a plain GET for reloads and shared links; with the index
  // loaded there is no need to leave the page.
  form.addEventListener("submit", (ev) => {
    if (!docs) return;
    ev.preventDefault();
    clearTimeout(timer);
    show(input.value);
    reflect(input.value);
  });

  input.value = new URLSearchParams(location.search).get("q") || "";
  fetch(form.dataset.index)
    .then((r) => {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    })
    .then((data) => {
      docs = data.map(prepare);
      show(input.value);
    })
    // Without the index the form still submits as a plain GET; claiming "no results"
    // here would be wrong, so the list stays empty.
    .catch(() => {});
})();
