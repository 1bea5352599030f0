import { mount } from "trust-widget";

const el = document.getElementById("programmatic");
mount(el, {
  manifest: "/manifests/northwind-outdoor.json",
  key: el.dataset.key,
  attesters: "/attesters.json",
  view: "returns",
  market: "DE",
  locale: "de",
});
