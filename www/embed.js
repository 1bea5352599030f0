// The embedding core shared by every way in: the script-tag loader (bundled into
// a classic script by `cargo xtask build`) and the npm package (ES module). It
// defines <trust-widget>, mounts lazily when an element nears the viewport, and
// keeps one wasm instance per page however many widgets there are.

/** Option names as properties; attributes are their kebab-case forms. */
export const OPTIONS = ["manifest", "key", "attesters", "view", "market", "locale", "product", "theme",
  "showExpired", "timeout"];
const attr = (name) => name.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());

/**
 * @param {() => Promise<{ mount: Function }>} load resolves the initialised glue
 *   module once; called at most once per page.
 */
export function createEmbed(load) {
  // Shared with any other copy of this code on the page (one global: TrustWidget).
  const tw = window.TrustWidget || (window.TrustWidget = {});
  tw.claimed = tw.claimed || new WeakSet();
  const ready = () => tw.ready || (tw.ready = load());

  function warn(el, code, message) {
    console.warn("[trust-widget] " + code + ": " + message);
    el.dispatchEvent(new CustomEvent("trust-widget:error", {
      bubbles: true, composed: true, detail: { code, message },
    }));
  }

  // The requests a widget makes (its manifest, the key set when no key is pinned,
  // the attester list) start with the widget, in parallel with loading the wasm,
  // and are handed to it (`preload`, src/fetch.rs), which checks them like its own
  // fetches: no waterfall. Once per URL per page, like the wasm's own fetches.
  const started = tw.started || (tw.started = new Set());
  function prefetch(o) {
    const early = [];
    try {
      const manifest = new URL(o.manifest, location.href);
      for (const url of [manifest.href, o.key ? "" : manifest.origin + "/.well-known/trust-keys.json",
        o.attesters ? new URL(o.attesters, location.href).href : ""]) {
        if (!url || started.has(url)) continue;
        started.add(url);
        const controller = new AbortController();
        const response = fetch(url, { credentials: "omit", signal: controller.signal });
        response.catch(() => {}); // the wasm reports failures, once
        early.push([url, response, controller]);
      }
    } catch (e) {} // no or a bad manifest URL: the wasm reports it
    return early;
  }

  /** Mounts now (the glue is loaded if needed); resolves to a handle or null. */
  function mount(el, options) {
    const early = options.manifest ? prefetch(options) : [];
    return ready().then((m) => {
      for (const [url, response, controller] of early) m.preload(url, response, controller);
      return m.mount(el, options);
    }, (e) => {
      warn(el, "load-failed", (e && e.message) || String(e));
      return null;
    });
  }

  // Themes hide empty elements (Shopify's Dawn: `div:empty { display: none }`). A
  // mount point is empty until the widget renders, and a shadow root is not a child,
  // so such a rule would hide it for good, and an element that is not displayed
  // never nears the viewport. An empty mount point therefore gets its shadow root now
  // (from then on nothing in its light DOM renders) and one inert child, so it no
  // longer matches :empty (until a failure removes it: then the page's rules hold
  // again). Mount points with content of their own are left alone.
  // Through the prototypes, like every other DOM call here (clobbering).
  const E = Element.prototype;
  function claim(el) {
    if (!E.matches.call(el, ":empty")) return;
    try {
      if (!Object.getOwnPropertyDescriptor(E, "shadowRoot").get.call(el)) E.attachShadow.call(el, { mode: "open" });
    } catch (e) {
      return; // cannot host a shadow root: mounting reports it
    }
    // Marked, so that a failed widget takes it away again (src/mount.rs, `settle`).
    const inert = document.createElement("span");
    E.setAttribute.call(inert, "data-tw-claim", "");
    E.append.call(el, inert);
  }

  // A mount point still not displayed after a grace period (hidden by a rule that is
  // not about emptiness, or by the page) would silently never start: say so, once.
  // Not a failure (it starts if it is shown later), so no error event.
  const GRACE_MS = 3000;
  const begun = new WeakSet();
  const connected = (el) => Object.getOwnPropertyDescriptor(Node.prototype, "isConnected").get.call(el);
  let pending = null;
  function checkShown(el) {
    if (!pending) {
      pending = [];
      setTimeout(() => {
        const batch = pending;
        pending = null;
        for (const el of batch) {
          if (!begun.has(el) && connected(el) && getComputedStyle(el).display === "none") {
            console.warn("[trust-widget] mount-hidden: a mount point is not displayed (display: none), so " +
              "its widget has not started; it starts when the element is shown");
          }
        }
      }, GRACE_MS);
    }
    pending.push(el);
  }

  // One observer for every widget: start when a mount point is within 400 px.
  let io = null;
  function whenNear(el, start) {
    claim(el);
    if (!("IntersectionObserver" in window)) return start();
    io = io || new IntersectionObserver((entries) => {
      for (const entry of entries) {
        if (entry.isIntersecting) {
          io.unobserve(entry.target);
          begun.add(entry.target);
          entry.target.__twStart();
        }
      }
    }, { rootMargin: "400px 0px" });
    el.__twStart = start;
    io.observe(el);
    checkShown(el);
  }
  const forget = (el) => io && io.unobserve(el);

  function defineElement(defaults) {
    if (!window.customElements || customElements.get("trust-widget")) return;
    class TrustWidgetElement extends HTMLElement {
      static get observedAttributes() { return OPTIONS.map(attr); }
      connectedCallback() {
        this.__twConnected = true;
        whenNear(this, () => this.__twMount());
      }
      disconnectedCallback() {
        this.__twConnected = false;
        forget(this);
        this.__twUnmount();
      }
      attributeChangedCallback() {
        // Several attributes often change together: remount once, after them all.
        if (!this.__twHandle || this.__twQueued) return;
        this.__twQueued = true;
        queueMicrotask(() => {
          this.__twQueued = false;
          this.__twUnmount();
          this.__twMount();
        });
      }
      __twOptions() {
        const o = { ...(defaults || {}) };
        for (const name of OPTIONS) {
          const v = this.getAttribute(attr(name));
          if (v !== null) o[name] = v;
        }
        return o;
      }
      __twMount() {
        const generation = (this.__twGeneration = (this.__twGeneration || 0) + 1);
        mount(this, this.__twOptions()).then((handle) => {
          // Removed or re-mounted while the glue was loading: drop this one.
          if (!handle) return;
          if (!this.__twConnected || generation !== this.__twGeneration) handle.unmount();
          else this.__twHandle = handle;
        });
      }
      __twUnmount() {
        this.__twGeneration = (this.__twGeneration || 0) + 1;
        if (this.__twHandle) {
          this.__twHandle.unmount();
          this.__twHandle.free();
          this.__twHandle = null;
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

  /** Mounts every unclaimed [data-trust-widget] element, lazily; `defaults` come
   *  from the loader's own data- attributes, the element's own win. */
  function mountDataElements(elements, defaults) {
    for (const el of elements) {
      if (tw.claimed.has(el)) continue;
      tw.claimed.add(el);
      whenNear(el, () => {
        const o = { ...defaults };
        for (const name of OPTIONS) if (el.dataset[name]) o[name] = el.dataset[name];
        mount(el, o);
      });
    }
  }

  return { mount, defineElement, mountDataElements, tw };
}
