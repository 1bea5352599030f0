// The view renders in steps (issue 17: no task over 50 ms on a phone): the
// carousel's first render holds every slide (ids, "n of N" labels, the tabs'
// targets) but only the first cards, and fills the others a few per task, with
// `data-tw-filling` on the carousel and what follows it invisible meanwhile (it
// would move as the stacked slides grow). Checked here: the first render as
// rendered (caught by a MutationObserver, in the task that rendered it), then
// the finished view: every slide has its card, nothing is left invisible, and
// the carousel's ARIA is whole.
//
// The full view the same way (`full.rs`): its first render holds the first
// sections only, with a hidden `data-tw-filling` marker where the signature line
// will be; the others are appended in later tasks, in order (a few per task while
// the view's bottom is over a screen below the viewport, else the rest at once),
// and the signature line comes last. The finished view equals the one-shot render of the same
// options (`trustctl render`'s static HTML, staged as static/full-en.html): the
// same elements, classes and text.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { recordEvents, rendered, stagePage, inWidget } from "../../helpers.mjs";

export default async function ({ page, siteDir, url, assert }) {
  await carousel({ page, siteDir, url, assert });
  await fullView({ page, siteDir, url, assert });
}

async function carousel({ page, siteDir, url, assert }) {
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

// Where the view is, and how it fills: `far` puts it at the bottom of a short
// viewport's reach (the mount starts within 400 px), so its bottom edge stays over a
// screen below: a few sections per task; near the top, the rest comes in one
// later task, before a shopper scrolling down could reach the page below it.
async function fullView({ page, siteDir, url, assert }) {
  await page.addInitScript(() => {
    // Every render of the full view as the observer saw it, first one included
    // (the task that rendered the view runs the observer's microtask).
    window.__steps = [];
    document.addEventListener("trust-widget:verified", (e) => {
      const root = e.target.shadowRoot;
      new MutationObserver(() => {
        const view = root.querySelector(".tw-view-full");
        if (!view) return;
        const step = {
          sections: [...view.children].filter((c) => c.matches(".tw-section")).map((c) => c.className),
          marker: !!view.querySelector(":scope > [data-tw-filling][hidden]"),
          footer: !!view.querySelector(":scope > .tw-footer"),
        };
        const last = window.__steps[window.__steps.length - 1];
        if (!last || JSON.stringify(last) !== JSON.stringify(step)) window.__steps.push(step);
      }).observe(root, { childList: true, subtree: true });
    }, true);
  });
  const path = stagePage(siteDir, "progressive-render", "full.html", {
    widgets: [{ view: "full", locale: "en", market: "US" }],
  });
  const far = path.replace("full.html", "full-far.html");
  writeFileSync(join(siteDir, far), readFileSync(join(siteDir, path), "utf8").replace("<main>", '<main><div style="height: 800px"></div>'));

  await page.setViewportSize({ width: 1280, height: 500 });
  const inSteps = await load(page, url(far), assert);
  assert.ok(new Set(inSteps.map((s) => s.sections.length)).size >= 3,
    `far below: a few sections per task, ${inSteps.map((s) => s.sections.length).join(" → ")}`);
  await sameAsOneShot(page, assert);

  await page.setViewportSize({ width: 1280, height: 900 });
  const near = await load(page, url(path), assert);
  assert.equal(new Set(near.map((s) => s.sections.length)).size, 2, `near: the rest in one later task, ${near.map((s) => s.sections.length).join(" → ")}`);
  await sameAsOneShot(page, assert);
}

/// Loads a page with one full view and checks its steps; returns them.
async function load(page, href, assert) {
  await page.goto(href);
  await rendered(page, 1);
  const steps = await page.evaluate(() => window.__steps);
  const first = steps[0], last = steps[steps.length - 1];
  assert.ok(first.marker && !first.footer, `the first render is not the whole view: ${JSON.stringify(first)}`);
  assert.ok(!last.marker && last.footer, `the finished view has its signature line and no marker: ${JSON.stringify(last)}`);
  assert.ok(first.sections.length >= 1 && first.sections.length < last.sections.length,
    `later sections arrive after the first render: ${steps.map((s) => s.sections.length).join(" → ")}`);
  // In order: each step's sections are the start of the finished list.
  for (const s of steps) {
    assert.deepEqual(s.sections, last.sections.slice(0, s.sections.length), "sections arrive in the view's order");
    if (s !== last) assert.ok(!s.footer, "the signature line comes last");
  }
  return steps;
}

/// The finished view against the one-shot render of the same options.
async function sameAsOneShot(page, assert) {
  const [live, oneShot] = await page.evaluate(async () => {
    const shape = (view) => ({
      elements: [...view.querySelectorAll("*")].map((e) => e.localName + [...e.classList].map((c) => "." + c).join("")),
      text: view.textContent,
    });
    const html = await (await fetch("/static/full-en.html")).text();
    const doc = Document.parseHTMLUnsafe(`<!doctype html><body>${html}`);
    const fromStatic = doc.querySelector("trust-widget").shadowRoot.querySelector(".tw-view-full");
    return [shape(document.getElementById("w0").shadowRoot.querySelector(".tw-view-full")), shape(fromStatic)];
  });
  assert.deepEqual(live.elements, oneShot.elements, "the same elements and classes as the one-shot render");
  assert.equal(live.text, oneShot.text, "the same text as the one-shot render");
}
