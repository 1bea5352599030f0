// Without data-key the widget fetches /.well-known/trust-keys.json from the
// manifest's origin and follows its rotation chain: the demo key set verifies the
// outdoor brand's manifest, does not list the skincare brand's key (unknown-key),
// and after a rotation (version 2: a new signing key, the old one retired) a
// manifest signed with the new key verifies and one signed with the old key no
// longer does. With data-key, no key set is fetched.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { recordEvents, events } from "../../helpers.mjs";
import { demoKeys, guard, shadowState, stageHtml, widgetPage } from "../../hardening.mjs";

const keyId = (key) => createHash("sha256").update(Buffer.from(key.replace(/^ed25519:/, ""), "base64")).digest("hex").slice(0, 16);

export default async function ({ page, url, messages, assert, siteDir }) {
  const trustctl = join(siteDir, "../../debug/trustctl");
  const keysDir = join(siteDir, "../keys");
  const keys = demoKeys(siteDir);
  await guard(page);
  await recordEvents(page);
  const requests = [];
  page.on("request", (r) => requests.push(new URL(r.url()).pathname));
  const open = async (name, loader) => {
    const path = stageHtml(siteDir, `cases/key-set/${name}.html`, widgetPage({
      title: `Key set: ${name}`, head: '<link rel="icon" href="data:,">',
      loader: { view: "summary", market: "US", locale: "en", ...loader },
    }));
    requests.length = 0;
    await page.goto(url(path));
    await page.waitForFunction(() => window.__tw.length >= 1, null, { timeout: 15000 });
    await page.waitForTimeout(200);
    return (await events(page)).map((e) => [e.type, e.detail.code || e.detail.keyId]);
  };
  const fetchedKeySet = () => requests.filter((p) => p === "/.well-known/trust-keys.json").length;

  assert.deepEqual(await open("outdoor", { manifest: "/manifests/northwind-outdoor.json" }),
    [["trust-widget:verified", keyId(keys["northwind-outdoor"])]]);
  assert.equal(fetchedKeySet(), 1, requests.join("\n"));

  const start = messages.length;
  assert.deepEqual(await open("not-listed", { manifest: "/manifests/lumen-skin.json" }), [["trust-widget:error", "unknown-key"]]);
  assert.equal(messages.slice(start).filter((m) => m.text.startsWith("[trust-widget] unknown-key: ")).length, 1);
  assert.equal((await shadowState(page, "w0")).text, "");

  assert.deepEqual(await open("pinned", { manifest: "/manifests/northwind-outdoor.json", key: keys["northwind-outdoor"] }),
    [["trust-widget:verified", keyId(keys["northwind-outdoor"])]]);
  assert.equal(fetchedKeySet(), 0, "a pinned key needs no key set");

  // Rotation: version 2 of the key set, signed by the root (the brand's demo key).
  const tmp = mkdtempSync(join(tmpdir(), "tw-keyset-"));
  const wellKnown = join(siteDir, ".well-known/trust-keys.json");
  const original = readFileSync(wellKnown);
  try {
    const run = (...args) => execFileSync(trustctl, args, { stdio: ["ignore", "pipe", "pipe"] });
    run("keygen", "--out", join(tmp, "rotated"));
    run("keys", "--root", join(keysDir, "northwind-outdoor.key"), "--keys", wellKnown,
      "--add", join(tmp, "rotated.pub"), "--remove", join(keysDir, "northwind-outdoor.pub"), "-o", join(tmp, "trust-keys.json"));
    run("sign", "--key", join(tmp, "rotated.key"), "--sequence", "3",
      join(siteDir, "../work/northwind-outdoor.manifest.json"), "-o", join(siteDir, "cases/key-set/rotated.json"));
    writeFileSync(wellKnown, readFileSync(join(tmp, "trust-keys.json")));
    const rotated = readFileSync(join(tmp, "rotated.pub"), "utf8").trim();
    assert.deepEqual(await open("rotated", { manifest: "/cases/key-set/rotated.json" }), [["trust-widget:verified", keyId(rotated)]]);
    assert.ok((await shadowState(page, "w0")).text.length > 20);
    assert.deepEqual(await open("retired", { manifest: "/manifests/northwind-outdoor.json" }), [["trust-widget:error", "unknown-key"]]);
  } finally {
    writeFileSync(wellKnown, original);
    rmSync(tmp, { recursive: true, force: true });
  }
  assert.deepEqual(await page.evaluate(() => window.__rejections), []);
}
