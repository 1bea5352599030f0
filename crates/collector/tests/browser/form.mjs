// The review form in real headless Chromium (run by tests/buyer_browser.rs, which
// starts the collector and hands over the links): axe finds no violations on the
// form, on its error page and on the thanks page, in English and in Arabic (RTL);
// the keyboard alone reaches every control in order; with JavaScript disabled the
// form still submits, photo included. Any console message of type error (a CSP
// violation, a 404) fails the run.
//
// The merchant's admin page gets the same axe scan, logged in.
//
// usage: node form.mjs BASE_URL TOKEN_EN TOKEN_AR TOKEN_ERR PHOTO_PATH ADMIN_TOKEN
import { chromium } from "playwright-core";
import AxeBuilder from "@axe-core/playwright";
import assert from "node:assert/strict";

const [base, tokenEn, tokenAr, tokenErr, photo, adminToken] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
});
const errors = [];
const watch = (page) => {
  // The error page (422) and the used-link page (409) are meant: the browser logs
  // their status; anything else is a failure.
  const expected = /^Failed to load resource: the server responded with a status of (422|409)/;
  page.on("console", (m) => m.type() === "error" && !expected.test(m.text()) && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(`uncaught: ${e.message}`));
};

async function axe(page, name) {
  const r = await new AxeBuilder({ page }).options({ resultTypes: ["violations"] }).analyze();
  const report = r.violations.map((v) => `${name} ${v.id} (${v.impact}): ${v.help} ${JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target))}`);
  assert.deepEqual(report, [], "axe violations");
}

try {
  // 1. Phone-sized, JavaScript off: axe, keyboard order, a full submission with a photo.
  const ctx = await browser.newContext({ viewport: { width: 375, height: 740 }, javaScriptEnabled: false, isMobile: true });
  const page = await ctx.newPage();
  watch(page);
  await page.goto(`${base}/r/${tokenEn}`);
  // axe injects a script: run it in a JavaScript-enabled copy of the same page below;
  // here only what needs no script of ours.
  const order = [];
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press("Tab");
    order.push(await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName));
  }
  // A radio group is one tab stop; then the fields in document order.
  assert.deepEqual(order.slice(0, 7), ["rating", "title", "body", "name", "incentive", "photo", "BUTTON"], `tab order: ${order}`);
  await page.keyboard.press("Shift+Tab"); // back to the file input
  await page.focus("#rating");
  await page.keyboard.press("ArrowDown"); // radios move with arrows: 5 → 4 stars
  assert.equal(await page.evaluate(() => document.querySelector("input[name=rating]:checked")?.value), "4");
  await page.fill("#title", "Works offline too");
  await page.fill("#body", "Set up in five minutes, no script needed.");
  await page.fill("#name", "Kim");
  await page.check("#incentive");
  await page.setInputFiles("#photo", photo);
  await page.click("button[type=submit]");
  await page.waitForLoadState();
  assert.match(await page.textContent("h1"), /Thank you/);
  await ctx.close();

  // 2. JavaScript on (for axe): the form in English and Arabic, the error page, the thanks page.
  const ctx2 = await browser.newContext({ viewport: { width: 375, height: 740 } });
  const p2 = await ctx2.newPage();
  watch(p2);
  await p2.goto(`${base}/r/${tokenAr}`);
  assert.equal(await p2.getAttribute("html", "dir"), "rtl");
  await axe(p2, "form ar");
  await p2.goto(`${base}/r/${tokenErr}`);
  await axe(p2, "form en");
  // Submit with nothing chosen (the browser's own checks removed) to get the server's errors.
  await p2.evaluate(() => document.querySelectorAll("[required]").forEach((e) => e.removeAttribute("required")));
  await p2.click("button[type=submit]");
  await p2.waitForLoadState();
  assert.equal(await p2.getAttribute("[role=alert]", "id"), "errors");
  assert.equal(await p2.evaluate(() => document.activeElement.id), "errors", "the error summary has the focus");
  assert.equal(await p2.getAttribute("#body", "aria-invalid"), "true");
  assert.equal(await p2.getAttribute("#body", "aria-describedby"), "body-error");
  await axe(p2, "error page");
  // The summary's links move focus to the field.
  await p2.click("a[href='#body']");
  assert.equal(await p2.evaluate(() => document.activeElement.id), "body");
  await p2.goto(`${base}/r/${tokenEn}`);
  assert.match(await p2.textContent("h1"), /already used/);
  await axe(p2, "used page");
  // The admin page, logged in, with the review just written.
  await p2.goto(`${base}/admin`);
  await axe(p2, "admin login");
  await p2.fill("#token", adminToken);
  await p2.click("button[type=submit]");
  await p2.waitForLoadState();
  await p2.goto(`${base}/admin/brands/acme`);
  assert.match(await p2.textContent("body"), /Set up in five minutes/);
  await axe(p2, "admin brand page");
  // A removal from the page itself (CSRF token and origin as a browser sends them).
  await p2.selectOption("select[name=reason]", "author-request");
  await p2.click("form[action$='/remove'] button");
  await p2.waitForLoadState();
  assert.ok(await p2.isVisible("form[action$='/restore'] button"), "removed, restore offered");
  assert.match(await p2.textContent("body"), /author-request/);
  await ctx2.close();
  assert.deepEqual(errors, [], "console errors");
  console.log("ok form in Chromium");
} finally {
  await browser.close();
}
