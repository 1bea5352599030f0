// DOM clobbering (issue 12, item 9): page content the merchant did not write (a
// review rendered as HTML whose sanitiser keeps `id` and `name`) names elements
// after the globals the loader relies on. `<a id="TrustWidget">` and friends make
// `window.TrustWidget` an element; `<img name="currentScript" data-key=…>` stands
// in for the loader's own script tag (its URL and its trust options: Document is
// [LegacyOverrideBuiltIns]); `<img name="querySelectorAll">` replaces document's
// methods. Each markup is placed before the loader, after it, and inserted once
// the widgets have loaded: the merchant's widget verifies with the merchant's key,
// window.TrustWidget stays the widget's own object, and an element added later
// still mounts.
import { createHash } from "node:crypto";
import { recordEvents, events } from "../../helpers.mjs";
import { demoKeys, guard, stageHtml } from "../../hardening.mjs";

const keyId = (key) => createHash("sha256").update(Buffer.from(key.replace(/^ed25519:/, ""), "base64")).digest("hex").slice(0, 16);

const CLOBBERS = (other, otherKey) => ({
  anchor: '<a id="TrustWidget" href="#top">TrustWidget</a>',
  form: '<form name="TrustWidget"><input name="claimed"><input name="ready"><input name="started"><input name="memory"></form>',
  img: '<img name="TrustWidget" alt="">',
  // Another brand's trust options, and the loader's own URL as the asset base: if
  // the loader took this for its script, the widget would verify the other brand.
  currentScript: `<img name="currentScript" alt="" src="/widget/loader.js" data-manifest="/manifests/${other}.json" data-key="${otherKey}">`,
  document: '<img name="querySelectorAll" alt=""><img name="querySelector" alt="">' +
    '<img name="head" alt=""><form name="readyState"></form><form name="addEventListener"></form>',
});

// `document.createElement` clobbered: the loader creates its elements through
// Document.prototype, but the wasm's DOM calls (wasm-bindgen's glue, and Yew's, like
// every other script on the page) call methods on the object, so the widget cannot
// render. It must fail closed: one `config` warning and error event, nothing shown,
// no exception escaping to the page.
const FAILS_CLOSED = { createElement: '<img name="createElement" alt="">' };

export default async function ({ page, url, messages, assert, siteDir }) {
  const keys = demoKeys(siteDir);
  const brand = "northwind-outdoor";
  const other = "lumen-skin";
  const clobbers = CLOBBERS(other, keys[other]);
  const ours = ["trust-widget:verified", keyId(keys[brand])];
  await guard(page);
  await recordEvents(page);

  const pageFor = (name, before, after) => stageHtml(siteDir, `cases/dom-clobbering/${name}.html`, `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Clobbering: ${name}</title><link rel="icon" href="data:,"></head>
<body><main>
<section class="reviews"><h2>Customer reviews</h2><div class="review">${before}</div></section>
<div data-trust-widget id="w0" data-view="summary" data-market="US" data-locale="en"></div>
<script async src="/widget/loader.js" data-manifest="/manifests/${brand}.json" data-key="${keys[brand]}"
        data-attesters="/attesters.json"></script>
<section class="qa"><h2>Questions</h2><div class="answer">${after}</div></section>
</main></body></html>`);

  const ownGlobal = () => page.evaluate(() => {
    const own = Object.getOwnPropertyDescriptor(window, "TrustWidget");
    return { own: !!own && own.value === window.TrustWidget, ready: window.TrustWidget && window.TrustWidget.ready instanceof Promise,
      tag: window.TrustWidget && window.TrustWidget.localName ? window.TrustWidget.localName : null };
  });
  const until = async (n) => {
    await page.waitForFunction((n) => window.__tw.length >= n, n, { timeout: 15000 });
    await page.waitForTimeout(200);
    return (await events(page)).map((e) => [e.type, e.detail.code || e.detail.keyId]);
  };

  for (const [name, markup] of [...Object.entries(clobbers), ...Object.entries(FAILS_CLOSED)]) {
    for (const where of ["before", "after"]) {
      const from = messages.length;
      const path = pageFor(`${name}-${where}`, where === "before" ? markup : "", where === "after" ? markup : "");
      await page.goto(url(path));
      const expected = name in FAILS_CLOSED ? ["trust-widget:error", "config"] : ours;
      assert.deepEqual(await until(1), [expected], `${name} ${where} the loader`);
      assert.deepEqual(await ownGlobal(), { own: true, ready: true, tag: null }, `${name} ${where}: window.TrustWidget`);
      const said = messages.splice(from).filter((m) => m.text.startsWith("[trust-widget]"));
      assert.equal(said.length, name in FAILS_CLOSED ? 1 : 0, `${name} ${where}: ${JSON.stringify(said)}`);
      if (name in FAILS_CLOSED) assert.equal(await page.evaluate(() => document.getElementById("w0").shadowRoot.textContent), "");
    }
  }

  // Inserted once the widget has loaded (content rendered late, e.g. more reviews):
  // the global stays the widget's, and a widget added afterwards still mounts.
  await page.goto(url(pageFor("late", "", "")));
  await until(1);
  await page.evaluate((html) => {
    // Created before the markup goes in: it clobbers document.createElement too.
    const div = document.createElement("div");
    const el = document.createElement("trust-widget");
    const main = document.querySelector("main");
    div.setHTMLUnsafe(html);
    document.querySelector(".answer").append(div);
    el.id = "late";
    el.setAttribute("view", "returns");
    main.append(el);
  }, Object.values(clobbers).join(""));
  assert.deepEqual(await until(2), [ours, ours]);
  assert.deepEqual(await ownGlobal(), { own: true, ready: true, tag: null }, "late: window.TrustWidget");
  assert.match(await page.evaluate(() => document.getElementById("late").shadowRoot.textContent), /return/i);

  assert.deepEqual(messages.filter((m) => m.text.startsWith("[trust-widget]")), [], "no warnings");
  assert.deepEqual(await page.evaluate(() => window.__rejections), [], "no unhandled rejections");
}
