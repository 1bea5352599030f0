// Every network and signature fault the test server can produce (xtask/src/faults.rs),
// one page load each: no trust claims (the shadow root holds nothing and the mount
// point takes no space), exactly one `[trust-widget] <code>: …` warning, exactly one
// `trust-widget:error` with that code, the page's DOM outside the mount unchanged, no
// uncaught exception and no unhandled rejection. A valid envelope from the same
// server first proves the page, key and server work, so each failure is the fault's.
import { recordEvents, events } from "../../helpers.mjs";
import { demoKeys, dropNetworkLogs, guard, shadowState, stageHtml, widgetPage } from "../../hardening.mjs";

// `network`: console errors Chromium itself logs for that failed request (see
// dropNetworkLogs); anything else logged as an error still fails the case.
const FAULTS = [
  { name: "not-found", code: "http-status", network: [/Failed to load resource: the server responded with a status of 404/] },
  { name: "server-error", code: "http-status", network: [/Failed to load resource: the server responded with a status of 500/] },
  { name: "hang", code: "timeout" },
  { name: "trickle", code: "timeout" },
  { name: "truncated", code: "network", network: [/Failed to load resource: net::ERR_CONTENT_LENGTH_MISMATCH/] },
  { name: "wrong-type", code: "content-type" },
  { name: "huge", code: "too-large" },
  { name: "redirect", code: "redirect" },
  { name: "cors", code: "network", otherOrigin: true,
    network: [/has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header/, /Failed to load resource: net::ERR_FAILED/] },
  { name: "invalid-json", code: "malformed" },
  { name: "wrong-shape", code: "malformed" },
  { name: "expired", code: "expired" },
  // Runs after "valid" (sequence 2) in the same browser context: sequence 1 is a rollback.
  { name: "rollback", code: "rollback" },
  { name: "wrong-key", code: "unknown-key" },
  { name: "tampered", code: "signature-invalid" },
];
const TIMEOUT_MS = 1000; // data-timeout: "hang" and "trickle" fail after 1 s, not 8

export default async function ({ page, url, messages, assert, siteDir }) {
  const key = demoKeys(siteDir)["northwind-outdoor"];
  const stats = async () => (await fetch(url("/faults/stats"))).json();
  const { other_origin: other } = await stats();
  assert.match(other, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.notEqual(other, new URL(url("/")).origin);
  await guard(page);
  await recordEvents(page);

  const load = async (name, manifest) => {
    const path = stageHtml(siteDir, `cases/fault-matrix/${name}.html`, widgetPage({
      title: `Fault: ${name}`,
      head: '<link rel="icon" href="data:,">',
      loader: { manifest, key, market: "US", locale: "en", view: "full", timeout: TIMEOUT_MS },
    }));
    const start = messages.length;
    const started = Date.now();
    await page.goto(url(path));
    await page.waitForFunction(() => window.__tw.length >= 1, null, { timeout: 15000 });
    await page.waitForTimeout(300); // room for a stray second warning or event
    return { start, ms: Date.now() - started };
  };

  // Control: the valid envelope renders (and is remembered as sequence 2).
  {
    const { start } = await load("valid", "/faults/valid");
    assert.deepEqual((await events(page)).map((e) => e.type), ["trust-widget:verified"]);
    const shown = await shadowState(page, "w0");
    assert.ok(shown.text.length > 200 && shown.height > 100, "the control renders trust claims");
    assert.deepEqual(messages.slice(start).filter((m) => m.text.startsWith("[trust-widget]")), []);
  }

  const report = [];
  for (const f of FAULTS) {
    const manifest = f.otherOrigin ? `${other}/faults/${f.name}` : `/faults/${f.name}`;
    const { start, ms } = await load(f.name, manifest);
    const label = `fault ${f.name}`;
    const dropped = dropNetworkLogs(messages, start, f.network || []);
    const seen = messages.slice(start);
    const warnings = seen.filter((m) => m.text.startsWith("[trust-widget]"));
    assert.equal(warnings.length, 1, `${label}: ${JSON.stringify(seen)}`);
    assert.equal(warnings[0].type, "warning", label);
    assert.ok(warnings[0].text.startsWith(`[trust-widget] ${f.code}: `), `${label}: ${warnings[0].text}`);
    assert.deepEqual(seen.filter((m) => m.type === "error"), [], `${label}: console errors`);
    const evs = await events(page);
    assert.deepEqual(evs.map((e) => [e.type, e.detail.code]), [["trust-widget:error", f.code]], label);
    const shown = await shadowState(page, "w0");
    assert.ok(shown.hasRoot, label);
    assert.equal(shown.text, "", `${label}: no trust claims`);
    assert.ok(shown.elements <= 1, `${label}: only the empty container is left (${shown.elements} elements)`);
    assert.equal(shown.height, 0, `${label}: the mount point takes no space`);
    const dom = await page.evaluate(() => ({ before: window.__bodyBefore, after: document.body.outerHTML }));
    assert.ok(dom.before && dom.before.includes("data-trust-widget"), label);
    assert.equal(dom.after, dom.before, `${label}: the page's DOM outside the mount is unchanged`);
    assert.deepEqual(await page.evaluate(() => window.__rejections), [], `${label}: unhandled rejections`);
    let detail = "";
    if (f.name === "huge") {
      // The server counts what it managed to write before the widget went away.
      let s = await stats();
      for (let i = 0; i < 50 && !s.huge_done; i++) { await new Promise((r) => setTimeout(r, 100)); s = await stats(); }
      assert.ok(s.huge_done, "the 10 MB response was cut off, not still streaming");
      assert.ok(s.huge_written < 5_000_000, `the widget stopped reading early: ${s.huge_written} of 10,000,000 bytes written`);
      detail = ` (server wrote ${s.huge_written} of 10000000 bytes)`;
    }
    if (f.code === "timeout") assert.ok(ms < TIMEOUT_MS + 4000, `${label}: gave up after data-timeout (${ms} ms)`);
    if (dropped.length) detail += ` [browser network log: ${dropped.map((m) => m.text.slice(0, 60)).join(" | ")}]`;
    report.push(`${f.name} → ${f.code} in ${ms} ms${detail}`);
  }
  console.log("     " + report.join("\n     "));
}
