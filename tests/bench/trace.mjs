// Chromium tracing over CDP for the phone bench: where a long task goes (the
// trace events inside each main-thread task over 50 ms) and whether V8 wrote or
// used its wasm code cache (`v8.wasm.cachedModule`, `v8.wasm.moduleCacheHit`,
// emitted by Blink's v8_wasm_response_extensions.cc under devtools.timeline).

export const CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8", "v8.wasm",
  "disabled-by-default-v8.wasm.detailed", "blink.user_timing", "toplevel"];

/// Starts tracing through `page`'s CDP session; `stop()` resolves to the events.
export async function startTrace(context, page, categories = CATEGORIES) {
  const cdp = await context.newCDPSession(page);
  const events = [];
  cdp.on("Tracing.dataCollected", (d) => events.push(...d.value));
  const complete = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
  await cdp.send("Tracing.start", { traceConfig: { includedCategories: categories }, transferMode: "ReportEvents" });
  return {
    async stop() {
      await cdp.send("Tracing.end");
      await complete;
      await cdp.detach().catch(() => {});
      return events;
    },
  };
}

/// The wasm code-cache events of a trace, by name, with their arguments.
export function wasmCacheEvents(events) {
  // Blink's (devtools.timeline) and, from V8 (v8.wasm), the chunk event that calls
  // Blink's caching callback: seeing it without `compiledModule` would put the
  // fault on Blink's side, not seeing it on V8's thresholds.
  const names = new Set(["v8.wasm.streamFromResponseCallback", "v8.wasm.compiledModule", "v8.wasm.cachedModule",
    "v8.wasm.moduleCacheHit", "v8.wasm.moduleCacheInvalid", "v8.wasm.moduleCacheInvalidDigest",
    "wasm.CompilationChunkFinished", "wasm.BaselineFinished"]);
  const found = {};
  for (const e of events) {
    if (!names.has(e.name)) continue;
    (found[e.name] ||= []).push(e.args && e.args.data ? e.args.data : e.args || {});
  }
  return found;
}

/// Main-thread tasks over `limitMs` in a trace, each with the events inside it
/// summed by name (inclusive times; nested events overlap their parents).
export function longTasks(events, limitMs = 50) {
  const main = events.find((e) => e.name === "thread_name" && e.args && e.args.name === "CrRendererMain");
  if (!main) return [];
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === "X" && e.dur != null);
  const tasks = onMain.filter((e) => e.name === "RunTask" && e.dur > limitMs * 1000);
  return tasks.map((task) => {
    const end = task.ts + task.dur;
    const inside = {};
    for (const e of onMain) {
      if (e === task || e.name === "RunTask" || e.ts < task.ts || e.ts + e.dur > end) continue;
      inside[e.name] = (inside[e.name] || 0) + e.dur;
    }
    const top = Object.entries(inside).sort((a, b) => b[1] - a[1]).slice(0, 8)
      .map(([name, us]) => `${name} ${Math.round(us / 100) / 10}`);
    return { ms: Math.round(task.dur / 100) / 10, inside: top };
  });
}
