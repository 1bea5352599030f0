// Arabic reads right to left: every view's root carries dir="rtl" and lang="ar",
// the layout mirrors (previous on the right, next on the left), and the
// carousel's arrow keys follow the reading direction.
import { recordEvents, rendered, scrollThrough, stagePage, inWidget, untilInWidget } from "../../helpers.mjs";

const VIEWS = ["summary", "certifications", "reviews", "returns", "full"];

export default async function ({ page, url, siteDir, assert }) {
  await recordEvents(page);
  const path = stagePage(siteDir, "rtl", "index.html", {
    lang: "ar",
    widgets: [...VIEWS.map((view) => ({ view, locale: "ar", market: "AE" })), { view: "reviews", locale: "en", market: "US", label: "LTR reference" }],
  });
  await page.goto(url(path));
  await scrollThrough(page);
  await rendered(page, VIEWS.length + 1);

  for (const [i, view] of VIEWS.entries()) {
    const root = await inWidget(page, `w${i}`, (r) => {
      const v = r.querySelector(".tw-view");
      return { dir: v.getAttribute("dir"), lang: v.getAttribute("lang"), direction: getComputedStyle(v).direction,
        heading: getComputedStyle(v.querySelector("h2, p, span")).direction };
    });
    assert.deepEqual(root, { dir: "rtl", lang: "ar", direction: "rtl", heading: "rtl" }, `${view} view root`);
  }
  assert.equal(await inWidget(page, `w${VIEWS.length}`, (r) => r.querySelector(".tw-view").getAttribute("dir")), "ltr");

  // Mirrored controls: "previous" sits to the right of "next" in Arabic, left in English.
  const sides = (id) => inWidget(page, id, (r) => {
    const [prev, next] = [...r.querySelectorAll(".tw-carousel-controls .tw-icon-button:not(.tw-rotation)")].map((b) => b.getBoundingClientRect().left);
    return { prev, next };
  });
  const ar = await sides("w2");
  const en = await sides(`w${VIEWS.length}`);
  assert.ok(ar.prev > ar.next, `Arabic: previous (${ar.prev}) right of next (${ar.next})`);
  assert.ok(en.prev < en.next, "English: previous left of next");
  const headings = await inWidget(page, "w2", (r) => {
    const range = document.createRange();
    range.selectNodeContents(r.querySelector(".tw-heading"));
    const h = range.getBoundingClientRect();
    const box = r.querySelector(".tw-view").getBoundingClientRect();
    return { right: box.right - h.right, left: h.left - box.left };
  });
  assert.ok(headings.right < headings.left, `the heading text starts at the right edge (${JSON.stringify(headings)})`);

  // Arrow keys follow the reading direction: ArrowLeft is "next" in Arabic.
  const slide = () => inWidget(page, "w2", (r) => r.querySelector(".tw-slide-active").getAttribute("aria-label"));
  const first = await slide();
  await inWidget(page, "w2", (r) => r.querySelector('.tw-dot[aria-selected="true"]').focus());
  await page.keyboard.press("ArrowLeft");
  await untilInWidget(page, "w2", (r, first) => r.querySelector(".tw-slide-active").getAttribute("aria-label") !== first, first).catch(() => {});
  const second = await slide();
  assert.notEqual(second, first, "ArrowLeft moves on");
  assert.equal(await inWidget(page, "w2", (r) => [...r.querySelectorAll(".tw-slide")].findIndex((s) => s.classList.contains("tw-slide-active"))), 1,
    "ArrowLeft shows the next slide in Arabic");
  await page.keyboard.press("ArrowRight");
  await untilInWidget(page, "w2", (r, first) => r.querySelector(".tw-slide-active").getAttribute("aria-label") === first, first).catch(() => {});
  assert.equal(await slide(), first, "ArrowRight goes back in Arabic");
}
