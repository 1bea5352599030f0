// `cargo xtask bench` driver: loads bench pages many times in headless Chromium,
// runs Lighthouse on the demo product page with and without the widget, reads the
// criterion medians, and writes report.md and report.json. Env (set by the xtask):
// CHROMIUM, BASE_URL, SITE_DIR, OUT_DIR, ROOT, LOADS, SIZES, LIGHTHOUSE_RUNS,
// CRITERION_DIR, CRITERION_SECS, BEGAN_SECS_AGO.
import { chromium } from "playwright-core";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";
import { CHROME_FLAGS, median, p95, round, series } from "./lib.mjs";

const { BASE_URL, SITE_DIR, OUT_DIR, ROOT, CRITERION_DIR } = process.env;
const LOADS = Number(process.env.LOADS || 20);
const SIZES = (process.env.SIZES || "10,100,1000,10000").split(",").map(Number);
const LIGHTHOUSE_RUNS = Number(process.env.LIGHTHOUSE_RUNS || 3);
const began = Date.now() - 1000 * Number(process.env.BEGAN_SECS_AGO || 0);
// The goals (#7), checked against what is measured.
const GOAL_MS = 40, GOAL_RATIO = 1.5, GOAL_LONG_TASK_MS = 50, GOAL_LIGHTHOUSE_POINTS = 1;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: CHROME_FLAGS });

const headlineSeries = (path, warm) => series(browser, BASE_URL + path, warm, { loads: LOADS });

// Bundle: every file the loader pulls, raw, gzip and brotli.
const www = join(SITE_DIR, "widget");
const bundle = readdirSync(www).filter((f) => /\.(js|wasm)$/.test(f)).map((f) => {
  const bytes = readFileSync(join(www, f));
  return { file: f, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length };
});
const total = ["raw", "gzip", "brotli"].reduce((o, k) => ({ ...o, [k]: bundle.reduce((n, b) => n + b[k], 0) }), {});

const headline = {
  widget_cold: await headlineSeries("/bench/widget-100.html", false),
  widget_warm: await headlineSeries("/bench/widget-100.html", true),
  floor_cold: await headlineSeries("/bench/floor-100.html", false),
  floor_warm: await headlineSeries("/bench/floor-100.html", true),
};
const scale = [];
for (const n of SIZES) {
  scale.push({ reviews: n, widget: await headlineSeries(`/bench/widget-${n}.html`, true), floor: await headlineSeries(`/bench/floor-${n}.html`, true) });
}
// Paged reviews (ARCHITECTURE.md): the demo's 100,000-review brand (/scale/) against its 100-review one, cold.
const manifestBytes = (b) => statSync(join(SITE_DIR, "manifests", `${b}.json`)).size;
const paged = { bytes_100k: manifestBytes("northwind-100k"), bytes_100: manifestBytes("northwind-100"), b100k: await headlineSeries("/scale/", false), b100: await headlineSeries("/scale/100/", false),
  // 10,000 reviews, published in pages as the 2 MiB manifest limit asks: first view, cold and warm.
  b10k: await headlineSeries("/scale/10k/", false), b10k_warm: await headlineSeries("/scale/10k/", true) };
await browser.close();

// Lighthouse (performance only, its default mobile settings) on the demo product
// page and on the same page without the widget, alternating, same server.
function lighthouse(path) {
  const bin = join(ROOT, "node_modules/.bin/lighthouse");
  const out = execFileSync(bin, [BASE_URL + path, "--only-categories=performance", "--output=json",
    "--output-path=stdout", "--quiet", `--chrome-flags=${CHROME_FLAGS.join(" ")}`],
  { env: { ...process.env, CHROME_PATH: process.env.CHROMIUM || "/usr/bin/chromium" }, maxBuffer: 256 << 20 });
  const r = JSON.parse(out.toString());
  const a = (id) => r.audits[id] && r.audits[id].numericValue;
  return { score: Math.round(r.categories.performance.score * 100), lcp_ms: round(a("largest-contentful-paint"), 0),
    tbt_ms: round(a("total-blocking-time"), 0), cls: round(a("cumulative-layout-shift"), 4),
    fcp_ms: round(a("first-contentful-paint"), 0), runtime_error: r.runtimeError ? r.runtimeError.code : null };
}
const lhRuns = { with: [], without: [] };
for (let i = 0; i < LIGHTHOUSE_RUNS; i++) {
  lhRuns.with.push(lighthouse("/"));
  lhRuns.without.push(lighthouse("/without-widget.html"));
}
const lhMedian = (runs) => Object.fromEntries(["score", "lcp_ms", "tbt_ms", "cls", "fcp_ms"].map((k) => [k, median(runs.map((r) => r[k]))]));
const lh = { runs: LIGHTHOUSE_RUNS, page: "/ (demo product page)", with: lhMedian(lhRuns.with), without: lhMedian(lhRuns.without), all: lhRuns };
lh.difference = lh.without.score - lh.with.score;

// Criterion: the medians of this run's `cargo bench -p trust-manifest --bench verify`.
const criterion = [];
(function walk(dir) {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (!statSync(path).isDirectory()) continue;
    const est = join(path, "new/estimates.json"), meta = join(path, "new/benchmark.json");
    if (existsSync(est) && existsSync(meta) && statSync(est).mtimeMs >= began) {
      const e = JSON.parse(readFileSync(est, "utf8"));
      criterion.push({ id: JSON.parse(readFileSync(meta, "utf8")).full_id, median_us: round(e.median.point_estimate / 1000, 1),
        low_us: round(e.median.confidence_interval.lower_bound / 1000, 1), high_us: round(e.median.confidence_interval.upper_bound / 1000, 1) });
    } else walk(path);
  }
})(CRITERION_DIR || "");
criterion.sort((a, b) => a.id.localeCompare(b.id));

const wc = headline.widget_cold, ww = headline.widget_warm, fc = headline.floor_cold, fw = headline.floor_warm;
const ratio = (a, b) => (a.median_ms && b.median_ms ? round(a.median_ms / b.median_ms, 2) : null);
const allWidget = [wc, ww, ...scale.map((s) => s.widget)].filter((s) => !s.error);
const goals = [
  { goal: `median cold ≤ ${GOAL_MS} ms`, measured: `${wc.median_ms} ms`, met: wc.median_ms <= GOAL_MS },
  { goal: `median warm ≤ ${GOAL_MS} ms`, measured: `${ww.median_ms} ms`, met: ww.median_ms <= GOAL_MS },
  { goal: `cold ≤ ${GOAL_RATIO}× floor`, measured: `${ratio(wc, fc)}×`, met: ratio(wc, fc) <= GOAL_RATIO },
  { goal: `warm ≤ ${GOAL_RATIO}× floor`, measured: `${ratio(ww, fw)}×`, met: ratio(ww, fw) <= GOAL_RATIO },
  { goal: "CLS 0 (bench page, every load)", measured: String(Math.max(...allWidget.map((s) => s.cls_max))), met: allWidget.every((s) => s.cls_max === 0) },
  { goal: "CLS 0 (demo page, Lighthouse)", measured: String(lh.with.cls), met: lh.with.cls === 0 },
  { goal: `no long task over ${GOAL_LONG_TASK_MS} ms`, measured: `${allWidget.reduce((n, s) => n + s.long_tasks, 0)} in ${allWidget.reduce((n, s) => n + s.loads, 0)} loads (max ${Math.max(...allWidget.map((s) => s.longest_task_ms))} ms)`,
    met: allWidget.every((s) => s.long_tasks === 0) },
  { goal: "100,000-review brand: first load no larger than a 100-review brand's", measured: `${(paged.bytes_100k / 1000).toFixed(1)} KB vs ${(paged.bytes_100 / 1000).toFixed(1)} KB`, met: paged.bytes_100k <= paged.bytes_100 },
  { goal: "10,000 reviews: first view ≤ 100 ms (paged, warm / cold)", measured: `${paged.b10k_warm.median_ms ?? paged.b10k_warm.error} / ${paged.b10k.median_ms ?? paged.b10k.error} ms`,
    met: paged.b10k_warm.median_ms <= 100 },
  { goal: `Lighthouse difference ≤ ${GOAL_LIGHTHOUSE_POINTS} point`, measured: `${lh.difference} (${lh.without.score} → ${lh.with.score})`, met: lh.difference <= GOAL_LIGHTHOUSE_POINTS },
];

const seconds = Math.round((Date.now() - began) / 1000);
const report = { date: new Date().toISOString(), loads: LOADS, seconds, criterion_seconds: Number(process.env.CRITERION_SECS || 0),
  goals, bundle, total, headline, ratio_cold: ratio(wc, fc), ratio_warm: ratio(ww, fw), scale, paged, lighthouse: lh, criterion };
writeFileSync(join(OUT_DIR, "report.json"), JSON.stringify(report, null, 2) + "\n");

const kb = (b) => (b / 1000).toFixed(1);
const tasks = (s) => `${s.long_tasks} (max ${s.longest_task_ms} ms)`;
const row = (name, s, floor) => `| ${name} | ${s.median_ms} | ${s.p95_ms} | ${floor ? ratio(s, floor) + "×" : "–"} | ${s.nav_median_ms} | ${s.cls_max} | ${tasks(s)} | ${s.peak_memory_kb ?? "–"} |`;
const loader = bundle.find((b) => b.file === "loader.js");
const PHASES = [["glue_requested", "glue requested"], ["glue_received", "glue received"], ["wasm_requested", "wasm requested"],
  ["wasm_received", "wasm received"], ["manifest_requested", "manifest requested"], ["manifest_received", "manifest received"],
  ["wasm_ready", "wasm instantiated (`trust-widget:ready`)"], ["verified_event", "`trust-widget:verified` dispatched"]];
const md = [
  `# Trust Widget bench (${report.date}, ${LOADS} loads per row, medians)`, "",
  `\`cargo xtask bench --loads ${LOADS}\`: ${seconds} s in all (criterion ${report.criterion_seconds} s), build and staging included.`, "",
  "## Goals (issue #7)", "", "| goal | measured | met |", "| --- | --- | --- |",
  ...goals.map((g) => `| ${g.goal} | ${g.measured} | ${g.met ? "yes" : "**no**"} |`), "",
  "## Bundle", "", "| file | raw | gzip | brotli |", "| --- | ---: | ---: | ---: |",
  ...bundle.map((b) => `| ${b.file} | ${kb(b.raw)} KB | ${kb(b.gzip)} KB | ${kb(b.brotli)} KB |`),
  `| **total** | ${kb(total.raw)} KB | ${kb(total.gzip)} KB | ${kb(total.brotli)} KB |`,
  loader ? `| loader alone (what every page pays before a widget nears the viewport) | ${kb(loader.raw)} KB | ${kb(loader.gzip)} KB | ${kb(loader.brotli)} KB |` : "", "",
  "## Loader start to verified render (100 reviews, reviews view)", "",
  "From the `trust-widget:start` mark to the frame after `trust-widget:verified` (the floor: from its script's start to the frame after its render).", "",
  "| run | median ms | p95 ms | ÷ floor | since navigation, median ms | CLS (max) | long tasks | peak wasm memory KB |",
  "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
  row("widget, cold", wc, fc), row("widget, warm", ww, fw),
  row("floor (no verification), cold", fc), row("floor, warm", fw), "",
  `Widget ÷ floor: ${report.ratio_cold}× cold, ${report.ratio_warm}× warm.`, "",
  "### Where the time goes (medians, ms since the loader started)", "",
  "| step | cold | warm |", "| --- | ---: | ---: |",
  ...PHASES.map(([k, label]) => `| ${label} | ${wc.phases_median_ms?.[k] ?? "–"} | ${ww.phases_median_ms?.[k] ?? "–"} |`),
  `| verified view rendered (frame after the event) | ${wc.median_ms} | ${ww.median_ms} |`, "",
  "## Scale: parse + verify + first render, warm", "",
  "| reviews | widget median ms | widget p95 ms | floor median ms | ratio | CLS (max) | long tasks (widget) | peak wasm memory KB |",
  "| ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
  ...scale.map((s) => s.widget.error
    ? `| ${s.reviews.toLocaleString("en")} | refused: \`${s.widget.error}\` | | ${s.floor.median_ms} | | | | |`
    : `| ${s.reviews.toLocaleString("en")} | ${s.widget.median_ms} | ${s.widget.p95_ms} | ${s.floor.median_ms} | ${ratio(s.widget, s.floor)} | ${s.widget.cls_max} | ${tasks(s.widget)} | ${s.widget.peak_memory_kb} |`),
  "",
  `100,000-review brand in pages (demo \`/scale/\`) vs the 100-review brand (\`/scale/100/\`), cold: first-load manifest ${kb(paged.bytes_100k)} KB vs ${kb(paged.bytes_100)} KB; loader→verified median ${paged.b100k.median_ms ?? paged.b100k.error} ms vs ${paged.b100.median_ms ?? paged.b100.error} ms. 10,000 reviews in pages (\`/scale/10k/\`, first manifest ${kb(manifestBytes("northwind-10k"))} KB): loader→verified median ${paged.b10k_warm.median_ms ?? paged.b10k_warm.error} ms warm, ${paged.b10k.median_ms ?? paged.b10k.error} ms cold.`, "",
  `## Lighthouse (performance, default mobile settings, median of ${LIGHTHOUSE_RUNS} runs each)`, "",
  "| page | score | LCP ms | TBT ms | CLS | FCP ms |", "| --- | ---: | ---: | ---: | ---: | ---: |",
  `| demo product page, with the widget | ${lh.with.score} | ${lh.with.lcp_ms} | ${lh.with.tbt_ms} | ${lh.with.cls} | ${lh.with.fcp_ms} |`,
  `| the same page without it | ${lh.without.score} | ${lh.without.lcp_ms} | ${lh.without.tbt_ms} | ${lh.without.cls} | ${lh.without.fcp_ms} |`,
  `| **difference** | ${lh.difference} | | | | |`, "",
  "## Native verification (criterion medians, `cargo bench -p trust-manifest --bench verify`)", "",
  "| benchmark | median | 95 % interval |", "| --- | ---: | ---: |",
  ...criterion.map((c) => `| \`${c.id}\` | ${c.median_us.toLocaleString("en")} µs | ${c.low_us.toLocaleString("en")}–${c.high_us.toLocaleString("en")} µs |`),
  "",
].join("\n");
writeFileSync(join(OUT_DIR, "report.md"), md);
console.log(md);
