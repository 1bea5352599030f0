// The floor for `cargo xtask bench`: a plain script that fetches the same manifest
// and draws the same summary and review cards, verifying nothing. Our time divided
// by this one's is the price of verification plus Yew.
(function () {
  performance.mark("floor:start");
  var mount = document.querySelector("[data-floor]");
  fetch(mount.dataset.manifest).then(function (r) { return r.json(); }).then(function (env) {
    var bytes = Uint8Array.from(atob(env.payload), function (c) { return c.charCodeAt(0); });
    var m = JSON.parse(new TextDecoder().decode(bytes));
    var hist = [0, 0, 0, 0, 0], sum = 0;
    var reviews = (m.reviews || []).map(function (e) { return e.review; }).filter(Boolean);
    reviews.forEach(function (r) { hist[r.reviewRating.ratingValue - 1]++; sum += r.reviewRating.ratingValue; });
    var root = mount.attachShadow({ mode: "open" });
    var h = document.createElement("p");
    h.textContent = (sum / Math.max(1, reviews.length)).toFixed(1) + " · " + reviews.length + " reviews";
    root.appendChild(h);
    hist.forEach(function (n, i) {
      var meter = document.createElement("meter");
      meter.max = reviews.length; meter.value = n; meter.title = (i + 1) + " stars";
      root.appendChild(meter);
    });
    reviews.slice(0, 3).forEach(function (r) {
      var card = document.createElement("article");
      var t = document.createElement("h3"); t.textContent = r.name || "";
      var b = document.createElement("p"); b.textContent = r.reviewBody;
      var a = document.createElement("p"); a.textContent = r.author + " · " + new Intl.DateTimeFormat().format(new Date(r.datePublished));
      card.append(t, b, a); root.appendChild(card);
    });
    requestAnimationFrame(function () {
      document.dispatchEvent(new CustomEvent("floor:rendered", { detail: performance.now() - performance.getEntriesByName("floor:start")[0].startTime }));
    });
  });
})();
