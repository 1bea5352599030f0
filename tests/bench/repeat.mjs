// Repeat visits as they are: one browser profile on disk (HTTP cache and V8's
// code cache on), a first visit in a tab that stays `lingerMs` (a shopper reading
// the page) and closes, then a second visit in a new tab. Each tab is traced to
// see whether V8 wrote its wasm code cache (`v8.wasm.cachedModule`) after the
// first visit and used it (`v8.wasm.moduleCacheHit`) on the second.
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CHROME_FLAGS, throttledPage, instrument, measure, summarise } from "./lib.mjs";
import { startTrace, wasmCacheEvents } from "./trace.mjs";

async function visit(context, rate, url, lingerMs) {
  const page = await throttledPage(context, rate);
  await page.addInitScript(instrument);
  const trace = await startTrace(context, page, ["disabled-by-default-devtools.timeline", "v8.wasm"]);
  const run = await measure(page, url, lingerMs);
  // Whether the wasm came from the HTTP cache (no bytes over the wire).
  const fromHttpCache = await page.evaluate(() => performance.getEntriesByType("resource")
    .filter((e) => /\.wasm$/.test(e.name)).every((e) => e.transferSize === 0));
  const cache = wasmCacheEvents(await trace.stop());
  cache.fromHttpCache = fromHttpCache;
  await page.close();
  return { run, cache };
}

/// `pairs` profiles, each visited twice; first and second visits summarised apart.
export async function repeatVisits(url, { conditions, pairs = 10, lingerMs = 6000 }) {
  const out = [];
  for (const condition of conditions) {
    const first = [], second = [], written = [], hits = [], chunks = [], httpCached = [];
    for (let i = 0; i < pairs; i++) {
      const dir = mkdtempSync(join(tmpdir(), "tw-bench-profile-"));
      const context = await chromium.launchPersistentContext(dir, {
        executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: CHROME_FLAGS, ...condition.context,
      });
      try {
        const a = await visit(context, condition.rate, url, lingerMs);
        const b = await visit(context, condition.rate, url, 300);
        first.push(a.run); second.push(b.run);
        written.push((a.cache["v8.wasm.cachedModule"] || []).map((e) => e.producedCacheSize || 0));
        hits.push((b.cache["v8.wasm.moduleCacheHit"] || []).length > 0);
        chunks.push((a.cache["wasm.CompilationChunkFinished"] || []).length);
        httpCached.push(b.cache.fromHttpCache);
      } finally {
        await context.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }
    out.push({
      condition: condition.name, pairs, linger_ms: lingerMs,
      first: summarise(url, false, first), second: summarise(url, true, second),
      cache_written: written.filter((w) => w.length).length,
      cache_bytes: written.flat(),
      cache_hits: hits.filter(Boolean).length,
      // First visits in which V8 finished a caching chunk (its threshold and
      // timeout met), and repeat visits whose wasm came from the HTTP cache.
      chunk_events: chunks.filter((n) => n > 0).length,
      wasm_from_http_cache: httpCached.filter(Boolean).length,
    });
  }
  return out;
}
