// A manifest whose allowed_origins leave out the page's origin (signed for
// https://shop.elsewhere.example only): embedded here, it shows nothing.
import { recordEvents, events } from "../../helpers.mjs";
import { demoKeys, guard, shadowState, stageHtml, widgetPage } from "../../hardening.mjs";

export default async function ({ page, url, messages, assert, siteDir }) {
  const key = demoKeys(siteDir)["northwind-outdoor"];
  const path = stageHtml(siteDir, "cases/origin-not-allowed/index.html", widgetPage({
    title: "Someone else's shop", head: '<link rel="icon" href="data:,">',
    loader: { manifest: "/faults/origin-not-allowed", key, view: "full", market: "US", locale: "en" },
  }));
  await guard(page);
  await recordEvents(page);
  await page.goto(url(path));
  await page.waitForFunction(() => window.__tw.length >= 1, null, { timeout: 15000 });
  await page.waitForTimeout(300);
  const origin = new URL(url("/")).origin;
  assert.deepEqual((await events(page)).map((e) => [e.type, e.detail.code]), [["trust-widget:error", "origin-not-allowed"]]);
  const warnings = messages.filter((m) => m.text.startsWith("[trust-widget]"));
  assert.equal(warnings.length, 1);
  assert.ok(warnings[0].text.startsWith("[trust-widget] origin-not-allowed: ") && warnings[0].text.includes(origin), warnings[0].text);
  const shown = await shadowState(page, "w0");
  assert.equal(shown.text, "");
  assert.equal(shown.height, 0);
  assert.equal(await page.evaluate(() => localStorage.length), 0, "a refused manifest's sequence is not remembered");
}
