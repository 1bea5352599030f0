// No layout shift: the cumulative layout shift measured by Chromium
// (PerformanceObserver 'layout-shift', buffered) is 0 on the demo pages, from the
// first paint through loading, verifying and rendering every widget while the
// page is scrolled through (so each mounts lazily, near or in view), on desktop,
// tablet and phone widths. The demo pages reserve each widget's skeleton height
// in their own CSS (www/demo/demo.css), as a storefront should.
import { recordEvents, recordLayoutShifts, rendered, scrollByHalfScreens } from "../../helpers.mjs";

async function measure(page, url, path, n) {
  await page.goto(url(path));
  await page.waitForLoadState("load");
  // Scroll down half a screen at a time like a slow reader: at each stop, wait
  // until every widget near the viewport has rendered, so each one appears while
  // in view (the worst case for shifts).
  await page.evaluate(async () => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const near = (el) => {
      const r = el.getBoundingClientRect();
      return r.bottom > -400 && r.top < innerHeight + 400;
    };
    const done = (el) => el.shadowRoot && el.shadowRoot.querySelector(".tw-view");
    for (let y = 0; y <= document.documentElement.scrollHeight; y += innerHeight / 2) {
      scrollTo(0, y);
      await frame();
      for (let i = 0; i < 500 && [...document.querySelectorAll("[data-trust-widget]")].some((el) => near(el) && !done(el)); i++) await frame();
    }
  });
  await rendered(page, n);
  // Once more through the finished page, top to bottom and back.
  await scrollByHalfScreens(page);
  // Layout-shift entries are queued; a task after two frames delivers them.
  await page.evaluate(() => new Promise((r) => setTimeout(r, 50)));
  return page.evaluate(() => ({ cls: window.__cls, shifts: window.__shifts }));
}

export default async function ({ page, url, assert }) {
  await recordEvents(page);
  await recordLayoutShifts(page);
  // The observer itself works here: a shift made on purpose is seen.
  await page.goto(url("/"));
  await page.evaluate(async () => {
    const p = document.querySelector("main p");
    const box = document.createElement("div");
    box.style.height = "200px";
    p.before(box);
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    await new Promise((r) => setTimeout(r, 50));
  });
  assert.ok(await page.evaluate(() => window.__cls) > 0, "the layout-shift observer reports shifts");

  for (const [path, width, height] of [["/", 1280, 900], ["/", 390, 844], ["/", 760, 900], ["/de/", 1280, 900], ["/jp/", 390, 844],
    ["/electronics/", 1280, 900]]) {
    await page.setViewportSize({ width, height });
    const { cls, shifts } = await measure(page, url, path, 2);
    assert.equal(cls, 0, `CLS on ${path} at ${width}px: ${JSON.stringify(shifts, null, 1)}`);
  }
}
