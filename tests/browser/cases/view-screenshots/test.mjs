// Screenshots of every view in three languages and two themes, for people to look
// at: target/screenshots/views/<view>-<locale>-<theme>.png (and a few at phone
// widths: 390 and 720 px in English and Japanese among them). Each is taken once
// its widget has verified and finished rendering, and only after the layout checks
// of ../../layout.mjs (no sideways overflow, carousel controls on one row, "More"
// only on clamped reviews, no empty band in the summary).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { recordEvents, rendered, scrollThrough, stagePage, events } from "../../helpers.mjs";
import { layoutProblems } from "../../layout.mjs";

const VIEWS = ["summary", "certifications", "reviews", "returns", "full"];
const LOCALES = [["en", "US"], ["de", "DE"], ["ja", "JP"]];
const THEMES = ["light", "dark"];

export default async function ({ page, url, siteDir, assert }) {
  const out = join(siteDir, "../../screenshots/views");
  mkdirSync(out, { recursive: true });
  await recordEvents(page);
  await page.setViewportSize({ width: 900, height: 900 });
  const shoot = async (locale, market, theme, suffix = "") => {
    // Reduced motion holds the carousel still for the shots (no rotation, no
    // fades). Not Playwright's `animations: "disabled"`: it finishes every CSS
    // animation, the scroll-driven one that shows "More" where a review is cut
    // included, and that left "More" missing on the next pages it loaded.
    await page.emulateMedia({ colorScheme: theme, reducedMotion: "reduce" });
    const path = stagePage(siteDir, "view-screenshots", `${locale}-${theme}.html`, {
      lang: locale, dark: theme === "dark", title: `${locale} ${theme}`,
      widgets: VIEWS.map((view) => ({ view, locale, market, theme })),
    });
    await page.goto(url(path));
    await scrollThrough(page);
    await rendered(page, VIEWS.length);
    assert.ok((await events(page)).every((e) => e.type === "trust-widget:verified"));
    // Lazy images (photos, video posters) loaded before anything is shot.
    await page.evaluate(async () => {
      for (const host of document.querySelectorAll("[data-trust-widget]")) {
        for (const img of host.shadowRoot.querySelectorAll("img")) {
          img.scrollIntoView();
          await img.decode().catch(() => {});
        }
      }
      scrollTo(0, 0);
      await document.fonts.ready;
    });
    for (const [i, view] of VIEWS.entries()) {
      assert.deepEqual(await layoutProblems(page, `w${i}`), [], `${view}/${locale}/${theme}${suffix}`);
      await page.locator(`#w${i}`).screenshot({ path: join(out, `${view}-${locale}-${theme}${suffix}.png`) });
    }
  };
  for (const [locale, market] of LOCALES) {
    for (const theme of THEMES) await shoot(locale, market, theme);
  }
  await page.setViewportSize({ width: 720, height: 900 });
  await shoot("ja", "JP", "light", "-720");
  await page.setViewportSize({ width: 390, height: 844 });
  await shoot("en", "US", "light", "-390");
  await shoot("ja", "JP", "dark", "-390");
  await page.setViewportSize({ width: 360, height: 780 });
  await shoot("de", "DE", "light", "-phone");
  await shoot("ar", "AE", "dark", "-phone");
  await page.setViewportSize({ width: 320, height: 700 });
  await shoot("ja", "JP", "light", "-320");
}
