// Renders the Shopify theme app extension's blocks (pkg-config/shopify/blocks) with
// liquidjs into a product page, the way Shopify's storefront renderer would: app
// blocks inside the product section, the app embed (target "body") before </body>.
// The page test tests/browser/cases/shopify-blocks loads the result in Chromium.
//
//   node tests/shopify/render.mjs OUT_DIR [--key ed25519:…] [--fixture FILE.json]
//
// Writes OUT_DIR/index.html and OUT_DIR/theme.css. The test objects (product,
// localization, request, block settings) come from fixture.json. Shopify-only
// Liquid is stubbed as Shopify behaves:
// - `{% schema %}` renders nothing; its settings' defaults fill `block.settings`, and
//   a setting the schema does not declare is an error (the theme editor cannot
//   store one);
// - `t` looks the key up in the extension's locales/<request.locale>.json, then
//   locales/en.default.json, fills `{{ name }}` from its arguments and escapes the
//   result unless the key ends in `_html` (a missing key renders Shopify's
//   "translation missing: …");
// - `asset_url` gives the extension's asset URL on Shopify's CDN, `script_tag` and
//   `stylesheet_tag` the tags Shopify writes;
// - `block.shopify_attributes` is empty (it is set only inside the theme editor);
// - an unknown filter is an error, an unknown variable is nil, and only nil and false
//   are falsy (Liquid, not JavaScript, truthiness).
import { Liquid } from "liquidjs";
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const here = dirname(fileURLToPath(import.meta.url));
const extension = resolve(here, "../../pkg-config/shopify");

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { key: { type: "string" }, fixture: { type: "string", default: join(here, "fixture.json") } },
});
if (positionals.length !== 1) {
  console.error("usage: node tests/shopify/render.mjs OUT_DIR [--key ed25519:…] [--fixture FILE.json]");
  process.exit(2);
}
const out = resolve(positionals[0]);
const fixture = JSON.parse(readFileSync(values.fixture, "utf8"));
const objects = fixture.objects;

const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));
const locale = objects.request?.locale?.iso_code || "en";
const translations = [join(extension, "locales", `${locale}.json`), join(extension, "locales", "en.default.json")]
  .filter(existsSync)
  .map(readJson);

const lookup = (tree, key) => key.split(".").reduce((node, part) => (node && typeof node === "object" ? node[part] : undefined), tree);
const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

const engine = new Liquid({
  root: join(extension, "blocks"),
  extname: ".liquid",
  strictFilters: true,
  strictVariables: false,
  jsTruthy: false,
});

// {% schema %}…{% endschema %}: read by Shopify, never rendered.
engine.registerTag("schema", {
  parse(token, remain) {
    let closed = false;
    while (remain.length) {
      const t = remain.shift();
      if (t.name === "endschema") {
        closed = true;
        break;
      }
    }
    if (!closed) throw new Error(`${token.getText()} is not closed`);
  },
  render() {
    return "";
  },
});

engine.registerFilter("t", (key, ...args) => {
  const found = translations.map((tree) => lookup(tree, key)).find((v) => typeof v === "string");
  if (found === undefined) return `translation missing: ${locale}.${key}`;
  const vars = Object.fromEntries(args.filter(Array.isArray));
  const text = found.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name) => (name in vars ? String(vars[name]) : ""));
  return key.endsWith("_html") ? text : escapeHtml(text);
});
engine.registerFilter("asset_url", (name) => `//cdn.shopify.com/extensions/0190c0de-7e57-7000-8000-000000000000/trust-widget-1/assets/${name}`);
engine.registerFilter("script_tag", (url) => `<script src="${url}" type="text/javascript"></script>`);
engine.registerFilter("stylesheet_tag", (url) => `<link href="${url}" rel="stylesheet" type="text/css" media="all" />`);

// A block's settings as Shopify passes them: the schema's defaults, then the stored values.
function blockSettings(type, stored) {
  const source = readFileSync(join(extension, "blocks", `${type}.liquid`), "utf8");
  const match = source.match(/\{%-?\s*schema\s*-?%\}([\s\S]*?)\{%-?\s*endschema\s*-?%\}/);
  if (!match) throw new Error(`blocks/${type}.liquid has no {% schema %}`);
  const schema = JSON.parse(match[1]);
  const declared = new Map(schema.settings.filter((s) => s.id).map((s) => [s.id, s]));
  for (const id of Object.keys(stored)) {
    if (!declared.has(id)) throw new Error(`blocks/${type}.liquid declares no setting ${JSON.stringify(id)}`);
  }
  const settings = {};
  for (const [id, s] of declared) settings[id] = id in stored ? stored[id] : s.default;
  return { schema, settings };
}

let blockId = 0;
async function renderBlock({ type, settings: stored = {} }, expectTarget) {
  const { schema, settings } = blockSettings(type, stored);
  if (schema.target !== expectTarget) throw new Error(`blocks/${type}.liquid targets ${schema.target}, expected ${expectTarget}`);
  const id = `AbTrust${++blockId}`;
  const block = { id, type: `shopify://apps/trust-widget/blocks/${type}/${id}`, settings, shopify_attributes: "" };
  return engine.renderFile(type, { ...objects, block });
}

const blocks = [];
for (const b of fixture.blocks) {
  const html = await renderBlock(b, "section");
  blocks.push(`<div id="shopify-block-${b.type}" class="shopify-app-block">\n${html.trim()}\n</div>`);
}
const embed = await renderBlock({ ...fixture.embed, settings: { ...fixture.embed.settings, ...(values.key ? { key: values.key } : {}) } }, "body");

const title = `${objects.product.title} – ${objects.shop.name}`;
const page = `<!doctype html>
<html lang="${escapeHtml(locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="theme.css">
</head>
<body>
<main id="MainContent">
<section id="shopify-section-template--product__main" class="shopify-section">
<h1>${escapeHtml(objects.product.title)}</h1>
${blocks.join("\n")}
</section>
</main>
${embed.trim()}
</body>
</html>
`;
mkdirSync(out, { recursive: true });
writeFileSync(join(out, "index.html"), page);
writeFileSync(join(out, "theme.css"), `body { margin: 0; font: 16px/1.5 system-ui, sans-serif; background: #f4f5f7; color: #17202a; }
main { max-width: 860px; margin: 0 auto; padding: 16px; }
h1 { font-size: 22px; }
.shopify-app-block { margin: 24px 0; }
`);
console.log(`rendered ${fixture.blocks.length} app blocks and the app embed into ${join(out, "index.html")}`);
