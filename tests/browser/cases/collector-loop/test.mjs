// The review loop end to end (issue 13 item 9 and its quality bar), on the demo as
// `cargo xtask demo` serves it: trust-collector beside the storefront, its mail
// going to a real SMTP server the xtask runs (the demo mailbox). From the product
// page a simulated order posts a Shopify `orders/fulfilled` webhook signed with the
// shop's secret; the invitation arrives in the mailbox; its link opens the review
// form, filled and submitted with a JPEG carrying GPS EXIF; `trust-collector
// publish` writes the signed pages and `trustctl verify --pages` accepts them; the
// product page's widget shows the review as a verified purchase via the collector,
// with the photo, and the photo the collector serves has no EXIF left and the hash
// the collector signed. axe finds nothing on the mailbox and the product page. The
// order names the tent by Shopify's numeric product id: the collector publishes it
// under the manifest's id. Last, the brand replies on the admin page and the widget
// shows the reply, signed by the collector, as the brand's.
// The xtask runs this case on SQLite (page tests) and on PostgreSQL (`collector
// loop on postgresql`).
import AxeBuilder from "@axe-core/playwright";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { recordEvents, rendered, scrollThrough } from "../../helpers.mjs";

const BRAND = "northwind-live";

// A JPEG drawn by Chromium, with an APP1 EXIF segment holding a GPS position
// (47°30'12.34" N, 11°15'56.78" E) spliced in after the start-of-image marker.
async function photoWithGps(page) {
  const dataUrl = await page.evaluate(() => {
    const c = document.createElement("canvas");
    c.width = 96; c.height = 64;
    const g = c.getContext("2d");
    const grad = g.createLinearGradient(0, 0, 96, 64);
    grad.addColorStop(0, "#2f6b4f"); grad.addColorStop(1, "#f2d38a");
    g.fillStyle = grad; g.fillRect(0, 0, 96, 64);
    return c.toDataURL("image/jpeg", 0.9);
  });
  const jpeg = Buffer.from(dataUrl.split(",")[1], "base64");
  const tiff = Buffer.alloc(128);
  tiff.write("MM", 0, "latin1"); tiff.writeUInt16BE(42, 2); tiff.writeUInt32BE(8, 4);
  const entry = (at, tag, type, count, value) => {
    tiff.writeUInt16BE(tag, at); tiff.writeUInt16BE(type, at + 2); tiff.writeUInt32BE(count, at + 4);
    if (typeof value === "string") tiff.write(value, at + 8, "latin1"); else tiff.writeUInt32BE(value, at + 8);
  };
  tiff.writeUInt16BE(1, 8); entry(10, 0x8825, 4, 1, 26); tiff.writeUInt32BE(0, 22); // IFD0 → GPS IFD
  tiff.writeUInt16BE(4, 26);
  entry(28, 1, 2, 2, "N\0"); entry(40, 2, 5, 3, 80); entry(52, 3, 2, 2, "E\0"); entry(64, 4, 5, 3, 104);
  tiff.writeUInt32BE(0, 76);
  [[47, 1], [30, 1], [1234, 100], [11, 1], [15, 1], [5678, 100]].forEach(([n, d], i) => {
    tiff.writeUInt32BE(n, 80 + i * 8); tiff.writeUInt32BE(d, 84 + i * 8);
  });
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, 0, 0]), Buffer.from("Exif\0\0", "latin1"), tiff]);
  app1.writeUInt16BE(app1.length - 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), app1, jpeg.subarray(2)]);
}

// Node's child_process with the collector's configuration; output as text.
function run(bin, args, env = {}) {
  return execFileSync(bin, args, { env: { ...process.env, ...env }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

async function axeClean(page, assert, what) {
  const result = await new AxeBuilder({ page }).options({ resultTypes: ["violations"] }).analyze();
  assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(", ")})`), [], `axe on ${what}`);
}

const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

export default async function ({ page, url, siteDir, assert }) {
  const { COLLECTOR_BIN, COLLECTOR_ENV, TRUSTCTL, LOOP_WORK, LOOP_KEYS } = process.env;
  assert.ok(COLLECTOR_BIN && COLLECTOR_ENV && TRUSTCTL && LOOP_WORK && LOOP_KEYS,
    "run through `cargo xtask test page` (it starts the collector beside the demo)");
  const collectorEnv = JSON.parse(COLLECTOR_ENV);
  const stamp = Date.now();
  const email = `buyer-${stamp}@example.com`;
  const title = `Dry through a storm night ${stamp}`;

  // 1. A simulated order from the product page: the demo server signs the webhook.
  await page.goto(url("/loop/"));
  await page.fill("#buyer-email", email);
  await page.selectOption("#buyer-locale", "de");
  await page.selectOption("#buyer-country", "DE");
  await Promise.all([page.waitForURL("**/mailbox/"), page.click('form[action="/loop/simulate-order"] button[type="submit"]')]);

  // 2. The invitation, captured by the SMTP server: the mailbox reloads until it is in.
  let link = null;
  for (const end = Date.now() + 60_000; !link && Date.now() < end;) {
    // (The empty mailbox reloads itself: a navigation may end an evaluation.)
    link = await page.evaluate((email) => {
      const mail = [...document.querySelectorAll("article.mail")].find((m) => m.textContent.includes(email));
      return mail ? mail.querySelector('a[href*="/r/"]:not([href$="/unsubscribe"])')?.getAttribute("href") : null;
    }, email).catch(() => null);
    if (!link) { await page.waitForTimeout(1000); await page.goto(url("/mailbox/")); }
  }
  assert.ok(link, `an invitation to ${email} with a review link`);
  assert.match(link, new RegExp(`^${url("/r/")}[A-Za-z0-9_-]{22,}$`), "the link is on the storefront's origin and carries a long token");
  const mail = await page.evaluate((email) => [...document.querySelectorAll("article.mail")].find((m) => m.textContent.includes(email)).textContent, email);
  assert.match(mail, /Language: de/, "the invitation is in the buyer's language");
  await axeClean(page, assert, "the mailbox");

  // 3. The review form, filled and submitted with a photo carrying GPS EXIF.
  const photo = await photoWithGps(page);
  assert.ok(photo.includes(Buffer.from("Exif\0\0", "latin1")), "the upload carries EXIF");
  await page.goto(link);
  assert.equal(await page.getAttribute("html", "lang"), "de", "the form is in the buyer's language");
  await page.check('input[name="rating"][value="4"]');
  await page.fill("#title", title);
  await page.fill("#body", "Zwei Nächte Starkregen am Brenner, innen blieb alles trocken. Die Heringe könnten länger sein.");
  await page.fill("#name", "Anna K.");
  await page.check('input[name="incentive"][value="no"]');
  await page.setInputFiles("#photo", { name: "zelt.jpg", mimeType: "image/jpeg", buffer: photo });
  const [answer] = await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
  assert.equal(answer.status(), 200, `the submission is accepted: ${await page.textContent("body")}`);

  // 4. `trust-collector publish` and `trustctl verify --pages` on what it wrote.
  const out = mkdtempSync(join(tmpdir(), "collector-loop-"));
  const published = run(COLLECTOR_BIN, ["publish", "--brand", BRAND, "--out", join(out, "pages")], collectorEnv);
  assert.match(published, /^published \d+ reviews of northwind-live/, published);
  const pageText = JSON.parse(JSON.parse(readFileSync(join(out, "pages", "page-0.json"), "utf8")).page);
  const signed = pageText.reviews.find((r) => r.name === title);
  assert.ok(signed, "the review is in the collector's page 0");
  assert.equal(signed.verification.method, "order-invitation");
  // Shopify named the tent by a numeric id; the collector published the manifest's id.
  assert.equal(signed.product, "tent-ridgeline-2", "the order system's product id mapped to the manifest's");
  assert.equal(signed.photos.length, 1, "one photo, signed with its hash");
  run(TRUSTCTL, ["sign", "--key", join(LOOP_KEYS, `${BRAND}.key`), "--expires-in", "7d", "--sequence", "1",
    "--attach", join(out, "pages", "review-pages.json"), join(LOOP_WORK, `${BRAND}.manifest.json`), "-o", join(out, "manifest.json")]);
  const verified = run(TRUSTCTL, ["verify", "--key", join(LOOP_KEYS, `${BRAND}.pub`), "--trust", join(siteDir, "attesters.json"),
    "--pages", join(out, "pages"), join(out, "manifest.json")]);
  assert.match(verified, /^pages: +(\d+) of \1 verified \(\d+ reviews, attested by Trust Collector \(demo\)\)/m, verified);

  // 5. The product page's widget: the review, verified by the collector, with the photo.
  await recordEvents(page);
  let card = null;
  for (const end = Date.now() + 30_000; !card && Date.now() < end;) {
    await page.goto(url("/loop/"));
    await scrollThrough(page);
    await rendered(page, 3);
    card = await page.evaluate((title) => {
      const root = document.querySelector('[data-trust-widget][data-view="reviews"]').shadowRoot;
      const c = [...root.querySelectorAll(".tw-card")].find((c) => c.textContent.includes(title));
      if (!c) return null;
      c.scrollIntoView();
      return { chip: c.querySelector(".tw-chip")?.className, text: c.textContent };
    }, title);
  }
  assert.ok(card, "the review shows in the product page's widget");
  assert.match(card.chip, /tw-chip-verified/);
  assert.match(card.text, /Verified purchase · via Trust Collector \(demo\)/);
  const img = await page.waitForFunction((title) => {
    const root = document.querySelector('[data-trust-widget][data-view="reviews"]').shadowRoot;
    const c = [...root.querySelectorAll(".tw-card")].find((c) => c.textContent.includes(title));
    const i = c && c.querySelector("img.tw-photo");
    return i && i.complete && i.naturalWidth > 0 ? i.src : null;
  }, title, { timeout: 15000 }).then((h) => h.jsonValue());
  assert.equal(img, signed.photos[0].url, "the widget shows the signed photo");
  assert.ok(img.startsWith(url(`/v1/brands/${BRAND}/photos/`)), img);

  // 6. The photo as served: re-encoded, EXIF gone, the hash the collector signed.
  const served = Buffer.from(await (await page.request.get(img)).body());
  assert.deepEqual([...served.subarray(0, 2)], [0xff, 0xd8], "a JPEG");
  assert.ok(!served.includes(Buffer.from("Exif", "latin1")), "no EXIF in the served photo");
  assert.ok(!served.includes(Buffer.from([0x4d, 0x4d, 0, 42])), "no TIFF block in the served photo");
  assert.equal(sha256(served), signed.photos[0].sha256, "the served photo is the one signed");
  await axeClean(page, assert, "the product page with the collected review");

  // 7. The brand replies on the collector's admin page; the collector re-publishes, the
  // demo re-signs the manifest, and the widget shows the reply as the brand's.
  const reply = `Danke, Anna! Longer pegs are on their way ${stamp}.`;
  await page.goto(url("/admin"));
  await page.fill("#token", collectorEnv.TRUST_COLLECTOR_ADMIN_TOKEN);
  await Promise.all([page.waitForURL("**/admin"), page.click('form[action="/admin/login"] button[type="submit"]')]);
  await page.goto(url(`/admin/brands/${BRAND}`));
  const row = page.locator("tr", { hasText: title });
  await row.locator('textarea[name="body"]').fill(reply);
  await Promise.all([page.waitForURL(`**/admin/brands/${BRAND}`), row.locator('form[action$="/reply"] button[type="submit"]').click()]);
  let replied = null;
  for (const end = Date.now() + 30_000; !replied && Date.now() < end;) {
    await page.goto(url("/loop/"));
    await scrollThrough(page);
    await rendered(page, 3);
    replied = await page.evaluate((title) => {
      const root = document.querySelector('[data-trust-widget][data-view="reviews"]').shadowRoot;
      const c = [...root.querySelectorAll(".tw-card")].find((c) => c.textContent.includes(title));
      const r = c && c.querySelector(".tw-card-reply");
      return r ? r.textContent : null;
    }, title);
  }
  assert.ok(replied, "the brand's reply shows under the review");
  assert.match(replied, /^Reply from the brand · /, "labelled as the brand's");
  assert.ok(replied.includes(reply), replied);
}
