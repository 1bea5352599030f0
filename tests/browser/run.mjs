// Page tests: every case in cases/<name>/test.mjs runs against the staged demo site
// in real headless Chromium (Debian's, through playwright-core). `cargo xtask test`
// stages the site, serves it and sets BASE_URL, SITE_DIR and CHROMIUM.
//
// A case exports `default async function ({ page, url, console, fixture, expect })`.
// Any console error fails the case, whatever the case itself checks.
import { chromium } from "playwright-core";
import { readdirSync, readFileSync, mkdirSync, writeFileSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";

const here = dirname(fileURLToPath(import.meta.url));
const BASE_URL = process.env.BASE_URL;
const SITE_DIR = process.env.SITE_DIR;
if (!BASE_URL || !SITE_DIR) {
  console.error("run through `cargo xtask test page` (it stages and serves the site)");
  process.exit(2);
}
const keys = JSON.parse(readFileSync(join(SITE_DIR, "keys.json"), "utf8"));
const only = process.argv.slice(2);

// A case's page.html becomes /cases/<name>/ with {{KEY:<brand>}} filled in.
function stageFixture(name) {
  const src = join(here, "cases", name, "page.html");
  if (!existsSync(src)) return null;
  const html = readFileSync(src, "utf8").replace(/\{\{KEY:([a-z0-9-]+)\}\}/g, (_, b) => keys[b]);
  mkdirSync(join(SITE_DIR, "cases", name), { recursive: true });
  writeFileSync(join(SITE_DIR, "cases", name, "index.html"), html);
  return `${BASE_URL}/cases/${name}/`;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    // A public-looking https host on this machine (signed content may not name
    // loopback hosts): image-privacy serves photos there with a self-signed certificate.
    "--host-resolver-rules=MAP photos.trust-widget.test 127.0.0.1", "--ignore-certificate-errors"],
});

const cases = readdirSync(join(here, "cases")).filter((n) => !only.length || only.some((o) => n.includes(o))).sort();
let failed = 0;
for (const name of cases) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const messages = [];
  page.on("console", (m) => messages.push({ type: m.type(), text: m.text() }));
  page.on("pageerror", (e) => messages.push({ type: "error", text: `uncaught: ${e.message}` }));
  const started = Date.now();
  try {
    const fixture = stageFixture(name);
    const run = (await import(join(here, "cases", name, "test.mjs"))).default;
    await run({ page, context, url: (p) => BASE_URL + p, fixture, messages, assert, siteDir: SITE_DIR });
    const errors = messages.filter((m) => m.type === "error");
    assert.deepEqual(errors, [], "console errors");
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e.stack || e}`);
    for (const m of messages) console.log(`     console.${m.type}: ${m.text}`);
  } finally {
    await context.close();
  }
}
await browser.close();
console.log(`\n${cases.length - failed} of ${cases.length} page tests passed`);
process.exit(failed ? 1 : 0);
