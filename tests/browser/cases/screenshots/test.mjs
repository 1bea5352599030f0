// Screenshots of the demo pages for people to look at (target/screenshots/).
// Each page must verify all its widgets first, so a screenshot never shows a skeleton.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { recordEvents, settled, scrollThrough, events } from "../../helpers.mjs";

const PAGES = [["/", "outdoor-us-en"], ["/de/", "outdoor-de-de"], ["/jp/", "outdoor-jp-ja"],
  ["/skincare/", "skincare-fr-fr"], ["/electronics/", "electronics-us-en"]];

export default async function ({ page, url, siteDir, assert }) {
  const out = join(siteDir, "../../screenshots");
  mkdirSync(out, { recursive: true });
  await recordEvents(page);
  for (const [path, name] of PAGES) {
    await page.goto(url(path));
    const n = await page.evaluate(() => document.querySelectorAll("[data-trust-widget]").length);
    await scrollThrough(page);
    await settled(page, n);
    assert.ok((await events(page)).every((e) => e.type === "trust-widget:verified"), name);
    await page.waitForTimeout(200);
    await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(url("/"));
  await scrollThrough(page);
  await settled(page, 2);
  await page.screenshot({ path: join(out, "outdoor-us-en-phone.png"), fullPage: true });
}
