// Two widgets on one page: one wasm download and instantiation, one manifest request.
import { recordEvents, settled, scrollThrough } from "../../helpers.mjs";

export default async function ({ page, url, assert }) {
  await recordEvents(page);
  await page.addInitScript(() => {
    window.__instantiations = 0;
    for (const name of ["instantiate", "instantiateStreaming"]) {
      const original = WebAssembly[name];
      WebAssembly[name] = function (...args) {
        window.__instantiations++;
        return original.apply(this, args);
      };
    }
  });
  const requests = [];
  page.on("request", (r) => requests.push(new URL(r.url()).pathname));
  await page.goto(url("/"));
  await scrollThrough(page);
  await settled(page, 2);
  const count = (re) => requests.filter((p) => re.test(p)).length;
  assert.equal(await page.evaluate(() => document.querySelectorAll("[data-trust-widget]").length), 2);
  assert.equal(count(/\.wasm$/), 1, requests.join("\n"));
  assert.equal(count(/^\/manifests\//), 1, requests.join("\n"));
  assert.equal(await page.evaluate(() => window.__instantiations), 1);
}
