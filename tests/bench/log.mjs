// The widget's added first-view cost of a collector's public review log (issue 15),
// run by `cargo xtask bench` (xtask/src/bench_log.rs stages the variant): the same
// brand, reviews and pages with the log (`/log-cases/genuine/`: checkpoint cosigned
// by 2 of 3 witnesses, batch proofs in the page files) and without it
// (`/log-cases/bench-nolog/`), cold, each load in a new context; a second visit
// whose checkpoint grew (`/log-cases/grown/` after `genuine` in the same context:
// the widget proves the two tree heads consistent from the log's tiles); and the
// plain-JS floor (`/bench/floor-10.html`) in the same run. Time is script start to
// the verified render (lib.mjs `instrument`: the log check runs before the verified
// event). Bytes are response bodies as received (the local server does not
// compress). Env: CHROMIUM, BASE_URL, SITE_DIR, OUT_DIR, LOADS.
import { chromium } from "playwright-core";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { CHROME_FLAGS, instrument, measure, median, p95, round, series } from "./lib.mjs";

const { BASE_URL, SITE_DIR, OUT_DIR } = process.env;
const LOADS = Number(process.env.LOADS || 20);
const key = JSON.parse(readFileSync(join(SITE_DIR, "keys.json"), "utf8"))["log-cases"];

// One page per variant, as a storefront embeds the widget (the review-log page test's shape).
mkdirSync(join(SITE_DIR, "bench"), { recursive: true });
const pageFor = (name) => {
  const file = `bench/log-${name}.html`;
  writeFileSync(join(SITE_DIR, file), `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>bench log ${name}</title><link rel="icon" href="data:,"></head><body>
<div data-trust-widget data-view="reviews" data-product="tent-ridgeline-2"></div>
<script async src="/widget/loader.js" data-manifest="/log-cases/${name}/manifest.json" data-key="${key}"
 data-attesters="/log-cases/${name}/attesters.json" data-market="US" data-locale="en"></script>
</body></html>\n`);
  return `${BASE_URL}/${file}`;
};

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: CHROME_FLAGS });

// Requests and body bytes of one load, by kind: the log's tiles, and everything else.
const counted = (page) => {
  const seen = { requests: 0, bytes: 0, tile_requests: 0, tile_bytes: 0, warnings: [] };
  page.on("console", (m) => { if (m.text().startsWith("[trust-widget]")) seen.warnings.push(m.text()); });
  page.on("requestfinished", async (r) => {
    const body = await r.response().then((x) => x && x.body()).catch(() => null);
    const n = body ? body.length : 0;
    seen.requests++; seen.bytes += n;
    if (r.url().includes("/log/tile/")) { seen.tile_requests++; seen.tile_bytes += n; }
  });
  return seen;
};

// `loads` cold first views of `name` (a new context each), with what each fetched.
async function firstViews(name, prime) {
  const url = pageFor(name), primeUrl = prime && pageFor(prime);
  const runs = [];
  for (let i = 0; i < LOADS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(instrument);
    if (primeUrl) await measure(page, primeUrl); // the checkpoint this browser saw before
    const seen = counted(page);
    const r = await measure(page, url);
    await page.waitForTimeout(200); // bodies of the last responses
    if (r.error) throw new Error(`${name}: ${r.error}`);
    if (seen.warnings.length) throw new Error(`${name}: ${seen.warnings[0]}`);
    runs.push({ t: r.t, ...seen });
    await context.close();
  }
  const t = runs.map((r) => r.t);
  const med = (k) => median(runs.map((r) => r[k]));
  return { path: new URL(url).pathname, loads: runs.length, median_ms: round(median(t)), p95_ms: round(p95(t)),
    requests: med("requests"), bytes: med("bytes"), tile_requests: med("tile_requests"), tile_bytes: med("tile_bytes") };
}

const rows = {
  floor: await series(browser, `${BASE_URL}/bench/floor-10.html`, false, { loads: LOADS }),
  without_log: await firstViews("bench-nolog"),
  with_log: await firstViews("genuine"),
  grown: await firstViews("grown", "genuine"),
};
await browser.close();

const added = { ms: round(rows.with_log.median_ms - rows.without_log.median_ms), p95_ms: round(rows.with_log.p95_ms - rows.without_log.p95_ms),
  requests: rows.with_log.requests - rows.without_log.requests, bytes: rows.with_log.bytes - rows.without_log.bytes };
const line = (what, r) => `| ${what} | ${r.median_ms} | ${r.p95_ms} | ${r.requests ?? "–"} | ${r.bytes ?? "–"} | ${r.tile_requests ?? "–"} | ${r.tile_bytes ?? "–"} |`;
const md = `## The review log's added first-view cost (${LOADS} cold loads each, script start to verified render)

| page | median ms | p95 ms | requests | bytes | log tile requests | log tile bytes |
|---|---|---|---|---|---|---|
${line("plain-JS floor (10 reviews)", rows.floor)}
${line("logged collector's pages, log taken out", rows.without_log)}
${line("the same with the log (first visit)", rows.with_log)}
${line("second visit, checkpoint grew (proved from tiles; same context as the first, warm HTTP cache)", rows.grown)}

Added by the log on a first view: ${added.ms} ms median (${added.p95_ms} ms at p95), ${added.requests} requests, ${added.bytes} B
(checkpoint note and batch proofs; body bytes, uncompressed). The log check's code in the wasm is counted by
\`cargo xtask size\`, not here (docs/measurements.md).
`;
writeFileSync(join(OUT_DIR, "log.md"), md);
writeFileSync(join(OUT_DIR, "log.json"), JSON.stringify({ rows, added }, null, 2));
console.log(md);
