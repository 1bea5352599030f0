// <trust-widget>: attributes are options; two instances share one wasm instance and
// one manifest fetch; an attribute change re-renders; an element inserted after
// load works; removal cleans up.
import { recordEvents, settled, events } from "../../helpers.mjs";

export default async function ({ page, fixture, assert }) {
  await recordEvents(page);
  const requests = [];
  page.on("request", (r) => requests.push(new URL(r.url()).pathname));
  await page.goto(fixture);
  await settled(page, 2);
  const text = (id) => page.evaluate((id) => document.getElementById(id).shadowRoot.textContent, id);
  assert.match(await text("a"), /return/i);
  assert.equal(requests.filter((p) => p.endsWith(".wasm")).length, 1, "one wasm download");
  assert.equal(requests.filter((p) => p.startsWith("/manifests/")).length, 1, "one manifest request");

  // Properties reflect attributes; changing the locale re-renders in German.
  await page.evaluate(() => { const a = document.getElementById("a"); a.locale = "de"; a.market = "DE"; });
  assert.equal(await page.evaluate(() => document.getElementById("a").getAttribute("locale")), "de");
  await settled(page, 3);
  await page.waitForFunction(() => /Rückgabe|Tage/.test(document.getElementById("a").shadowRoot.textContent));

  // Inserted after load.
  await page.evaluate((key) => {
    const c = document.createElement("trust-widget");
    c.id = "c";
    Object.assign(c, { manifest: "/manifests/northwind-outdoor.json", key, attesters: "/attesters.json", view: "certifications" });
    document.body.append(c);
  }, await page.evaluate(() => document.getElementById("b").getAttribute("key")));
  await settled(page, 4);
  assert.ok((await events(page)).every((e) => e.type === "trust-widget:verified"));
  assert.equal(requests.filter((p) => p.endsWith(".wasm")).length, 1, "still one wasm download");

  // Removal unmounts: the shadow root is emptied and nothing else is left behind.
  await page.evaluate(() => { window.__c = document.getElementById("c"); window.__c.remove(); });
  assert.equal(await page.evaluate(() => window.__c.shadowRoot.childElementCount), 0);
  // `trustedTypes` is the browser's own; the widget adds exactly one global.
  assert.deepEqual(await page.evaluate(() => Object.keys(window).filter((k) => /trust/i.test(k) && k !== "trustedTypes")), ["TrustWidget"]);
}
