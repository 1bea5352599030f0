// Strict Content-Security-Policy with Trusted Types (the server adds the header to
// pages under /csp/ and /csp-minimal/, xtask/src/serve.rs): the verified widget shows,
// with zero `securitypolicyviolation` events.
//   /csp/          default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self';
//                  img-src 'self' https:; connect-src 'self';
//                  require-trusted-types-for 'script'; trusted-types 'none'
//   /csp-minimal/  README.md's smallest policy: no style-src at all (the widget's styles are
//                  a constructed stylesheet), img-src only for the review photos' origin.
import { recordEvents, events, scrollThrough } from "../../helpers.mjs";
import { demoKeys, guard, stageHtml, whenRendered, widgetPage } from "../../hardening.mjs";

const ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>';

export default async function ({ page, url, messages, assert, siteDir }) {
  const key = demoKeys(siteDir)["northwind-outdoor"];
  stageHtml(siteDir, "csp/page.css", "body { font: 16px/1.5 system-ui, sans-serif; margin: 0; } main { max-width: 860px; margin: 0 auto; padding: 16px; }\n");
  stageHtml(siteDir, "csp/icon.svg", ICON);
  stageHtml(siteDir, "csp-minimal/icon.svg", ICON);
  await guard(page);
  await recordEvents(page);
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation",
      (e) => window.__violations.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sample}`), true);
  });
  const loader = { manifest: "/manifests/northwind-outdoor.json", key, attesters: "/attesters.json", market: "US", locale: "en", product: "tent-ridgeline-2" };
  const mounts = [{ view: "full" }, { view: "summary" }, { view: "reviews" }];
  for (const [dir, head] of [
    ["csp", '<link rel="icon" href="/csp/icon.svg"><link rel="stylesheet" href="/csp/page.css">'],
    ["csp-minimal", '<link rel="icon" href="/csp-minimal/icon.svg">'],
  ]) {
    const path = stageHtml(siteDir, `${dir}/index.html`, widgetPage({ title: `Strict CSP (${dir})`, head, mounts, loader }));
    const response = await page.goto(url(path));
    const policy = response.headers()["content-security-policy"] || "";
    assert.match(policy, /require-trusted-types-for 'script'; trusted-types 'none'/, `${dir}: served with the policy`);
    await scrollThrough(page);
    await whenRendered(page, mounts.length);
    // Let lazy images load: img-src is part of the policy too.
    await page.evaluate(async () => {
      for (const el of document.querySelectorAll("[data-trust-widget]")) {
        for (const img of el.shadowRoot.querySelectorAll("img")) { img.loading = "eager"; await img.decode().catch(() => {}); }
      }
    });
    await page.waitForTimeout(300);
    assert.deepEqual((await events(page)).map((e) => e.type), mounts.map(() => "trust-widget:verified"), dir);
    const shown = await page.evaluate(() => [...document.querySelectorAll("[data-trust-widget]")].map((el) => ({
      text: el.shadowRoot.textContent.length, styled: getComputedStyle(el.shadowRoot.querySelector(".tw-root")).containerType,
      images: [...el.shadowRoot.querySelectorAll("img")].filter((i) => i.complete && i.naturalWidth > 0).length,
    })));
    for (const s of shown) assert.ok(s.text > 20, `${dir}: trust claims shown`);
    assert.equal(shown[0].styled, "inline-size", `${dir}: the widget's stylesheet applies`);
    assert.ok(shown.some((s) => s.images > 0), `${dir}: review photos load under img-src`);
    assert.deepEqual(await page.evaluate(() => window.__violations), [], `${dir}: securitypolicyviolation events`);
    assert.deepEqual(await page.evaluate(() => window.__rejections), []);
    assert.deepEqual(messages.filter((m) => m.type === "error" || /Content Security Policy|Trusted Type/i.test(m.text)), [], dir);
  }
}
