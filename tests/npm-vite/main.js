import { configure, mount } from "trust-widget";

const el = document.getElementById("programmatic");
// The app's configuration: what <trust-widget> elements may use (their own trust
// options must match it).
configure({ manifest: "/manifests/northwind-outdoor.json", key: el.dataset.key, attesters: "/attesters.json" });
mount(el, {
  manifest: "/manifests/northwind-outdoor.json",
  key: el.dataset.key,
  attesters: "/attesters.json",
  view: "returns",
  market: "DE",
  locale: "de",
});
