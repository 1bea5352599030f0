// A load ends with its mount (issue 12, item 10). The manifest of the first
// configuration is held by the test server (`/faults/held/<fault>/<id>`, released on
// request: in flight for exactly as long as the case needs) while the options change;
// then it is released. Only the final configuration is ever heard from: one event,
// its content, no stray warning, whenever the abandoned request ends. A request the
// cancelled load itself was waiting for is aborted (case 4 checks it: its first
// mount fetches by itself); one the embed started for a mount replaced before it
// took the request over may also end normally: nothing listens to it any more.
//   1. <trust-widget>: a held tampered manifest replaced by a valid one (before the
//      fix, the old load's failure cleared the new view and logged a warning).
//   2. <trust-widget>: a held valid manifest replaced by a 404 (before: a stray
//      `verified` for a configuration that no longer exists).
//   3. <trust-widget>: same manifest, another view.
//   4. The glue's `mount()` (what the npm `mount()` calls) on a plain element:
//      unmount while held, mount again.
import { demoKeys, dropNetworkLogs, guard, stageHtml } from "../../hardening.mjs";

export default async function ({ page, url, messages, assert, siteDir }) {
  // Held requests are released by id on a server that outlives this run: fresh ids.
  const run = Date.now().toString(36);
  const held = (fault, id) => `/faults/held/${fault}/${id}-${run}`;
  const H = { ce: held("tampered", "ce"), ce2: held("valid", "ce2"), ce3: held("valid", "ce3"), api: held("tampered", "api") };
  const key = demoKeys(siteDir)["northwind-outdoor"];
  // The element may name these manifests: the loader's configuration lists them. A
  // long timeout: a held request must not time out on a busy machine.
  const path = stageHtml(siteDir, "cases/mount-lifecycle/index.html", `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Mount lifecycle</title><link rel="icon" href="data:,"></head>
<body>
<h1>Options that change while the manifest is in flight</h1>
<trust-widget id="ce" key="${key}" attesters="/attesters.json" manifest="${H.ce}" view="summary" market="US" locale="en"></trust-widget>
<div id="api"></div>
<script async src="/widget/loader.js" data-manifest="/faults/valid" data-key="${key}" data-attesters="/attesters.json" data-timeout="30000"
        data-allow="${H.ce} ${H.ce2} ${H.ce3} /faults/not-found"></script>
</body>
</html>
`);
  await guard(page);
  await page.addInitScript(() => {
    window.__heard = [];
    for (const type of ["trust-widget:verified", "trust-widget:error"]) {
      document.addEventListener(type, (e) => window.__heard.push(`${e.target.id} ${type.slice(13)}${e.detail.code ? " " + e.detail.code : ""}`), true);
    }
  });
  const ended = new Map(); // path -> "failed: <error>" | "finished"
  page.on("requestfailed", (r) => ended.set(new URL(r.url()).pathname, `failed: ${r.failure().errorText}`));
  page.on("requestfinished", (r) => ended.set(new URL(r.url()).pathname, "finished"));
  const requested = (p) => page.waitForRequest((r) => new URL(r.url()).pathname === p);
  const heard = () => page.evaluate(() => window.__heard);
  const until = (fn, arg) => page.waitForFunction(fn, arg, { timeout: 15000 });
  // How a held request ended: an abandoned one is aborted by the widget a second
  // after its last load went away (src/fetch.rs), so it is given 5 s to end by
  // itself before the server releases it; one still wanted ends once released. Then
  // a stray event or warning (if the old load were still alive) gets room to show.
  const outcome = async (p, abandoned) => {
    const wait = async (ms) => {
      const deadline = Date.now() + ms;
      while (!ended.has(p) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    };
    if (abandoned) await wait(5000);
    await fetch(url(`/faults/release/${p.split("/").pop()}`));
    await wait(15000);
    await page.waitForTimeout(300);
    return ended.get(p);
  };
  const warnings = () => messages.filter((m) => m.type === "warning" && m.text.startsWith("[trust-widget]")).map((m) => m.text.split(":")[0]);
  const shadowText = (id) => page.evaluate((id) => document.getElementById(id).shadowRoot?.textContent || "", id);
  const returnsShown = (id) => until((id) => document.getElementById(id).shadowRoot?.querySelector(".tw-facts"), id);

  // 1. Held tampered manifest, replaced by a valid one and another view.
  const seen1 = requested(H.ce);
  await page.goto(url(path));
  await seen1;
  await page.evaluate(() => {
    const ce = document.getElementById("ce");
    ce.manifest = "/faults/valid";
    ce.view = "returns";
  });
  await until(() => window.__heard.length >= 1);
  await returnsShown("ce");
  await outcome(H.ce, true);
  assert.deepEqual(await heard(), ["ce verified"], "1: only the final configuration is heard");
  assert.deepEqual(warnings(), [], "1: no warning from the replaced load");
  assert.match(await shadowText("ce"), /return/i, "1: the new view stays");

  // 2. Held valid manifest, replaced by one that fails.
  const seen2 = requested(H.ce2);
  await page.evaluate((m) => { document.getElementById("ce").manifest = m; }, H.ce2);
  await seen2;
  const before404 = messages.length;
  await page.evaluate(() => { document.getElementById("ce").manifest = "/faults/not-found"; });
  await until(() => window.__heard.length >= 2);
  await outcome(H.ce2, true);
  dropNetworkLogs(messages, before404, [/Failed to load resource: the server responded with a status of 404/]);
  assert.deepEqual(await heard(), ["ce verified", "ce error http-status"], "2: one failure, no stray verified");
  assert.deepEqual(warnings(), ["[trust-widget] http-status"], "2: one warning");
  assert.equal(await shadowText("ce"), "", "2: nothing shown");

  // 3. Same held manifest, another view: the request is kept, one outcome.
  const seen3 = requested(H.ce3);
  await page.evaluate((m) => { const ce = document.getElementById("ce"); ce.view = "summary"; ce.manifest = m; }, H.ce3);
  await seen3;
  await until(() => document.getElementById("ce").shadowRoot.querySelector(".tw-skeleton-summary"));
  await page.evaluate(() => { document.getElementById("ce").view = "returns"; });
  await until(() => document.getElementById("ce").shadowRoot.querySelector(".tw-skeleton-returns")); // remounted, still held
  await outcome(H.ce3, false);
  await until(() => window.__heard.length >= 3);
  await returnsShown("ce");
  assert.deepEqual((await heard()).slice(2), ["ce verified"], "3: one outcome");

  // 4. The glue's mount() on a plain element: unmount while held, mount again.
  const seen4 = requested(H.api);
  await page.evaluate(([manifest, key]) => window.TrustWidget.ready.then((m) => {
    window.__api = m.mount(document.getElementById("api"), { manifest, key, attesters: "/attesters.json", view: "summary", market: "US", locale: "en" });
  }), [H.api, key]);
  await seen4;
  await page.evaluate((key) => window.TrustWidget.ready.then((m) => {
    window.__api.unmount();
    window.__api.free();
    window.__api = m.mount(document.getElementById("api"), { manifest: "/faults/valid", key, attesters: "/attesters.json", view: "returns", market: "US", locale: "en" });
  }), key);
  await until(() => window.__heard.length >= 4);
  await returnsShown("api");
  const end4 = await outcome(H.api, true);
  assert.deepEqual((await heard()).slice(3), ["api verified"], "4: only the final configuration is heard");
  assert.match(await shadowText("api"), /return/i, "4: the new view stays");
  assert.equal(end4, "failed: net::ERR_ABORTED", "4: the abandoned request is aborted");

  assert.deepEqual(warnings(), ["[trust-widget] http-status"], "no other warning");
  assert.deepEqual(await page.evaluate(() => window.__rejections), [], "no unhandled rejection");
}
