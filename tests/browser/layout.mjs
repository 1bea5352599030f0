// What a person looking at a screenshot would call wrong, measured in the page so
// that a test fails on it (issue 17 item 7): the screenshot cases run these on every
// widget they shoot. Each check returns a list of problems (empty when all is well),
// worded for the failure message.
import { inWidget } from "./helpers.mjs";

// Runs every check in the shadow root of the mount point `#id`.
export const layoutProblems = (page, id) => inWidget(page, id, (root) => {
  const problems = [];
  const box = (el) => el.getBoundingClientRect();
  const px = (el, prop) => parseFloat(getComputedStyle(el)[prop]) || 0;
  // Two boxes share a row when their vertical extents overlap.
  const sameRow = (a, b) => a.top < b.bottom - 1 && b.top < a.bottom - 1;

  // Nothing sticks out sideways.
  const view = root.querySelector(".tw-view");
  if (view && view.scrollWidth > view.clientWidth) problems.push(`${view.scrollWidth - view.clientWidth}px horizontal overflow`);

  // The carousel's controls (play, previous, the dots, next) sit on one row.
  for (const controls of root.querySelectorAll(".tw-carousel-controls")) {
    const items = [...controls.querySelectorAll(".tw-icon-button, .tw-dot")].map(box);
    const off = items.filter((b) => !sameRow(b, items[0]));
    if (off.length) problems.push(`carousel controls on more than one row (${off.length} of ${items.length} off the first one's)`);
    // The dots, centred as a block beside the buttons, could still wrap among themselves.
    const dots = [...controls.querySelectorAll(".tw-dot")].map(box);
    if (dots.some((d) => Math.abs(d.top - dots[0].top) > 1)) problems.push(`carousel dots on more than one row`);
    // …or be squeezed out of sight: each keeps at least its mark's width.
    const thinnest = Math.min(...dots.map((d) => d.width));
    if (dots.length && thinnest < 8) problems.push(`carousel dots squeezed to ${thinnest.toFixed(1)}px`);
  }

  // "More" is offered exactly on the reviews whose text the clamp really cuts.
  for (const card of root.querySelectorAll(".tw-card")) {
    const toggle = card.querySelector(".tw-more-toggle");
    if (!toggle || toggle.getAttribute("aria-expanded") === "true") continue;
    const cut = [...card.querySelectorAll(".tw-card-body")].some((p) => p.scrollHeight > p.clientHeight + 1);
    // Position, not visibility: a slide not shown hides everything in it.
    const offered = getComputedStyle(toggle).position !== "absolute";
    const title = (card.querySelector(".tw-card-body").textContent || "").slice(0, 40);
    if (offered && !cut) problems.push(`"More" on a review that fits: "${title}…"`);
    if (!offered && cut) problems.push(`no "More" on a clamped review: "${title}…"`);
  }

  // The summary card holds its content with no empty band above or below it, and
  // the returns promise never sits alone at the end of a row of its own.
  const strip = root.querySelector(".tw-summary-strip");
  if (strip) {
    const kids = [...strip.children].filter((k) => box(k).height > 0);
    const s = box(strip);
    const inner = { top: s.top + px(strip, "borderTopWidth") + px(strip, "paddingTop"), bottom: s.bottom - px(strip, "borderBottomWidth") - px(strip, "paddingBottom") };
    const top = Math.min(...kids.map((k) => box(k).top));
    const bottom = Math.max(...kids.map((k) => box(k).bottom));
    if (top - inner.top > 2) problems.push(`summary: ${Math.round(top - inner.top)}px empty above its content`);
    if (inner.bottom - bottom > 2) problems.push(`summary: ${Math.round(inner.bottom - bottom)}px empty below its content`);
    const returns = strip.querySelector(".tw-summary-returns");
    if (returns) {
      const r = box(returns);
      const alone = kids.every((k) => k === returns || !sameRow(box(k), r));
      const rtl = getComputedStyle(strip).direction === "rtl";
      const start = rtl ? s.right - px(strip, "borderRightWidth") - px(strip, "paddingRight") : s.left + px(strip, "borderLeftWidth") + px(strip, "paddingLeft");
      const offStart = rtl ? start - r.right : r.left - start;
      if (alone && offStart > 2) problems.push(`summary: the returns promise alone on its row, ${Math.round(offStart)}px from the start`);
    }
  }
  return problems;
});

// Every widget on the page (mount points with an id), checked; returns the problems
// prefixed with `label` and the mount point's id.
export async function pageLayoutProblems(page, label) {
  const ids = await page.evaluate(() => [...document.querySelectorAll("[data-trust-widget]")].map((el, i) => {
    if (!el.id) el.id = `tw-mount-${i}`;
    return el.id;
  }));
  const problems = [];
  for (const id of ids) {
    for (const p of await layoutProblems(page, id)) problems.push(`${label} #${id}: ${p}`);
  }
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  if (overflow > 0) problems.push(`${label}: the page scrolls sideways by ${overflow}px`);
  return problems;
}
