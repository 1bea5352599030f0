// An expired certificate (the outdoor brand's GRS certificate for the tent ran
// out on 2026-03-31) is absent by default from every view, and with
// data-show-expired="true" it is shown last, marked expired, never as valid.
import { recordEvents, rendered, scrollThrough, stagePage, inWidget, untilInWidget } from "../../helpers.mjs";

const GRS = "Global Recycled Standard";

const badges = (page, id) => inWidget(page, id, (root) =>
  [...root.querySelectorAll(".tw-badge")].map((b) => ({ text: b.textContent, expired: b.classList.contains("tw-badge-expired") })));

export default async function ({ page, url, siteDir, assert }) {
  await recordEvents(page);
  const path = stagePage(siteDir, "expired-certificates", "index.html", {
    widgets: [
      { view: "certifications", locale: "en", market: "US" },
      { view: "full", locale: "en", market: "US" },
      { view: "certifications", locale: "en", market: "US", showExpired: "true", label: "show expired" },
      { view: "certifications", locale: "de", market: "DE", showExpired: "true", label: "show expired, German" },
    ],
  });
  await page.goto(url(path));
  await scrollThrough(page);
  await rendered(page, 4);

  for (const id of ["w0", "w1"]) {
    const list = await badges(page, id);
    assert.ok(list.length > 0, `${id} shows the valid certificates`);
    assert.ok(list.every((b) => !b.expired && !b.text.includes(GRS)), `${id}: no expired certificate by default`);
    const text = await inWidget(page, id, (root) => root.textContent);
    assert.ok(!text.includes(GRS) && !text.includes("Expired"), `${id}: nothing about the expired certificate`);
  }

  const shown = await badges(page, "w2");
  const grs = shown.find((b) => b.text.includes(GRS));
  assert.ok(grs, "shown with data-show-expired");
  assert.ok(grs.expired, "marked with the expired style");
  assert.match(grs.text, /Expired/);
  assert.match(grs.text, /Expired on/);
  assert.doesNotMatch(grs.text, /Valid until/, "never worded as valid");
  assert.equal(shown.indexOf(grs), shown.length - 1, "expired certificates come after the valid ones");
  assert.equal(shown.length, (await badges(page, "w0")).length + 1);

  // Its details say so too.
  await inWidget(page, "w2", (root) => [...root.querySelectorAll(".tw-badge")].find((b) => b.textContent.includes("Global Recycled")).click());
  const details = await untilInWidget(page, "w2", (root) => root.querySelector("dialog[open]")?.textContent);
  assert.match(details, /Expired on/);
  assert.doesNotMatch(details, /Valid until/);
  await page.keyboard.press("Escape");

  const de = (await badges(page, "w3")).find((b) => b.text.includes(GRS));
  assert.ok(de && de.expired && /Abgelaufen/.test(de.text), "marked expired in German too");
}
