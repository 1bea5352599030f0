// The npm package through a bundler: a Vite app installs the packed tarball
// (`cargo xtask dist`), builds, and renders two widgets in Chromium: the
// <trust-widget> element it registers (its trust options from `configure()`) and a
// programmatic `mount()`; with the emitted wasm changed, both fail `load-failed`.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { recordEvents, settled, events } from "../../helpers.mjs";
import { dropNetworkLogs } from "../../hardening.mjs";

export default async function ({ page, url, siteDir, messages, assert }) {
  // The target directory is SITE_DIR/../.. (CARGO_TARGET_DIR may be anywhere).
  const repo = join(dirname(fileURLToPath(import.meta.url)), "../../../..");
  const target = join(siteDir, "../..");
  const dist = join(target, "dist");
  const tarball = readdirSync(dist).find((f) => /^trust-widget-.*\.tgz$/.test(f));
  assert.ok(tarball, "cargo xtask dist made the npm tarball");
  const work = join(target, "npm-vite");
  rmSync(work, { recursive: true, force: true });
  cpSync(join(repo, "tests/npm-vite"), work, { recursive: true, filter: (p) => !p.includes("node_modules") && !p.includes("/dist") });
  const run = (cmd, args) => execFileSync(cmd, args, { cwd: work, stdio: ["ignore", "pipe", "pipe"] });
  // `npm install`, not `npm ci`: npm 11 writes lock files without the other platforms'
  // optional rollup binaries and then refuses them in `ci`; the lock still pins versions.
  run("npm", ["install", "--no-audit", "--no-fund"]);
  run("npm", ["install", "--no-save", "--no-audit", "--no-fund", join(dist, tarball)]);
  run("npx", ["vite", "build", "--logLevel", "error"]);

  const key = JSON.parse(readFileSync(join(siteDir, "keys.json"), "utf8"))["northwind-outdoor"];
  const served = join(siteDir, "npm-vite");
  rmSync(served, { recursive: true, force: true });
  mkdirSync(served, { recursive: true });
  cpSync(join(work, "dist"), served, { recursive: true });
  const index = join(served, "index.html");
  writeFileSync(index, readFileSync(index, "utf8").replaceAll("{{KEY}}", key));
  assert.ok(readdirSync(join(served, "assets")).some((f) => f.endsWith(".wasm")), "Vite emitted the wasm");

  await recordEvents(page);
  await page.goto(url("/npm-vite/"));
  await settled(page, 2);
  const evs = await events(page);
  assert.deepEqual(evs.map((e) => e.type), ["trust-widget:verified", "trust-widget:verified"]);
  const texts = await page.evaluate(() => ["element", "programmatic"].map((id) => document.getElementById(id).shadowRoot.textContent));
  assert.match(texts[0], /1,284|reviews/i, "the element shows the summary");
  assert.match(texts[1], /Rückgabe|Tage/, "mount() rendered the German returns view");
  assert.ok(existsSync(index));

  // The wasm Vite emitted, changed (one more custom section: still a valid module):
  // the package fetches it with its integrity, so both widgets fail with
  // `load-failed` and show nothing (the browser logs the blocked file itself).
  const wasm = join(served, "assets", readdirSync(join(served, "assets")).find((f) => f.endsWith(".wasm")));
  const name = Buffer.from("tampered");
  const body = Buffer.concat([Buffer.from([name.length]), name, Buffer.from("x")]);
  writeFileSync(wasm, Buffer.concat([readFileSync(wasm), Buffer.from([0, body.length]), body]));
  const from = messages.length;
  await page.goto(url("/npm-vite/"));
  await settled(page, 2);
  await page.waitForTimeout(300);
  assert.deepEqual((await events(page)).map((e) => e.detail.code), ["load-failed", "load-failed"]);
  dropNetworkLogs(messages, from, [/integrity|digest/i]);
  assert.deepEqual(messages.slice(from).map((m) => m.text.replace(/: .*/, "")), ["[trust-widget] load-failed", "[trust-widget] load-failed"]);
  assert.deepEqual(await page.evaluate(() => ["element", "programmatic"].map((id) => (document.getElementById(id).shadowRoot || { textContent: "" }).textContent)), ["", ""]);
}
