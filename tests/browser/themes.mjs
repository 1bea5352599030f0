// The README's own embed on pages styled by real themes' global stylesheets
// (tests/browser/themes/: Shopify's Dawn, a Bootstrap shop theme, Tailwind's
// Preflight; each file names its source, commit and licence). One case per theme
// (cases/theme-*), each on a product page with the loader held until the page has
// painted (an async script from a CDN usually arrives later than that; before it
// runs, the mount point is the page's alone), twice:
//   - the snippet alone, exactly as README.md has it (read from it, so the test
//     follows the docs): the widget verifies, shows its view, the mount point is
//     displayed, nothing is logged (on Dawn, before the loader's `claim`, it stayed
//     hidden by `div:empty` and never started);
//   - the snippet with the README's reserved-height CSS: the same, and the
//     cumulative layout shift is exactly 0 from the first paint on.
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { recordEvents, recordLayoutShifts, events, rendered } from "./helpers.mjs";
import { demoKeys, stageHtml } from "./hardening.mjs";

const here = dirname(fileURLToPath(import.meta.url));

// The first ```lang block after `heading` in README.md.
function readmeBlock(heading, lang) {
  const readme = readFileSync(join(here, "../../README.md"), "utf8");
  const from = readme.indexOf(heading);
  if (from < 0) throw new Error(`README.md has no "${heading}"`);
  const m = readme.slice(from).match(new RegExp("```" + lang + "\\n([\\s\\S]*?)```"));
  if (!m) throw new Error(`README.md has no ${lang} block after "${heading}"`);
  return m[1];
}

// Replaces `from` with `to` in `text`, insisting that `from` is there.
function swap(text, from, to) {
  if (!text.includes(from)) throw new Error(`the README snippet no longer contains ${from}`);
  return text.replaceAll(from, to);
}

export function themeCase(themeFile) {
  return async function ({ page, url, messages, assert, siteDir }) {
    const name = themeFile.replace(/\.css$/, "");
    let snippet = readmeBlock("## Embed it (script tag)", "html");
    snippet = swap(snippet, "https://cdn.example/trust-widget/1/loader.js", "/widget/loader.js");
    snippet = swap(snippet, "/.well-known/trust-manifest.json", "/manifests/northwind-outdoor.json");
    snippet = swap(snippet, "ed25519:BASE64_PUBLIC_KEY", demoKeys(siteDir)["northwind-outdoor"]);
    snippet = swap(snippet, "SKU-OR-HANDLE", "tent-ridgeline-2");
    const reserve = readmeBlock("**No layout shift.**", "css");
    stageHtml(siteDir, `cases/themes/${themeFile}`, readFileSync(join(here, "themes", themeFile), "utf8"));
    stageHtml(siteDir, "cases/themes/readme.css", reserve);
    const text = (n) => Array.from({ length: n }, (_, i) => `<p>Paragraph ${i + 1} of the product description: a two-person tent, 1.5 kg, two doors, two vestibules, a 3000 mm fly and a bathtub floor.</p>`).join("\n");
    const pageWith = (file, css) => stageHtml(siteDir, `cases/theme-${name}/${file}`, `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ridgeline 2 Ultralight Tent (${name})</title><link rel="icon" href="data:,">
${css.map((c) => `<link rel="stylesheet" href="/cases/themes/${c}">`).join("\n")}
</head>
<body>
<header><nav><a href="/">Home</a> <a href="/cart">Cart (0)</a></nav></header>
<main>
<h1>Ridgeline 2 Ultralight Tent</h1>
<p>$ 389.00</p>
${snippet}
${text(12)}
</main>
<footer><p>Prices include VAT.</p></footer>
</body>
</html>
`);

    await recordEvents(page);
    await recordLayoutShifts(page);
    // The loader's request is held; `held` resolves with the function that lets it go.
    let holding;
    await page.route("**/widget/loader.js", async (route) => {
      await new Promise((go) => holding(go));
      await route.continue();
    });
    for (const [file, css] of [["snippet.html", [themeFile]], ["reserved.html", [themeFile, "readme.css"]]]) {
      const label = `${name}, ${file}`;
      const held = new Promise((r) => { holding = r; });
      await page.goto(url(pageWith(file, css)), { waitUntil: "commit" });
      await page.waitForFunction(() => performance.getEntriesByType("paint").some((e) => e.name === "first-contentful-paint"));
      (await held)();
      await rendered(page, 1);
      assert.deepEqual((await events(page)).map((e) => e.type), ["trust-widget:verified"], `${label}: the widget verified`);
      const shown = await page.evaluate(() => {
        const el = document.querySelector("[data-trust-widget]");
        return { display: getComputedStyle(el).display, height: el.getBoundingClientRect().height,
          cards: el.shadowRoot.querySelectorAll(".tw-card").length, text: el.shadowRoot.textContent };
      });
      assert.notEqual(shown.display, "none", `${label}: the mount point is displayed`);
      assert.ok(shown.height > 100 && shown.cards > 0, `${label}: the reviews view is on the page (${JSON.stringify({ ...shown, text: shown.text.slice(0, 80) })})`);
      assert.deepEqual(messages.filter((m) => m.text.startsWith("[trust-widget]")), [], `${label}: nothing logged`);
      if (css.includes("readme.css")) {
        // Layout-shift entries are queued; a task after two frames delivers them.
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 50)))));
        const { cls, shifts } = await page.evaluate(() => ({ cls: window.__cls, shifts: window.__shifts }));
        assert.equal(cls, 0, `${label}: CLS ${JSON.stringify(shifts, null, 1)}`);
      }
    }
  };
}
