// Screenshots of every view in three languages and two themes, for people to look
// at: target/screenshots/views/<view>-<locale>-<theme>.png (and a few at phone
// widths). Each is taken once its widget has verified and finished rendering, and
// only after checking that nothing overflows sideways.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { recordEvents, rendered, scrollThrough, stagePage, events, inWidget } from "../../helpers.mjs";

const VIEWS = ["summary", "certifications", "reviews", "returns", "full"];
const LOCALES = [["en", "US"], ["de", "DE"], ["ja", "JP"]];
const THEMES = ["light", "dark"];

export default async function ({ page, url, siteDir, assert }) {
  const out = join(siteDir, "../../screenshots/views");
  mkdirSync(out, { recursive: true });
  await recordEvents(page);
  await page.setViewportSize({ width: 900, height: 900 });
  const shoot = async (locale, market, theme, suffix = "") => {
    await page.emulateMedia({ colorScheme: theme });
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
    });
    for (const [i, view] of VIEWS.entries()) {
      // Nothing sticks out sideways, and the carousel's controls stay on one row.
      const fit = await inWidget(page, `w${i}`, (root) => {
        const v = root.querySelector(".tw-view");
        const [prev, next] = [...root.querySelectorAll(".tw-carousel-controls > .tw-icon-button:not(.tw-rotation)")].map((b) => b.getBoundingClientRect().top);
        return { overflow: v.scrollWidth - v.clientWidth, sameRow: prev === next };
      });
      assert.ok(fit.overflow <= 0, `${view}/${locale}/${theme}${suffix}: ${fit.overflow}px horizontal overflow`);
      assert.ok(fit.sameRow, `${view}/${locale}/${theme}${suffix}: previous and next on one row`);
      await page.locator(`#w${i}`).screenshot({ path: join(out, `${view}-${locale}-${theme}${suffix}.png`), animations: "disabled" });
    }
  };
  for (const [locale, market] of LOCALES) {
    for (const theme of THEMES) await shoot(locale, market, theme);
  }
  await page.setViewportSize({ width: 360, height: 780 });
  await shoot("de", "DE", "light", "-phone");
  await shoot("ar", "AE", "dark", "-phone");
  await page.setViewportSize({ width: 320, height: 700 });
  await shoot("ja", "JP", "light", "-320");
}
