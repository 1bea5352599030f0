// The demo product page: both widgets verify and show the brand's verified data.
import { recordEvents, events, settled, widgetTexts, scrollThrough } from "../../helpers.mjs";

export default async function ({ page, url, messages, assert }) {
  await recordEvents(page);
  await page.goto(url("/"));
  await scrollThrough(page);
  await settled(page, 2);
  const evs = await events(page);
  assert.deepEqual(evs.map((e) => e.type), ["trust-widget:verified", "trust-widget:verified"]);
  assert.equal(evs[0].detail.issuer, "northwind-outdoor");
  assert.ok(evs[0].detail.sequence >= 1);
  const [summary, full] = await widgetTexts(page);
  assert.match(summary, /\d/, "the summary shows a rating and count");
  assert.match(full, /Northwind/, "the full view names the issuer");
  assert.match(full, /ReviewTrail/, "attested reviews name their collector");
  assert.deepEqual(messages.filter((m) => m.text.includes("[trust-widget]")), [], "no warnings on a good page");
}
