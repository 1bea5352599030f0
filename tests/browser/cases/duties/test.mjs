// Duties wording follows the brand's signed policy for the market: the outdoor
// brand ships to DE duties paid (DDP) and to JP duties due on delivery (DDU),
// in the shopper's language.
import { recordEvents, rendered, scrollThrough, stagePage, inWidget } from "../../helpers.mjs";

const DDP = { en: "Duties and taxes included", de: "Zölle und Steuern inklusive", ja: "関税・税金込み" };
const DDU = { en: "Import duties and taxes due on delivery", de: "Einfuhrzölle und Steuern sind bei Lieferung fällig", ja: "輸入関税・税金はお届け時にお支払い" };

// The main line of the duties fact ("Duties and taxes" row).
const duties = (page, id) => inWidget(page, id, (root) => {
  const facts = [...root.querySelectorAll(".tw-fact")];
  const last = facts.find((f) => f.querySelector(".tw-fact-value .tw-strong") && f.querySelector("svg") && /Zölle|Duties|関税|Import/i.test(f.textContent));
  return { all: root.textContent, fact: last ? last.querySelector(".tw-fact-value .tw-strong").textContent : null };
});

export default async function ({ page, url, siteDir, assert }) {
  await recordEvents(page);
  const cases = [["DE", "de", DDP.de, DDU.de], ["JP", "ja", DDU.ja, DDP.ja], ["DE", "en", DDP.en, DDU.en], ["JP", "en", DDU.en, DDP.en],
    ["US", "en", DDP.en, DDU.en]];
  const path = stagePage(siteDir, "duties", "index.html", {
    widgets: cases.map(([market, locale]) => ({ view: "returns", market, locale })),
  });
  await page.goto(url(path));
  await scrollThrough(page);
  await rendered(page, cases.length);
  for (const [i, [market, locale, want, not]] of cases.entries()) {
    const { all, fact } = await duties(page, `w${i}`);
    assert.equal(fact, want, `${market}/${locale}: duties line`);
    assert.ok(!all.includes(not), `${market}/${locale}: no "${not}"`);
  }
}
