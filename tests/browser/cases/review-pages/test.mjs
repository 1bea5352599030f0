// Paged reviews at scale (ARCHITECTURE.md, "Paged reviews"). A brand with 100,000
// reviews, published in pages by its collector, costs the shopper no more on first
// load than a brand with 100 reviews each attested in its manifest: the bytes of
// every /manifests/ response until the reviews view is rendered are counted from
// the network events. The next page is fetched only when asked for ("Load more
// reviews", or moving on from the carousel's last slide), proven against the
// collector's signed root and appended; a tampered page is refused with one
// warning and a notice, and the reviews already shown stay. axe finds nothing in
// either state. The 10,000-review brand (paged) is timed too.
import AxeBuilder from "@axe-core/playwright";
import { recordEvents, rendered, scrollThrough, stagePage, inWidget, untilInWidget } from "../../helpers.mjs";

// Loads a reviews view of `brand` on a fresh tab; returns the tab, the bytes of the
// manifests and pages fetched, the page files asked for, and loader→verified ms.
async function open(context, url, siteDir, messages, brand) {
  const page = await context.newPage();
  page.on("console", (m) => messages.push({ type: m.type(), text: m.text() }));
  page.on("pageerror", (e) => messages.push({ type: "error", text: `uncaught: ${e.message}` }));
  const fetched = [];
  page.on("requestfinished", async (req) => {
    if (!req.url().includes("/manifests/")) return;
    const sizes = await req.sizes();
    fetched.push({ url: new URL(req.url()).pathname, bytes: sizes.responseBodySize + sizes.responseHeadersSize });
  });
  await recordEvents(page);
  await page.addInitScript(() => {
    document.addEventListener("trust-widget:verified", () => { window.__twVerifiedAt = performance.now(); }, true);
  });
  const path = stagePage(siteDir, "review-pages", `${brand}.html`, {
    brand, title: `Reviews of ${brand}`,
    widgets: [{ view: "reviews", locale: "en", market: "US", label: "Customer reviews" }],
  });
  await page.goto(url(path));
  await scrollThrough(page);
  await rendered(page, 1);
  await untilInWidget(page, "w0", (root) => root.querySelectorAll(".tw-slide").length > 0);
  const timing = await page.evaluate(() => {
    const loader = performance.getEntriesByType("resource").find((e) => e.name.endsWith("/widget/loader.js"));
    return { verified: window.__twVerifiedAt, loaderStart: loader ? loader.startTime : 0 };
  });
  await until((f) => f.some((x) => x.url === `/manifests/${brand}.json`), fetched);
  return { page, fetched, ms: Math.round(timing.verified - timing.loaderStart) };
}

// Network events report sizes asynchronously: wait until `check(fetched)` holds.
async function until(check, fetched, timeout = 5000) {
  for (const end = Date.now() + timeout; !check(fetched) && Date.now() < end;) await new Promise((r) => setTimeout(r, 20));
}

const total = (list) => list.reduce((n, f) => n + f.bytes, 0);
const slides = (page) => inWidget(page, "w0", (root) => root.querySelectorAll(".tw-slide").length);
const warnings = (messages) => messages.filter((m) => m.text.startsWith("[trust-widget]"));

async function axeClean(page, assert, state) {
  const result = await new AxeBuilder({ page }).include("[data-trust-widget]").options({ resultTypes: ["violations"] }).analyze();
  assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.help}`), [], `axe (${state})`);
}

export default async function ({ context, url, siteDir, messages, assert }) {
  // First load: 100 reviews in the manifest against 100,000 in pages.
  const small = await open(context, url, siteDir, messages, "northwind-100");
  const big = await open(context, url, siteDir, messages, "northwind-100k");
  const ten = await open(context, url, siteDir, messages, "northwind-10k");
  const b100 = total(small.fetched), b100k = total(big.fetched);
  console.log(`     first load: 100 reviews ${b100} B (${small.ms} ms to verified), ` +
    `100,000 reviews ${b100k} B (${big.ms} ms), 10,000 reviews ${total(ten.fetched)} B (${ten.ms} ms)`);
  assert.ok(b100k <= b100, `100,000-review first load ${b100k} B is not above the 100-review one (${b100} B)`);
  assert.deepEqual(big.fetched.map((f) => f.url), ["/manifests/northwind-100k.json"], "no page fetched before it is asked for");
  assert.equal(await slides(big.page), 20, "page 0 (inline) shows at once");
  const overview = await inWidget(big.page, "w0", (root) => root.querySelector(".tw-rating-overview, .tw-overview, .tw-rating")?.textContent || root.textContent);
  assert.match(overview, /100,000/, "the collector's aggregate counts every review");
  await axeClean(big.page, assert, "first page");

  // "Load more reviews": page 1 is fetched once, proven and appended.
  const page = big.page;
  await page.bringToFront();
  await inWidget(page, "w0", (root) => root.querySelector(".tw-more").click());
  await untilInWidget(page, "w0", (root) => root.querySelectorAll(".tw-slide").length === 40, undefined, 10000);
  await until((f) => f.some((x) => x.url.includes("/reviews/")), big.fetched);
  await page.waitForTimeout(100); // a second request, if there were one, would show up
  assert.deepEqual(big.fetched.map((f) => f.url).filter((u) => u.includes("/reviews/")),
    ["/manifests/reviews/northwind-100k/page-1.json"], "page 1, once");
  const chip = await inWidget(page, "w0", (root) => root.querySelector(".tw-slide-active .tw-chip").textContent);
  assert.match(chip, /ReviewTrail/, `a paged review is attested by the collector (${chip})`);
  const counter = await inWidget(page, "w0", (root) => root.querySelector(".tw-counter")?.textContent);
  assert.match(counter || "", /^21 of 40/, `the carousel moves to the first new review (${counter})`);

  // The carousel reaching its end asks for the next page (page 2).
  await inWidget(page, "w0", async (root) => {
    const next = root.querySelector('.tw-icon-button[aria-label="Next review"]');
    const counter = () => root.querySelector(".tw-counter").textContent;
    const tick = () => new Promise((r) => setTimeout(r, 5));
    for (let i = 0; i < 40 && !/^40 of 40/.test(counter()); i++) {
      const before = counter();
      next.click();
      for (let t = 0; t < 200 && counter() === before; t++) await tick();
    }
    root.querySelector('.tw-icon-button[aria-label="Next review"]').click();
  });
  await untilInWidget(page, "w0", (root) => root.querySelectorAll(".tw-slide").length === 60, undefined, 10000);
  await until((f) => f.some((x) => x.url.endsWith("/page-2.json")), big.fetched);
  assert.ok(big.fetched.some((f) => f.url.endsWith("/page-2.json")), "page 2 fetched from the carousel's end");
  await axeClean(page, assert, "three pages");
  assert.deepEqual(warnings(messages), [], "no warnings while pages verify");

  // A tampered page 1 (one rating changed after signing) on a fresh tab.
  const tab = await context.newPage();
  tab.on("console", (m) => messages.push({ type: m.type(), text: m.text() }));
  await tab.route("**/manifests/reviews/northwind-100k/page-1.json", (route) =>
    route.fulfill({ path: `${siteDir}/manifests/reviews/northwind-100k/page-1.tampered.json`, contentType: "application/json" }));
  await tab.bringToFront();
  await recordEvents(tab);
  await tab.goto(url("/cases/review-pages/northwind-100k.html"));
  await scrollThrough(tab);
  await rendered(tab, 1);
  await untilInWidget(tab, "w0", (root) => root.querySelectorAll(".tw-slide").length === 20);
  await inWidget(tab, "w0", (root) => root.querySelector(".tw-more").click());
  const code = await untilInWidget(tab, "w0", (root) => root.querySelector(".tw-page-error")?.dataset.code, undefined, 10000);
  assert.equal(code, "proof-invalid");
  await tab.waitForTimeout(200);
  const w = warnings(messages);
  assert.equal(w.length, 1, JSON.stringify(w));
  assert.match(w[0].text, /^\[trust-widget\] proof-invalid: review page 1: /);
  assert.equal(await slides(tab), 20, "the verified first page stays");
  assert.equal(await inWidget(tab, "w0", (root) => root.querySelector(".tw-more")), null, "no further page is offered");
  await axeClean(tab, assert, "failed page");
  for (const p of [small.page, big.page, ten.page, tab]) await p.close();
}
