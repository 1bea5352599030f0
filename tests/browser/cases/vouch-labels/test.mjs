// Issue 12 item 8: what the shopper sees is what was checked. In every view,
// including the compact summary strip, a certification or review the brand only
// states is told apart from one an independent party attests: at a glance (another
// mark: the green shield or check against a grey "i") and for screen readers (the
// words "Verified by …" / "Stated by the brand" in the control's accessible name),
// in all ten languages. The words come from the widget's own string tables
// (crates/views/i18n/<tag>.json), so a pack that lost or swapped them fails here.
//
// The outdoor brand's sleeping bag has both kinds: the Responsible Down Standard
// attested by a certification body and OEKO-TEX stated by the brand; five reviews
// attested by the review collector and two stated by the brand.
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { recordEvents, rendered, scrollThrough, stagePage, inWidget } from "../../helpers.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const LOCALES = [["en", "US", "en"], ["de", "DE", "de"], ["fr", "FR", "fr"], ["es", "ES", "es"], ["it", "IT", "it"],
  ["ja", "JP", "ja"], ["ko", "KR", "ko"], ["zh-Hans", "CN", "zh-Hans"], ["zh-Hant", "TW", "zh-Hant"], ["ar", "AE", "ar"]];
const VIEWS = ["summary", "certifications", "reviews", "full"];

// One language's strings, read from its language file.
function strings(file) {
  const table = JSON.parse(readFileSync(join(here, "../../../../crates/views/i18n", `${file}.json`), "utf8"));
  const get = (key) => {
    if (typeof table[key] !== "string") throw new Error(`${file}.json has no ${key}`);
    return table[key];
  };
  // A template as a pattern: its placeholders ({attester}, {date}…) match any text.
  const pattern = (key) => new RegExp(`^${get(key).replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{\w+\\?\}/g, ".+")}$`);
  return {
    stated: get("stated_by_brand"), verifiedBy: pattern("verified_by"),
    purchase: pattern("verified_purchase"), collected: pattern("collected_by"),
    counted: pattern("counted_by"), computed: get("computed_from_reviews"),
  };
}

// What each widget shows: badges, review chips and the rating's source.
const shown = (root) => {
  const visible = (el) => {
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === "none" || s.visibility === "hidden" || e.getAttribute("aria-hidden") === "true") return false;
    }
    return true;
  };
  return {
    badges: [...root.querySelectorAll(".tw-badge")].map((b) => ({
      name: b.querySelector(".tw-badge-name").textContent,
      attested: b.classList.contains("tw-badge-attested"), brand: b.classList.contains("tw-badge-brand"),
      expired: b.classList.contains("tw-badge-expired"), compact: b.classList.contains("tw-badge-compact"),
      mark: b.querySelector(".tw-badge-icon").innerHTML,
      vouch: b.querySelector(".tw-vouch-text")?.textContent.replace(/^, /, ""),
      vouchHeard: !!b.querySelector(".tw-vouch-text") && visible(b.querySelector(".tw-vouch-text")),
      labelled: b.hasAttribute("aria-label") || b.hasAttribute("aria-labelledby"),
    })),
    chips: [...root.querySelectorAll(".tw-card .tw-chip")].map((c) => ({
      brand: c.classList.contains("tw-chip-brand"), text: c.textContent, mark: c.querySelector("svg")?.innerHTML,
      heard: visible(c),
    })),
    sources: [...root.querySelectorAll(".tw-source")].map((s) => ({
      collector: s.classList.contains("tw-source-collector"), brand: s.classList.contains("tw-source-brand"),
      text: s.textContent, mark: s.querySelector("svg")?.innerHTML, heard: visible(s.lastElementChild),
    })),
  };
};

export default async function ({ page, url, siteDir, assert }) {
  await recordEvents(page);
  for (const [locale, market, file] of LOCALES) {
    const t = strings(file);
    const path = stagePage(siteDir, "vouch-labels", `${locale}.html`, {
      lang: locale, widgets: VIEWS.map((view) => ({ view, locale, market, product: "bag-kestrel-5" })),
    });
    await page.goto(url(path));
    await scrollThrough(page);
    await rendered(page, VIEWS.length);
    const marks = { badge: { attested: new Set(), brand: new Set() }, chip: { attested: new Set(), brand: new Set() } };
    for (const [i, view] of VIEWS.entries()) {
      const where = `${locale} ${view}`;
      const s = await inWidget(page, `w${i}`, shown);
      // The accessibility tree, as a screen reader gets it (open shadow roots included).
      const tree = await page.locator(`#w${i}`).ariaSnapshot();
      const heard = (name, words) => tree.split("\n").some((l) => /\bbutton\b/.test(l) && l.includes(name) && l.includes(words));

      if (view !== "reviews") {
        assert.ok(s.badges.some((b) => b.attested) && s.badges.some((b) => b.brand), `${where}: both kinds of certification shown`);
      }
      for (const b of s.badges) {
        assert.ok(b.attested !== b.brand, `${where}: ${b.name} is marked attested or brand-stated, not both or neither`);
        if (view === "summary") assert.ok(b.compact, `${where}: the summary strip's badges are the compact ones`);
        assert.ok(b.vouchHeard && !b.labelled, `${where}: ${b.name}: who vouches is in the accessible name`);
        if (b.brand) assert.equal(b.vouch, t.stated, `${where}: ${b.name} says stated by the brand`);
        else assert.match(b.vouch, t.verifiedBy, `${where}: ${b.name} says who verified it`);
        assert.ok(heard(b.name, b.vouch), `${where}: a screen reader hears "${b.name}" with "${b.vouch}"\n${tree}`);
        if (!b.expired) marks.badge[b.attested ? "attested" : "brand"].add(b.mark);
      }

      if (view === "reviews" || view === "full") {
        assert.ok(s.chips.some((c) => c.brand) && s.chips.some((c) => !c.brand), `${where}: both kinds of review shown`);
        // The carousel hides all but the current slide from assistive technology.
        assert.ok(s.chips.some((c) => c.heard), `${where}: the current review's chip is exposed`);
      }
      for (const c of s.chips) {
        if (c.brand) assert.equal(c.text, t.stated, `${where}: a brand-stated review says so`);
        else assert.ok(t.purchase.test(c.text) || t.collected.test(c.text), `${where}: an attested review names its collector: "${c.text}"`);
        if (c.heard) assert.ok(heard("", c.text), `${where}: a screen reader hears the review chip "${c.text}"\n${tree}`);
        marks.chip[c.brand ? "brand" : "attested"].add(c.mark);
      }

      if (view === "summary" || view === "reviews" || view === "full") {
        assert.ok(s.sources.length >= 1, `${where}: the rating says who counted it`);
      }
      for (const r of s.sources) {
        assert.ok(r.heard && r.collector !== r.brand, `${where}: rating source marked and exposed`);
        if (r.collector) assert.match(r.text, t.counted, `${where}: "Counted by …"`);
        else assert.equal(r.text, t.computed, `${where}: computed from the brand's reviews`);
      }
    }
    // At a glance: the marks of the two kinds never coincide, in any view.
    for (const kind of ["badge", "chip"]) {
      const { attested, brand } = marks[kind];
      assert.ok(attested.size > 0 && brand.size > 0, `${locale}: both kinds of ${kind} seen`);
      assert.ok([...attested].every((m) => !brand.has(m)), `${locale}: an attested ${kind} never wears the brand-stated mark`);
    }
  }
}
