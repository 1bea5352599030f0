// Screenshots of the demo pages for people to look at (target/screenshots/), and
// the layout checks of ../../layout.mjs on each, so what looks wrong also fails:
// every demo page at 1280 px, and the outdoor shop in English and Japanese at a
// phone's 390 px and a tablet's 720 px too (<name>-<width>.png). Japanese shows
// glyphs: `cargo xtask test page` installs Debian's fonts-noto-cjk first.
// Each page must verify all its widgets first, so a screenshot never shows a skeleton.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { recordEvents, rendered, scrollThrough, events } from "../../helpers.mjs";
import { pageLayoutProblems } from "../../layout.mjs";

const PAGES = [["/", "outdoor-us-en"], ["/de/", "outdoor-de-de"], ["/jp/", "outdoor-jp-ja"],
  ["/skincare/", "skincare-fr-fr"], ["/electronics/", "electronics-us-en"]];
const NARROW = [["/", "outdoor-us-en"], ["/jp/", "outdoor-jp-ja"]];

export default async function ({ page, url, siteDir, assert }) {
  const out = join(siteDir, "../../screenshots");
  mkdirSync(out, { recursive: true });
  await recordEvents(page);
  const problems = [];
  const shoot = async (path, name, width) => {
    await page.setViewportSize({ width, height: width < 500 ? 844 : 900 });
    await page.goto(url(path));
    const n = await page.evaluate(() => document.querySelectorAll("[data-trust-widget]").length);
    await scrollThrough(page);
    await rendered(page, n);
    assert.ok((await events(page)).every((e) => e.type === "trust-widget:verified"), name);
    // Fonts (the CJK ones are large) in, so text is measured and drawn as shown.
    await page.evaluate(() => document.fonts.ready);
    problems.push(...await pageLayoutProblems(page, `${name} at ${width}px`));
    await page.screenshot({ path: join(out, width === 1280 ? `${name}.png` : `${name}-${width}.png`), fullPage: true });
  };
  for (const [path, name] of PAGES) await shoot(path, name, 1280);
  for (const width of [720, 390]) {
    for (const [path, name] of NARROW) await shoot(path, name, width);
  }
  assert.deepEqual(problems, [], "layout problems");

  // On the phone page just shot: "More" opens the shown review in full and "Less"
  // clamps it again, and "More" is back.
  const toggle = (phase) => page.evaluate((phase) => {
    const root = [...document.querySelectorAll("[data-trust-widget]")].map((el) => el.shadowRoot).find((r) => r.querySelector(".tw-slide-active"));
    const card = root.querySelector(".tw-slide-active .tw-card");
    const body = card.querySelector(".tw-card-body");
    const button = card.querySelector(".tw-more-toggle");
    const state = () => ({ cut: body.scrollHeight > body.clientHeight + 1, shown: getComputedStyle(button).position === "static", label: button.textContent, expanded: button.getAttribute("aria-expanded") });
    // Focus inside the carousel stops its rotation: the same review stays shown.
    if (phase === "read") root.querySelector(".tw-carousel-controls .tw-icon-button:not(.tw-rotation)").focus();
    if (phase === "read") return state();
    button.click();
    return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(state()))));
  }, phase);
  const before = await toggle("read");
  assert.deepEqual([before.cut, before.shown, before.expanded], [true, true, "false"], `the shown review is cut at 390px, with "More": ${JSON.stringify(before)}`);
  const open = await toggle("click");
  assert.deepEqual([open.cut, open.shown, open.expanded], [false, true, "true"], `after "More" the review is whole, with "${open.label}" to close it`);
  assert.notEqual(open.label, before.label);
  const closed = await toggle("click");
  assert.deepEqual(closed, before, `after "${open.label}" the review is cut again, with "More"`);
}
