// Privacy of images (issue 12, item 11). Review photos and evidence posters come
// from hosts the brand chose. This case serves them from a second origin on
// loopback: an https server started here, reached as
// https://photos.trust-widget.test:<port> (run.mjs maps that name to 127.0.0.1 and
// accepts the self-signed certificate; signed content may not name loopback hosts),
// another site than the shop, as a photo CDN would be. It sets its own cookies first, a SameSite=None one (what a tracker uses) and a
// default (Lax) one, and sends no CORS headers (most image hosts do not). The
// widget's requests for those images must carry no Referer (the host must not
// learn which shop and product page the shopper is on) and no cookies, and the
// images must still load from a host without CORS. Two controls show the server
// would see both: an <img> of the page's own (no referrerpolicy) sends the shop's
// origin as Referer, and a request from the image host's own page sends its cookies.
// Why no crossorigin="anonymous" (it drops cookies): a host without CORS headers
// then fails every image (measured in this Chromium; README, "Images").
import { createServer } from "node:https";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { demoKeys, fresh, guard, signer, stagedManifest, stageHtml, whenRendered, widgetPage } from "../../hardening.mjs";
import { recordEvents, events } from "../../helpers.mjs";

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 160 120"><rect width="160" height="120" fill="#9fb79a"/></svg>';

export default async function ({ page, context, url, assert, siteDir }) {
  const NAME = "photos.trust-widget.test";
  const dir = mkdtempSync(join(tmpdir(), "tw-image-host-"));
  execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"), "-days", "1", "-subj", `/CN=${NAME}`,
    "-addext", `subjectAltName=DNS:${NAME}`], { stdio: "ignore" });
  const tls = { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) };
  rmSync(dir, { recursive: true });
  const seen = [];
  const server = createServer(tls, (req, res) => {
    if (req.url === "/set-cookie") {
      res.writeHead(200, {
        "content-type": "text/html; charset=utf-8",
        "set-cookie": ["tw_tracker=1; Path=/; SameSite=None; Secure", "tw_lax=1; Path=/"],
      });
      res.end('<!doctype html><title>image host</title><link rel="icon" href="data:,">');
      return;
    }
    seen.push({ path: req.url, cookie: req.headers.cookie || null, referer: req.headers.referer || null });
    res.writeHead(200, { "content-type": "image/svg+xml", "cache-control": "no-store" });
    res.end(SVG);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const host = `https://${NAME}:${server.address().port}`;
  try {
    // The image host's own cookies, set when the shopper visited it.
    await page.goto(`${host}/set-cookie`);
    const jar = (await context.cookies(host)).map((c) => `${c.name} ${c.sameSite}`).sort();
    assert.deepEqual(jar, ["tw_lax Lax", "tw_tracker None"], "the image host's cookies are in the browser");
    await page.evaluate(() => fetch("/cookie-control.svg").then((r) => r.text()));
    assert.equal(seen.find((s) => s.path === "/cookie-control.svg").cookie, "tw_tracker=1; tw_lax=1",
      "control: a request from the image host's own page carries its cookies");

    // A manifest whose review photo and evidence poster live on that host.
    const manifest = stagedManifest(siteDir);
    const review = manifest.reviews.find((r) => r.review && r.review.photos && r.review.product === "tent-ridgeline-2");
    review.review.photos = [{ url: `${host}/photo.svg`, alt: "Tent on a granite slab" }];
    manifest.reviews = [review];
    delete manifest.review_pages;
    manifest.evidence = [{ ...manifest.evidence.find((e) => e.poster), poster: `${host}/poster.svg`, products: ["tent-ridgeline-2"] }];
    stageHtml(siteDir, "cases/image-privacy/manifest.json", signer(siteDir)(fresh(manifest)));
    const key = demoKeys(siteDir)["northwind-outdoor"];
    const path = stageHtml(siteDir, "cases/image-privacy/index.html", widgetPage({
      title: "Image privacy", head: '<link rel="icon" href="data:,">', mounts: [{ view: "full" }],
      after: `<img id="control" src="${host}/control.svg" alt="" width="16" height="16">`,
      loader: { manifest: "/cases/image-privacy/manifest.json", key, attesters: "/attesters.json", market: "US", locale: "en", product: "tent-ridgeline-2" },
    }));

    await guard(page);
    await recordEvents(page);
    await page.goto(url(path) + "?product=tent-ridgeline-2&shopper=jordan");
    await whenRendered(page, 1);
    assert.deepEqual((await events(page)).map((e) => e.type), ["trust-widget:verified"]);
    // Bring both images into view (they load lazily) and wait until they decoded.
    const loaded = await page.evaluate(async () => {
      const root = document.getElementById("w0").shadowRoot;
      const imgs = [...root.querySelectorAll("img.tw-photo, img.tw-poster-img")];
      for (const img of imgs) {
        img.scrollIntoView();
        await img.decode().catch(() => {});
      }
      return imgs.map((img) => ({ cls: img.className, width: img.naturalWidth, policy: img.referrerPolicy, cors: img.crossOrigin }));
    });
    assert.deepEqual(loaded.map((i) => i.cls).sort(), ["tw-photo", "tw-poster-img"], "both images are rendered");
    for (const img of loaded) {
      assert.ok(img.width > 0, `${img.cls} loaded from a host without CORS`);
      assert.equal(img.policy, "no-referrer", `${img.cls}: referrerpolicy`);
      assert.equal(img.cors, null, `${img.cls}: no crossorigin (it would break hosts without CORS)`);
    }

    const control = seen.find((s) => s.path === "/control.svg");
    assert.equal(control.referer, new URL(url("/")).origin + "/",
      "control: the page's own image tells the host which shop (the default policy sends the origin)");
    const requests = seen.filter((s) => s.path === "/photo.svg" || s.path === "/poster.svg");
    assert.deepEqual(requests.map((r) => r.path).sort(), ["/photo.svg", "/poster.svg"]);
    for (const r of requests) {
      assert.equal(r.referer, null, `${r.path}: no Referer`);
      assert.equal(r.cookie, null, `${r.path}: no cookies`);
    }
  } finally {
    server.close();
  }
}
