// Mount points a page hides (issue 12, item 13). An empty mount point is no longer
// :empty once the loader claims it, so a theme's `div:empty { display: none }`
// (copied here from Dawn) does not hide it; a mount point the page hides itself is
// reported after a grace period with exactly one `[trust-widget] mount-hidden`
// warning (and no error event: nothing failed, it starts once shown); one shown by
// the page's script within the grace period starts then, with no warning.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { recordEvents, events } from "../../helpers.mjs";

export default async function ({ page, fixture, siteDir, messages, assert }) {
  writeFileSync(join(siteDir, "cases/mount-hidden/page.css"),
    "div:empty { display: none; }\n.panel { display: none; }\n.later:not(.shown) { display: none; }\n");
  writeFileSync(join(siteDir, "cases/mount-hidden/page.js"),
    "setTimeout(() => document.getElementById('later').classList.add('shown'), 500);\n");
  await recordEvents(page);
  await page.goto(fixture);
  const hidden = () => messages.filter((m) => m.text.startsWith("[trust-widget] mount-hidden"));
  await page.waitForFunction(() => (window.__tw || []).length >= 2, null, { timeout: 15000 });
  for (let i = 0; i < 200 && !hidden().length; i++) await page.waitForTimeout(50);
  await page.waitForTimeout(300); // room for a second warning
  assert.equal(hidden().length, 1, `one mount-hidden warning: ${JSON.stringify(messages)}`);
  assert.equal(hidden()[0].type, "warning");
  assert.deepEqual(messages.filter((m) => m.text.startsWith("[trust-widget]") && !m.text.includes("mount-hidden")), []);
  const state = await page.evaluate(() => Object.fromEntries(["hidden", "later", "empty"].map((id) => {
    const el = document.getElementById(id);
    return [id, { display: getComputedStyle(el).display, text: (el.shadowRoot && el.shadowRoot.textContent) || "" }];
  })));
  assert.equal(state.hidden.display, "none", "the page's own hiding stands");
  assert.equal(state.hidden.text, "", "a hidden mount point has not started");
  for (const id of ["later", "empty"]) {
    assert.equal(state[id].display, "block", `${id} is displayed`);
    assert.match(state[id].text, /reviews/i, `${id} rendered`);
  }
  assert.deepEqual((await events(page)).map((e) => e.type), ["trust-widget:verified", "trust-widget:verified"]);
}
