// Rotation and motion (WAI-ARIA APG carousel): with prefers-reduced-motion the
// carousel never turns by itself and shows no pause button; without it, it turns
// every 7 s with a visible pause control, and holds while paused, focused or
// hovered. All the "does not turn" checks share one real 7 s wait: a reduced-motion
// page and a page with four carousels (playing, paused, focused, hovered) run side by side.
import { recordEvents, rendered, scrollThrough, stagePage, inWidget, untilInWidget } from "../../helpers.mjs";

const ROTATE_MS = 7000;

const state = (page, id) => inWidget(page, id, (root) => {
  const toggle = root.querySelector(".tw-rotation");
  const box = toggle && toggle.getBoundingClientRect();
  return {
    slide: root.querySelector(".tw-slide-active").getAttribute("aria-label"),
    live: root.querySelector(".tw-slides").getAttribute("aria-live"),
    toggle: toggle && { label: toggle.getAttribute("aria-label"), visible: toggle.checkVisibility({ opacityProperty: true, visibilityProperty: true }) && box.width >= 24 && box.height >= 24 },
  };
});

export default async function ({ page, context, url, siteDir, messages, assert }) {
  const path = stagePage(siteDir, "carousel-motion", "index.html", {
    widgets: ["playing", "paused", "focused", "hovered"].map((label) => ({ view: "reviews", locale: "en", market: "US", label })),
  });
  const reducedPath = stagePage(siteDir, "carousel-motion", "reduced.html", {
    widgets: [{ view: "reviews", locale: "en", market: "US", label: "reduced motion" }],
  });

  // Reduced motion, in a second tab.
  const reduced = await context.newPage();
  reduced.on("console", (m) => messages.push({ type: m.type(), text: m.text() }));
  reduced.on("pageerror", (e) => messages.push({ type: "error", text: `uncaught: ${e.message}` }));
  await recordEvents(reduced);
  await reduced.emulateMedia({ reducedMotion: "reduce" });
  await reduced.goto(url(reducedPath));
  await scrollThrough(reduced);
  await rendered(reduced, 1);
  const reducedSince = Date.now();
  const r0 = await state(reduced, "w0");
  assert.match(r0.slide, /^1 of \d+$/);
  assert.equal(r0.toggle, null, "no pause button when nothing rotates");
  assert.equal(r0.live, "polite", "slide changes are announced when nothing rotates");

  // Motion welcome.
  await recordEvents(page);
  await page.emulateMedia({ reducedMotion: "no-preference" });
  await page.goto(url(path));
  await scrollThrough(page);
  await rendered(page, 4);
  for (const id of ["w0", "w1", "w2", "w3"]) {
    const s = await state(page, id);
    // Not "1 of": a loaded machine can take 7 s from render to here, and a playing
    // carousel turns by then (the reduced-motion tab above checks the start).
    assert.match(s.slide, /^\d+ of \d+$/);
    assert.ok(s.toggle && s.toggle.visible, `${id}: a visible pause control`);
    assert.equal(s.toggle.label, "Pause rotation");
    assert.equal(s.live, "off", "a rotating carousel does not announce each slide");
  }
  await page.locator("#w1 .tw-rotation").click();
  await untilInWidget(page, "w1", (root) => root.querySelector(".tw-rotation").getAttribute("aria-label") === "Resume rotation").catch(() => {});
  assert.equal((await state(page, "w1")).toggle.label, "Resume rotation", "the pause button pauses");
  await inWidget(page, "w2", (root) => root.querySelector(".tw-slide-active .tw-chip").focus());
  // Hover the carousel region, not a card: a card leaves with its slide if the
  // carousel turned before the pointer arrived (a loaded machine can take 7 s to get
  // here), and then nothing is under the pointer to hover.
  await page.locator("#w3 .tw-slides").hover();
  // What each held carousel shows from the moment it is held: the checks below are
  // "did not turn since", whatever turned before the hold began.
  const held = {};
  for (const id of ["w0", "w1", "w2", "w3"]) held[id] = (await state(page, id)).slide;
  const since = Date.now();

  // The playing one turns within 7 s…
  await page.waitForFunction((was) => document.querySelector("#w0").shadowRoot.querySelector(".tw-slide-active").getAttribute("aria-label") !== was,
    held.w0, { timeout: ROTATE_MS + 3000 });
  // …and the others, given as long again and a bit, do not.
  const left = ROTATE_MS + 500 - (Date.now() - Math.min(since, reducedSince));
  if (left > 0) await page.waitForTimeout(left);
  assert.equal((await state(page, "w1")).slide, held.w1, "paused: no rotation");
  const focused = await state(page, "w2");
  assert.equal(focused.slide, held.w2, "focus inside stops rotation");
  assert.equal(focused.toggle.label, "Resume rotation", "and the control says it is stopped");
  assert.equal((await state(page, "w3")).slide, held.w3, "hovering holds the slide");
  assert.ok(Date.now() - reducedSince > ROTATE_MS);
  assert.equal((await state(reduced, "w0")).slide, r0.slide, "the slide did not change under reduced motion");

  await page.locator("#w1 .tw-rotation").click();
  await untilInWidget(page, "w1", (root) => root.querySelector(".tw-rotation").getAttribute("aria-label") === "Pause rotation").catch(() => {});
  assert.equal((await state(page, "w1")).toggle.label, "Pause rotation", "the button resumes rotation");
  await reduced.close();
}
