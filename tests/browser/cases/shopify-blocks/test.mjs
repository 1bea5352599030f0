// The Shopify theme app extension (pkg-config/shopify), rendered with liquidjs by
// tests/shopify/render.mjs from Shopify-like test objects: a German storefront
// (request.locale "de") for a shopper in Germany (localization.country "DE") on the
// outdoor brand's tent page. The app embed loads the demo's loader once; each of the
// four app blocks becomes a verified widget with its own settings, in German and with
// the German market's terms. The embed's hidden mount point never loads.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { recordEvents, events, settled, scrollThrough, inWidget } from "../../helpers.mjs";

const shopify = resolve(dirname(fileURLToPath(import.meta.url)), "../../../shopify");
const BRAND = "northwind-outdoor";
const VIEWS = ["summary", "reviews", "certifications", "returns"];

export default async function ({ page, url, siteDir, assert, messages }) {
  // tests/shopify is its own npm package; `cargo xtask test` installs it in the
  // "shopify theme-check" step, this covers running the page case alone.
  if (!existsSync(join(shopify, "node_modules", "liquidjs"))) {
    execFileSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: shopify, stdio: "inherit" });
  }
  const keys = JSON.parse(readFileSync(join(siteDir, "keys.json"), "utf8"));
  execFileSync("node", [join(shopify, "render.mjs"), join(siteDir, "shopify"), "--key", keys[BRAND]], { stdio: "inherit" });

  await recordEvents(page);
  await page.goto(url("/shopify/"));

  // What the Liquid produced: one loader, with the storefront's market and language.
  const scripts = await page.$$eval("script[src]", (s) => s.map((e) => ({ src: e.getAttribute("src"), ...e.dataset })));
  assert.equal(scripts.length, 1, "the app embed loads the loader once");
  assert.deepEqual(scripts[0], {
    src: "/widget/loader.js",
    manifest: `/manifests/${BRAND}.json`,
    key: keys[BRAND],
    attesters: "/attesters.json",
    market: "DE",
    locale: "de",
    theme: "auto",
  });
  const mounts = await page.$$eval(".shopify-app-block [data-trust-widget]", (els) => els.map((e) => ({ ...e.dataset })));
  assert.deepEqual(mounts, [
    { trustWidget: "", view: "summary", product: "squall-rain-shell-jacket" },
    { trustWidget: "", view: "reviews", product: "ridgeline-2-ultralight-tent" },
    { trustWidget: "", view: "certifications", product: "ridgeline-2-ultralight-tent", showExpired: "true" },
    { trustWidget: "", view: "returns", product: "ridgeline-2-ultralight-tent", theme: "dark" },
  ]);

  await scrollThrough(page);
  // helpers' `rendered` waits for every mount point, and the embed's hidden one never
  // mounts: wait for the blocks' widgets to settle and finish checking reviews.
  await settled(page, VIEWS.length);
  await page.waitForFunction(() =>
    [...document.querySelectorAll(".shopify-app-block [data-trust-widget]")].every((el) =>
      el.shadowRoot && [...el.shadowRoot.querySelectorAll(".tw-checking")].every((c) => c.closest("details:not([open])"))), null, { timeout: 15000 });
  const evs = await events(page);
  assert.deepEqual(evs.map((e) => e.type), VIEWS.map(() => "trust-widget:verified"), JSON.stringify(evs));
  assert.ok(evs.every((e) => e.detail.issuer === BRAND));
  assert.deepEqual(messages.filter((m) => m.text.includes("[trust-widget]")), [], "no warnings");

  const blocks = await page.$$eval(".shopify-app-block [data-trust-widget]", (els) => els.map((e) => e.id || (e.id = `b${Math.random().toString(36).slice(2)}`)));
  const view = (i) => inWidget(page, blocks[i], (root) => {
    const v = root.querySelector(".tw-view");
    return { lang: v && v.getAttribute("lang"), classes: v ? [...v.classList] : [], text: root.textContent };
  });
  const [summary, reviews, certs, returns] = await Promise.all(VIEWS.map((_, i) => view(i)));
  for (const [i, v] of [summary, reviews, certs, returns].entries()) {
    assert.match(v.lang || "", /^de/, `${VIEWS[i]}: the widget speaks German`);
    assert.ok(v.classes.includes(`tw-view-${VIEWS[i]}`), `${VIEWS[i]}: the block's view (${v.classes})`);
  }
  assert.match(reviews.text, /Bewertungen/, "German text in the reviews block");
  assert.match(reviews.text, /ReviewTrail/, "attested reviews name their collector");
  // The German market's terms: 30 days, a 4,95 € label fee (the US policy is free returns).
  assert.match(returns.text, /30 Tage/, "the DE return window");
  assert.match(returns.text, /4,95\s€/, "the DE return fee, formatted for German");
  assert.ok(returns.classes.includes("tw-theme-dark"), "the returns block's own theme setting");
  assert.ok(summary.classes.includes("tw-theme-auto"), "the embed's theme otherwise");
  // The certifications block's "show expired" setting: the tent's expired GRS certificate, marked.
  assert.match(certs.text, /Global Recycled Standard/);
  assert.match(certs.text, /Abgelaufen/);

  const sentinel = await page.$eval("body > [data-trust-widget][hidden]", (e) => !!e.shadowRoot);
  assert.equal(sentinel, false, "the embed's hidden mount point never loads");
}
