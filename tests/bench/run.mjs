// `cargo xtask bench` driver: loads bench pages many times in headless Chromium and
// writes report.md and report.json. Env: CHROMIUM, BASE_URL, SITE_DIR, OUT_DIR,
// LOADS, SIZES (set by the xtask).
import { chromium } from "playwright-core";
import { readFileSync, writeFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

const { BASE_URL, SITE_DIR, OUT_DIR } = process.env;
const LOADS = Number(process.env.LOADS || 20);
const SIZES = (process.env.SIZES || "10,100,1000,10000").split(",").map(Number);

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };
const p95 = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]; };
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

// Collected in every page before it runs: layout shifts, long tasks, and the end time.
function instrument() {
  window.__bench = { cls: 0, longTasks: [], done: null, t: null };
  new PerformanceObserver((l) => l.getEntries().forEach((e) => { if (!e.hadRecentInput) window.__bench.cls += e.value; }))
    .observe({ type: "layout-shift", buffered: true });
  new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__bench.longTasks.push(e.duration)))
    .observe({ type: "longtask", buffered: true });
  document.addEventListener("trust-widget:verified", () => requestAnimationFrame(() => {
    const start = performance.getEntriesByName("trust-widget:start")[0];
    window.__bench.t = performance.now() - (start ? start.startTime : 0);
    window.__bench.done = performance.now();
  }), true);
  document.addEventListener("trust-widget:error", (e) => { window.__bench.error = e.detail.code; }, true);
  document.addEventListener("floor:rendered", (e) => { window.__bench.t = e.detail; window.__bench.done = performance.now(); });
}

async function measure(page, path) {
  await page.goto(BASE_URL + path);
  await page.waitForFunction(() => window.__bench.done !== null || window.__bench.error, null, { timeout: 30000 });
  await page.waitForTimeout(50);
  return page.evaluate(() => ({ ...window.__bench,
    memory: window.TrustWidget && window.TrustWidget.memory ? window.TrustWidget.memory.buffer.byteLength : null }));
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});

async function series(path, warm) {
  const runs = [];
  if (warm) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(instrument);
    await measure(page, path); // prime the cache
    for (let i = 0; i < LOADS; i++) runs.push(await measure(page, path));
    await context.close();
  } else {
    for (let i = 0; i < LOADS; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.addInitScript(instrument);
      runs.push(await measure(page, path));
      await context.close();
    }
  }
  const errors = runs.filter((r) => r.error).map((r) => r.error);
  if (errors.length) return { path, warm, loads: runs.length, error: errors[0] };
  const t = runs.map((r) => r.t), nav = runs.map((r) => r.done);
  return {
    path, warm, loads: runs.length,
    median_ms: round(median(t)), p95_ms: round(p95(t)),
    nav_median_ms: round(median(nav)),
    cls_max: round(Math.max(...runs.map((r) => r.cls)), 4),
    long_tasks: runs.reduce((n, r) => n + r.longTasks.length, 0),
    longest_task_ms: round(Math.max(0, ...runs.flatMap((r) => r.longTasks))),
    peak_memory_kb: runs[0].memory === null ? null : Math.max(...runs.map((r) => r.memory)) / 1024,
  };
}

// Bundle: every file the loader pulls, raw, gzip and brotli.
const www = join(SITE_DIR, "widget");
const bundle = readdirSync(www).filter((f) => /\.(js|wasm)$/.test(f)).map((f) => {
  const bytes = readFileSync(join(www, f));
  return { file: f, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length };
});
const total = ["raw", "gzip", "brotli"].reduce((o, k) => ({ ...o, [k]: bundle.reduce((n, b) => n + b[k], 0) }), {});

const headline = {
  widget_cold: await series("/bench/widget-100.html", false),
  widget_warm: await series("/bench/widget-100.html", true),
  floor_cold: await series("/bench/floor-100.html", false),
  floor_warm: await series("/bench/floor-100.html", true),
};
const scale = [];
for (const n of SIZES) {
  scale.push({ reviews: n, widget: await series(`/bench/widget-${n}.html`, true), floor: await series(`/bench/floor-${n}.html`, true) });
}
await browser.close();

const report = { date: new Date().toISOString(), loads: LOADS, bundle, total, headline, scale,
  ratio_cold: round(headline.widget_cold.median_ms / headline.floor_cold.median_ms, 2),
  ratio_warm: round(headline.widget_warm.median_ms / headline.floor_warm.median_ms, 2) };
writeFileSync(join(OUT_DIR, "report.json"), JSON.stringify(report, null, 2) + "\n");

const kb = (b) => (b / 1000).toFixed(1);
const row = (name, s) => `| ${name} | ${s.median_ms} | ${s.p95_ms} | ${s.nav_median_ms} | ${s.cls_max} | ${s.long_tasks} (max ${s.longest_task_ms} ms) | ${s.peak_memory_kb ?? "–"} |`;
const md = [
  `# Trust Widget bench (${report.date}, ${LOADS} loads per row, medians)`, "",
  "## Bundle", "", "| file | raw | gzip | brotli |", "| --- | ---: | ---: | ---: |",
  ...bundle.map((b) => `| ${b.file} | ${kb(b.raw)} KB | ${kb(b.gzip)} KB | ${kb(b.brotli)} KB |`),
  `| **total** | ${kb(total.raw)} KB | ${kb(total.gzip)} KB | ${kb(total.brotli)} KB |`, "",
  "## Loader start to verified render (100 reviews, reviews view)", "",
  "| run | median ms | p95 ms | since navigation, median ms | CLS (max) | long tasks | peak wasm memory KB |",
  "| --- | ---: | ---: | ---: | ---: | --- | ---: |",
  row("widget, cold", headline.widget_cold), row("widget, warm", headline.widget_warm),
  row("floor (no verification), cold", headline.floor_cold), row("floor, warm", headline.floor_warm), "",
  `Widget ÷ floor: ${report.ratio_cold}× cold, ${report.ratio_warm}× warm.`, "",
  "## Scale: parse + verify + first render, warm", "",
  "| reviews | widget median ms | widget p95 ms | floor median ms | ratio | long tasks (widget) | peak wasm memory KB |",
  "| ---: | ---: | ---: | ---: | ---: | --- | ---: |",
  ...scale.map((s) => s.widget.error ? `| ${s.reviews} | refused: \`${s.widget.error}\` | | ${s.floor.median_ms} | | | |` : `| ${s.reviews} | ${s.widget.median_ms} | ${s.widget.p95_ms} | ${s.floor.median_ms} | ${round(s.widget.median_ms / s.floor.median_ms, 2)} | ${s.widget.long_tasks} (max ${s.widget.longest_task_ms} ms) | ${s.widget.peak_memory_kb} |`),
  "",
].join("\n");
writeFileSync(join(OUT_DIR, "report.md"), md);
console.log(md);
