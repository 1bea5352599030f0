// Shared helpers for page test cases.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";

// Records every trust-widget event on the page (set up before the page loads).
export async function recordEvents(page) {
  await page.addInitScript(() => {
    window.__tw = [];
    for (const type of ["trust-widget:verified", "trust-widget:error"]) {
      document.addEventListener(type, (e) => window.__tw.push({ type, detail: e.detail }), true);
    }
  });
}

export const events = (page) => page.evaluate(() => window.__tw);

// Waits until `n` widgets have settled (verified or failed).
export async function settled(page, n) {
  await page.waitForFunction((n) => (window.__tw || []).length >= n, n, { timeout: 15000 });
}

// Text inside every widget's shadow root, by mount point (in document order).
export const widgetTexts = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll("[data-trust-widget]")].map((el) => (el.shadowRoot ? el.shadowRoot.textContent : null)));

// Scrolls every mount point into view so the lazy loader starts them all.
export async function scrollThrough(page) {
  await page.evaluate(async () => {
    for (const el of document.querySelectorAll("[data-trust-widget]")) {
      el.scrollIntoView();
      await new Promise((r) => requestAnimationFrame(r));
    }
    window.scrollTo(0, 0);
  });
}

// Waits until `n` widgets have settled and every mounted one has finished checking
// its reviews (no visible "checking reviews…" placeholder left; a closed
// disclosure checks its tally only when opened).
export async function rendered(page, n) {
  await settled(page, n);
  await page.waitForFunction(() =>
    [...document.querySelectorAll("[data-trust-widget]")].every((el) =>
      !el.shadowRoot || ([...el.shadowRoot.querySelectorAll(".tw-checking")].every((c) => c.closest("details:not([open])")) &&
        // Parts still filling in, a few per task (the carousel's cards, the full view's sections).
        !el.shadowRoot.querySelector("[data-tw-filling]"))), null, { timeout: 15000 });
}

// Writes a fixture page into the staged site (under /cases/<dir>/) and returns its
// path. `widgets`: [{ view, locale, market, theme, product, showExpired, label }], each
// a mount point with its own data- attributes; `dark` gives the page a dark background.
export function stagePage(siteDir, dir, file, { widgets, lang = "en", dark = false, brand = "northwind-outdoor", title = "Widget test page" }) {
  const keys = JSON.parse(readFileSync(join(siteDir, "keys.json"), "utf8"));
  const attr = (k, v) => (v === undefined ? "" : ` data-${k}="${v}"`);
  const mounts = widgets.map((w, i) => `<section aria-label="${w.label || `${w.view} ${w.locale} ${w.market}`}">
  <h2>${w.label || `${w.view} · ${w.locale} · ${w.market}`}</h2>
  <div data-trust-widget id="w${i}"${attr("view", w.view)}${attr("locale", w.locale)}${attr("market", w.market)}${attr("theme", w.theme)}${attr("product", w.product === undefined ? "tent-ridgeline-2" : w.product || undefined)}${attr("show-expired", w.showExpired)}></div>
</section>`).join("\n");
  const html = `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="/cases/page.css"></head>
<body${dark ? ' class="dark"' : ""}>
<main>
<h1>${title}</h1>
${mounts}
</main>
<script async src="/widget/loader.js" data-manifest="/manifests/${brand}.json"
        data-key="${keys[brand]}" data-attesters="/attesters.json"></script>
</body>
</html>
`;
  mkdirSync(join(siteDir, "cases", dir), { recursive: true });
  writeFileSync(join(siteDir, "cases", "page.css"), PAGE_CSS);
  writeFileSync(join(siteDir, "cases", dir, file), html);
  return `/cases/${dir}/${file}`;
}

const PAGE_CSS = `body { margin: 0; font: 16px/1.5 system-ui, sans-serif; background: #f4f5f7; color: #17202a; }
body.dark { background: #0b0d10; color: #e8ebef; }
main { max-width: 860px; margin: 0 auto; padding: 16px; }
h1 { font-size: 20px; margin: 0 0 12px; }
h2 { font-size: 13px; font-weight: 600; margin: 24px 0 6px; color: inherit; opacity: .8; }
`;

// The focused element, looking through open shadow roots.
export const deepActive = (page) =>
  page.evaluate(() => {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    return el && { tag: el.localName, cls: el.className && String(el.className), label: el.getAttribute("aria-label"), text: el.textContent.trim().slice(0, 60), idx: el.__tw };
  });

// Runs `fn(root, arg)` in the page with the shadow root of the mount point `#id`.
export const inWidget = (page, id, fn, arg) =>
  page.evaluate(([id, src, arg]) => (0, eval)(`(${src})`)(document.getElementById(id).shadowRoot, arg), [id, fn.toString(), arg]);

// Waits until `fn(root, arg)` (run in the page with the shadow root of `#id`) returns
// something truthy, and returns it: widgets re-render asynchronously after input.
export async function untilInWidget(page, id, fn, arg, timeout = 5000) {
  const handle = await page.waitForFunction(([id, src, arg]) => (0, eval)(`(${src})`)(document.getElementById(id).shadowRoot, arg),
    [id, fn.toString(), arg], { timeout });
  return handle.jsonValue();
}

// Sums layout shifts (PerformanceObserver 'layout-shift', buffered, none after input)
// into window.__cls, each with its moved nodes in window.__shifts. Install before goto.
export async function recordLayoutShifts(page) {
  await page.addInitScript(() => {
    window.__cls = 0;
    window.__shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.hadRecentInput) continue;
        window.__cls += e.value;
        window.__shifts.push({ value: e.value, at: Math.round(e.startTime), sources: e.sources.map((s) => {
          const n = s.node;
          const name = !n ? "?" : n.nodeType === 1 ? `${n.localName}${n.id ? "#" + n.id : ""}.${n.className}` : n.nodeName;
          return `${name} ${JSON.stringify(s.previousRect)} -> ${JSON.stringify(s.currentRect)}`;
        }) });
      }
    }).observe({ type: "layout-shift", buffered: true });
  });
}

// Scrolls the whole page half a screen at a time, two frames per stop, and back to
// the top.
export async function scrollByHalfScreens(page) {
  await page.evaluate(async () => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    for (let y = 0; y <= document.documentElement.scrollHeight; y += innerHeight / 2) {
      scrollTo(0, y);
      await frame();
    }
    scrollTo(0, 0);
    await frame();
  });
}
