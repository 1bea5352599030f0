// npm entry: `import "trust-widget"` registers <trust-widget>; `mount(element,
// options)` mounts programmatically. The glue and the wasm load on first use,
// resolved relative to this module so bundlers (Vite, webpack, Rollup) emit them.
import { createEmbed } from "./embed.js";

const embed = createEmbed(() =>
  import("./trust-widget.js").then((glue) =>
    glue.default({ module_or_path: new URL("./trust-widget_bg.wasm", import.meta.url) }).then((exports) => {
      embed.tw.memory = exports.memory;
      return glue;
    })));

embed.defineElement();

/**
 * Mounts a widget into `element` (its shadow root) now, without waiting for it to
 * near the viewport. Resolves to a handle with `unmount()`, or null if the widget
 * code could not load (a `trust-widget:error` event says why).
 */
export function mount(element, options) {
  return embed.mount(element, options);
}
