// The collector's public log (issue 15), in real Chromium, with the fixtures
// `cargo xtask` stages under /log-cases/ (xtask/src/site/log_cases.rs: one log,
// signed and cosigned at staging time, in several versions). The trust list
// names the log's key, its tiles and 2 of 3 witnesses. Each attack shows nothing
// from that collector and logs exactly one `[trust-widget] log-invalid:` warning;
// the genuine log and a consistent later one show its reviews.
import { recordEvents, events } from "../../helpers.mjs";
import { demoKeys, guard, shadowState, stageHtml, widgetPage } from "../../hardening.mjs";

const MEMORY = "trust-widget:log:reviews.log-cases.test/log";

export default async function ({ page, context, url, messages, assert, siteDir }) {
  const key = demoKeys(siteDir)["log-cases"];
  const pageFor = (name) => url(stageHtml(siteDir, `cases/review-log/${name}.html`, widgetPage({
    title: `Review log: ${name}`, head: '<link rel="icon" href="data:,">',
    mounts: [{ view: "reviews", product: "tent-ridgeline-2" }],
    loader: { manifest: `/log-cases/${name}/manifest.json`, key, attesters: `/log-cases/${name}/attesters.json`,
      market: "US", locale: "en" },
  })));
  const tiles = [];
  // Loads `name` in `p`; returns what the collector's reviews look like there.
  const visit = async (p, name) => {
    const start = messages.length;
    const before = tiles.length;
    await p.goto(pageFor(name));
    await p.waitForFunction(() => (window.__tw || []).length >= 1, null, { timeout: 15000 });
    const ev = (await events(p)).map((e) => e.type);
    // Rendering follows the event: give the reviews a moment to appear.
    await p.waitForFunction(() => /Log Shopper/.test(document.querySelector("#w0")?.shadowRoot?.textContent || ""),
      null, { timeout: 1500 }).catch(() => {});
    const text = (await shadowState(p, "w0")).text;
    const warnings = messages.slice(start).filter((m) => m.text.startsWith("[trust-widget]")).map((m) => m.text);
    return { ev, shows: /Log Shopper/.test(text), warnings, tiles: tiles.slice(before),
      memory: await p.evaluate((k) => localStorage.getItem(k), MEMORY) };
  };
  const opened = [];
  const browser = async () => {
    const ctx = await context.browser().newContext();
    opened.push(ctx);
    const p = await ctx.newPage();
    p.on("console", (m) => messages.push({ type: m.type(), text: m.text() }));
    p.on("pageerror", (e) => messages.push({ type: "error", text: `uncaught: ${e.message}` }));
    p.on("request", (r) => { if (r.url().includes("/log/tile/")) tiles.push(r.url()); });
    await guard(p);
    await recordEvents(p);
    return p;
  };
  const shown = (r, what) => {
    assert.deepEqual(r.ev, ["trust-widget:verified"], `${what}: the manifest verifies`);
    assert.ok(r.shows, `${what}: the collector's reviews are shown`);
    assert.deepEqual(r.warnings, [], `${what}: no warning`);
  };
  const refused = (r, what, pattern) => {
    assert.deepEqual(r.ev, ["trust-widget:verified"], `${what}: the brand's own manifest still verifies`);
    assert.ok(!r.shows, `${what}: nothing from the collector is shown`);
    assert.equal(r.warnings.length, 1, `${what}: one warning: ${JSON.stringify(r.warnings)}`);
    assert.match(r.warnings[0], /^\[trust-widget\] log-invalid: /, what);
    assert.match(r.warnings[0], pattern, what);
  };

  // A fork in one browser, in sequence: the genuine checkpoint is remembered;
  // another root for the same size is refused without a request; the genuine
  // one still shows afterwards (the fork was not remembered).
  const a = await browser();
  const genuine = await visit(a, "genuine");
  shown(genuine, "genuine");
  assert.match(genuine.memory, /^305 /, "the checkpoint is remembered");
  assert.deepEqual(genuine.tiles, [], "a first visit fetches no tile");
  const fork = await visit(a, "fork");
  refused(fork, "fork after genuine", /fork: two roots for size 305/);
  assert.deepEqual(fork.tiles, [], "a same-size fork needs no request");
  assert.equal(fork.memory, genuine.memory, "the fork is not remembered");
  shown(await visit(a, "genuine"), "genuine again");

  // A fork given to two browsers: the second has no memory, but honest witnesses
  // never cosign the fork, and their lines from the genuine checkpoint do not
  // verify over it.
  const b = await browser();
  refused(await visit(b, "fork-lifted"), "fork in another browser", /signature by w\d\.log-cases\.test does not verify/);

  // The log grows consistently: proved from a few tiles, then remembered.
  const c = await browser();
  shown(await visit(c, "genuine"), "genuine (c)");
  const grown = await visit(c, "grown");
  shown(grown, "grown");
  assert.ok(grown.tiles.length >= 1 && grown.tiles.length <= 4, `a few tiles: ${grown.tiles}`);
  assert.match(grown.memory, /^308 /, "the larger checkpoint is remembered");
  // A log rebuilt without a review (grown past the remembered size, cosigned):
  // its tiles do not give the root this browser saw.
  const e = await browser();
  shown(await visit(e, "genuine"), "genuine (e)");
  const deleted = await visit(e, "deleted-review");
  refused(deleted, "deleted review", /not consistent with size 305 seen before/);
  assert.ok(deleted.tiles.length >= 1, "proved from its tiles");

  const d = await browser();
  refused(await visit(d, "missing-cosignature"), "missing cosignature", /1 of the required 2 witness cosignatures/);
  refused(await visit(d, "stale"), "stale checkpoint", /stale/);
  refused(await visit(d, "rewritten-leaf"), "rewritten leaf", /reviews \([^)]*log-r1[^)]*\) are not all in the log/);
  // What a log cannot do alone: a browser that saw nothing before cannot tell the
  // rebuilt log from the genuine one (witnesses and memory are what catch it).
  shown(await visit(await browser(), "deleted-review"), "deleted review, first visit");
  for (const ctx of opened) await ctx.close();
}
