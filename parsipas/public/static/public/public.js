/* Live statistics of the public page: a heartbeat every 20 s (a random id per tab, in
   sessionStorage: no cookie), and the figures refreshed every 5 s without reloading. */
(function () {
  "use strict";
  var box = document.getElementById("live-stats");
  if (!box || !window.fetch) { return; }
  var tab = sessionStorage.getItem("cchc-tab");
  if (!tab) {
    var bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    tab = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    sessionStorage.setItem("cchc-tab", tab);
  }
  var fmt = new Intl.NumberFormat("vi-VN");
  function show(data) {
    box.querySelectorAll("[data-stat]").forEach(function (dd) {
      var value = data[dd.dataset.stat];
      if (typeof value === "number") { dd.textContent = fmt.format(value); }
    });
    box.dataset.loaded = "1";
  }
  function beat() {
    fetch(box.dataset.beacon, { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ tab: tab }), credentials: "omit" })
      .then(function (r) { return r.json(); }).then(show).catch(function () {});
  }
  function poll() {
    if (document.hidden) { return; }
    fetch(box.dataset.url, { credentials: "omit" }).then(function (r) { return r.json(); }).then(show).catch(function () {});
  }
  beat();
  setInterval(beat, 20000);
  setInterval(poll, 5000);
})();
