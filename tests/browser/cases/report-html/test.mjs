// `trustctl report --format html` renders as one self-contained page: a table per
// market and an inline-SVG rating histogram, no request beyond the page itself,
// no console errors (the runner checks those). Leaves a screenshot to look at.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../../..");

export default async function ({ page, url, siteDir, assert }) {
  // siteDir is <target>/demo/site; the xtask builds trustctl into <target>/debug.
  const trustctl = join(siteDir, "../../debug/trustctl");
  const manifest = join(root, "www/manifests/src/northwind-outdoor/manifest.json");
  mkdirSync(join(siteDir, "report"), { recursive: true });
  execFileSync(trustctl, ["report", "--at", "2026-11-22", "--format", "html",
    "-o", join(siteDir, "report/index.html"), manifest]);

  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(url("/report/"));
  assert.deepEqual(requests, [url("/report/")], "the page loads nothing but itself");

  const markets = await page.$$eval("section[id^='m-']", (s) => s.map((e) => ({
    id: e.id,
    tables: e.querySelectorAll("table").length,
    bars: e.querySelectorAll("svg rect").length,
  })));
  assert.ok(markets.length >= 4, `a section per market (${markets.length})`);
  for (const m of markets) {
    assert.ok(m.tables >= 2, `${m.id}: tables`);
    assert.equal(m.bars, 10, `${m.id}: five bars on five tracks`);
  }
  assert.match(await page.textContent("#m-SG"), /chat-support/);

  const out = join(siteDir, "../../screenshots");
  mkdirSync(out, { recursive: true });
  await page.screenshot({ path: join(out, "report-northwind.png"), fullPage: true });
}
