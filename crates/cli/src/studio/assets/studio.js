// The studio page's script. Every change goes to the studio as one POST (in
// order: a queue), and the answer (lint findings, readiness, the preview's
// revision) is shown where it belongs: a finding under the element whose
// data-pointer is the longest one containing the finding's pointer. Text only
// (textContent): nothing the manifest holds becomes markup. URLs are relative to
// the page, which is under the studio's secret path.
const strings = JSON.parse(document.getElementById("strings").textContent);
const t = (key, values = {}) =>
  Object.entries(values).reduce((s, [name, v]) => s.replaceAll(`{${name}}`, String(v)), strings[key] ?? key);
const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];
const status = $("#status");
const say = (text) => { status.textContent = text; };

// Requests run one after another, so a later edit never lands before an earlier one.
let queue = Promise.resolve();
function post(path, body, type = "application/json") {
  const run = async () => {
    const res = await fetch(path, { method: "POST", headers: { "Content-Type": type }, body: type === "application/json" ? JSON.stringify(body) : body });
    const state = await res.json();
    if (!res.ok) throw new Error(state.error || res.statusText);
    show(state);
    return state;
  };
  const p = queue.then(run);
  queue = p.catch(() => {});
  // A refusal is shown, and the caller gets null.
  return p.catch((e) => { say(t("refused", { message: e.message })); return null; });
}

// ---- fields -------------------------------------------------------------
const timers = new Map();
function send(el) {
  clearTimeout(timers.get(el));
  timers.delete(el);
  const value = el.type === "checkbox" ? (el.checked ? "true" : "") : el.value;
  return post("api/set", { pointer: el.name, value });
}
for (const el of $$("[name^='/']")) {
  const immediate = el.localName === "select" || el.type === "checkbox" || el.type === "date";
  el.addEventListener(immediate ? "change" : "input", () => {
    clearTimeout(timers.get(el));
    timers.set(el, setTimeout(() => send(el), immediate ? 0 : 300));
  });
  // Leaving a field sends what is pending at once.
  el.addEventListener("blur", () => timers.has(el) && send(el));
}
const flush = () => Promise.all([...timers.keys()].map(send)).then(() => queue);

// Adding or removing an item changes the form's shape: the page is drawn anew,
// with focus on the new item's first field or on the list's add button.
for (const b of $$("[data-add]")) {
  b.addEventListener("click", async () => {
    await flush();
    if (!await post("api/add", { list: b.dataset.add })) return;
    sessionStorage.setItem("studio-focus", JSON.stringify({ list: b.dataset.add }));
    location.reload();
  });
}
for (const b of $$("[data-remove]")) {
  b.addEventListener("click", async () => {
    await flush();
    const list = b.dataset.remove.replace(/\/\d+$/, "");
    if (!await post("api/remove", { pointer: b.dataset.remove })) return;
    sessionStorage.setItem("studio-focus", JSON.stringify({ list, removed: true }));
    location.reload();
  });
}
const focus = JSON.parse(sessionStorage.getItem("studio-focus") || "null");
sessionStorage.removeItem("studio-focus");
if (focus) {
  const items = $$(`fieldset.item[data-pointer^="${CSS.escape(focus.list)}/"]`)
    .filter((f) => /^\/\d+$/.test(f.dataset.pointer.slice(focus.list.length)));
  const target = focus.removed || !items.length ? $(`[data-add="${CSS.escape(focus.list)}"]`) : $("input, select, textarea", items[items.length - 1]);
  target?.focus();
}

// A document's hash, computed by the studio from the file's bytes.
for (const input of $$("input[data-hash-for]")) {
  input.addEventListener("change", async () => {
    const file = input.files[0];
    if (!file) return;
    const state = await post(`api/hash?pointer=${encodeURIComponent(input.dataset.hashFor)}`, await file.arrayBuffer(), "application/octet-stream");
    if (!state) return;
    $(`[name="${CSS.escape(input.dataset.hashFor)}"]`).value = state.hash;
    say(t("hash_done", { file: file.name }));
  });
}

$("#save").addEventListener("click", async () => {
  await flush();
  const state = await post("api/save", {});
  if (state) say(t("saved", { file: state.saved }));
});
$("#sign").addEventListener("click", async () => {
  await flush();
  const state = await post("api/sign", {});
  if (state) say(t("signed", state.signed));
});
$("#studio-lang").addEventListener("change", async (e) => {
  await flush();
  location.search = `?lang=${encodeURIComponent(e.target.value)}`;
});

// ---- what the studio says about the draft ---------------------------------
function place(finding, n) {
  const fp = finding.place;
  let best = null;
  for (const el of $$("[data-pointer]")) {
    const p = el.dataset.pointer;
    if ((p === fp || fp.startsWith(p + "/") || p === "") && (!best || p.length > best.dataset.pointer.length)) best = el;
  }
  const note = document.createElement("p");
  note.className = `finding ${finding.severity}`;
  note.id = `finding-${n}`;
  note.textContent = `${t(`severity_${finding.severity}`)}: ${finding.message}`;
  const control = best?.classList.contains("field") ? $("[name]", best) : null;
  if (control) {
    best.append(note);
    control.setAttribute("aria-describedby", [control.getAttribute("aria-describedby"), note.id].filter(Boolean).join(" "));
    if (finding.severity === "error") control.setAttribute("aria-invalid", "true");
  } else {
    const heading = best && $(":scope > legend, :scope > h2, :scope > h3", best);
    heading ? heading.after(note) : (best || $(".elsewhere")).append(note);
  }
}

let answers = 0;
function show(state) {
  // How many answers the page has drawn (page tests wait on it).
  document.body.dataset.answers = ++answers;
  $("#dirty").hidden = !state.dirty;
  for (const el of $$(".finding")) el.remove();
  for (const el of $$("[aria-invalid]")) el.removeAttribute("aria-invalid");
  for (const el of $$("[name][aria-describedby]")) {
    const kept = el.getAttribute("aria-describedby").split(" ").filter((id) => !id.startsWith("finding-"));
    kept.length ? el.setAttribute("aria-describedby", kept.join(" ")) : el.removeAttribute("aria-describedby");
  }
  state.findings.forEach(place);
  $("#problem-count").textContent = state.errors || state.warnings
    ? t("problem_count", { errors: state.errors, warnings: state.warnings }) : t("no_problems");

  for (const ul of $$("ul.readiness")) ul.replaceChildren();
  const scores = $("#scores");
  if (!state.readiness) {
    scores.textContent = t("readiness_unavailable");
  } else {
    const ul = document.createElement("ul");
    for (const s of state.readiness.scores) {
      const li = document.createElement("li");
      li.textContent = t("readiness_score", s);
      ul.append(li);
    }
    scores.replaceChildren(ul);
    for (const f of state.readiness.findings) {
      const li = document.createElement("li");
      li.textContent = `${f.market}: ${f.message}`;
      $(`ul.readiness[data-section="${f.section}"]`)?.append(li);
    }
  }
  preview(state.preview);
}

// ---- the preview -----------------------------------------------------------
// The frame loads once; after that each revision and each choice changes the
// <trust-widget>'s attributes, which remounts it (its old load is cancelled and
// its request aborted), so the wasm loads once and nothing is torn down mid-load.
const frame = $("#preview-frame");
const choices = $$("[data-preview]");
const saved = JSON.parse(sessionStorage.getItem("studio-preview") || "{}");
// A market is any two-letter code; a choice not (or no longer) offered is not restored.
const valid = (c, v) => (c.options ? [...c.options].some((o) => o.value === v) : /^[A-Za-z]{2}$/.test(v));
for (const c of choices) {
  if (saved[c.dataset.preview] && valid(c, saved[c.dataset.preview])) c.value = saved[c.dataset.preview];
  c.addEventListener("change", () => valid(c, c.value) && preview(latest));
}
let latest = null;
let loaded = false;
frame?.addEventListener("load", () => { loaded = true; preview(latest); });
function preview(rev) {
  latest = rev;
  if (!frame || rev === null) return;
  const q = Object.fromEntries(choices.filter((c) => valid(c, c.value)).map((c) => [c.dataset.preview, c.value]));
  if (q.market) q.market = q.market.toUpperCase();
  sessionStorage.setItem("studio-preview", JSON.stringify(q));
  if (!frame.getAttribute("src")) {
    frame.src = `preview/?${new URLSearchParams({ ...q, rev })}`;
    return;
  }
  if (!loaded) return; // applied on load
  const doc = frame.contentDocument;
  const widget = doc.getElementById("widget");
  const want = { ...q, manifest: `manifest.json?rev=${rev}` };
  if (Object.entries(want).every(([k, v]) => (widget.getAttribute(k) || "") === v)) return;
  doc.body.dataset.outcome = "";
  doc.getElementById("outcome").textContent = "";
  doc.documentElement.lang = q.locale || "en";
  doc.body.classList.toggle("dark", q.theme === "dark");
  for (const [k, v] of Object.entries(want)) v ? widget.setAttribute(k, v) : widget.removeAttribute(k);
}

fetch("api/state").then((r) => r.json()).then(show);
