// Trust Widget loader: the classic script merchants paste with `async`.
//
//   <div data-trust-widget data-view="reviews"></div>
//   <script async src=".../loader.js" data-manifest="/.well-known/trust-manifest.json"
//           data-key="ed25519:..." data-market="auto" data-locale="auto"></script>
//
// Its own data- attributes are the merchant's configuration: the trust options
// (manifest, key, attesters, timeout, and data-allow) come only from here; a mount
// point's or <trust-widget>'s own attributes may set the presentation options and
// name only the manifests and keys listed here (embed.js). It mounts into every
// [data-trust-widget] element (or right after the script when there is none),
// defines <trust-widget>, and loads the wasm only when a mount point nears the
// viewport. Assets resolve relative to this script's URL. One global:
// window.TrustWidget.
//
// `cargo xtask build` bundles this with embed.js into one classic script (esbuild,
// IIFE) and defines __TW_GLUE__ and __TW_WASM__ as the content-hashed file names and
// __TW_GLUE_SRI__ and __TW_WASM_SRI__ as their Subresource Integrity. With the
// loader pinned by `integrity`, every byte the widget runs is then checked: the
// glue and the wasm here, the language packs by the wasm (src/language_packs.rs), which
// carries their hashes. A mismatch is `load-failed` and nothing renders.
import { createEmbed, OPTIONS, docCall, docGet } from "./embed.js";

(() => {
  // Through Document.prototype: <img name="currentScript" data-key=…> in the page
  // would otherwise stand in for this script, its attributes and its URL.
  const script = docGet("currentScript");
  if (!(script instanceof HTMLScriptElement)) return;
  // User Timing marks: merchants' RUM tools (and `cargo xtask bench`) measure from
  // `trust-widget:start`; `trust-widget:ready` is the wasm instantiated.
  const mark = (name) => performance.mark(name);
  mark("trust-widget:start");
  const base = script.src;
  const embed = createEmbed(() => {
    // The wasm downloads and compiles while the glue module loads: no waterfall.
    const wasm = WebAssembly.compileStreaming(fetch(new URL(__TW_WASM__, base), { integrity: __TW_WASM_SRI__ }));
    wasm.catch(() => {}); // reported once, through the glue's init below
    // The glue's integrity: a module preload with `integrity` fills the page's module
    // map, which the import() below then takes from; a mismatch fails the preload.
    const glue = new URL(__TW_GLUE__, base).href;
    const link = docCall("createElement", "link");
    link.rel = "modulepreload";
    link.integrity = __TW_GLUE_SRI__;
    link.href = glue;
    const preloaded = new Promise((resolve, reject) => {
      link.onload = resolve;
      link.onerror = () => reject(new Error("could not load " + glue));
    });
    docGet("head").append(link);
    return preloaded.then(() => import(glue)).then((glue) =>
      glue.default({ module_or_path: wasm }).then((exports) => {
        embed.tw.memory = exports.memory; // for measuring, e.g. `cargo xtask bench`
        mark("trust-widget:ready");
        return glue;
      }));
  });

  const config = {};
  for (const name of [...OPTIONS, "allow"]) if (script.dataset[name]) config[name] = script.dataset[name];
  embed.configure(config);
  embed.defineElement();

  const start = () => {
    const els = [...docCall("querySelectorAll", "[data-trust-widget]")];
    if (!els.length && !docCall("querySelector", "trust-widget") && !embed.tw.claimed.has(script)) {
      embed.tw.claimed.add(script);
      const div = docCall("createElement", "div");
      div.setAttribute("data-trust-widget", "");
      script.parentNode.insertBefore(div, script.nextSibling);
      els.push(div);
    }
    embed.mountDataElements(els);
  };
  if (docGet("readyState") === "loading") {
    EventTarget.prototype.addEventListener.call(document, "DOMContentLoaded", start, { once: true });
  } else {
    start();
  }
})();
