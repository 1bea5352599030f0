// The Yew component in a Yew application (examples/yew-app, built by the xtask
// into /yew-app/): it verifies and renders, and a prop change re-renders it.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { recordEvents, settled, events } from "../../helpers.mjs";

export default async function ({ page, url, siteDir, assert }) {
  const key = JSON.parse(readFileSync(join(siteDir, "keys.json"), "utf8"))["northwind-outdoor"];
  const index = join(siteDir, "yew-app/index.html");
  writeFileSync(index, readFileSync(index, "utf8").replaceAll("{{KEY}}", key));
  await recordEvents(page);
  await page.goto(url("/yew-app/"));
  await settled(page, 1);
  assert.equal((await events(page))[0].type, "trust-widget:verified");
  const text = () => page.evaluate(() => document.querySelector(".trust-widget-host").shadowRoot.textContent);
  assert.match(await text(), /1,284|reviews/i);
  await page.click("#german");
  await settled(page, 2);
  await page.waitForFunction(() => /Bewertungen|Rückgabe/.test(document.querySelector(".trust-widget-host").shadowRoot.textContent));
}
