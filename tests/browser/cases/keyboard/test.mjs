// Full keyboard use of the full view: Tab visits every interactive control in
// document order, each with a visible focus ring; a certification badge opens its
// details dialog with Enter, focus stays inside and returns to the badge on
// Escape; arrow keys turn the carousel; a review's chip opens its proof panel.
import AxeBuilder from "@axe-core/playwright";
import { recordEvents, rendered, scrollThrough, inWidget, untilInWidget } from "../../helpers.mjs";

// The focused element (through shadow roots), whether it shows a focus ring and
// whether it sits in a dialog.
const focused = (page) =>
  page.evaluate(() => {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    if (!el) return null;
    const s = getComputedStyle(el);
    const ring = el.matches(":focus-visible") &&
      ((s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none");
    return { idx: el.__tw, id: el.id, ring, inDialog: !!el.closest("dialog"),
      desc: `${el.localName}.${el.className} "${(el.getAttribute("aria-label") || el.textContent).trim().slice(0, 50)}"` };
  });

const activeSlide = (page) => inWidget(page, "w0", (root) => root.querySelector(".tw-slide-active").getAttribute("aria-label"));

// Widgets re-render asynchronously after a key press: wait for the expected state.
const slideBecomes = (page, label) =>
  untilInWidget(page, "w0", (root, label) => root.querySelector(".tw-slide-active").getAttribute("aria-label") === label, label)
    .catch(async () => `${label} expected, showing ${await activeSlide(page)}`);
async function focusSettles(page, check) {
  let f;
  for (let i = 0; i < 100; i++) {
    f = await focused(page);
    if (check(f)) break;
    await page.waitForTimeout(20);
  }
  return f;
}

export default async function ({ page, fixture, assert }) {
  await recordEvents(page);
  await page.goto(fixture);
  await scrollThrough(page);
  await rendered(page, 1);

  // Every control a keyboard user should reach, in document order (inert slides,
  // roving-tabindex tabs and controls the stylesheet hides, such as "More" on a
  // review that fits, excepted), numbered so the page can tell which has focus.
  const controls = await inWidget(page, "w0", (root) => {
    const all = [...root.querySelectorAll("a[href], button, select, input, textarea, summary, [tabindex]")];
    const list = all.filter((el) => !el.closest("[inert]") && !el.disabled && el.tabIndex >= 0 && el.checkVisibility({ visibilityProperty: true }) &&
      (el.localName !== "summary" || el.parentElement.querySelector(":scope > summary") === el));
    list.forEach((el, i) => { el.__tw = i; });
    return list.map((el) => `${el.localName}.${el.className}`);
  });
  const need = (cls) => assert.ok(controls.some((c) => c.includes(cls)), `a ${cls} control in the full view: ${controls.join(", ")}`);
  ["tw-badge", "tw-chip", "tw-dot", "tw-select", "tw-disclosure-summary", "tw-link"].forEach(need);

  await page.focus("#before");
  const visited = [];
  for (let i = 0; i < controls.length; i++) {
    await page.keyboard.press("Tab");
    const f = await focused(page);
    assert.equal(f.idx, i, `Tab #${i + 1} should reach ${controls[i]}, got ${f.desc}`);
    assert.ok(f.ring, `visible focus on ${f.desc}`);
    visited.push(f.idx);
  }
  await page.keyboard.press("Tab");
  assert.equal((await focused(page)).id, "after", "Tab leaves the widget after its last control");

  // Certification details: Enter opens a modal dialog with focus inside.
  const badge = await inWidget(page, "w0", (root) => {
    const b = root.querySelector(".tw-certifications .tw-badge");
    b.focus();
    return b.__tw;
  });
  await page.keyboard.press("Enter");
  const dialog = await untilInWidget(page, "w0", (root) => {
    const d = root.querySelector("dialog[open]");
    return d && { modal: d.matches(":modal"), title: d.querySelector("h2").textContent, text: d.textContent };
  });
  assert.ok(dialog && dialog.modal, "Enter on a badge opens a modal dialog");
  assert.match(dialog.text, /Certificate number/);
  let f = await focusSettles(page, (f) => f && f.inDialog);
  assert.ok(f.inDialog && f.ring, `focus moves into the dialog with a visible ring (${f.desc})`);
  const inside = await inWidget(page, "w0", (root) =>
    root.querySelectorAll("dialog[open] :is(a[href], button, summary, select)").length);
  for (let i = 0; i < inside + 2; i++) {
    await page.keyboard.press("Tab");
    f = await focused(page);
    // Past the last control the browser may take focus to its own UI (no element);
    // it must never reach the page behind the dialog.
    assert.ok(!f || f.inDialog || f.desc.startsWith("body"), `Tab stays in the dialog, got ${f && f.desc}`);
  }
  const axe = await new AxeBuilder({ page }).include("[data-trust-widget]").analyze();
  assert.deepEqual(axe.violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`), [],
    "no axe violations with the dialog open");
  await page.keyboard.press("Escape");
  await untilInWidget(page, "w0", (root) => root.querySelectorAll("dialog").length === 0);
  f = await focusSettles(page, (f) => f && f.idx === badge);
  assert.equal(f.idx, badge, `focus returns to the badge, got ${f.desc}`);
  assert.ok(f.ring, "the badge shows its focus ring again");

  // Carousel: arrow keys on the slide picker change the slide, and focus follows the tab.
  const total = await inWidget(page, "w0", (root) => root.querySelectorAll(".tw-slide").length);
  assert.ok(total > 2, "the carousel has several slides");
  await inWidget(page, "w0", (root) => root.querySelector('.tw-dot[aria-selected="true"]').focus());
  assert.equal(await activeSlide(page), `1 of ${total}`);
  await page.keyboard.press("ArrowRight");
  assert.equal(await slideBecomes(page, `2 of ${total}`), true, "ArrowRight shows the next slide");
  f = await focusSettles(page, (f) => /"Review 2"/.test(f.desc));
  assert.match(f.desc, /tw-dot.*"Review 2"/, `focus follows the selected tab (${f.desc})`);
  await page.keyboard.press("ArrowLeft");
  assert.equal(await slideBecomes(page, `1 of ${total}`), true, "ArrowLeft goes back");
  await page.keyboard.press("ArrowLeft");
  assert.equal(await slideBecomes(page, `${total} of ${total}`), true, "ArrowLeft wraps around to the last slide");
  await page.keyboard.press("Home");
  assert.equal(await slideBecomes(page, `1 of ${total}`), true, "Home goes to the first slide");
  await page.keyboard.press("End");
  assert.equal(await slideBecomes(page, `${total} of ${total}`), true, "End goes to the last slide");
  await page.keyboard.press("Home");
  assert.equal(await slideBecomes(page, `1 of ${total}`), true);

  // The proof panel opens from the chip with Enter and gives focus back on Escape.
  const chip = await inWidget(page, "w0", (root) => {
    const c = root.querySelector(".tw-slide-active .tw-chip");
    c.focus();
    return { idx: c.__tw, text: c.textContent };
  });
  assert.match(chip.text, /Verified purchase · via ReviewTrail|Stated by the brand|Collected by/);
  await page.keyboard.press("Enter");
  const proof = await untilInWidget(page, "w0", (root) => {
    const d = root.querySelector(".tw-slide-active dialog[open]");
    return d && { title: d.querySelector("h2").textContent, text: d.textContent };
  });
  assert.ok(proof, "Enter on the chip opens the proof panel");
  assert.ok((await focusSettles(page, (f) => f && f.inDialog)).inDialog, "focus moves into the proof panel");
  await page.keyboard.press("Escape");
  await untilInWidget(page, "w0", (root) => root.querySelectorAll("dialog").length === 0);
  f = await focusSettles(page, (f) => f && f.idx === chip.idx);
  assert.equal(f.idx, chip.idx, `focus returns to the chip (${f.desc})`);
  assert.equal(await activeSlide(page), `1 of ${total}`, "Escape in the panel does not move the carousel");
}
