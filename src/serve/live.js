// Added to every page by `shishi serve`, never to a built site. Reloads the page when a
// rebuild changed it (or the stylesheet or scripts), and shows build errors over the page
// while the last good version stays on screen.
(() => {
  "use strict";
  const here = () => {
    const p = decodeURIComponent(location.pathname).replace(/^\//, "");
    return p === "" || p.endsWith("/") ? p + "index.html" : p;
  };
  let panel = null;
  const show = (errors) => {
    if (!errors) {
      if (panel) panel.remove();
      panel = null;
      return;
    }
    if (!panel) {
      panel = document.createElement("div");
      panel.id = "shishi-errors";
      panel.setAttribute("role", "alert");
      panel.style.cssText =
        "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:99999;" +
        "margin:0;padding:1rem;background:#2b0000;color:#fff;border-top:4px solid #e04040;" +
        "font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap";
      document.body.appendChild(panel);
    }
    // Errors quote the editor's own text: shown as text, never parsed as markup.
    panel.textContent = errors;
  };
  fetch("/__shishi/status", { cache: "no-store" })
    .then((r) => r.json())
    .then((s) => show(s.errors))
    .catch(() => {});
  const source = new EventSource("/__shishi/events");
  // Marks the page as following the preview, for the editor's eyes in devtools and for tests.
  source.addEventListener("open", () => {
    document.documentElement.dataset.shishiLive = "connected";
  });
  source.addEventListener("reload", (e) => {
    const changed = JSON.parse(e.data).changed || [];
    const page = here();
    const mine = changed.some((f) => f === "*" || f === page || /\.(css|js)$/.test(f));
    if (mine) location.reload();
    else show(null);
  });
  source.addEventListener("failed", (e) => show(JSON.parse(e.data).errors));
})();
