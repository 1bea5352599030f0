// Helpers for the hardening cases (fault-matrix, hostile-content, csp, host-isolation,
// stability, rollback-memory, key-set, origin-not-allowed).
import { createPrivateKey, sign as edSign } from "node:crypto";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join, dirname } from "node:path";

export const MANIFEST_TYPE = "application/vnd.trust-widget.manifest.v1+json";

// The demo's public keys by brand (staged by `cargo xtask test` / `demo`).
export const demoKeys = (siteDir) => JSON.parse(readFileSync(join(siteDir, "keys.json"), "utf8"));

// Writes `html` to SITE_DIR/<rel> and returns its URL path.
export function stageHtml(siteDir, rel, html) {
  const file = join(siteDir, rel);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, html);
  return "/" + rel;
}

// A page with one mount point per entry of `mounts` (each an object of data- attributes
// for that mount point) and the loader configured by `loader` (data- attributes).
export function widgetPage({ title = "Shop", mounts = [{}], loader = {}, head = "", before = "", after = "" }) {
  const attrs = (o) => Object.entries(o).filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` data-${k}="${String(v).replace(/&/g, "&amp;").replace(/"/g, "&quot;")}"`).join("");
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>${head}</head>
<body>
<header class="site"><h1>${title}</h1><nav><a href="/">Home</a> <a href="/cart">Cart (0)</a></nav></header>
<main>
${before}
${mounts.map((m, i) => `<div class="slot"><div data-trust-widget id="w${i}"${attrs(m)}></div></div>`).join("\n")}
${after}
</main>
<footer><p>Prices include VAT.</p></footer>
<script async src="/widget/loader.js"${attrs(loader)}></script>
</body>
</html>
`;
}

// Installed before any page script: records unhandled rejections, the body as parsed
// (at DOMContentLoaded, before the widget runs), and a tripwire hostile payloads call.
export async function guard(page) {
  await page.addInitScript(() => {
    window.__rejections = [];
    window.__pwnedCalls = 0;
    window.__pwned = () => { window.__pwnedCalls++; };
    window.addEventListener("unhandledrejection", (e) => window.__rejections.push(String(e.reason && (e.reason.stack || e.reason))));
    document.addEventListener("DOMContentLoaded", () => { window.__bodyBefore = document.body.outerHTML; });
  });
}

// Removes from `messages` (from index `start`) the console errors Chromium's network
// stack logs by itself for a failed request (e.g. "Failed to load resource: the server
// responded with a status of 404"), matching one of `patterns`; returns them. They
// are the browser reporting the request, not the page or the widget failing: the
// widget's own report is its one warning, checked separately.
export function dropNetworkLogs(messages, start, patterns) {
  const dropped = [];
  for (let i = messages.length - 1; i >= start; i--) {
    const m = messages[i];
    if (m.type === "error" && patterns.some((p) => p.test(m.text))) dropped.unshift(...messages.splice(i, 1));
  }
  return dropped;
}

// What a widget shows: text, element count and box, for `#id` (or every mount point).
export const shadowState = (page, id) =>
  page.evaluate((id) => {
    const el = document.getElementById(id);
    const root = el.shadowRoot;
    return {
      hasRoot: !!root,
      text: root ? root.textContent : null,
      elements: root ? root.querySelectorAll("*").length : 0,
      height: el.getBoundingClientRect().height,
    };
  }, id);

// Signs manifests as `trustctl sign` does (DSSE v1 PAE, Ed25519) with a demo brand's
// secret key from target/demo/keys. Used where lint would refuse to sign on purpose
// (hostile URLs and strings a compromised or careless brand could still publish).
export function signer(siteDir, brand = "northwind-outdoor") {
  const text = readFileSync(join(siteDir, "../keys", `${brand}.key`), "utf8").trim();
  const seed = Buffer.from(text.replace(/^ed25519-secret:/, ""), "base64");
  const der = Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), seed]);
  return signWith(createPrivateKey({ key: der, format: "der", type: "pkcs8" }));
}

// Signs manifests as `trustctl sign` does (DSSE v1 PAE, Ed25519) with `key`, a node
// KeyObject (e.g. a key the test made up: an attacker's).
export function signWith(key) {
  return (manifest) => {
    const payload = Buffer.from(JSON.stringify(manifest), "utf8");
    const type = Buffer.from(MANIFEST_TYPE, "utf8");
    const pae = Buffer.concat([
      Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${payload.length} `), payload,
    ]);
    const sig = edSign(null, pae, key);
    return JSON.stringify({ payload: payload.toString("base64"), payloadType: MANIFEST_TYPE, signatures: [{ sig: sig.toString("base64") }] });
  };
}

// The outdoor brand's unsigned manifest as staged (photos local, test origin allowed).
export const stagedManifest = (siteDir) =>
  JSON.parse(readFileSync(join(siteDir, "../work/northwind-outdoor.manifest.json"), "utf8"));

// Fresh freshness fields for a manifest signed now.
export function fresh(manifest, sequence = 1) {
  const now = Math.floor(Date.now() / 1000);
  const iso = (s) => new Date(s * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
  return { ...manifest, issued_at: iso(now - 60), expires_at: iso(now + 86400), sequence };
}

// Waits until `n` widgets settled (a trust-widget event each, as recorded by
// helpers.mjs `recordEvents`) and none shows "checking reviews…" outside a closed
// disclosure (which counts only once opened). Polls with page.evaluate rather than
// page.waitForFunction, whose predicate Playwright evaluates as a string: a page
// without 'unsafe-eval' in its CSP refuses that.
export async function whenRendered(page, n, timeout = 20000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const done = await page.evaluate((n) => (window.__tw || []).length >= n &&
      [...document.querySelectorAll("[data-trust-widget]")].every((el) => !el.shadowRoot ||
        [...el.shadowRoot.querySelectorAll(".tw-checking")].every((c) => c.closest("details:not([open])"))), n);
    if (done) return;
    if (Date.now() > deadline) throw new Error(`${n} widgets did not render within ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
