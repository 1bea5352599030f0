// Reviews in the shopper's language come first: the first slide is in the page's
// language whenever such reviews exist, and no review in that language comes
// after one in another language. Reviews in other languages say so.
import { recordEvents, rendered, scrollThrough, stagePage, inWidget } from "../../helpers.mjs";

// The outdoor tent has reviews in en, de, ja, ar, es and ko, none in it.
const RUNS = [["en", "US"], ["de", "DE"], ["ja", "JP"], ["ar", "AE"], ["ko", "KR"], ["it", "IT"]];

export default async function ({ page, url, siteDir, assert }) {
  await recordEvents(page);
  const path = stagePage(siteDir, "language-first", "index.html", {
    widgets: RUNS.map(([locale, market]) => ({ view: "reviews", locale, market })),
  });
  await page.goto(url(path));
  await scrollThrough(page);
  await rendered(page, RUNS.length);
  for (const [i, [locale]] of RUNS.entries()) {
    const slides = await inWidget(page, `w${i}`, (root) => [...root.querySelectorAll(".tw-slide")].map((s) => ({
      lang: s.querySelector(".tw-card-text").getAttribute("lang").split("-")[0].toLowerCase(),
      active: s.classList.contains("tw-slide-active"),
      marked: !!s.querySelector(".tw-card-lang"),
    })));
    const langs = slides.map((s) => s.lang);
    assert.ok(slides.length > 3, `${locale}: several reviews`);
    assert.ok(slides[0].active, `${locale}: the carousel starts at the first review`);
    const mine = langs.filter((l) => l === locale).length;
    if (locale === "it") {
      assert.equal(mine, 0, "no Italian reviews in the sample");
    } else {
      assert.ok(mine > 0, `${locale}: reviews in ${locale} exist`);
      assert.equal(langs[0], locale, `${locale}: the first review is in the shopper's language (${langs.join(",")})`);
    }
    assert.deepEqual(langs.slice(0, mine), Array(mine).fill(locale), `${locale}: all ${locale} reviews first (${langs.join(",")})`);
    for (const s of slides) assert.equal(s.marked, s.lang !== locale, `${locale}: "written in" shown only on other-language reviews`);
  }
}
