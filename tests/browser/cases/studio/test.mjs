// `trustctl studio` (issue 16 item 1) as a merchant uses it: from an empty
// manifest, the company's facts, a certification with the issuer's lookup link
// and an evidence document whose hash the studio computes from the picked file,
// and a German return policy; the preview (the real widget, verifying the
// draft signed with the studio's preview key) changes with each; a lint problem
// shows at its field; Save writes the manifest, Sign signs it with the brand key,
// and `trustctl verify` accepts the result. Hostile text in a field stays text,
// in the form and in the preview. axe finds nothing on the editor (en, de, ar, ja)
// nor in the preview; every language the widget has gives a studio in it.
import AxeBuilder from "@axe-core/playwright";
import { spawn, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

const LANGS = ["en", "ar", "de", "es", "fr", "it", "ja", "ko", "zh-Hans", "zh-Hant"];

// Starts the studio in `dir`; resolves to its address (the first line of stdout).
function startStudio(trustctl, dir, widget) {
  const child = spawn(trustctl, ["studio", "--no-open", "--port", "0", "--key", "brand.key", "--widget", widget, "manifest.json"],
    { cwd: dir, stdio: ["ignore", "pipe", "inherit"] });
  const address = new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`trustctl studio exited with ${code}`)));
  });
  return { child, address };
}

async function axeClean(page, assert, what) {
  const result = await new AxeBuilder({ page }).options({ resultTypes: ["violations"] }).analyze();
  assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(", ")})`), [], `axe on ${what}`);
}

// The preview frame's outcome and the widget's text, once the frame shows `rev`
// or later and the widget has settled.
async function previewAfter(page, assert, want) {
  const handle = await page.waitForFunction((want) => {
    const frame = document.getElementById("preview-frame");
    const doc = frame && frame.contentDocument;
    const outcome = doc && doc.body && doc.body.dataset.outcome;
    const root = doc && doc.getElementById("widget") && doc.getElementById("widget").shadowRoot;
    const text = root ? root.textContent : "";
    if (!outcome || [...(root ? root.querySelectorAll(".tw-checking") : [])].some((c) => !c.closest("details:not([open])"))) return null;
    return want.every((w) => text.includes(w)) ? { outcome, text } : null;
  }, want, { timeout: 15000 }).catch(async () => {
    const text = await page.evaluate(() => document.getElementById("preview-frame").contentDocument.body.textContent);
    assert.fail(`the preview never showed ${JSON.stringify(want)}; it shows: ${text}`);
  });
  return handle.jsonValue();
}

// Types into a field and waits until the studio has answered (the status of the
// draft is re-drawn after every answer).
const answers = (page) => page.evaluate(() => Number(document.body.dataset.answers || 0));
const answered = (page, after) => page.waitForFunction((n) => Number(document.body.dataset.answers || 0) > n, after);

async function type(page, name, value) {
  const before = await answers(page);
  await page.fill(`[name="${name}"]`, value);
  await page.locator(`[name="${name}"]`).blur();
  await answered(page, before);
}

async function choose(page, name, value) {
  const before = await answers(page);
  await page.selectOption(`[name="${name}"]`, value);
  await answered(page, before);
}

// Adding an item draws the page anew; its first answer (the draft's state, fetched
// on load) must be in before the next edit counts answers, or that edit's wait
// would end on the load's answer instead of its own.
async function add(page, list) {
  await Promise.all([page.waitForEvent("load"), page.click(`[data-add="${list}"]`)]);
  await answered(page, 0);
}

export default async function ({ page, siteDir, assert }) {
  const trustctl = process.env.TRUSTCTL || join(siteDir, "../../debug/trustctl");
  const dir = mkdtempSync(join(tmpdir(), "studio-"));
  execFileSync(trustctl, ["keygen", "--out", "brand"], { cwd: dir, stdio: "ignore" });
  const studio = startStudio(trustctl, dir, join(siteDir, "widget"));
  try {
    const address = await studio.address;
    assert.match(address, /^http:\/\/127\.0\.0\.1:\d+\/s\/[0-9a-f]{64}\/$/);
    await page.goto(address);
    await answered(page, 0);
    assert.equal(await page.getAttribute("html", "lang"), "en");
    await page.fill("#p-market", "de"); // any market, typed
    await page.locator("#p-market").press("Enter");
    assert.equal(await page.inputValue("#p-locale"), "en", "the preview starts in the studio's language");
    await page.selectOption("#p-locale", "de");
    await page.selectOption("#p-view", "full");

    // 1. From empty: the widget refuses the draft, as it would refuse it on a shop.
    let shown = await previewAfter(page, assert, []);
    assert.equal(shown.outcome, "error:malformed");
    assert.match(await page.textContent("#s-company"), /missing field `issuer`/, "shown in the company section");

    // 2. The company: the preview verifies and shows it.
    await type(page, "/issuer/id", "fjord-candles");
    await type(page, "/issuer/name", "Fjord Candles");
    await type(page, "/issuer/website", "https://fjord-candles.example");
    shown = await previewAfter(page, assert, ["Fjord Candles"]);
    assert.equal(shown.outcome, "verified");
    assert.ok(!shown.text.includes("OEKO-TEX") && !shown.text.includes("30 Tage"), shown.text);

    // 3. A certification with the issuer's lookup link and an evidence document.
    await add(page, "/certifications");
    const cert = "/certifications/0/certification";
    assert.equal(await page.evaluate(() => document.activeElement.name), `${cert}/id`, "focus on the new item");
    await type(page, `${cert}/name`, "OEKO-TEX Standard 100");
    await choose(page, `${cert}/kind`, "material");
    await type(page, `${cert}/issuedBy/name`, "OEKO-TEX Service GmbH");
    await type(page, `${cert}/certificationIdentification`, "SH025 189659");
    // A lookup link on this machine: lint says why at the field, the widget would drop it.
    await type(page, `${cert}/url`, "http://127.0.0.1/label-check");
    const finding = page.locator(`[data-pointer="${cert}/url"] .finding.error`);
    assert.equal(await finding.count(), 1, "the URL's problem is shown at its field");
    assert.equal(await page.getAttribute(`[name="${cert}/url"]`, "aria-invalid"), "true");
    await type(page, `${cert}/url`, "https://www.oeko-tex.com/en/label-check?number=SH025189659");
    assert.equal(await page.locator(`[data-pointer="${cert}/url"] .finding`).count(), 0);
    await add(page, `${cert}/evidence`);
    await type(page, `${cert}/evidence/0/name`, "Certificate SH025 189659");
    await type(page, `${cert}/evidence/0/url`, "https://fjord-candles.example/certificates/oeko-tex.pdf");
    const pdf = Buffer.from("%PDF-1.4\n% Fjord Candles OEKO-TEX certificate (test)\n%%EOF\n");
    const before = await answers(page);
    await page.setInputFiles(`[data-hash-for="${cert}/evidence/0/sha256"]`, { name: "oeko-tex.pdf", mimeType: "application/pdf", buffer: pdf });
    await answered(page, before);
    const sha256 = createHash("sha256").update(pdf).digest("hex");
    await page.waitForFunction(([n, v]) => document.querySelector(`[name="${n}"]`).value === v, [`${cert}/evidence/0/sha256`, sha256]);
    shown = await previewAfter(page, assert, ["OEKO-TEX Standard 100"]);
    assert.equal(shown.outcome, "verified");

    // 4. A German return policy: the preview for Germany, in German, shows it.
    await add(page, "/policies");
    await type(page, "/policies/0/applicableCountry", "DE, AT");
    await type(page, "/policies/0/returns/merchantReturnDays", "30");
    await choose(page, "/policies/0/returns/returnFees", "free-return");
    await type(page, "/policies/0/returns/inLanguage", "de");
    assert.equal(await page.inputValue("#p-market"), "DE", "the preview's choices survive the page being drawn anew");
    shown = await previewAfter(page, assert, ["30 Tage", "Kostenlose Rücksendung", "OEKO-TEX Standard 100"]);
    assert.equal(shown.outcome, "verified");
    // The readiness report, where the field is: no German-speaking support yet,
    // said in the support section, and gone once a channel speaks German.
    const support = () => page.textContent('ul.readiness[data-section="support"]');
    assert.match(await support(), /DE: .*support.* de\b/);
    await add(page, "/company/support");
    await type(page, "/company/support/0/address", "hilfe@fjord-candles.example");
    await type(page, "/company/support/0/languages", "de, en");
    // The report is redrawn when the server's answer to the last edit arrives: wait for it.
    await page.waitForFunction(() => !/DE: .*support.* de\b/.test(document.querySelector('ul.readiness[data-section="support"]').textContent), null, { timeout: 15000 }).catch(() => {});
    assert.doesNotMatch(await support(), /DE: .*support.* de\b/);

    await axeClean(page, assert, "the editor (en)");
    const frame = page.frame({ url: /\/preview\// });
    const inFrame = await new AxeBuilder({ page }).include("#preview-frame").options({ resultTypes: ["violations"] }).analyze();
    assert.deepEqual(inFrame.violations.map((v) => v.id), [], "axe in the preview");
    assert.equal(await frame.evaluate(() => document.documentElement.lang), "de");

    // 5. Hostile text stays text: in the form after a reload, and in the preview.
    const hostile = `Fjord <img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>`;
    await type(page, "/issuer/legal_name", hostile);
    await page.reload();
    await answered(page, 0);
    assert.equal(await page.inputValue('[name="/issuer/legal_name"]'), hostile);
    assert.equal(await page.locator("img[src=x], main script").count(), 0);
    shown = await previewAfter(page, assert, ["Fjord Candles"]);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await page.frame({ url: /\/preview\// }).evaluate(() => window.__pwned), undefined);
    await type(page, "/issuer/legal_name", "");

    // 6. Save and sign; trustctl verify accepts what the studio signed.
    await page.click("#save");
    await page.waitForFunction(() => /manifest\.json/.test(document.getElementById("status").textContent));
    const saved = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    assert.equal(saved.issuer.name, "Fjord Candles");
    assert.deepEqual(saved.policies[0].applicableCountry, ["DE", "AT"]);
    assert.equal(saved.certifications[0].certification.evidence[0].sha256, sha256);
    assert.ok(!("issued_at" in saved), "the saved manifest is unsigned");
    await page.click("#sign");
    await page.waitForFunction(() => /trust-manifest\.json/.test(document.getElementById("status").textContent));
    assert.ok(existsSync(join(dir, "trust-manifest.json")));
    const verified = execFileSync(trustctl, ["verify", "--key", "brand.pub", "--origin", "https://fjord-candles.example", "trust-manifest.json"], { cwd: dir, encoding: "utf8" });
    assert.match(verified, /verified: +Fjord Candles \(fjord-candles\)/);
    assert.match(verified, /valid +OEKO-TEX Standard 100/);

    // 7. Every language the widget has: the studio in it, right to left for Arabic.
    const english = await page.textContent("#h-policies");
    for (const lang of LANGS) {
      await page.goto(`${address}?lang=${lang}`);
      assert.equal(await page.getAttribute("html", "lang"), lang);
      assert.equal(await page.getAttribute("html", "dir"), lang === "ar" ? "rtl" : "ltr");
      if (lang !== "en") assert.notEqual(await page.textContent("#h-policies"), english, `${lang}: translated`);
      if (["de", "ar", "ja"].includes(lang)) await axeClean(page, assert, `the editor (${lang})`);
    }
  } finally {
    studio.child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
