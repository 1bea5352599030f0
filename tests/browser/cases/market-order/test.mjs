// The full view orders its sections by market: the US profile puts returns and
// certifications first, the European one (DE) certifications and reviews, and the
// outdoor brand's own signed override for JP returns, reviews and company facts
// (www/manifests/src/northwind-outdoor/manifest.json `markets`).
import { recordEvents, rendered, scrollThrough, stagePage, inWidget } from "../../helpers.mjs";

// crates/manifest/src/profile.rs (US, EUROPE) and the manifest's JP override.
const EXPECTED = {
  US: ["summary", "returns", "certifications", "reviews", "company", "limitations", "evidence", "media"],
  DE: ["summary", "certifications", "reviews", "returns", "company", "limitations", "evidence", "media"],
  JP: ["summary", "returns", "reviews", "company", "certifications", "limitations", "evidence", "media"],
};

export default async function ({ page, url, siteDir, assert }) {
  await recordEvents(page);
  const markets = Object.keys(EXPECTED);
  // Same language everywhere, so only the market differs.
  const path = stagePage(siteDir, "market-order", "index.html", {
    widgets: markets.map((market) => ({ view: "full", locale: "en", market })),
  });
  await page.goto(url(path));
  await scrollThrough(page);
  await rendered(page, markets.length);
  const orders = {};
  for (const [i, market] of markets.entries()) {
    orders[market] = await inWidget(page, `w${i}`, (root) =>
      [...root.querySelectorAll(".tw-view-full > .tw-section")].map((s) =>
        [...s.classList].find((c) => c !== "tw-section" && c.startsWith("tw-")).slice(3)));
    assert.deepEqual(orders[market], EXPECTED[market], `${market} section order`);
  }
  assert.notDeepEqual(orders.US, orders.DE);
  assert.notDeepEqual(orders.US, orders.JP);
  assert.notDeepEqual(orders.DE, orders.JP);
}
