// theme-check on the Shopify theme app extension (pkg-config/shopify), through
// @shopify/theme-check-node's Node API: prints every offense, exits 1 when any has
// error severity (warnings and info are printed but pass). Part of `cargo xtask test`
// ("shopify theme-check").
//
//   node tests/shopify/check.mjs [EXTENSION_DIR]
//
// theme-check's docs manager would fetch Shopify's latest Liquid docs from GitHub
// and cache them in the user's cache directory. Here it uses only the docs bundled
// with the pinned package (an empty cache directory, downloads refused), so the
// result depends on package-lock.json alone, and no request leaves the machine.
import { createRequire } from "node:module";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const extension = resolve(process.argv[2] || join(root, "pkg-config/shopify"));

const cache = mkdtempSync(join(tmpdir(), "theme-check-docs-"));
process.env.XDG_CACHE_HOME = cache; // read by env-paths when the docs module loads
const require = createRequire(import.meta.url);
const downloader = require("@shopify/theme-check-docs-updater/dist/themeLiquidDocsDownloader.js");
const offline = async () => {
  throw new Error("offline: using the docs bundled with @shopify/theme-check-docs-updater");
};
downloader.downloadResource = offline;
downloader.downloadThemeLiquidDocs = offline;
downloader.downloadSchema = offline;
const { themeCheckRun, Severity } = require("@shopify/theme-check-node");

let run;
try {
  run = await themeCheckRun(extension);
} finally {
  rmSync(cache, { recursive: true, force: true });
}
const { theme, config, offenses } = run;
if (config.context !== "app") {
  console.error(`theme-check did not see a theme app extension in ${extension} (no shopify.extension.toml?)`);
  process.exit(2);
}
const name = { [Severity.ERROR]: "error", [Severity.WARNING]: "warning", [Severity.INFO]: "info" };
for (const o of offenses) {
  const file = relative(root, fileURLToPath(o.uri));
  console.log(`${file}:${o.start.line + 1}:${o.start.character + 1}: ${name[o.severity]} ${o.check}: ${o.message}`);
}
const errors = offenses.filter((o) => o.severity === Severity.ERROR).length;
console.log(`theme-check: ${theme.length} files, ${errors} errors, ${offenses.length - errors} warnings or notes`);
process.exit(errors ? 1 : 0);
