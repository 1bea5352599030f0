// npm entry: `import "trust-widget"` registers <trust-widget>; `configure(options)`
// sets the page's trust options (the elements' defaults and what they may name);
// `mount(element, options)` mounts programmatically. The glue and the wasm load on
// first use, resolved relative to this module so bundlers (Vite, webpack, Rollup)
// emit them. `cargo xtask dist` writes the wasm's Subresource Integrity in below:
// the wasm is checked at run time; the glue becomes part of the app's own bundle.
import { createEmbed } from "./embed.js";

const embed = createEmbed(() =>
  import("./trust-widget.js").then((glue) =>
    glue.default({
      module_or_path: fetch(new URL("./trust-widget_bg.wasm", import.meta.url), { integrity: "__TW_WASM_SRI__" }),
    }).then((exports) => {
      embed.tw.memory = exports.memory;
      return glue;
    })));

embed.defineElement();

/**
 * Sets the page's configuration, which only the app's own code may set: the trust
 * options (`manifest`, `key`, `attesters`, `timeout`), defaults for the others, and
 * `allow`, further manifest URLs and keys (space-separated) a <trust-widget> element
 * may name. An element's own manifest, key, attesters or timeout outside it is refused.
 */
export function configure(options) {
  embed.configure(options);
}

/**
 * Mounts a widget into `element` (its shadow root) now, without waiting for it to
 * near the viewport, with exactly `options` (the app's own code: every option).
 * Resolves to a handle with `unmount()`, or null if the widget code could not load
 * (a `trust-widget:error` event says why).
 */
export function mount(element, options) {
  return embed.mount(element, options);
}
