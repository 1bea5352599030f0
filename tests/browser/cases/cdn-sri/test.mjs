// The CDN layout from `cargo xtask dist`: the script tag with `integrity` loads and
// verifies; a loader whose bytes do not match its integrity is refused by the browser.
// With the loader pinned, every other file it leads to is checked too (issue 12,
// item 7): a copy of the layout with one file changed (the glue, the wasm, or a
// language pack, in turn) and the same pinned loader fails with `load-failed` (one
// warning, one error event), renders nothing and runs none of the changed code; the
// unchanged layout renders in every language.
import { cpSync, readFileSync, writeFileSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { recordEvents, settled, events } from "../../helpers.mjs";
import { dropNetworkLogs } from "../../hardening.mjs";

// A changed copy that is still a valid file of its kind, so only an integrity check
// can tell: JS that runs and marks the page, a wasm with one more custom section, a
// pack whose "stated by the brand" strings claim a third-party check.
function tamper(file, bytes) {
  if (file.endsWith(".js")) return Buffer.concat([bytes, Buffer.from("\n;globalThis.__tampered = true;\n")]);
  if (file.endsWith(".wasm")) {
    const name = Buffer.from("tampered");
    const body = Buffer.concat([Buffer.from([name.length]), name, Buffer.from("x")]);
    return Buffer.concat([bytes, Buffer.from([0, body.length]), body]);
  }
  const strings = JSON.parse(bytes.toString("utf8"));
  return Buffer.from(JSON.stringify(strings.map((s, i) => (i % 2 ? "Verified by TÜV" : s))));
}

export default async function ({ page, url, siteDir, messages, assert }) {
  const cdnRoot = join(siteDir, "../../dist/cdn");
  cpSync(cdnRoot, join(siteDir, "cdn"), { recursive: true });
  const [version] = readdirSync(join(cdnRoot, "trust-widget"));
  const layout = join(cdnRoot, "trust-widget", version);
  const dir = `/cdn/trust-widget/${version}`;
  const integrity = JSON.parse(readFileSync(join(layout, "integrity.json"), "utf8"));
  const key = JSON.parse(readFileSync(join(siteDir, "keys.json"), "utf8"))["northwind-outdoor"];
  const page_ = (sri, base = dir, locale = "en") => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>cdn</title>
<link rel="icon" href="data:,"></head><body><div data-trust-widget id="w" data-view="summary"></div>
<script async src="${base}/loader.js" integrity="${sri}" crossorigin="anonymous"
 data-manifest="/manifests/northwind-outdoor.json" data-key="${key}" data-attesters="/attesters.json"
 data-market="US" data-locale="${locale}"></script></body></html>`;
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

  // Every language pack renders from the unchanged layout.
  const packs = Object.keys(integrity).filter((f) => f.endsWith(".json"));
  assert.ok(packs.length >= 9, `language packs in integrity.json: ${packs}`);
  const tagOf = (file) => file.replace(/^.*\//, "").replace(/\.json$/, "");
  for (const pack of packs) {
    writeFileSync(join(siteDir, "cdn-page", `${tagOf(pack)}.html`), page_(integrity["loader.js"], dir, tagOf(pack)));
    await page.goto(url(`/cdn-page/${tagOf(pack)}.html`));
    await settled(page, 1);
    assert.deepEqual((await events(page)).map((e) => e.type), ["trust-widget:verified"], pack);
    assert.equal(await page.evaluate(() => document.getElementById("w").shadowRoot.querySelector(".tw-view").getAttribute("lang")),
      tagOf(pack), `${pack}: the view speaks its language`);
  }

  // One file changed at a time, the loader unchanged and pinned.
  const swaps = Object.keys(integrity).filter((f) => f !== "loader.js");
  assert.ok(swaps.some((f) => f.endsWith(".js")) && swaps.some((f) => f.endsWith(".wasm")), swaps.join(" "));
  for (const [i, file] of swaps.entries()) {
    const copy = join(siteDir, "cdn-swap", String(i), "trust-widget", version);
    rmSync(copy, { recursive: true, force: true });
    cpSync(layout, copy, { recursive: true });
    writeFileSync(join(copy, file), tamper(file, readFileSync(join(layout, file))));
    const locale = file.endsWith(".json") ? tagOf(file) : "en";
    writeFileSync(join(siteDir, "cdn-page", `swap-${i}.html`),
      page_(integrity["loader.js"], `/cdn-swap/${i}/trust-widget/${version}`, locale));
    const from = messages.length;
    await page.goto(url(`/cdn-page/swap-${i}.html`));
    await settled(page, 1);
    await page.waitForTimeout(300); // a second event or warning would show up
    const evs = (await events(page)).map((e) => [e.type, e.detail.code]);
    assert.deepEqual(evs, [["trust-widget:error", "load-failed"]], `${file} changed`);
    // The browser reports the blocked file itself (an error naming the integrity).
    dropNetworkLogs(messages, from, [/integrity|digest/i]);
    const said = messages.slice(from);
    assert.equal(said.length, 1, `${file}: ${JSON.stringify(said)}`);
    assert.match(said[0].text, /^\[trust-widget\] load-failed: /, file);
    const shown = await page.evaluate(() => {
      const root = document.getElementById("w").shadowRoot;
      return { text: root ? root.textContent : "", tampered: !!globalThis.__tampered };
    });
    assert.deepEqual(shown, { text: "", tampered: false }, `${file}: nothing rendered, nothing of it ran`);
  }
}
