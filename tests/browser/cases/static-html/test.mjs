// Static HTML (`trustctl render`): a storefront page whose server-side markup holds
// the widget's views (reviews and full, in English, German and Japanese) in
// declarative shadow roots, with content below each. The site staging renders them
// (xtask/src/site.rs, `static/<view>-<locale>.html`) from the signed demo manifest.
//
// - Before the wasm loads (its response is held back), and with JavaScript off, the
//   static views are shown.
// - After `trust-widget:verified`, the live render has replaced them: no static node
//   or <style> is left, the live container shows.
// - No frame ever shows both or neither (checked every animation frame).
// - CLS (PerformanceObserver 'layout-shift', buffered) is exactly 0, and every
//   widget's height and the position of the content below are unchanged to the pixel.
// - The static text equals the live text, widget by widget.
// - A static page whose live manifest was tampered with: the static content is
//   removed (fail closed), one warning, one error event.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { recordEvents, recordLayoutShifts, events, settled, scrollByHalfScreens } from "../../helpers.mjs";

const LABELS = {
  en: { lang: "en", title: "Ridgeline 2 tent", price: "$349.00", reviews: "Reviews", trust: "Why buy from us" },
  de: { lang: "de", title: "Ridgeline 2 Zelt", price: "349,00 €", reviews: "Bewertungen", trust: "Warum bei uns kaufen" },
  ja: { lang: "ja", title: "Ridgeline 2 テント", price: "¥52,800", reviews: "レビュー", trust: "安心してお買い物いただくために" },
};

const CSS = `body { margin: 0; font: 16px/1.5 system-ui, sans-serif; background: #fafaf7; color: #1d2321; }
header { padding: 14px 24px; background: #20352b; color: #fff; font-weight: 700; }
main { max-width: 980px; margin: 0 auto; padding: 16px 24px 48px; }
.product { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; align-items: start; }
.gallery { aspect-ratio: 4 / 3; background: #dfe7dc; border-radius: 8px; }
.price { font-size: 24px; font-weight: 700; }
h2 { font-size: 18px; margin: 32px 0 8px; }
.below { padding: 16px; border: 1px solid #ccd; border-radius: 8px; background: #fff; }
@media (max-width: 600px) { .product { grid-template-columns: 1fr; } }
`;

function stage(siteDir, name, { lang, title, price, reviews, trust }, blocks, manifest = "/manifests/northwind-outdoor.json") {
  const fragment = (f) => readFileSync(join(siteDir, "static", f), "utf8").trim();
  const key = JSON.parse(readFileSync(join(siteDir, "keys.json"), "utf8"))["northwind-outdoor"];
  const html = `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><link rel="icon" href="data:,"><style>${CSS}</style></head>
<body>
<header>Northwind Outdoor</header>
<main>
<div class="product"><div class="gallery" role="img" aria-label="${title}"></div>
<div><h1>${title}</h1><p class="price">${price}</p><p>Two-person, three-season tent; 2.1 kg.</p></div></div>
${blocks.map((b, i) => `<h2>${i ? trust : reviews}</h2>
${fragment(b)}
<p class="below" id="below-${i}">Shipping, size guide and care instructions follow the widget here.</p>`).join("\n")}
</main>
<script async src="/widget/loader.js" data-manifest="${manifest}" data-key="${key}" data-attesters="/attesters.json"></script>
</body>
</html>
`;
  mkdirSync(join(siteDir, "cases", "static-html"), { recursive: true });
  writeFileSync(join(siteDir, "cases", "static-html", `${name}.html`), html);
  return `/cases/static-html/${name}.html`;
}

// Per widget: is static content there, is the live container shown, the static and
// live texts, its height; and the content below, in page coordinates.
const snapshot = (page) => page.evaluate(() => ({
  widgets: [...document.querySelectorAll("trust-widget")].map((el) => {
    const root = el.shadowRoot;
    const stat = root && root.querySelector(".tw-root[data-tw-static]");
    const live = root && root.querySelector(".tw-root:not([data-tw-static]):not([hidden])");
    return {
      static: !!stat, live: !!live,
      staticText: stat ? stat.textContent : null, liveText: live ? live.textContent : null,
      styles: root ? root.querySelectorAll("style").length : 0,
      children: root ? root.childElementCount : 0,
      height: el.getBoundingClientRect().height,
    };
  }),
  below: [...document.querySelectorAll(".below")].map((p) => p.getBoundingClientRect().top + scrollY),
}));

// Records layout shifts, and every animation frame in which a widget shows both its
// static and its live content, or neither (after static content was first seen).
async function instrument(page) {
  await recordLayoutShifts(page);
  await page.addInitScript(() => {
    window.__badFrames = [];
    window.__frames = 0;
    const check = () => {
      window.__frames++;
      document.querySelectorAll("trust-widget").forEach((el, i) => {
        const root = el.shadowRoot;
        if (!root) return;
        const stat = !!root.querySelector(".tw-root[data-tw-static]");
        const live = !!root.querySelector(".tw-root:not([data-tw-static]):not([hidden])");
        if (stat) el.__twSawStatic = true;
        if (el.__twSawStatic && !el.__twFailed && stat === live) window.__badFrames.push({ widget: i, frame: window.__frames, stat, live });
      });
      requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
}

// Holds every .wasm response back until the returned function is called.
async function holdWasm(page) {
  let release;
  const gate = new Promise((r) => (release = r));
  await page.route("**/*.wasm", async (route) => {
    await gate;
    await route.continue();
  });
  return release;
}

const frames = (page, n = 2) => page.evaluate((n) => new Promise((r) => {
  const step = (k) => (k ? requestAnimationFrame(() => step(k - 1)) : setTimeout(r, 50));
  step(n);
}), n);

export default async function ({ page, context, url, messages, assert, siteDir }) {
  const pages = {};
  for (const locale of ["en", "de", "ja"]) {
    pages[locale] = stage(siteDir, locale, LABELS[locale], [`reviews-${locale}.html`, `full-${locale}.html`]);
  }
  pages.tampered = stage(siteDir, "tampered", LABELS.en, ["tampered.html"], "/manifests/tampered.json");

  // Without JavaScript: the static views are there, readable and laid out.
  const noJs = await context.browser().newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  try {
    const p = await noJs.newPage();
    for (const [locale, heading] of [["en", "Customer reviews"], ["de", "Kundenbewertungen"], ["ja", "レビュー"]]) {
      await p.goto(url(pages[locale]));
      const headings = await p.locator("trust-widget .tw-heading").allTextContents();
      assert.ok(headings.some((h) => h.includes(heading)), `${locale} without JS: ${JSON.stringify(headings)}`);
      const box = await p.locator("trust-widget").first().boundingBox();
      assert.ok(box && box.height > 200, `${locale} without JS: the reviews view takes its space (${box && box.height})`);
      // No browser checked anything here: "checked in your browser" keeps its space
      // but is not shown (the live widget, which did check, shows it).
      const claims = await p.evaluate(() => [...document.querySelectorAll("trust-widget")].flatMap((el) =>
        [...el.shadowRoot.querySelectorAll(".tw-footer .tw-browser-check")].map((c) => getComputedStyle(c).visibility)));
      assert.ok(claims.length > 0 && claims.every((v) => v === "hidden"), `${locale} without JS: browser-check claims ${JSON.stringify(claims)}`);
    }
  } finally {
    await noJs.close();
  }

  await recordEvents(page);
  await instrument(page);
  const report = [];
  for (const [width, height] of [[1280, 900], [390, 844]]) {
    await page.setViewportSize({ width, height });
    for (const locale of ["en", "de", "ja"]) {
      const where = `${locale} at ${width}px`;
      const release = await holdWasm(page);
      await page.goto(url(pages[locale]));
      await page.waitForLoadState("domcontentloaded");
      await frames(page);
      const before = await snapshot(page);
      assert.equal(before.widgets.length, 2, where);
      for (const [i, w] of before.widgets.entries()) {
        assert.ok(w.static && !w.live, `${where}: widget ${i} shows its static content before the wasm loads`);
        assert.ok(w.height > 100 && w.staticText.trim().length > 50, `${where}: widget ${i} static content is laid out`);
      }
      release();
      await scrollByHalfScreens(page);
      await settled(page, 2);
      await page.waitForFunction(() => [...document.querySelectorAll("trust-widget")].every((el) =>
        el.shadowRoot.querySelector(".tw-root:not([data-tw-static]):not([hidden]) .tw-view")), null, { timeout: 15000 });
      await frames(page);
      await page.unroute("**/*.wasm");
      const after = await snapshot(page);
      const evs = await events(page);
      assert.deepEqual(evs.map((e) => e.type), ["trust-widget:verified", "trust-widget:verified"], where);
      const { cls, shifts, badFrames, frameCount } = await page.evaluate(() =>
        ({ cls: window.__cls, shifts: window.__shifts, badFrames: window.__badFrames, frameCount: window.__frames }));
      for (const [i, w] of after.widgets.entries()) {
        assert.ok(!w.static && w.live && w.styles === 0 && w.children === 1, `${where}: widget ${i} shows only its live render: ${JSON.stringify(w).slice(0, 200)}`);
        assert.equal(w.liveText, before.widgets[i].staticText, `${where}: widget ${i} live text equals the static text`);
        assert.equal(w.height, before.widgets[i].height, `${where}: widget ${i} keeps its height`);
      }
      const liveClaims = await page.evaluate(() => [...document.querySelectorAll("trust-widget")].flatMap((el) =>
        [...el.shadowRoot.querySelectorAll(".tw-footer .tw-browser-check")].map((c) => getComputedStyle(c).visibility)));
      assert.ok(liveClaims.length > 0 && liveClaims.every((v) => v === "visible"), `${where}: live browser-check claims ${JSON.stringify(liveClaims)}`);
      assert.deepEqual(after.below, before.below, `${where}: the content below stays put`);
      assert.deepEqual(badFrames, [], `${where}: a frame showed both or neither (of ${frameCount})`);
      assert.equal(cls, 0, `${where}: CLS ${JSON.stringify(shifts, null, 1)}`);
      report.push(`${where}: CLS ${cls}, heights ${after.widgets.map((w) => w.height).join(" / ")} px over ${frameCount} frames`);
    }
  }

  // Tampered live manifest: the static content goes, with one warning and one event.
  await page.setViewportSize({ width: 1280, height: 900 });
  const from = messages.length;
  const release = await holdWasm(page);
  await page.goto(url(pages.tampered));
  await frames(page);
  const before = await snapshot(page);
  assert.ok(before.widgets[0].static, "the tampered page's static content shows before the wasm loads");
  await page.evaluate(() => { document.querySelector("trust-widget").__twFailed = true; });
  release();
  await settled(page, 1);
  await page.waitForTimeout(300); // let any stray second warning show up
  await page.unroute("**/*.wasm");
  const [w] = (await snapshot(page)).widgets;
  assert.ok(!w.static && !w.live && w.styles === 0, `nothing of the static view is left: ${JSON.stringify(w)}`);
  assert.equal(await page.evaluate(() => document.querySelector("trust-widget").shadowRoot.textContent.trim()), "");
  const warnings = messages.slice(from).filter((m) => m.text.startsWith("[trust-widget]"));
  assert.equal(warnings.length, 1, JSON.stringify(warnings));
  assert.match(warnings[0].text, /^\[trust-widget\] signature-invalid: /);
  assert.deepEqual((await events(page)).map((e) => [e.type, e.detail.code]), [["trust-widget:error", "signature-invalid"]]);
  console.log(`     ${report.join("\n     ")}`);
}
