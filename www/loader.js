// Trust Widget loader: a classic script merchants paste with `async`.
//
//   <div data-trust-widget data-view="reviews"></div>
//   <script async src=".../loader.js" data-manifest="/.well-known/trust-manifest.json"
//           data-key="ed25519:..." data-market="auto" data-locale="auto"></script>
//
// It reads its own data- attributes (a mount point's own data- attributes win),
// mounts into every [data-trust-widget] element (or right after the script when
// there is none), and loads the wasm only when a mount point nears the viewport.
// Assets resolve relative to this script's URL. One global: window.TrustWidget.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  // A User Timing mark: merchants' RUM tools (and `cargo xtask bench`) measure from here.
  if (window.performance && performance.mark) performance.mark("trust-widget:start");
  var base = script.src;
  // Replaced by `cargo xtask build` with the content-hashed file names.
  var GLUE = "__TW_GLUE__";
  var WASM = "__TW_WASM__";
  var OPTIONS = ["manifest", "key", "attesters", "view", "market", "locale", "product", "theme", "showExpired", "timeout"];

  // Shared by every loader script on the page: one wasm instance, one claim per element.
  var tw = window.TrustWidget || (window.TrustWidget = { claimed: new WeakSet() });

  function warn(el, code, message) {
    console.warn("[trust-widget] " + code + ": " + message);
    el.dispatchEvent(new CustomEvent("trust-widget:error", {
      bubbles: true, composed: true, detail: { code: code, message: message }
    }));
  }

  function wasm() {
    if (!tw.ready) {
      var glue = new URL(GLUE, base).href;
      var bin = new URL(WASM, base).href;
      tw.ready = import(glue).then(function (m) {
        return m.default({ module_or_path: bin }).then(function (exports) {
          tw.memory = exports.memory; // for measuring, e.g. `cargo xtask bench`
          return m;
        });
      });
    }
    return tw.ready;
  }

  function options(el) {
    var o = {};
    OPTIONS.forEach(function (name) {
      var v = el.dataset[name] || script.dataset[name];
      if (v) o[name] = v;
    });
    return o;
  }

  function mount(el) {
    wasm().then(function (m) {
      m.mount(el, options(el));
    }, function (e) {
      warn(el, "load-failed", (e && e.message) || String(e));
    });
  }

  function start() {
    var els = [].slice.call(document.querySelectorAll("[data-trust-widget]"));
    if (!els.length && !tw.claimed.has(script)) {
      var div = document.createElement("div");
      div.setAttribute("data-trust-widget", "");
      script.parentNode.insertBefore(div, script.nextSibling);
      tw.claimed.add(script);
      els = [div];
    }
    els = els.filter(function (el) {
      if (tw.claimed.has(el)) return false;
      tw.claimed.add(el);
      return true;
    });
    if (!("IntersectionObserver" in window)) return els.forEach(mount);
    var io = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          io.unobserve(entry.target);
          mount(entry.target);
        }
      });
    }, { rootMargin: "400px 0px" });
    els.forEach(function (el) { io.observe(el); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start, { once: true });
  } else {
    start();
  }
})();
