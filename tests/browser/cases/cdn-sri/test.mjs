// The CDN layout from `cargo xtask dist`: the script tag with `integrity` loads and
// verifies; a loader whose bytes do not match its integrity is refused by the browser.
import { cpSync, readFileSync, writeFileSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { recordEvents, settled, events } from "../../helpers.mjs";

export default async function ({ page, url, siteDir, messages, assert }) {
  const cdnRoot = join(siteDir, "../../dist/cdn");
  cpSync(cdnRoot, join(siteDir, "cdn"), { recursive: true });
  const [version] = readdirSync(join(cdnRoot, "trust-widget"));
  const dir = `/cdn/trust-widget/${version}`;
  const integrity = JSON.parse(readFileSync(join(cdnRoot, "trust-widget", version, "integrity.json"), "utf8"));
  const key = JSON.parse(readFileSync(join(siteDir, "keys.json"), "utf8"))["northwind-outdoor"];
  const page_ = (sri) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>cdn</title>
<link rel="icon" href="data:,"></head><body><div data-trust-widget data-view="summary"></div>
<script async src="${dir}/loader.js" integrity="${sri}" crossorigin="anonymous"
 data-manifest="/manifests/northwind-outdoor.json" data-key="${key}" data-attesters="/attesters.json"></script></body></html>`;
  mkdirSync(join(siteDir, "cdn-page"), { recursive: true });
  writeFileSync(join(siteDir, "cdn-page/index.html"), page_(integrity["loader.js"]));
  writeFileSync(join(siteDir, "cdn-page/bad.html"), page_("sha384-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));

  await recordEvents(page);
  await page.goto(url("/cdn-page/"));
  await settled(page, 1);
  assert.equal((await events(page))[0].type, "trust-widget:verified");

  // Wrong integrity: the browser blocks the loader (and logs an error, which this case expects).
  const before = messages.length;
  await page.goto(url("/cdn-page/bad.html"));
  await page.waitForTimeout(500);
  const blocked = messages.splice(before).filter((m) => m.type === "error");
  assert.ok(blocked.length > 0 && blocked.every((m) => /integrity/i.test(m.text)), JSON.stringify(blocked));
  assert.equal(await page.evaluate(() => typeof window.TrustWidget), "undefined");
}
