// The embedding core shared by every way in: the script-tag loader (bundled into
// a classic script by `cargo xtask build`) and the npm package (ES module). It
// defines <trust-widget>, mounts lazily when an element nears the viewport, and
// keeps one wasm instance per page however many widgets there are.
//
// Two rules shape it (ARCHITECTURE.md, "Embed provenance" and "DOM clobbering"):
// - Page content the merchant did not write (reviews rendered as HTML, sanitisers
//   that keep data- attributes and custom elements) can place mount points and
//   elements. Those may set presentation options; the trust anchors (ANCHORS) come
//   from the merchant's own configuration only, and a mount point or element may
//   name only the manifests and keys that configuration lists.
// - Page content can shadow `document`'s members (<img name="querySelectorAll">:
//   Document is [LegacyOverrideBuiltIns]), a form's members, and any window name
//   that is not set (<a id="TrustWidget">). Globals are read through the
//   prototypes' own functions, and the one global is an own property of window.

/** Option names as properties; attributes are their kebab-case forms. */
export const OPTIONS = ["manifest", "key", "attesters", "view", "market", "locale", "product", "theme",
  "showExpired", "timeout"];
/** The options only the merchant's configuration sets: the script tag's data-
 *  attributes, `configure()` and `mount()` of the npm package. */
export const ANCHORS = ["manifest", "key", "attesters", "timeout"];
const attr = (name) => name.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());

// Document's own members, immune to named elements shadowing them on `document`.
const D = Document.prototype;
export const docGet = (name) => Object.getOwnPropertyDescriptor(D, name).get.call(document);
export const docCall = (name, ...args) => D[name].apply(document, args);

/** `url` resolved against the page when it is http(s), else null (data:, blob:,
 *  javascript:, unparseable...): the widget fetches nothing else. */
const httpUrl = (url) => {
  try {
    const u = new URL(url, location.href);
    return /^https?:$/.test(u.protocol) ? u : null;
  } catch (e) {
    return null;
  }
};
const originOf = (url) => (url = httpUrl(url)) && url.origin;

/** The page's one global, window.TrustWidget, shared with any other copy of this
 *  code on the page. Only an own property of window counts: a named element
 *  (<form name="TrustWidget"><input name="ready">) is never taken for it. */
function registry() {
  if (Object.hasOwn(window, "TrustWidget") && window.TrustWidget.claimed instanceof WeakSet) return window.TrustWidget;
  // An assignment makes an own property even over a named element (the named
  // properties object is further down the prototype chain and has no setter).
  return (window.TrustWidget = { claimed: new WeakSet(), started: new Set() });
}

/**
 * @param {() => Promise<{ mount: Function }>} load resolves the initialised glue
 *   module once; called at most once per page.
 */
export function createEmbed(load) {
  const tw = registry();
  const ready = () => tw.ready || (tw.ready = load());
  // The merchant's configuration: defaults for every widget, and `allow`, the
  // further manifests and keys a mount point or element may name.
  let config = {};

  function warn(el, code, message) {
    // Fail closed: static content the page came with (a declarative shadow root,
    // `trustctl render`) goes too, as the wasm does on its failures.
    const root = el.shadowRoot;
    if (root instanceof ShadowRoot) root.replaceChildren();
    console.warn("[trust-widget] " + code + ": " + message);
    EventTarget.prototype.dispatchEvent.call(el, new CustomEvent("trust-widget:error", {
      bubbles: true, composed: true, detail: { code, message },
    }));
  }

  // The requests a widget makes (its manifest, the key set when no key is pinned,
  // the attester list) start with the widget, in parallel with loading the wasm,
  // and are handed to it (`preload`, src/fetch.rs), which checks them like its own
  // fetches: no waterfall. Once per URL per page, like the wasm's own fetches.
  const started = tw.started || (tw.started = new Set()); // an older copy may not have it
  function prefetch(o) {
    const early = [];
    const manifest = new URL(o.manifest, location.href);
    for (const url of [manifest.href, o.key ? "" : manifest.origin + "/.well-known/trust-keys.json",
      o.attesters ? httpUrl(o.attesters).href : ""]) {
      if (!url || started.has(url)) continue;
      started.add(url);
      const controller = new AbortController();
      const response = fetch(url, { credentials: "omit", signal: controller.signal });
      response.catch(() => {}); // the wasm reports failures, once
      early.push([url, response, controller]);
    }
    return early;
  }

  /** Mounts now (the glue is loaded if needed); resolves to a handle or null. */
  function mount(el, options, stale) {
    // Manifests and trust lists only over http(s): refused here, before anything
    // loads, and again in the wasm (src/options.rs, src/fetch.rs).
    if ([options.manifest, options.attesters].some((u) => u && !httpUrl(u))) {
      warn(el, "config", "not an http(s) URL");
      return Promise.resolve(null);
    }
    const early = options.manifest ? prefetch(options) : [];
    return ready().then((m) => {
      // Replaced while the glue was loading (`stale()`, the element's): mount
      // nothing, and abort the requests it started (a later mount fetches again).
      if (stale?.()) {
        for (const [url, , controller] of early) {
          controller.abort();
          started.delete(url);
        }
        return null;
      }
      for (const [url, response, controller] of early) m.preload(url, response, controller);
      return m.mount(el, options);
    }, (e) => {
      warn(el, "load-failed", String(e));
      return null;
    });
  }

  /** The options of a mount point or element: the configuration's, then its own
   *  (`own(name)`, null when unset). Its own trust anchors must stay within what the
   *  configuration names: a key it names (`key`, `allow`), a manifest on the origin
   *  of a manifest it names (the same key set, and no request to anyone else), the
   *  same attester list and timeout. Otherwise the widget is refused (`config`) and
   *  shows nothing. */
  function optionsFor(el, own) {
    const o = {};
    for (const name of OPTIONS) if (config[name] != null) o[name] = String(config[name]);
    const allow = String(config.allow || "").split(/\s+/);
    const origins = [o.manifest, ...allow].map(originOf);
    for (const name of OPTIONS) {
      const v = own(name);
      if (v == null) continue;
      if (!(v === o[name] || !ANCHORS.includes(name) || (name === "key" && allow.includes(v)) ||
        (name === "manifest" && originOf(v) && origins.includes(originOf(v))))) {
        warn(el, "config", attr(name) + " is not from the page's configuration (data-allow)");
        return null;
      }
      o[name] = v;
    }
    return o;
  }

  // Themes hide empty elements (Shopify's Dawn: `div:empty { display: none }`). A
  // mount point is empty until the widget renders, and a shadow root is not a child,
  // so such a rule would hide it for good, and an element that is not displayed
  // never nears the viewport. A mount point that is empty and not displayed gets one
  // inert child and its shadow root now (from then on nothing in its light DOM
  // renders): if another rule hides it too, it shows once that one lets go. A
  // failure takes the child away again (src/mount.rs, `settle`). Mount points that
  // are displayed, have content, or carry `hidden` are left alone.
  // Through the prototypes, like every other DOM call here (clobbering).
  const E = Element.prototype;
  // Displayed, or `hidden` on purpose: either way not for claim or warning to touch.
  const shown = (el) => getComputedStyle(el).display !== "none" || E.hasAttribute.call(el, "hidden");
  function claim(el) {
    if (shown(el) || !E.matches.call(el, ":empty")) return;
    const inert = docCall("createElement", "span");
    E.setAttribute.call(inert, "data-tw-claim", "");
    E.append.call(el, inert);
    try {
      if (!Object.getOwnPropertyDescriptor(E, "shadowRoot").get.call(el)) E.attachShadow.call(el, { mode: "open" });
    } catch (e) {
      inert.remove(); // cannot host a shadow root: mounting reports it
    }
  }

  // A mount point still not displayed after a grace period (hidden by a rule that is
  // not about emptiness, or by the page) would silently never start: say so, once.
  // Not a failure (it starts if it is shown later), so no error event; and not for
  // one that carries `hidden`, which says the page means it.
  const GRACE_MS = 3000;
  let pending = null;
  function checkShown(el) {
    if (!pending) {
      pending = [];
      setTimeout(() => {
        const batch = pending;
        pending = null;
        for (const el of batch) {
          // Still in `starts`: not started (the observer takes it out when it does).
          if (starts.has(el) && docCall("contains", el) && !shown(el)) {
            console.warn("[trust-widget] mount-hidden: a mount point is display: none (starts when shown)");
          }
        }
      }, GRACE_MS);
    }
    pending.push(el);
  }

  // One observer for every widget: start when a mount point is within 400 px.
  // Start functions live in a WeakMap, not on the element: a <form> mount point's
  // controls would shadow an expando.
  let io = null;
  const starts = new WeakMap();
  function whenNear(el, start) {
    claim(el);
    if (!("IntersectionObserver" in window)) return start();
    io = io || new IntersectionObserver((entries) => {
      for (const entry of entries) {
        if (entry.isIntersecting) {
          io.unobserve(entry.target);
          const start = starts.get(entry.target);
          starts.delete(entry.target);
          start();
        }
      }
    }, { rootMargin: "400px 0px" });
    starts.set(el, start);
    io.observe(el);
    checkShown(el);
  }
  const forget = (el) => io && io.unobserve(el);

  function defineElement() {
    if (!window.customElements || customElements.get("trust-widget")) return;
    class TrustWidgetElement extends HTMLElement {
      #connected = false;
      #queued = false;
      #generation = 0;
      #handle = null;
      #pending = false; // a mount whose handle has not arrived yet
      static get observedAttributes() { return OPTIONS.map(attr); }
      connectedCallback() {
        this.#connected = true;
        whenNear(this, () => this.#mount());
      }
      disconnectedCallback() {
        this.#connected = false;
        forget(this);
        this.#unmount();
      }
      attributeChangedCallback() {
        // Several attributes often change together: remount once, after them all.
        // Also while the first mount is still on its way (the glue loading): the
        // final attributes are the ones that count.
        if ((!this.#handle && !this.#pending) || this.#queued) return;
        this.#queued = true;
        queueMicrotask(() => {
          this.#queued = false;
          this.#unmount();
          this.#mount();
        });
      }
      #mount() {
        const generation = (this.#generation = this.#generation + 1);
        const o = optionsFor(this, (name) => this.getAttribute(attr(name)));
        if (!o) return;
        this.#pending = true;
        mount(this, o, () => !this.#connected || generation !== this.#generation).then((handle) => {
          if (generation === this.#generation) this.#pending = false;
          // Removed or re-mounted while the glue was loading: drop this one.
          if (!handle) return;
          if (!this.#connected || generation !== this.#generation) {
            handle.unmount();
            handle.free();
          } else this.#handle = handle;
        });
      }
      #unmount() {
        this.#generation = this.#generation + 1;
        this.#pending = false;
        if (this.#handle) {
          this.#handle.unmount();
          this.#handle.free();
          this.#handle = null;
        }
      }
    }
    // Every option is also a property reflecting its attribute.
    for (const name of OPTIONS) {
      Object.defineProperty(TrustWidgetElement.prototype, name, {
        get() { return this.getAttribute(attr(name)); },
        set(v) { if (v == null) this.removeAttribute(attr(name)); else this.setAttribute(attr(name), String(v)); },
      });
    }
    customElements.define("trust-widget", TrustWidgetElement);
  }

  /** Mounts every unclaimed [data-trust-widget] element, lazily, with the
   *  configuration's options and the element's own data- attributes. */
  function mountDataElements(elements) {
    for (const el of elements) {
      if (tw.claimed.has(el)) continue;
      tw.claimed.add(el);
      whenNear(el, () => {
        const o = optionsFor(el, (name) => Element.prototype.getAttribute.call(el, "data-" + attr(name)) || null);
        if (o) mount(el, o);
      });
    }
  }

  /** Sets the merchant's configuration: `{manifest, key, attesters, timeout, allow,
   *  ...defaults}`; `allow` lists (space-separated) the further manifest URLs and
   *  keys that mount points and elements may name. */
  const configure = (c) => { config = { ...c }; };

  return { mount, defineElement, mountDataElements, configure, tw };
}
