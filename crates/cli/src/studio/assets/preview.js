// The preview frame's script: says what the widget did with the draft (verified,
// or the reason code shoppers' browsers would log), in the studio's language,
// and leaves it on <body data-outcome> for the page tests.
const strings = JSON.parse(parent.document.getElementById("strings")?.textContent || "{}");
const t = (key, values = {}) =>
  Object.entries(values).reduce((s, [name, v]) => s.replaceAll(`{${name}}`, String(v)), strings[key] ?? key);
const outcome = document.getElementById("outcome");
document.getElementById("title").textContent = t("preview_frame");
document.addEventListener("trust-widget:verified", () => {
  outcome.textContent = t("preview_verified");
  document.body.dataset.outcome = "verified";
}, true);
document.addEventListener("trust-widget:error", (e) => {
  const code = (e.detail && e.detail.code) || "error";
  outcome.textContent = t("preview_failed", { code });
  document.body.dataset.outcome = `error:${code}`;
}, true);
