// The proof panel behind a review's chip: for a review attested by a collector it
// names the collector, says how the purchase was checked, when, by which key and
// that the signature was checked in the browser; for a brand-stated review it says
// the brand states it and claims no signature check.
import { recordEvents, rendered, scrollThrough, stagePage, inWidget } from "../../helpers.mjs";

// Shows the slide by `author` (clicking "next"), opens its chip and returns the panel.
async function proofOf(page, author) {
  return inWidget(page, "w0", async (root, author) => {
    const next = root.querySelector('.tw-icon-button[aria-label="Next review"]');
    const frame = () => new Promise((r) => requestAnimationFrame(r));
    // Re-renders are asynchronous: after each click, wait (a few frames at most) for the change.
    const until = async (check) => {
      for (let i = 0; i < 60 && !check(); i++) await frame();
      return check();
    };
    const active = () => root.querySelector(".tw-slide-active");
    for (let i = 0; i < 20 && !active().querySelector(".tw-author").textContent.includes(author); i++) {
      const before = active();
      next.click();
      await until(() => active() !== before);
    }
    const slide = active();
    if (!slide.querySelector(".tw-author").textContent.includes(author)) return null;
    const chip = slide.querySelector(".tw-chip");
    chip.click();
    await until(() => slide.querySelector("dialog[open]"));
    const d = slide.querySelector("dialog[open]");
    const terms = d && Object.fromEntries([...d.querySelectorAll(".tw-dl > div")].map((row) =>
      [row.querySelector("dt").textContent, row.querySelector("dd").textContent]));
    const out = d && { chip: chip.textContent, title: d.querySelector("h2").textContent, terms, text: d.textContent,
      ok: !!d.querySelector(".tw-proof-ok"), link: d.querySelector("a[href]")?.href };
    d?.close();
    await until(() => !slide.querySelector("dialog"));
    return out;
  }, author);
}

export default async function ({ page, url, siteDir, assert }) {
  await recordEvents(page);
  const path = stagePage(siteDir, "review-proof", "index.html", {
    widgets: [{ view: "reviews", locale: "en", market: "US" }],
  });
  await page.goto(url(path));
  await scrollThrough(page);
  await rendered(page, 1);

  // Attested by ReviewTrail, invited after an order (rt-nw-1001).
  const attested = await proofOf(page, "Megan R.");
  assert.ok(attested, "the attested review's proof panel opens");
  assert.equal(attested.chip, "Verified purchase · via ReviewTrail");
  assert.match(attested.terms["Collected by"], /^ReviewTrail \(opens in a new tab\)$/);
  assert.equal(attested.link, "https://reviewtrail.example/", "the collector's name links to the collector");
  assert.equal(attested.terms["Purchase check"], "Invited to review by the collector after an order");
  assert.match(attested.terms["Purchase checked on"], /Jul.* 6, 2026/, "when the purchase was checked");
  assert.match(attested.terms["Signed on"], /2026/, "when the collector signed");
  assert.ok(attested.terms["Signing key"].trim().length >= 8, `the collector's key id: ${attested.terms["Signing key"]}`);
  assert.ok(attested.ok, "signature status shown");
  assert.match(attested.text, /Signature checked in your browser/);

  // Stated by the brand, order number matched (nw-r-0001): no signature claim.
  const brand = await proofOf(page, "Jordan & Kai");
  assert.ok(brand, "the brand-stated review's proof panel opens");
  assert.equal(brand.chip, "Stated by the brand");
  assert.match(brand.terms["Purchase check"], /^Order number matched against the store's orders/);
  assert.match(brand.text, /Stated by the brand/);
  assert.ok(!brand.ok && !/Signature checked/.test(brand.text), "no signature claim for a brand-stated review");
  assert.ok(!/ReviewTrail/.test(brand.text), "no collector named");
}
