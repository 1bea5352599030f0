// `cargo xtask bench` on a phone (issue 17): Lighthouse's mobile screen with the
// CPU slowed 4x, and unslowed, the plain-JS floor measured in the same run. Loads
// (median, p95, long tasks, total blocking time), the long tasks' insides from a
// Chromium trace, blocking time on the demo page with and without the widget,
// interaction to next paint of every control, and repeat visits in a new tab.
// Writes phone.json and phone.md to OUT_DIR. Env (set by the xtask): CHROMIUM,
// BASE_URL, OUT_DIR, LOADS; COLD_LOADS (cold loads at 4x for the long-task goal,
// default 100), INP_LOADS (default 5), REPEAT_PAIRS (default 10).
import { chromium } from "playwright-core";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { CHROME_FLAGS, CONDITIONS, blocking, median, p95, round, series, throttledPage, instrument } from "./lib.mjs";
import { startTrace, longTasks } from "./trace.mjs";
import { interactions } from "./inp.mjs";
import { repeatVisits } from "./repeat.mjs";

const { BASE_URL, OUT_DIR } = process.env;
const LOADS = Number(process.env.LOADS || 20);
const COLD_LOADS = Math.max(LOADS, Number(process.env.COLD_LOADS || 100));
const INP_LOADS = Number(process.env.INP_LOADS || 5);
const REPEAT_PAIRS = Number(process.env.REPEAT_PAIRS || 10);
const GOAL_TASK_MS = 50, GOAL_INP_4X = 100, GOAL_INP_1X = 50, GOAL_COLD_RATIO = 2, GOAL_REPEAT_RATIO = 1.5;
const began = Date.now();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: CHROME_FLAGS });

// 1. Loads, widget and floor, cold and warm, under each condition.
const loads = [];
for (const condition of CONDITIONS) {
  const opts = { loads: LOADS, condition };
  const cold = { ...opts, loads: condition.rate === 4 ? COLD_LOADS : LOADS, settleMs: 1000 };
  loads.push({
    condition: condition.name,
    widget_cold: await series(browser, BASE_URL + "/bench/widget-100.html", false, cold),
    widget_warm: await series(browser, BASE_URL + "/bench/widget-100.html", true, { ...opts, settleMs: 1000 }),
    floor_cold: await series(browser, BASE_URL + "/bench/floor-100.html", false, opts),
    floor_warm: await series(browser, BASE_URL + "/bench/floor-100.html", true, opts),
  });
}

// 2. Inside the long tasks: three traced cold loads at 4x.
const traced = [];
for (let i = 0; i < 3; i++) {
  const context = await browser.newContext(CONDITIONS[0].context);
  const page = await throttledPage(context, CONDITIONS[0].rate);
  await page.addInitScript(instrument);
  const trace = await startTrace(context, page);
  await page.goto(BASE_URL + "/bench/widget-100.html", { waitUntil: "commit" });
  await page.evaluate(() => window.__benchDone);
  await page.waitForTimeout(1000);
  traced.push(...longTasks(await trace.stop()));
  await context.close();
}

// 3. Total blocking time on the demo product page, with and without the widget:
// loaded, then scrolled to the end (the full view starts near the viewport).
async function pageTbt(path) {
  const runs = [];
  for (let i = 0; i < LOADS; i++) {
    const context = await browser.newContext(CONDITIONS[0].context);
    const page = await throttledPage(context, CONDITIONS[0].rate);
    await page.addInitScript(instrument);
    await page.goto(BASE_URL + path, { waitUntil: "load" });
    await page.waitForTimeout(1000);
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.waitForTimeout(3000);
    runs.push(await page.evaluate(() => window.__bench.longTasks));
    await context.close();
  }
  const tbt = runs.map(blocking);
  return { path, loads: LOADS, tbt_median_ms: round(median(tbt)), tbt_p95_ms: round(p95(tbt)),
    long_tasks: runs.flat().length, longest_task_ms: round(Math.max(0, ...runs.flat())) };
}
const tbt = { with: await pageTbt("/"), without: await pageTbt("/without-widget.html") };

// 4. Interaction to next paint, and 5. repeat visits.
const inp = await interactions(browser, BASE_URL, { conditions: CONDITIONS, loads: INP_LOADS });
await browser.close();
const repeat = await repeatVisits(BASE_URL + "/bench/widget-100.html", { conditions: CONDITIONS, pairs: REPEAT_PAIRS });

const ratio = (a, b) => (a && b && a.median_ms && b.median_ms ? round(a.median_ms / b.median_ms, 2) : null);
const at4 = loads[0], inp4 = inp[0], inp1 = inp[1];
const worstInp = (c) => Object.entries(c.interactions).reduce((a, b) => (b[1].p95_ms > a[1].p95_ms ? b : a));
const goals = [
  { goal: `no task over ${GOAL_TASK_MS} ms in ${COLD_LOADS} cold loads at 4x`, measured: `${at4.widget_cold.long_tasks} (max ${at4.widget_cold.longest_task_ms} ms)`, met: at4.widget_cold.long_tasks === 0 },
  ...loads.map((l) => ({ goal: `no task over ${GOAL_TASK_MS} ms warm, ${l.condition}`, measured: `${l.widget_warm.long_tasks} (max ${l.widget_warm.longest_task_ms} ms)`, met: l.widget_warm.long_tasks === 0 })),
  { goal: `INP p95 < ${GOAL_INP_4X} ms at 4x, every control`, measured: `worst: ${worstInp(inp4)[0]} ${worstInp(inp4)[1].p95_ms} ms`, met: worstInp(inp4)[1].p95_ms < GOAL_INP_4X },
  { goal: `INP p95 < ${GOAL_INP_1X} ms unthrottled, every control`, measured: `worst: ${worstInp(inp1)[0]} ${worstInp(inp1)[1].p95_ms} ms`, met: worstInp(inp1)[1].p95_ms < GOAL_INP_1X },
  ...loads.map((l) => ({ goal: `cold ≤ ${GOAL_COLD_RATIO}× floor, ${l.condition}`, measured: `${ratio(l.widget_cold, l.floor_cold)}×`, met: ratio(l.widget_cold, l.floor_cold) <= GOAL_COLD_RATIO })),
  ...repeat.map((r, i) => ({ goal: `repeat visit ≤ ${GOAL_REPEAT_RATIO}× floor (warm), ${r.condition}`, measured: `${ratio(r.second, loads[i].floor_warm)}×`, met: ratio(r.second, loads[i].floor_warm) <= GOAL_REPEAT_RATIO })),
];
const report = { date: new Date().toISOString(), seconds: Math.round((Date.now() - began) / 1000), loads: LOADS, cold_loads: COLD_LOADS, goals, runs: loads, traced, tbt, inp, repeat };
writeFileSync(join(OUT_DIR, "phone.json"), JSON.stringify(report, null, 2) + "\n");

const tasks = (s) => (s.error ? `error ${s.error}` : `${s.long_tasks} in ${s.loads} loads (max ${s.longest_task_ms} ms)`);
const row = (name, s, floor) => `| ${name} | ${s.loads} | ${s.median_ms} | ${s.p95_ms} | ${floor ? ratio(s, floor) + "×" : "–"} | ${tasks(s)} | ${s.tbt_median_ms} / ${s.tbt_p95_ms} | ${s.cls_max} |`;
const md = [
  `## On a phone (${report.date}; Lighthouse's mobile screen, CPU slowed by CDP)`, "",
  `\`tests/bench/phone.mjs\`: ${report.seconds} s. Loader start to the frame after \`trust-widget:verified\` (100 reviews, reviews view), the floor in the same run.`, "",
  "| goal | measured | met |", "| --- | --- | --- |",
  ...goals.map((g) => `| ${g.goal} | ${g.measured} | ${g.met ? "yes" : "**no**"} |`), "",
  "| run | loads | median ms | p95 ms | ÷ floor | tasks over 50 ms | TBT median / p95 ms | CLS (max) |",
  "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |",
  ...loads.flatMap((l) => [
    row(`widget, cold, ${l.condition}`, l.widget_cold, l.floor_cold), row(`widget, warm, ${l.condition}`, l.widget_warm, l.floor_warm),
    row(`floor, cold, ${l.condition}`, l.floor_cold), row(`floor, warm, ${l.condition}`, l.floor_warm)]),
  "", "Long tasks at 4x, cold (start since the loader's mark, duration ms): " +
    (at4.widget_cold.long_task_list.slice(0, 12).map(([s, d]) => `${s}+${d}`).join(", ") || "none"), "",
  "Inside them (three traced cold loads at 4x; trace events by name, inclusive ms): " +
    (traced.map((t) => `**${t.ms} ms**: ${t.inside.join(", ")}`).join("; ") || "no task over 50 ms"), "",
  "### Total blocking time, demo product page (4x, cold, loaded then scrolled to the end)", "",
  "| page | TBT median ms | p95 ms | long tasks | longest ms |", "| --- | ---: | ---: | ---: | ---: |",
  ...[["with the widget", tbt.with], ["without it", tbt.without]].map(([n, t]) => `| ${n} | ${t.tbt_median_ms} | ${t.tbt_p95_ms} | ${t.long_tasks} | ${t.longest_task_ms} |`), "",
  "### Interaction to next paint (Event Timing; under 16 ms counts as 16)", "",
  "| control | " + inp.map((c) => `${c.condition}: median / p95 / max ms (n)`).join(" | ") + " |",
  "| --- |" + inp.map(() => " ---: |").join(""),
  ...Object.keys(inp4.interactions).map((k) => `| ${k} | ` + inp.map((c) => {
    const i = c.interactions[k];
    return `${i.median_ms} / ${i.p95_ms} / ${i.max_ms} (${i.n})`;
  }).join(" | ") + " |"), "",
  "### Repeat visit: a new tab after the first visit's tab closed (same profile)", "",
  "| condition | first visit median / p95 ms | repeat visit median / p95 ms | ÷ floor (warm) | cache written (`v8.wasm.cachedModule`) | used (`moduleCacheHit`) | tasks over 50 ms, first / repeat | V8 chunk finished (first) / wasm from HTTP cache (repeat) |",
  "| --- | ---: | ---: | ---: | --- | --- | --- | --- |",
  ...repeat.map((r, i) => `| ${r.condition} | ${r.first.median_ms} / ${r.first.p95_ms} | ${r.second.median_ms} / ${r.second.p95_ms} | ${ratio(r.second, loads[i].floor_warm)}× | ${r.cache_written} of ${r.pairs} (${r.cache_bytes.length ? Math.round(median(r.cache_bytes) / 1000) + " KB" : "–"}) | ${r.cache_hits} of ${r.pairs} | ${r.first.long_tasks} / ${r.second.long_tasks} | ${r.chunk_events} / ${r.wasm_from_http_cache} of ${r.pairs} |`),
  "",
].join("\n");
writeFileSync(join(OUT_DIR, "phone.md"), md);
console.log(md);
