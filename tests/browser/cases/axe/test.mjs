// axe-core finds no violations in any view (summary, certifications, reviews,
// returns, full) in en, de, ja and ar, in the light and the dark theme, nor on the
// demo storefront pages, which combine the summary and full views.
// axe looks inside the widgets' open shadow roots; the scan is scoped to the hosts.
// The full view repeats the other views as its sections, so it gets its own page
// (the same view twice on one page would rightly be flagged as duplicate landmarks).
import AxeBuilder from "@axe-core/playwright";
import { recordEvents, rendered, scrollThrough, stagePage } from "../../helpers.mjs";

const LOCALES = [["en", "US"], ["de", "DE"], ["ja", "JP"], ["ar", "AE"]];
const DEMO = ["/", "/de/", "/skincare/", "/electronics/"];

export default async function ({ context, url, siteDir, messages, assert }) {
  // Per theme: one page with the four single views in all four languages (their
  // landmarks' names differ by language), and one with the full view in each.
  const pages = [];
  for (const theme of ["light", "dark"]) {
    const widgets = (views) => LOCALES.flatMap(([locale, market]) => views.map((view) => ({ view, locale, market, theme })));
    const opts = { dark: theme === "dark", title: `axe ${theme}` };
    pages.push([`views/${theme}`, stagePage(siteDir, "axe", `views-${theme}.html`, { ...opts, widgets: widgets(["summary", "certifications", "reviews", "returns"]) })]);
    pages.push([`full/${theme}`, stagePage(siteDir, "axe", `full-${theme}.html`, { ...opts, widgets: widgets(["full"]) })]);
  }
  for (const path of DEMO) pages.push([`demo ${path}`, path]);

  // Scans run side by side in tabs of their own (console errors still fail the case).
  const report = [];
  const scan = async ([name, path]) => {
    const page = await context.newPage();
    page.on("console", (m) => messages.push({ type: m.type(), text: m.text() }));
    page.on("pageerror", (e) => messages.push({ type: "error", text: `uncaught: ${e.message}` }));
    await recordEvents(page);
    await page.emulateMedia({ colorScheme: name.includes("dark") ? "dark" : "light" });
    await page.goto(url(path));
    const n = await page.evaluate(() => document.querySelectorAll("[data-trust-widget]").length);
    await scrollThrough(page);
    await rendered(page, n);
    const result = await new AxeBuilder({ page }).include("[data-trust-widget]").options({ resultTypes: ["violations"] }).analyze();
    for (const v of result.violations) {
      report.push(`${name} ${v.id} (${v.impact}): ${v.help}\n` +
        v.nodes.slice(0, 4).map((node) => `    ${JSON.stringify(node.target)}: ${node.failureSummary.replace(/\n/g, " ")}`).join("\n"));
    }
    // The scan really looked inside the widgets.
    assert.ok(result.passes.length > 10 && result.passes.some((p) => p.nodes.some((node) => node.target.some(Array.isArray))),
      `${name}: axe checked nodes inside the shadow roots`);
    await page.close();
  };
  const queue = [...pages];
  await Promise.all([1, 2, 3].map(async () => {
    while (queue.length) await scan(queue.shift());
  }));
  assert.equal(report.length, 0, `axe violations:\n${report.join("\n")}`);
}
