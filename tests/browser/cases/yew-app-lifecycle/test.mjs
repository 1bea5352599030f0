// The Yew `TrustWidget` component (examples/yew-app) whose props change while its
// manifest is still in flight (issue 12, item 10): the test holds the manifest's
// response, switches the app to German (a prop change: the component unmounts and
// mounts again), then lets the response through. Only the final props are heard
// from: one `verified`, the German view, no warning, and the remount kept the
// request under way (one manifest request).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { recordEvents, events } from "../../helpers.mjs";

export default async function ({ page, url, siteDir, messages, assert }) {
  const key = JSON.parse(readFileSync(join(siteDir, "keys.json"), "utf8"))["northwind-outdoor"];
  const index = join(siteDir, "yew-app/index.html");
  writeFileSync(index, readFileSync(index, "utf8").replaceAll("{{KEY}}", key));
  await recordEvents(page);

  let release;
  const released = new Promise((r) => { release = r; });
  const manifests = [];
  await page.route("**/manifests/northwind-outdoor.json", async (route) => {
    manifests.push(route.request().url());
    await released;
    await route.continue();
  });
  const held = page.waitForRequest((r) => r.url().endsWith("/manifests/northwind-outdoor.json"));
  await page.goto(url("/yew-app/"));
  await held;
  // The remount takes the live container out of the shadow root and puts one back
  // (with a new skeleton): watched, so the response is released only after it.
  await page.evaluate(() => {
    window.__removed = 0;
    new MutationObserver((records) => { for (const r of records) window.__removed += r.removedNodes.length; })
      .observe(document.querySelector(".trust-widget-host").shadowRoot, { childList: true });
  });
  await page.click("#german");
  await page.waitForFunction(() => window.__removed > 0 && document.querySelector(".trust-widget-host").shadowRoot.querySelector(".tw-skeleton"));
  release();
  await page.waitForFunction(() => (window.__tw || []).length >= 1, null, { timeout: 15000 });
  await page.waitForFunction(() => /Bewertungen|Rückgabe/.test(document.querySelector(".trust-widget-host").shadowRoot.textContent));
  await page.waitForTimeout(300); // room for a stray event from the first props' load
  assert.deepEqual((await events(page)).map((e) => e.type), ["trust-widget:verified"], "one outcome, for the final props");
  assert.deepEqual(messages.filter((m) => m.text.startsWith("[trust-widget]")), [], "no warning");
  assert.equal(manifests.length, 1, "the remount kept the request under way");
}
