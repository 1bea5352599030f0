// Stability: mount and remove the widget 1,000 times through the loader's API
// (window.TrustWidget.ready resolves to the glue; `mount` / `Mounted.unmount`), each
// time waiting until it verified and rendered, and read the wasm memory's size at
// 100, 500 and 1,000. Wasm memory never shrinks, so a leak shows as growth: the
// last 500 mounts may add less than 10 %.
import { recordEvents, settled } from "../../helpers.mjs";
import { demoKeys, guard, stageHtml, widgetPage } from "../../hardening.mjs";

export default async function ({ page, url, assert, siteDir }) {
  const key = demoKeys(siteDir)["northwind-outdoor"];
  const options = { manifest: "/manifests/northwind-outdoor.json", key, attesters: "/attesters.json", market: "US", locale: "en", product: "tent-ridgeline-2" };
  const path = stageHtml(siteDir, "cases/stability/index.html", widgetPage({
    title: "Stability", head: '<link rel="icon" href="data:,">', mounts: [{ view: "summary" }], loader: options, after: '<div id="bench"></div>',
  }));
  await guard(page);
  await recordEvents(page);
  await page.goto(url(path));
  await settled(page, 1);
  const result = await page.evaluate(async ({ options, n }) => {
    const glue = await window.TrustWidget.ready;
    const bench = document.getElementById("bench");
    const memory = {};
    const started = performance.now();
    for (let i = 1; i <= n; i++) {
      const el = document.createElement("div");
      bench.appendChild(el);
      const outcome = new Promise((resolve) => {
        el.addEventListener("trust-widget:verified", () => resolve("verified"), { once: true });
        el.addEventListener("trust-widget:error", (e) => resolve(e.detail.code), { once: true });
      });
      const mounted = glue.mount(el, { ...options, view: i % 2 ? "full" : "reviews" });
      const code = await outcome;
      if (code !== "verified") return { error: `mount ${i}: ${code}` };
      // The event fires as the view is scheduled; give Yew a turn to render it.
      for (let t = 0; t < 50 && !el.shadowRoot.querySelector(".tw-view"); t++) await new Promise((r) => setTimeout(r, 0));
      if (!el.shadowRoot.querySelector(".tw-view")) return { error: `mount ${i}: nothing rendered` };
      mounted.unmount();
      mounted.free();
      el.remove();
      if (i === 100 || i === 500 || i === 1000) memory[i] = window.TrustWidget.memory.buffer.byteLength;
    }
    return { memory, ms: Math.round(performance.now() - started), left: bench.childElementCount };
  }, { options, n: 1000 });
  assert.equal(result.error, undefined, result.error);
  const m = result.memory;
  const growth = (m[1000] - m[500]) / m[500];
  console.log(`     wasm memory after 100 / 500 / 1000 mounts: ${m[100]} / ${m[500]} / ${m[1000]} bytes ` +
    `(last 500: +${(growth * 100).toFixed(1)} %), ${result.ms} ms`);
  assert.equal(result.left, 0);
  assert.ok(growth < 0.1, `wasm memory keeps growing: +${(growth * 100).toFixed(1)} % over the last 500 mounts`);
}
