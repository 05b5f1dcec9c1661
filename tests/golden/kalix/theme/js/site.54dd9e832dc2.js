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
    experiments.src = self.getAttribute("data-experiments");  // its hashed name, from the page
    experiments.setAttribute("data-events", self.getAttribute("data-events"));
    experiments.setAttribute("data-site", self.getAttribute("data-site"));
    document.head.appendChild(experiments);
  }

  // "Top picks for you": order tagged content by the drivers the visitor ticks. The visitor asked for
  // this, so the choice is kept on the device (localStorage, never sent) until they clear it.
  var PICKS = "nb-picks";
  document.querySelectorAll("[data-top-picks]").forEach(function (form) {
    var list = form.parentElement.querySelector("[data-picks]");
    if (!list) return;
    var items = Array.prototype.slice.call(list.children);
    var boxes = form.querySelectorAll("input[type=checkbox]");
    var clear = form.querySelector("[data-picks-clear]");
    function chosen() {
      return Array.prototype.filter.call(boxes, function (i) { return i.checked; }).map(function (i) { return i.value; });
    }
    function reorder() {
      var wanted = chosen();
      var scored = items.map(function (item, index) {
        var tags = (item.getAttribute("data-drivers") || "").split(" ");
        var score = wanted.filter(function (d) { return tags.indexOf(d) !== -1; }).length;
        return { item: item, score: score, index: index };
      });
      scored.sort(function (a, b) { return b.score - a.score || a.index - b.index; });
      scored.forEach(function (entry) { list.appendChild(entry.item); });
      if (clear) clear.hidden = wanted.length === 0;
    }
    var kept = (stored("localStorage", PICKS) || "").split(" ");
    Array.prototype.forEach.call(boxes, function (box) { box.checked = kept.indexOf(box.value) !== -1; });
    reorder();
    form.addEventListener("change", function () {
      var wanted = chosen();
      try {
        if (wanted.length) localStorage.setItem(PICKS, wanted.join(" "));
        else localStorage.removeItem(PICKS);
      } catch (e) {}
      reorder();
    });
    if (clear) clear.addEventListener("click", function () {
      try { localStorage.removeItem(PICKS); } catch (e) {}
      Array.prototype.forEach.call(boxes, function (box) { box.checked = false; });
      reorder();
      boxes[0].focus();  // the button disappears: focus goes where the choice is made again
    });
  });
})();
