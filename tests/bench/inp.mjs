// Interaction to next paint of every widget control, from the Event Timing API
// (the same entries web-vitals' INP reads): for each interaction, the longest
// entry sharing its interactionId, from the input's timestamp to the next paint
// after its handlers ran. Entries under 16 ms are not reported by the API (its
// smallest durationThreshold); such an interaction counts as 16 ms (an upper bound).
import { throttledPage, instrument, median, p95, round } from "./lib.mjs";

function observeEvents() {
  window.__events = [];
  new PerformanceObserver((l) => l.getEntries().forEach((e) => {
    if (e.interactionId) window.__events.push({ id: e.interactionId, name: e.name, start: e.startTime, duration: e.duration,
      delay: e.processingStart - e.startTime, processing: e.processingEnd - e.processingStart });
  })).observe({ type: "event", durationThreshold: 16, buffered: true });
}

/// Runs `act` and returns its interaction's duration (and where it went).
async function timed(page, act) {
  const t0 = await page.evaluate(() => performance.now());
  await act();
  // The entry is reported after the next paint; wait for it (or for a quiet 1 s).
  const found = await page.evaluate(async (t0) => {
    for (let i = 0; i < 40; i++) {
      const mine = window.__events.filter((e) => e.start >= t0);
      if (mine.length) {
        await new Promise((r) => setTimeout(r, 100)); // the interaction's later events (pointerup, click)
        const all = window.__events.filter((e) => e.start >= t0);
        return all.reduce((a, b) => (b.duration > a.duration ? b : a));
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    return null;
  }, t0);
  return found ? { ms: found.duration, name: found.name, delay: round(found.delay), processing: round(found.processing) } : { ms: 16, name: "<16" };
}

const sel = {
  pause: ".tw-rotation",
  prev: ".tw-carousel-controls > button.tw-icon-button:not(.tw-rotation) >> nth=0",
  next: ".tw-carousel-controls > button.tw-icon-button:not(.tw-rotation) >> nth=-1",
  proof: ".tw-slide-active .tw-chip[aria-haspopup=dialog]",
  close: "dialog[open] .tw-dialog-head button",
  stars: ".tw-filters select >> nth=0",
  more: ".tw-more",
};

async function open(context, rate, url) {
  const page = await throttledPage(context, rate);
  await page.addInitScript(instrument);
  await page.addInitScript(observeEvents);
  await page.goto(url, { waitUntil: "commit" });
  await page.evaluate(() => window.__benchDone);
  if (await page.evaluate(() => window.__bench.error)) throw new Error(`${url}: ${await page.evaluate(() => window.__bench.error)}`);
  await page.waitForTimeout(500); // the rest of the view, rendered after a yield
  return page;
}

/// `loads` page loads per condition, every control used `rounds` times in each:
/// the first use in each load runs code not yet compiled, as a shopper's does.
export async function interactions(browser, base, { conditions, loads = 5, rounds = 4 }) {
  const out = [];
  for (const condition of conditions) {
    const samples = {};
    const add = (name, r) => (samples[name] ||= []).push(r);
    for (let i = 0; i < loads; i++) {
      const context = await browser.newContext(condition.context);
      // Ten reviews: the carousel has its dots.
      const page = await open(context, condition.rate, base + "/bench/widget-10.html");
      const tap = (s) => page.locator(s).tap();
      for (let r = 0; r < rounds; r++) {
        add("pause", await timed(page, () => tap(sel.pause)));
        add("play", await timed(page, () => tap(sel.pause)));
        add("next", await timed(page, () => tap(sel.next)));
        add("previous", await timed(page, () => tap(sel.prev)));
        add("dot", await timed(page, () => page.locator(".tw-dot").nth(2 + r).tap()));
        add("open proof", await timed(page, () => tap(sel.proof)));
        add("close proof", await timed(page, () => tap(sel.close)));
        // The rating filter from the keyboard (a tap opens the native picker, which
        // headless Chromium has no way to choose from).
        await page.locator(sel.stars).focus();
        add("filter", await timed(page, () => page.keyboard.press("ArrowDown")));
        add("filter", await timed(page, () => page.keyboard.press("ArrowUp")));
      }
      await page.close();
      // A hundred reviews: windows of 30, so "more" three times.
      const paged = await open(context, condition.rate, base + "/bench/widget-100.html");
      for (let r = 0; r < 3; r++) add("load more", await timed(paged, () => paged.locator(sel.more).tap()));
      await context.close();
    }
    out.push({
      condition: condition.name, loads,
      interactions: Object.fromEntries(Object.entries(samples).map(([name, rs]) => [name, {
        n: rs.length, median_ms: median(rs.map((r) => r.ms)), p95_ms: p95(rs.map((r) => r.ms)), max_ms: Math.max(...rs.map((r) => r.ms)),
        worst: rs.reduce((a, b) => (b.ms > a.ms ? b : a)),
      }])),
    });
  }
  return out;
}
