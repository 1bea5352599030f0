// Trust Widget loader: the classic script merchants paste with `async`.
//
//   <div data-trust-widget data-view="reviews"></div>
//   <script async src=".../loader.js" data-manifest="/.well-known/trust-manifest.json"
//           data-key="ed25519:..." data-market="auto" data-locale="auto"></script>
//
// It reads its own data- attributes (a mount point's own data- attributes win),
// mounts into every [data-trust-widget] element (or right after the script when
// there is none), defines <trust-widget> (whose attributes win over the script's),
// and loads the wasm only when a mount point nears the viewport. Assets resolve
// relative to this script's URL. One global: window.TrustWidget.
//
// `cargo xtask build` bundles this with embed.js into one classic script (esbuild,
// IIFE) and defines __TW_GLUE__ and __TW_WASM__ as the content-hashed file names.
import { createEmbed, OPTIONS } from "./embed.js";

(() => {
  const script = document.currentScript;
  if (!script) return;
  // User Timing marks: merchants' RUM tools (and `cargo xtask bench`) measure from
  // `trust-widget:start`; `trust-widget:ready` is the wasm instantiated.
  const mark = (name) => window.performance && performance.mark && performance.mark(name);
  mark("trust-widget:start");
  const base = script.src;
  const embed = createEmbed(() => {
    // The wasm downloads and compiles while the glue module loads: no waterfall.
    const wasm = WebAssembly.compileStreaming(fetch(new URL(__TW_WASM__, base)));
    wasm.catch(() => {}); // reported once, through the glue's init below
    return import(new URL(__TW_GLUE__, base).href).then((glue) =>
      glue.default({ module_or_path: wasm }).then((exports) => {
        embed.tw.memory = exports.memory; // for measuring, e.g. `cargo xtask bench`
        mark("trust-widget:ready");
        return glue;
      }));
  });

  const defaults = {};
  for (const name of OPTIONS) if (script.dataset[name]) defaults[name] = script.dataset[name];
  embed.defineElement(defaults);

  const start = () => {
    const els = [...document.querySelectorAll("[data-trust-widget]")];
    if (!els.length && !document.querySelector("trust-widget") && !embed.tw.claimed.has(script)) {
      embed.tw.claimed.add(script);
      const div = document.createElement("div");
      div.setAttribute("data-trust-widget", "");
      script.parentNode.insertBefore(div, script.nextSibling);
      els.push(div);
    }
    embed.mountDataElements(els, defaults);
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start, { once: true });
  } else {
    start();
  }
})();
