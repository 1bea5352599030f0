// The npm package through a bundler: a Vite app installs the packed tarball
// (`cargo xtask dist`), builds, and renders two widgets in Chromium: the
// <trust-widget> element it registers and a programmatic `mount()`.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { recordEvents, settled, events } from "../../helpers.mjs";

export default async function ({ page, url, siteDir, assert }) {
  const repo = join(siteDir, "../../..");
  const dist = join(repo, "target/dist");
  const tarball = readdirSync(dist).find((f) => /^trust-widget-.*\.tgz$/.test(f));
  assert.ok(tarball, "cargo xtask dist made the npm tarball");
  const work = join(repo, "target/npm-vite");
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
}
