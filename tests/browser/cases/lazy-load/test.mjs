// The wasm is not requested while the mount point is far below the fold, and is
// once it comes near the viewport.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { recordEvents, settled } from "../../helpers.mjs";

export default async function ({ page, fixture, siteDir, assert }) {
  writeFileSync(join(siteDir, "cases/lazy-load/page.css"), "#spacer { height: 6000px; }\n");
  await recordEvents(page);
  const requests = [];
  page.on("request", (r) => requests.push(new URL(r.url()).pathname));
  await page.goto(fixture);
  await page.waitForLoadState("load");
  await page.waitForTimeout(500);
  assert.equal(requests.filter((p) => p.endsWith(".wasm") || p.startsWith("/manifests/")).length, 0,
    "nothing but the loader is fetched while the widget is far away");
  await page.evaluate(() => document.querySelector("[data-trust-widget]").scrollIntoView());
  await settled(page, 1);
  assert.equal(requests.filter((p) => p.endsWith(".wasm")).length, 1);
}
