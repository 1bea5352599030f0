// Shared helpers for page test cases.

// Records every trust-widget event on the page (set up before the page loads).
export async function recordEvents(page) {
  await page.addInitScript(() => {
    window.__tw = [];
    for (const type of ["trust-widget:verified", "trust-widget:error"]) {
      document.addEventListener(type, (e) => window.__tw.push({ type, detail: e.detail }), true);
    }
  });
}

export const events = (page) => page.evaluate(() => window.__tw);

// Waits until `n` widgets have settled (verified or failed).
export async function settled(page, n) {
  await page.waitForFunction((n) => (window.__tw || []).length >= n, n, { timeout: 15000 });
}

// Text inside every widget's shadow root, by mount point (in document order).
export const widgetTexts = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll("[data-trust-widget]")].map((el) => (el.shadowRoot ? el.shadowRoot.textContent : null)));

// Scrolls every mount point into view so the lazy loader starts them all.
export async function scrollThrough(page) {
  await page.evaluate(async () => {
    for (const el of document.querySelectorAll("[data-trust-widget]")) {
      el.scrollIntoView();
      await new Promise((r) => requestAnimationFrame(r));
    }
    window.scrollTo(0, 0);
  });
}
