/** Options of a widget; as attributes on <trust-widget> they are kebab-case. */
export interface TrustWidgetOptions {
  /** URL of the signed manifest (DSSE envelope). */
  manifest: string;
  /** Pinned brand key `ed25519:…`; without it the key set at /.well-known/trust-keys.json is used. */
  key?: string;
  /** URL of the attester trust list (attesters.json). */
  attesters?: string;
  view?: "summary" | "certifications" | "reviews" | "returns" | "full";
  /** ISO 3166-1 alpha-2 market, or "auto". */
  market?: string;
  /** BCP 47 language, or "auto". */
  locale?: string;
  /** Product id, SKU or handle. */
  product?: string;
  theme?: "auto" | "light" | "dark";
  /** "true" shows expired certificates, marked expired. */
  showExpired?: "true" | "false";
  /** Fetch time limit in milliseconds. */
  timeout?: string;
}

/** The page's configuration: trust options, defaults for every element, and what elements may name. */
export interface TrustWidgetConfig extends Partial<TrustWidgetOptions> {
  /** Further manifest URLs and keys (`ed25519:…`), space-separated, a <trust-widget> element may name. */
  allow?: string;
}

/**
 * Sets the page's configuration. A <trust-widget> element's own `key` must be the
 * configured one or listed in `allow`, its `manifest` on the origin of the configured
 * one or of one listed in `allow`, its `attesters` and `timeout` the configured ones;
 * otherwise the element shows nothing (`config`).
 */
export function configure(config: TrustWidgetConfig): void;

/** A mounted widget. */
export interface Mounted {
  /** Removes the widget's content from its shadow root. */
  unmount(): void;
  /** Releases the handle (after unmount). */
  free(): void;
}

/** Mounts a widget into `element` now. Resolves to null when the widget code could not load. */
export function mount(element: HTMLElement, options: TrustWidgetOptions): Promise<Mounted | null>;

export interface TrustWidgetVerifiedDetail {
  issuer: string;
  name: string;
  sequence: number;
  expires: string;
  keyId: string;
}

export interface TrustWidgetErrorDetail {
  /** Stable reason code, e.g. "signature-invalid" (see the README). */
  code: string;
  message: string;
}

export interface TrustWidgetElement extends HTMLElement {
  manifest: string | null;
  key: string | null;
  attesters: string | null;
  view: string | null;
  market: string | null;
  locale: string | null;
  product: string | null;
  theme: string | null;
  showExpired: string | null;
  timeout: string | null;
}

declare global {
  interface HTMLElementTagNameMap {
    "trust-widget": TrustWidgetElement;
  }
  interface HTMLElementEventMap {
    "trust-widget:verified": CustomEvent<TrustWidgetVerifiedDetail>;
    "trust-widget:error": CustomEvent<TrustWidgetErrorDetail>;
  }
}
