// Host isolation. A page with aggressive global CSS (a CSS reset, `html { font-size:
// 10px }`, universal selectors with !important colours, fonts, spacing and text
// styles) renders the widget pixel for pixel like a plain page. The widget's host
// box (width, padding, border, background) is the page's to style, so both pages
// give it the same box. Left out: text-decoration on the host's ancestors, which CSS
// propagates into every descendant box, shadow trees included, and nothing inside
// can undo (crates/views/src/widget.css says so); on the host itself it is pinned like the rest.
// Then, after the widget's elements are removed: no globals beyond `TrustWidget`, no
// stylesheets left in the document (styleSheets, adoptedStyleSheets), no listeners
// left on window.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { recordEvents, events, scrollThrough } from "../../helpers.mjs";
import { demoKeys, guard, stageHtml, whenRendered, widgetPage } from "../../hardening.mjs";

// Absolutely placed at whole pixels. The height is the widget's own and may be
// fractional, so what is compared is the widget's box shrunk to whole pixels
// (`innerBox`): the row a fractional bottom edge half covers also shows whatever the
// page has behind it, which differs between the two pages and is not the widget.
const BOX = `[data-trust-widget] { position: absolute; left: 40px; width: 720px; margin: 0; padding: 0; border: 0; background: #fff; }
#w0 { top: 200px; } #w2 { top: 500px; } #w1 { top: 1200px; }`;
const PLAIN = `body { margin: 0; background: #fff; font: 16px/1.5 system-ui, sans-serif; }\n${BOX}\n`;
const AGGRESSIVE = `/* A CSS reset */
html, body, div, span, h1, h2, p, a, ul, li, header, main, footer, nav, section, img, svg, button {
  margin: 0; padding: 0; border: 0; font-size: 100%; font: inherit; vertical-align: baseline; }
ol, ul { list-style: none; }
*, *::before, *::after { box-sizing: border-box; }
img, svg { display: block; max-width: 100%; }
button { all: unset; }
html { font-size: 10px; }
body { font: 30px/3 monospace !important; color: #0a0 !important; background: #fff; }
/* Universal !important rules */
* {
  color: #f0f !important; font-family: "DejaVu Serif", Georgia, serif !important; font-style: italic !important;
  font-weight: 900 !important; font-variant: small-caps !important; line-height: 3 !important;
  letter-spacing: 2px !important; word-spacing: 9px !important; text-transform: uppercase !important;
  text-align: right !important; text-indent: 20px !important; text-shadow: 2px 2px red !important;
  white-space: pre !important; margin: 7px !important; font-size: 23px !important;
  cursor: crosshair !important; list-style: square inside !important;
  font-kerning: none !important; font-stretch: condensed !important; hyphens: auto !important;
  word-break: break-all !important; overflow-wrap: anywhere !important; tab-size: 16 !important;
  -webkit-text-stroke: 1px blue !important; caret-color: red !important; accent-color: red !important;
}
a, a:visited, p, span, li, [data-trust-widget] { color: red !important; text-decoration: underline wavy !important; }
div { outline: 0 !important; }
/* The host box itself: the same on both pages. */
${BOX.replace(/;/g, " !important;")}
`;

// The mount point's box in document coordinates (`rect`, fractional) and the largest
// whole-pixel box inside it (`clip`): every pixel of `clip` is painted by the widget
// (and its host's background) alone.
const innerBox = (page, id) => page.evaluate((id) => {
  const r = document.getElementById(id).getBoundingClientRect();
  const rect = { left: r.left + scrollX, top: r.top + scrollY, width: r.width, height: r.height };
  const x = Math.ceil(rect.left), y = Math.ceil(rect.top);
  const clip = { x, y, width: Math.floor(rect.left + rect.width) - x, height: Math.floor(rect.top + rect.height) - y };
  return { rect, clip };
}, id);

export default async function ({ page, url, messages, assert, siteDir }) {
  const key = demoKeys(siteDir)["northwind-outdoor"];
  stageHtml(siteDir, "cases/host-isolation/plain.css", PLAIN);
  stageHtml(siteDir, "cases/host-isolation/aggressive.css", AGGRESSIVE);
  const loader = { manifest: "/manifests/northwind-outdoor.json", key, attesters: "/attesters.json", market: "US", locale: "en", product: "tent-ridgeline-2", theme: "light" };
  const mounts = [{ view: "summary" }, { view: "full" }, { view: "returns", market: "DE", locale: "de" }];
  const pageFor = (name) => url(stageHtml(siteDir, `cases/host-isolation/${name}.html`, widgetPage({
    title: `Host isolation (${name})`, mounts, loader,
    head: `<link rel="icon" href="data:,"><link rel="stylesheet" href="/cases/host-isolation/${name}.css">`,
  })));

  await page.emulateMedia({ reducedMotion: "reduce" }); // no carousel rotation between screenshots
  await page.addInitScript(() => {
    // Listeners the widget's code (loader, glue, wasm: all under /widget/) adds and
    // removes; Playwright adds some of its own to window for element screenshots.
    const live = [];
    let added = 0;
    const fromWidget = () => /\/widget\//.test(new Error().stack || "");
    const add = EventTarget.prototype.addEventListener;
    const remove = EventTarget.prototype.removeEventListener;
    const capture = (o) => (typeof o === "boolean" ? o : !!(o && o.capture));
    EventTarget.prototype.addEventListener = function (type, fn, opts) {
      if (fromWidget()) {
        added++;
        if (this === window && fn && !live.some((l) => l.type === type && l.fn === fn && l.capture === capture(opts))) {
          live.push({ type, fn, capture: capture(opts) });
        }
      }
      return add.call(this, type, fn, opts);
    };
    EventTarget.prototype.removeEventListener = function (type, fn, opts) {
      if (this === window) {
        const i = live.findIndex((l) => l.type === type && l.fn === fn && l.capture === capture(opts));
        if (i >= 0) live.splice(i, 1);
      }
      return remove.call(this, type, fn, opts);
    };
    window.__windowListeners = () => live.map((l) => l.type);
    window.__widgetListeners = () => added;
    window.__globalsBefore = Object.keys(window);
  });
  await guard(page);
  await recordEvents(page);

  const shots = {};
  const boxes = {};
  for (const name of ["plain", "aggressive"]) {
    await page.goto(pageFor(name));
    await scrollThrough(page);
    await whenRendered(page, mounts.length);
    await page.evaluate(async () => {
      for (const el of document.querySelectorAll("[data-trust-widget]")) {
        for (const img of el.shadowRoot.querySelectorAll("img")) { img.loading = "eager"; await img.decode().catch(() => {}); }
      }
    });
    assert.deepEqual((await events(page)).map((e) => e.type), mounts.map(() => "trust-widget:verified"), name);
    shots[name] = [];
    boxes[name] = [];
    for (let i = 0; i < mounts.length; i++) {
      const box = await innerBox(page, `w${i}`);
      boxes[name].push(box);
      shots[name].push(await page.screenshot({ fullPage: true, clip: box.clip, animations: "disabled", caret: "hide" }));
    }
  }
  for (let i = 0; i < mounts.length; i++) {
    // The same box to the sub-pixel (the widget's layout is the same), then the same
    // pixels inside it, exactly.
    assert.deepEqual(boxes.aggressive[i].rect, boxes.plain[i].rect, `${mounts[i].view}: the widget's box`);
    const [a, b] = [shots.plain[i], shots.aggressive[i]];
    assert.ok(a.length > 1000, "a real screenshot");
    if (!a.equals(b)) {
      const dir = join(siteDir, "../host-isolation");
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `w${i}-plain.png`), a);
      writeFileSync(join(dir, `w${i}-aggressive.png`), b);
      assert.fail(`${mounts[i].view}: the aggressive page renders the widget differently (screenshots in target/demo/host-isolation/)`);
    }
  }

  // Remove the widgets from the aggressive page and look for what they left behind.
  await page.evaluate(() => document.querySelectorAll("[data-trust-widget]").forEach((el) => el.remove()));
  await page.waitForTimeout(300);
  const left = await page.evaluate(() => ({
    globals: Object.keys(window).filter((k) => !window.__globalsBefore.includes(k) && !k.startsWith("__")),
    sheets: [...document.styleSheets].map((s) => s.href || "inline"),
    pageSheets: [...document.querySelectorAll("link[rel=stylesheet]")].map((l) => l.href),
    adopted: document.adoptedStyleSheets.length,
    styleElements: document.querySelectorAll("style").length,
    listeners: window.__windowListeners(),
    widgetListeners: window.__widgetListeners(),
    handlers: Object.keys(Object.getOwnPropertyDescriptors(window)).filter((k) => k.startsWith("on") && window[k] !== null),
  }));
  assert.deepEqual(left.globals, ["TrustWidget"], "globals");
  assert.deepEqual(left.sheets, left.pageSheets, "document stylesheets: only the page's own");
  assert.equal(left.adopted, 0, "document.adoptedStyleSheets");
  assert.equal(left.styleElements, 0, "<style> elements");
  assert.ok(left.widgetListeners > 0, "the listener count sees the widget's own listeners (on its elements)");
  assert.deepEqual(left.listeners, [], "window listeners");
  assert.deepEqual(left.handlers, [], "window on* handlers");
  assert.deepEqual(messages.filter((m) => m.type === "error"), []);
}
