// The view renders in steps (issue 17: no task over 50 ms on a phone): the
// carousel's first render holds every slide (ids, "n of N" labels, the tabs'
// targets) but only the first cards, and fills the others a few per task, with
// `data-tw-filling` on the carousel and what follows it invisible meanwhile (it
// would move as the stacked slides grow). Checked here: the first render as
// rendered (caught by a MutationObserver, in the task that rendered it), then
// the finished view: every slide has its card, nothing is left invisible, and
// the carousel's ARIA is whole.
import { recordEvents, rendered, stagePage, inWidget } from "../../helpers.mjs";

export default async function ({ page, siteDir, url, assert }) {
  const path = stagePage(siteDir, "progressive-render", "index.html", {
    brand: "northwind-100", widgets: [{ view: "reviews", locale: "en", market: "US", product: "" }],
  });
  await recordEvents(page);
  await page.addInitScript(() => {
    document.addEventListener("trust-widget:verified", (e) => {
      const root = e.target.shadowRoot;
      const observer = new MutationObserver(() => {
        const carousel = root.querySelector(".tw-carousel");
        if (!carousel || window.__first) return;
        const more = root.querySelector(".tw-more");
        window.__first = {
          filling: carousel.hasAttribute("data-tw-filling"),
          slides: root.querySelectorAll(".tw-slide").length,
          cards: root.querySelectorAll(".tw-slide .tw-card").length,
          activeCard: !!root.querySelector(".tw-slide-active .tw-card"),
          moreShown: !!more && more.checkVisibility({ visibilityProperty: true }),
        };
        observer.disconnect();
      });
      observer.observe(root, { childList: true, subtree: true, attributes: true });
    }, true);
  });
  await page.goto(url(path));
  await rendered(page, 1);
  await page.waitForFunction(() => window.__first);
  const first = await page.evaluate(() => window.__first);
  assert.ok(first.filling, `the first render fills in later: ${JSON.stringify(first)}`);
  assert.equal(first.slides, 30, "every slide of the first window is there from the start");
  assert.ok(first.cards < first.slides && first.activeCard, `the shown slide has its card, not all do yet: ${JSON.stringify(first)}`);
  assert.ok(!first.moreShown, "what follows the carousel waits, invisible");

  // Then the whole view.
  await page.waitForFunction(() => !document.getElementById("w0").shadowRoot.querySelector("[data-tw-filling]"), null, { timeout: 10000 });
  const done = await inWidget(page, "w0", (root) => {
    const slides = [...root.querySelectorAll(".tw-slide")];
    return {
      slides: slides.length,
      withCards: slides.filter((s) => s.querySelector(".tw-card .tw-card-body")).length,
      labels: slides.map((s) => s.getAttribute("aria-label")),
      inert: slides.filter((s) => s.hasAttribute("inert")).length,
      moreShown: root.querySelector(".tw-more").checkVisibility({ visibilityProperty: true }),
      disclosureShown: root.querySelector("details").checkVisibility({ visibilityProperty: true }),
      controls: [...root.querySelectorAll("[aria-controls]")].every((c) => root.getElementById(c.getAttribute("aria-controls"))),
    };
  });
  assert.equal(done.slides, 30);
  assert.equal(done.withCards, 30, "every slide has its review once filled");
  assert.deepEqual(done.labels, Array.from({ length: 30 }, (_, i) => `${i + 1} of 30`));
  assert.equal(done.inert, 29, "every slide but the shown one stays inert");
  assert.ok(done.moreShown && done.disclosureShown, "what follows the carousel is shown");
  assert.ok(done.controls, "every aria-controls names an element of the view");
}
