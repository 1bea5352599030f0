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
// The public log (issue 15): the demo trust list names the collector's log and
// its witness (k = 1); the checkpoint the widget accepted is signed by the log
// and cosigned by the demo witness (checked here with Node's Ed25519), and the
// widget moves to the next checkpoint after the reply (consistency proved from
// the log's tiles) with no `log-invalid`; a second buyer's review removed on the
// admin page as spam is a removal leaf with its reason in the log's entries, the
// widget shows the collector's signed removal counts, and `trustctl audit` over
// the running log agrees with them and finds no inconsistency.
// The xtask runs this case on SQLite (page tests) and on PostgreSQL (`collector
// loop on postgresql`).
import AxeBuilder from "@axe-core/playwright";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { recordEvents, rendered, scrollThrough } from "../../helpers.mjs";
import { cosignatureTime, entries, logSigned, parseNote } from "./log.mjs";

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

// The product page has been open for a while when it is scanned, so its carousel is
// rotating, and a slide fades in over 0.35 s: axe measured the contrast of a half-faded
// card once (a clean run failed on it). With reduced motion slides switch without
// fading, so the scan waits until no slide is part-way and sees only whole ones.
async function axeClean(page, assert, what) {
  await page.emulateMedia({ reducedMotion: "reduce" });
  await page.waitForFunction(() => [...document.querySelectorAll("*")].filter((e) => e.shadowRoot)
    .every((host) => [...host.shadowRoot.querySelectorAll(".tw-slide")].every((s) => ["0", "1"].includes(getComputedStyle(s).opacity))));
  const result = await new AxeBuilder({ page }).options({ resultTypes: ["violations"] }).analyze();
  await page.emulateMedia({ reducedMotion: null });
  assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(", ")})`), [], `axe on ${what}`);
}

const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

export default async function ({ page, url, siteDir, assert, messages }) {
  const { COLLECTOR_BIN, COLLECTOR_ENV, TRUSTCTL, LOOP_WORK, LOOP_KEYS, LOG_KEY, LOG_URL, WITNESS_KEY } = process.env;
  assert.ok(COLLECTOR_BIN && COLLECTOR_ENV && TRUSTCTL && LOOP_WORK && LOOP_KEYS && LOG_KEY && LOG_URL && WITNESS_KEY,
    "run through `cargo xtask test page` (it starts the collector beside the demo)");
  const collectorEnv = JSON.parse(COLLECTOR_ENV);
  const stamp = Date.now();
  const email = `buyer-${stamp}@example.com`;
  const title = `Dry through a storm night ${stamp}`;
  const spammer = `deals-${stamp}@example.com`;
  const spamTitle = `Cheap tents on my site ${stamp}`;

  // The product page reloaded until `probe` (run in the page) finds what it waits for.
  const reloadUntil = async (probe, arg) => {
    let found = null;
    for (const end = Date.now() + 30_000; !found && Date.now() < end;) {
      await page.goto(url("/loop/"));
      await scrollThrough(page);
      await rendered(page, 3);
      found = await page.evaluate(probe, arg);
    }
    return found;
  };
  // The demo trust list names the collector's log and its witness, k = 1.
  const trust = JSON.parse(readFileSync(join(siteDir, "attesters.json"), "utf8"));
  const entry = trust.attesters.find((a) => a.name === "Trust Collector (demo)");
  assert.deepEqual(entry?.log, { origin: LOG_KEY.split("+")[0], key: LOG_KEY, url: LOG_URL, witnesses: [WITNESS_KEY], k: 1 },
    "the demo trust list names the collector's log");
  // The checkpoint the widget accepted on the last load (its log memory), which
  // must be the one the page index carries: signed by the log, cosigned by the
  // demo witness; and no `log-invalid` on any load (the demo signs the brand's
  // manifest again only once the witness cosigned the collector's new checkpoint).
  const acceptedCheckpoint = async (what) => {
    const remembered = await page.evaluate((o) => localStorage.getItem(`trust-widget:log:${o}`), LOG_KEY.split("+")[0]);
    assert.ok(remembered, `the widget checked the log and remembered its checkpoint (${what})`);
    const [size, root] = remembered.split(" ");
    const index = await (await page.request.get(url(`/v1/brands/${BRAND}/review-pages.json`))).json();
    const note = parseNote(index.checkpoint);
    assert.deepEqual([note.size, note.root], [Number(size), root], `the widget accepted the page index's checkpoint (${what})`);
    assert.ok(logSigned(index.checkpoint, LOG_KEY), "the checkpoint is signed by the log's key");
    const cosigned = cosignatureTime(index.checkpoint, WITNESS_KEY);
    assert.ok(cosigned >= Math.floor(stamp / 1000) - 60, `cosigned by the demo witness during this test (${what}): ${cosigned}`);
    assert.deepEqual(messages.filter((m) => m.text.includes("log-invalid")), [], `no log-invalid (${what})`);
    return { size: note.size, note: index.checkpoint };
  };

  // 1. A simulated order from the product page: the demo server signs the webhook.
  // A second buyer orders too: their review is the one removed in step 8.
  const order = async (email) => {
    await page.goto(url("/loop/"));
    await page.fill("#buyer-email", email);
    await page.selectOption("#buyer-locale", "de");
    await page.selectOption("#buyer-country", "DE");
    await Promise.all([page.waitForURL("**/mailbox/"), page.click('form[action="/loop/simulate-order"] button[type="submit"]')]);
  };
  await order(email);
  await order(spammer);

  // 2. The invitation, captured by the SMTP server: the mailbox reloads until it is in.
  const invitation = async (email) => {
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
    return link;
  };
  const link = await invitation(email);
  assert.match(link, new RegExp(`^${url("/r/")}[A-Za-z0-9_-]{22,}$`), "the link is on the storefront's origin and carries a long token");
  const mail = await page.evaluate((email) => [...document.querySelectorAll("article.mail")].find((m) => m.textContent.includes(email)).textContent, email);
  assert.match(mail, /Language: de/, "the invitation is in the buyer's language");
  await axeClean(page, assert, "the mailbox");
  const spamLink = await invitation(spammer);

  // 3. The review form, filled and submitted with a photo carrying GPS EXIF.
  const photo = await photoWithGps(page);
  assert.ok(photo.includes(Buffer.from("Exif\0\0", "latin1")), "the upload carries EXIF");
  const write = async (link, { rating, title, body, name, photo }) => {
    await page.goto(link);
    assert.equal(await page.getAttribute("html", "lang"), "de", "the form is in the buyer's language");
    await page.check(`input[name="rating"][value="${rating}"]`);
    await page.fill("#title", title);
    await page.fill("#body", body);
    await page.fill("#name", name);
    await page.check('input[name="incentive"][value="no"]');
    if (photo) await page.setInputFiles("#photo", { name: "zelt.jpg", mimeType: "image/jpeg", buffer: photo });
    const [answer] = await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
    assert.equal(answer.status(), 200, `the submission is accepted: ${await page.textContent("body")}`);
  };
  await write(link, { rating: 4, title, name: "Anna K.", photo,
    body: "Zwei Nächte Starkregen am Brenner, innen blieb alles trocken. Die Heringe könnten länger sein." });
  await write(spamLink, { rating: 5, title: spamTitle, name: "Deals",
    body: "Billige Zelte und Gutscheine gibt es auf meiner Seite, schreib mir einfach." });

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
  const card = await reloadUntil((title) => {
    const root = document.querySelector('[data-trust-widget][data-view="reviews"]').shadowRoot;
    const c = [...root.querySelectorAll(".tw-card")].find((c) => c.textContent.includes(title));
    if (!c) return null;
    c.scrollIntoView();
    return { chip: c.querySelector(".tw-chip")?.className, text: c.textContent };
  }, title);
  assert.ok(card, "the review shows in the product page's widget");
  assert.match(card.chip, /tw-chip-verified/);
  assert.match(card.text, /Verified purchase · via Trust Collector \(demo\)/);
  const first = await acceptedCheckpoint("the collected review");
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
  const replied = await reloadUntil((title) => {
    const root = document.querySelector('[data-trust-widget][data-view="reviews"]').shadowRoot;
    const c = [...root.querySelectorAll(".tw-card")].find((c) => c.textContent.includes(title));
    const r = c && c.querySelector(".tw-card-reply");
    return r ? r.textContent : null;
  }, title);
  assert.ok(replied, "the brand's reply shows under the review");
  assert.match(replied, /^Reply from the brand · /, "labelled as the brand's");
  assert.ok(replied.includes(reply), replied);
  // The reply is a new leaf: the widget held the new checkpoint to the one it
  // remembered, proved consistent from the log's tiles.
  const second = await acceptedCheckpoint("the reply");
  assert.ok(second.size > first.size, `the log grew with the reply: ${first.size} → ${second.size}`);

  // 8. The second buyer's review removed on the admin page, as spam: a removal leaf
  // naming its reason; the widget shows the collector's signed counts, which
  // `trustctl audit` over the running log agrees with.
  const spam = pageText.reviews.find((r) => r.name === spamTitle);
  assert.ok(spam, "the second review is in the collector's page 0");
  await page.goto(url(`/admin/brands/${BRAND}`));
  const spamRow = page.locator("tr", { hasText: spamTitle });
  await spamRow.locator('select[name="reason"]').selectOption("spam-or-unrelated");
  await Promise.all([page.waitForURL(`**/admin/brands/${BRAND}`), spamRow.locator('form[action$="/remove"] button[type="submit"]').click()]);
  const removals = await reloadUntil(() => {
    const root = document.querySelector('[data-trust-widget][data-view="reviews"]').shadowRoot;
    const r = root.querySelector(".tw-removals");
    return r ? { text: r.textContent, removed: r.dataset.removed } : null;
  });
  assert.ok(removals, "the widget shows the collector's removal counts");
  assert.match(removals.text, /Trust Collector \(demo\) reports 1 review removed/, removals.text);
  assert.match(removals.text, /Spam or unrelated1/, removals.text);
  assert.match(removals.text, /trustctl audit/, "the counts say how anyone can check them");
  const cards = await page.evaluate(() => document.querySelector('[data-trust-widget][data-view="reviews"]').shadowRoot.querySelector(".tw-reviews").textContent);
  assert.ok(!cards.includes(spamTitle) && cards.includes(title), "the removed review is gone, the other stays");
  const third = await acceptedCheckpoint("the removal");
  const leaves = (await entries(page.request, LOG_URL, third.size)).map((e) => JSON.parse(e));
  const brandRoot = readFileSync(join(LOOP_KEYS, `${BRAND}.pub`), "utf8").trim();
  assert.ok(leaves.some((l) => l.t === "review" && l.review === signed.id && l.brand === brandRoot), "the collected review is a leaf of the log");
  assert.deepEqual(leaves.filter((l) => l.t === "removal" && l.review === spam.id),
    [{ t: "removal", brand: brandRoot, review: spam.id, reason: "spam-or-unrelated" }], "the removal is a leaf naming its reason");
  await axeClean(page, assert, "the product page with the removal counts");
  // The static HTML (`trustctl render`, the same views) shows them too, in every language.
  const live = join(out, "live-manifest.json");
  writeFileSync(live, Buffer.from(await (await page.request.get(url(`/manifests/${BRAND}.json`))).body()));
  const render = (locale) => run(TRUSTCTL, ["render", "--key", join(LOOP_KEYS, `${BRAND}.pub`), "--trust", join(siteDir, "attesters.json"),
    "--view", "reviews", "--market", "US", "--locale", locale, "--product", "tent-ridgeline-2", live]);
  const staticEn = render("en");
  assert.ok(staticEn.includes('"tw-removals"') && staticEn.includes('data-removed="1"'), "the static HTML has the removal counts");
  assert.ok(staticEn.includes("Trust Collector (demo) reports 1 review removed") && staticEn.includes("Spam or unrelated"), staticEn);
  assert.ok(render("ar").includes("تُفيد Trust Collector (demo) بحذف تقييم واحد"), "in Arabic, with the form for one");

  // `trustctl audit` over the running demo log, held to the first checkpoint the widget accepted.
  const previous = join(out, "first-checkpoint.txt");
  writeFileSync(previous, first.note);
  // and with the signed statement whose removal counts the widget shows.
  const statement = join(out, "review-pages-now.json");
  writeFileSync(statement, Buffer.from(await (await page.request.get(url(`/v1/brands/${BRAND}/review-pages.json`))).body()));
  const audit = JSON.parse(run(TRUSTCTL, ["audit", LOG_URL, "--key", LOG_KEY, "--witness", WITNESS_KEY, "--k", "1",
    "--previous", previous, "--statement", statement, "--json"]));
  assert.equal(audit.consistent, true, JSON.stringify(audit.problems));
  assert.deepEqual(audit.problems, []);
  assert.equal(audit.signature.log, "verified");
  assert.ok(audit.signature.cosigned.some((c) => WITNESS_KEY.startsWith(`${c.witness}+`)), JSON.stringify(audit.signature));
  assert.deepEqual(audit.previous, { size: first.size, consistent: true });
  const tally = audit.brands.find((b) => b.brand === brandRoot);
  assert.ok(tally, `the audit reports the brand: ${JSON.stringify(audit.brands)}`);
  assert.ok(tally.published >= 1, `the collected review is published: ${JSON.stringify(tally)}`);
  assert.ok(tally.removals.some((r) => r.review === spam.id && r.reason === "spam-or-unrelated"), JSON.stringify(tally));
  assert.equal(tally.removed, Number(removals.removed), "the widget's count is the log's");
  assert.equal(audit.statements.length, 1);
  assert.equal(audit.statements[0].consistent, true, JSON.stringify(audit.statements[0]));
}
