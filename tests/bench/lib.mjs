// What every bench script shares: the statistics, Chromium's flags, the phone
// profile (Lighthouse's mobile settings: a Moto G Power screen, CPU slowed 4x),
// the page instrumentation and one series of loads.

export const CHROME_FLAGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run"];

export const median = (xs) => { const s = xs.filter((x) => x != null).sort((a, b) => a - b); return s.length ? s[Math.floor((s.length - 1) / 2)] : null; };
export const p95 = (xs) => { const s = xs.filter((x) => x != null).sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)] : null; };
export const round = (x, d = 1) => x == null ? null : Math.round(x * 10 ** d) / 10 ** d;
/// Total blocking time of a list of task durations: what each spends past 50 ms.
export const blocking = (tasks) => tasks.reduce((n, d) => n + Math.max(0, d - 50), 0);

// Lighthouse 12's mobile emulation (`constants.js`: screenEmulationMetrics.mobile,
// userAgents.mobile) and its devtools throttling's CPU slowdown.
export const PHONE = {
  viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true,
  userAgent: "Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Mobile Safari/537.36",
};
export const DESKTOP = { viewport: { width: 1280, height: 800 } };

/// The conditions every phone row runs under: `rate` is Chromium's CPU slowdown.
export const CONDITIONS = [
  { name: "phone, CPU 4x", rate: 4, context: PHONE },
  { name: "phone, CPU 1x", rate: 1, context: PHONE },
];

/// A new page in `context`, its CPU slowed `rate` times (CDP, the way DevTools
/// and Lighthouse's devtools throttling do it) before it navigates.
export async function throttledPage(context, rate) {
  const page = await context.newPage();
  if (rate > 1) {
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate });
  }
  return page;
}

// Collected in every page before it runs: layout shifts, long tasks (with their
// start since the loader's mark), the end time, and (for the breakdown) resource
// timing and the loader's marks at that moment.
export function instrument() {
  window.__bench = { cls: 0, shifts: [], longTasks: [], longTaskStarts: [], done: null, t: null, phases: null };
  // Awaited by the driver: no polling, which would run script in the page it measures.
  let finish;
  window.__benchDone = new Promise((resolve) => { finish = resolve; });
  new PerformanceObserver((l) => l.getEntries().forEach((e) => {
    if (e.hadRecentInput) return;
    window.__bench.cls += e.value;
    window.__bench.shifts.push((e.sources || []).map((s) => s.node ? (s.node.nodeName + "." + (s.node.className || "")) : "?").join(" "));
  })).observe({ type: "layout-shift", buffered: true });
  new PerformanceObserver((l) => l.getEntries().forEach((e) => {
    window.__bench.longTasks.push(e.duration);
    const start = performance.getEntriesByName("trust-widget:start")[0] || performance.getEntriesByName("floor:start")[0];
    window.__bench.longTaskStarts.push(Math.round(e.startTime - (start ? start.startTime : 0)));
  })).observe({ type: "longtask", buffered: true });
  const phases = (start) => {
    const at = (x) => Math.round((x - start) * 10) / 10;
    const p = {};
    for (const e of performance.getEntriesByType("resource")) {
      const name = new URL(e.name).pathname;
      const key = /loader\.js$/.test(name) ? null : /\.wasm$/.test(name) ? "wasm" : /\/widget\/.*\.js$/.test(name) ? "glue"
        : /manifest/.test(name) ? "manifest" : null;
      if (key) { p[key + "_requested"] = at(e.startTime); p[key + "_received"] = at(e.responseEnd); }
    }
    const ready = performance.getEntriesByName("trust-widget:ready")[0];
    if (ready) p.wasm_ready = at(ready.startTime);
    return p;
  };
  document.addEventListener("trust-widget:verified", () => {
    const start = performance.getEntriesByName("trust-widget:start")[0];
    const s = start ? start.startTime : 0;
    window.__bench.phases = { ...phases(s), verified_event: Math.round((performance.now() - s) * 10) / 10 };
    requestAnimationFrame(() => {
      window.__bench.t = performance.now() - s;
      window.__bench.done = performance.now();
      finish();
    });
  }, true);
  document.addEventListener("trust-widget:error", (e) => { window.__bench.error = e.detail.code; finish(); }, true);
  document.addEventListener("floor:rendered", (e) => { window.__bench.t = e.detail; window.__bench.done = performance.now(); finish(); });
}

/// One load of `url` in `page`: the instrumented figures once it rendered, plus
/// what came after within `settleMs`.
export async function measure(page, url, settleMs = 300) {
  await page.goto(url, { waitUntil: "commit" });
  await page.evaluate(() => Promise.race([window.__benchDone, new Promise((r) => setTimeout(r, 30000))]));
  if (await page.evaluate(() => window.__bench.done === null && !window.__bench.error)) throw new Error(`${url}: no render in 30 s`);
  // Long enough for the work the widget leaves for later (remaining slides,
  // the computed tally) to show up as long tasks or layout shifts if it causes any.
  await page.waitForTimeout(settleMs);
  return page.evaluate(() => ({ ...window.__bench,
    memory: window.TrustWidget && window.TrustWidget.memory ? window.TrustWidget.memory.buffer.byteLength : null }));
}

/// `loads` loads of `url`, cold (a new context each: empty HTTP and code caches)
/// or warm (one context, primed once), under `condition` ({ rate, context }).
export async function series(browser, url, warm, { loads, condition = { rate: 1, context: {} }, settleMs = 300 }) {
  const runs = [];
  const open = async (context) => {
    const page = await throttledPage(context, condition.rate);
    await page.addInitScript(instrument);
    return page;
  };
  if (warm) {
    const context = await browser.newContext(condition.context);
    const page = await open(context);
    await measure(page, url, settleMs); // prime the cache
    for (let i = 0; i < loads; i++) runs.push(await measure(page, url, settleMs));
    await context.close();
  } else {
    for (let i = 0; i < loads; i++) {
      const context = await browser.newContext(condition.context);
      runs.push(await measure(await open(context), url, settleMs));
      await context.close();
    }
  }
  return summarise(url, warm, runs);
}

/// Medians, p95 and the long tasks of a list of loads.
export function summarise(path, warm, runs) {
  const errors = runs.filter((r) => r.error).map((r) => r.error);
  if (errors.length) return { path, warm, loads: runs.length, error: errors[0] };
  const t = runs.map((r) => r.t), nav = runs.map((r) => r.done);
  const worst = runs.reduce((a, b) => (b.cls > a.cls ? b : a));
  const phaseNames = [...new Set(runs.flatMap((r) => Object.keys(r.phases || {})))];
  const tbt = runs.map((r) => blocking(r.longTasks));
  return {
    path, warm, loads: runs.length,
    median_ms: round(median(t)), p95_ms: round(p95(t)),
    nav_median_ms: round(median(nav)),
    cls_max: round(Math.max(...runs.map((r) => r.cls)), 4),
    cls_sources: worst.shifts,
    long_tasks: runs.reduce((n, r) => n + r.longTasks.length, 0),
    loads_with_long_task: runs.filter((r) => r.longTasks.length).length,
    longest_task_ms: round(Math.max(0, ...runs.flatMap((r) => r.longTasks))),
    // Each long task as [start since the loader's mark, duration], for attribution.
    long_task_list: runs.flatMap((r) => r.longTasks.map((d, i) => [r.longTaskStarts[i], round(d, 0)])),
    tbt_median_ms: round(median(tbt)), tbt_p95_ms: round(p95(tbt)),
    peak_memory_kb: runs[0].memory === null ? null : Math.max(...runs.map((r) => r.memory)) / 1024,
    phases_median_ms: Object.fromEntries(phaseNames.map((k) => [k, round(median(runs.map((r) => r.phases && r.phases[k])))])),
  };
}
