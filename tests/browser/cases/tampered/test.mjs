// A manifest changed after signing: no trust claims, exactly one console warning
// with the reason code, one error event, and the host page outside the mount intact.
import { recordEvents, events, settled, widgetTexts } from "../../helpers.mjs";

export default async function ({ page, url, messages, assert }) {
  await recordEvents(page);
  await page.goto(url("/tampered/"));
  const before = await page.evaluate(() => document.querySelector("main").outerHTML);
  await settled(page, 1);
  await page.waitForTimeout(300); // let any stray second warning show up
  const warnings = messages.filter((m) => m.text.startsWith("[trust-widget]"));
  assert.equal(warnings.length, 1, JSON.stringify(warnings));
  assert.match(warnings[0].text, /^\[trust-widget\] signature-invalid: /);
  assert.equal(warnings[0].type, "warning");
  const evs = await events(page);
  assert.deepEqual(evs.map((e) => [e.type, e.detail.code]), [["trust-widget:error", "signature-invalid"]]);
  const [text] = await widgetTexts(page);
  assert.equal(text.trim(), "", "no trust claims rendered");
  const after = await page.evaluate(() => document.querySelector("main").outerHTML);
  assert.equal(after, before, "the host page's DOM is unchanged (the shadow root is not part of it)");
}
