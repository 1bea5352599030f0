// Hostile content in a validly signed manifest (a compromised or careless brand can
// sign anything): every display-text field filled, in turn, with every line of
// tests/hostile/naughty.txt and every URL field with every line of urls.txt, many
// fields per manifest, each manifest rendered in every view. Checks: the strings
// appear as inert text, the `window.__pwned` tripwire is never called, the shadow
// roots hold only elements the widget itself makes (no script, iframe, object…, no
// on* attributes), no href/src is anything but https (images: also the demo's own
// loopback origin; support links: mailto:/tel:), and the layout holds.
//
// Signed in-test with the demo brand key (hardening.mjs `signer`, checked against
// `trustctl verify`), because `trustctl sign` lints and refuses most of these values.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { recordEvents, events, scrollThrough } from "../../helpers.mjs";
import { demoKeys, fresh, guard, signer, stagedManifest, stageHtml, whenRendered, widgetPage } from "../../hardening.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const corpus = (name) => {
  const lines = readFileSync(join(here, "../../../hostile", name), "utf8").split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
};
// Fields shown as text (or as an attribute such as alt), by key; `steps` is a list.
const TEXT_KEYS = new Set(["name", "legal_name", "number", "registry", "role", "city", "address", "title",
  "reviewBody", "author", "alt", "scope", "certificationIdentification", "scheme", "outlet", "text", "carrier", "steps"]);
const URL_KEYS = new Set(["url", "website", "video", "poster"]);
// Codes and identifiers the widget reads (languages, markets, currency, time zone,
// opening hours, product ids): hostile values here must not break it either.
const CODE_KEYS = new Set(["inLanguage", "languages", "market", "country", "applicableCountry", "returnPolicyCountry",
  "shipFrom", "currency", "amount", "timezone", "opens", "closes", "sku", "handle", "gtin"]);
const VIEWS = [["summary", "US", "en"], ["certifications", "US", "en"], ["reviews", "US", "en"],
  ["returns", "US", "en"], ["returns", "DE", "de"], ["full", "US", "en"]];
const PER_PAGE = 3; // manifests per page (each rendered in every view)
const FORBIDDEN = new Set(["script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "link", "meta",
  "style", "form", "input", "textarea", "foreignobject", "math", "template", "portal", "video", "audio", "source"]);

// Every string slot of `m` under one of `keys`, as [parent, key] pairs (arrays of strings expand).
function slots(m, keys) {
  const out = [];
  (function walk(v) {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== "object") return;
    for (const [k, x] of Object.entries(v)) {
      if (k === "allowed_origins") continue;
      if (keys.has(k) && typeof x === "string") out.push([v, k]);
      else if (keys.has(k) && Array.isArray(x) && x.every((s) => typeof s === "string")) x.forEach((_, i) => out.push([x, i]));
      else walk(x);
    }
  })(m);
  return out;
}

export default async function ({ page, url, messages, assert, siteDir }) {
  const naughty = corpus("naughty.txt");
  const urls = corpus("urls.txt");
  const sign = signer(siteDir);
  const base = fresh(stagedManifest(siteDir), 1);
  const origin = new URL(url("/")).origin;
  const key = demoKeys(siteDir)["northwind-outdoor"];
  await guard(page);
  await recordEvents(page);

  // Control: the unchanged manifest, signed the same way; `trustctl verify` agrees.
  const dir = join(siteDir, "cases/hostile-content");
  stageHtml(siteDir, "cases/hostile-content/control.json", sign(base));
  execFileSync(join(siteDir, "../../debug/trustctl"), ["verify", "--key", key, join(dir, "control.json")], { stdio: "ignore" });

  const manifests = ["control"];
  const n = Math.max(naughty.length, urls.length);
  for (let k = 0; k < n; k++) {
    const m = structuredClone(base);
    slots(m, TEXT_KEYS).forEach(([obj, key], j) => { obj[key] = naughty[(j + k) % naughty.length]; });
    slots(m, URL_KEYS).forEach(([obj, key], j) => { obj[key] = urls[(j + k) % urls.length]; });
    slots(m, CODE_KEYS).forEach(([obj, key], j) => { obj[key] = naughty[(3 * j + k) % naughty.length]; });
    writeFileSync(join(dir, `m${k}.json`), sign(m));
    manifests.push(`m${k}`);
  }
  const textSlots = slots(structuredClone(base), TEXT_KEYS).length;
  const urlSlots = slots(structuredClone(base), URL_KEYS).length;
  const codeSlots = slots(structuredClone(base), CODE_KEYS).length;

  const seenText = new Set();
  const tags = new Map(); // tag → first manifest it was seen in
  let controlLinks = 0;
  let widgets = 0;
  for (let p = 0; p < manifests.length; p += PER_PAGE) {
    const batch = manifests.slice(p, p + PER_PAGE);
    const mounts = batch.flatMap((m) => VIEWS.map(([view, market, locale]) =>
      ({ manifest: `/cases/hostile-content/${m}.json`, view, market, locale })));
    const path = stageHtml(siteDir, `cases/hostile-content/p${p}.html`, widgetPage({
      title: `Hostile ${batch.join(", ")}`, head: '<link rel="icon" href="data:,">', mounts,
      loader: { key, manifest: "/cases/hostile-content/control.json" }, // mount points name manifests on its origin
    }));
    await page.goto(url(path));
    await scrollThrough(page);
    await whenRendered(page, mounts.length, 30000);
    await page.waitForTimeout(100);
    const evs = await events(page);
    assert.deepEqual(evs.filter((e) => e.type !== "trust-widget:verified"), [], `page ${p}: every manifest verifies`);
    const state = await page.evaluate(() => {
      const out = [];
      for (const el of document.querySelectorAll("[data-trust-widget]")) {
        const root = el.shadowRoot;
        const elements = [...root.querySelectorAll("*")];
        out.push({
          manifest: el.dataset.manifest,
          text: root.textContent,
          alts: elements.map((e) => e.getAttribute("alt")).filter((a) => a !== null),
          tags: [...new Set(elements.map((e) => e.localName))],
          handlers: elements.flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.localName}[${a.name}]`)),
          urls: elements.flatMap((e) => ["href", "src", "srcset", "action", "formaction", "poster", "data", "xlink:href", "background", "ping"]
            .filter((a) => e.hasAttribute(a)).map((a) => ({ tag: e.localName, attr: a, value: e.getAttribute(a) }))),
          height: el.getBoundingClientRect().height,
          overflowing: elements.filter((e) => e.getBoundingClientRect().right > innerWidth)
            .map((e) => `${e.parentElement.localName}.${e.parentElement.className} > ${e.localName}.${e.className}`),
        });
      }
      return { out, scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, pwned: window.__pwnedCalls };
    });
    assert.equal(state.pwned, 0, `page ${p}: the tripwire was called`);
    const overflowing = [...new Set(state.out.flatMap((w) => w.overflowing.map((o) => `${w.manifest}: ${o}`)))];
    assert.ok(state.scrollWidth <= state.innerWidth,
      `page ${p}: horizontal overflow (${state.scrollWidth} > ${state.innerWidth}):\n${overflowing.join("\n")}`);
    for (const w of state.out) {
      widgets++;
      const where = `${w.manifest}`;
      assert.ok(w.height > 20 && w.height < 40000, `${where}: sane height ${w.height}`);
      assert.deepEqual(w.handlers, [], `${where}: event handler attributes`);
      for (const t of w.tags) {
        assert.ok(!FORBIDDEN.has(t), `${where}: <${t}> in the shadow root`);
        if (!tags.has(t)) tags.set(t, where);
      }
      for (const u of w.urls) {
        const ok = u.attr === "href"
          ? u.value.startsWith("https://") || /^(mailto|tel):[^:<>\s]+$/.test(u.value)
          : u.attr === "src" && u.tag === "img" && (u.value.startsWith("https://") || u.value.startsWith(`${origin}/media/`));
        assert.ok(ok, `${where}: <${u.tag} ${u.attr}="${u.value}">`);
        assert.ok(!urls.includes(u.value), `${where}: hostile URL made navigable: ${u.value}`);
      }
      if (w.manifest.endsWith("/control.json")) controlLinks += w.urls.filter((u) => u.value.startsWith("https://")).length;
      const rendered = w.text + "\n" + w.alts.join("\n");
      for (const line of naughty) if (line.trim() && rendered.includes(line.trim())) seenText.add(line);
    }
    assert.equal(await page.evaluate(() => window.__rejections.length), 0);
  }
  assert.ok(controlLinks > 0, "the control manifest's https URLs are links (the URL check can see links)");
  const unseen = naughty.filter((l) => l.trim() && !seenText.has(l));
  assert.deepEqual(unseen, [], "every corpus line appears as text somewhere");
  // Only the widget's own element kinds, as the control manifest renders them.
  const controlTags = new Set([...tags].filter(([, m]) => m.endsWith("/control.json")).map(([t]) => t));
  const extra = [...tags.keys()].filter((t) => !controlTags.has(t));
  assert.deepEqual(extra, [], `element kinds the control does not render: ${extra.map((t) => `${t} (${tags.get(t)})`)}`);
  assert.deepEqual(messages.filter((m) => m.type === "error"), []);
  console.log(`     ${manifests.length} manifests × ${VIEWS.length} views = ${widgets} widgets; ${textSlots} text, ${urlSlots} URL and ${codeSlots} code fields each; ` +
    `${naughty.length} strings, ${urls.length} URLs; tags: ${[...tags.keys()].sort().join(" ")}`);
}
