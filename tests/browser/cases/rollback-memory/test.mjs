// Rollback memory: the widget remembers the highest sequence per brand root and
// issuer in localStorage and refuses a lower one on a later page load; a stranger
// signing the same issuer id with another key cannot raise that floor; without
// storage (it throws, as in sandboxed frames) it still verifies, it only cannot
// remember.
import { recordEvents, events } from "../../helpers.mjs";
import { demoKeys, guard, shadowState, stageHtml, widgetPage } from "../../hardening.mjs";

export default async function ({ page, context, url, messages, assert, siteDir }) {
  const key = demoKeys(siteDir)["northwind-outdoor"];
  // Kept under the root that verified (the pinned key) and the issuer id.
  const STORE_KEY = `trust-widget:sequence:${key}:northwind-outdoor`;
  const pageFor = (name, manifest, pin = key) => url(stageHtml(siteDir, `cases/rollback-memory/${name}.html`, widgetPage({
    title: `Rollback ${name}`, head: '<link rel="icon" href="data:,">',
    loader: { manifest, key: pin, view: "summary", market: "US", locale: "en" },
  })));
  const seq1 = pageFor("seq1", "/faults/rollback"); // sequence 1
  const seq2 = pageFor("seq2", "/faults/valid"); // sequence 2
  // The same issuer id signed by another key (a stranger on this origin), sequence 999999.
  const stranger = pageFor("stranger", "/faults/stranger-high", demoKeys(siteDir)["lumen-skin"]);
  await guard(page);
  await recordEvents(page);
  const settle = async (p, target) => {
    await p.goto(target);
    await p.waitForFunction(() => window.__tw.length >= 1, null, { timeout: 15000 });
    await p.waitForTimeout(200);
    return (await events(p)).map((e) => [e.type, e.detail.code || e.detail.sequence]);
  };

  // 1 then 2 then 1 again, in one browser context (one localStorage).
  assert.deepEqual(await settle(page, seq1), [["trust-widget:verified", 1]]);
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), STORE_KEY), "1");
  assert.deepEqual(await settle(page, seq2), [["trust-widget:verified", 2]]);
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), STORE_KEY), "2");
  const start = messages.length;
  assert.deepEqual(await settle(page, seq1), [["trust-widget:error", "rollback"]]);
  const warnings = messages.slice(start).filter((m) => m.text.startsWith("[trust-widget]"));
  assert.equal(warnings.length, 1);
  assert.match(warnings[0].text, /^\[trust-widget\] rollback: /);
  assert.equal((await shadowState(page, "w0")).text, "", "nothing shown");
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), STORE_KEY), "2", "the memory is not lowered");
  // An equal sequence is not a rollback.
  assert.deepEqual(await settle(page, seq2), [["trust-widget:verified", 2]]);
  // The stranger's enormous sequence is remembered under its own key only: the
  // brand's widget still verifies its sequence 2 (before, one memory per issuer id
  // made every later brand manifest a "rollback").
  assert.deepEqual(await settle(page, stranger), [["trust-widget:verified", 999999]]);
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), STORE_KEY), "2");
  assert.deepEqual(await settle(page, seq2), [["trust-widget:verified", 2]], "not poisoned");

  // Storage that throws: both verify, nothing is remembered, nothing is thrown.
  const bare = await context.newPage();
  bare.on("console", (m) => messages.push({ type: m.type(), text: m.text() }));
  bare.on("pageerror", (e) => messages.push({ type: "error", text: `uncaught: ${e.message}` }));
  await guard(bare);
  await recordEvents(bare);
  await bare.addInitScript(() => {
    Object.defineProperty(window, "localStorage", { get() { throw new DOMException("denied", "SecurityError"); } });
  });
  assert.deepEqual(await settle(bare, seq2), [["trust-widget:verified", 2]]);
  assert.deepEqual(await settle(bare, seq1), [["trust-widget:verified", 1]], "no memory: no rollback check");
  assert.deepEqual(await bare.evaluate(() => window.__rejections), []);
  await bare.close();
  assert.deepEqual(await page.evaluate(() => window.__rejections), []);
}
