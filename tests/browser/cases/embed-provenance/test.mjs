// Embed provenance (issue 12, item 6): page content the merchant did not write
// (reviews or Q&A rendered as HTML by a sanitiser that keeps data- attributes and
// custom elements) places mount points and <trust-widget> elements naming an
// attacker's manifest, key, trust list or a data: URL. Only the merchant's own
// configuration (the loader's script tag) sets trust options; a mount point or
// element may set presentation options, a key or trust list only if that
// configuration names it (data-key, data-attesters, data-allow), and a manifest
// only on the origin of one it names. Checks:
// - injected widgets show nothing (one `config` warning and error event each, and
//   an attacker's manifest on the shop's own origin fails against the merchant's
//   key), no widget verifies with the attacker's key, the attacker's origin gets no
//   request, and the merchant's widgets (and an injected mount point that sets only
//   presentation options) still verify;
// - the same attacker markup verifies once the merchant lists its manifest and key
//   (a site builder naming a second brand), so the refusal above is the rule's;
// - data:, blob: and javascript: URLs are refused with `config` before the wasm is
//   even fetched, and by the wasm itself when handed one directly.
import { createHash, generateKeyPairSync } from "node:crypto";
import { events } from "../../helpers.mjs";
import { demoKeys, fresh, guard, signWith, stageHtml, stagedManifest } from "../../hardening.mjs";

const keyId = (key) => createHash("sha256").update(Buffer.from(key.replace(/^ed25519:/, ""), "base64")).digest("hex").slice(0, 16);
const DIR = "cases/embed-provenance";

export default async function ({ page, url, messages, assert, siteDir }) {
  const keys = demoKeys(siteDir);
  const merchant = keys["northwind-outdoor"];

  // The attacker's key and a manifest it signs: valid, fresh, allowed on this origin.
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const attackerKey = "ed25519:" + Buffer.from(publicKey.export({ format: "jwk" }).x, "base64url").toString("base64");
  const manifest = fresh(stagedManifest(siteDir));
  manifest.issuer = { ...manifest.issuer, id: "attacker-outlet", name: "Attacker Outlet" };
  stageHtml(siteDir, `${DIR}/attacker.json`, signWith(privateKey)(manifest));
  const attackerManifest = `/${DIR}/attacker.json`;
  // The attacker's own origin: the same server under another host name.
  const elsewhere = new URL(url("/")).origin.replace("127.0.0.1", "localhost");
  const attackerSite = elsewhere + attackerManifest;
  const envelope = encodeURIComponent(signWith(privateKey)(manifest));

  await guard(page);
  await page.addInitScript(() => {
    window.__tw = [];
    for (const type of ["trust-widget:verified", "trust-widget:error"]) {
      document.addEventListener(type, (e) => window.__tw.push({ type, id: e.target.id, detail: e.detail }), true);
    }
  });
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));

  const loader = (attrs) => `<script async src="/widget/loader.js" data-manifest="/manifests/northwind-outdoor.json"
        data-key="${merchant}" data-attesters="/attesters.json" data-market="US" data-locale="en"${attrs || ""}></script>`;
  const injected = `<section class="reviews"><h2>Reviews</h2>
<div class="review" id="r1"><p>Great tent!</p><div data-trust-widget id="inj-both" data-view="summary" data-manifest="${attackerSite}" data-key="${attackerKey}"></div></div>
<div class="review"><div data-trust-widget id="inj-key" data-view="summary" data-key="${attackerKey}"></div></div>
<div class="review"><div data-trust-widget id="inj-manifest" data-view="summary" data-manifest="${attackerSite}"></div></div>
<div class="review"><div data-trust-widget id="inj-same-origin" data-view="summary" data-manifest="${attackerManifest}"></div></div>
<div class="review"><div data-trust-widget id="inj-same-origin-key" data-view="summary" data-manifest="${attackerManifest}" data-key="${attackerKey}"></div></div>
<div class="review"><div data-trust-widget id="inj-attesters" data-view="summary" data-attesters="/${DIR}/attesters.json"></div></div>
<div class="review"><div data-trust-widget id="inj-timeout" data-view="summary" data-timeout="1000"></div></div>
<div class="review"><div data-trust-widget id="inj-data" data-view="summary" data-manifest="data:application/json,${envelope}" data-key="${attackerKey}"></div></div>
<div class="review"><trust-widget id="inj-el" view="summary" manifest="${attackerSite}" key="${attackerKey}"></trust-widget></div>
<div class="review"><div data-trust-widget id="inj-view" data-view="returns"></div></div>
</section>`;
  const page1 = stageHtml(siteDir, `${DIR}/injected.html`, `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Provenance</title><link rel="icon" href="data:,"></head>
<body><main><h1>Ridgeline 2 tent</h1>
<div data-trust-widget id="merchant" data-view="summary"></div>
<trust-widget id="merchant-el" view="certifications"></trust-widget>
${injected}
</main>
${loader()}
</body></html>`);

  const settle = async (n) => {
    await page.waitForFunction((n) => window.__tw.length >= n, n, { timeout: 15000 });
    await page.waitForTimeout(300);
    return Object.fromEntries((await page.evaluate(() => window.__tw))
      .map((e) => [e.id, e.type === "trust-widget:verified" ? `verified ${e.detail.keyId}` : e.detail.code]));
  };
  const shown = (ids) => page.evaluate((ids) => ids.map((id) => {
    const root = document.getElementById(id).shadowRoot;
    return root ? root.textContent : "";
  }), ids);
  const warnings = () => messages.filter((m) => m.text.startsWith("[trust-widget]")).map((m) => m.text);

  // 1. Injected widgets show nothing; the merchant's widgets verify.
  await page.goto(url(page1));
  const refused = ["inj-both", "inj-key", "inj-manifest", "inj-same-origin-key", "inj-attesters", "inj-timeout", "inj-data", "inj-el"];
  const outcome = await settle(12);
  const ours = `verified ${keyId(merchant)}`;
  const sameOrigin = outcome["inj-same-origin"];
  assert.ok(["unknown-key", "signature-invalid"].includes(sameOrigin), `same-origin attacker manifest: ${sameOrigin}`);
  assert.deepEqual(outcome, {
    "merchant": ours, "merchant-el": ours, "inj-view": ours, "inj-same-origin": sameOrigin,
    ...Object.fromEntries(refused.map((id) => [id, "config"])),
  });
  assert.equal((await page.evaluate(() => window.__tw)).length, 12, "one event per widget");
  assert.deepEqual(await shown([...refused, "inj-same-origin"]), [...refused, 1].map(() => ""), "injected widgets show nothing");
  const w = warnings();
  assert.equal(w.length, refused.length + 1, w.join("\n"));
  assert.equal(w.filter((t) => t.startsWith("[trust-widget] config: ")).length, refused.length, w.join("\n"));
  assert.deepEqual(requests.filter((r) => r.startsWith(elsewhere)), [], "the attacker's origin gets no request");
  messages.length = 0;

  // 2. The merchant lists the attacker's manifest and key (as a site builder lists a
  //    second brand): the same markup verifies with that key. An unlisted key still fails.
  const page2 = stageHtml(siteDir, `${DIR}/allowed.html`, `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Provenance: allowed</title><link rel="icon" href="data:,"></head>
<body><main>
<div data-trust-widget id="merchant" data-view="summary"></div>
<trust-widget id="second" view="summary" manifest="${attackerManifest}" key="${attackerKey}"></trust-widget>
<trust-widget id="unlisted" view="summary" manifest="${attackerManifest}" key="${keys["lumen-skin"]}"></trust-widget>
</main>
${loader(` data-allow="${attackerManifest} ${attackerKey}"`)}
</body></html>`);
  await page.goto(url(page2));
  assert.deepEqual(await settle(3), { "merchant": ours, "second": `verified ${keyId(attackerKey)}`, "unlisted": "config" });
  assert.deepEqual(warnings().length, 1);
  messages.length = 0;

  // 3. Not http(s): refused with `config` before the wasm is fetched, also on the
  //    merchant's own script tag; and by the wasm when given one directly.
  for (const bad of [`data:application/json,${envelope}`, "blob:" + new URL(url("/")).origin + "/0b6a2c1e", "javascript:alert(1)"]) {
    const p = stageHtml(siteDir, `${DIR}/scheme.html`, `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Provenance: scheme</title><link rel="icon" href="data:,"></head>
<body><div data-trust-widget id="w" data-view="summary"></div>
<script async src="/widget/loader.js" data-manifest="${bad}" data-key="${attackerKey}"></script></body></html>`);
    requests.length = 0;
    await page.goto(url(p));
    assert.deepEqual(await settle(1), { w: "config" }, bad);
    assert.equal(requests.filter((r) => r.endsWith(".wasm") || r.startsWith("data:") || r.startsWith("blob:")).length, 0, `${bad}: nothing loaded`);
    assert.deepEqual(await shown(["w"]), [""]);
  }
  assert.equal(warnings().length, 3);
  messages.length = 0;
  await page.goto(url(page1));
  await settle(12);
  const direct = await page.evaluate(async ([manifest, key]) => {
    const glue = await window.TrustWidget.ready;
    const el = document.createElement("div");
    el.id = "direct";
    document.body.append(el);
    glue.mount(el, { manifest, key, view: "summary" });
    return new Promise((resolve) => setTimeout(() => resolve(window.__tw.filter((e) => e.id === "direct").map((e) => e.detail.code)), 300));
  }, [`data:application/json,${envelope}`, attackerKey]);
  assert.deepEqual(direct, ["config"], "the wasm refuses a data: manifest itself");
  assert.ok(warnings().some((t) => t.startsWith("[trust-widget] config: data: URLs are not fetched")), warnings().join("\n"));
}
