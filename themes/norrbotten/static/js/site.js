// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Experiments and usability sessions: experiments.js is fetched only where it has work to do
  // (a page with variants, a session's tab, a visitor taking part), so other visitors never load it.
  var self = document.currentScript;
  function stored(store, key) {
    try { return window[store].getItem(key); } catch (e) { return null; }
  }
  if (self && (document.documentElement.hasAttribute("data-ab") || /nb-(session|preview)=/.test(location.hash) ||
      stored("sessionStorage", "nb-session") || stored("localStorage", "nb-ab"))) {
    var experiments = document.createElement("script");
    experiments.src = "/theme/js/experiments.js";
    experiments.setAttribute("data-events", self.getAttribute("data-events"));
    experiments.setAttribute("data-site", self.getAttribute("data-site"));
    document.head.appendChild(experiments);
  }

  // "Top picks for you": order tagged content by the drivers the visitor ticks.
  // The choice lives in the page only: nothing is stored or sent.
  document.querySelectorAll("[data-top-picks]").forEach(function (form) {
    var list = form.parentElement.querySelector("[data-picks]");
    if (!list) return;
    var items = Array.prototype.slice.call(list.children);
    function reorder() {
      var chosen = Array.prototype.map.call(form.querySelectorAll("input:checked"), function (i) { return i.value; });
      var scored = items.map(function (item, index) {
        var tags = (item.getAttribute("data-drivers") || "").split(" ");
        var score = chosen.filter(function (d) { return tags.indexOf(d) !== -1; }).length;
        return { item: item, score: score, index: index };
      });
      scored.sort(function (a, b) { return b.score - a.score || a.index - b.index; });
      scored.forEach(function (entry) { list.appendChild(entry.item); });
    }
    form.addEventListener("change", reorder);
  });
})();
